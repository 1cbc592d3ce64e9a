// The Databento DBN MBO converter on streams written here by a small encoder
// that follows Databento's published DBN layout (versions 1, 2 and 3): each
// rule with its expected event stream, and every bad-input rule.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "md_test_util.hpp"
#include "sigmax/market/dbn.hpp"

using namespace sigmax;
using namespace sigmax::md;
using mdtest::Brief;

namespace {

constexpr int B = SGX_SIDE_BUY, S = SGX_SIDE_SELL, N = SGX_MD_SIDE_NONE;
constexpr int LAST = SGX_MD_F_LAST, SNAP = SGX_MD_F_SNAPSHOT;
constexpr std::uint8_t F_LAST = 0x80, F_SNAPSHOT = 0x20, F_BAD_TS_RECV = 0x08, F_MAYBE_BAD_BOOK = 0x04;
constexpr std::int64_t kUndefPrice = INT64_MAX;

template <typename T>
void put(std::string& out, T v) {
    char b[sizeof v];
    std::memcpy(b, &v, sizeof v);
    out.append(b, sizeof v);
}

void put_cstr(std::string& out, const std::string& s, std::size_t len) {
    std::string field(len, '\0');
    std::memcpy(field.data(), s.data(), std::min(s.size(), len - 1));
    out += field;
}

struct Mapping {
    std::string raw;
    std::vector<std::string> symbols;  // one interval each
};

struct Meta {
    int version = 2;
    std::uint16_t schema = 0;  // mbo
    std::string dataset = "GLBX.MDP3";
    std::uint8_t stype_in = 1, stype_out = 0;  // raw_symbol -> instrument_id
    std::vector<Mapping> mappings;
};

// The DBN prelude and metadata.
std::string metadata(const Meta& m) {
    const std::size_t cstr_len = m.version == 1 ? 22 : 71;
    std::string body;
    put_cstr(body, m.dataset, 16);
    put<std::uint16_t>(body, m.schema);
    put<std::uint64_t>(body, 1700000000000000000ull);  // start
    put<std::uint64_t>(body, 1700000100000000000ull);  // end
    put<std::uint64_t>(body, 0);                       // limit
    if (m.version == 1) put<std::uint64_t>(body, 0);   // record_count
    put<std::uint8_t>(body, m.stype_in);
    put<std::uint8_t>(body, m.stype_out);
    put<std::uint8_t>(body, 0);  // ts_out
    if (m.version == 1) {
        body.append(47, '\0');
    } else {
        put<std::uint16_t>(body, static_cast<std::uint16_t>(cstr_len));
        body.append(53, '\0');
    }
    put<std::uint32_t>(body, 0);  // schema_definition_length
    put<std::uint32_t>(body, static_cast<std::uint32_t>(m.mappings.size()));  // symbols
    for (const auto& mp : m.mappings) put_cstr(body, mp.raw, cstr_len);
    put<std::uint32_t>(body, 0);  // partial
    put<std::uint32_t>(body, 0);  // not_found
    put<std::uint32_t>(body, static_cast<std::uint32_t>(m.mappings.size()));
    for (const auto& mp : m.mappings) {
        put_cstr(body, mp.raw, cstr_len);
        put<std::uint32_t>(body, static_cast<std::uint32_t>(mp.symbols.size()));
        for (const auto& sym : mp.symbols) {
            put<std::uint32_t>(body, 20231114);
            put<std::uint32_t>(body, 20231115);
            put_cstr(body, sym, cstr_len);
        }
    }
    if (m.version >= 3)
        while ((body.size() + 8) % 8 != 0) body.push_back('\0');  // v3 pads the metadata to 8 bytes
    std::string out = "DBN";
    out.push_back(static_cast<char>(m.version));
    put<std::uint32_t>(out, static_cast<std::uint32_t>(body.size()));
    return out + body;
}

struct Mbo {
    std::uint32_t instrument = 4916;
    char action = 'A';
    char side = 'B';
    std::int64_t price = 0;  // 1e-9 units
    std::uint32_t size = 1;
    std::uint8_t flags = F_LAST;
    std::uint64_t order_id = 0;
    std::uint64_t ts_event = 1000;
    std::uint64_t ts_recv = 2000;
    std::uint32_t sequence = 0;
    std::uint16_t publisher = 1;
};

// One 56-byte MBO record (rtype 0xA0).
std::string mbo(const Mbo& r) {
    std::string out;
    put<std::uint8_t>(out, 14);  // length in 4-byte units
    put<std::uint8_t>(out, 0xA0);
    put<std::uint16_t>(out, r.publisher);
    put<std::uint32_t>(out, r.instrument);
    put<std::uint64_t>(out, r.ts_event);
    put<std::uint64_t>(out, r.order_id);
    put<std::int64_t>(out, r.price);
    put<std::uint32_t>(out, r.size);
    put<std::uint8_t>(out, r.flags);
    put<std::uint8_t>(out, 0);  // channel_id
    out.push_back(r.action);
    out.push_back(r.side);
    put<std::uint64_t>(out, r.ts_recv);
    put<std::int32_t>(out, 0);  // ts_in_delta
    put<std::uint32_t>(out, r.sequence);
    return out;
}

constexpr std::int64_t P = 1000000000;  // 1.0 in DBN price units

Meta es_meta(int version) {
    Meta m;
    m.version = version;
    m.mappings = {{"ESM4", {"4916"}}};
    return m;
}

// add, add, modify, fill, cancel, trade, clear
std::string lifecycle_records() {
    return mbo({.action = 'A', .side = 'B', .price = 5000 * P, .size = 5, .flags = F_LAST, .order_id = 11, .ts_event = 100, .ts_recv = 110, .sequence = 1}) +
           mbo({.action = 'A', .side = 'A', .price = 5001 * P, .size = 3, .flags = F_LAST, .order_id = 12, .ts_event = 200, .ts_recv = 210, .sequence = 2}) +
           mbo({.action = 'M', .side = 'B', .price = 5000 * P, .size = 4, .flags = F_LAST, .order_id = 11, .ts_event = 300, .ts_recv = 310, .sequence = 3}) +
           mbo({.action = 'T', .side = 'A', .price = 5000 * P, .size = 2, .flags = 0, .order_id = 0, .ts_event = 400, .ts_recv = 410, .sequence = 4}) +
           mbo({.action = 'F', .side = 'B', .price = 5000 * P, .size = 2, .flags = 0, .order_id = 11, .ts_event = 400, .ts_recv = 410, .sequence = 4}) +
           mbo({.action = 'C', .side = 'B', .price = 5000 * P, .size = 2, .flags = F_LAST, .order_id = 11, .ts_event = 400, .ts_recv = 410, .sequence = 4}) +
           mbo({.action = 'R', .side = 'N', .price = kUndefPrice, .size = 0, .flags = F_LAST, .order_id = 0, .ts_event = 500, .ts_recv = 510, .sequence = 5});
}

const std::vector<Brief> kLifecycle = {
    {SGX_MD_ADD, B, 5000 * P, 5, LAST},
    {SGX_MD_ADD, S, 5001 * P, 3, LAST},
    {SGX_MD_MODIFY, B, 5000 * P, 4, LAST},
    {SGX_MD_TRADE, S, 5000 * P, 2, 0},
    {SGX_MD_FILL, B, 5000 * P, 2, SGX_MD_F_NO_BOOK_CHANGE},  // its CANCEL below changes the book
    {SGX_MD_CANCEL, B, 5000 * P, 2, LAST},
    {SGX_MD_CLEAR, N, 0, 0, LAST},
};

struct Run {
    Status status;
    VectorSink sink;
    ConvertSummary summary;
    ConvertError error;
};

Run convert(const std::string& bytes, const ConvertOptions& options = {}) {
    Run run;
    run.status = convert_dbn_bytes(bytes, "in.dbn", run.sink, options, run.summary, run.error);
    return run;
}

}  // namespace

