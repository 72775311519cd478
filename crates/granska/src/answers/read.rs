//! Reading a report: JSON, YAML or bytes of either into [`Answers`], through the
//! [`AnswersBuilder`] that every source (export rows, bindings) uses too.

use super::*;

/// The format of a report file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// JSON (`.json`).
    Json,
    /// YAML (`.yaml`, `.yml`).
    Yaml,
}

impl ReportFormat {
    /// The format a file name's extension says (`.json`; `.yaml`, `.yml`), if any.
    pub fn from_extension(path: &std::path::Path) -> Option<ReportFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(ReportFormat::Json),
            "yaml" | "yml" => Some(ReportFormat::Yaml),
            _ => None,
        }
    }

    /// The format of a report's bytes by their first character: `{` is JSON, else YAML.
    pub fn sniff(bytes: &[u8]) -> ReportFormat {
        let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => ReportFormat::Json,
            _ => ReportFormat::Yaml,
        }
    }
}

impl Pack {
    /// Starts the answers of one report. Fails when the provider, service or date is missing
    /// or invalid: such a report cannot be judged.
    ///
    /// # Errors
    ///
    /// A [`ReportError`] when the provider or service is empty, the service type is not the
    /// pack's, or the date is not a date.
    pub fn answers(&self, meta: ReportMeta) -> Result<AnswersBuilder<'_>, ReportError> {
        use crate::nfc::nfc_string;
        let meta = ReportMeta {
            provider: nfc_string(meta.provider),
            name: meta.name.map(nfc_string),
            service: nfc_string(meta.service),
            contract: meta.contract.map(nfc_string),
            date: meta.date,
        };
        let mut problems = vec![];
        if meta.provider.trim().is_empty() {
            problems.push(issue("provider", IssueCode::Missing, "Verksamhetens id saknas.".into(), "The provider id is missing.".into(), None));
        }
        let mut service_index = None;
        if meta.service.trim().is_empty() {
            problems.push(issue("service", IssueCode::Missing, "Tjänstetyp saknas.".into(), "The service type is missing.".into(), None));
        } else {
            match self.lookup_service(&meta.service) {
                Ok(i) => service_index = i,
                Err(e) => problems.push(AnswerIssue { field: "service".into(), code: IssueCode::NotAChoice, message: e.message, value: Some(meta.service.clone()) }),
            }
        }
        // The report date is read like a date answer (`dates`): midnight times and instants
        // are accepted, everything else is refused with what is wrong.
        let date = match crate::answers::dates::parse(&meta.date) {
            Ok(d) => Some(d),
            Err(p) => {
                let m = if meta.date.trim().is_empty() { Text::new("Rapportens datum saknas.", "The report date is missing.") } else { p.message(meta.date.trim()) };
                problems.push(AnswerIssue { field: "date".into(), code: IssueCode::BadDate, message: m, value: Some(meta.date.clone()).filter(|d| !d.is_empty()) });
                None
            }
        };
        // Report fields are read by expressions (`service()`, `contract()`) like text answers.
        let max = self.data.limits.max_text_length;
        for (field, text) in [("provider", Some(&meta.provider)), ("name", meta.name.as_ref()), ("service", Some(&meta.service)), ("contract", meta.contract.as_ref())] {
            if let Some(t) = text.filter(|t| t.len() > max) {
                problems.push(issue(
                    field,
                    IssueCode::TooLong,
                    format!("Texten är {} byte; högst {max} tillåts.", t.len()),
                    format!("the text is {} bytes; at most {max} are allowed", t.len()),
                    None,
                ));
            }
        }
        if !problems.is_empty() {
            let provider = Some(meta.provider).filter(|p| !p.trim().is_empty() && p.len() <= max);
            return Err(ReportError { provider, problems });
        }
        let contract = meta.contract.filter(|c| !c.trim().is_empty());
        Ok(AnswersBuilder {
            pack: self,
            answers: Answers {
                provider: meta.provider,
                name: meta.name.filter(|n| !n.trim().is_empty()),
                service: meta.service,
                service_index,
                contract,
                date: date.unwrap_or_default(),
                values: vec![Answer::Unknown; self.data.questions.len()],
                records: vec![],
                lists: vec![],
                issues: vec![],
            },
            given: vec![super::builder::Given::No; self.data.questions.len()],
            spellings: super::builder::Spellings::default(),
        })
    }

    /// Reads a report from a JSON value: `{provider, name?, service, contract?, date, answers}`,
    /// answers as nested objects or dotted keys.
    ///
    /// # Errors
    ///
    /// A [`ReportError`] when the value is not a mapping, or its provider, service or date is
    /// missing or invalid; problems with single answers are issues of the [`Answers`] instead.
    pub fn read_report(&self, report: &Json) -> Result<Answers, ReportError> {
        let Some(object) = report.as_object() else {
            return Err(ReportError {
                provider: None,
                problems: vec![issue("", IssueCode::WrongType, "Rapporten är inte en mappning.".into(), "The report is not a mapping of fields.".into(), None)],
            });
        };
        // Report fields are texts: a number is its digits (`"provider": 180` is "180"); a
        // yes/no, a list or a mapping is refused, never read as a missing field.
        let mut not_text = vec![];
        let mut text = |k: &'static str| match object.get(k) {
            None | Some(Json::Null) => String::new(),
            Some(v) => Raw::Json(v).field_text().unwrap_or_else(|| {
                let (sv, en, shown) = match v {
                    Json::Bool(b) => ("ja eller nej", "a yes or no", Some(b.to_string())),
                    Json::Number(n) => {
                        ("ett tal för stort för att läsas exakt (skriv det inom citattecken)", "a number too large to read exactly (write it in quotes)", Some(n.to_string()))
                    }
                    Json::Array(_) => ("en lista", "a list", None),
                    _ => ("en mappning", "a mapping", None),
                };
                not_text.push(issue(k, IssueCode::WrongType, format!("Fältet \"{k}\" ska vara en text, inte {sv}."), format!("the field \"{k}\" must be a text, not {en}"), shown));
                String::new()
            }),
        };
        let meta = ReportMeta { provider: text("provider"), name: Some(text("name")), service: text("service"), contract: Some(text("contract")), date: text("date") };
        if !not_text.is_empty() {
            let provider = Some(meta.provider.clone()).filter(|p| !p.trim().is_empty());
            let mut problems = not_text;
            if let Err(e) = self.answers(meta) {
                let more: Vec<AnswerIssue> = e.problems.into_iter().filter(|p| !problems.iter().any(|q| q.field == p.field)).collect();
                problems.extend(more);
            }
            return Err(ReportError { provider, problems });
        }
        let mut builder = self.answers(meta)?;
        for (key, value) in object {
            match key.as_str() {
                "provider" | "name" | "service" | "contract" | "date" => {}
                "answers" => match value {
                    Json::Object(_) => builder.set_tree(value),
                    Json::Null => {}
                    _ => builder.answers.issues.push(issue(
                        "answers",
                        IssueCode::WrongType,
                        "\"answers\" ska vara en mappning.".into(),
                        "\"answers\" must be a mapping of question ids to values".into(),
                        None,
                    )),
                },
                other => {
                    let hint = did_you_mean(other, REPORT_FIELDS.into_iter().chain(["answers"]));
                    let en = match hint {
                        Some(h) => {
                            format!("unknown report field \"{other}\"; did you mean \"{h}\"?")
                        }
                        None => format!("unknown report field \"{other}\"; answers belong under \"answers\""),
                    };
                    builder.answers.issues.push(issue(other, IssueCode::UnknownQuestion, format!("Okänt fält \"{other}\" i rapporten."), en, None));
                }
            }
        }
        Ok(builder.finish())
    }

    /// Reads a report from the bytes of a JSON or YAML file. Bytes that are not UTF-8 (after
    /// an optional BOM) reject the report, saying where the first bad byte is.
    ///
    /// # Errors
    ///
    /// As [`Pack::read_report_json`] and [`Pack::read_report_yaml`]; also when the bytes are not
    /// UTF-8 or the file is larger than the pack's limit.
    pub fn read_report_bytes(&self, bytes: &[u8], format: ReportFormat) -> Result<Answers, ReportError> {
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let at = e.valid_up_to();
                let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                let column = at - bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
                return Err(ReportError {
                    provider: None,
                    problems: vec![issue(
                        "",
                        IssueCode::NotUtf8,
                        format!("Rapporten är inte UTF-8: ogiltig byte på rad {line}, kolumn {column} (byte {at})."),
                        format!("the report is not UTF-8: invalid byte at line {line}, column {column} (byte {at})"),
                        None,
                    )],
                });
            }
        };
        match format {
            ReportFormat::Json => self.read_report_json(text),
            ReportFormat::Yaml => self.read_report_yaml(text),
        }
    }

    /// Reads a report from JSON text.
    ///
    /// # Errors
    ///
    /// As [`Pack::read_report`]; also when the text is not JSON (with its line and column), or
    /// a key appears twice.
    pub fn read_report_json(&self, text: &str) -> Result<Answers, ReportError> {
        let mut text = std::borrow::Cow::Borrowed(text.strip_prefix('\u{feff}').unwrap_or(text));
        // serde_json's `Value` keeps the last of two equal keys: `UniqueKeys` refuses them
        // while it reads, so nothing is dropped (one pass over the text).
        let parse = |text: &str| serde_json::from_str::<UniqueKeys>(text).map(|UniqueKeys(v)| v);
        let mut parsed = parse(&text);
        // A number too large for a float (`1e400`) is a bad answer, not a broken report: it
        // is read as the text it is, which the question then rejects as too large.
        for _ in 0..MAX_HUGE_NUMBERS {
            let Err(e) = &parsed else { break };
            let Some(quoted) = quote_huge_number(&text, e) else {
                break;
            };
            text = std::borrow::Cow::Owned(quoted);
            parsed = parse(&text);
        }
        match parsed {
            Ok(v) => self.read_report(&v),
            Err(e) => Err(ReportError {
                provider: None,
                problems: vec![issue(
                    "",
                    IssueCode::Syntax,
                    format!("Ogiltig JSON på rad {}, kolumn {}: {e}", e.line(), e.column()),
                    format!("invalid JSON at line {}, column {}: {e}", e.line(), e.column()),
                    None,
                )],
            }),
        }
    }

    /// Reads a report from YAML text. Every scalar is read as written and typed by the
    /// question it answers (`provider: 0180` is the text "0180", a text answer `NO` is "NO",
    /// `1.10` stays "1.10"), never by YAML's own guesses; see `docs/report-schema.md`.
    ///
    /// # Errors
    ///
    /// As [`Pack::read_report`]; also when the text is not YAML (with its line and column), has
    /// more than one document, or a key appears twice.
    #[cfg(feature = "authoring")]
    pub fn read_report_yaml(&self, text: &str) -> Result<Answers, ReportError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        match crate::answers::yaml::read(text) {
            Ok(v) => self.read_report(&v),
            Err(mut e) => {
                let tab = text.contains('\t') && e.message.to_lowercase().contains("tab");
                let hint = if tab { " (YAML indentation must use spaces, not tabs)" } else { "" };
                // Point at the tab itself, not at what follows it.
                if let Some(col) = text.lines().nth(e.line.saturating_sub(1)).and_then(|l| l.find('\t').map(|at| l[..at].chars().count() + 1)).filter(|_| tab) {
                    e.column = col;
                }
                Err(ReportError {
                    provider: None,
                    problems: vec![issue(
                        "",
                        IssueCode::Syntax,
                        format!("Ogiltig YAML på rad {}, kolumn {}: {}{hint}", e.line, e.column, e.message),
                        format!("invalid YAML at line {}, column {}: {}{hint}", e.line, e.column, e.message),
                        None,
                    )],
                })
            }
        }
    }

    /// Reads a report from YAML text: not in this build. A build without the `authoring`
    /// feature reads reports as JSON only.
    ///
    /// # Errors
    ///
    /// Always: a `syntax` problem saying that YAML reports need the `authoring` feature.
    #[cfg(not(feature = "authoring"))]
    pub fn read_report_yaml(&self, _text: &str) -> Result<Answers, ReportError> {
        Err(ReportError {
            provider: None,
            problems: vec![issue(
                "",
                IssueCode::Syntax,
                "Den här versionen av granska läser bara rapporter i JSON (YAML kräver funktionen `authoring`).".into(),
                "this build of granska reads reports as JSON only (YAML reports need the `authoring` feature)".into(),
                None,
            )],
        })
    }
}

