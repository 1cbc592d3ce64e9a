// Storage for resting orders: fixed-size records in one array, addressed by
// 32-bit index, recycled through a free list. Records link into their price
// level by index, so growing the array never invalidates a link.
//
// The array is reserved up front (Engine::Config::order_capacity) and grows
// only when more orders rest at once than ever before; in steady state
// allocate() and release() touch no heap.
#pragma once

#include <cstdint>
#include <vector>

#include "sigmax/detail/huge_pages.hpp"
#include "sigmax/types.hpp"

namespace sigmax {

using OrderIndex = std::uint32_t;
inline constexpr OrderIndex kNil = 0xFFFFFFFFu;

struct RestingOrder {
    std::uint64_t id;
    std::int64_t price;   // ticks
    std::int64_t open;    // lots still resting
    std::int64_t filled;  // lots executed so far
    OrderIndex prev;      // neighbours in the level's FIFO (kNil at the ends);
    OrderIndex next;      // `next` also chains the free list
    std::uint32_t symbol;
    Side side;
};
static_assert(sizeof(RestingOrder) == 48, "a resting order record is 48 bytes");

class OrderPool {
public:
    explicit OrderPool(std::size_t reserve) { records_.reserve(reserve); }

    // Room for one more record: grows now if needed (strong guarantee: on
    // bad_alloc the pool is unchanged), so that an allocate() after it
    // cannot fail.
    void reserve_one() {
        if (free_head_ == kNil && records_.size() == records_.capacity())
            records_.reserve(records_.empty() ? 16 : records_.size() * 2);
    }

    OrderIndex allocate() {
        if (free_head_ != kNil) {
            const OrderIndex i = free_head_;
            free_head_ = records_[i].next;
            return i;
        }
        records_.push_back(RestingOrder{});
        return static_cast<OrderIndex>(records_.size() - 1);
    }

    void release(OrderIndex i) noexcept {
        records_[i].id = 0;
        records_[i].next = free_head_;
        free_head_ = i;
    }

    // Starts loading record i. Records are 48 bytes, so half of them
    // straddle two cache lines, and the fields a match or an unlink uses
    // (open, prev, next) are then on the second: ask for both lines.
    void prefetch(OrderIndex i) const noexcept {
        const char* first = reinterpret_cast<const char*>(&records_[i]);
        __builtin_prefetch(first);
        __builtin_prefetch(first + sizeof(RestingOrder) - 1);
    }
    // Starts loading the line with record i's links (prev, next), which
    // unlinking a neighbour of it rewrites.
    void prefetch_links(OrderIndex i) const noexcept { __builtin_prefetch(&records_[i].prev); }

    RestingOrder& operator[](OrderIndex i) noexcept { return records_[i]; }
    const RestingOrder& operator[](OrderIndex i) const noexcept { return records_[i]; }

    std::size_t capacity() const noexcept { return records_.capacity(); }

private:
    std::vector<RestingOrder, HugePageAllocator<RestingOrder>> records_;
    OrderIndex free_head_ = kNil;
};

}  // namespace sigmax
