"""The seed's engine API over a venue: ``VenueExecutionEngine(venue)``, also
made by the seed's name ``RustExecutionEngine(venue=venue)``
(sigmax_exec._venue_constructor). docs/python.md, "The seed's API on a
venue", is the contract; in short:

- ``execute_order`` submits a new order to the venue at its current time,
  then drives the venue (``wait_order_response``) until the venue answers
  that request, and reports it as the engine does (an ``Execution``):
  executed_price the VWAP of the order's fills so far, latency_ns the
  simulated round trip, slippage against the local touch when it was sent.
- Order ids: the engine's own 1, 2, 3, ...; at the venue the order has id
  ``SEED_ORDER_ID_BASE + block * ORDER_ID_BLOCK + n``, in a block of ids
  that each engine on a venue reserves, so that engines never meet each
  other's ids nor the user's (ids below 2^62: prices, timestamps, counters).
- ``get_stats`` / ``reset_stats``: the engine's keys, over this engine's
  executions, with the simulated latencies.

Everything is computed here from the venue's records, the same on every
backend, so native and pure venues give the same executions.
"""
from __future__ import annotations

import operator
import weakref
from typing import Any, Dict, List, Sequence, Tuple

from .. import _errors as E
from .._batch import indexed_error, normalise_orders, report_storage, stopped_at, write_reports
from .._common import BAD_CODE, SIDE_CODES, TIF_CODES, TYPE_CODES, integer, number, split_order, stats_dict
from .._stats import EngineStats
from .._types import Execution, OrderStatus, make_execution
from ..market._units import to_value
from ._records import Step, VenueOrderStatus, VenueRequest
from ._units import price_ticks, quantity_lots
from ._venue import BUY, GTC, GTX, IOC, MARKET, SymbolKey, Venue, VenueOrder

SEED_ORDER_ID_BASE = 1 << 62   # the first venue order id an engine may use
ORDER_ID_BLOCK = 1 << 32       # venue ids per engine: orders 1 .. 2^32 - 1
_MAX_BLOCKS = 1 << 30          # blocks that fit below 2^63 (int64 ids)

# How far wait_order_response may go: the venue clamps now + this to int64.
_UNTIL_ANSWERED = (1 << 63) - 1

# The venue's status of an answered order -> the engine's OrderStatus. EXPIRED
# is the engine's CANCELLED (an IOC or FOK remainder, a market order without
# liquidity), except for a post-only (GTX) order, which expires only when it
# would trade on arrival: the engine REJECTS that.
_STATUS = {VenueOrderStatus.NEW: OrderStatus.NEW,
           VenueOrderStatus.PARTIALLY_FILLED: OrderStatus.PARTIALLY_FILLED,
           VenueOrderStatus.FILLED: OrderStatus.FILLED,
           VenueOrderStatus.CANCELLED: OrderStatus.CANCELLED,
           VenueOrderStatus.EXPIRED: OrderStatus.CANCELLED,
           VenueOrderStatus.REJECTED: OrderStatus.REJECTED}
_OPEN = (VenueOrderStatus.NEW, VenueOrderStatus.PARTIALLY_FILLED)

# The block of ids each engine on a venue reserved last (weak: a venue's
# entry goes with it).
_blocks: "weakref.WeakKeyDictionary[Venue, int]" = weakref.WeakKeyDictionary()


def _reserve_block(venue: Venue) -> int:
    block = _blocks.get(venue, 0)
    if block >= _MAX_BLOCKS:
        raise E.error_for(E.ERR_OUT_OF_RANGE, f"{_MAX_BLOCKS} engines used this venue's order ids already")
    _blocks[venue] = block + 1
    return block


class _Order:
    """One order checked and converted, ready for the venue."""
    __slots__ = ("symbol", "side", "type", "tif", "ticks", "lots")

    def __init__(self, symbol: int, side: int, type: int, tif: int, ticks: int, lots: int) -> None:
        self.symbol, self.side, self.type, self.tif, self.ticks, self.lots = symbol, side, type, tif, ticks, lots


