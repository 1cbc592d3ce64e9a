"""Binance's rules for keeping a local book from a REST snapshot plus the
diff depth stream, applied to a recording, for one symbol
(src/market/binance_depth_sync.cpp, rule for rule; its header states them).

Futures (diffs carry pu): drop u < L; the first applied diff has
U <= L <= u; then each pu equals the previous u. Spot: drop u <= L; the
first has U <= L+1 <= u; then U <= previous u + 1. A broken chain is
applied and reported as a gap. The most recent 2048 diffs are kept in a
ring, to be replayed after a snapshot that arrives after them.
"""
from __future__ import annotations

from typing import List, Tuple

HOLD, DROP, APPLY, APPLY_AFTER_GAP = range(4)

DepthLevel = Tuple[int, int, int]  # side, price (ticks), quantity (lots)


class DepthUpdate:
    """One depthUpdate on the symbol's grid (a ring slot, reused)."""
    __slots__ = ("first_id", "last_id", "previous_id", "has_previous_id", "exch_ts", "local_ts", "time_flags",
                 "levels", "applied")

    def __init__(self) -> None:
        self.first_id = self.last_id = self.previous_id = 0
        self.has_previous_id = False
        self.exch_ts = self.local_ts = 0
        self.time_flags = 0
        self.levels: List[DepthLevel] = []  # bids then asks, in message order
        self.applied = False                # applied at least once


class DepthSync:
    _NO_SNAPSHOT, _AWAITING_FIRST, _SYNCED = range(3)

    def __init__(self, ring_capacity: int = 2048) -> None:
        self._capacity = max(ring_capacity, 1)
        self._ring: List[DepthUpdate] = []
        self._head = 0
        self._count = 0
        self._phase = self._NO_SNAPSHOT
        self._chain_id = 0  # the snapshot's id (awaiting the first diff) or the last applied u

    def next_slot(self) -> Tuple[DepthUpdate, int]:
        """The slot for the next diff, and 1 if making room evicted a diff never applied."""
        evicted = 0
        if self._count == self._capacity:
            if not self._ring[self._head].applied:
                evicted = 1
            self._head = (self._head + 1) % self._capacity
            self._count -= 1
        index = (self._head + self._count) % self._capacity
        if index == len(self._ring):
            self._ring.append(DepthUpdate())
        slot = self._ring[index]
        self._count += 1
        slot.levels = []
        slot.applied = False
        slot.has_previous_id = False
        slot.time_flags = 0
        return slot, evicted

    def on_update(self, d: DepthUpdate) -> int:
        """The verdict on the diff just written to next_slot() (advances the chain)."""
        futures = d.has_previous_id
        if self._phase == self._NO_SNAPSHOT:
            return HOLD
        if self._phase == self._AWAITING_FIRST:
            snapshot_id = self._chain_id
            if (d.last_id < snapshot_id) if futures else (d.last_id <= snapshot_id):
                return DROP
            covers = d.first_id <= snapshot_id if futures else d.first_id <= snapshot_id + 1
            self._phase = self._SYNCED
            self._chain_id = d.last_id
            d.applied = True
            return APPLY if covers else APPLY_AFTER_GAP
        if d.last_id <= self._chain_id:
            return DROP
        continues = d.previous_id == self._chain_id if futures else d.first_id <= self._chain_id + 1
        self._chain_id = d.last_id
        d.applied = True
        return APPLY if continues else APPLY_AFTER_GAP

    def on_snapshot(self, snapshot_id: int) -> None:
        """A snapshot with lastUpdateId `snapshot_id` replaced the book: the chain restarts."""
        self._phase = self._AWAITING_FIRST
        self._chain_id = snapshot_id

    def held(self) -> List[DepthUpdate]:
        """The diffs in the ring, oldest first (to replay after a snapshot)."""
        return [self._ring[(self._head + i) % self._capacity] for i in range(self._count)]

    def unapplied_in_ring(self) -> int:
        return sum(1 for d in self.held() if not d.applied)
