// Microbenchmarks of the queries in ticks (docs/semantics.md, "Queries in
// ticks") beside the double queries they mirror. Run:
//   cmake --workflow --preset bench && ./build/bench/bench/sigmax_micro --benchmark_filter='Ticks|LotsAt|TopOfBook'
#include <benchmark/benchmark.h>

#include <array>

#include "sigmax/book_queries.hpp"
#include "sigmax/engine.hpp"

using namespace sigmax;

namespace {

struct NoEvents {
    void operator()(const OrderEvent&) const noexcept {}
};

NewOrder gtc(std::uint64_t id, Side side, std::int64_t price) {
    NewOrder o;
    o.client_id = id;
    o.price = price;
    o.lots = 1;
    o.symbol = 1;
    o.side = side;
    return o;
}

// Symbol 1: 20 bid and 20 ask levels of `per_level` orders of 1 lot each.
// Bids take the odd ids, asks the even ones; the best bid is 100.
void fill_book(Engine& e, std::int64_t per_level) {
    std::uint64_t id = 1;
    for (std::int64_t l = 0; l < 20; ++l)
        for (std::int64_t k = 0; k < per_level; ++k) {
            (void)e.submit(gtc(id++, Side::Buy, 100 - l), NoEvents{});
            (void)e.submit(gtc(id++, Side::Sell, 200 + l), NoEvents{});
        }
}

Engine::Config small() {
    Engine::Config c;
    c.order_capacity = 1 << 16;
    c.fill_capacity = 0;
    return c;
}

void BM_TopOfBookDoubles(benchmark::State& state) {
    Engine e(small());
    fill_book(e, 4);
    TopOfBook t;
    for (auto _ : state) {
        (void)e.top_of_book(1, t);
        benchmark::DoNotOptimize(t);
    }
}
BENCHMARK(BM_TopOfBookDoubles);

void BM_TopTicks(benchmark::State& state) {
    Engine e(small());
    fill_book(e, 4);
    TopTicks t;
    for (auto _ : state) {
        (void)e.top_ticks(1, t);
        benchmark::DoNotOptimize(t);
    }
}
BENCHMARK(BM_TopTicks);

// Ten levels of one side into a caller's array.
void BM_DepthTicks10(benchmark::State& state) {
    Engine e(small());
    fill_book(e, 4);
    std::array<LevelTicks, 10> out;
    std::size_t n = 0;
    for (auto _ : state) {
        (void)e.depth_ticks(1, Side::Sell, out, n);
        benchmark::DoNotOptimize(out.data());
    }
}
BENCHMARK(BM_DepthTicks10);

// The level five ticks behind the touch.
void BM_LotsAt(benchmark::State& state) {
    Engine e(small());
    fill_book(e, 4);
    LevelTicks l;
    for (auto _ : state) {
        (void)e.lots_at(1, Side::Buy, 95, l);
        benchmark::DoNotOptimize(l);
    }
}
BENCHMARK(BM_LotsAt);

// The newest order of the best bid level: `range(0) - 1` orders ahead of it.
void BM_OrderTicks(benchmark::State& state) {
    const std::int64_t per_level = state.range(0);
    Engine e(small());
    fill_book(e, per_level);
    const auto last_bid = static_cast<std::uint64_t>(2 * per_level - 1);  // bids take the odd ids
    OrderTicks o;
    for (auto _ : state) {
        (void)e.order_ticks(last_bid, o);
        benchmark::DoNotOptimize(o);
    }
    state.counters["orders_ahead"] = static_cast<double>(o.orders_ahead);
}
BENCHMARK(BM_OrderTicks)->Arg(1)->Arg(10)->Arg(100)->Arg(1000);

void BM_OrderInfoDoubles(benchmark::State& state) {
    Engine e(small());
    fill_book(e, state.range(0));
    const auto last_bid = static_cast<std::uint64_t>(2 * state.range(0) - 1);
    OrderInfo o;
    for (auto _ : state) {
        (void)e.order_info(last_bid, o);
        benchmark::DoNotOptimize(o);
    }
}
BENCHMARK(BM_OrderInfoDoubles)->Arg(1)->Arg(1000);

// A Session's query: no claim.
void BM_SessionTopTicks(benchmark::State& state) {
    Engine e(small());
    fill_book(e, 4);
    Engine::Session s(e);
    TopTicks t;
    for (auto _ : state) {
        (void)s.top_ticks(1, t);
        benchmark::DoNotOptimize(t);
    }
}
BENCHMARK(BM_SessionTopTicks);

}  // namespace
