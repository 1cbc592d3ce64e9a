#!/usr/bin/python3
"""Writes the seed corpus of fuzz_order_entry (tests/fuzz/corpus/fuzz_order_entry/).

Each seed is a short, readable stream of integer order entry calls in the
target's input layout (the comment at the top of fuzz_order_entry.cpp); together
they reach every call, every time in force, every self-trade prevention mode
(per order and as the engine's default), a FOK against its owner's order,
post-only replaces, negative prices, the double API beside the integer one,
the bad-record statuses and the bounds (LEVEL_FULL, TOO_MANY_SYMBOLS, a replace
past 2^53 lots). Rerun after changing the layout:
    /usr/bin/python3 tests/fuzz/make_order_entry_seeds.py
"""
import pathlib

# Opcode bytes: the first index of each operation in fuzz_order_entry.cpp's kOpOf.
SUBMIT, CANCEL_ORDER, REPLACE, CANCEL_ALL, CANCEL_OWNER, SET_MIN_PRICE = 0, 7, 9, 12, 13, 14
EXECUTE, CANCEL, AMEND, COPIES = 15, 17, 18, 19

# Config byte: bits 0-2 the engine's self_trade, bits 3-4 max_symbols index (default, 1, 2, 3).
DEFAULT, ALLOW, CANCEL_NEWEST, CANCEL_OLDEST, CANCEL_BOTH, DECREMENT = range(6)


def config(self_trade=DEFAULT, books=0):
    return self_trade | (books << 3)


BUY, SELL = 0, 1
GTC, IOC, FOK, POST = 0, 1, 2, 3
# Symbol codes (kSymbolOf): symbol 1, symbol 2 (prices centred on 0), 0, 4095, 4096, 2^32-1.
SYM1, SYM2, SYM0, SYM4095, SYM4096, SYM_MAX = 0, 2, 4, 5, 6, 7
# cancel_all / set_min_price symbol bytes (kSymbols index, 6 = a symbol no order uses).
ANY_SYM1, ANY_SYM2, ANY_SYM0, ANY_SYM4095, ANY_SYM4096, ANY_SYM_MAX, ANY_UNUSED = range(7)
# Malformed kinds (the byte after flags bit 7).
BAD_SIDE, BAD_TYPE, BAD_TIF, MARKET_POST, STRUCT_SIZE, RESERVED, NULL_ORDER = range(7)

# Price bytes: extremes (kind 6) and raw.
P_ZERO, P_ONE, P_MINUS1, P_2P53, P_2P53_P1, P_M2P53, P_M2P53_M1, P_I64MIN, P_I64MAX = (0xC0 + i for i in range(9))
# Lots bytes: large (kind 5) and bad (kind 6).
L_2P53, L_2P53_M1, L_2P52, L_2P53_P1, L_2P40, L_2P62, L_I64MAX = (0xA0 + i for i in range(7))
L_ZERO, L_MINUS1, L_I64MIN = 0xC0, 0xC1, 0xC2
# set_min_price ticks bytes.
T_ONE, T_ZERO, T_M1, T_TWO, T_M2P53, T_M2P53_M1 = 0x80, 0x81, 0x82, 0x83, 0x84, 0x85
T_M1000 = 0x89


def ticks(t):
    """A set_min_price byte for t in -62..1."""
    assert -62 <= t <= 1
    return 1 - t


def px(price, sym=SYM1):
    """The price byte of a band price (92..107 on symbol 1 and the others, -8..7 on symbol 2)."""
    centre = 0 if sym == SYM2 else 100
    v = price - centre + 8
    assert 0 <= v < 16, price
    return v


def near0(price):
    """A price byte of -8..7 on any symbol."""
    assert -8 <= price < 8
    return 0xA0 | (price + 8)


def lots(n):
    assert 1 <= n <= 32
    return n - 1


def oid(n):
    """Pool id n (1..16)."""
    assert 1 <= n <= 16
    return n - 1


ID_ZERO, ID_MAX, ID_2P63, ID_LAST_DOUBLE = 0xF0, 0xF1, 0xF2, 0xF3


