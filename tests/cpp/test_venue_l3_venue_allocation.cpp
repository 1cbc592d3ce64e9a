// The venue's event loop in L3 mode allocates nothing in steady state: the
// grid strategy requoting over a random L3 market (a bounded number of live
// real orders, so the books' and the component's tables stop growing),
// counted by the replaced operator new (alloc_hook.cpp) after a warm-up.
#include <iterator>
#include <map>
#include <random>

#include <catch2/catch.hpp>

#include "venue_grid_allocation.hpp"

using namespace sigmax;
using namespace sigmax::venue;
using namespace sigmax::venue::test;

TEST_CASE("L3 venue wiring: a requoting grid strategy over a steady L3 market allocates nothing after warm-up",
          "[venue][l3][alloc]") {
    std::mt19937_64 rng(11);
    auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
    Fixture f;
    struct Real {
        std::uint8_t side;
        std::int64_t price, lots;
    };
    std::map<std::uint64_t, Real> live;
    std::uint64_t next_id = 1;
    std::int64_t mid = 100000, local = 1'000'000;
    auto emit = [&](std::uint8_t kind, std::int64_t exch, std::uint64_t id, std::uint8_t side, std::int64_t price,
                    std::int64_t lots) {
        md::Event e = event(kind, exch, local, side, price, lots);
        e.order_id = id;
        f.events.push_back(e);
    };
    auto any = [&]() {
        auto it = live.begin();
        std::advance(it, pick(0, static_cast<std::int64_t>(live.size()) - 1));
        return it;
    };
    while (f.events.size() < 40000) {
        local += pick(1000, 20000);
        const std::int64_t exch = local - pick(100, 900);
        const int what = static_cast<int>(pick(0, 9));
        if (live.size() < 40 || (what <= 3 && live.size() < 120)) {
            const bool bid = pick(0, 1) == 0;
            const std::int64_t price = bid ? mid - pick(1, 30) : mid + pick(1, 30);
            const std::int64_t lots = pick(1, 30);
            emit(SGX_MD_ADD, exch, next_id, bid ? kBid : kAsk, price, lots);
            live[next_id++] = {bid ? kBid : kAsk, price, lots};
        } else if (what <= 7) {
            auto it = any();
            emit(SGX_MD_CANCEL, exch, it->first, SGX_MD_SIDE_NONE, 0, it->second.lots);
            live.erase(it);
        } else if (what == 8) {
            // The market trades the oldest order at the best price of a side.
            const std::uint8_t side = pick(0, 1) == 0 ? kBid : kAsk;
            auto it = live.end();
            for (auto j = live.begin(); j != live.end(); ++j) {
                if (j->second.side != side) continue;
                if (it == live.end() || (side == kBid ? j->second.price > it->second.price : j->second.price < it->second.price))
                    it = j;
            }
            if (it == live.end()) continue;
            const std::int64_t q = pick(1, it->second.lots);
            emit(SGX_MD_FILL, exch, it->first, SGX_MD_SIDE_NONE, it->second.price, q);
            if ((it->second.lots -= q) == 0) live.erase(it);
        } else {
            mid += pick(-1, 1);
            for (auto it = live.begin(); it != live.end();) {
                const bool crosses = it->second.side == kBid ? it->second.price >= mid : it->second.price <= mid;
                if (crosses) {
                    emit(SGX_MD_CANCEL, exch, it->first, SGX_MD_SIDE_NONE, 0, it->second.lots);
                    it = live.erase(it);
                } else {
                    ++it;
                }
            }
        }
    }
    Config c = constant(50'000, 50'000);
    c.book_model = SGX_BOOK_L3;
    c.defaults.fill_model = SGX_FILL_PARTIAL;
    c.defaults.maker_fee = -0.00005;
    f.start(c);
    grid::GridParams p;
    p.spacing_ticks = 2;
    p.half_spread_ticks = 4;
    p.order_lots = 3;
    p.max_position_lots = 60;
    p.interval_ns = 200'000;
    check_grid_allocates_nothing_after_warm_up(f, p);
}
