// Storage for resting orders: fixed-size records addressed by 32-bit index,
// recycled through a free list. Records link into their price level by index.
//
// The pool reserves address space for all the records it may ever hold (its
// bound) when it is built, and commits (faults in) that space in steps as it
// fills: record i is always at base + i * 64. Nothing is ever copied or
// moved, so a record keeps its address for as long as it exists, and an
// access costs what an access to one array costs. (A table of separately
// allocated chunks would cost a dependent load per access: 5-8 % of the
// matching loop's throughput in the paired A/B, docs/benchmarks.md.)
// Address space is plentiful on 64-bit Linux (128 TiB; the engine's bound of
// 2^32 - 1 records is 256 GiB of it) and reserving it commits no memory.
// Where the system refuses that much (a ulimit -v, a sanitizer's smaller
// address space), the pool reserves as much as it can get, down to its
// initial reserve, and that becomes its bound.
//
// Memory is committed in steps, before it is needed and off the path of
// any one access:
//  - at construction, min(reserve, kEagerRecords) records;
//  - then, each time every committed record is in use, one step: within the
//    first chunk of kChunkRecords (8 MiB, four whole huge pages) the
//    committed part doubles (a small pool stays small), past it one whole
//    chunk is added. The worst step is one chunk: 8 MiB.
// A step is taken by allocate() when it finds no record, or ahead of time by
// grow() (the engine grows before an order that would rest, so that running
// out changes nothing).
//
// Indexes are 32-bit and kNil is not one: a pool holds at most
// kMaxRecords = 2^32 - 1 records (a smaller bound may be given, for tests or
// to cap memory); past it allocate() returns kNil and grow() false, with
// nothing changed.
//
// shrink() gives back the committed memory past the last live record's
// chunk (not the construction's commitment). It tells live records from
// free ones by their id, which release() sets to 0: a pool whose live
// records may have id 0 (the market-data L3 book's exchange ids) must not be
// shrunk.
#pragma once

#include <algorithm>
#include <cstdint>
#include <new>
#include <stdexcept>

#include "sigmax/detail/huge_pages.hpp"
#include "sigmax/types.hpp"

#if defined(__SANITIZE_THREAD__)
#define SIGMAX_POOL_UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SIGMAX_POOL_UNDER_TSAN 1
#endif
#endif
#ifndef SIGMAX_POOL_UNDER_TSAN
#define SIGMAX_POOL_UNDER_TSAN 0
#endif

namespace sigmax {

using OrderIndex = std::uint32_t;
inline constexpr OrderIndex kNil = 0xFFFFFFFFu;

// One cache line: a record never straddles two, so a match, a cancel or an
// unlink touches one line of it.
struct alignas(64) RestingOrder {
    std::uint64_t id;
    std::int64_t price;   // ticks
    std::int64_t open;    // lots still resting
    std::int64_t filled;  // lots executed so far
    std::uint64_t owner;  // 0: none (self-trade prevention never applies)
    OrderIndex prev;      // neighbours in the level's FIFO (kNil at the ends);
    OrderIndex next;      // `next` also chains the free list
    std::uint32_t symbol;
    Side side;
    SelfTrade stp;        // its mode when it trades as a taker again (replace)
    bool post_only;       // a replace that would trade is refused
};
static_assert(sizeof(RestingOrder) == 64, "a resting order record is one 64-byte cache line");

// The hot fields (base, free list, bounds) share the object's first cache line.
class alignas(64) OrderPool {
public:
    static constexpr unsigned kChunkShift = 17;
    static constexpr std::size_t kChunkRecords = std::size_t{1} << kChunkShift;
    static constexpr std::size_t kChunkBytes = kChunkRecords * sizeof(RestingOrder);
    static_assert(kChunkBytes % kHugePage == 0, "a chunk is whole huge pages");
    // Every index but kNil.
    static constexpr std::size_t kMaxRecords = kNil;
    // At most this many records are committed at construction, whatever the
    // reserve (64 MiB): a larger reserve commits the rest when it is needed.
    static constexpr std::size_t kEagerRecords = std::size_t{1} << 20;
    // The first chunk's first growth step: a pool made with nothing reserved.
    static constexpr std::size_t kMinStep = 64;
#if SIGMAX_POOL_UNDER_TSAN
    // ThreadSanitizer gives the program 1.5 TiB of address space and stops
    // it when an mmap lands outside: reserve 768 MiB a pool (more only for a
    // larger reserve). The bound is then 2^24 records.
    static constexpr std::size_t kMaxReservedRecords = std::size_t{1} << 24;
#else
    static constexpr std::size_t kMaxReservedRecords = kMaxRecords;
#endif

