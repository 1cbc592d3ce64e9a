"""Writing event files in Python: byte for byte what the C writer
(EventFileWriter in src/market/event_file.cpp) writes for the same symbols
and events, refusing what it refuses with the same messages.

Atomic: the bytes go to a temporary file beside the target
(".NAME.tmp.XXXXXX"), renamed onto the target by ``finish()``. A writer that
fails, is closed unfinished, or leaves a ``with`` block by an exception
deletes its temporary file: nothing half-written is ever at the target.
"""
from __future__ import annotations

import errno as _errno
import os
import tempfile
from typing import Any, Dict, Optional

import numpy as np

from .. import _errors as E
from ._file import broken_rule_mask, broken_rule_text
from ._records import (EVENT_DTYPE, EVENT_SIZE, MAGIC, SYMBOL_SIZE, VERSION, FileHeader, Symbol, header_size_for,
                       pack_symbol_record)

_MOVE_CHUNK = 16384 * EVENT_SIZE  # bytes moved per step when a late symbol grows the header


def as_event_array(events: Any) -> Any:
    """``events`` as a C-contiguous EVENT_DTYPE array, without copying when it
    already is one: an EVENT_DTYPE array (or an EventFile's events), any
    array whose fields match EVENT_DTYPE's, or a buffer of packed 64-byte
    sgx_md_event records. TypeError or ValueError otherwise."""
    if isinstance(events, np.ndarray) and events.dtype.names is not None:
        if events.dtype != EVENT_DTYPE:
            raise TypeError(f"events must have the sgx_md_event dtype (sigmax_exec.market.EVENT_DTYPE), "
                            f"got {events.dtype}")
        if events.ndim != 1:
            raise ValueError(f"events must be a 1-D array, got {events.ndim} dimensions")
        return np.ascontiguousarray(events)
    view = memoryview(events).cast("B")
    if len(view) % EVENT_SIZE:
        raise ValueError(f"a buffer of events must hold whole 64-byte records, got {len(view)} bytes")
    return np.frombuffer(view, dtype=EVENT_DTYPE)


def _symbol_from(symbol: Any, fields: Dict[str, Any]) -> Symbol:
    if symbol is None:
        return Symbol(**fields)
    if fields:
        raise TypeError("add_symbol takes a Symbol or keyword fields, not both")
    if isinstance(symbol, Symbol):
        return symbol
    raise TypeError(f"add_symbol takes a sigmax_exec.market.Symbol, got {type(symbol).__name__}")


