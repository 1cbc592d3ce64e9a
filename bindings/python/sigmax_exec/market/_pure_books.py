"""The pure-Python L2 and L3 books: the rules of src/market/l2_book.cpp and
l3_book.cpp, event for event, with the same checks counters, so that every
answer equals the native books' (tests/test_market_books.py).

A side keeps its prices in a sorted list of keys, best first (bids: -price,
asks: price) and its levels in a dict by price. An L3 level keeps its orders
in a dict whose insertion order is the queue: moving an order to the back
is a delete and a re-insert.
"""
from __future__ import annotations

from bisect import bisect_left, insort
from typing import Any, Dict, List, Optional, Tuple

from ._book_types import BookBase, L3BookBase, RawLevel, RawPosition, RawQuote
from ._records import Kind

_LEVEL, _CLEAR, _BEGIN, _END = int(Kind.LEVEL), int(Kind.CLEAR), int(Kind.SNAPSHOT_BEGIN), int(Kind.SNAPSHOT_END)
_TRADE, _BBO, _ADD, _CANCEL = int(Kind.TRADE), int(Kind.BBO), int(Kind.ADD), int(Kind.CANCEL)
_MODIFY, _FILL = int(Kind.MODIFY), int(Kind.FILL)
_NONE = 2
_NO_BOOK_CHANGE = 32  # Flag.NO_BOOK_CHANGE
# The engine's bounds (docs/semantics.md#bounds): lots of one order, of one level.
_MAX_ORDER_LOTS = 1 << 53
_MAX_LEVEL_LOTS = 1 << 62
# Indices into the checks counters (sgx_md_book_checks order).
EVENTS, IGNORED, INVALID, NEGATIVE, CROSSED, UNKNOWN, DUPLICATE, OVERFILL, MODIFY_ADDED = range(9)


def _key(side: int, price: int) -> int:
    return -price if side == 0 else price


def _columns(events: Any) -> Any:
    return zip(events["symbol"].tolist(), events["kind"].tolist(), events["side"].tolist(),
               events["price"].tolist(), events["quantity"].tolist(), events["flags"].tolist(),
               events["order_id"].tolist())


class _Prices:
    """One side's prices, best first."""

    __slots__ = ("side", "keys")

    def __init__(self, side: int) -> None:
        self.side = side
        self.keys: List[int] = []

    def insert(self, price: int) -> None:
        insort(self.keys, _key(self.side, price))

    def remove(self, price: int) -> None:
        k = _key(self.side, price)
        del self.keys[bisect_left(self.keys, k)]

    def best(self) -> Optional[int]:
        return _key(self.side, self.keys[0]) if self.keys else None

    def first(self, n: int) -> List[int]:
        return [_key(self.side, k) for k in self.keys[:n]]


def _crossed(bids: _Prices, asks: _Prices) -> bool:
    return bool(bids.keys) and bool(asks.keys) and -bids.keys[0] >= asks.keys[0]


class _SymbolBook:
    """What the L2 and L3 book of one symbol share: sorted prices, the
    snapshot state, and the book-wide kinds (CLEAR, SNAPSHOT_BEGIN/END)."""

    __slots__ = ("prices", "in_snapshot")

    def __init__(self) -> None:
        self.prices = (_Prices(0), _Prices(1))
        self.in_snapshot = False

    def lots_at(self, side: int, price: int) -> int:
        raise NotImplementedError

    def clear(self, side: int) -> None:
        raise NotImplementedError

    def apply_level_kind(self, kind: int, side: int, price: int, qty: int, oid: int, c: List[int]) -> bool:
        """Applies an event of this book's own kinds; False if it was counted
        as ignored or bad (no crossed check follows)."""
        raise NotImplementedError

    def apply(self, kind: int, side: int, price: int, qty: int, flags: int, oid: int, c: List[int]) -> None:
        c[EVENTS] += 1
        if kind == _CLEAR:
            if side > _NONE:
                c[INVALID] += 1
                return
            self.clear(side)
        elif kind == _BEGIN:
            self.clear(_NONE)
            self.in_snapshot = True
        elif kind == _END:
            self.in_snapshot = False
        elif not self.apply_level_kind(kind, side, price, qty, oid, c):
            return
        if flags & 1 and not self.in_snapshot and _crossed(*self.prices):
            c[CROSSED] += 1


