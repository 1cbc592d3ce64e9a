"""Hand-made feed recordings for the converter tests, ported from the C++
tests' builders (tests/cpp/binance_helpers.hpp, test_tardis.cpp,
test_dbn.cpp): Binance raw-stream lines, Tardis CSV headers, DBN streams
(prelude, metadata v1-v3, 56-byte MBO records) packed with struct, and
gzip/zstd compression as the C++ tests' helpers do it.

convert_everywhere() converts one input on every backend and checks that
they agree: the same event file byte for byte and the same summary, or the
same exception class naming the same file and line (or byte offset), with
nothing left in the output directory. Ok and Err state what a case expects,
so that a case that stopped exercising its rule fails."""
import os
import re
import struct
import zlib

import pytest

import sigmax_exec as sx
import sigmax_exec.market as md

from conftest import loaded_backends

SHARED = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "shared", "data", "binance-usdm",
                      "btcusdt_20240808.gz")

# ---- compression ----


def gzip_bytes(data):
    """One gzip member, zlib's default level (md_test_util.hpp's gzip())."""
    z = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, 16 + 15, 8, zlib.Z_DEFAULT_STRATEGY)
    return z.compress(data) + z.flush()


def zstd_bytes(data, level=3, checksum=False):
    """One zstd frame (ZSTD_compress at level 3 writes no checksum: neither does
    this by default). Skips the test without python3-zstandard."""
    zstandard = pytest.importorskip("zstandard", reason="python3-zstandard is not installed")
    return zstandard.ZstdCompressor(level=level, write_checksum=checksum).compress(data)


# ---- Binance ----


class Recording:
    """`<local ns> <json>\\n` lines with local times 1 ms apart from a fixed start (binance_helpers.hpp)."""

    def __init__(self):
        self.local_ns = 1723161255000000000
        self.parts = []

    def line(self, json):
        self.local_ns += 1_000_000
        self.parts.append(f"{self.local_ns} {json}\n")
        return self

    def raw(self, text):
        self.parts.append(text)
        return self

    def snapshot(self, id, bids, asks):
        """A futures REST snapshot."""
        return self.line(f'{{"lastUpdateId":{id},"E":1723161256501,"T":1723161256493,"bids":{bids},"asks":{asks}}}')

    def depth(self, U, u, pu, b, a, symbol="BTCUSDT"):
        """A futures depth diff (pu given) or, with pu < 0, a spot one."""
        data = '{"e":"depthUpdate","E":1723161256600,'
        if pu >= 0:
            data += '"T":1723161256599,'
        data += f'"s":"{symbol}","U":{U},"u":{u}'
        if pu >= 0:
            data += f',"pu":{pu}'
        data += f',"b":{b},"a":{a}}}'
        return self.line(f'{{"stream":"{symbol.lower()}@depth@0ms","data":{data}}}')

    def trade(self, id, price, qty, m_field, extra=',"X":"MARKET"'):
        return self.line('{"stream":"btcusdt@trade","data":{"e":"trade","E":1723161256322,"T":1723161256321,'
                         f'"s":"BTCUSDT","t":{id},"p":"{price}","q":"{qty}"{extra}{m_field}}}}}')

    def ticker(self, u, b, B, a, A):
        return self.line(f'{{"stream":"btcusdt@bookTicker","data":{{"e":"bookTicker","u":{u},"s":"BTCUSDT",'
                         f'"b":"{b}","B":"{B}","a":"{a}","A":"{A}","T":1723161256313,"E":1723161256314}}}}')

    def step_back(self, ns):
        self.local_ns -= ns
        return self

    def bytes(self):
        return "".join(self.parts).encode()


def trades_recording(n):
    """n futures trades, 1 ms apart."""
    r = Recording()
    for i in range(n):
        r.trade(i, "100.1", "0.001", ',"m":true')
    return r.bytes()


