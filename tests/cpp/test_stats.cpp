// Statistics: counters, histogram accuracy, concurrent readers.
#include "helpers.hpp"

#include <atomic>
#include <random>
#include <thread>

using namespace test;

TEST_CASE("counters count orders, fills, volume, rejects, cancels and resting orders", "[stats]") {
    Engine e;
    auto a = submit(e, limit(kSell, 100.0, 2.0));
    submit(e, limit(kSell, 101.0, 1.0));
    submit(e, limit(kBuy, 100.0, 1.5));
    submit(e, limit(kBuy, 101.0, 1.0, TimeInForce::PostOnly));  // rejected
    ExecutionReport r;
    CHECK(e.execute(limit(kBuy, 0.0, 1.0), r) == Status::InvalidPrice);
    REQUIRE(e.cancel(a.order_id) == Status::Ok);
    auto s = e.stats_snapshot();
    CHECK(s.orders_processed == 4);
    CHECK(s.fills == 1);
    CHECK(s.volume == Approx(1.5));
    CHECK(s.volume_lots == 150'000'000);
    CHECK(s.rejects == 1);
    CHECK(s.cancels == 1);
    CHECK(s.invalid_requests == 1);
    CHECK(s.resting_orders == 1);
    CHECK(s.latency_count == 4);
}

TEST_CASE("reset_stats zeroes counters but keeps the resting-order gauge", "[stats]") {
    Engine e;
    submit(e, limit(kSell, 100.0, 2.0));
    REQUIRE(e.reset_stats() == Status::Ok);
    auto s = e.stats_snapshot();
    CHECK(s.orders_processed == 0);
    CHECK(s.latency_count == 0);
    CHECK(s.latency_max_ns == 0);
    CHECK(s.resting_orders == 1);
}

TEST_CASE("every latency of a session is in the statistics once the session ends", "[stats]") {
    // A session keeps latencies back and records them in groups; none may be
    // lost, whether the session ends mid-group or after several groups.
    for (int orders : {1, 63, 64, 65, 200}) {
        CAPTURE(orders);
        Engine e;
        std::uint64_t max_reported = 0;
        {
            Engine::Session session(e);
            REQUIRE(session.owned());
            for (int i = 0; i < orders; ++i) {
                ExecutionReport r;
                REQUIRE(session.execute(limit(i % 2 ? kBuy : kSell, 100.0, 1.0), r) == Status::Ok);
                max_reported = std::max(max_reported, r.latency_ns);
            }
        }
        const auto s = e.stats_snapshot();
        CHECK(s.orders_processed == static_cast<std::uint64_t>(orders));
        CHECK(s.latency_count == static_cast<std::uint64_t>(orders));
        CHECK(s.latency_max_ns == max_reported);
    }
}

TEST_CASE("a clock difference that wrapped below zero converts to 0 ns", "[stats][clock]") {
    const Clock& c = Clock::instance();
    CHECK(c.to_ns(0) == 0);
    CHECK(c.to_ns(~std::uint64_t{0}) == 0);  // end read one tick before start
    CHECK(c.to_ns(std::uint64_t{1} << 63) == 0);
    const std::uint64_t a = c.now();
    const std::uint64_t b = c.now();
    CHECK(c.to_ns(b - a) < 1'000'000'000);  // monotonic on one thread: a small positive difference
}

TEST_CASE("histogram percentiles are within 1/64 of the exact ones", "[stats][histogram]") {
    LatencyHistogram h;
    std::mt19937_64 rng(7);
    std::lognormal_distribution<double> dist(5.0, 1.5);
    std::vector<std::uint64_t> values;
    for (int i = 0; i < 100000; ++i) {
        auto v = static_cast<std::uint64_t>(dist(rng)) + 1;
        values.push_back(v);
        h.record(v);
    }
    std::sort(values.begin(), values.end());
    for (double q : {0.5, 0.9, 0.99, 0.999}) {
        const auto exact = static_cast<double>(values[static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size()))) - 1]);
        const auto got = static_cast<double>(h.percentile(q));
        CAPTURE(q, exact, got);
        CHECK(std::fabs(got - exact) <= exact / 64.0 + 0.5);
    }
}

TEST_CASE("every value lands in a bucket whose bounds contain it", "[stats][histogram]") {
    for (std::uint64_t v : {0ull, 1ull, 63ull, 64ull, 65ull, 127ull, 128ull, 1000ull, 123456789ull, (1ull << 39) + 5}) {
        const auto b = LatencyHistogram::bucket_of(v);
        CAPTURE(v, b);
        CHECK(LatencyHistogram::bucket_low(b) <= v);
        CHECK(v < LatencyHistogram::bucket_low(b) + LatencyHistogram::bucket_width(b));
    }
    CHECK(LatencyHistogram::bucket_of(~0ull) == LatencyHistogram::kBucketCount - 1);
}

TEST_CASE("another thread reads statistics while the engine runs, without races", "[stats][threads]") {
    Engine e;
    std::atomic<bool> done{false};
    std::uint64_t last_seen = 0;
    bool monotonic = true;
    std::thread reader([&] {
        while (!done.load(std::memory_order_acquire)) {
            auto s = e.stats_snapshot();
            if (s.orders_processed < last_seen) monotonic = false;
            last_seen = s.orders_processed;
        }
    });
    for (int i = 0; i < 20000; ++i) {
        ExecutionReport r;
        REQUIRE(e.execute(limit(i % 2 ? kBuy : kSell, 100.0 + (i % 5), 1.0), r) == Status::Ok);
    }
    done.store(true, std::memory_order_release);
    reader.join();
    CHECK(monotonic);
    CHECK(e.stats_snapshot().orders_processed == 20000);
}
