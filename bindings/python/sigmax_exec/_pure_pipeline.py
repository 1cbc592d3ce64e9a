"""The pure-Python pipeline (backend "python"): a matching thread fed by a
bounded queue.Queue, with the native pipelines' API and results. Results wait
in a deque bounded as the native result ring is: when it is full the matching
thread waits for the poller (back-pressure) and never drops a result."""
from __future__ import annotations

import collections
import os
import threading
import time
import weakref
from typing import Any, Deque, Dict, List, Tuple

from . import _errors as E
from ._common import convert_order, number, order_id_value, query_levels, ring_capacities, ring_size, symbol_code
from ._pipeline import WAIT_STRATEGIES, AsyncMixin, PipelineResult, ResultKind
from ._stats import EngineStats, PipelineStats
from ._types import Fill


_KIND_OF = {"order": ResultKind.ORDER, "cancel": ResultKind.CANCEL, "amend": ResultKind.AMEND,
            "depth": ResultKind.DEPTH}


class _PureMatcher:
    """The pure pipeline's matching thread and the state it shares with the
    pipeline object. Kept apart so that the thread holds no reference to the
    PurePipeline: a pipeline nobody references is collected and its finalizer
    stops the thread, as destroying a native pipeline does."""

    def __init__(self, engine: Any, capacity: int, result_capacity: int) -> None:
        import queue
        self.engine = engine
        self.queue: Any = queue.Queue(maxsize=capacity)
        self.results: Deque[PipelineResult] = collections.deque()
        self.result_capacity = result_capacity
        self.result_high_water = 0
        self.backpressure_waits = 0
        self.room = threading.Condition()  # the poller took results
        self.unbounded = False  # stop(): results no longer wait for room
        self.completed = 0
        self.armed = False
        self.armed_lock = threading.Lock()
        self.abandoned = False  # the pipeline object is gone: stop without draining
        self.read_fd, self.write_fd = os.pipe()
        os.set_blocking(self.read_fd, False)
        os.set_blocking(self.write_fd, False)
        self.thread = threading.Thread(target=self.run, name="sigmax-pipeline", daemon=True)
        self.thread.start()

    def notify(self) -> None:
        with self.armed_lock:
            armed, self.armed = self.armed, False
        if armed:
            try:
                os.write(self.write_fd, b"\0")
            except (BlockingIOError, OSError):  # full, or closed by a shutdown meanwhile
                pass

    def run(self) -> None:
        engine = self.engine
        while True:
            item = self.queue.get()
            if item is None or self.abandoned:
                break
            seq, t0, what = item[0], item[1], item[2]
            fills: List[Fill] = []
            report = None
            depth = None
            status = 0
            try:
                if what == "order":
                    report = engine.execute_order(*item[3:])
                    if report.fill_count:
                        fills = engine.drain_fills()
                    kind = ResultKind.ORDER
                elif what == "cancel":
                    kind = ResultKind.CANCEL
                    status = 0 if engine.cancel_order(item[3]) else E.ERR_NOT_FOUND
                elif what == "depth":
                    kind = ResultKind.DEPTH
                    depth = engine.depth(item[3], item[4])
                else:
                    kind = ResultKind.AMEND
                    status = 0 if engine.amend_order(item[3], item[4]) else E.ERR_NOT_FOUND
            except E.SigmaxError as exc:
                kind = _KIND_OF[what]
                status = exc.status
            rt = time.perf_counter_ns() - t0
            self.put(PipelineResult(seq, kind, status, rt, report, None, depth))
            for f in fills:
                self.put(PipelineResult(seq, ResultKind.FILL, 0, rt, None, f))
            self.completed += 1
            self.notify()
        if self.abandoned:
            self.close_fds()

    def put(self, result: PipelineResult) -> None:
        """Appends a result, first waiting while result_capacity results wait
        to be polled (as the native matching thread waits for a full ring)."""
        results = self.results
        if len(results) >= self.result_capacity and not self.unbounded:
            self.backpressure_waits += 1
            self.notify()  # wake an event loop that is waiting for results
            with self.room:
                while len(results) >= self.result_capacity and not (self.unbounded or self.abandoned):
                    self.room.wait()
        results.append(result)
        # After stop() results pile up beyond the bound, as if moved aside: not a depth of the "ring".
        if len(results) > self.result_high_water and not self.unbounded:
            self.result_high_water = len(results)

    def took_results(self) -> None:
        """The poller's side of put(): there may be room now."""
        with self.room:
            self.room.notify()

    def lift_bound(self, abandon: bool = False) -> None:
        """Lets put() append without waiting from now on (stop(): the results
        stay for poll(), as the native stop() moves them aside)."""
        with self.room:
            self.unbounded = True
            self.abandoned = self.abandoned or abandon
            self.room.notify()

    def close_fds(self) -> None:
        if self.read_fd >= 0:
            os.close(self.read_fd)
            os.close(self.write_fd)
            self.read_fd = self.write_fd = -1

    @staticmethod
    def shut_down(m: "_PureMatcher") -> None:
        """Stops the thread and closes the pipe: after stop(), or for a
        pipeline collected while running (the garbage collector may run this
        on the matching thread itself, which then stops after its current
        message and closes the pipe on its way out)."""
        import queue
        if m.thread.is_alive():
            m.lift_bound(abandon=True)
            try:
                m.queue.put_nowait(None)  # wakes a waiting thread
            except queue.Full:  # then it is not waiting: it sees `abandoned` at its next message
                pass
            if threading.current_thread() is m.thread:
                return
            m.thread.join()
        m.close_fds()


