// The integer order entry through the C ABI (sgx_engine_submit,
// sgx_engine_cancel_order, sgx_engine_replace, sgx_engine_cancel_all): the
// same statuses and the same events, byte for byte, as the C++ calls it
// wraps, and bad input refused with its named status, changing nothing.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <vector>

#include "sigmax/detail/order_entry_impl.hpp"
#include "sigmax/engine.hpp"
#include "sigmax/order_entry.hpp"
#include "sigmax_exec.h"

namespace {

using sigmax::OrderEvent;

// Collects a C call's events (an sgx_event_fn with `user` = the log).
struct CLog {
    std::vector<sgx_order_event> events;
    static void record(const sgx_order_event* e, void* user) { static_cast<CLog*>(user)->events.push_back(*e); }
};

// Collects a C++ call's events.
struct CppLog {
    std::vector<OrderEvent> events;
    void operator()(const OrderEvent& e) { events.push_back(e); }
};

// Byte-for-byte equality of the two streams (both records are 64 bytes
// without padding, so every byte is a field's).
bool same_events(const std::vector<sgx_order_event>& c, const std::vector<OrderEvent>& cpp) {
    static_assert(sizeof(sgx_order_event) == sizeof(OrderEvent));
    return c.size() == cpp.size() &&
           (c.empty() || std::memcmp(c.data(), cpp.data(), c.size() * sizeof(OrderEvent)) == 0);
}

sgx_engine* make_c_engine() {
    sgx_engine_config config;
    REQUIRE(sgx_engine_config_init(&config) == SGX_OK);
    config.fill_capacity = 0;
    sgx_engine* e = nullptr;
    REQUIRE(sgx_engine_create(&e, &config) == SGX_OK);
    return e;
}

sigmax::Engine::Config cpp_config() {
    sigmax::Engine::Config c;
    c.order_capacity = SGX_DEFAULT_ORDER_CAPACITY;
    c.fill_capacity = 0;
    c.max_symbols = SGX_DEFAULT_MAX_SYMBOLS;
    return c;
}

sgx_new_order new_order(uint64_t id, uint8_t side, int64_t price, int64_t lots, uint32_t symbol = 1,
                        uint8_t type = SGX_TYPE_LIMIT, uint8_t tif = SGX_TIF_GTC) {
    sgx_new_order o = SGX_NEW_ORDER_INIT;
    o.client_id = id;
    o.side = side;
    o.price = price;
    o.lots = lots;
    o.symbol = symbol;
    o.type = type;
    o.tif = tif;
    return o;
}

sigmax::NewOrder to_cpp(const sgx_new_order& o) {
    return sigmax::NewOrder{o.client_id, o.price, o.lots, o.symbol, static_cast<sigmax::Side>(o.side),
                            static_cast<sigmax::OrderType>(o.type), static_cast<sigmax::TimeInForce>(o.tif),
                            static_cast<sigmax::SelfTrade>(o.stp), o.owner};
}

// Levels of both sides of symbols 1 and 2 and the invalid-request count:
// what a refused call must leave as it was.
struct Snapshot {
    std::vector<double> levels;
    uint64_t resting = 0;
    uint64_t invalid = 0;
    bool operator==(const Snapshot&) const = default;
};

Snapshot snapshot(sgx_engine* e) {
    Snapshot s;
    for (uint32_t sym : {1u, 2u}) {
        sgx_level bids[64], asks[64];
        size_t nb = 0, na = 0;
        REQUIRE(sgx_engine_depth(bids, &nb, asks, &na, e, sym, 64) == SGX_OK);
        for (size_t i = 0; i < nb; ++i) s.levels.insert(s.levels.end(), {bids[i].price, bids[i].quantity});
        s.levels.push_back(-1);
        for (size_t i = 0; i < na; ++i) s.levels.insert(s.levels.end(), {asks[i].price, asks[i].quantity});
        s.levels.push_back(-2);
    }
    sgx_engine_stats st = SGX_ENGINE_STATS_INIT;
    REQUIRE(sgx_engine_get_stats(&st, e) == SGX_OK);
    s.resting = st.resting_orders;
    s.invalid = st.invalid_requests;
    return s;
}

}  // namespace

