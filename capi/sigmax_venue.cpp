// The C ABI of the simulated venue (docs/venue.md). The conventions are
// sigmax_exec.cpp's: out-params first, NULL checks, status returns, no
// exception crosses, destroy accepts NULL. The records are the C++ API's own
// (sigmax::venue::Order is sgx_venue_order, ...), so every call hands its
// buffers to the venue as they are: nothing is converted field by field.
#include <algorithm>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "capi_internal.hpp"
#include "md_file_handle.hpp"
#include "sigmax/venue/venue.hpp"
#include "sigmax_exec.h"

using namespace sigmax::capi;
using sigmax::Status;
namespace venue = sigmax::venue;

struct sgx_venue {
    std::vector<sgx_order_latency_row> latency_rows;  // the config's, copied (the venue reads them in place)
    std::unique_ptr<venue::Venue> venue;
};

namespace {

template <class Bytes>
bool any_set(const Bytes& bytes) noexcept {
    for (const auto b : bytes) {
        if (b != 0) return true;
    }
    return false;
}

bool reserved_set(const sgx_venue_symbol_config& s) noexcept { return s.reserved0 != 0 || any_set(s.reserved); }

// What the C record itself gets wrong before the venue reads it: its size,
// NULL arrays with a count, and reserved fields (of the config, its symbol
// configs and its latency rows). The venue checks the values (INVALID_CONFIG).
int32_t config_status(const sgx_venue_config& c) noexcept {
    if (c.struct_size != sizeof(sgx_venue_config)) return SGX_ERR_STRUCT_SIZE;
    if ((c.latency_row_count > 0 && !c.latency_rows) || (c.symbol_count > 0 && !c.symbols)) {
        return SGX_ERR_NULL_POINTER;
    }
    if (any_set(c.reserved0) || any_set(c.reserved) || reserved_set(c.defaults)) return SGX_ERR_RESERVED;
    for (std::size_t i = 0; i < c.symbol_count; ++i) {
        if (reserved_set(c.symbols[i])) return SGX_ERR_RESERVED;
    }
    for (std::size_t i = 0; i < c.latency_row_count; ++i) {
        if (c.latency_rows[i].reserved != 0) return SGX_ERR_RESERVED;
    }
    return SGX_OK;
}

// A driving call: the step goes to *out_step only on success.
template <class F>
int32_t drive(int32_t* out_step, sgx_venue* v, F&& call) noexcept {
    if (!out_step || !v) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t {
        venue::Step step = venue::Step::Ok;
        const Status s = call(*v->venue, step);
        if (s == Status::Ok) *out_step = static_cast<int32_t>(step);
        return code(s);
    });
}

}  // namespace

extern "C" {

SGX_API size_t sgx_sizeof_order_latency_row(void) { return sizeof(sgx_order_latency_row); }
SGX_API size_t sgx_sizeof_venue_symbol_config(void) { return sizeof(sgx_venue_symbol_config); }
SGX_API size_t sgx_sizeof_venue_config(void) { return sizeof(sgx_venue_config); }
SGX_API size_t sgx_sizeof_venue_order(void) { return sizeof(sgx_venue_order); }
SGX_API size_t sgx_sizeof_venue_fill(void) { return sizeof(sgx_venue_fill); }
SGX_API size_t sgx_sizeof_venue_state(void) { return sizeof(sgx_venue_state); }
SGX_API size_t sgx_sizeof_venue_feed(void) { return sizeof(sgx_venue_feed); }

SGX_API int32_t sgx_venue_config_default(sgx_venue_config* out_config) {
    if (!out_config) return SGX_ERR_NULL_POINTER;
    *out_config = venue::default_config();
    return SGX_OK;
}

SGX_API int32_t sgx_venue_create(sgx_venue** out_venue, const sgx_md_file* file, const sgx_venue_config* config) {
    if (!out_venue) return SGX_ERR_NULL_POINTER;
    *out_venue = nullptr;  // on every error
    if (!file || !config) return SGX_ERR_NULL_POINTER;
    if (const int32_t rc = config_status(*config); rc != SGX_OK) return rc;
    return guarded([&]() -> int32_t {
        auto handle = std::make_unique<sgx_venue>();
        // The venue reads the latency rows for as long as it lives: it gets
        // the handle's copy, so the caller's array may go after this call.
        handle->latency_rows.assign(config->latency_rows, config->latency_rows + config->latency_row_count);
        sgx_venue_config own = *config;
        own.latency_rows = handle->latency_rows.empty() ? nullptr : handle->latency_rows.data();
        std::string detail;
        const Status s = venue::Venue::create(handle->venue, file->file, own, &detail);
        if (s != Status::Ok) return detail.empty() ? code(s) : set_error_detail(code(s), detail);
        *out_venue = handle.release();
        return SGX_OK;
    });
}

SGX_API int32_t sgx_venue_create_live(sgx_venue** out_venue, const sgx_md_symbol* symbols, size_t symbol_count,
                                      const sgx_venue_config* config, int64_t start_local_ts, int64_t local_shift_ns,
                                      int64_t feed_delay_ns) {
    if (!out_venue) return SGX_ERR_NULL_POINTER;
    *out_venue = nullptr;  // on every error
    if (!config || (symbol_count > 0 && !symbols)) return SGX_ERR_NULL_POINTER;
    if (const int32_t rc = config_status(*config); rc != SGX_OK) return rc;
    for (std::size_t i = 0; i < symbol_count; ++i) {
        if (any_set(symbols[i].reserved)) return SGX_ERR_RESERVED;
    }
    return guarded([&]() -> int32_t {
        auto handle = std::make_unique<sgx_venue>();
        handle->latency_rows.assign(config->latency_rows, config->latency_rows + config->latency_row_count);
        sgx_venue_config own = *config;
        own.latency_rows = handle->latency_rows.empty() ? nullptr : handle->latency_rows.data();
        std::string detail;
        const Status s = venue::Venue::create_live(handle->venue, std::span<const sgx_md_symbol>(symbols, symbol_count),
                                                   own, start_local_ts, local_shift_ns, feed_delay_ns, &detail);
        if (s != Status::Ok) return detail.empty() ? code(s) : set_error_detail(code(s), detail);
        *out_venue = handle.release();
        return SGX_OK;
    });
}

SGX_API void sgx_venue_destroy(sgx_venue* venue) { delete venue; }

SGX_API int32_t sgx_venue_push(sgx_venue* venue, const sgx_md_event* events, size_t count) {
    if (!venue || (count > 0 && !events)) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t {
        const Status s = venue->venue->push(std::span<const sgx_md_event>(events, count));
        return s == Status::Ok ? SGX_OK : set_error_detail(code(s), venue->venue->error());
    });
}

