//! The [`Summary`] of a year: its serialised shape (the JSON the municipality keeps), read
//! back and compared with last year's.

use super::*;

/// The pack a summary was made with: its provenance (id, version, content hash) and title.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryPack {
    /// The pack's id.
    pub id: String,
    /// The pack's version, if it has one.
    #[serde(default)]
    pub version: Option<String>,
    /// The pack's title.
    pub title: Text,
    /// The pack's content hash ([`Pack::content_hash`]): 64 lowercase hexadecimal digits.
    /// `None` only in a summary written before summaries carried it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<String>,
}

impl SummaryPack {
    /// The provenance of `pack`: its id, version, title and content hash.
    pub fn of(pack: &Pack) -> SummaryPack {
        let info = pack.info();
        SummaryPack { id: info.id.clone(), version: info.version.clone(), title: info.title.clone(), content_hash: Some(pack.content_hash().to_string()) }
    }

    /// The pack's id, version and content hash; `None` for a summary written without a hash.
    pub fn identity(&self) -> Option<PackIdentity> {
        self.content_hash.as_ref().map(|h| PackIdentity { id: self.id.clone(), version: self.version.clone(), content_hash: h.clone() })
    }

    /// The content hash shortened to its first 12 digits, as shown to people (`–` without one).
    pub fn short_hash(&self) -> &str {
        match &self.content_hash {
            Some(h) => h.get(..12).unwrap_or(h),
            None => "–",
        }
    }

    /// Why `previous` names another pack than `self`, in words — another pack id, or another
    /// version of the pack — or `None` when the id and version are the same (the parameter
    /// values, and so the content hash, may differ from year to year).
    pub fn other_than(&self, previous: &SummaryPack) -> Option<Text> {
        self.id_or_version_differs(previous, ("den föregående sammanställningen", "the previous summary"))
    }

    /// Why `other` (the pack of `whose` summary, in Swedish and English) has another id or
    /// version than `self`.
    fn id_or_version_differs(&self, other: &SummaryPack, whose: (&str, &str)) -> Option<Text> {
        let version = |v: &Option<String>| v.clone().unwrap_or_else(|| "–".to_string());
        let (sv, en) = whose;
        if self.id != other.id {
            Some(Text::new(
                format!("{sv} gjordes med regelpaketet {}, inte {}", other.label(), self.label()),
                format!("{en} was made with the pack {}, not {}", other.label(), self.label()),
            ))
        } else if self.version != other.version {
            Some(Text::new(
                format!("{sv} gjordes med version {} av regelpaketet {}, inte version {}", version(&other.version), self.id, version(&self.version)),
                format!("{en} was made with version {} of the pack {}, not version {}", version(&other.version), self.id, version(&self.version)),
            ))
        } else {
            None
        }
    }

    /// Whether `saved` names the same pack as `self` — id, version and, when `saved` names
    /// one, content hash — and if not, why, in words.
    pub fn mismatch(&self, saved: &SummaryPack) -> Option<Text> {
        if let Some(why) = self.id_or_version_differs(saved, ("sammanställningen", "the summary")) {
            return Some(why);
        }
        match (&self.content_hash, &saved.content_hash) {
            (Some(mine), Some(theirs)) if mine != theirs => Some(Text::new(
                format!("samma regelpaket och version, men andra regler eller parametervärden (kontrollsumma {}, inte {})", saved.short_hash(), self.short_hash()),
                format!("the same pack and version, but other rules or parameter values (content hash {}, not {})", saved.short_hash(), self.short_hash()),
            )),
            _ => None,
        }
    }

    /// "granska 2017.1 (a1b2c3d4e5f6)": the id, version and short hash, as shown in a footer.
    pub fn label(&self) -> String {
        let version = self.version.as_deref().map(|v| format!(" {v}")).unwrap_or_default();
        match &self.content_hash {
            Some(_) => format!("{}{version} ({})", self.id, self.short_hash()),
            None => format!("{}{version}", self.id),
        }
    }
}

/// The first and last report date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// The first report date, `YYYY-MM-DD`.
    pub from: String,
    /// The last report date, `YYYY-MM-DD`.
    pub to: String,
}

/// Reports that were rejected, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Rejected {
    /// How many reports were rejected.
    pub count: u64,
    /// How many were rejected for each reason (problem code).
    pub reasons: BTreeMap<ProblemCode, u64>,
    /// Each rejected report: where it was and what was wrong, in file and row order.
    pub reports: Vec<InputProblem>,
}

