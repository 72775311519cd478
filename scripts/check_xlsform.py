"""Converts XLSForm workbooks exported by `granska questions --format xlsform` with pyxform
(the reference XLSForm converter, from PyPI) and fails on any error or warning it reports.

Usage: check_xlsform.py FORM.xlsx [FORM.xlsx ...]

Each workbook is converted to an XForm (pyxform's own checks: sheet and column names, types,
choice lists, `${name}` references, XPath syntax of relevant/constraint/required). pyxform's
warnings (returned, logged or raised through Python's warnings module) fail the check, as
do errors. The XForm is then checked to hold a bind for every question with its relevant
and constraint, so that a column pyxform silently ignored would not pass either.
"""

import sys
import warnings
import xml.etree.ElementTree as ET

from openpyxl import load_workbook  # installed with pyxform
from pyxform.xls2xform import convert

XF = "{http://www.w3.org/2002/xforms}"


def survey_rows(path):
    book = load_workbook(path, read_only=True)
    try:
        rows = list(book["survey"].iter_rows(values_only=True))
    finally:
        book.close()
    header = [str(c) for c in rows[0]]
    return [dict(zip(header, r)) for r in rows[1:]]


def check(path):
    problems = []
    found = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            result = convert(xlsform=path, validate=False, warnings=found)
        except Exception as error:  # pyxform raises PyXFormError and others
            return [f"error: {error}"]
    problems += [f"warning: {w}" for w in found + list(result.warnings or [])]
    root = ET.fromstring(result.xform)
    binds = {b.get("nodeset").rsplit("/", 1)[-1]: b for b in root.iter(f"{XF}bind")}
    for row in survey_rows(path):
        kind, name = row.get("type") or "", row.get("name")
        if not name or kind.startswith(("begin", "end")):
            continue
        bind = binds.get(name)
        if bind is None:
            problems.append(f"question {name}: no bind in the XForm")
            continue
        for column in ("relevant", "constraint"):
            if row.get(column) and not bind.get(column):
                problems.append(f"question {name}: its {column} is missing from the XForm")
    return problems


def main(paths):
    failed = False
    for path in paths:
        problems = check(path)
        for p in problems:
            print(f"{path}: {p}", file=sys.stderr)
        failed |= bool(problems)
        print(f"{path}: {'FAILED' if problems else 'pyxform converts it without errors or warnings'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
