"""The seed's engine API over a venue (docs/python.md, "The seed's API on a
venue"): RustExecutionEngine(venue=venue) / VenueExecutionEngine(venue) on
every backend. The seed's snippet runs over the shared BTCUSDT recording and
buys at the exchange's recorded ask on arrival, checked against an
independent replay of the file; the rest runs on small hand-made markets
where every number is known."""
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import sigmax_exec as sx
from sigmax_exec import EngineStats, Execution, OrderStatus, REPORT_DTYPE
from sigmax_exec.market import EventFile, L2Book, Symbol, to_value
from sigmax_exec.venue import (FillModel, LatencyModel, ORDER_ID_BLOCK, SEED_ORDER_ID_BASE, Venue,
                               VenueExecutionEngine, VenueOrderStatus)
from test_seed_snippets import PKG_DIR, SNIPPET
from venue_streams import BUY, CORE_BACKENDS, SELL, config, core_class, level, write_file

BTC = Symbol(1, "BTCUSDT", "test", 0.1, 0.001, 1.0, False)
ETH = Symbol(4, "ETHUSDT", "test", 0.01, 0.01, 1.0, False)
ENTRY = RESPONSE = 10  # ns, on the hand-made markets


@pytest.fixture(params=CORE_BACKENDS)
def backend(request):
    core_class(request.param)  # skips (or fails, if required) a backend that cannot load
    return request.param


def market(tmp_path, name="m.sgxev"):
    """BTC: bid 100.0 x 5 lots, asks 100.1 x 4 and 100.2 x 6. At exchange time
    20 the 100.1 ask and the 100.0 bid leave; the strategy hears of it at
    local time 100. ETH: bid 20.00 x 3, ask 20.05 x 2. Quiet until 10,000."""
    items = [level(0, BUY, 1000, 5, symbol=1), level(0, SELL, 1001, 4, symbol=1), level(0, SELL, 1002, 6, symbol=1),
             level(0, BUY, 999, 7, symbol=1),
             level(0, BUY, 2000, 3, symbol=4), level(0, SELL, 2005, 2, symbol=4),
             level(20, SELL, 1001, 0, local_ts=100, symbol=1), level(20, BUY, 1000, 0, local_ts=100, symbol=1),
             level(10_000, BUY, 998, 1, symbol=1)]
    return write_file(tmp_path / name, items, [BTC, ETH])


def engine_over(tmp_path, backend, name="m.sgxev", entry=ENTRY, **kw):
    """A venue over market() (constant latency entry/RESPONSE) and an engine made by the seed's constructor."""
    v = Venue(market(tmp_path, name), config(entry=entry, response=RESPONSE, **kw), backend=backend)
    return sx.load_backend(backend).Engine(venue=v), v


# -- the constructor ---------------------------------------------------------------------

def test_the_seeds_constructor_given_a_venue_makes_a_venue_engine_and_refuses_other_arguments(backend, tmp_path):
    engine_class = sx.load_backend(backend).Engine
    v = Venue(market(tmp_path), config(), backend=backend)
    e = engine_class(venue=v)
    assert type(e) is VenueExecutionEngine and e.venue is v
    assert type(sx.RustExecutionEngine(venue=v)) is VenueExecutionEngine
    for args, kwargs in (((10000,), {}), ((), {"queue_capacity": 10000}), ((), {"fill_capacity": 0})):
        with pytest.raises(TypeError, match=r"venue=\.\.\.\) takes no other argument"):
            engine_class(*args, venue=v, **kwargs)
    for bad in (None, "m.sgxev", 3):
        with pytest.raises(TypeError, match="venue must be a sigmax_exec.venue.Venue"):
            engine_class(venue=bad)
    plain = engine_class(queue_capacity=5)  # without venue: the matching engine, as before
    assert type(plain) is engine_class and plain.queue_capacity == 5
    assert plain.execute_order(1, 0, 0, 100.0, 1.0).status == OrderStatus.NEW


