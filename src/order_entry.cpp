// The integer API's parts that need no sink: validation and what a new
// order or a replace reserves before it changes anything. The rest is in
// include/sigmax/detail/order_entry_impl.hpp.
#include "sigmax/engine.hpp"

#include <new>

#include "order_codes.hpp"

namespace sigmax {

Status Engine::validate_new(const NewOrder& o, Prepared& p) const noexcept {
    if (Status s = order_codes_status(static_cast<std::uint8_t>(o.side), static_cast<std::uint8_t>(o.type),
                                      static_cast<std::uint8_t>(o.tif));
        s != Status::Ok)
        return s;
    if (static_cast<std::uint8_t>(o.stp) > static_cast<std::uint8_t>(SelfTrade::DecrementAndCancel))
        return Status::InvalidStp;
    if (o.client_id == 0) return Status::InvalidOrderId;
    p.book = find_book(o.symbol);
    p.scale = p.book ? &p.book->scale() : &kDefaultScale;
    // The ranges of the double API (docs/semantics.md, "Bounds"): a price
    // is 1 (or the symbol's set_min_price) ... 2^53 ticks, a quantity 1 ... 2^53 lots.
    if (o.type == OrderType::Limit) {
        if (o.price < (p.book ? p.book->min_price() : 1)) return Status::InvalidPrice;
        if (o.price > kMaxOrderLots) return Status::OutOfRange;
        p.price = o.price;
    } else {
        p.price = 0;
    }
    if (o.lots < 1) return Status::InvalidQuantity;
    if (o.lots > kMaxOrderLots) return Status::OutOfRange;
    p.lots = o.lots;
    return Status::Ok;
}

Status Engine::reserve_new(const NewOrder& o, Prepared& p) noexcept {
    const bool may_rest =
        o.type == OrderType::Limit && (o.tif == TimeInForce::GTC || o.tif == TimeInForce::PostOnly);
    if (!p.book && may_rest && books_ >= max_symbols_) return Status::TooManySymbols;
    if (may_rest && !(pool_.has_room() && index_.has_room())) [[unlikely]] {
        if (!make_room(o.side, o.tif, p)) return Status::NoMemory;
    }
    try {
        // A new book has room for its first levels: reserve_level() then
        // allocates nothing, so a throw from here leaves no book behind.
        OrderBook& book = book_for(o.symbol, p, may_rest);
        if (may_rest) book.reserve_level(o.side);
        p.book = &book;
    } catch (const std::bad_alloc&) {
        return Status::NoMemory;
    }
    return Status::Ok;
}

Status Engine::reserve_move(OrderBook& book, const RestingOrder& o, std::int64_t price, std::int64_t lots) noexcept {
    const bool crosses = crosses_at(book, o.side, false, price);
    // Without crossing it joins the level at `price`, which may be full; a
    // crossing price opens a new level (its side is worse than the opposite best).
    if (!crosses && !book.room_for(o.side, price, lots)) return Status::LevelFull;
    try {
        book.reserve_level(o.side);
    } catch (const std::bad_alloc&) {
        return Status::NoMemory;
    }
    return Status::Ok;
}

Engine::FokCheck Engine::fok_check_owned(const OrderBook& book, Side taker, bool market, std::int64_t limit,
                                         std::int64_t lots, std::uint64_t owner, SelfTrade mode) const noexcept {
    const Side opp = opposite(taker);
    FokCheck r{false, 0};
    std::int64_t others = 0;
    book.levels(opp).each_best_first([&](const PriceLevel& level) {
        if (!market && OrderBook::better(opp, limit, level.price)) return false;  // no longer crosses
        for (OrderIndex i = level.head; i != kNil; i = pool_[i].next) {
            const RestingOrder& m = pool_[i];
            if (m.owner == owner) {
                if (mode == SelfTrade::CancelOldest) continue;  // matching cancels it
                r.blocker = m.id;
                return false;
            }
            others += m.open;
            if (others >= lots) {
                r.fillable = true;
                return false;
            }
        }
        return true;
    });
    return r;
}

std::uint64_t Engine::first_free_id(std::uint64_t id) const noexcept {
    while (index_.find(id, pool_) != kNil) ++id;
    return id;
}

}  // namespace sigmax
