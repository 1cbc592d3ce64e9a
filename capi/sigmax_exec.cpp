// The C ABI: a thin layer over sigmax::Engine. Each function checks its
// pointers and struct sizes, converts between the C structs and the C++
// types field by field, and catches every exception (only allocation can
// throw) so that none crosses the boundary.
#include "sigmax_exec.h"

#include <cstring>
#include <new>

#include "capi_internal.hpp"
#include "sigmax/engine.hpp"

using sigmax::Status;
using namespace sigmax::capi;

namespace {

// The C++ Status values are the C codes; check every one.
#define SGX_CHECK(c, cpp) static_assert(static_cast<int>(c) == static_cast<int>(Status::cpp), #c);
SGX_CHECK(SGX_OK, Ok)
SGX_CHECK(SGX_ERR_NULL_POINTER, NullPointer)
SGX_CHECK(SGX_ERR_STRUCT_SIZE, StructSize)
SGX_CHECK(SGX_ERR_INVALID_SIDE, InvalidSide)
SGX_CHECK(SGX_ERR_INVALID_TYPE, InvalidType)
SGX_CHECK(SGX_ERR_INVALID_TIF, InvalidTif)
SGX_CHECK(SGX_ERR_INVALID_PRICE, InvalidPrice)
SGX_CHECK(SGX_ERR_OFF_TICK, OffTick)
SGX_CHECK(SGX_ERR_INVALID_QUANTITY, InvalidQuantity)
SGX_CHECK(SGX_ERR_OFF_LOT, OffLot)
SGX_CHECK(SGX_ERR_OUT_OF_RANGE, OutOfRange)
SGX_CHECK(SGX_ERR_INVALID_CONFIG, InvalidConfig)
SGX_CHECK(SGX_ERR_FORMAT, Format)
SGX_CHECK(SGX_ERR_RESERVED, Reserved)
SGX_CHECK(SGX_ERR_INVALID_ORDER_ID, InvalidOrderId)
SGX_CHECK(SGX_ERR_INVALID_STP, InvalidStp)
SGX_CHECK(SGX_ERR_INVALID_OWNER, InvalidOwner)
SGX_CHECK(SGX_ERR_INVALID_OP, InvalidOp)
SGX_CHECK(SGX_ERR_NOT_FOUND, NotFound)
SGX_CHECK(SGX_ERR_BUSY, Busy)
SGX_CHECK(SGX_ERR_SYMBOL_IN_USE, SymbolInUse)
SGX_CHECK(SGX_ERR_STOPPED, Stopped)
SGX_CHECK(SGX_ERR_IO, Io)
SGX_CHECK(SGX_ERR_DUPLICATE_ORDER_ID, DuplicateOrderId)
SGX_CHECK(SGX_ERR_WOULD_TRADE, WouldTrade)
SGX_CHECK(SGX_ERR_FILLS_FULL, FillsFull)
SGX_CHECK(SGX_ERR_NO_MEMORY, NoMemory)
SGX_CHECK(SGX_ERR_QUEUE_FULL, QueueFull)
SGX_CHECK(SGX_ERR_LEVEL_FULL, LevelFull)
SGX_CHECK(SGX_ERR_TOO_MANY_SYMBOLS, TooManySymbols)
SGX_CHECK(SGX_ERR_EVENTS_FULL, EventsFull)
SGX_CHECK(SGX_ERR_INTERNAL, Internal)
#undef SGX_CHECK
static_assert(SGX_SIDE_SELL == static_cast<int>(sigmax::Side::Sell));
static_assert(SGX_TIF_POST_ONLY == static_cast<int>(sigmax::TimeInForce::PostOnly));
static_assert(SGX_STATUS_REJECTED == static_cast<int>(sigmax::OrderStatus::Rejected));

// Hot-path records are fixed-width; pin their size and layout.
static_assert(sizeof(sgx_order) == 32 && offsetof(sgx_order, price) == 16 && offsetof(sgx_order, quantity) == 24);
static_assert(sizeof(sgx_report) == 64 && offsetof(sgx_report, status) == 56);
static_assert(sizeof(sgx_fill) == 64 && offsetof(sgx_fill, symbol) == 56);
static_assert(sizeof(sgx_level) == 24);
static_assert(sizeof(sgx_top_of_book) == 40);
static_assert(sizeof(sgx_engine_config) == 40);
static_assert(sizeof(sgx_md_event) == 64 && offsetof(sgx_md_event, symbol) == 48 && offsetof(sgx_md_event, kind) == 54);
static_assert(sizeof(sgx_md_symbol) == 80 && offsetof(sgx_md_symbol, tick_size) == 48);
static_assert(sizeof(sgx_new_order) == 48 && offsetof(sgx_new_order, client_id) == 16 &&
              offsetof(sgx_new_order, lots) == 32 && offsetof(sgx_new_order, owner) == 40);
static_assert(sizeof(sgx_order_event) == 64 && offsetof(sgx_order_event, status) == 52 &&
              offsetof(sgx_order_event, kind) == 56);

// A batch refused before any order ran: none of its reports is one, so all
// are zero (as Engine::execute_each leaves them when it stops).
int32_t refuse_batch(sgx_report* reports, size_t count, sgx_engine* engine, int32_t status) noexcept {
    if (reports) std::memset(static_cast<void*>(reports), 0, count * sizeof(sgx_report));
    return engine ? refuse(engine, status) : status;
}

}  // namespace

