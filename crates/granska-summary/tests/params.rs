//! Pack parameters in the yearly summary: listed with their values, where the values come
//! from, and which are examples.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use granska::{Pack, ParamValue};

fn pack() -> Pack {
    Pack::from_yaml(include_str!("../../../tests/packs/params-demo.yaml"), "demo.yaml").expect("the pack loads")
}

#[test]
fn the_summary_lists_parameters_with_their_values() {
    let pack = pack().with_params_yaml("municipality: Värmdö kommun\nyear: 2017\nparameters: { examen_andel: 30 }", "varmdo.yaml").expect("applies");
    let mut acc = granska_summary::Accumulator::new(&pack);
    let json = serde_json::json!({"provider": "P1", "service": "jourhem", "date": "2017-12-31", "answers": {"personal.antal": 10, "personal.med_examen": 4}});
    acc.add(&pack.read_report(&json).expect("reads"));
    let summary = acc.finish();
    let p = summary.parameters.iter().find(|p| p.id == "examen_andel").expect("listed");
    assert_eq!((p.value.clone(), p.example, p.source.as_deref()), (ParamValue::Number(30.0), false, Some("varmdo.yaml")));
    let e = summary.parameters.iter().find(|p| p.id == "erfarenhet_ar").expect("listed");
    assert!(e.example);
    let md = summary.to_markdown(granska::Lang::Sv);
    assert!(md.contains("## Parametrar"), "{md}");
    assert!(md.contains("Parametrar från varmdo.yaml (Värmdö kommun, 2017)."), "{md}");
    assert!(md.contains("| param.examen\\_andel | Lägsta andel personal med examen | 30 procent | varmdo.yaml |"), "{md}");
    assert!(md.contains("| param.erfarenhet\\_ar | År av erfarenhet | 2 | exempelvärde |"), "{md}");
    assert!(summary.to_csv(granska::Lang::En).contains("parameter,all,param.erfarenhet_ar,Years of experience"));
    let json = summary.to_json();
    assert_eq!(granska_summary::Summary::from_json(&json).expect("reads back"), summary);
}
