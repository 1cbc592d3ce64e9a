"""A grid market maker on the simulated venue (the grid strategy of
hftbacktest's tutorial, in our own words): every 100 ms it keeps 20 post-only
buy orders below the mid and 20 sell orders above it, 10 ticks apart and at
least 20 ticks from the mid, cancels the orders that left the grid, and
stops adding to a side once the position reaches 5 units that way. An
order's id is its price in ticks, so the grid knows which prices it holds.

usage: PYTHONPATH=bindings/python python3 examples/python/venue_grid.py EVENT_FILE [--backend cffi|ctypes|python]

The event file is one the package wrote (sigmax_exec.market.convert, or
`sigmax-exec convert`); its first symbol is traded. Constant latency 10 ms
each way, power(2) queue, no partial fills, maker fee -0.005%, taker 0.07%.
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any, Dict, Optional

from sigmax_exec.venue import (BUY, GTX, LIMIT, SELL, FeeModel, FillModel, LatencyModel, QueueModel, SymbolConfig,
                               Venue, VenueConfig)

GRID_LEVELS = 20          # orders a side
GRID_INTERVAL = 10        # ticks between two orders
HALF_SPREAD = 20          # ticks from the mid to the nearest order (at least)
ORDER_LOTS = 100          # 0.1 of a 0.001 lot
MAX_POSITION = 5.0        # units: no more buying above +5, no more selling below -5
STEP_NS = 100_000_000     # 100 ms
OPEN = (1, 2)             # SGX_VORD_NEW, SGX_VORD_PARTIALLY_FILLED


def grid_config() -> VenueConfig:
    return VenueConfig(latency=LatencyModel.constant(10_000_000, 10_000_000),
                       defaults=SymbolConfig(queue=QueueModel.power(2.0), fill=FillModel.NO_PARTIAL,
                                             fee=FeeModel.value(-0.00005, 0.0007)))


@dataclass
class GridResult:
    steps: int = 0
    submitted: int = 0
    cancelled: int = 0
    fills: int = 0
    position: float = 0.0
    fee: float = 0.0
    balance: float = 0.0
    equity: float = 0.0
    realized_pnl: float = 0.0
    volume: float = 0.0


def grid_step(v: Venue, symbol: int, max_lots: int) -> Optional[tuple]:
    """One pass of the strategy at the current time: (submitted, cancelled),
    or None while a side of the book is empty."""
    v.clear_inactive_orders(symbol)
    q = v.quote(symbol)
    bid, ask = q.bid_price_ticks, q.ask_price_ticks
    if bid is None or ask is None:
        return None
    position = int(v.state(symbol).position)
    twice_mid = bid + ask
    # The grid's nearest prices: floor((mid - half) / interval) and ceil((mid + half) / interval), in whole intervals.
    top_bid = (twice_mid - 2 * HALF_SPREAD) // (2 * GRID_INTERVAL) * GRID_INTERVAL
    low_ask = -(-(twice_mid + 2 * HALF_SPREAD) // (2 * GRID_INTERVAL)) * GRID_INTERVAL
    bids = [top_bid - i * GRID_INTERVAL for i in range(GRID_LEVELS)] if position < max_lots else []
    asks = [low_ask + i * GRID_INTERVAL for i in range(GRID_LEVELS)] if position > -max_lots else []
    want_bids, want_asks = set(bids), set(asks)
    orders = v.orders_array(symbol)
    held = set(orders["order_id"].tolist())
    cancelled = submitted = 0
    for oid, side, status, request in zip(orders["order_id"].tolist(), orders["side"].tolist(),
                                          orders["status"].tolist(), orders["request"].tolist()):
        if status in OPEN and request == 0 and oid not in (want_bids if side == BUY else want_asks):
            v.cancel(symbol, oid)
            cancelled += 1
    for price in bids:
        if price not in held:
            v.submit(symbol, price, BUY, price, ORDER_LOTS, LIMIT, GTX)
            submitted += 1
    for price in asks:
        if price not in held:
            v.submit(symbol, price, SELL, price, ORDER_LOTS, LIMIT, GTX)
            submitted += 1
    return submitted, cancelled


def run_grid(v: Venue, symbol: Any = None, on_step: Any = None) -> GridResult:
    """Runs the grid over the whole file; on_step(v) after each step, if given."""
    sid = v.symbols[0].id if symbol is None else v.symbol_id(symbol)
    max_lots = round(MAX_POSITION / v.lot_size(sid))
    r = GridResult()
    while v.elapse(STEP_NS) == 0:
        r.steps += 1
        done = grid_step(v, sid, max_lots)
        if done is not None:
            r.submitted += done[0]
            r.cancelled += done[1]
        if on_step is not None:
            on_step(v)
    s = v.state(sid)
    lot = v.lot_size(sid)
    r.fills = int(s.trades)
    r.position = v.position(sid)
    r.fee, r.balance, r.equity, r.realized_pnl = s.fee, s.balance, s.equity, s.realized_pnl
    r.volume = s.volume * lot
    return r


def main(argv: Any = None) -> Dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("event_file")
    ap.add_argument("--backend", default=None, help="cffi, ctypes or python (default: the package's)")
    args = ap.parse_args(argv)
    with Venue(args.event_file, grid_config(), backend=args.backend) as v:
        symbol = v.symbols[0]
        r = run_grid(v)
        fills = v.fills()
        print(f"{symbol.name} on {v.backend}: {r.steps} steps of 100 ms, local clock shifted by "
              f"{v.local_shift / 1e9:.3f} s")
        print(f"orders: {r.submitted} submitted, {r.cancelled} cancelled; fills: {len(fills)} "
              f"({int(fills['maker'].sum())} maker)")
        for f in fills[:5]:
            side = "buy " if f["side"] == BUY else "sell"
            print(f"  fill {side} {int(f['quantity']) * symbol.lot_size:g} at {int(f['price']) * symbol.tick_size:.2f} "
                  f"(order {int(f['order_id'])}, fee {float(f['fee']):.6f})")
        if len(fills) > 5:
            print(f"  ... {len(fills) - 5} more")
        print(f"position {r.position:g}, volume {r.volume:g}, fees {r.fee:.4f}, realized {r.realized_pnl:.4f}, "
              f"equity {r.equity:.4f}")
        return {"result": r, "fills": len(fills)}


if __name__ == "__main__":
    main()
