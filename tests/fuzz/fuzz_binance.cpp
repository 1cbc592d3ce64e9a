// libFuzzer target: the Binance converter on arbitrary bytes (gzip, zstd or text).
// Whatever the input, the converter returns a status without crashing, and
// what it did emit is well formed: every event names a registered symbol and
// no depth quantity is negative.
//
// Built by the `fuzz` preset with the other targets (tests/fuzz/CMakeLists.txt);
// run with scripts/fuzz.sh fuzz_binance [SECONDS].
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sigmax/market/binance.hpp"

namespace {

void check(const sigmax::md::VectorSink& sink) {
    for (const sigmax::md::Event& e : sink.events) {
        if (e.symbol >= sink.symbols.size()) std::abort();
        if (e.kind == SGX_MD_LEVEL && e.quantity < 0) std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view content(reinterpret_cast<const char*>(data), size);
    for (int given_grid = 0; given_grid < 2; ++given_grid) {
        sigmax::md::ConvertOptions options;
        if (given_grid) {
            options.tick_size = 0.1;
            options.lot_size = 0.001;
        }
        sigmax::md::VectorSink sink;
        sigmax::md::ConvertSummary summary;
        sigmax::md::ConvertError error;
        const sigmax::Status status = sigmax::md::convert_binance_bytes(content, "fuzz", sink, options, summary, error);
        if (status != sigmax::Status::Ok && status != sigmax::Status::Format) std::abort();
        if (status != sigmax::Status::Ok && error.rule.empty()) std::abort();
        check(sink);
    }
    return 0;
}
