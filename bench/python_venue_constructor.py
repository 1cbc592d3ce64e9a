"""What the engines' ``venue=`` constructor (sigmax_exec._venue_constructor:
a __new__ on a base of every engine class) costs the matching engine: the
engine class as shipped against the same class built without that base, in
the same process, rounds interleaved so that both see the same machine load.

Prints the machine, then for each class the ns per execute_order call
(each round: the bench's workload orders, once) and the ns to make an engine
(Engine(order_capacity=64), closed at once), as the median, p10 and p90 over
the rounds. execute_order is the same function in both classes: only the
class's bases differ.

usage: SIGMAX_EXEC_LIBRARY=.../libsigmax_exec.so PYTHONPATH=bindings/python \\
           /usr/bin/python3 bench/python_venue_constructor.py [--backend cffi|ctypes|python]
           [--rounds R] [--events N]
"""
from __future__ import annotations

import argparse
import gc
import statistics
import time
from typing import Any, Dict, List, Tuple

import sigmax_exec as sx
from sigmax_exec import _workload
from sigmax_exec._machine import machine_info
from sigmax_exec._venue_constructor import VenueConstructor


def without_venue_constructor(cls: type) -> type:
    """`cls` rebuilt without VenueConstructor among its bases (and its bases' bases):
    the engine class as it was before the venue= constructor."""
    if VenueConstructor not in cls.__mro__:
        return cls
    bases = tuple(without_venue_constructor(b) for b in cls.__bases__ if b is not VenueConstructor)
    body = {k: v for k, v in vars(cls).items() if k not in ("__dict__", "__weakref__")}
    return type(cls.__name__, bases, body)


def per_order_ns(cls: type, orders: List[Tuple[Any, ...]]) -> float:
    e = cls(fill_capacity=0)
    for s in range(4):
        e.configure_symbol(s, _workload.TICK, _workload.LOT)
    execute = e.execute_order
    start = time.perf_counter_ns()
    for o in orders:
        execute(*o)
    ns = (time.perf_counter_ns() - start) / len(orders)
    e.close()
    return ns


def construct_ns(cls: type, n: int = 200) -> float:
    start = time.perf_counter_ns()
    for _ in range(n):
        cls(order_capacity=64).close()
    return (time.perf_counter_ns() - start) / n


def spread(values: List[float]) -> str:
    deciles = statistics.quantiles(values, n=10, method="inclusive")  # "exclusive" extrapolates past the data on few rounds
    return f"median {statistics.median(values):8.0f} ns   p10 {deciles[0]:8.0f} ns   p90 {deciles[-1]:8.0f} ns"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", default=None, help="cffi, ctypes or python (default: the selected one)")
    ap.add_argument("--rounds", type=int, default=21)
    ap.add_argument("--events", type=int, default=20_000)
    args = ap.parse_args()
    shipped = sx.load_backend(args.backend or sx.BACKEND).Engine
    classes = {"shipped": shipped, "without": without_venue_constructor(shipped)}
    orders = list(_workload.orders_only(_workload.generate(args.events, 4, 1)))
    calls: Dict[str, List[float]] = {k: [] for k in classes}
    makes: Dict[str, List[float]] = {k: [] for k in classes}
    gc.disable()
    for r in range(args.rounds):
        for name in (list(classes) if r % 2 == 0 else list(classes)[::-1]):
            calls[name].append(per_order_ns(classes[name], orders))
            makes[name].append(construct_ns(classes[name]))
    gc.enable()
    print(f"machine: {machine_info()['description']}")
    print(f"{shipped.implementation} engine, {len(orders)} orders a round, {args.rounds} rounds interleaved")
    for name, label in (("shipped", "with the venue= constructor"), ("without", "without it (baseline)")):
        print(f"  {label}")
        print(f"    execute_order  {spread(calls[name])}")
        print(f"    Engine()       {spread(makes[name])}")


if __name__ == "__main__":
    main()
