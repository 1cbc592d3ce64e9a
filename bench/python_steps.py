"""Where an execute_order call's time goes, step by step, on the bench's
workload (the orders of `python -m sigmax_exec bench`), through the cffi
backend. Each step runs as a loop over the same orders, best of --repeat
passes; a step's cost is its loop's time per order:

  loop       a Python method with execute_order's signature that does nothing
  tls        + the per-thread buffer lookup
  check      + the exact-type check of the six arguments
  pack       + packing the order into the per-thread sgx_order
  C call     the C call alone (sgx_engine_execute; engine time included) on
             orders packed beforehand, one sgx_order each
  unpack     struct-unpacking one sgx_report and building its Execution
  whole      execute_order itself

and then, in place, a copy of execute_order without the unpacking (its
share: whole minus that) and one without the C call.

usage: SIGMAX_EXEC_LIBRARY=.../libsigmax_exec.so PYTHONPATH=bindings/python \\
           /usr/bin/python3 bench/python_steps.py [--events N] [--repeat R]
"""
from __future__ import annotations

import argparse
import gc
import threading
import time
from typing import Any, Callable, Dict, List

import sigmax_exec._cffi as C
import sigmax_exec._native as N
from sigmax_exec import _workload
from sigmax_exec._machine import machine_info


def engine() -> Any:
    e = C.Engine(fill_capacity=0)
    for s in range(4):
        e.configure_symbol(s, _workload.TICK, _workload.LOT)
    return e


def per_order(run: Callable[[], None], n: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter_ns()
        run()
        best = min(best, (time.perf_counter_ns() - start) / n)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    orders = list(_workload.orders_only(_workload.generate(args.events, 4, 1)))
    n = len(orders)
    exact, pack_body, body = N._EXACT, N._pack_body, N._BODY
    tls = threading.local()

    class Steps:
        def loop(self, s: Any, side: Any, t: Any, p: Any, q: Any, tif: Any = 0) -> None:
            pass

        def tls(self, s: Any, side: Any, t: Any, p: Any, q: Any, tif: Any = 0) -> None:
            try:
                ob, rb, o, r = tls.buffers
            except AttributeError:
                ob, rb, o, r = tls.buffers = e._new_buffers()

        def check(self, s: Any, side: Any, t: Any, p: Any, q: Any, tif: Any = 0) -> None:
            ob, rb, o, r = tls.buffers
            if (s.__class__, side.__class__, t.__class__, tif.__class__, p.__class__, q.__class__) == exact:
                pass

        def pack(self, s: Any, side: Any, t: Any, p: Any, q: Any, tif: Any = 0) -> None:
            ob, rb, o, r = tls.buffers
            if (s.__class__, side.__class__, t.__class__, tif.__class__, p.__class__, q.__class__) == exact:
                pack_body(ob, body, s, side, t, tif, p, q)

    e = engine()
    steps = Steps()
    results: Dict[str, float] = {}
    for name in ("loop", "tls", "check", "pack"):
        fn = getattr(steps, name)

        def calls() -> None:
            for o in orders:
                fn(*o)
        results[name] = per_order(calls, n, args.repeat)

    # The C call alone: every order packed beforehand into its own sgx_order.
    packed: List[Any] = []
    for o in orders:
        rec = C.ffi.new("sgx_order*")
        rec.struct_size = C.ffi.sizeof("sgx_order")
        N.pack(memoryview(C.ffi.buffer(rec)), *o)
        packed.append(rec)
    report = C.ffi.new("sgx_report*")

    def c_calls() -> None:
        ex = C.lib.sgx_engine_execute
        h = fresh[0]._h
        for rec in packed:
            ex(report, h, rec)
    fresh = [engine()]

    def c_pass() -> None:
        fresh[0] = engine()
        c_calls()
    results["C call"] = per_order(c_pass, n, args.repeat)
    ob, rb, o, r = e._new_buffers()
    e.execute_order(*orders[0])
    unpack, new, Execution = N._unpack_report, tuple.__new__, N.Execution

    def unpacks() -> None:
        for _ in orders:
            new(Execution, unpack(rb))
    results["unpack"] = per_order(unpacks, n, args.repeat)

    def whole() -> None:
        x = engine().execute_order
        for o in orders:
            x(*o)
    results["whole"] = per_order(whole, n, args.repeat)
    def variant(drop: str) -> Callable[..., Any]:
        def call(self: Any, s: Any, side: Any, t: Any, p: Any, q: Any, tif: Any = 0) -> Any:
            ob, rb, o, r = self._tls.buffers
            if (s.__class__, side.__class__, t.__class__, tif.__class__, p.__class__, q.__class__) == exact:
                pack_body(ob, body, s, side, t, tif, p, q)
            if drop != "C call":
                self._execute(r, self._h, o)
            if drop != "unpack":
                return new(Execution, unpack(rb))
            return None
        return call

    in_place: Dict[str, float] = {}
    for drop in ("unpack", "C call"):
        fn = variant(drop)

        def without() -> None:
            eng = engine()
            eng.execute_order(*orders[0])
            x = fn.__get__(eng)
            for o in orders:
                x(*o)
        in_place[drop] = results["whole"] - per_order(without, n, args.repeat)
    stats = engine()
    for o in orders:
        stats.execute_order(*o)
    engine_p50 = stats.get_stats()["p50_latency_ns"]

    print(f"machine: {machine_info()['description']}")
    print(f"{n} orders of the bench's workload, cffi, ns per order (best of {args.repeat} passes)")
    prev = 0.0
    for name in ("loop", "tls", "check", "pack"):
        print(f"  {name:<7} {results[name]:7.0f}  (+{results[name] - prev:.0f})")
        prev = results[name]
    for name in ("C call", "unpack", "whole"):
        print(f"  {name:<7} {results[name]:7.0f}")
    print(f"  rest    {results['whole'] - results['pack'] - results['C call'] - results['unpack']:7.0f}"
          "  (whole - pack - C call - unpack)")
    print("in place (whole minus a copy of execute_order without the step):")
    for name, share in in_place.items():
        print(f"  {name:<7} {share:7.0f}")
    print(f"  rest    {results['whole'] - sum(in_place.values()):7.0f}  (call, lookup, check, pack)")
    print(f"engine p50 (its own clock, in the C call): {engine_p50} ns")


if __name__ == "__main__":
    main()
