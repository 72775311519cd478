//! `granska audit` and `granska survey`: the year's quality audits (audit records against a
//! checklist pack) and the user survey (a survey export against a survey pack), each
//! summarised to JSON or plain text, every bad record or row printed with its place. Also
//! the loading both `report` and these commands share.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use granska::{Lang, Pack};
use granska_summary::audit::{AuditInput, AuditOptions, AuditReadOptions, AuditSummary, summarize_audits};
use granska_summary::export::{ExportError, Mapping};
use granska_summary::last_year::LastYearError;
use granska_summary::survey::{Asked, SurveyOptions, SurveySummary, summarize_survey_path};

use crate::inputs::{MAX_REPORT_BYTES, is_bad_input, print_problem, read_capped};
use crate::output::{Style, stderr_color, t, write_out};
use crate::{EXIT_BAD_INPUT, EXIT_OK, PackArgs, load_pack};

/// The built-in audit checklist.
pub const CHECKLIST: &str = "granskning/strukturerad-oppenvard.yaml";
/// The built-in survey pack.
pub const SURVEY_PACK: &str = "brukarundersokning/barn-och-familj.yaml";

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Json,
    Text,
}

/// Loads `args.pack`, or the built-in file `builtin` when none is given.
pub fn load_or_builtin(args: &PackArgs, builtin: &str, lang: Lang) -> Result<Pack, u8> {
    if args.pack.is_some() {
        return load_pack(args, lang);
    }
    let pack = Pack::builtin_file(builtin).map_err(|e| {
        crate::err!("{}", e.render(crate::output::stderr_color()));
        EXIT_BAD_INPUT
    })?;
    match &args.params {
        None => Ok(pack),
        Some(file) => pack.with_params_path(file).map_err(|e| {
            crate::err!("{}", e.render(crate::output::stderr_color()));
            EXIT_BAD_INPUT
        }),
    }
}

fn print_all(e: &ExportError, lang: Lang) {
    for p in &e.problems {
        print_problem(p, lang, Style::new(stderr_color()));
    }
}

/// Reads audit records and tables: files (`.yaml`, `.yml`, `.json`, `.csv`, and workbooks
/// `.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`, their sheet `sheet` or the first) and folders of
/// them. Returns the input and whether any was bad.
pub fn read_audits(pack: &Pack, paths: &[PathBuf], sheet: Option<String>, lang: Lang) -> (AuditInput, bool) {
    let mut input = AuditInput::new();
    let mut bad = false;
    if let Err(e) = input.read_paths_with(pack, paths, &AuditReadOptions { sheet }) {
        print_all(&e, lang);
        bad = true;
    }
    for p in &input.problems {
        print_problem(p, lang, Style::new(stderr_color()));
        bad |= is_bad_input(p);
    }
    (input, bad)
}

/// Summarises a survey export; problems are printed.
pub fn read_survey(
    pack: &Pack,
    export: &Path,
    asked: Option<&Path>,
    threshold: Option<u32>,
    mapping: Option<&Path>,
    sheet: Option<String>,
    lang: Lang,
) -> Result<(SurveySummary, bool), u8> {
    let asked = match asked.map(|a| Asked::from_path(pack, a)).transpose() {
        Ok(a) => a.unwrap_or_default(),
        Err(e) => {
            print_all(&e, lang);
            return Err(EXIT_BAD_INPUT);
        }
    };
    let mapping = match mapping.map(Mapping::from_path).transpose() {
        Ok(m) => m,
        Err(e) => {
            print_all(&e, lang);
            return Err(EXIT_BAD_INPUT);
        }
    };
    match summarize_survey_path(pack, export, &SurveyOptions { asked, threshold, mapping, sheet }) {
        Ok(s) => {
            let mut bad = false;
            for p in &s.problems {
                print_problem(p, lang, Style::new(stderr_color()));
                bad |= is_bad_input(p);
            }
            Ok((s, bad))
        }
        Err(e) => {
            print_all(&e, lang);
            Err(EXIT_BAD_INPUT)
        }
    }
}

