"""The interface every venue backend implements (the "core"), in the
venue's own units: symbol ids, ticks, lots, int64 ns. The user-facing Venue
(_venue.py) wraps one core and does the rest (symbol names, prices in units,
typed results), so both backends see the same integers and must give the
same answers, record for record.

Every method raises the package's exceptions (``_errors.error_for(status,
text)``), with the C statuses, and changes nothing when it raises.
"""
from __future__ import annotations

import importlib
from typing import Any, List, Protocol, Type

from ..market import EventFile, Symbol
from ..market._book_types import Level, Quote
from ._config import VenueConfig


class VenueCore(Protocol):
    """One simulated venue over one event file (docs/venue.md), or a live
    one fed by push() (``live``; docs/venue.md, "Live venue")."""

    def __init__(self, file: EventFile, config: VenueConfig) -> None: ...

    # A live venue: no file; its current time starts at start_local_ts.
    @classmethod
    def live(cls, symbols: List[Symbol], config: VenueConfig, start_local_ts: int, local_shift_ns: int,
             feed_delay_ns: int) -> "VenueCore": ...

    # The live feed (all or nothing per push; recorded venues refuse with InvalidOp).
    def push(self, events: Any) -> None: ...                      # an EVENT_DTYPE array
    def advance_feed(self, ts: int) -> None: ...
    def close_feed(self) -> None: ...
    def feed(self) -> Any: ...                                     # numpy.void of VENUE_FEED_DTYPE

    # Driving time: each returns a Step code.
    def elapse(self, ns: int) -> int: ...
    def goto(self, ts: int) -> int: ...
    def wait_next_feed(self, include_responses: bool, timeout: int) -> int: ...
    def wait_order_response(self, symbol: int, order_id: int, timeout: int) -> int: ...
    def current_timestamp(self) -> int: ...
    def local_shift(self) -> int: ...

    # Requests, sent at the current time.
    def submit(self, symbol: int, order_id: int, side: int, price: int, quantity: int, type: int,
               tif: int) -> None: ...
    def modify(self, symbol: int, order_id: int, price: int, quantity: int) -> None: ...
    def cancel(self, symbol: int, order_id: int) -> None: ...
    def cancel_all(self, symbol: int) -> int: ...
    def clear_inactive_orders(self, symbol: int) -> None: ...

    # The local views.
    def order(self, symbol: int, order_id: int) -> Any: ...        # numpy.void of VENUE_ORDER_DTYPE
    def orders(self, symbol: int) -> Any: ...                      # VENUE_ORDER_DTYPE array, ascending id
    def state(self, symbol: int) -> Any: ...                       # numpy.void of VENUE_STATE_DTYPE
    def quote(self, symbol: int) -> Quote: ...
    def depth(self, symbol: int, side: int, levels: int) -> List[Level]: ...
    def quantity_at(self, symbol: int, side: int, price: int) -> int: ...
    def last_trades(self, symbol: int) -> Any: ...                 # EVENT_DTYPE array
    def dropped_trades(self, symbol: int) -> int: ...              # trades the last-trades buffer dropped so far
    def fills(self, first: int = 0) -> Any: ...                    # VENUE_FILL_DTYPE array
    def queue_position(self, symbol: int, order_id: int) -> float: ...


def core_for(backend: str) -> Type[Any]:
    """The core class of one backend: "python" (PureVenueCore), "cffi" or
    "ctypes" (``_native_venue.native_core(backend)``, imported only
    when asked for). ImportError if that backend cannot load."""
    if backend == "python":
        from ._pure_venue import PureVenueCore
        pure: Type[Any] = PureVenueCore
        return pure
    if backend in ("cffi", "ctypes"):
        module = importlib.import_module("._native_venue", __package__)
        cls: Type[Any] = module.native_core(backend)
        return cls
    raise ImportError(f"unknown backend {backend!r}; choose one of cffi, ctypes, python")
