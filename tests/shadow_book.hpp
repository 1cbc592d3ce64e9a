// A book rebuilt from the integer order entry's events alone, shared by the
// event-stream property test (tests/cpp/test_event_stream.cpp) and the
// order-entry fuzz target (tests/fuzz/fuzz_order_entry.cpp).
//
// It keeps each resting order's symbol, side, price, open and executed lots,
// and each level's FIFO, and checks every event of a call against them: a
// trade's maker is the oldest order at the best opposite price and both
// remainders agree; a self-trade decrement takes lots from the taker or from
// that same front maker; a cancel names a resting order's side, price and
// open lots. The comparison with an engine's own book is the caller's (the
// test reads the C++ engine, the fuzz target the C ABI): levels() and
// orders() give what it must equal.
//
// No test framework here: a broken rule goes to the `Fail` hook with a
// description (and the two values, for an equality). The hook must not
// return: the Catch2 test's throws, the fuzz target's traps; should one
// return, the process aborts.
#pragma once

#include <algorithm>
#include <array>
#include <cinttypes>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sigmax/order_entry.hpp"
#include "sigmax/types.hpp"

namespace shadow {

using sigmax::CancelReason;
using sigmax::OrderEvent;
using sigmax::OrderEventKind;
using sigmax::Side;

// One price level as depth reports it: price (ticks), open lots, orders.
struct Level {
    std::int64_t price;
    std::int64_t lots;
    std::uint64_t orders;
    bool operator==(const Level&) const = default;
};

class ShadowBook {
public:
    using Fail = std::function<void(const char* what)>;

    struct Order {
        std::uint32_t symbol;
        Side side;
        std::int64_t price;
        std::int64_t open;
        std::int64_t filled;  // executed since it first rested (order_info's executed lots)
    };

    explicit ShadowBook(Fail fail) : fail_(std::move(fail)) {}