/// Reads last year's summary (JSON) at `path` and compares `this` with it (`compare`);
/// prints why and returns the exit code when the file cannot be read or compared.
pub fn compare_with_previous<T>(
    this: &mut T,
    path: &Path,
    parse: impl Fn(&str) -> Result<T, LastYearError>,
    compare: impl Fn(&mut T, &T) -> Result<(), LastYearError>,
    lang: Lang,
) -> Result<(), u8> {
    let style = Style::new(stderr_color());
    let fail = |message: String| {
        crate::errln!("{}: {}: {message}", style.red(t(lang, "fel", "error")), path.display());
        EXIT_BAD_INPUT
    };
    let bytes = read_capped(path).map_err(|e| fail(e.to_string()))?;
    if bytes.len() as u64 > MAX_REPORT_BYTES {
        return Err(fail(t(lang, "filen är för stor", "the file is too large").to_string()));
    }
    let text = String::from_utf8(bytes).map_err(|e| fail(format!("{}: {e}", t(lang, "filen är inte UTF-8", "the file is not UTF-8"))))?;
    let previous = parse(&text).map_err(|e| fail(e.text().get(lang).to_string()))?;
    compare(this, &previous).map_err(|e| fail(e.text().get(lang).to_string()))
}

fn audit_text(s: &AuditSummary, lang: Lang) -> String {
    let mut out = String::new();
    let title = |p: &granska_summary::audit::ProviderAudit| p.name.clone().unwrap_or_else(|| p.provider.clone());
    for p in &s.providers {
        out.push_str(&format!("{} ({}, {})\n", title(p), p.provider, p.dates.join(", ")));
        for i in p.figures.indicators.iter().filter(|i| i.of > 0 || i.unanswered > 0) {
            out.push_str(&format!("  {}\n", i.text.get(lang)));
        }
        for r in p.figures.requirements.iter().filter(|r| r.tally.not_met > 0 || r.tally.unanswered > 0) {
            out.push_str(&format!("  {}: {}\n", r.title.get(lang), r.text.get(lang)));
        }
    }
    out.push_str(&format!("{}\n", t(lang, "Hela året:", "The whole year:")));
    for i in &s.year.indicators {
        out.push_str(&format!("  {}\n", i.text.get(lang)));
        if let Some(c) = &i.change {
            out.push_str(&format!("    {}\n    {}: {}\n", c.previous_text.get(lang), t(lang, "förändring", "change"), c.text.get(lang)));
        }
    }
    if let Some(p) = &s.previous {
        out.push_str(&format!("{}\n", p.text.get(lang)));
        for o in &p.only_last_year {
            out.push_str(&format!("  {}: {}\n", o.title.get(lang), o.text.get(lang)));
        }
    }
    out.push_str(&summary_pack_line(&s.pack, lang));
    out
}

fn survey_text(s: &SurveySummary, lang: Lang) -> String {
    let mut out = String::new();
    for a in s.areas.iter().chain(std::iter::once(&s.all)) {
        out.push_str(&format!("{}\n", a.label.get(lang)));
        let change = |c: Option<&granska_summary::survey::SurveyChange>| c.map(|c| format!(" · {}: {}", t(lang, "förändring", "change"), c.text.get(lang))).unwrap_or_default();
        if let Some(r) = &a.response {
            out.push_str(&format!("  {}: {}{}\n", t(lang, "svarsfrekvens", "response rate"), r.text.get(lang), change(a.response_change.as_ref())));
        }
        for r in &a.results {
            out.push_str(&format!("  {}: {}{}\n", r.title.get(lang), r.cell.text.get(lang), change(r.change.as_ref())));
        }
    }
    if let Some(p) = &s.previous {
        for o in &p.only_last_year {
            out.push_str(&format!("{}: {}: {} {}\n", o.area_label.get(lang), o.title.get(lang), o.previous.text.get(lang), o.text.get(lang)));
        }
    }
    out.push_str(&format!("{}\n", s.threshold_note.get(lang)));
    out.push_str(&summary_pack_line(&s.pack, lang));
    out
}

