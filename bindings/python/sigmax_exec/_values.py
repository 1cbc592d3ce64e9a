"""Ticks and lots back to prices and quantities, exact in decimal.

The rule of include/sigmax/price_scale.hpp (DecimalForm), operation for
operation, so every backend returns the same doubles: an increment that is the
double nearest m * 10^-k (0.01, 0.25, 1e-8, 5) has the decimal form
(m, 10^k) with k the smallest in 0..15 and 1 <= m <= 2^53, and

    value = (float(units) * m) / 10^k

While units * m <= 2^53 the product is exact and the division correctly
rounded, so the value is the double nearest the decimal (9957 ticks of 0.01
give 99.57, where 9957 * 0.01 gives 99.57000000000001). An increment with no
such form (1/3) has the form (increment, 1.0): value = units * increment.

to_value works on an int, a float (an average price in ticks) or a numpy
array of either: numpy's elementwise float64 product and division are the
same IEEE operations, so columns and single values agree.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Tuple

_MAX_UNITS = 9007199254740992.0  # 2^53


@lru_cache(maxsize=256)
def decimal_form(increment: float) -> Tuple[float, float]:
    """(multiplier, divisor) of a positive increment; value = units * multiplier / divisor."""
    divisor = 1.0
    for _ in range(16):
        x = increment * divisor + 0.5
        if x >= 1.0 and x <= _MAX_UNITS:  # m = floor(x) in 1..2^53 (false for NaN and inf)
            m = float(int(x))
            if m / divisor == increment:
                return m, divisor
        divisor *= 10.0
    return float(increment), 1.0


def to_value(units: Any, increment: float) -> Any:
    """`units` ticks or lots (int, float or numpy array) in the increment's unit, as float64."""
    m, p = decimal_form(increment)
    return units * m / p
