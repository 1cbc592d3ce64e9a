// The C ABI of request batches (sigmax_exec.h, "Request batches"):
// sgx_engine_apply (events to a callback), sgx_engine_apply_into (events
// into the caller's array) and sgx_engine_request_bound, over
// Engine::Session::apply (request.hpp): every record is checked first, then
// all of them run under one claim of the engine.
#include <bit>
#include <string>

#include "capi_internal.hpp"
#include "event_sinks.hpp"
#include "sigmax/engine.hpp"
#include "sigmax/request.hpp"
#include "sigmax_exec.h"

using sigmax::Status;
using namespace sigmax::capi;

namespace {

static_assert(SGX_OP_NEW == static_cast<int>(sigmax::RequestOp::New) &&
              SGX_OP_CANCEL == static_cast<int>(sigmax::RequestOp::Cancel) &&
              SGX_OP_REPLACE == static_cast<int>(sigmax::RequestOp::Replace) &&
              SGX_OP_CANCEL_ALL == static_cast<int>(sigmax::RequestOp::CancelAll) &&
              SGX_OP_CANCEL_OWNER == static_cast<int>(sigmax::RequestOp::CancelOwner));

// What a record says before the engine reads it: SGX_OK, or why the whole
// batch is refused.
int32_t record_fault(const sgx_request& r) noexcept {
    if (const int32_t rc = record_status(r); rc != SGX_OK) return rc;  // struct_size, reserved[]
    return r.op > SGX_OP_CANCEL_OWNER ? SGX_ERR_INVALID_OP : SGX_OK;
}

// Refuses the batch for requests[i] (status rc): one invalid request counted,
// sgx_error_detail() naming the record and the field.
[[gnu::cold]] int32_t refuse_record(sgx_engine* engine, const sgx_request& r, size_t i, int32_t rc) {
    std::string why;
    if (r.struct_size != sizeof(sgx_request))
        why = "struct_size is " + std::to_string(r.struct_size) + ", not sizeof(sgx_request) = " +
              std::to_string(sizeof(sgx_request));
    else if (rc == SGX_ERR_INVALID_OP)
        why = "op " + std::to_string(r.op) + " is not an SGX_OP_* of this version";
    else
        why = "a reserved byte is not 0";
    (void)set_error_detail(rc, "requests[" + std::to_string(i) + "]: " + why + "; nothing ran");
    return refuse(engine, rc);
}

// SGX_OK when every record is well formed, else the batch's refusal.
int32_t check_records(sgx_engine* engine, const sgx_request* requests, size_t count) {
    for (size_t i = 0; i < count; ++i)
        if (const int32_t rc = record_fault(requests[i]); rc != SGX_OK) return refuse_record(engine, requests[i], i, rc);
    return SGX_OK;
}

sigmax::Request to_request(const sgx_request& r) noexcept {
    sigmax::Request q;
    q.order_id = r.order_id;
    q.price = r.price;
    q.lots = r.lots;
    q.symbol = r.symbol;
    // The codes as they are: the engine checks them (INVALID_SIDE, INVALID_STP, ...).
    q.side = static_cast<sigmax::Side>(r.side);
    q.type = static_cast<sigmax::OrderType>(r.type);
    q.tif = static_cast<sigmax::TimeInForce>(r.tif);
    q.stp = static_cast<sigmax::SelfTrade>(r.stp);
    q.op = static_cast<sigmax::RequestOp>(r.op);
    q.owner = r.owner;
    return q;
}

}  // namespace

extern "C" {

SGX_API int32_t sgx_engine_apply(size_t* out_done, sgx_engine* engine, const sgx_request* requests, size_t count,
                                 sgx_event_fn on_event, void* user) {
    if (out_done) *out_done = 0;
    if (!engine) return SGX_ERR_NULL_POINTER;
    if (!out_done || (count > 0 && !requests)) return refuse(engine, SGX_ERR_NULL_POINTER);
    return guarded([&]() -> int32_t {
        if (const int32_t rc = check_records(engine, requests, count); rc != SGX_OK) return rc;
        return with_sink(on_event, user, [&](auto&& sink) {
            sigmax::Engine::Session session(engine->engine);
            if (!session.owned()) return Status::Busy;
            // *out_done counts as it goes: the barrier's status (never
            // expected) still says where the batch stopped.
            session.apply_each(
                count, [&](size_t i) { return to_request(requests[i]); }, sink,
                [](const sigmax::Request&) { return true; }, *out_done);
            return Status::Ok;
        });
    });
}

SGX_API int32_t sgx_engine_apply_into(sgx_order_event* out_events, size_t* out_event_count, size_t* out_done,
                                      sgx_engine* engine, const sgx_request* requests, size_t count,
                                      size_t capacity) {
    if (out_event_count) *out_event_count = 0;
    if (out_done) *out_done = 0;
    if (!engine) return SGX_ERR_NULL_POINTER;
    if (!out_event_count || !out_done || (count > 0 && !requests) || (capacity > 0 && !out_events))
        return refuse(engine, SGX_ERR_NULL_POINTER);
    return guarded([&]() -> int32_t {
        if (const int32_t rc = check_records(engine, requests, count); rc != SGX_OK) return rc;
        sigmax::Engine::Session session(engine->engine);
        if (!session.owned()) return SGX_ERR_BUSY;
        size_t& used = *out_event_count;
        // Runs only requests whose bound fits the room left, so `used`
        // never passes capacity.
        const auto into = [&](const sigmax::OrderEvent& e) noexcept {
            out_events[used++] = std::bit_cast<sgx_order_event>(e);
        };
        session.apply_each(
            count, [&](size_t i) { return to_request(requests[i]); }, into,
            [&](const sigmax::Request& r) { return session.fits(r, capacity - used); }, *out_done);
        return *out_done == count ? SGX_OK : SGX_ERR_EVENTS_FULL;
    });
}

SGX_API int32_t sgx_engine_request_bound(size_t* out_bound, sgx_engine* engine, const sgx_request* request) {
    if (out_bound) *out_bound = 0;
    if (!engine) return SGX_ERR_NULL_POINTER;
    if (!out_bound || !request) return refuse(engine, SGX_ERR_NULL_POINTER);
    return guarded([&]() -> int32_t {
        if (const int32_t rc = check_records(engine, request, 1); rc != SGX_OK) return rc;
        const sigmax::Engine::Session session(engine->engine);
        if (!session.owned()) return SGX_ERR_BUSY;
        *out_bound = session.events_bound(to_request(*request));
        return SGX_OK;
    });
}

}  // extern "C"
