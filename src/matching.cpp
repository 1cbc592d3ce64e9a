// The double API's matching: the loop (detail/match_each.hpp) with a
// consumer that records each trade in the report, the fill queue and the
// statistics.
#include "sigmax/engine.hpp"

namespace sigmax {

std::int64_t Engine::match(OrderBook& book, const OrderRequest& o, std::uint64_t id, std::int64_t limit,
                           std::int64_t lots, ExecutionReport& r, Int128& notional) {
    const Scale& scale = book.scale();
    auto on_trade = [&](std::uint64_t maker_id, std::int64_t price, std::int64_t q, std::int64_t, std::int64_t,
                        bool) {
        notional += static_cast<Int128>(price) * q;
        ++r.fill_count;
        const double qty = lots_to_quantity(q, scale);
        if (fills_.recording()) {
            fills_.push(Fill{next_trade_id_, maker_id, id, price, q, ticks_to_price(price, scale), qty, o.symbol,
                             o.side});
        }
        ++next_trade_id_;
        stats_.on_fill(static_cast<std::uint64_t>(q), qty);
    };
    // Double API orders have no owner: no self-trade step is ever taken.
    auto no_self_trade = [](OrderIndex, std::int64_t taker_lots) { return SelfTradeStep{taker_lots, false}; };
    return match_each(book, o.side, o.type == OrderType::Market, limit, lots, 0, on_trade, no_self_trade);
}

}  // namespace sigmax
