"""The cffi declarations come from the real header, and every exported
function is declared for both native backends."""
import os
import re
import shutil
import subprocess

import pytest

from sigmax_exec import _loader

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
HEADER = os.path.join(ROOT, "capi", "sigmax_exec.h")


def header_functions():
    with open(HEADER) as f:
        cdef = _loader.cdef_from_header(f.read())
    return set(re.findall(r"\b(sgx_\w+)\(", cdef)), cdef


def test_the_cdef_is_cut_from_the_header_between_its_markers():
    names, cdef = header_functions()
    assert "SGX_API" not in cdef
    assert {"sgx_engine_create", "sgx_engine_execute", "sgx_engine_execute_batch", "sgx_status_str"} <= names


def test_a_bundled_header_copy_is_identical_to_the_source_header():
    bundled = os.path.join(os.path.dirname(_loader.__file__), "_include", "sigmax_exec.h")
    if not os.path.exists(bundled):
        pytest.skip("running from the source tree: no bundled copy")
    with open(bundled) as a, open(HEADER) as b:
        assert a.read() == b.read()


def test_cffi_struct_sizes_match_the_library():
    cffi_backend = pytest.importorskip("sigmax_exec._cffi")
    for name in ("order", "report", "fill", "engine_stats", "engine_config", "top_of_book", "level", "order_info", "result", "pipeline_config", "pipeline_stats"):
        assert cffi_backend.ffi.sizeof(f"sgx_{name}") == getattr(cffi_backend.lib, f"sgx_sizeof_{name}")()


def test_every_exported_function_is_declared_in_the_header_and_for_ctypes():
    ctypes_backend = pytest.importorskip("sigmax_exec._ctypes")
    if not shutil.which("nm"):
        pytest.skip("nm not available")
    out = subprocess.run(["nm", "-D", "--defined-only", ctypes_backend.LIBRARY_PATH], capture_output=True,
                         text=True, check=True).stdout
    exported = {line.split()[-1] for line in out.splitlines() if line.strip()}
    declared, _ = header_functions()
    assert exported == declared
    missing = declared - set(ctypes_backend._SIGNATURES)
    assert not missing, f"no ctypes signature for {sorted(missing)}"
