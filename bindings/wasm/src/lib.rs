//! WebAssembly bindings of granska, for a questionnaire in the browser and for Node.
//!
//! One crate, two modules (scripts/test-wasm.sh builds both; README.md says which to load):
//! - the **runtime** module (`--no-default-features`): compiled packs only
//!   (`Pack.fromCompiled`, `Pack.builtin()` from the compiled built-in pack that build.rs
//!   embeds), checking, form state, a pack's identity — no YAML, pest or checker inside;
//! - the **authoring** module (default feature `authoring`): all of that, plus YAML packs
//!   (`Pack.fromYaml`), parameters, YAML report files, warnings rendered from the YAML, and
//!   `toCompiled` to make the bytes the runtime module loads.
//!
//! Names are the same in both for what both have.
//!
//! The binding is thin: each method converts its arguments in, makes one call into the core
//! crate and converts the result out. Results are plain JS objects (the core's serde output
//! through `serde_wasm_bindgen`'s JSON-compatible serializer); errors are JS `Error`s, never
//! WebAssembly traps:
//!
//! - a pack that does not load throws an `Error` named `PackError` whose `diagnostics` holds
//!   every problem found, each with file, line, column, code, message and hint;
//! - a report that cannot be read (no provider, service or date, not an object, cyclic,
//!   nested too deep, a report file that is not JSON, YAML or UTF-8) throws an `Error` named
//!   `ReportError` whose `problems` holds each problem with its field, code and message in
//!   Swedish and English;
//! - an argument of the wrong JS type, or a value in a report that has no JSON form (a
//!   symbol, a function, a `Map`, a `Date`, …), throws a `TypeError` saying where;
//! - a bug in granska (a Rust panic, which `panic = "abort"` would turn into a trap) throws
//!   an `Error` named `GranskaError` with the panic's message; the module is instantiated
//!   afresh on the next call, and objects made before then throw when used.
//!
//! Reports given as objects are read through `JSON.stringify` (with a replacer, see
//! `reportJson`) and the core's JSON reader rather than walked value by value: that turns a
//! cyclic object into an exception instead of unbounded recursion, and the JSON reader
//! bounds nesting depth. A `BigInt` answer is passed as its digits, which the core reads
//! exactly (integers past 2^53 survive). Report files (`checkJson`, `checkYaml`) go to the
//! core's file readers as they are, so a browser reads a saved file exactly as the CLI does.

// The JS API says in each doc what a call throws, in JS terms ("Throws a `PackError` …"),
// where a Rust `# Errors` section would name `JsValue`.
#![allow(clippy::missing_errors_doc)]

use js_sys::JsString;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The pack's model (services, questions, requirements, pack info) and the report and
/// form-state types, generated from the Rust types (tests/typescript.rs checks
/// that the file is up to date).
#[wasm_bindgen(typescript_custom_section)]
const GENERATED_TYPES: &'static str = include_str!("generated.d.ts");

/// Parameters (a view with `is_example`), diagnostics, answer issues with their codes, the
/// inputs and the errors, declared by hand.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A value of a pack parameter (a date as `YYYY-MM-DD`). */
export type ParamValue = boolean | number | string;

/** A pack parameter: a contract term a municipality sets, with the value in force. */
export interface Parameter {
  /** Read in expressions as `param.<id>`. */
  id: string;
  type: "bool" | "integer" | "number" | "percent" | "text" | "date";
  label: Text;
  unit: Text | null;
  /** The value the pack declares. */
  default: ParamValue;
  /** The value in force: the parameters file's, else the default. */
  value: ParamValue;
  min: number | null;
  max: number | null;
  /** The document the default is taken from; null for an example value. */
  source: string | null;
  /** The default is an example value (exempelvärde), taken from no document. */
  example: boolean;
  /** The value in force is an example value (no parameters file set it). */
  is_example: boolean;
  note: Text | null;
  /** The parameters file that set the value; null when the default is in force. */
  set_by: string | null;
  pack: string;
}

/** A problem found in a pack, located in its YAML file. */
export interface Diagnostic {
  severity: "error" | "warning";
  /** A short stable code, e.g. `unknown-name`, `type-mismatch`, `yaml`. */
  code: string;
  message: string;
  /** The file as named when loaded (`builtin:…` for built-in files). */
  file: string;
  /** 1-based; 0 when the problem concerns the file as a whole. */
  line: number;
  /** 1-based, in characters. */
  column: number;
  hint: string | null;
}

/** The answer to one field of a list question's record. */
export type FieldAnswer = boolean | number | bigint | string | null;

/**
 * The answer to one question: a list question takes records, a multiple choice a list of
 * values. Numbers may be given as text (`"1,5"`), integers past 2^53 as `bigint`.
 */
export type AnswerValue = boolean | number | bigint | string | string[] | Array<Record<string, FieldAnswer>> | null;

/** Answers by question id: dotted keys (`"personal.antal": 3`) or nested objects (`{ personal: { antal: 3 } }`). */
export interface Answers { [id: string]: AnswerValue | Answers; }

/**
 * A provider's report as given to `check` and `formState`. It is read as `JSON.stringify`
 * writes it, with these differences, so that nothing is dropped silently:
 * - a `bigint` is written with all its digits (read exactly, past 2^53; past the range of the
 *   question an `out-of-range` issue);
 * - `NaN`, `Infinity` and `-Infinity` are the texts `"NaN"`, `"Infinity"`, `"-Infinity"`,
 *   which a number question reports as a `wrong-type` issue; `-0` is 0; 2**70 is too large
 *   for an integer question (`out-of-range`);
 * - a symbol, a function, a `Map`, `Set`, `Date` (give dates as `"YYYY-MM-DD"` text),
 *   `RegExp`, `ArrayBuffer` or typed array anywhere throws a `TypeError` naming where
 *   (`answers.personal.antal: a Map has no JSON form …`); `undefined` is "not answered";
 * - a lone surrogate (a string cut inside a pair) becomes U+FFFD, in values and keys;
 * - a cycle, nesting deeper than 127 levels, or an exception thrown by a getter or a `Proxy`
 *   while the report is read throws a `ReportError` (code `wrong-type`; the thrown value is
 *   its `cause`);
 * - a text past 64 KiB is a `too-long` issue (in `provider`, `name`, `service` or `contract`,
 *   a `ReportError`); an unknown key, `__proto__` too, an `unknown-question` issue.
 */
