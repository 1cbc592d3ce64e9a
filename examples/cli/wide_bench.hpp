// `sigmax-exec bench --workload wide`: the wide workload (wide_workload.hpp)
// through sigmax and the std::map baseline, one latency distribution per
// kind of operation, and what a sweep costs per level it takes.
#pragma once

#include "wide_workload.hpp"

namespace sigmax::cli {

struct WideBenchOptions {
    WideParams workload;
    bool json = false;
    bool baseline = true;  // also replay it through baseline-stdmap
    int rounds = 3;        // replays per engine; each operation's figure is its fastest
};

int run_wide_bench(const WideBenchOptions& options);

}  // namespace sigmax::cli
