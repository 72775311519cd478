"""The deepest error paths of the Python binding: whatever a caller passes, granska raises a
``granska.GranskaError`` subclass, or — for a bad answer — reports it as an issue of the
report (the answer left unanswered). Never a crash of the interpreter, never
``pyo3_runtime.PanicException``, never a RecursionError or OverflowError from the binding.

What a Python user gets, case by case (documented in the docstrings of ``Pack.check``,
``check_many``, ``problems`` and ``check_json``/``check_yaml``):

- a value that cannot be converted (nested past 32 levels, containing itself, bytes, an
  arbitrary object, a key that is not text, a value whose methods raise) is an answer issue
  at its field (``wrong-type``; a key: ``unknown-question``);
- numbers: NaN and ``Decimal('NaN')`` are unanswered, ±inf a wrong type, ints past a float
  (``10**400``, ``10**5000``) too large (``out-of-range``), as the JSON reader has them;
- a report that cannot be judged raises ``AnswerError`` (``check``, ``check_json``,
  ``check_yaml``) or is a rejected row at its position (``check_many``, ``problems``,
  ``summarize``); an item of a batch that is not a dict is such a rejected report;
- a pack past a limit (YAML alias bomb, 10,000-deep expression or brackets, a 10,000-long
  chain of derived values, an include cycle) raises ``PackError``;
- an exception raised by the caller's own iterable propagates as it is;
- wrong argument types (``check(42)``, ``check_json(42)``, ``check_many(42)``) stay
  ``TypeError``: that is what Python does with a wrong argument.
"""

from __future__ import annotations

import decimal
import math
import sys
import threading
from collections.abc import Mapping

import pandas as pd
import pytest

import granska
from granska import _granska

BASE = {"provider": "P1", "service": "hvb", "date": "2017-12-31"}


def report(**answers) -> dict:
    return {**BASE, "answers": dict(answers)}


def deep_dict(levels: int, key: str = "a") -> dict:
    top: dict = {}
    current = top
    for _ in range(levels - 1):
        current[key] = {}
        current = current[key]
    return top


def deep_list(levels: int) -> list:
    top: list = []
    current = top
    for _ in range(levels - 1):
        inner: list = []
        current.append(inner)
        current = inner
    return top


def issues(result) -> list[tuple[str, str]]:
    return [(i.field, i.code) for i in result.issues]


def never_crashes(call):
    """Calls `call`; it returns or raises a GranskaError (never another exception)."""
    try:
        return call()
    except granska.GranskaError as error:
        assert type(error).__module__ != "pyo3_runtime"
        return error


# ---------------------------------------------------------------------------------------------
# Values that cannot be converted: issues of the report, never errors.


def test_an_answer_nested_10000_deep_is_an_issue(small):
    result = small.check(report(andel=deep_dict(10_000)))
    [(field, code)] = [(f, c) for f, c in issues(result) if "32 levels" in next(i.message.en for i in result.issues if i.field == f)]
    assert code == "wrong-type" and field.startswith("andel.a.a")
    deep = small.check(report(andel=deep_list(10_000)))
    assert ("andel", "wrong-type") in issues(deep) or any(f.startswith("andel[0]") for f, _ in issues(deep))
    assert any("32 levels" in i.message.en for i in deep.issues)


def test_a_report_nested_10000_deep_is_an_issue_or_an_answer_error(small):
    # The answers 10,000 deep: dicts under `answers` are question-id prefixes.
    result = small.check({**BASE, "answers": deep_dict(10_000)})
    assert [c for _, c in issues(result)] == ["wrong-type"]
    # The whole report 10,000 deep: no provider, service or date — an AnswerError that says
    # why, with the value that could not be read.
    with pytest.raises(granska.AnswerError) as caught:
        small.check(deep_dict(10_000))
    codes = [p.code for p in caught.value.problems]
    assert codes[:3] == ["missing", "missing", "bad-date"] and codes[-1] == "wrong-type"
    # Flat, with the report fields: one issue.
    flat = {**BASE, "x": deep_dict(10_000)}
    assert [c for _, c in issues(small.check(flat))] == ["wrong-type"]


