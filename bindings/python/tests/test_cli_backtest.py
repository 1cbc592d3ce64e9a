"""`sigmax-exec backtest` (docs/cli.md): the C++ grid and quote strategies
over the first 60 s of the shared Binance recording (shared_slice.py) give
the Python examples' committed expected summaries (data/expected_<strategy>.json:
the proof that the C++ and Python strategies are the same); the --record
CSV loads with the package's Recorder.load_csv and summarises to the CLI's
JSON; --plot writes a PNG through `python -m sigmax_exec plot-backtest`;
bad parameters and a failing plot exit 2 naming what failed.

The CLI is $SIGMAX_EXEC_CLI (ctest passes the built one), else the dev
build's; the C++ example is $SIGMAX_EXAMPLE_BACKTEST_QUOTE, else the dev build's."""
import json
import math
import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DATA = Path(__file__).resolve().parent / "data"
CLI = Path(os.environ.get("SIGMAX_EXEC_CLI") or ROOT / "build" / "dev" / "examples" / "sigmax-exec")
EXAMPLE = Path(os.environ.get("SIGMAX_EXAMPLE_BACKTEST_QUOTE")
               or ROOT / "build" / "dev" / "examples" / "example_cpp_backtest_quote")
EXACT_FLOATS = ("position",)

pytestmark = pytest.mark.skipif(not CLI.exists(), reason=f"no sigmax-exec at {CLI}")


def backtest(*args, env=None, check=True):
    run_env = dict(os.environ)
    run_env.update(env or {})
    r = subprocess.run([str(CLI), "backtest", *map(str, args)], capture_output=True, text=True, env=run_env,
                       timeout=300)
    if check:
        assert r.returncode == 0, r.stderr
    return r


@pytest.fixture(scope="module")
def cli_json(expected_slice):
    """strategy -> the CLI's --json output over the slice, run once."""
    cache = {}

    def get(strategy):
        if strategy not in cache:
            cache[strategy] = json.loads(backtest("--data", expected_slice, "--strategy", strategy, "--json").stdout)
        return cache[strategy]
    return get


def assert_same_summary(got, want, what):
    assert list(got) == list(want), f"{what}: keys differ"
    for key, w in want.items():
        g = got[key]
        if w is None or (isinstance(w, float) and math.isnan(w)):
            assert g is None or (isinstance(g, float) and math.isnan(g)), f"{what}: {key} {g} != {w}"
        elif isinstance(w, int) or key in EXACT_FLOATS:
            assert g == w, f"{what}: {key} {g} != {w}"
        else:
            assert g == pytest.approx(w, rel=1e-9, abs=0.0), f"{what}: {key} {g} != {w}"


@pytest.mark.parametrize("strategy", ["grid", "quote"])
def test_cli_json_summary_equals_the_python_examples_expected_summary(cli_json, strategy):
    """The C++ strategy, recorder and summary equal the Python example's: trades,
    fills, orders and position exactly, other floats to 1e-9 relative."""
    path = DATA / f"expected_{strategy}.json"
    if not path.exists():
        pytest.skip(f"{path.name} is not committed yet")
    expected = json.loads(path.read_text())
    out = cli_json(strategy)
    assert out["machine"]["cpus"] >= 1
    (entry,) = out["files"]
    assert entry["strategy"] == strategy
    assert entry["params"] == expected["params"]
    assert entry["summary"]["trades"] > 0, "the slice must trade for the comparison to mean anything"
    assert_same_summary(entry["summary"], expected["summary"], strategy)


@pytest.mark.parametrize("strategy", ["grid", "quote"])
def test_record_csv_loads_with_the_python_recorder_and_summarises_to_the_cli_json(expected_slice, tmp_path, strategy):
    """--record writes the recording CSV format: Recorder.load_csv reads it and
    its summary is the CLI's own (the same formulas on the same samples)."""
    Recorder = pytest.importorskip("sigmax_exec.backtest").Recorder
    rec = tmp_path / "rec.csv"
    out = json.loads(backtest("--data", expected_slice, "--strategy", strategy, "--json", "--record", rec).stdout)
    recording = Recorder.load_csv(rec)
    assert_same_summary(dict(recording.summary()), out["files"][0]["summary"], f"{strategy} recording")


@pytest.mark.parametrize("strategy", ["grid", "quote"])
def test_record_csv_equals_the_python_examples_recording_column_by_column(expected_slice, tmp_path, strategy):
    """The C++ recorder samples at the same times and converts lots to units by
    the same decimal rule as the Python Recorder (-4991 lots of 0.001 is -4.991,
    not -4.9910000000000005): every column of the CLI's --record CSV equals the
    Python example's recording on the same slice, exactly (NaN where NaN)."""
    import sys
    import numpy as np
    backtest_pkg = pytest.importorskip("sigmax_exec.backtest")
    from sigmax_exec.venue import Venue
    sys.path.insert(0, str(ROOT / "examples" / "python"))
    try:
        example = __import__(f"venue_{strategy}")
    finally:
        sys.path.pop(0)
    rec = tmp_path / "rec.csv"
    backtest("--data", expected_slice, "--strategy", strategy, "--record", rec)
    cli = backtest_pkg.Recorder.load_csv(rec).arrays()
    config = getattr(example, f"{strategy}_config")()
    with Venue(expected_slice, config) as v:
        py = backtest_pkg.Recorder(v, v.symbols[0].id)
        getattr(example, f"run_{strategy}")(v, v.symbols[0].id, recorder=py)
        ours = py.arrays()
    assert list(cli) == list(ours)
    for name in cli:
        assert np.array_equal(cli[name], ours[name], equal_nan=cli[name].dtype.kind == "f"), name


