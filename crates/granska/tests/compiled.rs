//! The compiled pack file (`Pack::to_compiled` / `Pack::from_compiled`) through the public
//! API: every built-in and test pack round-trips to the same pack (every item, compiled
//! rules included, the content hash, the warnings and sources); a pack loaded from YAML and
//! the same pack loaded from its compiled form give byte-identical reports on generated
//! packs and answers; damaged, truncated, foreign and other-version files give the right
//! error and never panic. (The conformance cases run against compiled packs too:
//! `tests/conformance.rs`.)

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use granska::{COMPILED_FORMAT_VERSION, CompiledPackError, Pack, testing};
use proptest::prelude::*;
use sha2::{Digest, Sha256};

const DEMO: &str = include_str!("../../../tests/packs/params-demo.yaml");

/// Bytes before the payload: magic (12), version (4), content hash (64), length (8).
const HEADER: usize = 88;

/// Every part of a pack, compiled rules included (their `Debug` form), to compare two packs.
fn parts(pack: &Pack) -> String {
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        pack.info(),
        pack.services(),
        pack.parameters(),
        pack.params_file(),
        pack.questions(),
        pack.derived(),
        pack.requirements(),
        pack.indicators(),
        pack.warnings(),
        pack.sources(),
        pack.to_sources(),
    )
}

/// Writes `pack` compiled, reads it back, and checks that nothing changed.
fn round_trip(pack: &Pack, what: &str) -> Pack {
    let bytes = pack.to_compiled();
    let again = Pack::from_compiled(&bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(again.content_hash(), pack.content_hash(), "{what}: content hash");
    assert_eq!(again.identity(), pack.identity(), "{what}: identity");
    assert_eq!(parts(&again), parts(pack), "{what}: the pack read back differs");
    assert_eq!(again.to_compiled(), bytes, "{what}: written again, the bytes differ");
    again
}

/// `bytes` with its checksum computed again, as a file written by other means would have.
fn reseal(mut bytes: Vec<u8>) -> Vec<u8> {
    let end = bytes.len() - 32;
    let sum = Sha256::digest(&bytes[..end]);
    bytes[end..].copy_from_slice(&sum);
    bytes
}

fn demo_bytes() -> Vec<u8> {
    Pack::from_yaml(DEMO, "demo.yaml").unwrap().to_compiled()
}

#[test]
fn every_built_in_pack_file_round_trips() {
    let files = Pack::builtin_files();
    assert!(files.len() > 10, "the built-in pack files are found");
    for file in files {
        // Some built-in files are parts included by others and do not load alone.
        if let Ok(pack) = Pack::builtin_file(file) {
            round_trip(&pack, file);
        }
    }
    round_trip(&Pack::builtin().unwrap(), "builtin");
}

#[test]
fn the_built_in_pack_compiled_gives_the_same_reports_on_the_examples() {
    let pack = Pack::builtin().unwrap();
    let compiled = Pack::from_compiled(&pack.to_compiled()).unwrap();
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/reports");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let (Ok(a), Ok(b)) = (pack.read_report_yaml(&text), compiled.read_report_yaml(&text)) else { continue };
        assert_eq!(serde_json::to_string(&pack.check(&a)).unwrap(), serde_json::to_string(&compiled.check(&b)).unwrap(), "{}", entry.path().display());
        assert_eq!(serde_json::to_string(&pack.form_state(&a)).unwrap(), serde_json::to_string(&compiled.form_state(&b)).unwrap());
        n += 1;
    }
    assert!(n >= 12, "the example reports are read");
}

