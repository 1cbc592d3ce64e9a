"""The pure-Python engine: the same rules and the same integer tick/lot
arithmetic as the C++ engine, operation for operation, so that its reports,
fills and books are identical, not just close (tests/test_differential.py).

Each book side keeps a sorted list of level keys with the best at the end
(bids: price; asks: -price) and a dict from price to level. A level keeps its
orders in a dict, whose insertion order is time priority.
"""
from __future__ import annotations

import threading
import time
from bisect import bisect_left, insort
from typing import Any, Dict, List, Optional, Tuple

from . import _errors as E
from ._common import (BAD_CODE, DEFAULT_FILL_CAPACITY, DEFAULT_LOT, DEFAULT_MAX_SYMBOLS, DEFAULT_TICK, EXACT_ORDER_TYPES, SIDE_CODES,
                      TIF_CODES, TYPE_CODES, convert_order, engine_capacities, integer, level_count, number,
                      order_id_value, stats_dict, symbol_code, symbol_config)
from ._pure_queries import PureTickQueries
from ._histogram import MAX_EXPONENT as _MAX_EXPONENT, Histogram, bucket_of as _bucket_of
from ._stats import EngineStats
from ._types import SIDE_BY_CODE, Depth, Execution, Fill, OrderInfo, OrderStatus, TopOfBook
from ._order_entry import self_trade_mode
from ._pure_entry import IntegerEntry
from ._venue_constructor import VenueConstructor
from ._values import decimal_form

_MAX_UNITS = 9007199254740992.0     # 2^53
_MAX_ORDER_LOTS = 1 << 53           # docs/semantics.md#bounds
_MAX_LEVEL_LOTS = 1 << 62
_U64_MASK = (1 << 64) - 1           # uint64 counters wrap as the C ones do
_ALL_INTEGERS = 4503599627370496.0  # 2^52
_MAX_DOUBLE = 1.7976931348623157e308
_ABS_TOL = 1e-9
_REL_TOL = 1e-15

_clock = time.perf_counter_ns
_NO_LATENCY = 1 << 64
_INLINE_EXPONENTS = _MAX_EXPONENT - 6  # powers of two that _execute buckets inline
_SIDES, _TYPES, _TIFS, _BAD = SIDE_CODES, TYPE_CODES, TIF_CODES, BAD_CODE
_NEW, _PARTIAL, _FILLED, _CANCELLED, _REJECTED = range(5)
_GTC, _IOC, _FOK, _POST = range(4)
_CANCEL_NEWEST = 2


def to_units(value: float, inc: float, not_positive: int, off_grid: int) -> int:
    """Whole increments in value (>= 1), or a negative status (price_scale.hpp)."""
    if not (value > 0.0) or not (value <= _MAX_DOUBLE):
        return not_positive
    t = value / inc
    if not (t <= _MAX_UNITS):
        return E.ERR_OUT_OF_RANGE
    if t < _ALL_INTEGERS:
        units = int(t + 0.5)
        n = float(units)
    else:
        n = t
        units = int(t)
    rel = _REL_TOL * t
    tol = rel if rel > _ABS_TOL else _ABS_TOL
    err = t - n if t > n else n - t
    if not (err <= tol) or units < 1:
        return off_grid
    return units


def _valid_increment(x: float) -> bool:
    return x > 0.0 and x <= _MAX_DOUBLE


class _Order:
    # owner, stp and post: self-trade prevention and post-only replace (_pure_entry.py)
    __slots__ = ("id", "price", "open", "filled", "symbol", "side", "owner", "stp", "post")

    def __init__(self, oid: int, price: int, lots: int, symbol: int, side: int, owner: int = 0, stp: int = 0,
                 post: bool = False) -> None:
        self.id = oid
        self.price = price
        self.open = lots
        self.filled = 0
        self.symbol = symbol
        self.side = side
        self.owner = owner
        self.stp = stp
        self.post = post


class _Level:
    __slots__ = ("lots", "orders")

    def __init__(self) -> None:
        self.lots = 0
        self.orders: Dict[int, _Order] = {}


