"""A ±1-tick quoting market maker on the simulated venue, loop style (the
shape of hftbacktest's quoting tutorials, in our own words): every interval
it quotes one post-only buy `offset` ticks below the local best bid and one
post-only sell `offset` ticks above the local best ask, moves a quote by
cancelling it and quoting again once the cancel is done, and stops quoting
a side once the position reaches `max_position` units that way.

usage: PYTHONPATH=bindings/python python3 examples/python/venue_quote.py EVENT_FILE
           [--backend cffi|ctypes|python] [--param k=v ...] [--symbol NAME] [--json] [--plot OUT.png]

Params (--param): offset 1 (ticks), lots 100, max_position 5 (units),
interval_ns 100000000; the venue's entry_latency_ns, response_latency_ns
(10 ms each), maker_fee -0.00005 and taker_fee 0.0007. The rules, each
interval (docs/backtesting.md, "The example strategies"; the C++ CLI's quote follows them too):
  1. clear_inactive_orders(symbol);
  2. bid, ask = the local best bid and ask (ticks); a side empty: skip the step;
  3. bid_px = bid - offset, ask_px = ask + offset; p = position (lots),
     max_lots = round(max_position / lot_size); want_bid = p < max_lots,
     want_ask = p > -max_lots;
  4. each order (ascending id) that is open (NEW or PARTIALLY_FILLED) with no
     request in flight is cancelled if it is a buy and (not want_bid or its
     price != bid_px), or a sell and (not want_ask or its price != ask_px);
  5. if want_bid and the table holds no buy order (any status): a GTX limit
     buy of `lots` at bid_px, id next_id (1, 2, 3, ...); then the same for the ask.
It prints the orders, fills, position, fees, equity and the summary of the
recording (a sample after every step, and one at the end of the file).
`run(path, **params)` returns that summary (for sweeps and tests).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Optional

from sigmax_exec.venue import (BUY, GTX, LIMIT, SELL, FeeModel, FillModel, LatencyModel, QueueModel, SymbolConfig,
                               Venue, VenueConfig)

PARAMS: Dict[str, Any] = {"offset": 1, "lots": 100, "max_position": 5.0, "interval_ns": 100_000_000}
VENUE_PARAMS: Dict[str, Any] = {"entry_latency_ns": 10_000_000, "response_latency_ns": 10_000_000,
                                "maker_fee": -0.00005, "taker_fee": 0.0007}
OPEN = (1, 2)             # SGX_VORD_NEW, SGX_VORD_PARTIALLY_FILLED


def quote_config(entry_latency_ns: int = 10_000_000, response_latency_ns: int = 10_000_000,
                 maker_fee: float = -0.00005, taker_fee: float = 0.0007) -> VenueConfig:
    """The examples' venue: constant latency each way, power(2) queue, no partial fills, fees on the fill's value."""
    return VenueConfig(latency=LatencyModel.constant(int(entry_latency_ns), int(response_latency_ns)),
                       defaults=SymbolConfig(queue=QueueModel.power(2.0), fill=FillModel.NO_PARTIAL,
                                             fee=FeeModel.value(float(maker_fee), float(taker_fee))))


@dataclass
class QuoteResult:
    steps: int = 0
    submitted: int = 0
    cancelled: int = 0


def run_quote(v: Venue, symbol: Any = None, recorder: Any = None, **params: Any) -> QuoteResult:
    """Quotes over the whole file (params: PARAMS' keys); recorder.record(v)
    after each step and recorder.sample(v) once the file has ended (unless it has just sampled), if given."""
    p = {**PARAMS, **params}
    sid = v.symbols[0].id if symbol is None else v.symbol_id(symbol)
    offset, lots, interval = int(p["offset"]), int(p["lots"]), int(p["interval_ns"])
    max_lots = round(float(p["max_position"]) / v.lot_size(sid))
    record = None if recorder is None else recorder.record
    sampled = None            # the local time of the last sample
    r = QuoteResult()
    next_id = 1
    while v.elapse(interval) == 0:
        r.steps += 1
        v.clear_inactive_orders(sid)
        q = v.quote(sid)
        bid, ask = q.bid_price_ticks, q.ask_price_ticks
        if bid is not None and ask is not None:
            bid_px, ask_px = bid - offset, ask + offset
            position = int(v.state(sid).position)
            want_bid, want_ask = position < max_lots, position > -max_lots
            orders = v.orders_array(sid)
            has_buy = has_sell = False
            for oid, side, status, request, price in zip(orders["order_id"].tolist(), orders["side"].tolist(),
                                                         orders["status"].tolist(), orders["request"].tolist(),
                                                         orders["price"].tolist()):
                if side == BUY:
                    has_buy = True
                    stale = not want_bid or price != bid_px
                else:
                    has_sell = True
                    stale = not want_ask or price != ask_px
                if status in OPEN and request == 0 and stale:
                    v.cancel(sid, oid)
                    r.cancelled += 1
            if want_bid and not has_buy:
                v.submit(sid, next_id, BUY, bid_px, lots, LIMIT, GTX)
                next_id += 1
                r.submitted += 1
            if want_ask and not has_sell:
                v.submit(sid, next_id, SELL, ask_px, lots, LIMIT, GTX)
                next_id += 1
                r.submitted += 1
        if record is not None and record(v):
            sampled = v.current_timestamp
    if recorder is not None and sampled != v.current_timestamp:
        recorder.sample(v)
    return r


def run(path: str, backend: Optional[str] = None, symbol: Any = None, **params: Any) -> Dict[str, Any]:
    """The quoting strategy over one event file; params: PARAMS' and
    VENUE_PARAMS' keys. Returns the summary of the recording."""
    from sigmax_exec.backtest import Recorder
    unknown = sorted(set(params) - set(PARAMS) - set(VENUE_PARAMS))
    if unknown:
        raise TypeError(f"quote: unknown params {unknown}")
    config = quote_config(**{k: params[k] for k in VENUE_PARAMS if k in params})
    with Venue(path, config, backend=backend) as v:
        sid = v.symbols[0].id if symbol is None else v.symbol_id(symbol)
        recorder = Recorder(v, sid)
        run_quote(v, sid, recorder=recorder, **{k: params[k] for k in PARAMS if k in params})
        return dict(recorder.summary())


def main(argv: Any = None) -> Dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from backtest_example import example_main
    return example_main("quote", __doc__ or "", PARAMS, VENUE_PARAMS, quote_config, run_quote, argv)


if __name__ == "__main__":
    main()
