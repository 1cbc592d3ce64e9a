"""sigmax_exec: the SIGMAX execution engine from Python.

A drop-in replacement for the SIGMAX execution module::

    from sigmax_exec import RustExecutionEngine, execute_batch, RUST_MODULE_AVAILABLE

    engine = RustExecutionEngine(queue_capacity=10000)
    ex = engine.execute_order(symbol_id=1, side=0, order_type=0, price=50000.0, quantity=1.0)

The native engine (libsigmax_exec.so) is used through cffi or ctypes when it
can be loaded; otherwise a pure-Python engine with identical behaviour.
``BACKEND`` says which one this import selected; ``SIGMAX_EXEC_BACKEND``
(cffi, ctypes or python) forces one. See docs/python.md.
"""
from __future__ import annotations

import importlib
import os
import time
import warnings
from types import ModuleType
from typing import TYPE_CHECKING, Any, Dict, List, Literal, Optional, overload

from ._batch import ORDER_DTYPE, REPORT_DTYPE, make_orders
from ._frames import to_pandas
from ._errors import (DataFormatError, DataIOError, DuplicateOrderIdError, EngineBusyError, EngineMemoryError,
                      FeedClosedError,
                      FillBufferFullError, InvalidConfigError, InvalidOrderError, InvalidOrderIdError,
                      InvalidOwnerError, InvalidStpError, LevelFullError, OrderNotFoundError, PipelineStoppedError,
                      OrderClosedError, QueueFullError, RequestInFlightError, SigmaxError, SymbolInUseError,
                      TimeBackwardsError, TooManySymbolsError, UnknownSymbolError, WouldTradeError)
from ._order_entry import AppliedRequests, RequestOp, events_to_array, make_requests
from ._pipeline import PipelineResult, ResultKind
from ._stats import EngineStats, PipelineStats
from ._common import MAX_QUERY_LEVELS
from . import _loader
from ._loader import BACKEND_ENV, LIBRARY_ENV, LibraryNotFound
from ._queries import LevelTicks, OrderTicks, TopTicks
from ._types import (CancelReason, EventKind, Execution, Fill, OrderEvent, OrderInfo, OrderStatus, OrderType,
                     SelfTrade, Side, TimeInForce, TopOfBook)

try:  # numpy is optional: without it these are None (as ORDER_DTYPE)
    from ._order_entry import event_dtype as _event_dtype, request_dtype as _request_dtype
    EVENT_DTYPE: Any = _event_dtype()
    REQUEST_DTYPE: Any = _request_dtype()
except ImportError:  # pragma: no cover - exercised on machines without numpy
    EVENT_DTYPE = None
    REQUEST_DTYPE = None

__version__ = "0.1.0"

BACKENDS = ("cffi", "ctypes", "python")
_MODULES = {"cffi": "._cffi", "ctypes": "._ctypes", "python": "._pure"}


def load_backend(name: str) -> ModuleType:
    """The module of one backend ("cffi", "ctypes" or "python"); ImportError if it cannot load."""
    if name not in _MODULES:
        raise ImportError(f"unknown sigmax_exec backend {name!r}; choose one of {', '.join(BACKENDS)}")
    return importlib.import_module(_MODULES[name], __name__)


def available_backends() -> List[str]:
    """The backends that load on this machine, best first."""
    out = []
    for name in BACKENDS:
        try:
            load_backend(name)
            out.append(name)
        except ImportError:
            pass
    return out


