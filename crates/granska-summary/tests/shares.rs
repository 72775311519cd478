//! Share indicators and unanswered providers, through the public API: a provider whose
//! answer leaves a share unknown is never counted as "no" silently — it is left out of the
//! denominator (`base: answered`, the default) or counted in it (`base: respondents`), and the
//! unanswered count is shown beside the share in every output.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use granska::{Lang, Pack};
use granska_summary::{Accumulator, Summary};

fn pack(base: Option<&str>) -> Pack {
    let base = base.map(|b| format!("    base: {b}\n")).unwrap_or_default();
    let text = format!(
        "pack: {{ id: s, title: {{ sv: S, en: S }} }}
services: [{{ id: hem, label: {{ sv: Hem, en: Home }} }}]
questions:
  - {{ id: riskanalys, type: bool, label: {{ sv: R, en: R }} }}
  - {{ id: klagomal, type: integer, min: 0, label: {{ sv: K, en: K }} }}
  - {{ id: kunder, type: integer, min: 0, label: {{ sv: Ku, en: Cl }} }}
indicators:
  - id: andel_riskanalys
    title: {{ sv: har en riskanalys, en: have a risk analysis }}
    kind: share
    count: riskanalys
    denominator: {{ sv: verksamheter som besvarat frågan, en: providers that answered the question }}
{base}  - id: andel_klagomal_med_kunder
    title: {{ sv: har registrerat klagomål, en: registered complaints }}
    kind: share
    count: \"klagomal > 0\"
    of: \"kunder > 0\"
    denominator: {{ sv: verksamheter med kunder, en: providers with clients }}
  - id: antal_klagomal
    title: {{ sv: klagomål, en: complaints }}
    kind: sum
    sum: klagomal
    denominator: {{ sv: summa, en: total }}
"
    );
    Pack::from_yaml(&text, "s.yaml").expect("the pack loads")
}

/// 100 reports: 60 with a risk analysis, 39 without, 1 that left the question empty.
fn summary(pack: &Pack) -> Summary {
    let mut acc = Accumulator::new(pack);
    for i in 0..100 {
        let mut answers = serde_json::json!({"klagomal": i % 3, "kunder": if i < 90 { 5 } else { 0 }});
        if i < 60 {
            answers["riskanalys"] = true.into();
        } else if i < 99 {
            answers["riskanalys"] = false.into();
        }
        if i == 10 {
            // Unreadable or left empty: unknown, like an empty cell.
            answers.as_object_mut().expect("object").remove("klagomal");
        }
        if i == 11 {
            answers.as_object_mut().expect("object").remove("kunder");
        }
        let json = serde_json::json!({"provider": format!("P{i}"), "service": "hem", "date": "2017-12-31", "answers": answers});
        acc.add(&pack.read_report(&json).expect("reads"));
    }
    acc.finish()
}

#[test]
fn an_unanswered_provider_is_out_of_an_honest_denominator_and_shown() {
    let s = summary(&pack(None));
    let r = s.indicator("andel_riskanalys").expect("indicator");
    assert_eq!((r.figures.now.count, r.figures.now.of, r.figures.now.unanswered, r.figures.now.percent), (Some(60), Some(99), Some(1), Some(61)));
    assert_eq!(r.text.sv, "60 av 99 verksamheter, 61 procent; 1 obesvarad");
    assert_eq!(r.text.en, "60 of 99 providers, 61 percent; 1 unanswered");
    assert_eq!(r.base, Some(granska::ShareBase::Answered));
}

#[test]
fn over_respondents_the_unanswered_count_in_the_denominator_and_are_shown() {
    let s = summary(&pack(Some("respondents")));
    let r = s.indicator("andel_riskanalys").expect("indicator");
    assert_eq!((r.figures.now.count, r.figures.now.of, r.figures.now.unanswered), (Some(60), Some(100), Some(1)));
    assert_eq!(r.text.sv, "60 av 100 verksamheter, 60 procent; varav 1 obesvarad");
    assert_eq!(r.text.en, "60 of 100 providers, 60 percent; 1 of them unanswered");
}

