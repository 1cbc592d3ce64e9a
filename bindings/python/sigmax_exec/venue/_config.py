"""A venue's configuration in Python: the fields of sgx_venue_config and
sgx_venue_symbol_config as frozen dataclasses, with constructors per model
and ``validate``, which applies the C rules (docs/venue.md, "Config") so
that both backends refuse the same configs with InvalidConfigError.

Defaults (the values of a zeroed sgx_venue_config, with the documented
non-zero ones): constant latency 0 / 0 ns, entry and response multipliers
1.0, book model L2, local_latency_floor_ns 0, last_trades_capacity 1024; per symbol the
risk-averse queue (queue_power 2.0), no partial fills, value fees of 0.
"""
from __future__ import annotations

import csv
import math
import operator
import os
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Tuple, Union

from .. import _errors as E
from ._records import LATENCY_ROW_DTYPE, BookModel, FeeKind, FillModel, LatencyKind, QueueKind

LatencyRow = Tuple[int, int, int]  # (req_ts, exch_ts, resp_ts)

_I64_MIN, _I64_MAX = -(1 << 63), (1 << 63) - 1


def _invalid(text: str) -> E.SigmaxError:
    return E.error_for(E.ERR_INVALID_CONFIG, text)


@dataclass(frozen=True)
class LatencyModel:
    """How long a request takes to reach the exchange (entry) and a response
    to come back (response). Build one with constant(), feed() or interpolated()."""
    kind: LatencyKind = LatencyKind.CONSTANT
    entry_ns: int = 0          # CONSTANT: the latency; FEED: the offset added
    response_ns: int = 0
    entry_mul: float = 1.0     # FEED: multiplies the feed latency
    response_mul: float = 1.0
    rows: Tuple[LatencyRow, ...] = ()  # INTERPOLATED: (req_ts, exch_ts, resp_ts) in req_ts order

    @staticmethod
    def constant(entry_ns: int = 0, response_ns: int = 0) -> "LatencyModel":
        """entry = entry_ns, response = response_ns (a negative entry rejects every request)."""
        return LatencyModel(LatencyKind.CONSTANT, operator.index(entry_ns), operator.index(response_ns))

    @staticmethod
    def feed(entry_mul: float = 1.0, response_mul: float = 1.0, entry_ns: int = 0,
             response_ns: int = 0) -> "LatencyModel":
        """entry = trunc(entry_ns + entry_mul * lat), response likewise, with lat
        the market data's local - exchange latency around the current time."""
        return LatencyModel(LatencyKind.FEED, operator.index(entry_ns), operator.index(response_ns),
                            float(entry_mul), float(response_mul))

    @staticmethod
    def interpolated(rows: Any) -> "LatencyModel":
        """Latencies interpolated between recorded orders: rows is a
        LATENCY_ROW_DTYPE array, a sequence of (req_ts, exch_ts, resp_ts), or
        the path of a CSV file of such lines (a header line is allowed)."""
        return LatencyModel(LatencyKind.INTERPOLATED, rows=_rows_from(rows))

    def rows_array(self) -> Any:
        """The rows as a LATENCY_ROW_DTYPE array (reserved 0), as C takes them."""
        import numpy as np
        out = np.zeros(len(self.rows), dtype=LATENCY_ROW_DTYPE)
        if self.rows:
            cols = list(zip(*self.rows))
            out["req_ts"], out["exch_ts"], out["resp_ts"] = cols[0], cols[1], cols[2]
        return out


def _rows_from(rows: Any) -> Tuple[LatencyRow, ...]:
    if isinstance(rows, (str, os.PathLike)):
        return tuple(read_latency_csv(rows))
    names = getattr(getattr(rows, "dtype", None), "names", None)
    if names is not None:
        return tuple((int(r), int(x), int(s)) for r, x, s in
                     zip(rows["req_ts"].tolist(), rows["exch_ts"].tolist(), rows["resp_ts"].tolist()))
    out: List[LatencyRow] = []
    for row in rows:
        if len(row) != 3:
            raise _invalid(f"a latency row is (req_ts, exch_ts, resp_ts), got {row!r}")
        out.append((operator.index(row[0]), operator.index(row[1]), operator.index(row[2])))
    return tuple(out)


