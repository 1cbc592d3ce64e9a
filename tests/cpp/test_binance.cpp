// The Binance converter's rules, each on a hand-made recording.
#include <zlib.h>

#include <cstring>

#include "binance_helpers.hpp"
#include "sigmax/market/summary.hpp"

using namespace binance_test;

namespace {

const std::string kBids = R"([["100.0","1.000"],["99.9","2.000"]])";
const std::string kAsks = R"([["100.1","3.000"],["100.2","4.000"]])";
const std::string kEthTrade =
    R"({"stream":"ethusdt@trade","data":{"e":"trade","E":1,"T":1,"s":"ETHUSDT","t":9,"p":"2500.01","q":"0.1","m":false}})";

std::string gzip(const std::string& text) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&z, static_cast<uLong>(text.size())) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    z.avail_in = static_cast<uInt>(text.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

}  // namespace

TEST_CASE("a REST snapshot becomes SNAPSHOT_BEGIN, snapshot-flagged levels of both sides and SNAPSHOT_END", "[binance]") {
    Recording rec;
    rec.depth(90, 95, 80, "[]", "[]").snapshot(100, kBids, kAsks);
    const Run run = convert(rec.text());
    REQUIRE(run.status == Status::Ok);
    REQUIRE(run.sink.symbols.size() == 1);
    CHECK(std::string(run.sink.symbols[0].name) == "BTCUSDT");
    CHECK(std::string(run.sink.symbols[0].venue) == "binance-usdm");
    const auto& ev = run.sink.events;
    REQUIRE(ev.size() == 6);
    CHECK(ev[0].kind == SGX_MD_SNAPSHOT_BEGIN);
    CHECK(ev[0].sequence == 100);
    CHECK(ev[1].kind == SGX_MD_LEVEL);
    CHECK(ev[1].side == SGX_SIDE_BUY);
    CHECK(ev[1].price == 1000);
    CHECK(ev[1].quantity == 1000);
    CHECK(ev[3].side == SGX_SIDE_SELL);
    CHECK(ev[3].price == 1001);
    for (int i = 0; i < 6; ++i) CHECK((ev[i].flags & SGX_MD_F_SNAPSHOT) != 0);
    CHECK(ev[5].kind == SGX_MD_SNAPSHOT_END);
    CHECK((ev[5].flags & SGX_MD_F_LAST) != 0);
    CHECK(ev[0].exch_ts == 1723161256493LL * 1000000);  // the snapshot's T
}

TEST_CASE("depth diffs the snapshot covers are dropped and counted as skipped", "[binance]") {
    Recording rec;
    rec.snapshot(100, kBids, kAsks)
        .depth(90, 99, 80, R"([["100.0","9.000"]])", "[]")    // u < lastUpdateId: covered
        .depth(100, 105, 99, R"([["100.0","5.000"]])", "[]");  // U <= 100 <= u: the first applied
    const Run run = convert(rec.text());
    REQUIRE(run.status == Status::Ok);
    const auto levels = run.of_kind(SGX_MD_LEVEL);
    REQUIRE(levels.size() == 5);  // 4 snapshot levels and one diff level
    CHECK(levels[4].quantity == 5000);
    CHECK(levels[4].sequence == 105);
    CHECK((levels[4].flags & SGX_MD_F_GAP) == 0);
    CHECK(run.summary.skipped == 1);
    CHECK(run.summary.gaps == 0);
}

