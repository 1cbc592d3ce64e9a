"""Market data from Python: event files and reconstructed books.

- ``EventFile(path)``: an event file, memory-mapped; ``events`` is a
  zero-copy numpy structured array (EVENT_DTYPE); ``header``, ``symbols``,
  ``seek(local_ts)``, ``verify()``, ``to_pandas()``.
- ``EventFileWriter(path)``: writes one atomically (``add_symbol``,
  ``write(events)``, ``finish()``), byte for byte as the C writer does.
- ``convert(inputs, output, format)``: a Binance, Tardis or DBN recording
  into an event file (the native converters, or the pure-Python ones with
  the same output: market._pure_convert).
- ``BinanceLineDecoder(symbol)``: Binance recorder lines into events one
  line at a time (a live connector's decoder; the converter's rules).
- ``L2Book`` and ``L3Book``: books per symbol rebuilt from events, of the
  backend that ``import sigmax_exec`` selected; ``books_for(backend)`` gives
  another backend's (the native ones apply a whole array in one C call, the
  pure-Python ones follow the same rules event by event).

The reader and the writer are Python (numpy) on every backend, with the C
reader's and writer's rules and messages. docs/python.md ("Market data")
and docs/market_data.md describe the records and the rules.
"""
from __future__ import annotations

from ._binance_lines import BinanceLineDecoder
from ._file import EventFile
from ._frame import events_frame
from ._records import (EVENT_DTYPE, HEADER_DTYPE, SYMBOL_DTYPE, EventSide, FileHeader, Flag, Kind, Symbol,
                       header_size_for, make_events)
from ._units import to_value
from ._writer import EventFileWriter, as_event_array

__all__ = [
    "EventFile", "EventFileWriter", "Symbol", "FileHeader", "Kind", "EventSide", "Flag",
    "EVENT_DTYPE", "SYMBOL_DTYPE", "HEADER_DTYPE", "make_events", "header_size_for", "as_event_array",
    "events_frame", "to_value", "BinanceLineDecoder",
]

from typing import Any, Tuple, Type  # noqa: E402

from ._book_types import BookBase, BookChecks, Depth, L3BookBase, Level, Quote, QueuePosition  # noqa: E402
from ._pure_books import PureL2Book, PureL3Book  # noqa: E402


def books_for(backend: str) -> Tuple[Type[BookBase], Type[L3BookBase]]:
    """(L2Book, L3Book) classes of one backend: "cffi", "ctypes" or "python".
    ImportError if that backend cannot load."""
    if backend == "python":
        return PureL2Book, PureL3Book
    if backend in ("cffi", "ctypes"):
        from ._native_books import native_books
        return native_books(backend)
    raise ImportError(f"unknown backend {backend!r}; choose one of cffi, ctypes, python")


def _selected() -> Tuple[Type[BookBase], Type[L3BookBase]]:
    from .. import BACKEND
    return books_for(BACKEND)


L2Book: Any
L3Book: Any
L2Book, L3Book = _selected()

__all__ += ["L2Book", "L3Book", "books_for", "Quote", "Level", "Depth", "QueuePosition", "BookChecks"]

from ._convert import ConvertSummary, convert  # noqa: E402

__all__ += ["convert", "ConvertSummary"]
