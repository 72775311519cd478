"""Data frames that are not pandas: polars, pyarrow and DuckDB frames (anything with the
Arrow PyCapsule interface) are read column by column, typed by their Arrow types; the
results come back as polars when polars came in; what cannot be read is a TypeError."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import granska

pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")
pa_csv = pytest.importorskip("pyarrow.csv")

UTC = dt.timezone.utc

TYPES_PACK = """\
pack: { id: typer, version: "1.0", title: { sv: Typer, en: Types } }
services:
  - { id: hvb, label: { sv: HVB, en: Residential home } }
questions:
  - { id: kod, type: text, label: { sv: Kod, en: Code } }
  - { id: antal, type: integer, label: { sv: Antal, en: Count } }
  - { id: andel, type: number, label: { sv: Andel, en: Share } }
  - { id: finns, type: bool, label: { sv: Finns, en: Exists } }
  - { id: datum, type: date, label: { sv: Datum, en: Date } }
  - id: metoder
    type: choice
    multiple: true
    label: { sv: Metoder, en: Methods }
    choices:
      - { value: adad, label: { sv: ADAD, en: ADAD } }
      - { value: ubu, label: { sv: UBU, en: UBU } }
  - id: anstallda
    type: list
    label: { sv: Anställda, en: Staff }
    fields:
      - { id: registerutdrag, type: bool, label: { sv: Registerutdrag, en: Record check } }
      - { id: start, type: date, label: { sv: Start, en: Start } }
      - { id: timmar, type: number, label: { sv: Timmar, en: Hours } }
requirements:
  - id: kod
    title: { sv: Kod, en: Code }
    source: "Exempel 1"
    severity: krav
    area: trygghet
    require: 'kod == "12.50"'
    message: { sv: "Fel kod.", en: "Wrong code." }
  - id: datum
    title: { sv: Datum, en: Date }
    source: "Exempel 2"
    severity: krav
    area: trygghet
    require: "datum >= 2015-12-31"
    message: { sv: "För tidigt.", en: "Too early." }
  - id: metoder
    title: { sv: Metoder, en: Methods }
    source: "Exempel 3"
    severity: bor
    area: kunskapsbaserad
    require: '"adad" in metoder'
    message: { sv: "ADAD saknas.", en: "No ADAD." }
  - id: anstallda
    title: { sv: Anställda, en: Staff }
    source: "Exempel 4"
    severity: krav
    area: trygghet
    require: "count(a in anstallda, a.registerutdrag) == 2"
    message: { sv: "Registerutdrag saknas.", en: "Record checks missing." }
"""


@pytest.fixture(scope="module")
def typed() -> granska.Pack:
    return granska.Pack.from_yaml(TYPES_PACK, "typer.yaml")


def verdict_rows(frame) -> list[tuple]:
    """The rows of a tidy frame (pandas or polars) as plain tuples, absent values None."""
    if isinstance(frame, pl.DataFrame):
        return [tuple(r) for r in frame.iter_rows()]
    return [tuple(None if pd.isna(v) else v for v in r) for r in frame.itertuples(index=False)]


def as_rows(row: tuple) -> tuple:
    """A row of a result from pandas as from an Arrow frame, whose rows are read as an
    export's: a rejected row "is not read" where a rejected report "is not read"."""
    return tuple(v.replace("the report is not read", "the row is not read") if isinstance(v, str) else v for v in row)


def verdicts_of(frame, provider: str) -> dict[str, str]:
    return {r[2]: r[3] for r in verdict_rows(frame) if r[0] == provider}


def base(n: int = 1, **columns) -> dict:
    """Columns of `n` reports of the types pack, with the given answer columns."""
    return {"provider": [f"P{i}" for i in range(n)], "service": ["hvb"] * n, "date": [dt.date(2017, 12, 31)] * n, **columns}


# ------------------------------------------------------------ the example export, every way


def test_a_polars_frame_gives_the_verdicts_of_the_csv_export(builtin, export_csv):
    from_csv = builtin.check_many(export_csv, lang="en")
    as_text = builtin.check_many(pl.read_csv(export_csv, infer_schema_length=0), lang="en")
    typed = builtin.check_many(pl.read_csv(export_csv, try_parse_dates=True), lang="en")
    assert isinstance(as_text, pl.DataFrame) and isinstance(typed, pl.DataFrame)
    assert verdict_rows(as_text) == verdict_rows(from_csv)
    assert verdict_rows(typed) == verdict_rows(from_csv)


