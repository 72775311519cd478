//! `granska check`: reads reports (JSON or YAML files, folders of them, or the rows of a CSV
//! export), warns about a provider reported twice, checks each against the pack, and prints
//! the verdicts as a table (text, with colour on a terminal), JSON, YAML or Markdown.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use granska::{Answers, Lang, Pack, Report, Verdict};
use granska_summary::Duplicates;
use granska_summary::escape::{markdown as md, markdown_code};
use granska_summary::export::{ExportOptions, ExportReader, InputProblem, Mapping};

use crate::inputs::{is_bad_input, is_export, print_problem, read_report_file, walk_input_folder};
use crate::output::{Style, pad, stderr_color, stdout_color, t, write_out};
use crate::{EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, PackArgs, load_pack};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Yaml,
    Md,
}

/// What `check` has read so far: the reports checked, whether any input was bad, and the
/// providers seen (for the duplicate warning).
struct Checked<'a> {
    pack: &'a Pack,
    lang: Lang,
    style: Style,
    reports: Vec<Report>,
    bad_input: bool,
    duplicates: Duplicates,
}

impl Checked<'_> {
    fn problem(&mut self, p: &InputProblem) {
        self.bad_input |= is_bad_input(p);
        print_problem(p, self.lang, self.style);
    }

    /// Checks one report read from `file` (at `row` of an export) and notes its provider.
    fn add(&mut self, answers: &Answers, file: &str, row: Option<u64>) {
        if let Some(p) = self.duplicates.see(answers.provider(), answers.service(), file, row) {
            self.problem(&p);
        }
        self.reports.push(self.pack.check(answers));
    }

    fn report_file(&mut self, path: &Path) {
        match read_report_file(self.pack, path) {
            Ok(answers) => {
                let file = path.display().to_string();
                for issue in answers.issues() {
                    self.problem(&InputProblem::from_issue(&file, answers.provider(), issue));
                }
                self.add(&answers, &file, None);
            }
            Err(p) => self.problem(&p),
        }
    }

    fn export(&mut self, path: &Path, options: &ExportOptions) {
        let mut reader = match ExportReader::from_path(self.pack, path, options) {
            Ok(r) => r,
            Err(e) => {
                for p in &e.problems {
                    self.problem(p);
                }
                // An export that cannot be read at all is bad input even if its problem
                // were only a warning.
                self.bad_input = true;
                return;
            }
        };
        let header = reader.header();
        for p in header.problems() {
            self.problem(p);
        }
        let file = header.source().to_string();
        for read in reader.rows() {
            for p in read.problems() {
                self.problem(p);
            }
            if let Ok(answers) = &read.answers {
                self.add(answers, &file, Some(read.row));
            }
        }
    }
}

pub fn run(pack: &PackArgs, format: Format, mapping: Option<&PathBuf>, sheet: Option<String>, from: Option<crate::tools::From>, paths: &[PathBuf], lang: Lang) -> u8 {
    let pack = match load_pack(pack, lang) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let err_style = Style::new(stderr_color());
    let mapping = match mapping.map(Mapping::from_path).transpose() {
        Ok(m) => m,
        Err(e) => {
            for p in &e.problems {
                print_problem(p, lang, err_style);
            }
            return EXIT_BAD_INPUT;
        }
    };
    let options = ExportOptions { mapping, sheet };
    let mut checked = Checked { pack: &pack, lang, style: err_style, reports: vec![], bad_input: false, duplicates: Duplicates::default() };
    for path in paths {
        if let Some(from) = from {
            let mut problems = vec![];
            let mut read = vec![];
            let ok = crate::tools::read(&pack, path, from, options.sheet.as_deref(), |p| problems.push(p.clone()), |a, file, row| read.push((a.clone(), file.to_string(), row)));
            for p in &problems {
                checked.problem(p);
            }
            checked.bad_input |= !ok;
            for (answers, file, row) in &read {
                checked.add(answers, file, Some(*row));
            }
        } else if path.is_dir() {
            let (files, bad) = walk_input_folder(path, lang, err_style);
            checked.bad_input |= bad;
            for file in &files {
                checked.report_file(file);
            }
        } else if is_export(path) {
            checked.export(path, &options);
        } else {
            checked.report_file(path);
        }
    }
    let Checked { reports, bad_input, .. } = checked;
    let text = match format {
        Format::Text => Ok(render_text(&reports, lang, Style::new(stdout_color()))),
        Format::Json => serde_json::to_string_pretty(&reports)
            .map(|mut s| {
                s.push('\n');
                s
            })
            .map_err(|e| e.to_string()),
        Format::Yaml => serde_saphyr::to_string(&reports).map_err(|e| e.to_string()),
        Format::Md => Ok(render_markdown(&reports, lang)),
    };
    let written = text.and_then(|text| write_out(None, &text, lang));
    if let Err(e) = written {
        crate::errln!("granska: {e}");
        return EXIT_BAD_INPUT;
    }
    if bad_input {
        EXIT_BAD_INPUT
    } else if reports.iter().any(|r| r.counts.not_met > 0) {
        EXIT_FAILED
    } else {
        EXIT_OK
    }
}

