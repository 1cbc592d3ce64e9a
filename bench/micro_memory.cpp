// How many independent cache misses the CPU overlaps, depending on what runs
// between them: the reason the engine prefetches a few operations ahead
// instead of relying on out-of-order execution. Run:
//   ./build/bench/bench/sigmax_micro --benchmark_filter=Misses
//
// Each iteration loads one random 8-byte word of a 256 MiB array (on 2 MiB
// pages, so the misses are cache misses, not page walks), then does the
// argument's work: nothing, one clock read, or a run of cheap independent
// adds; or, in place of the load, a prefetch of that word followed by a
// clock read. No iteration depends on another, so the time per iteration is
// the miss latency divided by the number of misses in flight.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "sigmax/clock.hpp"
#include "sigmax/detail/huge_pages.hpp"

using namespace sigmax;

namespace {

constexpr std::size_t kWords = std::size_t{1} << 25;  // 256 MiB
constexpr std::size_t kVisits = std::size_t{1} << 16;

enum Between : int { kNothing = 0, kClockRead = 1, kTwentyAdds = 2, kFortyAdds = 3, kPrefetchAndClockRead = 4 };

const std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>>& words() {
    static const std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> w(kWords, 1);
    return w;
}

const std::vector<std::uint32_t>& visits() {
    static const std::vector<std::uint32_t> v = [] {
        std::vector<std::uint32_t> out(kVisits);
        std::mt19937 rng(1);
        for (auto& i : out) i = static_cast<std::uint32_t>(rng() & (kWords - 1));
        return out;
    }();
    return v;
}

// `n` adds in four independent chains: cheap, but each takes a place in the
// CPU's reorder window, as an order's own instructions do.
inline void adds(std::uint64_t (&x)[4], int n) {
    for (int k = 0; k < n; k += 4) {
#if defined(__x86_64__)
        asm volatile("add $1, %0\n\tadd $1, %1\n\tadd $1, %2\n\tadd $1, %3"
                     : "+r"(x[0]), "+r"(x[1]), "+r"(x[2]), "+r"(x[3]));
#else
        for (auto& v : x) benchmark::DoNotOptimize(++v);
#endif
    }
}

void BM_IndependentMisses(benchmark::State& state) {
    const auto between = static_cast<Between>(state.range(0));
    const auto& w = words();
    const auto& v = visits();
    const Clock& clock = Clock::instance();
    std::uint64_t sum = 0, ticks = 0;
    std::uint64_t x[4] = {};
    for (auto _ : state) {
        for (const std::uint32_t i : v) {
            if (between == kPrefetchAndClockRead) {
                __builtin_prefetch(&w[i]);
                ticks += clock.now();
                continue;
            }
            sum += w[i];
            if (between == kClockRead) ticks += clock.now();
            else if (between == kTwentyAdds) adds(x, 20);
            else if (between == kFortyAdds) adds(x, 40);
        }
    }
    benchmark::DoNotOptimize(sum + ticks + x[0] + x[1] + x[2] + x[3]);
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kVisits));
    state.counters["ns_per_miss"] = benchmark::Counter(
        static_cast<double>(state.iterations()) * static_cast<double>(kVisits),
        benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_IndependentMisses)
    ->ArgName("between")
    ->Arg(kNothing)
    ->Arg(kClockRead)
    ->Arg(kTwentyAdds)
    ->Arg(kFortyAdds)
    ->Arg(kPrefetchAndClockRead)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
