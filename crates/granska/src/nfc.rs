//! Unicode normalisation of the texts granska compares: column titles, mapping keys, question
//! ids and report keys, choice values, text answers, provider ids and the texts of a pack.
//!
//! macOS writes `å` as `a` + a combining ring (NFD), Windows and the web as one character
//! (NFC); both look the same to a person, and must be the same to granska. Every such text is
//! put in NFC (Unicode Normalization Form C) when it is read, with the `unicode-normalization`
//! crate; texts already in NFC (nearly all) are not copied.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// `text` in NFC; borrowed when it already is.
pub fn nfc(text: &str) -> Cow<'_, str> {
    if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes { Cow::Borrowed(text) } else { Cow::Owned(text.nfc().collect()) }
}

/// `text` in NFC, as an owned string (moved when it already is NFC).
#[inline]
pub fn nfc_string(text: String) -> String {
    match nfc(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(s) => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_becomes_composed() {
        let nfd = "Sa\u{30a}rbara\u{308}";
        assert_eq!(nfc(nfd), "Sårbarä");
        assert!(matches!(nfc("Sårbarä"), Cow::Borrowed(_)));
        assert!(matches!(nfc("ascii"), Cow::Borrowed(_)));
    }
}