/// How many numbers too large for a float one JSON report may hold before it is rejected.
const MAX_HUGE_NUMBERS: usize = 64;

/// When `error` is serde_json's "number out of range", the JSON `text` with that number
/// written as a string.
fn quote_huge_number(text: &str, error: &serde_json::Error) -> Option<String> {
    if !error.to_string().starts_with("number out of range") {
        return None;
    }
    // serde_json's line is 1-based and its column is the byte of the number's last digit.
    let line_start = if error.line() <= 1 { 0 } else { text.match_indices('\n').nth(error.line() - 2)?.0 + 1 };
    let at = line_start + error.column().checked_sub(1)?;
    let bytes = text.as_bytes();
    let is_number = |b: u8| b.is_ascii_digit() || matches!(b, b'e' | b'E' | b'+' | b'-' | b'.');
    if !bytes.get(at).copied().is_some_and(is_number) {
        return None;
    }
    let start = bytes[..at].iter().rposition(|&b| !is_number(b)).map_or(0, |p| p + 1);
    let end = at + bytes[at..].iter().position(|&b| !is_number(b)).unwrap_or(bytes.len() - at);
    Some(format!("{}\"{}\"{}", &text[..start], &text[start..end], &text[end..]))
}

/// A JSON value in which no object has the same key twice, read in one pass: what
/// `serde_json::Value` reads, except that a key seen before in the same object is an error at
/// that key (serde_json's `Value` keeps the last of two equal keys, dropping an answer).
struct UniqueKeys(Json);

