"""Argument types (docs/python.md): integers where the C API takes integers
(anything with __index__, never a bool, float or string), numbers for prices,
quantities and sizes (an int or float, never a bool or string). A value of
the wrong type raises the same TypeError on every backend, before the engine
sees it: nothing changes, no order id is used, nothing is counted."""
import asyncio
import decimal
import fractions

import numpy as np
import pytest

import sigmax_exec as sx

from conftest import loaded_backends

ORDER = (1, 0, 0, 100.0, 1.0, 0)  # symbol, side, type, price, quantity, tif


def order_with(**changes):
    names = ("symbol_id", "side", "order_type", "price", "quantity", "tif")
    values = dict(zip(names, ORDER))
    values.update(changes)
    return tuple(values[n] for n in names)


# (rule, the order's arguments): each must raise TypeError from execute_order,
# from a batch of one such tuple, and from Pipeline.submit.
WRONG_ORDER_TYPES = [
    ("a float symbol id is not truncated", order_with(symbol_id=1.9)),
    ("a whole float symbol id is still a float", order_with(symbol_id=1.0)),
    ("a bool symbol id is not 1", order_with(symbol_id=True)),
    ("a string symbol id", order_with(symbol_id="1")),
    ("a bool side", order_with(side=True)),
    ("a numpy bool side", order_with(side=np.True_)),
    ("a float side", order_with(side=1.0)),
    ("a string side", order_with(side="buy")),
    ("a None side", order_with(side=None)),
    ("a bool order type", order_with(order_type=False)),
    ("a float tif", order_with(tif=2.0)),
    ("a bool tif", order_with(tif=True)),
    ("a numeric string price", order_with(price="100")),
    ("an exponent string price", order_with(price="1e2")),
    ("a padded string price", order_with(price=" 1 ")),
    ("a bytes price", order_with(price=b"100")),
    ("a bool price", order_with(price=True)),
    ("a None limit price", order_with(price=None)),
    ("a string price of a market order", order_with(order_type=1, price="100")),
    ("a numeric string quantity", order_with(quantity="100")),
    ("an exponent string quantity", order_with(quantity="1e2")),
    ("a padded string quantity", order_with(quantity=" 1 ")),
    ("a bool quantity", order_with(quantity=True)),
    ("a numpy bool quantity", order_with(quantity=np.True_)),
    ("a None quantity", order_with(quantity=None)),
]
IDS = [c[0] for c in WRONG_ORDER_TYPES]


def seeded(backend):
    e = backend.Engine()
    e.execute_order(1, 1, 0, 101.0, 1.0)  # id 1 rests
    return e


def unchanged(e):
    stats = e.get_stats()
    assert e.depth(1, 10) == {"bids": [], "asks": [(101.0, 1.0)]}
    assert (stats["total_executions"], stats["invalid_requests"]) == (1, 0), "nothing ran, nothing was counted"
    assert e.execute_order(1, 0, 0, 10.0, 1.0).order_id == 2, "no order id was used"


@pytest.mark.parametrize("rule,args", WRONG_ORDER_TYPES, ids=IDS)
def test_an_order_argument_of_the_wrong_type_raises_type_error_and_changes_nothing(backend, rule, args):
    e = seeded(backend)
    with pytest.raises(TypeError):
        e.execute_order(*args)
    unchanged(e)


@pytest.mark.parametrize("rule,args", WRONG_ORDER_TYPES, ids=IDS)
def test_a_batch_with_an_order_argument_of_the_wrong_type_raises_type_error_and_leaves_out_untouched(
        backend, rule, args):
    e = seeded(backend)
    out = np.zeros(3, dtype=sx.REPORT_DTYPE)
    out.view(np.uint8)[:] = 0x5A
    with pytest.raises(TypeError):
        e.execute_batch([(1, 0, 0, 99.0, 1.0), args], out=out)
    assert (out.view(np.uint8) == 0x5A).all()
    unchanged(e)


