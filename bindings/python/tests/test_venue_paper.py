"""PaperVenue (docs/paper_trading.md) on every backend with a live core: a
connector thread pushes the shared recording at 10x real time while the grid
example trades on it, and the fills equal the recorded venue's; connector
errors raise in the connector's thread and queue nothing; close_feed ends the
run; a clock stamps pushed events monotonically and moves time while the feed
is silent (a fake clock: no sleeping)."""
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

import sigmax_exec as sx
from example_modules import load_example
from sigmax_exec.market import EventFile, Symbol
from sigmax_exec.venue import PaperVenue, Step, Venue, replay_events
from venue_streams import BUY, CORE_BACKENDS, SELL, config, core_class, event_array, level, trade

ROOT = Path(__file__).resolve().parents[3]
TEST = Symbol(1, "TEST", "test", 1.0, 1.0, 1.0, False)


@pytest.fixture(scope="module")
def btc_slice_20s(shared_slice):
    """The first 20 s of the shared recording as an event file (conftest's shared_slice)."""
    return shared_slice(20)


@pytest.fixture(params=CORE_BACKENDS)
def backend(request):
    if not hasattr(core_class(request.param), "live"):
        pytest.skip(f"the {request.param} core has no live mode yet")
    return request.param


def _has_live(backend):
    try:
        return hasattr(core_class(backend), "live")
    except pytest.skip.Exception:
        return False


def replay(venue, events, speed):
    """The connector: the package's replay (pushes at speed x real time, promises the time in between, closes the
    feed right after the last event)."""
    replay_events(venue, events, speed)


def test_the_grid_on_a_paper_venue_fed_at_10x_from_a_thread_fills_as_on_the_recorded_venue(backend, btc_slice_20s):
    """Rule: a paper run (same start, the recorded venue's local shift, feed_delay = the feed's largest latency)
    equals the recorded run on the same events, whatever the connector thread's timing."""
    grid = load_example("venue_grid")
    with EventFile(btc_slice_20s) as f:
        events = f.events
        recorded = Venue(f, grid.grid_config(), backend=backend)
        expected = grid.run_grid(recorded)
        shift = recorded.local_shift
        delay = int((events["local_ts"] + shift - events["exch_ts"]).max())
        paper = PaperVenue(f.symbols, grid.grid_config(), backend=backend, start_ts=int(events["local_ts"][0]),
                           feed_delay_ns=delay, local_shift_ns=shift)
        connector = threading.Thread(target=replay, args=(paper, events, 10.0))
        connector.start()
        try:
            got = grid.run_grid(paper)
        finally:
            connector.join()
        assert expected.fills > 0
        assert got == expected
        assert np.array_equal(paper.fills(), recorded.fills())
        assert paper.state(0) == recorded.state(0)
        assert paper.feed()["pushed"] == len(events) and paper.feed()["closed"] == 1
        paper.close()
        recorded.close()


def run_in_thread(fn):
    """Runs fn() in a thread; returns (thread, box) where box gets 'result' or 'error'."""
    box = {}

    def body():
        try:
            box["result"] = fn()
        except BaseException as exc:  # handed to the test's thread
            box["error"] = exc
    t = threading.Thread(target=body)
    t.start()
    return t, box


def test_connector_errors_raise_in_the_connector_thread_and_queue_nothing(backend):
    """Rule: a refused push (TIME_BACKWARDS, UNKNOWN_SYMBOL, FEED_CLOSED) raises in the thread that pushed, and
    neither the queue nor the strategy's venue changes."""
    v = PaperVenue([TEST], config(), backend=backend, start_ts=0)
    v.push(event_array([level(10, BUY, 99, 5)]))
    bad = [([level(20, BUY, 98, 1), level(15, BUY, 97, 1)], sx.TimeBackwardsError),
           ([level(5, BUY, 98, 1)], sx.TimeBackwardsError),
           ([level(20, BUY, 98, 1, symbol=9)], sx.UnknownSymbolError)]
    for items, error in bad:
        t, box = run_in_thread(lambda: v.push(event_array(items)))
        t.join()
        assert isinstance(box.get("error"), error)
        assert v.queued == 1
    v.advance_feed(11)
    assert v.goto(10) == Step.OK and v.depth(1, BUY, 5)[0].price_ticks == 99 and len(v.depth(1, BUY, 5)) == 1
    v.close_feed()
    t, box = run_in_thread(lambda: v.push(event_array([level(30, BUY, 98, 1)])))
    t.join()
    assert isinstance(box.get("error"), sx.FeedClosedError) and v.queued == 0
    assert v.elapse(100) == Step.END and v.feed()["pushed"] == 1


