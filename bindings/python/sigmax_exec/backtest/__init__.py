"""Backtests over the simulated venue (sigmax_exec.venue): strategies in the
callback style (Strategy, run), a Recorder of the account at an interval,
the run's summary figures, a plot, and parameter sweeps over many event
files (sweep: a process pool or a dask.distributed cluster).

The loop style needs nothing from here: drive the Venue itself (elapse,
wait_next_feed, wait_order_response), as hftbacktest's tutorials do, and
call ``recorder.record(venue)`` after each step.

pandas, matplotlib, tqdm and distributed are imported only by the calls
that need them.
"""
from __future__ import annotations

from ._plot import plot
from ._recorder import COLUMNS, CSV_HEADER, INT_COLUMNS, Recorder
from ._strategy import BacktestResult, Strategy, run
from ._summary import KEYS as SUMMARY_KEYS
from ._summary import summary, summary_json
from ._sweep import SweepError, expand_params, sweep

__all__ = [
    "BacktestResult",
    "COLUMNS",
    "CSV_HEADER",
    "INT_COLUMNS",
    "Recorder",
    "SUMMARY_KEYS",
    "Strategy",
    "SweepError",
    "expand_params",
    "plot",
    "run",
    "summary",
    "summary_json",
    "sweep",
]