TEST_CASE("a DBN v1 MBO stream maps add, modify, trade, fill, cancel and clear to L3 events") {
    Run r = convert(metadata(es_meta(1)) + lifecycle_records());
    REQUIRE(r.status == Status::Ok);
    CHECK(mdtest::briefs(r.sink.events) == kLifecycle);
    REQUIRE(r.sink.symbols.size() == 1);
    CHECK(std::string(r.sink.symbols[0].name) == "ESM4");
    CHECK(std::string(r.sink.symbols[0].venue) == "GLBX.MDP3");
    CHECK(r.sink.symbols[0].tick_size == 1e-9);
    CHECK(r.sink.symbols[0].lot_size == 1.0);
    const Event& add = r.sink.events[0];
    CHECK(add.order_id == 11);
    CHECK(add.exch_ts == 100);
    CHECK(add.local_ts == 110);
    CHECK(add.sequence == 1);
    CHECK(r.sink.events[3].order_id == 0);   // a trade carries no order id (DBN has no trade id)
    CHECK(r.sink.events[4].order_id == 11);  // the fill names the resting order
    CHECK(r.summary.input_records == 7);
    CHECK(r.summary.events_by_kind[SGX_MD_ADD] == 2);
}

TEST_CASE("DBN v2 and v3 streams give the same events as v1") {
    for (int version : {2, 3}) {
        Run r = convert(metadata(es_meta(version)) + lifecycle_records());
        INFO("version " << version);
        REQUIRE(r.status == Status::Ok);
        CHECK(mdtest::briefs(r.sink.events) == kLifecycle);
        CHECK(std::string(r.sink.symbols[0].name) == "ESM4");
    }
}

