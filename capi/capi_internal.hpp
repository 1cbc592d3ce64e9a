// Helpers shared by the C API's translation units: status conversion, the
// exception barrier and field-by-field conversion between C and C++ structs.
#pragma once

#include <cstddef>
#include <cstring>
#include <new>

#include "sigmax/engine.hpp"
#include "sigmax/types.hpp"
#include "sigmax_exec.h"

namespace sigmax::capi {

using sigmax::Status;

inline int32_t code(Status s) { return static_cast<int32_t>(s); }

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

inline sigmax::OrderRequest to_request(const sgx_order& o) noexcept {
    sigmax::OrderRequest r;
    // symbol, side, type and tif in one 8-byte copy (the same layout in both
    // structs, checked below; the eighth byte is padding in ours): one store
    // instead of four, and no wider load of bytes stored one by one, which
    // store-to-load forwarding cannot serve (see Engine::validate).
    static_assert(offsetof(sgx_order, side) == offsetof(sgx_order, symbol) + 4 &&
                  offsetof(sgx_order, type) == offsetof(sgx_order, symbol) + 5 &&
                  offsetof(sgx_order, tif) == offsetof(sgx_order, symbol) + 6);
    static_assert(offsetof(sigmax::OrderRequest, side) == 4 && offsetof(sigmax::OrderRequest, type) == 5 &&
                  offsetof(sigmax::OrderRequest, tif) == 6 && offsetof(sigmax::OrderRequest, price) == 8);
    std::memcpy(static_cast<void*>(&r), &o.symbol, 8);
    r.price = o.price;
    r.quantity = o.quantity;
    return r;
}

inline void to_c(const sigmax::ExecutionReport& r, sgx_report& out) noexcept {
    out.order_id = r.order_id;
    out.latency_ns = r.latency_ns;
    out.executed_price = r.executed_price;
    out.executed_quantity = r.executed_quantity;
    out.remaining_quantity = r.remaining_quantity;
    out.slippage = r.slippage;
    out.symbol = r.symbol;
    out.fill_count = r.fill_count;
    out.status = static_cast<uint8_t>(r.status);
    out.side = static_cast<uint8_t>(r.side);
    std::memset(out.reserved, 0, sizeof out.reserved);
}

inline void to_c(const sigmax::Fill& f, sgx_fill& out) noexcept {
    out.trade_id = f.trade_id;
    out.maker_order_id = f.maker_order_id;
    out.taker_order_id = f.taker_order_id;
    out.price_ticks = f.price_ticks;
    out.quantity_lots = f.quantity_lots;
    out.price = f.price;
    out.quantity = f.quantity;
    out.symbol = f.symbol;
    out.aggressor_side = static_cast<uint8_t>(f.aggressor_side);
    std::memset(out.reserved, 0, sizeof out.reserved);
}

inline void to_c(const sigmax::LevelView& l, sgx_level& out) noexcept {
    out.price = l.price;
    out.quantity = l.quantity;
    out.order_count = l.order_count;
}


inline void to_c(const sigmax::StatsSnapshot& s, sgx_engine_stats& o) noexcept {
    o.reserved = 0;
    o.orders_processed = s.orders_processed;
    o.fills = s.fills;
    o.volume_lots = s.volume_lots;
    o.volume = s.volume;
    o.rejects = s.rejects;
    o.cancels = s.cancels;
    o.amends = s.amends;
    o.invalid_requests = s.invalid_requests;
    o.resting_orders = s.resting_orders;
    o.latency_count = s.latency_count;
    o.latency_avg_ns = s.latency_avg_ns;
    o.latency_min_ns = s.latency_min_ns;
    o.latency_max_ns = s.latency_max_ns;
    o.latency_p50_ns = s.latency_p50_ns;
    o.latency_p90_ns = s.latency_p90_ns;
    o.latency_p99_ns = s.latency_p99_ns;
    o.latency_p999_ns = s.latency_p999_ns;
}

// sgx_engine_config -> Engine::Config, or an error status.
inline int32_t to_engine_config(const sgx_engine_config* config, sigmax::Engine::Config& c) noexcept {
    c.order_capacity = SGX_DEFAULT_ORDER_CAPACITY;
    c.fill_capacity = SGX_DEFAULT_FILL_CAPACITY;
    if (!config) return SGX_OK;
    if (config->struct_size != sizeof(sgx_engine_config)) return SGX_ERR_STRUCT_SIZE;
    if (config->order_capacity > (uint64_t{1} << 31)) return SGX_ERR_INVALID_CONFIG;
    if ((config->flags & ~uint32_t{SGX_ENGINE_NO_TIMESTAMPS}) != 0) return SGX_ERR_INVALID_CONFIG;
    c.order_capacity = static_cast<std::size_t>(config->order_capacity);
    c.fill_capacity = static_cast<std::size_t>(config->fill_capacity);
    c.timestamps = (config->flags & SGX_ENGINE_NO_TIMESTAMPS) == 0;
    return SGX_OK;
}

}  // namespace sigmax::capi
