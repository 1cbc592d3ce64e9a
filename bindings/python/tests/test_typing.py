"""The typed API matches what every backend returns at run time."""
import inspect
from typing import get_type_hints

import pytest

import sigmax_exec as sx
from conftest import loaded_backends
from sigmax_exec import _native
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


def _public_signatures(cls):
    """{name: signature text} of a class's public methods and its constructor."""
    out = {}
    for name in dir(cls):
        if name.startswith("_") and name != "__init__":
            continue
        f = inspect.getattr_static(cls, name)
        if isinstance(f, (staticmethod, classmethod)):
            f = f.__func__
        if inspect.isfunction(f):
            out[name] = str(inspect.signature(f))
    return out


@pytest.mark.parametrize("cls", ["Engine", "Pipeline"])
def test_every_backend_has_the_public_methods_and_signatures_the_type_checkers_see(cls):
    # Type checkers see the native classes (sigmax_exec.ExecutionEngine and
    # Pipeline under TYPE_CHECKING); the import may select any backend, so
    # all must have the same public methods with the same signatures.
    reference = _public_signatures(getattr(_native, "Native" + cls))
    for module in loaded_backends():
        assert _public_signatures(getattr(module, cls)) == reference, module.__name__
