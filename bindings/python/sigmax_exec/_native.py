"""Engine and Pipeline over the native library, written once for both FFIs.

``native_classes(api)`` builds the two classes over an FFI adapter (``Api``
in _cffi.py or _ctypes.py), which holds the loaded library and the few
things that differ between cffi and ctypes: allocating records, their bytes,
owning and freeing handles, and exporting a caller's buffer for one call.
Everything else (argument checks, packing, the BUSY retry, error mapping,
per-thread buffers, the pipeline's book queries) is here, so the two native
backends cannot drift apart. Struct formats come from the record table
(_abi.py).

Threads: cffi and ctypes release the GIL during C calls, so two Python
threads can be inside the engine at once. The C engine refuses the second
with SGX_ERR_BUSY (changing nothing) and the binding retries after yielding,
so calls are serialised without a lock on the uncontended path; order and
report buffers are per thread.
"""
from __future__ import annotations

import struct
import threading
import time
from operator import itemgetter
from typing import Any, Callable, ContextManager, Dict, List, Optional, Protocol, Tuple, Type

from . import _errors as E
from ._abi import FILL, LEVEL, ORDER
from ._batch import (ORDER_STRUCT, REPORT_STRUCT, batch_error, indexed_error, pack_orders, record_error,
                     report_storage, reports_to_executions)
from ._common import (DEFAULT_FILL_CAPACITY, DEFAULT_LOT, DEFAULT_MAX_SYMBOLS, DEFAULT_ORDER_CAPACITY, DEFAULT_TICK,
                      EXACT_ORDER_TYPES, c_order_id, convert_order, depth_in_growing_chunks,
                      engine_capacities, integer, level_count, number, query_levels, ring_capacities,
                      ring_stats_from_struct, stats_from_struct, symbol_code, symbol_config)
from ._native_entry import NativeIntegerEntry
from ._native_queries import NativeTickQueries
from ._order_entry import self_trade_mode
from ._pipeline import WAIT_STRATEGIES, AsyncMixin, PipelineResult, unpack_results
from ._stats import EngineStats, PipelineStats
from ._types import SIDE_BY_CODE, STATUS_BY_CODE, Depth, Execution, Fill, OrderInfo, TopOfBook
from ._venue_constructor import VenueConstructor


class Api(Protocol):
    """What the native classes need of an FFI (cffi or ctypes).

    A "record" is a C struct by its header name ("sgx_order"); the objects
    ``new`` and ``array`` return read and write their fields by attribute
    (and an array's elements by index), and pass to the library's functions
    as pointers (ctypes: declared with the record's pointer type)."""

    implementation: str
    lib: Any
    NULL: Any  # the handle of a closed engine: the C API answers SGX_ERR_NULL_POINTER
    NO_TIMESTAMPS: int  # SGX_ENGINE_NO_TIMESTAMPS

    def new(self, ctype: str) -> Any:
        """One zeroed record."""

    def array(self, ctype: str, count: int) -> Any:
        """`count` (>= 1) zeroed records or scalars ("size_t", "uint64_t", "int")."""

    def sizeof(self, ctype: str) -> int:
        """A record's size."""

    def buffer(self, cdata: Any) -> memoryview:
        """The writable bytes of a record or array made by new/array."""

    def ref(self, cdata: Any) -> Any:
        """What a hot path passes for a pointer to the record `cdata` (kept and reused)."""

    def pointer(self, array: Any) -> Any:
        """The value of a pointer field that points at `array`'s first element."""

    def create(self, kind: str, config: Any, keep: Any = None) -> Any:
        """sgx_<kind>_create(&h, config) as an owned handle, destroyed with
        sgx_<kind>_destroy when collected (and by release). `keep` lives at
        least until the destroy has run (memory the C object writes into)."""

    def release(self, kind: str, handle: Any) -> None:
        """Destroys an owned handle now."""

    def destructor(self, kind: str) -> Optional[Callable[[Any], None]]:
        """A __del__ for the class that owns the handle in ``_h``, or None
        where the handle destroys itself (cffi's ffi.gc)."""

    def event_sink(self) -> Tuple[Any, List[bytes], List[BaseException]]:
        """(callback, events, errors): an sgx_event_fn that appends each event's
        64 bytes to `events`, and any exception it meets to `errors` (none
        escapes into C). The caller keeps the callback alive while the
        library may call it."""

    def export(self, ctype: str, buf: Any, count: int, writable: bool = False) -> ContextManager[Any]:
        """A context manager giving buf (`count` records) as a pointer for one
        call. The export ends when it exits, not when the frame dies: a batch
        error's traceback keeps the frame alive, and a buffer export still
        held there makes the cyclic collector fail on the memoryview
        (BufferError in tp_clear) and then crash the interpreter."""


