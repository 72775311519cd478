//! The `granska` command line: lint rule packs, compile them, check providers' reports,
//! summarise a whole year of reports (a folder of JSON/YAML reports or a survey export in
//! CSV) into JSON, CSV, Markdown or HTML, list the questionnaire and the requirements, compare
//! two packs (`diff`) and check a saved summary against its pack and inputs (`verify`).
//!
//! Thin over the `granska` crate: each command reads its inputs, makes the core calls and
//! writes what they return. Exit codes (see `docs/cli.md`): 0 all well, 1 a requirement not
//! met (`check`), an error in a pack (`lint`), packs that differ (`diff`) or a summary that
//! does not match (`verify`), 2 bad input or usage.

/// `eprintln!` that never panics: when standard error is closed or a broken pipe, the
/// message is dropped (the exit code still says what happened).
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// `eprint!` that never panics (see [`errln!`]).
#[macro_export]
macro_rules! err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// `println!` that never panics: a closed standard output (`granska lint | head -0`) is ignored.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod check;
mod compile;
mod diff;
mod history;
mod inputs;
mod kvalitetsberattelse;
mod lint;
mod output;
mod quality;
mod questions;
mod report;
mod summarize;
mod tools;
mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use granska::{Lang, Pack};

/// Exit code: everything is fine (for `check`: every requirement met or not applicable).
pub const EXIT_OK: u8 = 0;
/// Exit code: `check` found a requirement not met; `lint` found an error in a pack; `diff`
/// found the packs differ; `verify` found the pack or a figure does not match.
pub const EXIT_FAILED: u8 = 1;
/// Exit code: bad input (unreadable file, rejected report, malformed answer) or bad usage.
pub const EXIT_BAD_INPUT: u8 = 2;

#[derive(Parser, Debug)]
#[command(name = "granska", version, about = "Rule engine for the annual follow-up of providers of social services", long_about = None)]
struct Cli {
    /// Language of messages and reports.
    #[arg(long, global = true, value_enum, default_value_t = LangArg::Sv)]
    lang: LangArg,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum LangArg {
    Sv,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Sv => Lang::Sv,
            LangArg::En => Lang::En,
        }
    }
}

/// The rule pack and the municipality's parameters, as every command that loads a pack takes them.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct PackArgs {
    /// The rule pack: a YAML file or folder, or a compiled pack file (`granska compile`);
    /// the built-in pack by default.
    #[arg(long)]
    pub pack: Option<PathBuf>,
    /// A parameters file (YAML): the contract terms of one municipality and year.
    #[arg(long)]
    pub params: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