TEST_CASE("a diff received before the snapshot line but not covered by it is applied after the snapshot, at its time",
          "[binance]") {
    Recording rec;
    rec.depth(90, 97, 80, R"([["99.8","1.000"]])", "[]")      // covered: dropped
        .depth(98, 103, 97, R"([["99.7","2.000"]])", "[]")    // straddles lastUpdateId 100
        .snapshot(100, kBids, kAsks)
        .depth(104, 108, 103, R"([["99.6","3.000"]])", "[]");
    const Run run = convert(rec.text());
    REQUIRE(run.status == Status::Ok);
    const auto& ev = run.sink.events;
    REQUIRE(ev.size() == 8);
    CHECK(ev[5].kind == SGX_MD_SNAPSHOT_END);
    CHECK(ev[6].price == 997);
    CHECK(ev[6].sequence == 103);
    CHECK(ev[6].local_ts == ev[5].local_ts);  // applied when the snapshot arrived
    CHECK((ev[6].flags & SGX_MD_F_GAP) == 0);
    CHECK(ev[7].price == 996);
    CHECK(run.summary.skipped == 1);
    CHECK(run.summary.gaps == 0);
}

TEST_CASE("a depth diff whose pu is not the previous u is flagged as a gap on its first event and counted", "[binance]") {
    Recording rec;
    rec.snapshot(100, kBids, kAsks)
        .depth(99, 105, 98, R"([["100.0","5.000"]])", "[]")
        .depth(120, 125, 115, R"([["99.9","1.500"]])", R"([["100.1","0.000"]])");
    const Run run = convert(rec.text());
    REQUIRE(run.status == Status::Ok);
    const auto levels = run.of_kind(SGX_MD_LEVEL);
    REQUIRE(levels.size() == 7);
    CHECK((levels[4].flags & SGX_MD_F_GAP) == 0);
    CHECK((levels[5].flags & SGX_MD_F_GAP) != 0);
    CHECK((levels[6].flags & SGX_MD_F_GAP) == 0);
    CHECK(run.summary.gaps == 1);
    REQUIRE(run.summary.warnings.size() == 1);
    CHECK(run.summary.warnings[0].find("gap") != std::string::npos);
}

TEST_CASE("a first diff that starts after the snapshot's id is a gap", "[binance]") {
    Recording rec;
    rec.snapshot(100, kBids, kAsks).depth(101, 105, 100, R"([["100.0","5.000"]])", "[]");
    const Run run = convert(rec.text());
    REQUIRE(run.status == Status::Ok);
    CHECK(run.summary.gaps == 1);
    CHECK((run.of_kind(SGX_MD_LEVEL).back().flags & SGX_MD_F_GAP) != 0);
}

TEST_CASE("spot diffs chain when U is the previous u + 1; a jump is a gap", "[binance]") {
    Recording rec;
    rec.snapshot(100, kBids, kAsks)
        .depth(95, 100, -1, R"([["100.0","9.000"]])", "[]")  // u <= lastUpdateId: covered
        .depth(101, 104, -1, R"([["100.0","5.000"]])", "[]")  // U <= 101 <= u: first
        .depth(105, 107, -1, R"([["100.0","6.000"]])", "[]")  // chained
        .depth(109, 110, -1, R"([["100.0","7.000"]])", "[]");  // 108 lost
    const Run run = convert(rec.text());
    REQUIRE(run.status == Status::Ok);
    CHECK(std::string(run.sink.symbols[0].venue) == "binance");
    const auto levels = run.of_kind(SGX_MD_LEVEL);
    REQUIRE(levels.size() == 7);
    CHECK(levels[4].quantity == 5000);
    CHECK((levels[5].flags & SGX_MD_F_GAP) == 0);
    CHECK((levels[6].flags & SGX_MD_F_GAP) != 0);
    CHECK(levels[4].exch_ts == 1723161256600LL * 1000000);  // spot depth has E only
    CHECK(run.summary.skipped == 1);
    CHECK(run.summary.gaps == 1);
}

TEST_CASE("the last level of each depth message is flagged LAST and a zero quantity is passed on as a removal", "[binance]") {
    Recording rec;
    rec.snapshot(100, kBids, kAsks).depth(99, 105, 98, R"([["100.0","0.000"]])", R"([["100.1","1.000"],["100.3","0.500"]])");
    const Run run = convert(rec.text());
    REQUIRE(run.status == Status::Ok);
    const auto levels = run.of_kind(SGX_MD_LEVEL);
    REQUIRE(levels.size() == 7);
    CHECK(levels[4].quantity == 0);
    CHECK(levels[4].side == SGX_SIDE_BUY);
    CHECK((levels[4].flags & SGX_MD_F_LAST) == 0);
    CHECK((levels[5].flags & SGX_MD_F_LAST) == 0);
    CHECK((levels[6].flags & SGX_MD_F_LAST) != 0);
    CHECK(levels[6].side == SGX_SIDE_SELL);
    CHECK(levels[6].exch_ts == 1723161256599LL * 1000000);  // futures depth: T
}

