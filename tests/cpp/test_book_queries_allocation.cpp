// The queries in ticks allocate nothing (docs/semantics.md, "Queries in
// ticks"): on the Engine, on a Session and through the C ABI. In the
// allocation-counting binary (alloc_hook.cpp).
#include <catch2/catch.hpp>

#include <array>
#include <vector>

#include "alloc_hook.hpp"
#include "entry_helpers.hpp"
#include "sigmax/book_queries.hpp"
#include "sigmax_exec.h"

using namespace entry;

namespace {

struct NoEvents {
    void operator()(const OrderEvent&) const noexcept {}
};

// Two symbols, 600 levels a side on symbol 1 (past the hot part, into the
// overflow blocks), several orders a level.
void fill_book(Engine& e) {
    std::uint64_t id = 1;
    for (std::int64_t p = 1; p <= 600; ++p)
        for (int k = 0; k < 3; ++k) {
            REQUIRE(e.submit(gtc(id++, Side::Buy, p, 1 + k), NoEvents{}) == Status::Ok);
            REQUIRE(e.submit(gtc(id++, Side::Sell, 1000 + p, 2), NoEvents{}) == Status::Ok);
        }
    REQUIRE(e.submit(gtc(id++, Side::Sell, 5, 5, 2), NoEvents{}) == Status::Ok);
}

}  // namespace

TEST_CASE("the queries in ticks make no heap allocation, on the Engine and on a Session", "[allocation][queries]") {
    Engine::Config config;
    config.order_capacity = 8192;
    Engine e(config);
    fill_book(e);
    std::array<LevelTicks, 1024> out{};
    const std::uint64_t before = alloc_hook::count();
    std::int64_t seen = 0;
    for (int round = 0; round < 100; ++round) {
        TopTicks t;
        LevelTicks l;
        OrderTicks o;
        std::size_t n = 0;
        REQUIRE(e.top_ticks(1, t) == Status::Ok);
        REQUIRE(e.depth_ticks(1, Side::Buy, out, n) == Status::Ok);
        REQUIRE(e.lots_at(1, Side::Sell, 1000 + round, l) == Status::Ok);
        REQUIRE(e.order_ticks(static_cast<std::uint64_t>(1 + 17 * round), o) == Status::Ok);
        REQUIRE(e.order_ticks(999999, o) == Status::NotFound);
        REQUIRE(e.top_ticks(77777, t) == Status::Ok);  // no book
        seen += t.bid_lots + static_cast<std::int64_t>(n) + l.lots + o.lots_ahead;
        Engine::Session s(e);
        REQUIRE(s.owned());
        REQUIRE(s.top_ticks(2, t) == Status::Ok);
        REQUIRE(s.depth_ticks(1, Side::Sell, out, n) == Status::Ok);
        REQUIRE(s.lots_at(1, Side::Buy, round + 1, l) == Status::Ok);
        REQUIRE(s.order_ticks(static_cast<std::uint64_t>(2 + 13 * round), o) == Status::Ok);
        seen += t.ask_lots + static_cast<std::int64_t>(n) + l.lots + o.lots_ahead;
    }
    CHECK(alloc_hook::count() == before);
    CHECK(seen > 0);
}

TEST_CASE("the C ABI's queries in ticks make no heap allocation", "[allocation][queries]") {
    sgx_engine* e = nullptr;
    REQUIRE(sgx_engine_create(&e, nullptr) == SGX_OK);
    for (uint64_t id = 1; id <= 300; ++id) {
        sgx_new_order o = SGX_NEW_ORDER_INIT;
        o.symbol = 1;
        o.side = id % 2 ? SGX_SIDE_BUY : SGX_SIDE_SELL;
        o.client_id = id;
        o.price = id % 2 ? static_cast<int64_t>(id % 50) + 1 : static_cast<int64_t>(id % 50) + 100;
        o.lots = 3;
        REQUIRE(sgx_engine_submit(e, &o, nullptr, nullptr) == SGX_OK);
    }
    std::vector<sgx_level_ticks> levels(64);
    const std::uint64_t before = alloc_hook::count();
    for (int round = 0; round < 100; ++round) {
        sgx_top_ticks t;
        sgx_level_ticks l;
        sgx_order_ticks o;
        size_t n = 0;
        REQUIRE(sgx_engine_top_ticks(&t, e, 1) == SGX_OK);
        REQUIRE(sgx_engine_depth_ticks(levels.data(), levels.size(), &n, e, 1, SGX_SIDE_SELL) == SGX_OK);
        REQUIRE(sgx_engine_lots_at(&l, e, 1, SGX_SIDE_BUY, round % 50 + 1) == SGX_OK);
        REQUIRE(sgx_engine_order_ticks(&o, e, static_cast<uint64_t>(round + 1)) == SGX_OK);
        REQUIRE(sgx_engine_depth_ticks(levels.data(), levels.size(), &n, e, 1, 9) == SGX_ERR_INVALID_SIDE);
    }
    CHECK(alloc_hook::count() == before);
    sgx_engine_destroy(e);
}
