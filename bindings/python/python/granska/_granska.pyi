"""Type stubs of the extension module ``granska._granska`` (pyo3), re-exported by ``granska``."""

import os
from collections.abc import Iterable, Mapping
from typing import Any, Literal, Optional, Protocol, Union, final, overload

import pandas
import polars

__all__ = [
    "GranskaError",
    "PackError",
    "CompiledPackError",
    "AnswerError",
    "ExportError",
    "PartialSummaryError",
    "Pack",
    "Report",
    "FormState",
    "Text",
    "Choice",
    "Field",
    "Question",
    "CitedSource",
    "Requirement",
    "Parameter",
    "Service",
    "Diagnostic",
    "Issue",
    "Explanation",
    "RequirementVerdict",
    "Undecided",
    "InputProblem",
    "Summary",
    "PartialSummary",
    "merge_partials",
    "diff",
    "AuditSummary",
    "SurveySummary",
    "audit_checklist",
    "survey_pack",
    "summarize_audits",
    "summarize_survey",
    "write_report",
    "History",
    "ActionCheck",
    "history",
    "check_actions",
    "RiskRegister",
    "risk_register_pack",
    "read_risk_register",
    "write_kvalitetsberattelse",
    "__version__",
]

__version__: str

_Lang = Literal["sv", "en"]
_VerdictName = Literal["met", "not_met", "not_applicable", "unanswered"]
_PathLike = Union[str, "os.PathLike[str]"]
_ReportData = Mapping[str, Any]

class _ArrowStreamExportable(Protocol):
    """A data frame with the Arrow PyCapsule interface: polars, pyarrow, DuckDB, …"""

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object: ...

class _ArrowArrayExportable(Protocol):
    """One record batch with the Arrow PyCapsule interface (e.g. a pyarrow RecordBatch)."""

    def __arrow_c_array__(self, requested_schema: Optional[object] = None) -> tuple[object, object]: ...

_Frame = Union["pandas.DataFrame", _ArrowStreamExportable, _ArrowArrayExportable]
_Reports = Union[_PathLike, _Frame, Iterable[_ReportData]]
_MappingArg = Optional[Union[_PathLike, Mapping[str, Optional[str]]]]
_ParamValue = Union[bool, int, float, str]
_Params = Union[_PathLike, Mapping[str, _ParamValue]]

class GranskaError(Exception):
    """The base class of every error granska raises."""

class PackError(GranskaError):
    """A rule pack that could not be loaded."""

    diagnostics: list[Diagnostic]
    """Every problem found, located in the YAML files."""
    rendered: str
    """The diagnostics rendered like a compiler, with the source lines."""

class CompiledPackError(PackError):
    """A compiled pack file that could not be loaded (``diagnostics`` is empty)."""

    kind: Literal["not-compiled", "version", "truncated", "corrupt", "invalid", "unsupported", "no-normalizer", "too-large", "hash-mismatch"]
    """Why: not a compiled pack, another format version, truncated, a checksum that does not
    match, data not written by ``granska compile``, needs what this build leaves out (pattern
    matching), no Unicode normaliser (never in this package), a file over 64 MiB, or another
    content hash than its header's."""

class AnswerError(GranskaError):
    """A report that cannot be judged: no provider, service type or date, or not a mapping."""

    problems: list[Issue]
    """What is wrong, by field."""
    provider: Optional[str]
    """The provider id, when it could be read."""

class ExportError(GranskaError):
    """A survey export, roster, mapping or previous summary that cannot be read at all."""

    problems: list[InputProblem]
    """Every problem found, located by file, row and column."""

@final
class Text:
    """A text in Swedish (``sv``) and English (``en``); ``str(text)`` is the Swedish text."""

    sv: str
    en: str
    def get(self, lang: _Lang = "sv") -> str:
        """The text in ``lang``."""

@final
class Choice:
    """One allowed answer of a choice question."""

    value: str
    label: Text

@final
class Field:
    """A field of the records of a list question."""

    id: str
    type: str
    label: Text
    choices: list[Choice]
    min: Optional[float]
    max: Optional[float]

@final
class Question:
    """A question of the questionnaire."""

    id: str
    type: Literal["bool", "integer", "number", "percent", "date", "text", "choice", "list"]
    label: Text
    help: Optional[Text]
    choices: list[Choice]
    multiple: bool
    fields: list[Field]
    min: Optional[float]
    max: Optional[float]
    required: Optional[str]
    relevant: Optional[str]
    constraint: Optional[str]
    constraint_message: Optional[Text]
    services: list[str]
    pack: str

