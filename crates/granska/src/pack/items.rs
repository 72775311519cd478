//! The items of a compiled pack as its public API shows them: the pack's metadata, service
//! types, questions, parameters, derived values, requirements and indicators, each with its
//! compiled rules beside it (crate-private).
//!
//! Why one file of ~545 lines: these are the shapes the API, the bindings' stubs and the
//! generated TypeScript show; they are read together.

use super::*;

/// Metadata of the root pack and the packs it includes.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PackInfo {
    /// The root pack's id (`pack.id`).
    pub id: String,
    /// The root pack's version (`pack.version`), if given.
    pub version: Option<String>,
    /// The root pack's title.
    pub title: Text,
    /// Every pack loaded, root first: (id, title).
    pub packs: Vec<PackRef>,
    /// The texts the packs draw on.
    pub sources: Vec<String>,
    /// The root pack's `about` text (Markdown), `{param.id}` filled.
    pub about: Option<Text>,
}

/// One pack loaded: the root pack or one it includes.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PackRef {
    /// The pack's id.
    pub id: String,
    /// The pack's version, if given.
    pub version: Option<String>,
    /// The pack's title.
    pub title: Text,
    /// The file it was loaded from (`builtin:…` for a built-in pack).
    pub file: String,
}

/// A service type reports can be of.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Service {
    /// Its id, as reports name it (`service: jourhem`).
    pub id: String,
    /// Its name in both languages.
    pub label: Text,
    /// The contract forms it is bought under (e.g. `lov`, `lou`); empty when not declared.
    pub contracts: Vec<String>,
}

/// The type of a question's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum QuestionType {
    /// Yes or no (`Ja`/`Nej` in exports).
    Bool,
    /// A whole number.
    Integer,
    /// A decimal number (decimal comma or point).
    Number,
    /// A percentage, 0–100 (`80` or `80 %`).
    Percent,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A text.
    Text,
    /// One of the question's choices (several when `multiple`).
    Choice,
    /// A list of records with the question's fields.
    List,
}

impl QuestionType {
    /// The type named `name` in a pack (`bool`, `integer`, …), `None` for another name.
    pub fn parse(name: &str) -> Option<QuestionType> {
        Some(match name {
            "bool" => QuestionType::Bool,
            "integer" => QuestionType::Integer,
            "number" => QuestionType::Number,
            "percent" => QuestionType::Percent,
            "date" => QuestionType::Date,
            "text" => QuestionType::Text,
            "choice" => QuestionType::Choice,
            "list" => QuestionType::List,
            _ => return None,
        })
    }

    /// The names of the types as a pack writes them, in declaration order.
    pub const NAMES: &'static [&'static str] = &["bool", "integer", "number", "percent", "date", "text", "choice", "list"];

    /// The type's name as a pack writes it.
    pub fn name(self) -> &'static str {
        match self {
            QuestionType::Bool => "bool",
            QuestionType::Integer => "integer",
            QuestionType::Number => "number",
            QuestionType::Percent => "percent",
            QuestionType::Date => "date",
            QuestionType::Text => "text",
            QuestionType::Choice => "choice",
            QuestionType::List => "list",
        }
    }
}

/// One allowed value of a choice question.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Choice {
    /// The value as answers give it.
    pub value: String,
    /// Its text in both languages.
    pub label: Text,
}

/// A field of the records of a list question.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Field {
    /// The field's id within a record.
    pub id: String,
    /// The field's type (`type` in the pack).
    #[serde(rename = "type")]
    #[cfg_attr(feature = "ts", ts(type = "Exclude<QuestionType, \"list\">"))]
    pub kind: QuestionType,
    /// Its text in both languages.
    pub label: Text,
    /// The allowed values of a choice field.
    pub choices: Vec<Choice>,
    /// The smallest allowed value of a numeric field.
    pub min: Option<f64>,
    /// The largest allowed value of a numeric field.
    pub max: Option<f64>,
}

