"""Event files from Python: the reader and writer follow the C reader's and
writer's rules with the same exceptions and messages, write the same bytes,
read each other's files, and view the events without copying."""
import os
import struct

import numpy as np
import pytest

import sigmax_exec.market as md
from sigmax_exec import _errors as E
from sigmax_exec.market import _file

from md_c import c_open, c_write, same_error
from md_streams import BUY, SELL, events, level, random_l2, random_l3, symbols


def write_py(path, syms, batches, late=()):
    """The Python writer's outcome: None, or the exception it raised."""
    try:
        w = md.EventFileWriter(path)
        for s in syms:
            w.add_symbol(s)
        for b in batches:
            w.write(b)
        for s in late:
            w.add_symbol(s)
        w.finish()
    except E.SigmaxError as exc:
        return exc
    return None


def leftovers(directory):
    return sorted(n for n in os.listdir(directory) if ".tmp." in n)


def stream(seed, n, n_symbols=2):
    return random_l3(seed, n, n_symbols, bad=False) if seed % 2 else random_l2(seed, n, n_symbols, bad=False)


# ---- bytes ------------------------------------------------------------------

@pytest.mark.parametrize("seed,n,n_symbols,splits", [(1, 0, 0, 1), (2, 0, 3, 1), (3, 1, 1, 1), (4, 1000, 2, 7),
                                                     (5, 5000, 4, 3), (6, 40000, 3, 2)])
def test_the_python_writer_writes_the_c_writers_bytes(tmp_path, seed, n, n_symbols, splits):
    syms = symbols(n_symbols)
    evs = stream(seed, n, max(n_symbols, 1)) if n_symbols else events()
    batches = np.array_split(evs, splits)
    assert c_write(tmp_path / "c.ev", syms, batches) is None
    assert write_py(tmp_path / "py.ev", syms, batches) is None
    assert (tmp_path / "py.ev").read_bytes() == (tmp_path / "c.ev").read_bytes()
    assert leftovers(tmp_path) == []


def test_a_symbol_added_after_events_grows_the_header_and_moves_the_records_as_in_c(tmp_path):
    syms = symbols(3)
    evs = stream(7, 40000, 1)  # more than the C writer buffers: its records are on disk before the late symbols
    assert c_write(tmp_path / "c.ev", syms[:1], [evs[:1000], evs[1000:]], late=syms[1:]) is None
    assert write_py(tmp_path / "py.ev", syms[:1], [evs[:1000], evs[1000:]], late=syms[1:]) is None
    assert (tmp_path / "py.ev").read_bytes() == (tmp_path / "c.ev").read_bytes()
    with md.EventFile(tmp_path / "py.ev") as f:
        assert f.header.header_size == md.header_size_for(3) == 320
        assert [s.id for s in f.symbols] == [0, 1, 2]
        assert f.events.tobytes() == evs.tobytes()


class _Record:
    """A packed symbol record handed to the C writer as is (md_c.c_write calls pack())."""

    def __init__(self, raw):
        self.raw = raw

    def pack(self):
        return self.raw


@pytest.mark.parametrize("name,venue", [
    pytest.param(b"N" * 32, b"V" * 16, id="a name of 32 bytes and a venue of 16 (no terminating NUL)"),
    pytest.param(b"AB\0junk", b"ven\0junk", id="text after a NUL is dropped"),
    pytest.param("\u00e9t\u00e9".encode(), b"", id="UTF-8 names and an empty venue"),
])
def test_a_packed_symbol_record_is_stored_as_the_c_writer_stores_it(tmp_path, name, venue):
    from sigmax_exec.market._records import pack_symbol_record
    raw = bytearray(pack_symbol_record(3, b"", b"", 0.1, 0.001, 2.0, True))
    raw[0:len(name)] = name
    raw[32:32 + len(venue)] = venue
    raw[77:80] = b"\xff\xff\xff"  # reserved bytes: stored as 0
    evs = events(level(BUY, 10, 1, ts=5, symbol=3))
    assert c_write(tmp_path / "c.ev", [_Record(bytes(raw))], [evs]) is None
    w = md.EventFileWriter(tmp_path / "py.ev")
    w.add_symbol_record(bytes(raw))
    w.write(evs)
    w.finish()
    assert (tmp_path / "py.ev").read_bytes() == (tmp_path / "c.ev").read_bytes()


