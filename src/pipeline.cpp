// The pipeline's matching thread, submission and polling.
#include "sigmax/pipeline.hpp"

#include <memory>

#include <pthread.h>
#include <sched.h>
#include <sys/eventfd.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SIGMAX_PAUSE() _mm_pause()
#else
#define SIGMAX_PAUSE() ((void)0)
#endif

namespace sigmax {

Pipeline::Pipeline(Config config)
    : engine_(config.engine),
      in_(config.queue_capacity ? config.queue_capacity : 1),
      out_(config.result_capacity ? config.result_capacity : 4 * in_.capacity()),
      clock_(Clock::instance()),
      wait_(config.wait) {
    notify_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    thread_ = std::thread([this] { run(); });
}

Pipeline::~Pipeline() {
    stop();
    if (notify_fd_ >= 0) close(notify_fd_);
}

Status Pipeline::submit(const OrderRequest& o, std::uint64_t& sequence) noexcept {
    std::size_t accepted = 0;
    return submit_each(1, [&](std::size_t) -> const OrderRequest& { return o; }, sequence, accepted);
}

Status Pipeline::submit_batch(std::span<const OrderRequest> orders, std::uint64_t& first_sequence,
                              std::size_t& accepted) noexcept {
    return submit_each(
        orders.size(), [&](std::size_t i) -> const OrderRequest& { return orders[i]; }, first_sequence, accepted);
}

Status Pipeline::submit_cancel(std::uint64_t order_id, std::uint64_t& sequence) noexcept {
    return submit_order_change(MessageKind::Cancel, order_id, 0.0, sequence);
}

Status Pipeline::submit_amend(std::uint64_t order_id, double new_quantity, std::uint64_t& sequence) noexcept {
    return submit_order_change(MessageKind::Amend, order_id, new_quantity, sequence);
}

Status Pipeline::submit_order_change(MessageKind kind, std::uint64_t order_id, double new_quantity,
                                     std::uint64_t& sequence) noexcept {
    std::size_t accepted = 0;
    return enqueue(
        1,
        [&](std::size_t, std::uint64_t) {
            PipelineMessage m;
            m.submit_time = clock_.now();  // once claimed, as in submit_each()
            m.order_id = order_id;
            m.order.quantity = new_quantity;
            m.kind = kind;
            return m;
        },
        sequence, accepted);
}

Status Pipeline::submit_depth(DepthQuery& query, std::uint64_t& sequence) noexcept {
    std::size_t accepted = 0;
    return enqueue(
        1,
        [&](std::size_t, std::uint64_t) {
            PipelineMessage m;
            m.submit_time = clock_.now();
            m.order_id = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(&query));
            m.order.symbol = query.symbol;
            m.kind = MessageKind::Depth;
            return m;
        },
        sequence, accepted);
}

Status Pipeline::submit_wait(const OrderRequest& o, std::uint64_t& sequence, std::chrono::nanoseconds timeout) noexcept {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (unsigned attempt = 0;; ++attempt) {
        const Status s = submit(o, sequence);
        if (s != Status::QueueFull) return s;
        if (std::chrono::steady_clock::now() >= deadline) return Status::QueueFull;
        if (attempt < 64) SIGMAX_PAUSE();
        else if (attempt < 256) sched_yield();
        else std::this_thread::sleep_for(std::chrono::microseconds(20));
    }
}

void Pipeline::wait(unsigned& idle) const noexcept {
    ++idle;
    switch (wait_) {
        case WaitStrategy::Spin:
            SIGMAX_PAUSE();
            break;
        case WaitStrategy::SpinYield:
            if (idle < 128) SIGMAX_PAUSE();
            else sched_yield();
            break;
        case WaitStrategy::Sleep:
            if (idle < 128) SIGMAX_PAUSE();
            else if (idle < 1024) sched_yield();
            else std::this_thread::sleep_for(std::chrono::microseconds(50));
            break;
    }
}

// No lost wake-up: both sides use a read-modify-write on notify_armed_, and
// RMWs of one atomic are totally ordered. If arm_notify()'s exchange comes
// first, ours reads `true` and writes the eventfd; if ours comes first, theirs
// reads our value and acquires our release, so the poller that re-polls after
// arming sees every result published before it.
void Pipeline::notify() noexcept {
    if (notify_armed_.exchange(false, std::memory_order_acq_rel)) {
        const std::uint64_t one = 1;
        [[maybe_unused]] const ssize_t w = write(notify_fd_, &one, sizeof one);
    }
}

// After a batch, while more work may follow at once. The exchange above is a
// locked instruction: it waits for every store of the batch (results on lines
// the poller reads) to reach the cache, a measurable share of the matching
// thread's time when done after every batch. So look first: a plain load may miss an
// arming made a moment ago, and the poller's re-poll may then miss this
// batch, but the matching thread notifies with the exchange before it waits
// for work (run()) or for room (next_result()), and looks again after the
// next batch: a wake-up can be late by at most one batch, never lost.
void Pipeline::notify_if_armed() noexcept {
    if (notify_armed_.load(std::memory_order_relaxed)) notify();
}

void Pipeline::arm_notify() noexcept {
    (void)notify_armed_.exchange(true, std::memory_order_acq_rel);  // see notify()
}

PipelineResult& Pipeline::next_result() {
    if (PipelineResult* slot = out_.claim()) return *slot;
    // Full: back-pressure. Show the poller what is written, wait for it,
    // never drop.
    out_.publish();
    backpressure_waits_.fetch_add(1, std::memory_order_relaxed);
    notify();  // wake an event loop that is waiting for results
    unsigned idle = 0;
    PipelineResult* slot = nullptr;
    while (!(slot = out_.claim())) wait(idle);
    return *slot;
}

