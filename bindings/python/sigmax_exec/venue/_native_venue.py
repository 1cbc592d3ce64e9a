"""NativeVenueCore: the venue of the C library (sgx_venue_*) through cffi or
ctypes, behind the core protocol of _core.py (ticks, lots, ints; the
package's exceptions).

The venue reads the event file through its own sgx_md_file handle, opened by
path: the Python EventFile maps the same file read-only, so both see the
same bytes. A live core (``NativeVenueCore.live``, sgx_venue_create_live)
has no file: push() hands each EVENT_DTYPE array to the C venue, which
copies it. Records come back as numpy arrays of the _records dtypes, each
filled by one C call into the array's buffer: no Python work per field.

An FFI adapter (_Cffi, _Ctypes) gives the few things the backends spell
differently: a buffer's address, an out-parameter and its value, opening
handles. Everything else is shared.
"""
from __future__ import annotations

import operator
import weakref
from typing import Any, Callable, Dict, List, Tuple, Type

import numpy as np

from .. import _errors as E
from ..market._book_types import Level, Quote
from ..market._records import EVENT_DTYPE
from ..market._units import to_value
from .. import _abi
from ._config import VenueConfig, validate
from ..market._records import SYMBOL_DTYPE, Symbol
from ._records import SYMBOL_CONFIG_DTYPE, VENUE_FEED_DTYPE, VENUE_FILL_DTYPE, VENUE_ORDER_DTYPE, VENUE_STATE_DTYPE

_CONFIG_DTYPE = _abi.numpy_dtype(_abi.VENUE_CONFIG)

_QUOTE_DTYPE = np.dtype([("bid_price", "<i8"), ("bid_quantity", "<i8"), ("ask_price", "<i8"),
                         ("ask_quantity", "<i8"), ("has_bid", "u1"), ("has_ask", "u1"), ("reserved", "u1", (6,))])
_LEVEL_DTYPE = np.dtype([("price", "<i8"), ("quantity", "<i8"), ("order_count", "<u8")])


def _copy_records(buf: Any, n: int) -> Any:
    """The first n records of `buf` as a new array, byte for byte: a numpy
    copy of a structured array copies field by field and leaves the bytes no
    field covers (sgx_venue_order's padding after reserved1) uninitialised."""
    out = np.empty(n, buf.dtype)
    out.view(np.uint8)[:] = buf[:n].view(np.uint8)
    return out


def config_arrays(config: VenueConfig, symbols: List[Symbol]) -> Tuple[Any, Tuple[Any, ...]]:
    """The sgx_venue_config record of `config` (a 1-element array) and the
    arrays it points into (latency rows, one override per symbol), which must
    live while the venue is created. validate() runs first, so both backends
    refuse a bad config with the same InvalidConfigError text."""
    resolved = validate(config, symbols)
    lat = config.latency
    rows = lat.rows_array()
    overrides = np.zeros(len(resolved), SYMBOL_CONFIG_DTYPE)
    for i, (sid, sc) in enumerate(resolved.items()):
        for name, value in sc.record(sid).items():
            overrides[i][name] = value
    c = np.zeros(1, _CONFIG_DTYPE)
    r = c[0]
    r["struct_size"] = _abi.VENUE_CONFIG.size
    r["latency_model"] = int(lat.kind)
    r["book_model"] = int(config.book_model)
    r["entry_latency_ns"], r["response_latency_ns"] = lat.entry_ns, lat.response_ns
    r["entry_latency_mul"], r["response_latency_mul"] = lat.entry_mul, lat.response_mul
    r["latency_rows"] = rows.ctypes.data if len(rows) else 0
    r["latency_row_count"] = len(rows)
    r["local_latency_floor_ns"] = config.local_latency_floor_ns
    r["last_trades_capacity"] = config.last_trades_capacity
    for name, value in config.defaults.record(0).items():
        r["defaults"][name] = value
    r["symbols"] = overrides.ctypes.data if len(overrides) else 0
    r["symbol_count"] = len(overrides)
    return c, (rows, overrides)


