// The "what a typical developer writes" reference engine for the bench:
// std::map of price -> std::list of orders per side, std::unordered_map from
// order id to list position for cancels. Same rules as sigmax (price-time
// priority, trade at the resting price, IOC/FOK/POST_ONLY/market), so the
// bench can check that both produce the same fills.
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <unordered_map>
#include <vector>

#include "sigmax/types.hpp"

namespace sigmax::cli {

struct BaselineFill {
    std::uint64_t maker, taker;
    std::int64_t price, lots;
};

class BaselineEngine {
public:
    BaselineEngine(double tick, double lot) : tick_(tick), lot_(lot) {}

    void execute(const OrderRequest& o);
    bool cancel(std::uint64_t id);
    std::vector<BaselineFill>& fills() { return fills_; }

private:
    struct Order {
        std::uint64_t id;
        std::int64_t lots;
    };
    using Level = std::list<Order>;
    struct Book {
        std::map<std::int64_t, Level, std::greater<>> bids;  // best (highest) first
        std::map<std::int64_t, Level> asks;                  // best (lowest) first
    };
    struct Where {
        std::uint32_t symbol;
        Side side;
        std::int64_t price;
        Level::iterator it;
    };

    template <class Levels, class Crosses>
    std::int64_t match(Levels& levels, Crosses crosses, std::uint64_t taker, std::int64_t lots);
    template <class Levels, class Crosses>
    std::int64_t available(Levels& levels, Crosses crosses, std::int64_t needed) const;

    double tick_, lot_;
    std::unordered_map<std::uint32_t, Book> books_;
    std::unordered_map<std::uint64_t, Where> orders_;
    std::vector<BaselineFill> fills_;
    std::uint64_t next_id_ = 1;
};

}  // namespace sigmax::cli
