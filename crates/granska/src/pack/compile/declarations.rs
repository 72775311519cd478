//! Declarations: ids (each declared once, in the pack's naming style), service types, periods, choices, question types, questions and derived values.

use super::*;

impl<'a> Checker<'a> {
    /// A static text (a label, a title) with its `{param.id}` placeholders filled; an unknown
    /// parameter is an error at `at`.
    pub(super) fn static_text(&mut self, file: usize, at: &Spanned<String>, text: &Text) -> Text {
        for t in [&text.sv, &text.en] {
            for name in placeholder_names(t) {
                if name.starts_with(PARAM_PREFIX) && !self.params.index.contains_key(&name[PARAM_PREFIX.len()..]) {
                    let hint = self.similar_parameter(name).map(|m| format!("did you mean `{{{m}}}`?"));
                    self.diag.at_spanned(file, at, at.value.len(), DiagnosticCode::UnknownName, format!("unknown parameter `{{{name}}}` in the text of `{}`", at.value), hint);
                }
            }
        }
        Text {
            sv: crate::pack::params::fill_static(&text.sv, &self.params.list, crate::Lang::Sv),
            en: crate::pack::params::fill_static(&text.en, &self.params.list, crate::Lang::En),
        }
    }

    pub(super) fn check_id(&mut self, file: usize, id: &Spanned<String>) {
        let ok = !id.value.is_empty()
            && id.value.split('.').all(|part| {
                let mut chars = part.chars();
                matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c == '_') && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            });
        if !ok {
            self.diag.at_spanned(
                file,
                id,
                id.value.len(),
                DiagnosticCode::BadId,
                format!("`{}` is not a valid id", id.value),
                Some("ids are lowercase letters, digits and `_`, in parts separated by `.`".into()),
            );
        }
        if matches!(id.value.as_str(), "and" | "or" | "not" | "in" | "if" | "then" | "else" | "true" | "false") {
            self.diag.at_spanned(file, id, id.value.len(), DiagnosticCode::BadId, format!("`{}` is a keyword of the expression language", id.value), None);
        }
    }

    /// Declares a parameter, question or derived value id in `ids`: checks its form, that only
    /// parameters are named `param.…`, and that it is declared once.
    pub(super) fn declare(&mut self, ids: &mut IdTable, file: usize, id: &Spanned<String>, what: &str) -> bool {
        self.check_id(file, id);
        if what != "parameter" && (id.value == "param" || id.value.starts_with(PARAM_PREFIX)) {
            self.diag.at_spanned(
                file,
                id,
                id.value.len(),
                DiagnosticCode::BadId,
                format!("`{}`: ids starting with `param.` name parameters", id.value),
                Some("declare it under `parameters:`, or rename it".into()),
            );
        }
        ids.declare(&mut self.diag, file, id, what)
    }

    /// The service types a `services` list names; every service type when there is none.
    /// An empty list is an error: it would make the rule apply to no report at all.
    pub(super) fn service_set(&mut self, file: usize, list: Option<&Spanned<Vec<Spanned<String>>>>) -> (ServiceSet, Vec<String>) {
        let Some(list) = list else { return (ServiceSet::ALL, vec![]) };
        if list.value.is_empty() {
            self.diag.at_spanned(
                file,
                list,
                2,
                DiagnosticCode::EmptyServices,
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
                    self.diag.at_spanned(file, s, s.value.len(), DiagnosticCode::UnknownService, format!("unknown service type `{}`", s.value), hint);
                }
            }
        }
        (ServiceSet(bits), names)
    }

    pub(super) fn date_value(&mut self, file: usize, value: &Spanned<String>) -> Option<i32> {
        let d = crate::lang::value::parse_date(&value.value);
        if d.is_none() {
            self.diag.at_spanned(
                file,
                value,
                value.value.len(),
                DiagnosticCode::BadDate,
                format!("`{}` is not a date in the calendar", value.value),
                Some("dates are written YYYY-MM-DD".into()),
            );
        }
        d
    }

    /// Like [`Checker::date_value`] for a value whose location may be lost: it is looked up
    /// in the file from byte `near` on.
    pub(super) fn date_near(&mut self, file: usize, value: &Spanned<String>, near: usize) -> Option<i32> {
        if value.referenced.line() > 0 {
            return self.date_value(file, value);
        }
        let d = crate::lang::value::parse_date(&value.value);
        if d.is_none() {
            let text = &self.sources[file].text;
            let at = text.get(near..).and_then(|t| t.find(value.value.as_str())).map(|i| i + near).unwrap_or(near);
            self.diag.at(
                file,
                at,
                value.value.len(),
                DiagnosticCode::BadDate,
                format!("`{}` is not a date in the calendar", value.value),
                Some("dates are written YYYY-MM-DD".into()),
            );
        }
        d
    }

    pub(super) fn period(&mut self, file: usize, period: Option<&model::Period>) -> ((i32, i32), Option<String>, Option<String>) {
        let Some(p) = period else { return ((i32::MIN, i32::MAX), None, None) };
        let from = p.from.as_ref().and_then(|f| self.date_value(file, f)).unwrap_or(i32::MIN);
        let to = p.to.as_ref().and_then(|t| self.date_value(file, t)).unwrap_or(i32::MAX);
        ((from, to), p.from.as_ref().map(|f| f.value.clone()), p.to.as_ref().map(|t| t.value.clone()))
    }

    pub(super) fn choices(&mut self, file: usize, defs: &[model::ChoiceDef]) -> Vec<Choice> {
        let mut out: Vec<Choice> = vec![];
        for c in defs {
            if out.iter().any(|x| x.value == crate::nfc::nfc(&c.value.value)) {
                self.diag.at_spanned(file, &c.value, c.value.value.len(), DiagnosticCode::DuplicateId, format!("choice `{}` is listed twice", c.value.value), None);
                continue;
            }
            // In NFC, as answers and expression texts are: `å` typed on macOS matches.
            let label = Text { sv: nfc_string(c.label.sv.clone()), en: nfc_string(c.label.en.clone()) };
            out.push(Choice { value: nfc_string(c.value.value.clone()), label });
        }
        out
    }

    pub(super) fn kind(&mut self, file: usize, kind: &Spanned<String>, scalar_only: bool) -> QuestionType {
        match QuestionType::parse(&kind.value) {
            Some(QuestionType::List) if scalar_only => {
                self.diag.at_spanned(file, kind, kind.value.len(), DiagnosticCode::BadType, "a field of a list cannot itself be a list".into(), None);
                QuestionType::Text
            }
            Some(t) => t,
            None => {
                let hint = did_you_mean(&kind.value, QuestionType::NAMES.iter().copied())
                    .map(|m| format!("did you mean `{m}`?"))
                    .unwrap_or_else(|| format!("types: {}", QuestionType::NAMES.join(", ")));
                self.diag.at_spanned(file, kind, kind.value.len(), DiagnosticCode::BadType, format!("unknown question type `{}`", kind.value), Some(hint));
                QuestionType::Text
            }
        }
    }

    pub(super) fn declare_question(&mut self, file: usize, pf: &PackFile, q: &model::QuestionDef) -> Question {
        let kind = self.kind(file, &q.kind, false);
        let choices = self.choices(file, &q.choices);
        if kind == QuestionType::Choice && choices.is_empty() {
            self.diag.at_spanned(file, &q.id, q.id.value.len(), DiagnosticCode::MissingField, format!("choice question `{}` has no `choices`", q.id.value), None);
        }
        if q.multiple && choices.len() > 64 {
            self.diag.at_spanned(file, &q.id, q.id.value.len(), DiagnosticCode::Limit, "a multiple choice question may have at most 64 choices".into(), None);
        }
        // `.nan` would silently disable the range check, `.inf` means nothing: both are errors.
        let bounds =
            [("min", q.min, None), ("max", q.max, None)].into_iter().chain(q.fields.iter().flat_map(|f| [("min", f.min, Some(&f.id.value)), ("max", f.max, Some(&f.id.value))]));
        for (key, bound, field) in bounds {
            if let Some(b) = bound.filter(|b| !b.is_finite()) {
                let of = field.map(|f| format!(" of field `{f}`")).unwrap_or_default();
                self.diag.at_spanned(
                    file,
                    &q.id,
                    q.id.value.len(),
                    DiagnosticCode::BadValue,
                    format!("`{key}`{of} of question `{}` is {b}, not a finite number", q.id.value),
                    Some(format!("leave `{key}` out for no bound")),
                );
            }
        }
        let mut fields: Vec<Field> = vec![];
        for f in &q.fields {
            let fk = self.kind(file, &f.kind, true);
            if f.id.value.contains('.') || fields.iter().any(|x| x.id == f.id.value) {
                self.diag.at_spanned(file, &f.id, f.id.value.len(), DiagnosticCode::BadId, format!("field `{}` is declared twice or contains `.`", f.id.value), None);
                continue;
            }
            let fc = self.choices(file, &f.choices);
            fields.push(Field { id: f.id.value.clone(), kind: fk, label: f.label.clone(), choices: fc, min: f.min, max: f.max });
        }
        if kind == QuestionType::List && fields.is_empty() {
            self.diag.at_spanned(file, &q.id, q.id.value.len(), DiagnosticCode::MissingField, format!("list question `{}` has no `fields`", q.id.value), None);
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

    pub(super) fn check_derived(&mut self, index: u32) -> Type {
        let i = index as usize;
        match self.derived.state[i] {
            DerivedState::Done(t) => return t,
            DerivedState::InProgress => return Type::Error,
            DerivedState::Pending => {}
        }
        self.derived.state[i] = DerivedState::InProgress;
        let (file, def) = self.derived.defs[i];
        let site = Site { file, offset: def.expr.referenced.span().byte_offset().unwrap_or(0) as usize };
        let (node, ty) = match self.parse(site, &def.expr.value) {
            Some(expr) => {
                let (node, ty) = self.expr(site, &def.expr.value, &expr, &Scope::default());
                let (cost, depth) = self.within_limits(site, &def.expr.value, &node);
                self.derived.cost[i] = cost;
                self.derived.depth[i] = depth;
                (node, ty)
            }
            None => (Node::unknown(Span::default()), Type::Error),
        };
        if ty == Type::Literals || matches!(ty, Type::List(_)) {
            self.diag.at_spanned(file, &def.expr, def.expr.value.len(), DiagnosticCode::TypeMismatch, "a derived value cannot be a list".into(), None);
        }
        self.derived.nodes[i] = Some(node);
        self.derived.state[i] = DerivedState::Done(ty);
        ty
    }
}
