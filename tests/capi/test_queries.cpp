// The queries in ticks through the C ABI (sgx_engine_top_ticks,
// sgx_engine_depth_ticks, sgx_engine_lots_at, sgx_engine_order_ticks): the
// C++ engine's answers in the C records, and bad arguments refused with
// their named statuses, counted in invalid_requests, nothing written.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <vector>

#include "sigmax/book_queries.hpp"
#include "sigmax/detail/order_entry_impl.hpp"
#include "sigmax/engine.hpp"
#include "sigmax_exec.h"

namespace {

sgx_engine* make_engine() {
    sgx_engine* e = nullptr;
    REQUIRE(sgx_engine_create(&e, nullptr) == SGX_OK);
    return e;
}

void submit(sgx_engine* e, uint64_t id, uint8_t side, int64_t price, int64_t lots, uint32_t symbol = 1) {
    sgx_new_order o = SGX_NEW_ORDER_INIT;
    o.symbol = symbol;
    o.side = side;
    o.client_id = id;
    o.price = price;
    o.lots = lots;
    REQUIRE(sgx_engine_submit(e, &o, nullptr, nullptr) == SGX_OK);
}

uint64_t invalid_requests(const sgx_engine* e) {
    sgx_engine_stats s = SGX_ENGINE_STATS_INIT;
    REQUIRE(sgx_engine_get_stats(&s, e) == SGX_OK);
    return s.invalid_requests;
}

// Bids 100 (2 + 4) and 98 (5); asks 103 (7).
sgx_engine* make_book() {
    sgx_engine* e = make_engine();
    submit(e, 1, SGX_SIDE_BUY, 100, 2);
    submit(e, 2, SGX_SIDE_BUY, 100, 4);
    submit(e, 3, SGX_SIDE_BUY, 98, 5);
    submit(e, 4, SGX_SIDE_SELL, 103, 7);
    return e;
}

}  // namespace

TEST_CASE("C: sgx_engine_top_ticks gives the best levels in ticks, lots and orders, reserved bytes zero", "[capi][queries]") {
    sgx_engine* e = make_book();
    sgx_top_ticks t;
    std::memset(&t, 0xff, sizeof t);
    REQUIRE(sgx_engine_top_ticks(&t, e, 1) == SGX_OK);
    CHECK(t.has_bid == 1);
    CHECK(t.bid_price == 100);
    CHECK(t.bid_lots == 6);
    CHECK(t.bid_orders == 2);
    CHECK(t.has_ask == 1);
    CHECK(t.ask_price == 103);
    CHECK(t.ask_lots == 7);
    CHECK(t.ask_orders == 1);
    for (const uint8_t b : t.reserved) CHECK(b == 0);
    REQUIRE(sgx_engine_top_ticks(&t, e, 999) == SGX_OK);  // no book: empty
    CHECK(t.has_bid == 0);
    CHECK(t.has_ask == 0);
    CHECK(t.bid_price == 0);
    sgx_engine_destroy(e);
}

TEST_CASE("C: sgx_engine_depth_ticks writes one side best first into the caller's buffer, at most its capacity",
          "[capi][queries]") {
    sgx_engine* e = make_book();
    sgx_level_ticks out[4];
    size_t n = 99;
    REQUIRE(sgx_engine_depth_ticks(out, 4, &n, e, 1, SGX_SIDE_BUY) == SGX_OK);
    REQUIRE(n == 2);
    CHECK((out[0].price == 100 && out[0].lots == 6 && out[0].order_count == 2));
    CHECK((out[1].price == 98 && out[1].lots == 5 && out[1].order_count == 1));
    REQUIRE(sgx_engine_depth_ticks(out, 1, &n, e, 1, SGX_SIDE_BUY) == SGX_OK);
    CHECK(n == 1);
    REQUIRE(sgx_engine_depth_ticks(nullptr, 0, &n, e, 1, SGX_SIDE_SELL) == SGX_OK);  // NULL with capacity 0
    CHECK(n == 0);
    REQUIRE(sgx_engine_depth_ticks(out, SIZE_MAX, &n, e, 1, SGX_SIDE_SELL) == SGX_OK);  // "every level"
    CHECK(n == 1);
    CHECK(invalid_requests(e) == 0);
    sgx_engine_destroy(e);
}

