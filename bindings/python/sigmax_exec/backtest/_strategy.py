"""The callback style: a Strategy's methods called by ``run(venue, strategy)``
as the venue's local side sees market data, order answers and timers
(docs/backtesting.md, "Callback style"). The loop style needs nothing here: it is the Venue itself
(elapse, wait_next_feed, wait_order_response).

The driver's rule, the same on every backend: with t0 the local time after
on_start, timers are due at t0 + k * timer_ns (k >= 1). Each step is
``wait_next_feed(True, min(next timer, until) - now)``; after it, in order:

1. on_order_update(order) for every order of the run's symbols whose local
   record (status, request, leaves, executed, exec_price) differs from what
   the driver saw after the previous step's callbacks, ascending (symbol,
   order id); an order the driver has not seen counts once it has an answer
   (status other than NONE). Changes a callback makes itself (a submit, a
   cancel's request) are taken as seen, so they do not call back;
2. on_trade(symbol, trades) for each symbol with new trades (last_trades);
3. on_depth(symbol) for each symbol whose state's book_events grew;
4. on_timer(now) when now is the next timer, which then moves timer_ns on;
5. recorder.record(venue).

END (or `until`) ends the run: on_finish, then a last recorder sample
(unless one was just taken at this time). The driver reads last_trades only
when the strategy overrides on_trade (a strategy that reads last_trades
itself in on_timer still can), and skips the order and depth checks when
on_order_update or on_depth is not overridden: the strategy sees the same
calls either way. Callbacks may send requests; they must not drive the venue
(a timer whose time a callback moved past is skipped).
"""
from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Tuple, Union

from ..venue._records import CLOSED_STATUSES as _CLOSED
from ..venue._records import Step, VenueOrderStatus, VenueRequest
from ..venue._venue import VenueOrder, VenueState

if TYPE_CHECKING:
    from ..venue import Venue
    from ..venue._venue import SymbolKey
    from ._recorder import Recorder
    from ._summary import Figures


class Strategy:
    """Subclass and override what you need; every method does nothing here."""

    def on_start(self, venue: "Venue") -> None:
        """Once, before the first step."""

    def on_depth(self, venue: "Venue", symbol: int) -> None:
        """The local book of `symbol` changed in this step (venue.depth, venue.quote read it)."""

    def on_trade(self, venue: "Venue", symbol: int, trades: Any) -> None:
        """The trades of `symbol` that reached the local side since the last call (EVENT_DTYPE array)."""

    def on_order_update(self, venue: "Venue", order: VenueOrder) -> None:
        """An order's local record changed (an answer arrived: ack, fill, cancel, expiry, rejection)."""

    def on_timer(self, venue: "Venue", ts: int) -> None:
        """Every timer_ns of local time from the start; ts is the current local time."""

    def on_finish(self, venue: "Venue") -> None:
        """Once, when the venue ends or the run reaches `until`."""


@dataclass
class BacktestResult:
    """What run() returns: the recorder (None without one), every fill the
    strategy received (VENUE_FILL_DTYPE array), each run symbol's final
    state, the local time the run stopped at and whether the venue ended."""
    recording: Optional["Recorder"]
    fills: Any
    state: Dict[int, VenueState]
    end_ts: int
    ended: bool

    def summary(self, *, capital: Optional[float] = None,
                periods_per_year: Optional[float] = None) -> "Figures":
        """backtest.summary of the recording (ValueError when run had no recorder)."""
        if self.recording is None:
            raise ValueError("the run had no recorder: pass recorder=Recorder(venue, symbol) to run()")
        return self.recording.summary(capital=capital, periods_per_year=periods_per_year)


def _overrides(strategy: Any, name: str) -> bool:
    """Whether the strategy has its own `name` (not Strategy's no-op)."""
    method = getattr(strategy, name, None)
    return method is not None and getattr(method, "__func__", None) is not getattr(Strategy, name)


_OrderKey = Tuple[int, int, int, int, int]


class _OrderWatch:
    """The order records of one symbol as the driver last saw them.

    A local record changes only when an answer arrives, and answers come
    only for orders with a request in flight or open at the exchange: while
    every seen order is closed with no request in flight (or there is none),
    the table cannot change by itself and is not read."""

    def __init__(self, venue: "Venue", symbol: int) -> None:
        self.symbol = symbol
        self.raw: Optional[bytes] = None  # None: not read yet (an empty table reads as b"")
        self.keys: Dict[int, _OrderKey] = {}
        self.quiet = False
        self.read: Any = None  # what changed() read, when it read
        self.refresh(venue)

    @staticmethod
    def _key(r: Any) -> _OrderKey:
        return int(r["status"]), int(r["request"]), int(r["leaves"]), int(r["executed"]), int(r["exec_price"])

    def changed(self, venue: "Venue") -> List[VenueOrder]:
        """The orders whose record changed since the last refresh, ascending id."""
        if self.quiet:
            self.read = None
            return []
        records = self.read = venue.orders_array(self.symbol)
        if records.tobytes() == self.raw:
            return []
        out = []
        for r in records:
            before = self.keys.get(int(r["order_id"]))
            key = self._key(r)
            if (key != before) if before is not None else (key[0] != VenueOrderStatus.NONE):
                out.append(VenueOrder.from_record(r))
        return out

    def refresh(self, venue: "Venue", reread: bool = True) -> None:
        """Takes the table as seen: read again (a callback may have sent
        requests), or as changed() read it when no callback ran since."""
        if not reread and self.read is None:  # quiet and no callback ran: nothing can have changed
            return
        records = venue.orders_array(self.symbol) if reread else self.read
        raw = records.tobytes()
        if raw != self.raw:
            self.raw = raw
            self.keys = {int(r["order_id"]): self._key(r) for r in records}
            self.quiet = all(k[0] in _CLOSED and k[1] == VenueRequest.NONE for k in self.keys.values())