/// A question of the questionnaire.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Question {
    /// Its id, e.g. `ledning.riskanalys`.
    pub id: String,
    /// The answer's type (`type` in the pack).
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// The question's text in both languages.
    pub label: Text,
    /// A help text shown beside the question.
    pub help: Option<Text>,
    /// The allowed values of a choice question.
    pub choices: Vec<Choice>,
    /// A choice question that takes several values.
    pub multiple: bool,
    /// The fields of a list question's records.
    pub fields: Vec<Field>,
    /// The smallest allowed value of a numeric question.
    pub min: Option<f64>,
    /// The largest allowed value of a numeric question.
    pub max: Option<f64>,
    /// The `required` rule as written (`true`, or an expression).
    pub required: Option<String>,
    /// The `relevant` rule as written: the question is asked only when it holds.
    pub relevant: Option<String>,
    /// The `constraint` rule as written: an answer must satisfy it.
    pub constraint: Option<String>,
    /// The message shown when the constraint does not hold.
    pub constraint_message: Option<Text>,
    /// Service types it is asked of; empty means all.
    pub services: Vec<String>,
    /// The pack that declares it.
    pub pack: String,
    #[serde(skip)]
    pub(crate) compiled: QuestionRules,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct QuestionRules {
    pub required: Option<Node>,
    pub relevant: Option<Node>,
    pub constraint: Option<Node>,
    pub services: ServiceSet,
}

/// A set of service types as a bit set over the pack's services; `ALL` when unrestricted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ServiceSet(pub u64);

impl Default for ServiceSet {
    fn default() -> Self {
        ServiceSet::ALL
    }
}

impl ServiceSet {
    pub const ALL: ServiceSet = ServiceSet(u64::MAX);

    #[inline]
    pub fn contains(self, service: Option<u16>) -> bool {
        match service {
            Some(i) if i < 64 => self.0 & (1u64 << i) != 0,
            _ => self == ServiceSet::ALL,
        }
    }
}

/// The value of a parameter, typed by the parameter.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum ParamValue {
    /// A yes/no value.
    Bool(bool),
    /// A whole number.
    Integer(i64),
    /// A decimal number (also a percent, 0–100).
    Number(f64),
    /// A text.
    Text(String),
    /// A date, `YYYY-MM-DD`.
    Date(String),
}

// A parameter's number is finite (checked when typed), so equality is an equivalence.
impl Eq for ParamValue {}

impl ParamValue {
    /// The value in words (decimal comma in Swedish, `ja`/`nej`).
    pub fn display(&self, lang: crate::Lang) -> String {
        let sv = lang == crate::Lang::Sv;
        match self {
            ParamValue::Bool(b) => (match (b, sv) {
                (true, true) => "ja",
                (false, true) => "nej",
                (true, false) => "yes",
                (false, false) => "no",
            })
            .to_string(),
            ParamValue::Integer(i) => i.to_string(),
            ParamValue::Number(n) => {
                let s = n.to_string();
                if sv { s.replace('.', ",") } else { s }
            }
            ParamValue::Text(t) | ParamValue::Date(t) => t.clone(),
        }
    }
}

/// A contract term a municipality sets: declared in the pack with a default, and set per
/// municipality and year by a parameters file ([`Pack::with_params_yaml`]).
#[derive(Clone, Debug, Serialize)]
pub struct Parameter {
    /// Its id, read as `param.<id>`.
    pub id: String,
    /// `bool`, `integer`, `number`, `percent` (0–100), `text` or `date`.
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// What it sets, in both languages.
    pub label: Text,
    /// What the number counts, e.g. "procent av personalen" / "percent of staff".
    pub unit: Option<Text>,
    /// The value the pack declares.
    pub default: ParamValue,
    /// The value in force: the parameters file's, else the default.
    pub value: ParamValue,
    /// The smallest value a parameters file may set.
    pub min: Option<f64>,
    /// The largest value a parameters file may set.
    pub max: Option<f64>,
    /// The document the default is taken from; `None` for an example value.
    pub source: Option<String>,
    /// The default is an example value (exempelvärde), taken from no document.
    pub example: bool,
    /// A note on the parameter, e.g. where a municipality finds its value.
    pub note: Option<Text>,
    /// The parameters file that set the value; `None` when the default is in force.
    pub set_by: Option<String>,
    /// The pack that declares it.
    pub pack: String,
}

impl Parameter {
    /// Whether the value in force is an example value: the default is one and no
    /// parameters file set it.
    pub fn is_example(&self) -> bool {
        self.example && self.set_by.is_none()
    }
}