TEST_CASE("diffs with no snapshot before or after them build no book: skipped, with a warning", "[binance]") {
    Recording rec;
    rec.depth(90, 95, 80, R"([["100.0","1.000"]])", "[]").trade(1, "100.0", "0.001", ",\"m\":true");
    const Run run = convert(rec.text());
    REQUIRE(run.status == Status::Ok);
    CHECK(run.of_kind(SGX_MD_LEVEL).empty());
    CHECK(run.summary.skipped == 1);
    REQUIRE(run.summary.warnings.size() == 1);
    CHECK(run.summary.warnings[0].find("no REST snapshot") != std::string::npos);
}

TEST_CASE("a trade's aggressor comes from m: buyer is maker means the seller aggressed", "[binance]") {
    Recording rec;
    rec.trade(7, "100.1", "0.250", ",\"m\":true").trade(8, "100.2", "0.001", ",\"m\":false");
    const Run run = convert(rec.text());
    REQUIRE(run.status == Status::Ok);
    const auto trades = run.of_kind(SGX_MD_TRADE);
    REQUIRE(trades.size() == 2);
    CHECK(trades[0].side == SGX_SIDE_SELL);
    CHECK(trades[0].order_id == 7);
    CHECK(trades[0].price == 1001);
    CHECK(trades[0].quantity == 250);
    CHECK(trades[0].exch_ts == 1723161256321LL * 1000000);  // trade time T
    CHECK((trades[0].flags & SGX_MD_F_LAST) != 0);
    CHECK(trades[1].side == SGX_SIDE_BUY);
}

TEST_CASE("a trade without m has no aggressor side and says so", "[binance]") {
    Recording rec;
    rec.trade(7, "100.1", "0.250", "");
    const Run run = convert(rec.text());
    REQUIRE(run.status == Status::Ok);
    const auto trades = run.of_kind(SGX_MD_TRADE);
    REQUIRE(trades.size() == 1);
    CHECK(trades[0].side == SGX_MD_SIDE_NONE);
    CHECK((trades[0].flags & SGX_MD_F_NO_AGGRESSOR) != 0);
}

TEST_CASE("off-book futures trades (X other than MARKET) are skipped and counted", "[binance]") {
    Recording rec;
    rec.trade(7, "100.1", "0.250", ",\"m\":true", ",\"X\":\"INSURANCE_FUND\"").trade(8, "100.1", "0.250", ",\"m\":true");
    const Run run = convert(rec.text());
    REQUIRE(run.status == Status::Ok);
    CHECK(run.of_kind(SGX_MD_TRADE).size() == 1);
    CHECK(run.summary.skipped == 1);
    REQUIRE(run.summary.warnings.size() == 1);
    CHECK(run.summary.warnings[0].find("INSURANCE_FUND") != std::string::npos);
}

TEST_CASE("a bookTicker becomes two BBO events, bid then ask, whose sequence is its update id", "[binance]") {
    Recording rec;
    rec.ticker(4242, "100.0", "1.500", "100.1", "2.000");
    const Run run = convert(rec.text());
    REQUIRE(run.status == Status::Ok);
    const auto& ev = run.sink.events;
    REQUIRE(ev.size() == 2);
    CHECK(ev[0].kind == SGX_MD_BBO);
    CHECK(ev[0].side == SGX_SIDE_BUY);
    CHECK(ev[0].price == 1000);
    CHECK(ev[0].quantity == 1500);
    CHECK(ev[1].side == SGX_SIDE_SELL);
    CHECK(ev[1].price == 1001);
    CHECK(ev[1].quantity == 2000);
    CHECK(ev[0].sequence == 4242);
    CHECK(ev[1].sequence == 4242);
    CHECK((ev[0].flags & SGX_MD_F_LAST) == 0);
    CHECK((ev[1].flags & SGX_MD_F_LAST) != 0);
    CHECK(ev[0].exch_ts == 1723161256313LL * 1000000);
}

