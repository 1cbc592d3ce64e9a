// The Tardis.dev CSV converter on hand-made files built from Tardis's
// published column layouts: each rule with its expected event stream.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "md_test_util.hpp"
#include "sigmax/market/tardis.hpp"

using namespace sigmax;
using namespace sigmax::md;
using mdtest::Brief;

namespace {

constexpr const char* kL2Header = "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount\n";
constexpr const char* kTradesHeader = "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n";

constexpr int B = SGX_SIDE_BUY, S = SGX_SIDE_SELL, N = SGX_MD_SIDE_NONE;
constexpr int LAST = SGX_MD_F_LAST, SNAP = SGX_MD_F_SNAPSHOT;

struct Run {
    Status status;
    VectorSink sink;
    ConvertSummary summary;
    ConvertError error;
};

Run convert(const std::vector<NamedBytes>& inputs, const ConvertOptions& options = {}) {
    Run run;
    run.status = convert_tardis_bytes(inputs, run.sink, options, run.summary, run.error);
    return run;
}

Run convert_one(const std::string& content, const ConvertOptions& options = {}) {
    static std::string keep;  // the view must outlive the call only
    keep = content;
    return convert({{"in.csv", keep}}, options);
}

std::string snapshot5_header() {
    std::string h = "exchange,symbol,timestamp,local_timestamp";
    for (int i = 0; i < 5; ++i)
        h += ",asks[" + std::to_string(i) + "].price,asks[" + std::to_string(i) + "].amount,bids[" +
             std::to_string(i) + "].price,bids[" + std::to_string(i) + "].amount";
    return h + "\n";
}

}  // namespace

TEST_CASE("an incremental_book_L2 snapshot becomes SNAPSHOT_BEGIN, its levels and SNAPSHOT_END; a diff's final row carries LAST") {
    const std::string csv = std::string(kL2Header) +
                            "binance-futures,BTCUSDT,1000,1001,true,ask,100.5,2\n"
                            "binance-futures,BTCUSDT,1000,1001,true,bid,100.0,1.5\n"
                            "binance-futures,BTCUSDT,2000,2001,false,bid,100.0,0\n"
                            "binance-futures,BTCUSDT,2000,2001,false,bid,99.5,3\n"
                            "binance-futures,BTCUSDT,3000,3001,false,ask,100.5,1\n";
    Run r = convert_one(csv);
    REQUIRE(r.status == Status::Ok);
    REQUIRE(r.sink.symbols.size() == 1);
    CHECK(std::string(r.sink.symbols[0].name) == "BTCUSDT");
    CHECK(std::string(r.sink.symbols[0].venue) == "binance-futures");
    CHECK(r.sink.symbols[0].tick_size == 0.1);
    CHECK(r.sink.symbols[0].lot_size == 0.1);
    const std::vector<Brief> expected = {
        {SGX_MD_SNAPSHOT_BEGIN, N, 0, 0, SNAP},
        {SGX_MD_LEVEL, S, 1005, 20, SNAP},
        {SGX_MD_LEVEL, B, 1000, 15, SNAP},
        {SGX_MD_SNAPSHOT_END, N, 0, 0, SNAP | LAST},
        {SGX_MD_LEVEL, B, 1000, 0, 0},
        {SGX_MD_LEVEL, B, 995, 30, LAST},
        {SGX_MD_LEVEL, S, 1005, 10, LAST},
    };
    CHECK(mdtest::briefs(r.sink.events) == expected);
    CHECK(r.sink.events[0].local_ts == 1001000);
    CHECK(r.sink.events[0].exch_ts == 1000000);
    CHECK(r.sink.events.back().local_ts == 3001000);
    CHECK(r.summary.events_by_kind[SGX_MD_LEVEL] == 5);
    CHECK(r.summary.input_records == 5);
}

