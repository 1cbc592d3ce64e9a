"""Argument checks and helpers shared by every backend, so that all of them
accept and refuse exactly the same inputs."""
from __future__ import annotations

import math
import operator
import struct
import time
from typing import Any, Dict, List, Optional, Sequence

from ._abi import ENGINE_STATS, ORDER, PIPELINE_STATS


# Codes are looked up in dicts: anything equal to a valid code (an int, bool,
# IntEnum or numpy integer, even a float such as 1.0) maps to it; every other
# value is refused with InvalidOrderError.
SIDE_CODES: Dict[Any, int] = {0: 0, 1: 1}
TYPE_CODES: Dict[Any, int] = {0: 0, 1: 1}
TIF_CODES: Dict[Any, int] = {0: 0, 1: 1, 2: 2, 3: 3}

DEFAULT_TICK = 1e-8
DEFAULT_LOT = 1e-8
DEFAULT_FILL_CAPACITY = 1 << 20
DEFAULT_ORDER_CAPACITY = 65536
# depth() asks the C API for at most this many levels a side at first, and
# for more only when a side filled them: `levels` may be huge ("all of them").
DEPTH_CHUNK = 1024
DEPTH_GROWTH = 16
# The C API's limits (capi/capi_internal.hpp, sgx_pipeline_create).
MAX_ORDER_CAPACITY = 1 << 31
MAX_RING_CAPACITY = 1 << 30


BAD_CODE = 255  # what an unrecognised side/type/tif becomes: the engine refuses it


def code(table: Dict[Any, int], value: Any) -> int:
    """The small-int code of value, or BAD_CODE (then the engine raises InvalidOrderError)."""
    try:
        return table.get(value, BAD_CODE)
    except TypeError:  # unhashable
        return BAD_CODE


def symbol_code(symbol_id: Any) -> int:
    """symbol_id as a uint32, or InvalidOrderError."""
    s = int(symbol_id)
    if 0 <= s <= 0xFFFFFFFF:
        return s
    from ._errors import ERR_OUT_OF_RANGE, InvalidOrderError
    raise InvalidOrderError(ERR_OUT_OF_RANGE, f"symbol_id must fit in 32 bits, got {symbol_id!r}")


def engine_capacities(fill_capacity: Any, order_capacity: Any) -> tuple:
    """(fill_capacity, order_capacity) as ints, checked as the C API checks them
    before a backend passes them on (a value that does not fit its C field would
    otherwise wrap in ctypes and overflow in cffi): TypeError for a non-integer,
    InvalidConfigError outside 0 <= fill_capacity < 2^64, 0 <= order_capacity <= 2^31."""
    fill, order = operator.index(fill_capacity), operator.index(order_capacity)
    if not 0 <= fill < (1 << 64) or not 0 <= order <= MAX_ORDER_CAPACITY:
        from ._errors import ERR_INVALID_CONFIG, InvalidConfigError
        raise InvalidConfigError(ERR_INVALID_CONFIG,
                                 "fill_capacity must be in [0, 2^64) and order_capacity in [0, 2^31]")
    return fill, order


def ring_capacities(queue_capacity: Any, result_capacity: Any) -> tuple:
    """(queue_capacity, result_capacity) of a pipeline as ints, checked as
    sgx_pipeline_create checks them: 1 <= queue_capacity <= 2^30,
    0 <= result_capacity <= 2^30 (0: four times the queue)."""
    queue, result = operator.index(queue_capacity), operator.index(result_capacity)
    if not 1 <= queue <= MAX_RING_CAPACITY or not 0 <= result <= MAX_RING_CAPACITY:
        from ._errors import ERR_INVALID_CONFIG, InvalidConfigError
        raise InvalidConfigError(ERR_INVALID_CONFIG,
                                 "queue_capacity must be in [1, 2^30] and result_capacity in [0, 2^30]")
    return queue, result


def ring_size(min_capacity: int) -> int:
    """The slots of a ring asked for `min_capacity`: the next power of two, at
    least 2 (as MpscRing and SpscRing round)."""
    cap = 2
    while cap < min_capacity:
        cap *= 2
    return cap


# submit_wait() waits in C calls of at most this long, so that Ctrl-C (which
# Python handles between calls) interrupts a long wait within this time.
WAIT_SLICE_NS = 50_000_000


def wait_deadline(timeout: Any) -> Optional[int]:
    """The time.monotonic_ns() deadline of a wait of `timeout` seconds (None:
    no limit, as is infinity): TypeError for a non-number, ValueError for a
    negative or NaN timeout."""
    if timeout is None:
        return None
    try:
        if isinstance(timeout, (str, bytes, bytearray)):
            raise TypeError
        t = float(timeout)
    except TypeError:
        raise TypeError(f"timeout must be a number of seconds or None, got {timeout!r}") from None
    if math.isnan(t) or t < 0:
        raise ValueError(f"timeout must be a non-negative number of seconds or None, got {timeout!r}")
    if math.isinf(t):
        return None
    return time.monotonic_ns() + int(t * 1e9)


def wait_slice_ns(deadline: Optional[int]) -> int:
    """How long the next wait may last: up to WAIT_SLICE_NS, never past the deadline."""
    if deadline is None:
        return WAIT_SLICE_NS
    return max(0, min(WAIT_SLICE_NS, deadline - time.monotonic_ns()))


def wait_expired(deadline: Optional[int]) -> bool:
    return deadline is not None and time.monotonic_ns() >= deadline