extern "C" {

SGX_API const char* sgx_version(void) {
#define SGX_STR2(x) #x
#define SGX_STR(x) SGX_STR2(x)
    return SGX_STR(SGX_VERSION_MAJOR) "." SGX_STR(SGX_VERSION_MINOR) "." SGX_STR(SGX_VERSION_PATCH);
}

SGX_API uint32_t sgx_abi_version(void) { return SGX_ABI_VERSION; }

SGX_API const char* sgx_status_str(int32_t status) {
    switch (status) {
#define SGX_STATUS_TEXT(name, value, text) \
    case value: return text;
        SGX_STATUS_MAP(SGX_STATUS_TEXT)
#undef SGX_STATUS_TEXT
    }
    return "unknown status";
}

SGX_API const char* sgx_status_name(int32_t status) {
    switch (status) {
#define SGX_STATUS_NAME(name, value, text) \
    case value: return #name;
        SGX_STATUS_MAP(SGX_STATUS_NAME)
#undef SGX_STATUS_NAME
    }
    return "SGX_ERR_UNKNOWN";
}

SGX_API size_t sgx_sizeof_order(void) { return sizeof(sgx_order); }
SGX_API size_t sgx_sizeof_report(void) { return sizeof(sgx_report); }
SGX_API size_t sgx_sizeof_fill(void) { return sizeof(sgx_fill); }
SGX_API size_t sgx_sizeof_engine_stats(void) { return sizeof(sgx_engine_stats); }
SGX_API size_t sgx_sizeof_engine_config(void) { return sizeof(sgx_engine_config); }
SGX_API size_t sgx_sizeof_top_of_book(void) { return sizeof(sgx_top_of_book); }
SGX_API size_t sgx_sizeof_level(void) { return sizeof(sgx_level); }
SGX_API size_t sgx_sizeof_order_info(void) { return sizeof(sgx_order_info); }
SGX_API size_t sgx_sizeof_new_order(void) { return sizeof(sgx_new_order); }
SGX_API size_t sgx_sizeof_order_event(void) { return sizeof(sgx_order_event); }
SGX_API size_t sgx_sizeof_request(void) { return sizeof(sgx_request); }
SGX_API size_t sgx_sizeof_md_event(void) { return sizeof(sgx_md_event); }
SGX_API size_t sgx_sizeof_md_symbol(void) { return sizeof(sgx_md_symbol); }
SGX_API size_t sgx_resting_order_bytes(void) { return sigmax::Engine::resting_order_bytes(); }

SGX_API int32_t sgx_engine_config_init(sgx_engine_config* config) {
    if (!config) return SGX_ERR_NULL_POINTER;
    *config = sgx_engine_config SGX_ENGINE_CONFIG_INIT;  // the defaults have one source: the header's macro
    return SGX_OK;
}

SGX_API int32_t sgx_engine_create(sgx_engine** out, const sgx_engine_config* config) {
    if (!out) return SGX_ERR_NULL_POINTER;
    *out = nullptr;
    sigmax::Engine::Config c;
    if (const int32_t rc = to_engine_config(config, c); rc != SGX_OK) return rc;
    return guarded([&]() -> int32_t {
        *out = new sgx_engine(c);
        return SGX_OK;
    });
}

SGX_API void sgx_engine_destroy(sgx_engine* engine) { delete engine; }

SGX_API int32_t sgx_engine_configure_symbol(sgx_engine* engine, uint32_t symbol, double tick_size,
                                            double lot_size) {
    if (!engine) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t { return code(engine->engine.configure_symbol(symbol, tick_size, lot_size)); });
}

