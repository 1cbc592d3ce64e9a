"""The venue's records as Python sees them: numpy dtypes derived from the
record table (sigmax_exec/_abi.py, which mirrors capi/sigmax_exec.h), and
the venue's integer codes as IntEnums. Both backends produce and consume
exactly these layouts, so a record from one equals the other's byte for byte.
"""
from __future__ import annotations

from enum import IntEnum
from typing import Any

from .. import _abi

VENUE_ORDER_DTYPE: Any = _abi.numpy_dtype(_abi.VENUE_ORDER)          # sgx_venue_order, 128 bytes
VENUE_FILL_DTYPE: Any = _abi.numpy_dtype(_abi.VENUE_FILL)            # sgx_venue_fill, 64 bytes
VENUE_STATE_DTYPE: Any = _abi.numpy_dtype(_abi.VENUE_STATE)          # sgx_venue_state, 128 bytes
LATENCY_ROW_DTYPE: Any = _abi.numpy_dtype(_abi.ORDER_LATENCY_ROW)    # sgx_order_latency_row, 32 bytes
SYMBOL_CONFIG_DTYPE: Any = _abi.numpy_dtype(_abi.VENUE_SYMBOL_CONFIG)  # sgx_venue_symbol_config, 48 bytes
VENUE_FEED_DTYPE: Any = _abi.numpy_dtype(_abi.VENUE_FEED)            # sgx_venue_feed, 48 bytes

ALL_SYMBOLS = 0xFFFFFFFF  # SGX_VENUE_ALL_SYMBOLS as a uint32 symbol: every symbol


class LatencyKind(IntEnum):
    """SGX_LATENCY_*: how long requests and responses travel."""
    CONSTANT = 0
    FEED = 1
    INTERPOLATED = 2


class QueueKind(IntEnum):
    """SGX_QUEUE_*: how the exchange estimates the lots ahead of a resting order."""
    RISK_AVERSE = 0
    POWER = 1
    POWER2 = 2
    POWER3 = 3
    LOG = 4
    LOG2 = 5


class FillModel(IntEnum):
    """SGX_FILL_*: whether a taker order walks the book and a maker order fills in parts."""
    NO_PARTIAL = 0
    PARTIAL = 1


class BookModel(IntEnum):
    """SGX_BOOK_*: what the venue replays: a market by price with estimated
    queues (L2), or a market by order with exact queues (L3, docs/venue.md
    section 11)."""
    L2 = 0
    L3 = 1


class FeeKind(IntEnum):
    """SGX_FEE_*: what a fee rate multiplies (the fill's value, its quantity, or nothing: flat)."""
    VALUE = 0
    QUANTITY = 1
    FLAT = 2


class Step(IntEnum):
    """SGX_VENUE_STEP_*: what a driving call (elapse, goto, wait_*) stopped at."""
    OK = 0
    TIMEOUT = 0  # an alias of OK: the wait ran out
    END = 1
    FEED = 2
    RESPONSE = 3
    PENDING = 4  # a live venue stopped at its feed horizon before the target


class VenueOrderStatus(IntEnum):
    """SGX_VORD_*: a venue order's status as the strategy knows it."""
    NONE = 0
    NEW = 1
    PARTIALLY_FILLED = 2
    FILLED = 3
    CANCELLED = 4
    EXPIRED = 5
    REJECTED = 6


class VenueRequest(IntEnum):
    """SGX_VREQ_*: the request an order has in flight."""
    NONE = 0
    NEW = 1
    CANCEL = 2
    MODIFY = 3


CLOSED_STATUSES = frozenset((VenueOrderStatus.FILLED, VenueOrderStatus.CANCELLED, VenueOrderStatus.EXPIRED,
                             VenueOrderStatus.REJECTED))
OPEN_STATUSES = frozenset((VenueOrderStatus.NEW, VenueOrderStatus.PARTIALLY_FILLED))