/// Without its YAML files: the same pack, hash and reports in far fewer bytes; a parameters
/// file is refused saying why, and the pack gives no YAML files to recompile.
#[test]
fn a_compiled_pack_without_its_sources_checks_alike_and_refuses_parameters() {
    for (pack, what) in [(Pack::builtin().unwrap(), "builtin"), (Pack::from_yaml(DEMO, "demo.yaml").unwrap(), "demo")] {
        let full = pack.to_compiled();
        let bytes = pack.to_compiled_without_sources();
        assert!(bytes.len() * 2 < full.len(), "{what}: {} bytes without the YAML, {} with", bytes.len(), full.len());
        let lean = Pack::from_compiled(&bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(lean.content_hash(), pack.content_hash(), "{what}");
        assert_eq!(lean.identity(), pack.identity(), "{what}");
        assert_eq!(
            format!("{:?}{:?}{:?}", lean.questions(), lean.requirements(), lean.warnings()),
            format!("{:?}{:?}{:?}", pack.questions(), pack.requirements(), pack.warnings()),
            "{what}"
        );
        assert!(lean.sources().is_empty() && lean.to_sources().files.is_empty(), "{what}");
        assert_eq!(lean.to_compiled_without_sources(), bytes, "{what}: written again, the bytes differ");
        let error = lean.with_params_yaml("parameters: {}", "params.yaml").unwrap_err();
        assert_eq!(error.diagnostics.len(), 1);
        assert_eq!(error.diagnostics[0].code.as_str(), "include");
        assert!(
            error.diagnostics[0].message.contains("written without its YAML files") && error.diagnostics[0].message.contains("granska compile --params"),
            "{}",
            error.diagnostics[0].message
        );
    }
    // The same reports on the example reports.
    let pack = Pack::builtin().unwrap();
    let lean = Pack::from_compiled(&pack.to_compiled_without_sources()).unwrap();
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/reports");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let (Ok(a), Ok(b)) = (pack.read_report_yaml(&text), lean.read_report_yaml(&text)) else { continue };
        assert_eq!(serde_json::to_string(&pack.check(&a)).unwrap(), serde_json::to_string(&lean.check(&b)).unwrap(), "{}", entry.path().display());
        n += 1;
    }
    assert!(n >= 12, "the example reports are read");
}

#[test]
fn every_test_pack_round_trips_with_and_without_parameters() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/packs");
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let pack = Pack::from_path(entry.path()).unwrap();
        round_trip(&pack, &entry.path().display().to_string());
    }
    let pack = Pack::from_yaml(DEMO, "demo.yaml").unwrap();
    let params = "municipality: Nacka kommun\nyear: 2017\nparameters: { examen_andel: 80, kommun: Nacka }\n";
    let set = pack.with_params_yaml(params, "nacka-2017.yaml").unwrap();
    let compiled = round_trip(&set, "demo with parameters");
    assert_eq!(compiled.params_file(), set.params_file());
    assert!(compiled.params_file().is_some());
}

#[test]
fn a_compiled_pack_takes_a_parameters_file_and_pickles_like_its_yaml() {
    let pack = Pack::from_yaml(DEMO, "demo.yaml").unwrap();
    let compiled = Pack::from_compiled(&pack.to_compiled()).unwrap();
    let params = "parameters: { examen_andel: 80 }";
    let a = pack.with_params_yaml(params, "p.yaml").unwrap();
    let b = compiled.with_params_yaml(params, "p.yaml").unwrap();
    assert_eq!(parts(&a), parts(&b));
    // Its errors are located in the parameters file, as for a YAML pack.
    let e = compiled.with_params_yaml("parameters: { examen_andel: 150 }", "p.yaml").unwrap_err();
    assert_eq!(e.diagnostics[0].file, "p.yaml");
    assert!(e.diagnostics[0].message.contains("at most 100"), "{e}");
    // The sources it carries compile to the same pack.
    let from_sources = Pack::from_sources(&compiled.to_sources()).unwrap();
    assert_eq!(from_sources.content_hash(), pack.content_hash());
}

#[test]
fn warnings_render_from_a_compiled_pack_with_their_source_lines() {
    let text = "pack: { id: w, title: { sv: W, en: W } }\nquestions:\n  - { id: a, type: bool, label: { sv: A, en: A } }\n  - { id: b, type: bool, label: { sv: B, en: B } }\nrequirements:\n  - { id: r, title: { sv: R, en: R }, source: S, severity: krav, area: trygghet, message: { sv: M, en: M }, require: \"a\" }\n";
    let pack = Pack::from_yaml(text, "w.yaml").unwrap();
    assert!(!pack.warnings().is_empty(), "question b is read by no rule");
    let compiled = Pack::from_compiled(&pack.to_compiled()).unwrap();
    let a = granska::render_diagnostics(pack.warnings(), pack.sources(), false);
    let b = granska::render_diagnostics(compiled.warnings(), compiled.sources(), false);
    assert_eq!(a, b);
    assert!(b.contains("w.yaml:4"), "{b}");
}

