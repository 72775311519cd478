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

Errors are ``GranskaError``; a pack with mistakes raises ``PackError`` (``.diagnostics``), a
report without provider, service type or date raises ``AnswerError`` (``.problems``), an
export that cannot be read at all raises ``ExportError`` (``.problems``). Bad answers and
bad rows never raise: they are listed (``report.issues``, verdict ``rejected`` in
``check_many``, ``summary.rejected``).
"""

from granska._granska import (
    AnswerError,
    Choice,
    CitedSource,
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
    Text,
    Undecided,
    __version__,
    merge_partials,
)

__all__ = [
    "AnswerError",
    "Choice",
    "CitedSource",
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
    "Text",
    "Undecided",
    "merge_partials",
    "__version__",
]
