"""The venue in L3 mode (book_model L3, docs/venue.md section 11), end to
end: exact queue positions among the recorded orders, passive fills from
FILL events, user takers hiding the liquidity they took, the NO_BOOK_CHANGE
FILL rule, a real fill shared by the user orders behind it, and the local
book showing the recorded market. One rule per test, on every venue core
that loads; a native core that is still L2-only (it refuses book_model L3
with INVALID_CONFIG "not in this build") is skipped with that reason.

Streams are hand-made: symbol 1, tick, lot and contract size 1, latencies 0
unless a test says otherwise; exch_ts = local_ts unless given."""
import pytest

from sigmax_exec import _errors as E
from sigmax_exec.market import Flag, Kind
from sigmax_exec.venue import BookModel, FillModel, Step, VenueOrderStatus as S
from venue_streams import BUY, CORE_BACKENDS, FOK, GTC, GTX, IOC, LIMIT, MARKET, SELL, SYM, config, core_class, \
    level, trade, write_file

LAST = int(Flag.LAST)
NBC = int(Flag.NO_BOOK_CHANGE) | LAST
NOT_IN_THIS_BUILD = "L3 book model: not in this build"


@pytest.fixture(params=CORE_BACKENDS)
def core(request):
    return core_class(request.param)


def l3(kind, ts, oid, side=BUY, price=0, qty=0, flags=LAST, local_ts=None):
    """An L3 event of symbol SYM at exch_ts ts (local_ts: ts unless given)."""
    return dict(kind=int(kind), exch_ts=ts, local_ts=ts if local_ts is None else local_ts, side=side, price=price,
                quantity=qty, order_id=oid, symbol=SYM, flags=flags)


def add(ts, oid, side, price, qty, **kw):
    return l3(Kind.ADD, ts, oid, side, price, qty, **kw)


def cancel(ts, oid, qty=0, **kw):
    """CANCEL: the order loses qty lots (0: all of them)."""
    return l3(Kind.CANCEL, ts, oid, BUY, 0, qty, **kw)


def fill(ts, oid, side, price, qty, **kw):
    return l3(Kind.FILL, ts, oid, side, price, qty, **kw)


def modify(ts, oid, side, price, qty, **kw):
    return l3(Kind.MODIFY, ts, oid, side, price, qty, **kw)


def venue(core, tmp_path, items, fill_model=FillModel.NO_PARTIAL, **cfg):
    f = write_file(tmp_path / "events.sgxev", items)
    try:
        return core(f, config(fill=fill_model, book_model=BookModel.L3, **cfg))
    except E.InvalidConfigError as exc:
        if NOT_IN_THIS_BUILD in str(exc):
            pytest.skip(f"{core.__name__} refuses book_model L3: {exc}")
        raise


def order(v, oid):
    o = v.order(SYM, oid)
    return dict(status=int(o["status"]), leaves=int(o["leaves"]), executed=int(o["executed"]),
                exec_price=int(o["exec_price"]), last_fill=int(o["last_fill"]), maker=int(o["maker"]),
                queue_ahead=float(o["queue_ahead"]), exch_ts=int(o["exch_ts"]))


def fills(v):
    return [(int(f["order_id"]), int(f["price"]), int(f["quantity"]), int(f["maker"]), int(f["exch_ts"]))
            for f in v.fills()]


def asks_at_101():
    """Asks at 101: id 1 (3 lots), then id 2 (4); a bid at 99: id 3 (5)."""
    return [add(0, 1, SELL, 101, 3), add(0, 2, SELL, 101, 4), add(0, 3, BUY, 99, 5)]


# ---- config --------------------------------------------------------------------------------

def test_an_unknown_book_model_is_an_invalid_config_on_every_core(core, tmp_path):
    f = write_file(tmp_path / "events.sgxev", asks_at_101())
    with pytest.raises(E.InvalidConfigError, match="book_model"):
        core(f, config(book_model=2))