SGX_API int32_t sgx_venue_advance_feed(sgx_venue* venue, int64_t local_ts) {
    if (!venue) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t { return code(venue->venue->advance_feed(local_ts)); });
}

SGX_API int32_t sgx_venue_close_feed(sgx_venue* venue) {
    if (!venue) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t { return code(venue->venue->close_feed()); });
}

SGX_API int32_t sgx_venue_get_feed(sgx_venue_feed* out_feed, const sgx_venue* venue) {
    if (!out_feed || !venue) return SGX_ERR_NULL_POINTER;
    *out_feed = venue->venue->feed();
    return SGX_OK;
}

SGX_API int32_t sgx_venue_goto(int32_t* out_step, sgx_venue* venue, int64_t local_ts) {
    return drive(out_step, venue, [&](venue::Venue& v, venue::Step& step) { return v.go_to(local_ts, step); });
}

SGX_API int32_t sgx_venue_elapse(int32_t* out_step, sgx_venue* venue, int64_t duration_ns) {
    return drive(out_step, venue, [&](venue::Venue& v, venue::Step& step) { return v.elapse(duration_ns, step); });
}

SGX_API int32_t sgx_venue_wait_next_feed(int32_t* out_step, sgx_venue* venue, uint8_t include_responses,
                                         int64_t timeout_ns) {
    return drive(out_step, venue, [&](venue::Venue& v, venue::Step& step) {
        return v.wait_next_feed(include_responses != 0, timeout_ns, step);
    });
}

SGX_API int32_t sgx_venue_wait_order_response(int32_t* out_step, sgx_venue* venue, uint32_t symbol,
                                              int64_t order_id, int64_t timeout_ns) {
    return drive(out_step, venue, [&](venue::Venue& v, venue::Step& step) {
        return v.wait_order_response(symbol, order_id, timeout_ns, step);
    });
}

SGX_API int32_t sgx_venue_current_timestamp(int64_t* out_ts, const sgx_venue* venue) {
    if (!out_ts || !venue) return SGX_ERR_NULL_POINTER;
    *out_ts = venue->venue->current_timestamp();
    return SGX_OK;
}

SGX_API int32_t sgx_venue_local_shift(int64_t* out_shift_ns, const sgx_venue* venue) {
    if (!out_shift_ns || !venue) return SGX_ERR_NULL_POINTER;
    *out_shift_ns = venue->venue->local_shift_ns();
    return SGX_OK;
}

// The codes are handed on as they are: the venue checks them (INVALID_SIDE,
// ...) in its own order, after the symbol and the order id.
SGX_API int32_t sgx_venue_submit(sgx_venue* venue, uint32_t symbol, int64_t order_id, uint8_t side, int64_t price,
                                 int64_t quantity, uint8_t type, uint8_t tif) {
    if (!venue) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t {
        return code(venue->venue->submit(symbol, order_id, static_cast<sigmax::Side>(side), price, quantity,
                                         static_cast<sigmax::OrderType>(type),
                                         static_cast<sigmax::TimeInForce>(tif)));
    });
}