TEST_CASE("C: sgx_engine_lots_at gives the level at a price, 0 and 0 where none rest", "[capi][queries]") {
    sgx_engine* e = make_book();
    sgx_level_ticks l;
    REQUIRE(sgx_engine_lots_at(&l, e, 1, SGX_SIDE_BUY, 100) == SGX_OK);
    CHECK((l.price == 100 && l.lots == 6 && l.order_count == 2));
    REQUIRE(sgx_engine_lots_at(&l, e, 1, SGX_SIDE_SELL, 100) == SGX_OK);
    CHECK((l.price == 100 && l.lots == 0 && l.order_count == 0));
    REQUIRE(sgx_engine_lots_at(&l, e, 7, SGX_SIDE_SELL, -3) == SGX_OK);  // no book, any price
    CHECK((l.price == -3 && l.lots == 0 && l.order_count == 0));
    sgx_engine_destroy(e);
}

TEST_CASE("C: sgx_engine_order_ticks gives a resting order with its queue position; NOT_FOUND otherwise",
          "[capi][queries]") {
    sgx_engine* e = make_book();
    sgx_order_ticks o;
    std::memset(&o, 0xff, sizeof o);
    REQUIRE(sgx_engine_order_ticks(&o, e, 2) == SGX_OK);
    CHECK(o.order_id == 2);
    CHECK(o.symbol == 1);
    CHECK(o.side == SGX_SIDE_BUY);
    CHECK(o.price == 100);
    CHECK(o.open_lots == 4);
    CHECK(o.filled_lots == 0);
    CHECK(o.lots_ahead == 2);
    CHECK(o.orders_ahead == 1);
    CHECK(o.owner == 0);
    CHECK(o.stp == SGX_STP_DEFAULT);
    CHECK(o.post_only == 0);
    CHECK(o.reserved == 0);
    sgx_order_ticks before = o;
    CHECK(sgx_engine_order_ticks(&o, e, 42) == SGX_ERR_NOT_FOUND);
    CHECK(std::memcmp(&o, &before, sizeof o) == 0);
    CHECK(invalid_requests(e) == 0);
    sgx_engine_destroy(e);
}

TEST_CASE("C: NULL pointers and a bad side are refused with their statuses, counted, nothing written",
          "[capi][queries]") {
    sgx_engine* e = make_book();
    sgx_top_ticks t;
    sgx_level_ticks l{1, 2, 3};
    sgx_order_ticks o;
    size_t n = 99;
    CHECK(sgx_engine_top_ticks(&t, nullptr, 1) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_engine_depth_ticks(&l, 1, &n, nullptr, 1, 0) == SGX_ERR_NULL_POINTER);
    CHECK(n == 0);
    CHECK(sgx_engine_lots_at(&l, nullptr, 1, 0, 100) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_engine_order_ticks(&o, nullptr, 1) == SGX_ERR_NULL_POINTER);
    CHECK(invalid_requests(e) == 0);  // no engine to count them

    CHECK(sgx_engine_top_ticks(nullptr, e, 1) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_engine_depth_ticks(nullptr, 1, &n, e, 1, 0) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_engine_depth_ticks(&l, 1, nullptr, e, 1, 0) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_engine_lots_at(nullptr, e, 1, 0, 100) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_engine_order_ticks(nullptr, e, 1) == SGX_ERR_NULL_POINTER);
    CHECK(invalid_requests(e) == 5);

    n = 99;
    CHECK(sgx_engine_depth_ticks(&l, 1, &n, e, 1, 2) == SGX_ERR_INVALID_SIDE);
    CHECK(n == 0);
    CHECK(sgx_engine_lots_at(&l, e, 1, 255, 100) == SGX_ERR_INVALID_SIDE);
    CHECK((l.price == 1 && l.lots == 2 && l.order_count == 3));
    CHECK(invalid_requests(e) == 7);
    sgx_engine_destroy(e);
}

