// The simulated venue's C ABI (capi/sigmax_venue.cpp): NULLs, sizes, config
// records checked before the venue reads them, statuses passed through, and
// a scripted run through C equal, record for record, to the same run through
// the C++ API (sigmax::venue::Venue).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "sigmax/market/event_file.hpp"
#include "sigmax/venue/venue.hpp"
#include "sigmax_exec.h"

namespace {

constexpr uint32_t kSymbol = 7;
constexpr int64_t kLatency = 100;  // ns each way (constant model)

sgx_md_event level(int64_t ts, uint8_t side, int64_t price, int64_t lots) {
    sgx_md_event e{};
    e.exch_ts = ts;
    e.local_ts = ts + 50;
    e.kind = SGX_MD_LEVEL;
    e.side = side;
    e.price = price;
    e.quantity = lots;
    e.symbol = kSymbol;
    e.flags = SGX_MD_F_LAST;
    return e;
}

sgx_md_event trade(int64_t ts, uint8_t aggressor, int64_t price, int64_t lots) {
    sgx_md_event e = level(ts, aggressor, price, lots);
    e.kind = SGX_MD_TRADE;
    return e;
}

// A small market for symbol 7 (tick 0.1, lot 0.001): bids 100 x 5 and 99 x 7,
// ask 101 x 4; sellers then trade through the bid at 100 and the ask moves.
std::vector<sgx_md_event> market() {
    return {level(1000, SGX_SIDE_BUY, 100, 5), level(1000, SGX_SIDE_SELL, 101, 4),
            level(2000, SGX_SIDE_BUY, 99, 7),  trade(5000, SGX_SIDE_SELL, 100, 3),
            level(5000, SGX_SIDE_BUY, 100, 2), trade(6000, SGX_SIDE_SELL, 100, 4),
            level(6000, SGX_SIDE_BUY, 100, 0), level(7000, SGX_SIDE_SELL, 102, 3),
            level(7000, SGX_SIDE_SELL, 101, 0), trade(8000, SGX_SIDE_BUY, 102, 3),
            level(9000, SGX_SIDE_BUY, 101, 2),  level(10000, SGX_SIDE_SELL, 102, 1)};
}

// Writes the market to a temporary event file; removed when it goes.
struct TempEventFile {
    std::string path;
    explicit TempEventFile(const char* name) {
        path = (std::filesystem::temp_directory_path() / (std::string("sgx_venue_") + name + ".sgxmd")).string();
        sgx_md_writer* w = nullptr;
        REQUIRE(sgx_md_writer_create(&w, path.c_str()) == SGX_OK);
        sgx_md_symbol s{};
        std::strcpy(s.name, "BTCUSDT");
        s.tick_size = 0.1;
        s.lot_size = 0.001;
        s.contract_size = 1.0;
        s.id = kSymbol;
        REQUIRE(sgx_md_writer_add_symbol(w, &s) == SGX_OK);
        const auto events = market();
        REQUIRE(sgx_md_writer_write(w, events.data(), events.size()) == SGX_OK);
        REQUIRE(sgx_md_writer_finish(w) == SGX_OK);
        sgx_md_writer_destroy(w);
    }
    ~TempEventFile() { std::filesystem::remove(path); }
};

sgx_venue_config constant_config() {
    sgx_venue_config c;
    REQUIRE(sgx_venue_config_default(&c) == SGX_OK);
    c.latency_model = SGX_LATENCY_CONSTANT;
    c.entry_latency_ns = kLatency;
    c.response_latency_ns = kLatency;
    c.defaults.maker_fee = -0.0001;
    c.defaults.taker_fee = 0.0005;
    return c;
}

struct CVenue {
    sgx_md_file* file = nullptr;
    sgx_venue* venue = nullptr;
    CVenue(const std::string& path, const sgx_venue_config& config) {
        REQUIRE(sgx_md_file_open(&file, path.c_str()) == SGX_OK);
        REQUIRE(sgx_venue_create(&venue, file, &config) == SGX_OK);
    }
    ~CVenue() {
        sgx_venue_destroy(venue);
        sgx_md_file_close(file);
    }
};

template <class T>
bool same_bytes(const T& a, const T& b) {
    return std::memcmp(&a, &b, sizeof(T)) == 0;
}

}  // namespace

