//! Unicode normalisation of the texts granska compares: column titles, mapping keys, question
//! ids and report keys, choice values, text answers, provider ids and the texts of a pack.
//!
//! macOS writes `å` as `a` + a combining ring (NFD), Windows and the web as one character
//! (NFC); both look the same to a person, and must be the same to granska. Every such text is
//! put in NFC (Unicode Normalization Form C) when it is read; texts already in NFC (nearly
//! all) are not copied.
//!
//! With the `nfc-tables` feature (default, and part of `authoring`) the `unicode-normalization`
//! crate's tables do it. Without it (the browser's runtime module, where the tables would be
//! about 25 KB of the download and the browser has them already) the embedder registers a
//! normaliser once with `set_normalizer` — the WASM runtime registers JavaScript's
//! `String.prototype.normalize('NFC')` when it starts — and loading a pack fails until one is
//! registered ([`crate::CompiledPackError::NoNormalizer`]): texts are never compared
//! un-normalised.

use std::borrow::Cow;

/// `text` in NFC; borrowed when it already is.
///
/// In a build without the `nfc-tables` feature the registered normaliser (`set_normalizer`)
/// is called for a text with a character at or above U+0300 (below it every text is NFC:
/// Latin-1 and Latin Extended letters such as `å`, `ä`, `ö`, `é` need no call); without a
/// normaliser such a text is returned as it is, which no pack ever sees, because no pack
/// loads without one.
pub fn nfc(text: &str) -> Cow<'_, str> {
    imp::nfc(text)
}

/// `text` in NFC, as an owned string (moved when it already is NFC).
#[inline]
pub fn nfc_string(text: String) -> String {
    match nfc(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(s) => s,
    }
}

#[cfg(feature = "nfc-tables")]
mod imp {
    use std::borrow::Cow;

    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

    pub(super) fn nfc(text: &str) -> Cow<'_, str> {
        if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes { Cow::Borrowed(text) } else { Cow::Owned(text.nfc().collect()) }
    }

    pub(super) fn ready() -> bool {
        true
    }

    /// The tables normalise every text: a registered function would never be called.
    pub(super) fn set_normalizer(_normalize: fn(&str) -> String) -> bool {
        false
    }
}

#[cfg(not(feature = "nfc-tables"))]
mod imp {
    use std::borrow::Cow;
    use std::sync::OnceLock;

    /// The normaliser the embedder registered (`set_normalizer`).
    static NORMALIZER: OnceLock<fn(&str) -> String> = OnceLock::new();

    /// The first code point that can be part of a text not in NFC: every character below it
    /// has NFC quick-check value Yes and combining class 0, so a text of only such characters
    /// is in NFC (Unicode's `NFC_Quick_Check`; ICU's first "no or maybe" code point for NFC).
    const FIRST_NOT_NFC: char = '\u{300}';

    pub(super) fn nfc(text: &str) -> Cow<'_, str> {
        if text.chars().all(|c| c < FIRST_NOT_NFC) {
            return Cow::Borrowed(text);
        }
        match NORMALIZER.get() {
            Some(normalize) => {
                let normal = normalize(text);
                if normal == text { Cow::Borrowed(text) } else { Cow::Owned(normal) }
            }
            None => Cow::Borrowed(text),
        }
    }

    pub(super) fn ready() -> bool {
        NORMALIZER.get().is_some()
    }

    pub(super) fn set_normalizer(normalize: fn(&str) -> String) -> bool {
        NORMALIZER.set(normalize).is_ok()
    }
}

/// Registers the function that puts a text in NFC, for a build without the `nfc-tables`
/// feature: call it once, before loading a pack. `normalize` takes any text and gives it in
/// NFC (Unicode Normalization Form C), as JavaScript's `text.normalize('NFC')` does.
///
/// Returns whether `normalize` is the one used from now on: `false` (and the first is kept)
/// when one was registered already, and always `false` in a build with the `nfc-tables`
/// feature, whose tables normalise every text and which never calls a registered function.
/// The function exists in every build, so code that registers one compiles whichever
/// features the engine is built with (Cargo unifies features across a dependency graph).
pub fn set_normalizer(normalize: fn(&str) -> String) -> bool {
    imp::set_normalizer(normalize)
}

/// Whether texts can be normalised: always with the `nfc-tables` feature; without it once a
/// normaliser is registered (`set_normalizer`).
pub(crate) fn ready() -> bool {
    imp::ready()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "nfc-tables")]
    #[test]
    fn decomposed_becomes_composed() {
        let nfd = "Sa\u{30a}rbara\u{308}";
        assert_eq!(nfc(nfd), "Sårbarä");
        assert!(matches!(nfc("Sårbarä"), Cow::Borrowed(_)));
        assert!(matches!(nfc("ascii"), Cow::Borrowed(_)));
        assert!(ready());
    }

    /// With the tables a registered function is not used (and `set_normalizer` says so):
    /// `nfc` still composes, and does not call a function that would get it wrong.
    #[cfg(feature = "nfc-tables")]
    #[test]
    fn a_normaliser_registered_with_the_tables_is_not_used() {
        fn wrong(text: &str) -> String {
            text.to_uppercase()
        }
        assert!(!set_normalizer(wrong));
        assert_eq!(nfc("Sa\u{30a}rbara\u{308}"), "Sårbarä");
        assert_eq!(nfc("sa\u{30a}"), "så");
    }

    /// Every text of characters below U+0300 is its own NFC, as the build without tables
    /// assumes (checked against the tables for every such character, alone and after `a`).
    #[cfg(feature = "nfc-tables")]
    #[test]
    fn every_character_below_u0300_is_nfc_alone_and_after_a_letter() {
        for c in (0u32..0x300).filter_map(char::from_u32) {
            for text in [c.to_string(), format!("a{c}"), format!("{c}{c}"), format!("{c}a")] {
                assert_eq!(unicode_normalization::UnicodeNormalization::nfc(text.as_str()).collect::<String>(), text, "U+{:04X}", c as u32);
            }
        }
    }
}
