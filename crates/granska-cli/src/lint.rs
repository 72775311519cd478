//! `granska lint`: loads each pack (YAML, or a compiled pack file) and prints every diagnostic like rustc (errors and
//! warnings) on standard error, and one status line per pack on standard output.

use std::path::PathBuf;

use granska::{DiagnosticSeverity, Lang, Pack};

use crate::compile::{OpenError, open_pack};
use crate::output::{stderr_color, t};
use crate::{EXIT_FAILED, EXIT_OK};

pub fn run(packs: &[PathBuf], params: Option<&PathBuf>, lang: Lang) -> u8 {
    let color = stderr_color();
    let mut failed = false;
    let targets: Vec<Option<&PathBuf>> = if packs.is_empty() { vec![None] } else { packs.iter().map(Some).collect() };
    for target in targets {
        let name = target.map(|p| p.display().to_string()).unwrap_or_else(|| "builtin:granska.yaml".into());
        let result = match target {
            Some(p) => open_pack(p),
            None => Pack::builtin().map_err(OpenError::Yaml),
        };
        let result = match (result, params) {
            (Ok(pack), Some(file)) => pack.with_params_path(file).map_err(OpenError::Yaml),
            (other, _) => other,
        };
        match result {
            Ok(pack) => {
                let warnings = pack.warnings();
                if !warnings.is_empty() {
                    crate::err!("{}", granska::render_diagnostics(warnings, pack.sources(), color));
                }
                crate::outln!(
                    "{name}: ok — {} {}, {} {}, {} {}, {} {}",
                    pack.requirements().len(),
                    t(lang, "krav", "requirements"),
                    pack.questions().len(),
                    t(lang, "frågor", "questions"),
                    pack.indicators().len(),
                    t(lang, "indikatorer", "indicators"),
                    warnings.len(),
                    t(lang, "varningar", "warnings"),
                );
            }
            Err(OpenError::Yaml(e)) => {
                failed = true;
                crate::err!("{}", e.render(color));
                let errors = e.diagnostics.iter().filter(|d| d.severity == DiagnosticSeverity::Error).count();
                let warnings = e.diagnostics.len() - errors;
                crate::outln!("{name}: {errors} {}, {warnings} {}", t(lang, "fel", "errors"), t(lang, "varningar", "warnings"));
            }
            Err(e) => {
                failed = true;
                crate::err!("{}", e.render(color, lang));
                crate::outln!("{name}: {}", t(lang, "kan inte läsas", "cannot be loaded"));
            }
        }
    }
    if failed { EXIT_FAILED } else { EXIT_OK }
}
