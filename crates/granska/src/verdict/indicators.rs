//! An indicator's value in one report: what the yearly summary counts for each of a pack's
//! indicators (`docs/pack-format.md`, "indicators").
//!
//! The engine evaluates the indicator's expressions; the summary crate only adds up the
//! values, so it never reaches into the evaluator.

use crate::answers::Answers;
use crate::lang::eval::Cx;
use crate::lang::value::Value;
use crate::pack::{IndicatorKind, Pack, ShareBase};

/// One indicator's value in one report ([`Pack::indicator_values`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum IndicatorValue {
    /// The indicator is not asked of the report's service type: it counts nowhere.
    NotApplicable,
    /// A share indicator (`kind: share`).
    Share {
        /// The report is in the denominator (`of` holds, or the share is over every
        /// respondent and `of` holds but `count` is unanswered).
        of: bool,
        /// The report is in the numerator (`of` and `count` both hold).
        counted: bool,
        /// `of` or `count` could not be decided from the answers: the report is shown as
        /// unanswered for this indicator.
        unanswered: bool,
    },
    /// A sum indicator (`kind: sum`): the report's amount, `None` when it is unanswered or
    /// not a finite number below 10^20.
    Sum(Option<Quantity>),
}

/// An amount of a sum indicator, as evaluated: an exact integer or a decimal number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Quantity {
    /// A whole number, exact.
    Integer(i64),
    /// A decimal number (finite, of magnitude below 10^20).
    Number(f64),
}

impl Pack {
    /// The value of every indicator ([`Pack::indicators`]) in one report into `out` (cleared
    /// first), in indicator order. Allocates nothing once `out` has room for every indicator.
    ///
    /// ```
    /// let pack = granska::Pack::builtin().unwrap();
    /// let answers = pack.read_report_json(r#"{"provider": "P1", "service": "jourhem",
    ///     "date": "2017-12-31", "answers": {"ledning": {"riskanalys": false}}}"#).unwrap();
    /// let mut values = Vec::new();
    /// pack.indicator_values(&answers, &mut values);
    /// assert_eq!(values.len(), pack.indicators().len());
    /// ```
    pub fn indicator_values(&self, answers: &Answers, out: &mut Vec<IndicatorValue>) {
        out.clear();
        let cx = Cx::new(&self.data, answers);
        for ind in &self.data.indicators {
            let rules = &ind.compiled;
            let value = if !rules.services.contains(answers.service_index) {
                IndicatorValue::NotApplicable
            } else {
                match ind.kind {
                    IndicatorKind::Share => {
                        let selected = rules.of.as_ref().map_or(Value::Bool(true), |n| cx.eval(n, None));
                        let counted = rules.count.as_ref().map_or(Value::Unknown, |n| cx.eval(n, None));
                        match (selected, counted) {
                            (Value::Bool(false), _) => IndicatorValue::Share { of: false, counted: false, unanswered: false },
                            (Value::Bool(true), Value::Bool(c)) => IndicatorValue::Share { of: true, counted: c, unanswered: false },
                            // Selected, the count unknown: out of an honest denominator, in
                            // one over every respondent (counted as not), shown either way.
                            (Value::Bool(true), _) => IndicatorValue::Share { of: ind.base == ShareBase::Respondents, counted: false, unanswered: true },
                            // Whether it belongs to the denominator is itself unknown.
                            _ => IndicatorValue::Share { of: false, counted: false, unanswered: true },
                        }
                    }
                    IndicatorKind::Sum => IndicatorValue::Sum(rules.sum.as_ref().and_then(|n| match cx.eval(n, None) {
                        Value::Integer(i) => Some(Quantity::Integer(i)),
                        Value::Number(x) if x.is_finite() && x.abs() < 1e20 => Some(Quantity::Number(x)),
                        _ => None,
                    })),
                }
            };
            out.push(value);
        }
    }
}
