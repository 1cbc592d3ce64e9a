#include "sigmax/market/price_ladder.hpp"

#include <algorithm>

namespace sigmax::md {

namespace {

// a - u, saturated at INT64_MIN (u < 2^63).
std::int64_t sub_saturated(std::int64_t a, std::uint64_t u) noexcept {
    const auto s = static_cast<std::int64_t>(u);
    return a < INT64_MIN + s ? INT64_MIN : a - s;
}

// The highest base at or below `b` whose window of n keys ends by INT64_MAX.
std::int64_t clamp_base(std::int64_t b, std::uint64_t n) noexcept {
    return std::min(b, INT64_MAX - static_cast<std::int64_t>(n - 1));
}

}  // namespace

PriceLadder::PriceLadder()
    : size_(kMinWindow), lots_(kMinWindow), bits_(kMinWindow / 64), summary_(kMinWindow / 4096) {}

std::uint64_t PriceLadder::next_from(std::uint64_t from) const noexcept {
    if (from >= size_) return kNone;
    const std::uint64_t w = from >> 6;
    if (const std::uint64_t m = bits_[w] & (~std::uint64_t{0} << (from & 63)); m != 0)
        return (w << 6) + static_cast<std::uint64_t>(__builtin_ctzll(m));
    const std::uint64_t next_word = w + 1;
    std::uint64_t s = next_word >> 6;
    if (s >= summary_.size()) return kNone;
    std::uint64_t sm = summary_[s] & (~std::uint64_t{0} << (next_word & 63));
    for (;;) {
        if (sm != 0) {
            const std::uint64_t word = (s << 6) + static_cast<std::uint64_t>(__builtin_ctzll(sm));
            return (word << 6) + static_cast<std::uint64_t>(__builtin_ctzll(bits_[word]));
        }
        if (++s >= summary_.size()) return kNone;
        sm = summary_[s];
    }
}

void PriceLadder::find_best() noexcept {
    std::int64_t b = INT64_MAX;
    if (count_ != 0) {
        // Called after the best left: no level is below where it was.
        const std::uint64_t old = static_cast<std::uint64_t>(best_) - static_cast<std::uint64_t>(base_);
        b = key_of(next_from(old < size_ ? old : 0));
    }
    if (!far_.empty() && far_.begin()->first < b) b = far_.begin()->first;
    best_ = b;
}

void PriceLadder::set_outside(std::int64_t key, std::int64_t lots) {
    const auto it = far_.find(key);
    if (lots == 0) {
        if (it == far_.end()) return;
        far_.erase(it);
        if (key == best_) find_best();
        return;
    }
    if (it != far_.end()) {
        it->second = lots;
        return;
    }
    // A new level outside the window: move or grow the window over it when
    // it is near the best, else keep it in the map (levels far behind the
    // touch, and outliers, stay out of the array).
    if (count_ == 0) {
        rebase(clamp_base(sub_saturated(key, size_ / 4), size_), size_);
    } else {
        const std::uint64_t dist = key < best_ ? static_cast<std::uint64_t>(best_) - static_cast<std::uint64_t>(key)
                                               : static_cast<std::uint64_t>(key) - static_cast<std::uint64_t>(best_);
        if (dist >= kMaxWindow / 2) {
            far_.emplace(key, lots);
            if (key < best_) best_ = key;
            return;
        }
        const std::int64_t top = base_ + static_cast<std::int64_t>(size_ - 1);
        const std::int64_t lo = std::min(base_, key);
        const std::int64_t hi = std::max(top, key);
        const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);  // keys - 1
        if (span < kMaxWindow) {
            std::uint64_t n = size_;
            while (n <= span) n *= 2;
            if (n < kMaxWindow) n *= 2;  // room to grow the same way
            rebase(clamp_base(key < base_ ? sub_saturated(hi, n - 1) : lo, n), n);
        } else {
            rebase(clamp_base(sub_saturated(std::min(key, best_), kMaxWindow / 4), kMaxWindow), kMaxWindow);
        }
    }
    set(key, lots);  // inside the window now
}

void PriceLadder::rebase(std::int64_t base, std::uint64_t size) {
    if (size == size_ && count_ == 0) {
        base_ = base;  // nothing to move
    } else {
        const std::int64_t old_base = base_;
        std::vector<std::int64_t> old_lots(size, 0);
        std::vector<std::uint64_t> old_bits(size / 64, 0);
        summary_.assign(size / 4096, 0);
        old_lots.swap(lots_);
        old_bits.swap(bits_);
        base_ = base;
        size_ = size;
        count_ = 0;
        for (std::uint64_t w = 0; w < old_bits.size(); ++w) {
            for (std::uint64_t m = old_bits[w]; m != 0; m &= m - 1) {
                const std::uint64_t old_off = w * 64 + static_cast<std::uint64_t>(__builtin_ctzll(m));
                const auto key = static_cast<std::int64_t>(static_cast<std::uint64_t>(old_base) + old_off);
                const std::uint64_t off = static_cast<std::uint64_t>(key) - static_cast<std::uint64_t>(base_);
                if (off < size_) {
                    lots_[off] = old_lots[old_off];
                    mark(off);
                    ++count_;
                } else {
                    far_.emplace(key, old_lots[old_off]);
                }
            }
        }
    }
    // Levels of the map that the window now covers move into it.
    for (auto it = far_.lower_bound(base_);
         it != far_.end() && static_cast<std::uint64_t>(it->first) - static_cast<std::uint64_t>(base_) < size_;) {
        const std::uint64_t off = static_cast<std::uint64_t>(it->first) - static_cast<std::uint64_t>(base_);
        lots_[off] = it->second;
        mark(off);
        ++count_;
        it = far_.erase(it);
    }
}

void PriceLadder::clear() noexcept {
    for (std::uint64_t w = 0; w < bits_.size(); ++w) {
        for (std::uint64_t m = bits_[w]; m != 0; m &= m - 1)
            lots_[w * 64 + static_cast<std::uint64_t>(__builtin_ctzll(m))] = 0;
        bits_[w] = 0;
    }
    std::fill(summary_.begin(), summary_.end(), 0);
    count_ = 0;
    far_.clear();
    best_ = INT64_MAX;
}

}  // namespace sigmax::md
