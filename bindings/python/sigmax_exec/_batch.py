"""Packing orders into the C layout and reports out of it, for batches.

Orders may be a sequence of (symbol_id, side, order_type, price, quantity[, tif])
tuples, a numpy structured array of ORDER_DTYPE (or any array with at least
the fields symbol, side, type, price, quantity and optionally tif), or any
buffer of packed 32-byte sgx_order records.
"""
from __future__ import annotations

import struct
from typing import Any, List, Tuple

from ._common import SIDE_CODES, TIF_CODES, TYPE_CODES, code, split_order, symbol_code
from ._types import ORDER_FIELDS, ORDER_SIZE, REPORT_FIELDS, REPORT_SIZE, Execution

ORDER_STRUCT = struct.Struct("<IIBBB5xdd")
REPORT_STRUCT = struct.Struct("<QQddddIIBB6x")
assert ORDER_STRUCT.size == ORDER_SIZE and REPORT_STRUCT.size == REPORT_SIZE

try:  # numpy is optional
    import numpy as _np

    ORDER_DTYPE = _np.dtype(ORDER_FIELDS)
    REPORT_DTYPE = _np.dtype(REPORT_FIELDS)
    # Everything as float64 first, so that out-of-range or fractional codes can
    # be detected (a direct uint8 conversion would wrap 256 to 0 silently).
    _TUPLE5 = _np.dtype([("symbol", "<f8"), ("side", "<f8"), ("type", "<f8"), ("price", "<f8"),
                         ("quantity", "<f8")])
    _TUPLE6 = _np.dtype(_TUPLE5.descr + [("tif", "u1")])
except ImportError:  # pragma: no cover - exercised on machines without numpy
    _np = None
    ORDER_DTYPE = None
    REPORT_DTYPE = None


def _is_array(orders: Any) -> bool:
    return _np is not None and isinstance(orders, _np.ndarray)


def _from_record_array(arr: Any) -> Any:
    """A C-contiguous ORDER_DTYPE array with struct_size set (copied only if needed)."""
    if arr.dtype == ORDER_DTYPE and arr.flags.c_contiguous and arr.ndim == 1:
        if arr.size == 0 or (arr["struct_size"] == ORDER_SIZE).all():
            return arr
    names = arr.dtype.names or ()
    for f in ("symbol", "side", "type", "price", "quantity"):
        if f not in names:
            raise TypeError(f"order array needs a {f!r} field (see sigmax_exec.ORDER_DTYPE)")
    out = _np.zeros(arr.shape[0] if arr.ndim else 1, dtype=ORDER_DTYPE)
    for f in ("symbol", "side", "type", "price", "quantity"):
        out[f] = arr[f]
    if "tif" in names:
        out["tif"] = arr["tif"]
    out["struct_size"] = ORDER_SIZE
    return out


def _tuples_with_numpy(orders: Any) -> Any:
    """Converts a list of uniform tuples in C; None if that is not possible."""
    try:
        width = len(orders[0])
        if width not in (5, 6):
            return None
        tmp = _np.array(orders, dtype=_TUPLE5 if width == 5 else _TUPLE6)
    except Exception:  # mixed lengths, strings, objects: take the slow path
        return None
    sym, side, otype = tmp["symbol"], tmp["side"], tmp["type"]
    tif = tmp["tif"] if width == 6 else 0
    ok = ((sym >= 0) & (sym <= 0xFFFFFFFF) & (sym == _np.floor(sym))
          & ((side == 0) | (side == 1)) & ((otype == 0) | (otype == 1))
          & ~_np.isnan(tmp["quantity"]) & ~(_np.isnan(tmp["price"]) & (otype == 0)))
    if width == 6:
        ok &= (tif == 0) | (tif == 1) | (tif == 2) | (tif == 3)
    if not ok.all():
        return None  # the slow path raises exactly what a single order would
    out = _np.zeros(len(orders), dtype=ORDER_DTYPE)
    out["struct_size"] = ORDER_SIZE
    for f in _TUPLE5.names:
        out[f] = tmp[f]
    if width == 6:
        out["tif"] = tmp["tif"]
    out["price"][out["type"] == 1] = 0.0  # a market order's price is ignored; send 0.0 as single orders do
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
    if n and _np is not None:
        arr = _tuples_with_numpy(orders)
        if arr is not None:
            return arr, n
    buf = bytearray(n * ORDER_SIZE)
    pack = ORDER_STRUCT.pack_into
    for i, o in enumerate(orders):
        sym, side, otype, price, qty, tif = split_order(o)
        t = code(TYPE_CODES, otype)
        pack(buf, i * ORDER_SIZE, ORDER_SIZE, symbol_code(sym), code(SIDE_CODES, side), t,
             code(TIF_CODES, tif), float(price) if t == 0 else 0.0, float(qty))
    return buf, n