export interface ReportInput {
  provider: string;
  name?: string | null;
  /** A service type id of the pack (see `Pack.services()`). */
  service: string;
  /** `lov`, `lou` or `egen_regi`. */
  contract?: string | null;
  /** `YYYY-MM-DD`. */
  date: string;
  answers?: Answers | null;
}

/** A problem with one answer or report field. */
export interface AnswerIssue {
  /** The question id (or report field, e.g. `date`; `""` for the report as a whole). */
  field: string;
  code: IssueCode;
  message: Text;
  /** The value as given, when there was one. */
  value: string | null;
}

/**
 * Thrown by `Pack.fromCompiled` (and the runtime module's `Pack.builtin`) when the bytes are
 * not a compiled pack this granska reads: `kind` says why.
 */
export interface CompiledPackError extends Error { name: "CompiledPackError"; kind: CompiledPackErrorKind; }

/** Options of `checkJson`. */
export interface CheckOptions {
  /**
   * `false`: the compact result (`Verdicts`), every verdict without its explanation, message
   * or source; `true` (the default): the full `Report`.
   */
  explain?: boolean;
}

/** A requirement's verdict, without its explanation. */
export interface VerdictOnly { requirement: string; verdict: Verdict; }

/** `checkJson`, declared here for its overloads (merged with the class `Pack`). */
export interface Pack {
  /**
   * Checks a report file, JSON text or its bytes, exactly as the command line reads it:
   * duplicate keys are an error (where `JSON.parse` keeps the last), integers past 2^53 are
   * read exactly, a byte-order mark is skipped, bytes that are not UTF-8 reject the report
   * (`not-utf8`). Throws the `ReportError` `check` throws; another argument type is a
   * `TypeError`. With `{ explain: false }` it gives the compact `Verdicts` (no
   * explanations), the fast path.
   */
  checkJson(file: string | Uint8Array | ArrayBuffer, options?: { explain?: true } | null): Report;
  checkJson(file: string | Uint8Array | ArrayBuffer, options: { explain: false }): Verdicts;
  checkJson(file: string | Uint8Array | ArrayBuffer, options?: CheckOptions | null): Report | Verdicts;
}

/** A report's verdicts without explanations: `checkJson(file, { explain: false })`. */
export interface Verdicts {
  provider: string;
  service: string;
  /** `YYYY-MM-DD`. */
  date: string;
  /** The content hash of the pack that checked it (`Pack.contentHash()`). */
  pack_content_hash: string;
  counts: Counts;
  issues: AnswerIssue[];
  /** One entry per requirement, ordered by requirement id (as in `Report.verdicts`). */
  verdicts: VerdictOnly[];
}

/**
 * What one `Form.set` changed in the form state: `verdicts` holds the requirements whose
 * verdict changed (empty when none did); each other field is there, in full, only when it
 * changed.
 */
export interface FormChange {
  relevant?: string[];
  missing?: string[];
  errors?: AnswerIssue[];
  undecided?: Undecided[];
  verdicts: FormVerdict[];
}

/**
 * Thrown by `check`, `checkJson`, `checkYaml` and `formState` when a report cannot be judged
 * at all: `problems[0].code` says why (`missing`, `bad-date`, `not-a-choice`, `too-long`,
 * `wrong-type`; for files also `syntax` and `not-utf8`), `provider` is the provider id when
 * it could be read. Problems with single answers are not errors but the report's `issues`.
 */
export interface ReportError extends Error { name: "ReportError"; provider: string | null; problems: AnswerIssue[]; cause?: unknown; }

/**
 * Thrown when granska itself fails (a bug: please report it, with the message). The message
 * is `internal error in granska, please report it: <what failed> at <file:line:column>`.
 * The WebAssembly instance is created afresh on the next call, so the package keeps
 * working; a `Pack` made before then throws this error (saying it was made before the
 * restart) whenever it is used, and must be made again. Running out of memory, and the
 * engine's own limits, are not caught: they remain a `WebAssembly.RuntimeError` or a
 * `RangeError`.
 */
export interface GranskaError extends Error { name: "GranskaError"; }
"#;

/// Declarations of what only the authoring module has.
#[cfg(feature = "authoring")]
#[wasm_bindgen(typescript_custom_section)]
const AUTHORING_TYPES: &'static str = r#"
/** Thrown by `Pack.fromYaml` (and `Pack.builtin`) when the pack does not load. */
export interface PackError extends Error { name: "PackError"; diagnostics: Diagnostic[]; }
"#;

#[wasm_bindgen]
extern "C" {
    /// The global `Error` constructor, to throw real JS errors with extra properties.
    #[wasm_bindgen(js_name = Error)]
    type JsErrorObject;

    #[wasm_bindgen(constructor, js_class = "Error")]
    fn new(message: &str) -> JsErrorObject;
}

#[wasm_bindgen(inline_js = r#"
const MAX_DEPTH = 127;
const NO_JSON = new Set(["Map", "Set", "WeakMap", "WeakSet", "WeakRef", "Promise", "RegExp", "Date", "Error", "ArrayBuffer", "SharedArrayBuffer", "DataView"]);

function where(path) { return path === "" ? "the report" : path.length > 200 ? path.slice(0, 200) + "…" : path; }

