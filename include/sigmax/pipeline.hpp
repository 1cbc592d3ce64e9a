// The order pipeline: any number of threads submit orders, cancels and amends
// into a bounded lock-free ring; one matching thread owns an Engine, executes
// them in ring order and writes results (reports, cancel/amend outcomes and
// fills) into a second ring that one poller drains.
//
//   producers --MpscRing<PipelineMessage>--> matching thread --SpscRing<PipelineResult>--> poller
//
// Ordering: the ring's order is the order in which producers claimed slots
// (one CAS each). A producer's own submissions are therefore matched in the
// order it submitted them; submissions of different producers interleave in
// claim order, which is also the order of their sequence numbers.
//
// Back-pressure: a full submission ring refuses (Status::QueueFull) and loses
// nothing that was accepted. A full result ring makes the matching thread wait
// for the poller; it never drops a result.
//
// Shutdown: stop() closes the submission ring (later submits get
// Status::Stopped), lets the matching thread finish everything accepted,
// keeps every result for poll(), and joins the thread. The destructor stops.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <span>
#include <mutex>
#include <thread>
#include <vector>

#include "sigmax/engine.hpp"
#include "sigmax/detail/matching_loop.hpp"
#include "sigmax/detail/mpsc_ring.hpp"
#include "sigmax/detail/spsc_ring.hpp"

namespace sigmax {

enum class WaitStrategy : std::uint8_t {
    Spin = 0,       // busy-spin with a pause instruction: lowest latency, burns a core
    SpinYield = 1,  // spin a little, then sched_yield: for machines with few cores
    Sleep = 2,      // spin, yield, then sleep 50 us: idle pipelines cost almost no CPU
};

struct PipelineStats {
    std::uint64_t capacity = 0;              // submission ring slots (a power of two)
    std::uint64_t result_capacity = 0;       // result ring slots
    std::uint64_t submitted = 0;             // accepted submissions
    std::uint64_t completed = 0;             // submissions executed
    std::uint64_t queue_full = 0;            // submissions refused because the ring was full
    std::uint64_t queue_high_water = 0;      // deepest the submission ring has been
    std::uint64_t result_high_water = 0;     // deepest the result ring has been
    std::uint64_t backpressure_waits = 0;    // times the matching thread waited for the poller
};

class Pipeline {
public:
    struct Config {
        Engine::Config engine;
        std::size_t queue_capacity = 10000;  // rounded up to a power of two
        std::size_t result_capacity = 0;     // 0 = 4 x the submission ring
        WaitStrategy wait = WaitStrategy::SpinYield;
    };

    static constexpr std::size_t kBatch = MatchingLoop::kBatch;  // messages the matching thread takes at once

    explicit Pipeline(Config config);
    Pipeline(const Pipeline&) = delete;
    Pipeline& operator=(const Pipeline&) = delete;
    ~Pipeline();

    // Any thread. QueueFull (nothing enqueued) or Stopped; sequence numbers
    // start at 1 and follow claim order.
    Status submit(const OrderRequest& order, std::uint64_t& sequence) noexcept;
    Status submit_cancel(std::uint64_t order_id, std::uint64_t& sequence) noexcept;
    Status submit_amend(std::uint64_t order_id, double new_quantity, std::uint64_t& sequence) noexcept;
    // Enqueues as many of `orders` as fit, in order, with consecutive sequence
    // numbers from `first_sequence`; `accepted` may be less than the count.
    Status submit_batch(std::span<const OrderRequest> orders, std::uint64_t& first_sequence,
                        std::size_t& accepted) noexcept;
    // The same for any input type: get(i) returns the i-th OrderRequest.
    template <class Get>
    Status submit_each(std::size_t n, Get&& get, std::uint64_t& first_sequence, std::size_t& accepted) noexcept;
    // Asks the matching thread for a symbol's levels, answered in order with
    // the submissions (so the answer reflects every earlier one): see
    // DepthQuery for what it writes and what the caller must keep alive.
    // The result has kind Depth and the query's sequence. QueueFull
    // (nothing enqueued, the query untouched) or Stopped.
    Status submit_depth(DepthQuery& query, std::uint64_t& sequence) noexcept;
    // Like submit(), but waits for room (spin, then yield, then sleep) up to `timeout`.
    Status submit_wait(const OrderRequest& order, std::uint64_t& sequence, std::chrono::nanoseconds timeout) noexcept;

    // Sets a symbol's tick and lot on the pipeline's engine (waiting while the
    // matching thread is inside a call). Configure a symbol before submitting
    // its orders: orders already queued may be matched before or after.
    // Returns whatever the result ring holds, even when called from the only
    // polling thread: while it waits it moves results from a full ring
    // aside, where the next poll() finds them first (NoMemory, nothing
    // moved and nothing configured, if that room cannot be allocated).
    Status configure_symbol(std::uint32_t symbol, double tick_size, double lot_size);