TEST_CASE("a random stream through the C ABI makes the C++ calls' statuses and events, byte for byte",
          "[capi][entry]") {
    sgx_engine* c = make_c_engine();
    sgx_engine* quiet = make_c_engine();  // the same stream with a NULL callback
    sigmax::Engine cpp(cpp_config());
    std::mt19937_64 rng(20261204);
    auto pick = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };

    REQUIRE(sgx_engine_set_min_price(c, 2, -3) == SGX_OK);  // symbol 2 takes prices down to -3
    REQUIRE(sgx_engine_set_min_price(quiet, 2, -3) == SGX_OK);
    REQUIRE(cpp.set_min_price(2, -3) == sigmax::Status::Ok);
    std::size_t events = 0, rejected = 0, trades = 0, self_trades = 0;
    for (int step = 0; step < 5000; ++step) {
        CLog clog;
        CppLog cpplog;
        int32_t cs = 0, qs = 0;
        sigmax::Status ps{};
        const int64_t op = pick(0, 99);
        // Ids from a small pool, so duplicates and unknown ids happen; now
        // and then 0 (INVALID_ORDER_ID), a bad code or a bad price or lots.
        const uint64_t id = static_cast<uint64_t>(pick(0, 300));
        if (op < 55) {
            const bool market = pick(0, 9) == 0;
            const auto symbol = static_cast<uint32_t>(pick(1, 2));
            sgx_new_order o = new_order(id, static_cast<uint8_t>(pick(0, 1)), pick(95, 105) - (symbol == 2 ? 100 : 0),
                                        pick(1, 12),
                                        symbol, market ? SGX_TYPE_MARKET : SGX_TYPE_LIMIT,
                                        static_cast<uint8_t>(pick(0, 9) < 6 ? int64_t{SGX_TIF_GTC} : pick(1, 3)));
            if (pick(0, 99) == 0) o.side = 2;
            if (pick(0, 99) == 0) o.type = 7;
            if (pick(0, 99) == 0) o.tif = 4;
            if (pick(0, 99) == 0) o.price = pick(-1, 0);
            if (pick(0, 99) == 0) o.lots = 0;
            o.owner = static_cast<uint64_t>(pick(0, 3));
            o.stp = static_cast<uint8_t>(pick(0, 99) == 0 ? 6 : pick(0, 5));  // 6: INVALID_STP
            cs = sgx_engine_submit(c, &o, &CLog::record, &clog);
            qs = sgx_engine_submit(quiet, &o, nullptr, nullptr);
            ps = cpp.submit(to_cpp(o), cpplog);
        } else if (op < 85) {
            cs = sgx_engine_cancel_order(c, id, &CLog::record, &clog);
            qs = sgx_engine_cancel_order(quiet, id, nullptr, nullptr);
            ps = cpp.cancel(id, cpplog);
        } else if (op < 99) {
            const int64_t price = pick(94, 106), lots = pick(0, 12);
            cs = sgx_engine_replace(c, id, price, lots, &CLog::record, &clog);
            qs = sgx_engine_replace(quiet, id, price, lots, nullptr, nullptr);
            ps = cpp.replace(id, price, lots, cpplog);
        } else if (pick(0, 1) == 0) {
            const auto owner = static_cast<uint64_t>(pick(0, 3));
            cs = sgx_engine_cancel_owner(c, owner, &CLog::record, &clog);
            qs = sgx_engine_cancel_owner(quiet, owner, nullptr, nullptr);
            ps = cpp.cancel_owner(owner, cpplog);
        } else {
            const auto symbol = static_cast<uint32_t>(pick(1, 3));
            cs = sgx_engine_cancel_all(c, symbol, &CLog::record, &clog);
            qs = sgx_engine_cancel_all(quiet, symbol, nullptr, nullptr);
            ps = cpp.cancel_all(symbol, cpplog);
        }
        INFO("step " << step << ", operation " << op);
        REQUIRE(cs == static_cast<int32_t>(ps));
        REQUIRE(qs == cs);
        REQUIRE(same_events(clog.events, cpplog.events));
        events += clog.events.size();
        for (const auto& e : clog.events) {
            rejected += e.kind == SGX_EVENT_REJECTED;
            trades += e.kind == SGX_EVENT_TRADE;
            self_trades += e.kind == SGX_EVENT_CANCELLED && e.reason == SGX_CANCEL_SELF_TRADE;
        }
    }
    REQUIRE(snapshot(quiet) == snapshot(c));
    // The stream reaches every kind of outcome it is meant to compare.
    CHECK(events > 5000);
    CHECK(rejected > 100);
    CHECK(trades > 100);
    CHECK(self_trades > 50);
    sgx_engine_destroy(c);
    sgx_engine_destroy(quiet);
}

