// `sigmax-exec bench --workload exchange`: the exchange workload
// (exchange_workload.hpp) on each price path through three engines behind
// the same driver (exchange_driver.hpp, exchange_adapters.hpp): sigmax
// through its C++ API, sigmax through its C ABI, and the textbook std::map
// book. Throughput in messages per second, the reports' hashes required
// equal across the engines.
#pragma once

#include "exchange_workload.hpp"

namespace sigmax::cli {

struct ExchangeBenchOptions {
    ExchangeParams workload;
    bool json = false;
    int rounds = 3;  // replays per engine and path, engines interleaved; figures are medians
};

// 0, or 3 when the engines' reports differ or an engine refused a message.
int run_exchange_bench(const ExchangeBenchOptions& options);

}  // namespace sigmax::cli
