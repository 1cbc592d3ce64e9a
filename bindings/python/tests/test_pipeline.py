"""The pipeline from Python, on every backend: submit/poll, asyncio, shutdown,
and the same results as the engine run directly."""
import asyncio
import gc
import os
import random
import threading
import time

import pytest

import sigmax_exec as sx
from sigmax_exec import ResultKind
from sigmax_exec._errors import ERR_NOT_FOUND


@pytest.fixture
def pipeline_cls(backend):
    return backend.Pipeline


def poll_until(p, n_reports, timeout=30.0):
    """Results until n_reports non-fill results have arrived."""
    out, reports = [], 0
    deadline = time.monotonic() + timeout
    while reports < n_reports:
        got = p.poll()
        out.extend(got)
        reports += sum(1 for r in got if r.kind != ResultKind.FILL)
        if not got:
            assert time.monotonic() < deadline, f"only {reports} of {n_reports} results arrived"
            time.sleep(0.0005)
    return out


def test_capacity_is_rounded_up_to_a_power_of_two(pipeline_cls):
    with pipeline_cls(queue_capacity=10000) as p:
        assert p.capacity == 16384


def test_a_single_producer_gets_the_reports_and_fills_of_the_engine(backend):
    rng = random.Random(4)
    orders = [(rng.randrange(2), rng.randrange(2), rng.choice((0, 0, 0, 1)), 100.0 + rng.randint(-3, 3),
               float(rng.randint(1, 5)), rng.randrange(3)) for _ in range(3000)]
    direct = backend.Engine()
    expected = [direct.execute_order(*o).key() for o in orders]
    expected_fills = [tuple(f) for f in direct.drain_fills()]
    with backend.Pipeline(queue_capacity=256, result_capacity=1 << 15) as p:
        seqs = []
        for o in orders:
            while True:
                try:
                    seqs.append(p.submit(*o))
                    break
                except sx.QueueFullError:
                    time.sleep(0.0001)
        assert seqs == list(range(1, len(orders) + 1))
        results = poll_until(p, len(orders))
        p.stop()
        while True:  # the last order's fills follow its report
            more = p.poll()
            if not more:
                break
            results.extend(more)
    reports = [r for r in results if r.kind == ResultKind.ORDER]
    assert [r.sequence for r in reports] == seqs
    assert [r.report.key() for r in reports] == expected
    assert [tuple(r.fill) for r in results if r.kind == ResultKind.FILL] == expected_fills
    assert all(r.round_trip_ns > 0 for r in results)


def _mixed_stream(rng, n):
    """Orders (some invalid), cancels and amends (of live, gone and unknown ids,
    some with invalid quantities): every kind of message and outcome."""
    ops = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.15:
            ops.append(("cancel", rng.randint(0, len(ops) + 5)))
        elif roll < 0.25:
            ops.append(("amend", rng.randint(0, len(ops) + 5),
                        rng.choice((1.0, 2.0, 3.0, 0.5, -1.0, float("nan")))))
        elif roll < 0.30:
            ops.append(("order", rng.choice(((1, 7, 0, 100.0, 1.0, 0), (1, 0, 0, float("nan"), 1.0, 0),
                                             (1, 0, 0, 100.25, 1.0, 0), (1, 1, 0, 100.0, 0.0, 0),
                                             (1, 0, 1, 0.0, 1.0, 3)))))
        else:
            ops.append(("order", (rng.randrange(2), rng.randrange(2), rng.choice((0, 0, 0, 1)),
                                  100.0 + rng.randint(-3, 3), float(rng.randint(1, 5)), rng.randrange(4))))
    return ops


def _direct_outcome(engine, op):
    """(kind, status, report key or None) of one message run on the engine directly."""
    try:
        if op[0] == "order":
            return ResultKind.ORDER, 0, engine.execute_order(*op[1]).key()
        if op[0] == "cancel":
            return ResultKind.CANCEL, 0 if engine.cancel_order(op[1]) else ERR_NOT_FOUND, None
        return ResultKind.AMEND, 0 if engine.amend_order(op[1], op[2]) else ERR_NOT_FOUND, None
    except sx.SigmaxError as exc:
        kind = {"order": ResultKind.ORDER, "cancel": ResultKind.CANCEL, "amend": ResultKind.AMEND}[op[0]]
        return kind, exc.status, None


