"""Argument checks and helpers shared by every backend, so that all of them
accept and refuse exactly the same inputs."""
from __future__ import annotations

import math
import operator
import struct
import time
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, TypeVar, cast

from ._abi import ENGINE_STATS, ORDER, PIPELINE_STATS
from ._stats import EngineStats, PipelineStats


try:  # numpy is optional; its bool is refused wherever a bool is
    from numpy import bool_ as _np_bool

    _BOOLS: Tuple[type, ...] = (bool, _np_bool)
except ImportError:  # pragma: no cover - exercised on machines without numpy
    _BOOLS = (bool,)


# Argument types (docs/python.md, "Argument types"): one rule for every
# backend and every entry point, so that all raise the same TypeError.
#  - Where the C API takes an integer (symbol id, side, type, tif, order id,
#    capacities, counts): any integer, i.e. an object with __index__ (int,
#    IntEnum, numpy integers), never a bool, a float or a string.
#  - Prices, quantities, tick and lot sizes, timeouts: a number, i.e. an int
#    or a float, or any object float() converts without parsing text (it has
#    __float__ or __index__: numpy scalars, Decimal, Fraction), never a bool
#    or a string. A market order's price may also be None (it is ignored).
# These are what struct.pack_into takes for the C fields, less bools: the
# native hot paths pack exact ints and floats (EXACT_ORDER_TYPES) directly
# and send everything else through convert_order.

def integer(value: Any, what: str) -> int:
    """value as an int where the C API takes an integer; TypeError otherwise."""
    cls = value.__class__
    if cls is int:
        exact: int = value
        return exact
    if cls is not bool and isinstance(value, int):  # an IntEnum
        return operator.index(value)
    if isinstance(value, _BOOLS):
        raise TypeError(f"{what} must be an integer, not a bool ({value!r})")
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{what} must be an integer, got {value!r}") from None


def number(value: Any, what: str) -> float:
    """value as a float for a price, quantity or size; TypeError otherwise
    (a huge int raises OverflowError, as float() does)."""
    cls = value.__class__
    if cls is float:
        exact: float = value
        return exact
    if cls is int:
        return float(value)
    if isinstance(value, _BOOLS) or not (hasattr(cls, "__float__") or hasattr(cls, "__index__")):
        raise TypeError(f"{what} must be a number (int or float), got {value!r}")
    return float(value)


# The classes of (symbol_id, side, order_type, tif, price, quantity) that the
# native backends pack into an sgx_order as they are (struct range errors
# still go to convert_order): exact ints and floats, for which the rule
# above changes nothing.
EXACT_ORDER_TYPES = (int, int, int, int, float, float)

# The valid codes of side, order type and tif. Any other integer becomes
# BAD_CODE, which the engine refuses with InvalidOrderError.
SIDE_CODES: Dict[int, int] = {0: 0, 1: 1}
TYPE_CODES: Dict[int, int] = {0: 0, 1: 1}
TIF_CODES: Dict[int, int] = {0: 0, 1: 1, 2: 2, 3: 3}

DEFAULT_TICK = 1e-8
DEFAULT_LOT = 1e-8
DEFAULT_FILL_CAPACITY = 1 << 20
DEFAULT_ORDER_CAPACITY = 65536
DEFAULT_MAX_SYMBOLS = 16384  # SGX_DEFAULT_MAX_SYMBOLS
# depth() asks the C API for at most this many levels a side at first, and
# for more only when a side filled them: `levels` may be huge ("all of them").
DEPTH_CHUNK = 1024
DEPTH_GROWTH = 16
# The C API's limits (capi/capi_internal.hpp, sgx_pipeline_create).
MAX_ORDER_CAPACITY = 1 << 31
MAX_RING_CAPACITY = 1 << 30


BAD_CODE = 255  # what an unrecognised side/type/tif becomes: the engine refuses it


def code(table: Dict[int, int], value: Any, what: str) -> int:
    """The small-int code of an integer value, or BAD_CODE (then the engine
    raises InvalidOrderError); TypeError for a non-integer."""
    return table.get(integer(value, what), BAD_CODE)


