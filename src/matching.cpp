// The matching loop: price-time priority against the opposite side.
#include "sigmax/engine.hpp"

namespace sigmax {

std::int64_t Engine::match(OrderBook& book, const OrderRequest& o, std::uint64_t id, std::int64_t limit,
                           std::int64_t lots, ExecutionReport& r, Int128& notional) {
    const Side opp = opposite(o.side);
    const bool market = o.type == OrderType::Market;
    const Scale& scale = book.scale();
    auto& levels = book.levels(opp);

    while (lots > 0 && !levels.empty()) {
        PriceLevel& level = levels.back();
        if (!market && OrderBook::better(opp, limit, level.price)) break;  // no longer crosses
        const std::int64_t price = level.price;
        // Walk the level oldest first. The level reference stays valid until
        // its last order leaves, which pops it.
        while (lots > 0) {
            const OrderIndex mi = level.head;
            RestingOrder& maker = pool_[mi];
            // Overlap the likely cache misses of what comes next: the maker's
            // index slot (erased if it fills) and the order behind it.
            index_.prefetch(maker.id);
            if (maker.next != kNil) pool_.prefetch(maker.next);
            const std::int64_t q = maker.open < lots ? maker.open : lots;
            lots -= q;
            notional += static_cast<Int128>(price) * q;
            ++r.fill_count;

            const double qty = lots_to_quantity(q, scale);
            if (fills_.recording()) {
                fills_.push(Fill{next_trade_id_, maker.id, id, price, q, ticks_to_price(price, scale), qty,
                                 o.symbol, o.side});
            }
            ++next_trade_id_;
            stats_.on_fill(static_cast<std::uint64_t>(q), qty);

            if (q == maker.open) {
                const std::uint64_t maker_id = maker.id;
                const bool last = level.count == 1;
                book.pop_best_head(opp, pool_);  // may pop `level`
                retire(index_.find_slot(maker_id, pool_), mi);  // found before release: it reads the id in the record
                if (last) break;
            } else {
                maker.open -= q;
                maker.filled += q;
                level.lots -= q;
            }
        }
    }
    return lots;
}

}  // namespace sigmax
