"""Market-data streams for the venue tests: hand-made events written to an
event file in a tmp dir, seeded random streams, and the venue cores of every
backend that loads (the pure-Python one always; the native ones once they exist)."""
import os
import random

import numpy as np
import pytest

import sigmax_exec as sx
from sigmax_exec.market import EVENT_DTYPE, EventFile, EventFileWriter, Flag, Kind, Symbol
from sigmax_exec.venue import (FeeModel, FillModel, LatencyModel, QueueModel, SymbolConfig, VenueConfig,
                               core_for)

BUY, SELL, NONE = 0, 1, 2
LIMIT, MARKET = 0, 1
GTC, IOC, FOK, GTX = 0, 1, 2, 3
SYM = 1
CORE_BACKENDS = ("cffi", "ctypes", "python")


def core_class(backend):
    """The venue core of a backend, or a skip (a failure under SIGMAX_EXEC_REQUIRE_NATIVE=1 for a native one)."""
    try:
        sx.load_backend(backend)
        return core_for(backend)
    except ImportError as exc:
        if os.environ.get("SIGMAX_EXEC_REQUIRE_NATIVE") == "1" and backend != "python":
            pytest.fail(f"the {backend} venue core must load here: {exc}")
        pytest.skip(f"the {backend} venue core is unavailable: {exc}")


def loaded_core_backends():
    """Names of the backends whose venue core loads here."""
    out = []
    for b in CORE_BACKENDS:
        try:
            sx.load_backend(b)
            core_for(b)
            out.append(b)
        except ImportError:
            pass
    return out


def ev(kind, exch_ts, local_ts=None, side=BUY, price=0, quantity=0, symbol=SYM, flags=int(Flag.LAST)):
    return dict(kind=int(kind), exch_ts=exch_ts, local_ts=exch_ts if local_ts is None else local_ts, side=side,
                price=price, quantity=quantity, symbol=symbol, flags=flags)


def level(exch_ts, side, price, lots, local_ts=None, symbol=SYM):
    """LEVEL: `lots` now rest at price on side (0 removes the level)."""
    return ev(Kind.LEVEL, exch_ts, local_ts, side, price, lots, symbol)


def trade(exch_ts, aggressor, price, lots, local_ts=None, symbol=SYM):
    """TRADE of `lots` at price by an aggressor of that side."""
    return ev(Kind.TRADE, exch_ts, local_ts, aggressor, price, lots, symbol)


def clear(exch_ts, side=NONE, local_ts=None, symbol=SYM):
    return ev(Kind.CLEAR, exch_ts, local_ts, side, 0, 0, symbol)


def event_array(items):
    out = np.zeros(len(items), dtype=EVENT_DTYPE)
    for i, item in enumerate(items):
        for k, v in item.items():
            out[i][k] = v
    return out


def write_file(path, items, symbols=None):
    """An EventFile of these events (in local_ts order, as written) and symbols
    (default: symbol 1 with tick, lot and contract size 1, linear)."""
    symbols = symbols or [Symbol(SYM, "TEST", "test", 1.0, 1.0, 1.0, False)]
    events = items if isinstance(items, np.ndarray) else event_array(items)
    with EventFileWriter(path) as w:
        for s in symbols:
            w.add_symbol(s)
        w.write(events)
    return EventFile(path)


def config(entry=0, response=0, queue=None, fill=FillModel.NO_PARTIAL, fee=None, latency=None, **kw):
    return VenueConfig(latency=latency or LatencyModel.constant(entry, response),
                       defaults=SymbolConfig(queue=queue or QueueModel.risk_averse(), fill=fill,
                                             fee=fee or FeeModel.value(0.0, 0.0)), **kw)


def book(ts=0, bid=99, ask=101, bid_lots=10, ask_lots=10, depth=1, step=1):
    """A two-sided book at exch/local time ts: `depth` levels a side."""
    out = []
    for i in range(depth):
        out.append(level(ts, BUY, bid - i * step, bid_lots))
        out.append(level(ts, SELL, ask + i * step, ask_lots))
    return out


def random_stream(seed, n, symbols=(SYM,), mid=1000, max_latency=50):
    """A random L2 stream: levels around a wandering mid and trades at the
    touch, exch_ts increasing with jitter, local_ts = exch_ts + a random
    latency (so exch order differs from file order), in local_ts order."""
    rng = random.Random(seed)
    items = []
    t = 1_000
    mids = {s: mid for s in symbols}
    for _ in range(n):
        t += rng.randint(0, 20)
        s = rng.choice(symbols)
        m = mids[s] = max(20, mids[s] + rng.choice((-1, 0, 0, 1)))
        lat = rng.randint(1, max_latency)
        r = rng.random()
        if r < 0.75:
            side = rng.randint(0, 1)
            p = m - rng.randint(1, 6) if side == BUY else m + rng.randint(1, 6)
            items.append(level(t, side, p, rng.choice((0, rng.randint(1, 50))), local_ts=t + lat, symbol=s))
        else:
            side = rng.randint(0, 1)
            p = m + 1 if side == BUY else m - 1
            items.append(trade(t, side, p, rng.randint(1, 20), local_ts=t + lat, symbol=s))
    items.sort(key=lambda e: e["local_ts"])
    return items
