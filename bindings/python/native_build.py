"""Puts the native engine into a package being built: setup.py's helper.

One of three ways, chosen by the environment at build time:

- SIGMAX_EXEC_PURE=1: no native part; the package carries a marker that makes
  its import warning say so (the wheel is then py3-none-any);
- SIGMAX_EXEC_PREBUILT=/path/libsigmax_exec.so: that library, checked against
  the header's ABI number, is copied in;
- otherwise the library is built with CMake (Release) from the C/C++ sources:
  the checkout the package sits in (../..), or the copy an sdist carries in
  native/. No sources and no CMake is an error naming both options above:
  a package that silently lacks its engine would hide the mistake.

Build files go under setuptools' build directory only.
"""
import ctypes
import os
import re
import shutil
import subprocess
from typing import List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
PURE_ENV = "SIGMAX_EXEC_PURE"
PREBUILT_ENV = "SIGMAX_EXEC_PREBUILT"
LIBRARY = "libsigmax_exec.so"
PURE_MARKER = "_pure_build.txt"  # read by sigmax_exec/_loader.py
# What an sdist carries (under native/) to build the library: the top
# CMakeLists.txt, its cmake/ helpers, the library's sources and headers.
NATIVE_TREE = ("CMakeLists.txt", "cmake", "src", "include", "capi")
SDIST_NATIVE_DIR = "native"


class NativeBuildError(RuntimeError):
    pass


HOW_TO_SKIP = (f"set {PREBUILT_ENV}=/path/to/{LIBRARY} to bundle an already built library, "
               f"or {PURE_ENV}=1 to install the pure-Python engine only")


def pure_requested() -> bool:
    return os.environ.get(PURE_ENV, "").strip().lower() not in ("", "0", "false", "no")


def source_root() -> Optional[str]:
    """The C/C++ source tree: an sdist's native/ copy, else the checkout around the package."""
    for root in (os.path.join(HERE, SDIST_NATIVE_DIR), os.path.normpath(os.path.join(HERE, "..", ".."))):
        if all(os.path.exists(os.path.join(root, p)) for p in NATIVE_TREE):
            return root
    return None


def header_path() -> Optional[str]:
    root = source_root()
    return os.path.join(root, "capi", "sigmax_exec.h") if root else None


def header_abi(header: str) -> int:
    with open(header, encoding="utf-8") as f:
        m = re.search(r"#define SGX_ABI_VERSION (\d+)", f.read())
    if not m:
        raise NativeBuildError(f"{header} defines no SGX_ABI_VERSION")
    return int(m.group(1))


def check_library(path: str, header: Optional[str]) -> None:
    """Refuses a file that is not a loadable sigmax_exec library of the header's ABI."""
    if not os.path.isfile(path):
        raise NativeBuildError(f"{PREBUILT_ENV}={path}: no such file")
    try:
        lib = ctypes.CDLL(os.path.abspath(path))
        lib.sgx_abi_version.restype = ctypes.c_uint32
        abi = lib.sgx_abi_version()
    except (OSError, AttributeError) as exc:
        raise NativeBuildError(f"{path} is not a loadable sigmax_exec library: {exc}") from exc
    if header and abi != header_abi(header):
        raise NativeBuildError(f"{path} has ABI version {abi}, the header {header} {header_abi(header)}")


def cmake_build(root: str, build_dir: str) -> str:
    """Builds the shared library alone (Release, no tests or examples) and returns its path."""
    cmake = shutil.which("cmake")
    if cmake is None:
        raise NativeBuildError("building the native engine needs CMake (3.25+) and a C++20 compiler; "
                               "none found on PATH: " + HOW_TO_SKIP)
    configure: List[str] = [cmake, "-S", root, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release",
                            "-DSIGMAX_BUILD_TESTS=OFF", "-DSIGMAX_BUILD_EXAMPLES=OFF", "-DSIGMAX_INSTALL=OFF"]
    if shutil.which("ninja") and not os.path.exists(os.path.join(build_dir, "CMakeCache.txt")):
        configure += ["-G", "Ninja"]
    jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
    for cmd in (configure, [cmake, "--build", build_dir, "--target", "sigmax_exec", "-j", jobs]):
        print(" ".join(cmd), flush=True)
        if subprocess.run(cmd).returncode != 0:
            raise NativeBuildError(f"building the native engine failed ({' '.join(cmd)}); it needs a C++20 "
                                   "compiler and the zlib, zstd and simdjson development packages "
                                   "(scripts/install-deps.sh installs them on Debian): " + HOW_TO_SKIP)
    return os.path.join(build_dir, "src", LIBRARY)


def install_native(package_dir: str, build_base: str) -> None:
    """Writes the header and the library (or the pure marker) into a built package directory."""
    for name in os.listdir(package_dir):  # leftovers of an earlier build of another kind
        if name.startswith(LIBRARY) or name == PURE_MARKER:
            os.remove(os.path.join(package_dir, name))
    header = header_path()
    if header:
        include = os.path.join(package_dir, "_include")
        os.makedirs(include, exist_ok=True)
        shutil.copyfile(header, os.path.join(include, "sigmax_exec.h"))
    if pure_requested():
        print(f"sigmax_exec: {PURE_ENV} is set: building the pure-Python package, without the native engine",
              flush=True)
        with open(os.path.join(package_dir, PURE_MARKER), "w", encoding="utf-8") as f:
            f.write(f"built with {PURE_ENV}=1: no native engine\n")
        return
    prebuilt = os.environ.get(PREBUILT_ENV)
    if prebuilt:
        check_library(prebuilt, header)
        library = prebuilt
    else:
        root = source_root()
        if root is None:
            raise NativeBuildError("the C/C++ sources of the native engine are not here (neither a checkout "
                                   f"around {HERE} nor an sdist's {SDIST_NATIVE_DIR}/): " + HOW_TO_SKIP)
        library = cmake_build(root, os.path.abspath(os.path.join(build_base, "cmake")))
    shutil.copyfile(library, os.path.join(package_dir, LIBRARY))
    print(f"sigmax_exec: bundled {library}", flush=True)


def copy_native_tree(dest_root: str) -> None:
    """Copies the C/C++ sources the library needs into an sdist's release tree, under native/."""
    root = source_root()
    if root is None:
        raise NativeBuildError("no C/C++ sources to put into the sdist")
    for part in NATIVE_TREE:
        src, dst = os.path.join(root, part), os.path.join(dest_root, SDIST_NATIVE_DIR, part)
        if os.path.isdir(src):
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(src, dst)
