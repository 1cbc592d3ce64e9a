"""The queries in ticks over the C ABI (sgx_engine_top_ticks, depth_ticks,
lots_at, order_ticks), for both native backends: a base class of
_native.NativeEngine, written over the same FFI adapter (``Api``)."""
from __future__ import annotations

import struct
import time
from typing import Any, Callable, List, Optional

from . import _errors as E
from ._abi import LEVEL_TICKS
from ._common import DEPTH_CHUNK, DEPTH_GROWTH, c_order_id, level_count, symbol_code
from ._queries import LevelTicks, OrderTicks, TopTicks, price_ticks_value, side_code
from ._types import SIDE_BY_CODE, SelfTrade

_LEVEL_TICKS = struct.Struct(LEVEL_TICKS.format)


def _call(fn: Callable[..., int], *args: Any) -> None:
    """fn(*args), again while another thread's call holds the engine (BUSY);
    the error of any other status."""
    rc = fn(*args)
    while rc == E.ERR_BUSY:
        time.sleep(0)
        rc = fn(*args)
    if rc:
        raise E.error_for(rc)


class NativeTickQueries:
    """Engine queries in ticks and lots (docs/python.md, "Queries in ticks")."""

    _api: Any  # the FFI adapter (_native.Api)
    _lib: Any
    _h: Any

    def top_of_book_ticks(self, symbol_id: int) -> TopTicks:
        """The best bid and ask in ticks and lots, with their order counts."""
        t = self._api.new("sgx_top_ticks")
        _call(self._lib.sgx_engine_top_ticks, t, self._h, symbol_code(symbol_id))
        return TopTicks(t.bid_price if t.has_bid else None, t.bid_lots, t.bid_orders,
                        t.ask_price if t.has_ask else None, t.ask_lots, t.ask_orders)

    def depth_ticks(self, symbol_id: int, side: int, levels: int = 10) -> List[LevelTicks]:
        """Up to `levels` levels of one side, best first."""
        api = self._api
        sym, s, levels = symbol_code(symbol_id), side_code(side), level_count(levels)
        count = api.array("size_t", 1)
        # As depth(): a small buffer first, a larger one only while the side fills it.
        cap = min(levels, DEPTH_CHUNK)
        while True:
            out = api.array("sgx_level_ticks", max(cap, 1))
            _call(self._lib.sgx_engine_depth_ticks, out, cap, count, self._h, sym, s)
            n = int(count[0])
            if n < cap or cap == levels:
                view = api.buffer(out)[: n * _LEVEL_TICKS.size]
                return [LevelTicks(*rec) for rec in _LEVEL_TICKS.iter_unpack(view)]
            cap = min(levels, cap * DEPTH_GROWTH)

    def lots_at(self, symbol_id: int, side: int, price_ticks: int) -> LevelTicks:
        """The level of one side at a price in ticks: its open lots and orders
        (0 and 0 where no order rests)."""
        sym, s, p = symbol_code(symbol_id), side_code(side), price_ticks_value(price_ticks)
        level = self._api.new("sgx_level_ticks")
        _call(self._lib.sgx_engine_lots_at, level, self._h, sym, s, p)
        return LevelTicks(level.price, level.lots, level.order_count)

    def order_ticks(self, order_id: int) -> Optional[OrderTicks]:
        """A resting order in ticks and lots with its queue position, or None
        if it does not rest. Walks its level from it back to the head: the
        cost grows with the orders ahead of it."""
        oid = c_order_id(order_id)
        o = self._api.new("sgx_order_ticks")
        rc = self._lib.sgx_engine_order_ticks(o, self._h, oid)
        while rc == E.ERR_BUSY:
            time.sleep(0)
            rc = self._lib.sgx_engine_order_ticks(o, self._h, oid)
        if rc == E.ERR_NOT_FOUND:
            return None
        if rc:
            raise E.error_for(rc)
        return OrderTicks(o.order_id, o.symbol, SIDE_BY_CODE[o.side], o.price, o.open_lots, o.filled_lots,
                          o.lots_ahead, o.orders_ahead, o.owner, SelfTrade(o.stp), bool(o.post_only))
