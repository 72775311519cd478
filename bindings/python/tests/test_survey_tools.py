"""A survey tool's answer export read back through Python (docs/survey-tools.md):
``Pack.check_tool_export`` and ``Pack.summarize_tool_export`` for ODK/KoboToolbox CSV and
SurveyJS result JSON, the columns mapped by the pack's form names."""

import json

import pytest

import granska


@pytest.fixture(scope="module")
def pack():
    return granska.Pack.builtin()


def test_odk_export_is_checked_with_located_warnings(pack, tmp_path):
    path = tmp_path / "odk.csv"
    path.write_text(
        "start,provider,service,date,ledning/ledningssystem,lex_sarah/rapporter,bedomning/metoder,bedomning/metoder/sdq,extra,_uuid\n"
        "2025-01-10T09:00:00.000+01:00,P1,heldygnsvard,2024-12-31,ja,0,sdq adad,1,x,u1\n"
        "2025-01-10T09:00:00.000+01:00,P2,heldygnsvard,2024-12-31,nej,many,none,0,,u2\n",
        encoding="utf-8",
    )
    reports, problems = pack.check_tool_export(path, "xlsform")
    assert [r.provider for r in reports] == ["P1", "P2"]
    assert [v.verdict for v in reports[0].verdicts] != [v.verdict for v in reports[1].verdicts]
    codes = {(p.code, p.row, p.column) for p in problems}
    assert ("unexported-column", 1, 9) in codes
    assert ("wrong-type", 3, 6) in codes
    summary = pack.summarize_tool_export(path, "xlsform")
    assert summary.reports == 2
    assert [(p.code, p.column_name) for p in summary.ignored_columns] == [("unexported-column", "extra")]


def test_surveyjs_results_match_the_report_they_came_from(pack, tmp_path):
    answers = {"ledning.ledningssystem": True, "lex_sarah.rapporter": 2, "lex_sarah.utredningar": 1, "bedomning.metoder": []}
    report = pack.check({"provider": "P1", "service": "heldygnsvard", "date": "2024-12-31", "answers": answers})
    result = {"provider": "P1", "service": "heldygnsvard", "date": "2024-12-31", "ledningssystem": True, "rapporter": 2, "utredningar": 1, "metoder": ["none"]}
    path = tmp_path / "results.json"
    path.write_text(json.dumps([result]), encoding="utf-8")
    reports, problems = pack.check_tool_export(path, "surveyjs")
    assert problems == []
    assert [(v.requirement, v.verdict) for v in reports[0].verdicts] == [(v.requirement, v.verdict) for v in report.verdicts]


def test_a_bad_tool_or_file_raises(pack, tmp_path):
    with pytest.raises(ValueError, match="xlsform"):
        pack.check_tool_export(tmp_path / "x.csv", "kobo")
    with pytest.raises(granska.ExportError):
        pack.check_tool_export(tmp_path / "missing.json", "surveyjs")


def test_summarize_tool_export_keeps_every_problem(pack, tmp_path):
    rows = [
        {"provider": "P1", "service": "heldygnsvard", "date": "2024-12-31", "rapporter": 1, "okand": 1},
        {"provider": "P1", "service": "heldygnsvard", "date": "2024-12-31", "rapporter": 2},
    ]
    path = tmp_path / "results.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    summary = pack.summarize_tool_export(path, "surveyjs")
    assert summary.reports == 2
    # A respondent's key the form does not have is listed, located by row and key.
    assert [(p.code, p.row, p.field) for p in summary.ignored_columns] == [("unexported-column", 1, "okand")]
    assert [(p.code, p.provider) for p in summary.duplicates] == [("duplicate-provider", "P1")]
    # A choice column that is neither 0/1 nor yes/no is an answer not used, counted.
    csv = tmp_path / "odk.csv"
    csv.write_text("provider,service,date,bedomning/metoder/sdq\nP1,heldygnsvard,2024-12-31,kanske\n", encoding="utf-8")
    summary = pack.summarize_tool_export(csv, "xlsform")
    assert summary.issues.get("wrong-type") == 1