def _select() -> ModuleType:
    forced = os.environ.get(BACKEND_ENV, "").strip().lower()
    if forced:
        if forced not in _MODULES:
            raise ImportError(f"{BACKEND_ENV}={forced!r} is not a backend; choose one of {', '.join(BACKENDS)}")
        try:
            return load_backend(forced)
        except ImportError as exc:
            raise ImportError(f"{BACKEND_ENV}={forced} but that backend cannot load: {exc}") from exc
    failures = []
    for name in ("cffi", "ctypes"):
        try:
            return load_backend(name)
        except ImportError as exc:
            failures.append(f"{name}: {exc}")
    if _loader.pure_build() and not os.environ.get(LIBRARY_ENV):
        why = ("this package was built with SIGMAX_EXEC_PURE=1, without the native engine; "
               "reinstall it without SIGMAX_EXEC_PURE to build the engine (needs CMake and a C++20 compiler), "
               f"or set {LIBRARY_ENV}=/path/to/libsigmax_exec.so")
    else:
        why = "native engine unavailable (" + " | ".join(failures) + ")"
    warnings.warn(f"sigmax_exec: using the pure-Python engine: {why}", RuntimeWarning, stacklevel=3)
    return load_backend("python")


_backend = _select()

BACKEND: str = _backend.Engine.implementation
NATIVE_AVAILABLE: bool = BACKEND != "python"
RUST_MODULE_AVAILABLE: bool = NATIVE_AVAILABLE  # the name SIGMAX code checks
LIBRARY_PATH: Optional[str] = getattr(_backend, "LIBRARY_PATH", None)

if TYPE_CHECKING:
    # Type checkers see the native classes; every backend's Engine and
    # Pipeline have the same public signatures (tests/test_typing.py checks).
    from ._native import NativeEngine as ExecutionEngine, NativePipeline as Pipeline
    from .venue import VenueExecutionEngine
else:
    ExecutionEngine = _backend.Engine
    Pipeline = _backend.Pipeline
ExecutionEngine.__doc__ = (ExecutionEngine.__doc__ or "") + """

    ExecutionEngine(queue_capacity=10000, *, fill_capacity=1048576, order_capacity=65536, max_symbols=16384,
                    timestamps=True)

    queue_capacity is accepted for compatibility with the SIGMAX API (the
    synchronous engine has no queue). fill_capacity bounds the undrained fills
    (FillBufferFullError past it; 0 keeps none). max_symbols bounds the books
    the engine keeps (TooManySymbolsError past it). timestamps=False skips the
    clock reads (latency_ns is then 0).

    ExecutionEngine(venue=venue), with no other argument, gives a
    sigmax_exec.venue.VenueExecutionEngine: the same methods executing
    against a simulated venue (docs/python.md, "The seed's API on a venue").
    """
RustExecutionEngine = ExecutionEngine


@overload
def execute_batch(engine: "ExecutionEngine | VenueExecutionEngine", orders: Any, *,
                  as_array: Literal[False] = False, out: None = None) -> List[Execution]: ...


@overload
def execute_batch(engine: "ExecutionEngine | VenueExecutionEngine", orders: Any, *, as_array: bool = False,
                  out: Any = None) -> Any: ...


def execute_batch(engine: "ExecutionEngine | VenueExecutionEngine", orders: Any, *, as_array: bool = False,
                  out: Any = None) -> Any:
    """Executes many orders, in order, and returns their executions.

    ``orders`` is a sequence of (symbol_id, side, order_type, price, quantity)
    tuples (a 6th element, tif, is optional), a numpy structured array (see
    ORDER_DTYPE and make_orders) or any buffer of packed 32-byte sgx_order
    records. Native backends execute it in one C call. Every order is
    validated first: if one is invalid, InvalidOrderError is raised (its
    ``index`` attribute names the order) and nothing is executed. With
    ``as_array=True`` the reports come back as a REPORT_DTYPE numpy array
    instead of Execution objects (packed bytes without numpy).

    ``out`` (implies ``as_array``) is where to write the reports: a 1-D
    REPORT_DTYPE array or writable buffer with room for every order, reused
    from call to call so that the batch allocates nothing for its reports.
    The return value is then a view of its first ``len(orders)`` reports. A
    wrong ``out`` raises TypeError or ValueError before anything executes.

    ``engine`` may also be a VenueExecutionEngine (``RustExecutionEngine(venue=v)``):
    the orders then go to the venue one after another, and a symbol may be a name.
    """
    return engine.execute_batch(orders, as_array=as_array, out=out)


