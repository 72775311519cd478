"""PySpark in local mode (``local[2]``): a generated 100,000-row export in a Spark DataFrame,
split over partitions, checked and summarised on the executors with ``granska.spark``; the
summary is the single-process summary byte for byte, and the rows rejected in the partitions
keep their file and row.

PySpark is installed by scripts/test-python.sh, which sets GRANSKA_REQUIRE_SPARK=1 so that a
missing PySpark (or Java) fails the run instead of skipping these tests.
"""

from __future__ import annotations

import os
import sys

import pandas as pd
import pyarrow as pa
import pytest

import granska
import granska.spark

from conftest import ROOT

if os.environ.get("GRANSKA_REQUIRE_SPARK") != "1":
    pytest.importorskip("pyspark")

from pyspark.sql import SparkSession  # noqa: E402

EXPORT = ROOT / "examples" / "export-2017.csv"
FILE = "national.csv"


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("granska-test")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "10000")
        .getOrCreate()
    )
    yield session
    session.stop()


def generated(rows: int) -> pd.DataFrame:
    """The 2017 rows repeated with new provider ids: every 1,000th repeats an earlier
    provider, every 997th has a date that is not one. Text cells as written, with the
    place of each row (file, and row with the header as row 1)."""
    frame = pd.read_csv(EXPORT, dtype=str, keep_default_na=False)
    ids = [i - 500 if i % 1000 == 999 else i for i in range(rows)]
    out = frame.iloc[[i % len(frame) for i in ids]].reset_index(drop=True)
    out["provider"] = [f"G{i:06}" for i in ids]
    bad = [i for i in range(rows) if i % 997 == 996]
    out.loc[bad, "date"] = "2017-02-30"
    out["_file"] = FILE
    out["_row"] = range(2, rows + 2)
    return out


def single_process(pack: granska.Pack, frame: pd.DataFrame) -> granska.Summary:
    """One pass in this process over the same Arrow data Spark hands the executors, each
    report at its place."""
    reports = pa.Table.from_pandas(frame.drop(columns=["_file", "_row"]), preserve_index=False)
    return pack.partial_summary(reports, rows=list(frame["_row"]), file=FILE).finish(pack)


def test_a_100000_row_dataframe_over_partitions_gives_the_single_process_summary(spark):
    pack = granska.Pack.builtin()
    frame = generated(100_000)
    df = spark.createDataFrame(frame).repartition(5)
    assert df.rdd.getNumPartitions() == 5
    summary = granska.spark.summarize(df, pack, file_column="_file", row_column="_row")
    expected = single_process(pack, frame)
    assert summary.to_json() == expected.to_json()
    assert summary.reports + len(summary.rejected) == 100_000
    # The malformed rows, each in some partition, keep their file and row.
    assert len(summary.rejected) == 100
    assert {(p.file, p.row) for p in summary.rejected} == {(FILE, i + 2) for i in range(100_000) if i % 997 == 996}
    assert all(p.file == FILE and p.row is not None for p in summary.duplicates)


def test_partials_travel_as_a_binary_column(spark):
    pack = granska.Pack.builtin()
    frame = generated(3_000)
    df = spark.createDataFrame(frame).repartition(3)
    partials = granska.spark.partial_summaries(df, pack, file_column="_file", row_column="_row").collect()
    assert len(partials) >= 3
    parts = [granska.PartialSummary.from_bytes(bytes(r["partial"])) for r in partials]
    assert sum(p.reports + p.rejected for p in parts) == 3_000
    assert granska.merge_partials(reversed(parts)).finish(pack).to_json() == single_process(pack, frame).to_json()


def test_verdict_rows_are_those_of_check_many(spark):
    pack = granska.Pack.builtin()
    frame = pd.read_csv(EXPORT, dtype=str, keep_default_na=False)
    df = spark.createDataFrame(frame).repartition(3)
    rows = granska.spark.verdicts(df, pack).toPandas()
    expected = pack.check_many(pa.Table.from_pandas(frame, preserve_index=False))[list(granska.spark.VERDICT_COLUMNS)]
    key = ["provider", "service", "requirement"]
    def plain(frame: pd.DataFrame) -> list[dict]:
        frame = frame.sort_values(key).reset_index(drop=True).astype(object)
        return frame.where(frame.notna(), None).to_dict("records")

    got, want = plain(rows), plain(expected)
    assert len(got) == len(want) == len(frame) * len(pack.requirements)
    assert got == want
