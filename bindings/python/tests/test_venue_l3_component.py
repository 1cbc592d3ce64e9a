"""The L3 exchange side of the venue (docs/venue.md section 11), one rule
per test on hand-made events, plus a seeded random-stream property test.
The component is pure Python (sigmax_exec/venue/_pure_l3.py); its C++ twin
(tests/cpp/test_venue_l3.cpp) checks the same rules."""
import random

import pytest

import sigmax_exec as sx
from sigmax_exec.market import Flag, Kind
from sigmax_exec.market._pure_books import PureL3Book
from sigmax_exec.venue._pure_l3 import WHOLE, PureL3Exchange

from md_streams import BUY, SELL, add, cancel, fill, mark, modify, random_l3
from md_streams import ev as event

NBC = int(Flag.NO_BOOK_CHANGE) | int(Flag.LAST)


def feed(x, *items):
    """Applies the events in order; the passive fills of all of them."""
    out = []
    for item in items:
        out.extend(x.apply(item))
    return out


@pytest.fixture
def x():
    return PureL3Exchange()


def book_with_asks(x):
    """Asks: 100: ids 1 (3 lots), 2 (4), 3 (5); 101: id 4 (6). Bid 98: id 9 (2)."""
    feed(x, add(1, SELL, 100, 3), add(2, SELL, 100, 4), add(3, SELL, 100, 5), add(4, SELL, 101, 6),
         add(9, BUY, 98, 2))


# ---- position among real orders ------------------------------------------------

def test_a_resting_user_order_has_the_lots_of_every_older_order_ahead(x):
    book_with_asks(x)
    assert x.rest(10, SELL, 100, 2) == 12
    feed(x, add(5, SELL, 100, 7))  # younger: behind
    assert x.ahead(10) == 12
    assert x.rest(11, SELL, 100, 1) == 19  # the second user order has the first one's ahead plus id 5
    assert x.rest(12, SELL, 102, 1) == 0   # an empty level


def test_a_cancel_behind_the_user_order_does_not_move_it(x):
    book_with_asks(x)
    x.rest(10, SELL, 100, 2)
    feed(x, add(5, SELL, 100, 7), cancel(5, 3), cancel(5, 0))
    assert x.ahead(10) == 12


def test_a_cancel_ahead_moves_the_user_order_by_the_lots_cancelled(x):
    book_with_asks(x)
    x.rest(10, SELL, 100, 2)
    feed(x, cancel(2, 1))
    assert x.ahead(10) == 11
    feed(x, cancel(1, 0))  # quantity 0: the whole order
    assert x.ahead(10) == 8


def test_a_modify_down_ahead_keeps_priority_and_moves_the_user_order_by_the_decrease(x):
    book_with_asks(x)
    x.rest(10, SELL, 100, 2)
    feed(x, modify(3, SELL, 100, 2))
    assert x.ahead(10) == 9
    # still ahead: its fill only advances the user order, fills nothing
    assert feed(x, fill(3, 100, 1)) == []
    assert x.ahead(10) == 8


def test_a_modify_up_ahead_sends_that_order_behind_the_user_order(x):
    book_with_asks(x)
    x.rest(10, SELL, 100, 2)
    feed(x, modify(2, SELL, 100, 9))
    assert x.ahead(10) == 8
    # now behind: its fill fills the user order
    assert feed(x, fill(2, 100, 3)) == [(10, 100, 3)]


def test_a_modify_to_another_price_takes_all_its_lots_from_ahead(x):
    book_with_asks(x)
    x.rest(10, SELL, 100, 2)
    x.rest(11, SELL, 101, 2)
    feed(x, modify(1, SELL, 101, 2))
    assert (x.ahead(10), x.ahead(11)) == (9, 6)  # it is behind the user order at 101


# ---- passive fills ---------------------------------------------------------------

def test_a_fill_behind_the_user_order_fills_it_with_the_market_lots(x):
    book_with_asks(x)
    x.rest(10, SELL, 100, 2)
    feed(x, add(5, SELL, 100, 7))
    assert feed(x, fill(5, 100, 4)) == [(10, 100, 4)]
    assert x.ahead(10) == 12  # the component does not change the user order; the caller does
    x.reduce(10, 1)
    assert x.leaves(10) == 1 and x.ahead(10) == 12


