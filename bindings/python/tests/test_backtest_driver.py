"""backtest.run, the callback driver (docs/backtesting.md, "Callback style"): the order of the
callbacks after each step, the timer rule, on_order_update exactly for the
orders whose record changed, the symbols and until arguments, the recorder
and the result; the same call log on every backend."""
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import sigmax_exec as sx
from sigmax_exec.backtest import Recorder, Strategy, run
from sigmax_exec.market import EventFile, Kind, Symbol
from sigmax_exec.venue import GTX, IOC, Venue, VenueOrderStatus
from venue_streams import BUY, CORE_BACKENDS, SELL, config, core_class, level, loaded_core_backends, trade, write_file

MS = 1_000_000
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(params=CORE_BACKENDS)
def backend(request):
    core_class(request.param)
    return request.param


@pytest.fixture(scope="module")
def slice_file(shared_slice):
    """The shared recording's first 10 s (conftest's shared_slice)."""
    return shared_slice(10)


class Logger(Strategy):
    """Logs every call with the local time; trades a little on its timer so
    that orders get answers: every 4th timer cancels its resting bid and
    rests a new one at the best bid, every 6th sells 1 lot IOC at the bid."""

    def __init__(self, trade_symbol=None):
        self.log = []
        self.trade_symbol = trade_symbol
        self.timers = 0
        self.next_id = 1

    def on_start(self, v):
        self.log.append(("start", v.current_timestamp))

    def on_order_update(self, v, o):
        self.log.append(("order", v.current_timestamp, o.symbol, o.order_id, o.status.name, o.request.name, o.leaves,
                         o.executed, o.exec_price))

    def on_trade(self, v, symbol, trades):
        self.log.append(("trade", v.current_timestamp, symbol, len(trades), int(trades["quantity"].sum())))

    def on_depth(self, v, symbol):
        q = v.quote(symbol)
        self.log.append(("depth", v.current_timestamp, symbol, q.bid_price_ticks, q.ask_price_ticks))

    def on_timer(self, v, ts):
        self.log.append(("timer", ts, v.current_timestamp))
        self.timers += 1
        s = self.trade_symbol
        bid = v.best_bid_tick(s) if s is not None else None
        if bid is None:
            return
        if self.timers % 4 == 0:
            v.cancel_all(s)
            v.submit(s, self.next_id, BUY, bid, 1, tif=GTX)
            self.next_id += 1
        if self.timers % 6 == 0:
            v.submit(s, self.next_id, SELL, bid, 1, tif=IOC)
            self.next_id += 1

    def on_finish(self, v):
        self.log.append(("finish", v.current_timestamp))


def slice_config():
    return config(entry=10 * MS, response=10 * MS)


def run_logger(path, backend, **kw):
    with Venue(path, slice_config(), backend=backend) as v:
        strategy = Logger(trade_symbol=v.symbols[0].id)
        result = run(v, strategy, **kw)
        return strategy.log, result, v.local_shift


def test_the_call_log_over_the_recording_is_the_same_on_every_backend(slice_file):
    logs = {b: run_logger(slice_file, b, timer_ns=250 * MS)[0] for b in loaded_core_backends()}
    assert "python" in logs
    reference = logs["python"]
    updates = [e for e in reference if e[0] == "order"]
    rested = {e[3] for e in updates if e[4] == "NEW"}
    assert {e[3] for e in updates if e[4] == "FILLED"} & rested, "a resting bid filled later is reported"
    assert {e[3] for e in updates if e[4] == "CANCELLED"} & rested and len(updates) >= 10
    for b, log in logs.items():
        assert log == reference, f"{b} differs from python"


class Sends(Logger):
    """Logger that rests three GTX orders at start: BTC id 5, ETH ids 9 and 3 (in that order)."""

    def on_start(self, v):
        super().on_start(v)
        v.submit(4, 9, BUY, 1990, 1, tif=GTX)
        v.submit(1, 5, BUY, 990, 1, tif=GTX)
        v.submit(4, 3, SELL, 2010, 1, tif=GTX)


