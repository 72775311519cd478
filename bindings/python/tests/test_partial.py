"""Partial summaries and packs that travel: a pack pickles and unpickles to the same pack
(content hash checked), batches counted apart — in other processes too — merge in any
order into the summary of one pass over the export, byte for byte."""

from __future__ import annotations

import multiprocessing
import pickle
import random

import pandas as pd
import pytest

import granska

from conftest import ROOT

EXPORT = ROOT / "examples" / "export-2017.csv"
ROSTER = ROOT / "examples" / "roster-2017.csv"


def export_with_faults(tmp_path):
    """The 2017 export with a provider reported twice and a date that is not one."""
    lines = EXPORT.read_text(encoding="utf-8").splitlines()
    lines.append(lines[5])
    lines[10] = lines[10].replace("2017-12-31", "2017-13-45", 1)
    lines[20] = lines[20].replace("2017-12-31", "31.12.2017", 1)
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_as_written(path):
    """The export as a DataFrame of text cells, as written (empty cells empty)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def partial_of(pack, frame, path, roster=None):
    """One batch's partial: each report located at its file and row (header = row 1)."""
    return pack.partial_summary(frame, roster=roster, rows=[int(i) + 2 for i in frame.index], file=str(path))


def test_a_pack_pickles_to_the_same_pack():
    for pack in (
        granska.Pack.builtin(),
        granska.Pack.builtin().with_params_yaml("parameters: {}", "tom.yaml"),
    ):
        again = pickle.loads(pickle.dumps(pack))
        assert again.content_hash == pack.content_hash
        assert again.identity == pack.identity
        assert [r.id for r in again.requirements] == [r.id for r in pack.requirements]


def test_a_pack_pickles_as_its_compiled_bytes(small):
    for pack in (small, granska.Pack.builtin(params={"oppenvard.andel_utbildning": 90})):
        callable_, (data,) = pack.__reduce__()
        assert callable_ == granska.Pack.from_compiled
        assert data == pack.to_compiled() and data.startswith(b"GRANSKA\0PACK")
        again = pickle.loads(pickle.dumps(pack))
        assert again.content_hash == pack.content_hash
        assert again.identity == pack.identity


