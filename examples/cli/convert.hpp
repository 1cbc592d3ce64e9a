// `sigmax-exec convert`: a feed recording into an event file.
#pragma once

#include <string>
#include <vector>

namespace sigmax::cli {

struct ConvertCliOptions {
    std::vector<std::string> inputs;   // recordings; the last positional argument is the output
    std::string output;
    std::string format = "binance";    // binance, tardis or dbn
    std::vector<std::string> symbols;  // keep only these (empty: all)
    double tick_size = 0.0;            // 0: from the source
    double lot_size = 0.0;
    double contract_size = 1.0;
    bool inverse = false;
    std::string venue;
    bool progress = false;             // force the bar (default: when stderr is a terminal)
};

// 0 on success; 2 with the error (file, line or offset, rule) on stderr.
int run_convert(const ConvertCliOptions& options);

}  // namespace sigmax::cli
