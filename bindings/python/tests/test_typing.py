"""The typed API matches what every backend returns at run time."""
from typing import get_type_hints

import sigmax_exec as sx
from sigmax_exec import EngineStats, PipelineStats


def test_get_stats_has_exactly_the_keys_and_value_types_engine_stats_declares(backend):
    e = backend.Engine()
    try:
        e.configure_symbol(1, 0.01, 1.0)
        e.execute_order(1, 0, 0, 100.0, 2.0)
        stats = e.get_stats()
    finally:
        e.close()
    assert list(stats) == list(EngineStats.__annotations__)
    for key, declared in get_type_hints(EngineStats).items():
        assert type(stats[key]) is declared, key


def test_pipeline_stats_have_exactly_the_keys_and_value_types_pipeline_stats_declares(backend):
    p = backend.Pipeline(64)
    try:
        stats = p.stats()
        engine_stats = p.engine_stats()
    finally:
        p.close()
    assert list(stats) == list(PipelineStats.__annotations__)
    assert all(type(v) is int for v in stats.values())
    assert list(engine_stats) == list(EngineStats.__annotations__)


def test_the_typed_names_are_exported():
    assert sx.EngineStats is EngineStats and sx.PipelineStats is PipelineStats