def symbol_code(symbol_id: Any) -> int:
    """symbol_id as a uint32: TypeError for a non-integer, InvalidOrderError outside 32 bits."""
    s = integer(symbol_id, "symbol_id")
    if 0 <= s <= 0xFFFFFFFF:
        return s
    from ._errors import ERR_OUT_OF_RANGE, InvalidOrderError
    raise InvalidOrderError(ERR_OUT_OF_RANGE, f"symbol_id must fit in 32 bits, got {symbol_id!r}")


def symbol_config(symbol_id: Any, tick_size: Any, lot_size: Any) -> Tuple[int, float, float]:
    """configure_symbol's (symbol, tick_size, lot_size), converted by the rule above."""
    return symbol_code(symbol_id), number(tick_size, "tick_size"), number(lot_size, "lot_size")


def order_id_value(order_id: Any) -> int:
    """An order id (cancel, amend, order_info) as an int; TypeError for a non-integer."""
    return integer(order_id, "order_id")


def c_order_id(order_id: Any) -> int:
    """An order id as the native backends pass it to C: itself within
    [0, 2^64), else 0, which no order ever has. So an id outside that range
    is an unknown id on every backend: cancel and amend return False (an
    amend's bad quantity still raises), order_info None, and the pipeline's
    result has status SGX_ERR_NOT_FOUND."""
    n = integer(order_id, "order_id")
    return n if 0 <= n < (1 << 64) else 0


def level_count(levels: Any) -> int:
    """depth()'s `levels` as an int >= 0: TypeError for a non-integer, ValueError below 0."""
    n = integer(levels, "levels")
    if n < 0:
        raise ValueError("levels must be >= 0")
    return n


# The most levels a side a pipeline book query (submit_depth) may ask for:
# its answer is written into buffers allocated when it is submitted, so the
# count bounds that memory (2 x 24 bytes a level: 48 MiB at the bound).
MAX_QUERY_LEVELS = 1 << 20


def query_levels(levels: Any) -> int:
    """submit_depth()'s `levels` as an int in [0, MAX_QUERY_LEVELS]: TypeError
    for a non-integer, ValueError outside."""
    n = level_count(levels)
    if n > MAX_QUERY_LEVELS:
        raise ValueError(f"levels must be <= {MAX_QUERY_LEVELS} (2^20) for a pipeline book query, got {n}")
    return n


def engine_capacities(fill_capacity: Any, order_capacity: Any, max_symbols: Any) -> Tuple[int, int, int]:
    """(fill_capacity, order_capacity, max_symbols) as ints, checked as the C
    API checks them before a backend passes them on (a value that does not fit
    its C field would otherwise wrap in ctypes and overflow in cffi): TypeError
    for a non-integer, InvalidConfigError outside 0 <= fill_capacity < 2^64,
    0 <= order_capacity <= 2^31, 1 <= max_symbols <= 2^32."""
    fill, order = integer(fill_capacity, "fill_capacity"), integer(order_capacity, "order_capacity")
    symbols = integer(max_symbols, "max_symbols")
    if not 0 <= fill < (1 << 64) or not 0 <= order <= MAX_ORDER_CAPACITY or not 1 <= symbols <= (1 << 32):
        from ._errors import ERR_INVALID_CONFIG, InvalidConfigError
        raise InvalidConfigError(ERR_INVALID_CONFIG, "fill_capacity must be in [0, 2^64), order_capacity in "
                                 "[0, 2^31] and max_symbols in [1, 2^32]")
    return fill, order, symbols


def ring_capacities(queue_capacity: Any, result_capacity: Any) -> Tuple[int, int]:
    """(queue_capacity, result_capacity) of a pipeline as ints, checked as
    sgx_pipeline_create checks them: 1 <= queue_capacity <= 2^30,
    0 <= result_capacity <= 2^30 (0: four times the queue)."""
    queue, result = integer(queue_capacity, "queue_capacity"), integer(result_capacity, "result_capacity")
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
    t = number(timeout, "timeout (seconds or None)")
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


