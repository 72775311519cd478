"""Quality audits, the user survey and the annual report from Python: the 2017 example data
give the follow-up's figures, the tidy frames carry them (small numbers suppressed as <NA>
with a dash), bad records and rows are rejected with their place while the others count, and
the report is written with the team's prose."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Union
from xml.sax.saxutils import escape

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


def write_xlsx(path: Path, sheets: dict[str, list[list[Union[str, float, None]]]]) -> None:
    """A minimal .xlsx (Office Open XML) with the standard library: text cells as inline
    strings, numbers as number cells, ``None`` as no cell."""

    def column(i: int) -> str:
        name = ""
        i += 1
        while i:
            i, rem = divmod(i - 1, 26)
            name = chr(65 + rem) + name
        return name

    def sheet_xml(rows: list[list[Union[str, float, None]]]) -> str:
        out = []
        for r, row in enumerate(rows, start=1):
            cells = []
            for c, value in enumerate(row):
                ref = f"{column(c)}{r}"
                if isinstance(value, str):
                    cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
                elif value is not None:
                    cells.append(f'<c r="{ref}"><v>{value!r}</v></c>')
            out.append(f'<row r="{r}">{"".join(cells)}</row>')
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{''.join(out)}</sheetData></worksheet>"
        )

    names = list(sheets)
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(1, len(names) + 1)
            )
            + "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns}><sheets>'
            + "".join(f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, start=1))
            + "</sheets></workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(names) + 1))
            + "</Relationships>",
        )
        for i, n in enumerate(names, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", sheet_xml(sheets[n]))


AUDIT_TABLE: list[list[Union[str, float, None]]] = [
    ["provider", "service", "date", "kind", "id", "notes", "akt.genomforandeplan", "intervju.nojd"],
    ["P1", "oppenvard", "2017-05-01", "akt", "A1", None, "nej", None],
    ["P1", "oppenvard", "2017-05-01", "akt", "A2", None, "ja", None],
    ["P1", "oppenvard", "2017-05-01", "intervju_ung", "U1", None, None, "ja"],
]


def test_a_workbook_audit_table_gives_the_figures_of_its_csv(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "akter.xlsx", {"Info": [["Kvalitetsgranskningar 2017"]], "Akter": AUDIT_TABLE})
    csv = tmp_path / "csv" / "akter.csv"
    csv.parent.mkdir()
    csv.write_text("\n".join(",".join("" if v is None else str(v) for v in row) for row in AUDIT_TABLE) + "\n", encoding="utf-8")
    from_csv = granska.summarize_audits(csv)
    from_xlsx = granska.summarize_audits(tmp_path / "akter.xlsx", sheet="Akter")
    assert from_xlsx.problems == [] and from_csv.problems == []
    assert from_xlsx.to_json() == from_csv.to_json()
    pd.testing.assert_frame_equal(from_xlsx.to_frame("items"), from_csv.to_frame("items"))
    plan = year_row(from_xlsx.to_frame(), "akter_utan_genomforandeplan")
    assert (plan["count"], plan["of"]) == (1, 2)
    # The first sheet by default: "Info" is no audit table, refused and counted with its sheet.
    first = granska.summarize_audits(tmp_path)
    assert first.rejected >= 1
    assert {(p.sheet, p.code) for p in first.problems} == {("Info", "missing-column")}


def test_bad_rows_of_a_workbook_audit_table_are_located_and_the_others_count(tmp_path: Path) -> None:
    rows = [list(r) for r in AUDIT_TABLE]
    rows.append(["P1", "oppenvard", "2017-05-01", "brev", "A3", None, "ja", None])  # row 5: no kind (D)
    rows.append(["P1", "oppenvard", "2017-05-01", "akt", None, None, "ja", None])  # row 6: no id (E)
    rows.append(["P1", "oppenvard", "2017-05-01", "akt", "A4", "19800101-1234", "ja", None])  # row 7 (F)
    rows.append(["P1", "oppenvard", "2017-05-01", "akt", "A5", 8001011234.0, "ja", None])  # row 8 (F)
    rows.append(["P1", "oppenvard", "2017-05-01", "akt", "A6", 198001011234.0, "ja", None])  # row 9 (F)
    write_xlsx(tmp_path / "akter.xlsx", {"Akter": rows})
    summary = granska.summarize_audits(tmp_path / "akter.xlsx")
    located = [(p.sheet, p.row, p.column, p.code) for p in summary.problems]
    assert located == [
        ("Akter", 5, 4, "bad-record"),
        ("Akter", 6, 5, "bad-record"),
        ("Akter", 7, 6, "sensitive-data"),
        ("Akter", 8, 6, "sensitive-data"),
        ("Akter", 9, 6, "sensitive-data"),
    ]
    assert summary.rejected == 5
    assert not any(digits in str(p) for p in summary.problems for digits in ("0101-1234", "8001011234"))
    assert summary.to_dict()["year"]["case_files"] == 2
    # A name column refuses the file, located at its title.
    write_xlsx(tmp_path / "namn.xlsx", {"Akter": [AUDIT_TABLE[0] + ["Förnamn"], AUDIT_TABLE[1] + ["Kim"]]})
    refused = granska.summarize_audits(tmp_path / "namn.xlsx").problems
    assert [(p.sheet, p.row, p.column, p.column_name, p.code) for p in refused] == [("Akter", 1, 9, "Förnamn", "sensitive-data")]


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


# Last year


def last_years_survey(tmp_path: Path, areas: list[tuple[str, int, int]]) -> Path:
    """Last year's survey JSON (as ``granska survey`` writes it): per area, respondents who feel
    their situation better and unchanged."""
    lines = ["respondent,service,date,enkat.situation,enkat.fortroende,enkat.bemotande,enkat.kontakt,enkat.genomforandeplan"]
    n = 0
    for service, better, same in areas:
        for i in range(better + same):
            n += 1
            situation = "battre" if i < better else "oforandrad"
            lines.append(f"R{n:04},{service},2016-10-01,{situation},instammer_helt,instammer_helt,instammer_delvis,ja")
    export = tmp_path / "enkat-2016.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = tmp_path / "enkat-2016.json"
    asked = {"heldygnsvard": 40, "oppenvard": 200, "jourhem": 10, "familjebehandling": 10}
    path.write_text(granska.summarize_survey(export, asked={s: asked[s] for s, _, _ in areas}).to_json(), encoding="utf-8")
    return path


def result_row(frame: pd.DataFrame, area: str, result: str) -> pd.Series:
    rows = frame[(frame["area"] == area) & (frame["result"] == result)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_the_survey_frames_gain_last_years_figure_and_the_change(tmp_path: Path) -> None:
    previous = last_years_survey(tmp_path, [("heldygnsvard", 5, 5), ("oppenvard", 2, 2), ("jourhem", 3, 3)])
    survey = granska.summarize_survey(SURVEY, asked=ASKED, previous=previous)
    frame = survey.to_frame("results")
    assert {"previous", "previous_text", "change", "change_status", "change_text"} <= set(frame.columns)
    # 8 of 12 = 67 against 5 of 10 = 50.
    row = result_row(frame, "heldygnsvard", "situation_battre")
    assert (row["previous"], row["change"], row["change_status"]) == (50, 17, "compared")
    # Suppression is contagious: this year (jourhem), last year (öppenvård); no number either way.
    row = result_row(frame, "jourhem", "situation_battre")
    assert row["change_status"] == "suppressed_this_year" and pd.isna(row["change"]) and pd.isna(row["count"])
    assert row["change_text"] == "– (förändringen redovisas inte: årets resultat bygger på för få svar)"
    row = result_row(frame, "oppenvard", "situation_battre")
    assert row["change_status"] == "suppressed_last_year" and pd.isna(row["change"]) and pd.isna(row["previous"])
    assert row["previous_text"] == "– (färre än 5 svar, redovisas inte)"
    assert frame["change"].dtype == "Int64"
    response = survey.to_frame("response")
    row = response[response["area"] == "heldygnsvard"].iloc[0]
    # 13 of 50 = 26 against 10 of 40 = 25.
    assert (row["previous"], row["change"]) == (25, 1)
    # The same from last year's summary object or its dict.
    last = granska.summarize_survey(SURVEY, asked=ASKED)
    same = granska.summarize_survey(SURVEY, asked=ASKED, previous=last)
    assert set(same.to_frame("results")["change"].dropna()) == {0}
    from_dict = granska.summarize_survey(SURVEY, asked=ASKED, previous=json.loads(previous.read_text(encoding="utf-8")))
    assert from_dict.to_dict() == survey.to_dict()
    # Without previous the frames keep their columns.
    assert "change" not in granska.summarize_survey(SURVEY).to_frame("results").columns


def test_survey_results_in_only_one_year_are_kept(tmp_path: Path) -> None:
    previous = last_years_survey(tmp_path, [("heldygnsvard", 5, 5), ("familjebehandling", 3, 3)])
    survey = granska.summarize_survey(SURVEY, asked=ASKED, previous=previous)
    frame = survey.to_frame("results", lang="en")
    # Öppenvård was not in last year's survey: no change, and it says why.
    row = result_row(frame, "oppenvard", "situation_battre")
    assert row["change_status"] == "new_area" and pd.isna(row["change"])
    assert row["change_text"] == "– (no comparison: the area was not in last year's survey)"
    # Familjebehandling only last year: kept as a row of its own, this year's cells empty.
    row = result_row(frame, "familjebehandling", "situation_battre")
    assert row["change_status"] == "only_last_year" and row["previous"] == 50 and pd.isna(row["count"])


def test_a_survey_of_another_pack_is_refused(tmp_path: Path) -> None:
    data = json.loads(last_years_survey(tmp_path, [("heldygnsvard", 5, 5)]).read_text(encoding="utf-8"))
    data["pack"]["id"] = "elevenkat"
    for area in [*data["areas"], data["all"]]:
        for r in area["results"]:
            if r["id"] == "kontakt_svar":
                r["id"] = "trivsel"
    with pytest.raises(granska.ExportError) as err:
        granska.summarize_survey(SURVEY, previous=data)
    assert "elevenkat" in str(err.value) and "kontakt_svar" in str(err.value)
    assert err.value.problems[0].code == "summary"
    with pytest.raises(TypeError, match="previous"):
        granska.summarize_survey(SURVEY, previous=3)


def test_audits_compare_with_last_year_only_over_providers_audited_both_years(tmp_path: Path) -> None:
    records = tmp_path / "granskningar-2016"
    records.mkdir()
    for provider, plans in [("P062", ["ja", "nej", "nej"]), ("P100", ["ja", "ja", "ja", "ja"])]:
        lines = [f"provider: {provider}", "service: oppenvard", "date: 2016-04-01", "case_files:"]
        for i, plan in enumerate(plans):
            lines.append(f"  - id: A{i + 1}")
            lines.append(f"    answers: {{ akt.genomforandeplan: {plan}, akt.journal_aktuell: ja }}")
        (records / f"{provider}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    last = granska.summarize_audits(records)
    audits = granska.summarize_audits(AUDITS, previous=last)
    frame = audits.to_frame()
    plan = year_row(frame, "akter_utan_genomforandeplan")
    # Last year's 2 of 7 is shown beside this year's 0 of 20, never subtracted from it; the
    # change is P062's own: 0 of 3 against 2 of 3.
    assert plan["previous"] == 29 and plan["change"] == -67 and plan["change_status"] == "both_years"
    assert plan["previous_text"] == "föregående år: 2 av 7 granskade akter hos 2 utförare, varav 1 granskad även i år, 29 procent"
    p062 = frame[(frame["provider"] == "P062") & (frame["indicator"] == "akter_utan_genomforandeplan")].iloc[0]
    assert p062["change"] == -67
    other = frame[(frame["provider"] == "P061") & (frame["indicator"] == "akter_utan_genomforandeplan")].iloc[0]
    assert pd.isna(other["change"]) and pd.isna(other["change_status"])
    assert [p["provider"] for p in audits.to_dict()["previous"]["both_years"]] == ["P062"]
    # Only other providers last year: last year's figure, no change.
    (records / "P062.yaml").unlink()
    audits = granska.summarize_audits(AUDITS, previous=granska.summarize_audits(records).to_dict())
    plan = year_row(audits.to_frame(), "akter_utan_genomforandeplan")
    assert plan["change_status"] == "sample" and pd.isna(plan["change"])
    assert plan["previous_text"] == "föregående år: 0 av 4 granskade akter hos 1 annan utförare, 0 procent"
