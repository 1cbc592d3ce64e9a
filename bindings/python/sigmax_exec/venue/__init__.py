"""The simulated venue (docs/venue.md): a market replayed from an event
file, with the user's orders queued, filled and accounted for under
latency.

``Venue(event_file_or_path, config=VenueConfig(...), backend=None)`` is the
user-facing class (symbols by id or name, float-price helpers, typed
results); it wraps one backend's core (``core_for(backend)``: the C venue
through cffi or ctypes, or the pure-Python one), which all give the same
results record for record.
"""
from __future__ import annotations

from ._config import FeeModel, LatencyModel, QueueModel, SymbolConfig, VenueConfig, read_latency_csv, validate
from ._core import VenueCore, core_for
from ._records import (ALL_SYMBOLS, LATENCY_ROW_DTYPE, SYMBOL_CONFIG_DTYPE, VENUE_FILL_DTYPE, VENUE_ORDER_DTYPE,
                       VENUE_STATE_DTYPE, BookModel, FeeKind, FillModel, LatencyKind, QueueKind, Step, VenueOrderStatus,
                       VenueRequest)
from ._paper import PaperVenue
from ._replay import replay_events
from ._records import VENUE_FEED_DTYPE
from ._venue import BUY, FOK, GTC, GTX, IOC, LIMIT, MARKET, SELL, Venue, VenueOrder, VenueState
from ._seed_engine import ORDER_ID_BLOCK, SEED_ORDER_ID_BASE, VenueExecutionEngine

__all__ = [
    "Venue", "VenueOrder", "VenueState", "BUY", "SELL", "LIMIT", "MARKET", "GTC", "IOC", "FOK", "GTX",
    "PaperVenue", "replay_events", "VENUE_FEED_DTYPE",
    "VenueConfig", "SymbolConfig", "LatencyModel", "QueueModel", "FeeModel", "FillModel", "read_latency_csv",
    "validate", "VenueCore", "core_for", "ALL_SYMBOLS", "LATENCY_ROW_DTYPE", "SYMBOL_CONFIG_DTYPE",
    "VENUE_FILL_DTYPE", "VENUE_ORDER_DTYPE", "VENUE_STATE_DTYPE", "BookModel", "FeeKind", "LatencyKind", "QueueKind", "Step",
    "VenueOrderStatus", "VenueRequest", "VenueExecutionEngine", "SEED_ORDER_ID_BASE", "ORDER_ID_BLOCK",
]
