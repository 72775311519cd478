#!/usr/bin/env bash
# Builds the granska WebAssembly package and runs its tests, installing what it needs on a
# fresh machine: the wasm32 target (rustup), wasm-bindgen-cli pinned to the crate's version
# (cargo), wasm-opt from npm binaryen@132, playwright-core and yaml (npm, from the lockfile in
# bindings/wasm), and Debian's chromium (apt-get) when /usr/bin/chromium is missing.
#
# The node tests include the annual report in the browser (tests/report.test.mjs): chromium
# opens tests/golden/report-2017.html (kept byte for byte by the CLI's golden test) and checks
# the survey figures, the suppressed cells, the audit figures, the charts and the print
# stylesheet, and prints it to bindings/wasm/test-output/report-2017.pdf.
#
# Two modules from bindings/wasm (its README says which to load when): the runtime module
# `granska_runtime` (built without the `authoring` feature: compiled packs only, the built-in
# pack embedded compiled) and the authoring module `granska_wasm` (YAML packs, lint,
# diagnostics, parameters).
#
# Outputs (gitignored): bindings/wasm/pkg-node (Node builds of both, used by the node tests)
# and examples/web/pkg (browser builds of both; the questionnaire page loads the runtime).
#
#   scripts/test-wasm.sh              build, report the bundle size, run every test
#   scripts/test-wasm.sh --build-only build and report the bundle size
#   scripts/test-wasm.sh --sizes      build, report the bundle size and what takes the space in
#                                     each module: a copy with function names
#                                     (target/wasm-sizes/) broken down by crate and by part
#                                     (bindings/wasm/bench/size.py)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
WASM_DIR="$ROOT/bindings/wasm"
NODE_PKG="$WASM_DIR/pkg-node"
WEB_PKG="$ROOT/examples/web/pkg"
BINDGEN_VERSION="0.2.130"
PROFILE="wasm-release"
BUILD_ONLY=0
SIZES=0
[[ "${1:-}" == "--build-only" ]] && BUILD_ONLY=1
[[ "${1:-}" == "--sizes" ]] && BUILD_ONLY=1 && SIZES=1

step() { printf '\n==> %s\n' "$*"; }

step "toolchain"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "wasm-bindgen $BINDGEN_VERSION"; then
  cargo install wasm-bindgen-cli --version "$BINDGEN_VERSION"
fi
wasm-bindgen --version
if [[ ! -x /usr/bin/chromium && $BUILD_ONLY == 0 ]]; then
  SUDO=""
  [[ $(id -u) != 0 ]] && SUDO="sudo"
  $SUDO apt-get update
  $SUDO apt-get install -y chromium
fi
(cd "$WASM_DIR" && npm ci --no-audit --no-fund)
WASM_OPT="$WASM_DIR/node_modules/.bin/wasm-opt"
"$WASM_OPT" --version

MODULES_DIR="${CARGO_TARGET_DIR:-$ROOT/target}/wasm-modules"
mkdir -p "$MODULES_DIR"
OUT_WASM="${CARGO_TARGET_DIR:-$ROOT/target}/wasm32-unknown-unknown/$PROFILE/granska_wasm.wasm"
step "cargo build ($PROFILE, wasm32-unknown-unknown): the authoring module"
cargo build -p granska-wasm --target wasm32-unknown-unknown --profile "$PROFILE"
cp "$OUT_WASM" "$MODULES_DIR/granska_wasm.wasm"
step "cargo build ($PROFILE, wasm32-unknown-unknown, --no-default-features): the runtime module"
cargo build -p granska-wasm --target wasm32-unknown-unknown --profile "$PROFILE" --no-default-features
cp "$OUT_WASM" "$MODULES_DIR/granska_runtime.wasm"

step "wasm-bindgen + wasm-opt -Os"
# wasm-opt must understand every feature rustc enabled (bulk memory, sign extension, …).
# -Os rather than -Oz: 1.7 KB smaller gzipped (19 KB larger raw); see BENCHMARKS.md (WASM).
FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)
OPT_FLAGS=(-Os --strip-debug --strip-producers "${FEATURES[@]}")
build() { # target out-dir module-name
  wasm-bindgen --target "$1" --out-dir "$2" "$MODULES_DIR/$3.wasm"
  # The glue's instance re-creation after a panic checks objects too early: see the script.
  node "$WASM_DIR/patch-glue.mjs" "$2/$3.js"
  "$WASM_OPT" "${OPT_FLAGS[@]}" "$2/$3_bg.wasm" -o "$2/$3_bg.opt.wasm"
  mv "$2/$3_bg.opt.wasm" "$2/$3_bg.wasm"
}
rm -rf "$NODE_PKG" "$WEB_PKG"
for module in granska_wasm granska_runtime; do
  build nodejs "$NODE_PKG" "$module"
  build web "$WEB_PKG" "$module"
done

size_line() { # file
  local raw gz
  raw=$(wc -c <"$1")
  gz=$(gzip -9c "$1" | wc -c)
  printf '%-26s %8d bytes raw  %8d bytes gzipped (%d KB)\n' "$(basename "$1")" "$raw" "$gz" $(((gz + 1023) / 1024))
}
# What a browser loads of a module: the wasm, the JS glue and its inline snippet (the same
# for both modules: one crate), not the .d.ts files. The runtime's target: 250 KB gzipped with the built-in compiled pack.
for module in granska_runtime granska_wasm; do
  step "bundle size: $module (examples/web/pkg)"
  TOTAL_RAW=0
  TOTAL_GZ=0
  mapfile -t SHIPPED < <(cd "$WEB_PKG" && { echo "./${module}_bg.wasm"; echo "./$module.js"; find ./snippets -name '*.js' 2>/dev/null; } | sort)
  for f in "${SHIPPED[@]}"; do
    size_line "$WEB_PKG/$f"
    TOTAL_RAW=$((TOTAL_RAW + $(wc -c <"$WEB_PKG/$f")))
    TOTAL_GZ=$((TOTAL_GZ + $(gzip -9c "$WEB_PKG/$f" | wc -c)))
  done
  printf '%s total: %d bytes raw, %d bytes gzipped (%d KB)\n' "$module" "$TOTAL_RAW" "$TOTAL_GZ" $(((TOTAL_GZ + 1023) / 1024))
done

if [[ $SIZES == 1 ]]; then
  SIZES_DIR="${CARGO_TARGET_DIR:-$ROOT/target}/wasm-sizes"
  rm -rf "$SIZES_DIR"
  for module in granska_runtime granska_wasm; do
    step "what takes the space in $module (optimised as shipped, function names kept)"
    wasm-bindgen --target web --out-dir "$SIZES_DIR" "$MODULES_DIR/$module.wasm"
    # The shipped flags without the stripping, with -g: the same code, names kept.
    "$WASM_OPT" -Os -g "${FEATURES[@]}" "$SIZES_DIR/${module}_bg.wasm" -o "$SIZES_DIR/${module}_bg.names.wasm"
    python3 "$WASM_DIR/bench/size.py" "$SIZES_DIR/${module}_bg.names.wasm"
    echo "(twiggy top / twiggy dominators $SIZES_DIR/${module}_bg.names.wasm for single functions)"
  done
fi

[[ $BUILD_ONLY == 1 ]] && exit 0

step "cargo test --no-default-features --test normalizer (the runtime's engine, native: no pack before an NFC normaliser)"
cargo test -p granska-wasm --no-default-features --test normalizer

step "node --test (API, errors, conformance, browser: questionnaire and annual report)"
cd "$WASM_DIR"
node --test --test-reporter=spec tests/*.test.mjs