/// The parameters file applied to a pack.
#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct ParamsInfo {
    /// The file as named when loaded.
    pub file: String,
    /// The municipality the values are for (`municipality:`).
    pub municipality: Option<String>,
    /// The year the values are for (`year:`).
    pub year: Option<i32>,
    /// Where the values come from (`source:`), e.g. a contract.
    pub source: Option<String>,
}

/// A named expression reused by requirements.
#[derive(Clone, Debug, Serialize)]
pub struct Derived {
    /// Its id, read by name in expressions.
    pub id: String,
    /// What it computes, in both languages.
    pub label: Option<Text>,
    /// The expression as written.
    pub expr: String,
    #[serde(skip)]
    pub(crate) node: Node,
}

/// `krav` (must) or `bor` (should).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A requirement (`krav`): must be met.
    Krav,
    /// A recommendation (`bor`): should be met.
    Bor,
}

impl Severity {
    /// The severity as a pack writes it: `krav` or `bor`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Krav => "krav",
            Severity::Bor => "bor",
        }
    }
}

/// Socialstyrelsen's six quality areas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum QualityArea {
    /// Självbestämmande och integritet.
    Sjalvbestammande,
    /// Helhetssyn och samordning.
    Helhetssyn,
    /// Trygghet och säkerhet.
    Trygghet,
    /// Kunskapsbaserad verksamhet.
    Kunskapsbaserad,
    /// Tillgänglighet.
    Tillganglighet,
    /// Effektivitet.
    Effektivitet,
}

impl QualityArea {
    /// The six areas in Socialstyrelsen's order.
    pub const ALL: [QualityArea; 6] =
        [QualityArea::Sjalvbestammande, QualityArea::Helhetssyn, QualityArea::Trygghet, QualityArea::Kunskapsbaserad, QualityArea::Tillganglighet, QualityArea::Effektivitet];

    /// The area as a pack writes it, e.g. `kunskapsbaserad`.
    pub fn as_str(self) -> &'static str {
        match self {
            QualityArea::Sjalvbestammande => "sjalvbestammande",
            QualityArea::Helhetssyn => "helhetssyn",
            QualityArea::Trygghet => "trygghet",
            QualityArea::Kunskapsbaserad => "kunskapsbaserad",
            QualityArea::Tillganglighet => "tillganglighet",
            QualityArea::Effektivitet => "effektivitet",
        }
    }

    /// The area a pack names `s`, `None` for another name.
    pub fn parse(s: &str) -> Option<QualityArea> {
        QualityArea::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// The area's name as Socialstyrelsen writes it.
    pub fn title(self) -> Text {
        let (sv, en) = match self {
            QualityArea::Sjalvbestammande => ("Självbestämmande och integritet", "Self-determination and integrity"),
            QualityArea::Helhetssyn => ("Helhetssyn och samordning", "Holistic view and coordination"),
            QualityArea::Trygghet => ("Trygghet och säkerhet", "Security and safety"),
            QualityArea::Kunskapsbaserad => ("Kunskapsbaserad verksamhet", "Knowledge-based practice"),
            QualityArea::Tillganglighet => ("Tillgänglighet", "Accessibility"),
            QualityArea::Effektivitet => ("Effektivitet", "Efficiency"),
        };
        Text::new(sv, en)
    }
}

/// The text a requirement cites, valid over a period.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CitedSource {
    /// The first date it is valid, `YYYY-MM-DD`; `None` from the beginning.
    pub from: Option<String>,
    /// The last date it is valid, `YYYY-MM-DD`; `None` with no end.
    pub until: Option<String>,
    /// The citation, e.g. `SOSFS 2011:9, 5 kap. 1 §`.
    pub text: String,
    #[serde(skip)]
    pub(crate) range: (i32, i32),
}

