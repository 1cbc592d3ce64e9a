"""Packing orders into the C layout and reports out of it, for batches.

Orders may be a sequence of (symbol_id, side, order_type, price, quantity[, tif])
tuples, a numpy structured array of ORDER_DTYPE (or any array with at least
the fields symbol, side, type, price, quantity and optionally tif), or any
buffer of packed 32-byte sgx_order records.
"""
from __future__ import annotations

import gc
import struct
from typing import Any, Callable, List, Optional, Tuple, TypeVar

from . import _errors as E
from ._abi import ORDER, REPORT, numpy_dtype
from ._common import convert_order, pack_order, split_order
from ._types import Execution

# The layouts of sgx_order and sgx_report, from the record table (_abi.py).
ORDER_STRUCT = struct.Struct(ORDER.format)
REPORT_STRUCT = struct.Struct(REPORT.format)
ORDER_SIZE = ORDER.size
REPORT_SIZE = REPORT.size
_SIZE_WORD = ORDER.field("struct_size").offset // 4

try:  # numpy is optional
    import numpy as _np

    ORDER_DTYPE = numpy_dtype(ORDER)
    REPORT_DTYPE = numpy_dtype(REPORT)
except ImportError:  # pragma: no cover - exercised on machines without numpy
    _np = None  # type: ignore[assignment]
    ORDER_DTYPE = None
    REPORT_DTYPE = None


def _is_array(orders: Any) -> bool:
    return _np is not None and isinstance(orders, _np.ndarray)


# The numpy kinds each order column may have, by the argument rule of
# _common: integers for the integer fields, integers or floats for price and
# quantity; never bools, strings or objects (numpy would cast them silently).
_INTEGER_KINDS = "iu"
_NUMBER_KINDS = "iuf"
_COLUMN_KINDS = {"symbol": _INTEGER_KINDS, "side": _INTEGER_KINDS, "type": _INTEGER_KINDS, "tif": _INTEGER_KINDS,
                 "price": _NUMBER_KINDS, "quantity": _NUMBER_KINDS}


def _check_column(name: str, column: Any) -> None:
    """TypeError when an order column's dtype breaks the argument rule."""
    if column.dtype.kind not in _COLUMN_KINDS[name]:
        what = "integers" if _COLUMN_KINDS[name] == _INTEGER_KINDS else "numbers (int or float)"
        raise TypeError(f"order field {name!r} must hold {what}, got dtype {column.dtype}")


def _from_record_array(arr: Any) -> Any:
    """A C-contiguous ORDER_DTYPE array with struct_size set (copied only if needed)."""
    if arr.dtype == ORDER_DTYPE and arr.flags.c_contiguous and arr.ndim == 1:
        if arr.size == 0 or (arr["struct_size"] == ORDER_SIZE).all():
            return arr
    names = arr.dtype.names or ()
    for f in ("symbol", "side", "type", "price", "quantity"):
        if f not in names:
            raise TypeError(f"order array needs a {f!r} field (see sigmax_exec.ORDER_DTYPE)")
    columns = [f for f in ("symbol", "side", "type", "price", "quantity", "tif") if f in names]
    for f in columns:
        _check_column(f, arr[f])
    out = _np.zeros(arr.shape[0] if arr.ndim else 1, dtype=ORDER_DTYPE)
    for f in columns:
        out[f] = arr[f]
    out["struct_size"] = ORDER_SIZE
    return out


def pack_orders(orders: Any) -> Tuple[Any, int]:
    """(buffer of packed sgx_order records, count) for any accepted input."""
    if _is_array(orders):
        arr = _from_record_array(orders)
        return arr, arr.shape[0]
    if isinstance(orders, (bytes, bytearray, memoryview)):
        mv = as_bytes(orders)
        if len(mv) % ORDER_SIZE:
            raise ValueError(f"an order buffer holds {ORDER_SIZE}-byte records; got {len(mv)} bytes")
        return mv, len(mv) // ORDER_SIZE
    orders = orders if isinstance(orders, list) else list(orders)
    n = len(orders)
    buf = bytearray(n * ORDER_SIZE)
    pack = ORDER_STRUCT.pack_into
    off = 0
    for o in orders:
        # 5- or 6-tuples, packed as a single order would be
        pack_order(pack, buf, off, *(o if 5 <= len(o) <= 6 else split_order(o)))
        off += ORDER_SIZE
    return buf, n