TEST_CASE("incremental_book_L2 rows before a symbol's first snapshot are skipped and counted") {
    const std::string csv = std::string(kL2Header) +
                            "deribit,BTC-PERPETUAL,1,1,false,bid,10,1\n"
                            "deribit,BTC-PERPETUAL,2,2,true,bid,10,2\n";
    Run r = convert_one(csv);
    REQUIRE(r.status == Status::Ok);
    CHECK(r.summary.skipped == 1);
    REQUIRE(r.summary.warnings.size() == 1);
    CHECK(r.summary.warnings[0].find("before its first snapshot") != std::string::npos);
    CHECK(r.sink.events.size() == 3);  // BEGIN, level, END
}

TEST_CASE("a snapshot after updates (a reconnect) starts a new SNAPSHOT_BEGIN that replaces the book") {
    const std::string csv = std::string(kL2Header) +
                            "x,A,1,1,true,bid,10,1\n"
                            "x,A,2,2,false,bid,10,2\n"
                            "x,A,3,3,true,ask,11,1\n"
                            "x,A,3,3,true,bid,9,1\n";
    Run r = convert_one(csv);
    REQUIRE(r.status == Status::Ok);
    const std::vector<Brief> expected = {
        {SGX_MD_SNAPSHOT_BEGIN, N, 0, 0, SNAP}, {SGX_MD_LEVEL, B, 10, 1, SNAP}, {SGX_MD_SNAPSHOT_END, N, 0, 0, SNAP | LAST},
        {SGX_MD_LEVEL, B, 10, 2, LAST},
        {SGX_MD_SNAPSHOT_BEGIN, N, 0, 0, SNAP}, {SGX_MD_LEVEL, S, 11, 1, SNAP}, {SGX_MD_LEVEL, B, 9, 1, SNAP},
        {SGX_MD_SNAPSHOT_END, N, 0, 0, SNAP | LAST},
    };
    CHECK(mdtest::briefs(r.sink.events) == expected);
}

TEST_CASE("a snapshot spread over several local timestamps stays one snapshot") {
    const std::string csv = std::string(kL2Header) +
                            "x,A,1,1,true,bid,10,1\n"
                            "x,A,1,2,true,ask,11,1\n"
                            "x,A,3,3,false,ask,11,0\n";
    Run r = convert_one(csv);
    REQUIRE(r.status == Status::Ok);
    CHECK(r.summary.events_by_kind[SGX_MD_SNAPSHOT_BEGIN] == 1);
    CHECK(r.summary.events_by_kind[SGX_MD_SNAPSHOT_END] == 1);
}

TEST_CASE("trades give the aggressor side; an unknown side is side NONE with NO_AGGRESSOR; a numeric id is the order_id") {
    const std::string csv = std::string(kTradesHeader) +
                            "bitmex,XBTUSD,10,11,42,buy,50000.5,100\n"
                            "bitmex,XBTUSD,12,13,,sell,50000,200\n"
                            "bitmex,XBTUSD,14,15,a1b2-guid,unknown,50001,300\n";
    Run r = convert_one(csv);
    REQUIRE(r.status == Status::Ok);
    const std::vector<Brief> expected = {
        {SGX_MD_TRADE, B, 500005, 100, LAST},
        {SGX_MD_TRADE, S, 500000, 200, LAST},
        {SGX_MD_TRADE, N, 500010, 300, LAST | SGX_MD_F_NO_AGGRESSOR},
    };
    CHECK(mdtest::briefs(r.sink.events) == expected);
    CHECK(r.sink.events[0].order_id == 42);
    CHECK(r.sink.events[1].order_id == 0);
    CHECK(r.sink.events[2].order_id == 0);
}