def test_cycles_are_issues(small):
    d = dict(BASE)
    d["self"] = d
    assert issues(small.check(d)) == [("self", "wrong-type")]
    cyclic_list: list = []
    cyclic_list.append(cyclic_list)
    result = small.check(report(andel=cyclic_list))
    assert ("andel[0]", "wrong-type") in issues(result)
    assert any("contains itself" in i.message.en for i in result.issues)
    answers: dict = {}
    answers["personal"] = {"antal": 3, "again": answers}
    result = small.check({**BASE, "answers": answers})
    assert ("personal.again", "wrong-type") in issues(result)
    # The same object twice, side by side, is no cycle.
    shared = {"antal": 3}
    assert issues(small.check({**BASE, "answers": {"personal": shared, "x": {"personal": shared}}})) == [("x.personal.antal", "unknown-question")]


@pytest.mark.parametrize(
    "value, expected",
    [
        (math.nan, []),
        (decimal.Decimal("NaN"), []),
        (decimal.Decimal("sNaN"), []),
        (math.inf, [("personal.antal", "wrong-type")]),
        (-math.inf, [("personal.antal", "wrong-type")]),
        (decimal.Decimal("Infinity"), [("personal.antal", "wrong-type")]),
        (2**70, [("personal.antal", "out-of-range")]),
        (-(2**70), [("personal.antal", "out-of-range")]),
        (10**400, [("personal.antal", "out-of-range")]),
        (-(10**400), [("personal.antal", "out-of-range")]),
        (10**5000, [("personal.antal", "out-of-range")]),
        (2**63, [("personal.antal", "out-of-range")]),
    ],
    ids=["nan", "decimal-nan", "decimal-snan", "inf", "-inf", "decimal-inf", "2**70", "-2**70", "10**400", "-10**400", "10**5000", "2**63"],
)
def test_numbers_past_the_types(small, value, expected):
    assert issues(small.check(report(**{"personal.antal": value}))) == expected
    # As a float question too: never an OverflowError.
    assert all(code in ("wrong-type", "out-of-range") for _, code in issues(small.check(report(andel=value))))


def test_huge_strings(builtin):
    base = {"provider": "P1", "service": "heldygnsvard", "date": "2017-12-31"}
    text = "å" * 35_000  # 70 KB of UTF-8, past the 64 KiB text limit
    result = builtin.check({**base, "answers": {"bedomning.annan_metod": text}})
    assert ("bedomning.annan_metod", "too-long") in issues(result)
    with pytest.raises(granska.AnswerError) as caught:
        builtin.check({**base, "provider": text})
    assert [p.code for p in caught.value.problems] == ["too-long"]
    assert caught.value.provider is None  # too long to name


class Opaque:
    """An object granska knows nothing about."""


class Raising:
    """An object whose attributes raise."""

    def __getattr__(self, name):
        raise RuntimeError(f"no {name} here")


class BadMapping(Mapping):
    """A mapping whose items() raises."""

    def __getitem__(self, key):
        raise KeyError(key)

    def __iter__(self):
        raise RuntimeError("cannot list the items")

    def __len__(self):
        return 1


@pytest.mark.parametrize(
    "value",
    [b"bytes", bytearray(b"x"), Opaque(), Raising(), {1, 2}, frozenset(), complex(1, 2), range(3), "\ud800"],
    ids=["bytes", "bytearray", "object", "raising", "set", "frozenset", "complex", "range", "lone-surrogate"],
)
def test_unreadable_values_are_issues(small, value):
    result = small.check(report(andel=value))
    assert issues(result) == [("andel", "wrong-type")]
    state = small.form_state(report(andel=value))
    assert [(e.field, e.code) for e in state.errors] == [("andel", "wrong-type")]


@pytest.mark.parametrize("key", [b"andel", (1, 2), 1.5, None, Opaque(), frozenset({"x"})], ids=["bytes", "tuple", "float", "none", "object", "frozenset"])
def test_keys_that_are_not_text_are_issues(small, key):
    result = small.check({**BASE, "answers": {key: 1, "andel": 0.5}})
    [issue] = result.issues
    assert issue.code == "unknown-question" and "not a question id" in issue.message.en
    # At the top of a flat report too.
    result = small.check({**BASE, key: 1})
    assert [i.code for i in result.issues] == ["unknown-question"]