def test_several_files_run_one_venue_each_and_number_their_recordings(expected_slice, tmp_path):
    """--data A B: one entry per file in order, the same file giving the same
    summary; --record out.csv writes out_1.csv and out_2.csv."""
    rec = tmp_path / "out.csv"
    out = json.loads(backtest("--data", expected_slice, expected_slice, "--strategy", "quote", "--json",
                              "--record", rec).stdout)
    assert [f["file"] for f in out["files"]] == [expected_slice, expected_slice]
    assert out["files"][0]["summary"] == out["files"][1]["summary"]
    assert (tmp_path / "out_1.csv").read_text() == (tmp_path / "out_2.csv").read_text()
    assert not rec.exists()


def test_the_table_names_the_file_strategy_and_every_summary_key(expected_slice, cli_json):
    """Without --json: per file a line naming file, strategy and params, then one line per summary key."""
    text = backtest("--data", expected_slice, "--strategy", "grid", "--param", "levels=5").stdout
    assert text.startswith(f"{expected_slice}: grid on BTCUSDT (levels=5 spacing=10 half_spread=20 lots=100 ")
    for key in cli_json("grid")["files"][0]["summary"]:
        assert f"\n  {key} " in text, key
    # The venue's count of new orders is the strategy's own.
    submitted = re.search(r"orders (\d+) submitted", text).group(1)
    assert re.search(rf"\n  orders_submitted +{submitted}\n", text), text


def test_params_and_venue_settings_change_the_run(expected_slice, cli_json):
    """--param reaches the strategy (fewer levels: fewer orders) and the venue
    (fees are in the summary); the JSON lists the params in effect."""
    out = json.loads(backtest("--data", expected_slice, "--strategy", "grid", "--json", "--param", "levels=2",
                              "--param", "maker_fee=0", "--param", "queue=riskaverse").stdout)
    entry = out["files"][0]
    assert entry["params"]["levels"] == 2 and entry["params"]["maker_fee"] == 0.0
    assert entry["params"]["queue"] == "riskaverse"
    assert entry["summary"]["fees"] == 0.0
    assert entry["summary"]["trades"] < cli_json("grid")["files"][0]["summary"]["trades"]


@pytest.mark.parametrize("args, named", [
    (["--strategy", "grid", "--param", "spacing=abc"], "spacing"),
    (["--strategy", "grid", "--param", "levels=0"], "levels"),
    (["--strategy", "quote", "--param", "levels=3"], "levels"),
    (["--strategy", "quote", "--param", "queue=fifo"], "queue"),
    (["--strategy", "quote", "--param", "offset"], "offset"),
])
def test_a_bad_param_exits_2_naming_it(tmp_path, args, named):
    """Unknown names, bad values and a missing '=' are refused before any file is read."""
    r = backtest("--data", tmp_path / "never_read.sgxmd", *args, check=False)
    assert r.returncode == 2
    assert f"--param {named}" in r.stderr or f"--param '{named}'" in r.stderr, r.stderr


def test_a_missing_file_exits_2_naming_it(tmp_path):
    r = backtest("--data", tmp_path / "absent.sgxmd", check=False)
    assert r.returncode == 2 and "absent.sgxmd" in r.stderr


def test_plot_writes_a_png(expected_slice, tmp_path):
    """--plot runs `python -m sigmax_exec plot-backtest` on the recording: a PNG file."""
    pytest.importorskip("matplotlib")
    pytest.importorskip("sigmax_exec.backtest")  # plot-backtest's home
    png = tmp_path / "quote.png"
    backtest("--data", expected_slice, "--strategy", "quote", "--plot", png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_failing_plot_exits_2_naming_the_command(expected_slice, tmp_path):
    """The interpreter comes from $SIGMAX_EXEC_PYTHON; when the plot command fails
    the CLI says which command and exits 2."""
    r = backtest("--data", expected_slice, "--strategy", "quote", "--plot", tmp_path / "x.png",
                 env={"SIGMAX_EXEC_PYTHON": "/bin/false"}, check=False)
    assert r.returncode == 2
    assert "/bin/false -m sigmax_exec plot-backtest" in r.stderr and "status 1" in r.stderr


@pytest.mark.skipif(not EXAMPLE.exists(), reason=f"no example at {EXAMPLE}")
def test_the_cpp_example_prints_the_clis_quote_run(expected_slice, cli_json):
    """examples/cpp/backtest_quote.cpp prints orders, fills, position, fees,
    equity and the same summary as `sigmax-exec backtest --strategy quote`."""
    text = subprocess.run([str(EXAMPLE), expected_slice], check=True, capture_output=True, text=True,
                          timeout=300).stdout
    summary = cli_json("quote")["files"][0]["summary"]
    assert f"fills: {summary['trades']} ({summary['maker_fills']} maker, {summary['taker_fills']} taker)" in text
    assert f"position {summary['position']:g}, " in text
    printed = dict(line.split() for line in text.split("summary:\n")[1].splitlines())
    for key, value in summary.items():
        if value is not None:
            assert float(printed[key]) == pytest.approx(value, rel=1e-9), key


def test_symbol_picks_the_traded_symbol_and_an_unknown_one_exits_2(expected_slice, cli_json):
    """--symbol NAME trades that symbol of the file (here its only one: the
    default run); a name the file lacks exits 2 naming it."""
    out = json.loads(backtest("--data", expected_slice, "--strategy", "grid", "--symbol", "BTCUSDT", "--json").stdout)
    assert out["files"][0]["summary"] == cli_json("grid")["files"][0]["summary"]
    r = backtest("--data", expected_slice, "--symbol", "ETHUSDT", check=False)
    assert r.returncode == 2 and "no symbol ETHUSDT" in r.stderr