class _Book:
    # tm/tp and lm/lp: the tick's and the lot's decimal forms (_values.py);
    # a price is ticks * tm / tp, a quantity lots * lm / lp.
    # min_price: the lowest limit price in ticks the integer calls accept (set_min_price)
    __slots__ = ("tick", "lot", "tm", "tp", "lm", "lp", "keys", "levels", "resting", "min_price")

    def __init__(self, tick: float, lot: float) -> None:
        self.set_scale(tick, lot)
        self.min_price = 1
        # keys[side]: sorted ascending, best at the end (bids: price, asks: -price)
        self.keys: List[List[int]] = [[], []]
        self.levels: List[Dict[int, _Level]] = [{}, {}]
        self.resting = 0

    def set_scale(self, tick: float, lot: float) -> None:
        self.tick = tick
        self.lot = lot
        self.tm, self.tp = decimal_form(tick)
        self.lm, self.lp = decimal_form(lot)

    @staticmethod
    def new_level() -> _Level:
        return _Level()

    def best(self, side: int) -> Optional[int]:
        k = self.keys[side]
        if not k:
            return None
        return k[-1] if side == 0 else -k[-1]

    def remove(self, o: _Order) -> None:
        levels = self.levels[o.side]
        level = levels[o.price]
        del level.orders[o.id]
        level.lots -= o.open
        if not level.orders:
            del levels[o.price]
            keys = self.keys[o.side]
            del keys[bisect_left(keys, o.price if o.side == 0 else -o.price)]
        self.resting -= 1

    def crossing_lots(self, side: int, market: bool, limit: int, needed: int) -> int:
        """Open lots on `side` that an opposite order with `limit` would reach."""
        total = 0
        levels = self.levels[side]
        for key in reversed(self.keys[side]):
            if total >= needed:
                break
            price = key if side == 0 else -key
            if not market and (limit > price if side == 0 else limit < price):
                break
            total += levels[price].lots
        return total