class PurePipeline(AsyncMixin):
    """The pipeline with a Python thread and a bounded queue.Queue (backend "python")."""

    implementation = "python"

    def __init__(self, queue_capacity: int = 10000, *, result_capacity: int = 0, wait: str = "spin-yield",
                 fill_capacity: int = 1 << 20, order_capacity: int = 65536, max_symbols: int = 16384,
                 timestamps: bool = True) -> None:
        from ._pure import Engine
        if wait not in WAIT_STRATEGIES:
            raise E.InvalidConfigError(E.ERR_INVALID_CONFIG, f"wait must be one of {sorted(WAIT_STRATEGIES)}")
        queue_capacity, result_capacity = ring_capacities(queue_capacity, result_capacity)
        cap = ring_size(queue_capacity)
        self.capacity = cap
        self.engine = Engine(fill_capacity=fill_capacity, order_capacity=order_capacity, max_symbols=max_symbols,
                             timestamps=timestamps)
        self._seq = 0
        self._submit_lock = threading.Lock()  # sequence order == queue order
        self._stopped = False
        self._queue_full = 0
        self._high_water = 0
        self._tls = threading.local()  # a refused submit's order, for submit_wait
        self._m = _PureMatcher(self.engine, cap, ring_size(result_capacity or 4 * cap))
        self._queue = self._m.queue
        self._finalizer = weakref.finalize(self, _PureMatcher.shut_down, self._m)
        self._finalizer.atexit = False  # a daemon thread: nothing to wait for at exit

    @property
    def notify_fd(self) -> int:
        return self._m.read_fd

    def arm_notify(self) -> None:
        with self._m.armed_lock:
            self._m.armed = True

    def _enqueue_many(self, messages: List[Tuple[Any, ...]]) -> Tuple[int, int]:
        """Claims as many queue slots as are free, at once as the native ring
        does, for the first of `messages`: (first sequence, count), (0, 0) when
        the queue is full. Only the matching thread takes from the queue
        meanwhile, so every claimed put finds room."""
        with self._submit_lock:
            if self._stopped:
                raise E.error_for(E.ERR_STOPPED)
            accepted = min(len(messages), self.capacity - self._queue.qsize())
            if accepted <= 0:
                self._queue_full += 1
                return 0, 0
            first = self._seq + 1
            t0 = time.perf_counter_ns()
            for i in range(accepted):
                self._queue.put_nowait((first + i, t0) + messages[i])
            self._seq += accepted
            self._high_water = max(self._high_water, self._queue.qsize())
            return first, accepted

    def _enqueue(self, message: Tuple[Any, ...]) -> int:
        sequence, accepted = self._enqueue_many([message])
        if not accepted:
            self._tls.refused = message
            raise E.QueueFullError(E.ERR_QUEUE_FULL)
        return sequence

    def _submit_again(self, slice_ns: int) -> int:
        # Sleeping releases the GIL, which the matching thread needs to make room.
        end = time.monotonic_ns() + slice_ns
        delay = 0.0
        while True:
            sequence, accepted = self._enqueue_many([self._tls.refused])
            if accepted:
                return sequence
            if time.monotonic_ns() >= end:
                raise E.QueueFullError(E.ERR_QUEUE_FULL)
            time.sleep(delay)
            delay = min(0.001, delay * 2 or 0.00002)

    def submit(self, symbol_id: int, side: Any, order_type: Any, price: Any, quantity: Any, tif: Any = 0) -> int:
        """Enqueues an order; returns its sequence number (QueueFullError if full).
        Arguments are converted now, as the native backends do; the engine
        validates them when it matches the order."""
        return self._enqueue(("order",) + convert_order(symbol_id, side, order_type, price, quantity, tif))

    def submit_batch(self, orders: Any) -> Tuple[int, int]:
        """Enqueues as many orders as fit, in order: (first sequence, accepted count);
        (0, 0) for an empty batch or a full queue. Takes what execute_batch takes."""
        from ._batch import indexed_error, normalise_orders
        rows, refused = normalise_orders(orders)
        if refused is not None:  # a packed record sgx_pipeline_submit_batch refuses
            raise indexed_error(refused[1], refused[0])
        if not rows:
            return 0, 0
        return self._enqueue_many([("order",) + row for row in rows])

    def configure_symbol(self, symbol_id: int, tick_size: float = 1e-8, lot_size: float = 1e-8) -> None:
        """Sets a symbol's tick and lot size (before submitting its orders)."""
        self.engine.configure_symbol(symbol_id, tick_size, lot_size)

    def submit_cancel(self, order_id: int) -> int:
        """Enqueues a cancel; returns its sequence number."""
        return self._enqueue(("cancel", order_id_value(order_id)))

    def submit_amend(self, order_id: int, new_quantity: float) -> int:
        """Enqueues an amend; returns its sequence number."""
        return self._enqueue(("amend", order_id_value(order_id), number(new_quantity, "new_quantity")))

    def submit_depth(self, symbol_id: int, levels: int = 10) -> int:
        """Enqueues a book query for up to `levels` levels a side; returns its
        sequence number. Its DEPTH result's ``depth`` reflects every earlier
        submission and no later one. ValueError for levels outside
        [0, MAX_QUERY_LEVELS], as the native pipelines (nothing enqueued)."""
        return self._enqueue(("depth", symbol_code(symbol_id), query_levels(levels)))

    def _poll_raw(self, max_results: int = 4096) -> List[PipelineResult]:
        out: List[PipelineResult] = []
        results = self._m.results
        while results and len(out) < max_results:
            out.append(results.popleft())
        if out:
            self._m.took_results()
        return out

    def stop(self) -> None:
        """Finishes every accepted submission, then stops the thread; results stay pollable."""
        with self._submit_lock:
            if self._stopped:
                return
            self._stopped = True
        self._m.lift_bound()
        self._queue.put(None)
        self._m.thread.join()
        self._m.notify()

    def stats(self) -> PipelineStats:
        m = self._m
        return {"capacity": self.capacity, "result_capacity": m.result_capacity, "submitted": self._seq,
                "completed": m.completed, "queue_full": self._queue_full, "queue_high_water": self._high_water,
                "result_high_water": m.result_high_water, "backpressure_waits": m.backpressure_waits}

    def engine_stats(self) -> EngineStats:
        return self.engine.get_stats()

    def close(self) -> None:
        """Stops the pipeline and closes its notification pipe now (idempotent)."""
        if self._bridge is not None:
            self._bridge.close()
        self.stop()
        self._finalizer()  # closes the pipe; runs once
