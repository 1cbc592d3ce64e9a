"""The market-data records as Python sees them: the event kinds, sides and
flags of capi/sigmax_exec.h, numpy dtypes derived from the record table
(_abi.py), and typed views of the file header and the symbol table.

numpy is required by everything in sigmax_exec.market: events are numpy
structured arrays (a file's are a zero-copy view of its mapping).
"""
from __future__ import annotations

import struct
from enum import IntEnum, IntFlag
from typing import Any, NamedTuple, Optional, Sequence

try:
    import numpy as np
except ImportError as exc:  # pragma: no cover - numpy is installed wherever market data is used
    raise ImportError("sigmax_exec.market needs numpy (pip install numpy)") from exc

from .. import _abi


class Kind(IntEnum):
    """SGX_MD_*: what an event means (capi/sigmax_exec.h)."""
    LEVEL = 1           # L2: quantity is now the whole quantity at price on side (0 removes the level)
    CLEAR = 2           # remove every level and order of side (NONE: both sides)
    SNAPSHOT_BEGIN = 3  # a snapshot of the whole book follows: it replaces the book
    SNAPSHOT_END = 4    # the snapshot is complete
    TRADE = 5           # a trade; side = the aggressor's; order_id = trade id
    BBO = 6             # the feed's own best bid (side buy) or ask (side sell)
    ADD = 7             # L3: order_id joins the back of the queue at price
    CANCEL = 8          # L3: order_id loses quantity lots (0: the whole order)
    MODIFY = 9          # L3: order_id now has price and quantity
    FILL = 10           # L3: resting order_id traded quantity lots


class EventSide(IntEnum):
    """An event's side: the order sides and NONE (clears, trades without an aggressor)."""
    BUY = 0
    SELL = 1
    NONE = 2


class Flag(IntFlag):
    """SGX_MD_F_*: event flags."""
    LAST = 1            # last event of one feed message: the book is consistent after it
    SNAPSHOT = 2        # part of a snapshot
    GAP = 4             # the feed lost messages just before this event
    NO_EXCH_TS = 8      # the source gives no exchange time: exch_ts is the local time
    NO_AGGRESSOR = 16   # a trade whose aggressor side the source does not give
    NO_BOOK_CHANGE = 32  # a FILL that only says which order traded (its CANCEL or MODIFY follows)


EVENT_DTYPE: Any = _abi.numpy_dtype(_abi.MD_EVENT)
SYMBOL_DTYPE: Any = _abi.numpy_dtype(_abi.MD_SYMBOL)
HEADER_DTYPE: Any = _abi.numpy_dtype(_abi.MD_FILE_HEADER)
EVENT_SIZE = _abi.MD_EVENT.size                 # 64
SYMBOL_SIZE = _abi.MD_SYMBOL.size               # 80
HEADER_SIZE = _abi.MD_FILE_HEADER.size          # 64
MAGIC = b"SGXMDEV\0"
VERSION = 1
RECORD_ALIGN = 64

_SYMBOL_STRUCT = struct.Struct(_abi.MD_SYMBOL.format)
_HEADER_STRUCT = struct.Struct(_abi.MD_FILE_HEADER.format)


