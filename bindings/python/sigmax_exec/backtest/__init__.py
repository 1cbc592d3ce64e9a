"""Backtests on the simulated venue (docs/backtesting.md): parameter sweeps
over many event files (``sweep``)."""
from __future__ import annotations

from ._sweep import SweepError, expand_params, sweep

__all__ = ["sweep", "SweepError", "expand_params"]
