// The sinks through which the C API passes the integer order entry's events
// (sgx_order_event, the same 64 bytes as sigmax::OrderEvent, abi_layout.hpp)
// to a caller: its callback, or nobody.
//
// Contract of the callback: C code, so it cannot throw; it runs while the
// engine is claimed, so a call it makes on the engine gets SGX_ERR_BUSY.
// A NULL callback selects a sink that does nothing.
#pragma once

#include <bit>

#include "capi_internal.hpp"
#include "sigmax/order_entry.hpp"
#include "sigmax_exec.h"

namespace sigmax::capi {

// Passes each event to the caller's callback (never NULL here): one
// bit_cast copy on the stack.
struct CallbackSink {
    sgx_event_fn fn;
    void* user;
    void operator()(const sigmax::OrderEvent& e) const noexcept {
        const sgx_order_event c = std::bit_cast<sgx_order_event>(e);
        fn(&c, user);
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
