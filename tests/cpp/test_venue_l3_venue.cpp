// The venue with book_model L3 end to end (docs/venue.md, "Exact queues" and the wiring
// rules): exact queue positions among real orders, passive fills from FILL
// events shared among the user orders behind one real fill, the user's
// taker orders hiding the liquidity they take, the local L3 book showing
// the recorded market. Constant latencies (entry 100 ns, response 100 ns),
// exchange time = local time, one event per microsecond.
#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include <catch2/catch.hpp>

#include "venue_stream.hpp"

using namespace sigmax;
using namespace sigmax::venue;
using namespace sigmax::venue::test;

namespace {

md::Event l3(std::uint8_t kind, std::int64_t ts, std::uint64_t id, std::uint8_t side, std::int64_t price,
             std::int64_t lots, std::uint32_t sym = 0) {
    md::Event e = event(kind, ts, ts, side, price, lots, sym);
    e.order_id = id;
    return e;
}
md::Event add(std::int64_t ts, std::uint64_t id, std::uint8_t side, std::int64_t price, std::int64_t lots) {
    return l3(SGX_MD_ADD, ts, id, side, price, lots);
}
md::Event cancel(std::int64_t ts, std::uint64_t id, std::int64_t lots) {
    return l3(SGX_MD_CANCEL, ts, id, SGX_MD_SIDE_NONE, 0, lots);
}
md::Event fill(std::int64_t ts, std::uint64_t id, std::int64_t price, std::int64_t lots, bool book_change = true) {
    md::Event e = l3(SGX_MD_FILL, ts, id, SGX_MD_SIDE_NONE, price, lots);
    if (!book_change) e.flags |= SGX_MD_F_NO_BOOK_CHANGE;
    return e;
}

Config l3_config(std::uint8_t fill_model) {
    Config c = constant(100, 100);
    c.book_model = SGX_BOOK_L3;
    c.defaults.fill_model = fill_model;
    return c;
}

// The fills received so far, as (order id, price, lots, maker).
std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t, int>> fills_of(const Venue& v) {
    std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t, int>> out;
    for (const venue::Fill& f : v.fills()) out.emplace_back(f.order_id, f.price, f.quantity, f.maker);
    return out;
}
using Fills = std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t, int>>;

}  // namespace

TEST_CASE("L3 venue wiring: book_model L3 is accepted, an unknown book model is INVALID_CONFIG", "[venue][l3]") {
    Fixture f;
    f.events = {add(1000, 1, kBid, 100, 5)};
    Config c = l3_config(SGX_FILL_NO_PARTIAL);
    c.book_model = 2;
    std::string error;
    CHECK(Venue::create(f.venue, f.events, f.symbols, c, &error) == Status::InvalidConfig);
    CHECK(error.find("book_model") != std::string::npos);
    f.start(l3_config(SGX_FILL_NO_PARTIAL));
}

TEST_CASE("L3 venue wiring: a user order's queue position is exact among real orders while those ahead cancel",
          "[venue][l3]") {
    Fixture f;
    f.events = {add(1000, 1, kBid, 100, 5), add(1000, 2, kBid, 100, 3), add(2000, 3, kBid, 100, 4),
                cancel(3000, 1, 5), cancel(4000, 3, 4), cancel(5000, 2, 1)};
    Venue& v = f.start(l3_config(SGX_FILL_NO_PARTIAL));
    f.go(1500);
    f.buy(7, 100, 2);  // arrives at 1600 behind orders 1 and 2
    f.go(1800);
    CHECK(f.order(7).status == SGX_VORD_NEW);
    CHECK(f.order(7).queue_ahead == 8.0);  // the NEW response carries the exact ahead
    CHECK(f.queue(7) == 8.0);
    f.go(2500);
    CHECK(f.queue(7) == 8.0);  // order 3 arrived behind it
    f.go(3500);
    CHECK(f.queue(7) == 3.0);  // order 1 (ahead) cancelled
    f.go(4500);
    CHECK(f.queue(7) == 3.0);  // order 3 (behind) cancelled: no change
    f.go(5500);
    CHECK(f.queue(7) == 2.0);  // order 2 lost 1 lot
    CHECK(v.fills().empty());
}