/// One requirement over all reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequirementSummary {
    /// The requirement's id.
    pub id: String,
    /// Its title in both languages.
    pub title: Text,
    /// `krav` or `bor`.
    pub severity: String,
    /// Its quality area (`kunskapsbaserad`, …).
    pub area: String,
    /// The source cited, as valid on the last report date.
    pub source: String,
    /// Service types it applies to; empty means all.
    #[serde(default)]
    pub services: Vec<String>,
    /// Its verdicts over all reports, and the change from last year.
    #[serde(flatten)]
    pub figures: Compared<Tally>,
}

/// One requirement within a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequirementFigures {
    /// The requirement's id.
    pub id: String,
    /// Its verdicts over the group's reports, and the change from last year.
    #[serde(flatten)]
    pub figures: Compared<Tally>,
}

/// One indicator over all reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorSummary {
    /// The indicator's id.
    pub id: String,
    /// Its title in both languages.
    pub title: Text,
    /// `share` or `sum`.
    pub kind: String,
    /// Who the share is of, as the indicator states it.
    pub denominator: Text,
    /// For a share: `answered` (unanswered providers left out of `of`) or `respondents`
    /// (counted in `of`, not in `count`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<ShareBase>,
    /// Service types it is asked of; empty means all.
    #[serde(default)]
    pub services: Vec<String>,
    /// The figure in words: "41 av 96 verksamheter, 43 procent".
    pub text: Text,
    /// The figures over all reports, and the change from last year.
    #[serde(flatten)]
    pub figures: Compared<IndicatorFigure>,
}

/// A parameter (contract term) and the value the verdicts used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParameterSummary {
    /// The parameter's id (read as `param.<id>`).
    pub id: String,
    /// What it sets, in both languages.
    pub label: Text,
    /// The value in force.
    pub value: ParamValue,
    /// What the number counts, e.g. "procent".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    /// The value is an example value (exempelvärde): the pack's default, taken from no
    /// document, and no parameters file set it.
    pub example: bool,
    /// Where the value comes from: the parameters file, or the source the default cites.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl ParameterSummary {
    /// The value with its unit, as shown in a table (`80 procent`).
    pub fn value_text(&self, lang: Lang) -> String {
        match &self.unit {
            Some(u) => format!("{} {}", self.value.display(lang), u.get(lang)),
            None => self.value.display(lang),
        }
    }

    /// Where the value comes from, as shown: "exempelvärde" / "example value", else the source.
    pub fn source_text(&self, lang: Lang) -> String {
        if self.example { if lang == Lang::Sv { "exempelvärde" } else { "example value" }.to_string() } else { self.source.clone().unwrap_or_default() }
    }
}

/// One indicator within a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorFigures {
    /// The indicator's id.
    pub id: String,
    /// The figure in words for the group.
    pub text: Text,
    /// The figures over the group's reports, and the change from last year.
    #[serde(flatten)]
    pub figures: Compared<IndicatorFigure>,
}

/// One of Socialstyrelsen's quality areas: its requirements' verdicts added up (one per
/// provider and requirement).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaSummary {
    /// The area's id (`kunskapsbaserad`, …).
    pub id: String,
    /// The area's name as Socialstyrelsen writes it.
    pub title: Text,
    /// How many requirements belong to the area.
    pub requirements: u32,
    /// The verdicts of its requirements, added up, and the change from last year.
    #[serde(flatten)]
    pub figures: Compared<Tally>,
}

/// The reports of one service type or contract form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSummary {
    /// The service type's or contract form's id.
    pub id: String,
    /// Its name in both languages.
    pub label: Text,
    /// Accepted reports of the group, and the change from last year.
    pub reports: Compared<Count>,
    /// For a service type, when a roster was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Compared<Response>>,
    /// Requirements that applied to at least one report of the group.
    pub requirements: Vec<RequirementFigures>,
    /// Indicators evaluated for at least one report of the group.
    pub indicators: Vec<IndicatorFigures>,
    /// The quality areas over the group's reports.
    pub areas: Vec<AreaSummary>,
}

/// Which summary the changes are computed against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousSummary {
    /// The id of the pack it was made with (absent in summaries written before it was kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_id: Option<String>,
    /// The version of the pack it was made with.
    #[serde(default)]
    pub pack_version: Option<String>,
    /// The content hash of the pack it was made with, when that summary names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_content_hash: Option<String>,
    /// When it was made with another pack (id or version): the requirements added, removed
    /// or changed (title, severity, area, source, service types) between the two summaries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirement_changes: Vec<ItemChange>,
    /// The period of its reports.
    #[serde(default)]
    pub period: Option<Period>,
    /// How many reports it counted.
    pub reports: i64,
}

