"""plot(): a recording's mid, equity (and realized PnL) and position on three
stacked panels sharing the time axis; and ``python -m sigmax_exec
plot-backtest RECORDING.csv OUT.png [--title T]``, the same plot from a
recording CSV (what the C++ CLI's --plot runs).

matplotlib is imported inside the calls (``import sigmax_exec`` stays light).
A figure to save is drawn on matplotlib's Agg canvas without pyplot, so
saving works headless and leaves pyplot's backend and figure list alone; a
figure without a path comes from pyplot, for the caller to show.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from ._recorder import PathLike, Recorder


def plot(recording: "Recorder", path: Optional["PathLike"] = None, title: Optional[str] = None) -> Any:
    """The three panels (mid; equity and realized PnL; position) against the
    samples' local time (UTC); writes a PNG to `path` when given. Returns the
    matplotlib Figure."""
    a = recording.arrays()
    time = a["timestamp"].astype("datetime64[ns]")
    if path is not None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg  # type: ignore[import]
        from matplotlib.figure import Figure  # type: ignore[import]
        fig = Figure(figsize=(10, 7.5))
        FigureCanvasAgg(fig)
    else:
        import matplotlib.pyplot as plt  # type: ignore[import]
        fig = plt.figure(figsize=(10, 7.5))
    mid_ax, equity_ax, position_ax = fig.subplots(3, 1, sharex=True)
    mid_ax.plot(time, a["mid"], color="tab:gray", linewidth=0.8)
    mid_ax.set_ylabel("mid")
    equity_ax.plot(time, a["equity"], color="tab:blue", linewidth=0.9, label="equity")
    equity_ax.plot(time, a["realized_pnl"], color="tab:green", linewidth=0.9, label="realized PnL")
    equity_ax.set_ylabel("settlement units")
    equity_ax.legend(loc="upper left", fontsize="small")
    position_ax.step(time, a["position"], where="post", color="tab:orange", linewidth=0.9)
    position_ax.axhline(0.0, color="black", linewidth=0.5)
    position_ax.set_ylabel("position")
    position_ax.set_xlabel("local time (UTC)")
    for ax in (mid_ax, equity_ax, position_ax):
        ax.grid(True, alpha=0.3)
        ax.ticklabel_format(axis="y", useOffset=False)  # prices as prices, not +6.1e4 offsets
    fig.suptitle(title if title is not None else f"backtest: {len(recording)} samples")
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=110, format="png")
    return fig


def run(args: argparse.Namespace) -> int:
    """The plot-backtest command: exit 0 with the PNG written, 2 with a message on stderr."""
    from ._recorder import Recorder
    if importlib.util.find_spec("matplotlib") is None:
        print("sigmax_exec plot-backtest needs matplotlib (Debian: apt-get install python3-matplotlib)",
              file=sys.stderr)
        return 2
    try:
        recording = Recorder.load_csv(args.recording)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        print(f"sigmax_exec plot-backtest: {args.recording}: {exc}", file=sys.stderr)
        return 2
    try:
        plot(recording, args.output, args.title if args.title is not None else os.path.basename(args.recording))
    except OSError as exc:
        print(f"sigmax_exec plot-backtest: cannot write {args.output}: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.output}")
    return 0


def add_parser(sub: Any) -> None:
    p = sub.add_parser("plot-backtest", help="plot a backtest recording CSV: mid, equity and position")
    p.add_argument("recording", help="a recording CSV (Recorder.save_csv, sigmax-exec backtest --record)")
    p.add_argument("output", help="the PNG to write")
    p.add_argument("--title", default=None, help="the figure's title (default: the recording's file name)")
    p.set_defaults(func=run)
