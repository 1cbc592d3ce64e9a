// The venue's order rules on hand-made streams: latency, responses, the
// exchange's NEW/CANCEL/MODIFY rules and the fill models (docs/venue.md).
#include <catch2/catch.hpp>

#include "venue_stream.hpp"

using namespace sigmax;
using namespace sigmax::venue;
using namespace sigmax::venue::test;

TEST_CASE("an order sent at t meets the exchange book at t + entry latency, not at t", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kAsk, 100, 5), level(0, 0, kBid, 90, 5),
                // The ask moves at exchange time 50, after the order is sent (10) and before it arrives (110).
                level(50, 60, kAsk, 100, 0), level(50, 60, kAsk, 105, 5), level(500, 500, kBid, 90, 6)};
    f.start(constant(100, 20));
    f.go(10);
    f.buy(1, 110, 2);
    f.go(129);
    CHECK(f.order(1).status == SGX_VORD_NONE);  // the response is still on its way
    f.go(130);
    const Order o = f.order(1);
    CHECK(o.status == SGX_VORD_FILLED);
    CHECK(o.exec_price == 105);  // the ask as of the arrival, not the 100 the strategy saw
    CHECK(o.maker == 0);
    CHECK(o.exch_ts == 110);
    CHECK(o.recv_ts == 130);
    CHECK(o.local_ts == 10);
    CHECK(o.request == SGX_VREQ_NONE);
}

TEST_CASE("a response reaches local at its exchange time + response latency; the order is NONE until then", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kBid, 100, 10), level(1000, 1000, kBid, 99, 1)};
    f.start(constant(30, 70));
    f.buy(1, 100, 2);
    Order o = f.order(1);
    CHECK(o.status == SGX_VORD_NONE);
    CHECK(o.request == SGX_VREQ_NEW);
    f.go(99);
    CHECK(f.order(1).status == SGX_VORD_NONE);
    f.go(100);
    o = f.order(1);
    CHECK(o.status == SGX_VORD_NEW);
    CHECK(o.exch_ts == 30);
    CHECK(o.recv_ts == 100);
    CHECK(o.queue_ahead == 10.0);  // the lots at its price when it arrived
    CHECK(o.request == SGX_VREQ_NONE);
}

TEST_CASE("a resting sell traded through (a buy trade above its price) fills whole at its own price as maker", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kAsk, 105, 50), level(0, 0, kBid, 100, 5), trade(100, 100, kBid, 106, 1)};
    f.start(constant(0, 0));
    f.sell(1, 105, 3);
    f.go(50);
    CHECK(f.queue(1) == 50.0);
    f.go(100);
    const Order o = f.order(1);
    CHECK(o.status == SGX_VORD_FILLED);
    CHECK(o.executed == 3);
    CHECK(o.exec_price == 105);
    CHECK(o.maker == 1);
    REQUIRE(f.venue->fills().size() == 1);
    CHECK(f.venue->fills()[0].quantity == 3);
}

TEST_CASE("a resting order whose queue front passes -0.5 fills at its price (risk averse: trades advance it, level decreases only cap it)", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kBid, 100, 10), level(0, 0, kAsk, 101, 10),
                trade(10, 10, kAsk, 100, 3),      // front 10 -> 7
                level(20, 20, kBid, 100, 8),      // min(7, 8) = 7: a decrease above the front changes nothing
                level(30, 30, kBid, 100, 5),      // min(7, 5) = 5
                trade(40, 40, kAsk, 100, 5),      // 5 - 5 = 0: not yet
                trade(50, 50, kAsk, 100, 1)};     // -1: filled
    f.start(constant(0, 0));
    f.buy(1, 100, 2);
    f.go(5);
    CHECK(f.queue(1) == 10.0);
    f.go(10);
    CHECK(f.queue(1) == 7.0);
    f.go(20);
    CHECK(f.queue(1) == 7.0);
    f.go(30);
    CHECK(f.queue(1) == 5.0);
    f.go(40);
    CHECK(f.queue(1) == 0.0);
    CHECK(f.order(1).status == SGX_VORD_NEW);
    f.go(50);
    const Order o = f.order(1);
    CHECK(o.status == SGX_VORD_FILLED);
    CHECK(o.exec_price == 100);
    CHECK(o.maker == 1);
}

