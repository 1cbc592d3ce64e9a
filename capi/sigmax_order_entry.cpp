// The C ABI of the integer order entry (sigmax_exec.h, "Integer order
// entry"): sgx_engine_submit, sgx_engine_cancel_order, sgx_engine_replace,
// sgx_engine_cancel_all, sgx_engine_cancel_owner and sgx_engine_set_min_price
// over Engine's calls of the same meaning
// (order_entry.hpp). Each checks what the engine cannot (NULL pointers, the
// record's struct_size and reserved bytes), then hands the engine a sink that
// passes each event to the caller's callback (event_sinks.hpp).
#include "capi_internal.hpp"
#include "event_sinks.hpp"
#include "sigmax/detail/order_entry_impl.hpp"
#include "sigmax/order_entry.hpp"
#include "sigmax_exec.h"

using sigmax::Status;
using namespace sigmax::capi;

namespace {

static_assert(SGX_EVENT_ACCEPTED == static_cast<int>(sigmax::OrderEventKind::Accepted) &&
              SGX_EVENT_TRADE == static_cast<int>(sigmax::OrderEventKind::Trade) &&
              SGX_EVENT_CANCELLED == static_cast<int>(sigmax::OrderEventKind::Cancelled) &&
              SGX_EVENT_REPLACED == static_cast<int>(sigmax::OrderEventKind::Replaced) &&
              SGX_EVENT_REJECTED == static_cast<int>(sigmax::OrderEventKind::Rejected));
static_assert(SGX_STP_DEFAULT == static_cast<int>(sigmax::SelfTrade::Default) &&
              SGX_STP_ALLOW == static_cast<int>(sigmax::SelfTrade::Allow) &&
              SGX_STP_CANCEL_NEWEST == static_cast<int>(sigmax::SelfTrade::CancelNewest) &&
              SGX_STP_CANCEL_OLDEST == static_cast<int>(sigmax::SelfTrade::CancelOldest) &&
              SGX_STP_CANCEL_BOTH == static_cast<int>(sigmax::SelfTrade::CancelBoth) &&
              SGX_STP_DECREMENT_AND_CANCEL == static_cast<int>(sigmax::SelfTrade::DecrementAndCancel));
static_assert(SGX_CANCEL_NONE == static_cast<int>(sigmax::CancelReason::None) &&
              SGX_CANCEL_USER == static_cast<int>(sigmax::CancelReason::User) &&
              SGX_CANCEL_IOC_REMAINDER == static_cast<int>(sigmax::CancelReason::IocRemainder) &&
              SGX_CANCEL_FOK_UNFILLED == static_cast<int>(sigmax::CancelReason::FokUnfilled) &&
              SGX_CANCEL_POST_ONLY == static_cast<int>(sigmax::CancelReason::PostOnlyWouldTrade) &&
              SGX_CANCEL_SELF_TRADE == static_cast<int>(sigmax::CancelReason::SelfTrade));

}  // namespace

extern "C" {

SGX_API int32_t sgx_engine_submit(sgx_engine* engine, const sgx_new_order* order, sgx_event_fn on_event,
                                  void* user) {
    if (!engine) return SGX_ERR_NULL_POINTER;
    if (!order) return refuse(engine, SGX_ERR_NULL_POINTER);
    if (const int32_t rc = record_status(*order); rc != SGX_OK) return refuse(engine, rc);
    const sigmax::NewOrder o = to_new_order(*order);
    return with_sink(on_event, user, [&](auto&& sink) { return engine->engine.submit(o, sink); });
}

SGX_API int32_t sgx_engine_cancel_order(sgx_engine* engine, uint64_t order_id, sgx_event_fn on_event, void* user) {
    if (!engine) return SGX_ERR_NULL_POINTER;
    return with_sink(on_event, user, [&](auto&& sink) { return engine->engine.cancel(order_id, sink); });
}

SGX_API int32_t sgx_engine_replace(sgx_engine* engine, uint64_t order_id, int64_t new_price, int64_t new_lots,
                                   sgx_event_fn on_event, void* user) {
    if (!engine) return SGX_ERR_NULL_POINTER;
    return with_sink(on_event, user,
                     [&](auto&& sink) { return engine->engine.replace(order_id, new_price, new_lots, sink); });
}

SGX_API int32_t sgx_engine_cancel_all(sgx_engine* engine, uint32_t symbol, sgx_event_fn on_event, void* user) {
    if (!engine) return SGX_ERR_NULL_POINTER;
    return with_sink(on_event, user, [&](auto&& sink) { return engine->engine.cancel_all(symbol, sink); });
}

SGX_API int32_t sgx_engine_cancel_owner(sgx_engine* engine, uint64_t owner, sgx_event_fn on_event, void* user) {
    if (!engine) return SGX_ERR_NULL_POINTER;
    return with_sink(on_event, user, [&](auto&& sink) { return engine->engine.cancel_owner(owner, sink); });
}

SGX_API int32_t sgx_engine_set_min_price(sgx_engine* engine, uint32_t symbol, int64_t ticks) {
    if (!engine) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t { return code(engine->engine.set_min_price(symbol, ticks)); });
}

}  // extern "C"
