//! The load-time checker: turns parsed pack files into a compiled [`Pack`].
//!
//! It parses every expression, resolves names to slots, checks types, arity, regexes,
//! duplicate ids, derived-value cycles and the evaluation budget, and reports every problem
//! at once, each located in its YAML file. A pack that passes cannot fail on types when
//! evaluated.

use std::collections::HashMap;
use std::sync::Arc;

use serde_saphyr::Spanned;

use crate::ast::{BinaryOp, Expr, ExprKind, Literal, Span};
use crate::diagnostic::{Diagnostic, Severity as DiagSeverity, SourceFile, did_you_mean, line_column};
use crate::ir::{ArithOp, CmpOp, Const, Func, LoopKind, Node, NodeKind};
use crate::limits::Limits;
use crate::load::Loaded;
use crate::model::{self, Flag, PackFile, Text};
use crate::nfc::nfc_string;
use crate::pack::*;

/// The static type of an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Type {
    Bool,
    Integer,
    Number,
    Date,
    Text,
    /// A single-choice question's value (text, with known choices).
    Choice(u32),
    /// A multiple-choice question's value.
    Set(u32),
    /// A list question's records.
    List(u32),
    /// A literal list (right of `in`).
    Literals,
    /// After an error: accepted everywhere so one mistake is reported once.
    Error,
}

impl Type {
    fn name(self) -> &'static str {
        match self {
            Type::Bool => "bool",
            Type::Integer => "integer",
            Type::Number => "number",
            Type::Date => "date",
            Type::Text | Type::Choice(_) => "text",
            Type::Set(_) => "multiple choice",
            Type::List(_) => "list of records",
            Type::Literals => "list",
            Type::Error => "error",
        }
    }

    fn numeric(self) -> bool {
        matches!(self, Type::Integer | Type::Number | Type::Error)
    }

    fn textual(self) -> bool {
        matches!(self, Type::Text | Type::Choice(_) | Type::Error)
    }

    fn is(self, other: Type) -> bool {
        self == other || self == Type::Error
    }
}

/// A requirement's condition, for finding two with the same one: `require` and `applies`,
/// where they apply, and where the first was written.
struct Condition<'n> {
    require: &'n Node,
    applies: Option<&'n Node>,
    services: ServiceSet,
    valid: (i32, i32),
    file: usize,
    offset: usize,
    id: String,
}

/// Where an expression's text sits in its YAML file.
#[derive(Clone, Copy)]
struct Site {
    file: usize,
    /// Byte offset of the scalar (including any quote or block indicator).
    offset: usize,
}

/// Scope of an expression: bound loop variables and, in a constraint, the value of `.`.
#[derive(Clone, Default)]
struct Scope {
    /// Innermost last: (variable, list question).
    bound: Vec<(String, u32)>,
    this: Option<Type>,
}

#[derive(Clone, Copy, PartialEq)]
enum DerivedState {
    Pending,
    InProgress,
    Done(Type),
}

struct Checker<'a> {
    limits: &'a Limits,
    sources: &'a [SourceFile],
    diagnostics: Vec<Diagnostic>,
    services: Vec<Service>,
    parameters: Vec<Parameter>,
    param_types: Vec<Type>,
    param_values: Vec<Const>,
    param_index: HashMap<String, u32>,
    questions: Vec<Question>,
    question_types: Vec<Type>,
    question_index: HashMap<String, u32>,
    derived_defs: Vec<(usize, &'a model::DerivedDef)>,
    derived_index: HashMap<String, u32>,
    derived_nodes: Vec<Option<Node>>,
    derived_state: Vec<DerivedState>,
    derived_cost: Vec<u64>,
    /// Nesting depth of each derived value's tree, the derived values it uses expanded.
    derived_depth: Vec<usize>,
    /// How deep `expr` is recursing now, through derived values checked on the way.
    nesting: usize,
    /// Steps of every expression evaluated for one report, summed, and the costliest one.
    total_cost: u64,
    costliest: Option<(u64, usize, usize)>,
    /// How many times per report the expression being checked is evaluated.
    step_factor: u64,
}

/// Checks loaded files and builds the pack, or returns every error found.
pub(crate) fn compile(loaded: Loaded, limits: &Limits) -> Result<Pack, (Vec<Diagnostic>, Vec<SourceFile>)> {
    let Loaded { files, sources, mut diagnostics, params } = loaded;
    if files.is_empty() {
        return Err((diagnostics, sources));
    }
    let mut checker = Checker {
        limits,
        sources: &sources,
        diagnostics: vec![],
        services: vec![],
        parameters: vec![],
        param_types: vec![],
        param_values: vec![],
        param_index: HashMap::new(),
        questions: vec![],
        question_types: vec![],
        question_index: HashMap::new(),
        derived_defs: vec![],
        derived_index: HashMap::new(),
        derived_nodes: vec![],
        derived_state: vec![],
        derived_cost: vec![],
        derived_depth: vec![],
        nesting: 0,
        total_cost: 0,
        costliest: None,
        step_factor: 1,
    };
    let result = checker.run(&files, params.as_ref());
    diagnostics.extend(checker.diagnostics);
    // Stable order: by file, then position.
    let order: HashMap<&str, usize> = sources.iter().enumerate().map(|(i, s)| (s.name.as_str(), i)).collect();
    diagnostics.sort_by_key(|d| (order.get(d.file.as_str()).copied().unwrap_or(usize::MAX), d.line, d.column));
    let has_errors = diagnostics.iter().any(|d| d.severity == DiagSeverity::Error);
    match result {
        Some(mut data) if !has_errors => {
            data.file_order = files.iter().map(|(i, _)| *i).collect();
            data.warnings = diagnostics;
            data.sources = sources;
            Ok(Pack { data: Arc::new(data) })
        }
        _ => Err((diagnostics, sources)),
    }
}

const FUNCTIONS: &[&str] = &[
    "answered",
    "coalesce",
    "count",
    "any",
    "all",
    "sum",
    "min",
    "max",
    "len",
    "report_date",
    "year",
    "days_between",
    "months_between",
    "add_months",
    "within_months",
    "add_days",
    "matches",
    "service",
    "contract",
    "abs",
    "round",
];

const PLACEHOLDERS: &[&str] = &["report.year", "report.date", "provider", "service", "name", "contract", "missing"];

/// The prefix of a parameter's name in expressions and messages: `param.examen_andel`.
pub(crate) const PARAM_PREFIX: &str = "param.";

impl<'a> Checker<'a> {
    // ---------------------------------------------------------------- diagnostics

    fn at(&mut self, file: usize, start: usize, len: usize, code: &'static str, message: String, hint: Option<String>) {
        let source = &self.sources[file];
        let start = start.min(source.text.len());
        let (line, column) = line_column(&source.text, start);
        self.diagnostics.push(Diagnostic {
            severity: DiagSeverity::Error,
            code,
            message,
            file: source.name.clone(),
            line,
            column,
            range: start..(start + len.max(1)).min(source.text.len().max(start + 1)),
            hint,
        });
    }

    fn at_spanned<T>(&mut self, file: usize, value: &Spanned<T>, len: usize, code: &'static str, message: String, hint: Option<String>) {
        let offset = value.referenced.span().byte_offset().unwrap_or(0) as usize;
        self.at(file, offset, len, code, message, hint);
    }

    /// Reports an error at `span` inside the expression written at `site`.
    fn in_expr(&mut self, site: Site, text: &str, span: Span, code: &'static str, message: String, hint: Option<String>) {
        let (start, len) = self.map_span(site, text, span);
        self.at(site.file, start, len, code, message, hint);
    }

    /// Maps a byte span inside an expression string to a byte range in its YAML file.
    fn map_span(&self, site: Site, text: &str, span: Span) -> (usize, usize) {
        let file = &self.sources[site.file].text;
        let start = scalar_offset(file, site.offset, text, span.start as usize);
        let end = scalar_offset(file, site.offset, text, span.end as usize).max(start);
        (start, (end - start).max(usize::from(span.end > span.start)))
    }

    // ---------------------------------------------------------------- the passes