    // Throws std::length_error when reserve > max_records or max_records >
    // kMaxRecords, std::bad_alloc when address space for `reserve` records
    // or the first commitment cannot be had.
    explicit OrderPool(std::size_t reserve, std::size_t max_records = kMaxRecords) {
        if (max_records > kMaxRecords || reserve > max_records)
            throw std::length_error("OrderPool: more records than 32-bit indexes can address");
        // As much address space as the system grants, from the bound down
        // to the reserve, in whole chunks.
        std::size_t records = std::max(reserve, std::min(max_records, kMaxReservedRecords));
        for (;;) {
            reserved_bytes_ = chunks_for(records) * kChunkBytes;
            if (reserved_bytes_ == 0) break;
            base_ = static_cast<RestingOrder*>(reserve_huge(reserved_bytes_));
            if (base_ || records <= reserve) break;
            records = std::max({reserve, records / 2, std::size_t{1}});
        }
        if (!base_ && reserved_bytes_ != 0) throw std::bad_alloc();
        max_records_ = records;
        const std::size_t eager = std::min(reserve, kEagerRecords);
        if (eager > 0 && !grow_to(eager)) {
            release_huge(base_, reserved_bytes_);
            throw std::bad_alloc();
        }
        initial_ = committed_;
    }
    OrderPool(const OrderPool&) = delete;
    OrderPool& operator=(const OrderPool&) = delete;
    ~OrderPool() { release_huge(base_, reserved_bytes_); }

    // A free record's index, or kNil (nothing changed) when the pool is at
    // its bound or the memory for another step cannot be had.
    OrderIndex allocate() noexcept {
        if (free_head_ != kNil) {
            const OrderIndex i = free_head_;
            free_head_ = base_[i].next;
            return i;
        }
        if (next_ < committed_ || grow()) return next_++;
        return kNil;
    }

    // allocate() for a caller that has just seen has_room(): no growth path.
    OrderIndex take() noexcept {
        if (free_head_ != kNil) {
            const OrderIndex i = free_head_;
            free_head_ = base_[i].next;
            return i;
        }
        return next_++;
    }

    void release(OrderIndex i) noexcept {
        RestingOrder& r = base_[i];
        r.id = 0;
        r.next = free_head_;
        free_head_ = i;
    }

    // Whether allocate() can return a record without committing memory.
    bool has_room() const noexcept { return free_head_ != kNil || next_ < committed_; }

    // Commits the next step (see the file comment). False, with nothing
    // changed, at the bound or when the memory cannot be had.
    bool grow() noexcept { return committed_ < max_records_ && grow_to(step_end()); }

    // Gives back what the live records do not need: the committed memory
    // after the chunk of the last live record (never the construction's
    // commitment). Free records are chained again lowest index first.
    // Allocates nothing, so it cannot fail.
    void shrink() noexcept {
        std::size_t live_end = next_;
        while (live_end > 0 && base_[live_end - 1].id == 0) --live_end;
        const std::size_t keep =
            std::max(initial_, std::min<std::size_t>(committed_, (live_end + kChunkRecords - 1) & ~(kChunkRecords - 1)));
        if (keep < committed_) {
            decommit_huge(base_, keep * sizeof(RestingOrder), std::size_t{committed_} * sizeof(RestingOrder));
            committed_ = static_cast<std::uint32_t>(keep);
        }
        next_ = static_cast<std::uint32_t>(live_end);
        free_head_ = kNil;
        for (std::size_t i = live_end; i-- > 0;) {
            RestingOrder& r = base_[i];
            if (r.id != 0) continue;
            r.next = free_head_;
            free_head_ = static_cast<OrderIndex>(i);
        }
    }

    // Starts loading record i (one cache line).
    void prefetch(OrderIndex i) const noexcept { __builtin_prefetch(&base_[i]); }
    // Starts loading the line with record i's links (prev, next), which
    // unlinking a neighbour of it rewrites.
    void prefetch_links(OrderIndex i) const noexcept { __builtin_prefetch(&base_[i].prev); }

    RestingOrder& operator[](OrderIndex i) noexcept { return base_[i]; }
    const RestingOrder& operator[](OrderIndex i) const noexcept { return base_[i]; }

    // Records committed: allocate() takes no step until this many are in use.
    std::size_t capacity() const noexcept { return committed_; }
    // Records committed at construction, which shrink() keeps.
    std::size_t initial_capacity() const noexcept { return initial_; }
    // The most records the pool can hold: the bound asked for, or less
    // where the system granted less address space.
    std::size_t max_records() const noexcept { return max_records_; }

private:
    static std::size_t chunks_for(std::size_t records) noexcept {
        return (records + kChunkRecords - 1) >> kChunkShift;
    }

    // Where the next step ends: doubling within the first chunk, then the
    // end of the chunk after the last committed record; never past the bound.
    std::size_t step_end() const noexcept {
        const std::size_t end = committed_ < kChunkRecords
                                    ? std::min(std::max(2 * std::size_t{committed_}, kMinStep), kChunkRecords)
                                    : (committed_ & ~(kChunkRecords - 1)) + kChunkRecords;
        return std::min(end, max_records_);
    }

    // Commits records [committed_, end). False, with nothing changed, if
    // the memory cannot be had.
    bool grow_to(std::size_t end) noexcept {
        if (!commit_huge(base_, std::size_t{committed_} * sizeof(RestingOrder), end * sizeof(RestingOrder)))
            return false;
        committed_ = static_cast<std::uint32_t>(end);
        return true;
    }

    RestingOrder* base_ = nullptr;  // records [0, max_records_) of address space
    OrderIndex free_head_ = kNil;
    std::uint32_t next_ = 0;       // records [next_, committed_) have never been allocated
    std::uint32_t committed_ = 0;  // records [0, committed_) are committed memory
    std::size_t max_records_ = 0;
    std::size_t initial_ = 0;
    std::size_t reserved_bytes_ = 0;
};

}  // namespace sigmax