#[test]
fn the_file_has_the_documented_layout() {
    let pack = Pack::from_yaml(DEMO, "demo.yaml").unwrap();
    let bytes = pack.to_compiled();
    assert_eq!(&bytes[..12], b"GRANSKA\0PACK");
    assert_eq!(u32::from_le_bytes(bytes[12..16].try_into().unwrap()), COMPILED_FORMAT_VERSION);
    assert_eq!(&bytes[16..80], pack.content_hash().as_bytes());
    let n = u64::from_le_bytes(bytes[80..88].try_into().unwrap()) as usize;
    assert_eq!(bytes.len(), HEADER + n + 32);
    assert_eq!(&bytes[HEADER + n..], Sha256::digest(&bytes[..HEADER + n]).as_slice());
    assert!(granska::is_compiled_pack(&bytes));
    assert!(!granska::is_compiled_pack(DEMO.as_bytes()));
}

#[test]
fn bytes_that_are_no_compiled_pack_are_refused_as_such() {
    for bytes in [&b""[..], DEMO.as_bytes(), b"GRANSKA\0PACX\x01\0\0\0", b"\x7fELF", b"granska\0pack"] {
        assert_eq!(Pack::from_compiled(bytes).unwrap_err(), CompiledPackError::NotCompiled, "{bytes:?}");
    }
    let e = Pack::from_compiled(DEMO.as_bytes()).unwrap_err();
    assert_eq!(e.kind(), "not-compiled");
    assert!(e.to_string().contains("not a compiled granska pack"), "{e}");
}

#[test]
fn another_format_version_is_refused_with_both_versions_named() {
    let bytes = demo_bytes();
    for (version, word) in [(COMPILED_FORMAT_VERSION + 1, "newer"), (u32::MAX, "newer"), (0, "older")] {
        let mut other = bytes.clone();
        other[12..16].copy_from_slice(&version.to_le_bytes());
        // Whatever follows the version: a file of another version is not read further.
        for file in [other.clone(), reseal(other.clone()), other[..16].to_vec()] {
            let e = Pack::from_compiled(&file).unwrap_err();
            assert_eq!(e, CompiledPackError::Version { found: version, supported: COMPILED_FORMAT_VERSION });
            let message = e.to_string();
            assert!(message.contains(word) && message.contains(&format!("format {version}")) && message.contains(&format!("reads format {COMPILED_FORMAT_VERSION}")), "{message}");
        }
    }
}

#[test]
fn every_truncation_is_refused_as_truncated() {
    let bytes = demo_bytes();
    for len in 1..bytes.len() {
        match Pack::from_compiled(&bytes[..len]) {
            Err(CompiledPackError::Truncated { found, expected }) => {
                assert_eq!(found, len as u64);
                assert!(expected > found);
                if len >= HEADER {
                    assert_eq!(expected, bytes.len() as u64, "the header names the whole length");
                }
            }
            other => panic!("{len} of {} bytes: {other:?}", bytes.len()),
        }
    }
}

#[test]
fn a_changed_byte_or_a_byte_more_is_found_by_the_checksum() {
    let bytes = demo_bytes();
    for i in 16..bytes.len() {
        let mut damaged = bytes.clone();
        damaged[i] ^= 0x20;
        match Pack::from_compiled(&damaged) {
            Err(CompiledPackError::Corrupt { .. }) => {}
            // The payload length: the file is then shorter or longer than the header says.
            Err(CompiledPackError::Truncated { .. }) if (80..HEADER).contains(&i) => {}
            other => panic!("byte {i} changed: {other:?}"),
        }
    }
    let mut longer = bytes.clone();
    longer.push(0);
    let e = Pack::from_compiled(&longer).unwrap_err();
    assert_eq!(e.kind(), "corrupt");
    assert!(e.to_string().contains("1 bytes after its checksum"), "{e}");
    let mut damaged = bytes;
    damaged[HEADER + 5] ^= 1;
    assert!(Pack::from_compiled(&damaged).unwrap_err().to_string().contains("checksum does not match"));
}