    // One thread at a time (Busy otherwise): moves up to out.size() results.
    Status poll(std::span<PipelineResult> out, std::size_t& count) noexcept;

    // Any thread; idempotent. Returns once every accepted submission has
    // been executed; their results stay available to poll().
    Status stop();
    bool running() const noexcept { return !stopping_.load(std::memory_order_acquire); }

    std::size_t capacity() const noexcept { return in_.capacity(); }
    // Statistics: safe from any thread while the pipeline runs.
    const Engine& engine() const noexcept { return engine_; }
    PipelineStats stats() const noexcept;

    // Readiness notification for event loops: an eventfd that becomes readable
    // when results arrive after arm_notify() was called (one write per arming).
    int notify_fd() const noexcept { return notify_fd_; }
    void arm_notify() noexcept;

private:
    template <class Make>
    Status enqueue(std::size_t n, Make&& make, std::uint64_t& first_sequence, std::size_t& accepted) noexcept {
        accepted = 0;
        std::uint64_t ticket = 0;
        switch (in_.push(n, make, ticket, accepted)) {
            case MpscRing<PipelineMessage>::Push::Ok:
                first_sequence = ticket + 1;
                return Status::Ok;
            case MpscRing<PipelineMessage>::Push::Full:
                queue_full_.fetch_add(1, std::memory_order_relaxed);
                return Status::QueueFull;
            case MpscRing<PipelineMessage>::Push::Closed:
                return Status::Stopped;
        }
        return Status::Internal;
    }
    // A cancel (new_quantity unused) or an amend of a resting order.
    Status submit_order_change(MessageKind kind, std::uint64_t order_id, double new_quantity,
                               std::uint64_t& sequence) noexcept;
    void run() noexcept;
    // Executes the first n ready messages of the submission ring.
    void execute_ready(std::size_t n);
    // The result ring's next slot, waiting while the ring is full; results
    // are built in place, then committed with out_.commit().
    PipelineResult& next_result();
    // Moves the result ring's contents to leftover_ unless a poller is at it.
    Status drain_aside() noexcept;
    void wait(unsigned& idle) const noexcept;
    void notify() noexcept;
    void notify_if_armed() noexcept;

    Engine engine_;
    MpscRing<PipelineMessage> in_;
    SpscRing<PipelineResult> out_;
    const Clock& clock_;
    WaitStrategy wait_;
    // Results moved out of a full ring by stop() or configure_symbol(), so
    // that the matching thread never waits on the caller; poll() returns
    // them before the ring's. Guarded by polling_.
    std::vector<PipelineResult> leftover_;
    std::size_t leftover_read_ = 0;

    // One cache line per writer, so that no thread's frequent atomic writes
    // pull in a line that another thread writes as often (a producer
    // spinning on a full ring counts queue_full_ and polls, exchanging
    // polling_, while the matching thread exchanges notify_armed_ after
    // every batch).
    // Rarely written: stop() and the end of the matching thread.
    alignas(kCacheLine) std::atomic<bool> stopping_{false};
    std::atomic<bool> finished_{false};
    // The poller's.
    alignas(kCacheLine) std::atomic<bool> polling_{false};
    // Producers' (only when the ring is full).
    alignas(kCacheLine) std::atomic<std::uint64_t> queue_full_{0};
    // The matching thread's (notify_armed_ is also set by arm_notify(), once
    // per wait of an event loop).
    alignas(kCacheLine) std::atomic<std::uint64_t> completed_{0};
    std::atomic<std::uint64_t> backpressure_waits_{0};
    std::atomic<bool> notify_armed_{false};
    int notify_fd_ = -1;
    std::mutex stop_mutex_;  // stop() only: serialises concurrent stop() calls and the join
    std::thread thread_;
};

template <class Get>
Status Pipeline::submit_each(std::size_t n, Get&& get, std::uint64_t& first_sequence, std::size_t& accepted) noexcept {
    accepted = 0;
    if (n == 0) return Status::Ok;
    std::uint64_t now = 0;
    return enqueue(
        n,
        [&](std::size_t i, std::uint64_t) {
            // Read once the slots are claimed: a refused submit (full ring)
            // then costs no clock read (bench/micro_engine.cpp's BM_ClockNow
            // measures one).
            if (i == 0) now = clock_.now();
            const OrderRequest o = get(i);
            return PipelineMessage{o, 0, now, MessageKind::Order};
        },
        first_sequence, accepted);
}

}  // namespace sigmax