fn verdict_word(v: Verdict, lang: Lang) -> &'static str {
    match v {
        Verdict::Met => t(lang, "uppfyllt", "met"),
        Verdict::NotMet => t(lang, "ej uppfyllt", "not met"),
        Verdict::NotApplicable => t(lang, "ej tillämpligt", "not applicable"),
        Verdict::Unanswered => t(lang, "obesvarat", "unanswered"),
    }
}

fn verdict_order(v: Verdict) -> u8 {
    match v {
        Verdict::NotMet => 0,
        Verdict::Unanswered => 1,
        Verdict::Met => 2,
        Verdict::NotApplicable => 3,
    }
}

fn heading(r: &Report) -> String {
    let name = r.name.as_deref().map(|n| format!(" {n}")).unwrap_or_default();
    let contract = r.contract.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
    format!("{}{name} · {}{contract} · {}", r.provider, r.service, r.date)
}

fn counts_line(r: &Report, lang: Lang) -> String {
    let c = &r.counts;
    format!(
        "{} {} · {} {} · {} {} · {} {}",
        c.met,
        t(lang, "uppfyllda", "met"),
        c.not_met,
        t(lang, "ej uppfyllda", "not met"),
        c.unanswered,
        t(lang, "obesvarade", "unanswered"),
        c.not_applicable,
        t(lang, "ej tillämpliga", "not applicable")
    )
}

/// Which pack the reports were checked with: "Bedömt med regelpaketet nacka version 2017,
/// innehållshash 0123456789ab." (the first 12 digits of the content hash; the JSON and YAML
/// outputs carry it whole on every report). `None` without reports.
fn provenance_line(reports: &[Report], lang: Lang) -> Option<String> {
    let r = reports.first()?;
    Some(pack_line(Provenance::Checked, &r.pack, r.pack_version.as_deref(), Some(&r.pack_content_hash), lang))
}

/// What a text output made with a pack: checked reports, or summarised records or answers.
#[derive(Clone, Copy)]
pub enum Provenance {
    /// `granska check`: "Bedömt med regelpaketet …".
    Checked,
    /// `granska audit`, `granska survey`: "Sammanställt med regelpaketet …".
    Summarised,
}

/// The sentence naming the pack a text output was made with: id, version if any, and the
/// content hash's first 12 digits (a summary saved before summaries carried the hash has
/// none, and says so).
pub fn pack_line(what: Provenance, id: &str, version: Option<&str>, hash: Option<&str>, lang: Lang) -> String {
    let version = version.map(|v| format!(" {} {v}", t(lang, "version", "version"))).unwrap_or_default();
    let hash = match hash {
        Some(h) => format!("{} {}", t(lang, "innehållshash", "content hash"), h.get(..12).unwrap_or(h)),
        None => t(lang, "utan innehållshash", "no content hash").to_string(),
    };
    match (what, lang) {
        (Provenance::Checked, Lang::Sv) => format!("Bedömt med regelpaketet {id}{version}, {hash}."),
        (Provenance::Checked, Lang::En) => format!("Checked with rule pack {id}{version}, {hash}."),
        (Provenance::Summarised, Lang::Sv) => format!("Sammanställt med regelpaketet {id}{version}, {hash}."),
        (Provenance::Summarised, Lang::En) => format!("Summarised with rule pack {id}{version}, {hash}."),
    }
}

