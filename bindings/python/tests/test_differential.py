"""The native engine and the pure-Python fallback must agree exactly: same
reports (latency aside), same errors (TypeError messages included), same
bytes left in a batch's out= array, same fills, same final books and
statistics (latency aside)."""
import os

import pytest

from conftest import loaded_backends
from streams import configure, run, stream


def _compare(n, seed):
    backends = loaded_backends()
    if len(backends) < 2:
        pytest.skip("needs at least two backends")
    results = {}
    for b in backends:
        e = b.Engine()
        configure(e)
        results[b.Engine.implementation] = run(e, list(stream(seed, n)))
        e.close()
    names = list(results)
    ref = results[names[0]]
    for name in names[1:]:
        got = results[name]
        for what, a, c in zip(("reports", "fills", "books"), ref, got):
            if a != c:
                first = next((i for i, (x, y) in enumerate(zip(a, c)) if x != y), min(len(a), len(c)))
                pytest.fail(f"{names[0]} and {name} differ in {what} at #{first}: "
                            f"{a[first] if first < len(a) else None} vs {c[first] if first < len(c) else None}")
    outcomes, fills, _ = ref
    errors = [o[1] for o in outcomes if o[0] == "error"]
    assert len(fills) > n // 10, "the stream should trade a lot"
    assert len(errors) > n // 100, "the stream should include invalid input"
    for kind in ("InvalidOrderError", "TypeError", "LevelFullError"):
        assert errors.count(kind) > n // 1000, f"the stream should meet {kind}"
    assert sum(1 for o in outcomes if o[0] == "out") > n // 200, "the stream should write batches into out="


def test_backends_agree_on_50000_random_events():
    _compare(50_000, seed=7)


@pytest.mark.skipif(os.environ.get("SIGMAX_LONG_TESTS") != "1", reason="set SIGMAX_LONG_TESTS=1 to run")
def test_backends_agree_on_1000000_random_events():
    _compare(1_000_000, seed=11)