def test_a_fill_ahead_only_advances_the_user_order(x):
    book_with_asks(x)
    x.rest(10, SELL, 100, 2)
    assert feed(x, fill(1, 100, 3), fill(2, 100, 1)) == []
    assert x.ahead(10) == 8


def test_a_fill_at_a_worse_price_trades_the_user_order_through(x):
    book_with_asks(x)
    x.rest(10, SELL, 100, 2)
    x.rest(11, SELL, 99, 1)
    x.rest(12, SELL, 101, 1)  # at the fill's price but behind id 4: nothing
    # id 4 at 101 trades: users selling at 99 and 100 are traded through, best price first
    assert feed(x, fill(4, 101, 2)) == [(11, 99, WHOLE), (10, 100, WHOLE)]


def test_a_buy_side_fill_trades_through_higher_user_bids(x):
    book_with_asks(x)
    x.rest(20, BUY, 99, 1)
    x.rest(21, BUY, 98, 1)  # behind id 9 at 98
    assert feed(x, fill(9, 98, 1)) == [(20, 99, WHOLE)]


def test_several_user_orders_fill_best_price_first_then_by_arrival(x):
    feed(x, add(1, SELL, 105, 10))
    x.rest(10, SELL, 104, 1)
    x.rest(11, SELL, 103, 1)
    x.rest(12, SELL, 104, 1)
    x.rest(13, SELL, 105, 1)
    feed(x, add(2, SELL, 105, 5))
    assert feed(x, fill(2, 105, 3)) == [(11, 103, WHOLE), (10, 104, WHOLE), (12, 104, WHOLE), (13, 105, 3)]


def test_a_fill_without_book_change_trades_through_with_its_market_part_and_reveals_nothing(x):
    # A NO_BOOK_CHANGE fill of 4 lots of id 1, 3 of them the user's: its
    # market part (1) trades a user sell through; the hidden lots stay
    # hidden, so the user buy at 100 is not crossed.
    feed(x, add(1, SELL, 100, 3), add(9, BUY, 98, 2))
    x.take(BUY, 100, 3)
    x.rest(20, BUY, 100, 1)
    x.rest(10, SELL, 99, 1)
    assert feed(x, fill(1, 100, 4, flags=NBC)) == [(10, 99, WHOLE)]
    assert x.hidden_lots(1) == 3 and x.visible_best().ask_price_ticks is None


def test_a_whole_fill_wins_over_a_market_part_in_one_event(x):
    feed(x, add(9, BUY, 98, 2))
    x.rest(10, SELL, 100, 2)
    feed(x, add(5, SELL, 100, 2))
    assert feed(x, add(6, BUY, 100, 1)) == [(10, 100, WHOLE)]
    # the caller left it in place: still crossed, and a fill behind it too
    assert feed(x, fill(5, 100, 1)) == [(10, 100, WHOLE)]


def test_events_of_another_symbol_change_nothing(x):
    book_with_asks(x)
    x.rest(10, SELL, 100, 2)
    assert feed(x, add(5, BUY, 100, 1, symbol=1), cancel(1, 0, symbol=1)) == []
    assert x.ahead(10) == 12 and x.checks().events == 5


def test_a_new_best_that_crosses_a_user_order_fills_it_whole(x):
    book_with_asks(x)
    x.rest(20, BUY, 99, 1)
    x.rest(21, BUY, 97, 1)
    x.rest(22, BUY, 99, 1)
    assert feed(x, add(5, SELL, 100, 1)) == []  # not crossing
    assert feed(x, add(6, SELL, 99, 1)) == [(20, 99, WHOLE), (22, 99, WHOLE)]
    x.remove(20)
    x.remove(22)
    assert feed(x, modify(6, SELL, 97, 1)) == [(21, 97, WHOLE)]


def test_a_user_sell_crossed_by_a_new_best_bid_fills_whole(x):
    book_with_asks(x)
    x.rest(10, SELL, 100, 2)
    assert feed(x, add(7, BUY, 100, 1)) == [(10, 100, WHOLE)]


def test_events_without_l3_state_change_nothing(x):
    book_with_asks(x)
    x.rest(10, SELL, 100, 2)
    assert feed(x, event(Kind.LEVEL, SELL, 100, 1), event(Kind.TRADE, BUY, 100, 9),
                event(Kind.BBO, SELL, 100, 1)) == []
    assert x.ahead(10) == 12 and x.visible_lots_at(SELL, 100) == 12
    assert x.checks().ignored == 3