_BUSY = E.ERR_BUSY
_NOT_FOUND = E.ERR_NOT_FOUND
_sleep = time.sleep
_pack_order = ORDER_STRUCT.pack_into
_unpack_report = REPORT_STRUCT.unpack_from
_ORDER_SIZE = ORDER_STRUCT.size
_new = tuple.__new__
_EXACT = EXACT_ORDER_TYPES
_U64 = 1 << 64
_FILL_CHUNK = 4096
_POLL_CHUNK = 4096
_LEVEL_STRUCT = struct.Struct(LEVEL.format)
_FILL_STRUCT = struct.Struct(FILL.format)
_FILL_AT = {name: i for i, name in enumerate(FILL.packed)}
# Fill's fields, as sgx_fill names them, out of one unpacked sgx_fill.
_fill_values = itemgetter(*(_FILL_AT[{"symbol_id": "symbol"}.get(n, n)] for n in Fill._fields))


def _retry(fn: Callable[..., int], *args: Any) -> int:
    """Calls fn until the engine is not busy with another thread's call."""
    rc = fn(*args)
    while rc == _BUSY:
        _sleep(0)
        rc = fn(*args)
    return rc


def _raise(rc: int) -> None:
    raise E.error_for(rc)


def _read_record(api: Api, ctype: str, read: Callable[[Any, Any], int], handle: Any) -> Any:
    """A `ctype` record (its struct_size set) filled by read(record, handle): a stats call."""
    record = api.new(ctype)
    record.struct_size = api.sizeof(ctype)
    rc = read(record, handle)
    if rc:
        _raise(rc)
    return record


def _levels(view: memoryview, count: int) -> List[Tuple[float, float]]:
    """(price, quantity) of the first `count` sgx_level records in view."""
    return [(p, q) for p, q, _ in _LEVEL_STRUCT.iter_unpack(view[: count * _LEVEL_STRUCT.size])]


# The hot paths (execute_order, submit) write sgx_order's struct_size once,
# into each per-thread buffer, and then pack only the order's values: the
# record past its first field.
if ORDER.packed[0] != "struct_size" or not ORDER.format.startswith("<I"):
    raise ImportError("sigmax_exec/_native.py packs sgx_order past a leading uint32 struct_size; "
                      f"the record table has {ORDER.format!r}")
_BODY = ORDER.field("symbol").offset
_pack_body = struct.Struct("<" + ORDER.format[2:]).pack_into
_PACK_ERRORS = (struct.error, ValueError, OverflowError)  # a value outside its C field's range


def pack(ob: memoryview, symbol_id: Any, side: Any, order_type: Any, price: Any, quantity: Any, tif: Any) -> None:
    """Packs an order's values into an sgx_order buffer whose struct_size is
    set, as every native entry point does: exact ints and floats straight in
    (the engine checks the codes), anything else, and values out of a C
    field's range, through convert_order, which raises what a single order
    would (see _common.pack_order). execute_order inlines the first case."""
    if (symbol_id.__class__, side.__class__, order_type.__class__, tif.__class__, price.__class__,
            quantity.__class__) == _EXACT:
        try:
            _pack_body(ob, _BODY, symbol_id, side, order_type, tif, price, quantity)
            return
        except _PACK_ERRORS:
            pass
    sym, s, t, p, q, f = convert_order(symbol_id, side, order_type, price, quantity, tif)
    _pack_body(ob, _BODY, sym, s, t, f, p, q)


