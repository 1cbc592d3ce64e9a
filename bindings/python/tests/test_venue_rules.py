"""The simulated venue's rules (docs/venue.md), one test per rule, on every
venue core that loads (pure Python always; cffi and ctypes once the native
venue exists). Streams are hand-made: symbol 1, tick, lot and contract size 1
unless a test says otherwise; the numbers are worked out by hand."""
import math

import pytest

from sigmax_exec import _errors as E
from sigmax_exec.market import Symbol
from sigmax_exec.venue import FeeModel, FillModel, LatencyModel, QueueModel, Step, VenueOrderStatus as S, \
    VenueRequest as R
from venue_streams import (BUY, CORE_BACKENDS, FOK, GTC, GTX, IOC, LIMIT, MARKET, SELL, SYM, book, config,
                           core_class, level, trade, write_file)


@pytest.fixture(params=CORE_BACKENDS)
def core(request):
    return core_class(request.param)


def venue(core, tmp_path, items, symbols=None, **cfg):
    return core(write_file(tmp_path / "events.sgxev", items, symbols), config(**cfg))


def observable(v, symbols=(SYM,)):
    """Everything a strategy can read, to check that a refused call changed nothing."""
    out = [v.current_timestamp(), v.fills().tobytes()]
    for s in symbols:
        out += [v.orders(s).tobytes(), v.state(s).tobytes(), v.quote(s)]
    return out


def status(v, oid, symbol=SYM):
    return int(v.order(symbol, oid)["status"])


# -- latency ------------------------------------------------------------------------------------

def test_an_order_sent_at_t_meets_the_exchange_book_at_t_plus_the_entry_latency(core, tmp_path):
    # At exch 50 the ask improves to 100: the buy sent at 10 with entry 100 arrives at 110 and takes it.
    items = book(0, bid=99, ask=101) + [level(50, SELL, 100, 5), level(500, BUY, 98, 1)]
    v = venue(core, tmp_path, items, entry=100)
    v.goto(10)
    v.submit(SYM, 1, BUY, 100, 3, LIMIT, GTC)
    v.goto(200)
    o = v.order(SYM, 1)
    assert (o["status"], o["exec_price"], o["executed"], o["maker"], o["exch_ts"]) == (S.FILLED, 100, 3, 0, 110)


def test_the_response_reaches_local_at_exchange_time_plus_the_response_latency(core, tmp_path):
    v = venue(core, tmp_path, book(0) + [level(500, BUY, 98, 1)], entry=10, response=30)
    v.submit(SYM, 1, BUY, 98, 1, LIMIT, GTX)
    v.goto(39)
    assert (status(v, 1), v.order(SYM, 1)["request"]) == (S.NONE, R.NEW)
    v.goto(40)
    o = v.order(SYM, 1)
    assert (o["status"], o["request"], o["exch_ts"], o["recv_ts"], o["local_ts"]) == (S.NEW, R.NONE, 10, 40, 0)


def test_a_negative_constant_entry_latency_rejects_the_order_after_its_absolute_value(core, tmp_path):
    v = venue(core, tmp_path, book(0) + [level(500, BUY, 98, 1)], entry=-5)
    v.goto(100)
    v.submit(SYM, 1, BUY, 98, 1, LIMIT, GTC)
    v.goto(104)
    assert status(v, 1) == S.NONE
    v.goto(105)
    o = v.order(SYM, 1)
    assert (o["status"], o["request"], o["leaves"], o["recv_ts"], o["reject_reason"]) == \
        (S.REJECTED, R.NONE, 0, 105, E.ERR_TIME_BACKWARDS)
    with pytest.raises(E.OrderClosedError):
        v.cancel(SYM, 1)


def test_interpolated_rows_with_exch_ts_0_reject_after_the_interpolated_response_time(core, tmp_path):
    # entry(500) between rows (0, 0, 100) and (1000, 1010, 1030): the exchange rejected then, so
    # -(trunc((30 - 100) / 1000 * 500) + 100) = -65: REJECTED at 565.
    lat = LatencyModel.interpolated([(0, 0, 100), (1000, 1010, 1030)])
    v = venue(core, tmp_path, book(0) + [level(2000, BUY, 98, 1)], latency=lat)
    v.goto(500)
    v.submit(SYM, 1, BUY, 98, 1, LIMIT, GTC)
    v.goto(564)
    assert status(v, 1) == S.NONE
    v.goto(565)
    assert status(v, 1) == S.REJECTED


