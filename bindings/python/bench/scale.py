"""Benchmark (not a test): summarise 1, 2 and 4 million generated report rows in one process
(``Pack.summarize`` over the CSV export, all cores) and with Spark in local mode with two
workers (``granska.spark.summarize`` over the same CSV read by Spark), printing rows per
second, the peak memory of each (resident set sampled every 0.2 s: of this process for the
single-process run, of the whole process tree — the driver JVM and the Python workers — for
Spark) and the per-row cost inside a Spark
worker against the single-process per-row cost.

    python bindings/python/bench/scale.py [--rows 1000000,2000000,4000000] [--dir /tmp/granska-scale]

The rows are the 134 rows of examples/export-2017.csv repeated with new provider ids, as in
the Rust summary benchmark. Both runs must give the same figures (checked).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

import granska
import granska.spark

ROOT = Path(__file__).resolve().parents[3]


def generate(path: Path, rows: int) -> None:
    """Writes the generated export with ``rows`` rows, unless it is there already."""
    if path.exists():
        return
    lines = (ROOT / "examples" / "export-2017.csv").read_text(encoding="utf-8").splitlines()
    header, body = lines[0], [line for line in lines[1:] if line.strip()]
    rests = [line.split(",", 1)[1] for line in body]
    with path.open("w", encoding="utf-8") as out:
        out.write(header + "\n")
        for i in range(rows):
            out.write(f"G{i:08},{rests[i % len(rests)]}\n")


def tree_rss(pid: int) -> int:
    """The resident set, in bytes, of a process and all its descendants."""
    total = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def own_rss(pid: int) -> int:
    """The resident set, in bytes, of this process alone."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


class Peak:
    """Samples the resident set while a block runs: of this process alone, or (``tree``) of
    it and every process it started (the Spark driver JVM and its Python workers)."""

    def __init__(self, tree: bool) -> None:
        self.rss = tree_rss if tree else own_rss

    def __enter__(self) -> "Peak":
        self.peak = self.rss(os.getpid())
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()
        return self

    def sample(self) -> None:
        while not self.done.wait(0.2):
            self.peak = max(self.peak, self.rss(os.getpid()))

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join()


def spark_session():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master("local[2]")
        .appName("granska-scale")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "4g")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "20000")
        .getOrCreate()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1000000,2000000,4000000")
    parser.add_argument("--dir", default="/tmp/granska-scale")
    args = parser.parse_args()
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    pack = granska.Pack.builtin()
    spark = spark_session()
    print("| rows | single process: s | rows/s | peak memory | Spark local[2]: s | rows/s | peak memory | per row in a worker vs. single process |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for rows in [int(r) for r in args.rows.split(",")]:
        path = folder / f"generated-{rows}.csv"
        generate(path, rows)
        with Peak(tree=False) as single_peak:
            start = time.perf_counter()
            single = pack.summarize(str(path))
            single_s = time.perf_counter() - start
        df = spark.read.option("header", True).csv(str(path))
        worker_time = spark.sparkContext.accumulator(0.0)

        with Peak(tree=True) as spark_peak:
            start = time.perf_counter()
            summary = granska.spark.summarize(df, pack)
            spark_s = time.perf_counter() - start
        assert summary.reports == single.reports == rows, (summary.reports, single.reports)
        assert json.loads(summary.to_json())["requirements"] == json.loads(single.to_json())["requirements"]
        # The per-row cost inside the workers: granska's time in partial_summary, two workers.
        renamed, names = granska.spark._positional(df)
        renamed.mapInArrow(lambda b, n=names: timed_named(b, n, pack, worker_time), granska.spark.PARTIAL_SCHEMA).count()
        per_row_worker = worker_time.value / rows
        per_row_single = single_s * 2 / rows  # two cores
        gib = 1024**3
        print(
            f"| {rows:,} | {single_s:.2f} | {rows / single_s:,.0f} | {single_peak.peak / gib:.2f} GiB "
            f"| {spark_s:.2f} | {rows / spark_s:,.0f} | {spark_peak.peak / gib:.2f} GiB "
            f"| {per_row_worker * 1e6:.2f} µs vs. {per_row_single * 1e6:.2f} µs core time ({per_row_worker / per_row_single:.2f}×) |",
            flush=True,
        )
    spark.stop()


def timed_named(batches, names, pack, acc):
    """Each batch's partial (named back), the time spent in granska added to ``acc``."""
    import pyarrow as pa

    for batch in batches:
        start = time.perf_counter()
        table = pa.Table.from_batches([batch]).rename_columns(names)
        partial = pack.partial_summary(table)
        acc.add(time.perf_counter() - start)
        yield pa.RecordBatch.from_pydict({"partial": [partial.to_bytes()]})


if __name__ == "__main__":
    main()