class EventFileWriter:
    """Writes an event file atomically (see the module's docstring).

    ``EventFileWriter(path)`` creates the temporary file (DataIOError if it
    cannot). Then ``add_symbol(...)`` for every symbol (before its first
    event), ``write(events)`` any number of times, and ``finish()``. After an
    error, or after finish(), every call raises DataIOError ("not open").
    """

    def __init__(self, path: "os.PathLike[str] | str") -> None:
        self.path = os.fspath(path)
        directory = os.path.dirname(self.path) or "."
        self._fd = -1
        self._temp: Optional[str] = None
        try:
            fd, temp = tempfile.mkstemp(prefix="." + os.path.basename(self.path) + ".tmp.", dir=directory)
        except OSError as exc:
            raise E.error_for(E.ERR_IO, f"{self.path}: cannot create a temporary file in {directory}: "
                                        f"{os.strerror(exc.errno or _errno.EIO)}") from None
        self._fd, self._temp = fd, temp
        os.fchmod(fd, 0o644)
        self._symbols: Dict[int, bytes] = {}  # id -> its packed record
        self._packed_symbols = bytearray()
        self._count = 0
        self._records_offset = 0  # where the records go (0: none written yet)
        self._first_ts = self._last_ts = 0
        self.finished = False

    # -- errors -----------------------------------------------------------

    def _fail(self, status: int, text: str) -> E.SigmaxError:
        self.abandon()
        return E.error_for(status, text)

    def _check_open(self) -> None:
        if self._fd < 0:
            raise E.error_for(E.ERR_IO, f"{self.path}: the writer is not open (never opened, finished, "
                                        "or failed before)")

    # -- input ------------------------------------------------------------

    def add_symbol(self, symbol: Optional[Symbol] = None, **fields: Any) -> Symbol:
        """Registers a symbol: a Symbol, or its fields as keywords
        (``add_symbol(id=1, name="BTCUSDT", venue="binance-usdm", tick_size=0.1, lot_size=0.001)``).
        DataFormatError for an id registered twice (the writer is then abandoned)."""
        self._check_open()
        s = _symbol_from(symbol, fields)
        self._register(s.id, s.pack())
        return s

    def add_symbol_record(self, record: bytes) -> None:
        """Registers a packed 80-byte sgx_md_symbol record as the C writer's
        add_symbol() takes it: its name may fill all 32 bytes and its venue
        all 16 (no terminating NUL), as the feed converters write them; the
        record is stored canonically (pack_symbol_record). DataFormatError for
        an id registered twice (the writer is then abandoned)."""
        self._check_open()
        if len(record) != SYMBOL_SIZE:
            raise ValueError(f"a symbol record is {SYMBOL_SIZE} bytes, got {len(record)}")
        s = Symbol.unpack(record)
        canonical = pack_symbol_record(s.id, bytes(record[:32]), bytes(record[32:48]), s.tick_size, s.lot_size,
                                       s.contract_size, s.inverse)
        self._register(s.id, canonical)

    def _register(self, symbol_id: int, record: bytes) -> None:
        if symbol_id in self._symbols:
            raise self._fail(E.ERR_FORMAT, f"{self.path}: symbol id {symbol_id} is registered twice")
        self._symbols[symbol_id] = record
        self._packed_symbols += record

    def write(self, events: Any) -> int:
        """Appends events (an EVENT_DTYPE array, an EventFile's events, or
        packed 64-byte records); returns the number written so far.
        DataFormatError, naming the event's index in the file, for a local_ts
        before the previous event's, a symbol not registered, or a kind,
        side or reserved bytes that verify() rejects (checked in that order);
        the writer is then abandoned (no file)."""
        self._check_open()
        batch = as_event_array(events)
        if len(batch) == 0:
            return self._count
        ts = batch["local_ts"]
        back = np.empty(len(batch), dtype=bool)
        back[0] = self._count > 0 and int(ts[0]) < self._last_ts
        np.less(ts[1:], ts[:-1], out=back[1:])
        known = np.isin(batch["symbol"], np.fromiter(self._symbols, dtype=np.uint32, count=len(self._symbols)))
        hits = np.flatnonzero(back | ~known | broken_rule_mask(batch))
        if len(hits):
            i = int(hits[0])
            index = self._count + i
            if back[i]:
                previous = self._last_ts if i == 0 else int(ts[i - 1])
                raise self._fail(E.ERR_FORMAT, f"{self.path}: event {index}: local_ts {int(ts[i])} is before "
                                               f"the previous event's {previous} (events go in local time order)")
            if not known[i]:
                raise self._fail(E.ERR_FORMAT, f"{self.path}: event {index}: symbol id {int(batch['symbol'][i])} "
                                               "is not registered (add_symbol first)")
            raise self._fail(E.ERR_FORMAT, f"{self.path}: event {index}: {broken_rule_text(batch[i])}")
        if self._records_offset == 0:
            self._records_offset = header_size_for(len(self._symbols))
        data = batch.tobytes() if not batch.flags.c_contiguous else memoryview(batch).cast("B")
        self._write_at(data, self._records_offset + self._count * EVENT_SIZE)
        if self._count == 0:
            self._first_ts = int(ts[0])
        self._last_ts = int(ts[-1])
        self._count += len(batch)
        return self._count

    # -- output -----------------------------------------------------------

    def _write_at(self, data: Any, offset: int) -> None:
        view = memoryview(data).cast("B")
        try:
            while len(view):
                n = os.pwrite(self._fd, view, offset)
                view, offset = view[n:], offset + n
        except OSError as exc:
            raise self._fail(E.ERR_IO, f"{self._temp}: write failed: {os.strerror(exc.errno or _errno.EIO)}") \
                from None

    def _place_records_after_header(self) -> None:
        """Symbols registered after the first events need a longer header:
        move the records back to make room, last chunk first."""
        needed = header_size_for(len(self._symbols))
        if self._records_offset in (0, needed):
            self._records_offset = needed
            return
        end = self._count * EVENT_SIZE
        while end > 0:
            n = min(end, _MOVE_CHUNK)
            end -= n
            try:
                chunk = os.pread(self._fd, n, self._records_offset + end)
            except OSError as exc:
                raise self._fail(E.ERR_IO, f"{self._temp}: moving the records failed: "
                                           f"{os.strerror(exc.errno or _errno.EIO)}") from None
            self._write_at(chunk, needed + end)
        self._records_offset = needed

    def finish(self) -> None:
        """Writes the header and renames the file onto its path (DataIOError on failure)."""
        self._check_open()
        self._place_records_after_header()
        header = FileHeader(MAGIC, VERSION, self._records_offset, EVENT_SIZE, SYMBOL_SIZE, len(self._symbols), 0,
                            self._count, self._first_ts, self._last_ts).pack()
        head = bytearray(self._records_offset)
        head[:len(header)] = header
        head[len(header):len(header) + len(self._packed_symbols)] = self._packed_symbols
        self._write_at(head, 0)
        try:
            os.ftruncate(self._fd, self._records_offset + self._count * EVENT_SIZE)
            os.fdatasync(self._fd)
        except OSError as exc:
            raise self._fail(E.ERR_IO, f"{self._temp}: write failed: {os.strerror(exc.errno or _errno.EIO)}") \
                from None
        os.close(self._fd)
        self._fd = -1
        assert self._temp is not None
        try:
            os.rename(self._temp, self.path)
        except OSError as exc:
            why = os.strerror(exc.errno or _errno.EIO)
            self._unlink_temp()
            raise E.error_for(E.ERR_IO, f"{self.path}: cannot rename the finished file into place: {why}") from None
        self.finished = True

    def abandon(self) -> None:
        """Deletes the temporary file (what close() does to an unfinished writer); idempotent."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
            self._unlink_temp()

    def _unlink_temp(self) -> None:
        if self._temp is not None:
            try:
                os.unlink(self._temp)
            except OSError:
                pass

    close = abandon

    @property
    def events_written(self) -> int:
        return self._count

    def __enter__(self) -> "EventFileWriter":
        return self

    def __exit__(self, exc_type: Any, *rest: Any) -> None:
        """Finishes the file when the block ends normally, abandons it on an exception."""
        if exc_type is None and self._fd >= 0:
            self.finish()
        else:
            self.abandon()

    def __del__(self) -> None:
        if getattr(self, "_fd", -1) >= 0:
            self.abandon()