def _outcome(r):
    """A pipeline result as _direct_outcome describes a message's outcome."""
    return r.kind, r.status, None if r.report is None else r.report.key()


def test_orders_cancels_amends_and_invalid_input_give_the_engines_outcomes(backend):
    ops = _mixed_stream(random.Random(11), 3000)
    direct = backend.Engine()
    expected = [_direct_outcome(direct, op) for op in ops]
    expected_fills = [tuple(f) for f in direct.drain_fills()]
    assert {s for _, s, _ in expected} > {0}  # the stream does produce errors
    submit = {"order": lambda p, op: p.submit(*op[1]), "cancel": lambda p, op: p.submit_cancel(op[1]),
              "amend": lambda p, op: p.submit_amend(op[1], op[2])}
    with backend.Pipeline(queue_capacity=256, result_capacity=1 << 15) as p:
        for op in ops:
            while True:
                try:
                    submit[op[0]](p, op)
                    break
                except sx.QueueFullError:
                    time.sleep(0.0001)
        results = poll_until(p, len(ops))
        p.stop()
        results.extend(p.poll(1 << 20))  # the last order's fills follow its report
    outcomes = [_outcome(r) for r in results if r.kind != ResultKind.FILL]
    assert outcomes == expected
    assert [tuple(r.fill) for r in results if r.kind == ResultKind.FILL] == expected_fills


def _submit_all_in_batches(p, orders, sent=0):
    """submit_batch until orders[sent:] are all in, polling meanwhile, then
    stop; returns every result, fills included."""
    results = []
    while sent < len(orders):
        first, accepted = p.submit_batch(orders[sent:])
        if accepted:
            assert first == sent + 1  # consecutive sequences, in batch order
        sent += accepted
        results.extend(p.poll())
    results.extend(poll_until(p, len(orders) - sum(1 for r in results if r.kind != ResultKind.FILL)))
    p.stop()
    results.extend(p.poll(1 << 20))
    return results


def test_submit_batch_takes_what_fits_and_each_order_gets_the_engines_report(backend):
    orders = [op[1] for op in _mixed_stream(random.Random(12), 1000) if op[0] == "order"]
    direct = backend.Engine()
    expected = [_direct_outcome(direct, ("order", o)) for o in orders]
    expected_fills = [tuple(f) for f in direct.drain_fills()]
    with backend.Pipeline(queue_capacity=4) as p:
        assert p.submit_batch([]) == (0, 0)
        # An empty 4-slot ring takes four orders of a long batch at once.
        assert p.submit_batch(orders[:100]) == (1, 4)
        results = _submit_all_in_batches(p, orders, sent=4)
    outcomes = [_outcome(r) for r in results if r.kind != ResultKind.FILL]
    assert [r.sequence for r in results if r.kind != ResultKind.FILL] == list(range(1, len(orders) + 1))
    assert outcomes == expected
    assert [tuple(r.fill) for r in results if r.kind == ResultKind.FILL] == expected_fills


def test_submit_batch_takes_a_structured_array_like_a_list_of_tuples(backend):
    np = pytest.importorskip("numpy")
    orders = [o for o in (op[1] for op in _mixed_stream(random.Random(13), 600) if op[0] == "order")
              if isinstance(o[1], int) and o[1] in (0, 1)]  # make_orders needs valid codes
    array = sx.make_orders(*(np.array(c) for c in zip(*orders)))
    with backend.Pipeline() as p:
        from_tuples = _submit_all_in_batches(p, orders)
    with backend.Pipeline() as p:
        from_array = _submit_all_in_batches(p, array)
    assert [(_outcome(r), r.fill) for r in from_array] == [(_outcome(r), r.fill) for r in from_tuples]


def test_close_stops_the_pipeline_may_be_called_twice_and_refuses_later_submits(pipeline_cls):
    p = pipeline_cls()
    p.submit(1, 0, 0, 100.0, 1.0)
    p.close()
    p.close()
    with pytest.raises(sx.SigmaxError):  # an error, not a crash
        p.submit(1, 0, 0, 100.0, 1.0)


def test_submit_batch_after_stop_raises_pipeline_stopped(pipeline_cls):
    p = pipeline_cls()
    p.stop()
    with pytest.raises(sx.PipelineStoppedError):
        p.submit_batch([(1, 0, 0, 100.0, 1.0)])