def test_refused_latency_rows_may_sit_between_processed_ones_and_reject_there(core, tmp_path):
    # A refused row (exch_ts 0) after a processed one: entry(1500) between (1000, 0, 1050) and
    # (2000, 2100, 2200) is -(trunc((200 - 50) / 1000 * 500) + 50) = -125: REJECTED at 1625.
    lat = LatencyModel.interpolated([(0, 100, 200), (1000, 0, 1050), (2000, 2100, 2200)])
    v = venue(core, tmp_path, book(0) + [level(5000, BUY, 98, 1)], latency=lat)
    v.goto(1500)
    v.submit(SYM, 1, BUY, 98, 1, LIMIT, GTC)
    v.goto(1624)
    assert status(v, 1) == S.NONE
    v.goto(1625)
    assert status(v, 1) == S.REJECTED


def test_the_interpolated_model_needs_a_processed_row_and_orders_processed_rows_only(core, tmp_path):
    with pytest.raises(E.InvalidConfigError):
        venue(core, tmp_path, book(0), latency=LatencyModel.interpolated([(0, 0, 30)]))
    with pytest.raises(E.InvalidConfigError):
        venue(core, tmp_path, book(0), latency=LatencyModel.interpolated([(0, 100, 200), (50, 0, 90), (100, 90, 300)]))


def test_the_request_channel_is_fifo_a_later_request_never_arrives_first(core, tmp_path):
    # FEED latency: before the first event the feed latency is 100 (entry 100, arrival 200); after it,
    # (100 + 10) / 2 = 55 (arrival 155), but the channel keeps the order: both arrive at 200.
    items = [level(0, BUY, 99, 10, local_ts=100), level(0, SELL, 101, 10, local_ts=100),
             level(190, BUY, 98, 1, local_ts=200)]
    v = venue(core, tmp_path, items, latency=LatencyModel.feed(entry_mul=1.0, response_mul=0.0))
    assert v.current_timestamp() == 100
    v.submit(SYM, 1, BUY, 97, 1, LIMIT, GTC)
    v.goto(100)
    v.submit(SYM, 2, BUY, 96, 1, LIMIT, GTC)
    v.goto(300)
    assert (v.order(SYM, 1)["exch_ts"], v.order(SYM, 2)["exch_ts"]) == (200, 200)


# -- queue models ----------------------------------------------------------------------------------

def resting_buy(core, tmp_path, later, queue=None, fill=FillModel.NO_PARTIAL, **cfg):
    """A user buy of 5 lots resting at 99 behind the book's 10 lots; then the `later` events from exch 100."""
    v = venue(core, tmp_path, book(0) + later + [level(10_000, SELL, 200, 1)], queue=queue, fill=fill, **cfg)
    v.submit(SYM, 1, BUY, 99, 5, LIMIT, GTX)
    v.goto(50)
    assert (status(v, 1), v.queue_position(SYM, 1)) == (S.NEW, 10.0)
    return v


def test_risk_averse_queue_advances_by_trades_and_only_down_to_the_level_on_decreases(core, tmp_path):
    v = resting_buy(core, tmp_path, [trade(100, SELL, 99, 4), level(200, BUY, 99, 8), level(300, BUY, 99, 3)])
    v.goto(100)
    assert v.queue_position(SYM, 1) == 6.0   # 10 - 4 traded
    v.goto(200)
    assert v.queue_position(SYM, 1) == 6.0   # min(6, 8)
    v.goto(300)
    assert v.queue_position(SYM, 1) == 3.0   # min(6, 3)


