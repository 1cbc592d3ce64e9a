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
