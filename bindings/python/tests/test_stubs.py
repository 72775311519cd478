"""The type stubs (granska/_granska.pyi) name every field the Rust types serialise: real
reports, form states and summaries are serialised by the Rust core (``to_dict``) and their
keys compared with the attributes and properties the stub declares for each Python class, so
a field added in Rust cannot be forgotten in the binding's stubs (mypy stubtest then checks
the stubs against the module itself)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import granska

STUB = Path(granska.__file__).resolve().parent / "_granska.pyi"

# Where a Python class deliberately names a Rust field differently: Rust key -> Python names.
RENAMED: dict[str, dict[str, set[str]]] = {
    # An export column is one object in JSON, two attributes in Python.
    "InputProblem": {"column": {"column", "column_name"}},
}


def stub_fields() -> dict[str, set[str]]:
    """Every class of the stub with its public attributes and properties."""
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    classes: dict[str, set[str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        names: set[str] = set()
        for item in node.body:
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                names.add(item.target.id)
            elif isinstance(item, ast.FunctionDef) and any(isinstance(d, ast.Name) and d.id == "property" for d in item.decorator_list):
                names.add(item.name)
        classes[node.name] = {n for n in names if not n.startswith("_")}
    return classes


def keys(objects: list[dict]) -> set[str]:
    """The keys of the serialised objects (optional fields may be absent from some)."""
    assert objects, "no object of this type was serialised: the test data must produce one"
    out: set[str] = set()
    for o in objects:
        out |= set(o)
    return out


def expected(cls: str, rust_keys: set[str]) -> set[str]:
    out: set[str] = set()
    for k in rust_keys:
        out |= RENAMED.get(cls, {}).get(k, {k})
    return out


@pytest.fixture(scope="module")
def stubs() -> dict[str, set[str]]:
    return stub_fields()


@pytest.fixture(scope="module")
def serialised(builtin: granska.Pack, small: granska.Pack) -> dict[str, list[dict]]:
    """Objects of every report and form-state type, as the Rust core serialises them."""
    root = Path(__file__).resolve().parents[3]
    reports = [builtin.check_yaml((root / "examples/reports" / name).read_text(encoding="utf-8")).to_dict() for name in ("jourhem-brister.yaml", "heldygnsvard-brister.yaml")]
    # An answer of the wrong type gives an issue; a partial report gives undecided requirements.
    reports.append(small.check({"provider": "P1", "service": "hvb", "date": "2017-12-31", "answers": {"personal.antal": "många", "andel": 0.2}}).to_dict())
    form = small.form_state({"provider": "P1", "service": "hvb", "date": "2017-12-31", "answers": {"personal.antal": "många"}}).to_dict()
    verdicts = [v for r in reports for v in r["verdicts"]]
    return {
        "Report": reports,
        "RequirementVerdict": verdicts,
        "Explanation": [e for v in verdicts for e in v["explanation"]],
        "Issue": [i for r in reports for i in r["issues"]] + form["errors"],
        "Text": [v["title"] for v in verdicts],
        "FormState": [form],
        "Undecided": form["undecided"],
    }


@pytest.mark.parametrize("cls", ["Report", "RequirementVerdict", "Explanation", "Issue", "Text", "FormState", "Undecided"])
def test_a_stub_class_has_exactly_the_fields_rust_serialises(cls: str, stubs: dict[str, set[str]], serialised: dict[str, list[dict]]) -> None:
    assert cls in stubs, f"{cls} is not declared in {STUB.name}"
    assert stubs[cls] >= expected(cls, keys(serialised[cls])), f"{cls}: fields serialised by Rust but missing from the stub"
    assert stubs[cls] == expected(cls, keys(serialised[cls])), f"{cls}: the stub and the Rust fields differ"


def test_summary_and_input_problem_stubs_name_rust_fields(builtin: granska.Pack, stubs: dict[str, set[str]], tmp_path: Path) -> None:
    # An export with a rejected row, an ignored column and a duplicate, so that every list
    # of input problems has an entry.
    export = tmp_path / "export.csv"
    export.write_text(
        "provider,service,date,okand_kolumn\nP1,jourhem,2017-12-31,x\nP1,jourhem,2017-12-31,x\nP2,jourhem,,x\n",
        encoding="utf-8",
    )
    summary = builtin.summarize(str(export))
    data = summary.to_dict()
    # The Python Summary is a view: its properties are top-level fields of the Rust summary
    # (the rest is in to_dict()), and its problems are InputProblems.
    assert stubs["Summary"] <= set(data), "Summary: a property that Rust does not serialise"
    # The other way: every top-level field Rust serialises is a property or one of these,
    # reached through to_dict(). A field added in Rust fails here until it is given a
    # property (and a stub) or listed.
    dict_only = {"format", "period", "response", "parameters", "params_file", "requirements", "indicators", "areas", "services", "contracts", "previous"}
    with_roster = builtin.summarize(str(export), roster=[{"provider": "P1", "service": "jourhem"}]).to_dict()
    for fields in (set(data), set(with_roster)):
        assert fields - stubs["Summary"] <= dict_only, f"Summary: fields serialised by Rust that Python neither shows nor lists: {fields - stubs['Summary'] - dict_only}"
    rejected = data["rejected"]["reports"]
    problems = rejected + data["ignored_columns"] + data["duplicates"]
    assert rejected and data["ignored_columns"] and data["duplicates"], data
    assert stubs["InputProblem"] >= expected("InputProblem", keys(problems)), "InputProblem: fields serialised by Rust but missing from the stub"


def test_a_requirement_carries_its_message_for_unanswered(builtin: granska.Pack) -> None:
    with_message = [r for r in builtin.requirements if r.unanswered is not None]
    assert with_message, "the built-in pack gives some requirements a message for unanswered"
    assert all(isinstance(r.unanswered, granska.Text) and r.unanswered.sv and r.unanswered.en for r in with_message)
    assert any(r.unanswered is None for r in builtin.requirements)


@pytest.mark.parametrize(
    ("cls", "dict_only"),
    [("AuditSummary", {"pack", "providers", "year"}), ("SurveySummary", {"pack", "areas", "all"})],
)
def test_audit_and_survey_stubs_name_rust_fields(cls: str, dict_only: set[str], stubs: dict[str, set[str]]) -> None:
    root = Path(__file__).resolve().parents[3]
    if cls == "AuditSummary":
        data = granska.summarize_audits(root / "examples/audits-2017").to_dict()
    else:
        data = granska.summarize_survey(root / "examples/survey-2017.csv", asked=root / "examples/survey-asked-2017.csv").to_dict()
    # Each property is a top-level field of the Rust summary; each other top-level field is
    # reached through to_dict() and listed here, so a field added in Rust fails until shown.
    assert stubs[cls] <= set(data), f"{cls}: a property that Rust does not serialise"
    assert set(data) - stubs[cls] == dict_only, f"{cls}: fields serialised by Rust that Python neither shows nor lists"