SGX_API int32_t sgx_engine_execute(sgx_report* out_report, sgx_engine* engine, const sgx_order* order) {
    if (!engine) return SGX_ERR_NULL_POINTER;
    if (!out_report || !order) return refuse(engine, SGX_ERR_NULL_POINTER);
    if (const int32_t rc = record_status(*order); rc != SGX_OK) return refuse(engine, rc);
    return guarded([&]() -> int32_t {
        sigmax::ExecutionReport r;
        const Status s = engine->engine.execute(to_request(*order), r);
        if (s == Status::Ok) to_c(r, *out_report);
        return code(s);
    });
}

SGX_API int32_t sgx_engine_execute_batch(sgx_report* out_reports, size_t* out_count, sgx_engine* engine,
                                         const sgx_order* orders, size_t count) {
    if (out_count) *out_count = 0;
    if (!engine || !out_count || (count > 0 && (!out_reports || !orders)))
        return refuse_batch(out_reports, count, engine, SGX_ERR_NULL_POINTER);
    for (size_t i = 0; i < count; ++i) {
        if (const int32_t rc = record_status(orders[i]); rc != SGX_OK) {
            *out_count = i;
            return refuse_batch(out_reports, count, engine, rc);
        }
    }
    return guarded([&]() -> int32_t {
        return code(engine->engine.execute_each(
            count, [&](std::size_t i) { return to_request(orders[i]); },
            [&](std::size_t i, const sigmax::ExecutionReport& r) { to_c(r, out_reports[i]); },
            [&](std::size_t i) { return &out_reports[i]; }, *out_count));
    });
}

SGX_API int32_t sgx_engine_cancel(sgx_engine* engine, uint64_t order_id) {
    if (!engine) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t { return code(engine->engine.cancel(order_id)); });
}

SGX_API int32_t sgx_engine_amend(sgx_engine* engine, uint64_t order_id, double new_quantity) {
    if (!engine) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t { return code(engine->engine.amend(order_id, new_quantity)); });
}

SGX_API int32_t sgx_engine_order_info(sgx_order_info* out_info, sgx_engine* engine, uint64_t order_id) {
    if (!engine) return SGX_ERR_NULL_POINTER;
    if (!out_info) return refuse(engine, SGX_ERR_NULL_POINTER);
    return guarded([&]() -> int32_t {
        sigmax::OrderInfo info;
        const Status s = engine->engine.order_info(order_id, info);
        if (s == Status::Ok) to_c(info, *out_info);
        return code(s);
    });
}

