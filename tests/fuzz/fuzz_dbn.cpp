// libFuzzer target: the Databento DBN MBO converter on arbitrary bytes
// (plain or zstd-compressed). Byte 0 picks the options (a given tick, a
// symbol filter). On success every event must name a registered symbol and
// snapshot markers must pair up per symbol; any crash or sanitizer report is a bug.
#include <cstdint>
#include <string_view>
#include <vector>

#include "sigmax/market/dbn.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace sigmax::md;
    if (size < 1) return 0;
    const std::uint8_t mode = data[0];
    const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    ConvertOptions options;
    if ((mode & 1) != 0) options.tick_size = 0.25;
    if ((mode & 2) != 0) options.symbols = {"ESM4"};
    VectorSink sink;
    ConvertSummary summary;
    ConvertError error;
    if (convert_dbn_bytes(rest, "fuzz.dbn", sink, options, summary, error) == sigmax::Status::Ok) {
        std::vector<int> open(sink.symbols.size(), 0);
        for (const Event& e : sink.events) {
            if (e.symbol >= sink.symbols.size()) __builtin_trap();
            if (e.kind == SGX_MD_SNAPSHOT_BEGIN && open[e.symbol]++ != 0) __builtin_trap();
            if (e.kind == SGX_MD_SNAPSHOT_END && --open[e.symbol] != 0) __builtin_trap();
        }
        for (int o : open)
            if (o != 0) __builtin_trap();
    } else {
        (void)error.message();
    }
    return 0;
}
