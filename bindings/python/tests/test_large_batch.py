"""A 100,000-row batch: every row is judged, the rejected ones are kept, and the counts add
up to those of the rows it was built from. Counts are asserted, never time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

ROWS = 100_000


@pytest.fixture(scope="module")
def big(export_csv):
    base = pd.read_csv(export_csv)
    source = np.arange(ROWS) % len(base)
    frame = base.iloc[source].reset_index(drop=True)
    frame["provider"] = [f"X{i:06d}" for i in range(ROWS)]
    frame["source_row"] = source
    # Every 10,000th report has no date: it is rejected, not dropped.
    frame.loc[frame.index % 10_000 == 0, "date"] = np.nan
    return frame


def test_check_many_of_100000_rows(builtin, export_csv, big):
    requirements = len(builtin.requirements)
    result = builtin.check_many(big.drop(columns="source_row"))
    rejected = big["date"].isna()
    assert rejected.sum() == 10
    assert len(result) == (ROWS - 10) * requirements + 10
    assert (result["verdict"] == "rejected").sum() == 10
    assert sorted(result.loc[result["verdict"] == "rejected", "provider"]) == sorted(big.loc[rejected, "provider"])

    # Each accepted row has the verdicts of the export row it copies.
    base = builtin.check_many(export_csv)
    per_row = base.groupby("provider", observed=True, sort=False)["verdict"].value_counts().unstack(fill_value=0)
    per_row = per_row.reindex(pd.read_csv(export_csv)["provider"])
    accepted = big.loc[~rejected, "source_row"].value_counts().sort_index()
    expected = (per_row.iloc[accepted.index].mul(accepted.values, axis=0)).sum()
    got = result["verdict"].value_counts()
    for verdict in ["met", "not_met", "not_applicable", "unanswered"]:
        assert got[verdict] == expected.get(verdict, 0), verdict


def test_summarize_100000_rows(builtin, big):
    summary = builtin.summarize(big.drop(columns="source_row"))
    assert summary.reports == ROWS - 10
    assert len(summary.rejected) == 10
    assert {p.code for p in summary.rejected} == {"bad-date"}


def test_a_100000_row_polars_frame_is_the_pandas_frame(builtin, big):
    """One Arrow batch far larger than a chunk: read in slices, rows numbered throughout."""
    pl = pytest.importorskip("polars")
    frame = big.drop(columns="source_row")
    from_pandas = builtin.summarize(frame)
    from_polars = builtin.summarize(pl.from_pandas(frame.astype({"date": "string"})))
    assert from_polars.reports == from_pandas.reports == ROWS - 10
    assert [p.row for p in from_polars.rejected] == [p.row for p in from_pandas.rejected] == list(range(0, ROWS, 10_000))
    assert from_polars.to_csv("en") == from_pandas.to_csv("en")
    verdicts = builtin.check_many(pl.from_pandas(frame.astype({"date": "string"})))
    assert isinstance(verdicts, pl.DataFrame)
    assert verdicts.height == (ROWS - 10) * len(builtin.requirements) + 10