def normalise_orders(orders: Any) -> List[tuple]:
    """Orders as (symbol, side, type, price, quantity, tif) with int codes (pure backend)."""
    if _is_array(orders) or isinstance(orders, (bytes, bytearray, memoryview)):
        buf, n = pack_orders(orders)
        rows = []
        for size, sym, s, t, f, price, qty in ORDER_STRUCT.iter_unpack(as_bytes(buf)[: n * ORDER_SIZE]):
            if size != ORDER_SIZE:
                from ._errors import ERR_STRUCT_SIZE, SigmaxError
                raise SigmaxError(ERR_STRUCT_SIZE)
            rows.append((sym, s, t, price, qty, f))
        return rows
    rows = []
    for o in orders:
        sym, side, otype, price, qty, tif = split_order(o)
        t = code(TYPE_CODES, otype)
        rows.append((symbol_code(sym), code(SIDE_CODES, side), t, float(price) if t == 0 else 0.0,
                     float(qty), code(TIF_CODES, tif)))
    return rows


def as_bytes(buf: Any) -> memoryview:
    """A flat byte view of a bytearray, memoryview or numpy array."""
    if _np is not None and isinstance(buf, _np.ndarray):
        return memoryview(buf.reshape(-1).view(_np.uint8))
    return memoryview(buf).cast("B")


def reports_to_executions(buf: Any, n: int) -> List[Execution]:
    """Execution objects from n packed sgx_report records."""
    new = tuple.__new__
    return [new(Execution, r) for r in REPORT_STRUCT.iter_unpack(as_bytes(buf)[: n * REPORT_SIZE])]


def executions_to_array(executions: List[Execution]) -> Any:
    """A REPORT_DTYPE array from Execution objects (the pure backend's as_array)."""
    if _np is None:
        raise ImportError("as_array=True needs numpy")
    out = _np.zeros(len(executions), dtype=REPORT_DTYPE)
    for i, e in enumerate(executions):
        out[i] = e + ((0,) * 6,)
    return out


def new_report_array(n: int) -> Any:
    """Storage for n reports: a numpy array when available, else a bytearray."""
    if _np is not None:
        return _np.zeros(n, dtype=REPORT_DTYPE)
    return bytearray(n * REPORT_SIZE)


def make_orders(symbol_id: Any, side: Any, order_type: Any, price: Any, quantity: Any, tif: Any = 0) -> Any:
    """A ready-to-send ORDER_DTYPE array from scalars or equal-length arrays."""
    if _np is None:
        raise ImportError("make_orders needs numpy")
    cols = _np.broadcast_arrays(*(_np.asarray(c) for c in (symbol_id, side, order_type, price, quantity, tif)))
    out = _np.zeros(cols[0].size, dtype=ORDER_DTYPE)
    out["struct_size"] = ORDER_SIZE
    for name, c in zip(("symbol", "side", "type", "price", "quantity", "tif"), cols):
        out[name] = c.ravel()
    return out
