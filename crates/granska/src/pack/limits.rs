//! Resource limits that keep loading and evaluation bounded whatever a pack or report holds.
//!
//! The defaults are documented in `docs/robustness.md`; every limit, when exceeded, gives an
//! error that names it.

/// Limits applied while loading packs and reading answers.
#[derive(Clone, Debug, PartialEq)]
pub struct Limits {
    /// Bytes in one expression.
    pub max_expression_length: usize,
    /// Nesting depth of one expression (brackets, operators, calls), and of an expression
    /// with the derived values it uses expanded (evaluation recurses that deep).
    pub max_expression_depth: usize,
    /// Bytes in one pack file.
    pub max_file_size: usize,
    /// Files in one pack, includes counted.
    pub max_files: usize,
    /// Questions in one pack.
    pub max_questions: usize,
    /// Requirements in one pack.
    pub max_requirements: usize,
    /// Bytes of a compiled regular expression.
    pub max_regex_size: usize,
    /// Records in one list answer.
    pub max_list_length: usize,
    /// Bytes in one text answer, and in a report's provider, name, service and contract.
    pub max_text_length: usize,
    /// Evaluation steps for one report, every expression of the pack counted (relevance once
    /// per pass of its cascade, derived values in messages too): each operator or function
    /// applied is one step, a loop's body counts `max_list_length` times, and reading a text
    /// whole (`len`, `matches`, comparing two texts neither of which is a literal) one step
    /// per 64 bytes of `max_text_length`. Checked when the pack loads, so evaluation needs
    /// no counter.
    pub max_steps: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_expression_length: 4096,
            max_expression_depth: 64,
            max_file_size: 4 * 1024 * 1024,
            max_files: 256,
            max_questions: 10_000,
            max_requirements: 10_000,
            max_regex_size: 256 * 1024,
            max_list_length: 1_000,
            max_text_length: 64 * 1024,
            max_steps: 10_000_000,
        }
    }
}