TEST_CASE("a spot bookTicker (no e, E or T) is recognised and flagged as having no exchange time", "[binance]") {
    Recording rec;
    rec.line(R"({"stream":"bnbusdt@bookTicker","data":{"u":400900217,"s":"BNBUSDT","b":"25.35190000","B":"31.21000000","a":"25.36520000","A":"40.66000000"}})");
    const Run run = convert(rec.text());
    REQUIRE(run.status == Status::Ok);
    REQUIRE(run.sink.events.size() == 2);
    CHECK(run.sink.events[0].price == 2535190000);
    CHECK((run.sink.events[0].flags & SGX_MD_F_NO_EXCH_TS) != 0);
    CHECK(run.sink.events[0].exch_ts == run.sink.events[0].local_ts);
    CHECK(run.sink.symbols[0].tick_size == Approx(1e-8));
}

TEST_CASE("prices and quantities become ticks and lots exactly from their decimal text", "[binance]") {
    Recording rec;
    rec.trade(1, "0.3", "0.3", ",\"m\":true")            // 0.1 + 0.2 in a double would not be 0.3
        .trade(2, "61800.20", "1234567.891", ",\"m\":true")
        .trade(3, "92233720.3", "0.001", ",\"m\":true");
    SECTION("inferred grid: the most decimals printed") {
        const Run run = convert(rec.text());
        REQUIRE(run.status == Status::Ok);
        CHECK(run.sink.symbols[0].tick_size == Approx(0.01));
        CHECK(run.sink.symbols[0].lot_size == Approx(0.001));
        const auto t = run.of_kind(SGX_MD_TRADE);
        CHECK(t[0].price == 30);
        CHECK(t[0].quantity == 300);
        CHECK(t[1].price == 6180020);
        CHECK(t[1].quantity == 1234567891);
        CHECK(t[2].price == 9223372030);
    }
    SECTION("given grid") {
        md::ConvertOptions options;
        options.tick_size = 0.1;
        options.lot_size = 0.001;
        const Run run = convert(rec.text(), options);
        REQUIRE(run.status == Status::Ok);
        const auto t = run.of_kind(SGX_MD_TRADE);
        CHECK(t[0].price == 3);
        CHECK(t[1].price == 618002);
        CHECK(t[2].price == 922337203);
        CHECK(run.sink.symbols[0].tick_size == 0.1);
    }
}

TEST_CASE("a price off the given tick is an error naming the line", "[binance]") {
    Recording rec;
    rec.trade(1, "100.10", "0.001", ",\"m\":true").trade(2, "100.15", "0.001", ",\"m\":true");
    md::ConvertOptions options;
    options.tick_size = 0.1;
    const Run run = convert(rec.text(), options);
    CHECK(run.status == Status::Format);
    CHECK(run.error.line == 2);
    CHECK(run.error.message() == "rec.txt:2: price '100.15' is not a multiple of the tick 0.1 (or is out of range)");
}

TEST_CASE("a quantity off the given lot is an error naming the line", "[binance]") {
    Recording rec;
    rec.ticker(5, "100.1", "0.0015", "100.2", "1");
    md::ConvertOptions options;
    options.lot_size = 0.001;
    const Run run = convert(rec.text(), options);
    CHECK(run.status == Status::Format);
    CHECK(run.error.message() == "rec.txt:1: quantity '0.0015' is not a multiple of the lot 0.001 (or is out of range)");
}

