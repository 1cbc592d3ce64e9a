// The exchange workload (examples/cli/exchange_workload.hpp) has the mix its
// comment documents, names only resting orders in cancels and modifies, and
// is the same stream for the same seed.
#include <catch2/catch.hpp>

#include "exchange_baseline.hpp"
#include "exchange_workload.hpp"

using namespace sigmax;
using namespace sigmax::cli;

TEST_CASE("the exchange workload has the documented shares on every price path", "[exchange]") {
    for (const PricePath path : kPricePaths) {
        const ExchangeWorkload w = generate_exchange(ExchangeParams{100'000, 7}, path);
        INFO(describe(w) << " on the " << name_of(path) << " path");
        CHECK(w.new_orders == 100'000);
        CHECK(w.msgs.size() == w.new_orders + w.cancels + w.modifies);
        CHECK(w.cancel_share() == Approx(0.41).margin(0.02));
        CHECK(w.modify_share() == Approx(0.09).margin(0.02));
        CHECK(w.ioc_share() == Approx(0.075).margin(0.015));
        CHECK(w.max_resting > 0);
    }
}

TEST_CASE("exchange workload: new orders number 1, 2, 3 ... and cancels and modifies name resting orders",
          "[exchange]") {
    for (const PricePath path : kPricePaths) {
        const ExchangeWorkload w = generate_exchange(ExchangeParams{20'000, 3}, path);
        INFO(name_of(path) << " path");
        ExchangeBook book;
        std::uint64_t next = 1, trades = 0;
        bool all_rest = true;
        const auto count = [&](std::uint64_t, std::int64_t, std::int64_t, bool) { ++trades; };
        for (const ExchangeMsg& m : w.msgs) {
            switch (m.kind) {
            case ExchangeMsg::Kind::New:
                REQUIRE(m.id == next++);
                REQUIRE(m.lots >= 1);
                REQUIRE(m.price > 0);
                (void)book.add(m.id, m.side, m.price, m.lots, m.ioc, count);
                break;
            case ExchangeMsg::Kind::Cancel:
                all_rest = book.cancel(m.id) && all_rest;
                break;
            case ExchangeMsg::Kind::Modify:
                all_rest = book.cancel(m.id) && all_rest;
                (void)book.add(m.id, m.side, m.price, m.lots, false, count);
                break;
            }
        }
        CHECK(all_rest);
        CHECK(trades > w.new_orders / 10);  // the flow trades, not only rests
        CHECK(w.max_id == w.new_orders);
    }
}

TEST_CASE("exchange workload: the same seed gives the same stream, another seed or path another", "[exchange]") {
    const auto a = generate_exchange(ExchangeParams{5'000, 1}, PricePath::Normal);
    const auto b = generate_exchange(ExchangeParams{5'000, 1}, PricePath::Normal);
    const auto c = generate_exchange(ExchangeParams{5'000, 2}, PricePath::Normal);
    const auto d = generate_exchange(ExchangeParams{5'000, 1}, PricePath::Crashing);
    const auto same = [](const ExchangeWorkload& x, const ExchangeWorkload& y) {
        if (x.msgs.size() != y.msgs.size()) return false;
        for (std::size_t i = 0; i < x.msgs.size(); ++i) {
            const ExchangeMsg& p = x.msgs[i];
            const ExchangeMsg& q = y.msgs[i];
            if (p.kind != q.kind || p.side != q.side || p.ioc != q.ioc || p.id != q.id || p.price != q.price ||
                p.lots != q.lots)
                return false;
        }
        return true;
    };
    CHECK(same(a, b));
    CHECK_FALSE(same(a, c));
    CHECK_FALSE(same(a, d));
}
