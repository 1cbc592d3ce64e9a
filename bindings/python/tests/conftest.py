"""Fixtures: every test that takes `backend` or `engine` runs once per backend.

Under ctest (SIGMAX_EXEC_REQUIRE_NATIVE=1) a native backend that fails to
load is an error, not a skip."""
import os
from pathlib import Path

import pytest

import sigmax_exec as sx

ALL = ("cffi", "ctypes", "python")
# The backends the `backend` fixture runs (all three unless
# SIGMAX_TEST_BACKENDS names some, e.g. "cffi,ctypes" under the sanitizers,
# which have nothing to check in the pure-Python backend).
FIXTURE_BACKENDS = tuple(b for b in os.environ.get("SIGMAX_TEST_BACKENDS", ",".join(ALL)).split(",") if b)


def _load(name):
    try:
        return sx.load_backend(name)
    except ImportError as exc:
        if os.environ.get("SIGMAX_EXEC_REQUIRE_NATIVE") == "1":
            pytest.fail(f"backend {name} must load here: {exc}")
        pytest.skip(f"backend {name} unavailable: {exc}")


@pytest.fixture(params=FIXTURE_BACKENDS)
def backend(request):
    """The backend module (has .Engine)."""
    return _load(request.param)


@pytest.fixture
def engine(backend):
    e = backend.Engine()
    yield e
    e.close()


def loaded_backends():
    """Modules of every backend that loads, for cross-backend tests."""
    out = []
    for name in ALL:
        try:
            out.append(sx.load_backend(name))
        except ImportError:
            if os.environ.get("SIGMAX_EXEC_REQUIRE_NATIVE") == "1":
                raise
    return out


# The shared Binance recording (/work/shared/data/README.md): ../shared/data
# beside the repository or beside the directory holding a worktree of it.
SHARED_RECORDING = Path("shared", "data", "binance-usdm", "btcusdt_20240808.gz")


def shared_recording():
    """The shared recording's path, or None when no ancestor directory has it."""
    for d in Path(__file__).resolve().parents:
        if (d / SHARED_RECORDING).is_file():
            return d / SHARED_RECORDING
    return None


@pytest.fixture(scope="session")
def shared_event_file(tmp_path_factory):
    """The shared recording converted once per session with the contract's
    tick (0.1), by a native converter when one loads (every converter writes
    the same file); skips when the recording is not here."""
    src = shared_recording()
    if src is None:
        pytest.skip(f"{SHARED_RECORDING} is not beside the repository")
    from sigmax_exec.market import convert
    out = tmp_path_factory.mktemp("shared") / "btcusdt_20240808.sgxmd"
    natives = [b for b in sx.available_backends() if b != "python"]
    convert([src], out, "binance", tick_size=0.1, backend=natives[0] if natives else "python")
    return out


@pytest.fixture(scope="session")
def shared_slice(shared_event_file, tmp_path_factory):
    """slice(seconds) -> the path of an event file holding the first `seconds`
    of the shared file's local time (its symbols, its events), written once
    per length per session: short runs over real data."""
    from sigmax_exec.market import EventFile, EventFileWriter
    made = {}

    def make(seconds):
        if seconds not in made:
            path = tmp_path_factory.mktemp("shared_slice") / f"btcusdt_first_{seconds}s.sgxmd"
            with EventFile(shared_event_file) as f:
                events = f.events
                end = int(events["local_ts"][0]) + int(seconds * 1_000_000_000)
                with EventFileWriter(path) as w:
                    for s in f.symbols:
                        w.add_symbol(s)
                    w.write(events[events["local_ts"] < end])
            made[seconds] = path
        return made[seconds]
    return make


def pytest_configure(config):
    config.addinivalue_line("markers", "install: builds and pip-installs the package into venvs (test_install.py)")


@pytest.fixture(scope="session")
def expected_slice(tmp_path_factory):
    """The first 60 s of the shared recording's lines (shared_slice.py),
    converted once per session: the slice the examples' committed expected
    summaries (data/expected_<strategy>.json) are computed on, by the Python
    examples and by the C++ CLI alike. Skips when the recording is absent."""
    from shared_slice import shared_recording, write_slice
    if shared_recording() is None:
        pytest.skip("the shared Binance recording is absent")
    path = tmp_path_factory.mktemp("expected_slice") / "btcusdt_20240808_60s.sgxmd"
    write_slice(path)
    return str(path)