def test_after_each_step_orders_then_trades_then_depth_then_the_timer_are_called(backend, tmp_path):
    """At local time 20 three answers, a trade and a book change of each symbol and the timer coincide."""
    btc = Symbol(1, "BTCUSDT", "test", 0.1, 0.001, 1.0, False)
    eth = Symbol(4, "ETHUSDT", "test", 0.01, 0.01, 1.0, False)
    items = [level(0, BUY, 1000, 5, symbol=1), level(0, SELL, 1001, 4, symbol=1),
             level(0, BUY, 2000, 3, symbol=4), level(0, SELL, 2005, 2, symbol=4),
             level(20, BUY, 2001, 1, symbol=4), trade(20, SELL, 1000, 2, symbol=1), level(20, BUY, 999, 7, symbol=1),
             trade(20, BUY, 2005, 1, symbol=4), level(35, SELL, 1002, 1, symbol=1)]
    with Venue(write_file(tmp_path / "t.sgxev", items, [btc, eth]), config(entry=10, response=10),
               backend=backend) as v:
        s = Sends()
        result = run(v, s, timer_ns=20)
    assert s.log == [
        ("start", 0),
        ("depth", 0, 1, 1000, 1001), ("depth", 0, 4, 2000, 2005),
        ("order", 20, 1, 5, "NEW", "NONE", 1, 0, 0), ("order", 20, 4, 3, "NEW", "NONE", 1, 0, 0),
        ("order", 20, 4, 9, "NEW", "NONE", 1, 0, 0),
        ("trade", 20, 1, 1, 2), ("trade", 20, 4, 1, 1),
        ("depth", 20, 1, 1000, 1001), ("depth", 20, 4, 2001, 2005),
        ("timer", 20, 20),
        ("depth", 35, 1, 1000, 1001),
        ("finish", 35),  # the venue ends at its last event, before the timer at 40
    ]
    assert result.ended and s.log[-1] == ("finish", result.end_ts)


def test_timers_fire_at_t0_plus_k_timer_ns_at_that_local_time(slice_file):
    log, result, _ = run_logger(slice_file, "python", timer_ns=250 * MS)
    t0 = log[0][1]
    timers = [e for e in log if e[0] == "timer"]
    assert [ts for _, ts, _ in timers] == [t0 + k * 250 * MS for k in range(1, len(timers) + 1)]
    assert all(ts == now for _, ts, now in timers)
    assert t0 + len(timers) * 250 * MS <= result.end_ts < t0 + (len(timers) + 1) * 250 * MS


def test_depth_and_trade_calls_follow_the_local_arrival_of_book_and_trade_events(slice_file):
    """Independently of the venue: from the file, shifted to the local clock."""
    log, result, shift = run_logger(slice_file, "python", timer_ns=250 * MS)
    with EventFile(slice_file) as f:
        ev = np.asarray(f.events)
        local = ev["local_ts"] + shift
        is_trade = ev["kind"] == int(Kind.TRADE)
        book_times = sorted(set(local[~is_trade].tolist()))
        trade_times, counts = np.unique(local[is_trade], return_counts=True)
        lots = {t: int(ev["quantity"][is_trade][local[is_trade] == t].sum()) for t in trade_times.tolist()}
    assert [e[1] for e in log if e[0] == "depth"] == book_times
    assert [(e[1], e[3], e[4]) for e in log if e[0] == "trade"] == [
        (t, int(c), lots[t]) for t, c in zip(trade_times.tolist(), counts.tolist())]


class Orders(Strategy):
    """A hand-made sequence (latency 10 out, 10 back): at start a resting GTX
    bid (1) and a taking IOC buy (2); timer 50 cancels 1; timer 100 rests a
    sell (3); timer 150 moves it up a tick."""

    def __init__(self):
        self.updates = []

    def on_start(self, v):
        v.submit(1, 1, BUY, 99, 1, tif=GTX)
        v.submit(1, 2, BUY, 101, 2, tif=IOC)

    def on_order_update(self, v, o):
        self.updates.append((v.current_timestamp, o.order_id, o.status, o.request.name, o.leaves, o.executed,
                             o.exec_price, o.price))

    def on_timer(self, v, ts):
        if ts == 50:
            v.cancel(1, 1)
        elif ts == 100:
            v.submit(1, 3, SELL, 105, 1, tif=GTX)
        elif ts == 150:
            v.modify(1, 3, 106, 1)


