"""The exchange side of one symbol in the pure-Python venue (docs/venue.md,
"The exchange side (L2)"): the book rebuilt in exch_ts order, the user's
resting orders with their queue estimates, and the rules that fill them.

ExchangeBase holds what the L3 exchange side (_pure_exchange_l3) shares
with it: the order records, the responses and the request handling.

Every state change makes a Response (appended to the list the caller
passes): fills one per fill, then the order's final state; a fill that
closes the order is its final response. The caller marks the last response
made for a request as the one that answers it and puts them on the channel.
"""
from __future__ import annotations

from typing import Dict, List, Optional

from ..market._pure_books import _L2Symbol
from ._pure_messages import FILL, REJECT_REQUEST, UPDATE, ExchOrder, Request, Response
from ._pure_queue import QueueState, filled_lots, on_depth, on_trade
from ._records import VenueOrderStatus, VenueRequest

_NEW, _PARTIAL, _FILLED = int(VenueOrderStatus.NEW), int(VenueOrderStatus.PARTIALLY_FILLED), \
    int(VenueOrderStatus.FILLED)
_CANCELLED, _EXPIRED = int(VenueOrderStatus.CANCELLED), int(VenueOrderStatus.EXPIRED)
_GTC, _IOC, _FOK, _GTX = 0, 1, 2, 3
_MARKET = 1
_ERR_ORDER_CLOSED = -38
_ERR_INVALID_QUANTITY = -8


class ExchangeBase:
    """What the L2 and the L3 exchange side of a symbol share: the user's
    orders as the exchange knows them, the responses, and the requests
    (cancel and modify take the order off its queue with _unrest; a new or
    modified order meets the book in _enter, which the book model defines)."""

    def __init__(self, symbol: int, partial: bool) -> None:
        self.symbol = symbol
        self.orders: Dict[int, ExchOrder] = {}
        self.partial = bool(partial)

    def _enter(self, o: ExchOrder, t: int, out: List[Response]) -> None:
        raise NotImplementedError

    def _unrest(self, o: ExchOrder) -> None:
        raise NotImplementedError

    def queue_front(self, order_id: int) -> Optional[float]:
        raise NotImplementedError

    # -- responses ----------------------------------------------------------

    def _respond(self, kind: int, o: ExchOrder, t: int, out: List[Response]) -> None:
        r = Response(kind, self.symbol, o.order_id, t, False)
        r.copy_order(o)
        if kind == FILL:
            r.fill_price, r.fill_lots = o.exec_price, o.last_fill
        out.append(r)

    def _fill(self, o: ExchOrder, price: int, lots: int, maker: bool, t: int, out: List[Response]) -> None:
        before = o.executed
        o.executed = before + lots
        o.leaves -= lots
        o.avg_price = (o.avg_price * float(before) + float(price) * float(lots)) / float(o.executed)
        o.exec_price = price
        o.last_fill = lots
        o.maker = maker
        o.status = _FILLED if o.leaves == 0 else _PARTIAL
        self._respond(FILL, o, t, out)

    def _expire(self, o: ExchOrder, t: int, out: List[Response]) -> None:
        o.status = _EXPIRED
        o.leaves = 0  # nothing stays open
        self._respond(UPDATE, o, t, out)

    # -- requests -------------------------------------------------------------

    def request(self, r: Request, t: int, out: List[Response]) -> None:
        """A request arriving at exchange time t; the last response it makes answers it."""
        start = len(out)
        if r.kind == VenueRequest.NEW:
            o = ExchOrder(r)
            self.orders[o.order_id] = o
            self._enter(o, t, out)
        else:
            o_or_none = self.orders.get(r.order_id)
            if o_or_none is None or not o_or_none.resting:
                self._reject(r, t, _ERR_ORDER_CLOSED, out)
            elif r.kind == VenueRequest.CANCEL:
                o = o_or_none
                self._unrest(o)
                o.status = _CANCELLED
                o.leaves = 0
                self._respond(UPDATE, o, t, out)
            elif r.quantity <= o_or_none.executed:  # filled past the new total while the modify travelled
                self._reject(r, t, _ERR_INVALID_QUANTITY, out)
            else:
                o = o_or_none
                self._unrest(o)
                o.price, o.quantity, o.leaves = r.price, r.quantity, r.quantity - o.executed
                o.queue = QueueState()
                self._enter(o, t, out)
        if len(out) > start:
            out[-1].answers = True

    def _reject(self, r: Request, t: int, reason: int, out: List[Response]) -> None:
        resp = Response(REJECT_REQUEST, self.symbol, r.order_id, t, False)
        resp.reject_reason = reason
        out.append(resp)