TEST_CASE("venue C ABI: record sizes are the header's and the defaults carry struct_size", "[venue][capi]") {
    CHECK(sgx_sizeof_order_latency_row() == 32);
    CHECK(sgx_sizeof_venue_symbol_config() == 48);
    CHECK(sgx_sizeof_venue_config() == 152);
    CHECK(sgx_sizeof_venue_order() == 128);
    CHECK(sgx_sizeof_venue_fill() == 64);
    CHECK(sgx_sizeof_venue_state() == 128);
    sgx_venue_config c;
    std::memset(&c, 0xAB, sizeof c);
    REQUIRE(sgx_venue_config_default(&c) == SGX_OK);
    CHECK(c.struct_size == sizeof(sgx_venue_config));
    CHECK(c.last_trades_capacity == 1024);
    CHECK(c.local_latency_floor_ns == 0);
    CHECK(c.entry_latency_mul == 1.0);
    CHECK(c.symbols == nullptr);
    CHECK(c.latency_rows == nullptr);
    CHECK(same_bytes(c, sigmax::venue::default_config()));
}

TEST_CASE("venue C ABI: every NULL pointer argument is SGX_ERR_NULL_POINTER", "[venue][capi]") {
    TempEventFile f("nulls");
    const sgx_venue_config config = constant_config();
    CVenue v(f.path, config);
    int32_t step = 0;
    int64_t i64 = 0;
    size_t n = 0;
    double d = 0;
    sgx_venue_order order{};
    sgx_venue_state state{};
    sgx_md_quote quote{};
    CHECK(sgx_venue_config_default(nullptr) == SGX_ERR_NULL_POINTER);
    sgx_venue* out = reinterpret_cast<sgx_venue*>(&step);
    CHECK(sgx_venue_create(nullptr, v.file, &config) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_create(&out, nullptr, &config) == SGX_ERR_NULL_POINTER);
    CHECK(out == nullptr);
    CHECK(sgx_venue_create(&out, v.file, nullptr) == SGX_ERR_NULL_POINTER);
    sgx_venue_destroy(nullptr);
    CHECK(sgx_venue_goto(nullptr, v.venue, 0) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_goto(&step, nullptr, 0) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_elapse(nullptr, v.venue, 0) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_elapse(&step, nullptr, 0) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_wait_next_feed(nullptr, v.venue, 0, 0) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_wait_next_feed(&step, nullptr, 0, 0) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_wait_order_response(nullptr, v.venue, kSymbol, 1, 0) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_wait_order_response(&step, nullptr, kSymbol, 1, 0) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_current_timestamp(nullptr, v.venue) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_current_timestamp(&i64, nullptr) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_local_shift(nullptr, v.venue) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_local_shift(&i64, nullptr) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_submit(nullptr, kSymbol, 1, 0, 100, 1, 0, 0) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_modify(nullptr, kSymbol, 1, 100, 1) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_cancel(nullptr, kSymbol, 1) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_cancel_all(nullptr, v.venue, kSymbol) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_cancel_all(&n, nullptr, kSymbol) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_clear_inactive_orders(nullptr, kSymbol) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_get_order(nullptr, v.venue, kSymbol, 1) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_get_order(&order, nullptr, kSymbol, 1) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_orders(nullptr, 1, &n, v.venue, kSymbol) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_orders(&order, 1, nullptr, v.venue, kSymbol) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_orders(&order, 1, &n, nullptr, kSymbol) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_get_state(nullptr, v.venue, kSymbol) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_get_state(&state, nullptr, kSymbol) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_quote(nullptr, v.venue, kSymbol) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_quote(&quote, nullptr, kSymbol) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_depth(nullptr, 1, &n, v.venue, kSymbol, 0) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_depth(nullptr, 0, nullptr, v.venue, kSymbol, 0) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_depth(nullptr, 0, &n, nullptr, kSymbol, 0) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_quantity_at(nullptr, v.venue, kSymbol, 0, 100) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_quantity_at(&i64, nullptr, kSymbol, 0, 100) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_last_trades(nullptr, 1, &n, v.venue, kSymbol) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_last_trades(nullptr, 0, nullptr, v.venue, kSymbol) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_last_trades(nullptr, 0, &n, nullptr, kSymbol) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_fills(nullptr, 1, 0, &n, v.venue) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_fills(nullptr, 0, 0, nullptr, v.venue) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_fills(nullptr, 0, 0, &n, nullptr) == SGX_ERR_NULL_POINTER);
    uint64_t dropped = 0;
    CHECK(sgx_venue_dropped_trades(nullptr, v.venue, kSymbol) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_dropped_trades(&dropped, nullptr, kSymbol) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_queue_position(nullptr, v.venue, kSymbol, 1) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_venue_queue_position(&d, nullptr, kSymbol, 1) == SGX_ERR_NULL_POINTER);
    // Capacity 0 needs no array.
    CHECK(sgx_venue_orders(nullptr, 0, &n, v.venue, kSymbol) == SGX_OK);
    CHECK(n == 0);
    CHECK(sgx_venue_fills(nullptr, 0, 0, &n, v.venue) == SGX_OK);
    CHECK(n == 0);
}

