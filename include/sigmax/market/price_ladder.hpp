// One side of the L2 book: quantities by price, best first.
//
// Prices are mapped to keys so that the best level has the lowest key on
// both sides (asks: the price; bids: ~price, which reverses the order of
// every int64 without overflow). Keys inside a window [base, base + size)
// live in a dense array of lots (0 = no level) with a two-level bitmap (a
// bit per key, a summary bit per 64-key word) that finds the next level from
// the best in a few word scans; keys outside it live in a sorted map. The
// window grows (doubling, up to kMaxWindow keys) or moves when a new level
// falls outside it within kMaxWindow / 2 keys of the best, so steady updates
// around the touch never allocate; levels farther from the best stay in the
// map, and memory stays bounded whatever prices arrive.
#pragma once

#include <climits>
#include <cstdint>
#include <map>
#include <vector>

namespace sigmax::md {

class PriceLadder {
public:
    static constexpr std::uint64_t kMinWindow = 4096;       // keys; a multiple of 64 * 64
    static constexpr std::uint64_t kMaxWindow = 1u << 16;   // 512 KiB of lots

    PriceLadder();

    // Sets the lots at `key` (0 removes the level).
    void set(std::int64_t key, std::int64_t lots) {
        const std::uint64_t off = static_cast<std::uint64_t>(key) - static_cast<std::uint64_t>(base_);
        if (off < size_) {
            std::int64_t& q = lots_[off];
            if (lots != 0) {
                if (q == 0) {
                    mark(off);
                    ++count_;
                    if (key < best_) best_ = key;
                }
                q = lots;
            } else if (q != 0) {
                q = 0;
                unmark(off);
                --count_;
                if (key == best_) find_best();
            }
            return;
        }
        set_outside(key, lots);
    }

    bool empty() const noexcept { return count_ == 0 && far_.empty(); }
    std::size_t size() const noexcept { return count_ + far_.size(); }
    // The best (lowest) key and its lots; only when !empty().
    std::int64_t best_key() const noexcept { return best_; }
    std::int64_t best_lots() const noexcept { return lots_at(best_); }
    std::int64_t lots_at(std::int64_t key) const noexcept {
        const std::uint64_t off = static_cast<std::uint64_t>(key) - static_cast<std::uint64_t>(base_);
        if (off < size_) return lots_[off];
        const auto it = far_.find(key);
        return it == far_.end() ? 0 : it->second;
    }
    void clear() noexcept;

    // Calls visit(key, lots) for the levels in ascending key order (best
    // first) while it returns true.
    template <class Visit>
    void for_each(Visit&& visit) const {
        auto it = far_.begin();
        for (; it != far_.end() && it->first < base_; ++it)
            if (!visit(it->first, it->second)) return;
        for (std::uint64_t w = 0; w < bits_.size(); ++w) {
            for (std::uint64_t m = bits_[w]; m != 0; m &= m - 1) {
                const std::uint64_t off = w * 64 + static_cast<std::uint64_t>(__builtin_ctzll(m));
                if (!visit(key_of(off), lots_[off])) return;
            }
        }
        for (; it != far_.end(); ++it)
            if (!visit(it->first, it->second)) return;
    }

private:
    static constexpr std::uint64_t kNone = ~std::uint64_t{0};

    std::int64_t key_of(std::uint64_t off) const noexcept {
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(base_) + off);
    }
    void mark(std::uint64_t off) noexcept {
        std::uint64_t& w = bits_[off >> 6];
        if (w == 0) summary_[off >> 12] |= std::uint64_t{1} << ((off >> 6) & 63);
        w |= std::uint64_t{1} << (off & 63);
    }
    void unmark(std::uint64_t off) noexcept {
        std::uint64_t& w = bits_[off >> 6];
        w &= ~(std::uint64_t{1} << (off & 63));
        if (w == 0) summary_[off >> 12] &= ~(std::uint64_t{1} << ((off >> 6) & 63));
    }
    // The lowest offset >= from with a level, or kNone.
    std::uint64_t next_from(std::uint64_t from) const noexcept;
    void find_best() noexcept;
    void set_outside(std::int64_t key, std::int64_t lots);
    // Moves the window to [base, base + size), levels and all.
    void rebase(std::int64_t base, std::uint64_t size);

    std::int64_t base_ = 0;
    std::uint64_t size_ = 0;
    std::vector<std::int64_t> lots_;       // size_ entries
    std::vector<std::uint64_t> bits_;      // size_ / 64
    std::vector<std::uint64_t> summary_;   // size_ / 4096
    std::map<std::int64_t, std::int64_t> far_;  // levels outside the window
    std::size_t count_ = 0;  // levels inside the window
    std::int64_t best_ = INT64_MAX;  // INT64_MAX when empty (or the best is INT64_MAX)
};

}  // namespace sigmax::md