def benchmark_latency(iterations: int = 10000, *, backend: Optional[str] = None, seed: int = 1,
                      symbols: int = 4) -> Dict[str, Any]:
    """Replays the CLI bench's deterministic workload (``iterations`` orders and
    cancels) through a fresh engine, timing each call from Python.

    Returns iterations, avg_ns, p50_ns, p95_ns, p99_ns, p999_ns, min_ns,
    max_ns, throughput (calls/s), implementation (the backend), and the
    engine's own in-engine latency figures (engine_p50_ns, engine_p99_ns).
    """
    from . import _workload  # the bench's workload: imported only by those who run it
    from ._common import integer, percentile_summary
    iterations, seed, symbols = integer(iterations, "iterations"), integer(seed, "seed"), integer(symbols, "symbols")
    if iterations < 0:
        raise ValueError(f"iterations must be >= 0, got {iterations}")
    module = _backend if backend is None else load_backend(backend)
    events = _workload.generate(iterations, symbols, seed)
    engine = module.Engine()
    for s in range(symbols):
        engine.configure_symbol(s, _workload.TICK, _workload.LOT)
    samples = []
    clock = time.perf_counter_ns
    execute = engine.execute_order
    cancel = engine.cancel_order
    start = clock()
    for e in events:
        t0 = clock()
        if e[0] == "new":
            execute(e[1], e[2], e[3], e[4], e[5], e[6])
        else:
            cancel(e[1])
        samples.append(clock() - t0)
        if len(samples) % 4096 == 0:
            engine.drain_fills()
    elapsed = clock() - start
    stats = engine.get_stats()
    out: Dict[str, Any] = {"iterations": iterations, "implementation": module.Engine.implementation}
    out.update(percentile_summary(samples))
    out["throughput"] = iterations / (elapsed / 1e9) if elapsed else 0.0
    out["engine_p50_ns"] = stats["p50_latency_ns"]
    out["engine_p99_ns"] = stats["p99_latency_ns"]
    out["total_fills"] = stats["total_fills"]
    return out


__all__ = [
    "BACKEND", "BACKENDS", "NATIVE_AVAILABLE", "RUST_MODULE_AVAILABLE", "LIBRARY_PATH", "ExecutionEngine",
    "RustExecutionEngine", "execute_batch", "benchmark_latency", "load_backend", "available_backends",
    "Side", "OrderType", "TimeInForce", "OrderStatus", "Execution", "Fill", "TopOfBook", "OrderInfo",
    "TopTicks", "LevelTicks", "OrderTicks",
    "SigmaxError", "InvalidOrderError", "InvalidConfigError", "SymbolInUseError", "FillBufferFullError",
    "QueueFullError", "LevelFullError", "TooManySymbolsError", "EngineMemoryError", "EngineBusyError", "PipelineStoppedError", "DataFormatError", "DataIOError", "Pipeline", "PipelineResult", "ResultKind", "MAX_QUERY_LEVELS", "LibraryNotFound", "ORDER_DTYPE", "REPORT_DTYPE", "make_orders", "to_pandas",
    "LIBRARY_ENV", "BACKEND_ENV", "EngineStats", "PipelineStats",
    # The integer order entry (docs/python.md, "Integer order entry").
    "OrderEvent", "EventKind", "CancelReason", "SelfTrade", "RequestOp", "AppliedRequests", "EVENT_DTYPE",
    "REQUEST_DTYPE", "events_to_array", "make_requests", "DuplicateOrderIdError", "InvalidOrderIdError",
    "InvalidStpError", "InvalidOwnerError", "OrderNotFoundError", "WouldTradeError",
    # The simulated venue's errors (docs/venue.md).
    "UnknownSymbolError", "TimeBackwardsError", "RequestInFlightError", "OrderClosedError", "FeedClosedError",
]