# ---- the user as taker -------------------------------------------------------------

def test_a_taker_walks_levels_best_first_and_orders_in_queue_order(x):
    book_with_asks(x)
    assert x.take(BUY, 101, 14, fok=False, whole_at_best=False) == [(100, 12), (101, 2)]
    assert [x.hidden_lots(i) for i in (1, 2, 3, 4)] == [3, 4, 5, 2]
    assert x.visible_lots_at(SELL, 100) == 0 and x.visible_lots_at(SELL, 101) == 4
    q = x.visible_best()
    assert (q.ask_price_ticks, q.ask_quantity_lots, q.bid_price_ticks, q.bid_quantity_lots) == (101, 4, 98, 2)


def test_a_taker_takes_from_the_front_of_the_queue_first(x):
    book_with_asks(x)
    assert x.take(BUY, 100, 5) == [(100, 5)]
    assert [x.hidden_lots(i) for i in (1, 2, 3)] == [3, 2, 0]
    assert [(lv.price_ticks, lv.quantity_lots, lv.order_count) for lv in x.visible_depth(SELL)] == \
        [(100, 7, 3), (101, 6, 1)]  # the count is of the level's real orders


def test_a_taker_stops_at_its_limit_and_a_market_taker_has_none(x):
    book_with_asks(x)
    assert x.take(BUY, 100, 20) == [(100, 12)]
    assert x.take(BUY, None, 20) == [(101, 6)]
    assert x.take(BUY, None, 1) == []  # nothing visible is left
    assert x.take(SELL, 99, 5) == []   # the bid at 98 is below the limit
    assert x.take(SELL, 98, 5) == [(98, 2)]


def test_fok_takes_nothing_when_the_visible_depth_is_short(x):
    book_with_asks(x)
    assert x.take(BUY, 100, 13, fok=True) == []
    assert x.visible_lots_at(SELL, 100) == 12 and x.hidden_lots(1) == 0
    assert x.take(BUY, 101, 13, fok=True) == [(100, 12), (101, 1)]
    # hidden lots are not offered twice
    assert x.take(BUY, 101, 6, fok=True) == []


def test_whole_at_best_reports_all_lots_at_the_best_price_but_hides_only_what_is_visible(x):
    book_with_asks(x)
    assert x.take(BUY, 101, 30, whole_at_best=True) == [(100, 30)]
    assert x.visible_lots_at(SELL, 100) == 0 and x.visible_lots_at(SELL, 101) == 0
    assert x.hidden_lots(4) == 6
    assert x.take(BUY, None, 1, whole_at_best=True) == []  # no visible ask left


def test_the_users_own_resting_orders_are_never_taken(x):
    book_with_asks(x)
    x.rest(10, SELL, 99, 5)  # the user's own ask, better than the market's
    assert x.take(BUY, 100, 2) == [(100, 2)]
    assert x.ahead(10) == 0 and x.leaves(10) == 5


def test_a_take_moves_a_user_order_behind_the_orders_it_took_from(x):
    book_with_asks(x)
    x.rest(10, SELL, 100, 2)   # ahead 12
    x.take(BUY, 100, 4)        # 3 from id 1, 1 from id 2
    assert x.ahead(10) == 8


# ---- hidden lots (the consumed-liquidity rule) ------------------------------------

def test_a_later_cancel_of_a_taken_order_uses_up_its_hidden_lots_first(x):
    book_with_asks(x)
    x.rest(10, SELL, 100, 2)
    x.take(BUY, 100, 5)  # id 1: 3 hidden; id 2: 2 hidden of 4
    feed(x, cancel(2, 1))
    assert x.hidden_lots(2) == 1 and x.visible_lots_at(SELL, 100) == 7 and x.ahead(10) == 7
    feed(x, cancel(2, 2))  # 1 hidden, then 1 visible
    assert x.hidden_lots(2) == 0 and x.visible_lots_at(SELL, 100) == 6 and x.ahead(10) == 6


def test_a_fill_of_only_hidden_lots_fills_no_user_order_behind(x):
    book_with_asks(x)
    x.rest(10, SELL, 100, 2)
    feed(x, add(5, SELL, 100, 4))  # behind the user order
    x.take(BUY, 100, 13)           # all 12 ahead and 1 of id 5
    assert x.hidden_lots(5) == 1 and x.ahead(10) == 0
    assert feed(x, fill(5, 100, 1)) == []       # the user's own lot
    assert feed(x, fill(5, 100, 2)) == [(10, 100, 2)]  # market lots