TEST_CASE("a book_snapshot_5 row becomes one snapshot of its levels, bids then asks; empty levels are absent") {
    std::string row = "binance,ETHUSDT,5,6";
    // asks[i].price, asks[i].amount, bids[i].price, bids[i].amount
    row += ",10.1,1,10.0,2";
    row += ",10.2,3,9.9,4";
    for (int i = 2; i < 5; ++i) row += ",,,,";
    Run r = convert_one(snapshot5_header() + row + "\n");
    REQUIRE(r.status == Status::Ok);
    const std::vector<Brief> expected = {
        {SGX_MD_SNAPSHOT_BEGIN, N, 0, 0, SNAP},
        {SGX_MD_LEVEL, B, 100, 2, SNAP},
        {SGX_MD_LEVEL, B, 99, 4, SNAP},
        {SGX_MD_LEVEL, S, 101, 1, SNAP},
        {SGX_MD_LEVEL, S, 102, 3, SNAP},
        {SGX_MD_SNAPSHOT_END, N, 0, 0, SNAP | LAST},
    };
    CHECK(mdtest::briefs(r.sink.events) == expected);
}

TEST_CASE("files merge by local_timestamp; equal timestamps keep the order the files were given") {
    const std::string book = std::string(kL2Header) + "x,A,1,10,true,bid,10,1\n" + "x,A,2,30,false,bid,10,2\n";
    const std::string trades = std::string(kTradesHeader) + "x,A,1,10,1,buy,10,1\n" + "x,A,2,20,2,sell,10,1\n";
    Run r = convert({{"book.csv", book}, {"trades.csv", trades}});
    REQUIRE(r.status == Status::Ok);
    std::vector<int> kinds;
    std::vector<std::int64_t> times;
    for (const auto& e : r.sink.events) {
        kinds.push_back(e.kind);
        times.push_back(e.local_ts / 1000);
    }
    CHECK(kinds == std::vector<int>{SGX_MD_SNAPSHOT_BEGIN, SGX_MD_LEVEL, SGX_MD_SNAPSHOT_END, SGX_MD_TRADE, SGX_MD_TRADE,
                                    SGX_MD_LEVEL});
    CHECK(times == std::vector<std::int64_t>{10, 10, 10, 10, 20, 30});
    CHECK(r.sink.symbols.size() == 1);  // one symbol across both files
}

TEST_CASE("the grid is inferred per symbol from the most decimals its first rows print") {
    const std::string csv = std::string(kTradesHeader) +
                            "x,A,1,1,,buy,100.25,0.001\n"
                            "x,B,1,1,,buy,7,3\n"
                            "x,A,2,2,,buy,100.5,0.01\n";
    Run r = convert_one(csv);
    REQUIRE(r.status == Status::Ok);
    REQUIRE(r.sink.symbols.size() == 2);
    CHECK(r.sink.symbols[0].tick_size == 0.01);
    CHECK(r.sink.symbols[0].lot_size == 0.001);
    CHECK(r.sink.symbols[1].tick_size == 1.0);
    CHECK(r.sink.events[2].price == 10050);
    CHECK(r.sink.events[2].quantity == 10);
}

TEST_CASE("a price finer than the inferred grid, seen after the inference window, is an error naming the line and --tick") {
    std::string csv = kTradesHeader;
    for (int i = 0; i < 5000; ++i) csv += "x,A," + std::to_string(i) + "," + std::to_string(i) + ",,buy,100.5,1\n";
    csv += "x,A,9999,9999,,buy,100.25,1\n";
    Run r = convert_one(csv);
    REQUIRE(r.status == Status::Format);
    CHECK(r.error.line == 5002);
    CHECK(r.error.message().find("price 100.25 of A is off its tick 0.1") != std::string::npos);
    CHECK(r.error.message().find("--tick") != std::string::npos);
}

