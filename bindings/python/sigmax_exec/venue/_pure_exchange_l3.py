"""The exchange side of one symbol in L3 mode (docs/venue.md section 11,
book_model L3), in pure Python: the symbol's PureL3Exchange (_pure_l3)
replaces the L2 book and the queue model; the order records, responses and
request handling are the L2 side's (ExchangeBase).

- Market data: LEVEL, TRADE and BBO change nothing here (fills come from
  the FILL events, which name the order that traded); every other event
  goes to the component, whose passive fills become the user's fills in
  the component's order. A whole fill (trade-through, best crossing) fills
  the order's leaves at its price. The market part m of a FILL behind user
  orders is shared among the orders reported with it: remaining = m; each
  gets nothing once remaining <= 0, else (NoPartial) its leaves or
  (Partial) min(remaining, leaves), and remaining drops by what it got, so
  several user orders behind one real fill do not fill more than it (under
  NoPartial the first one fills whole whatever m is). Whole fills do not
  use up remaining. A filled order leaves the component, a partly filled
  one is reduced there and keeps its place.
- Arrivals (NEW, MODIFY) follow section 4 with the component's visible best
  for "crossing" and take() for the taker part: Partial walks the levels
  (one fill per level; FOK all or nothing), NoPartial fills everything at
  the best visible price (hiding what it takes level by level). The rest:
  GTC rests in the component, others expire.
- queue_ahead in a response about a resting order, and queue_front(), are
  the component's exact ahead as a double, read just before the order
  leaves (cancel, modify, fill) or after it rests; taker fills and the
  final state of an order that never rested carry 0 (as L2: the estimate
  starts anew at every entry).
"""
from __future__ import annotations

from typing import List, Optional

from ._pure_exchange import ExchangeBase
from ._pure_l3 import WHOLE, PureL3Exchange
from ._pure_messages import UPDATE, ExchOrder, Response
from ._pure_queue import QueueState
from ._records import VenueOrderStatus

_NEW, _PARTIAL = int(VenueOrderStatus.NEW), int(VenueOrderStatus.PARTIALLY_FILLED)
_GTC, _FOK, _GTX = 0, 2, 3
_MARKET = 1


class L3ExchangeSymbol(ExchangeBase):
    """One symbol's exchange in L3 mode: the component and the fill rules around it."""

    def __init__(self, symbol: int, partial: bool) -> None:
        super().__init__(symbol, partial)
        self.x = PureL3Exchange(symbol)

    # -- the queue ----------------------------------------------------------------

    def _sync(self, o: ExchOrder) -> None:
        """o's estimate becomes its exact ahead (o rests)."""
        o.queue.front = float(self.x.ahead(o.order_id))

    def _rest(self, o: ExchOrder, t: int, out: List[Response]) -> None:
        """o joins the back of its price in the component: ahead = the visible lots there."""
        o.queue = QueueState()
        o.queue.front = float(self.x.rest(o.order_id, o.side, o.price, o.leaves))
        o.resting = True
        o.status = _NEW if o.executed == 0 else _PARTIAL
        self._respond(UPDATE, o, t, out)

    def _unrest(self, o: ExchOrder) -> None:
        """o leaves the component; its estimate is the ahead it had there."""
        self._sync(o)
        self.x.remove(o.order_id)
        o.resting = False

    def queue_front(self, order_id: int) -> Optional[float]:
        o = self.orders.get(order_id)
        return float(self.x.ahead(order_id)) if o is not None and o.resting else None

    # -- arrivals -----------------------------------------------------------------

    def _enter(self, o: ExchOrder, t: int, out: List[Response]) -> None:
        """A new (or modified) order meets the visible book: taker fills by
        the fill model, then it rests or expires."""
        buy = o.side == 0
        q = self.x.visible_best()
        best = q.ask_price_ticks if buy else q.bid_price_ticks
        market = o.type == _MARKET
        if best is None:
            crossing = False
        else:
            crossing = market or (o.price >= best if buy else o.price <= best)
        if not crossing:
            if not market and (o.tif == _GTC or o.tif == _GTX):
                self._rest(o, t, out)
            else:
                self._expire(o, t, out)
            return
        if not market and o.tif == _GTX:
            self._expire(o, t, out)
            return
        whole = not self.partial
        fills = self.x.take(o.side, None if market else o.price, o.leaves,
                            fok=not whole and o.tif == _FOK, whole_at_best=whole)
        for price, lots in fills:
            self._fill(o, price, lots, False, t, out)
        if o.leaves == 0:
            return
        if not market and o.tif == _GTC:
            self._rest(o, t, out)
        else:
            self._expire(o, t, out)

    # -- market data ----------------------------------------------------------------

    def event(self, kind: int, side: int, price: int, qty: int, flags: int, oid: int, t: int,
              out: List[Response]) -> None:
        """One recorded event of this symbol (not LEVEL, TRADE or BBO) at exchange time t."""
        passive = self.x.apply_fields(kind, side, price, qty, flags, oid)
        if not passive:
            return
        orders = self.orders
        remaining: Optional[int] = None  # the market part m of this event's FILL, as it is shared
        for key, _, lots in passive:
            o = orders[key]
            if lots == WHOLE:
                self._unrest(o)
                self._fill(o, o.price, o.leaves, True, t, out)
                continue
            if remaining is None:
                remaining = lots
            if remaining <= 0:
                continue
            got = o.leaves if not self.partial else min(remaining, o.leaves)
            remaining -= got
            if got == o.leaves:
                self._unrest(o)
                self._fill(o, o.price, got, True, t, out)
            else:
                self._sync(o)
                self.x.reduce(key, got)
                self._fill(o, o.price, got, True, t, out)