function describe(e) {
  try { return e instanceof Error ? String(e.message) : String(e); } catch { return "an exception"; }
}

export function reportJson(report) {
  const tag = "\u0000bigint" + Math.random().toString(36).slice(2) + ":";
  let big = false;
  const seen = new Map();
  let problem = null;
  const fail = (p) => { problem = p; throw p; };
  function replacer(key, value) {
    const holder = seen.get(this) || { path: "", depth: 0 };
    const step = Array.isArray(this) ? `[${key}]` : holder.path === "" ? key : `.${key}`;
    const path = holder.depth === 0 ? "" : holder.path + step;
    if (typeof value === "object" && value !== null) {
      const kind = Object.prototype.toString.call(value).slice(8, -1);
      if (kind === "Number" || kind === "String" || kind === "Boolean" || kind === "BigInt") value = value.valueOf();
      else if (NO_JSON.has(kind) || ArrayBuffer.isView(value)) {
        const hint = kind === "Date" ? ": give dates as text, YYYY-MM-DD" : kind === "Map" ? ": use a plain object" : kind === "Set" ? ": use an array" : "";
        fail({ type: `${where(path)}: a ${kind} has no JSON form and cannot be an answer${hint}` });
      } else {
        const depth = holder.depth + 1;
        if (depth > MAX_DEPTH) fail({ deep: `${where(path)}: the report nests deeper than ${MAX_DEPTH} levels` });
        seen.set(value, { path, depth });
        return value;
      }
    }
    if (value === null) {
      // An invalid Date's toJSON() is null.
      const own = Object.getOwnPropertyDescriptor(this, key);
      if (own && own.value instanceof Date) fail({ type: `${where(path)}: a Date has no JSON form and cannot be an answer: give dates as text, YYYY-MM-DD` });
      return null;
    }
    switch (typeof value) {
      case "bigint":
        big = true;
        return tag + value.toString();
      case "number":
        return Number.isFinite(value) ? value : String(value);
      case "symbol":
      case "function":
        return fail({ type: `${where(path)}: a ${typeof value} cannot be an answer` });
      case "string": {
        // A Date has become its toJSON() text (or null, if invalid) before the replacer sees it.
        if (/^[-+]?\d{4,6}-\d\d-\d\dT/.test(value)) {
          const own = Object.getOwnPropertyDescriptor(this, key);
          if (own && own.value instanceof Date) fail({ type: `${where(path)}: a Date has no JSON form and cannot be an answer: give dates as text, YYYY-MM-DD` });
        }
        return value;
      }
      default:
        return value;
    }
  }
  let text;
  try {
    text = JSON.stringify(report, replacer);
  } catch (e) {
    if (problem !== null && e === problem) {
      if (problem.type) return { typeError: new TypeError(problem.type) };
      return { unreadable: problem.deep };
    }
    return { unreadable: describe(e), cause: e };
  }
  if (typeof text !== "string") return { unreadable: "" };
  // Lone surrogates (a JS string cut inside a pair) are escaped by JSON.stringify, which a
  // JSON reader rejects: they become U+FFFD, as TextEncoder would write them.
  text = text.replace(/(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g, "$1\ufffd");
  if (!big) return text;
  const marked = JSON.stringify(tag).slice(0, -1);
  return text.split(marked).map((part, i) => (i === 0 ? part : part.replace(/^(-?[0-9]+)"/, "$1"))).join("");
}

// The compact result of `checkJson(…, { explain: false })`: `head` (JSON text of every field
// but the verdicts) with `verdicts` added, one `{ requirement, verdict }` per requirement:
// `ids[i]` and `names[codes[i]]`. Built here rather than parsed from JSON text: the ids and
// the verdict names are the same strings on every call.
export function compactVerdicts(head, codes, ids, names) {
  const result = JSON.parse(head);
  const verdicts = new Array(codes.length);
  for (let i = 0; i < codes.length; i++) verdicts[i] = { requirement: ids[i], verdict: names[codes[i]] };
  result.verdicts = verdicts;
  return result;
}

export function throwInternal(message) {
  const error = new Error(`internal error in granska, please report it: ${message}`);
  error.name = "GranskaError";
  throw error;
}
"#)]
extern "C" {
    /// The report as JSON text: `JSON.stringify` with a replacer that writes a `BigInt` as a
    /// JSON integer with all its digits (the core reads it exactly, past 2^53), NaN and
    /// ±Infinity as the texts `"NaN"`, `"Infinity"`, `"-Infinity"` (which a number question
    /// rejects as an answer issue, as it would the same text from a form), and lone
    /// surrogates as U+FFFD. Never throws: a value with no JSON form gives
    /// `{typeError: TypeError}`; a cycle, nesting past 127 levels or an exception thrown by a
    /// getter or a Proxy gives `{unreadable: message, cause?}`.
    #[wasm_bindgen(js_name = reportJson)]
    fn report_json(report: &JsValue) -> JsValue;

    /// The compact verdicts (`Verdicts`): the JSON text `head` parsed, with `verdicts` set to
    /// `{ requirement: ids[i], verdict: names[codes[i]] }` for each `i`.
    #[wasm_bindgen(js_name = compactVerdicts)]
    fn compact_verdicts(head: &str, codes: &[u8], ids: &js_sys::Array, names: &js_sys::Array) -> JsValue;

    /// Throws an `Error` named `GranskaError` (from the panic hook: never returns to Rust).
    #[wasm_bindgen(js_name = throwInternal)]
    fn throw_internal(message: &str);
}

/// `text` in NFC by JavaScript's `String.prototype.normalize('NFC')` (the runtime module's NFC:
/// the browser's tables instead of the engine's).
#[cfg(not(feature = "authoring"))]
fn js_nfc(text: &str) -> String {
    JsString::from(text).normalize("NFC").into()
}

/// Registers the runtime's NFC normaliser (`js_nfc`) and installs the panic hook. With
/// `panic = "abort"` a panic would end in a trap
/// (`WebAssembly.RuntimeError: unreachable`) with no message, and leave the instance in an
/// unknown state. Instead the hook schedules a fresh instance for the next call
/// (`wasm_bindgen::handler::schedule_reinit`) and throws a JS `GranskaError` carrying the
/// panic's message and location; the exception unwinds the WebAssembly frames as a trap
/// would, without reaching `abort`.
#[wasm_bindgen(start)]
fn start() {
    // The runtime is built without the engine's Unicode normalisation tables: texts are put
    // in NFC by the JS engine's `String.prototype.normalize`, registered before any pack loads.
    #[cfg(not(feature = "authoring"))]
    granska::nfc::set_normalizer(js_nfc);
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload.downcast_ref::<&str>().copied().or_else(|| payload.downcast_ref::<String>().map(String::as_str)).unwrap_or("a panic without a message");
        let location = info.location().map(|l| format!(" at {}:{}:{}", l.file(), l.line(), l.column())).unwrap_or_default();
        wasm_bindgen::handler::schedule_reinit();
        throw_internal(&format!("{message}{location}"));
    }));
}

/// A JS `Error` named `name` with `message`, and each of `properties` set on it.
fn js_error(name: &str, message: &str, properties: &[(&str, JsValue)]) -> JsValue {
    let error: JsValue = JsErrorObject::new(message).into();
    // `Reflect.set` fails only on frozen or proxied objects, which a fresh Error is not.
    let _ = js_sys::Reflect::set(&error, &JsValue::from_str("name"), &JsValue::from_str(name));
    for (key, value) in properties {
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str(key), value);
    }
    error
}