TEST_CASE("a resting sell is filled whole at its own price when the best bid rises to it (best cross)", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kAsk, 110, 5), level(0, 0, kBid, 100, 5), level(10, 10, kBid, 106, 2),
                level(20, 20, kAsk, 94, 1)};
    f.start(constant(0, 0));
    f.sell(1, 105, 3);
    f.buy(2, 95, 4);
    f.go(10);
    Order o = f.order(1);
    CHECK(o.status == SGX_VORD_FILLED);
    CHECK(o.exec_price == 105);  // its own price, not the bid's 106
    CHECK(o.maker == 1);
    CHECK(f.order(2).status == SGX_VORD_NEW);
    f.go(20);
    o = f.order(2);
    CHECK(o.status == SGX_VORD_FILLED);
    CHECK(o.exec_price == 95);
    CHECK(o.maker == 1);
}

TEST_CASE("a post-only (GTX) order that would cross expires with nothing filled", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kAsk, 100, 5), level(0, 0, kBid, 99, 5)};
    f.start(constant(0, 0));
    f.buy(1, 100, 1, TimeInForce::PostOnly);
    f.buy(2, 99, 1, TimeInForce::PostOnly);
    f.go(1);
    CHECK(f.order(1).status == SGX_VORD_EXPIRED);
    CHECK(f.order(1).executed == 0);
    CHECK(f.order(2).status == SGX_VORD_NEW);
    CHECK(f.venue->fills().empty());
}

namespace {

// Asks 100 x 2, 101 x 3, 102 x 5; bids 90 x 5.
Fixture ladder(std::uint8_t fill_model) {
    Fixture f;
    f.events = {level(0, 0, kAsk, 100, 2), level(0, 0, kAsk, 101, 3), level(0, 0, kAsk, 102, 5),
                level(0, 0, kBid, 90, 5)};
    Config c = constant(0, 0);
    c.defaults.fill_model = fill_model;
    f.start(c);
    return f;
}

}  // namespace

TEST_CASE("partial fills: a FOK is refused whole when the depth within its limit is short", "[venue]") {
    Fixture f = ladder(SGX_FILL_PARTIAL);
    f.buy(1, 102, 11, TimeInForce::FOK);
    f.go(1);
    CHECK(f.order(1).status == SGX_VORD_EXPIRED);
    CHECK(f.order(1).executed == 0);
    CHECK(f.venue->fills().empty());
}

TEST_CASE("partial fills: a FOK the depth covers fills level by level at each level's price", "[venue]") {
    Fixture f = ladder(SGX_FILL_PARTIAL);
    f.buy(1, 102, 10, TimeInForce::FOK);
    f.go(1);
    const Order o = f.order(1);
    CHECK(o.status == SGX_VORD_FILLED);
    CHECK(o.executed == 10);
    CHECK(o.avg_price == Approx((2 * 100 + 3 * 101 + 5 * 102) / 10.0));
    const auto fills = f.venue->fills();
    REQUIRE(fills.size() == 3);
    CHECK(fills[0].price == 100);
    CHECK(fills[0].quantity == 2);
    CHECK(fills[1].price == 101);
    CHECK(fills[1].quantity == 3);
    CHECK(fills[2].price == 102);
    CHECK(fills[2].quantity == 5);
    CHECK(fills[2].maker == 0);
}

TEST_CASE("partial fills: a taker walks as many levels as its limit and lots reach, past the first chunk of 64",
          "[venue]") {
    // 200 ask levels of 1 lot at 100..299: the taker reads them in growing chunks.
    Fixture f;
    for (std::int64_t p = 100; p < 300; ++p) f.events.push_back(level(0, 0, kAsk, p, 1));
    Config c = constant(0, 0);
    c.defaults.fill_model = SGX_FILL_PARTIAL;
    f.start(c);
    f.buy(1, 179, 150, TimeInForce::IOC);                    // its limit reaches 80 levels
    f.buy(2, 0, 150, TimeInForce::IOC, OrderType::Market);   // no limit: 150 levels cover it
    f.buy(3, 299, 201, TimeInForce::FOK);                     // the whole side holds 200 lots: refused
    f.go(1);
    CHECK(f.order(1).status == SGX_VORD_EXPIRED);
    CHECK(f.order(1).executed == 80);
    CHECK(f.order(1).exec_price == 179);
    CHECK(f.order(2).status == SGX_VORD_FILLED);
    CHECK(f.order(2).exec_price == 249);  // the replayed book is unchanged by takers: it starts at 100 again
    CHECK(f.order(3).status == SGX_VORD_EXPIRED);
    CHECK(f.order(3).executed == 0);
    CHECK(f.venue->fills().size() == 80 + 150);
}

