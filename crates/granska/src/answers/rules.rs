//! Finishing a report's answers: service types, relevance (cascading) and constraints, the
//! only part of reading that evaluates expressions.

use super::*;
use crate::lang::eval::{Cx, answer_value};

impl AnswersBuilder<'_> {
    /// Applies service types, relevance and constraints, and returns the answers.
    pub fn finish(self) -> Answers {
        let AnswersBuilder { pack, mut answers, .. } = self;
        let data = &pack.data;
        // Relevance cascades: an answer ignored as not relevant may make others irrelevant
        // in turn, so repeat until nothing changes (each pass only removes answers).
        loop {
            let mut clear: Vec<(usize, IssueCode)> = vec![];
            {
                let cx = Cx::new(data, &answers);
                for (i, q) in data.questions.iter().enumerate() {
                    if !answers.is_answered(i as u32) {
                        continue;
                    }
                    if !q.compiled.services.contains(answers.service_index) {
                        clear.push((i, IssueCode::NotAsked));
                    } else if let Some(rel) = &q.compiled.relevant
                        && cx.eval(rel, None) == Value::Bool(false)
                    {
                        clear.push((i, IssueCode::NotRelevant));
                    }
                }
            }
            if clear.is_empty() {
                break;
            }
            for (i, code) in clear {
                let q = &data.questions[i];
                let shown = describe_answer(&answers, &answers.values[i]);
                let (sv, en) = if code == IssueCode::NotAsked {
                    (
                        format!("Frågan ställs inte till tjänstetypen {}; svaret räknas inte.", answers.service),
                        format!("the question is not asked of service type {}; the answer is ignored", answers.service),
                    )
                } else {
                    (
                        format!("Frågan är inte aktuell ({}); svaret räknas inte.", q.relevant.as_deref().unwrap_or("")),
                        format!("the question does not apply ({}); the answer is ignored", q.relevant.as_deref().unwrap_or("")),
                    )
                };
                answers.issues.push(issue(&q.id, code, sv, en, Some(shown)));
                answers.values[i] = Answer::Unknown;
            }
        }
        let mut broken = vec![];
        {
            for (i, q) in data.questions.iter().enumerate() {
                let Some(constraint) = &q.compiled.constraint else {
                    continue;
                };
                let Some(a) = answers.values.get(i) else {
                    continue;
                };
                if matches!(a, Answer::Unknown) {
                    continue;
                }
                let cx = Cx { pack: data, answers: &answers, this: answer_value(a) };
                if cx.eval(constraint, None) == Value::Bool(false) {
                    broken.push(i);
                }
            }
        }
        for i in broken {
            let q = &data.questions[i];
            let message = q.constraint_message.clone().unwrap_or_else(|| Text::new("Svaret uppfyller inte villkoret.", "The answer does not meet its constraint."));
            let shown = describe_answer(&answers, &answers.values[i]);
            answers.issues.push(AnswerIssue { field: q.id.clone(), code: IssueCode::Constraint, message, value: Some(shown) });
        }
        answers
    }
}

/// An answer as a short text, for issues.
fn describe_answer(answers: &Answers, a: &Answer) -> String {
    match a {
        Answer::Unknown => String::new(),
        Answer::Bool(b) => b.to_string(),
        Answer::Integer(i) => i.to_string(),
        Answer::Number(n) => n.to_string(),
        Answer::Date(d) => value::format_date(*d),
        Answer::Text(t) => t.to_string(),
        Answer::Set(s) => format!("{} val", s.count_ones()),
        Answer::List(l) => format!("{} poster", answers.lists.get(*l as usize).map(|x| x.1).unwrap_or(0)),
    }
}
