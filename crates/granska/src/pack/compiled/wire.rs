//! The payload of a compiled pack file: every part of [`PackData`] in a shape of its own,
//! written with postcard.
//!
//! Why shapes of their own rather than the public types' `Serialize`: those are written for
//! JSON (renamed fields, compiled rules skipped, a parameter value without a tag), which a
//! format without field names cannot read back. Each conversion below takes its type apart
//! with a pattern naming every field, so that a field added to a pack item does not compile
//! until it is written here too (and [`super::FORMAT_VERSION`] is raised). Enumerations of
//! the public API are written by their names in the pack format (`krav`, `kunskapsbaserad`),
//! so reordering them changes nothing; the expression tree ([`Node`]) is written as serde
//! derives it (variants by number).
//!
//! Why one file of ~780 lines: every pack item's stored shape sits beside its writer (`of`,
//! `From<&Item>`) and its reader (`into_…`), each naming every field of the item, so a field
//! added to an item is written and read in one place; split by item, the nine parts would
//! each be the same three pieces in a file of their own.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize};

use crate::Limits;
use crate::lang::ir::{Const, Node};
use crate::lang::read_error::set_read_item;
use crate::pack::diagnostic::{Diagnostic, DiagnosticCode, Severity as DiagnosticSeverity, SourceFile};
use crate::pack::{
    Choice, CitedSource, Derived, Field, Indicator, IndicatorKind, IndicatorRules, PackData, PackInfo, PackRef, ParamValue, Parameter, ParamsInfo, QualityArea, Question,
    QuestionRules, QuestionType, Requirement, RequirementRules, Service, ServiceSet, Severity, ShareBase, SharedTexts,
};
use crate::text::Text;

/// Why a payload that decoded cannot be a pack: an unknown name where the format has a
/// fixed set of them.
pub(super) type Invalid = String;

/// Everything a loaded pack holds, as the file stores it.
#[derive(Serialize, Deserialize)]
pub(super) struct Payload {
    info: WInfo,
    services: Vec<WService>,
    parameters: Vec<WParameter>,
    pub(super) param_values: Vec<Const>,
    params_file: Option<WParamsInfo>,
    pub(super) file_order: Vec<u32>,
    questions: Vec<WQuestion>,
    derived: Vec<WDerived>,
    requirements: Vec<WRequirement>,
    pub(super) by_service: Vec<Vec<u32>>,
    indicators: Vec<WIndicator>,
    warnings: Vec<WDiagnostic>,
    sources: Vec<(String, String)>,
    limits: WLimits,
}

type WText = (String, String);

fn text(t: &Text) -> WText {
    (t.sv.clone(), t.en.clone())
}

fn from_text((sv, en): WText) -> Text {
    Text { sv, en }
}

/// Reads the id of an item whose expressions follow (`what` names its kind), and names the
/// item in any error reading them gives ([`set_read_item`]): which requirement's pattern or
/// expression was refused.
fn item_id<'de, D: Deserializer<'de>>(deserializer: D, what: &str) -> Result<String, D::Error> {
    let id = String::deserialize(deserializer)?;
    set_read_item(what, &id);
    Ok(id)
}

fn question_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    item_id(deserializer, "question")
}

fn derived_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    item_id(deserializer, "derived value")
}

fn requirement_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    item_id(deserializer, "requirement")
}

fn indicator_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    item_id(deserializer, "indicator")
}

#[derive(Serialize, Deserialize)]
struct WInfo {
    id: String,
    version: Option<String>,
    title: WText,
    packs: Vec<(String, Option<String>, WText, String)>,
    sources: Vec<String>,
    about: Option<WText>,
}