TEST_CASE("partial fills: an IOC takes what is within its limit and the rest expires", "[venue]") {
    Fixture f = ladder(SGX_FILL_PARTIAL);
    f.buy(1, 101, 8, TimeInForce::IOC);
    f.go(1);
    const Order o = f.order(1);
    CHECK(o.status == SGX_VORD_EXPIRED);
    CHECK(o.executed == 5);
    CHECK(o.leaves == 0);
    CHECK(f.venue->fills().size() == 2);
}

TEST_CASE("partial fills: a crossing GTC takes the levels within its limit and rests the rest", "[venue]") {
    Fixture f = ladder(SGX_FILL_PARTIAL);
    f.buy(1, 101, 8);
    f.go(1);
    const Order o = f.order(1);
    CHECK(o.status == SGX_VORD_PARTIALLY_FILLED);
    CHECK(o.executed == 5);
    CHECK(o.leaves == 3);
    CHECK(f.queue(1) == 0.0);  // no bids at 101
}

TEST_CASE("no partial fills: a crossing taker fills everything at the best price", "[venue]") {
    Fixture f = ladder(SGX_FILL_NO_PARTIAL);
    f.buy(1, 102, 10, TimeInForce::FOK);
    f.buy(2, 0, 50, TimeInForce::IOC, OrderType::Market);
    f.go(1);
    CHECK(f.order(1).status == SGX_VORD_FILLED);
    CHECK(f.order(1).exec_price == 100);
    CHECK(f.order(1).last_fill == 10);
    CHECK(f.order(2).status == SGX_VORD_FILLED);
    CHECK(f.order(2).exec_price == 100);
    CHECK(f.order(2).price == 0);
}

TEST_CASE("a market order with no opposite side expires", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kBid, 90, 5)};
    f.start(constant(0, 0));
    f.buy(1, 0, 5, TimeInForce::IOC, OrderType::Market);
    f.go(1);
    CHECK(f.order(1).status == SGX_VORD_EXPIRED);
}

TEST_CASE("a non-crossing IOC or FOK expires; a non-crossing GTC or GTX rests", "[venue]") {
    Fixture f = ladder(SGX_FILL_PARTIAL);
    f.buy(1, 99, 1, TimeInForce::IOC);
    f.buy(2, 99, 1, TimeInForce::FOK);
    f.buy(3, 90, 1, TimeInForce::GTC);
    f.buy(4, 90, 1, TimeInForce::PostOnly);
    f.go(1);
    CHECK(f.order(1).status == SGX_VORD_EXPIRED);
    CHECK(f.order(2).status == SGX_VORD_EXPIRED);
    CHECK(f.order(3).status == SGX_VORD_NEW);
    CHECK(f.order(4).status == SGX_VORD_NEW);
    CHECK(f.queue(3) == 5.0);
}

TEST_CASE("modify re-queues at the back: the queue estimate restarts at the level's lots, even at the same price", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kBid, 100, 10), level(0, 0, kAsk, 102, 10), trade(10, 10, kAsk, 100, 4),
                level(100, 100, kBid, 99, 1)};
    f.start(constant(0, 0));
    f.buy(1, 100, 2);
    f.go(10);
    CHECK(f.queue(1) == 6.0);
    REQUIRE(f.venue->modify(0, 1, 100, 3) == Status::Ok);
    CHECK(f.order(1).request == SGX_VREQ_MODIFY);
    CHECK(f.order(1).quantity == 2);  // unchanged until the response
    f.go(11);
    const Order o = f.order(1);
    CHECK(o.status == SGX_VORD_NEW);
    CHECK(o.quantity == 3);
    CHECK(o.leaves == 3);
    CHECK(f.queue(1) == 10.0);
    CHECK(o.queue_ahead == 10.0);
}