def order(id, side=BUY, price=None, qty=1, sym=SYM1, market=False, tif=GTC, owner=0, stp=DEFAULT,
          price_byte=None, lots_byte=None, malformed=None, stp_bits=None):
    """A submit's operands: flags [malformed], id, owner_stp, price, lots."""
    flags = sym | (side << 3) | (int(market) << 4) | (tif << 5) | (0x80 if malformed is not None else 0)
    out = [flags]
    if malformed is not None:
        out.append(malformed)
    out.append(id)
    out.append(owner | ((stp if stp_bits is None else stp_bits) << 2))
    if price_byte is None:
        price_byte = px(price if price is not None else 100, sym)
    out.append(price_byte)
    out.append(lots_byte if lots_byte is not None else lots(qty))
    return out


def submit(*args, **kw):
    return [SUBMIT] + order(*args, **kw)


def replace(id, price=None, qty=1, sym=SYM1, mode=0, price_byte=None, lots_byte=None):
    return [REPLACE, id, mode, price_byte if price_byte is not None else px(price, sym),
            lots_byte if lots_byte is not None else lots(qty)]


def execute(side=BUY, price=100, qty=1, sym=SYM1, market=False, tif=GTC, bad_reserved=False, price_byte=None):
    flags = sym | (side << 3) | (int(market) << 4) | (tif << 5) | (0x80 if bad_reserved else 0)
    return [EXECUTE, flags, price_byte if price_byte is not None else px(price, sym), lots(qty)]


def self_trade_seed(stp, engine=DEFAULT):
    """Owner 1 rests two asks, owner 2 one between them; owner 1 buys through all three."""
    return [config(engine),
            *submit(oid(1), SELL, 100, 3, owner=1), *submit(oid(2), SELL, 100, 2, owner=2),
            *submit(oid(3), SELL, 101, 4, owner=1), *submit(oid(4), SELL, 101, 1, owner=3),
            *submit(oid(5), BUY, 101, 8, owner=1, stp=stp),
            *submit(oid(6), BUY, 99, 2, owner=1), *submit(oid(7), SELL, 99, 5, owner=1, stp=stp, tif=IOC)]


