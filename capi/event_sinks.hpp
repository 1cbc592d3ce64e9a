// The sinks through which the C API passes the integer order entry's events
// (sgx_order_event, the same 64 bytes as sigmax::OrderEvent, abi_layout.hpp)
// to a caller: its callback, or nobody.
//
// Contract of the callback: C code, so it cannot throw; it runs while the
// engine is claimed, so a call it makes on the engine gets SGX_ERR_BUSY.
// A NULL callback selects a sink that does nothing.
#pragma once

#include "capi_internal.hpp"
#include "sigmax/order_entry.hpp"
#include "sigmax_exec.h"

namespace sigmax::capi {

// Passes each event to the caller's callback (never NULL here), pointing at
// the engine's own record on its stack, without a copy: the two records are
// laid out alike, field by field (abi_layout.hpp). A copy would load the
// record in 16-byte moves right after the engine's narrower stores of its
// fields, which store-to-load forwarding cannot serve: a stall on every
// event. The record's address escapes into a call through a pointer the
// compiler cannot follow, so every store to it is done before the callback
// reads it, whatever type the callback reads it as.
struct CallbackSink {
    sgx_event_fn fn;
    void* user;
    void operator()(const sigmax::OrderEvent& e) const noexcept {
        static_assert(sizeof(sgx_order_event) == sizeof(sigmax::OrderEvent));
        fn(reinterpret_cast<const sgx_order_event*>(&e), user);
    }
};

// For a NULL callback: events not wanted.
struct NoSink {
    void operator()(const sigmax::OrderEvent&) const noexcept {}
};

// Runs call(sink) with the sink the callback asks for, under the exception
// barrier (the engine's calls report allocation failure as NO_MEMORY; this
// is the last line). call returns a sigmax::Status.
template <class Call>
int32_t with_sink(sgx_event_fn fn, void* user, Call&& call) noexcept {
    return guarded([&]() -> int32_t {
        return code(fn ? call(CallbackSink{fn, user}) : call(NoSink{}));
    });
}

}  // namespace sigmax::capi
