"""sigmax_exec.backtest.sweep: the task order (file-major, params expanded
last key fastest), the frame's rows and columns, identical frames from the
process pool and from a LocalCluster of 2 workers (the grid example over two
slices of the shared recording, on every backend), errors naming the task,
run functions the workers cannot import, the progress bar, and the bench."""
import importlib.util
import logging
import math
import multiprocessing
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sigmax_exec.backtest import SweepError, expand_params, sweep
from sigmax_exec.backtest._sweep import make_tasks
import sweep_grid
from venue_streams import loaded_core_backends

pd = pytest.importorskip("pandas")
# distributed 2022.12 on Debian's tornado: a deprecation inside the cluster's own start-up
pytestmark = pytest.mark.filterwarnings("ignore:make_current is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def slices(shared_slice):
    """The shared recording's first 15 s and first 30 s (conftest's session slices)."""
    return [str(shared_slice(15)), str(shared_slice(30))]


@pytest.fixture(scope="module")
def client():
    """One LocalCluster of 2 worker processes (one thread each) for the module's tests."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  scheduler_kwargs={"dashboard_address": ":0"}, silence_logs=logging.ERROR) as cluster:
        with distributed.Client(cluster) as c:
            yield c


def echo(path, **params):
    """A run that returns what it was given: the frame shows which task made each row."""
    return {"seen_path": path, **{f"seen_{k}": v for k, v in params.items()}}


def fail_on_b2(path, a, b):
    if a == 1 and b == 2 and path.endswith("y"):
        raise KeyError(f"no b={b}")
    return {"sum": a + b}


def test_a_dict_of_lists_expands_to_the_product_in_key_order_last_key_fastest():
    assert expand_params({"a": [1, 2], "b": ["x", "y", "z"]}) == [
        {"a": 1, "b": "x"}, {"a": 1, "b": "y"}, {"a": 1, "b": "z"},
        {"a": 2, "b": "x"}, {"a": 2, "b": "y"}, {"a": 2, "b": "z"}]
    assert expand_params({"b": range(2), "a": (5,)}) == [{"b": 0, "a": 5}, {"b": 1, "a": 5}]
    assert expand_params({}) == [{}]


def test_a_list_of_dicts_is_used_as_given_and_tasks_are_file_major():
    sets = [{"b": 2}, {"a": 1, "b": 3}]
    assert expand_params(sets) == sets
    assert make_tasks(["f", "g"], sets) == [(0, "f", {"b": 2}), (1, "f", {"a": 1, "b": 3}),
                                            (2, "g", {"b": 2}), (3, "g", {"a": 1, "b": 3})]


def test_the_frame_has_one_row_per_task_in_task_order_with_file_params_then_results():
    frame = sweep(echo, ["x", "y"], {"a": [1, 2], "b": [3, 4]}, processes=2, progress=False)
    assert list(frame.columns) == ["file", "a", "b", "seen_path", "seen_a", "seen_b"]
    assert frame[["file", "a", "b"]].values.tolist() == [
        ["x", 1, 3], ["x", 1, 4], ["x", 2, 3], ["x", 2, 4], ["y", 1, 3], ["y", 1, 4], ["y", 2, 3], ["y", 2, 4]]
    assert (frame["file"] == frame["seen_path"]).all() and (frame["a"] == frame["seen_a"]).all()
    assert (frame["b"] == frame["seen_b"]).all()


def test_param_sets_with_different_keys_give_the_union_of_columns_and_nan_where_missing():
    frame = sweep(echo, ["x"], [{"a": 1}, {"b": 2}], processes=1, progress=False)
    assert list(frame.columns) == ["file", "a", "b", "seen_path", "seen_a", "seen_b"]
    assert frame["a"].tolist()[0] == 1 and math.isnan(frame["a"].tolist()[1])
    assert math.isnan(frame["seen_b"].tolist()[0]) and frame["seen_b"].tolist()[1] == 2


def test_a_closure_runs_in_the_forked_pool_and_a_single_path_is_one_file():
    offset = 100
    frame = sweep(lambda path, a: {"v": a + offset}, "only.sgxmd", {"a": [1, 2, 3]}, processes=2, chunksize=2,
                  progress=False)
    assert frame["file"].tolist() == ["only.sgxmd"] * 3 and frame["v"].tolist() == [101, 102, 103]


def test_bad_arguments_raise_before_anything_runs():
    with pytest.raises(TypeError, match="run must be callable"):
        sweep("grid", ["x"], {"a": [1]})
    with pytest.raises(TypeError, match=r"params\['a'\] must be a list"):
        sweep(echo, ["x"], {"a": "123"})
    with pytest.raises(TypeError, match=r"params\[1\] must be a dict"):
        sweep(echo, ["x"], [{"a": 1}, 2])
    with pytest.raises(TypeError, match="params must be a list of dicts or a dict of lists"):
        sweep(echo, ["x"], 5)
    with pytest.raises(ValueError, match="'file' is the column"):
        sweep(echo, ["x"], {"file": [1]})
    with pytest.raises(ValueError, match="processes must be an int >= 1"):
        sweep(echo, ["x"], {"a": [1]}, processes=0)
    with pytest.raises(ValueError, match="chunksize must be an int >= 1"):
        sweep(echo, ["x"], {"a": [1]}, chunksize=0)


def test_a_result_key_that_is_also_a_param_or_file_column_is_refused():
    with pytest.raises(ValueError, match="result key 'a' is also the parameter column"):
        sweep(lambda path, a: {"a": a}, ["x"], {"a": [1]}, processes=1, progress=False)
    with pytest.raises(ValueError, match="result key 'file' is also the path column"):
        sweep(lambda path: {"file": path}, ["x"], [{}], processes=1, progress=False)


def test_no_tasks_give_an_empty_frame_with_the_file_and_param_columns():
    frame = sweep(echo, [], {"a": [1, 2]}, progress=False)
    assert len(frame) == 0 and list(frame.columns) == ["file", "a"]


def test_a_run_returning_something_else_than_a_dict_fails_its_task():
    with pytest.raises(SweepError, match=r"sweep task 1 .*TypeError: run returned int, not a dict"):
        sweep(lambda path, a: {"a2": a} if a == 1 else a, ["x"], {"a": [1, 2]}, processes=1, progress=False)


def test_the_pool_leaves_no_worker_process_behind():
    before = set(multiprocessing.active_children())
    sweep(echo, ["x"], {"a": [1, 2, 3]}, processes=2, progress=False)
    assert set(multiprocessing.active_children()) == before


def test_the_progress_bar_counts_tasks_on_stderr_and_is_absent_when_off_or_without_tqdm(capsys, monkeypatch):
    pytest.importorskip("tqdm")
    sweep(echo, ["x"], {"a": [1, 2, 3]}, processes=1)
    captured = capsys.readouterr()
    assert "3/3" in captured.err and captured.out == ""
    sweep(echo, ["x"], {"a": [1, 2, 3]}, processes=1, progress=False)
    assert capsys.readouterr().err == ""
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import tqdm raises ImportError
    frame = sweep(echo, ["x"], {"a": [1, 2, 3]}, processes=1)
    assert capsys.readouterr().err == "" and len(frame) == 3


def check_the_failure_of_task_5(**on):
    with pytest.raises(SweepError, match=r"sweep task 5 \(file 'y', params \{'a': 1, 'b': 2\}\) failed: KeyError") as e:
        sweep(fail_on_b2, ["x", "y"], {"a": [1, 2], "b": [1, 2]}, progress=False, **on)
    assert (e.value.task, e.value.file, e.value.params) == (5, "y", {"a": 1, "b": 2})
    assert isinstance(e.value.__cause__, KeyError)
    assert "no b=2" in str(e.value.__cause__.__cause__)  # the worker's traceback text


def test_a_failing_task_in_the_pool_raises_a_sweep_error_naming_its_file_and_params():
    check_the_failure_of_task_5(processes=2)


# The tests below start the module's LocalCluster (and the last one its own):
# the ones above fork the pool from a process without the cluster's threads.

@pytest.fixture(scope="module")
def grid_pool_frame(slices):
    """The grid over both slices on the process pool, on every backend."""
    params = {"backend": loaded_core_backends(), "spacing": [5, 10], "half_spread": [10, 30]}
    return params, sweep(sweep_grid.run, slices, params, processes=2, progress=False)


def test_the_pool_and_a_two_worker_local_cluster_give_identical_frames_of_the_grid_on_every_backend(
        grid_pool_frame, slices, client):
    """Also: the grid's figures are the same on every backend (native and
    pure agree), and a row equals a direct call of run on its task."""
    params, pool = grid_pool_frame  # made before the cluster starts
    backends = params["backend"]
    cluster = sweep(sweep_grid.run, slices, params, client=client, chunksize=3, progress=False)
    pd.testing.assert_frame_equal(pool, cluster, check_exact=True)
    assert list(pool.columns[:4]) == ["file", "backend", "spacing", "half_spread"]
    assert len(pool) == 2 * len(backends) * 4 and pool["file"].tolist() == [slices[0]] * (len(pool) // 2) + [
        slices[1]] * (len(pool) // 2)
    results = list(pool.columns[4:])
    assert results
    by_backend = [pool[pool["backend"] == b][results].reset_index(drop=True) for b in backends]
    for other in by_backend[1:]:
        pd.testing.assert_frame_equal(by_backend[0], other, check_exact=True)
    last = pool.iloc[-1]
    direct = sweep_grid.run(last["file"], backend=last["backend"], spacing=int(last["spacing"]),
                            half_spread=int(last["half_spread"]))
    assert list(direct) == results
    pd.testing.assert_frame_equal(pool.iloc[[-1]][results].reset_index(drop=True), pd.DataFrame([direct]),
                                  check_exact=True)
    assert pool["spacing"].nunique() == 2 and pool[results].drop_duplicates().shape[0] > 2  # params matter


def test_a_failing_task_on_the_cluster_raises_a_sweep_error_naming_its_file_and_params(client):
    check_the_failure_of_task_5(client=client)


def test_a_run_from_a_module_the_workers_cannot_import_travels_by_value_to_the_cluster(tmp_path, client):
    source = tmp_path / "user_strategy_not_on_sys_path.py"
    source.write_text("SCALE = 7\n\ndef run(path, a):\n    return {'scaled': a * SCALE, 'name': path.upper()}\n")
    spec = importlib.util.spec_from_file_location("user_strategy_not_on_sys_path", source)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        frame = sweep(module.run, ["p", "q"], {"a": [1, 2]}, client=client, progress=False)
    finally:
        del sys.modules[spec.name]
    assert frame["scaled"].tolist() == [7, 14, 7, 14] and frame["name"].tolist() == ["P", "P", "Q", "Q"]


def test_dask_true_runs_on_a_local_cluster_of_its_own_and_closes_it():
    pytest.importorskip("distributed")
    before = set(multiprocessing.active_children())  # the module's cluster, if started
    frame = sweep(echo, ["x"], {"a": [1, 2]}, dask=True, processes=1, progress=False)
    assert frame["seen_a"].tolist() == [1, 2]
    assert set(multiprocessing.active_children()) == before  # its worker process is gone


def test_the_sweep_bench_prints_the_machine_the_times_and_results_equal_to_the_serial_run(shared_slice):
    """bench/python_sweep.py on a short slice: its report's lines, and the
    pool's 100 rows equal the same tasks run one after another."""
    root = Path(__file__).resolve().parents[3]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(root / "bindings" / "python"),
                                                       os.environ.get("PYTHONPATH", "")]))
    backend = "cffi" if "cffi" in loaded_core_backends() else "python"
    out = subprocess.run([sys.executable, str(root / "bench" / "python_sweep.py"), str(shared_slice(15)),
                          "--repeats", "1", "--backend", backend], check=True, capture_output=True, text=True,
                         env=env, timeout=600).stdout
    assert re.search(r"^machine: .+", out, re.M), out
    assert re.search(r"^sweep of the grid: 100 tasks over \d+ events", out, re.M), out
    assert re.search(r"^  sweep wall +median +[\d.]+ s +min +[\d.]+ s +max +[\d.]+ s$", out, re.M), out
    assert re.search(r"^  pool task +median +[\d.]+ ms +p90 +[\d.]+ ms .*; CPU median [\d.]+ ms$", out, re.M), out
    assert re.search(r"^  serial +total +[\d.]+ s +task median +[\d.]+ ms +p90 +[\d.]+ ms; CPU median [\d.]+ ms$", out,
                     re.M), out
    assert re.search(r"^  speed-up [\d.]+x on \d+ processes; pool overhead .* median -?[\d.]+ s$", out, re.M), out
    assert "results equal the serial run's: yes" in out
