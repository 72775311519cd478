//! What an exported form holds, whatever the tool: the report fields first, then the
//! pack's questions by group, each with its rules translated into the tool's dialect, its
//! range, and the service types it is asked of. The XLSForm and SurveyJS writers lay out
//! the same plan.

use granska::forms::{Dialect, LogicWarning, NONE_CHOICE, QuestionLogic, RuleKind};
use granska::{Pack, Question, QuestionType, Service, Text};

/// One question of the form.
pub(crate) struct Item<'a> {
    pub question: &'a Question,
    /// Its name in the form.
    pub name: String,
    /// Its rules in the tool's dialect; `relevant` includes the service types.
    pub logic: QuestionLogic,
    /// The "none of these" choice of a multiple choice question, when it can have one.
    pub none: bool,
}

/// A group of questions (a page or panel; `begin group` in XLSForm).
pub(crate) struct Group<'a> {
    /// Its name: the questions' id prefix (`ledning`); empty for questions without one.
    pub name: String,
    /// Its title in both languages.
    pub label: Text,
    pub items: Vec<Item<'a>>,
}

/// The whole form.
pub(crate) struct Plan<'a> {
    /// The service types a report of this form can be of.
    pub services: Vec<&'a Service>,
    pub groups: Vec<Group<'a>>,
    /// Rules left out, each naming its question.
    pub warnings: Vec<LogicWarning>,
}

/// A group's title: its id as words (`lex_sarah` → `Lex sarah`); the pack names no groups.
fn group_label(group: &str) -> Text {
    let words = group.replace('_', " ");
    let mut chars = words.chars();
    let title = match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    };
    Text::new(title.clone(), title)
}

/// A number as the tools write it: `3`, `0.5`.
pub(crate) fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

/// The message of a question's range, both languages.
pub(crate) fn range_message(q: &Question) -> Option<Text> {
    let n = number_text;
    Some(match (q.min, q.max) {
        (Some(a), Some(b)) => Text::new(format!("Ange ett värde från {} till {}.", n(a), n(b)), format!("Enter a value from {} to {}.", n(a), n(b))),
        (Some(a), None) => Text::new(format!("Ange ett värde på minst {}.", n(a)), format!("Enter a value of at least {}.", n(a))),
        (None, Some(b)) => Text::new(format!("Ange ett värde på högst {}.", n(b)), format!("Enter a value of at most {}.", n(b))),
        (None, None) => return None,
    })
}

/// The message of a broken constraint: the pack's, or the engine's default.
pub(crate) fn constraint_message(q: &Question) -> Text {
    q.constraint_message.clone().unwrap_or_else(|| Text::new("Svaret uppfyller inte villkoret.", "The answer does not meet its constraint."))
}

impl<'a> Plan<'a> {
    /// The plan of `pack`'s form for `service` (every service type when `None`; the caller
    /// has checked that the service type exists) in `dialect`.
    pub fn new(pack: &'a Pack, service: Option<&str>, dialect: Dialect) -> Plan<'a> {
        let names = pack.form_names();
        let services: Vec<&Service> = pack.services().iter().filter(|s| service.is_none_or(|x| s.id == x)).collect();
        let included: Vec<bool> = pack.questions().iter().map(|q| service.is_none_or(|s| q.services.is_empty() || q.services.iter().any(|x| x == s))).collect();
        let mut groups: Vec<Group<'a>> = vec![];
        let mut warnings = vec![];
        for (i, q) in pack.questions().iter().enumerate() {
            if !included[i] {
                continue;
            }
            let Some(form_name) = names.of(&q.id) else { continue };
            if q.kind == QuestionType::List {
                warnings.push(LogicWarning {
                    question: q.id.clone(),
                    rule: RuleKind::Relevant,
                    message: Text::new(
                        "listfrågor (poster med fält) exporteras inte; ställ frågan i granskas egna formulär",
                        "list questions (records with fields) are not exported; ask them in granska's own form",
                    ),
                });
                continue;
            }
            let Some(mut logic) = pack.form_logic(&q.id, dialect, &names, &included) else { continue };
            warnings.append(&mut logic.warnings);
            if let Some(cond) = service_condition(q, &services, dialect) {
                logic.relevant = Some(match logic.relevant.take() {
                    Some(r) => format!("{cond} and ({r})"),
                    None => cond,
                });
            }
            let none = q.kind == QuestionType::Choice && q.multiple && {
                let taken = q.choices.iter().any(|c| c.value == NONE_CHOICE);
                if taken {
                    warnings.push(LogicWarning {
                        question: q.id.clone(),
                        rule: RuleKind::Required,
                        message: Text::new(
                            format!(
                                "ett val heter \"{NONE_CHOICE}\": formuläret får inget val \"inget av alternativen\", och ett svar utan val kan inte skiljas från ett obesvarat"
                            ),
                            format!("a choice is named \"{NONE_CHOICE}\": the form gets no \"none of these\" choice, and an answer with no choice cannot be told from no answer"),
                        ),
                    });
                }
                !taken
            };
            let item = Item { question: q, name: form_name.name.clone(), logic, none };
            match groups.iter_mut().find(|g| g.name == form_name.group) {
                Some(g) => g.items.push(item),
                None => groups.push(Group { name: form_name.group.clone(), label: group_label(&form_name.group), items: vec![item] }),
            }
        }
        Plan { services, groups, warnings }
    }
}

/// "Asked of these service types", when the question is not asked of every one in the form.
fn service_condition(q: &Question, services: &[&Service], dialect: Dialect) -> Option<String> {
    if q.services.is_empty() || services.iter().all(|s| q.services.contains(&s.id)) {
        return None;
    }
    let reference = match dialect {
        Dialect::XPath => "${service}",
        Dialect::SurveyJs => "{service}",
    };
    let parts: Vec<String> = services.iter().filter(|s| q.services.contains(&s.id)).map(|s| format!("{reference} = '{}'", s.id)).collect();
    Some(match parts.len() {
        0 => match dialect {
            Dialect::XPath => "false()".to_string(),
            Dialect::SurveyJs => "false".to_string(),
        },
        1 => parts.concat(),
        _ => format!("({})", parts.join(" or ")),
    })
}