@final
class CitedSource:
    """A text a requirement cites, valid over a period (inclusive; None is open)."""

    text: str
    from_date: Optional[str]
    until: Optional[str]

@final
class Requirement:
    """A requirement of law or contract."""

    id: str
    title: Text
    source: str
    sources: list[CitedSource]
    severity: Literal["krav", "bor"]
    area: str
    services: list[str]
    valid_from: Optional[str]
    valid_to: Optional[str]
    applies: Optional[str]
    require: str
    message: Text
    unanswered: Optional[Text]
    pack: str

@final
class Parameter:
    """A pack parameter: a contract term a municipality sets, with the value in force."""

    id: str
    type: Literal["bool", "integer", "number", "percent", "text", "date"]
    label: Text
    unit: Optional[Text]
    min: Optional[float]
    max: Optional[float]
    source: Optional[str]
    example: bool
    is_example: bool
    note: Optional[Text]
    set_by: Optional[str]
    pack: str
    @property
    def value(self) -> _ParamValue:
        """The value in force (a date as ``YYYY-MM-DD``)."""
    @property
    def default(self) -> _ParamValue:
        """The value the pack declares."""

@final
class Service:
    """A service type reports can be of."""

    id: str
    label: Text
    contracts: list[str]

@final
class Diagnostic:
    """A problem found in a pack, located in its YAML file."""

    severity: Literal["error", "warning"]
    code: str
    message: str
    file: str
    line: int
    column: int
    hint: Optional[str]

@final
class Issue:
    """A problem with one answer or report field."""

    field: str
    code: str
    message: Text
    value: Optional[str]

@final
class InputProblem:
    """A problem with an input, located by file, row and column; ``str()`` says it in one line."""

    file: str
    sheet: Optional[str]
    row: Optional[int]
    column: Optional[int]
    column_name: Optional[str]
    field: Optional[str]
    provider: Optional[str]
    code: str
    message: Text
    rejected: bool

@final
class Explanation:
    """One failed condition of a ``not_met`` requirement."""

    condition: str
    detail: Text
    @property
    def reads(self) -> dict[str, Any]:
        """The answers and derived values the condition read (None when unanswered)."""

@final
class RequirementVerdict:
    """The verdict of one requirement for one report, explained."""

    @property
    def requirement(self) -> str: ...
    @property
    def title(self) -> Text: ...
    @property
    def verdict(self) -> _VerdictName: ...
    @property
    def severity(self) -> Literal["krav", "bor"]: ...
    @property
    def area(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def message(self) -> Optional[Text]: ...
    @property
    def explanation(self) -> list[Explanation]: ...
    @property
    def deciding(self) -> list[str]: ...

@final
class Undecided:
    """A requirement still undecided, with the questions that would decide it."""

    requirement: str
    title: Text
    questions: list[str]

@final
class Report:
    """The outcome of checking one provider's report."""

    @property
    def provider(self) -> str: ...
    @property
    def name(self) -> Optional[str]: ...
    @property
    def service(self) -> str: ...
    @property
    def contract(self) -> Optional[str]: ...
    @property
    def date(self) -> str: ...
    @property
    def pack(self) -> str: ...
    @property
    def pack_version(self) -> Optional[str]: ...
    @property
    def pack_content_hash(self) -> str:
        """The content hash of the pack that judged it (64 hex digits)."""
    @property
    def counts(self) -> dict[str, int]: ...
    @property
    def issues(self) -> list[Issue]: ...
    @property
    def verdicts(self) -> list[RequirementVerdict]: ...
    def __getitem__(self, requirement: str, /) -> RequirementVerdict: ...
    def __len__(self) -> int: ...
    def to_dict(self) -> dict[str, Any]:
        """The report as plain dicts and lists (docs/report-schema.md)."""
    def to_json(self, indent: Optional[int] = None) -> str:
        """The report as JSON text: compact, or ``indent`` spaces per level (2 is the CLI's form)."""
    def to_frame(self, lang: _Lang = "sv") -> pandas.DataFrame:
        """The verdicts as a tidy DataFrame, one row per requirement."""
    def to_polars(self, lang: _Lang = "sv") -> polars.DataFrame:
        """The verdicts as a tidy polars DataFrame, one row per requirement (needs polars)."""

@final
class FormState:
    """The state of a questionnaire for the answers given so far."""

    @property
    def relevant(self) -> list[str]: ...
    @property
    def missing(self) -> list[str]: ...
    @property
    def errors(self) -> list[Issue]: ...
    @property
    def verdicts(self) -> dict[str, _VerdictName]: ...
    @property
    def undecided(self) -> list[Undecided]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self, indent: Optional[int] = None) -> str: ...

