// A ±1-tick quoting market maker (after hftbacktest's public tutorials), over
// the simulated venue's C++ API in ticks and lots. Every interval:
//   1. drop the closed orders (clear_inactive_orders);
//   2. read the local best bid and ask; with a side empty, do nothing more;
//   3. bid_px = best_bid - offset, ask_px = best_ask + offset; bids are wanted
//      while position < max_position_lots, asks while position > -max_position_lots;
//   4. cancel every open order (NEW or PARTIALLY_FILLED) with no request in
//      flight, in ascending id, that is a buy and (bids not wanted or price !=
//      bid_px), or a sell and (asks not wanted or price != ask_px);
//   5. if bids are wanted and the order table holds no buy (any status), post
//      a GTX limit buy of order_lots at bid_px with the next id (1, 2, 3, ...);
//      then the same for the ask.
// So each side holds at most one order, re-posted one interval after the
// cancel of a stale one is confirmed and cleared. The same rules as the Python
// example (docs/backtesting.md, "The example strategies"), in the same order.
//
// Shared by `sigmax-exec backtest` and examples/cpp/backtest_quote.cpp.
#pragma once

#include <cstdint>
#include <vector>

#include "common.hpp"
#include "sigmax/venue/venue.hpp"

namespace sigmax::venue::quote {

struct QuoteParams {
    std::uint32_t symbol = 0;
    std::int64_t offset_ticks = 1;      // from the best price, outwards
    std::int64_t order_lots = 100;
    std::int64_t max_position_lots = 5000;
    std::int64_t interval_ns = 100'000'000;
};

class QuoteStrategy {
public:
    QuoteStrategy(Venue& venue, const QuoteParams& p) : venue_(venue), p_(p), table_(16) {}

    // One pass of the rules at the venue's current time.
    Status requote() {
        Status s = venue_.clear_inactive_orders(p_.symbol);
        if (s != Status::Ok) return s;
        md::Quote q{};
        if ((s = venue_.quote(p_.symbol, q)) != Status::Ok) return s;
        if (!q.has_bid || !q.has_ask) return Status::Ok;
        State st{};
        if ((s = venue_.state(p_.symbol, st)) != Status::Ok) return s;
        if ((s = table_.load(venue_, p_.symbol)) != Status::Ok) return s;

        const std::int64_t bid_px = q.bid_price - p_.offset_ticks;
        const std::int64_t ask_px = q.ask_price + p_.offset_ticks;
        const bool want_bid = st.position < p_.max_position_lots;
        const bool want_ask = st.position > -p_.max_position_lots;
        bool has_buy = false, has_sell = false;
        for (const Order& o : table_.orders()) {
            const bool buy = o.side == SGX_SIDE_BUY;
            (buy ? has_buy : has_sell) = true;
            const bool stale = buy ? (!want_bid || o.price != bid_px) : (!want_ask || o.price != ask_px);
            if (!strategies::working(o) || !stale) continue;
            if ((s = venue_.cancel(p_.symbol, o.order_id)) != Status::Ok) return s;
            ++cancelled_;
        }
        if (want_bid && !has_buy && (s = post(Side::Buy, bid_px)) != Status::Ok) return s;
        if (want_ask && !has_sell && (s = post(Side::Sell, ask_px)) != Status::Ok) return s;
        return Status::Ok;
    }

    // Requotes every interval until the data ends; `steps` counts the requotes.
    Status run(std::uint64_t& steps) { return strategies::requote_every(venue_, p_.interval_ns, *this, steps); }

    const QuoteParams& params() const noexcept { return p_; }
    // Requests sent so far.
    std::uint64_t submitted() const noexcept { return submitted_; }
    std::uint64_t cancelled() const noexcept { return cancelled_; }

private:
    Status post(Side side, std::int64_t price) {
        const Status s =
            venue_.submit(p_.symbol, next_id_, side, price, p_.order_lots, OrderType::Limit, TimeInForce::PostOnly);
        if (s != Status::Ok) return s;
        ++next_id_;
        ++submitted_;
        return Status::Ok;
    }

    Venue& venue_;
    QuoteParams p_;
    strategies::OrderTable table_;
    std::int64_t next_id_ = 1;
    std::uint64_t submitted_ = 0, cancelled_ = 0;
};

}  // namespace sigmax::venue::quote
