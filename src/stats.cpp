#include "sigmax/stats.hpp"

#include <algorithm>

namespace sigmax {

StatsSnapshot Stats::snapshot() const noexcept {
    constexpr auto r = std::memory_order_relaxed;
    StatsSnapshot s;
    s.orders_processed = orders_processed_.load(r);
    s.fills = fills_.load(r);
    s.volume_lots = volume_lots_.load(r);
    s.volume = volume_.load(r);
    s.rejects = rejects_.load(r);
    s.cancels = cancels_.load(r);
    s.amends = amends_.load(r);
    s.invalid_requests = invalid_requests_.load(r);
    s.resting_orders = resting_.load(r);
    s.latency_count = histogram_.count();
    if (s.latency_count > 0) {
        s.latency_avg_ns = static_cast<double>(latency_sum_ns_.load(r)) / static_cast<double>(s.latency_count);
        s.latency_min_ns = min_ns_.load(r);
        s.latency_max_ns = max_ns_.load(r);
        // Percentiles are bucket midpoints; keep them inside the exact range.
        auto clamp = [&](std::uint64_t v) { return std::clamp(v, s.latency_min_ns, std::max(s.latency_min_ns, s.latency_max_ns)); };
        s.latency_p50_ns = clamp(histogram_.percentile(0.50));
        s.latency_p90_ns = clamp(histogram_.percentile(0.90));
        s.latency_p99_ns = clamp(histogram_.percentile(0.99));
        s.latency_p999_ns = clamp(histogram_.percentile(0.999));
    }
    return s;
}

void Stats::reset() noexcept {
    constexpr auto r = std::memory_order_relaxed;
    for (Counter* c : {&orders_processed_, &fills_, &volume_lots_, &rejects_, &cancels_, &amends_,
                       &invalid_requests_, &latency_sum_ns_, &max_ns_})
        c->store(0, r);
    volume_.store(0.0, r);
    min_ns_.store(std::numeric_limits<std::uint64_t>::max(), r);
    histogram_.reset();
    pending_count_ = 0;
}

}  // namespace sigmax
