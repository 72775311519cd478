//! Requirements and indicators: their conditions compiled, their messages' placeholders checked.

use super::*;

impl<'a> Checker<'a> {
    pub(super) fn requirement(&mut self, file: usize, pf: &PackFile, r: &model::RequirementDef) -> Option<Requirement> {
        let severity = match r.severity.value.as_str() {
            "krav" => Severity::Krav,
            "bor" => Severity::Bor,
            other => {
                self.diag.at_spanned(
                    file,
                    &r.severity,
                    other.len(),
                    DiagnosticCode::BadValue,
                    format!("unknown severity `{other}`"),
                    Some("severity is `krav` (must) or `bor` (should)".into()),
                );
                Severity::Krav
            }
        };
        let area = match QualityArea::parse(&r.area.value) {
            Some(a) => a,
            None => {
                let names: Vec<&str> = QualityArea::ALL.iter().map(|a| a.as_str()).collect();
                let hint =
                    did_you_mean(&r.area.value, names.iter().copied()).map(|m| format!("did you mean `{m}`?")).unwrap_or_else(|| format!("quality areas: {}", names.join(", ")));
                self.diag.at_spanned(file, &r.area, r.area.value.len(), DiagnosticCode::BadValue, format!("unknown quality area `{}`", r.area.value), Some(hint));
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
                    self.diag.at_spanned(file, &r.source, 6, DiagnosticCode::MissingField, format!("requirement `{}` cites no source", r.id.value), None);
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
        let texts = SharedTexts::new(&r.id.value, &title, &sources);
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
            compiled: RequirementRules { services: set, valid, applies, require: require.unwrap_or_else(|| Node::unknown(Span::default())), texts },
        })
    }

    pub(super) fn placeholders(&mut self, file: usize, message: &Spanned<Text>) {
        for text in [&message.value.sv, &message.value.en] {
            for name in placeholder_names(text) {
                if let Some(&d) = self.derived.index.get(name) {
                    let cost = self.derived.cost.get(d as usize).copied().unwrap_or(1);
                    let offset = message.referenced.span().byte_offset().unwrap_or(0) as usize;
                    self.budget.count(cost, Site { file, offset });
                }
                let is_param = name.strip_prefix(PARAM_PREFIX).is_some_and(|id| self.params.index.contains_key(id));
                let known = self.questions.index.contains_key(name) || self.derived.index.contains_key(name) || PLACEHOLDERS.contains(&name) || is_param;
                if !known {
                    let params: Vec<String> = self.params.index.keys().map(|k| format!("{PARAM_PREFIX}{k}")).collect();
                    let candidates: Vec<&str> =
                        self.questions.index.keys().chain(self.derived.index.keys()).chain(params.iter()).map(String::as_str).chain(PLACEHOLDERS.iter().copied()).collect();
                    let hint = did_you_mean(name, candidates).map(|m| format!("did you mean `{{{m}}}`?"));
                    let offset = message.referenced.span().byte_offset().unwrap_or(0) as usize;
                    let file_text = &self.sources[file].text;
                    let needle = format!("{{{name}}}");
                    let at = file_text[offset.min(file_text.len())..].find(&needle).map(|i| i + offset).unwrap_or(offset);
                    self.diag.at(file, at, needle.len(), DiagnosticCode::UnknownName, format!("unknown placeholder `{{{name}}}` in message"), hint);
                }
            }
        }
    }

    pub(super) fn indicator(&mut self, file: usize, pf: &PackFile, ind: &model::IndicatorDef) -> Option<Indicator> {
        self.check_id(file, &ind.id);
        let kind = match ind.kind.value.as_str() {
            "share" => IndicatorKind::Share,
            "sum" => IndicatorKind::Sum,
            other => {
                self.diag.at_spanned(file, &ind.kind, other.len(), DiagnosticCode::BadValue, format!("unknown indicator kind `{other}`"), Some("kind is `share` or `sum`".into()));
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
                    None => {
                        self.diag.at_spanned(file, &ind.id, ind.id.value.len(), DiagnosticCode::MissingField, format!("share indicator `{}` needs `count`", ind.id.value), None);
                    }
                }
                if let Some(of) = &ind.of {
                    rules.of = self.bool_spanned(file, of, &Scope::default());
                }
                if ind.denominator.is_none() {
                    self.diag.at_spanned(
                        file,
                        &ind.id,
                        ind.id.value.len(),
                        DiagnosticCode::MissingField,
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
                            self.diag.in_expr(site, &s.value, node.span, DiagnosticCode::TypeMismatch, format!("a sum indicator needs a number, found {}", ty.name()), None);
                        }
                        rules.sum = Some(node);
                    }
                }
                None => self.diag.at_spanned(file, &ind.id, ind.id.value.len(), DiagnosticCode::MissingField, format!("sum indicator `{}` needs `sum`", ind.id.value), None),
            },
        }
        let base = match &ind.base {
            None => ShareBase::Answered,
            Some(b) => match b.value.as_str() {
                "answered" => ShareBase::Answered,
                "respondents" => ShareBase::Respondents,
                other => {
                    self.diag.at_spanned(
                        file,
                        b,
                        other.len(),
                        DiagnosticCode::BadValue,
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
            self.diag.at_spanned(file, b, b.value.len(), DiagnosticCode::BadValue, "`base` is for share indicators; a sum adds the answered reports".into(), None);
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
}

/// The `{name}` placeholders of a message.
pub(crate) fn placeholder_names(text: &str) -> impl Iterator<Item = &str> {
    text.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name.trim()))
}
