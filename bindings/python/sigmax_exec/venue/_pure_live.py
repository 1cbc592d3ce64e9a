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
        """The checks of a push, each event in turn (the first event that breaks
        a rule names the error; for one event: time, symbol, range):
        FEED_CLOSED after the close; TIME_BACKWARDS when local_ts (int64 array)
        decreases in the batch or starts below the watermark; UNKNOWN_SYMBOL for
        a symbol (uint32 array) not in `ids` (a sorted int64 array);
        OUT_OF_RANGE when local_ts + shift leaves int64."""
        self.check_open()
        n = len(local)
        if not n:
            return
        first = [n, n, n]
        down = np.flatnonzero(local[1:] < local[:-1]) + 1
        if int(local[0]) < self.watermark:
            first[0] = 0
        elif len(down):
            first[0] = int(down[0])
        unknown = np.flatnonzero(~np.isin(symbols, ids))
        if len(unknown):
            first[1] = int(unknown[0])
        shift = self.shift
        outside: Any = np.flatnonzero(local > _I64_MAX - shift if shift > 0 else local < _I64_MIN - shift) if shift \
            else ()
        if len(outside):
            first[2] = int(outside[0])
        i = min(first)
        if i == n:
            return
        if first[0] == i:
            before = f"the watermark {self.watermark}" if i == 0 else f"event {i - 1}'s {int(local[i - 1])}"
            raise E.error_for(E.ERR_TIME_BACKWARDS, f"event {i}: local_ts {int(local[i])} is below {before}")
        if first[1] == i:
            raise E.error_for(E.ERR_UNKNOWN_SYMBOL, f"event {i}: symbol id {int(symbols[i])} is not in the symbol "
                                                    "table")
        raise E.error_for(E.ERR_OUT_OF_RANGE, f"event {i}: local_ts + local_shift_ns overflows int64")

    def record(self, pending: int) -> Any:
        """The sgx_venue_feed fields in VENUE_FEED_DTYPE order (reserved bytes 0)."""
        return (self.watermark, self.horizon(), self.pushed, self.late, pending, 1, 1 if self.closed else 0,
                (0,) * 6)
