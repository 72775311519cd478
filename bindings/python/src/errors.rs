//! The exceptions of the Python package and the conversion of the core's errors into them:
//! `GranskaError`, with `PackError` (a pack that does not load, `.diagnostics`; its subclass
//! `CompiledPackError` for a compiled pack file, `.kind`),
//! `AnswerError` (a report that cannot be judged, `.problems`) and `ExportError` (a survey
//! export, roster or previous summary that cannot be read at all, `.problems`). A panic inside the core is
//! caught and raised as `GranskaError` rather than aborting or leaking a `PanicException`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

use crate::objects::{Diagnostic, InputProblem, Issue};

create_exception!(granska, GranskaError, PyException, "The base class of every error granska raises.");
create_exception!(
    granska,
    PackError,
    GranskaError,
    "A rule pack that could not be loaded. `.diagnostics` lists every problem found, each with `file`, `line`, `column`, `code`, `message` and `hint`; `.rendered` shows them like a compiler, with the source lines."
);
create_exception!(
    granska,
    CompiledPackError,
    PackError,
    "A compiled pack file that could not be loaded. `.kind` says why: `not-compiled` (not a compiled pack), `version` (written by another version of granska), `truncated`, `corrupt` (its checksum does not match), `invalid` (not written by `granska compile`), `unsupported` (needs what this build of granska leaves out, such as pattern matching), `no-normalizer` (a build without Unicode normalisation tables; never in this package), `too-large` (a file over 64 MiB, not read) or `hash-mismatch` (another content hash than its header names); `.diagnostics` is empty."
);
create_exception!(
    granska,
    AnswerError,
    GranskaError,
    "A report that cannot be judged: its provider, service type or date is missing or invalid, or it is not a mapping. `.problems` lists them, each with `field`, `code` and `message`; `.provider` is the provider id when it could be read."
);

create_exception!(
    granska,
    ExportError,
    GranskaError,
    "An input that cannot be read at all: a survey export, roster or column mapping that is missing, empty or has no provider, service or date column, or a previous summary that is not a summary. `.problems` lists every problem found, each an `InputProblem` with `file`, `row`, `column`, `field`, `code` and `message`."
);

create_exception!(
    granska,
    PartialSummaryError,
    GranskaError,
    "A partial summary that cannot be read (not one, or of another format version) or merged or finished (computed with another pack — id, version or content hash — or counted against another roster). The message says which."
);

/// An `ExportError` carrying the core's located input problems.
pub fn export_error(py: Python<'_>, e: &granska_summary::export::ExportError) -> PyErr {
    let err = ExportError::new_err(e.render(granska::Lang::En));
    let problems: Vec<InputProblem> = e.problems.iter().map(InputProblem::from).collect();
    match err.value(py).setattr("problems", problems) {
        Ok(()) => err,
        Err(other) => other,
    }
}

/// A `PackError` carrying the core's diagnostics.
pub fn pack_error(py: Python<'_>, e: &granska::PackError) -> PyErr {
    let err = PackError::new_err(e.to_string());
    let diagnostics: Vec<Diagnostic> = e.diagnostics.iter().map(Diagnostic::from).collect();
    let value = err.value(py);
    let set = value.setattr("diagnostics", diagnostics).and_then(|_| value.setattr("rendered", e.render(false)));
    match set {
        Ok(()) => err,
        Err(other) => other,
    }
}

/// A `CompiledPackError` carrying the kind of the core's error.
pub fn compiled_pack_error(py: Python<'_>, e: &granska::CompiledPackError) -> PyErr {
    compiled_pack_error_of(py, e.kind(), &e.to_string())
}

/// A `CompiledPackError` of `kind` (one of the core's `CompiledPackError::kind`s)
/// saying `message`.
pub fn compiled_pack_error_of(py: Python<'_>, kind: &str, message: &str) -> PyErr {
    let err = CompiledPackError::new_err(message.to_string());
    let value = err.value(py);
    let set = value.setattr("kind", kind).and_then(|_| value.setattr("diagnostics", Vec::<Diagnostic>::new())).and_then(|_| value.setattr("rendered", message));
    match set {
        Ok(()) => err,
        Err(other) => other,
    }
}

/// An `AnswerError` carrying the problems of a rejected report.
pub fn answer_error(py: Python<'_>, e: &granska::ReportError) -> PyErr {
    let err = AnswerError::new_err(e.to_string());
    let problems: Vec<Issue> = e.problems.iter().map(Issue::from).collect();
    let value = err.value(py);
    let set = value.setattr("problems", problems).and_then(|_| value.setattr("provider", e.provider.clone()));
    match set {
        Ok(()) => err,
        Err(other) => other,
    }
}

/// Runs a core call, turning a panic into a `GranskaError` that says it is a bug.
pub fn guard<T>(f: impl FnOnce() -> T) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let what =
            payload.downcast_ref::<&str>().map(std::string::ToString::to_string).or_else(|| payload.downcast_ref::<String>().cloned()).unwrap_or_else(|| "unknown panic".into());
        GranskaError::new_err(format!("internal error in granska (please report it): {what}"))
    })
}