def test_several_threads_submit_and_every_submission_gets_one_result(pipeline_cls):
    per_thread, threads = 2000, 4
    p = pipeline_cls(queue_capacity=512, result_capacity=1 << 16)
    mine = [[] for _ in range(threads)]

    def producer(k):
        for i in range(per_thread):
            while True:
                try:
                    mine[k].append(p.submit(1, (i + k) % 2, 0, 100.0 + (i % 3), 1.0))
                    break
                except sx.QueueFullError:
                    time.sleep(0)

    ts = [threading.Thread(target=producer, args=(k,)) for k in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    results = poll_until(p, per_thread * threads)
    p.stop()
    seqs = [r.sequence for r in results if r.kind == ResultKind.ORDER]
    assert seqs == list(range(1, per_thread * threads + 1))
    for k in range(threads):
        assert mine[k] == sorted(mine[k]) and len(mine[k]) == per_thread
    assert p.stats()["completed"] == per_thread * threads
    assert p.engine_stats()["total_executions"] == per_thread * threads


def test_a_full_ring_refuses_with_queue_full_and_loses_nothing_accepted(pipeline_cls):
    p = pipeline_cls(queue_capacity=2, wait="sleep")
    accepted, refused = 0, 0
    for i in range(3000):
        try:
            p.submit(1, i % 2, 0, 100.0, 1.0)
            accepted += 1
        except sx.QueueFullError:
            refused += 1
    p.stop()
    reports = [r for r in p.poll(1 << 20) if r.kind == ResultKind.ORDER]
    while True:
        more = [r for r in p.poll(1 << 20) if r.kind == ResultKind.ORDER]
        if not more:
            break
        reports.extend(more)
    assert refused > 0
    assert len(reports) == accepted
    assert [r.sequence for r in reports] == list(range(1, accepted + 1))


def test_stop_with_orders_in_flight_loses_nothing(pipeline_cls):
    p = pipeline_cls(queue_capacity=1 << 14, result_capacity=64)
    n = 5000
    for i in range(n):
        p.submit(1, i % 2, 0, 100.0 + (i % 7), 1.0)
    p.stop()
    with pytest.raises(sx.PipelineStoppedError):
        p.submit(1, 0, 0, 100.0, 1.0)
    got = []
    while True:
        batch = p.poll()
        if not batch:
            break
        got.extend(r for r in batch if r.kind == ResultKind.ORDER)
    assert [r.sequence for r in got] == list(range(1, n + 1))


def test_invalid_orders_come_back_with_their_status(pipeline_cls):
    with pipeline_cls() as p:
        seq = p.submit(1, 0, 0, float("nan"), 1.0)
        r = poll_until(p, 1)[0]
        assert r.sequence == seq and not r.ok
        assert isinstance(r.error(), sx.InvalidOrderError)
        assert r.report is None  # a refused order has no report (not a zeroed one)


def test_many_coroutines_await_execute_at_once(pipeline_cls):
    async def main(p):
        execs = await asyncio.gather(*(p.execute(1, i % 2, 0, 100.0, 1.0) for i in range(2000)))
        assert sorted(e.order_id for e in execs) == list(range(1, 2001))
        assert sum(1 for e in execs if e.status == sx.OrderStatus.FILLED) == 1000
        assert await p.cancel(999999) is False
        rest = await p.execute(1, 0, 0, 90.0, 1.0)
        assert await p.amend(rest.order_id, 2.0) is True
        assert await p.cancel(rest.order_id) is True
        with pytest.raises(sx.InvalidOrderError):
            await p.execute(1, 0, 0, -5.0, 1.0)

    with pipeline_cls(queue_capacity=64) as p:  # smaller than the burst: coroutines wait for room
        asyncio.run(main(p))


def test_coroutines_waiting_for_room_retry_only_when_woken_not_by_polling(pipeline_cls):
    # Rule: a coroutine refused for a full ring sleeps in the bridge's queue
    # and submits again only when a result (or the slow fallback timer)
    # wakes it, so its attempts are bounded by the wake-ups, not by time.
    from sigmax_exec._pipeline import AsyncBridge
    n = 2000
    attempts = [0]
    firings = [0]

    async def main(p):
        submit = p.submit

        def counting_submit(*args):
            attempts[0] += 1
            return submit(*args)

        p.submit = counting_submit
        bridge = p._bridge_for_running_loop()
        fired = bridge._room_timer_fired

        def counting_fired():
            firings[0] += 1
            fired()

        bridge._room_timer_fired = counting_fired
        execs = await asyncio.gather(*(p.execute(1, i % 2, 0, 100.0, 1.0) for i in range(n)))
        assert len(execs) == n

    with pipeline_cls(queue_capacity=64) as p:
        asyncio.run(main(p))
    # every order's first try, one retry per request result that woke a waiter, one per timer firing
    assert n <= attempts[0] <= 2 * n + firings[0]


@pytest.mark.parametrize("results_held_back", [True, False])
def test_cancelling_the_task_awaiting_execute_keeps_the_orders_report_for_poll(pipeline_cls, results_held_back):
    # The order was submitted before its await was cancelled: it is not
    # withdrawn. Its report (with the order id, so that the caller can
    # cancel a resting order) comes back from poll(); none is lost. Held
    # back: no result reaches the loop until the awaits are cancelled (every
    # cancelled await's result arrives after it). Not held back: some arrive
    # before the cancelled tasks resume, some after, as timing has it.
    async def main(p):
        if results_held_back:
            p._poll_raw = lambda *args: []  # the loop sees no result for now
        tasks = [asyncio.ensure_future(p.execute(1, 0, 0, 90.0 + (i % 5), 1.0)) for i in range(200)]
        await asyncio.sleep(0)  # every task submits and starts awaiting its result
        cancelled = sum(1 for t in tasks[::2] if t.cancel())
        if results_held_back:
            del p._poll_raw
            assert cancelled == 100
        done = await asyncio.gather(*tasks, return_exceptions=True)
        assert sum(1 for e in done if isinstance(e, asyncio.CancelledError)) == cancelled
        return {e.order_id for e in done if not isinstance(e, BaseException)}, cancelled

    with pipeline_cls() as p:
        awaited, cancelled = asyncio.run(main(p))
        polled = {r.report.order_id for r in poll_until(p, cancelled) if r.kind == ResultKind.ORDER}
        assert len(polled) == cancelled and awaited.isdisjoint(polled)
        assert awaited | polled == set(range(1, 201))  # every resting order's id is known to the caller
        assert p.poll() == []


def test_an_await_alone_in_flight_is_woken_by_its_result_every_time(pipeline_cls):
    # Each await needs the matching thread to wake the loop for a batch of
    # one; a missing wake-up makes wait_for time out. (It checks that every
    # result wakes the loop. The race that the check before waiting covers,
    # a plain look at the flag missing an arming made nanoseconds earlier,
    # is too narrow to provoke from Python.)
    async def main(p):
        for i in range(3000):
            r = await asyncio.wait_for(p.execute(1, i % 2, 0, 100.0, 1.0), timeout=10)
            assert r.order_id == i + 1

    with pipeline_cls() as p:
        asyncio.run(main(p))


def test_the_event_loop_stays_responsive_while_orders_are_awaited(pipeline_cls):
    async def main(p):
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0)

        t = asyncio.create_task(ticker())
        await asyncio.gather(*(p.execute(1, i % 2, 0, 100.0, 1.0) for i in range(500)))
        t.cancel()
        assert ticks > 0

    with pipeline_cls() as p:
        asyncio.run(main(p))


