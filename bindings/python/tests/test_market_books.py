"""The L2 and L3 books' rules, each on a hand-made event stream with its
expected book, on every backend (the native books through the C ABI, the
pure-Python ones in Python)."""
import numpy as np
import pytest

import sigmax_exec as sx
import sigmax_exec.market as md

from md_streams import (BOTH, BUY, SELL, add, cancel, events, fill, level, mark, modify, symbols)
from md_streams import ev as event


@pytest.fixture
def books(backend):
    return md.books_for(backend.Engine.implementation)


@pytest.fixture
def l2(books):
    return books[0]()


@pytest.fixture
def l3(books):
    return books[1]()


def run(book, *items):
    book.apply(events(*items))
    return book


def violations(book):
    c = book.checks()
    return c.invalid + c.negative_quantity + c.crossed + c.unknown_order + c.duplicate_order + c.overfill


def ticks(depth_side):
    return [(lv.price_ticks, lv.quantity_lots, lv.order_count) for lv in depth_side]


# ---- L2 -----------------------------------------------------------------------

def test_a_level_sets_the_whole_quantity_at_its_price_and_zero_removes_it(l2):
    run(l2, level(BUY, 100, 5), level(BUY, 99, 3), level(SELL, 101, 4), level(BUY, 100, 7), level(BUY, 99, 0))
    q = l2.best(0)
    assert (q.bid_price_ticks, q.bid_quantity_lots, q.ask_price_ticks, q.ask_quantity_lots) == (100, 7, 101, 4)
    assert l2.quantity_at(0, BUY, 99) == 0 and l2.quantity_at(0, "buy", 100) == 7
    assert ticks(l2.depth(0, 5).bids) == [(100, 7, 0)]
    assert violations(l2) == 0


def test_depth_lists_levels_best_first_up_to_the_count(l2):
    run(l2, *[level(BUY, 100 - i, i + 1) for i in range(5)], *[level(SELL, 110 + i, i + 1) for i in range(5)])
    d = l2.depth(0, 3)
    assert ticks(d.bids) == [(100, 1, 0), (99, 2, 0), (98, 3, 0)]
    assert ticks(d.asks) == [(110, 1, 0), (111, 2, 0), (112, 3, 0)]
    assert len(l2.depth(0, 10**9).bids) == 5 and l2.depth(0, 0) == md.Depth([], [])


def test_clear_empties_one_side_or_both(l2):
    run(l2, level(BUY, 100, 5), level(SELL, 101, 4), mark(md.Kind.CLEAR, BUY))
    assert l2.best(0).bid_price_ticks is None and l2.best(0).ask_price_ticks == 101
    run(l2, level(BUY, 100, 5), mark(md.Kind.CLEAR, BOTH))
    assert l2.depth(0, 5) == md.Depth([], [])


def test_a_snapshot_replaces_the_book_and_a_cross_inside_it_is_not_counted(l2):
    run(l2, level(BUY, 100, 5), level(SELL, 101, 4), mark(md.Kind.SNAPSHOT_BEGIN),
        level(BUY, 200, 1), level(SELL, 150, 1), level(SELL, 201, 1), mark(md.Kind.SNAPSHOT_END, flags=1))
    assert l2.quantity_at(0, BUY, 100) == 0
    assert ticks(l2.depth(0, 5).asks) == [(150, 1, 0), (201, 1, 0)]
    assert l2.checks().crossed == 1  # counted once: at the snapshot's end, not inside it


def test_a_crossed_book_is_counted_only_after_a_complete_update(l2):
    run(l2, level(BUY, 100, 5), level(SELL, 100, 4, flags=0), level(SELL, 100, 0))
    assert l2.checks().crossed == 0
    run(l2, level(SELL, 99, 1))
    assert l2.checks().crossed == 1


def test_trades_quotes_and_l3_kinds_are_ignored_by_l2(l2):
    run(l2, event(md.Kind.TRADE, SELL, 100, 1), event(md.Kind.BBO, BUY, 100, 1), add(1, BUY, 100, 1))
    c = l2.checks()
    assert (c.events, c.ignored) == (3, 3) and l2.depth(0, 5) == md.Depth([], [])


