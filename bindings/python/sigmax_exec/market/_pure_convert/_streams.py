"""The converters' input, as src/market/byte_stream.cpp and text_lines.cpp
read it: the decompressed bytes of a file (gzip and zstd told apart by their
magic bytes, anything else read as is), then whole lines or exact byte
counts on top.

The reads happen in the same pieces as the C++ ones (64 KiB of compressed
input at a time, into buffers that start and grow alike), so that a
decompression error surfaces after the same lines and at the same offset.
zlib is the stdlib's; zstd is python3-zstandard's (imported only for a zstd
input; without it such an input is a DataIOError saying so).
"""
from __future__ import annotations

import os
import stat
import zlib
from typing import Any, Iterator, List, Optional, Tuple

from ... import _errors as E
from ._common import ConvertFailure

RAW_CHUNK = 1 << 16
_GZIP_MAGIC = b"\x1f\x8b"
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_TRUNCATED_GZIP = "truncated gzip: the compressed input ends after {} bytes, before the gzip end marker"
_TRUNCATED_ZSTD = "truncated zstd: the compressed input ends after {} bytes, inside a zstd frame"

NONE, GZIP, ZSTD = 0, 1, 2


def _zstandard() -> Any:
    import zstandard  # python3-zstandard (Debian) / zstandard (PyPI)
    return zstandard