class _Progress:
    """A tqdm bar over local time in seconds, updated at most about a thousand times."""

    def __init__(self, venue: "Venue", t0: int, until: Optional[int]) -> None:
        from tqdm import tqdm  # type: ignore[import]
        end = until
        if end is None:
            header = getattr(getattr(venue, "file", None), "header", None)
            if header is not None and header.record_count:
                end = header.last_local_ts + venue.local_shift
        self.total = (end - t0) / 1e9 if end is not None and end > t0 else None
        self.bar = tqdm(total=self.total, unit="s", unit_scale=False, desc="backtest",
                        bar_format="{l_bar}{bar}| {n:.1f}/{total:.1f} s local time [{elapsed}<{remaining}]"
                        if self.total is not None else None)
        self.t0 = self.shown = t0
        self.every = max(1, int((end - t0) // 1000)) if end is not None and end > t0 else 1_000_000_000

    def _show(self, now: int) -> None:
        """Sets the bar to the local time run so far (set, not summed: float increments overshoot)."""
        done = (now - self.t0) / 1e9
        self.bar.n = min(done, self.total) if self.total is not None else done
        self.bar.refresh()
        self.shown = now

    def update(self, now: int) -> None:
        if now - self.shown >= self.every:
            self._show(now)

    def close(self, now: int) -> None:
        self._show(now)
        self.bar.close()


def _progress(venue: "Venue", t0: int, until: Optional[int]) -> Optional[_Progress]:
    try:
        return _Progress(venue, t0, until)
    except ImportError:
        return None


def _book_events(venue: "Venue", symbol: int) -> int:
    """state(symbol).book_events read from the core's record: the driver
    reads it every step, and a VenueState of every field costs twice as much."""
    return int(venue._core.state(symbol)["book_events"])


def _symbol_ids(venue: "Venue", symbols: Union[None, "SymbolKey", Iterable["SymbolKey"]]) -> List[int]:
    if symbols is None:
        return sorted(s.id for s in venue.symbols)
    if isinstance(symbols, str) or hasattr(symbols, "__index__"):  # one name or id (numpy ints too)
        symbols = [symbols]  # type: ignore[list-item]
    ids = sorted({venue.symbol_id(s) for s in symbols})
    if not ids:
        raise ValueError("symbols is empty: name at least one symbol (None: every symbol of the venue)")
    return ids


def run(venue: "Venue", strategy: Strategy, *, symbols: Union[None, "SymbolKey", Iterable["SymbolKey"]] = None,
        timer_ns: int = 100_000_000, recorder: Optional["Recorder"] = None, progress: bool = False,
        until: Optional[int] = None) -> BacktestResult:
    """Drives `venue` to its end (or to local time `until`), calling the
    strategy's callbacks by the rule in this module's docstring. `symbols`:
    ids or names whose orders, trades and books call back (None: every
    symbol); `recorder` samples after each step at its interval; `progress`:
    a tqdm bar over local time on stderr (nothing when tqdm is missing)."""
    if isinstance(timer_ns, bool) or operator.index(timer_ns) <= 0:
        raise ValueError(f"timer_ns must be a positive int, not {timer_ns!r}")
    timer_ns = operator.index(timer_ns)
    if until is not None:
        until = operator.index(until)
    ids = _symbol_ids(venue, symbols)
    on_trade = strategy.on_trade if _overrides(strategy, "on_trade") else None
    on_depth = strategy.on_depth if _overrides(strategy, "on_depth") else None
    on_timer = strategy.on_timer

    strategy.on_start(venue)
    t0 = venue.current_timestamp
    next_timer = t0 + timer_ns
    watches = [_OrderWatch(venue, s) for s in ids] if _overrides(strategy, "on_order_update") else []
    book_events = {s: _book_events(venue, s) for s in ids} if on_depth is not None else {}
    bar = _progress(venue, t0, until) if progress else None
    now = t0
    ended = False
    try:
        while True:
            now = venue.current_timestamp  # read again: a callback may have driven the venue
            if until is not None and now >= until:
                break
            if next_timer <= now:  # a callback drove the venue past timers: those are skipped
                next_timer += (now - next_timer) // timer_ns * timer_ns + timer_ns
            target = next_timer if until is None else min(next_timer, until)
            step = venue.wait_next_feed(True, target - now)
            now = venue.current_timestamp
            called = False
            for watch in watches:
                for order in watch.changed(venue):
                    strategy.on_order_update(venue, order)
                    called = True
            if on_trade is not None:
                for s in ids:
                    trades = venue.last_trades(s)
                    if len(trades):
                        on_trade(venue, s, trades)
                        called = True
            if on_depth is not None:
                for s in ids:
                    count = _book_events(venue, s)
                    if count != book_events[s]:
                        book_events[s] = count
                        on_depth(venue, s)
                        called = True
            if now == next_timer:
                on_timer(venue, now)
                called = True
                next_timer += timer_ns
            if recorder is not None:
                recorder.record(venue)
            for watch in watches:  # what the callbacks sent is seen, not a change to report
                watch.refresh(venue, reread=called)
            if bar is not None:
                bar.update(now)
            if step == Step.END:
                ended = True
                break
        strategy.on_finish(venue)
        now = venue.current_timestamp
        if recorder is not None and recorder.last_ts != now:
            recorder.sample(venue)
    finally:
        if bar is not None:
            bar.close(now)
    return BacktestResult(recorder, venue.fills(), {s: venue.state(s) for s in ids}, now, ended)
