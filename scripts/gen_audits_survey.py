#!/usr/bin/env python3
"""Generate the example audit records and user-survey export for 2017 (GENERATED data).

    python3 scripts/gen_audits_survey.py          # writes examples/audits-2017/*.yaml,
                                                  # examples/survey-2017.csv, examples/survey-asked-2017.csv
    python3 scripts/gen_audits_survey.py --check  # exits 1 if the committed files differ

The data are invented (no real person or case file), shaped to agree with what the 2017
follow-up (Verksamhetsuppföljning 2017, barn- och familjeenheten, Nacka kommun) says:

Audits (section 2.4, 3.1, 3.4.2): six providers of structured öppenvård were audited (the
roster's structured providers stand in for the six named in the seed); every case file
audited held a current implementation plan and an updated social journal; five young people
were interviewed: four satisfied, all felt safe and well treated, all felt they had a say,
three said they had no documented implementation plan; every member of staff interviewed
knew the duty to report under lex Sarah. How many case files were sampled, and whether notes
were signed and follow-ups documented, the seed does not say: those values are invented.

Survey (section 3.1): heldygnsvård 13 of 50 asked answered (26 percent), öppenvård 82 of 207
(40 percent); 2 of 3 in heldygnsvård and 7 of 10 in öppenvård feel their situation has
improved; about 70 percent of all trusted the staff or family and were treated with respect;
in heldygnsvård about a third, in öppenvård 47 percent, say no implementation plan was made
or do not know. A third area, jourhem (3 of 9 asked), is invented to show small-number
suppression.
"""
import io
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

AUDITED = [  # (provider, name from the roster, date, case files, young interviews, notes)
    ("P061", "Solna Behandlingsskola AB", "2017-03-14", 4, 1),
    ("P062", "Vasshagen Öppenvård AB", "2017-04-05", 3, 1),
    ("P066", "Vaxholm Behandlingsskola AB", "2017-05-17", 3, 1),
    ("P068", "Strukturerad öppenvård Älta", "2017-09-20", 4, 1),
    ("P069", "Strukturerad öppenvård Södermalm", "2017-10-11", 3, 1),
    ("P070", "Hammarby Behandlingsskola AB", "2017-11-08", 3, 0),
]
# The five young people: (satisfied, knows of a documented plan).
YOUNG = [(True, False), (False, True), (True, False), (True, True), (True, False)]


def yn(b):
    return "ja" if b else "nej"


def audits():
    files = {}
    young = iter(YOUNG)
    for n, (pid, name, date, akter, unga) in enumerate(AUDITED):
        out = io.StringIO()
        w = out.write
        w("# GENERATED example audit record (scripts/gen_audits_survey.py); no real case file.\n")
        w(f"provider: {pid}\nname: {name}\nservice: oppenvard\ncontract: lou\ndate: {date}\n")
        w("auditor: Sociala omsorgsprocessen\n")
        w("case_files:\n")
        for i in range(akter):
            signed = not (n == 1 and i == 2)
            followed = not (n in (3, 4) and i == 0)
            w(f"  - id: A{i + 1}\n    answers:\n")
            w("      akt.genomforandeplan: ja\n      akt.plan_delaktighet: ja\n")
            w("      akt.journal_aktuell: ja\n")
            w(f"      akt.signerad: {yn(signed)}\n      akt.uppfoljning: {yn(followed)}\n")
            w("      akt.missforhallande: nej\n")
            if not followed:
                w("    notes: Uppföljningen av målen saknades i akten vid granskningen.\n")
        w("interviews:\n")
        for i in range(unga):
            satisfied, plan = next(young)
            w(f"  - id: U{i + 1}\n    with: ung\n    answers:\n")
            w(f"      intervju.nojd: {yn(satisfied)}\n      intervju.trygg: ja\n")
            w(f"      intervju.kanner_till_plan: {yn(plan)}\n      intervju.inflytande: ja\n")
        w("  - id: P1\n    with: personal\n    answers:\n")
        w("      intervju.lex_sarah_kannedom: ja\n      intervju.anmalningsplikt_kannedom: ja\n")
        files[f"examples/audits-2017/{pid}.yaml"] = out.getvalue()
    return files


