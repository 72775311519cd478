#!/usr/bin/env bash
# Runs granska's benchmarks and prints the table of figures (see BENCHMARKS.md):
#
#   scripts/bench.sh                 # everything: core engine, peers, summary, WASM if built
#   scripts/bench.sh --quick         # shorter criterion runs (noisier), for a first look
#   scripts/bench.sh --table         # only print the table from the last run's results
#   scripts/bench.sh --instructions  # also count instructions per evaluation with callgrind
#
# 1. `cargo bench -p granska --bench engine` and `cargo bench -p granska-summary --bench summary`: load, evaluate one report,
#    check, 100,000 reports, form state; the 100,000-row CSV summary.
# 2. `cargo bench -p granska-bench --bench peers`: granska against datalogic-rs, cel and
#    zen-expression on the same expressions in ONE criterion run.
# 3. `bench-table` prints the Markdown tables from criterion's estimates (medians).
# 4. The WASM figures when bindings/wasm has been built (scripts/test-wasm.sh): bundle size
#    raw and gzipped, and one report's evaluation under Node (bindings/wasm/bench/eval.mjs).
#
# Timings on a shared 2-core machine are noisy: the script prints the load average before
# and after; rerun when it is below 1.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0; table_only=0; instructions=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --table) table_only=1 ;;
    --instructions) instructions=1 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done

target_dir="${CARGO_TARGET_DIR:-target}"
criterion_args=()
if [ "$quick" = 1 ]; then
  criterion_args=(--warm-up-time 0.5 --measurement-time 1)
fi

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; $(rustc --version)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); load before: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$table_only" = 0 ]; then
  cargo bench -p granska --bench engine -- "${criterion_args[@]}"
  cargo bench -p granska-summary --bench summary -- "${criterion_args[@]}"
  cargo bench -p granska-bench --bench peers -- "${criterion_args[@]}"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

echo
cargo run -q --release -p granska-bench --bin bench-table -- "$target_dir/criterion"

# WASM: only when the WASM helper's build exists.
wasm_dir=bindings/wasm
wasm_file=$(ls "$wasm_dir"/pkg/*_bg.wasm "$wasm_dir"/pkg-node/*_bg.wasm 2>/dev/null | head -1 || true)
echo
echo "### WASM"
echo
if [ -n "$wasm_file" ]; then
  raw=$(stat -c %s "$wasm_file")
  gz=$(gzip -9 -c "$wasm_file" | wc -c)
  echo "| figure | value | target | |"
  echo "|---|---:|---:|---|"
  printf '| bundle %s, raw | %d KB | | |\n' "$(basename "$wasm_file")" $((raw / 1024))
  printf '| bundle, gzip -9 | %d KB | ≤ 250 KB | %s |\n' $((gz / 1024)) "$([ "$gz" -le $((250 * 1024)) ] && echo met || echo '**not met**')"
  if [ -f "$wasm_dir/bench/eval.mjs" ] && command -v node >/dev/null; then
    node "$wasm_dir/bench/eval.mjs"
  else
    echo "| one report in Node | not measured (no bindings/wasm/bench/eval.mjs or node) | < 20 µs | |"
  fi
else
  echo "not measured: no WASM build under $wasm_dir/pkg (run scripts/test-wasm.sh first)"
fi

if [ "$instructions" = 1 ]; then
  echo
  echo "### Instructions per evaluation (valgrind callgrind; noise-free)"
  echo
  CARGO_PROFILE_RELEASE_DEBUG=line-tables-only cargo build -q --release -p granska-bench --example profile
  bin="$target_dir/release/examples/profile"
  ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$@" 2>&1 | grep -oP 'Collected : \K[0-9]+'; }
  per() { local a b; a=$(ir "$1" "$2" 1000); b=$(ir "$1" "$2" 3000); echo $(((b - a) / 2000)); }
  echo "| shape | granska | datalogic-rs | cel | zen-expression |"
  echo "|---|---:|---:|---:|---:|"
  shapes=$(cargo run -q --release -p granska-bench --bin bench-table -- --shapes)
  for s in $shapes; do
    row="| $s"
    for e in granska datalogic cel zen; do
      n=$(per "$e" "$s")
      if [ "$n" = 0 ]; then row="$row | n/a"; else row="$row | $n"; fi
    done
    echo "$row |"
  done
  reports=$(ls examples/reports/*.yaml | wc -l)
  a=$(ir granska builtin 50); b=$(ir granska builtin 150)
  echo
  echo "granska, one example report against the built-in pack: $(((b - a) / 100 / reports)) instructions (mean of the $reports examples)"
fi