/// The last line of the audit and survey text: the pack the summary was made with.
fn summary_pack_line(pack: &granska_summary::SummaryPack, lang: Lang) -> String {
    crate::check::pack_line(crate::check::Provenance::Summarised, &pack.id, pack.version.as_deref(), pack.content_hash.as_deref(), lang) + "\n"
}

fn infer(output: Option<&Path>) -> Format {
    match output.and_then(|p| p.extension()).and_then(|e| e.to_str()) {
        Some("txt") => Format::Text,
        _ => Format::Json,
    }
}

fn write(output: Option<&Path>, text: &str, bad: bool, lang: Lang) -> u8 {
    if let Err(e) = write_out(output, text, lang) {
        crate::errln!("{}: {e}", t(lang, "fel", "error"));
        return EXIT_BAD_INPUT;
    }
    if bad { EXIT_BAD_INPUT } else { EXIT_OK }
}

pub struct AuditArgs {
    pub pack: PackArgs,
    pub notes: bool,
    pub previous: Option<PathBuf>,
    pub sheet: Option<String>,
    pub format: Option<Format>,
    pub output: Option<PathBuf>,
    pub inputs: Vec<PathBuf>,
}

/// Summarises audit records, compared with last year's audit summary (`previous`) when given.
pub fn audit_summary(checklist: &Pack, inputs: &[PathBuf], sheet: Option<String>, notes: bool, previous: Option<&Path>, lang: Lang) -> Result<(AuditSummary, bool), u8> {
    let (input, bad) = read_audits(checklist, inputs, sheet, lang);
    let mut summary = summarize_audits(checklist, &input, AuditOptions { notes });
    if let Some(path) = previous {
        compare_with_previous(&mut summary, path, AuditSummary::from_json, AuditSummary::compare_with, lang)?;
    }
    Ok((summary, bad))
}

pub fn run_audit(args: AuditArgs, lang: Lang) -> u8 {
    let pack = match load_or_builtin(&args.pack, CHECKLIST, lang) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let (summary, bad) = match audit_summary(&pack, &args.inputs, args.sheet.clone(), args.notes, args.previous.as_deref(), lang) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let (format, output) = (args.format, args.output.as_deref());
    let text = match format.unwrap_or_else(|| infer(output)) {
        Format::Json => serde_json::to_string_pretty(&summary).unwrap_or_default() + "\n",
        Format::Text => audit_text(&summary, lang),
    };
    write(output, &text, bad, lang)
}

pub struct SurveyArgs {
    pub pack: PackArgs,
    pub asked: Option<PathBuf>,
    pub threshold: Option<u32>,
    pub mapping: Option<PathBuf>,
    pub sheet: Option<String>,
    pub previous: Option<PathBuf>,
    pub format: Option<Format>,
    pub output: Option<PathBuf>,
    pub export: PathBuf,
}

pub fn run_survey(args: SurveyArgs, lang: Lang) -> u8 {
    let pack = match load_or_builtin(&args.pack, SURVEY_PACK, lang) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let (mut summary, bad) = match read_survey(&pack, &args.export, args.asked.as_deref(), args.threshold, args.mapping.as_deref(), args.sheet, lang) {
        Ok(s) => s,
        Err(c) => return c,
    };
    if let Some(path) = &args.previous
        && let Err(c) = compare_with_previous(&mut summary, path, SurveySummary::from_json, SurveySummary::compare_with, lang)
    {
        return c;
    }
    let text = match args.format.unwrap_or_else(|| infer(args.output.as_deref())) {
        Format::Json => serde_json::to_string_pretty(&summary).unwrap_or_default() + "\n",
        Format::Text => survey_text(&summary, lang),
    };
    write(args.output.as_deref(), &text, bad, lang)
}
