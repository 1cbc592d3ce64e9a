"""Value types shared by every backend: enums, execution reports, fills."""
from __future__ import annotations

from enum import IntEnum
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


# Tuple lookups are much cheaper than calling the IntEnum constructor.
STATUS_BY_CODE = tuple(OrderStatus)
SIDE_BY_CODE = tuple(Side)


class Execution:
    """The execution report of one order.

    ``executed_price`` is the volume-weighted average price of this call's
    fills (0.0 if none); ``remaining_quantity`` is what rests in the book;
    ``slippage`` is ``(executed_price - reference) / reference`` with the best
    opposite price at arrival as reference (0.0 when nothing filled).
    """

    __slots__ = ("order_id", "executed_price", "executed_quantity", "remaining_quantity",
                 "latency_ns", "slippage", "status", "fill_count", "symbol_id", "side")

    def __init__(self, order_id: int, executed_price: float, executed_quantity: float,
                 remaining_quantity: float, latency_ns: int, slippage: float, status: OrderStatus,
                 fill_count: int, symbol_id: int, side: Side) -> None:
        self.order_id = order_id
        self.executed_price = executed_price
        self.executed_quantity = executed_quantity
        self.remaining_quantity = remaining_quantity
        self.latency_ns = latency_ns
        self.slippage = slippage
        self.status = status
        self.fill_count = fill_count
        self.symbol_id = symbol_id
        self.side = side

    def to_dict(self) -> Dict[str, Any]:
        """All fields as a dict (the seed's order_id, executed_price, executed_quantity,
        latency_ns and slippage first)."""
        return {
            "order_id": self.order_id,
            "executed_price": self.executed_price,
            "executed_quantity": self.executed_quantity,
            "latency_ns": self.latency_ns,
            "slippage": self.slippage,
            "remaining_quantity": self.remaining_quantity,
            "status": self.status.name,
            "fill_count": self.fill_count,
            "symbol_id": self.symbol_id,
            "side": self.side.name,
        }

    def key(self) -> tuple:
        """Every field except latency_ns: what two backends must agree on."""
        return (self.order_id, self.executed_price, self.executed_quantity, self.remaining_quantity,
                self.slippage, int(self.status), self.fill_count, self.symbol_id, int(self.side))

    def __repr__(self) -> str:
        return (f"Execution(order_id={self.order_id}, status={self.status.name}, "
                f"executed_price={self.executed_price!r}, executed_quantity={self.executed_quantity!r}, "
                f"remaining_quantity={self.remaining_quantity!r}, slippage={self.slippage!r}, "
                f"fill_count={self.fill_count}, latency_ns={self.latency_ns})")


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
