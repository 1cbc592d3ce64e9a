// The matching loop: price-time priority against the opposite side, for any
// consumer of trades. The double API's Engine::match (src/matching.cpp)
// records fills in the fill queue and its report; the integer API
// (order_entry_impl.hpp) passes Trade events to the caller's sink. Both
// instantiate this one loop, inlined, so neither pays for the other: the
// double API passes owner 0, which removes the self-trade test.
#pragma once

#include "sigmax/engine.hpp"

namespace sigmax {

template <class OnTrade, class OnSelfTrade>
[[gnu::always_inline]] inline std::int64_t Engine::match_each(OrderBook& book, Side taker, bool market,
                                                              std::int64_t limit, std::int64_t lots,
                                                              std::uint64_t owner, OnTrade& on_trade,
                                                              OnSelfTrade& on_self_trade) {
    const Side opp = opposite(taker);
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
            if (owner != 0 && maker.owner == owner) [[unlikely]] {
                const bool last = level.count == 1;
                const SelfTradeStep step = on_self_trade(mi, lots);  // may pop `level`
                lots = step.taker_left;
                if (step.maker_gone && last) break;
                continue;
            }
            const std::int64_t q = maker.open < lots ? maker.open : lots;
            lots -= q;
            on_trade(maker.id, price, q, maker.open - q, lots, q == maker.open);

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