class Engine(VenueConstructor, IntegerEntry, PureTickQueries):
    """The pure-Python execution engine (backend "python"). ``Engine(venue=v)``
    gives a sigmax_exec.venue.VenueExecutionEngine instead (_venue_constructor.py)."""

    implementation = "python"

    def __init__(self, queue_capacity: int = 10000, *, fill_capacity: int = DEFAULT_FILL_CAPACITY,
                 order_capacity: int = 65536, max_symbols: int = DEFAULT_MAX_SYMBOLS,
                 timestamps: bool = True, self_trade: Any = 0) -> None:
        fill_capacity, order_capacity, max_symbols = engine_capacities(fill_capacity, order_capacity, max_symbols)
        # The mode of orders whose stp is DEFAULT; the engine's DEFAULT is CANCEL_NEWEST.
        self._self_trade = self_trade_mode(self_trade) or _CANCEL_NEWEST
        self._max_symbols = max_symbols
        self.queue_capacity = integer(queue_capacity, "queue_capacity")  # kept for the seed's API; unused
        self.fill_capacity = fill_capacity
        self._timestamps = timestamps
        self._books: Dict[int, _Book] = {}
        self._orders: Dict[int, _Order] = {}
        self._fills: List[Fill] = []
        self._next_id = 1
        # Once a client id was accepted, the double API's ids skip resting ones (first_free_id).
        self._client_ids_used = False
        self._next_trade = 1
        self._lock = threading.Lock()  # serialises Python threads (see docs/python.md)
        self._reset_counters()

    # -- statistics -------------------------------------------------------
    def _reset_counters(self) -> None:
        self._n_orders = 0
        self._n_timed = 0  # the double API's orders: the integer calls take no latency
        self._n_fills = 0
        self._volume_lots = 0
        self._volume = 0.0
        self._rejects = 0
        self._cancels = 0
        self._amends = 0
        self._invalid = 0
        self._lat_sum = 0
        self._lat_min = _NO_LATENCY  # above any latency: the first one replaces it
        self._lat_max = 0
        self._hist = Histogram()
        self._hist_counts = self._hist.counts  # _execute's shortcut

    def get_stats(self) -> EngineStats:
        """Counters and latency figures (see docs/python.md for the keys)."""
        h = self._hist
        n = self._n_timed if self._timestamps else 0  # every timed order is one sample
        resting = len(self._orders)
        avg, lo, hi, p50, p90, p99, p999 = 0.0, 0, 0, 0, 0, 0, 0
        if n:
            lo, hi = self._lat_min, self._lat_max
            avg = self._lat_sum / n
            p50, p90, p99, p999 = (min(max(h.percentile(q, n), lo), max(lo, hi)) for q in (0.5, 0.9, 0.99, 0.999))
        return stats_dict(orders_processed=self._n_orders, fills=self._n_fills,
                          volume_lots=self._volume_lots & _U64_MASK,
                          volume=self._volume, rejects=self._rejects, cancels=self._cancels, amends=self._amends,
                          invalid_requests=self._invalid, resting_orders=resting, latency_count=n,
                          latency_avg_ns=avg, latency_min_ns=lo, latency_max_ns=hi, latency_p50_ns=p50,
                          latency_p90_ns=p90, latency_p99_ns=p99, latency_p999_ns=p999)

    def reset_stats(self) -> None:
        """Zeroes the statistics (the resting-orders gauge describes the books and stays)."""
        with self._lock:
            self._reset_counters()

    def shrink(self) -> None:
        """Does nothing: this backend keeps no order pool (the native ones give
        back the memory mass cancellation left unused)."""

    # -- symbols ------------------------------------------------------------
    def configure_symbol(self, symbol_id: int, tick_size: float = DEFAULT_TICK,
                         lot_size: float = DEFAULT_LOT) -> None:
        """Sets a symbol's tick and lot size (refused while it has resting orders)."""
        symbol_id, tick_size, lot_size = symbol_config(symbol_id, tick_size, lot_size)
        with self._lock:
            if not _valid_increment(tick_size) or not _valid_increment(lot_size):
                self._invalid += 1
                raise E.InvalidConfigError(E.ERR_INVALID_CONFIG)
            book = self._books.get(symbol_id)
            if book is None:
                if len(self._books) >= self._max_symbols:
                    raise E.TooManySymbolsError(E.ERR_TOO_MANY_SYMBOLS)
                self._books[symbol_id] = _Book(tick_size, lot_size)
                return
            if (book.tick != tick_size or book.lot != lot_size) and book.resting > 0:
                raise E.SymbolInUseError(E.ERR_SYMBOL_IN_USE)
            book.set_scale(tick_size, lot_size)

    # -- the integer order entry's hooks (_pure_entry.py) -------------------------
    def _new_book(self) -> _Book:
        return _Book(DEFAULT_TICK, DEFAULT_LOT)

    def _new_order_record(self, oid: int, price: int, lots: int, symbol: int, side: int, owner: int, stp: int,
                          post: bool) -> _Order:
        return _Order(oid, price, lots, symbol, side, owner, stp, post)

    # -- orders ---------------------------------------------------------------
    def _validate(self, symbol: int, side: int, otype: int, price: Any, quantity: Any, tif: int) -> Tuple[Any, ...]:
        """(book or None, tick, lot, price_ticks, lots) or raises InvalidOrderError.

        to_units inlined for the price and the quantity: this runs for every
        order, and two Python calls cost more than the arithmetic."""
        if side > 1:
            err = E.ERR_INVALID_SIDE
        elif otype > 1:
            err = E.ERR_INVALID_TYPE
        elif tif > 3 or (otype == 1 and tif == _POST):
            err = E.ERR_INVALID_TIF
        else:
            book = self._books.get(symbol)
            if book is None:
                tick, lot = DEFAULT_TICK, DEFAULT_LOT
            else:
                tick, lot = book.tick, book.lot
            ticks = 0
            err = 0
            if otype == 0:
                if not (price > 0.0) or not (price <= _MAX_DOUBLE):
                    err = E.ERR_INVALID_PRICE
                else:
                    x = price / tick
                    if not (x <= _MAX_UNITS):
                        err = E.ERR_OUT_OF_RANGE
                    else:
                        if x < _ALL_INTEGERS:
                            ticks = int(x + 0.5)
                            n = float(ticks)
                        else:
                            n = x
                            ticks = int(x)
                        rel = _REL_TOL * x
                        if not ((x - n if x > n else n - x) <= (rel if rel > _ABS_TOL else _ABS_TOL)) or ticks < 1:
                            err = E.ERR_OFF_TICK
            if not err:
                if not (quantity > 0.0) or not (quantity <= _MAX_DOUBLE):
                    err = E.ERR_INVALID_QUANTITY
                else:
                    x = quantity / lot
                    if not (x <= _MAX_UNITS):
                        err = E.ERR_OUT_OF_RANGE
                    else:
                        if x < _ALL_INTEGERS:
                            lots = int(x + 0.5)
                            n = float(lots)
                        else:
                            n = x
                            lots = int(x)
                        rel = _REL_TOL * x
                        if not ((x - n if x > n else n - x) <= (rel if rel > _ABS_TOL else _ABS_TOL)) or lots < 1:
                            err = E.ERR_OFF_LOT
                        else:
                            return book, tick, lot, ticks, lots
        self._invalid += 1
        raise E.InvalidOrderError(err)

    def execute_order(self, symbol_id: int, side: Any, order_type: Any, price: Any, quantity: Any,
                      tif: Any = 0) -> Execution:
        """Executes one order and returns its report (see ExecutionEngine.execute_order)."""
        t0 = _clock() if self._timestamps else 0
        if (symbol_id.__class__, side.__class__, order_type.__class__, tif.__class__, price.__class__,
                quantity.__class__) == EXACT_ORDER_TYPES and 0 <= symbol_id <= 0xFFFFFFFF:
            # _common.convert_order for exact ints and floats, inlined: this is the hot path
            s = _SIDES.get(side, _BAD)
            t = _TYPES.get(order_type, _BAD)
            f = _TIFS.get(tif, _BAD)
            if t != 0:
                price = 0.0
        else:
            symbol_id, s, t, price, quantity, f = convert_order(symbol_id, side, order_type, price, quantity, tif)
        with self._lock:
            prepared = self._validate(symbol_id, s, t, price, quantity, f)
            if self.fill_capacity and len(self._fills) >= self.fill_capacity:
                raise E.FillBufferFullError(E.ERR_FILLS_FULL)
            return self._execute(symbol_id, s, t, f, prepared, t0)

    def _execute(self, symbol: int, side: int, otype: int, tif: int, prepared: Tuple[Any, ...], t0: int) -> Execution:
        book, tick, lot, limit, lots = prepared
        may_rest = otype == 0 and (tif == _GTC or tif == _POST)
        if book is None:
            # As the engine: only an order that may rest gets the symbol a
            # book; any other meets an empty book that is not kept.
            if may_rest and len(self._books) >= self._max_symbols:
                raise E.TooManySymbolsError(E.ERR_TOO_MANY_SYMBOLS)
            book = _Book(tick, lot)
            if may_rest:
                self._books[symbol] = book
        oid = self._next_id
        if self._client_ids_used:
            while oid in self._orders:  # never a resting client id
                oid += 1
        self._next_id = oid + 1
        opp = 1 - side
        market = otype == 1
        opp_keys = book.keys[opp]
        reference = 0
        crosses = False
        if opp_keys:
            reference = opp_keys[-1] if opp == 0 else -opp_keys[-1]
            crosses = market or (limit >= reference if side == 0 else limit <= reference)

        left = lots
        notional = 0
        fill_count = 0
        rejected = False
        if tif == _POST and crosses:
            rejected = True
        elif tif == _FOK and (not crosses or book.crossing_lots(opp, market, limit, lots) < lots):
            pass
        elif crosses:
            left, notional, fill_count = self._match(book, symbol, side, oid, market, limit, lots)

        filled = lots - left
        rests = may_rest and not rejected and left > 0
        if rests:
            # Join the back of its level (created if new); inline: the hot path
            levels = book.levels[side]
            level = levels.get(limit)
            if level is None:
                level = levels[limit] = _Level()
                insort(book.keys[side], limit if side == 0 else -limit)
            elif level.lots > _MAX_LEVEL_LOTS - left:
                # The level exists, so this order crossed nothing (the book is
                # never crossed): nothing has changed but the id.
                self._next_id = oid
                raise E.LevelFullError(E.ERR_LEVEL_FULL)
            o = self._orders[oid] = _Order(oid, limit, left, symbol, side, 0, 0, tif == _POST)
            level.orders[oid] = o
            level.lots += left
            book.resting += 1

        if rejected:
            status = _REJECTED
        elif left == 0:
            status = _FILLED
        elif not rests:
            status = _CANCELLED
        else:
            status = _PARTIAL if filled > 0 else _NEW

        executed_price = 0.0
        executed_quantity = 0.0
        slippage = 0.0
        if filled > 0:
            tm, tp = book.tm, book.tp
            executed_price = float(notional) / float(filled) * tm / tp
            executed_quantity = filled * book.lm / book.lp
            ref = reference * tm / tp
            slippage = (executed_price - ref) / ref
        remaining = left * book.lm / book.lp if rests else 0.0

        latency = 0
        if self._timestamps:
            latency = _clock() - t0
            # _histogram.bucket_of, inlined (a Python call costs more than
            # this arithmetic) for 64 ns to 2^40 ns: e is the power of two
            # above 2^6, and each power of two has 64 buckets.
            e = latency.bit_length() - 7
            if e >= 0 and e < _INLINE_EXPONENTS:
                self._hist_counts[(e << 6) + (latency >> e)] += 1
            else:
                self._hist_counts[_bucket_of(latency)] += 1
            self._lat_sum += latency
            if latency < self._lat_min:
                self._lat_min = latency
            if latency > self._lat_max:
                self._lat_max = latency
        self._n_orders += 1
        self._n_timed += 1
        if rejected:
            self._rejects += 1
        return Execution((oid, latency, executed_price, executed_quantity, remaining, slippage, symbol,
                          fill_count, status, side))

    def _match(self, book: _Book, symbol: int, side: int, oid: int, market: bool, limit: int,
               lots: int) -> Tuple[Any, ...]:
        opp = 1 - side
        keys = book.keys[opp]
        levels = book.levels[opp]
        orders = self._orders
        record = self.fill_capacity > 0
        fills = self._fills
        tm, tp, lm, lp = book.tm, book.tp, book.lm, book.lp
        aggressor = SIDE_BY_CODE[side]
        notional = 0
        count = 0
        volume = 0
        quantity_sum = self._volume
        trade = self._next_trade
        while lots > 0 and keys:
            price = keys[-1] if opp == 0 else -keys[-1]
            if not market and (limit > price if opp == 0 else limit < price):
                break
            level = levels[price]
            queue = level.orders
            while lots > 0 and queue:
                maker = next(iter(queue.values()))
                q = maker.open if maker.open < lots else lots
                lots -= q
                notional += price * q
                count += 1
                qty = q * lm / lp
                if record:
                    fills.append(Fill(trade, symbol, price * tm / tp, qty, maker.id, oid, aggressor))
                trade += 1
                volume += q
                quantity_sum += qty
                if q == maker.open:
                    del queue[maker.id]
                    del orders[maker.id]
                    book.resting -= 1
                else:
                    maker.open -= q
                    maker.filled += q
                level.lots -= q
            if not queue:
                del levels[price]
                keys.pop()
        self._next_trade = trade
        self._n_fills += count
        self._volume_lots += volume
        self._volume = quantity_sum
        return lots, notional, count

    def execute_batch(self, orders: Any, *, as_array: bool = False, out: Any = None) -> Any:
        """Validates every order, then executes them in order (see sigmax_exec.execute_batch)."""
        from ._batch import indexed_error, normalise_orders, report_storage, stopped_at, write_reports
        rows, refused = normalise_orders(orders)
        storage = report_storage(out, len(rows)) if as_array or out is not None else None
        results: List[Execution] = []
        with self._lock:
            # Refused before any order runs: no report is one, so all are zero (write_reports).
            if refused is not None:  # a packed record the C API refuses before the engine: counted
                self._invalid += 1
                if storage is not None:
                    write_reports([], storage)
                raise indexed_error(refused[1], refused[0])
            prepared = []
            for i, (sym, s, t, price, qty, f) in enumerate(rows):
                try:
                    prepared.append(self._validate(sym, s, t, price, qty, f))
                except E.InvalidOrderError as exc:
                    if storage is not None:
                        write_reports([], storage)
                    exc.index = i
                    raise
            for i, (sym, s, t, price, qty, f) in enumerate(rows):
                t0 = time.perf_counter_ns() if self._timestamps else 0
                try:
                    if self.fill_capacity and len(self._fills) >= self.fill_capacity:
                        raise E.FillBufferFullError(E.ERR_FILLS_FULL)
                    book, tick, lot, ticks, lots = prepared[i]
                    if book is None:  # an earlier order of this batch may have created it
                        book = self._books.get(sym)
                    results.append(self._execute(sym, s, t, f, (book, tick, lot, ticks, lots), t0))
                except (E.FillBufferFullError, E.LevelFullError, E.TooManySymbolsError) as err:
                    # Stopped at order i: the ones before it ran (_batch.batch_error),
                    # the reports from i on are zero.
                    raise stopped_at(err, i, results, storage)
        if storage is None:
            return results
        write_reports(results, storage)
        return storage

    # -- order management -----------------------------------------------------
    def cancel_order(self, order_id: int) -> bool:
        """Cancels a resting order; False if it is unknown or no longer rests."""
        if order_id.__class__ is not int:
            order_id = order_id_value(order_id)
        with self._lock:
            o = self._orders.pop(order_id, None)
            if o is None:
                return False
            self._books[o.symbol].remove(o)
            self._cancels += 1
            return True

    def amend_order(self, order_id: int, new_quantity: float) -> bool:
        """Sets a resting order's open quantity; a decrease keeps time priority, an
        increase moves it to the back of its level. False if it does not rest."""
        order_id = order_id_value(order_id)
        new_quantity = number(new_quantity, "new_quantity")
        with self._lock:
            o = self._orders.get(order_id)
            if o is None:
                if not (new_quantity > 0.0) or not (new_quantity <= _MAX_DOUBLE):
                    self._invalid += 1
                    raise E.InvalidOrderError(E.ERR_INVALID_QUANTITY)
                return False
            book = self._books[o.symbol]
            lots = to_units(new_quantity, book.lot, E.ERR_INVALID_QUANTITY, E.ERR_OFF_LOT)
            if lots < 0:
                self._invalid += 1
                raise E.InvalidOrderError(lots)
            if lots > _MAX_ORDER_LOTS - o.filled:  # executed + open stays within an order's bound
                self._invalid += 1
                raise E.InvalidOrderError(E.ERR_OUT_OF_RANGE)
            level = book.levels[o.side][o.price]
            if lots <= o.open:
                level.lots -= o.open - lots
                o.open = lots
            elif level.lots - o.open > _MAX_LEVEL_LOTS - lots:
                raise E.LevelFullError(E.ERR_LEVEL_FULL)
            else:
                del level.orders[o.id]
                level.orders[o.id] = o  # to the back of the level
                level.lots += lots - o.open
                o.open = lots
            self._amends += 1
            return True

    def order_info(self, order_id: int) -> Optional[OrderInfo]:
        """A resting order's state, or None if it does not rest."""
        order_id = order_id_value(order_id)
        with self._lock:
            o = self._orders.get(order_id)
            if o is None:
                return None
            b = self._books[o.symbol]
            lm, lp = b.lm, b.lp
            return OrderInfo(o.id, o.symbol, SIDE_BY_CODE[o.side], o.price * b.tm / b.tp, (o.open + o.filled) * lm / lp,
                             o.filled * lm / lp, o.open * lm / lp,
                             OrderStatus.PARTIALLY_FILLED if o.filled > 0 else OrderStatus.NEW)

    def top_of_book(self, symbol_id: int) -> TopOfBook:
        """Best bid and ask with their aggregate quantities."""
        symbol_id = symbol_code(symbol_id)
        with self._lock:
            book = self._books.get(symbol_id)
            if book is None:
                return TopOfBook(None, 0.0, None, 0.0)
            bid = book.best(0)
            ask = book.best(1)
            return TopOfBook(
                None if bid is None else bid * book.tm / book.tp,
                0.0 if bid is None else book.levels[0][bid].lots * book.lm / book.lp,
                None if ask is None else ask * book.tm / book.tp,
                0.0 if ask is None else book.levels[1][ask].lots * book.lm / book.lp)

    def depth(self, symbol_id: int, levels: int = 10) -> Depth:
        """Up to `levels` (price, quantity) pairs per side, best first."""
        symbol_id, levels = symbol_code(symbol_id), level_count(levels)
        with self._lock:
            book = self._books.get(symbol_id)
            out: Dict[str, List[Tuple[float, float]]] = {"bids": [], "asks": []}
            if book is None:
                return out
            for side, name in ((0, "bids"), (1, "asks")):
                lv = book.levels[side]
                for key in reversed(book.keys[side][-levels:] if levels else []):
                    price = key if side == 0 else -key
                    out[name].append((price * book.tm / book.tp, lv[price].lots * book.lm / book.lp))
            return out

    def drain_fills(self) -> List[Fill]:
        """Every fill since the last drain, oldest first."""
        with self._lock:
            fills, self._fills = self._fills, []
            return fills

    def pending_fills(self) -> int:
        """Number of undrained fills."""
        return len(self._fills)

    def close(self) -> None:
        """Releases the engine (a no-op for the pure-Python engine)."""

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()



from ._pure_pipeline import PurePipeline as Pipeline  # noqa: E402  (the pure backend's pipeline)
