//! Opening a pack: the built-in one, YAML text, a file or folder, and a parameters file
//! applied to a pack. Each loads the files ([`load`](super::load)) and compiles them
//! ([`compile`](super::compile)); every mistake comes back at once in a [`PackError`].

use std::path::Path;

use crate::Limits;
use crate::pack::diagnostic::{self, Diagnostic, DiagnosticCode, Severity as DiagnosticSeverity, SourceFile};
use crate::pack::{Pack, builtin, compile, load};

/// A pack that could not be loaded: every diagnostic found, and the files, to render them.
#[derive(Clone, Debug, thiserror::Error)]
#[error("the pack has {} error(s):\n{}", .diagnostics.iter().filter(|d| d.severity == DiagnosticSeverity::Error).count(), .diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct PackError {
    /// Every error and warning found, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The files read, to show the diagnostics with their source lines.
    pub sources: Vec<SourceFile>,
}

impl PackError {
    /// The diagnostics rendered like rustc, with source lines; `color` adds ANSI colours.
    pub fn render(&self, color: bool) -> String {
        diagnostic::render(&self.diagnostics, &self.sources, color)
    }
}

/// Renders diagnostics (e.g. a pack's warnings) like rustc.
pub fn render_diagnostics(diagnostics: &[Diagnostic], sources: &[SourceFile], color: bool) -> String {
    diagnostic::render(diagnostics, sources, color)
}

impl Pack {
    /// The built-in pack (`rules/granska.yaml` and everything it includes), loaded once.
    ///
    /// ```
    /// let pack = granska::Pack::builtin().expect("the built-in pack loads");
    /// assert!(pack.requirement("riskanalys").is_some());
    /// assert!(pack.services().iter().any(|s| s.id == "heldygnsvard"));
    /// ```
    ///
    /// # Errors
    ///
    /// A [`PackError`] if the built-in pack does not load (it is tested to load; this
    /// would be a build of granska with broken rules).
    pub fn builtin() -> Result<Pack, PackError> {
        static BUILTIN: std::sync::OnceLock<Result<Pack, PackError>> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(|| Pack::builtin_file(builtin::ROOT)).clone()
    }

    /// A built-in pack file by its path under `rules/`, e.g. `contract/jourhem.yaml`.
    ///
    /// # Errors
    ///
    /// A [`PackError`] when no built-in file has that path, or it does not load.
    pub fn builtin_file(path: &str) -> Result<Pack, PackError> {
        Pack::load_with(&format!("builtin:{path}"), load::Origin::Disk, &Limits::default())
    }