#[test]
fn an_unknown_count_or_of_is_unanswered() {
    let s = summary(&pack(None));
    // 90 with clients (one of them, P10, without a complaints count), P11 without a
    // clients count: both unanswered, neither in the denominator.
    let k = s.indicator("andel_klagomal_med_kunder").expect("indicator");
    let with_complaints = (0..90).filter(|i| *i != 10 && *i != 11 && i % 3 > 0).count() as i64;
    assert_eq!((k.figures.now.count, k.figures.now.of, k.figures.now.unanswered), (Some(with_complaints), Some(88), Some(2)));
    let sum = s.indicator("antal_klagomal").expect("indicator");
    assert_eq!((sum.figures.now.answered, sum.figures.now.unanswered), (Some(99), Some(1)));
}

#[test]
fn every_output_shows_the_unanswered_count() {
    let s = summary(&pack(None));
    let json: serde_json::Value = serde_json::from_str(&s.to_json()).expect("JSON");
    let r = json["indicators"].as_array().and_then(|a| a.iter().find(|i| i["id"] == "andel_riskanalys")).expect("indicator");
    assert_eq!((r["unanswered"].as_i64(), r["base"].as_str()), (Some(1), Some("answered")));
    let csv = s.to_csv(Lang::Sv);
    let header: Vec<&str> = csv.lines().next().expect("header").split(',').collect();
    let col = header.iter().position(|c| *c == "unanswered").expect("an unanswered column");
    let row: Vec<&str> = csv.lines().find(|l| l.starts_with("indicator,all,andel_riskanalys,")).expect("row").split(',').collect();
    assert_eq!(row[col], "1");
    let md = s.to_markdown(Lang::Sv);
    assert!(md.contains("| Indikator | Antal | Av | Procent | Obesvarade | Nämnare |"), "{md}");
    assert!(md.contains("| har en riskanalys | 60 | 99 | 61") && md.contains(" | 1 | verksamheter som besvarat frågan |"), "{md}");
    // Per service type too, in the figure's words.
    assert!(md.contains("60 av 99 verksamheter, 61 procent; 1 obesvarad"), "{md}");
    let html = s.to_html(Lang::En);
    assert!(html.contains("<th>Unanswered</th>") || html.contains(">Unanswered<"), "{html}");
    assert!(html.contains("60 of 99 providers, 61 percent; 1 unanswered"));
}

#[test]
fn a_base_that_is_neither_is_a_located_error() {
    let text = "pack: { id: s, title: { sv: S, en: S } }\nquestions:\n  - { id: a, type: bool, label: { sv: A, en: A } }\nindicators:\n  - { id: i, title: { sv: I, en: I }, kind: share, count: a, base: svarande, denominator: { sv: d, en: d } }\n";
    let err = Pack::from_yaml(text, "b.yaml").expect_err("rejected");
    let d = &err.diagnostics[0];
    assert_eq!((d.code.as_str(), d.line), ("bad-value", 5));
    assert!(d.message.contains("unknown base `svarande`") && d.hint.as_deref().is_some_and(|h| h.contains("respondents")), "{d}");
}

#[test]
fn the_2017_figures_reproduce_beside_their_unanswered_count() {
    let pack = Pack::builtin().expect("builtin");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/export-2017.csv");
    let mut reader = granska_summary::export::ExportReader::from_path(&pack, &path, &granska_summary::export::ExportOptions::default()).expect("the example export opens");
    let mut acc = Accumulator::new(&pack);
    granska_summary::summarize_export(&mut reader, &mut acc, |_| {});
    let s = acc.finish();
    for (id, text) in
        [("andel_lex_sarah_utredningar", "5 av 96 verksamheter, 5 procent; 0 obesvarade"), ("andel_klagomal_registrerade", "41 av 96 verksamheter, 43 procent; 0 obesvarade")]
    {
        assert_eq!(s.indicator(id).expect("indicator").text.sv, text);
    }
}
