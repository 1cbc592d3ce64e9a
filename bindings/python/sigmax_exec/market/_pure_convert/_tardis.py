"""The Tardis.dev CSV converter (src/market/tardis.cpp, rule for rule;
docs/convert_tardis_dbn.md states the mapping): the input files merged by
local_timestamp (ties keep the order the files were given), each symbol's
grid inferred from its rows among the next 4096 merged rows, rows mapped to
events."""
from __future__ import annotations

from collections import deque
from typing import Deque, Dict, List, Optional

from ... import _errors as E
from ._common import (F_LAST, F_NO_AGGRESSOR, F_SNAPSHOT, LEVEL, SIDE_NONE, SNAPSHOT_BEGIN, SNAPSHOT_END, TRADE,
                      ConvertFailure, Emitter, EventSink, Options, Summary, format_error, symbol_record)
from ._decimal import Decimal, Grid, grid_from_double, grid_value, to_steps, to_string
from ._streams import BufferedReader, ByteStream
from ._tardis_csv import (BOOK_SNAPSHOT, INCREMENTAL_L2, TRADES, BadRow, Layout, TardisLevel, parse_header,
                          parse_row)

_GRID_WINDOW = 4096  # merged rows looked ahead when a symbol's grid is inferred


class _PendingRow:
    """A row taken from the merge, waiting in the grid window."""
    __slots__ = ("key", "file", "line", "type", "exch_ts", "local_ts", "is_snapshot", "last_of_group",
                 "snapshot_continues", "side", "price", "amount", "trade_id", "levels")

    def __init__(self, key: int, file: int, line: int, type: int, exch_ts: int, local_ts: int, is_snapshot: bool,
                 side: int, price: Decimal, amount: Decimal, trade_id: int, levels: List[TardisLevel]) -> None:
        self.key, self.file, self.line, self.type = key, file, line, type
        self.exch_ts, self.local_ts, self.is_snapshot = exch_ts, local_ts, is_snapshot
        self.last_of_group = True        # the file's next row is another update
        self.snapshot_continues = False  # the file's next row continues this symbol's snapshot
        self.side, self.price, self.amount, self.trade_id, self.levels = side, price, amount, trade_id, levels


class _Symbol:
    def __init__(self, exchange: bytes, symbol: bytes) -> None:
        self.exchange, self.symbol = exchange, symbol
        self.registered = False
        self.id = 0
        self.price_grid = self.amount_grid = Grid(1, 0)
        self.seen_snapshot = self.in_snapshot = False
        self.book_source = -1  # the dataset that feeds its book (L2 or snapshots); -1: none yet
        self.skipped_before_snapshot = 0


class _File:
    def __init__(self, stream: ByteStream) -> None:
        self.stream = stream
        self.reader = BufferedReader(stream)
        self.layout = Layout(TRADES, 0)
        self.line = 0
        self.head: Optional[_PendingRow] = None
        self.last_local_ts = 0


def _text(b: bytes) -> str:
    return b.decode("utf-8", "replace")