def test_a_fill_partly_of_hidden_lots_fills_only_its_market_part(x):
    book_with_asks(x)
    x.rest(10, SELL, 100, 2)
    feed(x, add(5, SELL, 100, 4))
    x.take(BUY, 100, 14)  # id 5: 2 hidden
    assert feed(x, fill(5, 100, 3)) == [(10, 100, 1)]
    assert x.hidden_lots(5) == 0 and x.visible_lots_at(SELL, 100) == 1


def test_a_fill_without_book_change_keeps_hidden_lots_and_its_cancel_uses_them_up(x):
    # A NO_BOOK_CHANGE FILL: its market part decides the passive fill, but the
    # hidden lots stay until the CANCEL that changes the book.
    book_with_asks(x)
    x.rest(10, SELL, 100, 2)
    feed(x, add(5, SELL, 100, 4))
    x.take(BUY, 100, 14)  # id 5: 2 hidden
    assert feed(x, fill(5, 100, 3, flags=NBC)) == [(10, 100, 1)]
    assert x.hidden_lots(5) == 2 and x.visible_lots_at(SELL, 100) == 2
    assert x.checks().ignored == 1
    feed(x, cancel(5, 3))  # 2 hidden, then 1 visible
    assert x.hidden_lots(5) == 0 and x.visible_lots_at(SELL, 100) == 1 and x.ahead(10) == 0


def test_a_fill_without_book_change_of_taken_lots_shows_nothing_again_and_crosses_nothing(x):
    # The user took all 3 lots of ask 1 at 100 and rests the rest as a buy at
    # 100; a NO_BOOK_CHANGE FILL of id 1 for 2 must not make the ask visible
    # again (it would cross the buy and fill it whole).
    feed(x, add(1, SELL, 100, 3), add(4, SELL, 101, 6))
    assert x.take(BUY, 100, 5) == [(100, 3)]
    x.rest(10, BUY, 100, 2)
    assert feed(x, fill(1, 100, 2, flags=NBC)) == []
    assert x.hidden_lots(1) == 3 and x.visible_lots_at(SELL, 100) == 0
    assert x.visible_best().ask_price_ticks == 101
    assert feed(x, cancel(1, 2)) == []  # the book loses the 2 lots now: hidden ones
    assert x.hidden_lots(1) == 1 and x.visible_lots_at(SELL, 100) == 0 and x.leaves(10) == 2


def test_the_user_never_takes_more_than_the_market_offered(x):
    book_with_asks(x)
    assert x.take(BUY, 100, 8) == [(100, 8)]
    assert x.take(BUY, 100, 8) == [(100, 4)]
    assert x.take(BUY, 100, 8) == []
    feed(x, add(5, SELL, 100, 3))  # new liquidity is offered again
    assert x.take(BUY, 100, 8) == [(100, 3)]


def test_an_order_leaving_the_book_drops_its_hidden_lots(x):
    book_with_asks(x)
    x.take(BUY, 100, 5)
    feed(x, cancel(1, 0), fill(2, 100, 4))
    assert x.hidden_lots(1) == 0 and x.hidden_lots(2) == 0
    assert x.visible_lots_at(SELL, 100) == 5
    # the same ids added again start with nothing hidden
    feed(x, add(1, SELL, 100, 3))
    assert x.hidden_lots(1) == 0 and x.visible_lots_at(SELL, 100) == 8


def test_a_modify_sending_an_order_to_the_back_drops_its_hidden_lots(x):
    book_with_asks(x)
    x.take(BUY, 100, 8)  # ids 1 and 2 all hidden, 1 of id 3
    feed(x, modify(2, SELL, 101, 3))  # another price: a new arrival, all 3 lots visible
    assert x.hidden_lots(2) == 0
    assert x.visible_lots_at(SELL, 100) == 4 and x.visible_lots_at(SELL, 101) == 9
    feed(x, modify(3, SELL, 100, 6))  # a size increase: to the back, all 6 lots visible
    assert x.hidden_lots(3) == 0 and x.visible_lots_at(SELL, 100) == 6


