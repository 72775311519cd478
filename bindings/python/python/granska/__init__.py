"""granska: check providers of social services against the requirements of law and contract.

A rule pack (YAML) declares the questions of the yearly follow-up questionnaire and the
requirements each provider must meet. granska checks each provider's answers against them
with three-valued logic (a missing answer is unknown, never false), explains every verdict,
and summarises a whole year of providers.

From a survey export to a DataFrame of verdicts::

    import granska
    pack = granska.Pack.builtin()
    verdicts = pack.check_many("examples/export-2017.csv")

One report::

    report = pack.check({"provider": "P1", "service": "jourhem", "date": "2017-12-31",
                         "answers": {"ledning.ledningssystem": True}})
    report["ledningssystem"].verdict          # "met"

A year's summary, as the municipality publishes it::

    summary = pack.summarize("examples/export-2017.csv", roster="examples/roster-2017.csv")
    summary.to_frame()                         # or .to_html(), .to_json(), .to_csv()

Quality audits, the user survey and the annual report::

    audits = granska.summarize_audits("examples/audits-2017")
    survey = granska.summarize_survey("examples/survey-2017.csv", asked="examples/survey-asked-2017.csv")
    survey.to_frame("results")                 # small numbers suppressed: <NA> and a dash
    granska.write_report(summary, pack, audits=audits, survey=survey, path="rapport.html")

Provider history over several years, and action plans checked against it::

    h = granska.history(["examples/history/export-2016.csv", "examples/history/export-2017.csv",
                         "examples/history/export-2018.csv"], mapping="examples/history/providers-mapping.csv")
    h.to_frame()                               # provider, service, requirement, year, verdict, status, run
    granska.check_actions("examples/history/actions.csv", h, as_of="2018-12-31").to_frame("findings")

Errors are ``GranskaError``; a pack with mistakes raises ``PackError`` (``.diagnostics``), a
report without provider, service type or date raises ``AnswerError`` (``.problems``), an
export that cannot be read at all raises ``ExportError`` (``.problems``). Bad answers and
bad rows never raise: they are listed (``report.issues``, verdict ``rejected`` in
``check_many``, ``summary.rejected``).
"""

from granska._granska import (
    AnswerError,
    AuditSummary,
    Choice,
    CitedSource,
    CompiledPackError,
    Diagnostic,
    Explanation,
    ExportError,
    Field,
    FormState,
    GranskaError,
    InputProblem,
    Issue,
    Pack,
    PackError,
    Parameter,
    PartialSummary,
    PartialSummaryError,
    Question,
    Report,
    Requirement,
    RequirementVerdict,
    Service,
    Summary,
    SurveySummary,
    Text,
    Undecided,
    __version__,
    merge_partials,
    diff,
    audit_checklist,
    summarize_audits,
    summarize_survey,
    survey_pack,
    write_report,
    History,
    ActionCheck,
    history,
    check_actions,
    RiskRegister,
    risk_register_pack,
    read_risk_register,
    write_kvalitetsberattelse,
)

__all__ = [
    "AnswerError",
    "AuditSummary",
    "Choice",
    "CitedSource",
    "CompiledPackError",
    "Diagnostic",
    "Explanation",
    "ExportError",
    "Field",
    "FormState",
    "GranskaError",
    "InputProblem",
    "Issue",
    "Pack",
    "PackError",
    "Parameter",
    "PartialSummary",
    "PartialSummaryError",
    "Question",
    "Report",
    "Requirement",
    "RequirementVerdict",
    "Service",
    "Summary",
    "SurveySummary",
    "Text",
    "Undecided",
    "merge_partials",
    "diff",
    "__version__",
    "audit_checklist",
    "summarize_audits",
    "summarize_survey",
    "survey_pack",
    "write_report",
    "History",
    "ActionCheck",
    "history",
    "check_actions",
    "RiskRegister",
    "risk_register_pack",
    "read_risk_register",
    "write_kvalitetsberattelse",
]