#[derive(Serialize, Deserialize)]
struct WService {
    id: String,
    label: WText,
    contracts: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct WChoice {
    value: String,
    label: WText,
}

#[derive(Serialize, Deserialize)]
struct WField {
    id: String,
    kind: String,
    label: WText,
    choices: Vec<WChoice>,
    min: Option<f64>,
    max: Option<f64>,
}

#[derive(Serialize, Deserialize)]
struct WQuestion {
    #[serde(deserialize_with = "question_id")]
    id: String,
    kind: String,
    label: WText,
    help: Option<WText>,
    choices: Vec<WChoice>,
    multiple: bool,
    fields: Vec<WField>,
    min: Option<f64>,
    max: Option<f64>,
    required: Option<String>,
    relevant: Option<String>,
    constraint: Option<String>,
    constraint_message: Option<WText>,
    services: Vec<String>,
    pack: String,
    rules_required: Option<Node>,
    rules_relevant: Option<Node>,
    rules_constraint: Option<Node>,
    rules_services: u64,
}

/// A parameter value, tagged (the public type's JSON form is untagged).
#[derive(Serialize, Deserialize)]
enum WValue {
    Bool(bool),
    Integer(i64),
    Number(f64),
    Text(String),
    Date(String),
}

#[derive(Serialize, Deserialize)]
struct WParameter {
    id: String,
    kind: String,
    label: WText,
    unit: Option<WText>,
    default: WValue,
    value: WValue,
    min: Option<f64>,
    max: Option<f64>,
    source: Option<String>,
    example: bool,
    note: Option<WText>,
    set_by: Option<String>,
    pack: String,
}

#[derive(Serialize, Deserialize)]
struct WParamsInfo {
    file: String,
    municipality: Option<String>,
    year: Option<i32>,
    source: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct WDerived {
    #[serde(deserialize_with = "derived_id")]
    id: String,
    label: Option<WText>,
    expr: String,
    node: Node,
}

#[derive(Serialize, Deserialize)]
struct WCited {
    from: Option<String>,
    until: Option<String>,
    text: String,
    range: (i32, i32),
}

#[derive(Serialize, Deserialize)]
struct WRequirement {
    #[serde(deserialize_with = "requirement_id")]
    id: String,
    title: WText,
    sources: Vec<WCited>,
    severity: String,
    area: String,
    services: Vec<String>,
    valid_from: Option<String>,
    valid_to: Option<String>,
    applies: Option<String>,
    require: String,
    message: WText,
    unanswered: Option<WText>,
    pack: String,
    rules_services: u64,
    rules_valid: (i32, i32),
    rules_applies: Option<Node>,
    rules_require: Node,
}

#[derive(Serialize, Deserialize)]
struct WIndicator {
    #[serde(deserialize_with = "indicator_id")]
    id: String,
    title: WText,
    kind: String,
    count: Option<String>,
    of: Option<String>,
    sum: Option<String>,
    denominator: WText,
    base: String,
    services: Vec<String>,
    pack: String,
    rules_services: u64,
    rules_count: Option<Node>,
    rules_of: Option<Node>,
    rules_sum: Option<Node>,
}

#[derive(Serialize, Deserialize)]
struct WDiagnostic {
    severity: String,
    code: String,
    message: String,
    file: String,
    line: u32,
    column: u32,
    range: (u64, u64),
    hint: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct WLimits {
    max_expression_length: u64,
    max_expression_depth: u64,
    max_file_size: u64,
    max_files: u64,
    max_questions: u64,
    max_requirements: u64,
    max_regex_size: u64,
    max_list_length: u64,
    max_text_length: u64,
    max_steps: u64,
}

impl Payload {
    /// The payload without the pack's YAML files (and the parameters file's): what a
    /// runtime that only checks reports needs (see [`crate::Pack::to_compiled_without_sources`]).
    pub(super) fn without_sources(mut self) -> Payload {
        self.sources = vec![];
        self.file_order = vec![];
        self
    }

    /// The payload of a loaded pack (its parts cloned).
    pub(super) fn of(data: &PackData) -> Payload {
        let PackData {
            info,
            services,
            parameters,
            param_values,
            params_file,
            file_order,
            questions,
            question_index: _,
            derived,
            derived_index: _,
            requirements,
            by_service,
            indicators,
            warnings,
            sources,
            limits,
            content_hash: _,
        } = data;
        Payload {
            info: info.into(),
            services: services.iter().map(|Service { id, label, contracts }| WService { id: id.clone(), label: text(label), contracts: contracts.clone() }).collect(),
            parameters: parameters.iter().map(WParameter::from).collect(),
            param_values: param_values.clone(),
            params_file: params_file.as_ref().map(|ParamsInfo { file, municipality, year, source }| WParamsInfo {
                file: file.clone(),
                municipality: municipality.clone(),
                year: *year,
                source: source.clone(),
            }),
            file_order: file_order.iter().map(|&i| i as u32).collect(),
            questions: questions.iter().map(WQuestion::from).collect(),
            derived: derived
                .iter()
                .map(|Derived { id, label, expr, node }| WDerived { id: id.clone(), label: label.as_ref().map(text), expr: expr.clone(), node: node.clone() })
                .collect(),
            requirements: requirements.iter().map(WRequirement::from).collect(),
            by_service: by_service.iter().map(|s| s.to_vec()).collect(),
            indicators: indicators.iter().map(WIndicator::from).collect(),
            warnings: warnings.iter().map(WDiagnostic::from).collect(),
            sources: sources.iter().map(|SourceFile { name, text }| (name.clone(), text.clone())).collect(),
            limits: limits.into(),
        }
    }

