"""backtest.plot and `python -m sigmax_exec plot-backtest`: three stacked
panels sharing the time axis (mid; equity and realized PnL; position),
written as a PNG; the command exits 2 with a message on a bad recording."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sigmax_exec.backtest import COLUMNS, Recorder, plot

pytest.importorskip("matplotlib")

PKG = Path(__file__).resolve().parents[1]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def small_recording(n=50):
    t = 1_723_161_255_000_000_000 + 100_000_000 * np.arange(n, dtype=np.int64)
    cols = {c: np.zeros(n) for c in COLUMNS}
    cols["timestamp"] = t
    cols["mid"] = 61000 + np.cumsum(np.sin(np.arange(n)))
    cols["mid"][n // 2] = np.nan                     # an empty side: a gap in the mid and equity lines
    cols["position"] = np.round(np.sin(np.arange(n) / 5), 3)
    cols["equity"] = np.cumsum(np.cos(np.arange(n))) + cols["mid"] * 0
    cols["realized_pnl"] = np.linspace(0, 3, n)
    return Recorder.from_arrays(cols)


def test_plot_writes_a_png_of_three_panels_sharing_the_time_axis(tmp_path):
    fig = plot(small_recording(), tmp_path / "r.png", title="grid")
    assert (tmp_path / "r.png").read_bytes()[:8] == PNG_MAGIC
    mid_ax, equity_ax, position_ax = fig.axes
    assert (mid_ax.get_ylabel(), equity_ax.get_ylabel(), position_ax.get_ylabel()) == (
        "mid", "settlement units", "position")
    assert mid_ax.get_shared_x_axes().joined(mid_ax, position_ax)
    assert [line.get_label() for line in equity_ax.get_lines()] == ["equity", "realized PnL"]
    assert fig._suptitle.get_text() == "grid"


def test_plot_without_a_path_returns_the_figure_and_writes_nothing(tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig = plot(small_recording(3))
    assert len(fig.axes) == 3 and list(tmp_path.iterdir()) == []
    plt.close(fig)


def plot_backtest(*args):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(PKG), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-m", "sigmax_exec", "plot-backtest", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=120)


def test_the_plot_backtest_command_plots_a_recording_csv(tmp_path):
    small_recording().save_csv(tmp_path / "r.csv")
    r = plot_backtest(tmp_path / "r.csv", tmp_path / "out.png", "--title", "quote on BTCUSDT")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"wrote {tmp_path / 'out.png'}"
    assert (tmp_path / "out.png").read_bytes()[:8] == PNG_MAGIC


def test_the_plot_backtest_command_exits_2_naming_a_bad_or_missing_recording(tmp_path):
    (tmp_path / "bad.csv").write_text("not,a,recording\n")
    for path, says in ((tmp_path / "bad.csv", "not a recording CSV"), (tmp_path / "missing.csv", "No such file")):
        r = plot_backtest(path, tmp_path / "out.png")
        assert r.returncode == 2 and str(path) in r.stderr and says in r.stderr, r.stderr
    assert not (tmp_path / "out.png").exists()
