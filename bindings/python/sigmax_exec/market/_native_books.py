"""The L2 and L3 books of the C library (sgx_md_l2_book_*, sgx_md_l3_book_*)
through cffi or ctypes. apply() hands the whole numpy array to one C call
(ffi.from_buffer / the array's address): no Python work per event.

An FFI adapter (_Cffi, _Ctypes) makes the calls and returns the C records;
both kinds of record read by attribute (cffi cdata and ctypes structures
alike), so NativeL2Book and NativeL3Book share everything else.
"""
from __future__ import annotations

import weakref
from typing import Any, Callable, Dict, List, Optional, Tuple, Type

from .. import _abi
from .. import _errors as E
from .._common import depth_in_growing_chunks
from ._book_types import BookBase, L3BookBase, RawLevel, RawPosition, RawQuote


def _check(rc: int) -> None:
    if rc:
        raise E.error_for(rc)


class _Cffi:
    implementation = "cffi"

    def __init__(self) -> None:
        from .. import _cffi
        self.ffi, self.lib = _cffi.ffi, _cffi.lib
        self.null = self.ffi.NULL

    def fn(self, kind: str, op: str) -> Any:
        return getattr(self.lib, f"sgx_md_{kind}_book_{op}")

    def create(self, kind: str) -> Any:
        out = self.ffi.new(f"sgx_md_{kind}_book**")
        _check(self.fn(kind, "create")(out))
        return self.ffi.gc(out[0], self.fn(kind, "destroy"))

    def events(self, array: Any) -> Any:
        return self.ffi.from_buffer("sgx_md_event[]", array)

    def new(self, ctype: str, count: int = 0) -> Any:
        return self.ffi.new(f"{ctype}[]", count) if count else self.ffi.new(f"{ctype}*")

    def out_value(self, ctype: str) -> Tuple[Any, Callable[[], Any]]:
        p = self.ffi.new(f"{ctype}*")
        return p, lambda: p[0]

    def deref(self, record: Any) -> Any:
        return record


class _Ctypes:
    implementation = "ctypes"

    def __init__(self) -> None:
        import ctypes
        from .. import _ctypes
        self.C, self.lib = ctypes, _ctypes.lib
        self.records = {"sgx_md_quote": _abi.ctypes_struct(_abi.MD_QUOTE),
                        "sgx_md_level": _abi.ctypes_struct(_abi.MD_LEVEL),
                        "sgx_md_queue_position": _abi.ctypes_struct(_abi.MD_QUEUE_POSITION),
                        "sgx_md_book_checks": _abi.ctypes_struct(_abi.MD_BOOK_CHECKS),
                        "uint32_t": ctypes.c_uint32}
        self.null = None

    def fn(self, kind: str, op: str) -> Any:
        return getattr(self.lib, f"sgx_md_{kind}_book_{op}")

    def create(self, kind: str) -> Any:
        handle = self.C.c_void_p()
        _check(self.fn(kind, "create")(self.C.byref(handle)))
        return handle

    def finalizer(self, owner: Any, kind: str, handle: Any) -> None:
        weakref.finalize(owner, self.fn(kind, "destroy"), handle)

    def events(self, array: Any) -> Any:
        return array.ctypes.data

    def new(self, ctype: str, count: int = 0) -> Any:
        cls = self.records[ctype]
        return (cls * count)() if count else cls()

    def out_value(self, ctype: str) -> Tuple[Any, Callable[[], Any]]:
        v = {"size_t": self.C.c_size_t, "int64_t": self.C.c_int64}[ctype]()
        return self.C.byref(v), lambda: v.value

    def deref(self, record: Any) -> Any:
        return self.C.byref(record)


