"""Queries in ticks and lots (docs/python.md, "Queries in ticks"):
top_of_book_ticks, depth_ticks, lots_at and order_ticks on every backend,
on books built by hand, their agreement with the double queries, bad
arguments, and native and pure-Python answering alike on a random stream."""
import random
import threading

import pytest

import sigmax_exec as sx
from conftest import loaded_backends

BUY, SELL = sx.Side.BUY, sx.Side.SELL
SYM = 1


def build_book(e):
    """Bids 100 (2 + 4 + 1 lots) and 98 (5); asks 103 (7) and 105 (1 + 2).
    Tick = lot = 1: the doubles are the ticks and lots. Returns the ids."""
    e.configure_symbol(SYM, 1.0, 1.0)
    orders = [(BUY, 100, 2), (BUY, 100, 4), (BUY, 100, 1), (BUY, 98, 5), (SELL, 103, 7), (SELL, 105, 1),
              (SELL, 105, 2)]
    return [e.execute_order(SYM, side, 0, float(p), float(q)).order_id for side, p, q in orders]


def test_top_of_book_ticks_gives_each_sides_best_price_lots_and_orders(engine):
    build_book(engine)
    assert engine.top_of_book_ticks(SYM) == sx.TopTicks(100, 7, 3, 103, 7, 1)


def test_an_empty_side_has_price_none_and_lots_and_orders_zero(engine):
    engine.configure_symbol(SYM, 1.0, 1.0)
    engine.execute_order(SYM, SELL, 0, 50.0, 3.0)
    assert engine.top_of_book_ticks(SYM) == sx.TopTicks(None, 0, 0, 50, 3, 1)


def test_a_symbol_without_a_book_answers_as_an_empty_book(engine):
    assert engine.top_of_book_ticks(4242) == sx.TopTicks(None, 0, 0, None, 0, 0)
    assert engine.depth_ticks(4242, BUY) == []
    assert engine.lots_at(4242, SELL, -7) == sx.LevelTicks(-7, 0, 0)


def test_depth_ticks_gives_one_side_best_first_at_most_levels(engine):
    build_book(engine)
    assert engine.depth_ticks(SYM, BUY) == [sx.LevelTicks(100, 7, 3), sx.LevelTicks(98, 5, 1)]
    assert engine.depth_ticks(SYM, SELL, 1) == [sx.LevelTicks(103, 7, 1)]
    assert engine.depth_ticks(SYM, 1, 0) == []
    assert engine.depth_ticks(SYM, SELL, 10 ** 12) == [sx.LevelTicks(103, 7, 1), sx.LevelTicks(105, 3, 2)]


def test_depth_ticks_of_more_levels_than_one_buffer_holds_gives_them_all(engine):
    engine.configure_symbol(SYM, 1.0, 1.0)
    n = 1500  # more than the first buffer (DEPTH_CHUNK) of the native backends
    sx.execute_batch(engine, [(SYM, 0, 0, float(p), 1.0) for p in range(1, n + 1)])
    levels = engine.depth_ticks(SYM, BUY, n + 10)
    assert [lv.price for lv in levels] == list(range(n, 0, -1))
    assert len(engine.depth_ticks(SYM, BUY, 1100)) == 1100


def test_lots_at_gives_the_open_lots_and_orders_at_a_price_zero_where_none_rest(engine):
    build_book(engine)
    assert engine.lots_at(SYM, BUY, 100) == sx.LevelTicks(100, 7, 3)
    assert engine.lots_at(SYM, SELL, 105) == sx.LevelTicks(105, 3, 2)
    assert engine.lots_at(SYM, BUY, 99) == sx.LevelTicks(99, 0, 0)
    assert engine.lots_at(SYM, SELL, 100) == sx.LevelTicks(100, 0, 0)
    engine.execute_order(SYM, SELL, 0, 100.0, 3.0)  # fills the first bid, 1 lot of the second
    assert engine.lots_at(SYM, BUY, 100) == sx.LevelTicks(100, 4, 2)


