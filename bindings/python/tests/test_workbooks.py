"""Workbook exports (.xlsx, .ods, …) through Python: the same reader as the CLI's, the first
sheet or the one named by `sheet=`, problems located by sheet, row and column."""

from __future__ import annotations

import pandas as pd
import pytest

import granska


@pytest.fixture(scope="session")
def export_xlsx(export_csv):
    return export_csv.with_suffix(".xlsx")


def test_a_workbook_gives_the_verdicts_and_summary_of_its_csv_twin(builtin, export_csv, export_xlsx, roster_csv):
    pd.testing.assert_frame_equal(builtin.check_many(export_xlsx), builtin.check_many(export_csv))
    from_xlsx = builtin.summarize(export_xlsx, roster=roster_csv)
    assert from_xlsx.to_json() == builtin.summarize(export_csv, roster=roster_csv).to_json()
    assert len(builtin.problems(export_xlsx)) == 0


def test_problems_of_a_workbook_name_its_sheet(builtin, export_xlsx):
    problems = builtin.problems(export_xlsx, mapping={"klagomal.registrerade": "klagomal.registrerad"}, lang="en")
    [problem] = problems.itertuples()
    assert (problem.row, problem.code, problem.column_name) == (1, "unknown-column", "klagomal.registrerade")
    assert isinstance(problem.sheet, str) and problem.sheet
    [ignored] = builtin.summarize(export_xlsx, mapping={"klagomal.registrerade": "klagomal.registrerad"}).ignored_columns
    assert ignored.sheet == problem.sheet
    assert f"sheet {problem.sheet}, row 1" in str(ignored)
    sheet = problem.sheet
    pd.testing.assert_frame_equal(builtin.check_many(export_xlsx, sheet=sheet), builtin.check_many(export_xlsx))


def test_a_sheet_that_is_not_there_is_an_export_error_listing_the_sheets(builtin, export_xlsx):
    with pytest.raises(granska.ExportError) as caught:
        builtin.check_many(export_xlsx, sheet="Saknas")
    [problem] = caught.value.problems
    assert problem.code == "no-sheet"
    assert "Saknas" in str(caught.value)


def test_a_sheet_of_a_csv_file_is_an_export_error(builtin, export_csv):
    with pytest.raises(granska.ExportError) as caught:
        builtin.problems(export_csv, sheet="Svar")
    assert [p.code for p in caught.value.problems] == ["no-sheet"]


def test_a_sheet_for_data_that_is_no_workbook_file_is_a_value_error(builtin):
    with pytest.raises(ValueError, match=r'check_many\(\): sheet="Svar" names a sheet of a workbook file, but the data given is a list'):
        builtin.check_many([], sheet="Svar")
    with pytest.raises(ValueError, match="DataFrame"):
        builtin.summarize(pd.DataFrame({"provider": ["P1"]}), sheet="Svar")
