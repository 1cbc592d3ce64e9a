"""What the pure-Python converters share, as src/market/convert.cpp,
emitter.hpp and include/sigmax/market/convert.hpp have it for the C++ ones:
the options, the summary, the error that names a file, a line or an offset
and the rule broken, and the sink that hands symbols and events to the
event-file writer (_writer.py, the one Python writer of the file format)."""
from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import List, Set, Tuple

from ... import _abi
from ... import _errors as E
from .._records import pack_symbol_record
from .._writer import EventFileWriter

# Event kinds, sides and flags (capi/sigmax_exec.h), as plain ints for speed.
LEVEL, CLEAR, SNAPSHOT_BEGIN, SNAPSHOT_END, TRADE, BBO, ADD, CANCEL, MODIFY, FILL = range(1, 11)
BUY, SELL, SIDE_NONE = 0, 1, 2
F_LAST, F_SNAPSHOT, F_GAP, F_NO_EXCH_TS, F_NO_AGGRESSOR, F_NO_BOOK_CHANGE = 1, 2, 4, 8, 16, 32

INT64_MAX = (1 << 63) - 1
UINT64_MAX = (1 << 64) - 1

_EVENT = struct.Struct(_abi.MD_EVENT.format)
assert _abi.MD_EVENT.packed == ("exch_ts", "local_ts", "price", "quantity", "order_id", "sequence", "symbol",
                                "flags", "kind", "side"), "Event below packs sgx_md_event's fields in this order"
_FLUSH_EVENTS = 1 << 16  # events buffered before they go to the writer


class ConvertFailure(Exception):
    """The first hard error of a conversion (md::ConvertError with its
    status): the file, the 1-based line (0 when `offset` applies), the byte
    offset in the decompressed input, and the rule in words."""

    def __init__(self, status: int, file: str, line: int, offset: int, rule: str) -> None:
        super().__init__(rule)
        self.status, self.file, self.line, self.offset, self.rule = status, file, line, offset, rule

    def message(self) -> str:
        """"FILE:LINE: RULE", "FILE@OFFSET: RULE", or the rule alone when it is
        not about an input (the options), as ConvertError::message()."""
        if not self.file:
            return self.rule
        if self.line:
            return f"{self.file}:{self.line}: {self.rule}"
        return f"{self.file}@{self.offset}: {self.rule}"


def format_error(file: str, line: int, offset: int, rule: str) -> ConvertFailure:
    return ConvertFailure(E.ERR_FORMAT, file, line, offset, rule)


@dataclass(frozen=True)
class Options:
    """md::ConvertOptions as the C ABI hands it over: texts as the C strings
    they become (UTF-8 bytes, cut at a NUL)."""
    symbols: Tuple[bytes, ...] = ()
    tick_size: float = 0.0
    lot_size: float = 0.0
    contract_size: float = 1.0
    inverse: bool = False
    venue: bytes = b""


@dataclass
class Summary:
    """md::ConvertSummary: what a conversion read and wrote."""
    input_records: int = 0
    events_by_kind: List[int] = field(default_factory=lambda: [0] * 16)
    events: int = 0
    first_local_ts: int = 0
    last_local_ts: int = 0
    first_exch_ts: int = 0
    last_exch_ts: int = 0
    gaps: int = 0
    skipped: int = 0
    warnings: List[str] = field(default_factory=list)


def symbol_record(name: bytes, venue: bytes, tick: float, lot: float, options: Options, symbol_id: int) -> bytes:
    """The sgx_md_symbol record make_symbol() (emitter.hpp) fills: the name
    in its 32 bytes, the venue cut to its 16, contract size and inverse from
    the options."""
    return pack_symbol_record(symbol_id, name, venue, tick, lot, options.contract_size, options.inverse)


class EventSink:
    """md::EventSink over the Python event-file writer: symbols go to the
    writer at once, events in batches. write() checks what the C writer
    refuses of a converter's events (a local_ts before the previous event's,
    a symbol not registered; their kinds and sides are always valid) when
    the event comes, so that the converter reports the refusal where the
    C++ one does; the writer then never refuses."""

    def __init__(self, writer: EventFileWriter) -> None:
        self._writer = writer
        self._ids: Set[int] = set()
        self._buffer = bytearray()
        self._pending = 0
        self._count = 0
        self._last_local_ts = 0
        self._pack = _EVENT.pack

    def add_symbol(self, record: bytes, symbol_id: int) -> bool:
        """Registers a packed symbol record; False for an id registered twice."""
        if symbol_id in self._ids:
            return False
        self._ids.add(symbol_id)
        self._writer.add_symbol_record(record)
        return True

    def write(self, kind: int, side: int, symbol: int, exch_ts: int, local_ts: int, price: int = 0,
              quantity: int = 0, order_id: int = 0, sequence: int = 0, flags: int = 0) -> bool:
        """Appends one event; False (nothing written) where the C writer would refuse it."""
        if (self._count and local_ts < self._last_local_ts) or symbol not in self._ids:
            return False
        self._buffer += self._pack(exch_ts, local_ts, price, quantity, order_id, sequence, symbol, flags, kind, side)
        self._last_local_ts = local_ts
        self._count += 1
        self._pending += 1
        if self._pending >= _FLUSH_EVENTS:
            self.flush()
        return True

    def flush(self) -> None:
        if self._pending:
            self._writer.write(self._buffer)
            self._buffer = bytearray()
            self._pending = 0


class Emitter:
    """detail::Emitter (emitter.hpp): counts each event into the summary
    (events by kind; the time span from the first and the last event) on
    its way to the sink. The Tardis and DBN converters use it; Binance keeps
    its own counts (the smallest and largest exchange times)."""

    def __init__(self, sink: EventSink, summary: Summary) -> None:
        self.sink = sink
        self.summary = summary

    def emit(self, kind: int, side: int, symbol: int, exch_ts: int, local_ts: int, price: int = 0, quantity: int = 0,
             order_id: int = 0, sequence: int = 0, flags: int = 0) -> bool:
        s = self.summary
        if s.events == 0:
            s.first_local_ts, s.first_exch_ts = local_ts, exch_ts
        s.last_local_ts, s.last_exch_ts = local_ts, exch_ts
        s.events += 1
        s.events_by_kind[kind] += 1
        return self.sink.write(kind, side, symbol, exch_ts, local_ts, price, quantity, order_id, sequence, flags)


def wrap_int64(value: int) -> int:
    """A uint64 read as the int64 C++ casts it to."""
    value &= UINT64_MAX
    return value - (1 << 64) if value > INT64_MAX else value
