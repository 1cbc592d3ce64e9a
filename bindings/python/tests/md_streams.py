"""Hand-made and seeded-random market-data event streams for the tests."""
import random

import numpy as np

from sigmax_exec.market import EVENT_DTYPE, Flag, Kind, Symbol

BUY, SELL, BOTH = 0, 1, 2
LAST = int(Flag.LAST)


def ev(kind, side=BUY, price=0, quantity=0, order_id=0, flags=LAST, ts=0, symbol=0, exch_ts=None, sequence=0):
    """One event as a tuple for events()."""
    return dict(kind=int(kind), side=side, price=price, quantity=quantity, order_id=order_id, flags=flags,
                local_ts=ts, exch_ts=ts if exch_ts is None else exch_ts, symbol=symbol, sequence=sequence)


def events(*items):
    """An EVENT_DTYPE array from ev() dicts."""
    out = np.zeros(len(items), dtype=EVENT_DTYPE)
    for i, item in enumerate(items):
        for k, v in item.items():
            out[i][k] = v
    return out


def level(side, price, qty, flags=LAST, **kw):
    return ev(Kind.LEVEL, side, price, qty, flags=flags, **kw)


def add(order_id, side, price, qty, **kw):
    return ev(Kind.ADD, side, price, qty, order_id, **kw)


def cancel(order_id, qty, **kw):
    return ev(Kind.CANCEL, BUY, 0, qty, order_id, **kw)


def fill(order_id, price, qty, **kw):
    return ev(Kind.FILL, BUY, price, qty, order_id, **kw)


def modify(order_id, side, price, qty, **kw):
    return ev(Kind.MODIFY, side, price, qty, order_id, **kw)


def mark(kind, side=BOTH, flags=0, **kw):
    return ev(kind, side, 0, 0, flags=flags, **kw)


def symbols(count=2):
    """Symbols 0..count-1 with different grids."""
    grids = [(0.1, 0.001), (0.01, 1.0), (0.5, 0.25), (1e-8, 1e-8)]
    return [Symbol(id=i, name=f"SYM{i}", venue="test", tick_size=grids[i % 4][0], lot_size=grids[i % 4][1],
                   contract_size=1.0 if i % 3 else 100.0, inverse=i % 3 == 0) for i in range(count)]


def _timestamps(rng, n, start=1_700_000_000_000_000_000):
    steps = rng.choices((0, 0, 1, 17, 1000, 123456), k=n)
    out, t = [], start
    for s in steps:
        t += s
        out.append(t)
    return out


def _fill_array(rows, rng, n_symbols):
    out = np.zeros(len(rows), dtype=EVENT_DTYPE)
    ts = _timestamps(rng, len(rows))
    for i, (kind, side, price, qty, oid, flags, sym) in enumerate(rows):
        out[i] = (ts[i] - rng.randrange(0, 5000), ts[i], price, qty, oid, i, sym, flags, kind, side,
                  [0] * 8)
    return out


def random_l2(seed, n, n_symbols=2, bad=True):
    """A random L2 stream: mostly level updates near a drifting mid, with
    clears, snapshots, trades, quotes, L3 kinds (ignored) and, when `bad`,
    invalid sides, negative quantities and unknown kinds."""
    rng = random.Random(seed)
    mids = [1000 + 37 * s for s in range(n_symbols)]
    rows = []
    for _ in range(n):
        sym = rng.randrange(n_symbols)
        mids[sym] += rng.choice((-1, 0, 0, 1))
        side = rng.randrange(2)
        offset = rng.randrange(-2, 12)
        price = mids[sym] - offset - 1 if side == BUY else mids[sym] + offset + 1
        qty = rng.choice((0, 0, 1, 2, 5, 10, 1000))
        flags = LAST if rng.random() < 0.7 else 0
        r = rng.random()
        if r < 0.80:
            row = (Kind.LEVEL, side, price, qty, 0, flags, sym)
        elif r < 0.83:
            row = (Kind.CLEAR, rng.randrange(3), 0, 0, 0, flags, sym)
        elif r < 0.85:
            row = (Kind.SNAPSHOT_BEGIN, BOTH, 0, 0, 0, int(Flag.SNAPSHOT), sym)
        elif r < 0.87:
            row = (Kind.SNAPSHOT_END, BOTH, 0, 0, 0, flags | int(Flag.SNAPSHOT), sym)
        elif r < 0.92:
            row = (rng.choice((Kind.TRADE, Kind.BBO)), side, price, qty + 1, rng.randrange(1000), flags, sym)
        elif r < 0.94:
            row = (rng.choice((Kind.ADD, Kind.CANCEL, Kind.MODIFY, Kind.FILL)), side, price, qty, 5, flags, sym)
        elif bad and r < 0.96:
            row = (Kind.LEVEL, rng.choice((2, 3, 255)), price, qty, 0, flags, sym)
        elif bad and r < 0.98:
            row = (Kind.LEVEL, side, price, -rng.randrange(1, 5), 0, flags, sym)
        elif bad:
            row = (rng.choice((0, 11, 200)), side, price, qty, 0, flags, sym)
        else:
            row = (Kind.LEVEL, side, price, qty, 0, flags, sym)
        rows.append(row)
    return _fill_array(rows, rng, n_symbols)