TEST_CASE("a modify to a crossing price takes liquidity (GTC) or expires (GTX)", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kBid, 100, 10), level(0, 0, kAsk, 102, 10)};
    f.start(constant(0, 0));
    f.buy(1, 100, 2);
    f.buy(2, 100, 2, TimeInForce::PostOnly);
    f.go(1);
    REQUIRE(f.venue->modify(0, 1, 102, 2) == Status::Ok);
    REQUIRE(f.venue->modify(0, 2, 103, 2) == Status::Ok);
    f.go(2);
    CHECK(f.order(1).status == SGX_VORD_FILLED);
    CHECK(f.order(1).exec_price == 102);
    CHECK(f.order(1).maker == 0);
    CHECK(f.order(2).status == SGX_VORD_EXPIRED);
}

TEST_CASE("a negative entry latency rejects the request: REJECTED after |entry| ns, never at the exchange", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kAsk, 100, 5), level(1000, 1000, kBid, 90, 1)};
    f.start(constant(-5, 0));
    f.go(10);
    f.buy(1, 100, 1);
    f.go(14);
    CHECK(f.order(1).status == SGX_VORD_NONE);
    f.go(15);
    const Order o = f.order(1);
    CHECK(o.status == SGX_VORD_REJECTED);
    CHECK(o.reject_reason == static_cast<std::int32_t>(Status::TimeBackwards));
    CHECK(o.recv_ts == 15);
    CHECK(o.exch_ts == 0);
    CHECK(f.venue->fills().empty());
}

TEST_CASE("interpolated latency rows with exch_ts 0 reject, after the interpolated response latency", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kAsk, 100, 5), level(5000, 5000, kBid, 90, 1)};
    // The refused rows (exch_ts 0) may sit anywhere; one processed row is needed for responses.
    const LatencyRow rows[] = {{0, 0, 30, 0}, {1000, 0, 1050, 0}, {2000, 2100, 2200, 0}};
    Config c = default_config();
    c.latency_model = SGX_LATENCY_INTERPOLATED;
    c.latency_rows = rows;
    c.latency_row_count = 3;
    f.start(c);
    f.go(100);
    f.buy(1, 100, 1);  // -intp(100, 0, 30, 1000, 50) = -(trunc(20 / 1000 * 100) + 30) = -32
    f.go(131);
    CHECK(f.order(1).status == SGX_VORD_NONE);
    f.go(132);
    CHECK(f.order(1).status == SGX_VORD_REJECTED);
    f.go(1500);
    f.buy(2, 100, 1);  // between a refused and a processed row: -intp(1500, 1000, 50, 2000, 200) = -125
    f.go(1624);
    CHECK(f.order(2).status == SGX_VORD_NONE);
    f.go(1625);
    CHECK(f.order(2).status == SGX_VORD_REJECTED);
}

TEST_CASE("the interpolated model needs a processed row, and checks exch_ts order over processed rows only", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kAsk, 100, 5)};
    Config c = default_config();
    c.latency_model = SGX_LATENCY_INTERPOLATED;
    const LatencyRow refused_only[] = {{0, 0, 30, 0}};
    c.latency_rows = refused_only;
    c.latency_row_count = 1;
    std::unique_ptr<Venue> v;
    CHECK(Venue::create(v, f.events, f.symbols, c) == Status::InvalidConfig);
    const LatencyRow refused_between[] = {{0, 100, 200, 0}, {50, 0, 90, 0}, {100, 150, 300, 0}};
    c.latency_rows = refused_between;
    c.latency_row_count = 3;
    CHECK(Venue::create(v, f.events, f.symbols, c) == Status::Ok);
    const LatencyRow processed_backwards[] = {{0, 100, 200, 0}, {50, 0, 90, 0}, {100, 90, 300, 0}};
    c.latency_rows = processed_backwards;
    CHECK(Venue::create(v, f.events, f.symbols, c) == Status::InvalidConfig);
}

