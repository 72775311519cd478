//! The compiled pack file: a checked, slot-resolved pack written to bytes with its identity,
//! and read back without YAML, pest or the checker (docs/pack-format.md, "The compiled
//! form").
//!
//! Layout (integers little-endian):
//!
//! | offset     | bytes | what                                                          |
//! |------------|-------|---------------------------------------------------------------|
//! | 0          | 12    | magic: `GRANSKA\0PACK`                                        |
//! | 12         | 4     | format version, u32 ([`FORMAT_VERSION`])                      |
//! | 16         | 64    | the content hash ([`Pack::content_hash`]), lowercase hex      |
//! | 80         | 8     | payload length *n*, u64                                       |
//! | 88         | *n*   | payload: the pack's data ([`wire::Payload`]) in postcard      |
//! | 88 + *n*   | 32    | SHA-256 of bytes 0 .. 88 + *n* (header and payload)           |
//!
//! The magic and the version come first and keep their place in every version, so any
//! granska can say which format a file has. The payload is written with
//! [postcard](https://docs.rs/postcard) 1.x: its wire format is specified and stable across
//! postcard 1.x releases (integers as varints, no field names), compact, and its decoder is
//! small and needs no standard library — what a browser runtime that loads only compiled
//! packs wants. Regular expressions are stored as their pattern text and size limit and
//! built again on load with the checker's builder ([`crate::lang::pattern`]).
//!
//! The pack's YAML files (and the parameters file applied) are kept in the payload: they are
//! what [`Pack::with_params_yaml`] compiles again with a municipality's values, what
//! [`Pack::to_sources`] gives for pickling, and what the warnings are rendered against.
//!
//! Nothing here parses YAML, runs pest or the checker: a build that needs only to load
//! compiled packs can leave those out.

mod verify;
mod wire;

use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::lang::read_error::{ReadFault, take_read_error};
use crate::pack::Pack;

/// The version of the compiled pack format this granska writes and reads. Raised whenever
/// the payload's shape changes (a field of a pack item, a variant of the expression tree).
pub const COMPILED_FORMAT_VERSION: u32 = 1;

use COMPILED_FORMAT_VERSION as FORMAT_VERSION;

/// The largest compiled pack file the CLI and the Python package read (64 MiB): the built-in
/// pack's is a few hundred KB; a larger file is refused with its path before it is read whole.
pub const MAX_COMPILED_PACK_BYTES: u64 = 64 * 1024 * 1024;

/// The first bytes of every compiled pack file.
pub const COMPILED_MAGIC: &[u8; 12] = b"GRANSKA\0PACK";

/// Bytes before the payload: magic, version, content hash, payload length.
const HEADER: usize = 12 + 4 + 64 + 8;
/// Bytes of the checksum after the payload.
const CHECKSUM: usize = 32;