def _order_buffer(api: Api) -> Tuple[Any, memoryview]:
    """A new sgx_order with its struct_size set, and its bytes."""
    o = api.new("sgx_order")
    o.struct_size = _ORDER_SIZE
    return o, api.buffer(o)


class NativeEngine(VenueConstructor, NativeIntegerEntry, NativeTickQueries):
    """The execution engine through the C ABI (backends "cffi" and "ctypes").
    ``NativeEngine(venue=v)`` gives a sigmax_exec.venue.VenueExecutionEngine
    instead (_venue_constructor.py)."""

    implementation = ""
    _api: Api

    def __init__(self, queue_capacity: int = 10000, *, fill_capacity: int = DEFAULT_FILL_CAPACITY,
                 order_capacity: int = DEFAULT_ORDER_CAPACITY, max_symbols: int = DEFAULT_MAX_SYMBOLS,
                 timestamps: bool = True, self_trade: Any = 0) -> None:
        api = self._api
        fill_capacity, order_capacity, max_symbols = engine_capacities(fill_capacity, order_capacity, max_symbols)
        mode = self_trade_mode(self_trade)
        self.queue_capacity = integer(queue_capacity, "queue_capacity")  # kept for the seed's API; unused
        self.fill_capacity = fill_capacity
        self._lib = lib = api.lib
        self._execute = lib.sgx_engine_execute
        self._cancel = lib.sgx_engine_cancel
        cfg = api.new("sgx_engine_config")
        lib.sgx_engine_config_init(cfg)
        cfg.order_capacity = order_capacity
        cfg.fill_capacity = fill_capacity
        cfg.max_symbols = max_symbols
        cfg.flags = 0 if timestamps else api.NO_TIMESTAMPS
        cfg.self_trade = mode
        self._h = api.create("engine", cfg)
        self._tls = threading.local()  # per-thread order/report buffers

    def _new_buffers(self) -> Tuple[memoryview, memoryview, Any, Any]:
        """This thread's (order bytes, report bytes, order pointer, report pointer)."""
        api = self._api
        (o, ob), r = _order_buffer(api), api.new("sgx_report")
        return ob, api.buffer(r), api.ref(o), api.ref(r)

    def close(self) -> None:
        """Frees the native engine now (otherwise the garbage collector does).
        Later calls raise SigmaxError (SGX_ERR_NULL_POINTER)."""
        api = self._api
        if self._h != api.NULL:
            api.release("engine", self._h)
            self._h = api.NULL  # the C API refuses a NULL handle with a status, not a crash

    def __enter__(self) -> "NativeEngine":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def configure_symbol(self, symbol_id: int, tick_size: float = DEFAULT_TICK,
                         lot_size: float = DEFAULT_LOT) -> None:
        """Sets a symbol's tick and lot size (refused while it has resting orders)."""
        sym, tick, lot = symbol_config(symbol_id, tick_size, lot_size)
        rc = _retry(self._lib.sgx_engine_configure_symbol, self._h, sym, tick, lot)
        if rc:
            _raise(rc)

    def execute_order(self, symbol_id: int, side: Any, order_type: Any, price: Any, quantity: Any,
                      tif: Any = 0) -> Execution:
        """Executes one order and returns its report."""
        try:
            ob, rb, o, r = self._tls.buffers
        except AttributeError:
            ob, rb, o, r = self._tls.buffers = self._new_buffers()
        # pack(), its common case inlined: a Python call costs a tenth of this method.
        if (symbol_id.__class__, side.__class__, order_type.__class__, tif.__class__, price.__class__,
                quantity.__class__) == _EXACT:
            try:
                _pack_body(ob, _BODY, symbol_id, side, order_type, tif, price, quantity)
            except _PACK_ERRORS:
                pack(ob, symbol_id, side, order_type, price, quantity, tif)
        else:
            pack(ob, symbol_id, side, order_type, price, quantity, tif)
        rc = self._execute(r, self._h, o)
        while rc:
            if rc != _BUSY:
                _raise(rc)
            _sleep(0)  # another thread is inside a call on this engine: let it finish
            rc = self._execute(r, self._h, o)
        return _new(Execution, _unpack_report(rb))

    def execute_batch(self, orders: Any, *, as_array: bool = False, out: Any = None) -> Any:
        """Executes many orders in one C call (see sigmax_exec.execute_batch)."""
        api = self._api
        buf, n = pack_orders(orders)
        reports = report_storage(out, n)
        as_array = as_array or out is not None
        count = api.array("size_t", 1)
        with api.export("sgx_order", buf, n) as src, api.export("sgx_report", reports, n, writable=True) as dst:
            rc = _retry(self._lib.sgx_engine_execute_batch, dst, count, self._h, src, n)
        done = count[0]
        if rc:
            raise batch_error(rc, reports, done, as_array)
        return reports if as_array else reports_to_executions(reports, n)

    def cancel_order(self, order_id: int) -> bool:
        """Cancels a resting order; False if it is unknown or no longer rests
        (an id outside [0, 2^64) included: no order has it)."""
        if order_id.__class__ is not int or not 0 <= order_id < _U64:
            order_id = c_order_id(order_id)
        rc = self._cancel(self._h, order_id)
        if rc == _BUSY:
            rc = _retry(self._cancel, self._h, order_id)
        if rc == 0:
            return True
        if rc == _NOT_FOUND:
            return False
        _raise(rc)
        return False

    def amend_order(self, order_id: int, new_quantity: float) -> bool:
        """Sets a resting order's open quantity (decrease keeps priority, increase
        goes to the back); False if it does not rest (an id outside [0, 2^64)
        included; a bad quantity raises whatever the id)."""
        order_id = c_order_id(order_id)
        q = number(new_quantity, "new_quantity")
        rc = _retry(self._lib.sgx_engine_amend, self._h, order_id, q)
        if rc == 0:
            return True
        if rc == _NOT_FOUND:
            return False
        _raise(rc)
        return False

    def order_info(self, order_id: int) -> Optional[OrderInfo]:
        """A resting order's state, or None if it does not rest."""
        order_id = c_order_id(order_id)
        info = self._api.new("sgx_order_info")
        rc = _retry(self._lib.sgx_engine_order_info, info, self._h, order_id)
        if rc == _NOT_FOUND:
            return None
        if rc:
            _raise(rc)
        return OrderInfo(info.order_id, info.symbol, SIDE_BY_CODE[info.side], info.price, info.original_quantity,
                         info.executed_quantity, info.remaining_quantity, STATUS_BY_CODE[info.status])

    def top_of_book(self, symbol_id: int) -> TopOfBook:
        """Best bid and ask with their aggregate quantities."""
        top = self._api.new("sgx_top_of_book")
        sym = symbol_code(symbol_id)
        rc = _retry(self._lib.sgx_engine_top_of_book, top, self._h, sym)
        if rc:
            _raise(rc)
        return TopOfBook(top.bid_price if top.has_bid else None, top.bid_quantity,
                         top.ask_price if top.has_ask else None, top.ask_quantity)

    def depth(self, symbol_id: int, levels: int = 10) -> Depth:
        """Up to `levels` (price, quantity) pairs per side, best first."""
        api = self._api
        sym, levels = symbol_code(symbol_id), level_count(levels)
        nb, na = api.array("size_t", 1), api.array("size_t", 1)

        def fetch(cap: int) -> Tuple[List[Tuple[float, float]], List[Tuple[float, float]]]:
            bids, asks = api.array("sgx_level", max(cap, 1)), api.array("sgx_level", max(cap, 1))
            rc = _retry(self._lib.sgx_engine_depth, bids, nb, asks, na, self._h, sym, cap)
            if rc:
                _raise(rc)
            return _levels(api.buffer(bids), nb[0]), _levels(api.buffer(asks), na[0])
        return depth_in_growing_chunks(levels, fetch)

    def drain_fills(self) -> List[Fill]:
        """Every fill since the last drain, oldest first."""
        api = self._api
        out: List[Fill] = []
        buf = api.array("sgx_fill", _FILL_CHUNK)
        view = api.buffer(buf)
        n = api.array("size_t", 1)
        sides = SIDE_BY_CODE
        while True:
            rc = _retry(self._lib.sgx_engine_drain_fills, buf, n, self._h, _FILL_CHUNK)
            if rc:
                _raise(rc)
            k = n[0]
            for rec in _FILL_STRUCT.iter_unpack(view[: k * _FILL_STRUCT.size]):
                trade, sym, price, qty, maker, taker, side = _fill_values(rec)
                out.append(Fill(trade, sym, price, qty, maker, taker, sides[side]))
            if k < _FILL_CHUNK:
                return out

    def pending_fills(self) -> int:
        """Number of undrained fills."""
        n = self._api.array("size_t", 1)
        rc = _retry(self._lib.sgx_engine_pending_fills, n, self._h)
        if rc:
            _raise(rc)
        return int(n[0])

    def get_stats(self) -> EngineStats:
        """Counters and latency figures; safe while another thread executes."""
        return stats_from_struct(_read_record(self._api, "sgx_engine_stats", self._lib.sgx_engine_get_stats, self._h))

    def reset_stats(self) -> None:
        """Zeroes the statistics (the resting-orders gauge stays)."""
        rc = _retry(self._lib.sgx_engine_reset_stats, self._h)
        if rc:
            _raise(rc)

    def shrink(self) -> None:
        """Gives back the memory mass cancellation left unused (sgx_engine_shrink);
        orders, ids and statistics are unchanged."""
        rc = _retry(self._lib.sgx_engine_shrink, self._h)
        if rc:
            _raise(rc)