def read_latency_csv(path: "os.PathLike[str] | str") -> List[LatencyRow]:
    """Rows of a CSV file `req_ts,exch_ts,resp_ts` (integers, ns); the first
    line may be a header (it is skipped if it is not three integers). Blank
    lines are skipped. DataIOError if it cannot be read, DataFormatError
    naming the file and line of a bad row."""
    name = os.fspath(path)
    try:
        with open(name, newline="", encoding="utf-8") as f:
            lines = list(csv.reader(f))
    except OSError as exc:
        raise E.error_for(E.ERR_IO, f"{name}: cannot read: {exc.strerror}") from None
    out: List[LatencyRow] = []
    for number, cells in enumerate(lines, start=1):
        if not cells or all(not c.strip() for c in cells):
            continue
        try:
            if len(cells) != 3:
                raise ValueError
            out.append((int(cells[0]), int(cells[1]), int(cells[2])))
        except ValueError:
            if number == 1:
                continue  # the header line
            raise E.error_for(E.ERR_FORMAT, f"{name}:{number}: expected req_ts,exch_ts,resp_ts "
                                            f"(three integers), got {','.join(cells)!r}") from None
    return out


@dataclass(frozen=True)
class QueueModel:
    """How the exchange estimates the lots ahead of a resting order (docs/venue.md, "Queue models")."""
    kind: QueueKind = QueueKind.RISK_AVERSE
    n: float = 2.0  # the exponent of POWER, POWER2, POWER3 (sgx_venue_symbol_config.queue_power)

    @staticmethod
    def risk_averse() -> "QueueModel":
        return QueueModel(QueueKind.RISK_AVERSE)

    @staticmethod
    def power(n: float = 2.0) -> "QueueModel":
        return QueueModel(QueueKind.POWER, float(n))

    @staticmethod
    def power2(n: float = 2.0) -> "QueueModel":
        return QueueModel(QueueKind.POWER2, float(n))

    @staticmethod
    def power3(n: float = 2.0) -> "QueueModel":
        return QueueModel(QueueKind.POWER3, float(n))

    @staticmethod
    def log() -> "QueueModel":
        return QueueModel(QueueKind.LOG)

    @staticmethod
    def log2() -> "QueueModel":
        return QueueModel(QueueKind.LOG2)


@dataclass(frozen=True)
class FeeModel:
    """Fees per fill: VALUE rate * |value|, QUANTITY rate * quantity, FLAT an
    amount per fill. A negative rate or amount is a rebate."""
    kind: FeeKind = FeeKind.VALUE
    maker: float = 0.0
    taker: float = 0.0

    @staticmethod
    def value(maker: float = 0.0, taker: float = 0.0) -> "FeeModel":
        return FeeModel(FeeKind.VALUE, float(maker), float(taker))

    @staticmethod
    def quantity(maker: float = 0.0, taker: float = 0.0) -> "FeeModel":
        return FeeModel(FeeKind.QUANTITY, float(maker), float(taker))

    @staticmethod
    def flat(maker: float = 0.0, taker: float = 0.0) -> "FeeModel":
        return FeeModel(FeeKind.FLAT, float(maker), float(taker))


@dataclass(frozen=True)
class SymbolConfig:
    """How one symbol's orders queue, fill and pay (sgx_venue_symbol_config)."""
    queue: QueueModel = field(default_factory=QueueModel)
    fill: FillModel = FillModel.NO_PARTIAL
    fee: FeeModel = field(default_factory=FeeModel)

    def record(self, symbol: int = 0) -> Dict[str, Any]:
        """The sgx_venue_symbol_config fields (reserved ones 0) for `symbol`."""
        return {"symbol": symbol, "queue_model": int(self.queue.kind), "fill_model": int(self.fill),
                "fee_model": int(self.fee.kind), "reserved0": 0, "queue_power": float(self.queue.n),
                "maker_fee": float(self.fee.maker), "taker_fee": float(self.fee.taker)}


@dataclass(frozen=True)
class VenueConfig:
    """A venue's settings (sgx_venue_config). ``symbols`` overrides
    ``defaults`` for some symbols, keyed by the file's symbol id or name."""
    latency: LatencyModel = field(default_factory=LatencyModel)
    book_model: int = BookModel.L2    # BookModel: L2 (queue models) or L3 (exact queues, docs/venue.md section 11)
    local_latency_floor_ns: int = 0   # shift local times so that local - exchange >= this; -1: never
    last_trades_capacity: int = 1024  # trades kept per symbol between two last_trades calls
    defaults: SymbolConfig = field(default_factory=SymbolConfig)
    symbols: Mapping[Union[int, str], SymbolConfig] = field(default_factory=dict)


def _check_int(value: Any, lo: int, hi: int, what: str) -> int:
    try:
        v = operator.index(value)
    except TypeError:
        raise _invalid(f"{what} must be an integer, got {value!r}") from None
    if not lo <= v <= hi:
        raise _invalid(f"{what} {v} is outside [{lo}, {hi}]")
    return v