def test_a_pickled_pack_whose_bytes_changed_is_refused(small):
    callable_, (data,) = small.__reduce__()
    changed = data.replace(b"0.8", b"0.9", 1)
    assert changed != data
    with pytest.raises(granska.CompiledPackError) as e:
        callable_(changed)
    assert e.value.kind == "corrupt"
    with pytest.raises(granska.CompiledPackError) as e:
        callable_(data[: len(data) // 2])
    assert e.value.kind == "truncated"
    assert callable_(data).content_hash == small.content_hash


def test_an_earlier_pickle_of_the_yaml_files_still_loads(small):
    from conftest import SMALL_PACK

    assert granska.Pack._from_sources([("liten.yaml", SMALL_PACK)], None, small.content_hash).content_hash == small.content_hash
    with pytest.raises(granska.PackError, match="content hash"):
        granska.Pack._from_sources([("liten.yaml", SMALL_PACK.replace("0.8", "0.9"))], None, small.content_hash)


def test_batches_in_any_order_give_the_one_pass_summary(tmp_path):
    pack = granska.Pack.builtin()
    path = export_with_faults(tmp_path)
    frame = read_as_written(path)
    # One pass over the frame locates each report at its 0-based position in it.
    whole = pack.summarize(frame, roster=str(ROSTER)).to_json()
    assert pack.partial_summary(frame, roster=str(ROSTER)).finish(pack).to_json() == whole
    rng = random.Random(2017)
    for parts in (1, 2, 5):
        order = list(frame.index)
        rng.shuffle(order)
        batches = [frame.loc[sorted(order[i::parts])] for i in range(parts)]
        partials = [pack.partial_summary(b, roster=str(ROSTER), rows=list(b.index)) for b in batches]
        # Through bytes, as a Spark column carries them, and merged in a random order.
        partials = [granska.PartialSummary.from_bytes(p.to_bytes()) for p in partials]
        rng.shuffle(partials)
        merged = granska.merge_partials(partials)
        assert merged.reports + merged.rejected == len(frame)
        assert merged.finish(pack).to_json() == whole, f"{parts} batches"


def test_reports_are_located_in_their_file(tmp_path):
    pack = granska.Pack.builtin()
    path = export_with_faults(tmp_path)
    frame = read_as_written(path)
    halves = [frame.iloc[::2], frame.iloc[1::2]]
    summary = granska.merge_partials(partial_of(pack, half, path) for half in halves).finish(pack)
    by_file = pack.summarize(str(path))
    assert {(p.file, p.row) for p in summary.rejected} == {(p.file, p.row) for p in by_file.rejected} == {(str(path), 11), (str(path), 21)}
    assert [(p.file, p.row, p.message.en) for p in summary.duplicates] == [(p.file, p.row, p.message.en) for p in by_file.duplicates]
    assert [(p.file, p.row) for p in summary.duplicates] == [(str(path), len(frame) + 1)]
    assert summary.to_dict()["requirements"] == by_file.to_dict()["requirements"]


def _count(args):
    """A worker's share: the pack arrives pickled, the partial leaves as bytes."""
    pack, frame, path = args
    return partial_of(pack, frame, path).to_bytes()


def test_multiprocessing_workers_ship_the_pack_and_their_partials(tmp_path):
    pack = granska.Pack.builtin()
    path = export_with_faults(tmp_path)
    frame = read_as_written(path)
    shares = [(pack, frame.iloc[i::3], path) for i in range(3)]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        partials = [granska.PartialSummary.from_bytes(b) for b in pool.map(_count, shares)]
    summary = granska.merge_partials(partials).finish(pack)
    assert summary.to_json() == granska.merge_partials([partial_of(pack, frame, path)]).finish(pack).to_json()
    assert summary.reports == pack.summarize(str(path)).reports


def test_partials_pickle_and_merge_leaves_both_unchanged(tmp_path):
    pack = granska.Pack.builtin()
    frame = read_as_written(EXPORT)
    a = partial_of(pack, frame.iloc[:50], EXPORT)
    b = partial_of(pack, frame.iloc[50:], EXPORT)
    assert pickle.loads(pickle.dumps(a)).to_json() == a.to_json()
    ab = a.merge(b)
    assert (a.reports, b.reports, ab.reports) == (50, len(frame) - 50, len(frame))
    assert ab.to_json() == b.merge(a).to_json()
    assert ab.pack == pack.identity
    assert repr(ab).startswith('PartialSummary(pack="granska", reports=134')


def test_a_partial_of_another_pack_or_roster_is_refused(small):
    pack = granska.Pack.builtin()
    frame = read_as_written(EXPORT)
    mine = partial_of(pack, frame, EXPORT)
    with pytest.raises(granska.PartialSummaryError, match="computed with another pack: pack `granska` is not pack `liten`"):
        mine.finish(small)
    theirs = small.partial_summary([])
    with pytest.raises(granska.PartialSummaryError, match="another pack"):
        mine.merge(theirs)
    with_roster = partial_of(pack, frame, EXPORT, roster=str(ROSTER))
    with pytest.raises(granska.PartialSummaryError, match="different rosters"):
        mine.merge(with_roster)
    with pytest.raises(granska.PartialSummaryError, match="not a partial summary of granska: line 1, column"):
        granska.PartialSummary.from_json('{"kind": "granska-partial-summary", "format": 1, "pack": ')
    with pytest.raises(granska.PartialSummaryError, match="format 7; this version of granska reads format 1"):
        granska.PartialSummary.from_json(mine.to_json().replace('"format":1', '"format":7', 1))
    with pytest.raises(ValueError, match="no partial summaries"):
        granska.merge_partials([])
    with pytest.raises(TypeError, match="expected PartialSummary objects"):
        granska.merge_partials([mine, "x"])


def test_places_must_be_one_per_report():
    pack = granska.Pack.builtin()
    frame = read_as_written(EXPORT)
    with pytest.raises(ValueError, match="`rows` has 3 entries for 134 reports"):
        pack.partial_summary(frame, rows=[1, 2, 3])
    # A file without rows: reports are located by file alone, never at a made-up row.
    summary = pack.partial_summary(frame.iloc[[0, 1, 0]], file="x.csv").finish(pack)
    assert [(p.file, p.row) for p in summary.duplicates] == [("x.csv", None)]
    with pytest.raises(ValueError, match="an export file has its own rows"):
        pack.partial_summary(str(EXPORT), rows=[1])


def test_check_many_gives_an_arrow_table_when_asked():
    pa = pytest.importorskip("pyarrow")
    pack = granska.Pack.builtin()
    frame = read_as_written(EXPORT)
    table = pack.check_many(pa.Table.from_pandas(frame, preserve_index=False), output="arrow")
    assert isinstance(table, pa.Table)
    assert pa.types.is_dictionary(table.schema.field("verdict").type)
    expected = pack.check_many(frame)
    assert table.num_rows == len(expected)
    assert table.column("verdict").to_pylist() == list(expected["verdict"].astype(str))
    assert pack.check_many(frame, output="arrow", messages=False).column_names == [c for c in expected.columns if c != "message"]
    with pytest.raises(ValueError, match='output is "pandas", "polars" or "arrow", not "excel"'):
        pack.check_many(frame, output="excel")
