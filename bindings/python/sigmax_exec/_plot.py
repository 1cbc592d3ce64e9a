"""`python -m sigmax_exec plot BENCH.json -o latency.png`: the latency
percentile curves of every row of a `sigmax-exec bench --json` result on one
log-scale chart (HdrHistogram style: x = 1/(1-percentile))."""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any, List, Tuple


def percentile_curves(results: Any) -> List[Tuple[str, List[Tuple[float, float]]]]:
    """(label, [(quantile, ns), ...]) of every row with at least one
    plottable point; rows of another shape are skipped."""
    curves = []
    for row in results if isinstance(results, list) else []:
        if not isinstance(row, dict):
            continue
        points = []
        for point in row.get("percentiles") or []:
            if isinstance(point, (list, tuple)) and len(point) == 2 and all(
                    isinstance(v, (int, float)) and not isinstance(v, bool) for v in point):
                q, ns = point
                if 0 < q < 1 and ns > 0:
                    points.append((float(q), float(ns)))
        if points:
            curves.append((str(row.get("engine", "?")), points))
    return curves


def run(args: argparse.Namespace) -> int:
    try:
        import matplotlib  # type: ignore[import]
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt  # type: ignore[import]
    except ImportError:
        print("sigmax_exec plot needs matplotlib (Debian: apt-get install python3-matplotlib)", file=sys.stderr)
        return 2
    try:
        with open(args.input, encoding="utf-8") as f:
            data = json.load(f)
        results = data["results"]
    except (OSError, ValueError, KeyError) as exc:
        print(f"sigmax_exec plot: {args.input}: not a sigmax-exec bench --json result ({exc})", file=sys.stderr)
        return 2
    curves = percentile_curves(results)
    if not curves:
        print(f"sigmax_exec plot: {args.input}: no row has latency percentiles to plot (plot takes "
              f"`sigmax-exec bench --json` output; `python -m sigmax_exec bench --json` reports no curves)",
              file=sys.stderr)
        return 2
    fig, ax = plt.subplots(figsize=(9, 5.5))
    for label, points in curves:
        xs = [1.0 / (1.0 - q) for q, _ in points]
        ax.plot(xs, [ns for _, ns in points], marker="o", markersize=3, label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ticks = [2, 10, 100, 1000, 10000, 100000]
    ax.set_xticks(ticks)
    ax.set_xticklabels(["50%", "90%", "99%", "99.9%", "99.99%", "99.999%"])
    ax.set_xlabel("percentile")
    ax.set_ylabel("latency per operation (ns)")
    workload = data.get("workload", {})
    ax.set_title(f"sigmax-exec bench: {workload.get('name', '?')} workload, {workload.get('events', '?')} events")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(args.output, dpi=110)
    print(f"wrote {args.output}")
    return 0


def add_parser(sub: Any) -> None:
    p = sub.add_parser("plot", help="plot the latency percentiles of a `sigmax-exec bench --json` result")
    p.add_argument("input", help="the JSON file written by sigmax-exec bench --json")
    p.add_argument("-o", "--output", default="latency.png")
    p.set_defaults(func=run)
