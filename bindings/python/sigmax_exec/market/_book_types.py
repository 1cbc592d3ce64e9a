"""What the L2 and L3 books answer, and the part of a book that every
backend shares: argument checks, the symbols' units, and turning raw ticks
and lots into typed results. A backend supplies the _raw_* methods."""
from __future__ import annotations

import operator
from typing import Any, Dict, Iterable, List, NamedTuple, Optional, Tuple

from .. import _abi
from .. import _errors as E
from .._common import symbol_code
from ._records import Symbol, side_code
from ._units import to_value
from ._writer import as_event_array

_U64 = 1 << 64


class Quote(NamedTuple):
    """Best bid and ask. Ticks and lots, and the same in the symbol's units
    (``*_price``, ``*_quantity``; None when the book does not know the
    symbol's tick and lot). An empty side has price None and quantity 0."""
    bid_price_ticks: Optional[int]
    bid_quantity_lots: int
    ask_price_ticks: Optional[int]
    ask_quantity_lots: int
    bid_price: Optional[float]
    bid_quantity: Optional[float]
    ask_price: Optional[float]
    ask_quantity: Optional[float]


class Level(NamedTuple):
    """One price level: ticks, lots, its orders (0 in an L2 book), and the
    price and quantity in the symbol's units (None if unknown)."""
    price_ticks: int
    quantity_lots: int
    order_count: int
    price: Optional[float]
    quantity: Optional[float]


class Depth(NamedTuple):
    """Levels per side, best first."""
    bids: List[Level]
    asks: List[Level]


class QueuePosition(NamedTuple):
    """Where an order rests in an L3 book and what is ahead of it."""
    orders_ahead: int           # orders of its level that trade before it
    quantity_ahead_lots: int    # their lots
    price_ticks: int            # the order's price and open quantity
    quantity_lots: int
    symbol: int
    side: int                   # 0 buy, 1 sell
    quantity_ahead: Optional[float]  # in the symbol's units (None if unknown)
    price: Optional[float]
    quantity: Optional[float]


BookChecks = NamedTuple("BookChecks", [(n, int) for n in _abi.MD_BOOK_CHECKS.value_names])  # type: ignore[misc]
BookChecks.__doc__ = """What a book saw while applying events (sgx_md_book_checks): events,
ignored, invalid, negative_quantity, crossed, unknown_order,
duplicate_order, overfill, modify_added. On a good feed every count but
events and ignored is 0."""

RawQuote = Tuple[bool, int, int, bool, int, int]     # has_bid, bid, bid lots, has_ask, ask, ask lots
RawLevel = Tuple[int, int, int]                      # price, lots, orders
RawPosition = Tuple[int, int, int, int, int, int]    # orders ahead, lots ahead, price, lots, symbol, side


