// The matching thread's ceiling: the library's own matching loop
// (MatchingLoop, the one Pipeline runs) fed from an array instead of the
// submission ring and writing into one reused result slot instead of the
// result ring. `bench --pipeline` times it as the matching thread's ceiling,
// also beside OtherCoreBusy; bench/micro_neighbour.cpp times it beside other
// work on the second core; the paired A/B bench compares it between versions.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <span>
#include <thread>
#include <vector>

#include "sigmax/pipeline.hpp"
#include "workload.hpp"

namespace sigmax::cli {

// The workload's events as the messages a producer would submit.
inline std::vector<PipelineMessage> as_messages(const Workload& w) {
    std::vector<PipelineMessage> messages(w.events.size());
    for (std::size_t i = 0; i < w.events.size(); ++i) {
        const Event& ev = w.events[i];
        PipelineMessage& m = messages[i];
        if (ev.kind == Event::Kind::Cancel) {
            m.kind = MessageKind::Cancel;
            m.order_id = ev.cancel_id;
        } else {
            m.order = ev.order;
        }
    }
    return messages;
}

// Runs messages [begin, end) through `e` in batches of Pipeline::kBatch, as
// the pipeline's matching thread does; after every batch calls
// batch_done(index of the next message). Returns the lots of the fills taken,
// which must add up to the engine's volume.
template <class BatchDone>
std::uint64_t replay_as_matching_thread(Engine& e, std::span<const PipelineMessage> messages, std::size_t begin,
                                        std::size_t end, BatchDone&& batch_done) {
    struct OneSlot {
        PipelineResult slot;
        std::uint64_t lots = 0;
        PipelineResult& next() noexcept { return slot; }
        void commit() noexcept {
            if (slot.kind == ResultKind::Fill) lots += static_cast<std::uint64_t>(slot.fill.quantity_lots);
        }
    } sink;
    const Clock& clock = Clock::instance();
    for (std::size_t b = begin; b < end; b += Pipeline::kBatch) {
        const std::size_t n = std::min(Pipeline::kBatch, end - b);
        Engine::Session session(e);
        MatchingLoop::run_batch(
            session, clock, n, b + 1, [&](std::size_t i) -> const PipelineMessage& { return messages[b + i]; }, sink,
            [](std::size_t) {});
        batch_done(b + n);
    }
    return sink.lots;
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
