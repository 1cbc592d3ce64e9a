"""shrink() on every backend: it returns None, and the orders left after a
mass cancellation behave exactly as before it (ids, fills, depth, stats)."""

from sigmax_exec import OrderStatus as S, OrderType as T, Side

from conftest import loaded_backends

BUY, SELL = Side.BUY, Side.SELL


def _mass_cancel_then_shrink(e):
    """Rests 3,000 orders, cancels all but every 500th, shrinks; returns what
    the engine says afterwards."""
    ids = [e.execute_order(1, BUY if k % 2 else SELL, T.LIMIT, 90.0 - k % 7 if k % 2 else 110.0 + k % 7, 1.0).order_id
           for k in range(3000)]
    kept = ids[::500]
    for i in ids:
        if i not in kept:
            assert e.cancel_order(i)
    before = e.get_stats()
    assert e.shrink() is None
    after = e.get_stats()
    assert (after["total_executions"], after["cancels"], after["resting_orders"]) == (
        before["total_executions"], before["cancels"], before["resting_orders"])
    out = [e.depth(1, 100)]
    assert e.amend_order(kept[1], 3.0)
    assert e.cancel_order(kept[2])
    out.append(e.execute_order(1, BUY, T.LIMIT, 120.0, 10.0).order_id)  # sweeps the asks, rests the rest
    out.append(e.execute_order(1, SELL, T.MARKET, 0.0, 3.0).status)  # takes the 3 lots left
    out.append([(f.maker_order_id, f.taker_order_id, f.price, f.quantity) for f in e.drain_fills()])
    out.append(e.depth(1, 100))
    out.append(e.get_stats()["resting_orders"])
    return out


def test_shrink_after_mass_cancellation_returns_none_and_keeps_the_orders_left(engine):
    out = _mass_cancel_then_shrink(engine)
    assert out[1] == 3001
    assert out[2] is S.FILLED


def test_shrink_leaves_every_backend_with_the_same_orders_fills_and_ids():
    results = []
    for backend in loaded_backends():
        e = backend.Engine()
        results.append(_mass_cancel_then_shrink(e))
        e.close()
    assert len(results) >= 1
    assert all(r == results[0] for r in results)


def test_shrink_on_a_fresh_engine_changes_nothing(engine):
    assert engine.shrink() is None
    assert engine.execute_order(1, BUY, T.LIMIT, 10.0, 1.0).order_id == 1
