//! The [`AnswersBuilder`]: one report's answers set one by one, each typed by its question
//! ([`scalar`](super::scalar)) and every problem recorded as an issue.

use super::scalar::parse_scalar;
use super::*;

/// Builds [`Answers`] field by field; see [`Pack::answers`].
pub struct AnswersBuilder<'p> {
    pub(super) pack: &'p Pack,
    pub(super) answers: Answers,
    /// By slot, how the report first answered the question: a second answer to it is an
    /// [`IssueCode::AnsweredTwice`] naming both spellings.
    pub(super) given: Vec<Given>,
    /// The keys of the spellings recorded in `given`, back to back (no allocation per answer).
    pub(super) spellings: Spellings,
}

/// Whether, and under which spelling, a question has been answered in a report.
#[derive(Clone, Copy, Debug, Default)]
pub(super) enum Given {
    /// Not yet answered.
    #[default]
    No,
    /// Answered under its id as the pack writes it (the usual case for a flat report).
    AsId,
    /// Answered under another spelling: keys `first..last` of [`Spellings`].
    Keys { first: u32, last: u32 },
}

/// The keys of every spelling recorded, in one buffer: key `i` is `text[ends[i - 1]..ends[i]]`.
#[derive(Clone, Debug, Default)]
pub(super) struct Spellings {
    text: String,
    ends: Vec<u32>,
}

impl Spellings {
    /// Records `spelled`'s keys; the [`Given`] that refers to them.
    fn record(&mut self, spelled: Spelled<'_>) -> Given {
        let first = self.ends.len() as u32;
        let mut push = |key: &str| {
            self.text.push_str(key);
            self.ends.push(self.text.len() as u32);
        };
        match spelled {
            Spelled::Key(k) => push(k),
            Spelled::Path(path) => path.iter().for_each(|k| push(k)),
        }
        Given::Keys { first, last: self.ends.len() as u32 }
    }

    /// Key `i` as recorded.
    fn key(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text.get(start..self.ends[i] as usize).unwrap_or_default()
    }

    /// `` `personal.antal` `` or `` `personal` → `antal` ``, as [`Spelled::describe`] writes it.
    fn describe(&self, first: u32, last: u32) -> String {
        (first..last).map(|i| format!("`{}`", self.key(i))).collect::<Vec<_>>().join(" → ")
    }
}

/// How a report spelled the question it answers: one key (`personal.antal`) or nested keys.
#[derive(Clone, Copy)]
enum Spelled<'a> {
    Key(&'a str),
    Path(&'a [&'a str]),
}

impl Spelled<'_> {
    /// `` `personal.antal` `` or `` `personal` → `antal` ``.
    fn describe(self) -> String {
        match self {
            Spelled::Key(k) => format!("`{k}`"),
            Spelled::Path(path) => path.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" → "),
        }
    }

    /// Whether this is the id exactly as the pack writes it.
    fn is_id(self, id: &str) -> bool {
        match self {
            Spelled::Key(k) => k == id,
            Spelled::Path([k]) => *k == id,
            Spelled::Path(_) => false,
        }
    }
}

