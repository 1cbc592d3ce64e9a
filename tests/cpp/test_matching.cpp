// Matching rules: price-time priority, trade price, time in force.
#include "helpers.hpp"

using namespace test;

TEST_CASE("an order that does not cross rests and reports NEW", "[matching]") {
    Engine e;
    auto r = submit(e, limit(kBuy, 100.0, 2.0));
    CHECK(r.status == OrderStatus::New);
    CHECK(r.executed_quantity == 0.0);
    CHECK(r.executed_price == 0.0);
    CHECK(r.remaining_quantity == Approx(2.0));
    CHECK(r.fill_count == 0);
    check_depth(e, {{100.0, 2.0}}, {});
}

TEST_CASE("an incoming order trades with the best opposite level first", "[matching]") {
    Engine e;
    submit(e, limit(kSell, 102.0, 1.0));
    auto best = submit(e, limit(kSell, 101.0, 1.0));
    auto r = submit(e, limit(kBuy, 102.0, 1.0));
    CHECK(r.status == OrderStatus::Filled);
    CHECK(r.executed_price == Approx(101.0));
    auto fills = drain(e);
    REQUIRE(fills.size() == 1);
    check_fill(fills[0], best.order_id, r.order_id, 101.0, 1.0, kBuy);
    check_depth(e, {}, {{102.0, 1.0}});
}

TEST_CASE("within a level the oldest resting order trades first", "[matching]") {
    Engine e;
    auto first = submit(e, limit(kBuy, 100.0, 1.0));
    auto second = submit(e, limit(kBuy, 100.0, 1.0));
    auto r = submit(e, limit(kSell, 100.0, 1.5));
    CHECK(r.status == OrderStatus::Filled);
    auto fills = drain(e);
    REQUIRE(fills.size() == 2);
    check_fill(fills[0], first.order_id, r.order_id, 100.0, 1.0, kSell);
    check_fill(fills[1], second.order_id, r.order_id, 100.0, 0.5, kSell);
    check_depth(e, {{100.0, 0.5}}, {});
}

TEST_CASE("every trade is at the resting order's price, not the taker's limit", "[matching]") {
    Engine e;
    submit(e, limit(kSell, 99.0, 1.0));
    auto r = submit(e, limit(kBuy, 105.0, 1.0));
    CHECK(r.executed_price == Approx(99.0));
    auto fills = drain(e);
    REQUIRE(fills.size() == 1);
    CHECK(fills[0].price == Approx(99.0));
}

TEST_CASE("matching stops at the first level beyond the limit price", "[matching]") {
    Engine e;
    submit(e, limit(kSell, 100.0, 1.0));
    submit(e, limit(kSell, 101.0, 1.0));
    submit(e, limit(kSell, 102.0, 1.0));
    auto r = submit(e, limit(kBuy, 101.0, 5.0));
    CHECK(r.status == OrderStatus::PartiallyFilled);
    CHECK(r.fill_count == 2);
    CHECK(r.executed_quantity == Approx(2.0));
    CHECK(r.executed_price == Approx(100.5));
    CHECK(r.remaining_quantity == Approx(3.0));
    check_depth(e, {{101.0, 3.0}}, {{102.0, 1.0}});
}

TEST_CASE("a GTC remainder rests at its limit price", "[matching][tif]") {
    Engine e;
    submit(e, limit(kSell, 100.0, 1.0));
    auto r = submit(e, limit(kBuy, 100.0, 3.0));
    CHECK(r.status == OrderStatus::PartiallyFilled);
    CHECK(r.remaining_quantity == Approx(2.0));
    check_depth(e, {{100.0, 2.0}}, {});
}

TEST_CASE("an IOC remainder is cancelled and never rests", "[matching][tif]") {
    Engine e;
    submit(e, limit(kSell, 100.0, 1.0));
    auto r = submit(e, limit(kBuy, 100.0, 3.0, TimeInForce::IOC));
    CHECK(r.status == OrderStatus::Cancelled);
    CHECK(r.executed_quantity == Approx(1.0));
    CHECK(r.remaining_quantity == 0.0);
    check_depth(e, {}, {});
}

TEST_CASE("an IOC that fills completely reports FILLED", "[matching][tif]") {
    Engine e;
    submit(e, limit(kSell, 100.0, 5.0));
    auto r = submit(e, limit(kBuy, 100.0, 3.0, TimeInForce::IOC));
    CHECK(r.status == OrderStatus::Filled);
    check_depth(e, {}, {{100.0, 2.0}});
}

TEST_CASE("an IOC that cannot trade is cancelled with nothing executed", "[matching][tif]") {
    Engine e;
    submit(e, limit(kSell, 101.0, 1.0));
    auto r = submit(e, limit(kBuy, 100.0, 1.0, TimeInForce::IOC));
    CHECK(r.status == OrderStatus::Cancelled);
    CHECK(r.executed_quantity == 0.0);
    CHECK(r.slippage == 0.0);
    check_depth(e, {}, {{101.0, 1.0}});
}