def test_symbols_can_be_configured_on_a_pipeline(pipeline_cls):
    with pipeline_cls() as p:
        p.configure_symbol(3, tick_size=0.5, lot_size=1.0)
        with pytest.raises(sx.InvalidConfigError):
            p.configure_symbol(3, tick_size=-1.0, lot_size=1.0)
        p.submit(3, 0, 0, 10.25, 1.0)   # off the 0.5 tick
        p.submit(3, 0, 0, 10.5, 1.0)
        r = poll_until(p, 2)
        assert isinstance(r[0].error(), sx.InvalidOrderError) and r[1].ok


def test_a_pipeline_nobody_references_is_collected_and_its_thread_stops(pipeline_cls):
    def threads_and_fds():
        return len(os.listdir("/proc/self/task")), len(os.listdir("/proc/self/fd"))

    gc.collect()
    before = threads_and_fds()
    for _ in range(3):
        p = pipeline_cls(queue_capacity=4)
        for k in range(4):  # a full queue at the moment it is dropped
            p.submit(1, k % 2, 0, 100.0, 1.0)
        del p
    gc.collect()
    deadline = time.monotonic() + 10
    while threads_and_fds() != before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert threads_and_fds() == before


def stall(p):
    """Submits resting buys (one result each, no fills) without polling until
    the matching thread waits for the poller and the submission ring is full;
    both stay so until somebody polls. Returns how many were accepted."""
    accepted = 0
    waiting = False  # once the matching thread waits for a poller that never comes, it takes nothing more
    deadline = time.monotonic() + 30
    while True:
        try:
            p.submit(1, 0, 0, 100.0, 1.0)
            accepted += 1
        except sx.QueueFullError:
            if waiting:  # full after it stopped taking: stays full
                return accepted
            waiting = p.stats()["backpressure_waits"] > 0
            time.sleep(0.001)
        assert time.monotonic() < deadline, "the matching thread never waited for the poller"


