"""PureVenueCore: the simulated venue in plain Python (docs/venue.md), the
twin of the C++ core rule for rule, so that both give the same orders,
fills and accounts on the same data.

This file holds the clocks and the scheduler (which of the four time-ordered
sources comes next), the request checks and the queries. The jobs live in
their own files: _pure_latency (latency models), _pure_queue (queue models),
_pure_account (fees and accounting), _pure_exchange (the exchange side),
_pure_exchange_l3 (the exchange side in L3 mode, around _pure_l3),
_pure_local (the local side), _pure_messages (what travels between them),
_pure_live (a live venue's feed: watermark, horizon, push checks).
"""
from __future__ import annotations

import operator
from bisect import bisect_right
from collections import deque
from typing import Any, Deque, Dict, List, Optional, Tuple

import numpy as np

from .. import _errors as E
from ..market import EventFile
from ..market._book_types import Level, Quote
from ..market._records import EVENT_DTYPE, Kind, Symbol
from ..market._units import to_value
from ._config import VenueConfig, validate
from ._pure_account import Contract, Fees
from ._pure_exchange import ExchangeBase, ExchangeSymbol
from ._pure_exchange_l3 import L3ExchangeSymbol
from ._pure_latency import Latency
from ._pure_live import LiveFeed
from ._pure_local import FillRow, LocalOrder, LocalSymbol
from ._pure_messages import REJECT_NEW, REJECT_REQUEST, Request, Response
from ._records import (ALL_SYMBOLS, VENUE_FEED_DTYPE, VENUE_FILL_DTYPE, VENUE_ORDER_DTYPE, VENUE_STATE_DTYPE,
                       BookModel, FillModel, Step, VenueOrderStatus, VenueRequest)

_NEVER = 1 << 64  # after every int64 time
_I64_MIN, _I64_MAX = -(1 << 63), (1 << 63) - 1
_MAX_LOTS = 1 << 53
_MAX_PRICE = 1 << 53
_LEVEL, _CLEAR, _BEGIN, _TRADE = int(Kind.LEVEL), int(Kind.CLEAR), int(Kind.SNAPSHOT_BEGIN), int(Kind.TRADE)
_BBO = int(Kind.BBO)
_OPEN = (int(VenueOrderStatus.NEW), int(VenueOrderStatus.PARTIALLY_FILLED))
_CLOSED = (int(VenueOrderStatus.FILLED), int(VenueOrderStatus.CANCELLED), int(VenueOrderStatus.EXPIRED),
           int(VenueOrderStatus.REJECTED))
_NO_REQUEST = int(VenueRequest.NONE)
_PENDING = int(Step.PENDING)
# Stop conditions of _run.
_STOP_NONE, _STOP_FEED, _STOP_FEED_OR_RESPONSE, _STOP_ORDER = 0, 1, 2, 3
# Sources, in the tie order.
_SRC_LOCAL, _SRC_RESPONSE, _SRC_EXCHANGE, _SRC_REQUEST = 0, 1, 2, 3


def _error(status: int, text: Optional[str] = None) -> E.SigmaxError:
    return E.error_for(status, text)


def _i64(value: Any, what: str) -> int:
    v = operator.index(value)
    if not _I64_MIN <= v <= _I64_MAX:
        raise _error(E.ERR_OUT_OF_RANGE, f"{what} {v} does not fit in int64")
    return v


def _clamped(t: int) -> int:
    """A time in the int64 range (as the C++ core's add_clamped): sums past it stop at its ends."""
    return _I64_MAX if t > _I64_MAX else _I64_MIN if t < _I64_MIN else t


def _records_of(rows: List[Tuple[Any, ...]], dtype: Any) -> Any:
    """An array of C records from field tuples, every byte defined: the
    records have padding that numpy would otherwise leave uninitialised."""
    out = np.zeros(len(rows), dtype=dtype)
    if rows:
        out[:] = rows
    return out