def test_the_constructor_bench_times_the_engine_class_with_and_without_the_venue_constructor():
    bench = Path(__file__).resolve().parents[3] / "bench" / "python_venue_constructor.py"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([PKG_DIR, os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, str(bench), "--backend", "python", "--rounds", "3", "--events", "300"],
                         check=True, capture_output=True, text=True, env=env, timeout=300).stdout
    assert re.search(r"^machine: .+", out, re.M), out
    assert re.search(r"^python engine, \d+ orders a round, 3 rounds interleaved$", out, re.M), out
    figures = r" +median +\d+ ns +p10 +\d+ ns +p90 +\d+ ns$"
    for label in ("with the venue= constructor", "without it \\(baseline\\)"):
        assert re.search(rf"^  {label}\n    execute_order{figures}\n    Engine\(\){figures}", out, re.M), out


def test_the_benchs_baseline_class_is_the_engine_without_the_venue_constructor():
    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
    try:
        from python_venue_constructor import without_venue_constructor
    finally:
        sys.path.pop(0)
    from sigmax_exec._venue_constructor import VenueConstructor
    for name in sx.available_backends():
        shipped = sx.load_backend(name).Engine
        baseline = without_venue_constructor(shipped)
        assert VenueConstructor in shipped.__mro__ and VenueConstructor not in baseline.__mro__
        assert baseline.execute_order is shipped.execute_order  # the same method: only the bases differ
        with pytest.raises(TypeError):
            baseline(venue=None)  # the matching engine's own constructor refuses venue=


# -- execute_order ----------------------------------------------------------------------------

def test_a_marketable_buy_fills_at_the_exchanges_ask_on_arrival_with_slippage_against_the_touch_it_saw(backend,
                                                                                                      tmp_path):
    e, v = engine_over(tmp_path, backend)
    v.goto(12)                                   # local ask 100.1; it leaves the exchange at 20
    r = e.execute_order("BTCUSDT", 0, 1, 0.0, 0.002)     # arrives at 22: the ask is 100.2
    assert isinstance(r, Execution)
    assert (r.order_id, r.status, r.executed_price, r.executed_quantity, r.remaining_quantity) == \
        (1, OrderStatus.FILLED, 100.2, 0.002, 0.0)
    assert (r.fill_count, r.symbol_id, r.side, r.latency_ns) == (1, 1, sx.Side.BUY, ENTRY + RESPONSE)
    assert r.slippage == (100.2 - 100.1) / 100.1 > 0
    assert v.current_timestamp == 12 + ENTRY + RESPONSE   # the engine drove the venue to the answer


def test_a_marketable_sell_fills_at_the_exchanges_bid_on_arrival_and_slippage_is_not_side_adjusted(backend,
                                                                                                   tmp_path):
    e, v = engine_over(tmp_path, backend)
    v.goto(12)                                   # local bid 100.0; it leaves the exchange at 20
    r = e.execute_order(1, sx.Side.SELL, sx.OrderType.LIMIT, 99.5, 0.001, sx.TimeInForce.IOC)
    assert (r.status, r.executed_price, r.executed_quantity, r.side) == (OrderStatus.FILLED, 99.9, 0.001, sx.Side.SELL)
    assert r.slippage == (99.9 - 100.0) / 100.0 < 0  # the engine's sign: negative = a sell received less


def test_an_order_sent_before_the_market_moves_fills_at_the_touch_it_saw_with_zero_slippage(backend, tmp_path):
    e, v = engine_over(tmp_path, backend)
    v.goto(5)                                    # arrives at 15, before the ask leaves at 20
    r = e.execute_order("BTCUSDT", 0, 0, 100.5, 0.003)   # a limit buy above the ask
    assert (r.status, r.executed_price, r.slippage) == (OrderStatus.FILLED, 100.1, 0.0)