TEST_CASE("L3 venue wiring: a FILL of a real order behind the user order fills it (Partial: the market part)",
          "[venue][l3]") {
    Fixture f;
    f.events = {add(1000, 1, kAsk, 101, 5), add(2000, 2, kAsk, 101, 6), fill(3000, 1, 101, 2), fill(4000, 2, 101, 1),
                fill(5000, 2, 101, 4)};
    Venue& v = f.start(l3_config(SGX_FILL_PARTIAL));
    f.go(1500);
    f.sell(7, 101, 3);  // behind order 1 only
    f.go(3500);
    CHECK(f.queue(7) == 3.0);  // order 1's fill ahead only moved it up
    CHECK(v.fills().empty());
    f.go(4500);  // order 2 (behind) traded 1 lot: the user's would have traded first
    CHECK(fills_of(v) == Fills{{7, 101, 1, 1}});
    CHECK(f.order(7).status == SGX_VORD_PARTIALLY_FILLED);
    CHECK(f.order(7).leaves == 2);
    f.go(5500);
    CHECK(fills_of(v) == Fills{{7, 101, 1, 1}, {7, 101, 2, 1}});  // min(m = 4, leaves 2)
    CHECK(f.order(7).status == SGX_VORD_FILLED);
    double q = 0;
    CHECK(v.queue_position(0, 7, q) == Status::NotFound);
}

TEST_CASE("L3 venue wiring: a FILL behind under NoPartial fills the user order whole", "[venue][l3]") {
    Fixture f;
    f.events = {add(1000, 1, kBid, 100, 5), add(2000, 2, kBid, 100, 6), fill(3000, 2, 100, 1)};
    Venue& v = f.start(l3_config(SGX_FILL_NO_PARTIAL));
    f.go(1500);
    f.buy(7, 100, 4);
    f.go(3500);
    CHECK(fills_of(v) == Fills{{7, 100, 4, 1}});
    CHECK(f.order(7).status == SGX_VORD_FILLED);
    CHECK(f.order(7).queue_ahead == 5.0);  // the fill's response carries the exact ahead
}

TEST_CASE("L3 venue wiring: a taker hides the liquidity it takes; a later taker cannot take it again", "[venue][l3]") {
    Fixture f;
    f.events = {add(1000, 1, kAsk, 101, 3), add(1000, 2, kAsk, 102, 5), add(9000, 3, kBid, 90, 1)};
    Venue& v = f.start(l3_config(SGX_FILL_PARTIAL));
    f.go(1500);
    f.buy(7, 101, 2, TimeInForce::IOC);
    f.go(2000);
    f.buy(8, 101, 2, TimeInForce::IOC);  // only 1 lot left visible at 101
    f.go(2500);
    f.buy(9, 101, 1, TimeInForce::IOC);  // nothing visible within its limit
    f.go(3000);
    CHECK(fills_of(v) == Fills{{7, 101, 2, 0}, {8, 101, 1, 0}});
    CHECK(f.order(8).status == SGX_VORD_EXPIRED);
    CHECK(f.order(9).status == SGX_VORD_EXPIRED);
    CHECK(f.order(9).executed == 0);
    // A market buy walks what is still visible: 102 only.
    REQUIRE(v.submit(0, 10, Side::Buy, 0, 6, OrderType::Market, TimeInForce::IOC) == Status::Ok);
    f.go(3500);
    CHECK(fills_of(v) == Fills{{7, 101, 2, 0}, {8, 101, 1, 0}, {10, 102, 5, 0}});
    CHECK(f.order(10).status == SGX_VORD_EXPIRED);
    // The strategy's book still shows the recorded market (it does not know what the user took).
    md::Quote q{};
    REQUIRE(v.quote(0, q) == Status::Ok);
    CHECK(q.ask_price == 101);
    CHECK(q.ask_quantity == 3);
}