    // Applies the events of one call, in order.
    void apply(std::span<const OrderEvent> events) {
        bool has_taker = false;
        bool taker_gone = false;
        bool accepted = false;
        std::uint64_t taker = 0;
        Order t{};
        for (const OrderEvent& e : events) {
            switch (e.kind) {
                case OrderEventKind::Rejected:
                    expect_eq("events of a call with a Rejected event", 1, static_cast<std::int64_t>(events.size()));
                    break;
                case OrderEventKind::Accepted:
                    expect(!has_taker, "Accepted is a call's first order event");
                    expect(orders_.count(e.order_id) == 0, "Accepted names no resting order");
                    has_taker = true;
                    accepted = true;
                    taker = e.order_id;
                    t = Order{e.symbol, e.side, e.price, e.lots, 0};
                    break;
                case OrderEventKind::Replaced: {
                    expect(!has_taker, "Replaced is a call's first order event");
                    auto it = orders_.find(e.order_id);
                    expect(it != orders_.end(), "Replaced names a resting order");
                    Order& o = it->second;
                    expect_eq("Replaced symbol", o.symbol, e.symbol);
                    expect_eq("Replaced side", static_cast<std::int64_t>(o.side), static_cast<std::int64_t>(e.side));
                    if (e.price == o.price && e.lots <= o.open) {
                        o.open = e.lots;  // keeps its place
                        break;
                    }
                    unlink(e.order_id, o);
                    has_taker = true;
                    taker = e.order_id;
                    t = Order{o.symbol, o.side, e.price, e.lots, o.filled};
                    orders_.erase(it);
                    break;
                }
                case OrderEventKind::Trade: {
                    expect(has_taker, "a Trade follows Accepted or a re-queuing Replaced");
                    expect_id("Trade order_id (the taker)", taker, e.order_id);
                    auto& lv = side_levels(t.symbol, sigmax::opposite(t.side));
                    expect(!lv.empty(), "a Trade meets a non-empty opposite side");
                    auto best = t.side == Side::Buy ? lv.begin() : std::prev(lv.end());
                    expect_eq("Trade price (the best opposite level's)", best->first, e.price);
                    expect_id("Trade maker_id (the oldest order at the best opposite level)", best->second.front(),
                              e.maker_id);
                    Order& m = resting(e.maker_id);
                    m.open -= e.lots;
                    m.filled += e.lots;
                    t.open -= e.lots;
                    t.filled += e.lots;
                    expect_eq("Trade maker_remaining", m.open, e.maker_remaining);
                    expect_eq("Trade remaining (the taker's)", t.open, e.remaining);
                    expect_eq("Trade maker_done", m.open == 0, e.maker_done);
                    if (m.open == 0) {
                        best->second.pop_front();
                        if (best->second.empty()) lv.erase(best);
                        orders_.erase(e.maker_id);
                    }
                    break;
                }
                case OrderEventKind::Cancelled:
                    if (e.reason == CancelReason::SelfTrade) {
                        self_trade(e, has_taker, taker, t);
                        if (has_taker && e.order_id == taker && t.open == 0) taker_gone = true;
                    } else if (has_taker && e.order_id == taker) {
                        expect_eq("the taker's Cancelled lots (its open lots)", t.open, e.lots);
                        taker_gone = true;
                    } else {
                        expect_eq("reason of a resting order's Cancelled (User)",
                                  static_cast<std::int64_t>(CancelReason::User), static_cast<std::int64_t>(e.reason));
                        auto it = orders_.find(e.order_id);
                        expect(it != orders_.end(), "Cancelled (User) names a resting order");
                        expect_eq("Cancelled lots (the order's open lots)", it->second.open, e.lots);
                        expect_eq("Cancelled price", it->second.price, e.price);
                        expect_eq("Cancelled side", static_cast<std::int64_t>(it->second.side),
                                  static_cast<std::int64_t>(e.side));
                        unlink(e.order_id, it->second);
                        orders_.erase(it);
                    }
                    break;
            }
        }
        // Accepted or re-queued, neither filled nor cancelled: it rests, the
        // newest at its price.
        if (has_taker && !taker_gone && t.open > 0) {
            // order_info's executed lots count from when an order first
            // rests (as for the double API); a replace keeps them.
            if (accepted) t.filled = 0;
            orders_.emplace(taker, t);
            side_levels(t.symbol, t.side)[t.price].push_back(taker);
        }
    }

    // The levels of one side of a symbol, best first.
    std::vector<Level> levels(std::uint32_t symbol, Side side) const {
        std::vector<Level> out;
        auto book = books_.find(symbol);
        if (book == books_.end()) return out;
        const Side_& lv = book->second[static_cast<int>(side)];
        auto add = [&](const std::pair<const std::int64_t, std::deque<std::uint64_t>>& l) {
            std::int64_t lots = 0;
            for (std::uint64_t id : l.second) lots += orders_.at(id).open;
            out.push_back(Level{l.first, lots, l.second.size()});
        };
        if (side == Side::Buy) {
            for (auto it = lv.rbegin(); it != lv.rend(); ++it) add(*it);
        } else {
            for (const auto& l : lv) add(l);
        }
        return out;
    }

    // Visits the ids of the resting orders of `symbol` (of every symbol,
    // ascending, when none is given): bids best first, then asks best first,
    // oldest first within a level; the order cancel_all and cancel_owner
    // cancel them in.
    template <class Visit>
    void each_resting(std::optional<std::uint32_t> symbol, Visit&& visit) const {
        for (const auto& [sym, sides] : books_) {
            if (symbol && *symbol != sym) continue;
            const Side_& bids = sides[static_cast<int>(Side::Buy)];
            for (auto it = bids.rbegin(); it != bids.rend(); ++it)
                for (std::uint64_t id : it->second) visit(id);
            for (const auto& level : sides[static_cast<int>(Side::Sell)])
                for (std::uint64_t id : level.second) visit(id);
        }
    }

