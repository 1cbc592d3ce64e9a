"""The ctypes backend: each C struct's ctypes.Structure is made from the
record table (_abi.py), which is checked against the header (when cffi can
read it) and the library's sgx_sizeof_*() at import; each function's argtypes
and restype are declared once next to the prototype they mirror.

Threads: ctypes releases the GIL during every foreign call, so two Python
threads can be inside the engine at once. The C engine refuses the second with
SGX_ERR_BUSY (changing nothing) and the binding retries after yielding, so
calls are serialised without a lock on the uncontended path; order and report
buffers are per thread.
"""
from __future__ import annotations

import ctypes as C
import threading
import time
from typing import Any, Dict, List, Optional

from . import _errors as E
from ._abi import (ENGINE_CONFIG, ENGINE_STATS, FILL, LEVEL, ORDER, ORDER_INFO, PIPELINE_CONFIG, PIPELINE_STATS,
                   REPORT, TOP_OF_BOOK, ctypes_struct, verify_header)
from ._batch import (ORDER_STRUCT, REPORT_STRUCT, batch_error, indexed_error, record_error,
                     pack_orders, report_storage, reports_to_executions)
from ._common import (DEFAULT_FILL_CAPACITY, DEFAULT_LOT, DEFAULT_MAX_SYMBOLS, DEFAULT_ORDER_CAPACITY, DEFAULT_TICK,
                      RING_STATS_FIELDS, depth_in_growing_chunks, engine_capacities, ring_capacities,
                      stats_from_struct, symbol_code, symbol_config, order_id_value, integer, level_count, number,
                      pack_order)
from ._loader import find_library, header_ffi, header_path
from ._types import SIDE_BY_CODE, STATUS_BY_CODE, Execution, Fill, OrderInfo, TopOfBook

# The record table (_abi.py) gives this backend's ctypes classes and struct
# formats: check it field by field against the header's declarations where
# cffi and the header are here to read them (without them, ctypes_struct still
# checks it against ctypes's own layout, and find_library every size).
try:
    _header = header_ffi()
except ImportError:
    _header = None
if _header is not None:
    verify_header(_header, header_path())

LIBRARY_PATH = find_library()
lib = C.CDLL(LIBRARY_PATH)

SGX_ENGINE_NO_TIMESTAMPS = 1

EngineConfig = ctypes_struct(ENGINE_CONFIG)
Order = ctypes_struct(ORDER)
Report = ctypes_struct(REPORT)
CFill = ctypes_struct(FILL)
Top = ctypes_struct(TOP_OF_BOOK)
Level = ctypes_struct(LEVEL)
Info = ctypes_struct(ORDER_INFO)
Stats = ctypes_struct(ENGINE_STATS)
PipelineConfig = ctypes_struct(PIPELINE_CONFIG)
RingStats = ctypes_struct(PIPELINE_STATS)