def header_size_for(symbols: int) -> int:
    """Bytes before the first event of a file with `symbols` symbols: the
    64-byte header and the symbol table, rounded up to 64."""
    raw = HEADER_SIZE + SYMBOL_SIZE * symbols
    return -(-raw // RECORD_ALIGN) * RECORD_ALIGN


class Symbol(NamedTuple):
    """One symbol of an event file (sgx_md_symbol): what its ticks and lots are worth."""
    id: int                     # the `symbol` of its events
    name: str                   # e.g. "BTCUSDT"
    venue: str = ""             # e.g. "binance-usdm"
    tick_size: float = 1.0      # the price of one tick
    lot_size: float = 1.0       # the quantity of one lot
    contract_size: float = 1.0  # 1 for spot and linear contracts; an inverse contract's face value
    inverse: bool = False       # a coin-margined (inverse) contract

    def pack(self) -> bytes:
        """The 80-byte sgx_md_symbol record. ValueError for a name over 31 bytes
        or a venue over 15 (UTF-8; the C record keeps a terminating NUL) or an
        id outside 32 bits."""
        name, venue = self.name.encode(), self.venue.encode()
        if len(name) > 31 or len(venue) > 15:
            raise ValueError(f"symbol {self.id}: the name is at most 31 bytes and the venue at most 15 "
                             f"(got {len(name)} and {len(venue)})")
        if not 0 <= self.id <= 0xFFFFFFFF:
            raise ValueError(f"symbol id {self.id} does not fit in 32 bits")
        return pack_symbol_record(self.id, name, venue, self.tick_size, self.lot_size, self.contract_size,
                                  self.inverse)

    @classmethod
    def unpack(cls, record: bytes) -> "Symbol":
        """From an 80-byte sgx_md_symbol record (text up to its first NUL)."""
        v = dict(zip(_abi.MD_SYMBOL.packed, _SYMBOL_STRUCT.unpack(record)))
        return cls(id=v["id"], name=_text(v["name"]), venue=_text(v["venue"]), tick_size=v["tick_size"],
                   lot_size=v["lot_size"], contract_size=v["contract_size"], inverse=bool(v["inverse"]))


def pack_symbol_record(id: int, name: bytes, venue: bytes, tick_size: float, lot_size: float,
                       contract_size: float, inverse: bool) -> bytes:
    """The 80-byte sgx_md_symbol record of these fields, in the canonical form
    both writers store: each text cut at its first NUL (and to its field: 32
    bytes of name, 16 of venue, unterminated when full) and NUL-padded, the
    reserved bytes zero. No other check: Symbol.pack() checks the lengths a
    caller may give; the converters fill the fields as the C ones do."""
    values = {"name": name.split(b"\0", 1)[0][:32], "venue": venue.split(b"\0", 1)[0][:16],
              "tick_size": float(tick_size), "lot_size": float(lot_size), "contract_size": float(contract_size),
              "id": int(id), "inverse": 1 if inverse else 0}
    return _SYMBOL_STRUCT.pack(*(values[n] for n in _abi.MD_SYMBOL.packed))


def _text(raw: bytes) -> str:
    """NUL-padded text: up to its first NUL."""
    return raw.split(b"\0", 1)[0].decode("utf-8", "replace")


class FileHeader(NamedTuple):
    """The 64-byte header of an event file (sgx_md_file_header)."""
    magic: bytes
    version: int
    header_size: int
    record_size: int
    symbol_record_size: int
    symbol_count: int
    reserved0: int
    record_count: int
    first_local_ts: int
    last_local_ts: int

    def pack(self) -> bytes:
        """The 64 bytes (the trailing reserved bytes 0)."""
        return _HEADER_STRUCT.pack(*self)

    @classmethod
    def unpack(cls, record: bytes) -> "FileHeader":
        return cls(*_HEADER_STRUCT.unpack(record))


assert FileHeader._fields == _abi.MD_FILE_HEADER.packed, "FileHeader follows sgx_md_file_header"


def make_events(n: int = 0, **columns: Any) -> Any:
    """An EVENT_DTYPE array of `n` zeroed events (or as long as the columns),
    with the given fields set from scalars or sequences:
    ``make_events(kind=Kind.LEVEL, side=[0, 1], price=[100, 101], quantity=5, flags=Flag.LAST)``."""
    lengths = {len(v) for v in columns.values() if isinstance(v, (Sequence, np.ndarray)) and not isinstance(v, str)}
    if len(lengths) > 1:
        raise ValueError(f"make_events: columns of different lengths {sorted(lengths)}")
    size = lengths.pop() if lengths else n
    out = np.zeros(size, dtype=EVENT_DTYPE)
    for name, value in columns.items():
        if name not in EVENT_DTYPE.names or name == "reserved":
            raise ValueError(f"make_events: sgx_md_event has no field {name!r}")
        out[name] = value
    return out


def side_code(side: Any) -> Optional[int]:
    """0 (buy) or 1 (sell) for an int, IntEnum or "buy"/"sell"; None for anything else."""
    if isinstance(side, str):
        return {"buy": 0, "bid": 0, "sell": 1, "ask": 1}.get(side.lower())
    try:
        s = int(side)
    except (TypeError, ValueError):
        return None
    return s if s in (0, 1) else None
