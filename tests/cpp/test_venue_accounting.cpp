// Fees and accounting by hand (docs/venue.md, "Fills and fees", "Accounting").
#include <cmath>

#include <catch2/catch.hpp>

#include "venue_stream.hpp"

using namespace sigmax;
using namespace sigmax::venue;
using namespace sigmax::venue::test;

TEST_CASE("accounting, linear: buy 1.0 at 100, sell 0.4 at 110, mid 110: realized 4, unrealized 6, taker fees on value", "[venue]") {
    Fixture f;
    f.symbols = {symbol(0, 0.5, 0.1)};
    f.events = {level(0, 0, kAsk, 200, 100), level(0, 0, kBid, 190, 100),
                level(10, 10, kBid, 220, 100), level(10, 10, kAsk, 200, 0), level(10, 10, kAsk, 225, 100),
                level(20, 20, kBid, 220, 0), level(20, 20, kBid, 218, 100), level(20, 20, kAsk, 225, 0),
                level(20, 20, kAsk, 222, 100)};
    Config c = constant(0, 0);
    c.defaults.maker_fee = -0.0001;
    c.defaults.taker_fee = 0.0005;
    f.start(c);
    f.buy(1, 200, 10);
    f.go(10);
    f.sell(2, 220, 4);
    f.go(20);
    const State s = f.state();
    CHECK(s.position == 6);
    CHECK(s.trades == 2);
    CHECK(s.taker_fills == 2);
    CHECK(s.volume == 14);
    CHECK(s.balance == Approx(-56.0));
    CHECK(s.fee == Approx(0.05 + 0.022));
    CHECK(s.realized_pnl == Approx(4.0));
    CHECK(s.mid == Approx(110.0));
    CHECK(s.unrealized_pnl == Approx(6.0));
    CHECK(s.equity == Approx(10.0 - 0.072));
    CHECK(s.avg_entry_price == Approx(100.0));
    CHECK(s.trading_value == Approx(144.0));
    const auto fills = f.venue->fills();
    REQUIRE(fills.size() == 2);
    CHECK(fills[0].fee == Approx(0.05));
    CHECK(fills[1].fee == Approx(0.022));
}

TEST_CASE("accounting, inverse: value is -(qty * cs / px); buy 100 at 20000, sell 40 at 25000", "[venue]") {
    Fixture f;
    f.symbols = {symbol(0, 1.0, 1.0, 10.0, true)};
    f.events = {level(0, 0, kAsk, 20000, 1000), level(0, 0, kBid, 19990, 1000),
                level(10, 10, kBid, 25000, 1000), level(10, 10, kAsk, 20000, 0), level(10, 10, kAsk, 25000 + 2, 1000),
                level(20, 20, kAsk, 25002, 0), level(20, 20, kBid, 25000, 0), level(20, 20, kBid, 24999, 1000), level(20, 20, kAsk, 25001, 1000)};
    f.start(constant(0, 0));
    f.buy(1, 20000, 100);
    f.go(10);
    State s = f.state();
    CHECK(s.balance == Approx(0.05));
    CHECK(s.avg_entry_price == Approx(20000.0));
    f.sell(2, 25000, 40);
    f.go(20);
    s = f.state();
    CHECK(s.position == 60);
    CHECK(s.balance == Approx(0.034));
    CHECK(s.realized_pnl == Approx(0.004));
    CHECK(s.mid == Approx(25000.0));
    CHECK(s.unrealized_pnl == Approx(0.006));
    CHECK(s.equity == Approx(0.01));
    CHECK(s.avg_entry_price == Approx(20000.0));
}

TEST_CASE("accounting: a fill through zero realizes the old position and opens the rest at the fill price", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kAsk, 100, 100), level(0, 0, kBid, 99, 100), level(10, 10, kBid, 120, 100),
                level(10, 10, kAsk, 100, 0), level(10, 10, kAsk, 121, 100)};
    f.start(constant(0, 0));
    f.buy(1, 100, 3);
    f.go(5);
    f.sell(2, 120, 5);
    f.go(10);
    const State s = f.state();
    CHECK(s.position == -2);
    CHECK(s.realized_pnl == Approx(60.0));
    CHECK(s.avg_entry_price == Approx(120.0));
    CHECK(s.unrealized_pnl == Approx(-1.0));  // mid 120.5: -(2 * 120.5) + 240
}

