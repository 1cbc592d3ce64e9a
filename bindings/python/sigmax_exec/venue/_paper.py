"""PaperVenue: a live venue for paper trading (docs/paper_trading.md).

Two sides share it. The connector side (any thread) pushes market events as
they arrive: push, advance_feed, close_feed only check the events and queue
them under a lock, so a bad push raises in the connector's thread with
nothing queued. The strategy side (one thread) is a Venue: its driving calls
hand the queued events to the live core and block, on a condition the
connector signals, while the core answers PENDING (its feed's horizon is
before the target), until the target, the wait's event, or END (after
close_feed). With a clock, pushed events are stamped with the clock and the
watermark follows it, so time advances while the feed is silent.
"""
from __future__ import annotations

import operator
import threading
from typing import Any, Callable, Dict, Iterable, List, Optional, Union, cast

import numpy as np

from .. import _errors as E
from ..market._records import EVENT_DTYPE, Symbol
from ._config import VenueConfig, validate
from ._core import VenueCore, core_for
from ._pure_live import LiveFeed
from ._records import Step
from ._venue import SymbolKey, Venue

_PENDING = int(Step.PENDING)
_I64_MIN, _I64_MAX = -(1 << 63), (1 << 63) - 1
_MAX_WAIT_S = 0.1  # with a clock: how long a blocked call sleeps before it reads the clock again, at most


class _NotStarted:
    """The core of a paper venue that has no start time yet: every use is an error."""

    def __getattr__(self, name: str) -> Any:
        raise E.error_for(E.ERR_INVALID_OP, "the paper venue starts at its first pushed event: drive it (elapse, "
                                            "goto, wait_*) or read current_timestamp first, or give start_ts or "
                                            "a clock")