# ---- the queue position among real orders ----------------------------------------------------

def test_the_queue_position_is_exact_among_real_orders_while_orders_ahead_cancel(core, tmp_path):
    # The user sell at 101 rests behind ids 1 and 2 (7 lots); id 4 comes behind it.
    items = asks_at_101() + [add(20, 4, SELL, 101, 6), cancel(30, 1), cancel(40, 2, 1), cancel(50, 4),
                             add(60, 5, SELL, 101, 2), level(100, BUY, 90, 1)]
    v = venue(core, tmp_path, items)
    v.goto(10)
    v.submit(SYM, 7, SELL, 101, 2, LIMIT, GTC)
    seen = []
    for t in (15, 25, 35, 45, 55, 65):
        v.goto(t)
        seen.append(v.queue_position(SYM, 7))
    # id 1 cancelled whole (-3), id 2 by 1 lot (-1); ids 4 and 5 are behind.
    assert seen == [7.0, 7.0, 4.0, 3.0, 3.0, 3.0]
    o = order(v, 7)
    assert (o["status"], o["queue_ahead"], o["exch_ts"]) == (S.NEW, 7.0, 10)  # the estimate when it answered


def test_a_modify_down_ahead_keeps_priority_and_one_up_sends_that_order_behind(core, tmp_path):
    items = asks_at_101() + [modify(20, 1, SELL, 101, 2), modify(30, 2, SELL, 101, 9), level(100, BUY, 90, 1)]
    v = venue(core, tmp_path, items)
    v.goto(10)
    v.submit(SYM, 7, SELL, 101, 1, LIMIT, GTC)
    v.goto(25)
    assert v.queue_position(SYM, 7) == 6.0   # id 1 lost 1 lot, kept its place
    v.goto(35)
    assert v.queue_position(SYM, 7) == 2.0   # id 2 grew: to the back, behind the user order


def test_a_cancelled_user_order_reports_the_ahead_it_had_and_leaves_the_queue(core, tmp_path):
    items = asks_at_101() + [cancel(20, 1), level(100, BUY, 90, 1)]
    v = venue(core, tmp_path, items)
    v.goto(10)
    v.submit(SYM, 7, SELL, 101, 1, LIMIT, GTC)
    v.goto(30)
    v.cancel(SYM, 7)
    v.goto(31)
    o = order(v, 7)
    assert (o["status"], o["queue_ahead"]) == (S.CANCELLED, 4.0)
    with pytest.raises(E.OrderNotFoundError):
        v.queue_position(SYM, 7)


def test_a_modified_user_order_joins_the_back_of_its_new_price(core, tmp_path):
    items = asks_at_101() + [add(0, 4, SELL, 102, 5), add(20, 5, SELL, 102, 1), level(100, BUY, 90, 1)]
    v = venue(core, tmp_path, items)
    v.goto(10)
    v.submit(SYM, 7, SELL, 101, 1, LIMIT, GTC)
    v.goto(30)
    v.modify(SYM, 7, 102, 2)
    v.goto(31)
    o = order(v, 7)
    assert (o["status"], o["leaves"], o["queue_ahead"]) == (S.NEW, 2, 6.0)
    assert v.queue_position(SYM, 7) == 6.0


# ---- passive fills from FILL events ------------------------------------------------------------

