//! The number of people asked to answer the survey, per service area: the denominator of the
//! response rate ("13 av 50 tillfrågade"). A CSV file `service,asked`, one line per area.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use granska::Pack;

use crate::export::{ExportError, InputCode, InputProblem, open_csv};

/// People asked per service area (service id → count).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Asked(pub BTreeMap<String, u64>);

impl Asked {
    /// Reads `service,asked` lines (a header line `service,asked` is optional); every
    /// service must be one of the pack's.
    ///
    /// # Errors
    ///
    /// An [`ExportError`] listing every bad line (not two cells, an unknown service, a count
    /// that is no whole number, a service given twice), each with its row.
    pub fn from_reader<R: Read>(pack: &Pack, input: R, source: &str) -> Result<Asked, ExportError> {
        let mut csv = open_csv(input, source)?;
        let mut record = csv::StringRecord::new();
        let mut out = BTreeMap::new();
        let mut problems = vec![];
        let mut first = true;
        loop {
            let row = match csv.read_record(&mut record) {
                Ok(None) => break,
                Ok(Some(r)) => r,
                Err(e) => {
                    problems.push(InputProblem::unreadable(source, &e));
                    break;
                }
            };
            let cells: Vec<&str> = record.iter().map(str::trim).collect();
            if cells.iter().all(|c| c.is_empty()) {
                continue;
            }
            if std::mem::take(&mut first) && cells.first().is_some_and(|c| c.eq_ignore_ascii_case("service") || c.eq_ignore_ascii_case("tjänst")) {
                continue;
            }
            let mut bad = |sv: String, en: String| {
                let mut p = InputProblem::new_file(source, InputCode::BadRecord, sv, en);
                p.row = Some(row);
                p.rejected = true;
                problems.push(p);
            };
            if cells.len() != 2 {
                bad(
                    format!("Raden ska ha två celler, tjänstetyp och antal tillfrågade; den har {}.", cells.len()),
                    format!("the line must have two cells, a service type and the number asked; it has {}", cells.len()),
                );
                continue;
            }
            let service = match pack.find_service(cells[0]) {
                Ok(Some(s)) => s.id.clone(),
                Ok(None) => cells[0].to_string(),
                Err(e) => {
                    bad(e.message.sv.clone(), e.message.en.clone());
                    continue;
                }
            };
            let Ok(n) = cells[1].parse::<u64>() else {
                bad(format!("\"{}\" är inget heltal; ange antalet tillfrågade.", cells[1]), format!("\"{}\" is no whole number; give the number asked", cells[1]));
                continue;
            };
            if out.insert(service.clone(), n).is_some() {
                bad(format!("Tjänstetypen {service} finns redan på en tidigare rad."), format!("the service type {service} is already on an earlier line"));
            }
        }
        if problems.is_empty() { Ok(Asked(out)) } else { Err(ExportError { problems }) }
    }

    /// Reads an `asked` CSV file.
    ///
    /// # Errors
    ///
    /// As [`Asked::from_reader`]; also when the file cannot be read.
    pub fn from_path(pack: &Pack, path: impl AsRef<Path>) -> Result<Asked, ExportError> {
        let path = path.as_ref();
        let source = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| ExportError::one(InputProblem::unreadable(&source, &e)))?;
        Asked::from_reader(pack, std::io::BufReader::new(file), &source)
    }
}
