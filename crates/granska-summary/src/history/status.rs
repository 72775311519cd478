//! What a provider's verdict on one requirement means in its history ([`HistoryStatus`]):
//! met, improved, not met for the first time (or not met with earlier years not known), not
//! met again (two or more years running),
//! not met again after a break, or why there is no verdict to compare (no report that year,
//! the requirement not in that year's pack).

use granska::Lang;

granska::code_enum! {
    /// The status of a provider's verdict on one requirement in one year, read against the
    /// earlier years of the history. Written in snake_case, as verdicts are.
    pub enum HistoryStatus("history status") {
        /// Met, and not `not_met` the year before.
        Met = "met",
        /// Met this year, `not_met` the year before.
        Improved = "improved",
        /// Not met, and every earlier year of the history known not to be `not_met` (met, not
        /// applicable, or not in that year's pack).
        NotMetFirst = "not_met_first",
        /// Not met, never `not_met` in an earlier year known, but some earlier year is not
        /// known — the history's first year, a year without a report or verdict, an unanswered
        /// verdict, a calendar year with no reports — so it cannot be called a first time.
        NotMetUnknownBefore = "not_met_unknown_before",
        /// Not met this year and the year before: two or more years running (the run length
        /// is [`HistoryRow::run`](super::HistoryRow::run)).
        NotMetAgain = "not_met_again",
        /// Not met this year, not `not_met` the year before (met, unanswered, no report), but
        /// `not_met` in an earlier year.
        NotMetEarlier = "not_met_earlier",
        /// Does not apply to the provider that year.
        NotApplicable = "not_applicable",
        /// The answers could not decide it that year.
        Unanswered = "unanswered",
        /// The provider has no report that year (a year missing breaks a run).
        Missing = "missing",
        /// The requirement is not in the pack the year's reports were checked with.
        NotInPack = "not_in_pack",
        /// The provider's report that year has no verdict on a requirement its pack has (a
        /// report of another pack, or an edited report).
        NoVerdict = "no_verdict",
    }
}

impl HistoryStatus {
    /// The status in words: "ej uppfyllt igen" / "not met again".
    pub const fn label(self, lang: Lang) -> &'static str {
        let (sv, en) = match self {
            HistoryStatus::Met => ("uppfyllt", "met"),
            HistoryStatus::Improved => ("uppfyllt (förbättring)", "met (improvement)"),
            HistoryStatus::NotMetFirst => ("ej uppfyllt, första gången", "not met, first time"),
            HistoryStatus::NotMetUnknownBefore => ("ej uppfyllt, utfallet tidigare år okänt", "not met, earlier years not known"),
            HistoryStatus::NotMetAgain => ("ej uppfyllt igen", "not met again"),
            HistoryStatus::NotMetEarlier => ("ej uppfyllt, även tidigare år", "not met, also in an earlier year"),
            HistoryStatus::NotApplicable => ("gäller inte", "not applicable"),
            HistoryStatus::Unanswered => ("obesvarat", "unanswered"),
            HistoryStatus::Missing => ("ingen rapport", "no report"),
            HistoryStatus::NotInPack => ("kravet fanns inte", "requirement not in the pack"),
            HistoryStatus::NoVerdict => ("inget utfall", "no verdict"),
        };
        match lang {
            Lang::Sv => sv,
            Lang::En => en,
        }
    }

    /// Whether the requirement was not met (first time, earlier years not known, again or after
    /// a break).
    pub const fn is_not_met(self) -> bool {
        matches!(self, HistoryStatus::NotMetFirst | HistoryStatus::NotMetUnknownBefore | HistoryStatus::NotMetAgain | HistoryStatus::NotMetEarlier)
    }
}

/// "andra" / "second" for 2: the ordinal of a run length of years.
pub(crate) fn ordinal(n: u32, lang: Lang) -> String {
    const SV: [&str; 9] = ["andra", "tredje", "fjärde", "femte", "sjätte", "sjunde", "åttonde", "nionde", "tionde"];
    const EN: [&str; 9] = ["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];
    let i = n.wrapping_sub(2) as usize;
    match lang {
        // 21:a, 22:a, 31:a, 102:a; 11:e, 12:e, 111:e and every other number :e.
        Lang::Sv => SV.get(i).map_or_else(
            || {
                let suffix = if matches!(n % 10, 1 | 2) && !matches!(n % 100, 11 | 12) { "a" } else { "e" };
                format!("{n}:{suffix}")
            },
            |s| (*s).to_string(),
        ),
        Lang::En => EN.get(i).map_or_else(
            || {
                let suffix = match (n % 10, n % 100) {
                    (_, 11..=13) => "th",
                    (1, _) => "st",
                    (2, _) => "nd",
                    (3, _) => "rd",
                    _ => "th",
                };
                format!("{n}{suffix}")
            },
            |s| (*s).to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_ordinals_take_a_after_one_and_two_except_eleven_and_twelve() {
        let sv = |n| ordinal(n, Lang::Sv);
        assert_eq!([sv(2), sv(10)], ["andra", "tionde"]);
        assert_eq!([sv(11), sv(12), sv(13), sv(20)], ["11:e", "12:e", "13:e", "20:e"]);
        assert_eq!([sv(21), sv(22), sv(23), sv(31), sv(32)], ["21:a", "22:a", "23:e", "31:a", "32:a"]);
        assert_eq!([sv(101), sv(111), sv(112), sv(122)], ["101:a", "111:e", "112:e", "122:a"]);
        let en = |n| ordinal(n, Lang::En);
        assert_eq!([en(11), en(21), en(22), en(23), en(112)], ["11th", "21st", "22nd", "23rd", "112th"]);
    }
}
