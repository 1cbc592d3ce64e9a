"""Tardis.dev CSV: which dataset a header row announces, and one data row
parsed into exact numbers (src/market/tardis_csv.cpp, rule for rule).
Fields are split at every comma, as the C++ does: no quoting."""
from __future__ import annotations

import re
from typing import List, NamedTuple, Optional, Tuple

from ._common import BUY, SELL, SIDE_NONE
from ._decimal import ZERO, Decimal, parse_decimal

INCREMENTAL_L2, TRADES, BOOK_SNAPSHOT = range(3)

_COMMON = [b"exchange", b"symbol", b"timestamp", b"local_timestamp"]
_L2 = [b"is_snapshot", b"side", b"price", b"amount"]
_TRADES = [b"id", b"side", b"price", b"amount"]
_EXPECTED = ("expected the header of a Tardis incremental_book_L2, trades or book_snapshot_N CSV file "
             "(exchange,symbol,timestamp,local_timestamp,...)")
_LEVEL_COLUMN = re.compile(rb"(asks|bids)\[([0-9]+)\]\.(price|amount)")
_INT64_MAX = (1 << 63) - 1


class Slot(NamedTuple):
    """A book_snapshot_N level column: its level, side and whether it holds the price."""
    level: int
    side: int
    is_price: bool


class Layout(NamedTuple):
    type: int
    columns: int
    depth: int = 0
    slots: Tuple[Slot, ...] = ()  # book_snapshot_N: for column 4 + k


class BadRow(Exception):
    """A header or row breaking a rule (the rule in words)."""


TardisLevel = Tuple[int, Decimal, Decimal]  # side, price, amount


class Row(NamedTuple):
    exchange: bytes
    symbol: bytes
    exch_ts: int   # ns
    local_ts: int  # ns
    is_snapshot: bool
    side: int
    price: Decimal
    amount: Decimal
    trade_id: int                 # 0 when the id is absent or not a number
    levels: List[TardisLevel]     # book_snapshot_N: bids then asks, best first


def _level_column(name: bytes) -> Optional[Slot]:
    """"asks[12].price" -> Slot(12, SELL, True); None if not such a column (or a level over 10000)."""
    m = _LEVEL_COLUMN.fullmatch(name)
    if m is None:
        return None
    digits = m.group(2).lstrip(b"0") or b"0"
    if len(digits) > 5 or int(digits) > 10000:  # (beyond 32 bits std::from_chars fails: also refused)
        return None
    level = int(digits)
    return Slot(level, SELL if m.group(1) == b"asks" else BUY, m.group(3) == b"price")


def parse_header(line: bytes) -> Layout:
    """The layout a header row announces; BadRow when it is none of the supported datasets."""
    names = line.split(b",")
    if len(names) < 8 or names[:4] != _COMMON:
        raise BadRow(_EXPECTED)
    if len(names) == 8 and names[4:] == _L2:
        return Layout(INCREMENTAL_L2, 8)
    if len(names) == 8 and names[4:] == _TRADES:
        return Layout(TRADES, 8)
    # book_snapshot_N: 4N level columns, each (side, level, price|amount) exactly once.
    if (len(names) - 4) % 4:
        raise BadRow(_EXPECTED)
    depth = (len(names) - 4) // 4
    seen = [False] * (depth * 4)
    slots: List[Slot] = []
    for name in names[4:]:
        slot = _level_column(name)
        if slot is None or slot.level >= depth:
            raise BadRow(_EXPECTED)
        key = slot.level * 4 + (2 if slot.side == SELL else 0) + (0 if slot.is_price else 1)
        if seen[key]:
            raise BadRow(f"column {name.decode('utf-8', 'replace')} appears twice in the header")
        seen[key] = True
        slots.append(slot)
    return Layout(BOOK_SNAPSHOT, len(names), depth, tuple(slots))


def _micros(text: bytes) -> Optional[int]:
    """std::from_chars of an int64 count of microseconds (optional '-', digits,
    nothing else), >= 0 and small enough to scale to ns; in ns."""
    digits = text[1:] if text.startswith(b"-") else text
    if not digits or not digits.isdigit() or len(digits.lstrip(b"0")) > 19:
        return None
    us = int(text)
    if us < 0 or us > _INT64_MAX // 1000:
        return None
    return us * 1000


