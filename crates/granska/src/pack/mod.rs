//! The compiled pack: questions, derived values, requirements and indicators, checked and
//! resolved to slots. Immutable, `Send + Sync`, cheap to clone.

#[cfg(feature = "authoring")]
pub(crate) mod builtin;
#[cfg(feature = "authoring")]
pub(crate) mod compile;
pub(crate) mod compiled;
pub(crate) mod diagnostic;
#[cfg(feature = "authoring")]
pub(crate) mod diff;
pub(crate) mod identity;
pub(crate) mod items;
pub(crate) mod limits;
#[cfg(feature = "authoring")]
pub(crate) mod lint;
#[cfg(feature = "authoring")]
pub(crate) mod load;
#[cfg(feature = "authoring")]
pub(crate) mod model;
#[cfg(feature = "authoring")]
pub(crate) mod open;
pub(crate) mod params;
pub(crate) mod reads;
pub(crate) mod service;

pub use items::*;

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::lang::ir::{Const, Node};
use crate::pack::diagnostic::{Diagnostic, SourceFile};
use crate::text::Text;

/// A loaded, checked pack, ready to evaluate reports. Cloning shares the compiled data.
#[derive(Clone, Debug)]
pub struct Pack {
    pub(crate) data: Arc<PackData>,
}

#[derive(Clone, Debug)]
pub(crate) struct PackData {
    /// The root pack's metadata.
    pub info: PackInfo,
    /// Service types, in pack order.
    pub services: Vec<Service>,
    /// Parameters with the values in force, in pack order.
    pub parameters: Vec<Parameter>,
    /// The parameters' values as the evaluator reads them, by parameter index.
    pub param_values: Vec<Const>,
    /// The parameters file applied, if any.
    pub params_file: Option<ParamsInfo>,
    /// The pack's files in load order (indexes into `sources`): what [`Pack::with_params_yaml`]
    /// compiles again.
    pub file_order: Vec<usize>,
    /// Questions in questionnaire order; a question's index is its slot.
    pub questions: Vec<Question>,
    /// Question id → index in `questions`.
    pub question_index: HashMap<String, u32>,
    /// Derived values; a derived value's index is its slot after the questions.
    pub derived: Vec<Derived>,
    /// Derived value id → index in `derived`.
    pub derived_index: HashMap<String, u32>,
    /// Requirements, ordered by id.
    pub requirements: Vec<Requirement>,
    /// For each service type (by index in `services`), the requirements (indexes into
    /// `requirements`, ascending) whose service types include it: the only ones
    /// [`Pack::evaluate`] evaluates for a report of that service; the others do not apply.
    pub by_service: Vec<Box<[u32]>>,
    /// Indicators, in pack order.
    pub indicators: Vec<Indicator>,
    /// Warnings found while loading.
    pub warnings: Vec<Diagnostic>,
    /// The pack's files (and a parameters file), to render diagnostics.
    pub sources: Vec<SourceFile>,
    /// The limits the pack was loaded with, kept for a parameters file applied later.
    pub limits: crate::Limits,
    /// The content hash, computed on first use ([`Pack::content_hash`]).
    pub content_hash: std::sync::OnceLock<Arc<str>>,
}

impl Pack {
    /// The root pack's metadata and the packs it includes.
    pub fn info(&self) -> &PackInfo {
        &self.data.info
    }

    /// Service types declared by the pack.
    pub fn services(&self) -> &[Service] {
        &self.data.services
    }

    /// Every question, in questionnaire order.
    pub fn questions(&self) -> &[Question] {
        &self.data.questions
    }

    /// A question by id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.data.question_index.get(id).map(|&i| &self.data.questions[i as usize])
    }

    /// Questions asked of a service type (all when `service` is `None`), in order.
    pub fn questions_for<'a>(&'a self, service: Option<&str>) -> impl Iterator<Item = &'a Question> + 'a {
        let index = service.map(|s| self.service_index(s));
        self.data.questions.iter().filter(move |q| match index {
            None => true,
            Some(i) => q.compiled.services.contains(i),
        })
    }

    /// Parameters (contract terms), in pack order, with the values in force.
    pub fn parameters(&self) -> &[Parameter] {
        &self.data.parameters
    }

    /// A parameter by id (without the `param.` prefix).
    pub fn parameter(&self, id: &str) -> Option<&Parameter> {
        self.data.parameters.iter().find(|p| p.id == id)
    }

    /// The parameters file applied with [`Pack::with_params_yaml`], if any.
    pub fn params_file(&self) -> Option<&ParamsInfo> {
        self.data.params_file.as_ref()
    }

    /// Derived values.
    pub fn derived(&self) -> &[Derived] {
        &self.data.derived
    }

    /// Every requirement, ordered by id.
    pub fn requirements(&self) -> &[Requirement] {
        &self.data.requirements
    }

    /// A requirement by id.
    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.data.requirements.iter().find(|r| r.id == id)
    }

    /// Every indicator, in pack order.
    pub fn indicators(&self) -> &[Indicator] {
        &self.data.indicators
    }

    /// Warnings found while loading (the pack loaded; these do not stop it).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.data.warnings
    }

    /// The files the pack was loaded from.
    pub fn sources(&self) -> &[SourceFile] {
        &self.data.sources
    }
}