SEEDS = {
    "gtc_cross_and_rest": [config(),
        *submit(oid(1), SELL, 100, 5), *submit(oid(2), SELL, 101, 2), *submit(oid(3), BUY, 101, 6),
        *submit(oid(4), BUY, 99, 3), *submit(oid(5), SELL, 98, 1)],
    "price_time_priority": [config(),
        *submit(oid(1), SELL, 100, 2), *submit(oid(2), SELL, 100, 3), *submit(oid(3), SELL, 99, 1),
        *submit(oid(4), BUY, 100, 4), *submit(oid(5), BUY, 107, 9)],
    "ioc_fok_market": [config(),
        *submit(oid(1), BUY, 100, 3), *submit(oid(2), BUY, 98, 3),
        *submit(oid(3), SELL, 99, 5, tif=IOC), *submit(oid(4), SELL, 100, 4, tif=FOK),
        *submit(oid(5), SELL, 98, 3, tif=FOK), *submit(oid(6), SELL, 92, 1, tif=FOK),
        *submit(oid(7), SELL, 100, 2), *submit(oid(8), BUY, market=True, qty=3),
        *submit(oid(9), BUY, market=True, tif=FOK, qty=9), *submit(oid(10), SELL, market=True, qty=1)],
    "post_only_and_replace": [config(),
        *submit(oid(1), SELL, 101, 2), *submit(oid(2), BUY, 101, 1, tif=POST), *submit(oid(3), BUY, 100, 1, tif=POST),
        *replace(oid(3), 101, 1), *replace(oid(3), 99, 4), *submit(oid(4), BUY, 99, 1),
        *replace(oid(4), 102, 5), *replace(oid(1), 100, 1)],
    "replace_priority": [config(),
        *submit(oid(1), SELL, 100, 5), *submit(oid(2), SELL, 100, 5), *submit(oid(3), SELL, 100, 5),
        *replace(oid(1), 100, 3, mode=3), *replace(oid(2), 100, 9, mode=2), *replace(oid(3), 101, 5),
        *submit(oid(4), BUY, 100, 4), *replace(oid(4), 101, 20), *replace(oid(9), 100, 1),
        *replace(oid(2), 100, lots_byte=L_ZERO), *replace(oid(2), price_byte=P_ZERO, qty=1)],
    "replace_past_2p53": [config(),
        *submit(oid(1), SELL, 100, lots_byte=L_2P53), *submit(oid(2), BUY, 100, 5),
        *replace(oid(1), 100, lots_byte=L_2P53), *replace(oid(1), 100, lots_byte=L_2P53_M1),
        *replace(oid(1), 100, lots_byte=L_2P52)],
    "cancels": [config(),
        *submit(oid(1), BUY, 99, 2, owner=1), *submit(oid(2), BUY, 98, 2, owner=2), *submit(oid(3), SELL, 101, 2, owner=1),
        *submit(oid(4), SELL, 102, 2, sym=SYM4096, owner=1), *submit(oid(5), BUY, 99, 1, owner=1),
        CANCEL_ORDER, oid(2), CANCEL_ORDER, oid(2), CANCEL_ORDER, ID_ZERO, CANCEL_OWNER, 0, CANCEL_OWNER, 1,
        CANCEL_OWNER, 0xF0, *submit(oid(6), BUY, 97, 1), *submit(oid(7), SELL, 103, 1),
        CANCEL_ALL, ANY_SYM2, CANCEL_ALL, ANY_UNUSED, CANCEL_ALL, ANY_SYM1],
    "negative_prices": [config(),
        SET_MIN_PRICE, ANY_SYM2, T_M1000, *submit(oid(1), SELL, -3, 2, sym=SYM2), *submit(oid(2), SELL, 0, 2, sym=SYM2),
        *submit(oid(3), BUY, -5, 1, sym=SYM2), *submit(oid(4), BUY, 1, 3, sym=SYM2),
        *replace(oid(3), -2, 2, sym=SYM2), *submit(oid(5), SELL, -6, 9, sym=SYM2),
        SET_MIN_PRICE, ANY_SYM1, ticks(-8), *submit(oid(6), BUY, price_byte=near0(-8), qty=1),
        *submit(oid(7), SELL, price_byte=near0(-8), qty=1), SET_MIN_PRICE, ANY_SYM1, T_TWO,
        SET_MIN_PRICE, ANY_SYM0, T_M2P53, SET_MIN_PRICE, ANY_SYM0, T_M2P53_M1,
        *submit(oid(8), SELL, sym=SYM0, price_byte=P_M2P53, qty=1), SET_MIN_PRICE, ANY_UNUSED, T_M1,
        SET_MIN_PRICE, ANY_SYM2, T_ONE, *submit(oid(9), BUY, -4, 1, sym=SYM2)],
    "bad_records": [config()]
        + [x for m in (BAD_SIDE, BAD_TYPE, BAD_TIF, MARKET_POST, STRUCT_SIZE, STRUCT_SIZE | 8, RESERVED, NULL_ORDER)
           for x in submit(oid(1), BUY, 100, 1, malformed=m)]
        + submit(oid(1), BUY, 100, 1, stp_bits=15) + submit(ID_ZERO, BUY, 100, 1)
        + submit(oid(2), BUY, 100, 1) + submit(oid(2), SELL, 100, 1, tif=IOC)
        + submit(oid(3), BUY, price_byte=P_ZERO) + submit(oid(3), BUY, price_byte=P_2P53_P1)
        + submit(oid(3), BUY, price_byte=P_I64MIN) + submit(oid(3), BUY, lots_byte=L_ZERO)
        + submit(oid(3), BUY, lots_byte=L_MINUS1) + submit(oid(3), BUY, lots_byte=L_2P53_P1)
        + submit(oid(3), BUY, lots_byte=L_I64MAX) + submit(ID_MAX, SELL, price_byte=P_2P53, lots_byte=L_2P53),
    # Double-API orders 1, 2, 3 rest (ids the engine assigns); integer orders
    # trade with them, meet their ids, replace, amend and cancel them.
    "double_api_beside": [config(),
        *execute(SELL, 101, 3), *execute(SELL, 100, 2, tif=POST), *execute(BUY, 99, 1),
        *submit(oid(5), BUY, 101, 4, owner=1), *submit(oid(6), SELL, 99, 1, owner=1), *submit(oid(1), BUY, 100, 1),
        *execute(BUY, 98, 2, tif=POST), *replace(ID_LAST_DOUBLE, 101, 2), *replace(ID_LAST_DOUBLE, 97, 2),
        AMEND, ID_LAST_DOUBLE, lots(5), AMEND, oid(1), lots(1), CANCEL, oid(1), CANCEL, oid(1),
        *execute(BUY, 105, 1), *execute(SELL, market=True, qty=1), *execute(BUY, 98, 2, tif=IOC),
        *execute(BUY, 100, 1, bad_reserved=True), *execute(BUY, price_byte=P_ZERO), *submit(oid(4), SELL, 97, 9)],
    "level_full": [config(),
        COPIES, 129, *order(oid(1), SELL, 100, lots_byte=L_2P53),
        *submit(oid(1), SELL, 100, 1), *submit(oid(2), SELL, 101, lots_byte=L_2P53),
        *replace(oid(2), 100, lots_byte=L_2P53), *submit(oid(3), BUY, market=True, tif=FOK, lots_byte=L_2P53),
        *submit(oid(4), BUY, 100, lots_byte=L_2P53, tif=IOC)],
    "too_many_symbols": [config(books=1),
        *submit(oid(1), SELL, 100, 2), *submit(oid(2), SELL, 3, 2, sym=SYM2),
        *submit(oid(3), BUY, 3, 1, sym=SYM2, tif=IOC), *submit(oid(4), BUY, 100, 2, sym=SYM4096, market=True),
        SET_MIN_PRICE, ANY_SYM1, T_M1, SET_MIN_PRICE, ANY_SYM2, T_M1, *execute(SELL, 101, 1, sym=SYM_MAX)],
    "self_trade_fok": [config(),
        *submit(oid(1), SELL, 100, 2, owner=2), *submit(oid(2), SELL, 100, 2, owner=1), *submit(oid(3), SELL, 101, 5, owner=3),
        *submit(oid(4), BUY, 101, 6, owner=1, tif=FOK), *submit(oid(5), BUY, 101, 6, owner=1, tif=FOK, stp=CANCEL_OLDEST),
        *submit(oid(6), BUY, 101, 20, owner=1, tif=FOK, stp=ALLOW)],
    # A replace trades as a taker with its order's owner and mode: ALLOW
    # trades with its owner's bid, CANCEL_OLDEST cancels it, the default
    # (the engine's DECREMENT_AND_CANCEL) decrements both.
    "replace_self_trade": [config(DECREMENT),
        *submit(oid(1), BUY, 99, 2, owner=1), *submit(oid(2), SELL, 101, 1, owner=1, stp=ALLOW),
        *replace(oid(2), 99, 1), *submit(oid(3), SELL, 102, 3, owner=1, stp=CANCEL_OLDEST),
        *replace(oid(3), 99, 3), *submit(oid(4), BUY, 98, 5, owner=1), *submit(oid(5), SELL, 103, 2, owner=1),
        *replace(oid(5), 98, 2), *submit(oid(6), SELL, 104, 2, owner=1, stp=CANCEL_BOTH), *replace(oid(6), 98, 2)],
    "engine_self_trade_invalid": [6, *submit(oid(1), BUY, 100, 1)],
}
for name, mode in (("allow", ALLOW), ("cancel_newest", CANCEL_NEWEST), ("cancel_oldest", CANCEL_OLDEST),
                   ("cancel_both", CANCEL_BOTH), ("decrement_and_cancel", DECREMENT)):
    SEEDS[f"self_trade_{name}"] = self_trade_seed(mode)
    SEEDS[f"self_trade_engine_{name}"] = self_trade_seed(DEFAULT, engine=mode)


def main():
    out = pathlib.Path(__file__).resolve().parent / "corpus" / "fuzz_order_entry"
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        old.unlink()
    for name, data in SEEDS.items():
        assert all(0 <= b < 256 for b in data), name
        (out / name).write_bytes(bytes(data))
    print(f"{len(SEEDS)} seeds in {out}")


if __name__ == "__main__":
    main()