@pytest.mark.parametrize("fill_model", [FillModel.NO_PARTIAL, FillModel.PARTIAL])
def test_a_fill_behind_the_user_order_fills_it(core, tmp_path, fill_model):
    # The user sell (3 lots) rests behind ids 1 and 2; id 4 behind it trades 2 lots: the
    # user order would have traded first. NoPartial: filled whole; Partial: 2 of its 3 lots.
    items = asks_at_101() + [add(20, 4, SELL, 101, 6), fill(30, 4, SELL, 101, 2), level(100, BUY, 90, 1)]
    v = venue(core, tmp_path, items, fill_model)
    v.goto(10)
    v.submit(SYM, 7, SELL, 101, 3, LIMIT, GTC)
    v.goto(40)
    o = order(v, 7)
    if fill_model == FillModel.NO_PARTIAL:
        assert fills(v) == [(7, 101, 3, 1, 30)]
        assert (o["status"], o["leaves"]) == (S.FILLED, 0)
    else:
        assert fills(v) == [(7, 101, 2, 1, 30)]
        assert (o["status"], o["leaves"], o["queue_ahead"]) == (S.PARTIALLY_FILLED, 1, 7.0)
        assert v.queue_position(SYM, 7) == 7.0  # a partial fill keeps its place


def test_a_fill_ahead_of_the_user_order_only_moves_it(core, tmp_path):
    items = asks_at_101() + [fill(30, 1, SELL, 101, 2), level(100, BUY, 90, 1)]
    v = venue(core, tmp_path, items)
    v.goto(10)
    v.submit(SYM, 7, SELL, 101, 3, LIMIT, GTC)
    v.goto(40)
    assert fills(v) == [] and v.queue_position(SYM, 7) == 5.0


def test_a_fill_at_a_worse_price_trades_the_user_order_through(core, tmp_path):
    items = asks_at_101() + [add(0, 4, SELL, 102, 5), fill(30, 4, SELL, 102, 1), level(100, BUY, 90, 1)]
    v = venue(core, tmp_path, items, FillModel.PARTIAL)
    v.goto(10)
    v.submit(SYM, 7, SELL, 101, 3, LIMIT, GTC)
    v.goto(40)
    assert fills(v) == [(7, 101, 3, 1, 30)]  # whole, at its own price, maker
    assert order(v, 7)["status"] == S.FILLED


def test_a_new_best_bid_crossing_a_user_sell_fills_it_whole_at_its_price(core, tmp_path):
    items = asks_at_101() + [add(30, 8, BUY, 101, 1), level(100, BUY, 90, 1)]
    v = venue(core, tmp_path, items, FillModel.PARTIAL)
    v.goto(10)
    v.submit(SYM, 7, SELL, 101, 3, LIMIT, GTC)
    v.goto(40)
    assert fills(v) == [(7, 101, 3, 1, 30)]


def test_trades_and_levels_fill_nothing_in_l3_mode_and_trades_reach_the_last_trades(core, tmp_path):
    # A TRADE through the user's price and a LEVEL crossing it: fills come from FILL events only.
    items = asks_at_101() + [trade(30, BUY, 102, 9), level(40, BUY, 105, 9), level(100, BUY, 90, 1)]
    v = venue(core, tmp_path, items, FillModel.PARTIAL)
    v.goto(10)
    v.submit(SYM, 7, SELL, 101, 3, LIMIT, GTC)
    v.goto(50)
    assert fills(v) == [] and order(v, 7)["status"] == S.NEW
    t = v.last_trades(SYM)
    assert [(int(e["price"]), int(e["quantity"])) for e in t] == [(102, 9)]


def test_two_user_orders_behind_one_fill_share_its_lots_under_partial(core, tmp_path):
    # Users A (2 lots) and B (2 lots) rest behind id 1; id 2 behind both trades 3:
    # A fills 2, B the 1 left: together no more than the real fill.
    items = [add(0, 1, SELL, 101, 3), add(0, 3, BUY, 99, 5), add(20, 2, SELL, 101, 5),
             fill(30, 2, SELL, 101, 3), level(100, BUY, 90, 1)]
    v = venue(core, tmp_path, items, FillModel.PARTIAL)
    v.goto(10)
    v.submit(SYM, 7, SELL, 101, 2, LIMIT, GTC)
    v.submit(SYM, 8, SELL, 101, 2, LIMIT, GTC)
    v.goto(40)
    assert fills(v) == [(7, 101, 2, 1, 30), (8, 101, 1, 1, 30)]
    assert (order(v, 7)["status"], order(v, 8)["status"], order(v, 8)["leaves"]) == (S.FILLED, S.PARTIALLY_FILLED, 1)


