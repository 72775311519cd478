//! The generated export of the summary benchmark and its profile: the rows of
//! `examples/export-2017.csv`, repeated with new provider ids (`G000000`, …), as CSV bytes.

/// `rows` rows of the example export, each with its own provider id.
pub fn generated_export(rows: usize) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/export-2017.csv");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    let body: Vec<&str> = lines.filter(|l| !l.trim().is_empty()).collect();
    let mut out = String::with_capacity(body.iter().map(|r| r.len() + 8).sum::<usize>() * (rows / body.len().max(1) + 1));
    out.push_str(header);
    out.push('\n');
    for i in 0..rows {
        let row = body[i % body.len()];
        let rest = row.split_once(',').map(|x| x.1).unwrap_or("");
        out.push_str(&format!("G{i:06},{rest}\n"));
    }
    out.into_bytes()
}
