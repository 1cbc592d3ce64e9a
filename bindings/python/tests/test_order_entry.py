"""The integer order entry's rules (docs/semantics.md, "Integer order
entry"; docs/python.md), one test per rule, on every backend. Owners and
self-trade prevention: test_self_trade.py."""
import pytest

import sigmax_exec as sx
from sigmax_exec import CancelReason as R, EventKind as K, OrderEvent
from entry_helpers import BUY, FOK, IOC, MAX, POST, SELL, SYM, depth, kinds, make_engine, queue, snapshot


@pytest.fixture
def engine(backend):
    e = make_engine(backend)
    yield e
    e.close()


# ---- new orders ----------------------------------------------------------------

def test_an_order_that_does_not_cross_is_accepted_and_rests(engine):
    evs = engine.new_order(7, SYM, BUY, 100, 5)
    assert evs == [OrderEvent(7, 0, 100, 5, 5, 0, SYM, 0, K.ACCEPTED, BUY, R.NONE, False)]
    assert depth(engine) == ([(100, 5)], [])
    assert engine.order_info(7).remaining_quantity == 5.0


def test_a_crossing_order_has_accepted_then_its_trades_oldest_first_with_both_remainders(engine):
    engine.new_order(1, SYM, SELL, 101, 3)
    engine.new_order(2, SYM, SELL, 100, 2)
    engine.new_order(3, SYM, SELL, 100, 4)
    evs = engine.new_order(9, SYM, BUY, 101, 8)
    assert [(e.kind, e.maker_id, e.price, e.lots, e.remaining, e.maker_remaining, e.maker_done) for e in evs] == [
        (K.ACCEPTED, 0, 101, 8, 8, 0, False), (K.TRADE, 2, 100, 2, 6, 0, True), (K.TRADE, 3, 100, 4, 2, 0, True),
        (K.TRADE, 1, 101, 2, 0, 1, False)]
    assert depth(engine) == ([], [(101, 1)])


def test_a_gtc_remainder_rests_as_the_newest_order_at_its_price(engine):
    engine.new_order(1, SYM, SELL, 100, 2)
    evs = engine.new_order(2, SYM, BUY, 100, 5)
    assert evs[-1].kind == K.TRADE and evs[-1].remaining == 3
    assert depth(engine) == ([(100, 3)], [])


def test_what_an_ioc_or_market_order_does_not_fill_is_cancelled_as_ioc_remainder(engine):
    engine.new_order(1, SYM, SELL, 100, 2)
    evs = engine.new_order(2, SYM, BUY, 100, 5, tif=IOC)
    assert kinds(evs) == [(K.ACCEPTED, R.NONE), (K.TRADE, R.NONE), (K.CANCELLED, R.IOC_REMAINDER)]
    assert evs[-1].lots == 3 and evs[-1].remaining == 0
    engine.new_order(3, SYM, SELL, 104, 1)
    evs = engine.new_order(4, SYM, BUY, None, 2, order_type=sx.OrderType.MARKET)
    assert evs[0].price == 0 and kinds(evs)[-1] == (K.CANCELLED, R.IOC_REMAINDER)
    assert evs[-1].price == 0 and evs[-1].lots == 1
    assert depth(engine) == ([], [])


def test_an_ioc_that_crosses_nothing_is_accepted_then_cancelled(engine):
    evs = engine.new_order(1, SYM, BUY, 100, 5, tif=IOC)
    assert kinds(evs) == [(K.ACCEPTED, R.NONE), (K.CANCELLED, R.IOC_REMAINDER)]
    assert depth(engine) == ([], [])


def test_a_fok_that_cannot_fill_completely_makes_no_trade_at_all(engine):
    engine.new_order(1, SYM, SELL, 100, 2)
    engine.new_order(2, SYM, SELL, 102, 9)
    evs = engine.new_order(3, SYM, BUY, 101, 3, tif=FOK)
    assert kinds(evs) == [(K.ACCEPTED, R.NONE), (K.CANCELLED, R.FOK_UNFILLED)] and evs[-1].lots == 3
    assert depth(engine) == ([], [(100, 2), (102, 9)])
    evs = engine.new_order(3, SYM, BUY, 102, 3, tif=FOK)
    assert kinds(evs) == [(K.ACCEPTED, R.NONE), (K.TRADE, R.NONE), (K.TRADE, R.NONE)]
    assert depth(engine) == ([], [(102, 8)])


