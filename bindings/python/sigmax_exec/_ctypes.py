"""The ctypes backend: the FFI adapter that _native.py builds Engine and
Pipeline over, where cffi is missing.

Each C struct's ctypes.Structure is made from the record table (_abi.py),
which is checked against the header (when cffi can read it) and the
library's sgx_sizeof_*() at import; each function's argtypes and restype are
declared once next to the prototype they mirror, a record's pointer with the
record's class, so that a Structure instance passes as its pointer.
"""
from __future__ import annotations

import ctypes as C
from typing import Any, Callable, Dict, List, Optional, Tuple

from . import _errors as E
from ._abi import RECORDS, ctypes_struct, verify_header
from ._loader import find_library, header_ffi, header_path
from ._native import native_classes

# The record table (_abi.py) gives this backend's ctypes classes and struct
# formats: check it field by field against the header's declarations where
# cffi and the header are here to read them (without them, ctypes_struct still
# checks it against ctypes's own layout, and find_library every size).
try:
    _header = header_ffi()
except ImportError:
    _header = None
if _header is not None:
    verify_header(_header, header_path())

LIBRARY_PATH = find_library()
lib = C.CDLL(LIBRARY_PATH)

SGX_ENGINE_NO_TIMESTAMPS = 1

# The ctypes class of every record, and of the scalars the bindings pass by pointer, by C name.
TYPES: Dict[str, Any] = {rec.name: ctypes_struct(rec) for rec in RECORDS}
TYPES.update({"size_t": C.c_size_t, "uint64_t": C.c_uint64, "uint32_t": C.c_uint32, "int": C.c_int})
EngineConfig = TYPES["sgx_engine_config"]
Order = TYPES["sgx_order"]
Report = TYPES["sgx_report"]
CFill = TYPES["sgx_fill"]
Top = TYPES["sgx_top_of_book"]
Level = TYPES["sgx_level"]
Info = TYPES["sgx_order_info"]
Stats = TYPES["sgx_engine_stats"]
PipelineConfig = TYPES["sgx_pipeline_config"]
Result = TYPES["sgx_result"]
DepthQuery = TYPES["sgx_depth_query"]
RingStats = TYPES["sgx_pipeline_stats"]
NewOrder = TYPES["sgx_new_order"]
OrderEvent = TYPES["sgx_order_event"]
LevelTicks = TYPES["sgx_level_ticks"]
TopTicks = TYPES["sgx_top_ticks"]
OrderTicks = TYPES["sgx_order_ticks"]


