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

The data are invented but shaped to agree with every figure and statement of the 2017
follow-up (Verksamhetsuppföljning 2017, barn- och familjeenheten, Nacka kommun):

- "cirka 190 verksamheter varav cirka hälften har haft kunder från Nacka under året": 190
  providers are invited, 96 of the respondents had clients from Nacka; the published shares
  ("5 av 96", "41 av 96", "60 procent av verksamheterna som haft kunder") are over those 96;
- "Svarsfrekvensen ... är genomgående hög inom alla områden förutom heldygnsvården", which is
  48 percent: heldygnsvård 47 of 98, every other service type 85 percent or more;
- familjerådgivning: 26 providers under LOV, one municipal; all but one had clients; 774
  families (one provider with clients did not respond, the one without did), about 13
  percent of them with extra sessions;
- familjebehandling: 12 providers under LOV, eleven private and one municipal, all with
  clients; 255 clients, 219 of them at the municipal provider;
- öppenvård (LOU): 38 private providers, 22 of family treatment, family educators and youth
  coaches (16 with clients, 126 clients) and 16 of structured programmes (12 with clients,
  51 clients); only the school-oriented programmes run for half or whole days;
- heldygnsvård: 18 providers had placements from Nacka, 28 placements in all;
- jourhem: 16 providers, one municipal; 14 had placements, 38 in all, 23 of them of
  unaccompanied refugee children;
- stödboende: the procurement had only begun in 2017, so no stödboende provider is followed up;
- 5 of 96 providers (5 percent) carried out lex Sarah investigations, 5 investigations in all
  (heldygnsvård, jourhem and the municipal provider);
- 41 of 96 (43 percent) registered comments and complaints, 161 in all;
- 60 percent of the providers that had clients use standardised assessment methods, and half
  of them carried out their own user survey during the year.

The other answers vary realistically, with the gaps the follow-up describes (no risk
analysis at operations level, complaints resolved but never registered, few written
collaboration routines, outdated documentation routines, missing implementation plans, an
unchecked new hire, a lex Sarah report neither investigated nor under investigation).
`check` asserts every figure above on the generated rows. Standard library only; the output
depends only on SEED.
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
    "lex_sarah.rutin", "lex_sarah.personal_informerad",
    "lex_sarah.rapporter", "lex_sarah.utredningar", "lex_sarah.pagaende", "lex_sarah.anmalningar_ivo",
    "anmalningsplikt.rutin", "akter.gallring_rutin",
    "kunder.antal", "placeringar.antal", "placeringar.ensamkommande",
    "personal.antal", "personal.med_examen", "personal.erfarenhet_ar",
    "personal.kompetensutvecklingsplan", "personal.handledning",
    "bedomning.anvander", "bedomning.metoder", "bedomning.annan_metod",
    "brukarundersokning.genomford", "brukarundersokning.ar",
    "samtal.max_per_familj", "samtal.familjer_extra", "samtal.sarskilda_skal",
    "dokumentation.rutin", "dokumentation.rutin_reviderad", "genomforandeplan.antal",
    "hem.antal", "hem.utbildade", "hem.handledning", "hem.jour",
    "uppdragstagare.antal", "uppdragstagare.introduktion", "uppdragstagare.stod",
    "forebyggande.insatser", "forebyggande.utan_beslut", "forebyggande.vantetid_dagar",
    "rutin.overgrepp", "policy.alkohol_drog", "policy.hot_vald",
    "brand.rutin", "brand.senaste_ovning", "jourtelefon",
    "oppenvard.insatser", "oppenvard.halva_hela_dagar",
    "registerkontroll.nyanstallda", "registerkontroll.kontrollerade",
]

# Stödboende is not here: in 2017 the municipality had only begun to procure it.
SERVICES = ["familjeradgivning", "familjebehandling", "oppenvard", "heldygnsvard", "jourhem"]
CONTRACT = {"familjeradgivning": "lov", "familjebehandling": "lov", "oppenvard": "lou",
            "heldygnsvard": "lou", "jourhem": "lou"}
