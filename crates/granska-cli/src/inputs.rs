//! The inputs shared by `check` and `summarize`: which paths are exports, reading one
//! report file (with a size cap), walking a folder for its report files (one place for both
//! commands), and how a problem is labelled and whether it makes the run exit 2 (a provider
//! reported twice in one batch, found by the core's `granska_summary::Duplicates`, is a
//! warning).

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use granska::{Answers, Lang, Pack, ReportFormat, Text};
use granska_summary::export::{InputCode, InputProblem};

use crate::output::{Style, t};

/// The largest report file read, in bytes: a report has at most 1,000 records per list and
/// 40,000 characters per text, so anything larger is not a report (or is `/dev/zero`).
pub const MAX_REPORT_BYTES: u64 = 64 * 1024 * 1024;

/// Whether a path names a CSV export (by extension).
pub fn is_export(path: &Path) -> bool {
    is_workbook(path) || path.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "csv" | "tsv" | "txt"))
}

/// Whether a path is a workbook export (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`).
pub fn is_workbook(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods"))
}

/// Whether a path found in a folder is a report file (by extension).
fn is_report_file(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "json" | "yaml" | "yml"))
}

fn file_problem(file: &str, code: InputCode, sv: String, en: String) -> InputProblem {
    InputProblem { file: file.to_string(), sheet: None, row: None, column: None, field: None, provider: None, code: code.into(), message: Text::new(sv, en), rejected: true }
}

/// Reads one JSON or YAML report file (by extension; else by its first character). A file
/// that cannot be read, or is larger than [`MAX_REPORT_BYTES`], is a rejected report.
#[allow(clippy::result_large_err, reason = "the core's own error type; one per report file read")]
pub fn read_report_file(pack: &Pack, path: &Path) -> Result<Answers, InputProblem> {
    let file = path.display().to_string();
    let bytes = match read_capped(path) {
        Ok(bytes) => bytes,
        Err(e) => return Err(InputProblem { rejected: true, ..InputProblem::unreadable(&file, &e) }),
    };
    if bytes.len() as u64 > MAX_REPORT_BYTES {
        let mib = MAX_REPORT_BYTES / (1024 * 1024);
        return Err(file_problem(
            &file,
            InputCode::TooLarge,
            format!("Filen är större än {mib} MiB och är ingen rapport; den läses inte."),
            format!("the file is larger than {mib} MiB and is not a report; it is not read"),
        ));
    }
    let format = ReportFormat::from_extension(path).unwrap_or_else(|| ReportFormat::sniff(&bytes));
    pack.read_report_bytes(&bytes, format).map_err(|e| InputProblem::from_report_error(&file, &e))
}

/// Reads a file whole, but never more than [`MAX_REPORT_BYTES`] and one byte: a longer
/// result means the file is too large (a device like `/dev/zero` never ends).
pub fn read_capped(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = vec![];
    std::fs::File::open(path)?.take(MAX_REPORT_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The report files of a folder: every `.json`, `.yaml` and `.yml` file in it and its
/// subfolders, in name order (a subfolder's files where its name sorts). A folder reached
/// twice through symbolic links is walked once. Folders that cannot be read are returned
/// with their error; the rest of the walk goes on.
pub fn folder_reports(dir: &Path) -> (Vec<PathBuf>, Vec<(PathBuf, std::io::Error)>) {
    let mut files = vec![];
    let mut errors = vec![];
    let mut seen = HashSet::new();
    walk(dir, &mut files, &mut errors, &mut seen);
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<(PathBuf, std::io::Error)>, seen: &mut HashSet<PathBuf>) {
    match dir.canonicalize() {
        Ok(real) => {
            if !seen.insert(real) {
                return;
            }
        }
        Err(e) => {
            errors.push((dir.to_path_buf(), e));
            return;
        }
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push((dir.to_path_buf(), e));
            return;
        }
    };
    let mut paths = vec![];
    for entry in entries {
        match entry {
            Ok(e) => paths.push(e.path()),
            Err(e) => errors.push((dir.to_path_buf(), e)),
        }
    }
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, files, errors, seen);
        } else if is_report_file(&path) {
            files.push(path);
        }
    }
}

/// Walks a folder given as an input and prints what went wrong: a folder that cannot be
/// read (an error) or holds no reports (a warning). Returns the files and whether the walk
/// found bad input.
pub fn walk_input_folder(dir: &Path, lang: Lang, style: Style) -> (Vec<PathBuf>, bool) {
    let (files, errors) = folder_reports(dir);
    for (path, e) in &errors {
        crate::errln!("{}: {}: {e}", style.red(t(lang, "fel", "error")), path.display());
    }
    if files.is_empty() && errors.is_empty() {
        crate::errln!(
            "{}: {}: {}",
            style.yellow(t(lang, "varning", "warning")),
            dir.display(),
            t(lang, "inga rapporter (.json, .yaml, .yml) i mappen", "no reports (.json, .yaml, .yml) in the folder")
        );
    }
    (files, !errors.is_empty())
}

/// Whether a problem makes the run exit 2: a rejected report or row, a malformed answer, an
/// ignored column. Answers not used (`not-relevant`, `not-asked`, `constraint`) and a
/// provider reported twice are warnings.
pub fn is_bad_input(p: &InputProblem) -> bool {
    p.rejected || !p.code.is_warning()
}

/// Prints a problem on standard error: `avvisad`/`rejected`, `fel`/`error` or
/// `varning`/`warning`, then the problem with its place.
pub fn print_problem(p: &InputProblem, lang: Lang, style: Style) {
    let label = if p.rejected {
        style.red(t(lang, "avvisad", "rejected"))
    } else if is_bad_input(p) {
        style.red(t(lang, "fel", "error"))
    } else {
        style.yellow(t(lang, "varning", "warning"))
    };
    crate::errln!("{label}: {}", p.render(lang));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplicate_provider_is_a_warning() {
        let mut d = granska_summary::Duplicates::new();
        assert!(d.see("P1", "hvb", "a.csv", Some(2)).is_none());
        let p = d.see("P1", "hvb", "b.json", None).expect("a duplicate");
        assert_eq!(p.code, granska_summary::DUPLICATE_PROVIDER);
        assert!(!is_bad_input(&p));
    }

    #[test]
    fn a_folder_is_walked_in_name_order_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        for name in ["b.yaml", "a.json", "sub/c.yml", "sub/notes.txt", "z.JSON"] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, "x").expect("write");
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).expect("symlink");
        let (files, errors) = folder_reports(dir.path());
        assert!(errors.is_empty(), "{errors:?}");
        let names: Vec<String> = files.iter().map(|f| f.strip_prefix(dir.path()).expect("inside").display().to_string()).collect();
        assert_eq!(names, ["a.json", "b.yaml", "sub/c.yml", "z.JSON"]);
        let (files, errors) = folder_reports(&dir.path().join("no-such-folder"));
        assert!(files.is_empty() && errors.len() == 1);
    }
}
