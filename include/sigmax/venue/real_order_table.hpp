// What the L3 venue keeps per real (recorded) resting order besides the book:
// its arrival sequence (the order's place in time against the user's orders)
// and its hidden lots (what a user taker has taken from it; l3_exchange.hpp).
//
// Keyed by the exchange's 64-bit order id, which may be any value (0
// included). Open addressing with linear probing and backward-shift
// deletion; a slot is free when its seq is 0 (sequences start at 1). The
// table doubles when it would pass half full: that is its only allocation,
// so in steady state it allocates nothing. Growth goes through
// reserve_more(), before the caller changes anything (strong guarantee).
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

namespace sigmax::venue {

class RealOrderTable {
public:
    struct Entry {
        std::uint64_t id;
        std::int64_t seq;     // arrival sequence, >= 1 (0: a free slot)
        std::int64_t hidden;  // lots a user taker took from it, 0 <= hidden <= its open lots
    };

    explicit RealOrderTable(std::size_t expected = 256) {
        std::size_t cap = 16;
        while (cap / 2 < expected) cap *= 2;
        rehash(cap);
    }

    Entry* find(std::uint64_t id) noexcept {
        const std::size_t i = slot_of(id);
        return i == kNone ? nullptr : &slots_[i];
    }
    const Entry* find(std::uint64_t id) const noexcept {
        const std::size_t i = slot_of(id);
        return i == kNone ? nullptr : &slots_[i];
    }

    // Room for `n` more entries without growing. Throws std::bad_alloc with
    // nothing changed.
    void reserve_more(std::size_t n) {
        std::size_t cap = slots_.size();
        while (cap / 2 < size_ + n) cap *= 2;
        if (cap != slots_.size()) rehash(cap);
    }

    // Sets id's entry (inserting it if absent): seq, hidden 0. Needs the
    // room reserve_more() made when id is new.
    Entry& put(std::uint64_t id, std::int64_t seq) noexcept {
        std::size_t i = home(id);
        while (slots_[i].seq != 0 && slots_[i].id != id) i = (i + 1) & mask_;
        if (slots_[i].seq == 0) ++size_;
        slots_[i] = Entry{id, seq, 0};
        return slots_[i];
    }

    void erase(std::uint64_t id) noexcept {
        std::size_t hole = slot_of(id);
        if (hole == kNone) return;
        for (std::size_t j = (hole + 1) & mask_;; j = (j + 1) & mask_) {
            const Entry s = slots_[j];
            if (s.seq == 0) break;
            const std::size_t h = home(s.id);
            if (((j - h) & mask_) >= ((j - hole) & mask_)) {  // s may move back into the hole
                slots_[hole] = s;
                hole = j;
            }
        }
        slots_[hole] = Entry{};
        --size_;
    }

    std::size_t size() const noexcept { return size_; }

private:
    static constexpr std::size_t kNone = ~std::size_t{0};

    std::size_t home(std::uint64_t id) const noexcept {
        return static_cast<std::size_t>((id * 0x9E3779B97F4A7C15ull) >> shift_);  // Fibonacci hashing
    }
    std::size_t slot_of(std::uint64_t id) const noexcept {
        for (std::size_t i = home(id);; i = (i + 1) & mask_) {
            if (slots_[i].seq == 0) return kNone;
            if (slots_[i].id == id) return i;
        }
    }
    // The new table is allocated first: if that throws, nothing has changed.
    void rehash(std::size_t cap) {
        std::vector<Entry> old(cap, Entry{});
        old.swap(slots_);
        mask_ = cap - 1;
        shift_ = 64u - static_cast<unsigned>(std::countr_zero(cap));
        for (const Entry& e : old) {
            if (e.seq == 0) continue;
            std::size_t i = home(e.id);
            while (slots_[i].seq != 0) i = (i + 1) & mask_;
            slots_[i] = e;
        }
    }

    std::vector<Entry> slots_;
    std::size_t mask_ = 0;
    unsigned shift_ = 60;
    std::size_t size_ = 0;
};

}  // namespace sigmax::venue