    // A resting order's place in its level's queue: the open lots and the
    // orders ahead of it (0 and 0 at the head). The order must rest.
    struct QueuePlace {
        std::int64_t lots_ahead = 0;
        std::uint64_t orders_ahead = 0;
    };
    QueuePlace queue_place(std::uint64_t id) const {
        QueuePlace place;
        const Order& o = orders_.at(id);
        const auto& queue = books_.at(o.symbol)[static_cast<int>(o.side)].at(o.price);
        for (std::uint64_t ahead : queue) {
            if (ahead == id) break;
            place.lots_ahead += orders_.at(ahead).open;
            ++place.orders_ahead;
        }
        return place;
    }

    // Every resting order, by id.
    const std::unordered_map<std::uint64_t, Order>& orders() const { return orders_; }

private:
    // A Cancelled (SelfTrade) event: the taker, or the oldest order at the
    // best opposite price, loses `lots`; `remaining` is what it keeps.
    void self_trade(const OrderEvent& e, bool has_taker, std::uint64_t taker, Order& t) {
        expect(has_taker, "a SelfTrade Cancelled follows Accepted or a re-queuing Replaced");
        if (e.order_id == taker) {
            expect(e.maker_id != 0, "the taker's SelfTrade Cancelled names the maker");
            t.open -= e.lots;
            expect_eq("the taker's SelfTrade Cancelled remaining", t.open, e.remaining);
            expect(t.open >= 0, "a SelfTrade Cancelled takes at most the taker's open lots");
            return;
        }
        expect_id("a maker's SelfTrade Cancelled maker_id (the taker)", taker, e.maker_id);
        auto& lv = side_levels(t.symbol, sigmax::opposite(t.side));
        expect(!lv.empty(), "a maker's SelfTrade Cancelled meets a non-empty opposite side");
        auto best = t.side == Side::Buy ? lv.begin() : std::prev(lv.end());
        expect_id("a maker's SelfTrade Cancelled order_id (the oldest order at the best opposite level)",
                  best->second.front(), e.order_id);
        Order& m = resting(e.order_id);
        expect_eq("a maker's SelfTrade Cancelled price", m.price, e.price);
        m.open -= e.lots;
        expect_eq("a maker's SelfTrade Cancelled remaining", m.open, e.remaining);
        if (m.open == 0) {
            best->second.pop_front();
            if (best->second.empty()) lv.erase(best);
            orders_.erase(e.order_id);
        }
    }

    using Side_ = std::map<std::int64_t, std::deque<std::uint64_t>>;  // price -> ids, oldest first
    Side_& side_levels(std::uint32_t symbol, Side side) { return books_[symbol][static_cast<int>(side)]; }

    Order& resting(std::uint64_t id) {
        auto it = orders_.find(id);
        expect(it != orders_.end(), "an event names a resting order");
        return it->second;
    }

    void unlink(std::uint64_t id, const Order& o) {
        auto& lv = side_levels(o.symbol, o.side);
        auto it = lv.find(o.price);
        expect(it != lv.end(), "a resting order's level exists");
        auto& q = it->second;
        auto pos = std::find(q.begin(), q.end(), id);
        expect(pos != q.end(), "a resting order is in its level's queue");
        q.erase(pos);
        if (q.empty()) lv.erase(it);
    }

    void expect(bool ok, const char* rule) {
        if (!ok) fail(rule);
    }
    void expect_eq(const char* what, std::int64_t expected, std::int64_t actual) {
        if (expected == actual) return;
        char text[256];
        std::snprintf(text, sizeof text, "%s: expected %" PRId64 ", event has %" PRId64, what, expected, actual);
        fail(text);
    }
    void expect_id(const char* what, std::uint64_t expected, std::uint64_t actual) {
        if (expected == actual) return;
        char text[256];
        std::snprintf(text, sizeof text, "%s: expected %" PRIu64 ", event has %" PRIu64, what, expected, actual);
        fail(text);
    }
    [[noreturn]] void fail(const char* what) {
        fail_(what);
        std::abort();  // the hook must not return
    }

    Fail fail_;
    std::unordered_map<std::uint64_t, Order> orders_;
    std::map<std::uint32_t, std::array<Side_, 2>> books_;
};

}  // namespace shadow
