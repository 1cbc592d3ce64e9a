"""The native engines' integer order entry: new_order, cancel, replace,
cancel_all, cancel_owner, set_min_price and apply over sgx_engine_submit,
sgx_engine_cancel_order, sgx_engine_replace, sgx_engine_cancel_all,
sgx_engine_cancel_owner and sgx_engine_set_min_price, written once for both
FFIs (a mixin of _native.NativeEngine).

Events arrive through an sgx_event_fn callback, one per thread and engine
(``Api.event_sink``): it copies each sgx_order_event's 64 bytes into that
thread's list, which the call unpacks once the C call has returned. The
callback object lives as long as the thread's entry in the engine's
thread-local state, so the library never calls a freed one; it catches every
exception (the C side cannot take one) and the call re-raises it after the
C call returns. A call that gets SGX_ERR_BUSY (another thread is inside the
engine) dropped its Rejected event and is retried, as every native call is.
"""
from __future__ import annotations

import struct
import time
from operator import itemgetter
from typing import Any, Callable, List, Tuple

from . import _errors as E
from ._abi import NEW_ORDER
from ._common import c_order_id, symbol_code
from ._order_entry import (EVENT_SIZE, AppliedRequests, RequestOp, c_requests, event_dtype, events_from_bytes, i64,
                           new_order_args, replace_args, u64)
from ._types import CancelReason, EventKind, OrderEvent

_BUSY = E.ERR_BUSY
_sleep = time.sleep

# new_order_args' order; sgx_new_order packs these by name, past struct_size.
_ARGS = ("client_id", "symbol", "side", "type", "tif", "stp", "price", "lots", "owner")
_PACKED = NEW_ORDER.packed[1:]
if NEW_ORDER.packed[0] != "struct_size" or sorted(_PACKED) != sorted(_ARGS):
    raise ImportError(f"sgx_new_order's values are {NEW_ORDER.packed} in the record table; "
                      "sigmax_exec/_native_entry.py packs " + ", ".join(_ARGS))
_pick = itemgetter(*(_ARGS.index(n) for n in _PACKED))
_BODY = NEW_ORDER.field("symbol").offset
_pack_body = struct.Struct("<" + NEW_ORDER.format[2:]).pack_into


