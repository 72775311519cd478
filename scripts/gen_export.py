#!/usr/bin/env python3
"""Generate the synthetic 2017 survey export and the roster of invited providers.

    python3 scripts/gen_export.py          # writes examples/export-2017.csv and examples/roster-2017.csv
    python3 scripts/gen_export.py --check  # exits 1 if the committed files differ from a fresh run

The export is what the municipality's web questionnaire tool would produce for the 2017
follow-up: one row per responding provider, the columns `provider,name,service,contract,date`
and then one column per question id of the built-in pack (rules/granska.yaml). Bools are
`Ja`/`Nej`, a multiple choice holds its values separated by `|`, an empty cell is an
unanswered question. As the survey tool does, a question the provider was not asked is left
empty: one of another service type (`services` in the pack) or one that is not relevant to
its earlier answers (`relevant`, e.g. lex_sarah.utredningar when lex_sarah.rapporter is 0).
The service types and relevance rules are checked against the pack files under rules/.

The data are invented but shaped to reproduce the figures the 2017 follow-up published:

- 96 of the 188 invited providers responded; heldygnsvård 44 of 92 (48 percent);
- 5 of 96 providers (5 percent) carried out lex Sarah investigations, 5 investigations in all
  (heldygnsvård, jourhem and the municipal provider);
- 41 of 96 (43 percent) registered comments and complaints, 161 in all;
- 60 percent of the providers that had clients use standardised assessment methods, and half
  of them carried out their own user survey during the year;
- 774 families in familjerådgivning, 255 clients in familjebehandling, 28 placements in
  heldygnsvård, 38 in jourhem of which 23 of unaccompanied refugee children.

The other answers vary realistically, with the gaps the follow-up describes (no risk
analysis at operations level, complaints resolved but never registered, few written
collaboration routines, outdated documentation routines, missing implementation plans, an
unchecked new hire). Standard library only; the output depends only on SEED.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import re
import sys
from pathlib import Path

SEED = 2017
REPORT_DATE = dt.date(2017, 12, 31)
ROOT = Path(__file__).resolve().parent.parent
EXPORT = ROOT / "examples" / "export-2017.csv"
ROSTER = ROOT / "examples" / "roster-2017.csv"
RULES = ROOT / "rules"

# The question ids of rules/granska.yaml, in the order its files are loaded.
QUESTIONS = [
    "ledning.ledningssystem", "ledning.rutiner", "ledning.rutiner_reviderade",
    "ledning.riskanalys", "ledning.riskanalys_datum", "ledning.egenkontroll",
    "klagomal.rutin", "klagomal.inkomna", "klagomal.registrerade",
    "ledning.personalens_medverkan", "ledning.kvalitetsberattelse", "samverkan.rutin",
    "lex_sarah.rutin", "lex_sarah.rutin_reviderad", "lex_sarah.personal_informerad",
    "lex_sarah.rapporter", "lex_sarah.utredningar", "lex_sarah.anmalningar_ivo",
    "anmalningsplikt.rutin", "akter.gallring_rutin",
    "kunder.antal", "placeringar.antal", "placeringar.ensamkommande",
    "personal.antal", "personal.med_examen", "personal.erfarenhet_ar",
    "personal.kompetensutvecklingsplan", "personal.handledning",
    "bedomning.anvander", "bedomning.metoder", "bedomning.annan_metod",
    "brukarundersokning.genomford", "brukarundersokning.ar",
    "samtal.max_per_familj", "samtal.familjer_extra", "samtal.sarskilda_skal",
    "dokumentation.rutin", "dokumentation.rutin_reviderad", "genomforandeplan.antal",
    "rutin.overgrepp", "policy.alkohol_drog", "policy.hot_vald",
    "brand.rutin", "brand.senaste_ovning", "jourtelefon",
    "oppenvard.insatser", "oppenvard.programinriktning", "oppenvard.halva_hela_dagar",
    "registerkontroll.nyanstallda", "registerkontroll.kontrollerade",
]

SERVICES = ["familjeradgivning", "familjebehandling", "oppenvard", "heldygnsvard", "jourhem", "stodboende"]
CONTRACT = {"familjeradgivning": "lov", "familjebehandling": "lov", "oppenvard": "lou",
            "heldygnsvard": "lou", "jourhem": "lou", "stodboende": "lou"}
INVITED = {"familjeradgivning": 26, "familjebehandling": 12, "oppenvard": 38,
           "heldygnsvard": 92, "jourhem": 16, "stodboende": 4}
RESPONDED = {"familjeradgivning": 12, "familjebehandling": 12, "oppenvard": 12,
             "heldygnsvard": 44, "jourhem": 14, "stodboende": 2}
WITH_CLIENTS = {"familjeradgivning": 11, "familjebehandling": 12, "oppenvard": 11,
                "heldygnsvard": 18, "jourhem": 14, "stodboende": 2}
# Clients (familjerådgivning: families; heldygnsvård, jourhem, stödboende: placements).
CLIENT_TOTAL = {"familjeradgivning": 774, "familjebehandling": 255, "oppenvard": 164,
                "heldygnsvard": 28, "jourhem": 38, "stodboende": 5}
UNACCOMPANIED_JOURHEM = 23
# Providers that registered complaints, per service type (41 in all), and the total.
COMPLAINTS_PROVIDERS = {"familjeradgivning": 8, "familjebehandling": 9, "oppenvard": 7,
                        "heldygnsvard": 10, "jourhem": 6, "stodboende": 1}
COMPLAINTS_TOTAL = 161
ASSESSMENT_USERS = 41      # of the 68 providers with clients: 60 percent
OWN_SURVEY_2017 = 34       # of the 68 providers with clients: 50 percent
STAFF_EDU_SHARE = {"familjeradgivning": 1.0, "familjebehandling": 1.0, "oppenvard": 0.8,
                   "heldygnsvard": 0.8, "jourhem": 0.5, "stodboende": 0.75}
STAFF_EXPERIENCE = {"familjeradgivning": 3, "familjebehandling": 2, "oppenvard": 2,
                    "heldygnsvard": 1, "jourhem": 2, "stodboende": 1}



def _and(*xs):
    """Kleene and: False if any is False, else None (unknown) if any is None, else True."""
    if any(x is False for x in xs):
        return False
    return None if any(x is None for x in xs) else True


def _gt0(v):
    return None if v is None else v > 0


def _in(value, values):
    return None if values is None else value in values


# Each `relevant:` rule of the pack, as written there and in Python over an answer getter
# (None is unknown). As in the pack, an unknown relevance counts as relevant.
RELEVANT = {
    "ledning.rutiner_reviderade": ("ledning.rutiner", lambda a: a("ledning.rutiner")),
    "ledning.riskanalys_datum": ("ledning.riskanalys", lambda a: a("ledning.riskanalys")),
    "lex_sarah.rutin_reviderad": ("lex_sarah.rutin", lambda a: a("lex_sarah.rutin")),
    "lex_sarah.utredningar": ("lex_sarah.rapporter > 0", lambda a: _gt0(a("lex_sarah.rapporter"))),
    "lex_sarah.anmalningar_ivo": ("lex_sarah.rapporter > 0 and lex_sarah.utredningar > 0",
                                  lambda a: _and(_gt0(a("lex_sarah.rapporter")), _gt0(a("lex_sarah.utredningar")))),
    "placeringar.ensamkommande": ("placeringar.antal > 0", lambda a: _gt0(a("placeringar.antal"))),
    "bedomning.metoder": ("bedomning.anvander", lambda a: a("bedomning.anvander")),
    "bedomning.annan_metod": ('bedomning.anvander and "annan" in bedomning.metoder',
                              lambda a: _and(a("bedomning.anvander"), _in("annan", a("bedomning.metoder")))),
    "brukarundersokning.ar": ("brukarundersokning.genomford", lambda a: a("brukarundersokning.genomford")),
    "samtal.familjer_extra": ("samtal.max_per_familj > 5",
                              lambda a: None if a("samtal.max_per_familj") is None else a("samtal.max_per_familj") > 5),
    "samtal.sarskilda_skal": ("samtal.max_per_familj > 5",
                              lambda a: None if a("samtal.max_per_familj") is None else a("samtal.max_per_familj") > 5),
    "dokumentation.rutin_reviderad": ("dokumentation.rutin", lambda a: a("dokumentation.rutin")),
    "genomforandeplan.antal": ("kunder.antal > 0", lambda a: _gt0(a("kunder.antal"))),
    "brand.senaste_ovning": ("brand.rutin", lambda a: a("brand.rutin")),
    "oppenvard.programinriktning": ('"strukturerad" in oppenvard.insatser',
                                    lambda a: _in("strukturerad", a("oppenvard.insatser"))),
    "oppenvard.halva_hela_dagar": ('"strukturerad" in oppenvard.insatser and oppenvard.programinriktning == "skola"',
                                   lambda a: _and(_in("strukturerad", a("oppenvard.insatser")),
                                                  None if a("oppenvard.programinriktning") is None
                                                  else a("oppenvard.programinriktning") == "skola")),
    "registerkontroll.kontrollerade": ("registerkontroll.nyanstallda > 0",
                                       lambda a: _gt0(a("registerkontroll.nyanstallda"))),
}


def pack_questions() -> dict[str, tuple[set[str] | None, str | None]]:
    """Every question of the pack files under rules/: its service types (None: all) and its
    `relevant` expression. A line scan of the files' own layout (flow lists, one key a
    line), enough to keep this script in step with the pack."""
    out: dict[str, tuple[set[str] | None, str | None]] = {}
    for path in sorted(RULES.rglob("*.yaml")):
        pack_services: set[str] | None = None
        section, current = None, None
        fields: dict[str, dict[str, str]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"^[a-z_]+:", line):
                section, current = line.split(":")[0], None
                continue
            if section == "pack" and (m := re.match(r"^  services: \[(.*)\]$", line)):
                pack_services = {s.strip() for s in m.group(1).split(",")}
            if section != "questions":
                continue
            if m := re.match(r"^  - id: (\S+)$", line):
                current = m.group(1)
                fields[current] = {}
            elif current and (m := re.match(r"^    (services|relevant): (.*)$", line)):
                fields[current][m.group(1)] = m.group(2)
        for q, f in fields.items():
            services = pack_services
            if "services" in f:
                m = re.match(r"^\[(.*)\]$", f["services"])
                assert m, f"{path}: {q}: services must be a flow list"
                services = {s.strip() for s in m.group(1).split(",")}
            relevant = f.get("relevant")
            if relevant is not None:
                assert relevant[0] in "'\"" and relevant[-1] == relevant[0], f"{path}: {q}: quote `relevant`"
                relevant = relevant[1:-1]
            out[q] = (services, relevant)
    return out


PLACES = ["Nacka", "Saltsjöbaden", "Fisksätra", "Orminge", "Älta", "Boo", "Sickla", "Järla",
          "Björknäs", "Värmdö", "Gustavsberg", "Tyresö", "Hammarby", "Södermalm", "Vasastan",
          "Kungsholmen", "Östermalm", "Liljeholmen", "Solna", "Sundbyberg", "Täby", "Huddinge",
          "Haninge", "Lidingö", "Bromma", "Farsta", "Skärholmen", "Danderyd", "Sollentuna",
          "Järfälla", "Botkyrka", "Upplands Väsby", "Norrtälje", "Södertälje", "Nynäshamn",
          "Vaxholm", "Ekerö", "Sigtuna", "Österåker", "Vallentuna"]
NATURE = ["Ek", "Björk", "Gran", "Lind", "Asp", "Al", "Rönn", "Lönn", "Hassel", "Sjö", "Sol",
          "Berg", "Ängs", "Skogs", "Strand", "Vik", "Näs", "Holm", "Dal", "Ljung", "Vass", "Måne",
          "Stjärn", "Fyr", "Udd", "Ö", "Källa", "Klint", "Mo", "Sund"]
ENDINGS = ["gården", "backen", "hagen", "udden", "vägen", "huset", "torpet", "lunden", "bo",
           "hemmet"]
SURNAMES = ["Lindqvist", "Berg", "Holm", "Ek", "Sjöberg", "Norén", "Falk", "Hedlund", "Wallin",
            "Ström", "Dahl", "Åberg", "Lund", "Nyberg", "Forsberg", "Sandberg", "Engström",
            "Björk", "Lindahl", "Hellström", "Blom", "Söderberg", "Borg", "Hägg", "Ahlgren",
            "Nord", "Sundström", "Vik", "Mattsson", "Roos"]


def provider_names(rng: random.Random) -> dict[str, list[str]]:
    """Unique, invented provider names per service type (the first of some is municipal)."""
    used: set[str] = set()

    def unique(make):
        while True:
            name = make()
            if name not in used:
                used.add(name)
                return name

    names: dict[str, list[str]] = {s: [] for s in SERVICES}
    names["familjeradgivning"].append("Nacka kommun, Familjemottagningen")
    names["familjebehandling"].append("Nacka kommun, Barn- och familjeverksamheten")
    names["jourhem"].append("Nacka kommun, Kommunala jourhem")
    used.update(n[0] for n in names.values() if n)
    fr = [lambda: f"Familjerådgivning {rng.choice(PLACES)}",
          lambda: f"{rng.choice(SURNAMES)} Parsamtal AB",
          lambda: f"Relationsmottagningen {rng.choice(PLACES)}",
          lambda: f"{rng.choice(PLACES)} Familjesamtal HB"]
    fb = [lambda: f"Familjeteamet {rng.choice(PLACES)} AB",
          lambda: f"{rng.choice(SURNAMES)} Familjebehandling",
          lambda: f"Familjestöd {rng.choice(PLACES)} AB"]
    ov = [lambda: f"{rng.choice(NATURE)}{rng.choice(ENDINGS)} Öppenvård AB",
          lambda: f"Ungdomscoach {rng.choice(PLACES)} AB",
          lambda: f"Familjepedagogerna i {rng.choice(PLACES)}",
          lambda: f"Strukturerad öppenvård {rng.choice(PLACES)}",
          lambda: f"{rng.choice(PLACES)} Behandlingsskola AB"]
    hdv = [lambda: f"HVB {rng.choice(NATURE)}{rng.choice(ENDINGS)}",
           lambda: f"Behandlingshemmet {rng.choice(NATURE)}{rng.choice(ENDINGS)} AB",
           lambda: f"Utredningshemmet {rng.choice(NATURE)}{rng.choice(ENDINGS)}",
           lambda: f"{rng.choice(NATURE)}{rng.choice(ENDINGS)} Ungdomshem AB"]
    jh = [lambda: f"Jourhemmet {rng.choice(SURNAMES)}",
          lambda: f"Jourhemsgruppen {rng.choice(PLACES)} AB",
          lambda: f"Familjehem och jour {rng.choice(PLACES)}"]
    sb = [lambda: f"Stödboende {rng.choice(PLACES)} AB",
          lambda: f"{rng.choice(NATURE)}{rng.choice(ENDINGS)} Stödboende"]
    makers = {"familjeradgivning": fr, "familjebehandling": fb, "oppenvard": ov,
              "heldygnsvard": hdv, "jourhem": jh, "stodboende": sb}
    for s in SERVICES:
        while len(names[s]) < INVITED[s]:
            names[s].append(unique(rng.choice(makers[s])))
    return names


def split(rng: random.Random, total: int, n: int, weights: list[float] | None = None) -> list[int]:
    """`total` split into `n` positive parts, at random in proportion to `weights`."""
    assert total >= n
    parts = [1] * n
    weights = weights or [1.0] * n
    for _ in range(total - n):
        parts[rng.choices(range(n), weights)[0]] += 1
    return parts


def date_between(rng: random.Random, a: dt.date, b: dt.date) -> dt.date:
    return a + dt.timedelta(days=rng.randint(0, (b - a).days))


def yes(rng: random.Random, p: float) -> bool:
    return rng.random() < p


class Provider:
    def __init__(self, pid: str, name: str, service: str, municipal: bool):
        self.pid, self.name, self.service, self.municipal = pid, name, service, municipal
        self.a: dict[str, object] = {}

    def asked(self, pack: dict[str, tuple[set[str] | None, str | None]]) -> dict[str, object]:
        """The answers the survey tool keeps: only questions asked of this service type and
        relevant to the other answers. Like the engine, repeats until nothing changes, since
        a question left out can make another one not relevant."""
        a = {q: v for q, v in self.a.items() if pack[q][0] is None or self.service in pack[q][0]}
        while True:
            drop = [q for q in a if q in RELEVANT and RELEVANT[q][1](a.get) is False]
            if not drop:
                return a
            for q in drop:
                del a[q]

    def row(self, pack: dict[str, tuple[set[str] | None, str | None]]) -> dict[str, str]:
        out = {"provider": self.pid, "name": self.name, "service": self.service,
               "contract": CONTRACT[self.service], "date": REPORT_DATE.isoformat()}
        answers = self.asked(pack)
        for q in QUESTIONS:
            v = answers.get(q)
            if v is None:
                out[q] = ""
            elif isinstance(v, bool):
                out[q] = "Ja" if v else "Nej"
            elif isinstance(v, (list, tuple)):
                out[q] = "|".join(v)
            elif isinstance(v, float):
                out[q] = f"{v:g}"
            else:
                out[q] = str(v)
        return out


def build() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    pack = pack_questions()
    assert set(pack) == set(QUESTIONS), f"QUESTIONS differs from the pack: {set(pack) ^ set(QUESTIONS)}"
    written = {q: r for q, (_, r) in pack.items() if r is not None}
    mirrored = {q: r for q, (r, _) in RELEVANT.items()}
    assert written == mirrored, f"RELEVANT differs from the pack: {set(written.items()) ^ set(mirrored.items())}"
    rng = random.Random(SEED)
    names = provider_names(rng)

    # The roster: every invited provider, numbered across service types.
    roster: list[Provider] = []
    for s in SERVICES:
        for i, name in enumerate(names[s]):
            municipal = name.startswith("Nacka kommun")
            roster.append(Provider(f"P{len(roster) + 1:03d}", name, s, municipal))

    # Who responded: the municipal providers always do.
    responders: list[Provider] = []
    for s in SERVICES:
        pool = [p for p in roster if p.service == s]
        fixed = [p for p in pool if p.municipal]
        rest = rng.sample([p for p in pool if not p.municipal], RESPONDED[s] - len(fixed))
        responders += sorted(fixed + rest, key=lambda p: p.pid)
    responders.sort(key=lambda p: p.pid)
    by_service = {s: [p for p in responders if p.service == s] for s in SERVICES}

    # Clients and placements.
    with_clients: list[Provider] = []
    for s, ps in by_service.items():
        active = ps if WITH_CLIENTS[s] == len(ps) else (
            [p for p in ps if p.municipal] +
            rng.sample([p for p in ps if not p.municipal], WITH_CLIENTS[s] - sum(p.municipal for p in ps)))
        active.sort(key=lambda p: p.pid)
        # The municipal providers are the largest (familjerådgivning: about a quarter).
        weights = [{"familjeradgivning": 3.0, "jourhem": 2.0}.get(s, 1.0) if p.municipal else 1.0
                   for p in active]
        if s == "familjebehandling":   # the municipal provider met 219 of the 255
            counts = [219 if p.municipal else 0 for p in active]
            private = split(rng, CLIENT_TOTAL[s] - 219, len(active) - 1)
            counts = [c if c else private.pop() for c in counts]
        else:
            counts = split(rng, CLIENT_TOTAL[s], len(active), weights)
        for p, c in zip(active, counts):
            p.a["kunder.antal"] = c
        for p in ps:
            p.a.setdefault("kunder.antal", 0)
        with_clients += active
        if s in ("heldygnsvard", "jourhem", "stodboende"):
            for p in ps:
                p.a["placeringar.antal"] = p.a["kunder.antal"]
                # A child placed twice counts once as a client.
                if p.a["kunder.antal"] >= 3 and yes(rng, 0.2):
                    p.a["kunder.antal"] -= 1
    # Unaccompanied refugee children: 23 of the 38 jourhem placements.
    jh = [p for p in by_service["jourhem"] if p.a["placeringar.antal"] > 0]
    left = UNACCOMPANIED_JOURHEM
    for p in sorted(jh, key=lambda p: -p.a["placeringar.antal"]):
        n = min(left, p.a["placeringar.antal"] - (1 if p.a["placeringar.antal"] > 1 else 0))
        p.a["placeringar.ensamkommande"] = n
        left -= n
    assert left == 0
    for s in ("heldygnsvard", "stodboende"):
        for p in by_service[s]:
            if p.a["placeringar.antal"] > 0:
                p.a["placeringar.ensamkommande"] = rng.choice([0, 0, 0, 1]) if s == "heldygnsvard" else 1

    # Lex Sarah: five investigations, one each at two HVB, two jourhem and the municipal
    # family treatment provider; two notified to IVO. One outpatient provider had a report
    # that was not investigated.
    hdv_active = [p for p in by_service["heldygnsvard"] if p.a["placeringar.antal"] > 0]
    jh_active = [p for p in by_service["jourhem"] if not p.municipal and p.a["placeringar.antal"] > 0]
    investigated = rng.sample(hdv_active, 2) + rng.sample(jh_active, 2) + \
        [p for p in by_service["familjebehandling"] if p.municipal]
    for p in responders:
        p.a["lex_sarah.rapporter"] = 0   # no reports: the investigation question is not asked
    for i, p in enumerate(investigated):
        p.a["lex_sarah.rapporter"] = 2 if i == 0 else 1
        p.a["lex_sarah.utredningar"] = 1
        p.a["lex_sarah.anmalningar_ivo"] = 1 if i in (1, 2) else 0
    rng.choice(by_service["oppenvard"]).a.update({"lex_sarah.rapporter": 1, "lex_sarah.utredningar": 0})

    # Complaints: 41 providers registered 161 in all; more providers received some.
    registering: list[Provider] = []
    for s, n in COMPLAINTS_PROVIDERS.items():
        ps = sorted(by_service[s], key=lambda p: (not p.municipal, -p.a["kunder.antal"], rng.random()))
        # Mostly providers with many clients, with some randomness.
        top = ps[: max(n, min(len(ps), n + 3))]
        chosen = [p for p in top if p.municipal] + rng.sample([p for p in top if not p.municipal],
                                                              n - sum(p.municipal for p in top))
        registering += chosen
    weights = [12.0 if p.municipal else 1.0 + min(p.a["kunder.antal"], 60) / 15 for p in registering]
    for p, c in zip(registering, split(rng, COMPLAINTS_TOTAL, len(registering), weights)):
        p.a["klagomal.registrerade"] = c
        p.a["klagomal.inkomna"] = True
    for p in responders:
        if "klagomal.registrerade" not in p.a:
            p.a["klagomal.registrerade"] = 0
            # Complaints resolved directly with the client and never registered.
            p.a["klagomal.inkomna"] = p.a["kunder.antal"] > 0 and yes(rng, 0.35)

    # Standardised assessment methods: 41 of the 68 providers with clients, and some without.
    bias = {"oppenvard": 0.4, "heldygnsvard": 0.35, "familjebehandling": 0.2, "jourhem": 0.0,
            "stodboende": -0.1, "familjeradgivning": -0.3}
    ranked = sorted(with_clients, key=lambda p: rng.random() - bias[p.service])
    users = set(id(p) for p in ranked[:ASSESSMENT_USERS])
    methods = {"oppenvard": ["adad", "sdq", "ors_srs", "asi", "freda"],
               "heldygnsvard": ["adad", "bbic", "asi", "sdq"],
               "familjebehandling": ["bbic", "sdq", "ors_srs", "freda"],
               "jourhem": ["bbic", "sdq"], "stodboende": ["asi", "audit_dudit"],
               "familjeradgivning": ["ors_srs", "freda"]}
    others = ["YLS/CMI", "KASAM", "CORE-OM", "Skattningsskala för skolnärvaro"]
    for p in responders:
        use = id(p) in users if p.a["kunder.antal"] > 0 else yes(rng, 0.3)
        p.a["bedomning.anvander"] = use
        if use:
            m = sorted(rng.sample(methods[p.service], rng.randint(1, min(3, len(methods[p.service])))))
            if yes(rng, 0.12):
                m.append("annan")
                p.a["bedomning.annan_metod"] = rng.choice(others)
            order = ["adad", "asi", "freda", "bbic", "sdq", "ors_srs", "audit_dudit", "annan"]
            p.a["bedomning.metoder"] = sorted(m, key=order.index)

    # Own user surveys: 34 of the 68 with clients during 2017.
    ranked = sorted(with_clients, key=lambda p: rng.random())
    surveyed = set(id(p) for p in ranked[:OWN_SURVEY_2017])
    for p in responders:
        if id(p) in surveyed:
            p.a.update({"brukarundersokning.genomford": True, "brukarundersokning.ar": 2017})
        elif yes(rng, 0.35):
            p.a.update({"brukarundersokning.genomford": True,
                        "brukarundersokning.ar": rng.choice([2014, 2015, 2016, 2016])})
        else:
            p.a["brukarundersokning.genomford"] = False

    # The rest of the questionnaire.
    for p in responders:
        a, s = p.a, p.service
        a["ledning.ledningssystem"] = not yes(rng, 0.02)
        a["ledning.rutiner"] = a["ledning.ledningssystem"] and not yes(rng, 0.04)
        if a["ledning.rutiner"]:
            a["ledning.rutiner_reviderade"] = (
                date_between(rng, dt.date(2014, 3, 1), dt.date(2015, 11, 30)) if yes(rng, 0.1)
                else date_between(rng, dt.date(2016, 1, 1), dt.date(2017, 12, 15)))
        # Risk analysis at operations level: a recurring gap.
        r = rng.random()
        if r < 0.42:
            a["ledning.riskanalys"] = True
            a["ledning.riskanalys_datum"] = date_between(rng, dt.date(2017, 1, 10), dt.date(2017, 12, 10))
        elif r < 0.55:
            a["ledning.riskanalys"] = True
            a["ledning.riskanalys_datum"] = date_between(rng, dt.date(2015, 2, 1), dt.date(2016, 12, 20))
        else:
            a["ledning.riskanalys"] = False
        a["ledning.egenkontroll"] = yes(rng, 0.86)
        a["klagomal.rutin"] = not yes(rng, 0.03) or a["klagomal.registrerade"] > 0
        a["ledning.personalens_medverkan"] = yes(rng, 0.9)
        a["ledning.kvalitetsberattelse"] = p.municipal or yes(rng, 0.45)
        if yes(rng, 0.04):   # a few leave the optional question blank
            del a["ledning.kvalitetsberattelse"]
        a["samverkan.rutin"] = p.municipal or yes(rng, 0.35)
        a["lex_sarah.rutin"] = not yes(rng, 0.02)
        if a["lex_sarah.rutin"] and yes(rng, 0.9):
            a["lex_sarah.rutin_reviderad"] = date_between(rng, dt.date(2014, 6, 1), dt.date(2017, 11, 30))
        a["lex_sarah.personal_informerad"] = a["lex_sarah.rutin"] and not yes(rng, 0.05)
        a["anmalningsplikt.rutin"] = not yes(rng, 0.02)
        a["akter.gallring_rutin"] = not yes(rng, 0.2)

        # Staff: in principle everyone meets the education and experience terms.
        staff = {"familjeradgivning": (1, 6), "familjebehandling": (1, 8), "oppenvard": (3, 14),
                 "heldygnsvard": (8, 26), "jourhem": (2, 12), "stodboende": (3, 9)}[s]
        n = 24 if p.municipal else rng.randint(*staff)
        need = -(-STAFF_EDU_SHARE[s] * n // 1)   # ceiling
        edu = rng.randint(int(need), n) if not yes(rng, 0.06) else max(0, int(need) - 1)
        a["personal.antal"], a["personal.med_examen"] = n, edu
        exp = STAFF_EXPERIENCE[s] + rng.choice([0, 0.5, 1, 2, 3, 5])
        if yes(rng, 0.04):
            exp = STAFF_EXPERIENCE[s] - 0.5
        a["personal.erfarenhet_ar"] = float(exp)
        if yes(rng, 0.02):
            del a["personal.erfarenhet_ar"]
        a["personal.kompetensutvecklingsplan"] = not yes(rng, 0.1)
        if s in ("oppenvard", "heldygnsvard"):
            a["personal.handledning"] = not yes(rng, 0.08)

        if s == "familjeradgivning":
            k = a["kunder.antal"]
            top = 0 if k == 0 else rng.choice([5, 5, 6, 7, 8, 8, 8, 9])
            a["samtal.max_per_familj"] = top
            if top > 5:
                a["samtal.familjer_extra"] = max(1, round(k * rng.uniform(0.08, 0.18)))
                a["samtal.sarskilda_skal"] = not yes(rng, 0.1)

        if s != "familjeradgivning":
            a["dokumentation.rutin"] = not yes(rng, 0.03)
            if a["dokumentation.rutin"]:
                # Several routines not updated to the latest regulation.
                a["dokumentation.rutin_reviderad"] = (
                    date_between(rng, dt.date(2012, 5, 1), dt.date(2015, 10, 31)) if yes(rng, 0.18)
                    else date_between(rng, dt.date(2016, 1, 15), dt.date(2017, 12, 1)))
            k = a["kunder.antal"]
            if k > 0:
                missing = rng.randint(1, max(1, k // 3)) if yes(rng, 0.2) else 0
                a["genomforandeplan.antal"] = k - min(missing, k)

        if s in ("heldygnsvard", "jourhem", "stodboende"):
            a["rutin.overgrepp"] = not yes(rng, 0.08)
            a["policy.alkohol_drog"] = not yes(rng, 0.08)
            a["policy.hot_vald"] = not yes(rng, 0.1)
        if s in ("oppenvard", "heldygnsvard", "stodboende"):
            a["brand.rutin"] = not yes(rng, 0.05)
            if a["brand.rutin"]:
                a["brand.senaste_ovning"] = (
                    date_between(rng, dt.date(2015, 9, 1), dt.date(2016, 11, 30)) if yes(rng, 0.12)
                    else date_between(rng, dt.date(2017, 1, 5), dt.date(2017, 12, 5)))
        if s in ("oppenvard", "heldygnsvard", "jourhem"):
            a["jourtelefon"] = not yes(rng, 0.02)
        if s in ("heldygnsvard", "stodboende"):
            hires = rng.choice([0, 0, 1, 1, 2, 2, 3, 4, 5, 6])
            a["registerkontroll.nyanstallda"] = hires
            if hires:
                a["registerkontroll.kontrollerade"] = hires
    # Two HVB hired someone without a criminal-record extract.
    hired = [p for p in by_service["heldygnsvard"] if p.a["registerkontroll.nyanstallda"] >= 2]
    for p in rng.sample(hired, 2):
        p.a["registerkontroll.kontrollerade"] -= 1

    # Outpatient services: what each provider delivers; school-oriented structured programmes
    # run for half or whole days, others fit the hours to the individual.
    for p in by_service["oppenvard"]:
        if rng.random() < 0.45:
            p.a["oppenvard.insatser"] = ["strukturerad"]
            kind = rng.choice(["skola", "skola", "sysselsattning", "behandling"])
            p.a["oppenvard.programinriktning"] = kind
            if kind == "skola":
                p.a["oppenvard.halva_hela_dagar"] = True
        else:
            kinds = ["familjebehandling", "familjepedagog", "ungdomscoach"]
            p.a["oppenvard.insatser"] = sorted(rng.sample(kinds, rng.randint(1, 3)), key=kinds.index)

    rows = [p.row(pack) for p in responders]
    roster_rows = [{"provider": p.pid, "name": p.name, "service": p.service,
                    "contract": CONTRACT[p.service]} for p in roster]
    check(rows, roster_rows)
    return rows, roster_rows


def check(rows: list[dict[str, str]], roster: list[dict[str, str]]) -> None:
    """The published figures, asserted on the generated data."""
    assert len(rows) == 96 and len(roster) == 188
    hdv = [r for r in roster if r["service"] == "heldygnsvard"]
    hdv_resp = [r for r in rows if r["service"] == "heldygnsvard"]
    assert round(100 * len(hdv_resp) / len(hdv)) == 48
    num = lambda r, q: int(r[q]) if r[q] else 0
    # Everyone answered the reports and complaints questions; the investigation question only
    # those with reports (for the others coalesce(lex_sarah.utredningar, 0) counts 0).
    assert all(r["lex_sarah.rapporter"] != "" and r["klagomal.registrerade"] != "" for r in rows)
    assert all((r["lex_sarah.utredningar"] != "") == (num(r, "lex_sarah.rapporter") > 0) for r in rows)
    assert sum(num(r, "lex_sarah.utredningar") > 0 for r in rows) == 5
    assert sum(num(r, "lex_sarah.utredningar") for r in rows) == 5
    assert sum(num(r, "klagomal.registrerade") > 0 for r in rows) == 41
    assert sum(num(r, "klagomal.registrerade") for r in rows) == 161
    active = [r for r in rows if num(r, "kunder.antal") > 0]
    assert len(active) == 68
    assert round(100 * sum(r["bedomning.anvander"] == "Ja" for r in active) / len(active)) == 60
    assert sum(r["brukarundersokning.ar"] == "2017" for r in active) * 2 == len(active)
    total = lambda s, q: sum(num(r, q) for r in rows if r["service"] == s)
    assert total("familjeradgivning", "kunder.antal") == 774
    assert total("familjebehandling", "kunder.antal") == 255
    assert total("heldygnsvard", "placeringar.antal") == 28
    assert total("jourhem", "placeringar.antal") == 38
    assert total("jourhem", "placeringar.ensamkommande") == 23


def to_csv(rows: list[dict[str, str]], header: list[str]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="fail if the committed files are stale")
    args = ap.parse_args()
    rows, roster = build()
    outputs = {
        EXPORT: to_csv(rows, ["provider", "name", "service", "contract", "date"] + QUESTIONS),
        ROSTER: to_csv(roster, ["provider", "name", "service", "contract"]),
    }
    if args.check:
        stale = [p for p, text in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        for p in stale:
            print(f"{p.relative_to(ROOT)} is out of date: run scripts/gen_export.py", file=sys.stderr)
        return 1 if stale else 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
