//! Prints the JSON report of one answers file against the built-in pack (a quick look tool;
//! the `granska` CLI is the real one).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark's or example's setup stops at the first failure")]
fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let pack = match granska::Pack::builtin() {
        Ok(p) => p,
        Err(e) => return eprint!("{}", e.render(false)),
    };
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    match pack.read_report_yaml(&text) {
        Ok(a) => println!("{}", serde_json::to_string_pretty(&pack.check(&a)).unwrap_or_default()),
        Err(e) => eprintln!("{e}"),
    }
}
