"""What every backend's integer order entry shares: argument conversion,
events from sgx_order_event bytes, and the numpy forms of requests and
events (docs/python.md, "Integer order entry").

Arguments follow the package's rule (docs/python.md, "Argument types"):
integers where the C ABI takes integers (an object with __index__, never a
bool, float or string: TypeError). A value outside its C field is handled
here, the same way on every backend, before any engine sees it:
- client_id and owner outside [0, 2^64): InvalidOrderError (OUT_OF_RANGE);
  symbol_id outside 32 bits likewise (as the double API);
- an order id outside [0, 2^64) (cancel, replace) becomes 0, which no order
  has: OrderNotFoundError, as for any unknown id;
- prices and lots outside int64 are clamped to it: the engine then refuses
  them with the status any value past its range gets (INVALID_PRICE below the
  minimum, OUT_OF_RANGE above 2^53; INVALID_QUANTITY, OUT_OF_RANGE);
- side, type, tif and stp codes the engine does not know become 255, which
  it refuses (InvalidOrderError, InvalidStpError).
"""
from __future__ import annotations

import struct
from enum import IntEnum
from typing import Any, List, NamedTuple, Optional, Tuple

from . import _errors as E
from ._abi import ORDER_EVENT, REQUEST, numpy_dtype
from ._common import BAD_CODE, SIDE_CODES, TIF_CODES, TYPE_CODES, c_order_id, integer, symbol_code
from ._types import EVENT_KIND_BY_CODE, REASON_BY_CODE, SIDE_BY_CODE, OrderEvent

STP_CODES = {i: i for i in range(6)}
_U64 = 1 << 64
_I64_MIN = -(1 << 63)
_I64_MAX = (1 << 63) - 1
MAX_TICKS = 1 << 53         # the largest price and lots (docs/semantics.md, "Bounds")
MIN_PRICE_FLOOR = -(1 << 53)  # set_min_price's smallest minimum

EVENT_STRUCT = struct.Struct(ORDER_EVENT.format)
EVENT_SIZE = ORDER_EVENT.size
if ORDER_EVENT.packed != OrderEvent._fields:
    raise ImportError(f"sgx_order_event's values are {ORDER_EVENT.packed} in the record table but OrderEvent "
                      f"has {OrderEvent._fields}: update them together (sigmax_exec/_types.py)")
_new = tuple.__new__
_EXACT = (int,) * 9


def u64(value: Any, what: str) -> int:
    """A client id or owner as a uint64: TypeError for a non-integer, InvalidOrderError outside 64 bits."""
    n = integer(value, what)
    if 0 <= n < _U64:
        return n
    raise E.InvalidOrderError(E.ERR_OUT_OF_RANGE, f"{what} must be in [0, 2^64), got {value!r}")


def i64(value: Any, what: str) -> int:
    """Ticks or lots as an int64, clamped (the engine refuses what is past its range)."""
    n = integer(value, what)
    return _I64_MIN if n < _I64_MIN else _I64_MAX if n > _I64_MAX else n


def new_order_args(client_id: Any, symbol_id: Any, side: Any, price_ticks: Any, lots: Any, order_type: Any,
                   tif: Any, owner: Any, stp: Any) -> Tuple[int, int, int, int, int, int, int, int, int]:
    """(client_id, symbol, side, type, tif, stp, price, lots, owner) as the engine takes them.

    Exact ints within their C fields pass as they are: a code the engine
    does not know (side 7) is refused by the engine as the 255 that the
    general path makes of it would be, with the same status."""
    if ((client_id.__class__, symbol_id.__class__, side.__class__, price_ticks.__class__, lots.__class__,
         order_type.__class__, tif.__class__, owner.__class__, stp.__class__) == _EXACT
            and 0 <= client_id < _U64 and 0 <= symbol_id <= 0xFFFFFFFF and 0 <= side < 256
            and 0 <= order_type < 256 and 0 <= tif < 256 and 0 <= stp < 256 and 0 <= owner < _U64
            and _I64_MIN <= price_ticks <= _I64_MAX and _I64_MIN <= lots <= _I64_MAX):
        return (client_id, symbol_id, side, order_type, tif, stp, price_ticks if order_type == 0 else 0, lots,
                owner)
    t = TYPE_CODES.get(integer(order_type, "order_type"), BAD_CODE)
    price = 0 if price_ticks is None and t == 1 else i64(price_ticks, "price_ticks")  # a market order ignores it
    return (u64(client_id, "client_id"), symbol_code(symbol_id), SIDE_CODES.get(integer(side, "side"), BAD_CODE), t,
            TIF_CODES.get(integer(tif, "tif"), BAD_CODE), STP_CODES.get(integer(stp, "stp"), BAD_CODE),
            price if t == 0 else 0, i64(lots, "lots"), u64(owner, "owner"))


def replace_args(order_id: Any, price_ticks: Any, lots: Any) -> Tuple[int, int, int]:
    return c_order_id(order_id), i64(price_ticks, "price_ticks"), i64(lots, "lots")


def self_trade_mode(self_trade: Any) -> int:
    """An engine's self_trade option: InvalidConfigError outside SelfTrade's values."""
    mode = integer(self_trade, "self_trade")
    if mode not in STP_CODES:
        raise E.InvalidConfigError(E.ERR_INVALID_CONFIG, f"self_trade must be a SelfTrade value (0 ... 5), got {mode}")
    return mode