def test_order_ticks_gives_the_order_and_the_lots_and_orders_ahead_of_it(engine):
    ids = build_book(engine)
    assert engine.order_ticks(ids[2]) == sx.OrderTicks(ids[2], SYM, BUY, 100, 1, 0, 6, 2)
    assert engine.order_ticks(ids[0]).orders_ahead == 0
    assert engine.order_ticks(ids[6]) == sx.OrderTicks(ids[6], SYM, SELL, 105, 2, 0, 1, 1)
    engine.execute_order(SYM, SELL, 0, 100.0, 3.0)  # fills ids[0], 1 lot of ids[1]
    assert engine.order_ticks(ids[0]) is None
    assert engine.order_ticks(ids[1]) == sx.OrderTicks(ids[1], SYM, BUY, 100, 3, 1, 0, 0)
    assert engine.order_ticks(ids[2])[6:8] == (3, 1)
    engine.amend_order(ids[1], 5.0)  # more lots: to the back, behind ids[2]
    assert engine.order_ticks(ids[2])[6:8] == (0, 0)
    assert engine.order_ticks(ids[1])[6:8] == (1, 1)


def test_order_ticks_of_an_order_that_does_not_rest_is_none(engine):
    ids = build_book(engine)
    engine.cancel_order(ids[3])
    assert engine.order_ticks(ids[3]) is None
    assert engine.order_ticks(999) is None
    assert engine.order_ticks(-1) is None
    assert engine.order_ticks(1 << 70) is None
    assert engine.get_stats()["invalid_requests"] == 0


def test_a_bad_side_is_invalid_order_error_and_counted(engine):
    build_book(engine)
    with pytest.raises(sx.InvalidOrderError) as err:
        engine.depth_ticks(SYM, 2)
    assert err.value.status == -3  # SGX_ERR_INVALID_SIDE
    with pytest.raises(sx.InvalidOrderError):
        engine.lots_at(SYM, -1, 100)
    assert engine.get_stats()["invalid_requests"] == 2


@pytest.mark.parametrize("call", [
    lambda e: e.top_of_book_ticks("1"),
    lambda e: e.depth_ticks(1, 0.0),
    lambda e: e.depth_ticks(1, True),
    lambda e: e.depth_ticks(1, 0, 2.0),
    lambda e: e.lots_at(1, 0, 100.0),
    lambda e: e.order_ticks("7"),
], ids=["symbol str", "side float", "side bool", "levels float", "price float", "order id str"])
def test_arguments_of_the_wrong_type_are_type_errors(engine, call):
    with pytest.raises(TypeError):
        call(engine)


def test_out_of_range_arguments_raise_their_errors_before_the_engine(engine):
    with pytest.raises(ValueError):
        engine.depth_ticks(SYM, BUY, -1)
    with pytest.raises(sx.InvalidOrderError):
        engine.lots_at(SYM, BUY, 1 << 63)
    with pytest.raises(sx.InvalidOrderError):
        engine.top_of_book_ticks(1 << 32)
    assert engine.lots_at(SYM, BUY, -(1 << 63)) == sx.LevelTicks(-(1 << 63), 0, 0)
    assert engine.get_stats()["invalid_requests"] == 0


def test_the_answers_are_the_typed_named_tuples(engine):
    ids = build_book(engine)
    assert type(engine.top_of_book_ticks(SYM)) is sx.TopTicks
    assert all(type(lv) is sx.LevelTicks for lv in engine.depth_ticks(SYM, BUY))
    assert type(engine.lots_at(SYM, BUY, 100)) is sx.LevelTicks
    o = engine.order_ticks(ids[0])
    assert type(o) is sx.OrderTicks and type(o.side) is sx.Side
    assert all(type(v) is int for v in o[:2] + o[3:9])
    assert type(o.stp) is sx.SelfTrade and type(o.post_only) is bool


def random_stream(seed, n):
    """Orders on two symbols (tick 0.01 / lot 0.001 and tick 0.5 / lot 2),
    cancels and amends, as (kind, args) tuples."""
    rng = random.Random(seed)
    scales = {1: (0.01, 0.001), 2: (0.5, 2.0)}
    for _ in range(n):
        r = rng.random()
        if r < 0.2:
            yield "cancel", (rng.randrange(1, 400),)
        elif r < 0.3:
            # A whole number of lots on both symbols: 2.0 is 2000 lots of 0.001 and 1 of 2.
            yield "amend", (rng.randrange(1, 400), rng.randrange(1, 4) * 2.0)
        else:
            sym = rng.choice((1, 2))
            tick, lot = scales[sym]
            otype = 1 if r < 0.35 else 0
            tif = 1 if r < 0.4 else 0
            yield "order", (sym, rng.randrange(2), otype, (1000 + rng.randrange(-8, 9)) * tick,
                            rng.randrange(1, 9) * lot, tif)


