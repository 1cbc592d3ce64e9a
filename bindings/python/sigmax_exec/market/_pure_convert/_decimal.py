"""Exact decimal numbers for the text feeds (src/market/decimal.cpp, rule for
rule): "123.4500" is kept as the integer 1234500 and the exponent -4, never
through a float, so putting it on a decimal grid of ticks or lots is exact
or refused."""
from __future__ import annotations

import re
from decimal import Decimal as _PyDecimal
from typing import Dict, NamedTuple, Optional, Union

_MAX_DIGITS = 18  # significant digits a mantissa keeps (10^18 < 2^63)
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1

# [-+]digits[.digits][e[+][-]digits]: the shapes parse_decimal() can accept
# (its other rules, the digit count and the exponent range, are checked after).
_SHAPE = re.compile(rb"([-+]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]\+?(-?[0-9]+))?")


class Decimal(NamedTuple):
    """value = mantissa * 10^exponent; `printed_decimals`: the digits written
    after the point ("0.100" -> 3), a feed's printed precision."""
    mantissa: int
    exponent: int
    printed_decimals: int

    def decimals(self) -> int:
        """Decimals the value needs, trailing zeros dropped ("0.10" -> 1, "100" -> 0)."""
        return -self.exponent if self.exponent < 0 else 0


ZERO = Decimal(0, 0, 0)


class Grid(NamedTuple):
    """A grid step written as a decimal: step = units * 10^-decimals (units > 0)."""
    units: int
    decimals: int


_cache: Dict[bytes, Optional[Decimal]] = {}


def parse_decimal(text: Union[bytes, str]) -> Optional[Decimal]:
    """The exact value of [-+]digits[.digits][e[-+]digits]; None on anything
    else, on an empty text or when the digits do not fit 18 significant digits.
    Trailing zeros of the fraction are dropped ("1.50" == 15e-1). Results are
    cached by text: a feed repeats its prices and quantities."""
    raw = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text
    try:
        return _cache[raw]
    except KeyError:
        pass
    value = _parse(raw)
    if len(_cache) >= 1 << 20:
        _cache.clear()
    _cache[raw] = value
    return value


def _parse(raw: bytes) -> Optional[Decimal]:
    m = _SHAPE.fullmatch(raw)
    if m is None:
        return None
    sign, whole, fraction, exp = m.group(1), m.group(2), m.group(3) or b"", m.group(4)
    digits = whole + fraction
    if not digits:
        return None  # no digit seen: "", "-", ".", "e5"
    significant = digits.lstrip(b"0")
    if len(significant) > _MAX_DIGITS:
        return None
    mantissa = int(significant) if significant else 0
    exponent = -len(fraction)
    if exp is not None:
        negative = exp.startswith(b"-")
        magnitude = exp.lstrip(b"-").lstrip(b"0") or b"0"
        if len(magnitude) > 3 or int(magnitude) > 400:
            return None  # |e| > 400 (std::from_chars' int range is wider than that)
        exponent += -int(magnitude) if negative else int(magnitude)
    while mantissa != 0 and mantissa % 10 == 0 and exponent < 0:
        mantissa //= 10
        exponent += 1
    if mantissa == 0:
        exponent = 0
    return Decimal(-mantissa if sign == b"-" else mantissa, exponent, len(fraction))


def grid_of_decimals(decimals: int) -> Grid:
    """The grid 10^-decimals (what "the most decimals printed" infers)."""
    return Grid(1, decimals)


def grid_from_double(step: float) -> Optional[Grid]:
    """The exact decimal form of a positive float given as an option, from its
    shortest round-trip digits in fixed notation (0.1 -> 1e-1, 0.25 -> 25e-2,
    what std::to_chars writes); None if not positive, not finite or not
    representable in 18 significant digits."""
    if not step > 0.0 or step == float("inf"):
        return None
    fixed = format(_PyDecimal(repr(float(step))), "f")
    d = parse_decimal(fixed.encode())
    if d is None or d.mantissa <= 0:
        return None
    if d.exponent > 0:  # an integer step with trailing zeros: 100 -> 100e0
        units = d.mantissa * 10 ** d.exponent
        if units > INT64_MAX:
            return None
        return Grid(units, 0)
    return Grid(d.mantissa, -d.exponent)


def to_steps(value: Decimal, grid: Grid) -> Optional[int]:
    """value / step as an integer; None if the value is off the grid or the
    quotient does not fit int64."""
    if value.mantissa == 0:
        return 0
    shift = value.exponent + grid.decimals
    if shift > 19 or shift < -19:
        return None  # beyond int64 either way, or below one step
    numerator, denominator = value.mantissa, grid.units
    if shift >= 0:
        numerator *= 10 ** shift
    else:
        denominator *= 10 ** -shift
    if numerator % denominator:
        return None
    q = numerator // denominator  # exact: the sign of a C++ division does not matter here
    if q > INT64_MAX or q < INT64_MIN:
        return None
    return q


def grid_value(grid: Grid) -> float:
    """units * 10^-decimals as the correctly rounded float (the symbol table's tick or lot size)."""
    return float(f"{grid.units}e-{grid.decimals}")


def to_string(value: Union[Decimal, Grid]) -> str:
    """The decimal text of a value or a grid step ("61800.2"), for error messages."""
    mantissa, exponent = (value.units, -value.decimals) if isinstance(value, Grid) else (value.mantissa,
                                                                                        value.exponent)
    digits = str(abs(mantissa)) + ("0" * exponent if exponent > 0 else "")
    sign = "-" if mantissa < 0 else ""
    if exponent >= 0:
        return sign + digits
    frac = -exponent
    padded = digits if len(digits) > frac else "0" * (frac - len(digits) + 1) + digits
    return sign + padded[:-frac] + "." + padded[-frac:]
