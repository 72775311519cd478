//! The names a questionnaire exported to a survey tool gives its questions and groups: one
//! rule, shared by the exporters (XLSForm, SurveyJS) and by the readers of those tools'
//! answer exports, so that an exported form's answers come back without a mapping file.
//!
//! A question `ledning.riskanalys` is the question `riskanalys` in the group `ledning`. Its
//! name is the part after the group (dots made `_`) when that name is unique in the pack
//! (ignoring case) and is none of the report fields (nor the yes/no list's name); otherwise the whole id with dots made
//! `_` (`ledning_riskanalys`), and a number is added in the unlikely case that is taken too.

use std::collections::{HashMap, HashSet};

use crate::pack::Pack;

/// The report fields a form asks first, as their own questions, by these names.
pub const FORM_META: [&str; 4] = ["provider", "name", "service", "date"];

/// The name of the XLSForm choice list of yes/no questions: a name in the form too, which
/// no question takes (a choice question's list is named as the question).
pub const YES_NO_LIST: &str = "ja_nej";

/// One question's place in an exported form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormName {
    /// The question's id in the pack, e.g. `ledning.riskanalys`.
    pub id: String,
    /// Its group: the id up to the first dot (`ledning`); empty when the id has no dot.
    pub group: String,
    /// Its name in the form (`riskanalys`), unique in the form.
    pub name: String,
}

/// The form names of every question of a pack, both ways. `ledning.riskanalys` is
/// `riskanalys` in the group `ledning` when no other question's id ends so (ignoring case) and
/// it is no report field ([`FORM_META`]) or group; otherwise `ledning_riskanalys` (a number
/// added if that is taken too).
#[derive(Clone, Debug, Default)]
pub struct FormNames {
    names: Vec<FormName>,
    by_id: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
}

impl FormNames {
    /// Every question's form name, in the pack's question order.
    pub fn all(&self) -> &[FormName] {
        &self.names
    }

    /// The form name of question `id`.
    pub fn of(&self, id: &str) -> Option<&FormName> {
        self.by_id.get(id).map(|&i| &self.names[i])
    }

    /// The question a form name (ignoring case) stands for.
    pub fn question(&self, name: &str) -> Option<&FormName> {
        self.by_name.get(&name.to_lowercase()).map(|&i| &self.names[i])
    }
}

/// Makes a name valid in both tools: letters, digits and `_` (anything else becomes `_`),
/// not starting with a digit.
fn clean(name: &str) -> String {
    let mut out: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

impl Pack {
    /// The names the questionnaire's questions have in a form exported to a survey tool
    /// ([`FormNames`]: a question's name is the part of its id after the group when that is
    /// unique, else the whole id with `_`): the same for every export of the same pack.
    pub fn form_names(&self) -> FormNames {
        let questions = self.questions();
        let split = |id: &str| -> (String, String) {
            match id.split_once('.') {
                Some((group, rest)) => (group.to_string(), rest.to_string()),
                None => (String::new(), id.to_string()),
            }
        };
        let mut leaf_count: HashMap<String, usize> = HashMap::new();
        for q in questions {
            *leaf_count.entry(clean(&split(&q.id).1).to_lowercase()).or_default() += 1;
        }
        // Report fields, the yes/no list and group names are names in the form too: a question
        // never shares one.
        let mut taken: HashSet<String> = FORM_META.iter().chain([YES_NO_LIST].iter()).map(|m| (*m).to_string()).collect();
        taken.extend(questions.iter().map(|q| split(&q.id).0).filter(|g| !g.is_empty()).map(|g| clean(&g).to_lowercase()));
        let mut out = FormNames::default();
        for q in questions {
            let (group, leaf) = split(&q.id);
            let leaf = clean(&leaf);
            let mut name = if leaf_count.get(&leaf.to_lowercase()) == Some(&1) && !taken.contains(&leaf.to_lowercase()) { leaf } else { clean(&q.id) };
            let base = name.clone();
            let mut n = 2;
            while taken.contains(&name.to_lowercase()) {
                name = format!("{base}_{n}");
                n += 1;
            }
            taken.insert(name.to_lowercase());
            let i = out.names.len();
            out.by_id.insert(q.id.clone(), i);
            out.by_name.insert(name.to_lowercase(), i);
            let group = if group.is_empty() { group } else { clean(&group) };
            out.names.push(FormName { id: q.id.clone(), group, name });
        }
        out
    }
}