def _show(field: bytes) -> str:
    return field.decode("utf-8", "replace")


def parse_row(line: bytes, layout: Layout) -> Row:
    """One data row; BadRow on a wrong column count, a bad number or an unknown side or flag."""
    fields = line.split(b",")
    if len(fields) != layout.columns:
        raise BadRow(f"expected {layout.columns} comma-separated fields, found {len(fields)}")
    exchange, symbol = fields[0], fields[1]
    if not symbol:
        raise BadRow("empty symbol")
    exch_ts = _micros(fields[2])
    if exch_ts is None:
        raise BadRow(f"bad timestamp '{_show(fields[2])}' (microseconds since the epoch)")
    local_ts = _micros(fields[3])
    if local_ts is None:
        raise BadRow(f"bad local_timestamp '{_show(fields[3])}' (microseconds since the epoch)")
    if layout.type == BOOK_SNAPSHOT:
        return Row(exchange, symbol, exch_ts, local_ts, False, 0, ZERO, ZERO, 0, _snapshot_levels(fields, layout))
    price = parse_decimal(fields[6])
    if price is None:
        raise BadRow(f"bad price '{_show(fields[6])}'")
    amount = parse_decimal(fields[7])
    if amount is None:
        raise BadRow(f"bad amount '{_show(fields[7])}'")
    if amount.mantissa < 0:
        raise BadRow(f"negative amount '{_show(fields[7])}'")
    side = fields[5]
    if layout.type == INCREMENTAL_L2:
        if fields[4] == b"true":
            is_snapshot = True
        elif fields[4] == b"false":
            is_snapshot = False
        else:
            raise BadRow(f"bad is_snapshot '{_show(fields[4])}' (true or false)")
        if side == b"bid":
            code = BUY
        elif side == b"ask":
            code = SELL
        else:
            raise BadRow(f"unknown side '{_show(side)}' (bid or ask)")
        return Row(exchange, symbol, exch_ts, local_ts, is_snapshot, code, price, amount, 0, [])
    if side == b"buy":
        code = BUY
    elif side == b"sell":
        code = SELL
    elif side == b"unknown":
        code = SIDE_NONE
    else:
        raise BadRow(f"unknown side '{_show(side)}' (buy, sell or unknown)")
    trade_id = 0
    if fields[4].isdigit() and len(fields[4].lstrip(b"0")) <= 20:  # a number that fits 64 bits (GUIDs, empty: 0)
        value = int(fields[4])
        if value < 1 << 64:
            trade_id = value
    return Row(exchange, symbol, exch_ts, local_ts, False, code, price, amount, trade_id, [])


def _snapshot_levels(fields: List[bytes], layout: Layout) -> List[TardisLevel]:
    """book_snapshot_N: (price, amount) pairs per slot, bids then asks by
    level; an empty pair is an absent level, a half-empty one an error."""
    n = layout.depth * 2
    prices: List[Decimal] = [ZERO] * n
    amounts: List[Decimal] = [ZERO] * n
    sides = [0] * n
    filled = [0] * n  # bit 1: price, bit 2: amount, bit 4: empty
    for i in range(4, len(fields)):
        slot = layout.slots[i - 4]
        at = (0 if slot.side == BUY else layout.depth) + slot.level
        sides[at] = slot.side
        if not fields[i]:
            filled[at] |= 4
            continue
        d = parse_decimal(fields[i])
        if d is None:
            raise BadRow(f"bad {'price' if slot.is_price else 'amount'} '{_show(fields[i])}'")
        if slot.is_price:
            prices[at] = d
        else:
            if d.mantissa < 0:
                raise BadRow(f"negative amount '{_show(fields[i])}'")
            amounts[at] = d
        filled[at] |= 1 if slot.is_price else 2
    levels: List[TardisLevel] = []
    for i in range(n):
        if filled[i] == 3:
            levels.append((sides[i], prices[i], amounts[i]))
        elif filled[i] != 4:
            raise BadRow("a level with a price but no amount, or an amount but no price")
    return levels
