//! The figures of a summary: counts, verdict tallies, exact amounts, indicator figures and
//! response rates, each comparable with last year's.

use super::*;

/// A figure this year, last year, and the change (this year minus last; shares in
/// percentage points).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compared<T> {
    /// This year's figure.
    #[serde(flatten)]
    pub now: T,
    /// Last year's figure, when a previous summary was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<T>,
    /// This year minus last year (shares in percentage points).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<T>,
}

impl<T: Figures> Compared<T> {
    pub(crate) fn new(now: T) -> Compared<T> {
        Compared { now, previous: None, change: None }
    }

    pub(crate) fn compare(&mut self, previous: Option<&Compared<T>>) {
        self.previous = previous.map(|p| p.now.clone());
        self.change = previous.map(|p| self.now.minus(&p.now));
    }
}

/// Figures that can be compared with last year's.
pub trait Figures: Clone {
    /// `self - previous`, field by field; unknown where either is.
    fn minus(&self, previous: &Self) -> Self;
}

fn sub(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    Some(a? - b?)
}

/// A count of reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Count {
    /// How many reports.
    pub count: i64,
}

impl Figures for Count {
    fn minus(&self, p: &Count) -> Count {
        Count { count: self.count - p.count }
    }
}

/// How the providers a requirement applies to fared. `applied` excludes `not_applicable`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Tally {
    /// Reports it applied to (`met` + `not_met` + `unanswered`).
    pub applied: i64,
    /// Reports that met it.
    pub met: i64,
    /// Reports that did not meet it.
    pub not_met: i64,
    /// Reports whose answers cannot decide it.
    pub unanswered: i64,
    /// Reports it does not apply to.
    pub not_applicable: i64,
    /// `met` of `applied` in whole percent, rounded half up.
    pub percent_met: Option<i64>,
}

impl Figures for Tally {
    fn minus(&self, p: &Tally) -> Tally {
        Tally {
            applied: self.applied - p.applied,
            met: self.met - p.met,
            not_met: self.not_met - p.not_met,
            unanswered: self.unanswered - p.unanswered,
            not_applicable: self.not_applicable - p.not_applicable,
            percent_met: sub(self.percent_met, p.percent_met),
        }
    }
}

/// An exact decimal total (millionths), written as a JSON number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, PartialOrd, Ord)]
pub struct Amount(pub i128);

impl Amount {
    /// As a floating-point number.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / MICRO as f64
    }

    /// Written for `lang`: thousands separated, decimal comma in Swedish, at most 6 decimals.
    pub fn display(self, lang: Lang) -> String {
        let negative = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let whole = abs / MICRO as u128;
        let frac = abs % MICRO as u128;
        let mut out = String::new();
        if negative {
            out.push('−');
        }
        out.push_str(&group_digits(&whole.to_string(), lang));
        if frac > 0 {
            let f = format!("{frac:06}");
            out.push(if lang == Lang::Sv { ',' } else { '.' });
            out.push_str(f.trim_end_matches('0'));
        }
        out
    }

    /// Plainly, for CSV: `3.5`.
    pub fn plain(self) -> String {
        let negative = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let (whole, frac) = (abs / MICRO as u128, abs % MICRO as u128);
        let sign = if negative { "-" } else { "" };
        if frac == 0 { format!("{sign}{whole}") } else { format!("{sign}{whole}.{}", format!("{frac:06}").trim_end_matches('0')) }
    }
}

/// Digits grouped by three: `100 000` in Swedish (no-break space), `100,000` in English.
pub fn group_digits(digits: &str, lang: Lang) -> String {
    let sep = if lang == Lang::Sv { '\u{a0}' } else { ',' };
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(d) => ("−", d),
        None => ("", digits),
    };
    if digits.len() <= 4 {
        return format!("{sign}{digits}");
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

impl Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % MICRO == 0
            && let Ok(i) = i64::try_from(self.0 / MICRO)
        {
            return s.serialize_i64(i);
        }
        s.serialize_f64(self.as_f64())
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
        let n = serde_json::Number::deserialize(d)?;
        if let Some(i) = n.as_i64() {
            return Ok(Amount(i as i128 * MICRO));
        }
        match n.as_f64() {
            Some(x) if x.is_finite() && x.abs() < 1e20 => Ok(Amount((x * MICRO as f64).round() as i128)),
            _ => Err(serde::de::Error::custom("the amount is out of range")),
        }
    }
}