TEST_CASE("responses keep their order (FIFO) when the interpolated response latency falls", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kBid, 100, 5), level(5000, 5000, kBid, 99, 1)};
    // entry = 100 throughout; response(100) = 900, response(150) = trunc(-800 / 100 * 50) + 900 = 500.
    const LatencyRow rows[] = {{0, 100, 1000, 0}, {100, 200, 300, 0}};
    Config c = default_config();
    c.latency_model = SGX_LATENCY_INTERPOLATED;
    c.latency_rows = rows;
    c.latency_row_count = 2;
    f.start(c);
    f.buy(1, 100, 1);
    f.go(50);
    f.buy(2, 100, 1);  // answered at 150 + 500 = 650, but behind order 1's answer at 1000
    f.go(999);
    CHECK(f.order(1).status == SGX_VORD_NONE);
    CHECK(f.order(2).status == SGX_VORD_NONE);
    f.go(1000);
    CHECK(f.order(1).exch_ts == 100);
    CHECK(f.order(2).exch_ts == 150);
    CHECK(f.order(1).recv_ts == 1000);
    CHECK(f.order(2).recv_ts == 1000);
}

TEST_CASE("requests keep their order (FIFO) when the feed latency falls", "[venue]") {
    Fixture f;
    // Feed latencies 1000 then 10: entry = (L + N) / 2 once both exist.
    f.events = {level(0, 1000, kBid, 100, 5), level(1990, 2000, kBid, 100, 6), level(4990, 5000, kBid, 99, 1)};
    Config c = default_config();
    c.latency_model = SGX_LATENCY_FEED;
    c.local_latency_floor_ns = -1;
    f.start(c);
    f.buy(1, 100, 1);  // before any event: N only, entry 1000 -> arrives 2000
    f.go(1000);
    f.buy(2, 100, 1);  // L = 1000, N = 10: entry 505 -> 1505, behind order 1: 2000
    f.go(4000);
    CHECK(f.order(1).exch_ts == 2000);
    CHECK(f.order(2).exch_ts == 2000);
    CHECK(f.queue(1) == 6.0);  // the level event at exchange time 1990 came first
}

TEST_CASE("cancel while a request is in flight is refused (RequestInFlight) and changes nothing", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kBid, 100, 5), level(1000, 1000, kBid, 99, 1)};
    f.start(constant(10, 10));
    f.buy(1, 100, 1);
    const Order before = f.order(1);
    CHECK(f.venue->cancel(0, 1) == Status::RequestInFlight);
    CHECK(f.venue->modify(0, 1, 100, 2) == Status::RequestInFlight);
    const Order after = f.order(1);
    CHECK(std::memcmp(&before, &after, sizeof before) == 0);
    f.go(20);
    REQUIRE(f.venue->cancel(0, 1) == Status::Ok);
    f.go(40);
    CHECK(f.order(1).status == SGX_VORD_CANCELLED);
    CHECK(f.order(1).leaves == 0);
    CHECK(f.venue->cancel(0, 1) == Status::OrderClosed);
}

TEST_CASE("a cancel that arrives after a fill is rejected by the exchange: the order stays FILLED, reject_reason ORDER_CLOSED", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kAsk, 105, 1), level(0, 0, kBid, 100, 1), trade(25, 25, kBid, 106, 1),
                level(1000, 1000, kBid, 99, 1)};
    f.start(constant(10, 10));
    f.sell(1, 105, 2);
    f.go(20);
    CHECK(f.order(1).status == SGX_VORD_NEW);
    REQUIRE(f.venue->cancel(0, 1) == Status::Ok);  // arrives at 30, after the trade at 25
    f.go(35);
    Order o = f.order(1);
    CHECK(o.status == SGX_VORD_FILLED);
    CHECK(o.request == SGX_VREQ_CANCEL);  // the fill does not answer the cancel
    f.go(40);
    o = f.order(1);
    CHECK(o.status == SGX_VORD_FILLED);
    CHECK(o.executed == 2);
    CHECK(o.request == SGX_VREQ_NONE);
    CHECK(o.reject_reason == static_cast<std::int32_t>(Status::OrderClosed));
    CHECK(o.exch_ts == 30);
}

