"""The grid example (examples/python/venue_grid.py) as a sweep's run
function: ``run(path, **params)`` is the example's own run (the summary of
its recording), reached through a module the sweep's workers can import by
name (the example is loaded by path: examples/ is not a package)."""
from __future__ import annotations

from typing import Any, Dict

from example_modules import load_example


def load_grid() -> Any:
    """The example module, loaded by path once per process."""
    return load_example("venue_grid")


def run(path: str, **params: Any) -> Dict[str, Any]:
    return dict(load_grid().run(path, **params))
