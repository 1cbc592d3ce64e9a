"""BinanceLineDecoder: Binance recorder lines (``<local ns> <websocket JSON>``,
the format `convert(..., "binance")` reads) turned into events one line at
a time, for a live connector that tails such a feed.

It drives the pure-Python Binance converter (market._pure_convert) message
by message, so a line gives the events the converter would write for it:
the same depth-sync rules (a REST snapshot line, then update-id chained
depth diffs), trades, book tickers, and local time never stepping back.
What a whole-file conversion learns in its first pass is given instead:
one symbol, its tick and lot sizes, and its id.
"""
from __future__ import annotations

from typing import Any, List, Tuple

import numpy as np

from .. import _errors as E
from ._pure_convert._binance import BinanceConverter
from ._pure_convert._binance_message import Malformed, parse_line
from ._pure_convert._common import ConvertFailure, Options, Summary
from ._pure_convert._decimal import grid_from_double
from ._records import EVENT_DTYPE, Symbol


class _Collector:
    """The converter's event sink: keeps the events of the current line."""

    def __init__(self) -> None:
        self.rows: List[Tuple[Any, ...]] = []

    def add_symbol(self, record: bytes, symbol_id: int) -> bool:
        return True

    def write(self, kind: int, side: int, symbol: int, exch_ts: int, local_ts: int, price: int = 0,
              quantity: int = 0, order_id: int = 0, sequence: int = 0, flags: int = 0) -> bool:
        self.rows.append((exch_ts, local_ts, price, quantity, order_id, sequence, symbol, flags, kind, side,
                          (0,) * 8))
        return True


class BinanceLineDecoder:
    """``BinanceLineDecoder(symbol)``: decodes the lines of one symbol's feed
    (`symbol` a market.Symbol: its name as Binance spells it, e.g. "BTCUSDT",
    its tick and lot sizes and its id). ``decode(line)`` returns the line's
    events (an EVENT_DTYPE array, possibly empty); other symbols' lines give
    none. DataFormatError (naming the line number) for a line the converter
    refuses; the decoder is unchanged by a refused line only up to that line's
    events, as the converter would stop there."""

    def __init__(self, symbol: Symbol) -> None:
        tick, lot = grid_from_double(symbol.tick_size), grid_from_double(symbol.lot_size)
        if tick is None or lot is None:
            raise ValueError("tick_size and lot_size must be positive, finite decimals")
        self._sink = _Collector()
        sink: Any = self._sink  # has the two methods of the converter's EventSink it calls
        conv = self._conv = BinanceConverter(sink, Options(tick_size=symbol.tick_size, lot_size=symbol.lot_size),
                                             Summary())
        conv.file = "<feed>"
        conv.snapshot_symbol = [conv.symbol(symbol.name.upper().encode())]  # snapshots are this symbol's
        s = conv.symbols[0]
        s.wanted, s.id, s.tick, s.lot = True, symbol.id, tick, lot
        s.has_depth = s.has_snapshot = True

    @property
    def lines(self) -> int:
        """Lines decoded so far."""
        return self._conv.line

    def decode(self, line: bytes) -> Any:
        conv, rows = self._conv, self._sink.rows
        rows.clear()
        conv.line += 1
        line = line.rstrip(b"\r\n")
        if line:
            try:
                m = parse_line(line)
                name = conv.symbol_name(m)
                if name and name not in conv.index:  # another symbol's line
                    return np.zeros(0, dtype=EVENT_DTYPE)
                conv.on_message(m, 0)
            except Malformed as exc:
                raise E.error_for(E.ERR_FORMAT, conv.fail_line(str(exc)).message()) from None
            except ConvertFailure as exc:
                raise E.error_for(exc.status, exc.message()) from None
        out = np.zeros(len(rows), dtype=EVENT_DTYPE)
        if rows:
            out[:] = rows
        return out