class NativeIntegerEntry:
    """The integer calls of NativeEngine."""

    _api: Any
    _lib: Any
    _h: Any
    _tls: Any

    def _entry(self) -> Tuple[Any, List[bytes], List[BaseException], memoryview, Any]:
        """This thread's (callback, event bytes, callback errors, sgx_new_order bytes, its pointer)."""
        try:
            entry: Tuple[Any, List[bytes], List[BaseException], memoryview, Any] = self._tls.entry
            return entry
        except AttributeError:
            api = self._api
            callback, got, errors = api.event_sink()
            o = api.new("sgx_new_order")
            o.struct_size = api.sizeof("sgx_new_order")
            entry = self._tls.entry = (callback, got, errors, api.buffer(o), api.ref(o))
            return entry

    def _events(self, fn: Callable[..., int], *args: Any) -> Tuple[int, bytes]:
        """(status, event bytes) of fn(engine, *args, callback, NULL), retried while BUSY."""
        try:
            callback, got, errors, _, _ = self._tls.entry
        except AttributeError:
            callback, got, errors, _, _ = self._entry()
        null = self._api.NULL
        rc = fn(self._h, *args, callback, null)
        while rc == _BUSY:
            got.clear()  # the Rejected (BUSY) event
            _sleep(0)
            rc = fn(self._h, *args, callback, null)
        data = b"".join(got)
        got.clear()
        if errors:
            exc = errors[0]
            errors.clear()
            raise exc
        return rc, data

    def _call(self, fn: Callable[..., int], *args: Any) -> List[OrderEvent]:
        rc, data = self._events(fn, *args)
        if rc:
            raise E.error_for(rc)
        return events_from_bytes(data)

    def _submit_args(self, args: Tuple[int, ...]) -> Any:
        """Packs new_order_args' values into this thread's sgx_new_order; returns its pointer."""
        try:
            _, _, _, ob, o = self._tls.entry
        except AttributeError:
            _, _, _, ob, o = self._entry()
        _pack_body(ob, _BODY, *_pick(args))
        return o

    def new_order(self, client_id: int, symbol_id: int, side: Any, price_ticks: Any, lots: Any, *,
                  order_type: Any = 0, tif: Any = 0, owner: int = 0, stp: Any = 0) -> List[OrderEvent]:
        """Submits an order in ticks and lots under the caller's id; returns its events."""
        args = new_order_args(client_id, symbol_id, side, price_ticks, lots, order_type, tif, owner, stp)
        # _submit_args and _events, inlined: the hot path.
        try:
            callback, got, errors, ob, o = self._tls.entry
        except AttributeError:
            callback, got, errors, ob, o = self._entry()
        _pack_body(ob, _BODY, *_pick(args))
        rc = self._lib.sgx_engine_submit(self._h, o, callback, self._api.NULL)
        if rc == _BUSY:
            got.clear()  # the Rejected (BUSY) event
            rc, data = self._events(self._lib.sgx_engine_submit, o)
        else:
            data = b"".join(got)
            got.clear()
            if errors:
                exc = errors[0]
                errors.clear()
                raise exc
        if rc:
            raise E.error_for(rc)
        return events_from_bytes(data)

    def cancel(self, order_id: int) -> List[OrderEvent]:
        """Cancels a resting order (either API's): its Cancelled event. OrderNotFoundError if it does not rest."""
        return self._call(self._lib.sgx_engine_cancel_order, c_order_id(order_id))

    def replace(self, order_id: int, price_ticks: Any, lots: Any) -> List[OrderEvent]:
        """Sets a resting order's price (ticks) and open lots; returns Replaced and any trades."""
        return self._call(self._lib.sgx_engine_replace, *replace_args(order_id, price_ticks, lots))

    def cancel_all(self, symbol_id: int) -> List[OrderEvent]:
        """Cancels every order resting on a symbol: bids best first, then asks, oldest first in a level."""
        return self._call(self._lib.sgx_engine_cancel_all, symbol_code(symbol_id))

    def cancel_owner(self, owner: int) -> List[OrderEvent]:
        """Cancels every resting order of an owner (symbols ascending, then as cancel_all).
        InvalidOwnerError for owner 0."""
        return self._call(self._lib.sgx_engine_cancel_owner, u64(owner, "owner"))

    def set_min_price(self, symbol_id: int, ticks: Any) -> None:
        """Sets the lowest limit price (ticks, -2^53 ... 1; default 1) the integer calls accept on a symbol."""
        sym, t = symbol_code(symbol_id), i64(ticks, "ticks")
        fn = self._lib.sgx_engine_set_min_price
        rc = fn(self._h, sym, t)
        while rc == _BUSY:
            _sleep(0)
            rc = fn(self._h, sym, t)
        if rc:
            raise E.error_for(rc)

    def apply(self, requests: Any) -> AppliedRequests:
        """Makes every request of a REQUEST_DTYPE array, in order (see
        AppliedRequests), through the C batch (sgx_engine_apply_into: one
        claim of the engine for many requests, events into one buffer)."""
        import numpy
        req = c_requests(requests)
        n = len(req)
        ops = req["op"]
        ends = numpy.zeros(n, dtype=numpy.int64)
        statuses = numpy.zeros(n, dtype=numpy.int32)
        kept: List[Any] = []
        total = 0
        # A mass cancel's events are Cancelled (User) like a cancel's, and it
        # may have none: a batch ends after each one, so its events are what
        # its batch ends with (split_events).
        mass = numpy.flatnonzero((ops == RequestOp.CANCEL_ALL) | (ops == RequestOp.CANCEL_OWNER))
        # One buffer for the whole call, about 2 events a request to start with.
        buf = numpy.empty(min(self._apply_room, max(16, 2 * n)), dtype=event_dtype())
        start = 0
        for stop in [int(i) + 1 for i in mass] + [n]:
            while start < stop:
                buf, written, done = self._apply_into(req[start:stop], buf)
                total = split_events(buf[:written], ops[start:start + done], ends[start:start + done],
                                     statuses[start:start + done], kept, total)
                start += done
        events = numpy.concatenate(kept) if kept else numpy.zeros(0, dtype=event_dtype())
        return AppliedRequests(events, ends, statuses)

    def _apply_into(self, req: Any, buf: Any) -> Tuple[Any, int, int]:
        """Runs as many of `req` as `buf` takes, at least one (growing the
        buffer for it): (the buffer, events written, requests run)."""
        import numpy
        api, lib = self._api, self._lib
        written, done, bound = api.array("size_t", 1), api.array("size_t", 1), api.array("size_t", 1)
        while True:
            cap = len(buf)
            with api.export("sgx_request", req, len(req)) as src, \
                    api.export("sgx_order_event", buf, cap, writable=True) as dst:
                rc = lib.sgx_engine_apply_into(dst, written, done, self._h, src, len(req), cap)
                while rc == _BUSY:  # another thread holds the engine: nothing ran
                    _sleep(0)
                    rc = lib.sgx_engine_apply_into(dst, written, done, self._h, src, len(req), cap)
                if rc == E.ERR_EVENTS_FULL and done[0] == 0:
                    # The first request alone needs more room than the buffer has.
                    rc = lib.sgx_engine_request_bound(bound, self._h, src)
                    if rc:
                        raise E.error_for(rc)
                    buf = numpy.empty(max(2 * cap, int(bound[0])), dtype=event_dtype())
                    continue
            if rc not in (0, E.ERR_EVENTS_FULL):
                raise E.error_for(rc)
            return buf, int(written[0]), int(done[0])

    _apply_room = 1 << 16  # the most events apply's first buffer holds; it grows for a request that needs more