#[test]
fn a_header_naming_another_content_hash_is_refused() {
    let bytes = demo_bytes();
    let mut other = bytes.clone();
    other[16..80].copy_from_slice(&[b'a'; 64]);
    let e = Pack::from_compiled(&reseal(other)).unwrap_err();
    let CompiledPackError::HashMismatch { expected, found } = &e else { panic!("{e:?}") };
    assert_eq!(expected, &"a".repeat(64));
    assert_eq!(found.as_bytes(), &bytes[16..80]);
    let mut not_hex = bytes;
    not_hex[16] = b'G';
    assert_eq!(Pack::from_compiled(&reseal(not_hex)).unwrap_err().kind(), "invalid");
}

#[test]
fn a_payload_that_is_no_pack_is_refused_as_invalid() {
    let bytes = demo_bytes();
    // A payload cut short, its length and checksum made to fit.
    let n = bytes.len() - HEADER - 32;
    for keep in [0, 1, n / 2, n - 1] {
        let mut file = bytes[..HEADER + keep].to_vec();
        file[80..88].copy_from_slice(&(keep as u64).to_le_bytes());
        file.extend_from_slice(&[0; 32]);
        let e = Pack::from_compiled(&reseal(file)).unwrap_err();
        assert_eq!(e.kind(), "invalid", "{keep}: {e}");
    }
}

