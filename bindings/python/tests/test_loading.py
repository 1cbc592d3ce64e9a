"""Which backend an import selects, and what happens when the library is missing or broken."""
import os
import subprocess
import sys

import pytest

import sigmax_exec as sx
from sigmax_exec import _loader

PKG_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_python(code, **env):
    full = dict(os.environ)
    full.pop("SIGMAX_EXEC_BACKEND", None)
    full.update(env)
    full["PYTHONPATH"] = PKG_DIR
    return subprocess.run([sys.executable, "-W", "default", "-c", code], capture_output=True, text=True, env=full,
                          timeout=120)


def test_a_missing_library_falls_back_to_python_with_one_warning(tmp_path):
    r = run_python("import sigmax_exec as sx; print(sx.BACKEND, sx.RUST_MODULE_AVAILABLE)",
                   SIGMAX_EXEC_LIBRARY=str(tmp_path / "nope.so"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["python", "False"]
    warnings = [l for l in r.stderr.splitlines() if "RuntimeWarning" in l]
    assert len(warnings) == 1 and "pure-Python" in warnings[0]


def test_a_broken_library_falls_back_to_python(tmp_path):
    broken = tmp_path / "libsigmax_exec.so"
    broken.write_bytes(b"not an ELF file")
    r = run_python("import sigmax_exec as sx; print(sx.BACKEND)", SIGMAX_EXEC_LIBRARY=str(broken))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "python"
    assert "RuntimeWarning" in r.stderr


@pytest.mark.parametrize("forced", ["cffi", "ctypes"])
def test_a_forced_native_backend_without_a_library_raises_import_error_naming_what_was_tried(tmp_path, forced):
    missing = tmp_path / "missing.so"
    r = run_python("import sigmax_exec", SIGMAX_EXEC_BACKEND=forced, SIGMAX_EXEC_LIBRARY=str(missing))
    assert r.returncode != 0
    assert "ImportError" in r.stderr and str(missing) in r.stderr and forced in r.stderr


def test_an_unknown_forced_backend_is_an_import_error():
    r = run_python("import sigmax_exec", SIGMAX_EXEC_BACKEND="rust")
    assert r.returncode != 0 and "ImportError" in r.stderr


@pytest.mark.parametrize("forced", ["cffi", "ctypes", "python"])
def test_forcing_a_backend_selects_it(forced):
    if forced != "python" and not sx.NATIVE_AVAILABLE and os.environ.get("SIGMAX_EXEC_REQUIRE_NATIVE") != "1":
        pytest.skip("no native library here")
    r = run_python("import sigmax_exec as sx; print(sx.BACKEND, sx.NATIVE_AVAILABLE)", SIGMAX_EXEC_BACKEND=forced)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == [forced, str(forced != "python")]


def test_a_library_with_another_abi_version_is_refused(monkeypatch):
    monkeypatch.setattr(_loader, "ABI_VERSION", 999)
    path = os.environ.get("SIGMAX_EXEC_LIBRARY") or sx.LIBRARY_PATH
    if not path:
        pytest.skip("no native library here")
    assert "ABI version" in _loader.check(path)


def test_unset_backend_prefers_cffi_when_the_library_loads():
    if os.environ.get("SIGMAX_EXEC_REQUIRE_NATIVE") != "1":
        pytest.skip("only meaningful where the native library is required")
    r = run_python("import sigmax_exec as sx; print(sx.BACKEND)")
    assert r.stdout.strip() == "cffi"


def test_plot_draws_a_png_from_a_bench_json(tmp_path):
    pytest.importorskip("matplotlib")
    data = {"workload": {"name": "default", "events": 10},
            "results": [{"engine": "sigmax", "percentiles": [[0.5, 90], [0.9, 200], [0.99, 400], [0.999, 700]]},
                        {"engine": "baseline-stdmap", "percentiles": [[0.5, 180], [0.99, 2400]]}]}
    src = tmp_path / "bench.json"
    src.write_text(__import__("json").dumps(data))
    out = tmp_path / "latency.png"
    r = run_python(f"import sys; from sigmax_exec.__main__ import main; sys.exit(main(['plot', {str(src)!r}, '-o', {str(out)!r}]))")
    assert r.returncode == 0, r.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_refuses_a_file_that_is_not_a_bench_result(tmp_path):
    src = tmp_path / "x.json"
    src.write_text("{}")
    r = run_python(f"import sys; from sigmax_exec.__main__ import main; sys.exit(main(['plot', {str(src)!r}]))")
    assert r.returncode == 2 and "not a sigmax-exec bench --json result" in r.stderr


@pytest.mark.parametrize("results", [
    [{"implementation": "cffi", "calls": 1000, "p50_ns": 900}],  # the shape of python -m sigmax_exec bench --json
    [{"engine": "sigmax", "percentiles": []}],
    [{"engine": "sigmax", "percentiles": [["0.5", 90], [0.9], [1.0, 100], [0.5, -1]]}],
    "rows",
])
def test_plot_refuses_a_result_with_no_percentile_curve_and_writes_no_chart(tmp_path, results):
    pytest.importorskip("matplotlib")
    src = tmp_path / "bench.json"
    src.write_text(__import__("json").dumps({"workload": {}, "results": results}))
    out = tmp_path / "latency.png"
    r = run_python(f"import sys; from sigmax_exec.__main__ import main; sys.exit(main(['plot', {str(src)!r}, '-o', {str(out)!r}]))")
    assert r.returncode == 2 and "no row has latency percentiles" in r.stderr
    assert not out.exists()


@pytest.mark.parametrize("forced", ["cffi", "ctypes", "python"])
def test_everything_but_numpy_arrays_works_without_numpy(forced):
    if forced != "python" and not sx.NATIVE_AVAILABLE and os.environ.get("SIGMAX_EXEC_REQUIRE_NATIVE") != "1":
        pytest.skip("no native library here")
    code = (
        "import sys; sys.modules['numpy'] = None\n"  # makes 'import numpy' fail
        "import sigmax_exec as sx\n"
        "assert sx.ORDER_DTYPE is None and sx.REPORT_DTYPE is None\n"
        "e = sx.ExecutionEngine()\n"
        "r = sx.execute_batch(e, [(1, 1, 0, 100.0, 1.0), (1, 0, 0, 100.0, 1.0)])\n"
        "assert [x.status.name for x in r] == ['NEW', 'FILLED'], r\n"
        "assert len(e.drain_fills()) == 1\n"
        # Without numpy, array-shaped reports are packed sgx_report bytes.
        "buf = bytearray(3 * 64)\n"
        "v = sx.execute_batch(e, [(1, 1, 0, 100.0, 1.0), (1, 0, 0, 100.0, 1.0)], out=buf)\n"
        "assert len(v) == 128 and buf[0] == 3 and buf[64] == 4 and buf[128] == 0, bytes(buf)\n"
        "a = sx.execute_batch(e, [(1, 1, 0, 100.0, 1.0)], as_array=True)\n"
        "assert len(a) == 64 and a[0] == 5, bytes(a)\n"
        "print(sx.BACKEND)\n")
    r = run_python(code, SIGMAX_EXEC_BACKEND=forced)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == forced


def test_importing_the_package_leaves_the_bench_workload_unimported():
    r = run_python("import sys, sigmax_exec; print('sigmax_exec._workload' in sys.modules)")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "False"
