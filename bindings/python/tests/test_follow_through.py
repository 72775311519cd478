"""Provider history and action plans from Python: the example years 2016–2018 give the
recurring-shortcoming figures known by construction as a tidy frame, and the follow-through
data cases (tests/follow-through/actions.yaml, also run by Rust) give the same findings and
located problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import granska

from conftest import ROOT

HISTORY = ROOT / "examples" / "history"
YEARS = [HISTORY / f"export-{year}.csv" for year in (2016, 2017, 2018)]
CASES = yaml.safe_load((ROOT / "tests" / "follow-through" / "actions.yaml").read_text(encoding="utf-8"))["cases"]


@pytest.fixture(scope="module")
def history() -> granska.History:
    return granska.history(YEARS, mapping=HISTORY / "providers-mapping.csv")


def test_the_tidy_frame_has_a_row_per_provider_requirement_and_year(history: granska.History) -> None:
    frame = history.to_frame()
    assert list(frame.columns) == ["provider", "service", "requirement", "year", "verdict", "status", "run"]
    risk_2018 = frame[(frame.requirement == "riskanalys") & (frame.year == 2018)]
    again = risk_2018[risk_2018.status == "not_met_again"]
    assert sorted(again.provider) == ["P101", "P102", "P103", "P104", "P105", "P113", "P210", "P220"]
    assert again.set_index("provider").loc["P101", "run"] == 3
    assert sorted(risk_2018[risk_2018.status == "missing"].provider) == ["P114", "P115"]
    assert risk_2018[risk_2018.status == "missing"].verdict.isna().all()


def test_the_recurring_figures_are_worded_as_an_auditor_would(history: granska.History) -> None:
    assert history.year == 2018
    riskanalys = {f["run"]: f for f in history.recurring if f["requirement"] == "riskanalys"}
    assert {run: f["count"] for run, f in riskanalys.items()} == {2: 4, 3: 4}
    assert riskanalys[2]["text"]["sv"] == "4 verksamheter uppfyller inte kravet ”Riskanalys på verksamhetsnivå” för andra året i rad (2018)."
    assert "for the third year running" in riskanalys[3]["text"]["en"]
    assert "P110 → P210" in history.to_text("en")


def test_without_the_mapping_a_renamed_provider_starts_over() -> None:
    frame = granska.history(YEARS).to_frame()
    p210 = frame[(frame.provider == "P210") & (frame.requirement == "riskanalys")]
    assert list(p210.status) == ["missing", "missing", "not_met_unknown_before"]


def test_a_bad_report_file_is_a_located_problem_and_the_rest_is_joined(tmp_path: Path) -> None:
    good = {"provider": "P1", "service": "jourhem", "date": "2017-12-31", "pack": "granska", "verdicts": [{"requirement": "riskanalys", "verdict": "not_met"}]}
    bad = {**good, "date": "2018-02-30"}
    (tmp_path / "reports.json").write_text(json.dumps([good, bad]), encoding="utf-8")
    h = granska.history(tmp_path)
    assert [(p.field, p.rejected) for p in h.problems] == [("[1].date", True)]
    assert h.years[0]["reports"] == 1
    with pytest.raises(ValueError, match="no report could be read"):
        granska.history([tmp_path / "none.json"])


def write_case(tmp_path: Path, case: dict) -> tuple[granska.History, list[Path]]:
    reports = tmp_path / "reports.json"
    reports.write_text(json.dumps(case["reports"]), encoding="utf-8")
    mapping = None
    if "mapping" in case:
        mapping = tmp_path / "mapping.csv"
        mapping.write_text(case["mapping"], encoding="utf-8")
    plans = []
    for key, name in (("csv", "actions.csv"), ("yaml", "actions.yaml")):
        if key in case:
            (tmp_path / name).write_text(case[key], encoding="utf-8")
            plans.append(tmp_path / name)
    return granska.history(reports, mapping=mapping), plans


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_a_follow_through_case(case: dict, tmp_path: Path) -> None:
    history, plans = write_case(tmp_path, case)
    check = granska.check_actions(plans, history, as_of=case["as_of"])
    problems = [{"code": p.code, "row": p.row, "column": p.column, "field": p.field} for p in check.problems]
    assert len(problems) == len(case["problems"]), check.problems
    for got, want in zip(problems, case["problems"]):
        assert {k: got[k] for k in want} == want
    # The problems name the file the records came from.
    assert all(Path(p.file).name in {"actions.csv", "actions.yaml"} for p in check.problems)
    # The provider as the record wrote it (an old id stays the old id).
    states = [f"{a['provider']}:{a['requirement'] or ''}={a['state']}" for a in check.to_dict()["actions"]]
    assert states == case["states"]
    findings = [f"{f['code']} {f['provider']} {f['requirement'] or '-'}" for f in check.findings]
    assert findings == case["findings"]


def test_the_example_plans_as_frames(history: granska.History) -> None:
    check = granska.check_actions(HISTORY / "actions.csv", history, as_of="2018-12-31")
    assert check.problems == []
    actions = check.to_frame("actions").set_index(["provider", "requirement"])
    assert actions.loc[("P103", "riskanalys"), "state"] == "closed_not_met"
    assert actions.loc[("P210", "riskanalys"), "state"] == "overdue"
    services = check.to_frame("services").set_index("service")
    assert services.loc["heldygnsvard", ["open", "overdue"]].tolist() == [1, 1]
    findings = check.to_frame("findings", lang="en")
    assert "was closed on 2018-03-15, but the requirement “Risk analysis at operations level” is still not met in the 2018 report." in findings.text.str.cat()
    with pytest.raises(ValueError, match="no section"):
        check.to_frame("risks")
    with pytest.raises(ValueError, match="no date"):
        granska.check_actions(HISTORY / "actions.csv", history, as_of="31/12/2018")


def test_one_providers_open_actions_are_the_file_the_questionnaire_opens(history: granska.History) -> None:
    check = granska.check_actions(HISTORY / "actions.csv", history, as_of="2018-12-31")
    expected = json.loads((HISTORY / "atgarder-P101.json").read_text(encoding="utf-8"))
    assert check.open_actions("P101", history) == expected
    renamed = check.open_actions("P110", history)
    assert renamed is not None and renamed["provider"] == "P210"
    assert all(a["status"] != "closed" for a in renamed["actions"])
    assert check.open_actions("P999", history) is None


def test_the_annual_report_gets_a_history_section(history: granska.History) -> None:
    pack = granska.Pack.builtin()
    summary = pack.summarize(str(YEARS[-1]))
    html = granska.write_report(summary, pack, history=history)
    assert '<section id="historik" data-years="2016-2018">' in html
    assert "4 verksamheter uppfyller inte kravet ”Riskanalys på verksamhetsnivå” för tredje året i rad (2018)." in html
    assert 'id="historik"' not in granska.write_report(summary, pack)
