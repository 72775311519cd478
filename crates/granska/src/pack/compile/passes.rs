//! The passes of the compiler, in order: services, parameters, questions, derived values, requirements, indicators, lints.

use super::*;

impl<'a> Checker<'a> {
    pub(super) fn run(&mut self, files: &'a [(usize, PackFile)], params: Option<&(usize, model::ParamsFile)>) -> Option<PackData> {
        let root = &files.last()?.1;
        let mut pack_refs = Vec::new();
        let mut all_sources: Vec<String> = Vec::new();
        let mut pack_ids = IdTable::pack_ids();
        for (file, pf) in files.iter().rev() {
            let id = &pf.pack.id;
            pack_ids.declare(&mut self.diag, *file, id, "pack id");
            pack_refs.push(PackRef { id: id.value.clone(), version: pf.pack.version.clone(), title: pf.pack.title.clone(), file: self.sources[*file].name.clone() });
            for s in &pf.pack.sources {
                if !all_sources.contains(s) {
                    all_sources.push(s.clone());
                }
            }
        }

        // Parameters: declared, then set by the parameters file.
        let mut param_ids = IdTable::new();
        for (file, pf) in files {
            for p in &pf.parameters {
                if self.declare(&mut param_ids, *file, &p.id, "parameter") {
                    self.declare_parameter(*file, pf, p);
                }
            }
        }
        let params_info = params.map(|(file, pf)| self.apply_params(*file, pf));

        // Services first: every service set refers to them.
        let mut service_ids = IdTable::new();
        for (file, pf) in files {
            for s in &pf.services {
                if !service_ids.declare(&mut self.diag, *file, &s.id, "service") {
                    continue;
                }
                self.check_id(*file, &s.id);
                let label = self.static_text(*file, &s.id, &s.label);
                self.services.push(Service { id: s.id.value.clone(), label, contracts: s.contracts.clone() });
            }
        }
        if self.services.len() > 63 {
            self.diag.at(files[0].0, 0, 1, DiagnosticCode::Limit, "a pack may declare at most 63 service types".into(), None);
            self.services.truncate(63);
        }

        // Names: questions and derived values.
        let mut name_ids = IdTable::new();
        let mut question_defs: Vec<(usize, &PackFile, &model::QuestionDef)> = Vec::new();
        for (file, pf) in files {
            for q in &pf.questions {
                if self.declare(&mut name_ids, *file, &q.id, "question") {
                    question_defs.push((*file, pf, q));
                }
            }
            for d in &pf.derived {
                if self.declare(&mut name_ids, *file, &d.id, "derived value") {
                    self.derived.index.insert(d.id.value.clone(), self.derived.defs.len() as u32);
                    self.derived.defs.push((*file, d));
                    self.derived.nodes.push(None);
                    self.derived.state.push(DerivedState::Pending);
                    self.derived.cost.push(1);
                    self.derived.depth.push(1);
                }
            }
        }
        if question_defs.len() > self.limits.max_questions {
            let (f, _, q) = question_defs[self.limits.max_questions];
            self.diag.at_spanned(f, &q.id, q.id.value.len(), DiagnosticCode::Limit, format!("a pack may have at most {} questions", self.limits.max_questions), None);
            return None;
        }
        for (file, pf, q) in &question_defs {
            let question = self.declare_question(*file, pf, q);
            self.questions.index.insert(question.id.clone(), self.questions.list.len() as u32);
            self.questions.types.push(question_type(&question, self.questions.list.len() as u32));
            self.questions.list.push(question);
        }

        // Derived values, in dependency order (cycles reported).
        for i in 0..self.derived.defs.len() {
            self.check_derived(i as u32);
        }

        // Question rules: required, relevant, constraint.
        for (qi, (file, _, q)) in question_defs.iter().enumerate() {
            let mut rules = std::mem::take(&mut self.questions.list[qi].compiled);
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
                self.budget.step_factor = question_defs.iter().filter(|(_, _, q)| q.relevant.is_some()).count() as u64 + 1;
                rules.relevant = self.bool_spanned(*file, rel, &Scope::default());
                self.budget.step_factor = 1;
            }
            if let Some(con) = &q.constraint {
                let this = self.questions.types[qi];
                rules.constraint = self.bool_spanned(*file, con, &Scope { bound: vec![], this: Some(this) });
                if q.constraint_message.is_none() {
                    self.diag.at_spanned(
                        *file,
                        con,
                        con.value.len(),
                        DiagnosticCode::MissingField,
                        format!("question `{}` has a constraint but no `constraint_message`", q.id.value),
                        Some("add `constraint_message: { sv: …, en: … }`".into()),
                    );
                }
            }
            self.questions.list[qi].compiled = rules;
        }