_P = C.POINTER
_size_t_p = _P(C.c_size_t)
_engine = C.c_void_p
# typedef void (*sgx_event_fn)(const sgx_order_event *event, void *user);
EventFn = C.CFUNCTYPE(None, C.POINTER(OrderEvent), C.c_void_p)
# name: (restype, argtypes) -- mirrors capi/sigmax_exec.h
_SIGNATURES = {
    "sgx_version": (C.c_char_p, []),
    "sgx_abi_version": (C.c_uint32, []),
    "sgx_status_str": (C.c_char_p, [C.c_int32]),
    "sgx_status_name": (C.c_char_p, [C.c_int32]),
    "sgx_sizeof_order": (C.c_size_t, []),
    "sgx_sizeof_report": (C.c_size_t, []),
    "sgx_sizeof_fill": (C.c_size_t, []),
    "sgx_sizeof_engine_stats": (C.c_size_t, []),
    "sgx_sizeof_engine_config": (C.c_size_t, []),
    "sgx_sizeof_top_of_book": (C.c_size_t, []),
    "sgx_sizeof_level": (C.c_size_t, []),
    "sgx_sizeof_order_info": (C.c_size_t, []),
    "sgx_sizeof_md_event": (C.c_size_t, []),
    "sgx_sizeof_md_symbol": (C.c_size_t, []),
    "sgx_resting_order_bytes": (C.c_size_t, []),
    "sgx_engine_config_init": (C.c_int32, [_P(EngineConfig)]),
    "sgx_engine_create": (C.c_int32, [_P(_engine), _P(EngineConfig)]),
    "sgx_engine_destroy": (None, [_engine]),
    "sgx_engine_configure_symbol": (C.c_int32, [_engine, C.c_uint32, C.c_double, C.c_double]),
    "sgx_engine_execute": (C.c_int32, [_P(Report), _engine, _P(Order)]),
    "sgx_engine_execute_batch": (C.c_int32, [C.c_void_p, _size_t_p, _engine, C.c_void_p, C.c_size_t]),
    "sgx_engine_cancel": (C.c_int32, [_engine, C.c_uint64]),
    "sgx_engine_amend": (C.c_int32, [_engine, C.c_uint64, C.c_double]),
    "sgx_engine_order_info": (C.c_int32, [_P(Info), _engine, C.c_uint64]),
    "sgx_engine_top_of_book": (C.c_int32, [_P(Top), _engine, C.c_uint32]),
    "sgx_engine_depth": (C.c_int32, [_P(Level), _size_t_p, _P(Level), _size_t_p, _engine, C.c_uint32, C.c_size_t]),
    "sgx_engine_drain_fills": (C.c_int32, [_P(CFill), _size_t_p, _engine, C.c_size_t]),
    "sgx_engine_pending_fills": (C.c_int32, [_size_t_p, _engine]),
    "sgx_engine_get_stats": (C.c_int32, [_P(Stats), _engine]),
    "sgx_engine_reset_stats": (C.c_int32, [_engine]),
    "sgx_engine_shrink": (C.c_int32, [_engine]),
    # Integer order entry. The callback: sgx_event_fn (NULL allowed: None).
    "sgx_sizeof_new_order": (C.c_size_t, []),
    "sgx_sizeof_order_event": (C.c_size_t, []),
    "sgx_engine_submit": (C.c_int32, [_engine, _P(NewOrder), EventFn, C.c_void_p]),
    "sgx_engine_cancel_order": (C.c_int32, [_engine, C.c_uint64, EventFn, C.c_void_p]),
    "sgx_engine_replace": (C.c_int32, [_engine, C.c_uint64, C.c_int64, C.c_int64, EventFn, C.c_void_p]),
    "sgx_engine_cancel_all": (C.c_int32, [_engine, C.c_uint32, EventFn, C.c_void_p]),
    "sgx_engine_cancel_owner": (C.c_int32, [_engine, C.c_uint64, EventFn, C.c_void_p]),
    "sgx_engine_set_min_price": (C.c_int32, [_engine, C.c_uint32, C.c_int64]),
    # Queries in ticks.
    "sgx_sizeof_level_ticks": (C.c_size_t, []),
    "sgx_sizeof_top_ticks": (C.c_size_t, []),
    "sgx_sizeof_order_ticks": (C.c_size_t, []),
    "sgx_engine_top_ticks": (C.c_int32, [_P(TopTicks), _engine, C.c_uint32]),
    "sgx_engine_depth_ticks": (C.c_int32, [_P(LevelTicks), C.c_size_t, _size_t_p, _engine, C.c_uint32, C.c_uint8]),
    "sgx_engine_lots_at": (C.c_int32, [_P(LevelTicks), _engine, C.c_uint32, C.c_uint8, C.c_int64]),
    "sgx_engine_order_ticks": (C.c_int32, [_P(OrderTicks), _engine, C.c_uint64]),
    # Request batches (sgx_request arrays and sgx_order_event arrays passed as addresses).
    "sgx_sizeof_request": (C.c_size_t, []),
    "sgx_engine_apply": (C.c_int32, [_size_t_p, _engine, C.c_void_p, C.c_size_t, EventFn, C.c_void_p]),
    "sgx_engine_apply_into": (C.c_int32, [C.c_void_p, _size_t_p, _size_t_p, _engine, C.c_void_p, C.c_size_t,
                                          C.c_size_t]),
    "sgx_engine_request_bound": (C.c_int32, [_size_t_p, _engine, C.c_void_p]),
    "sgx_sizeof_result": (C.c_size_t, []),
    "sgx_sizeof_depth_query": (C.c_size_t, []),
    "sgx_sizeof_pipeline_config": (C.c_size_t, []),
    "sgx_sizeof_pipeline_stats": (C.c_size_t, []),
    "sgx_pipeline_config_init": (C.c_int32, [_P(PipelineConfig)]),
    "sgx_pipeline_create": (C.c_int32, [_P(C.c_void_p), _P(PipelineConfig)]),
    "sgx_pipeline_destroy": (None, [C.c_void_p]),
    "sgx_pipeline_submit": (C.c_int32, [_P(C.c_uint64), C.c_void_p, _P(Order)]),
    "sgx_pipeline_submit_wait": (C.c_int32, [_P(C.c_uint64), C.c_void_p, _P(Order), C.c_uint64]),
    "sgx_pipeline_submit_batch": (C.c_int32, [_P(C.c_uint64), _size_t_p, C.c_void_p, C.c_void_p, C.c_size_t]),
    "sgx_pipeline_submit_cancel": (C.c_int32, [_P(C.c_uint64), C.c_void_p, C.c_uint64]),
    "sgx_pipeline_submit_amend": (C.c_int32, [_P(C.c_uint64), C.c_void_p, C.c_uint64, C.c_double]),
    "sgx_pipeline_submit_depth": (C.c_int32, [_P(C.c_uint64), C.c_void_p, _P(DepthQuery)]),
    "sgx_pipeline_configure_symbol": (C.c_int32, [C.c_void_p, C.c_uint32, C.c_double, C.c_double]),
    "sgx_pipeline_poll": (C.c_int32, [_P(Result), _size_t_p, C.c_void_p, C.c_size_t]),
    "sgx_pipeline_stop": (C.c_int32, [C.c_void_p]),
    "sgx_pipeline_get_stats": (C.c_int32, [_P(RingStats), C.c_void_p]),
    "sgx_pipeline_get_engine_stats": (C.c_int32, [_P(Stats), C.c_void_p]),
    "sgx_pipeline_notify_fd": (C.c_int32, [_P(C.c_int), C.c_void_p]),
    "sgx_pipeline_arm_notify": (C.c_int32, [C.c_void_p]),
    # Market data: event files and books. Records are passed as void pointers
    # (numpy buffers or ctypes classes from _abi.ctypes_struct).
    "sgx_sizeof_md_file_header": (C.c_size_t, []),
    "sgx_sizeof_md_quote": (C.c_size_t, []),
    "sgx_sizeof_order_latency_row": (C.c_size_t, []),
    "sgx_sizeof_venue_symbol_config": (C.c_size_t, []),
    "sgx_sizeof_venue_config": (C.c_size_t, []),
    "sgx_sizeof_venue_order": (C.c_size_t, []),
    "sgx_sizeof_venue_fill": (C.c_size_t, []),
    "sgx_sizeof_venue_state": (C.c_size_t, []),
    "sgx_sizeof_venue_feed": (C.c_size_t, []),
    "sgx_sizeof_md_level": (C.c_size_t, []),
    "sgx_sizeof_md_queue_position": (C.c_size_t, []),
    "sgx_sizeof_md_book_checks": (C.c_size_t, []),
    "sgx_error_detail": (C.c_char_p, []),
    "sgx_sizeof_md_convert_options": (C.c_size_t, []),
    "sgx_sizeof_md_convert_summary": (C.c_size_t, []),
    "sgx_md_convert_options_init": (C.c_int32, [C.c_void_p]),
    "sgx_md_convert": (C.c_int32, [C.c_void_p, C.c_char_p, _P(C.c_char_p), C.c_size_t, C.c_char_p, _P(C.c_char_p),
                                   C.c_size_t, C.c_void_p]),
    "sgx_md_file_open": (C.c_int32, [_P(C.c_void_p), C.c_char_p]),
    "sgx_md_file_close": (None, [C.c_void_p]),
    "sgx_md_file_get_header": (C.c_int32, [C.c_void_p, C.c_void_p]),
    "sgx_md_file_symbols": (C.c_int32, [_P(C.c_void_p), _size_t_p, C.c_void_p]),
    "sgx_md_file_events": (C.c_int32, [_P(C.c_void_p), _size_t_p, C.c_void_p]),
    "sgx_md_file_seek": (C.c_int32, [_size_t_p, C.c_void_p, C.c_int64]),
    "sgx_md_file_verify": (C.c_int32, [C.c_void_p]),
    "sgx_md_writer_create": (C.c_int32, [_P(C.c_void_p), C.c_char_p]),
    "sgx_md_writer_add_symbol": (C.c_int32, [C.c_void_p, C.c_void_p]),
    "sgx_md_writer_write": (C.c_int32, [C.c_void_p, C.c_void_p, C.c_size_t]),
    "sgx_md_writer_finish": (C.c_int32, [C.c_void_p]),
    "sgx_md_writer_destroy": (None, [C.c_void_p]),
    "sgx_md_l2_book_create": (C.c_int32, [_P(C.c_void_p)]),
    "sgx_md_l2_book_destroy": (None, [C.c_void_p]),
    "sgx_md_l2_book_apply": (C.c_int32, [C.c_void_p, C.c_void_p, C.c_size_t]),
    "sgx_md_l2_book_best": (C.c_int32, [C.c_void_p, C.c_void_p, C.c_uint32]),
    "sgx_md_l2_book_depth": (C.c_int32, [C.c_void_p, _size_t_p, C.c_void_p, _size_t_p, C.c_void_p, C.c_uint32,
                                         C.c_size_t]),
    "sgx_md_l2_book_quantity_at": (C.c_int32, [_P(C.c_int64), C.c_void_p, C.c_uint32, C.c_uint8, C.c_int64]),
    "sgx_md_l2_book_checks": (C.c_int32, [C.c_void_p, C.c_void_p]),
    "sgx_md_l2_book_symbols": (C.c_int32, [_P(C.c_uint32), C.c_size_t, _size_t_p, C.c_void_p]),
    "sgx_md_l2_book_reset": (C.c_int32, [C.c_void_p]),
    "sgx_md_l3_book_create": (C.c_int32, [_P(C.c_void_p)]),
    "sgx_md_l3_book_destroy": (None, [C.c_void_p]),
    "sgx_md_l3_book_apply": (C.c_int32, [C.c_void_p, C.c_void_p, C.c_size_t]),
    "sgx_md_l3_book_best": (C.c_int32, [C.c_void_p, C.c_void_p, C.c_uint32]),
    "sgx_md_l3_book_depth": (C.c_int32, [C.c_void_p, _size_t_p, C.c_void_p, _size_t_p, C.c_void_p, C.c_uint32,
                                         C.c_size_t]),
    "sgx_md_l3_book_quantity_at": (C.c_int32, [_P(C.c_int64), C.c_void_p, C.c_uint32, C.c_uint8, C.c_int64]),
    "sgx_md_l3_book_queue_ahead": (C.c_int32, [C.c_void_p, C.c_void_p, C.c_uint32, C.c_uint64]),
    "sgx_md_l3_book_checks": (C.c_int32, [C.c_void_p, C.c_void_p]),
    "sgx_md_l3_book_symbols": (C.c_int32, [_P(C.c_uint32), C.c_size_t, _size_t_p, C.c_void_p]),
    "sgx_md_l3_book_reset": (C.c_int32, [C.c_void_p]),
    "sgx_md_l3_book_resting_orders": (C.c_int32, [_size_t_p, C.c_void_p, C.c_uint32]),
    # The simulated venue (records passed as void pointers: numpy buffers or
    # ctypes classes from _abi.ctypes_struct).
    "sgx_venue_config_default": (C.c_int32, [C.c_void_p]),
    "sgx_venue_create": (C.c_int32, [_P(C.c_void_p), C.c_void_p, C.c_void_p]),
    "sgx_venue_destroy": (None, [C.c_void_p]),
    "sgx_venue_goto": (C.c_int32, [_P(C.c_int32), C.c_void_p, C.c_int64]),
    "sgx_venue_elapse": (C.c_int32, [_P(C.c_int32), C.c_void_p, C.c_int64]),
    "sgx_venue_wait_next_feed": (C.c_int32, [_P(C.c_int32), C.c_void_p, C.c_uint8, C.c_int64]),
    "sgx_venue_wait_order_response": (C.c_int32, [_P(C.c_int32), C.c_void_p, C.c_uint32, C.c_int64, C.c_int64]),
    "sgx_venue_current_timestamp": (C.c_int32, [_P(C.c_int64), C.c_void_p]),
    "sgx_venue_local_shift": (C.c_int32, [_P(C.c_int64), C.c_void_p]),
    "sgx_venue_submit": (C.c_int32, [C.c_void_p, C.c_uint32, C.c_int64, C.c_uint8, C.c_int64, C.c_int64, C.c_uint8,
                                     C.c_uint8]),
    "sgx_venue_modify": (C.c_int32, [C.c_void_p, C.c_uint32, C.c_int64, C.c_int64, C.c_int64]),
    "sgx_venue_cancel": (C.c_int32, [C.c_void_p, C.c_uint32, C.c_int64]),
    "sgx_venue_cancel_all": (C.c_int32, [_size_t_p, C.c_void_p, C.c_uint32]),
    "sgx_venue_clear_inactive_orders": (C.c_int32, [C.c_void_p, C.c_uint32]),
    "sgx_venue_get_order": (C.c_int32, [C.c_void_p, C.c_void_p, C.c_uint32, C.c_int64]),
    "sgx_venue_orders": (C.c_int32, [C.c_void_p, C.c_size_t, _size_t_p, C.c_void_p, C.c_uint32]),
    "sgx_venue_get_state": (C.c_int32, [C.c_void_p, C.c_void_p, C.c_uint32]),
    "sgx_venue_quote": (C.c_int32, [C.c_void_p, C.c_void_p, C.c_uint32]),
    "sgx_venue_depth": (C.c_int32, [C.c_void_p, C.c_size_t, _size_t_p, C.c_void_p, C.c_uint32, C.c_uint8]),
    "sgx_venue_quantity_at": (C.c_int32, [_P(C.c_int64), C.c_void_p, C.c_uint32, C.c_uint8, C.c_int64]),
    "sgx_venue_last_trades": (C.c_int32, [C.c_void_p, C.c_size_t, _size_t_p, C.c_void_p, C.c_uint32]),
    "sgx_venue_dropped_trades": (C.c_int32, [_P(C.c_uint64), C.c_void_p, C.c_uint32]),
    "sgx_venue_fills": (C.c_int32, [C.c_void_p, C.c_size_t, C.c_size_t, _size_t_p, C.c_void_p]),
    "sgx_venue_queue_position": (C.c_int32, [_P(C.c_double), C.c_void_p, C.c_uint32, C.c_int64]),
    # The live venue (docs/venue.md, "Live venue").
    "sgx_venue_create_live": (C.c_int32, [_P(C.c_void_p), C.c_void_p, C.c_size_t, C.c_void_p, C.c_int64, C.c_int64,
                                          C.c_int64]),
    "sgx_venue_push": (C.c_int32, [C.c_void_p, C.c_void_p, C.c_size_t]),
    "sgx_venue_advance_feed": (C.c_int32, [C.c_void_p, C.c_int64]),
    "sgx_venue_close_feed": (C.c_int32, [C.c_void_p]),
    "sgx_venue_get_feed": (C.c_int32, [C.c_void_p, C.c_void_p]),
}
for _name, (_res, _args) in _SIGNATURES.items():
    _fn = getattr(lib, _name)
    _fn.restype = _res
    _fn.argtypes = _args


