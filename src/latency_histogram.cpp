#include "sigmax/detail/latency_histogram.hpp"

#include <cmath>

namespace sigmax {

std::uint64_t LatencyHistogram::percentile(double q) const noexcept {
    // Sum the buckets rather than trusting total_: a concurrent writer may
    // have bumped one before the other.
    std::uint64_t n = 0;
    for (const auto& c : counts_) n += c.load(std::memory_order_relaxed);
    if (n == 0) return 0;
    if (q < 0.0) q = 0.0;
    if (q > 1.0) q = 1.0;
    auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(n)));
    if (rank == 0) rank = 1;
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < kBucketCount; ++b) {
        seen += counts_[b].load(std::memory_order_relaxed);
        if (seen >= rank) return bucket_low(b) + bucket_width(b) / 2;
    }
    return bucket_low(kBucketCount - 1);
}

}  // namespace sigmax
