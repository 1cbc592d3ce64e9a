"""The order pipeline from Python, the parts every backend shares: result
objects, unpacking the C results, and the asyncio bridge. The pure-Python
pipeline itself is in _pure_pipeline.py.

asyncio design: the pipeline exposes a file descriptor (an eventfd in the
native library, a pipe in the pure one) that becomes readable when results
arrive after ``arm_notify()``. The event loop watches it with
``loop.add_reader``, so no extra thread is needed and the loop never blocks:
the reader callback polls every available result and resolves the futures of
the awaiting coroutines.
"""
from __future__ import annotations

import asyncio
import collections
import os
import struct
from enum import IntEnum
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Callable, Deque, Dict, List, NamedTuple, Optional, TypeVar

from . import _errors as E
from ._abi import REPORT, RESULT
from ._common import integer, wait_deadline, wait_expired, wait_slice_ns
from ._types import SIDE_BY_CODE, Depth, Execution, Fill, TopOfBook

_Self = TypeVar("_Self")

WAIT_STRATEGIES = {"spin": 0, "spin-yield": 1, "sleep": 2}


class ResultKind(IntEnum):
    """What a pipeline result answers."""
    ORDER = 0
    CANCEL = 1
    AMEND = 2
    FILL = 3
    DEPTH = 4


class PipelineResult(NamedTuple):
    """One result: an order's report, a cancel/amend outcome, a fill, or the
    answer to a book query.

    ``status`` is the engine's status code (0 = OK); ``error`` builds the
    matching exception. ``report`` is the order's Execution (kind ORDER with
    status 0; None otherwise), ``fill`` the trade (kind FILL) and ``depth``
    the book as ``Engine.depth`` returns it (kind DEPTH: ``{"bids": [(price,
    quantity), ...], "asks": [...]}``, best first). Fills follow their
    order's report and carry its sequence number."""
    sequence: int
    kind: ResultKind
    status: int
    round_trip_ns: int
    report: Optional[Execution]
    fill: Optional[Fill]
    depth: Optional[Depth] = None

    @property
    def ok(self) -> bool:
        return self.status == 0

    def error(self) -> E.SigmaxError:
        return E.error_for(self.status)


# sgx_result (sequence, round_trip_ns, status, kind, then an sgx_report and
# an sgx_fill), from the record table (_abi.py). Records are unpacked whole;
# the values are picked by name.
RESULT_STRUCT = struct.Struct(RESULT.format)
RESULT_SIZE = RESULT.size
_AT = {name: i for i, name in enumerate(RESULT.packed)}
_head = itemgetter(_AT["sequence"], _AT["kind"], _AT["status"], _AT["round_trip_ns"])
_report = slice(_AT["report." + REPORT.packed[0]], _AT["report." + REPORT.packed[-1]] + 1)
# Fill's fields, as sgx_fill names them.
_fill = itemgetter(*(_AT["fill." + {"symbol_id": "symbol"}.get(n, n)] for n in Fill._fields))
_KINDS = tuple(ResultKind)
_new = tuple.__new__


def unpack_results(buf: Any, n: int, answer: Optional[Callable[[int], Depth]] = None) -> List[PipelineResult]:
    """PipelineResult objects from n packed sgx_result records; answer(sequence)
    gives the levels of a DEPTH result (the query's memory is the caller's)."""
    out = []
    sides = SIDE_BY_CODE
    head, report_of, fill_of = _head, _report, _fill
    for rec in RESULT_STRUCT.iter_unpack(memoryview(buf).cast("B")[: n * RESULT_SIZE]):
        seq, kind, status, round_trip = head(rec)
        if kind == 3:
            trade, sym, price, qty, maker, taker, side = fill_of(rec)
            fill = Fill(trade, sym, price, qty, maker, taker, sides[side])
            out.append(PipelineResult(seq, _KINDS[3], status, round_trip, None, fill))
        elif kind == 0:
            # A refused order has no report: its C record is all zeros, which
            # as an Execution would read as a NEW order with id 0.
            report = _new(Execution, rec[report_of]) if status == 0 else None
            out.append(PipelineResult(seq, _KINDS[0], status, round_trip, report, None))
        elif kind == 4 and answer is not None:
            out.append(PipelineResult(seq, _KINDS[4], status, round_trip, None, None, answer(seq)))
        else:
            out.append(PipelineResult(seq, _KINDS[kind], status, round_trip, None, None))
    return out


def top_of_book(depth: Depth) -> TopOfBook:
    """The TopOfBook of a one-level depth answer (an empty side: None, 0.0)."""
    bids, asks = depth["bids"], depth["asks"]
    return TopOfBook(bids[0][0] if bids else None, bids[0][1] if bids else 0.0,
                     asks[0][0] if asks else None, asks[0][1] if asks else 0.0)