_P = C.POINTER
_size_t_p = _P(C.c_size_t)
_engine = C.c_void_p
# name: (restype, argtypes) -- mirrors capi/sigmax_exec.h
_SIGNATURES = {
    "sgx_version": (C.c_char_p, []),
    "sgx_abi_version": (C.c_uint32, []),
    "sgx_status_str": (C.c_char_p, [C.c_int32]),
    "sgx_status_name": (C.c_char_p, [C.c_int32]),
    "sgx_sizeof_order": (C.c_size_t, []),
    "sgx_sizeof_report": (C.c_size_t, []),
    "sgx_sizeof_fill": (C.c_size_t, []),
    "sgx_sizeof_engine_stats": (C.c_size_t, []),
    "sgx_sizeof_engine_config": (C.c_size_t, []),
    "sgx_sizeof_top_of_book": (C.c_size_t, []),
    "sgx_sizeof_level": (C.c_size_t, []),
    "sgx_sizeof_order_info": (C.c_size_t, []),
    "sgx_sizeof_md_event": (C.c_size_t, []),
    "sgx_sizeof_md_symbol": (C.c_size_t, []),
    "sgx_resting_order_bytes": (C.c_size_t, []),
    "sgx_engine_config_init": (C.c_int32, [_P(EngineConfig)]),
    "sgx_engine_create": (C.c_int32, [_P(_engine), _P(EngineConfig)]),
    "sgx_engine_destroy": (None, [_engine]),
    "sgx_engine_configure_symbol": (C.c_int32, [_engine, C.c_uint32, C.c_double, C.c_double]),
    "sgx_engine_execute": (C.c_int32, [_P(Report), _engine, _P(Order)]),
    "sgx_engine_execute_batch": (C.c_int32, [C.c_void_p, _size_t_p, _engine, C.c_void_p, C.c_size_t]),
    "sgx_engine_cancel": (C.c_int32, [_engine, C.c_uint64]),
    "sgx_engine_amend": (C.c_int32, [_engine, C.c_uint64, C.c_double]),
    "sgx_engine_order_info": (C.c_int32, [_P(Info), _engine, C.c_uint64]),
    "sgx_engine_top_of_book": (C.c_int32, [_P(Top), _engine, C.c_uint32]),
    "sgx_engine_depth": (C.c_int32, [_P(Level), _size_t_p, _P(Level), _size_t_p, _engine, C.c_uint32, C.c_size_t]),
    "sgx_engine_drain_fills": (C.c_int32, [_P(CFill), _size_t_p, _engine, C.c_size_t]),
    "sgx_engine_pending_fills": (C.c_int32, [_size_t_p, _engine]),
    "sgx_engine_get_stats": (C.c_int32, [_P(Stats), _engine]),
    "sgx_engine_reset_stats": (C.c_int32, [_engine]),
    "sgx_engine_shrink": (C.c_int32, [_engine]),
    "sgx_sizeof_result": (C.c_size_t, []),
    "sgx_sizeof_depth_query": (C.c_size_t, []),
    "sgx_sizeof_pipeline_config": (C.c_size_t, []),
    "sgx_sizeof_pipeline_stats": (C.c_size_t, []),
    "sgx_pipeline_config_init": (C.c_int32, [_P(PipelineConfig)]),
    "sgx_pipeline_create": (C.c_int32, [_P(C.c_void_p), _P(PipelineConfig)]),
    "sgx_pipeline_destroy": (None, [C.c_void_p]),
    "sgx_pipeline_submit": (C.c_int32, [_P(C.c_uint64), C.c_void_p, _P(Order)]),
    "sgx_pipeline_submit_wait": (C.c_int32, [_P(C.c_uint64), C.c_void_p, _P(Order), C.c_uint64]),
    "sgx_pipeline_submit_batch": (C.c_int32, [_P(C.c_uint64), _size_t_p, C.c_void_p, C.c_void_p, C.c_size_t]),
    "sgx_pipeline_submit_cancel": (C.c_int32, [_P(C.c_uint64), C.c_void_p, C.c_uint64]),
    "sgx_pipeline_submit_amend": (C.c_int32, [_P(C.c_uint64), C.c_void_p, C.c_uint64, C.c_double]),
    "sgx_pipeline_submit_depth": (C.c_int32, [_P(C.c_uint64), C.c_void_p, C.c_void_p]),
    "sgx_pipeline_configure_symbol": (C.c_int32, [C.c_void_p, C.c_uint32, C.c_double, C.c_double]),
    "sgx_pipeline_poll": (C.c_int32, [C.c_void_p, _size_t_p, C.c_void_p, C.c_size_t]),
    "sgx_pipeline_stop": (C.c_int32, [C.c_void_p]),
    "sgx_pipeline_get_stats": (C.c_int32, [_P(RingStats), C.c_void_p]),
    "sgx_pipeline_get_engine_stats": (C.c_int32, [_P(Stats), C.c_void_p]),
    "sgx_pipeline_notify_fd": (C.c_int32, [_P(C.c_int), C.c_void_p]),
    "sgx_pipeline_arm_notify": (C.c_int32, [C.c_void_p]),
    # Market data: event files and books. Records are passed as void pointers
    # (numpy buffers or ctypes classes from _abi.ctypes_struct).
    "sgx_sizeof_md_file_header": (C.c_size_t, []),
    "sgx_sizeof_md_quote": (C.c_size_t, []),
    "sgx_sizeof_md_level": (C.c_size_t, []),
    "sgx_sizeof_md_queue_position": (C.c_size_t, []),
    "sgx_sizeof_md_book_checks": (C.c_size_t, []),
    "sgx_error_detail": (C.c_char_p, []),
    "sgx_sizeof_md_convert_options": (C.c_size_t, []),
    "sgx_sizeof_md_convert_summary": (C.c_size_t, []),
    "sgx_md_convert_options_init": (C.c_int32, [C.c_void_p]),
    "sgx_md_convert": (C.c_int32, [C.c_void_p, C.c_char_p, _P(C.c_char_p), C.c_size_t, C.c_char_p, _P(C.c_char_p),
                                   C.c_size_t, C.c_void_p]),
    "sgx_md_file_open": (C.c_int32, [_P(C.c_void_p), C.c_char_p]),
    "sgx_md_file_close": (None, [C.c_void_p]),
    "sgx_md_file_get_header": (C.c_int32, [C.c_void_p, C.c_void_p]),
    "sgx_md_file_symbols": (C.c_int32, [_P(C.c_void_p), _size_t_p, C.c_void_p]),
    "sgx_md_file_events": (C.c_int32, [_P(C.c_void_p), _size_t_p, C.c_void_p]),
    "sgx_md_file_seek": (C.c_int32, [_size_t_p, C.c_void_p, C.c_int64]),
    "sgx_md_file_verify": (C.c_int32, [C.c_void_p]),
    "sgx_md_writer_create": (C.c_int32, [_P(C.c_void_p), C.c_char_p]),
    "sgx_md_writer_add_symbol": (C.c_int32, [C.c_void_p, C.c_void_p]),
    "sgx_md_writer_write": (C.c_int32, [C.c_void_p, C.c_void_p, C.c_size_t]),
    "sgx_md_writer_finish": (C.c_int32, [C.c_void_p]),
    "sgx_md_writer_destroy": (None, [C.c_void_p]),
    "sgx_md_l2_book_create": (C.c_int32, [_P(C.c_void_p)]),
    "sgx_md_l2_book_destroy": (None, [C.c_void_p]),
    "sgx_md_l2_book_apply": (C.c_int32, [C.c_void_p, C.c_void_p, C.c_size_t]),
    "sgx_md_l2_book_best": (C.c_int32, [C.c_void_p, C.c_void_p, C.c_uint32]),
    "sgx_md_l2_book_depth": (C.c_int32, [C.c_void_p, _size_t_p, C.c_void_p, _size_t_p, C.c_void_p, C.c_uint32,
                                         C.c_size_t]),
    "sgx_md_l2_book_quantity_at": (C.c_int32, [_P(C.c_int64), C.c_void_p, C.c_uint32, C.c_uint8, C.c_int64]),
    "sgx_md_l2_book_checks": (C.c_int32, [C.c_void_p, C.c_void_p]),
    "sgx_md_l2_book_symbols": (C.c_int32, [_P(C.c_uint32), C.c_size_t, _size_t_p, C.c_void_p]),
    "sgx_md_l2_book_reset": (C.c_int32, [C.c_void_p]),
    "sgx_md_l3_book_create": (C.c_int32, [_P(C.c_void_p)]),
    "sgx_md_l3_book_destroy": (None, [C.c_void_p]),
    "sgx_md_l3_book_apply": (C.c_int32, [C.c_void_p, C.c_void_p, C.c_size_t]),
    "sgx_md_l3_book_best": (C.c_int32, [C.c_void_p, C.c_void_p, C.c_uint32]),
    "sgx_md_l3_book_depth": (C.c_int32, [C.c_void_p, _size_t_p, C.c_void_p, _size_t_p, C.c_void_p, C.c_uint32,
                                         C.c_size_t]),
    "sgx_md_l3_book_quantity_at": (C.c_int32, [_P(C.c_int64), C.c_void_p, C.c_uint32, C.c_uint8, C.c_int64]),
    "sgx_md_l3_book_queue_ahead": (C.c_int32, [C.c_void_p, C.c_void_p, C.c_uint32, C.c_uint64]),
    "sgx_md_l3_book_checks": (C.c_int32, [C.c_void_p, C.c_void_p]),
    "sgx_md_l3_book_symbols": (C.c_int32, [_P(C.c_uint32), C.c_size_t, _size_t_p, C.c_void_p]),
    "sgx_md_l3_book_reset": (C.c_int32, [C.c_void_p]),
    "sgx_md_l3_book_resting_orders": (C.c_int32, [_size_t_p, C.c_void_p, C.c_uint32]),
}
for _name, (_res, _args) in _SIGNATURES.items():
    _fn = getattr(lib, _name)
    _fn.restype = _res
    _fn.argtypes = _args

