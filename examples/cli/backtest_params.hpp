// `sigmax-exec backtest --param k=v`: the built-in strategies' parameters
// (docs/backtesting.md, "The example strategies") and the venue settings a backtest may override.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sigmax/venue/venue.hpp"

namespace sigmax::cli {

// Prices in ticks, order sizes in lots, positions in units (converted to
// lots with the symbol's lot size when the strategy is made).
struct BacktestParams {
    std::string strategy;                    // "grid" or "quote"
    int levels = 20;                         // grid: orders a side
    std::int64_t spacing = 10;               // grid: ticks between orders
    std::int64_t half_spread = 20;           // grid: ticks from the mid to the nearest order (at least)
    std::int64_t offset = 1;                 // quote: ticks outside the best prices
    std::int64_t lots = 100;                 // lots an order
    double max_position = 5.0;               // units either way
    std::int64_t interval_ns = 100'000'000;  // between two requotes
    venue::Config config;                    // the examples' venue (backtest_venue_config())
    // Every parameter in effect, as JSON values in a stable order: the
    // strategy's, then the venue settings given on the command line.
    std::vector<std::pair<std::string, std::string>> json;
};

// The examples' venue: constant latency 10 ms each way, power(2) queues, no
// partial fills, VALUE fees maker -0.00005, taker 0.0007.
venue::Config backtest_venue_config() noexcept;

// The parameters of `strategy` with `assignments` ("k=v") applied in order.
// False with `error` naming the parameter for an unknown strategy or name,
// a missing '=', or a value out of its range.
bool parse_backtest_params(const std::string& strategy, const std::vector<std::string>& assignments,
                           BacktestParams& out, std::string& error);

}  // namespace sigmax::cli
