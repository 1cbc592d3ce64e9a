#include "pipeline_bench.hpp"

#include "machine.hpp"
#include "ceiling.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <thread>

#include "sigmax/detail/huge_pages.hpp"
#include "sigmax/detail/latency_histogram.hpp"
#include "sigmax/pipeline.hpp"
#include "sigmax/detail/spsc_ring.hpp"

namespace sigmax::cli {

namespace {

constexpr std::size_t kSubmitBatch = 64;
constexpr int kRoundTrips = 50000;
// Working sets of the load-latency rows: within the L2, about the default
// book, beyond any L3.
constexpr std::size_t kLoadMiB[3] = {1, 4, 64};

struct Latency {
    std::uint64_t p50 = 0, p99 = 0, p999 = 0;
};

Latency summarise(const LatencyHistogram& h) { return {h.percentile(0.5), h.percentile(0.99), h.percentile(0.999)}; }

Pipeline::Config config(WaitStrategy wait) {
    Pipeline::Config c;
    c.queue_capacity = 16384;
    c.wait = wait;
    c.engine.order_capacity = 1u << 17;
    return c;
}

// Gives the workload's symbols their tick and lot, on a Pipeline or an Engine.
template <class Target>
void configure(Target& t, const Workload& w) {
    for (std::uint32_t s = 0; s < w.params.symbols; ++s) (void)t.configure_symbol(s, w.tick_size, w.lot_size);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// One producer (this thread) submits the whole workload in batches of
// consecutive orders and polls results in between; the matching thread runs
// on the other core. Returns events per second, end to end; `complete` says
// whether every submission came back once, in sequence order, with all the
// fills the engine made.
double throughput(const Workload& w, WaitStrategy wait, bool& complete) {
    Pipeline p(config(wait));
    configure(p, w);
    std::vector<OrderRequest> batch;
    batch.reserve(kSubmitBatch);
    std::vector<PipelineResult> out(4096);
    std::uint64_t reports = 0, fills = 0;
    bool in_order = true;
    auto drain = [&] {
        std::size_t n = 0;
        (void)p.poll(out, n);
        for (std::size_t i = 0; i < n; ++i) {
            if (out[i].kind == ResultKind::Fill) {
                ++fills;
                continue;
            }
            in_order = in_order && out[i].sequence == reports + 1;
            ++reports;
        }
        return n;
    };
    // Submits events [begin, end): runs of orders in batches, cancels one by one.
    auto feed = [&](std::size_t begin, std::size_t end) {
        std::size_t i = begin;
        while (i < end) {
            const Event& e = w.events[i];
            if (e.kind == Event::Kind::Cancel) {
                std::uint64_t seq = 0;
                while (p.submit_cancel(e.cancel_id, seq) == Status::QueueFull) drain();
                ++i;
                continue;
            }
            batch.clear();
            while (i < end && batch.size() < kSubmitBatch && w.events[i].kind == Event::Kind::New)
                batch.push_back(w.events[i++].order);
            std::size_t sent = 0;
            while (sent < batch.size()) {
                std::uint64_t first = 0;
                std::size_t accepted = 0;
                (void)p.submit_batch(std::span(batch).subspan(sent), first, accepted);
                sent += accepted;
                if (sent < batch.size()) drain();
            }
            drain();  // keep the result ring short: the owner polls as it goes
        }
    };
    // The deep workload's book-building orders go first, untimed.
    feed(0, w.warmup_events);
    while (reports < w.warmup_events) drain();
    const std::size_t total = w.events.size();
    const auto start = std::chrono::steady_clock::now();
    feed(w.warmup_events, total);
    while (reports < total) drain();
    const double seconds = seconds_since(start);
    (void)p.stop();
    while (drain() > 0) {
    }
    complete = in_order && reports == total && fills == p.engine().stats_snapshot().fills;
    return static_cast<double>(total - w.warmup_events) / seconds;
}

// The ceilings of the pipeline's throughput, measured in the same rounds.
//
// The engine alone: the same events through the same engine configuration,
// called directly from this thread, one call per event (fills drained after
// each order, as the matching thread does). The matching thread itself
// claims the engine once per batch and looks ahead: matching_alone() below
// drives the engine its way.
double engine_alone(const Workload& w) {
    Engine e(config(WaitStrategy::Spin).engine);
    configure(e, w);
    std::vector<Fill> fills(1024);
    ExecutionReport r;
    auto replay = [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
            const Event& ev = w.events[i];
            if (ev.kind == Event::Kind::Cancel) {
                (void)e.cancel(ev.cancel_id);
                continue;
            }
            (void)e.execute(ev.order, r);
            std::size_t n = 0;
            if (r.fill_count > 0)
                do (void)e.drain_fills(fills, n); while (n == fills.size());
        }
    };
    replay(0, w.warmup_events);
    const auto start = std::chrono::steady_clock::now();
    replay(w.warmup_events, w.events.size());
    const double seconds = seconds_since(start);
    return static_cast<double>(w.events.size() - w.warmup_events) / seconds;
}

// The matching thread's own ceiling: the same engine driven as the matching
// thread drives it (replay_as_matching_thread), by this thread alone,
// without rings. The pipeline's distance to it is what the rings and the
// exchange between the cores cost. `complete` says whether the fills taken
// add up to the engine's volume.
//
// With `other_core_busy`, OtherCoreBusy runs meanwhile: a pipeline keeps
// both cores busy, and some machines slow one core while the other works
// (bench/micro_neighbour.cpp measures that apart).
double matching_alone(const Workload& w, bool other_core_busy, bool& complete) {
    Engine e(config(WaitStrategy::Spin).engine);
    configure(e, w);
    auto nothing = [](std::size_t) {};
    const std::vector<PipelineMessage> messages = as_messages(w);
    std::uint64_t lots = replay_as_matching_thread(e, messages, 0, w.warmup_events, nothing);
    std::optional<OtherCoreBusy> busy;
    if (other_core_busy) busy.emplace();
    const auto start = std::chrono::steady_clock::now();
    lots += replay_as_matching_thread(e, messages, w.warmup_events, w.events.size(), nothing);
    const double seconds = seconds_since(start);
    busy.reset();
    complete = lots == e.stats_snapshot().volume_lots;
    return static_cast<double>(w.events.size() - w.warmup_events) / seconds;
}

// The rings alone: as many orders as the workload has events, submitted in
// batches of kSubmitBatch, each refused by the engine at its first check (an
// unknown side), so that the matching thread's time is the rings' and the
// results' rather than the books'. Returns results per second, end to end.
double rings_alone(const Workload& w, WaitStrategy wait) {
    Pipeline p(config(wait));
    OrderRequest refused;
    refused.side = static_cast<Side>(7);
    const std::vector<OrderRequest> batch(kSubmitBatch, refused);
    std::vector<PipelineResult> out(4096);
    const std::size_t total = w.events.size() - w.warmup_events;
    std::size_t sent = 0, seen = 0;
    auto drain = [&] {
        std::size_t n = 0;
        (void)p.poll(out, n);
        seen += n;
    };
    const auto start = std::chrono::steady_clock::now();
    while (sent < total) {
        std::uint64_t first = 0;
        std::size_t accepted = 0;
        (void)p.submit_batch(std::span(batch).first(std::min(kSubmitBatch, total - sent)), first, accepted);
        sent += accepted;
        drain();
    }
    while (seen < total) drain();
    const double seconds = seconds_since(start);
    return static_cast<double>(total) / seconds;
}

// Submit one order, spin until its report comes back, repeat.
Latency round_trip(const Workload& w, WaitStrategy wait) {
    Pipeline p(config(wait));
    configure(p, w);
    const Clock& clock = Clock::instance();
    LatencyHistogram h;
    std::vector<PipelineResult> out(64);
    std::size_t k = w.warmup_events;
    for (int i = 0; i < kRoundTrips + 1000; ++i) {
        while (w.events[k].kind != Event::Kind::New) k = k + 1 < w.events.size() ? k + 1 : w.warmup_events;
        const OrderRequest& o = w.events[k].order;
        k = k + 1 < w.events.size() ? k + 1 : w.warmup_events;
        const std::uint64_t t0 = clock.now();
        std::uint64_t seq = 0;
        (void)p.submit(o, seq);
        bool seen = false;
        while (!seen) {
            std::size_t n = 0;
            (void)p.poll(out, n);
            for (std::size_t j = 0; j < n; ++j) seen = seen || (out[j].sequence == seq && out[j].kind == ResultKind::Order);
        }
        if (i >= 1000) h.record(clock.to_ns(clock.now() - t0));  // the first 1,000 warm up
    }
    (void)p.stop();
    return summarise(h);
}

// The floor: a ping-pong between two threads over two plain SPSC rings.
Latency spsc_ping_pong() {
    SpscRing<std::uint64_t> ping(1024), pong(1024);
    OwnLine<std::atomic<bool>> done;  // the echo thread spins on it
    std::thread echo([&] {
        while (!done.value.load(std::memory_order_relaxed)) {
            std::uint64_t v = 0;
            if (ping.pop(1, [&](std::uint64_t x) { v = x; }) == 1)
                while (!pong.try_push(v)) {
                }
        }
    });
    const Clock& clock = Clock::instance();
    LatencyHistogram h;
    for (int i = 0; i < kRoundTrips + 1000; ++i) {
        const std::uint64_t t0 = clock.now();
        while (!ping.try_push(static_cast<std::uint64_t>(i))) {
        }
        while (pong.pop(1, [](std::uint64_t) {}) == 0) {
        }
        if (i >= 1000) h.record(clock.to_ns(clock.now() - t0));
    }
    done.value.store(true);
    echo.join();
    return summarise(h);
}

// The machine's state: the time of one load, from a chain of dependent
// loads in a random cycle through `mib` MiB (on 2 MiB pages, so no page
// walks). At 64 MiB every load misses every cache: the engine pays that for
// each miss its look-ahead did not cover. At 1 and 4 MiB it shows how much
// cache the machine gives this process: the default workload's book (about
// 60,000 resting orders, their index and levels) needs about 5 MiB. On this
// VM both move with the load on the host, so each run reports them beside
// its throughput.
double load_latency_ns(std::size_t mib) {
    struct alignas(64) Line {
        std::uint32_t next;
    };
    using Chain = std::vector<Line, HugePageAllocator<Line>>;
    // One cycle through every line in a random order (Sattolo's shuffle),
    // built once per size, outside every timed region.
    auto build = [](std::size_t lines) {
        std::vector<std::uint32_t> order(lines);
        std::iota(order.begin(), order.end(), 0u);
        std::mt19937_64 rng(7);
        for (std::size_t i = lines - 1; i > 0; --i)
            std::swap(order[i], order[std::uniform_int_distribution<std::size_t>(0, i - 1)(rng)]);
        Chain c(lines);
        for (std::size_t i = 0; i < lines; ++i) c[order[i]].next = order[(i + 1) % lines];
        return c;
    };
    static std::map<std::size_t, Chain> chains;
    auto [it, created] = chains.try_emplace(mib);
    if (created) it->second = build((mib << 20) / sizeof(Line));
    const Chain& lines = it->second;
    constexpr std::size_t kSteps = 200000;
    std::uint32_t at = 0;
    for (std::size_t i = 0; i < lines.size() && i < kSteps; ++i) at = lines[at].next;  // into cache what fits
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < kSteps; ++i) at = lines[at].next;
    const double ns = seconds_since(start) * 1e9 / static_cast<double>(kSteps);
    return at == lines.size() ? -1.0 : ns;  // never: keeps the chain from being optimised away
}

}  // namespace