def test_a_post_only_order_that_would_trade_is_cancelled_and_counted_as_a_reject(engine):
    engine.new_order(1, SYM, SELL, 100, 2)
    evs = engine.new_order(2, SYM, BUY, 100, 5, tif=POST)
    assert kinds(evs) == [(K.ACCEPTED, R.NONE), (K.CANCELLED, R.POST_ONLY_WOULD_TRADE)]
    assert depth(engine) == ([], [(100, 2)])
    assert engine.get_stats()["rejects"] == 1
    assert engine.new_order(3, SYM, BUY, 99, 5, tif=POST)[0].kind == K.ACCEPTED
    assert depth(engine) == ([(99, 5)], [(100, 2)])


# ---- refusals ------------------------------------------------------------------

def test_a_duplicate_client_id_is_refused_with_duplicate_order_id_and_changes_nothing(engine):
    engine.new_order(5, SYM, SELL, 100, 2)
    before = snapshot(engine)
    with pytest.raises(sx.DuplicateOrderIdError) as info:
        engine.new_order(5, SYM, BUY, 100, 1, tif=IOC)  # even an IOC that would only trade
    assert info.value.status == -35 and info.value.status_name == "SGX_ERR_DUPLICATE_ORDER_ID"
    assert snapshot(engine) == before


def test_an_id_resting_from_the_double_api_is_a_duplicate_too(engine):
    oid = engine.execute_order(SYM, 0, 0, 90.0, 1.0).order_id
    with pytest.raises(sx.DuplicateOrderIdError):
        engine.new_order(oid, 2, SELL, 100, 2)


def test_an_id_is_free_again_once_its_order_left_the_book(engine):
    engine.new_order(5, SYM, SELL, 100, 2)
    engine.new_order(6, SYM, BUY, 100, 2)
    assert engine.new_order(5, SYM, SELL, 100, 2)[0].kind == K.ACCEPTED


def test_client_id_0_is_refused_with_invalid_order_id_and_counted_as_invalid(engine):
    with pytest.raises(sx.InvalidOrderIdError) as info:
        engine.new_order(0, SYM, BUY, 100, 5)
    assert isinstance(info.value, sx.InvalidOrderError) and info.value.status == -14
    assert engine.get_stats()["invalid_requests"] == 1 and depth(engine) == ([], [])


@pytest.mark.parametrize("price, lots, status", [
    (0, 1, "SGX_ERR_INVALID_PRICE"), (-5, 1, "SGX_ERR_INVALID_PRICE"), (MAX + 1, 1, "SGX_ERR_OUT_OF_RANGE"),
    (1 << 70, 1, "SGX_ERR_OUT_OF_RANGE"), (100, 0, "SGX_ERR_INVALID_QUANTITY"), (100, MAX + 1, "SGX_ERR_OUT_OF_RANGE"),
    (-(1 << 70), 1, "SGX_ERR_INVALID_PRICE")])
def test_bad_prices_and_lots_get_the_double_apis_statuses_and_change_nothing(engine, price, lots, status):
    engine.new_order(1, SYM, SELL, 100, 2)
    before = snapshot(engine)
    with pytest.raises(sx.InvalidOrderError) as info:
        engine.new_order(2, SYM, BUY, price, lots)
    assert info.value.status_name == status
    after = snapshot(engine)
    assert after[0] == before[0] and after[1]["invalid_requests"] == before[1]["invalid_requests"] + 1


@pytest.mark.parametrize("kw, status", [({"tif": 4}, "SGX_ERR_INVALID_TIF"),
                                        ({"order_type": 2}, "SGX_ERR_INVALID_TYPE"),
                                        ({"order_type": 1, "tif": 3}, "SGX_ERR_INVALID_TIF")])
def test_bad_codes_are_refused_with_their_status(engine, kw, status):
    with pytest.raises(sx.InvalidOrderError) as info:
        engine.new_order(2, SYM, BUY, 100, 1, **kw)
    assert info.value.status_name == status
    with pytest.raises(sx.InvalidOrderError) as info:
        engine.new_order(2, SYM, 2, 100, 1)
    assert info.value.status_name == "SGX_ERR_INVALID_SIDE"


