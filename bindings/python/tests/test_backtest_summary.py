"""backtest.summary over hand-made recordings: each test names the rule it
checks (docs/backtesting.md, "Recorder, summary and plot") and computes the expected figures itself (the
statistics module, plain loops, numbers worked by hand), not with the code
under test."""
import json
import math
import random
import statistics

import numpy as np
import pytest

from sigmax_exec.backtest import COLUMNS, SUMMARY_KEYS, Recorder, summary, summary_json

SECOND = 1_000_000_000
T0 = 1_723_161_255_000_000_000


def recording(equity, interval_ns=SECOND, **columns):
    """A recording with this equity, one sample per interval from T0, the other columns 0 unless given."""
    n = len(equity)
    cols = {c: np.zeros(n) for c in COLUMNS}
    cols["timestamp"] = T0 + interval_ns * np.arange(n, dtype=np.int64)
    cols["equity"] = np.asarray(equity, dtype=float)
    for name, values in columns.items():
        cols[name] = np.asarray(values)
    return Recorder.from_arrays(cols, interval_ns=interval_ns)


def test_the_keys_come_in_the_specified_order():
    assert list(summary(recording([1.0, 2.0]))) == list(SUMMARY_KEYS) == [
        "start_ts", "end_ts", "samples", "duration_s", "pnl", "return", "final_equity", "sharpe", "sortino",
        "max_drawdown", "max_drawdown_pct", "trades", "maker_fills", "taker_fills", "volume", "trading_value", "fees",
        "position", "realized_pnl", "orders_submitted", "orders_filled", "fill_ratio", "maker_share", "taker_share"]


def test_pnl_is_last_minus_first_equity_and_return_divides_it_by_the_capital():
    s = summary(recording([100.0, 103.0, 101.0, 106.0]), capital=1000.0)
    assert (s["pnl"], s["final_equity"], s["return"]) == (6.0, 106.0, 6.0 / 1000.0)
    assert (s["start_ts"], s["end_ts"], s["samples"], s["duration_s"]) == (T0, T0 + 3 * SECOND, 4, 3.0)
    assert math.isnan(summary(recording([100.0, 106.0]))["return"]), "no capital: no return"


def test_sharpe_is_the_mean_change_over_its_sample_std_times_the_root_of_the_periods_per_year():
    e = [0.0, 1.0, 3.0, 2.0, 6.0]                       # changes 1, 2, -1, 4
    d = [b - a for a, b in zip(e, e[1:])]
    periods = 365 * 86400                               # one-second samples, 365 days of 24 h
    s = summary(recording(e))
    assert s["sharpe"] == pytest.approx(statistics.mean(d) / statistics.stdev(d) * math.sqrt(periods), rel=1e-12)
    assert s["sharpe"] == pytest.approx(1.5 / math.sqrt(13 / 3) * math.sqrt(periods), rel=1e-12)


def test_sortino_divides_the_mean_change_by_the_root_mean_square_of_the_losses_over_all_changes():
    s = summary(recording([0.0, 1.0, 3.0, 2.0, 6.0]))    # changes 1, 2, -1, 4: downside sqrt(1/4) = 0.5
    assert s["sortino"] == pytest.approx(1.5 / 0.5 * math.sqrt(365 * 86400), rel=1e-12)


