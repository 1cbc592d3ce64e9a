"""The pure-Python engine's integer order entry: the rules of
include/sigmax/detail/order_entry_impl.hpp (and docs/semantics.md, "Integer
order entry"), operation for operation, self-trade prevention included, so
that its events, books and statistics are the native engine's
(tests/test_order_entry_differential.py).

A mixin of _pure.Engine: it works on that engine's books and its one order
index (``_orders``, which the double API shares). Every call checks all that
can refuse it before the first change, so a refused call raises with nothing
changed.
"""
from __future__ import annotations

import threading
from bisect import bisect_left, insort
from typing import Any, Dict, List, Optional, Tuple

from . import _errors as E
from ._common import c_order_id, symbol_code
from ._order_entry import (EVENT_STRUCT, MAX_TICKS, MIN_PRICE_FLOOR, AppliedRequests, RequestOp, applied, i64,
                           new_order_args, replace_args, request_rows, u64)
from ._types import CancelReason, EventKind, OrderEvent, SIDE_BY_CODE

_MAX_LEVEL_LOTS = 1 << 62
_GTC, _IOC, _FOK, _POST = range(4)
_ALLOW, _NEWEST, _OLDEST, _BOTH, _DECREMENT = 1, 2, 3, 4, 5
_new = tuple.__new__
_ACCEPTED, _TRADE, _CANCELLED, _REPLACED = EventKind.ACCEPTED, EventKind.TRADE, EventKind.CANCELLED, EventKind.REPLACED
_NONE, _USER, _IOC_LEFT, _FOK_UNFILLED, _POST_ONLY, _SELF = tuple(CancelReason)
_SIDES = SIDE_BY_CODE


def _ev(kind: EventKind, oid: int, symbol: int, side: int, price: int, lots: int, remaining: int,
        reason: CancelReason = _NONE, maker_id: int = 0, maker_remaining: int = 0,
        maker_done: bool = False) -> OrderEvent:
    return _new(OrderEvent, (oid, maker_id, price, lots, remaining, maker_remaining, symbol, 0, kind, _SIDES[side],
                             reason, maker_done))


class _Taker:
    """The order matching against a book: a new order or a replaced one."""
    __slots__ = ("id", "symbol", "side", "price", "owner", "mode")

    def __init__(self, oid: int, symbol: int, side: int, price: int, owner: int, mode: int) -> None:
        self.id = oid
        self.symbol = symbol
        self.side = side
        self.price = price  # for its own Cancelled events: 0 for a market order
        self.owner = owner
        self.mode = mode    # the effective self-trade mode (never DEFAULT)


