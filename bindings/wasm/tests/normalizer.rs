//! The runtime's engine (built without the `nfc-tables` feature, `--no-default-features`)
//! loads no pack until an NFC normaliser is registered, and then compares texts through it:
//! never un-normalised. Run natively: `cargo test -p granska-wasm --no-default-features
//! --test normalizer` (with the default `authoring` feature the engine has its tables and
//! the test has nothing to check). In the WASM runtime the normaliser is JavaScript's
//! `String.prototype.normalize` (tests/runtime.test.mjs).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

#[cfg(not(feature = "authoring"))]
#[test]
fn no_pack_loads_before_a_normaliser_is_registered_and_texts_go_through_it() {
    use granska::{CompiledPackError, Pack};

    /// A stand-in for `normalize('NFC')` that knows one composition: `a` + ring above.
    fn ring(text: &str) -> String {
        text.replace("a\u{30a}", "å")
    }

    let bytes = include_bytes!(concat!(env!("OUT_DIR"), "/builtin.gpack"));
    // Both loads refuse, naming the way out.
    for e in [Pack::from_compiled(bytes).unwrap_err(), Pack::from_compiled_embedded(bytes).unwrap_err()] {
        assert_eq!(e, CompiledPackError::NoNormalizer);
        assert_eq!(e.kind(), "no-normalizer");
        assert!(e.to_string().contains("granska::nfc::set_normalizer"), "{e}");
    }
    // Texts below U+0300 are NFC without a call; others go through the normaliser.
    assert!(granska::nfc::set_normalizer(ring));
    assert!(!granska::nfc::set_normalizer(str::to_owned), "the first normaliser stays");
    assert!(matches!(granska::nfc::nfc("Sårbarä"), std::borrow::Cow::Borrowed(_)));
    assert_eq!(granska::nfc::nfc("Sa\u{30a}rbara"), "Sårbara");
    let pack = Pack::from_compiled(bytes).unwrap();
    let report = |provider: &str| serde_json::json!({ "provider": provider, "service": "jourhem", "date": "2017-12-31", "answers": {} });
    assert_eq!(pack.read_report(&report("Solga\u{30a}rden")).unwrap().provider(), "Solgården");
}