@pytest.mark.parametrize("rule,args", WRONG_ORDER_TYPES, ids=IDS)
def test_a_pipeline_submission_with_an_argument_of_the_wrong_type_raises_type_error_and_enqueues_nothing(
        backend, rule, args):
    with backend.Pipeline() as p:
        with pytest.raises(TypeError):
            p.submit(*args)
        with pytest.raises(TypeError):
            p.submit_wait(*args, timeout=0.0)
        with pytest.raises(TypeError):
            p.submit_batch([args])
        assert p.stats()["submitted"] == 0


def test_an_awaited_pipeline_execute_with_a_string_price_raises_type_error(backend):
    async def go(p):
        with pytest.raises(TypeError):
            await p.execute(1, 0, 0, "100", 1.0)
        with pytest.raises(TypeError):
            await p.cancel(True)
        with pytest.raises(TypeError):
            await p.amend(1, "2")
    with backend.Pipeline() as p:
        asyncio.run(go(p))
        assert p.stats()["submitted"] == 0


# (rule, call on an engine seeded with a resting order 1)
WRONG_CALL_TYPES = [
    ("cancel a bool order id", lambda e: e.cancel_order(True)),
    ("cancel a float order id", lambda e: e.cancel_order(1.0)),
    ("cancel a string order id", lambda e: e.cancel_order("1")),
    ("amend a bool order id", lambda e: e.amend_order(True, 2.0)),
    ("amend to a string quantity", lambda e: e.amend_order(1, "2")),
    ("amend to a bool quantity", lambda e: e.amend_order(1, True)),
    ("order info of a bool id", lambda e: e.order_info(True)),
    ("order info of a float id", lambda e: e.order_info(1.0)),
    ("configure a bool symbol", lambda e: e.configure_symbol(True, 0.01, 0.1)),
    ("configure a float symbol", lambda e: e.configure_symbol(1.9, 0.01, 0.1)),
    ("configure a string tick size", lambda e: e.configure_symbol(3, "0.01", 0.1)),
    ("configure a bool lot size", lambda e: e.configure_symbol(3, 0.01, True)),
    ("top of book of a float symbol", lambda e: e.top_of_book(1.9)),
    ("top of book of a bool symbol", lambda e: e.top_of_book(True)),
    ("depth of a bool symbol", lambda e: e.depth(True)),
    ("depth of a float level count", lambda e: e.depth(1, 2.0)),
    ("depth of a bool level count", lambda e: e.depth(1, True)),
    ("depth of a string level count", lambda e: e.depth(1, "5")),
]


@pytest.mark.parametrize("rule,call", WRONG_CALL_TYPES, ids=[c[0] for c in WRONG_CALL_TYPES])
def test_a_management_argument_of_the_wrong_type_raises_type_error_and_changes_nothing(backend, rule, call):
    e = seeded(backend)
    with pytest.raises(TypeError):
        call(e)
    unchanged(e)


PIPELINE_CALLS = [
    ("cancel a bool order id", lambda p: p.submit_cancel(True)),
    ("amend to a string quantity", lambda p: p.submit_amend(1, "2")),
    ("configure a float symbol", lambda p: p.configure_symbol(1.9, 0.01, 0.1)),
    ("configure a string lot size", lambda p: p.configure_symbol(1, 0.01, "0.1")),
    ("poll a float count", lambda p: p.poll(1.5)),
    ("poll a bool count", lambda p: p.poll(True)),
    ("wait a string timeout", lambda p: p.submit_wait(*ORDER, timeout="1")),
    ("wait a bool timeout", lambda p: p.submit_wait(*ORDER, timeout=True)),
]


@pytest.mark.parametrize("rule,call", PIPELINE_CALLS, ids=[c[0] for c in PIPELINE_CALLS])
def test_a_pipeline_argument_of_the_wrong_type_raises_type_error(backend, rule, call):
    with backend.Pipeline() as p:
        with pytest.raises(TypeError):
            call(p)
        assert p.stats()["submitted"] == 0