class NativePipeline(AsyncMixin):
    """The lock-free order pipeline through the C ABI (see docs/pipeline.md)."""

    implementation = ""
    _api: Api

    def __init__(self, queue_capacity: int = 10000, *, result_capacity: int = 0, wait: str = "spin-yield",
                 fill_capacity: int = DEFAULT_FILL_CAPACITY, order_capacity: int = DEFAULT_ORDER_CAPACITY,
                 max_symbols: int = DEFAULT_MAX_SYMBOLS, timestamps: bool = True) -> None:
        api = self._api
        if wait not in WAIT_STRATEGIES:
            raise E.InvalidConfigError(E.ERR_INVALID_CONFIG, f"wait must be one of {sorted(WAIT_STRATEGIES)}")
        queue_capacity, result_capacity = ring_capacities(queue_capacity, result_capacity)
        fill_capacity, order_capacity, max_symbols = engine_capacities(fill_capacity, order_capacity, max_symbols)
        self._lib = lib = api.lib
        self._submit = lib.sgx_pipeline_submit
        cfg = api.new("sgx_pipeline_config")
        lib.sgx_pipeline_config_init(cfg)
        cfg.wait = WAIT_STRATEGIES[wait]
        cfg.queue_capacity = queue_capacity
        cfg.result_capacity = result_capacity
        cfg.engine.fill_capacity = fill_capacity
        cfg.engine.order_capacity = order_capacity
        cfg.engine.max_symbols = max_symbols
        cfg.engine.flags = 0 if timestamps else api.NO_TIMESTAMPS
        # Book queries awaiting their DEPTH result, by sequence: (query, bids,
        # asks). The matching thread writes into them until then, so the
        # handle keeps them alive until it is destroyed.
        self._queries: Dict[int, Tuple[Any, Any, Any]] = {}
        # Held from submitting a query until it is in _queries, so that a
        # poller (another thread) that sees its result finds it there.
        self._query_lock = threading.Lock()
        self._h = api.create("pipeline", cfg, keep=self._queries)
        self._tls = threading.local()
        self._results = api.array("sgx_result", _POLL_CHUNK)
        self._results_buf = api.buffer(self._results)
        self._count = api.array("size_t", 1)
        fd = api.array("int", 1)
        fd[0] = -1
        lib.sgx_pipeline_notify_fd(fd, self._h)
        self.notify_fd = int(fd[0])
        self.capacity = self.stats()["capacity"]

    def _buffers(self) -> Tuple[memoryview, Any, Any]:
        """This thread's (order bytes, order pointer, sequence out-value)."""
        try:
            b: Tuple[memoryview, Any, Any] = self._tls.b
            return b
        except AttributeError:
            api = self._api
            o, ob = _order_buffer(api)
            b = self._tls.b = (ob, api.ref(o), api.array("uint64_t", 1))
            return b

    def submit(self, symbol_id: int, side: Any, order_type: Any, price: Any, quantity: Any, tif: Any = 0) -> int:
        """Enqueues an order without waiting; returns its sequence number.
        QueueFullError when the ring is full (nothing enqueued), PipelineStoppedError after stop()."""
        ob, o, seq = self._buffers()
        pack(ob, symbol_id, side, order_type, price, quantity, tif)
        rc = self._submit(seq, self._h, o)
        if rc:
            _raise(rc)
        return int(seq[0])

    def _submit_again(self, slice_ns: int) -> int:
        _, o, seq = self._buffers()  # still holds the order that the refused submit() packed
        rc = self._lib.sgx_pipeline_submit_wait(seq, self._h, o, slice_ns)
        if rc:
            _raise(rc)
        return int(seq[0])

    def submit_cancel(self, order_id: int) -> int:
        """Enqueues a cancel; returns its sequence number."""
        order_id = c_order_id(order_id)
        seq = self._buffers()[2]
        rc = self._lib.sgx_pipeline_submit_cancel(seq, self._h, order_id)
        if rc:
            _raise(rc)
        return int(seq[0])

    def submit_amend(self, order_id: int, new_quantity: float) -> int:
        """Enqueues an amend; returns its sequence number."""
        order_id, q = c_order_id(order_id), number(new_quantity, "new_quantity")
        seq = self._buffers()[2]
        rc = self._lib.sgx_pipeline_submit_amend(seq, self._h, order_id, q)
        if rc:
            _raise(rc)
        return int(seq[0])

    def submit_depth(self, symbol_id: int, levels: int = 10) -> int:
        """Enqueues a book query for up to `levels` levels a side; returns its
        sequence number. Its DEPTH result's ``depth`` reflects every earlier
        submission and no later one. ValueError for levels outside
        [0, MAX_QUERY_LEVELS] (nothing enqueued)."""
        api = self._api
        sym, n = symbol_code(symbol_id), query_levels(levels)
        q = api.new("sgx_depth_query")
        bids, asks = api.array("sgx_level", max(n, 1)), api.array("sgx_level", max(n, 1))
        q.struct_size = api.sizeof("sgx_depth_query")
        q.symbol = sym
        q.levels = n
        q.bids = api.pointer(bids)
        q.asks = api.pointer(asks)
        seq = self._buffers()[2]
        with self._query_lock:
            rc = self._lib.sgx_pipeline_submit_depth(seq, self._h, q)
            if rc:
                _raise(rc)
            sequence = int(seq[0])
            self._queries[sequence] = (q, bids, asks)
        return sequence

    def _answer(self, sequence: int) -> Depth:
        """The levels the matching thread wrote for the query `sequence` (its
        result has been polled: the memory is the caller's again)."""
        with self._query_lock:
            q, bids, asks = self._queries.pop(sequence)
        api = self._api
        return {"bids": _levels(api.buffer(bids), q.bid_count), "asks": _levels(api.buffer(asks), q.ask_count)}

    def configure_symbol(self, symbol_id: int, tick_size: float = DEFAULT_TICK, lot_size: float = DEFAULT_LOT) -> None:
        """Sets a symbol's tick and lot size (before submitting its orders)."""
        rc = self._lib.sgx_pipeline_configure_symbol(self._h, *symbol_config(symbol_id, tick_size, lot_size))
        if rc:
            _raise(rc)

    def submit_batch(self, orders: Any) -> Tuple[int, int]:
        """Enqueues as many orders as fit, in order: (first sequence, accepted count)."""
        api = self._api
        buf, n = pack_orders(orders)
        first = api.array("uint64_t", 1)
        accepted = api.array("size_t", 1)
        with api.export("sgx_order", buf, n) as src:  # released at once, as in Engine.execute_batch
            rc = self._lib.sgx_pipeline_submit_batch(first, accepted, self._h, src, n)
        if rc in (E.ERR_STRUCT_SIZE, E.ERR_RESERVED):  # name the bad order, as execute_batch does
            bad = record_error(buf, n)
            raise indexed_error(rc, bad[0] if bad else 0)
        if rc and rc != E.ERR_QUEUE_FULL:
            _raise(rc)
        return int(first[0]), int(accepted[0])

    def _poll_raw(self, max_results: int = _POLL_CHUNK) -> List[PipelineResult]:
        n = min(max_results, _POLL_CHUNK)
        rc = _retry(self._lib.sgx_pipeline_poll, self._results, self._count, self._h, n)
        if rc:
            _raise(rc)
        return unpack_results(self._results_buf, self._count[0], self._answer)

    def stop(self) -> None:
        """Finishes every accepted submission and stops the matching thread; results stay pollable."""
        rc = self._lib.sgx_pipeline_stop(self._h)
        if rc:
            _raise(rc)

    def stats(self) -> PipelineStats:
        """Ring statistics: capacity, submitted, completed, queue_full, high-water marks, back-pressure waits."""
        return ring_stats_from_struct(_read_record(self._api, "sgx_pipeline_stats", self._lib.sgx_pipeline_get_stats,
                                                   self._h))

    def engine_stats(self) -> EngineStats:
        """The matching engine's statistics (same keys as ExecutionEngine.get_stats)."""
        return stats_from_struct(_read_record(self._api, "sgx_engine_stats", self._lib.sgx_pipeline_get_engine_stats,
                                              self._h))

    def arm_notify(self) -> None:
        self._lib.sgx_pipeline_arm_notify(self._h)

    def close(self) -> None:
        """Stops and frees the native pipeline now. Later calls raise SigmaxError."""
        if self._bridge is not None:
            self._bridge.close()
        api = self._api
        if self._h != api.NULL:
            api.release("pipeline", self._h)  # finishes every accepted query first
            self._h = api.NULL  # the C API refuses a NULL handle with a status, not a crash
            self._queries.clear()


def native_classes(api: Api) -> Tuple[Type[NativeEngine], Type[NativePipeline]]:
    """The Engine and Pipeline classes of one FFI adapter."""
    name = api.implementation

    class Engine(NativeEngine):
        __doc__ = f"The execution engine through the C ABI with {name} (backend {name!r})."
        implementation = name
        _api = api

    class Pipeline(NativePipeline):
        __doc__ = f"The lock-free order pipeline through the C ABI with {name} (see docs/pipeline.md)."
        implementation = name
        _api = api

    for cls, kind in ((Engine, "engine"), (Pipeline, "pipeline")):
        finalize = api.destructor(kind)
        if finalize is not None:
            setattr(cls, "__del__", finalize)
        cls.__module__ = f"sigmax_exec._{name}"
    return Engine, Pipeline
