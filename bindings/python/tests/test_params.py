"""Pack parameters from Python: defaults, a parameters file or a dict, the values in force,
example values labelled in messages, and mistakes raised as PackError with their place."""

from __future__ import annotations

import pytest

import granska

PACK = """
pack: { id: demo, title: { sv: Demo, en: Demo } }
services: [{ id: jourhem, label: { sv: Jourhem, en: Emergency foster homes } }]
parameters:
  - id: examen_andel
    type: percent
    label: { sv: Lägsta andel med examen, en: Lowest share with a degree }
    unit: { sv: procent, en: percent }
    default: 50
    example: true
  - id: kommun
    type: text
    label: { sv: Kommunen, en: The municipality }
    default: Nacka
    source: "Nacka kommun, Kvalitetsrapport 2019"
questions:
  - { id: antal, type: integer, min: 0, label: { sv: "Anställda i {param.kommun}", en: "Staff in {param.kommun}" } }
  - { id: examen, type: integer, min: 0, label: { sv: Med examen, en: With a degree } }
requirements:
  - id: utbildning
    title: { sv: Utbildningsnivå, en: Education level }
    source: "Avtal jourhem (LOU)"
    severity: krav
    area: kunskapsbaserad
    require: "examen * 100 >= param.examen_andel * antal"
    message:
      sv: "Minst {param.examen_andel} procent ska ha examen."
      en: "At least {param.examen_andel} percent must have a degree."
"""

REPORT = {"provider": "P1", "service": "jourhem", "date": "2017-12-31", "answers": {"antal": 10, "examen": 4}}


def test_defaults_are_in_force_and_labelled():
    pack = granska.Pack.from_yaml(PACK)
    by_id = {p.id: p for p in pack.parameters}
    andel = by_id["examen_andel"]
    assert (andel.type, andel.value, andel.default, andel.example, andel.is_example, andel.set_by) == ("percent", 50.0, 50.0, True, True, None)
    assert andel.unit.en == "percent"
    assert by_id["kommun"].source == "Nacka kommun, Kvalitetsrapport 2019"
    verdict = pack.check(REPORT)["utbildning"]
    assert verdict.verdict == "not_met"
    assert verdict.message.sv == "Minst 50 (exempelvärde) procent ska ha examen."
    assert verdict.explanation[0].reads["param.examen_andel"] == 50.0


def test_a_dict_sets_values(tmp_path):
    pack = granska.Pack.from_yaml(PACK, params={"examen_andel": 40, "kommun": "Värmdö"})
    by_id = {p.id: p for p in pack.parameters}
    assert (by_id["examen_andel"].value, by_id["examen_andel"].is_example) == (40.0, False)
    assert pack.check(REPORT)["utbildning"].verdict == "met"
    assert next(q for q in pack.questions if q.id == "antal").label.sv == "Anställda i Värmdö"


def test_a_parameters_file_sets_values(tmp_path):
    path = tmp_path / "varmdo-2017.yaml"
    path.write_text("municipality: Värmdö kommun\nyear: 2017\nparameters:\n  examen_andel: 40\n", encoding="utf-8")
    pack = granska.Pack.from_yaml(PACK).with_params(path)
    assert pack.check(REPORT)["utbildning"].verdict == "met"
    assert {p.id: p.set_by for p in pack.parameters}["examen_andel"] == str(path)
    loaded = tmp_path / "pack.yaml"
    loaded.write_text(PACK, encoding="utf-8")
    assert granska.Pack.load(loaded, params=str(path)).check(REPORT)["utbildning"].verdict == "met"
    summary = pack.summarize([REPORT])
    assert "| param.examen\\_andel | Lägsta andel med examen | 40 procent |" in summary.to_markdown()


def test_mistakes_raise_pack_error_with_their_place():
    pack = granska.Pack.from_yaml(PACK)
    with pytest.raises(granska.PackError) as e:
        pack.with_params_yaml("parameters:\n  examen_andl: 40\n  examen_andel: 120\n", "p.yaml")
    found = [(d.code, d.file, d.line, d.column) for d in e.value.diagnostics]
    assert found == [("unknown-name", "p.yaml", 2, 3), ("bad-value", "p.yaml", 3, 17)]
    assert "did you mean `examen_andel`?" in e.value.diagnostics[0].hint
    with pytest.raises(granska.PackError) as e:
        pack.with_params({"examen_andel": "mycket"})
    assert "not a percentage" in e.value.diagnostics[0].message
    with pytest.raises(granska.PackError):
        pack.with_params("/nonexistent/params.yaml")
    with pytest.raises(TypeError):
        pack.with_params(42)
    with pytest.raises(TypeError):
        pack.with_params(None)


def test_lint_warnings_are_diagnostics():
    text = PACK.replace('require: "examen * 100 >= param.examen_andel * antal"', 'require: "months_between(2017-01-01, report_date()) <= 12 and examen >= 0 and antal >= 0"')
    pack = granska.Pack.from_yaml(text, "demo.yaml")
    codes = [(d.severity, d.code) for d in pack.warnings]
    assert ("warning", "window") in codes
    window = next(d for d in pack.warnings if d.code == "window")
    assert "within_months(2017-01-01, 12)" in window.hint and window.line > 0


def test_summary_frame_shows_unanswered_beside_shares():
    text = PACK + """indicators:
  - id: andel_examen
    title: { sv: har personal med examen, en: have staff with a degree }
    kind: share
    count: "examen > 0"
    denominator: { sv: verksamheter som besvarat frågan, en: providers that answered }
"""
    pack = granska.Pack.from_yaml(text)
    reports = [dict(REPORT, provider=f"P{i}", answers={"antal": 3} if i == 0 else {"antal": 3, "examen": i % 2}) for i in range(5)]
    summary = pack.summarize(reports)
    frame = summary.to_frame()
    row = frame[(frame["section"] == "indicator") & (frame["id"] == "andel_examen") & (frame["group"] == "all")].iloc[0]
    assert (row["count"], row["of"], row["unanswered"]) == (2, 4, 1)
    assert row["text"] == "2 av 4 verksamheter, 50 procent; 1 obesvarad"