/// A stored pattern that does not build (a file written by other means) is refused as
/// invalid, naming the item whose expression holds it and the pattern.
#[test]
fn a_stored_pattern_that_does_not_build_is_named_with_its_item() {
    let yaml = |where_: &str| {
        format!(
            r#"
pack: {{ id: m, title: {{ sv: M, en: M }} }}
questions:
  - {{ id: orgnr, type: text, label: {{ sv: O, en: O }}{} }}
  - {{ id: styrelse, type: list, label: {{ sv: S, en: S }}, fields: [{{ id: pnr, type: text, label: {{ sv: P, en: P }} }}] }}
derived:
  - {{ id: formen, expr: '{}' }}
requirements:
  - {{ id: orgnr_form, title: {{ sv: O, en: O }}, source: S, severity: bor, area: kunskapsbaserad, message: {{ sv: M, en: M }}, require: '{}' }}
indicators:
  - {{ id: andel, title: {{ sv: A, en: A }}, kind: share, count: '{}', of: '{}', denominator: {{ sv: D, en: D }} }}
  - {{ id: summa, title: {{ sv: S, en: S }}, kind: sum, sum: '{}' }}
"#,
            if where_ == "question" { r#", constraint: 'matches(., "^[0-9]+$")', constraint_message: { sv: F, en: F }"# } else { "" },
            if where_ == "derived" { r#"matches(orgnr, "^[0-9]+$")"# } else { "answered(orgnr)" },
            match where_ {
                "requirement" => r#"matches(orgnr, "^[0-9]+$")"#,
                "loop" => r#"not any(s in styrelse, matches(s.pnr, "^[0-9]+$"))"#,
                _ => "formen",
            },
            if where_ == "count" { r#"matches(orgnr, "^[0-9]+$")"# } else { "answered(orgnr)" },
            if where_ == "of" { r#"matches(orgnr, "^[0-9]+$")"# } else { "answered(orgnr)" },
            if where_ == "sum" { r#"count(s in styrelse, matches(s.pnr, "^[0-9]+$"))"# } else { "count(styrelse)" },
        )
    };
    for (where_, item) in [
        ("requirement", "requirement `orgnr_form`"),
        ("question", "question `orgnr`"),
        ("derived", "derived value `formen`"),
        ("loop", "requirement `orgnr_form`"),
        ("count", "indicator `andel`"),
        ("of", "indicator `andel`"),
        ("sum", "indicator `summa`"),
    ] {
        let bytes = Pack::from_yaml(&yaml(where_), "m.yaml").unwrap_or_else(|e| panic!("{where_}: {}", e.render(false))).to_compiled_without_sources();
        // The stored pattern: its length (8), then its text; `$` becomes an unclosed `(`.
        let at = bytes.windows(9).position(|w| w == b"\x08^[0-9]+$").expect("the pattern is stored");
        let mut damaged = bytes.clone();
        damaged[at + 8] = b'(';
        let e = Pack::from_compiled(&reseal(damaged)).unwrap_err();
        assert_eq!(e.kind(), "invalid", "{e}");
        assert!(e.to_string().contains(&format!("{item}: the pattern `^[0-9]+(` does not compile")), "{e}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// A pack loaded from YAML and the same pack loaded from its compiled form give
    /// byte-identical reports (and form states) on generated packs and answers.
    #[test]
    fn yaml_and_compiled_packs_give_identical_reports(bytes in prop::collection::vec(any::<u8>(), 0..1500)) {
        let case = testing::generate(&bytes);
        let Ok(pack) = Pack::from_yaml(&case.pack, "case.yaml") else { return Ok(()) };
        let compiled = round_trip(&pack, "generated pack");
        let (a, b) = (pack.read_report(&case.report), compiled.read_report(&case.report));
        prop_assert_eq!(a.is_ok(), b.is_ok());
        if let (Ok(a), Ok(b)) = (a, b) {
            prop_assert_eq!(serde_json::to_string(&pack.check(&a)).unwrap(), serde_json::to_string(&compiled.check(&b)).unwrap());
            prop_assert_eq!(serde_json::to_string(&pack.form_state(&a)).unwrap(), serde_json::to_string(&compiled.form_state(&b)).unwrap());
        }
    }

    /// Changed payload bytes under a matching checksum (a file written by other means) are
    /// refused or read as some pack, never a panic; a pack read that way evaluates.
    #[test]
    fn a_changed_payload_under_a_matching_checksum_never_panics(changes in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut bytes = demo_bytes();
        let n = bytes.len() - HEADER - 32;
        for (at, byte) in changes {
            bytes[HEADER + at.index(n)] = byte;
        }
        if let Ok(pack) = Pack::from_compiled(&reseal(bytes)) {
            let report = serde_json::json!({ "provider": "P", "service": "jourhem", "date": "2017-12-31", "answers": {} });
            if let Ok(answers) = pack.read_report(&report) {
                let _ = pack.check(&answers);
                let _ = pack.form_state(&answers);
            }
        }
    }
}

/// The embedded load (`Pack::from_compiled_embedded`, for bytes built into the program) gives
/// the same pack, content hash and reports as the checked load; it still refuses bytes that
/// are no pack, another version, a truncated file and a payload that does not decode, and
/// never panics on a damaged file; only the two integrity checks are skipped.
#[test]
fn the_embedded_load_gives_the_same_pack_and_still_refuses_what_is_no_pack() {
    let pack = Pack::builtin().unwrap();
    let bytes = pack.to_compiled_without_sources();
    let embedded = Pack::from_compiled_embedded(&bytes).unwrap();
    let checked = Pack::from_compiled(&bytes).unwrap();
    assert_eq!(embedded.content_hash(), pack.content_hash());
    assert_eq!(embedded.identity(), checked.identity());
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/reports");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let Ok(answers) = pack.read_report_yaml(&text) else { continue };
        assert_eq!(serde_json::to_string(&checked.check(&answers)).unwrap(), serde_json::to_string(&embedded.check(&answers)).unwrap(), "{}", entry.path().display());
        n += 1;
    }
    assert!(n >= 12, "the example reports are read");

    assert_eq!(Pack::from_compiled_embedded(DEMO.as_bytes()).unwrap_err(), CompiledPackError::NotCompiled);
    let mut other = bytes.clone();
    other[12..16].copy_from_slice(&(COMPILED_FORMAT_VERSION + 1).to_le_bytes());
    assert!(matches!(Pack::from_compiled_embedded(&other).unwrap_err(), CompiledPackError::Version { .. }));
    assert!(matches!(Pack::from_compiled_embedded(&bytes[..bytes.len() / 2]).unwrap_err(), CompiledPackError::Truncated { .. }));
    // Every byte of the payload flipped in turn (a sample): an error or a pack, never a panic.
    for at in (HEADER..bytes.len() - 32).step_by(997) {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0xA5;
        assert!(matches!(Pack::from_compiled(&damaged).unwrap_err(), CompiledPackError::Corrupt { .. }), "the checked load sees the damage at {at}");
        let _ = Pack::from_compiled_embedded(&damaged);
    }
}

#[test]
fn a_compiled_pack_file_is_told_by_its_magic_bytes_and_refused_past_64_mib() {
    let dir = std::env::temp_dir().join(format!("granska-compiled-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let compiled = dir.join("pack.bin");
    std::fs::write(&compiled, demo_bytes()).unwrap();
    let bytes = granska::read_compiled_pack_file(&compiled).unwrap().expect("a compiled file");
    assert_eq!(bytes, demo_bytes());
    assert!(Pack::from_compiled(&bytes).is_ok());
    // A YAML file (whatever its name), a folder and a path that does not exist are not compiled files.
    let yaml = dir.join("pack.granska");
    std::fs::write(&yaml, "pack: {id: x}\n").unwrap();
    for path in [yaml, dir.clone(), dir.join("missing.bin")] {
        assert!(granska::read_compiled_pack_file(&path).unwrap().is_none(), "{}", path.display());
    }
    // Past 64 MiB (a sparse file: no disk is used), refused before it is read.
    let large = dir.join("large.bin");
    let file = std::fs::File::create(&large).unwrap();
    std::io::Write::write_all(&mut &file, granska::COMPILED_MAGIC).unwrap();
    file.set_len(granska::MAX_COMPILED_PACK_BYTES + 1).unwrap();
    let err = granska::read_compiled_pack_file(&large).unwrap_err();
    assert!(matches!(err, granska::CompiledFileError::Pack(CompiledPackError::TooLarge)), "{err}");
    assert_eq!(CompiledPackError::TooLarge.kind(), "too-large");
    assert!(err.to_string().contains("larger than 64 MiB"), "{err}");
    // Exactly at the limit it is read (and is then no pack, but not too large).
    file.set_len(granska::MAX_COMPILED_PACK_BYTES).unwrap();
    assert_eq!(granska::read_compiled_pack_file(&large).unwrap().map(|b| b.len() as u64), Some(granska::MAX_COMPILED_PACK_BYTES));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Every list of the kinds of `CompiledPackError` outside the engine (the Python docstring
/// and stub, the WASM README, docs/pack-format.md; the TypeScript union is generated from
/// `KINDS`) names every kind the engine gives, and no other: they cannot drift apart.
#[test]
fn every_list_of_compiled_pack_error_kinds_is_the_engines() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let kinds = CompiledPackError::KINDS;
    assert_eq!(kinds.iter().collect::<std::collections::BTreeSet<_>>().len(), kinds.len(), "a kind is listed twice in {kinds:?}");
    for e in [
        CompiledPackError::NotCompiled,
        CompiledPackError::Version { found: 2, supported: 1 },
        CompiledPackError::Truncated { expected: 1, found: 0 },
        CompiledPackError::Corrupt { reason: String::new() },
        CompiledPackError::Invalid { reason: String::new() },
        CompiledPackError::Unsupported { reason: String::new() },
        CompiledPackError::NoNormalizer,
        CompiledPackError::TooLarge,
        CompiledPackError::HashMismatch { expected: String::new(), found: String::new() },
    ] {
        assert!(kinds.contains(&e.kind()), "{} is not in KINDS", e.kind());
    }
    // The texts between `quote`s that look like kinds (lowercase words joined by `-`).
    let quoted = |text: &str, quote: char| -> Vec<String> {
        text.split(quote).skip(1).step_by(2).filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '-')).map(str::to_string).collect()
    };
    let section = |file: &str, from: &str, to: &str| -> String {
        let text = std::fs::read_to_string(root.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let start = text.find(from).unwrap_or_else(|| panic!("{file} has no `{from}`"));
        let rest = &text[start + from.len()..];
        rest[..rest.find(to).unwrap_or(rest.len())].to_string()
    };
    let table = section("docs/pack-format.md", "| kind | when |", "\n\n");
    let lists = [
        ("bindings/python/src/errors.rs", quoted(&section("bindings/python/src/errors.rs", "`.kind` says why:", "`.diagnostics`"), '`')),
        ("bindings/python/python/granska/_granska.pyi", quoted(&section("bindings/python/python/granska/_granska.pyi", "kind: Literal[", "]"), '"')),
        ("bindings/wasm/README.md", quoted(&section("bindings/wasm/README.md", "whose `kind` says why", "\n- "), '`')),
        ("docs/pack-format.md", table.lines().filter_map(|l| l.strip_prefix("| `")?.split_once('`').map(|(k, _)| k.to_string())).collect()),
    ];
    let mut want: Vec<&str> = kinds.to_vec();
    want.sort_unstable();
    for (file, listed) in lists {
        let mut listed: Vec<&str> = listed.iter().map(String::as_str).collect();
        listed.sort_unstable();
        listed.dedup();
        assert_eq!(listed, want, "{file} lists other kinds than CompiledPackError::KINDS");
    }
}
