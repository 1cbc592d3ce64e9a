#!/usr/bin/env bash
# Paired A/B benchmark of two versions of the engine and pipeline, for a
# machine whose speed drifts (a shared VM's can move results by up to 2x):
# builds both versions into one program, the first inside a renamed
# namespace, and runs them alternately, pair after pair, on the CLI bench's
# default workload (bench/paired/).
#
#   scripts/ab-pair.sh A [B] [PAIRS] [MODE] [EVENTS]
#     A, B    git revisions; B defaults to the working tree ("." also means it)
#     PAIRS   pairs of runs (default 10)
#     MODE    e2e (the pipeline, end to end; default) or matching (the
#             matching thread alone, without the rings)
#     EVENTS  events in the workload (default 2000000)
#
# Example: scripts/ab-pair.sh HEAD~3 HEAD 12 matching
# Needs g++ and libfmt-dev; works for revisions whose matching loop is the
# library's (include/sigmax/detail/matching_loop.hpp, examples/cli/ceiling.hpp).
# Not part of the test suite (it builds two optimised copies); the suite's
# "bench: the paired A/B driver ..." test runs its driver on a small workload.
set -euo pipefail

rev_a=${1:?usage: scripts/ab-pair.sh A [B] [PAIRS] [e2e|matching] [EVENTS]}
rev_b=${2:-.}
pairs=${3:-10}
case ${4:-e2e} in
  e2e) mode=0 ;;
  matching) mode=1 ;;
  *) echo "ab-pair: MODE is e2e or matching" >&2; exit 2 ;;
esac
events=${5:-2000000}

root=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

checkout() {  # checkout REV DIR: the sources a side is built from
  mkdir -p "$2"
  if [ "$1" = . ]; then
    cp -r "$root/include" "$root/src" "$root/capi" "$2/"
    mkdir -p "$2/examples" && cp -r "$root/examples/cli" "$2/examples/"
  else
    git -C "$root" archive "$1" include src capi examples/cli | tar -x -C "$2"
  fi
}
checkout "$rev_a" "$work/a"
checkout "$rev_b" "$work/b"

flags=(-std=c++20 -O3 -DNDEBUG -flto=auto -c)
build_side() {  # build_side NAME DEFINES...: objects of one side in $work/NAME.o/
  local side=$1; shift
  mkdir -p "$work/$side.o"
  local pids=()
  for f in "$work/$side"/src/*.cpp "$work/$side/examples/cli/workload.cpp" "$root/bench/paired/side.cpp"; do
    g++ "${flags[@]}" "$@" -I"$work/$side/include" -I"$work/$side/examples/cli" -I"$work/$side/capi" \
      "$f" -o "$work/$side.o/$(basename "$f" .cpp).o" &
    pids+=($!)
  done
  # Wait for each compile by pid: a bare `wait` returns 0 even when one
  # failed, and the error would surface only as a missing object at link.
  local pid
  for pid in "${pids[@]}"; do
    wait "$pid" || { echo "ab-pair: side $side does not build (see above)" >&2; exit 1; }
  done
}
build_side a -Dsigmax=sigmax_a -DSIGMAX_AB_RUN=run_a
build_side b -DSIGMAX_AB_RUN=run_b
g++ -std=c++20 -O3 -flto=auto "$root/bench/paired/main.cpp" "$work"/a.o/*.o "$work"/b.o/*.o -lfmt -lpthread -o "$work/ab"

echo "A = $rev_a, B = ${rev_b/#./the working tree}"
"$work/ab" "$pairs" "$mode" "$events"
