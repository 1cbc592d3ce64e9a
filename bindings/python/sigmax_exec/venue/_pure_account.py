"""One symbol's account on the local side of the pure-Python venue
(docs/venue.md, "Accounting"): cash balance, position, fees and the cost
basis of the open position, updated by each fill in the order the strategy
learns of it.

value(px, qty): linear qty * px * cs; inverse -(qty * cs / px), so that for
both contract types value grows with price. Every expression is the C++
core's, left to right in double, so both give the same bits.
"""
from __future__ import annotations

import math

from typing import Tuple

from ._pure_queue import c_div
from ._records import FeeKind


class Contract:
    """What a symbol's ticks and lots are worth (from the file's symbol table)."""

    __slots__ = ("tick_size", "lot_size", "contract_size", "inverse")

    def __init__(self, tick_size: float, lot_size: float, contract_size: float, inverse: bool) -> None:
        self.tick_size = float(tick_size)
        self.lot_size = float(lot_size)
        self.contract_size = float(contract_size)
        self.inverse = bool(inverse)

    def value(self, px: float, qty: float) -> float:
        if self.inverse:
            return -c_div(qty * self.contract_size, px)
        return qty * px * self.contract_size


class Fees:
    """A symbol's fee model: VALUE rate * |value|, QUANTITY rate * qty, FLAT rate per fill."""

    __slots__ = ("kind", "maker", "taker")

    def __init__(self, kind: int, maker: float, taker: float) -> None:
        self.kind, self.maker, self.taker = int(kind), float(maker), float(taker)

    def fee(self, c: Contract, price: int, lots: int, maker: bool) -> float:
        rate = self.maker if maker else self.taker
        if self.kind == FeeKind.QUANTITY:
            return rate * float(lots) * c.lot_size
        if self.kind == FeeKind.FLAT:
            return rate
        qty = float(lots) * c.lot_size
        px = float(price) * c.tick_size
        return rate * abs(c.value(px, qty))


StateTuple = Tuple[int, int, int, int, int, float, float, float, float, float, float, float, float, int, int, int]


class Account:
    """Balance, position, fees and cost basis of one symbol."""

    __slots__ = ("position", "volume", "trades", "maker_fills", "taker_fills", "balance", "fee", "realized",
                 "cost", "trading_value", "orders_submitted", "orders_filled", "book_events")

    def __init__(self) -> None:
        self.position = self.volume = self.trades = self.maker_fills = self.taker_fills = 0
        # Activity counters (sgx_venue_state): new orders sent, orders with a fill, book events received.
        self.orders_submitted = self.orders_filled = self.book_events = 0
        self.balance = self.fee = self.realized = self.cost = self.trading_value = 0.0

    def apply(self, c: Contract, side: int, price: int, lots: int, maker: bool, fee: float) -> None:
        """One fill (side 0 buy, 1 sell) whose fee is known."""
        buy = side == 0
        s = 1.0 if buy else -1.0
        qty = float(lots) * c.lot_size
        px = float(price) * c.tick_size
        v = c.value(px, qty)
        self.balance -= s * v
        self.fee += fee
        self.trades += 1
        self.volume += lots
        self.trading_value += abs(v)
        if maker:
            self.maker_fills += 1
        else:
            self.taker_fills += 1
        before = self.position
        if before == 0 or (before > 0) == buy:
            self.cost += s * v
        else:
            held = before if before > 0 else -before
            r = min(lots, held)
            r_qty = float(r) * c.lot_size
            removed = self.cost * float(r) / float(held)
            sign = 1.0 if before > 0 else -1.0
            self.realized += sign * c.value(px, r_qty) - removed
            self.cost -= removed
            if lots > held:
                rest_qty = float(lots - held) * c.lot_size
                self.cost = s * c.value(px, rest_qty)
        self.position = before + (lots if buy else -lots)
        if self.position == 0:
            self.cost = 0.0

    def state(self, c: Contract, mid: float) -> StateTuple:
        """The sgx_venue_state values in field order, at the local mid."""
        pos_qty = float(self.position) * c.lot_size
        pos_value = c.value(mid, pos_qty)
        avg = 0.0
        if self.position != 0:
            held = self.position if self.position > 0 else -self.position
            held_qty = float(held) * c.lot_size
            if c.inverse:
                avg = c_div(held_qty * c.contract_size, abs(self.cost))
            else:
                avg = c_div(abs(self.cost), held_qty * c.contract_size)
        if math.isnan(mid):  # no mid: the one quiet NaN for both, as the C++ core
            unrealized = equity = math.nan
        else:
            unrealized, equity = pos_value - self.cost, self.balance + pos_value - self.fee
        return (self.position, self.volume, self.trades, self.maker_fills, self.taker_fills, self.balance,
                self.fee, self.realized, unrealized, equity, avg, mid, self.trading_value, self.orders_submitted,
                self.orders_filled, self.book_events)
