#!/usr/bin/env python3
"""Generate the example follow-up exports for 2016, 2017 and 2018, the provider id mapping
and the action plans, for provider history and action plans (docs/follow-through.md).

    python3 scripts/gen_history.py          # writes examples/history/
    python3 scripts/gen_history.py --check  # exits 1 if the committed files differ from a fresh run

The data are invented (exempeldata). Each export has the columns
`provider,name,service,contract,date` and the answers to four questions of the built-in pack:
`ledning.riskanalys`, `ledning.riskanalys_datum`, `klagomal.rutin` and `ledning.egenkontroll`.
The verdicts on the requirements `riskanalys` (a risk analysis dated in the report year) and
`klagomal_rutin` are fixed by the PLAN below, so the recurring-shortcoming figures are known
by construction (asserted by crates/granska-summary/tests/history.rs); `ledning.egenkontroll`
is filled from a seeded random generator and not asserted.

PLAN, per provider: the riskanalys verdict of 2016, 2017, 2018 (M met, N not met, - no
report), then klagomal_rutin the same way. Providers who change id, disappear and reappear:

- P110 got a new organisation number in 2018 and reports as P210 (mapping: new org number);
- P111 and P112 (öppenvård) merged into P220 in 2018 (mapping: merger); the merged
  provider's verdict in 2016 and 2017 is the worse of the two;
- P109 and P116 have no report in 2017 and come back in 2018; P113 starts in 2017;
  P114 stops after 2017 and P115 after 2016 (both shown as missing in 2018).

Known by construction for 2018 (riskanalys): not met for the third year running: P101, P102,
P210, P220 (4); for the second year running: P103, P104, P105, P113 (4); not met for the first
time: P107 (1); not met again after a break: P106, P109 (2); improved: P108 (1); met: P116,
P117, P118, P119, P120 (5); no report: P114, P115 (2). klagomal_rutin: P101 not met for the
third year running (1), P103 improved (1).

The action plans (actions.csv) cover some of the 2017 shortcomings; see ACTIONS below.
"""

import csv
import io
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "examples" / "history"
YEARS = [2016, 2017, 2018]

# id, name, service, ids per year (None: no report), riskanalys, klagomal_rutin
PLAN = [
    ("P101", "Lindängens familjerådgivning", "familjeradgivning", ["P101", "P101", "P101"], "NNN", "NNN"),
    ("P102", "Rönnbärets parsamtal", "familjeradgivning", ["P102", "P102", "P102"], "NNN", "MMM"),
    ("P103", "Ekbackens familjebehandling", "familjebehandling", ["P103", "P103", "P103"], "MNN", "NNM"),
    ("P104", "Sjöviks familjestöd", "familjebehandling", ["P104", "P104", "P104"], "MNN", "MMM"),
    ("P105", "Tallåsens öppenvård", "oppenvard", ["P105", "P105", "P105"], "MNN", "MMM"),
    ("P106", "Bryggans ungdomsstöd", "oppenvard", ["P106", "P106", "P106"], "NMN", "MMM"),
    ("P107", "Familjehemmet Vide", "jourhem", ["P107", "P107", "P107"], "MMN", "MMM"),
    ("P108", "Jourhemmet Hagtorn", "jourhem", ["P108", "P108", "P108"], "NNM", "MMM"),
    ("P109", "HVB Solbacken", "heldygnsvard", ["P109", None, "P109"], "N-N", "M-M"),
    ("P110", "HVB Granhyddan", "heldygnsvard", ["P110", "P110", "P210"], "NNN", "MMM"),
    ("P111", "Strandens öppenvård", "oppenvard", ["P111", "P111", "P220"], "NNN", "MMM"),
    ("P112", "Kustens öppenvård", "oppenvard", ["P112", "P112", None], "MM-", "MM-"),
    ("P113", "Mosstorpets familjerådgivning", "familjeradgivning", [None, "P113", "P113"], "-NN", "-MM"),
    ("P114", "Jourhemmet Lärkan", "jourhem", ["P114", "P114", None], "NN-", "MM-"),
    ("P115", "Björkhagens samtalsmottagning", "familjeradgivning", ["P115", None, None], "N--", "M--"),
    ("P116", "Familjebehandlarna i Skogsby", "familjebehandling", ["P116", None, "P116"], "M-M", "M-M"),
    ("P117", "Ängsgårdens HVB", "heldygnsvard", ["P117", "P117", "P117"], "MMM", "MMM"),
    ("P118", "Ljusets familjerådgivning", "familjeradgivning", ["P118", "P118", "P118"], "MMM", "MMM"),
    ("P119", "Ungdomsteamet Norr", "oppenvard", ["P119", "P119", "P119"], "MMM", "MMM"),
    ("P120", "Jourhemmet Tranan", "jourhem", ["P120", "P120", "P120"], "MMM", "MMM"),
]

CONTRACT = {"familjeradgivning": "lov", "familjebehandling": "lov", "oppenvard": "lou", "jourhem": "lou", "heldygnsvard": "lou"}

MAPPING = [
    ("P110", "P210", "nytt organisationsnummer 2018"),
    ("P111", "P220", "sammanslagning med P112 2018"),
    ("P112", "P220", "sammanslagning med P111 2018"),
]

# Action plans for the 2017 shortcomings (followed up against the 2018 reports):
# provider, requirement, what, owner, due, status, closed
ACTIONS = [
    ("P101", "riskanalys", "Ta fram en riskanalys på verksamhetsnivå", "Verksamhetschef", "2018-06-30", "open", ""),
    ("P103", "riskanalys", "Riskanalys i ledningsgruppen", "Kvalitetsansvarig", "2018-03-31", "closed", "2018-03-15"),
    ("P103", "klagomal_rutin", "Skriva rutin för synpunkter och klagomål", "Kvalitetsansvarig", "2018-03-31", "closed", "2018-02-20"),
    ("P104", "riskanalys", "Riskanalys på verksamhetsnivå", "Verksamhetschef", "2019-03-31", "open", ""),
    ("P108", "riskanalys", "Riskanalys med personalgruppen", "Föreståndare", "2018-04-30", "closed", "2018-04-12"),
    ("P210", "riskanalys", "Riskanalys efter ombildningen", "Föreståndare", "2018-09-30", "open", ""),
]


def export(year: int) -> str:
    rng = random.Random(year)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["provider", "name", "service", "contract", "date", "ledning.riskanalys", "ledning.riskanalys_datum", "klagomal.rutin", "ledning.egenkontroll"])
    i = YEARS.index(year)
    for _, name, service, ids, risk, complaints in PLAN:
        rid = ids[i]
        if rid is None:
            assert risk[i] == "-" and complaints[i] == "-"
            continue
        met = risk[i] == "M"
        date = f"{year}-{rng.randint(2, 11):02d}-{rng.randint(1, 28):02d}" if met else ""
        w.writerow([rid, name, service, CONTRACT[service], f"{year}-12-31", "Ja" if met else "Nej", date, "Ja" if complaints[i] == "M" else "Nej", rng.choice(["Ja", "Ja", "Nej"])])
    return out.getvalue()


def table(header, rows) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


def files() -> dict:
    out = {f"export-{y}.csv": export(y) for y in YEARS}
    out["providers-mapping.csv"] = table(["old", "new", "reason"], MAPPING)
    out["actions.csv"] = table(["provider", "requirement", "action", "owner", "due", "status", "closed"], ACTIONS)
    return out


def main() -> int:
    check = "--check" in sys.argv[1:]
    differ = []
    for name, text in files().items():
        path = OUT / name
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                differ.append(name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if differ:
        print("differ from a fresh run:", ", ".join(differ), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
