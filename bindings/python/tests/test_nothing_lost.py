"""Nothing lost, through Python: the batch of tests/nothing-lost/ (the data the core test
crates/granska-summary/tests/nothing_lost.rs reads) — 300 report texts with every tenth broken, and a
200-row survey export with every tenth row broken. Every other report is evaluated, those
with a bad answer too (the answer reported), and every broken one is reported with its
reason and, in a batch, its row.

- The 300 texts one by one through ``Pack.check_json`` / ``Pack.check_yaml`` (by the name's
  extension): exactly the core's outcome — 270 read with their issues, 30 rejected with
  their first problem's code and provider.
- The texts Python's own parsers read strictly (no duplicate keys, no NaN) as a list of
  dicts through ``check_many``, ``problems`` and ``summarize``: every report at its position.
- The export through ``check_many``, ``problems`` and ``summarize``: 180 evaluated, the 20
  broken rows reported at their row with their reason, every issue at its row and column.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

import granska

BATCH = Path(__file__).resolve().parents[3] / "tests" / "nothing-lost"


@pytest.fixture(scope="module")
def pack() -> granska.Pack:
    return granska.Pack.builtin()


@pytest.fixture(scope="module")
def cases() -> list[dict]:
    cases = json.loads((BATCH / "reports.json").read_text(encoding="utf-8"))["reports"]
    assert len(cases) == 300
    return cases


def expected_issues(expect: dict) -> list[tuple[str, str]]:
    return [(field, code) for field, code in expect["issues"]]


def test_every_text_through_check_json_and_check_yaml(pack, cases):
    read, rejected = 0, 0
    for case in cases:
        name, text, expect = case["name"], case["text"], case["expect"]
        check = pack.check_json if name.endswith(".json") else pack.check_yaml
        for given in (text, text.encode("utf-8")):
            try:
                report = check(given)
            except granska.AnswerError as error:
                assert "rejected" in expect, f"{name} was rejected: {error}"
                assert error.problems and str(error), f"{name}: no reason"
                assert error.problems[0].code == expect["rejected"], f"{name}: {error}"
                assert error.provider == expect["provider"], f"{name}: the provider, where readable"
                rejected += 1
                continue
            assert "rejected" not in expect, f"{name}: broken but read"
            assert report.provider == expect["provider"], name
            assert [(i.field, i.code) for i in report.issues] == expected_issues(expect), name
            assert len(report.verdicts) == len(pack.requirements), name
            read += 1
    assert (read, rejected) == (2 * 270, 2 * 30)


class StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader, with duplicate keys an error (as granska has them)."""


def _strict_mapping(loader, node, deep=False):
    keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
    if len(keys) != len(set(map(str, keys))):
        raise yaml.constructor.ConstructorError(None, None, "duplicate key", node.start_mark)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, lambda loader, node: _strict_mapping(loader, node, True))


def strict_json_pairs(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key")
    return dict(pairs)


def python_reading(name: str, text: str):
    """The text as Python's parsers read it strictly, or None when they cannot."""
    try:
        if name.endswith(".json"):
            return json.loads(text, object_pairs_hook=strict_json_pairs, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
        if not text.strip():
            raise ValueError("empty")
        return yaml.load(text, Loader=StrictLoader)
    except (ValueError, yaml.YAMLError):
        return None


def test_the_readable_texts_as_a_list_of_dicts(pack, cases):
    items, expects = [], []
    for case in cases:
        value = python_reading(case["name"], case["text"])
        if value is None:
            # Only texts the core rejects as syntax errors are unreadable to Python too.
            assert case["expect"].get("rejected") == "syntax", case["name"]
            continue
        items.append(value)
        expects.append(case["expect"])
    read = [e for e in expects if "rejected" not in e]
    broken = [(i, e) for i, e in enumerate(expects) if "rejected" in e]
    assert len(read) == 270 and len(broken) == 15  # truncated, duplicate keys, tabs, empty: syntax

    # check_many: every report read, in order, a verdict per requirement; every broken one a
    # rejected row that says which report it was and why.
    frame = pack.check_many(items, lang="en")
    per_report = len(pack.requirements)
    checked = frame[frame.verdict != "rejected"]
    assert len(checked) == 270 * per_report
    assert list(checked.provider[::per_report]) == [e["provider"] for e in read]
    messages = list(frame[frame.verdict == "rejected"].message)
    assert len(messages) == len(broken)
    for message, (i, e) in zip(messages, broken):
        assert message.startswith(f"row {i}") and message.endswith(f"[{e['rejected']}]"), message

    # problems: every rejected report and every issue, at its position.
    problems = pack.problems(items, lang="en")
    got_rejected = [(int(r.row), r.code, None if not isinstance(r.provider, str) else r.provider) for r in problems.itertuples() if r.rejected]
    assert got_rejected == [(i, e["rejected"], e["provider"]) for i, e in broken]
    got_issues = [(int(r.row), r.provider, r.field, r.code) for r in problems.itertuples() if not r.rejected]
    want_issues = [(i, e["provider"], field, code) for i, e in enumerate(expects) if "rejected" not in e for field, code in expected_issues(e)]
    assert got_issues == want_issues

    # summarize: the same count, the rejected listed at their position, every issue counted.
    summary = pack.summarize(items)
    assert summary.reports == 270
    assert [(p.row, p.code) for p in summary.rejected] == [(i, e["rejected"]) for i, e in broken]
    assert summary.issues == dict(Counter(code for *_, code in want_issues))


def test_the_export(pack):
    rows = json.loads((BATCH / "export.json").read_text(encoding="utf-8"))["rows"]
    assert len(rows) == 200
    read = [r for r in rows if "rejected" not in r]
    broken = [r for r in rows if "rejected" in r]
    assert (len(read), len(broken)) == (180, 20)
    export = BATCH / "export.csv"

    frame = pack.check_many(export, lang="en")
    per_report = len(pack.requirements)
    checked = frame[frame.verdict != "rejected"]
    assert len(checked) == 180 * per_report
    assert list(checked.provider[::per_report]) == [r["provider"] for r in read]
    messages = list(frame[frame.verdict == "rejected"].message)
    assert len(messages) == 20
    for message, r in zip(messages, broken):
        assert f"export.csv: row {r['row']}, " in message and message.endswith(f"[{r['rejected']}]"), message

    problems = pack.problems(export, lang="en")
    assert all(problems.file.astype(str).str.endswith("export.csv"))
    assert [(int(p.row), p.code) for p in problems.itertuples() if p.rejected] == [(r["row"], r["rejected"]) for r in broken]
    located = [p for p in problems.itertuples() if not p.rejected]
    assert all(p.row != 1 for p in located), "no header problems"
    assert [(int(p.row), p.provider, p.field, p.code) for p in located] == [(r["row"], r["provider"], f, c) for r in read for f, c in r["issues"]]
    assert all(isinstance(p.column_name, str) and p.column_name == p.field and int(p.column) >= 1 for p in located)

    summary = pack.summarize(export)
    assert summary.reports == 180
    assert [(p.row, p.code) for p in summary.rejected] == [(r["row"], r["rejected"]) for r in broken]
    assert summary.issues == dict(Counter(c for r in read for _, c in r["issues"]))
    assert summary.ignored_columns == []