    /// The pack data the payload holds, its indexes rebuilt; the content hash is not set.
    ///
    /// # Errors
    ///
    /// A name the format fixes (a question type, a severity, a diagnostic code, …) that is
    /// not one of them, or a limit too large for this machine.
    pub(super) fn into_data(self) -> Result<PackData, Invalid> {
        let Payload { info, services, parameters, param_values, params_file, file_order, questions, derived, requirements, by_service, indicators, warnings, sources, limits } =
            self;
        let questions = questions.into_iter().map(WQuestion::into_question).collect::<Result<Vec<_>, _>>()?;
        let derived: Vec<Derived> = derived.into_iter().map(|WDerived { id, label, expr, node }| Derived { id, label: label.map(from_text), expr, node }).collect();
        let question_index: HashMap<String, u32> = questions.iter().enumerate().map(|(i, q)| (q.id.clone(), i as u32)).collect();
        let derived_index: HashMap<String, u32> = derived.iter().enumerate().map(|(i, d)| (d.id.clone(), i as u32)).collect();
        Ok(PackData {
            info: info.into_info(),
            services: services.into_iter().map(|WService { id, label, contracts }| Service { id, label: from_text(label), contracts }).collect(),
            parameters: parameters.into_iter().map(WParameter::into_parameter).collect::<Result<_, _>>()?,
            param_values,
            params_file: params_file.map(|WParamsInfo { file, municipality, year, source }| ParamsInfo { file, municipality, year, source }),
            file_order: file_order.into_iter().map(|i| i as usize).collect(),
            questions,
            question_index,
            derived,
            derived_index,
            requirements: requirements.into_iter().map(WRequirement::into_requirement).collect::<Result<_, _>>()?,
            by_service: by_service.into_iter().map(Vec::into_boxed_slice).collect(),
            indicators: indicators.into_iter().map(WIndicator::into_indicator).collect::<Result<_, _>>()?,
            warnings: warnings.into_iter().map(WDiagnostic::into_diagnostic).collect::<Result<_, _>>()?,
            sources: sources.into_iter().map(|(name, text)| SourceFile { name, text }).collect(),
            limits: limits.into_limits()?,
            content_hash: OnceLock::new(),
        })
    }
}

/// A name the format fixes, read back: `what` names it in the error.
fn named<T: Copy>(all: &[T], name: &str, as_str: fn(T) -> &'static str, what: &str) -> Result<T, Invalid> {
    all.iter().copied().find(|&x| as_str(x) == name).ok_or_else(|| format!("`{name}` is not a {what}"))
}

const QUESTION_TYPES: [QuestionType; 8] =
    [QuestionType::Bool, QuestionType::Integer, QuestionType::Number, QuestionType::Percent, QuestionType::Date, QuestionType::Text, QuestionType::Choice, QuestionType::List];

fn question_type(name: &str) -> Result<QuestionType, Invalid> {
    named(&QUESTION_TYPES, name, QuestionType::name, "question type")
}

fn indicator_kind_name(k: IndicatorKind) -> &'static str {
    match k {
        IndicatorKind::Share => "share",
        IndicatorKind::Sum => "sum",
    }
}

fn share_base_name(b: ShareBase) -> &'static str {
    match b {
        ShareBase::Answered => "answered",
        ShareBase::Respondents => "respondents",
    }
}

fn diagnostic_severity_name(s: DiagnosticSeverity) -> &'static str {
    match s {
        DiagnosticSeverity::Error => "error",
        DiagnosticSeverity::Warning => "warning",
    }
}

