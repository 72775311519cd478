//! A text in Swedish and English: labels, titles, messages and explanations. Shared by the
//! YAML pack model (where it is read), the compiled pack and every result.

use serde::Deserialize;

/// A text in Swedish and English.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq, serde::Serialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// The Swedish text.
    pub sv: String,
    /// The English text.
    pub en: String,
}

impl Text {
    /// A text from its Swedish and English wording.
    pub fn new(sv: impl Into<String>, en: impl Into<String>) -> Text {
        Text { sv: sv.into(), en: en.into() }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::Sv => &self.sv,
            crate::Lang::En => &self.en,
        }
    }
}
