"""Ticks and lots to prices and quantities in the symbol's units.

A tick of 1/N (N a whole number: 0.1, 0.01, 1e-8, 0.5...) converts by
dividing by N, which gives the decimal the feed printed (581234 ticks of 0.1
is 58123.4, where multiplying by 0.1 gives 58123.400000000001); any other
size converts by multiplying. Both are one float64 operation, so numpy
columns and single values get the same result.
"""
from __future__ import annotations

from typing import Any, Tuple


def scale_of(size: float) -> Tuple[bool, float]:
    """(divide, factor): value = units / factor if divide else units * factor."""
    if size > 0.0:
        n = round(1.0 / size)
        if n >= 1 and abs(n * size - 1.0) < 1e-12:
            return True, float(n)
    return False, float(size)


def to_value(units: Any, size: float) -> Any:
    """`units` ticks or lots (an int or a numpy array) in the symbol's units, as float64."""
    divide, factor = scale_of(size)
    return units / factor if divide else units * factor
