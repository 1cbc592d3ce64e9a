// Book and order queries in integer ticks and lots: the answers for programs
// that use the integer order entry (order_entry.hpp). Engine::top_ticks,
// depth_ticks, lots_at and order_ticks (and the same calls on an
// Engine::Session) fill these records; docs/semantics.md, "Queries in
// ticks", gives the rules.
//
// Prices are ticks of the symbol and may be zero or negative (a symbol's
// minimum price may be set below 1), so an empty side is said by a flag
// (has_bid, has_ask), never by a price of 0.
#pragma once

#include <cstdint>

#include "sigmax/types.hpp"

namespace sigmax {

// One price level: its price, the open lots resting there and how many
// orders hold them. Laid out as the C API's sgx_level_ticks (24 bytes).
struct LevelTicks {
    std::int64_t price = 0;        // ticks
    std::int64_t lots = 0;         // sum of the open lots of its orders
    std::uint64_t order_count = 0;
};

// The best level of each side of a symbol's book. A side with has_* false
// is empty and its three fields are 0. Laid out as sgx_top_ticks (56 bytes).
struct TopTicks {
    std::int64_t bid_price = 0;
    std::int64_t bid_lots = 0;
    std::uint64_t bid_orders = 0;
    std::int64_t ask_price = 0;
    std::int64_t ask_lots = 0;
    std::uint64_t ask_orders = 0;
    bool has_bid = false;
    bool has_ask = false;
};

// A resting order and its place in its level's queue: lots_ahead and
// orders_ahead are the open lots and the orders of its level that trade
// before it (0 and 0 at the head). Laid out as sgx_order_ticks (64 bytes).
struct OrderTicks {
    std::uint64_t order_id = 0;
    std::int64_t price = 0;        // ticks
    std::int64_t open_lots = 0;    // still resting
    std::int64_t filled_lots = 0;  // executed so far
    std::int64_t lots_ahead = 0;
    std::uint64_t orders_ahead = 0;
    std::uint64_t owner = 0;       // 0: none (the double API's orders)
    std::uint32_t symbol = 0;
    Side side = Side::Buy;
    SelfTrade stp = SelfTrade::Default;  // as the order gave it (Default: the engine's)
    bool post_only = false;
};

}  // namespace sigmax