def test_under_no_partial_the_first_user_order_behind_a_fill_takes_it_whole_and_the_next_gets_nothing(core, tmp_path):
    # m = 2: A fills whole (2 lots), nothing remains for B.
    items = [add(0, 1, SELL, 101, 3), add(0, 3, BUY, 99, 5), add(20, 2, SELL, 101, 5),
             fill(30, 2, SELL, 101, 2), level(100, BUY, 90, 1)]
    v = venue(core, tmp_path, items)
    v.goto(10)
    v.submit(SYM, 7, SELL, 101, 2, LIMIT, GTC)
    v.submit(SYM, 8, SELL, 101, 2, LIMIT, GTC)
    v.goto(40)
    assert fills(v) == [(7, 101, 2, 1, 30)]
    assert (order(v, 8)["status"], v.queue_position(SYM, 8)) == (S.NEW, 3.0)


# ---- user takers and hidden lots -----------------------------------------------------------------

def test_a_taker_hides_what_it_took_and_a_later_taker_cannot_take_it_again(core, tmp_path):
    items = asks_at_101() + [add(0, 4, SELL, 102, 5), add(50, 5, SELL, 101, 3), level(100, BUY, 90, 1)]
    v = venue(core, tmp_path, items, FillModel.PARTIAL)
    v.goto(10)
    v.submit(SYM, 7, BUY, 101, 5, LIMIT, IOC)
    v.goto(20)
    v.submit(SYM, 8, BUY, 101, 5, LIMIT, IOC)
    v.goto(30)
    v.submit(SYM, 9, BUY, 101, 5, LIMIT, IOC)
    v.goto(40)
    assert fills(v) == [(7, 101, 5, 0, 10), (8, 101, 2, 0, 20)]  # 7 lots offered at 101, 7 taken
    assert (order(v, 8)["status"], order(v, 9)["status"], order(v, 9)["executed"]) == (S.EXPIRED, S.EXPIRED, 0)
    v.goto(60)
    v.submit(SYM, 10, BUY, 101, 5, LIMIT, IOC)  # id 5 offers 3 new lots
    v.goto(70)
    assert fills(v)[-1] == (10, 101, 3, 0, 60)


def test_a_partial_taker_walks_the_visible_levels_one_fill_each_and_rests_the_rest(core, tmp_path):
    items = asks_at_101() + [add(0, 4, SELL, 102, 5), level(100, BUY, 90, 1)]
    v = venue(core, tmp_path, items, FillModel.PARTIAL)
    v.goto(10)
    v.submit(SYM, 7, BUY, 102, 20, LIMIT, GTC)
    v.goto(20)
    assert fills(v) == [(7, 101, 7, 0, 10), (7, 102, 5, 0, 10)]
    o = order(v, 7)
    assert (o["status"], o["leaves"], o["queue_ahead"]) == (S.PARTIALLY_FILLED, 8, 0.0)  # nothing bids at 102


def test_a_no_partial_taker_fills_whole_at_the_best_and_then_finds_nothing_visible(core, tmp_path):
    items = asks_at_101() + [level(100, BUY, 90, 1)]
    v = venue(core, tmp_path, items)
    v.goto(10)
    v.submit(SYM, 7, BUY, 101, 5, LIMIT, IOC)
    v.goto(20)
    v.submit(SYM, 8, BUY, 101, 5, LIMIT, IOC)  # 2 visible lots left: it crosses, fills whole
    v.goto(30)
    v.submit(SYM, 9, BUY, 101, 1, LIMIT, IOC)  # nothing visible at 101
    v.goto(40)
    v.submit(SYM, 10, BUY, 0, 1, MARKET, IOC)   # nothing visible at all
    v.goto(50)
    assert fills(v) == [(7, 101, 5, 0, 10), (8, 101, 5, 0, 20)]
    assert (order(v, 9)["status"], order(v, 10)["status"]) == (S.EXPIRED, S.EXPIRED)


