// A log-linear latency histogram in the style of HdrHistogram.
//
// Values below 64 ns have a bucket each. Above, each power of two [2^e, 2^e+1)
// is split into 64 equal buckets, so a bucket is at most 1/64 of its lower
// bound wide; percentiles report the bucket midpoint, within 1/128 (0.8%) of
// any value in it. Values at or beyond 2^kMaxExponent ns (about 18 minutes)
// share the last bucket.
//
// Concurrency: one writer at a time (the thread driving the engine) and any
// number of readers. Every cell is a relaxed atomic, so readers never race;
// a reader may see a record half-applied (the count updated, the bucket not
// yet), which only shifts a percentile by one sample.
#pragma once

#include <array>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>

namespace sigmax {

class LatencyHistogram {
public:
    static constexpr int kSubBucketBits = 6;
    static constexpr std::uint64_t kSubBuckets = 1u << kSubBucketBits;  // 64
    static constexpr int kMaxExponent = 40;
    static constexpr std::size_t kBucketCount =
        kSubBuckets + static_cast<std::size_t>(kMaxExponent - kSubBucketBits) * kSubBuckets;

    static std::size_t bucket_of(std::uint64_t v) noexcept {
        if (v < kSubBuckets) return static_cast<std::size_t>(v);
        const int e = static_cast<int>(std::bit_width(v)) - 1;  // 2^e <= v < 2^(e+1), e >= 6
        if (e >= kMaxExponent) return kBucketCount - 1;
        const std::uint64_t sub = (v >> (e - kSubBucketBits)) - kSubBuckets;
        return kSubBuckets + static_cast<std::size_t>(e - kSubBucketBits) * kSubBuckets +
               static_cast<std::size_t>(sub);
    }

    // Lowest value and width of a bucket.
    static std::uint64_t bucket_low(std::size_t b) noexcept {
        if (b < kSubBuckets) return b;
        const std::size_t k = b - kSubBuckets;
        const int e = static_cast<int>(k / kSubBuckets) + kSubBucketBits;
        const std::uint64_t sub = k % kSubBuckets;
        return (kSubBuckets + sub) << (e - kSubBucketBits);
    }
    static std::uint64_t bucket_width(std::size_t b) noexcept {
        if (b < kSubBuckets) return 1;
        const int e = static_cast<int>((b - kSubBuckets) / kSubBuckets) + kSubBucketBits;
        return std::uint64_t{1} << (e - kSubBucketBits);
    }

    // Single writer: a load and a store, no read-modify-write instruction.
    void record(std::uint64_t v) noexcept {
        auto& cell = counts_[bucket_of(v)];
        cell.store(cell.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        total_.store(total_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    }

    std::uint64_t count() const noexcept { return total_.load(std::memory_order_relaxed); }
    std::uint64_t bucket_count(std::size_t b) const noexcept {
        return counts_[b].load(std::memory_order_relaxed);
    }

    // Value at quantile q in [0, 1]: the midpoint of the bucket holding the
    // ceil(q * n)-th smallest sample; 0 when empty.
    std::uint64_t percentile(double q) const noexcept;

    void reset() noexcept {
        for (auto& c : counts_) c.store(0, std::memory_order_relaxed);
        total_.store(0, std::memory_order_relaxed);
    }

private:
    std::array<std::atomic<std::uint64_t>, kBucketCount> counts_{};
    std::atomic<std::uint64_t> total_{0};
};

}  // namespace sigmax
