// Engine::Session::apply (request.hpp): a request as the call of its op.
// A template on the caller's sink, so it lives in a header; the event bound
// (events_bound, fits) is in src/request_bound.cpp.
#pragma once

#include "sigmax/engine.hpp"

namespace sigmax {

template <class Sink>
Status Engine::Session::apply(const Request& r, Sink&& sink) {
    switch (r.op) {
    case RequestOp::New:
        return engine_.submit_claimed(r.as_new_order(), sink);
    case RequestOp::Cancel:
        return engine_.cancel_claimed(r.order_id, sink);
    case RequestOp::Replace:
        return engine_.replace_claimed(r.order_id, r.price, r.lots, sink);
    case RequestOp::CancelAll:
        return engine_.cancel_all_claimed(r.symbol, sink);
    case RequestOp::CancelOwner:
        return engine_.cancel_owner_claimed(r.owner, sink);
    }
    return reject(sink, r.order_id, r.symbol, r.side, engine_.invalid(Status::InvalidOp));
}

}  // namespace sigmax
