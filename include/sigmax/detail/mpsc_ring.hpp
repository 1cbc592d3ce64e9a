// A bounded multi-producer single-consumer ring (after the LMAX Disruptor's
// multi-producer sequencer): producers claim slots with one CAS on `tail_`
// and publish each slot by storing its ticket in the slot's sequence word;
// the single consumer reads published slots in ticket order and frees them
// all at once by publishing its `head_`. No locks; a full ring refuses at once.
//
// Cache traffic, which is what bounds a ring between two cores:
// - The consumer never writes a slot. A producer's writes to a slot are
//   plain stores that the store buffer absorbs; it never has to read a slot
//   line back from the consumer's core first (as it would if the consumer
//   marked slots free one by one, as in Vyukov's bounded queue).
// - Producers read the consumer's `head_` only when their cached copy
//   (`head_cache_`, beside `tail_`) says the ring is full.
// - `tail_` and `head_cache_` (written by producers), `head_` (consumer) and
//   the slots sit on separate cache lines; every slot is a cache line of its
//   own, so producers filling neighbouring slots do not false-share.
//
// Closing: the top bit of `tail_` marks the ring closed. close() sets it with
// one fetch_or; a producer's CAS fails once it is set, so every claim is
// either before the close (and will be published) or refused.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>

#include "sigmax/detail/prefetch.hpp"

namespace sigmax {

inline constexpr std::size_t kCacheLine = 64;

template <class T>
class MpscRing {
public:
    enum class Push { Ok, Full, Closed };

    explicit MpscRing(std::size_t min_capacity) {
        std::size_t cap = 2;
        while (cap < min_capacity) cap *= 2;
        capacity_ = cap;
        // Sequence 0 is never a published ticket + 1: every slot starts empty.
        slots_ = std::make_unique<Slot[]>(cap);
    }

    std::size_t capacity() const noexcept { return capacity_; }

    // Claims up to n consecutive slots (all, or as many as are free, at least
    // one) and fills them with make(i, ticket) for i in [0, k); returns k via
    // `count` and the first ticket. Producers: any thread.
    template <class Make>
    Push push(std::size_t n, Make&& make, std::uint64_t& first_ticket, std::size_t& count) noexcept {
        std::uint64_t pos = tail_.load(std::memory_order_relaxed);
        // acquire: the consumer's reads of the slots it freed happen before
        // our writes to them (see free_slots()).
        std::uint64_t head = head_cache_.load(std::memory_order_acquire);
        for (;;) {
            if (pos & kClosed) return Push::Closed;
            std::uint64_t free = free_slots(pos, head);
            if (free == 0) {
                head = refresh_head();
                free = free_slots(pos, head);
                if (free == 0) {
                    // Full, or `pos` is stale: reload to tell.
                    const std::uint64_t now = tail_.load(std::memory_order_relaxed);
                    if (now == pos) return Push::Full;
                    pos = now;
                    continue;
                }
            }
            const std::size_t k = n < free ? n : static_cast<std::size_t>(free);
            // relaxed is enough for the claim: the slots' contents are
            // published by the release stores of their sequences below.
            if (tail_.compare_exchange_weak(pos, pos + k, std::memory_order_relaxed, std::memory_order_relaxed)) {
                for (std::size_t i = 0; i < k; ++i) {
                    // The slot a few places on, if the consumer is done with
                    // it: its line is on the consumer's core, and our next
                    // claim (or another producer's) will write it.
                    if (pos + i + kWriteAhead < head + capacity_)
                        prefetch_for_write(&slots_[(pos + i + kWriteAhead) & (capacity_ - 1)]);
                    Slot& s = slots_[(pos + i) & (capacity_ - 1)];
                    s.value = make(i, pos + i);
                    // Pairs with the consumer's acquire load in ready().
                    s.seq.store(pos + i + 1, std::memory_order_release);
                }
                first_ticket = pos;
                count = k;
                note_depth(pos + k, head);
                return Push::Ok;
            }
        }
    }