TEST_CASE("a given tick and lot convert exactly; an off-tick price is an error naming the line") {
    ConvertOptions options;
    options.tick_size = 0.5;
    options.lot_size = 0.001;
    Run ok = convert_one(std::string(kTradesHeader) + "x,A,1,1,,buy,100.5,0.25\n", options);
    REQUIRE(ok.status == Status::Ok);
    CHECK(ok.sink.events[0].price == 201);
    CHECK(ok.sink.events[0].quantity == 250);
    CHECK(ok.sink.symbols[0].tick_size == 0.5);
    Run bad = convert_one(std::string(kTradesHeader) + "x,A,1,1,,buy,100.5,1\nx,A,2,2,,buy,100.2,1\n", options);
    REQUIRE(bad.status == Status::Format);
    CHECK(bad.error.message().find("in.csv:3: price 100.2 of A is off its tick 0.5 (given)") == 0);
}

TEST_CASE("exponent notation converts exactly") {
    Run r = convert_one(std::string(kTradesHeader) + "x,A,1,1,,buy,1.5e-05,2E3\n");
    REQUIRE(r.status == Status::Ok);
    CHECK(r.sink.symbols[0].tick_size == 1e-6);
    CHECK(r.sink.events[0].price == 15);
    CHECK(r.sink.events[0].quantity == 2000);
}

TEST_CASE("the symbol filter keeps only the named symbols and counts the rest as skipped") {
    ConvertOptions options;
    options.symbols = {"B"};
    options.venue = "myvenue";
    Run r = convert_one(std::string(kTradesHeader) + "x,A,1,1,,buy,1,1\nx,B,1,1,,buy,1,1\n", options);
    REQUIRE(r.status == Status::Ok);
    REQUIRE(r.sink.symbols.size() == 1);
    CHECK(std::string(r.sink.symbols[0].name) == "B");
    CHECK(std::string(r.sink.symbols[0].venue) == "myvenue");
    CHECK(r.summary.skipped == 1);
}

TEST_CASE("gzip input converts like plain input") {
    const std::string csv = std::string(kTradesHeader) + "x,A,1,1,,buy,1,1\nx,A,2,2,,sell,2,1\n";
    const std::string gz = mdtest::gzip(csv);
    Run plain = convert_one(csv);
    Run packed = convert({{"in.csv.gz", gz}});
    REQUIRE(packed.status == Status::Ok);
    CHECK(mdtest::briefs(packed.sink.events) == mdtest::briefs(plain.sink.events));
}

TEST_CASE("a truncated gzip file is an error naming the file") {
    std::string csv = kTradesHeader;
    for (int i = 0; i < 200; ++i) csv += "x,A," + std::to_string(i) + "," + std::to_string(i) + ",,buy,1,1\n";
    const std::string gz = mdtest::gzip(csv);
    const std::string cut = gz.substr(0, gz.size() / 2);
    Run r = convert({{"cut.csv.gz", cut}});
    REQUIRE(r.status == Status::Format);
    CHECK(r.error.file == "cut.csv.gz");
    CHECK(r.error.rule.find("truncated gzip") == 0);
}

TEST_CASE("a corrupt gzip file is an error naming the file") {
    std::string gz = mdtest::gzip(std::string(kTradesHeader) + "x,A,1,1,,buy,1,1\n");
    for (std::size_t i = 12; i < gz.size() - 8; ++i) gz[i] = static_cast<char>(gz[i] ^ 0x5a);
    Run r = convert({{"bad.csv.gz", gz}});
    REQUIRE(r.status == Status::Format);
    CHECK(r.error.rule.find("gzip") != std::string::npos);
}

TEST_CASE("a row with the wrong column count is an error naming the line") {
    Run r = convert_one(std::string(kL2Header) + "x,A,1,1,true,bid,10,1\nx,A,2,2,false,bid,10\n");
    REQUIRE(r.status == Status::Format);
    CHECK(r.error.message() == "in.csv:3: expected 8 comma-separated fields, found 7");
}

