"""The SIGMAX seed's usage, as written (only the import path changed), under
the native and the pure-Python backends."""
import os
import subprocess
import sys

import pytest

import sigmax_exec as sx

PKG_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SNIPPET = r'''
from sigmax_exec import RustExecutionEngine, execute_batch, benchmark_latency, RUST_MODULE_AVAILABLE

if RUST_MODULE_AVAILABLE:
    print("native engine")
else:
    print("python fallback")

engine = RustExecutionEngine(queue_capacity=10000)
result = engine.execute_order(symbol_id=1, side=0, order_type=0, price=50000.0, quantity=1.0)
print(result.order_id, result.executed_price, result.executed_quantity, result.latency_ns >= 0, result.slippage)

orders = [
    (1, 0, 0, 50000.0, 1.0),
    (2, 1, 0, 3000.0, 2.0),
    (3, 0, 1, 100.0, 5.0),
]
results = execute_batch(engine, orders)
print(len(results), [r.order_id for r in results])

stats = engine.get_stats()
print(stats["total_executions"], stats["avg_latency_ns"] > 0, stats["p99_latency_ns"] >= stats["p50_latency_ns"])
engine.reset_stats()
print(engine.get_stats()["total_executions"])

bench = benchmark_latency(iterations=2000)
print(bench["iterations"], sorted(k for k in ("avg_ns", "p50_ns", "p95_ns", "p99_ns", "min_ns", "max_ns") if k in bench))
print(bench["implementation"])
'''


@pytest.mark.parametrize("backend", ["native", "python"])
def test_the_seed_snippets_run_as_written(backend):
    env = dict(os.environ, PYTHONPATH=PKG_DIR)
    env.pop("SIGMAX_EXEC_BACKEND", None)
    if backend == "python":
        env["SIGMAX_EXEC_BACKEND"] = "python"
    elif not sx.NATIVE_AVAILABLE and os.environ.get("SIGMAX_EXEC_REQUIRE_NATIVE") != "1":
        pytest.skip("no native library")
    r = subprocess.run([sys.executable, "-c", SNIPPET], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == ("native engine" if backend == "native" else "python fallback")
    assert lines[1] == "1 0.0 0.0 True 0.0"
    assert lines[2] == "3 [2, 3, 4]"
    assert lines[3] == "4 True True"
    assert lines[4] == "0"
    assert lines[5] == "2000 ['avg_ns', 'max_ns', 'min_ns', 'p50_ns', 'p95_ns', 'p99_ns']"
    assert lines[6] == ("python" if backend == "python" else "cffi")


# The seed's own module layout: SIGMAX's core/modules/rust_execution.py,
# which docs/python.md reduces to one line.
SHIM = "from sigmax_rust_execution import *  # noqa: F401,F403\n"


@pytest.mark.parametrize("import_line", [
    "from core.modules.rust_execution import RustExecutionEngine, execute_batch, benchmark_latency, RUST_MODULE_AVAILABLE",
    "from sigmax_rust_execution import RustExecutionEngine, execute_batch, benchmark_latency, RUST_MODULE_AVAILABLE",
])
def test_the_seed_snippets_run_through_the_seeds_import_paths(tmp_path, import_line):
    (tmp_path / "core" / "modules").mkdir(parents=True)
    (tmp_path / "core" / "__init__.py").write_text("")
    (tmp_path / "core" / "modules" / "__init__.py").write_text("")
    (tmp_path / "core" / "modules" / "rust_execution.py").write_text(SHIM)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), PKG_DIR]))
    snippet = SNIPPET.replace(
        "from sigmax_exec import RustExecutionEngine, execute_batch, benchmark_latency, RUST_MODULE_AVAILABLE",
        import_line)
    assert import_line in snippet
    check = subprocess.run([sys.executable, "-c", "from core.modules.rust_execution import RUST_MODULE_AVAILABLE; "
                            "import sigmax_rust_execution; print(RUST_MODULE_AVAILABLE == sigmax_rust_execution."
                            "RUST_MODULE_AVAILABLE)"], capture_output=True, text=True, env=env, timeout=120,
                           cwd=tmp_path)
    assert check.returncode == 0 and check.stdout.strip() == "True", check.stderr
    r = subprocess.run([sys.executable, "-c", snippet], capture_output=True, text=True, env=env, timeout=300,
                       cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[1:5] == ["1 0.0 0.0 True 0.0", "3 [2, 3, 4]", "4 True True", "0"]


def test_the_seeds_result_record_reads_its_five_fields_by_attribute(engine):
    import sigmax_rust_execution as seed
    r = engine.execute_order(1, 0, 0, 100.0, 1.0)
    assert isinstance(r, seed.RustExecution)
    assert (r.order_id, r.executed_price, r.executed_quantity, r.slippage) == (1, 0.0, 0.0, 0.0)
    assert isinstance(r.latency_ns, int)
    assert list(r.to_dict())[:5] == ["order_id", "executed_price", "executed_quantity", "latency_ns", "slippage"]