TEST_CASE("cancel_all cancels the open orders without a request in flight, in id order; clear_inactive_orders frees closed ids", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kBid, 100, 5), level(0, 0, kAsk, 101, 5), level(1000, 1000, kBid, 99, 1)};
    f.start(constant(1, 1));
    f.buy(3, 100, 1);
    f.buy(1, 99, 1);
    f.buy(2, 101, 1, TimeInForce::PostOnly);  // expires
    f.go(10);
    f.buy(4, 98, 1);  // in flight: skipped
    std::size_t sent = 0;
    REQUIRE(f.venue->cancel_all(0, sent) == Status::Ok);
    CHECK(sent == 2);
    f.go(20);
    CHECK(f.order(1).status == SGX_VORD_CANCELLED);
    CHECK(f.order(3).status == SGX_VORD_CANCELLED);
    CHECK(f.order(4).status == SGX_VORD_NEW);
    REQUIRE(f.venue->clear_inactive_orders(kAllSymbols) == Status::Ok);
    std::size_t count = 0;
    Order out[8];
    REQUIRE(f.venue->orders(0, out, count) == Status::Ok);
    REQUIRE(count == 1);
    CHECK(out[0].order_id == 4);
    f.buy(1, 97, 1);  // the id is free again
}

namespace {

// Everything a strategy can observe of symbol 0.
struct Observed {
    std::vector<Order> orders;
    State state{};
    std::size_t fills = 0;
    std::int64_t now = 0;
    md::Quote quote{};
};

Observed observe(const Venue& v) {
    Observed o;
    std::size_t count = 0;
    REQUIRE(v.orders(0, {}, count) == Status::Ok);
    o.orders.resize(count);
    REQUIRE(v.orders(0, o.orders, count) == Status::Ok);
    REQUIRE(v.state(0, o.state) == Status::Ok);
    REQUIRE(v.quote(0, o.quote) == Status::Ok);
    o.fills = v.fills().size();
    o.now = v.current_timestamp();
    return o;
}

void check_same(const Observed& a, const Observed& b) {
    REQUIRE(a.orders.size() == b.orders.size());
    for (std::size_t i = 0; i < a.orders.size(); ++i) CHECK(std::memcmp(&a.orders[i], &b.orders[i], sizeof(Order)) == 0);
    CHECK(std::memcmp(&a.state, &b.state, sizeof(State)) == 0);
    CHECK(std::memcmp(&a.quote, &b.quote, sizeof(md::Quote)) == 0);
    CHECK(a.fills == b.fills);
    CHECK(a.now == b.now);
}

}  // namespace

TEST_CASE("bad requests get their named status and change nothing", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kBid, 100, 5), level(0, 0, kAsk, 101, 5), level(1000, 1000, kBid, 99, 1)};
    f.start(constant(1, 1));
    f.buy(1, 100, 1);
    f.go(10);
    const Observed before = observe(*f.venue);
    Venue& v = *f.venue;
    Step step;
    CHECK(v.submit(7, 2, Side::Buy, 100, 1, OrderType::Limit, TimeInForce::GTC) == Status::UnknownSymbol);
    CHECK(v.submit(0, 1, Side::Buy, 100, 1, OrderType::Limit, TimeInForce::GTC) == Status::DuplicateOrderId);
    CHECK(v.submit(0, 2, static_cast<Side>(2), 100, 1, OrderType::Limit, TimeInForce::GTC) == Status::InvalidSide);
    CHECK(v.submit(0, 2, Side::Buy, 100, 1, static_cast<OrderType>(2), TimeInForce::GTC) == Status::InvalidType);
    CHECK(v.submit(0, 2, Side::Buy, 100, 1, OrderType::Limit, static_cast<TimeInForce>(4)) == Status::InvalidTif);
    CHECK(v.submit(0, 2, Side::Buy, 100, 0, OrderType::Limit, TimeInForce::GTC) == Status::InvalidQuantity);
    CHECK(v.submit(0, 2, Side::Buy, 100, (std::int64_t{1} << 53) + 1, OrderType::Limit, TimeInForce::GTC) == Status::OutOfRange);
    CHECK(v.submit(0, 2, Side::Buy, -(std::int64_t{1} << 53) - 1, 1, OrderType::Limit, TimeInForce::GTC) == Status::OutOfRange);
    CHECK(v.submit(0, 2, Side::Buy, 0, 1, OrderType::Market, TimeInForce::FOK) == Status::InvalidTif);
    CHECK(v.modify(0, 9, 100, 2) == Status::NotFound);
    CHECK(v.modify(0, 1, 100, 0) == Status::InvalidQuantity);
    CHECK(v.modify(7, 1, 100, 2) == Status::UnknownSymbol);
    CHECK(v.cancel(0, 9) == Status::NotFound);
    CHECK(v.go_to(5, step) == Status::TimeBackwards);
    CHECK(v.elapse(-1, step) == Status::TimeBackwards);
    CHECK(v.wait_next_feed(false, -1, step) == Status::TimeBackwards);
    CHECK(v.wait_order_response(0, 9, 10, step) == Status::NotFound);
    CHECK(v.wait_order_response(7, 1, 10, step) == Status::UnknownSymbol);
    double q = 0;
    CHECK(v.queue_position(0, 9, q) == Status::NotFound);
    check_same(before, observe(v));
}