class VenueExecutionEngine:
    """The seed's engine methods (execute_order, execute_batch, get_stats,
    reset_stats) executing against a Venue, recorded or paper.

    ``VenueExecutionEngine(venue)``; ``RustExecutionEngine(venue=venue)`` is
    the same (no other constructor argument is allowed with ``venue``).
    One thread at a time, as the venue."""

    def __init__(self, venue: Venue) -> None:
        if not isinstance(venue, Venue):
            raise TypeError(f"venue must be a sigmax_exec.venue.Venue, got {venue!r}")
        self.venue: Venue = venue
        self._id_base = SEED_ORDER_ID_BASE + _reserve_block(venue) * ORDER_ID_BLOCK
        self._next_id = 1
        self._fills_seen = 0  # fills of the venue's log this engine has read past
        self._open: Dict[int, Tuple[int, int]] = {}  # order id -> (symbol, venue id): answered NEW/PARTIALLY_FILLED
        self._reset_counters()

    def _reset_counters(self) -> None:
        self._executions = 0
        self._fills = 0
        self._volume_lots = 0
        self._volume = 0.0
        self._rejects = 0
        self._invalid = 0
        self._latencies: List[int] = []

    # -- ids --------------------------------------------------------------------

    def venue_order_id(self, order_id: int) -> int:
        """The id at the venue of this engine's order ``order_id`` (1, 2, 3, ...),
        e.g. to cancel a resting one: ``venue.cancel(symbol, engine.venue_order_id(ex.order_id))``."""
        n = operator.index(order_id)
        if not 1 <= n < ORDER_ID_BLOCK:
            raise ValueError(f"this engine's order ids are 1 .. {ORDER_ID_BLOCK - 1}, got {n}")
        return self._id_base + n

    # -- orders -------------------------------------------------------------------

    def _check(self, symbol_id: SymbolKey, side: Any, order_type: Any, price: Any, quantity: Any, tif: Any) -> _Order:
        """The order in the venue's units, or the engine's exception with nothing
        changed: TypeError for an argument of the wrong type (the engine's rule),
        UnknownSymbolError for a symbol the venue lacks, InvalidOrderError for a
        bad code, price or quantity (counted in invalid_requests, as the engine
        counts them)."""
        key: Any = symbol_id if isinstance(symbol_id, str) else integer(symbol_id, "symbol_id")
        s = SIDE_CODES.get(integer(side, "side"), BAD_CODE)
        t = TYPE_CODES.get(integer(order_type, "order_type"), BAD_CODE)
        f = TIF_CODES.get(integer(tif, "tif"), BAD_CODE)
        p = 0.0 if price is None and t == MARKET else number(price, "price")  # a market order ignores its price
        q = number(quantity, "quantity")
        sid = self.venue.symbol_id(key)
        try:
            if s == BAD_CODE:
                raise E.error_for(E.ERR_INVALID_SIDE)
            if t == BAD_CODE:
                raise E.error_for(E.ERR_INVALID_TYPE)
            if f == BAD_CODE or (t == MARKET and f not in (GTC, IOC)):  # the venue's rule for market orders
                raise E.error_for(E.ERR_INVALID_TIF)
            ticks = 0 if t == MARKET else price_ticks(p, self.venue.tick_size(sid))
            lots = quantity_lots(q, self.venue.lot_size(sid))
        except E.InvalidOrderError:
            self._invalid += 1
            raise
        return _Order(sid, s, t, f, ticks, lots)

    def execute_order(self, symbol_id: SymbolKey, side: Any, order_type: Any, price: Any, quantity: Any,
                      tif: Any = 0) -> Execution:
        """Sends one order to the venue now and returns the venue's answer to it
        as an Execution (docs/python.md, "The seed's API on a venue").
        ``symbol_id``: the venue's id or name ("BTCUSDT")."""
        return self._execute(self._check(symbol_id, side, order_type, price, quantity, tif))

    def _execute(self, o: _Order) -> Execution:
        venue = self.venue
        sid = o.symbol
        touch = venue.best_ask_tick(sid) if o.side == BUY else venue.best_bid_tick(sid)  # what the caller saw
        first_fill = self._fills_seen + len(venue.fills(self._fills_seen))
        n = self._next_id
        vid = self._id_base + n
        venue.submit(sid, vid, o.side, o.ticks, o.lots, o.type, o.tif)  # raises with nothing changed
        self._next_id = n + 1
        order = self._await_answer(sid, vid)
        fills = venue.fills(first_fill)
        self._fills_seen = first_fill + len(fills)
        mine = fills[(fills["order_id"] == vid) & (fills["symbol"] == sid)]
        lots = [int(x) for x in mine["quantity"]]
        value = sum(int(p) * x for p, x in zip(mine["price"], lots))  # exact: ticks x lots as Python ints
        filled = sum(lots)
        tick, lot = venue.tick_size(sid), venue.lot_size(sid)
        price = float(to_value(float(value) / float(filled), tick)) if filled else 0.0  # the engine's VWAP rule
        slippage = 0.0
        if filled and touch is not None:
            reference = float(to_value(touch, tick))
            if reference != 0.0:
                slippage = (price - reference) / reference
        status = OrderStatus.REJECTED if order.status == VenueOrderStatus.EXPIRED and o.tif == GTX \
            else _STATUS[order.status]
        latency = order.recv_ts - order.local_ts
        quantity = float(to_value(filled, lot))
        ex = make_execution((n, latency, price, quantity, float(to_value(order.leaves, lot)), slippage, sid,
                             len(lots), int(status), o.side))
        self._executions += 1
        self._fills += len(lots)
        self._volume_lots += filled
        self._volume += quantity
        self._rejects += status == OrderStatus.REJECTED
        self._latencies.append(latency)
        if order.status in _OPEN:
            self._open[n] = (sid, vid)
        return ex

    def _await_answer(self, sid: int, vid: int) -> VenueOrder:
        """Drives the venue until the new order's request is answered (its fills
        and final state arrive together: the answers of one exchange event travel
        together); the order as the strategy then knows it."""
        venue = self.venue
        while True:
            step = venue.wait_order_response(sid, vid, _UNTIL_ANSWERED)
            order = venue.order(sid, vid)
            if order.request == VenueRequest.NONE:
                return order
            if step == Step.END:  # the venue guarantees an answer before its end
                raise E.error_for(E.ERR_INVALID_OP, f"the venue ended with order {vid}'s request unanswered")

    def execute_batch(self, orders: Any, *, as_array: bool = False, out: Any = None) -> Any:
        """The orders one after another, each as execute_order (see
        sigmax_exec.execute_batch for ``orders``, ``as_array`` and ``out``).
        Every order is checked first: if one is refused, its exception carries
        ``index`` and nothing is sent."""
        rows = self._rows(orders)
        storage = report_storage(out, len(rows)) if as_array or out is not None else None
        checked: List[_Order] = []
        for i, row in enumerate(rows):
            try:
                checked.append(self._check(*row))
            except E.SigmaxError as exc:
                if storage is not None:
                    write_reports([], storage)
                exc.index = i
                raise
        results: List[Execution] = []
        for i, o in enumerate(checked):
            try:
                results.append(self._execute(o))
            except E.SigmaxError as exc:  # the venue refused it: the orders before it ran
                raise stopped_at(exc, i, results, storage)
        if storage is None:
            return results
        write_reports(results, storage)
        return storage

    def _rows(self, orders: Any) -> Sequence[Tuple[Any, ...]]:
        """(symbol, side, type, price, quantity, tif) per order: tuples as given
        (a symbol may be a name), arrays and packed records as the engine reads them."""
        if hasattr(orders, "dtype") or isinstance(orders, (bytes, bytearray, memoryview)):
            rows, refused = normalise_orders(orders)
            if refused is not None:
                self._invalid += 1
                raise indexed_error(refused[1], refused[0])
            return rows
        return [split_order(o) for o in orders]

    # -- statistics ----------------------------------------------------------------

    def _resting_orders(self) -> int:
        """This engine's orders open at the venue as far as the strategy knows
        (the gauge); closed or forgotten ones leave the set."""
        for n, (sid, vid) in list(self._open.items()):
            try:
                still_open = self.venue.order(sid, vid).status in _OPEN
            except E.OrderNotFoundError:  # cleared from the venue's table
                still_open = False
            if not still_open:
                del self._open[n]
        return len(self._open)

    def get_stats(self) -> EngineStats:
        """The engine's statistics over this engine's executions since creation
        or reset_stats(); latencies are the simulated round trips (exact
        nearest-rank percentiles, not the engine's histogram buckets)."""
        lat = sorted(self._latencies)
        n = len(lat)

        def rank(q: float) -> int:
            return lat[max(1, -int(-(q * n) // 1)) - 1] if n else 0

        return stats_dict(orders_processed=self._executions, fills=self._fills, volume_lots=self._volume_lots,
                          volume=self._volume, rejects=self._rejects, cancels=0, amends=0,
                          invalid_requests=self._invalid, resting_orders=self._resting_orders(), latency_count=n,
                          latency_avg_ns=sum(lat) / n if n else 0.0, latency_min_ns=lat[0] if n else 0,
                          latency_max_ns=lat[-1] if n else 0, latency_p50_ns=rank(0.5), latency_p90_ns=rank(0.9),
                          latency_p99_ns=rank(0.99), latency_p999_ns=rank(0.999))

    def reset_stats(self) -> None:
        """Zeroes the statistics (the resting-orders gauge describes the venue and stays)."""
        self._reset_counters()

    def __repr__(self) -> str:
        return f"<VenueExecutionEngine over {self.venue!r}, next order {self._next_id}>"


def engine_from_constructor(class_name: str, args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> VenueExecutionEngine:
    """``ExecutionEngine(venue=venue)``: a VenueExecutionEngine; TypeError when
    other constructor arguments come with ``venue`` (they configure a matching
    engine, which a venue-backed one does not have)."""
    others = [repr(a) for a in args] + [k for k in kwargs if k != "venue"]
    if others:
        raise TypeError(f"{class_name}(venue=...) takes no other argument; got {', '.join(others)}")
    return VenueExecutionEngine(kwargs["venue"])