def test_a_verdicts_only_polars_frame_has_no_message_column(builtin, export_csv):
    full = builtin.check_many(pl.read_csv(export_csv, infer_schema_length=0))
    verdicts = builtin.check_many(pl.read_csv(export_csv, infer_schema_length=0), messages=False)
    assert isinstance(verdicts, pl.DataFrame)
    assert "message" not in verdicts.columns
    assert verdicts.equals(full.drop("message"))
    assert verdicts.schema["verdict"] == full.schema["verdict"]


def test_a_pyarrow_table_gives_the_same_frame_as_the_csv_export(builtin, export_csv):
    table = pa_csv.read_csv(export_csv)  # typed by pyarrow: dates, integers, floats, texts
    assert pa.types.is_date32(table.schema.field("date").type)
    pd.testing.assert_frame_equal(builtin.check_many(table), builtin.check_many(export_csv))
    batches = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=7))
    pd.testing.assert_frame_equal(builtin.check_many(batches), builtin.check_many(export_csv))
    [batch] = table.combine_chunks().to_batches()
    pd.testing.assert_frame_equal(builtin.check_many(batch), builtin.check_many(export_csv))


def test_the_summary_of_a_polars_or_pyarrow_frame_is_the_csv_summary(builtin, export_csv, roster_csv):
    from_csv = builtin.summarize(export_csv, roster=roster_csv)
    for frame in (pl.read_csv(export_csv, infer_schema_length=0), pl.read_csv(export_csv, try_parse_dates=True), pa_csv.read_csv(export_csv)):
        summary = builtin.summarize(frame, roster=pl.read_csv(roster_csv, infer_schema_length=0))
        assert summary.to_json() == from_csv.to_json()
        assert summary.to_csv("en") == from_csv.to_csv("en")


def test_problems_of_a_polars_frame_are_those_of_the_pandas_frame(builtin, export_csv):
    df = pd.read_csv(export_csv, dtype=str)
    df.loc[3, "klagomal.registrerade"] = "många"
    df.loc[5, "date"] = "31/12/2017"
    from_pandas = builtin.problems(df, lang="en")
    from_polars = builtin.problems(pl.from_pandas(df), lang="en")
    assert isinstance(from_polars, pl.DataFrame)
    assert from_polars.columns == list(from_pandas.columns)
    assert [tuple(r) for r in from_polars.select("row", "field", "provider", "code", "message", "rejected").iter_rows()] == [
        as_rows(tuple(r)) for r in from_pandas[["row", "field", "provider", "code", "message", "rejected"]].itertuples(index=False)
    ]
    assert from_polars["row"].to_list() == [3, 5]


# ------------------------------------------------------------ Arrow types


def test_text_and_categorical_columns_are_read_as_written(typed):
    frame = pl.DataFrame(
        base(
            3,
            kod=["12.50", "12.5", None],
        )
    ).with_columns(pl.col("service").cast(pl.Categorical), pl.col("provider").cast(pl.Enum(["P0", "P1", "P2"])))
    got = typed.check_many(frame)
    assert [verdicts_of(got, p)["kod"] for p in ("P0", "P1", "P2")] == ["met", "not_met", "unanswered"]
    table = pa.table({**base(2), "kod": pa.array(["12.50", "12.5"]).dictionary_encode()})
    assert [verdicts_of(typed.check_many(table), p)["kod"] for p in ("P0", "P1")] == ["met", "not_met"]
    large = pa.table({**base(1), "kod": pa.array(["12.50"], pa.large_string())})
    assert verdicts_of(typed.check_many(large), "P0")["kod"] == "met"


def test_a_32_bit_float_is_the_number_as_written(typed):
    # 12.5 and 0.1 as Float32: the text is "12.5" (the requirement wants "12.50"), the share
    # 0.1 and not the 0.10000000149011612 a Float32 0.1 widens to.
    frame = pl.DataFrame(base(1, kod=pl.Series([12.5], dtype=pl.Float32), andel=pl.Series([0.1], dtype=pl.Float32)))
    assert verdicts_of(typed.check_many(frame), "P0")["kod"] == "not_met"
    table = pa.table({**base(1), "kod": pa.array([0.1], pa.float32())})
    report = typed.check_many(table, lang="en")
    assert verdicts_of(report, "P0")["kod"] == "not_met"
    with_text = typed.problems(pa.table({**base(1), "antal": pa.array([0.1], pa.float32())}), lang="en")
    assert with_text["message"].str.contains('"0.1"').any(), with_text["message"].tolist()


