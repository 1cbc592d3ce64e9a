"""The cffi backend (ABI mode): the C declarations come from the real header
(capi/sigmax_exec.h, between its cdef markers), so binding and library cannot
drift. At import the record table (_abi.py), which gives the struct formats
this backend packs and unpacks, is checked field by field against those
declarations, and every record's size against the library.

Threads: cffi releases the GIL during C calls, so two Python threads can be
inside the engine at once. The C engine refuses the second with SGX_ERR_BUSY
(changing nothing) and the binding retries after yielding, so calls are
serialised without a lock on the uncontended path; order and report buffers
are per thread.
"""
from __future__ import annotations

import threading
import time
from typing import Any, Dict, List, Optional

from . import _errors as E
from ._batch import (ORDER_STRUCT, REPORT_STRUCT, batch_error, indexed_error, record_error,
                     pack_orders, report_storage, reports_to_executions)
from ._common import (DEFAULT_FILL_CAPACITY, DEFAULT_LOT, DEFAULT_MAX_SYMBOLS, DEFAULT_ORDER_CAPACITY, DEFAULT_TICK,
                      RING_STATS_FIELDS, depth_in_growing_chunks, engine_capacities, ring_capacities,
                      stats_from_struct, symbol_code, symbol_config, order_id_value, integer, level_count, number,
                      pack_order)
from ._abi import verify_header
from ._loader import find_library, header_ffi, header_path
from ._types import SIDE_BY_CODE, STATUS_BY_CODE, Execution, Fill, OrderInfo, TopOfBook

ffi = header_ffi()
# The struct formats this backend packs and unpacks come from the record
# table: refuse to load (naming record and field) where it is not the header.
verify_header(ffi, header_path())
LIBRARY_PATH = find_library()  # checks every record's size against the library
lib = ffi.dlopen(LIBRARY_PATH)

_FILL_CHUNK = 4096
_pack_order = ORDER_STRUCT.pack_into
_unpack_report = REPORT_STRUCT.unpack_from
_BUSY = E.ERR_BUSY
_execute = lib.sgx_engine_execute
_cancel = lib.sgx_engine_cancel
_U64 = 1 << 64
_NOT_FOUND = E.ERR_NOT_FOUND
_sleep = time.sleep


def _retry(fn: Any, *args: Any) -> int:
    """Calls fn until the engine is not busy with another thread's call."""
    rc = fn(*args)
    while rc == _BUSY:
        _sleep(0)
        rc = fn(*args)
    return rc


def _raise(rc: int) -> None:
    raise E.error_for(rc)


