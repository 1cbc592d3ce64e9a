// The C header declares every record that crosses the ABI (sgx_report,
// sgx_fill, ...). The C++ API keeps its own typed records (enum classes
// instead of uint8_t codes) with the same layout, and this file binds the two
// field by field: if a field of the header moves, changes width or is
// renamed, the build fails here, naming it. The C API then copies a record
// whole (copy_out) instead of field by field.
#pragma once

#include <cstddef>
#include <cstring>
#include <type_traits>

#include "sigmax/book_queries.hpp"
#include "sigmax/order_entry.hpp"
#include "sigmax/pipeline.hpp"
#include "sigmax/stats.hpp"
#include "sigmax/types.hpp"
#include "sigmax_exec.h"

namespace sigmax::capi {

// `base`: where the C++ record starts inside the C one (records that carry
// struct_size in front hold the C++ record after it).
#define SGX_SAME_FIELD(Cpp, C, base, field)                                              \
    static_assert(offsetof(Cpp, field) + (base) == offsetof(C, field) &&                  \
                      sizeof(std::declval<Cpp&>().field) == sizeof(std::declval<C&>().field), \
                  #C "." #field " is not laid out as " #Cpp "::" #field)

// SGX_SAME_FIELDS(Cpp, C, base, f1, f2, ...): SGX_SAME_FIELD for each field
// (C++20 __VA_OPT__ recursion: one rescan per field, 27 in all).
#define SGX_EXPAND(...) SGX_EXPAND3(SGX_EXPAND3(SGX_EXPAND3(__VA_ARGS__)))
#define SGX_EXPAND3(...) SGX_EXPAND2(SGX_EXPAND2(SGX_EXPAND2(__VA_ARGS__)))
#define SGX_EXPAND2(...) SGX_EXPAND1(SGX_EXPAND1(SGX_EXPAND1(__VA_ARGS__)))
#define SGX_EXPAND1(...) __VA_ARGS__
#define SGX_FOR_EACH_FIELD(Cpp, C, base, field, ...) \
    SGX_SAME_FIELD(Cpp, C, base, field) __VA_OPT__(; SGX_FOR_EACH_FIELD_AGAIN SGX_PARENS(Cpp, C, base, __VA_ARGS__))
#define SGX_PARENS ()
#define SGX_FOR_EACH_FIELD_AGAIN() SGX_FOR_EACH_FIELD
#define SGX_SAME_FIELDS(Cpp, C, base, ...) SGX_EXPAND(SGX_FOR_EACH_FIELD(Cpp, C, base, __VA_ARGS__))

SGX_SAME_FIELDS(ExecutionReport, sgx_report, 0,
    order_id, latency_ns, executed_price, executed_quantity, remaining_quantity, slippage, symbol,
    fill_count, status, side);

SGX_SAME_FIELDS(Fill, sgx_fill, 0,
    trade_id, maker_order_id, taker_order_id, price_ticks, quantity_lots, price, quantity, symbol,
    aggressor_side);

SGX_SAME_FIELDS(TopOfBook, sgx_top_of_book, 0,
    bid_price, bid_quantity, ask_price, ask_quantity, has_bid, has_ask);

SGX_SAME_FIELDS(LevelView, sgx_level, 0,
    price, quantity, order_count);

// The pipeline hands the caller's sgx_depth_query to the matching thread as
// a DepthQuery (the arrays as LevelView, bound above).
SGX_SAME_FIELDS(DepthQuery, sgx_depth_query, 0,
    struct_size, symbol, levels, bids, asks, bid_count, ask_count);
static_assert(sizeof(DepthQuery) == sizeof(sgx_depth_query));

SGX_SAME_FIELDS(OrderInfo, sgx_order_info, 0,
    order_id, price, original_quantity, executed_quantity, remaining_quantity, symbol, side, status);

constexpr std::size_t kStatsBase = offsetof(sgx_engine_stats, orders_processed);
SGX_SAME_FIELDS(StatsSnapshot, sgx_engine_stats, kStatsBase,
    orders_processed, fills, volume_lots, volume, rejects, cancels, amends, invalid_requests, resting_orders,
    latency_count, latency_avg_ns, latency_min_ns, latency_max_ns, latency_p50_ns, latency_p90_ns,
    latency_p99_ns, latency_p999_ns);

constexpr std::size_t kPipelineStatsBase = offsetof(sgx_pipeline_stats, capacity);
SGX_SAME_FIELDS(PipelineStats, sgx_pipeline_stats, kPipelineStatsBase,
    capacity, result_capacity, submitted, completed, queue_full, queue_high_water, result_high_water,
    backpressure_waits);

// sgx_order carries struct_size and reserved bytes in front of and inside
// the request; to_request() copies symbol..tif in one 8-byte move and the
// two doubles, so these must line up relative to `symbol`.
constexpr std::size_t kOrderBase = offsetof(sgx_order, symbol);
SGX_SAME_FIELDS(OrderRequest, sgx_order, kOrderBase, symbol, side, type, tif);
static_assert(offsetof(OrderRequest, price) == 8 && offsetof(sgx_order, price) == 16 &&
              offsetof(OrderRequest, quantity) == 16 && offsetof(sgx_order, quantity) == 24);

// Events cross as they are: the C record is the C++ one, byte for byte
// (the callback reads the engine's record itself, capi/event_sinks.hpp).
SGX_SAME_FIELDS(OrderEvent, sgx_order_event, 0,
    order_id, maker_id, price, lots, remaining, maker_remaining, symbol, status, kind, side, reason, maker_done,
    reserved);
static_assert(sizeof(OrderEvent) == sizeof(sgx_order_event));

// sgx_new_order is laid out like sgx_order (struct_size, symbol, the four
// codes, reserved bytes, then the 8-byte fields); NewOrder keeps client_id,
// price and lots first and owner last. to_new_order() copies each group in
// one move: client_id, price and lots (24 bytes), symbol..stp (8 bytes from
// `symbol`), owner.
SGX_SAME_FIELDS(NewOrder, sgx_new_order, offsetof(sgx_new_order, client_id), client_id, price, lots);
// (The bases of the next two groups are negative: size_t arithmetic wraps exactly.)
constexpr std::size_t kNewOrderCodes = offsetof(sgx_new_order, symbol);
SGX_SAME_FIELDS(NewOrder, sgx_new_order, kNewOrderCodes - offsetof(NewOrder, symbol), symbol, side, type, tif, stp);
SGX_SAME_FIELDS(NewOrder, sgx_new_order, offsetof(sgx_new_order, owner) - offsetof(NewOrder, owner), owner);
static_assert(offsetof(NewOrder, symbol) == 24 && offsetof(NewOrder, owner) == 32 && sizeof(NewOrder) == 40);
static_assert(sizeof(sgx_new_order) == 48);

// The queries in ticks: the C records are the C++ ones (reserved bytes in
// the C++ records' padding).
SGX_SAME_FIELDS(LevelTicks, sgx_level_ticks, 0, price, lots, order_count);
static_assert(sizeof(LevelTicks) == sizeof(sgx_level_ticks));
SGX_SAME_FIELDS(TopTicks, sgx_top_ticks, 0,
    bid_price, bid_lots, bid_orders, ask_price, ask_lots, ask_orders, has_bid, has_ask);
static_assert(sizeof(TopTicks) == sizeof(sgx_top_ticks));
SGX_SAME_FIELDS(OrderTicks, sgx_order_ticks, 0,
    order_id, price, open_lots, filled_lots, lots_ahead, orders_ahead, owner, symbol, side, stp, post_only);
static_assert(sizeof(OrderTicks) == sizeof(sgx_order_ticks));

// sgx_request has no C++ twin to copy whole (capi/sigmax_requests.cpp reads
// it field by field into a Request): pin its layout, every field at an
// explicit offset and no padding (the fields' sizes add up to its 48
// bytes), each field of a new order where sgx_new_order has it and `op` in
// that record's first reserved byte.
static_assert(offsetof(sgx_request, symbol) == 4 && offsetof(sgx_request, side) == 8 &&
              offsetof(sgx_request, type) == 9 && offsetof(sgx_request, tif) == 10 &&
              offsetof(sgx_request, stp) == 11 && offsetof(sgx_request, op) == 12 &&
              offsetof(sgx_request, reserved) == 13 && sizeof(std::declval<sgx_request&>().reserved) == 3 &&
              offsetof(sgx_request, order_id) == 16 && offsetof(sgx_request, price) == 24 &&
              offsetof(sgx_request, lots) == 32 && offsetof(sgx_request, owner) == 40 && sizeof(sgx_request) == 48,
              "sgx_request is not laid out as documented");
static_assert(offsetof(sgx_request, symbol) == offsetof(sgx_new_order, symbol) &&
              offsetof(sgx_request, side) == offsetof(sgx_new_order, side) &&
              offsetof(sgx_request, type) == offsetof(sgx_new_order, type) &&
              offsetof(sgx_request, tif) == offsetof(sgx_new_order, tif) &&
              offsetof(sgx_request, stp) == offsetof(sgx_new_order, stp) &&
              offsetof(sgx_request, op) == offsetof(sgx_new_order, reserved) &&
              offsetof(sgx_request, order_id) == offsetof(sgx_new_order, client_id) &&
              offsetof(sgx_request, price) == offsetof(sgx_new_order, price) &&
              offsetof(sgx_request, lots) == offsetof(sgx_new_order, lots) &&
              offsetof(sgx_request, owner) == offsetof(sgx_new_order, owner) &&
              sizeof(sgx_request) == sizeof(sgx_new_order),
              "a NEW request's fields sit where sgx_new_order has them");

// The venue's records are the C++ API's own (sigmax::venue::Order is
// sgx_venue_order, ...): nothing to bind. Pin the offsets that docs/venue.md
// and the Python record table (bindings/python/sigmax_exec/_abi.py) state, so
// a header edit that moves a field fails here before any binding misreads it.
static_assert(offsetof(sgx_order_latency_row, req_ts) == 0 && offsetof(sgx_order_latency_row, exch_ts) == 8 &&
                  offsetof(sgx_order_latency_row, resp_ts) == 16 && offsetof(sgx_order_latency_row, reserved) == 24 &&
                  sizeof(sgx_order_latency_row) == 32,
              "sgx_order_latency_row is not laid out as documented");
static_assert(offsetof(sgx_venue_symbol_config, symbol) == 0 && offsetof(sgx_venue_symbol_config, queue_model) == 4 &&
                  offsetof(sgx_venue_symbol_config, fill_model) == 5 && offsetof(sgx_venue_symbol_config, fee_model) == 6 &&
                  offsetof(sgx_venue_symbol_config, reserved0) == 7 && offsetof(sgx_venue_symbol_config, queue_power) == 8 &&
                  offsetof(sgx_venue_symbol_config, maker_fee) == 16 && offsetof(sgx_venue_symbol_config, taker_fee) == 24 &&
                  offsetof(sgx_venue_symbol_config, reserved) == 32 && sizeof(sgx_venue_symbol_config) == 48,
              "sgx_venue_symbol_config is not laid out as documented");
static_assert(offsetof(sgx_venue_config, struct_size) == 0 && offsetof(sgx_venue_config, latency_model) == 4 &&
                  offsetof(sgx_venue_config, book_model) == 5 &&
                  offsetof(sgx_venue_config, reserved0) == 6 && offsetof(sgx_venue_config, entry_latency_ns) == 8 &&
                  offsetof(sgx_venue_config, response_latency_ns) == 16 &&
                  offsetof(sgx_venue_config, entry_latency_mul) == 24 &&
                  offsetof(sgx_venue_config, response_latency_mul) == 32 &&
                  offsetof(sgx_venue_config, latency_rows) == 40 && offsetof(sgx_venue_config, latency_row_count) == 48 &&
                  offsetof(sgx_venue_config, local_latency_floor_ns) == 56 &&
                  offsetof(sgx_venue_config, last_trades_capacity) == 64 && offsetof(sgx_venue_config, defaults) == 72 &&
                  offsetof(sgx_venue_config, symbols) == 120 && offsetof(sgx_venue_config, symbol_count) == 128 &&
                  offsetof(sgx_venue_config, reserved) == 136 && sizeof(sgx_venue_config) == 152,
              "sgx_venue_config is not laid out as documented");
static_assert(offsetof(sgx_venue_order, order_id) == 0 && offsetof(sgx_venue_order, price) == 8 &&
                  offsetof(sgx_venue_order, quantity) == 16 && offsetof(sgx_venue_order, leaves) == 24 &&
                  offsetof(sgx_venue_order, executed) == 32 && offsetof(sgx_venue_order, exec_price) == 40 &&
                  offsetof(sgx_venue_order, last_fill) == 48 && offsetof(sgx_venue_order, local_ts) == 56 &&
                  offsetof(sgx_venue_order, exch_ts) == 64 && offsetof(sgx_venue_order, recv_ts) == 72 &&
                  offsetof(sgx_venue_order, queue_ahead) == 80 && offsetof(sgx_venue_order, avg_price) == 88 &&
                  offsetof(sgx_venue_order, symbol) == 96 && offsetof(sgx_venue_order, side) == 100 &&
                  offsetof(sgx_venue_order, type) == 101 && offsetof(sgx_venue_order, tif) == 102 &&
                  offsetof(sgx_venue_order, status) == 103 && offsetof(sgx_venue_order, request) == 104 &&
                  offsetof(sgx_venue_order, maker) == 105 && offsetof(sgx_venue_order, reserved0) == 106 &&
                  offsetof(sgx_venue_order, reject_reason) == 108 && offsetof(sgx_venue_order, reserved1) == 112 &&
                  offsetof(sgx_venue_order, reserved2) == 120 && sizeof(sgx_venue_order) == 128,
              "sgx_venue_order is not laid out as documented");
static_assert(offsetof(sgx_venue_fill, order_id) == 0 && offsetof(sgx_venue_fill, price) == 8 &&
                  offsetof(sgx_venue_fill, quantity) == 16 && offsetof(sgx_venue_fill, exch_ts) == 24 &&
                  offsetof(sgx_venue_fill, local_ts) == 32 && offsetof(sgx_venue_fill, fee) == 40 &&
                  offsetof(sgx_venue_fill, symbol) == 48 && offsetof(sgx_venue_fill, side) == 52 &&
                  offsetof(sgx_venue_fill, maker) == 53 && offsetof(sgx_venue_fill, reserved) == 54 &&
                  offsetof(sgx_venue_fill, reserved1) == 56 && sizeof(sgx_venue_fill) == 64,
              "sgx_venue_fill is not laid out as documented");
static_assert(offsetof(sgx_venue_state, position) == 0 && offsetof(sgx_venue_state, volume) == 8 &&
                  offsetof(sgx_venue_state, trades) == 16 && offsetof(sgx_venue_state, maker_fills) == 24 &&
                  offsetof(sgx_venue_state, taker_fills) == 32 && offsetof(sgx_venue_state, balance) == 40 &&
                  offsetof(sgx_venue_state, fee) == 48 && offsetof(sgx_venue_state, realized_pnl) == 56 &&
                  offsetof(sgx_venue_state, unrealized_pnl) == 64 && offsetof(sgx_venue_state, equity) == 72 &&
                  offsetof(sgx_venue_state, avg_entry_price) == 80 && offsetof(sgx_venue_state, mid) == 88 &&
                  offsetof(sgx_venue_state, trading_value) == 96 && offsetof(sgx_venue_state, orders_submitted) == 104 &&
                  offsetof(sgx_venue_state, orders_filled) == 112 && offsetof(sgx_venue_state, book_events) == 120 &&
                  sizeof(sgx_venue_state) == 128,
              "sgx_venue_state is not laid out as documented");
static_assert(offsetof(sgx_venue_feed, watermark) == 0 && offsetof(sgx_venue_feed, horizon) == 8 &&
                  offsetof(sgx_venue_feed, pushed) == 16 && offsetof(sgx_venue_feed, late_events) == 24 &&
                  offsetof(sgx_venue_feed, pending) == 32 && offsetof(sgx_venue_feed, live) == 40 &&
                  offsetof(sgx_venue_feed, closed) == 41 && offsetof(sgx_venue_feed, reserved) == 42 &&
                  sizeof(sgx_venue_feed) == 48,
              "sgx_venue_feed is not laid out as documented");

#undef SGX_SAME_FIELDS
#undef SGX_SAME_FIELD
#undef SGX_FOR_EACH_FIELD
#undef SGX_FOR_EACH_FIELD_AGAIN
#undef SGX_EXPAND
#undef SGX_EXPAND3
#undef SGX_EXPAND2
#undef SGX_EXPAND1
#undef SGX_PARENS

// The C API's result is the pipeline's with both payloads side by side
// instead of a union; the payloads themselves are bound above.
static_assert(offsetof(sgx_result, sequence) == offsetof(PipelineResult, sequence) &&
              offsetof(sgx_result, round_trip_ns) == offsetof(PipelineResult, round_trip_ns));

// Copies a C++ record into its C twin (or, with `Base`, into the part of it
// after struct_size), then zeroes the C record's reserved bytes, which are
// padding on the C++ side.
template <std::size_t Base = 0, class C, class Cpp>
inline void copy_out(const Cpp& from, C& to) noexcept {
    static_assert(std::is_trivially_copyable_v<Cpp> && std::is_trivially_copyable_v<C>);
    static_assert(Base + sizeof(Cpp) == sizeof(C), "the C record holds exactly the C++ one after Base bytes");
    std::memcpy(reinterpret_cast<unsigned char*>(&to) + Base, &from, sizeof(Cpp));
    if constexpr (requires { to.reserved; }) std::memset(&to.reserved, 0, sizeof to.reserved);
}

}  // namespace sigmax::capi