@pytest.mark.parametrize("call", [
    lambda e: e.new_order(1.0, SYM, BUY, 100, 1), lambda e: e.new_order(1, SYM, BUY, 100.0, 1),
    lambda e: e.new_order(1, SYM, BUY, 100, True), lambda e: e.new_order(1, SYM, "buy", 100, 1),
    lambda e: e.new_order(1, SYM, BUY, 100, 1, stp=1.0), lambda e: e.replace(1, "100", 1), lambda e: e.cancel(None)])
def test_arguments_of_the_wrong_type_raise_type_error(engine, call):
    with pytest.raises(TypeError):
        call(engine)


def test_ids_and_owners_outside_64_bits_are_out_of_range(engine):
    for kw in ({"owner": -1}, {"owner": 1 << 64}):
        with pytest.raises(sx.InvalidOrderError):
            engine.new_order(1, SYM, BUY, 100, 1, **kw)
    with pytest.raises(sx.InvalidOrderError):
        engine.new_order(1 << 64, SYM, BUY, 100, 1)
    with pytest.raises(sx.OrderNotFoundError):
        engine.cancel(-1)


# ---- cancel --------------------------------------------------------------------

def test_cancel_emits_cancelled_with_the_orders_side_price_and_open_lots(engine):
    engine.new_order(4, SYM, SELL, 103, 6)
    engine.new_order(5, SYM, BUY, 103, 2)
    assert engine.cancel(4) == [OrderEvent(4, 0, 103, 4, 0, 0, SYM, 0, K.CANCELLED, SELL, R.USER, False)]
    assert depth(engine) == ([], []) and engine.get_stats()["cancels"] == 1


def test_cancel_of_an_unknown_id_raises_order_not_found_and_changes_nothing(engine):
    engine.new_order(4, SYM, SELL, 103, 6)
    before = snapshot(engine)
    with pytest.raises(sx.OrderNotFoundError) as info:
        engine.cancel(99)
    assert isinstance(info.value, KeyError) and info.value.status == -30
    assert snapshot(engine) == before


def test_cancel_finds_an_order_of_the_double_api(engine):
    oid = engine.execute_order(SYM, 1, 0, 105.0, 2.0).order_id
    assert kinds(engine.cancel(oid)) == [(K.CANCELLED, R.USER)]
    assert engine.cancel_order(oid) is False  # the double API's cancel keeps its meaning


# ---- replace -------------------------------------------------------------------

def test_a_replace_to_fewer_lots_at_the_same_price_keeps_the_orders_time_priority(engine):
    for oid in (1, 2):
        engine.new_order(oid, SYM, BUY, 100, 5)
    evs = engine.replace(1, 100, 3)
    assert evs == [OrderEvent(1, 0, 100, 3, 3, 0, SYM, 0, K.REPLACED, BUY, R.NONE, False)]
    assert depth(engine) == ([(100, 8)], [])
    assert queue(engine, 100, {1, 2}) == [1, 2]


def test_a_replace_to_more_lots_at_the_same_price_moves_the_order_to_the_back_of_its_level(engine):
    for oid in (1, 2):
        engine.new_order(oid, SYM, BUY, 100, 5)
    engine.replace(1, 100, 6)
    assert queue(engine, 100, {1, 2}) == [2, 1]


def test_a_replace_to_another_price_requeues_the_order_behind_that_levels_orders(engine):
    engine.new_order(1, SYM, BUY, 100, 5)
    engine.new_order(2, SYM, BUY, 99, 5)
    engine.replace(1, 99, 2)
    assert depth(engine) == ([(99, 7)], [])
    assert queue(engine, 99, {1, 2}) == [2, 1]


def test_a_replace_to_a_crossing_price_trades_as_a_new_order_with_the_same_id_then_rests_what_is_left(engine):
    engine.new_order(1, SYM, SELL, 101, 2)
    engine.new_order(2, SYM, BUY, 99, 5)
    evs = engine.replace(2, 101, 6)
    assert kinds(evs) == [(K.REPLACED, R.NONE), (K.TRADE, R.NONE)]
    assert evs[1].order_id == 2 and evs[1].maker_id == 1 and evs[1].remaining == 4
    assert depth(engine) == ([(101, 4)], [])
    info = engine.order_info(2)
    assert (info.executed_quantity, info.remaining_quantity, info.original_quantity) == (2.0, 4.0, 6.0)