TEST_CASE("fees: VALUE charges rate x |value|, a negative maker rate is a rebate", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kAsk, 105, 1), level(0, 0, kBid, 100, 1), trade(10, 10, kBid, 106, 1)};
    Config c = constant(0, 0);
    c.defaults.maker_fee = -0.0002;
    c.defaults.taker_fee = 0.0007;
    f.start(c);
    f.sell(1, 105, 10);
    f.go(10);
    REQUIRE(f.venue->fills().size() == 1);
    CHECK(f.venue->fills()[0].maker == 1);
    CHECK(f.venue->fills()[0].fee == Approx(-0.0002 * 1050.0));
    CHECK(f.state().maker_fills == 1);
    CHECK(f.state().fee == Approx(-0.21));
}

TEST_CASE("fees: QUANTITY charges rate x lots x lot_size; FLAT the rate per fill", "[venue]") {
    for (std::uint8_t model : {std::uint8_t{SGX_FEE_QUANTITY}, std::uint8_t{SGX_FEE_FLAT}}) {
        Fixture f;
        f.symbols = {symbol(0, 0.5, 0.1)};
        f.events = {level(0, 0, kAsk, 100, 50), level(0, 0, kAsk, 101, 50), level(0, 0, kBid, 90, 1)};
        Config c = constant(0, 0);
        c.defaults.fee_model = model;
        c.defaults.maker_fee = 0.5;
        c.defaults.taker_fee = 2.0;
        c.defaults.fill_model = SGX_FILL_PARTIAL;
        f.start(c);
        f.buy(1, 101, 70);  // 50 @ 100, 20 @ 101: two taker fills
        f.go(1);
        const auto fills = f.venue->fills();
        REQUIRE(fills.size() == 2);
        if (model == SGX_FEE_QUANTITY) {
            CHECK(fills[0].fee == Approx(2.0 * 50 * 0.1));
            CHECK(fills[1].fee == Approx(2.0 * 20 * 0.1));
        } else {
            CHECK(fills[0].fee == 2.0);
            CHECK(fills[1].fee == 2.0);
        }
    }
}

TEST_CASE("state: with an empty side the mid, unrealized and equity are NaN", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kAsk, 100, 5)};
    f.start(constant(0, 0));
    f.go(1);
    const State s = f.state();
    CHECK(std::isnan(s.mid));
    CHECK(std::isnan(s.equity));
}

TEST_CASE("state counts activity: orders_submitted per accepted submit, orders_filled at an order's first fill, book_events per non-trade event", "[venue]") {
    Fixture f;
    f.symbols = {symbol(0, 1.0, 1.0)};
    f.events = {level(0, 0, kAsk, 101, 10), level(0, 0, kBid, 99, 10), trade(5, 5, kBid, 101, 1),
                level(20, 20, kBid, 99, 11), level(30, 30, kBid, 98, 1)};
    f.start(constant(0, 0));
    f.buy(1, 101, 4);                  // crosses: filled at once
    f.buy(2, 99, 1, TimeInForce::PostOnly); // rests behind the bid
    CHECK(f.venue->submit(0, 1, Side::Buy, 101, 1, OrderType::Limit, TimeInForce::GTC) == Status::DuplicateOrderId);
    f.go(10);
    State s = f.state();
    CHECK(s.orders_submitted == 2);    // the refused duplicate is not counted
    CHECK(s.orders_filled == 1);
    CHECK(s.book_events == 2);         // the trade at 5 is not a book event
    f.go(30);
    s = f.state();
    CHECK(s.book_events == 4);
    CHECK(s.orders_filled == 1);
}