TEST_CASE("venue C ABI: a config record with a wrong size, reserved bytes or NULL arrays is refused before the venue reads it", "[venue][capi]") {
    TempEventFile f("config");
    sgx_md_file* file = nullptr;
    REQUIRE(sgx_md_file_open(&file, f.path.c_str()) == SGX_OK);
    sgx_venue* v = nullptr;
    sgx_venue_config c = constant_config();
    SECTION("struct_size") {
        c.struct_size = 8;
        CHECK(sgx_venue_create(&v, file, &c) == SGX_ERR_STRUCT_SIZE);
    }
    SECTION("reserved bytes of the config") {
        c.reserved0[1] = 1;
        CHECK(sgx_venue_create(&v, file, &c) == SGX_ERR_RESERVED);
        c.reserved0[1] = 0;
        c.reserved[1] = 1;
        CHECK(sgx_venue_create(&v, file, &c) == SGX_ERR_RESERVED);
    }
    SECTION("reserved bytes of the defaults and of an override") {
        c.defaults.reserved0 = 1;
        CHECK(sgx_venue_create(&v, file, &c) == SGX_ERR_RESERVED);
        c.defaults.reserved0 = 0;
        sgx_venue_symbol_config o = c.defaults;
        o.symbol = kSymbol;
        o.reserved[0] = 3;
        c.symbols = &o;
        c.symbol_count = 1;
        CHECK(sgx_venue_create(&v, file, &c) == SGX_ERR_RESERVED);
    }
    SECTION("reserved field of a latency row") {
        sgx_order_latency_row rows[2] = {{0, 10, 20, 0}, {100, 110, 120, 5}};
        c.latency_model = SGX_LATENCY_INTERPOLATED;
        c.latency_rows = rows;
        c.latency_row_count = 2;
        CHECK(sgx_venue_create(&v, file, &c) == SGX_ERR_RESERVED);
    }
    SECTION("NULL arrays with a count") {
        c.latency_row_count = 1;
        CHECK(sgx_venue_create(&v, file, &c) == SGX_ERR_NULL_POINTER);
        c.latency_row_count = 0;
        c.symbol_count = 1;
        CHECK(sgx_venue_create(&v, file, &c) == SGX_ERR_NULL_POINTER);
    }
    SECTION("values the venue refuses: INVALID_CONFIG with a detail text") {
        c.defaults.queue_power = 0.0;
        c.defaults.queue_model = SGX_QUEUE_POWER;
        CHECK(sgx_venue_create(&v, file, &c) == SGX_ERR_INVALID_CONFIG);
        CHECK(std::strlen(sgx_error_detail()) > 0);
        c.defaults.queue_power = 2.0;
        sgx_venue_symbol_config o = c.defaults;
        o.symbol = 99;  // not in the file
        c.symbols = &o;
        c.symbol_count = 1;
        CHECK(sgx_venue_create(&v, file, &c) == SGX_ERR_INVALID_CONFIG);
        CHECK(std::strlen(sgx_error_detail()) > 0);
    }
    SECTION("a book model other than L2 (0) and L3 (1)") {
        c.book_model = 2;
        CHECK(sgx_venue_create(&v, file, &c) == SGX_ERR_INVALID_CONFIG);
        CHECK(std::strstr(sgx_error_detail(), "book_model") != nullptr);
    }
    CHECK(v == nullptr);
    sgx_md_file_close(file);
}