class PartialSummaryError(GranskaError):
    """A partial summary that cannot be read (not one, or of another format version), or
    merged or finished (another pack: id, version or content hash; another roster)."""

@final
class PartialSummary:
    """The counts of one batch of reports, to be merged with other batches' partials and
    finished into the summary one pass over all of them gives (see docs/scale.md)."""

    @staticmethod
    def from_json(text: str) -> PartialSummary:
        """Reads a partial summary from its JSON text; raises ``PartialSummaryError``."""
    @staticmethod
    def from_bytes(data: bytes) -> PartialSummary:
        """Reads a partial summary from ``to_bytes()``; raises ``PartialSummaryError``."""
    def to_json(self) -> str:
        """The partial as compact JSON (a documented, versioned format)."""
    def to_bytes(self) -> bytes:
        """The partial's JSON as UTF-8 bytes, for a Spark ``binary`` column."""
    def merge(self, other: PartialSummary) -> PartialSummary:
        """Both partials merged, as a new one; raises ``PartialSummaryError``."""
    def finish(self, pack: Pack, previous: Optional[Union[Summary, Mapping[str, Any], _PathLike]] = None, *, allow_other_pack: bool = False) -> Summary:
        """The summary of every report counted; raises ``PartialSummaryError`` for another pack,
        ``ExportError`` for a ``previous`` of another pack id or version unless
        ``allow_other_pack``."""
    @property
    def reports(self) -> int: ...
    @property
    def rejected(self) -> int: ...
    @property
    def pack(self) -> dict[str, Any]:
        """``{"id", "version", "content_hash"}`` of the pack the reports were checked with."""

def merge_partials(partials: Iterable[PartialSummary]) -> PartialSummary:
    """Merges partial summaries into one, in any order; raises ``PartialSummaryError`` or
    ``ValueError`` when there are none."""

@overload
def diff(old: Pack, new: Pack, export: None = None, roster: Optional[_PathLike] = None, mapping: Union[None, _PathLike, Mapping[str, Optional[str]]] = None, sheet: Optional[str] = None) -> pandas.DataFrame:
    """What changed between two packs: one row per changed field (``kind``, ``id``,
    ``change``, ``field``, ``old``, ``new``, ``title``); ``attrs["old"]``/``attrs["new"]``
    name the packs."""
@overload
def diff(
    old: Pack, new: Pack, export: _PathLike, roster: Optional[_PathLike] = None, mapping: Union[None, _PathLike, Mapping[str, Optional[str]]] = None, sheet: Optional[str] = None
) -> tuple[pandas.DataFrame, pandas.DataFrame, pandas.DataFrame]:
    """With an export: ``(changes, verdicts, figures)`` — the verdicts that change and the
    figures that move when the export is checked under both packs."""

@final
class Summary:
    """The summary of a year's reports."""

    @staticmethod
    def from_json(text: str) -> Summary:
        """Reads a summary from its JSON text."""
    @property
    def pack(self) -> dict[str, Any]:
        """``{"id", "version", "title", "content_hash"}`` of the pack the summary was made with."""
    @property
    def reports(self) -> int: ...
    @property
    def rejected(self) -> list[InputProblem]: ...
    @property
    def issues(self) -> dict[str, int]: ...
    @property
    def ignored_columns(self) -> list[InputProblem]: ...
    @property
    def duplicates(self) -> list[InputProblem]:
        """Reports of a provider (and service type) already in the batch; all are counted."""
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self, indent: Optional[int] = None) -> str: ...
    def to_csv(self, lang: _Lang = "sv") -> str: ...
    def to_markdown(self, lang: _Lang = "sv") -> str: ...
    def to_html(self, lang: _Lang = "sv") -> str: ...
    def to_frame(self, lang: _Lang = "sv") -> pandas.DataFrame:
        """The summary table (the rows and columns of ``to_csv``) as a DataFrame."""
    def to_polars(self, lang: _Lang = "sv") -> polars.DataFrame:
        """The summary table (the rows and columns of ``to_csv``) as a polars DataFrame (needs polars)."""