SGX_API int32_t sgx_venue_modify(sgx_venue* venue, uint32_t symbol, int64_t order_id, int64_t price,
                                 int64_t quantity) {
    if (!venue) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t { return code(venue->venue->modify(symbol, order_id, price, quantity)); });
}

SGX_API int32_t sgx_venue_cancel(sgx_venue* venue, uint32_t symbol, int64_t order_id) {
    if (!venue) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t { return code(venue->venue->cancel(symbol, order_id)); });
}

SGX_API int32_t sgx_venue_cancel_all(size_t* out_sent, sgx_venue* venue, uint32_t symbol) {
    if (!out_sent || !venue) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t {
        std::size_t sent = 0;
        const Status s = venue->venue->cancel_all(symbol, sent);
        if (s == Status::Ok) *out_sent = sent;
        return code(s);
    });
}

SGX_API int32_t sgx_venue_clear_inactive_orders(sgx_venue* venue, uint32_t symbol) {
    if (!venue) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t { return code(venue->venue->clear_inactive_orders(symbol)); });
}

SGX_API int32_t sgx_venue_get_order(sgx_venue_order* out_order, const sgx_venue* venue, uint32_t symbol,
                                    int64_t order_id) {
    if (!out_order || !venue) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t { return code(venue->venue->order(symbol, order_id, *out_order)); });
}

SGX_API int32_t sgx_venue_orders(sgx_venue_order* out_orders, size_t capacity, size_t* out_count,
                                 const sgx_venue* venue, uint32_t symbol) {
    if (!out_count || !venue || (capacity > 0 && !out_orders)) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t {
        std::size_t count = 0;
        const Status s = venue->venue->orders(symbol, std::span<sgx_venue_order>(out_orders, capacity), count);
        if (s == Status::Ok) *out_count = count;
        return code(s);
    });
}

SGX_API int32_t sgx_venue_get_state(sgx_venue_state* out_state, const sgx_venue* venue, uint32_t symbol) {
    if (!out_state || !venue) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t { return code(venue->venue->state(symbol, *out_state)); });
}

SGX_API int32_t sgx_venue_quote(sgx_md_quote* out_quote, const sgx_venue* venue, uint32_t symbol) {
    if (!out_quote || !venue) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t { return code(venue->venue->quote(symbol, *out_quote)); });
}

SGX_API int32_t sgx_venue_depth(sgx_md_level* out_levels, size_t capacity, size_t* out_count, const sgx_venue* venue,
                                uint32_t symbol, uint8_t side) {
    if (!out_count || !venue || (capacity > 0 && !out_levels)) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t {
        std::size_t count = 0;
        const Status s = venue->venue->depth(symbol, static_cast<sigmax::Side>(side),
                                             std::span<sgx_md_level>(out_levels, capacity), count);
        if (s == Status::Ok) *out_count = count;
        return code(s);
    });
}

SGX_API int32_t sgx_venue_quantity_at(int64_t* out_quantity, const sgx_venue* venue, uint32_t symbol, uint8_t side,
                                      int64_t price) {
    if (!out_quantity || !venue) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t {
        return code(venue->venue->quantity_at(symbol, static_cast<sigmax::Side>(side), price, *out_quantity));
    });
}

SGX_API int32_t sgx_venue_last_trades(sgx_md_event* out_trades, size_t capacity, size_t* out_count, sgx_venue* venue,
                                      uint32_t symbol) {
    if (!out_count || !venue || (capacity > 0 && !out_trades)) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t {
        std::size_t count = 0;
        const Status s = venue->venue->last_trades(symbol, std::span<sgx_md_event>(out_trades, capacity), count);
        if (s == Status::Ok) *out_count = count;
        return code(s);
    });
}

SGX_API int32_t sgx_venue_dropped_trades(uint64_t* out_count, const sgx_venue* venue, uint32_t symbol) {
    if (!out_count || !venue) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t { return code(venue->venue->dropped_trades(symbol, *out_count)); });
}

SGX_API int32_t sgx_venue_fills(sgx_venue_fill* out_fills, size_t capacity, size_t first, size_t* out_total,
                                const sgx_venue* venue) {
    if (!out_total || !venue || (capacity > 0 && !out_fills)) return SGX_ERR_NULL_POINTER;
    const auto fills = venue->venue->fills();
    *out_total = fills.size();
    if (first < fills.size()) {
        const std::size_t n = std::min(capacity, fills.size() - first);
        std::copy_n(fills.begin() + static_cast<std::ptrdiff_t>(first), n, out_fills);
    }
    return SGX_OK;
}

SGX_API int32_t sgx_venue_queue_position(double* out_ahead, const sgx_venue* venue, uint32_t symbol,
                                         int64_t order_id) {
    if (!out_ahead || !venue) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t { return code(venue->venue->queue_position(symbol, order_id, *out_ahead)); });
}

}  // extern "C"