def _check_finite(value: Any, what: str) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise _invalid(f"{what} must be a number, got {value!r}") from None
    if not math.isfinite(v):
        raise _invalid(f"{what} must be finite, got {v}")
    return v


def _check_code(value: Any, enum: Any, what: str) -> None:
    try:
        enum(value)
    except (ValueError, TypeError):
        raise _invalid(f"{what} {value!r} is not one of {', '.join(f'{e.value} {e.name}' for e in enum)}") from None


def _check_latency(lat: LatencyModel) -> None:
    _check_code(lat.kind, LatencyKind, "latency model")
    _check_int(lat.entry_ns, _I64_MIN, _I64_MAX, "entry_latency_ns")
    _check_int(lat.response_ns, _I64_MIN, _I64_MAX, "response_latency_ns")
    _check_finite(lat.entry_mul, "entry_latency_mul")
    _check_finite(lat.response_mul, "response_latency_mul")
    if lat.kind == LatencyKind.INTERPOLATED:
        if not lat.rows:
            raise _invalid("the interpolated latency model needs at least one row")
        # A row with exch_ts <= 0 records a request the exchange refused: the
        # exch_ts order is checked over the processed rows only.
        previous_processed = None
        for i, row in enumerate(lat.rows):
            for v, name in zip(row, ("req_ts", "exch_ts", "resp_ts")):
                _check_int(v, _I64_MIN, _I64_MAX, f"latency row {i} {name}")
            if i and row[0] < lat.rows[i - 1][0]:
                raise _invalid(f"latency row {i}: req_ts must not decrease")
            if row[1] <= 0:
                continue
            if previous_processed is not None and row[1] < previous_processed:
                raise _invalid(f"latency row {i}: exch_ts must not decrease over the rows the exchange processed")
            previous_processed = row[1]
        if previous_processed is None:
            raise _invalid("the interpolated latency model needs at least one row the exchange processed "
                           "(exch_ts > 0)")


def check_symbol_config(sc: SymbolConfig, what: str) -> None:
    """InvalidConfigError for an unknown code, a non-finite number or queue_power <= 0."""
    if not isinstance(sc, SymbolConfig):
        raise _invalid(f"{what} must be a SymbolConfig, got {sc!r}")
    _check_code(sc.queue.kind, QueueKind, f"{what}: queue model")
    _check_code(sc.fill, FillModel, f"{what}: fill model")
    _check_code(sc.fee.kind, FeeKind, f"{what}: fee model")
    power = _check_finite(sc.queue.n, f"{what}: queue_power")
    if power <= 0:
        raise _invalid(f"{what}: queue_power must be > 0, got {power}")
    _check_finite(sc.fee.maker, f"{what}: maker_fee")
    _check_finite(sc.fee.taker, f"{what}: taker_fee")


def validate(config: VenueConfig, symbols: Iterable[Any]) -> Dict[int, SymbolConfig]:
    """Checks `config` against the file's symbols (Symbol records: .id and
    .name) and returns each symbol id's effective SymbolConfig, in the
    symbol table's order. InvalidConfigError names the first rule broken."""
    if not isinstance(config, VenueConfig):
        raise _invalid(f"config must be a VenueConfig, got {type(config).__name__}")
    _check_latency(config.latency)
    _check_code(config.book_model, BookModel, "book_model")
    _check_int(config.local_latency_floor_ns, _I64_MIN, _I64_MAX, "local_latency_floor_ns")
    _check_int(config.last_trades_capacity, 0, 1 << 32, "last_trades_capacity")
    check_symbol_config(config.defaults, "defaults")
    table = list(symbols)
    by_name = {s.name: s.id for s in table}
    ids = {s.id for s in table}
    overrides: Dict[int, SymbolConfig] = {}
    for key, sc in config.symbols.items():
        sid = resolve_symbol_key(key, by_name, ids)
        if sid in overrides:
            raise _invalid(f"symbol {key!r}: two overrides for symbol id {sid}")
        check_symbol_config(sc, f"symbol {key!r}")
        overrides[sid] = sc
    return {s.id: overrides.get(s.id, config.defaults) for s in table}


def resolve_symbol_key(key: Any, by_name: Mapping[str, int], ids: Any) -> int:
    """The symbol id of an override's key (an id or a name); InvalidConfigError if the file has no such symbol."""
    if isinstance(key, str):
        if key not in by_name:
            raise _invalid(f"an override names symbol {key!r}, which is not in the file")
        return by_name[key]
    try:
        sid = operator.index(key)
    except TypeError:
        raise _invalid(f"an override's key must be a symbol id or name, got {key!r}") from None
    if sid not in ids:
        raise _invalid(f"an override names symbol id {sid}, which is not in the file")
    return sid

