#!/usr/bin/python3
"""Writes the seed corpus of fuzz_capi_engine (tests/fuzz/corpus/fuzz_capi_engine/).

Each seed is a short, readable stream of C ABI calls in the target's input
layout (the comment at the top of fuzz_capi_engine.cpp); together they reach
every operation, every time in force, the bad-input statuses and the bounds
(FILLS_FULL, LEVEL_FULL, an amend past 2^53 lots). Rerun after changing the
layout:  /usr/bin/python3 tests/fuzz/make_engine_seeds.py
"""
import pathlib

# Opcodes, in the order of fuzz_capi_engine.cpp's enum Op.
CONFIGURE, EXECUTE, BATCH, CANCEL, AMEND, ORDER_INFO, TOP, DEPTH, DRAIN, RESET_STATS, COPIES, BAD_CALL = range(12)

# Setup byte: bit 0 timestamps, bits 1-2 fill capacity index (0, 3, 16, 256),
# bits 3-4 max_symbols index (default, 1, 2, 4).
NO_TS_BIG_FILLS = 6
NO_TS_BIG_FILLS_2_BOOKS = 6 | (2 << 3)
TS_BIG_FILLS = 7
NO_TS_3_FILLS = 2
NO_TS_NO_FILLS = 0

BUY, SELL = 0, 1
GTC, IOC, FOK, POST = 0, 1, 2, 3
# Tick and lot table indexes (kTicks, kLots).
TICK_1E8, TICK_001, TICK_05, TICK_1, TICK_01, TICK_025, TICK_0, TICK_NAN, TICK_NEG, TICK_INF = range(10)
LOT_1E8, LOT_1, LOT_01, LOT_0001, LOT_05, LOT_2, LOT_0, LOT_NAN, LOT_NEG, LOT_NEGINF = range(10)


def order(slot=0, side=BUY, market=False, tif=GTC, ticks=100, lots=1, price_byte=None, qty_byte=None,
          malformed=None, raw_price=None, raw_qty=None):
    """An order: ticks 92..107, lots 1..32, or explicit price/quantity bytes."""
    b0 = slot | (side << 2) | (int(market) << 3) | (tif << 4) | (0x40 if malformed is not None else 0)
    out = [b0]
    if malformed is not None:
        out.append(malformed)
    if raw_price is not None:
        out += [0xE0] + list(raw_price)
    else:
        out.append(price_byte if price_byte is not None else ticks - 92)
    if raw_qty is not None:
        out += [0xE0] + list(raw_qty)
    else:
        out.append(qty_byte if qty_byte is not None else lots - 1)
    return out


def execute(**kw):
    return [EXECUTE] + order(**kw)


def batch(*orders):
    out = [BATCH, len(orders)]
    for o in orders:
        out += o
    return out


def configure(sym_index, tick, lot):
    return [CONFIGURE, sym_index, tick, lot]


def recent(back=0):
    """The id `back` before the last one used."""
    return back


def resting(k=0):
    """The k-th resting order (by id)."""
    return 0x40 | k


def special(k):
    """0, 2^64-1, the next id, 2^63."""
    return 0xC0 | k


def copies(n_byte, o):
    return [COPIES, n_byte] + o


MAX_LOTS = 0xA0       # 2^53 lots
MAX_LOTS_M1 = 0xA1    # 2^53 - 1
HALF_MAX = 0xA6       # 2^52
BAD_QTY = [0xC0 + i for i in range(8)]    # 0, -0, -lot, NaN, inf, 0.5, 1.25, 0.4 lots
BAD_PRICE = [0xC0 + i for i in range(16)]
OFF_TICK = 0xA8       # 100.3 ticks

