#!/usr/bin/env bash
# CI smoke run of every libFuzzer target: builds the `fuzz` preset and runs
# each tests/fuzz/fuzz_*.cpp target for SECONDS (default 60) from its
# committed seed corpus, which is left unchanged. Fails on any crash, leak,
# sanitizer report or timeout.
#   scripts/fuzz-smoke.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

status=0
for src in tests/fuzz/fuzz_*.cpp; do
  t=$(basename "$src" .cpp)
  work=$(mktemp -d)
  seeds=()
  if [ -d "tests/fuzz/corpus/$t" ]; then seeds=("tests/fuzz/corpus/$t"); fi
  echo "fuzz-smoke: $t for ${seconds}s"
  if ! "build/fuzz/tests/fuzz/$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
       -print_final_stats=1 -artifact_prefix="$work/" "$work" "${seeds[@]}" 2>"$work/log"; then
    tail -n 60 "$work/log" >&2
    echo "fuzz-smoke: $t FAILED" >&2
    status=1
  else
    grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb)" "$work/log" || true
  fi
  rm -rf "$work"
done
exit $status