def test_a_decimal_is_its_exact_text_and_a_big_unsigned_integer_its_digits(typed):
    frame = pa.table({**base(2), "kod": pa.array([Decimal("12.50"), Decimal("12.5")], pa.decimal128(6, 2))})
    assert [verdicts_of(typed.check_many(frame), p)["kod"] for p in ("P0", "P1")] == ["met", "met"]
    problems = typed.problems(pl.DataFrame(base(2, antal=pl.Series([7, 2**64 - 1], dtype=pl.UInt64))), lang="en")
    assert [(r["row"], r["field"], r["code"]) for r in problems.iter_rows(named=True)] == [(1, "antal", "out-of-range")]
    # For a text question, the digits.
    big = pl.DataFrame(base(1, kod=pl.Series([2**64 - 1], dtype=pl.UInt64)))
    [message] = typed.check_many(big, lang="en").filter(pl.col("requirement") == "kod")["verdict"].to_list()
    assert message == "not_met"
    same = typed.check({"provider": "P0", "service": "hvb", "date": "2017-12-31", "answers": {"kod": "18446744073709551615"}})
    assert len(typed.problems(big)) == 0 and same["kod"].verdict == "not_met"


@pytest.mark.parametrize("dtype", [pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32, pl.UInt64])
def test_every_integer_type_is_a_whole_number(typed, dtype):
    frame = pl.DataFrame(base(2, antal=pl.Series([3, None], dtype=dtype), kod=pl.Series([12, 7], dtype=dtype)))
    assert len(typed.problems(frame)) == 0
    report = typed.check({"provider": "P0", "service": "hvb", "date": "2017-12-31", "answers": {"antal": 3, "kod": 12}})
    assert verdicts_of(typed.check_many(frame), "P0") == {v.requirement: v.verdict for v in report.verdicts}


def test_floats_nan_and_infinity_are_problems_not_numbers(typed):
    frame = pl.DataFrame(base(4, andel=[0.5, float("nan"), float("inf"), None]))
    problems = typed.problems(frame, lang="en")
    assert [(r["row"], r["field"]) for r in problems.iter_rows(named=True)] == [(1, "andel"), (2, "andel")]
    assert "NaN" in problems["message"][0]
    f32 = pa.table({**base(1), "andel": pa.array([0.25], pa.float32())})
    f16 = pa.table({**base(1), "andel": pa.array([np.float16(0.25)], pa.float16())})
    assert len(typed.problems(f32)) == 0 and len(typed.problems(f16)) == 0


def test_dates_datetimes_and_instants(typed):
    """Date32 and Date64 are dates; a timestamp without a zone is its wall-clock date; one
    with a zone is an instant, dated in Stockholm — 2015-12-30 23:30 UTC is 2015-12-31 there
    (on or after 2015-12-31, as the requirement asks), while the same wall clock without a
    zone is 2015-12-30."""
    late = dt.datetime(2015, 12, 30, 23, 30)
    naive = typed.check_many(pl.DataFrame(base(1, datum=[late])))
    utc = typed.check_many(pl.DataFrame(base(1, datum=pl.Series([late]).dt.replace_time_zone("UTC"))))
    stockholm = typed.check_many(pl.DataFrame(base(1, datum=pl.Series([dt.datetime(2015, 12, 31, 0, 30)]).dt.replace_time_zone("Europe/Stockholm"))))
    assert verdicts_of(naive, "P0")["datum"] == "not_met"
    assert verdicts_of(utc, "P0")["datum"] == "met"
    assert verdicts_of(stockholm, "P0")["datum"] == "met"
    # The same as the texts a JSON report would give.
    text = typed.check({"provider": "P0", "service": "hvb", "date": "2017-12-31", "answers": {"datum": "2015-12-30T23:30:00Z"}})
    assert text["datum"].verdict == "met"
    for unit in ("s", "ms", "us", "ns"):
        table = pa.table({**base(1), "datum": pa.array([late], pa.timestamp(unit, tz="UTC"))})
        assert verdicts_of(typed.check_many(table), "P0")["datum"] == "met", unit
    for dtype in (pa.date32(), pa.date64()):
        table = pa.table({**base(2), "datum": pa.array([dt.date(2015, 12, 31), dt.date(2015, 12, 30)], dtype)})
        assert [verdicts_of(typed.check_many(table), p)["datum"] for p in ("P0", "P1")] == ["met", "not_met"]


