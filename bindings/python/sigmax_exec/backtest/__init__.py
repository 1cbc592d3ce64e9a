"""Backtests over the simulated venue (sigmax_exec.venue): strategies in the
callback style (Strategy, run), a Recorder of the account at an interval,
the run's summary figures and a plot.

The loop style needs nothing from here: drive the Venue itself (elapse,
wait_next_feed, wait_order_response), as hftbacktest's tutorials do, and
call ``recorder.record(venue)`` after each step.

pandas and matplotlib are imported only by the calls that need them.
"""
from __future__ import annotations

from ._plot import plot
from ._recorder import COLUMNS, CSV_HEADER, INT_COLUMNS, Recorder
from ._strategy import BacktestResult, Strategy, run
from ._summary import KEYS as SUMMARY_KEYS
from ._summary import summary, summary_json

__all__ = [
    "BacktestResult",
    "COLUMNS",
    "CSV_HEADER",
    "INT_COLUMNS",
    "Recorder",
    "SUMMARY_KEYS",
    "Strategy",
    "plot",
    "run",
    "summary",
    "summary_json",
]