impl From<&PackInfo> for WInfo {
    fn from(info: &PackInfo) -> WInfo {
        let PackInfo { id, version, title, packs, sources, about } = info;
        WInfo {
            id: id.clone(),
            version: version.clone(),
            title: text(title),
            packs: packs.iter().map(|PackRef { id, version, title, file }| (id.clone(), version.clone(), text(title), file.clone())).collect(),
            sources: sources.clone(),
            about: about.as_ref().map(text),
        }
    }
}

impl WInfo {
    fn into_info(self) -> PackInfo {
        let WInfo { id, version, title, packs, sources, about } = self;
        PackInfo {
            id,
            version,
            title: from_text(title),
            packs: packs.into_iter().map(|(id, version, title, file)| PackRef { id, version, title: from_text(title), file }).collect(),
            sources,
            about: about.map(from_text),
        }
    }
}

fn choices(cs: &[Choice]) -> Vec<WChoice> {
    cs.iter().map(|Choice { value, label }| WChoice { value: value.clone(), label: text(label) }).collect()
}

fn from_choices(cs: Vec<WChoice>) -> Vec<Choice> {
    cs.into_iter().map(|WChoice { value, label }| Choice { value, label: from_text(label) }).collect()
}

impl From<&Question> for WQuestion {
    fn from(q: &Question) -> WQuestion {
        let Question { id, kind, label, help, choices: cs, multiple, fields, min, max, required, relevant, constraint, constraint_message, services, pack, compiled } = q;
        let QuestionRules { required: rules_required, relevant: rules_relevant, constraint: rules_constraint, services: rules_services } = compiled;
        WQuestion {
            id: id.clone(),
            kind: kind.name().to_string(),
            label: text(label),
            help: help.as_ref().map(text),
            choices: choices(cs),
            multiple: *multiple,
            fields: fields
                .iter()
                .map(|Field { id, kind, label, choices: cs, min, max }| WField {
                    id: id.clone(),
                    kind: kind.name().to_string(),
                    label: text(label),
                    choices: choices(cs),
                    min: *min,
                    max: *max,
                })
                .collect(),
            min: *min,
            max: *max,
            required: required.clone(),
            relevant: relevant.clone(),
            constraint: constraint.clone(),
            constraint_message: constraint_message.as_ref().map(text),
            services: services.clone(),
            pack: pack.clone(),
            rules_required: rules_required.clone(),
            rules_relevant: rules_relevant.clone(),
            rules_constraint: rules_constraint.clone(),
            rules_services: rules_services.0,
        }
    }
}

impl WQuestion {
    fn into_question(self) -> Result<Question, Invalid> {
        let WQuestion {
            id,
            kind,
            label,
            help,
            choices,
            multiple,
            fields,
            min,
            max,
            required,
            relevant,
            constraint,
            constraint_message,
            services,
            pack,
            rules_required,
            rules_relevant,
            rules_constraint,
            rules_services,
        } = self;
        let fields = fields
            .into_iter()
            .map(|WField { id, kind, label, choices, min, max }| Ok(Field { id, kind: question_type(&kind)?, label: from_text(label), choices: from_choices(choices), min, max }))
            .collect::<Result<_, Invalid>>()?;
        Ok(Question {
            id,
            kind: question_type(&kind)?,
            label: from_text(label),
            help: help.map(from_text),
            choices: from_choices(choices),
            multiple,
            fields,
            min,
            max,
            required,
            relevant,
            constraint,
            constraint_message: constraint_message.map(from_text),
            services,
            pack,
            compiled: QuestionRules { required: rules_required, relevant: rules_relevant, constraint: rules_constraint, services: ServiceSet(rules_services) },
        })
    }
}

fn value(v: &ParamValue) -> WValue {
    match v {
        ParamValue::Bool(b) => WValue::Bool(*b),
        ParamValue::Integer(i) => WValue::Integer(*i),
        ParamValue::Number(n) => WValue::Number(*n),
        ParamValue::Text(t) => WValue::Text(t.clone()),
        ParamValue::Date(d) => WValue::Date(d.clone()),
    }
}

