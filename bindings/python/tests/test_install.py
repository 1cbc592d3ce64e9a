"""pip installs the package offline with the native engine inside: an import
from outside the checkout, with no SIGMAX_* variable, selects a native backend.

Each install goes into a fresh venv (--system-site-packages, so Debian's cffi
and numpy are seen). The wheels bundle the library CTest built
(SIGMAX_EXEC_PREBUILT). The one test that lets pip run the CMake build
itself, from an sdist, takes 30 to 110 s on 2 shared cores, so it runs only
with SIGMAX_TEST_CMAKE_INSTALL=1 (its own CTest entry, beside the others).
All are marked `install`: `-m "not install"` leaves them out.
"""
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile

import pytest

import sigmax_exec as sx

PKG_SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # bindings/python
CHECKOUT = os.path.dirname(os.path.dirname(PKG_SRC))

pytestmark = [
    pytest.mark.install,
    pytest.mark.skipif(importlib.util.find_spec("ensurepip") is None, reason="python3-venv is not installed"),
]

# Run by the installed package from a directory outside the checkout.
USE_ENGINE = """
import json, os, sigmax_exec as sx
import sigmax_exec.backtest  # the subpackages are installed too (backtest imports venue and market)
e = sx.ExecutionEngine()
e.configure_symbol(1, tick_size=0.01, lot_size=0.001)
e.execute_order(1, sx.Side.SELL, sx.OrderType.LIMIT, 101.25, 2.0)
buy = e.execute_order(1, sx.Side.BUY, sx.OrderType.MARKET, 0.0, 0.5)
print(json.dumps({"backend": sx.BACKEND, "library": sx.LIBRARY_PATH, "package": os.path.dirname(sx.__file__),
                  "status": buy.status.name, "fills": len(e.drain_fills()),
                  "header": os.path.exists(os.path.join(os.path.dirname(sx.__file__), "_include", "sigmax_exec.h"))}))
"""


def clean_env(**extra):
    """The environment without SIGMAX_* variables or PYTHONPATH, plus extra."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIGMAX_") and k != "PYTHONPATH"}
    env.update(extra)
    return env


def run(cmd, env=None, cwd=None, check=True):
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, env=env or clean_env(), cwd=cwd,
                       timeout=600)
    if check:
        assert r.returncode == 0, f"{cmd}\n{r.stdout}\n{r.stderr}"
    return r


def make_venv(path):
    run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", path])
    return path / "bin" / "python"  # its `-m pip` is the system's pip, installing into the venv


def build_wheel(python, out_dir, src=PKG_SRC, **env):
    run([python, "-m", "pip", "wheel", "-q", "--no-build-isolation", "--no-index", "--no-deps", "-w", out_dir, src],
        env=clean_env(**env))
    (wheel,) = out_dir.glob("*.whl")
    return wheel


def install_and_use(python, target, cwd, **env):
    run([python, "-m", "pip", "install", "-q", "--no-build-isolation", "--no-index", "--no-deps", target])
    r = run([python, "-W", "default", "-c", USE_ENGINE], env=clean_env(**env), cwd=cwd)
    return json.loads(r.stdout), r.stderr


def source_tree_status():
    """git's view of the package's folder (ignored files left out), or None outside a git checkout."""
    if shutil.which("git") is None:
        return None
    r = subprocess.run(["git", "-C", CHECKOUT, "status", "--porcelain", "--untracked-files=all", "--", PKG_SRC],
                       capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else None


@pytest.fixture(scope="module")
def library():
    path = os.environ.get("SIGMAX_EXEC_LIBRARY") or sx.LIBRARY_PATH
    if not path:
        pytest.skip("no native library built here to bundle")
    return path


@pytest.fixture(scope="module")
def native_build(library, tmp_path_factory):
    """A venv and the wheel built from the checkout with the prebuilt library, and git's status around it."""
    tmp = tmp_path_factory.mktemp("native")
    python = make_venv(tmp / "venv")
    before = source_tree_status()
    wheel = build_wheel(python, tmp, SIGMAX_EXEC_PREBUILT=library)
    return {"python": python, "venv": tmp / "venv", "wheel": wheel, "before": before, "after": source_tree_status()}


def test_a_wheel_with_the_engine_inside_is_a_platform_wheel_for_any_python_3(native_build):
    name = native_build["wheel"].name
    assert name.startswith("sigmax_exec-") and "-py3-none-linux_" in name, name
    with zipfile.ZipFile(native_build["wheel"]) as z:
        names = z.namelist()
    assert "sigmax_exec/libsigmax_exec.so" in names and "sigmax_exec/_include/sigmax_exec.h" in names
    assert "sigmax_exec/_pure_build.txt" not in names
    for package in ("market", "market/_pure_convert", "venue", "backtest"):
        assert f"sigmax_exec/{package}/__init__.py" in names, package