SURVEY_COLUMNS = ["respondent", "service", "date", "enkat.situation", "enkat.fortroende",
                  "enkat.bemotande", "enkat.kontakt", "enkat.genomforandeplan"]


def spread(total, parts):
    """Values in order, each repeated its count, to `total` rows."""
    out = []
    for value, count in parts:
        out += [value] * count
    assert len(out) == total, (len(out), total)
    return out


def survey():
    rows = []
    # (service, respondents, situation, trust, respect, contact, plan)
    areas = [
        ("heldygnsvard", 13,
         [("mycket_battre", 3), ("battre", 5), ("oforandrad", 3), ("samre", 1), ("", 1)],   # 8 of 12: 2 of 3
         [("instammer_helt", 5), ("instammer_delvis", 4), ("instammer_knappast", 2), ("instammer_inte", 1), ("vet_ej", 1)],
         [("instammer_helt", 6), ("instammer_delvis", 3), ("instammer_knappast", 3), ("vet_ej", 1)],
         [("instammer_helt", 4), ("instammer_delvis", 4), ("instammer_knappast", 3), ("instammer_inte", 2)],
         [("ja", 8), ("nej", 2), ("vet_ej", 2), ("", 1)]),                                   # 4 of 12: a third
        ("oppenvard", 82,
         [("mycket_battre", 20), ("battre", 36), ("oforandrad", 17), ("samre", 4), ("vet_ej", 3), ("", 2)],  # 56 of 80: 7 of 10
         [("instammer_helt", 33), ("instammer_delvis", 24), ("instammer_knappast", 14), ("instammer_inte", 6), ("vet_ej", 4), ("", 1)],
         [("instammer_helt", 35), ("instammer_delvis", 22), ("instammer_knappast", 15), ("instammer_inte", 5), ("vet_ej", 5)],
         [("instammer_helt", 24), ("instammer_delvis", 27), ("instammer_knappast", 18), ("instammer_inte", 10), ("vet_ej", 3)],
         [("ja", 42), ("nej", 21), ("vet_ej", 16), ("", 3)]),                                # 37 of 79: 47 percent
        ("jourhem", 3,
         [("battre", 2), ("oforandrad", 1)],
         [("instammer_helt", 2), ("instammer_delvis", 1)],
         [("instammer_helt", 3)],
         [("instammer_delvis", 2), ("instammer_inte", 1)],
         [("ja", 2), ("vet_ej", 1)]),
    ]
    n = 0
    for service, total, *cols in areas:
        values = [spread(total, c) for c in cols]
        for i in range(total):
            n += 1
            # Rotate each column differently so the answers are not aligned row by row.
            cells = [values[k][(i * (k + 1) * 7) % total] for k in range(len(values))]
            day = 1 + (n * 3) % 28
            rows.append([f"R{n:04d}", service, f"2017-10-{day:02d}"] + cells)
    out = io.StringIO()
    out.write(",".join(SURVEY_COLUMNS) + "\n")
    for r in rows:
        out.write(",".join(r) + "\n")
    asked = "service,asked\nheldygnsvard,50\noppenvard,207\njourhem,9\n"
    return {"examples/survey-2017.csv": out.getvalue(), "examples/survey-asked-2017.csv": asked}


def main():
    files = {**audits(), **survey()}
    check = "--check" in sys.argv
    differ = []
    for rel, text in files.items():
        path = os.path.join(ROOT, rel)
        if check:
            old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
            if old != text:
                differ.append(rel)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
    if differ:
        print("differ from a fresh run:", *differ)
        sys.exit(1)


if __name__ == "__main__":
    main()
