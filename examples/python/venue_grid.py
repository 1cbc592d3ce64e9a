"""A grid market maker on the simulated venue (the grid strategy of
hftbacktest's tutorial, in our own words), loop style: every interval it
keeps `levels` post-only buy orders below the mid and `levels` sell orders
above it, `spacing` ticks apart and at least `half_spread` ticks from the
mid, cancels the orders that left the grid, and stops adding to a side once
the position reaches `max_position` units that way. An order's id is its
price in ticks, so the grid knows which prices it holds.

usage: PYTHONPATH=bindings/python python3 examples/python/venue_grid.py EVENT_FILE
           [--backend cffi|ctypes|python] [--param k=v ...] [--symbol NAME] [--json] [--plot OUT.png]

Params (--param): levels 20, spacing 10 (ticks), half_spread 20 (ticks),
lots 100, max_position 5 (units), interval_ns 100000000; the venue's
entry_latency_ns, response_latency_ns (10 ms each), maker_fee -0.00005 and
taker_fee 0.0007 (fractions of the fill's value). Power(2) queue, no partial
fills. The event file is one the package wrote (sigmax_exec.market.convert,
or `sigmax-exec convert`); its first symbol is traded unless --symbol says.
It prints the orders, fills, position, fees, equity and the summary of the
recording (a sample after every step, and one at the end of the file).
`run(path, **params)` returns that summary (for sweeps and tests).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Optional, Tuple

from sigmax_exec.venue import (BUY, GTX, LIMIT, SELL, FeeModel, FillModel, LatencyModel, QueueModel, SymbolConfig,
                               Venue, VenueConfig)

PARAMS: Dict[str, Any] = {"levels": 20, "spacing": 10, "half_spread": 20, "lots": 100, "max_position": 5.0,
                          "interval_ns": 100_000_000}
VENUE_PARAMS: Dict[str, Any] = {"entry_latency_ns": 10_000_000, "response_latency_ns": 10_000_000,
                                "maker_fee": -0.00005, "taker_fee": 0.0007}
OPEN = (1, 2)             # SGX_VORD_NEW, SGX_VORD_PARTIALLY_FILLED
# The defaults under their earlier names (benches and tests import them).
GRID_LEVELS, GRID_INTERVAL, HALF_SPREAD = PARAMS["levels"], PARAMS["spacing"], PARAMS["half_spread"]
ORDER_LOTS, MAX_POSITION, STEP_NS = PARAMS["lots"], PARAMS["max_position"], PARAMS["interval_ns"]


def grid_config(entry_latency_ns: int = 10_000_000, response_latency_ns: int = 10_000_000,
                maker_fee: float = -0.00005, taker_fee: float = 0.0007) -> VenueConfig:
    """The examples' venue: constant latency each way, power(2) queue, no partial fills, fees on the fill's value."""
    return VenueConfig(latency=LatencyModel.constant(int(entry_latency_ns), int(response_latency_ns)),
                       defaults=SymbolConfig(queue=QueueModel.power(2.0), fill=FillModel.NO_PARTIAL,
                                             fee=FeeModel.value(float(maker_fee), float(taker_fee))))


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


def grid_step(v: Venue, symbol: int, max_lots: int, levels: int = 20, spacing: int = 10, half_spread: int = 20,
              lots: int = 100) -> Optional[Tuple[int, int]]:
    """One pass of the strategy at the current time: (submitted, cancelled),
    or None while a side of the book is empty."""
    v.clear_inactive_orders(symbol)
    q = v.quote(symbol)
    bid, ask = q.bid_price_ticks, q.ask_price_ticks
    if bid is None or ask is None:
        return None
    position = int(v.state(symbol).position)
    twice_mid = bid + ask
    # The grid's nearest prices: floor((mid - half) / spacing) and ceil((mid + half) / spacing), in whole spacings.
    top_bid = (twice_mid - 2 * half_spread) // (2 * spacing) * spacing
    low_ask = -(-(twice_mid + 2 * half_spread) // (2 * spacing)) * spacing
    bids = [top_bid - i * spacing for i in range(levels)] if position < max_lots else []
    asks = [low_ask + i * spacing for i in range(levels)] if position > -max_lots else []
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
            v.submit(symbol, price, BUY, price, lots, LIMIT, GTX)
            submitted += 1
    for price in asks:
        if price not in held:
            v.submit(symbol, price, SELL, price, lots, LIMIT, GTX)
            submitted += 1
    return submitted, cancelled


def run_grid(v: Venue, symbol: Any = None, on_step: Optional[Callable[[Venue], None]] = None, recorder: Any = None,
             **params: Any) -> GridResult:
    """Runs the grid over the whole file (params: PARAMS' keys); on_step(v)
    after each step and recorder.record(v) after each step, if given, and
    recorder.sample(v) once the file has ended (unless it has just sampled)."""
    p = {**PARAMS, **params}
    sid = v.symbols[0].id if symbol is None else v.symbol_id(symbol)
    max_lots = round(float(p["max_position"]) / v.lot_size(sid))
    levels, spacing, half_spread, lots = int(p["levels"]), int(p["spacing"]), int(p["half_spread"]), int(p["lots"])
    interval = int(p["interval_ns"])
    record = None if recorder is None else recorder.record
    sampled = None            # the local time of the last sample
    r = GridResult()
    while v.elapse(interval) == 0:
        r.steps += 1
        done = grid_step(v, sid, max_lots, levels, spacing, half_spread, lots)
        if done is not None:
            r.submitted += done[0]
            r.cancelled += done[1]
        if on_step is not None:
            on_step(v)
        if record is not None and record(v):
            sampled = v.current_timestamp
    if recorder is not None and sampled != v.current_timestamp:
        recorder.sample(v)
    s = v.state(sid)
    lot = v.lot_size(sid)
    r.fills = int(s.trades)
    r.position = v.position(sid)
    r.fee, r.balance, r.equity, r.realized_pnl = s.fee, s.balance, s.equity, s.realized_pnl
    r.volume = s.volume * lot
    return r


def run(path: str, backend: Optional[str] = None, symbol: Any = None, **params: Any) -> Dict[str, Any]:
    """The grid over one event file; params: PARAMS' and VENUE_PARAMS' keys.
    Returns the summary of the recording (sigmax_exec.backtest.summary)."""
    from sigmax_exec.backtest import Recorder
    unknown = sorted(set(params) - set(PARAMS) - set(VENUE_PARAMS))
    if unknown:
        raise TypeError(f"grid: unknown params {unknown}")
    config = grid_config(**{k: params[k] for k in VENUE_PARAMS if k in params})
    with Venue(path, config, backend=backend) as v:
        sid = v.symbols[0].id if symbol is None else v.symbol_id(symbol)
        recorder = Recorder(v, sid)
        run_grid(v, sid, recorder=recorder, **{k: params[k] for k in PARAMS if k in params})
        return dict(recorder.summary())


def main(argv: Any = None) -> Dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from backtest_example import example_main
    return example_main("grid", __doc__ or "", PARAMS, VENUE_PARAMS, grid_config, run_grid, argv)


if __name__ == "__main__":
    main()