def test_bad_l2_events_are_counted_and_change_nothing(l2):
    run(l2, level(BUY, 100, 5), level(BOTH, 100, 1), level(BUY, 100, -1), event(0), event(11),
        mark(md.Kind.CLEAR, 3))
    c = l2.checks()
    assert (c.invalid, c.negative_quantity) == (4, 1)
    assert l2.quantity_at(0, BUY, 100) == 5


def test_symbols_have_separate_books(l2):
    run(l2, level(BUY, 100, 5, symbol=1), level(BUY, 100, 6, symbol=2))
    assert l2.quantity_at(1, BUY, 100) == 5 and l2.quantity_at(2, BUY, 100) == 6
    assert l2.best(3) == md.Quote(None, 0, None, 0, None, None, None, None)


def test_symbols_lists_the_ids_with_a_book_in_the_order_of_their_first_events(l2, l3):
    for book in (l2, l3):
        assert book.symbols() == []
        run(book, level(BUY, 100, 5, symbol=7), add(1, BUY, 100, 5, symbol=2), level(BUY, 99, 5, symbol=7),
            mark(md.Kind.TRADE, symbol=4_000_000_000))
        assert book.symbols() == [7, 2, 4_000_000_000]


def test_reset_drops_every_book_and_zeroes_the_checks_but_keeps_the_units(books):
    syms = symbols(2)
    for cls in books:
        book = cls(syms)
        run(book, level(BUY, 100, 5, symbol=1), add(9, SELL, 101, 2, symbol=1), level(SELL, 90, 1, symbol=1))
        assert book.checks().events == 3 and book.symbols() == [1]
        book.reset()
        assert book.symbols() == [] and book.checks() == md.BookChecks(*[0] * 9)
        q = book.best(1)
        assert (q.bid_price_ticks, q.bid_quantity_lots, q.ask_price_ticks, q.ask_quantity_lots) == (None, 0, None, 0)
        run(book, level(BUY, 100, 5, symbol=1), add(9, BUY, 100, 5, symbol=1))  # order 9 is new again
        assert book.checks().duplicate_order == 0 and book.checks().events == 2
        assert book.best(1).bid_price == pytest.approx(100 * syms[1].tick_size)


def test_resting_orders_counts_the_orders_of_a_symbols_l3_book(l3):
    run(l3, add(1, BUY, 100, 5, symbol=1), add(2, BUY, 99, 5, symbol=1), add(3, SELL, 101, 1, symbol=1),
        add(1, SELL, 200, 3, symbol=2), cancel(2, 0, symbol=1), fill(3, 101, 1, symbol=1))
    assert (l3.resting_orders(1), l3.resting_orders(2), l3.resting_orders(5)) == (1, 1, 0)


def test_prices_and_quantities_come_in_the_symbols_units_too(books):
    book = books[0](symbols=[md.Symbol(7, "BTCUSDT", "x", 0.1, 0.001)])
    run(book, level(BUY, 581234, 1500, symbol=7))
    q = book.best(7)
    assert (q.bid_price, q.bid_quantity, q.ask_price, q.ask_quantity) == (58123.4, 1.5, None, 0.0)
    assert book.depth(7, 1).bids[0].price == 58123.4


def test_bad_query_arguments_raise_as_the_engine_does(l2):
    with pytest.raises(sx.InvalidOrderError, match="SGX_ERR_INVALID_SIDE"):
        l2.quantity_at(0, 2, 100)
    with pytest.raises(sx.InvalidOrderError, match="SGX_ERR_OUT_OF_RANGE"):
        l2.best(-1)
    with pytest.raises(ValueError):
        l2.depth(0, -1)
    with pytest.raises(TypeError):
        l2.apply(np.zeros(2, dtype=[("kind", "u1")]))
    assert l2.quantity_at(0, 0, 1 << 70) == 0


# ---- L3 -----------------------------------------------------------------------

def position(book, oid, symbol=0):
    p = book.queue_ahead(symbol, oid)
    assert p is not None, f"order {oid} does not rest"
    return p


