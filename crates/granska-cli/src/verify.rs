//! `granska verify SUMMARY --pack P [inputs…]`: whether a saved summary was made with this
//! pack (id, version, content hash; on a mismatch, what differs), and, given the inputs it
//! was computed from, whether re-computing it gives every figure the same (those that differ
//! are listed). Exit code 0 only when everything matches, 1 when something differs, 2 on bad
//! input.

use std::path::PathBuf;

use granska::{Lang, Pack};
use granska_summary::compare::summary_differences;
use granska_summary::{Accumulator, Summary};

use crate::output::{Style, stdout_color, t, write_out};
use crate::{EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, load_pack, summarize};

pub struct Args {
    /// The saved summary.
    pub summary: PathBuf,
    /// The pack, roster, previous summary, mapping and inputs, as `summarize` takes them.
    pub summarize: summarize::Args,
}

/// Whether the saved summary's pack is `pack`; the lines that say so, or what differs.
fn check_pack(saved: &Summary, pack: &Pack, lang: Lang, style: Style, out: &mut String) -> bool {
    use std::fmt::Write as _;
    let current = Accumulator::new(pack).finish();
    let (ok, line) = match current.pack.mismatch(&saved.pack) {
        Some(why) => (false, format!("{} {}", t(lang, "regelpaketet stämmer inte:", "the pack does not match:"), why.get(lang))),
        None if saved.pack.content_hash.is_none() => (
            true,
            format!(
                "{} {} ({})",
                t(lang, "regelpaketets id och version stämmer:", "the pack's id and version match:"),
                current.pack.label(),
                t(lang, "sammanställningen saknar kontrollsumma; innehållet kan inte jämföras", "the summary names no content hash; the content cannot be compared")
            ),
        ),
        None => (true, format!("{} {}", t(lang, "regelpaketet stämmer:", "the pack matches:"), current.pack.label())),
    };
    let mark = if ok { style.green("✓") } else { style.red("✗") };
    let _ = writeln!(out, "{mark} {line}");
    if !ok {
        let changes = current.pack_changes(saved);
        if changes.is_empty() {
            let _ = writeln!(
                out,
                "  {}",
                t(
                    lang,
                    "inga parametrar, krav eller indikatorer som sammanställningen visar skiljer sig; granska diff jämför regelpaketen i detalj",
                    "no parameter, requirement or indicator the summary shows differs; granska diff compares the packs in detail"
                )
            );
        } else {
            let _ = writeln!(out, "  {}:", t(lang, "det som skiljer sig (sparat → detta regelpaket)", "what differs (saved → this pack)"));
            for line in granska::changes_text(&changes, lang).lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    ok
}

pub fn run(args: Args, lang: Lang) -> u8 {
    let saved = match summarize::read_summary(&args.summary, lang) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let pack = match load_pack(&args.summarize.pack, lang) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let style = Style::new(stdout_color());
    let mut out = String::new();
    let mut ok = check_pack(&saved, &pack, lang, style, &mut out);
    if !args.summarize.inputs.is_empty() {
        let (recomputed, _, bad) = match summarize::build(&args.summarize, &pack, lang) {
            Ok(b) => b,
            Err(c) => return c,
        };
        if bad {
            crate::errln!(
                "{}",
                t(lang, "granska: indata har fel (se ovan); siffrorna jämförs ändå", "granska: the inputs have errors (see above); the figures are compared all the same")
            );
        }
        let differences = summary_differences(&saved, &recomputed, &["pack"]);
        if differences.is_empty() {
            out.push_str(&format!(
                "{} {}\n",
                style.green("✓"),
                t(lang, "varje siffra är densamma när sammanställningen görs om", "every figure is the same when the summary is computed again")
            ));
        } else {
            ok = false;
            out.push_str(&format!(
                "{} {} ({}):\n",
                style.red("✗"),
                t(lang, "siffror som skiljer sig (sparat → omräknat)", "figures that differ (saved → computed again)"),
                differences.len()
            ));
            let none = t(lang, "(inget)", "(none)");
            for d in &differences {
                out.push_str(&format!("  {}: {} → {}\n", d.field, d.old.as_deref().unwrap_or(none), d.new.as_deref().unwrap_or(none)));
            }
        }
    }
    if let Err(e) = write_out(None, &out, lang) {
        crate::errln!("granska: {e}");
        return EXIT_BAD_INPUT;
    }
    if ok { EXIT_OK } else { EXIT_FAILED }
}