impl<'de> serde::Deserialize<'de> for UniqueKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<UniqueKeys, D::Error> {
        d.deserialize_any(UniqueKeysVisitor).map(UniqueKeys)
    }
}

/// Builds the [`Json`] value of [`UniqueKeys`].
struct UniqueKeysVisitor;

impl<'de> serde::de::Visitor<'de> for UniqueKeysVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Json, E> {
        Ok(Json::Number(i.into()))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Json, E> {
        Ok(Json::Number(u.into()))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Json, E> {
        Ok(serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number))
    }
    fn visit_str<E>(self, s: &str) -> Result<Json, E> {
        Ok(Json::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Json, E> {
        Ok(Json::String(s))
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(UniqueKeys(item)) = seq.next_element::<UniqueKeys>()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut object = serde_json::Map::new();
        // The NFC form and spelling of each key that is not ASCII: `"å"` and `"a\u030a"` (or
        // the Kelvin sign and `K`) are one key to everything that reads them.
        let mut unusual: Vec<(String, String)> = vec![];
        while let Some(key) = map.next_key::<String>()? {
            let normal = nfc(&key);
            let first = if object.contains_key(&key) {
                Some(key.clone())
            } else if let Some((_, spelled)) = unusual.iter().find(|(n, _)| *n == *normal) {
                Some(spelled.clone())
            } else if !key.is_ascii() && object.contains_key(&*normal) {
                Some(normal.to_string())
            } else {
                None
            };
            // Refused right after the key is read, before its value: the error's line and
            // column are those of the repeated key.
            if let Some(first) = first {
                let message = if first == key {
                    format!("the key \"{key}\" appears twice")
                } else {
                    format!("the key \"{key}\" appears twice (also as \"{first}\", the same text in another Unicode form)")
                };
                return Err(serde::de::Error::custom(message));
            }
            if !key.is_ascii() {
                unusual.push((normal.into_owned(), key.clone()));
            }
            let UniqueKeys(value) = map.next_value::<UniqueKeys>()?;
            object.insert(key, value);
        }
        Ok(Json::Object(object))
    }
}

/// Reads JSON text (after an optional BOM) as `serde_json` does, except that an object with
/// the same key twice — also two spellings of one text in different Unicode forms — is an
/// error at the repeated key, where `serde_json::Value` keeps the last value and drops the
/// first. Used for report files and every other JSON input granska reads.
///
/// # Errors
///
/// `(line, column, message)` (1-based) of a syntax error or a repeated key, as
/// [`yaml_as_written`](crate::yaml_as_written) gives them.
pub fn json_unique_keys(text: &str) -> Result<Json, (usize, usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str::<UniqueKeys>(text).map(|UniqueKeys(v)| v).map_err(|e| {
        let (line, column) = (e.line(), e.column());
        let message = e.to_string();
        let message = message.strip_suffix(&format!(" at line {line} column {column}")).unwrap_or(&message).to_string();
        (line, column, message)
    })
}
