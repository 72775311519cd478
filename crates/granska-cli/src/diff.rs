//! `granska diff OLD NEW`: what changed between two packs (requirements, questions,
//! parameters, indicators added, removed and changed, field by field), and, given an export,
//! which providers' verdicts change and how every published figure moves. Text or JSON.
//! Exit code 0 when the packs have the same content, 1 when they differ, 2 on bad input.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use granska::{Lang, Pack, PackDiff, Verdict};
use granska_summary::compare::{ExportRecheck, recheck_export};
use granska_summary::export::{ExportOptions, Mapping};
use serde::Serialize;

use crate::inputs::print_problem;
use crate::output::{Style, stderr_color, t, write_out};
use crate::{EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, PackArgs, load_pack};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub struct Args {
    pub old: PathBuf,
    pub new: PathBuf,
    pub old_params: Option<PathBuf>,
    pub new_params: Option<PathBuf>,
    pub export: Option<PathBuf>,
    pub roster: Option<PathBuf>,
    pub mapping: Option<PathBuf>,
    pub sheet: Option<String>,
    pub format: Format,
}

/// `builtin` names the built-in pack; anything else is a pack file or folder.
fn pack_args(path: &Path, params: Option<&PathBuf>) -> PackArgs {
    let pack = (path != Path::new("builtin")).then(|| path.to_path_buf());
    PackArgs { pack, params: params.cloned() }
}

/// The JSON `granska diff --format json` writes.
#[derive(Serialize)]
struct Output<'a> {
    #[serde(flatten)]
    diff: &'a PackDiff,
    #[serde(skip_serializing_if = "Option::is_none")]
    export: Option<ExportOutput<'a>>,
}

/// The export re-checked: the verdicts that change and the figures that move (the two
/// summaries themselves are left out; `summarize` writes each).
#[derive(Serialize)]
struct ExportOutput<'a> {
    file: String,
    verdicts: &'a [granska_summary::compare::VerdictChange],
    figures: &'a [granska::FieldChange],
}

pub fn run(args: &Args, lang: Lang) -> u8 {
    let old = match load_pack(&pack_args(&args.old, args.old_params.as_ref()), lang) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let new = match load_pack(&pack_args(&args.new, args.new_params.as_ref()), lang) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let diff = PackDiff::between(&old, &new);
    let recheck = match &args.export {
        None => None,
        Some(export) => match recheck(&old, &new, export, args, lang) {
            Ok(r) => Some(r),
            Err(c) => return c,
        },
    };
    let text = match args.format {
        Format::Text => {
            let mut text = diff.to_text(lang);
            if let (Some(r), Some(export)) = (&recheck, &args.export) {
                text.push_str(&recheck_text(r, export, lang));
            }
            text
        }
        Format::Json => {
            let export = recheck.as_ref().zip(args.export.as_ref()).map(|(r, e)| ExportOutput { file: e.display().to_string(), verdicts: &r.verdicts, figures: &r.figures });
            let mut s = serde_json::to_string_pretty(&Output { diff: &diff, export }).unwrap_or_default();
            s.push('\n');
            s
        }
    };
    if let Err(e) = write_out(None, &text, lang) {
        crate::errln!("granska: {e}");
        return EXIT_BAD_INPUT;
    }
    if diff.same_content() { EXIT_OK } else { EXIT_FAILED }
}

fn recheck(old: &Pack, new: &Pack, export: &Path, args: &Args, lang: Lang) -> Result<ExportRecheck, u8> {
    let style = Style::new(stderr_color());
    let fail = |e: granska_summary::export::ExportError| {
        for p in &e.problems {
            print_problem(p, lang, style);
        }
        EXIT_BAD_INPUT
    };
    let mapping = args.mapping.as_ref().map(Mapping::from_path).transpose().map_err(fail)?;
    let options = ExportOptions { mapping, sheet: args.sheet.clone() };
    recheck_export(old, new, export, &options, args.roster.as_deref()).map_err(fail)
}

fn verdict_word(v: Option<Verdict>, lang: Lang) -> &'static str {
    match v {
        Some(Verdict::Met) => t(lang, "uppfyllt", "met"),
        Some(Verdict::NotMet) => t(lang, "ej uppfyllt", "not met"),
        Some(Verdict::NotApplicable) => t(lang, "ej tillämpligt", "not applicable"),
        Some(Verdict::Unanswered) => t(lang, "obesvarat", "unanswered"),
        None => t(lang, "(inget)", "(none)"),
    }
}

fn recheck_text(r: &ExportRecheck, export: &Path, lang: Lang) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "\n{} {}:", t(lang, "Exporten omprövad med båda regelpaketen:", "The export re-checked under both packs:"), export.display());
    if r.verdicts.is_empty() {
        let _ = writeln!(out, "  {}", t(lang, "inga bedömningar ändras", "no verdict changes"));
    } else {
        let _ = writeln!(out, "  {} ({}):", t(lang, "bedömningar som ändras", "verdicts that change"), r.verdicts.len());
        for v in &r.verdicts {
            let _ = writeln!(
                out,
                "    {} {} ({} {}, {}): {} → {}",
                t(lang, "rad", "row"),
                v.row,
                v.provider,
                v.service,
                v.requirement,
                verdict_word(v.old, lang),
                verdict_word(v.new, lang)
            );
        }
    }
    if r.figures.is_empty() {
        let _ = writeln!(out, "  {}", t(lang, "inga siffror ändras", "no figure moves"));
    } else {
        let _ = writeln!(out, "  {} ({}):", t(lang, "siffror som ändras", "figures that move"), r.figures.len());
        let none = t(lang, "(inget)", "(none)");
        for f in &r.figures {
            let _ = writeln!(out, "    {}: {} → {}", f.field, f.old.as_deref().unwrap_or(none), f.new.as_deref().unwrap_or(none));
        }
    }
    out
}