def quiet_market(tmp_path, symbols=None):
    items = [level(0, BUY, 99, 10), level(0, SELL, 101, 10)]
    items += [level(t, BUY, 98, t // 100) for t in range(100, 1001, 100)]  # changes away from the orders
    return write_file(tmp_path / "q.sgxev", items, symbols)


def test_on_order_update_fires_exactly_for_orders_whose_record_changed(backend, tmp_path):
    """Answers call back once each; the strategy's own requests (a cancel, a
    modify, a new order) do not; a filled order is not reported again."""
    s = Orders()
    with Venue(quiet_market(tmp_path), config(entry=10, response=10), backend=backend) as v:
        result = run(v, s, timer_ns=50)
    S = VenueOrderStatus
    assert s.updates == [
        (20, 1, S.NEW, "NONE", 1, 0, 0, 99),
        (20, 2, S.FILLED, "NONE", 0, 2, 101, 101),
        (70, 1, S.CANCELLED, "NONE", 0, 0, 0, 99),
        (120, 3, S.NEW, "NONE", 1, 0, 0, 105),
        (170, 3, S.NEW, "NONE", 1, 0, 0, 106),
    ]
    assert result.ended and result.end_ts == 1000
    assert [int(f["order_id"]) for f in result.fills] == [2]


def two_symbol_market(tmp_path):
    btc = Symbol(1, "BTCUSDT", "test", 0.1, 0.001, 1.0, False)
    eth = Symbol(4, "ETHUSDT", "test", 0.01, 0.01, 1.0, False)
    items = [level(0, BUY, 1000, 5, symbol=1), level(0, SELL, 1001, 4, symbol=1),
             level(0, BUY, 2000, 3, symbol=4), level(0, SELL, 2005, 2, symbol=4),
             trade(30, SELL, 1000, 2, symbol=1), trade(40, BUY, 2005, 1, symbol=4),
             level(60, BUY, 999, 7, symbol=1), level(70, BUY, 1999, 7, symbol=4), level(200, BUY, 998, 1, symbol=1)]
    return write_file(tmp_path / "two.sgxev", items, [btc, eth])


def test_symbols_limit_every_callback_to_those_symbols_by_id_or_name(backend, tmp_path):
    logs = []
    for symbols in ("ETHUSDT", 4, [4, "ETHUSDT"], np.int64(4)):
        with Venue(two_symbol_market(tmp_path), config(entry=5, response=5), backend=backend) as v:
            s = Logger()
            v.submit("BTCUSDT", 1, BUY, 1001, 1, tif=IOC)      # answered at 10, but BTC is not watched
            run(v, s, symbols=symbols, timer_ns=1000)
            logs.append(s.log)
    assert logs[0] == logs[1] == logs[2] == logs[3]
    assert [e[:3] for e in logs[0] if e[0] in ("order", "trade", "depth")] == [
        ("depth", 0, 4), ("trade", 40, 4), ("depth", 70, 4)]
    with Venue(two_symbol_market(tmp_path), config(), backend=backend) as v:
        with pytest.raises(sx.UnknownSymbolError):
            run(v, Logger(), symbols=["XRPUSDT"])
        with pytest.raises(ValueError, match="symbols is empty"):
            run(v, Logger(), symbols=[])


def test_every_symbol_is_watched_by_default_in_ascending_id_order(backend, tmp_path):
    with Venue(two_symbol_market(tmp_path), config(), backend=backend) as v:
        s = Logger()
        run(v, s, timer_ns=1000)
    assert [e[:3] for e in s.log if e[0] in ("trade", "depth")] == [
        ("depth", 0, 1), ("depth", 0, 4), ("trade", 30, 1), ("trade", 40, 4), ("depth", 60, 1), ("depth", 70, 4),
        ("depth", 200, 1)]


def test_until_stops_at_that_local_time_and_a_second_run_goes_on_from_there(backend, tmp_path):
    with Venue(two_symbol_market(tmp_path), config(), backend=backend) as v:
        first = Logger()
        r1 = run(v, first, timer_ns=20, until=65)
        assert (r1.end_ts, r1.ended, v.current_timestamp) == (65, False, 65)
        assert [e[1] for e in first.log if e[0] == "timer"] == [20, 40, 60]
        assert first.log[-1] == ("finish", 65)
        second = Logger()
        r2 = run(v, second, timer_ns=100)
        assert r2.ended and r2.end_ts == 200
        assert [e[:2] for e in second.log if e[0] != "depth"] == [("start", 65), ("timer", 165), ("finish", 200)]
    with Venue(two_symbol_market(tmp_path), config(), backend=backend) as v:
        quiet = Logger()
        assert run(v, quiet, until=0).end_ts == 0 and [e[0] for e in quiet.log] == ["start", "finish"]


def test_the_recorder_samples_after_steps_at_its_interval_and_once_more_at_the_end(backend, tmp_path):
    with Venue(two_symbol_market(tmp_path), config(entry=5, response=5), backend=backend) as v:
        rec = Recorder(v, "BTCUSDT", interval_ns=50)
        v.submit(1, 1, BUY, 1001, 1, tif=IOC)
        result = run(v, Strategy(), timer_ns=25, recorder=rec)
        # steps at 0 (book), 10 (answer), 25, 30 (trade), 50, 60, 75, 100, ..., 200 (end)
        assert rec.arrays()["timestamp"].tolist() == [0, 50, 100, 150, 200]
        assert result.recording is rec and rec.arrays()["trades"][-1] == 1
        assert result.summary()["trades"] == 1 and result.state[1].trades == 1 and len(result.fills) == 1
    with Venue(two_symbol_market(tmp_path), config(), backend=backend) as v:
        with pytest.raises(ValueError, match="no recorder"):
            run(v, Strategy()).summary()
        for bad in (0, -1, True):
            with pytest.raises(ValueError, match="timer_ns"):
                run(v, Strategy(), timer_ns=bad)


def test_a_progress_bar_changes_nothing_the_strategy_sees(slice_file, capsys):
    plain = run_logger(slice_file, "python", timer_ns=500 * MS)[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # tqdm warns when a bar overshoots its total
        shown = run_logger(slice_file, "python", timer_ns=500 * MS, progress=True)[0]
    assert shown == plain
    err = capsys.readouterr().err
    assert "local time" in err and re.search(r"100%.*\| (\d+\.\d)/\1 s local time", err), err


def test_the_driver_bench_prints_the_machine_and_each_cases_times(slice_file):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "bindings" / "python"),
                                                       os.environ.get("PYTHONPATH", "")]))
    backend = "cffi" if "cffi" in loaded_core_backends() else "python"
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "python_backtest_driver.py"), str(slice_file),
                          "--runs", "1", "--backend", backend], check=True, capture_output=True, text=True, env=env,
                         timeout=300).stdout
    assert re.search(r"^machine: .+", out, re.M), out
    assert re.search(r"^callback driver over \d+ events, \w+, 1 runs: [1-9]\d* steps", out, re.M), out
    for case in ("baseline loop", "driver, no callbacks", "driver, book reader", "driver, every callback"):
        assert re.search(rf"^  {case} +median +[\d.]+ ms +p10 +[\d.]+ ms +p90 +[\d.]+ ms +\d+ ns/step$", out, re.M), out


class Drives(Strategy):
    """Drives the venue inside a callback, which the driver allows but does not follow."""

    def __init__(self):
        self.timers = []

    def on_timer(self, v, ts):
        self.timers.append((ts, v.current_timestamp))
        if ts == 20:
            v.elapse(55)                                 # to 75: the timers at 40 and 60 are skipped


def test_timers_a_callback_drove_past_are_skipped_and_the_next_is_on_the_grid(backend, tmp_path):
    with Venue(two_symbol_market(tmp_path), config(), backend=backend) as v:
        s = Drives()
        result = run(v, s, timer_ns=20, until=150)
    assert s.timers == [(20, 20), (80, 80), (100, 100), (120, 120), (140, 140)]
    assert result.end_ts == 150
