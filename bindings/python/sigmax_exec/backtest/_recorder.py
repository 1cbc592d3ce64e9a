"""Recorder: one symbol's account sampled at an interval into numpy columns,
and the recording CSV format (docs/backtesting.md, "Recorder, summary and plot") the C++ CLI writes too.

A sample reads the venue's state of the symbol once: position and volume go
from lots to the symbol's units with the engine's rule (market._units.to_value,
so they are the doubles the venue's float helpers give), money stays in the
settlement unit. The columns are preallocated and grow by doubling, so a
sample allocates nothing else.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Union

import numpy as np

from .._values import decimal_form

if TYPE_CHECKING:
    from ..venue import Venue
    from ..venue._venue import SymbolKey

# The recording's columns, in the CSV's order.
COLUMNS = ("timestamp", "mid", "position", "balance", "fee", "equity", "realized_pnl", "trades", "maker_fills",
           "taker_fills", "volume", "trading_value", "orders_submitted", "orders_filled")
INT_COLUMNS = frozenset(("timestamp", "trades", "maker_fills", "taker_fills", "orders_submitted", "orders_filled"))
CSV_HEADER = ",".join(COLUMNS)
# One CSV row: ints as decimal, floats with 17 significant digits (round-trip exact; NaN prints as nan).
_ROW_FORMAT = ",".join("%d" if c in INT_COLUMNS else "%.17g" for c in COLUMNS) + "\n"
_INITIAL_CAPACITY = 1024

PathLike = Union[str, "os.PathLike[str]"]


class Recorder:
    """Samples one symbol's account: ``Recorder(venue, symbol, interval_ns=100_000_000)``.

    ``record(venue)`` samples when the venue's current time is at least the
    last sample's time + interval_ns (the first call always samples);
    ``sample(venue)`` samples unconditionally. A recording loaded with
    ``load_csv`` has no symbol and cannot sample.
    """

    def __init__(self, venue: "Venue", symbol: "SymbolKey", interval_ns: int = 100_000_000) -> None:
        sid = venue.symbol_id(symbol)
        self._setup(sid, venue.lot_size(sid), interval_ns)

    def _setup(self, symbol: Optional[int], lot_size: Optional[float], interval_ns: int) -> None:
        if isinstance(interval_ns, bool) or not isinstance(interval_ns, (int, np.integer)) or interval_ns <= 0:
            raise ValueError(f"interval_ns must be a positive int, not {interval_ns!r}")
        self.symbol: Optional[int] = symbol
        self.lot_size: Optional[float] = lot_size
        self.interval_ns: int = int(interval_ns)
        # lots -> units as to_value computes it: lots * m / p
        self._lot_m, self._lot_p = decimal_form(lot_size) if lot_size is not None else (1.0, 1.0)
        self._n = 0
        self._last_ts = 0
        self._columns: Dict[str, Any] = {c: np.empty(_INITIAL_CAPACITY, np.int64 if c in INT_COLUMNS else np.float64)
                                         for c in COLUMNS}

    # -- sampling -------------------------------------------------------------

    def record(self, venue: "Venue") -> bool:
        """Samples if the interval has elapsed since the last sample (or none was
        taken yet); returns whether it sampled."""
        if self._n and venue.current_timestamp < self._last_ts + self.interval_ns:
            return False
        self.sample(venue)
        return True

    def sample(self, venue: "Venue") -> None:
        """Takes one sample now, whatever the interval."""
        if self.symbol is None:
            raise ValueError("this recording was loaded from CSV: it has no venue symbol to sample")
        s = venue.state(self.symbol)
        ts = venue.current_timestamp
        n = self._n
        if n == len(self._columns["timestamp"]):
            self._grow()
        c = self._columns
        c["timestamp"][n] = ts
        c["mid"][n] = s.mid
        c["position"][n] = s.position * self._lot_m / self._lot_p
        c["balance"][n] = s.balance
        c["fee"][n] = s.fee
        c["equity"][n] = s.equity
        c["realized_pnl"][n] = s.realized_pnl
        c["trades"][n] = s.trades
        c["maker_fills"][n] = s.maker_fills
        c["taker_fills"][n] = s.taker_fills
        c["volume"][n] = s.volume * self._lot_m / self._lot_p
        c["trading_value"][n] = s.trading_value
        c["orders_submitted"][n] = s.orders_submitted
        c["orders_filled"][n] = s.orders_filled
        self._n = n + 1
        self._last_ts = ts

    def _grow(self) -> None:
        for name, old in self._columns.items():
            new = np.empty(2 * len(old), old.dtype)
            new[:len(old)] = old
            self._columns[name] = new

    # -- reading --------------------------------------------------------------

    def __len__(self) -> int:
        return self._n

    @property
    def last_ts(self) -> Optional[int]:
        """The last sample's local time (None: no sample yet)."""
        return self._last_ts if self._n else None

    @property
    def capacity(self) -> int:
        """Samples the columns hold before they next grow (doubling)."""
        return len(self._columns["timestamp"])

    def arrays(self) -> Dict[str, Any]:
        """The columns trimmed to the samples taken, as copies, in COLUMNS order."""
        return {name: col[:self._n].copy() for name, col in self._columns.items()}

    def to_pandas(self) -> Any:
        """A DataFrame of the other columns indexed by the samples' local time
        (a UTC DatetimeIndex named timestamp)."""
        import pandas as pd  # type: ignore[import]
        a = self.arrays()
        index = pd.DatetimeIndex(pd.to_datetime(a.pop("timestamp"), unit="ns", utc=True), name="timestamp")
        return pd.DataFrame(a, index=index)

    def summary(self, *, capital: Optional[float] = None,
                periods_per_year: Optional[float] = None) -> Dict[str, Union[int, float]]:
        """The run's figures (backtest.summary)."""
        from ._summary import summary
        return summary(self, capital=capital, periods_per_year=periods_per_year)

    # -- the recording CSV ------------------------------------------------------

    def save_csv(self, path: PathLike) -> None:
        """Writes the recording CSV: the header line, then one line per sample."""
        columns: List[List[Any]] = [col[:self._n].tolist() for col in self._columns.values()]
        with open(path, "w", encoding="ascii", newline="\n") as f:
            f.write(CSV_HEADER + "\n")
            f.writelines(_ROW_FORMAT % row for row in zip(*columns))

    @classmethod
    def load_csv(cls, path: PathLike, *, interval_ns: int = 100_000_000) -> "Recorder":
        """A recording read from a recording CSV. The file does not carry the
        sampling interval: pass the one it was recorded at (it sets the
        summary's annualisation). ValueError naming the file and line on a
        malformed file."""
        name = os.fspath(path)
        with open(path, encoding="ascii", newline=None) as f:
            header = f.readline().rstrip("\n")
            if header != CSV_HEADER:
                raise ValueError(f"{name}:1: not a recording CSV: the header must be {CSV_HEADER!r}")
            rows = [line.rstrip("\n").split(",") for line in f]
        if rows and rows[-1] == [""]:
            rows.pop()
        parsed: List[List[Any]] = [[] for _ in COLUMNS]
        for lineno, fields in enumerate(rows, start=2):
            if len(fields) != len(COLUMNS):
                raise ValueError(f"{name}:{lineno}: {len(fields)} fields, the header has {len(COLUMNS)}")
            for i, (column, text) in enumerate(zip(COLUMNS, fields)):
                try:
                    parsed[i].append(int(text) if column in INT_COLUMNS else float(text))
                except ValueError:
                    raise ValueError(f"{name}:{lineno}: {column} {text!r} is not "
                                     f"{'an integer' if column in INT_COLUMNS else 'a number'}") from None
        return cls.from_arrays(dict(zip(COLUMNS, parsed)), interval_ns=interval_ns)

    @classmethod
    def from_arrays(cls, columns: Mapping[str, Any], *, interval_ns: int = 100_000_000) -> "Recorder":
        """A recording of given columns (every name of COLUMNS, equal lengths;
        ints cast to int64, the rest to float64), e.g. a recording made
        elsewhere, to summarise or plot. It has no symbol and cannot sample."""
        rec = cls.__new__(cls)
        rec._setup(None, None, interval_ns)
        missing = [c for c in COLUMNS if c not in columns]
        extra = [c for c in columns if c not in COLUMNS]
        if missing or extra:
            raise ValueError(f"a recording has exactly the columns {', '.join(COLUMNS)}"
                             f"{'; missing ' + ', '.join(missing) if missing else ''}"
                             f"{'; unknown ' + ', '.join(map(str, extra)) if extra else ''}")
        values = {c: np.asarray(columns[c]) for c in COLUMNS}
        if any(v.ndim != 1 for v in values.values()) or len({len(v) for v in values.values()}) != 1:
            raise ValueError("a recording's columns are one-dimensional and of one length")
        n = len(values["timestamp"])
        capacity = max(_INITIAL_CAPACITY, n)
        for c in COLUMNS:
            col = np.empty(capacity, np.int64 if c in INT_COLUMNS else np.float64)
            try:
                col[:n] = values[c]
            except (OverflowError, ValueError, TypeError) as exc:
                raise ValueError(f"column {c}: {exc}") from None
            rec._columns[c] = col
        rec._n = n
        rec._last_ts = int(rec._columns["timestamp"][n - 1]) if n else 0
        return rec

    def __repr__(self) -> str:
        return f"<Recorder symbol {self.symbol} every {self.interval_ns} ns: {self._n} samples>"
