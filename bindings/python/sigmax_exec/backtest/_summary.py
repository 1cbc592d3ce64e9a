"""The run's figures from a recording (docs/backtesting.md, "Recorder, summary and plot"): return, Sharpe and
Sortino, drawdown, and the account's counters. The C++ CLI computes the same
figures with the same arithmetic in the same order, so both agree to the bit:

- samples whose equity is NaN (no mid) are dropped first; E = the equity of
  the kept samples, n = len(E); start_ts, end_ts, duration_s and the equity
  figures come from the kept samples (NaN when n == 0; pnl 0 when n == 1);
- the counters (trades ... orders_filled) and their ratios come from the
  last sample of the recording, kept or not: they do not depend on the mid
  (0 for a recording without samples);
- d[i] = E[i+1] - E[i]; m = n - 1; sums are sequential, in sample order
  (s = 0.0; s += x for each x), never pairwise or compensated;
- mean = sum(d) / m; std = sqrt(sum((d - mean) * (d - mean)) / (m - 1));
  downside = sqrt(sum(min(d, 0) * min(d, 0)) / m);
  sharpe = mean / std * sqrt(P); sortino = mean / downside * sqrt(P),
  left to right; NaN when m < 2 or the denominator is 0;
- P (periods per year) = 365 * 86400e9 / interval_ns: a crypto market trades
  365 days of 24 hours, one period per sampling interval.
"""
from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any, Dict, Optional, Union

import numpy as np

if TYPE_CHECKING:
    from ._recorder import Recorder

Figures = Dict[str, Union[int, float]]
NS_PER_YEAR = 365 * 86400e9

# The counters taken from the recording's last sample: summary key -> recording column.
_LAST_SAMPLE = (("trades", "trades"), ("maker_fills", "maker_fills"), ("taker_fills", "taker_fills"),
                ("volume", "volume"), ("trading_value", "trading_value"), ("fees", "fee"), ("position", "position"),
                ("realized_pnl", "realized_pnl"), ("orders_submitted", "orders_submitted"),
                ("orders_filled", "orders_filled"))

KEYS = ("start_ts", "end_ts", "samples", "duration_s", "pnl", "return", "final_equity", "sharpe", "sortino",
        "max_drawdown", "max_drawdown_pct") + tuple(k for k, _ in _LAST_SAMPLE) + (
        "fill_ratio", "maker_share", "taker_share")


def _sequential_sum(x: Any) -> float:
    """x[0] + x[1] + ... in order (np.cumsum accumulates sequentially; np.sum is pairwise)."""
    return float(np.cumsum(x)[-1]) if len(x) else 0.0


def _ratio(num: float, den: float) -> float:
    return num / den if den != 0 else math.nan


def _positive(name: str, value: Optional[float]) -> Optional[float]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not (
            math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, not {value!r}")
    return float(value)


def summary(recording: "Recorder", *, capital: Optional[float] = None,
            periods_per_year: Optional[float] = None) -> Figures:
    """The figures of a recording, keys in KEYS order (see the module's
    docstring for the definitions). `capital` turns pnl and drawdown into
    fractions (`return`, `max_drawdown_pct`; NaN without it);
    `periods_per_year` overrides 365 * 86400e9 / interval_ns."""
    capital = _positive("capital", capital)
    ppy = _positive("periods_per_year", periods_per_year)
    if ppy is None:
        ppy = NS_PER_YEAR / recording.interval_ns
    cols = recording.arrays()
    keep = ~np.isnan(cols["equity"])
    e, ts = cols["equity"][keep], cols["timestamp"][keep]
    n = len(e)
    out: Figures = {k: math.nan for k in KEYS}
    out["samples"] = n
    for key, column in _LAST_SAMPLE:
        values = cols[column]
        integral = values.dtype == np.int64
        out[key] = (int(values[-1]) if integral else float(values[-1])) if len(values) else (0 if integral else 0.0)
    out["fill_ratio"] = _ratio(out["orders_filled"], out["orders_submitted"])
    out["maker_share"] = _ratio(out["maker_fills"], out["trades"])
    out["taker_share"] = _ratio(out["taker_fills"], out["trades"])
    if n == 0:
        return out
    out["start_ts"], out["end_ts"] = int(ts[0]), int(ts[-1])
    out["duration_s"] = float(ts[-1] - ts[0]) / 1e9
    out["pnl"] = float(e[-1] - e[0])
    out["return"] = out["pnl"] / capital if capital is not None else math.nan
    out["final_equity"] = float(e[-1])
    d = e[1:] - e[:-1]
    m = len(d)
    if m >= 2:
        mean = _sequential_sum(d) / m
        dev = d - mean
        std = math.sqrt(_sequential_sum(dev * dev) / (m - 1))
        down = np.minimum(d, 0.0)
        downside = math.sqrt(_sequential_sum(down * down) / m)
        root_p = math.sqrt(ppy)
        out["sharpe"] = mean / std * root_p if std != 0 else math.nan
        out["sortino"] = mean / downside * root_p if downside != 0 else math.nan
    drawdown = float(np.max(np.maximum.accumulate(e) - e))
    out["max_drawdown"] = drawdown
    out["max_drawdown_pct"] = drawdown / capital if capital is not None else math.nan
    return out


def summary_json(recording: "Recorder", *, capital: Optional[float] = None,
                 periods_per_year: Optional[float] = None, indent: Optional[int] = None) -> str:
    """summary() as a JSON object, NaN (and any non-finite figure) as null."""
    figures = summary(recording, capital=capital, periods_per_year=periods_per_year)
    return json.dumps({k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in figures.items()},
                      allow_nan=False, indent=indent)
