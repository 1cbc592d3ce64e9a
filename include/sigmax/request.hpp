// Requests of the integer order entry as records: a new order, a cancel, a
// replace, a cancel-all or a cancel by owner, so that a run of them mixed goes to the engine in
// one call (Engine::Session::apply; the C ABI's sgx_engine_apply) under one
// claim, each with the meaning and events of its own call (order_entry.hpp).
#pragma once

#include <cstdint>

#include "sigmax/order_entry.hpp"
#include "sigmax/types.hpp"

namespace sigmax {

// What a request does: the Engine call of the same name.
enum class RequestOp : std::uint8_t { New = 0, Cancel = 1, Replace = 2, CancelAll = 3, CancelOwner = 4 };

// One request. The fields its op reads (the others are ignored):
//  New:         symbol, side, type, tif, stp, order_id (the new order's
//               client id), price, lots, owner: a NewOrder (as_new_order()).
//  Cancel:      order_id.
//  Replace:     order_id, price and lots: the new price and open lots.
//  CancelAll:   symbol.
//  CancelOwner: owner.
struct Request {
    std::uint64_t order_id = 0;
    std::int64_t price = 0;  // ticks
    std::int64_t lots = 0;
    std::uint32_t symbol = 0;
    Side side = Side::Buy;
    OrderType type = OrderType::Limit;
    TimeInForce tif = TimeInForce::GTC;
    SelfTrade stp = SelfTrade::Default;
    RequestOp op = RequestOp::New;
    std::uint64_t owner = 0;

    static Request new_order(const NewOrder& o) noexcept {
        Request r;
        r.order_id = o.client_id;
        r.price = o.price;
        r.lots = o.lots;
        r.symbol = o.symbol;
        r.side = o.side;
        r.type = o.type;
        r.tif = o.tif;
        r.stp = o.stp;
        r.owner = o.owner;
        return r;
    }
    static Request cancel(std::uint64_t order_id) noexcept {
        Request r;
        r.op = RequestOp::Cancel;
        r.order_id = order_id;
        return r;
    }
    static Request replace(std::uint64_t order_id, std::int64_t new_price, std::int64_t new_lots) noexcept {
        Request r;
        r.op = RequestOp::Replace;
        r.order_id = order_id;
        r.price = new_price;
        r.lots = new_lots;
        return r;
    }
    static Request cancel_all(std::uint32_t symbol) noexcept {
        Request r;
        r.op = RequestOp::CancelAll;
        r.symbol = symbol;
        return r;
    }
    static Request cancel_owner(std::uint64_t owner) noexcept {
        Request r;
        r.op = RequestOp::CancelOwner;
        r.owner = owner;
        return r;
    }

    NewOrder as_new_order() const noexcept {
        NewOrder o;
        o.client_id = order_id;
        o.price = price;
        o.lots = lots;
        o.symbol = symbol;
        o.side = side;
        o.type = type;
        o.tif = tif;
        o.stp = stp;
        o.owner = owner;
        return o;
    }
};

}  // namespace sigmax
