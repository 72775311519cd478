"""Benchmark: `Pack.check_many` on a generated 100,000-row export, to the tidy frame.

The rows are those of `examples/export-2017.csv`, repeated with new provider ids (the
generator of `crates/granska-summary/benches/summary.rs`): 100,000 providers, about 6.5
million verdict rows. Times, for each input (the CSV path, a pandas DataFrame read from it,
a polars DataFrame read from it), the full tidy frame (messages in Swedish) and the
verdicts-only frame (`messages=False`). Reading the CSV into a data frame is not timed.

Run from the repository root after `maturin develop -r` (a release build):

    python bindings/python/bench/check_many.py [--rounds 3] [--rows 100000]

Prints the median and the fastest wall time of the rounds and the median CPU time (all
threads; steadier than wall time on a shared machine), in seconds. A benchmark, not a test: it
asserts only the frame's length.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import granska

ROOT = Path(__file__).resolve().parents[3]


def generated_export(rows: int, path: Path) -> None:
    """Writes the summary bench's export: the example rows repeated, provider ids `G000000`…"""
    lines = (ROOT / "examples" / "export-2017.csv").read_text(encoding="utf-8").splitlines()
    header, body = lines[0], [line for line in lines[1:] if line.strip()]
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(header + "\n")
        for i in range(rows):
            rest = body[i % len(body)].split(",", 1)[1]
            out.write(f"G{i:06d},{rest}\n")


def cpu() -> float:
    """CPU seconds of this process so far, every thread, user and system."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(call, rounds: int) -> tuple[float, float, float, object]:
    """Median and fastest wall time, and median CPU time, of `rounds` calls; the last result."""
    times, cpus, result = [], [], None
    for i in range(rounds):
        start, start_cpu = time.perf_counter(), cpu()
        result = call()
        times.append(time.perf_counter() - start)
        cpus.append(cpu() - start_cpu)
        if i < rounds - 1:
            del result
    return statistics.median(times), min(times), statistics.median(cpus), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--only", help="run only the cases whose name contains this text")
    args = parser.parse_args()
    pack = granska.Pack.builtin()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export-100k.csv"
        generated_export(args.rows, path)
        inputs = {"path": lambda: str(path)}
        try:
            import pandas as pd

            frame = pd.read_csv(path)
            inputs["pandas"] = lambda: frame
        except ImportError:
            pass
        try:
            import polars as pl

            pframe = pl.read_csv(path, infer_schema_length=None)
            inputs["polars"] = lambda: pframe
        except ImportError:
            pass
        print(f"check_many, {args.rows:,} rows, {args.rounds} rounds (seconds)")
        print("| input | frame | median | fastest | CPU (both cores) | rows |")
        print("|---|---|---:|---:|---:|---:|")
        for name, data in inputs.items():
            for kind, kwargs in (("full", {}), ("verdicts only", {"messages": False})):
                case = f"{name} {kind}"
                if args.only and args.only not in case:
                    continue
                try:
                    median, fastest, cpu_time, result = timed(lambda: pack.check_many(data(), **kwargs), args.rounds)
                except TypeError as e:  # a build without `messages`
                    print(f"| {name} | {kind} | n/a ({e}) | | | |")
                    continue
                print(f"| {name} | {kind} | {median:.2f} | {fastest:.2f} | {cpu_time:.2f} | {len(result):,} |", flush=True)
                del result
    return 0


if __name__ == "__main__":
    sys.exit(main())