/// A Rust value as a plain JS object (maps as objects, `None` as `null`). An integer past
/// 2^53 (only an answer read by an explanation can be one) is rounded to the nearest JS
/// number, as `JSON.parse` would round it.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).or_else(|_| {
        let text = serde_json::to_string(value).map_err(|e| js_error("Error", &format!("granska: cannot convert the result to JS: {e}"), &[]))?;
        js_sys::JSON::parse(&text)
    })
}

#[cfg(feature = "authoring")]
fn pack_error(error: granska::PackError) -> JsValue {
    match to_js(&error.diagnostics) {
        Ok(diagnostics) => js_error("PackError", &error.to_string(), &[("diagnostics", diagnostics)]),
        Err(e) => e,
    }
}

fn compiled_error(error: &granska::CompiledPackError) -> JsValue {
    js_error("CompiledPackError", &error.to_string(), &[("kind", JsValue::from_str(error.kind()))])
}

fn report_error(error: granska::ReportError) -> JsValue {
    let provider = error.provider.as_deref().map(JsValue::from_str).unwrap_or(JsValue::NULL);
    let message = error.problems.iter().map(|p| if p.field.is_empty() { p.message.en.clone() } else { format!("{}: {}", p.field, p.message.en) }).collect::<Vec<_>>().join("; ");
    match to_js(&error.problems) {
        Ok(problems) => js_error("ReportError", &message, &[("provider", provider), ("problems", problems)]),
        Err(e) => e,
    }
}

/// A string argument, taken as a JS value (`JsString` is not checked by the generated glue)
/// and read here: anything else is a `TypeError`, where wasm-bindgen's own `&str`
/// conversion would copy a non-string from garbage memory and trap.
fn string_arg(value: JsString, what: &str) -> Result<String, JsValue> {
    JsValue::from(value).as_string().ok_or_else(|| js_sys::TypeError::new(&format!("{what} must be a string")).into())
}

/// An optional string argument: `undefined` and `null` are `None`.
fn optional_string_arg(value: Option<JsString>, what: &str) -> Result<Option<String>, JsValue> {
    match value {
        Some(v) if !v.is_undefined() && !v.is_null() => string_arg(v, what).map(Some),
        _ => Ok(None),
    }
}

/// A `ReportError` for a report the core never saw: not an object, or not representable as
/// JSON; `cause` (what JS threw, if anything) is set as the error's `cause`.
fn unreadable_report(sv: String, en: String, cause: Option<JsValue>) -> JsValue {
    let error = report_error(granska::ReportError {
        provider: None,
        problems: vec![granska::AnswerIssue { field: String::new(), code: granska::IssueCode::WrongType, message: granska::Text::new(sv, en), value: None }],
    });
    if let Some(cause) = cause {
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str("cause"), &cause);
    }
    error
}

/// A loaded, checked rule pack, ready to evaluate reports.
#[wasm_bindgen(js_name = Pack)]
pub struct WasmPack {
    inner: granska::Pack,
    /// The requirement ids as JS strings, in requirement order: made on the first compact
    /// `checkJson` and shared by every result after it (`compactVerdicts`).
    requirement_ids: std::cell::OnceCell<js_sys::Array>,
}

#[wasm_bindgen(js_class = Pack)]
impl WasmPack {
    /// The built-in pack (`rules/granska.yaml` and every file it includes), embedded in the
    /// module: the authoring module loads its YAML (and throws a `PackError` if it did not
    /// load), the runtime module its compiled form, made when the module was built (and
    /// throws a `CompiledPackError`). Loaded once; later calls share it.
    pub fn builtin() -> Result<WasmPack, JsValue> {
        #[cfg(feature = "authoring")]
        let pack = granska::Pack::builtin().map_err(pack_error);
        #[cfg(not(feature = "authoring"))]
        let pack = {
            thread_local! {
                static BUILTIN: std::cell::OnceCell<Result<granska::Pack, granska::CompiledPackError>> = const { std::cell::OnceCell::new() };
            }
            BUILTIN
                .with(|b| b.get_or_init(|| granska::Pack::from_compiled_embedded(include_bytes!(concat!(env!("OUT_DIR"), "/builtin.gpack")))).clone())
                .map_err(|e| compiled_error(&e))
        };
        pack.map(WasmPack::new)
    }

