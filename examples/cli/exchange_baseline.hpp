// The textbook order book of the exchange workload: per side a std::map
// from price (integer ticks) to a std::list of orders in time priority, and
// a std::unordered_map from the client's order id to the order's place for
// cancels. Same rules as sigmax for what the workload sends (limit orders,
// GTC or IOC; price-time priority; a trade at the resting order's price), so
// the bench can require the same reports from both. The workload generator
// also runs it, to know which orders still rest when it picks one to cancel
// or modify.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <iterator>
#include <list>
#include <map>
#include <unordered_map>

#include "sigmax/types.hpp"

namespace sigmax::cli {

class ExchangeBook {
public:
    // A new limit order `id` (unique among resting orders): trades against
    // the other side while it crosses, calling on_trade(maker_id, price,
    // lots, maker_done) per trade, oldest maker first; then rests what is
    // left unless `ioc`. Returns the lots it rests.
    template <class OnTrade>
    std::int64_t add(std::uint64_t id, Side side, std::int64_t price, std::int64_t lots, bool ioc, OnTrade&& on_trade) {
        if (side == Side::Buy) lots = match(asks_, [price](std::int64_t ask) { return ask <= price; }, lots, on_trade);
        else lots = match(bids_, [price](std::int64_t bid) { return bid >= price; }, lots, on_trade);
        if (lots == 0 || ioc) return 0;
        Level& level = side == Side::Buy ? bids_[price] : asks_[price];
        level.push_back(Order{id, lots});
        where_.emplace(id, Where{side, price, std::prev(level.end())});
        return lots;
    }

    // Removes resting order `id`; false when it does not rest.
    bool cancel(std::uint64_t id) {
        const auto it = where_.find(id);
        if (it == where_.end()) return false;
        const Where at = it->second;
        where_.erase(it);
        if (at.side == Side::Buy) erase(bids_, at);
        else erase(asks_, at);
        return true;
    }

    std::size_t resting() const noexcept { return where_.size(); }

private:
    struct Order {
        std::uint64_t id;
        std::int64_t lots;
    };
    using Level = std::list<Order>;
    struct Where {
        Side side;
        std::int64_t price;
        Level::iterator it;
    };

    template <class Levels, class Crosses, class OnTrade>
    std::int64_t match(Levels& levels, Crosses crosses, std::int64_t lots, OnTrade& on_trade) {
        while (lots > 0 && !levels.empty()) {
            const auto best = levels.begin();
            if (!crosses(best->first)) break;
            Level& level = best->second;
            while (lots > 0 && !level.empty()) {
                Order& maker = level.front();
                const std::int64_t q = std::min(maker.lots, lots);
                lots -= q;
                maker.lots -= q;
                const bool done = maker.lots == 0;
                on_trade(maker.id, best->first, q, done);
                if (done) {
                    where_.erase(maker.id);
                    level.pop_front();
                }
            }
            if (level.empty()) levels.erase(best);
        }
        return lots;
    }

    template <class Levels>
    static void erase(Levels& levels, const Where& at) {
        const auto level = levels.find(at.price);
        level->second.erase(at.it);
        if (level->second.empty()) levels.erase(level);
    }

    std::map<std::int64_t, Level, std::greater<>> bids_;  // best (highest) first
    std::map<std::int64_t, Level> asks_;                  // best (lowest) first
    std::unordered_map<std::uint64_t, Where> where_;
};

}  // namespace sigmax::cli
