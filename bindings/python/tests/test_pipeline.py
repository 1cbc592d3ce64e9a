"""The pipeline from Python, on every backend: submit/poll, asyncio, shutdown,
and the same results as the engine run directly."""
import asyncio
import random
import threading
import time

import pytest

import sigmax_exec as sx
from sigmax_exec import ResultKind


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