def test_a_file_written_by_c_reads_in_python_and_one_written_in_python_reads_in_c(tmp_path):
    syms = symbols(2)
    evs = stream(9, 2000)
    assert c_write(tmp_path / "c.ev", syms, [evs]) is None
    assert write_py(tmp_path / "py.ev", syms, [evs]) is None
    with md.EventFile(tmp_path / "c.ev") as f:
        f.verify()
        assert f.symbols == syms
        assert f.header.record_count == len(evs)
        assert f.header.first_local_ts == evs["local_ts"][0] and f.header.last_local_ts == evs["local_ts"][-1]
        assert np.array_equal(f.events, evs)
    err, _ = c_open(tmp_path / "py.ev", verify=True)
    assert err is None


def test_round_trip_read_write_read_gives_identical_bytes(tmp_path):
    assert write_py(tmp_path / "a.ev", symbols(3), [stream(11, 3000, 3)]) is None
    with md.EventFile(tmp_path / "a.ev") as f:
        with md.EventFileWriter(tmp_path / "b.ev") as w:
            for s in f.symbols:
                w.add_symbol(s)
            w.write(f.events)
    assert (tmp_path / "a.ev").read_bytes() == (tmp_path / "b.ev").read_bytes()


# ---- the reader ---------------------------------------------------------------

def test_events_are_a_zero_copy_read_only_view_of_the_mapping(tmp_path):
    assert write_py(tmp_path / "a.ev", symbols(1), [stream(13, 500, 1)]) is None
    f = md.EventFile(tmp_path / "a.ev")
    ev = f.events
    assert ev.dtype == md.EVENT_DTYPE and not ev.flags.owndata and not ev.flags.writeable
    assert ev.base is not None and np.shares_memory(ev, f.events)
    addr = ev.__array_interface__["data"][0]
    assert addr % 64 == 0  # records sit 64-byte aligned in the mapping
    first = ev[:10]
    f.close()
    assert f.closed and first["local_ts"][0] == ev["local_ts"][0]  # views outlive close()
    with pytest.raises(ValueError, match="closed"):
        f.events


@pytest.mark.parametrize("probe", ["before", "first", "middle", "repeated", "last", "after"])
def test_seek_finds_the_first_event_at_or_after_a_time_as_the_c_reader_does(tmp_path, probe):
    evs = stream(15, 3000)
    assert write_py(tmp_path / "a.ev", symbols(2), [evs]) is None
    ts = evs["local_ts"]
    values, counts = np.unique(ts, return_counts=True)
    target = {"before": int(ts[0]) - 1, "first": int(ts[0]), "middle": int(ts[1500]) + 1,
              "repeated": int(values[counts > 1][0]), "last": int(ts[-1]), "after": int(ts[-1]) + 1}[probe]
    with md.EventFile(tmp_path / "a.ev") as f:
        index = f.seek(target)
        assert index == int(np.searchsorted(ts, target, side="left"))
        assert c_open(tmp_path / "a.ev", seek=target)[1] == index
        sl = f.between(target, target + 1000)
        assert all(sl["local_ts"] >= target)