def test_fok_short_of_visible_lots_expires_and_hides_nothing(core, tmp_path):
    items = asks_at_101() + [level(100, BUY, 90, 1)]
    v = venue(core, tmp_path, items, FillModel.PARTIAL)
    v.goto(10)
    v.submit(SYM, 7, BUY, 101, 8, LIMIT, FOK)   # 7 visible
    v.goto(20)
    v.submit(SYM, 8, BUY, 101, 7, LIMIT, FOK)
    v.goto(30)
    assert (order(v, 7)["status"], order(v, 7)["executed"]) == (S.EXPIRED, 0)
    assert fills(v) == [(8, 101, 7, 0, 20)]


def test_a_post_only_order_crossing_the_visible_best_expires(core, tmp_path):
    items = asks_at_101() + [level(100, BUY, 90, 1)]
    v = venue(core, tmp_path, items)
    v.goto(10)
    v.submit(SYM, 7, BUY, 101, 1, LIMIT, GTX)
    v.goto(20)
    assert order(v, 7)["status"] == S.EXPIRED and fills(v) == []


def test_a_taker_passes_over_the_users_own_resting_order_and_moves_it_up(core, tmp_path):
    # The user's sell rests behind id 1 at 101; the user's buy takes id 1's 3 lots and
    # id 2's 4 but not its own order; the sell now has nothing visible ahead.
    items = asks_at_101() + [level(100, BUY, 90, 1)]
    v = venue(core, tmp_path, items, FillModel.PARTIAL)
    v.goto(10)
    v.submit(SYM, 7, SELL, 101, 2, LIMIT, GTC)
    v.goto(20)
    v.submit(SYM, 8, BUY, 101, 10, LIMIT, IOC)
    v.goto(30)
    assert fills(v) == [(8, 101, 7, 0, 20)]
    assert (order(v, 7)["status"], v.queue_position(SYM, 7)) == (S.NEW, 0.0)


# ---- the NO_BOOK_CHANGE FILL ---------------------------------------------------------------------

def test_a_no_book_change_fill_of_lots_the_user_took_shows_nothing_again_and_fills_no_resting_buy(core, tmp_path):
    # The user took all 3 lots of ask id 1 at 100 and rests the rest as a buy at 100. The
    # recording's NO_BOOK_CHANGE FILL of id 1 for 2 (and its CANCEL) must neither make the
    # ask visible again nor fill the buy by crossing.
    items = [add(0, 1, SELL, 100, 3), add(0, 2, SELL, 101, 5), add(0, 3, BUY, 98, 5),
             fill(30, 1, SELL, 100, 2, flags=NBC), cancel(31, 1, 2), level(100, BUY, 90, 1)]
    v = venue(core, tmp_path, items, FillModel.PARTIAL)
    v.goto(10)
    v.submit(SYM, 7, BUY, 100, 5, LIMIT, GTC)
    v.goto(20)
    o = order(v, 7)
    assert (o["status"], o["executed"], o["leaves"]) == (S.PARTIALLY_FILLED, 3, 2)
    v.goto(40)
    o = order(v, 7)
    assert (o["status"], o["executed"], o["leaves"]) == (S.PARTIALLY_FILLED, 3, 2)
    assert fills(v) == [(7, 100, 3, 0, 10)]
    v.submit(SYM, 8, BUY, 100, 1, LIMIT, IOC)  # id 1's last lot is the user's too: nothing to take
    v.goto(50)
    assert order(v, 8)["status"] == S.EXPIRED and len(fills(v)) == 1


