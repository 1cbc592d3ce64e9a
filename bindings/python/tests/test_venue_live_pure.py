"""Live venue cores (docs/paper_trading.md), driven the way PaperVenue drives
them: events pushed in chunks, a step that stops PENDING at the feed's horizon
retried after the next push. On every backend whose core has a live mode:
a live run equals the recorded run over the same events; the horizon, PENDING,
END-after-close and late-event rules; refused pushes change nothing. The
pure core's own bookkeeping (stable exchange order, compaction) is checked
on its internals."""
import random

import numpy as np
import pytest

import sigmax_exec as sx
from sigmax_exec.market import EventFile, Symbol
from sigmax_exec.venue import Step, VENUE_FEED_DTYPE
from venue_streams import BUY, CORE_BACKENDS, GTC, GTX, LIMIT, SELL, config, core_class, event_array, level, \
    random_stream, trade, write_file

I64_MIN, I64_MAX = -(1 << 63), (1 << 63) - 1
TEST = Symbol(1, "TEST", "test", 1.0, 1.0, 1.0, False)


@pytest.fixture(scope="module")
def btc_slice_20s(shared_slice):
    """The first 20 s of the shared recording as an event file (conftest's shared_slice)."""
    return shared_slice(20)


@pytest.fixture(params=CORE_BACKENDS)
def core_cls(request):
    cls = core_class(request.param)
    if not hasattr(cls, "live"):
        pytest.skip(f"the {request.param} core has no live mode yet")
    return cls