_AuditSection = Literal["indicators", "requirements", "items"]
_SurveySection = Literal["results", "scales", "response"]

@final
class AuditSummary:
    """The year's quality audits: per provider and over the year (made by ``summarize_audits``)."""

    @property
    def rejected(self) -> int:
        """Items, rows or whole records rejected (each listed in ``problems``)."""
    @property
    def problems(self) -> list[InputProblem]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self, indent: Optional[int] = None) -> str: ...
    def to_frame(self, section: _AuditSection = "indicators", lang: _Lang = "sv") -> pandas.DataFrame:
        """A tidy table of one section: ``indicators``, ``requirements`` or ``items``."""
    def to_polars(self, section: _AuditSection = "indicators", lang: _Lang = "sv") -> polars.DataFrame:
        """As ``to_frame``, a polars DataFrame (needs polars)."""

@final
class SurveySummary:
    """The user survey, small numbers suppressed (made by ``summarize_survey``)."""

    @property
    def threshold(self) -> int:
        """Results based on fewer respondents than this are not shown."""
    @property
    def threshold_note(self) -> Text:
        """Where the threshold comes from."""
    @property
    def rejected(self) -> int:
        """Rows rejected (each listed in ``problems``)."""
    @property
    def problems(self) -> list[InputProblem]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self, indent: Optional[int] = None) -> str: ...
    def to_frame(self, section: _SurveySection = "results", lang: _Lang = "sv") -> pandas.DataFrame:
        """A tidy table of one section: ``results``, ``scales`` or ``response``."""
    def to_polars(self, section: _SurveySection = "results", lang: _Lang = "sv") -> polars.DataFrame:
        """As ``to_frame``, a polars DataFrame (needs polars)."""

def audit_checklist(params: Optional[_Params] = None) -> Pack:
    """The built-in audit checklist (structured öppenvård)."""

def survey_pack(params: Optional[_Params] = None) -> Pack:
    """The built-in user survey pack (threshold parameter ``enkat.minsta_antal``)."""

def summarize_audits(
    records: Union[_PathLike, list[_PathLike], tuple[_PathLike, ...]],
    checklist: Optional[Pack] = None,
    notes: bool = False,
    previous: Optional[Union[AuditSummary, dict[str, Any], _PathLike]] = None,
    sheet: Optional[str] = None,
) -> AuditSummary:
    """Summarises audit records and tables (YAML, JSON, a workbook or CSV; files or folders).

    ``sheet`` names the sheet read in every workbook (the first by default). With
    ``previous`` (last year's ``AuditSummary``, its ``to_dict()`` or JSON file) each year
    figure gets last year's beside it and a change only over the providers audited both
    years. Raises ``ExportError``."""

def summarize_survey(
    export: _PathLike,
    pack: Optional[Pack] = None,
    asked: Optional[Union[_PathLike, Mapping[str, int]]] = None,
    threshold: Optional[int] = None,
    mapping: _MappingArg = None,
    sheet: Optional[str] = None,
    previous: Optional[Union[SurveySummary, dict[str, Any], _PathLike]] = None,
) -> SurveySummary:
    """Summarises a survey export (one row per respondent); with ``previous`` (last year's
    ``SurveySummary``, its ``to_dict()`` or JSON file) each figure gets last year's and the change
    in points, suppressed when either year's figure is. Raises ``ExportError``."""

def write_report(
    summary: Summary,
    pack: Pack,
    audits: Optional[AuditSummary] = None,
    survey: Optional[SurveySummary] = None,
    prose: Optional[Union[_PathLike, Mapping[str, str]]] = None,
    title: Optional[str] = None,
    lang: _Lang = "sv",
    path: Optional[_PathLike] = None,
    history: Optional[History] = None,
) -> str:
    """The annual report as one self-contained HTML page (also written to ``path``); ``history``
    adds a section on recurring shortcomings."""

_RiskSection = Literal["risks", "actions", "matrix"]

