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

    __slots__ = ("shift", "delay", "watermark", "closed", "pushed", "late")

    def __init__(self, shift: int, delay: int) -> None:
        self.shift = shift
        self.delay = delay
        self.watermark = _I64_MIN  # nothing pushed or promised yet
        self.closed = False
        self.pushed = 0
        self.late = 0

    def horizon(self) -> int:
        """How far the venue may advance its local time: W + shift - delay
        (int64-clamped), INT64_MAX once the feed is closed."""
        if self.closed:
            return _I64_MAX
        return _clamped(self.watermark + self.shift - self.delay)

    def check_open(self) -> None:
        if self.closed:
            raise E.error_for(E.ERR_FEED_CLOSED, "the feed is closed")

    def check_push(self, local: Any, symbols: Any, ids: Any) -> None:
        """FEED_CLOSED after the close; TIME_BACKWARDS when local_ts (int64
        array) decreases in the batch or starts below the watermark;
        UNKNOWN_SYMBOL for an event of a symbol (uint32 array) not in `ids`
        (a sorted int64 array of the table's ids)."""
        self.check_open()
        if not len(local):
            return
        if int(local[0]) < self.watermark:
            raise E.error_for(E.ERR_TIME_BACKWARDS, f"event 0 of the batch has local_ts {int(local[0])}, before the "
                                                    f"watermark {self.watermark}")
        down = np.flatnonzero(local[1:] < local[:-1])
        if len(down):
            i = int(down[0]) + 1
            raise E.error_for(E.ERR_TIME_BACKWARDS, f"event {i} of the batch has local_ts {int(local[i])}, before "
                                                    f"event {i - 1}'s ({int(local[i - 1])})")
        unknown = np.flatnonzero(~np.isin(symbols, ids))
        if len(unknown):
            i = int(unknown[0])
            raise E.error_for(E.ERR_UNKNOWN_SYMBOL, f"event {i} of the batch is of symbol {int(symbols[i])}, which "
                                                    "is not in the venue's symbol table")

    def check_advance(self, ts: int) -> None:
        """FEED_CLOSED after the close; TIME_BACKWARDS for a promise below the watermark."""
        self.check_open()
        if ts < self.watermark:
            raise E.error_for(E.ERR_TIME_BACKWARDS, f"advance_feed({ts}) is below the watermark {self.watermark}")

    def record(self, pending: int) -> Any:
        """The sgx_venue_feed fields in VENUE_FEED_DTYPE order (reserved bytes 0)."""
        return (self.watermark, self.horizon(), self.pushed, self.late, pending, 1, 1 if self.closed else 0,
                (0,) * 6)
