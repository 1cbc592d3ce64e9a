"""execute_batch with tuples, numpy arrays and packed buffers."""
import pytest

import sigmax_exec as sx

ORDERS = [(1, 1, 0, 100.0, 1.0), (1, 1, 0, 101.0, 2.0), (1, 0, 0, 101.0, 2.5, 1), (2, 0, 1, 0.0, 1.0)]


def keys(exs):
    return [x.key() for x in exs]


def test_a_batch_equals_the_same_orders_one_by_one(backend):
    one = backend.Engine()
    expected = keys(one.execute_order(*o) for o in ORDERS)
    got = keys(sx.execute_batch(backend.Engine(), ORDERS))
    assert got == expected
    assert [x.order_id for x in sx.execute_batch(backend.Engine(), ORDERS)] == [1, 2, 3, 4]


def test_a_numpy_structured_array_gives_the_same_reports(backend):
    pytest.importorskip("numpy")
    arr = sx.make_orders([1, 1, 1, 2], [1, 1, 0, 0], [0, 0, 0, 1], [100.0, 101.0, 101.0, 0.0],
                         [1.0, 2.0, 2.5, 1.0], [0, 0, 1, 0])
    assert arr.dtype == sx.ORDER_DTYPE and arr.dtype.itemsize == 32
    assert keys(sx.execute_batch(backend.Engine(), arr)) == keys(sx.execute_batch(backend.Engine(), ORDERS))
    reports = sx.execute_batch(backend.Engine(), arr, as_array=True)
    assert reports.dtype == sx.REPORT_DTYPE and reports.dtype.itemsize == 64
    assert list(reports["order_id"]) == [1, 2, 3, 4]
    assert list(reports["status"]) == [0, 0, 2, 3]


def test_a_packed_buffer_is_accepted(backend):
    pytest.importorskip("numpy")
    arr = sx.make_orders(1, [1, 0], 0, 100.0, 1.0)
    exs = sx.execute_batch(backend.Engine(), bytes(arr.tobytes()))
    assert [x.status for x in exs] == [sx.OrderStatus.NEW, sx.OrderStatus.FILLED]


def test_an_empty_batch_returns_nothing(backend):
    assert sx.execute_batch(backend.Engine(), []) == []
    assert len(sx.execute_batch(backend.Engine(), [], out=bytearray(0))) == 0


def test_a_batch_with_an_invalid_order_executes_nothing(backend):
    e = backend.Engine()
    with pytest.raises(sx.InvalidOrderError) as info:
        sx.execute_batch(e, ORDERS + [(1, 0, 0, -1.0, 1.0)])
    assert info.value.index == 4
    assert e.depth(1) == {"bids": [], "asks": []}
    assert e.execute_order(1, 0, 0, 1.0, 1.0).order_id == 1


def test_orders_of_mixed_lengths_and_enum_values_are_accepted(backend):
    orders = [(1, sx.Side.SELL, sx.OrderType.LIMIT, 100.0, 1.0),
              (1, sx.Side.BUY, sx.OrderType.LIMIT, 100.0, 1.0, sx.TimeInForce.IOC)]
    assert [x.status for x in sx.execute_batch(backend.Engine(), orders)] == [sx.OrderStatus.NEW, sx.OrderStatus.FILLED]


def test_a_batch_stops_at_a_full_fill_buffer_and_keeps_what_ran(backend):
    e = backend.Engine(fill_capacity=1)
    with pytest.raises(sx.FillBufferFullError) as info:
        sx.execute_batch(e, [(1, 1, 0, 100.0, 1.0), (1, 0, 0, 100.0, 1.0), (1, 0, 0, 99.0, 1.0)])
    assert [x.order_id for x in info.value.executed] == [1, 2]
    assert len(e.drain_fills()) == 1


def test_a_batch_converts_argument_types_like_single_orders(backend):
    from test_bad_input import ARGUMENT_TYPES
    unusual = [(1, 0, 0, 99.0, 5.0)] + [args for _, args, _ in ARGUMENT_TYPES]
    plain = [(1, 0, 0, 99.0, 5.0)] + [p for _, _, p in ARGUMENT_TYPES]
    assert keys(sx.execute_batch(backend.Engine(), unusual)) == keys(sx.execute_batch(backend.Engine(), plain))


def test_reports_go_into_a_caller_array_when_out_is_given(backend):
    np = pytest.importorskip("numpy")
    out = np.zeros(10, dtype=sx.REPORT_DTYPE)
    got = sx.execute_batch(backend.Engine(timestamps=False), ORDERS, out=out)
    assert got.dtype == sx.REPORT_DTYPE and len(got) == len(ORDERS)
    assert np.shares_memory(got, out), "the result is a view of out, not a copy"
    expected = sx.execute_batch(backend.Engine(timestamps=False), ORDERS, as_array=True)
    assert out[: len(ORDERS)].tobytes() == expected.tobytes()
    assert out[len(ORDERS):].tobytes() == bytes(64 * (len(out) - len(ORDERS))), "reports beyond the batch are left alone"


def test_one_out_array_serves_batch_after_batch(backend):
    np = pytest.importorskip("numpy")
    e = backend.Engine()
    out = np.zeros(len(ORDERS), dtype=sx.REPORT_DTYPE)
    sx.execute_batch(e, ORDERS, out=out)
    second = sx.execute_batch(e, ORDERS, out=out)
    assert list(second["order_id"]) == [5, 6, 7, 8]


def test_reports_go_into_a_writable_buffer_in_the_c_layout(backend):
    pytest.importorskip("numpy")  # the expected reports come as an array
    buf = bytearray(len(ORDERS) * 64 + 64)
    got = sx.execute_batch(backend.Engine(timestamps=False), ORDERS, out=buf)
    assert len(got) == len(ORDERS) * 64
    expected = sx.execute_batch(backend.Engine(timestamps=False), ORDERS, as_array=True)
    assert bytes(got) == expected.tobytes() == bytes(buf[: len(ORDERS) * 64])


