"""Dask: the recipe of docs/scale.md — a partial summary per partition of a Dask DataFrame
read from export files, merged into the summary one pass over the files gives.

Dask is installed by scripts/test-python.sh, which sets GRANSKA_REQUIRE_SPARK=1 so that a
missing Dask fails the run instead of skipping this test.
"""

from __future__ import annotations

import os

import pandas as pd
import pytest

import granska

from conftest import ROOT

if os.environ.get("GRANSKA_REQUIRE_SPARK") != "1":
    pytest.importorskip("dask")

import dask.dataframe as dd  # noqa: E402

EXPORT = ROOT / "examples" / "export-2017.csv"


def test_partitions_of_a_dask_dataframe_merge_into_the_one_pass_summary(tmp_path):
    pack = granska.Pack.builtin()
    lines = EXPORT.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    # Two export files, the second repeating a provider of the first.
    for name, part in (("a.csv", rows[:70]), ("b.csv", rows[70:] + [rows[3]])):
        (tmp_path / name).write_text("\n".join([header, *part]) + "\n", encoding="utf-8")
    frame = dd.read_csv(str(tmp_path / "*.csv"), dtype=str, keep_default_na=False, include_path_column="_file", blocksize=4_000)
    assert frame.npartitions > 2

    def partial(df: pd.DataFrame) -> pd.Series:
        reports = df.drop(columns=["_file"])
        return pd.Series([pack.partial_summary(reports, file=[str(f) for f in df["_file"]]).to_bytes()])

    parts = frame.map_partitions(partial, meta=(None, object)).compute()
    summary = granska.merge_partials(granska.PartialSummary.from_bytes(b) for b in parts).finish(pack)
    one_pass = pack.partial_summary(frame.compute().drop(columns=["_file"]), file=[str(f) for f in frame["_file"].compute()]).finish(pack)
    assert summary.reports == len(rows) + 1
    assert summary.to_json() == one_pass.to_json()
    assert len(summary.duplicates) == 1
    assert summary.duplicates[0].file.endswith("b.csv")
    assert summary.duplicates[0].row is None, "a file without rows is located by file alone"
