#!/usr/bin/env bash
# A/B of the Python package's per-call costs: two trees' bindings/python
# (A: main's, B: this one's) run `python -m sigmax_exec bench --json` in
# interleaved rounds (A B, then B A, ...), each over its own library, and
# the medians of every figure are printed side by side. Interleaving puts
# both sides under the same machine load; build each library in Release
# first, e.g.
#   cmake -S /work/main -B /tmp/main-rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DSIGMAX_BUILD_TESTS=OFF
#   cmake --build /tmp/main-rel -j2 --target sigmax_exec
#
# usage: scripts/ab-python.sh [rounds]      (default 5)
# environment: A_TREE (default /work/main), B_TREE (default this checkout),
#   A_LIB, B_LIB (default <tree>/build/release/src/libsigmax_exec.so),
#   EVENTS (native, default 100000), PY_EVENTS (pure, default 20000),
#   BACKENDS (default "cffi python"), PYTHON (default /usr/bin/python3).
set -euo pipefail
ROUNDS=${1:-5}
HERE=$(cd "$(dirname "$0")/.." && pwd)
A_TREE=${A_TREE:-/work/main}
B_TREE=${B_TREE:-$HERE}
A_LIB=${A_LIB:-$A_TREE/build/release/src/libsigmax_exec.so}
B_LIB=${B_LIB:-$B_TREE/build/release/src/libsigmax_exec.so}
EVENTS=${EVENTS:-100000}
PY_EVENTS=${PY_EVENTS:-20000}
BACKENDS=${BACKENDS:-cffi python}
PYTHON=${PYTHON:-/usr/bin/python3}
for lib in "$A_LIB" "$B_LIB"; do
    [ -f "$lib" ] || { echo "no library at $lib (set A_LIB / B_LIB)" >&2; exit 2; }
done
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

run() {  # side round
    local tree lib
    if [ "$1" = A ]; then tree=$A_TREE lib=$A_LIB; else tree=$B_TREE lib=$B_LIB; fi
    (cd "$OUT" && PYTHONPATH="$tree/bindings/python" SIGMAX_EXEC_LIBRARY="$lib" \
        "$PYTHON" -m sigmax_exec bench --json --events "$EVENTS" --python-events "$PY_EVENTS" \
        --backends $BACKENDS > "$OUT/$1.$2.json")
}

for r in $(seq 1 "$ROUNDS"); do
    if [ $((r % 2)) = 1 ]; then run A "$r"; run B "$r"; else run B "$r"; run A "$r"; fi
    echo "round $r of $ROUNDS done" >&2
done

"$PYTHON" - "$OUT" "$ROUNDS" "$A_TREE" "$B_TREE" <<'PY'
import glob, json, os, statistics, sys
out, rounds, a_tree, b_tree = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
FIGURES = [("single", "ns_per_call", "call ns (execute/cancel, mean)"),
           ("single", "p50_ns", "call p50 ns (timed one by one)"),
           ("single", "p99_ns", "call p99 ns"),
           ("orders_only", "ns_per_call", "execute_order ns (mean, orders only)"),
           ("batch_tuples", "ns_per_order", "execute_batch tuples ns/order"),
           ("batch_array", "ns_per_order", "execute_batch array ns/order")]
def figures(side):
    by = {}
    for path in sorted(glob.glob(os.path.join(out, f"{side}.*.json"))):
        with open(path) as f:
            doc = json.load(f)
        for row in doc["results"]:
            for part, key, label in FIGURES:
                if row.get(part):
                    by.setdefault((row["backend"], label), []).append(row[part][key])
    return by
A, B = figures("A"), figures("B")
machine = json.load(open(os.path.join(out, "B.1.json"))).get("machine")
if machine:
    print("machine:", machine.get("description", machine))
print(f"A = {a_tree}, B = {b_tree}; medians of {rounds} interleaved rounds")
print(f"{'backend':<8} {'figure':<38} {'A':>9} {'B':>9} {'B/A':>6}")
for key in A:
    if key not in B:
        continue
    a, b = statistics.median(A[key]), statistics.median(B[key])
    print(f"{key[0]:<8} {key[1]:<38} {a:>9.0f} {b:>9.0f} {b / a:>6.2f}")
PY