def test_executed_price_is_the_vwap_of_the_orders_fills_when_it_walks_the_book(backend, tmp_path):
    e, v = engine_over(tmp_path, backend, fill=FillModel.PARTIAL)
    v.goto(5)
    r = e.execute_order("BTCUSDT", 0, 1, None, 0.006)  # 4 lots at 100.1, 2 at 100.2
    vwap = float(to_value((1001 * 4 + 1002 * 2) / 6, 0.1))
    assert (r.status, r.fill_count, r.executed_quantity, r.executed_price) == (OrderStatus.FILLED, 2, 0.006, vwap)
    assert r.slippage == (vwap - 100.1) / 100.1
    assert list(v.fills()["price"]) == [1001, 1002]


def test_a_resting_gtc_limit_reports_new_with_nothing_filled_and_stays_at_the_venue(backend, tmp_path):
    e, v = engine_over(tmp_path, backend)
    v.goto(5)
    r = e.execute_order("ETHUSDT", 0, 0, 19.9, 0.5)
    assert (r.status, r.executed_quantity, r.executed_price, r.remaining_quantity, r.fill_count, r.slippage) == \
        (OrderStatus.NEW, 0.0, 0.0, 0.5, 0, 0.0)
    assert r.latency_ns == ENTRY + RESPONSE
    o = v.order("ETHUSDT", e.venue_order_id(r.order_id))
    assert (o.status, o.price, o.leaves) == (VenueOrderStatus.NEW, 1990, 50)
    assert e.get_stats()["resting_orders"] == 1
    v.cancel("ETHUSDT", e.venue_order_id(r.order_id))  # the user may manage it through the venue
    v.elapse(1_000)
    assert e.get_stats()["resting_orders"] == 0       # closed at the venue
    again = e.execute_order("ETHUSDT", 0, 0, 19.9, 0.5)
    v.cancel("ETHUSDT", e.venue_order_id(again.order_id))
    v.elapse(1_000)
    v.clear_inactive_orders()
    assert e.get_stats()["resting_orders"] == 0       # forgotten by the venue


def test_venue_statuses_map_onto_the_engines(backend, tmp_path):
    e, v = engine_over(tmp_path, backend)
    v.goto(5)
    assert e.execute_order(1, 0, 0, 99.0, 0.001, sx.TimeInForce.IOC).status == OrderStatus.CANCELLED  # EXPIRED
    assert e.execute_order(1, 0, 0, 100.5, 0.001, sx.TimeInForce.POST_ONLY).status == OrderStatus.REJECTED  # crossing GTX
    assert e.execute_order(1, 1, 0, 100.1, 0.001, sx.TimeInForce.POST_ONLY).status == OrderStatus.NEW
    rejecting, _ = engine_over(tmp_path, backend, name="r.sgxev", entry=-5)
    r = rejecting.execute_order(1, 0, 0, 100.1, 0.001)  # a negative entry latency: refused by the venue
    assert (r.status, r.latency_ns, r.executed_quantity) == (OrderStatus.REJECTED, 5, 0.0)
    assert rejecting.get_stats()["rejects"] == 1


def test_symbols_are_named_by_id_or_name_and_an_unknown_one_changes_nothing(backend, tmp_path):
    e, v = engine_over(tmp_path, backend)
    v.goto(5)
    before = (v.current_timestamp, dict(v.orders(1)), e.get_stats())
    for bad in ("XRPUSDT", 2, 1 << 40):
        with pytest.raises(sx.UnknownSymbolError) as info:
            e.execute_order(bad, 0, 0, 100.0, 0.001)
        assert info.value.status_name == "SGX_ERR_UNKNOWN_SYMBOL"
    for bad_type in (1.0, True, None):
        with pytest.raises(TypeError):
            e.execute_order(bad_type, 0, 0, 100.0, 0.001)
    assert (v.current_timestamp, dict(v.orders(1)), e.get_stats()) == before
    assert e.execute_order(np.uint32(4), 0, 0, 19.9, 0.5).order_id == 1  # no id was used by the refusals
    assert e.execute_order("ETHUSDT", 0, 0, 19.9, 0.5).symbol_id == 4