def test_a_modify_down_uses_up_hidden_lots_first(x):
    book_with_asks(x)
    x.take(BUY, 100, 5)  # id 2: 2 hidden of 4
    feed(x, modify(2, SELL, 100, 3))
    assert x.hidden_lots(2) == 1 and x.visible_lots_at(SELL, 100) == 7
    feed(x, modify(2, SELL, 100, 1))
    assert x.hidden_lots(2) == 0 and x.visible_lots_at(SELL, 100) == 6


# ---- clears ------------------------------------------------------------------------

def test_a_clear_leaves_nothing_ahead_on_its_side(x):
    book_with_asks(x)
    x.rest(10, SELL, 100, 2)
    x.rest(20, BUY, 98, 1)
    x.take(BUY, 100, 2)
    feed(x, mark(Kind.CLEAR, SELL))
    assert x.ahead(10) == 0 and x.ahead(20) == 2
    assert x.hidden_lots(1) == 0 and x.visible_best().ask_price_ticks is None
    feed(x, add(1, SELL, 100, 4))  # newer than the user order
    assert x.ahead(10) == 0 and x.hidden_lots(1) == 0


def test_a_snapshot_begin_clears_both_sides(x):
    book_with_asks(x)
    x.rest(10, SELL, 100, 2)
    x.rest(20, BUY, 98, 1)
    feed(x, mark(Kind.SNAPSHOT_BEGIN), add(1, SELL, 100, 4), add(9, BUY, 98, 4), mark(Kind.SNAPSHOT_END))
    assert x.ahead(10) == 0 and x.ahead(20) == 0
    assert x.checks().events == 9


# ---- bad input ---------------------------------------------------------------------

def test_bad_calls_raise_and_change_nothing(x):
    book_with_asks(x)
    x.rest(10, SELL, 100, 2)
    with pytest.raises(sx.DuplicateOrderIdError):
        x.rest(10, SELL, 100, 2)
    with pytest.raises(sx.InvalidOrderError):
        x.rest(11, 2, 100, 2)
    with pytest.raises(sx.InvalidOrderError):
        x.rest(11, SELL, 100, 0)
    with pytest.raises(sx.OrderNotFoundError):
        x.remove(11)
    with pytest.raises(sx.OrderNotFoundError):
        x.ahead(11)
    with pytest.raises(sx.InvalidOrderError):
        x.reduce(10, 2)  # all its leaves: that is remove()
    with pytest.raises(sx.InvalidOrderError):
        x.rest(11, SELL, 100, (1 << 53) + 1)
    with pytest.raises(sx.InvalidOrderError):
        x.take(BUY, 100, 0)
    with pytest.raises(sx.InvalidOrderError):
        x.take(BUY, 100, (1 << 53) + 1)
    with pytest.raises(sx.InvalidOrderError):
        x.take(7, 100, 1)
    assert x.ahead(10) == 12 and x.leaves(10) == 2 and x.visible_lots_at(SELL, 100) == 12


def test_bad_events_are_counted_by_the_book_and_change_nothing_here(x):
    book_with_asks(x)
    x.rest(10, SELL, 100, 2)
    feed(x, add(5, SELL, 100, 7))
    assert feed(x, fill(5, 100, -1), fill(77, 100, 1), cancel(77, 1), add(1, SELL, 100, 9),
                modify(5, 9, 100, 1), event(Kind.CLEAR, 7)) == []
    assert x.ahead(10) == 12 and x.visible_lots_at(SELL, 100) == 19
    c = x.checks()
    assert (c.negative_quantity, c.unknown_order, c.duplicate_order, c.invalid) == (1, 2, 1, 2)


# ---- a seeded random stream: the invariants ---------------------------------------

def _expected_ahead(x, key):
    """ahead by its definition: visible lots of the older real orders at the user order's level."""
    u = x._users[key]
    level = x._book.levels[u.side].get(u.price)
    if level is None:
        return 0
    return sum(o.open - x.hidden_lots(oid) for oid, o in level.orders.items() if x._seq[oid] < u.seq)


def _orders_behind_users(x):
    """(id, order) of the real orders younger than a user order at its level."""
    out = []
    for u in x._users.values():
        level = x._book.levels[u.side].get(u.price)
        if level is not None:
            out.extend((oid, o) for oid, o in level.orders.items() if x._seq[oid] > u.seq)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3, 25])
