"""Shared fixtures: the built-in pack, the example export and roster, and a small pack whose
requirements the tests can reason about exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

import granska

ROOT = Path(__file__).resolve().parents[3]

SMALL_PACK = """\
pack: { id: liten, version: "1.0", title: { sv: Liten, en: Small } }
services:
  - { id: hvb, label: { sv: HVB, en: Residential home }, contracts: [lou] }
  - { id: jourhem, label: { sv: Jourhem, en: Emergency home }, contracts: [lou] }
questions:
  - { id: personal.antal, type: integer, min: 0, label: { sv: Antal anställda, en: Staff } }
  - { id: personal.med_examen, type: integer, min: 0, label: { sv: Med examen, en: With a degree } }
  - { id: rutin.finns, type: bool, required: true, label: { sv: Rutin finns, en: Routine exists } }
  - { id: rutin.reviderad, type: date, relevant: "rutin.finns", label: { sv: Reviderad, en: Revised } }
  - { id: andel, type: number, label: { sv: Andel, en: Share } }
requirements:
  - id: utbildning
    title: { sv: Utbildningsnivå, en: Education level }
    source: "Avtal 4.2"
    severity: krav
    area: kunskapsbaserad
    require: "personal.med_examen / personal.antal >= 0.8"
    message: { sv: "För få med examen ({personal.med_examen} av {personal.antal}).", en: "Too few with a degree ({personal.med_examen} of {personal.antal})." }
  - id: rutin
    title: { sv: Rutin, en: Routine }
    source: "SOSFS 2011:9 5 kap. 1 §"
    severity: bor
    area: trygghet
    services: [hvb]
    require: "rutin.finns and months_between(rutin.reviderad, report_date()) <= 24"
    message: { sv: "Rutin saknas eller är gammal.", en: "No routine, or an old one." }
indicators:
  - id: andel_rutin
    title: { sv: har en rutin, en: have a routine }
    kind: share
    count: "rutin.finns"
    denominator: { sv: verksamheter, en: providers }
"""


@pytest.fixture(scope="session")
def builtin() -> granska.Pack:
    return granska.Pack.builtin()


@pytest.fixture(scope="session")
def small() -> granska.Pack:
    return granska.Pack.from_yaml(SMALL_PACK, "liten.yaml")


@pytest.fixture(scope="session")
def export_csv() -> Path:
    return ROOT / "examples" / "export-2017.csv"


@pytest.fixture(scope="session")
def roster_csv() -> Path:
    return ROOT / "examples" / "roster-2017.csv"


@pytest.fixture
def report() -> dict:
    """A report of the small pack that fails `utbildning` and meets `rutin`."""
    return {
        "provider": "P1",
        "name": "Solgläntan AB",
        "service": "hvb",
        "contract": "lou",
        "date": "2017-12-31",
        "answers": {
            "personal": {"antal": 10, "med_examen": 6},
            "rutin.finns": True,
            "rutin.reviderad": "2017-03-01",
        },
    }