def test_the_periods_per_year_follow_the_interval_unless_given():
    e = [0.0, 1.0, 3.0, 2.0, 6.0]
    per_second = summary(recording(e))["sharpe"]
    per_100ms = summary(recording(e, interval_ns=SECOND // 10))["sharpe"]
    given = summary(recording(e), periods_per_year=252.0)["sharpe"]
    assert per_100ms == pytest.approx(per_second * math.sqrt(10), rel=1e-12)
    assert given == pytest.approx(1.5 / math.sqrt(13 / 3) * math.sqrt(252), rel=1e-12)


def test_sums_are_sequential_in_sample_order_so_a_plain_loop_gives_the_same_bits():
    rng = random.Random(5)
    e = [0.0]
    for _ in range(500):  # changes of very different sizes: pairwise or compensated sums would differ
        e.append(e[-1] + rng.choice((1e-3, 1.0, 1e6)) * rng.uniform(-1, 1.2))
    d = [b - a for a, b in zip(e, e[1:])]
    total = 0.0
    for x in d:
        total += x
    mean = total / len(d)
    sq = down = 0.0
    for x in d:
        sq += (x - mean) * (x - mean)
        down += min(x, 0.0) * min(x, 0.0)
    root_p = math.sqrt(365 * 86400)
    s = summary(recording(e))
    assert s["sharpe"] == mean / math.sqrt(sq / (len(d) - 1)) * root_p
    assert s["sortino"] == mean / math.sqrt(down / len(d)) * root_p
    assert float(np.sum(d)) != total or math.fsum(d) != total, "the draw should tell the summation orders apart"


def test_sharpe_and_sortino_are_nan_with_fewer_than_two_changes_or_a_zero_denominator():
    one_change = summary(recording([1.0, 2.0]))
    assert math.isnan(one_change["sharpe"]) and math.isnan(one_change["sortino"])
    steady = summary(recording([1.0, 2.0, 3.0, 4.0]))    # equal changes: std 0, no loss: downside 0
    assert math.isnan(steady["sharpe"]) and math.isnan(steady["sortino"])
    losing = summary(recording([4.0, 3.0, 2.0, 1.0]))    # equal losses: std 0, downside 1
    assert math.isnan(losing["sharpe"]) and losing["sortino"] == pytest.approx(-math.sqrt(365 * 86400), rel=1e-12)


def test_max_drawdown_is_the_largest_fall_from_a_running_peak_and_its_pct_divides_by_the_capital():
    e = [0.0, 5.0, 2.0, 7.0, 1.0, 3.0]                   # peaks 0 5 5 7 7 7: falls 0 0 3 0 6 4
    s = summary(recording(e), capital=200.0)
    assert (s["max_drawdown"], s["max_drawdown_pct"]) == (6.0, 6.0 / 200.0)
    assert summary(recording([1.0, 2.0, 3.0]))["max_drawdown"] == 0.0, "never below a peak: 0"
    assert math.isnan(summary(recording(e))["max_drawdown_pct"])


def test_samples_with_nan_equity_are_dropped_from_the_equity_figures_but_the_counters_are_the_last_samples():
    e = [math.nan, 100.0, math.nan, 102.0, 101.0, math.nan]
    s = summary(recording(e, trades=[0, 1, 2, 3, 4, 5], position=[0.0, 0.5, 0.5, 1.0, 1.5, 2.0]))
    assert (s["samples"], s["start_ts"], s["end_ts"]) == (3, T0 + SECOND, T0 + 4 * SECOND)
    assert (s["pnl"], s["final_equity"], s["max_drawdown"]) == (1.0, 101.0, 1.0)
    assert (s["trades"], s["position"]) == (5, 2.0), "the counters of the recording's last sample, whatever its mid"


def test_no_kept_sample_makes_the_equity_figures_nan_and_one_sample_a_zero_pnl():
    empty = summary(recording([math.nan, math.nan], trades=[1, 2], maker_fills=[0, 1], volume=[0.5, 0.75]))
    assert (empty["samples"], empty["trades"], empty["maker_fills"], empty["volume"], empty["maker_share"]) == (
        0, 2, 1, 0.75, 0.5)
    equity_figures = ("start_ts", "end_ts", "duration_s", "pnl", "return", "final_equity", "sharpe", "sortino",
                      "max_drawdown", "max_drawdown_pct")
    assert all(math.isnan(empty[k]) for k in equity_figures)
    nothing = summary(recording([]))
    assert nothing["samples"] == 0 and (nothing["trades"], nothing["volume"], nothing["fees"]) == (0, 0.0, 0.0)
    assert type(nothing["trades"]) is int and math.isnan(nothing["fill_ratio"])
    single = summary(recording([5.0]))
    assert (single["samples"], single["pnl"], single["max_drawdown"], single["duration_s"]) == (1, 0.0, 0.0, 0.0)
    assert math.isnan(single["sharpe"])


def test_counters_come_from_the_last_sample_and_ratios_are_nan_over_zero():
    s = summary(recording([1.0, 2.0], trades=[3, 8], maker_fills=[2, 6], taker_fills=[1, 2], volume=[0.1, 0.75],
                          trading_value=[5.0, 40.5], fee=[0.01, -0.02], realized_pnl=[0.0, 1.25],
                          orders_submitted=[4, 10], orders_filled=[2, 7]))
    assert (s["trades"], s["maker_fills"], s["taker_fills"], s["volume"], s["trading_value"], s["fees"],
            s["realized_pnl"], s["orders_submitted"], s["orders_filled"]) == (8, 6, 2, 0.75, 40.5, -0.02, 1.25, 10, 7)
    assert (s["fill_ratio"], s["maker_share"], s["taker_share"]) == (7 / 10, 6 / 8, 2 / 8)
    assert all(type(s[k]) is int for k in ("trades", "maker_fills", "taker_fills", "orders_submitted",
                                             "orders_filled", "samples", "start_ts", "end_ts"))
    idle = summary(recording([1.0, 1.0]))
    assert all(math.isnan(idle[k]) for k in ("fill_ratio", "maker_share", "taker_share"))


def test_summary_json_writes_nan_as_null_in_key_order():
    text = summary_json(recording([1.0, 2.0], trades=[0, 2], maker_fills=[0, 1]))
    loaded = json.loads(text)
    assert list(loaded) == list(SUMMARY_KEYS)
    assert loaded["sharpe"] is None and loaded["return"] is None and loaded["maker_share"] == 0.5
    assert "NaN" not in text


def test_the_recorder_method_and_the_function_agree():
    rec = recording([0.0, 1.0, 3.0, 2.0, 6.0])
    a, b = rec.summary(capital=10.0), summary(rec, capital=10.0)
    assert json.dumps(a) == json.dumps(b)


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf, "100", True])
def test_capital_and_periods_per_year_must_be_positive_finite_numbers(bad):
    rec = recording([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="capital"):
        summary(rec, capital=bad)
    with pytest.raises(ValueError, match="periods_per_year"):
        summary(rec, periods_per_year=bad)
