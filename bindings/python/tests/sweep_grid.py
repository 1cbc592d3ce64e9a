"""The grid example (examples/python/venue_grid.py) as a sweep's run
function: ``run(path, **params)`` is the example's own run (the summary of
its recording), reached through a module the sweep's workers can import by
name (the example is loaded by path: examples/ is not a package)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any, Dict

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "python" / "venue_grid.py"


def load_grid() -> Any:
    """The example module, loaded by path once per process."""
    module = sys.modules.get("venue_grid")
    if module is None:
        spec = importlib.util.spec_from_file_location("venue_grid", EXAMPLE)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["venue_grid"] = module
        spec.loader.exec_module(module)
    return module


def run(path: str, **params: Any) -> Dict[str, Any]:
    return dict(load_grid().run(path, **params))
