"""Loading packs and reading what they ask and require; PackError and its diagnostics."""

from __future__ import annotations

import pytest

import granska
from conftest import SMALL_PACK


def test_builtin_pack_has_questions_requirements_and_services(builtin):
    assert builtin.id == "granska"
    assert isinstance(builtin.title, granska.Text)
    assert builtin.title.sv and builtin.title.en
    assert len(builtin.questions) > 10
    assert len(builtin.requirements) > 10
    services = [s.id for s in builtin.services]
    assert "heldygnsvard" in services and "jourhem" in services
    assert all(isinstance(q, granska.Question) for q in builtin.questions)


def test_requirements_are_plain_objects_with_attributes(small):
    ids = [r.id for r in small.requirements]
    assert ids == ["rutin", "utbildning"], "requirements are ordered by id"
    rutin = small.requirements[0]
    assert rutin.title.en == "Routine"
    assert rutin.source == "SOSFS 2011:9 5 kap. 1 §"
    assert [s.text for s in rutin.sources] == ["SOSFS 2011:9 5 kap. 1 §"]
    assert rutin.severity == "bor"
    assert rutin.area == "trygghet"
    assert rutin.services == ["hvb"]
    assert rutin.applies is None
    assert rutin.require.startswith("rutin.finns and")
    assert rutin.message.sv == "Rutin saknas eller är gammal."
    assert rutin.pack == "liten"
    assert "rutin" in repr(rutin)


def test_questions_are_plain_objects_with_attributes(small):
    by_id = {q.id: q for q in small.questions}
    assert list(by_id) == ["personal.antal", "personal.med_examen", "rutin.finns", "rutin.reviderad", "andel"]
    antal = by_id["personal.antal"]
    assert antal.type == "integer"
    assert antal.min == 0 and antal.max is None
    assert isinstance(antal.label, granska.Text)
    assert str(antal.label) == "Antal anställda"
    assert antal.label.get("en") == "Staff"
    assert by_id["rutin.finns"].required == "true"
    assert by_id["rutin.reviderad"].relevant == "rutin.finns"
    assert by_id["rutin.reviderad"].type == "date"


def test_text_equality_and_language():
    pack = granska.Pack.from_yaml(SMALL_PACK)
    a = pack.questions[0].label
    b = pack.questions[0].label
    assert a == b
    assert hash(a) == hash(b)
    assert a != pack.questions[1].label
    with pytest.raises(ValueError, match="sv or en"):
        a.get("de")


def test_load_reads_a_file_and_a_folder(tmp_path):
    (tmp_path / "granska.yaml").write_text(SMALL_PACK, encoding="utf-8")
    from_file = granska.Pack.load(tmp_path / "granska.yaml")
    from_folder = granska.Pack.load(str(tmp_path))
    assert from_file.id == from_folder.id == "liten"
    assert from_file.version == "1.0"
    assert len(from_file.requirements) == 2


def test_a_pack_may_include_builtin_packs():
    pack = granska.Pack.from_yaml(
        "pack: { id: egen, title: { sv: Egen, en: Own } }\ninclude: [builtin:law/lex-sarah.yaml]\n", "egen.yaml"
    )
    assert any(r.pack != "egen" for r in pack.requirements)


BROKEN = """\
pack: { id: x, title: { sv: X, en: X } }
questions:
  - { id: personal.antal, type: integer, label: { sv: A, en: A } }
requirements:
  - id: r
    title: { sv: R, en: R }
    source: "Test"
    severity: krav
    area: trygghet
    require: "personal.antl > 1 and personal.antal == true"
    message: { sv: M, en: M }
"""


def test_pack_error_lists_every_diagnostic_with_its_location():
    with pytest.raises(granska.PackError) as caught:
        granska.Pack.from_yaml(BROKEN, "fel.yaml")
    error = caught.value
    assert isinstance(error, granska.GranskaError)
    codes = [d.code for d in error.diagnostics]
    assert codes == ["unknown-name", "type-mismatch"]
    unknown = error.diagnostics[0]
    assert isinstance(unknown, granska.Diagnostic)
    assert unknown.severity == "error"
    assert unknown.file == "fel.yaml"
    assert (unknown.line, unknown.column) == (10, 15)
    assert "personal.antl" in unknown.message
    assert unknown.hint is not None and "personal.antal" in unknown.hint
    assert "fel.yaml:10:15" in str(unknown)
    assert "2 error(s)" in str(error)
    assert "^" in error.rendered and "fel.yaml:10:15" in error.rendered


def test_yaml_syntax_error_is_a_pack_error():
    with pytest.raises(granska.PackError) as caught:
        granska.Pack.from_yaml("pack: { id: x\n", "trasig.yaml")
    assert caught.value.diagnostics[0].code == "yaml"
    assert caught.value.diagnostics[0].line >= 1


def test_missing_file_is_a_pack_error(tmp_path):
    with pytest.raises(granska.PackError) as caught:
        granska.Pack.load(tmp_path / "finns-inte.yaml")
    assert caught.value.diagnostics
    assert "finns-inte.yaml" in str(caught.value)


def test_pack_error_is_caught_as_granska_error():
    with pytest.raises(granska.GranskaError):
        granska.Pack.from_yaml("pack: {}\n")


def test_help_on_check_is_useful():
    doc = granska.Pack.check.__doc__
    assert doc is not None
    assert "AnswerError" in doc and "answers" in doc
    for cls in (granska.Pack, granska.Report, granska.Summary, granska.FormState, granska.Text):
        assert cls.__doc__, f"{cls.__name__} has no docstring"
    assert granska.__doc__ and "check_many" in granska.__doc__
