"""Runs every data-driven conformance case under tests/conformance/ through the Python API.

The format is in tests/conformance/README.md; this runner mirrors the Rust runner
(crates/granska/tests/conformance.rs) expectation for expectation, so the two must agree.
Case files are read with PyYAML, resolving scalars as the core's YAML reader does: YAML 1.1
booleans (yes/no/on/off/y/n, any case), YAML 1.2 numbers, and dates left as text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import granska

CASES_DIR = Path(__file__).resolve().parents[3] / "tests" / "conformance"


class CaseLoader(yaml.SafeLoader):
    """A YAML loader that types plain scalars like serde-saphyr, the core's YAML reader."""


CaseLoader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?i:y|yes|true|on|n|no|false|off)$", list("yYnNtTfFoO")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", ["<"]),
]:
    CaseLoader.add_implicit_resolver(tag, re.compile(pattern), first)


def _bool(loader: CaseLoader, node: yaml.ScalarNode) -> bool:
    return loader.construct_scalar(node).lower() in ("y", "yes", "true", "on")


CaseLoader.add_constructor("tag:yaml.org,2002:bool", _bool)


def _texts(values: Any) -> list[str] | None:
    """A list of expected strings; other values as compact JSON, as the Rust runner does."""
    if not isinstance(values, list):
        return None
    return [v if isinstance(v, str) else json.dumps(v, separators=(",", ":"), ensure_ascii=False) for v in values]


