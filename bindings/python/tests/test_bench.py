"""`python -m sigmax_exec bench` runs every available backend and reports sane figures."""
import json
import os
import subprocess
import sys

import pytest

import sigmax_exec as sx


def run_bench(*args):
    out = subprocess.run([sys.executable, "-m", "sigmax_exec", "bench", *args], check=True,
                         capture_output=True, text=True, timeout=600).stdout
    return json.loads(out)


def test_the_bench_measures_every_available_backend():
    data = run_bench("--events", "3000", "--python-events", "1000", "--chunk", "500", "--tuple-chunk", "200",
                     "--json")
    assert (data["workload"]["chunk"], data["workload"]["tuple_chunk"]) == (500, 200)
    rows = {r["backend"]: r for r in data["results"]}
    assert set(rows) == set(sx.available_backends())
    for r in rows.values():
        assert r["single"]["ns_per_call"] > 0
        assert 0 < r["single"]["p50_ns"] <= r["single"]["p99_ns"]
        assert r["orders_only"]["ns_per_call"] > 0  # execute_order alone, the loop a batch replaces
        assert r["batch_tuples"]["ns_per_order"] > 0


def test_the_pipeline_bench_measures_asyncio_on_every_backend():
    data = run_bench("--pipeline", "--events", "2000", "--json")
    rows = {r["backend"]: r for r in data["asyncio"]}
    assert set(rows) == set(sx.available_backends())
    for r in rows.values():
        assert r["awaited_per_sec"] > 0


def test_benchmark_latency_refuses_a_negative_or_fractional_iteration_count():
    with pytest.raises(ValueError):
        sx.benchmark_latency(-5)
    with pytest.raises(TypeError):
        sx.benchmark_latency(2.5)
    assert sx.benchmark_latency(0)["iterations"] == 0


def test_the_bench_names_the_machine_as_the_cli_does():
    from sigmax_exec._machine import describe, machine_info
    m = machine_info()
    assert m["description"] == describe(m) and m["cpus"] >= 1
    assert "CPUs" in m["description"]
    text = subprocess.run([sys.executable, "-m", "sigmax_exec", "bench", "--events", "500", "--python-events", "200",
                           "--chunk", "100", "--tuple-chunk", "100", "--backends", "python"], check=True,
                          capture_output=True, text=True).stdout
    assert f"machine: {m['description']}\n" in text
    cli = os.path.join(os.path.dirname(__file__), "..", "..", "..", "build", "dev", "examples", "sigmax-exec")
    if os.path.exists(cli):  # the CLI's own line, from examples/cli/machine.cpp
        out = subprocess.run([cli, "bench", "--orders", "1000"], check=True, capture_output=True, text=True).stdout
        line = next(x for x in out.splitlines() if x.startswith("machine: "))
        assert line.split(" at ")[0] == f"machine: {m['description']}".split(" at ")[0]  # the MHz may move
