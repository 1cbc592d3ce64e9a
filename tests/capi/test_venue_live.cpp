// The live venue's C ABI (capi/sigmax_venue.cpp): the feed record's size,
// NULL pointers, statuses with their detail, PENDING through C, and a
// recorded venue's answers to the feed calls.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#include "sigmax_exec.h"

namespace {

constexpr uint32_t kSymbol = 7;

sgx_md_event level(int64_t exch_ts, int64_t local_ts, uint8_t side, int64_t price, int64_t lots,
                   uint32_t symbol = kSymbol) {
    sgx_md_event e{};
    e.exch_ts = exch_ts;
    e.local_ts = local_ts;
    e.kind = SGX_MD_LEVEL;
    e.side = side;
    e.price = price;
    e.quantity = lots;
    e.symbol = symbol;
    e.flags = SGX_MD_F_LAST;
    return e;
}

sgx_md_symbol btc() {
    sgx_md_symbol s{};
    std::strcpy(s.name, "BTCUSDT");
    s.tick_size = 0.1;
    s.lot_size = 0.001;
    s.contract_size = 1.0;
    s.id = kSymbol;
    return s;
}

sgx_venue_config config() {
    sgx_venue_config c;
    REQUIRE(sgx_venue_config_default(&c) == SGX_OK);
    c.entry_latency_ns = 100;
    c.response_latency_ns = 100;
    return c;
}

// A live venue: start 1000, shift 10, delay 60 (horizon = watermark - 50).
struct LiveVenue {
    sgx_venue* venue = nullptr;
    LiveVenue() {
        const sgx_md_symbol s = btc();
        const sgx_venue_config c = config();
        REQUIRE(sgx_venue_create_live(&venue, &s, 1, &c, 1000, 10, 60) == SGX_OK);
    }
    ~LiveVenue() { sgx_venue_destroy(venue); }
    sgx_venue_feed feed() const {
        sgx_venue_feed f;
        std::memset(&f, 0xAB, sizeof f);
        REQUIRE(sgx_venue_get_feed(&f, venue) == SGX_OK);
        return f;
    }
};

}  // namespace

TEST_CASE("venue C ABI: sgx_venue_feed is 48 bytes, as the library says", "[venue][capi][live]") {
    CHECK(sgx_sizeof_venue_feed() == 48);
    CHECK(sizeof(sgx_venue_feed) == 48);
}

TEST_CASE("venue C ABI: the live calls refuse NULL pointers with SGX_ERR_NULL_POINTER", "[venue][capi][live]") {
    const sgx_md_symbol s = btc();
    const sgx_venue_config c = config();
    sgx_venue* out = reinterpret_cast<sgx_venue*>(uintptr_t{1});
    CHECK(sgx_venue_create_live(nullptr, &s, 1, &c, 0, 0, 0) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_create_live(&out, nullptr, 1, &c, 0, 0, 0) == SGX_ERR_NULL_POINTER);
    CHECK(out == nullptr);
    CHECK(sgx_venue_create_live(&out, &s, 1, nullptr, 0, 0, 0) == SGX_ERR_NULL_POINTER);
    LiveVenue v;
    const sgx_md_event e = level(1, 1, SGX_SIDE_BUY, 100, 1);
    sgx_venue_feed f{};
    CHECK(sgx_venue_push(nullptr, &e, 1) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_push(v.venue, nullptr, 1) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_push(v.venue, nullptr, 0) == SGX_OK);  // nothing to push
    CHECK(sgx_venue_advance_feed(nullptr, 5) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_close_feed(nullptr) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_get_feed(nullptr, v.venue) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_get_feed(&f, nullptr) == SGX_ERR_NULL_POINTER);
    CHECK(v.feed().pushed == 0);
}

TEST_CASE("venue C ABI: create_live checks its config, symbols and delay", "[venue][capi][live]") {
    sgx_md_symbol s = btc();
    sgx_venue_config c = config();
    sgx_venue* out = nullptr;
    CHECK(sgx_venue_create_live(&out, &s, 1, &c, 0, 0, -1) == SGX_ERR_INVALID_CONFIG);
    CHECK(std::string(sgx_error_detail()).find("feed_delay_ns") != std::string::npos);
    CHECK(out == nullptr);
    c.struct_size = 8;
    CHECK(sgx_venue_create_live(&out, &s, 1, &c, 0, 0, 0) == SGX_ERR_STRUCT_SIZE);
    c = config();
    s.reserved[1] = 1;
    CHECK(sgx_venue_create_live(&out, &s, 1, &c, 0, 0, 0) == SGX_ERR_RESERVED);
    s = btc();
    s.tick_size = 0.0;
    CHECK(sgx_venue_create_live(&out, &s, 1, &c, 0, 0, 0) == SGX_ERR_INVALID_CONFIG);
    CHECK(out == nullptr);
}

