// Cancel, amend, order info, top of book and depth.
#include "helpers.hpp"

#include <cmath>
#include <map>
#include <random>

using namespace test;

TEST_CASE("cancel removes a resting order from the book", "[cancel]") {
    Engine e;
    auto r = submit(e, limit(kBuy, 100.0, 1.0));
    submit(e, limit(kBuy, 99.0, 2.0));
    CHECK(e.cancel(r.order_id) == Status::Ok);
    check_depth(e, {{99.0, 2.0}}, {});
    CHECK(e.stats_snapshot().cancels == 1);
}

TEST_CASE("cancelling an unknown id returns NOT_FOUND and changes nothing", "[cancel]") {
    Engine e;
    submit(e, limit(kBuy, 100.0, 1.0));
    CHECK(e.cancel(999) == Status::NotFound);
    CHECK(e.cancel(0) == Status::NotFound);
    check_depth(e, {{100.0, 1.0}}, {});
}

TEST_CASE("a filled or already cancelled order cannot be cancelled", "[cancel]") {
    Engine e;
    auto maker = submit(e, limit(kSell, 100.0, 1.0));
    auto taker = submit(e, limit(kBuy, 100.0, 1.0));
    CHECK(e.cancel(maker.order_id) == Status::NotFound);  // filled
    CHECK(e.cancel(taker.order_id) == Status::NotFound);  // never rested
    auto r = submit(e, limit(kBuy, 90.0, 1.0));
    CHECK(e.cancel(r.order_id) == Status::Ok);
    CHECK(e.cancel(r.order_id) == Status::NotFound);      // already cancelled
}

TEST_CASE("cancelling a partially filled order removes only its remainder", "[cancel]") {
    Engine e;
    auto maker = submit(e, limit(kSell, 100.0, 3.0));
    submit(e, limit(kBuy, 100.0, 1.0));
    OrderInfo info;
    REQUIRE(e.order_info(maker.order_id, info) == Status::Ok);
    CHECK(info.status == OrderStatus::PartiallyFilled);
    CHECK(info.remaining_quantity == Approx(2.0));
    CHECK(info.executed_quantity == Approx(1.0));
    CHECK(e.cancel(maker.order_id) == Status::Ok);
    check_depth(e, {}, {});
}

TEST_CASE("a resting order keeps priority when its quantity is reduced", "[amend]") {
    Engine e;
    auto first = submit(e, limit(kSell, 100.0, 5.0));
    auto second = submit(e, limit(kSell, 100.0, 1.0));
    CHECK(e.amend(first.order_id, 2.0) == Status::Ok);
    check_depth(e, {}, {{100.0, 3.0}});
    auto taker = submit(e, limit(kBuy, 100.0, 1.0));
    auto fills = drain(e);
    REQUIRE(fills.size() == 1);
    check_fill(fills[0], first.order_id, taker.order_id, 100.0, 1.0, kBuy);
    (void)second;
}

TEST_CASE("a resting order goes to the back of its level when its quantity is increased", "[amend]") {
    Engine e;
    auto first = submit(e, limit(kSell, 100.0, 1.0));
    auto second = submit(e, limit(kSell, 100.0, 1.0));
    CHECK(e.amend(first.order_id, 2.0) == Status::Ok);
    check_depth(e, {}, {{100.0, 3.0}});
    auto taker = submit(e, limit(kBuy, 100.0, 1.0));
    auto fills = drain(e);
    REQUIRE(fills.size() == 1);
    check_fill(fills[0], second.order_id, taker.order_id, 100.0, 1.0, kBuy);
}

TEST_CASE("amending to the same quantity keeps priority", "[amend]") {
    Engine e;
    auto first = submit(e, limit(kSell, 100.0, 1.0));
    submit(e, limit(kSell, 100.0, 1.0));
    CHECK(e.amend(first.order_id, 1.0) == Status::Ok);
    auto taker = submit(e, limit(kBuy, 100.0, 1.0));
    auto fills = drain(e);
    REQUIRE(fills.size() == 1);
    CHECK(fills[0].maker_order_id == first.order_id);
    (void)taker;
}

TEST_CASE("amend refuses unknown ids and bad quantities without changing the book", "[amend]") {
    Engine e;
    auto r = submit(e, limit(kBuy, 100.0, 1.0));
    CHECK(e.amend(12345, 1.0) == Status::NotFound);
    CHECK(e.amend(r.order_id, 0.0) == Status::InvalidQuantity);
    CHECK(e.amend(r.order_id, -1.0) == Status::InvalidQuantity);
    CHECK(e.amend(r.order_id, std::nan("")) == Status::InvalidQuantity);
    CHECK(e.configure_symbol(9, 0.01, 0.1) == Status::Ok);
    auto coarse = submit(e, limit(kBuy, 1.0, 1.0, TimeInForce::GTC, 9));
    CHECK(e.amend(coarse.order_id, 0.15) == Status::OffLot);
    check_depth(e, {{100.0, 1.0}}, {});
    check_depth(e, {{1.0, 1.0}}, {}, 9);
}

TEST_CASE("order_info reports a resting order and NOT_FOUND otherwise", "[info]") {
    Engine e;
    auto r = submit(e, limit(kSell, 101.5, 2.0, TimeInForce::GTC, 3));
    OrderInfo info;
    REQUIRE(e.order_info(r.order_id, info) == Status::Ok);
    CHECK(info.order_id == r.order_id);
    CHECK(info.symbol == 3);
    CHECK(info.side == kSell);
    CHECK(info.price == Approx(101.5));
    CHECK(info.original_quantity == Approx(2.0));
    CHECK(info.remaining_quantity == Approx(2.0));
    CHECK(info.status == OrderStatus::New);
    CHECK(e.order_info(r.order_id + 1, info) == Status::NotFound);
}

