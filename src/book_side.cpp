#include "sigmax/detail/book_side.hpp"

#include <algorithm>
#include <cstring>

namespace sigmax {

BookSide::Pos BookSide::locate_behind(std::int64_t price) const noexcept {
    const Block* best = index_.back().block;
    if (better_price(side_, price, best->lv[best->size - 1].price)) return hot_pos(0);
    return locate_overflow(price);
}

BookSide::Pos BookSide::locate_overflow(std::int64_t price) const noexcept {
    // The last block whose worst level is at `price` or worse holds it or
    // takes it; a price worse than every level goes to the first block.
    auto e = std::partition_point(index_.begin(), index_.end(),
                                  [&](const Entry& x) { return !better_price(side_, x.worst, price); });
    const auto k = static_cast<std::uint32_t>(e == index_.begin() ? 0 : e - index_.begin() - 1);
    const Block* b = index_[k].block;
    const PriceLevel* at = std::partition_point(b->lv, b->lv + b->size,
                                                [&](const PriceLevel& l) { return worse(l.price, price); });
    return block_pos(k, static_cast<std::uint32_t>(at - b->lv));
}

PriceLevel& BookSide::insert(Pos p, std::int64_t price) {
    // Make room first (a full hot part spills, a full block splits), then
    // find the place again: the room may be in another part.
    if (p.block == Pos::kHot && hot_.size() >= kHotMax) {
        spill();
        p = locate(price);
    }
    if (p.block != Pos::kHot && index_[p.block].block->size == kBlock) {
        split(p.block);
        p = locate(price);
    }
    const PriceLevel fresh{price, 0, kNil, kNil, 0, 0};
    const std::uint32_t i = slot(p);
    if (p.block == Pos::kHot) return *hot_.insert(hot_.begin() + i, fresh);
    Block* b = index_[p.block].block;
    std::memmove(b->lv + i + 1, b->lv + i, (b->size - i) * sizeof(PriceLevel));
    b->lv[i] = fresh;
    ++b->size;
    ++overflow_levels_;
    if (i == 0) index_[p.block].worst = price;
    return b->lv[i];
}

void BookSide::erase(Pos p) noexcept {
    const std::uint32_t i = slot(p);
    if (p.block == Pos::kHot) {
        hot_.erase(hot_.begin() + i);
        if (hot_.empty() && !index_.empty()) refill();
        return;
    }
    Block* b = index_[p.block].block;
    --b->size;
    --overflow_levels_;
    std::memmove(b->lv + i, b->lv + i + 1, (b->size - i) * sizeof(PriceLevel));
    if (b->size == 0) {
        remove_entry(p.block);
        free_block(b);
        return;
    }
    index_[p.block].worst = b->lv[0].price;
    merge_if_small(p.block);
}

BookSide::Block* BookSide::new_block() {
    if (!free_.empty()) {
        Block* b = free_.back();
        free_.pop_back();
        return b;
    }
    owned_.push_back(std::make_unique<Block>());
    // free_block() then never allocates: free_ can hold every block.
    free_.reserve(owned_.size());
    return owned_.back().get();
}

void BookSide::reserve_block() {
    if (index_.size() == index_.capacity()) index_.reserve(std::max<std::size_t>(8, 2 * index_.size()));
    if (!free_.empty()) return;
    auto b = std::make_unique<Block>();
    free_.reserve(owned_.size() + 1);
    owned_.push_back(std::move(b));        // may throw: so far only capacities changed
    free_.push_back(owned_.back().get());  // reserved above: cannot throw
}

void BookSide::spill() {
    constexpr std::uint32_t n = kHotMax / 2;
    Block* b = new_block();
    index_.push_back(Entry{hot_[0].price, b});  // may allocate: reserve before changing anything
    std::memcpy(b->lv, hot_.data(), n * sizeof(PriceLevel));
    b->size = n;
    overflow_levels_ += n;
    hot_.erase(hot_.begin(), hot_.begin() + n);
    // A refill brings up to kBlock levels back; hold them without allocating.
    hot_.reserve(kHotMax);
}

void BookSide::split(std::uint32_t k) {
    Block* fresh = new_block();
    index_.insert(index_.begin() + k + 1, Entry{0, fresh});
    Block* b = index_[k].block;
    constexpr std::uint32_t keep = kBlock / 2;
    fresh->size = b->size - keep;
    std::memcpy(fresh->lv, b->lv + keep, fresh->size * sizeof(PriceLevel));
    b->size = keep;
    index_[k + 1].worst = fresh->lv[0].price;
}

void BookSide::refill() noexcept {
    Block* b = index_.back().block;
    hot_.assign(b->lv, b->lv + b->size);  // capacity kHotMax since the first spill: no allocation
    overflow_levels_ -= b->size;
    b->size = 0;
    index_.pop_back();
    free_block(b);
}

void BookSide::remove_entry(std::uint32_t k) noexcept { index_.erase(index_.begin() + k); }

void BookSide::merge_if_small(std::uint32_t k) noexcept {
    Block* b = index_[k].block;
    if (k > 0) {  // into the worse neighbour, at its back
        Block* left = index_[k - 1].block;
        if (left->size + b->size <= kBlock / 2) {
            std::memcpy(left->lv + left->size, b->lv, b->size * sizeof(PriceLevel));
            left->size += b->size;
            b->size = 0;
            remove_entry(k);
            free_block(b);
            return;
        }
    }
    if (k + 1 < index_.size()) {  // into the better neighbour, at its front
        Block* right = index_[k + 1].block;
        if (right->size + b->size <= kBlock / 2) {
            std::memmove(right->lv + b->size, right->lv, right->size * sizeof(PriceLevel));
            std::memcpy(right->lv, b->lv, b->size * sizeof(PriceLevel));
            right->size += b->size;
            index_[k + 1].worst = right->lv[0].price;
            b->size = 0;
            remove_entry(k);
            free_block(b);
        }
    }
}

bool BookSide::valid() const noexcept {
    std::size_t counted = 0;
    bool have_prev = false;
    std::int64_t prev = 0;  // the previous level's price, walking best first
    bool ok = true;
    each_best_first([&](const PriceLevel& l) {
        if (have_prev && !better_price(side_, prev, l.price)) ok = false;
        prev = l.price;
        have_prev = true;
        ++counted;
        return true;
    });
    if (!ok || counted != size() || hot_.size() > kHotMax) return false;
    if (hot_.empty() && !index_.empty()) return false;
    std::size_t in_blocks = 0;
    for (std::size_t k = 0; k < index_.size(); ++k) {
        const Block* b = index_[k].block;
        if (b->size == 0 || b->size > kBlock || index_[k].worst != b->lv[0].price) return false;
        if (k > 0 && index_[k - 1].block->size + b->size <= kBlock / 2) return false;
        in_blocks += b->size;
    }
    return in_blocks == overflow_levels_;
}

}  // namespace sigmax
