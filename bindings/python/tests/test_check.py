"""Checking one report: verdicts, explanations, issues, the ways answers may be given, the
conversion of Python values, and AnswerError."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math

import numpy as np
import pandas as pd
import pytest

import granska


def test_check_returns_a_verdict_per_requirement_with_explanations(small, report):
    result = small.check(report)
    assert isinstance(result, granska.Report)
    assert (result.provider, result.name, result.service, result.contract, result.date) == ("P1", "Solgläntan AB", "hvb", "lou", "2017-12-31")
    assert result.pack == "liten"
    assert [v.requirement for v in result.verdicts] == ["rutin", "utbildning"]
    assert result.counts == {"met": 1, "not_met": 1, "not_applicable": 0, "unanswered": 0}
    assert len(result) == 2

    utbildning = result["utbildning"]
    assert utbildning.verdict == "not_met"
    assert utbildning.severity == "krav"
    assert utbildning.area == "kunskapsbaserad"
    assert utbildning.source == "Avtal 4.2"
    assert utbildning.title.en == "Education level"
    assert utbildning.message.en == "Too few with a degree (6 of 10)."
    [why] = utbildning.explanation
    assert why.detail.en == "personal.med_examen / personal.antal = 0.6, required ≥ 0.8"
    assert why.reads == {"personal.med_examen": 6, "personal.antal": 10}

    rutin = result["rutin"]
    assert rutin.verdict == "met"
    assert rutin.message is None and rutin.explanation == []


def test_unknown_requirement_is_a_key_error(small, report):
    with pytest.raises(KeyError):
        small.check(report)["finns-inte"]


def test_unanswered_names_the_deciding_questions(small):
    result = small.check({"provider": "P2", "service": "hvb", "date": "2017-12-31", "answers": {}})
    assert result["rutin"].verdict == "unanswered"
    assert result["rutin"].deciding == ["rutin.finns", "rutin.reviderad"]
    # The message says which answers are missing, not the not_met text.
    message = result["utbildning"].message
    assert message.sv == "Kravet kan inte bedömas: frågorna ”Antal anställda” (personal.antal) och ”Med examen” (personal.med_examen) är obesvarade."
    assert message.en.startswith("The requirement cannot be judged: the questions “")


def test_requirement_outside_the_service_type_is_not_applicable(small, report):
    report["service"] = "jourhem"
    assert small.check(report)["rutin"].verdict == "not_applicable"


def test_nested_dotted_and_flat_answers_are_the_same_report(small, report):
    nested = small.check(report).to_json()
    dotted = dict(report, answers={"personal.antal": 10, "personal.med_examen": 6, "rutin.finns": True, "rutin.reviderad": "2017-03-01"})
    flat = {k: v for k, v in report.items() if k != "answers"}
    flat.update({"personal.antal": 10, "personal.med_examen": 6, "rutin.finns": True, "rutin.reviderad": "2017-03-01"})
    assert small.check(dotted).to_json() == nested
    assert small.check(flat).to_json() == nested


def test_to_dict_and_to_json_agree(small, report):
    result = small.check(report)
    as_dict = result.to_dict()
    assert json.loads(result.to_json()) == as_dict
    assert as_dict["verdicts"][1]["verdict"] == "not_met"
    assert as_dict["counts"]["met"] == 1
    assert result.to_json(indent=2).startswith('{\n  "provider": "P1"')


def test_same_report_gives_identical_json(small, report):
    assert small.check(report).to_json() == small.check(dict(report)).to_json()


def test_report_to_frame_is_tidy(small, report):
    frame = small.check(report).to_frame(lang="en")
    assert list(frame.columns) == ["provider", "service", "requirement", "verdict", "message", "source", "area", "severity"]
    assert len(frame) == 2
    row = frame.set_index("requirement").loc["utbildning"]
    assert row["verdict"] == "not_met"
    assert row["message"] == "Too few with a degree (6 of 10)."
    assert pd.isna(frame.set_index("requirement").loc["rutin", "message"])


def test_bad_answers_are_issues_not_exceptions(small, report):
    report["answers"] = {"personal.antal": "många", "personal.med_examen": -1, "personal.antl": 3, "rutin.finns": True}
    result = small.check(report)
    issues = {(i.field, i.code) for i in result.issues}
    assert issues == {("personal.antal", "wrong-type"), ("personal.med_examen", "out-of-range"), ("personal.antl", "unknown-question")}
    typo = next(i for i in result.issues if i.field == "personal.antl")
    assert isinstance(typo, granska.Issue)
    assert "did you mean" in typo.message.en
    assert typo.value == "3"
    assert result["utbildning"].verdict == "unanswered"


def test_bool_is_not_taken_for_an_integer(small, report):
    # A Python bool is an int; it must reach the core as a bool, so the integer question
    # rejects it instead of reading 1.
    report["answers"]["personal"]["antal"] = True
    result = small.check(report)
    assert [(i.field, i.code) for i in result.issues] == [("personal.antal", "wrong-type")]


def test_int_is_not_taken_for_a_bool(small, report):
    report["answers"]["rutin.finns"] = 1
    result = small.check(report)
    assert ("rutin.finns", "wrong-type") in [(i.field, i.code) for i in result.issues]


def test_numpy_pandas_and_datetime_values_are_converted(small, report):
    report["answers"] = {
        "personal.antal": np.int64(10),
        "personal.med_examen": np.int32(8),
        "rutin.finns": np.bool_(True),
        "rutin.reviderad": pd.Timestamp("2017-03-01"),
        "andel": np.float32(0.5),
    }
    report["date"] = dt.date(2017, 12, 31)
    result = small.check(report)
    assert result.issues == []
    assert result.date == "2017-12-31"
    assert result["utbildning"].verdict == "met"
    assert result["rutin"].verdict == "met"


@pytest.mark.parametrize(
    "revised",
    [dt.date(2017, 3, 1), dt.datetime(2017, 3, 1), dt.datetime(2017, 3, 1, 14, 30), pd.Timestamp("2017-03-01 08:00"), np.datetime64("2017-03-01")],
)
def test_dates_and_datetimes_answer_a_date_question(small, report, revised):
    report["answers"]["rutin.reviderad"] = revised
    result = small.check(report)
    assert result.issues == []
    assert result["rutin"].verdict == "met"


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA, pd.NaT, decimal.Decimal("NaN")])
def test_missing_values_are_unanswered(small, report, missing):
    report["answers"]["personal"]["med_examen"] = missing
    result = small.check(report)
    assert result.issues == []
    assert result["utbildning"].verdict == "unanswered"
    assert result["utbildning"].deciding == ["personal.med_examen"]


def test_infinity_is_reported_not_dropped(small, report):
    report["answers"]["andel"] = math.inf
    result = small.check(report)
    assert [(i.field, i.code) for i in result.issues] == [("andel", "wrong-type")]


def test_decimal_is_read_as_a_number(small, report):
    report["answers"]["andel"] = decimal.Decimal("0.25")
    assert small.check(report).issues == []


def test_unsupported_value_is_an_issue_naming_the_field(small, report):
    report["answers"]["andel"] = object()
    result = small.check(report)
    [issue] = result.issues
    assert (issue.field, issue.code) == ("andel", "wrong-type")
    assert "builtins.object" in issue.message.en


def test_a_value_that_contains_itself_is_an_issue_not_a_crash(small, report):
    loop = {}
    loop["again"] = loop
    report["answers"]["andel"] = loop
    # The inner value is dropped with an issue; what is left ({}) is no number: both said.
    issues = small.check(report).issues
    assert [(i.field, i.code) for i in issues] == [("andel", "wrong-type"), ("andel.again", "wrong-type")]
    assert "contains itself" in issues[1].message.en


def test_report_must_be_a_mapping(small):
    with pytest.raises(TypeError, match="a report is a dict"):
        small.check(["P1", "hvb"])


def test_answer_error_carries_the_problems(small):
    with pytest.raises(granska.AnswerError) as caught:
        small.check({"provider": "P9", "service": "hbv", "date": "2017-02-30", "answers": {}})
    error = caught.value
    assert isinstance(error, granska.GranskaError)
    assert error.provider == "P9"
    assert [(p.field, p.code) for p in error.problems] == [("service", "not-a-choice"), ("date", "bad-date")]
    assert all(isinstance(p, granska.Issue) for p in error.problems)
    assert "known: hvb, jourhem" in error.problems[0].message.en
    assert error.problems[1].value == "2017-02-30"
    assert "service" in str(error) and "date" in str(error)


def test_answer_error_without_provider(small):
    with pytest.raises(granska.AnswerError) as caught:
        small.check({"service": "hvb", "date": "2017-12-31"})
    assert caught.value.provider is None
    assert [(p.field, p.code) for p in caught.value.problems] == [("provider", "missing")]


def test_form_state_says_what_to_ask_and_what_is_missing(small):
    state = small.form_state({"provider": "P1", "service": "hvb", "date": "2017-12-31", "answers": {"personal.antal": 4, "personal.med_examen": 9}})
    assert isinstance(state, granska.FormState)
    assert state.relevant == ["personal.antal", "personal.med_examen", "rutin.finns", "rutin.reviderad", "andel"]
    assert state.missing == ["rutin.finns"]
    assert state.verdicts == {"rutin": "unanswered", "utbildning": "met"}
    [undecided] = state.undecided
    assert (undecided.requirement, undecided.questions) == ("rutin", ["rutin.finns", "rutin.reviderad"])
    assert json.loads(state.to_json()) == state.to_dict()


def test_form_state_hides_irrelevant_questions_and_reports_field_errors(small):
    state = small.form_state({"provider": "P1", "service": "hvb", "date": "2017-12-31", "answers": {"rutin.finns": False, "personal.antal": "x"}})
    assert "rutin.reviderad" not in state.relevant
    assert state.missing == []
    assert [(e.field, e.code) for e in state.errors] == [("personal.antal", "wrong-type")]


def test_form_state_of_a_report_without_date_is_an_answer_error(small):
    with pytest.raises(granska.AnswerError):
        small.form_state({"provider": "P1", "service": "hvb"})
