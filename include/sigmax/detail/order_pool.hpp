// Storage for resting orders: fixed-size records addressed by 32-bit index,
// recycled through a free list. Records link into their price level by index.
//
// The records live in chunks of kChunkRecords (6 MiB: three whole huge
// pages), found by index through a small table of chunk pointers: index i is
// record i % kChunkRecords of chunk i / kChunkRecords (a shift and a mask).
// Chunks never move, so a record keeps its address for as long as it
// exists, and growing the pool adds memory without copying any.
//
// Memory is committed (faulted in) in steps, before it is needed and off the
// path of any one access:
//  - at construction, min(reserve, kEagerRecords) records;
//  - then, each time every committed record is in use, one step: within the
//    first chunk the committed part doubles (a small pool stays small), past
//    it one whole chunk is added. The worst step is one chunk: 6 MiB.
// A step is taken by allocate() when it finds no record, or ahead of time by
// grow() (the engine grows before an order that would rest, so that running
// out changes nothing). The table of chunk pointers has room for `reserve`
// records from the start, so growing up to it allocates only the chunks.
//
// Indexes are 32-bit and kNil is not one: a pool holds at most
// kMaxRecords = 2^32 - 1 records (a smaller bound may be given, for tests);
// past it allocate() returns kNil and grow() false, with nothing changed.
//
// shrink() gives back the chunks past the last live record (not those of
// the construction's commitment). It tells live records from free ones by
// their id, which release() sets to 0: a pool whose live records may have
// id 0 (the market-data L3 book's exchange ids) must not be shrunk.
#pragma once

#include <algorithm>
#include <cstdint>
#include <new>
#include <stdexcept>
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

// The hot fields (chunk table, free list, bounds) share the object's first
// cache line.
class alignas(64) OrderPool {
public:
    static constexpr unsigned kChunkShift = 17;
    static constexpr std::size_t kChunkRecords = std::size_t{1} << kChunkShift;
    static constexpr std::size_t kChunkBytes = kChunkRecords * sizeof(RestingOrder);
    static_assert(kChunkBytes % kHugePage == 0, "a chunk is whole huge pages");
    // Every index but kNil.
    static constexpr std::size_t kMaxRecords = kNil;
    // At most this many records are committed at construction, whatever the
    // reserve (48 MiB): a larger reserve commits the rest when it is needed.
    static constexpr std::size_t kEagerRecords = std::size_t{1} << 20;
    // The first chunk's first growth step: a pool made with nothing reserved.
    static constexpr std::size_t kMinStep = 64;

    // Throws std::length_error when reserve > max_records or max_records >
    // kMaxRecords, std::bad_alloc when the first commitment cannot be had.
    explicit OrderPool(std::size_t reserve, std::size_t max_records = kMaxRecords) : max_records_(max_records) {
        if (max_records > kMaxRecords || reserve > max_records)
            throw std::length_error("OrderPool: more records than 32-bit indexes can address");
        chunks_.reserve(chunks_for(reserve));
        const std::size_t eager = std::min(reserve, kEagerRecords);
        while (committed_ < eager) {  // whole chunks at once: no doubling steps here
            if (!grow_to(std::min(eager, (std::size_t{committed_} & ~(kChunkRecords - 1)) + kChunkRecords))) {
                unmap_from(0);
                throw std::bad_alloc();
            }
        }
        initial_ = committed_;
    }
    OrderPool(const OrderPool&) = delete;
    OrderPool& operator=(const OrderPool&) = delete;
    ~OrderPool() { unmap_from(0); }

    // A free record's index, or kNil (nothing changed) when the pool is at
    // its bound or the memory for another step cannot be had.
    OrderIndex allocate() noexcept {
        if (free_head_ != kNil) {
            const OrderIndex i = free_head_;
            free_head_ = (*this)[i].next;
            return i;
        }
        if (next_ < committed_ || grow()) return next_++;
        return kNil;
    }

    // allocate() for a caller that has just seen has_room(): no growth path.
    OrderIndex take() noexcept {
        if (free_head_ != kNil) {
            const OrderIndex i = free_head_;
            free_head_ = (*this)[i].next;
            return i;
        }
        return next_++;
    }

    void release(OrderIndex i) noexcept {
        RestingOrder& r = (*this)[i];
        r.id = 0;
        r.next = free_head_;
        free_head_ = i;
    }

    // Whether allocate() can return a record without committing memory.
    bool has_room() const noexcept { return free_head_ != kNil || next_ < committed_; }

