//! `granska summarize`: feeds every report of the inputs (folders of JSON/YAML reports,
//! report files, CSV survey exports) into the core's summary accumulator, reports every bad
//! row or answer on standard error as it goes (with a warning for each provider reported
//! twice, as the core's accumulator finds them), and writes the summary as JSON, CSV,
//! Markdown or HTML. A progress bar shows on a terminal when a run takes more than a second.

use std::collections::BTreeMap;
use std::io::{BufReader, IsTerminal};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::ValueEnum;
use granska::{IssueCode, Lang};
use granska_summary::export::{ExportOptions, ExportReader, InputProblem, Mapping, ProblemCode};
use granska_summary::{Accumulator, Progress, Roster, Summary, summarize_export};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::inputs::{MAX_REPORT_BYTES, is_bad_input, is_export, print_problem, read_capped, read_report_file, walk_input_folder};
use crate::output::{Style, stderr_color, t, write_out};
use crate::{EXIT_BAD_INPUT, EXIT_OK, PackArgs, load_pack};

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    Md,
    Html,
}

/// What a year's summary is computed against, shared by `summarize`, `report` and `verify`:
/// the roster, last year's summary and the self-report export's column mapping.
#[derive(clap::Args, Debug, Default)]
pub struct YearArgs {
    /// The invited providers (CSV: provider,name,service,contract), for the response rate.
    #[arg(long)]
    pub roster: Option<PathBuf>,
    /// Last year's summary (JSON), for the change of every figure.
    #[arg(long)]
    pub previous: Option<PathBuf>,
    /// Compare with a previous summary made with another pack or pack version (refused by
    /// default); the requirements that differ are listed.
    #[arg(long, requires = "previous")]
    pub allow_other_pack: bool,
    /// Column titles → question ids (CSV: column,question), for a survey tool's export.
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// The inputs are answer exports of a form `granska questions` wrote for a survey tool
    /// (docs/survey-tools.md).
    #[arg(long, value_enum, conflicts_with = "mapping")]
    pub from: Option<crate::tools::From>,
}

pub struct Args {
    pub pack: PackArgs,
    pub year: YearArgs,
    pub sheet: Option<String>,
    pub format: Option<Format>,
    pub output: Option<PathBuf>,
    pub verbose: bool,
    pub inputs: Vec<PathBuf>,
}

/// Reports problems as they come: each on standard error, except answers to questions that
/// did not apply, which are counted (each printed with `--verbose`).
struct Reporter {
    lang: Lang,
    style: Style,
    verbose: bool,
    bad_input: bool,
    quiet_counts: BTreeMap<IssueCode, u64>,
    bar: Option<ProgressBar>,
}

impl Reporter {
    fn problem(&mut self, p: &InputProblem) {
        self.bad_input |= is_bad_input(p);
        if let ProblemCode::Answer(code) = p.code
            && code.is_warning()
            && !self.verbose
        {
            *self.quiet_counts.entry(code).or_insert(0) += 1;
            return;
        }
        match &self.bar {
            Some(bar) if !bar.is_hidden() => bar.suspend(|| print_problem(p, self.lang, self.style)),
            _ => print_problem(p, self.lang, self.style),
        }
    }
}

/// A progress bar that stays hidden until the run has taken a second, and only on a terminal.
struct Bar {
    bar: ProgressBar,
    started: Instant,
    terminal: bool,
}

impl Bar {
    fn new(length: u64, unit_bytes: bool) -> Bar {
        let bar = ProgressBar::with_draw_target(Some(length), ProgressDrawTarget::hidden());
        let template = if unit_bytes { "{spinner} {bytes}/{total_bytes} [{bar:40}] {eta}" } else { "{spinner} {pos}/{len} [{bar:40}] {eta}" };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        Bar { bar, started: Instant::now(), terminal: std::io::stderr().is_terminal() }
    }

    fn tick(&self) {
        if self.terminal && self.bar.is_hidden() && self.started.elapsed() > Duration::from_secs(1) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
}

fn infer_format(output: Option<&Path>) -> Format {
    match output.and_then(|p| p.extension()).and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("html" | "htm") => Format::Html,
        Some("md" | "markdown") => Format::Md,
        Some("csv") => Format::Csv,
        _ => Format::Json,
    }
}

