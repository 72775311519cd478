//! Lints: warnings about rules that are legal but likely wrong (a window that can never hold, a requirement that never applies, a constant condition, an unread question, a duplicate condition).

use super::*;

impl<'a> Checker<'a> {
    /// Warnings about a pack that loaded: windows written with `months_between`,
    /// requirements that can never apply, `require` conditions that are constant, questions
    /// nothing reads, and requirements with the same condition.
    pub(super) fn lint(
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
        for ((file, def), d) in self.derived.defs.iter().zip(derived) {
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
                let rules = &self.questions.list[qi].compiled;
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
            crate::pack::lint::windows(node, derived, &mut found);
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
                self.diag.warn_expr(site, text, w.span, DiagnosticCode::Window, message, Some(hint));
            }
        }

        // Requirements: never applicable, constant, duplicated.
        let mut conditions: Vec<Condition<'_>> = vec![];
        let mut ordered: Vec<&Requirement> = requirements.iter().collect();
        ordered.sort_by_key(|r| defs.get(r.id.as_str()).map(|(f, d)| (*f, d.id.referenced.span().byte_offset().unwrap_or(0))));
        for r in ordered {
            let Some(&(file, def)) = defs.get(r.id.as_str()) else { continue };
            let cx = crate::pack::lint::Context { questions: &self.questions.list, derived, services: (!r.services.is_empty()).then(|| r.services.clone()) };
            let (from, to) = r.compiled.valid;
            let applies = r.compiled.applies.as_ref().map(|a| crate::pack::lint::outcomes(a, &cx));
            let never = if from > to {
                Some(format!("its validity ends ({}) before it begins ({})", r.valid_to.clone().unwrap_or_default(), r.valid_from.clone().unwrap_or_default()))
            } else if applies.is_some_and(|b| !b.can_true) {
                Some("its `applies` is false for every answer the questions allow".to_string())
            } else {
                None
            };
            if let Some(why) = never {
                self.diag.warn(
                    file,
                    def.id.referenced.span().byte_offset().unwrap_or(0) as usize,
                    def.id.value.len(),
                    DiagnosticCode::NeverApplies,
                    format!("requirement `{}` can never apply: {why}", r.id),
                    Some("check its `services`, `valid` and `applies`".into()),
                );
                continue;
            }
            let site = Self::spanned_site(file, &def.require);
            let outcome = crate::pack::lint::outcomes(&r.compiled.require, &cx);
            let constant = match (outcome.can_true, outcome.can_false) {
                (true, false) => Some(("always true", "it can never be not met")),
                (false, true) => Some(("always false", "it can never be met")),
                _ => None,
            };
            if let Some((what, so)) = constant {
                self.diag.warn_expr(
                    site,
                    &def.require.value,
                    r.compiled.require.span,
                    DiagnosticCode::ConstantCondition,
                    format!("the `require` of `{}` is {what} for every answer the questions allow: {so}", r.id),
                    Some("check the comparison against the questions' types, `min`/`max` and choices".into()),
                );
            }
            let offset = def.require.referenced.span().byte_offset().unwrap_or(0) as usize;
            let same_applies = |c: &Condition<'_>| match (c.applies, &r.compiled.applies) {
                (None, None) => true,
                (Some(a), Some(b)) => crate::pack::lint::same_tree(a, b),
                _ => false,
            };
            let same = conditions
                .iter()
                .find(|c| {
                    c.services.0 & r.compiled.services.0 != 0
                        && c.valid.0 <= to
                        && from <= c.valid.1
                        && crate::pack::lint::same_tree(c.require, &r.compiled.require)
                        && same_applies(c)
                })
                .map(|c| (c.file, c.offset, c.id.clone()));
            if let Some((f0, off0, first)) = same {
                let place = self.diag.place(f0, off0);
                self.diag.warn_expr(
                    site,
                    &def.require.value,
                    r.compiled.require.span,
                    DiagnosticCode::DuplicateCondition,
                    format!("requirement `{}` has the same condition as `{first}` for the same service types and period", r.id),
                    Some(format!("`{first}` is at {place}; merge the two, or make the conditions say what differs")),
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
        let mut read = vec![false; self.questions.list.len()];
        let mut seen = vec![false; derived.len()];
        for &(_, _, node) in &exprs {
            crate::pack::lint::reads(node, derived, &mut seen, &mut read);
        }
        for q in &self.questions.list {
            if let Some(n) = &q.compiled.required {
                crate::pack::lint::reads(n, derived, &mut seen, &mut read);
            }
        }
        for r in requirements {
            let texts = [Some(&r.message), r.unanswered.as_ref()];
            for t in texts.into_iter().flatten().flat_map(|m| [&m.sv, &m.en]) {
                for name in placeholder_names(t) {
                    if let Some(&q) = self.questions.index.get(name) {
                        read[q as usize] = true;
                    }
                    if let Some(&d) = self.derived.index.get(name)
                        && let Some(x) = derived.get(d as usize)
                    {
                        crate::pack::lint::reads(&x.node, derived, &mut seen, &mut read);
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
            let asked_here = root_services.is_none_or(|root| self.questions.list[qi].compiled.services.0 & root != 0);
            if !read[qi] && asked_here {
                self.diag.warn(
                    *file,
                    q.id.referenced.span().byte_offset().unwrap_or(0) as usize,
                    q.id.value.len(),
                    DiagnosticCode::UnreadQuestion,
                    format!("question `{}` is read by no requirement, derived value, indicator or relevance rule", q.id.value),
                    Some("use its answer in a rule, or leave it out of the questionnaire".into()),
                );
            }
        }
    }
}