TEST_CASE("a negative quantity is an error naming the line", "[binance]") {
    Recording rec;
    rec.trade(1, "100.1", "0.001", ",\"m\":true").trade(2, "100.1", "-0.001", ",\"m\":true");
    check_format_error(convert(rec.text()), 2, "quantity '-0.001' is negative");
}

TEST_CASE("a local time of any length but 19 (ns), 16 (us) or 13 (ms) digits, or past 2262, is an error", "[binance]") {
    const char* prefixes[] = {"67132112550000000", "671321125500000000", "9999999999999999", "9999999999999",
                              "17231612560"};
    for (const char* prefix : prefixes) {
        Recording rec;
        rec.trade(1, "100.1", "0.001", ",\"m\":true")
            .raw(std::string(prefix) + R"( {"stream":"btcusdt@trade","data":{}})" "\n");
        INFO(prefix);
        check_format_error(convert(rec.text()), 2, "local receive time");
    }
}

TEST_CASE("a line without the local-time prefix is an error naming the line", "[binance]") {
    Recording rec;
    rec.trade(1, "100.1", "0.001", ",\"m\":true").raw(R"({"stream":"btcusdt@trade","data":{}})" "\n");
    const Run run = convert(rec.text());
    check_format_error(run, 2, "local receive time");
}

TEST_CASE("malformed JSON is an error naming the line", "[binance]") {
    const char* bad[] = {
        R"({"stream":"btcusdt@trade","data":{"e":"trade","p":"1.0","q":"1")",   // cut short
        R"({"stream":"btcusdt@trade","data":{"e":"trade","p":"1.0","q":"1"}}})",  // text after the object
        R"([1,2,3])",                                                              // not an object
        R"({"stream":"btcusdt@trade","data":{"e":"trade","p":1.0,"q":"1"}})",     // price not a string
        R"({"stream":"btcusdt@trade","data":{"e":"trade","p":"1.0.0","q":"1"}})", // not a decimal
        R"({"stream":"btcusdt@depth","data":{"e":"depthUpdate","U":"x","u":2}})",  // id not an integer
    };
    for (const char* json : bad) {
        Recording rec;
        rec.trade(1, "100.1", "0.001", ",\"m\":true").line(json);
        const Run run = convert(rec.text());
        INFO(json);
        CHECK(run.status == Status::Format);
        CHECK(run.error.line == 2);
        CHECK(run.error.file == "rec.txt");
    }
}

TEST_CASE("a message missing a field its type needs is an error naming the field", "[binance]") {
    Recording rec;
    rec.line(R"({"stream":"btcusdt@depth","data":{"e":"depthUpdate","s":"BTCUSDT","u":5,"b":[],"a":[]}})");
    const Run run = convert(rec.text());
    CHECK(run.status == Status::Format);
    CHECK(run.error.message() == "rec.txt:1: a depthUpdate needs U and u");
}

TEST_CASE("gzip input converts exactly like its plain text", "[binance]") {
    Recording rec;
    rec.snapshot(100, kBids, kAsks).depth(99, 105, 98, R"([["100.0","5.000"]])", "[]").trade(1, "100.1", "0.001", ",\"m\":true");
    const Run plain = convert(rec.text());
    const Run zipped = convert(gzip(rec.text()));
    REQUIRE(plain.status == Status::Ok);
    REQUIRE(zipped.status == Status::Ok);
    REQUIRE(plain.sink.events.size() == zipped.sink.events.size());
    CHECK(std::memcmp(plain.sink.events.data(), zipped.sink.events.data(), plain.sink.events.size() * sizeof(md::Event)) == 0);
}

TEST_CASE("a truncated gzip input is an error naming the file and the rule", "[binance]") {
    Recording rec;
    for (int i = 0; i < 200; ++i) rec.trade(static_cast<std::uint64_t>(i), "100.1", "0.001", ",\"m\":true");
    const std::string zipped = gzip(rec.text());
    const Run run = convert(zipped.substr(0, zipped.size() / 2), {}, "cut.gz");
    CHECK(run.status == Status::Format);
    CHECK(run.error.file == "cut.gz");
    CHECK(run.error.rule.find("truncated") != std::string::npos);
}