def order_sequences(p, n_reports):
    return [r.sequence for r in poll_until(p, n_reports) if r.kind == ResultKind.ORDER]


def test_result_capacity_is_four_queues_by_default_and_rounded_up(pipeline_cls):
    with pipeline_cls(queue_capacity=100) as p:
        assert (p.stats()["capacity"], p.stats()["result_capacity"]) == (128, 512)
    with pipeline_cls(queue_capacity=100, result_capacity=1000) as p:
        assert p.stats()["result_capacity"] == 1024


def test_a_full_result_ring_makes_the_matching_thread_wait_and_drops_nothing(pipeline_cls):
    with pipeline_cls(queue_capacity=4, result_capacity=4) as p:
        accepted = stall(p)
        s = p.stats()
        assert s["result_high_water"] == s["result_capacity"] == 4
        assert s["completed"] < s["submitted"] == accepted
        assert order_sequences(p, accepted) == list(range(1, accepted + 1))
        assert p.stats()["completed"] == accepted


def test_configure_symbol_from_the_polling_thread_returns_while_the_result_ring_is_full(pipeline_cls):
    # The matching thread waits for room inside its claim on the engine; the
    # caller is the only poller. configure_symbol must not wait for itself.
    with pipeline_cls(queue_capacity=4, result_capacity=4) as p:
        accepted = stall(p)
        p.configure_symbol(3, tick_size=0.5, lot_size=1.0)
        assert order_sequences(p, accepted) == list(range(1, accepted + 1))
        p.submit(3, 0, 0, 10.25, 1.0)  # off symbol 3's new tick
        r = poll_until(p, 1)
        assert isinstance(r[0].error(), sx.InvalidOrderError) and r[0].sequence == accepted + 1


def test_submit_wait_returns_at_once_when_there_is_room(pipeline_cls):
    with pipeline_cls() as p:
        assert p.submit_wait(1, 0, 0, 100.0, 1.0, timeout=0) == 1
        assert p.submit_wait(1, 1, 0, 100.0, 1.0, sx.TimeInForce.IOC) == 2
        assert [r.report.status for r in poll_until(p, 2) if r.kind == ResultKind.ORDER] == [
            sx.OrderStatus.NEW, sx.OrderStatus.FILLED]


def test_submit_wait_gives_queue_full_at_the_timeout_and_enqueues_nothing(pipeline_cls):
    with pipeline_cls(queue_capacity=4, result_capacity=4) as p:
        accepted = stall(p)
        start = time.monotonic()
        with pytest.raises(sx.QueueFullError):
            p.submit_wait(1, 0, 0, 100.0, 1.0, timeout=0.05)
        assert time.monotonic() - start >= 0.049  # it waited, it did not give up at once
        assert p.stats()["submitted"] == accepted
        assert order_sequences(p, accepted) == list(range(1, accepted + 1))


def test_submit_wait_waits_until_a_poller_makes_room(pipeline_cls):
    with pipeline_cls(queue_capacity=4, result_capacity=4) as p:
        accepted = stall(p)
        seen, done = [], threading.Event()

        def poller():
            time.sleep(0.05)  # the submit below is waiting by then
            while not done.is_set():
                seen.extend(r.sequence for r in p.poll() if r.kind == ResultKind.ORDER)
                time.sleep(0.0005)

        t = threading.Thread(target=poller)
        t.start()
        try:
            seq = p.submit_wait(1, 0, 0, 100.0, 1.0, timeout=30)
        finally:
            done.set()
            t.join()
        assert seq == accepted + 1
        seen.extend(order_sequences(p, seq - len(seen)))
        assert seen == list(range(1, seq + 1))


