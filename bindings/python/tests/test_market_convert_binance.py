"""The pure-Python Binance converter against the native one: every rule of
tests/cpp/test_binance.cpp on the same hand-made recordings (and what
simdjson On-Demand accepts that a strict JSON parser would not), converted
by every backend, must give the same event file and summary or the same
error at the same line (md_feeds.convert_everywhere). Then seeded random
edits of valid lines, and the pure parser's own pieces."""
import gzip
import os
import random

import pytest

import sigmax_exec as sx
from sigmax_exec.market._pure_convert import _binance_message, _decimal

from md_feeds import (ASKS, BIDS, ETH_TRADE, SHARED, Err, Ok, Recording, convert_everywhere, gzip_bytes,
                      trades_recording, zstd_bytes)

def _rec():
    return Recording()


def _long_text():
    """Trades whose text ends inside a large last zstd block (128 KiB blocks:
    its output outgrows what one read takes)."""
    text = trades_recording(2500)
    end = len(text)
    while end % 131072 < 110000:
        end = text.rindex(b"\n", 0, end - 1) + 1
    return text[:end]


def _binance_cases():
    c = []

    def case(rule, data, expect, **options):
        c.append(pytest.param(data if isinstance(data, list) else [("rec.txt", data)], options, expect, id=rule))

    case("a REST snapshot becomes SNAPSHOT_BEGIN, levels of both sides and SNAPSHOT_END",
         _rec().depth(90, 95, 80, "[]", "[]").snapshot(100, BIDS, ASKS).bytes(),
         Ok(events=6, SNAPSHOT_BEGIN=1, SNAPSHOT_END=1, LEVEL=4))
    case("depth diffs the snapshot covers are dropped and counted as skipped",
         _rec().snapshot(100, BIDS, ASKS).depth(90, 99, 80, '[["100.0","9.000"]]', "[]")
         .depth(100, 105, 99, '[["100.0","5.000"]]', "[]").bytes(), Ok(LEVEL=5, skipped=1, gaps=0))
    case("a diff before the snapshot line that it does not cover applies after the snapshot",
         _rec().depth(90, 97, 80, '[["99.8","1.000"]]', "[]").depth(98, 103, 97, '[["99.7","2.000"]]', "[]")
         .snapshot(100, BIDS, ASKS).depth(104, 108, 103, '[["99.6","3.000"]]', "[]").bytes(),
         Ok(events=8, skipped=1, gaps=0))
    case("a depth diff whose pu is not the previous u is a gap, counted and warned",
         _rec().snapshot(100, BIDS, ASKS).depth(99, 105, 98, '[["100.0","5.000"]]', "[]")
         .depth(120, 125, 115, '[["99.9","1.500"]]', '[["100.1","0.000"]]').bytes(), Ok(LEVEL=7, gaps=1, warnings=1))
    case("a first diff that starts after the snapshot's id is a gap",
         _rec().snapshot(100, BIDS, ASKS).depth(101, 105, 100, '[["100.0","5.000"]]', "[]").bytes(), Ok(gaps=1))
    case("spot diffs chain when U is the previous u + 1 and a jump is a gap",
         _rec().snapshot(100, BIDS, ASKS).depth(95, 100, -1, '[["100.0","9.000"]]', "[]")
         .depth(101, 104, -1, '[["100.0","5.000"]]', "[]").depth(105, 107, -1, '[["100.0","6.000"]]', "[]")
         .depth(109, 110, -1, '[["100.0","7.000"]]', "[]").bytes(), Ok(LEVEL=7, skipped=1, gaps=1))
    case("a gap on a diff without levels carries its flag to the next depth event",
         _rec().snapshot(100, BIDS, ASKS).depth(99, 105, 98, '[["100.0","5.000"]]', "[]")
         .depth(120, 125, 115, "[]", "[]").depth(126, 127, 125, '[["99.9","1.500"]]', "[]").bytes(), Ok(gaps=1))
    case("the last level of a depth message carries LAST and a zero quantity is a removal",
         _rec().snapshot(100, BIDS, ASKS)
         .depth(99, 105, 98, '[["100.0","0.000"]]', '[["100.1","1.000"],["100.3","0.500"]]').bytes(), Ok(LEVEL=7))
    case("diffs with no snapshot build no book: skipped, with a warning",
         _rec().depth(90, 95, 80, '[["100.0","1.000"]]', "[]").trade(1, "100.0", "0.001", ',"m":true').bytes(),
         Ok(LEVEL=0, skipped=1, warnings=1))
    case("a later snapshot replaces the book and the chain restarts from it",
         _rec().snapshot(100, BIDS, ASKS).depth(99, 105, 98, '[["100.0","5.000"]]', "[]")
         .snapshot(200, BIDS, ASKS).depth(150, 199, 140, '[["100.0","6.000"]]', "[]")
         .depth(199, 205, 199, '[["100.0","7.000"]]', "[]").bytes(), Ok(SNAPSHOT_BEGIN=2, gaps=0, skipped=1))
    case("more than 2048 held diffs evict the oldest, counted as skipped",
         b"".join([_rec().bytes()] + [f"{1723161255000000000 + i} ".encode() + (
             '{"stream":"btcusdt@depth@0ms","data":{"e":"depthUpdate","E":1,"T":1,"s":"BTCUSDT","U":%d,"u":%d,'
             '"pu":%d,"b":[["1.0","1"]],"a":[]}}\n' % (i, i, i - 1)).encode() for i in range(1, 2100)]),
         Ok(skipped=2099, warnings=1))
    case("a trade's aggressor comes from m (buyer is maker: the seller aggressed)",
         _rec().trade(7, "100.1", "0.250", ',"m":true').trade(8, "100.2", "0.001", ',"m":false').bytes(), Ok(TRADE=2))
    case("a trade without m has no aggressor side", _rec().trade(7, "100.1", "0.250", "").bytes(), Ok(TRADE=1))
    case("off-book futures trades (X other than MARKET) are skipped and counted",
         _rec().trade(7, "100.1", "0.250", ',"m":true', ',"X":"INSURANCE_FUND"').trade(8, "100.1", "0.250",
                                                                                        ',"m":true').bytes(),
         Ok(TRADE=1, skipped=1, warnings=1))
    case("a bookTicker becomes two BBO events, bid then ask",
         _rec().ticker(4242, "100.0", "1.500", "100.1", "2.000").bytes(), Ok(BBO=2, events=2))
    case("a spot bookTicker (no e, E or T) is recognised and has no exchange time",
         _rec().line('{"stream":"bnbusdt@bookTicker","data":{"u":400900217,"s":"BNBUSDT","b":"25.35190000",'
                     '"B":"31.21000000","a":"25.36520000","A":"40.66000000"}}').bytes(), Ok(BBO=2))
    exact = _rec().trade(1, "0.3", "0.3", ',"m":true').trade(2, "61800.20", "1234567.891", ',"m":true') \
        .trade(3, "92233720.3", "0.001", ',"m":true').bytes()
    case("prices and quantities become ticks and lots exactly on the inferred grid", exact, Ok(TRADE=3))
    case("prices and quantities become ticks and lots exactly on a given grid", exact, Ok(TRADE=3),
         tick_size=0.1, lot_size=0.001)
    case("a price off the given tick is an error naming the line",
         _rec().trade(1, "100.10", "0.001", ',"m":true').trade(2, "100.15", "0.001", ',"m":true').bytes(),
         Err(sx.DataFormatError, "rec.txt", line=2), tick_size=0.1)
    case("a quantity off the given lot is an error naming the line",
         _rec().ticker(5, "100.1", "0.0015", "100.2", "1").bytes(), Err(sx.DataFormatError, "rec.txt", line=1),
         lot_size=0.001)
    case("a price beyond int64 ticks is an error naming the line",
         _rec().trade(1, "92233720368547758.07", "1", ',"m":true').bytes(), Err(sx.DataFormatError, line=1),
         tick_size=1e-3)
    case("a negative quantity is an error naming the line",
         _rec().trade(1, "100.1", "0.001", ',"m":true').trade(2, "100.1", "-0.001", ',"m":true').bytes(),
         Err(sx.DataFormatError, line=2))
    for prefix in ("67132112550000000", "671321125500000000", "9999999999999999", "9999999999999", "17231612560",
                   "9323372036854775807"):
        case(f"a local time of {len(prefix)} digits ({prefix}) is an error",
             _rec().trade(1, "100.1", "0.001", ',"m":true').raw(prefix + ' {"stream":"btcusdt@trade","data":{}}\n')
             .bytes(), Err(sx.DataFormatError, line=2))
    case("a line without the local-time prefix is an error naming the line",
         _rec().trade(1, "100.1", "0.001", ',"m":true').raw('{"stream":"btcusdt@trade","data":{}}\n').bytes(),
         Err(sx.DataFormatError, line=2))
    for why, json in (("cut short", '{"stream":"btcusdt@trade","data":{"e":"trade","p":"1.0","q":"1"'),
                      ("text after the object", '{"stream":"btcusdt@trade","data":{"e":"trade","p":"1.0","q":"1"}}}'),
                      ("not an object", "[1,2,3]"),
                      ("a price that is not a string", '{"stream":"btcusdt@trade","data":{"e":"trade","p":1.0}}'),
                      ("a price that is not a decimal", '{"data":{"e":"trade","p":"1.0.0","q":"1"}}'),
                      ("an id that is not an integer", '{"data":{"e":"depthUpdate","U":"x","u":2}}'),
                      ("an id beyond 64 bits", '{"data":{"e":"depthUpdate","U":18446744073709551616,"u":2}}'),
                      ("m that is not a boolean", '{"data":{"e":"trade","m":1}}'),
                      ("a level that is not [price, quantity]", '{"data":{"e":"depthUpdate","b":[["1.0"]]}}'),
                      ("a key with a lone surrogate", '{"\\ud800":1}'),
                      ("a control character inside a string", '{"x":"a\tb"}'),
                      ("a missing comma between fields", '{"e":"trade" "p":"1"}')):
        case(f"malformed JSON ({why}) is an error naming the line",
             _rec().trade(1, "100.1", "0.001", ',"m":true').line(json).bytes(),
             Err(sx.DataFormatError, "rec.txt", line=2))
    case("malformed JSON (invalid UTF-8) is an error naming the line",
         _rec().trade(1, "100.1", "0.001", ',"m":true').bytes() + b'1723161256000000000 {"x":"\xff"}\n',
         Err(sx.DataFormatError, "rec.txt", line=2))
    for why, extra in (("a malformed value in a field the reader skips", ',"x":tru'),
                       ("brackets that do not match in a skipped field", ',"x":[1}'),
                       ("NaN in a skipped field", ',"x":NaN'),
                       ("an unknown escape in a skipped string", ',"x":"a\\qb"'),
                       ("extra elements of a level", ',"b":[["1.0","2",tru]]'),
                       ("a duplicated key (the last wins)", ',"p":"2.0"'),
                       ("a skipped value that reads like a key", ',"x":"a":1}')):
        case(f"simdjson On-Demand accepts {why}",
             _rec().line('{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"T":1,"s":"BTCUSDT","t":9,'
                         f'"p":"1.0","q":"1.0","m":false{extra}}}}}').bytes(), Ok(TRADE=1))
    case("a message missing a field its type needs is an error naming the field",
         _rec().line('{"stream":"btcusdt@depth","data":{"e":"depthUpdate","s":"BTCUSDT","u":5,"b":[],"a":[]}}')
         .bytes(), Err(sx.DataFormatError, line=1))
    case("a message with no symbol is an error", _rec().line('{"data":{"e":"trade","p":"1","q":"1"}}').bytes(),
         Err(sx.DataFormatError, line=1))
    case("an exchange time beyond int64 ns is an error naming the line",
         _rec().line('{"data":{"e":"trade","E":9223372036855,"s":"BTCUSDT","p":"1","q":"1"}}').bytes(),
         Err(sx.DataFormatError, line=1))
    plain = _rec().snapshot(100, BIDS, ASKS).depth(99, 105, 98, '[["100.0","5.000"]]', "[]") \
        .trade(1, "100.1", "0.001", ',"m":true').bytes()
    case("gzip input converts like its plain text", [("rec.gz", gzip_bytes(plain))], Ok(events=8))
    case("concatenated gzip members read as one input",
         [("rec.gz", gzip_bytes(plain[:200]) + gzip_bytes(plain[200:]))], Ok(events=8))
    case("zstd input converts like its plain text", [("rec.zst", lambda: zstd_bytes(plain))], Ok(events=8))
    big = _long_text()
    case("a zstd input whose last block outgrows the read buffer converts like its plain text",
         [("big.zst", lambda: zstd_bytes(big))], Ok(TRADE=big.count(b"\n")))
    case("a zstd input with a checksum converts like its plain text",
         [("big.zst", lambda: zstd_bytes(big, checksum=True))], Ok(TRADE=big.count(b"\n")))
    case("a line longer than the 64 KiB read buffer is read whole",
         _rec().depth(90, 95, 80, "[]", "[]")
         .snapshot(100, "[" + ",".join(f'["{100 + i}.0","1.000"]' for i in range(5000)) + "]", ASKS)
         .bytes(), Ok(LEVEL=5002))
    zipped = gzip_bytes(trades_recording(200))
    case("a truncated gzip input is an error naming the file and the line being read",
         [("cut.gz", zipped[:len(zipped) // 2])], Err(sx.DataFormatError, "cut.gz"))
    case("a truncated zstd input is an error naming the file and the line being read",
         [("cut.zst", lambda: zstd_bytes(trades_recording(200))[:-20])], Err(sx.DataFormatError, "cut.zst"))
    case("garbage after a gzip member is corrupt gzip data", [("rec.gz", gzip_bytes(plain) + b"junk")],
         Err(sx.DataFormatError, "rec.gz"))
    case("unknown message types, replies and REST errors are skipped and counted as warnings",
         _rec().line('{"stream":"btcusdt@markPrice","data":{"e":"markPriceUpdate","E":1,"s":"BTCUSDT","p":"1.0"}}')
         .line('{"stream":"btcusdt@markPrice","data":{"e":"markPriceUpdate","E":2,"s":"BTCUSDT","p":"1.0"}}')
         .line('{"result":null,"id":1}').line('{"code":-1003,"msg":"Too many requests"}')
         .trade(1, "100.1", "0.001", ',"m":true').bytes(), Ok(TRADE=1, warnings=3))
    case("local time stepping back by less than 1 s is raised to the previous line's and warned",
         _rec().trade(1, "100.1", "0.001", ',"m":true').step_back(1_005_000).trade(2, "100.2", "0.001", ',"m":true')
         .bytes(), Ok(TRADE=2, warnings=1))
    case("local time stepping back by more than 1 s is an error naming the line",
         _rec().trade(1, "100.1", "0.001", ',"m":true').step_back(2_001_000_000)
         .trade(2, "100.2", "0.001", ',"m":true').bytes(), Err(sx.DataFormatError, line=2))
    two = _rec().trade(1, "100.1", "0.001", ',"m":true').line(ETH_TRADE).bytes()
    case("a symbol filter keeps only its symbols (case-insensitive)", two, Ok(events=1), symbols=["ethusdt"])
    case("a filter symbol absent from the input is an error naming the first file", two,
         Err(sx.DataFormatError, "rec.txt", offset=0), symbols=["SOLUSDT"])
    case("a REST snapshot in a file with two depth-stream symbols is ambiguous",
         _rec().depth(1, 2, 0, "[]", "[]", "BTCUSDT").depth(1, 2, 0, "[]", "[]", "ETHUSDT")
         .snapshot(100, BIDS, ASKS).bytes(), Err(sx.DataFormatError, line=3))
    case("a REST snapshot in a file with no symbol at all is an error",
         _rec().snapshot(100, BIDS, ASKS).bytes(), Err(sx.DataFormatError, line=1))
    case("symbols are registered before their events, each with the grid of its own decimals", two, Ok(events=2))
    case("a symbol longer than 31 characters is an error",
         _rec().line('{"e":"trade","s":"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345","p":"1","q":"1"}').bytes(),
         Err(sx.DataFormatError, offset=0))
    case("older recordings with a microsecond local time convert to nanoseconds",
         b'1660228023043260 {"stream":"btcusdt@trade","data":{"e":"trade","E":1660228023980,"T":1660228023973,'
         b'"s":"BTCUSDT","t":2691833663,"p":"24670.90","q":"0.022","X":"MARKET","m":true}}\n', Ok(events=1))
    case("blank lines are skipped and CRLF line ends read like LF",
         b"\n" + trades_recording(3).replace(b"\n", b"\r\n") + b"\r\n\n", Ok(TRADE=3, input_records=3))
    case("a last line without a newline is read",
         trades_recording(2)[:-1], Ok(TRADE=2))
    first = _rec().snapshot(100, BIDS, ASKS).depth(99, 105, 98, '[["100.0","5.000"]]', "[]")
    second = Recording()
    second.local_ns = first.local_ns
    second.depth(106, 110, 105, '[["100.0","6.000"]]', "[]")
    case("several files are one recording: the update-id chain and local time run on",
         [("day1.txt", first.bytes()), ("day2.txt", second.bytes())], Ok(gaps=0, LEVEL=6))
    case("an empty input converts to an empty event file", b"", Ok(events=0, input_records=0))
    case("options give the venue, contract size and inverse flag of every symbol", plain, Ok(events=8),
         venue="myvenue", contract_size=100.0, inverse=True)
    case("an inverse futures symbol gets the binance-coinm venue", plain, Ok(events=8), inverse=True)
    case("a tick_size that is not positive is an invalid config naming no file", plain,
         Err(sx.InvalidConfigError, located=False), tick_size=-0.5)
    case("a lot_size that is not finite is an invalid config naming no file", plain,
         Err(sx.InvalidConfigError, located=False), lot_size=float("inf"))
    case("a missing second file is an I/O error naming it", [("rec.txt", plain), ("absent.txt", None)],
         Err(sx.DataIOError, "absent.txt"))
    return c


@pytest.mark.parametrize("files,options,expect", _binance_cases())
def test_binance_rule_gives_the_same_file_or_error_on_every_backend(tmp_path, files, options, expect):
    expect.check(convert_everywhere(tmp_path, files, "binance", **options))


@pytest.mark.skipif(not os.path.exists(SHARED), reason="shared/ is not beside the repository")
def test_the_shared_recordings_first_lines_under_many_options_convert_alike(tmp_path):
    """The real recording's first 3000 lines (its REST snapshot, depth, trades,
    tickers) with a symbol filter, a given grid and venue options."""
    with gzip.open(SHARED) as f:
        head = b"".join(next(f) for _ in range(3000))
    Ok(events=convert_everywhere(tmp_path / "a", [("head.txt", head)], "binance")[2].events).check(
        convert_everywhere(tmp_path / "b", [("head.txt", head)], "binance", symbols=["btcusdt"], tick_size=0.1,
                           lot_size=0.001, venue="bn", contract_size=2.0))


_BASE_LINES = [
    '{"stream":"btcusdt@trade","data":{"e":"trade","E":1723161256322,"T":1723161256321,"s":"BTCUSDT","t":7,'
    '"p":"100.1","q":"0.250","X":"MARKET","m":true}}',
    '{"stream":"btcusdt@depth@0ms","data":{"e":"depthUpdate","E":1723161256600,"T":1723161256599,"s":"BTCUSDT",'
    '"U":99,"u":105,"pu":98,"b":[["100.0","5.000"]],"a":[["100.1","1.0"],["100.2","0"]]}}',
    '{"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":4242,"s":"BTCUSDT","b":"100.0","B":"1.500",'
    '"a":"100.1","A":"2.000","T":1723161256313,"E":1723161256314}}',
    '{"lastUpdateId":100,"E":1723161256501,"T":1723161256493,"bids":[["100.0","1.000"]],"asks":[["100.1","3.0"]]}',
    '{"stream":"bnbusdt@bookTicker","data":{"u":400900217,"s":"BNBUSDT","b":"25.3519","B":"31.21","a":"25.3652",'
    '"A":"40.66"}}',
    '{"code":-1003,"msg":"Too many \\"requests\\""}',
]
_ALPHABET = '{}[],:"\\ tfnu0123456789.-eE\x01x'


def _mutate(rng, s):
    for _ in range(rng.choice((1, 1, 2, 3))):
        i = rng.randrange(len(s) + 1)
        op = rng.random()
        if op < 0.35:
            s = s[:i] + s[i + 1:]
        elif op < 0.7:
            s = s[:i] + rng.choice(_ALPHABET) + s[i:]
        elif op < 0.9:
            s = s[:i] + rng.choice(_ALPHABET) + s[i + 1:]
        else:
            j = rng.randrange(len(s) + 1)
            a, b = sorted((i, j))
            s = s[:a] + s[a:b] * 2 + s[b:]
    return s


def test_binance_lines_mutated_at_random_are_accepted_or_refused_alike(tmp_path):
    """Random edits of valid messages (brackets, quotes, escapes, digits)
    probe what simdjson On-Demand accepts; every backend must agree."""
    rng = random.Random(20240808)
    outcomes = {"ok": 0, "refused": 0}
    for n in range(250):
        line = b"1723161255002000000 " + _mutate(rng, rng.choice(_BASE_LINES)).encode() + b"\n"
        outcome = convert_everywhere(tmp_path / str(n), [("rec.txt", trades_recording(1) + line)], "binance")
        outcomes["ok" if outcome[0] == "ok" else "refused"] += 1
    assert outcomes["ok"] > 20 and outcomes["refused"] > 20, outcomes


def test_the_on_demand_emulation_reads_valid_lines_as_pythons_json_does():
    """The two accessors of the pure Binance parser give the same message for
    strictly valid JSON: the emulation (used when Python's json refuses a
    line) and the fast path."""
    lines = [line for line in Recording().snapshot(100, BIDS, ASKS).depth(99, 105, 98, BIDS, ASKS)
             .trade(1, "100.1", "0.001", ',"m":true').ticker(5, "1.0", "2", "1.1", "3").line(ETH_TRADE)
             .line('{"code":-1,"msg":"x\\u00e9\\n"}').line('{"data":{"u":1,"b":"1","B":"1","a":"2","A":"2"}}')
             .line('{"a":{},"b":[],"data":{},"x":[{"y":[1,2,{"z":null}]}],"E":0}').bytes().splitlines()]
    if os.path.exists(SHARED):
        with gzip.open(SHARED) as f:
            lines += [next(f).rstrip(b"\n") for _ in range(300)]
    for line in lines:
        fast = _binance_message.parse_line(line)
        emulated = _binance_message.parse_line(line, fallback_only=True)
        assert fast.fields() == emulated.fields(), line[:120]


@pytest.mark.parametrize("text,expected", [
    pytest.param("123.4500", (1234500 // 100, -2, 4), id="trailing zeros of the fraction are dropped"),
    pytest.param("0.100", (1, -1, 3), id="printed decimals count every digit after the point"),
    pytest.param("-1.5e-05", (-15, -6, 1), id="an exponent shifts the value exactly"),
    pytest.param("1e+-5", (1, -5, 0), id="a '+' then a '-' before the exponent digits is read as C++ reads it"),
    pytest.param("000000000000000000001.5", (15, -1, 1), id="leading zeros are not significant digits"),
    pytest.param("1234567890123456789", None, id="19 significant digits are refused"),
    pytest.param("1.0000000000000000000", None, id="trailing zeros count against the 18 digits"),
    pytest.param("1e401", None, id="an exponent beyond 400 is refused"),
    pytest.param("1.2.3", None, id="a second point is refused"),
    pytest.param(".", None, id="a text without digits is refused"),
    pytest.param("١", None, id="digits other than ASCII are refused"),
])
def test_decimal_parsing_follows_the_cpp_rules(text, expected):
    d = _decimal.parse_decimal(text)
    assert (None if d is None else tuple(d)) == expected


def test_a_grid_given_as_a_float_is_read_as_its_shortest_decimal():
    assert _decimal.grid_from_double(0.1) == _decimal.Grid(1, 1)
    assert _decimal.grid_from_double(0.25) == _decimal.Grid(25, 2)
    assert _decimal.grid_from_double(1e-7) == _decimal.Grid(1, 7)
    assert _decimal.grid_from_double(100.0) == _decimal.Grid(100, 0)
    assert _decimal.grid_from_double(1e20) is None  # 21 digits
    assert _decimal.grid_from_double(float("nan")) is None
