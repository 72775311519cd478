//! `granska history` and `granska actions`: several years' checked reports (report JSON, or
//! each year's export checked with the pack) joined per provider and requirement, printed as
//! text, JSON or the tidy table in CSV; and the action plans checked against them.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use granska::{Lang, Pack};
use granska_summary::actions::{ActionCheck, ActionInput, ActionOptions};
use granska_summary::export::{ExportOptions, InputProblem, Mapping};
use granska_summary::history::{History, HistoryInput, HistoryOptions, ProviderMapping};

use crate::inputs::{folder_reports, is_bad_input, is_export, print_problem, read_report_file};
use crate::output::{Style, stderr_color, t, write_out};
use crate::tools::From;
use crate::{EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, PackArgs, load_pack};

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Csv,
}

/// What `history`, `actions` and `report` share: the years' inputs and how they are joined.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct HistoryArgs {
    /// Old provider ids → new ids (CSV or workbook: old,new,reason), for a new organisation
    /// number or a merger.
    #[arg(long)]
    pub id_mapping: Option<PathBuf>,
    /// Column titles → question ids (CSV: column,question), for exports from a survey tool.
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// The year in focus (its figures are shown); the latest year by default.
    #[arg(long)]
    pub year: Option<i32>,
    /// Join years checked with packs of different ids (by requirement id).
    #[arg(long = "allow-other-pack")]
    pub allow_other_pack: bool,
}

/// Reads the years' inputs and joins them; prints every problem. Returns the history and
/// whether an input was bad.
///
/// # Errors
///
/// The exit code (2) after printing why, when the pack, the mapping or every input is
/// unreadable, or the history cannot be joined.
pub fn build(pack: &PackArgs, args: &HistoryArgs, inputs: &[PathBuf], sheet: Option<String>, lang: Lang) -> Result<(History, bool), u8> {
    let style = Style::new(stderr_color());
    // The pack is needed only to check exports.
    let needs_pack =
        inputs.iter().any(|p| !p.is_dir() && !p.extension().and_then(|e| e.to_str()).is_some_and(|e| ["json", "yaml", "yml"].iter().any(|x| e.eq_ignore_ascii_case(x))));
    let pack = if needs_pack || pack.pack.is_some() { Some(load_pack(pack, lang)?) } else { None };
    let mapping = read_mapping(args.id_mapping.as_deref(), lang)?;
    let columns = match &args.mapping {
        None => None,
        Some(path) => Some(Mapping::from_path(path).map_err(|e| {
            print_all(&e.problems, lang, style);
            EXIT_BAD_INPUT
        })?),
    };
    let mut input = HistoryInput::new();
    let options = ExportOptions { mapping: columns, sheet };
    for path in inputs {
        input.read_path(path, pack.as_ref(), &options);
    }
    let history = input.join(&mapping, &HistoryOptions { year: args.year, allow_other_pack: args.allow_other_pack }).map_err(|e| {
        crate::errln!("{}: {}", style.red(t(lang, "fel", "error")), e.text().get(lang));
        EXIT_BAD_INPUT
    })?;
    let bad = print_all(&history.problems, lang, style);
    Ok((history, bad))
}

/// Reads the provider id mapping (none: every id kept); prints why it cannot be read.
fn read_mapping(path: Option<&Path>, lang: Lang) -> Result<ProviderMapping, u8> {
    match path {
        None => Ok(ProviderMapping::new()),
        Some(path) => ProviderMapping::from_path(path).map_err(|e| {
            print_all(&e.problems, lang, Style::new(stderr_color()));
            EXIT_BAD_INPUT
        }),
    }
}

/// The history for `granska report`: this year's inputs (exports, report files or folders of
/// them, or with `from` a survey tool's answer exports, read as `summarize` reads them,
/// whose problems it has already printed) checked with `pack`, joined with the earlier
/// years' checked reports or exports (read with the same `options`; with `from xlsform`
/// their CSV and workbook exports are the tool's). Every problem stays in the history;
/// prints those `summarize` has not printed.
///
/// # Errors
///
/// The exit code (2) after printing why, when the mapping cannot be read or the history
/// cannot be joined.
pub fn build_with_year(
    pack: &Pack,
    this_year: &[PathBuf],
    earlier: &[PathBuf],
    options: &ExportOptions,
    from: Option<From>,
    id_mapping: Option<&Path>,
    lang: Lang,
) -> Result<(History, bool), u8> {
    let style = Style::new(stderr_color());
    let mapping = read_mapping(id_mapping, lang)?;
    let mut input = HistoryInput::new();
    for path in this_year {
        if let Some(from) = from {
            read_tool(&mut input, pack, path, from, options);
            continue;
        }
        if is_export(path) {
            input.read_export(pack, path, options);
            continue;
        }
        let files = if path.is_dir() { folder_reports(path).0 } else { vec![path.clone()] };
        for file in files {
            if let Ok(answers) = read_report_file(pack, &file) {
                input.add_report(&pack.check(&answers), &file.display().to_string());
            }
        }
    }
    // This year's problems were printed when it was summarised: kept, not printed again.
    let printed = input.problems.clone();
    for path in earlier {
        match from {
            Some(From::Xlsform) if path.is_file() && is_export(path) => read_tool(&mut input, pack, path, From::Xlsform, options),
            _ => input.read_path(path, Some(pack), options),
        }
    }
    let history = input.join(&mapping, &HistoryOptions::default()).map_err(|e| {
        crate::errln!("{}: {}", style.red(t(lang, "fel", "error")), e.text().get(lang));
        EXIT_BAD_INPUT
    })?;
    let unprinted: Vec<InputProblem> = history.problems.iter().filter(|p| !printed.contains(p)).cloned().collect();
    let bad = print_all(&unprinted, lang, style) || printed.iter().any(is_bad_input);
    Ok((history, bad))
}

