// A FIFO that reuses its memory: a power-of-two array with head and size.
// It allocates only when it outgrows its capacity (doubling), so a venue's
// request and response channels cost nothing per message in steady state.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace sigmax::venue {

template <class T>
class Ring {
public:
    explicit Ring(std::size_t capacity = 64) { slots_.resize(round_up(capacity)); }

    bool empty() const noexcept { return size_ == 0; }
    std::size_t size() const noexcept { return size_; }
    const T& front() const noexcept { return slots_[head_]; }
    T& front() noexcept { return slots_[head_]; }
    void pop() noexcept {
        head_ = (head_ + 1) & (slots_.size() - 1);
        --size_;
    }
    // Room for one more (may allocate: std::bad_alloc leaves the ring as it was).
    void reserve_one() {
        if (size_ < slots_.size()) return;
        std::vector<T> bigger(slots_.size() * 2);
        for (std::size_t i = 0; i < size_; ++i) bigger[i] = std::move(slots_[(head_ + i) & (slots_.size() - 1)]);
        slots_.swap(bigger);
        head_ = 0;
    }
    // Room for n more (may allocate, as reserve_one).
    void reserve(std::size_t n) {
        while (slots_.size() - size_ < n) {
            std::vector<T> bigger(slots_.size() * 2);
            for (std::size_t i = 0; i < size_; ++i) bigger[i] = std::move(slots_[(head_ + i) & (slots_.size() - 1)]);
            slots_.swap(bigger);
            head_ = 0;
        }
    }
    // After reserve_one() or reserve().
    void push_reserved(const T& v) noexcept {
        slots_[(head_ + size_) & (slots_.size() - 1)] = v;
        ++size_;
    }
    void push(const T& v) {
        reserve_one();
        push_reserved(v);
    }
    template <class Visit>
    void for_each(Visit&& visit) const {
        for (std::size_t i = 0; i < size_; ++i) visit(slots_[(head_ + i) & (slots_.size() - 1)]);
    }

private:
    static std::size_t round_up(std::size_t n) {
        std::size_t c = 1;
        while (c < n) c <<= 1;
        return c;
    }
    std::vector<T> slots_;
    std::size_t head_ = 0, size_ = 0;
};

}  // namespace sigmax::venue
