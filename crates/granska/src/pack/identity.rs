//! A pack's identity: its id, version and content hash — what every report, summary and
//! partial summary names so that a figure can be traced to the exact rules it was computed
//! with.
//!
//! The content hash is the SHA-256 of the pack's canonical JSON form: its metadata (without
//! file paths), service types, parameters with the values in force, questions, derived values,
//! requirements and indicators, each as [`serde`] writes its public fields. It is therefore
//! independent of YAML formatting, comments, key order and where the files lie, and changes
//! with anything that can change a verdict, a message or a figure.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Derived, Indicator, Pack, ParamValue, Parameter, Question, Requirement, Service};
use crate::text::Text;

/// The version of the canonical form the content hash is computed over. It changes only when
/// that form changes, and with it every pack's hash.
pub const CONTENT_HASH_FORMAT: u32 = 1;

/// Which pack a result was computed with: id, version and content hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackIdentity {
    /// The root pack's id.
    pub id: String,
    /// The root pack's version, if it declares one.
    pub version: Option<String>,
    /// The SHA-256 of the pack's canonical form, 64 lowercase hexadecimal digits
    /// ([`Pack::content_hash`]).
    pub content_hash: String,
}

impl PackIdentity {
    /// What tells `self` and `other` apart, in words (`None` when they are the same pack):
    /// the id, else the version, else the content.
    pub fn difference(&self, other: &PackIdentity) -> Option<String> {
        if self.id != other.id {
            Some(format!("pack `{}` is not pack `{}`", other.id, self.id))
        } else if self.version != other.version {
            let v = |v: &Option<String>| v.clone().unwrap_or_else(|| "(no version)".to_string());
            Some(format!("pack `{}` version {} is not version {}", self.id, v(&other.version), v(&self.version)))
        } else if self.content_hash != other.content_hash {
            let version = self.version.as_deref().map(|v| format!(" {v}")).unwrap_or_default();
            Some(format!("pack `{}`{version} has other rules or parameter values (content hash {} is not {})", self.id, short(&other.content_hash), short(&self.content_hash)))
        } else {
            None
        }
    }
}

/// The first 12 digits of a hash, as shown to people.
fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// The canonical form hashed: the pack's public items in pack order, file paths left out.
#[derive(Serialize)]
struct Canonical<'a> {
    format: u32,
    id: &'a str,
    version: Option<&'a str>,
    title: &'a Text,
    sources: &'a [String],
    about: Option<&'a Text>,
    packs: Vec<(&'a str, Option<&'a str>)>,
    services: &'a [Service],
    parameters: Vec<CanonicalParameter<'a>>,
    questions: &'a [Question],
    derived: &'a [Derived],
    requirements: &'a [Requirement],
    indicators: &'a [Indicator],
}

/// A parameter without the name of the file that set it: its value is what counts (also
/// what `granska diff` compares).
#[derive(Serialize)]
pub(crate) struct CanonicalParameter<'a> {
    #[serde(flatten)]
    parameter: ParameterFields<'a>,
}

#[derive(Serialize)]
struct ParameterFields<'a> {
    id: &'a str,
    kind: super::QuestionType,
    label: &'a Text,
    unit: Option<&'a Text>,
    default: &'a ParamValue,
    value: &'a ParamValue,
    min: Option<f64>,
    max: Option<f64>,
    source: Option<&'a str>,
    /// Whether the value in force is an example value (it shows as such in messages).
    example: bool,
    note: Option<&'a Text>,
    pack: &'a str,
}

impl<'a> From<&'a Parameter> for CanonicalParameter<'a> {
    fn from(p: &'a Parameter) -> Self {
        CanonicalParameter {
            parameter: ParameterFields {
                id: &p.id,
                kind: p.kind,
                label: &p.label,
                unit: p.unit.as_ref(),
                default: &p.default,
                value: &p.value,
                min: p.min,
                max: p.max,
                source: p.source.as_deref(),
                example: p.is_example(),
                note: p.note.as_ref(),
                pack: &p.pack,
            },
        }
    }
}

/// Computes the content hash of a pack's data.
pub(crate) fn content_hash(pack: &Pack) -> String {
    let d = &*pack.data;
    let canonical = Canonical {
        format: CONTENT_HASH_FORMAT,
        id: &d.info.id,
        version: d.info.version.as_deref(),
        title: &d.info.title,
        sources: &d.info.sources,
        about: d.info.about.as_ref(),
        packs: d.info.packs.iter().map(|p| (p.id.as_str(), p.version.as_deref())).collect(),
        services: &d.services,
        parameters: d.parameters.iter().map(CanonicalParameter::from).collect(),
        questions: &d.questions,
        derived: &d.derived,
        requirements: &d.requirements,
        indicators: &d.indicators,
    };
    let mut hasher = Sha256::new();
    // Writing JSON into the hasher cannot fail: every field is a plain value.
    if serde_json::to_writer(HashWriter(&mut hasher), &canonical).is_err() {
        hasher.update(b"unserialisable");
    }
    let digest = hasher.finalize();
    let mut hex = String::with_capacity(64);
    for byte in digest {
        use std::fmt::Write as _;
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// Feeds what serde_json writes into the hasher without an intermediate buffer.
struct HashWriter<'a>(&'a mut Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Pack {
    /// The SHA-256 of the pack's canonical form, as 64 lowercase hexadecimal digits: the same
    /// for the same rules and parameter values however the YAML is formatted or where its
    /// files lie; different when anything that can change a verdict, message or figure
    /// differs: its metadata (without file paths), service types, parameters with the
    /// values in force, questions, derived values, requirements and indicators, each as
    /// serde writes its public fields ([`CONTENT_HASH_FORMAT`]). Computed once, on first call.
    pub fn content_hash(&self) -> &str {
        self.shared_content_hash()
    }

    /// The content hash as shared with every report checked ([`crate::Report::pack_content_hash`]).
    pub(crate) fn shared_content_hash(&self) -> &Arc<str> {
        self.data.content_hash.get_or_init(|| content_hash(self).into())
    }

    /// The pack's id, version and content hash.
    pub fn identity(&self) -> PackIdentity {
        PackIdentity { id: self.data.info.id.clone(), version: self.data.info.version.clone(), content_hash: self.content_hash().to_string() }
    }
}
