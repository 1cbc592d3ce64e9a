// The pipeline's C ABI: a thin layer over sigmax::Pipeline (same rules as
// sigmax_exec.cpp: pointers and sizes checked, no exception escapes).
#include "capi_internal.hpp"
#include "sigmax/pipeline.hpp"

using namespace sigmax::capi;

struct sgx_pipeline {
    explicit sgx_pipeline(const sigmax::Pipeline::Config& c) : pipeline(c) {}
    sigmax::Pipeline pipeline;
};

namespace {

static_assert(sizeof(sgx_result) == 152 && offsetof(sgx_result, report) == 24 && offsetof(sgx_result, fill) == 88);
static_assert(sizeof(sgx_pipeline_config) == 64);
static_assert(SGX_RESULT_FILL == static_cast<int>(sigmax::ResultKind::Fill));
static_assert(SGX_RESULT_DEPTH == static_cast<int>(sigmax::ResultKind::Depth));
static_assert(SGX_WAIT_SLEEP == static_cast<int>(sigmax::WaitStrategy::Sleep));

void to_c(const sigmax::PipelineResult& r, sgx_result& out) noexcept {
    out.sequence = r.sequence;
    out.round_trip_ns = r.round_trip_ns;
    out.status = code(r.status);
    out.kind = static_cast<uint8_t>(r.kind);
    std::memset(out.reserved, 0, sizeof out.reserved);
    if (r.kind == sigmax::ResultKind::Fill) {
        std::memset(&out.report, 0, sizeof out.report);
        sigmax::capi::to_c(r.fill, out.fill);
    } else {
        sigmax::capi::to_c(r.report, out.report);
        std::memset(&out.fill, 0, sizeof out.fill);
    }
}

}  // namespace

extern "C" {

SGX_API size_t sgx_sizeof_result(void) { return sizeof(sgx_result); }
SGX_API size_t sgx_sizeof_depth_query(void) { return sizeof(sgx_depth_query); }
SGX_API size_t sgx_sizeof_pipeline_config(void) { return sizeof(sgx_pipeline_config); }
SGX_API size_t sgx_sizeof_pipeline_stats(void) { return sizeof(sgx_pipeline_stats); }

SGX_API int32_t sgx_pipeline_config_init(sgx_pipeline_config* config) {
    if (!config) return SGX_ERR_NULL_POINTER;
    *config = sgx_pipeline_config SGX_PIPELINE_CONFIG_INIT;  // the defaults have one source: the header's macro
    return SGX_OK;
}

SGX_API int32_t sgx_pipeline_create(sgx_pipeline** out, const sgx_pipeline_config* config) {
    if (!out) return SGX_ERR_NULL_POINTER;
    *out = nullptr;
    sigmax::Pipeline::Config c;
    if (config) {
        if (config->struct_size != sizeof(sgx_pipeline_config)) return SGX_ERR_STRUCT_SIZE;
        if (config->wait > SGX_WAIT_SLEEP || config->queue_capacity == 0 || config->queue_capacity > (uint64_t{1} << 30) ||
            config->result_capacity > (uint64_t{1} << 30))
            return SGX_ERR_INVALID_CONFIG;
        if (const int32_t rc = to_engine_config(&config->engine, c.engine); rc != SGX_OK) return rc;
        c.queue_capacity = static_cast<std::size_t>(config->queue_capacity);
        c.result_capacity = static_cast<std::size_t>(config->result_capacity);
        c.wait = static_cast<sigmax::WaitStrategy>(config->wait);
    } else {
        (void)to_engine_config(nullptr, c.engine);
    }
    return guarded([&]() -> int32_t {
        *out = new sgx_pipeline(c);
        return SGX_OK;
    });
}

SGX_API void sgx_pipeline_destroy(sgx_pipeline* pipeline) {
    try {
        delete pipeline;
    } catch (...) {  // joining cannot fail here, but nothing may escape
    }
}

SGX_API int32_t sgx_pipeline_submit(uint64_t* out_sequence, sgx_pipeline* pipeline, const sgx_order* order) {
    if (!out_sequence || !pipeline || !order) return SGX_ERR_NULL_POINTER;
    if (const int32_t rc = record_status(*order); rc != SGX_OK) return rc;
    return code(pipeline->pipeline.submit(to_request(*order), *out_sequence));
}

SGX_API int32_t sgx_pipeline_submit_wait(uint64_t* out_sequence, sgx_pipeline* pipeline, const sgx_order* order,
                                         uint64_t timeout_ns) {
    if (!out_sequence || !pipeline || !order) return SGX_ERR_NULL_POINTER;
    if (const int32_t rc = record_status(*order); rc != SGX_OK) return rc;
    const auto timeout = std::chrono::nanoseconds(
        static_cast<std::int64_t>(timeout_ns > (uint64_t{1} << 62) ? (uint64_t{1} << 62) : timeout_ns));
    return code(pipeline->pipeline.submit_wait(to_request(*order), *out_sequence, timeout));
}

SGX_API int32_t sgx_pipeline_submit_batch(uint64_t* out_first_sequence, size_t* out_accepted, sgx_pipeline* pipeline,
                                          const sgx_order* orders, size_t count) {
    if (!out_first_sequence || !out_accepted) return SGX_ERR_NULL_POINTER;
    *out_accepted = 0;
    if (!pipeline || (count > 0 && !orders)) return SGX_ERR_NULL_POINTER;
    for (size_t i = 0; i < count; ++i)
        if (const int32_t rc = record_status(orders[i]); rc != SGX_OK) return rc;
    return code(pipeline->pipeline.submit_each(
        count, [&](std::size_t i) { return to_request(orders[i]); }, *out_first_sequence, *out_accepted));
}

SGX_API int32_t sgx_pipeline_submit_cancel(uint64_t* out_sequence, sgx_pipeline* pipeline, uint64_t order_id) {
    if (!out_sequence || !pipeline) return SGX_ERR_NULL_POINTER;
    return code(pipeline->pipeline.submit_cancel(order_id, *out_sequence));
}

SGX_API int32_t sgx_pipeline_submit_amend(uint64_t* out_sequence, sgx_pipeline* pipeline, uint64_t order_id,
                                          double new_quantity) {
    if (!out_sequence || !pipeline) return SGX_ERR_NULL_POINTER;
    return code(pipeline->pipeline.submit_amend(order_id, new_quantity, *out_sequence));
}

SGX_API int32_t sgx_pipeline_submit_depth(uint64_t* out_sequence, sgx_pipeline* pipeline, sgx_depth_query* query) {
    if (!out_sequence || !pipeline || !query) return SGX_ERR_NULL_POINTER;
    if (query->struct_size != sizeof(sgx_depth_query)) return SGX_ERR_STRUCT_SIZE;
    if (query->levels > 0 && (!query->bids || !query->asks)) return SGX_ERR_NULL_POINTER;
    return code(pipeline->pipeline.submit_depth(*reinterpret_cast<sigmax::DepthQuery*>(query), *out_sequence));
}

SGX_API int32_t sgx_pipeline_configure_symbol(sgx_pipeline* pipeline, uint32_t symbol, double tick_size,
                                              double lot_size) {
    if (!pipeline) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t { return code(pipeline->pipeline.configure_symbol(symbol, tick_size, lot_size)); });
}

