"""The Binance converter (src/market/binance.cpp, rule for rule;
docs/convert_binance.md states the mapping): two streaming passes over the
input files. The first finds the symbols, their grids (the most decimals
printed, unless given) and which symbol each file's REST snapshot belongs
to; the second turns every line into events."""
from __future__ import annotations

from typing import Dict, Iterator, List, Optional, Tuple

from ... import _errors as E
from ._binance_message import (BOOK_TICKER, DEPTH, REST_ERROR, SNAPSHOT, TRADE, UNKNOWN, BinanceMessage, Level,
                               Malformed, parse_line, symbol_of_stream)
from ._binance_sync import APPLY_AFTER_GAP, DROP, HOLD, DepthSync, DepthUpdate
from ._common import (BBO, BUY, F_GAP, F_LAST, F_NO_AGGRESSOR, F_NO_EXCH_TS, F_SNAPSHOT, INT64_MAX, LEVEL, SELL,
                      SIDE_NONE, SNAPSHOT_BEGIN, SNAPSHOT_END, ConvertFailure, EventSink, Options, Summary,
                      format_error, symbol_record)
from ._common import TRADE as TRADE_EVENT
from ._decimal import Decimal, Grid, grid_from_double, grid_of_decimals, grid_value, to_steps, to_string
from ._streams import ByteStream, LineReader

_MAX_LOCAL_STEP_BACK_NS = 1_000_000_000  # beyond: files out of order or a clock reset
_INT64_MIN = -(1 << 63)


class _Symbol:
    """SymbolState: one symbol's grid, book sync and bookkeeping."""

    def __init__(self, name: bytes) -> None:
        self.name = name            # upper case, as the source spells it
        self.wanted = False
        self.id = 0
        self.price_decimals = 0
        self.quantity_decimals = 0
        self.futures_depth = False  # its depth diffs carry pu
        self.has_depth = False
        self.has_snapshot = False
        self.tick = Grid(1, 0)
        self.lot = Grid(1, 0)
        self.sync = DepthSync()
        self.pending_gap = False    # a gap whose flag awaits the symbol's next depth event


class _Warnings:
    """Counted warnings, each with where it was first seen."""

    def __init__(self) -> None:
        self._first: Dict[str, Tuple[str, int]] = {}  # text -> (file, line), in first-seen order
        self._count: Dict[str, int] = {}

    def add(self, text: str, file: str, line: int) -> None:
        if text in self._count:
            self._count[text] += 1
        else:
            self._first[text] = (file, line)
            self._count[text] = 1

    def write_to(self, out: List[str]) -> None:
        for text, (file, line) in self._first.items():
            out.append(f"{text}: {self._count[text]} (first at {file}:{line})")


def _max_decimals(levels: List[Level], index: int) -> int:
    return max((level[index].printed_decimals for level in levels), default=0)


def _name(name: bytes) -> str:
    return name.decode("utf-8", "replace")


