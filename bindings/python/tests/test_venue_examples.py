"""The venue's examples and benchmark run as documented: the example
strategies (examples/python/venue_grid.py, venue_quote.py,
venue_imbalance.py) print the same orders, fills, position, fees, equity and
summary on every backend, take --param, --json and --plot, and refuse an
unknown param (over the first 15 s of the shared recording);
bench/python_venue_grid.py prints its machine line, the run times with and
without recording, and the per-call costs (over a small synthetic market: a
minute of a random-walk book with trades, so it stays quick)."""
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sigmax_exec.market import EVENT_DTYPE, EventFileWriter, Flag, Kind, Symbol
from shared_slice import shared_recording, write_slice
from example_modules import load_example
from venue_streams import loaded_core_backends

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples" / "python"
STRATEGIES = {"grid": "venue_grid.py", "quote": "venue_quote.py", "imbalance": "venue_imbalance.py"}
SUMMARY_KEYS = ("start_ts", "end_ts", "samples", "duration_s", "pnl", "return", "final_equity", "sharpe", "sortino",
                "max_drawdown", "max_drawdown_pct", "trades", "maker_fills", "taker_fills", "volume",
                "trading_value", "fees", "position", "realized_pnl", "orders_submitted", "orders_filled",
                "fill_ratio", "maker_share", "taker_share")
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


def example(strategy):
    """The example's module, loaded from its file (main(argv) runs its command line in this process)."""
    return load_example(STRATEGIES[strategy][:-3])


def printed(capsys, strategy, *argv):
    example(strategy).main([str(a) for a in argv])
    return capsys.readouterr().out


@pytest.fixture(scope="module")
def market(tmp_path_factory):
    return minute_of_market(tmp_path_factory.mktemp("grid") / "minute.sgxmd")


@pytest.fixture(scope="module")
def short_market(tmp_path_factory):
    """The first 15 s of the shared recording (shared_slice.py): every example
    trades there (the random-walk minute keeps stale levels on both sides, so
    the quoting and imbalance strategies would not)."""
    if shared_recording() is None:
        pytest.skip("the shared Binance recording is absent")
    path = tmp_path_factory.mktemp("examples") / "btcusdt_15s.sgxmd"
    write_slice(path, seconds=15)
    return path


@pytest.mark.parametrize("strategy", list(STRATEGIES))
def test_each_example_prints_the_same_trading_and_summary_on_every_backend(strategy, short_market, capsys):
    outputs = {}
    for b in loaded_core_backends():
        outputs[b] = printed(capsys, strategy, short_market, "--backend", b).replace(f", {b}:", ", <backend>:")
    assert "python" in outputs
    reference = outputs["python"]
    assert re.search(r"orders: [1-9]\d* submitted, \d+ cancelled; fills: [1-9]\d* \(\d+ maker, \d+ taker\)",
                     reference), reference
    assert re.search(r"  fill (buy |sell) [\d.]+ at [\d.]+ \(order \d+, (maker|taker), fee -?[\d.]+\)", reference)
    assert re.search(r"position -?[\d.]+, volume [\d.]+, fees -?[\d.]+, realized -?[\d.]+, equity -?[\d.]+",
                     reference), reference
    for key in SUMMARY_KEYS:
        assert re.search(rf"^  {key} +\S+$", reference, re.M), f"summary line {key} missing:\n{reference}"
    for b, out in outputs.items():
        assert out == reference, f"{b} differs from python"


@pytest.mark.parametrize("strategy", list(STRATEGIES))
def test_json_prints_one_object_with_the_params_given_and_the_summary_nan_as_null(strategy, short_market, capsys):
    module = example(strategy)
    text = printed(capsys, strategy, short_market, "--json", "--param", "lots=200", "--param", "taker_fee=0.0005")
    record = json.loads(text)
    assert list(record) == ["file", "strategy", "params", "summary"]
    assert record["strategy"] == strategy and record["file"] == str(short_market)
    assert record["params"] == {**module.PARAMS, **module.VENUE_PARAMS, "lots": 200, "taker_fee": 0.0005}
    assert tuple(record["summary"]) == SUMMARY_KEYS
    assert record["summary"]["return"] is None  # no capital: NaN, printed as null
    assert record["summary"] == json.loads(json.dumps(module.run(str(short_market), lots=200, taker_fee=0.0005)).replace(
        "NaN", "null"))


@pytest.mark.parametrize("strategy", list(STRATEGIES))
def test_an_unknown_or_malformed_param_exits_2_naming_it(strategy, short_market, capsys):
    for bad, named in (("spread_ticks=3", "spread_ticks"), ("lots=many", "lots")):
        with pytest.raises(SystemExit) as stop:
            example(strategy).main([str(short_market), "--param", bad])
        assert stop.value.code == 2
        assert named in capsys.readouterr().err
    with pytest.raises(TypeError, match="spread_ticks"):
        example(strategy).run(str(short_market), spread_ticks=3)


def test_plot_writes_a_png_of_the_recording(short_market, tmp_path, capsys):
    pytest.importorskip("matplotlib")
    out = tmp_path / "grid.png"
    text = printed(capsys, "grid", short_market, "--plot", out)
    assert f"plot: {out}" in text
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_grid_bench_prints_the_machine_times_and_per_call_costs(market):
    backend = "cffi" if "cffi" in loaded_core_backends() else "python"
    out = run(BENCH, market, "--runs", "2", "--calls", "400", "--backend", backend)
    assert re.search(r"^machine: .+", out, re.M), out
    for part in ("whole run", "create", "strategy", "recording"):
        assert re.search(rf"^  {part} +median +[\d.]+ ms +p10 +[\d.]+ ms +p90 +[\d.]+ ms$", out, re.M), out
    assert re.search(r"-?\d+ ns per sample in the run .*; Recorder.sample back to back \d+ ns", out), out
    assert re.search(r"elapse\(0\) \d+ ns, submit \d+ ns, cancel \d+ ns", out), out
    assert re.search(r"^goal: whole run <= 250 ms: [\d.]+ ms, recording [\d.]+ ms, (met|not met)$", out, re.M), out