def split_events(events: Any, ops: Any, ends: Any, statuses: Any, kept: List[Any], total: int) -> int:
    """Assigns a batch's events to its requests (ops), of which only the last
    may be a mass cancel: fills their `ends` (counting from `total`, the
    events kept before) and `statuses` (a Rejected event's status), appends
    the events but the Rejected ones to `kept`, and returns the new total.

    Every other request emits at least one event, and its first is the only
    one of its kind in it: Accepted, Replaced, Rejected or Cancelled (User)
    (its later events are trades and other cancel reasons). So the i-th such
    event starts the i-th request, and what follows the last of them belongs
    to the mass cancel."""
    import numpy
    kind, reason = events["kind"], events["reason"]
    first = ((kind == EventKind.ACCEPTED) | (kind == EventKind.REPLACED) | (kind == EventKind.REJECTED)
             | ((kind == EventKind.CANCELLED) & (reason == CancelReason.USER)))
    starts = numpy.flatnonzero(first)
    d = len(ops)
    k = d - 1 if d and ops[-1] in (RequestOp.CANCEL_ALL, RequestOp.CANCEL_OWNER) else d
    if len(starts) < k:
        raise E.SigmaxError(E.ERR_INTERNAL, "a batch's events do not match its requests")
    bounds = numpy.append(starts[:k], len(events) if len(starts) == k else starts[k])
    if k < d:  # the mass cancel: from its first event (or the end) to the end
        bounds = numpy.append(bounds, len(events))
    rejected = kind == EventKind.REJECTED
    kept_before = numpy.concatenate(([0], numpy.cumsum(~rejected)))
    ends[:] = total + kept_before[bounds[1:]]
    # A refused request's one event is Rejected, with its status.
    has_events = numpy.flatnonzero(bounds[:-1] < bounds[1:])
    firsts = bounds[:-1][has_events]
    refused = rejected[firsts]
    statuses[:] = 0
    statuses[has_events[refused]] = events["status"][firsts[refused]]
    kept.append(events[~rejected].copy())
    return int(total + kept_before[-1])
