// `sigmax-exec backtest`: a built-in C++ strategy (grid or quote,
// docs/backtesting.md, "The example strategies") over event files, one
// venue per file, recorded and summarised as the Python package does
// (docs/backtesting.md, "Recorder, summary and plot").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sigmax::cli {

struct BacktestOptions {
    std::vector<std::string> files;
    std::string strategy = "grid";
    std::vector<std::string> params;          // "k=v", applied in order
    std::string symbol;                       // "" = each file's first symbol
    std::int64_t interval_ns = 100'000'000;   // recording interval (local time)
    std::optional<double> capital;            // for return and max_drawdown_pct
    bool json = false;
    bool progress = false;                    // a bar even when stderr is not a terminal
    std::string plot;                         // PNG path ("" = none)
    std::string record;                       // recording CSV path ("" = none)
};

// 0, 2 for bad parameters, an unreadable file, an unknown symbol or a failed
// plot (with a message on stderr), 1 when the venue fails.
int run_backtest(const BacktestOptions& options);

// The output path of file `index` of `count`: `path` itself for one file,
// else `path` with _<index + 1> before its extension (out.csv -> out_1.csv).
std::string numbered_path(const std::string& path, std::size_t index, std::size_t count);

}  // namespace sigmax::cli
