"""What travels between the two sides of the pure-Python venue: requests
(local -> exchange) and responses (exchange -> local), and the exchange's
record of a user order whose snapshot every response carries."""
from __future__ import annotations

from ._pure_queue import QueueState

# Response kinds.
UPDATE = 0          # the order's new state
FILL = 1            # a fill, with the order's state after it
REJECT_NEW = 2      # a new order refused before the exchange (negative entry latency): REJECTED
REJECT_REQUEST = 3  # a cancel or modify refused: the order is unchanged


class Request:
    """A request on its way to the exchange (kind: VenueRequest NEW, CANCEL or MODIFY)."""

    __slots__ = ("at", "kind", "symbol", "order_id", "side", "price", "quantity", "type", "tif")

    def __init__(self, kind: int, symbol: int, order_id: int, side: int = 0, price: int = 0, quantity: int = 0,
                 type: int = 0, tif: int = 0) -> None:
        self.at = 0  # exchange time it arrives
        self.kind, self.symbol, self.order_id = kind, symbol, order_id
        self.side, self.price, self.quantity, self.type, self.tif = side, price, quantity, type, tif


class ExchOrder:
    """A user order as the exchange knows it; its fields are the snapshot a response carries."""

    __slots__ = ("order_id", "side", "price", "quantity", "leaves", "executed", "exec_price", "last_fill",
                 "maker", "type", "tif", "status", "queue", "seq", "avg_price", "resting")

    def __init__(self, r: Request) -> None:
        self.order_id = r.order_id
        self.side, self.price, self.quantity, self.type, self.tif = r.side, r.price, r.quantity, r.type, r.tif
        self.leaves = r.quantity
        self.executed = self.exec_price = self.last_fill = 0
        self.maker = False
        self.status = 0
        self.queue = QueueState()
        self.seq = 0
        self.avg_price = 0.0  # mean fill price, ticks
        self.resting = False


class Response:
    """A response on its way to the local side: a copy of the order's fields
    when it was sent, and for a fill the fill's price, lots and role."""

    __slots__ = ("at", "exch_ts", "kind", "symbol", "order_id", "answers", "status", "price", "quantity",
                 "leaves", "executed", "exec_price", "last_fill", "maker", "queue_ahead", "avg_price",
                 "fill_price", "fill_lots", "reject_reason")

    def __init__(self, kind: int, symbol: int, order_id: int, exch_ts: int, answers: bool) -> None:
        self.at = 0  # local time it arrives
        self.kind, self.symbol, self.order_id, self.exch_ts, self.answers = kind, symbol, order_id, exch_ts, answers
        self.status = self.price = self.quantity = self.leaves = self.executed = 0
        self.exec_price = self.last_fill = 0
        self.maker = False
        self.queue_ahead = self.avg_price = 0.0
        self.fill_price = self.fill_lots = self.reject_reason = 0

    def copy_order(self, o: ExchOrder) -> None:
        self.status, self.price, self.quantity, self.leaves = o.status, o.price, o.quantity, o.leaves
        self.executed, self.exec_price, self.last_fill, self.maker = o.executed, o.exec_price, o.last_fill, o.maker
        self.queue_ahead = o.queue.front
        self.avg_price = o.avg_price