def normalise_orders(orders: Any) -> Tuple[List[Tuple[Any, ...]], Optional[Tuple[int, int]]]:
    """(orders as (symbol, side, type, price, quantity, tif) with int codes,
    the record_error() of packed input or None), for the pure backend."""
    if _is_array(orders) or isinstance(orders, (bytes, bytearray, memoryview)):
        buf, n = pack_orders(orders)
        rows: List[Tuple[Any, ...]] = [(sym, s, t, price, qty, f)
                for _, sym, s, t, f, price, qty in ORDER_STRUCT.iter_unpack(as_bytes(buf)[: n * ORDER_SIZE])]
        return rows, record_error(buf, n)
    return [convert_order(*o) if len(o) == 6 else convert_order(*split_order(o)) for o in orders], None


def indexed_error(status: int, index: int) -> E.SigmaxError:
    """The exception for status, naming the order of a batch it is about by ``index``."""
    err = E.error_for(status)
    err.index = index
    return err


_RESERVED_OFFSET = ORDER.field("reserved").offset
_NO_RESERVED = bytes(ORDER.field("reserved").size)


def record_error(buf: Any, n: int) -> Optional[Tuple[int, int]]:
    """(index, status) of the first of n packed orders that the C API refuses
    before the engine reads it: a wrong struct_size (ERR_STRUCT_SIZE, checked
    first) or a non-zero reserved byte (ERR_RESERVED); None when all are sound."""
    mv = as_bytes(buf)[: n * ORDER_SIZE]
    sizes = mv.cast("I")[_SIZE_WORD:: ORDER_SIZE // 4]
    for i, size in enumerate(sizes):
        if size != ORDER_SIZE:
            return i, E.ERR_STRUCT_SIZE
        at = i * ORDER_SIZE + _RESERVED_OFFSET
        if mv[at: at + len(_NO_RESERVED)] != _NO_RESERVED:
            return i, E.ERR_RESERVED
    return None


def as_bytes(buf: Any) -> memoryview:
    """A flat byte view of a bytearray, memoryview or numpy array."""
    if _np is not None and isinstance(buf, _np.ndarray):
        return memoryview(buf.reshape(-1).view(_np.uint8))  # type: ignore[arg-type]  # numpy exports the buffer protocol
    return memoryview(buf).cast("B")


_T = TypeVar("_T")

# Python's cyclic collector runs after every 700 new container objects that
# stay alive and traverses the young ones each time. A batch builds one
# Execution per order and keeps them all: with the collector running, that
# cost about a quarter of execute_batch's time with tuples (docs/python.md).
# Executions hold only numbers and cannot form cycles, so large batches build
# them with the collector paused, as timeit pauses it while timing.
GC_PAUSE_MIN = 700


def built_with_gc_paused(n: int, build: Callable[[], _T]) -> _T:
    """build(), with the cyclic garbage collector paused when it makes n >=
    GC_PAUSE_MIN objects and the collector is on. The previous state is
    restored even on error; a thread that switches the collector off during
    the pause (about a millisecond per 10,000 orders) finds it back on."""
    if n < GC_PAUSE_MIN or not gc.isenabled():
        return build()
    gc.disable()
    try:
        return build()
    finally:
        gc.enable()


def reports_to_executions(buf: Any, n: int) -> List[Execution]:
    """Execution objects from n packed sgx_report records."""
    view = as_bytes(buf)[: n * REPORT_SIZE]
    return built_with_gc_paused(n, lambda: list(map(Execution, REPORT_STRUCT.iter_unpack(view))))


def new_report_array(n: int) -> Any:
    """Storage for n reports: a numpy array when available, else a bytearray."""
    if _np is not None:
        return _np.zeros(n, dtype=REPORT_DTYPE)
    return bytearray(n * REPORT_SIZE)


def report_storage(out: Any, n: int) -> Any:
    """Where execute_batch writes its n reports: new storage when ``out`` is
    None, else the first n reports of ``out`` (a view, so a loop of batches
    that passes the same ``out`` allocates nothing for its reports).

    ``out`` is a 1-D C-contiguous writable REPORT_DTYPE array, or any other
    writable contiguous buffer, with room for at least n reports. Checked
    before anything executes: a wrong ``out`` raises TypeError (wrong kind)
    or ValueError (read-only, too small) and changes nothing.
    """
    if out is None:
        return new_report_array(n)
    if _is_array(out):
        if out.dtype != REPORT_DTYPE or out.ndim != 1 or not out.flags.c_contiguous:
            raise TypeError("out must be a 1-D C-contiguous array of sigmax_exec.REPORT_DTYPE")
        if not out.flags.writeable:
            raise ValueError("out is read-only")
        if out.shape[0] < n:
            raise ValueError(f"out holds {out.shape[0]} reports; the batch has {n} orders")
        return out[:n]
    try:
        mv = memoryview(out)
    except TypeError:
        raise TypeError("out must be a REPORT_DTYPE array or a writable buffer") from None
    if mv.readonly:
        raise ValueError("out is read-only")
    if not mv.c_contiguous:
        raise ValueError("out must be contiguous")
    mv = mv.cast("B") if mv.format != "B" or mv.ndim != 1 else mv
    if mv.nbytes < n * REPORT_SIZE:
        raise ValueError(f"out holds {mv.nbytes // REPORT_SIZE} reports; the batch has {n} orders")
    return mv[: n * REPORT_SIZE]


def first_reports(storage: Any, k: int) -> Any:
    """The first k reports of report storage (a REPORT_DTYPE array or bytes)."""
    return storage[:k] if _is_array(storage) else memoryview(storage)[: k * REPORT_SIZE]


# Statuses with which a batch stops part-way: the orders before the one
# named ran, and the error carries their reports.
STOPPING_STATUSES = (E.ERR_FILLS_FULL, E.ERR_LEVEL_FULL, E.ERR_TOO_MANY_SYMBOLS, E.ERR_NO_MEMORY)


def batch_error(rc: int, storage: Any, done: int, as_array: bool) -> E.SigmaxError:
    """The exception for a native batch that stopped with status rc at order
    `done`: it names that order (``index``); a full fill buffer or level also
    carries the reports of the orders that ran before it (``executed``)."""
    err = indexed_error(rc, done)
    if rc in STOPPING_STATUSES:
        err.executed = first_reports(storage, done) if as_array else reports_to_executions(storage, done)
    return err


def stopped_at(err: E.SigmaxError, index: int, results: List[Execution], storage: Any) -> E.SigmaxError:
    """Marks `err` as a batch of Python executions that stopped at order
    `index` after `results` ran (the pure engine, the venue engine): names the
    order (``index``), carries the reports that ran (``executed``) and, with
    report storage, writes them there and zeroes the rest, as a native batch
    leaves it. Returns err, for the caller to re-raise."""
    if storage is not None:
        write_reports(results, storage)
    err.index = index
    err.executed = results if storage is None else first_reports(storage, len(results))
    return err


def write_reports(executions: List[Execution], storage: Any) -> None:
    """Writes Execution objects into report storage in the C layout and zeroes
    every report after them, as sgx_engine_execute_batch leaves the reports
    past the executed ones when it stops (the pure backend)."""
    mv = as_bytes(storage)  # packing bytes is ~3x faster than assigning numpy records
    pack = REPORT_STRUCT.pack_into
    for i, e in enumerate(executions):
        pack(mv, i * REPORT_SIZE, *e)
    end = len(executions) * REPORT_SIZE
    if end < len(mv):
        mv[end:] = bytes(len(mv) - end)


def make_orders(symbol_id: Any, side: Any, order_type: Any, price: Any, quantity: Any, tif: Any = 0) -> Any:
    """A ready-to-send ORDER_DTYPE array from scalars or equal-length arrays."""
    if _np is None:
        raise ImportError("make_orders needs numpy")
    names = ("symbol", "side", "type", "price", "quantity", "tif")
    cols = _np.broadcast_arrays(*(_np.asarray(c) for c in (symbol_id, side, order_type, price, quantity, tif)))
    for name, c in zip(names, cols):
        _check_column(name, c)
    out = _np.zeros(cols[0].size, dtype=ORDER_DTYPE)
    out["struct_size"] = ORDER_SIZE
    for name, c in zip(names, cols):
        out[name] = c.ravel()
    return out
