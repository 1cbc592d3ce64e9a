"""The feed of a live pure-Python venue (docs/paper_trading.md): the
watermark, the horizon it allows, the close, the counters, and the checks a
push or a promise must pass before anything is appended (so a refused push
changes nothing).

Times: the watermark is in the feed's local time (as pushed); the horizon in
the venue's local time (the shift added), as the scheduler compares it.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from .. import _errors as E

_I64_MIN, _I64_MAX = -(1 << 63), (1 << 63) - 1


def _clamped(t: int) -> int:
    return _I64_MAX if t > _I64_MAX else _I64_MIN if t < _I64_MIN else t


class LiveFeed:
    """What a live venue knows about its feed."""

    __slots__ = ("shift", "delay", "watermark", "closed", "pushed", "late", "frontier")

    def __init__(self, shift: int, delay: int) -> None:
        self.shift = shift
        self.delay = delay
        self.watermark = _I64_MIN  # nothing pushed or promised yet
        self.closed = False
        self.pushed = 0
        self.late = 0
        # Everything before this time is processed: a pushed event with an
        # earlier exch_ts is late (raised to it). INT64_MIN until a driving call moves the venue.
        self.frontier = _I64_MIN

    def horizon(self) -> int:
        """W + shift - delay (int64-clamped): the venue processes what lies
        before it; INT64_MIN before any event or promise, INT64_MAX once the
        feed is closed."""
        if self.closed:
            return _I64_MAX
        if self.watermark == _I64_MIN:
            return _I64_MIN
        return _clamped(_clamped(self.watermark + self.shift) - self.delay)

    def check_open(self) -> None:
        if self.closed:
            raise E.error_for(E.ERR_FEED_CLOSED, "the feed is closed")

    def check_push(self, local: Any, symbols: Any, ids: Any) -> None:
        """The checks of a push (as the native venue's): FEED_CLOSED after the
        close; then the times of the whole batch: TIME_BACKWARDS when local_ts
        (int64 array) decreases or starts below the watermark; then event by
        event, UNKNOWN_SYMBOL for a symbol (uint32 array) not in `ids` (a
        sorted int64 array), OUT_OF_RANGE when local_ts + shift leaves int64."""
        self.check_open()
        n = len(local)
        if not n:
            return
        if int(local[0]) < self.watermark:
            raise E.error_for(E.ERR_TIME_BACKWARDS, f"event 0: local_ts {int(local[0])} is below the feed's "
                                                    f"watermark {self.watermark}")
        down = np.flatnonzero(local[1:] < local[:-1])
        if len(down):
            i = int(down[0]) + 1
            raise E.error_for(E.ERR_TIME_BACKWARDS, f"event {i}: local_ts {int(local[i])} is below the previous "
                                                    f"event's {int(local[i - 1])}")
        unknown = np.flatnonzero(~np.isin(symbols, ids))
        bad_symbol = int(unknown[0]) if len(unknown) else n
        shift = self.shift
        outside: Any = np.flatnonzero(local > _I64_MAX - shift if shift > 0 else local < _I64_MIN - shift) if shift \
            else ()
        bad_range = int(outside[0]) if len(outside) else n
        if bad_symbol < n and bad_symbol <= bad_range:
            raise E.error_for(E.ERR_UNKNOWN_SYMBOL, f"event {bad_symbol}: symbol id {int(symbols[bad_symbol])} is "
                                                    "not in the symbol table")
        if bad_range < n:
            raise E.error_for(E.ERR_OUT_OF_RANGE, f"event {bad_range}: local_ts + local_shift_ns overflows int64")

    def record(self, pending: int) -> Any:
        """The sgx_venue_feed fields in VENUE_FEED_DTYPE order (reserved bytes 0)."""
        return (self.watermark, self.horizon(), self.pushed, self.late, pending, 1, 1 if self.closed else 0,
                (0,) * 6)
