"""The tests' access to the example strategies of examples/python (scripts,
not a package): load_example("venue_grid") imports one by path, once per
process, registered in sys.modules under its own name (its dataclasses look
their module up, and forked or pickling workers find it there)."""
import importlib.util
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "python"


def load_example(name):
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return module