    /// Loads a compiled pack file (written by `granska compile` or `toCompiled`), given as a
    /// `Uint8Array` or an `ArrayBuffer`, without parsing YAML or checking expressions. Throws
    /// a `CompiledPackError` whose `kind` says what is wrong (not a compiled pack, another
    /// format version, truncated, corrupt, invalid, a content hash that does not match); an
    /// argument of another type is a `TypeError`.
    #[wasm_bindgen(js_name = fromCompiled)]
    pub fn from_compiled(#[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: JsValue) -> Result<WasmPack, JsValue> {
        let bytes = if let Some(array) = bytes.dyn_ref::<js_sys::Uint8Array>() {
            array.to_vec()
        } else if bytes.is_instance_of::<js_sys::ArrayBuffer>() {
            js_sys::Uint8Array::new(&bytes).to_vec()
        } else {
            return Err(js_sys::TypeError::new("a compiled pack must be a Uint8Array or an ArrayBuffer").into());
        };
        granska::Pack::from_compiled(&bytes).map(WasmPack::new).map_err(|e| compiled_error(&e))
    }

    /// The pack as a compiled pack file, for `Pack.fromCompiled` in the runtime module (and
    /// `granska` anywhere): the same bytes `granska compile` writes for this pack.
    #[cfg(feature = "authoring")]
    #[wasm_bindgen(js_name = toCompiled)]
    pub fn to_compiled(&self) -> js_sys::Uint8Array {
        js_sys::Uint8Array::from(self.inner.to_compiled().as_slice())
    }

    /// The pack's content hash: 64 lowercase hexadecimal digits, the same for the same rules
    /// and parameter values whether the pack came from YAML or a compiled file (every report
    /// names it as `pack_content_hash`).
    #[wasm_bindgen(js_name = contentHash)]
    pub fn content_hash(&self) -> String {
        self.inner.content_hash().to_string()
    }

    /// The root pack's id.
    pub fn id(&self) -> String {
        self.inner.info().id.clone()
    }

    /// The root pack's version, or `null` when it declares none.
    pub fn version(&self) -> Option<String> {
        self.inner.info().version.clone()
    }

    #[cfg(feature = "authoring")]
    /// Loads a pack from YAML text; `name` names it in diagnostics (default `pack.yaml`).
    /// It may include built-in files (`include: [builtin:law/lex-sarah.yaml]`), no others
    /// (an `include` diagnostic). Throws a `PackError` with every diagnostic found, also for
    /// input past the default limits, which bound the parsers' recursion on WebAssembly: a
    /// pack over 4 MiB, YAML nested over 64 levels or an alias bomb, an expression over 4,096
    /// bytes or nesting over 64 levels, a chain of derived values over 64 (see
    /// docs/robustness.md). A `text` or `name` that is not a string is a `TypeError`.
    #[wasm_bindgen(js_name = fromYaml)]
    pub fn from_yaml(text: JsString, name: Option<JsString>) -> Result<WasmPack, JsValue> {
        let text = string_arg(text, "the pack text")?;
        let name = optional_string_arg(name, "the pack name")?.unwrap_or_else(|| "pack.yaml".to_string());
        granska::Pack::from_yaml(&text, &name).map(WasmPack::new).map_err(pack_error)
    }

    #[cfg(feature = "authoring")]
    /// This pack with a municipality's parameters: `params` maps parameter ids to values
    /// (`{ examen_andel: 80, kommun: "Värmdö" }`), each typed and range-checked by its
    /// parameter. Throws a `PackError` naming each mistake (unknown parameter, wrong type,
    /// out of range); `params` that is not a plain object is a `TypeError`.
    #[wasm_bindgen(js_name = withParams)]
    pub fn with_params(&self, #[wasm_bindgen(unchecked_param_type = "Record<string, boolean | number | string>")] params: JsValue) -> Result<WasmPack, JsValue> {
        let not_an_object = || -> JsValue { js_sys::TypeError::new("params must be an object of parameter ids and values").into() };
        if !params.is_object() || params.is_function() || js_sys::Array::is_array(&params) {
            return Err(not_an_object());
        }
        let text = js_sys::JSON::stringify(&params).ok().and_then(|t| t.as_string()).ok_or_else(not_an_object)?;
        let values: serde_json::Value = serde_json::from_str(&text).map_err(|_| not_an_object())?;
        // Pretty JSON (which is YAML): one parameter a line, so errors name its line.
        let text = serde_json::to_string_pretty(&serde_json::json!({ "parameters": values })).map_err(|_| not_an_object())?;
        self.inner.with_params_yaml(&text, "params").map(WasmPack::new).map_err(pack_error)
    }

    #[cfg(feature = "authoring")]
    /// This pack with a parameters file given as YAML (or JSON) text (`parameters: { id:
    /// value }`, optional `municipality`, `year`, `source`); `name` names it in diagnostics
    /// (default `params.yaml`). Throws a `PackError` with the line and column of each mistake.
    #[wasm_bindgen(js_name = withParamsYaml)]
    pub fn with_params_yaml(&self, text: JsString, name: Option<JsString>) -> Result<WasmPack, JsValue> {
        let text = string_arg(text, "the parameters text")?;
        let name = optional_string_arg(name, "the parameters file name")?.unwrap_or_else(|| "params.yaml".to_string());
        self.inner.with_params_yaml(&text, &name).map(WasmPack::new).map_err(pack_error)
    }