def test_a_blocked_strategy_call_wakes_for_pushes_and_ends_when_the_feed_closes(backend):
    """Rule: without a clock, a call waits for the feed to reach its target; close_feed turns it into END."""
    v = PaperVenue([TEST], config(), backend=backend, start_ts=0)
    t, box = run_in_thread(lambda: [v.goto(100), v.current_timestamp, v.elapse(1_000_000)])
    v.push(event_array([level(50, BUY, 99, 5)]))
    v.advance_feed(100)  # the horizon is 100: the goto still waits
    v.push(event_array([level(150, SELL, 101, 5)]))  # now it can finish; the elapse waits
    v.close_feed()
    t.join()
    assert "error" not in box, box
    assert box["result"] == [Step.OK, 100, Step.END]
    assert v.current_timestamp == 150 and v.quote(1).ask_price_ticks == 101


def test_without_start_ts_the_venue_starts_at_the_first_pushed_event(backend):
    """Rule: start_ts defaults to the first pushed event's local_ts; the first driving call waits for it, and the
    strategy's queries before that are refused."""
    v = PaperVenue([TEST], config(), backend=backend, local_shift_ns=7)
    with pytest.raises(sx.SigmaxError) as info:
        v.quote(1)
    assert info.value.status_name == "SGX_ERR_INVALID_OP"
    t, box = run_in_thread(lambda: [v.elapse(0), v.current_timestamp])
    v.push(event_array([level(1000, BUY, 99, 5)]))
    v.advance_feed(1001)  # the venue processes what lies before 1001 + 7
    t.join()
    assert box["result"] == [Step.OK, 1007]  # start = 1000 + the shift
    assert v.quote(1).bid_price_ticks == 99


class FakeClock:
    """A clock the test sets; reading it never sleeps."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


def test_with_a_clock_events_are_stamped_monotonically_and_time_follows_the_clock(backend):
    """Rule: with a clock, each pushed event's local_ts becomes clock() (never decreasing, even if the clock
    steps back), and the watermark follows the clock, so a silent feed does not stall the strategy."""
    clock = FakeClock(1_000)
    v = PaperVenue([TEST], config(), backend=backend, clock=clock, feed_delay_ns=0)
    assert v.current_timestamp == 1_000  # start_ts = clock()
    clock.now = 1_500
    v.push(event_array([level(1_400, BUY, 99, 5, local_ts=0), trade(1_450, SELL, 99, 1, local_ts=0)]))
    clock.now = 1_200  # a clock stepping back stamps the last time again
    v.push(event_array([trade(1_460, SELL, 99, 2, local_ts=0)]))
    clock.now = 1_700
    v.push(event_array([trade(1_690, SELL, 99, 3, local_ts=0)]))
    clock.now = 2_001
    assert v.goto(2_000) == Step.OK  # no event since 1 700: the clock moved the horizon
    trades = v.last_trades(1)
    assert trades["local_ts"].tolist() == [1_500, 1_500, 1_700] and trades["quantity"].tolist() == [1, 2, 3]
    clock.now = 5_001
    assert v.elapse(3_000) == Step.OK and v.current_timestamp == 5_000  # silence: time still goes on
    assert v.feed()["watermark"] == 5_001
    v.advance_feed(9_000)  # a connector's promise past the clock: later stamps do not go below it
    v.push(event_array([trade(5_010, SELL, 99, 4, local_ts=0)]))
    assert v.goto(6_000) == Step.OK and v.last_trades(1)["local_ts"].tolist() == []
    v.close_feed()
    assert v.elapse(10_000) == Step.END and v.last_trades(1)["local_ts"].tolist() == [9_000]


def test_the_tail_example_trades_the_same_on_every_backend(tmp_path):
    """The connector example (examples/python/paper_tail.py) replays 5 s of the shared recording into a file at
    20x, tails it into a PaperVenue and prints the same orders, fills and figures on every backend."""
    from conftest import shared_recording
    source = shared_recording()
    if source is None:
        pytest.skip("shared/data is not beside the repository")
    outputs = {}
    for b in (b for b in CORE_BACKENDS if _has_live(b)):
        feed = tmp_path / f"feed_{b}.txt"
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "bindings" / "python"),
                                                           os.environ.get("PYTHONPATH", "")]))
        out = subprocess.run([sys.executable, str(ROOT / "examples" / "python" / "paper_tail.py"), str(feed),
                              "--replay-into", str(feed), "--source", str(source), "--speed", "20", "--seconds", "5",
                              "--idle", "0.3", "--backend", b], check=True, capture_output=True, text=True, env=env,
                             timeout=120).stdout
        outputs[b] = re.sub(r" on \w+:", " on <backend>:", re.sub(r" in [\d.]+ s$", "", out, flags=re.M))
    reference = outputs["python"]
    assert re.search(r"orders: [1-9]\d* submitted, \d+ cancelled; fills: [1-9]\d* ", reference), reference
    assert re.search(r"^position -?[\d.]+, volume [\d.]+, fees -?[\d.]+, realized -?[\d.]+, equity -?[\d.]+$",
                     reference, re.M), reference
    for b, out in outputs.items():
        assert out == reference, f"{b} differs from python"


def test_the_paper_bench_prints_the_machine_wall_time_lag_and_fill_equality(btc_slice_20s):
    """bench/python_paper.py as documented, on the 20 s slice at 100x: its lines and the fills' equality."""
    backend = "cffi" if _has_live("cffi") else "python"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "bindings" / "python"),
                                                       os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "python_paper.py"), str(btc_slice_20s), "--speeds",
                          "100", "--runs", "1", "--backend", backend], check=True, capture_output=True, text=True,
                         env=env, timeout=120).stdout
    assert re.search(r"^machine: .+", out, re.M), out
    assert re.search(r"^ +100x +wall median +[\d.]+ s \(feed +[\d.]+ s, +[\d.]+x of it\) +lag median +-?[\d.]+ ms +"
                     r"p99 +-?[\d.]+ ms +max +-?[\d.]+ ms .* fills equal the recorded run: yes$", out, re.M), out