@pytest.mark.parametrize("args, status", [
    ((1, 0, 0, 100.05, 0.001), "SGX_ERR_OFF_TICK"),
    ((1, 0, 0, 100.0, 0.0005), "SGX_ERR_OFF_LOT"),
    ((1, 0, 0, math.nan, 0.001), "SGX_ERR_INVALID_PRICE"),
    ((1, 0, 0, 100.0, -1.0), "SGX_ERR_INVALID_QUANTITY"),
    ((1, 2, 0, 100.0, 0.001), "SGX_ERR_INVALID_SIDE"),
    ((1, 0, 5, 100.0, 0.001), "SGX_ERR_INVALID_TYPE"),
    ((1, 0, 1, 0.0, 0.001, sx.TimeInForce.FOK), "SGX_ERR_INVALID_TIF"),  # the venue: a market order is GTC or IOC
])
def test_an_invalid_order_raises_invalid_order_error_with_its_status_and_changes_nothing_but_the_count(
        backend, tmp_path, args, status):
    e, v = engine_over(tmp_path, backend)
    v.goto(5)
    with pytest.raises(sx.InvalidOrderError) as info:
        e.execute_order(*args)
    assert info.value.status_name == status
    assert (v.current_timestamp, len(v.orders(1)), len(v.fills())) == (5, 0, 0)
    stats = e.get_stats()
    assert (stats["invalid_requests"], stats["total_executions"]) == (1, 0)  # counted as the engine counts them
    assert e.execute_order(1, 0, 0, 99.0, 0.001).order_id == 1


def test_arguments_of_the_wrong_type_raise_type_error_as_the_engine_does(backend, tmp_path):
    e, v = engine_over(tmp_path, backend)
    v.goto(5)
    for args in ((1, "buy", 0, 100.0, 0.001), (1, 0, 0, "100", 0.001), (1, 0, 0, None, 0.001),
                 (1, 0, 0, 100.0, True)):
        with pytest.raises(TypeError):
            e.execute_order(*args)
    assert e.get_stats()["invalid_requests"] == 0 and not v.orders(1)


# -- ids ------------------------------------------------------------------------------------

def test_engine_ids_count_from_one_and_live_in_a_reserved_block_of_venue_ids_per_engine(backend, tmp_path):
    e, v = engine_over(tmp_path, backend)
    other = VenueExecutionEngine(v)
    v.goto(5)
    v.submit(1, 1, BUY, 990, 1)  # the user's own id 1 does not clash
    a, b, c = (e.execute_order(1, 0, 0, 99.0, 0.001), other.execute_order(1, 0, 0, 99.0, 0.001),
               e.execute_order(1, 0, 0, 99.0, 0.001))
    assert (a.order_id, b.order_id, c.order_id) == (1, 1, 2)
    first = e.venue_order_id(1)
    assert first >= SEED_ORDER_ID_BASE and other.venue_order_id(1) - first == ORDER_ID_BLOCK
    assert sorted(v.orders(1)) == [1, first, first + 1, other.venue_order_id(1)]
    with pytest.raises(ValueError):
        e.venue_order_id(0)


# -- stats -----------------------------------------------------------------------------------

