// One side of the paired A/B benchmark (see scripts/ab-pair.sh): compiled
// once against each of two versions of the sources, the older one inside a
// renamed namespace (-Dsigmax=sigmax_a), each exporting one function
// (-DSIGMAX_AB_RUN=run_a / run_b) that replays the CLI bench's default
// workload (of a given number of events) and returns events per second.
//
// Mode 0, end to end: a Pipeline (busy-spin) fed by this thread in batches of
// up to 64 orders, cancels one by one, polling as it goes, as
// `sigmax-exec bench --pipeline` does. Mode 1, the matching thread alone: each
// version's own matching loop (MatchingLoop) fed from an array, without the
// rings (examples/cli/ceiling.hpp), as `bench --pipeline`'s ceiling row.
#include <algorithm>
#include <chrono>
#include <span>
#include <vector>

#include "sigmax/pipeline.hpp"
#include "ceiling.hpp"
#include "workload.hpp"

namespace {

using namespace sigmax;
using namespace sigmax::cli;

// The CLI bench's default workload with `events` events, generated once.
const Workload& workload(std::uint64_t events) {
    static Workload w;
    if (w.events.empty() || w.params.events != events) {
        WorkloadParams params;
        params.events = events;
        w = generate(params);
    }
    return w;
}

double per_second(std::size_t events, std::chrono::steady_clock::time_point start) {
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return static_cast<double>(events) / s;
}

double matching_alone(const Workload& w) {
    Engine::Config config;
    config.order_capacity = 1u << 17;
    Engine e(config);
    for (std::uint32_t s = 0; s < w.params.symbols; ++s) (void)e.configure_symbol(s, w.tick_size, w.lot_size);
    const std::vector<PipelineMessage> messages = as_messages(w);
    const auto start = std::chrono::steady_clock::now();
    const std::uint64_t lots = replay_as_matching_thread(e, messages, 0, messages.size(), [](std::size_t) {});
    const double rate = per_second(w.events.size(), start);
    return lots == e.stats_snapshot().volume_lots ? rate : -1.0;  // -1: fills lost, a broken build
}

double end_to_end(const Workload& w) {
    Pipeline::Config config;
    config.queue_capacity = 16384;
    config.wait = WaitStrategy::Spin;
    config.engine.order_capacity = 1u << 17;
    Pipeline p(config);
    for (std::uint32_t s = 0; s < w.params.symbols; ++s) (void)p.configure_symbol(s, w.tick_size, w.lot_size);
    std::vector<OrderRequest> batch;
    batch.reserve(64);
    std::vector<PipelineResult> out(4096);
    std::uint64_t reports = 0;
    auto drain = [&] {
        std::size_t n = 0;
        (void)p.poll(out, n);
        for (std::size_t i = 0; i < n; ++i) reports += out[i].kind != ResultKind::Fill;
    };
    const std::size_t total = w.events.size();
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < total;) {
        if (w.events[i].kind == Event::Kind::Cancel) {
            std::uint64_t seq = 0;
            while (p.submit_cancel(w.events[i].cancel_id, seq) == Status::QueueFull) drain();
            ++i;
            continue;
        }
        batch.clear();
        while (i < total && batch.size() < 64 && w.events[i].kind == Event::Kind::New) batch.push_back(w.events[i++].order);
        for (std::size_t sent = 0; sent < batch.size();) {
            std::uint64_t first = 0;
            std::size_t accepted = 0;
            (void)p.submit_batch(std::span(batch).subspan(sent), first, accepted);
            sent += accepted;
            if (sent < batch.size()) drain();
        }
        drain();
    }
    while (reports < total) drain();
    const double rate = per_second(total, start);
    (void)p.stop();
    return rate;
}

}  // namespace

extern "C" double SIGMAX_AB_RUN(int mode, std::uint64_t events) {
    return mode == 1 ? matching_alone(workload(events)) : end_to_end(workload(events));
}