@pytest.mark.parametrize("timeout, error", [(-1, ValueError), (float("nan"), ValueError), (-0.001, ValueError),
                                            ("1", TypeError), (object(), TypeError)])
def test_submit_wait_refuses_a_bad_timeout_before_enqueuing(pipeline_cls, timeout, error):
    with pipeline_cls() as p:
        with pytest.raises(error):
            p.submit_wait(1, 0, 0, 100.0, 1.0, timeout=timeout)
        assert p.stats()["submitted"] == 0


def test_submit_wait_after_stop_raises_pipeline_stopped(pipeline_cls):
    p = pipeline_cls()
    p.stop()
    with pytest.raises(sx.PipelineStoppedError):
        p.submit_wait(1, 0, 0, 100.0, 1.0, timeout=1)


def test_an_await_cancelled_after_submitting_leaves_later_awaits_and_fills_intact(pipeline_cls):
    async def main(p):
        first = asyncio.ensure_future(p.execute(1, 0, 0, 100.0, 1.0))
        await asyncio.sleep(0)  # it submits, then waits for its report (which may be there already)
        first.cancel()
        try:
            await first  # cancelled, unless its report came first
            cancelled = False
        except asyncio.CancelledError:
            cancelled = True
        taker = await p.execute(1, 1, 0, 100.0, 1.0)  # trades with the first order either way
        assert taker.status == sx.OrderStatus.FILLED
        return taker, cancelled

    with pipeline_cls() as p:
        taker, cancelled = asyncio.run(main(p))
        kept = p.poll()  # the first order's report is kept only if its await was cancelled
        expected = [(1, ResultKind.ORDER)] if cancelled else []
        assert [(r.sequence, r.kind) for r in kept] == expected + [(2, ResultKind.FILL)]
        kept = kept[-1:]
        assert kept[0].fill.maker_order_id == 1 and kept[0].fill.taker_order_id == taker.order_id == 2


# ---------------------------------------------------------------------------
# Book queries: answered by the matching thread in order with the submissions.

def test_an_awaited_depth_after_awaited_executes_reflects_them(backend):
    direct = backend.Engine()
    direct.configure_symbol(1, tick_size=0.01, lot_size=0.1)
    orders = [(1, 1, 0, 101.5, 2.0), (1, 1, 0, 101.25, 1.5), (1, 0, 0, 99.75, 3.0), (1, 0, 0, 99.5, 0.4),
              (1, 0, 0, 101.25, 0.5), (1, 1, 1, 0.0, 0.2)]  # a partial fill, then a market sell

    async def main(p):
        for o in orders:
            await p.execute(*o)
            direct.execute_order(*o)
            assert await p.depth(1) == direct.depth(1)
            assert await p.top_of_book(1) == direct.top_of_book(1)
        assert await p.depth(1, 1) == direct.depth(1, 1)
        assert await p.depth(1, 0) == {"bids": [], "asks": []}
        assert await p.depth(7) == {"bids": [], "asks": []}  # a symbol without a book
        assert await p.top_of_book(7) == sx.TopOfBook(None, 0.0, None, 0.0)

    with backend.Pipeline() as p:
        p.configure_symbol(1, tick_size=0.01, lot_size=0.1)
        asyncio.run(main(p))
    assert direct.depth(1)["bids"] and direct.depth(1)["asks"]  # both sides were seen non-empty


