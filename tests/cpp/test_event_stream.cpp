// The event stream is complete: a book rebuilt from events alone matches the
// engine's after every call of a long random stream; and the integer API
// trades exactly as the double API does.
#include <catch2/catch.hpp>

#include <random>
#include <unordered_map>

#include "../shadow_book.hpp"
#include "entry_helpers.hpp"

using namespace entry;

namespace {

// The engine's book is the shadow's: levels (depth_each), every order
// (order_info) and the number of resting orders.
void compare(const shadow::ShadowBook& shadow, Engine& engine) {
    for (std::uint32_t sym : {1u, 2u}) {
        for (Side side : {Side::Buy, Side::Sell}) {
            std::vector<Level> want;
            for (const shadow::Level& l : shadow.levels(sym, side)) want.push_back(Level{l.price, l.lots, l.orders});
            REQUIRE(levels(engine, sym, side) == want);
        }
    }
    REQUIRE(engine.stats_snapshot().resting_orders == shadow.orders().size());
    for (const auto& [id, o] : shadow.orders()) {
        OrderInfo info;
        REQUIRE(engine.order_info(id, info) == Status::Ok);
        REQUIRE(info.symbol == o.symbol);
        REQUIRE(info.side == o.side);
        REQUIRE(info.price == static_cast<double>(o.price));
        REQUIRE(info.remaining_quantity == static_cast<double>(o.open));
        REQUIRE(info.executed_quantity == static_cast<double>(o.filled));
    }
}

}  // namespace

