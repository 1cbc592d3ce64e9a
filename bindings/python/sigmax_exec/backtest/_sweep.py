"""Parameter sweeps: one user function over many event files and many
parameter sets, in parallel processes or on a dask.distributed cluster,
results as one pandas DataFrame.

```python
from sigmax_exec.backtest import sweep

def run(path: str, spacing: int, half_spread: int) -> dict:
    ...                                   # open a Venue on path, run a strategy
    return result.summary()               # any flat dict of scalars

frame = sweep(run, ["day1.sgxmd", "day2.sgxmd"],
              {"spacing": [5, 10, 20], "half_spread": [10, 20]})
```

Tasks. ``params`` is a list of dicts (used as given) or a dict of lists (the
cartesian product in the order given, the last key varying fastest:
``{"a": [1, 2], "b": [3, 4]}`` gives a=1,b=3; a=1,b=4; a=2,b=3; a=2,b=4).
There is one task per (file, parameter set), file-major: every parameter set
on the first file, then on the second, ... Each task calls
``run(path, **params)`` with the path as a str; it returns a mapping of
column name to value.

Result. One row per task in task order (whatever the completion order):
the column ``file`` (the path as given, as a str), the parameter keys (in
order of first appearance), then the result keys (in order of first
appearance; a task without a key gets NaN there). A result key equal to
``file`` or to a parameter key is refused (ValueError naming the task): a
column means one thing.

Where the tasks run:
- default: a process pool (concurrent.futures.ProcessPoolExecutor,
  ``processes`` workers, default os.cpu_count(), never more than there are
  chunks). On Linux the workers are forked after ``run`` is handed to them,
  so ``run`` is never pickled: a function of the user's script (__main__),
  a closure or a lambda works; only the tasks' paths and parameters and
  the result dicts cross between processes.
- ``client=``: a dask.distributed Client; the same tasks run there
  (client.map, then distributed.as_completed), results identical. ``run``
  travels by cloudpickle: by value when it lives in __main__ or in a module
  that cannot be found on this process's sys.path (e.g. a file loaded by
  path), by reference otherwise, so on a remote cluster its module must be
  importable there (or ``run`` kept in the script). ``sigmax_exec`` must be
  installed on the workers.
- ``dask=True`` without a client: a LocalCluster of ``processes`` worker
  processes (one thread each, no dashboard, quiet logs) made for the call
  and closed at its end. With a client, ``dask`` is not looked at. Pointing a sweep at a real cluster changes only
  the ``client=`` argument.

``chunksize`` tasks travel together (one round trip per chunk): raise it
when single tasks are short. ``progress`` draws a tqdm bar over completed
tasks on stderr (no bar when tqdm is missing).

Errors. A task that raises stops the sweep: the tasks not started are
cancelled and :class:`SweepError` names the task (index, file, params);
its ``__cause__`` is the task's exception (or a RuntimeError with its type
and message when it cannot be pickled back), whose own cause carries the
worker's traceback text. Bad arguments (``run`` not callable, ``params``
neither form, a parameter list given as a str, ``processes`` or
``chunksize`` below 1) raise TypeError or ValueError before anything runs.
"""
from __future__ import annotations

import itertools
import os
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Union

from ._sweep_runners import Failure, Task, run_on_dask, run_on_local_cluster, run_on_pool

ParamSets = Union[Sequence[Mapping[str, Any]], Mapping[str, Iterable[Any]]]
PathLike = Union[str, "os.PathLike[str]"]


class SweepError(RuntimeError):
    """A task of a sweep raised: ``task`` (its index in task order), ``file``
    and ``params`` say which."""

    def __init__(self, task: int, file: str, params: Dict[str, Any], detail: str) -> None:
        super().__init__(f"sweep task {task} (file {file!r}, params {params!r}) failed: {detail}")
        self.task, self.file, self.params = task, file, params


def expand_params(params: ParamSets) -> List[Dict[str, Any]]:
    """The parameter sets of a sweep: a list of dicts as given (copied), or
    the cartesian product of a dict of lists, last key varying fastest."""
    if isinstance(params, Mapping):
        keys = list(params)
        columns = []
        for key in keys:
            _check_key(key)
            values = params[key]
            if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
                raise TypeError(f"sweep: params[{key!r}] must be a list of values, not {type(values).__name__}")
            columns.append(list(values))
        return [dict(zip(keys, combo)) for combo in itertools.product(*columns)]
    if isinstance(params, (str, bytes)) or not isinstance(params, Iterable):
        raise TypeError(f"sweep: params must be a list of dicts or a dict of lists, not {type(params).__name__}")
    sets = []
    for i, one in enumerate(params):
        if not isinstance(one, Mapping):
            raise TypeError(f"sweep: params[{i}] must be a dict, not {type(one).__name__}")
        for key in one:
            _check_key(key)
        sets.append(dict(one))
    return sets