class TardisConverter:
    def __init__(self, sink: EventSink, options: Options, summary: Summary) -> None:
        self.emitter = Emitter(sink, summary)
        self.sink = sink
        self.options = options
        self.summary = summary
        self.files: List[_File] = []
        self.keys: Dict[bytes, int] = {}
        self.symbols: List[_Symbol] = []
        self.window: Deque[_PendingRow] = deque()
        self.next_id = 0
        self.price_option: Optional[Grid] = None
        self.amount_option: Optional[Grid] = None

    def fail_at(self, f: _File, rule: str) -> ConvertFailure:
        return format_error(f.stream.name, f.line, 0, rule)

    def fail_row(self, r: _PendingRow, rule: str) -> ConvertFailure:
        return format_error(self.files[r.file].stream.name, r.line, 0, rule)

    def run(self, streams: List[ByteStream]) -> None:
        if self.options.tick_size != 0.0:
            self.price_option = grid_from_double(self.options.tick_size)
            if self.price_option is None:
                raise ConvertFailure(E.ERR_INVALID_CONFIG, "", 0, 0, "tick_size must be a positive number")
        if self.options.lot_size != 0.0:
            self.amount_option = grid_from_double(self.options.lot_size)
            if self.amount_option is None:
                raise ConvertFailure(E.ERR_INVALID_CONFIG, "", 0, 0, "lot_size must be a positive number")
        self.files = [_File(s) for s in streams]
        for i, f in enumerate(self.files):
            self.open(f)
            self.read_next(f, i)
        window = self.window
        while True:
            chosen: Optional[_File] = None
            index = 0
            for i, f in enumerate(self.files):
                if f.head is not None and (chosen is None or f.head.local_ts < chosen.head.local_ts):  # type: ignore
                    chosen, index = f, i
            if chosen is None:
                break
            taken = chosen.head
            assert taken is not None
            window.append(taken)
            self.read_next(chosen, index)
            head = chosen.head
            if head is not None and head.key == taken.key:
                taken.last_of_group = head.local_ts != taken.local_ts
                taken.snapshot_continues = taken.is_snapshot and head.is_snapshot
            if len(window) > _GRID_WINDOW:
                self.process(window[0])
                window.popleft()
        while window:
            self.process(window[0])
            window.popleft()
        for s in self.symbols:
            if s.skipped_before_snapshot:
                self.summary.warnings.append(f"{s.skipped_before_snapshot} incremental_book_L2 rows of "
                                             f"{_text(s.symbol)} before its first snapshot skipped")

    def open(self, f: _File) -> None:
        header = f.reader.next_line()
        f.line = 1
        if header is None:
            raise self.fail_at(f, "empty file: expected a Tardis CSV header row")
        try:
            f.layout = parse_header(header)
        except BadRow as exc:
            raise self.fail_at(f, str(exc)) from None

    def read_next(self, f: _File, index: int) -> None:
        """The file's next row (of a wanted symbol) into f.head; None at its end."""
        f.head = None
        wanted = self.options.symbols
        while True:
            line = f.reader.next_line()
            if line is None:
                return
            f.line += 1
            self.summary.input_records += 1
            try:
                row = parse_row(line, f.layout)
            except BadRow as exc:
                raise self.fail_at(f, str(exc)) from None
            if row.local_ts < f.last_local_ts:
                raise self.fail_at(f, f"local_timestamp {row.local_ts // 1000} is earlier than the row before "
                                      f"({f.last_local_ts // 1000}): a Tardis file is ordered by local_timestamp")
            f.last_local_ts = row.local_ts
            if wanted and row.symbol not in wanted:
                self.summary.skipped += 1
                continue
            name = row.exchange + b"\0" + row.symbol
            key = self.keys.get(name)
            if key is None:
                if len(row.symbol) > 32:
                    raise self.fail_at(f, f"symbol '{_text(row.symbol)}' is longer than the 32 bytes an event "
                                          "file's symbol name holds")
                key = self.keys[name] = len(self.symbols)
                self.symbols.append(_Symbol(row.exchange, row.symbol))
            f.head = _PendingRow(key, index, f.line, f.layout.type, row.exch_ts, row.local_ts, row.is_snapshot,
                                 row.side, row.price, row.amount, row.trade_id, row.levels)
            return

    def register_symbol(self, s: _Symbol, first: _PendingRow) -> None:
        price, amount = self.price_option, self.amount_option
        if price is None or amount is None:
            price_dec = amount_dec = 0
            for r in self.window:
                if r.key != first.key:
                    continue
                if r.type == BOOK_SNAPSHOT:
                    for _, p, a in r.levels:
                        price_dec = max(price_dec, p.decimals())
                        amount_dec = max(amount_dec, a.decimals())
                else:
                    price_dec = max(price_dec, r.price.decimals())
                    amount_dec = max(amount_dec, r.amount.decimals())
            price = price or Grid(1, price_dec)
            amount = amount or Grid(1, amount_dec)
        s.price_grid, s.amount_grid = price, amount
        s.id = self.next_id
        self.next_id += 1
        venue = self.options.venue or s.exchange
        record = symbol_record(s.symbol, venue[:16], grid_value(price), grid_value(amount), self.options, s.id)
        if len(venue) > 16:
            self.summary.warnings.append(f"venue '{_text(venue)}' cut to the 16 bytes of the symbol table's venue "
                                         "field")
        s.registered = True
        if not self.sink.add_symbol(record, s.id):
            raise ConvertFailure(E.ERR_FORMAT, "", 0, 0, f"the event sink refused symbol {_text(s.symbol)}")

    def steps(self, r: _PendingRow, value: Decimal, grid: Grid, s: _Symbol, is_price: bool) -> int:
        n = to_steps(value, grid)
        if n is not None:
            return n
        fixed = (self.price_option if is_price else self.amount_option) is not None
        what, step, flag = ("price", "tick", "--tick") if is_price else ("amount", "lot", "--lot")
        how = " (given)" if fixed else " (inferred from the decimals of its first rows)"
        raise self.fail_row(r, f"{what} {to_string(value)} of {_text(s.symbol)} is off its {step} {to_string(grid)}"
                               f"{how}; pass {flag} with a finer grid")

    def emit(self, kind: int, side: int, s: _Symbol, r: _PendingRow, price: int = 0, quantity: int = 0,
             order_id: int = 0, flags: int = 0) -> None:
        if not self.emitter.emit(kind, side, s.id, r.exch_ts, r.local_ts, price, quantity, order_id, 0, flags):
            raise ConvertFailure(E.ERR_FORMAT, "", 0, 0, "the event sink refused an event")

    def emit_level(self, r: _PendingRow, s: _Symbol, side: int, price: Decimal, amount: Decimal, flags: int) -> None:
        p = self.steps(r, price, s.price_grid, s, True)
        q = self.steps(r, amount, s.amount_grid, s, False)
        self.emit(LEVEL, side, s, r, p, q, flags=flags)

    def process(self, r: _PendingRow) -> None:
        s = self.symbols[r.key]
        if r.type != TRADES:
            if s.book_source >= 0 and s.book_source != r.type:
                raise self.fail_row(r, f"symbol {_text(s.symbol)} has both incremental_book_L2 and book_snapshot "
                                       "rows: two books for one symbol; convert them separately")
            s.book_source = r.type
        if r.type == INCREMENTAL_L2 and not r.is_snapshot and not s.seen_snapshot:
            self.summary.skipped += 1  # updates buffered before the first snapshot (Tardis says: skip them)
            s.skipped_before_snapshot += 1
            return
        if not s.registered:
            self.register_symbol(s, r)
        if r.type == TRADES:
            p = self.steps(r, r.price, s.price_grid, s, True)
            q = self.steps(r, r.amount, s.amount_grid, s, False)
            flags = F_LAST | (F_NO_AGGRESSOR if r.side == SIDE_NONE else 0)
            self.emit(TRADE, r.side, s, r, p, q, order_id=r.trade_id, flags=flags)
            return
        if r.type == BOOK_SNAPSHOT:
            self.emit(SNAPSHOT_BEGIN, SIDE_NONE, s, r, flags=F_SNAPSHOT)
            for side, price, amount in r.levels:
                self.emit_level(r, s, side, price, amount, F_SNAPSHOT)
            self.emit(SNAPSHOT_END, SIDE_NONE, s, r, flags=F_SNAPSHOT | F_LAST)
            return
        if r.is_snapshot and not s.in_snapshot:
            self.emit(SNAPSHOT_BEGIN, SIDE_NONE, s, r, flags=F_SNAPSHOT)
            s.in_snapshot = s.seen_snapshot = True
        flags = F_SNAPSHOT if r.is_snapshot else F_LAST if r.last_of_group else 0
        self.emit_level(r, s, r.side, r.price, r.amount, flags)
        if r.is_snapshot and not r.snapshot_continues:
            s.in_snapshot = False
            self.emit(SNAPSHOT_END, SIDE_NONE, s, r, flags=F_SNAPSHOT | F_LAST)


def convert_tardis(inputs: List[str], sink: EventSink, options: Options, summary: Summary) -> None:
    """Converts the files (any mix of incremental_book_L2, trades and
    book_snapshot_N); every file is opened before any is read."""
    streams: List[ByteStream] = []
    try:
        for path in inputs:
            streams.append(ByteStream.open_file(path))
        TardisConverter(sink, options, summary).run(streams)
    finally:
        for s in streams:
            s.close()

