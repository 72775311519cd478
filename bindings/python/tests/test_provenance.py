"""Provenance and pack diffs from Python: every report, summary and frame names the pack it
was computed with (id, version, content hash), and ``granska.diff`` says what changed
between two packs — and, given an export, which verdicts and figures move."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import granska
from conftest import SMALL_PACK


def test_a_report_and_its_frame_name_the_pack(small: granska.Pack, report: dict) -> None:
    result = small.check(report)
    assert (result.pack, result.pack_version, result.pack_content_hash) == ("liten", "1.0", small.content_hash)
    assert result.to_dict()["pack_content_hash"] == small.content_hash
    frame = result.to_frame()
    assert frame.attrs["pack"] == {"id": "liten", "version": "1.0", "content_hash": small.content_hash}
    many = small.check_many([report, report])
    assert many.attrs["pack"] == small.identity


def test_a_summary_and_its_frame_name_the_pack(builtin: granska.Pack, export_csv: Path) -> None:
    summary = builtin.summarize(export_csv)
    assert summary.pack["id"] == "granska"
    assert summary.pack["content_hash"] == builtin.content_hash
    frame = summary.to_frame()
    assert frame.attrs["pack"]["content_hash"] == builtin.content_hash
    pack_row = frame[frame["section"] == "pack"].iloc[0]
    assert pack_row["id"] == "granska" and builtin.content_hash in pack_row["text"]
    # A summary written before summaries carried the hash still reads.
    data = summary.to_dict()
    del data["pack"]["content_hash"]
    old = granska.Summary.from_json(json.dumps(data))
    assert "content_hash" not in old.pack


def test_diff_of_a_changed_threshold_a_renamed_requirement_and_a_message(small: granska.Pack) -> None:
    new = granska.Pack.from_yaml(
        SMALL_PACK.replace("- id: utbildning", "- id: utbildningsniva", 1).replace("Rutin saknas eller är gammal.", "Rutinen saknas eller är äldre än två år.", 1).replace(">= 0.8", ">= 0.9", 1),
        "liten.yaml",
    )
    frame = granska.diff(small, new)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["kind", "id", "change", "field", "old", "new", "title"]
    rows = {(r.kind, r.id, r.change, r.field): (r.old, r.new) for r in frame.itertuples()}
    assert rows[("requirement", "utbildningsniva", "added", None)] == (None, None)
    assert rows[("requirement", "utbildning", "removed", None)] == (None, None)
    assert rows[("requirement", "rutin", "changed", "message.sv")] == ("Rutin saknas eller är gammal.", "Rutinen saknas eller är äldre än två år.")
    assert frame.attrs["old"]["content_hash"] == small.content_hash
    assert frame.attrs["new"]["content_hash"] == new.content_hash
    # The same pack: no rows.
    assert granska.diff(small, small).empty


def test_diff_with_an_export_rechecks_it_under_both_packs(builtin: granska.Pack, export_csv: Path) -> None:
    stricter = granska.Pack.builtin(params={"oppenvard.andel_utbildning": 90})
    changes, verdicts, figures = granska.diff(builtin, stricter, export=export_csv)
    assert changes[changes["field"] == "value"]["id"].tolist() == ["oppenvard.andel_utbildning"]
    assert len(verdicts) == 12
    assert set(verdicts["requirement"]) == {"utbildningsniva_oppenvard"}
    assert set(verdicts["old"]) == {"met"} and set(verdicts["new"]) == {"not_met"}
    assert verdicts["row"].dtype == "int64"
    moved = dict(zip(figures["figure"], zip(figures["old"], figures["new"])))
    assert moved["requirements[utbildningsniva_oppenvard].met"] == ("32", "20")
    with pytest.raises(granska.ExportError, match="no/such.csv"):
        granska.diff(builtin, stricter, export="no/such.csv")


def test_last_years_summary_of_another_pack_version_is_refused_unless_allowed(builtin: granska.Pack, export_csv: Path) -> None:
    last_year = builtin.summarize(export_csv).to_dict()
    last_year["pack"]["version"] = "2016.1"
    with pytest.raises(granska.ExportError) as refused:
        builtin.summarize(export_csv, previous=last_year)
    assert "2016.1" in str(refused.value)
    assert refused.value.problems[0].code == "summary"
    partial = builtin.partial_summary(export_csv)
    with pytest.raises(granska.ExportError):
        partial.finish(builtin, last_year)
    compared = builtin.summarize(export_csv, previous=last_year, allow_other_pack=True)
    assert compared.to_dict()["previous"]["pack_version"] == "2016.1"
    assert partial.finish(builtin, last_year, allow_other_pack=True).to_dict()["previous"]["pack_version"] == "2016.1"
    # The same pack and version compares as before.
    assert builtin.summarize(export_csv, previous=builtin.summarize(export_csv)).to_dict()["previous"]["pack_version"] == builtin.version