def test_a_report_date_as_an_instant_is_its_stockholm_date(typed):
    # 2017-12-31 23:30 UTC is 2018-01-01 in Stockholm, as for the text of a JSON report.
    frame = pl.DataFrame({**base(1), "date": pl.Series([dt.datetime(2017, 12, 31, 23, 30)]).dt.replace_time_zone("UTC")})
    report = typed.check({"provider": "P0", "service": "hvb", "date": "2017-12-31T23:30:00Z"})
    assert report.date == "2018-01-01"
    assert typed.summarize(frame).to_dict()["period"] == typed.summarize([{"provider": "P0", "service": "hvb", "date": "2018-01-01"}]).to_dict()["period"]
    assert typed.summarize(frame).to_dict()["period"] != typed.summarize(pl.DataFrame(base(1))).to_dict()["period"]


def test_null_cells_and_null_columns_are_unanswered(typed):
    frame = pl.DataFrame(base(2, finns=[None, None], kod=[None, "12.50"]))
    assert frame.schema["finns"] == pl.Null
    got = typed.check_many(frame)
    assert verdicts_of(got, "P0") == {"kod": "unanswered", "datum": "unanswered", "metoder": "unanswered", "anstallda": "unanswered"}
    assert verdicts_of(got, "P1")["kod"] == "met"
    assert len(typed.problems(frame)) == 0


def test_a_list_column_is_a_multiple_choice_or_a_list_of_records(typed):
    frame = pl.DataFrame(
        base(
            3,
            metoder=[["adad", "ubu"], ["ubu"], None],
            anstallda=[
                [{"registerutdrag": True, "start": dt.date(2017, 1, 1)}, {"registerutdrag": True, "start": None}],
                [{"registerutdrag": True, "start": dt.date(2017, 1, 1)}],
                [],
            ],
        )
    )
    got = typed.check_many(frame)
    assert [verdicts_of(got, p)["metoder"] for p in ("P0", "P1", "P2")] == ["met", "not_met", "unanswered"]
    assert [verdicts_of(got, p)["anstallda"] for p in ("P0", "P1", "P2")] == ["met", "not_met", "not_met"]
    bad = pl.DataFrame(base(1, metoder=[["adad", "okänd"]]))
    [problem] = typed.problems(bad, lang="en").iter_rows(named=True)
    assert (problem["row"], problem["field"], problem["code"]) == (0, "metoder", "not-a-choice")
    categorical = pl.DataFrame(base(1, metoder=pl.Series([["adad"]], dtype=pl.List(pl.Categorical))))
    assert verdicts_of(typed.check_many(categorical), "P0")["metoder"] == "met"


def test_nan_inside_a_list_of_records_is_an_issue_not_a_silent_null(typed):
    frame = pl.DataFrame(base(1, anstallda=[[{"registerutdrag": True, "timmar": 1.5}, {"registerutdrag": True, "timmar": float("nan")}]]))
    [problem] = typed.problems(frame, lang="en").iter_rows(named=True)
    assert (problem["row"], problem["field"], problem["code"]) == (0, "anstallda[1].timmar", "wrong-type")
    assert "NaN" in problem["message"]


def test_a_column_of_a_type_granska_cannot_read_is_a_type_error_naming_it(typed):
    for column, arrow_type in [
        (pl.Series([dt.timedelta(days=1)]), "Duration"),
        (pl.Series([b"\x00"]), "Binary"),
        (pl.Series([{"a": 1}]), "Struct"),
        (pl.Series([dt.time(12, 0)]), "Time64"),
    ]:
        with pytest.raises(TypeError, match=rf'check_many\(\).*column "antal" \({arrow_type}'):
            typed.check_many(pl.DataFrame(base(1)).with_columns(column.alias("antal")))
    # A column that is not read (an unknown question) is not refused: it is a problem.
    frame = pl.DataFrame(base(1)).with_columns(pl.Series([dt.timedelta(days=1)]).alias("okand"))
    [problem] = typed.problems(frame, lang="en").iter_rows(named=True)
    assert (problem["row"], problem["field"], problem["code"]) == (None, "okand", "unknown-column")


# ------------------------------------------------------------ shapes and places