@final
class RiskRegister:
    """The committee's risk register read and checked (made by ``read_risk_register``): each
    risk with its level as the pack defines it, each action with its state, the matrix."""

    @property
    def unit(self) -> str:
        """The unit (the register's ``provider``)."""
    @property
    def date(self) -> str:
        """The date the register is judged at, ``YYYY-MM-DD``."""
    @property
    def reviewed(self) -> Optional[str]:
        """When management last went through the register, ``YYYY-MM-DD``."""
    @property
    def report(self) -> Report:
        """Every requirement's verdict; ``issues`` locate bad record fields."""
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self, indent: Optional[int] = None) -> str: ...
    def to_frame(self, section: _RiskSection = "risks", lang: _Lang = "sv") -> pandas.DataFrame:
        """A tidy table of one section: ``risks``, ``actions`` or ``matrix``."""
    def to_polars(self, section: _RiskSection = "risks", lang: _Lang = "sv") -> polars.DataFrame:
        """As ``to_frame``, a polars DataFrame (needs polars)."""

def risk_register_pack(params: Optional[_Params] = None) -> Pack:
    """The built-in risk register pack (``rules/riskanalys/riskregister.yaml``)."""

def read_risk_register(register: _PathLike, pack: Optional[Pack] = None) -> RiskRegister:
    """Reads and checks a risk register (YAML or JSON); raises ``AnswerError``, ``PackError``
    or ``OSError``."""

def write_kvalitetsberattelse(
    register: RiskRegister,
    summary: Optional[Summary] = None,
    prose: Optional[Union[_PathLike, Mapping[str, str]]] = None,
    title: Optional[str] = None,
    lang: _Lang = "sv",
    format: Literal["html", "md", "markdown"] = "html",
    path: Optional[_PathLike] = None,
) -> str:
    """The kvalitetsberättelse drafted from the register, as HTML or Markdown (also written to
    ``path``)."""