SGX_API int32_t sgx_engine_top_of_book(sgx_top_of_book* out_top, sgx_engine* engine, uint32_t symbol) {
    if (!engine) return SGX_ERR_NULL_POINTER;
    if (!out_top) return refuse(engine, SGX_ERR_NULL_POINTER);
    return guarded([&]() -> int32_t {
        sigmax::TopOfBook t;
        const Status s = engine->engine.top_of_book(symbol, t);
        if (s == Status::Ok) to_c(t, *out_top);
        return code(s);
    });
}

SGX_API int32_t sgx_engine_depth(sgx_level* out_bids, size_t* out_bid_count, sgx_level* out_asks,
                                 size_t* out_ask_count, sgx_engine* engine, uint32_t symbol, size_t levels) {
    if (out_bid_count) *out_bid_count = 0;
    if (out_ask_count) *out_ask_count = 0;
    if (!engine) return SGX_ERR_NULL_POINTER;
    if (!out_bid_count || !out_ask_count || (levels > 0 && (!out_bids || !out_asks)))
        return refuse(engine, SGX_ERR_NULL_POINTER);
    // Each level is written straight into the caller's array: no buffer, so
    // any `levels` (SIZE_MAX: "all of them") costs only what the book holds.
    return guarded([&]() -> int32_t {
        return code(engine->engine.depth_each(
            symbol, levels, levels,
            [&](sigmax::Side side, std::size_t i, const sigmax::LevelView& l) {
                to_c(l, side == sigmax::Side::Buy ? out_bids[i] : out_asks[i]);
            },
            *out_bid_count, *out_ask_count));
    });
}

SGX_API int32_t sgx_engine_drain_fills(sgx_fill* out_fills, size_t* out_count, sgx_engine* engine,
                                       size_t capacity) {
    if (out_count) *out_count = 0;
    if (!engine) return SGX_ERR_NULL_POINTER;
    if (!out_count || (capacity > 0 && !out_fills)) return refuse(engine, SGX_ERR_NULL_POINTER);
    return guarded([&]() -> int32_t {
        constexpr std::size_t kChunk = 256;
        sigmax::Fill chunk[kChunk];
        std::size_t total = 0;
        while (total < capacity) {
            const std::size_t want = capacity - total < kChunk ? capacity - total : kChunk;
            std::size_t n = 0;
            const Status s = engine->engine.drain_fills({chunk, want}, n);
            if (s != Status::Ok) {
                *out_count = total;
                return code(s);
            }
            for (std::size_t i = 0; i < n; ++i) to_c(chunk[i], out_fills[total + i]);
            total += n;
            if (n < want) break;
        }
        *out_count = total;
        return SGX_OK;
    });
}

SGX_API int32_t sgx_engine_pending_fills(size_t* out_count, sgx_engine* engine) {
    if (!engine) return SGX_ERR_NULL_POINTER;
    if (!out_count) return refuse(engine, SGX_ERR_NULL_POINTER);
    return guarded([&]() -> int32_t {
        std::size_t n = 0;
        const Status s = engine->engine.pending_fills(n);
        *out_count = n;
        return code(s);
    });
}

SGX_API int32_t sgx_engine_get_stats(sgx_engine_stats* out_stats, const sgx_engine* engine) {
    if (!out_stats || !engine) return SGX_ERR_NULL_POINTER;
    if (out_stats->struct_size != sizeof(sgx_engine_stats)) return SGX_ERR_STRUCT_SIZE;
    return guarded([&]() -> int32_t {
        to_c(engine->engine.stats_snapshot(), *out_stats);
        return SGX_OK;
    });
}

SGX_API int32_t sgx_engine_reset_stats(sgx_engine* engine) {
    if (!engine) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t { return code(engine->engine.reset_stats()); });
}

SGX_API int32_t sgx_engine_shrink(sgx_engine* engine) {
    if (!engine) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t { return code(engine->engine.shrink()); });
}

}  // extern "C"