def shorthand_pack(file: dict, case: dict) -> str:
    """The pack text of a shorthand case, as the README says.

    The keys are sorted: the Rust runner writes the same object with serde_json, whose maps
    are sorted, and the two must load byte-identical text.
    """
    requirement: dict[str, Any] = {
        "id": "r",
        "title": {"sv": "R", "en": "R"},
        "source": "Test 1 §",
        "severity": "krav",
        "area": "trygghet",
    }
    if "applies" in case:
        requirement["applies"] = case["applies"]
    requirement["require"] = case.get("require")
    requirement["message"] = {"sv": "Krav ej uppfyllt", "en": "Requirement not met"}
    pack = {
        "pack": {"id": "conformance", "title": {"sv": "Test", "en": "Test"}},
        "services": file.get("services", [{"id": "test", "label": {"sv": "Test", "en": "Test"}}]),
        "questions": file.get("questions", []),
        "derived": case["derived"] if "derived" in case else file.get("derived", []),
        "requirements": [requirement],
    }
    return json.dumps(pack, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def run_case(file: dict, case: dict) -> list[str]:
    """Runs one case; returns the failures found."""
    failures: list[str] = []
    full_pack = "pack" in case
    text = case["pack"] if isinstance(case.get("pack"), str) else shorthand_pack(file, case)
    builtin = case.get("builtin", file.get("builtin")) is True
    expected_errors = case.get("errors") if isinstance(case.get("errors"), list) else None
    try:
        pack = granska.Pack.builtin() if builtin else granska.Pack.from_yaml(text, "case.yaml")
        if isinstance(case.get("params"), str):
            # A parameters file applied to the pack; its errors are located in `params.yaml`.
            pack = pack.with_params_yaml(case["params"], "params.yaml")
    except granska.PackError as e:
        if expected_errors is None:
            return [f"the pack did not load:\n{e}"]
        got = [d for d in e.diagnostics if d.severity == "error"]
        if len(got) != len(expected_errors):
            failures.append(f"expected {len(expected_errors)} error(s), got {len(got)}:\n{e}")
        for want, d in zip(expected_errors, got):
            if isinstance(want.get("code"), str) and d.code != want["code"]:
                failures.append(f"error code: want {want['code']}, got {d.code} ({d})")
            if isinstance(want.get("message"), str) and want["message"] not in d.message and want["message"] not in (d.hint or ""):
                failures.append(f"error message: want it to contain {want['message']!r}, got {d}")
            if full_pack or d.file == "params.yaml":
                for key in ("line", "column"):
                    w = want.get(key)
                    if isinstance(w, int) and not isinstance(w, bool) and w >= 0 and w != getattr(d, key):
                        failures.append(f"error {key}: want {w}, got {getattr(d, key)} ({d})")
        return failures
    if expected_errors is not None:
        return [f"expected {len(expected_errors)} load error(s), the pack loaded"]
    if isinstance(case.get("warnings"), list):
        want_warnings = case["warnings"]
        got_warnings = pack.warnings
        if len(got_warnings) != len(want_warnings):
            failures.append(f"expected {len(want_warnings)} warning(s), got {len(got_warnings)}:\n" + "\n".join(str(d) for d in got_warnings))
        for want, d in zip(want_warnings, got_warnings):
            if isinstance(want.get("code"), str) and d.code != want["code"]:
                failures.append(f"warning code: want {want['code']}, got {d.code} ({d})")
            if isinstance(want.get("message"), str) and want["message"] not in d.message and want["message"] not in (d.hint or ""):
                failures.append(f"warning message: want it to contain {want['message']!r}, got {d}")
            if full_pack:
                for key in ("line", "column"):
                    w = want.get(key)
                    if isinstance(w, int) and not isinstance(w, bool) and w >= 0 and w != getattr(d, key):
                        failures.append(f"warning {key}: want {w}, got {getattr(d, key)} ({d})")

    report: dict[str, Any] = {
        "provider": "T1",
        "service": case.get("service", "test"),
        "date": case.get("date", "2017-12-31"),
        "answers": case.get("answers", {}),
    }
    if "contract" in case:
        report["contract"] = case["contract"]
    try:
        if isinstance(case.get("report_text"), str):
            # A report file's text, read as the CLI reads files: JSON when its first character
            # (after a BOM and white space) is `{`, else YAML.
            text = case["report_text"]
            is_json = text.lstrip("\ufeff \t\r\n").startswith("{")
            result = pack.check_json(text) if is_json else pack.check_yaml(text)
        else:
            result = pack.check(report)
    except granska.AnswerError as e:
        if "report_error" not in case:
            return [f"the report was rejected: {e}"]
        got_fields = [p.field for p in e.problems]
        if got_fields != _texts(case["report_error"]):
            failures.append(f"report_error: want {case['report_error']}, got {got_fields}")
        return failures
    if "report_error" in case:
        return ["expected the report to be rejected"]

    if isinstance(case.get("provider"), str) and result.provider != case["provider"]:
        failures.append(f"provider: want {case['provider']!r}, got {result.provider!r}")

    verdicts = {v.requirement: v for v in result.verdicts}

    if isinstance(case.get("message"), dict):
        rid = case["requirement"] if isinstance(case.get("requirement"), str) else "r"
        v = verdicts.get(rid)
        for lang in ("sv", "en"):
            want = case["message"].get(lang)
            if isinstance(want, str):
                got = v.message.get(lang) if v is not None and v.message is not None else None
                if got != want:
                    failures.append(f"message.{lang} of {rid}: want {want!r}, got {got!r}")

    if isinstance(case.get("requirement"), str):
        # Built-in cases name the requirement they test instead of `r`.
        r = case["requirement"]
        want = case.get("verdict")
        if isinstance(want, str):
            got = verdicts[r].verdict if r in verdicts else None
            if got != want:
                v = verdicts.get(r)
                detail = f"{[e.detail.en for e in v.explanation]} {v.deciding}" if v else ""
                failures.append(f"verdict of {r}: want {want}, got {got} {detail}")
        return failures

    r = verdicts.get("r")
    if isinstance(case.get("verdict"), str):
        want = case["verdict"]
        if r is None:
            failures.append("no requirement `r`")
        elif r.verdict != want:
            failures.append(f"verdict: want {want}, got {r.verdict} (explanation {[e.detail.en for e in r.explanation]}, deciding {r.deciding})")
    if isinstance(case.get("verdicts"), dict):
        for rid, want in case["verdicts"].items():
            got = verdicts[rid].verdict if rid in verdicts else None
            if got != (want if isinstance(want, str) else None):
                failures.append(f"verdict of {rid}: want {want}, got {got}")
    want_explanation = _texts(case.get("explanation"))
    if want_explanation is not None:
        got = [e.detail.en for e in r.explanation] if r else []
        if got != want_explanation:
            failures.append(f"explanation: want {want_explanation}, got {got}")
    want_deciding = _texts(case.get("deciding"))
    if want_deciding is not None:
        got = r.deciding if r else []
        if got != want_deciding:
            failures.append(f"deciding: want {want_deciding}, got {got}")
    if isinstance(case.get("issues"), list):
        got_issues = [(i.field, i.code) for i in result.issues]
        want_issues = [
            (w.get("field") if isinstance(w.get("field"), str) else "", w.get("code") if isinstance(w.get("code"), str) else "")
            for w in case["issues"]
        ]
        if got_issues != want_issues:
            failures.append(f"issues: want {want_issues}, got {got_issues}")
        # `message`: a part of the English message; `value`: the value as the user wrote it.
        for w, i in zip(case["issues"], result.issues):
            if isinstance(w.get("message"), str) and w["message"] not in i.message.en:
                failures.append(f"issue {i.field}: want the message to contain {w['message']!r}, got {i.message.en!r}")
            if isinstance(w.get("value"), str) and i.value != w["value"]:
                failures.append(f"issue {i.field}: want the value {w['value']!r}, got {i.value!r}")
    if isinstance(case.get("form"), dict):
        state = pack.form_state(report)
        for key in ("relevant", "missing"):
            want_list = _texts(case["form"].get(key))
            if want_list is not None and getattr(state, key) != want_list:
                failures.append(f"form.{key}: want {want_list}, got {getattr(state, key)}")
    return failures


def _load_cases() -> list[tuple[str, dict, dict]]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        file = yaml.load(path.read_text(encoding="utf-8"), Loader=CaseLoader) or {}
        for case in file.get("cases") or []:
            name = case.get("name") if isinstance(case.get("name"), str) else "(unnamed)"
            cases.append((f"{path.stem}/{name}", file, case))
    return cases


CASES = _load_cases()


def test_there_are_cases_and_their_names_are_unique():
    names = [name for name, _, _ in CASES]
    assert len(names) >= 1, f"no conformance cases found in {CASES_DIR}"
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f"duplicate case names: {duplicates}"


@pytest.mark.parametrize(("file", "case"), [(f, c) for _, f, c in CASES], ids=[name for name, _, _ in CASES])
def test_conformance_case(file, case):
    failures = run_case(file, case)
    assert not failures, "\n".join(failures)


def test_case_loader_types_scalars_like_the_core():
    loaded = yaml.load("a: yes\nb: N\nc: 2017-12-31\nd: 1e3\ne: '010'\nf: 0x1F\ng: ~\nh: 2.5\n", Loader=CaseLoader)
    assert loaded == {"a": True, "b": False, "c": "2017-12-31", "d": 1000.0, "e": "010", "f": 31, "g": None, "h": 2.5}
