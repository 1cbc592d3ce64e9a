"""The command line and the report the example strategies share
(venue_grid.py, venue_quote.py, venue_imbalance.py): their main() calls
example_main with the strategy's parameters, its venue config and its
simulate function.

EVENT_FILE [--backend B] [--param k=v ...] [--symbol NAME] [--json] [--plot OUT.png]
- `--param k=v` overrides a strategy param or a venue param (the value takes
  the type of the default); an unknown key is an error naming it.
- The report: orders submitted and cancelled, fills (maker/taker), the first
  fills, then position, volume, fees, realized PnL and equity, then the
  summary of the recording (sigmax_exec.backtest.summary). With --json only
  one JSON object is printed, shaped like one entry of the CLI's
  `sigmax-exec backtest --json` "files": {"file", "strategy", "params", "summary"},
  NaN as null. --plot writes the recording's plot (mid, equity, position).
"""
from __future__ import annotations

import argparse
import json
import math
from typing import Any, Callable, Dict, List, Tuple

from sigmax_exec.venue import BUY, Venue

FIRST_FILLS = 5


def parse_params(pairs: List[str], params: Dict[str, Any], venue_params: Dict[str, Any],
                 error: Callable[[str], Any]) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    """--param k=v pairs into (strategy params, venue params), the defaults filled in."""
    chosen, venue = dict(params), dict(venue_params)
    for pair in pairs:
        key, sep, text = pair.partition("=")
        target = chosen if key in chosen else venue if key in venue else None
        if not sep or target is None:
            error(f"--param {pair!r}: expected k=v with k one of {sorted([*params, *venue_params])}")
            continue
        try:
            target[key] = type(target[key])(float(text) if isinstance(target[key], float) else int(text, 0))
        except ValueError:
            error(f"--param {key}: {text!r} is not a valid {type(target[key]).__name__}")
    return chosen, venue


def json_safe(value: Any) -> Any:
    """NaN (and infinities) as None, so the JSON is standard."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    return value


def print_report(v: Venue, sid: int, name: str, done: Any, summary: Dict[str, Any]) -> None:
    symbol = next(s for s in v.symbols if s.id == sid)
    state = v.state(sid)
    fills = v.fills()
    fills = fills[fills["symbol"] == sid]
    makers = int(fills["maker"].sum())
    print(f"{name} on {symbol.name}, {v.backend}: {done.steps} steps, local clock shifted by "
          f"{v.local_shift / 1e9:.3f} s")
    print(f"orders: {done.submitted} submitted, {done.cancelled} cancelled; fills: {len(fills)} "
          f"({makers} maker, {len(fills) - makers} taker)")
    for f in fills[:FIRST_FILLS]:
        side = "buy " if f["side"] == BUY else "sell"
        print(f"  fill {side} {int(f['quantity']) * symbol.lot_size:g} at {int(f['price']) * symbol.tick_size:.2f} "
              f"(order {int(f['order_id'])}, {'maker' if f['maker'] else 'taker'}, fee {float(f['fee']):.6f})")
    if len(fills) > FIRST_FILLS:
        print(f"  ... {len(fills) - FIRST_FILLS} more")
    print(f"position {v.position(sid):g}, volume {state.volume * symbol.lot_size:g}, fees {state.fee:.4f}, "
          f"realized {state.realized_pnl:.4f}, equity {state.equity:.4f}")
    print("summary:")
    for key, value in summary.items():
        print(f"  {key:<18} {value:.10g}" if isinstance(value, float) else f"  {key:<18} {value}")


def example_main(name: str, doc: str, params: Dict[str, Any], venue_params: Dict[str, Any],
                 make_config: Callable[..., Any], simulate: Callable[..., Any], argv: Any = None) -> Dict[str, Any]:
    """Parses the command line, runs `simulate(venue, symbol, recorder=..., **params)`
    over the file, prints the report (or the JSON) and the plot; returns the summary."""
    from sigmax_exec.backtest import Recorder, plot
    ap = argparse.ArgumentParser(description=doc.splitlines()[0], epilog=doc,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("event_file")
    ap.add_argument("--backend", default=None, help="cffi, ctypes or python (default: the package's)")
    ap.add_argument("--param", action="append", default=[], metavar="K=V", help="override a param (repeatable)")
    ap.add_argument("--symbol", default=None, help="the symbol's name or id (default: the file's first)")
    ap.add_argument("--json", action="store_true", help="print the summary as one JSON object instead")
    ap.add_argument("--plot", default=None, metavar="OUT.png", help="save the plot of the recording")
    args = ap.parse_args(argv)
    chosen, venue = parse_params(args.param, params, venue_params, ap.error)
    with Venue(args.event_file, make_config(**venue), backend=args.backend) as v:
        symbol = v.symbols[0].id if args.symbol is None else v.symbol_id(
            int(args.symbol) if args.symbol.isdigit() else args.symbol)
        recorder = Recorder(v, symbol)
        done = simulate(v, symbol, recorder=recorder, **chosen)
        summary = dict(recorder.summary())
        if args.json:
            print(json.dumps(json_safe({"file": args.event_file, "strategy": name, "params": {**chosen, **venue},
                                        "summary": summary})))
        else:
            print_report(v, symbol, name, done, summary)
        if args.plot:
            plot(recorder, args.plot, title=f"{name}: {args.event_file}")
            if not args.json:
                print(f"plot: {args.plot}")
    return summary