pub fn run(args: Args, lang: Lang) -> u8 {
    let style = Style::new(stderr_color());
    let pack = match load_pack(&args.pack, lang) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let (summary, rejected, bad_input) = match build(&args, &pack, lang) {
        Ok(built) => built,
        Err(code) => return code,
    };
    let format = args.format.unwrap_or_else(|| infer_format(args.output.as_deref()));
    let text = match format {
        Format::Json => summary.to_json(),
        Format::Csv => summary.to_csv(lang),
        Format::Md => summary.to_markdown(lang),
        Format::Html => summary.to_html(lang),
    };
    if let Err(e) = write_out(args.output.as_deref(), &text, lang) {
        crate::errln!("{}: {e}", style.red(t(lang, "fel", "error")));
        return EXIT_BAD_INPUT;
    }
    let duplicates = match summary.duplicates.len() {
        0 => String::new(),
        n => format!(", {n} {}", t(lang, "dubbletter (räknade)", "duplicates (counted)")),
    };
    crate::errln!(
        "{}: {} {}, {} {}{duplicates}{}",
        t(lang, "sammanställt", "summarised"),
        summary.reports.now.count,
        t(lang, "rapporter", "reports"),
        rejected,
        t(lang, "avvisade", "rejected"),
        args.output.as_ref().map(|p| format!(" → {}", p.display())).unwrap_or_default()
    );
    if bad_input { EXIT_BAD_INPUT } else { EXIT_OK }
}

/// The summary of the inputs (with last year's comparison), how many reports were rejected,
/// and whether any input was bad; every problem printed on standard error as found.
///
/// # Errors
///
/// The exit code when the mapping, roster or previous summary cannot be read.
pub fn build(args: &Args, pack: &granska::Pack, lang: Lang) -> Result<(Summary, usize, bool), u8> {
    let style = Style::new(stderr_color());
    let pack = pack.clone();
    let fail = |e: &granska_summary::export::ExportError| {
        for p in &e.problems {
            print_problem(p, lang, style);
        }
        EXIT_BAD_INPUT
    };
    let mapping = match args.year.mapping.as_ref().map(Mapping::from_path).transpose() {
        Ok(m) => m,
        Err(e) => return Err(fail(&e)),
    };
    let mut acc = match &args.year.roster {
        Some(path) => match Roster::from_path(&pack, path) {
            Ok(r) => Accumulator::with_roster(&pack, r),
            Err(e) => return Err(fail(&e)),
        },
        None => Accumulator::new(&pack),
    };
    let previous = match &args.year.previous {
        Some(path) => {
            let previous = read_summary(path, lang)?;
            guard_previous(&pack, &previous, path, args.year.allow_other_pack, lang)?;
            Some(previous)
        }
        None => None,
    };
    let options = ExportOptions { mapping, sheet: args.sheet.clone() };
    let mut reporter = Reporter { lang, style, verbose: args.verbose, bad_input: false, quiet_counts: BTreeMap::new(), bar: None };
    for input in &args.inputs {
        if let Some(from) = args.year.from {
            match crate::tools::read_whole(&pack, input, from, options.sheet.as_deref()) {
                Ok(read) => {
                    for p in read.summarize_into(&mut acc, &input.display().to_string()) {
                        reporter.problem(&p);
                    }
                }
                Err(e) => {
                    for p in &e.problems {
                        reporter.problem(p);
                    }
                    reporter.bad_input = true;
                }
            }
        } else if input.is_dir() {
            let (files, bad) = walk_input_folder(input, lang, style);
            reporter.bad_input |= bad;
            let bar = Bar::new(files.len() as u64, false);
            reporter.bar = Some(bar.bar.clone());
            for file in &files {
                read_one(&pack, file, &mut acc, &mut reporter);
                bar.bar.inc(1);
                bar.tick();
            }
            bar.bar.finish_and_clear();
            reporter.bar = None;
        } else if crate::inputs::is_workbook(input) {
            // A workbook is read whole (calamine): no progress by bytes.
            match ExportReader::from_path(&pack, input, &options) {
                Ok(mut reader) => summarize_export(&mut reader, &mut acc, |event| {
                    if let Progress::Problem(p) = event {
                        reporter.problem(p);
                    }
                }),
                Err(e) => {
                    for p in &e.problems {
                        print_problem(p, lang, style);
                    }
                    reporter.bad_input = true;
                }
            }
        } else if is_export(input) {
            let file = match std::fs::File::open(input) {
                Ok(f) => f,
                Err(e) => {
                    let p = InputProblem::unreadable(&input.display().to_string(), &e);
                    print_problem(&p, lang, style);
                    reporter.bad_input = true;
                    continue;
                }
            };
            let length = file.metadata().map(|m| m.len()).unwrap_or(0);
            let bar = Bar::new(length, true);
            reporter.bar = Some(bar.bar.clone());
            let source = input.display().to_string();
            let mut reader = match ExportReader::new(&pack, BufReader::new(bar.bar.wrap_read(file)), &source, &options) {
                Ok(r) => r,
                Err(e) => {
                    for p in &e.problems {
                        print_problem(p, lang, style);
                    }
                    reporter.bad_input = true;
                    continue;
                }
            };
            summarize_export(&mut reader, &mut acc, |event| match event {
                Progress::Problem(p) => reporter.problem(p),
                Progress::Rows(_) => bar.tick(),
            });
            bar.bar.finish_and_clear();
            reporter.bar = None;
        } else {
            read_one(&pack, input, &mut acc, &mut reporter);
        }
    }
    for (code, n) in &reporter.quiet_counts {
        let what = match code {
            IssueCode::NotRelevant => t(lang, "svar på frågor som inte var aktuella räknades inte", "answers to questions that did not apply were not used"),
            _ => t(lang, "svar på frågor som inte ställs till tjänstetypen räknades inte", "answers to questions not asked of the service type were not used"),
        };
        crate::errln!("{}: {n} {what} [{code}] ({})", style.yellow(t(lang, "varning", "warning")), t(lang, "--verbose visar varje", "--verbose shows each"));
    }
    let rejected = acc.rejected();
    let mut summary = acc.finish();
    if let Some(p) = &previous {
        summary.compare_with(p);
    }
    Ok((summary, rejected, reporter.bad_input))
}

