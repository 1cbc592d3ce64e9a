"""The example strategies of examples/python (grid: venue_grid.py, quote:
venue_quote.py, imbalance: venue_imbalance.py), each through its importable
`run(path, backend=..., **params)`, over the first 60 s of the shared
Binance recording (shared_slice.py: 15,738 lines, tick 0.1) with their
default params: every backend gives the identical summary (native and pure
alike), and it equals the committed expected summary
bindings/python/tests/data/expected_<strategy>.json: integers (trades,
fills, orders, samples, timestamps) and the position exactly, other floats
to 1e-9 relative, NaN (null in the file) only where the file has null.

Each expected file is one JSON object shaped like one entry of
`sigmax-exec backtest --json`'s "files": {"file": the slice, "strategy",
"params": the strategy's and the venue's params, "summary"}, so the C++ CLI
compares its output with the same files.

Regenerate them after a deliberate change of a rule, a model or the slice
(the test first checks that every loadable backend agrees exactly, then
writes the files; commit them with the change that explains them):
    SIGMAX_REGENERATE_EXPECTED=1 SIGMAX_EXEC_LIBRARY=build/dev/src/libsigmax_exec.so \\
      PYTHONPATH=bindings/python:bindings/python/tests \\
      /usr/bin/python3 -m pytest -q bindings/python/tests/test_backtest_examples.py
"""
import json
import math
import os
from pathlib import Path

import pytest

from shared_slice import SLICE_SECONDS
from example_modules import load_example as load_module
from venue_streams import CORE_BACKENDS, core_class, loaded_core_backends

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples" / "python"
DATA = Path(__file__).resolve().parent / "data"
STRATEGIES = {"grid": "venue_grid.py", "quote": "venue_quote.py", "imbalance": "venue_imbalance.py"}
SLICE_NAME = f"btcusdt_20240808.gz, the first {SLICE_SECONDS} s (tick 0.1)"
REGENERATE = os.environ.get("SIGMAX_REGENERATE_EXPECTED") == "1"
EXACT_FLOATS = ("position",)


def load_example(strategy):
    """The example's module, loaded from its file (examples/python is not a package)."""
    return load_module(STRATEGIES[strategy][:-3])


@pytest.fixture(scope="module")
def summaries(expected_slice):
    """(strategy, backend) -> the summary its run() returns, computed once."""
    cache = {}

    def get(strategy, backend):
        if (strategy, backend) not in cache:
            cache[strategy, backend] = load_example(strategy).run(expected_slice, backend=backend)
        return cache[strategy, backend]
    return get


def expected_path(strategy):
    return DATA / f"expected_{strategy}.json"


def default_params(strategy):
    module = load_example(strategy)
    return {**module.PARAMS, **module.VENUE_PARAMS}


def json_safe(summary):
    return {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in summary.items()}


def assert_matches(summary, expected, where):
    assert list(summary) == list(expected), f"{where}: keys differ"
    for key, want in expected.items():
        got = summary[key]
        if want is None:
            assert isinstance(got, float) and math.isnan(got), f"{where}: {key} {got!r}, expected NaN"
        elif isinstance(want, int) or key in EXACT_FLOATS:
            assert got == want and isinstance(got, int) == isinstance(want, int), f"{where}: {key} {got!r} != {want!r}"
        else:
            assert math.isclose(got, want, rel_tol=1e-9, abs_tol=0.0) or got == want, \
                f"{where}: {key} {got!r} != {want!r} (1e-9 relative)"


@pytest.mark.parametrize("strategy", list(STRATEGIES))
def test_every_backend_gives_the_identical_summary_of_each_example(strategy, summaries):
    """Native and pure give the same figures, bit for bit (same rule order, same arithmetic)."""
    backends = loaded_core_backends()
    assert "python" in backends
    reference = summaries(strategy, "python")
    for b in backends:
        got = summaries(strategy, b)
        assert json.dumps(json_safe(got)) == json.dumps(json_safe(reference)), f"{strategy}: {b} differs from python"
    if REGENERATE:
        DATA.mkdir(exist_ok=True)
        record = {"file": SLICE_NAME, "strategy": strategy, "params": default_params(strategy),
                  "summary": json_safe(reference)}
        expected_path(strategy).write_text(json.dumps(record, indent=2) + "\n")


@pytest.mark.parametrize("backend", CORE_BACKENDS)
@pytest.mark.parametrize("strategy", list(STRATEGIES))
def test_each_example_run_returns_the_committed_expected_summary(strategy, backend, summaries):
    """run(slice) on this backend equals expected_<strategy>.json: counts exact, floats to 1e-9 relative."""
    core_class(backend)  # skips (or fails, if required) a backend that cannot load
    expected = json.loads(expected_path(strategy).read_text())
    assert expected["strategy"] == strategy and expected["file"] == SLICE_NAME
    assert expected["params"] == default_params(strategy), "the file was made with other params: regenerate it"
    summary = summaries(strategy, backend)
    assert_matches(summary, expected["summary"], f"{strategy} on {backend}")
    assert summary["trades"] > 0 and summary["orders_submitted"] > 0, "the slice must exercise the strategy"
