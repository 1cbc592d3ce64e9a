"""Bad input raises a specific exception and leaves the engine exactly as it was."""

import pytest

import sigmax_exec as sx
from sigmax_exec._errors import ERR_NULL_POINTER

NAN, INF = float("nan"), float("inf")

BAD_ORDERS = [
    ("NaN price", (1, 0, 0, NAN, 1.0, 0), sx.InvalidOrderError, "SGX_ERR_INVALID_PRICE"),
    ("infinite price", (1, 0, 0, INF, 1.0, 0), sx.InvalidOrderError, "SGX_ERR_INVALID_PRICE"),
    ("negative price", (1, 0, 0, -5.0, 1.0, 0), sx.InvalidOrderError, "SGX_ERR_INVALID_PRICE"),
    ("zero price", (1, 1, 0, 0.0, 1.0, 0), sx.InvalidOrderError, "SGX_ERR_INVALID_PRICE"),
    ("NaN quantity", (1, 0, 0, 100.0, NAN, 0), sx.InvalidOrderError, "SGX_ERR_INVALID_QUANTITY"),
    ("negative quantity", (1, 0, 0, 100.0, -1.0, 0), sx.InvalidOrderError, "SGX_ERR_INVALID_QUANTITY"),
    ("zero quantity", (1, 0, 1, 0.0, 0.0, 1), sx.InvalidOrderError, "SGX_ERR_INVALID_QUANTITY"),
    ("off-tick price", (2, 0, 0, 100.005, 1.0, 0), sx.InvalidOrderError, "SGX_ERR_OFF_TICK"),
    ("off-lot quantity", (2, 0, 0, 100.0, 1.05, 0), sx.InvalidOrderError, "SGX_ERR_OFF_LOT"),
    ("too many ticks", (1, 0, 0, 1e12, 1.0, 0), sx.InvalidOrderError, "SGX_ERR_OUT_OF_RANGE"),
    ("side 2", (1, 2, 0, 100.0, 1.0, 0), sx.InvalidOrderError, "SGX_ERR_INVALID_SIDE"),
    ("side -1", (1, -1, 0, 100.0, 1.0, 0), sx.InvalidOrderError, "SGX_ERR_INVALID_SIDE"),
    ("side 256", (1, 256, 0, 100.0, 1.0, 0), sx.InvalidOrderError, "SGX_ERR_INVALID_SIDE"),
    ("order type 7", (1, 0, 7, 100.0, 1.0, 0), sx.InvalidOrderError, "SGX_ERR_INVALID_TYPE"),
    ("tif 4", (1, 0, 0, 100.0, 1.0, 4), sx.InvalidOrderError, "SGX_ERR_INVALID_TIF"),
    ("post-only market order", (1, 0, 1, 0.0, 1.0, 3), sx.InvalidOrderError, "SGX_ERR_INVALID_TIF"),
    ("symbol beyond 32 bits", (2**32, 0, 0, 100.0, 1.0, 0), sx.InvalidOrderError, "SGX_ERR_OUT_OF_RANGE"),
    ("negative symbol", (-1, 0, 0, 100.0, 1.0, 0), sx.InvalidOrderError, "SGX_ERR_OUT_OF_RANGE"),
]


def snapshot(e):
    return (e.depth(1, 50), e.depth(2, 50), e.pending_fills(), e.get_stats()["resting_orders"])


def seeded(backend):
    e = backend.Engine()
    e.configure_symbol(2, tick_size=0.01, lot_size=0.1)
    e.execute_order(1, 1, 0, 101.0, 1.0)
    e.execute_order(1, 0, 0, 101.0, 1.0)   # trades: one pending fill
    e.execute_order(1, 0, 0, 99.0, 2.0)    # id 3 rests
    e.execute_order(2, 1, 0, 105.0, 1.0)   # id 4 rests
    return e


