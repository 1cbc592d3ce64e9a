#include "sigmax/detail/order_book.hpp"


namespace sigmax {

bool OrderBook::add(OrderIndex i, OrderPool& pool) {
    RestingOrder& o = pool[i];
    BookSide& side = sides_[idx(o.side)];
    const BookSide::Pos pos = side.locate(o.price);
    PriceLevel* level;
    if (side.holds(pos, o.price)) {
        level = &side.at(pos);
        if (!has_room(level->lots, o.open)) return false;
    } else {
        level = &side.insert(pos, o.price);
    }
    link_at_back(*level, i, pool);
    ++resting_;
    return true;
}

bool OrderBook::room_for(Side s, std::int64_t price, std::int64_t lots) const noexcept {
    const PriceLevel* level = sides_[idx(s)].find(price);
    return !level || has_room(level->lots, lots);
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
    BookSide& side = sides_[idx(o.side)];
    const BookSide::Pos pos = side.locate(o.price);
    PriceLevel& level = side.at(pos);
    unlink(level, i, pool);
    if (level.count == 0) side.erase(pos);
    --resting_;
}

void OrderBook::pop_best_head(Side s, OrderPool& pool) noexcept {
    BookSide& side = sides_[idx(s)];
    PriceLevel& level = side.back();
    const OrderIndex i = level.head;
    RestingOrder& o = pool[i];
    level.head = o.next;
    if (o.next != kNil) pool[o.next].prev = kNil; else level.tail = kNil;
    level.lots -= o.open;
    --level.count;
    if (level.count == 0) side.pop_back();
    --resting_;
}

bool OrderBook::amend(OrderIndex i, std::int64_t new_open, OrderPool& pool) noexcept {
    RestingOrder& o = pool[i];
    BookSide& side = sides_[idx(o.side)];
    PriceLevel& level = side.at(side.locate(o.price));
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

OrderBook::Crossing OrderBook::crossing(Side resting, bool market, std::int64_t limit,
                                        std::int64_t needed) const noexcept {
    Crossing c{0, 0};
    if (needed <= 0) return c;
    sides_[idx(resting)].each_best_first([&](const PriceLevel& l) {
        if (!market && better(resting, limit, l.price)) return false;  // beyond the limit
        c.lots += l.lots;
        c.orders += l.count;
        return c.lots < needed;
    });
    return c;
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
