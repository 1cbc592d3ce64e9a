"""A 100-point parameter sweep of the grid example (examples/python/venue_grid.py)
over the shared Binance recording with sigmax_exec.backtest.sweep on the
process pool, against the same tasks run one after another in this process.

Prints the machine, then the sweep's wall time (median, min and max of R
repeats), the time of one task as measured inside the workers (median,
p90 over every repeat; its CPU time's median), the serial time of the same
100 tasks (their sum) and of one task (median, p90, CPU), the speed-up,
the pool's overhead (wall time minus the tasks' own time shared among the
workers), the load average around the runs, and whether the pool's frame
equals the serial results.
Each task is the example's run(path, **params): it opens its own Venue on
the file (converted once), runs the grid to the end of the file with a
Recorder sampling every step, and returns the summary.
The goal: the 100-point sweep within 10 s on a 2-core machine.

usage: PYTHONPATH=bindings/python /usr/bin/python3 bench/python_sweep.py [EVENT_FILE] [--repeats R]
           [--processes N] [--chunksize K] [--backend cffi|ctypes|python] [--progress]
Without EVENT_FILE the shared recording (../shared/data/binance-usdm/btcusdt_20240808.gz)
is converted into a temporary directory first.
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Tuple

import sigmax_exec
import sigmax_exec.market as md
from sigmax_exec._machine import machine_info
from sigmax_exec.backtest import sweep
from sigmax_exec.backtest._sweep import expand_params
from example_strategies import load_grid

ROOT = Path(__file__).resolve().parents[1]
# shared/ beside the repository (or beside the directory of git worktrees holding it)
SHARED = next((p for p in (d / "shared" / "data" / "binance-usdm" / "btcusdt_20240808.gz"
                           for d in (ROOT.parent, ROOT.parent.parent)) if p.exists()),
              ROOT / ".." / "shared" / "data" / "binance-usdm" / "btcusdt_20240808.gz")
# 5 x 5 x 2 x 2 = 100 parameter sets of the grid.
GRID = {"spacing": [5, 10, 15, 20, 25], "half_spread": [10, 20, 30, 40, 50], "levels": [10, 20],
        "max_position": [2.5, 5.0]}


GRID_MODULE = load_grid()


def timed_run(path: str, backend: str, **params: Any) -> Dict[str, Any]:
    """The example's run (the summary of its recording), its wall time and
    its CPU time in the process that ran it (task_s, task_cpu_s: where the
    two part, the task waited for a core)."""
    start, cpu = time.perf_counter(), time.process_time()
    out = dict(GRID_MODULE.run(path, backend=backend, **params))
    out["task_s"] = time.perf_counter() - start
    out["task_cpu_s"] = time.process_time() - cpu
    return out


def quantiles(samples: List[float]) -> Tuple[float, float]:
    """(median, p90) of a list of seconds."""
    s = sorted(samples)
    if len(s) == 1:
        return s[0], s[0]
    return statistics.median(s), statistics.quantiles(s, n=10, method="inclusive")[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("event_file", nargs="?")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--processes", type=int, default=None, help="pool workers (default: os.cpu_count())")
    ap.add_argument("--chunksize", type=int, default=1)
    ap.add_argument("--backend", default="cffi")
    ap.add_argument("--progress", action="store_true", help="draw the sweep's progress bar")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.event_file
        if path is None:
            path = os.path.join(tmp, "btcusdt_20240808.sgxmd")
            md.convert([str(SHARED)], path, "binance", tick_size=0.1)  # the contract's tick
        with md.EventFile(path) as f:
            events = len(f)
        backend = args.backend

        def run(p: str, **params: Any) -> Dict[str, Any]:  # a closure: the forked pool takes it as it is
            return timed_run(p, backend, **params)

        load_before = os.getloadavg()[0]
        walls, overheads, task_times, task_cpu, frame = [], [], [], [], None
        workers = args.processes or os.cpu_count() or 1
        for _ in range(args.repeats):
            start = time.perf_counter()
            frame = sweep(run, [path], GRID, processes=args.processes, chunksize=args.chunksize,
                          progress=args.progress)
            walls.append(time.perf_counter() - start)
            task_times += frame["task_s"].tolist()
            task_cpu += frame["task_cpu_s"].tolist()
            overheads.append(walls[-1] - frame["task_s"].sum() / workers)
        assert frame is not None
        serial: List[Dict[str, Any]] = []
        start = time.perf_counter()
        for params in expand_params(GRID):
            serial.append(timed_run(path, backend, **params))
        serial_wall = time.perf_counter() - start
    tasks = len(frame)
    results = [c for c in frame.columns if c not in ("file", "task_s", "task_cpu_s", *GRID)]
    import pandas as pd
    same = frame[results].equals(pd.DataFrame(serial)[results])  # NaN equals NaN here
    load_after = os.getloadavg()[0]
    pool_med, pool_p90 = quantiles(task_times)
    serial_med, serial_p90 = quantiles([s["task_s"] for s in serial])
    serial_cpu = statistics.median(s["task_cpu_s"] for s in serial)
    wall = statistics.median(walls)
    print(f"machine: {machine_info()['description']}")
    print(f"library: {sigmax_exec.LIBRARY_PATH}")
    print(f"sweep of the grid: {tasks} tasks over {events} events, {backend}, pool of {workers} processes, "
          f"chunksize {args.chunksize}, {args.repeats} repeats")
    print(f"  sweep wall   median {wall:7.2f} s   min {min(walls):7.2f} s   max {max(walls):7.2f} s")
    print(f"  pool task    median {pool_med * 1e3:7.1f} ms  p90 {pool_p90 * 1e3:7.1f} ms  "
          f"({len(task_times)} tasks of {args.repeats} sweeps); "
          f"CPU median {statistics.median(task_cpu) * 1e3:.1f} ms")
    print(f"  serial       total  {serial_wall:7.2f} s   task median {serial_med * 1e3:7.1f} ms  "
          f"p90 {serial_p90 * 1e3:7.1f} ms; CPU median {serial_cpu * 1e3:.1f} ms")
    print(f"  speed-up {serial_wall / wall:.2f}x on {workers} processes; pool overhead (wall - tasks' time / "
          f"{workers}) median {statistics.median(overheads):.2f} s")
    print(f"load average (1 min) before {load_before:.2f}, after {load_after:.2f}: other processes share the cores")
    print(f"results equal the serial run's: {'yes' if same else 'NO'}")
    print(f"goal: 100-point sweep <= 10 s: {wall:.2f} s, {'met' if wall <= 10 else 'not met'}")


if __name__ == "__main__":
    main()
