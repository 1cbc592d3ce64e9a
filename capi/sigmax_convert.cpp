// The C ABI of the feed converters: a thin layer over md::convert_to_file()
// (same rules as sigmax_exec.cpp: pointers and sizes checked, no exception
// escapes, the error detail set on failure).
#include <cstring>
#include <string>
#include <vector>

#include "capi_internal.hpp"
#include "sigmax/market/convert_file.hpp"

using namespace sigmax::capi;

namespace {

static_assert(sizeof(sgx_md_convert_options) == 48 && sizeof(sgx_md_convert_summary) == 208);
static_assert(sizeof(sgx_md_convert_summary{}.events_by_kind) ==
              sizeof(sigmax::md::ConvertSummary{}.events_by_kind));

void to_c(const sigmax::md::ConvertSummary& s, sgx_md_convert_summary& out) noexcept {
    out.reserved = 0;
    out.input_records = s.input_records;
    out.events = s.events;
    out.gaps = s.gaps;
    out.skipped = s.skipped;
    out.warnings = s.warnings.size();
    out.first_local_ts = s.first_local_ts;
    out.last_local_ts = s.last_local_ts;
    out.first_exch_ts = s.first_exch_ts;
    out.last_exch_ts = s.last_exch_ts;
    std::memcpy(out.events_by_kind, s.events_by_kind.data(), sizeof out.events_by_kind);
}

}  // namespace

extern "C" {

SGX_API size_t sgx_sizeof_md_convert_options(void) { return sizeof(sgx_md_convert_options); }
SGX_API size_t sgx_sizeof_md_convert_summary(void) { return sizeof(sgx_md_convert_summary); }

SGX_API int32_t sgx_md_convert_options_init(sgx_md_convert_options* options) {
    if (!options) return SGX_ERR_NULL_POINTER;
    std::memset(options, 0, sizeof *options);
    options->struct_size = sizeof *options;
    options->contract_size = 1.0;
    return SGX_OK;
}

SGX_API int32_t sgx_md_convert(sgx_md_convert_summary* out_summary, const char* format, const char* const* inputs,
                               size_t input_count, const char* output, const char* const* symbols,
                               size_t symbol_count, const sgx_md_convert_options* options) {
    if (!format || !output || (input_count > 0 && !inputs) || (symbol_count > 0 && !symbols))
        return SGX_ERR_NULL_POINTER;
    if (out_summary && out_summary->struct_size != sizeof(sgx_md_convert_summary)) return SGX_ERR_STRUCT_SIZE;
    if (options && options->struct_size != sizeof(sgx_md_convert_options)) return SGX_ERR_STRUCT_SIZE;
    if (options && (options->reserved[0] | options->reserved[1] | options->reserved[2]) != 0)
        return set_error_detail(SGX_ERR_RESERVED, "sgx_md_convert_options.reserved must be 0");
    for (size_t i = 0; i < input_count; ++i)
        if (!inputs[i]) return SGX_ERR_NULL_POINTER;
    for (size_t i = 0; i < symbol_count; ++i)
        if (!symbols[i]) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t {
        sigmax::md::ConvertOptions o;
        if (options) {
            if (std::memchr(options->venue, 0, sizeof options->venue) == nullptr)
                return set_error_detail(SGX_ERR_INVALID_CONFIG, "venue is not NUL-terminated within 16 bytes");
            o.inverse = options->inverse != 0;
            o.tick_size = options->tick_size;
            o.lot_size = options->lot_size;
            o.contract_size = options->contract_size;
            o.venue = options->venue;
        }
        o.symbols.assign(symbols, symbols + symbol_count);
        const std::vector<std::string> paths(inputs, inputs + input_count);
        sigmax::md::ConvertSummary summary;
        std::string error;
        const Status s = sigmax::md::convert_to_file(format, paths, output, o, summary, error);
        if (out_summary) to_c(summary, *out_summary);
        if (s != Status::Ok) return set_error_detail(code(s), error);
        return SGX_OK;
    });
}

}  // extern "C"
