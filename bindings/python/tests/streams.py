"""Seeded random order streams for the differential and property tests."""
import random

SYMBOLS = {0: (0.01, 0.001), 1: (0.5, 1.0), 2: None, 3: (0.05, 0.1)}  # None: unconfigured (1e-8)
MIDS = {0: 100.0, 1: 2000.0, 2: 50000.0, 3: 7.5}


def configure(engine):
    for sym, cfg in SYMBOLS.items():
        if cfg:
            engine.configure_symbol(sym, tick_size=cfg[0], lot_size=cfg[1])


def _increments(sym):
    return SYMBOLS[sym] or (1e-8, 1e-8)


def random_order(rng, mids):
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
    return (sym, side, otype, price, qty, tif)


def stream(seed, n):
    """Yields ('order', tuple), ('cancel', id), ('amend', id, qty), ('batch', [tuples]) events."""
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
            q = rng.choice((rng.randint(1, 30) * lot, 0.0, lot * 1.5, -1.0))
            yield ("amend", rng.randint(max(1, issued - 200), issued), q)
        elif r < 0.27:
            k = rng.randint(1, 5)
            yield ("batch", [random_order(rng, mids) for _ in range(k)])
            issued += k
        else:
            yield ("order", random_order(rng, mids))
            issued += 1


def run(engine, events, drain_every=97):
    """Applies events; returns (outcomes, fills, final books) with latencies left out."""
    outcomes, fills = [], []
    for i, ev in enumerate(events):
        try:
            if ev[0] == "order":
                outcomes.append(engine.execute_order(*ev[1]).key())
            elif ev[0] == "cancel":
                outcomes.append(("cancel", engine.cancel_order(ev[1])))
            elif ev[0] == "amend":
                outcomes.append(("amend", engine.amend_order(ev[1], ev[2])))
            else:
                outcomes.append(tuple(x.key() for x in engine.execute_batch(ev[1])))
        except Exception as exc:  # the same exception, with the same status, on every backend
            outcomes.append(("error", type(exc).__name__, getattr(exc, "status", None), getattr(exc, "index", None)))
        if i % drain_every == 0:
            fills.extend(tuple(f) for f in engine.drain_fills())
    fills.extend(tuple(f) for f in engine.drain_fills())
    books = [(engine.depth(s, 1000), tuple(engine.top_of_book(s))) for s in SYMBOLS]
    return outcomes, fills, books
