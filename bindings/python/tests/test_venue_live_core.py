"""The live venue through the Python cores (docs/venue.md, "Live venue"):
``core_cls.live(...)`` fed by ``push`` in any chunking, with feed_delay = the
feed's largest (local + shift - exch), gives the recorded core's run over the
same events exactly; PENDING at the horizon; refused pushes change nothing.
Every backend whose core has ``live`` (the pure core skips until it has it)."""
import random

import numpy as np
import pytest

import sigmax_exec as sx
from sigmax_exec.market import EventFile, Symbol
from sigmax_exec.venue import FeeModel, FillModel, QueueModel, Step
from venue_streams import BUY, CORE_BACKENDS, GTC, LIMIT, SELL, SYM, config, core_class, event_array, level, \
    random_stream, write_file

SYMBOLS = (SYM, 2)
PENDING = 4  # Step.PENDING


@pytest.fixture(params=CORE_BACKENDS)
def core_cls(request):
    cls = core_class(request.param)
    if not hasattr(cls, "live"):
        pytest.skip(f"the {request.param} core has no live venue yet")
    return cls


def live_config():
    return config(entry=30, response=40, queue=QueueModel.power(2.0), fill=FillModel.PARTIAL,
                  fee=FeeModel.value(-0.0001, 0.0005))


def chunks(kind, n, seed):
    """Chunk sizes: one event at a time (0), random 1..40 (1), everything at once (2)."""
    rng = random.Random(seed)
    i = 0
    while i < n:
        k = 1 if kind == 0 else rng.randint(1, 40) if kind == 1 else n
        yield i, min(n, i + k)
        i += k


class Feeder:
    """Pushes the next chunk whenever the live core answers PENDING; closes the feed at the end."""

    def __init__(self, core, events, kind, seed):
        self.core, self.events = core, events
        self.parts = chunks(kind, len(events), seed)

    def feed(self):
        part = next(self.parts, None)
        if part is None:
            self.core.close_feed()
        else:
            self.core.push(self.events[part[0]:part[1]])


def drive(core, call, target, order):
    timeout = target - core.current_timestamp()
    if call == 0:
        return core.goto(target)
    if call == 1:
        return core.wait_next_feed(True, timeout)
    if call == 2:
        return core.wait_next_feed(False, timeout)
    return core.wait_order_response(order[0], order[1], timeout)


def drive_live(core, feeder, call, target, order):
    while True:
        step = drive(core, call, target, order)
        if step != PENDING:
            return step
        assert core.current_timestamp() <= target
        feeder.feed()


def same(live, recorded):
    assert live.current_timestamp() == recorded.current_timestamp()
    for s in SYMBOLS:
        assert live.orders(s).tobytes() == recorded.orders(s).tobytes()
        assert live.state(s).tobytes() == recorded.state(s).tobytes()
        assert live.quote(s) == recorded.quote(s)
    assert live.fills().tobytes() == recorded.fills().tobytes()


def lockstep(live, feeder, recorded, seed):
    """A seeded strategy on both cores until the recorded one ends: goto and
    waits, then now and then a limit order near the touch or a cancel."""
    rng = random.Random(seed)
    next_id = 1
    steps = 0
    same(live, recorded)
    while True:
        target = recorded.current_timestamp() + rng.randint(0, 120)
        call = rng.randint(0, 3)
        order = None
        open_orders = [(s, int(o["order_id"])) for s in SYMBOLS for o in recorded.orders(s)]
        if call == 3:
            if not open_orders:
                call = 0
            else:
                order = rng.choice(open_orders)
        expected = drive(recorded, call, target, order)
        got = drive_live(live, feeder, call, target, order)
        steps += 1
        assert got == expected, f"step {steps}"
        same(live, recorded)
        if expected == Step.END:
            return steps
        if rng.random() < 0.4:
            s = rng.choice(SYMBOLS)
            q = recorded.quote(s)
            if q.bid_price_ticks is not None and q.ask_price_ticks is not None:
                side = rng.randint(0, 1)
                px = (q.bid_price_ticks if side == BUY else q.ask_price_ticks) + rng.randint(-2, 2)
                args = (s, next_id, side, px, rng.randint(1, 8), LIMIT, GTC)
                next_id += 1
                for core in (recorded, live):
                    core.submit(*args)
        elif rng.random() < 0.3:
            for s in SYMBOLS:
                for core in (recorded, live):
                    core.cancel_all(s)
        for core in (recorded, live):
            core.clear_inactive_orders(0xFFFFFFFF)
        same(live, recorded)


