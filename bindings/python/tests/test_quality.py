"""Quality audits, the user survey and the annual report from Python: the 2017 example data
give the follow-up's figures, the tidy frames carry them (small numbers suppressed as <NA>
with a dash), bad records and rows are rejected with their place while the others count, and
the report is written with the team's prose."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import granska

from conftest import ROOT

AUDITS = ROOT / "examples" / "audits-2017"
SURVEY = ROOT / "examples" / "survey-2017.csv"
ASKED = ROOT / "examples" / "survey-asked-2017.csv"


@pytest.fixture(scope="module")
def audits() -> granska.AuditSummary:
    return granska.summarize_audits(AUDITS)


@pytest.fixture(scope="module")
def survey() -> granska.SurveySummary:
    return granska.summarize_survey(SURVEY, asked=ASKED)


def year_row(frame: pd.DataFrame, indicator: str) -> pd.Series:
    rows = frame[(frame["provider"] == "all") & (frame["indicator"] == indicator)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


# Audits


def test_the_built_in_checklist_and_survey_pack_load() -> None:
    checklist = granska.audit_checklist()
    assert any(q.id == "granskning.underlag" for q in checklist.questions)
    survey = granska.survey_pack(params={"enkat.minsta_antal": 3})
    assert next(p for p in survey.parameters if p.id == "enkat.minsta_antal").value == 3


def test_the_example_audits_give_the_follow_ups_figures(audits: granska.AuditSummary) -> None:
    data = audits.to_dict()
    assert len(data["providers"]) == 6
    assert data["year"]["case_files"] == 20
    assert audits.rejected == 0 and audits.problems == []
    frame = audits.to_frame()
    # "Alla akter som granskats under året innehöll aktuella genomförandeplaner."
    plan = year_row(frame, "akter_utan_genomforandeplan")
    assert (plan["count"], plan["of"], plan["percent"]) == (0, 20, 0)
    assert plan["text"] == "genomförandeplan saknades i 0 av 20 granskade akter, 0 procent"
    satisfied = year_row(frame, "unga_nojda")
    assert (satisfied["count"], satisfied["of"], satisfied["percent"]) == (4, 5, 80)
    assert str(frame["count"].dtype) == "Int64"


def test_the_requirements_frame_has_one_row_per_provider_and_requirement(audits: granska.AuditSummary) -> None:
    checklist = granska.audit_checklist()
    frame = audits.to_frame("requirements", lang="en")
    assert len(frame) == 7 * len(checklist.requirements)  # six providers and the year
    signed = frame[(frame["provider"] == "P062") & (frame["requirement"] == "akt_signerad")].iloc[0]
    assert (signed["met"], signed["not_met"], signed["applied"], signed["percent_met"]) == (2, 1, 3, 67)
    assert signed["text"].startswith("met in 2 of 3 case files audited")
    # A case-file requirement judged no interview: no share, a null rather than a zero.
    lex = frame[(frame["provider"] == "all") & (frame["requirement"] == "akt_lex_sarah_rapport")].iloc[0]
    assert lex["applied"] == 0 and pd.isna(lex["percent_met"])


def test_notes_are_in_the_items_frame_only_when_asked(audits: granska.AuditSummary) -> None:
    items = audits.to_frame("items")
    assert len(items) == audits.to_dict()["year"]["case_files"] + 5 + 6
    assert items["notes"].isna().all()
    a3 = items[(items["provider"] == "P062") & (items["item"] == "A3")].iloc[0]
    assert a3["kind"] == "case_file" and a3["not_met"] == "akt_signerad"
    with_notes = granska.summarize_audits([AUDITS], notes=True).to_frame("items")
    assert with_notes["notes"].notna().any()
    assert "Uppföljningen av målen saknades" in " ".join(with_notes["notes"].dropna())


def test_a_bad_record_is_rejected_with_its_place_and_the_others_count(tmp_path: Path) -> None:
    folder = tmp_path / "audits"
    shutil.copytree(AUDITS, folder)
    # A table with a personnummer column is refused as a whole; the value is never repeated.
    (folder / "table.csv").write_text("provider,service,date,kind,id,personnummer\nP099,oppenvard,2017-05-01,akt,A1,19121212-1212\n", encoding="utf-8")
    # An unknown key rejects that case file only, located by its path.
    (folder / "P099.yaml").write_text(
        "provider: P099\nservice: oppenvard\ndate: 2017-05-02\ncase_files:\n"
        "  - id: A1\n    answers: { akt.genomforandeplan: ja }\n"
        "  - id: A2\n    answer: { akt.genomforandeplan: nej }\n",
        encoding="utf-8",
    )
    summary = granska.summarize_audits(folder)
    assert summary.rejected == 2
    by_file = {Path(p.file).name: p for p in summary.problems}
    refused = by_file["table.csv"]
    assert (refused.code, refused.row, refused.column, refused.column_name, refused.rejected) == ("sensitive-data", 1, 6, "personnummer", True)
    assert "19121212" not in str(refused)
    item = by_file["P099.yaml"]
    assert item.field is not None and item.field.startswith("case_files[1]")
    assert "answers" in item.message.en  # did you mean
    data = summary.to_dict()
    assert data["year"]["case_files"] == 20 + 1
    assert any(p["provider"] == "P099" for p in data["providers"])


def test_audits_that_cannot_be_read_raise_export_error(tmp_path: Path) -> None:
    with pytest.raises(granska.ExportError) as err:
        granska.summarize_audits([AUDITS / "P061.yaml", tmp_path / "missing.yaml"])
    assert [(Path(p.file).name, p.code) for p in err.value.problems] == [("missing.yaml", "io")]
    with pytest.raises(granska.ExportError, match="no audit checklist"):
        granska.summarize_audits(AUDITS, checklist=granska.survey_pack())
    with pytest.raises(TypeError, match="records"):
        granska.summarize_audits(42)  # type: ignore[arg-type]


def test_the_polars_frame_has_the_same_figures(audits: granska.AuditSummary) -> None:
    pl = pytest.importorskip("polars")
    frame = audits.to_polars("requirements")
    assert frame.schema["percent_met"] == pl.Int64
    assert frame.height == len(audits.to_frame("requirements"))
    assert frame.filter((pl.col("provider") == "all") & (pl.col("requirement") == "akt_lex_sarah_rapport"))["percent_met"].to_list() == [None]


def test_an_unknown_section_names_the_sections(audits: granska.AuditSummary, survey: granska.SurveySummary) -> None:
    with pytest.raises(ValueError, match="indicators, requirements, items"):
        audits.to_frame("providers")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="results, scales, response"):
        survey.to_polars("result")  # type: ignore[arg-type]


# The user survey


def test_the_example_survey_gives_the_seeds_response_rates(survey: granska.SurveySummary) -> None:
    response = survey.to_frame("response").set_index("area")
    assert response.loc["heldygnsvard", "text"] == "13 av 50 tillfrågade, 26 procent"
    assert (response.loc["oppenvard", "respondents"], response.loc["oppenvard", "asked"], response.loc["oppenvard", "percent"]) == (82, 207, 40)


def test_small_numbers_are_suppressed_in_the_frames(survey: granska.SurveySummary) -> None:
    results = survey.to_frame("results")
    jourhem = results[results["area"] == "jourhem"]
    assert len(jourhem) > 0 and jourhem["suppressed"].all()
    assert jourhem["count"].isna().all() and jourhem["of"].isna().all() and jourhem["percent"].isna().all()
    assert (jourhem["text"] == "– (färre än 5 svar, redovisas inte)").all()
    shown = results[results["area"] == "heldygnsvard"]
    assert not shown["suppressed"].any() and (shown["of"] >= survey.threshold).all()
    scales = survey.to_frame("scales", lang="en")
    assert scales[scales["area"] == "jourhem"]["count"].isna().all()
    assert (scales[scales["area"] == "jourhem"]["text"] == "– (fewer than 5 answers, not shown)").all()
    # Nothing suppressed leaks through the dict either.
    area = next(a for a in survey.to_dict()["areas"] if a["service"] == "jourhem")
    assert all(r["count"] is None and r["of"] is None for r in area["results"])


def test_the_threshold_comes_from_the_pack_or_the_call(survey: granska.SurveySummary) -> None:
    assert survey.threshold == 5
    assert "exempelvärde" in survey.threshold_note.sv
    lower = granska.summarize_survey(SURVEY, asked=ASKED, threshold=2)
    jourhem = lower.to_frame("results").query("area == 'jourhem'")
    # Three respondents in jourhem: shown now, each result of two or three who answered.
    assert not jourhem["suppressed"].any() and jourhem["of"].between(2, 3).all()
    via_params = granska.summarize_survey(SURVEY, pack=granska.survey_pack(params={"enkat.minsta_antal": 20}))
    assert via_params.threshold == 20
    assert via_params.to_frame().query("area == 'heldygnsvard'")["suppressed"].all()
    with pytest.raises(ValueError, match="1 or more"):
        granska.summarize_survey(SURVEY, threshold=0)


def test_the_number_asked_may_be_a_dict(survey: granska.SurveySummary) -> None:
    as_dict = granska.summarize_survey(SURVEY, asked={"heldygnsvard": 50, "oppenvard": 207, "jourhem": 9})
    assert as_dict.to_dict() == survey.to_dict()
    with pytest.raises(granska.ExportError) as err:
        granska.summarize_survey(SURVEY, asked={"heldygnsvard": 50, "hemtjanst": 4})
    assert err.value.problems[0].row == 3 and err.value.problems[0].rejected


def test_a_personnummer_in_the_survey_is_refused_with_its_place(tmp_path: Path) -> None:
    header = SURVEY.read_text(encoding="utf-8").splitlines()[0]
    export = tmp_path / "survey.csv"
    export.write_text(header + ",pnr\n", encoding="utf-8")
    with pytest.raises(granska.ExportError) as err:
        granska.summarize_survey(export)
    problem = err.value.problems[0]
    assert (problem.code, problem.row, problem.column_name) == ("sensitive-data", 1, "pnr")
    # A respondent id shaped like a personnummer rejects its row, never repeating it.
    lines = SURVEY.read_text(encoding="utf-8").splitlines()
    first = lines[1].split(",")
    first[0] = "850709-9805"
    export.write_text("\n".join([lines[0], ",".join(first), *lines[2:]]) + "\n", encoding="utf-8")
    summary = granska.summarize_survey(export)
    assert summary.rejected == 1
    assert summary.problems[0].row == 2 and "850709" not in str(summary.problems[0])
    assert summary.to_frame("response").query("area == 'all'")["respondents"].iloc[0] == len(lines) - 2


def test_to_json_is_the_dict(audits: granska.AuditSummary, survey: granska.SurveySummary) -> None:
    assert json.loads(audits.to_json()) == audits.to_dict()
    assert json.loads(survey.to_json(indent=0)) == survey.to_dict()


# The report


@pytest.fixture(scope="module")
def year(builtin: granska.Pack) -> granska.Summary:
    return builtin.summarize(str(ROOT / "examples" / "export-2017.csv"), roster=str(ROOT / "examples" / "roster-2017.csv"))


def test_the_report_is_written_with_the_teams_prose(tmp_path: Path, builtin: granska.Pack, year: granska.Summary, audits: granska.AuditSummary, survey: granska.SurveySummary) -> None:
    path = tmp_path / "rapport.html"
    html = granska.write_report(
        year,
        builtin,
        audits=audits,
        survey=survey,
        prose={"sammanfattning": "Året i **korthet**.", "slutsatser.en": "<script>x</script>"},
        lang="en",
        path=path,
    )
    assert path.read_text(encoding="utf-8") == html
    assert "<strong>korthet</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'data-area="jourhem"' in html and "suppressed" in html
    assert "13 of 50 asked, 26 percent" in html
    folder = granska.write_report(year, builtin, prose=ROOT / "examples" / "report-2017")
    assert "Verksamhetsrapport" in folder and "Ingen brukarundersökning ingår." in folder


def test_prose_for_no_section_is_an_export_error(builtin: granska.Pack, year: granska.Summary) -> None:
    with pytest.raises(granska.ExportError, match="sammanfattning") as err:
        granska.write_report(year, builtin, prose={"sammanfatning": "stavfel"})
    assert err.value.problems[0].field == "sammanfatning"
    with pytest.raises(TypeError, match="prose"):
        granska.write_report(year, builtin, prose=["text"])  # type: ignore[arg-type]
