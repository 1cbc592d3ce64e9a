#!/usr/bin/env bash
# CI smoke run of every libFuzzer target: builds the `fuzz` preset and runs
# each tests/fuzz/fuzz_*.cpp target for SECONDS (default 60) from its
# committed seed corpus, which is left unchanged. Targets run JOBS at a time
# (default 2, one per core of the CI machine); each one's result is reported
# on its own, in name order, with the tail of its log when it failed (its
# crash input is kept in build/fuzz/artifacts/<target>/). Fails on any
# crash, leak, sanitizer report or timeout.
#   scripts/fuzz-smoke.sh [SECONDS] [JOBS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
jobs_max=${2:-2}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

# One target into $root/<target>/: its scratch corpus, log and exit status.
run_target() {
  local t=$1 work=$root/$1 rc=0
  local seeds=()
  if [ -d "tests/fuzz/corpus/$t" ]; then seeds=("tests/fuzz/corpus/$t"); fi
  "build/fuzz/tests/fuzz/$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" "${seeds[@]}" >"$work/log" 2>&1 || rc=$?
  echo "$rc" >"$work/rc"
}

targets=()
for src in tests/fuzz/fuzz_*.cpp; do targets+=("$(basename "$src" .cpp)"); done
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n || true; done
  mkdir -p "$root/$t/corpus"
  echo "fuzz-smoke: $t for ${seconds}s"
  run_target "$t" &
done
wait

status=0
for t in "${targets[@]}"; do
  if [ "$(cat "$root/$t/rc" 2>/dev/null || echo missing)" != 0 ]; then
    tail -n 60 "$root/$t/log" >&2
    # Keep the reproducer: the scratch directory goes on exit.
    mkdir -p "build/fuzz/artifacts/$t"
    find "$root/$t" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) \
      -exec cp {} "build/fuzz/artifacts/$t/" \;
    echo "fuzz-smoke: $t FAILED; reproducer (if any) in build/fuzz/artifacts/$t/" >&2
    status=1
  else
    echo "fuzz-smoke: $t passed"
    grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb)" "$root/$t/log" || true
  fi
done
exit $status
