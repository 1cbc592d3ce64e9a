"""One line of a Binance raw-stream recording, parsed: `<local time> <JSON>`
(src/market/binance_message.cpp, rule for rule).

The C++ parser walks the JSON once with simdjson On-Demand, reading the
fields it knows (FieldReader::member) and skipping the others unchecked.
Here the same member() rules run over one of two accessors:

- _TreeAccess, over what Python's json module made of the line (the fast
  path, taken when the line is strictly valid JSON: then the only checks
  left are those On-Demand makes on the values it reads);
- _StreamAccess, over _ondemand.Document (when Python's json refuses the
  line: On-Demand accepts more, e.g. a malformed value in a field it skips).

Prices and quantities stay exact decimals (_decimal.py), never floats.
"""
from __future__ import annotations

import json
from typing import Any, Iterator, List, Optional, Tuple

from ._decimal import ZERO, Decimal, parse_decimal
from ._ondemand import Document, OnDemandError

DEPTH, TRADE, BOOK_TICKER, SNAPSHOT, REST_ERROR, UNKNOWN = range(6)

_INT64_MAX = (1 << 63) - 1
_UINT64_MAX = (1 << 64) - 1
_TIME_RULE = "a line must start with the local receive time (integer ns, us or ms since the epoch) and a space"

Level = Tuple[Decimal, Decimal]  # price, quantity


class Malformed(Exception):
    """The line breaks a rule (the rule in words)."""


class BinanceMessage:
    """detail::BinanceMessage: what one line says (texts as str; absent: "")."""
    __slots__ = ("kind", "local_ts", "event_type", "stream", "symbol", "has_E", "has_T", "has_pu", "has_m", "E", "T",
                 "U", "u", "pu", "has_U", "has_u", "last_update_id", "has_last_update_id", "trade_id",
                 "has_trade_id", "buyer_is_maker", "trade_type", "price", "quantity", "has_price", "has_quantity",
                 "bid_price", "bid_qty", "ask_price", "ask_qty", "ticker_fields", "bids", "asks", "has_code")

    def __init__(self, local_ts: int) -> None:
        self.kind = UNKNOWN
        self.local_ts = local_ts
        self.event_type = self.stream = self.symbol = self.trade_type = ""
        self.has_E = self.has_T = self.has_pu = self.has_m = False
        self.E = self.T = self.U = self.u = self.pu = 0
        self.has_U = self.has_u = False
        self.last_update_id = 0
        self.has_last_update_id = False
        self.trade_id = 0
        self.has_trade_id = False
        self.buyer_is_maker = False
        self.price = self.quantity = ZERO
        self.has_price = self.has_quantity = False
        self.bid_price = self.bid_qty = self.ask_price = self.ask_qty = ZERO
        self.ticker_fields = 0  # bit per b, B, a, A seen
        self.bids: List[Level] = []
        self.asks: List[Level] = []
        self.has_code = False

    def fields(self) -> Tuple[Any, ...]:
        """Every field, for comparing two parses in tests."""
        return tuple(getattr(self, name) for name in self.__slots__)


def parse_local_time(digits: bytes) -> Optional[int]:
    """The line's prefix in ns: 19 digits (ns, up to INT64_MAX), 16 (us) or
    13 (ms), told apart by magnitude and length; None otherwise."""
    if not digits or len(digits) > 19 or not digits.isdigit():
        return None
    v = int(digits)
    if v >= 10 ** 18:
        return v if v <= _INT64_MAX else None
    if len(digits) == 16 and v <= _INT64_MAX // 1000:
        return v * 1000
    if len(digits) == 13 and v <= _INT64_MAX // 1_000_000:
        return v * 1_000_000
    return None


# ---- the fast path: Python's json ----

class _Number(str):
    """A JSON number or constant (NaN, Infinity), kept as its text."""


class _Pairs(List[Tuple[str, Any]]):
    """A JSON object: its (key, value) pairs in document order (duplicates kept)."""


_decode = json.JSONDecoder(object_pairs_hook=_Pairs, parse_int=_Number, parse_float=_Number,
                           parse_constant=_Number).decode


def _bad_text(text: str) -> bool:
    """A string simdjson cannot unescape: one holding a lone surrogate."""
    try:
        text.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


