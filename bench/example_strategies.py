"""The benches' access to the example strategies of examples/python (which
are scripts, not an installed package): load_example("venue_grid") imports
one by path, once, under its own name."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "python"


def load_example(name: str) -> Any:
    """The module examples/python/<name>.py (registered in sys.modules, so a forked or pickling worker finds it)."""
    module = sys.modules.get(name)
    if module is not None:
        return module
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load_grid() -> Any:
    """examples/python/venue_grid.py."""
    return load_example("venue_grid")
