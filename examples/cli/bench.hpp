// `sigmax-exec bench`: replays a workload through each engine variant and
// measures every operation with the engine's clock.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "workload.hpp"

namespace sigmax::cli {

struct BenchRow {
    std::string engine;
    std::uint64_t operations = 0;  // orders and cancels
    double seconds = 0.0;          // wall time of the whole replay, timing included
    double mean_ns = 0.0;
    std::uint64_t p50_ns = 0, p90_ns = 0, p99_ns = 0, p999_ns = 0, max_ns = 0;
    std::uint64_t fills = 0;
    std::uint64_t fill_checksum = 0;  // same fills => same checksum
    std::vector<std::pair<double, std::uint64_t>> percentiles;  // (percentile, ns) for --hdr
    double ops_per_sec() const { return seconds > 0 ? static_cast<double>(operations) / seconds : 0.0; }
};

struct BenchOptions {
    WorkloadParams workload;
    bool json = false;
    std::string hdr_path;
};

int run_bench(const BenchOptions& options);

}  // namespace sigmax::cli
