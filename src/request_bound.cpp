// The most events a request can emit (Engine::Session::events_bound), so
// that a caller's fixed event buffer never receives part of a request's
// events: sgx_engine_apply_into runs a request only when its bound fits.
//
// Why each bound holds (docs/semantics.md gives the events of each call):
//  Cancel: Cancelled, or Rejected.
//  New: Accepted, then one Trade per maker it meets, then at most one
//    Cancelled for its remainder (or a lone Rejected). It meets makers best
//    level first, oldest first, and each trade takes at least one of its
//    lots, so the makers it meets are among the orders of the crossing
//    levels walked until their lots reach its own (OrderBook::crossing).
//  Replace: Replaced, then its trades, bounded the same way at the new
//    price and lots (or a lone Rejected).
//  CancelAll: one Cancelled per order resting on the symbol.
#include <algorithm>

#include "sigmax/engine.hpp"

namespace sigmax {

namespace {

// 2 + the orders a taker on `side` could trade with in `book`.
std::size_t taker_bound(const OrderBook* book, Side side, bool market, std::int64_t price, std::int64_t lots) noexcept {
    if (!book || static_cast<std::uint8_t>(side) > 1) return 2;  // an invalid side: Rejected alone
    // Lots past an order's bound are refused (Rejected alone); the clamp keeps
    // crossing()'s running total within its bound.
    return 2 + book->crossing(opposite(side), market, price, std::min(lots, kMaxOrderLots)).orders;
}

}  // namespace

std::size_t Engine::Session::events_bound(const Request& r) const noexcept {
    const Engine& e = engine_;
    switch (r.op) {
    case RequestOp::Cancel:
        return 1;
    case RequestOp::New:
        return taker_bound(e.find_book(r.symbol), r.side, r.type == OrderType::Market, r.price, r.lots);
    case RequestOp::Replace: {
        const OrderIndex i = e.index_.find(r.order_id, e.pool_);
        if (i == kNil) return 1;  // Rejected (NotFound)
        const RestingOrder& o = e.pool_[i];
        return taker_bound(e.find_book(o.symbol), o.side, false, r.price, r.lots);
    }
    case RequestOp::CancelAll: {
        const OrderBook* book = e.find_book(r.symbol);
        return book ? book->resting_orders() : 0;
    }
    }
    return 1;  // an unknown op: Rejected
}

bool Engine::Session::fits(const Request& r, std::size_t room) const noexcept {
    if (r.op == RequestOp::Cancel) return room >= 1;
    // Every bound above is at most 2 + every resting order: when that fits,
    // no order needs counting.
    if (room >= 2 + engine_.index_.size()) return true;
    return events_bound(r) <= room;
}

}  // namespace sigmax