TEST_CASE("venue C ABI: book_model L3 is accepted (exact queues)", "[venue][capi][l3]") {
    TempEventFile f("config_l3");
    sgx_md_file* file = nullptr;
    REQUIRE(sgx_md_file_open(&file, f.path.c_str()) == SGX_OK);
    sgx_venue* v = nullptr;
    sgx_venue_config c = constant_config();
    c.book_model = SGX_BOOK_L3;
    CHECK(sgx_venue_create(&v, file, &c) == SGX_OK);
    CHECK(v != nullptr);
    sgx_venue_destroy(v);
    sgx_md_file_close(file);
}

TEST_CASE("venue C ABI: the venue's statuses come through unchanged and a refused call changes nothing", "[venue][capi]") {
    TempEventFile f("statuses");
    CVenue v(f.path, constant_config());
    int32_t step = -1;
    int64_t now = 0;
    REQUIRE(sgx_venue_current_timestamp(&now, v.venue) == SGX_OK);
    CHECK(now == 1050);  // the first event's local time, nothing processed yet
    CHECK(sgx_venue_submit(v.venue, 3, 1, SGX_SIDE_BUY, 100, 2, SGX_TYPE_LIMIT, SGX_TIF_GTC) == SGX_ERR_UNKNOWN_SYMBOL);
    CHECK(sgx_venue_submit(v.venue, kSymbol, 1, 5, 100, 2, SGX_TYPE_LIMIT, SGX_TIF_GTC) == SGX_ERR_INVALID_SIDE);
    CHECK(sgx_venue_submit(v.venue, kSymbol, 1, SGX_SIDE_BUY, 100, 0, SGX_TYPE_LIMIT, SGX_TIF_GTC) ==
          SGX_ERR_INVALID_QUANTITY);
    CHECK(sgx_venue_submit(v.venue, kSymbol, 1, SGX_SIDE_BUY, 100, 2, SGX_TYPE_MARKET, SGX_TIF_FOK) == SGX_ERR_INVALID_TIF);
    size_t n = 9;
    CHECK(sgx_venue_orders(nullptr, 0, &n, v.venue, kSymbol) == SGX_OK);
    CHECK(n == 0);
    REQUIRE(sgx_venue_submit(v.venue, kSymbol, 1, SGX_SIDE_BUY, 100, 2, SGX_TYPE_LIMIT, SGX_TIF_GTC) == SGX_OK);
    CHECK(sgx_venue_submit(v.venue, kSymbol, 1, SGX_SIDE_BUY, 100, 2, SGX_TYPE_LIMIT, SGX_TIF_GTC) ==
          SGX_ERR_DUPLICATE_ORDER_ID);
    CHECK(sgx_venue_cancel(v.venue, kSymbol, 1) == SGX_ERR_REQUEST_IN_FLIGHT);
    CHECK(sgx_venue_cancel(v.venue, kSymbol, 2) == SGX_ERR_NOT_FOUND);
    sgx_venue_order o{};
    REQUIRE(sgx_venue_get_order(&o, v.venue, kSymbol, 1) == SGX_OK);
    CHECK(o.status == SGX_VORD_NONE);
    CHECK(o.request == SGX_VREQ_NEW);
    CHECK(sgx_venue_goto(&step, v.venue, now - 1) == SGX_ERR_TIME_BACKWARDS);
    CHECK(sgx_venue_elapse(&step, v.venue, -1) == SGX_ERR_TIME_BACKWARDS);
    CHECK(step == -1);  // untouched on error
    REQUIRE(sgx_venue_current_timestamp(&now, v.venue) == SGX_OK);
    CHECK(now == 1050);
    CHECK(sgx_venue_wait_order_response(&step, v.venue, kSymbol, 1, 1000000) == SGX_OK);
    CHECK(step == SGX_VENUE_STEP_RESPONSE);
    REQUIRE(sgx_venue_get_order(&o, v.venue, kSymbol, 1) == SGX_OK);
    CHECK(o.status == SGX_VORD_NEW);
    CHECK(o.request == SGX_VREQ_NONE);
    CHECK(sgx_venue_wait_order_response(&step, v.venue, kSymbol, 42, 10) == SGX_ERR_NOT_FOUND);
    CHECK(sgx_venue_depth(nullptr, 0, &n, v.venue, kSymbol, 2) == SGX_ERR_INVALID_SIDE);
    double ahead = -1;
    CHECK(sgx_venue_queue_position(&ahead, v.venue, kSymbol, 1) == SGX_OK);
    CHECK(ahead == 5.0);  // the bid's 5 lots at 100 were there when it arrived
}

