// `sigmax-exec bench --replay FILE`: replays an event file into per-symbol L2
// or L3 books, several rounds, and reports the median events/s with the
// machine line. `sigmax-exec gen --market l2|l3`: writes a synthetic event
// file to measure on (a Binance-like L2 feed, or an L3 order flow).
#pragma once

#include <cstdint>
#include <string>

namespace sigmax::cli {

struct ReplayBenchOptions {
    std::string file;
    std::string book = "l2";  // l2 or l3
    int repeats = 5;
    bool json = false;
};
int run_replay_bench(const ReplayBenchOptions& options);

struct MarketGenOptions {
    std::string output;
    std::string book = "l2";  // which kind of feed
    std::uint64_t events = 1'000'000;
    std::uint64_t seed = 42;
};
int run_market_gen(const MarketGenOptions& options);

}  // namespace sigmax::cli
