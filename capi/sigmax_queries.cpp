// The C ABI of the queries in ticks (sigmax_exec.h, "Queries in ticks"):
// sgx_engine_top_ticks, sgx_engine_depth_ticks, sgx_engine_lots_at and
// sgx_engine_order_ticks over Engine's calls of the same meaning
// (book_queries.hpp). Each checks its pointers (a NULL engine:
// SGX_ERR_NULL_POINTER, uncounted; any other NULL: refused and counted, as
// everywhere in the C API), then copies the engine's record into the
// caller's: the same layout (abi_layout.hpp), one copy, reserved bytes zeroed.
#include "capi_internal.hpp"
#include "sigmax/book_queries.hpp"
#include "sigmax_exec.h"

using sigmax::Status;
using namespace sigmax::capi;

namespace {

static_assert(sizeof(sgx_level_ticks) == 24 && sizeof(sgx_top_ticks) == 56 && sizeof(sgx_order_ticks) == 64);
static_assert(offsetof(sgx_top_ticks, has_bid) == 48 && offsetof(sgx_order_ticks, owner) == 48 &&
              offsetof(sgx_order_ticks, symbol) == 56 && offsetof(sgx_order_ticks, side) == 60);

// The side as the engine takes it: any byte (the engine refuses all but 0
// and 1 with InvalidSide).
sigmax::Side side_of(uint8_t side) noexcept { return static_cast<sigmax::Side>(side); }

}  // namespace

extern "C" {

SGX_API size_t sgx_sizeof_level_ticks(void) { return sizeof(sgx_level_ticks); }
SGX_API size_t sgx_sizeof_top_ticks(void) { return sizeof(sgx_top_ticks); }
SGX_API size_t sgx_sizeof_order_ticks(void) { return sizeof(sgx_order_ticks); }

SGX_API int32_t sgx_engine_top_ticks(sgx_top_ticks* out_top, sgx_engine* engine, uint32_t symbol) {
    if (!engine) return SGX_ERR_NULL_POINTER;
    if (!out_top) return refuse(engine, SGX_ERR_NULL_POINTER);
    return guarded([&]() -> int32_t {
        sigmax::TopTicks t;
        const Status s = engine->engine.top_ticks(symbol, t);
        if (s == Status::Ok) copy_out(t, *out_top);
        return code(s);
    });
}

SGX_API int32_t sgx_engine_depth_ticks(sgx_level_ticks* out_levels, size_t capacity, size_t* out_count,
                                       sgx_engine* engine, uint32_t symbol, uint8_t side) {
    if (out_count) *out_count = 0;
    if (!engine) return SGX_ERR_NULL_POINTER;
    if (!out_count || (capacity > 0 && !out_levels)) return refuse(engine, SGX_ERR_NULL_POINTER);
    // Each level goes straight into the caller's array: no buffer, so any
    // capacity (SIZE_MAX: every level) costs only what the side holds.
    return guarded([&]() -> int32_t {
        return code(engine->engine.depth_ticks_each(
            symbol, side_of(side), capacity,
            [&](std::size_t i, const sigmax::LevelTicks& l) { copy_out(l, out_levels[i]); }, *out_count));
    });
}

SGX_API int32_t sgx_engine_lots_at(sgx_level_ticks* out_level, sgx_engine* engine, uint32_t symbol, uint8_t side,
                                   int64_t price) {
    if (!engine) return SGX_ERR_NULL_POINTER;
    if (!out_level) return refuse(engine, SGX_ERR_NULL_POINTER);
    return guarded([&]() -> int32_t {
        sigmax::LevelTicks l;
        const Status s = engine->engine.lots_at(symbol, side_of(side), price, l);
        if (s == Status::Ok) copy_out(l, *out_level);
        return code(s);
    });
}

SGX_API int32_t sgx_engine_order_ticks(sgx_order_ticks* out_order, sgx_engine* engine, uint64_t order_id) {
    if (!engine) return SGX_ERR_NULL_POINTER;
    if (!out_order) return refuse(engine, SGX_ERR_NULL_POINTER);
    return guarded([&]() -> int32_t {
        sigmax::OrderTicks o;
        const Status s = engine->engine.order_ticks(order_id, o);
        if (s == Status::Ok) copy_out(o, *out_order);
        return code(s);
    });
}

}  // extern "C"