/// A requirement of law or contract.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Requirement {
    /// Its id, e.g. `riskanalys`.
    pub id: String,
    /// Its title in both languages.
    pub title: Text,
    /// The texts it cites, each over the period it is valid.
    pub sources: Vec<CitedSource>,
    /// `krav` or `bor`.
    pub severity: Severity,
    /// The quality area it belongs to.
    pub area: QualityArea,
    /// Service types it applies to; empty means all.
    pub services: Vec<String>,
    /// The first report date it applies to, `YYYY-MM-DD`.
    pub valid_from: Option<String>,
    /// The last report date it applies to, `YYYY-MM-DD`.
    pub valid_to: Option<String>,
    /// The `applies` condition as written: the requirement is judged only when it holds.
    pub applies: Option<String>,
    /// The `require` condition as written.
    pub require: String,
    /// The message of a `not_met` verdict, `{…}` placeholders unfilled.
    pub message: Text,
    /// The pack's own message for an `unanswered` verdict, if it gives one.
    pub unanswered: Option<Text>,
    /// The pack that declares it.
    pub pack: String,
    #[serde(skip)]
    pub(crate) compiled: RequirementRules,
}

#[derive(Clone, Debug)]
pub(crate) struct RequirementRules {
    pub services: ServiceSet,
    pub valid: (i32, i32),
    pub applies: Option<Node>,
    pub require: Node,
    /// The texts every verdict repeats, shared with the verdicts instead of copied into each.
    pub texts: SharedTexts,
}

/// A requirement's id, title and cited sources (parallel to [`Requirement::sources`]), shared
/// by reference count: a [`RequirementVerdict`](crate::RequirementVerdict) holds them without
/// allocating.
#[derive(Clone, Debug)]
pub(crate) struct SharedTexts {
    pub id: Arc<str>,
    pub title: Arc<Text>,
    pub sources: Box<[Arc<str>]>,
}

impl SharedTexts {
    pub fn new(id: &str, title: &Text, sources: &[CitedSource]) -> SharedTexts {
        SharedTexts { id: Arc::from(id), title: Arc::new(title.clone()), sources: sources.iter().map(|s| Arc::from(s.text.as_str())).collect() }
    }
}

impl Requirement {
    /// The source text cited for a report dated `date` (days since 1970-01-01).
    pub fn source_at(&self, date: i32) -> &str {
        self.source_index(date).map(|i| self.sources[i].text.as_str()).unwrap_or("")
    }

    /// The index in `sources` of the source cited for a report dated `date`.
    fn source_index(&self, date: i32) -> Option<usize> {
        self.sources.iter().position(|s| s.range.0 <= date && date <= s.range.1).or(self.sources.len().checked_sub(1))
    }

    /// [`Requirement::source_at`], shared.
    pub(crate) fn shared_source_at(&self, date: i32) -> Arc<str> {
        match self.source_index(date).and_then(|i| self.compiled.texts.sources.get(i)) {
            Some(s) => Arc::clone(s),
            None => Arc::from(""),
        }
    }
}

/// `share` (N of M providers) or `sum` (a total over providers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IndicatorKind {
    /// N of M providers.
    Share,
    /// A total over providers.
    Sum,
}

/// Who a share indicator counts over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ShareBase {
    /// Providers whose answers decide the share (`of` and `count` known): an unanswered
    /// provider is left out of the denominator and shown as unanswered.
    #[default]
    Answered,
    /// Every provider `of` selects: an unanswered provider counts in the denominator but
    /// not in the count (shown as unanswered beside the share).
    Respondents,
}

/// A figure the yearly summary publishes.
#[derive(Clone, Debug, Serialize)]
pub struct Indicator {
    /// Its id.
    pub id: String,
    /// Its title in both languages.
    pub title: Text,
    /// `share` or `sum`.
    pub kind: IndicatorKind,
    /// For a share: the condition a provider is counted by, as written.
    pub count: Option<String>,
    /// For a share: the condition a provider is in the denominator by, as written; `None` for every respondent.
    pub of: Option<String>,
    /// For a sum: the expression summed, as written.
    pub sum: Option<String>,
    /// Who the figure is over, in words (e.g. "verksamheter som haft kunder").
    pub denominator: Text,
    /// For a share: who it counts over.
    pub base: ShareBase,
    /// Service types it is asked of; empty means all.
    pub services: Vec<String>,
    /// The pack that declares it.
    pub pack: String,
    #[serde(skip)]
    pub(crate) compiled: IndicatorRules,
}

#[derive(Clone, Debug)]
pub(crate) struct IndicatorRules {
    pub services: ServiceSet,
    pub count: Option<Node>,
    pub of: Option<Node>,
    pub sum: Option<Node>,
}
