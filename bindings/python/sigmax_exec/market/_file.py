"""Reading event files in Python: the same rules, in the same order, with the
same messages and exceptions as the C reader (src/market/event_file.cpp), on
every backend.

The file is memory-mapped read-only and ``EventFile.events`` is a numpy
structured array over the mapping: nothing is copied, and memory does not
grow with the file's length.
"""
from __future__ import annotations

import errno as _errno
import mmap
import os
import struct
from typing import Any, Iterator, List, Optional, Tuple

import numpy as np

from .. import _errors as E
from ._records import (EVENT_DTYPE, EVENT_SIZE, HEADER_SIZE, MAGIC, SYMBOL_SIZE, VERSION, FileHeader, Kind,
                       Symbol, header_size_for)

# Byte offsets of the header fields that the rules name (sgx_md_file_header).
_AT_VERSION, _AT_HEADER_SIZE, _AT_RECORD_SIZE, _AT_SYMBOL_RECORD_SIZE = 8, 12, 16, 20
_AT_RESERVED0, _AT_RECORD_COUNT, _AT_FIRST_TS = 28, 32, 40
_LOCAL_TS = struct.Struct("<q")
_LOCAL_TS_AT = 8  # sgx_md_event.local_ts
_VERIFY_CHUNK = 1 << 20  # events checked per numpy pass: bounds verify()'s scratch memory
_SIDED_KINDS = (Kind.LEVEL, Kind.BBO, Kind.ADD, Kind.CANCEL, Kind.MODIFY, Kind.FILL)


def _format_error(name: str, text: str) -> E.SigmaxError:
    return E.error_for(E.ERR_FORMAT, name + text)


def _io_error(name: str, what: str, code: int) -> E.SigmaxError:
    return E.error_for(E.ERR_IO, f"{name}: {what}: {os.strerror(code)}")


def at(offset: int) -> str:
    """The prefix of a rule broken at a byte offset."""
    return f"@{offset}: "


def check_layout(data: Any, size: int, name: str) -> Tuple[FileHeader, List[Symbol], int]:
    """The header, the symbol table and where the events start, from the
    first bytes of a file of `size` bytes; DataFormatError naming the first
    rule broken (the C reader's check_layout, rule for rule)."""
    if size < HEADER_SIZE:
        raise _format_error(name, f"@0: the file is {size} bytes, shorter than the 64-byte header")
    head = bytes(data[:HEADER_SIZE])
    h = FileHeader.unpack(head)
    if h.magic != MAGIC:
        raise _format_error(name, at(0) + 'bad magic: not an sgx event file (expected "SGXMDEV")')
    if h.version != VERSION:
        raise _format_error(name, at(_AT_VERSION) + f"version {h.version}: this library reads version {VERSION}")
    if h.record_size != EVENT_SIZE:
        raise _format_error(name, at(_AT_RECORD_SIZE) + f"record size {h.record_size}: expected 64 (sgx_md_event)")
    if h.symbol_record_size != SYMBOL_SIZE:
        raise _format_error(name, at(_AT_SYMBOL_RECORD_SIZE) +
                            f"symbol record size {h.symbol_record_size}: expected 80 (sgx_md_symbol)")
    if h.reserved0 != 0 or any(head[56:64]):
        raise _format_error(name, at(_AT_RESERVED0) + "reserved header bytes are not 0")
    want_header = header_size_for(h.symbol_count)
    if h.header_size != want_header:
        raise _format_error(name, at(_AT_HEADER_SIZE) + f"header size {h.header_size}: expected {want_header} "
                                                        f"for {h.symbol_count} symbols")
    if want_header + h.record_count * EVENT_SIZE != size:
        raise _format_error(name, at(_AT_RECORD_COUNT) + f"the file is {size} bytes, but a header of {want_header} "
                                                         f"bytes and {h.record_count} records of 64 need a different "
                                                         "length (truncated, or trailing bytes)")
    table = bytes(data[HEADER_SIZE:HEADER_SIZE + SYMBOL_SIZE * h.symbol_count])
    symbols = [Symbol.unpack(table[i:i + SYMBOL_SIZE]) for i in range(0, len(table), SYMBOL_SIZE)]
    ids = sorted(s.id for s in symbols)
    for a, b in zip(ids, ids[1:]):
        if a == b:
            raise _format_error(name, at(HEADER_SIZE) + f"symbol id {a} appears twice in the symbol table")
    first = last = 0
    if h.record_count:  # struct, not numpy: no buffer export may outlive a failed open
        first = _LOCAL_TS.unpack_from(data, want_header + _LOCAL_TS_AT)[0]
        last = _LOCAL_TS.unpack_from(data, want_header + (h.record_count - 1) * EVENT_SIZE + _LOCAL_TS_AT)[0]
    if h.first_local_ts != first or h.last_local_ts != last:
        raise _format_error(name, at(_AT_FIRST_TS) + f"the header's local_ts span [{h.first_local_ts}, "
                                                     f"{h.last_local_ts}] is not the first and last event's "
                                                     f"[{first}, {last}]")
    return h, symbols, want_header


