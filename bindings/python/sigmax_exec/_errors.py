"""Exceptions: one base class carrying the C status, and a subclass per kind.

Every backend raises the same exception for the same input. Status codes
unknown to this version of the package map to :class:`SigmaxError`.
"""
from __future__ import annotations

from typing import Any, Optional

# Pinned values of the C ABI's sgx_status (capi/sigmax_exec.h).
OK = 0
ERR_NULL_POINTER = -1
ERR_STRUCT_SIZE = -2
ERR_INVALID_SIDE = -3
ERR_INVALID_TYPE = -4
ERR_INVALID_TIF = -5
ERR_INVALID_PRICE = -6
ERR_OFF_TICK = -7
ERR_INVALID_QUANTITY = -8
ERR_OFF_LOT = -9
ERR_OUT_OF_RANGE = -10
ERR_INVALID_CONFIG = -11
ERR_FORMAT = -12
ERR_RESERVED = -13
ERR_INVALID_ORDER_ID = -14
ERR_INVALID_STP = -15
ERR_INVALID_OWNER = -16
ERR_INVALID_OP = -17
ERR_UNKNOWN_SYMBOL = -18
ERR_TIME_BACKWARDS = -19
ERR_NOT_FOUND = -30
ERR_BUSY = -31
ERR_SYMBOL_IN_USE = -32
ERR_STOPPED = -33
ERR_IO = -34
ERR_DUPLICATE_ORDER_ID = -35
ERR_WOULD_TRADE = -36
ERR_REQUEST_IN_FLIGHT = -37
ERR_ORDER_CLOSED = -38
ERR_FEED_CLOSED = -39
ERR_FILLS_FULL = -50
ERR_NO_MEMORY = -51
ERR_QUEUE_FULL = -52
ERR_LEVEL_FULL = -53
ERR_TOO_MANY_SYMBOLS = -54
ERR_EVENTS_FULL = -55
ERR_INTERNAL = -90