def test_orders_added_at_one_price_queue_in_arrival_order_and_aggregate_into_the_level(l3):
    run(l3, add(11, BUY, 100, 5), add(12, BUY, 100, 3), add(13, BUY, 100, 2), add(20, SELL, 101, 4))
    assert l3.quantity_at(0, BUY, 100) == 10
    assert ticks(l3.depth(0, 4).bids) == [(100, 10, 3)]
    p = position(l3, 13)
    assert (p.orders_ahead, p.quantity_ahead_lots, p.price_ticks, p.quantity_lots, p.side) == (2, 8, 100, 2, BUY)
    assert position(l3, 11).orders_ahead == 0
    assert violations(l3) == 0


def test_a_cancel_removes_the_order_and_the_ones_behind_it_move_up(l3):
    run(l3, add(1, SELL, 50, 5), add(2, SELL, 50, 3), add(3, SELL, 50, 2), cancel(1, 5))
    assert (position(l3, 3).orders_ahead, position(l3, 3).quantity_ahead_lots) == (1, 3)
    assert l3.quantity_at(0, SELL, 50) == 5 and l3.queue_ahead(0, 1) is None


def test_a_partial_cancel_or_fill_keeps_the_place_and_a_full_fill_removes_it(l3):
    run(l3, add(1, BUY, 100, 5), add(2, BUY, 100, 3), cancel(1, 2), fill(2, 100, 1))
    assert position(l3, 1).quantity_lots == 3
    assert (position(l3, 2).orders_ahead, position(l3, 2).quantity_ahead_lots) == (1, 3)
    run(l3, fill(1, 100, 3))
    assert position(l3, 2).orders_ahead == 0 and l3.quantity_at(0, BUY, 100) == 2
    assert violations(l3) == 0


def test_a_cancel_of_zero_lots_removes_the_whole_order(l3):
    run(l3, add(1, BUY, 100, 5), cancel(1, 0))
    assert l3.queue_ahead(0, 1) is None and l3.checks().overfill == 0


def test_a_modify_that_decreases_the_size_keeps_the_orders_priority(l3):
    run(l3, add(1, BUY, 100, 5), add(2, BUY, 100, 3), modify(1, BUY, 100, 4))
    assert position(l3, 1).orders_ahead == 0 and position(l3, 2).quantity_ahead_lots == 4


def test_a_modify_that_increases_the_size_sends_the_order_to_the_back(l3):
    run(l3, add(1, BUY, 100, 5), add(2, BUY, 100, 3), modify(1, BUY, 100, 6))
    assert (position(l3, 1).orders_ahead, position(l3, 1).quantity_ahead_lots) == (1, 3)
    assert position(l3, 2).orders_ahead == 0 and l3.quantity_at(0, BUY, 100) == 9


def test_a_modify_that_changes_the_price_or_side_moves_the_order_to_the_back_of_the_new_level(l3):
    run(l3, add(1, BUY, 100, 5), add(2, BUY, 99, 3), modify(1, BUY, 99, 2))
    assert l3.quantity_at(0, BUY, 100) == 0 and l3.quantity_at(0, BUY, 99) == 5
    assert position(l3, 1).orders_ahead == 1 and l3.best(0).bid_price_ticks == 99
    run(l3, add(3, SELL, 120, 1), modify(2, SELL, 120, 3))
    assert position(l3, 2).side == SELL and position(l3, 2).orders_ahead == 1


def test_a_modify_to_zero_removes_the_order(l3):
    run(l3, add(1, BUY, 100, 5), modify(1, BUY, 100, 0))
    assert l3.queue_ahead(0, 1) is None and violations(l3) == 0


def test_a_modify_of_an_order_that_does_not_rest_adds_it_and_is_counted(l3):
    run(l3, modify(9, SELL, 70, 2), modify(10, SELL, 70, 0))
    assert l3.quantity_at(0, SELL, 70) == 2
    assert (l3.checks().modify_added, l3.checks().unknown_order) == (1, 1)