@final
class Pack:
    """A loaded, checked rule pack, ready to judge reports."""

    @staticmethod
    def builtin(params: Optional[_Params] = None) -> Pack:
        """The built-in pack (law, common and contract requirements), with ``params`` (a
        parameters file's path or a mapping of parameter ids to values) applied."""
    @staticmethod
    def from_yaml(text: str, name: str = "pack.yaml", params: Optional[_Params] = None) -> Pack:
        """Loads a pack from YAML text; raises ``PackError``."""
    @staticmethod
    def load(path: _PathLike, params: Optional[_Params] = None) -> Pack:
        """Loads a pack from a file or a folder: a compiled pack file (recognised by its
        magic bytes), else YAML; raises ``PackError``, ``CompiledPackError`` or ``OSError``."""
    @staticmethod
    def from_compiled(data: bytes, params: Optional[_Params] = None) -> Pack:
        """Loads a pack from a compiled pack file's bytes (``to_compiled``, ``granska
        compile``) without YAML; raises ``CompiledPackError``."""
    def to_compiled(self) -> bytes:
        """The pack as a compiled pack file's bytes."""
    @property
    def content_hash(self) -> str:
        """The SHA-256 of the pack's canonical form, 64 hex digits."""
    @property
    def identity(self) -> dict[str, Any]:
        """``{"id", "version", "content_hash"}``."""
    @staticmethod
    def _from_sources(files: list[tuple[str, str]], params: Optional[tuple[str, str]] = None, content_hash: Optional[str] = None) -> Pack:
        """Compiles a pack from its YAML files (what unpickling calls); raises ``PackError``."""
    def __reduce__(self) -> tuple[Any, tuple[bytes]]: ...
    def with_params(self, params: _Params) -> Pack:
        """This pack with a municipality's parameters (a parameters file's path or a mapping
        of parameter ids to values); raises ``PackError`` with the place of each mistake."""
    def with_params_yaml(self, text: str, name: str = "params.yaml") -> Pack:
        """This pack with a parameters file given as YAML text; raises ``PackError``."""
    @property
    def parameters(self) -> list[Parameter]: ...
    @property
    def id(self) -> str: ...
    @property
    def version(self) -> Optional[str]: ...
    @property
    def title(self) -> Text: ...
    @property
    def services(self) -> list[Service]: ...
    @property
    def questions(self) -> list[Question]: ...
    @property
    def requirements(self) -> list[Requirement]: ...
    @property
    def warnings(self) -> list[Diagnostic]: ...
    def check(self, report: _ReportData) -> Report:
        """Checks one report; raises ``AnswerError`` when it cannot be judged."""
    def check_json(self, text: Union[str, bytes, bytearray]) -> Report:
        """Checks one report file's text as JSON, read as the CLI reads it; raises ``AnswerError``."""
    def check_yaml(self, text: Union[str, bytes, bytearray]) -> Report:
        """Checks one report file's text as YAML, read as the CLI reads it; raises ``AnswerError``."""
    @overload
    def check_many(  # type: ignore[overload-overlap]
        self,
        data: polars.DataFrame,
        lang: _Lang = "sv",
        mapping: _MappingArg = None,
        sheet: Optional[str] = None,
        *,
        messages: bool = True,
        output: Optional[Literal["polars"]] = None,
    ) -> polars.DataFrame:
        """Checks many reports into a tidy polars DataFrame (one row per provider and requirement);
        ``messages=False``: the verdicts-only frame, without the ``message`` column."""
    @overload
    def check_many(
        self,
        data: _Reports,
        lang: _Lang = "sv",
        mapping: _MappingArg = None,
        sheet: Optional[str] = None,
        *,
        messages: bool = True,
        output: Literal["arrow"],
    ) -> Any:
        """Checks many reports into a tidy pyarrow Table (text columns as dictionaries)."""
    @overload
    def check_many(
        self,
        data: _Reports,
        lang: _Lang = "sv",
        mapping: _MappingArg = None,
        sheet: Optional[str] = None,
        *,
        messages: bool = True,
        output: Literal["polars"],
    ) -> polars.DataFrame:
        """Checks many reports into a tidy polars DataFrame."""
    @overload
    def check_many(
        self,
        data: _Reports,
        lang: _Lang = "sv",
        mapping: _MappingArg = None,
        sheet: Optional[str] = None,
        *,
        messages: bool = True,
        output: Optional[Literal["pandas"]] = None,
    ) -> pandas.DataFrame:
        """Checks many reports into a tidy DataFrame (one row per provider and requirement);
        ``messages=False``: the verdicts-only frame, without the ``message`` column."""
    @overload
    def problems(  # type: ignore[overload-overlap]
        self,
        data: polars.DataFrame,
        lang: _Lang = "sv",
        mapping: _MappingArg = None,
        sheet: Optional[str] = None,
    ) -> polars.DataFrame:
        """Every problem of a batch, one row each, as a polars DataFrame."""
    @overload
    def problems(
        self,
        data: _Reports,
        lang: _Lang = "sv",
        mapping: _MappingArg = None,
        sheet: Optional[str] = None,
    ) -> pandas.DataFrame:
        """Every problem of a batch, one row each: columns not read, rejected reports, answers not used."""
    def summarize(
        self,
        data: _Reports,
        roster: Optional[Union[_PathLike, _Frame, Iterable[_ReportData]]] = None,
        previous: Optional[Union[Summary, Mapping[str, Any], _PathLike]] = None,
        mapping: _MappingArg = None,
        sheet: Optional[str] = None,
        *,
        allow_other_pack: bool = False,
    ) -> Summary:
        """Summarises a year's reports; a ``previous`` summary of another pack id or version
        raises ``ExportError`` unless ``allow_other_pack``."""
    def check_tool_export(self, path: _PathLike, tool: Literal["xlsform", "surveyjs"], sheet: Optional[str] = None) -> tuple[list[Report], list[InputProblem]]:
        """Checks a survey tool's answer export of a form ``granska questions --format
        xlsform|surveyjs`` wrote (docs/survey-tools.md): the reports, and every problem located
        (columns the form does not have are ``unexported-column`` warnings)."""
    def summarize_tool_export(
        self,
        path: _PathLike,
        tool: Literal["xlsform", "surveyjs"],
        sheet: Optional[str] = None,
        roster: Optional[Union[_PathLike, _Frame, Iterable[_ReportData]]] = None,
        previous: Optional[Union[Summary, Mapping[str, Any], _PathLike]] = None,
        *,
        allow_other_pack: bool = False,
    ) -> Summary:
        """Summarises a survey tool's answer export, as ``check_tool_export`` reads it."""
    def partial_summary(
        self,
        data: _Reports,
        roster: Optional[Union[_PathLike, _Frame, Iterable[_ReportData]]] = None,
        mapping: _MappingArg = None,
        sheet: Optional[str] = None,
        *,
        rows: Optional[Iterable[int]] = None,
        file: Optional[Union[str, Iterable[str]]] = None,
    ) -> PartialSummary:
        """The counts of a batch of reports, each located at ``file`` and ``rows`` when given."""
    def form_state(self, report: _ReportData) -> FormState:
        """The form state for answers given so far."""

