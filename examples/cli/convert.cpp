#include "convert.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include "progress.hpp"
#include "sigmax/market/convert_file.hpp"
#include "sigmax/market/summary.hpp"

namespace sigmax::cli {

int run_convert(const ConvertCliOptions& o) {
    md::ConvertOptions options;
    options.symbols = o.symbols;
    options.tick_size = o.tick_size;
    options.lot_size = o.lot_size;
    options.contract_size = o.contract_size;
    options.inverse = o.inverse;
    options.venue = o.venue;
    constexpr std::size_t kPermille = 1000;
    Progress progress(o.progress || isatty(STDERR_FILENO), "converting", kPermille);
    options.progress = [&](std::uint64_t done, std::uint64_t total) {
        if (total > 0) progress.update(static_cast<std::size_t>(kPermille * std::min(done, total) / total));
    };
    md::ConvertSummary summary;
    std::string error;
    const Status s = md::convert_to_file(o.format, o.inputs, o.output, options, summary, error);
    progress.update(kPermille);
    if (s != Status::Ok) {
        fmt::print(stderr, "sigmax-exec convert: {}\n", error);
        return 2;
    }
    fmt::print("{} -> {}: {} events\n{}", o.format, o.output, summary.events, md::describe(summary));
    return 0;
}

}  // namespace sigmax::cli