fn from_value(v: WValue) -> ParamValue {
    match v {
        WValue::Bool(b) => ParamValue::Bool(b),
        WValue::Integer(i) => ParamValue::Integer(i),
        WValue::Number(n) => ParamValue::Number(n),
        WValue::Text(t) => ParamValue::Text(t),
        WValue::Date(d) => ParamValue::Date(d),
    }
}

impl From<&Parameter> for WParameter {
    fn from(p: &Parameter) -> WParameter {
        let Parameter { id, kind, label, unit, default, value: v, min, max, source, example, note, set_by, pack } = p;
        WParameter {
            id: id.clone(),
            kind: kind.name().to_string(),
            label: text(label),
            unit: unit.as_ref().map(text),
            default: value(default),
            value: value(v),
            min: *min,
            max: *max,
            source: source.clone(),
            example: *example,
            note: note.as_ref().map(text),
            set_by: set_by.clone(),
            pack: pack.clone(),
        }
    }
}

impl WParameter {
    fn into_parameter(self) -> Result<Parameter, Invalid> {
        let WParameter { id, kind, label, unit, default, value, min, max, source, example, note, set_by, pack } = self;
        Ok(Parameter {
            id,
            kind: question_type(&kind)?,
            label: from_text(label),
            unit: unit.map(from_text),
            default: from_value(default),
            value: from_value(value),
            min,
            max,
            source,
            example,
            note: note.map(from_text),
            set_by,
            pack,
        })
    }
}

impl From<&Requirement> for WRequirement {
    fn from(r: &Requirement) -> WRequirement {
        let Requirement { id, title, sources, severity, area, services, valid_from, valid_to, applies, require, message, unanswered, pack, compiled } = r;
        // The shared texts are copies of the id, title and sources, made again on load.
        let RequirementRules { services: rules_services, valid, applies: rules_applies, require: rules_require, texts: _ } = compiled;
        WRequirement {
            id: id.clone(),
            title: text(title),
            sources: sources
                .iter()
                .map(|CitedSource { from, until, text, range }| WCited { from: from.clone(), until: until.clone(), text: text.clone(), range: *range })
                .collect(),
            severity: severity.as_str().to_string(),
            area: area.as_str().to_string(),
            services: services.clone(),
            valid_from: valid_from.clone(),
            valid_to: valid_to.clone(),
            applies: applies.clone(),
            require: require.clone(),
            message: text(message),
            unanswered: unanswered.as_ref().map(text),
            pack: pack.clone(),
            rules_services: rules_services.0,
            rules_valid: *valid,
            rules_applies: rules_applies.clone(),
            rules_require: rules_require.clone(),
        }
    }
}

impl WRequirement {
    fn into_requirement(self) -> Result<Requirement, Invalid> {
        let WRequirement {
            id,
            title,
            sources,
            severity,
            area,
            services,
            valid_from,
            valid_to,
            applies,
            require,
            message,
            unanswered,
            pack,
            rules_services,
            rules_valid,
            rules_applies,
            rules_require,
        } = self;
        let title = from_text(title);
        let sources: Vec<CitedSource> = sources.into_iter().map(|WCited { from, until, text, range }| CitedSource { from, until, text, range }).collect();
        let texts = SharedTexts::new(&id, &title, &sources);
        Ok(Requirement {
            id,
            title,
            sources,
            severity: named(&[Severity::Krav, Severity::Bor], &severity, Severity::as_str, "severity")?,
            area: named(&QualityArea::ALL, &area, QualityArea::as_str, "quality area")?,
            services,
            valid_from,
            valid_to,
            applies,
            require,
            message: from_text(message),
            unanswered: unanswered.map(from_text),
            pack,
            compiled: RequirementRules { services: ServiceSet(rules_services), valid: rules_valid, applies: rules_applies, require: rules_require, texts },
        })
    }
}

impl From<&Indicator> for WIndicator {
    fn from(i: &Indicator) -> WIndicator {
        let Indicator { id, title, kind, count, of, sum, denominator, base, services, pack, compiled } = i;
        let IndicatorRules { services: rules_services, count: rules_count, of: rules_of, sum: rules_sum } = compiled;
        WIndicator {
            id: id.clone(),
            title: text(title),
            kind: indicator_kind_name(*kind).to_string(),
            count: count.clone(),
            of: of.clone(),
            sum: sum.clone(),
            denominator: text(denominator),
            base: share_base_name(*base).to_string(),
            services: services.clone(),
            pack: pack.clone(),
            rules_services: rules_services.0,
            rules_count: rules_count.clone(),
            rules_of: rules_of.clone(),
            rules_sum: rules_sum.clone(),
        }
    }
}