    fn run(&mut self, files: &'a [(usize, PackFile)], params: Option<&(usize, model::ParamsFile)>) -> Option<PackData> {
        let root = &files.last()?.1;
        let mut pack_refs = Vec::new();
        let mut all_sources: Vec<String> = Vec::new();
        let mut seen_packs: HashMap<String, (usize, usize)> = HashMap::new();
        for (file, pf) in files.iter().rev() {
            let id = &pf.pack.id;
            if let Some(&(f0, off)) = seen_packs.get(&id.value) {
                let (l, _) = line_column(&self.sources[f0].text, off);
                let name = self.sources[f0].name.clone();
                self.at_spanned(*file, id, id.value.len(), "duplicate-id", format!("pack id `{}` is already used", id.value), Some(format!("first used in {name}:{l}")));
            } else {
                seen_packs.insert(id.value.clone(), (*file, id.referenced.span().byte_offset().unwrap_or(0) as usize));
            }
            pack_refs.push(PackRef { id: id.value.clone(), version: pf.pack.version.clone(), title: pf.pack.title.clone(), file: self.sources[*file].name.clone() });
            for s in &pf.pack.sources {
                if !all_sources.contains(s) {
                    all_sources.push(s.clone());
                }
            }
        }

        // Parameters: declared, then set by the parameters file.
        let mut param_sites: HashMap<String, (usize, usize)> = HashMap::new();
        for (file, pf) in files {
            for p in &pf.parameters {
                if self.declare(&mut param_sites, *file, &p.id, "parameter") {
                    self.declare_parameter(*file, pf, p);
                }
            }
        }
        let params_info = params.map(|(file, pf)| self.apply_params(*file, pf));

        // Services first: every service set refers to them.
        let mut service_sites: HashMap<String, (usize, usize)> = HashMap::new();
        for (file, pf) in files {
            for s in &pf.services {
                if let Some(&(f0, off)) = service_sites.get(&s.id.value) {
                    let (l, _) = line_column(&self.sources[f0].text, off);
                    let name = self.sources[f0].name.clone();
                    self.at_spanned(
                        *file,
                        &s.id,
                        s.id.value.len(),
                        "duplicate-id",
                        format!("service `{}` is declared twice", s.id.value),
                        Some(format!("first declared in {name}:{l}")),
                    );
                    continue;
                }
                self.check_id(*file, &s.id);
                service_sites.insert(s.id.value.clone(), (*file, s.id.referenced.span().byte_offset().unwrap_or(0) as usize));
                let label = self.static_text(*file, &s.id, &s.label);
                self.services.push(Service { id: s.id.value.clone(), label, contracts: s.contracts.clone() });
            }
        }
        if self.services.len() > 63 {
            self.at(files[0].0, 0, 1, "limit", "a pack may declare at most 63 service types".into(), None);
            self.services.truncate(63);
        }

        // Names: questions and derived values.
        let mut name_sites: HashMap<String, (usize, usize)> = HashMap::new();
        let mut question_defs: Vec<(usize, &PackFile, &model::QuestionDef)> = Vec::new();
        for (file, pf) in files {
            for q in &pf.questions {
                if self.declare(&mut name_sites, *file, &q.id, "question") {
                    question_defs.push((*file, pf, q));
                }
            }
            for d in &pf.derived {
                if self.declare(&mut name_sites, *file, &d.id, "derived value") {
                    self.derived_index.insert(d.id.value.clone(), self.derived_defs.len() as u32);
                    self.derived_defs.push((*file, d));
                    self.derived_nodes.push(None);
                    self.derived_state.push(DerivedState::Pending);
                    self.derived_cost.push(1);
                    self.derived_depth.push(1);
                }
            }
        }
        if question_defs.len() > self.limits.max_questions {
            let (f, _, q) = question_defs[self.limits.max_questions];
            self.at_spanned(f, &q.id, q.id.value.len(), "limit", format!("a pack may have at most {} questions", self.limits.max_questions), None);
            return None;
        }
        for (file, pf, q) in &question_defs {
            let question = self.declare_question(*file, pf, q);
            self.question_index.insert(question.id.clone(), self.questions.len() as u32);
            self.question_types.push(question_type(&question, self.questions.len() as u32));
            self.questions.push(question);
        }

        // Derived values, in dependency order (cycles reported).
        for i in 0..self.derived_defs.len() {
            self.check_derived(i as u32);
        }

        // Question rules: required, relevant, constraint.
        for (qi, (file, _, q)) in question_defs.iter().enumerate() {
            let mut rules = std::mem::take(&mut self.questions[qi].compiled);
            if let Some(req) = &q.required {
                match &req.value {
                    Flag::Bool(true) => rules.required = Some(Node::new(NodeKind::Const(Const::Bool(true)), Span::default())),
                    Flag::Bool(false) => {}
                    Flag::Expr(text) => {
                        let site = Site { file: *file, offset: req.referenced.span().byte_offset().unwrap_or(0) as usize };
                        rules.required = self.bool_expr(site, text, &Scope::default());
                    }
                }
            }
            if let Some(rel) = &q.relevant {
                // Relevance cascades: reading answers repeats the relevance pass until no
                // answer is dropped, at most once per question that has a relevance rule.
                self.step_factor = question_defs.iter().filter(|(_, _, q)| q.relevant.is_some()).count() as u64 + 1;
                rules.relevant = self.bool_spanned(*file, rel, &Scope::default());
                self.step_factor = 1;
            }
            if let Some(con) = &q.constraint {
                let this = self.question_types[qi];
                rules.constraint = self.bool_spanned(*file, con, &Scope { bound: vec![], this: Some(this) });
                if q.constraint_message.is_none() {
                    self.at_spanned(
                        *file,
                        con,
                        con.value.len(),
                        "missing-field",
                        format!("question `{}` has a constraint but no `constraint_message`", q.id.value),
                        Some("add `constraint_message: { sv: …, en: … }`".into()),
                    );
                }
            }
            self.questions[qi].compiled = rules;
        }

        // Requirements.
        let mut requirements = Vec::new();
        let mut requirement_sites: HashMap<String, (usize, usize)> = HashMap::new();
        for (file, pf) in files {
            for r in &pf.requirements {
                if let Some(&(f0, off)) = requirement_sites.get(&r.id.value) {
                    let (l, _) = line_column(&self.sources[f0].text, off);
                    let name = self.sources[f0].name.clone();
                    self.at_spanned(
                        *file,
                        &r.id,
                        r.id.value.len(),
                        "duplicate-id",
                        format!("requirement `{}` is declared twice", r.id.value),
                        Some(format!("first declared in {name}:{l}")),
                    );
                    // Still check its expressions, so every mistake is reported at once.
                    let _ = self.requirement(*file, pf, r);
                    continue;
                }
                self.check_id(*file, &r.id);
                requirement_sites.insert(r.id.value.clone(), (*file, r.id.referenced.span().byte_offset().unwrap_or(0) as usize));
                if let Some(req) = self.requirement(*file, pf, r) {
                    requirements.push(req);
                }
            }
        }
        if requirements.len() > self.limits.max_requirements {
            self.at(files[0].0, 0, 1, "limit", format!("a pack may have at most {} requirements", self.limits.max_requirements), None);
        }
        requirements.sort_by(|a: &Requirement, b| a.id.cmp(&b.id));

        // Indicators.
        let mut indicators = Vec::new();
        let mut indicator_sites: HashMap<String, (usize, usize)> = HashMap::new();
        for (file, pf) in files {
            for ind in &pf.indicators {
                if let Some(&(f0, off)) = indicator_sites.get(&ind.id.value) {
                    let (l, _) = line_column(&self.sources[f0].text, off);
                    let name = self.sources[f0].name.clone();
                    self.at_spanned(
                        *file,
                        &ind.id,
                        ind.id.value.len(),
                        "duplicate-id",
                        format!("indicator `{}` is declared twice", ind.id.value),
                        Some(format!("first declared in {name}:{l}")),
                    );
                    continue;
                }
                indicator_sites.insert(ind.id.value.clone(), (*file, ind.id.referenced.span().byte_offset().unwrap_or(0) as usize));
                if let Some(i) = self.indicator(*file, pf, ind) {
                    indicators.push(i);
                }
            }
        }

        let derived: Vec<Derived> = self
            .derived_defs
            .iter()
            .zip(std::mem::take(&mut self.derived_nodes))
            .map(|((_, d), node)| Derived {
                id: d.id.value.clone(),
                label: d.label.clone(),
                expr: d.expr.value.clone(),
                node: node.unwrap_or_else(|| Node::unknown(Span::default())),
            })
            .collect();

        if self.total_cost > self.limits.max_steps {
            let (cost, file, offset) = self.costliest.unwrap_or((0, files[0].0, 0));
            let (line, _) = line_column(&self.sources[file].text, offset);
            let name = self.sources[file].name.clone();
            let root = files.last().map(|(f, _)| *f).unwrap_or(file);
            self.at(
                root,
                0,
                1,
                "limit",
                format!("evaluating one report may take {} steps with every expression of the pack; the limit is {}", self.total_cost, self.limits.max_steps),
                Some(format!("the costliest expression, at {name}:{line}, may take {cost} steps")),
            );
        }

        if !self.diagnostics.iter().any(|d| d.severity == DiagSeverity::Error) {
            self.lint(files, &question_defs, &requirements, &indicators, &derived);
        }

        let root_file = files.last().map(|(f, _)| *f).unwrap_or(0);
        let about = root.pack.about.as_ref().map(|a| self.static_text(root_file, &root.pack.id, a));
        Some(PackData {
            info: PackInfo { id: root.pack.id.value.clone(), version: root.pack.version.clone(), title: root.pack.title.clone(), packs: pack_refs, sources: all_sources, about },
            services: std::mem::take(&mut self.services),
            parameters: std::mem::take(&mut self.parameters),
            param_values: std::mem::take(&mut self.param_values),
            params_file: params_info,
            file_order: vec![],
            questions: std::mem::take(&mut self.questions),
            question_index: std::mem::take(&mut self.question_index),
            derived,
            derived_index: std::mem::take(&mut self.derived_index),
            requirements,
            indicators,
            warnings: vec![],
            sources: vec![],
            limits: self.limits.clone(),
        })
    }

    fn declare_parameter(&mut self, file: usize, pf: &PackFile, p: &'a model::ParameterDef) {
        let kind = match QuestionType::parse(&p.kind.value) {
            Some(k) if crate::params::TYPES.contains(&k.name()) => k,
            _ => {
                let hint = did_you_mean(&p.kind.value, crate::params::TYPES.iter().copied())
                    .map(|m| format!("did you mean `{m}`?"))
                    .unwrap_or_else(|| format!("parameter types: {}", crate::params::TYPES.join(", ")));
                self.at_spanned(file, &p.kind, p.kind.value.len(), "bad-type", format!("`{}` is not a parameter type", p.kind.value), Some(hint));
                QuestionType::Text
            }
        };
        for (key, bound) in [("min", p.min), ("max", p.max)] {
            if let Some(b) = bound.filter(|b| !b.is_finite()) {
                self.at_spanned(
                    file,
                    &p.id,
                    p.id.value.len(),
                    "bad-value",
                    format!("`{key}` of parameter `{}` is {b}, not a finite number", p.id.value),
                    Some(format!("leave `{key}` out for no bound")),
                );
            }
        }
        let min = p.min.filter(|b| b.is_finite());
        let max = p.max.filter(|b| b.is_finite());
        let (default, value) = match crate::params::typed(kind, &p.default.value, min, max) {
            Ok(v) => v,
            Err(e) => {
                let len = p.default.value.to_string().len();
                self.at_spanned(file, &p.default, len, "bad-value", format!("the default of parameter `{}` {e}", p.id.value), None);
                (ParamValue::Text(String::new()), Const::Unknown)
            }
        };
        match (&p.source, p.example) {
            (None, false) => self.at_spanned(
                file,
                &p.id,
                p.id.value.len(),
                "missing-source",
                format!("parameter `{}` cites no source for its default", p.id.value),
                Some("cite the document with `source:`, or mark the default `example: true` (an exempelvärde, taken from no document)".into()),
            ),
            (Some(src), true) => self.at_spanned(
                file,
                src,
                src.value.len(),
                "bad-value",
                format!("parameter `{}` cites a source but marks its default as an example value", p.id.value),
                Some("keep `source:` for a default taken from a document, `example: true` for one that is not".into()),
            ),
            _ => {}
        }
        let ty = match kind {
            QuestionType::Bool => Type::Bool,
            QuestionType::Integer => Type::Integer,
            QuestionType::Number | QuestionType::Percent => Type::Number,
            QuestionType::Date => Type::Date,
            _ => Type::Text,
        };
        self.param_index.insert(p.id.value.clone(), self.parameters.len() as u32);
        self.param_types.push(ty);
        self.param_values.push(value);
        self.parameters.push(Parameter {
            id: p.id.value.clone(),
            kind,
            label: p.label.clone(),
            unit: p.unit.clone(),
            value: default.clone(),
            default,
            min,
            max,
            source: p.source.as_ref().map(|s| s.value.clone()),
            example: p.example,
            note: p.note.clone(),
            set_by: None,
            pack: pf.pack.id.value.clone(),
        });
    }

