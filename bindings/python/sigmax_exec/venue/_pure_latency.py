"""The three order-latency models of the pure-Python venue (docs/venue.md,
"Latency models"), with the C++ core's arithmetic: doubles where it uses
doubles, truncation toward zero, int64 elsewhere.

entry(t): the latency of a request sent at local time t; response(t): of a
response the exchange sends at exchange time t. A negative entry rejects the
request before it reaches the exchange; the caller takes a negative response
as 0. The FEED model reads the local feed around the current time: the
latency (shifted local_ts - exch_ts) of the last local data event processed
and of the next one, which the scheduler computes (feed_latency).
"""
from __future__ import annotations

import math
from bisect import bisect_right
from typing import Callable, List

from ._config import LatencyModel
from ._records import LatencyKind


def interpolate(x: int, x1: int, y1: int, x2: int, y2: int) -> int:
    """trunc((double)(y2 - y1) / (double)(x2 - x1) * (double)(x - x1)) + y1."""
    return int(math.trunc(float(y2 - y1) / float(x2 - x1) * float(x - x1))) + y1


class Latency:
    """One venue's latency model, built from a validated LatencyModel."""

    def __init__(self, model: LatencyModel, feed_latency: Callable[[], float]) -> None:
        self.kind = int(model.kind)
        self.entry_ns = int(model.entry_ns)
        self.response_ns = int(model.response_ns)
        self.entry_mul = float(model.entry_mul)
        self.response_mul = float(model.response_mul)
        self.feed_latency = feed_latency  # FEED: the local feed's latency around the current time
        rows = model.rows
        self.req: List[int] = [r[0] for r in rows]
        self.exch: List[int] = [r[1] for r in rows]
        self.resp: List[int] = [r[2] for r in rows]
        processed = [r for r in rows if r[1] > 0]  # response() reads the rows the exchange processed
        self.p_exch: List[int] = [r[1] for r in processed]
        self.p_resp: List[int] = [r[2] for r in processed]

    def entry(self, t: int) -> int:
        if self.kind == LatencyKind.CONSTANT:
            return self.entry_ns
        if self.kind == LatencyKind.FEED:
            return int(math.trunc(float(self.entry_ns) + self.entry_mul * self.feed_latency()))
        req, exch, resp = self.req, self.exch, self.resp
        if t < req[0]:
            return self._row_entry(0)
        if t >= req[-1]:
            return self._row_entry(len(req) - 1)
        i = bisect_right(req, t)  # rows i - 1, i: the last row with req_ts <= t and the next
        a, b = i - 1, i
        if exch[a] <= 0 or exch[b] <= 0:  # the exchange rejected requests then
            return -interpolate(t, req[a], resp[a] - req[a], req[b], resp[b] - req[b])
        return interpolate(t, req[a], exch[a] - req[a], req[b], exch[b] - req[b])

    def _row_entry(self, i: int) -> int:
        """The entry latency one row gives: a refused row's is a rejection after its response time."""
        if self.exch[i] <= 0:
            return -(self.resp[i] - self.req[i])
        return self.exch[i] - self.req[i]

    def response(self, t: int) -> int:
        if self.kind == LatencyKind.CONSTANT:
            return self.response_ns
        if self.kind == LatencyKind.FEED:
            return int(math.trunc(float(self.response_ns) + self.response_mul * self.feed_latency()))
        exch, resp = self.p_exch, self.p_resp
        if t < exch[0]:
            return resp[0] - exch[0]
        if t >= exch[-1]:
            return resp[-1] - exch[-1]
        i = bisect_right(exch, t)
        a, b = i - 1, i
        return interpolate(t, exch[a], resp[a] - exch[a], exch[b], resp[b] - exch[b])
