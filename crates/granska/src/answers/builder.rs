//! The [`AnswersBuilder`]: one report's answers set one by one, each typed by its question
//! ([`scalar`](super::scalar)) and every problem recorded as an issue.

use super::scalar::parse_scalar;
use super::*;

/// Builds [`Answers`] field by field; see [`Pack::answers`].
pub struct AnswersBuilder<'p> {
    pub(super) pack: &'p Pack,
    pub(super) answers: Answers,
}

impl AnswersBuilder<'_> {
    /// Records nested answers: objects whose keys are question ids or id prefixes.
    pub(super) fn set_tree(&mut self, prefix: &str, value: &Json) {
        let Json::Object(map) = value else { return };
        let mut id = String::with_capacity(prefix.len() + 32);
        for (key, v) in map {
            id.clear();
            if !prefix.is_empty() {
                id.push_str(prefix);
                id.push('.');
            }
            id.push_str(key);
            if let Some(&slot) = self.pack.data.question_index.get(&id) {
                self.set_slot(&id, slot, Raw::Json(v));
            } else if v.is_object() {
                self.set_tree(&id, v);
            } else {
                self.set(&id, Raw::Json(v));
            }
        }
    }

    /// Sets the answer to `question`. Problems are recorded, never returned: the answer is
    /// then left unanswered.
    pub fn set(&mut self, question: &str, raw: Raw<'_>) -> &mut Self {
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
        self.set_slot(question, slot, raw)
    }

    /// Sets the answer to `question`, the question at `slot`.
    fn set_slot(&mut self, question: &str, slot: u32, raw: Raw<'_>) -> &mut Self {
        let q = &self.pack.data.questions[slot as usize];
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