    /// The pack's parameters (contract terms), with the values in force.
    #[wasm_bindgen(unchecked_return_type = "Parameter[]")]
    pub fn parameters(&self) -> Result<JsValue, JsValue> {
        #[derive(Serialize)]
        struct View<'a> {
            #[serde(flatten)]
            parameter: &'a granska::Parameter,
            is_example: bool,
        }
        let views: Vec<View<'_>> = self.inner.parameters().iter().map(|p| View { parameter: p, is_example: p.is_example() }).collect();
        to_js(&views)
    }

    /// The root pack's metadata and the packs it includes.
    #[wasm_bindgen(unchecked_return_type = "PackInfo")]
    pub fn info(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.info())
    }

    /// Warnings found while loading (the pack loaded; these do not stop it).
    #[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
    pub fn warnings(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.warnings())
    }

    /// The service types reports can be of.
    #[wasm_bindgen(unchecked_return_type = "Service[]")]
    pub fn services(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.services())
    }

    /// The questions asked of `service` (every question when omitted), in questionnaire
    /// order. Throws when `service` is not one of the pack's service types.
    #[wasm_bindgen(unchecked_return_type = "Question[]")]
    pub fn questions(&self, service: Option<JsString>) -> Result<JsValue, JsValue> {
        let service = optional_string_arg(service, "the service type")?;
        if let Some(Err(unknown)) = service.as_deref().map(|s| self.inner.find_service(s)) {
            return Err(js_error("Error", &unknown.message.en, &[]));
        }
        let questions: Vec<&granska::Question> = self.inner.questions_for(service.as_deref()).collect();
        to_js(&questions)
    }

    /// Every requirement, ordered by id.
    #[wasm_bindgen(unchecked_return_type = "Requirement[]")]
    pub fn requirements(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.requirements())
    }

    /// Checks one provider's report against every requirement: a verdict per requirement,
    /// explained. Problems with single answers are listed in `issues`; a report that cannot
    /// be judged at all throws a `ReportError`, a value with no JSON form a `TypeError` (see
    /// `ReportInput` for how JS values are read).
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn check(&self, #[wasm_bindgen(unchecked_param_type = "ReportInput")] report: JsValue) -> Result<JsValue, JsValue> {
        let answers = self.read(&report)?;
        to_js(&self.inner.check(&answers))
    }

    /// Checks a report file, JSON text or its bytes, exactly as the command line reads it:
    /// duplicate keys are an error (where `JSON.parse` keeps the last), integers past 2^53 are
    /// read exactly and numbers past the float range are answer issues (where `JSON.parse`
    /// rounds them, or makes them `Infinity`), a byte-order mark is skipped, and bytes that
    /// are not UTF-8 reject the report (`not-utf8`). A report that cannot be read throws the
    /// `ReportError` `check` throws; an argument of another type throws a `TypeError`.
    ///
    /// With `{ explain: false }` it gives the compact `Verdicts` instead: every verdict
    /// without its explanation, message or source, evaluating only the requirements of the
    /// report's service type — the fast path for a page that shows verdicts as the user
    /// types (BENCHMARKS.md). `options` that is not an object is a `TypeError`.
    // Declared by hand (TYPES: `interface Pack`, merged with the class) with overloads: a
    // `Report` without options, `Verdicts` with `{ explain: false }`.
    #[wasm_bindgen(js_name = checkJson, skip_typescript)]
    pub fn check_json(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] file: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CheckOptions")] options: Option<js_sys::Object>,
    ) -> Result<JsValue, JsValue> {
        let explain = explain_option(options)?;
        let answers = self.read_file(&file, granska::ReportFormat::Json)?;
        if explain { to_js(&self.inner.check(&answers)) } else { self.verdicts(&answers) }
    }

    #[cfg(feature = "authoring")]
    /// Checks a report file, YAML text or its bytes, exactly as the command line reads it
    /// (see `checkJson`): duplicate keys, tabs in indentation and alias bombs are errors;
    /// `.nan` and `.inf` are answer issues.
    #[wasm_bindgen(js_name = checkYaml, unchecked_return_type = "Report")]
    pub fn check_yaml(&self, #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] file: JsValue) -> Result<JsValue, JsValue> {
        let answers = self.read_file(&file, granska::ReportFormat::Yaml)?;
        to_js(&self.inner.check(&answers))
    }

    /// The state of a questionnaire for the answers given so far: the questions to show, the
    /// required ones missing, field errors, every verdict, and the undecided requirements
    /// with the questions that would decide them.
    #[wasm_bindgen(js_name = formState, unchecked_return_type = "FormState")]
    pub fn form_state(&self, #[wasm_bindgen(unchecked_param_type = "ReportInput")] report: JsValue) -> Result<JsValue, JsValue> {
        let answers = self.read(&report)?;
        to_js(&self.inner.form_state(&answers))
    }

    /// A questionnaire being filled in, starting from `report` (read as `check` reads it):
    /// `form.set(question, value)` changes one answer and gives what changed in the form
    /// state, `form.state()` the whole state. Throws what `check` throws.
    pub fn form(&self, #[wasm_bindgen(unchecked_param_type = "ReportInput")] report: JsValue) -> Result<Form, JsValue> {
        let value = self.report_value(&report)?;
        let answers = self.inner.read_report(&value).map_err(report_error)?;
        let state = self.inner.form_state(&answers);
        Ok(Form { pack: self.inner.clone(), report: value, state })
    }
}

/// `checkJson`'s `explain` option: `true` when `options` or its `explain` is absent.
fn explain_option(options: Option<js_sys::Object>) -> Result<bool, JsValue> {
    let Some(options) = options.map(JsValue::from).filter(|o| !o.is_undefined() && !o.is_null()) else {
        return Ok(true);
    };
    if !options.is_object() {
        return Err(js_sys::TypeError::new("the options must be an object such as { explain: false }").into());
    }
    let explain = js_sys::Reflect::get(&options, &JsValue::from_str("explain")).unwrap_or(JsValue::UNDEFINED);
    match explain.as_bool() {
        Some(b) => Ok(b),
        None if explain.is_undefined() => Ok(true),
        None => Err(js_sys::TypeError::new("options.explain must be true or false").into()),
    }
}