def test_the_installed_package_selects_cffi_with_its_bundled_library_from_anywhere_with_no_environment_variable(
        native_build, tmp_path):
    used, stderr = install_and_use(native_build["python"], native_build["wheel"], tmp_path)
    assert used["backend"] == "cffi", stderr
    assert used["library"].startswith(str(native_build["venv"])) and used["library"].endswith("/libsigmax_exec.so")
    assert used["package"].startswith(str(native_build["venv"])) and used["header"]
    assert (used["status"], used["fills"]) == ("FILLED", 1)
    assert "Warning" not in stderr


def test_without_cffi_the_installed_package_selects_ctypes_with_its_bundled_library(native_build, tmp_path):
    install_and_use(native_build["python"], native_build["wheel"], tmp_path)
    blocker = tmp_path / "no_cffi"
    (blocker / "cffi").mkdir(parents=True)
    (blocker / "cffi" / "__init__.py").write_text("raise ImportError('cffi hidden by the test')\n")
    r = run([native_build["python"], "-c", USE_ENGINE], env=clean_env(PYTHONPATH=str(blocker)), cwd=tmp_path)
    used = json.loads(r.stdout)
    assert used["backend"] == "ctypes" and used["library"].startswith(str(native_build["venv"]))
    assert (used["status"], used["fills"]) == ("FILLED", 1)


def test_building_leaves_no_file_in_the_source_tree_outside_ignored_build_directories(native_build):
    if native_build["before"] is None:
        pytest.skip("not a git checkout")
    assert native_build["after"] == native_build["before"]


def test_a_pure_build_after_a_native_one_is_a_pure_wheel_and_warns_once_in_one_line_saying_why_and_how(
        native_build, tmp_path):
    # native_build ran first: its library in setuptools' build directory must not leak into this wheel.
    wheel = build_wheel(native_build["python"], tmp_path, SIGMAX_EXEC_PURE="1")
    assert wheel.name.endswith("-py3-none-any.whl"), wheel.name
    with zipfile.ZipFile(wheel) as z:
        assert not [n for n in z.namelist() if ".so" in n]
    python = make_venv(tmp_path / "venv")
    used, stderr = install_and_use(python, wheel, tmp_path)
    assert used["backend"] == "python" and used["library"] is None
    assert (used["status"], used["fills"]) == ("FILLED", 1)
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "RuntimeWarning" in lines[0] and "SIGMAX_EXEC_PURE" in lines[0] and "SIGMAX_EXEC_LIBRARY" in lines[0]


def test_a_prebuilt_path_that_is_no_library_fails_the_build_naming_it(tmp_path):
    not_a_library = tmp_path / "libsigmax_exec.so"
    not_a_library.write_bytes(b"not an ELF file")
    python = make_venv(tmp_path / "venv")
    r = run([python, "-m", "pip", "wheel", "-q", "--no-build-isolation", "--no-index", "--no-deps", "-w", tmp_path,
             PKG_SRC], env=clean_env(SIGMAX_EXEC_PREBUILT=str(not_a_library)), check=False)
    assert r.returncode != 0
    assert str(not_a_library) in r.stdout + r.stderr and "not a loadable sigmax_exec library" in r.stdout + r.stderr
    assert not list(tmp_path.glob("*.whl"))


def make_sdist(out_dir):
    """An sdist of the checkout's package; its metadata goes to out_dir, not into the source tree."""
    run([sys.executable, "setup.py", "-q", "egg_info", "--egg-base", out_dir, "sdist", "-d", out_dir], cwd=PKG_SRC)
    (sdist,) = out_dir.glob("*.tar.gz")
    return sdist


def test_an_sdist_carries_the_header_and_the_sources_the_library_builds_from(tmp_path):
    sdist = make_sdist(tmp_path)
    with tarfile.open(sdist) as t:
        names = {n.split("/", 1)[1] for n in t.getnames() if "/" in n}
    for needed in ("setup.py", "native_build.py", "native/CMakeLists.txt", "native/cmake/SigmaxWarnings.cmake",
                   "native/capi/sigmax_exec.h", "native/capi/sigmax_exec.map", "native/capi/sigmax_exec.cpp",
                   "native/src/CMakeLists.txt", "native/src/engine.cpp", "native/include/sigmax/engine.hpp"):
        assert needed in names, needed


@pytest.mark.skipif(os.environ.get("SIGMAX_TEST_CMAKE_INSTALL") != "1",
                    reason="runs the library's CMake build inside pip (30-110 s): SIGMAX_TEST_CMAKE_INSTALL=1")
def test_pip_builds_the_engine_with_cmake_from_an_sdist_outside_the_checkout(tmp_path):
    sdist = make_sdist(tmp_path)
    python = make_venv(tmp_path / "venv")
    used, stderr = install_and_use(python, sdist, tmp_path)
    assert used["backend"] == "cffi", stderr
    assert used["library"].startswith(str(tmp_path / "venv")) and used["header"]
    assert (used["status"], used["fills"]) == ("FILLED", 1)
