"""The simulated venue from Python: the grid strategy of
examples/python/venue_grid.py over the shared Binance recording, run N times
through one backend (cffi by default), and the cost of the venue's calls on
tight loops.

Prints the machine, then for the whole run (creating the venue over the
file, then the strategy until the file ends) and for its two parts the
median, p10 and p90 wall time of N runs; the same whole run recording the
account after every step (sigmax_exec.backtest.Recorder, a sample every
100 ms) and the recorder's cost per sample: in the run (the difference of
the medians over the samples) and back to back (Recorder.sample in a tight
loop, warm caches); and the ns per call of
Venue.elapse(0), Venue.submit (GTX buys far from the market, 40 at a time
as the grid keeps them) and Venue.cancel (of those orders once accepted),
each the median of 5 venues.
The goal: the whole run, recording, within 0.25 s through a native backend
(a release build of the library).

usage: PYTHONPATH=bindings/python /usr/bin/python3 bench/python_venue_grid.py [EVENT_FILE] [--runs N]
           [--backend cffi|ctypes|python] [--calls K]
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
from typing import List, Tuple

import sigmax_exec
import sigmax_exec.market as md
from sigmax_exec._machine import machine_info
from sigmax_exec.venue import BUY, GTX, LIMIT, Venue
from example_strategies import load_grid

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared" / "data" / "binance-usdm" / "btcusdt_20240808.gz"


def quantiles(samples: List[float]) -> Tuple[float, float, float]:
    """(median, p10, p90) of a list of seconds."""
    s = sorted(samples)
    if len(s) == 1:
        return s[0], s[0], s[0]
    deciles = statistics.quantiles(s, n=10, method="inclusive")
    return statistics.median(s), deciles[0], deciles[-1]


def call_costs(path: str, backend: str, calls: int) -> Tuple[float, float, float]:
    """ns per Venue.elapse(0), submit and cancel on a venue one second into
    the file, the calls in rounds of 40 orders (the grid's scale: the local
    order table stays small), median of 5 venues."""
    grid = load_grid()
    per_round = 40
    rounds = max(calls // per_round, 1)
    elapse_ns: List[float] = []
    submit_ns: List[float] = []
    cancel_ns: List[float] = []
    for _ in range(5):
        with Venue(path, grid.grid_config(), backend=backend) as v:
            sid = v.symbols[0].id
            v.elapse(1_000_000_000)
            low = (v.best_bid_tick(sid) or 1_000_000) - 10_000  # far below the market: every order rests
            gc.collect()
            start = time.perf_counter_ns()
            for _ in range(calls):
                v.elapse(0)
            elapse_ns.append((time.perf_counter_ns() - start) / calls)
            submitting = cancelling = 0
            for r in range(rounds):
                ids = range(r * per_round + 1, (r + 1) * per_round + 1)
                start = time.perf_counter_ns()
                for i in ids:
                    v.submit(sid, i, BUY, low - i, 1, LIMIT, GTX)
                submitting += time.perf_counter_ns() - start
                v.elapse(30_000_000)  # accepted: no request in flight
                start = time.perf_counter_ns()
                for i in ids:
                    v.cancel(sid, i)
                cancelling += time.perf_counter_ns() - start
                v.elapse(30_000_000)
                v.clear_inactive_orders(sid)
            submit_ns.append(submitting / (rounds * per_round))
            cancel_ns.append(cancelling / (rounds * per_round))
    return statistics.median(elapse_ns), statistics.median(submit_ns), statistics.median(cancel_ns)


def sample_cost(path: str, backend: str, calls: int) -> float:
    """ns per Recorder.sample (a sample taken whatever the interval) on a
    venue at the end of the file, back to back (warm caches), median of 5 recorders."""
    from sigmax_exec.backtest import Recorder
    grid = load_grid()
    per_sample: List[float] = []
    with Venue(path, grid.grid_config(), backend=backend) as v:
        while v.elapse(10_000_000_000) == 0:
            pass
        for _ in range(5):
            recorder = Recorder(v, v.symbols[0].id)
            gc.collect()
            start = time.perf_counter_ns()
            for _ in range(calls):
                recorder.sample(v)
            per_sample.append((time.perf_counter_ns() - start) / calls)
    return statistics.median(per_sample)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("event_file", nargs="?")
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--backend", default="cffi")
    ap.add_argument("--calls", type=int, default=10_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.event_file
        if path is None:
            path = os.path.join(tmp, "btcusdt_20240808.sgxmd")
            md.convert([str(SHARED)], path, "binance", tick_size=0.1)  # the contract's tick (prices print in cents)
        from sigmax_exec.backtest import Recorder
        grid = load_grid()
        whole, create, loop, recording = [], [], [], []
        result = None
        samples = 0
        for _ in range(args.runs):
            gc.collect()
            t0 = time.perf_counter()
            v = Venue(path, grid.grid_config(), backend=args.backend)
            t1 = time.perf_counter()
            result = grid.run_grid(v)
            t2 = time.perf_counter()
            v.close()
            whole.append(t2 - t0)
            create.append(t1 - t0)
            loop.append(t2 - t1)
            gc.collect()
            t0 = time.perf_counter()
            v = Venue(path, grid.grid_config(), backend=args.backend)
            recorder = Recorder(v, v.symbols[0].id)
            grid.run_grid(v, recorder=recorder)
            recording.append(time.perf_counter() - t0)
            samples = len(recorder)
            v.close()
        elapse, submit, cancel = call_costs(path, args.backend, args.calls)
        per_sample = sample_cost(path, args.backend, args.calls)
        with md.EventFile(path) as f:
            events = len(f)
    print(f"machine: {machine_info()['description']}")
    print(f"library: {sigmax_exec.LIBRARY_PATH}")
    print(f"grid strategy over {events} events, {args.backend}, {args.runs} runs: {result.steps} steps, "
          f"{result.submitted} orders, {result.fills} fills, position {result.position:g}, "
          f"fees {result.fee:.4f}, equity {result.equity:.4f}")
    for name, times in (("whole run", whole), ("create", create), ("strategy", loop), ("recording", recording)):
        med, p10, p90 = quantiles(times)
        print(f"  {name:<10} median {med * 1e3:8.1f} ms   p10 {p10 * 1e3:8.1f} ms   p90 {p90 * 1e3:8.1f} ms")
    in_run = (quantiles(recording)[0] - quantiles(whole)[0]) / max(samples, 1)
    print(f"recording: the whole run with a Recorder sampling every 100 ms ({samples} samples): "
          f"{in_run * 1e9:.0f} ns per sample in the run (difference of the medians); "
          f"Recorder.sample back to back {per_sample:.0f} ns (median of 5 x {args.calls})")
    print(f"per call ({args.calls} calls, orders 40 at a time; median of 5 venues): elapse(0) {elapse:.0f} ns, "
          f"submit {submit:.0f} ns, cancel {cancel:.0f} ns")
    med = quantiles(recording)[0]
    print(f"goal: whole run <= 250 ms: {quantiles(whole)[0] * 1e3:.1f} ms, recording {med * 1e3:.1f} ms, "
          f"{'met' if med <= 0.25 else 'not met'}")


if __name__ == "__main__":
    main()