_execute = lib.sgx_engine_execute
_FILL_CHUNK = 4096
_pack_order = ORDER_STRUCT.pack_into
_unpack_report = REPORT_STRUCT.unpack_from
_BUSY = E.ERR_BUSY
_cancel = lib.sgx_engine_cancel
_NOT_FOUND = E.ERR_NOT_FOUND
_sleep = time.sleep


def _retry(fn: Any, *args: Any) -> int:
    """Calls fn until the engine is not busy with another thread's call."""
    rc = fn(*args)
    while rc == _BUSY:
        _sleep(0)
        rc = fn(*args)
    return rc
_U64 = 1 << 64


def _raise(rc: int) -> None:
    raise E.error_for(rc)


def _buffer_address(buf: Any) -> int:
    """Address of a bytearray, memoryview or numpy array's data."""
    if hasattr(buf, "ctypes"):
        return buf.ctypes.data
    mv = memoryview(buf)
    if mv.readonly:
        raise TypeError("read-only buffer")
    return C.addressof(C.c_char.from_buffer(mv))


class Engine:
    """The execution engine through the C ABI with ctypes (backend "ctypes")."""

    implementation = "ctypes"

    def __init__(self, queue_capacity: int = 10000, *, fill_capacity: int = DEFAULT_FILL_CAPACITY,
                 order_capacity: int = DEFAULT_ORDER_CAPACITY, max_symbols: int = DEFAULT_MAX_SYMBOLS,
                 timestamps: bool = True) -> None:
        fill_capacity, order_capacity, max_symbols = engine_capacities(fill_capacity, order_capacity, max_symbols)
        self.queue_capacity = integer(queue_capacity, "queue_capacity")  # kept for the seed's API; unused
        self.fill_capacity = fill_capacity
        cfg = EngineConfig()
        lib.sgx_engine_config_init(C.byref(cfg))
        cfg.order_capacity = order_capacity
        cfg.fill_capacity = fill_capacity
        cfg.max_symbols = max_symbols
        cfg.flags = 0 if timestamps else SGX_ENGINE_NO_TIMESTAMPS
        h = _engine()
        rc = lib.sgx_engine_create(C.byref(h), C.byref(cfg))
        if rc:
            _raise(rc)
        self._h = h
        self._tls = threading.local()  # per-thread order/report buffers

    @staticmethod
    def _new_buffers() -> tuple:
        o = Order()
        r = Report()
        return memoryview(o).cast("B"), memoryview(r).cast("B"), C.byref(o), C.byref(r)

    def close(self) -> None:
        """Frees the native engine now (otherwise it is freed when collected)."""
        if self._h is not None:
            lib.sgx_engine_destroy(self._h)
            self._h = None

    # The destroy function is bound here: at interpreter exit the module's
    # globals may already be None when a leftover object is collected.
    def __del__(self, _destroy: Any = lib.sgx_engine_destroy) -> None:
        h = getattr(self, "_h", None)
        if h is not None:
            _destroy(h)
            self._h = None

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
        if isinstance(buf, memoryview) and buf.readonly:
            buf = bytearray(buf)  # ctypes needs a writable buffer to take an address
        reports = report_storage(out, n)
        as_array = as_array or out is not None
        count = C.c_size_t(0)
        rc = _retry(lib.sgx_engine_execute_batch, _buffer_address(reports) if n else None, C.byref(count), self._h,
                                              _buffer_address(buf) if n else None, n)
        done = count.value
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
        if not 0 <= order_id < _U64:
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
        if not 0 <= order_id < _U64:
            return None
        info = Info()
        rc = _retry(lib.sgx_engine_order_info, C.byref(info), self._h, order_id)
        if rc == E.ERR_NOT_FOUND:
            return None
        if rc:
            _raise(rc)
        return OrderInfo(info.order_id, info.symbol, SIDE_BY_CODE[info.side], info.price, info.original_quantity,
                         info.executed_quantity, info.remaining_quantity, STATUS_BY_CODE[info.status])

    def top_of_book(self, symbol_id: int) -> TopOfBook:
        """Best bid and ask with their aggregate quantities."""
        top = Top()
        sym = symbol_code(symbol_id)
        rc = _retry(lib.sgx_engine_top_of_book, C.byref(top), self._h, sym)
        if rc:
            _raise(rc)
        return TopOfBook(top.bid_price if top.has_bid else None, top.bid_quantity,
                         top.ask_price if top.has_ask else None, top.ask_quantity)

    def depth(self, symbol_id: int, levels: int = 10) -> Dict[str, list]:
        """Up to `levels` (price, quantity) pairs per side, best first."""
        sym, levels = symbol_code(symbol_id), level_count(levels)
        nb, na = C.c_size_t(0), C.c_size_t(0)

        def fetch(cap: int) -> tuple:
            bids = (Level * max(cap, 1))()
            asks = (Level * max(cap, 1))()
            rc = _retry(lib.sgx_engine_depth, bids, C.byref(nb), asks, C.byref(na), self._h, sym, cap)
            if rc:
                _raise(rc)
            return ([(bids[i].price, bids[i].quantity) for i in range(nb.value)],
                    [(asks[i].price, asks[i].quantity) for i in range(na.value)])
        return depth_in_growing_chunks(levels, fetch)

    def drain_fills(self) -> List[Fill]:
        """Every fill since the last drain, oldest first."""
        out: List[Fill] = []
        buf = (CFill * _FILL_CHUNK)()
        n = C.c_size_t(0)
        sides = SIDE_BY_CODE
        while True:
            rc = _retry(lib.sgx_engine_drain_fills, buf, C.byref(n), self._h, _FILL_CHUNK)
            if rc:
                _raise(rc)
            k = n.value
            for i in range(k):
                f = buf[i]
                out.append(Fill(f.trade_id, f.symbol, f.price, f.quantity, f.maker_order_id, f.taker_order_id,
                                sides[f.aggressor_side]))
            if k < _FILL_CHUNK:
                return out

    def pending_fills(self) -> int:
        """Number of undrained fills."""
        n = C.c_size_t(0)
        rc = _retry(lib.sgx_engine_pending_fills, C.byref(n), self._h)
        if rc:
            _raise(rc)
        return n.value

    def get_stats(self) -> Dict[str, Any]:
        """Counters and latency figures; safe while another thread executes."""
        s = Stats()
        s.struct_size = C.sizeof(Stats)
        rc = lib.sgx_engine_get_stats(C.byref(s), self._h)
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

