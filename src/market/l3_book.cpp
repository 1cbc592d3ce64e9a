#include "sigmax/market/l3_book.hpp"

#include <algorithm>
#include <new>

#include "sigmax/market/book_views.hpp"

namespace sigmax::md {

L3Book::L3Book(std::uint32_t symbol, std::size_t expected_orders)
    : symbol_(symbol),
      pool_(expected_orders, std::max(expected_orders, kMaxOrders)),
      book_(Scale{}),
      index_(expected_orders) {}

void L3Book::apply(const Event& e, BookChecks& checks) {
    ++checks.events;
    const MarkResult mark = apply_marks(e, checks, in_snapshot_, [this](std::uint8_t side) { clear(side); });
    if (mark == MarkResult::Invalid) return;
    if (mark == MarkResult::Other) switch (e.kind) {
    case SGX_MD_ADD: case SGX_MD_MODIFY: case SGX_MD_CANCEL: case SGX_MD_FILL: {
        if (e.kind == SGX_MD_FILL && (e.flags & SGX_MD_F_NO_BOOK_CHANGE)) {  // its CANCEL or MODIFY follows
            ++checks.ignored;
            return;
        }
        if (e.side > SGX_SIDE_SELL && (e.kind == SGX_MD_ADD || e.kind == SGX_MD_MODIFY)) {
            ++checks.invalid;
            return;
        }
        if (e.quantity < 0) {
            ++checks.negative_quantity;
            return;
        }
        if (e.quantity > kMaxOrderLots) {  // an order's bound in the engine's books
            ++checks.invalid;
            return;
        }
        if (e.kind == SGX_MD_ADD) {
            add(e, checks);
        } else if (e.kind == SGX_MD_MODIFY) {
            modify(e, checks);
        } else {
            const OrderIndex i = index_.find(e.order_id, pool_);
            if (i == kNil) {
                ++checks.unknown_order;
                return;
            }
            // A cancel of 0 lots names no size: the whole order goes.
            const bool whole = e.kind == SGX_MD_CANCEL && e.quantity == 0;
            reduce(i, whole ? pool_[i].open : e.quantity, checks);
        }
        break;
    }
    case SGX_MD_LEVEL: case SGX_MD_TRADE: case SGX_MD_BBO:
        ++checks.ignored;
        return;
    default:
        ++checks.invalid;
        return;
    }
    if ((e.flags & SGX_MD_F_LAST) && !in_snapshot_ && crossed()) ++checks.crossed;  // a complete update
}

void L3Book::add(const Event& e, BookChecks& checks) {
    if (e.quantity == 0) {
        ++checks.invalid;
        return;
    }
    if (index_.find(e.order_id, pool_) != kNil) {
        ++checks.duplicate_order;
        return;
    }
    // Everything the order needs is reserved before anything changes, so a
    // bad_alloc leaves the book as it was: the index slot, the level slot,
    // then the record (kNil: the pool is at its bound or out of memory).
    if (!index_.has_room()) index_.grow();
    book_.reserve_level(static_cast<Side>(e.side));
    const OrderIndex i = pool_.allocate();
    if (i == kNil) throw std::bad_alloc();
    RestingOrder& o = pool_[i];
    o.id = e.order_id;
    o.price = e.price;
    o.open = e.quantity;
    o.filled = 0;
    o.symbol = symbol_;
    o.side = static_cast<Side>(e.side);
    if (!book_.add(i, pool_)) {  // its level would pass kMaxLevelLots
        pool_.release(i);
        ++checks.invalid;
        return;
    }
    index_.insert_with_room(e.order_id, i);
}

void L3Book::reduce(OrderIndex i, std::int64_t lots, BookChecks& checks) noexcept {
    RestingOrder& o = pool_[i];
    if (lots >= o.open) {
        if (lots > o.open) ++checks.overfill;
        remove(i);
        return;
    }
    static_cast<void>(book_.amend(i, o.open - lots, pool_));  // a decrease: always fits, keeps its place
}

void L3Book::modify(const Event& e, BookChecks& checks) {
    const OrderIndex i = index_.find(e.order_id, pool_);
    if (i == kNil) {
        if (e.quantity == 0) {
            ++checks.unknown_order;
            return;
        }
        ++checks.modify_added;
        add(e, checks);
        return;
    }
    if (e.quantity == 0) {
        remove(i);
        return;
    }
    RestingOrder& o = pool_[i];
    const auto side = static_cast<Side>(e.side);
    if (o.price != e.price || o.side != side) {
        if (!book_.room_for(side, e.price, e.quantity)) {  // its new level would pass kMaxLevelLots
            ++checks.invalid;
            return;
        }
        book_.reserve_level(side);  // may throw: before anything changes
        book_.remove(i, pool_);
        o.price = e.price;
        o.side = side;
        o.open = e.quantity;
        static_cast<void>(book_.add(i, pool_));  // back of the new level (room checked above)
    } else if (e.quantity != o.open && !book_.amend(i, e.quantity, pool_)) {
        // A decrease keeps the place, an increase goes to the back; refused
        // (and the event ignored) when the level would pass kMaxLevelLots.
        ++checks.invalid;
    }
}

void L3Book::remove(OrderIndex i) noexcept {
    index_.erase(pool_[i].id, pool_);
    book_.remove(i, pool_);
    pool_.release(i);
}

void L3Book::clear(std::uint8_t side) noexcept {
    for (const Side s : {Side::Buy, Side::Sell}) {
        if (side != SGX_MD_SIDE_NONE && side != static_cast<std::uint8_t>(s)) continue;
        auto& levels = book_.levels(s);
        while (!levels.empty()) {
            const OrderIndex i = levels.back().head;
            index_.erase(pool_[i].id, pool_);
            book_.pop_best_head(s, pool_);
            pool_.release(i);
        }
    }
}

bool L3Book::crossed() const noexcept { return md::crossed(book_.levels(Side::Buy), book_.levels(Side::Sell)); }

Quote L3Book::best() const noexcept { return quote_of(book_.levels(Side::Buy), book_.levels(Side::Sell)); }

std::size_t L3Book::depth(Side s, std::span<BookLevel> out) const noexcept { return depth_of(book_.levels(s), out); }

std::int64_t L3Book::quantity_at(Side s, std::int64_t price) const noexcept {
    return lots_at(book_.levels(s), s, price);
}

bool L3Book::find_order(std::uint64_t order_id, OrderView& out) const noexcept {
    const OrderIndex i = index_.find(order_id, pool_);
    if (i == kNil) return false;
    out = view_of(pool_[i]);
    return true;
}

bool L3Book::queue_ahead(std::uint64_t order_id, QueuePosition& out) const noexcept {
    const OrderIndex i = index_.find(order_id, pool_);
    if (i == kNil) return false;
    const RestingOrder& o = pool_[i];
    out = QueuePosition{};
    for (OrderIndex j = o.prev; j != kNil; j = pool_[j].prev) {
        ++out.orders_ahead;
        out.quantity_ahead += pool_[j].open;
    }
    out.price = o.price;
    out.quantity = o.open;
    out.symbol = symbol_;
    out.side = static_cast<std::uint8_t>(o.side);
    return true;
}

}  // namespace sigmax::md