class IntegerEntry:
    """new_order, cancel, replace, cancel_all, cancel_owner, set_min_price and apply."""

    # What the mixin uses of _pure.Engine (declared for the type checker).
    _books: Dict[int, Any]
    _orders: Dict[int, Any]
    _lock: threading.Lock
    _max_symbols: int
    _client_ids_used: bool
    _self_trade: int
    _n_orders: int
    _n_fills: int
    _volume_lots: int
    _volume: float
    _rejects: int
    _cancels: int
    _amends: int
    _invalid: int

    def _new_book(self) -> Any:
        raise NotImplementedError

    def _new_order_record(self, oid: int, price: int, lots: int, symbol: int, side: int, owner: int, stp: int,
                          post: bool) -> Any:
        raise NotImplementedError

    def _refuse(self, status: int, counted: bool) -> E.SigmaxError:
        """The exception of a refused call; `counted`: an invalid request (the -1 ... -29 group)."""
        if counted:
            self._invalid += 1
        return E.error_for(status)

    # -- the calls ------------------------------------------------------------
    def new_order(self, client_id: int, symbol_id: int, side: Any, price_ticks: Any, lots: Any, *,
                  order_type: Any = 0, tif: Any = 0, owner: int = 0, stp: Any = 0) -> List[OrderEvent]:
        """Submits an order in ticks and lots under the caller's id; returns its events."""
        args = new_order_args(client_id, symbol_id, side, price_ticks, lots, order_type, tif, owner, stp)
        out: List[OrderEvent] = []
        with self._lock:
            self._submit(*args, out)
        return out

    def cancel(self, order_id: int) -> List[OrderEvent]:
        """Cancels a resting order (either API's): its Cancelled event. OrderNotFoundError if it does not rest."""
        oid = c_order_id(order_id)
        out: List[OrderEvent] = []
        with self._lock:
            self._cancel_one(oid, out)
        return out

    def replace(self, order_id: int, price_ticks: Any, lots: Any) -> List[OrderEvent]:
        """Sets a resting order's price (ticks) and open lots; returns Replaced and any trades."""
        oid, price, n = replace_args(order_id, price_ticks, lots)
        out: List[OrderEvent] = []
        with self._lock:
            self._replace(oid, price, n, out)
        return out

    def cancel_all(self, symbol_id: int) -> List[OrderEvent]:
        """Cancels every order resting on a symbol: bids best first, then asks, oldest first in a level."""
        sym = symbol_code(symbol_id)
        out: List[OrderEvent] = []
        with self._lock:
            self._cancel_all(sym, out)
        return out

    def cancel_owner(self, owner: int) -> List[OrderEvent]:
        """Cancels every resting order of an owner (symbols ascending, then as cancel_all).
        InvalidOwnerError for owner 0."""
        who = u64(owner, "owner")
        out: List[OrderEvent] = []
        with self._lock:
            self._cancel_owner(who, out)
        return out

    def set_min_price(self, symbol_id: int, ticks: Any) -> None:
        """Sets the lowest limit price (ticks, -2^53 ... 1; default 1) the integer calls accept on a symbol."""
        sym, t = symbol_code(symbol_id), i64(ticks, "ticks")
        with self._lock:
            if not MIN_PRICE_FLOOR <= t <= 1:
                raise self._refuse(E.ERR_OUT_OF_RANGE, True)
            book = self._books.get(sym)
            if book is None:
                if len(self._books) >= self._max_symbols:
                    raise self._refuse(E.ERR_TOO_MANY_SYMBOLS, False)
                book = self._books[sym] = self._new_book()
            book.min_price = t

    def apply(self, requests: Any) -> AppliedRequests:
        """Makes every request of a REQUEST_DTYPE array, in order (see AppliedRequests)."""
        rows = request_rows(requests)
        chunks: List[bytes] = []
        ends: List[int] = []
        statuses: List[int] = []
        pack = EVENT_STRUCT.pack
        count = 0
        with self._lock:
            for op, side, otype, tif, sym, oid, price, lots, owner, stp in rows:
                out: List[OrderEvent] = []
                status = 0
                try:
                    if op == RequestOp.NEW:
                        self._submit(oid, sym, side, otype, tif, stp, price if otype == 0 else 0, lots, owner, out)
                    elif op == RequestOp.CANCEL:
                        self._cancel_one(oid, out)
                    elif op == RequestOp.REPLACE:
                        self._replace(oid, price, lots, out)
                    elif op == RequestOp.CANCEL_ALL:
                        self._cancel_all(sym, out)
                    else:  # CANCEL_OWNER (request_rows checked the ops)
                        self._cancel_owner(owner, out)
                except E.SigmaxError as exc:
                    status = exc.status
                chunks.extend(pack(*e) for e in out)
                count += len(out)
                ends.append(count)
                statuses.append(status)
        return applied(b"".join(chunks), ends, statuses)

    # -- bodies (the lock held) -------------------------------------------------
    def _submit(self, cid: int, sym: int, side: int, otype: int, tif: int, stp: int, price: int, lots: int,
                owner: int, out: List[OrderEvent]) -> None:
        # Validation, in the engine's order (Engine::validate_new).
        if side > 1:
            raise self._refuse(E.ERR_INVALID_SIDE, True)
        if otype > 1:
            raise self._refuse(E.ERR_INVALID_TYPE, True)
        if tif > 3 or (otype == 1 and tif == _POST):
            raise self._refuse(E.ERR_INVALID_TIF, True)
        if stp > 5:
            raise self._refuse(E.ERR_INVALID_STP, True)
        if cid == 0:
            raise self._refuse(E.ERR_INVALID_ORDER_ID, True)
        book = self._books.get(sym)
        market = otype == 1
        if not market:
            if price < (1 if book is None else book.min_price):
                raise self._refuse(E.ERR_INVALID_PRICE, True)
            if price > MAX_TICKS:
                raise self._refuse(E.ERR_OUT_OF_RANGE, True)
        else:
            price = 0
        if lots < 1:
            raise self._refuse(E.ERR_INVALID_QUANTITY, True)
        if lots > MAX_TICKS:
            raise self._refuse(E.ERR_OUT_OF_RANGE, True)
        if cid in self._orders:  # one index for both APIs
            raise self._refuse(E.ERR_DUPLICATE_ORDER_ID, False)
        may_rest = not market and (tif == _GTC or tif == _POST)
        if book is None:
            # As the engine: only an order that may rest gets the symbol a book.
            if may_rest and len(self._books) >= self._max_symbols:
                raise self._refuse(E.ERR_TOO_MANY_SYMBOLS, False)
            book = self._new_book()
            if may_rest:
                self._books[sym] = book
        self._client_ids_used = True

        opp = 1 - side
        opp_keys = book.keys[opp]
        crosses = bool(opp_keys) and (market or (price >= -opp_keys[-1] if side == 0 else price <= opp_keys[-1]))
        accepted = _ev(_ACCEPTED, cid, sym, side, price, lots, lots)
        if not crosses:
            if may_rest:
                self._rest_order(book, cid, sym, side, price, lots, owner, stp, tif == _POST)  # may refuse: LevelFull
                out.append(accepted)
            else:
                out.append(accepted)
                out.append(_ev(_CANCELLED, cid, sym, side, price, lots, 0, _FOK_UNFILLED if tif == _FOK else _IOC_LEFT))
            self._n_orders += 1
            return
        out.append(accepted)
        if tif == _POST:
            out.append(_ev(_CANCELLED, cid, sym, side, price, lots, 0, _POST_ONLY))
            self._n_orders += 1
            self._rejects += 1
            return
        taker = _Taker(cid, sym, side, price, owner, stp or self._self_trade)
        if tif == _FOK and not self._fok_fills(book, taker, market, lots, out):
            self._n_orders += 1
            return
        left, _, stopped = self._match_events(book, taker, market, lots, out)
        if left > 0 and not stopped:
            if may_rest:
                # It crossed the opposite best, so it opens a new level.
                self._rest_order(book, cid, sym, side, price, left, owner, stp, tif == _POST)
            else:
                out.append(_ev(_CANCELLED, cid, sym, side, price, left, 0, _IOC_LEFT))
        self._n_orders += 1

    def _rest_order(self, book: Any, oid: int, sym: int, side: int, price: int, lots: int, owner: int, stp: int,
              post: bool) -> None:
        """Joins the back of its level (LevelFullError, nothing changed, if it would pass 2^62 lots)."""
        levels = book.levels[side]
        level = levels.get(price)
        if level is None:
            level = levels[price] = book.new_level()
            insort(book.keys[side], price if side == 0 else -price)
        elif level.lots > _MAX_LEVEL_LOTS - lots:
            raise self._refuse(E.ERR_LEVEL_FULL, False)
        o = self._orders[oid] = self._new_order_record(oid, price, lots, sym, side, owner, stp, post)
        level.orders[oid] = o
        level.lots += lots
        book.resting += 1

    def _fok_fills(self, book: Any, taker: _Taker, market: bool, lots: int, out: List[OrderEvent]) -> bool:
        """Whether a crossing FOK fills completely; if not, its Cancelled event is out."""
        opp = 1 - taker.side
        levels = book.levels[opp]
        owner = taker.owner
        own_check = owner != 0 and taker.mode != _ALLOW
        total = 0
        for key in reversed(book.keys[opp]):
            if total >= lots:
                break
            price = key if opp == 0 else -key
            if not market and (taker.price > price if opp == 0 else taker.price < price):
                break
            level = levels[price]
            if not own_check:
                total += level.lots
                continue
            for maker in level.orders.values():
                if total >= lots:
                    break
                if maker.owner == owner:
                    if taker.mode == _OLDEST:
                        continue  # matching will cancel it
                    out.append(_ev(_CANCELLED, taker.id, taker.symbol, taker.side, taker.price, lots, 0, _SELF,
                                   maker.id))
                    return False
                total += maker.open
        if total >= lots:
            return True
        out.append(_ev(_CANCELLED, taker.id, taker.symbol, taker.side, taker.price, lots, 0, _FOK_UNFILLED))
        return False

    def _match_events(self, book: Any, taker: _Taker, market: bool, lots: int,
                      out: List[OrderEvent]) -> Tuple[int, int, bool]:
        """Matching with Trade events and self-trade prevention (match_each):
        (lots left, lots traded, whether self-trade prevention cancelled the taker)."""
        side = taker.side
        opp = 1 - side
        keys = book.keys[opp]
        levels = book.levels[opp]
        orders = self._orders
        lm, lp = book.lm, book.lp
        tid, sym, limit, owner, mode = taker.id, taker.symbol, taker.price, taker.owner, taker.mode
        own_check = owner != 0 and mode != _ALLOW
        traded = 0
        while lots > 0 and keys:
            price = keys[-1] if opp == 0 else -keys[-1]
            if not market and (limit > price if opp == 0 else limit < price):
                break
            level = levels[price]
            queue = level.orders
            while lots > 0 and queue:
                maker = next(iter(queue.values()))
                if own_check and maker.owner == owner:
                    if mode == _NEWEST:
                        out.append(_ev(_CANCELLED, tid, sym, side, limit, lots, 0, _SELF, maker.id))
                        self._drop_empty_level(book, opp, price)
                        return 0, traded, True
                    if mode == _OLDEST or mode == _BOTH:
                        out.append(_ev(_CANCELLED, maker.id, sym, opp, price, maker.open, 0, _SELF, tid))
                        self._take_out(book, maker, level, maker.open)
                        if mode == _BOTH:
                            out.append(_ev(_CANCELLED, tid, sym, side, limit, lots, 0, _SELF, maker.id))
                            self._drop_empty_level(book, opp, price)
                            return 0, traded, True
                        continue
                    # DecrementAndCancel
                    q = maker.open if maker.open < lots else lots
                    out.append(_ev(_CANCELLED, maker.id, sym, opp, price, q, maker.open - q, _SELF, tid))
                    self._take_out(book, maker, level, q)
                    lots -= q
                    out.append(_ev(_CANCELLED, tid, sym, side, limit, q, lots, _SELF, maker.id))
                    continue
                q = maker.open if maker.open < lots else lots
                lots -= q
                traded += q
                done = q == maker.open
                out.append(_new(OrderEvent, (tid, maker.id, price, q, lots, maker.open - q, sym, 0, _TRADE,
                                             _SIDES[side], _NONE, done)))
                self._n_fills += 1
                self._volume_lots += q
                self._volume += q * lm / lp
                if done:
                    del queue[maker.id]
                    del orders[maker.id]
                    book.resting -= 1
                else:
                    maker.open -= q
                    maker.filled += q
                level.lots -= q
            self._drop_empty_level(book, opp, price)
        return lots, traded, False

    def _take_out(self, book: Any, maker: Any, level: Any, q: int) -> None:
        """Removes q of a maker's open lots for self-trade prevention: it keeps
        its place while lots remain, and leaves the book (its level may end
        empty: the caller drops it) when none do."""
        level.lots -= q
        maker.open -= q
        if maker.open == 0:
            del level.orders[maker.id]
            del self._orders[maker.id]
            book.resting -= 1
            self._cancels += 1

    @staticmethod
    def _drop_empty_level(book: Any, side: int, price: int) -> None:
        levels = book.levels[side]
        level = levels.get(price)
        if level is not None and not level.orders:
            del levels[price]
            keys = book.keys[side]
            del keys[bisect_left(keys, price if side == 0 else -price)]

    def _cancel_one(self, oid: int, out: List[OrderEvent]) -> None:
        o = self._orders.get(oid)
        if o is None:
            raise self._refuse(E.ERR_NOT_FOUND, False)
        out.append(_ev(_CANCELLED, oid, o.symbol, o.side, o.price, o.open, 0, _USER))
        del self._orders[oid]
        self._books[o.symbol].remove(o)
        self._cancels += 1

    def _replace(self, oid: int, price: int, lots: int, out: List[OrderEvent]) -> None:
        # Malformed values whatever the id (as amend); the symbol's own minimum
        # price once the order is found.
        if price < MIN_PRICE_FLOOR:
            raise self._refuse(E.ERR_INVALID_PRICE, True)
        if lots < 1:
            raise self._refuse(E.ERR_INVALID_QUANTITY, True)
        if price > MAX_TICKS or lots > MAX_TICKS:
            raise self._refuse(E.ERR_OUT_OF_RANGE, True)
        o = self._orders.get(oid)
        if o is None:
            raise self._refuse(E.ERR_NOT_FOUND, False)
        if price < self._books[o.symbol].min_price:
            raise self._refuse(E.ERR_INVALID_PRICE, True)
        if lots > MAX_TICKS - o.filled:  # executed + open stays within an order's bound
            raise self._refuse(E.ERR_OUT_OF_RANGE, True)
        book = self._books[o.symbol]
        side, sym = o.side, o.symbol
        replaced = _ev(_REPLACED, oid, sym, side, price, lots, lots)
        level = book.levels[side][o.price]
        if price == o.price:
            # Fewer lots (or as many) keep the order's place; more go to the back.
            if lots <= o.open:
                level.lots -= o.open - lots
            elif level.lots - o.open > _MAX_LEVEL_LOTS - lots:
                raise self._refuse(E.ERR_LEVEL_FULL, False)
            else:
                del level.orders[oid]
                level.orders[oid] = o
                level.lots += lots - o.open
            o.open = lots
            self._amends += 1
            out.append(replaced)
            return
        opp = 1 - side
        opp_keys = book.keys[opp]
        crosses = bool(opp_keys) and (price >= -opp_keys[-1] if side == 0 else price <= opp_keys[-1])
        if crosses and o.post:
            raise self._refuse(E.ERR_WOULD_TRADE, False)
        if not crosses:
            target = book.levels[side].get(price)
            if target is not None and target.lots > _MAX_LEVEL_LOTS - lots:
                raise self._refuse(E.ERR_LEVEL_FULL, False)
        # Out of its level, then in at the new price as the newest order there,
        # after trading with what it crosses. It keeps its id throughout.
        del level.orders[oid]
        level.lots -= o.open
        self._drop_empty_level(book, side, o.price)
        self._amends += 1
        out.append(replaced)
        left, traded, stopped = lots, 0, False
        if crosses:
            taker = _Taker(oid, sym, side, price, o.owner, o.stp or self._self_trade)
            left, traded, stopped = self._match_events(book, taker, False, lots, out)
        o.filled += traded  # lots self-trade prevention took are not executed
        o.price = price
        o.open = left
        if left > 0 and not stopped:
            levels = book.levels[side]
            target = levels.get(price)
            if target is None:
                target = levels[price] = book.new_level()
                insort(book.keys[side], price if side == 0 else -price)
            target.orders[oid] = o
            target.lots += left
        else:
            del self._orders[oid]
            book.resting -= 1

    def _cancel_all(self, sym: int, out: List[OrderEvent]) -> None:
        book = self._books.get(sym)
        if book is not None:
            self._cancel_where(book, sym, None, out)

    def _cancel_owner(self, owner: int, out: List[OrderEvent]) -> None:
        if owner == 0:
            raise self._refuse(E.ERR_INVALID_OWNER, True)
        for sym in sorted(self._books):
            self._cancel_where(self._books[sym], sym, owner, out)

    def _cancel_where(self, book: Any, sym: int, owner: Optional[int], out: List[OrderEvent]) -> None:
        """Cancels a book's orders (of `owner`, or all): bids best first, then asks, oldest first in a level."""
        for side in (0, 1):
            levels = book.levels[side]
            for key in list(reversed(book.keys[side])):
                price = key if side == 0 else -key
                level = levels[price]
                for o in list(level.orders.values()):
                    if owner is not None and o.owner != owner:
                        continue
                    out.append(_ev(_CANCELLED, o.id, sym, side, price, o.open, 0, _USER))
                    del level.orders[o.id]
                    level.lots -= o.open
                    del self._orders[o.id]
                    book.resting -= 1
                    self._cancels += 1
                self._drop_empty_level(book, side, price)

