"""The Databento DBN MBO converter (src/market/dbn.cpp, rule for rule;
docs/convert_tardis_dbn.md states the mapping): prelude and metadata, then
one record at a time, each MBO record mapped to at most one event plus the
snapshot markers around F_SNAPSHOT runs. Errors name the byte offset in
the decompressed stream."""
from __future__ import annotations

import struct
from typing import Dict, Set

from ... import _errors as E
from ._common import (ADD, BUY, CANCEL, CLEAR, F_GAP, F_LAST, F_NO_AGGRESSOR, F_NO_BOOK_CHANGE, F_NO_EXCH_TS,
                      F_SNAPSHOT, FILL, MODIFY, SELL, SIDE_NONE, SNAPSHOT_BEGIN, SNAPSHOT_END, TRADE, ConvertFailure,
                      Emitter, EventSink, Options, Summary, format_error, symbol_record, wrap_int64)
from ._dbn_metadata import (METADATA_FIXED_LEN, PRELUDE_LEN, SCHEMA_MBO, BadMetadata, DbnMetadata, header_fields,
                            parse_metadata, schema_name)
from ._decimal import Grid, grid_from_double, grid_value
from ._streams import BufferedReader, ByteStream

_HEADER_LEN = 16  # length (u8, 4-byte units), rtype, publisher_id, instrument_id, ts_event
_MBO_LEN = 56
_RTYPE_MBO = 0xA0
_UNDEF_PRICE = (1 << 63) - 1
_UNDEF_TIMESTAMP = (1 << 64) - 1
_FLAG_LAST, _FLAG_SNAPSHOT, _FLAG_MAYBE_BAD_BOOK = 1 << 7, 1 << 5, 1 << 2
# publisher_id, instrument_id, ts_event, order_id, price, size, flags, channel_id, action, side, ts_recv,
# ts_in_delta, sequence (after the length and rtype bytes)
_MBO = struct.Struct("<HIQQqIBBccQiI")
_ACTIONS = {b"A": ADD, b"C": CANCEL, b"M": MODIFY, b"R": CLEAR, b"F": FILL, b"T": TRADE}
_SIDES = {b"B": BUY, b"A": SELL, b"N": SIDE_NONE}


class _Instrument:
    __slots__ = ("id", "wanted", "in_snapshot")

    def __init__(self) -> None:
        self.id = 0            # the event file's symbol id
        self.wanted = True     # passes the symbol filter
        self.in_snapshot = False


def _char(c: bytes) -> str:
    return c.decode("latin-1")


