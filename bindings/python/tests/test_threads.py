"""Several Python threads on one engine: calls are serialised, nothing is corrupted."""
import threading

import sigmax_exec as sx


def test_threads_sharing_an_engine_never_corrupt_it(backend):
    e = backend.Engine()
    ids, errors = [], []
    lock = threading.Lock()

    def worker(seed):
        try:
            mine = []
            for i in range(1500):
                side = (i + seed) % 2
                r = e.execute_order(1, side, 0, 100.0 + (i % 5) - 2, 1.0)
                mine.append(r.order_id)
                if i % 3 == 0:
                    e.cancel_order(r.order_id)
                if i % 50 == 0:
                    e.get_stats()
            with lock:
                ids.extend(mine)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(ids) == list(range(1, 6001)), "every order got exactly one id"
    stats = e.get_stats()
    assert stats["total_executions"] == 6000
    top = e.top_of_book(1)
    assert top.bid_price is None or top.ask_price is None or top.bid_price < top.ask_price
    fills = e.drain_fills()
    assert len(fills) == stats["total_fills"]


def test_threads_making_integer_calls_each_get_their_own_calls_events(backend):
    # Each thread's callback and event list are its own: a call returns the
    # events of that call only, whatever other threads do at the same time.
    e = backend.Engine()
    errors = []

    def worker(k):
        try:
            base = (k + 1) << 32
            for i in range(1500):
                oid = base + i
                evs = e.new_order(oid, 1, (i + k) % 2, 100 + i % 5 - 2, 1 + i % 3)
                assert evs[0].order_id == oid and all(ev.order_id == oid for ev in evs), evs
                if i % 3 == 0 and e.order_info(oid) is not None:
                    try:
                        assert [ev.order_id for ev in e.cancel(oid)] == [oid]
                    except sx.OrderNotFoundError:  # another thread's order took it meanwhile
                        pass
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[0]
    assert e.get_stats()["total_executions"] == 6000
