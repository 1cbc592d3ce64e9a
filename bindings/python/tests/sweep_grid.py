"""The grid example (examples/python/venue_grid.py) as a sweep's run
function, and short slices of the shared recording for sweep tests.

``run(path, **params)`` is the example's own ``run`` when it has one (the
summary of its recording); until then the stand-in below runs the example's
``run_grid`` with its module constants set from the params and returns the
run's figures. Both are deterministic functions of (file, params), which is
all a sweep test needs."""
from __future__ import annotations

import dataclasses
import gzip
import importlib.util
import itertools
import os
import sys
from pathlib import Path
from typing import Any, Dict, List

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "python" / "venue_grid.py"
# shared/ beside the repository (or beside the directory of git worktrees holding it)
SHARED = next((p for p in (d / "shared" / "data" / "binance-usdm" / "btcusdt_20240808.gz"
                           for d in (ROOT.parent, ROOT.parent.parent)) if p.exists()), None)

# The stand-in's params and the example's module constants they set.
_CONSTANTS = {"levels": "GRID_LEVELS", "spacing": "GRID_INTERVAL", "half_spread": "HALF_SPREAD", "lots": "ORDER_LOTS",
              "max_position": "MAX_POSITION", "interval_ns": "STEP_NS"}


def load_grid() -> Any:
    """The example module, loaded by path once per process (examples/ is not a package)."""
    module = sys.modules.get("venue_grid")
    if module is None:
        spec = importlib.util.spec_from_file_location("venue_grid", EXAMPLE)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["venue_grid"] = module
        spec.loader.exec_module(module)
    return module


def run(path: str, backend: Any = None, **params: Any) -> Dict[str, Any]:
    grid = load_grid()
    if hasattr(grid, "run"):
        return dict(grid.run(path, backend=backend, **params))
    defaults = {name: getattr(grid, constant) for name, constant in _CONSTANTS.items()}
    unknown = sorted(set(params) - set(defaults))
    if unknown:
        raise TypeError(f"grid: unknown params {unknown}")
    for name, value in {**defaults, **params}.items():
        setattr(grid, _CONSTANTS[name], value)
    try:
        with grid.Venue(path, grid.grid_config(), backend=backend) as v:
            return dataclasses.asdict(grid.run_grid(v))
    finally:
        for name, value in defaults.items():
            setattr(grid, _CONSTANTS[name], value)


def shared_slices(directory: Path, seconds: List[float], lines: int = 12_000) -> List[str]:
    """Event files of the shared recording's first `seconds` each (local
    time from its first event), converted once from its first `lines` lines
    (about 47 s) with the contract's 0.1 tick."""
    import sigmax_exec.market as md

    if SHARED is None:
        import pytest
        pytest.skip("shared/ is not beside the repository")
    head, whole = directory / "head.txt", directory / "head.sgxmd"
    with gzip.open(SHARED, "rb") as f, open(head, "wb") as out:
        out.writelines(itertools.islice(f, lines))
    md.convert([str(head)], str(whole), "binance", tick_size=0.1)
    paths = []
    with md.EventFile(str(whole)) as f:
        start = int(f.events["local_ts"][0])
        for s in seconds:
            path = directory / f"first_{s:g}s.sgxmd"
            with md.EventFileWriter(str(path)) as w:
                for symbol in f.symbols:
                    w.add_symbol(symbol)
                w.write(f.between(start, start + int(s * 1e9)))
            paths.append(os.fspath(path))
    return paths