TEST_CASE("C: on a random stream the C queries give the C++ engine's answers, field for field", "[capi][queries]") {
    sgx_engine* c = make_engine();
    sigmax::Engine cpp;
    std::mt19937_64 rng(3);
    auto no_events = [](const sigmax::OrderEvent&) {};
    for (uint64_t id = 1; id <= 3000; ++id) {
        sgx_new_order o = SGX_NEW_ORDER_INIT;
        o.symbol = static_cast<uint32_t>(rng() % 3);
        o.side = static_cast<uint8_t>(rng() % 2);
        o.type = rng() % 8 == 0 ? SGX_TYPE_MARKET : SGX_TYPE_LIMIT;
        o.tif = o.type == SGX_TYPE_MARKET ? SGX_TIF_IOC : SGX_TIF_GTC;
        o.client_id = id;
        o.price = 50 + static_cast<int64_t>(rng() % 15);
        o.lots = 1 + static_cast<int64_t>(rng() % 5);
        sigmax::NewOrder n;
        n.client_id = id;
        n.price = o.price;
        n.lots = o.lots;
        n.symbol = o.symbol;
        n.side = static_cast<sigmax::Side>(o.side);
        n.type = static_cast<sigmax::OrderType>(o.type);
        n.tif = static_cast<sigmax::TimeInForce>(o.tif);
        REQUIRE(sgx_engine_submit(c, &o, nullptr, nullptr) == SGX_OK);
        REQUIRE(cpp.submit(n, no_events) == sigmax::Status::Ok);
        if (id % 3 == 0) {
            const uint64_t victim = 1 + rng() % id;
            (void)sgx_engine_cancel_order(c, victim, nullptr, nullptr);
            (void)cpp.cancel(victim, no_events);
        }
        if (id % 100 != 0) continue;
        for (uint32_t s = 0; s < 3; ++s) {
            sgx_top_ticks ct;
            sigmax::TopTicks t;
            REQUIRE(sgx_engine_top_ticks(&ct, c, s) == SGX_OK);
            REQUIRE(cpp.top_ticks(s, t) == sigmax::Status::Ok);
            CHECK(std::memcmp(&ct, &t, offsetof(sgx_top_ticks, reserved)) == 0);
            for (uint8_t side = 0; side < 2; ++side) {
                std::vector<sgx_level_ticks> cl(32);
                std::vector<sigmax::LevelTicks> l(32);
                size_t cn = 0, count = 0;
                REQUIRE(sgx_engine_depth_ticks(cl.data(), cl.size(), &cn, c, s, side) == SGX_OK);
                REQUIRE(cpp.depth_ticks(s, static_cast<sigmax::Side>(side), l, count) == sigmax::Status::Ok);
                REQUIRE(cn == count);
                CHECK(std::memcmp(cl.data(), l.data(), count * sizeof(sgx_level_ticks)) == 0);
            }
        }
        for (uint64_t k = id - 99; k <= id; ++k) {
            sgx_order_ticks co;
            sigmax::OrderTicks o2;
            const int32_t rc = sgx_engine_order_ticks(&co, c, k);
            REQUIRE(rc == static_cast<int32_t>(cpp.order_ticks(k, o2)));
            if (rc == SGX_OK) CHECK(std::memcmp(&co, &o2, offsetof(sgx_order_ticks, reserved)) == 0);
        }
    }
    sgx_engine_destroy(c);
}

TEST_CASE("C: with negative and zero prices, sgx_top_ticks tells an empty side by has_*, not by price 0",
          "[capi][queries]") {
    sgx_engine* e = make_engine();
    REQUIRE(sgx_engine_set_min_price(e, 1, -50) == SGX_OK);
    submit(e, 1, SGX_SIDE_BUY, -10, 3);
    submit(e, 2, SGX_SIDE_SELL, 0, 1);
    sgx_top_ticks t;
    REQUIRE(sgx_engine_top_ticks(&t, e, 1) == SGX_OK);
    CHECK((t.has_bid == 1 && t.bid_price == -10 && t.bid_lots == 3));
    CHECK((t.has_ask == 1 && t.ask_price == 0 && t.ask_lots == 1));
    REQUIRE(sgx_engine_cancel_order(e, 2, nullptr, nullptr) == SGX_OK);
    REQUIRE(sgx_engine_top_ticks(&t, e, 1) == SGX_OK);
    CHECK((t.has_ask == 0 && t.ask_price == 0));
    sgx_order_ticks o;
    REQUIRE(sgx_engine_order_ticks(&o, e, 1) == SGX_OK);
    CHECK(o.price == -10);
    sgx_engine_destroy(e);
}