def test_the_callback_driver_runs_unchanged_on_a_paper_venue_and_equals_the_recorded_run(backend, btc_slice_20s):
    """Rule: a PaperVenue is a Venue to the strategy: the imbalance taker (examples/python/venue_imbalance.py,
    callback style, with a Recorder) fed from a thread at 50x, the start taken from the first pushed event, counts
    the same orders, fills and timer calls and records the same summary as on the recorded venue."""
    from sigmax_exec.backtest import Recorder
    example = load_example("venue_imbalance")
    with EventFile(btc_slice_20s) as f:
        events = f.events
        recorded = Venue(f, example.imbalance_config(), backend=backend)
        rec_a = Recorder(recorded, 0)
        a = example.run_imbalance(recorded, recorder=rec_a)
        shift = recorded.local_shift
        delay = int((events["local_ts"] + shift - events["exch_ts"]).max())
        paper = PaperVenue(f.symbols, example.imbalance_config(), backend=backend, feed_delay_ns=delay,
                           local_shift_ns=shift)
        connector = threading.Thread(target=replay, args=(paper, events, 50.0))
        connector.start()
        try:
            rec_b = Recorder(paper, 0)
            b = example.run_imbalance(paper, recorder=rec_b)
        finally:
            connector.join()
        assert a.submitted > 0 and a.fills > 0
        assert (b.submitted, b.fills, b.steps) == (a.submitted, a.fills, a.steps)
        assert np.array_equal(paper.fills(), recorded.fills())
        assert rec_b.summary() == rec_a.summary() or str(rec_b.summary()) == str(rec_a.summary())  # NaN-aware


def test_replay_events_pushes_everything_in_order_and_closes_the_feed_after_the_last_event():
    """The replay connector hands over every event once, in order, ends with
    the feed closed, and never promises time past the last event (so a run
    over it ends where the recording does); bad speeds raise before anything."""
    events = event_array([level(ts, BUY, 99, 1) for ts in range(0, 50_000_000, 1_000_000)])
    pushed, promised, closed = [], [], []

    class Recording:
        def push(self, chunk):
            pushed.append(chunk.copy())

        def advance_feed(self, ts):
            promised.append(ts)

        def close_feed(self):
            closed.append(True)

    replay_events(Recording(), events, speed=100.0, tick_s=0.0005)
    assert np.array_equal(np.concatenate(pushed), events)
    assert closed == [True]
    assert all(ts < int(events["local_ts"][-1]) for ts in promised)
    with pytest.raises(ValueError):
        replay_events(Recording(), events, speed=0.0)