class PaperVenue(Venue):
    """A venue over a live feed (docs/paper_trading.md).

    ``PaperVenue(symbols, config=None, *, backend=None, start_ts=None,
    clock=None, feed_delay_ns=0, local_shift_ns=0)``: `symbols` the symbol
    table (market.Symbol records); `clock` a callable returning ns (e.g.
    time.time_ns) or None; `start_ts` the first local time (feed time, as
    pushed; default clock() with a clock, else the first pushed event's
    local_ts); `feed_delay_ns` how late after its exchange time an event may
    still arrive (the feed's largest local - exchange latency);
    `local_shift_ns` added to every local_ts (a recorded venue's local_shift
    to reproduce its run).
    """

    def __init__(self, symbols: Iterable[Symbol], config: Optional[VenueConfig] = None, *,
                 backend: Optional[str] = None, start_ts: Optional[int] = None,
                 clock: Optional[Callable[[], int]] = None, feed_delay_ns: int = 0, local_shift_ns: int = 0) -> None:
        table = list(symbols)
        if backend is None:
            from .. import BACKEND
            backend = BACKEND
        self.backend = backend
        self.config = config if config is not None else VenueConfig()
        validate(self.config, table)
        self._owns_file = False
        self.file = None  # type: ignore[assignment]  # a live venue has no file
        self._core_class = core_for(backend)
        self._symbols = {s.id: s for s in table}
        self._ids: Dict[SymbolKey, int] = {s.id: s.id for s in table}
        self._ids.update({s.name: s.id for s in table})
        self._shift = operator.index(local_shift_ns)
        self._delay = operator.index(feed_delay_ns)
        if self._delay < 0:
            raise E.error_for(E.ERR_INVALID_CONFIG, f"feed_delay_ns {self._delay} is negative")
        self._clock = clock
        # Connector side, under the lock: the checks' view of the feed, and what waits for the strategy thread.
        self._cond = threading.Condition(threading.Lock())
        self._mirror = LiveFeed(self._shift, self._delay)
        self._queue: List[Any] = []          # EVENT_DTYPE arrays pushed, not yet in the core
        self._promise = _I64_MIN             # the latest advance_feed, not yet in the core
        self._last_stamp = _I64_MIN          # with a clock: the last time stamped (monotonic)
        # Strategy side.
        self._core_watermark = _I64_MIN      # the core's watermark
        self._core_closed = False
        self._core: VenueCore = cast(VenueCore, _NotStarted())
        self._started = False
        if start_ts is None and clock is not None:
            start_ts = self._stamp()
        if start_ts is not None:
            self._start(operator.index(start_ts))

    # -- connector side (any thread) --------------------------------------------------

    def push(self, events: Union[Any, Iterable[Any]]) -> None:
        """Queues market events (an EVENT_DTYPE array, or a sequence of its
        records) for the strategy thread, all or nothing: TimeBackwardsError
        when local_ts decreases (in the batch, or below the watermark),
        UnknownSymbolError for a symbol not in the table, FeedClosedError after
        close_feed. With a clock, each event's local_ts becomes clock()."""
        ev = np.array(events if isinstance(events, np.ndarray) else list(events), dtype=EVENT_DTYPE).reshape(-1)
        ids = np.array(sorted(self._symbols), dtype=np.int64)
        with self._cond:
            if self._clock is not None:
                self._mirror.check_open()
                ev["local_ts"] = self._stamp()
            self._mirror.check_push(ev["local_ts"], ev["symbol"], ids)
            if not len(ev):
                return
            self._queue.append(ev)
            self._mirror.watermark = int(ev["local_ts"][-1])
            self._mirror.pushed += len(ev)
            self._cond.notify_all()

    def advance_feed(self, ts: int) -> None:
        """A promise: no event with local_ts < ts will come, so the venue may
        process what lies before ts + local_shift - feed_delay (an older
        promise changes nothing). FeedClosedError after close_feed."""
        t = operator.index(ts)
        with self._cond:
            self._mirror.check_open()
            if t > self._mirror.watermark:
                self._mirror.watermark = self._promise = t
                self._cond.notify_all()

    def close_feed(self) -> None:
        """No event will come: the strategy's calls run to END once everything pushed is processed."""
        with self._cond:
            self._mirror.closed = True
            self._cond.notify_all()

    def _stamp(self) -> int:
        """clock(), never below the last stamp nor a promise (under the lock, or before any thread shares the venue)."""
        assert self._clock is not None
        now = max(operator.index(self._clock()), self._last_stamp, self._mirror.watermark)
        self._last_stamp = now
        return now

    # -- strategy side (one thread) ---------------------------------------------------

    def _start(self, start_ts: int) -> None:
        self._core = self._core_class.live(self.symbols, self.config, start_ts + self._shift, self._shift,
                                           self._delay)
        self._started = True

    def _wait_start(self) -> None:
        """Blocks until the first pushed event (or the close) gives the start time."""
        with self._cond:
            while not self._queue and not self._mirror.closed:
                self._cond.wait()
            first = int(self._queue[0]["local_ts"][0]) if self._queue else max(self._promise, 0)
        self._start(first)

    def _pump(self) -> None:
        """Hands the connector's queue to the core: events, the latest promise (with a clock: the clock), the close."""
        with self._cond:
            chunks, self._queue = self._queue, []
            promise = self._promise
            if self._clock is not None and not self._mirror.closed:
                promise = max(promise, self._stamp())
                self._mirror.watermark = max(self._mirror.watermark, promise)
            close = self._mirror.closed and not self._core_closed
        core: Any = self._core  # the live part of the core protocol
        if chunks:
            core.push(chunks[0] if len(chunks) == 1 else np.concatenate(chunks))
            self._core_watermark = int(chunks[-1]["local_ts"][-1])
        if promise > self._core_watermark and not self._core_closed:
            core.advance_feed(promise)
            self._core_watermark = promise
        if close:
            core.close_feed()
            self._core_closed = True

    def _block(self, target: int) -> None:
        """Waits until the connector brings something (or, with a clock, until
        the clock could have moved the horizon to the target)."""
        with self._cond:
            if self._queue or self._promise > self._core_watermark or (self._mirror.closed and not self._core_closed):
                return
            if self._clock is None:
                self._cond.wait()
                return
            horizon = operator.index(self._clock()) + self._shift - self._delay
            self._cond.wait(min(max(target - horizon + 1, 0) / 1e9, _MAX_WAIT_S))  # the target must be before it

    def _drive(self, first: Callable[[], int], again: Callable[[], int], target: Callable[[], int]) -> int:
        if not self._started:
            self._wait_start()
        self._pump()
        step = first()
        while step == _PENDING:
            self._block(target())
            self._pump()
            step = again()
        return step

    def elapse(self, ns: int) -> int:
        """Goes ns ahead (blocking while the feed has not reached the target): Step.OK, or END after close_feed."""
        d = operator.index(ns)
        core = self._started_core()
        end = min(core.current_timestamp() + d, _I64_MAX) if d >= 0 else 0
        return self._drive(lambda: self._core.elapse(d), lambda: self._core.goto(end), lambda: end)

    def goto(self, ts: int) -> int:
        t = operator.index(ts)
        return self._drive(lambda: self._core.goto(t), lambda: self._core.goto(t), lambda: t)

    def wait_next_feed(self, include_responses: bool, timeout: int) -> int:
        inc, d = bool(include_responses), operator.index(timeout)
        core = self._started_core()
        end = min(core.current_timestamp() + d, _I64_MAX) if d >= 0 else 0
        return self._drive(lambda: self._core.wait_next_feed(inc, d),
                           lambda: self._core.wait_next_feed(inc, end - self._core.current_timestamp()), lambda: end)

    def wait_order_response(self, symbol: SymbolKey, order_id: int, timeout: int) -> int:
        sid, oid, d = self.symbol_id(symbol), operator.index(order_id), operator.index(timeout)
        core = self._started_core()
        end = min(core.current_timestamp() + d, _I64_MAX) if d >= 0 else 0
        return self._drive(lambda: self._core.wait_order_response(sid, oid, d),
                           lambda: self._core.wait_order_response(sid, oid, end - self._core.current_timestamp()),
                           lambda: end)

    def _started_core(self) -> VenueCore:
        if not self._started:
            self._wait_start()
        return self._core

    def feed(self) -> Any:
        """The core's feed record (VENUE_FEED_DTYPE: watermark, horizon, pushed,
        late_events, pending, live, closed), as of the strategy's last call."""
        core: Any = self._core
        return core.feed()

    @property
    def queued(self) -> int:
        """Events the connector pushed that the strategy thread has not handed to the venue yet."""
        with self._cond:
            return sum(len(c) for c in self._queue)

    @property
    def current_timestamp(self) -> int:
        """The current local time (ns); before the start, waits for the first pushed event (as a driving call)."""
        return self._started_core().current_timestamp()

    @property
    def local_shift(self) -> int:
        return self._shift

    # -- lifetime -----------------------------------------------------------------

    def close(self) -> None:
        """Frees the core (a native venue at once)."""
        if self._started:
            close = getattr(self._core, "close", None)
            if close is not None:
                close()

    def __enter__(self) -> "PaperVenue":
        return self

    def __repr__(self) -> str:
        at = self._core.current_timestamp() if self._started else "its first event"
        return f"<PaperVenue ({self.backend}) at {at}>"
