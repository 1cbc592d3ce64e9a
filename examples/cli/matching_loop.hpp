// The pipeline's matching loop without the rings: the workload's events
// driven through an engine exactly as Pipeline::execute_ready drives ring
// messages (batches of Pipeline::kBatch under one session, one clock read
// per event, look-ahead hints kLookahead and kLookahead / 2 events ahead,
// fills taken after each order). `bench --pipeline` times it as the
// matching thread's ceiling, also beside OtherCoreBusy;
// bench/micro_neighbour.cpp times it beside other work on the second core.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <thread>

#include "sigmax/pipeline.hpp"
#include "workload.hpp"

namespace sigmax::cli {

// Replays events [begin, end) of `w` through `e`; after every batch calls
// batch_done(index of the next event). Returns the lots of the fills taken,
// which must add up to the engine's volume.
template <class BatchDone>
std::uint64_t replay_as_matching_thread(Engine& e, const Workload& w, std::size_t begin, std::size_t end,
                                        BatchDone&& batch_done) {
    const Clock& clock = Clock::instance();
    ExecutionReport r;
    std::uint64_t lots = 0;
    auto hint = [](const Engine::Session& session, const Event& ev, bool near) {
        session.prefetch_ahead(ev.kind == Event::Kind::New, ev.order, ev.cancel_id, near);
    };
    for (std::size_t b = begin; b < end; b += Pipeline::kBatch) {
        const std::size_t n = std::min(Pipeline::kBatch, end - b);
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
        batch_done(b + n);
    }
    return lots;
}

// A value alone on its cache line. A flag that another thread spins on must
// not share a line with the matching loop's locals (its report, its fill
// count), which it writes every event: each write would then cost a trip to
// the other core, a slowdown of the benchmark's stack layout, not of the
// work being measured.
template <class T>
struct alignas(kCacheLine) OwnLine {
    T value{};
};

// While it lives, a second thread spins on a counter of its own, sharing
// nothing with the caller: a pipeline keeps both cores busy, and on some
// machines a core is slower while the other one works.
class OtherCoreBusy {
public:
    OtherCoreBusy()
        : thread_([this] {
              volatile std::uint64_t spins = 0;  // a store per turn, as real work makes
              while (!stop_.value.load(std::memory_order_relaxed)) spins = spins + 1;
          }) {}
    OtherCoreBusy(const OtherCoreBusy&) = delete;
    OtherCoreBusy& operator=(const OtherCoreBusy&) = delete;
    ~OtherCoreBusy() {
        stop_.value.store(true, std::memory_order_relaxed);
        thread_.join();
    }

private:
    OwnLine<std::atomic<bool>> stop_;  // before thread_: set up before the thread reads it
    std::thread thread_;
};

}  // namespace sigmax::cli