TEST_CASE("a market order trades at any price and its remainder is cancelled", "[matching][market]") {
    Engine e;
    submit(e, limit(kSell, 100.0, 1.0));
    submit(e, limit(kSell, 500.0, 1.0));
    auto r = submit(e, market(kBuy, 3.0, TimeInForce::GTC));
    CHECK(r.status == OrderStatus::Cancelled);
    CHECK(r.executed_quantity == Approx(2.0));
    CHECK(r.executed_price == Approx(300.0));
    CHECK(r.remaining_quantity == 0.0);
    check_depth(e, {}, {});
}

TEST_CASE("a market order ignores its price argument, even NaN", "[matching][market]") {
    Engine e;
    submit(e, limit(kBuy, 100.0, 1.0));
    OrderRequest o = market(kSell, 1.0);
    o.price = std::numeric_limits<double>::quiet_NaN();
    auto r = submit(e, o);
    CHECK(r.status == OrderStatus::Filled);
    CHECK(r.executed_price == Approx(100.0));
}

TEST_CASE("a market order into an empty book is cancelled", "[matching][market]") {
    Engine e;
    auto r = submit(e, market(kBuy, 1.0));
    CHECK(r.status == OrderStatus::Cancelled);
    CHECK(r.executed_quantity == 0.0);
}

TEST_CASE("FOK fills completely across levels when enough quantity crosses", "[matching][tif]") {
    Engine e;
    submit(e, limit(kSell, 100.0, 1.0));
    submit(e, limit(kSell, 101.0, 2.0));
    auto r = submit(e, limit(kBuy, 101.0, 3.0, TimeInForce::FOK));
    CHECK(r.status == OrderStatus::Filled);
    CHECK(r.fill_count == 2);
    check_depth(e, {}, {});
}

TEST_CASE("FOK that cannot fill completely makes no trade at all", "[matching][tif]") {
    Engine e;
    submit(e, limit(kSell, 100.0, 1.0));
    submit(e, limit(kSell, 102.0, 5.0));  // beyond the limit: does not count
    auto r = submit(e, limit(kBuy, 101.0, 2.0, TimeInForce::FOK));
    CHECK(r.status == OrderStatus::Cancelled);
    CHECK(r.executed_quantity == 0.0);
    CHECK(r.fill_count == 0);
    CHECK(drain(e).empty());
    check_depth(e, {}, {{100.0, 1.0}, {102.0, 5.0}});
}

TEST_CASE("a market FOK fills completely or not at all", "[matching][tif][market]") {
    Engine e;
    submit(e, limit(kBuy, 100.0, 1.0));
    auto none = submit(e, market(kSell, 2.0, TimeInForce::FOK));
    CHECK(none.status == OrderStatus::Cancelled);
    check_depth(e, {{100.0, 1.0}}, {});
    auto all = submit(e, market(kSell, 1.0, TimeInForce::FOK));
    CHECK(all.status == OrderStatus::Filled);
}

TEST_CASE("POST_ONLY that would trade on arrival is rejected and nothing rests", "[matching][tif]") {
    Engine e;
    submit(e, limit(kSell, 100.0, 1.0));
    auto r = submit(e, limit(kBuy, 100.0, 1.0, TimeInForce::PostOnly));
    CHECK(r.status == OrderStatus::Rejected);
    CHECK(r.order_id == 2);
    CHECK(r.executed_quantity == 0.0);
    CHECK(r.remaining_quantity == 0.0);
    CHECK(drain(e).empty());
    check_depth(e, {}, {{100.0, 1.0}});
}

TEST_CASE("POST_ONLY that does not cross rests like GTC", "[matching][tif]") {
    Engine e;
    submit(e, limit(kSell, 100.0, 1.0));
    auto r = submit(e, limit(kBuy, 99.0, 1.0, TimeInForce::PostOnly));
    CHECK(r.status == OrderStatus::New);
    check_depth(e, {{99.0, 1.0}}, {{100.0, 1.0}});
}

TEST_CASE("symbols have separate books", "[matching]") {
    Engine e;
    submit(e, limit(kSell, 100.0, 1.0, TimeInForce::GTC, 1));
    auto r = submit(e, limit(kBuy, 100.0, 1.0, TimeInForce::GTC, 2));
    CHECK(r.status == OrderStatus::New);
    check_depth(e, {}, {{100.0, 1.0}}, 1);
    check_depth(e, {{100.0, 1.0}}, {}, 2);
}

TEST_CASE("a symbol id beyond the direct table works like any other", "[matching]") {
    Engine e;
    const std::uint32_t big = 4'000'000'000u;
    submit(e, limit(kSell, 100.0, 1.0, TimeInForce::GTC, big));
    auto r = submit(e, limit(kBuy, 100.0, 1.0, TimeInForce::GTC, big));
    CHECK(r.status == OrderStatus::Filled);
    CHECK(r.symbol == big);
}
