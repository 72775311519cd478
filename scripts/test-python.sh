#!/usr/bin/env bash
# Tests the Python package `granska` on a fresh machine (CPython >= 3.9 with pip, and Rust):
# creates a virtual environment under target/py-venv, builds and installs the package from
# bindings/python with pip (maturin as the build backend), installs pandas, polars, pyarrow,
# DuckDB, pytest, PyYAML, pyxform and what the example notebook needs, runs the pytest suite (API,
# pandas round trips, polars, pyarrow and DuckDB frames read through Arrow, exceptions,
# a 100,000-row batch, the shared conformance cases, the bad-input corpus of tests/bad-input/
# against the Rust snapshots, the nothing-lost batch of tests/nothing-lost/, the deepest error
# paths, partial summaries and pickled packs across processes, PySpark in local mode over a
# 100,000-row DataFrame), checks the type stubs against the module (mypy stubtest), and
# executes examples/notebook.ipynb. It also converts the built-in questionnaire's XLSForm
# export (all service types, and each) with pyxform and fails on any error or warning.
# PySpark needs Java 17 or later: installed from Debian
# (openjdk-17-jre-headless) when `java` is missing.
#
# Environment: PYTHON (default python3) picks the interpreter; PY_VENV (default
# target/py-venv) the environment, which is reused when it exists.
#
# Quicker while working on the binding, once the venv exists: build the extension in place
# and run one file against it (the full run below removes the in-place build again):
#   VIRTUAL_ENV=$PWD/target/py-venv target/py-venv/bin/maturin develop -r --skip-install -m bindings/python/Cargo.toml
#   (cd bindings/python && PYTHONPATH=python ../../target/py-venv/bin/python -m pytest -q tests/test_robustness.py)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV="${PY_VENV:-target/py-venv}"

step() { printf '\n--> %s\n' "$*"; }

if [ ! -x "$VENV/bin/python" ]; then
  step "creating the virtual environment $VENV"
  "$PYTHON" -m venv "$VENV"
fi
PY="$(cd "$VENV" && pwd)/bin/python"
# The venv's scripts (maturin, jupyter) come first, as if it were activated.
export PATH="$(dirname "$PY"):$PATH"

step "installing the test, stub-check and notebook dependencies"
"$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$PY" -m pip install --quiet --disable-pip-version-check \
  "maturin>=1.9.4,<2" pandas polars pyarrow duckdb pytest pyyaml matplotlib nbclient nbformat ipykernel mypy "pyspark>=4,<5" "dask[dataframe]" "pyxform>=4,<5"
if ! command -v java >/dev/null 2>&1; then
  step "installing Java for PySpark (Debian openjdk-17-jre-headless)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi

step "building and installing granska from bindings/python (release build)"
# A stale extension left by `maturin develop` must not shadow the one built here.
rm -f bindings/python/python/granska/_granska*.so bindings/python/python/granska/_granska*.pyd
"$PY" -m pip install --quiet --disable-pip-version-check --no-build-isolation --force-reinstall --no-deps ./bindings/python
"$PY" -c 'import granska; print("granska", granska.__version__, "from", granska.__file__)'

step "the type stubs match the extension module (mypy stubtest)"
STUBTEST_DIR="$(mktemp -d)"
trap 'rm -rf "$STUBTEST_DIR"' EXIT
printf '[mypy]\nignore_missing_imports = True\n' > "$STUBTEST_DIR/mypy.ini"
(cd "$STUBTEST_DIR" && "$PY" -m mypy.stubtest granska --mypy-config-file mypy.ini)

step "pytest"
# The PySpark and Dask tests fail here, rather than skip, when PySpark, Java or Dask is missing.
(cd bindings/python && GRANSKA_REQUIRE_SPARK=1 "$PY" -m pytest -q tests)

step "the built-in questionnaire as XLSForm converts with pyxform without errors or warnings (docs/survey-tools.md)"
FORMS_DIR="$(mktemp -d)"
cargo run -q -p granska-cli -- questions --format xlsform -o "$FORMS_DIR/enkat.xlsx"
SERVICES="$("$PY" -c 'import sys; from openpyxl import load_workbook; print(" ".join(r[1] for r in load_workbook(sys.argv[1])["choices"].iter_rows(min_row=2, values_only=True) if r[0] == "service"))' "$FORMS_DIR/enkat.xlsx")"
for s in $SERVICES; do
  cargo run -q -p granska-cli -- questions --service "$s" --format xlsform -o "$FORMS_DIR/enkat-$s.xlsx"
done
"$PY" scripts/check_xlsform.py "$FORMS_DIR"/*.xlsx
rm -rf "$FORMS_DIR"

step "the scale benchmark, small (bindings/python/bench/scale.py; BENCHMARKS.md has 1-4 million rows)"
SCALE_DIR="$(mktemp -d)"
"$PY" bindings/python/bench/scale.py --rows 200000 --dir "$SCALE_DIR"
rm -rf "$SCALE_DIR"

step "executing examples/notebook.ipynb"
MPLBACKEND=Agg "$PY" - <<'EOF'
"""Executes the example notebook in examples/ and fails on the first cell that raises."""
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

notebook = nbformat.read("examples/notebook.ipynb", as_version=4)
client = NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": "examples"}})
try:
    client.execute()
except CellExecutionError as error:
    print(error, file=sys.stderr)
    sys.exit(1)
cells = sum(1 for c in notebook.cells if c.cell_type == "code")
print(f"notebook: {cells} code cells executed without error")
EOF