def event(values: Tuple[Any, ...]) -> OrderEvent:
    """An OrderEvent from the 12 values of one sgx_order_event, in order."""
    oid, mid, price, lots, rem, mrem, sym, status, kind, side, reason, done = values
    return _new(OrderEvent, (oid, mid, price, lots, rem, mrem, sym, status, EVENT_KIND_BY_CODE[kind],
                             SIDE_BY_CODE[side], REASON_BY_CODE[reason], done != 0))


_KINDS, _SIDES, _REASONS = EVENT_KIND_BY_CODE, SIDE_BY_CODE, REASON_BY_CODE
_iter_events = EVENT_STRUCT.iter_unpack


def events_from_bytes(data: bytes) -> List[OrderEvent]:
    """The OrderEvents of packed sgx_order_event records (event(), inlined: a call's events come through here)."""
    return [_new(OrderEvent, v[:8] + (_KINDS[v[8]], _SIDES[v[9]], _REASONS[v[10]], v[11] != 0))
            for v in _iter_events(data)]


# ---------------------------------------------------------------------------
# Bulk form (numpy): requests in, every request's events and status out.

class RequestOp(IntEnum):
    """Which call a row of a REQUEST_DTYPE array makes (the C ABI's SGX_OP_*)."""
    NEW = 0           # new_order(order_id, symbol, side, price, lots, type, tif, owner, stp)
    CANCEL = 1        # cancel(order_id)
    REPLACE = 2       # replace(order_id, price, lots)
    CANCEL_ALL = 3    # cancel_all(symbol)
    CANCEL_OWNER = 4  # cancel_owner(owner)


# A request row is the C ABI's sgx_request (48 bytes). The fields an op
# does not use are ignored, and so are struct_size and reserved here.
REQUEST_SIZE = REQUEST.size
_REQUEST_VALUES = ("op", "side", "type", "tif", "symbol", "order_id", "price", "lots", "owner", "stp")


def request_dtype() -> Any:
    return numpy_dtype(REQUEST)


def event_dtype() -> Any:
    return numpy_dtype(ORDER_EVENT)


class AppliedRequests(NamedTuple):
    """What Engine.apply returns: ``events`` (an EVENT_DTYPE array, every
    request's events in order), ``ends`` (int64, one per request: request
    i's events are ``events[ends[i-1]:ends[i]]``) and ``statuses`` (int32,
    one per request: 0, or the status of the exception the single call would
    have raised; such a request changed nothing and has no events)."""
    events: Any
    ends: Any
    statuses: Any


def checked_requests(requests: Any) -> Any:
    """`requests` as a 1-D REQUEST_DTYPE array: TypeError for anything else,
    ValueError for an op that is not a RequestOp, naming the first such row."""
    import numpy
    arr = numpy.asarray(requests)
    if arr.dtype != request_dtype() or arr.ndim != 1:
        raise TypeError(f"requests must be a 1-D array of REQUEST_DTYPE (make_requests), got {arr.dtype} "
                        f"with {arr.ndim} dimensions")
    if len(arr) and int(arr["op"].max()) > max(RequestOp):
        bad = int(numpy.argmax(arr["op"] > max(RequestOp)))
        raise ValueError(f"request {bad}: op {int(arr['op'][bad])} is not a RequestOp (nothing was done)")
    return arr


def c_requests(requests: Any) -> Any:
    """A checked copy of `requests` as the C batch reads them: the values,
    struct_size set and reserved bytes zero (apply ignores both on every
    backend, while sgx_engine_apply_into would refuse them)."""
    import numpy
    arr = checked_requests(requests)
    out = numpy.zeros(len(arr), dtype=arr.dtype)
    for name in _REQUEST_VALUES:
        out[name] = arr[name]
    out["struct_size"] = REQUEST_SIZE
    return out


def request_rows(requests: Any) -> List[Tuple[Any, ...]]:
    """A REQUEST_DTYPE array's rows as (op, side, type, tif, symbol, order_id,
    price, lots, owner, stp) tuples (checked as checked_requests does)."""
    arr = checked_requests(requests)
    rows: List[Tuple[Any, ...]] = list(zip(*(arr[name].tolist() for name in _REQUEST_VALUES)))
    return rows


def applied(event_bytes: bytes, ends: List[int], statuses: List[int]) -> AppliedRequests:
    import numpy
    events = numpy.frombuffer(bytearray(event_bytes), dtype=event_dtype())
    return AppliedRequests(events, numpy.array(ends, dtype=numpy.int64), numpy.array(statuses, dtype=numpy.int32))


def events_to_array(events: List[OrderEvent]) -> Any:
    """A list of OrderEvent (one call's, or many calls') as an EVENT_DTYPE array."""
    return applied(b"".join(EVENT_STRUCT.pack(*e) for e in events), [], []).events


def make_requests(count: int) -> Any:
    """A REQUEST_DTYPE array of `count` rows, zero but for struct_size (op NEW: fill in the rest)."""
    import numpy
    out = numpy.zeros(integer(count, "count"), dtype=request_dtype())
    out["struct_size"] = REQUEST_SIZE
    return out


def status_of(exc: Optional[BaseException]) -> int:
    return exc.status if isinstance(exc, E.SigmaxError) else E.ERR_INTERNAL
