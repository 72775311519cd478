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
    report["sosfs.ledningssystem"].verdict

Errors are ``GranskaError``; a pack with mistakes raises ``PackError`` (``.diagnostics``), a
report without provider, service type or date raises ``AnswerError`` (``.problems``).
"""

from granska._granska import (
    AnswerError,
    Choice,
    CitedSource,
    Diagnostic,
    Explanation,
    Field,
    FormState,
    GranskaError,
    Issue,
    Pack,
    PackError,
    Question,
    Report,
    Requirement,
    RequirementVerdict,
    Service,
    Text,
    Undecided,
    __version__,
)

__all__ = [
    "AnswerError",
    "Choice",
    "CitedSource",
    "Diagnostic",
    "Explanation",
    "Field",
    "FormState",
    "GranskaError",
    "Issue",
    "Pack",
    "PackError",
    "Question",
    "Report",
    "Requirement",
    "RequirementVerdict",
    "Service",
    "Text",
    "Undecided",
    "__version__",
]