@final
class History:
    """Several years' checked reports joined per provider and requirement (``history()``)."""

    @property
    def year(self) -> int:
        """The year in focus (its figures are computed)."""
    @property
    def years(self) -> list[dict[str, Any]]:
        """Every year: ``{"year", "reports", "providers", "packs": [{"id", "version", "content_hash", "reports"}]}``."""
    @property
    def recurring(self) -> list[dict[str, Any]]:
        """Providers not meeting a requirement two or more years running, in the year in focus:
        ``{"requirement", "run", "count", "providers", "text": {"sv", "en"}}``."""
    @property
    def providers(self) -> list[dict[str, Any]]:
        """Every provider: ``{"provider", "service", "name", "years": [{"year", "reported_as", "date"}], "missing_years"}``."""
    @property
    def requirements(self) -> list[dict[str, Any]]:
        """Every requirement with the years whose reports have it: ``{"id", "title", "years", "title_changed"}``."""
    @property
    def problems(self) -> list[InputProblem]:
        """Reports, rows and mapping rows not read, and providers reported twice, each located."""
    def to_frame(self) -> pandas.DataFrame:
        """The tidy frame: ``provider, service, requirement, year, verdict, status, run``, one row per
        provider, requirement (that applied to it in some year) and year."""
    def to_dict(self) -> dict[str, Any]:
        """The history as plain dicts and lists (the JSON of ``granska history --format json``)."""
    def to_json(self, indent: Optional[int] = None) -> str:
        """The history as JSON text (2 spaces per level by default)."""
    def to_text(self, lang: _Lang = "sv") -> str:
        """The history as text for a person."""

def history(
    reports: Union[_PathLike, Iterable[_PathLike]],
    pack: Optional[Pack] = None,
    mapping: Optional[_PathLike] = None,
    year: Optional[int] = None,
    allow_other_pack: bool = False,
    sheet: Optional[str] = None,
) -> History:
    """Joins several years' checked reports (report JSON files or folders, or exports checked with
    ``pack``) per provider and requirement; ``mapping`` links old provider ids to new ones (CSV or
    workbook ``old,new,reason``). Raises ``ExportError`` for an unreadable mapping, ``ValueError``
    when no report could be read, ``year`` has none or the packs differ."""

@final
class ActionCheck:
    """Action plans checked against a ``History`` (``check_actions()``)."""

    @property
    def year(self) -> int:
        """The year whose shortcomings need a plan."""
    @property
    def findings(self) -> list[dict[str, Any]]:
        """``{"code": "no-plan" | "overdue" | "closed-not-met", "provider", "service", "requirement", "place", "text"}``."""
    @property
    def problems(self) -> list[InputProblem]:
        """Records not read or not checked, each located."""
    def to_frame(self, section: Literal["actions", "findings", "providers", "services"] = "actions", lang: _Lang = "sv") -> pandas.DataFrame:
        """One section as a pandas DataFrame."""
    def to_dict(self) -> dict[str, Any]:
        """The check as plain dicts and lists (the JSON of ``granska actions --format json``)."""
    def open_actions(self, provider: str, history: History, pack: Optional[Pack] = None) -> Optional[dict[str, Any]]:
        """One provider's open actions as the questionnaire page opens them (the JSON of
        ``granska actions --provider ID --format json``, format ``granska-atgardsplan``);
        ``provider`` may be an old id of the mapping; ``None`` when no report names it."""
    def to_text(self, lang: _Lang = "sv") -> str:
        """The check as text for a person."""

def check_actions(
    plans: Union[_PathLike, Iterable[_PathLike]],
    history: History,
    as_of: Union[str, Any],
    sheet: Optional[str] = None,
) -> ActionCheck:
    """Checks action plans (YAML, JSON, CSV or a workbook) against ``history`` on the date ``as_of``
    (``"YYYY-MM-DD"`` or a ``datetime.date``): shortcomings without a plan, open plans past due,
    plans closed while still not met. Raises ``ValueError`` for an ``as_of`` that is no date."""
