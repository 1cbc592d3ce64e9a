"""Finding and checking libsigmax_exec.so, and reading the C declarations
for cffi out of the real header.

Search order: $SIGMAX_EXEC_LIBRARY (a file path; when set, nothing else is
tried), the package directory (an
installed package that bundles the library), the source tree's build
directories (build/release, then build/dev, then any other preset), then the
system loader. Every candidate is opened and its ABI number and the size of
every record (against the record table, _abi.py) checked; all failures are
reported together.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import glob
import os
from typing import Any, List, Optional, Tuple

from ._abi import RECORDS

ABI_VERSION = 9
LIBRARY_ENV = "SIGMAX_EXEC_LIBRARY"
BACKEND_ENV = "SIGMAX_EXEC_BACKEND"

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_SOURCE_ROOT = os.path.abspath(os.path.join(_PACKAGE_DIR, "..", "..", ".."))
# Written by setup.py into a package built with SIGMAX_EXEC_PURE=1 (no native engine).
_PURE_BUILD_MARKER = os.path.join(_PACKAGE_DIR, "_pure_build.txt")


class LibraryNotFound(ImportError):
    """No usable libsigmax_exec was found; ``attempts`` lists (candidate, reason)."""

    def __init__(self, attempts: List[Tuple[str, str]]) -> None:
        self.attempts = attempts
        lines = "; ".join(f"{c}: {r}" for c, r in attempts) or "no candidates"
        super().__init__(f"libsigmax_exec not usable (tried {lines}). Build it with "
                         f"'cmake --workflow --preset release' or set {LIBRARY_ENV}=/path/to/libsigmax_exec.so")


def candidates() -> List[str]:
    """Library paths to try, in order. An explicit $SIGMAX_EXEC_LIBRARY is the
    only candidate: asking for one file and silently getting another would hide
    mistakes."""
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return [env]
    out: List[str] = []
    out += sorted(glob.glob(os.path.join(_PACKAGE_DIR, "libsigmax_exec.so*")), key=len)
    build = os.path.join(_SOURCE_ROOT, "build")
    for preset in ("release", "dev"):
        p = os.path.join(build, preset, "src", "libsigmax_exec.so")
        if os.path.exists(p):
            out.append(p)
    for p in sorted(glob.glob(os.path.join(build, "*", "src", "libsigmax_exec.so"))):
        if p not in out and "/asan/" not in p and "/tsan/" not in p:
            out.append(p)
    system = ctypes.util.find_library("sigmax_exec")
    out.append(system or "libsigmax_exec.so.0")
    return out


def pure_build() -> bool:
    """True for an installed package built without the native engine (SIGMAX_EXEC_PURE=1)."""
    return os.path.exists(_PURE_BUILD_MARKER)


def check(path: str) -> Optional[str]:
    """None if the library at path is usable, else the reason it is not."""
    try:
        lib = ctypes.CDLL(path)
    except OSError as exc:
        return f"cannot load ({exc})"
    try:
        lib.sgx_abi_version.restype = ctypes.c_uint32
        abi = lib.sgx_abi_version()
    except AttributeError:
        return "not a sigmax_exec library (no sgx_abi_version)"
    if abi != ABI_VERSION:
        return f"ABI version {abi}, this package needs {ABI_VERSION}"
    for rec in RECORDS:
        fn = getattr(lib, f"sgx_sizeof_{rec.short}", None)
        if fn is None:
            return f"no sgx_sizeof_{rec.short}()"
        fn.restype = ctypes.c_size_t
        if fn() != rec.size:
            return f"sizeof({rec.name}) is {fn()} in the library, {rec.size} in the record table"
    return None


def find_library() -> str:
    """The first usable library path, or LibraryNotFound listing every attempt."""
    attempts: List[Tuple[str, str]] = []
    for c in candidates():
        reason = check(c)
        if reason is None:
            return c
        attempts.append((c, reason))
    raise LibraryNotFound(attempts)


def header_path() -> str:
    """The C header: the copy bundled in an installed package, else the source tree's."""
    for p in (os.path.join(_PACKAGE_DIR, "_include", "sigmax_exec.h"),
              os.path.join(_SOURCE_ROOT, "capi", "sigmax_exec.h")):
        if os.path.exists(p):
            return p
    raise ImportError("sigmax_exec.h not found (neither bundled nor in a source tree)")


def cdef_from_header(text: str) -> str:
    """The declarations between the cdef markers, with the export macro removed."""
    begin = text.index("/* cdef-begin */") + len("/* cdef-begin */")
    end = text.index("/* cdef-end */")
    return text[begin:end].replace("SGX_API ", "")


def ffi_for(header_text: str) -> Any:
    """A fresh cffi.FFI holding the declarations of a header's text (its cdef block)."""
    import cffi
    ffi = cffi.FFI()
    ffi.cdef(cdef_from_header(header_text))
    return ffi


@functools.lru_cache(maxsize=1)
def header_ffi() -> Any:
    """The header's declarations as cffi parses them, once per process.
    ImportError without cffi, without a header, or for one cffi cannot parse."""
    path = header_path()
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        return ffi_for(text)
    except ImportError:
        raise
    except Exception as exc:  # cffi.CDefError, pycparser's errors
        raise ImportError(f"cannot read the declarations of {path}: {exc}") from exc
