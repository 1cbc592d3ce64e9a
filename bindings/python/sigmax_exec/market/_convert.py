"""Converting feed recordings into event files from Python: Binance raw
streams, Tardis.dev CSV, Databento DBN MBO. A native backend (cffi or
ctypes) runs the C library's converters (sgx_md_convert); the pure-Python
backend runs _pure_convert, which mirrors them rule for rule: the same
event file byte for byte, the same summary, the same exception for the
same bad input."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

from .. import _abi
from .. import _errors as E
from ._records import Kind

PathLike = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class ConvertSummary:
    """What one conversion read and wrote (sgx_md_convert_summary)."""
    input_records: int
    events: int
    gaps: int
    skipped: int
    warnings: int
    first_local_ts: int
    last_local_ts: int
    first_exch_ts: int
    last_exch_ts: int
    events_by_kind: Dict[str, int] = field(default_factory=dict)


def _native(only: Optional[str] = None) -> Any:
    """(kind, module) of a loadable native backend: `only`, else cffi first."""
    errors: List[str] = []
    for name in (only,) if only else ("cffi", "ctypes"):
        try:
            if name == "cffi":
                from .. import _cffi as mod
            else:
                from .. import _ctypes as mod  # type: ignore[no-redef]
            return name, mod
        except ImportError as exc:
            errors.append(f"{name}: {exc}")
    raise ImportError("converting needs the native library (libsigmax_exec): " + "; ".join(errors))


def _summary(values: Dict[str, Any]) -> ConvertSummary:
    by_kind = {k.name: int(values["events_by_kind"][int(k)]) for k in Kind}
    return ConvertSummary(**{n: int(values[n]) for n in ("input_records", "events", "gaps", "skipped", "warnings",
                                                          "first_local_ts", "last_local_ts", "first_exch_ts",
                                                          "last_exch_ts")}, events_by_kind=by_kind)


def _c_string(text: str) -> str:
    """What a C string made of `text` holds: the text up to its first NUL."""
    return text.split("\0", 1)[0]


def convert(inputs: Union[PathLike, Sequence[PathLike]], output: PathLike, format: str = "binance", *,
            symbols: Iterable[str] = (), tick_size: float = 0.0, lot_size: float = 0.0,
            contract_size: float = 1.0, inverse: bool = False, venue: str = "",
            backend: Optional[str] = None) -> ConvertSummary:
    """Converts one or more recordings of ``format`` ("binance", "tardis" or
    "dbn") into the event file ``output``, atomically. ``tick_size`` and
    ``lot_size`` 0 take the grid from the source (docs/market_data.md).
    Raises DataFormatError / DataIOError naming the file, line or offset and
    the rule; InvalidConfigError for an unknown format or bad options.

    ``backend`` ("cffi", "ctypes" or "python") picks the converter; None:
    the backend ``import sigmax_exec`` selected (sigmax_exec.BACKEND). All
    give the same file, summary and exceptions; "python" needs no native
    library (a zstd input needs the python3-zstandard package)."""
    paths = [os.fspath(inputs)] if isinstance(inputs, (str, os.PathLike)) else [os.fspath(p) for p in inputs]
    names = [str(s) for s in symbols]
    venue_bytes = venue.encode()
    if len(venue_bytes) > 15:
        raise E.InvalidConfigError(E.ERR_INVALID_CONFIG, f"venue {venue!r} is longer than 15 bytes")
    if backend is None:
        from .. import BACKEND as backend
    if backend == "python":
        from . import _pure_convert
        options = _pure_convert.Options(symbols=tuple(_c_string(n).encode() for n in names),
                                        tick_size=float(tick_size), lot_size=float(lot_size),
                                        contract_size=float(contract_size), inverse=bool(inverse),
                                        venue=_c_string(venue).encode())
        values = _pure_convert.convert(_c_string(format), [_c_string(p) for p in paths],
                                       _c_string(os.fspath(output)), options)
        return _summary(values)
    if backend not in ("cffi", "ctypes"):
        raise ImportError(f"unknown backend {backend!r}; choose one of cffi, ctypes, python")
    kind, mod = _native(backend)
    enc = [p.encode() for p in paths]
    sym = [s.encode() for s in names]
    if kind == "cffi":
        ffi, lib = mod.ffi, mod.lib
        opts = ffi.new("sgx_md_convert_options*")
        lib.sgx_md_convert_options_init(opts)
        opts.inverse, opts.tick_size, opts.lot_size, opts.contract_size = int(inverse), tick_size, lot_size, contract_size
        opts.venue = venue_bytes
        out = ffi.new("sgx_md_convert_summary*")
        out.struct_size = ffi.sizeof("sgx_md_convert_summary")
        keep = [ffi.new("char[]", b) for b in enc + sym]
        c_inputs = ffi.new("char*[]", keep[:len(enc)])
        c_symbols = ffi.new("char*[]", keep[len(enc):]) if sym else ffi.NULL
        rc = lib.sgx_md_convert(out, format.encode(), c_inputs, len(enc), os.fspath(output).encode(), c_symbols,
                                len(sym), opts)
        detail = ffi.string(lib.sgx_error_detail()).decode(errors="replace") if rc else ""
    else:
        import ctypes as C
        lib = mod.lib
        opts = _abi.ctypes_struct(_abi.MD_CONVERT_OPTIONS)()
        lib.sgx_md_convert_options_init(C.byref(opts))
        opts.inverse, opts.tick_size, opts.lot_size, opts.contract_size = int(inverse), tick_size, lot_size, contract_size
        opts.venue = venue_bytes
        out = _abi.ctypes_struct(_abi.MD_CONVERT_SUMMARY)()
        out.struct_size = _abi.MD_CONVERT_SUMMARY.size
        c_inputs = (C.c_char_p * max(len(enc), 1))(*enc)
        c_symbols = (C.c_char_p * len(sym))(*sym) if sym else None
        rc = lib.sgx_md_convert(C.byref(out), format.encode(), c_inputs, len(enc), os.fspath(output).encode(),
                                c_symbols, len(sym), C.byref(opts))
        detail = (lib.sgx_error_detail() or b"").decode(errors="replace") if rc else ""
    if rc:
        raise E.error_for(rc, detail or None)
    # cffi cdata and ctypes structures both read by attribute.
    values = {f.name: (list(getattr(out, f.name)) if f.length else getattr(out, f.name))
              for f in _abi.MD_CONVERT_SUMMARY.fields if f.name != "reserved"}
    return _summary(values)
