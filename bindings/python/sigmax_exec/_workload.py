"""The deterministic order flow of `sigmax-exec bench`, event for event
(examples/cli/workload.cpp): splitmix64, per-symbol random-walking mid,
20% cancels of passive orders, 10% market orders, 70% limit orders."""
from __future__ import annotations

from typing import Any, Iterator, List, Tuple

_M = (1 << 64) - 1
TICK = 0.01
LOT = 0.01


class SplitMix64:
    __slots__ = ("state",)

    def __init__(self, seed: int) -> None:
        self.state = seed & _M

    def next(self) -> int:
        self.state = (self.state + 0x9E3779B97F4A7C15) & _M
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M
        return z ^ (z >> 31)

    def below(self, n: int) -> int:
        return self.next() % n


# An event: ("new", symbol, side, type, price, quantity, tif) or ("cancel", order_id)
Event = Tuple[Any, ...]


def generate(events: int, symbols: int = 4, seed: int = 1) -> List[Event]:
    """The default workload (not the deep one)."""
    rng = SplitMix64(seed)
    mid = [10000 + 100 * s for s in range(symbols)]
    passive: List[int] = []
    next_id = 1
    out: List[Event] = []
    for i in range(events):
        sym = rng.below(symbols)
        if i % 8 == 0:
            mid[sym] += rng.below(3) - 1
        roll = rng.below(100)
        if roll < 20 and passive:
            k = rng.below(len(passive))
            oid = passive[k]
            passive[k] = passive[-1]
            passive.pop()
            out.append(("cancel", oid))
            continue
        side = 0 if rng.below(2) == 0 else 1
        lots = 100 * (1 + rng.below(10))
        if roll < 30:
            out.append(("new", sym, side, 1, 0.0, lots * LOT, 1))
            next_id += 1
            continue
        t = rng.below(100)
        tif = 0 if t < 85 else 1 if t < 90 else 2 if t < 95 else 3
        offset = rng.below(10)
        ticks = mid[sym] + 2 - offset if side == 0 else mid[sym] - 2 + offset
        out.append(("new", sym, side, 0, ticks * TICK, lots * LOT, tif))
        if (tif == 0 or tif == 3) and offset >= 3:
            passive.append(next_id)
        next_id += 1
    return out


def orders_only(events: List[Event]) -> Iterator[Tuple[Any, ...]]:
    """The new-order events as (symbol, side, type, price, quantity, tif) tuples."""
    for e in events:
        if e[0] == "new":
            yield e[1:]