L21, L11, L31 = math.log(21.0), math.log(11.0), math.log(31.0)
# The level goes 10 -> 30 (behind the order) -> 20: front 10, back 20, chg 10;
# est = front - (1 - p) * chg (+ min(back - p * chg, 0) = 0 here), p = f(front, back).
PROB = [(QueueModel.power(2.0), 10 - (1 - 400 / 500) * 10),
        (QueueModel.power2(2.0), 10 - (1 - 400 / 900) * 10),
        (QueueModel.power3(2.0), 10 - (1 - (1 - (10 / 30) ** 2)) * 10),
        (QueueModel.log(), 10 - (1 - L21 / (L21 + L11)) * 10),
        (QueueModel.log2(), 10 - (1 - L21 / L31) * 10)]


@pytest.mark.parametrize("queue,expected", PROB, ids=[q.kind.name for q, _ in PROB])
def test_prob_queue_moves_front_by_the_share_of_a_decrease_the_model_puts_ahead(core, tmp_path, queue, expected):
    v = resting_buy(core, tmp_path, [level(100, BUY, 99, 30), level(200, BUY, 99, 20)], queue=queue)
    v.goto(100)
    assert v.queue_position(SYM, 1) == 10.0  # an increase is behind the order
    v.goto(200)
    assert v.queue_position(SYM, 1) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("queue", [q for q, _ in PROB], ids=[q.kind.name for q, _ in PROB])
def test_prob_queue_advances_by_trades_and_a_decrease_that_the_trades_explain_moves_it_no_further(core, tmp_path,
                                                                                                  queue):
    v = resting_buy(core, tmp_path, [trade(100, SELL, 99, 4), level(200, BUY, 99, 6)], queue=queue)
    v.goto(100)
    assert v.queue_position(SYM, 1) == 6.0
    v.goto(200)
    assert v.queue_position(SYM, 1) == 6.0   # chg = 10 - 6 - 4 traded = 0


# -- maker fills -------------------------------------------------------------------------------------

def test_a_trade_through_the_orders_price_fills_it_whole_at_its_own_price_as_maker(core, tmp_path):
    v = resting_buy(core, tmp_path, [trade(100, SELL, 98, 1)])
    v.goto(100)
    o = v.order(SYM, 1)
    assert (o["status"], o["executed"], o["exec_price"], o["maker"]) == (S.FILLED, 5, 99, 1)
    assert v.fills()[["price", "quantity", "maker"]].tolist() == [(99, 5, 1)]


def test_a_trade_at_the_price_past_the_queue_front_fills_the_order_whole_under_no_partial(core, tmp_path):
    v = resting_buy(core, tmp_path, [trade(100, SELL, 99, 9), trade(200, SELL, 99, 3)])
    v.goto(100)
    assert status(v, 1) == S.NEW           # front 1: nothing let through yet
    v.goto(200)
    o = v.order(SYM, 1)
    assert (o["status"], o["executed"], o["exec_price"], o["maker"]) == (S.FILLED, 5, 99, 1)


def test_under_partial_a_queue_fill_takes_what_the_front_let_through_then_restarts_at_zero(core, tmp_path):
    v = resting_buy(core, tmp_path, [trade(100, SELL, 99, 12), trade(200, SELL, 99, 3)], fill=FillModel.PARTIAL)
    v.goto(100)
    o = v.order(SYM, 1)
    assert (o["status"], o["executed"], o["leaves"]) == (S.PARTIALLY_FILLED, 2, 3)   # front 10 - 12 = -2
    assert v.queue_position(SYM, 1) == 0.0
    v.goto(200)
    o = v.order(SYM, 1)
    assert (o["status"], o["executed"], o["leaves"]) == (S.FILLED, 5, 0)
    assert v.fills()["quantity"].tolist() == [2, 3]


def test_the_opposite_best_crossing_a_resting_order_fills_it_whole_at_its_own_price(core, tmp_path):
    v = resting_buy(core, tmp_path, [level(100, SELL, 98, 2)])
    v.goto(100)
    o = v.order(SYM, 1)
    assert (o["status"], o["executed"], o["exec_price"], o["maker"]) == (S.FILLED, 5, 99, 1)


# -- taker orders -------------------------------------------------------------------------------------