/// The summary of a year's reports. Serialises to the same JSON for the same reports, in
/// any order and on any number of threads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// The version of this format ([`FORMAT`]).
    pub format: u32,
    /// The pack it was made with.
    pub pack: SummaryPack,
    /// The first and last report date; `None` with no reports.
    #[serde(default)]
    pub period: Option<Period>,
    /// Accepted reports.
    pub reports: Compared<Count>,
    /// Reports that were rejected, and why.
    #[serde(default)]
    pub rejected: Rejected,
    /// Export columns that were not read (unknown or duplicate titles).
    #[serde(default)]
    pub ignored_columns: Vec<InputProblem>,
    /// Reports of a provider (and service type) that already had a report in the batch:
    /// each is counted; each is listed (code `duplicate-provider`, not rejected) with its
    /// place and the place of the first report, sorted by file and row.
    #[serde(default)]
    pub duplicates: Vec<InputProblem>,
    /// Answers not used (each treated as unanswered), by issue code.
    #[serde(default)]
    pub issues: BTreeMap<IssueCode, u64>,
    /// Over all service types, when a roster was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Compared<Response>>,
    /// The pack's parameters (contract terms) with the values the verdicts used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<ParameterSummary>,
    /// The parameters file applied, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params_file: Option<ParamsInfo>,
    /// Every requirement over all reports, in requirement order.
    pub requirements: Vec<RequirementSummary>,
    /// Every indicator over all reports, in pack order.
    pub indicators: Vec<IndicatorSummary>,
    /// The six quality areas.
    pub areas: Vec<AreaSummary>,
    /// Each service type of the pack (and any other the reports named).
    pub services: Vec<GroupSummary>,
    /// Each contract form (and `unspecified`, `other`).
    pub contracts: Vec<GroupSummary>,
    /// The summary the changes are computed against, when one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousSummary>,
}

/// A summary's requirements as compared by [`Summary::requirement_changes`].
fn requirement_items(s: &Summary, with_source: bool) -> Vec<ItemFields> {
    #[derive(Serialize)]
    struct Fields<'a> {
        title: &'a Text,
        severity: &'a str,
        area: &'a str,
        source: Option<&'a str>,
        services: &'a [String],
    }
    s.requirements
        .iter()
        .map(|r| {
            let fields = Fields { title: &r.title, severity: &r.severity, area: &r.area, source: with_source.then_some(r.source.as_str()), services: &r.services };
            ItemFields::of(&r.id, Some(r.title.clone()), &fields, &[])
        })
        .collect()
}

/// A summary's parameters as compared by [`Summary::pack_changes`].
fn parameter_items(s: &Summary) -> Vec<ItemFields> {
    s.parameters.iter().map(|p| ItemFields::of(&p.id, Some(p.label.clone()), p, &["id"])).collect()
}

/// A summary's indicators as compared by [`Summary::pack_changes`] (without their figures).
fn indicator_items(s: &Summary) -> Vec<ItemFields> {
    #[derive(Serialize)]
    struct Fields<'a> {
        title: &'a Text,
        kind: &'a str,
        denominator: &'a Text,
        base: Option<ShareBase>,
        services: &'a [String],
    }
    s.indicators
        .iter()
        .map(|i| ItemFields::of(&i.id, Some(i.title.clone()), &Fields { title: &i.title, kind: &i.kind, denominator: &i.denominator, base: i.base, services: &i.services }, &[]))
        .collect()
}

/// A previous summary that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read the previous summary: {0}")]
pub struct SummaryReadError(String);