def test_int_keys_are_text(small):
    assert issues(small.check({**BASE, "answers": {1: True}})) == [("1", "unknown-question")]


def test_a_report_field_that_cannot_be_read_rejects_the_report_and_says_why(small):
    with pytest.raises(granska.AnswerError) as caught:
        small.check({**BASE, "provider": b"P1"})
    assert [(p.field, p.code) for p in caught.value.problems] == [("provider", "missing"), ("provider", "wrong-type")]


def test_a_mapping_that_raises_while_read(small):
    result = small.check({**BASE, "answers": {"personal": BadMapping()}})
    assert issues(result) == [("personal", "wrong-type")]
    assert "cannot list the items" in result.issues[0].message.en


# ---------------------------------------------------------------------------------------------
# Report file texts: check_json / check_yaml.


def test_report_texts_past_the_parsers(small):
    deep_json = '{"provider": "P1", "service": "hvb", "date": "2017-12-31", "answers": {"andel": ' + "[" * 10_000 + "]" * 10_000 + "}}"
    with pytest.raises(granska.AnswerError) as caught:
        small.check_json(deep_json)
    assert [p.code for p in caught.value.problems] == ["syntax"]
    deep_yaml = "provider: P1\nservice: hvb\ndate: 2017-12-31\nanswers:\n  andel: " + "[" * 100_000 + "]" * 100_000 + "\n"
    with pytest.raises(granska.AnswerError) as caught:
        small.check_yaml(deep_yaml)
    assert [p.code for p in caught.value.problems] == ["syntax"]
    bomb = "provider: P1\nservice: hvb\ndate: 2017-12-31\nanswers:\n  andel: [&a0 [x, x, x, x, x, x, x, x, x, x]"
    for i in range(1, 9):
        bomb += f", &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]"
    bomb += "]\n"
    with pytest.raises(granska.AnswerError) as caught:
        small.check_yaml(bomb)
    assert "YAML bomb" in caught.value.problems[0].message.en


def test_report_texts_python_json_reads_differently(small):
    """What Python's json module would accept, the CLI's reading rejects or reports."""
    duplicate = '{"provider": "P1", "provider": "P2", "service": "hvb", "date": "2017-12-31"}'
    with pytest.raises(granska.AnswerError):
        small.check_json(duplicate)
    with pytest.raises(granska.AnswerError):
        small.check_json('{"provider": "P1", "service": "hvb", "date": "2017-12-31", "answers": {"andel": NaN}}')
    huge = small.check_json('{"provider": "P1", "service": "hvb", "date": "2017-12-31", "answers": {"andel": 1e400}}')
    assert issues(huge) == [("andel", "out-of-range")]


def test_report_texts_that_are_not_text(small):
    with pytest.raises(granska.AnswerError) as caught:
        small.check_json(b'{"provider": "P\xff1"}')
    assert caught.value.problems[0].code == "not-utf8"
    with pytest.raises(granska.AnswerError) as caught:
        small.check_yaml("provider: P\ud8001\n")  # a lone surrogate: no UTF-8 exists for it
    assert caught.value.problems[0].code == "not-utf8"
    for empty in ("", b"", bytearray()):
        with pytest.raises(granska.AnswerError):
            small.check_json(empty)
        with pytest.raises(granska.AnswerError):
            small.check_yaml(empty)
    # A wrong argument type is a TypeError, as Python has it.
    with pytest.raises(TypeError):
        small.check_json(42)
    with pytest.raises(TypeError):
        small.check_yaml(None)


# ---------------------------------------------------------------------------------------------
# Packs past the limits: PackError.


def pack_requiring(require: str) -> str:
    import json

    return (
        "pack: { id: t, title: { sv: T, en: T } }\nquestions:\n"
        "  - { id: x, type: bool, label: { sv: X, en: X } }\n  - { id: n, type: integer, label: { sv: N, en: N } }\n"
        "requirements:\n  - { id: r, title: { sv: R, en: R }, source: S, severity: krav, area: trygghet, message: { sv: M, en: M }, require: "
        + json.dumps(require)
        + " }\n"
    )


