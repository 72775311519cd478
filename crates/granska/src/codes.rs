//! Stable codes as types: the machinery shared by the code enums of each domain — a pack's
//! [`DiagnosticCode`](crate::DiagnosticCode), an answer's [`IssueCode`](crate::IssueCode) and
//! the summary's input problem codes.
//!
//! A code is written in kebab-case (`unknown-name`, `wrong-type`) wherever it leaves the
//! program: JSON, CSV, HTML, diagnostics, Python and JavaScript. [`code_enum!`](crate::code_enum)
//! declares an enum with one variant per code and gives it the same behaviour everywhere:
//! `as_str`, `Display`, `FromStr`, serde as the kebab-case string, comparison with a `&str`
//! (so `d.code == "unknown-name"` reads as before), an order, hash and `Borrow<str>` by the
//! written code (so maps keyed by code list them alphabetically, as when they were strings,
//! and are looked up by the string) and the list `ALL`.
//! What a code means — its labels in Swedish and English, whether it is a warning — is
//! written beside each enum.

/// A code that is not one of an enum's codes, e.g. in a summary file read back.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} code `{code}`")]
pub struct UnknownCode {
    /// What kind of code was expected (`diagnostic`, `issue`, `input problem`).
    pub kind: &'static str,
    /// The code as written.
    pub code: String,
}

/// Declares a code enum: `code_enum! { /// docs  pub enum Name("kind") { /// docs  Variant = "code", … } }`.
///
/// Generates the enum (`Clone, Copy, Debug, PartialEq, Eq`) and `ALL`, `as_str`, `Display`,
/// `FromStr` (error [`UnknownCode`]), `Serialize`/`Deserialize` as the code's string,
/// `PartialEq<str>`/`PartialEq<&str>`, and `Ord`, `Hash` and `Borrow<str>` by the code's
/// string (so a map keyed by code is looked up with `map.get("wrong-type")`).
#[macro_export]
#[doc(hidden)]
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident($kind:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        $vis enum $name {
            $( $(#[$vmeta])* #[doc = concat!("`", $code, "`")] $variant, )*
        }

        impl $name {
            /// Every code, in the order declared.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The code as written in outputs (kebab-case).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $code, )*
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::UnknownCode;

            fn from_str(s: &str) -> Result<$name, $crate::UnknownCode> {
                match s {
                    $( $code => Ok($name::$variant), )*
                    other => Err($crate::UnknownCode { kind: $kind, code: other.to_string() }),
                }
            }
        }

        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::hash::Hash for $name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state)
            }
        }

        impl ::std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::cmp::PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl ::std::cmp::PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl ::std::cmp::PartialOrd for $name {
            fn partial_cmp(&self, other: &$name) -> Option<::std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl ::std::cmp::Ord for $name {
            fn cmp(&self, other: &$name) -> ::std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                s.parse().map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    };
}