namespace {

// One step of the script, run on both APIs.
struct Trace {
    std::vector<int32_t> statuses;
    std::vector<int32_t> steps;
    std::vector<int64_t> times;
    std::vector<sgx_venue_order> orders;
    std::vector<sgx_venue_state> states;
    std::vector<sgx_md_quote> quotes;
    std::vector<sgx_venue_fill> fills;
};

// The same calls through the C ABI...
Trace run_c(const std::string& path, const sgx_venue_config& config) {
    CVenue v(path, config);
    Trace t;
    auto snapshot = [&](int32_t status, int32_t step) {
        t.statuses.push_back(status);
        t.steps.push_back(step);
        int64_t now = 0;
        sgx_venue_current_timestamp(&now, v.venue);
        t.times.push_back(now);
        size_t n = 0;
        sgx_venue_orders(nullptr, 0, &n, v.venue, kSymbol);
        std::vector<sgx_venue_order> orders(n);
        sgx_venue_orders(orders.data(), n, &n, v.venue, kSymbol);
        t.orders.insert(t.orders.end(), orders.begin(), orders.end());
        sgx_venue_state s{};
        sgx_venue_get_state(&s, v.venue, kSymbol);
        t.states.push_back(s);
        sgx_md_quote q{};
        sgx_venue_quote(&q, v.venue, kSymbol);
        t.quotes.push_back(q);
    };
    int32_t step = 0;
    snapshot(sgx_venue_goto(&step, v.venue, 1500), step);
    snapshot(sgx_venue_submit(v.venue, kSymbol, 1, SGX_SIDE_BUY, 100, 2, SGX_TYPE_LIMIT, SGX_TIF_GTC), 0);
    snapshot(sgx_venue_submit(v.venue, kSymbol, 2, SGX_SIDE_SELL, 101, 1, SGX_TYPE_LIMIT, SGX_TIF_POST_ONLY), 0);
    snapshot(sgx_venue_submit(v.venue, kSymbol, 3, SGX_SIDE_SELL, 105, 3, SGX_TYPE_LIMIT, SGX_TIF_GTC), 0);
    snapshot(sgx_venue_elapse(&step, v.venue, 1000), step);
    snapshot(sgx_venue_modify(v.venue, kSymbol, 3, 102, 2), 0);
    snapshot(sgx_venue_wait_next_feed(&step, v.venue, 1, 100000), step);
    snapshot(sgx_venue_submit(v.venue, kSymbol, 4, SGX_SIDE_BUY, 0, 1, SGX_TYPE_MARKET, SGX_TIF_IOC), 0);
    snapshot(sgx_venue_wait_order_response(&step, v.venue, kSymbol, 4, 100000), step);
    snapshot(sgx_venue_elapse(&step, v.venue, 4000), step);
    size_t sent = 0;
    snapshot(sgx_venue_cancel_all(&sent, v.venue, kSymbol), static_cast<int32_t>(sent));
    snapshot(sgx_venue_elapse(&step, v.venue, 100000), step);
    snapshot(sgx_venue_clear_inactive_orders(v.venue, SGX_VENUE_ALL_SYMBOLS), 0);
    sgx_md_event trades[2];
    size_t got = 0;
    t.statuses.push_back(sgx_venue_last_trades(trades, 2, &got, v.venue, kSymbol));
    t.steps.push_back(static_cast<int32_t>(got));
    uint64_t dropped = 0;
    t.statuses.push_back(sgx_venue_dropped_trades(&dropped, v.venue, kSymbol));
    t.steps.push_back(static_cast<int32_t>(dropped));
    size_t total = 0;
    sgx_venue_fills(nullptr, 0, 0, &total, v.venue);
    t.fills.resize(total);
    size_t again = 0;
    sgx_venue_fills(t.fills.data(), total, 0, &again, v.venue);
    return t;
}

// ...and through the C++ API.
Trace run_cpp(const std::string& path, const sgx_venue_config& config) {
    namespace sv = sigmax::venue;
    sigmax::md::EventFile file;
    REQUIRE(file.open(path) == sigmax::Status::Ok);
    std::unique_ptr<sv::Venue> v;
    REQUIRE(sv::Venue::create(v, file, config) == sigmax::Status::Ok);
    Trace t;
    auto code = [](sigmax::Status s) { return static_cast<int32_t>(s); };
    auto snapshot = [&](int32_t status, int32_t step) {
        t.statuses.push_back(status);
        t.steps.push_back(step);
        t.times.push_back(v->current_timestamp());
        std::size_t n = 0;
        v->orders(kSymbol, {}, n);
        std::vector<sgx_venue_order> orders(n);
        v->orders(kSymbol, orders, n);
        t.orders.insert(t.orders.end(), orders.begin(), orders.end());
        sgx_venue_state s{};
        v->state(kSymbol, s);
        t.states.push_back(s);
        sgx_md_quote q{};
        v->quote(kSymbol, q);
        t.quotes.push_back(q);
    };
    using sigmax::OrderType;
    using sigmax::Side;
    using sigmax::TimeInForce;
    sv::Step step = sv::Step::Ok;
    auto st = [&] { return static_cast<int32_t>(step); };
    snapshot(code(v->go_to(1500, step)), st());
    snapshot(code(v->submit(kSymbol, 1, Side::Buy, 100, 2, OrderType::Limit, TimeInForce::GTC)), 0);
    snapshot(code(v->submit(kSymbol, 2, Side::Sell, 101, 1, OrderType::Limit, TimeInForce::PostOnly)), 0);
    snapshot(code(v->submit(kSymbol, 3, Side::Sell, 105, 3, OrderType::Limit, TimeInForce::GTC)), 0);
    snapshot(code(v->elapse(1000, step)), st());
    snapshot(code(v->modify(kSymbol, 3, 102, 2)), 0);
    snapshot(code(v->wait_next_feed(true, 100000, step)), st());
    snapshot(code(v->submit(kSymbol, 4, Side::Buy, 0, 1, OrderType::Market, TimeInForce::IOC)), 0);
    snapshot(code(v->wait_order_response(kSymbol, 4, 100000, step)), st());
    snapshot(code(v->elapse(4000, step)), st());
    std::size_t sent = 0;
    snapshot(code(v->cancel_all(kSymbol, sent)), static_cast<int32_t>(sent));
    snapshot(code(v->elapse(100000, step)), st());
    snapshot(code(v->clear_inactive_orders(SGX_VENUE_ALL_SYMBOLS)), 0);
    sgx_md_event trades[2];
    std::size_t got = 0;
    t.statuses.push_back(code(v->last_trades(kSymbol, trades, got)));
    t.steps.push_back(static_cast<int32_t>(got));
    uint64_t dropped = 0;
    t.statuses.push_back(code(v->dropped_trades(kSymbol, dropped)));
    t.steps.push_back(static_cast<int32_t>(dropped));
    const auto fills = v->fills();
    t.fills.assign(fills.begin(), fills.end());
    return t;
}

template <class T>
void check_same_records(const std::vector<T>& a, const std::vector<T>& b) {
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        INFO("record " << i);
        CHECK(same_bytes(a[i], b[i]));
    }
}

}  // namespace

TEST_CASE("venue C ABI: a scripted run through C equals the same run through the C++ API, record for record", "[venue][capi]") {
    TempEventFile f("script");
    sgx_venue_config config = constant_config();
    SECTION("no partial fills, risk-averse queue") {}
    SECTION("partial fills, power queue") {
        config.defaults.fill_model = SGX_FILL_PARTIAL;
        config.defaults.queue_model = SGX_QUEUE_POWER;
    }
    const Trace c = run_c(f.path, config);
    const Trace cpp = run_cpp(f.path, config);
    CHECK(c.statuses == cpp.statuses);
    CHECK(c.steps == cpp.steps);
    CHECK(c.times == cpp.times);
    check_same_records(c.orders, cpp.orders);
    check_same_records(c.states, cpp.states);
    check_same_records(c.quotes, cpp.quotes);
    check_same_records(c.fills, cpp.fills);
    // The script does trade: the run is not vacuous.
    CHECK(!c.fills.empty());
    for (int32_t s : c.statuses) CHECK(s == SGX_OK);
}