TEST_CASE("top of book gives the best price and aggregate quantity per side", "[book]") {
    Engine e;
    TopOfBook t;
    REQUIRE(e.top_of_book(kSym, t) == Status::Ok);
    CHECK_FALSE(t.has_bid);
    CHECK_FALSE(t.has_ask);
    submit(e, limit(kBuy, 99.0, 1.0));
    submit(e, limit(kBuy, 99.0, 2.0));
    submit(e, limit(kBuy, 98.0, 7.0));
    submit(e, limit(kSell, 101.0, 4.0));
    REQUIRE(e.top_of_book(kSym, t) == Status::Ok);
    CHECK(t.has_bid);
    CHECK(t.bid_price == Approx(99.0));
    CHECK(t.bid_quantity == Approx(3.0));
    CHECK(t.has_ask);
    CHECK(t.ask_price == Approx(101.0));
    CHECK(t.ask_quantity == Approx(4.0));
}

TEST_CASE("depth lists N levels per side, best first", "[book]") {
    Engine e;
    for (double p : {95.0, 97.0, 96.0, 99.0, 98.0}) submit(e, limit(kBuy, p, 1.0));
    for (double p : {104.0, 101.0, 103.0, 102.0}) submit(e, limit(kSell, p, 2.0));
    std::vector<LevelView> b(3), a(3);
    std::size_t nb = 0, na = 0;
    REQUIRE(e.depth(kSym, b, nb, a, na) == Status::Ok);
    REQUIRE(nb == 3);
    REQUIRE(na == 3);
    CHECK(b[0].price == Approx(99.0));
    CHECK(b[1].price == Approx(98.0));
    CHECK(b[2].price == Approx(97.0));
    CHECK(a[0].price == Approx(101.0));
    CHECK(a[2].price == Approx(103.0));
    CHECK(a[0].order_count == 1);
}

TEST_CASE("levels are found and kept in price order wherever they lie: dense at the touch, sparse far behind it",
          "[book]") {
    // The level search guesses a price's place from its distance to the
    // best level, then walks or binary-searches: check it against a map.
    Engine e;
    REQUIRE(e.configure_symbol(kSym, 0.01, 1.0) == Status::Ok);
    std::mt19937_64 rng(7);
    std::map<std::int64_t, std::int64_t> bids, asks;  // ticks -> lots
    std::vector<std::uint64_t> resting;  // ids
    auto random_ticks = [&](Side side) {
        // Half within 20 ticks of the touch (dense), half up to 5,000 behind (sparse).
        const std::int64_t behind = rng() % 2 ? static_cast<std::int64_t>(rng() % 20)
                                              : static_cast<std::int64_t>(rng() % 5000);
        return side == kBuy ? 10000 - behind : 10001 + behind;
    };
    for (int step = 0; step < 3000; ++step) {
        if (step % 3 == 2 && !resting.empty()) {
            const std::size_t k = rng() % resting.size();
            const std::uint64_t id = resting[k];
            resting[k] = resting.back();
            resting.pop_back();
            OrderInfo info;
            REQUIRE(e.order_info(id, info) == Status::Ok);
            auto& side = info.side == kBuy ? bids : asks;
            const auto ticks = static_cast<std::int64_t>(std::llround(info.price / 0.01));
            if ((side[ticks] -= static_cast<std::int64_t>(info.remaining_quantity)) == 0) side.erase(ticks);
            REQUIRE(e.cancel(id) == Status::Ok);
        } else {
            const Side side = rng() % 2 ? kBuy : kSell;
            const std::int64_t ticks = random_ticks(side);
            const auto lots = static_cast<std::int64_t>(1 + rng() % 5);
            const ExecutionReport r = submit(e, limit(side, static_cast<double>(ticks) * 0.01, static_cast<double>(lots)));
            REQUIRE(r.status == OrderStatus::New);
            (side == kBuy ? bids : asks)[ticks] += lots;
            resting.push_back(r.order_id);
        }
    }
    std::vector<LevelView> b(bids.size() + 1), a(asks.size() + 1);
    std::size_t nb = 0, na = 0;
    REQUIRE(e.depth(kSym, b, nb, a, na) == Status::Ok);
    REQUIRE(nb == bids.size());
    REQUIRE(na == asks.size());
    std::size_t i = 0;
    for (auto it = bids.rbegin(); it != bids.rend(); ++it, ++i) {  // best (highest) first
        CHECK(std::llround(b[i].price / 0.01) == it->first);
        CHECK(std::llround(b[i].quantity) == it->second);
    }
    i = 0;
    for (const auto& [ticks, lots] : asks) {  // best (lowest) first
        CHECK(std::llround(a[i].price / 0.01) == ticks);
        CHECK(std::llround(a[i].quantity) == lots);
        ++i;
    }
}

TEST_CASE("a symbol's tick and lot cannot change while orders rest", "[symbols]") {
    Engine e;
    REQUIRE(e.configure_symbol(5, 0.5, 1.0) == Status::Ok);
    auto r = submit(e, limit(kBuy, 10.5, 2.0, TimeInForce::GTC, 5));
    CHECK(e.configure_symbol(5, 0.25, 1.0) == Status::SymbolInUse);
    CHECK(e.configure_symbol(5, 0.5, 1.0) == Status::Ok);  // unchanged: fine
    REQUIRE(e.cancel(r.order_id) == Status::Ok);
    CHECK(e.configure_symbol(5, 0.25, 1.0) == Status::Ok);
    CHECK(e.scale_of(5).tick_size == 0.25);
}