    // Commits the next step (see the file comment). False, with nothing
    // changed, at the bound or when the memory cannot be had.
    bool grow() noexcept { return committed_ < max_records_ && grow_to(step_end()); }

    // Gives back what the live records do not need: the chunks after the
    // last live record's (never the construction's commitment), and the
    // committed pages past it in the chunk that stays last. Free records
    // are chained again lowest index first. Allocates nothing, so it cannot fail.
    void shrink() noexcept {
        std::size_t live_end = next_;
        while (live_end > 0 && (*this)[static_cast<OrderIndex>(live_end - 1)].id == 0) --live_end;
        const std::size_t keep =
            std::max(initial_, std::min<std::size_t>(committed_, (live_end + kChunkRecords - 1) & ~(kChunkRecords - 1)));
        if (keep < committed_) {
            const std::size_t chunks = chunks_for(keep);
            const std::size_t last = chunks - 1;
            if (chunks > 0) {
                const std::size_t chunk_end = std::min<std::size_t>(committed_, chunks * kChunkRecords);
                decommit_huge(chunks_[last], (keep - last * kChunkRecords) * sizeof(RestingOrder),
                              (chunk_end - last * kChunkRecords) * sizeof(RestingOrder));
            }
            unmap_from(chunks);
            committed_ = static_cast<std::uint32_t>(keep);
        }
        next_ = static_cast<std::uint32_t>(live_end);
        free_head_ = kNil;
        for (std::size_t i = live_end; i-- > 0;) {
            RestingOrder& r = (*this)[static_cast<OrderIndex>(i)];
            if (r.id != 0) continue;
            r.next = free_head_;
            free_head_ = static_cast<OrderIndex>(i);
        }
    }

    // Starts loading record i. Records are 48 bytes, so half of them
    // straddle two cache lines, and the fields a match or an unlink uses
    // (open, prev, next) are then on the second: ask for both lines.
    void prefetch(OrderIndex i) const noexcept {
        const char* first = reinterpret_cast<const char*>(&(*this)[i]);
        __builtin_prefetch(first);
        __builtin_prefetch(first + sizeof(RestingOrder) - 1);
    }
    // Starts loading the line with record i's links (prev, next), which
    // unlinking a neighbour of it rewrites.
    void prefetch_links(OrderIndex i) const noexcept { __builtin_prefetch(&(*this)[i].prev); }

    RestingOrder& operator[](OrderIndex i) noexcept { return chunks_[i >> kChunkShift][i & (kChunkRecords - 1)]; }
    const RestingOrder& operator[](OrderIndex i) const noexcept {
        return chunks_[i >> kChunkShift][i & (kChunkRecords - 1)];
    }

    // Records committed: allocate() takes no step until this many are in use.
    std::size_t capacity() const noexcept { return committed_; }
    // Records committed at construction, which shrink() keeps.
    std::size_t initial_capacity() const noexcept { return initial_; }
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

    // Commits records [committed_, end), all in one chunk (mapping it first
    // if it is new). False, with nothing changed, if memory is short.
    bool grow_to(std::size_t end) noexcept {
        const std::size_t chunk = committed_ >> kChunkShift;
        if (chunk == chunks_.size()) {
            try {
                // Past the reserve's table, grow it geometrically (it holds pointers only).
                if (chunk == chunks_.capacity()) chunks_.reserve(std::max<std::size_t>(2 * chunk, 8));
            } catch (const std::bad_alloc&) {
                return false;
            }
            void* memory = reserve_huge(kChunkBytes);
            if (!memory) return false;
            chunks_.push_back(static_cast<RestingOrder*>(memory));  // cannot throw: reserved
        }
        const std::size_t base = chunk << kChunkShift;
        commit_huge(chunks_[chunk], (committed_ - base) * sizeof(RestingOrder), (end - base) * sizeof(RestingOrder));
        committed_ = static_cast<std::uint32_t>(end);
        return true;
    }

    void unmap_from(std::size_t first) noexcept {
        for (std::size_t c = first; c < chunks_.size(); ++c) release_huge(chunks_[c], kChunkBytes);
        chunks_.resize(std::min(first, chunks_.size()));
    }

    std::vector<RestingOrder*> chunks_;  // chunk c holds records [c * kChunkRecords, (c + 1) * kChunkRecords)
    OrderIndex free_head_ = kNil;
    std::uint32_t next_ = 0;       // records [next_, committed_) have never been allocated
    std::uint32_t committed_ = 0;  // records [0, committed_) are committed memory
    std::size_t max_records_;
    std::size_t initial_ = 0;
};

}  // namespace sigmax
