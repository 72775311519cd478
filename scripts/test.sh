#!/usr/bin/env bash
# Runs every test of granska on a fresh machine: the Rust workspace (core, CLI, conformance,
# property, snapshot and golden tests), the Python package (pytest + the example notebook)
# and the WASM package (node --test + headless Chromium tests of the questionnaire and of the
# annual report). Installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."

# A one-off build gains nothing from incremental caches, which double the target folder's size;
# pip's cache is not kept either. Set them yourself to override.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
export PIP_NO_CACHE_DIR="${PIP_NO_CACHE_DIR:-1}"

step() { printf '\n==> %s\n' "$*"; }

step "Rust: formatting (cargo fmt --all --check, rustfmt.toml)"
# rustfmt and clippy come with rustup's default profile; installed here when missing.
for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1 && command -v rustup >/dev/null; then
    rustup component add "$component"
  fi
done
cargo fmt --all --check

step "Rust: cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "Rust: cargo doc --workspace --no-deps (warnings denied)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps

step "Rust: cargo test --workspace"
cargo test --workspace

if [ -x scripts/test-python.sh ]; then
  step "Python: build the wheel, pytest, execute the notebook"
  bash scripts/test-python.sh
fi

if [ -x scripts/test-wasm.sh ]; then
  step "WASM: build, node --test, browser test"
  bash scripts/test-wasm.sh
fi

step "All tests passed"