def test_a_replace_that_fills_the_order_takes_it_off_the_book(engine):
    engine.new_order(1, SYM, SELL, 101, 9)
    engine.new_order(2, SYM, BUY, 99, 5)
    assert engine.replace(2, 102, 3)[-1].remaining == 0
    assert engine.order_info(2) is None and depth(engine) == ([], [(101, 6)])


@pytest.mark.parametrize("order_id, price, lots, error", [
    (1, 0, 5, sx.InvalidOrderError), (1, 100, 0, sx.InvalidOrderError), (1, MAX + 1, 5, sx.InvalidOrderError),
    (77, 100, 5, sx.OrderNotFoundError), (77, 0, 5, sx.OrderNotFoundError), (77, -MAX - 1, 5, sx.InvalidOrderError),
    (77, 100, 0, sx.InvalidOrderError)])
def test_a_refused_replace_raises_and_changes_nothing(engine, order_id, price, lots, error):
    engine.new_order(1, SYM, BUY, 100, 5)
    before = snapshot(engine)
    with pytest.raises(error):
        engine.replace(order_id, price, lots)
    after = snapshot(engine)
    assert after[0] == before[0] and after[1]["amends"] == 0


def test_replace_counts_an_amend(engine):
    engine.new_order(1, SYM, BUY, 100, 5)
    engine.replace(1, 100, 4)
    engine.replace(1, 98, 4)
    assert engine.get_stats()["amends"] == 2


# ---- cancel_all ----------------------------------------------------------------

def test_cancel_all_cancels_every_order_of_its_symbol_bids_best_first_then_asks_and_no_other(engine):
    engine.new_order(1, SYM, BUY, 98, 1)
    engine.new_order(2, SYM, BUY, 99, 1)
    engine.new_order(3, SYM, BUY, 99, 1)
    engine.new_order(4, SYM, SELL, 102, 1)
    engine.new_order(5, SYM, SELL, 101, 1)
    engine.new_order(6, 2, SELL, 101, 1)
    oid = engine.execute_order(SYM, 1, 0, 103.0, 1.0).order_id
    evs = engine.cancel_all(SYM)
    assert [e.order_id for e in evs] == [2, 3, 1, 5, 4, oid]
    assert all(e.kind == K.CANCELLED and e.reason == R.USER for e in evs)
    assert depth(engine) == ([], []) and depth(engine, 2) == ([], [(101, 1)])
    assert engine.cancel_all(SYM) == [] and engine.cancel_all(12345) == []


# ---- the two APIs together --------------------------------------------------------

def test_engine_assigned_ids_skip_resting_client_ids_so_the_two_never_collide(engine):
    first = engine.execute_order(SYM, 0, 0, 50.0, 1.0).order_id
    engine.new_order(first + 1, SYM, BUY, 50, 1)
    engine.new_order(first + 2, SYM, BUY, 50, 1)
    assert engine.execute_order(SYM, 0, 0, 50.0, 1.0).order_id == first + 3


def test_integer_trades_are_in_the_statistics_but_not_in_the_fill_buffer(engine):
    engine.execute_order(SYM, 1, 0, 100.0, 5.0)
    engine.new_order(1000, SYM, BUY, 100, 3)
    s = engine.get_stats()
    assert (s["total_fills"], s["volume_lots"], s["total_executions"], s["latency_samples"]) == (1, 3, 2, 1)
    assert engine.drain_fills() == []


# ---- level bounds --------------------------------------------------------------

def test_an_order_that_would_take_its_level_past_2_62_lots_gets_level_full_and_changes_nothing(engine):
    for i in range(512):
        engine.new_order(i + 1, SYM, SELL, 100, MAX)
    before = snapshot(engine)
    with pytest.raises(sx.LevelFullError):
        engine.new_order(1000, SYM, SELL, 100, 1)
    engine.new_order(1001, SYM, SELL, 101, 1)
    with pytest.raises(sx.LevelFullError):
        engine.replace(1001, 100, 1)
    assert depth(engine)[1][0] == before[0][1][0]


