"""The layout of every record that crosses the C ABI, written once.

capi/sigmax_exec.h declares the records and is the source of truth. This
module mirrors each as one table: its fields in declaration order, each a
name, a C type (a scalar below, or a nested record) and, for a fixed array,
its length. Everything else the package knows about a layout derives from
these tables:

- ``Record.format``: a ``struct`` format (little-endian, standard sizes,
  explicit pad bytes) and ``Record.packed``, the names of the values it
  packs and unpacks, in order (a nested record's as ``"report.order_id"``);
- ``Record.names`` and ``Record.value_names`` (without ``struct_size`` and
  ``reserved``), ``Record.size``, ``Record.field(name).offset``;
- ``numpy_dtype(record)``: a numpy structured dtype (numpy is imported only then);
- ``ctypes_struct(record)``: a ``ctypes.Structure`` class, checked against the
  table's offsets when it is made.

Offsets follow natural alignment, as the C compiler lays the records out on
LP64 Linux (x86-64, aarch64): each field at the next multiple of its alignment
(a scalar's size, an array's element's, a nested record's largest), the size
rounded up to the record's alignment. A field named ``reserved`` is padding
to Python: struct formats skip it (packing writes zeros) and ``packed`` leaves
it out.

``header_mismatches(ffi)`` compares the tables with the header as cffi parsed
it, field by field (name, offset, C type with array length) and size by size.
tests/test_abi_table.py runs it where only the header exists; the native
backends run it at import (``verify_header``) and refuse to load on any
difference, and _loader checks every size against the library's
``sgx_sizeof_*()``.
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, Iterator, List, NamedTuple, Tuple, Union


class Scalar(NamedTuple):
    """A C scalar type: its spelling in the header, size, and codes for struct, numpy and ctypes."""
    cname: str
    size: int
    code: str  # struct format character ("<": standard sizes)
    numpy: str
    ctypes: str

    @property
    def align(self) -> int:
        return self.size


CHAR = Scalar("char", 1, "s", "S1", "c_char")  # only in NUL-padded text arrays: one bytes value
U8 = Scalar("uint8_t", 1, "B", "u1", "c_uint8")
U16 = Scalar("uint16_t", 2, "H", "<u2", "c_uint16")
U32 = Scalar("uint32_t", 4, "I", "<u4", "c_uint32")
I32 = Scalar("int32_t", 4, "i", "<i4", "c_int32")
U64 = Scalar("uint64_t", 8, "Q", "<u8", "c_uint64")
I64 = Scalar("int64_t", 8, "q", "<i8", "c_int64")
F64 = Scalar("double", 8, "d", "<f8", "c_double")
LEVEL_PTR = Scalar("sgx_level *", 8, "Q", "<u8", "c_void_p")  # an address (LP64), packed as an integer
SIZE = Scalar("size_t", 8, "Q", "<u8", "c_size_t")
LATENCY_ROWS_PTR = Scalar("sgx_order_latency_row *", 8, "Q", "<u8", "c_void_p")
SYMBOL_CONFIGS_PTR = Scalar("sgx_venue_symbol_config *", 8, "Q", "<u8", "c_void_p")


class Field(NamedTuple):
    name: str
    type: Union[Scalar, "Record"]
    length: int  # elements of a fixed array; 0 for a single value
    offset: int

    @property
    def size(self) -> int:
        return self.type.size * max(self.length, 1)

    @property
    def cname(self) -> str:
        """The C type as cffi spells it: "double", "uint8_t[5]", "sgx_report"."""
        base = self.type.name if isinstance(self.type, Record) else self.type.cname
        return f"{base}[{self.length}]" if self.length else base


def _round_up(n: int, align: int) -> int:
    return -(-n // align) * align


class Record:
    """One C record: Record("sgx_x", ("a", U32), ("pad", U8, 4), ("sub", OTHER_RECORD), ...)."""

    def __init__(self, name: str, *fields: Tuple[Any, ...]) -> None:
        self.name = name
        out: List[Field] = []
        end = 0
        self.align = 1
        for decl in fields:
            fname, ftype = decl[0], decl[1]
            length = decl[2] if len(decl) > 2 else 0
            f = Field(fname, ftype, length, _round_up(end, ftype.align))
            out.append(f)
            end = f.offset + f.size
            self.align = max(self.align, ftype.align)
        self.fields: Tuple[Field, ...] = tuple(out)
        self.size = _round_up(end, self.align)
        self._by_name = {f.name: f for f in out}
        self.names = tuple(f.name for f in out)
        self.value_names = tuple(n for n in self.names if n not in ("struct_size", "reserved"))
        self.packed = tuple(_packed_names(self))
        self.format = "<" + _format_body(self)

    @property
    def short(self) -> str:
        """The name without "sgx_": the suffix of its sgx_sizeof_*() function."""
        return self.name[4:]

    def field(self, name: str) -> Field:
        return self._by_name[name]

    def __repr__(self) -> str:
        return f"Record({self.name!r}, size={self.size})"


def _packed_names(rec: Record, prefix: str = "") -> Iterator[str]:
    for f in rec.fields:
        if f.name == "reserved":
            continue
        if f.type is CHAR:  # a text array is one bytes value
            yield prefix + f.name
            continue
        for i in range(max(f.length, 1)):
            name = prefix + f.name + (f"[{i}]" if f.length else "")
            if isinstance(f.type, Record):
                yield from _packed_names(f.type, name + ".")
            else:
                yield name


def _format_items(rec: Record) -> Iterator[Tuple[str, int]]:
    """(struct code, count) in layout order; code "x" is that many pad bytes."""
    end = 0
    for f in rec.fields:
        if f.offset > end:
            yield "x", f.offset - end
        if f.name == "reserved":
            yield "x", f.size
        elif isinstance(f.type, Record):
            for _ in range(max(f.length, 1)):
                yield from _format_items(f.type)
        elif f.type is CHAR:
            yield f"{f.length}s", 1
        else:
            yield f.type.code, max(f.length, 1)
        end = f.offset + f.size
    if rec.size > end:
        yield "x", rec.size - end


def _format_body(rec: Record) -> str:
    parts: List[str] = []
    pad = 0
    for code, n in _format_items(rec):
        if code == "x":
            pad += n
            continue
        if pad:
            parts.append(f"{pad}x")
            pad = 0
        parts.append(code if n == 1 else f"{n}{code}")
    if pad:
        parts.append(f"{pad}x")
    return "".join(parts)


# ---------------------------------------------------------------------------
# The records, as capi/sigmax_exec.h declares them (same order, same names).

ENGINE_CONFIG = Record("sgx_engine_config",
                       ("struct_size", U32), ("flags", U32), ("order_capacity", U64), ("fill_capacity", U64),
                       ("max_symbols", U64), ("self_trade", U32), ("reserved", U32))

ORDER = Record("sgx_order",
               ("struct_size", U32), ("symbol", U32), ("side", U8), ("type", U8), ("tif", U8), ("reserved", U8, 5),
               ("price", F64), ("quantity", F64))

REPORT = Record("sgx_report",
                ("order_id", U64), ("latency_ns", U64), ("executed_price", F64), ("executed_quantity", F64),
                ("remaining_quantity", F64), ("slippage", F64), ("symbol", U32), ("fill_count", U32),
                ("status", U8), ("side", U8), ("reserved", U8, 6))

FILL = Record("sgx_fill",
              ("trade_id", U64), ("maker_order_id", U64), ("taker_order_id", U64), ("price_ticks", I64),
              ("quantity_lots", I64), ("price", F64), ("quantity", F64), ("symbol", U32), ("aggressor_side", U8),
              ("reserved", U8, 3))

TOP_OF_BOOK = Record("sgx_top_of_book",
                     ("bid_price", F64), ("bid_quantity", F64), ("ask_price", F64), ("ask_quantity", F64),
                     ("has_bid", U8), ("has_ask", U8), ("reserved", U8, 6))

LEVEL = Record("sgx_level", ("price", F64), ("quantity", F64), ("order_count", U64))

ORDER_INFO = Record("sgx_order_info",
                    ("order_id", U64), ("price", F64), ("original_quantity", F64), ("executed_quantity", F64),
                    ("remaining_quantity", F64), ("symbol", U32), ("side", U8), ("status", U8), ("reserved", U8, 2))

ENGINE_STATS = Record("sgx_engine_stats",
                      ("struct_size", U32), ("reserved", U32), ("orders_processed", U64), ("fills", U64),
                      ("volume_lots", U64), ("volume", F64), ("rejects", U64), ("cancels", U64), ("amends", U64),
                      ("invalid_requests", U64), ("resting_orders", U64), ("latency_count", U64),
                      ("latency_avg_ns", F64), ("latency_min_ns", U64), ("latency_max_ns", U64),
                      ("latency_p50_ns", U64), ("latency_p90_ns", U64), ("latency_p99_ns", U64),
                      ("latency_p999_ns", U64))

NEW_ORDER = Record("sgx_new_order",
                   ("struct_size", U32), ("symbol", U32), ("side", U8), ("type", U8), ("tif", U8), ("stp", U8),
                   ("reserved", U8, 4), ("client_id", U64), ("price", I64), ("lots", I64), ("owner", U64))

ORDER_EVENT = Record("sgx_order_event",
                     ("order_id", U64), ("maker_id", U64), ("price", I64), ("lots", I64), ("remaining", I64),
                     ("maker_remaining", I64), ("symbol", U32), ("status", I32), ("kind", U8), ("side", U8),
                     ("reason", U8), ("maker_done", U8), ("reserved", U32))

LEVEL_TICKS = Record("sgx_level_ticks", ("price", I64), ("lots", I64), ("order_count", U64))

TOP_TICKS = Record("sgx_top_ticks",
                   ("bid_price", I64), ("bid_lots", I64), ("bid_orders", U64), ("ask_price", I64),
                   ("ask_lots", I64), ("ask_orders", U64), ("has_bid", U8), ("has_ask", U8), ("reserved", U8, 6))

ORDER_TICKS = Record("sgx_order_ticks",
                     ("order_id", U64), ("price", I64), ("open_lots", I64), ("filled_lots", I64),
                     ("lots_ahead", I64), ("orders_ahead", U64), ("owner", U64), ("symbol", U32), ("side", U8),
                     ("stp", U8), ("post_only", U8), ("reserved", U8))

REQUEST = Record("sgx_request",
                 ("struct_size", U32), ("symbol", U32), ("side", U8), ("type", U8), ("tif", U8), ("stp", U8),
                 ("op", U8), ("reserved", U8, 3), ("order_id", U64), ("price", I64), ("lots", I64), ("owner", U64))

PIPELINE_CONFIG = Record("sgx_pipeline_config",
                         ("struct_size", U32), ("wait", U32), ("queue_capacity", U64), ("result_capacity", U64),
                         ("engine", ENGINE_CONFIG))

RESULT = Record("sgx_result",
                ("sequence", U64), ("round_trip_ns", U64), ("status", I32), ("kind", U8), ("reserved", U8, 3),
                ("report", REPORT), ("fill", FILL))

DEPTH_QUERY = Record("sgx_depth_query",
                     ("struct_size", U32), ("symbol", U32), ("levels", U64), ("bids", LEVEL_PTR),
                     ("asks", LEVEL_PTR), ("bid_count", U64), ("ask_count", U64))

PIPELINE_STATS = Record("sgx_pipeline_stats",
                        ("struct_size", U32), ("reserved", U32), ("capacity", U64), ("result_capacity", U64),
                        ("submitted", U64), ("completed", U64), ("queue_full", U64), ("queue_high_water", U64),
                        ("result_high_water", U64), ("backpressure_waits", U64))

MD_EVENT = Record("sgx_md_event",
                  ("exch_ts", I64), ("local_ts", I64), ("price", I64), ("quantity", I64), ("order_id", U64),
                  ("sequence", U64), ("symbol", U32), ("flags", U16), ("kind", U8), ("side", U8),
                  ("reserved", U8, 8))

MD_SYMBOL = Record("sgx_md_symbol",
                   ("name", CHAR, 32), ("venue", CHAR, 16), ("tick_size", F64), ("lot_size", F64),
                   ("contract_size", F64), ("id", U32), ("inverse", U8), ("reserved", U8, 3))

MD_FILE_HEADER = Record("sgx_md_file_header",
                        ("magic", CHAR, 8), ("version", U32), ("header_size", U32), ("record_size", U32),
                        ("symbol_record_size", U32), ("symbol_count", U32), ("reserved0", U32),
                        ("record_count", U64), ("first_local_ts", I64), ("last_local_ts", I64),
                        ("reserved", U8, 8))

MD_QUOTE = Record("sgx_md_quote",
                  ("bid_price", I64), ("bid_quantity", I64), ("ask_price", I64), ("ask_quantity", I64),
                  ("has_bid", U8), ("has_ask", U8), ("reserved", U8, 6))

MD_LEVEL = Record("sgx_md_level", ("price", I64), ("quantity", I64), ("order_count", U64))

MD_QUEUE_POSITION = Record("sgx_md_queue_position",
                           ("orders_ahead", U64), ("quantity_ahead", I64), ("price", I64), ("quantity", I64),
                           ("symbol", U32), ("side", U8), ("reserved", U8, 3))

MD_BOOK_CHECKS = Record("sgx_md_book_checks",
                        ("events", U64), ("ignored", U64), ("invalid", U64), ("negative_quantity", U64),
                        ("crossed", U64), ("unknown_order", U64), ("duplicate_order", U64), ("overfill", U64),
                        ("modify_added", U64))

MD_CONVERT_OPTIONS = Record("sgx_md_convert_options",
                            ("struct_size", U32), ("inverse", U8), ("reserved", U8, 3), ("tick_size", F64),
                            ("lot_size", F64), ("contract_size", F64), ("venue", CHAR, 16))

MD_CONVERT_SUMMARY = Record("sgx_md_convert_summary",
                            ("struct_size", U32), ("reserved", U32), ("input_records", U64), ("events", U64),
                            ("gaps", U64), ("skipped", U64), ("warnings", U64), ("first_local_ts", I64),
                            ("last_local_ts", I64), ("first_exch_ts", I64), ("last_exch_ts", I64),
                            ("events_by_kind", U64, 16))

ORDER_LATENCY_ROW = Record("sgx_order_latency_row",
                           ("req_ts", I64), ("exch_ts", I64), ("resp_ts", I64), ("reserved", I64))

VENUE_SYMBOL_CONFIG = Record("sgx_venue_symbol_config",
                             ("symbol", U32), ("queue_model", U8), ("fill_model", U8), ("fee_model", U8),
                             ("reserved0", U8), ("queue_power", F64), ("maker_fee", F64), ("taker_fee", F64),
                             ("reserved", U64, 2))

VENUE_CONFIG = Record("sgx_venue_config",
                      ("struct_size", U32), ("latency_model", U8), ("book_model", U8), ("reserved0", U8, 2),
                      ("entry_latency_ns", I64), ("response_latency_ns", I64), ("entry_latency_mul", F64),
                      ("response_latency_mul", F64), ("latency_rows", LATENCY_ROWS_PTR),
                      ("latency_row_count", SIZE), ("local_latency_floor_ns", I64),
                      ("last_trades_capacity", U64), ("defaults", VENUE_SYMBOL_CONFIG),
                      ("symbols", SYMBOL_CONFIGS_PTR), ("symbol_count", SIZE), ("reserved", U64, 2))

VENUE_ORDER = Record("sgx_venue_order",
                     ("order_id", I64), ("price", I64), ("quantity", I64), ("leaves", I64), ("executed", I64),
                     ("exec_price", I64), ("last_fill", I64), ("local_ts", I64), ("exch_ts", I64),
                     ("recv_ts", I64), ("queue_ahead", F64), ("avg_price", F64), ("symbol", U32),
                     ("side", U8), ("type", U8), ("tif", U8), ("status", U8), ("request", U8), ("maker", U8),
                     ("reserved0", U8, 2), ("reject_reason", I32), ("reserved1", U32), ("reserved2", U64))

VENUE_FILL = Record("sgx_venue_fill",
                    ("order_id", I64), ("price", I64), ("quantity", I64), ("exch_ts", I64), ("local_ts", I64),
                    ("fee", F64), ("symbol", U32), ("side", U8), ("maker", U8), ("reserved", U8, 2),
                    ("reserved1", U64))

VENUE_STATE = Record("sgx_venue_state",
                     ("position", I64), ("volume", I64), ("trades", U64), ("maker_fills", U64),
                     ("taker_fills", U64), ("balance", F64), ("fee", F64), ("realized_pnl", F64),
                     ("unrealized_pnl", F64), ("equity", F64), ("avg_entry_price", F64), ("mid", F64),
                     ("trading_value", F64), ("orders_submitted", U64), ("orders_filled", U64),
                     ("book_events", U64))

VENUE_FEED = Record("sgx_venue_feed",
                    ("watermark", I64), ("horizon", I64), ("pushed", U64), ("late_events", U64), ("pending", U64),
                    ("live", U8), ("closed", U8), ("reserved", U8, 6))

RECORDS: Tuple[Record, ...] = (ENGINE_CONFIG, ORDER, REPORT, FILL, TOP_OF_BOOK, LEVEL, ORDER_INFO, ENGINE_STATS,
                               NEW_ORDER, ORDER_EVENT, LEVEL_TICKS, TOP_TICKS, ORDER_TICKS, REQUEST, PIPELINE_CONFIG, RESULT, DEPTH_QUERY, PIPELINE_STATS, MD_EVENT, MD_SYMBOL, MD_FILE_HEADER,
                               MD_QUOTE, MD_LEVEL, MD_QUEUE_POSITION, MD_BOOK_CHECKS, MD_CONVERT_OPTIONS,
                               MD_CONVERT_SUMMARY, ORDER_LATENCY_ROW, VENUE_SYMBOL_CONFIG, VENUE_CONFIG, VENUE_ORDER,
                               VENUE_FILL, VENUE_STATE, VENUE_FEED)


# ---------------------------------------------------------------------------
# Derived layouts for numpy and ctypes, made on first use.

_numpy_dtypes: Dict[Record, Any] = {}
_ctypes_classes: Dict[Record, Any] = {}


def numpy_dtype(rec: Record) -> Any:
    """The numpy structured dtype of a record (ImportError without numpy)."""
    dt = _numpy_dtypes.get(rec)
    if dt is None:
        import numpy
        formats = []
        for f in rec.fields:
            base = numpy_dtype(f.type) if isinstance(f.type, Record) else f.type.numpy
            if f.type is CHAR:
                formats.append(f"S{f.length}")
            else:
                formats.append((base, (f.length,)) if f.length else base)
        dt = _numpy_dtypes[rec] = numpy.dtype({"names": list(rec.names), "formats": formats,
                                                    "offsets": [f.offset for f in rec.fields],
                                                    "itemsize": rec.size})
    return dt


def ctypes_struct(rec: Record) -> Any:
    """The ctypes.Structure class of a record. ImportError if ctypes lays a
    field out elsewhere than the table says (a platform this table does not describe)."""
    cls = _ctypes_classes.get(rec)
    if cls is None:
        import ctypes
        fields = []
        for f in rec.fields:
            t = ctypes_struct(f.type) if isinstance(f.type, Record) else getattr(ctypes, f.type.ctypes)
            fields.append((f.name, t * f.length if f.length else t))
        cls = type(rec.name, (ctypes.Structure,), {"_fields_": fields})
        for f in rec.fields:
            if getattr(cls, f.name).offset != f.offset:
                raise ImportError(f"{rec.name}.{f.name}: ctypes places it at offset {getattr(cls, f.name).offset}, "
                                  f"the record table (sigmax_exec/_abi.py) at {f.offset}")
        if ctypes.sizeof(cls) != rec.size:
            raise ImportError(f"{rec.name}: ctypes makes it {ctypes.sizeof(cls)} bytes, the record table {rec.size}")
        _ctypes_classes[rec] = cls
    return cls


# ---------------------------------------------------------------------------
# Checking the tables against the header as cffi parsed it.

def _describe(entry: Any) -> str:
    if entry is None:
        return "no field"
    name, offset, cname = entry
    return f"{name} ({cname} at offset {offset})"


def _cffi_cname(ctype: Any) -> str:
    if ctype.kind == "array":
        return f"{ctype.item.cname}[{ctype.length}]"
    return str(ctype.cname)


def header_mismatches(ffi: Any, records: Iterable[Record] = RECORDS) -> List[str]:
    """Every difference between the record tables and the declarations that
    ``ffi`` (a cffi.FFI given the header's cdef) parsed: one line per field
    that differs in name, offset or C type (array length included), per
    missing or extra field, and per size, each naming the record and field."""
    problems: List[str] = []
    for rec in records:
        try:
            ctype = ffi.typeof(rec.name)
        except Exception:  # cffi.CDefError: not declared
            problems.append(f"{rec.name}: not declared in the header")
            continue
        theirs = [(name, f.offset, _cffi_cname(f.type)) for name, f in (ctype.fields or ())]
        ours = [(f.name, f.offset, f.cname) for f in rec.fields]
        for i in range(max(len(theirs), len(ours))):
            h = theirs[i] if i < len(theirs) else None
            t = ours[i] if i < len(ours) else None
            if h != t:
                problems.append(f"{rec.name} field {i + 1}: the header has {_describe(h)}, "
                                f"the table has {_describe(t)}")
        if ffi.sizeof(ctype) != rec.size:
            problems.append(f"{rec.name}: sizeof is {ffi.sizeof(ctype)} in the header, {rec.size} in the table")
    return problems


class LayoutMismatch(ImportError):
    """The record tables do not describe the header's records: loading a
    native backend would read and write the wrong bytes."""


def verify_header(ffi: Any, source: str = "the header") -> None:
    """LayoutMismatch (an ImportError) naming every record and field where the
    tables and ``ffi``'s declarations differ."""
    problems = header_mismatches(ffi)
    if problems:
        raise LayoutMismatch(f"the record table (sigmax_exec/_abi.py) does not match {source}: "
                             + "; ".join(problems))
