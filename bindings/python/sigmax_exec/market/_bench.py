"""`python -m sigmax_exec bench --replay FILE [--book l2|l3] [--repeat N]`:
an event file replayed into fresh books by every backend that loads (the
native ones in one C call per file, the pure-Python one event by event);
events/s is the median of N rounds, after one untimed round."""
from __future__ import annotations

import statistics
import time
from typing import Any, Dict, List


def replay_rows(path: str, book: str, repeats: int, backends: List[str]) -> List[Dict[str, Any]]:
    from . import EventFile, books_for
    rows = []
    with EventFile(path) as f:
        events = f.events
        for backend in backends:
            l2, l3 = books_for(backend)
            make = l2 if book == "l2" else l3
            rates = []
            for round_ in range(repeats + 1):
                b = make()
                start = time.perf_counter()
                b.apply(events)
                seconds = time.perf_counter() - start
                if round_ > 0:  # the first round maps the pages and grows the books
                    rates.append(len(events) / seconds)
            rows.append({"backend": backend, "book": book, "events": len(events),
                         "events_per_sec": statistics.median(rates)})
    return rows


def run_replay(args: Any) -> int:
    from .. import available_backends
    backends = args.backends or available_backends()
    rows = replay_rows(args.replay, args.book, args.repeat, backends)
    if args.json:
        import json
        print(json.dumps({"file": args.replay, "results": rows}))
        return 0
    print(f"replay {args.replay} into {args.book} books, median of {args.repeat} rounds")
    print(f"{'backend':<8} {'events':>9} {'events/s':>12}")
    for r in rows:
        print(f"{r['backend']:<8} {r['events']:>9} {r['events_per_sec']:>12.0f}")
    return 0
