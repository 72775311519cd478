"""check_many: a CSV export, a DataFrame or a list of dicts in, a tidy DataFrame out; missing
values, rejected rows, column mappings, ExportError, and pandas round trips."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest

import granska

COLUMNS = ["provider", "service", "requirement", "verdict", "message", "source", "area", "severity"]


def test_three_lines_from_an_export_to_verdicts(export_csv):
    pack = granska.Pack.builtin()
    verdicts = pack.check_many(export_csv)
    assert list(verdicts.columns) == COLUMNS
    providers = pd.read_csv(export_csv)["provider"].nunique()
    assert len(verdicts) == providers * len(pack.requirements)
    assert verdicts.groupby("provider", observed=True).size().eq(len(pack.requirements)).all()
    assert set(verdicts["verdict"].unique()) <= {"met", "not_met", "not_applicable", "unanswered"}


def test_tidy_frame_rows_match_single_checks(small, report):
    other = dict(report, provider="P2", answers={"personal.antal": 5, "personal.med_examen": 5})
    frame = small.check_many([report, other], lang="en")
    assert frame["provider"].tolist() == ["P1", "P1", "P2", "P2"]
    assert frame["requirement"].tolist() == ["rutin", "utbildning", "rutin", "utbildning"]
    for r in (report, other):
        single = small.check(r)
        rows = frame[frame["provider"] == r["provider"]]
        assert rows["verdict"].tolist() == [v.verdict for v in single.verdicts]
        assert [None if pd.isna(m) else m for m in rows["message"]] == [v.message.en if v.message else None for v in single.verdicts]
    assert frame.loc[1, "message"] == "Too few with a degree (6 of 10)."
    assert frame.loc[1, "source"] == "Avtal 4.2"
    assert frame.loc[1, "area"] == "kunskapsbaserad"
    assert frame.loc[1, "severity"] == "krav"


def test_columns_are_categoricals_with_fixed_verdicts(small, report):
    frame = small.check_many([report])
    assert all(isinstance(frame[c].dtype, pd.CategoricalDtype) for c in COLUMNS)
    assert list(frame["verdict"].cat.categories) == ["met", "not_met", "not_applicable", "unanswered", "rejected"]
    assert list(frame["severity"].cat.categories) == ["krav", "bor"]
    assert (frame["verdict"] == "not_met").sum() == 1


def test_messages_in_swedish_by_default(small, report):
    frame = small.check_many([report])
    assert frame.loc[frame["requirement"] == "utbildning", "message"].item() == "För få med examen (6 av 10)."


def test_csv_dataframe_and_records_give_the_same_frame(builtin, export_csv):
    from_csv = builtin.check_many(export_csv)
    df = pd.read_csv(export_csv)
    from_frame = builtin.check_many(df)
    from_records = builtin.check_many(df.to_dict("records"))
    pd.testing.assert_frame_equal(from_csv, from_frame)
    pd.testing.assert_frame_equal(from_frame, from_records)


def test_provider_as_index_is_read(builtin, export_csv):
    df = pd.read_csv(export_csv)
    pd.testing.assert_frame_equal(builtin.check_many(df.set_index("provider")), builtin.check_many(df))


def test_dataframe_with_missing_values_is_unanswered(small):
    df = pd.DataFrame(
        {
            "provider": ["A", "B", "C", "D"],
            "service": ["hvb"] * 4,
            "date": pd.to_datetime(["2017-12-31"] * 4),
            "personal.antal": [10, np.nan, 10, 10],  # float64 with NaN
            "personal.med_examen": pd.array([9, 9, pd.NA, 9], dtype="Int64"),
            "rutin.finns": [True, True, None, False],
            "rutin.reviderad": pd.to_datetime(["2017-05-01", "2017-05-01", None, None]),
        }
    )
    frame = small.check_many(df, lang="en")
    verdicts = frame.pivot(index="provider", columns="requirement", values="verdict").astype(str)
    assert verdicts.loc["A"].to_dict() == {"rutin": "met", "utbildning": "met"}
    assert verdicts.loc["B"].to_dict() == {"rutin": "met", "utbildning": "unanswered"}
    assert verdicts.loc["C"].to_dict() == {"rutin": "unanswered", "utbildning": "unanswered"}
    assert verdicts.loc["D"].to_dict() == {"rutin": "not_met", "utbildning": "met"}
    # The same as leaving the answers out of a dict.
    c = small.check({"provider": "C", "service": "hvb", "date": "2017-12-31", "answers": {"personal.antal": 10}})
    assert frame[frame["provider"] == "C"]["message"].tolist() == [v.message.en for v in c.verdicts]


def test_rejected_reports_do_not_vanish(small, report):
    no_date = {"provider": "P7", "service": "hvb", "answers": {}}
    bad_service = {"provider": "P8", "service": "hbv", "date": "2017-12-31"}
    frame = small.check_many([report, no_date, bad_service], lang="en")
    assert len(frame) == 2 + 1 + 1
    rejected = frame[frame["verdict"] == "rejected"]
    assert rejected["provider"].tolist() == ["P7", "P8"]
    assert rejected["service"].tolist() == ["hvb", "hbv"]
    assert rejected["requirement"].isna().all()
    assert "date" in rejected.iloc[0]["message"]
    assert "[not-a-choice]" in rejected.iloc[1]["message"]


def test_a_verdicts_only_frame_is_the_full_frame_without_messages(builtin, export_csv):
    full = builtin.check_many(export_csv, lang="en")
    verdicts = builtin.check_many(export_csv, messages=False)
    assert list(verdicts.columns) == [c for c in COLUMNS if c != "message"]
    pd.testing.assert_frame_equal(verdicts, full.drop(columns="message"))
    df = pd.read_csv(export_csv)
    pd.testing.assert_frame_equal(builtin.check_many(df, messages=False), verdicts)
    pd.testing.assert_frame_equal(builtin.check_many(df.to_dict("records"), messages=False), verdicts)


def test_a_verdicts_only_frame_keeps_rejected_reports(small, report):
    no_date = {"provider": "P7", "service": "hvb", "answers": {}}
    frame = small.check_many([no_date, report, "P9"], messages=False)
    assert frame["verdict"].tolist() == ["rejected", "met", "not_met", "rejected"]
    assert frame["provider"].tolist()[:3] == ["P7", "P1", "P1"]
    assert frame.loc[frame["verdict"] == "rejected", "requirement"].isna().all()
    # Why a report was rejected is what `problems` lists.
    assert small.problems([no_date, report, "P9"])["rejected"].sum() == 2


def test_messages_is_a_keyword_argument(small, report):
    with pytest.raises(TypeError):
        small.check_many([report], "sv", None, None, False)
    assert "message" in small.check_many([report], messages=True).columns


def test_categories_list_only_the_values_present(small, report):
    """Requirement ids and sources are categories only when a row holds them: a batch of
    rejected reports has none."""
    frame = small.check_many([{"provider": "P7", "service": "hvb"}])
    assert list(frame["requirement"].cat.categories) == []
    assert list(frame["source"].cat.categories) == []
    frame = small.check_many([report, dict(report, provider="P0")])
    assert list(frame["provider"].cat.categories) == ["P0", "P1"]
    assert list(frame["requirement"].cat.categories) == ["rutin", "utbildning"]


def test_rejected_csv_row_says_where(small, tmp_path):
    export = tmp_path / "export.csv"
    export.write_text(
        "provider,service,date,personal.antal,personal.med_examen\nP1,hvb,2017-12-31,10,9\nP2,hvb,,10,9\nP3,hvb,2017-12-31,10\n",
        encoding="utf-8",
    )
    frame = small.check_many(export, lang="en")
    rejected = frame[frame["verdict"] == "rejected"]
    assert rejected["provider"].tolist() == ["P2", "P3"]
    assert "row 3" in rejected.iloc[0]["message"]
    assert "[too-few-cells]" in rejected.iloc[1]["message"]
    assert (frame["provider"] == "P1").sum() == 2


def test_a_mapping_translates_export_column_titles(small, tmp_path):
    export = tmp_path / "enkat.csv"
    export.write_text("Verksamhet,Tjänst,Datum,Anställda,Med examen\nP1,hvb,2017-12-31,10,6\n", encoding="utf-8")
    mapping = {"Verksamhet": "provider", "Tjänst": "service", "Datum": "date", "Anställda": "personal.antal", "Med examen": "personal.med_examen"}
    frame = small.check_many(export, mapping=mapping)
    assert frame.loc[frame["requirement"] == "utbildning", "verdict"].item() == "not_met"


def test_export_error_when_the_export_cannot_be_read(small, tmp_path):
    with pytest.raises(granska.ExportError) as caught:
        small.check_many(tmp_path / "saknas.csv")
    assert isinstance(caught.value, granska.GranskaError)
    [problem] = caught.value.problems
    assert isinstance(problem, granska.InputProblem)
    assert problem.code == "io"
    assert "saknas.csv" in problem.file

    no_provider = tmp_path / "utan.csv"
    no_provider.write_text("service,date\nhvb,2017-12-31\n", encoding="utf-8")
    with pytest.raises(granska.ExportError) as caught:
        small.check_many(no_provider)
    assert [p.code for p in caught.value.problems] == ["missing-column"]
    assert "provider" in str(caught.value)


def test_any_iterable_of_reports_is_a_batch(small, report):
    reports = (dict(report, provider=f"P{i}") for i in range(3))
    frame = small.check_many(reports)
    assert frame["provider"].tolist() == ["P0", "P0", "P1", "P1", "P2", "P2"]


def test_empty_batch_is_an_empty_frame(small):
    frame = small.check_many([])
    assert list(frame.columns) == COLUMNS
    assert len(frame) == 0


def test_wrong_kinds_of_data_are_type_errors(small, report):
    with pytest.raises(TypeError, match="for one report use check"):
        small.check_many(report)
    with pytest.raises(TypeError):
        small.check_many(42)
    # An item of the list that is not a dict is a rejected report (at its position), not an
    # error that loses the other reports.
    frame = small.check_many([report, "P2"], lang="en")
    [message] = frame[frame.verdict == "rejected"].message
    assert message == "row 1: The report is not a mapping of fields; the report is not read [wrong-type]"
    with pytest.raises(ValueError, match="sv or en"):
        small.check_many([report], lang="de")


def test_pandas_round_trip_pivot_of_verdicts_per_service(builtin, export_csv):
    frame = builtin.check_many(pd.read_csv(export_csv))
    pivot = pd.crosstab(frame["service"], frame["verdict"])
    services = pd.read_csv(export_csv).groupby("service").size()
    # Every provider has a verdict for every requirement.
    assert (pivot.sum(axis=1) == services * len(builtin.requirements)).all()
    share_met = frame[frame["verdict"].isin(["met", "not_met"])].groupby("requirement", observed=True)["verdict"].apply(lambda v: (v == "met").mean())
    assert share_met.between(0, 1).all()
    assert frame.to_csv(index=False).startswith("provider,service,requirement,verdict")


def test_batches_in_threads_agree(builtin, export_csv):
    df = pd.read_csv(export_csv)
    expected = builtin.check_many(df)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: builtin.check_many(df), range(4)))
    for result in results:
        pd.testing.assert_frame_equal(result, expected)


PROBLEM_COLUMNS = ["file", "sheet", "row", "column", "column_name", "field", "provider", "code", "message", "rejected"]


def test_problems_of_an_export_are_located_and_match_the_summary(builtin, export_csv):
    problems = builtin.problems(export_csv, lang="en")
    assert list(problems.columns) == PROBLEM_COLUMNS
    assert str(problems.row.dtype) == "Int64" and str(problems.column.dtype) == "Int64"
    assert problems.rejected.dtype == bool
    summary = builtin.summarize(export_csv)
    issues = problems[~problems.rejected & (problems.row > 1)]
    assert issues.code.value_counts().to_dict() == {k: v for k, v in summary.issues.items() if v}
    assert int(problems.rejected.sum()) == len(summary.rejected)
    assert (issues.column >= 1).all() and (issues.row >= 2).all()
    sv = builtin.problems(export_csv)
    assert list(sv.code) == list(problems.code) and (len(sv) == 0 or list(sv.message) != list(problems.message))


def test_problems_of_dicts_and_frames_are_at_their_position(small, report):
    bad = dict(report, answers={"personal.antal": "tre"})
    problems = small.problems([report, bad, {"service": "hvb"}], lang="en")
    assert list(problems.columns) == PROBLEM_COLUMNS
    assert [(r.row, r.field, r.code, r.rejected) for r in problems.itertuples()] == [(1, "personal.antal", "wrong-type", False), (2, "provider", "missing", True)]
    assert set(problems.file) == {""} and problems.column.isna().all()
    flat = pd.DataFrame([{"provider": "P1", "service": "hvb", "date": "2017-12-31", "personal.antal": "tre"}])
    assert [(r.row, r.field) for r in small.problems(flat).itertuples()] == [(0, "personal.antal")]
    assert len(small.problems([])) == 0