def test_a_no_book_change_fill_behind_the_user_order_fills_it_with_its_market_lots(core, tmp_path):
    items = asks_at_101() + [add(20, 4, SELL, 101, 6), fill(30, 4, SELL, 101, 2, flags=NBC),
                             cancel(30, 4, 2), level(100, BUY, 90, 1)]
    v = venue(core, tmp_path, items, FillModel.PARTIAL)
    v.goto(10)
    v.submit(SYM, 7, SELL, 101, 3, LIMIT, GTC)
    v.goto(40)
    assert fills(v) == [(7, 101, 2, 1, 30)]  # once: the CANCEL that follows fills nothing


# ---- the local side -------------------------------------------------------------------------------

def test_the_local_book_shows_the_recorded_market_with_order_counts(core, tmp_path):
    # The data reach local 5 ns after the exchange; a user taker's hidden lots are not
    # subtracted locally (the strategy does not know what the exchange hides).
    items = [level(0, BUY, 90, 1), add(0, 1, SELL, 101, 3, local_ts=5), add(0, 2, SELL, 101, 4, local_ts=5),
             add(0, 4, SELL, 102, 5, local_ts=5), add(0, 3, BUY, 99, 5, local_ts=5),
             level(50, BUY, 90, 1, local_ts=55)]
    v = venue(core, tmp_path, items, FillModel.PARTIAL)
    v.goto(4)
    assert v.quote(SYM).ask_price_ticks is None
    v.goto(6)
    v.submit(SYM, 7, BUY, 101, 5, LIMIT, IOC)
    v.goto(20)
    q = v.quote(SYM)
    assert (q.bid_price_ticks, q.bid_quantity_lots, q.ask_price_ticks, q.ask_quantity_lots) == (99, 5, 101, 7)
    assert [(lv.price_ticks, lv.quantity_lots, lv.order_count) for lv in v.depth(SYM, SELL, 5)] == \
        [(101, 7, 2), (102, 5, 1)]
    assert v.quantity_at(SYM, SELL, 101) == 7 and v.quantity_at(SYM, BUY, 90) == 0
    assert fills(v) == [(7, 101, 5, 0, 6)]
    v.goto(60)  # a LEVEL event changes nothing in the L3 book
    assert v.quantity_at(SYM, BUY, 90) == 0
    st = v.state(SYM)
    assert (int(st["position"]), float(st["mid"])) == (5, 100.0)


def test_an_l3_venue_runs_to_its_end(core, tmp_path):
    items = asks_at_101() + [cancel(10, 1), level(20, BUY, 90, 1)]
    v = venue(core, tmp_path, items)
    assert v.goto(1000) == Step.END and v.current_timestamp() == 20


# ---- a random L3 stream: invariants --------------------------------------------------------------

def random_l3_items(seed, n):
    """md_streams.random_l3 (one symbol, valid events only) as symbol SYM on a
    compact clock: local_ts 10 ns apart, exch_ts up to 6 ns earlier (so the
    exchange order differs from the file order); 40% of the FILLs flagged
    NO_BOOK_CHANGE and followed by their CANCEL."""
    import random
    from md_streams import random_l3
    rng = random.Random(seed)
    items = []
    for e in random_l3(seed, n, n_symbols=1, bad=False):
        item = dict(kind=int(e["kind"]), side=int(e["side"]), price=int(e["price"]), quantity=int(e["quantity"]),
                    order_id=int(e["order_id"]), flags=int(e["flags"]), symbol=SYM)
        if item["kind"] == int(Kind.FILL) and rng.random() < 0.4:
            items += [dict(item, flags=item["flags"] | int(Flag.NO_BOOK_CHANGE)),
                      dict(item, kind=int(Kind.CANCEL), price=0)]
        else:
            items.append(item)
    for i, item in enumerate(items):
        item["local_ts"] = 1000 + 10 * i
        item["exch_ts"] = item["local_ts"] - rng.randint(0, 6)
    return items