def test_rejected_rows_say_their_position_as_for_pandas(typed):
    data = base(3)
    data["service"] = ["hvb", "hbv", "hvb"]
    data["date"] = ["2017-12-31", "2017-12-31", "31/12/2017"]
    from_pandas = typed.check_many(pd.DataFrame(data), lang="en")
    from_polars = typed.check_many(pl.DataFrame(data), lang="en")
    assert verdict_rows(from_polars) == [as_rows(r) for r in verdict_rows(from_pandas)]
    rejected = from_polars.filter(pl.col("verdict") == "rejected")
    assert rejected["provider"].to_list() == ["P1", "P2"]
    assert rejected["service"].to_list() == ["hbv", "hvb"]
    assert rejected["message"][0].startswith("row 1, field service")
    assert rejected["message"][1].startswith("row 2, field date")


def test_rows_are_numbered_across_batches(typed):
    table = pa.table(base(10, antal=pa.array(["1"] * 7 + ["sju"] + ["1"] * 2)))
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=3))
    problems = typed.problems(reader, lang="en")
    assert problems[["row", "field", "code"]].values.tolist() == [[7, "antal", "wrong-type"]]


def test_a_mapping_translates_column_titles_of_every_frame(typed):
    data = {"Verksamhet": ["P1"], "Tjänst": ["hvb"], "Datum": [dt.date(2017, 12, 31)], "Kod": ["12.50"], "Kommentar": ["ok"]}
    mapping = {"Verksamhet": "provider", "Tjänst": "service", "Datum": "date", "Kod": "kod", "Kommentar": None}
    for frame in (pl.DataFrame(data), pa.table(data), pd.DataFrame(data)):
        assert verdicts_of(typed.check_many(frame, mapping=mapping), "P1")["kod"] == "met", type(frame)
        assert len(typed.problems(frame, mapping=mapping)) == 0, type(frame)


def test_a_duplicate_column_is_a_problem_and_the_first_is_read(typed):
    names = ["provider", "service", "date", "kod", "kod"]
    table = pa.Table.from_arrays([pa.array(["P0"]), pa.array(["hvb"]), pa.array([dt.date(2017, 12, 31)]), pa.array(["12.50"]), pa.array(["x"])], names=names)
    [problem] = typed.problems(table, lang="en").itertuples()
    assert (problem.field, problem.code, problem.rejected) == ("kod", "duplicate-column", False) and pd.isna(problem.row)
    assert verdicts_of(typed.check_many(table), "P0")["kod"] == "met"


def test_a_frame_without_a_provider_column_cannot_be_read(typed):
    with pytest.raises(granska.ExportError) as caught:
        typed.check_many(pl.DataFrame({"service": ["hvb"], "date": ["2017-12-31"]}))
    assert [p.code for p in caught.value.problems] == ["missing-column"]
    assert "provider" in str(caught.value)


def test_an_empty_frame_is_an_empty_result(typed):
    frame = pl.DataFrame(schema={"provider": pl.String, "service": pl.String, "date": pl.Date})
    got = typed.check_many(frame)
    assert isinstance(got, pl.DataFrame) and got.height == 0
    assert typed.summarize(frame).to_dict()["reports"]["count"] == 0


def test_a_stream_that_fails_midway_raises_export_error(typed):
    table = pa.table(base(2))

    def batches():
        yield table.to_batches()[0]
        raise ValueError("the database went away")

    reader = pa.RecordBatchReader.from_batches(table.schema, batches())
    with pytest.raises(granska.ExportError, match="went away"):
        typed.check_many(reader)


def test_a_struct_array_with_null_rows_is_refused(typed):
    rows = pa.array([{"provider": "P0", "service": "hvb", "date": "2017-12-31"}, None])
    with pytest.raises((TypeError, granska.ExportError), match="null"):
        typed.check_many(rows)


# ------------------------------------------------------------ results follow the input