def test_to_pandas_gives_typed_columns_in_the_symbols_units(tmp_path):
    pd = pytest.importorskip("pandas")
    syms = [md.Symbol(1, "BTCUSDT", "binance-usdm", 0.1, 0.001), md.Symbol(2, "ETHUSDT", "binance-usdm", 0.01, 0.001)]
    evs = events(level(BUY, 581234, 1500, symbol=1, ts=10), level(SELL, 300001, 7, symbol=2, ts=20),
                 dict(kind=md.Kind.TRADE, side=2, price=581235, quantity=1, symbol=1, local_ts=30, exch_ts=29,
                      flags=int(md.Flag.NO_AGGRESSOR), order_id=99, sequence=5))
    assert write_py(tmp_path / "a.ev", syms, [evs]) is None
    with md.EventFile(tmp_path / "a.ev") as f:
        df = f.to_pandas()
    assert list(df["price"]) == [58123.4, 3000.01, 58123.5]
    assert list(df["quantity"]) == [1.5, 0.007, 0.001]
    assert list(df["price_ticks"]) == [581234, 300001, 581235]
    assert list(df["kind"].astype(str)) == ["LEVEL", "LEVEL", "TRADE"]
    assert list(df["side"].astype(str)) == ["buy", "sell", "none"]
    assert list(df["symbol_name"].astype(str)) == ["BTCUSDT", "ETHUSDT", "BTCUSDT"]
    assert str(df["local_ts"].dtype) == "datetime64[ns, UTC]"
    assert df["local_ts"].iloc[2].value == 30 and df["exch_ts"].iloc[2].value == 29
    assert df["order_id"].dtype == np.uint64 and df["order_id"].iloc[2] == 99
    assert isinstance(df["kind"].dtype, pd.CategoricalDtype)


# ---- bad files: the C reader's rules, messages and exceptions -------------------

def good_file(tmp_path, n=20):
    path = tmp_path / "good.ev"
    assert write_py(path, symbols(2), [stream(17, n)]) is None
    return path


def patched(tmp_path, offset, data=None, fmt=None, value=None, truncate=None, append=b""):
    raw = bytearray(good_file(tmp_path).read_bytes())
    if fmt is not None:
        struct.pack_into(fmt, raw, offset, value)
    if data is not None:
        raw[offset:offset + len(data)] = data
    if truncate is not None:
        raw = raw[:truncate]
    path = tmp_path / "bad.ev"
    path.write_bytes(bytes(raw) + append)
    return path


HEADER_RULES = {
    "an empty file is shorter than the header": dict(offset=0, truncate=0),
    "a file shorter than the header": dict(offset=0, truncate=63),
    "a bad magic": dict(offset=0, data=b"SGXMDEW\0"),
    "another version": dict(offset=8, fmt="<I", value=2),
    "another record size": dict(offset=16, fmt="<I", value=32),
    "another symbol record size": dict(offset=20, fmt="<I", value=81),
    "reserved0 set": dict(offset=28, fmt="<I", value=1),
    "a reserved trailing header byte set": dict(offset=63, data=b"\x01"),
    "a header size that does not fit the symbol count": dict(offset=12, fmt="<I", value=192),
    "a symbol count the header size does not fit": dict(offset=24, fmt="<I", value=5),
    "a truncated file": dict(offset=0, truncate=-10),
    "a file cut at a record boundary": dict(offset=0, truncate=-64),
    "trailing bytes": dict(offset=0, append=b"\0" * 64),
    "a record count larger than the file": dict(offset=32, fmt="<Q", value=(1 << 64) - 1),
    "a symbol id twice in the table": dict(offset=64 + 80 + 72, fmt="<I", value=0),
    "a first_local_ts that is not the first event's": dict(offset=40, fmt="<q", value=-1),
    "a last_local_ts that is not the last event's": dict(offset=48, fmt="<q", value=1),
}


@pytest.mark.parametrize("rule", list(HEADER_RULES))
def test_a_bad_header_raises_the_c_readers_error(tmp_path, rule):
    path = patched(tmp_path, **HEADER_RULES[rule])
    expected, _ = c_open(path)
    assert expected is not None, f"the C reader accepted {rule}"
    with pytest.raises(md._file.E.DataFormatError) as got:
        md.EventFile(path)
    assert same_error(got.value, expected), (str(got.value), str(expected))
    assert str(path) in str(got.value) and "@" in str(got.value)