#[allow(clippy::large_enum_variant, reason = "one command is parsed per run; boxing clap's fields would only hide the flags")]
enum Command {
    /// Check rule packs and print every diagnostic (the built-in pack when none is given).
    Lint {
        /// A parameters file (YAML) to check against each pack.
        #[arg(long)]
        params: Option<PathBuf>,
        /// Pack files or folders.
        packs: Vec<PathBuf>,
    },
    /// Write a pack, checked and with its parameters applied, as a compiled pack file: loaded
    /// without YAML or checking, by every command's --pack and by the bindings.
    Compile {
        #[command(flatten)]
        pack: PackArgs,
        /// The compiled pack file to write (e.g. pack.granska).
        #[arg(short, long, required = true)]
        output: PathBuf,
    },
    /// Check providers' reports (JSON, YAML, a CSV export, or a folder of reports) and print their verdicts.
    Check {
        #[command(flatten)]
        pack: PackArgs,
        #[arg(long, value_enum, default_value_t = check::Format::Text)]
        format: check::Format,
        /// Column titles → question ids, for a CSV export.
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// The sheet of a workbook export (.xlsx, .ods) to read; the first by default.
        #[arg(long)]
        sheet: Option<String>,
        /// The inputs are answer exports of a form `granska questions` wrote for a survey tool
        /// (docs/survey-tools.md).
        #[arg(long, value_enum, conflicts_with = "mapping")]
        from: Option<tools::From>,
        /// Report files (JSON, YAML), exports (CSV, .xlsx, .ods), or folders of report files.
        #[arg(required = true)]
        reports: Vec<PathBuf>,
    },
    /// Summarise a year of reports: a folder of JSON/YAML reports or a survey export (CSV, .xlsx, .ods).
    Summarize {
        #[command(flatten)]
        pack: PackArgs,
        #[command(flatten)]
        year: summarize::YearArgs,
        /// The sheet of a workbook export (.xlsx, .ods) to read; the first by default.
        #[arg(long)]
        sheet: Option<String>,
        /// Output format; by default from the extension of -o, else json.
        #[arg(long, value_enum)]
        format: Option<summarize::Format>,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Print every answer that was not used, not only a count of those given to
        /// questions that did not apply.
        #[arg(short, long)]
        verbose: bool,
        /// Folders of reports, report files, or CSV exports.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Summarise the year's quality audits: audit records (YAML, JSON) and audit tables (a workbook or CSV, one row per case file) against a checklist pack.
    Audit {
        /// The checklist pack and its parameters; the built-in checklist by default.
        #[command(flatten)]
        pack: PackArgs,
        /// Print the auditors' free-text notes (left out by default).
        #[arg(long)]
        notes: bool,
        /// Last year's audit summary (JSON, as `granska audit` writes it): last year's figures
        /// beside this year's, a change only over the providers audited both years.
        #[arg(long)]
        previous: Option<PathBuf>,
        /// The sheet read in every workbook audit table (by name; the first sheet by default).
        #[arg(long)]
        sheet: Option<String>,
        /// Output format; by default from the extension of -o (.txt: text), else json.
        #[arg(long, value_enum)]
        format: Option<quality::Format>,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Audit record files (.yaml, .yml, .json), audit tables (.xlsx, .xlsm, .xlsb, .xls, .ods, .csv) or folders of them.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Summarise the user survey: one row per respondent against a survey pack, small numbers suppressed.
    Survey {
        /// The survey pack and its parameters (the threshold); the built-in survey pack by default.
        #[command(flatten)]
        pack: PackArgs,
        /// The number asked per service area (CSV: service,asked), for the response rate.
        #[arg(long)]
        asked: Option<PathBuf>,
        /// Fewest respondents a result is shown for (overrides the pack's parameter).
        #[arg(long)]
        threshold: Option<u32>,
        /// Column titles → question ids (CSV: column,question).
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// The sheet of a workbook export to read.
        #[arg(long)]
        sheet: Option<String>,
        /// Last year's survey summary (JSON, as `granska survey` writes it), for the change of
        /// every figure in percentage points (suppressed when either year's figure is).
        #[arg(long)]
        previous: Option<PathBuf>,
        /// Output format; by default from the extension of -o (.txt: text), else json.
        #[arg(long, value_enum)]
        format: Option<quality::Format>,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The survey export (CSV, .xlsx, .ods).
        export: PathBuf,
    },
    /// Draft the committee's quality report (kvalitetsberättelse) from its risk register:
    /// the risk matrix, the actions and their status, the year's lex Sarah and complaints
    /// figures from the follow-up summary, and the team's prose.
    Kvalitetsberattelse {
        /// The register pack and its parameters; the built-in riskanalys/riskregister.yaml by default.
        #[command(flatten)]
        pack: PackArgs,
        /// The year's follow-up summary (JSON, as `granska summarize --format json` writes it).
        #[arg(long)]
        summary: Option<PathBuf>,
        /// A folder of Markdown prose (sammanfattning.md, riskanalys.md, atgarder.md, …).
        #[arg(long)]
        prose: Option<PathBuf>,
        /// The title; "Kvalitetsberättelse <year>" by default.
        #[arg(long)]
        title: Option<String>,
        /// Output format; by default from the extension of -o (.md, .json), else html.
        #[arg(long, value_enum)]
        format: Option<kvalitetsberattelse::Format>,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The risk register (YAML or JSON).
        register: PathBuf,
    },
    /// Write the annual report (verksamhetsrapport) as one self-contained HTML page.
    Report {
        #[command(flatten)]
        pack: PackArgs,
        #[command(flatten)]
        year: summarize::YearArgs,
        /// The audit checklist pack; the built-in one by default.
        #[arg(long)]
        checklist: Option<PathBuf>,
        /// Audit records and audit tables (YAML, JSON, a workbook or CSV; files or folders).
        #[arg(long = "audits")]
        audits: Vec<PathBuf>,
        /// Last year's audit summary (JSON, as `granska audit` writes it).
        #[arg(long, requires = "audits")]
        previous_audits: Option<PathBuf>,
        /// The sheet read in every workbook audit table (by name; the first sheet by default).
        #[arg(long)]
        audit_sheet: Option<String>,
        /// Print the auditors' free-text notes in the report.
        #[arg(long)]
        notes: bool,
        /// The survey pack; the built-in one by default.
        #[arg(long)]
        survey_pack: Option<PathBuf>,
        /// A parameters file for the survey pack (e.g. the suppression threshold).
        #[arg(long)]
        survey_params: Option<PathBuf>,
        /// The user survey's export.
        #[arg(long)]
        survey: Option<PathBuf>,
        /// The number asked per service area (CSV: service,asked).
        #[arg(long)]
        asked: Option<PathBuf>,
        /// Fewest respondents a survey result is shown for.
        #[arg(long)]
        threshold: Option<u32>,
        /// Last year's survey summary (JSON, as `granska survey` writes it).
        #[arg(long, requires = "survey")]
        previous_survey: Option<PathBuf>,
        /// Earlier years' checked reports (report JSON files or folders) or exports (checked
        /// with the pack): a section on recurring shortcomings.
        #[arg(long = "history")]
        history: Vec<PathBuf>,
        /// Old provider ids → new ids (CSV or workbook: old,new,reason), for --history.
        #[arg(long, requires = "history")]
        id_mapping: Option<PathBuf>,
        /// A folder of Markdown prose (sammanfattning.md, slutsatser.md, …).
        #[arg(long)]
        prose: Option<PathBuf>,
        /// The report's title.
        #[arg(long)]
        title: Option<String>,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The year's self-report exports, report files or folders.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Join several years' checked reports per provider and requirement: met, improved, not
    /// met for the first time, not met again (with the years running), missing.
    History {
        #[command(flatten)]
        pack: PackArgs,
        #[command(flatten)]
        history: history::HistoryArgs,
        /// The sheet of every workbook export to read; the first by default.
        #[arg(long)]
        sheet: Option<String>,
        #[arg(long, value_enum, default_value_t = history::Format::Text)]
        format: history::Format,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Each year's checked reports (report JSON files or folders, as `granska check
        /// --format json` writes them) or exports (CSV, .xlsx, .ods; checked with the pack).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Check action plans (åtgärdsplaner) against the years' verdicts: shortcomings without a
    /// plan, plans past due and still open, plans closed while still not met. Exit 1 when
    /// anything is found.
    Actions {
        #[command(flatten)]
        pack: PackArgs,
        #[command(flatten)]
        history: history::HistoryArgs,
        /// Action plans (YAML, JSON, CSV or a workbook), one record per action.
        #[arg(long = "plans", required = true)]
        plans: Vec<PathBuf>,
        /// The date of the check (YYYY-MM-DD): an open action due before it is overdue; today by default.
        #[arg(long)]
        as_of: Option<String>,
        /// The sheet of a workbook of plans; the first by default.
        #[arg(long)]
        sheet: Option<String>,
        /// Write only this provider's open actions, with the questions each requirement reads,
        /// as JSON for the questionnaire page ("Öppna åtgärdsplan"; docs/follow-through.md).
        #[arg(long)]
        provider: Option<String>,
        /// Output format; text by default (JSON with --provider).
        #[arg(long, value_enum)]
        format: Option<history::Format>,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Each year's checked reports (report JSON files or folders) or exports (checked with the pack).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Compare two packs: requirements, questions, parameters and indicators added, removed and
    /// changed; with --export, the verdicts and figures that change. Exit 0 when the packs
    /// have the same content, 1 when they differ.
    Diff {
        /// The old pack (file or folder; `builtin` for the built-in pack).
        old: PathBuf,
        /// The new pack (file or folder; `builtin` for the built-in pack).
        new: PathBuf,
        /// A parameters file (YAML) for the old pack.
        #[arg(long)]
        old_params: Option<PathBuf>,
        /// A parameters file (YAML) for the new pack.
        #[arg(long)]
        new_params: Option<PathBuf>,
        /// An export (CSV, .xlsx, .ods) to check under both packs.
        #[arg(long)]
        export: Option<PathBuf>,
        /// The invited providers (CSV), for the response rate of the export's summaries.
        #[arg(long, requires = "export")]
        roster: Option<PathBuf>,
        /// Column titles → question ids, for the export.
        #[arg(long, requires = "export")]
        mapping: Option<PathBuf>,
        /// The sheet of a workbook export to read; the first by default.
        #[arg(long, requires = "export")]
        sheet: Option<String>,
        #[arg(long, value_enum, default_value_t = diff::Format::Text)]
        format: diff::Format,
    },
    /// Check a saved summary: whether it was made with this pack (id, version, content hash)
    /// and, given its inputs, whether computing it again gives every figure the same. Exit 0
    /// only when everything matches.
    Verify {
        /// The saved summary (JSON).
        summary: PathBuf,
        #[command(flatten)]
        pack: PackArgs,
        #[command(flatten)]
        year: summarize::YearArgs,
        /// The sheet of a workbook export to read; the first by default.
        #[arg(long)]
        sheet: Option<String>,
        /// The inputs the summary was computed from (folders of reports, report files,
        /// exports); without them only the pack is checked.
        inputs: Vec<PathBuf>,
    },
    /// Print the questionnaire: every question, for providers or a survey tool.
    Questions {
        #[command(flatten)]
        pack: PackArgs,
        /// Only the questions asked of this service type.
        #[arg(long)]
        service: Option<String>,
        #[arg(long, value_enum, default_value_t = questions::Format::Md)]
        format: questions::Format,
        /// Write to this file instead of standard output (required for `xlsform`).
        #[arg(short, long)]
        output: Option<std::path::PathBuf>,
    },
    /// Print every requirement as a table (generates docs/rules.md).
    Rules {
        #[command(flatten)]
        pack: PackArgs,
        #[arg(long, value_enum, default_value_t = questions::RulesFormat::Md)]
        format: questions::RulesFormat,
    },
}

/// Loads `--pack` (or the built-in pack) with `--params`; prints the diagnostics when either
/// cannot be read.
///
/// # Errors
///
/// The exit code (2) after printing the diagnostics, when the pack or the parameters file
/// does not load.
pub fn load_pack(args: &PackArgs, lang: Lang) -> Result<Pack, u8> {
    let path = args.pack.as_ref();
    let result = match path {
        Some(p) => compile::open_pack(p),
        None => Pack::builtin().map_err(compile::OpenError::Yaml),
    };
    let name = path.map(|p| p.display().to_string()).unwrap_or_else(|| "builtin".into());
    let pack = result.map_err(|e| {
        err!("{}", e.render(output::stderr_color(), lang));
        errln!("{}", output::t(lang, &format!("granska: regelpaketet {name} kan inte läsas"), &format!("granska: the pack {name} cannot be loaded")));
        EXIT_BAD_INPUT
    })?;
    match &args.params {
        None => Ok(pack),
        Some(file) => pack.with_params_path(file).map_err(|e| {
            err!("{}", e.render(output::stderr_color()));
            let f = file.display();
            errln!(
                "{}",
                output::t(
                    lang,
                    &format!("granska: parameterfilen {f} kan inte användas med regelpaketet {name}"),
                    &format!("granska: the parameters file {f} cannot be used with the pack {name}")
                )
            );
            EXIT_BAD_INPUT
        }),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang: Lang = cli.lang.into();
    let code = match cli.command {
        Command::Lint { params, packs } => lint::run(&packs, params.as_ref(), lang),
        Command::Compile { pack, output } => compile::run(&pack, &output, lang),
        Command::Check { pack, format, mapping, sheet, from, reports } => check::run(&pack, format, mapping.as_ref(), sheet, from, &reports, lang),
        Command::Summarize { pack, year, sheet, format, output, verbose, inputs } => summarize::run(summarize::Args { pack, year, sheet, format, output, verbose, inputs }, lang),
        Command::Audit { pack, notes, previous, sheet, format, output, inputs } => {
            quality::run_audit(quality::AuditArgs { pack, notes, previous, sheet, format, output, inputs }, lang)
        }
        Command::Survey { pack, asked, threshold, mapping, sheet, previous, format, output, export } => {
            quality::run_survey(quality::SurveyArgs { pack, asked, threshold, mapping, sheet, previous, format, output, export }, lang)
        }
        Command::Report {
            pack,
            year,
            checklist,
            audits,
            previous_audits,
            audit_sheet,
            notes,
            survey_pack,
            survey_params,
            survey,
            asked,
            threshold,
            previous_survey,
            history,
            id_mapping,
            prose,
            title,
            output,
            inputs,
        } => {
            let summarize = summarize::Args { pack, year, sheet: None, format: None, output: None, verbose: false, inputs };
            report::run(
                report::Args {
                    summarize,
                    checklist,
                    audits,
                    audit_sheet,
                    previous_audits,
                    notes,
                    survey_pack,
                    survey_params,
                    survey,
                    asked,
                    threshold,
                    previous_survey,
                    history,
                    id_mapping,
                    prose,
                    title,
                    output,
                },
                lang,
            )
        }
        Command::History { pack, history, sheet, format, output, inputs } => history::run_history(&pack, &history, &inputs, sheet, format, output.as_deref(), lang),
        Command::Actions { pack, history, plans, as_of, sheet, provider, format, output, inputs } => {
            history::run_actions(&pack, &history, &history::ActionArgs { plans, as_of, sheet, provider, format }, &inputs, output.as_deref(), lang)
        }
        Command::Diff { old, new, old_params, new_params, export, roster, mapping, sheet, format } => {
            diff::run(&diff::Args { old, new, old_params, new_params, export, roster, mapping, sheet, format }, lang)
        }
        Command::Verify { summary, pack, year, sheet, inputs } => {
            let summarize = summarize::Args { pack, year, sheet, format: None, output: None, verbose: false, inputs };
            verify::run(verify::Args { summary, summarize }, lang)
        }
        Command::Questions { pack, service, format, output } => questions::run_questions(&pack, service.as_deref(), format, output.as_deref(), lang),
        Command::Rules { pack, format } => questions::run_rules(&pack, format, lang),
        Command::Kvalitetsberattelse { pack, summary, prose, title, format, output, register } => {
            kvalitetsberattelse::run(kvalitetsberattelse::Args { pack, summary, prose, title, format, output, register }, lang)
        }
    };
    ExitCode::from(code)
}