@pytest.mark.parametrize("config", [{"fill_capacity": True}, {"order_capacity": True}, {"order_capacity": 8.0},
                                    {"queue_capacity": "10000"}], ids=str)
def test_an_engine_or_pipeline_capacity_of_the_wrong_type_raises_type_error(backend, config):
    with pytest.raises(TypeError):
        backend.Engine(**config)
    with pytest.raises(TypeError):
        backend.Pipeline(**config)
    with pytest.raises(TypeError):
        backend.Pipeline(queue_capacity=True)


@pytest.mark.parametrize("field,dtype,value", [
    ("symbol", np.float64, 1.9), ("side", np.bool_, True), ("price", "U8", "100"), ("quantity", "U8", "1e2"),
    ("price", np.bool_, True), ("tif", np.float32, 0.0), ("price", object, 100.0),
], ids=lambda x: str(x))
def test_an_order_array_column_of_the_wrong_kind_raises_type_error(backend, field, dtype, value):
    names = ["symbol", "side", "type", "price", "quantity", "tif"]
    types = {"symbol": np.uint32, "side": np.uint8, "type": np.uint8, "price": np.float64, "quantity": np.float64,
             "tif": np.uint8}
    types[field] = dtype
    arr = np.zeros(2, dtype=[(n, types[n]) for n in names])
    arr["price"] = 100.0 if field != "price" else arr["price"]
    arr["quantity"] = 1.0 if field != "quantity" else arr["quantity"]
    arr[field] = value
    e = seeded(backend)
    with pytest.raises(TypeError):
        e.execute_batch(arr)
    with pytest.raises(TypeError):
        sx.make_orders(*[arr[n] for n in names])
    unchanged(e)


ACCEPTED = [
    ("IntEnum codes", (1, sx.Side.BUY, sx.OrderType.LIMIT, 100.0, 1.0, sx.TimeInForce.IOC)),
    ("numpy integers and floats", (np.uint32(1), np.int64(0), np.int8(0), np.float32(100.0), np.float64(1.0),
                                   np.uint8(1))),
    ("int price and quantity", (1, 0, 0, 100, 1, 1)),
    ("Fraction and Decimal", (1, 0, 0, fractions.Fraction(100), decimal.Decimal("1"), 1)),
    ("a market order's None price", (1, 1, 1, None, 1.0, 1)),  # a sell: no bids
]


@pytest.mark.parametrize("rule,args", ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_integers_and_numbers_of_any_numeric_type_are_accepted(backend, rule, args):
    e = seeded(backend)
    ex = e.execute_order(*args)
    assert (ex.order_id, ex.status) == (2, sx.OrderStatus.CANCELLED)  # nothing crosses: cancelled


def test_benchmark_latency_takes_integer_counts_only():
    for bad in ({"iterations": 10.0}, {"iterations": True}, {"seed": "1"}, {"symbols": 2.0}):
        with pytest.raises(TypeError):
            sx.benchmark_latency(**bad)


def test_every_backend_raises_the_same_type_error_for_the_same_argument():
    backends = loaded_backends()
    if len(backends) < 2:
        pytest.skip("needs at least two backends")
    calls = [lambda e, a=args: e.execute_order(*a) for _, args in WRONG_ORDER_TYPES]
    calls += [lambda e, a=args: e.execute_batch([a]) for _, args in WRONG_ORDER_TYPES]
    calls += [c for _, c in WRONG_CALL_TYPES]
    messages = {}
    for b in backends:
        e = seeded(b)
        got = []
        for call in calls:
            try:
                call(e)
                got.append(None)
            except TypeError as exc:
                got.append(str(exc))
        messages[b.Engine.implementation] = got
    first, *rest = messages
    for name in rest:
        assert messages[name] == messages[first], name
    assert None not in messages[first]
