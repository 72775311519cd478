//! `granska compile`, and opening the file `--pack` names: a YAML pack (file or folder) or a
//! compiled pack file (`granska compile`'s output), told apart by the compiled format's
//! magic bytes, never by the file's name.

use std::path::Path;

use granska::{CompiledFileError, CompiledPackError, Lang, Pack, PackError};

use crate::output::{stderr_color, t};
use crate::{EXIT_BAD_INPUT, EXIT_OK, PackArgs, load_pack};

/// Why the file `--pack` names did not open.
pub enum OpenError {
    /// A YAML pack with errors (every diagnostic, located).
    Yaml(PackError),
    /// A compiled pack file that cannot be loaded.
    Compiled(CompiledPackError),
    /// The file could not be read: its path and why.
    Io(std::path::PathBuf, std::io::Error),
    /// A compiled pack file larger than [`granska::MAX_COMPILED_PACK_BYTES`]: its path.
    TooLarge(std::path::PathBuf),
}

impl OpenError {
    /// The error as printed on standard error (diagnostics rendered like rustc).
    pub fn render(&self, color: bool, lang: Lang) -> String {
        match self {
            OpenError::Yaml(e) => e.render(color),
            OpenError::Compiled(e) => format!("{}: {e}\n", t(lang, "fel", "error")),
            OpenError::Io(path, e) => format!("{}: {} {}: {e}\n", t(lang, "fel", "error"), t(lang, "kan inte läsa", "cannot read"), path.display()),
            OpenError::TooLarge(path) => match lang {
                Lang::Sv => format!("fel: {} är större än 64 MiB och läses inte som ett kompilerat regelpaket\n", path.display()),
                Lang::En => format!("error: {} is larger than 64 MiB and is not read as a compiled pack\n", path.display()),
            },
        }
    }
}

/// Opens a pack: a compiled pack file when `path` is a file beginning with the compiled
/// format's magic bytes, else a YAML pack file or folder ([`Pack::from_path`]).
///
/// # Errors
///
/// The pack does not load ([`OpenError`]).
pub fn open_pack(path: &Path) -> Result<Pack, OpenError> {
    match granska::read_compiled_pack_file(path) {
        Ok(Some(bytes)) => Pack::from_compiled(&bytes).map_err(OpenError::Compiled),
        Ok(None) => Pack::from_path(path).map_err(OpenError::Yaml),
        Err(CompiledFileError::Io(e)) => Err(OpenError::Io(path.to_path_buf(), e)),
        Err(CompiledFileError::Pack(CompiledPackError::TooLarge)) => Err(OpenError::TooLarge(path.to_path_buf())),
        Err(CompiledFileError::Pack(e)) => Err(OpenError::Compiled(e)),
    }
}

/// `granska compile`: loads the pack (and parameters file) and writes it as a compiled pack
/// file to `output`, saying what was written.
pub fn run(args: &PackArgs, output: &Path, lang: Lang) -> u8 {
    let pack = match load_pack(args, lang) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let bytes = pack.to_compiled();
    if let Err(e) = std::fs::write(output, &bytes) {
        crate::errln!("granska: {} {}: {e}", t(lang, "kan inte skriva", "cannot write"), output.display());
        return EXIT_BAD_INPUT;
    }
    let warnings = pack.warnings();
    if !warnings.is_empty() {
        crate::err!("{}", granska::render_diagnostics(warnings, pack.sources(), stderr_color()));
    }
    let info = pack.info();
    let version = info.version.as_deref().map(|v| format!(" {v}")).unwrap_or_default();
    let params = pack.params_file().map(|p| format!(", {} {}", t(lang, "parametrar från", "parameters from"), p.file)).unwrap_or_default();
    crate::outln!(
        "{}: {}{version}{params} — {} {}, {} {}, {} bytes, {} {}",
        output.display(),
        info.id,
        pack.requirements().len(),
        t(lang, "krav", "requirements"),
        pack.questions().len(),
        t(lang, "frågor", "questions"),
        bytes.len(),
        t(lang, "innehållshash", "content hash"),
        pack.content_hash(),
    );
    EXIT_OK
}