INVITED = {"familjeradgivning": 26, "familjebehandling": 12, "oppenvard": 38,
           "heldygnsvard": 98, "jourhem": 16}
RESPONDED = {"familjeradgivning": 25, "familjebehandling": 12, "oppenvard": 34,
             "heldygnsvard": 47, "jourhem": 16}
WITH_CLIENTS = {"familjeradgivning": 24, "familjebehandling": 12, "oppenvard": 28,
                "heldygnsvard": 18, "jourhem": 14}
# Öppenvård: the two groups of providers under the contract (providers, responded, with
# clients, clients).
OV_GROUPS = {"familj": (22, 19, 16, 126), "strukturerad": (16, 15, 12, 51)}
# Clients (familjerådgivning: families; heldygnsvård, jourhem: placements).
CLIENT_TOTAL = {"familjeradgivning": 774, "familjebehandling": 255, "oppenvard": 177,
                "heldygnsvard": 28, "jourhem": 38}
MUNICIPAL_FAMILJEBEHANDLING = 219
UNACCOMPANIED_JOURHEM = 23
FAMILIES_EXTRA_SESSIONS = 101   # about 13 percent of the 774 families
# Providers with clients that registered complaints, per service type (41 in all), and the total.
COMPLAINTS_PROVIDERS = {"familjeradgivning": 10, "familjebehandling": 9, "oppenvard": 9,
                        "heldygnsvard": 8, "jourhem": 5}
COMPLAINTS_TOTAL = 161
ASSESSMENT_USERS = 58      # of the 96 providers with clients: 60 percent
OWN_SURVEY_2017 = 48       # of the 96 providers with clients: half
# The packs' example values (exempelvärden) of the staff terms: most providers meet them.
STAFF_EDU_SHARE = {"familjeradgivning": 1.0, "familjebehandling": 1.0, "oppenvard": 0.8,
                   "heldygnsvard": 0.8, "jourhem": 0.5}
STAFF_EXPERIENCE = {"familjeradgivning": 3, "familjebehandling": 2, "oppenvard": 2,
                    "heldygnsvard": 1, "jourhem": 2}



def _and(*xs):
    """Kleene and: False if any is False, else None (unknown) if any is None, else True."""
    if any(x is False for x in xs):
        return False
    return None if any(x is None for x in xs) else True


def _or(*xs):
    """Kleene or: True if any is True, else None (unknown) if any is None, else False."""
    if any(x is True for x in xs):
        return True
    return None if any(x is None for x in xs) else False


def _gt0(v):
    return None if v is None else v > 0


def _lt(a, b):
    return None if a is None or b is None else a < b


def _in(value, values):
    return None if values is None else value in values


