// A bounded single-producer single-consumer ring (after Erik Rigtorp's
// SPSCQueue): one writer index and one reader index on separate cache lines,
// each side keeping a cached copy of the other's index so that it touches the
// shared line only when its cache says the ring is full (or empty).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sigmax/mpsc_ring.hpp"  // kCacheLine

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

    // Producer only.
    bool try_push(const T& v) noexcept {
        const std::uint64_t w = write_.load(std::memory_order_relaxed);
        if (w - read_cache_ == buffer_.size()) {
            // acquire pairs with the consumer's release of read_.
            read_cache_ = read_.load(std::memory_order_acquire);
            if (w - read_cache_ == buffer_.size()) return false;
        }
        buffer_[w & mask_] = v;
        // Publishes the value; pairs with the consumer's acquire of write_.
        write_.store(w + 1, std::memory_order_release);
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

private:
    std::vector<T> buffer_;
    std::size_t mask_ = 0;
    alignas(kCacheLine) std::atomic<std::uint64_t> write_{0};
    alignas(kCacheLine) std::uint64_t read_cache_ = 0;  // producer's copy of read_
    alignas(kCacheLine) std::atomic<std::uint64_t> read_{0};
    alignas(kCacheLine) std::uint64_t write_cache_ = 0;  // consumer's copy of write_
};

}  // namespace sigmax
