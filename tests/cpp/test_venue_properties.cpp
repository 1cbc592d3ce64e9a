// Properties of the venue on random streams with a random strategy (seeded):
// limits hold, the account reconciles with the fill log, equity has two
// equal forms, leaves never go negative, executed = the sum of the fills.
#include <cmath>
#include <map>
#include <random>

#include <catch2/catch.hpp>

#include "venue_stream.hpp"

using namespace sigmax;
using namespace sigmax::venue;
using namespace sigmax::venue::test;

namespace {

struct Totals {
    std::int64_t position = 0, volume = 0;
    double balance = 0, fee = 0;
    std::map<std::int64_t, std::int64_t> executed;
};

void check_totals(const Venue& v, const md::SymbolRecord& sym,
                  LimitsAsked& limits, Totals& t, std::size_t& seen) {
    // The fills that arrived: limits, and the running totals.
    const auto fills = v.fills();
    for (; seen < fills.size(); ++seen) {
        const venue::Fill& x = fills[seen];
        REQUIRE(x.quantity > 0);
        if (limits.count(x.order_id)) {
            if (x.side == SGX_SIDE_BUY) CHECK(x.price <= limits[x.order_id].second);
            else CHECK(x.price >= limits[x.order_id].first);
        }
        const double s = x.side == SGX_SIDE_BUY ? 1.0 : -1.0;
        const double qty = static_cast<double>(x.quantity) * sym.lot_size;
        const double px = static_cast<double>(x.price) * sym.tick_size;
        const double value = sym.inverse ? -(qty * sym.contract_size / px) : qty * px * sym.contract_size;
        t.balance -= s * value;
        t.fee += x.fee;
        t.position += x.side == SGX_SIDE_BUY ? x.quantity : -x.quantity;
        t.volume += x.quantity;
        t.executed[x.order_id] += x.quantity;
    }
    State st{};
    REQUIRE(v.state(0, st) == Status::Ok);
    REQUIRE(st.position == t.position);
    REQUIRE(st.volume == t.volume);
    REQUIRE(st.trades == fills.size());
    REQUIRE(st.balance == Approx(t.balance).epsilon(1e-9).margin(1e-9));
    REQUIRE(st.fee == Approx(t.fee).epsilon(1e-9).margin(1e-12));
    if (!std::isnan(st.mid)) {
        const double pos_qty = static_cast<double>(st.position) * sym.lot_size;
        const double pos_value = sym.inverse ? -(pos_qty * sym.contract_size / st.mid)
                                             : pos_qty * st.mid * sym.contract_size;
        const double scale = std::max({1.0, std::fabs(st.balance), std::fabs(pos_value)});
        REQUIRE(std::fabs(st.equity - (t.balance + pos_value - t.fee)) <= 1e-9 * scale);
        REQUIRE(std::fabs(st.equity - (st.realized_pnl + st.unrealized_pnl - st.fee)) <= 1e-9 * scale);
    }
    }

void run_case(std::uint64_t seed, const md::SymbolRecord& sym, std::uint8_t queue, std::uint8_t fill, std::uint8_t latency) {
    INFO("seed " << seed << " queue " << int(queue) << " fill " << int(fill) << " latency " << int(latency));
    std::mt19937_64 rng(seed);
    Fixture f;
    f.symbols = {sym};
    f.events = random_stream(rng, 6000);
    Config c = default_config();
    c.latency_model = latency;
    c.entry_latency_ns = 300;
    c.response_latency_ns = 200;
    c.entry_latency_mul = 0.5;
    c.defaults.queue_model = queue;
    c.defaults.fill_model = fill;
    c.defaults.maker_fee = -0.00005;
    c.defaults.taker_fee = 0.0007;
    f.start(c);
    Venue& v = *f.venue;
    auto pick = [&](std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    };
    LimitsAsked limits;
    std::int64_t next_id = 1;
    Totals t;
    std::size_t seen = 0;
    for (;;) {
        Step step = Step::Ok;
        REQUIRE(v.elapse(pick(0, 20000), step) == Status::Ok);
        check_totals(v, sym, limits, t, seen);
        if (step == Step::End) break;
        md::Quote q{};
        REQUIRE(v.quote(0, q) == Status::Ok);
        const std::int64_t ref = q.has_bid ? q.bid_price : 10000;
        std::size_t count = 0;
        std::vector<Order> orders(256);
        REQUIRE(v.orders(0, orders, count) == Status::Ok);
        orders.resize(std::min<std::size_t>(count, 256));
        random_action(v, pick, ref, orders, limits, next_id);
        check_totals(v, sym, limits, t, seen);
    }
    std::size_t count = 0;
    std::vector<Order> all(10000);
    REQUIRE(v.orders(0, all, count) == Status::Ok);
    all.resize(count);
    for (const Order& o : all) {
        INFO("order " << o.order_id);
        CHECK(o.leaves >= 0);
        CHECK(o.executed == t.executed[o.order_id]);
        CHECK(o.executed <= o.quantity);
        if (o.status == SGX_VORD_FILLED) CHECK(o.leaves == 0);
        CHECK(o.request == SGX_VREQ_NONE);  // END: every response arrived
    }
    CHECK(v.fills().size() > 0);
}

}  // namespace

TEST_CASE("random streams: limits hold, the account reconciles with the fill log, equity = realized + unrealized - fee (linear)", "[venue]") {
    const md::SymbolRecord sym = symbol(0, 0.1, 0.001);
    std::uint64_t seed = 1;
    for (std::uint8_t queue : {std::uint8_t{SGX_QUEUE_RISK_AVERSE}, std::uint8_t{SGX_QUEUE_POWER}, std::uint8_t{SGX_QUEUE_LOG2}})
        for (std::uint8_t fill : {std::uint8_t{SGX_FILL_NO_PARTIAL}, std::uint8_t{SGX_FILL_PARTIAL}})
            for (std::uint8_t latency : {std::uint8_t{SGX_LATENCY_CONSTANT}, std::uint8_t{SGX_LATENCY_FEED}})
                run_case(seed++, sym, queue, fill, latency);
}

TEST_CASE("random streams: the same properties under an inverse contract", "[venue]") {
    const md::SymbolRecord sym = symbol(0, 0.5, 1.0, 100.0, true);
    std::uint64_t seed = 100;
    for (std::uint8_t queue : {std::uint8_t{SGX_QUEUE_POWER2}, std::uint8_t{SGX_QUEUE_LOG}})
        for (std::uint8_t fill : {std::uint8_t{SGX_FILL_NO_PARTIAL}, std::uint8_t{SGX_FILL_PARTIAL}})
            run_case(seed++, sym, queue, fill, SGX_LATENCY_CONSTANT);
}
