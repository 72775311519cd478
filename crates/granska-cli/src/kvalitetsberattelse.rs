//! `granska kvalitetsberattelse`: the committee's quality report drafted from its risk
//! register (checked with the register pack, the built-in `riskanalys/riskregister.yaml` by
//! default), the year's follow-up summary (`granska summarize --format json`) for the lex
//! Sarah and complaints figures, and the team's Markdown prose; HTML (as `granska report`),
//! Markdown, or the register as JSON (risks with their levels, actions, matrix, verdicts).

use std::path::{Path, PathBuf};

use granska::Lang;
use granska_summary::Summary;
use granska_summary::export::InputProblem;
use granska_summary::report::Prose;
use granska_summary::risk::{QualityStory, REGISTER_PACK, RiskModel, RiskRegister, STORY_SLOTS};

use crate::inputs::{MAX_REPORT_BYTES, is_bad_input, print_problem, read_capped, read_report_file};
use crate::output::{Style, stderr_color, t, write_out};
use crate::quality::load_or_builtin;
use crate::{EXIT_BAD_INPUT, EXIT_OK, PackArgs};

/// What `kvalitetsberattelse` writes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One self-contained HTML page.
    Html,
    /// Markdown.
    Md,
    /// The register as JSON: risks with their levels, actions, the matrix, the verdicts.
    Json,
}

pub struct Args {
    pub pack: PackArgs,
    pub summary: Option<PathBuf>,
    pub prose: Option<PathBuf>,
    pub title: Option<String>,
    pub format: Option<Format>,
    pub output: Option<PathBuf>,
    pub register: PathBuf,
}

/// The format asked for, else the one the output file's extension names, else HTML.
fn format_of(args: &Args) -> Format {
    args.format.unwrap_or_else(|| match args.output.as_deref().and_then(Path::extension).and_then(|e| e.to_str()) {
        Some("md" | "markdown") => Format::Md,
        Some("json") => Format::Json,
        _ => Format::Html,
    })
}

fn fail(lang: Lang, what: &str, message: &str) -> u8 {
    crate::errln!("{}: {what}: {message}", Style::new(stderr_color()).red(t(lang, "fel", "error")));
    EXIT_BAD_INPUT
}

/// Last year's or this year's follow-up summary, read from its JSON.
fn read_summary(path: &Path, lang: Lang) -> Result<Summary, u8> {
    let shown = path.display().to_string();
    let bytes = read_capped(path).map_err(|e| fail(lang, &shown, &e.to_string()))?;
    if bytes.len() as u64 > MAX_REPORT_BYTES {
        return Err(fail(lang, &shown, t(lang, "filen är för stor", "the file is too large")));
    }
    let text = String::from_utf8(bytes).map_err(|e| fail(lang, &shown, &format!("{}: {e}", t(lang, "filen är inte UTF-8", "the file is not UTF-8"))))?;
    Summary::from_json(&text)
        .map_err(|e| fail(lang, &shown, &format!("{}: {e}", t(lang, "ingen sammanställning (granska summarize --format json)", "not a summary (granska summarize --format json)"))))
}

pub fn run(args: Args, lang: Lang) -> u8 {
    let style = Style::new(stderr_color());
    let pack = match load_or_builtin(&args.pack, REGISTER_PACK, lang) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let model = match RiskModel::new(&pack) {
        Ok(m) => m,
        Err(e) => return fail(lang, t(lang, "regelpaketet", "the pack"), &e.message(lang)),
    };
    let file = args.register.display().to_string();
    let answers = match read_report_file(&pack, &args.register) {
        Ok(a) => a,
        Err(p) => {
            print_problem(&p, lang, style);
            return EXIT_BAD_INPUT;
        }
    };
    let mut bad = false;
    for issue in answers.issues() {
        let p = InputProblem::from_issue(&file, answers.provider(), issue);
        bad |= is_bad_input(&p);
        print_problem(&p, lang, style);
    }
    let register = match RiskRegister::from_answers(&pack, &model, &answers) {
        Ok(r) => r,
        Err(e) => return fail(lang, t(lang, "regelpaketet", "the pack"), &e.message(lang)),
    };
    let followup = match &args.summary {
        None => None,
        Some(path) => match read_summary(path, lang) {
            Ok(s) => Some(s),
            Err(c) => return c,
        },
    };
    // A follow-up of another year is used as given (the page names its year), but said.
    if let Some(year) = followup.as_ref().and_then(|s| s.period.as_ref()).and_then(|p| p.to.get(..4)).filter(|y| *y != register.year()) {
        crate::errln!(
            "{}: {}",
            style.yellow(t(lang, "varning", "warning")),
            match lang {
                Lang::Sv => format!("sammanställningen avser {year}, riskregistret {}", register.year()),
                Lang::En => format!("the summary is of {year}, the risk register of {}", register.year()),
            }
        );
    }
    let prose = match &args.prose {
        None => Prose::new(),
        Some(dir) => match Prose::from_dir_with(dir, STORY_SLOTS) {
            Ok(p) => p,
            Err(e) => {
                for p in &e.problems {
                    print_problem(p, lang, style);
                }
                return EXIT_BAD_INPUT;
            }
        },
    };
    let story = QualityStory { register: &register, followup: followup.as_ref(), prose: &prose, title: args.title.as_deref() };
    let text = match format_of(&args) {
        Format::Html => story.to_html(lang),
        Format::Md => story.to_markdown(lang),
        Format::Json => register.to_json(),
    };
    if let Err(e) = write_out(args.output.as_deref(), &text, lang) {
        return fail(lang, t(lang, "utdata", "output"), &e);
    }
    crate::errln!(
        "{}{}",
        t(lang, "kvalitetsberättelsen är skriven", "the quality report is written"),
        args.output.as_ref().map(|p| format!(" → {}", p.display())).unwrap_or_default()
    );
    if bad { EXIT_BAD_INPUT } else { EXIT_OK }
}
