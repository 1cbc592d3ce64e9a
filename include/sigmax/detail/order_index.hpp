// Order id -> pool index, for cancel, amend and lookups.
//
// KeyOf turns an id into the 32-bit key the table hashes: the engine's own
// ids are sequential and use their low 32 bits (SequentialIdKey, below);
// the market-data L3 book's exchange ids are arbitrary 64-bit values and mix
// all their bits (md::ExchangeIdKey).
//
// Open addressing with linear probing and backward-shift deletion (no
// tombstones). A slot is 8 bytes: the low 32 bits of the id and the pool
// index + 1 (0 = empty); the full id is confirmed in the pool record.
// Ids are sequential. With the identity hash, orders placed one after another
// fill one long run of slots and every erase in it scans to the run's end;
// with a plain multiplicative hash every insert touches a random cache line.
// home() keeps 4 consecutive ids in the first half of a cache line and
// scatters the blocks, which gets both short erases and cache-friendly
// inserts (BM_Cancel and BM_AddRestingOrder measure them). With 8 ids a
// full block would fill its line, and about one erase in five would read on
// into the next line; with 4, about one in 500.
// The table doubles when it passes half full, so lookups stay short; in
// steady state it never allocates. Doubling rehashes every entry at once:
// at 10^7 entries that is the longest pause an order can meet
// (docs/benchmarks.md). shrink() halves it back down to the smallest size
// that is at most half full, never below its initial size.
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

#include "sigmax/detail/huge_pages.hpp"
#include "sigmax/detail/order_pool.hpp"

namespace sigmax {

template <class KeyOf>
class BasicOrderIndexMap {
public:
    static constexpr double kMaxLoad = 0.5;

    explicit BasicOrderIndexMap(std::size_t expected) {
        std::size_t cap = 16;
        while (static_cast<double>(cap) * kMaxLoad < static_cast<double>(expected)) cap *= 2;
        initial_slots_ = cap;
        rehash(cap);
    }

    // Pool index of `id`, or kNil.
    OrderIndex find(std::uint64_t id, const OrderPool& pool) const noexcept {
        return index_in(slot_of(id, pool));
    }

    // The pool index of the first entry whose low 32 bits match `id`,
    // without confirming the full id in the pool: a guess, for prefetching.
    OrderIndex peek(std::uint64_t id) const noexcept {
        return index_in(probe(KeyOf{}(id), [](OrderIndex) { return true; }));
    }

    // Starts loading the home slot of `id`, to overlap its cache miss with
    // other work before find() or erase().
    void prefetch(std::uint64_t id) const noexcept {
        __builtin_prefetch(&slots_[home(KeyOf{}(id))], 1);
    }

    // The slot where find(id) starts probing: for look-ahead prefetches.
    const void* home_slot(std::uint64_t id) const noexcept { return &slots_[home(KeyOf{}(id))]; }

    // Throws std::bad_alloc, with nothing changed, if it must grow and cannot.
    void insert(std::uint64_t id, OrderIndex index) {
        if (!has_room()) grow();
        place(KeyOf{}(id), index);
        ++size_;
    }

    // insert() for a caller that has just seen has_room().
    void insert_with_room(std::uint64_t id, OrderIndex index) noexcept {
        place(KeyOf{}(id), index);
        ++size_;
    }

    // Whether insert() can add an entry without growing.
    bool has_room() const noexcept { return size_ + 1 <= max_size_; }
    // Doubles the table. Throws std::bad_alloc, with nothing changed.
    void grow() { rehash(slots_.size() * 2); }

    // Halves the table while it stays at most half full and above its
    // initial size. If the smaller table cannot be allocated, keeps this one.
    void shrink() noexcept {
        std::size_t cap = slots_.size();
        while (cap / 2 >= initial_slots_ && size_ <= max_size_for(cap / 2)) cap /= 2;
        if (cap == slots_.size()) return;
        try {
            rehash(cap);
        } catch (const std::bad_alloc&) {
        }
    }

    std::size_t slot_count() const noexcept { return slots_.size(); }

    void erase(std::uint64_t id, const OrderPool& pool) noexcept {
        const std::size_t slot = slot_of(id, pool);
        if (slot != kNoSlot) erase_slot(slot);
    }

