"""The queries in ticks in the pure-Python engine: a base class of
_pure.Engine that reads its books exactly as the C++ engine's
src/book_queries.cpp reads its own, so that every answer is the same."""
from __future__ import annotations

import threading
from typing import Any, Dict, List, Optional

from . import _errors as E
from ._common import level_count, order_id_value, symbol_code
from ._queries import LevelTicks, OrderTicks, TopTicks, price_ticks_value, side_code
from ._types import SIDE_BY_CODE, SelfTrade


class PureTickQueries:
    """Engine queries in ticks and lots (docs/python.md, "Queries in ticks")."""

    # The engine's state these read (_pure.Engine): books by symbol, resting
    # orders by id, the lock that serialises Python threads, the counter of
    # refused requests.
    _books: Dict[int, Any]
    _orders: Dict[int, Any]
    _lock: threading.Lock
    _invalid: int

    def _check_side(self, code: int) -> None:
        """A bad side code (side_code) counts as an invalid request and
        raises, as the C API refuses it (SGX_ERR_INVALID_SIDE). Call under
        the lock, after every argument check the native backends make in
        Python."""
        if code > 1:
            self._invalid += 1
            raise E.InvalidOrderError(E.ERR_INVALID_SIDE)

    def top_of_book_ticks(self, symbol_id: int) -> TopTicks:
        """The best bid and ask in ticks and lots, with their order counts."""
        symbol_id = symbol_code(symbol_id)
        with self._lock:
            book = self._books.get(symbol_id)
            if book is None:
                return TopTicks(None, 0, 0, None, 0, 0)
            bid, ask = book.best(0), book.best(1)
            b = None if bid is None else book.levels[0][bid]
            a = None if ask is None else book.levels[1][ask]
            return TopTicks(bid, 0 if b is None else b.lots, 0 if b is None else len(b.orders),
                            ask, 0 if a is None else a.lots, 0 if a is None else len(a.orders))

    def depth_ticks(self, symbol_id: int, side: int, levels: int = 10) -> List[LevelTicks]:
        """Up to `levels` levels of one side, best first."""
        symbol_id, s, levels = symbol_code(symbol_id), side_code(side), level_count(levels)
        with self._lock:
            self._check_side(s)
            book = self._books.get(symbol_id)
            if book is None or levels == 0:
                return []
            out = []
            lv = book.levels[s]
            for key in reversed(book.keys[s][-levels:]):
                price = key if s == 0 else -key
                level = lv[price]
                out.append(LevelTicks(price, level.lots, len(level.orders)))
            return out

    def lots_at(self, symbol_id: int, side: int, price_ticks: int) -> LevelTicks:
        """The level of one side at a price in ticks: its open lots and orders
        (0 and 0 where no order rests)."""
        symbol_id, s, price = symbol_code(symbol_id), side_code(side), price_ticks_value(price_ticks)
        with self._lock:
            self._check_side(s)
            book = self._books.get(symbol_id)
            level = None if book is None else book.levels[s].get(price)
            if level is None:
                return LevelTicks(price, 0, 0)
            return LevelTicks(price, level.lots, len(level.orders))

    def order_ticks(self, order_id: int) -> Optional[OrderTicks]:
        """A resting order in ticks and lots with its queue position, or None
        if it does not rest. Walks its level from the head to it: the cost
        grows with the orders ahead of it."""
        order_id = order_id_value(order_id)
        with self._lock:
            o = self._orders.get(order_id)
            if o is None:
                return None
            lots_ahead = orders_ahead = 0
            for other in self._books[o.symbol].levels[o.side][o.price].orders.values():
                if other is o:
                    break
                lots_ahead += other.open
                orders_ahead += 1
            return OrderTicks(o.id, o.symbol, SIDE_BY_CODE[o.side], o.price, o.open, o.filled, lots_ahead,
                              orders_ahead, o.owner, SelfTrade(o.stp), bool(o.post))