TEST_CASE("bad input to the integer calls gets its named status, no event and changes nothing", "[capi][entry]") {
    sgx_engine* e = make_c_engine();
    CLog log;
    sgx_new_order resting = new_order(7, SGX_SIDE_SELL, 100, 5);
    REQUIRE(sgx_engine_submit(e, &resting, nullptr, nullptr) == SGX_OK);
    const sgx_new_order good = new_order(8, SGX_SIDE_BUY, 100, 2);

    // A refusal of this layer (the record is not read): its status, no
    // event, nothing changed but the invalid-request count (live engine).
    auto refused_here = [&](int32_t want, auto&& call) {
        const Snapshot before = snapshot(e);
        log.events.clear();
        REQUIRE(call() == want);
        CHECK(log.events.empty());
        Snapshot after = snapshot(e);
        CHECK(after.invalid == before.invalid + 1);
        after.invalid = before.invalid;
        CHECK(after == before);
    };
    // A refusal of the engine: its status and exactly one REJECTED event
    // carrying it, as the C++ call emits.
    auto rejected = [&](int32_t want, auto&& call) {
        const Snapshot before = snapshot(e);
        log.events.clear();
        REQUIRE(call() == want);
        REQUIRE(log.events.size() == 1);
        CHECK(log.events[0].kind == SGX_EVENT_REJECTED);
        CHECK(log.events[0].status == want);
        Snapshot after = snapshot(e);
        after.invalid = before.invalid;
        CHECK(after == before);
    };

    SECTION("NULL engine: SGX_ERR_NULL_POINTER from every call, no event") {
        log.events.clear();
        CHECK(sgx_engine_submit(nullptr, &good, &CLog::record, &log) == SGX_ERR_NULL_POINTER);
        CHECK(sgx_engine_cancel_order(nullptr, 7, &CLog::record, &log) == SGX_ERR_NULL_POINTER);
        CHECK(sgx_engine_replace(nullptr, 7, 100, 1, &CLog::record, &log) == SGX_ERR_NULL_POINTER);
        CHECK(sgx_engine_cancel_all(nullptr, 1, &CLog::record, &log) == SGX_ERR_NULL_POINTER);
        CHECK(log.events.empty());
    }
    SECTION("NULL order: SGX_ERR_NULL_POINTER") {
        refused_here(SGX_ERR_NULL_POINTER, [&] { return sgx_engine_submit(e, nullptr, &CLog::record, &log); });
    }
    SECTION("a struct_size other than sizeof(sgx_new_order): SGX_ERR_STRUCT_SIZE") {
        for (uint32_t size : {0u, 32u, 39u, 41u, 64u}) {
            sgx_new_order o = good;
            o.struct_size = size;
            refused_here(SGX_ERR_STRUCT_SIZE, [&] { return sgx_engine_submit(e, &o, &CLog::record, &log); });
        }
    }
    SECTION("any non-zero reserved byte: SGX_ERR_RESERVED") {
        for (std::size_t i = 0; i < sizeof good.reserved; ++i) {
            sgx_new_order o = good;
            o.reserved[i] = 0x80;
            refused_here(SGX_ERR_RESERVED, [&] { return sgx_engine_submit(e, &o, &CLog::record, &log); });
        }
    }
    SECTION("a side other than 0 or 1: SGX_ERR_INVALID_SIDE") {
        sgx_new_order o = good;
        o.side = 2;
        rejected(SGX_ERR_INVALID_SIDE, [&] { return sgx_engine_submit(e, &o, &CLog::record, &log); });
    }
    SECTION("a type other than limit or market: SGX_ERR_INVALID_TYPE") {
        sgx_new_order o = good;
        o.type = 2;
        rejected(SGX_ERR_INVALID_TYPE, [&] { return sgx_engine_submit(e, &o, &CLog::record, &log); });
    }
    SECTION("a tif past POST_ONLY, or a market POST_ONLY: SGX_ERR_INVALID_TIF") {
        sgx_new_order o = good;
        o.tif = 4;
        rejected(SGX_ERR_INVALID_TIF, [&] { return sgx_engine_submit(e, &o, &CLog::record, &log); });
        o.tif = SGX_TIF_POST_ONLY;
        o.type = SGX_TYPE_MARKET;
        rejected(SGX_ERR_INVALID_TIF, [&] { return sgx_engine_submit(e, &o, &CLog::record, &log); });
    }
    SECTION("client id 0: SGX_ERR_INVALID_ORDER_ID; a resting id: SGX_ERR_DUPLICATE_ORDER_ID") {
        sgx_new_order o = good;
        o.client_id = 0;
        rejected(SGX_ERR_INVALID_ORDER_ID, [&] { return sgx_engine_submit(e, &o, &CLog::record, &log); });
        o.client_id = 7;
        rejected(SGX_ERR_DUPLICATE_ORDER_ID, [&] { return sgx_engine_submit(e, &o, &CLog::record, &log); });
    }
    SECTION("cancel_order or replace of an id that does not rest: SGX_ERR_NOT_FOUND") {
        rejected(SGX_ERR_NOT_FOUND, [&] { return sgx_engine_cancel_order(e, 99, &CLog::record, &log); });
        rejected(SGX_ERR_NOT_FOUND, [&] { return sgx_engine_replace(e, 99, 100, 1, &CLog::record, &log); });
    }
    SECTION("a NULL callback is allowed: the call runs, nobody is told") {
        sgx_new_order o = good;
        REQUIRE(sgx_engine_submit(e, &o, nullptr, nullptr) == SGX_OK);  // trades 2 of the 5
        sgx_order_info info;
        REQUIRE(sgx_engine_order_info(&info, e, 7) == SGX_OK);
        CHECK(info.remaining_quantity > 0);
        CHECK(sgx_engine_replace(e, 7, 101, 1, nullptr, nullptr) == SGX_OK);
        CHECK(sgx_engine_cancel_order(e, 7, nullptr, nullptr) == SGX_OK);
        CHECK(sgx_engine_cancel_order(e, 7, nullptr, nullptr) == SGX_ERR_NOT_FOUND);
        CHECK(sgx_engine_cancel_all(e, 1, nullptr, nullptr) == SGX_OK);
    }
    SECTION("a callback that calls the engine gets SGX_ERR_BUSY and changes nothing") {
        struct Reentry {
            sgx_engine* engine;
            int32_t status = SGX_OK;
            static void call(const sgx_order_event*, void* user) {
                auto* r = static_cast<Reentry*>(user);
                r->status = sgx_engine_cancel_order(r->engine, 7, nullptr, nullptr);
            }
        } r{e};
        sgx_new_order o = new_order(9, SGX_SIDE_SELL, 101, 1);
        REQUIRE(sgx_engine_submit(e, &o, &Reentry::call, &r) == SGX_OK);
        CHECK(r.status == SGX_ERR_BUSY);
        sgx_order_info info;
        CHECK(sgx_engine_order_info(&info, e, 7) == SGX_OK);
    }
    sgx_engine_destroy(e);
}