@pytest.fixture(scope="module")
def stream(tmp_path_factory):
    items = random_stream(11, 2500, symbols=SYMBOLS, mid=1000, max_latency=60)
    path = tmp_path_factory.mktemp("live") / "stream.sgxmd"
    symbols = [Symbol(s, f"S{s}", "test", 1.0, 1.0, 1.0, False) for s in SYMBOLS]
    write_file(path, items, symbols)
    return str(path)


@pytest.mark.parametrize("kind", [0, 1, 2], ids=["one-event", "random-chunks", "whole"])
def test_a_live_core_fed_in_chunks_with_the_largest_latency_as_delay_equals_the_recorded_core(core_cls, stream,
                                                                                              kind):
    file = EventFile(stream)
    recorded = core_cls(file, live_config())
    shift = recorded.local_shift()
    events = np.array(file.events)
    delay = int((events["local_ts"] + shift - events["exch_ts"]).max())
    live = core_cls.live(list(file.symbols), live_config(), recorded.current_timestamp(), shift, delay)
    steps = lockstep(live, Feeder(live, events, kind, 5), recorded, seed=kind + 1)
    assert steps > 20
    assert len(recorded.fills()) > 0
    f = live.feed()
    assert (int(f["pushed"]), int(f["late_events"]), int(f["pending"])) == (len(events), 0, 0)
    assert (int(f["live"]), int(f["closed"]), int(f["horizon"])) == (1, 1, 2**63 - 1)


def test_a_live_core_stops_at_the_horizon_with_pending_and_ends_only_after_close(core_cls):
    syms = [Symbol(SYM, "S", "test", 1.0, 1.0, 1.0, False)]
    core = core_cls.live(syms, live_config(), 1000, 100, 300)  # horizon = watermark + 100 - 300
    assert core.goto(5000) == PENDING
    assert core.current_timestamp() == 1000
    core.push(event_array([level(1500, BUY, 99, 5, local_ts=1600), level(1600, SELL, 101, 5, local_ts=1700)]))
    assert int(core.feed()["horizon"]) == 1500
    assert core.goto(5000) == PENDING
    assert core.current_timestamp() == 1500
    core.advance_feed(3000)
    assert core.goto(2000) == Step.TIMEOUT
    assert core.current_timestamp() == 2000
    assert core.quote(SYM).ask_price_ticks == 101
    core.close_feed()
    assert core.goto(5000) == Step.END


def test_a_refused_push_raises_and_appends_nothing(core_cls, stream):
    syms = [Symbol(SYM, "S", "test", 1.0, 1.0, 1.0, False)]
    core = core_cls.live(syms, live_config(), 0, 0, 0)
    core.push(event_array([level(5, BUY, 99, 5, local_ts=20)]))
    before = core.feed().tobytes()
    with pytest.raises(sx.TimeBackwardsError):
        core.push(event_array([level(5, BUY, 98, 5, local_ts=30), level(5, BUY, 97, 5, local_ts=25)]))
    with pytest.raises(sx.TimeBackwardsError):
        core.push(event_array([level(5, BUY, 98, 5, local_ts=19)]))
    with pytest.raises(sx.UnknownSymbolError):
        core.push(event_array([level(5, BUY, 98, 5, local_ts=30), level(5, BUY, 98, 5, local_ts=30, symbol=9)]))
    assert core.feed().tobytes() == before
    core.close_feed()
    with pytest.raises(sx.FeedClosedError):
        core.push(event_array([level(5, BUY, 98, 5, local_ts=40)]))
    with pytest.raises(sx.FeedClosedError):
        core.advance_feed(50)
    recorded = core_cls(EventFile(stream), live_config())
    with pytest.raises(sx.SigmaxError) as e:
        recorded.push(event_array([level(5, BUY, 98, 5, local_ts=40)]))
    assert e.value.status == -17  # INVALID_OP
    f = recorded.feed()
    assert (int(f["live"]), int(f["closed"])) == (0, 1)