@pytest.mark.parametrize("rule,order,exc,status", BAD_ORDERS, ids=[c[0] for c in BAD_ORDERS])
def test_bad_order_raises_its_error_and_changes_nothing(backend, rule, order, exc, status):
    e = seeded(backend)
    before = snapshot(e)
    with pytest.raises(exc) as info:
        e.execute_order(*order)
    assert info.value.status_name == status
    assert snapshot(e) == before
    assert e.execute_order(1, 0, 0, 10.0, 1.0).order_id == 5  # no id was used


@pytest.mark.parametrize("rule,call,exc", [
    ("amend to zero", lambda e: e.amend_order(3, 0.0), sx.InvalidOrderError),
    ("amend to NaN", lambda e: e.amend_order(3, NAN), sx.InvalidOrderError),
    ("amend off-lot", lambda e: e.amend_order(4, 0.55), sx.InvalidOrderError),
    ("NaN tick", lambda e: e.configure_symbol(1, NAN, 1.0), sx.InvalidConfigError),
    ("zero lot", lambda e: e.configure_symbol(1, 0.01, 0.0), sx.InvalidConfigError),
    ("retick with resting orders", lambda e: e.configure_symbol(2, 0.5, 0.1), sx.SymbolInUseError),
    ("batch with one bad order", lambda e: sx.execute_batch(e, [(1, 0, 0, 99.0, 1.0), (1, 0, 0, NAN, 1.0)]),
     sx.InvalidOrderError),
    ("price of the wrong type", lambda e: e.execute_order(1, 0, 0, "cheap", 1.0), TypeError),
    ("quantity None", lambda e: e.execute_order(1, 0, 0, 100.0, None), TypeError),
    ("order id of the wrong type", lambda e: e.cancel_order(1.5), TypeError),
], ids=lambda x: x if isinstance(x, str) else "")
def test_bad_management_call_raises_and_changes_nothing(backend, rule, call, exc):
    e = seeded(backend)
    before = snapshot(e)
    with pytest.raises(exc):
        call(e)
    assert snapshot(e) == before
    assert e.execute_order(1, 0, 0, 10.0, 1.0).order_id == 5


def test_batch_error_names_the_bad_order(backend):
    e = seeded(backend)
    with pytest.raises(sx.InvalidOrderError) as info:
        sx.execute_batch(e, [(1, 0, 0, 99.0, 1.0), (1, 0, 0, 99.0, 1.0), (1, 5, 0, 99.0, 1.0)])
    assert info.value.index == 2


def test_errors_carry_status_and_are_builtin_subclasses():
    err = sx.InvalidOrderError(-6)
    assert isinstance(err, ValueError) and isinstance(err, sx.SigmaxError)
    assert err.status == -6 and "SGX_ERR_INVALID_PRICE" in str(err)
    assert isinstance(sx.FillBufferFullError(-50), BufferError)
    from sigmax_exec._errors import error_for
    unknown = error_for(-77)
    assert type(unknown) is sx.SigmaxError and unknown.status_name == "SGX_ERR_UNKNOWN"


ARGUMENT_TYPES = [
    # (rule, arguments, the plain-int/float call they must behave as)
    ("an IntEnum side, type and tif are their values",
     (1, sx.Side.SELL, sx.OrderType.LIMIT, 101.0, 1.0, sx.TimeInForce.GTC), (1, 1, 0, 101.0, 1.0, 0)),
    ("an int price and quantity are floats", (1, 1, 0, 101, 1, 0), (1, 1, 0, 101.0, 1.0, 0)),
    ("a market order's price may be None", (1, 1, 1, None, 1.0, 1), (1, 1, 1, 0.0, 1.0, 1)),
    ("a Fraction or Decimal price is its float", (1, 1, 0, __import__("fractions").Fraction(202, 2),
                                                   __import__("decimal").Decimal("1.0"), 0), (1, 1, 0, 101.0, 1.0, 0)),
]


