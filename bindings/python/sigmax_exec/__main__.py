"""python -m sigmax_exec {bench,plot,plot-backtest,info}"""
from __future__ import annotations

import argparse
import sys
from typing import Any, Callable, List, Optional

from . import BACKEND, LIBRARY_PATH, __version__, available_backends
from . import _bench, _plot

try:  # the backtest plot needs numpy, which the engine alone does not
    from .backtest import _plot as _backtest_plot
    add_backtest_parser: Optional[Callable[[Any], None]] = _backtest_plot.add_parser
except ImportError:  # pragma: no cover - exercised on machines without numpy
    add_backtest_parser = None


def info(_: argparse.Namespace) -> int:
    print(f"sigmax_exec {__version__}: backend {BACKEND}, library {LIBRARY_PATH or '-'}, "
          f"available {', '.join(available_backends())}")
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sigmax_exec")
    sub = parser.add_subparsers(dest="command", required=True)
    _bench.add_parser(sub)
    _plot.add_parser(sub)
    if add_backtest_parser is not None:
        add_backtest_parser(sub)
    p = sub.add_parser("info", help="which backend and library this import uses")
    p.set_defaults(func=info)
    args = parser.parse_args(argv)
    status: int = args.func(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