/// A report's verdicts without explanations (`checkJson(file, { explain: false })`), all
/// but the verdicts themselves, which `compactVerdicts` adds in JS.
#[derive(Serialize)]
struct VerdictsHead<'a> {
    provider: &'a str,
    service: &'a str,
    date: String,
    pack_content_hash: &'a str,
    counts: granska::Counts,
    issues: &'a [granska::AnswerIssue],
}

/// A verdict's code for `compactVerdicts`: its index in `granska::Verdict::ALL`, the order of
/// the verdict names `compactVerdicts` is given (a match, not a search: it runs per verdict;
/// the test below keeps the two in step).
fn verdict_code(verdict: granska::Verdict) -> u8 {
    match verdict {
        granska::Verdict::Met => 0,
        granska::Verdict::NotMet => 1,
        granska::Verdict::NotApplicable => 2,
        granska::Verdict::Unanswered => 3,
    }
}

/// A result as a JS object through JSON text and `JSON.parse`: one string crossing into JS
/// instead of a call per field, for the fast paths.
fn to_js_via_json<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| js_error("Error", &format!("granska: cannot convert the result to JS: {e}"), &[]))?;
    js_sys::JSON::parse(&text)
}

/// A questionnaire being filled in (`pack.form(report)`): the report's answers so far and
/// the form state they give.
#[wasm_bindgen]
pub struct Form {
    pack: granska::Pack,
    /// The report as JSON, answers as given plus those set since.
    report: serde_json::Value,
    state: granska::FormState,
}

/// What one `Form.set` changed: the changed verdicts, and each other part only if it changed.
#[derive(Serialize)]
struct FormChange<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    relevant: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    missing: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<&'a [granska::AnswerIssue]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    undecided: Option<&'a [granska::Undecided]>,
    verdicts: Vec<&'a granska::FormVerdict>,
}

#[wasm_bindgen]
impl Form {
    /// Sets the answer to `question` (its id, e.g. `personal.antal`) to `value` (as in a
    /// report: a number, a text, a list of choices or records; `null` or `undefined` clears
    /// it) and gives what changed in the form state (`FormChange`). A value with no JSON form
    /// is a `TypeError`; a value the question does not accept is an `errors` entry, as in
    /// `formState`; a value that makes the report unreadable (nested too deep) throws the
    /// `ReportError` `check` would, and the form stays as it was.
    #[wasm_bindgen(unchecked_return_type = "FormChange")]
    pub fn set(&mut self, question: JsString, #[wasm_bindgen(unchecked_param_type = "AnswerValue | undefined")] value: JsValue) -> Result<JsValue, JsValue> {
        let question = string_arg(question, "the question id")?;
        let value = if value.is_undefined() || value.is_null() { serde_json::Value::Null } else { json_value(&value, &question)? };
        // On a copy: a report that can no longer be read (nested too deep) leaves the form as it was.
        let mut report = self.report.clone();
        set_answer(&mut report, &question, value);
        let answers = self.pack.read_report(&report).map_err(report_error)?;
        self.report = report;
        let state = self.pack.form_state(&answers);
        let old = std::mem::replace(&mut self.state, state);
        let new = &self.state;
        let change = FormChange {
            relevant: (new.relevant != old.relevant).then_some(new.relevant.as_slice()),
            missing: (new.missing != old.missing).then_some(new.missing.as_slice()),
            errors: (new.errors != old.errors).then_some(new.errors.as_slice()),
            undecided: (new.undecided != old.undecided).then_some(new.undecided.as_slice()),
            verdicts: new.verdicts.iter().zip(&old.verdicts).filter(|(n, o)| n != o).map(|(n, _)| n).collect(),
        };
        to_js_via_json(&change)
    }

    /// The whole form state for the answers so far (as `Pack.formState` gives it).
    #[wasm_bindgen(unchecked_return_type = "FormState")]
    pub fn state(&self) -> Result<JsValue, JsValue> {
        to_js(&self.state)
    }

    /// The report as it stands: the one given, with the answers set since (as dotted keys).
    #[wasm_bindgen(unchecked_return_type = "ReportInput")]
    pub fn report(&self) -> Result<JsValue, JsValue> {
        to_js_via_json(&self.report)
    }
}

/// One answer as JSON, read as a report's answers are (see `ReportInput`).
fn json_value(value: &JsValue, question: &str) -> Result<serde_json::Value, JsValue> {
    let converted = report_json(value);
    if let Some(json) = converted.as_string() {
        return serde_json::from_str(&json).map_err(|e| js_sys::TypeError::new(&format!("the answer to {question} cannot be read: {e}")).into());
    }
    let type_error = js_sys::Reflect::get(&converted, &JsValue::from_str("typeError")).unwrap_or(JsValue::UNDEFINED);
    if !type_error.is_undefined() {
        return Err(type_error);
    }
    let why = js_sys::Reflect::get(&converted, &JsValue::from_str("unreadable")).ok().and_then(|w| w.as_string()).unwrap_or_default();
    Err(js_sys::TypeError::new(&format!("the answer to {question} cannot be read as JSON: {why}")).into())
}

/// Sets `question`'s answer in `report.answers` as a dotted key, removing the answer given
/// before (as a dotted key or nested under an id prefix); `null` only removes it.
fn set_answer(report: &mut serde_json::Value, question: &str, value: serde_json::Value) {
    let Some(object) = report.as_object_mut() else { return };
    let answers = object.entry("answers").or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
    if !answers.is_object() {
        *answers = serde_json::Value::Object(serde_json::Map::new());
    }
    if let Some(map) = answers.as_object_mut() {
        remove_answer(map, question);
        if !value.is_null() {
            map.insert(question.to_string(), value);
        }
    }
}