TEST_CASE("L3 venue wiring: NoPartial takes all its lots at the best visible price, hiding what it walks",
          "[venue][l3]") {
    Fixture f;
    f.events = {add(1000, 1, kAsk, 101, 2), add(1000, 2, kAsk, 102, 5)};
    Venue& v = f.start(l3_config(SGX_FILL_NO_PARTIAL));
    f.go(1500);
    f.buy(7, 101, 4, TimeInForce::IOC);  // one fill of 4 at 101 (as L2); 2 lots hidden at 101
    f.go(2000);
    f.buy(8, 101, 1, TimeInForce::IOC);  // nothing visible at 101 any more
    f.go(2500);
    CHECK(fills_of(v) == Fills{{7, 101, 4, 0}});
    CHECK(f.order(8).status == SGX_VORD_EXPIRED);
}

// The case of the wiring brief: the user took all 3 lots of ask r at 100 and
// rests the rest as a buy at 100; a NO_BOOK_CHANGE FILL of r for 2 must not
// make the ask visible again nor fill the buy by crossing.
TEST_CASE("L3 venue wiring: a NO_BOOK_CHANGE FILL of a wholly taken order neither shows it again nor crosses the user",
          "[venue][l3]") {
    Fixture f;
    f.events = {add(1000, 1, kAsk, 100, 3), fill(3000, 1, 100, 2, false), cancel(3000, 1, 2), add(4000, 2, kBid, 99, 1)};
    Venue& v = f.start(l3_config(SGX_FILL_PARTIAL));
    f.go(1500);
    f.buy(7, 100, 5);  // takes 3 at 100, rests 2
    f.go(2000);
    CHECK(fills_of(v) == Fills{{7, 100, 3, 0}});
    CHECK(f.order(7).status == SGX_VORD_PARTIALLY_FILLED);
    CHECK(f.queue(7) == 0.0);
    f.go(5000);
    CHECK(fills_of(v) == Fills{{7, 100, 3, 0}});  // no crossing fill
    CHECK(f.order(7).leaves == 2);
    CHECK(f.queue(7) == 0.0);
}

TEST_CASE("L3 venue wiring: two user orders behind one FILL share its market part (Partial)", "[venue][l3]") {
    Fixture f;
    f.events = {add(1000, 1, kBid, 100, 5), add(2000, 2, kBid, 100, 4), fill(3000, 2, 100, 3)};
    Venue& v = f.start(l3_config(SGX_FILL_PARTIAL));
    f.go(1200);
    f.buy(7, 100, 2);
    f.go(1400);
    f.buy(8, 100, 2);
    f.go(3500);
    // m = 3: the older order 7 takes 2, order 8 the 1 left; together no more than the real fill.
    CHECK(fills_of(v) == Fills{{7, 100, 2, 1}, {8, 100, 1, 1}});
    CHECK(f.order(7).status == SGX_VORD_FILLED);
    CHECK(f.order(8).status == SGX_VORD_PARTIALLY_FILLED);
    CHECK(f.order(8).leaves == 1);
}

TEST_CASE("L3 venue wiring: under NoPartial the first user order behind a FILL fills whole, the next only if m is left",
          "[venue][l3]") {
    Fixture f;
    f.events = {add(1000, 1, kBid, 100, 5), add(2000, 2, kBid, 100, 4), fill(3000, 2, 100, 1), fill(4000, 2, 100, 3)};
    Venue& v = f.start(l3_config(SGX_FILL_NO_PARTIAL));
    f.go(1200);
    f.buy(7, 100, 2);
    f.go(1400);
    f.buy(8, 100, 2);
    f.go(3500);
    CHECK(fills_of(v) == Fills{{7, 100, 2, 1}});  // m = 1: order 7 whole, nothing left for 8
    f.go(4500);
    CHECK(fills_of(v) == Fills{{7, 100, 2, 1}, {8, 100, 2, 1}});
}

TEST_CASE("L3 venue wiring: a FILL at a worse price is a trade-through and a real order crossing fills whole",
          "[venue][l3]") {
    Fixture f;
    f.events = {add(1000, 1, kAsk, 105, 5), fill(2000, 1, 105, 1), add(3000, 2, kAsk, 103, 1)};
    Venue& v = f.start(l3_config(SGX_FILL_PARTIAL));
    f.go(1200);
    f.sell(7, 104, 3);  // a sell better than the real ask at 105
    f.buy(8, 103, 2);
    f.go(2500);
    CHECK(fills_of(v) == Fills{{7, 104, 3, 1}});  // 105 traded while 104 was offered
    f.go(3500);
    CHECK(fills_of(v) == Fills{{7, 104, 3, 1}, {8, 103, 2, 1}});  // the ask at 103 reaches the buy at 103
}