class _PureBooks:
    """The book set: one _SymbolBook per symbol id seen, checks over all."""

    _book_class: Any

    def _init_books(self) -> None:
        self._books: Dict[int, Any] = {}
        self._checks = [0] * 9

    def _raw_apply(self, events: Any) -> None:
        c = self._checks
        books = self._books
        for sym, kind, side, price, qty, flags, oid in _columns(events):
            b = books.get(sym)
            if b is None:
                b = books[sym] = self._book_class()
            b.apply(kind, side, price, qty, flags, oid, c)

    def _raw_best(self, symbol: int) -> RawQuote:
        b = self._books.get(symbol)
        if b is None:
            return False, 0, 0, False, 0, 0
        bid, ask = b.prices[0].best(), b.prices[1].best()
        return (bid is not None, bid or 0, b.lots_at(0, bid) if bid is not None else 0,
                ask is not None, ask or 0, b.lots_at(1, ask) if ask is not None else 0)

    def _raw_depth(self, symbol: int, levels: int) -> Tuple[List[RawLevel], List[RawLevel]]:
        b = self._books.get(symbol)
        if b is None:
            return [], []
        bids, asks = ([b.level(s, p) for p in b.prices[s].first(levels)] for s in (0, 1))
        return bids, asks

    def _raw_quantity_at(self, symbol: int, side: int, price: int) -> int:
        b = self._books.get(symbol)
        return 0 if b is None else int(b.lots_at(side, price))

    def _raw_checks(self) -> Tuple[int, ...]:
        return tuple(self._checks)

    def _raw_symbols(self) -> List[int]:
        return list(self._books)  # a dict keeps the order of first events

    def _raw_reset(self) -> None:
        self._init_books()


# ---------------------------------------------------------------------------
# L2

class _L2Symbol(_SymbolBook):
    __slots__ = ("lots",)

    def __init__(self) -> None:
        super().__init__()
        self.lots: Tuple[Dict[int, int], Dict[int, int]] = ({}, {})

    def lots_at(self, side: int, price: int) -> int:
        return self.lots[side].get(price, 0)

    def level(self, side: int, price: int) -> RawLevel:
        return price, self.lots[side][price], 0

    def set_level(self, side: int, price: int, quantity: int) -> None:
        lots = self.lots[side]
        if quantity == 0:
            if price in lots:
                del lots[price]
                self.prices[side].remove(price)
        elif price in lots:
            lots[price] = quantity
        else:
            lots[price] = quantity
            self.prices[side].insert(price)

    def clear(self, side: int) -> None:
        for s in (0, 1):
            if side == _NONE or side == s:
                self.lots[s].clear()
                self.prices[s].keys.clear()

    def apply_level_kind(self, kind: int, side: int, price: int, qty: int, oid: int, c: List[int]) -> bool:
        if kind == _LEVEL:
            if side > 1:
                c[INVALID] += 1
                return False
            if qty < 0:
                c[NEGATIVE] += 1
                return False
            self.set_level(side, price, qty)
            return True
        c[IGNORED if _TRADE <= kind <= _FILL else INVALID] += 1
        return False


class PureL2Book(_PureBooks, BookBase):
    """L2 (market by price) books per symbol, in Python."""

    implementation = "python"
    level_kind = "L2"
    _book_class = _L2Symbol

    def __init__(self, symbols: Any = None) -> None:
        BookBase.__init__(self, symbols)
        self._init_books()


# ---------------------------------------------------------------------------
# L3

class _Order:
    __slots__ = ("side", "price", "open")

    def __init__(self, side: int, price: int, open_lots: int) -> None:
        self.side, self.price, self.open = side, price, open_lots


class _Level:
    __slots__ = ("orders", "lots")

    def __init__(self) -> None:
        self.orders: Dict[int, _Order] = {}  # insertion order = time priority
        self.lots = 0


