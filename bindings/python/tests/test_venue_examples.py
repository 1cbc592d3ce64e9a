"""The venue's example and benchmark run as documented: examples/python/venue_grid.py
prints the same orders, fills, position, fees and equity on every backend,
and bench/python_venue_grid.py prints its machine line, the run times and
the per-call costs. Both over a small synthetic market (a minute of a
random-walk book with trades), so they stay quick."""
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sigmax_exec.market import EVENT_DTYPE, EventFileWriter, Flag, Kind, Symbol
from venue_streams import loaded_core_backends

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "python" / "venue_grid.py"
BENCH = ROOT / "bench" / "python_venue_grid.py"


def minute_of_market(path, seed=3, n=20_000):
    """A BTC-like book (tick 0.1, lot 0.001) over 60 s: levels around a random-walk
    mid, trades at the touch, the recorder 2 ms behind the exchange."""
    rng = random.Random(seed)
    ev = np.zeros(n, dtype=EVENT_DTYPE)
    mid, t = 600_000, 1_700_000_000_000_000_000
    for i in range(n):
        t += rng.randrange(0, 6_000_000)
        mid += rng.choice((-1, 0, 0, 1))
        side = rng.randrange(2)
        if rng.random() < 0.85:
            price = mid - rng.randrange(1, 40) if side == 0 else mid + rng.randrange(1, 40)
            ev[i] = (t - 2_000_000, t, price, rng.choice((0, rng.randrange(1, 3000))), 0, i, 1, int(Flag.LAST),
                     int(Kind.LEVEL), side, [0] * 8)
        else:  # an aggressor of `side` at the touch
            price = mid + 1 if side == 0 else mid - 1
            ev[i] = (t - 2_000_000, t, price, rng.randrange(1, 800), 0, i, 1, int(Flag.LAST), int(Kind.TRADE), side,
                     [0] * 8)
    with EventFileWriter(path) as w:
        w.add_symbol(Symbol(1, "BTCUSDT", "test", 0.1, 0.001, 1.0, False))
        w.write(ev)
    return path


def run(script, *args, backend=None):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "bindings" / "python"), env.get("PYTHONPATH", "")])
    if backend:
        env["SIGMAX_EXEC_BACKEND"] = backend
    return subprocess.run([sys.executable, str(script), *map(str, args)], check=True, capture_output=True, text=True,
                          env=env, timeout=600).stdout


@pytest.fixture(scope="module")
def market(tmp_path_factory):
    return minute_of_market(tmp_path_factory.mktemp("grid") / "minute.sgxmd")


def test_the_grid_example_prints_the_same_trading_on_every_backend(market):
    outputs = {}
    for b in loaded_core_backends():
        out = run(EXAMPLE, market, "--backend", b)
        outputs[b] = out.replace(f" on {b}:", " on <backend>:")
    assert "python" in outputs
    reference = outputs["python"]
    assert re.search(r"orders: [1-9]\d* submitted, \d+ cancelled; fills: [1-9]\d* ", reference), reference
    assert re.search(r"position -?[\d.]+, volume [\d.]+, fees -?[\d.]+, realized -?[\d.]+, equity -?[\d.]+", reference)
    for b, out in outputs.items():
        assert out == reference, f"{b} differs from python"


def test_the_grid_bench_prints_the_machine_times_and_per_call_costs(market):
    backend = "cffi" if "cffi" in loaded_core_backends() else "python"
    out = run(BENCH, market, "--runs", "2", "--calls", "400", "--backend", backend)
    assert re.search(r"^machine: .+", out, re.M), out
    for part in ("whole run", "create", "strategy"):
        assert re.search(rf"^  {part} +median +[\d.]+ ms +p10 +[\d.]+ ms +p90 +[\d.]+ ms$", out, re.M), out
    assert re.search(r"elapse\(0\) \d+ ns, submit \d+ ns, cancel \d+ ns", out), out
    assert re.search(r"^goal: whole run <= 250 ms: [\d.]+ ms, (met|not met)$", out, re.M), out
