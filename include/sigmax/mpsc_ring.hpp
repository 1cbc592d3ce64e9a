// A bounded multi-producer single-consumer ring (after Dmitry Vyukov's
// bounded MPMC queue): producers claim a slot with one CAS on `tail_` and
// publish it by storing the slot's sequence number; the single consumer reads
// slots in order. No locks; a full ring refuses at once.
//
// Layout: `tail_` (written by every producer) and `head_` (consumer only) sit
// on separate cache lines, and every slot is a cache line of its own, so
// producers filling neighbouring slots do not false-share.
//
// Closing: the top bit of `tail_` marks the ring closed. close() sets it with
// one fetch_or and returns how many slots were ever claimed; a producer's CAS
// fails once it is set, so every claim is either before the close (and will
// be published) or refused.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>

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
        slots_ = std::make_unique<Slot[]>(cap);
        for (std::size_t i = 0; i < cap; ++i) slots_[i].seq.store(i, std::memory_order_relaxed);
    }

    std::size_t capacity() const noexcept { return capacity_; }

    // Claims up to n consecutive slots (all or the free prefix, at least one)
    // and fills them with make(i, ticket) for i in [0, k); returns k via
    // `count` and the first ticket. Producers: any thread.
    template <class Make>
    Push push(std::size_t n, Make&& make, std::uint64_t& first_ticket, std::size_t& count) noexcept {
        std::uint64_t pos = tail_.load(std::memory_order_relaxed);
        for (;;) {
            if (pos & kClosed) return Push::Closed;
            // Slots are freed in order by the single consumer, so if the last
            // wanted slot is free for this lap, every slot before it is too.
            std::size_t k = n;
            while (k > 0 && !free_for(pos + k - 1)) k = k > 1 ? k / 2 : 0;
            if (k == 0) {
                // Nothing free: full, or `pos` is stale. Reload to tell.
                const std::uint64_t now = tail_.load(std::memory_order_relaxed);
                if (now == pos) return Push::Full;
                pos = now;
                continue;
            }
            // relaxed is enough for the claim: the slot's contents are
            // published by the release store of its sequence below.
            if (tail_.compare_exchange_weak(pos, pos + k, std::memory_order_relaxed, std::memory_order_relaxed)) {
                for (std::size_t i = 0; i < k; ++i) {
                    Slot& s = slots_[(pos + i) & (capacity_ - 1)];
                    s.value = make(i, pos + i);
                    // Pairs with the consumer's acquire load in pop().
                    s.seq.store(pos + i + 1, std::memory_order_release);
                }
                first_ticket = pos;
                count = k;
                return Push::Ok;
            }
        }
    }

    // Consumer only: takes up to max published values, in ticket order.
    template <class Take>
    std::size_t pop(std::size_t max, Take&& take) noexcept {
        std::size_t n = 0;
        while (n < max) {
            Slot& s = slots_[head_ & (capacity_ - 1)];
            // Pairs with the producer's release store of this sequence.
            if (s.seq.load(std::memory_order_acquire) != head_ + 1) break;
            take(s.value);
            // Frees the slot for the producer one lap later; pairs with the
            // acquire in free_for().
            s.seq.store(head_ + capacity_, std::memory_order_release);
            ++head_;
            ++n;
        }
        return n;
    }

    // Closes the ring; returns the number of slots ever claimed.
    std::uint64_t close() noexcept { return tail_.fetch_or(kClosed, std::memory_order_acq_rel) & ~kClosed; }
    bool closed() const noexcept { return (tail_.load(std::memory_order_acquire) & kClosed) != 0; }

    // Consumer only.
    std::uint64_t consumed() const noexcept { return head_; }
    // Any thread; approximate while producers run.
    std::uint64_t claimed() const noexcept { return tail_.load(std::memory_order_relaxed) & ~kClosed; }

private:
    static constexpr std::uint64_t kClosed = std::uint64_t{1} << 63;

    struct alignas(kCacheLine) Slot {
        std::atomic<std::uint64_t> seq{0};
        T value{};
    };
    static_assert(sizeof(T) + sizeof(std::atomic<std::uint64_t>) <= kCacheLine,
                  "a slot (sequence + value) must fit one cache line");

    bool free_for(std::uint64_t pos) const noexcept {
        // acquire pairs with the consumer's release when it freed the slot.
        return slots_[pos & (capacity_ - 1)].seq.load(std::memory_order_acquire) == pos;
    }

    alignas(kCacheLine) std::atomic<std::uint64_t> tail_{0};
    alignas(kCacheLine) std::uint64_t head_ = 0;
    alignas(kCacheLine) std::unique_ptr<Slot[]> slots_;
    std::size_t capacity_ = 0;
};

}  // namespace sigmax
