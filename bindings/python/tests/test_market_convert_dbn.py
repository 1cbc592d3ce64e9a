"""The pure-Python Databento DBN converter against the native one: every rule
of tests/cpp/test_dbn.cpp on the same streams (v1, v2, v3, plain and zstd,
packed by md_feeds), converted by every backend, must give the same event
file and summary or the same error at the same byte offset
(md_feeds.convert_everywhere). Then compressed inputs cut or corrupted at
random, and the pure backend without python3-zstandard."""
import random

import pytest

import sigmax_exec as sx
import sigmax_exec.market as md
from sigmax_exec.market._pure_convert import _streams

from md_feeds import (F_BAD_TS_RECV, F_LAST, F_MAYBE_BAD_BOOK, F_SNAPSHOT, P, UNDEF_PRICE, Err, Ok, convert_everywhere,
                      dbn_metadata, gzip_bytes, lifecycle_records, mbo, system_msg, trades_recording, zstd_bytes)


def _dbn_cases():
    c = []
    meta = dbn_metadata(2)

    def case(rule, data, expect, **options):
        c.append(pytest.param(data, options, expect, id=rule))

    for version in (1, 2, 3):
        case(f"a DBN v{version} MBO stream maps add, modify, trade, fill, cancel and clear to L3 events",
             dbn_metadata(version) + lifecycle_records(), Ok(input_records=7, ADD=2, MODIFY=1, TRADE=1, FILL=1,
                                                             CANCEL=1, CLEAR=1))
        case(f"a zstd-compressed DBN v{version} stream converts like the plain one",
             lambda v=version: zstd_bytes(dbn_metadata(v) + lifecycle_records()), Ok(input_records=7, events=7))
    many = tuple((f"S{i}", (str(i),)) for i in range(1, 500))
    case("metadata longer than the 64 KiB read buffer is read whole",
         dbn_metadata(2, mappings=many) + mbo(instrument=7, price=P), Ok(events=1))
    big = dbn_metadata(2) + b"".join(mbo(price=(5000 + i % 7) * P, order_id=i) for i in range(2136))
    case("a zstd DBN stream whose last block outgrows the read buffer converts like the plain one",
         lambda: zstd_bytes(big), Ok(events=2136))
    case("two concatenated zstd frames read as one stream",
         lambda: zstd_bytes(meta) + zstd_bytes(lifecycle_records()), Ok(events=7))
    case("a DBN trade's side is the aggressor's and side N is NO_AGGRESSOR",
         meta + mbo(action="T", side="B", price=P) + mbo(action="T", side="N", price=P), Ok(TRADE=2))
    snap = F_SNAPSHOT | F_BAD_TS_RECV
    case("a DBN snapshot (clear then adds flagged F_SNAPSHOT) is wrapped in SNAPSHOT_BEGIN and SNAPSHOT_END",
         meta + mbo(action="R", side="N", price=UNDEF_PRICE, size=0, flags=snap)
         + mbo(action="A", side="B", price=10 * P, flags=snap, order_id=1)
         + mbo(action="A", side="A", price=11 * P, size=2, flags=snap | F_LAST, order_id=2)
         + mbo(action="A", side="B", price=9 * P, size=3, order_id=3, ts_recv=3000),
         Ok(SNAPSHOT_BEGIN=1, SNAPSHOT_END=1, ADD=3, CLEAR=1))
    case("a clear inside an open snapshot closes it and starts another",
         meta + mbo(action="A", side="B", price=P, flags=F_SNAPSHOT)
         + mbo(action="R", side="N", price=UNDEF_PRICE, flags=F_SNAPSHOT | F_LAST), Ok(SNAPSHOT_BEGIN=2, SNAPSHOT_END=2))
    case("a DBN snapshot still open at the end of the input is closed",
         meta + mbo(action="A", side="B", price=P, flags=F_SNAPSHOT), Ok(events=3, SNAPSHOT_END=1))
    case("snapshots still open at the end are closed in (publisher, instrument) order",
         dbn_metadata(2, mappings=()) + mbo(instrument=9, publisher=2, price=P, flags=F_SNAPSHOT)
         + mbo(instrument=5, publisher=2, price=P, flags=F_SNAPSHOT)
         + mbo(instrument=7, publisher=1, price=P, flags=F_SNAPSHOT), Ok(SNAPSHOT_END=3, events=9))
    case("F_MAYBE_BAD_BOOK flags the event as a gap and counts it",
         meta + mbo(price=P, flags=F_LAST | F_MAYBE_BAD_BOOK), Ok(gaps=1))
    case("action N records and records of other rtypes are skipped and counted",
         meta + mbo(action="N", side="N", price=UNDEF_PRICE) + system_msg() + mbo(price=P),
         Ok(events=1, skipped=2, input_records=3, warnings=2))
    case("orders without a side and records without a price are skipped with warnings",
         meta + mbo(action="A", side="N", price=P) + mbo(action="T", side="B", price=UNDEF_PRICE) + mbo(price=P),
         Ok(events=1, skipped=2, warnings=2))
    case("an undefined ts_event takes the local time and is flagged",
         meta + mbo(price=P, ts_event=(1 << 64) - 1), Ok(events=1))
    case("an instrument no mapping names is named by its instrument id",
         dbn_metadata(2, mappings=()) + mbo(instrument=77, price=P), Ok(events=1))
    case("the mappings also read stype_in instrument_id (id -> raw symbol)",
         dbn_metadata(2, mappings=(("77", ("NQZ3",)),), stype_in=0, stype_out=1) + mbo(instrument=77, price=P),
         Ok(events=1))
    case("an instrument the mappings rename keeps its first name, with a warning",
         dbn_metadata(2, mappings=(("ESM4", ("4916",)), ("ESU4", ("4916",)))) + mbo(price=P), Ok(warnings=1))
    case("two instruments of one parent symbol get distinct names",
         dbn_metadata(2, mappings=(("ES.FUT", ("1", "2")),), stype_in=4) + mbo(instrument=1, price=P)
         + mbo(instrument=2, price=P), Ok(events=2))
    case("the same instrument from two publishers gets distinct names",
         meta + mbo(price=P, publisher=1) + mbo(price=P, publisher=2), Ok(events=2))
    case("a given tick divides DBN prices", meta + mbo(price=5000 * P + P // 4), Ok(events=1), tick_size=0.25)
    case("a price off the given tick is an error naming the record's offset",
         meta + mbo(price=P) + mbo(price=P + 1), Err(sx.DataFormatError, "in.dbn", offset=len(meta) + 56),
         tick_size=0.25)
    case("a given lot divides DBN sizes", meta + mbo(price=P, size=300), Ok(events=1), lot_size=100)
    case("a size off the given lot is an error naming the record's offset", meta + mbo(price=P, size=150),
         Err(sx.DataFormatError, offset=len(meta)), lot_size=100)
    case("a tick finer than 1e-9 is an invalid config", meta, Err(sx.InvalidConfigError, located=False), tick_size=1e-10)
    case("a fractional lot is an invalid config", meta, Err(sx.InvalidConfigError, located=False), lot_size=0.5)
    case("a tick of 2^63 DBN units or more is an invalid config", meta, Err(sx.InvalidConfigError, located=False), tick_size=1e10)
    case("a tick just below 2^63 DBN units converts", meta + mbo(price=0), Ok(events=1), tick_size=9e9)
    case("the symbol filter keeps the named DBN symbols",
         dbn_metadata(2, mappings=(("ESM4", ("1",)), ("NQM4", ("2",)))) + mbo(instrument=1, price=P)
         + mbo(instrument=2, price=P), Ok(events=1, skipped=1), symbols=["NQM4"])
    case("the symbol filter also matches an instrument id", meta + mbo(price=P), Ok(events=1), symbols=["4916"])
    case("a stream without the DBN magic is an error at offset 0", b"XYZ\x02" + b"\0" * 200,
         Err(sx.DataFormatError, "in.dbn", offset=0))
    bad_version = bytearray(meta)
    bad_version[3] = 9
    case("an unsupported DBN version is an error at offset 3", bytes(bad_version), Err(sx.DataFormatError, offset=3))
    case("a DBN file of another schema is an error at the schema's offset",
         dbn_metadata(2, schema=2) + mbo(price=P), Err(sx.DataFormatError, offset=24))
    rec = mbo(price=P)
    case("a truncated DBN record is an error naming its offset", meta + rec + rec[:30],
         Err(sx.DataFormatError, offset=len(meta) + 56))
    case("a truncated record header is an error naming its offset", meta + rec[:10],
         Err(sx.DataFormatError, offset=len(meta)))
    short = bytearray(rec)
    short[0] = 10
    case("an MBO record shorter than 56 bytes is an error", meta + bytes(short), Err(sx.DataFormatError,
                                                                                   offset=len(meta)))
    short[0] = 2
    case("a record shorter than its header is an error", meta + bytes(short), Err(sx.DataFormatError,
                                                                                offset=len(meta)))
    case("an unknown MBO action is an error naming the offset", meta + mbo(action="X", price=P),
         Err(sx.DataFormatError, offset=len(meta)))
    case("an unknown MBO side is an error naming the offset", meta + mbo(side="Q", price=P),
         Err(sx.DataFormatError, offset=len(meta)))
    case("truncated DBN metadata is an error", meta[:60], Err(sx.DataFormatError, offset=60))
    case("a truncated DBN prelude is an error", meta[:5], Err(sx.DataFormatError, offset=5))
    lying = bytearray(meta)
    lying[8 + 104 + 3] = 0x7F
    case("a symbols count beyond the metadata is an error", bytes(lying), Err(sx.DataFormatError))
    with_definition = bytearray(meta)
    with_definition[8 + 100] = 1
    case("a schema definition in the metadata is an error", bytes(with_definition), Err(sx.DataFormatError))
    records = b"".join(mbo(price=(5000 + i % 7) * P, order_id=i) for i in range(400))
    case("a truncated zstd DBN stream is an error naming the file", lambda: zstd_bytes(meta + records)[:-20],
         Err(sx.DataFormatError, "in.dbn"))
    case("a ts_recv earlier than the record before keeps its place with that record's ts_recv, and is counted",
         meta + mbo(price=P, ts_recv=5000) + mbo(price=P, ts_recv=10), Ok(events=2, warnings=1))
    case("a ts_recv earlier than the record before is counted when no event comes of it",
         meta + mbo(price=P, ts_recv=5000) + mbo(action="N", side="N", price=P, ts_recv=10), Ok(warnings=2))
    return c


@pytest.mark.parametrize("data,options,expect", _dbn_cases())
def test_dbn_rule_gives_the_same_file_or_error_on_every_backend(tmp_path, data, options, expect):
    expect.check(convert_everywhere(tmp_path, [("in.dbn", data)], "dbn", **options))


def test_compressed_inputs_cut_or_corrupted_at_random_fail_at_the_same_line_or_offset(tmp_path):
    """gzip and zstd streams (several members or frames, several 64 KiB
    reads long) cut short, with bytes flipped or overwritten, or with
    garbage after them: the error comes after the same lines (Binance) or
    at the same offset (DBN) on every backend."""
    rng = random.Random(7)
    text = trades_recording(3000)  # ~640 KB of text
    records = dbn_metadata(2) + b"".join(mbo(price=(5000 + i % 13) * P, order_id=i, size=1 + i % 5)
                                         for i in range(6000))
    failures = 0
    for n in range(32):
        fmt, plain = ("binance", text) if n % 2 == 0 else ("dbn", records)
        kind = rng.choice(("gzip", "zstd", "zstd-checksum", "members"))
        if kind == "gzip":
            data = gzip_bytes(plain)
        elif kind == "zstd":
            data = zstd_bytes(plain, level=rng.choice((1, 3, 19)))
        elif kind == "zstd-checksum":
            data = zstd_bytes(plain, checksum=True)
        else:
            cut = len(plain) // 3
            data = zstd_bytes(plain[:cut]) + zstd_bytes(plain[cut:]) if rng.random() < 0.5 \
                else gzip_bytes(plain[:cut]) + gzip_bytes(plain[cut:])
        damage = n % 4
        raw = bytearray(data)
        if damage == 0:
            raw = raw[:rng.randrange(1, len(raw))]
        elif damage == 1:
            raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
        elif damage == 2:
            at = rng.randrange(len(raw))
            for i in range(at, min(len(raw), at + rng.randrange(1, 300))):
                raw[i] = rng.randrange(256)
        else:
            raw += bytes(rng.randrange(256) for _ in range(rng.randrange(1, 10)))
        outcome = convert_everywhere(tmp_path / str(n), [("in", bytes(raw))], fmt)
        failures += outcome[0] != "ok"
    assert failures > 16  # most damage is detected (a flipped bit in a raw block may not be)


def test_a_zstd_input_without_python3_zstandard_is_an_io_error_saying_so(tmp_path, monkeypatch):
    """Told apart by its magic bytes alone: no zstd data needs decoding."""
    path = tmp_path / "rec.zst"
    path.write_bytes(b"\x28\xb5\x2f\xfd" + bytes(16))

    def missing():
        raise ImportError("No module named 'zstandard'")

    monkeypatch.setattr(_streams, "_zstandard", missing)
    for fmt in ("binance", "tardis", "dbn"):
        with pytest.raises(sx.DataIOError, match="python3-zstandard"):
            md.convert(path, tmp_path / "out.sgxmd", fmt, backend="python")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rec.zst"]