def offered_lots(items):
    """Per (side, price): every lot the recording ever put there (ADDs, and MODIFYs to that place)."""
    out = {}
    for e in items:
        if e["kind"] in (int(Kind.ADD), int(Kind.MODIFY)) and e["side"] in (BUY, SELL):
            key = (e["side"], e["price"])
            out[key] = out.get(key, 0) + e["quantity"]
    return out


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("fill_model", [FillModel.NO_PARTIAL, FillModel.PARTIAL])
def test_random_l3_streams_keep_the_venue_invariants(core, tmp_path, seed, fill_model):
    """A random strategy on a random L3 stream: a buy never fills above a limit
    it had nor a sell below; executed = the order's fills, leaves >= 0;
    position = the signed fills; a resting order's exact ahead is >= 0 and a
    whole number; under Partial the user's taker lots at a price never exceed
    the lots the recording ever offered there (hidden lots: nothing is taken
    twice)."""
    import random
    rng = random.Random(seed)
    items = random_l3_items(seed, 3000)
    v = venue(core, tmp_path, items, fill_model, entry=rng.randint(0, 25), response=rng.randint(0, 25))
    limits = {}
    next_id = 1
    for _ in range(50_000):
        a = rng.random()
        try:
            if a < 0.3:
                q = v.quote(SYM)
                ref = q.bid_price_ticks if q.bid_price_ticks is not None else 100
                side = rng.randint(0, 1)
                typ = MARKET if rng.random() < 0.1 else LIMIT
                tif = rng.choice((0, 1)) if typ == MARKET else rng.choice((0, 0, 1, 2, 3))
                price = 0 if typ == MARKET else ref + rng.randint(-4, 4)
                v.submit(SYM, next_id, side, price, rng.randint(1, 12), typ, tif)
                limits[next_id] = (typ, side, [price])
                next_id += 1
            elif a < 0.4:
                ids = v.orders(SYM)["order_id"].tolist()
                if ids:
                    oid = rng.choice(ids)
                    if a < 0.36:
                        v.cancel(SYM, oid)
                    else:
                        o = v.order(SYM, oid)
                        price = int(o["price"]) + rng.randint(-2, 2)
                        v.modify(SYM, oid, price, int(o["executed"]) + rng.randint(1, 12))
                        limits[oid][2].append(price)
            elif a < 0.45:
                for oid in v.orders(SYM)["order_id"].tolist():
                    try:
                        ahead = v.queue_position(SYM, oid)
                    except E.OrderNotFoundError:
                        continue
                    assert ahead >= 0 and ahead == int(ahead)
            elif v.elapse(rng.randint(0, 60)) == Step.END:
                break
        except (E.RequestInFlightError, E.OrderClosedError, E.InvalidOrderError):
            pass  # refusals a random strategy runs into; they change nothing
    else:
        raise AssertionError("the stream did not end")
    fl = v.fills()
    assert len(fl) > 0 and int(fl["maker"].sum()) > 0
    per_order, taken = {}, {}
    for f in fl:
        oid, side, price, lots = int(f["order_id"]), int(f["side"]), int(f["price"]), int(f["quantity"])
        typ, s, prices = limits[oid]
        assert side == s
        if typ == LIMIT:
            assert price <= max(prices) if side == BUY else price >= min(prices)
        per_order[oid] = per_order.get(oid, 0) + lots
        if not f["maker"]:
            taken[(1 - side, price)] = taken.get((1 - side, price), 0) + lots
    for o in v.orders(SYM):
        assert o["leaves"] >= 0 and o["executed"] == per_order.get(int(o["order_id"]), 0)
    signs = [1 if s == BUY else -1 for s in fl["side"].tolist()]
    assert v.state(SYM)["position"] == sum(sg * q for sg, q in zip(signs, fl["quantity"].tolist()))
    if fill_model == FillModel.PARTIAL:
        offered = offered_lots(items)
        for key, lots in taken.items():
            assert lots <= offered.get(key, 0), (key, lots)