TEST_CASE("a truncated gzip file on disk is an error naming the file and the rule", "[binance]") {
    Recording rec;
    for (int i = 0; i < 200; ++i) rec.trade(static_cast<std::uint64_t>(i), "100.1", "0.001", ",\"m\":true");
    const std::string zipped = gzip(rec.text());
    const std::string path = "binance_truncated_test.gz";
    FILE* f = std::fopen(path.c_str(), "wb");
    REQUIRE(f != nullptr);
    std::fwrite(zipped.data(), 1, zipped.size() / 2, f);
    std::fclose(f);
    md::VectorSink sink;
    md::ConvertSummary summary;
    md::ConvertError error;
    CHECK(md::convert_binance({path}, sink, {}, summary, error) == Status::Format);
    CHECK(error.file == path);
    CHECK(error.rule.find("truncated") != std::string::npos);
    std::remove(path.c_str());
}

TEST_CASE("a file that cannot be read is an I/O error naming it", "[binance]") {
    md::VectorSink sink;
    md::ConvertSummary summary;
    md::ConvertError error;
    CHECK(md::convert_binance({"no/such/file.gz"}, sink, {}, summary, error) == Status::Io);
    CHECK(error.file == "no/such/file.gz");
}

TEST_CASE("unknown message types are skipped and counted as warnings", "[binance]") {
    Recording rec;
    rec.line(R"({"stream":"btcusdt@markPrice","data":{"e":"markPriceUpdate","E":1,"s":"BTCUSDT","p":"1.0"}})")
        .line(R"({"stream":"btcusdt@markPrice","data":{"e":"markPriceUpdate","E":2,"s":"BTCUSDT","p":"1.0"}})")
        .line(R"({"result":null,"id":1})")
        .line(R"({"code":-1003,"msg":"Too many requests"})")
        .trade(1, "100.1", "0.001", ",\"m\":true");
    const Run run = convert(rec.text());
    REQUIRE(run.status == Status::Ok);
    CHECK(run.of_kind(SGX_MD_TRADE).size() == 1);
    REQUIRE(run.summary.warnings.size() == 3);
    CHECK(run.summary.warnings[0] == "message type 'markPriceUpdate' skipped: 2 (first at rec.txt:1)");
    CHECK(run.summary.warnings[1].find("no known type") != std::string::npos);
    CHECK(run.summary.warnings[2].find("REST error") != std::string::npos);
}

