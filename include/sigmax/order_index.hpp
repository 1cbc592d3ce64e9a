// Order id -> pool index, for cancel, amend and lookups.
//
// Open addressing with linear probing and backward-shift deletion (no
// tombstones). A slot is 8 bytes: the low 32 bits of the id and the pool
// index + 1 (0 = empty); the full id is confirmed in the pool record. Ids are
// assigned sequentially, so the identity hash of the low bits spreads live
// orders evenly and consecutive orders land in consecutive slots.
// The table doubles when it passes half full, so lookups stay short; in
// steady state it never allocates.
#pragma once

#include <cstdint>
#include <vector>

#include "sigmax/order_pool.hpp"

namespace sigmax {

class OrderIndexMap {
public:
    static constexpr double kMaxLoad = 0.5;

    explicit OrderIndexMap(std::size_t expected) {
        std::size_t cap = 16;
        while (static_cast<double>(cap) * kMaxLoad < static_cast<double>(expected)) cap *= 2;
        slots_.assign(cap, Slot{});
        mask_ = cap - 1;
    }

    // Pool index of `id`, or kNil.
    OrderIndex find(std::uint64_t id, const OrderPool& pool) const noexcept {
        const auto key = static_cast<std::uint32_t>(id);
        for (std::size_t i = key & mask_;; i = (i + 1) & mask_) {
            const Slot s = slots_[i];
            if (s.index_plus_one == 0) return kNil;
            if (s.key == key && pool[s.index_plus_one - 1].id == id) return s.index_plus_one - 1;
        }
    }

    // Starts loading the home slot of `id`, to overlap its cache miss with
    // other work before find() or erase().
    void prefetch(std::uint64_t id) const noexcept {
        __builtin_prefetch(&slots_[static_cast<std::uint32_t>(id) & mask_], 1);
    }

    void insert(std::uint64_t id, OrderIndex index) {
        if (static_cast<double>(size_ + 1) > kMaxLoad * static_cast<double>(slots_.size())) grow();
        place(static_cast<std::uint32_t>(id), index);
        ++size_;
    }

    void erase(std::uint64_t id, const OrderPool& pool) noexcept {
        const auto key = static_cast<std::uint32_t>(id);
        std::size_t i = key & mask_;
        for (;; i = (i + 1) & mask_) {
            const Slot s = slots_[i];
            if (s.index_plus_one == 0) return;
            if (s.key == key && pool[s.index_plus_one - 1].id == id) break;
        }
        // Backward shift: pull later entries of the probe run into the hole
        // when their home slot is at or before it.
        std::size_t hole = i;
        for (std::size_t j = (hole + 1) & mask_;; j = (j + 1) & mask_) {
            const Slot s = slots_[j];
            if (s.index_plus_one == 0) break;
            const std::size_t home = s.key & mask_;
            if (((j - home) & mask_) >= ((j - hole) & mask_)) {
                slots_[hole] = s;
                hole = j;
            }
        }
        slots_[hole] = Slot{};
        --size_;
    }

    std::size_t size() const noexcept { return size_; }
    std::size_t slot_count() const noexcept { return slots_.size(); }

private:
    struct Slot {
        std::uint32_t key = 0;
        std::uint32_t index_plus_one = 0;
    };
    static_assert(sizeof(Slot) == 8);

    void place(std::uint32_t key, OrderIndex index) noexcept {
        std::size_t i = key & mask_;
        while (slots_[i].index_plus_one != 0) i = (i + 1) & mask_;
        slots_[i] = Slot{key, index + 1};
    }

    void grow() {
        std::vector<Slot> old(slots_.size() * 2);
        old.swap(slots_);
        mask_ = slots_.size() - 1;
        for (const Slot& s : old)
            if (s.index_plus_one != 0) place(s.key, s.index_plus_one - 1);
    }

    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

}  // namespace sigmax