@pytest.mark.parametrize("rule,args,plain", ARGUMENT_TYPES, ids=[c[0] for c in ARGUMENT_TYPES])
def test_argument_types_convert_like_their_plain_values(backend, rule, args, plain):
    a, b = seeded(backend), seeded(backend)
    got, want = a.execute_order(*args), b.execute_order(*plain)
    assert got[:1] + got[2:] == want[:1] + want[2:]  # all but latency_ns
    assert snapshot(a) == snapshot(b)


def test_numpy_scalars_convert_like_their_plain_values(backend):
    np = pytest.importorskip("numpy")
    a, b = seeded(backend), seeded(backend)
    got = a.execute_order(np.uint32(1), np.int64(1), np.int8(0), np.float64(101.0), np.float32(1.0), np.uint8(0))
    want = b.execute_order(1, 1, 0, 101.0, 1.0, 0)
    assert got[:1] + got[2:] == want[:1] + want[2:]
    assert snapshot(a) == snapshot(b)


def test_a_closed_native_engine_refuses_calls_with_an_error_not_a_crash(backend):
    if backend.Engine.implementation == "python":
        pytest.skip("the pure-Python engine holds no native resources: its close() frees nothing")
    e = backend.Engine()
    e.close()
    e.close()  # idempotent
    for call in (lambda: e.execute_order(1, 0, 0, 100.0, 1.0), lambda: e.cancel_order(1),
                 lambda: e.get_stats(), lambda: e.top_of_book(1)):
        with pytest.raises(sx.SigmaxError) as info:
            call()
        assert info.value.status == ERR_NULL_POINTER


BAD_ENGINE_CONFIGS = [
    ({"fill_capacity": -1}, sx.InvalidConfigError),
    ({"fill_capacity": 1 << 64}, sx.InvalidConfigError),  # would wrap to 0 in a uint64 field
    ({"order_capacity": -1}, sx.InvalidConfigError),
    ({"order_capacity": (1 << 31) + 1}, sx.InvalidConfigError),
    ({"order_capacity": 1 << 64}, sx.InvalidConfigError),
    ({"fill_capacity": 1.5}, TypeError),
    ({"order_capacity": "10"}, TypeError),
    ({"max_symbols": 0}, sx.InvalidConfigError),
    ({"max_symbols": (1 << 32) + 1}, sx.InvalidConfigError),
    ({"max_symbols": True}, TypeError),
]
BAD_RING_CONFIGS = [
    ({"queue_capacity": 0}, sx.InvalidConfigError),
    ({"queue_capacity": (1 << 30) + 1}, sx.InvalidConfigError),
    ({"queue_capacity": 1 << 70}, sx.InvalidConfigError),
    ({"result_capacity": -5}, sx.InvalidConfigError),
    ({"result_capacity": (1 << 30) + 1}, sx.InvalidConfigError),
    ({"queue_capacity": 2.0}, TypeError),
    ({"wait": "bogus"}, sx.InvalidConfigError),
]


@pytest.mark.parametrize("config,exc", BAD_ENGINE_CONFIGS, ids=lambda x: str(x))
def test_an_engine_with_a_capacity_its_c_field_cannot_hold_is_refused(backend, config, exc):
    with pytest.raises(exc):
        backend.Engine(**config)


@pytest.mark.parametrize("config,exc", BAD_ENGINE_CONFIGS + BAD_RING_CONFIGS, ids=lambda x: str(x))
def test_a_pipeline_with_a_capacity_the_c_api_refuses_is_refused_on_every_backend(backend, config, exc):
    with pytest.raises(exc):
        backend.Pipeline(**config)


def _packed_orders_with_a_bad_struct_size_at(bad, n=5):
    from sigmax_exec._batch import ORDER_STRUCT
    buf = bytearray(n * 32)
    for i in range(n):
        ORDER_STRUCT.pack_into(buf, i * 32, 7 if i == bad else 32, 1, 0, 0, 0, 100.0, 1.0)
    return buf


