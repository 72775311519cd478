"""The committee's risk register and kvalitetsberättelse from Python: the example register
(the 2019 report's six risk areas) gives the verdicts, levels and action states known by
construction; the levels follow the pack's parameters; a bad record is located in
``report.issues`` and left unknown in the frames; a file that is no register, a pack that
cannot carry one and a misnamed prose section raise; the draft is written as HTML and
Markdown with the follow-up's lex Sarah and complaints figures."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import granska

from conftest import ROOT

REGISTER = ROOT / "examples" / "riskanalys-2019.yaml"
PROSE = ROOT / "examples" / "kvalitetsberattelse-2019"
SUMMARY = ROOT / "tests" / "golden" / "summary-2017.json"


@pytest.fixture(scope="module")
def register() -> granska.RiskRegister:
    return granska.read_risk_register(REGISTER)


def test_the_example_register_meets_every_requirement(register: granska.RiskRegister) -> None:
    assert (register.unit, register.date, register.reviewed) == ("barn-och-familjeenheten", "2019-12-31", "2019-12-10")
    verdicts = {v.requirement: v.verdict for v in register.report.verdicts}
    assert len(verdicts) == 6 and set(verdicts.values()) == {"met"}, verdicts
    assert register.report.issues == []


def test_the_frames_give_each_risk_its_level_and_each_action_its_state(register: granska.RiskRegister) -> None:
    risks = register.to_frame("risks")
    assert list(risks["level"]) == ["riskniva_hog", "riskniva_hog", "riskniva_hog", "riskniva_medel", "riskniva_medel", "riskniva_hog"]
    assert list(risks["level_title"]) == ["Hög risk"] * 3 + ["Medelhög risk"] * 2 + ["Hög risk"]
    assert list(risks["actions"]) == [2, 1, 1, 1, 0, 1]
    assert risks["likelihood"].dtype == "Int64"
    assert risks.attrs["pack"]["id"] == "riskregister"
    actions = register.to_frame("actions", lang="en")
    assert list(actions["overdue"]) == [False, False, False, True, False, False]
    assert list(actions["open"]) == [False, True, True, True, True, True]
    assert actions.loc[0, "status_label"] == "Done"
    matrix = register.to_frame("matrix")
    assert len(matrix) == 16 and matrix["count"].sum() == 6
    cell = matrix[(matrix["likelihood"] == 3) & (matrix["consequence"] == 4)].iloc[0]
    assert (cell["level"], cell["count"]) == ("riskniva_hog", 2)
    with pytest.raises(ValueError, match="risks, actions, matrix"):
        register.to_frame("verdicts")


def test_the_levels_follow_the_packs_parameters() -> None:
    pack = granska.risk_register_pack(params={"risk.hog_fran": 13, "risk.medel_fran": 7})
    risks = granska.read_risk_register(REGISTER, pack=pack).to_frame("risks")
    assert list(risks["level"]) == ["riskniva_medel"] * 3 + ["riskniva_lag"] * 2 + ["riskniva_medel"]


def test_a_bad_record_is_located_and_left_unknown(tmp_path: Path) -> None:
    path = tmp_path / "register.yaml"
    path.write_text(
        "provider: bfe\nservice: egen_verksamhet\ndate: 2019-12-31\nanswers:\n"
        "  riskregister.granskad: 2019-12-01\n"
        "  riskregister.risker:\n    - { nr: 1, omrade: ekonomi, sannolikhet: 9, konsekvens: 4 }\n"
        "  riskregister.atgarder:\n    - { risk: 1, ansvarig: Enhetschef, senast: 2019-02-30, status: pagar }\n",
        encoding="utf-8",
    )
    register = granska.read_risk_register(path)
    issues = [(i.field, i.code) for i in register.report.issues]
    assert issues == [
        ("riskregister.atgarder[0].senast", "bad-date"),
        ("riskregister.risker[0].omrade", "not-a-choice"),
        ("riskregister.risker[0].sannolikhet", "out-of-range"),
    ]
    risks = register.to_frame("risks")
    assert risks.loc[0, "likelihood"] is pd.NA and risks.loc[0, "level"] is None and risks.loc[0, "area"] is None
    actions = register.to_frame("actions")
    assert actions.loc[0, "due"] is None and actions.loc[0, "overdue"] is pd.NA
    verdicts = {v.requirement: v.verdict for v in register.report.verdicts}
    # The likelihood is unknown, but the risk has an action either way.
    assert (verdicts["riskregister_bedomning"], verdicts["riskregister_hog_risk_atgard"]) == ("not_met", "met")


def test_what_is_no_register_raises(tmp_path: Path) -> None:
    path = tmp_path / "register.yaml"
    path.write_text("provider: bfe\nservice: egen_verksamhet\nanswers: {}\n", encoding="utf-8")
    with pytest.raises(granska.AnswerError) as e:
        granska.read_risk_register(path)
    assert e.value.problems[0].field == "date"
    with pytest.raises(OSError):
        granska.read_risk_register(tmp_path / "missing.yaml")
    with pytest.raises(granska.PackError, match="riskregister.granskad"):
        granska.read_risk_register(REGISTER, pack=granska.Pack.builtin())


def test_the_kvalitetsberattelse_is_written_with_the_follow_up_figures(register: granska.RiskRegister, tmp_path: Path) -> None:
    summary = granska.Summary.from_json(SUMMARY.read_text(encoding="utf-8"))
    out = tmp_path / "kb.html"
    html = granska.write_kvalitetsberattelse(register, summary=summary, prose=PROSE, path=out)
    assert out.read_text(encoding="utf-8") == html
    assert (ROOT / "tests" / "golden" / "kvalitetsberattelse-2019.html").read_text(encoding="utf-8") == html, "the same page as the CLI's"
    assert 'data-likelihood="3" data-consequence="4" data-level="riskniva_hog" data-count="2"' in html
    assert "5 av 96 verksamheter, 5 procent" in html
    md = granska.write_kvalitetsberattelse(register, prose={"riskanalys": "Vi **bedömde** <b>x</b>"}, lang="en", format="md")
    assert "Vi **bedömde** &lt;b&gt;x&lt;/b&gt;" in md and "| 3 | Low risk: 0 | Medium risk: 1 | High risk: 1 | High risk: 2 |" in md
    assert "No summary of the follow-up of providers was added." in md
    with pytest.raises(ValueError, match="riskanalys"):
        granska.write_kvalitetsberattelse(register, prose={"granskning": "x"})
    with pytest.raises(ValueError, match="format"):
        granska.write_kvalitetsberattelse(register, format="pdf")
