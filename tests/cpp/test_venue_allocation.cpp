// The venue's event loop allocates nothing in steady state: a grid strategy
// requoting over a random stream, counted by the replaced operator new
// (alloc_hook.cpp) once the channels, tables and books have warmed up.
#include <random>

#include <catch2/catch.hpp>

#include "venue_grid_allocation.hpp"

using namespace sigmax;
using namespace sigmax::venue;
using namespace sigmax::venue::test;

TEST_CASE("venue: a requoting grid strategy over a steady stream allocates nothing after warm-up", "[venue][alloc]") {
    std::mt19937_64 rng(7);
    auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
    Fixture f;
    std::int64_t mid = 100000, local = 1'000'000;
    for (std::int64_t k = 1; k <= 30; ++k) {
        f.events.push_back(level(local, local, kBid, mid - k, pick(1, 30)));
        f.events.push_back(level(local, local, kAsk, mid + k, pick(1, 30)));
    }
    while (f.events.size() < 40000) {
        local += pick(1000, 20000);
        const std::int64_t exch = local - pick(100, 900);
        const int what = static_cast<int>(pick(0, 9));
        if (what == 0) {
            mid += pick(-1, 1);
            for (std::int64_t k = 0; k <= 2; ++k) {
                f.events.push_back(level(exch, local, kBid, mid + k, 0));
                f.events.push_back(level(exch, local, kAsk, mid - k, 0));
            }
            f.events.push_back(level(exch, local, kBid, mid - 1, pick(1, 30)));
            f.events.push_back(level(exch, local, kAsk, mid + 1, pick(1, 30)));
        } else if (what <= 3) {
            const bool buy = pick(0, 1) == 0;
            f.events.push_back(trade(exch, local, buy ? kBid : kAsk, buy ? mid + 1 : mid - 1, pick(1, 20)));
        } else {
            const bool bid = pick(0, 1) == 0;
            const std::int64_t k = pick(1, 30);
            f.events.push_back(level(exch, local, bid ? kBid : kAsk, bid ? mid - k : mid + k, pick(0, 40)));
        }
    }
    Config c = constant(50'000, 50'000);
    c.defaults.queue_model = SGX_QUEUE_POWER;
    c.defaults.maker_fee = -0.00005;
    f.start(c);
    grid::GridParams p;
    p.spacing_ticks = 2;
    p.half_spread_ticks = 2;
    p.order_lots = 3;
    p.max_position_lots = 60;
    p.interval_ns = 200'000;
    check_grid_allocates_nothing_after_warm_up(f, p);
}