def test_random_streams_keep_ahead_exact_and_hidden_within_the_book(seed):
    """Invariants under a random L3 stream mixed with user rests, removes,
    partial fills and takers: ahead equals its definition (so it is never
    negative and never more than the level's visible lots), hidden lots are
    never negative nor more than the order's, a taker never gets more than
    the visible lots within its limit and they drop by what it took, and
    the replayed book is exactly the recording's."""
    rng = random.Random(seed)
    stream = random_l3(seed, 8000, n_symbols=1)
    x = PureL3Exchange()
    reference = PureL3Book()
    next_key = 1
    taken_total = 0
    kinds = {"whole": 0, "part": 0}
    checked_ahead = 0
    for i in range(len(stream)):
        e = stream[i:i + 1].copy()
        behind = _orders_behind_users(x)
        if behind and rng.random() < 0.1:  # now and then a fill of an order behind a user order, instead
            oid, o = rng.choice(behind)
            e["kind"], e["order_id"], e["side"], e["price"], e["quantity"] = int(Kind.FILL), oid, o.side, o.price, 1
        fills = x.apply(e[0])
        reference.apply(e)
        keys = [k for k, _, _ in fills]
        assert len(keys) == len(set(keys))  # one report per user order and event
        for key, price, lots in fills:  # what the venue does with them
            u = x._users[key]
            assert price == u.price and (lots == WHOLE or lots > 0)
            kinds["whole" if lots == WHOLE else "part"] += 1
            if lots == WHOLE or lots >= u.leaves:
                x.remove(key)
            else:
                x.reduce(key, lots)
        q = x.visible_best()
        for u in x._users.values():  # a handled event leaves no user order crossed
            assert not (u.side == BUY and q.ask_price_ticks is not None and u.price >= q.ask_price_ticks)
            assert not (u.side == SELL and q.bid_price_ticks is not None and u.price <= q.bid_price_ticks)
        r = rng.random()
        if r < 0.3:
            side = rng.randrange(2)
            price = 100 + rng.randrange(-6, 7)
            best = q.ask_price_ticks if side == BUY else q.bid_price_ticks
            if best is None or (price < best if side == BUY else price > best):  # the venue rests no crossing order
                x.rest(next_key, side, price, rng.choice((1, 2, 5)))
                next_key += 1
        elif r < 0.35 and x._users:
            x.remove(rng.choice(list(x._users)))
        elif r < 0.38 and x._users:
            key = rng.choice(list(x._users))
            if x.leaves(key) > 1:
                x.reduce(key, 1)
        elif r < 0.50:
            side = rng.randrange(2)
            limit = None if rng.random() < 0.2 else 100 + rng.randrange(-8, 9)
            lots = rng.choice((1, 3, 10, 40))
            fok, whole = rng.random() < 0.3, rng.random() < 0.3
            offered = [(lv.price_ticks, lv.quantity_lots) for lv in x.visible_depth(1 - side)
                       if limit is None or (lv.price_ticks <= limit if side == BUY else lv.price_ticks >= limit)]
            before = sum(q for _, q in offered)
            taker_fills = x.take(side, limit, lots, fok=fok, whole_at_best=whole)
            after = sum(x.visible_lots_at(1 - side, p) for p, _ in offered)
            took = before - after
            assert 0 <= took <= min(lots, before)
            if fok and before < lots:
                assert taker_fills == [] and took == 0
            elif whole:
                assert taker_fills == ([(offered[0][0], lots)] if offered else [])
            else:
                assert sum(n for _, n in taker_fills) == took
                assert all(n <= dict(offered)[p] for p, n in taker_fills)
            taken_total += took
        for key, u in x._users.items():
            checked_ahead += u.ahead > 0
            assert u.ahead == _expected_ahead(x, key)
            assert 0 <= u.ahead <= x.visible_lots_at(u.side, u.price)
        for oid, h in x._hidden.items():
            assert 0 < h <= x._book.orders[oid].open
        assert set(x._seq) == set(x._book.orders)
        assert x.checks() == reference.checks()
    assert x.checks() == reference.checks()
    assert taken_total > 0 and kinds["whole"] > 0 and kinds["part"] > 0 and checked_ahead > 0
    for side in (0, 1):
        assert [(p, x._book.lots_at(side, p)) for p in x._book.prices[side].first(10 ** 9)] == \
            [(lv.price_ticks, lv.quantity_lots) for lv in reference.depth(0, 10 ** 9)[side]]