def test_only_an_order_that_may_rest_needs_a_book_past_max_symbols(backend):
    e = backend.Engine(max_symbols=1)
    e.new_order(1, SYM, SELL, 100, 1)
    with pytest.raises(sx.TooManySymbolsError):
        e.new_order(2, 2, BUY, 100, 1)
    with pytest.raises(sx.TooManySymbolsError):
        e.set_min_price(2, 0)
    assert kinds(e.new_order(2, 2, BUY, 100, 1, tif=IOC)) == [(K.ACCEPTED, R.NONE), (K.CANCELLED, R.IOC_REMAINDER)]
    assert e.new_order(3, SYM, BUY, 99, 1)[0].kind == K.ACCEPTED
    e.close()


# ---- numpy -----------------------------------------------------------------------

def test_events_convert_to_a_numpy_array_of_event_dtype(engine):
    np = pytest.importorskip("numpy")
    engine.new_order(1, SYM, SELL, 100, 2)
    evs = engine.new_order(2, SYM, BUY, 100, 5)
    arr = sx.events_to_array(evs)
    assert arr.dtype == sx.EVENT_DTYPE and arr.dtype.itemsize == 64
    assert arr["kind"].tolist() == [K.ACCEPTED, K.TRADE] and arr["maker_id"].tolist() == [0, 1]
    assert sx.events_to_array([]).shape == (0,)
    assert np.array_equal(arr["remaining"], [5, 3])


def test_apply_makes_every_request_in_order_with_each_ones_events_and_status(engine):
    pytest.importorskip("numpy")
    req = sx.make_requests(5)
    op = sx.RequestOp
    req["op"] = [op.NEW, op.NEW, op.NEW, op.REPLACE, op.CANCEL_ALL]
    req["order_id"] = [1, 2, 2, 2, 0]
    req["symbol"] = SYM
    req["side"] = [1, 0, 0, 0, 0]
    req["price"] = [100, 100, 99, 97, 0]
    req["lots"] = [2, 5, 1, 4, 0]
    out = engine.apply(req)
    assert out.statuses.tolist() == [0, 0, -35, 0, 0]
    assert out.ends.tolist() == [1, 3, 3, 4, 5]
    assert out.events["kind"].tolist() == [K.ACCEPTED, K.ACCEPTED, K.TRADE, K.REPLACED, K.CANCELLED]
    assert depth(engine) == ([], [])
    bad = sx.make_requests(3)
    bad["op"][1] = 9
    with pytest.raises(ValueError, match="request 1"):
        engine.apply(bad)
    with pytest.raises(TypeError):
        engine.apply([(0, 1, 0)])
    assert sx.REQUEST_DTYPE.itemsize == 48 and sx.REQUEST_DTYPE.fields["owner"][1] == 40


# ---- the native callback ---------------------------------------------------------

class _Boom(Exception):
    pass


def test_an_exception_in_the_event_callback_never_crosses_into_c_and_the_call_raises_it(backend, monkeypatch):
    # The callback copies each event with ffi.buffer (cffi) or ctypes.string_at:
    # make that copy fail. The C call completes; the Python call then raises.
    name = backend.Engine.implementation
    if name == "python":
        pytest.skip("no callback in the pure engine")
    real = backend.ffi if name == "cffi" else backend.C

    class Failing:
        def __getattr__(self, attr):
            return getattr(real, attr)

        def buffer(self, cdata, *size):  # the callback's copy passes a size; the record buffers do not
            if size:
                raise _Boom("copy failed")
            return real.buffer(cdata)

        def string_at(self, *args):
            raise _Boom("copy failed")

    monkeypatch.setattr(backend, "ffi" if name == "cffi" else "C", Failing())
    e = backend.Engine()  # its first integer call makes this thread's callback, with the failing copy
    with pytest.raises(_Boom):
        e.new_order(1, SYM, BUY, 100, 5)
    assert e.order_info(1) is not None  # the C call ran to its end
    with pytest.raises(_Boom):
        e.cancel(1)
    assert e.order_info(1) is None
    e.close()
