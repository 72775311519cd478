"""summarize: the year's figures from an export, a DataFrame or dicts, with a roster and last
year's summary; the Summary's tables and renderings; rejected reports and ExportError."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

import granska


def test_summary_of_the_example_export(builtin, export_csv, roster_csv):
    summary = builtin.summarize(export_csv, roster=roster_csv)
    assert isinstance(summary, granska.Summary)
    providers = len(pd.read_csv(export_csv))
    assert summary.reports == providers
    assert summary.rejected == []
    data = summary.to_dict()
    assert data["reports"]["count"] == providers
    assert data["response"]["responded"] == providers
    assert data["response"]["invited"] == len(pd.read_csv(roster_csv))
    assert {r["id"] for r in data["requirements"]} == {r.id for r in builtin.requirements}


def test_csv_dataframe_and_records_give_the_same_summary(builtin, export_csv, roster_csv):
    df = pd.read_csv(export_csv)
    expected = builtin.summarize(export_csv, roster=roster_csv).to_json()
    assert builtin.summarize(df, roster=roster_csv).to_json() == expected
    assert builtin.summarize(df.to_dict("records"), roster=pd.read_csv(roster_csv)).to_json() == expected


def test_roster_as_path_dataframe_or_dicts(builtin, export_csv, roster_csv):
    roster = pd.read_csv(roster_csv)
    by_path = builtin.summarize(export_csv, roster=roster_csv).to_dict()["response"]
    by_frame = builtin.summarize(export_csv, roster=roster).to_dict()["response"]
    by_dicts = builtin.summarize(export_csv, roster=roster.to_dict("records")).to_dict()["response"]
    assert by_path == by_frame == by_dicts
    assert "response" not in builtin.summarize(export_csv).to_dict()


def test_previous_summary_gives_the_change(builtin, export_csv, tmp_path):
    last_year = builtin.summarize(export_csv)
    path = tmp_path / "2016.json"
    path.write_text(last_year.to_json(), encoding="utf-8")
    for previous in (last_year, last_year.to_dict(), path, str(path)):
        summary = builtin.summarize(export_csv, previous=previous)
        data = summary.to_dict()
        assert data["previous"]["reports"] == last_year.reports
        first = data["requirements"][0]
        assert first["change"]["percent_met"] == 0
        assert first["previous"]["met"] == first["met"]


def test_summary_json_round_trip(builtin, export_csv):
    summary = builtin.summarize(export_csv)
    text = summary.to_json()
    assert text.endswith("\n")
    assert granska.Summary.from_json(text).to_json() == text
    assert json.loads(summary.to_json(indent=1)) == json.loads(text)


def test_summary_tables_and_renderings(builtin, export_csv):
    summary = builtin.summarize(export_csv)
    frame = summary.to_frame()
    assert {"section", "group", "id", "title", "met", "not_met", "percent"} <= set(frame.columns)
    assert len(frame) == len(pd.read_csv(io.StringIO(summary.to_csv())))
    requirements = frame[(frame["section"] == "requirement") & (frame["group"] == "all")]
    assert set(requirements["id"]) == {r.id for r in builtin.requirements}
    assert (requirements["met"] + requirements["not_met"] + requirements["unanswered"] == requirements["applied"]).all()
    english = summary.to_frame(lang="en")
    assert english.loc[(english["section"] == "reports") & (english["group"] == "all"), "title"].item() == "Reports"
    assert "service:heldygnsvard" in set(frame["group"])
    html = summary.to_html()
    assert html.lstrip().lower().startswith("<!doctype html") and "</html>" in html
    assert summary.to_html(lang="en") != html
    assert summary.to_markdown().startswith("# ")
    assert summary.to_csv(lang="en").startswith("section,group,id,title")


def test_rejected_reports_and_unused_answers_are_counted(small, report):
    bad = {"provider": "P9", "service": "hvb", "date": "inte ett datum"}
    wrong = dict(report, provider="P3", answers={"personal.antal": "tio"})
    summary = small.summarize([report, bad, wrong])
    assert summary.reports == 2
    [rejected] = summary.rejected
    assert isinstance(rejected, granska.InputProblem)
    assert (rejected.provider, rejected.field, rejected.code, rejected.rejected) == ("P9", "date", "bad-date", True)
    assert "P9" in str(rejected)
    assert summary.issues == {"wrong-type": 1}
    assert summary.to_dict()["rejected"]["count"] == 1


def test_a_provider_reported_twice_is_counted_and_listed(small, report, tmp_path):
    other = dict(report, provider="P2")
    again = dict(report, name="Solgläntan igen")
    summary = small.summarize([report, other, again, dict(report, service="jourhem")])
    assert summary.reports == 4, "every report is counted"
    [duplicate] = summary.duplicates
    assert isinstance(duplicate, granska.InputProblem)
    assert (duplicate.file, duplicate.row, duplicate.provider, duplicate.code, duplicate.rejected) == ("", 2, "P1", "duplicate-provider", False)
    assert duplicate.message.en == "P1 (hvb) already has a report in this batch, in row 0; both are counted"
    assert duplicate.message.sv == "P1 (hvb) har redan en rapport i omgången, i rad 0; båda räknas."
    assert summary.to_dict()["duplicates"][0]["row"] == 2
    assert "Duplicate reports" in summary.to_markdown(lang="en")
    # A DataFrame: rows by position; a CSV export: rows as in the file.
    frame = pd.DataFrame([{"provider": "P1", "service": "hvb", "date": "2017-12-31"}] * 3)
    assert [d.row for d in small.summarize(frame).duplicates] == [1, 2]
    export = tmp_path / "export.csv"
    export.write_text("provider,service,date\nP1,hvb,2017-12-31\nP2,hvb,2017-12-31\nP1,hvb,2017-12-31\n", encoding="utf-8")
    [duplicate] = small.summarize(export).duplicates
    assert (duplicate.file, duplicate.row) == (str(export), 4)
    assert duplicate.message.en.endswith(f"in {export}, row 2; both are counted")
    # A summary without duplicates has none, and an older summary's JSON still reads.
    clean = small.summarize([report, other])
    assert clean.duplicates == []
    data = json.loads(clean.to_json())
    del data["duplicates"]
    assert granska.Summary.from_json(json.dumps(data)).duplicates == []


def test_ignored_export_columns_are_listed(small, tmp_path):
    export = tmp_path / "export.csv"
    export.write_text("provider,service,date,personal.antl\nP1,hvb,2017-12-31,3\n", encoding="utf-8")
    summary = small.summarize(export)
    [ignored] = summary.ignored_columns
    assert ignored.code == "unknown-column"
    assert ignored.column == 4 and ignored.column_name == "personal.antl"


def test_unreadable_roster_and_previous_raise(builtin, export_csv, tmp_path):
    with pytest.raises(granska.ExportError):
        builtin.summarize(export_csv, roster=tmp_path / "saknas.csv")
    broken = tmp_path / "fel.json"
    broken.write_text("{}", encoding="utf-8")
    with pytest.raises(granska.ExportError) as caught:
        builtin.summarize(export_csv, previous=broken)
    assert caught.value.problems[0].code == "summary"
    with pytest.raises(TypeError):
        builtin.summarize(export_csv, previous=2016)
    with pytest.raises(TypeError, match="roster entry 0"):
        builtin.summarize(export_csv, roster=[{"provider": 1, "service": "hvb"}])


def test_a_roster_frame_is_checked_like_a_roster_file(builtin, export_csv):
    roster = pd.DataFrame(
        [
            {"provider": "P1", "service": "jourhem"},
            {"provider": "P2", "service": "jourhemm"},
            {"provider": "P1", "service": "jourhem"},
            {"provider": "", "service": "jourhem"},
        ]
    )
    with pytest.raises(granska.ExportError) as caught:
        builtin.summarize(export_csv, roster=roster)
    problems = [(p.row, p.field, p.code) for p in caught.value.problems]
    assert problems == [(1, "service", "not-a-choice"), (2, "provider", "duplicate"), (3, "provider", "missing")]
    assert "jourhem" in caught.value.problems[0].message.en
    with pytest.raises(granska.ExportError):
        builtin.summarize(export_csv, roster=roster.to_dict("records"))