BIDS = '[["100.0","1.000"],["99.9","2.000"]]'
ASKS = '[["100.1","3.000"],["100.2","4.000"]]'
ETH_TRADE = ('{"stream":"ethusdt@trade","data":{"e":"trade","E":1,"T":1,"s":"ETHUSDT","t":9,"p":"2500.01","q":"0.1",'
             '"m":false}}')

# ---- Tardis ----

L2_HEADER = "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount\n"
TRADES_HEADER = "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n"


def snapshot_header(depth=5):
    h = "exchange,symbol,timestamp,local_timestamp"
    for i in range(depth):
        h += f",asks[{i}].price,asks[{i}].amount,bids[{i}].price,bids[{i}].amount"
    return h + "\n"


# ---- DBN ----

P = 1_000_000_000  # 1.0 in DBN price units
UNDEF_PRICE = (1 << 63) - 1
F_LAST, F_SNAPSHOT, F_BAD_TS_RECV, F_MAYBE_BAD_BOOK = 0x80, 0x20, 0x08, 0x04


def _cstr(text, length):
    raw = text.encode() if isinstance(text, str) else text
    return raw[:length - 1].ljust(length, b"\0")


def dbn_metadata(version=2, mappings=(("ESM4", ("4916",)),), schema=0, dataset="GLBX.MDP3", stype_in=1,
                 stype_out=0):
    """The DBN prelude and metadata (test_dbn.cpp's metadata()): `mappings` are
    (raw symbol, (symbol of each interval, ...)) pairs."""
    cstr_len = 22 if version == 1 else 71
    body = _cstr(dataset, 16) + struct.pack("<H", schema)
    body += struct.pack("<QQQ", 1700000000000000000, 1700000100000000000, 0)  # start, end, limit
    if version == 1:
        body += struct.pack("<Q", 0)  # record_count
    body += bytes([stype_in, stype_out, 0])  # stype_in, stype_out, ts_out
    body += b"\0" * 47 if version == 1 else struct.pack("<H", cstr_len) + b"\0" * 53
    body += struct.pack("<I", 0)  # schema_definition_length
    body += struct.pack("<I", len(mappings)) + b"".join(_cstr(raw, cstr_len) for raw, _ in mappings)  # symbols
    body += struct.pack("<II", 0, 0)  # partial, not_found
    body += struct.pack("<I", len(mappings))
    for raw, symbols in mappings:
        body += _cstr(raw, cstr_len) + struct.pack("<I", len(symbols))
        for symbol in symbols:
            body += struct.pack("<II", 20231114, 20231115) + _cstr(symbol, cstr_len)
    if version >= 3:
        body += b"\0" * (-(len(body) + 8) % 8)  # v3 pads the metadata to 8 bytes
    return b"DBN" + bytes([version]) + struct.pack("<I", len(body)) + body


def mbo(instrument=4916, action="A", side="B", price=0, size=1, flags=F_LAST, order_id=0, ts_event=1000,
        ts_recv=2000, sequence=0, publisher=1):
    """One 56-byte MBO record (rtype 0xA0)."""
    return struct.pack("<BBHIQQqIBBccQiI", 14, 0xA0, publisher, instrument, ts_event, order_id, price, size, flags, 0,
                       action.encode(), side.encode(), ts_recv, 0, sequence)


def lifecycle_records():
    """add, add, modify, trade, fill, cancel, clear (test_dbn.cpp)."""
    return (mbo(action="A", side="B", price=5000 * P, size=5, order_id=11, ts_event=100, ts_recv=110, sequence=1)
            + mbo(action="A", side="A", price=5001 * P, size=3, order_id=12, ts_event=200, ts_recv=210, sequence=2)
            + mbo(action="M", side="B", price=5000 * P, size=4, order_id=11, ts_event=300, ts_recv=310, sequence=3)
            + mbo(action="T", side="A", price=5000 * P, size=2, flags=0, ts_event=400, ts_recv=410, sequence=4)
            + mbo(action="F", side="B", price=5000 * P, size=2, flags=0, order_id=11, ts_event=400, ts_recv=410,
                  sequence=4)
            + mbo(action="C", side="B", price=5000 * P, size=2, order_id=11, ts_event=400, ts_recv=410, sequence=4)
            + mbo(action="R", side="N", price=UNDEF_PRICE, size=0, ts_event=500, ts_recv=510, sequence=5))