def test_unknown_orders_duplicates_and_overfills_are_counted_not_applied(l3):
    run(l3, add(1, BUY, 100, 5), cancel(99, 1), fill(98, 100, 1), add(1, BUY, 101, 7), fill(1, 100, 6))
    c = l3.checks()
    assert (c.unknown_order, c.duplicate_order, c.overfill) == (2, 1, 1)
    assert l3.depth(0, 5) == md.Depth([], [])  # the overfill took the order out


def test_clear_forgets_a_sides_order_ids_and_a_snapshot_replaces_the_book(l3):
    run(l3, add(1, BUY, 100, 5), add(2, SELL, 101, 5), mark(md.Kind.CLEAR, BUY))
    assert l3.quantity_at(0, BUY, 100) == 0 and position(l3, 2).quantity_lots == 5
    run(l3, add(1, BUY, 99, 1))
    assert l3.checks().duplicate_order == 0
    run(l3, mark(md.Kind.SNAPSHOT_BEGIN), add(5, SELL, 200, 1), mark(md.Kind.SNAPSHOT_END, flags=1))
    q = l3.best(0)
    assert (q.bid_price_ticks, q.ask_price_ticks) == (None, 200) and l3.queue_ahead(0, 2) is None


def test_exchange_ids_that_differ_only_in_their_high_bits_are_told_apart(l3):
    high = 1 << 40
    run(l3, *[add(k * high, SELL, 100 + k % 7, 1) for k in range(1, 1001)])
    run(l3, cancel(500 * high, 1))
    assert l3.queue_ahead(0, 500 * high) is None and l3.queue_ahead(0, 501 * high) is not None
    assert sum(lv.order_count for lv in l3.depth(0, 100).asks) == 999
    assert violations(l3) == 0


def test_order_ids_belong_to_their_symbol(l3):
    run(l3, add(1, BUY, 100, 5, symbol=1), add(1, SELL, 200, 3, symbol=2))
    assert position(l3, 1, symbol=1).price_ticks == 100 and position(l3, 1, symbol=2).price_ticks == 200
    assert l3.checks().duplicate_order == 0 and l3.queue_ahead(3, 1) is None


def test_bad_l3_events_are_counted_and_change_nothing(l3):
    run(l3, add(1, BUY, 100, 5), add(2, BOTH, 100, 1), modify(1, 7, 100, 1), add(3, BUY, 100, -1),
        cancel(1, -1), add(4, BUY, 100, 0), event(12), mark(md.Kind.CLEAR, 3),
        level(BUY, 1, 1), event(md.Kind.TRADE, BUY, 1, 1))
    c = l3.checks()
    assert (c.invalid, c.negative_quantity, c.ignored) == (5, 2, 2)
    assert position(l3, 1).quantity_lots == 5


def test_a_crossed_l3_book_after_a_complete_update_is_counted(l3):
    run(l3, add(1, SELL, 100, 1), add(2, BUY, 100, 1))
    assert l3.checks().crossed == 1


def test_queue_ahead_of_an_id_outside_64_bits_is_none(l3):
    assert l3.queue_ahead(0, 1 << 64) is None and l3.queue_ahead(0, -1) is None


def test_a_book_applies_an_event_file_and_learns_its_units(books, tmp_path):
    path = tmp_path / "a.ev"
    with md.EventFileWriter(path) as w:
        w.add_symbol(symbols(1)[0])
        w.write(events(add(1, BUY, 1000, 2000), add(2, SELL, 1001, 3)))
    with md.EventFile(path) as f:
        book = books[1]()
        assert book.apply(f) == 2
    q = book.best(0)
    assert (q.bid_price, q.bid_quantity, q.ask_price) == (100.0, 2.0, 100.1)


def test_a_fill_flagged_no_book_change_leaves_the_book_to_the_cancel_that_follows(l3):
    run(l3, add(11, BUY, 100, 5), fill(11, 100, 2, flags=md.Flag.LAST | md.Flag.NO_BOOK_CHANGE))
    assert l3.quantity_at(0, BUY, 100) == 5
    assert l3.checks().ignored == 1
    run(l3, cancel(11, 2))
    assert l3.quantity_at(0, BUY, 100) == 3
    assert violations(l3) == 0