    // Consumer only: how many slots from the head, up to max, are published
    // (they stay readable through at() until release()).
    std::size_t ready(std::size_t max) const noexcept {
        std::size_t n = 0;
        // acquire pairs with the producer's release store of the sequence.
        while (n < max && slots_[(head_value_ + n) & (capacity_ - 1)].seq.load(std::memory_order_acquire) ==
                              head_value_ + n + 1)
            ++n;
        return n;
    }
    // Consumer only: the i-th published value from the head (i < ready()).
    const T& at(std::size_t i) const noexcept { return slots_[(head_value_ + i) & (capacity_ - 1)].value; }
    // Consumer only: starts loading the slot i places from the head (a hint:
    // it may not be published yet).
    void prefetch(std::size_t i) const noexcept { __builtin_prefetch(&slots_[(head_value_ + i) & (capacity_ - 1)]); }
    // Consumer only: frees the first n slots for the producers.
    void release(std::size_t n) noexcept {
        head_value_ += n;
        // Pairs with the acquire in refresh_head(): our reads of the slots
        // happen before a producer's next writes to them.
        head_.store(head_value_, std::memory_order_release);
    }

    // Consumer only: takes up to max published values, in ticket order.
    template <class Take>
    std::size_t pop(std::size_t max, Take&& take) noexcept {
        const std::size_t n = ready(max);
        for (std::size_t i = 0; i < n; ++i) take(at(i));
        if (n) release(n);
        return n;
    }

    // Closes the ring; returns the number of slots ever claimed.
    std::uint64_t close() noexcept { return tail_.fetch_or(kClosed, std::memory_order_acq_rel) & ~kClosed; }
    bool closed() const noexcept { return (tail_.load(std::memory_order_acquire) & kClosed) != 0; }

    // The most slots that have been claimed and not yet consumed. Any thread.
    std::uint64_t high_water() const noexcept { return high_water_.load(std::memory_order_relaxed); }

    // Consumer only.
    std::uint64_t consumed() const noexcept { return head_value_; }
    // Any thread; approximate while producers run.
    std::uint64_t claimed() const noexcept { return tail_.load(std::memory_order_relaxed) & ~kClosed; }

private:
    static constexpr std::uint64_t kClosed = std::uint64_t{1} << 63;
    static constexpr std::uint64_t kWriteAhead = 8;

    struct alignas(kCacheLine) Slot {
        std::atomic<std::uint64_t> seq{0};  // ticket + 1 once published
        T value{};
    };
    static_assert(sizeof(T) + sizeof(std::atomic<std::uint64_t>) <= kCacheLine,
                  "a slot (sequence + value) must fit one cache line");

    std::uint64_t free_slots(std::uint64_t pos, std::uint64_t head) const noexcept {
        const std::uint64_t used = pos - head;  // head may be stale (smaller): never too many
        return used < capacity_ ? capacity_ - used : 0;
    }

    std::uint64_t refresh_head() noexcept {
        // acquire pairs with the consumer's release in release(); the release
        // store passes that on to producers that read the cache.
        const std::uint64_t head = head_.load(std::memory_order_acquire);
        head_cache_.store(head, std::memory_order_release);
        return head;
    }

    // Depth after a claim up to `end`: with a stale head it is too large, so
    // a would-be record is checked against the real head first (rarely, once
    // the ring has been as deep as it gets).
    void note_depth(std::uint64_t end, std::uint64_t head) noexcept {
        std::uint64_t record = high_water_.load(std::memory_order_relaxed);
        if (end - head <= record) return;
        const std::uint64_t head_now = refresh_head();
        if (head_now >= end) return;  // consumed meanwhile (others may have claimed after us)
        const std::uint64_t depth = end - head_now;
        while (depth > record &&
               !high_water_.compare_exchange_weak(record, depth, std::memory_order_relaxed)) {
        }
    }

    alignas(kCacheLine) std::atomic<std::uint64_t> tail_{0};
    std::atomic<std::uint64_t> head_cache_{0};  // producers' copy of head_; may lag
    std::atomic<std::uint64_t> high_water_{0};
    alignas(kCacheLine) std::atomic<std::uint64_t> head_{0};
    // The consumer's own copy of head_, on a line of its own: producers that
    // find the ring full read head_, and sharing its line would bring it back
    // to the consumer's core for every batch's reads of head_value_.
    alignas(kCacheLine) std::uint64_t head_value_ = 0;
    alignas(kCacheLine) std::unique_ptr<Slot[]> slots_;
    std::size_t capacity_ = 0;
};

}  // namespace sigmax