TEST_CASE("a zstd-compressed DBN stream converts like the plain one") {
    for (int version : {1, 2}) {
        Run r = convert(mdtest::zstd(metadata(es_meta(version)) + lifecycle_records()));
        REQUIRE(r.status == Status::Ok);
        CHECK(mdtest::briefs(r.sink.events) == kLifecycle);
    }
}

TEST_CASE("a DBN trade's side is the aggressor's; side N is NO_AGGRESSOR") {
    Run r = convert(metadata(es_meta(2)) + mbo({.action = 'T', .side = 'B', .price = P}) +
                    mbo({.action = 'T', .side = 'N', .price = P}));
    REQUIRE(r.status == Status::Ok);
    const std::vector<Brief> expected = {{SGX_MD_TRADE, B, P, 1, LAST},
                                         {SGX_MD_TRADE, N, P, 1, LAST | SGX_MD_F_NO_AGGRESSOR}};
    CHECK(mdtest::briefs(r.sink.events) == expected);
}

TEST_CASE("a DBN snapshot (clear then adds flagged F_SNAPSHOT) is wrapped in SNAPSHOT_BEGIN and SNAPSHOT_END") {
    const std::uint8_t snap = F_SNAPSHOT | F_BAD_TS_RECV;
    Run r = convert(metadata(es_meta(2)) +
                    mbo({.action = 'R', .side = 'N', .price = kUndefPrice, .size = 0, .flags = snap}) +
                    mbo({.action = 'A', .side = 'B', .price = 10 * P, .size = 1, .flags = snap, .order_id = 1}) +
                    mbo({.action = 'A', .side = 'A', .price = 11 * P, .size = 2, .flags = static_cast<std::uint8_t>(snap | F_LAST), .order_id = 2}) +
                    mbo({.action = 'A', .side = 'B', .price = 9 * P, .size = 3, .flags = F_LAST, .order_id = 3, .ts_recv = 3000}));
    REQUIRE(r.status == Status::Ok);
    const std::vector<Brief> expected = {
        {SGX_MD_SNAPSHOT_BEGIN, N, 0, 0, SNAP}, {SGX_MD_CLEAR, N, 0, 0, SNAP},
        {SGX_MD_ADD, B, 10 * P, 1, SNAP},       {SGX_MD_ADD, S, 11 * P, 2, SNAP},
        {SGX_MD_SNAPSHOT_END, N, 0, 0, SNAP | LAST},
        {SGX_MD_ADD, B, 9 * P, 3, LAST},
    };
    CHECK(mdtest::briefs(r.sink.events) == expected);
}

TEST_CASE("a DBN snapshot still open at the end of the input is closed") {
    Run r = convert(metadata(es_meta(2)) + mbo({.action = 'A', .side = 'B', .price = P, .flags = F_SNAPSHOT}));
    REQUIRE(r.status == Status::Ok);
    REQUIRE(r.sink.events.size() == 3);
    CHECK(r.sink.events.back().kind == SGX_MD_SNAPSHOT_END);
}

TEST_CASE("F_MAYBE_BAD_BOOK flags the event as a gap and counts it") {
    Run r = convert(metadata(es_meta(2)) + mbo({.price = P, .flags = F_LAST | F_MAYBE_BAD_BOOK}));
    REQUIRE(r.status == Status::Ok);
    CHECK((r.sink.events[0].flags & SGX_MD_F_GAP) != 0);
    CHECK(r.summary.gaps == 1);
}

