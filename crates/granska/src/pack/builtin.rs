//! The built-in rule packs under `rules/`, embedded at build time (see `build.rs`).

include!(concat!(env!("OUT_DIR"), "/builtin_files.rs"));

/// The root file of the default pack.
pub const ROOT: &str = "granska.yaml";

/// The text of a built-in pack file by its path under `rules/`.
pub fn file(path: &str) -> Option<&'static str> {
    FILES.iter().find(|(p, _)| *p == path).map(|(_, text)| *text)
}

/// Every built-in pack file: (path under `rules/`, text).
pub fn files() -> &'static [(&'static str, &'static str)] {
    FILES
}
