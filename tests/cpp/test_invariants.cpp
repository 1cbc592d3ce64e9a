// Randomized invariants over hundreds of thousands of orders, cancels and amends.
#include "helpers.hpp"

#include <random>
#include <unordered_map>

using namespace test;

namespace {

struct Account {
    std::int64_t quantity = 0;   // lots asked for (plus amend increases)
    std::int64_t filled = 0;     // lots traded, as maker or taker
    std::int64_t cancelled = 0;  // lots removed without trading
    Side side = Side::Buy;
};

std::int64_t lots(double q, double lot) { return static_cast<std::int64_t>(std::llround(q / lot)); }

}  // namespace

TEST_CASE("random flow: never crossed, bought equals sold, filled + resting + cancelled = quantity",
          "[invariants]") {
    Engine e;
    const double lot = 0.5;
    for (std::uint32_t s = 0; s < 3; ++s) REQUIRE(e.configure_symbol(s, 0.25, lot) == Status::Ok);

    std::mt19937_64 rng(20261125);
    std::unordered_map<std::uint64_t, Account> acct;
    std::vector<std::uint64_t> live;
    double mid[3] = {100.0, 200.0, 50.0};
    std::int64_t bought = 0, sold = 0;

    const int kEvents = 300000;
    for (int n = 0; n < kEvents; ++n) {
        const int what = static_cast<int>(rng() % 100);
        if (what < 15 && !live.empty()) {  // cancel
            const std::size_t k = rng() % live.size();
            const std::uint64_t id = live[k];
            live[k] = live.back();
            live.pop_back();
            OrderInfo info;
            if (e.order_info(id, info) == Status::Ok) {
                REQUIRE(e.cancel(id) == Status::Ok);
                acct[id].cancelled += lots(info.remaining_quantity, lot);
            } else {
                REQUIRE(e.cancel(id) == Status::NotFound);
            }
            continue;
        }
        if (what < 22 && !live.empty()) {  // amend
            const std::uint64_t id = live[rng() % live.size()];
            OrderInfo info;
            if (e.order_info(id, info) != Status::Ok) continue;
            const std::int64_t before = lots(info.remaining_quantity, lot);
            const std::int64_t after = 1 + static_cast<std::int64_t>(rng() % 8);
            REQUIRE(e.amend(id, static_cast<double>(after) * lot) == Status::Ok);
            if (after < before) acct[id].cancelled += before - after;
            else acct[id].quantity += after - before;
            continue;
        }
        const std::uint32_t sym = static_cast<std::uint32_t>(rng() % 3);
        mid[sym] += (static_cast<int>(rng() % 3) - 1) * 0.25;
        if (mid[sym] < 10) mid[sym] = 10;
        OrderRequest o;
        o.symbol = sym;
        o.side = rng() % 2 ? kBuy : kSell;
        o.type = rng() % 10 == 0 ? OrderType::Market : OrderType::Limit;
        o.tif = o.type == OrderType::Market ? static_cast<TimeInForce>(rng() % 3)
                                            : static_cast<TimeInForce>(rng() % 4);
        o.price = mid[sym] + (static_cast<int>(rng() % 9) - 4) * 0.25;
        o.quantity = static_cast<double>(1 + rng() % 10) * lot;
        ExecutionReport r;
        REQUIRE(e.execute(o, r) == Status::Ok);
        Account& a = acct[r.order_id];
        a.side = o.side;
        a.quantity += lots(o.quantity, lot);
        const std::int64_t exec = lots(r.executed_quantity, lot);
        const std::int64_t rest = lots(r.remaining_quantity, lot);
        if (r.status == OrderStatus::Cancelled || r.status == OrderStatus::Rejected)
            a.cancelled += lots(o.quantity, lot) - exec;
        if (rest > 0) live.push_back(r.order_id);
        CHECK(exec + rest + (r.status == OrderStatus::Cancelled || r.status == OrderStatus::Rejected
                                 ? lots(o.quantity, lot) - exec : 0) == lots(o.quantity, lot));

        TopOfBook t;
        REQUIRE(e.top_of_book(sym, t) == Status::Ok);
        if (t.has_bid && t.has_ask && !(t.bid_price < t.ask_price)) FAIL("book crossed after order " << r.order_id);

        if (n % 1000 == 0 || n == kEvents - 1) {
            for (const Fill& f : drain(e)) {
                acct[f.maker_order_id].filled += f.quantity_lots;
                acct[f.taker_order_id].filled += f.quantity_lots;
                (f.aggressor_side == kBuy ? bought : sold) += f.quantity_lots;
                REQUIRE(acct[f.maker_order_id].side != f.aggressor_side);
            }
        }
    }
    for (const Fill& f : drain(e)) {
        acct[f.maker_order_id].filled += f.quantity_lots;
        acct[f.taker_order_id].filled += f.quantity_lots;
    }

    std::int64_t buy_filled = 0, sell_filled = 0;
    std::size_t resting = 0;
    for (auto& [id, a] : acct) {
        OrderInfo info;
        const std::int64_t rest = e.order_info(id, info) == Status::Ok ? lots(info.remaining_quantity, lot) : 0;
        resting += rest > 0;
        if (a.filled + rest + a.cancelled != a.quantity) FAIL("order " << id << " does not add up");
        (a.side == kBuy ? buy_filled : sell_filled) += a.filled;
    }
    CHECK(buy_filled == sell_filled);
    CHECK(buy_filled > 0);
    CHECK(bought + sold > 0);
    CHECK(e.stats_snapshot().resting_orders == resting);
}