TEST_CASE("action N records and records of other rtypes are skipped and counted") {
    std::string system_msg;  // a v2 SystemMsg-sized record of rtype 0x17
    put<std::uint8_t>(system_msg, 80);
    put<std::uint8_t>(system_msg, 0x17);
    system_msg.append(318, '\0');
    Run r = convert(metadata(es_meta(2)) + mbo({.action = 'N', .side = 'N', .price = kUndefPrice}) + system_msg +
                    mbo({.price = P}));
    REQUIRE(r.status == Status::Ok);
    CHECK(r.sink.events.size() == 1);
    CHECK(r.summary.skipped == 2);
    CHECK(r.summary.input_records == 3);
    CHECK(r.summary.warnings.size() == 2);
}

TEST_CASE("an instrument no mapping names is named by its instrument id; the mappings also read stype_in instrument_id") {
    Run unnamed = convert(metadata(Meta{}) + mbo({.instrument = 77, .price = P}));
    REQUIRE(unnamed.status == Status::Ok);
    CHECK(std::string(unnamed.sink.symbols[0].name) == "77");
    Meta reverse;
    reverse.stype_in = 0;
    reverse.stype_out = 1;
    reverse.mappings = {{"77", {"NQZ3"}}};
    Run named = convert(metadata(reverse) + mbo({.instrument = 77, .price = P}));
    REQUIRE(named.status == Status::Ok);
    CHECK(std::string(named.sink.symbols[0].name) == "NQZ3");
}

TEST_CASE("two instruments of one parent symbol get distinct names") {
    Meta parent;
    parent.stype_in = 4;  // parent
    parent.mappings = {{"ES.FUT", {"1", "2"}}};
    Run r = convert(metadata(parent) + mbo({.instrument = 1, .price = P}) + mbo({.instrument = 2, .price = P}));
    REQUIRE(r.status == Status::Ok);
    REQUIRE(r.sink.symbols.size() == 2);
    CHECK(std::string(r.sink.symbols[0].name) == "ES.FUT");
    CHECK(std::string(r.sink.symbols[1].name) == "ES.FUT@1");
    CHECK(r.sink.events[1].symbol == r.sink.symbols[1].id);
}

TEST_CASE("a given tick divides DBN prices; a price off it is an error naming the offset") {
    ConvertOptions options;
    options.tick_size = 0.25;
    Run ok = convert(metadata(es_meta(2)) + mbo({.price = 5000 * P + P / 4}), options);
    REQUIRE(ok.status == Status::Ok);
    CHECK(ok.sink.events[0].price == 20001);
    CHECK(ok.sink.symbols[0].tick_size == 0.25);
    const std::string meta = metadata(es_meta(2));
    Run bad = convert(meta + mbo({.price = P}) + mbo({.price = P + 1}), options);
    REQUIRE(bad.status == Status::Format);
    CHECK(bad.error.offset == meta.size() + 56);
    CHECK(bad.error.rule.find("off the tick") != std::string::npos);
}

TEST_CASE("the symbol filter keeps the named DBN symbols") {
    Meta m;
    m.mappings = {{"ESM4", {"1"}}, {"NQM4", {"2"}}};
    ConvertOptions options;
    options.symbols = {"NQM4"};
    Run r = convert(metadata(m) + mbo({.instrument = 1, .price = P}) + mbo({.instrument = 2, .price = P}), options);
    REQUIRE(r.status == Status::Ok);
    REQUIRE(r.sink.symbols.size() == 1);
    CHECK(std::string(r.sink.symbols[0].name) == "NQM4");
    CHECK(r.sink.events.size() == 1);
    CHECK(r.summary.skipped == 1);
}

TEST_CASE("a stream without the DBN magic is an error at offset 0") {
    Run r = convert("XYZ\x02" + std::string(200, '\0'));
    REQUIRE(r.status == Status::Format);
    CHECK(r.error.message() == "in.dbn@0: not a DBN stream: expected the magic bytes 'DBN' at offset 0");
}

TEST_CASE("an unsupported DBN version is an error naming it") {
    std::string bytes = metadata(es_meta(2));
    bytes[3] = 9;
    Run r = convert(bytes);
    REQUIRE(r.status == Status::Format);
    CHECK(r.error.rule == "unsupported DBN version 9 (versions 1, 2 and 3 are read)");
}

TEST_CASE("a DBN file of another schema is an error naming the schema") {
    Meta m = es_meta(2);
    m.schema = 2;
    Run r = convert(metadata(m) + mbo({.price = P}));
    REQUIRE(r.status == Status::Format);
    CHECK(r.error.rule == "schema mbp-10: only MBO (market by order) files are converted");
    CHECK(r.sink.events.empty());
}