DEPTH = book(0, bid=99, ask=101, depth=3) + [level(10_000, BUY, 90, 1)]


def test_a_post_only_order_that_would_cross_expires_with_nothing_filled(core, tmp_path):
    v = venue(core, tmp_path, DEPTH)
    v.submit(SYM, 1, BUY, 101, 1, LIMIT, GTX)
    v.goto(10)
    o = v.order(SYM, 1)
    assert (o["status"], o["executed"], o["leaves"]) == (S.EXPIRED, 0, 0)
    assert len(v.fills()) == 0


def test_under_no_partial_a_crossing_order_fills_all_its_lots_at_the_best_price(core, tmp_path):
    v = venue(core, tmp_path, DEPTH)
    v.submit(SYM, 1, BUY, 103, 25, LIMIT, GTC)
    v.goto(10)
    assert v.fills()[["price", "quantity", "maker"]].tolist() == [(101, 25, 0)]
    assert status(v, 1) == S.FILLED


def test_under_partial_an_ioc_walks_the_levels_up_to_its_limit_and_the_rest_expires(core, tmp_path):
    v = venue(core, tmp_path, DEPTH, fill=FillModel.PARTIAL)
    v.submit(SYM, 1, BUY, 102, 25, LIMIT, IOC)
    v.goto(10)
    assert v.fills()[["price", "quantity"]].tolist() == [(101, 10), (102, 10)]
    o = v.order(SYM, 1)
    assert (o["status"], o["executed"], o["leaves"], o["avg_price"]) == (S.EXPIRED, 20, 0, 101.5)


def test_under_partial_a_fok_short_of_depth_expires_unfilled_and_one_with_depth_fills_whole(core, tmp_path):
    v = venue(core, tmp_path, DEPTH, fill=FillModel.PARTIAL)
    v.submit(SYM, 1, BUY, 102, 25, LIMIT, FOK)
    v.submit(SYM, 2, BUY, 103, 25, LIMIT, FOK)
    v.goto(10)
    assert (status(v, 1), v.order(SYM, 1)["executed"]) == (S.EXPIRED, 0)
    assert (status(v, 2), v.order(SYM, 2)["executed"]) == (S.FILLED, 25)
    assert v.fills()[["order_id", "price", "quantity"]].tolist() == [(2, 101, 10), (2, 102, 10), (2, 103, 5)]


def test_under_partial_a_taker_walks_as_many_levels_as_its_limit_and_lots_reach_past_64(core, tmp_path):
    # 200 ask levels of 1 lot at 100..299 (the native core reads them in growing chunks).
    v = venue(core, tmp_path, [level(0, SELL, p, 1) for p in range(100, 300)], fill=FillModel.PARTIAL)
    v.submit(SYM, 1, BUY, 179, 150, LIMIT, IOC)    # its limit reaches 80 levels
    v.submit(SYM, 2, BUY, 0, 150, MARKET, IOC)     # no limit: 150 levels cover it
    v.submit(SYM, 3, BUY, 299, 201, LIMIT, FOK)    # the whole side holds 200 lots: refused
    v.goto(10)
    assert (status(v, 1), v.order(SYM, 1)["executed"], v.order(SYM, 1)["exec_price"]) == (S.EXPIRED, 80, 179)
    assert (status(v, 2), v.order(SYM, 2)["exec_price"]) == (S.FILLED, 249)
    assert (status(v, 3), v.order(SYM, 3)["executed"]) == (S.EXPIRED, 0)
    assert len(v.fills()) == 80 + 150


def test_under_partial_a_crossing_gtc_rests_its_rest_behind_the_levels_lots(core, tmp_path):
    v = venue(core, tmp_path, DEPTH, fill=FillModel.PARTIAL)
    v.submit(SYM, 1, BUY, 101, 15, LIMIT, GTC)
    v.goto(10)
    o = v.order(SYM, 1)
    assert (o["status"], o["executed"], o["leaves"], o["queue_ahead"]) == (S.PARTIALLY_FILLED, 10, 5, 0.0)