TEST_CASE("wait_next_feed stops at the first local data event; wait_order_response at that order's response", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kBid, 100, 5), level(40, 50, kBid, 100, 6), level(40, 50, kAsk, 103, 6),
                level(90, 100, kBid, 100, 7)};
    f.start(constant(5, 5));
    Step step;
    REQUIRE(f.venue->wait_next_feed(false, 1000, step) == Status::Ok);
    CHECK(step == Step::Feed);
    CHECK(f.venue->current_timestamp() == 0);
    f.buy(1, 99, 1);  // answer at 10
    REQUIRE(f.venue->wait_next_feed(true, 1000, step) == Status::Ok);
    CHECK(step == Step::Response);
    CHECK(f.venue->current_timestamp() == 10);
    REQUIRE(f.venue->wait_next_feed(false, 1000, step) == Status::Ok);
    CHECK(step == Step::Feed);
    CHECK(f.venue->current_timestamp() == 50);
    md::Quote q{};
    REQUIRE(f.venue->quote(0, q) == Status::Ok);
    CHECK(q.ask_price == 103);  // both events at 50 were processed
    REQUIRE(f.venue->wait_next_feed(false, 20, step) == Status::Ok);
    CHECK(step == Step::Timeout);
    CHECK(f.venue->current_timestamp() == 70);
    REQUIRE(f.venue->cancel(0, 1) == Status::Ok);  // answer at 80
    REQUIRE(f.venue->wait_order_response(0, 1, 1000, step) == Status::Ok);
    CHECK(step == Step::Response);
    CHECK(f.venue->current_timestamp() == 80);
    REQUIRE(f.venue->go_to(1000, step) == Status::Ok);
    CHECK(step == Step::End);
    CHECK(f.venue->current_timestamp() == 100);
}

TEST_CASE("local clock alignment: a file whose local times run behind the exchange's is shifted so that the least latency is the floor", "[venue]") {
    Fixture f;
    f.events = {level(1000, 900, kBid, 100, 5), level(2000, 1950, kBid, 100, 6)};
    Config c = constant(0, 0);
    f.start(c);
    CHECK(f.venue->local_shift_ns() == 100);
    CHECK(f.venue->current_timestamp() == 1000);
    c.local_latency_floor_ns = 10;
    f.start(c);
    CHECK(f.venue->local_shift_ns() == 110);
    c.local_latency_floor_ns = -1;
    f.start(c);
    CHECK(f.venue->local_shift_ns() == 0);
    CHECK(f.venue->current_timestamp() == 900);
}

