#include "baseline_book.hpp"

#include <cmath>

namespace sigmax::cli {

template <class Levels, class Crosses>
std::int64_t BaselineEngine::available(Levels& levels, Crosses crosses, std::int64_t needed) const {
    std::int64_t total = 0;
    for (auto& [price, level] : levels) {
        if (!crosses(price) || total >= needed) break;
        for (const Order& o : level) total += o.lots;
    }
    return total;
}

template <class Levels, class Crosses>
std::int64_t BaselineEngine::match(Levels& levels, Crosses crosses, std::uint64_t taker, std::int64_t lots) {
    while (lots > 0 && !levels.empty()) {
        auto best = levels.begin();
        if (!crosses(best->first)) break;
        Level& level = best->second;
        while (lots > 0 && !level.empty()) {
            Order& maker = level.front();
            const std::int64_t q = std::min(maker.lots, lots);
            fills_.push_back({maker.id, taker, best->first, q});
            lots -= q;
            maker.lots -= q;
            if (maker.lots == 0) {
                orders_.erase(maker.id);
                level.pop_front();
            }
        }
        if (level.empty()) levels.erase(best);
    }
    return lots;
}

void BaselineEngine::execute(const OrderRequest& o) {
    const std::uint64_t id = next_id_++;
    Book& book = books_[o.symbol];
    const bool market = o.type == OrderType::Market;
    const std::int64_t price = market ? 0 : std::llround(o.price / tick_);
    std::int64_t lots = std::llround(o.quantity / lot_);
    auto buy_crosses = [&](std::int64_t ask) { return market || ask <= price; };
    auto sell_crosses = [&](std::int64_t bid) { return market || bid >= price; };
    const bool buy = o.side == Side::Buy;
    const bool crosses = buy ? (!book.asks.empty() && buy_crosses(book.asks.begin()->first))
                             : (!book.bids.empty() && sell_crosses(book.bids.begin()->first));

    if (o.tif == TimeInForce::PostOnly && crosses) return;  // rejected
    if (o.tif == TimeInForce::FOK) {
        const std::int64_t avail = buy ? available(book.asks, buy_crosses, lots) : available(book.bids, sell_crosses, lots);
        if (avail < lots) return;
    }
    lots = buy ? match(book.asks, buy_crosses, id, lots) : match(book.bids, sell_crosses, id, lots);
    if (lots == 0 || market || o.tif == TimeInForce::IOC || o.tif == TimeInForce::FOK) return;
    Level& level = buy ? book.bids[price] : book.asks[price];
    level.push_back({id, lots});
    orders_.emplace(id, Where{o.symbol, o.side, price, std::prev(level.end())});
}

bool BaselineEngine::cancel(std::uint64_t id) {
    auto it = orders_.find(id);
    if (it == orders_.end()) return false;
    Book& book = books_[it->second.symbol];
    if (it->second.side == Side::Buy) {
        auto lv = book.bids.find(it->second.price);
        lv->second.erase(it->second.it);
        if (lv->second.empty()) book.bids.erase(lv);
    } else {
        auto lv = book.asks.find(it->second.price);
        lv->second.erase(it->second.it);
        if (lv->second.empty()) book.asks.erase(lv);
    }
    orders_.erase(it);
    return true;
}

}  // namespace sigmax::cli