def system_msg():
    """A v2 SystemMsg-sized record of rtype 0x17 (320 bytes)."""
    return struct.pack("<BB", 80, 0x17) + b"\0" * 318


# ---- comparing the backends ----

_LOCATION = re.compile(r"SGX_ERR_\w+: (?P<file>.*?)(?P<sep>[:@])(?P<where>\d+): ")


def backend_names():
    """The loaded backends, the first a native one; skips unless the pure one and a native one load."""
    names = [m.Engine.implementation for m in loaded_backends()]
    if "python" not in names or len(names) < 2:
        pytest.skip("needs the pure-Python and a native backend to compare")
    return names


class Ok:
    """A conversion that succeeds, with these summary values (events_by_kind as KIND=n)."""

    def __init__(self, **expected):
        self.expected = expected

    def check(self, outcome):
        assert outcome[0] == "ok", f"expected success, got {outcome}"
        summary = outcome[2]
        for key, value in self.expected.items():
            got = summary.events_by_kind[key] if key.isupper() else getattr(summary, key)
            assert got == value, f"{key}: {got} != {value}"


class Err:
    """A conversion that fails with `cls`, naming `file` (a base name) and `line` or `offset` (None: any);
    located=False: the message names no place at all (an option's error)."""

    def __init__(self, cls, file=None, line=None, offset=None, located=None):
        self.cls, self.file, self.line, self.offset, self.located = cls, file, line, offset, located

    def check(self, outcome):
        assert outcome[0] is self.cls, f"expected {self.cls.__name__}, got {outcome}"
        where = outcome[1]
        if self.located is False:
            assert where is None, where
        if self.file is not None:
            assert where is not None and os.path.basename(where[0]) == self.file, where
        if self.line is not None:
            assert where is not None and where[1:] == (":", self.line), where
        if self.offset is not None:
            assert where is not None and where[1:] == ("@", self.offset), where


def _convert(directory, inputs, fmt, backend, options):
    """One backend's outcome: ("ok", file bytes, summary) or (exception class, (file, ":" or "@", n) or None)."""
    out_dir = directory / backend
    out_dir.mkdir()
    out = out_dir / "out.sgxmd"
    try:
        summary = md.convert(inputs, out, fmt, backend=backend, **options)
    except sx.SigmaxError as exc:
        assert list(out_dir.iterdir()) == [], f"{backend} left {list(out_dir.iterdir())} after {exc}"
        m = _LOCATION.match(str(exc))
        return type(exc), (m.group("file"), m.group("sep"), int(m.group("where"))) if m else None
    return "ok", out.read_bytes(), summary


def convert_everywhere(tmp_path, files, fmt, **options):
    """Writes `files` ((name, bytes) pairs; bytes None: the file stays
    absent; a function: called for the bytes) and converts them on every
    backend; asserts that all agree and returns the outcome."""
    names = backend_names()
    tmp_path.mkdir(parents=True, exist_ok=True)
    inputs = []
    for name, data in files:
        path = tmp_path / name
        if callable(data):
            data = data()
        if data is not None:
            path.write_bytes(data)
        inputs.append(str(path))
    outcomes = {b: _convert(tmp_path, inputs, fmt, b, options) for b in names}
    reference = outcomes.pop(names[0])
    for backend, outcome in outcomes.items():
        assert outcome[0] == reference[0], f"{backend}: {outcome} vs {names[0]}: {reference}"
        assert outcome[1] == reference[1], f"{backend} and {names[0]} differ: {outcome[1:]} vs {reference[1:]}"
        if reference[0] == "ok":
            assert outcome[2] == reference[2], f"{backend}: summary {outcome[2]} vs {reference[2]}"
    return reference