/// Reads a saved summary (JSON), e.g. last year's.
///
/// # Errors
///
/// The exit code (2) after printing why the file is not a summary that can be read.
pub fn read_summary(path: &Path, lang: Lang) -> Result<Summary, u8> {
    let style = Style::new(stderr_color());
    read_capped(path)
        .map_err(|e| e.to_string())
        .and_then(|bytes| if bytes.len() as u64 > MAX_REPORT_BYTES { Err(t(lang, "filen är för stor", "the file is too large").to_string()) } else { Ok(bytes) })
        .and_then(|bytes| String::from_utf8(bytes).map_err(|e| e.to_string()))
        .and_then(|text| Summary::from_json(&text).map_err(|e| e.to_string()))
        .map_err(|e| {
            crate::errln!("{}: {}: {e}", style.red(t(lang, "fel", "error")), path.display());
            EXIT_BAD_INPUT
        })
}

/// Refuses a previous summary made with another pack (id or version) unless
/// `allow_other_pack`; with it, warns and lists the requirements that differ.
///
/// # Errors
///
/// The exit code (2) after printing why, when the summary is refused.
fn guard_previous(pack: &granska::Pack, previous: &Summary, path: &Path, allow_other_pack: bool, lang: Lang) -> Result<(), u8> {
    let style = Style::new(stderr_color());
    let mine = Accumulator::new(pack).finish();
    let Some(why) = mine.other_pack(previous) else { return Ok(()) };
    let changes = mine.requirement_changes(previous);
    let list = if changes.is_empty() {
        format!("  {}\n", t(lang, "inga krav skiljer sig", "no requirement differs"))
    } else {
        granska::changes_text(&changes, lang).lines().map(|l| format!("  {l}\n")).collect()
    };
    if allow_other_pack {
        crate::errln!("{}: {}: {}; {}:", style.yellow(t(lang, "varning", "warning")), path.display(), why.get(lang), t(lang, "krav som skiljer sig", "requirements that differ"));
        crate::err!("{list}");
        Ok(())
    } else {
        crate::errln!(
            "{}: {}: {}; {}:",
            style.red(t(lang, "fel", "error")),
            path.display(),
            why.get(lang),
            t(lang, "förändringarna jämförs inte, krav som skiljer sig", "changes are not compared, requirements that differ")
        );
        crate::err!("{list}");
        crate::errln!(
            "{}",
            t(
                lang,
                "tips: --allow-other-pack jämför ändå (siffrorna för krav som ändrats kan då inte jämföras rakt av)",
                "hint: --allow-other-pack compares anyway (the figures of changed requirements may then not be comparable)"
            )
        );
        Err(EXIT_BAD_INPUT)
    }
}

fn read_one(pack: &granska::Pack, path: &Path, acc: &mut Accumulator, reporter: &mut Reporter) {
    match read_report_file(pack, path) {
        Ok(answers) => {
            let file = path.display().to_string();
            for issue in answers.issues() {
                reporter.problem(&InputProblem::from_issue(&file, answers.provider(), issue));
            }
            if let Some(p) = acc.add_at(&answers, &file, None) {
                reporter.problem(&p);
            }
        }
        Err(p) => {
            reporter.problem(&p);
            acc.reject(p);
        }
    }
}
