"""Owners, self-trade prevention, post-only replace, cancel_owner and
minimum prices (docs/semantics.md), one test per rule,
on every backend."""
import pytest

import sigmax_exec as sx
from sigmax_exec import CancelReason as R, EventKind as K, SelfTrade as STP
from entry_helpers import BUY, FOK, POST, SELL, SYM, depth, kinds, make_engine, snapshot


@pytest.fixture
def engine(backend):
    e = make_engine(backend)
    yield e
    e.close()


def stp_book(engine, mode):
    """Owner 7's ask of 4 at 100 (id 1), another owner's ask of 3 at 100 (id 2);
    then owner 7 buys 5 at 101 with `mode`."""
    engine.new_order(1, SYM, SELL, 100, 4, owner=7)
    engine.new_order(2, SYM, SELL, 100, 3, owner=8)
    return engine.new_order(9, SYM, BUY, 101, 5, owner=7, stp=mode)


def test_stp_cancel_newest_cancels_the_takers_remainder_and_it_does_not_rest(engine):
    evs = stp_book(engine, STP.CANCEL_NEWEST)
    assert [(e.kind, e.reason, e.order_id, e.maker_id, e.lots, e.remaining) for e in evs] == [
        (K.ACCEPTED, R.NONE, 9, 0, 5, 5), (K.CANCELLED, R.SELF_TRADE, 9, 1, 5, 0)]
    assert depth(engine) == ([], [(100, 7)])


def test_stp_default_uses_the_engines_mode_cancel_newest_unless_configured(backend):
    e = backend.Engine()
    assert kinds(stp_book(e, STP.DEFAULT))[-1] == (K.CANCELLED, R.SELF_TRADE)
    e = backend.Engine(self_trade=STP.CANCEL_OLDEST)
    evs = stp_book(e, STP.DEFAULT)
    assert evs[1].order_id == 1 and evs[2].kind == K.TRADE
    with pytest.raises(sx.InvalidConfigError):
        backend.Engine(self_trade=6)


def test_stp_cancel_oldest_cancels_the_maker_and_matching_goes_on(engine):
    evs = stp_book(engine, STP.CANCEL_OLDEST)
    assert [(e.kind, e.order_id, e.maker_id, e.lots, e.remaining) for e in evs] == [
        (K.ACCEPTED, 9, 0, 5, 5), (K.CANCELLED, 1, 9, 4, 0), (K.TRADE, 9, 2, 3, 2)]
    assert evs[1].side == SELL and evs[1].price == 100 and evs[1].reason == R.SELF_TRADE
    assert depth(engine) == ([(101, 2)], [])


def test_stp_cancel_both_cancels_the_maker_then_the_taker(engine):
    evs = stp_book(engine, STP.CANCEL_BOTH)
    assert [(e.kind, e.order_id, e.maker_id, e.lots) for e in evs] == [
        (K.ACCEPTED, 9, 0, 5), (K.CANCELLED, 1, 9, 4), (K.CANCELLED, 9, 1, 5)]
    assert depth(engine) == ([], [(100, 3)])


def test_stp_decrement_and_cancel_takes_the_smaller_quantity_off_both(engine):
    evs = stp_book(engine, STP.DECREMENT_AND_CANCEL)
    assert [(e.kind, e.order_id, e.maker_id, e.lots, e.remaining) for e in evs] == [
        (K.ACCEPTED, 9, 0, 5, 5), (K.CANCELLED, 1, 9, 4, 0), (K.CANCELLED, 9, 1, 4, 1), (K.TRADE, 9, 2, 1, 0)]
    assert depth(engine) == ([], [(100, 2)])


def test_stp_decrement_leaves_a_larger_maker_in_place_with_its_priority(engine):
    engine.new_order(1, SYM, SELL, 100, 9, owner=7)
    engine.new_order(2, SYM, SELL, 100, 3, owner=8)
    evs = engine.new_order(9, SYM, BUY, 100, 4, owner=7, stp=STP.DECREMENT_AND_CANCEL)
    assert [(e.order_id, e.lots, e.remaining) for e in evs[1:]] == [(1, 4, 5), (9, 4, 0)]
    assert depth(engine) == ([], [(100, 8)])
    evs = engine.new_order(10, SYM, BUY, 100, 6)
    assert [e.maker_id for e in evs if e.kind == K.TRADE] == [1, 2]


def test_stp_allow_trades_and_owner_0_is_never_checked(engine):
    evs = stp_book(engine, STP.ALLOW)
    assert [e.maker_id for e in evs if e.kind == K.TRADE] == [1, 2]
    engine.new_order(3, SYM, SELL, 100, 1)
    assert engine.new_order(4, SYM, BUY, 100, 1)[-1].kind == K.TRADE


def test_a_fok_meeting_its_own_maker_first_is_refused_whole(engine):
    engine.new_order(1, SYM, SELL, 100, 4, owner=7)
    engine.new_order(2, SYM, SELL, 100, 9, owner=8)
    before = snapshot(engine)
    evs = engine.new_order(9, SYM, BUY, 100, 5, tif=FOK, owner=7)
    assert [(e.kind, e.reason, e.maker_id, e.lots) for e in evs] == [
        (K.ACCEPTED, R.NONE, 0, 5), (K.CANCELLED, R.SELF_TRADE, 1, 5)]
    assert depth(engine) == before[0]
    evs = engine.new_order(9, SYM, BUY, 100, 9, tif=FOK, owner=7, stp=STP.CANCEL_OLDEST)
    assert [(e.kind, e.order_id) for e in evs] == [(K.ACCEPTED, 9), (K.CANCELLED, 1), (K.TRADE, 9)]
    assert depth(engine) == ([], [])