TEST_CASE("a truncated DBN record is an error naming its offset") {
    const std::string meta = metadata(es_meta(2));
    const std::string rec = mbo({.price = P});
    Run r = convert(meta + rec + rec.substr(0, 30));
    REQUIRE(r.status == Status::Format);
    CHECK(r.error.offset == meta.size() + 56);
    CHECK(r.error.rule == "truncated record: the input ends after 30 of its 56 bytes");
    Run header = convert(meta + rec.substr(0, 10));
    CHECK(header.error.rule == "truncated record: the input ends 10 bytes into a record header");
}

TEST_CASE("a record shorter than its rtype requires is an error") {
    const std::string meta = metadata(es_meta(2));
    std::string rec = mbo({.price = P});
    rec[0] = 10;  // 40 bytes: less than an MBO record
    Run r = convert(meta + rec);
    REQUIRE(r.status == Status::Format);
    CHECK(r.error.rule == "MBO record length 40 is shorter than the 56 bytes an MBO record needs");
    rec[0] = 2;
    Run tiny = convert(meta + rec);
    CHECK(tiny.error.rule == "record length 8 is shorter than the 16-byte record header");
}

TEST_CASE("an unknown MBO action or side is an error naming the offset") {
    const std::string meta = metadata(es_meta(2));
    Run action = convert(meta + mbo({.action = 'X', .price = P}));
    CHECK(action.error.message() == "in.dbn@" + std::to_string(meta.size()) + ": unknown MBO action 'X' (A, C, M, R, T, F or N)");
    Run side = convert(meta + mbo({.side = 'Q', .price = P}));
    CHECK(side.error.rule == "unknown MBO side 'Q' (A, B or N)");
}

TEST_CASE("truncated DBN metadata is an error") {
    const std::string meta = metadata(es_meta(2));
    Run r = convert(meta.substr(0, 60));
    REQUIRE(r.status == Status::Format);
    CHECK(r.error.rule.find("truncated metadata") == 0);
    std::string lying = meta;
    lying[8 + 104 + 3] = 0x7f;  // a symbols count far beyond the metadata
    CHECK(convert(lying).status == Status::Format);
}

TEST_CASE("a truncated zstd DBN stream is an error naming the file") {
    std::string records;
    for (int i = 0; i < 400; ++i) records += mbo({.price = (5000 + i % 7) * P, .order_id = static_cast<std::uint64_t>(i)});
    const std::string z = mdtest::zstd(metadata(es_meta(2)) + records);
    Run r = convert(z.substr(0, z.size() - 20));
    REQUIRE(r.status == Status::Format);
    CHECK(r.error.file == "in.dbn");
    CHECK(r.error.rule.find("truncated") == 0);
}

TEST_CASE("a missing DBN file is an I/O error naming it") {
    VectorSink sink;
    ConvertSummary summary;
    ConvertError error;
    CHECK(convert_dbn("/nonexistent/x.dbn.zst", sink, {}, summary, error) == Status::Io);
    CHECK(error.file == "/nonexistent/x.dbn.zst");
}

TEST_CASE("a ts_recv earlier than the record before keeps its place, takes that record's ts_recv, and is counted") {
    const std::string meta = metadata(es_meta(2));
    Run r = convert(meta + mbo({.price = P, .order_id = 1, .ts_recv = 5000}) +
                    mbo({.price = 2 * P, .order_id = 2, .ts_recv = 10}) +
                    mbo({.price = 3 * P, .order_id = 3, .ts_recv = 6000}));
    REQUIRE(r.status == Status::Ok);
    REQUIRE(r.sink.events.size() == 3);
    CHECK(r.sink.events[1].order_id == 2);
    CHECK(r.sink.events[1].local_ts == 5000);
    CHECK(r.sink.events[2].local_ts == 6000);
    REQUIRE(!r.summary.warnings.empty());
    CHECK_THAT(r.summary.warnings.back(), Catch::Contains("1 records with a ts_recv earlier"));
}

TEST_CASE("a tick of 2^63 DBN price units or more is an invalid config, not an overflow") {
    ConvertOptions options;
    options.tick_size = 1e10;
    Run r = convert(metadata(es_meta(2)) + mbo({.price = P}), options);
    CHECK(r.status == Status::InvalidConfig);
    CHECK_THAT(r.error.rule, Catch::Contains("below 2^63"));
    options.tick_size = 9e9;
    CHECK(convert(metadata(es_meta(2)) + mbo({.price = 0}), options).status == Status::Ok);
}
