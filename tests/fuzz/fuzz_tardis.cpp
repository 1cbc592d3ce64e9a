// libFuzzer target: the Tardis.dev CSV converter on arbitrary bytes.
// Byte 0 picks the options (given tick/lot, a symbol filter) and whether the
// rest is split at its first form feed into two files to merge. On success
// every event must name a registered symbol; any crash or sanitizer report
// is a bug.
#include <cstdint>
#include <string_view>
#include <vector>

#include "sigmax/market/tardis.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace sigmax::md;
    if (size < 1) return 0;
    const std::uint8_t mode = data[0];
    const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    std::vector<NamedBytes> inputs;
    const std::size_t split = (mode & 1) != 0 ? rest.find('\f') : std::string_view::npos;
    if (split == std::string_view::npos) {
        inputs.push_back({"a.csv", rest});
    } else {
        inputs.push_back({"a.csv", rest.substr(0, split)});
        inputs.push_back({"b.csv", rest.substr(split + 1)});
    }
    ConvertOptions options;
    if ((mode & 2) != 0) options.tick_size = 0.01;
    if ((mode & 4) != 0) options.lot_size = 0.001;
    if ((mode & 8) != 0) options.symbols = {"BTCUSDT"};
    VectorSink sink;
    ConvertSummary summary;
    ConvertError error;
    if (convert_tardis_bytes(inputs, sink, options, summary, error) == sigmax::Status::Ok) {
        for (const Event& e : sink.events)
            if (e.symbol >= sink.symbols.size()) __builtin_trap();
        if (summary.events != sink.events.size()) __builtin_trap();
    } else {
        (void)error.message();
    }
    return 0;
}