@pytest.mark.parametrize(
    "expression",
    [
        "(" * 10_000 + "x" + ")" * 10_000,
        "not " * 10_000 + "x",
        "- " * 10_000 + "n > 0",
        "abs(" * 10_000 + "n" + ")" * 10_000 + " > 0",
        "n" + " + n" * 10_000 + " > 0",
    ],
    ids=["brackets", "not", "minus", "calls", "sum"],
)
def test_a_10000_deep_expression_is_a_pack_error(expression):
    with pytest.raises(granska.PackError) as caught:
        granska.Pack.from_yaml(pack_requiring(expression), "deep.yaml")
    assert caught.value.diagnostics[0].code == "syntax"


def test_deep_yaml_and_alias_bombs_are_pack_errors():
    for deep in ("[" * 100_000 + "1" + "]" * 100_000, "{a: " * 100_000 + "1" + "}" * 100_000):
        with pytest.raises(granska.PackError) as caught:
            granska.Pack.from_yaml(f"pack: {deep}\n", "deep.yaml")
        assert caught.value.diagnostics[0].code == "yaml"
    bomb = "pack: { id: t, title: { sv: T, en: T } }\nquestions:\n  - id: x\n    type: bool\n    label: { sv: X, en: X }\n    required: [&a0 [x, x, x, x, x, x, x, x, x, x]"
    for i in range(1, 9):
        bomb += f", &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]"
    bomb += "]\n"
    with pytest.raises(granska.PackError) as caught:
        granska.Pack.from_yaml(bomb, "bomb.yaml")
    assert "YAML bomb" in caught.value.diagnostics[0].message


@pytest.mark.parametrize("reverse", [False, True], ids=["in-order", "reversed"])
def test_a_10000_long_chain_of_derived_values_is_a_pack_error(reverse):
    defs = ['  - { id: d0, expr: "n" }\n'] + [f'  - {{ id: d{i}, expr: "d{i - 1} + 1" }}\n' for i in range(1, 10_000)]
    if reverse:
        defs.reverse()
    text = (
        "pack: { id: t, title: { sv: T, en: T } }\nquestions:\n  - { id: n, type: integer, label: { sv: N, en: N } }\nderived:\n"
        + "".join(defs)
        + 'requirements:\n  - { id: r, title: { sv: R, en: R }, source: S, severity: krav, area: trygghet, require: "d9999 > 0", message: { sv: M, en: M } }\n'
    )
    with pytest.raises(granska.PackError) as caught:
        granska.Pack.from_yaml(text, "chain.yaml")
    assert {d.code for d in caught.value.diagnostics} == {"limit"}


def test_an_include_cycle_is_a_pack_error(tmp_path):
    (tmp_path / "a.yaml").write_text("pack: { id: a, title: { sv: A, en: A } }\ninclude: [b.yaml]\n")
    (tmp_path / "b.yaml").write_text("pack: { id: b, title: { sv: B, en: B } }\ninclude: [a.yaml]\n")
    with pytest.raises(granska.PackError) as caught:
        granska.Pack.load(tmp_path / "a.yaml")
    assert "include-cycle" in {d.code for d in caught.value.diagnostics}
    (tmp_path / "self.yaml").write_text("pack: { id: s, title: { sv: S, en: S } }\ninclude: [self.yaml]\n")
    with pytest.raises(granska.PackError):
        granska.Pack.load(tmp_path / "self.yaml")
    with pytest.raises(granska.PackError):
        granska.Pack.load(tmp_path / "missing.yaml")


# ---------------------------------------------------------------------------------------------
# Batches.


def test_a_dataframe_with_object_columns_holding_cycles(small):
    loop: dict = {}
    loop["again"] = loop
    frame = pd.DataFrame(
        {"provider": ["P1", "P2", "P3"], "service": ["hvb"] * 3, "date": ["2017-12-31"] * 3, "andel": [loop, 0.5, deep_dict(10_000)], "personal.antal": [b"x", 3, Opaque()]}
    )
    verdicts = small.check_many(frame)
    assert list(verdicts.provider.unique()) == ["P1", "P2", "P3"]
    assert "rejected" not in set(verdicts.verdict)
    problems = small.problems(frame, lang="en")
    assert [(r, f, c) for r, f, c in zip(problems.row, problems.field, problems.code)] == [
        (0, "andel", "wrong-type"),
        (0, "andel.again", "wrong-type"),
        (0, "personal.antal", "wrong-type"),
        (2, "andel", "wrong-type"),
        (2, "andel" + ".a" * 32, "wrong-type"),
        (2, "personal.antal", "wrong-type"),
    ]
    summary = small.summarize(frame)
    assert summary.reports == 3 and summary.issues == {"wrong-type": 6}