class _L3Symbol(_SymbolBook):
    __slots__ = ("orders", "levels")

    def __init__(self) -> None:
        super().__init__()
        self.orders: Dict[int, _Order] = {}
        self.levels: Tuple[Dict[int, _Level], Dict[int, _Level]] = ({}, {})

    def lots_at(self, side: int, price: int) -> int:
        level = self.levels[side].get(price)
        return 0 if level is None else level.lots

    def level(self, side: int, price: int) -> RawLevel:
        lv = self.levels[side][price]
        return price, lv.lots, len(lv.orders)

    def room_for(self, side: int, price: int, lots: int) -> bool:
        """True when the level at price can take `lots` more without passing _MAX_LEVEL_LOTS."""
        return self.lots_at(side, price) + lots <= _MAX_LEVEL_LOTS

    def link(self, oid: int, o: _Order) -> None:
        """o joins the back of its level."""
        levels = self.levels[o.side]
        level = levels.get(o.price)
        if level is None:
            level = levels[o.price] = _Level()
            self.prices[o.side].insert(o.price)
        level.orders[oid] = o
        level.lots += o.open

    def unlink(self, oid: int, o: _Order) -> None:
        levels = self.levels[o.side]
        level = levels[o.price]
        del level.orders[oid]
        level.lots -= o.open
        if not level.orders:
            del levels[o.price]
            self.prices[o.side].remove(o.price)

    def add(self, oid: int, side: int, price: int, qty: int, c: List[int]) -> None:
        if qty == 0:
            c[INVALID] += 1
            return
        if oid in self.orders:
            c[DUPLICATE] += 1
            return
        if not self.room_for(side, price, qty):
            c[INVALID] += 1
            return
        o = self.orders[oid] = _Order(side, price, qty)
        self.link(oid, o)

    def remove(self, oid: int, o: _Order) -> None:
        self.unlink(oid, o)
        del self.orders[oid]

    def reduce(self, oid: int, o: _Order, lots: int, c: List[int]) -> None:
        """Takes lots off the order, keeping its place; at 0 (or past it: an overfill) it leaves."""
        if lots >= o.open:
            if lots > o.open:
                c[OVERFILL] += 1
            self.remove(oid, o)
            return
        self.levels[o.side][o.price].lots -= lots
        o.open -= lots

    def modify(self, oid: int, side: int, price: int, qty: int, c: List[int]) -> None:
        o = self.orders.get(oid)
        if o is None:
            if qty == 0:
                c[UNKNOWN] += 1
                return
            c[MODIFY_ADDED] += 1
            self.add(oid, side, price, qty, c)
            return
        if qty == 0:
            self.remove(oid, o)
            return
        if o.price != price or o.side != side:
            if not self.room_for(side, price, qty):
                c[INVALID] += 1
                return
            self.unlink(oid, o)
            o.price, o.side, o.open = price, side, qty
            self.link(oid, o)  # the back of the new level
        elif qty < o.open:
            self.levels[side][price].lots -= o.open - qty  # a decrease keeps the place
            o.open = qty
        elif qty > o.open:
            if not self.room_for(side, price, qty - o.open):
                c[INVALID] += 1
                return
            self.unlink(oid, o)  # an increase goes to the back
            o.open = qty
            self.link(oid, o)

    def clear(self, side: int) -> None:
        for s in (0, 1):
            if side != _NONE and side != s:
                continue
            for level in self.levels[s].values():
                for oid in level.orders:
                    del self.orders[oid]
            self.levels[s].clear()
            self.prices[s].keys.clear()


    def apply(self, kind: int, side: int, price: int, qty: int, flags: int, oid: int, c: List[int]) -> None:
        if kind == _FILL and flags & _NO_BOOK_CHANGE:  # its CANCEL or MODIFY follows and changes the book
            c[EVENTS] += 1
            c[IGNORED] += 1
            return
        super().apply(kind, side, price, qty, flags, oid, c)

    def apply_level_kind(self, kind: int, side: int, price: int, qty: int, oid: int, c: List[int]) -> bool:
        if not _ADD <= kind <= _FILL:
            c[IGNORED if kind in (_LEVEL, _TRADE, _BBO) else INVALID] += 1
            return False
        if side > 1 and (kind == _ADD or kind == _MODIFY):
            c[INVALID] += 1
            return False
        if qty < 0:
            c[NEGATIVE] += 1
            return False
        if qty > _MAX_ORDER_LOTS:
            c[INVALID] += 1
            return False
        if kind == _ADD:
            self.add(oid, side, price, qty, c)
        elif kind == _MODIFY:
            self.modify(oid, side, price, qty, c)
        else:
            o = self.orders.get(oid)
            if o is None:
                c[UNKNOWN] += 1
                return False
            whole = kind == _CANCEL and qty == 0  # a cancel of 0 lots names no size: the whole order
            self.reduce(oid, o, o.open if whole else qty, c)
        return True


class PureL3Book(_PureBooks, L3BookBase):
    """L3 (market by order) books per symbol, in Python."""

    implementation = "python"
    _book_class = _L3Symbol

    def __init__(self, symbols: Any = None) -> None:
        L3BookBase.__init__(self, symbols)
        self._init_books()

    def _raw_resting_orders(self, symbol: int) -> int:
        b = self._books.get(symbol)
        return 0 if b is None else len(b.orders)

    def _raw_queue_ahead(self, symbol: int, order_id: int) -> Optional[RawPosition]:
        b = self._books.get(symbol)
        o = None if b is None else b.orders.get(order_id)
        if b is None or o is None:
            return None
        ahead = lots = 0
        for oid, other in b.levels[o.side][o.price].orders.items():
            if oid == order_id:
                break
            ahead += 1
            lots += other.open
        return ahead, lots, o.price, o.open, symbol, o.side