def _packed_orders_with_a_reserved_byte_at(bad, n=5):
    buf = _packed_orders_with_a_bad_struct_size_at(-1, n)
    buf[bad * 32 + 11 + bad % 5] = 1  # sgx_order.reserved is bytes 11..15
    return buf


REFUSED_RECORDS = [
    ("a wrong struct size", _packed_orders_with_a_bad_struct_size_at, "SGX_ERR_STRUCT_SIZE", sx.SigmaxError),
    ("a non-zero reserved byte", _packed_orders_with_a_reserved_byte_at, "SGX_ERR_RESERVED", sx.InvalidOrderError),
]


@pytest.mark.parametrize("bad", [0, 3])
@pytest.mark.parametrize("rule,make,status,exc", REFUSED_RECORDS, ids=[c[0] for c in REFUSED_RECORDS])
def test_a_packed_order_the_c_api_refuses_is_named_and_nothing_runs(backend, rule, make, status, exc, bad):
    e = backend.Engine()
    with pytest.raises(exc) as info:
        e.execute_batch(make(bad))
    assert (info.value.status_name, info.value.index) == (status, bad)
    assert e.get_stats()["total_executions"] == 0
    with backend.Pipeline() as p:
        with pytest.raises(exc) as info:
            p.submit_batch(make(bad))
        assert (info.value.status_name, info.value.index) == (status, bad)
        assert p.stats()["submitted"] == 0


def test_an_order_array_with_a_reserved_byte_set_is_refused_on_every_backend(backend):
    np = pytest.importorskip("numpy")
    orders = sx.make_orders(1, np.array([0, 1, 0]), 0, 100.0, 1.0)
    orders["reserved"][2, 0] = 9
    e = backend.Engine()
    with pytest.raises(sx.InvalidOrderError) as info:
        e.execute_batch(orders)
    assert (info.value.status_name, info.value.index) == ("SGX_ERR_RESERVED", 2)


def test_a_packed_record_refused_before_the_engine_is_counted_as_an_invalid_request(backend):
    e = backend.Engine()
    for buf in (_packed_orders_with_a_bad_struct_size_at(2), _packed_orders_with_a_reserved_byte_at(1)):
        with pytest.raises(sx.SigmaxError):
            e.execute_batch(buf)
    stats = e.get_stats()
    assert (stats["invalid_requests"], stats["total_executions"]) == (2, 0)


@pytest.mark.parametrize("levels", [2**64 - 1, 2**63, 10**9])
def test_depth_with_a_huge_level_count_lists_the_whole_book(backend, levels):
    e = seeded(backend)
    assert e.depth(1, levels) == e.depth(1, 50) == {"bids": [(99.0, 2.0)], "asks": []}


def test_every_c_status_has_the_same_name_and_text_in_python():
    import sigmax_exec._errors as E
    try:
        lib = sx.load_backend("cffi")
        name, text = (lambda c: lib.ffi.string(lib.lib.sgx_status_name(c)).decode()), \
            (lambda c: lib.ffi.string(lib.lib.sgx_status_str(c)).decode())
    except ImportError:
        pytest.skip("needs the cffi backend")
    c_codes = {c for c in range(-128, 1) if name(c) != "SGX_ERR_UNKNOWN"}
    assert c_codes == set(E.STATUS_NAMES)
    for c in c_codes:
        assert E.STATUS_NAMES[c] == (name(c), text(c))


def _edge_values(inc):
    """Whole numbers of `inc` from 1 to past 2^53, and their neighbours a few
    ulps away and half an increment away: where the tolerance rule decides."""
    import math
    for n in (1, 7, 10_001, 2**20 + 3, 2**40 + 1, 2**52 - 1, 2**52, 2**52 + 2, 2**53, 2**53 + 2):
        exact = n * inc
        yield exact
        yield (n + 0.5) * inc
        up = down = exact
        for _ in range(8):
            up, down = math.nextafter(up, math.inf), math.nextafter(down, 0.0)
            yield up
            yield down