class DbnConverter:
    def __init__(self, stream: ByteStream, sink: EventSink, options: Options, summary: Summary) -> None:
        self.stream = stream
        self.reader = BufferedReader(stream)
        self.emitter = Emitter(sink, summary)
        self.sink = sink
        self.options = options
        self.summary = summary
        self.meta = DbnMetadata(0)
        self.tick_nanos = 1  # one tick in DBN's 1e-9 price units
        self.lot = 1         # one lot in DBN size units
        self.instruments: Dict[int, _Instrument] = {}  # publisher << 32 | instrument id
        self.names: Set[bytes] = set()
        self.next_id = 0
        self.none_actions = self.undef_prices = self.unordered_recv = self.no_side = 0
        self.other_rtypes: Dict[int, int] = {}
        self.last_recv = 0

    def fail(self, offset: int, rule: str) -> ConvertFailure:
        return format_error(self.stream.name, 0, offset, rule)

    def run(self) -> None:
        self.configure_grid()
        self.read_metadata()
        reader = self.reader
        while True:
            offset = reader.offset
            header = reader.take(_HEADER_LEN)
            if not header:
                break
            if len(header) < _HEADER_LEN:
                raise self.fail(offset, f"truncated record: the input ends {len(header)} bytes into a record header")
            length, rtype = header[0] * 4, header[1]
            if length < _HEADER_LEN:
                raise self.fail(offset, f"record length {length} is shorter than the 16-byte record header")
            if rtype == _RTYPE_MBO and length < _MBO_LEN:
                raise self.fail(offset, f"MBO record length {length} is shorter than the {_MBO_LEN} bytes an MBO "
                                        "record needs")
            rest = reader.take(length - _HEADER_LEN)
            if len(rest) < length - _HEADER_LEN:
                raise self.fail(offset, f"truncated record: the input ends after {_HEADER_LEN + len(rest)} of its "
                                        f"{length} bytes")
            self.summary.input_records += 1
            if rtype != _RTYPE_MBO:  # system, error or mapping messages of live data
                self.other_rtypes[rtype] = self.other_rtypes.get(rtype, 0) + 1
                self.summary.skipped += 1
                continue
            record = header + rest
            ts_recv = struct.unpack_from("<Q", record, 40)[0]
            if ts_recv < self.last_recv:  # keeps its place, with the record before's receive time
                self.unordered_recv += 1
                ts_recv = self.last_recv
                record = record[:40] + struct.pack("<Q", ts_recv) + record[48:]
            self.last_recv = ts_recv
            self.convert(record, offset)
        # Snapshots still open at the end of the input are complete as far as the file goes.
        for key in sorted(self.instruments):
            inst = self.instruments[key]
            if inst.in_snapshot:
                self.close_snapshot(inst, self.summary.last_exch_ts, self.summary.last_local_ts)
        warnings = self.summary.warnings
        if self.none_actions:
            warnings.append(f"{self.none_actions} MBO records with action N (none) skipped")
        if self.no_side:
            warnings.append(f"{self.no_side} add/cancel/modify/fill records without a side skipped")
        if self.undef_prices:
            warnings.append(f"{self.undef_prices} MBO records with an undefined price skipped")
        if self.unordered_recv:
            warnings.append(f"{self.unordered_recv} records with a ts_recv earlier than the record before (kept in "
                            "file order, with that record's ts_recv)")
        for rtype in sorted(self.other_rtypes):
            warnings.append(f"{self.other_rtypes[rtype]} records of rtype {rtype} (not MBO) skipped")

    def configure_grid(self) -> None:
        if self.options.tick_size != 0.0:
            g = grid_from_double(self.options.tick_size)
            if g is None or g.decimals > 9:
                raise ConvertFailure(E.ERR_INVALID_CONFIG, "", 0, 0,
                                     "tick_size must be a positive multiple of 1e-9 (DBN's price unit)")
            self.tick_nanos = g.units * 10 ** (9 - g.decimals)
            if self.tick_nanos >= 1 << 63:
                raise ConvertFailure(E.ERR_INVALID_CONFIG, "", 0, 0,
                                     "tick_size must be below 2^63 DBN price units (9.2e9)")
        if self.options.lot_size != 0.0:
            g = grid_from_double(self.options.lot_size)
            if g is None or g.decimals != 0:
                raise ConvertFailure(E.ERR_INVALID_CONFIG, "", 0, 0,
                                     "lot_size must be a positive whole number of DBN size units")
            self.lot = g.units

    def read_metadata(self) -> None:
        reader = self.reader
        prelude = reader.take(PRELUDE_LEN)
        if len(prelude) < 3 or prelude[:3] != b"DBN":
            raise self.fail(0, "not a DBN stream: expected the magic bytes 'DBN' at offset 0")
        if len(prelude) < PRELUDE_LEN:
            raise self.fail(len(prelude), "truncated DBN prelude")
        version, length = header_fields(prelude)
        if version < 1 or version > 3:
            raise self.fail(3, f"unsupported DBN version {version} (versions 1, 2 and 3 are read)")
        if length < METADATA_FIXED_LEN:
            raise self.fail(4, f"metadata length {length} is shorter than the {METADATA_FIXED_LEN} fixed bytes DBN "
                               "requires")
        body = reader.take(length)
        if len(body) < length:
            raise self.fail(reader.offset, f"truncated metadata: the input ends after {len(body)} of its {length} "
                                           "bytes")
        try:
            self.meta = parse_metadata(body, version)
        except BadMetadata as exc:
            raise self.fail(exc.offset, exc.rule) from None
        if self.meta.schema != SCHEMA_MBO:
            raise self.fail(PRELUDE_LEN + 16, f"schema {schema_name(self.meta.schema)}: only MBO (market by order) "
                                              "files are converted")
        if self.meta.renamed_instruments:
            self.summary.warnings.append(f"{self.meta.renamed_instruments} symbol mapping intervals give an "
                                         "instrument another name than its first; the first name is kept")

    def instrument(self, publisher: int, instrument_id: int) -> _Instrument:
        key = publisher << 32 | instrument_id
        inst = self.instruments.get(key)
        if inst is not None:
            return inst
        inst = self.instruments[key] = _Instrument()
        base = self.meta.symbols.get(instrument_id, str(instrument_id).encode())
        if self.options.symbols:
            inst.wanted = any(s == base or s == str(instrument_id).encode() for s in self.options.symbols)
            if not inst.wanted:
                return inst
        # Unique names: another instrument (parent symbology) or publisher with the same name gets a suffix.
        name = base
        if name in self.names:
            name = base + f"@{publisher}".encode()
        if name in self.names:
            name = base + f"/{instrument_id}@{publisher}".encode()
        if len(name) > 32:
            name = f"{instrument_id}@{publisher}".encode()
        self.names.add(name)
        inst.id = self.next_id
        self.next_id += 1
        venue = self.options.venue or self.meta.dataset
        tick = self.tick_nanos * 1e-9 if self.tick_nanos <= 1 else grid_value(Grid(self.tick_nanos, 9))
        record = symbol_record(name, venue[:16], tick, float(self.lot), self.options, inst.id)
        if not self.sink.add_symbol(record, inst.id):
            raise self.fail(self.reader.offset, f"the event sink refused symbol {name.decode('utf-8', 'replace')}")
        return inst

    def emit(self, kind: int, side: int, inst: _Instrument, exch_ts: int, local_ts: int, price: int = 0,
             quantity: int = 0, order_id: int = 0, sequence: int = 0, flags: int = 0) -> None:
        if not self.emitter.emit(kind, side, inst.id, exch_ts, local_ts, price, quantity, order_id, sequence, flags):
            raise self.fail(self.reader.offset, "the event sink refused an event")

    def close_snapshot(self, inst: _Instrument, exch_ts: int, local_ts: int) -> None:
        inst.in_snapshot = False
        self.emit(SNAPSHOT_END, SIDE_NONE, inst, exch_ts, local_ts, flags=F_SNAPSHOT | F_LAST)

    def convert(self, record: bytes, offset: int) -> None:
        (publisher, instrument_id, ts_event, order_id, price, size, rflags, _channel, action, side_char, ts_recv,
         _delta, sequence) = _MBO.unpack_from(record, 2)
        inst = self.instrument(publisher, instrument_id)
        if not inst.wanted:
            self.summary.skipped += 1
            return
        kind = _ACTIONS.get(action)
        if kind is None:
            if action == b"N":
                self.none_actions += 1
                self.summary.skipped += 1
                return
            raise self.fail(offset, f"unknown MBO action '{_char(action)}' (A, C, M, R, T, F or N)")
        side = _SIDES.get(side_char)
        if side is None:
            raise self.fail(offset, f"unknown MBO side '{_char(side_char)}' (A, B or N)")
        if kind in (ADD, CANCEL, MODIFY, FILL) and side == SIDE_NONE:  # an order without a side cannot rest
            self.no_side += 1
            self.summary.skipped += 1
            return
        if kind != CLEAR and price == _UNDEF_PRICE:  # top-of-book style records with no price
            self.undef_prices += 1
            self.summary.skipped += 1
            return
        local_ts = wrap_int64(ts_recv)
        exch_ts = wrap_int64(ts_event)
        flags = 0
        if ts_event == _UNDEF_TIMESTAMP:
            exch_ts = local_ts
            flags |= F_NO_EXCH_TS
        ticks = lots = 0
        if kind != CLEAR:
            if price % self.tick_nanos:
                raise self.fail(offset, f"price {price}e-9 is off the tick of {self.tick_nanos}e-9; pass a finer "
                                        "--tick")
            if size % self.lot:
                raise self.fail(offset, f"size {size} is off the lot of {self.lot}")
            ticks = price // self.tick_nanos  # exact: divisible (so C++'s truncation gives the same)
            lots = size // self.lot
        if kind == TRADE:
            order_id = 0  # DBN has no trade id
            if side == SIDE_NONE:
                flags |= F_NO_AGGRESSOR
        if rflags & _FLAG_LAST:
            flags |= F_LAST
        if kind == FILL:
            flags |= F_NO_BOOK_CHANGE  # Databento sends the book change as a C or M
        if rflags & _FLAG_MAYBE_BAD_BOOK:
            flags |= F_GAP
            self.summary.gaps += 1
        snapshot = bool(rflags & _FLAG_SNAPSHOT)
        if snapshot:
            flags |= F_SNAPSHOT
            # A snapshot starts with a clear (Databento's convention) or with the
            # first snapshot record after live ones; it ends at its F_LAST record.
            if inst.in_snapshot and kind == CLEAR:
                self.close_snapshot(inst, exch_ts, local_ts)
            if not inst.in_snapshot:
                self.emit(SNAPSHOT_BEGIN, SIDE_NONE, inst, exch_ts, local_ts, flags=F_SNAPSHOT)
                inst.in_snapshot = True
            flags &= ~F_LAST  # the END carries it
        elif inst.in_snapshot:
            self.close_snapshot(inst, exch_ts, local_ts)
        self.emit(kind, side, inst, exch_ts, local_ts, ticks, lots, order_id, sequence, flags)
        if snapshot and rflags & _FLAG_LAST:
            self.close_snapshot(inst, exch_ts, local_ts)


def convert_dbn(path: str, sink: EventSink, options: Options, summary: Summary) -> None:
    stream = ByteStream.open_file(path)
    try:
        DbnConverter(stream, sink, options, summary).run()
    finally:
        stream.close()
