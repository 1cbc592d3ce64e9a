"""The callback driver's cost (sigmax_exec.backtest.run) over the shared
Binance recording through one backend (cffi by default), against the bare
stepping it is built on.

Each run creates a venue over the file (constant latency 10 ms each way) and
a Recorder at 100 ms, then drives it to the end:
- baseline: a loop of wait_next_feed(True, to the next 100 ms timer) and
  recorder.record, the steps the driver takes, without its checks;
- driver, no callbacks: run() with a Strategy that overrides nothing;
- driver, book reader: on_depth reads the top 5 levels of each side (the
  imbalance example's work), on_timer every 100 ms;
- driver, every callback: on_order_update, on_trade, on_depth and on_timer
  overridden (empty), so every check runs at every step.
Prints the machine, the steps, then per case the median, p10 and p90 wall
time of N runs and the median ns per step.

usage: PYTHONPATH=bindings/python /usr/bin/python3 bench/python_backtest_driver.py [EVENT_FILE] [--runs N]
           [--backend cffi|ctypes|python]
Without EVENT_FILE the shared recording (../shared/data/binance-usdm/btcusdt_20240808.gz)
is converted into a temporary directory first.
"""
from __future__ import annotations

import argparse
import gc
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import sigmax_exec
import sigmax_exec.market as md
from sigmax_exec._machine import machine_info
from sigmax_exec.backtest import Recorder, Strategy, run
from sigmax_exec.venue import LatencyModel, Step, Venue, VenueConfig, VenueOrder

ROOT = Path(__file__).resolve().parents[1]
SHARED = [base / "shared" / "data" / "binance-usdm" / "btcusdt_20240808.gz" for base in (ROOT.parent, ROOT.parent.parent)]
TIMER_NS = 100_000_000


class BookReader(Strategy):
    def __init__(self) -> None:
        self.lots = 0

    def on_depth(self, venue: Venue, symbol: int) -> None:
        for side in (0, 1):
            for level in venue.depth(symbol, side, 5):
                self.lots += level.quantity_lots

    def on_timer(self, venue: Venue, ts: int) -> None:
        pass


class EveryCallback(Strategy):
    def on_order_update(self, venue: Venue, order: VenueOrder) -> None:
        pass

    def on_trade(self, venue: Venue, symbol: int, trades: Any) -> None:
        pass

    def on_depth(self, venue: Venue, symbol: int) -> None:
        pass

    def on_timer(self, venue: Venue, ts: int) -> None:
        pass


def baseline(v: Venue, rec: Recorder) -> int:
    steps = 0
    next_timer = v.current_timestamp + TIMER_NS
    while True:
        step = v.wait_next_feed(True, next_timer - v.current_timestamp)
        steps += 1
        if v.current_timestamp == next_timer:
            next_timer += TIMER_NS
        rec.record(v)
        if step == Step.END:
            return steps


def with_driver(strategy: Callable[[], Strategy]) -> Callable[[Venue, Recorder], int]:
    def go(v: Venue, rec: Recorder) -> int:
        run(v, strategy(), timer_ns=TIMER_NS, recorder=rec)
        return 0
    return go


def quantiles(samples: List[float]) -> Tuple[float, float, float]:
    s = sorted(samples)
    if len(s) == 1:
        return s[0], s[0], s[0]
    deciles = statistics.quantiles(s, n=10, method="inclusive")
    return statistics.median(s), deciles[0], deciles[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("event_file", nargs="?")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--backend", default="cffi")
    args = ap.parse_args()
    config = VenueConfig(latency=LatencyModel.constant(10_000_000, 10_000_000))
    cases = [("baseline loop", baseline), ("driver, no callbacks", with_driver(Strategy)),
             ("driver, book reader", with_driver(BookReader)), ("driver, every callback", with_driver(EveryCallback))]
    with tempfile.TemporaryDirectory() as tmp:
        path = args.event_file
        if path is None:
            source = next((p for p in SHARED if p.exists()), None)
            if source is None:
                raise SystemExit(f"the shared recording is absent ({SHARED[0]}); pass an event file")
            path = os.path.join(tmp, "btcusdt_20240808.sgxmd")
            md.convert([str(source)], path, "binance", tick_size=0.1)  # the contract's tick
        steps = 0
        times: Dict[str, List[float]] = {name: [] for name, _ in cases}
        for _ in range(args.runs):
            for name, case in cases:
                with Venue(path, config, backend=args.backend) as v:
                    rec = Recorder(v, v.symbols[0].id)
                    gc.collect()
                    t0 = time.perf_counter()
                    counted = case(v, rec)
                    times[name].append(time.perf_counter() - t0)
                    steps = counted or steps
        with md.EventFile(path) as f:
            events = len(f)
    print(f"machine: {machine_info()['description']}")
    print(f"library: {sigmax_exec.LIBRARY_PATH}")
    print(f"callback driver over {events} events, {args.backend}, {args.runs} runs: {steps} steps "
          f"(a timer every {TIMER_NS // 1_000_000} ms, a Recorder at 100 ms)")
    for name, _ in cases:
        med, p10, p90 = quantiles(times[name])
        print(f"  {name:<24} median {med * 1e3:8.1f} ms   p10 {p10 * 1e3:8.1f} ms   p90 {p90 * 1e3:8.1f} ms   "
              f"{med / steps * 1e9:6.0f} ns/step")


if __name__ == "__main__":
    main()
