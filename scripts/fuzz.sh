#!/usr/bin/env bash
# A libFuzzer campaign: builds the `fuzz` preset and runs one target (or every
# tests/fuzz/fuzz_*.cpp target in turn) for SECONDS each.
#   scripts/fuzz.sh [TARGET|all] [SECONDS]      e.g. scripts/fuzz.sh fuzz_dbn 3600
# The corpus grows in build/fuzz/corpus/<target>/ (seeded from
# tests/fuzz/corpus/<target>/, which stays as committed); crashes are written
# to build/fuzz/artifacts/<target>/ and make the script fail.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-all}
seconds=${2:-600}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

targets=()
if [ "$target" = all ]; then
  for src in tests/fuzz/fuzz_*.cpp; do targets+=("$(basename "$src" .cpp)"); done
else
  targets=("$target")
fi

status=0
for t in "${targets[@]}"; do
  corpus=build/fuzz/corpus/$t
  artifacts=build/fuzz/artifacts/$t
  mkdir -p "$corpus" "$artifacts"
  seeds=()
  if [ -d "tests/fuzz/corpus/$t" ]; then seeds=("tests/fuzz/corpus/$t"); fi
  echo "fuzz: $t for ${seconds}s"
  if ! "build/fuzz/tests/fuzz/$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
       -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" "${seeds[@]}"; then
    echo "fuzz: $t FAILED; reproducer in $artifacts/" >&2
    status=1
  fi
done
exit $status
