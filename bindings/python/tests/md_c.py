"""The C ABI's event-file reader and writer, driven through ctypes, for
tests that compare them with the Python reader and writer. Every function
returns the outcome (and raises nothing): None for success, else the
exception the Python side must raise, built from the C status and
sgx_error_detail()."""
import ctypes as C
import os

import pytest

from sigmax_exec import _errors as E


def _lib():
    try:
        from sigmax_exec import _ctypes
    except ImportError as exc:
        if os.environ.get("SIGMAX_EXEC_REQUIRE_NATIVE") == "1":
            raise
        pytest.skip(f"the C library is not loadable: {exc}")
    return _ctypes.lib


def _error(lib, rc):
    return None if rc == 0 else E.error_for(rc, lib.sgx_error_detail().decode())


def c_write(path, symbols, batches, late=()):
    """Writes `symbols` (Symbol records), then each events array of
    `batches`, then `late`, then finishes: the C writer's outcome."""
    lib = _lib()
    w = C.c_void_p()
    rc = lib.sgx_md_writer_create(C.byref(w), os.fspath(path).encode())
    if rc:
        return _error(lib, rc)
    try:
        for s in symbols:
            rc = lib.sgx_md_writer_add_symbol(w, C.c_char_p(s.pack()))
            if rc:
                return _error(lib, rc)
        for batch in batches:
            rc = lib.sgx_md_writer_write(w, batch.ctypes.data if len(batch) else None, len(batch))
            if rc:
                return _error(lib, rc)
        for s in late:
            rc = lib.sgx_md_writer_add_symbol(w, C.c_char_p(s.pack()))
            if rc:
                return _error(lib, rc)
        return _error(lib, lib.sgx_md_writer_finish(w))
    finally:
        lib.sgx_md_writer_destroy(w)


def c_open(path, verify=False, seek=None):
    """Opens (and verifies) `path` with the C reader: (error or None, seek index or None)."""
    lib = _lib()
    f = C.c_void_p()
    rc = lib.sgx_md_file_open(C.byref(f), os.fspath(path).encode())
    if rc:
        return _error(lib, rc), None
    try:
        index = None
        if seek is not None:
            out = C.c_size_t()
            assert lib.sgx_md_file_seek(C.byref(out), f, seek) == 0
            index = out.value
        return (_error(lib, lib.sgx_md_file_verify(f)) if verify else None), index
    finally:
        lib.sgx_md_file_close(f)


def same_error(python_exc, c_exc):
    """Both the same exception class with the same message."""
    return type(python_exc) is type(c_exc) and str(python_exc) == str(c_exc)