/// Reads a survey tool's answer export into `input`: each report checked with `pack` and
/// placed by its row, every problem kept.
fn read_tool(input: &mut HistoryInput, pack: &Pack, path: &Path, from: From, options: &ExportOptions) {
    let mut problems = vec![];
    let mut reports = vec![];
    crate::tools::read(
        pack,
        path,
        from,
        options.sheet.as_deref(),
        |p| problems.push(p.clone()),
        |answers, file, row| reports.push((pack.check(answers), format!("{file}, rad {row}"))),
    );
    input.problems.extend(problems);
    for (report, place) in &reports {
        input.add_report(report, place);
    }
}

fn print_all(problems: &[InputProblem], lang: Lang, style: Style) -> bool {
    let mut bad = false;
    for p in problems {
        print_problem(p, lang, style);
        bad |= is_bad_input(p);
    }
    bad
}

/// `granska history`.
pub fn run_history(pack: &PackArgs, args: &HistoryArgs, inputs: &[PathBuf], sheet: Option<String>, format: Format, output: Option<&Path>, lang: Lang) -> u8 {
    let (history, bad) = match build(pack, args, inputs, sheet, lang) {
        Ok(h) => h,
        Err(c) => return c,
    };
    let text = match format {
        Format::Text => history.to_text(lang),
        Format::Json => history.to_json(),
        Format::Csv => history.to_csv(),
    };
    if let Err(e) = write_out(output, &text, lang) {
        crate::errln!("{}: {e}", t(lang, "fel", "error"));
        return EXIT_BAD_INPUT;
    }
    if bad { EXIT_BAD_INPUT } else { EXIT_OK }
}

/// Today's date (UTC), days since 1970-01-01.
fn today() -> i32 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    (secs / 86_400) as i32
}

/// The flags of `granska actions` beyond the history's.
#[derive(Debug, Clone)]
pub struct ActionArgs {
    /// Action plan files.
    pub plans: Vec<PathBuf>,
    /// The date of the check, as given.
    pub as_of: Option<String>,
    /// The sheet of a workbook of plans.
    pub sheet: Option<String>,
    /// Write only this provider's open actions (JSON for the questionnaire page).
    pub provider: Option<String>,
    /// The output format; text by default, JSON with `provider`.
    pub format: Option<Format>,
}

/// `granska actions`: the plans checked against the years' reports (exit 1 when the check
/// finds something); with `--provider`, only that provider's open actions as JSON (exit 0
/// when written).
pub fn run_actions(pack: &PackArgs, args: &HistoryArgs, actions: &ActionArgs, inputs: &[PathBuf], output: Option<&Path>, lang: Lang) -> u8 {
    let style = Style::new(stderr_color());
    let error = |sv: &str, en: &str| {
        crate::errln!("{}: {}", style.red(t(lang, "fel", "error")), t(lang, sv, en));
        EXIT_BAD_INPUT
    };
    if actions.provider.is_some() && matches!(actions.format, Some(Format::Text | Format::Csv)) {
        return error("--provider skriver JSON (--format json)", "--provider writes JSON (--format json)");
    }
    let as_of = match actions.as_of.as_deref() {
        None => today(),
        Some(text) => match granska::parse_date(text) {
            Some(d) => d,
            None => {
                return error(&format!("--as-of \"{text}\" är inget datum på formen ÅÅÅÅ-MM-DD"), &format!("--as-of \"{text}\" is no date of the form YYYY-MM-DD"));
            }
        },
    };
    // The questions each requirement reads are named from the pack.
    let question_pack = match &actions.provider {
        Some(_) => match load_pack(pack, lang) {
            Ok(p) => Some(p),
            Err(c) => return c,
        },
        None => None,
    };
    let (history, mut bad) = match build(pack, args, inputs, None, lang) {
        Ok(h) => h,
        Err(c) => return c,
    };
    let mut records = ActionInput::new();
    for plan in &actions.plans {
        records.read_path(plan, actions.sheet.as_deref());
    }
    let check = ActionCheck::run(records, &history, &ActionOptions { as_of });
    bad |= print_all(&check.problems, lang, style);
    let text = match (&actions.provider, &question_pack) {
        (Some(provider), Some(question_pack)) => match check.open_actions(provider, question_pack, &history) {
            Some(open) => open.to_json(),
            None => {
                return error(
                    &format!("utföraren \"{provider}\" finns inte i rapporterna; ingen åtgärdsplan skrivs"),
                    &format!("the provider \"{provider}\" is in none of the reports; no action plan is written"),
                );
            }
        },
        _ => match actions.format.unwrap_or(Format::Text) {
            Format::Text => check.to_text(lang),
            Format::Json => check.to_json(),
            Format::Csv => check.to_csv(),
        },
    };
    if let Err(e) = write_out(output, &text, lang) {
        crate::errln!("{}: {e}", t(lang, "fel", "error"));
        return EXIT_BAD_INPUT;
    }
    if bad {
        EXIT_BAD_INPUT
    } else if check.findings.is_empty() || actions.provider.is_some() {
        EXIT_OK
    } else {
        EXIT_FAILED
    }
}