class BinanceConverter:
    def __init__(self, sink: EventSink, options: Options, summary: Summary) -> None:
        self.sink = sink
        self.options = options
        self.summary = summary
        self.symbols: List[_Symbol] = []
        self.index: Dict[bytes, int] = {}
        self.snapshot_symbol: List[int] = []  # per file: index of the symbol its snapshots belong to
        self.warnings = _Warnings()
        self.file = ""
        self.line = 0
        self.last_local_ts = _INT64_MIN
        self.local_steps_back = 0
        self.largest_step_back = 0
        self.first_step_back_line = 0
        self.first_step_back_file = ""

    def run(self, inputs: List[str]) -> None:
        self.snapshot_symbol = [-1] * len(inputs)
        for i, path in enumerate(inputs):
            self.prescan(path, i)
        self.register_symbols(inputs[0] if inputs else "")
        for i, path in enumerate(inputs):
            self.convert(path, i)
        self.finish()

    def fail_line(self, rule: str) -> ConvertFailure:
        return format_error(self.file, self.line, 0, rule)

    # ---- reading ----

    def messages(self, path: str) -> Iterator[BinanceMessage]:
        """The messages of `path`'s non-empty lines, in order (self.line: the
        current line's number)."""
        self.file = path
        reader = LineReader(ByteStream.open_file(path))
        try:
            number = 0
            for batch in reader.batches():
                for line in batch:
                    number += 1
                    self.line = number
                    if not line:
                        continue  # blank lines are ignored
                    try:
                        message = parse_line(line)
                    except Malformed as exc:
                        raise self.fail_line(str(exc)) from None
                    yield message
        finally:
            reader.source.close()

    @staticmethod
    def missing_field(m: BinanceMessage) -> Optional[str]:
        if m.kind == DEPTH:
            return None if m.has_U and m.has_u else "a depthUpdate needs U and u"
        if m.kind == TRADE:
            return None if m.has_price and m.has_quantity else "a trade needs p and q"
        if m.kind == BOOK_TICKER:
            return None if m.has_u and m.ticker_fields == 15 else "a bookTicker needs u, b, B, a and A"
        return None

    @staticmethod
    def symbol_name(m: BinanceMessage) -> bytes:
        if m.symbol:
            return m.symbol.encode("utf-8").upper()
        if m.stream:
            return symbol_of_stream(m.stream)
        return b""

    def symbol(self, name: bytes) -> int:
        idx = self.index.get(name)
        if idx is None:
            idx = self.index[name] = len(self.symbols)
            self.symbols.append(_Symbol(name))
        return idx

    # ---- pass 1 ----

    def prescan(self, path: str, file_index: int) -> None:
        depth_symbols: List[int] = []
        file_symbols: List[int] = []
        snapshot_line = 0
        snap_price = snap_quantity = 0
        for m in self.messages(path):
            kind = m.kind
            if kind == SNAPSHOT:
                if snapshot_line == 0:
                    snapshot_line = self.line
                snap_price = max(snap_price, _max_decimals(m.bids, 0), _max_decimals(m.asks, 0))
                snap_quantity = max(snap_quantity, _max_decimals(m.bids, 1), _max_decimals(m.asks, 1))
                continue
            if kind not in (DEPTH, TRADE, BOOK_TICKER):
                continue
            missing = self.missing_field(m)
            if missing:
                raise self.fail_line(missing)
            name = self.symbol_name(m)
            if not name:
                raise self.fail_line('a message needs its symbol: an "s" field or a stream name')
            idx = self.symbol(name)
            s = self.symbols[idx]
            if idx not in file_symbols:
                file_symbols.append(idx)
            if kind == DEPTH:
                s.has_depth = True
                s.futures_depth = s.futures_depth or m.has_pu
                if idx not in depth_symbols:
                    depth_symbols.append(idx)
                s.price_decimals = max(s.price_decimals, _max_decimals(m.bids, 0), _max_decimals(m.asks, 0))
                s.quantity_decimals = max(s.quantity_decimals, _max_decimals(m.bids, 1), _max_decimals(m.asks, 1))
            elif kind == TRADE:
                s.price_decimals = max(s.price_decimals, m.price.printed_decimals)
                s.quantity_decimals = max(s.quantity_decimals, m.quantity.printed_decimals)
            else:
                s.price_decimals = max(s.price_decimals, m.bid_price.printed_decimals, m.ask_price.printed_decimals)
                s.quantity_decimals = max(s.quantity_decimals, m.bid_qty.printed_decimals,
                                          m.ask_qty.printed_decimals)
        if snapshot_line:
            # The REST snapshot names no symbol: it is the file's depth-stream symbol.
            candidates = depth_symbols if depth_symbols else file_symbols
            if len(candidates) != 1:
                names = ", ".join(_name(self.symbols[i].name) for i in candidates)
                self.line = snapshot_line
                found = "none" if not candidates else f"{len(candidates)} ({names})"
                raise self.fail_line("a REST snapshot line names no symbol, so it belongs to the file's single "
                                     f"depth-stream symbol; this file has {found}")
            s = self.symbols[candidates[0]]
            s.has_snapshot = True
            s.price_decimals = max(s.price_decimals, snap_price)
            s.quantity_decimals = max(s.quantity_decimals, snap_quantity)
            self.snapshot_symbol[file_index] = candidates[0]

    def register_symbols(self, first_file: str) -> None:
        wanted_names = [w.upper() for w in self.options.symbols]
        for wanted, upper in zip(self.options.symbols, wanted_names):
            if upper not in self.index:
                found = ", ".join(_name(s.name) for s in self.symbols) or "none"
                raise format_error(first_file, 0, 0, f"symbol '{_name(wanted)}' (from the symbol filter) is not in "
                                                     f"the input; symbols found: {found}")
        tick_option: Optional[Grid] = None
        lot_option: Optional[Grid] = None
        if self.options.tick_size != 0.0:
            tick_option = grid_from_double(self.options.tick_size)
            if tick_option is None:
                raise ConvertFailure(E.ERR_INVALID_CONFIG, "", 0, 0,
                                     "tick_size must be a positive, finite decimal below 2^63")
        if self.options.lot_size != 0.0:
            lot_option = grid_from_double(self.options.lot_size)
            if lot_option is None:
                raise ConvertFailure(E.ERR_INVALID_CONFIG, "", 0, 0,
                                     "lot_size must be a positive, finite decimal below 2^63")
        next_id = 0
        for s in self.symbols:
            s.wanted = not self.options.symbols or s.name in wanted_names
            if not s.wanted:
                continue
            if len(s.name) >= 32:
                raise format_error(first_file, 0, 0, f"symbol '{_name(s.name)}' is longer than 31 characters")
            s.tick = tick_option or grid_of_decimals(s.price_decimals)
            s.lot = lot_option or grid_of_decimals(s.quantity_decimals)
            s.id = next_id
            next_id += 1
            venue = self.options.venue
            if not venue:
                venue = b"binance" if not s.futures_depth else b"binance-coinm" if self.options.inverse \
                    else b"binance-usdm"
            record = symbol_record(s.name[:31], venue[:15], grid_value(s.tick), grid_value(s.lot), self.options,
                                   s.id)
            if not self.sink.add_symbol(record, s.id):
                raise format_error(first_file, 0, 0, f"the event sink refused symbol {_name(s.name)}")

    # ---- pass 2 ----

    def convert(self, path: str, file_index: int) -> None:
        summary = self.summary
        for m in self.messages(path):
            summary.input_records += 1
            self.on_message(m, file_index)

    def local_time(self, ts: int) -> int:
        """Local time must not go back; a recorder may reorder lines by a little."""
        if ts >= self.last_local_ts:
            self.last_local_ts = ts
            return ts
        back = self.last_local_ts - ts
        if back > _MAX_LOCAL_STEP_BACK_NS:
            raise self.fail_line(f"local time goes back by {back // 1_000_000} ms (more than 1 s: files out of "
                                 "order or a clock reset)")
        self.local_steps_back += 1
        self.largest_step_back = max(self.largest_step_back, back)
        if self.first_step_back_line == 0:
            self.first_step_back_line = self.line
            self.first_step_back_file = self.file
        return self.last_local_ts

    def exchange_time(self, m: BinanceMessage, local_ts: int) -> Tuple[int, int]:
        """(exch_ts, flags): T when the message has it, else E, else none (flagged)."""
        if not (m.has_T or m.has_E):
            return local_ts, F_NO_EXCH_TS
        ms = m.T if m.has_T else m.E
        if ms > INT64_MAX // 1_000_000:
            raise self.fail_line("exchange time (ms) out of range")
        return ms * 1_000_000, 0

    def on_grid(self, value: Decimal, grid: Grid, price: bool) -> int:
        if not price and value.mantissa < 0:
            raise self.fail_line(f"quantity '{to_string(value)}' is negative")
        steps = to_steps(value, grid)
        if steps is None:
            what, step = ("price '", "tick ") if price else ("quantity '", "lot ")
            raise self.fail_line(f"{what}{to_string(value)}' is not a multiple of the {step}{to_string(grid)} "
                                 "(or is out of range)")
        return steps

    def emit(self, kind: int, side: int, symbol: int, exch_ts: int, local_ts: int, price: int = 0,
             quantity: int = 0, order_id: int = 0, sequence: int = 0, flags: int = 0) -> None:
        if not self.sink.write(kind, side, symbol, exch_ts, local_ts, price, quantity, order_id, sequence, flags):
            raise self.fail_line("the event sink refused an event")
        s = self.summary
        if s.events == 0:
            s.first_local_ts = local_ts
            s.first_exch_ts = s.last_exch_ts = exch_ts
        s.events += 1
        s.events_by_kind[kind] += 1
        s.last_local_ts = local_ts
        if exch_ts < s.first_exch_ts:
            s.first_exch_ts = exch_ts
        if exch_ts > s.last_exch_ts:
            s.last_exch_ts = exch_ts

    def on_message(self, m: BinanceMessage, file_index: int) -> None:
        local_ts = self.local_time(m.local_ts)
        kind = m.kind
        if kind == UNKNOWN:
            text = f"message type '{m.event_type}' skipped" if m.event_type else "message of no known type skipped"
            self.warnings.add(text, self.file, self.line)
            return
        if kind == REST_ERROR:
            self.warnings.add("REST error reply skipped", self.file, self.line)
            return
        if kind == SNAPSHOT:
            idx = self.snapshot_symbol[file_index]
            if idx < 0 or not self.symbols[idx].wanted:
                return
            self.on_snapshot(self.symbols[idx], m, local_ts)
            return
        s = self.symbols[self.index[self.symbol_name(m)]]
        if not s.wanted:
            return
        if kind == DEPTH:
            self.on_depth(s, m, local_ts)
        elif kind == TRADE:
            self.on_trade(s, m, local_ts)
        else:
            self.on_ticker(s, m, local_ts)

    def on_snapshot(self, s: _Symbol, m: BinanceMessage, local_ts: int) -> None:
        exch_ts, time_flags = self.exchange_time(m, local_ts)
        flags = time_flags | F_SNAPSHOT
        seq = m.last_update_id
        self.emit(SNAPSHOT_BEGIN, SIDE_NONE, s.id, exch_ts, local_ts, sequence=seq, flags=flags)
        for side, levels in ((BUY, m.bids), (SELL, m.asks)):
            for price, quantity in levels:
                p = self.on_grid(price, s.tick, True)
                q = self.on_grid(quantity, s.lot, False)
                self.emit(LEVEL, side, s.id, exch_ts, local_ts, p, q, sequence=seq, flags=flags)
        self.emit(SNAPSHOT_END, SIDE_NONE, s.id, exch_ts, local_ts, sequence=seq, flags=flags | F_LAST)
        # The book is the snapshot now; diffs held from before it that it does
        # not cover apply after it, at the time the snapshot arrived.
        s.pending_gap = False
        s.sync.on_snapshot(seq)
        for d in s.sync.held():
            self.apply(s, d, s.sync.on_update(d), local_ts)

    def on_depth(self, s: _Symbol, m: BinanceMessage, local_ts: int) -> None:
        d, evicted = s.sync.next_slot()
        self.summary.skipped += evicted
        d.first_id, d.last_id, d.previous_id, d.has_previous_id = m.U, m.u, m.pu, m.has_pu
        d.local_ts = local_ts
        d.exch_ts, d.time_flags = self.exchange_time(m, local_ts)
        levels = d.levels
        for side, source in ((BUY, m.bids), (SELL, m.asks)):
            for price, quantity in source:
                p = self.on_grid(price, s.tick, True)
                q = self.on_grid(quantity, s.lot, False)
                if q < 0:
                    raise self.fail_line("a depth quantity must not be negative")
                levels.append((side, p, q))
        self.apply(s, d, s.sync.on_update(d), local_ts)

    def apply(self, s: _Symbol, d: DepthUpdate, verdict: int, local_ts: int) -> None:
        if verdict in (HOLD, DROP):
            return
        if verdict == APPLY_AFTER_GAP:
            self.summary.gaps += 1
            s.pending_gap = True
            self.warnings.add(f"{_name(s.name)}: depth update-id chain broken (gap flagged; book stale until the "
                              "next snapshot)", self.file, self.line)
        last = len(d.levels) - 1
        for i, (side, price, quantity) in enumerate(d.levels):
            flags = d.time_flags
            if s.pending_gap:
                flags |= F_GAP
            if i == last:
                flags |= F_LAST
            s.pending_gap = False
            self.emit(LEVEL, side, s.id, d.exch_ts, local_ts, price, quantity, sequence=d.last_id, flags=flags)

    def on_trade(self, s: _Symbol, m: BinanceMessage, local_ts: int) -> None:
        if m.trade_type and m.trade_type != "MARKET":
            # Insurance-fund and ADL fills do not trade against the book.
            self.summary.skipped += 1
            self.warnings.add(f"off-book trade (X={m.trade_type}) skipped", self.file, self.line)
            return
        exch_ts, flags = self.exchange_time(m, local_ts)
        flags |= F_LAST
        if m.has_m:
            side = SELL if m.buyer_is_maker else BUY  # the buyer rested: the seller hit the bid
        else:
            side = SIDE_NONE
            flags |= F_NO_AGGRESSOR
        price = self.on_grid(m.price, s.tick, True)
        quantity = self.on_grid(m.quantity, s.lot, False)
        self.emit(TRADE_EVENT, side, s.id, exch_ts, local_ts, price, quantity, order_id=m.trade_id, flags=flags)

    def on_ticker(self, s: _Symbol, m: BinanceMessage, local_ts: int) -> None:
        exch_ts, flags = self.exchange_time(m, local_ts)
        bid_price = self.on_grid(m.bid_price, s.tick, True)
        bid_qty = self.on_grid(m.bid_qty, s.lot, False)
        ask_price = self.on_grid(m.ask_price, s.tick, True)
        ask_qty = self.on_grid(m.ask_qty, s.lot, False)
        self.emit(BBO, BUY, s.id, exch_ts, local_ts, bid_price, bid_qty, sequence=m.u, flags=flags)
        self.emit(BBO, SELL, s.id, exch_ts, local_ts, ask_price, ask_qty, sequence=m.u, flags=flags | F_LAST)

    def finish(self) -> None:
        out = self.summary.warnings
        for s in self.symbols:
            if not s.wanted:
                continue
            self.summary.skipped += s.sync.unapplied_in_ring()
            if s.has_depth and not s.has_snapshot:
                out.append(f"{_name(s.name)}: depth updates but no REST snapshot: no book (its depth updates are "
                           "skipped)")
        if self.local_steps_back:
            out.append(f"local time stepped back on {self.local_steps_back} lines (largest step "
                       f"{self.largest_step_back // 1000} us; kept in file order, local_ts raised to the previous "
                       f"line's) (first at {self.first_step_back_file}:{self.first_step_back_line})")
        self.warnings.write_to(out)


def convert_binance(inputs: List[str], sink: EventSink, options: Options, summary: Summary) -> None:
    """Converts the files in order (one recording split across files: the
    update-id chain and local time continue from file to file)."""
    BinanceConverter(sink, options, summary).run(inputs)
