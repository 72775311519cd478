//! The yearly summary through the public API: the published 2017 figures from the example
//! export, rounding, three-valued indicators, roster, last year's comparison, determinism.

use granska::export::{ExportOptions, ExportReader};
use granska::summary::{percent, summarize_export, Accumulator, Progress, Roster, Summary};
use granska::Pack;

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn builtin() -> Pack {
    match Pack::builtin() {
        Ok(p) => p,
        Err(e) => panic!("the built-in pack does not load:\n{}", e.render(false)),
    }
}

fn summary_2017(pack: &Pack, roster: bool) -> (Summary, Vec<String>) {
    let path = root().join("examples/export-2017.csv");
    let mut reader = ExportReader::from_path(pack, &path, &ExportOptions::default()).expect("the example export opens");
    let mut acc = if roster {
        Accumulator::with_roster(pack, Roster::from_path(pack, root().join("examples/roster-2017.csv")).expect("the roster reads"))
    } else {
        Accumulator::new(pack)
    };
    let mut problems = vec![];
    summarize_export(&mut reader, &mut acc, |p| {
        if let Progress::Problem(p) = p {
            problems.push(p.render(granska::Lang::En));
        }
    });
    (acc.finish(), problems)
}

#[test]
fn published_2017_figures() {
    let pack = builtin();
    let (s, problems) = summary_2017(&pack, true);
    eprintln!("{problems:#?}");
    assert_eq!(s.reports.now.count, 96);
    let lex = s.indicator("andel_lex_sarah_utredningar").expect("indicator");
    assert_eq!((lex.figures.now.count, lex.figures.now.of, lex.figures.now.percent), (Some(5), Some(96), Some(5)));
    assert_eq!(lex.text.sv, "5 av 96 verksamheter, 5 procent");
    let lex_sum = s.indicator("antal_lex_sarah_utredningar").expect("indicator");
    assert_eq!(lex_sum.text.sv, "5 totalt");
    let compl = s.indicator("andel_klagomal_registrerade").expect("indicator");
    assert_eq!(compl.text.sv, "41 av 96 verksamheter, 43 procent");
    assert_eq!(compl.text.en, "41 of 96 providers, 43 percent");
    let compl_sum = s.indicator("antal_klagomal_registrerade").expect("indicator");
    assert_eq!(compl_sum.figures.now.total.map(|t| t.plain()), Some("161".to_string()));
    let held = s.service("heldygnsvard").and_then(|g| g.response.as_ref()).expect("response");
    assert_eq!((held.now.responded, held.now.invited, held.now.percent), (44, 92, Some(48)));
}

#[test]
fn percent_rounds_half_up() {
    assert_eq!(percent(41, 96), Some(43));
    assert_eq!(percent(5, 96), Some(5));
    assert_eq!(percent(1, 8), Some(13));
    assert_eq!(percent(1, 200), Some(1));
    assert_eq!(percent(0, 0), None);
}