class Engine:
    """The execution engine through the C ABI with cffi (backend "cffi")."""

    implementation = "cffi"

    def __init__(self, queue_capacity: int = 10000, *, fill_capacity: int = DEFAULT_FILL_CAPACITY,
                 order_capacity: int = DEFAULT_ORDER_CAPACITY, max_symbols: int = DEFAULT_MAX_SYMBOLS,
                 timestamps: bool = True) -> None:
        fill_capacity, order_capacity, max_symbols = engine_capacities(fill_capacity, order_capacity, max_symbols)
        self.queue_capacity = integer(queue_capacity, "queue_capacity")  # kept for the seed's API; unused
        self.fill_capacity = fill_capacity
        cfg = ffi.new("sgx_engine_config*")
        lib.sgx_engine_config_init(cfg)
        cfg.order_capacity = order_capacity
        cfg.fill_capacity = fill_capacity
        cfg.max_symbols = max_symbols
        cfg.flags = 0 if timestamps else lib.SGX_ENGINE_NO_TIMESTAMPS
        out = ffi.new("sgx_engine**")
        rc = lib.sgx_engine_create(out, cfg)
        if rc != 0:
            _raise(rc)
        self._h = ffi.gc(out[0], lib.sgx_engine_destroy)
        self._tls = threading.local()  # per-thread order/report buffers

    @staticmethod
    def _new_buffers() -> tuple:
        o = ffi.new("sgx_order*")
        r = ffi.new("sgx_report*")
        return memoryview(ffi.buffer(o)), memoryview(ffi.buffer(r)), o, r

    def close(self) -> None:
        """Frees the native engine now (otherwise the garbage collector does).
        Later calls raise SigmaxError (SGX_ERR_NULL_POINTER)."""
        if self._h != ffi.NULL:
            ffi.release(self._h)
            self._h = ffi.NULL  # the C API refuses a NULL handle with a status, not a crash

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def configure_symbol(self, symbol_id: int, tick_size: float = DEFAULT_TICK,
                         lot_size: float = DEFAULT_LOT) -> None:
        """Sets a symbol's tick and lot size (refused while it has resting orders)."""
        sym, tick, lot = symbol_config(symbol_id, tick_size, lot_size)
        rc = _retry(lib.sgx_engine_configure_symbol, self._h, sym, tick, lot)
        if rc:
            _raise(rc)

    def execute_order(self, symbol_id: int, side: Any, order_type: Any, price: Any, quantity: Any,
                      tif: Any = 0) -> Execution:
        """Executes one order and returns its report."""
        try:
            ob, rb, o, r = self._tls.buffers
        except AttributeError:
            ob, rb, o, r = self._tls.buffers = self._new_buffers()
        pack_order(_pack_order, ob, 0, symbol_id, side, order_type, price, quantity, tif)
        rc = _execute(r, self._h, o)
        while rc:
            if rc != _BUSY:
                _raise(rc)
            _sleep(0)  # another thread is inside a call on this engine: let it finish
            rc = _execute(r, self._h, o)
        return Execution(_unpack_report(rb))

    def execute_batch(self, orders: Any, *, as_array: bool = False, out: Any = None) -> Any:
        """Executes many orders in one C call (see sigmax_exec.execute_batch)."""
        buf, n = pack_orders(orders)
        reports = report_storage(out, n)
        as_array = as_array or out is not None
        count = ffi.new("size_t*")
        # Released when the call returns: an exception raised below keeps this
        # frame alive through its traceback, and a buffer export still held
        # there by a cdata makes the cyclic collector fail on the memoryview
        # (BufferError in tp_clear) and then crash the interpreter.
        with ffi.from_buffer("sgx_order[]", buf) as src, \
                ffi.from_buffer("sgx_report[]", reports, require_writable=True) as dst:
            rc = _retry(lib.sgx_engine_execute_batch, dst, count, self._h, src, n)
        done = count[0]
        if rc:
            raise batch_error(rc, reports, done, as_array)
        return reports if as_array else reports_to_executions(reports, n)

    def cancel_order(self, order_id: int) -> bool:
        """Cancels a resting order; False if it is unknown or no longer rests."""
        if order_id.__class__ is not int:
            order_id = order_id_value(order_id)
        if not 0 <= order_id < _U64:
            return False
        rc = _cancel(self._h, order_id)
        if rc == _BUSY:
            rc = _retry(_cancel, self._h, order_id)
        if rc == 0:
            return True
        if rc == _NOT_FOUND:
            return False
        _raise(rc)
        return False

    def amend_order(self, order_id: int, new_quantity: float) -> bool:
        """Sets a resting order's open quantity (decrease keeps priority, increase
        goes to the back); False if it does not rest."""
        order_id = order_id_value(order_id)
        q = number(new_quantity, "new_quantity")
        if not 0 <= order_id < (1 << 64):
            order_id = 0  # never a valid id: the engine answers NOT_FOUND (or the quantity error)
        rc = _retry(lib.sgx_engine_amend, self._h, order_id, q)
        if rc == 0:
            return True
        if rc == E.ERR_NOT_FOUND:
            return False
        _raise(rc)
        return False

    def order_info(self, order_id: int) -> Optional[OrderInfo]:
        """A resting order's state, or None if it does not rest."""
        order_id = order_id_value(order_id)
        if not 0 <= order_id < (1 << 64):
            return None
        info = ffi.new("sgx_order_info*")
        rc = _retry(lib.sgx_engine_order_info, info, self._h, order_id)
        if rc == E.ERR_NOT_FOUND:
            return None
        if rc:
            _raise(rc)
        return OrderInfo(info.order_id, info.symbol, SIDE_BY_CODE[info.side], info.price, info.original_quantity,
                         info.executed_quantity, info.remaining_quantity, STATUS_BY_CODE[info.status])

    def top_of_book(self, symbol_id: int) -> TopOfBook:
        """Best bid and ask with their aggregate quantities."""
        top = ffi.new("sgx_top_of_book*")
        sym = symbol_code(symbol_id)
        rc = _retry(lib.sgx_engine_top_of_book, top, self._h, sym)
        if rc:
            _raise(rc)
        return TopOfBook(top.bid_price if top.has_bid else None, top.bid_quantity,
                         top.ask_price if top.has_ask else None, top.ask_quantity)

    def depth(self, symbol_id: int, levels: int = 10) -> Dict[str, list]:
        """Up to `levels` (price, quantity) pairs per side, best first."""
        sym, levels = symbol_code(symbol_id), level_count(levels)
        nb = ffi.new("size_t*")
        na = ffi.new("size_t*")

        def fetch(cap: int) -> tuple:
            bids = ffi.new("sgx_level[]", max(cap, 1))
            asks = ffi.new("sgx_level[]", max(cap, 1))
            rc = _retry(lib.sgx_engine_depth, bids, nb, asks, na, self._h, sym, cap)
            if rc:
                _raise(rc)
            return ([(bids[i].price, bids[i].quantity) for i in range(nb[0])],
                    [(asks[i].price, asks[i].quantity) for i in range(na[0])])
        return depth_in_growing_chunks(levels, fetch)

    def drain_fills(self) -> List[Fill]:
        """Every fill since the last drain, oldest first."""
        out: List[Fill] = []
        buf = ffi.new("sgx_fill[]", _FILL_CHUNK)
        n = ffi.new("size_t*")
        sides = SIDE_BY_CODE
        while True:
            rc = _retry(lib.sgx_engine_drain_fills, buf, n, self._h, _FILL_CHUNK)
            if rc:
                _raise(rc)
            k = n[0]
            for i in range(k):
                f = buf[i]
                out.append(Fill(f.trade_id, f.symbol, f.price, f.quantity, f.maker_order_id, f.taker_order_id,
                                sides[f.aggressor_side]))
            if k < _FILL_CHUNK:
                return out

    def pending_fills(self) -> int:
        """Number of undrained fills."""
        n = ffi.new("size_t*")
        rc = _retry(lib.sgx_engine_pending_fills, n, self._h)
        if rc:
            _raise(rc)
        return n[0]

    def get_stats(self) -> Dict[str, Any]:
        """Counters and latency figures; safe while another thread executes."""
        s = ffi.new("sgx_engine_stats*")
        s.struct_size = ffi.sizeof("sgx_engine_stats")
        rc = lib.sgx_engine_get_stats(s, self._h)
        if rc:
            _raise(rc)
        return stats_from_struct(s)

    def reset_stats(self) -> None:
        """Zeroes the statistics (the resting-orders gauge stays)."""
        rc = _retry(lib.sgx_engine_reset_stats, self._h)
        if rc:
            _raise(rc)

    def shrink(self) -> None:
        """Gives back the memory mass cancellation left unused (sgx_engine_shrink);
        orders, ids and statistics are unchanged."""
        rc = _retry(lib.sgx_engine_shrink, self._h)
        if rc:
            _raise(rc)