def _buffer_address(buf: Any) -> int:
    """Address of a writable bytearray, memoryview or numpy array's data."""
    if hasattr(buf, "ctypes"):
        return int(buf.ctypes.data)
    mv = memoryview(buf)
    if mv.readonly:
        raise TypeError("read-only buffer")
    return C.addressof(C.c_char.from_buffer(mv))  # the temporary c_char's export ends at once


class _Address:
    """A buffer's address for one call, as a context manager (like cffi's
    ffi.from_buffer). Holds the buffer (or a writable copy of a read-only
    one) until it exits; holds no export of it."""

    def __init__(self, buf: Any, count: int, writable: bool) -> None:
        if not writable and isinstance(buf, memoryview) and buf.readonly:
            buf = bytearray(buf)  # ctypes needs a writable buffer to take an address
        self.buf = buf
        self.address = _buffer_address(buf) if count else None

    def __enter__(self) -> Optional[int]:
        return self.address

    def __exit__(self, *exc: object) -> None:
        self.buf = None


class Api:
    """_native.Api over ctypes: records are Structure instances, handles
    c_void_p values that the owning class's __del__ destroys."""

    implementation = "ctypes"
    lib = lib
    NULL = None
    NO_TIMESTAMPS = SGX_ENGINE_NO_TIMESTAMPS

    def new(self, ctype: str) -> Any:
        return TYPES[ctype]()

    def array(self, ctype: str, count: int) -> Any:
        return (TYPES[ctype] * count)()

    def sizeof(self, ctype: str) -> int:
        return C.sizeof(TYPES[ctype])

    def buffer(self, cdata: Any) -> memoryview:
        return memoryview(cdata).cast("B")

    def ref(self, cdata: Any) -> Any:
        return C.byref(cdata)  # reused by the hot paths: cheaper than the automatic byref of each call

    def pointer(self, array: Any) -> Any:
        return C.addressof(array)

    def create(self, kind: str, config: Any, keep: Any = None) -> Any:
        # `keep` needs no holder here: the owner's __del__ destroys the handle
        # before the owner's attributes (which hold `keep`) are cleared.
        h = C.c_void_p()
        rc = getattr(lib, f"sgx_{kind}_create")(C.byref(h), config)
        if rc:
            raise E.error_for(rc)
        return h

    def release(self, kind: str, handle: Any) -> None:
        getattr(lib, f"sgx_{kind}_destroy")(handle)

    def destructor(self, kind: str) -> Optional[Callable[[Any], None]]:
        # The destroy function is bound as a default argument: at interpreter
        # exit the module's globals may already be None when a leftover object
        # is collected.
        def __del__(owner: Any, _destroy: Any = getattr(lib, f"sgx_{kind}_destroy")) -> None:
            h = getattr(owner, "_h", None)
            if h is not None:
                _destroy(h)
                owner._h = None
        return __del__

    def event_sink(self) -> Tuple[Any, List[bytes], List[BaseException]]:
        got: List[bytes] = []
        errors: List[BaseException] = []
        append, copy, size = got.append, C.string_at, C.sizeof(OrderEvent)

        def on_event(event: Any, user: Any) -> None:
            try:
                append(copy(event, size))
            except BaseException as exc:  # nothing may cross into C: the call re-raises it
                errors.append(exc)

        return EventFn(on_event), got, errors

    def export(self, ctype: str, buf: Any, count: int, writable: bool = False) -> _Address:
        return _Address(buf, count, writable)


Engine, Pipeline = native_classes(Api())