class _TreeAccess:
    """The accessor over Python's parse: a value is the Python object."""

    def __init__(self, escapes: bool) -> None:
        self.escapes = escapes  # the line has a backslash: texts may hold lone surrogates

    def fields(self, obj: Any) -> Iterator[Tuple[str, Any]]:
        for key, value in obj:
            if self.escapes and _bad_text(key):
                raise Malformed("malformed JSON")
            yield key, value

    def object(self, key: str, v: Any) -> Any:
        if type(v) is not _Pairs:
            raise Malformed(f'field "{key}" is not an object')
        return v

    def text(self, key: str, v: Any) -> str:
        if type(v) is not str or (self.escapes and _bad_text(v)):
            raise Malformed(f'field "{key}" is not a string')
        return v

    def u64(self, key: str, v: Any) -> int:
        if type(v) is _Number and len(v) <= 20 and v.isdigit():
            n = int(v)
            if n <= _UINT64_MAX:
                return n
        raise Malformed(f'field "{key}" is not an unsigned integer')

    def boolean(self, key: str, v: Any) -> bool:
        if v is True or v is False:
            return v
        raise Malformed(f'field "{key}" is not true or false')

    def decimal(self, key: str, v: Any) -> Decimal:
        if type(v) is not str:
            raise Malformed(f'field "{key}" is not a decimal string')
        d = parse_decimal(v)
        if d is None:
            raise Malformed(f"field \"{key}\": '{v}' is not a decimal number")
        return d

    def levels(self, key: str, v: Any) -> List[Level]:
        if type(v) is not list:
            raise Malformed(f'field "{key}" is not an array of [price, quantity]')
        out: List[Level] = []
        for row in v:
            if type(row) is not list or len(row) < 2:
                raise Malformed(f'field "{key}" has a level that is not [price, quantity]')
            out.append((self.decimal(key, row[0]), self.decimal(key, row[1])))
        return out

    def value_type(self, v: Any) -> str:
        """"string", "array" or "other" (On-Demand's type(): a value starting
        with a character no JSON value starts with is an error)."""
        t = type(v)
        if t is str:
            return "string"
        if t is list:
            return "array"
        if t is _Number and v[0] not in "-0123456789":  # NaN, Infinity
            raise Malformed("malformed JSON")
        return "other"