class ByteStream:
    """detail::ByteStream: decompressed bytes of one input, read in order.

    Construct with open_file() or open_memory(); read(capacity) gives up to
    `capacity` decompressed bytes (b"" at the end). Errors are
    ConvertFailure naming the input and the decompressed offset reached."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._file: Optional[Any] = None
        self._memory = b""
        self._raw = b""          # compressed bytes read and not yet consumed: _raw[_pos:]
        self._pos = 0
        self._raw_eof = False
        self.raw_consumed = 0    # compressed bytes read from the input
        self.raw_total = 0
        self.decompressed = 0    # bytes handed out
        self.compression = NONE
        self._frame_open = False  # inside a gzip member or zstd frame
        self._codec: Any = None  # the zlib decompressobj or the _ZstdFrames

    # -- opening ------------------------------------------------------------

    @classmethod
    def open_file(cls, path: str) -> "ByteStream":
        """The file at `path` (ConvertFailure with DataIOError's status when it cannot be read)."""
        s = cls(path)
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            st = None
        if st is not None and not stat.S_ISREG(st.st_mode):
            raise s._fail(E.ERR_IO, "cannot open: not a regular file")
        try:
            s._file = open(path, "rb")
        except (OSError, ValueError):
            raise s._fail(E.ERR_IO, "cannot open the file for reading") from None
        try:
            size = os.fstat(s._file.fileno()).st_size
            s.raw_total = size if size > 0 else 0
        except OSError:
            pass
        s._start()
        return s

    @classmethod
    def open_memory(cls, data: bytes, name: str) -> "ByteStream":
        """`data` read as a file named `name`."""
        s = cls(name)
        s._memory = bytes(data)
        s.raw_total = len(s._memory)
        s._start()
        return s

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __del__(self) -> None:
        self.close()

    def _fail(self, status: int, rule: str) -> ConvertFailure:
        return ConvertFailure(status, self.name, 0, self.decompressed, rule)

    def _fill_raw(self) -> None:
        """Appends up to 64 KiB of input to the unconsumed compressed bytes."""
        if self._file is not None:
            try:
                chunk = self._file.read(RAW_CHUNK)
            except OSError:
                raise self._fail(E.ERR_IO, "read error") from None
        else:
            chunk = self._memory[self.raw_consumed:self.raw_consumed + RAW_CHUNK]
        if not chunk:
            self._raw_eof = True
        self._raw = self._raw[self._pos:] + chunk
        self._pos = 0
        self.raw_consumed += len(chunk)

    def _start(self) -> None:
        while len(self._raw) - self._pos < 4 and not self._raw_eof:
            self._fill_raw()
        head = self._raw[self._pos:self._pos + 4]
        if head[:2] == _GZIP_MAGIC:
            self.compression = GZIP
        elif head == _ZSTD_MAGIC:
            self.compression = ZSTD
            try:
                _zstandard()
            except ImportError as exc:
                raise self._fail(E.ERR_IO, "a zstd-compressed input needs the python3-zstandard package on the "
                                           f"pure-Python backend ({exc})") from None

    # -- reading ------------------------------------------------------------

    def read(self, capacity: int) -> bytes:
        """Up to `capacity` decompressed bytes; b"" at the end of the input.
        A compressed stream that ends inside a member or frame, or is
        corrupt, is a ConvertFailure (DataFormatError's status)."""
        if self.compression == GZIP:
            out = self._read_gzip(capacity)
        elif self.compression == ZSTD:
            out = self._read_zstd(capacity)
        else:
            if self._pos == len(self._raw) and not self._raw_eof:
                self._fill_raw()
            out = self._raw[self._pos:self._pos + capacity]
            self._pos += len(out)
        self.decompressed += len(out)
        return out

    def _need_raw(self, truncated_rule: str) -> bool:
        """Makes compressed bytes available; False at a clean end of the input,
        a ConvertFailure if a member or frame is still open there."""
        if self._pos != len(self._raw):
            return True
        if not self._raw_eof:
            self._fill_raw()
        if self._pos != len(self._raw):
            return True
        if self._frame_open:
            raise self._fail(E.ERR_FORMAT, truncated_rule.format(self.raw_consumed))
        return False

    def _read_gzip(self, capacity: int) -> bytes:
        """One inflate() call's worth per step, as zlib runs in the C++ reader:
        all the input at hand, at most `capacity` bytes out; another member
        may follow the end of one (concatenated .gz)."""
        while True:
            if not self._need_raw(_TRUNCATED_GZIP):
                return b""
            if not self._frame_open:
                self._codec = zlib.decompressobj(15 + 16)  # gzip only
                self._frame_open = True
            try:
                out: bytes = self._codec.decompress(self._raw[self._pos:], capacity)
            except zlib.error as exc:
                raise self._fail(E.ERR_FORMAT, f"corrupt gzip data: {exc}") from None
            if self._codec.eof:
                left = len(self._codec.unused_data)
                self._frame_open = False
            else:
                left = len(self._codec.unconsumed_tail)
            self._pos = len(self._raw) - left
            if out:
                return out

    def _read_zstd(self, capacity: int) -> bytes:
        """One ZSTD_decompressStream() call's worth per step (_ZstdFrames):
        all the input at hand, at most `capacity` bytes out; another frame
        may follow the end of one."""
        if self._codec is None:
            self._codec = _ZstdFrames(_zstandard())
        frames: _ZstdFrames = self._codec
        while True:
            if not frames.hostage and not self._need_raw(_TRUNCATED_ZSTD):
                return b""
            try:
                out, consumed = frames.call(self._raw, self._pos, capacity)
            except frames.error as exc:
                raise self._fail(E.ERR_FORMAT, f"corrupt zstd data: {exc}") from None
            self._pos += consumed
            self._frame_open = frames.frame_open
            if out:
                return out


class _ZstdFrames:
    """ZSTD_decompressStream() over a stream of zstd frames, emulated with
    python-zstandard's decompressobj fed one unit at a time, so that each
    call consumes the same input and hands out the same output as the
    C++ reader's call to libzstd with the same input and capacity:

    - input is consumed up to the end of the unit being read (frame header,
      block header, block, checksum, skippable frame); a block's output
      appears when the block is complete (a raw block's as its bytes come);
    - output that does not fit is held and flushed by the next call, which
      reads no further input until it is all out (libzstd decodes the next
      block only after flushing the previous one);
    - a call returns at the end of a frame; a frame fully decoded whose
      output is not yet all out keeps its last input byte ("hostage"), so
      the caller sees input left and calls again;
    - an error discards the whole call's output (the caller fails)."""

    _MAGIC = 0xFD2FB528
    _SKIPPABLE = 0x184D2A50  # the 16 magics 0x184D2A50..5F
    _HEADER, _BLOCK_HEADER, _BLOCK, _CHECKSUM, _SKIP = range(5)

    def __init__(self, zstandard: Any) -> None:
        self._zstd = zstandard
        self.error = zstandard.ZstdError
        self._held = b""
        self.hostage = False     # frame decoded, output not all out
        self.frame_open = False  # the last call ended inside a frame (its return value was not 0)
        self._new_frame()

    def _new_frame(self) -> None:
        self._dobj = self._zstd.ZstdDecompressor().decompressobj()
        self._stage = self._HEADER
        self._head = b""         # the frame's bytes read so far while in its header
        self._left = 0           # bytes left in the current unit (after the header)
        self._last = False       # the current block is the frame's last
        self._checksum = False   # the frame ends with a 4-byte checksum
        self._done = False       # every unit of the frame decoded
        self._block_header = b""

    def _header_size(self) -> int:
        """The frame header's size, or 0 while too few bytes are known to tell;
        -1 for bytes that start no frame (left to libzstd to refuse)."""
        head = self._head
        if len(head) < 4:
            return 0
        magic = int.from_bytes(head[:4], "little")
        if magic & 0xFFFFFFF0 == self._SKIPPABLE:
            return 8
        if magic != self._MAGIC:
            return -1
        if len(head) < 5:
            return 0
        fhd = head[4]
        single_segment = fhd & 0x20
        self._checksum = bool(fhd & 0x04)
        fcs = (1 if single_segment else 0, 2, 4, 8)[fhd >> 6]
        return 5 + (0 if single_segment else 1) + (0, 1, 2, 4)[fhd & 3] + fcs

    def _unit_room(self) -> int:
        """How many bytes may be consumed now before the current unit ends."""
        if self._stage == self._HEADER:
            size = self._header_size()
            if size == 0:
                return (5 if len(self._head) >= 4 else 4) - len(self._head)
            if size < 0:
                return 1 << 30  # not a frame: libzstd refuses it
            return size - len(self._head)
        return self._left

    def _advance(self, piece: bytes) -> None:
        """Moves through the frame's layout by the bytes just consumed."""
        while piece:
            if self._stage == self._HEADER:
                size = self._header_size()
                take = piece[:max(size - len(self._head), 0)] if size > 0 else piece
                self._head += take
                piece = piece[len(take):]
                size = self._header_size()
                if size > 0 and len(self._head) >= size:
                    if int.from_bytes(self._head[:4], "little") & 0xFFFFFFF0 == self._SKIPPABLE:
                        self._stage, self._left = self._SKIP, int.from_bytes(self._head[4:8], "little")
                        if self._left == 0:
                            self._done = True
                    else:
                        self._stage, self._left = self._BLOCK_HEADER, 3
                        self._block_header = b""
                continue
            take = piece[:self._left]
            piece = piece[len(take):]
            self._left -= len(take)
            if self._stage == self._BLOCK_HEADER:
                self._block_header += take
                if self._left == 0:
                    value = int.from_bytes(self._block_header, "little")
                    self._last = bool(value & 1)
                    block_type, size = (value >> 1) & 3, value >> 3
                    self._stage, self._left = self._BLOCK, 1 if block_type == 1 else size
                    if self._left == 0:
                        self._end_block()
            elif self._left == 0:
                if self._stage == self._BLOCK:
                    self._end_block()
                else:  # checksum or skippable content
                    self._done = True

    def _end_block(self) -> None:
        if not self._last:
            self._stage, self._left = self._BLOCK_HEADER, 3
            self._block_header = b""
        elif self._checksum:
            self._stage, self._left = self._CHECKSUM, 4
        else:
            self._done = True

    def call(self, raw: bytes, pos: int, capacity: int) -> Tuple[bytes, int]:
        """One ZSTD_decompressStream() call on raw[pos:] with room for
        `capacity` bytes: (output, input bytes consumed)."""
        out = b""
        start = pos
        while True:
            if self._held:
                room = capacity - len(out)
                out += self._held[:room]
                self._held = self._held[room:]
                if self._held:
                    self.hostage = self._done
                    self.frame_open = True
                    return out, pos - start
            if self._done:  # the frame ends: the call returns 0
                self.hostage = False
                self.frame_open = False
                self._new_frame()
                return out, pos - start
            room = min(len(raw) - pos, self._unit_room())
            if room <= 0:
                self.frame_open = True
                return out, pos - start
            piece = raw[pos:pos + room]
            pos += room
            self._held = self._dobj.decompress(piece)
            self._advance(piece)


class LineReader:
    """detail::LineReader (text_lines.cpp): lines of a ByteStream without
    their "\\n" (and one "\\r" before it), through a buffer that starts at
    64 KiB and doubles to hold the longest line (at most 256 MiB).

    batches() yields the complete lines a refill brings, in order; the
    caller numbers them. A read error is a ConvertFailure (DataFormatError's
    status, as the Binance converter reports it) naming the line being
    read: the number after the last line handed out."""

    _INITIAL = 64 << 10
    _MAX = 256 << 20

    def __init__(self, source: ByteStream) -> None:
        self.source = source
        self._size = self._INITIAL
        self._pending = b""
        self._eof = False
        self.line_number = 0   # lines handed out
        self._consumed = 0     # decompressed bytes of those lines

    def batches(self) -> Iterator[List[bytes]]:
        while True:
            pending = self._pending
            if b"\n" in pending:
                parts = pending.split(b"\n")
                self._pending = parts.pop()
                self._consumed += len(pending) - len(self._pending)
                lines = [p[:-1] if p.endswith(b"\r") else p for p in parts]
                self.line_number += len(lines)
                yield lines
                continue
            if self._eof:
                if pending:
                    self._pending = b""
                    self._consumed += len(pending)
                    self.line_number += 1
                    yield [pending[:-1] if pending.endswith(b"\r") else pending]
                return
            self._refill()

    def _refill(self) -> None:
        kept = len(self._pending)
        try:
            if self._size - kept < self._size // 2:
                if self._size >= self._MAX:
                    raise ConvertFailure(E.ERR_FORMAT, self.source.name, 0, 0,
                                         f"line longer than {self._MAX} bytes")
                self._size *= 2
            data = self.source.read(self._size - kept)
        except ConvertFailure as exc:
            # The error is in the line being read (text_lines.cpp: line_number_ + 1).
            raise ConvertFailure(E.ERR_FORMAT, self.source.name, self.line_number + 1, self._consumed,
                                 exc.rule) from None
        if not data:
            self._eof = True
        self._pending += data


class BufferedReader:
    """detail::BufferedReader (byte_stream.cpp): whole lines (CSV) or exact
    byte counts (binary records) of a ByteStream, through a buffer that
    starts at 64 KiB and doubles when a read fills it."""

    def __init__(self, stream: ByteStream) -> None:
        self.stream = stream
        self._buf = b""
        self._pos = 0
        self._size = 1 << 16
        self.offset = 0  # decompressed offset of the next unread byte

    def _refill(self) -> bool:
        """Reads more after the unread bytes; True at the end of the input."""
        if self._pos:
            self._buf = self._buf[self._pos:]
            self._pos = 0
        if len(self._buf) == self._size:
            self._size *= 2
        data = self.stream.read(self._size - len(self._buf))
        self._buf += data
        return not data

    def next_line(self, max_line: int = 1 << 20) -> Optional[bytes]:
        """The next line without its "\\n" (and "\\r"); None at the end. A line
        longer than `max_line` bytes is a ConvertFailure at its offset."""
        scanned = self._pos
        while True:
            buf = self._buf
            at = buf.find(b"\n", scanned)
            if at >= 0:
                length = at - self._pos
                if length > max_line:
                    break
                line = buf[self._pos:at]
                self.offset += at + 1 - self._pos
                self._pos = at + 1
                return line[:-1] if line.endswith(b"\r") else line
            if len(buf) - self._pos > max_line:
                break
            kept = len(buf) - self._pos
            input_end = self._refill()
            scanned = kept
            if input_end:
                if len(self._buf) == self._pos:
                    return None
                line = self._buf[self._pos:]
                self.offset += len(line)
                self._pos = len(self._buf)
                return line[:-1] if line.endswith(b"\r") else line
        raise ConvertFailure(E.ERR_FORMAT, self.stream.name, 0, self.offset, f"a line longer than {max_line} bytes")

    def take(self, count: int) -> bytes:
        """Exactly `count` bytes, or fewer when the input ends first."""
        while len(self._buf) - self._pos < count:
            if self._refill():
                break
        out = self._buf[self._pos:self._pos + count]
        self._pos += len(out)
        self.offset += len(out)
        return out
