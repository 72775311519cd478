//! Writes the workbook twin of a CSV survey export, typed as Excel would hold it (see
//! `tests/common/xlsx.rs`): `cargo run -p granska-summary --example xlsx_twin -- examples/export-2017.csv
//! examples/export-2017.xlsx`. The workbook tests check that the twin gives the summary of
//! the CSV byte for byte.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark's or example's setup stops at the first failure")]

#[path = "../tests/common/xlsx.rs"]
mod xlsx;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [csv_path, xlsx_path] = args.as_slice() else {
        eprintln!("usage: xlsx_twin EXPORT.csv EXPORT.xlsx");
        std::process::exit(2);
    };
    let pack = match granska::Pack::builtin() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{}", e.render(false));
            std::process::exit(1);
        }
    };
    let text = match std::fs::read_to_string(csv_path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{csv_path}: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = std::fs::write(xlsx_path, xlsx::csv_to_xlsx(&pack, &text, "Svar")) {
        eprintln!("{xlsx_path}: {e}");
        std::process::exit(1);
    }
}