def first_bad_event(events: Any, symbol_ids: Any, header_size: int, name: str) -> Optional[E.SigmaxError]:
    """The error for the first event breaking a verify rule, or None: symbol
    id in the table, local_ts not before the previous event's, a known kind,
    a side valid for the kind, reserved bytes 0 (checked in that order for
    each event, as the C reader does), a chunk of events per numpy pass."""
    ids = np.asarray(sorted(symbol_ids), dtype=np.uint32)
    previous: Optional[int] = None
    for start in range(0, len(events), _VERIFY_CHUNK):
        chunk = events[start:start + _VERIFY_CHUNK]
        ts = chunk["local_ts"]
        back = np.empty(len(chunk), dtype=bool)
        back[0] = previous is not None and int(ts[0]) < previous
        np.less(ts[1:], ts[:-1], out=back[1:])
        bad = (~np.isin(chunk["symbol"], ids)) | back | broken_rule_mask(chunk)
        hits = np.flatnonzero(bad)
        if len(hits):
            i = int(hits[0])
            before = previous if i == 0 else int(ts[i - 1])
            return _event_error(chunk[i], start + i, before, ids, header_size, name)
        previous = int(ts[-1])
    return None


def _event_error(e: Any, index: int, previous: Optional[int], ids: Any, header_size: int,
                 name: str) -> E.SigmaxError:
    where = f"@{header_size + index * EVENT_SIZE}: event {index}: "
    symbol, ts, kind, side = int(e["symbol"]), int(e["local_ts"]), int(e["kind"]), int(e["side"])
    if symbol not in ids:
        return _format_error(name, where + f"symbol id {symbol} is not in the symbol table")
    if previous is not None and ts < previous:
        return _format_error(name, where + f"local_ts {ts} is before the previous event's {previous}")
    return _format_error(name, where + broken_rule_text(e))  # flagged by broken_rule_mask


def broken_rule_mask(events: Any) -> Any:
    """True for each event of an EVENT_DTYPE array whose kind is unknown,
    whose side its kind does not allow, or whose reserved bytes are not 0:
    the rules verify and the writer share (as the C reader and writer)."""
    kind, side = events["kind"], events["side"]
    sided = np.isin(kind, np.asarray(_SIDED_KINDS, dtype=np.uint8))
    bad = (kind < Kind.LEVEL) | (kind > Kind.FILL)
    bad |= np.where(sided, side > 1, side > 2)
    bad |= events["reserved"].any(axis=1)
    return bad


def broken_rule_text(e: Any) -> str:
    """What broken_rule_mask found wrong with event e, or "" if nothing."""
    kind, side = int(e["kind"]), int(e["side"])
    if not Kind.LEVEL <= kind <= Kind.FILL:
        return f"unknown kind {kind}"
    if side > (1 if kind in _SIDED_KINDS else 2):
        return f"side {side} is not valid for kind {kind}"
    if bool(e["reserved"].any()):
        return "reserved bytes are not 0"
    return ""


def seek_index(local_ts: Any, stamp: int) -> int:
    """Index of the first event with local_ts >= stamp (len if none): the
    C reader's binary search (std::partition_point), probe for probe, so the
    answer is the same even on a file that verify() would refuse. Reads
    log2(n) events of the mapping, never the whole column."""
    first, length = 0, len(local_ts)
    while length > 0:
        half = length >> 1
        middle = first + half
        if int(local_ts[middle]) < stamp:
            first = middle + 1
            length -= half + 1
        else:
            length = half
    return first


