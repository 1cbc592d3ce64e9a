"""Value types shared by every backend: enums, execution reports, fills."""
from __future__ import annotations

from enum import IntEnum
from operator import itemgetter as _itemgetter
from typing import Any, Dict, NamedTuple, Optional


class Side(IntEnum):
    """Order side."""
    BUY = 0
    SELL = 1


class OrderType(IntEnum):
    """Order type; a market order's price is ignored."""
    LIMIT = 0
    MARKET = 1


class TimeInForce(IntEnum):
    """Time in force: what happens to the part of an order that does not trade at once."""
    GTC = 0
    IOC = 1
    FOK = 2
    POST_ONLY = 3


class OrderStatus(IntEnum):
    """Status of an order after its execution call."""
    NEW = 0
    PARTIALLY_FILLED = 1
    FILLED = 2
    CANCELLED = 3
    REJECTED = 4


_tuple_new = tuple.__new__

# Tuple lookups are much cheaper than calling the IntEnum constructor.
STATUS_BY_CODE = tuple(OrderStatus)
SIDE_BY_CODE = tuple(Side)


class Execution(tuple):
    """The execution report of one order (an immutable tuple in the C layout).

    ``executed_price`` is the volume-weighted average price of this call's
    fills (0.0 if none); ``remaining_quantity`` is what rests in the book;
    ``slippage`` is ``(executed_price - reference) / reference`` with the best
    opposite price at arrival as reference (0.0 when nothing filled);
    ``latency_ns`` is the time spent inside the engine.
    """

    __slots__ = ()
    # Field order = sgx_report's, so a report unpacks straight into an Execution.
    _fields = ("order_id", "latency_ns", "executed_price", "executed_quantity", "remaining_quantity",
               "slippage", "symbol_id", "fill_count", "status_code", "side_code")

    order_id = property(_itemgetter(0), doc="engine-assigned id: 1, 2, 3, ... per engine")
    latency_ns = property(_itemgetter(1), doc="time spent inside the engine for this order")
    executed_price = property(_itemgetter(2), doc="VWAP of this call's fills; 0.0 if none")
    executed_quantity = property(_itemgetter(3), doc="quantity filled in this call")
    remaining_quantity = property(_itemgetter(4), doc="quantity left resting in the book")
    slippage = property(_itemgetter(5), doc="(executed_price - reference) / reference")
    symbol_id = property(_itemgetter(6))
    fill_count = property(_itemgetter(7), doc="trades this order made in this call")
    status_code = property(_itemgetter(8))
    side_code = property(_itemgetter(9))

    @property
    def status(self) -> "OrderStatus":
        """The order's status after this call."""
        return STATUS_BY_CODE[self[8]]

    @property
    def side(self) -> "Side":
        return SIDE_BY_CODE[self[9]]

    def to_dict(self) -> Dict[str, Any]:
        """All fields as a dict (the seed's order_id, executed_price, executed_quantity,
        latency_ns and slippage first)."""
        return {
            "order_id": self[0],
            "executed_price": self[2],
            "executed_quantity": self[3],
            "latency_ns": self[1],
            "slippage": self[5],
            "remaining_quantity": self[4],
            "status": STATUS_BY_CODE[self[8]].name,
            "fill_count": self[7],
            "symbol_id": self[6],
            "side": SIDE_BY_CODE[self[9]].name,
        }

    def key(self) -> tuple:
        """Every field except latency_ns: what two backends must agree on."""
        return self[:1] + self[2:]

    def __repr__(self) -> str:
        return (f"Execution(order_id={self[0]}, status={STATUS_BY_CODE[self[8]].name}, "
                f"executed_price={self[2]!r}, executed_quantity={self[3]!r}, "
                f"remaining_quantity={self[4]!r}, slippage={self[5]!r}, fill_count={self[7]}, "
                f"latency_ns={self[1]})")


def make_execution(fields: tuple) -> Execution:
    """An Execution from its 10 fields in sgx_report order."""
    return _tuple_new(Execution, fields)


class Fill(NamedTuple):
    """One trade. The price is the resting (maker) order's price."""
    trade_id: int
    symbol_id: int
    price: float
    quantity: float
    maker_order_id: int
    taker_order_id: int
    aggressor_side: Side


class TopOfBook(NamedTuple):
    """Best bid and ask; an empty side has price None and quantity 0.0."""
    bid_price: Optional[float]
    bid_quantity: float
    ask_price: Optional[float]
    ask_quantity: float


class OrderInfo(NamedTuple):
    """A resting order's state."""
    order_id: int
    symbol_id: int
    side: Side
    price: float
    original_quantity: float
    executed_quantity: float
    remaining_quantity: float
    status: OrderStatus


# The numpy layouts of sgx_order and sgx_report (capi/sigmax_exec.h).
ORDER_FIELDS = [("struct_size", "<u4"), ("symbol", "<u4"), ("side", "u1"), ("type", "u1"),
                ("tif", "u1"), ("reserved", "u1", (5,)), ("price", "<f8"), ("quantity", "<f8")]
REPORT_FIELDS = [("order_id", "<u8"), ("latency_ns", "<u8"), ("executed_price", "<f8"),
                 ("executed_quantity", "<f8"), ("remaining_quantity", "<f8"), ("slippage", "<f8"),
                 ("symbol", "<u4"), ("fill_count", "<u4"), ("status", "u1"), ("side", "u1"),
                 ("reserved", "u1", (6,))]
ORDER_SIZE = 32
REPORT_SIZE = 64