class AsyncBridge:
    """Resolves the futures of coroutines awaiting pipeline results, from the
    event loop's own thread (loop.add_reader on the pipeline's notify fd).

    It also queues the coroutines waiting for room in a full submission
    ring: each request result that arrives means the matching thread took
    a request off the ring, so it wakes one waiter (oldest first), which
    submits again. A slow timer wakes the oldest waiter too, in case room
    was made without a result reaching this loop. Waiters sleep on futures,
    not on a polling backoff, so thousands of them cost the matching thread
    nothing while they wait."""

    # The fallback timer's period: only a safety net, results do the waking.
    ROOM_POLL_S = 0.002

    def __init__(self, pipeline: Any, loop: asyncio.AbstractEventLoop) -> None:
        self.pipeline = pipeline
        self.loop = loop
        self.futures: Dict[int, asyncio.Future[PipelineResult]] = {}
        self.unclaimed: Deque[PipelineResult] = collections.deque()  # results nobody awaits
        self.room_waiters: Deque[asyncio.Future[None]] = collections.deque()
        self._room_timer: Optional[asyncio.TimerHandle] = None
        self.fd = pipeline.notify_fd
        loop.add_reader(self.fd, self.on_ready)

    def close(self) -> None:
        try:
            self.loop.remove_reader(self.fd)
        except (ValueError, OSError, RuntimeError):
            pass
        if self._room_timer is not None:
            self._room_timer.cancel()
            self._room_timer = None

    def wake_room_waiters(self, count: int) -> None:
        """Wakes up to `count` coroutines waiting for room, oldest first."""
        waiters = self.room_waiters
        while count > 0 and waiters:
            fut = waiters.popleft()
            if not fut.done():  # a cancelled waiter's future is done
                fut.set_result(None)
                count -= 1

    def _room_timer_fired(self) -> None:
        self._room_timer = None
        self.drain()
        self.wake_room_waiters(1)
        if self.room_waiters:
            self._room_timer = self.loop.call_later(self.ROOM_POLL_S, self._room_timer_fired)

    async def wait_for_room(self) -> None:
        """Returns when the submission ring may have room again."""
        fut: asyncio.Future[None] = self.loop.create_future()
        self.room_waiters.append(fut)
        if self._room_timer is None:
            self._room_timer = self.loop.call_later(self.ROOM_POLL_S, self._room_timer_fired)
        self.pipeline.arm_notify()
        self.drain()  # results may be waiting already: they wake this waiter
        await fut

    def dispatch(self, results: List[PipelineResult]) -> None:
        taken = 0
        for r in results:
            if r.kind != ResultKind.FILL:
                taken += 1
            fut = self.futures.pop(r.sequence, None) if r.kind != ResultKind.FILL else None
            if fut is None or fut.done():
                # Nobody awaits it, or its await was cancelled: the request
                # was submitted all the same, so poll() returns its result
                # (a resting order's id with it, for the caller to cancel).
                self.unclaimed.append(r)
            else:
                fut.set_result(r)
        if taken:
            self.wake_room_waiters(taken)

    def drain(self) -> None:
        while True:
            results = self.pipeline._poll_raw()
            if not results:
                return
            self.dispatch(results)

    def on_ready(self) -> None:
        try:
            os.read(self.fd, 8)  # reset the eventfd / empty the pipe
        except (BlockingIOError, InterruptedError):
            pass
        self.drain()
        if self.futures or self.room_waiters:
            # Arm, then look again: a result published before the arming
            # would otherwise wait for the next notification.
            self.pipeline.arm_notify()
            self.drain()

    async def wait_for(self, sequence: int) -> PipelineResult:
        fut: asyncio.Future[PipelineResult] = self.loop.create_future()
        self.futures[sequence] = fut
        self.pipeline.arm_notify()
        self.drain()  # it may already be there
        try:
            return await fut
        except asyncio.CancelledError:
            # The awaiting task was cancelled after its result had arrived
            # (before the task resumed): keep the result for poll(). A result
            # still to come finds the future done and goes there too.
            if fut.done() and not fut.cancelled():
                self.unclaimed.append(fut.result())
            raise


