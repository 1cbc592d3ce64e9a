// Engine's integer order entry (order_entry.hpp): submit, cancel with a
// sink, replace and cancel_all. Templates on the caller's sink, so they live
// in a header; the parts that need no sink (validation, reservations) are in
// src/order_entry.cpp.
//
// Every call keeps the failure guarantee (docs/semantics.md): whatever can
// fail (validation, a duplicate id, a full level, an allocation) is checked
// or reserved before the first change and before the first event, so a call
// that returns a status other than Ok changed nothing and emitted only its
// Rejected event.
#pragma once

#include <algorithm>
#include <vector>

#include "sigmax/engine.hpp"

namespace sigmax {

template <class Sink>
Status Engine::submit(const NewOrder& o, Sink&& sink) {
    Claim claim(*this);
    if (!claim.owned()) return reject(sink, o.client_id, o.symbol, o.side, Status::Busy);
    return submit_claimed(o, sink);
}

template <class Sink>
Status Engine::cancel(std::uint64_t order_id, Sink&& sink) {
    Claim claim(*this);
    if (!claim.owned()) return reject(sink, order_id, 0, Side::Buy, Status::Busy);
    return cancel_claimed(order_id, sink);
}

template <class Sink>
Status Engine::replace(std::uint64_t order_id, std::int64_t new_price, std::int64_t new_lots, Sink&& sink) {
    Claim claim(*this);
    if (!claim.owned()) return reject(sink, order_id, 0, Side::Buy, Status::Busy);
    return replace_claimed(order_id, new_price, new_lots, sink);
}

template <class Sink>
Status Engine::cancel_all(std::uint32_t symbol, Sink&& sink) {
    Claim claim(*this);
    if (!claim.owned()) return reject(sink, 0, symbol, Side::Buy, Status::Busy);
    return cancel_all_claimed(symbol, sink);
}

template <class Sink>
Status Engine::cancel_owner(std::uint64_t owner, Sink&& sink) {
    Claim claim(*this);
    if (!claim.owned()) return reject(sink, 0, 0, Side::Buy, Status::Busy);
    return cancel_owner_claimed(owner, sink);
}

template <class Sink>
auto Engine::self_trade_steps(Sink& sink, OrderBook& book, const Taker& t) {
    return [this, &sink, &book, t](OrderIndex mi, std::int64_t lots) -> SelfTradeStep {
        RestingOrder& m = pool_[mi];
        const Side opp = opposite(t.side);
        const std::uint64_t maker_id = m.id;
        OrderEvent e;
        e.kind = OrderEventKind::Cancelled;
        e.reason = CancelReason::SelfTrade;
        e.symbol = t.symbol;
        // The maker loses q of its lots; true when that is all of them.
        const auto maker_loses = [&](std::int64_t q) {
            e.order_id = maker_id;
            e.maker_id = t.id;
            e.side = opp;
            e.price = m.price;
            e.lots = q;
            e.remaining = m.open - q;
            const bool gone = q == m.open;
            if (gone) {
                book.pop_best_head(opp, pool_);
                retire(index_.find_slot(maker_id, pool_), mi);
                stats_.on_cancel();
            } else {
                m.open -= q;
                book.levels(opp).back().lots -= q;  // m is the head of the best level
            }
            sink(static_cast<const OrderEvent&>(e));
            return gone;
        };
        // The taker loses q of its `lots`.
        const auto taker_loses = [&](std::int64_t q) {
            e.order_id = t.id;
            e.maker_id = maker_id;
            e.side = t.side;
            e.price = t.price;
            e.lots = q;
            e.remaining = lots - q;
            sink(static_cast<const OrderEvent&>(e));
            return lots - q;
        };
        switch (t.mode) {
            case SelfTrade::CancelOldest:
                return {lots, maker_loses(m.open)};
            case SelfTrade::CancelBoth: {
                const bool gone = maker_loses(m.open);
                return {taker_loses(lots), gone};
            }
            case SelfTrade::DecrementAndCancel: {
                const std::int64_t q = m.open < lots ? m.open : lots;
                const bool gone = maker_loses(q);
                return {taker_loses(q), gone};
            }
            default:  // CancelNewest (Allow and Default never get here)
                return {taker_loses(lots), false};
        }
    };
}

template <class Sink>
Status Engine::submit_claimed(const NewOrder& o, Sink& sink) {
    Prepared p;
    if (Status s = validate_new(o, p); s != Status::Ok) return reject(sink, o.client_id, o.symbol, o.side, invalid(s));
    // One id index for both APIs: a resting order of either holds the id.
    if (index_.find(o.client_id, pool_) != kNil)
        return reject(sink, o.client_id, o.symbol, o.side, Status::DuplicateOrderId);
    if (Status s = reserve_new(o, p); s != Status::Ok) return reject(sink, o.client_id, o.symbol, o.side, s);
    client_ids_used_ = true;
    return submit_valid(o, p, sink);
}

template <class Sink>
Status Engine::submit_valid(const NewOrder& o, Prepared& p, Sink& sink) {
    OrderBook& book = *p.book;
    const bool market = o.type == OrderType::Market;
    const bool may_rest = !market && (o.tif == TimeInForce::GTC || o.tif == TimeInForce::PostOnly);
    const std::uint64_t id = o.client_id;
    if (may_rest) index_.prefetch(id);  // the slot it takes if it rests
    const Side opp = opposite(o.side);
    const bool crosses = crosses_at(book, o.side, market, p.price);

    OrderEvent e;
    e.order_id = id;
    e.symbol = o.symbol;
    e.side = o.side;
    e.price = p.price;
    e.lots = p.lots;
    e.remaining = p.lots;
    const auto cancelled = [&](std::int64_t lots, CancelReason why) {
        e.kind = OrderEventKind::Cancelled;
        e.lots = lots;
        e.remaining = 0;
        e.reason = why;
        sink(static_cast<const OrderEvent&>(e));
    };

    if (!crosses) {
        if (may_rest) {
            // It joins its level, which may be full: nothing has changed yet.
            if (!rest(book, o.symbol, o.side, id, p.price, p.lots, {o.owner, o.stp, o.tif == TimeInForce::PostOnly}))
                return reject(sink, id, o.symbol, o.side, Status::LevelFull);
            sink(static_cast<const OrderEvent&>(e));  // Accepted, resting
        } else {
            sink(static_cast<const OrderEvent&>(e));  // Accepted
            cancelled(p.lots, o.tif == TimeInForce::FOK ? CancelReason::FokUnfilled : CancelReason::IocRemainder);
        }
        stats_.on_order(0, false, false);
        return Status::Ok;
    }

    sink(static_cast<const OrderEvent&>(e));  // Accepted
    if (o.tif == TimeInForce::PostOnly) {
        cancelled(p.lots, CancelReason::PostOnlyWouldTrade);
        stats_.on_order(0, true, false);
        return Status::Ok;
    }
    // Self-trade prevention applies to this taker unless it has no owner or allows self-trades.
    const SelfTrade mode = effective(o.stp);
    const std::uint64_t owner = mode == SelfTrade::Allow ? 0 : o.owner;
    if (o.tif == TimeInForce::FOK) {
        // All or nothing: a FOK that cannot fill completely trades nothing.
        CancelReason refused = CancelReason::None;
        if (owner != 0) {
            const FokCheck check = fok_check_owned(book, o.side, market, p.price, p.lots, owner, mode);
            if (check.blocker != 0) {
                e.maker_id = check.blocker;
                refused = CancelReason::SelfTrade;
            } else if (!check.fillable) {
                refused = CancelReason::FokUnfilled;
            }
        } else if (book.crossing_lots(opp, market, p.price, p.lots) < p.lots) {
            refused = CancelReason::FokUnfilled;
        }
        if (refused != CancelReason::None) {
            cancelled(p.lots, refused);
            stats_.on_order(0, false, false);
            return Status::Ok;
        }
    }
    std::int64_t traded = 0;
    auto on_trade = trade_events(sink, book.scale(), id, o.symbol, o.side, traded);
    auto on_self_trade = self_trade_steps(sink, book, Taker{id, p.price, o.symbol, o.side, mode});
    // Lots self-trade prevention took from the taker are not in `left`.
    const std::int64_t left = match_each(book, o.side, market, p.price, p.lots, owner, on_trade, on_self_trade);
    if (left > 0) {
        if (may_rest) {
            // Its price crossed the opposite best, and every level of its own
            // side is worse than that: it opens a new level (room reserved).
            (void)rest(book, o.symbol, o.side, id, p.price, left, {o.owner, o.stp, o.tif == TimeInForce::PostOnly});
        } else {
            cancelled(left, CancelReason::IocRemainder);
        }
    }
    stats_.on_order(0, false, false);
    return Status::Ok;
}

template <class Sink>
Status Engine::cancel_claimed(std::uint64_t order_id, Sink& sink) {
    const std::size_t slot = index_.find_slot(order_id, pool_);
    if (slot == OrderIndexMap::kNoSlot) return reject(sink, order_id, 0, Side::Buy, Status::NotFound);
    const OrderEvent e = user_cancel_event(pool_[index_.index_at(slot)]);
    cancel_at(slot);
    sink(e);
    return Status::Ok;
}

template <class Sink>
Status Engine::replace_claimed(std::uint64_t order_id, std::int64_t new_price, std::int64_t new_lots, Sink& sink) {
    // Malformed values are reported as such whatever the id (as amend does);
    // the symbol's own minimum price is checked once the order is found.
    Status bad = Status::Ok;
    if (new_price < -kMaxOrderLots) bad = Status::InvalidPrice;
    else if (new_lots < 1) bad = Status::InvalidQuantity;
    else if (new_price > kMaxOrderLots || new_lots > kMaxOrderLots) bad = Status::OutOfRange;
    if (bad != Status::Ok) return reject(sink, order_id, 0, Side::Buy, invalid(bad));
    const std::size_t slot = index_.find_slot(order_id, pool_);
    if (slot == OrderIndexMap::kNoSlot) return reject(sink, order_id, 0, Side::Buy, Status::NotFound);
    const OrderIndex i = index_.index_at(slot);
    RestingOrder& ro = pool_[i];  // records never move
    const std::uint32_t symbol = ro.symbol;
    const Side side = ro.side;
    OrderBook& book = *find_book(symbol);
    if (new_price < book.min_price()) return reject(sink, order_id, symbol, side, invalid(Status::InvalidPrice));
    // Its original quantity (executed + open) stays within an order's bound.
    if (new_lots > kMaxOrderLots - ro.filled) return reject(sink, order_id, symbol, side, invalid(Status::OutOfRange));

    OrderEvent e;
    e.kind = OrderEventKind::Replaced;
    e.order_id = order_id;
    e.symbol = symbol;
    e.side = side;
    e.price = new_price;
    e.lots = new_lots;
    e.remaining = new_lots;
    if (new_price == ro.price) {
        // Fewer lots (or as many) keep the order's place; more go to the back.
        if (!book.amend(i, new_lots, pool_)) return reject(sink, order_id, symbol, side, Status::LevelFull);
        stats_.on_amend();
        sink(static_cast<const OrderEvent&>(e));
        return Status::Ok;
    }
    // A post-only order never takes: a price that would trade is refused.
    if (ro.post_only && crosses_at(book, side, false, new_price))
        return reject(sink, order_id, symbol, side, Status::WouldTrade);
    if (Status s = reserve_move(book, ro, new_price, new_lots); s != Status::Ok)
        return reject(sink, order_id, symbol, side, s);
    // Out of its level, then in again at the new price as the newest order
    // there, after trading with what it crosses (its owner's orders under
    // its self-trade prevention). Its record and index slot stay: the id
    // names it throughout.
    book.remove(i, pool_);
    stats_.on_amend();
    sink(static_cast<const OrderEvent&>(e));
    const SelfTrade mode = effective(ro.stp);
    const std::uint64_t owner = mode == SelfTrade::Allow ? 0 : ro.owner;
    std::int64_t traded = 0;
    auto on_trade = trade_events(sink, book.scale(), order_id, symbol, side, traded);
    auto on_self_trade = self_trade_steps(sink, book, Taker{order_id, new_price, symbol, side, mode});
    const std::int64_t left = match_each(book, side, false, new_price, new_lots, owner, on_trade, on_self_trade);
    ro.filled += traded;
    ro.price = new_price;
    ro.open = left;
    if (left > 0) {
        // Cannot fail: reserve_move() checked the level's room, or it
        // crossed and opens a new level (room reserved).
        (void)book.add(i, pool_);
    } else {
        // Filled, or ended by self-trade prevention: matching may have
        // moved its index slot; find it again.
        retire(index_.find_slot(order_id, pool_), i);
    }
    return Status::Ok;
}

template <class Sink>
Status Engine::cancel_all_claimed(std::uint32_t symbol, Sink& sink) {
    OrderBook* book = find_book(symbol);
    if (!book) return Status::Ok;
    for (const Side side : {Side::Buy, Side::Sell}) {
        auto& levels = book->levels(side);
        while (!levels.empty()) {
            const OrderIndex i = levels.back().head;
            const OrderEvent e = user_cancel_event(pool_[i]);
            book->pop_best_head(side, pool_);
            retire(index_.find_slot(e.order_id, pool_), i);
            stats_.on_cancel();
            sink(e);
        }
    }
    return Status::Ok;
}

template <class Sink>
Status Engine::cancel_owner_claimed(std::uint64_t owner, Sink& sink) {
    if (owner == 0) return reject(sink, 0, 0, Side::Buy, invalid(Status::InvalidOwner));
    // The orders to cancel, in event order, are listed first: the one
    // allocation comes before the first change.
    std::vector<OrderIndex> doomed;
    try {
        std::vector<std::uint32_t> symbols;
        symbols.reserve(other_books_.size());
        for (const auto& [symbol, book] : other_books_) symbols.push_back(symbol);
        std::sort(symbols.begin(), symbols.end());
        const auto collect = [&](const OrderBook& book) {
            for (const Side side : {Side::Buy, Side::Sell}) {
                book.levels(side).each_best_first([&](const PriceLevel& level) {
                    for (OrderIndex i = level.head; i != kNil; i = pool_[i].next)
                        if (pool_[i].owner == owner) doomed.push_back(i);
                    return true;
                });
            }
        };
        for (const auto& book : direct_books_)
            if (book) collect(*book);
        for (const std::uint32_t symbol : symbols) collect(*find_other_book(symbol));
    } catch (const std::bad_alloc&) {
        return reject(sink, 0, 0, Side::Buy, Status::NoMemory);
    }
    for (const OrderIndex i : doomed) {
        const OrderEvent e = user_cancel_event(pool_[i]);
        cancel_at(index_.find_slot(e.order_id, pool_));
        sink(e);
    }
    return Status::Ok;
}

}  // namespace sigmax
