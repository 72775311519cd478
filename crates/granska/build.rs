//! Embeds every YAML file under the workspace's `rules/` folder into the library.

use std::path::{Path, PathBuf};

fn collect(dir: &Path, base: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, base, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            let rel = path.strip_prefix(base).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            out.push((rel, path));
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    // In the workspace the packs live at ../../rules; a packaged crate carries its own copy.
    let rules = [manifest.join("../../rules"), manifest.join("rules")].into_iter().find(|p| p.is_dir()).unwrap_or_else(|| manifest.join("rules"));
    println!("cargo:rerun-if-changed={}", rules.display());
    let mut files = vec![];
    collect(&rules, &rules, &mut files);
    files.sort();
    let mut code = String::from("/// Embedded pack files: (path under `rules/`, text).\npub static FILES: &[(&str, &str)] = &[\n");
    for (rel, path) in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        code.push_str(&format!("    ({rel:?}, include_str!({:?})),\n", abs.to_string_lossy()));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("builtin_files.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo:warning=cannot write {}: {e}", out.display());
    }
}