TEST_CASE("a bad number is an error naming the line and the text") {
    Run r = convert_one(std::string(kL2Header) + "x,A,1,1,true,bid,10.x,1\n");
    REQUIRE(r.status == Status::Format);
    CHECK(r.error.message() == "in.csv:2: bad price '10.x'");
    Run ts = convert_one(std::string(kTradesHeader) + "x,A,abc,1,,buy,1,1\n");
    CHECK(ts.error.message() == "in.csv:2: bad timestamp 'abc' (microseconds since the epoch)");
    Run neg = convert_one(std::string(kTradesHeader) + "x,A,1,1,,buy,1,-1\n");
    CHECK(neg.error.message() == "in.csv:2: negative amount '-1'");
}

TEST_CASE("an unknown side is an error naming the line") {
    Run book = convert_one(std::string(kL2Header) + "x,A,1,1,true,buy,10,1\n");
    CHECK(book.error.message() == "in.csv:2: unknown side 'buy' (bid or ask)");
    Run trade = convert_one(std::string(kTradesHeader) + "x,A,1,1,,bid,10,1\n");
    CHECK(trade.error.message() == "in.csv:2: unknown side 'bid' (buy, sell or unknown)");
    Run flag = convert_one(std::string(kL2Header) + "x,A,1,1,yes,bid,10,1\n");
    CHECK(flag.error.message() == "in.csv:2: bad is_snapshot 'yes' (true or false)");
}

TEST_CASE("a local_timestamp earlier than the row before is an error naming the line") {
    Run r = convert_one(std::string(kTradesHeader) + "x,A,1,5,,buy,1,1\nx,A,2,4,,buy,1,1\n");
    REQUIRE(r.status == Status::Format);
    CHECK(r.error.line == 3);
    CHECK(r.error.rule.find("earlier than the row before") != std::string::npos);
}

TEST_CASE("an unknown header or an empty file is an error on line 1") {
    Run r = convert_one("time,price,qty\n1,2,3\n");
    REQUIRE(r.status == Status::Format);
    CHECK(r.error.line == 1);
    CHECK(r.error.rule.find("expected the header of a Tardis") == 0);
    Run empty = convert_one("");
    CHECK(empty.status == Status::Format);
    CHECK(empty.error.rule.find("empty file") == 0);
}

TEST_CASE("one symbol fed by both incremental_book_L2 and book_snapshot rows is an error") {
    std::string snap = snapshot5_header() + "x,A,1,1,10.1,1,10.0,2";
    for (int i = 1; i < 5; ++i) snap += ",,,,";
    snap += "\n";
    const std::string l2 = std::string(kL2Header) + "x,A,1,2,true,bid,10,1\n";
    Run r = convert({{"snap.csv", snap}, {"l2.csv", l2}});
    REQUIRE(r.status == Status::Format);
    CHECK(r.error.file == "l2.csv");
    CHECK(r.error.rule.find("two books for one symbol") != std::string::npos);
}

TEST_CASE("a missing Tardis file is an I/O error naming it") {
    VectorSink sink;
    ConvertSummary summary;
    ConvertError error;
    CHECK(convert_tardis({"/nonexistent/tardis.csv.gz"}, sink, {}, summary, error) == Status::Io);
    CHECK(error.file == "/nonexistent/tardis.csv.gz");
}

TEST_CASE("convert_tardis reads gzip files from disk") {
    const std::string path = "tardis_test_trades.csv.gz";
    const std::string gz = mdtest::gzip(std::string(kTradesHeader) + "x,A,1,1,7,buy,1,1\n");
    std::FILE* f = std::fopen(path.c_str(), "wb");
    REQUIRE(f != nullptr);
    std::fwrite(gz.data(), 1, gz.size(), f);
    std::fclose(f);
    VectorSink sink;
    ConvertSummary summary;
    ConvertError error;
    REQUIRE(convert_tardis({path}, sink, {}, summary, error) == Status::Ok);
    std::remove(path.c_str());
    REQUIRE(sink.events.size() == 1);
    CHECK(sink.events[0].order_id == 7);
}
