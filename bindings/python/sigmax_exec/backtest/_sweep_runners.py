"""Where a sweep's tasks run: a process pool, a dask.distributed client, or
a LocalCluster made for the call. Every runner hands chunks of tasks to
run_chunk in the workers, stores each task's result dict under its index,
reports completed tasks through ``advance`` and stops at the first failed
task, cancelling the chunks not yet started."""
from __future__ import annotations

import importlib.machinery
import os
import pickle
import sys
import traceback
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

Task = Tuple[int, str, Dict[str, Any]]                 # (index in task order, path, params)
Failure = Tuple[int, BaseException]                     # (index of the failed task, its exception)
_Fault = Tuple[int, BaseException, str]                 # what a worker sends back: + the traceback text
_Outcome = Tuple[List[Tuple[int, Dict[str, Any]]], Optional[_Fault]]
Results = Dict[int, Dict[str, Any]]
Advance = Callable[[int], None]


class RemoteTraceback(Exception):
    """The traceback of a task's exception, as text from the worker that ran it."""

    def __str__(self) -> str:
        return f"\n{self.args[0]}" if self.args else ""


def run_chunk(run: Callable[..., Any], chunk: Sequence[Task]) -> _Outcome:
    """Runs the chunk's tasks in order: their results, and the first task
    that raised (the rest of the chunk is not run)."""
    done = []
    for index, path, params in chunk:
        try:
            out = run(path, **params)
            if not isinstance(out, Mapping):
                raise TypeError(f"run returned {type(out).__name__}, not a dict of results")
            done.append((index, dict(out)))
        except Exception as exc:
            return done, (index, _portable(exc), traceback.format_exc())
    return done, None


def _portable(exc: Exception) -> BaseException:
    """The exception itself if it survives pickling (the trip back from the
    worker), else a RuntimeError with its type and message."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _collect(completed: Iterable[Any], chunk_of: Mapping[Any, Sequence[Task]], results: Results,
             advance: Advance) -> Optional[Failure]:
    for future in completed:
        try:
            done, fault = future.result()
        except Exception as exc:  # the worker died, or the chunk's outcome could not travel back
            first = chunk_of[future][0][0]
            return first, exc
        results.update(done)
        advance(len(done))
        if fault is not None:
            index, raised, text = fault
            raised.__cause__ = RemoteTraceback(text)
            return index, raised
    return None


# The process pool. On Linux the workers are forked with `run` as their
# initializer's argument, so it is inherited, never pickled; elsewhere
# (spawn) it travels once per worker, by cloudpickle when available.
_pool_run: Optional[Callable[..., Any]] = None


def _adopt_run(run: Any) -> None:
    global _pool_run
    _pool_run = pickle.loads(run) if isinstance(run, bytes) else run


def _pool_chunk(chunk: Sequence[Task]) -> _Outcome:
    assert _pool_run is not None, "the worker's initializer sets the run function"
    return run_chunk(_pool_run, chunk)


def run_on_pool(workers: int, run: Callable[..., Any], chunks: List[List[Task]], results: Results, advance: Advance,
                started: Callable[[], None]) -> Optional[Failure]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    fork = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else None)
    handed: Any = run if fork else _dumps_by_value(run)
    pool = ProcessPoolExecutor(max_workers=min(workers, len(chunks)), mp_context=context, initializer=_adopt_run,
                               initargs=(handed,))
    try:
        chunk_of = {pool.submit(_pool_chunk, chunk): chunk for chunk in chunks}
        started()  # the workers are forked: threads (a progress bar's) may start now
        return _collect(as_completed(chunk_of), chunk_of, results, advance)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# dask.distributed. `run` travels as cloudpickle bytes made here: by value
# when its module cannot be imported by name (see _dumps_by_value), so the
# workers need only sigmax_exec and what `run` itself imports.
_loaded: Dict[bytes, Callable[..., Any]] = {}


def _dask_chunk(run_bytes: bytes, chunk: Sequence[Task]) -> _Outcome:
    run = _loaded.get(run_bytes)
    if run is None:
        _loaded.clear()  # one sweep's function at a time
        run = _loaded[run_bytes] = pickle.loads(run_bytes)
    return run_chunk(run, chunk)


def run_on_dask(client: Any, run: Callable[..., Any], chunks: List[List[Task]], results: Results,
                advance: Advance) -> Optional[Failure]:
    import functools

    as_completed = _distributed().as_completed
    futures = client.map(functools.partial(_dask_chunk, _dumps_by_value(run)), chunks, pure=False)
    try:
        return _collect(as_completed(futures), dict(zip(futures, chunks)), results, advance)
    finally:
        client.cancel(futures)  # the unfinished ones after a failure; releases the finished ones


def run_on_local_cluster(workers: int, run: Callable[..., Any], chunks: List[List[Task]], results: Results,
                         advance: Advance) -> Optional[Failure]:
    import logging

    distributed = _distributed()
    # No dashboard; the scheduler's HTTP endpoints (always served) on a free port, not on 8787.
    with distributed.LocalCluster(n_workers=min(workers, len(chunks)), threads_per_worker=1, processes=True,
                                  dashboard_address=None, scheduler_kwargs={"dashboard_address": ":0"},
                                  silence_logs=logging.ERROR) as cluster:
        with distributed.Client(cluster) as client:
            return run_on_dask(client, run, chunks, results, advance)


def _distributed() -> Any:
    """dask.distributed, imported when a sweep goes there (an optional dependency)."""
    import importlib
    return importlib.import_module("distributed")


def _dumps_by_value(run: Callable[..., Any]) -> bytes:
    """``run`` pickled by cloudpickle; its module registered for pickling by
    value while this runs when another process could not import it by name
    (__main__ is always by value; a module without a file, built in, never).
    Plain pickle without cloudpickle."""
    try:
        import cloudpickle  # type: ignore[import]
    except ImportError:
        return pickle.dumps(run)
    module = sys.modules.get(getattr(run, "__module__", None) or type(run).__module__)
    register = (module is not None and module.__name__ != "__main__" and getattr(module, "__file__", None) is not None
                and not _importable_by_name(module)
                and module.__name__ not in cloudpickle.list_registry_pickle_by_value())
    if register:
        cloudpickle.register_pickle_by_value(module)
    try:
        data: bytes = cloudpickle.dumps(run)
        return data
    finally:
        if register:
            cloudpickle.unregister_pickle_by_value(module)


def _importable_by_name(module: Any) -> bool:
    """Whether ``import <module's name>`` through this process's sys.path
    finds the file the module was loaded from (not the case for a file
    loaded by path, or a module made at run time)."""
    path: Optional[List[str]] = None  # sys.path
    spec = None
    for part in module.__name__.split("."):
        if spec is not None:
            path = list(spec.submodule_search_locations or [])
            if not path:
                return False
        spec = importlib.machinery.PathFinder.find_spec(part, path)
        if spec is None:
            return False
    origin, loaded = spec.origin if spec else None, getattr(module, "__file__", None)
    if origin is None or loaded is None:
        return False
    try:
        return os.path.samefile(origin, loaded)
    except OSError:
        return False
