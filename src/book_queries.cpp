// Queries in ticks and lots (book_queries.hpp; docs/semantics.md, "Queries
// in ticks"): top of book, one side's depth, the level at a price, and a
// resting order with its queue position. Read-only walks of the books: no
// allocation, no lock (the caller holds the engine, by a Claim or a Session).
#include "sigmax/book_queries.hpp"

#include "sigmax/engine.hpp"

namespace sigmax {

namespace {

LevelTicks level_ticks(const PriceLevel& l) noexcept { return LevelTicks{l.price, l.lots, l.count}; }

// The engine checks codes as bytes (order_codes.hpp): a Side from a C caller
// may hold any byte.
bool valid_side(Side s) noexcept { return static_cast<std::uint8_t>(s) <= 1; }

}  // namespace

Status Engine::top_ticks(std::uint32_t symbol, TopTicks& top) {
    Claim claim(*this);
    if (!claim.owned()) return Status::Busy;
    return top_ticks_held(symbol, top);
}

Status Engine::depth_ticks(std::uint32_t symbol, Side side, std::span<LevelTicks> out, std::size_t& count) {
    count = 0;
    Claim claim(*this);
    if (!claim.owned()) return Status::Busy;
    return depth_ticks_held(symbol, side, out, count);
}

Status Engine::lots_at(std::uint32_t symbol, Side side, std::int64_t price, LevelTicks& level) {
    Claim claim(*this);
    if (!claim.owned()) return Status::Busy;
    return lots_at_held(symbol, side, price, level);
}

Status Engine::order_ticks(std::uint64_t order_id, OrderTicks& order) {
    Claim claim(*this);
    if (!claim.owned()) return Status::Busy;
    return order_ticks_held(order_id, order);
}

Status Engine::top_ticks_held(std::uint32_t symbol, TopTicks& top) const noexcept {
    top = TopTicks{};
    const OrderBook* b = find_book(symbol);
    if (!b) return Status::Ok;
    if (const BookSide& bids = b->levels(Side::Buy); !bids.empty()) {
        const PriceLevel& l = bids.back();
        top.has_bid = true;
        top.bid_price = l.price;
        top.bid_lots = l.lots;
        top.bid_orders = l.count;
    }
    if (const BookSide& asks = b->levels(Side::Sell); !asks.empty()) {
        const PriceLevel& l = asks.back();
        top.has_ask = true;
        top.ask_price = l.price;
        top.ask_lots = l.lots;
        top.ask_orders = l.count;
    }
    return Status::Ok;
}

Status Engine::depth_ticks_held(std::uint32_t symbol, Side side, std::span<LevelTicks> out,
                                std::size_t& count) noexcept {
    auto put = [out](std::size_t i, const LevelTicks& l) noexcept { out[i] = l; };
    return levels_ticks_each(symbol, side, out.size(), put, count);
}

Status Engine::lots_at_held(std::uint32_t symbol, Side side, std::int64_t price, LevelTicks& level) noexcept {
    if (!valid_side(side)) return invalid(Status::InvalidSide);
    level = LevelTicks{price, 0, 0};
    const OrderBook* b = find_book(symbol);
    if (!b) return Status::Ok;
    if (const PriceLevel* l = b->levels(side).find(price)) level = level_ticks(*l);
    return Status::Ok;
}

Status Engine::order_ticks_held(std::uint64_t order_id, OrderTicks& order) const noexcept {
    const OrderIndex i = index_.find(order_id, pool_);
    if (i == kNil) return Status::NotFound;
    const RestingOrder& o = pool_[i];
    OrderTicks t;
    t.order_id = o.id;
    t.price = o.price;
    t.open_lots = o.open;
    t.filled_lots = o.filled;
    t.symbol = o.symbol;
    t.side = o.side;
    t.owner = o.owner;
    t.stp = o.stp;
    t.post_only = o.post_only;
    // The orders ahead are the ones before it in its level's FIFO: follow
    // the links back to the head. Their lots sum to less than the level's
    // total (at most 2^62): no overflow.
    for (OrderIndex k = o.prev; k != kNil; k = pool_[k].prev) {
        t.lots_ahead += pool_[k].open;
        ++t.orders_ahead;
    }
    order = t;
    return Status::Ok;
}

}  // namespace sigmax