def snapshot(e, last_id):
    """Every tick query's answer, and the double queries' converted."""
    out = []
    for sym in (1, 2):
        out.append(e.top_of_book_ticks(sym))
        for side in (0, 1):
            levels = e.depth_ticks(sym, side, 50)
            out.append(levels)
            out.append([e.lots_at(sym, side, lv.price) for lv in levels[:5]])
    out.append([e.order_ticks(i) for i in range(1, last_id + 1)])
    return out


def check_against_doubles(e):
    """The tick answers are the double answers, in ticks and lots."""
    scales = {1: (0.01, 0.001), 2: (0.5, 2.0)}
    for sym, (tick, lot) in scales.items():
        t, d = e.top_of_book_ticks(sym), e.top_of_book(sym)
        assert (t.bid_price is None) == (d.bid_price is None) and (t.ask_price is None) == (d.ask_price is None)
        if t.bid_price is not None:
            assert round(d.bid_price / tick) == t.bid_price and round(d.bid_quantity / lot) == t.bid_lots
        if t.ask_price is not None:
            assert round(d.ask_price / tick) == t.ask_price and round(d.ask_quantity / lot) == t.ask_lots
        depth = e.depth(sym, 50)
        for side, name in ((0, "bids"), (1, "asks")):
            ticks = e.depth_ticks(sym, side, 50)
            assert [(lv.price, lv.lots) for lv in ticks] == [(round(p / tick), round(q / lot)) for p, q in depth[name]]


def test_native_and_pure_answer_every_query_alike_on_a_random_stream():
    backends = loaded_backends()
    if len(backends) < 2:
        pytest.skip("needs at least two backends")
    events = list(random_stream(5, 3000))
    answers = {}
    for b in backends:
        e = b.Engine(fill_capacity=0)
        e.configure_symbol(1, 0.01, 0.001)
        e.configure_symbol(2, 0.5, 2.0)
        got = []
        last = 0
        for i, (kind, args) in enumerate(events):
            if kind == "order":
                last = e.execute_order(*args).order_id
            elif kind == "cancel":
                e.cancel_order(*args)
            else:
                e.amend_order(*args)
            if i % 100 == 99:
                got.append(snapshot(e, last))
                check_against_doubles(e)
        answers[b.Engine.implementation] = got
        e.close()
    names = list(answers)
    for name in names[1:]:
        for k, (a, c) in enumerate(zip(answers[names[0]], answers[name])):
            assert a == c, f"{names[0]} and {name} differ at snapshot {k}"
    resting = [o for o in answers[names[0]][-1][-1] if o is not None]
    assert any(o.orders_ahead > 1 for o in resting), "the stream should queue orders behind others"
    assert any(o.filled_lots > 0 for o in resting), "the stream should leave partly filled orders"


def test_queries_from_other_threads_while_one_places_orders_wait_their_turn_and_see_an_uncrossed_book(backend):
    e = backend.Engine(fill_capacity=0)
    e.configure_symbol(SYM, 1.0, 1.0)
    errors = []
    done = threading.Event()

    def place():
        try:
            for i in range(3000):
                e.execute_order(SYM, i % 2, 0, float(100 + (i % 7) - 3), 1.0)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            done.set()

    def query():
        try:
            while not done.is_set():
                t = e.top_of_book_ticks(SYM)
                assert t.bid_price is None or t.ask_price is None or t.bid_price < t.ask_price
                for side in (BUY, SELL):
                    levels = e.depth_ticks(SYM, side, 3)
                    assert all(lv.lots >= lv.orders > 0 for lv in levels)
                    e.lots_at(SYM, side, 100)
                e.order_ticks(1)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=place)] + [threading.Thread(target=query) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
