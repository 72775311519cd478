//! Parameters: declaring a pack's parameters with their types and defaults, and applying a parameters file's values.

use super::*;

impl<'a> Checker<'a> {
    pub(super) fn declare_parameter(&mut self, file: usize, pf: &PackFile, p: &'a model::ParameterDef) {
        let kind = match QuestionType::parse(&p.kind.value) {
            Some(k) if crate::pack::params::TYPES.contains(&k.name()) => k,
            _ => {
                let hint = did_you_mean(&p.kind.value, crate::pack::params::TYPES.iter().copied())
                    .map(|m| format!("did you mean `{m}`?"))
                    .unwrap_or_else(|| format!("parameter types: {}", crate::pack::params::TYPES.join(", ")));
                self.diag.at_spanned(file, &p.kind, p.kind.value.len(), DiagnosticCode::BadType, format!("`{}` is not a parameter type", p.kind.value), Some(hint));
                QuestionType::Text
            }
        };
        for (key, bound) in [("min", p.min), ("max", p.max)] {
            if let Some(b) = bound.filter(|b| !b.is_finite()) {
                self.diag.at_spanned(
                    file,
                    &p.id,
                    p.id.value.len(),
                    DiagnosticCode::BadValue,
                    format!("`{key}` of parameter `{}` is {b}, not a finite number", p.id.value),
                    Some(format!("leave `{key}` out for no bound")),
                );
            }
        }
        let min = p.min.filter(|b| b.is_finite());
        let max = p.max.filter(|b| b.is_finite());
        let (default, value) = match crate::pack::params::typed(kind, &p.default.value, min, max) {
            Ok(v) => v,
            Err(e) => {
                let len = p.default.value.to_string().len();
                self.diag.at_spanned(file, &p.default, len, DiagnosticCode::BadValue, format!("the default of parameter `{}` {e}", p.id.value), None);
                (ParamValue::Text(String::new()), Const::Unknown)
            }
        };
        match (&p.source, p.example) {
            (None, false) => self.diag.at_spanned(
                file,
                &p.id,
                p.id.value.len(),
                DiagnosticCode::MissingSource,
                format!("parameter `{}` cites no source for its default", p.id.value),
                Some("cite the document with `source:`, or mark the default `example: true` (an exempelvärde, taken from no document)".into()),
            ),
            (Some(src), true) => self.diag.at_spanned(
                file,
                src,
                src.value.len(),
                DiagnosticCode::BadValue,
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
        self.params.index.insert(p.id.value.clone(), self.params.list.len() as u32);
        self.params.types.push(ty);
        self.params.values.push(value);
        self.params.list.push(Parameter {
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
    pub(super) fn apply_params(&mut self, file: usize, pf: &model::ParamsFile) -> ParamsInfo {
        let name = self.sources[file].name.clone();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (key, value) in &pf.parameters.value.0 {
            let id = key.value.strip_prefix(PARAM_PREFIX).unwrap_or(&key.value);
            let Some(&i) = self.params.index.get(id) else {
                let hint = did_you_mean(id, self.params.index.keys().map(String::as_str)).map(|m| format!("did you mean `{m}`?"));
                let hint = hint.or_else(|| {
                    let mut ids: Vec<&str> = self.params.index.keys().map(String::as_str).collect();
                    ids.sort_unstable();
                    Some(if ids.is_empty() { "the pack declares no parameters".to_string() } else { format!("the pack's parameters: {}", ids.join(", ")) })
                });
                self.diag.at_spanned(file, key, key.value.len(), DiagnosticCode::UnknownName, format!("the pack has no parameter `{id}`"), hint);
                continue;
            };
            if seen.insert(id, i as usize).is_some() {
                self.diag.at_spanned(file, key, key.value.len(), DiagnosticCode::DuplicateId, format!("parameter `{id}` is set twice"), None);
                continue;
            }
            let p = &self.params.list[i as usize];
            match crate::pack::params::typed(p.kind, &value.value, p.min, p.max) {
                Ok((v, c)) => {
                    let p = &mut self.params.list[i as usize];
                    p.value = v;
                    p.set_by = Some(name.clone());
                    self.params.values[i as usize] = c;
                }
                Err(e) => {
                    let len = value.value.to_string().len();
                    self.diag.at_spanned(file, value, len, DiagnosticCode::BadValue, format!("parameter `{id}` {e}"), None);
                }
            }
        }
        ParamsInfo { file: name, municipality: pf.municipality.clone(), year: pf.year, source: pf.source.clone() }
    }

    /// The declared parameter (`param.id`) most like the unknown `name`, for a hint.
    pub(super) fn similar_parameter(&self, name: &str) -> Option<String> {
        let candidates: Vec<String> = self.params.index.keys().map(|k| format!("{PARAM_PREFIX}{k}")).collect();
        did_you_mean(name, candidates.iter().map(String::as_str)).map(str::to_string)
    }
}
