//! Answers as validated values, for summaries that show the answers themselves (the risks
//! and actions of a risk register, the date it was reviewed), not only what rules compute
//! over them.

use super::*;

impl Answers {
    /// The records of the `list` question `question`, each a JSON array with one value per
    /// field in the question's field order ([`Question::fields`]): `true`/`false`, an integer or
    /// number, a date as `"YYYY-MM-DD"`, a text, or a choice's value as the pack writes it;
    /// `null` where the field is unanswered or its answer was refused (an [`AnswerIssue`] at
    /// `question[i].field` says why).
    ///
    /// `None` when the question is not the pack's, is not a `list`, or is unanswered; an
    /// empty list gives `Some(vec![])`.
    ///
    /// ```
    /// let pack = granska::Pack::from_yaml(r#"
    /// pack: { id: demo, title: { sv: Demo, en: Demo } }
    /// questions:
    ///   - id: personal
    ///     type: list
    ///     label: { sv: Personal, en: Staff }
    ///     fields:
    ///       - { id: start, type: date, label: { sv: Start, en: Start } }
    ///       - { id: timmar, type: integer, min: 0, label: { sv: Timmar, en: Hours } }
    /// "#, "demo.yaml").unwrap();
    /// let answers = pack.read_report_json(r#"{"provider": "P1", "service": "x", "date": "2017-12-31",
    ///     "answers": {"personal": [{"start": "2017-02-01", "timmar": -1}]}}"#).unwrap();
    /// let records = answers.records(&pack, "personal").unwrap();
    /// assert_eq!(records, vec![serde_json::json!(["2017-02-01", null])]);
    /// assert_eq!(answers.issues()[0].field, "personal[0].timmar");
    /// ```
    pub fn records(&self, pack: &Pack, question: &str) -> Option<Vec<Json>> {
        let slot = *pack.data.question_index.get(question)?;
        let Some(Answer::List(id)) = self.values.get(slot as usize) else { return None };
        let &(start, len) = self.lists.get(*id as usize)?;
        let records = self.records.get(start as usize..(start + len) as usize)?;
        Some(records.iter().map(|r| Json::Array(r.iter().map(field_json).collect())).collect())
    }

    /// The answer to the scalar question `question` as validated, as JSON: as a field of
    /// [`Answers::records`] (a date as `"YYYY-MM-DD"`, a choice as its value); `null` when it
    /// is unanswered or refused, the question is not the pack's, or it is a `list` or a
    /// multiple choice.
    pub fn value(&self, pack: &Pack, question: &str) -> Json {
        pack.data.question_index.get(question).and_then(|&slot| self.values.get(slot as usize)).map_or(Json::Null, field_json)
    }
}

/// A scalar answer as JSON.
fn field_json(a: &Answer) -> Json {
    match a {
        Answer::Bool(b) => Json::Bool(*b),
        Answer::Integer(i) => Json::from(*i),
        Answer::Number(x) => serde_json::Number::from_f64(*x).map_or(Json::Null, Json::Number),
        Answer::Date(d) => Json::String(value::format_date(*d)),
        Answer::Text(t) => Json::String(t.to_string()),
        // Fields are scalar: a set or a list is never stored in a record.
        Answer::Set(_) | Answer::List(_) | Answer::Unknown => Json::Null,
    }
}