        // Requirements.
        let mut requirements = Vec::new();
        let mut requirement_ids = IdTable::new();
        for (file, pf) in files {
            for r in &pf.requirements {
                if !requirement_ids.declare(&mut self.diag, *file, &r.id, "requirement") {
                    // Still check its expressions, so every mistake is reported at once.
                    let _ = self.requirement(*file, pf, r);
                    continue;
                }
                self.check_id(*file, &r.id);
                if let Some(req) = self.requirement(*file, pf, r) {
                    requirements.push(req);
                }
            }
        }
        if requirements.len() > self.limits.max_requirements {
            self.diag.at(files[0].0, 0, 1, DiagnosticCode::Limit, format!("a pack may have at most {} requirements", self.limits.max_requirements), None);
        }
        requirements.sort_by(|a: &Requirement, b| a.id.cmp(&b.id));

        // Indicators.
        let mut indicators = Vec::new();
        let mut indicator_ids = IdTable::new();
        for (file, pf) in files {
            for ind in &pf.indicators {
                if !indicator_ids.declare(&mut self.diag, *file, &ind.id, "indicator") {
                    continue;
                }
                if let Some(i) = self.indicator(*file, pf, ind) {
                    indicators.push(i);
                }
            }
        }

        let derived: Vec<Derived> = self
            .derived
            .defs
            .iter()
            .zip(std::mem::take(&mut self.derived.nodes))
            .map(|((_, d), node)| Derived {
                id: d.id.value.clone(),
                label: d.label.clone(),
                expr: d.expr.value.clone(),
                node: node.unwrap_or_else(|| Node::unknown(Span::default())),
            })
            .collect();

        if self.budget.total > self.limits.max_steps {
            let (cost, file, offset) = self.budget.costliest.unwrap_or((0, files[0].0, 0));
            let place = self.diag.place(file, offset);
            let root = files.last().map(|(f, _)| *f).unwrap_or(file);
            self.diag.at(
                root,
                0,
                1,
                DiagnosticCode::Limit,
                format!("evaluating one report may take {} steps with every expression of the pack; the limit is {}", self.budget.total, self.limits.max_steps),
                Some(format!("the costliest expression, at {place}, may take {cost} steps")),
            );
        }

        if !self.diag.has_errors() {
            self.lint(files, &question_defs, &requirements, &indicators, &derived);
        }

        let by_service = (0..self.services.len())
            .map(|s| {
                let s = u16::try_from(s).ok();
                requirements.iter().enumerate().filter(|(_, r)| r.compiled.services.contains(s)).map(|(i, _)| i as u32).collect()
            })
            .collect();
        let root_file = files.last().map(|(f, _)| *f).unwrap_or(0);
        let about = root.pack.about.as_ref().map(|a| self.static_text(root_file, &root.pack.id, a));
        Some(PackData {
            info: PackInfo { id: root.pack.id.value.clone(), version: root.pack.version.clone(), title: root.pack.title.clone(), packs: pack_refs, sources: all_sources, about },
            services: std::mem::take(&mut self.services),
            parameters: std::mem::take(&mut self.params.list),
            param_values: std::mem::take(&mut self.params.values),
            params_file: params_info,
            file_order: vec![],
            questions: std::mem::take(&mut self.questions.list),
            question_index: std::mem::take(&mut self.questions.index),
            derived,
            derived_index: std::mem::take(&mut self.derived.index),
            requirements,
            by_service,
            indicators,
            warnings: vec![],
            sources: vec![],
            limits: self.limits.clone(),
            content_hash: std::sync::OnceLock::new(),
        })
    }
}
