//! `granska compile` and compiled pack files given to `--pack`, run as a user runs them: the
//! compiled pack gives the same output as the YAML it was compiled from, takes a parameters
//! file, lints; a damaged, truncated or foreign file is refused with exit code 2 and a
//! message that says which.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::str::contains;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn granska() -> Command {
    let mut cmd = Command::cargo_bin("granska").expect("the binary is built");
    cmd.current_dir(root()).env("NO_COLOR", "1");
    cmd
}

fn output(args: &[&str]) -> (i32, String, String) {
    let out = granska().args(args).output().expect("runs");
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// Compiles `args` (pack arguments) into `dir/name`; returns the file's path.
fn compile(dir: &tempfile::TempDir, name: &str, args: &[&str]) -> String {
    let path = dir.path().join(name).display().to_string();
    let mut all = vec!["compile", "-o", &path];
    all.extend_from_slice(args);
    granska().args(&all).assert().success();
    path
}

#[test]
fn the_built_in_pack_compiles_and_checks_reports_alike() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("granska.granska").display().to_string();
    let (code, stdout, _) = output(&["--lang", "en", "compile", "-o", &path]);
    assert_eq!(code, 0);
    let hash = granska::Pack::builtin().unwrap().content_hash().to_string();
    assert!(stdout.contains(&path) && stdout.contains(&format!("content hash {hash}")) && stdout.contains("requirements"), "{stdout}");
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"GRANSKA\0PACK"));
    assert!(stdout.contains(&format!("{} bytes", bytes.len())), "{stdout}");
    for report in ["examples/reports/heldygnsvard-brister.yaml", "examples/reports/jourhem-ok.yaml"] {
        for format in ["text", "json"] {
            let yaml = output(&["check", "--format", format, report]);
            let compiled = output(&["check", "--format", format, "--pack", &path, report]);
            assert_eq!(compiled, yaml, "{report} as {format}");
        }
    }
}

#[test]
fn a_compiled_pack_with_parameters_lists_the_same_rules_and_takes_another_parameters_file() {
    let dir = tempfile::tempdir().unwrap();
    let params = dir.path().join("nacka.yaml");
    std::fs::write(&params, "municipality: Nacka kommun\nparameters: { examen_andel: 80 }\n").unwrap();
    let params = params.display().to_string();
    let pack = "tests/packs/params-demo.yaml";
    let path = compile(&dir, "demo.granska", &["--pack", pack, "--params", &params]);
    assert_eq!(output(&["rules", "--pack", &path]), output(&["rules", "--pack", pack, "--params", &params]));
    // A parameters file applied to a compiled pack replaces the one compiled in.
    let other = dir.path().join("other.yaml");
    std::fs::write(&other, "parameters: { examen_andel: 60 }\n").unwrap();
    let other = other.display().to_string();
    assert_eq!(output(&["rules", "--pack", &path, "--params", &other]), output(&["rules", "--pack", pack, "--params", &other]));
    // A compiled pack compiles again to the same bytes.
    let again = compile(&dir, "again.granska", &["--pack", &path]);
    assert_eq!(std::fs::read(&again).unwrap(), std::fs::read(&path).unwrap());
}

#[test]
fn lint_reads_a_compiled_pack() {
    let dir = tempfile::tempdir().unwrap();
    let path = compile(&dir, "pack.granska", &["--pack", "crates/granska-cli/tests/data/pack.yaml"]);
    granska()
        .args(["--lang", "en", "lint", &path])
        .assert()
        .success()
        .stdout(contains("ok — 3 requirements, 5 questions, 4 indicators, 1 warnings"))
        .stderr(contains("warning[unread-question]: question `metod` is read by no requirement"));
}

#[test]
fn a_damaged_truncated_or_foreign_compiled_file_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = compile(&dir, "pack.granska", &["--pack", "crates/granska-cli/tests/data/pack.yaml"]);
    let bytes = std::fs::read(&path).unwrap();
    let mut damaged = bytes.clone();
    let last = damaged.len() - 40;
    damaged[last] ^= 1;
    let mut newer = bytes.clone();
    newer[12..16].copy_from_slice(&99u32.to_le_bytes());
    let cases: [(&str, Vec<u8>, &str); 3] = [
        ("damaged.granska", damaged, "the compiled pack is corrupt: its SHA-256 checksum does not match"),
        ("short.granska", bytes[..bytes.len() / 2].to_vec(), "the compiled pack is truncated"),
        ("newer.granska", newer, "written by a newer granska (format 99); this one reads format 1"),
    ];
    for (name, content, message) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, content).unwrap();
        let file = file.display().to_string();
        granska()
            .args(["--lang", "en", "check", "--pack", &file, "examples/reports/jourhem-ok.yaml"])
            .assert()
            .code(2)
            .stderr(contains(message))
            .stderr(contains(format!("the pack {file} cannot be loaded")));
        granska().args(["--lang", "en", "lint", &file]).assert().code(1).stderr(contains(message)).stdout(contains("cannot be loaded"));
    }
}

#[test]
fn compile_refuses_a_pack_with_errors_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "pack: { id: x, title: { sv: X, en: X } }\nrequirements:\n  - { id: r, title: { sv: R, en: R }, source: S, severity: krav, area: trygghet, message: { sv: M, en: M }, require: \"nope\" }\n").unwrap();
    let out = dir.path().join("out.granska");
    granska().args(["--lang", "en", "compile", "--pack", &bad.display().to_string(), "-o", &out.display().to_string()]).assert().code(2).stderr(contains("unknown-name"));
    assert!(!out.exists());
    // -o is required: a compiled pack is not written to a terminal.
    granska().args(["compile"]).assert().code(2).stderr(contains("--output"));
}

/// A file that begins like a compiled pack but is larger than 64 MiB is refused before it is
/// read whole, naming its path.
#[test]
fn an_oversized_compiled_pack_file_is_refused_with_its_path() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("stor.granska");
    let mut file = std::fs::File::create(&path).expect("create");
    file.write_all(b"GRANSKA\0PACK").expect("write");
    file.set_len(64 * 1024 * 1024 + 13).expect("sparse length");
    drop(file);
    let shown = path.display().to_string();
    granska().args(["check", "--pack", &shown, "examples/reports/jourhem-ok.yaml"]).assert().code(2).stderr(contains(format!("{shown} är större än 64 MiB")));
}