def quoting(core, drive, symbol, step_ns):
    """A strategy that moves time both ways (goto and wait_next_feed) and
    trades: each step it cancels its orders and quotes one lot a tick outside
    the touch. The log of (step, time) pairs, to compare runs."""
    next_id, log = 1, []
    k = 0
    while True:
        k += 1
        r = drive("wait", step_ns // 2) if k % 3 == 0 else drive("goto", core.current_timestamp() + step_ns)
        log.append((r, core.current_timestamp()))
        if r == Step.END:
            return log
        q = core.quote(symbol)
        if q.bid_price_ticks is None or q.ask_price_ticks is None:
            continue
        core.cancel_all(symbol)
        core.clear_inactive_orders(symbol)
        core.submit(symbol, next_id, BUY, q.bid_price_ticks - 1, 1 if step_ns < 1000 else 100, LIMIT, GTX)
        core.submit(symbol, next_id + 1, SELL, q.ask_price_ticks + 1, 1 if step_ns < 1000 else 100, LIMIT, GTC)
        next_id += 2


def recorded_driver(core):
    return lambda kind, x: core.goto(x) if kind == "goto" else core.wait_next_feed(True, x)


def live_driver(core, events, chunks):
    """Drives a live core as PaperVenue does: a PENDING step gets the next chunk (the close after the last) and is
    retried towards the same target."""
    cuts = iter(np.cumsum(chunks).tolist())
    state = {"at": 0}

    def feed_more():
        if state["at"] >= len(events):
            core.close_feed()
            return
        end = next(cuts, len(events))
        core.push(events[state["at"]:end])
        state["at"] = end

    def drive(kind, x):
        target = x if kind == "goto" else core.current_timestamp() + x
        while True:
            r = core.goto(target) if kind == "goto" else core.wait_next_feed(True, target - core.current_timestamp())
            if r != Step.PENDING:
                return r
            feed_more()
    return drive


def compare_live_with_recorded(core_cls, f, cfg, symbol, step_ns, chunkings):
    events = f.events
    rec = core_cls(f, cfg)
    shift = rec.local_shift()
    delay = int((events["local_ts"] + shift - events["exch_ts"]).max())  # the feed's largest latency
    log = quoting(rec, recorded_driver(rec), symbol, step_ns)
    assert len(rec.fills()) > 0, "the strategy must trade for the comparison to mean something"
    for chunks in chunkings:
        live = core_cls.live(f.symbols, cfg, int(events["local_ts"][0]) + shift, shift, delay)
        assert quoting(live, live_driver(live, events, chunks), symbol, step_ns) == log
        assert np.array_equal(live.fills(), rec.fills())
        assert np.array_equal(live.orders(symbol), rec.orders(symbol))
        assert live.state(symbol) == rec.state(symbol)
        feed = live.feed()
        assert (feed["pushed"], feed["pending"], feed["live"], feed["closed"]) == (len(events), 0, 1, 1)


def test_a_live_core_fed_in_chunks_equals_the_recorded_core_on_the_shared_slice(core_cls, btc_slice_20s):
    """Rule: with feed_delay = the feed's largest latency, a live run equals the recorded run, whatever the chunks."""
    rng = random.Random(5)
    with EventFile(btc_slice_20s) as f:
        n = len(f.events)
        irregular = [rng.choice((1, 2, 50, 700)) for _ in range(n)]
        compare_live_with_recorded(core_cls, f, config(entry=10_000_000, response=10_000_000), f.symbols[0].id,
                                   100_000_000, [[13] * n, [997] * n, irregular])


def test_a_live_core_equals_the_recorded_core_on_random_streams_with_ties(core_cls, tmp_path):
    """Rule: exchange order stable by (exch_ts, push order) and the horizon make a live run equal the recorded one,
    even with many equal timestamps (small integer times) and exchange order different from push order."""
    for seed in range(2):
        items = random_stream(seed, 1500, max_latency=40)
        f = write_file(tmp_path / f"r{seed}.sgxev", items, [TEST])
        rng = random.Random(seed)
        chunks = [rng.randint(1, 60) for _ in range(1500)]
        compare_live_with_recorded(core_cls, f, config(entry=7, response=5), 1, 50, [[1] * 1500, chunks])
        f.close()


def live_core(core_cls, start=0, shift=0, delay=0, cfg=None):
    return core_cls.live([TEST], cfg or config(), start, shift, delay)


def test_time_stops_pending_at_the_horizon_and_moves_nothing_when_the_horizon_is_behind(core_cls):
    """Rule: horizon = W + local_shift - feed_delay; the venue processes what lies strictly before it; a step to
    the horizon or past it is PENDING with current = horizon; a horizon at or before the current time moves nothing."""
    v = live_core(core_cls, start=100, shift=5, delay=3)
    assert v.goto(150) == Step.PENDING and v.current_timestamp() == 100  # nothing pushed: no horizon
    assert v.feed()["horizon"] == I64_MIN
    v.push(event_array([level(100, BUY, 99, 5, local_ts=120), level(100, SELL, 101, 5, local_ts=130)]))
    assert v.feed()["horizon"] == 130 + 5 - 3
    assert v.goto(150) == Step.PENDING and v.current_timestamp() == 132
    assert v.quote(1).bid_price_ticks == 99 and v.quote(1).ask_price_ticks is None  # the ask arrives at 135
    assert v.elapse(10) == Step.PENDING and v.current_timestamp() == 132
    v.advance_feed(200)
    v.advance_feed(150)  # an older promise changes nothing
    assert v.feed()["watermark"] == 200
    assert v.goto(150) == Step.OK and v.current_timestamp() == 150  # nothing left, not closed: a timeout
    assert v.quote(1).ask_price_ticks == 101
    assert v.goto(202) == Step.PENDING and v.current_timestamp() == 202  # the horizon itself is not yet safe
    assert v.wait_next_feed(True, 1000) == Step.PENDING and v.current_timestamp() == 202


def test_a_wait_stops_at_a_feed_event_before_the_horizon(core_cls):
    """Rule: a wait that meets market data before the horizon stops there (FEED), not PENDING."""
    v = live_core(core_cls)
    v.push(event_array([level(10, BUY, 99, 5), level(20, SELL, 101, 5)]))
    v.advance_feed(50)
    assert v.wait_next_feed(False, 1000) == Step.FEED and v.current_timestamp() == 10
    assert v.wait_next_feed(False, 1000) == Step.FEED and v.current_timestamp() == 20
    assert v.wait_next_feed(False, 1000) == Step.PENDING and v.current_timestamp() == 50


def test_end_comes_only_after_the_close_once_everything_pushed_is_processed(core_cls):
    """Rule: before close_feed a drained live venue times out or is pending; after it, END at the last event."""
    v = live_core(core_cls, delay=10)
    v.push(event_array([level(5, BUY, 99, 5, local_ts=30)]))
    assert v.goto(19) == Step.OK and v.current_timestamp() == 19
    assert v.goto(25) == Step.PENDING and v.current_timestamp() == 20
    v.close_feed()
    assert v.feed()["horizon"] == I64_MAX and v.feed()["closed"] == 1
    assert v.goto(25) == Step.OK and v.current_timestamp() == 25  # the event at 30 is still to come
    assert v.elapse(1000) == Step.END and v.current_timestamp() == 30
    assert v.quote(1).bid_price_ticks == 99
    v.close_feed()  # closing again changes nothing
    assert v.elapse(10) == Step.END


def test_a_late_event_reaches_the_exchange_at_the_processed_time_and_is_counted(core_cls):
    """Rule: an event pushed with exch_ts before the time the venue has processed to is processed by the exchange
    side at that time (the fill it causes has that exchange time) and counts in late_events."""
    v = live_core(core_cls, cfg=config(entry=0, response=0))
    v.push(event_array([level(0, BUY, 99, 5), level(0, SELL, 101, 5)]))
    v.advance_feed(1)
    assert v.goto(0) == Step.OK
    v.submit(1, 7, SELL, 100, 2, LIMIT, GTC)  # rests alone at 100, arriving at once
    v.advance_feed(100)
    assert v.goto(100) == Step.PENDING and v.current_timestamp() == 100
    assert int(v.order(1, 7)["status"]) == 1  # NEW, resting
    v.push(event_array([trade(40, BUY, 100, 3, local_ts=100)]))  # a buyer lifts 100 at exchange time 40 < 100
    assert v.feed()["late_events"] == 1
    v.advance_feed(110)
    assert v.goto(105) == Step.OK
    fills = v.fills()
    assert len(fills) == 1 and int(fills["exch_ts"][0]) == 100 and int(fills["order_id"][0]) == 7


def test_a_refused_push_raises_its_error_and_changes_nothing(core_cls):
    """Rule: all or nothing: TIME_BACKWARDS (decreasing in the batch, below the watermark; the whole batch's times
    are checked first), UNKNOWN_SYMBOL, OUT_OF_RANGE (local_ts + shift past int64), FEED_CLOSED after the close;
    the feed record is unchanged after each."""
    v = live_core(core_cls, shift=5)
    v.push(event_array([level(10, BUY, 99, 5)]))
    before = v.feed().tobytes()
    bad = [([level(20, BUY, 98, 1), level(15, BUY, 97, 1)], "SGX_ERR_TIME_BACKWARDS"),
           ([level(9, BUY, 98, 1)], "SGX_ERR_TIME_BACKWARDS"),
           ([level(20, BUY, 98, 1), level(20, BUY, 97, 1, symbol=2)], "SGX_ERR_UNKNOWN_SYMBOL"),
           ([level(20, BUY, 98, 1, symbol=2), level(15, BUY, 97, 1)], "SGX_ERR_TIME_BACKWARDS"),  # times first
           ([level(20, BUY, 98, 1), level(I64_MAX - 1, BUY, 97, 1)], "SGX_ERR_OUT_OF_RANGE")]
    for items, status in bad:
        with pytest.raises(sx.SigmaxError) as info:
            v.push(event_array(items))
        assert info.value.status_name == status
        assert v.feed().tobytes() == before
    v.advance_feed(9)  # an older promise
    assert v.feed().tobytes() == before
    v.advance_feed(11)
    assert v.goto(15) == Step.OK and v.quote(1).bid_price_ticks == 99 and len(v.depth(1, BUY, 5)) == 1
    v.close_feed()
    closed = v.feed().tobytes()
    with pytest.raises(sx.FeedClosedError):
        v.push(event_array([level(20, BUY, 98, 1)]))
    with pytest.raises(sx.FeedClosedError):
        v.advance_feed(30)
    assert v.feed().tobytes() == closed and v.feed()["pushed"] == 1


def test_a_recorded_core_refuses_the_feed_calls_and_reports_a_closed_feed(core_cls, tmp_path):
    """Rule: push/advance_feed/close_feed on a recorded venue are INVALID_OP; its feed record says live 0, closed 1."""
    f = write_file(tmp_path / "m.sgxev", [level(0, BUY, 99, 5), level(1, SELL, 101, 5)], [TEST])
    v = core_cls(f, config())
    for call in (lambda: v.push(event_array([level(2, BUY, 98, 1)])), lambda: v.advance_feed(5), v.close_feed):
        with pytest.raises(sx.SigmaxError) as info:
            call()
        assert info.value.status_name == "SGX_ERR_INVALID_OP"
    feed = v.feed()
    assert feed.dtype == VENUE_FEED_DTYPE
    assert (feed["live"], feed["closed"], feed["horizon"], feed["watermark"], feed["pushed"], feed["pending"]) == \
        (0, 1, I64_MAX, 1, 2, 2)  # a closed feed that pushed its file, nothing processed yet


def test_a_negative_feed_delay_is_an_invalid_config(core_cls):
    with pytest.raises(sx.InvalidConfigError):
        live_core(core_cls, delay=-1)


# -- the pure core's bookkeeping -------------------------------------------------------


def pure_live(**kw):
    from sigmax_exec.venue._pure_venue import PureVenueCore
    return PureVenueCore.live([TEST], config(), kw.get("start", 0), 0, kw.get("delay", 0))


def test_pure_exchange_order_is_stable_by_exch_ts_then_push_order():
    """Rule: pushed events get exchange order by (exch_ts, push order), also across pushes."""
    v = pure_live(delay=100)
    v.push(event_array([level(30, BUY, 1, 1, local_ts=40), level(10, BUY, 2, 1, local_ts=41),
                        level(30, BUY, 3, 1, local_ts=42)]))
    v.push(event_array([level(20, BUY, 4, 1, local_ts=43), level(30, BUY, 5, 1, local_ts=44),
                        level(10, BUY, 6, 1, local_ts=45)]))
    assert [v._price[i] for i in v._x_order] == [2, 6, 4, 1, 3, 5]


def test_pure_compaction_keeps_only_the_events_both_sides_still_need():
    """Rule: the processed prefix is dropped once it exceeds half the storage, so a long session stays bounded."""
    v = pure_live(delay=0)
    rng = random.Random(1)
    t = 0
    for _ in range(200):
        batch = []
        t += 1  # past the promise
        for _ in range(50):
            t += rng.randint(0, 3)
            batch.append(level(t, rng.randint(0, 1), 1000 + rng.randint(-5, 5), rng.randint(0, 9)))
        v.push(event_array(batch))
        v.advance_feed(t + 1)
        assert v.goto(t) == Step.OK
        assert len(v._l_ts) <= 2 * 50 + 1 and len(v._x_ts) <= len(v._l_ts)
    assert v.feed()["pushed"] == 10_000 and v.feed()["pending"] == 0