def _check_key(key: Any) -> None:
    if not isinstance(key, str):
        raise TypeError(f"sweep: parameter names are str (keyword arguments of run), not {key!r}")
    if key == "file":
        raise ValueError("sweep: 'file' is the column of the path, not a parameter name")


def make_tasks(files: Union[PathLike, Sequence[PathLike]], sets: List[Dict[str, Any]]) -> List[Task]:
    """One (index, path, params) per file and parameter set, file-major."""
    paths = [os.fspath(files)] if isinstance(files, (str, os.PathLike)) else [os.fspath(f) for f in files]
    return [(i, path, p) for i, (path, p) in enumerate(itertools.product(paths, sets))]


def sweep(run: Callable[..., Mapping[str, Any]], files: Union[PathLike, Sequence[PathLike]], params: ParamSets, *,
          processes: Optional[int] = None, client: Any = None, dask: bool = False, progress: bool = True,
          chunksize: int = 1) -> Any:
    """Runs ``run(path, **params)`` for every file and parameter set in
    parallel; returns a pandas DataFrame, one row per task in task order
    (see the module's documentation for the rules)."""
    import pandas as pd  # type: ignore[import]

    if not callable(run):
        raise TypeError(f"sweep: run must be callable, not {type(run).__name__}")
    for name, value in (("processes", processes), ("chunksize", chunksize)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            raise ValueError(f"sweep: {name} must be an int >= 1, not {value!r}")
    sets = expand_params(params)
    tasks = make_tasks(files, sets)
    workers = processes if processes is not None else (os.cpu_count() or 1)
    chunks = [tasks[i:i + chunksize] for i in range(0, len(tasks), chunksize)]
    bar = _ProgressBar(len(tasks), progress)
    results: Dict[int, Dict[str, Any]] = {}
    try:
        if not chunks:
            failure: Optional[Failure] = None
        elif client is not None:
            failure = run_on_dask(client, run, chunks, results, bar.advance)
        elif dask:
            failure = run_on_local_cluster(workers, run, chunks, results, bar.advance)
        else:
            failure = run_on_pool(workers, run, chunks, results, bar.advance, bar.start)
    finally:
        bar.close()
    if failure is not None:
        index, exc = failure
        _, path, p = tasks[index]
        raise SweepError(index, path, p, f"{type(exc).__name__}: {exc}") from exc
    return pd.DataFrame(_rows(tasks, results), columns=_columns(sets, tasks, results))


def _columns(sets: List[Dict[str, Any]], tasks: List[Task], results: Dict[int, Dict[str, Any]]) -> List[str]:
    columns: Dict[str, None] = {"file": None}
    for p in sets:
        columns.update(dict.fromkeys(p))
    for index, _, p in tasks:
        for key in results[index]:
            if key == "file" or key in p:
                raise ValueError(f"sweep task {index}: run's result key {key!r} is also the "
                                 f"{'path' if key == 'file' else 'parameter'} column")
            columns.setdefault(key, None)
    return list(columns)


def _rows(tasks: List[Task], results: Dict[int, Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [{"file": path, **p, **results[index]} for index, path, p in tasks]


class _ProgressBar:
    """A tqdm bar over completed tasks on stderr, drawn from start() on (the
    pool forks its workers first: no bar thread is copied into them); a
    no-op when disabled or tqdm is missing."""

    def __init__(self, total: int, enabled: bool) -> None:
        self._total, self._enabled = total, enabled
        self._bar: Any = None

    def start(self) -> None:
        if not self._enabled or self._bar is not None:
            return
        try:
            from tqdm import tqdm  # type: ignore[import]
        except ImportError:
            self._enabled = False
            return
        import sys
        self._bar = tqdm(total=self._total, file=sys.stderr, unit="task", desc="sweep")

    def advance(self, n: int) -> None:
        self.start()
        if self._bar is not None:
            self._bar.update(n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


__all__ = ["sweep", "SweepError", "expand_params", "make_tasks"]
