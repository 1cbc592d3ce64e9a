"""Seeded random streams of integer order entry calls (and double-API
orders) for the differential tests, and the helpers that run a stream on
an engine and describe what it did.

A call is a tuple (method name, args, kwargs). Ids come from a small pool
so that duplicates, cancels of gone orders and replaces of resting ones are
common; prices move in a band of a dozen ticks so that orders cross often.
"""
import random

import sigmax_exec as sx

# symbol: (tick, lot) for configure_symbol (the double API's units; the
# integer calls' volume figures); symbol 3 stays unconfigured (1e-8).
SYMBOLS = {0: (1.0, 1.0), 1: (0.01, 0.001), 2: (0.5, 2.0), 3: None}
MIDS = {0: 100, 1: 5000, 2: 40, 3: 0}  # ticks; symbol 3 trades around 0 once its minimum is negative
STAT_KEYS = [k for k in sx.EngineStats.__annotations__ if "latency" not in k]


def configure(engine):
    for sym, cfg in SYMBOLS.items():
        if cfg:
            engine.configure_symbol(sym, *cfg)
    engine.set_min_price(3, -50)


def random_calls(seed, n):
    """n calls: new orders of every type and tif with owners and stp modes,
    cancels, replaces, cancel_all, cancel_owner, set_min_price, double-API
    orders, cancels and amends, and bad input."""
    rng = random.Random(seed)
    mids = dict(MIDS)
    out = []
    for _ in range(n):
        sym = rng.choice((0, 0, 1, 2, 3))
        mids[sym] += rng.choice((-1, 0, 0, 1))
        price = mids[sym] + rng.randint(-5, 5)
        cid = rng.randint(1, 400)
        r = rng.random()
        if r < 0.50:
            otype = 1 if rng.random() < 0.06 else 0
            tif = rng.choices((0, 1, 2, 3), weights=(60, 14, 14, 12))[0] if otype == 0 else rng.choice((0, 1, 2))
            kw = {"order_type": otype, "tif": tif, "owner": rng.choice((0, 1, 1, 2, 2, 3)),
                  "stp": rng.choice((0, 0, 1, 2, 3, 4, 5))}
            lots = rng.randint(1, 12)
            bad = rng.random()
            if bad < 0.01:
                cid = 0
            elif bad < 0.02:
                lots = rng.choice((0, -3, (1 << 53) + 1))
            elif bad < 0.03:
                price = rng.choice((0, -(1 << 60), (1 << 53) + 1))
            elif bad < 0.035:
                kw["tif"] = 4
            elif bad < 0.04:
                kw["stp"] = 6
            elif bad < 0.045:
                kw["order_type"], kw["tif"] = 1, 3
            out.append(("new_order", (cid, sym, rng.randrange(2), price, lots), kw))
        elif r < 0.62:
            out.append(("cancel", (cid,), {}))
        elif r < 0.78:
            lots = rng.randint(1, 12) if rng.random() > 0.02 else 0
            out.append(("replace", (cid, price if rng.random() > 0.3 else None, lots), {}))
        elif r < 0.79:
            out.append(("cancel_all", (sym,), {}))
        elif r < 0.80:
            out.append(("cancel_owner", (rng.choice((0, 1, 2, 3)),), {}))
        elif r < 0.805:
            out.append(("set_min_price", (3, rng.choice((-60, -40, 1, 2))), {}))
        elif r < 0.93 and sym != 3:
            tick, lot = SYMBOLS[sym]
            otype = 1 if rng.random() < 0.05 else 0
            tif = rng.choice((0, 0, 0, 1, 2, 3)) if otype == 0 else 0
            out.append(("execute_order", (sym, rng.randrange(2), otype, max(price, 1) * tick,
                                          rng.randint(1, 12) * lot, tif), {}))
        elif r < 0.97:
            out.append(("cancel_order", (None,), {}))  # an id the double API gave (run() picks one)
        else:
            out.append(("amend_order", (None, rng.randint(1, 12)), {}))
    return out


def run_call(engine, call, double_ids, rng):
    """What one call did: ("ok", result) or ("error", exception class, status). The double
    API's cancels and amends take an id it gave (double_ids), chosen with rng."""
    name, args, kw = call
    if name == "replace" and args[1] is None:
        info = engine.order_info(args[0])  # the same price: the priority rule
        args = (args[0], 0 if info is None else _ticks(engine, args[0]), args[2])
    if name in ("cancel_order", "amend_order"):
        oid = rng.choice(double_ids) if double_ids else 1
        if name == "amend_order":
            sym = engine.order_info(oid)
            lot = SYMBOLS[sym.symbol_id][1] if sym and SYMBOLS.get(sym.symbol_id) else 1e-8
            args = (oid, args[1] * lot)
        else:
            args = (oid,)
    try:
        result = getattr(engine, name)(*args, **kw)
    except sx.SigmaxError as exc:
        return ("error", type(exc).__name__, exc.status)
    if name == "execute_order":
        double_ids.append(result.order_id)
        return ("ok", result.key())
    return ("ok", result)


def _ticks(engine, oid):
    info = engine.order_info(oid)
    sym = info.symbol_id
    tick = SYMBOLS[sym][0] if SYMBOLS.get(sym) else 1e-8
    return round(info.price / tick)


def book_state(engine, symbols=SYMBOLS, ids=range(1, 401)):
    """Every level of every symbol in ticks and lots with its order count, and
    each resting id's place in its queue (orders and lots ahead)."""
    levels = {(s, side): engine.depth_ticks(s, side, 1 << 20) for s in symbols for side in (0, 1)}
    return levels, [engine.order_ticks(i) for i in ids]


def stats_state(engine):
    stats = engine.get_stats()
    return {k: stats[k] for k in STAT_KEYS}
