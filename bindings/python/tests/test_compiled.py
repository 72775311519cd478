"""Compiled pack files from Python: ``Pack.to_compiled()`` gives bytes that
``Pack.from_compiled`` loads back as the same pack (same content hash, same reports), with
parameters applied before or after; a damaged, truncated, foreign or newer file raises
``CompiledPackError`` (a ``PackError``) whose ``kind`` says which."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

import granska

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "tests" / "packs" / "params-demo.yaml"
REPORT = {"provider": "P1", "service": "heldygnsvard", "date": "2017-12-31", "answers": {"ledning": {"riskanalys": False}}}


def test_the_built_in_pack_round_trips_and_checks_alike():
    pack = granska.Pack.builtin()
    data = pack.to_compiled()
    assert isinstance(data, bytes)
    assert data.startswith(b"GRANSKA\0PACK")
    again = granska.Pack.from_compiled(data)
    assert again.content_hash == pack.content_hash
    assert again.identity == pack.identity
    assert again.check(REPORT).to_dict() == pack.check(REPORT).to_dict()
    assert again.to_compiled() == data


def test_parameters_before_and_after_compiling_give_the_same_pack(tmp_path):
    pack = granska.Pack.load(DEMO)
    with_params = pack.with_params({"examen_andel": 80})
    compiled = granska.Pack.from_compiled(pack.to_compiled(), params={"examen_andel": 80})
    assert compiled.content_hash == with_params.content_hash
    kept = granska.Pack.from_compiled(with_params.to_compiled())
    assert kept.content_hash == with_params.content_hash
    assert [p.value for p in kept.parameters] == [p.value for p in with_params.parameters]
    # A file written and read back as a user would.
    path = tmp_path / "demo.granska"
    path.write_bytes(with_params.to_compiled())
    assert granska.Pack.from_compiled(path.read_bytes()).content_hash == with_params.content_hash


@pytest.mark.parametrize(
    ("change", "kind", "words"),
    [
        (lambda b: b"pack: { id: x }", "not-compiled", "not a compiled granska pack"),
        (lambda b: b"", "not-compiled", "not a compiled granska pack"),
        (lambda b: b[: len(b) // 2], "truncated", "truncated"),
        (lambda b: b[:-40] + bytes([b[-40] ^ 1]) + b[-39:], "corrupt", "checksum does not match"),
        (lambda b: b + b"\0", "corrupt", "after its checksum"),
        (lambda b: b[:12] + struct.pack("<I", 7) + b[16:], "version", "written by a newer granska (format 7)"),
    ],
)
def test_a_bad_file_raises_compiled_pack_error_saying_why(change, kind, words):
    data = change(granska.Pack.load(DEMO).to_compiled())
    with pytest.raises(granska.CompiledPackError) as caught:
        granska.Pack.from_compiled(data)
    assert caught.value.kind == kind
    assert words in str(caught.value)
    assert caught.value.diagnostics == []
    assert isinstance(caught.value, granska.PackError)
    assert isinstance(caught.value, granska.GranskaError)


def test_from_compiled_takes_only_bytes():
    with pytest.raises(TypeError):
        granska.Pack.from_compiled("GRANSKA\0PACK")  # type: ignore[arg-type]


def test_load_recognises_a_compiled_file_by_its_magic_bytes(tmp_path):
    pack = granska.Pack.builtin()
    # Whatever its name: a compiled file named .yaml is still read as compiled, not as YAML.
    for name in ("pack.gpack", "pack.yaml", "utan-filändelse"):
        path = tmp_path / name
        path.write_bytes(pack.to_compiled())
        loaded = granska.Pack.load(path)
        assert loaded.content_hash == pack.content_hash
        assert loaded.check(REPORT).to_dict() == pack.check(REPORT).to_dict()
    # Parameters apply to a loaded compiled pack as to a YAML one.
    demo = granska.Pack.load(DEMO)
    path = tmp_path / "demo.gpack"
    path.write_bytes(demo.to_compiled())
    assert granska.Pack.load(path).content_hash == demo.content_hash
    # A damaged compiled file is a CompiledPackError naming the kind, not a YAML error.
    damaged = tmp_path / "damaged.gpack"
    data = bytearray(pack.to_compiled())
    data[200] ^= 0xFF
    damaged.write_bytes(bytes(data))
    with pytest.raises(granska.CompiledPackError) as e:
        granska.Pack.load(damaged)
    assert e.value.kind == "corrupt"
    # A YAML file still loads as YAML.
    assert granska.Pack.load(DEMO).content_hash == demo.content_hash
