"""Queries in ticks and lots, shared by every backend: the answers' types and
the argument rules (docs/python.md, "Queries in ticks").

The engine's books are integer ticks and lots; these queries answer in them,
for programs that place orders in ticks and lots. Prices are ticks of the
symbol and may be zero or negative, so an empty side is a price of None,
never 0.
"""
from __future__ import annotations

from typing import Any, NamedTuple, Optional

from . import _errors as E
from ._common import BAD_CODE, SIDE_CODES, integer
from ._types import SelfTrade, Side

_I64_MIN, _I64_MAX = -(1 << 63), (1 << 63) - 1


class TopTicks(NamedTuple):
    """The best level of each side in ticks and lots; an empty side has price
    None and lots and orders 0."""
    bid_price: Optional[int]
    bid_lots: int
    bid_orders: int
    ask_price: Optional[int]
    ask_lots: int
    ask_orders: int


class LevelTicks(NamedTuple):
    """One price level: its price (ticks), the open lots resting there, and
    how many orders hold them."""
    price: int
    lots: int
    orders: int


class OrderTicks(NamedTuple):
    """A resting order in ticks and lots, and its place in its level's queue:
    lots_ahead and orders_ahead are the open lots and the orders of its level
    that trade before it (0 and 0 at the head)."""
    order_id: int
    symbol_id: int
    side: Side
    price: int
    open_lots: int
    filled_lots: int
    lots_ahead: int
    orders_ahead: int
    owner: int = 0             # 0: none (orders of the double API)
    stp: SelfTrade = SelfTrade.DEFAULT  # as the order gave it
    post_only: bool = False


def side_code(side: Any) -> int:
    """A query's side as the engine takes it: 0 or 1, or BAD_CODE for any
    other integer (the engine refuses it with InvalidOrderError,
    SGX_ERR_INVALID_SIDE, and counts it); TypeError for a non-integer."""
    return SIDE_CODES.get(integer(side, "side"), BAD_CODE)


def price_ticks_value(price_ticks: Any) -> int:
    """A price in ticks as an int64: TypeError for a non-integer,
    InvalidOrderError (SGX_ERR_OUT_OF_RANGE) outside 64 bits."""
    p = integer(price_ticks, "price_ticks")
    if _I64_MIN <= p <= _I64_MAX:
        return p
    raise E.InvalidOrderError(E.ERR_OUT_OF_RANGE, f"price_ticks must fit in 64 bits, got {price_ticks!r}")