class BookBase:
    """The shared half of every backend's L2 and L3 book."""

    implementation = "?"
    level_kind = "?"  # "L2" or "L3"

    def __init__(self, symbols: Optional[Iterable[Symbol]] = None) -> None:
        self._units: Dict[int, Tuple[float, float]] = {}
        if symbols is not None:
            self.add_symbols(symbols)

    # -- to be supplied by a backend ------------------------------------------

    def _raw_apply(self, events: Any) -> None:
        raise NotImplementedError

    def _raw_best(self, symbol: int) -> RawQuote:
        raise NotImplementedError

    def _raw_depth(self, symbol: int, levels: int) -> Tuple[List[RawLevel], List[RawLevel]]:
        raise NotImplementedError

    def _raw_quantity_at(self, symbol: int, side: int, price: int) -> int:
        raise NotImplementedError

    def _raw_checks(self) -> Tuple[int, ...]:
        raise NotImplementedError

    def _raw_symbols(self) -> List[int]:
        raise NotImplementedError

    def _raw_reset(self) -> None:
        raise NotImplementedError

    # -- the API ----------------------------------------------------------------

    def add_symbols(self, symbols: Iterable[Symbol]) -> None:
        """Makes the books answer in these symbols' units too (an EventFile's
        ``symbols``, or Symbol records); apply(EventFile) does it itself."""
        for s in getattr(symbols, "symbols", symbols):
            self._units[s.id] = (s.tick_size, s.lot_size)

    def apply(self, events: Any) -> int:
        """Applies events in order: an EventFile, an EVENT_DTYPE array (or a
        slice of one) or packed 64-byte records. Returns how many."""
        if hasattr(events, "events") and hasattr(events, "symbols"):
            self.add_symbols(events.symbols)
            events = events.events
        batch = as_event_array(events)
        if len(batch):
            self._raw_apply(batch)
        return len(batch)

    def _value(self, symbol: int, units: int, price: bool) -> Optional[float]:
        u = self._units.get(symbol)
        return None if u is None else float(to_value(units, u[0] if price else u[1]))

    def _level(self, symbol: int, raw: RawLevel) -> Level:
        return Level(raw[0], raw[1], raw[2], self._value(symbol, raw[0], True), self._value(symbol, raw[1], False))

    def best(self, symbol: int) -> Quote:
        """Best bid and ask of a symbol (a symbol without events has an empty book)."""
        sym = symbol_code(symbol)
        has_bid, bid, bid_lots, has_ask, ask, ask_lots = self._raw_best(sym)
        v = self._value
        return Quote(bid if has_bid else None, bid_lots, ask if has_ask else None, ask_lots,
                     v(sym, bid, True) if has_bid else None, v(sym, bid_lots, False),
                     v(sym, ask, True) if has_ask else None, v(sym, ask_lots, False))

    def depth(self, symbol: int, levels: int = 10) -> Depth:
        """Up to `levels` levels per side, best first (any count: a huge one gives the whole book)."""
        sym = symbol_code(symbol)
        levels = operator.index(levels)
        if levels < 0:
            raise ValueError("levels must be >= 0")
        bids, asks = self._raw_depth(sym, levels)
        return Depth([self._level(sym, b) for b in bids], [self._level(sym, a) for a in asks])

    def quantity_at(self, symbol: int, side: Any, price: int) -> int:
        """Lots resting at `price` (ticks) on `side` (0/"buy" or 1/"sell");
        InvalidOrderError (SGX_ERR_INVALID_SIDE) for another side."""
        sym = symbol_code(symbol)
        s = side_code(side)
        if s is None:
            raise E.error_for(E.ERR_INVALID_SIDE)
        p = operator.index(price)
        if not -(1 << 63) <= p < (1 << 63):
            return 0  # no level can be there
        return self._raw_quantity_at(sym, s, p)

    def checks(self) -> BookChecks:
        """The counts over every symbol's book since it was made (or reset)."""
        return BookChecks(*self._raw_checks())

    def symbols(self) -> List[int]:
        """The ids of the symbols that have a book, in the order of their first events."""
        return self._raw_symbols()

    def reset(self) -> None:
        """Drops every symbol's book and zeroes the checks, as new; the
        symbols' units stay known."""
        self._raw_reset()

    def __repr__(self) -> str:
        return f"<{self.level_kind}Book ({self.implementation}) {dict(self.checks()._asdict())}>"


class L3BookBase(BookBase):
    """The shared half of every backend's L3 book: queue_ahead(), resting_orders()."""

    level_kind = "L3"

    def _raw_queue_ahead(self, symbol: int, order_id: int) -> Optional[RawPosition]:
        raise NotImplementedError

    def _raw_resting_orders(self, symbol: int) -> int:
        raise NotImplementedError

    def resting_orders(self, symbol: int) -> int:
        """How many orders rest in the symbol's book (0 without events)."""
        return self._raw_resting_orders(symbol_code(symbol))

    def queue_ahead(self, symbol: int, order_id: int) -> Optional[QueuePosition]:
        """What is ahead of exchange order `order_id` in its queue, or None if it does not rest."""
        sym = symbol_code(symbol)
        oid = operator.index(order_id)
        if not 0 <= oid < _U64:
            return None
        raw = self._raw_queue_ahead(sym, oid)
        if raw is None:
            return None
        ahead, ahead_lots, price, lots, s, side = raw
        v = self._value
        return QueuePosition(ahead, ahead_lots, price, lots, s, side, v(sym, ahead_lots, False), v(sym, price, True),
                             v(sym, lots, False))