void Pipeline::execute_ready(std::size_t n) {
    // Results are built in place in the result ring, waiting for room.
    struct RingSink {
        Pipeline& pipeline;
        PipelineResult& next() { return pipeline.next_result(); }
        void commit() noexcept { pipeline.out_.commit(); }
    } sink{*this};
    for (;;) {
        // One claim for the batch. Only configure_symbol() competes for it,
        // briefly.
        Engine::Session session(engine_);
        if (!session.owned()) {
            std::this_thread::yield();
            continue;
        }
        // A full batch means a backlog: the next batch's slots are most
        // likely published already, by another core. Start loading one per
        // message, so that the next scan for published slots finds them in
        // cache instead of waiting on a batch of cross-core reads. (Without a
        // backlog they may still be being written: leave them to the producer.)
        const bool backlog = n == kBatch;
        MatchingLoop::run_batch(
            session, clock_, n, in_.consumed() + 1, [&](std::size_t i) -> const PipelineMessage& { return in_.at(i); },
            sink, [&](std::size_t i) {
                if (backlog) in_.prefetch(i + kBatch);
            });
        return;
    }
}

void Pipeline::run() noexcept {
    // Named for top, perf and debuggers (Linux allows 15 characters).
    pthread_setname_np(pthread_self(), "sigmax-match");
    unsigned idle = 0;
    for (;;) {
        const std::size_t n = in_.ready(kBatch);
        if (n > 0) {
            idle = 0;
            execute_ready(n);
            in_.release(n);
            out_.publish();  // one store makes the batch's results visible
            completed_.store(in_.consumed(), std::memory_order_release);
            notify_if_armed();
            continue;
        }
        if (idle == 0) notify();  // before waiting: see notify_if_armed()
        // Finished when the ring is closed and every claimed slot is consumed
        // (a claim made before the close is always published, so wait for it).
        if (in_.closed() && in_.consumed() == in_.claimed()) break;
        wait(idle);
    }
    notify();
    finished_.store(true, std::memory_order_release);
}

Status Pipeline::configure_symbol(std::uint32_t symbol, double tick_size, double lot_size) {
    for (;;) {
        const Status s = engine_.configure_symbol(symbol, tick_size, lot_size);
        if (s != Status::Busy) return s;
        // The engine's claim: the matching thread is inside a batch. It may
        // be waiting for room in a full result ring, which the caller itself
        // may be the one to drain (an event loop polling and configuring on
        // one thread): move results aside, where poll() returns them first.
        if (out_.size() * 2 >= out_.capacity() && drain_aside() == Status::NoMemory) return Status::NoMemory;
        std::this_thread::yield();
    }
}

Status Pipeline::drain_aside() noexcept {
    // Taken by a poller: it drains the ring itself.
    if (polling_.exchange(true, std::memory_order_acquire)) return Status::Ok;
    Status s = Status::Ok;
    try {
        // Room first, so that moving the results cannot fail half-way.
        leftover_.reserve(leftover_.size() + out_.capacity());
        out_.pop(out_.capacity(), [&](const PipelineResult& r) { leftover_.push_back(r); });
    } catch (const std::bad_alloc&) {
        s = Status::NoMemory;  // nothing moved; results stay in the ring
    }
    polling_.store(false, std::memory_order_release);
    return s;
}

Status Pipeline::poll(std::span<PipelineResult> out, std::size_t& count) noexcept {
    count = 0;
    // One poller at a time: acquire pairs with the release below.
    if (polling_.exchange(true, std::memory_order_acquire)) return Status::Busy;
    while (count < out.size() && leftover_read_ < leftover_.size()) out[count++] = leftover_[leftover_read_++];
    if (leftover_read_ > 0 && leftover_read_ == leftover_.size()) {  // all handed out: reuse the room
        leftover_.clear();
        leftover_read_ = 0;
    }
    if (count < out.size())
        count += out_.pop(out.size() - count, [&, i = count](const PipelineResult& r) mutable { out[i++] = r; });
    polling_.store(false, std::memory_order_release);
    return Status::Ok;
}

Status Pipeline::stop() {
    std::lock_guard<std::mutex> lock(stop_mutex_);
    if (stopping_.exchange(true, std::memory_order_acq_rel)) return Status::Ok;  // already stopped
    in_.close();
    // Keep the matching thread from blocking on a full result ring: move
    // results aside until it has finished everything accepted.
    while (!finished_.load(std::memory_order_acquire)) {
        // (Out of memory, nothing moves: retry until a poller or memory frees room.)
        if (out_.size() * 2 >= out_.capacity()) (void)drain_aside();
        std::this_thread::yield();
    }
    if (thread_.joinable()) thread_.join();
    return Status::Ok;
}

PipelineStats Pipeline::stats() const noexcept {
    PipelineStats s;
    s.capacity = in_.capacity();
    s.result_capacity = out_.capacity();
    s.submitted = in_.claimed();
    s.completed = completed_.load(std::memory_order_acquire);
    s.queue_full = queue_full_.load(std::memory_order_relaxed);
    s.queue_high_water = in_.high_water();
    s.result_high_water = out_.high_water();
    s.backpressure_waits = backpressure_waits_.load(std::memory_order_relaxed);
    return s;
}

}  // namespace sigmax
