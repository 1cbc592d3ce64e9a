"""Paper trading on a live feed: a connector tails a growing file of Binance
recorder lines (``<local receive ns> <websocket JSON>``, the format of
shared/data/binance-usdm) and pushes each line's events into a PaperVenue,
while the grid market maker of venue_grid.py trades on it in the main
thread. When the file stops growing for --idle seconds the connector closes
the feed and the run ends with the strategy's figures.

usage:
  # try it here: replay the shared recording into a file at 10x and trade on it
  PYTHONPATH=bindings/python python3 examples/python/paper_tail.py /tmp/feed.txt \\
      --replay-into /tmp/feed.txt --source ../shared/data/binance-usdm/btcusdt_20240808.gz --speed 10 --seconds 30
  # or tail a file another process writes
  PYTHONPATH=bindings/python python3 examples/python/paper_tail.py FEED_FILE

The lines carry the recorder's receive times, so the venue's time follows
them (no clock). A connector reading an exchange socket would stamp local_ts
with time.time_ns() on receipt, or give the PaperVenue clock=time.time_ns.
The recorder's clock runs ~1.27 s behind the exchange's: --local-shift-ms (1300)
moves it ahead (as a recorded venue's local_latency_floor_ns does), and
--feed-delay-ms (150) is how late after its exchange time an event may arrive
(events later than that reach the simulated exchange late, counted).
"""
from __future__ import annotations

import argparse
import gzip
import os
import sys
import threading
import time
from typing import Any, Dict, Optional

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import venue_grid  # noqa: E402  (the grid strategy, beside this file)

from sigmax_exec.market import BinanceLineDecoder, Symbol  # noqa: E402
from sigmax_exec.venue import PaperVenue  # noqa: E402

BTCUSDT = Symbol(0, "BTCUSDT", "binance-usdm", 0.1, 0.001, 1.0, False)


def shared_recording() -> str:
    """The shared recording beside the checkout (or beside one of its parents, for a git worktree)."""
    here = os.path.dirname(os.path.abspath(__file__))
    relative = os.path.join("shared", "data", "binance-usdm", "btcusdt_20240808.gz")
    while os.path.dirname(here) != here:
        here = os.path.dirname(here)
        if os.path.exists(os.path.join(here, relative)):
            return os.path.join(here, relative)
    return relative


def replay_into(source: str, target: str, speed: float, seconds: Optional[float]) -> None:
    """Writes the source's lines into `target` as they happened, `speed` times faster (the first `seconds` of
    the recording, or all of it)."""
    opener: Any = gzip.open if source.endswith(".gz") else open
    with opener(source, "rb") as src, open(target, "ab", buffering=0) as out:
        t0 = time.perf_counter()
        first: Optional[int] = None
        for line in src:
            stamp = int(line[:line.index(b" ")])
            first = stamp if first is None else first
            if seconds is not None and stamp - first > seconds * 1e9:
                break
            delay = (stamp - first) / 1e9 / speed - (time.perf_counter() - t0)
            if delay > 0:
                time.sleep(delay)
            out.write(line)


def tail(path: str, venue: PaperVenue, decoder: BinanceLineDecoder, idle_s: float) -> int:
    """The connector: pushes the events of each complete line appended to `path`; closes the feed when the file
    has not grown for idle_s seconds. Returns the lines read."""
    while not os.path.exists(path):
        time.sleep(0.01)
    pending = b""
    quiet_since = time.monotonic()
    lines = 0
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 16)
            if not chunk:
                if time.monotonic() - quiet_since > idle_s:
                    break
                time.sleep(0.005)
                continue
            quiet_since = time.monotonic()
            pending += chunk
            *complete, pending = pending.split(b"\n")
            for line in complete:
                events = decoder.decode(line)
                lines += 1
                if len(events):
                    venue.push(events)
    venue.close_feed()
    return lines


def main(argv: Any = None) -> Dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("feed", help="the file of Binance lines to tail")
    ap.add_argument("--replay-into", metavar="FILE", help="also write --source's lines into FILE at --speed")
    ap.add_argument("--source", default=shared_recording(), help="the recording --replay-into writes (default: "
                    "shared/data/binance-usdm/btcusdt_20240808.gz beside the checkout)")
    ap.add_argument("--speed", type=float, default=10.0)
    ap.add_argument("--seconds", type=float, default=None, help="replay only this much of the recording")
    ap.add_argument("--idle", type=float, default=1.0, help="close the feed after this long without a new line (s)")
    ap.add_argument("--local-shift-ms", type=float, default=1300.0)
    ap.add_argument("--feed-delay-ms", type=float, default=150.0)
    ap.add_argument("--backend", default=None, help="cffi, ctypes or python (default: the package's)")
    args = ap.parse_args(argv)

    venue = PaperVenue([BTCUSDT], venue_grid.grid_config(), backend=args.backend,
                       local_shift_ns=int(args.local_shift_ms * 1e6), feed_delay_ns=int(args.feed_delay_ms * 1e6))
    threads = []
    if args.replay_into:
        if os.path.exists(args.replay_into):
            os.remove(args.replay_into)
        threads.append(threading.Thread(target=replay_into, daemon=True,
                                        args=(args.source, args.replay_into, args.speed, args.seconds)))
    read: Dict[str, int] = {}
    threads.append(threading.Thread(target=lambda: read.update(lines=tail(args.feed, venue, BinanceLineDecoder(BTCUSDT),
                                                                          args.idle)), daemon=True))
    for t in threads:
        t.start()
    wall = time.perf_counter()
    r = venue_grid.run_grid(venue)  # blocks on the feed; returns at END (after the connector's close_feed)
    wall = time.perf_counter() - wall
    for t in threads:
        t.join()
    fills = venue.fills()
    feed = venue.feed()
    print(f"BTCUSDT paper trading on {venue.backend}: {read.get('lines', 0)} lines, {int(feed['pushed'])} events "
          f"({int(feed['late_events'])} late), {r.steps} steps of 100 ms in {wall:.1f} s")
    print(f"orders: {r.submitted} submitted, {r.cancelled} cancelled; fills: {len(fills)} "
          f"({int(fills['maker'].sum()) if len(fills) else 0} maker)")
    for f in fills[:5]:
        side = "buy " if f["side"] == 0 else "sell"
        print(f"  fill {side} {int(f['quantity']) * BTCUSDT.lot_size:g} at {int(f['price']) * BTCUSDT.tick_size:.2f} "
              f"(order {int(f['order_id'])}, fee {float(f['fee']):.6f})")
    print(f"position {r.position:g}, volume {r.volume:g}, fees {r.fee:.4f}, realized {r.realized_pnl:.4f}, "
          f"equity {r.equity:.4f}")
    venue.close()
    return {"result": r, "fills": len(fills), "lines": read.get("lines", 0)}


if __name__ == "__main__":
    main()