TEST_CASE("L3 venue wiring: TRADE and LEVEL events fill nothing; trades still reach the local last trades",
          "[venue][l3]") {
    Fixture f;
    f.events = {add(1000, 1, kBid, 100, 5), trade(2000, 2000, kAsk, 100, 9), level(3000, 3000, kAsk, 100, 4)};
    Venue& v = f.start(l3_config(SGX_FILL_NO_PARTIAL));
    f.go(1200);
    f.buy(7, 100, 2);
    f.go(4000);
    CHECK(v.fills().empty());
    CHECK(f.queue(7) == 5.0);
    std::vector<md::Event> trades(4);
    std::size_t n = 0;
    REQUIRE(v.last_trades(0, trades, n) == Status::Ok);
    CHECK(n == 1);
    md::Quote q{};
    REQUIRE(v.quote(0, q) == Status::Ok);
    CHECK_FALSE(q.has_ask);  // the LEVEL is not in the local L3 book either
}

TEST_CASE("L3 venue wiring: a cancel and a modify of the user order leave the exchange queue; a modify re-queues at the back",
          "[venue][l3]") {
    Fixture f;
    f.events = {add(1000, 1, kBid, 100, 5), add(2000, 2, kBid, 100, 4), add(2000, 3, kBid, 99, 2)};
    Venue& v = f.start(l3_config(SGX_FILL_NO_PARTIAL));
    f.go(1200);
    f.buy(7, 100, 2);
    f.buy(8, 99, 1);
    f.go(2500);
    CHECK(f.queue(7) == 5.0);
    CHECK(f.queue(8) == 0.0);
    REQUIRE(v.modify(0, 7, 100, 3) == Status::Ok);
    REQUIRE(v.cancel(0, 8) == Status::Ok);
    f.go(3000);
    CHECK(f.queue(7) == 9.0);  // behind order 2 now
    CHECK(f.order(7).queue_ahead == 9.0);
    CHECK(f.order(8).status == SGX_VORD_CANCELLED);
    double q = 0;
    CHECK(v.queue_position(0, 8, q) == Status::NotFound);
}

TEST_CASE("L3 venue wiring: the local book is an L3 book of the recorded market, with order counts", "[venue][l3]") {
    Fixture f;
    f.events = {add(1000, 1, kBid, 100, 5), add(1000, 2, kBid, 100, 3), add(1000, 3, kBid, 99, 2),
                add(1000, 4, kAsk, 101, 7), cancel(2000, 2, 1)};
    Venue& v = f.start(l3_config(SGX_FILL_PARTIAL));
    f.go(1500);
    f.sell(7, 100, 4, TimeInForce::IOC);  // takes 4 of order 1 at the exchange only
    f.go(2500);
    CHECK(fills_of(v) == Fills{{7, 100, 4, 0}});
    std::vector<md::BookLevel> bids(4);
    std::size_t n = 0;
    REQUIRE(v.depth(0, Side::Buy, bids, n) == Status::Ok);
    REQUIRE(n == 2);
    CHECK(bids[0].price == 100);
    CHECK(bids[0].quantity == 7);
    CHECK(bids[0].order_count == 2);
    CHECK(bids[1].price == 99);
    CHECK(bids[1].order_count == 1);
    std::int64_t lots = 0;
    REQUIRE(v.quantity_at(0, Side::Sell, 101, lots) == Status::Ok);
    CHECK(lots == 7);
    State st{};
    REQUIRE(v.state(0, st) == Status::Ok);
    CHECK(st.mid == 100.5);
}