def _detail_error(lib: Any, rc: int, decode: Callable[[Any], str]) -> E.SigmaxError:
    """The exception of a failed create: INVALID_CONFIG and FORMAT/IO carry sgx_error_detail()."""
    if rc in (E.ERR_INVALID_CONFIG, E.ERR_FORMAT, E.ERR_IO):
        return E.error_for(rc, decode(lib.sgx_error_detail()) or None)
    return E.error_for(rc)


class _Cffi:
    implementation = "cffi"

    def __init__(self) -> None:
        from .. import _cffi
        self.ffi, self.lib = _cffi.ffi, _cffi.lib
        self.null = self.ffi.NULL

    def decode(self, text: Any) -> str:
        return str(self.ffi.string(text).decode("utf-8", "replace"))

    def address(self, ctype: str, array: Any) -> Any:
        # A pointer into a numpy array's buffer, kept alive by the cdata.
        return self.ffi.from_buffer(ctype + "[]", array, require_writable=False)

    def out(self, ctype: str) -> Tuple[Any, Callable[[], Any]]:
        p = self.ffi.new(ctype + "*")
        return p, lambda: p[0]

    def open_file(self, path: str) -> Any:
        out = self.ffi.new("sgx_md_file**")
        rc = self.lib.sgx_md_file_open(out, path.encode())
        if rc:
            raise _detail_error(self.lib, rc, self.decode)
        return out[0]

    def create(self, file: Any, config: Any) -> Any:
        out = self.ffi.new("sgx_venue**")
        rc = self.lib.sgx_venue_create(out, file, self.address("sgx_venue_config", config))
        if rc:
            raise _detail_error(self.lib, rc, self.decode)
        return out[0]

    def create_live(self, symbols: Any, config: Any, start: int, shift: int, delay: int) -> Any:
        out = self.ffi.new("sgx_venue**")
        rc = self.lib.sgx_venue_create_live(out, self.address("sgx_md_symbol", symbols), len(symbols),
                                            self.address("sgx_venue_config", config), start, shift, delay)
        if rc:
            raise _detail_error(self.lib, rc, self.decode)
        return out[0]


class _Ctypes:
    implementation = "ctypes"

    def __init__(self) -> None:
        import ctypes
        from .. import _ctypes
        self.C, self.lib = ctypes, _ctypes.lib
        self.null = None
        self._scalars = {"int32_t": ctypes.c_int32, "int64_t": ctypes.c_int64, "uint64_t": ctypes.c_uint64,
                         "size_t": ctypes.c_size_t, "double": ctypes.c_double}

    def decode(self, text: Any) -> str:
        return (text or b"").decode("utf-8", "replace")

    def address(self, ctype: str, array: Any) -> Any:
        return array.ctypes.data

    def out(self, ctype: str) -> Tuple[Any, Callable[[], Any]]:
        v: Any = self._scalars[ctype]()
        return self.C.byref(v), lambda: v.value

    def open_file(self, path: str) -> Any:
        h = self.C.c_void_p()
        rc = self.lib.sgx_md_file_open(self.C.byref(h), path.encode())
        if rc:
            raise _detail_error(self.lib, rc, self.decode)
        return h

    def create(self, file: Any, config: Any) -> Any:
        h = self.C.c_void_p()
        rc = self.lib.sgx_venue_create(self.C.byref(h), file, config.ctypes.data)
        if rc:
            raise _detail_error(self.lib, rc, self.decode)
        return h

    def create_live(self, symbols: Any, config: Any, start: int, shift: int, delay: int) -> Any:
        h = self.C.c_void_p()
        rc = self.lib.sgx_venue_create_live(self.C.byref(h), symbols.ctypes.data if len(symbols) else None,
                                            len(symbols), config.ctypes.data, start, shift, delay)
        if rc:
            raise _detail_error(self.lib, rc, self.decode)
        return h


# The push statuses that come with sgx_error_detail() naming the event.
_PUSH_DETAIL = frozenset((E.ERR_TIME_BACKWARDS, E.ERR_UNKNOWN_SYMBOL, E.ERR_OUT_OF_RANGE))


def _release(lib: Any, venue: Any, file: Any) -> None:
    """The venue first: it reads the file's events until it goes (a live venue has no file)."""
    if venue is not None:
        lib.sgx_venue_destroy(venue)
    if file is not None:
        lib.sgx_md_file_close(file)