def test_polars_in_gives_polars_out(typed):
    frame = pl.DataFrame(base(2, kod=["12.50", "x"], antal=["tre", "3"]))
    verdicts = typed.check_many(frame)
    assert isinstance(verdicts, pl.DataFrame)
    assert verdicts.columns == ["provider", "service", "requirement", "verdict", "message", "source", "area", "severity"]
    assert verdicts.schema["verdict"] == pl.Enum(["met", "not_met", "not_applicable", "unanswered", "rejected"])
    assert verdicts.schema["severity"] == pl.Enum(["krav", "bor"])
    assert verdicts.schema["provider"] == pl.Categorical
    assert verdicts.filter(pl.col("verdict") == "not_met").height == verdicts.filter(pl.col("verdict").cast(pl.String) == "not_met").height > 0
    problems = typed.problems(frame)
    assert isinstance(problems, pl.DataFrame)
    assert problems.schema["row"] == pl.Int64 and problems.schema["rejected"] == pl.Boolean
    assert problems.select("row", "field").rows() == [(0, "antal")]
    # Anything else that is not polars gives pandas, as before.
    assert isinstance(typed.check_many(frame.to_arrow()), pd.DataFrame)
    assert isinstance(typed.problems(frame.to_arrow()), pd.DataFrame)


def test_summary_and_report_frames_as_polars(typed, builtin, export_csv):
    summary = builtin.summarize(pl.read_csv(export_csv, infer_schema_length=0))
    as_polars, as_pandas = summary.to_polars("en"), summary.to_frame("en")
    assert isinstance(as_polars, pl.DataFrame)
    assert as_polars.columns == list(as_pandas.columns) and as_polars.height == len(as_pandas)
    report = typed.check({"provider": "P0", "service": "hvb", "date": "2017-12-31", "answers": {"kod": "12.50"}})
    tidy = report.to_polars("en")
    assert verdict_rows(tidy) == verdict_rows(report.to_frame("en"))
    assert tidy.schema["verdict"] == pl.Enum(["met", "not_met", "not_applicable", "unanswered", "rejected"])


def test_a_polars_roster_gives_the_response_rate(builtin, export_csv, roster_csv):
    from_csv = builtin.summarize(export_csv, roster=roster_csv).to_dict()["response"]
    from_polars = builtin.summarize(export_csv, roster=pl.read_csv(roster_csv)).to_dict()["response"]
    assert from_polars == from_csv
    with pytest.raises(TypeError, match="roster.*not LazyFrame"):
        builtin.summarize(export_csv, roster=pl.read_csv(roster_csv).lazy())


def test_a_duckdb_result_is_a_frame(typed):
    duckdb = pytest.importorskip("duckdb")
    result = duckdb.sql("select 'P1' as provider, 'hvb' as service, date '2017-12-31' as date, 12.50::decimal(6,2) as kod, ['adad'] as metoder")
    got = typed.check_many(result)
    assert isinstance(got, pd.DataFrame)
    assert verdicts_of(got, "P1")["kod"] == "met" and verdicts_of(got, "P1")["metoder"] == "met"


# ------------------------------------------------------------ what is not a frame


NOT_FRAMES = [
    (42, "int"),
    (3.5, "float"),
    (None, "NoneType"),
    (b"provider,service\n", "bytes"),
    (pl.DataFrame(base(1)).lazy(), "LazyFrame"),
    (pl.Series("provider", ["P1"]), "Series"),
    (pd.Series(["P1"]), "Series"),
    (np.array([1, 2]), "ndarray"),
    (pa.array([1, 2]), "Int64Array"),
    (pa.chunked_array([["P1"]]), "ChunkedArray"),
]


@pytest.mark.parametrize("call", ["check_many", "problems", "summarize"])
def test_frames_inside_a_list_are_a_type_error_not_rejected_reports(typed, call):
    for frames, type_name in [([pl.DataFrame(base(1)), pl.DataFrame(base(1))], "DataFrame"), ([pa.table(base(1))], "Table"), ([pd.DataFrame(base(1))], "DataFrame")]:
        with pytest.raises(TypeError, match=rf"item 0 of the batch is a {type_name}, not a report dict"):
            getattr(typed, call)(frames)
    with pytest.raises(TypeError, match="item 1 of the batch is a Series"):
        getattr(typed, call)([{"provider": "P0", "service": "hvb", "date": "2017-12-31"}, pd.Series({"provider": "P1"})])


@pytest.mark.parametrize("call", ["check_many", "problems", "summarize"])
@pytest.mark.parametrize(("value", "type_name"), NOT_FRAMES, ids=[t for _, t in NOT_FRAMES])
def test_what_is_not_a_frame_is_a_type_error_naming_its_type(typed, call, value, type_name):
    with pytest.raises(TypeError, match=rf"{call}\(\) takes .*not {type_name}\b"):
        getattr(typed, call)(value)