_Level = TypeVar("_Level")


def depth_in_growing_chunks(levels: int,
                            fetch: Callable[[int], Tuple[List[_Level], List[_Level]]]) -> Dict[str, List[_Level]]:
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


def split_order(order: Sequence[Any]) -> Tuple[Any, ...]:
    """(symbol, side, type, price, quantity, tif) from a 5- or 6-element order tuple."""
    n = len(order)
    if n == 5:
        return order[0], order[1], order[2], order[3], order[4], 0
    if n == 6:
        return tuple(order)
    raise TypeError(f"an order is (symbol_id, side, order_type, price, quantity[, tif]); got {n} elements")


def convert_order(symbol_id: Any, side: Any, order_type: Any, price: Any, quantity: Any,
                  tif: Any) -> Tuple[int, int, int, float, float, int]:
    """(symbol, side, type, price, quantity, tif) as the engine takes them: codes
    (BAD_CODE for unknown integers), floats, and the price 0.0 for market
    orders. Raises what a single execute_order would for an argument of the
    wrong type (TypeError) or a symbol outside 32 bits (InvalidOrderError);
    the engine checks the rest."""
    symbol = symbol_code(symbol_id)
    s = SIDE_CODES.get(integer(side, "side"), BAD_CODE)  # code(), inlined: batches convert every order here
    t = TYPE_CODES.get(integer(order_type, "order_type"), BAD_CODE)
    f = TIF_CODES.get(integer(tif, "tif"), BAD_CODE)
    p = 0.0 if price is None and t == 1 else number(price, "price")  # a market order ignores its price
    return symbol, s, t, p if t == 0 else 0.0, number(quantity, "quantity"), f


# The order in which every packer of sgx_order passes its values to
# ORDER_STRUCT (the hot paths pass them positionally, and normalise_orders
# unpacks them so): a record table whose sgx_order differs must not load.
ORDER_VALUES = ("struct_size", "symbol", "side", "type", "tif", "price", "quantity")
if ORDER.packed != ORDER_VALUES:
    raise ImportError(f"sgx_order's values are {ORDER.packed} in the record table but the packers pass "
                      f"{ORDER_VALUES}: update them together (sigmax_exec/_common.py)")
_ORDER_SIZE = ORDER.size


# What struct.pack_into raises for a value outside its C field's range.
_PACK_ERRORS = (struct.error, ValueError, OverflowError)


def pack_order(pack_into: Any, buf: Any, offset: int, symbol_id: Any, side: Any, order_type: Any, price: Any,
               quantity: Any, tif: Any = 0) -> None:
    """Packs one order into an sgx_order at `offset` of buf, as the native
    backends send it (execute_order, submit, batches of tuples): exact ints
    and floats straight into the struct (the engine checks the codes: an
    unknown side packs as itself and is refused), anything else, and values
    out of a C field's range, converted by convert_order, which raises what
    a single order would."""
    if (symbol_id.__class__, side.__class__, order_type.__class__, tif.__class__, price.__class__,
            quantity.__class__) == EXACT_ORDER_TYPES:
        try:
            pack_into(buf, offset, _ORDER_SIZE, symbol_id, side, order_type, tif, price, quantity)
            return
        except _PACK_ERRORS:
            pass
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


def stats_dict(**fields: Any) -> EngineStats:
    """The get_stats() dict from every sgx_engine_stats field (by its C name)."""
    return cast(EngineStats, {key: fields[f] for f, key in _STATS_KEYS})


def stats_from_struct(s: Any) -> EngineStats:
    """The get_stats() dict from an sgx_engine_stats (a cffi cdata or a ctypes Structure)."""
    return cast(EngineStats, {key: getattr(s, f) for f, key in _STATS_KEYS})


def ring_stats_from_struct(s: Any) -> PipelineStats:
    """Pipeline.stats() from an sgx_pipeline_stats (a cffi cdata or a ctypes Structure)."""
    return cast(PipelineStats, {f: getattr(s, f) for f in RING_STATS_FIELDS})


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