class _StreamAccess:
    """The accessor over _ondemand.Document: a value is its depth, the
    document's iterator standing at it."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def fields(self, depth: Any) -> Iterator[Tuple[str, Any]]:
        for key in self.doc.fields(depth):
            yield key, depth + 1

    def object(self, key: str, v: Any) -> Any:
        if self.doc.peek() != 0x7B:
            raise Malformed(f'field "{key}" is not an object')
        self.doc.start_object(v)  # an empty object leaves the iterator above `v`: fields() yields nothing
        return v

    def text(self, key: str, v: Any) -> str:
        s = self.doc.get_string(v)
        if s is None:
            raise Malformed(f'field "{key}" is not a string')
        return s

    def u64(self, key: str, v: Any) -> int:
        n = self.doc.get_uint64(v)
        if n is None:
            raise Malformed(f'field "{key}" is not an unsigned integer')
        return n

    def boolean(self, key: str, v: Any) -> bool:
        b = self.doc.get_bool(v)
        if b is None:
            raise Malformed(f'field "{key}" is not true or false')
        return b

    def decimal(self, key: str, v: Any) -> Decimal:
        s = self.doc.get_string(v)
        if s is None:
            raise Malformed(f'field "{key}" is not a decimal string')
        d = parse_decimal(s)
        if d is None:
            raise Malformed(f"field \"{key}\": '{s}' is not a decimal number")
        return d

    def levels(self, key: str, v: Any) -> List[Level]:
        doc = self.doc
        if doc.peek() != 0x5B:
            raise Malformed(f'field "{key}" is not an array of [price, quantity]')
        out: List[Level] = []
        if not doc.start_array(v):
            return out
        for row_depth in doc.elements(v):
            if doc.peek() != 0x5B:
                raise Malformed(f'field "{key}" has a level that is not [price, quantity]')
            price = quantity = ZERO
            index = 0
            if doc.start_array(row_depth):
                for element_depth in doc.elements(row_depth):
                    if index == 0:
                        price = self.decimal(key, element_depth)
                    elif index == 1:
                        quantity = self.decimal(key, element_depth)
                    index += 1
            if index < 2:
                raise Malformed(f'field "{key}" has a level that is not [price, quantity]')
            out.append((price, quantity))
        return out

    def value_type(self, v: Any) -> str:
        t = self.doc.value_type()
        return t if t in ("string", "array") else "other"


# ---- the rules: FieldReader::member(), classify() ----

class _Reader:
    def __init__(self, access: Any, out: BinanceMessage) -> None:
        self.access = access
        self.out = out
        self.in_stream = False
        self.snapshot_at_top = False

    def object(self, obj: Any, top_level: bool) -> None:
        for key, value in self.access.fields(obj):
            self.member(key, value, top_level)

    def member(self, key: str, v: Any, top: bool) -> None:
        a, m = self.access, self.out
        if len(key) == 1:
            if key == "e":
                m.event_type = a.text(key, v)
            elif key == "s":
                m.symbol = a.text(key, v)
            elif key == "E":
                m.E, m.has_E = a.u64(key, v), True
            elif key == "T":
                m.T, m.has_T = a.u64(key, v), True
            elif key == "U":
                m.U, m.has_U = a.u64(key, v), True
            elif key == "u":
                m.u, m.has_u = a.u64(key, v), True
            elif key == "t":
                m.trade_id, m.has_trade_id = a.u64(key, v), True
            elif key == "m":
                m.buyer_is_maker, m.has_m = a.boolean(key, v), True
            elif key == "X":
                m.trade_type = a.text(key, v)
            elif key == "p":
                m.has_price = True
                m.price = a.decimal(key, v)
            elif key == "q":
                m.has_quantity = True
                m.quantity = a.decimal(key, v)
            elif key in ("b", "a"):
                self.bid_or_ask(key, v, key == "b")
            elif key == "B":
                m.ticker_fields |= 2
                m.bid_qty = a.decimal(key, v)
            elif key == "A":
                m.ticker_fields |= 8
                m.ask_qty = a.decimal(key, v)
            return
        if key == "pu":
            m.pu, m.has_pu = a.u64(key, v), True
        elif key == "stream" and top:
            m.stream = a.text(key, v)
        elif key == "data" and top:
            inner = a.object(key, v)
            self.in_stream = True
            self.object(inner, False)
        elif key == "lastUpdateId":
            self.snapshot_at_top = top
            m.last_update_id, m.has_last_update_id = a.u64(key, v), True
        elif key == "bids":
            m.bids = a.levels(key, v)
        elif key == "asks":
            m.asks = a.levels(key, v)
        elif key == "code" and top:
            m.has_code = True

    def bid_or_ask(self, key: str, v: Any, bid: bool) -> None:
        """bookTicker b/a are strings, depth b/a arrays; anything else (old
        spot trades' order ids) is ignored."""
        a, m = self.access, self.out
        t = a.value_type(v)
        if t == "string":
            m.ticker_fields |= 1 if bid else 4
            if bid:
                m.bid_price = a.decimal(key, v)
            else:
                m.ask_price = a.decimal(key, v)
        elif t == "array":
            if bid:
                m.bids = a.levels(key, v)
            else:
                m.asks = a.levels(key, v)


def _classify(m: BinanceMessage, in_stream: bool, snapshot_at_top: bool) -> int:
    if m.event_type == "depthUpdate":
        return DEPTH
    if m.event_type == "trade":
        return TRADE
    if m.event_type == "bookTicker":
        return BOOK_TICKER
    if m.event_type:
        return UNKNOWN
    if m.has_last_update_id and snapshot_at_top and not in_stream:
        return SNAPSHOT
    if m.has_u and m.ticker_fields == 15:  # spot's bookTicker has no "e"
        return BOOK_TICKER
    if m.has_code and not in_stream:
        return REST_ERROR
    return UNKNOWN


def parse_line(line: bytes, fallback_only: bool = False) -> BinanceMessage:
    """The message of one non-empty line; Malformed (with the rule) when it
    breaks one. `fallback_only` forces the On-Demand emulation (tests)."""
    space = line.find(b" ")
    local_ts = parse_local_time(line[:space]) if space >= 0 else None
    if local_ts is None:
        raise Malformed(_TIME_RULE)
    start = space + 1
    while start < len(line) and line[start] in (0x20, 0x09):
        start += 1
    data = line[start:]
    out = BinanceMessage(local_ts)
    doc: Any = None
    if not fallback_only:
        try:
            doc = _decode(data.decode("utf-8"))
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            doc = None
    if doc is not None:
        if type(doc) is not _Pairs:
            raise Malformed("malformed JSON: expected an object after the local time")
        reader = _Reader(_TreeAccess(b"\\" in data), out)
        reader.object(doc, True)
    else:
        reader = _parse_on_demand(data, out)
    out.kind = _classify(out, reader.in_stream, reader.snapshot_at_top)
    return out


def _parse_on_demand(data: bytes, out: BinanceMessage) -> _Reader:
    try:
        document = Document(data)
        document.start_root_object()  # an empty object leaves the iterator at depth 0: no field
        reader = _Reader(_StreamAccess(document), out)
        reader.object(1, True)
        if not document.finished():
            raise Malformed("malformed JSON: text after the object")
    except OnDemandError as exc:
        raise Malformed(f"malformed JSON: {exc}") from None
    return reader


def symbol_of_stream(stream: str) -> bytes:
    """The symbol a stream name names: "btcusdt@depth@0ms" -> b"BTCUSDT" (ASCII upper case)."""
    return stream.encode("utf-8").split(b"@", 1)[0].upper()