impl WIndicator {
    fn into_indicator(self) -> Result<Indicator, Invalid> {
        let WIndicator { id, title, kind, count, of, sum, denominator, base, services, pack, rules_services, rules_count, rules_of, rules_sum } = self;
        Ok(Indicator {
            id,
            title: from_text(title),
            kind: named(&[IndicatorKind::Share, IndicatorKind::Sum], &kind, indicator_kind_name, "kind of indicator")?,
            count,
            of,
            sum,
            denominator: from_text(denominator),
            base: named(&[ShareBase::Answered, ShareBase::Respondents], &base, share_base_name, "share base")?,
            services,
            pack,
            compiled: IndicatorRules { services: ServiceSet(rules_services), count: rules_count, of: rules_of, sum: rules_sum },
        })
    }
}

impl From<&Diagnostic> for WDiagnostic {
    fn from(d: &Diagnostic) -> WDiagnostic {
        let Diagnostic { severity, code, message, file, line, column, range, hint } = d;
        WDiagnostic {
            severity: diagnostic_severity_name(*severity).to_string(),
            code: code.as_str().to_string(),
            message: message.clone(),
            file: file.clone(),
            line: *line,
            column: *column,
            range: (range.start as u64, range.end as u64),
            hint: hint.clone(),
        }
    }
}

impl WDiagnostic {
    fn into_diagnostic(self) -> Result<Diagnostic, Invalid> {
        let WDiagnostic { severity, code, message, file, line, column, range, hint } = self;
        let start = usize::try_from(range.0).map_err(|_| format!("a warning's position {} is too large", range.0))?;
        let end = usize::try_from(range.1).map_err(|_| format!("a warning's position {} is too large", range.1))?;
        Ok(Diagnostic {
            severity: named(&[DiagnosticSeverity::Error, DiagnosticSeverity::Warning], &severity, diagnostic_severity_name, "diagnostic severity")?,
            code: code.parse::<DiagnosticCode>().map_err(|e| e.to_string())?,
            message,
            file,
            line,
            column,
            range: start..end,
            hint,
        })
    }
}

impl From<&Limits> for WLimits {
    fn from(l: &Limits) -> WLimits {
        let Limits {
            max_expression_length,
            max_expression_depth,
            max_file_size,
            max_files,
            max_questions,
            max_requirements,
            max_regex_size,
            max_list_length,
            max_text_length,
            max_steps,
        } = l;
        WLimits {
            max_expression_length: *max_expression_length as u64,
            max_expression_depth: *max_expression_depth as u64,
            max_file_size: *max_file_size as u64,
            max_files: *max_files as u64,
            max_questions: *max_questions as u64,
            max_requirements: *max_requirements as u64,
            max_regex_size: *max_regex_size as u64,
            max_list_length: *max_list_length as u64,
            max_text_length: *max_text_length as u64,
            max_steps: *max_steps,
        }
    }
}

impl WLimits {
    fn into_limits(self) -> Result<Limits, Invalid> {
        let WLimits {
            max_expression_length,
            max_expression_depth,
            max_file_size,
            max_files,
            max_questions,
            max_requirements,
            max_regex_size,
            max_list_length,
            max_text_length,
            max_steps,
        } = self;
        let size = |name: &str, n: u64| usize::try_from(n).map_err(|_| format!("the limit {name} = {n} is too large for this machine"));
        Ok(Limits {
            max_expression_length: size("max_expression_length", max_expression_length)?,
            max_expression_depth: size("max_expression_depth", max_expression_depth)?,
            max_file_size: size("max_file_size", max_file_size)?,
            max_files: size("max_files", max_files)?,
            max_questions: size("max_questions", max_questions)?,
            max_requirements: size("max_requirements", max_requirements)?,
            max_regex_size: size("max_regex_size", max_regex_size)?,
            max_list_length: size("max_list_length", max_list_length)?,
            max_text_length: size("max_text_length", max_text_length)?,
            max_steps,
        })
    }
}
