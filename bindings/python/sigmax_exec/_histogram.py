"""The engine's log-linear latency histogram, in Python (see
include/sigmax/latency_histogram.hpp): exact below 64 ns, then 64 buckets per
power of two; percentiles report bucket midpoints."""
from __future__ import annotations

from typing import List

SUB_BITS = 6
SUB = 1 << SUB_BITS
MAX_EXPONENT = 40
BUCKETS = SUB + (MAX_EXPONENT - SUB_BITS) * SUB


def bucket_of(v: int) -> int:
    if v < SUB:
        return v
    e = v.bit_length() - 1
    if e >= MAX_EXPONENT:
        return BUCKETS - 1
    return SUB + (e - SUB_BITS) * SUB + ((v >> (e - SUB_BITS)) - SUB)


def bucket_low(b: int) -> int:
    if b < SUB:
        return b
    k = b - SUB
    e = k // SUB + SUB_BITS
    return (SUB + k % SUB) << (e - SUB_BITS)


def bucket_width(b: int) -> int:
    if b < SUB:
        return 1
    return 1 << ((b - SUB) // SUB)


class Histogram:
    """Counts per bucket: a sample v adds one to `counts[bucket_of(v)]`. The
    number of samples is the owner's to keep (the pure engine: one per timed
    order), so that recording one is a single list increment."""

    __slots__ = ("counts",)

    def __init__(self) -> None:
        self.counts: List[int] = [0] * BUCKETS

    def percentile(self, q: float, total: int) -> int:
        """The bucket midpoint of the ceil(q * total)-th smallest of `total` samples."""
        if total == 0:
            return 0
        q = min(max(q, 0.0), 1.0)
        rank = max(1, -int(-(q * total) // 1))
        seen = 0
        for b, c in enumerate(self.counts):
            seen += c
            if seen >= rank:
                return bucket_low(b) + bucket_width(b) // 2
        return bucket_low(BUCKETS - 1)
