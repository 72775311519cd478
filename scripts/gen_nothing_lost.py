#!/usr/bin/env python3
"""Writes the nothing-lost batch under tests/nothing-lost/: 300 report texts, every tenth
broken one of ten ways, and a 200-row survey export, every tenth row broken one of five
ways, each with the outcome expected. Run from the repository root; the files are
committed, and the Rust, CLI, Python and JS tests all read them."""

import json
from pathlib import Path

OUT = Path("tests/nothing-lost")

# The ten ways a report is broken: (extension, text, first problem code, provider named).
BROKEN = [
    ("json", '{"provider": "B0", "service": "jourhem", "date": "2017-12-31", "answers": {"ledning.riskanalys": tr', "syntax", None),
    ("json", '{"service": "jourhem", "date": "2017-12-31"}', "missing", None),
    ("json", '{"provider": "B2", "service": "jourhem", "date": "2019-02-30"}', "bad-date", "B2"),
    ("json", '{"provider": "B3", "service": "jourhemm", "date": "2017-12-31"}', "not-a-choice", "B3"),
    ("json", '["B4", "jourhem", "2017-12-31"]', "wrong-type", None),
    ("json", '{"provider": "B5", "service": "jourhem", "date": "2017-12-31", "answers": {"ledning.riskanalys": true, "ledning.riskanalys": false}}', "syntax", None),
    ("json", "", "syntax", None),
    ("json", '{"provider": "B7", "service": "", "date": ""}', "missing", "B7"),
    ("yaml", "provider: B8\nservice: jourhem\ndate: 2017-12-31\nanswers:\n\tledning.riskanalys: true\n", "syntax", None),
    ("yaml", "provider: B9\nservice: jourhem\ndate: 2017-12-31\ndate: 2018-12-31\n", "syntax", None),
]


def report(i: int) -> dict:
    if i % 10 == 9:
        ext, text, code, provider = BROKEN[(i // 10) % 10]
        return {"name": f"r{i:03}.{ext}", "text": text, "expect": {"rejected": code, "provider": provider}}
    provider = f"P{i:03}"
    if i % 7 == 0:
        # Readable, with a bad answer: evaluated, the answer reported.
        answers = {"ledning.riskanalys": "kanske", "lex_sarah.rapporter": 2}
        issues = [["ledning.riskanalys", "wrong-type"]]
    else:
        answers = {"ledning.riskanalys": i % 2 == 0, "lex_sarah.rapporter": i % 5}
        issues = []
    if i % 4 == 1:
        lines = [f"provider: {provider}", "service: jourhem", "date: 2017-12-31", "answers:"]
        lines += [f"  {k}: {json.dumps(v)}" for k, v in answers.items()]
        return {"name": f"r{i:03}.yaml", "text": "\n".join(lines) + "\n", "expect": {"provider": provider, "issues": issues}}
    text = json.dumps({"provider": provider, "service": "jourhem", "date": "2017-12-31", "answers": answers}, ensure_ascii=False)
    return {"name": f"r{i:03}.json", "text": text, "expect": {"provider": provider, "issues": issues}}


# The five ways an export row is broken: (row text, code).
BROKEN_ROWS = [
    ("B{i},Kort,jourhem,lou,2017-12-31", "too-few-cells"),
    ("B{i},Lång,jourhem,lou,2017-12-31,Ja,1,extra", "too-many-cells"),
    (",Utan id,jourhem,lou,2017-12-31,Ja,1", "missing"),
    ("B{i},Fel tjänst,jourhemm,lou,2017-12-31,Ja,1", "not-a-choice"),
    ("B{i},Fel datum,jourhem,lou,2019-02-30,Ja,1", "bad-date"),
]


def export() -> tuple[str, list]:
    lines = ["provider,name,service,contract,date,ledning.riskanalys,lex_sarah.rapporter"]
    rows = []
    for i in range(200):
        row = i + 2  # the header is row 1
        if i % 10 == 9:
            text, code = BROKEN_ROWS[(i // 10) % len(BROKEN_ROWS)]
            lines.append(text.replace("{i}", str(i)))
            rows.append({"row": row, "rejected": code})
        elif i % 7 == 0:
            lines.append(f"P{i:03},Namn,jourhem,lou,2017-12-31,kanske,två")
            rows.append({"row": row, "provider": f"P{i:03}", "issues": [["ledning.riskanalys", "wrong-type"], ["lex_sarah.rapporter", "wrong-type"]]})
        else:
            lines.append(f"P{i:03},Namn,jourhem,lou,2017-12-31,{'Ja' if i % 2 == 0 else 'Nej'},{i % 5}")
            rows.append({"row": row, "provider": f"P{i:03}", "issues": []})
    return "\n".join(lines) + "\n", rows


def one_per_line(key: str, items: list) -> str:
    """`{key: items}` as JSON with one item per line, for readable diffs."""
    lines = ",\n".join("  " + json.dumps(item, ensure_ascii=False) for item in items)
    return f'{{"{key}": [\n{lines}\n]}}\n'


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    reports = [report(i) for i in range(300)]
    (OUT / "reports.json").write_text(one_per_line("reports", reports), encoding="utf-8")
    csv, rows = export()
    (OUT / "export.csv").write_text(csv, encoding="utf-8")
    (OUT / "export.json").write_text(one_per_line("rows", rows), encoding="utf-8")


if __name__ == "__main__":
    main()