impl AnswersBuilder<'_> {
    /// Records nested answers: objects whose keys are question ids or id prefixes.
    pub(super) fn set_tree(&mut self, value: &Json) {
        let mut path = Vec::with_capacity(4);
        let mut id = String::with_capacity(64);
        self.set_subtree(&mut path, &mut id, value);
    }

    /// [`set_tree`](Self::set_tree) below `path`, whose dotted id is `id` (both restored on return).
    fn set_subtree<'v>(&mut self, path: &mut Vec<&'v str>, id: &mut String, value: &'v Json) {
        let Json::Object(map) = value else { return };
        let prefix = id.len();
        for (key, v) in map {
            id.truncate(prefix);
            if !path.is_empty() {
                id.push('.');
            }
            id.push_str(key);
            path.push(key);
            if let Some(&slot) = self.pack.data.question_index.get(id.as_str()) {
                self.set_slot(id, Spelled::Path(path), slot, Raw::Json(v));
            } else if v.is_object() {
                self.set_subtree(path, id, v);
            } else {
                self.set_spelled(id, Spelled::Path(path), Raw::Json(v));
            }
            path.pop();
        }
        id.truncate(prefix);
    }

    /// Sets the answer to `question`. Problems are recorded, never returned: the answer is
    /// then left unanswered. A question answered a second time in the same report (by a
    /// second `set`, or dotted and nested in a report tree) is an `answered-twice` issue
    /// naming both spellings, and neither answer is used.
    pub fn set(&mut self, question: &str, raw: Raw<'_>) -> &mut Self {
        self.set_spelled(question, Spelled::Key(question), raw)
    }

    /// [`set`](Self::set), with how the report spelled the question for an `answered-twice` issue.
    fn set_spelled(&mut self, question: &str, spelled: Spelled<'_>, raw: Raw<'_>) -> &mut Self {
        // Ids are looked up as given, then in NFC (a key typed on macOS).
        let found = self.pack.data.question_index.get(question).or_else(|| if question.is_ascii() { None } else { self.pack.data.question_index.get(&*nfc(question)) });
        let Some(&slot) = found else {
            let hint = did_you_mean(question, self.pack.data.question_index.keys().map(String::as_str));
            let (sv, en) = match hint {
                Some(h) => (format!("Okänd fråga \"{question}\"; menade du \"{h}\"?"), format!("unknown question \"{question}\"; did you mean \"{h}\"?")),
                None => (format!("Okänd fråga \"{question}\"."), format!("unknown question \"{question}\"")),
            };
            self.answers.issues.push(issue(question, IssueCode::UnknownQuestion, sv, en, Some(raw.shown())));
            return self;
        };
        self.set_slot(question, spelled, slot, raw)
    }

    /// Sets the answer to `question`, the question at `slot`, spelled `spelled` in the report.
    fn set_slot(&mut self, question: &str, spelled: Spelled<'_>, slot: u32, raw: Raw<'_>) -> &mut Self {
        let q = &self.pack.data.questions[slot as usize];
        let Some(&given) = self.given.get(slot as usize) else { return self };
        let first = match given {
            Given::No => None,
            Given::AsId => Some(format!("`{}`", q.id)),
            Given::Keys { first, last } => Some(self.spellings.describe(first, last)),
        };
        if let Some(first) = first {
            let (id, now) = (&q.id, spelled.describe());
            let (sv, en) = if first == now {
                (
                    format!("Frågan \"{id}\" besvaras två gånger ({now}); inget av svaren används."),
                    format!("the question \"{id}\" is answered twice ({now}); neither answer is used"),
                )
            } else {
                (
                    format!("Frågan \"{id}\" besvaras två gånger: {first} och {now}; inget av svaren används."),
                    format!("the question \"{id}\" is answered twice: {first} and {now}; neither answer is used"),
                )
            };
            self.answers.values[slot as usize] = Answer::Unknown;
            self.answers.issues.push(issue(id, IssueCode::AnsweredTwice, sv, en, Some(raw.shown())));
            return self;
        }
        self.given[slot as usize] = if spelled.is_id(&q.id) { Given::AsId } else { self.spellings.record(spelled) };
        let answer = match (q.kind, raw) {
            (QuestionType::List, Raw::Json(Json::Array(items))) => self.list(q, items),
            (QuestionType::List, Raw::Json(Json::Null) | Raw::Empty) => Ok(Answer::Unknown),
            (QuestionType::List, Raw::Cell(c)) if c.trim().is_empty() => Ok(Answer::Unknown),
            (QuestionType::List, Raw::Cell(c)) => match serde_json::from_str::<Json>(c) {
                Ok(Json::Array(items)) => self.list(q, &items),
                _ => Err((IssueCode::WrongType, "en lista av poster (JSON)".to_string(), "a list of records (JSON)".to_string())),
            },
            (QuestionType::List, _) => Err((IssueCode::WrongType, "en lista av poster".to_string(), "a list of records".to_string())),
            _ => parse_scalar(q.kind, &q.choices, q.multiple, q.min, q.max, raw, self.pack.data.limits.max_text_length),
        };
        match answer {
            Ok(a) => self.answers.values[slot as usize] = a,
            Err((code, sv, en)) => {
                let shown = raw.shown();
                self.answers.values[slot as usize] = Answer::Unknown;
                let (sv, en) = if code == IssueCode::WrongType { (format!("Svaret \"{shown}\" är inte {sv}."), format!("the answer \"{shown}\" is not {en}")) } else { (sv, en) };
                self.answers.issues.push(issue(question, code, sv, en, Some(shown)));
            }
        }
        self
    }

    fn list(&mut self, q: &Question, items: &[Json]) -> Result<Answer, (IssueCode, String, String)> {
        let limit = self.pack.data.limits.max_list_length;
        if items.len() > limit {
            return Err((
                IssueCode::TooManyRecords,
                format!("Listan har {} poster; högst {limit} tillåts.", items.len()),
                format!("the list has {} records; at most {limit} are allowed", items.len()),
            ));
        }
        let start = self.answers.records.len() as u32;
        for (i, item) in items.iter().enumerate() {
            let mut record = vec![Answer::Unknown; q.fields.len()];
            match item {
                Json::Object(map) => {
                    for (key, v) in map {
                        let field = format!("{}[{i}].{key}", q.id);
                        match q.fields.iter().position(|f| f.id == *key) {
                            Some(fi) => {
                                let f = &q.fields[fi];
                                match parse_scalar(f.kind, &f.choices, false, f.min, f.max, Raw::Json(v), self.pack.data.limits.max_text_length) {
                                    Ok(a) => record[fi] = a,
                                    Err((code, sv, en)) => {
                                        let shown = Raw::Json(v).shown();
                                        let (sv, en) = if code == IssueCode::WrongType {
                                            (format!("Svaret \"{shown}\" är inte {sv}."), format!("the answer \"{shown}\" is not {en}"))
                                        } else {
                                            (sv, en)
                                        };
                                        self.answers.issues.push(issue(&field, code, sv, en, Some(shown)));
                                    }
                                }
                            }
                            None => {
                                let hint = did_you_mean(key, q.fields.iter().map(|f| f.id.as_str())).map(|h| format!("; did you mean \"{h}\"?")).unwrap_or_default();
                                self.answers.issues.push(issue(
                                    &field,
                                    IssueCode::UnknownQuestion,
                                    format!("Okänt fält \"{key}\"."),
                                    format!("unknown field \"{key}\"{hint}"),
                                    None,
                                ));
                            }
                        }
                    }
                }
                other => {
                    self.answers.issues.push(issue(
                        &format!("{}[{i}]", q.id),
                        IssueCode::WrongType,
                        "Posten är inte en mappning.".into(),
                        "the record is not a mapping of fields".into(),
                        Some(other.to_string()),
                    ));
                }
            }
            self.answers.records.push(record.into_boxed_slice());
        }
        let id = self.answers.lists.len() as u32;
        self.answers.lists.push((start, items.len() as u32));
        Ok(Answer::List(id))
    }
}
