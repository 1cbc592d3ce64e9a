"""The cffi backend (ABI mode): the FFI adapter that _native.py builds Engine
and Pipeline over.

The C declarations come from the real header (capi/sigmax_exec.h, between
its cdef markers), so binding and library cannot drift. At import the record
table (_abi.py), which gives the struct formats the backend packs and
unpacks, is checked field by field against those declarations, and every
record's size against the library.
"""
from __future__ import annotations

from typing import Any, Callable, List, Optional, Tuple

from . import _errors as E
from ._abi import ORDER_EVENT, verify_header
from ._loader import find_library, header_ffi, header_path
from ._native import native_classes

ffi = header_ffi()
# The struct formats the backend packs and unpacks come from the record
# table: refuse to load (naming record and field) where it is not the header.
verify_header(ffi, header_path())
LIBRARY_PATH = find_library()  # checks every record's size against the library
lib = ffi.dlopen(LIBRARY_PATH)
_EVENT_SIZE = ORDER_EVENT.size


class Api:
    """_native.Api over cffi: records are cdata owned by Python, handles are
    ffi.gc pointers that destroy their C object when collected."""

    implementation = "cffi"
    lib = lib
    NULL = ffi.NULL
    NO_TIMESTAMPS: int = lib.SGX_ENGINE_NO_TIMESTAMPS

    def new(self, ctype: str) -> Any:
        return ffi.new(ctype + "*")

    def array(self, ctype: str, count: int) -> Any:
        return ffi.new(ctype + "[]", count)

    def sizeof(self, ctype: str) -> int:
        return int(ffi.sizeof(ctype))

    def buffer(self, cdata: Any) -> memoryview:
        return memoryview(ffi.buffer(cdata))

    def ref(self, cdata: Any) -> Any:
        return cdata

    def pointer(self, array: Any) -> Any:
        return array

    def create(self, kind: str, config: Any, keep: Any = None) -> Any:
        out = ffi.new(f"sgx_{kind}**")
        rc = getattr(lib, f"sgx_{kind}_create")(out, config)
        if rc:
            raise E.error_for(rc)
        destroy = getattr(lib, f"sgx_{kind}_destroy")
        if keep is None:
            return ffi.gc(out[0], destroy)
        return ffi.gc(out[0], lambda h, _keep=keep: destroy(h))  # `keep` outlives the destroy

    def release(self, kind: str, handle: Any) -> None:
        ffi.release(handle)  # runs the ffi.gc destructor now, once

    def destructor(self, kind: str) -> Optional[Callable[[Any], None]]:
        return None  # ffi.gc destroys the handle

    def event_sink(self) -> Tuple[Any, List[bytes], List[BaseException]]:
        got: List[bytes] = []
        errors: List[BaseException] = []
        append, copy = got.append, ffi.buffer

        def on_event(event: Any, user: Any) -> None:
            try:
                append(copy(event, _EVENT_SIZE)[:])
            except BaseException as exc:  # nothing may cross into C: the call re-raises it
                errors.append(exc)

        def on_error(kind: Any, exc: BaseException, tb: Any) -> None:  # raised before the try
            errors.append(exc)

        return ffi.callback("sgx_event_fn", on_event, onerror=on_error), got, errors

    def export(self, ctype: str, buf: Any, count: int, writable: bool = False) -> Any:
        # A cdata from ffi.from_buffer releases the export on __exit__.
        return ffi.from_buffer(ctype + "[]", buf, require_writable=writable)


Engine, Pipeline = native_classes(Api())