from ._pipeline import RESULT_SIZE, WAIT_STRATEGIES, AsyncMixin, unpack_results  # noqa: E402

_POLL_CHUNK = 4096
_pipeline_submit = lib.sgx_pipeline_submit


class Pipeline(AsyncMixin):
    """The lock-free order pipeline through the C ABI with ctypes (see docs/pipeline.md)."""

    implementation = "ctypes"

    def __init__(self, queue_capacity: int = 10000, *, result_capacity: int = 0, wait: str = "spin-yield",
                 fill_capacity: int = DEFAULT_FILL_CAPACITY, order_capacity: int = DEFAULT_ORDER_CAPACITY,
                 max_symbols: int = DEFAULT_MAX_SYMBOLS, timestamps: bool = True) -> None:
        if wait not in WAIT_STRATEGIES:
            raise E.InvalidConfigError(E.ERR_INVALID_CONFIG, f"wait must be one of {sorted(WAIT_STRATEGIES)}")
        queue_capacity, result_capacity = ring_capacities(queue_capacity, result_capacity)
        fill_capacity, order_capacity, max_symbols = engine_capacities(fill_capacity, order_capacity, max_symbols)
        cfg = PipelineConfig()
        lib.sgx_pipeline_config_init(C.byref(cfg))
        cfg.wait = WAIT_STRATEGIES[wait]
        cfg.queue_capacity = queue_capacity
        cfg.result_capacity = result_capacity
        cfg.engine.fill_capacity = fill_capacity
        cfg.engine.order_capacity = order_capacity
        cfg.engine.max_symbols = max_symbols
        cfg.engine.flags = 0 if timestamps else SGX_ENGINE_NO_TIMESTAMPS
        h = C.c_void_p()
        rc = lib.sgx_pipeline_create(C.byref(h), C.byref(cfg))
        if rc:
            _raise(rc)
        self._h = h
        self._tls = threading.local()
        self._results = (C.c_char * (RESULT_SIZE * _POLL_CHUNK))()
        self._count = C.c_size_t(0)
        fd = C.c_int(-1)
        lib.sgx_pipeline_notify_fd(C.byref(fd), h)
        self.notify_fd = fd.value
        self.capacity = self.stats()["capacity"]

    def _buffers(self) -> tuple:
        try:
            return self._tls.b
        except AttributeError:
            o = Order()
            seq = C.c_uint64(0)
            self._tls.b = (memoryview(o).cast("B"), C.byref(o), seq, C.byref(seq))
            return self._tls.b

    def submit(self, symbol_id: int, side: Any, order_type: Any, price: Any, quantity: Any, tif: Any = 0) -> int:
        """Enqueues an order without waiting; returns its sequence number.
        QueueFullError when the ring is full (nothing enqueued), PipelineStoppedError after stop()."""
        ob, oref, seq, seqref = self._buffers()
        pack_order(_pack_order, ob, 0, symbol_id, side, order_type, price, quantity, tif)
        rc = _pipeline_submit(seqref, self._h, oref)
        if rc:
            _raise(rc)
        return seq.value

    def _submit_again(self, slice_ns: int) -> int:
        _, oref, seq, seqref = self._buffers()  # still holds the order that the refused submit() packed
        rc = lib.sgx_pipeline_submit_wait(seqref, self._h, oref, slice_ns)
        if rc:
            _raise(rc)
        return seq.value

    def submit_cancel(self, order_id: int) -> int:
        """Enqueues a cancel; returns its sequence number."""
        order_id = order_id_value(order_id)
        _, _, seq, seqref = self._buffers()
        rc = lib.sgx_pipeline_submit_cancel(seqref, self._h, order_id if 0 <= order_id < _U64 else 0)
        if rc:
            _raise(rc)
        return seq.value

    def submit_amend(self, order_id: int, new_quantity: float) -> int:
        """Enqueues an amend; returns its sequence number."""
        order_id, new_quantity = order_id_value(order_id), number(new_quantity, "new_quantity")
        _, _, seq, seqref = self._buffers()
        rc = lib.sgx_pipeline_submit_amend(seqref, self._h, order_id if 0 <= order_id < _U64 else 0,
                                           new_quantity)
        if rc:
            _raise(rc)
        return seq.value

    def configure_symbol(self, symbol_id: int, tick_size: float = DEFAULT_TICK, lot_size: float = DEFAULT_LOT) -> None:
        """Sets a symbol's tick and lot size (before submitting its orders)."""
        rc = lib.sgx_pipeline_configure_symbol(self._h, *symbol_config(symbol_id, tick_size, lot_size))
        if rc:
            _raise(rc)

    def submit_batch(self, orders: Any) -> tuple:
        """Enqueues as many orders as fit, in order: (first sequence, accepted count)."""
        buf, n = pack_orders(orders)
        if isinstance(buf, memoryview) and buf.readonly:
            buf = bytearray(buf)
        first = C.c_uint64(0)
        accepted = C.c_size_t(0)
        rc = lib.sgx_pipeline_submit_batch(C.byref(first), C.byref(accepted), self._h,
                                           _buffer_address(buf) if n else None, n)
        if rc in (E.ERR_STRUCT_SIZE, E.ERR_RESERVED):  # name the bad order, as execute_batch does
            raise indexed_error(rc, record_error(buf, n)[0])
        if rc and rc != E.ERR_QUEUE_FULL:
            _raise(rc)
        return first.value, accepted.value

    def _poll_raw(self, max_results: int = _POLL_CHUNK) -> list:
        n = min(max_results, _POLL_CHUNK)
        rc = _retry(lib.sgx_pipeline_poll, self._results, C.byref(self._count), self._h, n)
        if rc:
            _raise(rc)
        return unpack_results(self._results, self._count.value)

    def stop(self) -> None:
        """Finishes every accepted submission and stops the matching thread; results stay pollable."""
        rc = lib.sgx_pipeline_stop(self._h)
        if rc:
            _raise(rc)

    def stats(self) -> Dict[str, int]:
        """Ring statistics: capacity, submitted, completed, queue_full, high-water marks, back-pressure waits."""
        s = RingStats()
        s.struct_size = C.sizeof(RingStats)
        rc = lib.sgx_pipeline_get_stats(C.byref(s), self._h)
        if rc:
            _raise(rc)
        return {k: getattr(s, k) for k in RING_STATS_FIELDS}

    def engine_stats(self) -> Dict[str, Any]:
        """The matching engine's statistics (same keys as ExecutionEngine.get_stats)."""
        s = Stats()
        s.struct_size = C.sizeof(Stats)
        rc = lib.sgx_pipeline_get_engine_stats(C.byref(s), self._h)
        if rc:
            _raise(rc)
        return stats_from_struct(s)

    def arm_notify(self) -> None:
        lib.sgx_pipeline_arm_notify(self._h)

    def close(self) -> None:
        """Stops and frees the native pipeline now."""
        if self._bridge is not None:
            self._bridge.close()
        if self._h is not None:
            lib.sgx_pipeline_destroy(self._h)
            self._h = None

    # The destroy function is bound here: at interpreter exit the module's
    # globals may already be None when a leftover object is collected.
    def __del__(self, _destroy: Any = lib.sgx_pipeline_destroy) -> None:
        h = getattr(self, "_h", None)
        if h is not None:
            _destroy(h)
            self._h = None
