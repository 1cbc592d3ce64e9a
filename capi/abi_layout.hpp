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

SGX_SAME_FIELD(ExecutionReport, sgx_report, 0, order_id);
SGX_SAME_FIELD(ExecutionReport, sgx_report, 0, latency_ns);
SGX_SAME_FIELD(ExecutionReport, sgx_report, 0, executed_price);
SGX_SAME_FIELD(ExecutionReport, sgx_report, 0, executed_quantity);
SGX_SAME_FIELD(ExecutionReport, sgx_report, 0, remaining_quantity);
SGX_SAME_FIELD(ExecutionReport, sgx_report, 0, slippage);
SGX_SAME_FIELD(ExecutionReport, sgx_report, 0, symbol);
SGX_SAME_FIELD(ExecutionReport, sgx_report, 0, fill_count);
SGX_SAME_FIELD(ExecutionReport, sgx_report, 0, status);
SGX_SAME_FIELD(ExecutionReport, sgx_report, 0, side);

SGX_SAME_FIELD(Fill, sgx_fill, 0, trade_id);
SGX_SAME_FIELD(Fill, sgx_fill, 0, maker_order_id);
SGX_SAME_FIELD(Fill, sgx_fill, 0, taker_order_id);
SGX_SAME_FIELD(Fill, sgx_fill, 0, price_ticks);
SGX_SAME_FIELD(Fill, sgx_fill, 0, quantity_lots);
SGX_SAME_FIELD(Fill, sgx_fill, 0, price);
SGX_SAME_FIELD(Fill, sgx_fill, 0, quantity);
SGX_SAME_FIELD(Fill, sgx_fill, 0, symbol);
SGX_SAME_FIELD(Fill, sgx_fill, 0, aggressor_side);

SGX_SAME_FIELD(TopOfBook, sgx_top_of_book, 0, bid_price);
SGX_SAME_FIELD(TopOfBook, sgx_top_of_book, 0, bid_quantity);
SGX_SAME_FIELD(TopOfBook, sgx_top_of_book, 0, ask_price);
SGX_SAME_FIELD(TopOfBook, sgx_top_of_book, 0, ask_quantity);
SGX_SAME_FIELD(TopOfBook, sgx_top_of_book, 0, has_bid);
SGX_SAME_FIELD(TopOfBook, sgx_top_of_book, 0, has_ask);

SGX_SAME_FIELD(LevelView, sgx_level, 0, price);
SGX_SAME_FIELD(LevelView, sgx_level, 0, quantity);
SGX_SAME_FIELD(LevelView, sgx_level, 0, order_count);

SGX_SAME_FIELD(OrderInfo, sgx_order_info, 0, order_id);
SGX_SAME_FIELD(OrderInfo, sgx_order_info, 0, price);
SGX_SAME_FIELD(OrderInfo, sgx_order_info, 0, original_quantity);
SGX_SAME_FIELD(OrderInfo, sgx_order_info, 0, executed_quantity);
SGX_SAME_FIELD(OrderInfo, sgx_order_info, 0, remaining_quantity);
SGX_SAME_FIELD(OrderInfo, sgx_order_info, 0, symbol);
SGX_SAME_FIELD(OrderInfo, sgx_order_info, 0, side);
SGX_SAME_FIELD(OrderInfo, sgx_order_info, 0, status);

constexpr std::size_t kStatsBase = offsetof(sgx_engine_stats, orders_processed);
SGX_SAME_FIELD(StatsSnapshot, sgx_engine_stats, kStatsBase, orders_processed);
SGX_SAME_FIELD(StatsSnapshot, sgx_engine_stats, kStatsBase, fills);
SGX_SAME_FIELD(StatsSnapshot, sgx_engine_stats, kStatsBase, volume_lots);
SGX_SAME_FIELD(StatsSnapshot, sgx_engine_stats, kStatsBase, volume);
SGX_SAME_FIELD(StatsSnapshot, sgx_engine_stats, kStatsBase, rejects);
SGX_SAME_FIELD(StatsSnapshot, sgx_engine_stats, kStatsBase, cancels);
SGX_SAME_FIELD(StatsSnapshot, sgx_engine_stats, kStatsBase, amends);
SGX_SAME_FIELD(StatsSnapshot, sgx_engine_stats, kStatsBase, invalid_requests);
SGX_SAME_FIELD(StatsSnapshot, sgx_engine_stats, kStatsBase, resting_orders);
SGX_SAME_FIELD(StatsSnapshot, sgx_engine_stats, kStatsBase, latency_count);
SGX_SAME_FIELD(StatsSnapshot, sgx_engine_stats, kStatsBase, latency_avg_ns);
SGX_SAME_FIELD(StatsSnapshot, sgx_engine_stats, kStatsBase, latency_min_ns);
SGX_SAME_FIELD(StatsSnapshot, sgx_engine_stats, kStatsBase, latency_max_ns);
SGX_SAME_FIELD(StatsSnapshot, sgx_engine_stats, kStatsBase, latency_p50_ns);
SGX_SAME_FIELD(StatsSnapshot, sgx_engine_stats, kStatsBase, latency_p90_ns);
SGX_SAME_FIELD(StatsSnapshot, sgx_engine_stats, kStatsBase, latency_p99_ns);
SGX_SAME_FIELD(StatsSnapshot, sgx_engine_stats, kStatsBase, latency_p999_ns);

constexpr std::size_t kPipelineStatsBase = offsetof(sgx_pipeline_stats, capacity);
SGX_SAME_FIELD(PipelineStats, sgx_pipeline_stats, kPipelineStatsBase, capacity);
SGX_SAME_FIELD(PipelineStats, sgx_pipeline_stats, kPipelineStatsBase, result_capacity);
SGX_SAME_FIELD(PipelineStats, sgx_pipeline_stats, kPipelineStatsBase, submitted);
SGX_SAME_FIELD(PipelineStats, sgx_pipeline_stats, kPipelineStatsBase, completed);
SGX_SAME_FIELD(PipelineStats, sgx_pipeline_stats, kPipelineStatsBase, queue_full);
SGX_SAME_FIELD(PipelineStats, sgx_pipeline_stats, kPipelineStatsBase, queue_high_water);
SGX_SAME_FIELD(PipelineStats, sgx_pipeline_stats, kPipelineStatsBase, result_high_water);
SGX_SAME_FIELD(PipelineStats, sgx_pipeline_stats, kPipelineStatsBase, backpressure_waits);

// sgx_order carries struct_size and reserved bytes in front of and inside
// the request; to_request() copies symbol..tif in one 8-byte move and the
// two doubles, so these must line up relative to `symbol`.
constexpr std::size_t kOrderBase = offsetof(sgx_order, symbol);
SGX_SAME_FIELD(OrderRequest, sgx_order, kOrderBase, symbol);
SGX_SAME_FIELD(OrderRequest, sgx_order, kOrderBase, side);
SGX_SAME_FIELD(OrderRequest, sgx_order, kOrderBase, type);
SGX_SAME_FIELD(OrderRequest, sgx_order, kOrderBase, tif);
static_assert(offsetof(OrderRequest, price) == 8 && offsetof(sgx_order, price) == 16 &&
              offsetof(OrderRequest, quantity) == 16 && offsetof(sgx_order, quantity) == 24);

#undef SGX_SAME_FIELD

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