// Random L3 markets with a random strategy (seeded): every fill is within
// its order's limits, the account and the orders reconcile with the fill
// log, leaves never go negative, queue positions are never negative.
namespace {

void run_l3_case(std::uint64_t seed, std::uint8_t fill_model, std::uint8_t latency) {
    INFO("seed " << seed << " fill " << int(fill_model) << " latency " << int(latency));
    std::mt19937_64 rng(seed);
    Fixture f;
    f.symbols = {symbol(0, 0.1, 0.001)};
    f.events = random_l3_stream(rng, 6000);
    Config c = l3_config(fill_model);
    c.latency_model = latency;
    c.entry_latency_ns = 300;
    c.response_latency_ns = 200;
    c.entry_latency_mul = 0.5;
    c.defaults.maker_fee = -0.00005;
    c.defaults.taker_fee = 0.0007;
    f.start(c);
    Venue& v = *f.venue;
    auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
    LimitsAsked limits;
    std::map<std::int64_t, std::int64_t> executed;
    std::int64_t position = 0, next_id = 1;
    std::size_t seen = 0;
    auto check = [&]() {
        const auto fills = v.fills();
        for (; seen < fills.size(); ++seen) {
            const venue::Fill& x = fills[seen];
            REQUIRE(x.quantity > 0);
            if (limits.count(x.order_id)) {
                if (x.side == SGX_SIDE_BUY) CHECK(x.price <= limits[x.order_id].second);
                else CHECK(x.price >= limits[x.order_id].first);
            }
            position += x.side == SGX_SIDE_BUY ? x.quantity : -x.quantity;
            executed[x.order_id] += x.quantity;
        }
        State st{};
        REQUIRE(v.state(0, st) == Status::Ok);
        REQUIRE(st.position == position);
        REQUIRE(st.trades == fills.size());
        if (!std::isnan(st.mid)) {
            const double scale = std::max({1.0, std::fabs(st.balance), std::fabs(st.equity)});
            REQUIRE(std::fabs(st.equity - (st.realized_pnl + st.unrealized_pnl - st.fee)) <= 1e-9 * scale);
        }
    };
    for (;;) {
        Step step = Step::Ok;
        REQUIRE(v.elapse(pick(0, 20000), step) == Status::Ok);
        check();
        if (step == Step::End) break;
        md::Quote q{};
        REQUIRE(v.quote(0, q) == Status::Ok);
        const std::int64_t ref = q.has_bid ? q.bid_price : 10000;
        std::size_t count = 0;
        std::vector<Order> orders(256);
        REQUIRE(v.orders(0, orders, count) == Status::Ok);
        orders.resize(std::min<std::size_t>(count, 256));
        for (const Order& o : orders) {
            double ahead = -1;
            if (v.queue_position(0, o.order_id, ahead) == Status::Ok) CHECK(ahead >= 0.0);
        }
        random_action(v, pick, ref, orders, limits, next_id);
    }
    std::size_t count = 0;
    std::vector<Order> all(10000);
    REQUIRE(v.orders(0, all, count) == Status::Ok);
    all.resize(count);
    for (const Order& o : all) {
        INFO("order " << o.order_id);
        CHECK(o.leaves >= 0);
        CHECK(o.executed == executed[o.order_id]);
        CHECK(o.executed <= o.quantity);
        if (o.status == SGX_VORD_FILLED) CHECK(o.leaves == 0);
        CHECK(o.request == SGX_VREQ_NONE);  // END: every response arrived
    }
    std::int64_t maker = 0, taker = 0;
    for (const venue::Fill& x : v.fills()) (x.maker ? maker : taker) += 1;
    CHECK(maker > 0);  // the stream exercises passive fills
    CHECK(taker > 0);  // and taker fills
}

}  // namespace

TEST_CASE("L3 venue wiring: random L3 markets: limits hold, orders and the account reconcile with the fill log",
          "[venue][l3]") {
    std::uint64_t seed = 500;
    for (std::uint8_t fill_model : {std::uint8_t{SGX_FILL_NO_PARTIAL}, std::uint8_t{SGX_FILL_PARTIAL}})
        for (std::uint8_t latency : {std::uint8_t{SGX_LATENCY_CONSTANT}, std::uint8_t{SGX_LATENCY_FEED}})
            run_l3_case(seed++, fill_model, latency);
}
