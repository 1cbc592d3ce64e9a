"""A connector that replays recorded events into a PaperVenue at a chosen
speed: what a test or a rehearsal of a paper-trading setup runs in its
feeder thread in place of a live exchange connection (docs/paper_trading.md).
"""
from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from ._paper import PaperVenue


def replay_events(venue: "PaperVenue", events: Any, speed: float = 1.0, *, start_ns: Optional[int] = None,
                  tick_s: float = 0.002) -> None:
    """Pushes `events` (an EVENT_DTYPE array in local_ts order) into `venue`
    when a replay clock running at `speed` times real time, started at
    `start_ns` (time.perf_counter_ns(); None: now) at the first event's
    local_ts, reaches each event's local_ts; between pushes it promises the
    replay time (advance_feed) every `tick_s` seconds, so the strategy's
    time moves on a quiet feed. It closes the feed right after the last event
    (a promise past it would add time the recording does not have), so the
    run equals the recorded one. Returns when the feed is closed."""
    import numpy as np
    if speed <= 0 or tick_s <= 0:
        raise ValueError("speed and tick_s must be > 0")
    if len(events):
        local = events["local_ts"]
        first = int(local[0])
        t0 = time.perf_counter_ns() if start_ns is None else int(start_ns)
        i, n = 0, len(events)
        while i < n:
            now = first + int((time.perf_counter_ns() - t0) * speed)
            j = int(np.searchsorted(local, now, side="right"))
            if j > i:
                venue.push(events[i:j])
                i = j
            if i < n:
                venue.advance_feed(now)
                time.sleep(tick_s)
    venue.close_feed()
