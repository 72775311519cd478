"""The bad-input corpus (tests/bad-input/) through Python, compared with the same
``<case>.expected`` snapshots the Rust test (crates/granska-summary/tests/bad_input.rs) writes.

- ``packs/``: ``Pack.load(path)``; the outcome is ``ok: N questions, M requirements`` or every
  diagnostic as ``str(diagnostic)`` (the Rust ``Display``), one per line, paths made relative
  to the repository root.
- ``reports/``: ``Pack.check_json`` / ``Pack.check_yaml`` on the file's bytes (by its
  extension) against ``reports/pack.yaml``; the outcome is the rejection (``AnswerError``: its
  provider and problems) or the issues and verdicts, rendered as bad_input.rs renders them.
- ``csv/``: ``Pack.problems`` and ``Pack.check_many`` on the file against the built-in pack.
  The snapshot is rendered from them as far as the API allows: every header problem, rejected
  row and located issue at its row, the providers read in order, and every read row's issue
  count. The one thing the API does not give is the row of a report read without any issue
  (check_many has no row column): such a row number is masked (``row ?``) on both sides.

Any case that cannot go through Python must be in SKIPPED with the reason; the test asserts
that the skipped cases are exactly those.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import granska

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "tests" / "bad-input"

# Cases that cannot go through Python, with the reason. None today: every pack loads by path,
# every report is checked from its bytes, every export is read by path.
SKIPPED: dict[str, str] = {}


def cases(folder: str) -> list[Path]:
    """The cases of a folder, as bad_input.rs selects them."""
    found = [
        p
        for p in sorted((CORPUS / folder).iterdir())
        if p.is_file() and p.suffix not in (".expected", ".md") and p.name != "pack.yaml" and not p.name.startswith("_")
    ]
    assert found, f"no cases in {folder}"
    return found


def case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def relative(outcome: str) -> str:
    """Removes the repository root from paths in an outcome, as bad_input.rs does."""
    for root in {str(ROOT), str(ROOT.resolve())}:
        outcome = outcome.replace(root + "/", "")
    return outcome


def expected(path: Path) -> str:
    return Path(f"{path}.expected").read_text(encoding="utf-8")


def rust_debug(value: str | None) -> str:
    """``format!("{:?}", Option<String>)``."""
    if value is None:
        return "None"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t").replace("\0", "\\0")
    return f'Some("{escaped}")'


# ---------------------------------------------------------------------------------------------
# Packs


def pack_outcome(path: Path) -> str:
    try:
        pack = granska.Pack.load(path)
    except granska.PackError as error:
        return "".join(f"{d}\n" for d in error.diagnostics)
    return f"ok: {len(pack.questions)} questions, {len(pack.requirements)} requirements\n"


@pytest.mark.parametrize("path", cases("packs"), ids=case_id)
def test_bad_pack(path: Path):
    if case_id(path) in SKIPPED:
        pytest.skip(SKIPPED[case_id(path)])
    assert relative(pack_outcome(path)) == expected(path)


# ---------------------------------------------------------------------------------------------
# Reports


@pytest.fixture(scope="module")
def report_pack() -> granska.Pack:
    return granska.Pack.load(CORPUS / "reports" / "pack.yaml")


def report_outcome(pack: granska.Pack, path: Path) -> str:
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".json":
        check = pack.check_json
    elif suffix in (".yaml", ".yml"):
        check = pack.check_yaml
    else:  # as ReportFormat::sniff: `{` first is JSON, else YAML
        check = pack.check_json if data.lstrip(b"\xef\xbb\xbf").lstrip().startswith(b"{") else pack.check_yaml
    try:
        report = check(data)
    except granska.AnswerError as error:
        out = f"rejected (provider {rust_debug(error.provider)}):\n"
        for p in error.problems:
            out += f"  {p.field} [{p.code}] {p.message.en}\n"
        return out
    out = f"read (provider {report.provider}):\n"
    for i in report.issues:
        out += f"  {i.field} [{i.code}] {i.message.en}\n"
    for v in report.verdicts:
        out += f"  => {v.requirement} {v.verdict}\n"
    return out


@pytest.mark.parametrize("path", cases("reports"), ids=case_id)
def test_bad_report(report_pack, path: Path):
    if case_id(path) in SKIPPED:
        pytest.skip(SKIPPED[case_id(path)])
    assert relative(report_outcome(report_pack, path)) == expected(path)


def test_a_report_as_str_reads_as_its_bytes(report_pack):
    """check_json/check_yaml on the text give what they give on its bytes (UTF-8 cases)."""
    for path in cases("reports"):
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        check = report_pack.check_json if path.suffix == ".json" else report_pack.check_yaml
        outcomes = []
        for given in (text, text.encode("utf-8")):
            try:
                outcomes.append(check(given).to_json())
            except granska.AnswerError as error:
                outcomes.append(("rejected", str(error), error.provider))
        assert outcomes[0] == outcomes[1], path.name


# ---------------------------------------------------------------------------------------------
# Survey exports

READ = re.compile(r"^row (\d+): read (.*) \((\d+) issues\)$")


@pytest.fixture(scope="module")
def builtin_pack() -> granska.Pack:
    return granska.Pack.builtin()


def mask_unlocated_rows(snapshot: str) -> str:
    """The snapshot with the row of each report read without issues masked (`row ?`)."""
    out = []
    for line in snapshot.splitlines(keepends=True):
        m = READ.match(line.rstrip("\n"))
        if m and m.group(3) == "0":
            line = f"row ?: read {m.group(2)} (0 issues)\n"
        out.append(line)
    return "".join(out)


def csv_outcome(pack: granska.Pack, path: Path) -> str:
    """The outcome of an export rendered from ``problems()`` and ``check_many()``."""
    try:
        problems = pack.problems(path, lang="en")
    except granska.ExportError as error:
        with pytest.raises(granska.ExportError) as again:
            pack.check_many(path, lang="en")
        assert [str(p) for p in again.value.problems] == [str(p) for p in error.problems]
        return "not read:\n" + "\n".join(str(p) for p in error.problems) + "\n"
    verdicts = pack.check_many(path, lang="en")
    per_report = len(pack.requirements)
    name = path.name

    def render(p) -> str:
        """An InputProblem row of the frame, as the core renders it (InputProblem::render)."""
        place = []
        if not pd_isna(p.sheet):
            place.append(f"sheet {p.sheet}")
        if not pd_isna(p.row):
            place.append(f"row {p.row}")
        if not pd_isna(p.column):
            title = "" if pd_isna(p.column_name) or p.column_name == "" else f", {p.column_name}"
            place.append(f"column {p.column} ({letter(int(p.column))}{title})")
        elif not pd_isna(p.field) and p.field:
            place.append(f"field {p.field}")
        if not pd_isna(p.provider):
            place.append(f"provider {p.provider}")
        out = f"{p.file}: " if p.file else ""
        if place:
            out += ", ".join(place) + ": "
        return out + f"{p.message} [{p.code}]"

    rows = list(problems.itertuples(index=False))
    for p in rows:
        assert p.file == name
    header = [p for p in rows if p.row == 1 and not p.rejected]
    rejected = [p for p in rows if p.rejected]
    issues = [p for p in rows if p.row != 1 and not p.rejected]

    # The reports in input order, from check_many: a rejected one is one row, a read one is
    # one row per requirement.
    events = []
    frame = verdicts.reset_index(drop=True)
    i = 0
    while i < len(frame):
        if frame.verdict[i] == "rejected":
            events.append(("rejected", frame.message[i]))
            i += 1
        else:
            events.append(("read", frame.provider[i]))
            assert set(frame.provider[i : i + per_report]) == {frame.provider[i]}
            i += per_report
    assert [e[1] for e in events if e[0] == "rejected"] == [render(p) for p in rejected], "check_many's rejected rows are problems()'s"

    # Issues grouped by row, each group given to the next report read of its provider
    # (rows increase through the file, so the order decides).
    groups: list[tuple[int, str, list]] = []
    for p in issues:
        if groups and groups[-1][0] == p.row:
            groups[-1][2].append(p)
        else:
            groups.append((int(p.row), p.provider, [p]))
    out = "".join(f"header: {render(p)}\n" for p in header)
    rejected_iter = iter(rejected)
    for kind, value in events:
        if kind == "rejected":
            p = next(rejected_iter)
            out += f"row {p.row}: {render(p)}\n"
        elif groups and groups[0][1] == value:
            row, provider, group = groups.pop(0)
            out += f"row {row}: read {provider} ({len(group)} issues)\n"
            out += "".join(f"  {render(p)}\n" for p in group)
        else:
            out += f"row ?: read {value} (0 issues)\n"
    assert not groups, f"issues of no report read: {groups}"
    return out


def pd_isna(value) -> bool:
    import pandas as pd

    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def letter(number: int) -> str:
    out = ""
    while number > 0:
        number, rem = divmod(number - 1, 26)
        out = chr(ord("A") + rem) + out
    return out


@pytest.mark.parametrize("path", cases("csv"), ids=case_id)
def test_bad_export(builtin_pack, path: Path, monkeypatch):
    if case_id(path) in SKIPPED:
        pytest.skip(SKIPPED[case_id(path)])
    # Read by its bare name, as bad_input.rs names it: problems say `name.csv: row …`.
    monkeypatch.chdir(path.parent)
    assert csv_outcome(builtin_pack, Path(path.name)) == mask_unlocated_rows(expected(path))


def test_problem_messages_are_the_core_rendering(builtin_pack, monkeypatch):
    """An export that cannot be read: ExportError's problems are InputProblem objects whose
    str() is the core's rendering, as in the snapshot."""
    monkeypatch.chdir(CORPUS / "csv")
    with pytest.raises(granska.ExportError) as caught:
        builtin_pack.problems("missing-columns.csv", lang="en")
    [problem] = caught.value.problems
    assert str(problem) + "\n" in expected(CORPUS / "csv" / "missing-columns.csv")


def test_the_skip_list_is_exactly_the_cases_that_cannot_go_through_python():
    every = {case_id(p) for folder in ("packs", "reports", "csv") for p in cases(folder)}
    assert set(SKIPPED) <= every, "a skipped case that does not exist"
    assert SKIPPED == {}, "every case goes through Python; a new skip needs its reason here"
