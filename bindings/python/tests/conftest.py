"""Fixtures: every test that takes `backend` or `engine` runs once per backend.

Under ctest (SIGMAX_EXEC_REQUIRE_NATIVE=1) a native backend that fails to
load is an error, not a skip."""
import os

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


def pytest_configure(config):
    config.addinivalue_line("markers", "install: builds and pip-installs the package into venvs (test_install.py)")
