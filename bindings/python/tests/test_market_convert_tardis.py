"""The pure-Python Tardis.dev CSV converter against the native one: every
rule of tests/cpp/test_tardis.cpp on the same hand-made files, converted by
every backend, must give the same event file and summary or the same error
at the same line (md_feeds.convert_everywhere)."""
import pytest

import sigmax_exec as sx

from md_feeds import L2_HEADER, TRADES_HEADER, Err, Ok, convert_everywhere, gzip_bytes, snapshot_header, zstd_bytes

def _csv(text):
    return [("in.csv", text.encode())]


def _snapshot5_row(prefix, levels):
    row = prefix + "".join("," + ",".join(level) for level in levels)
    return row + ",,,," * (5 - len(levels)) + "\n"


def _tardis_cases():
    c = []

    def case(rule, files, expect, **options):
        c.append(pytest.param(files, options, expect, id=rule))

    case("an incremental_book_L2 snapshot is wrapped in SNAPSHOT_BEGIN/END and a diff's last row carries LAST",
         _csv(L2_HEADER + "binance-futures,BTCUSDT,1000,1001,true,ask,100.5,2\n"
                          "binance-futures,BTCUSDT,1000,1001,true,bid,100.0,1.5\n"
                          "binance-futures,BTCUSDT,2000,2001,false,bid,100.0,0\n"
                          "binance-futures,BTCUSDT,2000,2001,false,bid,99.5,3\n"
                          "binance-futures,BTCUSDT,3000,3001,false,ask,100.5,1\n"), Ok(LEVEL=5, input_records=5))
    case("incremental_book_L2 rows before a symbol's first snapshot are skipped and counted",
         _csv(L2_HEADER + "deribit,BTC-PERPETUAL,1,1,false,bid,10,1\nderibit,BTC-PERPETUAL,2,2,true,bid,10,2\n"),
         Ok(skipped=1, warnings=1, events=3))
    case("a snapshot after updates (a reconnect) starts a new snapshot",
         _csv(L2_HEADER + "x,A,1,1,true,bid,10,1\nx,A,2,2,false,bid,10,2\nx,A,3,3,true,ask,11,1\n"
                          "x,A,3,3,true,bid,9,1\n"), Ok(SNAPSHOT_BEGIN=2, SNAPSHOT_END=2, LEVEL=4))
    case("a snapshot spread over several local timestamps stays one snapshot",
         _csv(L2_HEADER + "x,A,1,1,true,bid,10,1\nx,A,1,2,true,ask,11,1\nx,A,3,3,false,ask,11,0\n"),
         Ok(SNAPSHOT_BEGIN=1, SNAPSHOT_END=1))
    case("trades give the aggressor side, unknown is NO_AGGRESSOR and a numeric id is the order id",
         _csv(TRADES_HEADER + "bitmex,XBTUSD,10,11,42,buy,50000.5,100\nbitmex,XBTUSD,12,13,,sell,50000,200\n"
                              "bitmex,XBTUSD,14,15,a1b2-guid,unknown,50001,300\n"
                              "bitmex,XBTUSD,16,17,18446744073709551616,buy,1,1\n"), Ok(TRADE=4))
    case("a book_snapshot_5 row is one snapshot of its levels, bids then asks; empty levels are absent",
         _csv(snapshot_header() + _snapshot5_row("binance,ETHUSDT,5,6", [("10.1", "1", "10.0", "2"),
                                                                           ("10.2", "3", "9.9", "4")])),
         Ok(LEVEL=4, SNAPSHOT_BEGIN=1))
    case("book_snapshot_N columns are matched by name in any order",
         _csv("exchange,symbol,timestamp,local_timestamp,bids[0].amount,asks[0].price,bids[0].price,"
              "asks[0].amount\nx,A,1,1,2,10.1,10.0,1\n"), Ok(LEVEL=2))
    case("files merge by local_timestamp and equal timestamps keep the order the files were given",
         [("book.csv", (L2_HEADER + "x,A,1,10,true,bid,10,1\nx,A,2,30,false,bid,10,2\n").encode()),
          ("trades.csv", (TRADES_HEADER + "x,A,1,10,1,buy,10,1\nx,A,2,20,2,sell,10,1\n").encode())], Ok(events=6))
    case("the grid is inferred per symbol from the most decimals its first rows print",
         _csv(TRADES_HEADER + "x,A,1,1,,buy,100.25,0.001\nx,B,1,1,,buy,7,3\nx,A,2,2,,buy,100.5,0.01\n"),
         Ok(events=3))
    case("a finer price within the first 4096 merged rows of a symbol refines its inferred grid",
         _csv(TRADES_HEADER + "".join(f"x,A,{i},{i},,buy,100.5,1\n" for i in range(3000))
              + "x,A,9999,9999,,buy,100.25,1\n"), Ok(TRADE=3001))
    case("a price finer than the inferred grid, after the inference window, is an error naming the line",
         _csv(TRADES_HEADER + "".join(f"x,A,{i},{i},,buy,100.5,1\n" for i in range(5000))
              + "x,A,9999,9999,,buy,100.25,1\n"), Err(sx.DataFormatError, "in.csv", line=5002))
    case("a given tick and lot convert exactly", _csv(TRADES_HEADER + "x,A,1,1,,buy,100.5,0.25\n"), Ok(events=1),
         tick_size=0.5, lot_size=0.001)
    case("an off-tick price under a given tick is an error naming the line",
         _csv(TRADES_HEADER + "x,A,1,1,,buy,100.5,1\nx,A,2,2,,buy,100.2,1\n"), Err(sx.DataFormatError, line=3),
         tick_size=0.5)
    case("exponent notation converts exactly", _csv(TRADES_HEADER + "x,A,1,1,,buy,1.5e-05,2E3\n"), Ok(events=1))
    case("the symbol filter keeps the named symbols and counts the rest as skipped",
         _csv(TRADES_HEADER + "x,A,1,1,,buy,1,1\nx,B,1,1,,buy,1,1\n"), Ok(skipped=1, events=1),
         symbols=["B"], venue="myvenue")
    gz = gzip_bytes((TRADES_HEADER + "x,A,1,1,,buy,1,1\nx,A,2,2,,sell,2,1\n").encode())
    case("gzip input converts like plain input", [("in.csv.gz", gz)], Ok(events=2))
    case("zstd input converts like plain input",
         [("in.csv.zst", lambda: zstd_bytes((TRADES_HEADER + "x,A,1,1,,buy,1,1\n").encode()))], Ok(events=1))
    long_gz = gzip_bytes((TRADES_HEADER + "".join(f"x,A,{i},{i},,buy,1,1\n" for i in range(200))).encode())
    case("a truncated gzip file is an error naming the file and the offset",
         [("cut.csv.gz", long_gz[:len(long_gz) // 2])], Err(sx.DataFormatError, "cut.csv.gz"))
    corrupt = bytearray(gzip_bytes((TRADES_HEADER + "x,A,1,1,,buy,1,1\n").encode()))
    for i in range(12, len(corrupt) - 8):
        corrupt[i] ^= 0x5A
    case("a corrupt gzip file is an error naming the file", [("bad.csv.gz", bytes(corrupt))],
         Err(sx.DataFormatError, "bad.csv.gz", offset=0))
    case("a row with the wrong column count is an error naming the line",
         _csv(L2_HEADER + "x,A,1,1,true,bid,10,1\nx,A,2,2,false,bid,10\n"), Err(sx.DataFormatError, line=3))
    for rule, text in (("a bad price", L2_HEADER + "x,A,1,1,true,bid,10.x,1\n"),
                       ("a bad timestamp", TRADES_HEADER + "x,A,abc,1,,buy,1,1\n"),
                       ("a bad local_timestamp", TRADES_HEADER + "x,A,1,+1,,buy,1,1\n"),
                       ("a negative timestamp", TRADES_HEADER + "x,A,-1,1,,buy,1,1\n"),
                       ("a negative amount", TRADES_HEADER + "x,A,1,1,,buy,1,-1\n"),
                       ("an unknown book side", L2_HEADER + "x,A,1,1,true,buy,10,1\n"),
                       ("an unknown trade side", TRADES_HEADER + "x,A,1,1,,bid,10,1\n"),
                       ("a bad is_snapshot flag", L2_HEADER + "x,A,1,1,yes,bid,10,1\n"),
                       ("an empty symbol", TRADES_HEADER + "x,,1,1,,buy,1,1\n"),
                       ("a book_snapshot level with a price but no amount",
                        snapshot_header() + _snapshot5_row("x,A,1,1", [("10.1", "", "10.0", "2")]))):
        case(f"{rule} is an error naming the line", _csv(text), Err(sx.DataFormatError, "in.csv", line=2))
    case("a local_timestamp earlier than the row before is an error naming the line",
         _csv(TRADES_HEADER + "x,A,1,5,,buy,1,1\nx,A,2,4,,buy,1,1\n"), Err(sx.DataFormatError, line=3))
    case("an unknown header is an error on line 1", _csv("time,price,qty\n1,2,3\n"), Err(sx.DataFormatError, line=1))
    case("a header naming a level column twice is an error on line 1",
         _csv("exchange,symbol,timestamp,local_timestamp,asks[0].price,asks[0].price,bids[0].price,"
              "bids[0].amount\n"), Err(sx.DataFormatError, line=1))
    case("an empty file is an error on line 1", _csv(""), Err(sx.DataFormatError, line=1))
    snap = snapshot_header() + _snapshot5_row("x,A,1,1", [("10.1", "1", "10.0", "2")])
    case("one symbol fed by incremental_book_L2 and book_snapshot rows is an error naming the second source",
         [("snap.csv", snap.encode()), ("l2.csv", (L2_HEADER + "x,A,1,2,true,bid,10,1\n").encode())],
         Err(sx.DataFormatError, "l2.csv", line=2))
    case("a symbol of 32 bytes fits the symbol table", _csv(TRADES_HEADER + "x," + "S" * 32 + ",1,1,,buy,1,1\n"),
         Ok(events=1))
    case("a symbol longer than 32 bytes is an error naming the line",
         _csv(TRADES_HEADER + "x," + "S" * 33 + ",1,1,,buy,1,1\n"), Err(sx.DataFormatError, line=2))
    case("an exchange name longer than 16 bytes is cut to the venue field with a warning",
         _csv(TRADES_HEADER + "an-exchange-named-at-length,A,1,1,,buy,1,1\n"), Ok(events=1, warnings=1))
    case("a line longer than 1 MiB is an error naming its offset",
         _csv(TRADES_HEADER + "x,A,1,1,,buy,1," + "1" * (1 << 20) + "\n"),
         Err(sx.DataFormatError, "in.csv", offset=len(TRADES_HEADER)))
    case("a row longer than the 64 KiB read buffer is read whole",
         _csv(TRADES_HEADER + "x,A,1,1," + "g" * 100000 + ",buy,1,1\n"), Ok(TRADE=1))
    case("CRLF line ends read like LF", _csv((TRADES_HEADER + "x,A,1,1,,buy,1,1\n").replace("\n", "\r\n")),
         Ok(events=1))
    case("a tick_size that is not positive is an invalid config naming no file",
         _csv(TRADES_HEADER + "x,A,1,1,,buy,1,1\n"), Err(sx.InvalidConfigError, located=False), tick_size=-1.0)
    case("a missing Tardis file is an I/O error naming it, before any file is read",
         [("in.csv", b"garbage\n"), ("absent.csv.gz", None)], Err(sx.DataIOError, "absent.csv.gz"))
    return c


@pytest.mark.parametrize("files,options,expect", _tardis_cases())
def test_tardis_rule_gives_the_same_file_or_error_on_every_backend(tmp_path, files, options, expect):
    expect.check(convert_everywhere(tmp_path, files, "tardis", **options))