class EventFile:
    """An event file, memory-mapped read-only and checked as the C reader checks it.

    ``EventFile(path)`` raises DataIOError if the file cannot be opened or
    mapped and DataFormatError (naming path, byte offset and rule) if its
    header is not valid. The events are not checked until ``verify()``.

    ``events`` is a read-only numpy structured array (EVENT_DTYPE) viewing
    the mapping: zero-copy. Arrays taken from it stay valid after ``close()``
    (they keep the mapping alive); the EventFile itself refuses further use.
    Use as a context manager to close it.
    """

    def __init__(self, path: "os.PathLike[str] | str") -> None:
        self.path = os.fspath(path)
        name = self.path
        try:
            fd = os.open(name, os.O_RDONLY | os.O_CLOEXEC)
        except OSError as exc:
            raise _io_error(name, "cannot open", exc.errno or _errno.EIO) from None
        try:
            try:
                size = os.fstat(fd).st_size
            except OSError as exc:
                raise _io_error(name, "cannot stat", exc.errno or _errno.EIO) from None
            if size < HEADER_SIZE:
                raise _format_error(name, f"@0: the file is {size} bytes, shorter than the 64-byte header")
            try:
                self._map: Optional[mmap.mmap] = mmap.mmap(fd, size, access=mmap.ACCESS_READ)
            except OSError as exc:
                raise _io_error(name, "cannot map", exc.errno or _errno.EIO) from None
        finally:
            os.close(fd)  # the mapping keeps the file
        try:
            self._header, self._symbols, offset = check_layout(self._map, size, name)
        except BaseException:
            self._map.close()
            raise
        self._events: Any = np.frombuffer(self._map, dtype=EVENT_DTYPE, count=self._header.record_count,
                                          offset=offset)
        self._by_id = {s.id: s for s in self._symbols}

    # -- the file ---------------------------------------------------------

    def _open(self) -> None:
        if self._map is None:
            raise ValueError(f"{self.path}: the event file is closed")

    @property
    def header(self) -> FileHeader:
        self._open()
        return self._header

    @property
    def symbols(self) -> List[Symbol]:
        """The symbol table, in file order."""
        self._open()
        return list(self._symbols)

    @property
    def events(self) -> Any:
        """Every event: a read-only EVENT_DTYPE array over the mapping (zero-copy)."""
        self._open()
        return self._events

    def symbol(self, symbol_id: int) -> Optional[Symbol]:
        """The symbol with this id, or None."""
        self._open()
        return self._by_id.get(symbol_id)

    def __len__(self) -> int:
        self._open()
        return int(self._header.record_count)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.events)

    def seek(self, local_ts: int) -> int:
        """Index of the first event with local_ts >= local_ts (len(self) if none), by binary search."""
        self._open()
        return seek_index(self._events["local_ts"], int(local_ts))

    def between(self, start_ts: int, end_ts: int) -> Any:
        """The events with start_ts <= local_ts < end_ts: a zero-copy slice."""
        return self.events[self.seek(start_ts):self.seek(end_ts)]

    def verify(self) -> None:
        """Reads every event: symbol ids in the table, local_ts never going
        backwards, known kinds, sides valid for their kind, reserved bytes 0.
        DataFormatError naming the first bad event (byte offset and index)."""
        self._open()
        error = first_bad_event(self._events, self._by_id.keys(), self._header.header_size, self.path)
        if error is not None:
            raise error

    def to_pandas(self, start: int = 0, stop: Optional[int] = None) -> Any:
        """The events [start:stop] as a pandas DataFrame (see sigmax_exec.market.events_frame)."""
        from ._frame import events_frame
        return events_frame(self.events[start:stop], self._symbols)

    # -- lifetime ---------------------------------------------------------

    def close(self) -> None:
        """Drops this object's hold on the mapping. Arrays taken from
        ``events`` keep it alive until they go; idempotent."""
        if self._map is None:
            return
        m, self._map = self._map, None
        self._events = None
        try:
            m.close()
        except BufferError:
            pass  # numpy views of the events still use it: it is unmapped when they are freed

    @property
    def closed(self) -> bool:
        return self._map is None

    def __enter__(self) -> "EventFile":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        if self._map is None:
            return f"<EventFile {self.path!r} closed>"
        return (f"<EventFile {self.path!r}: {self._header.record_count} events, "
                f"{len(self._symbols)} symbols>")
