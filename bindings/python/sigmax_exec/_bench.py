"""`python -m sigmax_exec bench`: per-call and per-order costs from Python,
for every backend that loads, on the CLI bench's deterministic workload."""
from __future__ import annotations

import argparse
import contextlib
import gc
import json
import time
from typing import Any, Dict, Iterator, List, Tuple

from . import _workload, available_backends, load_backend
from ._common import percentile_summary
from ._machine import machine_info


def _engine(module: Any) -> Any:
    e = module.Engine(fill_capacity=0)  # fills are not drained here: do not keep them
    for s in range(4):
        e.configure_symbol(s, _workload.TICK, _workload.LOT)
    return e


@contextlib.contextmanager
def _harness_frozen() -> Iterator[None]:
    """Takes the harness's own objects (the workload's tuples, the call list)
    out of the garbage collector's sight while timing, so that collections
    triggered by the reports cost what they would in a lean program, the
    same for every backend. Collections of the reports themselves still count."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _ns_per_call(row: Dict[str, Any]) -> float:
    return float(row["ns_per_call"])


def _ns_per_order(row: Dict[str, Any]) -> float:
    return float(row["ns_per_order"])


def bench_single(module: Any, events: List[Tuple[Any, ...]]) -> Dict[str, Any]:
    """execute_order / cancel_order, one Python call per event: a bare pass for
    the cost per call, then a pass that times every call for its percentiles
    (each on a fresh engine, as the workload's cancels name its own ids)."""
    def calls(e: Any) -> List[Tuple[Any, ...]]:
        execute, cancel = e.execute_order, e.cancel_order
        return [(execute, ev[1:]) if ev[0] == "new" else (cancel, ev[1:]) for ev in events]

    clock = time.perf_counter_ns
    bare = calls(_engine(module))
    with _harness_frozen():
        start = clock()
        for fn, args in bare:
            fn(*args)
        total = clock() - start
    samples = []
    timed = calls(_engine(module))
    with _harness_frozen():
        for fn, args in timed:
            t0 = clock()
            fn(*args)
            samples.append(clock() - t0)
    out = percentile_summary(samples)
    out["ns_per_call"] = total / len(events)
    return out


def bench_orders(module: Any, orders: List[Tuple[Any, ...]]) -> Dict[str, Any]:
    """execute_order alone, one Python call per order of the workload (its
    cancels left out, as in the batches): the loop that execute_batch replaces."""
    e = _engine(module)
    execute = e.execute_order
    clock = time.perf_counter_ns
    with _harness_frozen():
        start = clock()
        for o in orders:
            execute(*o)
        total = clock() - start
    return {"ns_per_call": total / len(orders)}


def bench_batch(module: Any, orders: List[Tuple[Any, ...]], as_numpy: bool, chunk: int) -> Dict[str, Any]:
    """execute_batch over chunks of orders: tuples, returning Execution objects,
    or a prepared structured array, writing into one reused report array."""
    e = _engine(module)
    out = None
    if as_numpy:
        import numpy as np
        from ._batch import REPORT_DTYPE, make_orders
        cols = list(zip(*orders))
        data = make_orders(np.array(cols[0]), np.array(cols[1]), np.array(cols[2]), np.array(cols[3]),
                           np.array(cols[4]), np.array(cols[5]))
        chunks = [data[i:i + chunk] for i in range(0, len(data), chunk)]
        out = np.zeros(chunk, dtype=REPORT_DTYPE)
    else:
        chunks = [orders[i:i + chunk] for i in range(0, len(orders), chunk)]
    with _harness_frozen():
        start = time.perf_counter_ns()
        for c in chunks:
            e.execute_batch(c, out=out)
        total = time.perf_counter_ns() - start
    return {"ns_per_order": total / len(orders), "orders_per_sec": len(orders) / (total / 1e9)}


def bench_asyncio(module: Any, orders: List[Tuple[Any, ...]], concurrency: int = 256) -> Dict[str, Any]:
    """Awaited orders per second from one event loop (`concurrency` in flight),
    and the latency of one `await execute(...)` at a time."""
    import asyncio

    async def main(p: Any) -> Dict[str, Any]:
        start = time.perf_counter_ns()
        for i in range(0, len(orders), concurrency):
            await asyncio.gather(*(p.execute(*o) for o in orders[i:i + concurrency]))
        total = time.perf_counter_ns() - start
        samples = []
        for o in orders[: min(len(orders), 5000)]:
            t0 = time.perf_counter_ns()
            await p.execute(*o)
            samples.append(time.perf_counter_ns() - t0)
        out = percentile_summary(samples)
        out["awaited_per_sec"] = len(orders) / (total / 1e9)
        return out

    p = module.Pipeline(queue_capacity=4096, fill_capacity=0)
    for s in range(4):
        p.configure_symbol(s, _workload.TICK, _workload.LOT)
    try:
        return asyncio.run(main(p))
    finally:
        p.stop()


def run(args: argparse.Namespace) -> int:
    if args.replay:
        from .market._bench import run_replay
        return run_replay(args)
    if args.pipeline:
        return run_pipeline(args)
    results = []
    for name in args.backends or available_backends():
        module = load_backend(name)
        n = args.events if name != "python" else min(args.events, args.python_events)
        events = _workload.generate(n, 4, args.seed)
        orders = list(_workload.orders_only(events))
        row: Dict[str, Any] = {"backend": name, "events": n}
        # Best of two passes: the first pass of a process also pays for code
        # paths and the heap's first growth (whichever backend runs first).
        row["single"] = min((bench_single(module, events) for _ in range(2)), key=_ns_per_call)
        row["orders_only"] = min((bench_orders(module, orders) for _ in range(2)), key=_ns_per_call)
        row["batch_tuples"] = min((bench_batch(module, orders, False, args.tuple_chunk) for _ in range(2)),
                                  key=_ns_per_order)
        try:
            import numpy  # noqa: F401
            row["batch_array"] = min((bench_batch(module, orders, True, args.chunk) for _ in range(2)),
                                     key=_ns_per_order)
        except ImportError:
            row["batch_array"] = None
        results.append(row)
    if args.rows:
        # For `sigmax-exec bench --python`: name ops ops_per_sec mean p50 p90 p99 p999 max
        for r in results:
            s = r["single"]
            print(f"py-{r['backend']} {r['events']} {1e9 / s['ns_per_call']:.0f} {s['ns_per_call']:.1f} "
                  f"{s['p50_ns']} {s['p90_ns']} {s['p99_ns']} {s['p999_ns']} {s['max_ns']}")
            if r["batch_array"]:
                b = r["batch_array"]
                print(f"py-{r['backend']}-array {len(orders)} {b['orders_per_sec']:.0f} {b['ns_per_order']:.1f} 0 0 0 0 0")
        return 0
    if args.json:
        print(json.dumps({"workload": {"seed": args.seed, "chunk": args.chunk, "tuple_chunk": args.tuple_chunk},
                          "machine": machine_info(), "results": results}, indent=1))
        return 0
    print(f"workload: the CLI bench's default flow (seed {args.seed}); execute_batch with tuples in batches of "
          f"{args.tuple_chunk} orders, with a structured array in batches of {args.chunk}")
    print(f"machine: {machine_info()['description']}")
    print(f"{'backend':<8} {'events':>8} {'call ns':>9} {'p50':>7} {'p99':>7} {'order ns':>9} {'tuples ns/order':>16} "
          f"{'array ns/order':>15} {'array orders/s':>15}")
    for r in results:
        s, so, bt, ba = r["single"], r["orders_only"], r["batch_tuples"], r["batch_array"]
        print(f"{r['backend']:<8} {r['events']:>8} {s['ns_per_call']:>9.0f} {s['p50_ns']:>7} {s['p99_ns']:>7} "
              f"{so['ns_per_call']:>9.0f} {bt['ns_per_order']:>16.0f} "
              f"{ba['ns_per_order'] if ba else float('nan'):>15.0f} "
              f"{ba['orders_per_sec'] if ba else float('nan'):>15.0f}")
    print("call ns: wall time per execute_order/cancel_order call in a loop over the events; p50/p99: per call, "
          "timed one by one (the timer's own cost included); order ns: per execute_order call in a loop over "
          "the orders alone, the loop that the batches replace")
    return 0


def run_pipeline(args: argparse.Namespace) -> int:
    rows = []
    for name in args.backends or available_backends():
        module = load_backend(name)
        n = min(args.events, 20_000 if name != "python" else 5_000)
        orders = list(_workload.orders_only(_workload.generate(n, 4, args.seed)))
        r = bench_asyncio(module, orders)
        r["backend"] = name
        r["orders"] = len(orders)
        rows.append(r)
    if args.json:
        print(json.dumps({"machine": machine_info(), "asyncio": rows}, indent=1))
        return 0
    print("asyncio: await pipeline.execute(...) from one event loop; 256 in flight for the rate, "
          "then one at a time for the latency")
    print(f"machine: {machine_info()['description']}")
    print(f"{'backend':<8} {'orders':>7} {'awaited/s':>10} {'p50 ns':>8} {'p99 ns':>8}")
    for r in rows:
        print(f"{r['backend']:<8} {r['orders']:>7} {r['awaited_per_sec']:>10.0f} {r['p50_ns']:>8} {r['p99_ns']:>8}")
    return 0


def add_parser(sub: Any) -> None:
    p = sub.add_parser("bench", help="per-call and batch costs of each backend")
    p.add_argument("--events", type=int, default=200_000, help="events for native backends")
    p.add_argument("--python-events", type=int, default=50_000, help="events for the pure-Python backend")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--chunk", type=int, default=10_000, help="orders per execute_batch call with an array")
    p.add_argument("--tuple-chunk", type=int, default=1_000,
                   help="orders per execute_batch call with tuples (one Execution object per order)")
    p.add_argument("--backends", nargs="*", choices=["cffi", "ctypes", "python"])
    p.add_argument("--pipeline", action="store_true", help="measure await pipeline.execute() instead")
    p.add_argument("--json", action="store_true")
    p.add_argument("--rows", action="store_true", help="one plain line per row (used by sigmax-exec bench --python)")
    p.add_argument("--replay", metavar="FILE", help="replay this market-data event file into books instead")
    p.add_argument("--book", choices=["l2", "l3"], default="l2", help="with --replay: the book kind")
    p.add_argument("--repeat", type=int, default=5, help="with --replay: timed rounds (the median is printed)")
    p.set_defaults(func=run)