def test_a_market_order_fills_at_the_best_and_one_against_an_empty_side_expires(core, tmp_path):
    v = venue(core, tmp_path, [level(0, BUY, 99, 10), level(10_000, BUY, 90, 1)])
    v.submit(SYM, 1, BUY, 0, 1, MARKET, IOC)
    v.submit(SYM, 2, SELL, 12345, 3, MARKET, GTC)
    v.goto(10)
    assert (status(v, 1), status(v, 2)) == (S.EXPIRED, S.FILLED)
    assert v.fills()[["order_id", "price", "quantity"]].tolist() == [(2, 99, 3)]
    assert v.order(SYM, 2)["price"] == 0


# -- modify and cancel -------------------------------------------------------------------------------------

def test_a_modify_requeues_the_order_at_the_back_even_at_the_same_price(core, tmp_path):
    v = resting_buy(core, tmp_path, [trade(100, SELL, 99, 4), level(200, BUY, 99, 20)])
    v.goto(200)
    assert v.queue_position(SYM, 1) == 6.0
    v.modify(SYM, 1, 99, 7)
    assert v.order(SYM, 1)["request"] == R.MODIFY
    v.goto(210)
    o = v.order(SYM, 1)
    assert (o["status"], o["quantity"], o["leaves"], o["request"], o["queue_ahead"]) == (S.NEW, 7, 7, R.NONE, 20.0)
    assert v.queue_position(SYM, 1) == 20.0


def test_a_modify_to_a_crossing_price_is_a_new_limit_order_post_only_expires(core, tmp_path):
    v = resting_buy(core, tmp_path, [])
    v.modify(SYM, 1, 101, 5)
    v.goto(60)
    assert status(v, 1) == S.EXPIRED


def test_a_cancel_while_a_request_is_in_flight_raises_and_changes_nothing(core, tmp_path):
    v = venue(core, tmp_path, book(0) + [level(500, BUY, 98, 1)], entry=10)
    v.submit(SYM, 1, BUY, 98, 1, LIMIT, GTC)
    before = observable(v)
    with pytest.raises(E.RequestInFlightError) as info:
        v.cancel(SYM, 1)
    assert info.value.status == E.ERR_REQUEST_IN_FLIGHT
    assert observable(v) == before
    v.goto(10)
    v.cancel(SYM, 1)
    v.goto(20)
    assert status(v, 1) == S.CANCELLED


def test_a_cancel_that_reaches_a_filled_order_is_rejected_as_order_closed_and_changes_nothing(core, tmp_path):
    # The buy rests at 99; a trade through it at exch 100 fills it; its fill reaches local at 110.
    v = resting_buy(core, tmp_path, [trade(100, SELL, 98, 1)], entry=10, response=10)
    v.goto(101)
    assert status(v, 1) == S.NEW
    v.cancel(SYM, 1)                # arrives at 111, after the fill
    v.goto(110)
    o = v.order(SYM, 1)
    assert (o["status"], o["request"]) == (S.FILLED, R.CANCEL)
    v.goto(121)
    o = v.order(SYM, 1)
    assert (o["status"], o["request"], o["reject_reason"], o["executed"], o["exch_ts"]) == \
        (S.FILLED, R.NONE, E.ERR_ORDER_CLOSED, 5, 111)


def test_cancel_all_sends_one_cancel_per_open_order_without_a_request(core, tmp_path):
    v = resting_buy(core, tmp_path, [])
    v.submit(SYM, 2, BUY, 98, 1, LIMIT, GTC)
    assert v.cancel_all(SYM) == 1    # order 2 has its NEW in flight
    v.goto(60)
    assert (status(v, 1), status(v, 2)) == (S.CANCELLED, S.NEW)
    v.clear_inactive_orders(SYM)
    assert v.orders(SYM)["order_id"].tolist() == [2]
    v.submit(SYM, 1, BUY, 97, 1, LIMIT, GTC)  # the id is free again


# -- refused calls ------------------------------------------------------------------------------------------

