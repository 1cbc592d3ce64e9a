#include "sigmax/detail/order_book.hpp"


namespace sigmax {

std::size_t OrderBook::locate(const std::vector<PriceLevel>& lv, Side s, std::int64_t price) const noexcept {
    return locate_level(lv, s, price);
}

bool OrderBook::add(OrderIndex i, OrderPool& pool) {
    RestingOrder& o = pool[i];
    auto& lv = sides_[idx(o.side)];
    std::size_t pos = locate(lv, o.side, o.price);
    if (pos == lv.size() || lv[pos].price != o.price) {
        lv.insert(lv.begin() + static_cast<std::ptrdiff_t>(pos), PriceLevel{o.price, 0, kNil, kNil, 0, 0});
    } else if (!has_room(lv[pos].lots, o.open)) {
        return false;
    }
    link_at_back(lv[pos], i, pool);
    ++resting_;
    return true;
}

bool OrderBook::room_for(Side s, std::int64_t price, std::int64_t lots) const noexcept {
    const auto& lv = sides_[idx(s)];
    const std::size_t pos = locate(lv, s, price);
    return pos == lv.size() || lv[pos].price != price || has_room(lv[pos].lots, lots);
}

void OrderBook::link_at_back(PriceLevel& level, OrderIndex i, OrderPool& pool) noexcept {
    RestingOrder& o = pool[i];
    o.prev = level.tail;
    o.next = kNil;
    if (level.tail != kNil) pool[level.tail].next = i; else level.head = i;
    level.tail = i;
    level.lots += o.open;
    ++level.count;
}

void OrderBook::unlink(PriceLevel& level, OrderIndex i, OrderPool& pool) noexcept {
    RestingOrder& o = pool[i];
    if (o.prev != kNil) pool[o.prev].next = o.next; else level.head = o.next;
    if (o.next != kNil) pool[o.next].prev = o.prev; else level.tail = o.prev;
    level.lots -= o.open;
    --level.count;
}

void OrderBook::remove(OrderIndex i, OrderPool& pool) noexcept {
    const RestingOrder& o = pool[i];
    auto& lv = sides_[idx(o.side)];
    const std::size_t pos = locate(lv, o.side, o.price);
    unlink(lv[pos], i, pool);
    if (lv[pos].count == 0) lv.erase(lv.begin() + static_cast<std::ptrdiff_t>(pos));
    --resting_;
}

void OrderBook::pop_best_head(Side s, OrderPool& pool) noexcept {
    auto& lv = sides_[idx(s)];
    PriceLevel& level = lv.back();
    const OrderIndex i = level.head;
    RestingOrder& o = pool[i];
    level.head = o.next;
    if (o.next != kNil) pool[o.next].prev = kNil; else level.tail = kNil;
    level.lots -= o.open;
    --level.count;
    if (level.count == 0) lv.pop_back();
    --resting_;
}

bool OrderBook::amend(OrderIndex i, std::int64_t new_open, OrderPool& pool) noexcept {
    RestingOrder& o = pool[i];
    auto& lv = sides_[idx(o.side)];
    PriceLevel& level = lv[locate(lv, o.side, o.price)];
    if (new_open <= o.open) {
        level.lots -= o.open - new_open;
        o.open = new_open;
        return true;
    }
    if (!has_room(level.lots - o.open, new_open)) return false;
    unlink(level, i, pool);
    o.open = new_open;
    link_at_back(level, i, pool);
    return true;
}

std::int64_t OrderBook::crossing_lots(Side resting, bool market, std::int64_t limit,
                                      std::int64_t needed) const noexcept {
    const auto& lv = sides_[idx(resting)];
    std::int64_t total = 0;
    for (auto it = lv.rbegin(); it != lv.rend() && total < needed; ++it) {
        if (!market && better(resting, limit, it->price)) break;  // beyond the limit
        total += it->lots;
    }
    return total;
}

std::size_t OrderBook::crossing_orders(Side resting, bool market, std::int64_t limit,
                                      std::int64_t needed) const noexcept {
    const auto& lv = sides_[idx(resting)];
    std::int64_t lots = 0;
    std::size_t orders = 0;
    for (auto it = lv.rbegin(); it != lv.rend() && lots < needed; ++it) {
        if (!market && better(resting, limit, it->price)) break;  // beyond the limit
        lots += it->lots;
        orders += it->count;
    }
    return orders;
}

TopOfBook OrderBook::top() const noexcept {
    TopOfBook t;
    if (const auto& b = sides_[0]; !b.empty()) {
        t.has_bid = true;
        t.bid_price = ticks_to_price(b.back().price, scale_);
        t.bid_quantity = lots_to_quantity(b.back().lots, scale_);
    }
    if (const auto& a = sides_[1]; !a.empty()) {
        t.has_ask = true;
        t.ask_price = ticks_to_price(a.back().price, scale_);
        t.ask_quantity = lots_to_quantity(a.back().lots, scale_);
    }
    return t;
}

}  // namespace sigmax