def _int64(name: str, value: Any) -> int:
    """An int64 argument: TypeError for a non-integer, OverflowError outside int64 (both backends alike)."""
    v = operator.index(value)
    if not -(1 << 63) <= v < (1 << 63):
        raise OverflowError(f"{name} {v} does not fit in int64")
    return v


def _core_class(api: Any) -> Type[Any]:
    lib = api.lib
    check_rc = E.error_for

    class NativeVenueCore:
        """The venue of the C library over one event file (see _core.VenueCore)."""

        implementation = api.implementation

        def __init__(self, file: Any, config: VenueConfig) -> None:
            cfg, keep = config_arrays(config, list(file.symbols))
            handle = api.open_file(file.path)
            try:
                h = api.create(handle, cfg)
            except BaseException:
                _release(lib, None, handle)
                raise
            self._setup(h, handle, file.symbols, config, keep)

        @classmethod
        def live(cls, symbols: List[Symbol], config: VenueConfig, start_local_ts: int, local_shift_ns: int,
                 feed_delay_ns: int) -> "NativeVenueCore":
            """A live venue over `symbols` (docs/venue.md, "Live venue"): no
            file; events come through push()."""
            symbols = list(symbols)
            args = [_int64(n, v) for n, v in (("start_local_ts", start_local_ts), ("local_shift_ns", local_shift_ns),
                                              ("feed_delay_ns", feed_delay_ns))]
            cfg, keep = config_arrays(config, symbols)
            table = np.zeros(len(symbols), SYMBOL_DTYPE)
            if symbols:
                table.view(np.uint8)[:] = np.frombuffer(b"".join(s.pack() for s in symbols), np.uint8)
            h = api.create_live(table, cfg, *args)
            core = cls.__new__(cls)
            core._setup(h, None, symbols, config, keep)
            return core

        def _setup(self, h: Any, file_handle: Any, symbols: Any, config: VenueConfig, keep: Any) -> None:
            self._h = h
            self._symbols = {s.id: s for s in symbols}
            self._trades_capacity = max(int(config.last_trades_capacity), 1)
            self._keep = keep  # the arrays the config points into, kept while the venue lives
            self._finalizer = weakref.finalize(self, _release, lib, self._h, file_handle)
            self._step, self._get_step = api.out("int32_t")
            self._i64, self._get_i64 = api.out("int64_t")
            self._size, self._get_size = api.out("size_t")
            self._u64, self._get_u64 = api.out("uint64_t")
            self._f64, self._get_f64 = api.out("double")
            self._order_buf = np.zeros(1, VENUE_ORDER_DTYPE)
            self._order_ptr = api.address("sgx_venue_order", self._order_buf)
            self._state_buf = np.zeros(1, VENUE_STATE_DTYPE)
            self._state_ptr = api.address("sgx_venue_state", self._state_buf)
            self._orders_buf = np.zeros(64, VENUE_ORDER_DTYPE)
            self._orders_ptr = api.address("sgx_venue_order", self._orders_buf)
            self._trades_buf: Any = None  # made on the first last_trades call
            self._trades_ptr: Any = None
            self._quote_buf = np.zeros(1, _QUOTE_DTYPE)
            self._quote_ptr = api.address("sgx_md_quote", self._quote_buf)
            self._feed_buf = np.zeros(1, VENUE_FEED_DTYPE)
            self._feed_ptr = api.address("sgx_venue_feed", self._feed_buf)

        def close(self) -> None:
            """Frees the C venue and its file handle now (else when collected).
            Later calls get a NULL handle: SGX_ERR_NULL_POINTER, never freed memory."""
            self._finalizer()
            self._h = api.null

        # -- driving --------------------------------------------------------

        def elapse(self, ns: int) -> int:
            rc = lib.sgx_venue_elapse(self._step, self._h, ns)
            if rc:
                raise check_rc(rc)
            return int(self._get_step())

        def goto(self, ts: int) -> int:
            rc = lib.sgx_venue_goto(self._step, self._h, ts)
            if rc:
                raise check_rc(rc)
            return int(self._get_step())

        def wait_next_feed(self, include_responses: bool, timeout: int) -> int:
            rc = lib.sgx_venue_wait_next_feed(self._step, self._h, 1 if include_responses else 0, timeout)
            if rc:
                raise check_rc(rc)
            return int(self._get_step())

        def wait_order_response(self, symbol: int, order_id: int, timeout: int) -> int:
            rc = lib.sgx_venue_wait_order_response(self._step, self._h, symbol, order_id, timeout)
            if rc:
                raise check_rc(rc)
            return int(self._get_step())

        def current_timestamp(self) -> int:
            rc = lib.sgx_venue_current_timestamp(self._i64, self._h)
            if rc:
                raise check_rc(rc)
            return int(self._get_i64())

        def local_shift(self) -> int:
            rc = lib.sgx_venue_local_shift(self._i64, self._h)
            if rc:
                raise check_rc(rc)
            return int(self._get_i64())

        # -- the live feed --------------------------------------------------

        def push(self, events: Any) -> None:
            """Appends an EVENT_DTYPE array to a live venue's feed, all or none."""
            a = np.asarray(events)
            if a.dtype != EVENT_DTYPE:
                raise TypeError(f"push takes an EVENT_DTYPE array, not one of dtype {a.dtype}")
            a = np.ascontiguousarray(a.reshape(-1))
            n = len(a)
            rc = lib.sgx_venue_push(self._h, api.address("sgx_md_event", a) if n else api.null, n)
            if rc:
                raise check_rc(rc, api.decode(lib.sgx_error_detail()) or None) if rc in _PUSH_DETAIL else check_rc(rc)

        def advance_feed(self, ts: int) -> None:
            rc = lib.sgx_venue_advance_feed(self._h, ts)
            if rc:
                raise check_rc(rc)

        def close_feed(self) -> None:
            rc = lib.sgx_venue_close_feed(self._h)
            if rc:
                raise check_rc(rc)

        def feed(self) -> Any:
            rc = lib.sgx_venue_get_feed(self._feed_ptr, self._h)
            if rc:
                raise check_rc(rc)
            return _copy_records(self._feed_buf, 1)[0]

        # -- requests -------------------------------------------------------

        def submit(self, symbol: int, order_id: int, side: int, price: int, quantity: int, type: int,
                   tif: int) -> None:
            rc = lib.sgx_venue_submit(self._h, symbol, order_id, side, price, quantity, type, tif)
            if rc:
                raise check_rc(rc)

        def modify(self, symbol: int, order_id: int, price: int, quantity: int) -> None:
            rc = lib.sgx_venue_modify(self._h, symbol, order_id, price, quantity)
            if rc:
                raise check_rc(rc)

        def cancel(self, symbol: int, order_id: int) -> None:
            rc = lib.sgx_venue_cancel(self._h, symbol, order_id)
            if rc:
                raise check_rc(rc)

        def cancel_all(self, symbol: int) -> int:
            rc = lib.sgx_venue_cancel_all(self._size, self._h, symbol)
            if rc:
                raise check_rc(rc)
            return int(self._get_size())

        def clear_inactive_orders(self, symbol: int) -> None:
            rc = lib.sgx_venue_clear_inactive_orders(self._h, symbol)
            if rc:
                raise check_rc(rc)

        # -- views ----------------------------------------------------------

        def order(self, symbol: int, order_id: int) -> Any:
            rc = lib.sgx_venue_get_order(self._order_ptr, self._h, symbol, order_id)
            if rc:
                raise check_rc(rc)
            return _copy_records(self._order_buf, 1)[0]

        def orders(self, symbol: int) -> Any:
            # One call into a buffer kept between calls (grown when the table outgrows it), then a copy.
            rc = lib.sgx_venue_orders(self._orders_ptr, len(self._orders_buf), self._size, self._h, symbol)
            if rc:
                raise check_rc(rc)
            n = int(self._get_size())
            if n > len(self._orders_buf):
                self._orders_buf = np.zeros(2 * n, VENUE_ORDER_DTYPE)
                self._orders_ptr = api.address("sgx_venue_order", self._orders_buf)
                return self.orders(symbol)  # nothing runs in between: the table is the same
            return _copy_records(self._orders_buf, n)

        def state(self, symbol: int) -> Any:
            rc = lib.sgx_venue_get_state(self._state_ptr, self._h, symbol)
            if rc:
                raise check_rc(rc)
            return _copy_records(self._state_buf, 1)[0]

        def _units(self, symbol: int) -> Tuple[float, float]:
            s = self._symbols[symbol]
            return s.tick_size, s.lot_size

        def quote(self, symbol: int) -> Quote:
            rc = lib.sgx_venue_quote(self._quote_ptr, self._h, symbol)
            if rc:
                raise check_rc(rc)
            bid, bid_lots, ask, ask_lots, has_bid, has_ask, _ = self._quote_buf[0].item()  # one numpy call
            tick, lot = self._units(symbol)
            if not has_bid:
                bid = None
            if not has_ask:
                ask = None
            return Quote(bid, bid_lots, ask, ask_lots,
                         None if bid is None else to_value(bid, tick), to_value(bid_lots, lot),
                         None if ask is None else to_value(ask, tick), to_value(ask_lots, lot))

        def depth(self, symbol: int, side: int, levels: int) -> List[Level]:
            wanted = operator.index(levels)
            if wanted < 0:
                raise ValueError("levels must be >= 0")
            # A buffer that grows only while the side fills it: a huge `levels` costs no huge buffer.
            cap = min(wanted, 256)
            while True:
                out = np.zeros(max(cap, 1), _LEVEL_DTYPE)
                rc = lib.sgx_venue_depth(api.address("sgx_md_level", out), cap, self._size, self._h, symbol, side)
                if rc:
                    raise check_rc(rc)
                got = int(self._get_size())
                if got < cap or cap == wanted:
                    break
                cap = min(wanted, cap * 8)
            tick, lot = self._units(symbol)
            return [Level(p, q, c, to_value(p, tick), to_value(q, lot)) for p, q, c in out[:got].tolist()]

        def quantity_at(self, symbol: int, side: int, price: int) -> int:
            rc = lib.sgx_venue_quantity_at(self._i64, self._h, symbol, side, price)
            if rc:
                raise check_rc(rc)
            return int(self._get_i64())

        def last_trades(self, symbol: int) -> Any:
            # The venue hands over as many as the buffer takes and keeps the
            # rest for the next call: drain it chunk by chunk.
            if self._trades_buf is None:
                self._trades_buf = np.zeros(min(self._trades_capacity, 1024), EVENT_DTYPE)
                self._trades_ptr = api.address("sgx_md_event", self._trades_buf)
            chunks = []
            while True:
                rc = lib.sgx_venue_last_trades(self._trades_ptr, len(self._trades_buf), self._size, self._h, symbol)
                if rc:
                    raise check_rc(rc)
                n = int(self._get_size())
                chunks.append(_copy_records(self._trades_buf, n))
                if n < len(self._trades_buf):
                    break
            return chunks[0] if len(chunks) == 1 else np.concatenate(chunks)

        def dropped_trades(self, symbol: int) -> int:
            rc = lib.sgx_venue_dropped_trades(self._u64, self._h, symbol)
            if rc:
                raise check_rc(rc)
            return int(self._get_u64())

        def fills(self, first: int = 0) -> Any:
            rc = lib.sgx_venue_fills(api.null, 0, 0, self._size, self._h)
            if rc:
                raise check_rc(rc)
            n = max(int(self._get_size()) - int(first), 0)
            out = np.zeros(n, VENUE_FILL_DTYPE)
            if n:
                lib.sgx_venue_fills(api.address("sgx_venue_fill", out), n, first, self._size, self._h)
            return out

        def queue_position(self, symbol: int, order_id: int) -> float:
            rc = lib.sgx_venue_queue_position(self._f64, self._h, symbol, order_id)
            if rc:
                raise check_rc(rc)
            return float(self._get_f64())

    return NativeVenueCore


_CACHE: Dict[str, Type[Any]] = {}


def native_core(name: str) -> Type[Any]:
    """The NativeVenueCore class of the "cffi" or "ctypes" backend; ImportError if it cannot load."""
    if name not in _CACHE:
        _CACHE[name] = _core_class(_Cffi() if name == "cffi" else _Ctypes())
    return _CACHE[name]
