"""The simulated venue (docs/venue.md): a market replayed from an event
file, with the user's orders queued, filled and accounted for under
latency. ``core_for(backend)`` gives a backend's core class."""
from __future__ import annotations

from ._config import FeeModel, LatencyModel, QueueModel, SymbolConfig, VenueConfig, read_latency_csv, validate
from ._core import VenueCore, core_for
from ._records import (ALL_SYMBOLS, LATENCY_ROW_DTYPE, SYMBOL_CONFIG_DTYPE, VENUE_FILL_DTYPE, VENUE_ORDER_DTYPE,
                       VENUE_STATE_DTYPE, FeeKind, FillModel, LatencyKind, QueueKind, Step, VenueOrderStatus,
                       VenueRequest)

__all__ = [
    "VenueConfig", "SymbolConfig", "LatencyModel", "QueueModel", "FeeModel", "FillModel", "read_latency_csv",
    "validate", "VenueCore", "core_for", "ALL_SYMBOLS", "LATENCY_ROW_DTYPE", "SYMBOL_CONFIG_DTYPE",
    "VENUE_FILL_DTYPE", "VENUE_ORDER_DTYPE", "VENUE_STATE_DTYPE", "FeeKind", "LatencyKind", "QueueKind", "Step",
    "VenueOrderStatus", "VenueRequest",
]