BAD_CALLS = [
    ("duplicate id", lambda v: v.submit(SYM, 1, BUY, 98, 1, LIMIT, GTC), E.DuplicateOrderIdError,
     E.ERR_DUPLICATE_ORDER_ID),
    ("unknown symbol", lambda v: v.submit(7, 2, BUY, 98, 1, LIMIT, GTC), E.UnknownSymbolError, E.ERR_UNKNOWN_SYMBOL),
    ("unknown symbol query", lambda v: v.state(7), E.UnknownSymbolError, E.ERR_UNKNOWN_SYMBOL),
    ("time backwards", lambda v: v.goto(49), E.TimeBackwardsError, E.ERR_TIME_BACKWARDS),
    ("negative elapse", lambda v: v.elapse(-1), E.TimeBackwardsError, E.ERR_TIME_BACKWARDS),
    ("negative timeout", lambda v: v.wait_next_feed(True, -1), E.TimeBackwardsError, E.ERR_TIME_BACKWARDS),
    ("side", lambda v: v.submit(SYM, 2, 2, 98, 1, LIMIT, GTC), E.InvalidOrderError, E.ERR_INVALID_SIDE),
    ("type", lambda v: v.submit(SYM, 2, BUY, 98, 1, 2, GTC), E.InvalidOrderError, E.ERR_INVALID_TYPE),
    ("tif", lambda v: v.submit(SYM, 2, BUY, 98, 1, LIMIT, 4), E.InvalidOrderError, E.ERR_INVALID_TIF),
    ("market fok", lambda v: v.submit(SYM, 2, BUY, 0, 1, MARKET, FOK), E.InvalidOrderError, E.ERR_INVALID_TIF),
    ("market gtx", lambda v: v.submit(SYM, 2, BUY, 0, 1, MARKET, GTX), E.InvalidOrderError, E.ERR_INVALID_TIF),
    ("zero quantity", lambda v: v.submit(SYM, 2, BUY, 98, 0, LIMIT, GTC), E.InvalidOrderError,
     E.ERR_INVALID_QUANTITY),
    ("huge quantity", lambda v: v.submit(SYM, 2, BUY, 98, (1 << 53) + 1, LIMIT, GTC), E.InvalidOrderError,
     E.ERR_OUT_OF_RANGE),
    ("huge price", lambda v: v.submit(SYM, 2, BUY, -(1 << 53) - 1, 1, LIMIT, GTC), E.InvalidOrderError,
     E.ERR_OUT_OF_RANGE),
    ("modify unknown", lambda v: v.modify(SYM, 9, 98, 2), E.OrderNotFoundError, E.ERR_NOT_FOUND),
    ("modify to executed", lambda v: v.modify(SYM, 1, 98, 0), E.InvalidOrderError, E.ERR_INVALID_QUANTITY),
    ("cancel unknown", lambda v: v.cancel(SYM, 9), E.OrderNotFoundError, E.ERR_NOT_FOUND),
    ("wait for unknown order", lambda v: v.wait_order_response(SYM, 9, 10), E.OrderNotFoundError, E.ERR_NOT_FOUND),
]


@pytest.mark.parametrize("call,error,code", [b[1:] for b in BAD_CALLS], ids=[b[0] for b in BAD_CALLS])
def test_a_bad_call_raises_its_named_error_and_changes_nothing(core, tmp_path, call, error, code):
    v = resting_buy(core, tmp_path, [])
    before = observable(v)
    with pytest.raises(error) as info:
        call(v)
    assert info.value.status == code
    assert observable(v) == before


def test_a_closed_order_takes_no_modify_or_cancel(core, tmp_path):
    v = resting_buy(core, tmp_path, [trade(100, SELL, 98, 1)])
    v.goto(100)
    before = observable(v)
    for call in (lambda: v.cancel(SYM, 1), lambda: v.modify(SYM, 1, 98, 9)):
        with pytest.raises(E.OrderClosedError):
            call()
    assert observable(v) == before


# -- accounting -------------------------------------------------------------------------------------------

