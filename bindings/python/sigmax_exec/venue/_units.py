"""Prices and quantities in a symbol's units to the venue's ticks and lots,
for the float helpers of Venue (submit_buy_order, ...). One conversion for
every backend, so the cores only ever see integers.

The rule is the engine's (include/sigmax/price_scale.hpp, to_units): the
nearest whole number of increments, accepted within a relative tolerance of
1e-15 (absolute 1e-9) of the quotient, else OFF_TICK / OFF_LOT. A venue
price may be zero or negative (spreads, some futures); a quantity must be
positive.
"""
from __future__ import annotations

import math

from .. import _errors as E

_MAX_UNITS = 9007199254740992.0     # 2^53
_ALL_INTEGERS = 4503599627370496.0  # 2^52: from here on every double is an integer
_ABS_TOL = 1e-9
_REL_TOL = 1e-15


def _units(value: float, increment: float, off_grid: int) -> int:
    t = value / increment
    magnitude = abs(t)
    if not magnitude <= _MAX_UNITS:
        raise E.error_for(E.ERR_OUT_OF_RANGE, f"{value!r} is more than 2^53 increments of {increment!r}")
    n = t if magnitude >= _ALL_INTEGERS else float(math.floor(magnitude + 0.5)) * (1.0 if t >= 0 else -1.0)
    tolerance = max(_REL_TOL * magnitude, _ABS_TOL)
    if not abs(t - n) <= tolerance:
        raise E.error_for(off_grid, f"{value!r} is not a whole number of increments of {increment!r}")
    return int(n)


def price_ticks(price: float, tick_size: float) -> int:
    """`price` in ticks; InvalidOrderError (INVALID_PRICE) for NaN or inf, (OFF_TICK) off the grid."""
    p = float(price)
    if not math.isfinite(p):
        raise E.error_for(E.ERR_INVALID_PRICE, f"price {p!r} is not finite")
    return _units(p, tick_size, E.ERR_OFF_TICK)


def quantity_lots(quantity: float, lot_size: float) -> int:
    """`quantity` in lots; InvalidOrderError (INVALID_QUANTITY) unless finite and > 0, (OFF_LOT) off the grid."""
    q = float(quantity)
    if not (q > 0.0 and math.isfinite(q)):
        raise E.error_for(E.ERR_INVALID_QUANTITY, f"quantity {q!r} must be finite and positive")
    lots = _units(q, lot_size, E.ERR_OFF_LOT)
    if lots < 1:
        raise E.error_for(E.ERR_OFF_LOT, f"{q!r} is less than one lot of {lot_size!r}")
    return lots