@pytest.mark.parametrize("make_out, error", [
    (lambda np: np.zeros(3, dtype=sx.REPORT_DTYPE), ValueError),              # room for 3 of 4
    (lambda np: bytearray(3 * 64), ValueError),                                 # the same as bytes
    (lambda np: bytes(4 * 64), ValueError),                                     # read-only
    (lambda np: np.zeros(4, dtype=sx.ORDER_DTYPE), TypeError),                  # wrong dtype
    (lambda np: np.zeros((2, 4), dtype=sx.REPORT_DTYPE), TypeError),            # not 1-D
    (lambda np: 42, TypeError),                                                 # not a buffer
])
def test_a_wrong_out_raises_before_anything_executes(backend, make_out, error):
    np = pytest.importorskip("numpy")
    e = backend.Engine()
    with pytest.raises(error):
        sx.execute_batch(e, ORDERS, out=make_out(np))
    assert e.depth(1) == {"bids": [], "asks": []}
    assert e.execute_order(1, 0, 0, 1.0, 1.0).order_id == 1, "no order id was used"


def test_a_full_fill_buffer_leaves_the_executed_reports_in_out(backend):
    np = pytest.importorskip("numpy")
    e = backend.Engine(fill_capacity=1)
    out = np.zeros(3, dtype=sx.REPORT_DTYPE)
    with pytest.raises(sx.FillBufferFullError) as info:
        sx.execute_batch(e, [(1, 1, 0, 100.0, 1.0), (1, 0, 0, 100.0, 1.0), (1, 0, 0, 99.0, 1.0)], out=out)
    assert list(info.value.executed["order_id"]) == [1, 2]
    assert np.shares_memory(info.value.executed, out)


@pytest.mark.parametrize("enabled", [True, False])
def test_a_large_batch_leaves_the_garbage_collector_as_it_found_it(backend, enabled):
    import gc
    from sigmax_exec._batch import GC_PAUSE_MIN
    orders = [(1, i % 2, 0, 100.0, 1.0) for i in range(GC_PAUSE_MIN + 1)]
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        assert len(sx.execute_batch(backend.Engine(), orders)) == len(orders)
        assert gc.isenabled() is enabled
        with pytest.raises(sx.FillBufferFullError) as info:  # the error path builds reports too
            sx.execute_batch(backend.Engine(fill_capacity=1), orders)
        assert [x.order_id for x in info.value.executed] == [1, 2]
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


# A refused or stopped batch: the reports past the executed ones are zero in
# `out` on every backend (none keeps the validation pass's scratch), and `out`
# past the batch is untouched.
SENTINEL = 0xA5


def _sentinel_out(np, n):
    out = np.zeros(n, dtype=sx.REPORT_DTYPE)
    out.view(np.uint8)[:] = SENTINEL
    return out


REFUSED_BATCHES = [
    ("an invalid order at index 2", [(1, 1, 0, 100.0, 1.0), (1, 0, 0, 99.0, 1.0), (1, 0, 0, -1.0, 1.0),
                                     (1, 0, 0, 98.0, 1.0)], {}, 0, sx.InvalidOrderError),
    ("a full fill buffer at index 2", [(1, 1, 0, 100.0, 1.0), (1, 0, 0, 100.0, 1.0), (1, 0, 0, 99.0, 1.0),
                                       (1, 0, 0, 98.0, 1.0)], {"fill_capacity": 1}, 2, sx.FillBufferFullError),
]


@pytest.mark.parametrize("rule,orders,config,executed,exc", REFUSED_BATCHES, ids=[c[0] for c in REFUSED_BATCHES])
def test_a_refused_or_stopped_batch_leaves_zeros_past_the_executed_reports_in_out(backend, rule, orders, config,
                                                                                    executed, exc):
    np = pytest.importorskip("numpy")
    e = backend.Engine(**config)
    out = _sentinel_out(np, len(orders) + 2)
    with pytest.raises(exc):
        e.execute_batch(orders, out=out)
    raw = out.view(np.uint8).reshape(len(out), -1)
    assert (out["order_id"][:executed] == np.arange(1, executed + 1)).all()
    assert not raw[executed:len(orders)].any(), "no scratch and no stale bytes past the executed reports"
    assert (raw[len(orders):] == SENTINEL).all(), "out past the batch is untouched"


def test_a_batch_with_a_bad_packed_record_leaves_all_its_reports_zero_in_out(backend):
    from test_bad_input import _packed_orders_with_a_bad_struct_size_at
    buf = bytearray(_packed_orders_with_a_bad_struct_size_at(3))
    out = bytearray([SENTINEL]) * (6 * 64)
    with pytest.raises(sx.SigmaxError):
        backend.Engine().execute_batch(buf, out=out)
    assert out[:5 * 64] == bytes(5 * 64) and out[5 * 64:] == bytes([SENTINEL]) * 64


def test_a_refused_batch_leaves_the_same_out_bytes_on_every_backend():
    from conftest import loaded_backends
    np = pytest.importorskip("numpy")
    seen = {}
    for b in loaded_backends():
        e = b.Engine()
        e.execute_order(1, 1, 0, 101.0, 1.0)
        out = _sentinel_out(np, 8)
        with pytest.raises(sx.InvalidOrderError):
            e.execute_batch([(1, 0, 0, 100.0, 1.0)] * 5 + [(1, 0, 0, 100.0, float("nan"))], out=out)
        seen[b.Engine.implementation] = out.tobytes()
    assert len(set(seen.values())) == 1, {k: v[:80] for k, v in seen.items()}