class _NativeMixin:
    """The calls both native books make; `kind` is "l2" or "l3"."""

    _api: Any
    kind = "?"

    def _setup(self) -> None:
        api = self._api
        self._h = api.create(self.kind)
        if hasattr(api, "finalizer"):
            api.finalizer(self, self.kind, self._h)
        self._apply = api.fn(self.kind, "apply")
        self._best = api.fn(self.kind, "best")
        self._depth = api.fn(self.kind, "depth")
        self._quantity = api.fn(self.kind, "quantity_at")
        self._checks_fn = api.fn(self.kind, "checks")
        self._symbols_fn = api.fn(self.kind, "symbols")
        self._reset_fn = api.fn(self.kind, "reset")

    def _raw_apply(self, events: Any) -> None:
        _check(self._apply(self._h, self._api.events(events), len(events)))

    def _raw_best(self, symbol: int) -> RawQuote:
        q = self._api.new("sgx_md_quote")
        _check(self._best(self._api.deref(q), self._h, symbol))
        return bool(q.has_bid), q.bid_price, q.bid_quantity, bool(q.has_ask), q.ask_price, q.ask_quantity

    def _raw_depth(self, symbol: int, levels: int) -> Tuple[List[RawLevel], List[RawLevel]]:
        api = self._api
        nb, get_nb = api.out_value("size_t")
        na, get_na = api.out_value("size_t")

        def fetch(cap: int) -> Tuple[List[RawLevel], List[RawLevel]]:
            bids, asks = api.new("sgx_md_level", max(cap, 1)), api.new("sgx_md_level", max(cap, 1))
            _check(self._depth(bids, nb, asks, na, self._h, symbol, cap))
            return ([(bids[i].price, bids[i].quantity, bids[i].order_count) for i in range(get_nb())],
                    [(asks[i].price, asks[i].quantity, asks[i].order_count) for i in range(get_na())])
        d = depth_in_growing_chunks(levels, fetch)
        return d["bids"], d["asks"]

    def _raw_quantity_at(self, symbol: int, side: int, price: int) -> int:
        out, get = self._api.out_value("int64_t")
        _check(self._quantity(out, self._h, symbol, side, price))
        return int(get())

    def _raw_checks(self) -> Tuple[int, ...]:
        c = self._api.new("sgx_md_book_checks")
        _check(self._checks_fn(self._api.deref(c), self._h))
        return tuple(int(getattr(c, n)) for n in _abi.MD_BOOK_CHECKS.value_names)

    def _raw_symbols(self) -> List[int]:
        api = self._api
        count, get_count = api.out_value("size_t")
        _check(self._symbols_fn(api.null, 0, count, self._h))
        n = int(get_count())
        ids = api.new("uint32_t", max(n, 1))
        _check(self._symbols_fn(ids, n, count, self._h))  # no event runs in between: the count holds
        return [int(ids[i]) for i in range(n)]

    def _raw_reset(self) -> None:
        _check(self._reset_fn(self._h))


def _classes(api: Any) -> Tuple[Type[BookBase], Type[L3BookBase]]:
    class NativeL2Book(_NativeMixin, BookBase):
        """L2 (market by price) books per symbol in the C library."""
        implementation = api.implementation
        level_kind = "L2"
        kind = "l2"
        _api = api

        def __init__(self, symbols: Any = None) -> None:
            BookBase.__init__(self, symbols)
            self._setup()

    class NativeL3Book(_NativeMixin, L3BookBase):
        """L3 (market by order) books per symbol in the C library."""
        implementation = api.implementation
        kind = "l3"
        _api = api

        def __init__(self, symbols: Any = None) -> None:
            L3BookBase.__init__(self, symbols)
            self._setup()
            self._queue = api.fn("l3", "queue_ahead")
            self._resting = api.fn("l3", "resting_orders")

        def _raw_resting_orders(self, symbol: int) -> int:
            out, get = api.out_value("size_t")
            _check(self._resting(out, self._h, symbol))
            return int(get())

        def _raw_queue_ahead(self, symbol: int, order_id: int) -> Optional[RawPosition]:
            p = api.new("sgx_md_queue_position")
            rc = self._queue(api.deref(p), self._h, symbol, order_id)
            if rc == E.ERR_NOT_FOUND:
                return None
            _check(rc)
            return p.orders_ahead, p.quantity_ahead, p.price, p.quantity, p.symbol, p.side

    return NativeL2Book, NativeL3Book


_CACHE: Dict[str, Tuple[Type[BookBase], Type[L3BookBase]]] = {}


def native_books(name: str) -> Tuple[Type[BookBase], Type[L3BookBase]]:
    """(L2Book, L3Book) classes of the "cffi" or "ctypes" backend; ImportError if it cannot load."""
    if name not in _CACHE:
        _CACHE[name] = _classes(_Cffi() if name == "cffi" else _Ctypes())
    return _CACHE[name]