def two_fills(core, tmp_path, symbol, fee):
    """Buy 2 lots at 100 (taker), then sell 1 at 110 (taker) once the bid is there; mid ends at 115."""
    items = [level(0, BUY, 90, 10), level(0, SELL, 100, 10),
             level(100, SELL, 100, 0), level(100, SELL, 120, 10), level(100, BUY, 110, 10),
             level(10_000, BUY, 80, 1)]
    v = core(write_file(tmp_path / "events.sgxev", items, [symbol]), config(fee=fee))
    v.submit(SYM, 1, BUY, 0, 2, MARKET, IOC)
    v.goto(200)
    v.submit(SYM, 2, SELL, 0, 1, MARKET, IOC)
    v.goto(300)
    return v


def test_linear_accounting_by_hand(core, tmp_path):
    v = two_fills(core, tmp_path, Symbol(SYM, "LIN", "t", 1.0, 1.0, 1.0, False), FeeModel.value(0.0, 0.001))
    s = v.state(SYM)
    fee = 0.001 * 200 + 0.001 * 110
    assert (s["position"], s["volume"], s["trades"], s["taker_fills"], s["maker_fills"]) == (1, 3, 2, 2, 0)
    assert s["balance"] == pytest.approx(-200 + 110)
    assert s["realized_pnl"] == pytest.approx(110 - 100)          # sold 1 bought at 100 for 110
    assert s["mid"] == 115.0
    assert s["unrealized_pnl"] == pytest.approx(115 - 100)
    assert s["fee"] == pytest.approx(fee)
    assert s["equity"] == pytest.approx(-90 + 115 - fee)
    assert s["avg_entry_price"] == pytest.approx(100.0)
    assert s["trading_value"] == pytest.approx(310.0)


def test_inverse_accounting_by_hand(core, tmp_path):
    # tick 0.5: prices 50.0 and 55.0; contract 10: value(px, q) = -(q * 10 / px).
    v = two_fills(core, tmp_path, Symbol(SYM, "INV", "t", 0.5, 1.0, 10.0, True), FeeModel.value(0.0, 0.0))
    s = v.state(SYM)
    assert s["position"] == 1
    assert s["balance"] == pytest.approx(2 * 10 / 50 - 10 / 55)
    assert s["realized_pnl"] == pytest.approx(10 / 50 - 10 / 55)   # coins: bought at 50, sold at 55
    assert s["avg_entry_price"] == pytest.approx(50.0)
    assert s["unrealized_pnl"] == pytest.approx(10 / 50 - 10 / 57.5)
    assert s["equity"] == pytest.approx(s["realized_pnl"] + s["unrealized_pnl"])


FEES = [(FeeModel.value(-0.0001, 0.001), [-0.0001 * 99 * 5]),
        (FeeModel.quantity(-0.5, 2.0), [-0.5 * 5]),
        (FeeModel.flat(-0.25, 1.0), [-0.25])]


@pytest.mark.parametrize("fee,expected", FEES, ids=["value", "quantity", "flat"])
def test_each_fee_model_charges_a_maker_fill_its_maker_rate_a_rebate_when_negative(core, tmp_path, fee, expected):
    v = resting_buy(core, tmp_path, [trade(100, SELL, 98, 1)], fee=fee)
    v.submit(SYM, 2, BUY, 200, 2, LIMIT, IOC)   # at 50: a taker fill at 101, before the maker fill at 100
    v.goto(200)
    fills = v.fills()
    taker = {"value": 0.001 * 101 * 2, "quantity": 2.0 * 2, "flat": 1.0}[fee.kind.name.lower()]
    assert fills["maker"].tolist() == [0, 1]
    assert fills["fee"].tolist() == pytest.approx([taker] + expected)
    assert v.state(SYM)["fee"] == pytest.approx(expected[0] + taker)


# -- clocks ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("floor,shift", [(0, 100), (30, 130), (-1, 0), (-200, 0)])
def test_local_times_are_shifted_so_the_smallest_feed_latency_is_the_floor(core, tmp_path, floor, shift):
    items = [level(1000, BUY, 99, 1, local_ts=900), level(2000, SELL, 101, 1, local_ts=2050)]
    v = venue(core, tmp_path, items, local_latency_floor_ns=floor)
    assert v.local_shift() == shift
    assert v.current_timestamp() == 900 + shift
    v.goto(2050 + shift - 1)
    assert v.quote(SYM).ask_price_ticks is None
    assert v.wait_next_feed(False, 10) == Step.FEED
    assert v.current_timestamp() == 2050 + shift
    assert v.quote(SYM).ask_price_ticks == 101