STATUS_NAMES = {
    OK: ("SGX_OK", "success"),
    ERR_NULL_POINTER: ("SGX_ERR_NULL_POINTER", "a required pointer argument is NULL"),
    ERR_STRUCT_SIZE: ("SGX_ERR_STRUCT_SIZE", "struct_size does not match this library's struct"),
    ERR_INVALID_SIDE: ("SGX_ERR_INVALID_SIDE", "side must be 0 (buy) or 1 (sell)"),
    ERR_INVALID_TYPE: ("SGX_ERR_INVALID_TYPE", "order type must be 0 (limit) or 1 (market)"),
    ERR_INVALID_TIF: ("SGX_ERR_INVALID_TIF",
                      "time in force must be 0 GTC, 1 IOC, 2 FOK or 3 POST_ONLY (limit only)"),
    ERR_INVALID_PRICE: ("SGX_ERR_INVALID_PRICE", "price must be finite and positive"),
    ERR_OFF_TICK: ("SGX_ERR_OFF_TICK", "price is not a whole number of ticks"),
    ERR_INVALID_QUANTITY: ("SGX_ERR_INVALID_QUANTITY", "quantity must be finite and positive"),
    ERR_OFF_LOT: ("SGX_ERR_OFF_LOT", "quantity is not a whole number of lots"),
    ERR_OUT_OF_RANGE: ("SGX_ERR_OUT_OF_RANGE", "value exceeds 2^53 ticks or lots"),
    ERR_INVALID_CONFIG: ("SGX_ERR_INVALID_CONFIG", "tick size and lot size must be finite and positive"),
    ERR_FORMAT: ("SGX_ERR_FORMAT",
                 "input is not in the expected format (sgx_error_detail() names where and why)"),
    ERR_RESERVED: ("SGX_ERR_RESERVED", "a reserved field is not zero"),
    ERR_INVALID_ORDER_ID: ("SGX_ERR_INVALID_ORDER_ID", "an order id must not be 0"),
    ERR_INVALID_STP: ("SGX_ERR_INVALID_STP", "self-trade prevention must be 0 DEFAULT ... 5 DECREMENT_AND_CANCEL"),
    ERR_INVALID_OWNER: ("SGX_ERR_INVALID_OWNER", "an owner must not be 0 here"),
    ERR_INVALID_OP: ("SGX_ERR_INVALID_OP",
                     "a request's op is not one of SGX_OP_* (sgx_error_detail() names the request)"),
    ERR_UNKNOWN_SYMBOL: ("SGX_ERR_UNKNOWN_SYMBOL", "no symbol with this id in the venue"),
    ERR_TIME_BACKWARDS: ("SGX_ERR_TIME_BACKWARDS", "a time before the current time, or a negative duration"),
    ERR_NOT_FOUND: ("SGX_ERR_NOT_FOUND", "no resting order with this id"),
    ERR_BUSY: ("SGX_ERR_BUSY", "another thread is using this engine"),
    ERR_SYMBOL_IN_USE: ("SGX_ERR_SYMBOL_IN_USE",
                        "symbol has resting orders; its tick and lot cannot change"),
    ERR_STOPPED: ("SGX_ERR_STOPPED", "the pipeline is stopped"),
    ERR_IO: ("SGX_ERR_IO", "a file could not be opened, read, written or renamed (sgx_error_detail() says which)"),
    ERR_DUPLICATE_ORDER_ID: ("SGX_ERR_DUPLICATE_ORDER_ID", "an order with this id rests already; nothing changed"),
    ERR_WOULD_TRADE: ("SGX_ERR_WOULD_TRADE", "a post-only order would trade at this price; nothing changed"),
    ERR_REQUEST_IN_FLIGHT: ("SGX_ERR_REQUEST_IN_FLIGHT", "the order has a request in flight; wait for its response"),
    ERR_ORDER_CLOSED: ("SGX_ERR_ORDER_CLOSED", "the order is filled, cancelled, expired or rejected"),
    ERR_FEED_CLOSED: ("SGX_ERR_FEED_CLOSED", "the live feed is closed: no more events can be pushed"),
    ERR_FILLS_FULL: ("SGX_ERR_FILLS_FULL", "fill buffer is full; drain fills before sending more orders"),
    ERR_NO_MEMORY: ("SGX_ERR_NO_MEMORY", "out of memory"),
    ERR_QUEUE_FULL: ("SGX_ERR_QUEUE_FULL", "submission queue is full; nothing was enqueued"),
    ERR_LEVEL_FULL: ("SGX_ERR_LEVEL_FULL", "the price level would hold more than 2^62 lots; nothing changed"),
    ERR_TOO_MANY_SYMBOLS: ("SGX_ERR_TOO_MANY_SYMBOLS", "the engine keeps max_symbols books already; nothing changed"),
    ERR_EVENTS_FULL: ("SGX_ERR_EVENTS_FULL",
                      "the event buffer has less room than the next request may need; *out_done requests ran"),
    ERR_INTERNAL: ("SGX_ERR_INTERNAL", "internal error"),
}


class SigmaxError(Exception):
    """Base class of every sigmax_exec error; ``status`` is the C status code.

    A batch's error also names the order it is about (``index``) and, when the
    batch stopped part way (a full fill buffer or level, too many symbols),
    carries the reports of the orders that ran before it (``executed``); both
    are None on other errors."""

    index: Optional[int] = None
    executed: Any = None

    def __init__(self, status: int, message: str | None = None) -> None:
        name, text = STATUS_NAMES.get(status, ("SGX_ERR_UNKNOWN", "unknown status"))
        self.status = status
        self.status_name = name
        super().__init__(f"{name}: {message or text}")


class InvalidOrderError(SigmaxError, ValueError):
    """An order argument (price, quantity, side, type, tif, a packed order's
    reserved bytes) is invalid; nothing changed."""


class InvalidOrderIdError(InvalidOrderError):
    """An integer order's client id is 0 (SGX_ERR_INVALID_ORDER_ID); nothing changed."""


class InvalidStpError(InvalidOrderError):
    """A self-trade prevention mode outside SelfTrade (SGX_ERR_INVALID_STP); nothing changed."""


class InvalidOwnerError(SigmaxError, ValueError):
    """Owner 0 given where an owner is required: cancel_owner(0)
    (SGX_ERR_INVALID_OWNER); nothing changed."""


class DuplicateOrderIdError(SigmaxError, ValueError):
    """A new order's client id is the id of an order resting already, from
    either API (SGX_ERR_DUPLICATE_ORDER_ID); nothing changed."""


class OrderNotFoundError(SigmaxError, KeyError):
    """No resting order has this id (SGX_ERR_NOT_FOUND): raised by the
    integer calls cancel and replace (cancel_order and amend_order return
    False instead); nothing changed."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class WouldTradeError(SigmaxError, ValueError):
    """A replace would make a resting post-only order trade
    (SGX_ERR_WOULD_TRADE); the order is unchanged."""


class InvalidConfigError(SigmaxError, ValueError):
    """A tick size, lot size or engine option is invalid; nothing changed."""


class SymbolInUseError(SigmaxError, RuntimeError):
    """A symbol's tick or lot size cannot change while it has resting orders."""