TEST_CASE("a book rebuilt from events alone matches the engine's after every call of a random stream",
          "[entry][events]") {
    Engine e(small_config());
    unit_symbols(e);
    // Symbol 2 trades around zero: negative prices too.
    REQUIRE(e.set_min_price(2, -1000) == Status::Ok);
    // A broken event rule fails the test, with the rule and the values.
    shadow::ShadowBook shadow([](const char* what) { FAIL(what); });
    std::mt19937_64 rng(20261204);
    // Each id's owner and self-trade mode (as last submitted), to check that
    // no trade joins two orders of one owner unless the taker allows it.
    std::unordered_map<std::uint64_t, std::pair<std::uint64_t, SelfTrade>> owner_of;
    std::size_t self_trades = 0;
    auto pick = [&](std::uint64_t n) { return std::uniform_int_distribution<std::uint64_t>(0, n - 1)(rng); };
    std::uint64_t next_id = 1;
    std::vector<std::uint64_t> ids;  // ids used so far (live or not)
    std::size_t trades = 0, rejected = 0, replaced = 0, cancelled = 0;
    for (int call = 0; call < 25'000; ++call) {
        Recorder r;
        const std::uint64_t kind = pick(100);
        // Mostly a resting order; else a recent id (often gone) or one never used.
        const auto some_id = [&]() -> std::uint64_t {
            const std::uint64_t k = pick(10);
            if (k < 7 && !shadow.orders().empty()) {
                auto it = shadow.orders().begin();
                std::advance(it, static_cast<std::ptrdiff_t>(pick(shadow.orders().size())));
                return it->first;
            }
            if (k < 9 && !ids.empty()) return ids[ids.size() - 1 - pick(std::min<std::size_t>(ids.size(), 64))];
            return next_id + 1'000'000;
        };
        Status s;
        if (kind < 55) {
            NewOrder o;
            o.client_id = pick(40) == 0 && !ids.empty() ? some_id() : next_id++;
            o.symbol = 1 + static_cast<std::uint32_t>(pick(2));
            o.side = pick(2) ? Side::Buy : Side::Sell;
            // Buys a little below sells on average, so the book stays
            // populated while about a third of orders cross.
            o.price = (o.symbol == 2 ? 0 : 100) + static_cast<std::int64_t>(pick(9)) - 4 + (o.side == Side::Buy ? -1 : 1);
            o.owner = pick(4);  // 0 (none) and three owners, so that owners often meet
            o.stp = static_cast<SelfTrade>(pick(6));
            o.lots = 1 + static_cast<std::int64_t>(pick(12));
            const std::uint64_t tif = pick(20);
            o.type = tif == 0 ? OrderType::Market : OrderType::Limit;
            o.tif = tif < 12 ? TimeInForce::GTC : tif < 15 ? TimeInForce::IOC : tif < 17 ? TimeInForce::FOK
                                                                                          : TimeInForce::PostOnly;
            if (o.type == OrderType::Market && o.tif == TimeInForce::PostOnly) o.tif = TimeInForce::IOC;
            if (pick(200) == 0) o.lots = 0;  // invalid
            s = e.submit(o, r);
            if (s == Status::Ok) owner_of[o.client_id] = {o.owner, o.stp};
            ids.push_back(o.client_id);
        } else if (kind < 75) {
            s = e.cancel(some_id(), r);
        } else if (kind < 99) {
            const std::uint64_t id = some_id();
            auto it = shadow.orders().find(id);
            std::int64_t price = 100 + static_cast<std::int64_t>(pick(9)) - 4;
            if (it != shadow.orders().end() && it->second.symbol == 2) price -= 100;
            std::int64_t lots = 1 + static_cast<std::int64_t>(pick(12));
            if (it != shadow.orders().end() && pick(3) == 0) price = it->second.price;  // same price: priority rules
            s = e.replace(id, price, lots, r);
        } else if (pick(2) == 0) {
            s = e.cancel_all(1 + static_cast<std::uint32_t>(pick(2)), r);
        } else {
            s = e.cancel_owner(pick(4), r);  // owner 0 is refused
        }
        INFO("call " << call);
        if (s != Status::Ok) {
            REQUIRE(r.events.size() == 1);
            REQUIRE(r.events[0].kind == OrderEventKind::Rejected);
            REQUIRE(r.events[0].status == s);
            ++rejected;
        }
        for (const OrderEvent& ev : r.events) {
            if (ev.kind == OrderEventKind::Trade) {
                const auto& [taker_owner, taker_stp] = owner_of.at(ev.order_id);
                const bool allowed = taker_owner == 0 || taker_stp == SelfTrade::Allow;
                REQUIRE((allowed || owner_of.at(ev.maker_id).first != taker_owner));
            }
            self_trades += ev.kind == OrderEventKind::Cancelled && ev.reason == CancelReason::SelfTrade;
            trades += ev.kind == OrderEventKind::Trade;
            replaced += ev.kind == OrderEventKind::Replaced;
            cancelled += ev.kind == OrderEventKind::Cancelled;
        }
        shadow.apply(r.events);
        compare(shadow, e);
    }
    // The stream exercised what it is meant to.
    INFO("trades " << trades << ", rejected " << rejected << ", replaced " << replaced << ", cancelled " << cancelled);
    CHECK(trades > 4'000);
    CHECK(rejected > 1'000);
    CHECK(replaced > 2'000);
    CHECK(cancelled > 5'000);
    CHECK(self_trades > 1'000);
}

TEST_CASE("the same orders through execute (tick 1, lot 1) and through submit make the same trades and books",
          "[entry][events]") {
    Engine d(small_config());
    Engine n(small_config());
    unit_symbols(d);
    unit_symbols(n);
    std::mt19937_64 rng(7);
    auto pick = [&](std::uint64_t k) { return std::uniform_int_distribution<std::uint64_t>(0, k - 1)(rng); };
    std::vector<std::uint64_t> ids;
    for (int call = 0; call < 10'000; ++call) {
        INFO("call " << call);
        if (pick(4) == 0 && !ids.empty()) {
            const std::uint64_t id = ids[ids.size() - 1 - pick(std::min<std::size_t>(ids.size(), 32))];
            Recorder r;
            const Status sd = d.cancel(id);
            REQUIRE(n.cancel(id, r) == sd);
        } else {
            OrderRequest o;
            o.symbol = 1 + static_cast<std::uint32_t>(pick(2));
            o.side = pick(2) ? Side::Buy : Side::Sell;
            o.price = static_cast<double>(100 + pick(7) - 3);
            o.quantity = static_cast<double>(1 + pick(10));
            const std::uint64_t tif = pick(16);
            o.type = tif == 0 ? OrderType::Market : OrderType::Limit;
            o.tif = tif < 10 ? TimeInForce::GTC : tif < 12 ? TimeInForce::IOC : tif < 14 ? TimeInForce::FOK
                                                                                          : TimeInForce::PostOnly;
            if (o.type == OrderType::Market && o.tif == TimeInForce::PostOnly) o.tif = TimeInForce::FOK;
            ExecutionReport rep;
            REQUIRE(d.execute(o, rep) == Status::Ok);
            std::vector<Fill> fills(rep.fill_count);
            std::size_t got = 0;
            REQUIRE(d.drain_fills(fills, got) == Status::Ok);
            REQUIRE(got == rep.fill_count);
            Recorder r;
            const NewOrder no{rep.order_id, static_cast<std::int64_t>(o.price), static_cast<std::int64_t>(o.quantity),
                              o.symbol, o.side, o.type, o.tif};
            REQUIRE(n.submit(no, r) == Status::Ok);
            std::vector<OrderEvent> trades;
            for (const OrderEvent& ev : r.events)
                if (ev.kind == OrderEventKind::Trade) trades.push_back(ev);
            REQUIRE(trades.size() == fills.size());
            for (std::size_t k = 0; k < fills.size(); ++k) {
                REQUIRE(trades[k].maker_id == fills[k].maker_order_id);
                REQUIRE(trades[k].order_id == fills[k].taker_order_id);
                REQUIRE(trades[k].price == fills[k].price_ticks);
                REQUIRE(trades[k].lots == fills[k].quantity_lots);
            }
            // What the report says is left, the events say too.
            std::int64_t left = no.lots;
            bool gone = rep.status == OrderStatus::Rejected;
            for (const OrderEvent& ev : r.events) {
                if (ev.kind == OrderEventKind::Trade) left = ev.remaining;
                if (ev.kind == OrderEventKind::Cancelled) gone = true;
            }
            REQUIRE(static_cast<double>(gone ? 0 : left) == rep.remaining_quantity);
            ids.push_back(rep.order_id);
        }
        for (std::uint32_t sym : {1u, 2u})
            for (Side side : {Side::Buy, Side::Sell}) REQUIRE(levels(d, sym, side) == levels(n, sym, side));
    }
}
