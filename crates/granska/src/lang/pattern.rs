//! A compiled regular expression of `matches(text, "pattern")`, built once with the size
//! limits of the pack it belongs to.
//!
//! One builder for both ways a pattern is made: the checker ([`crate::pack::compile`]) builds
//! it from the expression's text literal, and the compiled-pack loader
//! ([`crate::pack::compiled`]) builds it again from the pattern text and size limit stored in
//! the file (a compiled regex has no portable form), so the two packs match alike.
//!
//! Pattern matching is the `patterns` feature's (on in default builds and with `authoring`).
//! Without it (the browser's runtime module) there is no regex engine and no [`Pattern`] can
//! exist: a compiled pack that stores one fails to load, naming the expression's item and the
//! pattern ([`crate::lang::ir::read_error`]), so no `matches` is ever judged by guesswork.

use serde::{Deserialize, Deserializer};

#[cfg(feature = "patterns")]
pub(crate) use with_regex::Pattern;
#[cfg(not(feature = "patterns"))]
pub(crate) use without_regex::Pattern;

/// Reads a stored pattern: its text and the size limit it was built with (the format is the
/// same with and without the `patterns` feature).
///
/// # Errors
///
/// The bytes are not a text and a number.
fn read_stored<'de, D: Deserializer<'de>>(deserializer: D) -> Result<(String, u64), D::Error> {
    <(String, u64)>::deserialize(deserializer)
}

#[cfg(feature = "patterns")]
mod with_regex {
    use std::ops::Deref;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::read_stored;
    use crate::lang::read_error::{read_error, unsupported_error};

    /// A regular expression and the size limit (bytes of compiled program, also the lazy DFA's
    /// cache) it was built with.
    #[derive(Clone, Debug)]
    pub(crate) struct Pattern {
        regex: regex::Regex,
        size_limit: usize,
    }

    impl Pattern {
        /// Builds `pattern` with at most `size_limit` bytes of compiled program and of lazy DFA.
        ///
        /// # Errors
        ///
        /// The pattern is not a valid regular expression, or needs more than `size_limit` bytes.
        pub(crate) fn build(pattern: &str, size_limit: usize) -> Result<Pattern, regex::Error> {
            let regex = regex::RegexBuilder::new(pattern).size_limit(size_limit).dfa_size_limit(size_limit).build()?;
            Ok(Pattern { regex, size_limit })
        }
    }

    impl Deref for Pattern {
        type Target = regex::Regex;

        fn deref(&self) -> &regex::Regex {
            &self.regex
        }
    }

    /// Written as the pattern's text and its size limit.
    impl Serialize for Pattern {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            (self.regex.as_str(), self.size_limit as u64).serialize(serializer)
        }
    }

    /// Read back by building the pattern again with [`Pattern::build`].
    impl<'de> Deserialize<'de> for Pattern {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Pattern, D::Error> {
            let (text, size_limit) = read_stored(deserializer)?;
            let size_limit = usize::try_from(size_limit).map_err(|_| read_error(format!("the size limit of pattern `{text}` is too large")))?;
            Pattern::build(&text, size_limit).map_err(|e| load_error(&text, &e))
        }
    }

    /// Why a stored pattern does not build again: it is not a pattern the checker accepts
    /// (invalid), or — in a build without the `unicode-regex` feature, which has no Unicode
    /// tables — it needs those tables (unsupported), which the message says, and what to do.
    fn load_error<E: serde::de::Error>(text: &str, error: &regex::Error) -> E {
        let msg = error.to_string();
        let why = msg.lines().last().unwrap_or(&msg).trim();
        if cfg!(not(feature = "unicode-regex")) && msg.contains("Unicode") {
            return unsupported_error(format!(
                "the pattern `{text}` needs the regex engine's Unicode tables (for `\\w`, `\\d`, `\\s`, `\\b` or `(?i)`), which this build of granska leaves out: load the pack with a build that has them (the browser's authoring module, or granska built with the `unicode-regex` feature), or write the class out, e.g. `[0-9]` for `\\d` ({why})"
            ));
        }
        read_error(format!("the pattern `{text}` does not compile: {why}"))
    }
}

#[cfg(not(feature = "patterns"))]
mod without_regex {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::read_stored;
    use crate::lang::read_error::unsupported_error;

    /// No pattern: a build without the `patterns` feature has no regex engine, so this type has
    /// no values and the evaluator's `matches` arm is never reached.
    #[derive(Clone, Debug)]
    pub(crate) enum Pattern {}

    impl Pattern {
        /// Never called: there is no pattern to match with.
        pub(crate) fn is_match(&self, _text: &str) -> bool {
            match *self {}
        }
    }

    impl Serialize for Pattern {
        fn serialize<S: Serializer>(&self, _serializer: S) -> Result<S::Ok, S::Error> {
            match *self {}
        }
    }

    /// Refuses every stored pattern, naming it and saying which build has pattern matching.
    impl<'de> Deserialize<'de> for Pattern {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Pattern, D::Error> {
            let (text, _) = read_stored(deserializer)?;
            Err(unsupported_error(format!(
                "it uses the pattern `{text}` (`matches`), and this build of granska has no pattern matching: load the pack with a build that has it (the browser's authoring module, or granska built with the `patterns` feature)"
            )))
        }
    }
}

#[cfg(all(test, feature = "patterns"))]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

    use super::Pattern;
    use crate::lang::read_error::{ReadFault, take_read_error};

    #[test]
    fn a_pattern_reads_back_as_the_same_matcher() {
        let p = Pattern::build("^[0-9]{6}-[0-9]{4}$", 1 << 18).unwrap();
        let bytes = postcard::to_allocvec(&p).unwrap();
        let q: Pattern = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(q.as_str(), p.as_str());
        assert!(q.is_match("556677-8899") && !q.is_match("5566778899"));
    }

    #[test]
    fn a_pattern_that_does_not_build_is_named_when_read() {
        for (text, limit) in [("(", 1 << 18), ("[a-z]{500}{500}", 1 << 10)] {
            let bytes = postcard::to_allocvec(&(text, limit as u64)).unwrap();
            assert!(postcard::from_bytes::<Pattern>(&bytes).is_err());
            let (fault, why) = take_read_error().unwrap();
            assert_eq!(fault, ReadFault::Invalid);
            assert!(why.contains(&format!("the pattern `{text}` does not compile")), "{why}");
        }
    }
}
