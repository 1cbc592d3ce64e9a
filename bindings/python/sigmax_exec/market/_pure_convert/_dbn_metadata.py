"""The metadata header of a Databento DBN stream, versions 1 to 3
(src/market/dbn_metadata.cpp, rule for rule): fixed fields, then the symbol
lists and the symbol mappings (instrument id -> raw symbol)."""
from __future__ import annotations

import struct
from typing import Dict, Optional, Tuple

PRELUDE_LEN = 8            # "DBN", version, u32 metadata length
METADATA_FIXED_LEN = 100   # after the prelude, before the symbol lists
SCHEMA_MBO = 0
SCHEMA_MIXED = 0xFFFF

_DATASET_LEN = 16
_V1_SYMBOL_CSTR_LEN = 22
_V1_RESERVED_LEN = 47
_V2_RESERVED_LEN = 53
_MAX_SYMBOL_CSTR_LEN = 4096  # a sanity bound; Databento uses 22 (v1) and 71 (v2, v3)
_U32 = struct.Struct("<I")

_SCHEMAS = ("mbo", "mbp-1", "mbp-10", "tbbo", "trades", "ohlcv-1s", "ohlcv-1m", "ohlcv-1h", "ohlcv-1d", "definition",
            "statistics", "status", "imbalance", "ohlcv-eod", "cmbp-1", "cbbo-1s", "cbbo-1m", "tcbbo", "bbo-1s",
            "bbo-1m")


class BadMetadata(Exception):
    """The metadata breaks a rule: the rule, and its offset from the start of the stream."""

    def __init__(self, rule: str, offset: int) -> None:
        super().__init__(rule)
        self.rule, self.offset = rule, offset


class DbnMetadata:
    def __init__(self, version: int) -> None:
        self.version = version
        self.dataset = b""
        self.schema = 0
        self.stype_in = self.stype_out = 0
        self.ts_out = False
        self.symbol_cstr_len = 0
        self.symbols: Dict[int, bytes] = {}  # instrument id -> symbol (the first name seen wins)
        self.renamed_instruments = 0         # mapping intervals that give an id another name


def schema_name(schema: int) -> str:
    """The schema's name as Databento writes it ("mbo", "mbp-10", ...)."""
    if schema < len(_SCHEMAS):
        return _SCHEMAS[schema]
    if schema == SCHEMA_MIXED:
        return "mixed (no single schema)"
    return f"unknown schema {schema}"


def _cstr(field: bytes) -> bytes:
    return field.split(b"\0", 1)[0]


def _parse_id(text: bytes) -> Optional[int]:
    """std::from_chars of a uint32 filling the whole text."""
    if not text or not text.isdigit() or len(text.lstrip(b"0")) > 10:
        return None
    value = int(text)
    return value if value <= 0xFFFFFFFF else None


class _Cursor:
    """Reads the metadata body, refusing to read past it."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.pos = 0

    def take(self, n: int) -> Optional[bytes]:
        if n > len(self.body) - self.pos:
            return None
        out = self.body[self.pos:self.pos + n]
        self.pos += n
        return out

    def u32(self) -> Optional[int]:
        b = self.take(4)
        return None if b is None else int(_U32.unpack(b)[0])


def parse_metadata(body: bytes, version: int) -> DbnMetadata:
    """The metadata `body` that follows the prelude of a stream of `version`;
    BadMetadata with the rule and its offset from the start of the stream."""
    c = _Cursor(body)

    def fail(rule: str) -> BadMetadata:
        return BadMetadata(rule, PRELUDE_LEN + c.pos)

    if len(body) < METADATA_FIXED_LEN:
        raise fail(f"metadata of {len(body)} bytes, shorter than the {METADATA_FIXED_LEN} fixed bytes DBN requires")
    out = DbnMetadata(version)
    out.dataset = _cstr(c.take(_DATASET_LEN) or b"")
    out.schema = struct.unpack("<H", c.take(2) or b"\0\0")[0]
    c.take(24)  # start, end, limit (u64 each)
    if version == 1:
        c.take(8)  # record_count (v1 only)
    fixed = c.take(3) or b"\0\0\0"
    out.stype_in, out.stype_out, out.ts_out = fixed[0], fixed[1], fixed[2] != 0
    if version == 1:
        out.symbol_cstr_len = _V1_SYMBOL_CSTR_LEN
        c.take(_V1_RESERVED_LEN)
    else:
        out.symbol_cstr_len = struct.unpack("<H", c.take(2) or b"\0\0")[0]
        c.take(_V2_RESERVED_LEN)
        if out.symbol_cstr_len == 0 or out.symbol_cstr_len > _MAX_SYMBOL_CSTR_LEN:
            raise fail(f"symbol_cstr_len {out.symbol_cstr_len} is not a usable symbol length")
    schema_definition_length = c.u32()
    if schema_definition_length is None:
        raise fail("metadata ends before schema_definition_length")
    if schema_definition_length != 0:
        raise fail("a schema definition in the metadata (not part of DBN 1-3)")
    length = out.symbol_cstr_len
    for list_name in ("symbols", "partial", "not_found"):
        count = c.u32()
        if count is None:
            raise fail(f"metadata ends before the {list_name} count")
        if count * length > len(body) - c.pos:
            raise fail(f"metadata ends inside the {list_name} list")
        c.pos += count * length
    mappings = c.u32()
    if mappings is None:
        raise fail("metadata ends before the symbol mappings count")
    for m in range(mappings):
        raw = c.take(length)
        intervals = c.u32() if raw is not None else None
        if raw is None or intervals is None:
            raise fail(f"metadata ends inside symbol mapping {m}")
        if intervals * (8 + length) > len(body) - c.pos:
            raise fail(f"metadata ends inside the intervals of symbol mapping {m}")
        raw_symbol = _cstr(raw)
        raw_id = _parse_id(raw_symbol)
        for _ in range(intervals):
            c.take(8)  # start_date, end_date (YYYYMMDD)
            symbol = _cstr(c.take(length) or b"")
            mapped = _parse_id(symbol)
            if mapped is not None:     # stype_out instrument_id: raw -> id
                instrument, name = mapped, raw_symbol
            elif raw_id is not None:   # stype_in instrument_id: id -> raw
                instrument, name = raw_id, symbol
            else:                      # neither side is an instrument id
                continue
            if not name:
                continue
            known = out.symbols.setdefault(instrument, name)
            if known != name:
                out.renamed_instruments += 1
    return out


def header_fields(prelude: bytes) -> Tuple[int, int]:
    """(version, metadata length) of a complete 8-byte prelude."""
    return prelude[3], int(_U32.unpack(prelude[4:8])[0])