def test_get_stats_counts_this_engines_executions_with_the_simulated_latencies_and_reset_zeroes_them(backend,
                                                                                                    tmp_path):
    e, v = engine_over(tmp_path, backend, fill=FillModel.PARTIAL)
    v.goto(5)
    e.execute_order(1, 0, 1, 0.0, 0.006)               # 2 fills, 6 lots
    e.execute_order(1, 0, 0, 99.0, 0.002)              # rests
    e.execute_order(1, 0, 0, 100.5, 0.001, sx.TimeInForce.POST_ONLY)  # crosses: REJECTED
    with pytest.raises(sx.InvalidOrderError):
        e.execute_order(1, 0, 0, 100.05, 0.001)
    stats = e.get_stats()
    assert list(stats) == list(EngineStats.__annotations__)
    assert all(type(stats[k]) is t for k, t in EngineStats.__annotations__.items() if isinstance(t, type))
    assert {k: stats[k] for k in ("total_executions", "total_fills", "volume_lots", "total_volume", "rejects",
                                  "cancels", "amends", "invalid_requests", "resting_orders")} == \
        {"total_executions": 3, "total_fills": 2, "volume_lots": 6, "total_volume": 0.006, "rejects": 1, "cancels": 0,
         "amends": 0, "invalid_requests": 1, "resting_orders": 1}
    rt = ENTRY + RESPONSE
    assert (stats["latency_samples"], stats["avg_latency_ns"], stats["min_latency_ns"], stats["max_latency_ns"],
            stats["p50_latency_ns"], stats["p99_latency_ns"]) == (3, float(rt), rt, rt, rt, rt)
    e.reset_stats()
    zeroed = e.get_stats()
    assert zeroed["resting_orders"] == 1  # a gauge of the venue: it stays
    assert all(zeroed[k] == 0 for k in zeroed if k != "resting_orders")


def test_latency_percentiles_are_nearest_rank_over_the_simulated_round_trips(backend, tmp_path):
    e, v = engine_over(tmp_path, backend)
    v.goto(5)
    for _ in range(3):
        e.execute_order(1, 0, 0, 99.0, 0.001)
    e._latencies[:] = [40, 10, 30, 20]  # the record of round trips the percentiles are read from
    s = e.get_stats()
    assert (s["p50_latency_ns"], s["p90_latency_ns"], s["p99_latency_ns"], s["min_latency_ns"],
            s["max_latency_ns"], s["avg_latency_ns"]) == (20, 40, 40, 10, 40, 25.0)


# -- execute_batch --------------------------------------------------------------------------

def test_execute_batch_runs_the_orders_in_order_each_as_execute_order_also_through_the_module_function(backend,
                                                                                                     tmp_path):
    orders = [("BTCUSDT", 0, 0, 99.0, 0.001), (4, 1, 0, 20.0, 0.01), ("BTCUSDT", 0, 1, 0.0, 0.001, 1)]
    e, v = engine_over(tmp_path, backend)
    v.goto(5)
    got = sx.execute_batch(e, orders)
    assert [r.order_id for r in got] == [1, 2, 3]
    assert [(r.symbol_id, r.status) for r in got] == [(1, OrderStatus.NEW), (4, OrderStatus.FILLED),
                                                      (1, OrderStatus.FILLED)]
    assert v.current_timestamp == 5 + 3 * (ENTRY + RESPONSE)  # one after another, each waiting for its answer
    one_by_one, v2 = engine_over(tmp_path, backend, name="b.sgxev")
    v2.goto(5)
    assert [one_by_one.execute_order(*o) for o in orders] == got
    assert e.execute_batch([]) == []


def test_a_batch_with_an_invalid_order_names_it_and_sends_nothing(backend, tmp_path):
    e, v = engine_over(tmp_path, backend)
    v.goto(5)
    with pytest.raises(sx.InvalidOrderError) as info:
        e.execute_batch([(1, 0, 0, 99.0, 0.001), (1, 0, 0, 99.0, 0.001), (1, 0, 0, 99.05, 0.001)])
    assert info.value.index == 2 and info.value.status_name == "SGX_ERR_OFF_TICK"
    with pytest.raises(sx.UnknownSymbolError) as unknown:
        e.execute_batch([(1, 0, 0, 99.0, 0.001), ("XRPUSDT", 0, 0, 1.0, 1.0)])
    assert unknown.value.index == 1
    assert not v.orders(1) and v.current_timestamp == 5
    assert e.execute_order(1, 0, 0, 99.0, 0.001).order_id == 1