/// A compiled pack file that cannot be loaded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CompiledPackError {
    /// The bytes do not begin with the magic bytes `GRANSKA\0PACK`.
    #[error("this is not a compiled granska pack (it does not begin with `GRANSKA\\0PACK`); a YAML pack is loaded with `Pack::from_path` or `Pack::from_yaml`")]
    NotCompiled,
    /// The file has another format version than this granska reads.
    #[error("{}", version_message(*.found, *.supported))]
    Version {
        /// The file's format version.
        found: u32,
        /// The version this granska reads ([`COMPILED_FORMAT_VERSION`]).
        supported: u32,
    },
    /// The file ends before its header, payload or checksum does.
    #[error("the compiled pack is truncated: it has {found} bytes, its header says {expected}")]
    Truncated {
        /// Bytes the header says the file has (as far as it was read).
        expected: u64,
        /// Bytes it has.
        found: u64,
    },
    /// The checksum does not match, or the file has bytes after the checksum: the file was
    /// damaged after it was written.
    #[error("the compiled pack is corrupt: {reason}")]
    Corrupt {
        /// What does not match, in words.
        reason: String,
    },
    /// The checksum matches, but the payload cannot be a pack (it does not decode, or it reads
    /// a question, derived value or parameter the pack does not have): a file not written by
    /// `granska compile`.
    #[error("the compiled pack's data is invalid: {reason}")]
    Invalid {
        /// What is wrong, in words.
        reason: String,
    },
    /// The pack is sound, but needs what this build of granska leaves out: pattern matching
    /// (`matches`, the `patterns` feature) or the regex engine's Unicode tables (the
    /// `unicode-regex` feature). The reason names the item and the pattern, and a build that
    /// has what it needs.
    #[error("the compiled pack cannot be loaded by this build of granska: {reason}")]
    Unsupported {
        /// What the pack needs and where, in words.
        reason: String,
    },
    /// This build of granska has no Unicode normalisation tables (no `nfc-tables` feature)
    /// and no normaliser was registered (`granska::nfc::set_normalizer`): a pack is not
    /// loaded rather than compare texts un-normalised.
    #[error(
        "this build of granska has no Unicode normalisation tables and no NFC normaliser is registered: register one with `granska::nfc::set_normalizer` before loading a pack (the browser's runtime module registers JavaScript's `String.prototype.normalize`), or build with the `nfc-tables` feature"
    )]
    NoNormalizer,
    /// A compiled pack file larger than [`MAX_COMPILED_PACK_BYTES`]: not read at all.
    #[error("the compiled pack file is larger than {} MiB, more than any pack needs: it is not read", MAX_COMPILED_PACK_BYTES / (1024 * 1024))]
    TooLarge,
    /// The pack read back does not have the content hash its header names.
    #[error("the compiled pack names content hash {expected}, but the pack read from it has {found}")]
    HashMismatch {
        /// The content hash in the header.
        expected: String,
        /// The content hash of the pack read.
        found: String,
    },
}

fn version_message(found: u32, supported: u32) -> String {
    if found > supported {
        format!("the compiled pack was written by a newer granska (format {found}); this one reads format {supported}: update granska, or compile the pack with this version")
    } else {
        format!("the compiled pack was written by an older granska (format {found}); this one reads format {supported}: compile the pack again with `granska compile`")
    }
}

impl CompiledPackError {
    /// Every kind [`CompiledPackError::kind`] gives, in the order of the variants: what the
    /// bindings' declarations and documentation list (their tests compare them with this).
    pub const KINDS: [&'static str; 9] = ["not-compiled", "version", "truncated", "corrupt", "invalid", "unsupported", "no-normalizer", "too-large", "hash-mismatch"];

    /// A short stable name of the error's kind, one of [`CompiledPackError::KINDS`]:
    /// `not-compiled`, `version`, `truncated`, `corrupt`, `invalid`, `unsupported`,
    /// `no-normalizer`, `too-large` or `hash-mismatch` (for the bindings and the CLI).
    pub fn kind(&self) -> &'static str {
        match self {
            CompiledPackError::NotCompiled => "not-compiled",
            CompiledPackError::Version { .. } => "version",
            CompiledPackError::Truncated { .. } => "truncated",
            CompiledPackError::Corrupt { .. } => "corrupt",
            CompiledPackError::Invalid { .. } => "invalid",
            CompiledPackError::Unsupported { .. } => "unsupported",
            CompiledPackError::HashMismatch { .. } => "hash-mismatch",
            CompiledPackError::NoNormalizer => "no-normalizer",
            CompiledPackError::TooLarge => "too-large",
        }
    }
}

