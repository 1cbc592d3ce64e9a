"""The local side of one symbol in the pure-Python venue (docs/venue.md,
"Orders (local side)" and "Accounting"): the book rebuilt in local_ts order
(an L2 book, or in L3 mode an L3 book with order counts), the strategy's
order table, the account and the last trades. A local order changes only
when a response arrives."""
from __future__ import annotations

from collections import deque
from typing import Any, Deque, Dict, List, Optional, Tuple, Union

from ..market._pure_books import _L2Symbol, _L3Symbol
from ._pure_account import Account, Contract, Fees
from ._pure_messages import FILL, REJECT_NEW, REJECT_REQUEST, Response
from ._records import VenueOrderStatus, VenueRequest

_REJECTED = int(VenueOrderStatus.REJECTED)
_NO_REQUEST = int(VenueRequest.NONE)

FillRow = Tuple[int, int, int, int, int, float, int, int, int]  # sgx_venue_fill without the reserved fields


class LocalOrder:
    """One order of the strategy's table: the sgx_venue_order fields."""

    __slots__ = ("order_id", "price", "quantity", "leaves", "executed", "exec_price", "last_fill", "local_ts",
                 "exch_ts", "recv_ts", "queue_ahead", "avg_price", "symbol", "side", "type", "tif", "status",
                 "request", "maker", "reject_reason")

    def __init__(self, symbol: int, order_id: int, side: int, price: int, quantity: int, type: int, tif: int,
                 local_ts: int) -> None:
        self.order_id, self.price, self.quantity, self.leaves = order_id, price, quantity, quantity
        self.executed = self.exec_price = self.last_fill = 0
        self.local_ts = local_ts
        self.exch_ts = self.recv_ts = 0
        self.queue_ahead = self.avg_price = 0.0
        self.symbol, self.side, self.type, self.tif = symbol, side, type, tif
        self.status = int(VenueOrderStatus.NONE)
        self.request = int(VenueRequest.NEW)
        self.maker = False
        self.reject_reason = 0

    def row(self) -> Tuple[Any, ...]:
        """The fields in VENUE_ORDER_DTYPE order (reserved ones 0)."""
        return (self.order_id, self.price, self.quantity, self.leaves, self.executed, self.exec_price,
                self.last_fill, self.local_ts, self.exch_ts, self.recv_ts, self.queue_ahead, self.avg_price,
                self.symbol, self.side, self.type, self.tif, self.status, self.request, 1 if self.maker else 0,
                (0, 0), self.reject_reason, 0, 0)


class LocalSymbol:
    """One symbol as the strategy sees it."""

    def __init__(self, symbol: int, contract: Contract, fees: Fees, trades_capacity: int, l3: bool = False) -> None:
        self.symbol = symbol
        self.contract = contract
        self.fees = fees
        # The venue feeds `book` (L2 mode) or `l3_book` (L3 mode, with its
        # checks counters); `view` is the one the strategy's queries read.
        self.book = _L2Symbol()
        self.l3_book = _L3Symbol()
        self.l3_checks = [0] * 9
        self.view: Union[_L2Symbol, _L3Symbol] = self.l3_book if l3 else self.book
        self.orders: Dict[int, LocalOrder] = {}
        self.account = Account()
        # Event indices (a recorded venue) or event records (a live one), oldest first.
        self.trades: Deque[Any] = deque(maxlen=trades_capacity)
        self.trades_dropped = 0

    def add_trade(self, index: Any) -> None:
        """Keeps a trade until the next last_trades call; a full buffer drops its oldest."""
        trades = self.trades
        if len(trades) == trades.maxlen:
            self.trades_dropped += 1
        trades.append(index)  # with maxlen 0: kept nowhere

    def mid(self) -> float:
        """(best bid + best ask) / 2 * tick_size; NaN without both sides."""
        bids, asks = self.view.prices[0].keys, self.view.prices[1].keys
        if not bids or not asks:
            return float("nan")
        return float(-bids[0] + asks[0]) / 2.0 * self.contract.tick_size

    def response(self, r: Response, fills: List[FillRow]) -> Optional[LocalOrder]:
        """A response arriving at local time r.at: the order learns its new
        state; a fill also goes to the account and the fill log. The order, or
        None if the table no longer has it."""
        o = self.orders.get(r.order_id)
        if o is None:
            return None
        kind = r.kind
        o.recv_ts = r.at
        if r.answers:
            o.request = _NO_REQUEST
        if kind == REJECT_NEW:  # never reached the exchange
            o.status = _REJECTED
            o.leaves = 0
            o.reject_reason = r.reject_reason
            return o
        if kind == REJECT_REQUEST:  # the order is unchanged
            if r.exch_ts != 0:
                o.exch_ts = r.exch_ts
            o.reject_reason = r.reject_reason
            return o
        if kind == FILL and o.executed == 0:
            self.account.orders_filled += 1
        o.status, o.price, o.quantity, o.leaves = r.status, r.price, r.quantity, r.leaves
        o.executed, o.exec_price, o.last_fill, o.maker = r.executed, r.exec_price, r.last_fill, r.maker
        o.queue_ahead, o.avg_price = r.queue_ahead, r.avg_price
        o.exch_ts = r.exch_ts
        if kind == FILL:
            c = self.contract
            fee = self.fees.fee(c, r.fill_price, r.fill_lots, r.maker)
            self.account.apply(c, o.side, r.fill_price, r.fill_lots, r.maker, fee)
            fills.append((o.order_id, r.fill_price, r.fill_lots, r.exch_ts, r.at, fee, self.symbol, o.side,
                          1 if r.maker else 0))
        return o