def test_execute_batch_takes_order_arrays_and_gives_report_arrays_as_the_engine_does(backend, tmp_path):
    e, v = engine_over(tmp_path, backend)
    v.goto(5)
    orders = sx.make_orders(1, np.array([0, 1]), 0, np.array([99.0, 100.1]), 0.001)
    reports = e.execute_batch(orders, as_array=True)
    assert reports.dtype == REPORT_DTYPE and list(reports["order_id"]) == [1, 2]
    assert list(reports["status"]) == [OrderStatus.NEW, OrderStatus.NEW]
    out = np.zeros(4, REPORT_DTYPE)
    view = sx.execute_batch(e, [(1, 0, 1, 0.0, 0.001)], out=out)  # sent at 45: the exchange's ask is 100.2
    assert len(view) == 1 and int(out[0]["order_id"]) == 3 and float(out[0]["executed_price"]) == 100.2
    assert view.base is out or np.shares_memory(view, out)
    assert int(out[1]["order_id"]) == 0  # past the batch: untouched


# -- the seed's snippet over the shared recording ------------------------------------------------

ENTRY_NS = RESPONSE_NS = 10_000_000  # the examples' constant latency (docs/venue.md, Figures)
SLICE_SECONDS = 30


class Replay:
    """The slice replayed into sigmax_exec.market L2 books without the venue:
    the strategy's book takes the events in file (local) order up to a local
    time, the exchange's in exch_ts order (stable) up to an exchange time,
    events at that very time included (docs/venue.md: exchange data goes
    before a request arriving at the same time). Local times are shifted as
    the venue aligns them: min(local_ts - exch_ts) becomes 0."""

    def __init__(self, path):
        with EventFile(path) as f:
            self.symbols = f.symbols
            self.local = f.events.copy()
        self.shift = max(0, -int((self.local["local_ts"] - self.local["exch_ts"]).min()))
        self.local_ts = self.local["local_ts"] + self.shift
        self.start = int(self.local_ts[0])
        self.exch = self.local[np.argsort(self.local["exch_ts"], kind="stable")]

    def touches(self, side, times, latency):
        """(local touch at t, exchange touch at t + latency) for increasing times t:
        the ask for a buy, the bid for a sell, in ticks."""
        lb, xb, li, xi = L2Book(self.symbols), L2Book(self.symbols), 0, 0
        for t in times:
            lj = int(np.searchsorted(self.local_ts, t, side="right"))
            xj = int(np.searchsorted(self.exch["exch_ts"], t + latency, side="right"))
            lb.apply(self.local[li:lj])
            xb.apply(self.exch[xi:xj])
            li, xi = lj, xj
            pick = (lambda q: q.ask_price_ticks) if side == BUY else (lambda q: q.bid_price_ticks)
            yield t, pick(lb.best(0)), pick(xb.best(0))

    def moving_moment(self, side):
        """The first 100 ms step from 10 s in at which the touch the strategy
        sees differs from the touch its order meets ENTRY_NS later: the market
        moved during the feed's delay plus the entry latency."""
        times = range(self.start + 10_000_000_000, self.start + (SLICE_SECONDS - 1) * 1_000_000_000, 100_000_000)
        for t, seen, met in self.touches(side, times, ENTRY_NS):
            if seen is not None and met is not None and seen != met:
                return t, seen, met
        raise AssertionError("the touch never moved within the entry latency in the slice")


@pytest.fixture(scope="module")
def recorded(shared_slice):
    path = shared_slice(SLICE_SECONDS)
    return path, Replay(path)