def test_a_fok_counts_only_other_owners_lots(engine):
    engine.new_order(2, SYM, SELL, 100, 3, owner=8)
    engine.new_order(1, SYM, SELL, 100, 4, owner=7)
    evs = engine.new_order(9, SYM, BUY, 100, 5, tif=FOK, owner=7, stp=STP.CANCEL_OLDEST)
    assert kinds(evs) == [(K.ACCEPTED, R.NONE), (K.CANCELLED, R.FOK_UNFILLED)]
    evs = engine.new_order(9, SYM, BUY, 100, 3, tif=FOK, owner=7)  # filled before it meets its own maker
    assert kinds(evs) == [(K.ACCEPTED, R.NONE), (K.TRADE, R.NONE)]


def test_a_crossing_replace_applies_the_orders_stored_owner_and_mode(engine):
    engine.new_order(1, SYM, SELL, 101, 4, owner=7)
    engine.new_order(2, SYM, BUY, 99, 5, owner=7, stp=STP.CANCEL_OLDEST)
    evs = engine.replace(2, 101, 5)
    assert [(e.kind, e.order_id) for e in evs] == [(K.REPLACED, 2), (K.CANCELLED, 1)]
    assert depth(engine) == ([(101, 5)], [])


def test_order_ticks_reports_the_owner_the_stp_mode_and_post_only(engine):
    engine.new_order(1, SYM, BUY, 99, 2, tif=POST, owner=42, stp=STP.DECREMENT_AND_CANCEL)
    engine.new_order(2, SYM, BUY, 98, 1)
    one, two = engine.order_ticks(1), engine.order_ticks(2)
    assert one is not None and two is not None
    assert (one.owner, one.stp, one.post_only) == (42, STP.DECREMENT_AND_CANCEL, True)
    assert (two.owner, two.stp, two.post_only) == (0, STP.DEFAULT, False)
    assert isinstance(one.stp, STP)


def test_a_post_only_orders_replace_to_a_crossing_price_raises_would_trade_and_changes_nothing(engine):
    engine.new_order(1, SYM, SELL, 101, 4)
    engine.new_order(2, SYM, BUY, 99, 5, tif=POST)
    before = snapshot(engine)
    with pytest.raises(sx.WouldTradeError) as info:
        engine.replace(2, 101, 5)
    assert info.value.status == -36 and snapshot(engine) == before
    assert engine.replace(2, 100, 5)[0].kind == K.REPLACED


def test_cancel_owner_cancels_its_orders_symbols_ascending_bids_then_asks(engine):
    engine.new_order(1, 5, SELL, 101, 1, owner=3)
    engine.new_order(2, 5, BUY, 99, 1, owner=3)
    engine.new_order(3, SYM, SELL, 101, 1, owner=3)
    engine.new_order(4, SYM, SELL, 100, 1, owner=4)
    engine.new_order(5, SYM, BUY, 98, 1, owner=3)
    engine.new_order(6, SYM, BUY, 99, 1, owner=3)
    evs = engine.cancel_owner(3)
    assert [e.order_id for e in evs] == [6, 5, 3, 2, 1]
    assert all(e.reason == R.USER for e in evs)
    assert depth(engine) == ([], [(100, 1)]) and engine.cancel_owner(3) == []


def test_cancel_owner_0_raises_invalid_owner_and_changes_nothing(engine):
    engine.new_order(1, SYM, SELL, 101, 1)
    before = snapshot(engine)
    with pytest.raises(sx.InvalidOwnerError) as info:
        engine.cancel_owner(0)
    assert info.value.status == -16
    assert snapshot(engine)[0] == before[0]


def test_an_stp_mode_past_decrement_and_cancel_raises_invalid_stp(engine):
    with pytest.raises(sx.InvalidStpError) as info:
        engine.new_order(1, SYM, BUY, 100, 1, stp=6)
    assert info.value.status == -15 and isinstance(info.value, sx.InvalidOrderError)


def test_a_lower_minimum_price_admits_zero_and_negative_prices_that_trade_like_any_other(engine):
    with pytest.raises(sx.InvalidOrderError):
        engine.new_order(1, 3, BUY, 0, 1)
    engine.set_min_price(3, -10)
    engine.new_order(1, 3, BUY, -2, 1)
    engine.new_order(2, 3, BUY, 0, 1)
    with pytest.raises(sx.InvalidOrderError) as info:
        engine.new_order(3, 3, SELL, -11, 1)
    assert info.value.status_name == "SGX_ERR_INVALID_PRICE"
    evs = engine.new_order(3, 3, SELL, -5, 2)
    assert [(e.maker_id, e.price) for e in evs if e.kind == K.TRADE] == [(2, 0), (1, -2)]
    engine.new_order(4, 3, BUY, -8, 1)
    with pytest.raises(sx.InvalidOrderError) as info:
        engine.replace(4, -11, 1)  # the symbol's minimum, checked once the order is found
    assert info.value.status_name == "SGX_ERR_INVALID_PRICE"
    assert engine.replace(4, -10, 1)[0].price == -10


@pytest.mark.parametrize("ticks", [2, -(1 << 53) - 1])
def test_a_minimum_price_outside_its_range_is_out_of_range(engine, ticks):
    with pytest.raises(sx.InvalidOrderError) as info:
        engine.set_min_price(SYM, ticks)
    assert info.value.status_name == "SGX_ERR_OUT_OF_RANGE"