def test_a_depth_query_every_7th_order_sees_what_a_direct_engine_saw(backend):
    rng = random.Random(21)
    ops = []
    for i in range(1, 2501):
        if rng.random() < 0.1 and i > 10:
            ops.append(("cancel", rng.randint(1, i)))
        else:
            ops.append(("order", (rng.randrange(2), rng.randrange(2), rng.choice((0, 0, 0, 1)),
                                  100.0 + rng.randint(-5, 5), float(rng.randint(1, 5)), rng.randrange(3))))
        if i % 7 == 0:
            ops.append(("depth", rng.randrange(3), rng.choice((0, 1, 3, 10, 1000))))
    direct = backend.Engine()
    expected = []
    for op in ops:
        if op[0] == "order":
            direct.execute_order(*op[1])
        elif op[0] == "cancel":
            direct.cancel_order(op[1])
        else:
            expected.append(direct.depth(op[1], op[2]))
    submit = {"order": lambda p, op: p.submit(*op[1]), "cancel": lambda p, op: p.submit_cancel(op[1]),
              "depth": lambda p, op: p.submit_depth(op[1], op[2])}
    with backend.Pipeline(queue_capacity=256, result_capacity=1 << 15) as p:
        seqs = {}
        for op in ops:
            while True:
                try:
                    seq = submit[op[0]](p, op)
                    break
                except sx.QueueFullError:
                    time.sleep(0.0001)
            if op[0] == "depth":
                seqs[seq] = len(seqs)
        results = poll_until(p, len(ops))
    answers = [r for r in results if r.kind == ResultKind.DEPTH]
    assert [r.sequence for r in answers] == list(seqs)
    assert all(r.ok and r.report is None and r.fill is None for r in answers)
    assert [r.depth for r in answers] == expected
    assert sum(1 for d in expected if d["bids"] or d["asks"]) > len(expected) // 3  # books were not all empty
    assert all(r.depth is None for r in results if r.kind != ResultKind.DEPTH)


@pytest.mark.parametrize("symbol, levels, error", [
    (1, -1, ValueError), (1, (1 << 20) + 1, ValueError), (1, 1 << 64, ValueError), (1, 2 ** 200, ValueError),
    (1, 1.0, TypeError), (1, True, TypeError), (1, "3", TypeError), (1, None, TypeError),
    (2 ** 32, 1, sx.InvalidOrderError), (-1, 1, sx.InvalidOrderError), (1.0, 1, TypeError)])
def test_a_bad_book_query_raises_and_submits_nothing(backend, symbol, levels, error):
    with backend.Pipeline() as p:
        p.submit(1, 0, 0, 100.0, 1.0)
        with pytest.raises(error):
            p.submit_depth(symbol, levels)

        async def awaited():
            with pytest.raises(error):
                await p.depth(symbol, levels)
            if levels.__class__ is int and levels == 1:  # the symbol is the bad argument
                with pytest.raises(error):
                    await p.top_of_book(symbol)
            return await p.depth(1)
        assert asyncio.run(awaited()) == {"bids": [(100.0, 1.0)], "asks": []}
        assert p.stats()["submitted"] == 2  # the order and the good query


def test_a_book_query_may_ask_for_the_documented_maximum_of_levels(backend):
    assert sx.MAX_QUERY_LEVELS == 1 << 20
    with backend.Pipeline() as p:
        p.submit(1, 1, 0, 100.0, 1.0)
        seq = p.submit_depth(1, sx.MAX_QUERY_LEVELS)
        results = poll_until(p, 2)
    assert [(r.sequence, r.depth) for r in results if r.kind == ResultKind.DEPTH] == \
        [(seq, {"bids": [], "asks": [(100.0, 1.0)]})]


def test_a_pipeline_closed_or_dropped_with_unpolled_book_queries_frees_them_safely(pipeline_cls):
    for drop in (False, True):
        p = pipeline_cls(queue_capacity=128)
        for k in range(40):
            p.submit(1, k % 2, 0, 100.0 + k % 3, 1.0)
            p.submit_depth(1, 50)
        if drop:
            del p
            gc.collect()
        else:
            p.close()
            with pytest.raises(sx.SigmaxError):
                p.submit_depth(1, 5)


def test_book_queries_from_several_threads_are_answered_while_another_thread_polls(pipeline_cls):
    with pipeline_cls(queue_capacity=1024, result_capacity=1 << 14) as p:
        def producer(k):
            for i in range(200):
                for submit in (lambda: p.submit(1, k % 2, 0, 100.0 + i % 5, 1.0), lambda: p.submit_depth(1, 3)):
                    while True:
                        try:
                            submit()
                            break
                        except sx.QueueFullError:
                            time.sleep(0.0001)
        threads = [threading.Thread(target=producer, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        results = poll_until(p, 4 * 400)
        for t in threads:
            t.join()
    answers = [r for r in results if r.kind == ResultKind.DEPTH]
    assert len(answers) == 800
    assert all(r.ok and len(r.depth["bids"]) <= 3 and len(r.depth["asks"]) <= 3 for r in answers)
