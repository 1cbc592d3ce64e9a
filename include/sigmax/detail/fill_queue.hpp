// Undrained fills, oldest first: a ring buffer with a power-of-two size.
//
// push() never drops a fill and never allocates: before an order matches, the
// engine calls reserve() with a bound on the fills it can make, so a failed
// allocation happens before anything changes. The engine refuses new orders
// (Status::FillsFull) once `limit` fills wait, so the ring holds at most
// limit + the fills of one order; only an order that may sweep more resting
// orders than the ring has room for makes it grow.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sigmax/types.hpp"

namespace sigmax {

class FillQueue {
public:
    explicit FillQueue(std::size_t limit) : limit_(limit) {
        std::size_t cap = 16;
        const std::size_t want = limit < 4096 ? limit : 4096;  // grow lazily past this
        while (cap < want) cap *= 2;
        ring_.resize(limit == 0 ? 0 : cap);
    }

    bool recording() const noexcept { return limit_ != 0; }
    bool at_limit() const noexcept { return limit_ != 0 && size() >= limit_; }
    std::size_t size() const noexcept { return static_cast<std::size_t>(tail_ - head_); }

    // Room for `n` more fills without growing: grows now if needed (strong
    // guarantee: on bad_alloc the queue is unchanged).
    void reserve(std::size_t n) {
        if (room() < n) grow(size() + n);
    }
    std::size_t room() const noexcept { return ring_.size() - size(); }

    // Needs room (reserve()).
    void push(const Fill& f) noexcept {
        ring_[tail_ & (ring_.size() - 1)] = f;
        ++tail_;
    }

    // Moves up to out.size() oldest fills into out; returns how many.
    std::size_t drain(std::span<Fill> out) noexcept {
        std::size_t n = 0;
        take_each([&](const Fill& f) { out[n++] = f; }, out.size());
        return n;
    }
    // Passes up to max oldest fills to take(const Fill&), oldest first, and
    // forgets them.
    template <class Take>
    void take_each(Take&& take, std::size_t max = ~std::size_t{0}) {
        for (; max > 0 && head_ != tail_; --max) {
            take(ring_[head_ & (ring_.size() - 1)]);
            ++head_;
        }
        // Empty: start again at the front, so that a caller who takes the
        // fills after every order keeps writing the same few hot lines
        // instead of walking the whole ring through the cache.
        if (head_ == tail_) head_ = tail_ = 0;
    }

private:
    // A power-of-two ring of at least `need` fills, allocated before anything
    // moves.
    void grow(std::size_t need) {
        std::size_t cap = ring_.empty() ? 16 : ring_.size() * 2;
        while (cap < need) cap *= 2;
        std::vector<Fill> bigger(cap);
        std::size_t n = 0;
        for (std::uint64_t i = head_; i != tail_; ++i) bigger[n++] = ring_[i & (ring_.size() - 1)];
        ring_.swap(bigger);
        head_ = 0;
        tail_ = n;
    }

    std::vector<Fill> ring_;
    std::uint64_t head_ = 0;
    std::uint64_t tail_ = 0;
    std::size_t limit_;
};

}  // namespace sigmax
