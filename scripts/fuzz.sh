#!/usr/bin/env bash
# Runs granska's fuzz targets (fuzz/, cargo-fuzz on nightly) one after another, each for a
# bounded time: FUZZ_SECONDS (default 60) per target. Name targets as arguments to run only
# those; with none, every target runs. Installs cargo-fuzz when it is missing.
#
# The committed seeds (fuzz/seeds/<target>/) are copied into the working corpus
# (fuzz/corpus/<target>/, not committed) before each run. A crash leaves its input in
# fuzz/artifacts/<target>/ and makes the script exit non-zero after the other targets ran;
# turn each one into a regression case (tests/bad-input/ or a unit test) and fix it.
#
#   scripts/fuzz.sh                         # every target, 60 s each
#   FUZZ_SECONDS=600 scripts/fuzz.sh evaluate
#   FUZZ_SANITIZER=none scripts/fuzz.sh csv_export
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-60}"
# address (cargo-fuzz's default) or none: about twice the runs a second for targets that
# allocate much per input (csv_export), at the cost of ASan's checks of unsafe code.
sanitizer="${FUZZ_SANITIZER:-address}"
all_targets=(parse_expression load_pack evaluate csv_export differential compiled_pack)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=("${all_targets[@]}")
fi

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz.sh: the nightly toolchain is needed: rustup toolchain install nightly" >&2
  exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "==> installing cargo-fuzz"
  cargo install cargo-fuzz
fi

failed=()
for target in "${targets[@]}"; do
  if [ ! -f "fuzz/fuzz_targets/$target.rs" ]; then
    echo "fuzz.sh: no target $target (targets: ${all_targets[*]})" >&2
    exit 2
  fi
  mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
  if [ -d "fuzz/seeds/$target" ]; then
    cp -n "fuzz/seeds/$target"/* "fuzz/corpus/$target/" 2>/dev/null || true
  fi
  echo "==> $target for ${seconds}s"
  start=$(date +%s)
  # -timeout: one input taking over 10 s is a hang; -rss_limit_mb: memory is bounded too.
  if cargo +nightly fuzz run --sanitizer "$sanitizer" "$target" "fuzz/corpus/$target" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1; then
    echo "==> $target: no crash in $(( $(date +%s) - start ))s"
  else
    echo "==> $target: FAILED after $(( $(date +%s) - start ))s; see fuzz/artifacts/$target/" >&2
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: crashes in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: every target ran ${seconds}s without a crash"
