"""The pure-Python venue gives the C venue's answers (docs/venue.md), through
cffi and ctypes alike:

- seeded random markets (several symbols, linear and inverse, trades at and
  through the levels, clears and snapshots, exchange order differing from
  file order) driven by a random strategy (submit, modify, cancel,
  cancel_all, clear_inactive_orders, elapse, goto, wait_next_feed,
  wait_order_response, bad calls too) under every latency, queue and fill
  model and every fee model: after each action the result or the exception
  (class and status), the clock, every order record, the fills, each
  symbol's state, quote and depth are identical, byte for byte;
- seeded random L3 markets (ADD, CANCEL, MODIFY, FILL with and without
  NO_BOOK_CHANGE, several symbols) under book_model L3 (section 11), driven
  the same way; a native core that refuses L3 ("not in this build") is left
  out, and with no second core the pure one runs alone and the test is
  skipped saying so;
- the shared Binance recording, converted, traded by the grid strategy of
  examples/python/venue_grid.py: orders, fills, positions and fees identical.
"""
import dataclasses
import os
import random
import zlib
from pathlib import Path

import numpy as np
import pytest

import sigmax_exec.market as md
from sigmax_exec import InvalidConfigError, SigmaxError
from sigmax_exec.venue import (BookModel, FeeModel, FillModel, LatencyModel, QueueModel, SymbolConfig, Venue,
                               VenueConfig)

from conftest import loaded_backends
from example_modules import load_example
from md_streams import random_l2, random_l3, symbols

LONG = os.environ.get("SIGMAX_LONG_TESTS") == "1"
ROOT = Path(__file__).resolve().parents[3]
SHARED_BINANCE = ROOT / ".." / "shared" / "data" / "binance-usdm" / "btcusdt_20240808.gz"
REAL_FILE_ENV = "SIGMAX_EXEC_MD_FILE"


def backends():
    names = [b.Engine.implementation for b in loaded_backends()]
    if "python" not in names or len(names) < 2:
        pytest.skip("needs the pure-Python venue and a native one to compare")
    return names


# ---- random markets and strategies ---------------------------------------------

def market_file(tmp_path, seed, n, n_symbols=3):
    """A random L2 market (md_streams.random_l2 without bad events: an event
    file holds only valid ones) of n events written to an event file."""
    evs = random_l2(seed, n, n_symbols=n_symbols, bad=False)
    path = tmp_path / f"market{seed}.sgxmd"
    w = md.EventFileWriter(path)
    for s in symbols(n_symbols):
        w.add_symbol(s)
    w.write(evs)
    w.finish()
    return path, evs