TEST_CASE("venue C ABI: pushes, promises and PENDING through C; a refused push changes nothing",
          "[venue][capi][live]") {
    LiveVenue v;
    sgx_venue_feed f = v.feed();
    CHECK(f.watermark == INT64_MIN);
    CHECK(f.horizon == INT64_MIN);
    CHECK(f.live == 1);
    CHECK(f.closed == 0);
    const sgx_md_event book[] = {level(950, 1000, SGX_SIDE_BUY, 100, 5), level(950, 1000, SGX_SIDE_SELL, 101, 4)};
    REQUIRE(sgx_venue_push(v.venue, book, 2) == SGX_OK);
    f = v.feed();
    CHECK(f.watermark == 1000);
    CHECK(f.horizon == 950);
    CHECK(f.pushed == 2);
    CHECK(f.pending == 2);

    int32_t step = -1;
    REQUIRE(sgx_venue_goto(&step, v.venue, 2000) == SGX_OK);
    CHECK(step == SGX_VENUE_STEP_PENDING);
    int64_t now = 0;
    REQUIRE(sgx_venue_current_timestamp(&now, v.venue) == SGX_OK);
    CHECK(now == 1000);  // the horizon (950) is before the start: nothing moves

    const sgx_md_event backwards[] = {level(960, 1100, SGX_SIDE_BUY, 99, 1), level(960, 1050, SGX_SIDE_BUY, 98, 1)};
    CHECK(sgx_venue_push(v.venue, backwards, 2) == SGX_ERR_TIME_BACKWARDS);
    CHECK(std::string(sgx_error_detail()).find("event 1") != std::string::npos);
    const sgx_md_event unknown[] = {level(960, 1100, SGX_SIDE_BUY, 99, 1, 8)};
    CHECK(sgx_venue_push(v.venue, unknown, 1) == SGX_ERR_UNKNOWN_SYMBOL);
    CHECK(v.feed().pushed == 2);
    CHECK(v.feed().watermark == 1000);

    REQUIRE(sgx_venue_advance_feed(v.venue, 3000) == SGX_OK);
    CHECK(v.feed().horizon == 2950);
    REQUIRE(sgx_venue_goto(&step, v.venue, 2000) == SGX_OK);
    CHECK(step == SGX_VENUE_STEP_TIMEOUT);
    CHECK(v.feed().pending == 0);
    sgx_md_quote q{};
    REQUIRE(sgx_venue_quote(&q, v.venue, kSymbol) == SGX_OK);
    CHECK(q.bid_price == 100);
    CHECK(q.ask_price == 101);

    REQUIRE(sgx_venue_close_feed(v.venue) == SGX_OK);
    REQUIRE(sgx_venue_close_feed(v.venue) == SGX_OK);
    CHECK(sgx_venue_push(v.venue, book, 2) == SGX_ERR_FEED_CLOSED);
    CHECK(sgx_venue_advance_feed(v.venue, 4000) == SGX_ERR_FEED_CLOSED);
    f = v.feed();
    CHECK(f.closed == 1);
    CHECK(f.horizon == INT64_MAX);
    REQUIRE(sgx_venue_goto(&step, v.venue, 5000) == SGX_OK);
    CHECK(step == SGX_VENUE_STEP_END);
}

TEST_CASE("venue C ABI: a recorded venue is a closed feed and refuses the feed calls with INVALID_OP",
          "[venue][capi][live]") {
    const char* path = "sgx_venue_live_recorded.sgxmd";
    sgx_md_writer* w = nullptr;
    REQUIRE(sgx_md_writer_create(&w, path) == SGX_OK);
    const sgx_md_symbol s = btc();
    REQUIRE(sgx_md_writer_add_symbol(w, &s) == SGX_OK);
    const sgx_md_event book[] = {level(950, 1000, SGX_SIDE_BUY, 100, 5), level(960, 1010, SGX_SIDE_SELL, 101, 4)};
    REQUIRE(sgx_md_writer_write(w, book, 2) == SGX_OK);
    REQUIRE(sgx_md_writer_finish(w) == SGX_OK);
    sgx_md_writer_destroy(w);
    sgx_md_file* file = nullptr;
    REQUIRE(sgx_md_file_open(&file, path) == SGX_OK);
    const sgx_venue_config c = config();
    sgx_venue* venue = nullptr;
    REQUIRE(sgx_venue_create(&venue, file, &c) == SGX_OK);
    CHECK(sgx_venue_push(venue, book, 2) == SGX_ERR_INVALID_OP);
    CHECK(sgx_venue_advance_feed(venue, 5) == SGX_ERR_INVALID_OP);
    CHECK(sgx_venue_close_feed(venue) == SGX_ERR_INVALID_OP);
    sgx_venue_feed f{};
    REQUIRE(sgx_venue_get_feed(&f, venue) == SGX_OK);
    CHECK(f.live == 0);
    CHECK(f.closed == 1);
    CHECK(f.pushed == 2);
    CHECK(f.pending == 2);
    CHECK(f.watermark == 1010);
    CHECK(f.horizon == INT64_MAX);
    CHECK(f.late_events == 0);
    sgx_venue_destroy(venue);
    sgx_md_file_close(file);
    std::remove(path);
}