def depth_in_growing_chunks(levels: int, fetch: Any) -> Dict[str, list]:
    """A native backend's depth(): fetch(cap) returns (bids, asks), each at
    most `cap` (price, quantity) pairs from one C call with buffers of `cap`
    levels. Starts at DEPTH_CHUNK levels and grows only while a side fills
    its buffer, so a huge `levels` costs no huge buffer."""
    cap = min(levels, DEPTH_CHUNK)
    while True:
        bids, asks = fetch(cap)
        if cap == levels or (len(bids) < cap and len(asks) < cap):
            return {"bids": bids, "asks": asks}
        cap = min(levels, cap * DEPTH_GROWTH)


def split_order(order: Sequence[Any]) -> tuple:
    """(symbol, side, type, price, quantity, tif) from a 5- or 6-element order tuple."""
    n = len(order)
    if n == 5:
        return order[0], order[1], order[2], order[3], order[4], 0
    if n == 6:
        return tuple(order)
    raise TypeError(f"an order is (symbol_id, side, order_type, price, quantity[, tif]); got {n} elements")


def convert_order(symbol_id: Any, side: Any, order_type: Any, price: Any, quantity: Any, tif: Any) -> tuple:
    """(symbol, side, type, price, quantity, tif) as the engine takes them: codes
    (BAD_CODE for unknown values), floats, and the price 0.0 for market orders.
    Raises what a single execute_order would for a bad symbol, price or quantity."""
    try:  # code(), inlined: batches convert every order through here
        s = SIDE_CODES.get(side, BAD_CODE)
        t = TYPE_CODES.get(order_type, BAD_CODE)
        f = TIF_CODES.get(tif, BAD_CODE)
    except TypeError:  # unhashable: refused like any unknown code
        s, t, f = code(SIDE_CODES, side), code(TYPE_CODES, order_type), code(TIF_CODES, tif)
    if symbol_id.__class__ is not int or not 0 <= symbol_id <= 0xFFFFFFFF:
        symbol_id = symbol_code(symbol_id)
    return symbol_id, s, t, float(price) if t == 0 else 0.0, float(quantity), f


# The order in which every packer of sgx_order passes its values to
# ORDER_STRUCT (the hot paths pass them positionally, and normalise_orders
# unpacks them so): a record table whose sgx_order differs must not load.
ORDER_VALUES = ("struct_size", "symbol", "side", "type", "tif", "price", "quantity")
if ORDER.packed != ORDER_VALUES:
    raise ImportError(f"sgx_order's values are {ORDER.packed} in the record table but the packers pass "
                      f"{ORDER_VALUES}: update them together (sigmax_exec/_common.py)")
_ORDER_SIZE = ORDER.size


# What struct.pack_into raises for an argument that is not a plain int/float of
# the right range: the native backends then convert it with convert_order.
PACK_ERRORS = (struct.error, TypeError, ValueError, OverflowError)


def pack_order_slow(pack_into: Any, buf: Any, offset: int, symbol_id: Any, side: Any, order_type: Any,
                    price: Any, quantity: Any, tif: Any) -> None:
    """Packs an order at `offset` whose arguments the fast path (ints and floats
    straight into the struct) refused: converted exactly as every backend
    converts them (raising what a single order would)."""
    sym, s, t, p, q, f = convert_order(symbol_id, side, order_type, price, quantity, tif)
    pack_into(buf, offset, _ORDER_SIZE, sym, s, t, f, p, q)


# get_stats() names the fields of sgx_engine_stats as the seed did; the dict
# follows the record's field order.
_STATS_RENAMES = {"orders_processed": "total_executions", "fills": "total_fills", "volume": "total_volume",
                  "latency_count": "latency_samples", "latency_avg_ns": "avg_latency_ns",
                  "latency_min_ns": "min_latency_ns", "latency_max_ns": "max_latency_ns",
                  "latency_p50_ns": "p50_latency_ns", "latency_p90_ns": "p90_latency_ns",
                  "latency_p99_ns": "p99_latency_ns", "latency_p999_ns": "p999_latency_ns"}
STATS_FIELDS = ENGINE_STATS.value_names
_STATS_KEYS = tuple((f, _STATS_RENAMES.get(f, f)) for f in STATS_FIELDS)
RING_STATS_FIELDS = PIPELINE_STATS.value_names


def stats_dict(**fields: Any) -> Dict[str, Any]:
    """The get_stats() dict from every sgx_engine_stats field (by its C name)."""
    return {key: fields[f] for f, key in _STATS_KEYS}


def stats_from_struct(s: Any) -> Dict[str, Any]:
    """The get_stats() dict from an sgx_engine_stats (a cffi cdata or a ctypes Structure)."""
    return {key: getattr(s, f) for f, key in _STATS_KEYS}


def percentile_summary(samples: List[int]) -> Dict[str, float]:
    """Exact percentiles of a list of latencies (for benchmark_latency)."""
    if not samples:
        return {"avg_ns": 0.0, "p50_ns": 0, "p90_ns": 0, "p95_ns": 0, "p99_ns": 0, "p999_ns": 0, "min_ns": 0,
                "max_ns": 0}
    s = sorted(samples)
    n = len(s)

    def q(p: float) -> int:
        k = max(1, -(-int(p * n * 1000) // 1000))  # ceil(p * n) without float surprises
        return s[min(n, k) - 1]

    return {"avg_ns": sum(s) / n, "p50_ns": q(0.50), "p90_ns": q(0.90), "p95_ns": q(0.95), "p99_ns": q(0.99),
            "p999_ns": q(0.999), "min_ns": s[0], "max_ns": s[-1]}