    /// Sets the parameters a parameters file gives, each typed and range-checked.
    fn apply_params(&mut self, file: usize, pf: &model::ParamsFile) -> ParamsInfo {
        let name = self.sources[file].name.clone();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (key, value) in &pf.parameters.value.0 {
            let id = key.value.strip_prefix(PARAM_PREFIX).unwrap_or(&key.value);
            let Some(&i) = self.param_index.get(id) else {
                let hint = did_you_mean(id, self.param_index.keys().map(String::as_str)).map(|m| format!("did you mean `{m}`?"));
                let hint = hint.or_else(|| {
                    let mut ids: Vec<&str> = self.param_index.keys().map(String::as_str).collect();
                    ids.sort_unstable();
                    Some(if ids.is_empty() { "the pack declares no parameters".to_string() } else { format!("the pack's parameters: {}", ids.join(", ")) })
                });
                self.at_spanned(file, key, key.value.len(), "unknown-name", format!("the pack has no parameter `{id}`"), hint);
                continue;
            };
            if seen.insert(id, i as usize).is_some() {
                self.at_spanned(file, key, key.value.len(), "duplicate-id", format!("parameter `{id}` is set twice"), None);
                continue;
            }
            let p = &self.parameters[i as usize];
            match crate::params::typed(p.kind, &value.value, p.min, p.max) {
                Ok((v, c)) => {
                    let p = &mut self.parameters[i as usize];
                    p.value = v;
                    p.set_by = Some(name.clone());
                    self.param_values[i as usize] = c;
                }
                Err(e) => {
                    let len = value.value.to_string().len();
                    self.at_spanned(file, value, len, "bad-value", format!("parameter `{id}` {e}"), None);
                }
            }
        }
        ParamsInfo { file: name, municipality: pf.municipality.clone(), year: pf.year, source: pf.source.clone() }
    }

    /// The declared parameter (`param.id`) most like the unknown `name`, for a hint.
    fn similar_parameter(&self, name: &str) -> Option<String> {
        let candidates: Vec<String> = self.param_index.keys().map(|k| format!("{PARAM_PREFIX}{k}")).collect();
        did_you_mean(name, candidates.iter().map(String::as_str)).map(str::to_string)
    }

    /// A static text (a label, a title) with its `{param.id}` placeholders filled; an unknown
    /// parameter is an error at `at`.
    fn static_text(&mut self, file: usize, at: &Spanned<String>, text: &Text) -> Text {
        for t in [&text.sv, &text.en] {
            for name in placeholder_names(t) {
                if name.starts_with(PARAM_PREFIX) && !self.param_index.contains_key(&name[PARAM_PREFIX.len()..]) {
                    let hint = self.similar_parameter(name).map(|m| format!("did you mean `{{{m}}}`?"));
                    self.at_spanned(file, at, at.value.len(), "unknown-name", format!("unknown parameter `{{{name}}}` in the text of `{}`", at.value), hint);
                }
            }
        }
        Text { sv: crate::params::fill_static(&text.sv, &self.parameters, crate::Lang::Sv), en: crate::params::fill_static(&text.en, &self.parameters, crate::Lang::En) }
    }

    // ---------------------------------------------------------------- lints

    fn warn(&mut self, file: usize, start: usize, len: usize, code: &'static str, message: String, hint: Option<String>) {
        self.at(file, start, len, code, message, hint);
        if let Some(d) = self.diagnostics.last_mut() {
            d.severity = DiagSeverity::Warning;
        }
    }

    fn warn_expr(&mut self, site: Site, text: &str, span: Span, code: &'static str, message: String, hint: Option<String>) {
        let (start, len) = self.map_span(site, text, span);
        self.warn(site.file, start, len, code, message, hint);
    }

    fn spanned_site<T>(file: usize, v: &Spanned<T>) -> Site {
        Site { file, offset: v.referenced.span().byte_offset().unwrap_or(0) as usize }
    }