def test_goto_ends_when_nothing_remains_at_the_last_processed_time(core, tmp_path):
    v = venue(core, tmp_path, [level(0, BUY, 99, 1), level(100, SELL, 101, 1)])
    assert v.goto(50) == Step.OK and v.current_timestamp() == 50
    assert v.goto(1000) == Step.END and v.current_timestamp() == 100


def test_wait_order_response_stops_at_that_orders_first_response(core, tmp_path):
    v = venue(core, tmp_path, book(0) + [level(5, BUY, 98, 3), level(1000, BUY, 97, 1)], entry=10, response=20)
    v.goto(1)
    v.submit(SYM, 1, BUY, 90, 1, LIMIT, GTC)
    assert v.wait_order_response(SYM, 1, 100) == Step.RESPONSE
    assert (v.current_timestamp(), status(v, 1)) == (31, S.NEW)
    assert v.wait_order_response(SYM, 1, 100) == Step.TIMEOUT
    assert v.current_timestamp() == 131


def test_last_trades_returns_the_trades_received_since_the_previous_call(core, tmp_path):
    items = book(0) + [trade(10, BUY, 101, 2), trade(20, SELL, 99, 3), level(1000, BUY, 97, 1)]
    v = venue(core, tmp_path, items)
    v.goto(15)
    assert v.last_trades(SYM)[["price", "quantity"]].tolist() == [(101, 2)]
    v.goto(25)
    assert v.last_trades(SYM)[["price", "quantity", "side"]].tolist() == [(99, 3, SELL)]
    assert len(v.last_trades(SYM)) == 0


def test_a_negative_response_latency_is_taken_as_zero(core, tmp_path):
    v = venue(core, tmp_path, book(0) + [level(500, BUY, 98, 1)], entry=3, response=-7)
    v.submit(SYM, 1, BUY, 98, 1, LIMIT, GTC)
    v.goto(3)
    o = v.order(SYM, 1)
    assert (o["status"], o["exch_ts"], o["recv_ts"]) == (S.NEW, 3, 3)


def test_a_full_last_trades_buffer_drops_its_oldest_and_trades_carry_the_shifted_local_time(core, tmp_path):
    items = [level(0, BUY, 99, 1, local_ts=-10), trade(10, BUY, 101, 1), trade(20, BUY, 102, 2),
             trade(30, BUY, 103, 3), level(1000, BUY, 97, 1)]
    v = venue(core, tmp_path, items, last_trades_capacity=2)
    assert v.local_shift() == 10
    v.goto(50)
    assert v.last_trades(SYM)[["price", "local_ts"]].tolist() == [(102, 30), (103, 40)]


# -- activity counters --------------------------------------------------------------------------

def test_state_counts_submitted_orders_first_fills_and_book_events_but_not_trades_or_refused_submits(core, tmp_path):
    items = book(0, bid=99, ask=101) + [trade(5, BUY, 101, 1), level(20, BUY, 99, 11), level(30, BUY, 98, 1)]
    v = venue(core, tmp_path, items)
    v.submit(SYM, 1, BUY, 101, 4, LIMIT, GTC)   # crosses: filled at once
    v.submit(SYM, 2, BUY, 99, 1, LIMIT, GTX)    # rests behind the bid
    with pytest.raises(E.DuplicateOrderIdError):
        v.submit(SYM, 1, BUY, 101, 1, LIMIT, GTC)
    v.goto(10)
    s = v.state(SYM)
    assert (s["orders_submitted"], s["orders_filled"], s["book_events"]) == (2, 1, 2)
    v.goto(30)
    s = v.state(SYM)
    assert (s["orders_submitted"], s["orders_filled"], s["book_events"]) == (2, 1, 4)