SGX_API int32_t sgx_pipeline_poll(sgx_result* out_results, size_t* out_count, sgx_pipeline* pipeline, size_t capacity) {
    if (!out_count) return SGX_ERR_NULL_POINTER;
    *out_count = 0;
    if (!pipeline || (capacity > 0 && !out_results)) return SGX_ERR_NULL_POINTER;
    // Converted in chunks through a stack buffer: no allocation.
    constexpr std::size_t kChunk = 64;
    sigmax::PipelineResult chunk[kChunk];
    std::size_t total = 0;
    while (total < capacity) {
        const std::size_t want = capacity - total < kChunk ? capacity - total : kChunk;
        std::size_t n = 0;
        const Status s = pipeline->pipeline.poll({chunk, want}, n);
        if (s != Status::Ok) {
            *out_count = total;
            return code(s);
        }
        for (std::size_t i = 0; i < n; ++i) to_c(chunk[i], out_results[total + i]);
        total += n;
        if (n < want) break;
    }
    *out_count = total;
    return SGX_OK;
}

SGX_API int32_t sgx_pipeline_stop(sgx_pipeline* pipeline) {
    if (!pipeline) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t { return code(pipeline->pipeline.stop()); });
}

SGX_API int32_t sgx_pipeline_get_stats(sgx_pipeline_stats* out_stats, const sgx_pipeline* pipeline) {
    if (!out_stats || !pipeline) return SGX_ERR_NULL_POINTER;
    if (out_stats->struct_size != sizeof(sgx_pipeline_stats)) return SGX_ERR_STRUCT_SIZE;
    to_c(pipeline->pipeline.stats(), *out_stats);
    return SGX_OK;
}

SGX_API int32_t sgx_pipeline_get_engine_stats(sgx_engine_stats* out_stats, const sgx_pipeline* pipeline) {
    if (!out_stats || !pipeline) return SGX_ERR_NULL_POINTER;
    if (out_stats->struct_size != sizeof(sgx_engine_stats)) return SGX_ERR_STRUCT_SIZE;
    to_c(pipeline->pipeline.engine().stats_snapshot(), *out_stats);
    return SGX_OK;
}

SGX_API int32_t sgx_pipeline_notify_fd(int* out_fd, const sgx_pipeline* pipeline) {
    if (!out_fd || !pipeline) return SGX_ERR_NULL_POINTER;
    *out_fd = pipeline->pipeline.notify_fd();
    return *out_fd >= 0 ? SGX_OK : SGX_ERR_INTERNAL;
}

SGX_API int32_t sgx_pipeline_arm_notify(sgx_pipeline* pipeline) {
    if (!pipeline) return SGX_ERR_NULL_POINTER;
    pipeline->pipeline.arm_notify();
    return SGX_OK;
}

}  // extern "C"
