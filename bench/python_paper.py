"""Paper trading from Python: can a PaperVenue keep up with a live feed?

A feeder thread replays the shared Binance recording (converted once) into a
PaperVenue at a given speed (100x real time and faster): every ~0.5 ms it
pushes the events whose local_ts the replay clock has reached and promises
the replay time (advance_feed), and closes the feed after the last event. The grid strategy of
examples/python/venue_grid.py trades on it in the main thread (feed_delay =
the feed's largest latency, local shift = the recorded venue's).

For each speed, R runs; prints the machine line, then the wall time (median
of the runs) against the feed's duration / speed, and the strategy's lag
behind the feed over all steps of all runs (median, p99, max): for a step
that ends at local time T, the wall time when the strategy is done with it
minus the moment the replay made T processable (when it reached
T - shift + feed_delay, after which everything before T is known). Also
whether every run's fills equal the recorded venue's run.
Goal: keep up at >= 100x (wall time within a few percent of duration /
speed, lag a few ms).

usage: PYTHONPATH=bindings/python /usr/bin/python3 bench/python_paper.py [EVENT_FILE]
           [--speeds 100,300,1000] [--runs R] [--backend cffi|ctypes|python] [--seconds S]
Without EVENT_FILE the shared recording (../shared/data/binance-usdm/btcusdt_20240808.gz)
is converted into a temporary directory first.
"""
from __future__ import annotations

import argparse
import gc
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Dict, List

import numpy as np

import sigmax_exec
import sigmax_exec.market as md
from sigmax_exec._machine import machine_info
from sigmax_exec.venue import PaperVenue, Venue, replay_events
from example_strategies import load_grid

ROOT = Path(__file__).resolve().parents[1]
RECORDING = Path("shared") / "data" / "binance-usdm" / "btcusdt_20240808.gz"
# The shared recording beside the checkout (or beside one of its parents, for a git worktree).
SHARED = next((p / RECORDING for p in ROOT.parents if (p / RECORDING).exists()), ROOT.parent / RECORDING)
TICK_S = 0.0005  # the feeder's period


def feeder(venue: PaperVenue, events: Any, speed: float, t0: int) -> None:
    """Replays `events` from wall time t0 (perf_counter_ns) at `speed`, then closes the feed."""
    replay_events(venue, events, speed, start_ns=t0, tick_s=TICK_S)


def one_run(grid: Any, events: Any, symbols: Any, backend: str, speed: float, shift: int, delay: int
            ) -> Dict[str, Any]:
    f0 = int(events["local_ts"][0])
    venue = PaperVenue(symbols, grid.grid_config(), backend=backend, start_ts=f0, feed_delay_ns=delay,
                       local_shift_ns=shift)
    lags: List[float] = []
    gc.collect()
    t0 = time.perf_counter_ns()

    def on_step(v: Any) -> None:
        ready = t0 + (v.current_timestamp - shift + delay - f0) / speed  # when the replay made T processable
        lags.append((time.perf_counter_ns() - ready) / 1e6)

    thread = threading.Thread(target=feeder, args=(venue, events, speed, t0))
    thread.start()
    result = grid.run_grid(venue, on_step=on_step)
    wall = (time.perf_counter_ns() - t0) / 1e9
    thread.join()
    fills = venue.fills()
    venue.close()
    return {"wall": wall, "lags": lags, "fills": fills, "result": result}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("event_file", nargs="?")
    ap.add_argument("--speeds", default="100,300,1000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--backend", default="cffi")
    ap.add_argument("--seconds", type=float, default=None, help="replay only the first S seconds of the file")
    args = ap.parse_args()
    grid = load_grid()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.event_file
        if path is None:
            path = os.path.join(tmp, "btcusdt_20240808.sgxmd")
            md.convert([str(SHARED)], path, "binance", tick_size=0.1)
        with md.EventFile(path) as f:
            events = np.array(f.events)
            symbols = f.symbols
    if args.seconds is not None:
        local = events["local_ts"]
        events = events[:int(np.searchsorted(local, local[0] + int(args.seconds * 1e9)))]
    with tempfile.TemporaryDirectory() as tmp:
        sliced = os.path.join(tmp, "slice.sgxmd")
        with md.EventFileWriter(sliced) as w:
            for s in symbols:
                w.add_symbol(s)
            w.write(events)
        recorded = Venue(sliced, grid.grid_config(), backend=args.backend)
        t = time.perf_counter()
        expected = grid.run_grid(recorded)
        recorded_s = time.perf_counter() - t
        expected_fills = recorded.fills()
        shift = recorded.local_shift
        recorded.close()
    delay = int((events["local_ts"] + shift - events["exch_ts"]).max())
    duration = (int(events["local_ts"][-1]) - int(events["local_ts"][0])) / 1e9
    print(f"machine: {machine_info()['description']}")
    print(f"library: {sigmax_exec.LIBRARY_PATH}")
    print(f"feed: {len(events)} events over {duration:.1f} s; grid strategy, {args.backend}; feed_delay "
          f"{delay / 1e6:.1f} ms, local shift {shift / 1e6:.1f} ms; recorded run {recorded_s * 1e3:.0f} ms, "
          f"{len(expected_fills)} fills")
    for speed in (float(s) for s in args.speeds.split(",")):
        runs = [one_run(grid, events, symbols, args.backend, speed, shift, delay) for _ in range(args.runs)]
        walls = [r["wall"] for r in runs]
        lags = sorted(x for r in runs for x in r["lags"])
        p99 = lags[min(len(lags) - 1, int(0.99 * len(lags)))]
        equal = all(np.array_equal(r["fills"], expected_fills) and r["result"] == expected for r in runs)
        target = duration / speed
        print(f"  {speed:6.0f}x  wall median {statistics.median(walls):7.3f} s (feed {target:6.3f} s, "
              f"{statistics.median(walls) / target:5.2f}x of it)   lag median {statistics.median(lags):7.2f} ms   "
              f"p99 {p99:7.2f} ms   max {lags[-1]:7.2f} ms   ({len(lags)} steps, {args.runs} runs)   "
              f"fills equal the recorded run: {'yes' if equal else 'NO'}")


if __name__ == "__main__":
    main()
