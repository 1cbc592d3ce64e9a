// A bounded single-producer single-consumer ring (after Erik Rigtorp's
// SPSCQueue): one writer index and one reader index on separate cache lines,
// each side keeping a cached copy of the other's index so that it touches the
// shared line only when its cache says the ring is full (or empty). The
// producer may write several values and publish them with one store.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sigmax/detail/huge_pages.hpp"
#include "sigmax/detail/mpsc_ring.hpp"  // kCacheLine
#include "sigmax/detail/prefetch.hpp"

namespace sigmax {

template <class T>
class SpscRing {
public:
    explicit SpscRing(std::size_t min_capacity) {
        std::size_t cap = 2;
        while (cap < min_capacity) cap *= 2;
        buffer_.resize(cap);
        mask_ = cap - 1;
    }

    std::size_t capacity() const noexcept { return buffer_.size(); }

    // Producer only: writes v without making it visible; publish() makes
    // every value written so far visible at once (one store to the shared
    // index per batch instead of one per value). False when full.
    bool write(const T& v) noexcept {
        T* slot = claim();
        if (!slot) return false;
        *slot = v;
        commit();
        return true;
    }
    // Producer only, for values built in place: the slot the next value goes
    // to (null when full); commit() counts it as written.
    T* claim() noexcept {
        if (write_value_ - read_cache_ == buffer_.size()) {
            // acquire pairs with the consumer's release of read_.
            read_cache_ = read_.load(std::memory_order_acquire);
            if (write_value_ - read_cache_ == buffer_.size()) return nullptr;
        }
        // Ask for the line a few slots ahead with intent to write: it was
        // last read by the consumer's core, and a plain store would wait
        // for it to come back (see prefetch_for_write).
        const T* ahead = &buffer_[(write_value_ + kWriteAhead) & mask_];
        prefetch_for_write(ahead);
        prefetch_for_write(reinterpret_cast<const char*>(ahead + 1) - 1);
        return &buffer_[write_value_ & mask_];
    }
    void commit() noexcept { ++write_value_; }
    void publish() noexcept {
        // Pairs with the consumer's acquire of write_.
        write_.store(write_value_, std::memory_order_release);
        // The deepest the ring has been when published, from the producer's
        // side: exact when it is a record (read_ is re-read then, rarely).
        if (write_value_ - read_cache_ > high_water_.load(std::memory_order_relaxed)) {
            read_cache_ = read_.load(std::memory_order_acquire);
            const std::uint64_t depth = write_value_ - read_cache_;
            if (depth > high_water_.load(std::memory_order_relaxed))
                high_water_.store(depth, std::memory_order_relaxed);  // single writer
        }
    }
    bool try_push(const T& v) noexcept {
        if (!write(v)) return false;
        publish();
        return true;
    }

    // Consumer only: takes up to max values in order.
    template <class Take>
    std::size_t pop(std::size_t max, Take&& take) noexcept {
        const std::uint64_t r = read_.load(std::memory_order_relaxed);
        if (write_cache_ == r) {
            // acquire pairs with the producer's release of write_.
            write_cache_ = write_.load(std::memory_order_acquire);
            if (write_cache_ == r) return 0;
        }
        std::size_t n = 0;
        while (n < max && r + n != write_cache_) {
            take(buffer_[(r + n) & mask_]);
            ++n;
        }
        // Frees the slots; pairs with the producer's acquire of read_.
        read_.store(r + n, std::memory_order_release);
        return n;
    }

    // Any thread; approximate.
    std::size_t size() const noexcept {
        return static_cast<std::size_t>(write_.load(std::memory_order_relaxed) - read_.load(std::memory_order_relaxed));
    }
    // The most values that have been published and not yet taken. Any thread.
    std::uint64_t high_water() const noexcept { return high_water_.load(std::memory_order_relaxed); }

private:
    static constexpr std::size_t kWriteAhead = 8;
    std::vector<T, HugePageAllocator<T>> buffer_;
    std::size_t mask_ = 0;
    alignas(kCacheLine) std::atomic<std::uint64_t> write_{0};
    alignas(kCacheLine) std::uint64_t write_value_ = 0;  // producer: written, maybe not yet published
    std::uint64_t read_cache_ = 0;                       // producer's copy of read_
    std::atomic<std::uint64_t> high_water_{0};
    alignas(kCacheLine) std::atomic<std::uint64_t> read_{0};
    alignas(kCacheLine) std::uint64_t write_cache_ = 0;  // consumer's copy of write_
};

}  // namespace sigmax
