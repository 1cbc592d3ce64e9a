// Queue-position models by hand (docs/venue.md, "Queue models"): a buy rests
// at 100 behind 10 lots; the level grows to 40 (30 lots behind it), then
// shrinks. Each model's expected front is its formula evaluated here.
#include <cmath>

#include <catch2/catch.hpp>

#include "venue_stream.hpp"

using namespace sigmax;
using namespace sigmax::venue;
using namespace sigmax::venue::test;

namespace {

struct Case {
    std::uint8_t model;
    double n;
};

// The estimate after the level falls from prev to next with `traded` lots
// traded at the price since the last level change, front a, back b = prev - a.
double expected(const Case& c, double a, double prev, double next, double traded) {
    const double chg = prev - next - traded;
    const double b = prev - a;
    double p = 0;
    switch (c.model) {
    case SGX_QUEUE_POWER: p = std::pow(b, c.n) / (std::pow(b, c.n) + std::pow(a, c.n)); break;
    case SGX_QUEUE_POWER2: p = std::pow(b, c.n) / std::pow(b + a, c.n); break;
    case SGX_QUEUE_POWER3: p = 1.0 - std::pow(a / (a + b), c.n); break;
    case SGX_QUEUE_LOG: p = std::log(1.0 + b) / (std::log(1.0 + b) + std::log(1.0 + a)); break;
    default: p = std::log(1.0 + b) / std::log(1.0 + b + a); break;
    }
    return std::min(a - (1.0 - p) * chg + std::min(b - p * chg, 0.0), next);
}

Fixture start(std::uint8_t model, double n, std::vector<md::Event> tail) {
    Fixture f;
    f.events = {level(0, 0, kBid, 100, 10), level(0, 0, kAsk, 105, 10), level(10, 10, kBid, 100, 40)};
    f.events.insert(f.events.end(), tail.begin(), tail.end());
    Config c = constant(0, 0);
    c.defaults.queue_model = model;
    c.defaults.queue_power = n;
    f.start(c);
    f.buy(1, 100, 1);
    f.go(10);
    return f;
}

}  // namespace

TEST_CASE("queue: an increase of the level behind the order leaves the front where it is (every model)", "[venue]") {
    for (std::uint8_t m = SGX_QUEUE_RISK_AVERSE; m <= SGX_QUEUE_LOG2; ++m) {
        Fixture f = start(m, 2.0, {});
        CHECK(f.queue(1) == 10.0);
    }
}

TEST_CASE("queue: risk averse advances only by trades; a level decrease only caps the front at the level", "[venue]") {
    Fixture f = start(SGX_QUEUE_RISK_AVERSE, 2.0, {level(20, 20, kBid, 100, 32), trade(30, 30, kAsk, 100, 3),
                                                   level(40, 40, kBid, 100, 5)});
    f.go(20);
    CHECK(f.queue(1) == 10.0);
    f.go(30);
    CHECK(f.queue(1) == 7.0);
    f.go(40);
    CHECK(f.queue(1) == 5.0);
}

TEST_CASE("queue: probability models move the front by their share of a level decrease", "[venue]") {
    const Case cases[] = {{SGX_QUEUE_POWER, 2.0}, {SGX_QUEUE_POWER, 3.0}, {SGX_QUEUE_POWER2, 2.0},
                          {SGX_QUEUE_POWER3, 2.0}, {SGX_QUEUE_LOG, 2.0}, {SGX_QUEUE_LOG2, 2.0}};
    for (const Case& c : cases) {
        INFO("model " << int(c.model) << " n " << c.n);
        Fixture f = start(c.model, c.n, {level(20, 20, kBid, 100, 32)});
        f.go(20);
        CHECK(f.queue(1) == expected(c, 10.0, 40.0, 32.0, 0.0));
    }
    // By hand for POWER(2): a = 10, b = 30: p = 900 / 1000 = 0.9; 10 - 0.1 * 8 = 9.2.
    Fixture f = start(SGX_QUEUE_POWER, 2.0, {level(20, 20, kBid, 100, 32)});
    f.go(20);
    CHECK(f.queue(1) == Approx(9.2));
    // POWER2(2): p = 900 / 1600 = 0.5625; 10 - 0.4375 * 8 = 6.5.
    Fixture g = start(SGX_QUEUE_POWER2, 2.0, {level(20, 20, kBid, 100, 32)});
    g.go(20);
    CHECK(g.queue(1) == Approx(6.5));
    // POWER3(2): p = 1 - (10 / 40)^2 = 0.9375; 10 - 0.0625 * 8 = 9.5.
    Fixture h = start(SGX_QUEUE_POWER3, 2.0, {level(20, 20, kBid, 100, 32)});
    h.go(20);
    CHECK(h.queue(1) == Approx(9.5));
}

TEST_CASE("queue: probability models take trades off the front and off the next level decrease", "[venue]") {
    const Case cases[] = {{SGX_QUEUE_POWER, 2.0}, {SGX_QUEUE_LOG, 2.0}, {SGX_QUEUE_LOG2, 2.0}};
    for (const Case& c : cases) {
        INFO("model " << int(c.model));
        Fixture f = start(c.model, c.n, {trade(20, 20, kAsk, 100, 3), level(30, 30, kBid, 100, 35)});
        f.go(20);
        CHECK(f.queue(1) == 7.0);
        f.go(30);
        // chg = 40 - 35 - 3 = 2 with front 7, back 33.
        CHECK(f.queue(1) == expected(c, 7.0, 40.0, 35.0, 3.0));
    }
}

TEST_CASE("queue: a level decrease smaller than the trades since the last change only caps the front", "[venue]") {
    Fixture f = start(SGX_QUEUE_POWER, 2.0, {trade(20, 20, kAsk, 100, 6), level(30, 30, kBid, 100, 37)});
    f.go(30);
    CHECK(f.queue(1) == 4.0);  // chg = 3 - 6 < 0: min(4, 37)
}

TEST_CASE("queue: under partial fills a trade fills min(lots let through, trade, leaves) and the front restarts at 0", "[venue]") {
    Fixture f;
    f.events = {level(0, 0, kBid, 100, 2), level(0, 0, kAsk, 105, 10), trade(10, 10, kAsk, 100, 4),
                trade(20, 20, kAsk, 100, 1), trade(30, 30, kAsk, 100, 9)};
    Config c = constant(0, 0);
    c.defaults.fill_model = SGX_FILL_PARTIAL;
    f.start(c);
    f.buy(1, 100, 5);
    f.go(10);  // front 2 - 4 = -2: 2 lots let through
    Order o = f.order(1);
    CHECK(o.status == SGX_VORD_PARTIALLY_FILLED);
    CHECK(o.executed == 2);
    CHECK(f.queue(1) == 0.0);
    f.go(20);  // front -1: 1 more
    CHECK(f.order(1).executed == 3);
    f.go(30);  // front -9: min(9, 9, 2) = 2, filled
    o = f.order(1);
    CHECK(o.status == SGX_VORD_FILLED);
    CHECK(o.executed == 5);
    CHECK(f.venue->fills().size() == 3);
}