def test_a_missing_file_raises_data_io_error_as_the_c_reader(tmp_path):
    path = tmp_path / "none.ev"
    expected, _ = c_open(path)
    with pytest.raises(E.DataIOError) as got:
        md.EventFile(path)
    assert isinstance(got.value, OSError)
    assert same_error(got.value, expected)


def test_a_directory_raises_the_c_readers_error(tmp_path):
    expected, _ = c_open(tmp_path)
    with pytest.raises(E.SigmaxError) as got:
        md.EventFile(tmp_path)
    assert same_error(got.value, expected), (str(got.value), str(expected))


def event_patch(index, **fields):
    def apply(evs):
        for k, v in fields.items():
            if k == "reserved":
                evs[index]["reserved"][3] = v
            else:
                evs[index][k] = v
    return apply


EVENT_RULES = {
    "a symbol id not in the table": event_patch(7, symbol=9),
    "a local_ts before the previous event's": event_patch(12, local_ts=0),
    "kind 0": event_patch(3, kind=0),
    "kind 11": event_patch(3, kind=11),
    "a level without a buy or sell side": event_patch(5, kind=int(md.Kind.LEVEL), side=2),
    "a trade with side 3": event_patch(5, kind=int(md.Kind.TRADE), side=3),
    "a cancel with side none": event_patch(0, kind=int(md.Kind.CANCEL), side=2),
    "a reserved byte set": event_patch(19, reserved=1),
    "two rules broken by one event: the first rule checked is named": event_patch(4, symbol=9, kind=0),
}


@pytest.mark.parametrize("rule", list(EVENT_RULES))
@pytest.mark.parametrize("chunk", [1 << 20, 4])
def test_verify_names_the_first_bad_event_as_the_c_reader(tmp_path, monkeypatch, rule, chunk):
    monkeypatch.setattr(_file, "_VERIFY_CHUNK", chunk)  # rules must hold across verify()'s chunks too
    evs = stream(19, 20)
    evs["local_ts"] = np.arange(1000, 1020)
    EVENT_RULES[rule](evs)
    path = tmp_path / "bad.ev"
    raw = bytearray(good_file(tmp_path).read_bytes())
    head = md.header_size_for(2)
    raw[head:] = evs.tobytes()
    struct.pack_into("<qq", raw, 40, int(evs["local_ts"][0]), int(evs["local_ts"][-1]))
    path.write_bytes(bytes(raw))
    expected, _ = c_open(path, verify=True)
    assert expected is not None, f"the C reader accepted {rule}"
    with md.EventFile(path) as f:
        with pytest.raises(E.DataFormatError) as got:
            f.verify()
    assert same_error(got.value, expected), (str(got.value), str(expected))


def test_a_good_file_verifies_in_python_and_in_c(tmp_path):
    path = good_file(tmp_path, 5000)
    assert c_open(path, verify=True)[0] is None
    with md.EventFile(path) as f:
        f.verify()


# ---- the writer's refusals ------------------------------------------------------

def _refusal(kind):
    syms = symbols(2)
    evs = stream(21, 50)
    evs["local_ts"] = np.arange(50)
    if kind == "a duplicate symbol id":
        return syms + [syms[0]._replace(name="AGAIN")], [evs]
    if kind == "a local_ts before the previous event's in one batch":
        evs["local_ts"][30] = 2
        return syms, [evs]
    if kind == "a local_ts before the previous batch's last":
        return syms, [evs[25:], evs[:25]]
    if kind == "an unregistered symbol":
        evs["symbol"][17] = 5
        return syms, [evs[:10], evs[10:]]
    if kind == "an unknown kind":
        evs["kind"][12] = 11
        return syms, [evs]
    if kind == "a level without a side":
        evs["kind"][12], evs["side"][12] = 1, 2
        return syms, [evs]
    if kind == "a trade of side 3":
        evs["kind"][12], evs["side"][12] = 5, 3
        return syms, [evs]
    if kind == "a reserved byte that is not 0":
        evs["reserved"][40][5] = 1
        return syms, [evs[:20], evs[20:]]
    if kind == "a late time and an unregistered symbol on one event: the time is named":
        evs["symbol"][17] = 5
        evs["local_ts"][17] = 0
        return syms, [evs]
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["a duplicate symbol id", "a local_ts before the previous event's in one batch",
                                  "a local_ts before the previous batch's last", "an unregistered symbol",
                                  "an unknown kind", "a level without a side", "a trade of side 3",
                                  "a reserved byte that is not 0",
                                  "a late time and an unregistered symbol on one event: the time is named"])
