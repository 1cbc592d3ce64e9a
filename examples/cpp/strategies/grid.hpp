// The grid market maker of hftbacktest's grid-trading tutorial, over the
// simulated venue's C++ API, in ticks and lots: every `interval` it drops
// the closed orders, lays a grid of `levels` GTX buys below the mid and as
// many sells above it (spaced `spacing_ticks`, the nearest `half_spread_ticks`
// from the mid rounded outwards onto the spacing), cancels the working
// orders no longer on the grid and posts the grid prices it does not hold.
// An order's id is its price in ticks. A side is not quoted while the
// position has reached max_position_lots in its direction. While a side of
// the local book is empty nothing is done (the working orders stay). The
// same rules as examples/python/venue_grid.py, in the same order.
//
// Shared by `sigmax-exec backtest`, bench/venue_grid.cpp and the venue's tests.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "common.hpp"
#include "sigmax/venue/venue.hpp"

namespace sigmax::venue::grid {

struct GridParams {
    std::uint32_t symbol = 0;
    int levels = 20;                    // orders a side
    std::int64_t spacing_ticks = 10;
    std::int64_t half_spread_ticks = 20;
    std::int64_t order_lots = 1;
    std::int64_t max_position_lots = 1;
    std::int64_t interval_ns = 100'000'000;
};

class GridStrategy {
public:
    GridStrategy(Venue& venue, const GridParams& p) : venue_(venue), p_(p), table_(256) {}

    // One requote at the venue's current time.
    Status requote() {
        Status s = venue_.clear_inactive_orders(p_.symbol);
        if (s != Status::Ok) return s;
        md::Quote q{};
        if ((s = venue_.quote(p_.symbol, q)) != Status::Ok) return s;
        State st{};
        if ((s = venue_.state(p_.symbol, st)) != Status::Ok) return s;
        if ((s = table_.load(venue_, p_.symbol)) != Status::Ok) return s;

        // No mid without both sides: nothing is quoted (the working orders stay).
        if (!q.has_bid || !q.has_ask) return Status::Ok;
        const bool bids = st.position < p_.max_position_lots;
        const bool asks = st.position > -p_.max_position_lots;
        // The grid's inner prices, floor((mid - half) / spacing) and
        // ceil((mid + half) / spacing) whole spacings, exact in integers on twice the mid.
        const std::int64_t twice_mid = q.bid_price + q.ask_price;
        const std::int64_t twice_spacing = 2 * p_.spacing_ticks;
        const std::int64_t top_bid = floor_div(twice_mid - 2 * p_.half_spread_ticks, twice_spacing) * p_.spacing_ticks;
        const std::int64_t low_ask = -floor_div(-(twice_mid + 2 * p_.half_spread_ticks), twice_spacing) * p_.spacing_ticks;

        for (const Order& o : table_.orders()) {
            if (!strategies::working(o)) continue;
            const bool keep = o.side == SGX_SIDE_BUY ? bids && on_grid(top_bid - o.order_id)
                                                     : asks && on_grid(o.order_id - low_ask);
            if (keep) continue;
            if ((s = venue_.cancel(p_.symbol, o.order_id)) != Status::Ok) return s;
            ++cancelled_;
        }
        // Every bid, then every ask (the Python example's order of requests).
        for (int i = 0; bids && i < p_.levels; ++i)
            if ((s = post(Side::Buy, top_bid - static_cast<std::int64_t>(i) * p_.spacing_ticks)) != Status::Ok) return s;
        for (int i = 0; asks && i < p_.levels; ++i)
            if ((s = post(Side::Sell, low_ask + static_cast<std::int64_t>(i) * p_.spacing_ticks)) != Status::Ok) return s;
        return Status::Ok;
    }

    // Requotes every interval until the data ends; `steps` counts the requotes.
    Status run(std::uint64_t& steps) { return strategies::requote_every(venue_, p_.interval_ns, *this, steps); }

    const GridParams& params() const noexcept { return p_; }
    // Requests sent so far.
    std::uint64_t submitted() const noexcept { return submitted_; }
    std::uint64_t cancelled() const noexcept { return cancelled_; }

private:
    static std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
        const std::int64_t q = a / b;
        return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
    }

    // `offset` ticks from the grid's inner end lands on one of its levels.
    bool on_grid(std::int64_t offset) const noexcept {
        return offset >= 0 && offset % p_.spacing_ticks == 0 && offset / p_.spacing_ticks < p_.levels;
    }

    Status post(Side side, std::int64_t price) {
        if (table_.holds(price)) return Status::Ok;
        const Status s = venue_.submit(p_.symbol, price, side, price, p_.order_lots, OrderType::Limit, TimeInForce::PostOnly);
        if (s == Status::Ok) ++submitted_;
        return s;
    }

    Venue& venue_;
    GridParams p_;
    strategies::OrderTable table_;
    std::uint64_t submitted_ = 0, cancelled_ = 0;
};

}  // namespace sigmax::venue::grid
