// One side of the paired A/B benchmark (see scripts/ab-pair.sh): compiled
// once against each of two versions of the sources, the older one inside a
// renamed namespace (-Dsigmax=sigmax_a), each exporting one function
// (-DSIGMAX_AB_RUN=run_a / run_b) that replays the CLI bench's default
// workload and returns events per second.
//
// Mode 0, end to end: a Pipeline (busy-spin) fed by this thread in batches of
// up to 64 orders, cancels one by one, polling as it goes, as
// `sigmax-exec bench --pipeline` does. Mode 1, the matching thread alone: the
// engine driven as the pipeline's matching thread drives it (batches of
// Pipeline::kBatch under one session, one clock read per event, look-ahead
// hints kLookahead and kLookahead / 2 events ahead, fills taken after each
// order), without the rings: each side with its own version's constants.
#include <algorithm>
#include <chrono>
#include <span>
#include <vector>

#include "sigmax/pipeline.hpp"
#include "workload.hpp"

namespace {

using namespace sigmax;
using namespace sigmax::cli;

const Workload& workload() {
    static const Workload w = generate(WorkloadParams{});
    return w;
}

double per_second(std::size_t events, std::chrono::steady_clock::time_point start) {
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return static_cast<double>(events) / s;
}

void hint(const Engine::Session& s, const Event& ev, bool near) {
    s.prefetch_ahead(ev.kind == Event::Kind::New, ev.order, ev.cancel_id, near);
}

double matching_alone(const Workload& w) {
    Engine::Config config;
    config.order_capacity = 1u << 17;
    Engine e(config);
    for (std::uint32_t s = 0; s < w.params.symbols; ++s) (void)e.configure_symbol(s, w.tick_size, w.lot_size);
    const Clock& clock = Clock::instance();
    ExecutionReport r;
    std::uint64_t lots = 0;
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t b = 0; b < w.events.size(); b += Pipeline::kBatch) {
        const std::size_t n = std::min(Pipeline::kBatch, w.events.size() - b);
        Engine::Session session(e);
        std::uint64_t t = clock.now();
        for (std::size_t i = 0; i < n; ++i) {
            if (i + Pipeline::kLookahead < n) hint(session, w.events[b + i + Pipeline::kLookahead], false);
            if (i + Pipeline::kLookahead / 2 < n) hint(session, w.events[b + i + Pipeline::kLookahead / 2], true);
            const Event& ev = w.events[b + i];
            std::uint64_t done = 0;
            if (ev.kind == Event::Kind::Cancel) (void)session.cancel(ev.cancel_id);
            else (void)session.execute(ev.order, r, t, done);
            t = done != 0 ? done : clock.now();
            if (ev.kind == Event::Kind::New && r.fill_count > 0)
                session.take_fills([&](const Fill& f) { lots += static_cast<std::uint64_t>(f.quantity_lots); });
        }
    }
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

extern "C" double SIGMAX_AB_RUN(int mode) {
    return mode == 1 ? matching_alone(workload()) : end_to_end(workload());
}
