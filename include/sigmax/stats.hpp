// Engine statistics: counters and a latency histogram that any thread may
// read while the engine runs.
//
// Each field has one writer at a time (the thread driving the engine) and is
// a relaxed atomic, updated with a plain load and store. Readers get each
// field exactly, but fields of one snapshot may come from slightly different
// moments (e.g. `fills` may already include a trade that `volume` does not).
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>

#include "sigmax/detail/latency_histogram.hpp"

namespace sigmax {

struct StatsSnapshot {
    std::uint64_t orders_processed = 0;
    std::uint64_t fills = 0;
    std::uint64_t volume_lots = 0;
    double volume = 0.0;
    std::uint64_t rejects = 0;
    std::uint64_t cancels = 0;
    std::uint64_t amends = 0;
    std::uint64_t invalid_requests = 0;
    std::uint64_t resting_orders = 0;
    std::uint64_t latency_count = 0;
    double latency_avg_ns = 0.0;
    std::uint64_t latency_min_ns = 0;
    std::uint64_t latency_max_ns = 0;
    std::uint64_t latency_p50_ns = 0;
    std::uint64_t latency_p90_ns = 0;
    std::uint64_t latency_p99_ns = 0;
    std::uint64_t latency_p999_ns = 0;
};

class Stats {
public:
    void on_order(std::uint64_t latency_ns, bool rejected, bool timed = true) noexcept {
        bump(orders_processed_);
        if (rejected) bump(rejects_);
        if (!timed) return;
        pending_[pending_count_++] = latency_ns;
        if (pending_count_ == kPendingLatencies) flush_latencies();
    }
    // Records the latencies that on_order() keeps back. The engine calls it
    // whenever it releases its claim, so a reader sees every order of a
    // finished call (and, during a long run, all but the last few).
    void flush_latencies() noexcept {
        for (std::uint32_t k = 0; k < pending_count_; ++k) record_latency(pending_[k]);
        pending_count_ = 0;
    }
    void on_fill(std::uint64_t lots, double quantity) noexcept {
        bump(fills_);
        add(volume_lots_, lots);
        volume_.store(volume_.load(std::memory_order_relaxed) + quantity, std::memory_order_relaxed);
    }
    void on_cancel() noexcept { bump(cancels_); }
    void on_amend() noexcept { bump(amends_); }
    void on_invalid() noexcept { bump(invalid_requests_); }
    void on_rest() noexcept { bump(resting_); }
    void on_unrest() noexcept { resting_.store(resting_.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed); }

    StatsSnapshot snapshot() const noexcept;
    // Zeroes everything except the resting-orders gauge, which describes the
    // books rather than past activity.
    void reset() noexcept;

private:
    using Counter = std::atomic<std::uint64_t>;
    // The latency's bucket is known only once the clock read that ends an
    // order has returned, and that read is slow (BM_ClockNow). Recording
    // right away would put the histogram's load and store behind it on the
    // path to the next order; kept back and recorded a batch at a time, they
    // run when their values are long known (scripts/ab-pair.sh measures the
    // difference on the matching thread).
    static constexpr std::uint32_t kPendingLatencies = 64;
    void record_latency(std::uint64_t latency_ns) noexcept {
        histogram_.record(latency_ns);
        add(latency_sum_ns_, latency_ns);
        if (latency_ns < min_ns_.load(std::memory_order_relaxed))
            min_ns_.store(latency_ns, std::memory_order_relaxed);
        if (latency_ns > max_ns_.load(std::memory_order_relaxed))
            max_ns_.store(latency_ns, std::memory_order_relaxed);
    }
    static void bump(Counter& c) noexcept { add(c, 1); }
    static void add(Counter& c, std::uint64_t v) noexcept {
        c.store(c.load(std::memory_order_relaxed) + v, std::memory_order_relaxed);
    }

    Counter orders_processed_{0};
    Counter fills_{0};
    Counter volume_lots_{0};
    std::atomic<double> volume_{0.0};
    Counter rejects_{0};
    Counter cancels_{0};
    Counter amends_{0};
    Counter invalid_requests_{0};
    Counter resting_{0};
    Counter latency_sum_ns_{0};
    Counter min_ns_{std::numeric_limits<std::uint64_t>::max()};
    Counter max_ns_{0};
    LatencyHistogram histogram_;
    // Writer-side only (never read by other threads): see on_order().
    std::uint64_t pending_[kPendingLatencies] = {};
    std::uint32_t pending_count_ = 0;
};

}  // namespace sigmax
