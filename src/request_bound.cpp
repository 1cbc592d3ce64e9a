// The most events a request can emit (Engine::Session::events_bound), so
// that a caller's fixed event buffer never receives part of a request's
// events: sgx_engine_apply_into runs a request only when its bound fits.
//
// Why each bound holds (docs/semantics.md gives the events of each call):
//  Cancel: Cancelled, or Rejected.
//  New: Accepted; then, per maker it meets, a Trade or, under self-trade
//    prevention (an owner and an effective mode other than Allow), one or
//    two Cancelled (SelfTrade) events; then at most one Cancelled for its
//    remainder (or a lone Rejected, or Accepted and Cancelled for a FOK or
//    post-only refusal). Each maker it meets takes at least one of its lots
//    (a trade, or a CancelNewest, CancelBoth or DecrementAndCancel step),
//    so those makers are among the orders of the crossing levels walked
//    until their lots reach its own (OrderBook::crossing): one event each
//    without prevention, two at most with it. Under CancelOldest its own
//    makers leave without taking its lots, so any crossing order may be
//    met, with one event each.
//  Replace: Replaced, then the same as a taker at the new price and lots
//    with the order's stored owner and mode (or a lone Rejected).
//  CancelAll: one Cancelled per order resting on the symbol.
//  CancelOwner: one Cancelled per order of the owner (or a lone Rejected).
#include <algorithm>

#include "sigmax/engine.hpp"

namespace sigmax {

namespace {

// The orders of side `resting` at prices a taker with limit `limit` (any if
// market) could trade with.
std::size_t crossing_orders(const OrderBook& book, Side resting, bool market, std::int64_t limit) noexcept {
    std::size_t n = 0;
    book.levels(resting).each_best_first([&](const PriceLevel& l) {
        if (!market && OrderBook::better(resting, limit, l.price)) return false;  // beyond the limit
        n += l.count;
        return true;
    });
    return n;
}

// The bound of a taker (a new order, or a replace that may cross) on `side`
// of `book` with self-trade prevention `mode` when `owner` is not 0.
std::size_t taker_bound(const OrderBook* book, Side side, bool market, std::int64_t price, std::int64_t lots,
                        std::uint64_t owner, SelfTrade mode) noexcept {
    if (!book || static_cast<std::uint8_t>(side) > 1) return 2;  // an invalid side: Rejected alone
    const Side opp = opposite(side);
    const bool prevention = owner != 0 && mode != SelfTrade::Allow;
    if (prevention && mode == SelfTrade::CancelOldest) return 2 + crossing_orders(*book, opp, market, price);
    // Lots past an order's bound are refused (Rejected alone); the clamp keeps
    // crossing()'s running total within its bound.
    const std::size_t met = book->crossing(opp, market, price, std::min(lots, kMaxOrderLots)).orders;
    return 2 + (prevention ? 2 : 1) * met;
}

}  // namespace

std::size_t Engine::Session::events_bound(const Request& r) const noexcept {
    const Engine& e = engine_;
    switch (r.op) {
    case RequestOp::Cancel:
        return 1;
    case RequestOp::New:
        return taker_bound(e.find_book(r.symbol), r.side, r.type == OrderType::Market, r.price, r.lots, r.owner,
                           e.effective(r.stp));
    case RequestOp::Replace: {
        const OrderIndex i = e.index_.find(r.order_id, e.pool_);
        if (i == kNil) return 1;  // Rejected (NotFound)
        const RestingOrder& o = e.pool_[i];
        return taker_bound(e.find_book(o.symbol), o.side, false, r.price, r.lots, o.owner, e.effective(o.stp));
    }
    case RequestOp::CancelAll: {
        const OrderBook* book = e.find_book(r.symbol);
        return book ? book->resting_orders() : 0;
    }
    case RequestOp::CancelOwner: {
        if (r.owner == 0) return 1;  // Rejected (InvalidOwner)
        // A pass over every resting order, as cancel_owner itself makes.
        std::size_t n = 0;
        const auto count = [&](const OrderBook& book) {
            for (const Side side : {Side::Buy, Side::Sell})
                book.levels(side).each_best_first([&](const PriceLevel& level) {
                    for (OrderIndex k = level.head; k != kNil; k = e.pool_[k].next) n += e.pool_[k].owner == r.owner;
                    return true;
                });
        };
        for (const auto& book : e.direct_books_)
            if (book) count(*book);
        for (const auto& [symbol, book] : e.other_books_) count(*book);
        return std::max<std::size_t>(n, 1);  // at least its Rejected (NoMemory)
    }
    }
    return 1;  // an unknown op: Rejected
}

bool Engine::Session::fits(const Request& r, std::size_t room) const noexcept {
    if (r.op == RequestOp::Cancel) return room >= 1;
    // Every bound above is at most 2 + two events per resting order: when
    // that fits, nothing needs counting.
    if (room >= 2 + 2 * engine_.index_.size()) return true;
    return events_bound(r) <= room;
}

}  // namespace sigmax