int run_pipeline_bench(const BenchOptions& options) {
    const Workload w = generate(options.workload);
    // Throughput: the median of `repeats` runs per strategy, interleaved so
    // that a shared machine's slow and fast phases fall on both alike.
    bool complete = true;
    // The ceilings run in the same rounds, so that each is measured in
    // the same phases as the pipeline it bounds.
    std::vector<double> spin_runs, yield_runs, engine_runs, matching_runs, matching_busy_runs, rings_runs;
    std::array<std::vector<double>, std::size(kLoadMiB)> load_runs;
    for (int k = 0; k < std::max(1, options.repeats); ++k) {
        bool ok = false;
        spin_runs.push_back(throughput(w, WaitStrategy::Spin, ok));
        complete = complete && ok;
        yield_runs.push_back(throughput(w, WaitStrategy::SpinYield, ok));
        complete = complete && ok;
        engine_runs.push_back(engine_alone(w));
        matching_runs.push_back(matching_alone(w, false, ok));
        complete = complete && ok;
        matching_busy_runs.push_back(matching_alone(w, true, ok));
        complete = complete && ok;
        rings_runs.push_back(rings_alone(w, WaitStrategy::Spin));
        for (std::size_t j = 0; j < load_runs.size(); ++j) load_runs[j].push_back(load_latency_ns(kLoadMiB[j]));
    }
    const double spin_rate = median(spin_runs);
    const double yield_rate = median(yield_runs);
    const double engine_rate = median(engine_runs);
    const double matching_rate = median(matching_runs);
    const double matching_busy_rate = median(matching_busy_runs);
    const double rings_rate = median(rings_runs);
    const double load_ns[3] = {median(load_runs[0]), median(load_runs[1]), median(load_runs[2])};
    const Latency floor = spsc_ping_pong();
    const Latency rt_spin = round_trip(w, WaitStrategy::Spin);
    const Latency rt_yield = round_trip(w, WaitStrategy::SpinYield);
    if (options.json) {
        fmt::print("{{\"workload\": \"{}\", \"machine\": {}, \"submit_batch\": {}, \"throughput_runs\": {},\n"
                   " \"throughput\": {{\"spin\": {:.0f}, \"spin_yield\": {:.0f}, \"engine_alone\": {:.0f}, "
                   "\"matching_alone\": {:.0f}, \"matching_other_core_busy\": {:.0f}, \"rings_alone\": {:.0f}}},\n"
                   " \"round_trip_ns\": {{\"spsc_floor\": [{}, {}, {}], \"pipeline_spin\": [{}, {}, {}], "
                   "\"pipeline_spin_yield\": [{}, {}, {}]}},\n"
                   " \"load_latency_ns\": {{\"1MiB\": {:.0f}, \"4MiB\": {:.0f}, \"64MiB\": {:.0f}}}, "
                   "\"memory_latency_ns\": {:.0f}}}\n",
                   describe(w), to_json(read_machine_info()), kSubmitBatch, spin_runs.size(), spin_rate, yield_rate,
                   engine_rate, matching_rate, matching_busy_rate, rings_rate, floor.p50, floor.p99, floor.p999,
                   rt_spin.p50, rt_spin.p99, rt_spin.p999, rt_yield.p50, rt_yield.p99, rt_yield.p999, load_ns[0],
                   load_ns[1], load_ns[2], load_ns[2]);
    } else {
        fmt::print("workload: {}\n", describe(w));
        fmt::print("machine: {}\n", describe(read_machine_info()));
        fmt::print("one producer thread (this one, also polling) + the matching thread; batches of {} orders\n",
                   kSubmitBatch);
        fmt::print("{:<34} {:>14}\n", fmt::format("throughput, end to end (median of {})", spin_runs.size()),
                   "events/s");
        fmt::print("{:<34} {:>14.0f}\n", "pipeline, busy-spin", spin_rate);
        fmt::print("{:<34} {:>14.0f}\n", "pipeline, spin-then-yield", yield_rate);
        fmt::print("{:<34} {:>14.0f}\n", "ceiling: engine alone, one thread", engine_rate);
        fmt::print("{:<34} {:>14.0f}\n", "ceiling: matching thread alone", matching_rate);
        fmt::print("{:<34} {:>14.0f}\n", "  the same, other core busy", matching_busy_rate);
        fmt::print("{:<34} {:>14.0f}\n", "ceiling: rings alone, busy-spin", rings_rate);
        fmt::print("{:<34} {:>8} {:>8} {:>8}\n", "round trip, one order at a time", "p50 ns", "p99 ns", "p99.9 ns");
        fmt::print("{:<34} {:>8} {:>8} {:>8}\n", "spsc ring ping-pong (floor)", floor.p50, floor.p99, floor.p999);
        fmt::print("{:<34} {:>8} {:>8} {:>8}\n", "pipeline, busy-spin", rt_spin.p50, rt_spin.p99, rt_spin.p999);
        fmt::print("{:<34} {:>8} {:>8} {:>8}\n", "pipeline, spin-then-yield", rt_yield.p50, rt_yield.p99, rt_yield.p999);
        fmt::print("{:<34} {:>8} {:>8} {:>8}\n", "machine: load latency, ns", "1 MiB", "4 MiB", "64 MiB");
        fmt::print("{:<34} {:>8.0f} {:>8.0f} {:>8.0f}\n", "random chain on 2 MiB pages", load_ns[0], load_ns[1], load_ns[2]);
    }
    if (!complete) {
        fmt::print(stderr, "error: results missing, repeated or out of order\n");
        return 3;
    }
    return 0;
}

}  // namespace sigmax::cli
