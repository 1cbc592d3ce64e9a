// Helpers shared by the C API's translation units: status conversion, the
// exception barrier and conversion between C and C++ records (laid out
// alike, abi_layout.hpp).
#pragma once

#include <cstddef>
#include <cstring>
#include <new>
#include <string>

#include "abi_layout.hpp"
#include "sigmax/engine.hpp"
#include "sigmax/types.hpp"
#include "sigmax_exec.h"

// The engine behind an sgx_engine* handle (one definition for every
// translation unit of the C API).
struct sgx_engine {
    explicit sgx_engine(const sigmax::Engine::Config& c) : engine(c) {}
    sigmax::Engine engine;
};

namespace sigmax::capi {

using sigmax::Status;

inline int32_t code(Status s) { return static_cast<int32_t>(s); }

// Sets this thread's sgx_error_detail() text (capi/sigmax_market.cpp). Only
// error paths call it; returns `status` for `return set_error_detail(...)`.
int32_t set_error_detail(int32_t status, const std::string& text) noexcept;

// Refuses a call on a live engine with an invalid-argument status found here,
// before the engine: counted in its invalid_requests like the engine's own
// refusals (BUSY while another thread holds it).
inline int32_t refuse(sgx_engine* engine, int32_t status) noexcept {
    return code(engine->engine.refuse(static_cast<Status>(status)));
}

// Runs f, turning any exception into a status.
template <class F>
inline int32_t guarded(F&& f) noexcept {
    try {
        return f();
    } catch (const std::bad_alloc&) {
        return SGX_ERR_NO_MEMORY;
    } catch (...) {
        return SGX_ERR_INTERNAL;
    }
}

// What an order record's own fields say before the engine reads it (an
// sgx_order or an sgx_new_order): a wrong struct_size (SGX_ERR_STRUCT_SIZE),
// non-zero reserved bytes (SGX_ERR_RESERVED), or SGX_OK.
template <class Record>
inline int32_t record_status(const Record& o) noexcept {
    if (o.struct_size != sizeof(Record)) return SGX_ERR_STRUCT_SIZE;
    unsigned char reserved = 0;
    for (const unsigned char b : o.reserved) reserved |= b;
    return reserved ? SGX_ERR_RESERVED : SGX_OK;
}

inline sigmax::OrderRequest to_request(const sgx_order& o) noexcept {
    sigmax::OrderRequest r;
    // symbol, side, type and tif in one 8-byte copy (laid out alike in both
    // structs, abi_layout.hpp; the eighth byte is padding in ours): one store
    // instead of four, and no wider load of bytes stored one by one, which
    // store-to-load forwarding cannot serve (see Engine::validate).
    std::memcpy(static_cast<void*>(&r), &o.symbol, 8);
    r.price = o.price;
    r.quantity = o.quantity;
    return r;
}

// The two groups of fields in one move each (abi_layout.hpp binds them). The
// codes are copied as they are: the engine checks them (INVALID_SIDE, ...).
inline sigmax::NewOrder to_new_order(const sgx_new_order& o) noexcept {
    sigmax::NewOrder r;
    std::memcpy(static_cast<void*>(&r), &o.client_id, 24);
    std::memcpy(reinterpret_cast<unsigned char*>(&r) + offsetof(sigmax::NewOrder, symbol), &o.symbol, 8);
    r.owner = o.owner;
    return r;
}

inline void to_c(const sigmax::ExecutionReport& r, sgx_report& out) noexcept { copy_out(r, out); }
inline void to_c(const sigmax::Fill& f, sgx_fill& out) noexcept { copy_out(f, out); }
inline void to_c(const sigmax::LevelView& l, sgx_level& out) noexcept { copy_out(l, out); }
inline void to_c(const sigmax::TopOfBook& t, sgx_top_of_book& out) noexcept { copy_out(t, out); }
inline void to_c(const sigmax::OrderInfo& i, sgx_order_info& out) noexcept { copy_out(i, out); }
inline void to_c(const sigmax::StatsSnapshot& s, sgx_engine_stats& out) noexcept { copy_out<kStatsBase>(s, out); }
inline void to_c(const sigmax::PipelineStats& s, sgx_pipeline_stats& out) noexcept {
    copy_out<kPipelineStatsBase>(s, out);
}

// sgx_engine_config -> Engine::Config, or an error status.
inline int32_t to_engine_config(const sgx_engine_config* config, sigmax::Engine::Config& c) noexcept {
    c.order_capacity = SGX_DEFAULT_ORDER_CAPACITY;
    c.fill_capacity = SGX_DEFAULT_FILL_CAPACITY;
    c.max_symbols = SGX_DEFAULT_MAX_SYMBOLS;
    if (!config) return SGX_OK;
    if (config->struct_size != sizeof(sgx_engine_config)) return SGX_ERR_STRUCT_SIZE;
    if (config->order_capacity > sigmax::Engine::kMaxOrderCapacity) return SGX_ERR_INVALID_CONFIG;
    if (config->max_symbols == 0 || config->max_symbols > (uint64_t{1} << 32)) return SGX_ERR_INVALID_CONFIG;
    if ((config->flags & ~uint32_t{SGX_ENGINE_NO_TIMESTAMPS}) != 0) return SGX_ERR_INVALID_CONFIG;
    if (config->reserved != 0) return SGX_ERR_RESERVED;
    if (config->self_trade > SGX_STP_DECREMENT_AND_CANCEL) return SGX_ERR_INVALID_STP;
    c.order_capacity = static_cast<std::size_t>(config->order_capacity);
    c.fill_capacity = static_cast<std::size_t>(config->fill_capacity);
    c.max_symbols = static_cast<std::size_t>(config->max_symbols);
    c.timestamps = (config->flags & SGX_ENGINE_NO_TIMESTAMPS) == 0;
    c.self_trade = static_cast<sigmax::SelfTrade>(config->self_trade);
    return SGX_OK;
}

}  // namespace sigmax::capi
