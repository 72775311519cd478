//! The Python package `granska` (extension module `granska._granska`): a thin pyo3 layer over
//! the core crate. Each call converts Python values in, makes one core call, and converts
//! the result out; the behaviour lives in the core and is documented there.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

mod arrow_in;
mod arrow_out;
mod batch;
mod convert;
mod diff;
mod errors;
mod frame;
mod history;
mod objects;
mod pack;
mod problems;
mod quality;
mod report;
mod risk;
mod summary;

/// Parses a `lang` argument.
pub(crate) fn lang(lang: &str) -> PyResult<granska::Lang> {
    lang.parse().map_err(PyValueError::new_err)
}

/// Panics inside `errors::guard`, for the tests: shows that a panic in the core is raised as
/// `GranskaError` and the interpreter goes on. Not part of the API.
#[pyfunction]
fn _panic_for_tests() -> PyResult<()> {
    errors::guard(|| panic!("a panic raised on purpose by _panic_for_tests"))
}

/// granska: a rule engine for the annual follow-up of providers of social services.
#[pymodule]
fn _granska(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("GranskaError", py.get_type::<errors::GranskaError>())?;
    m.add("PackError", py.get_type::<errors::PackError>())?;
    m.add("CompiledPackError", py.get_type::<errors::CompiledPackError>())?;
    m.add("AnswerError", py.get_type::<errors::AnswerError>())?;
    m.add("ExportError", py.get_type::<errors::ExportError>())?;
    m.add("PartialSummaryError", py.get_type::<errors::PartialSummaryError>())?;
    m.add_class::<pack::Pack>()?;
    m.add_class::<report::Report>()?;
    m.add_class::<report::FormState>()?;
    m.add_class::<objects::Text>()?;
    m.add_class::<objects::Choice>()?;
    m.add_class::<objects::Field>()?;
    m.add_class::<objects::Question>()?;
    m.add_class::<objects::CitedSource>()?;
    m.add_class::<objects::Requirement>()?;
    m.add_class::<objects::Parameter>()?;
    m.add_class::<objects::Service>()?;
    m.add_class::<objects::Diagnostic>()?;
    m.add_class::<objects::Issue>()?;
    m.add_class::<objects::Explanation>()?;
    m.add_class::<objects::RequirementVerdict>()?;
    m.add_class::<objects::Undecided>()?;
    m.add_class::<objects::InputProblem>()?;
    m.add_class::<summary::Summary>()?;
    m.add_class::<summary::PartialSummary>()?;
    m.add_function(wrap_pyfunction!(summary::merge_partials, m)?)?;
    m.add_function(wrap_pyfunction!(diff::diff, m)?)?;
    m.add_class::<quality::AuditSummary>()?;
    m.add_class::<quality::SurveySummary>()?;
    m.add_function(wrap_pyfunction!(quality::audit_checklist, m)?)?;
    m.add_function(wrap_pyfunction!(quality::survey_pack, m)?)?;
    m.add_function(wrap_pyfunction!(quality::summarize_audits, m)?)?;
    m.add_function(wrap_pyfunction!(quality::summarize_survey, m)?)?;
    m.add_function(wrap_pyfunction!(quality::write_report, m)?)?;
    m.add_class::<history::History>()?;
    m.add_class::<history::ActionCheck>()?;
    m.add_function(wrap_pyfunction!(history::history, m)?)?;
    m.add_function(wrap_pyfunction!(history::check_actions, m)?)?;
    m.add_class::<risk::RiskRegister>()?;
    m.add_function(wrap_pyfunction!(risk::risk_register_pack, m)?)?;
    m.add_function(wrap_pyfunction!(risk::read_risk_register, m)?)?;
    m.add_function(wrap_pyfunction!(risk::write_kvalitetsberattelse, m)?)?;
    // Set as an attribute, not added: it stays out of `__all__` (and the stubs).
    m.setattr("_panic_for_tests", wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