def random_l3(seed, n, n_symbols=2, bad=True):
    """A random L3 stream: adds, partial and whole cancels and fills,
    modifies of every priority case, clears and snapshots, over a few price
    levels per symbol (order ids shared between symbols on purpose); when
    `bad`, unknown ids, duplicates, overfills, invalid sides, negative
    quantities and unknown kinds."""
    rng = random.Random(seed)
    live = [dict() for _ in range(n_symbols)]  # id -> (side, price, qty) as the generator believes
    next_id = [1 << 40] * n_symbols
    rows = []
    for _ in range(n):
        sym = rng.randrange(n_symbols)
        book = live[sym]
        flags = LAST if rng.random() < 0.7 else 0
        side = rng.randrange(2)
        price = 100 + rng.randrange(-6, 7) if rng.random() < 0.9 else 100 + rng.randrange(-40, 40)
        qty = rng.choice((1, 2, 3, 5, 8, 13))
        r = rng.random()
        ids = list(book)
        if r < 0.35 or not ids:
            oid = next_id[sym] + (1 << 56 if rng.random() < 0.1 else 0)
            next_id[sym] += rng.choice((1, 1, 2, 7))
            if bad and ids and rng.random() < 0.05:
                oid = rng.choice(ids)  # a duplicate
            rows.append((Kind.ADD, side, price, qty, oid, flags, sym))
            book.setdefault(oid, (side, price, qty))
            continue
        oid = rng.choice(ids)
        o_side, o_price, o_qty = book[oid]
        if bad and rng.random() < 0.04:
            oid = rng.randrange(1, 1000)  # unknown
        if r < 0.55:
            take = rng.choice((0, 1, o_qty, o_qty + (1 if bad else 0)))
            rows.append((Kind.CANCEL, rng.randrange(3 if bad else 2), 0, take, oid, flags, sym))
        elif r < 0.70:
            take = rng.choice((1, o_qty, o_qty + (2 if bad else 0)))
            rows.append((Kind.FILL, o_side, o_price, take, oid, flags, sym))
        elif r < 0.88:
            case = rng.randrange(5)
            new = [(o_side, o_price, max(1, o_qty - 1)), (o_side, o_price, o_qty + 2), (o_side, price, qty),
                   (1 - o_side, price, qty), (o_side, o_price, 0)][case]
            rows.append((Kind.MODIFY, new[0], new[1], new[2], oid, flags, sym))
            book[oid] = new
        elif r < 0.90:
            rows.append((Kind.CLEAR, rng.randrange(3), 0, 0, 0, flags, sym))
        elif r < 0.91:
            rows.append((Kind.SNAPSHOT_BEGIN, BOTH, 0, 0, 0, int(Flag.SNAPSHOT), sym))
        elif r < 0.93:
            rows.append((Kind.SNAPSHOT_END, BOTH, 0, 0, 0, flags, sym))
        elif r < 0.96:
            rows.append((rng.choice((Kind.LEVEL, Kind.TRADE, Kind.BBO)), side, price, qty, 0, flags, sym))
        elif bad and r < 0.97:
            rows.append((rng.choice((Kind.ADD, Kind.MODIFY)), rng.choice((2, 9)), price, qty, oid, flags, sym))
        elif bad and r < 0.98:
            rows.append((rng.choice((Kind.ADD, Kind.CANCEL, Kind.FILL, Kind.MODIFY)), side, price, -1, oid,
                         flags, sym))
        elif bad and r < 0.99:
            rows.append((rng.choice((0, 11)), side, price, qty, oid, flags, sym))
        else:
            rows.append((Kind.ADD, side, price, 0, next_id[sym], flags, sym))  # zero quantity: invalid
            next_id[sym] += 1
        if rng.random() < 0.02:
            book.clear()
    return _fill_array(rows, rng, n_symbols)