/// Why [`read_compiled_pack_file`] could not read a compiled pack file.
#[derive(Debug, thiserror::Error)]
pub enum CompiledFileError {
    /// The file could not be read (the system's reason).
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The file is a compiled pack that is not read: [`CompiledPackError::TooLarge`].
    #[error(transparent)]
    Pack(#[from] CompiledPackError),
}

/// The bytes of the file at `path` when it is a compiled pack file (it begins with
/// [`COMPILED_MAGIC`]); `Ok(None)` for anything else — a YAML file, a folder, a path that does
/// not exist — which is [`Pack::from_path`]'s to open. What the CLI's `--pack` and Python's
/// `Pack.load` read; load the bytes with [`Pack::from_compiled`].
///
/// # Errors
///
/// [`CompiledFileError::Io`] when the file cannot be read; [`CompiledFileError::Pack`] with
/// [`CompiledPackError::TooLarge`] for a compiled file over [`MAX_COMPILED_PACK_BYTES`], which is
/// not read past that size.
pub fn read_compiled_pack_file(path: &std::path::Path) -> Result<Option<Vec<u8>>, CompiledFileError> {
    use std::io::Read as _;
    if !path.is_file() {
        return Ok(None);
    }
    let mut file = std::fs::File::open(path)?;
    let mut head = Vec::with_capacity(COMPILED_MAGIC.len());
    (&mut file).take(COMPILED_MAGIC.len() as u64).read_to_end(&mut head)?;
    if !is_compiled_pack(&head) {
        return Ok(None);
    }
    let mut bytes = head;
    file.take(MAX_COMPILED_PACK_BYTES + 1 - bytes.len() as u64).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_COMPILED_PACK_BYTES {
        return Err(CompiledPackError::TooLarge.into());
    }
    Ok(Some(bytes))
}

/// Whether `bytes` begin like a compiled pack file (its magic bytes): how the CLI tells a
/// compiled pack from a YAML one.
pub fn is_compiled_pack(bytes: &[u8]) -> bool {
    bytes.starts_with(COMPILED_MAGIC)
}

impl Pack {
    /// The pack as a compiled pack file (layout in `docs/pack-format.md`): its data, already
    /// checked and resolved to slots, with its format version, content hash and a SHA-256
    /// checksum. [`Pack::from_compiled`] reads it back without parsing YAML or checking
    /// expressions. The bytes are the same for the same pack and version of granska.
    ///
    /// ```
    /// let pack = granska::Pack::builtin().unwrap();
    /// let bytes = pack.to_compiled();
    /// assert!(bytes.starts_with(b"GRANSKA\0PACK"));
    /// let again = granska::Pack::from_compiled(&bytes).unwrap();
    /// assert_eq!(again.content_hash(), pack.content_hash());
    /// ```
    pub fn to_compiled(&self) -> Vec<u8> {
        self.write_compiled(wire::Payload::of(&self.data))
    }

    /// [`Pack::to_compiled`] without the pack's YAML files: the same pack, the same content
    /// hash and the same reports, in about a quarter of the bytes for the built-in pack —
    /// what the browser's runtime module embeds. A pack loaded from it cannot take a
    /// parameters file ([`Pack::with_params_yaml`] says so: compile the pack with its
    /// parameters first), gives no YAML files to [`Pack::to_sources`], and its warnings
    /// cannot be shown with their source lines.
    pub fn to_compiled_without_sources(&self) -> Vec<u8> {
        self.write_compiled(wire::Payload::of(&self.data).without_sources())
    }

    fn write_compiled(&self, payload: wire::Payload) -> Vec<u8> {
        // Writing into a Vec cannot fail for these types: every one is a plain value.
        let payload = postcard::to_allocvec(&payload).unwrap_or_default();
        let mut out = Vec::with_capacity(HEADER + payload.len() + CHECKSUM);
        out.extend_from_slice(COMPILED_MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        let hash = self.content_hash().as_bytes();
        let mut field = [b'0'; 64];
        let n = hash.len().min(64);
        field[..n].copy_from_slice(&hash[..n]);
        out.extend_from_slice(&field);
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&payload);
        let checksum = Sha256::digest(&out);
        out.extend_from_slice(&checksum);
        out
    }

    /// Loads a pack from a compiled pack file written by [`Pack::to_compiled`] (or
    /// `granska compile`), without parsing YAML or checking expressions. The pack has the
    /// same content hash as the pack the file was written from, and gives the same reports.
    ///
    /// # Errors
    ///
    /// A [`CompiledPackError`]: the bytes are not a compiled pack; they have another format
    /// version; they are truncated; the checksum does not match (corrupt); the payload
    /// cannot be a pack (invalid); the pack needs what this build leaves out, such as pattern
    /// matching (unsupported); the pack read does not have the content hash the header
    /// names; or, in a build without the `nfc-tables` feature, no NFC normaliser is
    /// registered (`granska::nfc::set_normalizer`).
    pub fn from_compiled(bytes: &[u8]) -> Result<Pack, CompiledPackError> {
        read_compiled(bytes, Integrity::Check)
    }

