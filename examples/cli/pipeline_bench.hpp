// `sigmax-exec bench --pipeline`: the order pipeline's throughput and round
// trip, next to a plain SPSC ring ping-pong measured in the same run.
#pragma once

#include "bench.hpp"

namespace sigmax::cli {

int run_pipeline_bench(const BenchOptions& options);

}  // namespace sigmax::cli