class AsyncMixin:
    """``await pipeline.execute(...)``, ``cancel``, ``amend``, ``depth`` and
    ``top_of_book``, and ``submit_wait``, on any backend. A backend provides
    ``submit``, ``submit_cancel``, ``submit_amend``, ``submit_depth``,
    ``_poll_raw`` and ``_submit_again(slice_ns)``: submits again the order
    that this thread's last refused ``submit`` was given, waiting up to
    slice_ns for room."""

    _bridge: Optional[AsyncBridge] = None

    if TYPE_CHECKING:  # what a backend provides (see above)
        def submit(self, symbol_id: int, side: Any, order_type: Any, price: Any, quantity: Any,
                   tif: Any = 0) -> int: ...

        def submit_cancel(self, order_id: int) -> int: ...

        def submit_amend(self, order_id: int, new_quantity: float) -> int: ...

        def submit_depth(self, symbol_id: int, levels: int = 10) -> int: ...

        def _submit_again(self, slice_ns: int) -> int: ...

        def _poll_raw(self, max_results: int = 4096) -> List[PipelineResult]: ...

        def arm_notify(self) -> None: ...

        def stop(self) -> None: ...

    def submit_wait(self, symbol_id: int, side: Any, order_type: Any, price: Any, quantity: Any, tif: Any = 0,
                    *, timeout: Optional[float] = None) -> int:
        """Like submit(), but while the ring is full waits for room, for up to
        `timeout` seconds (None: no limit), spinning, then yielding, then
        sleeping (sgx_pipeline_submit_wait). Returns the sequence number;
        QueueFullError if there is still no room at the timeout (nothing is
        enqueued then). The wait runs without the GIL on the native backends
        and can be interrupted with Ctrl-C. A negative or NaN timeout raises
        ValueError, a non-number TypeError, before anything is enqueued.

        The matching thread only makes room while results are being taken
        (back-pressure): waiting in the thread that polls, with the result
        ring full, waits for the timeout."""
        deadline = wait_deadline(timeout)
        try:
            return self.submit(symbol_id, side, order_type, price, quantity, tif)
        except E.QueueFullError:
            pass
        while True:
            try:
                return self._submit_again(wait_slice_ns(deadline))
            except E.QueueFullError:
                if wait_expired(deadline):
                    raise

    def _bridge_for_running_loop(self) -> AsyncBridge:
        loop = asyncio.get_running_loop()
        b = self._bridge
        if b is None or b.loop is not loop:
            if b is not None:
                b.close()
            b = self._bridge = AsyncBridge(self, loop)
        return b

    async def _submit_async(self, submit: Callable[..., int], *args: Any) -> int:
        # A full ring is back-pressure for the coroutine, not for the loop:
        # it waits in the bridge's queue of room waiters until a result
        # says the matching thread took a request off the ring.
        while True:
            try:
                return submit(*args)
            except E.QueueFullError:
                await self._bridge_for_running_loop().wait_for_room()

    async def execute(self, symbol_id: int, side: Any, order_type: Any, price: Any, quantity: Any,
                      tif: Any = 0) -> Execution:
        """Submits an order and returns its execution report when it is matched.
        Raises what ExecutionEngine.execute_order would raise for the same order.
        Cancelling the awaiting task does not withdraw a submitted order: its
        report then comes back from poll()."""
        bridge = self._bridge_for_running_loop()
        seq = await self._submit_async(self.submit, symbol_id, side, order_type, price, quantity, tif)
        r = await bridge.wait_for(seq)
        if r.status != 0 or r.report is None:
            raise r.error()
        return r.report

    async def cancel(self, order_id: int) -> bool:
        """Cancels through the pipeline: True if a resting order was cancelled."""
        bridge = self._bridge_for_running_loop()
        r = await bridge.wait_for(await self._submit_async(self.submit_cancel, order_id))
        if r.status not in (0, E.ERR_NOT_FOUND):
            raise r.error()
        return r.status == 0

    async def amend(self, order_id: int, new_quantity: float) -> bool:
        """Amends through the pipeline: True if the resting order was amended."""
        bridge = self._bridge_for_running_loop()
        r = await bridge.wait_for(await self._submit_async(self.submit_amend, order_id, new_quantity))
        if r.status not in (0, E.ERR_NOT_FOUND):
            raise r.error()
        return r.status == 0

    async def depth(self, symbol_id: int, levels: int = 10) -> Depth:
        """The book as the matching thread sees it after every earlier
        submission: up to `levels` (price, quantity) pairs a side, best first,
        as ``Engine.depth`` returns them. `levels` is an integer in
        [0, MAX_QUERY_LEVELS] (2^20); TypeError, ValueError otherwise, before
        anything is submitted."""
        bridge = self._bridge_for_running_loop()
        r = await bridge.wait_for(await self._submit_async(self.submit_depth, symbol_id, levels))
        if r.status != 0 or r.depth is None:
            raise r.error()
        return r.depth

    async def top_of_book(self, symbol_id: int) -> TopOfBook:
        """Best bid and ask after every earlier submission, as ``Engine.top_of_book``."""
        return top_of_book(await self.depth(symbol_id, 1))

    def poll(self, max_results: int = 4096) -> List[PipelineResult]:
        """Every available result (up to max_results), oldest first: reports,
        cancel/amend outcomes and fills. One thread at a time. `max_results`
        is an integer >= 0 (TypeError, ValueError otherwise)."""
        max_results = integer(max_results, "max_results")
        if max_results < 0:
            raise ValueError("max_results must be >= 0")
        out: List[PipelineResult] = []
        b = self._bridge
        if b is not None:
            while b.unclaimed and len(out) < max_results:
                out.append(b.unclaimed.popleft())
        if len(out) < max_results:
            out.extend(self._poll_raw(max_results - len(out)))
        return out

    def __enter__(self: _Self) -> _Self:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()
