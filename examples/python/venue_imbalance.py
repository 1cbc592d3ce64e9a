"""An order-book-imbalance taker on the simulated venue, callback style
(sigmax_exec.backtest.Strategy run by sigmax_exec.backtest.run): it watches
the lots of the top `depth` levels of each side of the local book and, on a
timer, buys at the ask when the bids outweigh the asks by more than
`threshold`, or sells at the bid in the opposite case, within
`max_position` units.

usage: PYTHONPATH=bindings/python python3 examples/python/venue_imbalance.py EVENT_FILE
           [--backend cffi|ctypes|python] [--param k=v ...] [--symbol NAME] [--json] [--plot OUT.png]

Params (--param): depth 5 (levels), threshold 0.6, lots 100, max_position 1
(units), timer_ns 100000000; the venue's entry_latency_ns,
response_latency_ns (10 ms each), maker_fee -0.00005 and taker_fee 0.0007.
The rules (docs/backtesting.md, "The example strategies"):
  on_depth: imbalance = (B - A) / (B + A), B and A the lots of the top
    `depth` levels of the bids and of the asks (0 when both are 0);
  on_timer: if no order of the strategy is open or has a request in flight:
    imbalance > threshold and p + lots <= max_lots: an IOC limit buy of
    `lots` at the local best ask; imbalance < -threshold and
    p - lots >= -max_lots: an IOC limit sell at the local best bid
    (p the position in lots, max_lots = round(max_position / lot_size));
    ids 1, 2, 3, ...;
  on_order_update: counts the fills.
The driver records a sample every 100 ms and one at the end of the file.
`run(path, **params)` returns the summary of that recording.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Dict, Optional

from sigmax_exec.backtest import Strategy
from sigmax_exec.backtest import run as drive
from sigmax_exec.venue import (BUY, IOC, LIMIT, SELL, FeeModel, FillModel, LatencyModel, QueueModel, SymbolConfig,
                               Venue, VenueConfig, VenueOrder)

PARAMS: Dict[str, Any] = {"depth": 5, "threshold": 0.6, "lots": 100, "max_position": 1.0,
                          "timer_ns": 100_000_000}
VENUE_PARAMS: Dict[str, Any] = {"entry_latency_ns": 10_000_000, "response_latency_ns": 10_000_000,
                                "maker_fee": -0.00005, "taker_fee": 0.0007}


def imbalance_config(entry_latency_ns: int = 10_000_000, response_latency_ns: int = 10_000_000,
                     maker_fee: float = -0.00005, taker_fee: float = 0.0007) -> VenueConfig:
    """The examples' venue: constant latency each way, power(2) queue, no partial fills, fees on the fill's value."""
    return VenueConfig(latency=LatencyModel.constant(int(entry_latency_ns), int(response_latency_ns)),
                       defaults=SymbolConfig(queue=QueueModel.power(2.0), fill=FillModel.NO_PARTIAL,
                                             fee=FeeModel.value(float(maker_fee), float(taker_fee))))


class ImbalanceTaker(Strategy):
    """The strategy over one symbol; `submitted`, `cancelled` (always 0: IOC
    orders end by themselves), `fills` and `steps` (timer calls) count what it did."""

    def __init__(self, symbol: int, depth: int = 5, threshold: float = 0.6, lots: int = 100,
                 max_lots: int = 1000) -> None:
        self.symbol, self.depth, self.threshold = symbol, int(depth), float(threshold)
        self.lots, self.max_lots = int(lots), int(max_lots)
        self.imbalance = 0.0
        self.next_id = 1
        self.submitted = self.cancelled = self.fills = self.steps = 0
        self._executed: Dict[int, int] = {}

    def on_depth(self, venue: Venue, symbol: int) -> None:
        if symbol != self.symbol:
            return
        bids = sum(level.quantity_lots for level in venue.depth(symbol, BUY, self.depth))
        asks = sum(level.quantity_lots for level in venue.depth(symbol, SELL, self.depth))
        self.imbalance = 0.0 if bids + asks == 0 else (bids - asks) / (bids + asks)

    def on_order_update(self, venue: Venue, order: VenueOrder) -> None:
        if order.symbol != self.symbol:
            return
        if order.executed > self._executed.get(order.order_id, 0):
            self.fills += 1
            self._executed[order.order_id] = order.executed

    def on_timer(self, venue: Venue, ts: int) -> None:
        self.steps += 1
        sid = self.symbol
        orders = venue.orders_array(sid)
        if ((orders["status"] == 1) | (orders["status"] == 2) | (orders["request"] != 0)).any():
            return
        venue.clear_inactive_orders(sid)   # nothing of ours is live: the table only keeps finished orders
        p = int(venue.state(sid).position)
        if self.imbalance > self.threshold and p + self.lots <= self.max_lots:
            price = venue.best_ask_tick(sid)
            side = BUY
        elif self.imbalance < -self.threshold and p - self.lots >= -self.max_lots:
            price = venue.best_bid_tick(sid)
            side = SELL
        else:
            return
        if price is None:
            return
        venue.submit(sid, self.next_id, side, price, self.lots, LIMIT, IOC)
        self.next_id += 1
        self.submitted += 1


def run_imbalance(v: Venue, symbol: Any = None, recorder: Any = None, **params: Any) -> ImbalanceTaker:
    """Runs the strategy over the whole file through the callback driver (params: PARAMS' keys)."""
    p = {**PARAMS, **params}
    sid = v.symbols[0].id if symbol is None else v.symbol_id(symbol)
    strategy = ImbalanceTaker(sid, int(p["depth"]), float(p["threshold"]), int(p["lots"]),
                              round(float(p["max_position"]) / v.lot_size(sid)))
    drive(v, strategy, symbols=[sid], timer_ns=int(p["timer_ns"]), recorder=recorder)
    return strategy


def run(path: str, backend: Optional[str] = None, symbol: Any = None, **params: Any) -> Dict[str, Any]:
    """The imbalance taker over one event file; params: PARAMS' and
    VENUE_PARAMS' keys. Returns the summary of the recording."""
    from sigmax_exec.backtest import Recorder
    unknown = sorted(set(params) - set(PARAMS) - set(VENUE_PARAMS))
    if unknown:
        raise TypeError(f"imbalance: unknown params {unknown}")
    config = imbalance_config(**{k: params[k] for k in VENUE_PARAMS if k in params})
    with Venue(path, config, backend=backend) as v:
        sid = v.symbols[0].id if symbol is None else v.symbol_id(symbol)
        recorder = Recorder(v, sid)
        run_imbalance(v, sid, recorder=recorder, **{k: params[k] for k in PARAMS if k in params})
        return dict(recorder.summary())


def main(argv: Any = None) -> Dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from backtest_example import example_main
    return example_main("imbalance", __doc__ or "", PARAMS, VENUE_PARAMS, imbalance_config, run_imbalance, argv)


if __name__ == "__main__":
    main()