# Each `relevant:` rule of the pack, as written there and in Python over an answer getter
# (parameters at their defaults: param.familjeradgivning.samtal is 5)
# (None is unknown). As in the pack, an unknown relevance counts as relevant.
RELEVANT = {
    "ledning.rutiner_reviderade": ("ledning.rutiner", lambda a: a("ledning.rutiner")),
    "ledning.riskanalys_datum": ("ledning.riskanalys", lambda a: a("ledning.riskanalys")),
    "lex_sarah.utredningar": ("lex_sarah.rapporter > 0", lambda a: _gt0(a("lex_sarah.rapporter"))),
    "lex_sarah.pagaende": ("lex_sarah.rapporter > 0 and lex_sarah.utredningar < lex_sarah.rapporter",
                           lambda a: _and(_gt0(a("lex_sarah.rapporter")),
                                          _lt(a("lex_sarah.utredningar"), a("lex_sarah.rapporter")))),
    "lex_sarah.anmalningar_ivo": ("lex_sarah.rapporter > 0 and lex_sarah.utredningar > 0",
                                  lambda a: _and(_gt0(a("lex_sarah.rapporter")), _gt0(a("lex_sarah.utredningar")))),
    "placeringar.ensamkommande": ("placeringar.antal > 0", lambda a: _gt0(a("placeringar.antal"))),
    "bedomning.metoder": ("bedomning.anvander", lambda a: a("bedomning.anvander")),
    "bedomning.annan_metod": ('bedomning.anvander and "annan" in bedomning.metoder',
                              lambda a: _and(a("bedomning.anvander"), _in("annan", a("bedomning.metoder")))),
    "brukarundersokning.ar": ("brukarundersokning.genomford", lambda a: a("brukarundersokning.genomford")),
    "samtal.familjer_extra": ("samtal.max_per_familj > param.familjeradgivning.samtal",
                              lambda a: None if a("samtal.max_per_familj") is None else a("samtal.max_per_familj") > 5),
    "samtal.sarskilda_skal": ("samtal.max_per_familj > param.familjeradgivning.samtal",
                              lambda a: None if a("samtal.max_per_familj") is None else a("samtal.max_per_familj") > 5),
    "dokumentation.rutin_reviderad": ("dokumentation.rutin", lambda a: a("dokumentation.rutin")),
    "genomforandeplan.antal": ("kunder.antal > 0", lambda a: _gt0(a("kunder.antal"))),
    "brand.senaste_ovning": ("brand.rutin", lambda a: a("brand.rutin")),
    "oppenvard.halva_hela_dagar": ('"strukturerad" in oppenvard.insatser',
                                   lambda a: _in("strukturerad", a("oppenvard.insatser"))),
    "hem.utbildade": ("hem.antal > 0", lambda a: _gt0(a("hem.antal"))),
    "uppdragstagare.introduktion": ("uppdragstagare.antal > 0", lambda a: _gt0(a("uppdragstagare.antal"))),
    "forebyggande.vantetid_dagar": ('"rad_och_stod" in forebyggande.insatser or "forsta_linjen" in forebyggande.insatser',
                                    lambda a: _or(_in("rad_och_stod", a("forebyggande.insatser")),
                                                  _in("forsta_linjen", a("forebyggande.insatser")))),
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
    ov_familj = [lambda: f"Ungdomscoach {rng.choice(PLACES)} AB",
                 lambda: f"Familjepedagogerna i {rng.choice(PLACES)}",
                 lambda: f"{rng.choice(SURNAMES)} Familjestöd och coachning AB"]
    ov_strukturerad = [lambda: f"{rng.choice(NATURE)}{rng.choice(ENDINGS)} Öppenvård AB",
                       lambda: f"Strukturerad öppenvård {rng.choice(PLACES)}",
                       lambda: f"{rng.choice(PLACES)} Behandlingsskola AB"]
    hdv = [lambda: f"HVB {rng.choice(NATURE)}{rng.choice(ENDINGS)}",
           lambda: f"Behandlingshemmet {rng.choice(NATURE)}{rng.choice(ENDINGS)} AB",
           lambda: f"Utredningshemmet {rng.choice(NATURE)}{rng.choice(ENDINGS)}",
           lambda: f"{rng.choice(NATURE)}{rng.choice(ENDINGS)} Ungdomshem AB"]
    jh = [lambda: f"Jourhemmet {rng.choice(SURNAMES)}",
          lambda: f"Jourhemsgruppen {rng.choice(PLACES)} AB",
          lambda: f"Familjehem och jour {rng.choice(PLACES)}"]
    makers = {"familjeradgivning": fr, "familjebehandling": fb, "heldygnsvard": hdv, "jourhem": jh}
    # Öppenvård: the family and coach providers first, then the structured programmes.
    for group, make in (("familj", ov_familj), ("strukturerad", ov_strukturerad)):
        names["oppenvard"] += [unique(lambda: rng.choice(make)()) for _ in range(OV_GROUPS[group][0])]
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
        self.group: str | None = None   # öppenvård: "familj" or "strukturerad"
        self.school = False             # a structured programme with a school orientation
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

    # The roster: every invited provider, numbered across service types. Öppenvård lists the
    # family and coach providers first, then the structured programmes.
    roster: list[Provider] = []
    for s in SERVICES:
        for i, name in enumerate(names[s]):
            municipal = name.startswith("Nacka kommun")
            p = Provider(f"P{len(roster) + 1:03d}", name, s, municipal)
            if s == "oppenvard":
                p.group = "familj" if i < OV_GROUPS["familj"][0] else "strukturerad"
            roster.append(p)

    # Who responded, and who had clients among them. The municipal providers always respond
    # and had clients; the providers with clients are drawn first, so that a provider without
    # clients is the one that does not respond.
    def pools(s: str) -> list[tuple[list[Provider], int, int]]:
        ps = [p for p in roster if p.service == s]
        if s != "oppenvard":
            return [(ps, RESPONDED[s], WITH_CLIENTS[s])]
        return [([p for p in ps if p.group == g], OV_GROUPS[g][1], OV_GROUPS[g][2]) for g in OV_GROUPS]

    responders: list[Provider] = []
    with_clients: list[Provider] = []
    for s in SERVICES:
        for pool, n_resp, n_clients in pools(s):
            fixed = [p for p in pool if p.municipal]
            rest = rng.sample([p for p in pool if not p.municipal], n_resp - len(fixed))
            chosen = sorted(fixed + rest, key=lambda p: p.pid)
            responders += chosen
            active = fixed + rng.sample([p for p in chosen if not p.municipal], n_clients - len(fixed))
            with_clients += sorted(active, key=lambda p: p.pid)
    responders.sort(key=lambda p: p.pid)
    with_clients.sort(key=lambda p: p.pid)
    active_ids = {id(p) for p in with_clients}
    by_service = {s: [p for p in responders if p.service == s] for s in SERVICES}

    # Clients and placements.
    for s in SERVICES:
        if s == "oppenvard":
            groups = [([p for p in by_service[s] if p.group == g and id(p) in active_ids], OV_GROUPS[g][3])
                      for g in OV_GROUPS]
        else:
            groups = [([p for p in by_service[s] if id(p) in active_ids], CLIENT_TOTAL[s])]
        for active, total in groups:
            # The municipal providers are the largest (familjerådgivning: about a quarter).
            weights = [{"familjeradgivning": 3.0, "jourhem": 2.0}.get(s, 1.0) if p.municipal else 1.0
                       for p in active]
            if s == "familjebehandling":   # the municipal provider met 219 of the 255
                private = split(rng, total - MUNICIPAL_FAMILJEBEHANDLING, len(active) - 1)
                counts = [MUNICIPAL_FAMILJEBEHANDLING if p.municipal else private.pop() for p in active]
            else:
                counts = split(rng, total, len(active), weights)
            for p, c in zip(active, counts):
                p.a["kunder.antal"] = c
        for p in by_service[s]:
            p.a.setdefault("kunder.antal", 0)
        if s in ("heldygnsvard", "jourhem"):
            for p in by_service[s]:
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
    for p in by_service["heldygnsvard"]:
        if p.a["placeringar.antal"] > 0:
            p.a["placeringar.ensamkommande"] = rng.choice([0, 0, 0, 1])

    # Lex Sarah: five investigations, one each at two HVB, two jourhem and the municipal
    # family treatment provider; two notified to IVO. At the first HVB a second report was
    # still under investigation at the year's end. One öppenvård provider had a report that was
    # neither investigated nor under investigation (lex_sarah_arenden is not met).
    hdv_active = [p for p in by_service["heldygnsvard"] if p.a["placeringar.antal"] > 0]
    jh_active = [p for p in by_service["jourhem"] if not p.municipal and p.a["placeringar.antal"] > 0]
    investigated = rng.sample(hdv_active, 2) + rng.sample(jh_active, 2) + \
        [p for p in by_service["familjebehandling"] if p.municipal]
    for p in responders:
        p.a["lex_sarah.rapporter"] = 0   # no reports: the investigation question is not asked
    for i, p in enumerate(investigated):
        p.a["lex_sarah.rapporter"] = 2 if i == 0 else 1
        p.a["lex_sarah.utredningar"] = 1
        if i == 0:
            p.a["lex_sarah.pagaende"] = 1
        p.a["lex_sarah.anmalningar_ivo"] = 1 if i in (1, 2) else 0
    ov_active = [p for p in by_service["oppenvard"] if id(p) in active_ids]
    rng.choice(ov_active).a.update({"lex_sarah.rapporter": 1, "lex_sarah.utredningar": 0,
                                    "lex_sarah.pagaende": 0})

    # Complaints: 41 providers with clients registered 161 in all; more providers received some.
    registering: list[Provider] = []
    for s, n in COMPLAINTS_PROVIDERS.items():
        ps = sorted([p for p in by_service[s] if id(p) in active_ids],
                    key=lambda p: (not p.municipal, -p.a["kunder.antal"], rng.random()))
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

    # Standardised assessment methods: 58 of the 96 providers with clients, and some without.
    bias = {"oppenvard": 0.4, "heldygnsvard": 0.35, "familjebehandling": 0.2, "jourhem": 0.0,
            "familjeradgivning": -0.3}
    ranked = sorted(with_clients, key=lambda p: rng.random() - bias[p.service])
    users = set(id(p) for p in ranked[:ASSESSMENT_USERS])
    methods = {"oppenvard": ["adad", "sdq", "ors_srs", "asi", "freda"],
               "heldygnsvard": ["adad", "asi", "sdq", "audit_dudit"],
               "familjebehandling": ["sdq", "ors_srs", "freda"],
               "jourhem": ["sdq"], "familjeradgivning": ["ors_srs", "freda"]}
    others = ["YLS/CMI", "KASAM", "CORE-OM", "Skattningsskala för skolnärvaro"]
    order = ["adad", "asi", "freda", "sdq", "ors_srs", "audit_dudit", "annan"]
    for p in responders:
        use = id(p) in users if p.a["kunder.antal"] > 0 else yes(rng, 0.3)
        p.a["bedomning.anvander"] = use
        if use:
            m = sorted(rng.sample(methods[p.service], rng.randint(1, min(3, len(methods[p.service])))))
            if yes(rng, 0.12):
                m.append("annan")
                p.a["bedomning.annan_metod"] = rng.choice(others)
            p.a["bedomning.metoder"] = sorted(m, key=order.index)

    # Own user surveys: 48 of the 96 with clients during 2017.
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
            # The revision date is no longer asked; the draw keeps the rest of the data stable.
            date_between(rng, dt.date(2014, 6, 1), dt.date(2017, 11, 30))
        a["lex_sarah.personal_informerad"] = a["lex_sarah.rutin"] and not yes(rng, 0.05)
        a["anmalningsplikt.rutin"] = not yes(rng, 0.02)
        a["akter.gallring_rutin"] = not yes(rng, 0.2)

        # Staff: in principle everyone meets the education and experience terms.
        staff = {"familjeradgivning": (1, 6), "familjebehandling": (1, 8), "oppenvard": (3, 14),
                 "heldygnsvard": (8, 26), "jourhem": (2, 12)}[s]
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
                a["samtal.familjer_extra"] = 0   # set below: about 13 percent of the families
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

        if s in ("heldygnsvard", "jourhem"):
            a["rutin.overgrepp"] = not yes(rng, 0.08)
            a["policy.alkohol_drog"] = not yes(rng, 0.08)
            a["policy.hot_vald"] = not yes(rng, 0.1)
        if s in ("oppenvard", "heldygnsvard"):
            a["brand.rutin"] = not yes(rng, 0.05)
            if a["brand.rutin"]:
                a["brand.senaste_ovning"] = (
                    date_between(rng, dt.date(2015, 9, 1), dt.date(2016, 11, 30)) if yes(rng, 0.12)
                    else date_between(rng, dt.date(2017, 1, 5), dt.date(2017, 12, 5)))
        if s in ("oppenvard", "heldygnsvard"):
            a["jourtelefon"] = not yes(rng, 0.02)
        if s == "jourhem":
            # The homes: most parents have completed the training for the assignment.
            homes = 4 if p.municipal else max(1, min(8, a["kunder.antal"] + rng.randint(0, 2)))
            a["hem.antal"] = homes
            a["hem.utbildade"] = homes - (1 if homes > 1 and yes(rng, 0.15) else 0)
            a["hem.jour"] = not yes(rng, 0.04)
        if s == "heldygnsvard":
            hires = rng.choice([0, 0, 1, 1, 2, 2, 3, 4, 5, 6])
            a["registerkontroll.nyanstallda"] = hires
            if hires:
                a["registerkontroll.kontrollerade"] = hires
    # "Cirka 13% av de som mottagit familjerådgivning har fått extra samtal": 101 of the 774
    # families, spread over the providers whose largest number of sessions exceeded five.
    extra = [p for p in by_service["familjeradgivning"] if p.a.get("samtal.max_per_familj", 0) > 5]
    weights = [float(p.a["kunder.antal"]) for p in extra]
    counts = split(rng, FAMILIES_EXTRA_SESSIONS, len(extra), weights)
    for p, c in zip(extra, counts):
        p.a["samtal.familjer_extra"] = min(c, p.a["kunder.antal"])
    # Two HVB hired someone without a criminal-record extract.
    hired = [p for p in by_service["heldygnsvard"] if p.a["registerkontroll.nyanstallda"] >= 2]
    for p in rng.sample(hired, 2):
        p.a["registerkontroll.kontrollerade"] -= 1

    # Öppenvård: what each provider delivers. Only the school-oriented structured programmes
    # run for half or whole days; the others fit the hours to the individual.
    kinds = ["familjebehandling", "familjepedagog", "ungdomscoach"]
    for p in by_service["oppenvard"]:
        if p.group == "strukturerad":
            p.a["oppenvard.insatser"] = ["strukturerad"]
            p.school = rng.random() < 0.45
            p.a["oppenvard.halva_hela_dagar"] = p.school
        else:
            p.a["oppenvard.insatser"] = sorted(rng.sample(kinds, rng.randint(1, 3)), key=kinds.index)

    rows = [p.row(pack) for p in responders]
    roster_rows = [{"provider": p.pid, "name": p.name, "service": p.service,
                    "contract": CONTRACT[p.service]} for p in roster]
    check(rows, roster_rows)
    return rows, roster_rows


def check(rows: list[dict[str, str]], roster: list[dict[str, str]]) -> None:
    """Every figure and statement of the 2017 follow-up that the data speak to, asserted on
    the generated rows and roster."""
    num = lambda r, q: int(r[q]) if r[q] else 0
    of = lambda s, rs: [r for r in rs if r["service"] == s]
    # About 190 providers, about half of them with clients from Nacka.
    assert len(roster) == 190 and set(r["service"] for r in roster) == set(SERVICES)
    active = [r for r in rows if num(r, "kunder.antal") > 0]
    assert len(active) == 96 and round(100 * len(active) / len(roster)) in range(45, 56)
    # Response rate: 48 percent in heldygnsvård, high (85 percent or more) everywhere else.
    for s in SERVICES:
        rate = 100 * len(of(s, rows)) / len(of(s, roster))
        assert (round(rate) == 48) if s == "heldygnsvard" else rate >= 85, (s, rate)
        assert all(r["contract"] == CONTRACT[s] for r in of(s, roster))
    # Providers per service type and those with clients, as the follow-up counts them.
    assert {s: len(of(s, roster)) for s in SERVICES} == INVITED
    assert {s: len(of(s, active)) for s in SERVICES} == WITH_CLIENTS
    municipal = lambda rs: sum(r["name"].startswith("Nacka kommun") for r in rs)
    assert municipal(of("familjeradgivning", roster)) == 1 and municipal(of("familjebehandling", roster)) == 1
    assert municipal(of("jourhem", roster)) == 1 and municipal(of("oppenvard", roster)) == 0
    # Familjerådgivning: all but one had clients (the one without responded).
    assert sum(num(r, "kunder.antal") == 0 for r in of("familjeradgivning", rows)) == 1
    # Clients and placements.
    total = lambda s, q: sum(num(r, q) for r in rows if r["service"] == s)
    assert total("familjeradgivning", "kunder.antal") == 774
    assert round(100 * total("familjeradgivning", "samtal.familjer_extra") / 774) == 13
    assert total("familjebehandling", "kunder.antal") == 255
    assert [num(r, "kunder.antal") for r in of("familjebehandling", rows) if r["name"].startswith("Nacka")] == [219]
    structured = [r for r in of("oppenvard", active) if r["oppenvard.insatser"] == "strukturerad"]
    family = [r for r in of("oppenvard", active) if "strukturerad" not in r["oppenvard.insatser"].split("|")]
    assert (len(family), sum(num(r, "kunder.antal") for r in family)) == (16, 126)
    assert (len(structured), sum(num(r, "kunder.antal") for r in structured)) == (12, 51)
    assert total("heldygnsvard", "placeringar.antal") == 28
    assert sum(num(r, "placeringar.antal") > 0 for r in of("heldygnsvard", rows)) == 18
    assert total("jourhem", "placeringar.antal") == 38
    assert sum(num(r, "placeringar.antal") > 0 for r in of("jourhem", rows)) == 14
    assert total("jourhem", "placeringar.ensamkommande") == 23
    # Everyone answered the reports and complaints questions; the investigation question only
    # those with reports (for the others coalesce(lex_sarah.utredningar, 0) counts 0).
    assert all(r["lex_sarah.rapporter"] != "" and r["klagomal.registrerade"] != "" for r in rows)
    assert all((r["lex_sarah.utredningar"] != "") == (num(r, "lex_sarah.rapporter") > 0) for r in rows)
    # 5 of 96, 5 investigations in all, in heldygnsvård, jourhem and the municipal production.
    investigating = [r for r in active if num(r, "lex_sarah.utredningar") > 0]
    assert len(investigating) == 5 and sum(num(r, "lex_sarah.utredningar") for r in rows) == 5
    assert {r["service"] for r in investigating} == {"heldygnsvard", "jourhem", "familjebehandling"}
    assert any(r["name"].startswith("Nacka kommun") for r in investigating)
    # Every report investigated or under investigation, but for the one gap the data show.
    gaps = [r for r in rows if num(r, "lex_sarah.utredningar") + num(r, "lex_sarah.pagaende") < num(r, "lex_sarah.rapporter")]
    assert len(gaps) == 1 and gaps[0]["service"] == "oppenvard"
    assert all(num(r, "lex_sarah.anmalningar_ivo") <= num(r, "lex_sarah.utredningar") for r in rows)
    # 41 of 96 registered comments and complaints, 161 in all.
    assert sum(num(r, "klagomal.registrerade") > 0 for r in active) == 41
    assert sum(num(r, "klagomal.registrerade") for r in rows) == 161
    # 60 percent of those with clients use standardised assessment methods; half carried out
    # their own user survey during the year.
    assert round(100 * sum(r["bedomning.anvander"] == "Ja" for r in active) / len(active)) == 60
    assert sum(r["brukarundersokning.ar"] == "2017" for r in active) * 2 == len(active)
    # Only the school-oriented structured programmes run for half or whole days: some do, some not.
    days = [r["oppenvard.halva_hela_dagar"] for r in of("oppenvard", rows) if r["oppenvard.insatser"] == "strukturerad"]
    assert "Ja" in days and "Nej" in days and len(days) == 15


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