    /// Warnings about a pack that loaded: windows written with `months_between`,
    /// requirements that can never apply, `require` conditions that are constant, questions
    /// nothing reads, and requirements with the same condition.
    fn lint(
        &mut self,
        files: &'a [(usize, PackFile)],
        question_defs: &[(usize, &PackFile, &model::QuestionDef)],
        requirements: &[Requirement],
        indicators: &[Indicator],
        derived: &[Derived],
    ) {
        // Every expression with its site, for the window lint and the questions read.
        // Borrowed from the files and the compiled values, except the questions' rules, which
        // live in `self` (warnings need it mutably): those few are cloned.
        let mut exprs: Vec<(Site, &str, &Node)> = vec![];
        for ((file, def), d) in self.derived_defs.iter().zip(derived) {
            exprs.push((Self::spanned_site(*file, &def.expr), def.expr.value.as_str(), &d.node));
        }
        let mut defs: HashMap<&str, (usize, &model::RequirementDef)> = HashMap::new();
        for (file, pf) in files {
            for r in &pf.requirements {
                defs.entry(r.id.value.as_str()).or_insert((*file, r));
            }
        }
        for r in requirements {
            let Some(&(file, def)) = defs.get(r.id.as_str()) else { continue };
            if let (Some(a), Some(node)) = (&def.applies, &r.compiled.applies) {
                exprs.push((Self::spanned_site(file, a), a.value.as_str(), node));
            }
            exprs.push((Self::spanned_site(file, &def.require), def.require.value.as_str(), &r.compiled.require));
        }
        for (file, pf) in files {
            for ind in &pf.indicators {
                let Some(compiled) = indicators.iter().find(|i| i.id == ind.id.value) else { continue };
                for (text, node) in [(&ind.count, &compiled.compiled.count), (&ind.of, &compiled.compiled.of), (&ind.sum, &compiled.compiled.sum)] {
                    if let (Some(t), Some(n)) = (text, node) {
                        exprs.push((Self::spanned_site(*file, t), t.value.as_str(), n));
                    }
                }
            }
        }
        let question_rules: Vec<(Site, &str, Node)> = question_defs
            .iter()
            .enumerate()
            .flat_map(|(qi, (file, _, q))| {
                let rules = &self.questions[qi].compiled;
                [(&q.relevant, &rules.relevant), (&q.constraint, &rules.constraint)]
                    .into_iter()
                    .filter_map(|(text, node)| match (text, node) {
                        (Some(t), Some(n)) => Some((Self::spanned_site(*file, t), t.value.as_str(), n.clone())),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        exprs.extend(question_rules.iter().map(|(site, text, node)| (*site, *text, node)));
        for &(site, text, node) in &exprs {
            let mut found = vec![];
            crate::lint::windows(node, derived, &mut found);
            for w in found {
                let written = w.span.text(text);
                let date = w.date.text(text);
                let bound = w.bound.text(text).trim_start_matches('-').trim();
                let message = if w.strict {
                    format!("`{written}` counts whole months: as \"within the last {bound} months\" it leaves out a date exactly {bound} months before the report date")
                } else {
                    format!("`{written}` counts whole months: as \"within the last {bound} months\" it accepts dates up to {bound} months and 30 days before the report date")
                };
                let hint = format!("write `within_months({date}, {bound})`: on or after the report date less {bound} months (see docs/language.md, \"Windows\")");
                self.warn_expr(site, text, w.span, "window", message, Some(hint));
            }
        }

        // Requirements: never applicable, constant, duplicated.
        let mut conditions: Vec<Condition<'_>> = vec![];
        let mut ordered: Vec<&Requirement> = requirements.iter().collect();
        ordered.sort_by_key(|r| defs.get(r.id.as_str()).map(|(f, d)| (*f, d.id.referenced.span().byte_offset().unwrap_or(0))));
        for r in ordered {
            let Some(&(file, def)) = defs.get(r.id.as_str()) else { continue };
            let cx = crate::lint::Context { questions: &self.questions, derived, services: (!r.services.is_empty()).then(|| r.services.clone()) };
            let (from, to) = r.compiled.valid;
            let applies = r.compiled.applies.as_ref().map(|a| crate::lint::outcomes(a, &cx));
            let never = if from > to {
                Some(format!("its validity ends ({}) before it begins ({})", r.valid_to.clone().unwrap_or_default(), r.valid_from.clone().unwrap_or_default()))
            } else if applies.is_some_and(|b| !b.can_true) {
                Some("its `applies` is false for every answer the questions allow".to_string())
            } else {
                None
            };
            if let Some(why) = never {
                self.warn(
                    file,
                    def.id.referenced.span().byte_offset().unwrap_or(0) as usize,
                    def.id.value.len(),
                    "never-applies",
                    format!("requirement `{}` can never apply: {why}", r.id),
                    Some("check its `services`, `valid` and `applies`".into()),
                );
                continue;
            }
            let site = Self::spanned_site(file, &def.require);
            let outcome = crate::lint::outcomes(&r.compiled.require, &cx);
            let constant = match (outcome.can_true, outcome.can_false) {
                (true, false) => Some(("always true", "it can never be not met")),
                (false, true) => Some(("always false", "it can never be met")),
                _ => None,
            };
            if let Some((what, so)) = constant {
                self.warn_expr(
                    site,
                    &def.require.value,
                    r.compiled.require.span,
                    "constant-condition",
                    format!("the `require` of `{}` is {what} for every answer the questions allow: {so}", r.id),
                    Some("check the comparison against the questions' types, `min`/`max` and choices".into()),
                );
            }
            let offset = def.require.referenced.span().byte_offset().unwrap_or(0) as usize;
            let same_applies = |c: &Condition<'_>| match (c.applies, &r.compiled.applies) {
                (None, None) => true,
                (Some(a), Some(b)) => crate::lint::same_tree(a, b),
                _ => false,
            };
            let same = conditions
                .iter()
                .find(|c| {
                    c.services.0 & r.compiled.services.0 != 0 && c.valid.0 <= to && from <= c.valid.1 && crate::lint::same_tree(c.require, &r.compiled.require) && same_applies(c)
                })
                .map(|c| (c.file, c.offset, c.id.clone()));
            if let Some((f0, off0, first)) = same {
                let (line, _) = line_column(&self.sources[f0].text, off0);
                let name = self.sources[f0].name.clone();
                self.warn_expr(
                    site,
                    &def.require.value,
                    r.compiled.require.span,
                    "duplicate-condition",
                    format!("requirement `{}` has the same condition as `{first}` for the same service types and period", r.id),
                    Some(format!("`{first}` is at {name}:{line}; merge the two, or make the conditions say what differs")),
                );
            } else {
                conditions.push(Condition {
                    require: &r.compiled.require,
                    applies: r.compiled.applies.as_ref(),
                    services: r.compiled.services,
                    valid: r.compiled.valid,
                    file,
                    offset,
                    id: r.id.clone(),
                });
            }
        }

        // Questions nothing reads.
        let mut read = vec![false; self.questions.len()];
        let mut seen = vec![false; derived.len()];
        for &(_, _, node) in &exprs {
            crate::lint::reads(node, derived, &mut seen, &mut read);
        }
        for q in &self.questions {
            if let Some(n) = &q.compiled.required {
                crate::lint::reads(n, derived, &mut seen, &mut read);
            }
        }
        for r in requirements {
            let texts = [Some(&r.message), r.unanswered.as_ref()];
            for t in texts.into_iter().flatten().flat_map(|m| [&m.sv, &m.en]) {
                for name in placeholder_names(t) {
                    if let Some(&q) = self.question_index.get(name) {
                        read[q as usize] = true;
                    }
                    if let Some(&d) = self.derived_index.get(name)
                        && let Some(x) = derived.get(d as usize)
                    {
                        crate::lint::reads(&x.node, derived, &mut seen, &mut read);
                    }
                }
            }
        }
        // A pack for some service types (its root's `pack.services`) that includes shared
        // question files: a question asked only of other service types is theirs to read.
        let root_services: Option<u64> = files
            .last()
            .and_then(|(_, pf)| pf.pack.services.as_ref())
            .map(|list| list.value.iter().filter_map(|s| self.services.iter().position(|x| x.id == s.value)).fold(0u64, |bits, i| bits | (1u64 << i)));
        for (qi, (file, _, q)) in question_defs.iter().enumerate() {
            let asked_here = root_services.is_none_or(|root| self.questions[qi].compiled.services.0 & root != 0);
            if !read[qi] && asked_here {
                self.warn(
                    *file,
                    q.id.referenced.span().byte_offset().unwrap_or(0) as usize,
                    q.id.value.len(),
                    "unread-question",
                    format!("question `{}` is read by no requirement, derived value, indicator or relevance rule", q.id.value),
                    Some("use its answer in a rule, or leave it out of the questionnaire".into()),
                );
            }
        }
    }

    fn check_id(&mut self, file: usize, id: &Spanned<String>) {
        let ok = !id.value.is_empty()
            && id.value.split('.').all(|part| {
                let mut chars = part.chars();
                matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c == '_') && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            });
        if !ok {
            self.at_spanned(
                file,
                id,
                id.value.len(),
                "bad-id",
                format!("`{}` is not a valid id", id.value),
                Some("ids are lowercase letters, digits and `_`, in parts separated by `.`".into()),
            );
        }
        if matches!(id.value.as_str(), "and" | "or" | "not" | "in" | "if" | "then" | "else" | "true" | "false") {
            self.at_spanned(file, id, id.value.len(), "bad-id", format!("`{}` is a keyword of the expression language", id.value), None);
        }
    }

    fn declare(&mut self, sites: &mut HashMap<String, (usize, usize)>, file: usize, id: &Spanned<String>, what: &str) -> bool {
        self.check_id(file, id);
        if what != "parameter" && (id.value == "param" || id.value.starts_with(PARAM_PREFIX)) {
            self.at_spanned(
                file,
                id,
                id.value.len(),
                "bad-id",
                format!("`{}`: ids starting with `param.` name parameters", id.value),
                Some("declare it under `parameters:`, or rename it".into()),
            );
        }
        if let Some(&(f0, off)) = sites.get(&id.value) {
            let (l, _) = line_column(&self.sources[f0].text, off);
            let name = self.sources[f0].name.clone();
            self.at_spanned(file, id, id.value.len(), "duplicate-id", format!("{what} `{}` is declared twice", id.value), Some(format!("first declared in {name}:{l}")));
            return false;
        }
        sites.insert(id.value.clone(), (file, id.referenced.span().byte_offset().unwrap_or(0) as usize));
        true
    }

    /// The service types a `services` list names; every service type when there is none.
    /// An empty list is an error: it would make the rule apply to no report at all.
    fn service_set(&mut self, file: usize, list: Option<&Spanned<Vec<Spanned<String>>>>) -> (ServiceSet, Vec<String>) {
        let Some(list) = list else { return (ServiceSet::ALL, vec![]) };
        if list.value.is_empty() {
            self.at_spanned(
                file,
                list,
                2,
                "empty-services",
                "`services` is empty: this would apply to no service type".into(),
                Some("leave `services` out for every service type".into()),
            );
            return (ServiceSet::ALL, vec![]);
        }
        let mut bits = 0u64;
        let mut names = vec![];
        for s in &list.value {
            match self.services.iter().position(|x| x.id == s.value) {
                Some(i) => {
                    bits |= 1 << i;
                    names.push(s.value.clone());
                }
                None => {
                    let hint = did_you_mean(&s.value, self.services.iter().map(|x| x.id.as_str())).map(|m| format!("did you mean `{m}`?"));
                    let hint = hint.or_else(|| Some(format!("declared service types: {}", self.services.iter().map(|x| x.id.as_str()).collect::<Vec<_>>().join(", "))));
                    self.at_spanned(file, s, s.value.len(), "unknown-service", format!("unknown service type `{}`", s.value), hint);
                }
            }
        }
        (ServiceSet(bits), names)
    }

    fn date_value(&mut self, file: usize, value: &Spanned<String>) -> Option<i32> {
        let d = crate::value::parse_date(&value.value);
        if d.is_none() {
            self.at_spanned(file, value, value.value.len(), "bad-date", format!("`{}` is not a date in the calendar", value.value), Some("dates are written YYYY-MM-DD".into()));
        }
        d
    }

    /// Like [`Checker::date_value`] for a value whose location may be lost: it is looked up
    /// in the file from byte `near` on.
    fn date_near(&mut self, file: usize, value: &Spanned<String>, near: usize) -> Option<i32> {
        if value.referenced.line() > 0 {
            return self.date_value(file, value);
        }
        let d = crate::value::parse_date(&value.value);
        if d.is_none() {
            let text = &self.sources[file].text;
            let at = text.get(near..).and_then(|t| t.find(value.value.as_str())).map(|i| i + near).unwrap_or(near);
            self.at(file, at, value.value.len(), "bad-date", format!("`{}` is not a date in the calendar", value.value), Some("dates are written YYYY-MM-DD".into()));
        }
        d
    }

    fn period(&mut self, file: usize, period: Option<&model::Period>) -> ((i32, i32), Option<String>, Option<String>) {
        let Some(p) = period else { return ((i32::MIN, i32::MAX), None, None) };
        let from = p.from.as_ref().and_then(|f| self.date_value(file, f)).unwrap_or(i32::MIN);
        let to = p.to.as_ref().and_then(|t| self.date_value(file, t)).unwrap_or(i32::MAX);
        ((from, to), p.from.as_ref().map(|f| f.value.clone()), p.to.as_ref().map(|t| t.value.clone()))
    }

    fn choices(&mut self, file: usize, defs: &[model::ChoiceDef]) -> Vec<Choice> {
        let mut out: Vec<Choice> = vec![];
        for c in defs {
            if out.iter().any(|x| x.value == crate::nfc::nfc(&c.value.value)) {
                self.at_spanned(file, &c.value, c.value.value.len(), "duplicate-id", format!("choice `{}` is listed twice", c.value.value), None);
                continue;
            }
            // In NFC, as answers and expression texts are: `å` typed on macOS matches.
            let label = Text { sv: nfc_string(c.label.sv.clone()), en: nfc_string(c.label.en.clone()) };
            out.push(Choice { value: nfc_string(c.value.value.clone()), label });
        }
        out
    }

    fn kind(&mut self, file: usize, kind: &Spanned<String>, scalar_only: bool) -> QuestionType {
        match QuestionType::parse(&kind.value) {
            Some(QuestionType::List) if scalar_only => {
                self.at_spanned(file, kind, kind.value.len(), "bad-type", "a field of a list cannot itself be a list".into(), None);
                QuestionType::Text
            }
            Some(t) => t,
            None => {
                let hint = did_you_mean(&kind.value, QuestionType::NAMES.iter().copied())
                    .map(|m| format!("did you mean `{m}`?"))
                    .unwrap_or_else(|| format!("types: {}", QuestionType::NAMES.join(", ")));
                self.at_spanned(file, kind, kind.value.len(), "bad-type", format!("unknown question type `{}`", kind.value), Some(hint));
                QuestionType::Text
            }
        }
    }

    fn declare_question(&mut self, file: usize, pf: &PackFile, q: &model::QuestionDef) -> Question {
        let kind = self.kind(file, &q.kind, false);
        let choices = self.choices(file, &q.choices);
        if kind == QuestionType::Choice && choices.is_empty() {
            self.at_spanned(file, &q.id, q.id.value.len(), "missing-field", format!("choice question `{}` has no `choices`", q.id.value), None);
        }
        if q.multiple && choices.len() > 64 {
            self.at_spanned(file, &q.id, q.id.value.len(), "limit", "a multiple choice question may have at most 64 choices".into(), None);
        }
        // `.nan` would silently disable the range check, `.inf` means nothing: both are errors.
        let bounds =
            [("min", q.min, None), ("max", q.max, None)].into_iter().chain(q.fields.iter().flat_map(|f| [("min", f.min, Some(&f.id.value)), ("max", f.max, Some(&f.id.value))]));
        for (key, bound, field) in bounds {
            if let Some(b) = bound.filter(|b| !b.is_finite()) {
                let of = field.map(|f| format!(" of field `{f}`")).unwrap_or_default();
                self.at_spanned(
                    file,
                    &q.id,
                    q.id.value.len(),
                    "bad-value",
                    format!("`{key}`{of} of question `{}` is {b}, not a finite number", q.id.value),
                    Some(format!("leave `{key}` out for no bound")),
                );
            }
        }
        let mut fields: Vec<Field> = vec![];
        for f in &q.fields {
            let fk = self.kind(file, &f.kind, true);
            if f.id.value.contains('.') || fields.iter().any(|x| x.id == f.id.value) {
                self.at_spanned(file, &f.id, f.id.value.len(), "bad-id", format!("field `{}` is declared twice or contains `.`", f.id.value), None);
                continue;
            }
            let fc = self.choices(file, &f.choices);
            fields.push(Field { id: f.id.value.clone(), kind: fk, label: f.label.clone(), choices: fc, min: f.min, max: f.max });
        }
        if kind == QuestionType::List && fields.is_empty() {
            self.at_spanned(file, &q.id, q.id.value.len(), "missing-field", format!("list question `{}` has no `fields`", q.id.value), None);
        }
        let services = q.services.as_ref().or(pf.pack.services.as_ref());
        let (set, names) = self.service_set(file, services);
        let required = q.required.as_ref().map(|r| match &r.value {
            Flag::Bool(b) => b.to_string(),
            Flag::Expr(e) => e.clone(),
        });
        let (min, max) = if kind == QuestionType::Percent { (Some(q.min.unwrap_or(0.0).max(0.0)), Some(q.max.unwrap_or(100.0).min(100.0))) } else { (q.min, q.max) };
        let label = self.static_text(file, &q.id, &q.label);
        let help = q.help.as_ref().map(|h| self.static_text(file, &q.id, h));
        let constraint_message = q.constraint_message.as_ref().map(|m| self.static_text(file, &q.id, m));
        Question {
            id: q.id.value.clone(),
            kind,
            label,
            help,
            choices,
            multiple: q.multiple,
            fields,
            min,
            max,
            required,
            relevant: q.relevant.as_ref().map(|r| r.value.clone()),
            constraint: q.constraint.as_ref().map(|c| c.value.clone()),
            constraint_message,
            services: names,
            pack: pf.pack.id.value.clone(),
            compiled: QuestionRules { services: set, ..QuestionRules::default() },
        }
    }

    fn check_derived(&mut self, index: u32) -> Type {
        let i = index as usize;
        match self.derived_state[i] {
            DerivedState::Done(t) => return t,
            DerivedState::InProgress => return Type::Error,
            DerivedState::Pending => {}
        }
        self.derived_state[i] = DerivedState::InProgress;
        let (file, def) = self.derived_defs[i];
        let site = Site { file, offset: def.expr.referenced.span().byte_offset().unwrap_or(0) as usize };
        let (node, ty) = match self.parse(site, &def.expr.value) {
            Some(expr) => {
                let (node, ty) = self.expr(site, &def.expr.value, &expr, &Scope::default());
                let (cost, depth) = self.within_limits(site, &def.expr.value, &node);
                self.derived_cost[i] = cost;
                self.derived_depth[i] = depth;
                (node, ty)
            }
            None => (Node::unknown(Span::default()), Type::Error),
        };
        if ty == Type::Literals || matches!(ty, Type::List(_)) {
            self.at_spanned(file, &def.expr, def.expr.value.len(), "type-mismatch", "a derived value cannot be a list".into(), None);
        }
        self.derived_nodes[i] = Some(node);
        self.derived_state[i] = DerivedState::Done(ty);
        ty
    }

    fn parse(&mut self, site: Site, text: &str) -> Option<Expr> {
        match crate::parser::parse(text, self.limits) {
            Ok(e) => Some(e),
            Err(err) => {
                self.in_expr(site, text, err.span, "syntax", err.message, err.hint);
                None
            }
        }
    }

    fn bool_spanned(&mut self, file: usize, value: &Spanned<String>, scope: &Scope) -> Option<Node> {
        let site = Site { file, offset: value.referenced.span().byte_offset().unwrap_or(0) as usize };
        self.bool_expr(site, &value.value, scope)
    }

    /// Parses and checks an expression that must be a bool, within the step budget.
    fn bool_expr(&mut self, site: Site, text: &str, scope: &Scope) -> Option<Node> {
        let (node, ty) = self.any_expr(site, text, scope)?;
        if !ty.is(Type::Bool) {
            self.in_expr(site, text, node.span, "type-mismatch", format!("expected a condition (bool), found {}", ty.name()), Some("compare the value, e.g. `x > 0`".into()));
        }
        Some(node)
    }

    fn any_expr(&mut self, site: Site, text: &str, scope: &Scope) -> Option<(Node, Type)> {
        let expr = self.parse(site, text)?;
        let (node, ty) = self.expr(site, text, &expr, scope);
        let (cost, _) = self.within_limits(site, text, &node);
        self.count_steps(cost, site);
        Some((node, ty))
    }

    /// Checks one expression's evaluation steps and its depth with the derived values it
    /// uses expanded (evaluation recurses that deep); returns both, or 1 for one already
    /// reported, so that expressions using it do not repeat the error.
    fn within_limits(&mut self, site: Site, text: &str, node: &Node) -> (u64, usize) {
        let mut cost = self.cost(node);
        if cost > self.limits.max_steps {
            self.in_expr(
                site,
                text,
                node.span,
                "limit",
                format!("this expression may take {cost} evaluation steps; the limit is {}", self.limits.max_steps),
                Some("loops inside loops, and texts read whole (`len`, `matches`, comparing two texts), cost the most".into()),
            );
            cost = 1;
        }
        let mut depth = self.depth(node);
        if depth > self.limits.max_expression_depth {
            self.in_expr(
                site,
                text,
                node.span,
                "limit",
                format!("with the derived values it uses, this expression nests {depth} levels deep; the limit is {}", self.limits.max_expression_depth),
                Some("use fewer layers of derived values".into()),
            );
            depth = 1;
        }
        (cost, depth)
    }

    /// Adds an expression evaluated once per report to the pack's total.
    fn count_steps(&mut self, cost: u64, site: Site) {
        let cost = cost.saturating_mul(self.step_factor);
        self.total_cost = self.total_cost.saturating_add(cost);
        if self.costliest.is_none_or(|(c, _, _)| cost > c) {
            self.costliest = Some((cost, site.file, site.offset));
        }
    }

    /// Nesting depth of a node as evaluation recurses: derived values expanded.
    fn depth(&self, node: &Node) -> usize {
        let own = match &node.kind {
            NodeKind::Derived(d) => self.derived_depth.get(*d as usize).copied().unwrap_or(1),
            _ => 1,
        };
        own + node.children().into_iter().map(|c| self.depth(c)).max().unwrap_or(0)
    }

    /// An upper bound of the evaluation steps of a node, lists counted at their maximum length.
    ///
    /// Reading a text answer whole (`len`, `matches`, comparing two texts neither of which is
    /// a literal) counts one step per 64 bytes of the longest text allowed, so that no pack
    /// can make evaluation run away by scanning long texts over and over.
    fn cost(&self, node: &Node) -> u64 {
        self.cost_in(node, &mut Vec::new())
    }

    /// [`Checker::cost`] inside loops over the list questions `loops` (innermost last).
    fn cost_in(&self, node: &Node, loops: &mut Vec<Option<u32>>) -> u64 {
        let scan = 1 + self.limits.max_text_length as u64 / 64;
        let own = match &node.kind {
            NodeKind::Derived(d) => self.derived_cost.get(*d as usize).copied().unwrap_or(1),
            NodeKind::Matches(..) => scan,
            NodeKind::Call(Func::Len, args) if args.first().is_some_and(|a| self.may_be_long_text(a, loops)) => scan,
            NodeKind::Compare(_, a, b) if self.may_be_long_text(a, loops) && self.may_be_long_text(b, loops) => scan,
            NodeKind::InList { item, list, .. } if self.may_be_long_text(item, loops) => {
                1 + scan.saturating_mul(list.iter().filter(|c| self.may_be_long_text(c, loops)).count() as u64)
            }
            _ => 1,
        };
        let children: u64 = match &node.kind {
            NodeKind::Loop { list, body, .. } => {
                let list_cost = self.cost_in(list, loops);
                loops.push(list_question(list));
                let body_cost = self.cost_in(body, loops);
                loops.pop();
                list_cost.saturating_add(body_cost.saturating_mul(self.limits.max_list_length as u64))
            }
            _ => node.children().into_iter().map(|c| self.cost_in(c, loops)).fold(0u64, u64::saturating_add),
        };
        own.saturating_add(children)
    }

    /// Whether a node may be a text as long as a text answer (a literal or a choice is short).
    fn may_be_long_text(&self, node: &Node, loops: &[Option<u32>]) -> bool {
        match &node.kind {
            NodeKind::Question(q) => matches!(self.question_types.get(*q as usize), Some(Type::Text | Type::Error)),
            NodeKind::Derived(d) => !matches!(self.derived_state.get(*d as usize), Some(DerivedState::Done(t)) if !matches!(t, Type::Text | Type::Error)),
            NodeKind::Field { up, field } => {
                let list = loops.len().checked_sub(1 + *up as usize).and_then(|i| loops[i]);
                match list.and_then(|q| self.questions.get(q as usize)).and_then(|q| q.fields.get(*field as usize)) {
                    Some(f) => f.kind == QuestionType::Text,
                    None => true,
                }
            }
            NodeKind::This | NodeKind::Call(Func::Service | Func::Contract, _) => true,
            NodeKind::Call(Func::Coalesce, args) => args.iter().any(|a| self.may_be_long_text(a, loops)),
            NodeKind::If(parts) => self.may_be_long_text(&parts[1], loops) || self.may_be_long_text(&parts[2], loops),
            _ => false,
        }
    }

    fn requirement(&mut self, file: usize, pf: &PackFile, r: &model::RequirementDef) -> Option<Requirement> {
        let severity = match r.severity.value.as_str() {
            "krav" => Severity::Krav,
            "bor" => Severity::Bor,
            other => {
                self.at_spanned(file, &r.severity, other.len(), "bad-value", format!("unknown severity `{other}`"), Some("severity is `krav` (must) or `bor` (should)".into()));
                Severity::Krav
            }
        };
        let area = match QualityArea::parse(&r.area.value) {
            Some(a) => a,
            None => {
                let names: Vec<&str> = QualityArea::ALL.iter().map(|a| a.as_str()).collect();
                let hint =
                    did_you_mean(&r.area.value, names.iter().copied()).map(|m| format!("did you mean `{m}`?")).unwrap_or_else(|| format!("quality areas: {}", names.join(", ")));
                self.at_spanned(file, &r.area, r.area.value.len(), "bad-value", format!("unknown quality area `{}`", r.area.value), Some(hint));
                QualityArea::Trygghet
            }
        };
        let services = r.services.as_ref().or(pf.pack.services.as_ref());
        let (set, names) = self.service_set(file, services);
        let period = r.valid.as_ref().or(pf.pack.valid.as_ref());
        let (valid, valid_from, valid_to) = self.period(file, period);
        let sources = match &r.source.value {
            model::SourceDef::One(text) => vec![CitedSource { from: None, until: None, text: text.clone(), range: (i32::MIN, i32::MAX) }],
            model::SourceDef::Dated(list) => {
                let mut out = vec![];
                // Values inside an untagged enum lose their YAML location: find them in the
                // file after the `source:` key instead.
                let near = r.source.referenced.span().byte_offset().unwrap_or(0) as usize;
                for s in list {
                    let from = s.from.as_ref().and_then(|f| self.date_near(file, f, near));
                    let until = s.until.as_ref().and_then(|u| self.date_near(file, u, near));
                    out.push(CitedSource {
                        from: s.from.as_ref().map(|f| f.value.clone()),
                        until: s.until.as_ref().map(|u| u.value.clone()),
                        text: s.text.clone(),
                        range: (from.unwrap_or(i32::MIN), until.unwrap_or(i32::MAX)),
                    });
                }
                if out.is_empty() {
                    self.at_spanned(file, &r.source, 6, "missing-field", format!("requirement `{}` cites no source", r.id.value), None);
                }
                out
            }
        };
        let applies = r.applies.as_ref().and_then(|a| self.bool_spanned(file, a, &Scope::default()));
        let require = self.bool_spanned(file, &r.require, &Scope::default());
        self.placeholders(file, &r.message);
        if let Some(u) = &r.unanswered {
            self.placeholders(file, u);
        }
        let title = self.static_text(file, &r.id, &r.title);
        Some(Requirement {
            id: r.id.value.clone(),
            title,
            sources,
            severity,
            area,
            services: names,
            valid_from,
            valid_to,
            applies: r.applies.as_ref().map(|a| a.value.clone()),
            require: r.require.value.clone(),
            message: r.message.value.clone(),
            unanswered: r.unanswered.as_ref().map(|u| u.value.clone()),
            pack: pf.pack.id.value.clone(),
            compiled: RequirementRules { services: set, valid, applies, require: require.unwrap_or_else(|| Node::unknown(Span::default())) },
        })
    }

    fn placeholders(&mut self, file: usize, message: &Spanned<Text>) {
        for text in [&message.value.sv, &message.value.en] {
            for name in placeholder_names(text) {
                if let Some(&d) = self.derived_index.get(name) {
                    let cost = self.derived_cost.get(d as usize).copied().unwrap_or(1);
                    let offset = message.referenced.span().byte_offset().unwrap_or(0) as usize;
                    self.count_steps(cost, Site { file, offset });
                }
                let is_param = name.strip_prefix(PARAM_PREFIX).is_some_and(|id| self.param_index.contains_key(id));
                let known = self.question_index.contains_key(name) || self.derived_index.contains_key(name) || PLACEHOLDERS.contains(&name) || is_param;
                if !known {
                    let params: Vec<String> = self.param_index.keys().map(|k| format!("{PARAM_PREFIX}{k}")).collect();
                    let candidates: Vec<&str> =
                        self.question_index.keys().chain(self.derived_index.keys()).chain(params.iter()).map(String::as_str).chain(PLACEHOLDERS.iter().copied()).collect();
                    let hint = did_you_mean(name, candidates).map(|m| format!("did you mean `{{{m}}}`?"));
                    let offset = message.referenced.span().byte_offset().unwrap_or(0) as usize;
                    let file_text = &self.sources[file].text;
                    let needle = format!("{{{name}}}");
                    let at = file_text[offset.min(file_text.len())..].find(&needle).map(|i| i + offset).unwrap_or(offset);
                    self.at(file, at, needle.len(), "unknown-name", format!("unknown placeholder `{{{name}}}` in message"), hint);
                }
            }
        }
    }

    fn indicator(&mut self, file: usize, pf: &PackFile, ind: &model::IndicatorDef) -> Option<Indicator> {
        self.check_id(file, &ind.id);
        let kind = match ind.kind.value.as_str() {
            "share" => IndicatorKind::Share,
            "sum" => IndicatorKind::Sum,
            other => {
                self.at_spanned(file, &ind.kind, other.len(), "bad-value", format!("unknown indicator kind `{other}`"), Some("kind is `share` or `sum`".into()));
                return None;
            }
        };
        let services = ind.services.as_ref().or(pf.pack.services.as_ref());
        let (set, names) = self.service_set(file, services);
        let mut rules = IndicatorRules { services: set, count: None, of: None, sum: None };
        match kind {
            IndicatorKind::Share => {
                match &ind.count {
                    Some(c) => rules.count = self.bool_spanned(file, c, &Scope::default()),
                    None => self.at_spanned(file, &ind.id, ind.id.value.len(), "missing-field", format!("share indicator `{}` needs `count`", ind.id.value), None),
                }
                if let Some(of) = &ind.of {
                    rules.of = self.bool_spanned(file, of, &Scope::default());
                }
                if ind.denominator.is_none() {
                    self.at_spanned(
                        file,
                        &ind.id,
                        ind.id.value.len(),
                        "missing-field",
                        format!("share indicator `{}` needs `denominator`, the text that says what it counts over", ind.id.value),
                        None,
                    );
                }
            }
            IndicatorKind::Sum => match &ind.sum {
                Some(s) => {
                    let site = Site { file, offset: s.referenced.span().byte_offset().unwrap_or(0) as usize };
                    if let Some((node, ty)) = self.any_expr(site, &s.value, &Scope::default()) {
                        if !ty.numeric() {
                            self.in_expr(site, &s.value, node.span, "type-mismatch", format!("a sum indicator needs a number, found {}", ty.name()), None);
                        }
                        rules.sum = Some(node);
                    }
                }
                None => self.at_spanned(file, &ind.id, ind.id.value.len(), "missing-field", format!("sum indicator `{}` needs `sum`", ind.id.value), None),
            },
        }
        let base = match &ind.base {
            None => ShareBase::Answered,
            Some(b) => match b.value.as_str() {
                "answered" => ShareBase::Answered,
                "respondents" => ShareBase::Respondents,
                other => {
                    self.at_spanned(
                        file,
                        b,
                        other.len(),
                        "bad-value",
                        format!("unknown base `{other}`"),
                        Some("`answered` (providers whose answers decide the share; the default) or `respondents` (every provider `of` selects)".into()),
                    );
                    ShareBase::Answered
                }
            },
        };
        if kind == IndicatorKind::Sum
            && let Some(b) = &ind.base
        {
            self.at_spanned(file, b, b.value.len(), "bad-value", "`base` is for share indicators; a sum adds the answered reports".into(), None);
        }
        let title = self.static_text(file, &ind.id, &ind.title);
        let denominator = ind.denominator.as_ref().map(|d| self.static_text(file, &ind.id, d));
        Some(Indicator {
            id: ind.id.value.clone(),
            title,
            kind,
            count: ind.count.as_ref().map(|c| c.value.clone()),
            of: ind.of.as_ref().map(|c| c.value.clone()),
            sum: ind.sum.as_ref().map(|c| c.value.clone()),
            denominator: denominator.unwrap_or_else(|| Text::new("verksamheter som besvarat enkäten", "providers that responded")),
            base,
            services: names,
            pack: pf.pack.id.value.clone(),
            compiled: rules,
        })
    }

    // ---------------------------------------------------------------- expressions

    fn err(&mut self, site: Site, text: &str, span: Span, code: &'static str, message: String, hint: Option<String>) -> (Node, Type) {
        self.in_expr(site, text, span, code, message, hint);
        (Node::unknown(span), Type::Error)
    }

    fn expr(&mut self, site: Site, text: &str, e: &Expr, scope: &Scope) -> (Node, Type) {
        // One expression is at most `max_expression_depth` deep (the parser checks); deeper
        // means derived values checked inside one another: stop before the stack runs out.
        if self.nesting >= self.limits.max_expression_depth {
            let limit = self.limits.max_expression_depth;
            return self.err(
                site,
                text,
                e.span,
                "limit",
                format!("with the derived values it uses, this expression nests deeper than {limit} levels"),
                Some("use fewer layers of derived values".into()),
            );
        }
        self.nesting += 1;
        let result = self.expr_node(site, text, e, scope);
        self.nesting -= 1;
        result
    }

    fn expr_node(&mut self, site: Site, text: &str, e: &Expr, scope: &Scope) -> (Node, Type) {
        let span = e.span;
        match &e.kind {
            ExprKind::Literal(lit) => {
                let (c, t) = match lit {
                    Literal::Bool(b) => (Const::Bool(*b), Type::Bool),
                    Literal::Integer(i) => (Const::Integer(*i), Type::Integer),
                    Literal::Number(n) => (Const::Number(*n), Type::Number),
                    Literal::Date(d) => (Const::Date(*d), Type::Date),
                    Literal::Text(s) => (Const::Text(s.clone().into_boxed_str()), Type::Text),
                };
                (Node::new(NodeKind::Const(c), span), t)
            }
            ExprKind::This => match scope.this {
                Some(t) => (Node::new(NodeKind::This, span), t),
                None => self.err(site, text, span, "unknown-name", "`.` can only be used in a question's constraint".into(), Some("name the question instead".into())),
            },
            ExprKind::Reference(name) => self.reference(site, text, name, span, scope),
            ExprKind::List(_) => self.err(site, text, span, "type-mismatch", "a list can only stand right of `in`".into(), Some("write `x in [\"a\", \"b\"]`".into())),
            ExprKind::Not(inner) => {
                let (n, t) = self.expr(site, text, inner, scope);
                if !t.is(Type::Bool) {
                    return self.err(site, text, inner.span, "type-mismatch", format!("`not` needs a condition (bool), found {}", t.name()), None);
                }
                (Node::new(NodeKind::Not(Box::new(n)), span), Type::Bool)
            }
            ExprKind::Negate(inner) => {
                let (n, t) = self.expr(site, text, inner, scope);
                if !t.numeric() {
                    return self.err(site, text, inner.span, "type-mismatch", format!("`-` needs a number, found {}", t.name()), None);
                }
                (Node::new(NodeKind::Negate(Box::new(n)), span), t)
            }
            ExprKind::If(c, a, b) => {
                let (cn, ct) = self.expr(site, text, c, scope);
                if !ct.is(Type::Bool) {
                    self.in_expr(site, text, c.span, "type-mismatch", format!("`if` needs a condition (bool), found {}", ct.name()), None);
                }
                let (an, at) = self.expr(site, text, a, scope);
                let (bn, bt) = self.expr(site, text, b, scope);
                let Some(t) = unify(at, bt) else {
                    return self.err(site, text, span, "type-mismatch", format!("the branches of `if` differ: {} and {}", at.name(), bt.name()), None);
                };
                (Node::new(NodeKind::If(Box::new([cn, an, bn])), span), t)
            }
            ExprKind::Binary(op, a, b) => self.binary(site, text, *op, a, b, span, scope),
            ExprKind::Call { function, binding, args } => self.call(site, text, function, binding.as_ref(), args, span, scope),
        }
    }

    fn reference(&mut self, site: Site, text: &str, name: &str, span: Span, scope: &Scope) -> (Node, Type) {
        let first = name.split('.').next().unwrap_or(name);
        if let Some(depth) = scope.bound.iter().rev().position(|(v, _)| v == first) {
            let (_, list_q) = &scope.bound[scope.bound.len() - 1 - depth];
            let list_q = *list_q;
            let field_name = &name[first.len()..].trim_start_matches('.');
            let fields = &self.questions[list_q as usize].fields;
            if field_name.is_empty() {
                return self.err(
                    site,
                    text,
                    span,
                    "type-mismatch",
                    format!("`{first}` is a record; name one of its fields"),
                    Some(format!("fields: {}", fields.iter().map(|f| f.id.as_str()).collect::<Vec<_>>().join(", "))),
                );
            }
            return match fields.iter().position(|f| f.id == *field_name) {
                Some(fi) => {
                    let t = scalar_type(fields[fi].kind);
                    (Node::new(NodeKind::Field { up: depth as u8, field: fi as u16 }, span), t)
                }
                None => {
                    let hint = did_you_mean(field_name, fields.iter().map(|f| f.id.as_str())).map(|m| format!("did you mean `{first}.{m}`?"));
                    let qid = self.questions[list_q as usize].id.clone();
                    self.err(site, text, span, "unknown-name", format!("records of `{qid}` have no field `{field_name}`"), hint)
                }
            };
        }
        if let Some(id) = name.strip_prefix(PARAM_PREFIX) {
            if let Some(&p) = self.param_index.get(id) {
                return (Node::new(NodeKind::Param(p), span), self.param_types[p as usize]);
            }
            let hint = self.similar_parameter(name).map(|m| format!("did you mean `{m}`?"));
            let hint = hint.or_else(|| Some("declare it under `parameters:`".into()));
            return self.err(site, text, span, "unknown-name", format!("unknown parameter `{name}`"), hint);
        }
        if let Some(&q) = self.question_index.get(name) {
            return (Node::new(NodeKind::Question(q), span), self.question_types[q as usize]);
        }
        if let Some(&d) = self.derived_index.get(name) {
            if self.derived_state[d as usize] == DerivedState::InProgress {
                return self.err(site, text, span, "cycle", format!("derived value `{name}` depends on itself"), Some("break the cycle between the derived values".into()));
            }
            let t = self.check_derived(d);
            return (Node::new(NodeKind::Derived(d), span), t);
        }
        let candidates: Vec<&str> = self.question_index.keys().chain(self.derived_index.keys()).map(String::as_str).collect();
        let hint = did_you_mean(name, candidates).map(|m| format!("did you mean `{m}`?"));
        let hint = hint.or_else(|| if FUNCTIONS.contains(&name) { Some(format!("`{name}` is a function: `{name}(…)`")) } else { None });
        self.err(site, text, span, "unknown-name", format!("unknown question or derived value `{name}`"), hint)
    }

    #[allow(clippy::too_many_arguments)]
    fn binary(&mut self, site: Site, text: &str, op: BinaryOp, a: &Expr, b: &Expr, span: Span, scope: &Scope) -> (Node, Type) {
        if matches!(op, BinaryOp::In | BinaryOp::NotIn) {
            return self.membership(site, text, op == BinaryOp::NotIn, a, b, span, scope);
        }
        let (an, at) = self.expr(site, text, a, scope);
        let (bn, bt) = self.expr(site, text, b, scope);
        match op {
            BinaryOp::And | BinaryOp::Or => {
                for (t, e) in [(at, a), (bt, b)] {
                    if !t.is(Type::Bool) {
                        return self.err(
                            site,
                            text,
                            e.span,
                            "type-mismatch",
                            format!("`{}` needs conditions (bool) on both sides, found {}", op.symbol(), t.name()),
                            Some("compare the value, e.g. `x > 0`".into()),
                        );
                    }
                }
                // Flatten chains into one n-ary node.
                let mut items = Vec::new();
                for n in [an, bn] {
                    match n.kind {
                        NodeKind::And(xs) if op == BinaryOp::And => items.extend(xs.into_vec()),
                        NodeKind::Or(xs) if op == BinaryOp::Or => items.extend(xs.into_vec()),
                        other => items.push(Node::new(other, n.span)),
                    }
                }
                let kind = if op == BinaryOp::And { NodeKind::And(items.into()) } else { NodeKind::Or(items.into()) };
                (Node::new(kind, span), Type::Bool)
            }
            BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                let ordering = !matches!(op, BinaryOp::Eq | BinaryOp::Ne);
                let ok = (at.numeric() && bt.numeric())
                    || (at.is(Type::Date) && bt.is(Type::Date))
                    || (!ordering && at.textual() && bt.textual())
                    || (!ordering && at.is(Type::Bool) && bt.is(Type::Bool));
                if !ok {
                    let hint = if ordering && at.textual() && bt.textual() { Some("texts can only be compared with `==` and `!=`".to_string()) } else { None };
                    return self.err(site, text, span, "type-mismatch", format!("cannot compare {} with {} using `{}`", at.name(), bt.name(), op.symbol()), hint);
                }
                // A literal compared with a choice question must be one of its choices.
                for (t, other) in [(at, b), (bt, a)] {
                    if let Type::Choice(q) = t
                        && let ExprKind::Literal(Literal::Text(s)) = &other.kind
                    {
                        self.check_choice(site, text, q, s, other.span);
                    }
                }
                let cmp = match op {
                    BinaryOp::Eq => CmpOp::Eq,
                    BinaryOp::Ne => CmpOp::Ne,
                    BinaryOp::Lt => CmpOp::Lt,
                    BinaryOp::Le => CmpOp::Le,
                    BinaryOp::Gt => CmpOp::Gt,
                    _ => CmpOp::Ge,
                };
                (Node::new(NodeKind::Compare(cmp, Box::new(an), Box::new(bn)), span), Type::Bool)
            }
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => {
                for (t, e) in [(at, a), (bt, b)] {
                    if !t.numeric() {
                        let hint = if t == Type::Date { Some("use `days_between`, `add_days` or `add_months` for dates".to_string()) } else { None };
                        return self.err(site, text, e.span, "type-mismatch", format!("`{}` needs numbers, found {}", op.symbol(), t.name()), hint);
                    }
                }
                let arith = match op {
                    BinaryOp::Add => ArithOp::Add,
                    BinaryOp::Sub => ArithOp::Sub,
                    BinaryOp::Mul => ArithOp::Mul,
                    _ => ArithOp::Div,
                };
                let t = if arith != ArithOp::Div && at == Type::Integer && bt == Type::Integer { Type::Integer } else { Type::Number };
                (Node::new(NodeKind::Arith(arith, Box::new(an), Box::new(bn)), span), t)
            }
            BinaryOp::In | BinaryOp::NotIn => unreachable_in(),
        }
    }

    fn check_choice(&mut self, site: Site, text: &str, q: u32, value: &str, span: Span) -> Option<usize> {
        let question = &self.questions[q as usize];
        if let Some(i) = question.choices.iter().position(|c| c.value == value) {
            return Some(i);
        }
        let hint = did_you_mean(value, question.choices.iter().map(|c| c.value.as_str()))
            .map(|m| format!("did you mean \"{m}\"?"))
            .unwrap_or_else(|| format!("choices: {}", question.choices.iter().map(|c| c.value.as_str()).collect::<Vec<_>>().join(", ")));
        let qid = question.id.clone();
        self.in_expr(site, text, span, "unknown-choice", format!("\"{value}\" is not a choice of `{qid}`"), Some(hint));
        None
    }

    #[allow(clippy::too_many_arguments)]
    fn membership(&mut self, site: Site, text: &str, negate: bool, a: &Expr, b: &Expr, span: Span, scope: &Scope) -> (Node, Type) {
        let (an, at) = self.expr(site, text, a, scope);
        if let ExprKind::List(items) = &b.kind {
            let mut list = Vec::new();
            for item in items {
                let (n, t) = self.expr(site, text, item, scope);
                let ok = (at.numeric() && t.numeric()) || (at.textual() && t.textual()) || (at.is(Type::Date) && t.is(Type::Date)) || (at.is(Type::Bool) && t.is(Type::Bool));
                if !ok {
                    return self.err(site, text, item.span, "type-mismatch", format!("the list holds {} but the value is {}", t.name(), at.name()), None);
                }
                if let (Type::Choice(q), ExprKind::Literal(Literal::Text(s))) = (at, &item.kind) {
                    self.check_choice(site, text, q, s, item.span);
                }
                list.push(n);
            }
            return (Node::new(NodeKind::InList { negate, item: Box::new(an), list: list.into() }, span), Type::Bool);
        }
        let (bn, bt) = self.expr(site, text, b, scope);
        match bt {
            Type::Set(q) => {
                if !at.textual() {
                    return self.err(site, text, a.span, "type-mismatch", format!("a multiple choice answer holds texts, not {}", at.name()), None);
                }
                if let ExprKind::Literal(Literal::Text(s)) = &a.kind {
                    let bit = self.check_choice(site, text, q, s, a.span).unwrap_or(0);
                    return (Node::new(NodeKind::HasChoice { negate, bit: bit.min(63) as u8, set: Box::new(bn) }, span), Type::Bool);
                }
                (Node::new(NodeKind::InSet { negate, item: Box::new(an), set: Box::new(bn), question: q }, span), Type::Bool)
            }
            Type::Error => (Node::unknown(span), Type::Error),
            other => self.err(site, text, b.span, "type-mismatch", format!("`in` needs a list `[…]` or a multiple choice question on its right, found {}", other.name()), None),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn call(&mut self, site: Site, text: &str, function: &str, binding: Option<&(String, Box<Expr>)>, args: &[Expr], span: Span, scope: &Scope) -> (Node, Type) {
        if !FUNCTIONS.contains(&function) {
            let hint =
                did_you_mean(function, FUNCTIONS.iter().copied()).map(|m| format!("did you mean `{m}`?")).unwrap_or_else(|| "see docs/language.md for the functions".to_string());
            return self.err(site, text, span, "unknown-function", format!("unknown function `{function}`"), Some(hint));
        }
        // Loops: any(x in list, cond), all, count, sum, min, max.
        if let Some((var, list)) = binding {
            let kind = match function {
                "any" => LoopKind::Any,
                "all" => LoopKind::All,
                "count" => LoopKind::Count,
                "sum" => LoopKind::Sum,
                "min" => LoopKind::Min,
                "max" => LoopKind::Max,
                _ => return self.err(site, text, span, "arity", format!("`{function}` does not take `x in list`"), None),
            };
            let (ln, lt) = self.expr(site, text, list, scope);
            let q = match lt {
                Type::List(q) => q,
                Type::Error => return (Node::unknown(span), Type::Error),
                other => return self.err(site, text, list.span, "type-mismatch", format!("`{var} in …` needs a list question, found {}", other.name()), None),
            };
            if args.len() != 1 {
                return self.err(site, text, span, "arity", format!("`{function}({var} in list, …)` takes one expression after the list, found {}", args.len()), None);
            }
            if scope.bound.len() >= 8 {
                return self.err(site, text, span, "limit", "loops nest deeper than 8".into(), None);
            }
            let mut inner = scope.clone();
            inner.bound.push((var.clone(), q));
            let (bn, bt) = self.expr(site, text, &args[0], &inner);
            let t = match kind {
                LoopKind::Any | LoopKind::All | LoopKind::Count => {
                    if !bt.is(Type::Bool) {
                        return self.err(site, text, args[0].span, "type-mismatch", format!("`{function}` needs a condition (bool), found {}", bt.name()), None);
                    }
                    if kind == LoopKind::Count { Type::Integer } else { Type::Bool }
                }
                LoopKind::Sum => {
                    if !bt.numeric() {
                        return self.err(site, text, args[0].span, "type-mismatch", format!("`sum` needs numbers, found {}", bt.name()), None);
                    }
                    if bt == Type::Integer { Type::Integer } else { Type::Number }
                }
                LoopKind::Min | LoopKind::Max => {
                    if !(bt.numeric() || bt.is(Type::Date)) {
                        return self.err(site, text, args[0].span, "type-mismatch", format!("`{function}` needs numbers or dates, found {}", bt.name()), None);
                    }
                    bt
                }
            };
            return (Node::new(NodeKind::Loop { kind, list: Box::new(ln), body: Box::new(bn) }, span), t);
        }
        if matches!(function, "any" | "all") {
            return self.err(site, text, span, "arity", format!("`{function}` needs a binding: `{function}(x in list, condition)`"), None);
        }
        if function == "matches" {
            if args.len() != 2 {
                return self.err(site, text, span, "arity", format!("`matches` takes 2 arguments (text, pattern), found {}", args.len()), None);
            }
            let (tn, tt) = self.expr(site, text, &args[0], scope);
            if !tt.textual() {
                return self.err(site, text, args[0].span, "type-mismatch", format!("`matches` needs a text, found {}", tt.name()), None);
            }
            let ExprKind::Literal(Literal::Text(pattern)) = &args[1].kind else {
                return self.err(
                    site,
                    text,
                    args[1].span,
                    "type-mismatch",
                    "the pattern of `matches` must be a text literal".into(),
                    Some("patterns are compiled when the pack loads".into()),
                );
            };
            let re = regex::RegexBuilder::new(pattern).size_limit(self.limits.max_regex_size).dfa_size_limit(self.limits.max_regex_size).build();
            return match re {
                Ok(re) => (Node::new(NodeKind::Matches(Box::new(tn), Box::new(re)), span), Type::Bool),
                Err(e) => {
                    let msg = e.to_string();
                    let short = msg.lines().last().unwrap_or(&msg).trim().to_string();
                    self.err(site, text, args[1].span, "bad-regex", format!("invalid regular expression: {short}"), None)
                }
            };
        }
        let checked: Vec<(Node, Type)> = args.iter().map(|a| self.expr(site, text, a, scope)).collect();
        let types: Vec<Type> = checked.iter().map(|(_, t)| *t).collect();
        let arity = |n: usize| args.len() == n;
        let (func, result): (Func, Result<Type, String>) = match function {
            "answered" => (Func::Answered, if arity(1) { Ok(Type::Bool) } else { Err("1 argument".into()) }),
            "coalesce" => (
                Func::Coalesce,
                if args.is_empty() {
                    Err("at least 1 argument".into())
                } else {
                    types.iter().skip(1).try_fold(types[0], |acc, t| unify(acc, *t)).ok_or_else(|| "arguments of one type".to_string())
                },
            ),
            "count" => (
                Func::Count,
                if !arity(1) {
                    Err("1 argument (a list), or `x in list, condition`".into())
                } else if matches!(types[0], Type::List(_) | Type::Set(_) | Type::Error) {
                    Ok(Type::Integer)
                } else {
                    Err(format!("a list, found {}", types[0].name()))
                },
            ),
            "len" => (
                Func::Len,
                if !arity(1) {
                    Err("1 argument".into())
                } else if matches!(types[0], Type::Text | Type::Choice(_) | Type::Set(_) | Type::List(_) | Type::Error) {
                    Ok(Type::Integer)
                } else {
                    Err(format!("a text or a list, found {}", types[0].name()))
                },
            ),
            "sum" | "min" | "max" => {
                let f = match function {
                    "sum" => Func::Sum,
                    "min" => Func::Min,
                    _ => Func::Max,
                };
                let r = if args.is_empty() {
                    Err("at least 1 argument".into())
                } else if types.iter().all(|t| t.numeric()) {
                    Ok(if types.iter().all(|t| *t == Type::Integer) { Type::Integer } else { Type::Number })
                } else if f != Func::Sum && types.iter().all(|t| t.is(Type::Date)) {
                    Ok(Type::Date)
                } else {
                    Err(if f == Func::Sum { "numbers".into() } else { "numbers or dates, all of one kind".into() })
                };
                (f, r)
            }
            "report_date" => (Func::ReportDate, if arity(0) { Ok(Type::Date) } else { Err("no arguments".into()) }),
            "service" => (Func::Service, if arity(0) { Ok(Type::Text) } else { Err("no arguments".into()) }),
            "contract" => (Func::Contract, if arity(0) { Ok(Type::Text) } else { Err("no arguments".into()) }),
            "year" => (Func::Year, if arity(1) && types[0].is(Type::Date) { Ok(Type::Integer) } else { Err("1 date".into()) }),
            "days_between" => (Func::DaysBetween, if arity(2) && types[0].is(Type::Date) && types[1].is(Type::Date) { Ok(Type::Integer) } else { Err("2 dates".into()) }),
            "months_between" => (Func::MonthsBetween, if arity(2) && types[0].is(Type::Date) && types[1].is(Type::Date) { Ok(Type::Integer) } else { Err("2 dates".into()) }),
            "add_months" => (Func::AddMonths, if arity(2) && types[0].is(Type::Date) && types[1].is(Type::Integer) { Ok(Type::Date) } else { Err("a date and an integer".into()) }),
            "within_months" => {
                (Func::WithinMonths, if arity(2) && types[0].is(Type::Date) && types[1].is(Type::Integer) { Ok(Type::Bool) } else { Err("a date and an integer (months)".into()) })
            }
            "add_days" => (Func::AddDays, if arity(2) && types[0].is(Type::Date) && types[1].is(Type::Integer) { Ok(Type::Date) } else { Err("a date and an integer".into()) }),
            "abs" => (Func::Abs, if arity(1) && types[0].numeric() { Ok(types[0]) } else { Err("1 number".into()) }),
            "round" => (Func::Round, if arity(1) && types[0].numeric() { Ok(Type::Integer) } else { Err("1 number".into()) }),
            _ => return self.err(site, text, span, "unknown-function", format!("unknown function `{function}`"), None),
        };
        match result {
            Ok(t) => {
                let nodes: Vec<Node> = checked.into_iter().map(|(n, _)| n).collect();
                (Node::new(NodeKind::Call(func, nodes.into()), span), t)
            }
            Err(expected) => {
                let found = if types.is_empty() { "no arguments".to_string() } else { types.iter().map(|t| t.name()).collect::<Vec<_>>().join(", ") };
                let wanted: Option<usize> = match function {
                    "report_date" | "service" | "contract" => Some(0),
                    "answered" | "count" | "len" | "year" | "abs" | "round" => Some(1),
                    "days_between" | "months_between" | "add_months" | "within_months" | "add_days" => Some(2),
                    _ => None,
                };
                let wrong_count = match wanted {
                    Some(n) => n != args.len(),
                    None => args.is_empty(),
                };
                let code = if wrong_count { "arity" } else { "type-mismatch" };
                self.err(site, text, span, code, format!("`{function}` takes {expected}; found {found}"), None)
            }
        }
    }
}

/// The list question a loop's list node reads, when it can be told.
fn list_question(node: &Node) -> Option<u32> {
    match &node.kind {
        NodeKind::Question(q) => Some(*q),
        NodeKind::If(parts) => list_question(&parts[1]),
        NodeKind::Call(Func::Coalesce, args) => args.first().and_then(list_question),
        _ => None,
    }
}

fn unreachable_in() -> (Node, Type) {
    (Node::unknown(Span::default()), Type::Error)
}

fn unify(a: Type, b: Type) -> Option<Type> {
    match (a, b) {
        _ if a == b => Some(a),
        (Type::Error, t) | (t, Type::Error) => Some(t),
        (Type::Integer, Type::Number) | (Type::Number, Type::Integer) => Some(Type::Number),
        (x, y) if x.textual() && y.textual() => Some(Type::Text),
        _ => None,
    }
}

fn scalar_type(kind: QuestionType) -> Type {
    match kind {
        QuestionType::Bool => Type::Bool,
        QuestionType::Integer => Type::Integer,
        QuestionType::Number | QuestionType::Percent => Type::Number,
        QuestionType::Date => Type::Date,
        QuestionType::Text | QuestionType::Choice | QuestionType::List => Type::Text,
    }
}

fn question_type(q: &Question, index: u32) -> Type {
    match q.kind {
        QuestionType::Choice if q.multiple => Type::Set(index),
        QuestionType::Choice => Type::Choice(index),
        QuestionType::List => Type::List(index),
        other => scalar_type(other),
    }
}

/// The `{name}` placeholders of a message.
pub(crate) fn placeholder_names(text: &str) -> impl Iterator<Item = &str> {
    text.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name.trim()))
}

/// The byte offset in a YAML file of byte `at` of the value of the scalar written at
/// `scalar` (its first character: a quote, a block indicator or the value's first
/// character): walks the scalar as written, so that quotes, escapes (`''` in single quotes;
/// `\\`, `\"`, `\n`, `\xHH`, `\uHHHH`, `\UHHHHHHHH` and escaped line breaks in double
/// quotes), folded lines and indentation are all accounted for.
pub(crate) fn scalar_offset(file: &str, scalar: usize, value: &str, at: usize) -> usize {
    #[derive(PartialEq)]
    enum Style {
        Plain,
        Single,
        Double,
        Block,
    }
    let bytes = file.as_bytes();
    let mut pos = scalar.min(file.len());
    let style = match bytes.get(pos) {
        Some(b'"') => Style::Double,
        Some(b'\'') => Style::Single,
        Some(b'|' | b'>') => Style::Block,
        _ => Style::Plain,
    };
    match style {
        Style::Double | Style::Single => pos += 1,
        Style::Block => {
            pos += file[pos..].find('\n').map(|i| i + 1).unwrap_or(file.len() - pos);
        }
        Style::Plain => {}
    }
    let is_space = |b: u8| b == b' ' || b == b'\t' || b == b'\n' || b == b'\r';
    let skip_space = |mut p: usize| {
        while p < bytes.len() && is_space(bytes[p]) {
            p += 1;
        }
        p
    };
    // Escaped line breaks (a backslash ending a line in double quotes) are no part of the value.
    let skip_escaped_breaks = |mut p: usize| {
        while style == Style::Double && bytes.get(p) == Some(&b'\\') && matches!(bytes.get(p + 1), Some(b'\n' | b'\r')) {
            p = skip_space(p + 1);
        }
        p
    };
    for (i, c) in value.char_indices() {
        if i >= at {
            break;
        }
        pos = skip_escaped_breaks(pos);
        if style == Style::Double && bytes.get(pos) == Some(&b'\\') {
            // One character of the value, an escape of several in the file.
            pos += match bytes.get(pos + 1) {
                Some(b'x') => 4,
                Some(b'u') => 6,
                Some(b'U') => 10,
                Some(_) => 2,
                None => 1,
            };
            continue;
        }
        if c.is_whitespace() {
            // Whitespace in the value: a space, a line break plus indentation, or a fold.
            pos = skip_space(pos);
            continue;
        }
        // Indentation and folds the value dropped.
        pos = skip_escaped_breaks(skip_space(pos));
        if style == Style::Single && c == '\'' && bytes.get(pos) == Some(&b'\'') && bytes.get(pos + 1) == Some(&b'\'') {
            pos += 2;
            continue;
        }
        pos += file.get(pos..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8);
    }
    let pos = pos.min(file.len());
    // The character at `at` itself, past indentation and folds.
    if value.get(at..).is_some_and(|r| r.starts_with(|c: char| !c.is_whitespace())) { skip_escaped_breaks(skip_space(pos)).min(file.len()) } else { pos }
}