    // find() in two steps, for a caller that erases what it found: the slot
    // holding `id` (kNoSlot if none), and the pool index in a slot.
    static constexpr std::size_t kNoSlot = ~std::size_t{0};
    std::size_t find_slot(std::uint64_t id, const OrderPool& pool) const noexcept { return slot_of(id, pool); }
    OrderIndex index_at(std::size_t slot) const noexcept { return slots_[slot].index_plus_one - 1; }
    // Erases the entry in `slot` (from find_slot, with no insert or erase
    // since): no second probe, no second look at the pool record.
    void erase_slot(std::size_t hole) noexcept {
        // Backward shift: pull later entries of the probe run into the hole
        // when their home slot is at or before it.
        for (std::size_t j = (hole + 1) & mask_;; j = (j + 1) & mask_) {
            const Slot s = slots_[j];
            if (s.index_plus_one == 0) break;
            const std::size_t h = home(s.key);
            if (((j - h) & mask_) >= ((j - hole) & mask_)) {
                slots_[hole] = s;
                hole = j;
            }
        }
        slots_[hole] = Slot{};
        --size_;
    }

    std::size_t size() const noexcept { return size_; }

private:
    struct Slot {
        std::uint32_t key = 0;
        std::uint32_t index_plus_one = 0;
    };
    static_assert(sizeof(Slot) == 8);
    using Slots = std::vector<Slot, HugePageAllocator<Slot>>;

    // The slot of the first entry of `key`'s probe run whose pool index
    // satisfies match(index), or kNoSlot at the run's end.
    template <class Match>
    std::size_t probe(std::uint32_t key, Match&& match) const noexcept {
        for (std::size_t i = home(key);; i = (i + 1) & mask_) {
            const Slot s = slots_[i];
            if (s.index_plus_one == 0) return kNoSlot;
            if (s.key == key && match(s.index_plus_one - 1)) return i;
        }
    }

    OrderIndex index_in(std::size_t slot) const noexcept {
        return slot == kNoSlot ? kNil : slots_[slot].index_plus_one - 1;
    }

    // The slot holding `id` (its full id confirmed in the pool), or kNoSlot.
    std::size_t slot_of(std::uint64_t id, const OrderPool& pool) const noexcept {
        return probe(KeyOf{}(id), [&](OrderIndex i) { return pool[i].id == id; });
    }

    // Blocks of 4 consecutive ids share a cache line of 8 slots (consecutive
    // orders stay cheap to insert, and runs end inside the line); blocks are
    // scattered by a Fibonacci hash (2^32 / golden ratio), so runs of
    // occupied slots stay short.
    std::size_t home(std::uint32_t key) const noexcept {
        const std::uint32_t block = ((key >> 2) * 2654435769u) >> block_shift_;
        return (static_cast<std::size_t>(block) << 3) | (key & 3u);
    }

    static std::size_t max_size_for(std::size_t cap) noexcept {
        return static_cast<std::size_t>(kMaxLoad * static_cast<double>(cap));
    }

    // Moves every entry into a new table of `cap` slots. The new table is
    // allocated first: if that throws, nothing has changed.
    void rehash(std::size_t cap) {
        Slots old(cap, Slot{});
        old.swap(slots_);
        mask_ = cap - 1;
        // 32 - log2(slot count) keeps the top bits of the product; the block
        // number has 3 bits fewer.
        block_shift_ = 32 - static_cast<unsigned>(std::countr_zero(cap)) + 3;
        max_size_ = max_size_for(cap);
        for (const Slot& s : old)
            if (s.index_plus_one != 0) place(s.key, s.index_plus_one - 1);
    }

    void place(std::uint32_t key, OrderIndex index) noexcept {
        std::size_t i = home(key);
        while (slots_[i].index_plus_one != 0) i = (i + 1) & mask_;
        slots_[i] = Slot{key, index + 1};
    }

    Slots slots_;
    std::size_t mask_ = 0;
    unsigned block_shift_ = 35;  // see rehash()
    std::size_t size_ = 0;
    std::size_t max_size_ = 0;   // entries that fit at kMaxLoad
    std::size_t initial_slots_ = 0;
};

// The engine's ids: 1, 2, 3, ... per engine, or the caller's client ids.
// An id below 2^32 is its own key (the sequential ids' cache-friendly
// placement, see home()); the high half is mixed in by a multiply, so ids
// that differ only there (a session number in the high bits, say) get
// different keys instead of one long probe run.
struct SequentialIdKey {
    std::uint32_t operator()(std::uint64_t id) const noexcept {
        return static_cast<std::uint32_t>(id) ^ static_cast<std::uint32_t>((id >> 32) * 0x9E3779B97F4A7C15ull);
    }
};
using OrderIndexMap = BasicOrderIndexMap<SequentialIdKey>;

}  // namespace sigmax
