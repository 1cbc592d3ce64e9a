// `sigmax-exec bench`: replays a workload through each engine variant and
// prints one row per variant.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "workload.hpp"

namespace sigmax::cli {

inline constexpr std::array<double, 14> kPercentiles = {0.0,   0.1,   0.25,   0.5,     0.75,    0.9,    0.95,
                                                        0.99,  0.995, 0.999,  0.9995,  0.9999,  0.99999, 1.0};

struct BenchRow {
    std::string engine;
    std::uint64_t operations = 0;  // orders and cancels
    double seconds = 0.0;          // median wall time of the bare (untimed) replays
    std::vector<double> round_seconds;  // each round's bare replay (native rows; see measure_throughput)
    double mean_ns = 0.0;
    std::uint64_t p50_ns = 0, p90_ns = 0, p99_ns = 0, p999_ns = 0, max_ns = 0;
    std::uint64_t fills = 0;
    std::uint64_t fill_checksum = 0;
    bool fills_consistent = true;      // timed and bare passes produced the same fills
    double peak_rss_mb = 0.0;          // peak resident memory of the process that ran the row
    std::array<std::uint64_t, kPercentiles.size()> percentiles{};  // ns at kPercentiles
    bool from_python = false;          // a row measured by `python -m sigmax_exec bench`
    double ops_per_sec() const { return seconds > 0 ? static_cast<double>(operations) / seconds : 0.0; }
};

struct BenchOptions {
    WorkloadParams workload;
    bool json = false;
    bool python = false;
    bool progress = false;   // force the progress bar (default: when stderr is a terminal)
    bool isolate = true;     // run each row in its own process (separate peak memory)
    int repeats = 5;         // throughput rounds: one bare replay of every row each; ops/s is the median
    std::string hdr_path;
};

int run_bench(const BenchOptions& options);

// The middle value (the upper of the two middle ones for an even count); v not empty.
double median(std::vector<double> v);

// Output (bench_output.cpp).
struct BenchContext {
    const Workload& workload;
    const char* clock_source;
    double ns_per_tick;
    std::uint64_t clock_overhead_ns;
};
void print_table(const std::vector<BenchRow>& rows, const BenchContext& ctx);
void print_json(const std::vector<BenchRow>& rows, const BenchContext& ctx);
bool write_hdr(const std::string& path, const std::vector<BenchRow>& rows);

}  // namespace sigmax::cli
