// Microbenchmarks of the engine's building blocks. Run:
//   cmake --workflow --preset bench && ./build/bench/bench/sigmax_micro
// Each benchmark keeps the book in a steady state so that iterations are alike.
#include <benchmark/benchmark.h>

#include "sigmax/clock.hpp"
#include "sigmax/engine.hpp"
#include "sigmax/detail/latency_histogram.hpp"
#include "sigmax/stats.hpp"

using namespace sigmax;

namespace {

OrderRequest limit(Side side, double price, double qty, TimeInForce tif = TimeInForce::GTC) {
    return OrderRequest{1, side, OrderType::Limit, tif, price, qty};
}

Engine::Config config(bool timestamps) {
    Engine::Config c;
    c.fill_capacity = 0;  // fills are counted, not kept: nothing to drain
    c.timestamps = timestamps;
    return c;
}

// A book with some depth on both sides, away from the prices the benchmarks use.
void seed_depth(Engine& e) {
    ExecutionReport r;
    for (int i = 0; i < 20; ++i) {
        (void)e.execute(limit(Side::Buy, 90.0 - i * 0.01, 1.0), r);
        (void)e.execute(limit(Side::Sell, 110.0 + i * 0.01, 1.0), r);
    }
}

// Adds a resting order; every 1024 adds the orders are cancelled untimed.
void BM_AddRestingOrder(benchmark::State& state) {
    Engine e(config(state.range(0) != 0));
    e.configure_symbol(1, 0.01, 0.01);
    seed_depth(e);
    ExecutionReport r;
    std::vector<std::uint64_t> ids;
    ids.reserve(1024);
    for (auto _ : state) {
        (void)e.execute(limit(Side::Buy, 99.0 - static_cast<double>(ids.size() % 8) * 0.01, 1.0), r);
        ids.push_back(r.order_id);
        if (ids.size() == 1024) {
            state.PauseTiming();
            for (auto id : ids) (void)e.cancel(id);
            ids.clear();
            state.ResumeTiming();
        }
    }
}
BENCHMARK(BM_AddRestingOrder)->Arg(1)->Arg(0)->ArgName("timestamps");

// Cancels a resting order; every 1024 cancels the orders are re-added untimed.
void BM_Cancel(benchmark::State& state) {
    Engine e(config(true));
    e.configure_symbol(1, 0.01, 0.01);
    seed_depth(e);
    ExecutionReport r;
    std::vector<std::uint64_t> ids;
    auto refill = [&] {
        ids.clear();
        for (int i = 0; i < 1024; ++i) {
            (void)e.execute(limit(Side::Buy, 99.0 - (i % 8) * 0.01, 1.0), r);
            ids.push_back(r.order_id);
        }
    };
    refill();
    std::size_t next = 0;
    for (auto _ : state) {
        (void)e.cancel(ids[next++]);
        if (next == ids.size()) {
            state.PauseTiming();
            refill();
            next = 0;
            state.ResumeTiming();
        }
    }
}
BENCHMARK(BM_Cancel);

// One resting order placed and then taken by an IOC order: two engine calls.
void BM_MatchAgainstOneLevel(benchmark::State& state) {
    Engine e(config(true));
    e.configure_symbol(1, 0.01, 0.01);
    seed_depth(e);
    ExecutionReport r;
    for (auto _ : state) {
        (void)e.execute(limit(Side::Sell, 100.0, 1.0), r);
        (void)e.execute(limit(Side::Buy, 100.0, 1.0, TimeInForce::IOC), r);
        benchmark::DoNotOptimize(r.executed_price);
    }
    state.SetItemsProcessed(state.iterations() * 2);
}
BENCHMARK(BM_MatchAgainstOneLevel);

// Five levels placed and swept by one market order: six engine calls. Compare
// with BM_PlaceFiveLevels for the sweep alone.
void BM_SweepFiveLevels(benchmark::State& state) {
    Engine e(config(true));
    e.configure_symbol(1, 0.01, 0.01);
    seed_depth(e);
    ExecutionReport r;
    for (auto _ : state) {
        for (int i = 0; i < 5; ++i) (void)e.execute(limit(Side::Sell, 100.0 + i * 0.01, 1.0), r);
        (void)e.execute(OrderRequest{1, Side::Buy, OrderType::Market, TimeInForce::IOC, 0.0, 5.0}, r);
        benchmark::DoNotOptimize(r.fill_count);
    }
}
BENCHMARK(BM_SweepFiveLevels);

void BM_PlaceFiveLevels(benchmark::State& state) {
    Engine e(config(true));
    e.configure_symbol(1, 0.01, 0.01);
    seed_depth(e);
    ExecutionReport r;
    std::vector<std::uint64_t> ids;
    for (auto _ : state) {
        for (int i = 0; i < 5; ++i) {
            (void)e.execute(limit(Side::Sell, 100.0 + i * 0.01, 1.0), r);
            ids.push_back(r.order_id);
        }
        state.PauseTiming();
        for (auto id : ids) (void)e.cancel(id);
        ids.clear();
        state.ResumeTiming();
    }
}
BENCHMARK(BM_PlaceFiveLevels);

void BM_TopOfBook(benchmark::State& state) {
    Engine e(config(true));
    seed_depth(e);
    TopOfBook t;
    for (auto _ : state) {
        (void)e.top_of_book(1, t);
        benchmark::DoNotOptimize(t);
    }
}
BENCHMARK(BM_TopOfBook);

void BM_StatsOnOrder(benchmark::State& state) {
    Stats s;
    std::uint64_t v = 100;
    for (auto _ : state) {
        s.on_order(v, false);
        v = v * 7 % 1000 + 50;
    }
    benchmark::DoNotOptimize(s.snapshot().orders_processed);
}
BENCHMARK(BM_StatsOnOrder);

void BM_HistogramRecord(benchmark::State& state) {
    LatencyHistogram h;
    std::uint64_t v = 100;
    for (auto _ : state) {
        h.record(v);
        v = v * 7 % 100000 + 50;
    }
    benchmark::DoNotOptimize(h.count());
}
BENCHMARK(BM_HistogramRecord);

void BM_ClockNow(benchmark::State& state) {
    const Clock& c = Clock::instance();
    for (auto _ : state) benchmark::DoNotOptimize(c.now());
}
BENCHMARK(BM_ClockNow);

}  // namespace