def venue_snippet(path, goto, order_line):
    """SNIPPET with the engine made over a Venue of `path` at local time `goto`,
    its order replaced by `order_line` and its batch's symbols by "BTCUSDT";
    then the venue's first fill (ticks, exchange time)."""
    engine_line = "engine = RustExecutionEngine(queue_capacity=10000)\n"
    seed_order = "engine.execute_order(symbol_id=1, side=0, order_type=0, price=50000.0, quantity=1.0)"
    seed_batch = "    (1, 0, 0, 50000.0, 1.0),\n    (2, 1, 0, 3000.0, 2.0),\n    (3, 0, 1, 100.0, 5.0),\n"
    for part in (engine_line, seed_order, seed_batch):
        assert part in SNIPPET
    cfg = f"VenueConfig(latency=LatencyModel.constant({ENTRY_NS}, {RESPONSE_NS}))"
    return (SNIPPET
            .replace(engine_line, "from sigmax_exec.venue import LatencyModel, Venue, VenueConfig\n"
                                  f"venue = Venue({str(path)!r}, {cfg})\nvenue.goto({goto})\n"
                                  "engine = RustExecutionEngine(venue=venue)\n")
            .replace(seed_order, order_line)
            .replace(seed_batch, seed_batch.replace("(1,", '("BTCUSDT",').replace("(2,", '("BTCUSDT",')
                     .replace("(3,", '("BTCUSDT",'))
            + 'first = venue.fills()[0]\nprint(int(first["price"]), int(first["exch_ts"]))\n')


@pytest.mark.parametrize("order", ["market buy", "limit buy above the ask"])
def test_the_seed_snippet_over_the_shared_recording_buys_at_the_recorded_ask_on_arrival_with_nonzero_slippage(
        backend, recorded, order):
    """The order is sent at a moment the independent replay found, where the
    ask the strategy sees (the feed's delay behind the exchange) differs from
    the ask the order meets 10 ms later (the entry latency): it fills at the
    exchange's ask on arrival, and the slippage against the ask it saw is
    that move, so nonzero. 1 BTC with the default no-partial fill model fills
    whole at the best ask, so the VWAP is that ask."""
    path, replay = recorded
    t, seen, met = replay.moving_moment(BUY)
    if order == "market buy":
        line = 'engine.execute_order(symbol_id="BTCUSDT", side=0, order_type=1, price=0.0, quantity=1.0)'
    else:
        above = float(to_value(max(seen, met) + 100, 0.1))  # 10.0 above both asks: marketable on arrival
        line = f'engine.execute_order(symbol_id="BTCUSDT", side=0, order_type=0, price={above!r}, quantity=1.0)'
    env = dict(os.environ, PYTHONPATH=PKG_DIR, SIGMAX_EXEC_BACKEND=backend)
    r = subprocess.run([sys.executable, "-c", venue_snippet(path, t, line)], capture_output=True, text=True,
                       env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    ask, ask_seen = float(to_value(met, 0.1)), float(to_value(seen, 0.1))
    slippage = (ask - ask_seen) / ask_seen
    assert slippage != 0.0
    assert lines[1] == f"1 {ask!r} 1.0 True {slippage!r}"
    assert lines[2:5] == ["3 [2, 3, 4]", "4 True True", "0"]
    assert lines[-1] == f"{met} {t + ENTRY_NS}"  # the first fill: the recorded ask, at the order's arrival


def test_a_sell_over_the_shared_recording_fills_at_the_recorded_bid_on_arrival(backend, recorded):
    path, replay = recorded
    t, seen, met = replay.moving_moment(SELL)
    with Venue(path, config(entry=ENTRY_NS, response=RESPONSE_NS), backend=backend) as v:
        v.goto(t)
        r = VenueExecutionEngine(v).execute_order("BTCUSDT", 1, 1, None, 0.5)
        bid, bid_seen = float(to_value(met, 0.1)), float(to_value(seen, 0.1))
        assert (r.executed_price, r.executed_quantity, r.latency_ns) == (bid, 0.5, ENTRY_NS + RESPONSE_NS)
        assert r.slippage == (bid - bid_seen) / bid_seen != 0.0
        assert int(v.fills()[0]["exch_ts"]) == t + ENTRY_NS