def test_the_writer_refuses_what_the_c_writer_refuses_and_leaves_no_file(tmp_path, kind):
    syms, batches = _refusal(kind)
    expected = c_write(tmp_path / "c.ev", syms, batches)
    got = write_py(tmp_path / "c.ev", syms, batches)  # the same path: the messages name it
    assert isinstance(got, E.DataFormatError) and same_error(got, expected), (str(got), str(expected))
    assert os.listdir(tmp_path) == []


def test_a_failed_writer_refuses_every_later_call(tmp_path):
    w = md.EventFileWriter(tmp_path / "a.ev")
    w.add_symbol(symbols(1)[0])
    with pytest.raises(E.DataFormatError):
        w.add_symbol(symbols(1)[0])
    for call in (lambda: w.write(stream(3, 3, 1)), w.finish, lambda: w.add_symbol(symbols(2)[1])):
        with pytest.raises(E.DataIOError, match="the writer is not open"):
            call()
    assert os.listdir(tmp_path) == []


def test_a_finished_writer_refuses_more_and_the_file_stays(tmp_path):
    w = md.EventFileWriter(tmp_path / "a.ev")
    w.finish()
    with pytest.raises(E.DataIOError, match="not open"):
        w.finish()
    assert os.listdir(tmp_path) == ["a.ev"]
    with md.EventFile(tmp_path / "a.ev") as f:
        assert len(f) == 0 and f.symbols == [] and f.header.header_size == 64


def test_an_abandoned_writer_leaves_nothing_and_keeps_an_older_file(tmp_path):
    (tmp_path / "a.ev").write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with md.EventFileWriter(tmp_path / "a.ev") as w:
            w.add_symbol(symbols(1)[0])
            w.write(stream(3, 100, 1))
            raise RuntimeError("the converter failed")
    w2 = md.EventFileWriter(tmp_path / "a.ev")
    w2.write(events())
    w2.close()
    del w2
    assert os.listdir(tmp_path) == ["a.ev"] and (tmp_path / "a.ev").read_bytes() == b"old"


def test_a_writer_in_a_missing_directory_raises_the_c_writers_io_error(tmp_path):
    path = tmp_path / "missing" / "a.ev"
    expected = c_write(path, [], [])
    got = write_py(path, [], [])
    assert isinstance(got, E.DataIOError) and same_error(got, expected), (str(got), str(expected))


def test_the_writer_takes_packed_records_and_refuses_other_dtypes(tmp_path):
    evs = stream(23, 10, 1)
    with md.EventFileWriter(tmp_path / "a.ev") as w:
        w.add_symbol(symbols(1)[0])
        w.write(evs[:5].tobytes())
        w.write(evs[5:])
        with pytest.raises(TypeError):
            w.write(np.zeros(3, dtype=[("x", "<i8")]))
        with pytest.raises(ValueError):
            w.write(b"\0" * 65)
    with md.EventFile(tmp_path / "a.ev") as f:
        assert f.events.tobytes() == evs.tobytes()


def test_symbol_names_that_do_not_fit_the_record_are_refused():
    with pytest.raises(ValueError, match="31 bytes"):
        md.Symbol(1, "X" * 32).pack()
    assert md.Symbol.unpack(md.Symbol(1, "X" * 31, "v" * 15, 0.5, 2.0, 10.0, True).pack()) == \
        md.Symbol(1, "X" * 31, "v" * 15, 0.5, 2.0, 10.0, True)
