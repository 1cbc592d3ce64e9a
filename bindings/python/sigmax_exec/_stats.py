"""The typed shapes of the statistics dicts every backend returns.

Their keys are the record table's fields (sgx_engine_stats and
sgx_pipeline_stats, renamed for get_stats() as the seed named them); a test
checks that each backend's dict has exactly these keys.
"""
from __future__ import annotations

from typing import TypedDict


class EngineStats(TypedDict):
    """``Engine.get_stats()``: counters since creation or ``reset_stats()``,
    the resting-order gauge and the in-engine latency figures (ns)."""
    total_executions: int
    total_fills: int
    volume_lots: int
    total_volume: float
    rejects: int
    cancels: int
    amends: int
    invalid_requests: int
    resting_orders: int
    latency_samples: int
    avg_latency_ns: float
    min_latency_ns: int
    max_latency_ns: int
    p50_latency_ns: int
    p90_latency_ns: int
    p99_latency_ns: int
    p999_latency_ns: int


class PipelineStats(TypedDict):
    """``Pipeline.stats()``: the rings' capacities and counters."""
    capacity: int
    result_capacity: int
    submitted: int
    completed: int
    queue_full: int
    queue_high_water: int
    result_high_water: int
    backpressure_waits: int
