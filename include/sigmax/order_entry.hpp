// Integer order entry: orders in ticks and lots under the caller's own order
// ids, and the events a call emits (docs/semantics.md, "Integer order entry").
//
// Engine::submit, cancel(id, sink), replace and cancel_all pass every event
// of a call, in order, to a sink: any callable taking `const OrderEvent&`. It is a
// template argument, so an event costs a direct (usually inlined) call. The
// sink runs while the engine is claimed: it must not throw and must not call
// the engine (such a call would get Busy).
#pragma once

#include <cstdint>

#include "sigmax/types.hpp"

namespace sigmax {

// A new order in ticks and lots. client_id is the order's id in the engine:
// non-zero and unique among resting orders (cancel, replace, order_info and
// the events name the order by it).
struct NewOrder {
    std::uint64_t client_id = 0;
    std::int64_t price = 0;  // ticks, the symbol's minimum (1 unless set_min_price) ... 2^53; ignored for market orders
    std::int64_t lots = 0;   // 1 ... 2^53
    std::uint32_t symbol = 0;
    Side side = Side::Buy;
    OrderType type = OrderType::Limit;
    TimeInForce tif = TimeInForce::GTC;
    SelfTrade stp = SelfTrade::Default;  // self-trade prevention when owner is not 0
    std::uint64_t owner = 0;  // the account: orders of one owner do not trade with each other; 0 = none
};

enum class OrderEventKind : std::uint8_t { Accepted = 0, Trade = 1, Cancelled = 2, Replaced = 3, Rejected = 4 };

// Why an order (or its remainder) left, or never reached, the book.
enum class CancelReason : std::uint8_t {
    None = 0,                // not a Cancelled event
    User = 1,                // cancel(), cancel_all() or cancel_owner()
    IocRemainder = 2,        // an IOC or market order's unfilled remainder
    FokUnfilled = 3,         // a FOK that could not fill completely: nothing traded
    PostOnlyWouldTrade = 4,  // a post-only order that would have traded on arrival
    SelfTrade = 5,           // self-trade prevention (the order lost some or all of its lots)
};

// One event. Which fields mean what, per kind (unused fields are 0):
//  Accepted : order_id, symbol, side, price (0 for market), lots = the
//             order's lots, remaining = lots.
//  Trade    : order_id = the taker, maker_id, symbol, side = the taker's,
//             price = the trade's (the maker's), lots = traded,
//             remaining = the taker's open lots after it, maker_remaining =
//             the maker's, maker_done = the maker left the book (filled).
//  Cancelled: order_id, symbol, side, price, lots = the lots that left the
//             book (or never entered it), remaining = the order's open lots
//             after it (0: the order is gone; more only for a self-trade
//             decrement), reason; for SelfTrade, maker_id = the other order
//             of the pair.
//  Replaced : order_id, symbol, side, price = the new price, lots =
//             remaining = the new open lots (before any trade it makes).
//  Rejected : order_id (as the call named it; 0 for cancel_all), symbol and
//             side as given (when the call has them), status = why.
struct OrderEvent {
    std::uint64_t order_id = 0;
    std::uint64_t maker_id = 0;
    std::int64_t price = 0;
    std::int64_t lots = 0;
    std::int64_t remaining = 0;
    std::int64_t maker_remaining = 0;
    std::uint32_t symbol = 0;
    Status status = Status::Ok;
    OrderEventKind kind = OrderEventKind::Accepted;
    Side side = Side::Buy;
    CancelReason reason = CancelReason::None;
    bool maker_done = false;
    std::uint32_t reserved = 0;
};
static_assert(sizeof(OrderEvent) == 64, "an event is one cache line");

}  // namespace sigmax