TEST_CASE("local time stepping back by less than 1 s keeps file order, is raised and counted; more is an error", "[binance]") {
    SECTION("a few microseconds back") {
        Recording rec;
        rec.trade(1, "100.1", "0.001", ",\"m\":true");
        rec.step_back(1'005'000);  // the next line is 5 us before this one
        rec.trade(2, "100.2", "0.001", ",\"m\":true");
        const Run run = convert(rec.text());
        REQUIRE(run.status == Status::Ok);
        const auto t = run.of_kind(SGX_MD_TRADE);
        REQUIRE(t.size() == 2);
        CHECK(t[1].order_id == 2);
        CHECK(t[1].local_ts == t[0].local_ts);
        REQUIRE(run.summary.warnings.size() == 1);
        CHECK(run.summary.warnings[0].find("local time stepped back on 1 lines (largest step 5 us") == 0);
    }
    SECTION("two seconds back") {
        Recording rec;
        rec.trade(1, "100.1", "0.001", ",\"m\":true");
        rec.step_back(2'001'000'000);
        rec.trade(2, "100.2", "0.001", ",\"m\":true");
        const Run run = convert(rec.text());
        check_format_error(run, 2, "local time goes back");
    }
}

TEST_CASE("a symbol filter keeps only its symbols; a filtered symbol absent from the input is an error", "[binance]") {
    Recording rec;
    rec.trade(1, "100.1", "0.001", ",\"m\":true")
        .line(kEthTrade);
    md::ConvertOptions options;
    SECTION("kept") {
        options.symbols = {"ethusdt"};
        const Run run = convert(rec.text(), options);
        REQUIRE(run.status == Status::Ok);
        REQUIRE(run.sink.symbols.size() == 1);
        CHECK(std::string(run.sink.symbols[0].name) == "ETHUSDT");
        CHECK(run.sink.symbols[0].id == 0);
        REQUIRE(run.sink.events.size() == 1);
        CHECK(run.sink.events[0].order_id == 9);
    }
    SECTION("unknown") {
        options.symbols = {"SOLUSDT"};
        const Run run = convert(rec.text(), options);
        CHECK(run.status == Status::Format);
        CHECK(run.error.rule == "symbol 'SOLUSDT' (from the symbol filter) is not in the input; symbols found: BTCUSDT, ETHUSDT");
    }
}

TEST_CASE("a REST snapshot in a file with depth streams of two symbols is ambiguous: an error stating the rule", "[binance]") {
    Recording rec;
    rec.depth(1, 2, 0, "[]", "[]", "BTCUSDT").depth(1, 2, 0, "[]", "[]", "ETHUSDT").snapshot(100, kBids, kAsks);
    const Run run = convert(rec.text());
    check_format_error(run, 3, "single depth-stream symbol; this file has 2 (BTCUSDT, ETHUSDT)");
}

TEST_CASE("symbols are registered before their events, each with the grid of its own decimals", "[binance]") {
    Recording rec;
    rec.trade(1, "100.1", "0.001", ",\"m\":true")
        .line(kEthTrade);
    const Run run = convert(rec.text());
    REQUIRE(run.status == Status::Ok);
    REQUIRE(run.sink.symbols.size() == 2);
    CHECK(run.sink.symbols[0].tick_size == Approx(0.1));
    CHECK(run.sink.symbols[1].tick_size == Approx(0.01));
    CHECK(run.sink.symbols[1].lot_size == Approx(0.1));
    CHECK(run.sink.events[1].symbol == 1);
    CHECK(run.sink.events[1].price == 250001);
}

TEST_CASE("older recordings with a microsecond local time convert to nanoseconds", "[binance]") {
    const std::string text =
        R"(1660228023043260 {"stream":"btcusdt@trade","data":{"e":"trade","E":1660228023980,"T":1660228023973,"s":"BTCUSDT","t":2691833663,"p":"24670.90","q":"0.022","X":"MARKET","m":true}})"
        "\n";
    const Run run = convert(text);
    REQUIRE(run.status == Status::Ok);
    REQUIRE(run.sink.events.size() == 1);
    CHECK(run.sink.events[0].local_ts == 1660228023043260000LL);
}

TEST_CASE("describe names events by kind, the time span, gaps, skipped records and warnings", "[binance]") {
    Recording rec;
    rec.snapshot(100, kBids, kAsks)
        .depth(99, 105, 98, R"([["100.0","5.000"]])", "[]")
        .depth(120, 125, 115, R"([["99.9","1.500"]])", "[]")
        .trade(1, "100.1", "0.001", ",\"m\":true")
        .ticker(125, "100.0", "5.000", "100.1", "3.000");
    const Run run = convert(rec.text());
    REQUIRE(run.status == Status::Ok);
    const std::string text = md::describe(run.summary);
    CHECK(text.find("input records: 5\n") != std::string::npos);
    CHECK(text.find("events: 11 (level 6, snapshot begin 1, snapshot end 1, trade 1, bbo 2)") != std::string::npos);
    CHECK(text.find("local time: 2024-08-08 23:54:15.001000000 UTC -> 2024-08-08 23:54:15.005000000 UTC (0.004 s)") != std::string::npos);
    CHECK(text.find("gaps: 1\n") != std::string::npos);
    CHECK(text.find("skipped: 0\n") != std::string::npos);
    CHECK(text.find("warnings: 1\n  BTCUSDT: depth update-id chain broken") != std::string::npos);
}