TEST_CASE("bad configs are refused with InvalidConfig", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kBid, 100, 5)};
    std::unique_ptr<Venue> v;
    Config c = default_config();
    c.latency_model = 3;
    CHECK(Venue::create(v, f.events, f.symbols, c) == Status::InvalidConfig);
    c = default_config();
    c.defaults.queue_power = 0.0;
    CHECK(Venue::create(v, f.events, f.symbols, c) == Status::InvalidConfig);
    c = default_config();
    c.defaults.maker_fee = std::nan("");
    CHECK(Venue::create(v, f.events, f.symbols, c) == Status::InvalidConfig);
    c = default_config();
    SymbolConfig over = c.defaults;
    over.symbol = 5;
    c.symbols = &over;
    c.symbol_count = 1;
    CHECK(Venue::create(v, f.events, f.symbols, c) == Status::InvalidConfig);
    c = default_config();
    const LatencyRow rows[] = {{10, 0, 0, 0}, {5, 0, 0, 0}};
    c.latency_model = SGX_LATENCY_INTERPOLATED;
    c.latency_rows = rows;
    c.latency_row_count = 2;
    CHECK(Venue::create(v, f.events, f.symbols, c) == Status::InvalidConfig);
    c = default_config();
    c.struct_size = 8;
    CHECK(Venue::create(v, f.events, f.symbols, c) == Status::StructSize);
    CHECK(v == nullptr);
}

TEST_CASE("the exchange side replays events in exch_ts order (stable), the local side in file order", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kAsk, 110, 1),
                level(20, 25, kBid, 100, 5),   // later at the exchange than the next event
                level(10, 30, kBid, 100, 7),
                level(40, 40, kBid, 100, 9),   // same exch_ts: file order
                level(40, 41, kBid, 100, 4),
                level(1000, 1000, kBid, 90, 1)};
    f.start(constant(0, 0));
    f.go(30);
    std::int64_t local = 0;
    REQUIRE(f.venue->quantity_at(0, Side::Buy, 100, local) == Status::Ok);
    CHECK(local == 7);   // local order: 5 then 7
    f.buy(1, 100, 1);
    f.go(31);
    CHECK(f.queue(1) == 5.0);  // exchange order: 7 (at 10) then 5 (at 20)
    f.go(41);
    CHECK(f.queue(1) == 4.0);
}

TEST_CASE("last_trades returns the local trades since the last call, oldest first; a full buffer drops the oldest and counts them", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kBid, 100, 5), trade(5, 10, kBid, 101, 1), trade(5, 20, kAsk, 100, 2),
                trade(5, 30, kBid, 101, 3), level(1000, 1000, kBid, 99, 1)};
    Config c = constant(0, 0);
    c.last_trades_capacity = 2;
    f.start(c);
    f.go(30);
    md::Event out[4];
    std::size_t n = 0;
    REQUIRE(f.venue->last_trades(0, std::span<md::Event>(out, 1), n) == Status::Ok);
    REQUIRE(n == 1);
    CHECK(out[0].quantity == 2);  // the trade of 1 lot was dropped
    std::uint64_t dropped = 0;
    REQUIRE(f.venue->dropped_trades(0, dropped) == Status::Ok);
    CHECK(dropped == 1);
    REQUIRE(f.venue->last_trades(0, out, n) == Status::Ok);  // the one not written waits for this call
    REQUIRE(n == 1);
    CHECK(out[0].quantity == 3);
    CHECK(out[0].local_ts == 30);
    REQUIRE(f.venue->last_trades(0, out, n) == Status::Ok);
    CHECK(n == 0);
}

TEST_CASE("the last-trades buffer grows up to its capacity: nothing is dropped below it", "[venue]") {
    Fixture f;
    for (int i = 0; i < 3000; ++i) f.events.push_back(trade(i, i, kBid, 100, 1 + i % 7));
    Config c = constant(0, 0);
    c.last_trades_capacity = 5000;
    f.start(c);
    f.go(5000);
    std::vector<md::Event> out(4000);
    std::size_t n = 0;
    REQUIRE(f.venue->last_trades(0, out, n) == Status::Ok);
    REQUIRE(n == 3000);
    CHECK(out[0].local_ts == 0);
    CHECK(out[2999].local_ts == 2999);
    std::uint64_t dropped = 1;
    REQUIRE(f.venue->dropped_trades(0, dropped) == Status::Ok);
    CHECK(dropped == 0);
}
