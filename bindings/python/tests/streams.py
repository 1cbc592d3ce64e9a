"""Seeded random order streams for the differential and property tests."""
import random

SYMBOLS = {0: (0.01, 0.001), 1: (0.5, 1.0), 2: None, 3: (0.05, 0.1), 4: (1.0, 1.0)}  # None: unconfigured (1e-8)
MIDS = {0: 100.0, 1: 2000.0, 2: 50000.0, 3: 7.5}
# Symbol 4 takes orders of the largest size, 2^53 lots, on a few prices, so
# that its levels fill up to their bound (2^62 lots: 512 such orders) and
# orders and amends meet LEVEL_FULL (docs/semantics.md#bounds).
HUGE = 4
MAX_LOTS = 2.0 ** 53


def configure(engine):
    for sym, cfg in SYMBOLS.items():
        if cfg:
            engine.configure_symbol(sym, tick_size=cfg[0], lot_size=cfg[1])


def _increments(sym):
    return SYMBOLS[sym] or (1e-8, 1e-8)


def huge_order(rng):
    """An order of symbol HUGE: sells of 2^53 lots resting at 1000 or 1001,
    buys resting at 1 or 2, and now and then a buy that takes asks (IOC,
    FOK or market)."""
    r = rng.random()
    if r < 0.7:
        return (HUGE, 1, 0, 1000.0 + rng.randrange(2), MAX_LOTS, 0)
    if r < 0.85:
        return (HUGE, 0, 0, 1.0 + rng.randrange(2), MAX_LOTS, 0)
    otype = 1 if r < 0.9 else 0
    return (HUGE, 0, otype, 1001.0, rng.choice((MAX_LOTS, 1.0, 12345.0)), rng.choice((1, 2)))


def wrong_type(rng, order):
    """The order with one argument of a type the bindings refuse (TypeError)."""
    i, value = rng.choice(((0, float(order[0])), (0, True), (1, bool(order[1] % 2)), (1, float(order[1])),
                           (3, str(order[3])), (3, True), (4, str(order[4])), (4, " 1 "), (5, 1.0)))
    return order[:i] + (value,) + order[i + 1:]


def random_order(rng, mids):
    if rng.random() < 0.1:
        return huge_order(rng)
    sym = rng.randrange(4)
    tick, lot = _increments(sym)
    step = tick if SYMBOLS[sym] else 0.01
    mids[sym] += rng.choice((-1, 0, 1)) * step
    r = rng.random()
    side = rng.randrange(2)
    otype = 1 if r < 0.1 else 0
    tif = rng.choices((0, 1, 2, 3), weights=(70, 10, 10, 10))[0] if otype == 0 else rng.randrange(3)
    price = round(mids[sym] / step + rng.randint(-4, 4)) * step
    qty = rng.randint(1, 20) * (lot if SYMBOLS[sym] else 0.1)
    roll = rng.random()
    if roll < 0.02:
        price = price + step / 3  # off-tick
    elif roll < 0.03:
        qty = float("nan")
    elif roll < 0.035:
        price = -price
    elif roll < 0.04:
        side = 3
    elif roll < 0.045:
        tif = 7
    elif roll < 0.05:
        return wrong_type(rng, (sym, side, otype, price, qty, tif))
    return (sym, side, otype, price, qty, tif)


def stream(seed, n):
    """Yields ('order', tuple), ('cancel', id), ('amend', id, qty), ('batch', [tuples], into_out) events."""
    rng = random.Random(seed)
    mids = dict(MIDS)
    issued = 0
    for _ in range(n):
        r = rng.random()
        if r < 0.15 and issued:
            yield ("cancel", rng.randint(max(1, issued - 200), issued + 2))
        elif r < 0.23 and issued:
            sym = rng.randrange(4)
            lot = _increments(sym)[1] if SYMBOLS[sym] else 0.1
            q = rng.choice((rng.randint(1, 30) * lot, 0.0, lot * 1.5, -1.0, MAX_LOTS, "2"))
            yield ("amend", rng.randint(max(1, issued - 200), issued), q)
        elif r < 0.27:
            k = rng.randint(1, 5)
            # Some batches write into a reused out= array: a refused or stopped
            # batch leaves the same bytes in it on every backend.
            yield ("batch", [random_order(rng, mids) for _ in range(k)], rng.random() < 0.3)
            issued += k
        else:
            yield ("order", random_order(rng, mids))
            issued += 1


# Report fields compared through an out= array: all but latency_ns.
_OUT_FIELDS = ("order_id", "executed_price", "executed_quantity", "remaining_quantity", "slippage", "symbol",
               "fill_count", "status", "side", "reserved")
# Statistics compared at the end: all but the latency figures.
STATS_KEYS = ("total_executions", "total_fills", "total_volume", "volume_lots", "rejects", "cancels", "amends",
              "invalid_requests", "resting_orders")


def run(engine, events, drain_every=97):
    """Applies events; returns (outcomes, fills, final books and statistics) with latencies left out."""
    import numpy as np
    import sigmax_exec as sx
    outcomes, fills = [], []
    out = np.zeros(8, dtype=sx.REPORT_DTYPE)
    for i, ev in enumerate(events):
        try:
            if ev[0] == "order":
                outcomes.append(engine.execute_order(*ev[1]).key())
            elif ev[0] == "cancel":
                outcomes.append(("cancel", engine.cancel_order(ev[1])))
            elif ev[0] == "amend":
                outcomes.append(("amend", engine.amend_order(ev[1], ev[2])))
            elif ev[2]:
                out[:] = np.frombuffer(bytes([i % 251]) * out.nbytes, dtype=sx.REPORT_DTYPE)  # stale bytes
                try:
                    reports = engine.execute_batch(ev[1], out=out)
                    outcomes.append(("out", len(reports)))
                finally:  # what the batch left in out, whether it raised or not
                    outcomes.append(tuple(out[f].tobytes() for f in _OUT_FIELDS))
            else:
                outcomes.append(tuple(x.key() for x in engine.execute_batch(ev[1])))
        except Exception as exc:  # the same exception, with the same status, on every backend
            outcomes.append(("error", type(exc).__name__, getattr(exc, "status", None), getattr(exc, "index", None),
                             str(exc) if isinstance(exc, TypeError) else None))
        if i % drain_every == 0:
            fills.extend(tuple(f) for f in engine.drain_fills())
    fills.extend(tuple(f) for f in engine.drain_fills())
    stats = engine.get_stats()
    books = [(engine.depth(s, 1000), tuple(engine.top_of_book(s))) for s in SYMBOLS]
    books.append(tuple(stats[k] for k in STATS_KEYS))
    return outcomes, fills, books