@pytest.mark.parametrize("inc", [0.01, 1e-8, 0.1, 0.5, 1e-3])
def test_prices_and_quantities_convert_exactly_as_the_reference_rule(backend, inc):
    # The rule of docs/semantics.md as _pure.to_units states it. Every backend's
    # order path (the pure engine's inlines it) must accept the same values
    # with the same ticks and lots, and refuse the others with the same error.
    from sigmax_exec._pure import to_units
    from sigmax_exec._values import to_value
    import sigmax_exec._errors as E
    e = backend.Engine()
    e.configure_symbol(1, tick_size=inc, lot_size=inc)
    for value in _edge_values(inc):
        for as_price in (True, False):
            price, qty = (value, inc) if as_price else (inc, value)
            want = to_units(value, inc, *((E.ERR_INVALID_PRICE, E.ERR_OFF_TICK) if as_price
                                          else (E.ERR_INVALID_QUANTITY, E.ERR_OFF_LOT)))
            try:
                ex = e.execute_order(1, 0, 0, price, qty)
            except sx.InvalidOrderError as err:
                assert want < 0 and err.status == want, (value, as_price, err.status, want)
                continue
            assert want > 0, (value, as_price)
            info = e.order_info(ex.order_id)
            units = info.price if as_price else info.remaining_quantity
            assert units == to_value(want, inc), (value, as_price, units, want)  # the decimal rule
            assert e.cancel_order(ex.order_id)


# An order id outside [0, 2^64) cannot reach the C API: every backend treats
# it as an id no order has (docs/python.md, "The engine").
OUT_OF_RANGE_IDS = [-1, -(1 << 70), 1 << 64, (1 << 64) + 1, 1 << 100]
UNKNOWN_ID = 123456


def _unknown_id_outcomes(e, order_id):
    """What cancel, amend (a good and a bad quantity) and order_info do with
    an id, and how the statistics move."""
    before = e.get_stats()
    out = [e.cancel_order(order_id), e.amend_order(order_id, 2.0), e.order_info(order_id)]
    with pytest.raises(sx.InvalidOrderError) as bad:
        e.amend_order(order_id, -1.0)
    out.append(bad.value.status_name)
    after = e.get_stats()
    moved = {k: after[k] - before[k] for k in ("cancels", "amends", "invalid_requests", "resting_orders")}
    return out, moved


@pytest.mark.parametrize("order_id", OUT_OF_RANGE_IDS)
def test_an_order_id_outside_64_bits_is_an_unknown_id_on_every_backend(backend, order_id):
    e = seeded(backend)
    e.execute_order(1, 0, 0, 90.0, 1.0)  # a resting order, untouched by any of it
    before = snapshot(e)
    outcome = _unknown_id_outcomes(e, order_id)
    assert outcome == _unknown_id_outcomes(e, UNKNOWN_ID)
    assert outcome == ([False, False, None, "SGX_ERR_INVALID_QUANTITY"],
                       {"cancels": 0, "amends": 0, "invalid_requests": 1, "resting_orders": 0})
    assert snapshot(e) == before


@pytest.mark.parametrize("order_id", OUT_OF_RANGE_IDS)
def test_a_pipeline_cancel_or_amend_of_an_id_outside_64_bits_is_not_found_on_every_backend(backend, order_id):
    import time
    from sigmax_exec._errors import ERR_NOT_FOUND, ERR_INVALID_QUANTITY
    with backend.Pipeline() as p:
        seqs = [p.submit_cancel(order_id), p.submit_amend(order_id, 2.0), p.submit_amend(order_id, -1.0),
                p.submit_cancel(UNKNOWN_ID)]
        results, deadline = [], time.monotonic() + 30
        while len(results) < len(seqs):
            assert time.monotonic() < deadline
            results += p.poll()
    assert [(r.sequence, r.status) for r in results] == list(zip(seqs, [ERR_NOT_FOUND, ERR_NOT_FOUND,
                                                                       ERR_INVALID_QUANTITY, ERR_NOT_FOUND]))
