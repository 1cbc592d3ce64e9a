"""Value types shared by every backend: enums, execution reports, fills."""
from __future__ import annotations

from enum import IntEnum
from operator import itemgetter as _itemgetter
from typing import TYPE_CHECKING, Any, Dict, List, NamedTuple, Optional, Tuple

from ._abi import REPORT


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


# Execution's names for the fields of sgx_report that it renames; its field
# order is sgx_report's (capi/sigmax_exec.h, via the record table), so that a
# report unpacks straight into an Execution.
_REPORT_RENAMES = {"symbol": "symbol_id", "status": "status_code", "side": "side_code"}
EXECUTION_FIELDS = tuple(_REPORT_RENAMES.get(n, n) for n in REPORT.packed)
_AT = {n: i for i, n in enumerate(EXECUTION_FIELDS)}
_LATENCY, _STATUS, _SIDE = _AT["latency_ns"], _AT["status_code"], _AT["side_code"]


def _field(name: str, doc: Optional[str] = None) -> property:
    return property(_itemgetter(_AT[name]), doc=doc)


class Execution(Tuple[Any, ...]):
    """The execution report of one order (an immutable tuple in the C layout).

    ``executed_price`` is the volume-weighted average price of this call's
    fills (0.0 if none); ``remaining_quantity`` is what rests in the book;
    ``slippage`` is ``(executed_price - reference) / reference`` with the best
    opposite price at arrival as reference (0.0 when nothing filled);
    ``latency_ns`` is the time spent inside the engine.
    """

    __slots__ = ()
    _fields = EXECUTION_FIELDS

    if TYPE_CHECKING:  # what the itemgetter properties below return
        order_id: int
        latency_ns: int
        executed_price: float
        executed_quantity: float
        remaining_quantity: float
        slippage: float
        symbol_id: int
        fill_count: int
        status_code: int
        side_code: int
    else:
        order_id = _field("order_id", "engine-assigned id: 1, 2, 3, ... per engine")
        latency_ns = _field("latency_ns", "time spent inside the engine for this order")
        executed_price = _field("executed_price", "VWAP of this call's fills; 0.0 if none")
        executed_quantity = _field("executed_quantity", "quantity filled in this call")
        remaining_quantity = _field("remaining_quantity", "quantity left resting in the book")
        slippage = _field("slippage", "(executed_price - reference) / reference")
        symbol_id = _field("symbol_id")
        fill_count = _field("fill_count", "trades this order made in this call")
        status_code = _field("status_code")
        side_code = _field("side_code")

    @property
    def status(self) -> "OrderStatus":
        """The order's status after this call."""
        status: OrderStatus = STATUS_BY_CODE[self[_STATUS]]
        return status

    @property
    def side(self) -> "Side":
        side: Side = SIDE_BY_CODE[self[_SIDE]]
        return side

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

    def key(self) -> Tuple[Any, ...]:
        """Every field except latency_ns: what two backends must agree on."""
        return self[:_LATENCY] + self[_LATENCY + 1:]

    def __repr__(self) -> str:
        return (f"Execution(order_id={self.order_id}, status={self.status.name}, "
                f"executed_price={self.executed_price!r}, executed_quantity={self.executed_quantity!r}, "
                f"remaining_quantity={self.remaining_quantity!r}, slippage={self.slippage!r}, "
                f"fill_count={self.fill_count}, latency_ns={self.latency_ns})")


def make_execution(fields: Tuple[Any, ...]) -> Execution:
    """An Execution from its fields in sgx_report order (EXECUTION_FIELDS)."""
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


# depth(): {"bids": [(price, quantity), ...], "asks": [...]}, best first.
Levels = List[Tuple[float, float]]  # (price, quantity) pairs, best first
Depth = Dict[str, Levels]


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


# ---------------------------------------------------------------------------
# The integer order entry (docs/python.md, "Integer order entry").

class SelfTrade(IntEnum):
    """Self-trade prevention: what happens when a taker meets a maker of the
    same non-zero owner. DEFAULT takes the engine's ``self_trade`` mode
    (itself CANCEL_NEWEST by default); only the taker's mode counts."""
    DEFAULT = 0
    ALLOW = 1
    CANCEL_NEWEST = 2
    CANCEL_OLDEST = 3
    CANCEL_BOTH = 4
    DECREMENT_AND_CANCEL = 5


class EventKind(IntEnum):
    """What an OrderEvent reports (SGX_EVENT_*)."""
    ACCEPTED = 0
    TRADE = 1
    CANCELLED = 2
    REPLACED = 3
    REJECTED = 4


class CancelReason(IntEnum):
    """Why an order, or its remainder, left or never reached the book (SGX_CANCEL_*)."""
    NONE = 0
    USER = 1
    IOC_REMAINDER = 2
    FOK_UNFILLED = 3
    POST_ONLY_WOULD_TRADE = 4
    SELF_TRADE = 5


class OrderEvent(NamedTuple):
    """One event of an integer call, the fields of sgx_order_event (prices
    in ticks, quantities in lots; fields a kind does not use are 0):

    - ACCEPTED: order_id, symbol, side, price (0 for a market order), lots =
      remaining = the order's lots.
    - TRADE: order_id = the taker, maker_id, symbol, side (the taker's),
      price (the maker's), lots traded, remaining (the taker's open lots
      after it), maker_remaining, maker_done (the maker left the book: filled).
    - CANCELLED: order_id, symbol, side, price, lots (what left the book or
      never entered it), remaining (open lots after it: non-zero only for a
      SELF_TRADE decrement), reason, maker_id (for SELF_TRADE: the other
      order of the pair).
    - REPLACED: order_id, symbol, side, price (the new one), lots =
      remaining = the new open lots (before any trade the replace makes).

    REJECTED is never returned: a refused call raises instead."""
    order_id: int
    maker_id: int
    price: int
    lots: int
    remaining: int
    maker_remaining: int
    symbol: int
    status: int
    kind: EventKind
    side: Side
    reason: CancelReason
    maker_done: bool


EVENT_KIND_BY_CODE = tuple(EventKind)
REASON_BY_CODE = tuple(CancelReason)