class PureVenueCore:
    """One simulated venue over one event file, in Python (the VenueCore protocol)."""

    def __init__(self, file: EventFile, config: VenueConfig) -> None:
        table = list(file.symbols)
        resolved = validate(config, table)
        events = file.events
        n = len(events)
        exch = events["exch_ts"]
        local = events["local_ts"]
        ids = {s.id for s in table}
        syms = events["symbol"]
        if n:
            present = np.unique(syms)
            missing = [int(s) for s in present if int(s) not in ids]
            if missing:
                raise _error(E.ERR_FORMAT, f"events of symbol {missing[0]}, which is not in the symbol table")
        # Local clock alignment: shift local times so that local - exchange >= the floor.
        shift = 0
        floor = int(config.local_latency_floor_ns)
        if floor != -1 and n:
            m = int((local - exch).min())
            if m < floor:
                shift = floor - m
        self._setup(table, config, resolved, shift)
        self._events = events
        self._n = n
        self._l_ts.extend((local + shift).tolist() if shift else local.tolist())
        self._e_ts.extend(exch.tolist())
        order = np.argsort(exch, kind="stable")
        self._x_order.extend(order.tolist())
        self._x_ts.extend(exch[order].tolist())
        self._sym.extend(syms.tolist())
        self._kind.extend(events["kind"].tolist())
        self._side.extend(events["side"].tolist())
        self._price.extend(events["price"].tolist())
        self._qty.extend(events["quantity"].tolist())
        if self._l3:
            self._flags.extend(events["flags"].tolist())
            self._oid.extend(events["order_id"].tolist())
        self._current = self._l_ts[0] if n else 0

    @classmethod
    def live(cls, symbols: List[Symbol], config: VenueConfig, start_local_ts: int, local_shift_ns: int = 0,
             feed_delay_ns: int = 0) -> "PureVenueCore":
        """A live venue (docs/venue.md, "Live venue"): no file; events come by push()
        in local_ts order, and time advances only up to the feed's horizon.
        start_local_ts is the initial current time (feed-local time, the shift
        added); config.local_latency_floor_ns is not used."""
        table = list(symbols)
        resolved = validate(config, table)
        start = _i64(start_local_ts, "start_local_ts")
        shift = _i64(local_shift_ns, "local_shift_ns")
        delay = _i64(feed_delay_ns, "feed_delay_ns")
        if delay < 0:
            raise _error(E.ERR_INVALID_CONFIG, f"feed_delay_ns {delay} is negative")
        core = cls.__new__(cls)
        core._setup(table, config, resolved, shift)
        core._live = LiveFeed(shift, delay)
        core._ids = np.array(sorted(s.id for s in table), dtype=np.int64)
        core._current = start
        return core

    def _setup(self, table: List[Symbol], config: VenueConfig, resolved: Dict[int, Any], shift: int) -> None:
        """Everything but the events: the sides of each symbol, the channels, empty event columns."""
        self._shift = shift
        self._live: Optional[LiveFeed] = None
        self._ids: Any = None  # a live venue's symbol ids (sorted int64 array), for the push checks
        self._events = None
        self._n = 0
        # The events as columns: local order is the index order (file or push
        # order); _x_order lists the indices in exchange order, _x_ts their times.
        self._l_ts: List[int] = []
        self._e_ts: List[int] = []
        self._x_order: List[int] = []
        self._x_ts: List[int] = []
        self._sym: List[int] = []
        self._kind: List[int] = []
        self._side: List[int] = []
        self._price: List[int] = []
        self._qty: List[int] = []
        # L3 mode (docs/venue.md section 11): exact queues among the recorded
        # orders; the events' flags and order ids are read too.
        self._l3 = int(config.book_model) == BookModel.L3
        self._flags: List[int] = []
        self._oid: List[int] = []
        self._rows: List[Any] = []  # a live venue's trades as records (other events: None), for last_trades
        self._li = 0  # next local data event (index order)
        self._xi = 0  # next exchange data event (index into _x_order)

        self._exch: Dict[int, ExchangeBase] = {}
        self._exch2: Dict[int, ExchangeSymbol] = {}     # L2 mode: the same objects as _exch
        self._exch3: Dict[int, L3ExchangeSymbol] = {}   # L3 mode: the same objects as _exch
        self._local: Dict[int, LocalSymbol] = {}
        capacity = int(config.last_trades_capacity)
        for s in table:
            sc = resolved[s.id]
            partial = sc.fill == FillModel.PARTIAL
            if self._l3:
                ex3 = self._exch3[s.id] = L3ExchangeSymbol(s.id, partial)
                self._exch[s.id] = ex3
            else:
                ex2 = self._exch2[s.id] = ExchangeSymbol(s.id, sc.queue.kind, sc.queue.n, partial)
                self._exch[s.id] = ex2
            self._local[s.id] = LocalSymbol(s.id, Contract(s.tick_size, s.lot_size, s.contract_size, s.inverse),
                                            Fees(sc.fee.kind, sc.fee.maker, sc.fee.taker), capacity, self._l3)
        self._units = {s.id: (s.tick_size, s.lot_size) for s in table}

        self._latency = Latency(config.latency, self._feed_latency)
        self._requests: Deque[Request] = deque()
        self._responses: Deque[Response] = deque()
        self._last_arrival = _I64_MIN
        self._last_recv = _I64_MIN
        self._current = 0
        self._fills: List[FillRow] = []
        self._out: List[Response] = []  # scratch: the responses of one exchange step

    # -- the feed latency (FEED model) ------------------------------------------

    def _feed_latency(self) -> float:
        """(L + N) / 2.0 of the last processed and the next local data event's latency, or the one that exists."""
        li, n = self._li, self._n
        last = self._l_ts[li - 1] - self._e_ts[li - 1] if li > 0 else None
        nxt = self._l_ts[li] - self._e_ts[li] if li < n else None
        if last is not None and nxt is not None:
            return float(last + nxt) / 2.0
        if last is not None:
            return float(last)
        if nxt is not None:
            return float(nxt)
        return 0.0

    # -- the channels -----------------------------------------------------------------

    def _send(self, r: Request) -> None:
        """Puts a request on its way at the current time (or, with a negative
        entry latency, a REJECTED response on the response channel)."""
        t = self._current
        entry = self._latency.entry(t)
        if entry < 0:
            kind = REJECT_NEW if r.kind == VenueRequest.NEW else REJECT_REQUEST
            resp = Response(kind, r.symbol, r.order_id, 0, True)
            resp.reject_reason = _LATENCY_REJECT_REASON
            at = _clamped(t - entry)
            if at < self._last_recv:
                at = self._last_recv
            self._last_recv = resp.at = at
            self._responses.append(resp)
            return
        at = _clamped(t + entry)
        if at < self._last_arrival:
            at = self._last_arrival
        self._last_arrival = r.at = at
        self._requests.append(r)

    def _emit(self, t: int) -> None:
        """Puts the responses of one exchange step (at exchange time t) on the response channel."""
        out = self._out
        for resp in out:
            lat = self._latency.response(t)
            if lat < 0:
                lat = 0  # differs from the reference, which asserts
            at = _clamped(t + lat)
            if at < self._last_recv:
                at = self._last_recv
            self._last_recv = resp.at = at
            self._responses.append(resp)
        out.clear()

    # -- the scheduler ---------------------------------------------------------------------

    def _run(self, target: int, stop: int = _STOP_NONE, stop_symbol: int = 0, stop_id: int = 0) -> int:
        """Processes every source due at or before `target` in time order (ties:
        local data, local response, exchange data, exchange request); with a
        stop condition, the target becomes the time of the first event that
        meets it. Sets the current time and returns the Step."""
        live = self._live
        n = self._n
        xn = len(self._x_ts)  # n, less the exchange-processed entries a live venue's compaction dropped
        rows = self._rows
        l_ts, x_ts, x_order = self._l_ts, self._x_ts, self._x_order
        sym, kind, side, price, qty = self._sym, self._kind, self._side, self._price, self._qty
        l3, flags, oids = self._l3, self._flags, self._oid
        responses, requests = self._responses, self._requests
        local_syms, exch_syms, exch2, exch3 = self._local, self._exch, self._exch2, self._exch3
        fills = self._fills
        out = self._out
        result = int(Step.OK)
        last: Optional[int] = None
        while True:
            li, xi = self._li, self._xi
            tl = l_ts[li] if li < n else _NEVER
            tr = responses[0].at if responses else _NEVER
            tx = x_ts[xi] if xi < xn else _NEVER
            tq = requests[0].at if requests else _NEVER
            if tl <= tr and tl <= tx and tl <= tq:
                t, src = tl, _SRC_LOCAL
            elif tr <= tx and tr <= tq:
                t, src = tr, _SRC_RESPONSE
            elif tx <= tq:
                t, src = tx, _SRC_EXCHANGE
            else:
                t, src = tq, _SRC_REQUEST
            if t > target:  # _NEVER is after every target
                break
            last = t
            if src == _SRC_LOCAL:
                self._li = li + 1
                b = local_syms[sym[li]]
                k = kind[li]
                if k != _TRADE:
                    b.account.book_events += 1
                if l3:  # the strategy's L3 book takes every event but trades, which go to the last trades
                    if k == _TRADE:
                        b.add_trade(rows[li] if live is not None else li)
                    else:
                        b.l3_book.apply(k, side[li], price[li], qty[li], flags[li], oids[li], b.l3_checks)
                elif k == _LEVEL:
                    s, q = side[li], qty[li]
                    if s <= 1 and q >= 0:
                        b.book.set_level(s, price[li], q)
                elif k == _TRADE:
                    b.add_trade(rows[li] if live is not None else li)
                elif k == _CLEAR:
                    if side[li] <= 2:
                        b.book.clear(side[li])
                elif k == _BEGIN:
                    b.book.clear(2)
                if stop == _STOP_FEED or stop == _STOP_FEED_OR_RESPONSE:
                    if result == Step.OK:
                        result, target = int(Step.FEED), t
            elif src == _SRC_RESPONSE:
                resp = responses.popleft()
                local_syms[resp.symbol].response(resp, fills)
                if result == Step.OK and (stop == _STOP_FEED_OR_RESPONSE or (
                        stop == _STOP_ORDER and resp.symbol == stop_symbol and resp.order_id == stop_id)):
                    result, target = int(Step.RESPONSE), t
            elif src == _SRC_EXCHANGE:
                self._xi = xi + 1
                i = x_order[xi]
                k = kind[i]
                if l3:  # LEVEL, TRADE and BBO change nothing on the L3 exchange side
                    if k != _LEVEL and k != _TRADE and k != _BBO:
                        exch3[sym[i]].event(k, side[i], price[i], qty[i], flags[i], oids[i], t, out)
                        if out:
                            self._emit(t)
                    continue
                ex = exch2[sym[i]]
                if k == _LEVEL:
                    s, q = side[i], qty[i]
                    if s <= 1 and q >= 0:
                        ex.level(s, price[i], q, t, out)
                elif k == _TRADE:
                    if side[i] <= 1:
                        ex.trade(side[i], price[i], qty[i], t, out)
                elif k == _CLEAR:
                    if side[i] <= 2:
                        ex.clear(side[i])
                elif k == _BEGIN:
                    ex.clear(2)
                if out:
                    self._emit(t)
            else:
                r = requests.popleft()
                exch_syms[r.symbol].request(r, t, out)
                self._emit(t)
        if result != Step.OK:
            self._current = target
            return result
        if self._li >= n and self._xi >= xn and not responses and not requests:
            if last is not None and last > self._current:
                self._current = last
            return int(Step.END)
        self._current = target
        return result

    def _drive(self, target: int, stop: int = _STOP_NONE, stop_symbol: int = 0, stop_id: int = 0) -> int:
        """_run for a driving call. A live venue processes only what lies
        strictly before its feed's horizon (an event pushed later may still come
        at the horizon itself, and ties go local data, responses, exchange data,
        requests): a call reaching the horizon before its target and before
        anything that ends a wait is PENDING with the current time at the
        horizon (never moving back); one that drains the feed before the close
        is a timeout at its target; END only once the feed is closed."""
        live = self._live
        if live is None:
            return self._run(target, stop, stop_symbol, stop_id)
        before = self._current
        horizon = live.horizon()
        if live.closed:
            step = self._run(target, stop, stop_symbol, stop_id)
        elif target < horizon:
            step = self._run(target, stop, stop_symbol, stop_id)
            if step == Step.END:  # nothing left for now, but the feed goes on: time just passes
                self._current = target
                step = int(Step.OK)
        else:
            step = int(Step.OK) if horizon == _I64_MIN else self._run(horizon - 1, stop, stop_symbol, stop_id)
            if step == Step.OK or step == Step.END:
                self._current = horizon
                step = _PENDING
        # Everything before the current time is processed: a pushed event with an earlier exch_ts is late.
        if self._current > live.frontier and not (step == _PENDING and horizon == _I64_MIN):
            live.frontier = self._current
        if self._current < before:  # never backwards (events pushed with local times before the start)
            self._current = before
        return step

    # -- the live feed ------------------------------------------------------------------

    def _live_feed(self) -> LiveFeed:
        if self._live is None:
            raise _error(E.ERR_INVALID_OP, "a recorded venue takes no pushed events")
        return self._live

    def push(self, events: Any) -> None:
        """Appends events (an EVENT_DTYPE array) to a live venue's feed, all or
        nothing: local order is push order, exchange order is stable by
        (exch_ts, push order); an event whose exch_ts is before the current time
        reaches the exchange side at the current time (a late event)."""
        live = self._live_feed()
        ev = np.asarray(events)
        if ev.dtype != EVENT_DTYPE:
            raise TypeError(f"push takes an EVENT_DTYPE array, not {ev.dtype}")
        ev = ev.reshape(-1)
        local_col = ev["local_ts"]
        live.check_push(local_col, ev["symbol"], self._ids)  # also: local_ts + shift within int64
        count = len(ev)
        if not count:
            return
        if self._li > (self._n >> 1):
            self._compact()
        frontier = live.frontier
        late = ev["exch_ts"] < frontier
        if late.any():
            ev = ev.copy()
            ev["exch_ts"][late] = frontier  # the venue's copy: the exchange side sees the event now
            live.late += int(late.sum())
        shift = self._shift
        local = local_col.tolist()
        if shift:
            local = [t + shift for t in local]
        exch = ev["exch_ts"].tolist()
        base = self._n
        x_order, x_ts = self._x_order, self._x_ts
        for i, t in enumerate(exch):
            if not x_ts or t >= x_ts[-1]:
                x_order.append(base + i)
                x_ts.append(t)
            else:  # after every pending event at or before t: stable by (exch_ts, push order)
                at = bisect_right(x_ts, t, self._xi)
                x_order.insert(at, base + i)
                x_ts.insert(at, t)
        self._l_ts.extend(local)
        self._e_ts.extend(exch)
        self._sym.extend(ev["symbol"].tolist())
        self._kind.extend(ev["kind"].tolist())
        self._side.extend(ev["side"].tolist())
        self._price.extend(ev["price"].tolist())
        self._qty.extend(ev["quantity"].tolist())
        if self._l3:
            self._flags.extend(ev["flags"].tolist())
            self._oid.extend(ev["order_id"].tolist())
        rows: List[Any] = [None] * count  # the whole record of a trade only: last_trades returns it
        trades = np.flatnonzero(ev["kind"] == _TRADE)
        for i, r in zip(trades.tolist(), ev[trades].tolist()):
            rows[i] = r
        self._rows.extend(rows)
        self._n = base + count
        live.pushed += count
        live.watermark = int(local_col[-1])

    def advance_feed(self, ts: int) -> None:
        """A promise: no event with local_ts < ts will come (the watermark rises to ts; an older promise changes
        nothing)."""
        live = self._live_feed()
        t = _i64(ts, "time")
        live.check_open()
        live.watermark = max(live.watermark, t)

    def close_feed(self) -> None:
        """No event will come: the horizon becomes INT64_MAX, and END comes once everything is processed."""
        self._live_feed().closed = True

    def feed(self) -> Any:
        """The feed's state as a VENUE_FEED_DTYPE record (a recorded venue: live 0, closed 1)."""
        live = self._live
        pending = self._pending_events()
        if live is None:  # a closed feed that pushed its whole file
            last = int(self._events["local_ts"][-1]) if self._n else _I64_MIN
            row: Tuple[Any, ...] = (last, _I64_MAX, self._n, 0, pending, 0, 1, (0,) * 6)
        else:
            row = live.record(pending)
        return _records_of([row], VENUE_FEED_DTYPE)[0]

    def _pending_events(self) -> int:
        """Events not yet processed by both sides: those the local side has
        not reached, and those before it the exchange side has not."""
        li = self._li
        return self._n - li + sum(1 for i in self._x_order[self._xi:] if i < li)

    def _compact(self) -> None:
        """Drops the prefix of events both sides have processed (keeping the
        last local one, which the FEED latency model reads)."""
        li, xi = self._li, self._xi
        x_order = self._x_order
        k = li - 1
        for i in x_order[xi:]:
            if i < k:
                k = i
        if k <= (self._n >> 1):
            return
        for column in (self._l_ts, self._e_ts, self._sym, self._kind, self._side, self._price, self._qty,
                       self._rows):
            del column[:k]
        if self._l3:
            del self._flags[:k]
            del self._oid[:k]
        x_order[:] = [i - k for i in x_order[xi:]]
        del self._x_ts[:xi]
        self._li, self._xi, self._n = li - k, 0, self._n - k

    def _target(self, duration: int, what: str) -> int:
        d = _i64(duration, what)
        if d < 0:
            raise _error(E.ERR_TIME_BACKWARDS, f"{what} {d} is negative")
        return min(self._current + d, _I64_MAX)

    # -- driving ------------------------------------------------------------------------

    def elapse(self, ns: int) -> int:
        return self._drive(self._target(ns, "duration"))

    def goto(self, ts: int) -> int:
        t = _i64(ts, "time")
        if t < self._current:
            raise _error(E.ERR_TIME_BACKWARDS, f"time {t} is before the current time {self._current}")
        return self._drive(t)

    def wait_next_feed(self, include_responses: bool, timeout: int) -> int:
        target = self._target(timeout, "timeout")
        return self._drive(target, _STOP_FEED_OR_RESPONSE if include_responses else _STOP_FEED)

    def wait_order_response(self, symbol: int, order_id: int, timeout: int) -> int:
        loc = self._symbol(symbol)
        oid = _i64(order_id, "order_id")
        if oid not in loc.orders:
            raise _error(E.ERR_NOT_FOUND, f"no order {oid} of symbol {loc.symbol} in the venue's order table")
        target = self._target(timeout, "timeout")
        return self._drive(target, _STOP_ORDER, loc.symbol, oid)

    def current_timestamp(self) -> int:
        return self._current

    def local_shift(self) -> int:
        return self._shift

    # -- requests -----------------------------------------------------------------------------

    def _symbol(self, symbol: int) -> LocalSymbol:
        s = operator.index(symbol)
        loc = self._local.get(s)
        if loc is None:
            raise _error(E.ERR_UNKNOWN_SYMBOL, f"symbol {s} is not in the venue's data")
        return loc

    def _open_order(self, loc: LocalSymbol, order_id: int) -> LocalOrder:
        """The order, if it takes a request now: NOT_FOUND, ORDER_CLOSED, REQUEST_IN_FLIGHT otherwise."""
        oid = _i64(order_id, "order_id")
        o = loc.orders.get(oid)
        if o is None:
            raise _error(E.ERR_NOT_FOUND, f"no order {oid} of symbol {loc.symbol} in the venue's order table")
        if o.status in _CLOSED:
            raise _error(E.ERR_ORDER_CLOSED, f"order {oid} is {VenueOrderStatus(o.status).name}")
        if o.request != _NO_REQUEST:
            raise _error(E.ERR_REQUEST_IN_FLIGHT,
                         f"order {oid} has a {VenueRequest(o.request).name} request in flight")
        return o

    def submit(self, symbol: int, order_id: int, side: int, price: int, quantity: int, type: int,
               tif: int) -> None:
        loc = self._symbol(symbol)
        oid = _i64(order_id, "order_id")
        if oid in loc.orders:
            raise _error(E.ERR_DUPLICATE_ORDER_ID, f"order {oid} of symbol {loc.symbol} is in the table already")
        side, type, tif = operator.index(side), operator.index(type), operator.index(tif)
        price, quantity = operator.index(price), operator.index(quantity)
        if side not in (0, 1):
            raise _error(E.ERR_INVALID_SIDE)
        if type not in (0, 1):
            raise _error(E.ERR_INVALID_TYPE)
        if tif not in (0, 1, 2, 3):
            raise _error(E.ERR_INVALID_TIF)
        if quantity <= 0:
            raise _error(E.ERR_INVALID_QUANTITY, f"quantity {quantity} lots must be > 0")
        if quantity > _MAX_LOTS:
            raise _error(E.ERR_OUT_OF_RANGE, f"quantity {quantity} lots is over 2^53")
        if type == 0 and not -_MAX_PRICE <= price <= _MAX_PRICE:
            raise _error(E.ERR_OUT_OF_RANGE, f"price {price} ticks is outside +-2^53")
        if type == 1:
            if tif not in (0, 1):
                raise _error(E.ERR_INVALID_TIF, "a market order is GTC or IOC")
            price = 0
        o = LocalOrder(loc.symbol, oid, side, price, quantity, type, tif, self._current)
        loc.orders[oid] = o
        self._send(Request(int(VenueRequest.NEW), loc.symbol, oid, side, price, quantity, type, tif))
        loc.account.orders_submitted += 1

    def modify(self, symbol: int, order_id: int, price: int, quantity: int) -> None:
        loc = self._symbol(symbol)
        o = self._open_order(loc, order_id)
        price, quantity = operator.index(price), operator.index(quantity)
        if o.type != 0:
            raise _error(E.ERR_INVALID_TYPE, "only a limit order can be modified")
        if quantity <= o.executed:
            raise _error(E.ERR_INVALID_QUANTITY, f"the new total {quantity} lots must exceed the {o.executed} executed")
        if quantity > _MAX_LOTS:
            raise _error(E.ERR_OUT_OF_RANGE, f"quantity {quantity} lots is over 2^53")
        if not -_MAX_PRICE <= price <= _MAX_PRICE:
            raise _error(E.ERR_OUT_OF_RANGE, f"price {price} ticks is outside +-2^53")
        o.request = int(VenueRequest.MODIFY)
        o.local_ts = self._current
        self._send(Request(int(VenueRequest.MODIFY), loc.symbol, o.order_id, o.side, price, quantity, o.type, o.tif))

    def cancel(self, symbol: int, order_id: int) -> None:
        loc = self._symbol(symbol)
        o = self._open_order(loc, order_id)
        self._cancel(loc, o)

    def _cancel(self, loc: LocalSymbol, o: LocalOrder) -> None:
        o.request = int(VenueRequest.CANCEL)
        o.local_ts = self._current
        self._send(Request(int(VenueRequest.CANCEL), loc.symbol, o.order_id, o.side, o.price, 0, o.type, o.tif))

    def cancel_all(self, symbol: int) -> int:
        loc = self._symbol(symbol)
        sent = 0
        for oid in sorted(loc.orders):
            o = loc.orders[oid]
            if o.status in _OPEN and o.request == _NO_REQUEST:
                self._cancel(loc, o)
                sent += 1
        return sent

    def clear_inactive_orders(self, symbol: int) -> None:
        s = operator.index(symbol)
        targets = list(self._local.values()) if s == ALL_SYMBOLS else [self._symbol(s)]
        for loc in targets:
            drop = [oid for oid, o in loc.orders.items() if o.status in _CLOSED and o.request == _NO_REQUEST]
            for oid in drop:
                del loc.orders[oid]

    # -- views -------------------------------------------------------------------------------------

    def order(self, symbol: int, order_id: int) -> Any:
        loc = self._symbol(symbol)
        oid = _i64(order_id, "order_id")
        o = loc.orders.get(oid)
        if o is None:
            raise _error(E.ERR_NOT_FOUND, f"no order {oid} of symbol {loc.symbol} in the venue's order table")
        return _records_of([o.row()], VENUE_ORDER_DTYPE)[0]

    def orders(self, symbol: int) -> Any:
        loc = self._symbol(symbol)
        return _records_of([loc.orders[oid].row() for oid in sorted(loc.orders)], VENUE_ORDER_DTYPE)

    def state(self, symbol: int) -> Any:
        loc = self._symbol(symbol)
        values = loc.account.state(loc.contract, loc.mid())
        return _records_of([values], VENUE_STATE_DTYPE)[0]

    def _value(self, symbol: int, units: int, price: bool) -> float:
        tick, lot = self._units[symbol]
        return float(to_value(units, tick if price else lot))

    def quote(self, symbol: int) -> Quote:
        loc = self._symbol(symbol)
        book = loc.view
        bid, ask = book.prices[0].best(), book.prices[1].best()
        bid_lots = book.lots_at(0, bid) if bid is not None else 0
        ask_lots = book.lots_at(1, ask) if ask is not None else 0
        v, s = self._value, loc.symbol
        return Quote(bid, bid_lots, ask, ask_lots, v(s, bid, True) if bid is not None else None,
                     v(s, bid_lots, False), v(s, ask, True) if ask is not None else None, v(s, ask_lots, False))

    def depth(self, symbol: int, side: int, levels: int) -> List[Level]:
        loc = self._symbol(symbol)
        sd = operator.index(side)
        if sd not in (0, 1):
            raise _error(E.ERR_INVALID_SIDE)
        count = operator.index(levels)
        if count < 0:
            raise ValueError("levels must be >= 0")
        book, v, s = loc.view, self._value, loc.symbol
        out = []
        for p in book.prices[sd].first(count):
            _, lots, orders = book.level(sd, p)  # orders: 0 in L2 mode
            out.append(Level(p, lots, orders, v(s, p, True), v(s, lots, False)))
        return out

    def quantity_at(self, symbol: int, side: int, price: int) -> int:
        loc = self._symbol(symbol)
        sd = operator.index(side)
        if sd not in (0, 1):
            raise _error(E.ERR_INVALID_SIDE)
        return int(loc.view.lots_at(sd, operator.index(price)))

    def last_trades(self, symbol: int) -> Any:
        """The trades received since the previous call (local_ts shifted), oldest first; then forgotten."""
        loc = self._symbol(symbol)
        kept = list(loc.trades)  # event indices, or a live venue's event records
        loc.trades.clear()
        if not kept:
            out = np.zeros(0, dtype=EVENT_DTYPE)
        elif self._live is not None:
            out = _records_of(kept, EVENT_DTYPE)
        else:
            out = np.array(self._events[kept], dtype=EVENT_DTYPE)
        if self._shift:
            out["local_ts"] += self._shift  # the trades as the strategy received them: shifted local time
        return out

    def dropped_trades(self, symbol: int) -> int:
        return self._symbol(symbol).trades_dropped

    def fills(self, first: int = 0) -> Any:
        start = operator.index(first)
        if start < 0:
            raise ValueError("first must be >= 0")
        rows = self._fills[start:]
        out = np.zeros(len(rows), dtype=VENUE_FILL_DTYPE)
        if rows:
            cols = list(zip(*rows))
            for name, col in zip(("order_id", "price", "quantity", "exch_ts", "local_ts", "fee", "symbol", "side",
                                  "maker"), cols):
                out[name] = col
        return out

    def queue_position(self, symbol: int, order_id: int) -> float:
        loc = self._symbol(symbol)
        oid = _i64(order_id, "order_id")
        front = self._exch[loc.symbol].queue_front(oid)
        if front is None:
            raise _error(E.ERR_NOT_FOUND, f"order {oid} of symbol {loc.symbol} does not rest at the exchange")
        return front


# The reject_reason of a request refused by a negative entry latency (as the C++ core).
_LATENCY_REJECT_REASON = E.ERR_TIME_BACKWARDS