def test_a_generator_that_raises_midway_propagates(small):
    class Broken(Exception):
        pass

    def reports():
        for i in range(10_000):
            if i == 5_000:
                raise Broken("midway")
            yield {**BASE, "provider": f"P{i}"}

    for call in (small.check_many, small.problems, small.summarize):
        with pytest.raises(Broken, match="midway"):
            call(reports())
    # The pack still works afterwards.
    assert len(small.check_many([{**BASE}])) == 2


def test_rejected_reports_of_a_list_say_which_one(small):
    batch = [dict(BASE), {"service": "hvb"}, 42, None, dict(BASE, provider="P4")]
    frame = small.check_many(batch, lang="en")
    rejected = list(frame[frame.verdict == "rejected"].message)
    assert rejected == [
        "row 1, field provider: The provider id is missing; The report date is missing; the report is not read [missing]",
        "row 2: The report is not a mapping of fields; the report is not read [wrong-type]",
        "row 3: The report is not a mapping of fields; the report is not read [wrong-type]",
    ]
    problems = small.problems(batch, lang="en")
    assert list(problems.row) == [1, 2, 3] and all(problems.rejected)
    summary = small.summarize(batch)
    assert summary.reports == 2 and [p.row for p in summary.rejected] == [1, 2, 3]


def test_deep_and_cyclic_reports_through_every_batch_call(small):
    d = dict(BASE)
    d["self"] = d
    batch = [d, deep_dict(10_000), {**BASE, "answers": deep_dict(10_000)}]
    for call in (small.check_many, small.problems, small.summarize):
        never_crashes(lambda: call(batch))
    problems = small.problems(batch, lang="en")
    assert list(problems.row) == [0, 1, 2] and list(problems.rejected) == [False, True, False]


def test_wrong_argument_types_stay_type_errors(small):
    """Wrong argument types are TypeError, as Python has it — not GranskaError."""
    for call in (small.check, small.form_state, small.check_json, small.check_yaml):
        with pytest.raises(TypeError):
            call(42)
    for call in (small.check_many, small.problems, small.summarize):
        with pytest.raises(TypeError):
            call(42)
        with pytest.raises(TypeError, match="for one report use check"):
            call(dict(BASE))


# ---------------------------------------------------------------------------------------------
# A panic inside the core: GranskaError, and the interpreter goes on.


def test_a_panic_is_a_granska_error_and_the_interpreter_goes_on(small):
    for _ in range(3):
        with pytest.raises(granska.GranskaError, match="internal error in granska") as caught:
            _granska._panic_for_tests()
        assert type(caught.value) is granska.GranskaError
        assert "PanicException" not in type(caught.value).__name__
    assert small.check(report(andel=0.5)).provider == "P1"


def test_a_panic_on_another_thread_is_a_granska_error_too():
    errors = []

    def run():
        try:
            _granska._panic_for_tests()
        except granska.GranskaError as error:
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 4


def test_the_recursion_limit_is_untouched(small):
    before = sys.getrecursionlimit()
    small.check(report(andel=deep_dict(10_000)))
    assert sys.getrecursionlimit() == before


def test_indent_out_of_range_is_a_value_error_never_an_overflow(small):
    result = small.check(report(andel=0.5))
    summary = small.summarize([report(andel=0.5)])
    for to_json in (result.to_json, small.form_state(report()).to_json, summary.to_json):
        assert to_json(indent=0) and to_json(indent=16)
        for bad in (-1, 17, 10**30, -(10**30)):
            with pytest.raises(ValueError):
                to_json(indent=bad)
        for wrong in ("2", 2.0, True):
            with pytest.raises(TypeError):
                to_json(indent=wrong)
