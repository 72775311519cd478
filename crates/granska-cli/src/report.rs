//! `granska report`: the annual report (verksamhetsrapport) as one self-contained HTML page
//! from the year's self-report export (summarised as `summarize` does, with the roster and
//! last year's summary), the audit records and the user survey (each with last year's, when
//! given) and the team's Markdown prose.

use std::path::PathBuf;

use granska::Lang;
use granska_summary::report::{Prose, ReportInputs};
use granska_summary::survey::SurveySummary;

use crate::inputs::print_problem;
use crate::output::{Style, stderr_color, t, write_out};
use crate::quality::{CHECKLIST, SURVEY_PACK, audit_summary, compare_with_previous, load_or_builtin, read_survey};
use crate::{EXIT_BAD_INPUT, EXIT_OK, PackArgs, load_pack, summarize};

pub struct Args {
    pub summarize: summarize::Args,
    pub checklist: Option<PathBuf>,
    pub audits: Vec<PathBuf>,
    pub previous_audits: Option<PathBuf>,
    pub audit_sheet: Option<String>,
    pub notes: bool,
    pub survey_pack: Option<PathBuf>,
    pub survey_params: Option<PathBuf>,
    pub survey: Option<PathBuf>,
    pub asked: Option<PathBuf>,
    pub threshold: Option<u32>,
    pub previous_survey: Option<PathBuf>,
    pub history: Vec<PathBuf>,
    pub id_mapping: Option<PathBuf>,
    pub prose: Option<PathBuf>,
    pub title: Option<String>,
    pub output: Option<PathBuf>,
}

pub fn run(args: Args, lang: Lang) -> u8 {
    let pack = match load_pack(&args.summarize.pack, lang) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let (summary, _, mut bad) = match summarize::build(&args.summarize, &pack, lang) {
        Ok(b) => b,
        Err(c) => return c,
    };
    let audits = if args.audits.is_empty() {
        None
    } else {
        let checklist = match load_or_builtin(&PackArgs { pack: args.checklist.clone(), params: None }, CHECKLIST, lang) {
            Ok(p) => p,
            Err(c) => return c,
        };
        match audit_summary(&checklist, &args.audits, args.audit_sheet.clone(), args.notes, args.previous_audits.as_deref(), lang) {
            Ok((a, b)) => {
                bad |= b;
                Some(a)
            }
            Err(c) => return c,
        }
    };
    let survey = match &args.survey {
        None => None,
        Some(export) => {
            let survey_pack = match load_or_builtin(&PackArgs { pack: args.survey_pack.clone(), params: args.survey_params.clone() }, SURVEY_PACK, lang) {
                Ok(p) => p,
                Err(c) => return c,
            };
            match read_survey(&survey_pack, export, args.asked.as_deref(), args.threshold, None, None, lang) {
                Ok((mut s, b)) => {
                    bad |= b;
                    if let Some(path) = &args.previous_survey
                        && let Err(c) = compare_with_previous(&mut s, path, SurveySummary::from_json, SurveySummary::compare_with, lang)
                    {
                        return c;
                    }
                    Some(s)
                }
                Err(c) => return c,
            }
        }
    };
    let prose = match &args.prose {
        None => Prose::new(),
        Some(dir) => match Prose::from_dir(dir) {
            Ok(p) => p,
            Err(e) => {
                for p in &e.problems {
                    print_problem(p, lang, Style::new(stderr_color()));
                }
                return EXIT_BAD_INPUT;
            }
        },
    };
    // The column mapping was read (and checked) when the year was summarised.
    let export_options = granska_summary::export::ExportOptions {
        mapping: args.summarize.year.mapping.as_ref().and_then(|p| granska_summary::export::Mapping::from_path(p).ok()),
        sheet: args.summarize.sheet.clone(),
    };
    let history = if args.history.is_empty() {
        None
    } else {
        match crate::history::build_with_year(&pack, &args.summarize.inputs, &args.history, &export_options, args.summarize.year.from, args.id_mapping.as_deref(), lang) {
            Ok((h, b)) => {
                bad |= b;
                Some(h)
            }
            Err(c) => return c,
        }
    };
    let inputs =
        ReportInputs { pack: &pack, summary: &summary, audits: audits.as_ref(), survey: survey.as_ref(), prose: &prose, title: args.title.as_deref(), history: history.as_ref() };
    let html = inputs.to_html(lang);
    if let Err(e) = write_out(args.output.as_deref(), &html, lang) {
        crate::errln!("{}: {e}", t(lang, "fel", "error"));
        return EXIT_BAD_INPUT;
    }
    crate::errln!("{}{}", t(lang, "rapporten är skriven", "the report is written"), args.output.as_ref().map(|p| format!(" → {}", p.display())).unwrap_or_default());
    if bad { EXIT_BAD_INPUT } else { EXIT_OK }
}