/// Removes the answer to `id` from nested answers: the key `id` itself, or under each
/// object whose key is a prefix of `id` (`personal` for `personal.antal`).
/// A nested object left empty goes too.
fn remove_answer(map: &mut serde_json::Map<String, serde_json::Value>, id: &str) {
    map.remove(id);
    for (i, _) in id.match_indices('.') {
        let prefix = &id[..i];
        if let Some(serde_json::Value::Object(inner)) = map.get_mut(prefix) {
            remove_answer(inner, &id[i + 1..]);
            if inner.is_empty() {
                map.remove(prefix);
            }
        }
    }
}

impl WasmPack {
    /// A pack for JS.
    fn new(inner: granska::Pack) -> WasmPack {
        WasmPack { inner, requirement_ids: std::cell::OnceCell::new() }
    }

    /// Reads a JS report object into validated answers.
    fn read(&self, report: &JsValue) -> Result<granska::Answers, JsValue> {
        self.read_report_text(report, |json| self.inner.read_report_json(json).map_err(report_error))
    }

    /// A JS report object as JSON (for a `Form`), read as `read` reads it.
    fn report_value(&self, report: &JsValue) -> Result<serde_json::Value, JsValue> {
        self.read_report_text(report, |json| {
            serde_json::from_str(json).map_err(|e| unreadable_report(format!("Rapporten kan inte läsas som JSON: {e}"), format!("The report cannot be read as JSON: {e}"), None))
        })
    }

    /// The compact verdicts of `answers` (no explanations), for `checkJson(…, { explain: false })`:
    /// the fields but the verdicts as one JSON text, the verdicts as one byte each, which
    /// `compactVerdicts` turns into `{ requirement, verdict }` objects with the requirement
    /// ids and verdict names made once as JS strings.
    fn verdicts(&self, answers: &granska::Answers) -> Result<JsValue, JsValue> {
        thread_local! {
            static NAMES: js_sys::Array = granska::Verdict::ALL.iter().map(|v| JsValue::from_str(v.as_str())).collect();
        }
        let mut out = Vec::with_capacity(self.inner.requirements().len());
        self.inner.evaluate(answers, &mut out);
        let mut counts = granska::Counts::default();
        let codes: Vec<u8> = out
            .iter()
            .map(|&verdict| {
                counts.add(verdict);
                verdict_code(verdict)
            })
            .collect();
        let head = VerdictsHead {
            provider: answers.provider(),
            service: answers.service(),
            date: answers.date(),
            pack_content_hash: self.inner.content_hash(),
            counts,
            issues: answers.issues(),
        };
        let head = serde_json::to_string(&head).map_err(|e| js_error("Error", &format!("granska: cannot convert the result to JS: {e}"), &[]))?;
        let ids = self.requirement_ids.get_or_init(|| self.inner.requirements().iter().map(|r| JsValue::from_str(&r.id)).collect());
        Ok(NAMES.with(|names| compact_verdicts(&head, &codes, ids, names)))
    }

    /// A JS report object as JSON text (see `reportJson`), given to `then`; a report that is
    /// not an object, or has no JSON form, throws as `check` documents.
    fn read_report_text<T>(&self, report: &JsValue, then: impl FnOnce(&str) -> Result<T, JsValue>) -> Result<T, JsValue> {
        if !report.is_object() || report.is_function() {
            return Err(unreadable_report("Rapporten är inte ett objekt.".into(), "The report is not an object of fields.".into(), None));
        }
        let converted = report_json(report);
        if let Some(json) = converted.as_string() {
            return then(&json);
        }
        let field = |name: &str| js_sys::Reflect::get(&converted, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
        let type_error = field("typeError");
        if !type_error.is_undefined() {
            return Err(type_error);
        }
        let why = field("unreadable").as_string().unwrap_or_default();
        let cause = field("cause");
        Err(unreadable_report(format!("Rapporten kan inte läsas som JSON: {why}"), format!("The report cannot be read as JSON: {why}"), (!cause.is_undefined()).then_some(cause)))
    }

    /// Reads a report file's text or bytes (`string`, `Uint8Array` or `ArrayBuffer`) in `format`.
    fn read_file(&self, input: &JsValue, format: granska::ReportFormat) -> Result<granska::Answers, JsValue> {
        let read = if let Some(text) = input.as_string() {
            match format {
                granska::ReportFormat::Json => self.inner.read_report_json(&text),
                granska::ReportFormat::Yaml => self.inner.read_report_yaml(&text),
            }
        } else if let Some(bytes) = input.dyn_ref::<js_sys::Uint8Array>() {
            self.inner.read_report_bytes(&bytes.to_vec(), format)
        } else if input.is_instance_of::<js_sys::ArrayBuffer>() {
            self.inner.read_report_bytes(&js_sys::Uint8Array::new(input).to_vec(), format)
        } else {
            return Err(js_sys::TypeError::new("the report file must be a string, a Uint8Array or an ArrayBuffer").into());
        };
        read.map_err(report_error)
    }
}

/// Panics with `message`: for the tests of the panic hook only (`tests/robustness.test.mjs`),
/// left out of the TypeScript declarations.
#[doc(hidden)]
#[wasm_bindgen(js_name = __granskaPanicForTests, skip_typescript)]
pub fn panic_for_tests(message: JsString) {
    let message = JsValue::from(message).as_string().unwrap_or_default();
    panic!("{message}");
}

#[cfg(test)]
mod tests {
    use super::verdict_code;

    #[test]
    fn a_verdict_code_indexes_its_verdict() {
        for (i, v) in granska::Verdict::ALL.iter().enumerate() {
            assert_eq!(usize::from(verdict_code(*v)), i, "{v:?}");
        }
    }
}