fn compare_by_id<'a, T, F: Figures + 'a>(
    mine: &mut [T],
    theirs: &'a [T],
    id: impl Fn(&T) -> &str,
    figures: impl Fn(&mut T) -> &mut Compared<F>,
    their_figures: impl Fn(&'a T) -> &'a Compared<F>,
) {
    let index: HashMap<&str, &T> = theirs.iter().map(|t| (id(t), t)).collect();
    for m in mine.iter_mut() {
        let previous = index.get(id(m)).map(|t| their_figures(t));
        figures(m).compare(previous);
    }
}

fn compare_groups(mine: &mut [GroupSummary], theirs: &[GroupSummary]) {
    let index: HashMap<&str, &GroupSummary> = theirs.iter().map(|g| (g.id.as_str(), g)).collect();
    for g in mine.iter_mut() {
        let Some(p) = index.get(g.id.as_str()) else { continue };
        g.reports.compare(Some(&p.reports));
        if let (Some(r), Some(pr)) = (g.response.as_mut(), p.response.as_ref()) {
            r.compare(Some(pr));
        }
        compare_by_id(&mut g.requirements, &p.requirements, |r| &r.id, |r| &mut r.figures, |r| &r.figures);
        compare_by_id(&mut g.indicators, &p.indicators, |r| &r.id, |r| &mut r.figures, |r| &r.figures);
        compare_by_id(&mut g.areas, &p.areas, |r| &r.id, |r| &mut r.figures, |r| &r.figures);
    }
}

impl Summary {
    /// Reads a summary from its JSON (e.g. last year's).
    ///
    /// # Errors
    ///
    /// A [`SummaryReadError`] with the line and column where the JSON is not a summary.
    pub fn from_json(text: &str) -> Result<Summary, SummaryReadError> {
        serde_json::from_str(text).map_err(|e| SummaryReadError(format!("line {}, column {}: {e}", e.line(), e.column())))
    }

    /// The summary as pretty JSON, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Fills in last year's figure and the change for every figure found (by id) in `previous`.
    pub fn compare_with(&mut self, previous: &Summary) {
        self.reports.compare(Some(&previous.reports));
        if let (Some(r), Some(pr)) = (self.response.as_mut(), previous.response.as_ref()) {
            r.compare(Some(pr));
        }
        compare_by_id(&mut self.requirements, &previous.requirements, |r| &r.id, |r| &mut r.figures, |r| &r.figures);
        compare_by_id(&mut self.indicators, &previous.indicators, |r| &r.id, |r| &mut r.figures, |r| &r.figures);
        compare_by_id(&mut self.areas, &previous.areas, |r| &r.id, |r| &mut r.figures, |r| &r.figures);
        compare_groups(&mut self.services, &previous.services);
        compare_groups(&mut self.contracts, &previous.contracts);
        let requirement_changes = if self.other_pack(previous).is_some() { self.requirement_changes(previous) } else { vec![] };
        self.previous = Some(PreviousSummary {
            pack_id: Some(previous.pack.id.clone()),
            pack_version: previous.pack.version.clone(),
            pack_content_hash: previous.pack.content_hash.clone(),
            requirement_changes,
            period: previous.period.clone(),
            reports: previous.reports.now.count,
        });
    }

    /// Why `previous` was made with another pack than this summary ([`SummaryPack::other_than`]).
    pub fn other_pack(&self, previous: &Summary) -> Option<Text> {
        self.pack.other_than(&previous.pack)
    }

    /// The requirements added, removed or changed since `previous` (by id; a change is one of
    /// title, severity, quality area, source cited — when both summaries have reports — or
    /// service types: a summary keeps no expressions; `granska diff` compares the packs).
    pub fn requirement_changes(&self, previous: &Summary) -> Vec<ItemChange> {
        // The source cited is the one valid on the last report date: without reports on both
        // sides there is no date to compare it on.
        let with_source = self.period.is_some() && previous.period.is_some();
        compare_items(ItemKind::Requirement, &requirement_items(previous, with_source), &requirement_items(self, with_source))
    }

    /// What a summary shows of its pack that differs from `other`'s: parameters (label,
    /// value, unit, example, source), requirements (as [`Summary::requirement_changes`]) and
    /// indicators (title, kind, denominator, base, service types) added, removed or changed.
    /// Used when a saved summary's pack is not at hand; `granska diff` compares two packs.
    pub fn pack_changes(&self, other: &Summary) -> Vec<ItemChange> {
        let mut out = compare_items(ItemKind::Parameter, &parameter_items(other), &parameter_items(self));
        out.extend(self.requirement_changes(other));
        out.extend(compare_items(ItemKind::Indicator, &indicator_items(other), &indicator_items(self)));
        out
    }

    /// An indicator by id.
    pub fn indicator(&self, id: &str) -> Option<&IndicatorSummary> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// A requirement by id.
    pub fn requirement(&self, id: &str) -> Option<&RequirementSummary> {
        self.requirements.iter().find(|r| r.id == id)
    }

    /// A service type's group by id.
    pub fn service(&self, id: &str) -> Option<&GroupSummary> {
        self.services.iter().find(|g| g.id == id)
    }
}