def latency_models(evs):
    """Every latency model, on the scale of the stream's clock."""
    t0, t1 = int(evs["local_ts"][0]), int(evs["local_ts"][-1])
    span = max(t1 - t0, 1)
    rows = []
    rng = random.Random(5)
    req, exch = t0 - span // 10, t0 - span // 10
    for i in range(40):
        req += rng.randrange(0, span // 20 + 1)
        exch = max(exch, req + rng.randrange(-2000, 60_000))
        # exch_ts must not decrease (docs/venue.md): rejected rows (exch_ts 0) only come first.
        rows.append((req, 0 if i < 3 else exch, exch + rng.randrange(0, 80_000)))
    return {
        "constant": LatencyModel.constant(20_000, 30_000),
        "constant-rejecting": LatencyModel.constant(-5_000, 10_000),
        "feed": LatencyModel.feed(entry_mul=1.5, response_mul=0.5, entry_ns=1000, response_ns=-500),
        "interpolated": LatencyModel.interpolated(rows),
    }


QUEUES = [QueueModel.risk_averse(), QueueModel.power(2.0), QueueModel.power2(1.5), QueueModel.power3(3.0),
          QueueModel.log(), QueueModel.log2()]
FEES = [FeeModel.value(-0.0001, 0.0005), FeeModel.quantity(0.01, 0.02), FeeModel.flat(-0.5, 1.25)]


def configs(evs, seed):
    """Configs crossing every latency model with queue, fill and fee models (per-symbol overrides too)."""
    out = []
    rng = random.Random(seed)
    for i, (name, lat) in enumerate(latency_models(evs).items()):
        q = QUEUES[(seed + i) % len(QUEUES)]
        fill = FillModel.PARTIAL if (seed + i) % 2 else FillModel.NO_PARTIAL
        defaults = SymbolConfig(queue=q, fill=fill, fee=FEES[i % len(FEES)])
        other = SymbolConfig(queue=rng.choice(QUEUES), fill=FillModel(1 - int(fill)), fee=rng.choice(FEES))
        floor = rng.choice((0, -1, 3000))
        out.append((f"{name}/{q.kind.name}/{fill.name}/floor{floor}",
                    VenueConfig(latency=lat, local_latency_floor_ns=floor, last_trades_capacity=rng.choice((4, 1024)),
                                defaults=defaults, symbols={1: other, "SYM2": SymbolConfig(fill=fill)})))
    return out


def outcome(call):
    try:
        return ("ok", call())
    except SigmaxError as exc:
        return ("error", type(exc).__name__, exc.status)


def snapshot(v, sym_ids):
    """Everything the strategy can see, as comparable values (records as bytes)."""
    out = {"time": v.current_timestamp, "fills": v.fills().tobytes()}
    for s in sym_ids:
        out[("orders", s)] = v.orders_array(s).tobytes()
        out[("state", s)] = np.asarray(v._core.state(s)).tobytes()
        out[("quote", s)] = v.quote(s)
        out[("bids", s)] = v.depth(s, 0, 5)
        out[("asks", s)] = v.depth(s, 1, 5)
        out[("dropped", s)] = v.dropped_trades(s)
    return out


class RandomStrategy:
    """Random requests near the local book, and random waits; ids reused on purpose."""

    def __init__(self, seed, sym_ids):
        self.rng = random.Random(seed)
        self.sym_ids = sym_ids

    def action(self, ref):
        """(name, function of a Venue) chosen from the reference venue's state (the same on every backend)."""
        rng = self.rng
        s = rng.choice(self.sym_ids)
        q = ref.quote(s)
        mid = ((q.bid_price_ticks or 1000) + (q.ask_price_ticks or q.bid_price_ticks or 1000)) // 2
        ids = [int(i) for i in ref.orders_array(s)["order_id"]]
        known = rng.choice(ids) if ids and rng.random() < 0.9 else rng.randrange(1, 60)
        r = rng.random()
        if r < 0.30:
            oid = rng.randrange(1, 60) if rng.random() < 0.95 else known
            side = rng.randrange(2) if rng.random() < 0.98 else 7
            price = mid + rng.randrange(-8, 9)
            qty = rng.choice((1, 2, 3, 5, 8, 1000)) if rng.random() < 0.98 else rng.choice((0, -3, 1 << 54))
            otype = 1 if rng.random() < 0.1 else 0
            tif = rng.randrange(4) if rng.random() < 0.97 else 9
            return "submit", lambda v: v.submit(s, oid, side, price, qty, otype, tif)
        if r < 0.42:
            price = mid + rng.randrange(-8, 9)
            qty = rng.choice((0, 1, 2, 4, 9))
            return "modify", lambda v: v.modify(s, known, price, qty)
        if r < 0.55:
            return "cancel", lambda v: v.cancel(s, known)
        if r < 0.58:
            return "cancel_all", lambda v: v.cancel_all(s)
        if r < 0.61:
            target = None if rng.random() < 0.5 else s
            return "clear_inactive_orders", lambda v: v.clear_inactive_orders(target)
        if r < 0.78:
            d = rng.choice((0, 1, 17, 1000, 20_000, 50_000, 400_000, 3_000_000)) if rng.random() < 0.98 else -1
            return "elapse", lambda v: v.elapse(d)
        if r < 0.84:
            ahead = -1 if rng.random() < 0.02 else rng.randrange(0, 2_000_000)
            return "goto", lambda v: v.goto(v.current_timestamp + ahead)
        if r < 0.93:
            inc = rng.random() < 0.5
            timeout = rng.choice((0, 10, 5000, 200_000))
            return "wait_next_feed", lambda v: v.wait_next_feed(inc, timeout)
        if r < 0.98:
            timeout = rng.choice((0, 1000, 100_000, 5_000_000))
            return "wait_order_response", lambda v: v.wait_order_response(s, known, timeout)
        bad = rng.choice((99, "NOPE"))
        return "unknown symbol", lambda v: v.cancel_all(bad)


DRIVING = ("elapse", "goto", "wait_next_feed", "wait_order_response")


def drive(venues, strategy, sym_ids, max_actions, where):
    """Runs up to max_actions actions on every venue, comparing after each;
    stops a few driving calls after the end of the data. Returns the actions run."""
    names = list(venues)
    ref = venues[names[0]]
    ended = 0
    for i in range(max_actions):
        name, act = strategy.action(ref)
        results = {n: outcome(lambda v=v: act(v)) for n, v in venues.items()}
        for n in names[1:]:
            assert results[n] == results[names[0]], \
                f"{where}: action {i} {name}: {names[0]} {results[names[0]]}, {n} {results[n]}"
        views = {n: snapshot(v, sym_ids) for n, v in venues.items()}
        trades = {n: [v.last_trades(s).tobytes() for s in sym_ids] for n, v in venues.items()}
        for n in names[1:]:
            for key in views[names[0]]:
                assert views[n][key] == views[names[0]][key], \
                    f"{where}: after action {i} {name}: {n} differs from {names[0]} on {key}"
            assert trades[n] == trades[names[0]], f"{where}: after action {i} {name}: last trades differ"
        if name in DRIVING and results[names[0]] == ("ok", 1):  # Step.END: the file is done
            ended += 1
            if ended > 3:
                return i
    return max_actions


@pytest.mark.parametrize("seed", range(3))
def test_random_markets_and_strategies_give_the_same_records_on_every_backend(tmp_path, seed):
    """Every rule of docs/venue.md at once: the pure venue and the C venue agree action by action."""
    names = backends()
    n = 60_000 if LONG else 20_000
    path, evs = market_file(tmp_path, seed, n)
    sym_ids = [0, 1, 2]
    total_fills = 0
    for label, config in configs(evs, seed):
        with md.EventFile(path) as f:
            venues = {b: Venue(f, config, backend=b) for b in names}
            strategy = RandomStrategy(seed * 1000 + zlib.crc32(label.encode()) % 997, sym_ids)
            drive(venues, strategy, sym_ids, 10_000 if LONG else 3000, f"seed {seed} {label}")
            total_fills += len(venues[names[0]].fills())
            for v in venues.values():
                v.close()
    assert total_fills > 0  # the strategies do trade: the comparison covers fills


# ---- random L3 markets (book_model L3) ---------------------------------------------

NOT_IN_THIS_BUILD = "L3 book model: not in this build"
NO_BOOK_CHANGE = int(md.Flag.NO_BOOK_CHANGE)


def l3_market_file(tmp_path, seed, n, n_symbols=3):
    """A random L3 market (md_streams.random_l3 without bad events) of about
    n events in which 40% of the FILLs are flagged NO_BOOK_CHANGE and followed
    by the CANCEL of the same lots that changes the book (as Databento MBO
    reports a trade), written to an event file."""
    base = random_l3(seed, n, n_symbols=n_symbols, bad=False)
    rng = random.Random(seed + 7919)
    rows = []
    for i in range(len(base)):
        e = base[i]
        if int(e["kind"]) == int(md.Kind.FILL) and rng.random() < 0.4:
            flagged = e.copy()
            flagged["flags"] = int(e["flags"]) | NO_BOOK_CHANGE
            follow = e.copy()
            follow["kind"], follow["price"] = int(md.Kind.CANCEL), 0
            rows += [flagged, follow]
        else:
            rows.append(e)
    evs = np.array(rows, dtype=md.EVENT_DTYPE)
    evs["sequence"] = np.arange(len(evs))
    path = tmp_path / f"l3market{seed}.sgxmd"
    w = md.EventFileWriter(path)
    for s in symbols(n_symbols):
        w.add_symbol(s)
    w.write(evs)
    w.finish()
    return path, evs


@pytest.mark.parametrize("seed", range(3))
def test_random_l3_markets_and_strategies_give_the_same_records_on_every_backend(tmp_path, seed):
    """Section 11 at once: the pure venue and the C venue agree action by action in L3 mode."""
    names = [b.Engine.implementation for b in loaded_backends()]
    assert "python" in names
    n = 60_000 if LONG else 20_000
    path, evs = l3_market_file(tmp_path, seed, n)
    sym_ids = [0, 1, 2]
    total_fills = 0
    refused = set()
    compared = set()
    for label, config in configs(evs, seed):
        config = dataclasses.replace(config, book_model=BookModel.L3)
        with md.EventFile(path) as f:
            venues = {}
            for b in names:
                try:
                    venues[b] = Venue(f, config, backend=b)
                except InvalidConfigError as exc:
                    if b == "python" or NOT_IN_THIS_BUILD not in str(exc):
                        raise
                    refused.add(b)
            compared.update(venues)
            strategy = RandomStrategy(seed * 1000 + zlib.crc32(label.encode()) % 997, sym_ids)
            drive(venues, strategy, sym_ids, 10_000 if LONG else 3000, f"L3 seed {seed} {label}")
            total_fills += len(venues["python"].fills())
            for v in venues.values():
                v.close()
    assert total_fills > 0  # the strategies do trade: the comparison covers fills
    if len(compared) < 2:
        pytest.skip(f"compared nothing: only the pure core ran (the {', '.join(sorted(refused)) or 'native'} "
                    f"core{'s' if len(refused) != 1 else ''} refuse{'' if len(refused) != 1 else 's'} book_model "
                    f"L3: {NOT_IN_THIS_BUILD!r}, or none loads)")


# ---- the real recording ----------------------------------------------------------

@pytest.fixture(scope="module")
def real_event_file(tmp_path_factory):
    """The shared Binance recording converted once ($SIGMAX_EXEC_MD_FILE instead, if set)."""
    given = os.environ.get(REAL_FILE_ENV)
    if given:
        return Path(given)
    if not SHARED_BINANCE.exists():
        pytest.skip(f"the shared Binance recording is absent ({SHARED_BINANCE})")
    out = tmp_path_factory.mktemp("real") / "btcusdt_20240808.sgxmd"
    md.convert([str(SHARED_BINANCE)], str(out), "binance", tick_size=0.1)  # the contract's tick
    return out


def load_grid_example():
    return load_example("venue_grid")


def test_the_grid_strategy_on_the_real_recording_gives_the_same_orders_fills_positions_and_fees(real_event_file):
    names = backends()
    grid = load_grid_example()
    seen = {}
    for b in names:
        orders = []
        with Venue(real_event_file, grid.grid_config(), backend=b) as v:
            sid = v.symbols[0].id
            result = grid.run_grid(v, on_step=lambda v: orders.append(v.orders_array(sid).tobytes()))
            seen[b] = (result, v.fills().tobytes(), np.asarray(v._core.state(sid)).tobytes(), orders)
    ref = names[0]
    for b in names[1:]:
        assert seen[b][0] == seen[ref][0], f"{b}: grid result differs"
        assert seen[b][1] == seen[ref][1], f"{b}: fills differ"
        assert seen[b][2] == seen[ref][2], f"{b}: state differs"
        for i, (a, c) in enumerate(zip(seen[b][3], seen[ref][3])):
            assert a == c, f"{b}: orders differ after step {i}"
    assert seen[ref][0].fills > 0
