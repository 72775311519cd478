//! The evaluation budget of one report: the steps of every expression evaluated per report,
//! summed, and the costliest one, checked against the pack's `max_steps` limit (the costs themselves are
//! counted in `cost.rs`).

use super::sink::Site;

/// The evaluation steps of one report: every expression evaluated per report, summed, and
/// the costliest one, to check against
/// [`Limits::max_steps`](crate::pack::limits::Limits::max_steps).
pub(super) struct Budget {
    /// Steps of every expression evaluated for one report, summed.
    pub(super) total: u64,
    /// The costliest expression: (steps, file, byte offset).
    pub(super) costliest: Option<(u64, usize, usize)>,
    /// How many times per report the expression being checked is evaluated.
    pub(super) step_factor: u64,
}

impl Default for Budget {
    fn default() -> Budget {
        Budget { total: 0, costliest: None, step_factor: 1 }
    }
}

impl Budget {
    /// Adds an expression of `cost` steps, written at `site`, evaluated once (times the step
    /// factor) per report.
    pub(super) fn count(&mut self, cost: u64, site: Site) {
        let cost = cost.saturating_mul(self.step_factor);
        self.total = self.total.saturating_add(cost);
        if self.costliest.is_none_or(|(c, _, _)| cost > c) {
            self.costliest = Some((cost, site.file, site.offset));
        }
    }
}