    /// The paths of the built-in pack files.
    pub fn builtin_files() -> Vec<&'static str> {
        builtin::files().iter().map(|(p, _)| *p).collect()
    }

    /// Loads a pack from YAML text; `name` names it in diagnostics. It may include built-in
    /// packs (`include: [builtin:law/lex-sarah.yaml]`).
    ///
    /// # Errors
    ///
    /// A [`PackError`] with every diagnostic found, each located in its file: YAML syntax,
    /// unknown keys, duplicate ids, unknown names, type errors, limits exceeded.
    pub fn from_yaml(text: &str, name: &str) -> Result<Pack, PackError> {
        Pack::from_yaml_with_limits(text, name, &Limits::default())
    }

    /// [`Pack::from_yaml`] with explicit limits.
    ///
    /// # Errors
    ///
    /// As [`Pack::from_yaml`]; also when the text is longer than `limits.max_file_size`.
    pub fn from_yaml_with_limits(text: &str, name: &str, limits: &Limits) -> Result<Pack, PackError> {
        if text.len() > limits.max_file_size {
            let d = Diagnostic {
                severity: DiagnosticSeverity::Error,
                code: DiagnosticCode::Limit,
                message: format!("the pack is {} bytes; the limit is {}", text.len(), limits.max_file_size),
                file: name.to_string(),
                line: 0,
                column: 0,
                range: 0..0,
                hint: None,
            };
            return Err(PackError { diagnostics: vec![d], sources: vec![] });
        }
        Pack::load_with(name, load::Origin::Memory { name, text }, limits)
    }

    /// Loads a pack from a file, or from a folder (its `granska.yaml`, `pack.yaml`, or its only YAML file).
    ///
    /// # Errors
    ///
    /// As [`Pack::from_yaml`]; also when the file cannot be read, or a folder has no
    /// `granska.yaml`, no `pack.yaml` and not exactly one YAML file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Pack, PackError> {
        Pack::from_path_with_limits(path, &Limits::default())
    }

    /// [`Pack::from_path`] with explicit limits.
    ///
    /// # Errors
    ///
    /// As [`Pack::from_path`] and [`Pack::from_yaml_with_limits`].
    pub fn from_path_with_limits(path: impl AsRef<Path>, limits: &Limits) -> Result<Pack, PackError> {
        let path = path.as_ref();
        let file = if path.is_dir() {
            let named = ["granska.yaml", "pack.yaml"].iter().map(|n| path.join(n)).find(|p| p.is_file());
            match named {
                Some(p) => p,
                None => {
                    let yaml: Vec<_> =
                        std::fs::read_dir(path).into_iter().flatten().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml")).collect();
                    if yaml.len() == 1 {
                        yaml[0].clone()
                    } else {
                        let d = Diagnostic {
                            severity: DiagnosticSeverity::Error,
                            code: DiagnosticCode::Include,
                            message: format!("the folder `{}` has no granska.yaml or pack.yaml and {} YAML files", path.display(), yaml.len()),
                            file: path.display().to_string(),
                            line: 0,
                            column: 0,
                            range: 0..0,
                            hint: Some("name the root pack file".into()),
                        };
                        return Err(PackError { diagnostics: vec![d], sources: vec![] });
                    }
                }
            }
        } else {
            path.to_path_buf()
        };
        Pack::load_with(&file.to_string_lossy(), load::Origin::Disk, limits)
    }

    /// This pack with the values of a parameters file (YAML or JSON text; `name` names it in
    /// diagnostics): the contract terms of one municipality and year.
    ///
    /// ```yaml
    /// municipality: Nacka kommun        # optional
    /// year: 2017                        # optional
    /// source: "Avtal jourhem 2016"      # optional: where the values come from
    /// parameters:
    ///   examen_andel: 80                # id: value, typed by the parameter
    /// ```
    ///
    /// Parameters the file does not set keep their defaults. A file applied to a pack that
    /// already has one replaces it.
    ///
    /// # Errors
    ///
    /// Every problem at once, located in the file: YAML syntax, an unknown key or parameter
    /// (with "did you mean"), a value of the wrong type or out of the parameter's range, a
    /// parameter set twice.
    ///
    /// ```
    /// let pack = granska::Pack::from_yaml(r#"
    /// pack: { id: demo, title: { sv: Demo, en: Demo } }
    /// parameters:
    ///   - id: examen_andel
    ///     type: percent
    ///     label: { sv: Andel med examen, en: Share with a degree }
    ///     default: 80
    ///     example: true
    /// "#, "demo.yaml").unwrap();
    /// let set = pack.with_params_yaml("parameters: { examen_andel: 50 }", "nacka-2017.yaml").unwrap();
    /// assert_eq!(set.parameter("examen_andel").unwrap().value, granska::ParamValue::Number(50.0));
    /// let err = pack.with_params_yaml("parameters: { examen_andel: 150 }", "p.yaml").unwrap_err();
    /// assert!(err.diagnostics[0].message.contains("at most 100"));
    /// ```
    pub fn with_params_yaml(&self, text: &str, name: &str) -> Result<Pack, PackError> {
        let data = &*self.data;
        let limit = |message: String| PackError {
            diagnostics: vec![Diagnostic {
                severity: DiagnosticSeverity::Error,
                code: DiagnosticCode::Limit,
                message,
                file: name.to_string(),
                line: 0,
                column: 0,
                range: 0..0,
                hint: None,
            }],
            sources: vec![],
        };
        if text.len() > data.limits.max_file_size {
            return Err(limit(format!("the parameters file is {} bytes; the limit is {}", text.len(), data.limits.max_file_size)));
        }
        if data.file_order.is_empty() {
            // The pack's files cannot be read again: as an include that cannot be read.
            let mut error = limit(String::new());
            error.diagnostics[0].code = DiagnosticCode::Include;
            error.diagnostics[0].message = format!(
                "the pack `{}` was loaded from a compiled file written without its YAML files, so a parameters file cannot be applied to it: compile the pack with its parameters (`granska compile --params`), or load it from YAML or a full compiled file",
                data.info.id
            );
            return Err(error);
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // The pack's own files, without a parameters file applied before.
        let files = data.file_order.iter().filter_map(|&i| data.sources.get(i).cloned()).collect();
        compile_files(files, Some(SourceFile { name: name.to_string(), text: text.to_string() }), &data.limits)
    }

    /// The YAML the pack was compiled from — its files in load order and the parameters
    /// file applied — to compile the same pack elsewhere with [`Pack::from_sources`] (a
    /// pickled Python pack carries these).
    pub fn to_sources(&self) -> PackSources {
        let data = &*self.data;
        let files = data.file_order.iter().filter_map(|&i| data.sources.get(i).cloned()).collect();
        let params =
            data.params_file.as_ref().and_then(|p| data.sources.iter().enumerate().rev().find(|(i, s)| s.name == p.file && !data.file_order.contains(i)).map(|(_, s)| s.clone()));
        PackSources { files, params }
    }

    /// Compiles a pack from the sources [`Pack::to_sources`] gave: the same pack, with the
    /// same [`content_hash`](Pack::content_hash), when the same version of granska compiles it.
    ///
    /// # Errors
    ///
    /// A [`PackError`] as for [`Pack::from_yaml`] and [`Pack::with_params_yaml`], each
    /// diagnostic located in its file; also when there are no files.
    pub fn from_sources(sources: &PackSources) -> Result<Pack, PackError> {
        if sources.files.is_empty() {
            let d = Diagnostic {
                severity: DiagnosticSeverity::Error,
                code: DiagnosticCode::Include,
                message: "no pack files were given".to_string(),
                file: String::new(),
                line: 0,
                column: 0,
                range: 0..0,
                hint: None,
            };
            return Err(PackError { diagnostics: vec![d], sources: vec![] });
        }
        compile_files(sources.files.clone(), sources.params.clone(), &Limits::default())
    }

    /// [`Pack::with_params_yaml`] with a parameters file read from disk (at most the pack's
    /// `max_file_size` bytes).
    ///
    /// # Errors
    ///
    /// The file cannot be read, or any error of [`Pack::with_params_yaml`].
    pub fn with_params_path(&self, path: impl AsRef<Path>) -> Result<Pack, PackError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let fail = |message: String| PackError {
            diagnostics: vec![Diagnostic {
                severity: DiagnosticSeverity::Error,
                code: DiagnosticCode::Include,
                message,
                file: name.clone(),
                line: 0,
                column: 0,
                range: 0..0,
                hint: None,
            }],
            sources: vec![],
        };
        let limit = self.data.limits.max_file_size as u64;
        let file = std::fs::File::open(path).map_err(|e| fail(format!("cannot read the parameters file `{name}`: {e}")))?;
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(file, limit + 1), &mut bytes).map_err(|e| fail(format!("cannot read the parameters file `{name}`: {e}")))?;
        if bytes.len() as u64 > limit {
            return Err(fail(format!("`{name}` is more than {limit} bytes, the limit for a parameters file")));
        }
        let text = String::from_utf8(bytes).map_err(|e| fail(format!("`{name}` is not UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to())))?;
        self.with_params_yaml(&text, &name)
    }

    fn load_with(root: &str, origin: load::Origin<'_>, limits: &Limits) -> Result<Pack, PackError> {
        let loaded = load::load(root, origin, limits);
        compile::compile(loaded, limits).map_err(|(diagnostics, sources)| PackError { diagnostics, sources })
    }
}

/// The YAML a pack is compiled from: its files in load order (the root last, each included
/// file before the files that include it) and the parameters file applied, if any.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PackSources {
    /// The pack's files, in load order.
    pub files: Vec<SourceFile>,
    /// The parameters file applied, if any.
    pub params: Option<SourceFile>,
}

/// Compiles pack files already read (in load order), with a parameters file if given.
fn compile_files(mut sources: Vec<SourceFile>, params: Option<SourceFile>, limits: &Limits) -> Result<Pack, PackError> {
    let mut files = Vec::with_capacity(sources.len());
    let mut diagnostics = vec![];
    for (i, source) in sources.iter().enumerate() {
        match load::parse_file(&source.text) {
            Ok(f) => files.push((i, f)),
            Err(d) => diagnostics.push(Diagnostic { file: source.name.clone(), ..*d }),
        }
    }
    let params = match params {
        None => None,
        Some(file) => {
            let index = sources.len();
            let parsed = load::parse_params_file(&file.text, &file.name);
            sources.push(file);
            match parsed {
                Ok(p) => Some((index, p)),
                Err(d) => return Err(PackError { diagnostics: vec![*d], sources }),
            }
        }
    };
    let loaded = load::Loaded { files, sources, diagnostics, params };
    compile::compile(loaded, limits).map_err(|(diagnostics, sources)| PackError { diagnostics, sources })
}
