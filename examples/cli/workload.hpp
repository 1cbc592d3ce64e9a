// The deterministic built-in order flow that `sigmax-exec bench` replays.
//
// Per symbol, a mid price random-walks by one tick every few events around
// 100.00 (tick 0.01, lot 0.01). The mix, per event:
//   20% cancel of an order placed passively earlier (it may have filled since),
//   10% market order (IOC),
//   70% limit order within 7 ticks of the mid: 20% of them cross the spread,
//       10% join the mid, the rest add depth behind it;
//       time in force 85% GTC, 5% IOC, 5% FOK, 5% POST_ONLY.
// The generator uses splitmix64 so that the Python package can produce the
// identical stream (sigmax_exec/_workload.py).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sigmax/types.hpp"
#include "sigmax_exec.h"

namespace sigmax::cli {

struct Event {
    enum class Kind : std::uint8_t { New, Cancel };
    Kind kind = Kind::New;
    OrderRequest order;          // Kind::New
    std::uint64_t cancel_id = 0; // Kind::Cancel: an order id (ids are 1, 2, 3 ... in order of New events)
};

struct WorkloadParams {
    std::uint64_t events = 2'000'000;
    std::uint32_t symbols = 4;
    std::uint64_t seed = 1;
    bool deep = false;  // first build ~100 levels a side per symbol
};

struct Workload {
    WorkloadParams params;
    double tick_size = 0.01;
    double lot_size = 0.01;
    std::uint64_t warmup_events = 0;  // leading events that build the book (deep only)
    std::vector<Event> events;
    std::uint64_t new_orders = 0, cancels = 0, market_orders = 0;
};

Workload generate(const WorkloadParams& p);
std::string describe(const Workload& w);
// An order as the C API takes it.
sgx_order to_c_order(const OrderRequest& o);

class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() noexcept {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::uint64_t below(std::uint64_t n) noexcept { return next() % n; }

private:
    std::uint64_t state_;
};

}  // namespace sigmax::cli