/// An indicator's figures: `count` of `of` (percent) for a share; `total` over the
/// `answered` reports for a sum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct IndicatorFigure {
    /// For a share: reports counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    /// For a share: reports in the denominator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<i64>,
    /// For a share: `count` of `of` in whole percent, rounded half up; `None` when `of` is 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<i64>,
    /// For a sum: the total over the answered reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<Amount>,
    /// For a sum: reports that gave the amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered: Option<i64>,
    /// Reports in the indicator's scope whose answers leave it unknown: for a share, left
    /// out of `of` (base `answered`) or counted in `of` but not in `count` (base
    /// `respondents`); for a sum, adding nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unanswered: Option<i64>,
}

impl Figures for IndicatorFigure {
    fn minus(&self, p: &IndicatorFigure) -> IndicatorFigure {
        IndicatorFigure {
            count: sub(self.count, p.count),
            of: sub(self.of, p.of),
            percent: sub(self.percent, p.percent),
            total: match (self.total, p.total) {
                (Some(a), Some(b)) => Some(Amount(a.0 - b.0)),
                _ => None,
            },
            answered: sub(self.answered, p.answered),
            unanswered: sub(self.unanswered, p.unanswered),
        }
    }
}

impl IndicatorFigure {
    /// [`IndicatorFigure::text_with`] for a share over the answered providers.
    pub fn text(&self) -> Text {
        self.text_with(self.count.map(|_| ShareBase::Answered))
    }

    /// "5 av 96 verksamheter, 5 procent; 0 obesvarade" / "5 of 96 providers, 5 percent;
    /// 0 unanswered" (over respondents: "…; varav 1 obesvarad" / "…; 1 of them unanswered");
    /// "161 totalt" / "161 in all".
    pub fn text_with(&self, base: Option<ShareBase>) -> Text {
        let make = |lang: Lang| match (self.count, self.of, self.total) {
            (Some(n), Some(m), _) => {
                let (av, verks, proc_) = if lang == Lang::Sv { ("av", "verksamheter", "procent") } else { ("of", "providers", "percent") };
                let n = group_digits(&n.to_string(), lang);
                let m_text = group_digits(&m.to_string(), lang);
                let share = match self.percent {
                    Some(p) => format!("{n} {av} {m_text} {verks}, {p} {proc_}"),
                    None => format!("{n} {av} {m_text} {verks}"),
                };
                let u = self.unanswered.unwrap_or(0);
                let u_text = group_digits(&u.to_string(), lang);
                let unanswered = match (lang, base == Some(ShareBase::Respondents), u == 1) {
                    (Lang::Sv, false, true) => format!("{u_text} obesvarad"),
                    (Lang::Sv, false, false) => format!("{u_text} obesvarade"),
                    (Lang::Sv, true, true) => format!("varav {u_text} obesvarad"),
                    (Lang::Sv, true, false) => format!("varav {u_text} obesvarade"),
                    (Lang::En, false, _) => format!("{u_text} unanswered"),
                    (Lang::En, true, true) => format!("{u_text} of them unanswered"),
                    (Lang::En, true, false) => format!("{u_text} of them unanswered"),
                };
                format!("{share}; {unanswered}")
            }
            (_, _, Some(t)) => format!("{} {}", t.display(lang), if lang == Lang::Sv { "totalt" } else { "in all" }),
            _ => String::new(),
        };
        Text { sv: make(Lang::Sv), en: make(Lang::En) }
    }
}

/// Responses against the roster of invited providers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Response {
    /// Providers on the roster.
    pub invited: i64,
    /// Invited providers with an accepted report.
    pub responded: i64,
    /// `responded` of `invited` in whole percent, rounded half up; `None` with nobody invited.
    pub percent: Option<i64>,
    /// Accepted reports from providers not on the roster (for their service type).
    pub not_on_roster: i64,
}

impl Figures for Response {
    fn minus(&self, p: &Response) -> Response {
        Response {
            invited: self.invited - p.invited,
            responded: self.responded - p.responded,
            percent: sub(self.percent, p.percent),
            not_on_roster: self.not_on_roster - p.not_on_roster,
        }
    }
}

/// Amounts are kept in millionths: exact sums of decimal answers.
const MICRO: i128 = 1_000_000;

/// A sum indicator's amount in millionths, exact for whole numbers.
pub(crate) fn micro(amount: Quantity) -> i128 {
    match amount {
        Quantity::Integer(i) => i as i128 * MICRO,
        Quantity::Number(x) => (x * MICRO as f64).round() as i128,
    }
}