class ExchangeSymbol(ExchangeBase):
    """One symbol's exchange in L2 mode: book, user orders, queue estimates, fill rules."""

    def __init__(self, symbol: int, queue_kind: int, queue_n: float, partial: bool) -> None:
        super().__init__(symbol, partial)
        self.book = _L2Symbol()
        self.lots = self.book.lots        # per side: price -> lots
        self.keys = (self.book.prices[0].keys, self.book.prices[1].keys)  # sorted: bids -price, asks price
        # The user's resting orders per side: price -> orders in arrival order.
        self.resting: List[Dict[int, List[ExchOrder]]] = [{}, {}]
        self.queue_kind = int(queue_kind)
        self.queue_n = float(queue_n)
        self.seq = 0

    # -- the book -----------------------------------------------------------

    def best(self, side: int) -> Optional[int]:
        keys = self.keys[side]
        if not keys:
            return None
        return -keys[0] if side == 0 else keys[0]

    # -- resting -------------------------------------------------------------

    def _rest(self, o: ExchOrder, t: int, out: List[Response]) -> None:
        """o joins the back of its price: queue estimate = the book's lots there."""
        self.seq += 1
        o.seq = self.seq
        o.queue = QueueState()
        o.queue.front = float(self.lots[o.side].get(o.price, 0))
        o.resting = True
        self.resting[o.side].setdefault(o.price, []).append(o)
        o.status = _NEW if o.executed == 0 else _PARTIAL
        self._respond(UPDATE, o, t, out)

    def _unrest(self, o: ExchOrder) -> None:
        level = self.resting[o.side][o.price]
        level.remove(o)
        if not level:
            del self.resting[o.side][o.price]
        o.resting = False

    def _enter(self, o: ExchOrder, t: int, out: List[Response]) -> None:
        """A new (or re-entered, after a modify) order meets the book: taker
        fills by the fill model, then it rests or expires."""
        buy = o.side == 0
        opp = 1 if buy else 0
        best = self.best(opp)
        if o.type == _MARKET:
            if best is None:
                self._expire(o, t, out)
            elif not self.partial:
                self._fill(o, best, o.leaves, False, t, out)
            else:
                self._walk(o, None, t, out)
                if o.leaves > 0:
                    self._expire(o, t, out)
            return
        crossing = best is not None and (o.price >= best if buy else o.price <= best)
        if crossing:
            assert best is not None
            if o.tif == _GTX:
                self._expire(o, t, out)
                return
            if not self.partial:
                self._fill(o, best, o.leaves, False, t, out)
                return
            if o.tif == _FOK and self._depth_to(opp, o.price) < o.leaves:
                self._expire(o, t, out)
                return
            self._walk(o, o.price, t, out)
            if o.leaves == 0:
                return
            if o.tif == _GTC:
                self._rest(o, t, out)
            else:
                self._expire(o, t, out)
            return
        if o.tif == _GTC or o.tif == _GTX:
            self._rest(o, t, out)
        else:
            self._expire(o, t, out)

    def _levels(self, side: int, limit: Optional[int]) -> List[int]:
        """Prices of `side`, best first, up to the limit price (None: all)."""
        keys = self.keys[side]
        if side == 1:
            return [k for k in keys if limit is None or k <= limit]
        return [-k for k in keys if limit is None or -k >= limit]

    def _depth_to(self, side: int, limit: int) -> int:
        lots = self.lots[side]
        return sum(lots[p] for p in self._levels(side, limit))

    def _walk(self, o: ExchOrder, limit: Optional[int], t: int, out: List[Response]) -> None:
        """Taker fills level by level, best first (one fill per level), up to the limit price."""
        opp = 1 - o.side
        lots = self.lots[opp]
        keys = self.keys[opp]
        for k in keys:
            p = k if opp == 1 else -k
            if limit is not None and (p > limit if opp == 1 else p < limit):
                break
            self._fill(o, p, min(lots[p], o.leaves), False, t, out)
            if o.leaves == 0:
                break

    # -- market data ------------------------------------------------------------

    def level(self, side: int, price: int, qty: int, t: int, out: List[Response]) -> None:
        """LEVEL: the lots at (side, price) are now qty (side 0/1, qty >= 0 checked by the caller)."""
        lots = self.lots[side]
        prev = lots.get(price, 0)
        resting = self.resting
        watch = resting[1 - side]
        prev_best = self.best(side) if watch else None
        self.book.set_level(side, price, qty)
        here = resting[side].get(price)
        if here:
            kind, n = self.queue_kind, self.queue_n
            for o in here:
                on_depth(kind, n, o.queue, prev, qty)
        if not watch:
            return
        best = self.best(side)
        if best is None:
            return
        if side == 0:
            if prev_best is not None and best <= prev_best:
                return
            hit = sorted(p for p in watch if p <= best)            # user sells at or below the new best bid
        else:
            if prev_best is not None and best >= prev_best:
                return
            hit = sorted((p for p in watch if p >= best), reverse=True)  # user buys at or above the new best ask
        for p in hit:
            for o in list(watch[p]):
                self._unrest(o)
                self._fill(o, o.price, o.leaves, True, t, out)

    def trade(self, aggressor: int, price: int, qty: int, t: int, out: List[Response]) -> None:
        """TRADE by a buy (sell) aggressor: fills the user's sells (buys) it traded through or reached."""
        side = 1 - aggressor
        watch = self.resting[side]
        if not watch or qty <= 0:
            return
        if side == 1:
            hit = sorted(p for p in watch if p <= price)
        else:
            hit = sorted((p for p in watch if p >= price), reverse=True)
        for p in hit:
            for o in list(watch[p]):
                if p != price:  # traded through: filled whole at its own price
                    self._unrest(o)
                    self._fill(o, o.price, o.leaves, True, t, out)
                    continue
                on_trade(self.queue_kind, o.queue, qty)
                exec_lots = filled_lots(o.queue)
                if exec_lots <= 0:
                    continue
                if not self.partial:
                    self._unrest(o)
                    self._fill(o, o.price, o.leaves, True, t, out)
                    continue
                lots = min(exec_lots, qty, o.leaves)
                if lots >= o.leaves:
                    self._unrest(o)
                    self._fill(o, o.price, lots, True, t, out)
                else:
                    o.queue.front = 0.0  # the next trade here fills it further (the reference keeps it negative)
                    self._fill(o, o.price, lots, True, t, out)

    def clear(self, side: int) -> None:
        """CLEAR (side 0, 1 or 2 = both) and SNAPSHOT_BEGIN: the book only; estimates stay."""
        self.book.clear(side)

    def queue_front(self, order_id: int) -> Optional[float]:
        o = self.orders.get(order_id)
        return o.queue.front if o is not None and o.resting else None