/// The verdicts as a table: problems first, then met; not applicable ones only counted; the
/// pack they were checked with last.
pub fn render_text(reports: &[Report], lang: Lang, style: Style) -> String {
    let mut out = String::new();
    for (n, r) in reports.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str(&style.bold(&heading(r)));
        out.push('\n');
        out.push_str(&format!("  {}\n\n", counts_line(r, lang)));
        let mut rows: Vec<_> = r.verdicts.iter().filter(|v| v.verdict != Verdict::NotApplicable).collect();
        rows.sort_by_key(|v| (verdict_order(v.verdict), v.requirement.clone()));
        let id_w = rows.iter().map(|v| v.requirement.chars().count()).max().unwrap_or(0);
        let word_w = [Verdict::Met, Verdict::NotMet, Verdict::Unanswered].iter().map(|v| verdict_word(*v, lang).chars().count()).max().unwrap_or(0);
        for v in rows {
            let (mark, word) = match v.verdict {
                Verdict::Met => (style.green("✓"), style.green(&pad(verdict_word(v.verdict, lang), word_w))),
                Verdict::NotMet => (style.red("✗"), style.red(&pad(verdict_word(v.verdict, lang), word_w))),
                Verdict::Unanswered => (style.yellow("?"), style.yellow(&pad(verdict_word(v.verdict, lang), word_w))),
                Verdict::NotApplicable => (style.dim("-"), style.dim(&pad(verdict_word(v.verdict, lang), word_w))),
            };
            out.push_str(&format!("  {mark} {word}  {}  {}", pad(&v.requirement, id_w), v.title.get(lang)));
            if !v.source.is_empty() {
                out.push_str(&style.dim(&format!("  ({})", v.source)));
            }
            out.push('\n');
            let indent = " ".repeat(4 + word_w + 2);
            match v.verdict {
                Verdict::NotMet => {
                    if let Some(m) = &v.message {
                        out.push_str(&format!("{indent}{}\n", m.get(lang)));
                    }
                    for e in &v.explanation {
                        out.push_str(&format!("{indent}{}\n", style.dim(&format!("· {}", e.detail.get(lang)))));
                    }
                }
                Verdict::Unanswered => {
                    // The message says which answers are missing (or why the pack cannot judge).
                    if let Some(m) = &v.message {
                        out.push_str(&format!("{indent}{}\n", m.get(lang)));
                    }
                    if !v.deciding.is_empty() {
                        out.push_str(&format!("{indent}{}\n", style.dim(&format!("{}: {}", t(lang, "saknar svar på", "needs an answer to"), v.deciding.join(", ")))));
                    }
                }
                _ => {}
            }
        }
        if !r.issues.is_empty() {
            out.push_str(&format!("\n  {}:\n", t(lang, "Svar som inte räknades", "Answers not used")));
            for i in &r.issues {
                out.push_str(&format!("  - {}: {}\n", i.field, i.message.get(lang)));
            }
        }
    }
    if let Some(line) = provenance_line(reports, lang) {
        out.push_str(&format!("\n{}\n", style.dim(&line)));
    }
    out
}

/// The verdicts as Markdown: one section per report, one table row per requirement that applies;
/// the pack they were checked with last.
pub fn render_markdown(reports: &[Report], lang: Lang) -> String {
    let mut out = String::new();
    for r in reports {
        out.push_str(&format!("## {}\n\n{}\n\n", md(&heading(r)), counts_line(r, lang)));
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n| --- | --- | --- | --- | --- |\n",
            t(lang, "Krav", "Requirement"),
            t(lang, "Titel", "Title"),
            t(lang, "Bedömning", "Verdict"),
            t(lang, "Källa", "Source"),
            t(lang, "Förklaring", "Explanation")
        ));
        let mut rows: Vec<_> = r.verdicts.iter().filter(|v| v.verdict != Verdict::NotApplicable).collect();
        rows.sort_by_key(|v| (verdict_order(v.verdict), v.requirement.clone()));
        for v in rows {
            let why = match v.verdict {
                Verdict::NotMet => {
                    let mut parts: Vec<String> = v.message.iter().map(|m| m.get(lang).trim_end_matches('.').to_string()).collect();
                    parts.extend(v.explanation.iter().map(|e| e.detail.get(lang).to_string()));
                    parts.join("; ")
                }
                Verdict::Unanswered => {
                    v.message.as_ref().map(|m| m.get(lang).to_string()).unwrap_or_else(|| format!("{}: {}", t(lang, "saknar svar på", "needs an answer to"), v.deciding.join(", ")))
                }
                _ => String::new(),
            };
            out.push_str(&format!("| {} | {} | {} | {} | {} |\n", markdown_code(&v.requirement), md(v.title.get(lang)), verdict_word(v.verdict, lang), md(&v.source), md(&why)));
        }
        out.push('\n');
    }
    if let Some(line) = provenance_line(reports, lang) {
        out.push_str(&format!("{}\n", md(&line)));
    }
    out
}