    /// Loads a compiled pack embedded in the program when it was built (with
    /// `include_bytes!` of a file `build.rs` wrote with [`Pack::to_compiled`] or
    /// [`Pack::to_compiled_without_sources`]), as [`Pack::from_compiled`] does but without
    /// the two integrity checks that only guard against a file damaged after it was written:
    /// the SHA-256 checksum of the contents is not computed, and the content hash is taken
    /// from the header instead of being recomputed from the pack. The structure is still
    /// decoded and verified, so bad bytes are an error, never a panic; but a damaged file
    /// could load with a wrong content hash. Use it only for bytes that were never outside
    /// the build (the WASM runtime module's built-in pack); files read at run time go through
    /// [`Pack::from_compiled`].
    ///
    /// # Errors
    ///
    /// A [`CompiledPackError`], as [`Pack::from_compiled`] gives it, except
    /// [`CompiledPackError::Corrupt`] for a wrong checksum and
    /// [`CompiledPackError::HashMismatch`], which are not checked.
    pub fn from_compiled_embedded(bytes: &[u8]) -> Result<Pack, CompiledPackError> {
        read_compiled(bytes, Integrity::Trust)
    }
}

/// Whether [`read_compiled`] checks the checksum and recomputes the content hash.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Integrity {
    /// Check both: a file read at run time.
    Check,
    /// Check neither: bytes embedded at build time ([`Pack::from_compiled_embedded`]).
    Trust,
}

/// Reads a compiled pack file; see [`Pack::from_compiled`].
fn read_compiled(bytes: &[u8], integrity: Integrity) -> Result<Pack, CompiledPackError> {
    if !crate::nfc::ready() {
        return Err(CompiledPackError::NoNormalizer);
    }
    let found = bytes.len() as u64;
    if !bytes.starts_with(COMPILED_MAGIC) {
        return Err(if !bytes.is_empty() && COMPILED_MAGIC.starts_with(bytes) {
            CompiledPackError::Truncated { expected: HEADER as u64, found }
        } else {
            CompiledPackError::NotCompiled
        });
    }
    let version = match bytes.get(12..16) {
        Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]),
        _ => return Err(CompiledPackError::Truncated { expected: HEADER as u64, found }),
    };
    if version != FORMAT_VERSION {
        return Err(CompiledPackError::Version { found: version, supported: FORMAT_VERSION });
    }
    let (Some(hash), Some(length)) = (bytes.get(16..80), bytes.get(80..HEADER)) else {
        return Err(CompiledPackError::Truncated { expected: HEADER as u64, found });
    };
    let mut n = [0u8; 8];
    n.copy_from_slice(length);
    let length = u64::from_le_bytes(n);
    let expected = (HEADER as u64).saturating_add(length).saturating_add(CHECKSUM as u64);
    if found < expected {
        return Err(CompiledPackError::Truncated { expected, found });
    }
    if found > expected {
        return Err(CompiledPackError::Corrupt { reason: format!("it has {} bytes after its checksum", found - expected) });
    }
    // `found == expected`, so these fit in usize.
    let end = HEADER + length as usize;
    let (body, checksum) = bytes.split_at(end);
    if integrity == Integrity::Check && Sha256::digest(body).as_slice() != checksum {
        return Err(CompiledPackError::Corrupt { reason: "its SHA-256 checksum does not match its contents".into() });
    }
    let hash = match std::str::from_utf8(hash) {
        Ok(h) if h.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) => h,
        _ => return Err(CompiledPackError::Invalid { reason: "the content hash in its header is not 64 hexadecimal digits".into() }),
    };
    let _ = take_read_error();
    let payload: wire::Payload = postcard::from_bytes(&body[HEADER..]).map_err(|e| match take_read_error() {
        Some((ReadFault::Unsupported, reason)) => CompiledPackError::Unsupported { reason },
        Some((ReadFault::Invalid, reason)) => CompiledPackError::Invalid { reason },
        None => CompiledPackError::Invalid { reason: format!("its payload does not decode ({e})") },
    })?;
    let data = payload.into_data().map_err(|reason| CompiledPackError::Invalid { reason })?;
    verify::verify(&data).map_err(|reason| CompiledPackError::Invalid { reason })?;
    if integrity == Integrity::Trust {
        // A fresh OnceLock: setting it cannot fail.
        let _ = data.content_hash.set(hash.into());
    }
    let pack = Pack { data: Arc::new(data) };
    let computed = pack.content_hash();
    if computed != hash {
        return Err(CompiledPackError::HashMismatch { expected: hash.to_string(), found: computed.to_string() });
    }
    Ok(pack)
}