class FillBufferFullError(SigmaxError, BufferError):
    """Too many undrained fills: call ``drain_fills()``, then resend the order."""


class QueueFullError(SigmaxError, BufferError):
    """A bounded queue is full; nothing was enqueued."""


class LevelFullError(SigmaxError, BufferError):
    """The order (or amend) would take its price level past 2^62 lots; nothing changed."""


class TooManySymbolsError(SigmaxError, RuntimeError):
    """A new symbol would need a book past the engine's ``max_symbols``; nothing changed."""


class EngineMemoryError(SigmaxError, MemoryError):
    """An allocation failed; the call changed nothing and the engine stays usable."""


class PipelineStoppedError(SigmaxError, RuntimeError):
    """The pipeline was stopped: it accepts no more submissions."""


class EngineBusyError(SigmaxError, RuntimeError):
    """Another thread is inside a call on this engine."""


class DataFormatError(SigmaxError, ValueError):
    """An input file (a feed recording, an event file) breaks its format; the
    message names the file, the line or offset and the rule."""


class DataIOError(SigmaxError, OSError):
    """A file could not be opened, read, written or renamed."""


class UnknownSymbolError(SigmaxError, KeyError):
    """A venue call named a symbol (id or name) the venue's data does not have."""

    def __str__(self) -> str:  # KeyError would quote the message
        return Exception.__str__(self)


class TimeBackwardsError(SigmaxError, ValueError):
    """A venue was asked to go to a time before its current time (or to elapse a negative duration)."""


class RequestInFlightError(SigmaxError, RuntimeError):
    """The venue order already has a request on its way; wait for its response."""


class OrderClosedError(SigmaxError, RuntimeError):
    """The venue order is filled, cancelled, expired or rejected: it takes no more requests."""


class FeedClosedError(SigmaxError, RuntimeError):
    """An event was pushed into a live venue after its feed was closed."""


_BY_STATUS = {
    ERR_INVALID_SIDE: InvalidOrderError,
    ERR_INVALID_TYPE: InvalidOrderError,
    ERR_INVALID_TIF: InvalidOrderError,
    ERR_INVALID_PRICE: InvalidOrderError,
    ERR_OFF_TICK: InvalidOrderError,
    ERR_INVALID_QUANTITY: InvalidOrderError,
    ERR_OFF_LOT: InvalidOrderError,
    ERR_OUT_OF_RANGE: InvalidOrderError,
    ERR_RESERVED: InvalidOrderError,
    ERR_INVALID_ORDER_ID: InvalidOrderIdError,
    ERR_INVALID_STP: InvalidStpError,
    ERR_INVALID_OWNER: InvalidOwnerError,
    ERR_DUPLICATE_ORDER_ID: DuplicateOrderIdError,
    ERR_NOT_FOUND: OrderNotFoundError,
    ERR_WOULD_TRADE: WouldTradeError,
    ERR_INVALID_OP: InvalidOrderError,
    ERR_INVALID_CONFIG: InvalidConfigError,
    ERR_SYMBOL_IN_USE: SymbolInUseError,
    ERR_FILLS_FULL: FillBufferFullError,
    ERR_QUEUE_FULL: QueueFullError,
    ERR_LEVEL_FULL: LevelFullError,
    ERR_TOO_MANY_SYMBOLS: TooManySymbolsError,
    ERR_NO_MEMORY: EngineMemoryError,
    ERR_BUSY: EngineBusyError,
    ERR_STOPPED: PipelineStoppedError,
    ERR_FORMAT: DataFormatError,
    ERR_IO: DataIOError,
    ERR_UNKNOWN_SYMBOL: UnknownSymbolError,
    ERR_TIME_BACKWARDS: TimeBackwardsError,
    ERR_REQUEST_IN_FLIGHT: RequestInFlightError,
    ERR_ORDER_CLOSED: OrderClosedError,
    ERR_FEED_CLOSED: FeedClosedError,
}


def error_for(status: int, message: str | None = None) -> SigmaxError:
    """The exception for a non-OK status (a generic SigmaxError for unknown codes)."""
    return _BY_STATUS.get(status, SigmaxError)(status, message)
