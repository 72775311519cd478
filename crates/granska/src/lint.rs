//! Pack lints: warnings about a pack that loads but likely says something its author did
//! not mean. Each is located in the YAML file and carries a hint.

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::pack::PackData;

/// Every lint warning of a compiled pack.
pub(crate) fn lint(_data: &PackData, _sources: &[SourceFile]) -> Vec<Diagnostic> {
    Vec::new()
}