SEEDS = {
    "gtc_cross_and_rest": [NO_TS_BIG_FILLS,
        *execute(side=SELL, ticks=100, lots=5), *execute(side=SELL, ticks=101, lots=2),
        *execute(side=BUY, ticks=101, lots=6), ORDER_INFO, resting(0), DRAIN, 5],
    "price_time_priority": [NO_TS_BIG_FILLS,
        *execute(side=SELL, ticks=100, lots=2), *execute(side=SELL, ticks=100, lots=3),
        *execute(side=SELL, ticks=99, lots=1), *execute(side=BUY, ticks=100, lots=4), DRAIN, 5],
    "ioc_partial": [NO_TS_BIG_FILLS,
        *execute(side=BUY, ticks=100, lots=3), *execute(side=SELL, tif=IOC, ticks=99, lots=5), DRAIN, 5],
    "fok_fails_then_fills": [NO_TS_BIG_FILLS,
        *execute(side=BUY, ticks=100, lots=3), *execute(side=BUY, ticks=98, lots=3),
        *execute(side=SELL, tif=FOK, ticks=100, lots=4), *execute(side=SELL, tif=FOK, ticks=98, lots=6), DRAIN, 5],
    "post_only": [NO_TS_BIG_FILLS,
        *execute(side=SELL, ticks=101, lots=2), *execute(side=BUY, tif=POST, ticks=101, lots=1),
        *execute(side=BUY, tif=POST, ticks=100, lots=1), DEPTH, 0, 4],
    "market_orders": [NO_TS_BIG_FILLS,
        *execute(side=SELL, ticks=100, lots=2), *execute(side=SELL, ticks=105, lots=2),
        *execute(side=BUY, market=True, lots=3), *execute(side=BUY, market=True, tif=FOK, lots=9),
        *execute(side=SELL, market=True, lots=1), *execute(side=BUY, market=True, malformed=3), DRAIN, 5],
    "amend_decrease_keeps_priority": [NO_TS_BIG_FILLS,
        *execute(side=SELL, ticks=100, lots=5), *execute(side=SELL, ticks=100, lots=5),
        AMEND, recent(1), 2, *execute(side=BUY, ticks=100, lots=1), DRAIN, 5],
    "amend_increase_loses_priority": [NO_TS_BIG_FILLS,
        *execute(side=SELL, ticks=100, lots=5), *execute(side=SELL, ticks=100, lots=5),
        AMEND, recent(1), 9, *execute(side=BUY, ticks=100, lots=1), DRAIN, 5],
    "cancel": [NO_TS_BIG_FILLS,
        *execute(side=BUY, ticks=99, lots=2), *execute(side=BUY, ticks=99, lots=2),
        CANCEL, recent(1), CANCEL, recent(1), CANCEL, special(0), CANCEL, special(1), DEPTH, 0, 4],
    "amend_bad_quantities": [NO_TS_BIG_FILLS,
        *execute(side=BUY, ticks=99, lots=2),
        *[x for q in BAD_QTY for x in (AMEND, recent(0), q)],
        AMEND, special(2), 3, AMEND, special(2), 0xC3],
    "order_info": [NO_TS_BIG_FILLS,
        *execute(side=SELL, ticks=100, lots=5), *execute(side=BUY, ticks=100, lots=2),
        ORDER_INFO, recent(1), ORDER_INFO, recent(0), ORDER_INFO, special(1), ORDER_INFO, special(3)],
    "batch_ok": [NO_TS_BIG_FILLS,
        *batch(order(side=SELL, ticks=100, lots=3), order(side=SELL, ticks=101, lots=3),
               order(side=BUY, ticks=101, lots=4), order(side=BUY, market=True, lots=1),
               order(slot=3, side=BUY, ticks=99, lots=1)), DRAIN, 5],
    "batch_invalid_order": [NO_TS_BIG_FILLS,
        *batch(order(side=SELL, ticks=100, lots=3), order(side=SELL, price_byte=BAD_PRICE[3], lots=3),
               order(side=BUY, ticks=100, lots=1))],
    "batch_bad_struct_size": [NO_TS_BIG_FILLS,
        *batch(order(side=SELL, ticks=100, lots=3), order(side=SELL, ticks=100, lots=1, malformed=4 | (16 << 3)))],
    "batch_stops_at_fills_full": [NO_TS_3_FILLS,
        *execute(side=SELL, ticks=100, lots=1), *execute(side=SELL, ticks=100, lots=1),
        *execute(side=SELL, ticks=100, lots=1), *execute(side=SELL, ticks=100, lots=1),
        *batch(order(side=BUY, ticks=100, lots=3), order(side=BUY, ticks=100, lots=1)),
        *execute(side=BUY, ticks=100, lots=1), DRAIN, 1, *execute(side=BUY, ticks=100, lots=1), DRAIN, 5],
    "no_fills_recorded": [NO_TS_NO_FILLS,
        *execute(side=SELL, ticks=100, lots=4), *execute(side=BUY, ticks=100, lots=4), DRAIN, 5],
    "level_full": [NO_TS_BIG_FILLS, *configure(1, TICK_1, LOT_1),
        *copies(171, order(slot=1, side=SELL, ticks=100, qty_byte=MAX_LOTS)),
        AMEND, resting(0), 0, *execute(slot=1, side=SELL, ticks=100, qty_byte=MAX_LOTS_M1),
        AMEND, resting(0), 1, AMEND, resting(1), MAX_LOTS,
        *batch(order(slot=1, side=SELL, ticks=100, lots=1)),
        *execute(slot=1, side=BUY, market=True, tif=FOK, qty_byte=MAX_LOTS), DEPTH, 1, 1, DRAIN, 5],
    "fok_against_full_level": [NO_TS_BIG_FILLS, *configure(1, TICK_1, LOT_1),
        *copies(171, order(slot=1, side=BUY, ticks=100, qty_byte=MAX_LOTS)),
        *execute(slot=1, side=SELL, tif=FOK, ticks=100, qty_byte=MAX_LOTS),
        *execute(slot=1, side=SELL, tif=FOK, ticks=101, qty_byte=MAX_LOTS), DRAIN, 2],
    "amend_past_order_bound": [NO_TS_BIG_FILLS, *configure(1, TICK_1, LOT_1),
        *execute(slot=1, side=SELL, ticks=100, qty_byte=MAX_LOTS), *execute(slot=1, side=BUY, ticks=100, lots=5),
        AMEND, resting(0), MAX_LOTS, AMEND, resting(0), MAX_LOTS_M1, AMEND, resting(0), HALF_MAX, ORDER_INFO, resting(0)],
    "configure": [NO_TS_BIG_FILLS, *configure(0, TICK_001, LOT_01), *execute(side=BUY, ticks=100, lots=1),
        *configure(0, TICK_001, LOT_01), *configure(0, TICK_05, LOT_01), CANCEL, recent(0),
        *configure(0, TICK_05, LOT_1), *configure(2, TICK_0, LOT_1), *configure(2, TICK_NAN, LOT_1),
        *configure(2, TICK_1, LOT_0), *configure(2, TICK_NEG, LOT_NAN), *configure(2, TICK_INF, LOT_NEGINF),
        *configure(3, TICK_025, LOT_2), *execute(slot=3, side=SELL, ticks=100, lots=3), TOP, 7],
    "bad_calls": [NO_TS_BIG_FILLS, *execute(side=SELL, ticks=100, lots=1)] + [x for k in range(12) for x in (BAD_CALL, k)],
    "bad_prices": [NO_TS_BIG_FILLS] + [x for p in BAD_PRICE for x in execute(side=BUY, price_byte=p, lots=1)]
        + execute(side=BUY, price_byte=OFF_TICK, lots=1),
    "bad_quantities": [NO_TS_BIG_FILLS] + [x for q in BAD_QTY for x in execute(side=SELL, ticks=100, qty_byte=q)]
        + execute(side=SELL, ticks=100, qty_byte=MAX_LOTS + 4),
    "bad_codes": [NO_TS_BIG_FILLS] + [x for m in (0, 1, 2, 3, 4, 5, 8 | 0, 8 | 2, 8 | 5) for x in execute(malformed=m)],
    "raw_doubles": [NO_TS_BIG_FILLS,
        *execute(side=SELL, raw_price=(0, 0, 0, 0, 0, 0x40, 0x59, 0x40), raw_qty=(0, 0, 0, 0, 0, 0, 0xF0, 0x3F)),
        *execute(side=BUY, raw_price=(0xFF,) * 8, lots=1)],
    "timestamps_and_reset": [TS_BIG_FILLS,
        *execute(side=SELL, ticks=100, lots=2), *execute(side=BUY, ticks=100, lots=1), RESET_STATS,
        *execute(side=BUY, ticks=100, lots=1), *execute(side=BUY, tif=POST, ticks=100, lots=1)],
    "symbols_past_direct_index": [NO_TS_BIG_FILLS,
        *execute(slot=3, side=SELL, ticks=100, lots=2), *execute(slot=3, side=BUY, market=True, lots=1),
        *execute(slot=2, side=BUY, market=True, lots=1), TOP, 255, DEPTH, 3, 2],
    "depth_levels": [NO_TS_BIG_FILLS] + [x for t in range(92, 100) for x in execute(side=BUY, ticks=t, lots=1)]
        + [x for t in range(100, 108) for x in execute(side=SELL, ticks=t, lots=2)]
        + [x for k in range(5) for x in (DEPTH, 0, k)],
    # Two books at most: the third symbol is refused for a configure and for a
    # resting order (no id used), never for an order that cannot rest.
    "too_many_symbols": [NO_TS_BIG_FILLS_2_BOOKS,
        *configure(0, TICK_001, LOT_1), *execute(slot=1, side=SELL, ticks=100, lots=2),
        *configure(2, TICK_001, LOT_1), *execute(slot=2, side=BUY, ticks=100, lots=1),
        *execute(slot=2, side=BUY, tif=IOC, ticks=100, lots=1), *execute(slot=1, side=BUY, ticks=100, lots=2),
        *batch(order(slot=0, side=BUY, ticks=99, lots=1), order(slot=3, side=SELL, ticks=101, lots=1)), DRAIN, 5],
}


def main():
    out = pathlib.Path(__file__).resolve().parent / "corpus" / "fuzz_capi_engine"
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        old.unlink()
    for name, data in SEEDS.items():
        assert all(0 <= b < 256 for b in data), name
        (out / name).write_bytes(bytes(data))
    print(f"{len(SEEDS)} seeds in {out}")


if __name__ == "__main__":
    main()
