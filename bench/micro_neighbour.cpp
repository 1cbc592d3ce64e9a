// What the second core's activity costs the matching thread: the default
// workload replayed as the pipeline's matching thread runs it, without
// rings (replay_as_matching_thread, the `bench --pipeline` ceiling), with on
// the other vCPU:
//   0  nothing;
//   1  a thread that only spins reading the count of events done, which the
//      matching loop publishes once per batch;
//   2  a thread that writes one cache line per event into a 1 MiB ring that
//      the matching loop reads, prefetched a batch ahead: the least that any
//      pipeline between two cores moves per event;
//   3  the same ring read by the matching loop, written by itself before
//      (no second thread): the cost of the extra loads alone;
//   4  OtherCoreBusy: a thread that spins on a counter of its own, sharing
//      nothing (what `bench --pipeline` runs for "other core busy").
// Run (the VM's speed drifts, so interleave the cases and repeat):
//   ./build/bench/bench/sigmax_micro --benchmark_filter=Beside
//       --benchmark_repetitions=10 --benchmark_enable_random_interleaving=true
// (one command line).
#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <thread>
#include <vector>

#include "ceiling.hpp"

using namespace sigmax;
using namespace sigmax::cli;

namespace {

enum Neighbour : int { kNone = 0, kSpinsOnCount = 1, kWritesLinesWeRead = 2, kOwnLines = 3, kBusyAlone = 4 };

const Workload& workload() {
    static const Workload w = generate(WorkloadParams{});
    return w;
}

// A ring line holds the event it was last written for.
using Line = OwnLine<std::atomic<std::uint64_t>>;

constexpr std::size_t kRing = 16384;           // lines: 1 MiB, the submission ring's size in `bench --pipeline`
constexpr std::size_t kReadAhead = Pipeline::kBatch;

void BM_MatchingThreadBesideNeighbour(benchmark::State& state) {
    const auto neighbour = static_cast<Neighbour>(state.range(0));
    const Workload& w = workload();
    const std::size_t total = w.events.size();
    const std::vector<PipelineMessage> messages = as_messages(w);
    for (auto _ : state) {
        Engine::Config config;
        config.order_capacity = 1u << 17;
        Engine e(config);
        for (std::uint32_t s = 0; s < w.params.symbols; ++s) (void)e.configure_symbol(s, w.tick_size, w.lot_size);
        std::vector<Line> ring(kRing);
        // Alone on their lines (OwnLine): the neighbour spins on them.
        OwnLine<std::atomic<std::uint64_t>> done_line;
        OwnLine<std::atomic<bool>> stop_line;
        auto& done = done_line.value;
        auto& stop = stop_line.value;
        std::thread other;
        if (neighbour == kSpinsOnCount) {
            other = std::thread([&] {
                std::uint64_t seen = 0;
                while (!stop.load(std::memory_order_relaxed)) seen += done.load(std::memory_order_acquire);
                benchmark::DoNotOptimize(seen);
            });
        } else if (neighbour == kWritesLinesWeRead) {
            // It stays one ring behind the events done (minus a margin), so
            // the line of every event is written before it is read.
            other = std::thread([&] {
                for (std::uint64_t next = 0; !stop.load(std::memory_order_relaxed);) {
                    const std::uint64_t limit = done.load(std::memory_order_acquire) + kRing - 2 * kReadAhead;
                    for (; next < limit && next < total; ++next)
                        ring[next % kRing].value.store(next, std::memory_order_release);
                }
            });
        } else if (neighbour == kOwnLines) {
            for (std::uint64_t i = 0; i < kRing; ++i) ring[i].value.store(i, std::memory_order_relaxed);
        }
        std::optional<OtherCoreBusy> busy;
        if (neighbour == kBusyAlone) busy.emplace();
        std::uint64_t checked = 0;
        auto batch_done = [&](std::size_t next) {
            if (neighbour == kWritesLinesWeRead || neighbour == kOwnLines) {
                // The batch's lines, as the matching thread reads its messages.
                for (std::uint64_t k = checked; k < next; ++k) {
                    __builtin_prefetch(&ring[(k + kReadAhead) % kRing]);
                    const std::uint64_t want = neighbour == kOwnLines ? k % kRing : k;
                    while (ring[k % kRing].value.load(std::memory_order_acquire) != want) {
                    }
                }
                checked = next;
            }
            done.store(next, std::memory_order_release);
        };
        const auto start = std::chrono::steady_clock::now();
        const std::uint64_t lots = replay_as_matching_thread(e, messages, 0, total, batch_done);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        stop.store(true);
        if (other.joinable()) other.join();
        busy.reset();
        if (lots != e.stats_snapshot().volume_lots) state.SkipWithError("fills lost");
        state.SetIterationTime(seconds);
    }
    state.counters["events_per_s"] =
        benchmark::Counter(static_cast<double>(total), benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

BENCHMARK(BM_MatchingThreadBesideNeighbour)
    ->ArgName("neighbour")
    ->Arg(kNone)
    ->Arg(kSpinsOnCount)
    ->Arg(kWritesLinesWeRead)
    ->Arg(kOwnLines)
    ->Arg(kBusyAlone)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
