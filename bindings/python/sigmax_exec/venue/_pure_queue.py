"""Queue-position models of the pure-Python venue (docs/venue.md, "Queue
models"): an estimate of the lots ahead of a user's resting order (front),
moved by trades at its price and by changes of its level's lots.

The arithmetic is the C++ core's, operation for operation: pow(x, n) and
log(1 + x) as written, left to right. Python raises where C returns inf or
NaN (a negative base to a fractional power, log of 0, division by 0,
overflow), so those operations go through helpers with C's IEEE results.
"""
from __future__ import annotations

import math

from ._records import QueueKind

_INF = math.inf
_NAN = math.nan


def c_pow(x: float, n: float) -> float:
    """std::pow(x, n) for n > 0."""
    try:
        return math.pow(x, n)
    except ValueError:   # a negative x to a fractional n
        return _NAN
    except OverflowError:
        odd = n == math.floor(n) and int(n) % 2 == 1
        return -_INF if odd and x < 0 else _INF


def c_log(x: float) -> float:
    """std::log(x): -inf at 0, NaN below."""
    if x > 0 or x != x:
        return math.log(x)
    return -_INF if x == 0 else _NAN


def c_div(a: float, b: float) -> float:
    """a / b with IEEE division by zero."""
    if b != 0:
        return a / b
    if a != a or a == 0:
        return _NAN
    return math.copysign(_INF, a) * math.copysign(1.0, b)


def probability(kind: int, n: float, a: float, b: float) -> float:
    """f(front = a, back = b): the probability that a level decrease comes from behind the order."""
    if kind == QueueKind.POWER:
        return c_div(c_pow(b, n), c_pow(b, n) + c_pow(a, n))
    if kind == QueueKind.POWER2:
        return c_div(c_pow(b, n), c_pow(b + a, n))
    if kind == QueueKind.POWER3:
        return 1.0 - c_pow(c_div(a, a + b), n)
    if kind == QueueKind.LOG:
        return c_div(c_log(1.0 + b), c_log(1.0 + b) + c_log(1.0 + a))
    return c_div(c_log(1.0 + b), c_log(1.0 + b + a))  # LOG2


class QueueState:
    """The exchange's estimate for one resting order: front (lots ahead) and,
    for the probability models, the lots traded at its price since the last
    level change."""

    __slots__ = ("front", "cum_trade")

    def __init__(self) -> None:
        self.front = 0.0
        self.cum_trade = 0.0


def on_trade(kind: int, q: QueueState, lots: int) -> None:
    """A trade of `lots` at the order's price hitting its side."""
    q.front -= float(lots)
    if kind != QueueKind.RISK_AVERSE:
        q.cum_trade += float(lots)


def on_depth(kind: int, n: float, q: QueueState, prev: int, new: int) -> None:
    """The lots of the order's level changed from prev to new."""
    new_lots = float(new)
    if kind == QueueKind.RISK_AVERSE:
        q.front = min(q.front, new_lots)
        return
    chg = float(prev - new) - q.cum_trade
    q.cum_trade = 0.0
    if chg < 0.0:
        q.front = min(q.front, new_lots)
        return
    front = q.front
    back = float(prev) - front
    p = probability(kind, n, front, back)
    if p != p or p in (_INF, -_INF):
        p = 1.0
    est = front - (1.0 - p) * chg + min(back - p * chg, 0.0)
    q.front = min(est, new_lots)


def filled_lots(q: QueueState) -> int:
    """Lots the queue has let through: floor(-front) once front <= -0.5, else 0."""
    if q.front <= -0.5:
        return int(math.floor(-q.front))
    return 0