TEST_CASE("owners, self-trade modes, cancel_owner, set_min_price and WOULD_TRADE through the C ABI", "[capi][entry]") {
    sgx_engine_config config;
    REQUIRE(sgx_engine_config_init(&config) == SGX_OK);
    CHECK(config.self_trade == SGX_STP_DEFAULT);
    sgx_engine* e = nullptr;
    SECTION("an engine self_trade past the modes: SGX_ERR_INVALID_STP; a reserved word: SGX_ERR_RESERVED") {
        config.self_trade = 6;
        CHECK(sgx_engine_create(&e, &config) == SGX_ERR_INVALID_STP);
        CHECK(e == nullptr);
        config.self_trade = SGX_STP_DEFAULT;
        config.reserved = 1;
        CHECK(sgx_engine_create(&e, &config) == SGX_ERR_RESERVED);
        CHECK(e == nullptr);
    }
    SECTION("the engine's mode applies to orders that name none; an order's own mode wins") {
        config.self_trade = SGX_STP_CANCEL_OLDEST;
        REQUIRE(sgx_engine_create(&e, &config) == SGX_OK);
        sgx_new_order maker = new_order(1, SGX_SIDE_SELL, 100, 2);
        maker.owner = 9;
        REQUIRE(sgx_engine_submit(e, &maker, nullptr, nullptr) == SGX_OK);
        sgx_new_order taker = new_order(2, SGX_SIDE_BUY, 100, 1);
        taker.owner = 9;
        taker.stp = SGX_STP_CANCEL_NEWEST;
        CLog log;
        REQUIRE(sgx_engine_submit(e, &taker, &CLog::record, &log) == SGX_OK);
        REQUIRE(log.events.size() == 2);
        CHECK(log.events[1].reason == SGX_CANCEL_SELF_TRADE);
        CHECK(log.events[1].order_id == 2);
        CHECK(log.events[1].maker_id == 1);
        taker.client_id = 3;
        taker.stp = SGX_STP_DEFAULT;  // the engine's: cancel oldest
        log.events.clear();
        REQUIRE(sgx_engine_submit(e, &taker, &CLog::record, &log) == SGX_OK);
        REQUIRE(log.events.size() == 2);
        CHECK(log.events[1].order_id == 1);
        CHECK(log.events[1].lots == 2);
        // Order 3 rests (nothing left to trade with); cancel_owner takes it.
        log.events.clear();
        CHECK(sgx_engine_cancel_owner(e, 0, &CLog::record, &log) == SGX_ERR_INVALID_OWNER);
        REQUIRE(log.events.size() == 1);
        CHECK(log.events[0].kind == SGX_EVENT_REJECTED);
        log.events.clear();
        REQUIRE(sgx_engine_cancel_owner(e, 9, &CLog::record, &log) == SGX_OK);
        REQUIRE(log.events.size() == 1);
        CHECK(log.events[0].order_id == 3);
        CHECK(sgx_engine_cancel_owner(nullptr, 9, nullptr, nullptr) == SGX_ERR_NULL_POINTER);
    }
    SECTION("post-only replace that would trade: SGX_ERR_WOULD_TRADE; min price: negative prices rest") {
        REQUIRE(sgx_engine_create(&e, &config) == SGX_OK);
        CHECK(sgx_engine_set_min_price(nullptr, 1, 0) == SGX_ERR_NULL_POINTER);
        CHECK(sgx_engine_set_min_price(e, 1, 2) == SGX_ERR_OUT_OF_RANGE);
        REQUIRE(sgx_engine_set_min_price(e, 1, -10) == SGX_OK);
        sgx_new_order ask = new_order(1, SGX_SIDE_SELL, -2, 1);
        REQUIRE(sgx_engine_submit(e, &ask, nullptr, nullptr) == SGX_OK);
        sgx_new_order bid = new_order(2, SGX_SIDE_BUY, -5, 1, 1, SGX_TYPE_LIMIT, SGX_TIF_POST_ONLY);
        REQUIRE(sgx_engine_submit(e, &bid, nullptr, nullptr) == SGX_OK);
        CLog log;
        CHECK(sgx_engine_replace(e, 2, -2, 1, &CLog::record, &log) == SGX_ERR_WOULD_TRADE);
        REQUIRE(log.events.size() == 1);
        CHECK(log.events[0].status == SGX_ERR_WOULD_TRADE);
        sgx_level bids[4], asks[4];
        size_t nb = 0, na = 0;
        REQUIRE(sgx_engine_depth(bids, &nb, asks, &na, e, 1, 4) == SGX_OK);
        REQUIRE(nb == 1);
        CHECK(bids[0].price == -5e-8);  // the nearest double to -5 ticks of 1e-8
        REQUIRE(na == 1);
        CHECK(sgx_engine_replace(e, 2, -3, 1, nullptr, nullptr) == SGX_OK);
    }
    sgx_engine_destroy(e);
}
