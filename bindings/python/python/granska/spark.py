"""Checking and summarising a Spark DataFrame of reports with granska, on the executors.

PySpark is not a dependency of granska: this module imports nothing from it and works on
the DataFrames you pass. Each function applies the pack to every partition with
``DataFrame.mapInArrow``; the pack travels to the executors pickled (its YAML and content
hash, checked when it arrives). See docs/scale.md for the whole recipe.

- ``verdicts(df, pack)``: a Spark DataFrame of verdict rows, one per report and requirement,
  the columns of ``Pack.check_many`` (``VERDICT_SCHEMA``).
- ``partial_summaries(df, pack)``: a Spark DataFrame with one ``partial`` (binary) row per
  Arrow batch of each partition.
- ``summarize(df, pack)``: those partials merged on the driver and finished into the
  ``Summary`` — the same, byte for byte, as ``Pack.summarize`` over the same reports in one
  process, when each report carries its place (``file_column``, ``row_column``).

The place columns name where each report was read (its file and its row, header = 1): a
rejected row and a provider reported twice are then located there, and the first report of
a provider is the earliest by file and row, whatever the partitioning.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal, Optional, Union

from granska._granska import Pack, PartialSummary, Summary, merge_partials

VERDICT_COLUMNS = ("provider", "service", "requirement", "verdict", "message", "source", "area", "severity")
"""The columns of ``verdicts``: those of ``Pack.check_many``."""

VERDICT_SCHEMA = ", ".join(f"{c} string" for c in VERDICT_COLUMNS)
"""The Spark schema (DDL) of ``verdicts``."""

PARTIAL_SCHEMA = "partial binary"
"""The Spark schema (DDL) of ``partial_summaries``."""


def _positional(df: Any) -> tuple[Any, list[str]]:
    """``df`` with its columns renamed by position, and the names: Spark reads a dot in a
    column name (``ledning.riskanalys``) as a struct field, so question ids cannot pass
    through ``mapInArrow`` as names. The executors give each batch its names back."""
    names = list(df.columns)
    return df.toDF(*[f"_granska_{i}" for i in range(len(names))]), names


def _named(batch: Any, names: Sequence[str], without: Sequence[str]) -> Any:
    """The batch as a pyarrow Table with its own column names, without the place columns."""
    import pyarrow as pa

    table = pa.Table.from_batches([batch]).rename_columns(list(names))
    present = [c for c in without if c in table.column_names]
    return table.drop_columns(present) if present else table


def verdicts(df: Any, pack: Pack, lang: Literal["sv", "en"] = "sv", mapping: Optional[Mapping[str, Optional[str]]] = None, file_column: Optional[str] = None, row_column: Optional[str] = None) -> Any:
    """A Spark DataFrame of verdict rows (``VERDICT_SCHEMA``), checked on the executors.

    ``df`` has one row per report: the columns of a survey export (``provider``,
    ``service``, ``date``, ``contract``, one per question id), text or typed. The place
    columns, if named, are left out of the reports. Rejected reports get the verdict
    ``rejected``, as in ``check_many``.
    """
    place = [c for c in (file_column, row_column) if c]
    df, names = _positional(df)

    def check(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        schema = pa.schema([(c, pa.string()) for c in VERDICT_COLUMNS])
        for batch in batches:
            if batch.num_rows == 0:
                continue
            table = pack.check_many(_named(batch, names, place), lang=lang, mapping=mapping, output="arrow")
            yield from table.select(list(VERDICT_COLUMNS)).cast(schema).to_batches()

    return df.mapInArrow(check, VERDICT_SCHEMA)


def partial_summaries(
    df: Any,
    pack: Pack,
    roster: Optional[Any] = None,
    mapping: Optional[Mapping[str, Optional[str]]] = None,
    file_column: Optional[str] = None,
    row_column: Optional[str] = None,
) -> Any:
    """A Spark DataFrame (``PARTIAL_SCHEMA``) of partial summaries, one per Arrow batch of
    each partition, computed on the executors. ``roster`` is as for ``Pack.summarize``: a
    path the executors can read, or (better on a cluster) a pandas DataFrame or a list of
    dicts, shipped with the function."""
    place = [c for c in (file_column, row_column) if c]
    df, names = _positional(df)

    def count(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        schema = pa.schema([("partial", pa.binary())])
        for batch in batches:
            table = _named(batch, names, [])
            rows = [int(r) for r in table.column(row_column).to_pylist()] if row_column else None
            files = [str(f) for f in table.column(file_column).to_pylist()] if file_column else None
            partial = pack.partial_summary(_named(batch, names, place), roster=roster, mapping=mapping, rows=rows, file=files)
            yield pa.RecordBatch.from_pydict({"partial": [partial.to_bytes()]}, schema=schema)

    return df.mapInArrow(count, PARTIAL_SCHEMA)


def summarize(
    df: Any,
    pack: Pack,
    roster: Optional[Any] = None,
    previous: Optional[Union[Summary, Mapping[str, Any], str]] = None,
    mapping: Optional[Mapping[str, Optional[str]]] = None,
    file_column: Optional[str] = None,
    row_column: Optional[str] = None,
    *,
    allow_other_pack: bool = False,
) -> Summary:
    """The ``Summary`` of every report of ``df``: partial summaries computed on the
    executors (``partial_summaries``), collected and merged on the driver. ``previous`` and
    ``allow_other_pack`` are as for ``Pack.summarize``."""
    collected = partial_summaries(df, pack, roster=roster, mapping=mapping, file_column=file_column, row_column=row_column).collect()
    partials = [PartialSummary.from_bytes(bytes(row["partial"])) for row in collected]
    if not partials:
        partials = [pack.partial_summary([], roster=roster)]
    return merge_partials(partials).finish(pack, previous, allow_other_pack=allow_other_pack)