# ---------------------------------------------------------------------------
# The pipeline

from ._pipeline import WAIT_STRATEGIES, AsyncMixin, unpack_results  # noqa: E402

_POLL_CHUNK = 4096


class Pipeline(AsyncMixin):
    """The lock-free order pipeline through the C ABI with cffi (see docs/pipeline.md)."""

    implementation = "cffi"

    def __init__(self, queue_capacity: int = 10000, *, result_capacity: int = 0, wait: str = "spin-yield",
                 fill_capacity: int = DEFAULT_FILL_CAPACITY, order_capacity: int = DEFAULT_ORDER_CAPACITY,
                 max_symbols: int = DEFAULT_MAX_SYMBOLS, timestamps: bool = True) -> None:
        if wait not in WAIT_STRATEGIES:
            raise E.InvalidConfigError(E.ERR_INVALID_CONFIG, f"wait must be one of {sorted(WAIT_STRATEGIES)}")
        queue_capacity, result_capacity = ring_capacities(queue_capacity, result_capacity)
        fill_capacity, order_capacity, max_symbols = engine_capacities(fill_capacity, order_capacity, max_symbols)
        cfg = ffi.new("sgx_pipeline_config*")
        lib.sgx_pipeline_config_init(cfg)
        cfg.wait = WAIT_STRATEGIES[wait]
        cfg.queue_capacity = queue_capacity
        cfg.result_capacity = result_capacity
        cfg.engine.fill_capacity = fill_capacity
        cfg.engine.order_capacity = order_capacity
        cfg.engine.max_symbols = max_symbols
        cfg.engine.flags = 0 if timestamps else lib.SGX_ENGINE_NO_TIMESTAMPS
        out = ffi.new("sgx_pipeline**")
        rc = lib.sgx_pipeline_create(out, cfg)
        if rc:
            _raise(rc)
        self._h = ffi.gc(out[0], lib.sgx_pipeline_destroy)
        self._tls = threading.local()
        self._results = ffi.new("sgx_result[]", _POLL_CHUNK)
        self._results_buf = ffi.buffer(self._results)
        self._count = ffi.new("size_t*")
        fd = ffi.new("int*")
        lib.sgx_pipeline_notify_fd(fd, self._h)
        self.notify_fd = fd[0]
        stats = self.stats()
        self.capacity = stats["capacity"]

    def _buffers(self) -> tuple:
        try:
            return self._tls.b
        except AttributeError:
            o = ffi.new("sgx_order*")
            seq = ffi.new("uint64_t*")
            self._tls.b = (memoryview(ffi.buffer(o)), o, seq)
            return self._tls.b

    def submit(self, symbol_id: int, side: Any, order_type: Any, price: Any, quantity: Any, tif: Any = 0) -> int:
        """Enqueues an order without waiting; returns its sequence number.
        QueueFullError when the ring is full (nothing enqueued), PipelineStoppedError after stop()."""
        ob, o, seq = self._buffers()
        pack_order(_pack_order, ob, 0, symbol_id, side, order_type, price, quantity, tif)
        rc = lib.sgx_pipeline_submit(seq, self._h, o)
        if rc:
            _raise(rc)
        return seq[0]

    def _submit_again(self, slice_ns: int) -> int:
        _, o, seq = self._buffers()  # still holds the order that the refused submit() packed
        rc = lib.sgx_pipeline_submit_wait(seq, self._h, o, slice_ns)
        if rc:
            _raise(rc)
        return seq[0]

    def submit_cancel(self, order_id: int) -> int:
        """Enqueues a cancel; returns its sequence number."""
        order_id = order_id_value(order_id)
        seq = self._buffers()[2]
        rc = lib.sgx_pipeline_submit_cancel(seq, self._h, order_id if 0 <= order_id < (1 << 64) else 0)
        if rc:
            _raise(rc)
        return seq[0]

    def submit_amend(self, order_id: int, new_quantity: float) -> int:
        """Enqueues an amend; returns its sequence number."""
        order_id, new_quantity = order_id_value(order_id), number(new_quantity, "new_quantity")
        seq = self._buffers()[2]
        rc = lib.sgx_pipeline_submit_amend(seq, self._h, order_id if 0 <= order_id < (1 << 64) else 0,
                                           new_quantity)
        if rc:
            _raise(rc)
        return seq[0]

    def configure_symbol(self, symbol_id: int, tick_size: float = DEFAULT_TICK, lot_size: float = DEFAULT_LOT) -> None:
        """Sets a symbol's tick and lot size (before submitting its orders)."""
        rc = lib.sgx_pipeline_configure_symbol(self._h, *symbol_config(symbol_id, tick_size, lot_size))
        if rc:
            _raise(rc)

    def submit_batch(self, orders: Any) -> tuple:
        """Enqueues as many orders as fit, in order: (first sequence, accepted count)."""
        buf, n = pack_orders(orders)
        first = ffi.new("uint64_t*")
        accepted = ffi.new("size_t*")
        with ffi.from_buffer("sgx_order[]", buf) as src:  # released at once, as in Engine.execute_batch
            rc = lib.sgx_pipeline_submit_batch(first, accepted, self._h, src, n)
        if rc in (E.ERR_STRUCT_SIZE, E.ERR_RESERVED):  # name the bad order, as execute_batch does
            raise indexed_error(rc, record_error(buf, n)[0])
        if rc and rc != E.ERR_QUEUE_FULL:
            _raise(rc)
        return first[0], accepted[0]

    def _poll_raw(self, max_results: int = _POLL_CHUNK) -> list:
        n = min(max_results, _POLL_CHUNK)
        rc = _retry(lib.sgx_pipeline_poll, self._results, self._count, self._h, n)
        if rc:
            _raise(rc)
        return unpack_results(self._results_buf, self._count[0])

    def stop(self) -> None:
        """Finishes every accepted submission and stops the matching thread; results stay pollable."""
        rc = lib.sgx_pipeline_stop(self._h)
        if rc:
            _raise(rc)

    def stats(self) -> Dict[str, int]:
        """Ring statistics: capacity, submitted, completed, queue_full, high-water marks, back-pressure waits."""
        s = ffi.new("sgx_pipeline_stats*")
        s.struct_size = ffi.sizeof("sgx_pipeline_stats")
        rc = lib.sgx_pipeline_get_stats(s, self._h)
        if rc:
            _raise(rc)
        return {k: getattr(s, k) for k in RING_STATS_FIELDS}

    def engine_stats(self) -> Dict[str, Any]:
        """The matching engine's statistics (same keys as ExecutionEngine.get_stats)."""
        s = ffi.new("sgx_engine_stats*")
        s.struct_size = ffi.sizeof("sgx_engine_stats")
        rc = lib.sgx_pipeline_get_engine_stats(s, self._h)
        if rc:
            _raise(rc)
        return stats_from_struct(s)

    def arm_notify(self) -> None:
        lib.sgx_pipeline_arm_notify(self._h)

    def close(self) -> None:
        """Stops and frees the native pipeline now. Later calls raise SigmaxError."""
        if self._bridge is not None:
            self._bridge.close()
        if self._h != ffi.NULL:
            ffi.release(self._h)
            self._h = ffi.NULL  # the C API refuses a NULL handle with a status, not a crash
