// One side of an order book: its price levels, sorted by price, best last.
//
// Two parts, every level of the first better than every level of the second:
//  - hot: a sorted std::vector of at most kHotMax levels, worst first, best
//    at back(). Almost all activity happens at or near the touch, so
//    matching, inserting and removing there touch the vector's end and move
//    little. back() and empty() are the vector's own: the matching loop pays
//    nothing for the rest of the structure.
//  - overflow: the levels behind the hot ones, in blocks of at most kBlock
//    sorted levels, the blocks in a sorted index (each block's worst price
//    and its address), best block last.
// Costs (n levels on the side, B = kBlock):
//  - find a price: O(log n) (a binary search of the index, then of a block);
//    in the hot part the search starts from the touch (locate_level), so a
//    price a few ticks away costs a few steps.
//  - insert or remove a level: the search, plus a shift of at most B levels
//    inside the hot vector or a block, plus, when a block splits, merges or
//    empties, a shift of the index (at most 4n/B + 1 entries of 16 bytes).
//  - the best level's removal (a sweep): O(1); when it empties the hot part,
//    the best block moves into it (a copy of at most B levels): O(1) per
//    level amortised.
//  - hot overfull (kHotMax levels and one more comes): its worst kHotMax/2
//    levels become a new block, the best of the overflow.
// Blocks that empty go to a free list and are reused; the index and the hot
// vector keep their capacity. Once a side has held its largest book, nothing
// allocates.
//
// Index size: after every change, any two neighbouring blocks together hold
// more than B/2 levels (a block that shrinks merges with a neighbour when
// together they hold at most B/2), so m blocks hold more than (m - 1) * B/4
// levels: m < 4n/B + 1.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "sigmax/detail/level_search.hpp"
#include "sigmax/detail/order_pool.hpp"
#include "sigmax/types.hpp"

namespace sigmax {

struct PriceLevel {
    std::int64_t price;  // ticks
    std::int64_t lots;   // sum of the open lots of its orders
    OrderIndex head;     // oldest order: matched first
    OrderIndex tail;     // newest order
    std::uint32_t count;
    std::uint32_t unused;
};
static_assert(sizeof(PriceLevel) == 32);

class BookSide {
public:
    static constexpr std::uint32_t kBlock = 256;   // levels per overflow block (8 KiB)
    static constexpr std::uint32_t kHotMax = 256;  // hot levels; one more spills the worst half
    static_assert(kHotMax / 2 <= kBlock, "a spill fits one block");
    static_assert(kHotMax >= kBlock, "a refill (one block) fits the hot part");

    // Where a price is, or would be inserted: `at` is the level at the
    // price or else the first better one of its part (or that part's end),
    // `left` the levels from `at` to the part's end; `block` is kHot for the
    // hot vector, else the block's place in the index. Valid until the side
    // next changes.
    struct Pos {
        static constexpr std::uint32_t kHot = 0xffffffffu;
        PriceLevel* at;
        std::uint32_t left;
        std::uint32_t block;
    };

    explicit BookSide(Side s) : side_(s) { hot_.reserve(64); }
    BookSide(BookSide&&) noexcept = default;
    BookSide& operator=(BookSide&&) noexcept = default;

    Side side() const noexcept { return side_; }
    bool empty() const noexcept { return hot_.empty(); }  // the hot part is empty only when the side is
    std::size_t size() const noexcept { return hot_.size() + overflow_levels_; }
    // The best level; the side is not empty.
    PriceLevel& back() noexcept { return hot_.back(); }
    const PriceLevel& back() const noexcept { return hot_.back(); }

    Pos locate(std::int64_t price) const noexcept {
        const std::size_t i = locate_level(hot_, side_, price);
        // Past the hot part's worst level only when the price is worse than
        // all of them; then it belongs to the overflow unless it is better
        // than the overflow's best level (or there is no overflow).
        if (i > 0 || index_.empty() || hot_[0].price == price) return hot_pos(i);
        return locate_behind(price);
    }
    // Whether `p` (from locate(price)) is an existing level at `price`.
    static bool holds(Pos p, std::int64_t price) noexcept { return p.left != 0 && p.at->price == price; }
    static PriceLevel& at(Pos p) noexcept { return *p.at; }
    // The level at `price`, or null.
    PriceLevel* find(std::int64_t price) noexcept {
        const Pos p = locate(price);
        return holds(p, price) ? &at(p) : nullptr;
    }
    const PriceLevel* find(std::int64_t price) const noexcept {
        const Pos p = locate(price);
        return holds(p, price) ? p.at : nullptr;
    }

    // Room for one more level: grows now if needed (strong guarantee), so
    // that the next insert() allocates nothing and cannot fail. Cheap when
    // there is room: a few comparisons.
    void reserve_level() {
        if (hot_.size() == hot_.capacity() && hot_.size() < kHotMax) [[unlikely]]
            hot_.reserve(std::min<std::size_t>(std::max<std::size_t>(2 * hot_.size(), 64), kHotMax));
        // A spill (hot part full) or a split (some block full) takes a block
        // and an index entry.
        if ((hot_.size() >= kHotMax || !index_.empty()) && (free_.empty() || index_.size() == index_.capacity()))
            [[unlikely]] reserve_block();
    }
    // Inserts an empty level (no orders) at `price`, which has none; `p` is
    // locate(price). Returns it. Allocates only when the side needs a block
    // more than it ever had, or more room than it ever had, and then not
    // after reserve_level().
    PriceLevel& insert(Pos p, std::int64_t price);
    // Removes the level at `p`.
    void erase(Pos p) noexcept;
    // Removes the best level.
    void pop_back() noexcept {
        hot_.pop_back();
        if (hot_.empty() && !index_.empty()) refill();
    }

    // Calls f(level) for the levels best first until f returns false.
    template <class F>
    void each_best_first(F&& f) const {
        for (auto it = hot_.rbegin(); it != hot_.rend(); ++it)
            if (!f(*it)) return;
        for (auto e = index_.rbegin(); e != index_.rend(); ++e)
            for (std::uint32_t k = e->block->size; k-- > 0;)
                if (!f(e->block->lv[k])) return;
    }

    // Checks the structure's own invariants (for tests): order within and
    // across parts, block sizes, the index's keys, the level count.
    bool valid() const noexcept;
    std::size_t blocks() const noexcept { return index_.size(); }
    std::size_t hot_levels() const noexcept { return hot_.size(); }

private:
    struct Block {
        std::uint32_t size = 0;
        PriceLevel lv[kBlock];  // worst first
    };
    struct Entry {
        std::int64_t worst;  // lv[0].price of the block
        Block* block;
    };

    bool worse(std::int64_t a, std::int64_t b) const noexcept { return better_price(side_, b, a); }
    // locate() for a price worse than every hot level.
    Pos locate_behind(std::int64_t price) const noexcept;
    Pos locate_overflow(std::int64_t price) const noexcept;
    // Pos for slot i of the hot part or of block k. locate() is const and
    // finds what its caller may change: the pointer is the caller's to use.
    Pos hot_pos(std::size_t i) const noexcept {
        return Pos{const_cast<PriceLevel*>(hot_.data()) + i, static_cast<std::uint32_t>(hot_.size() - i), Pos::kHot};
    }
    Pos block_pos(std::uint32_t k, std::uint32_t i) const noexcept {
        Block* b = index_[k].block;
        return Pos{b->lv + i, b->size - i, k};
    }
    // Slot of p in its part.
    std::uint32_t slot(Pos p) const noexcept {
        const PriceLevel* base = p.block == Pos::kHot ? hot_.data() : index_[p.block].block->lv;
        return static_cast<std::uint32_t>(p.at - base);
    }
    Block* new_block();
    void reserve_block();  // reserve_level(): a free block and an index entry
    void free_block(Block* b) noexcept { free_.push_back(b); }
    void spill();                       // hot's worst half becomes the best block
    void split(std::uint32_t k);        // block k (full) becomes two
    void refill() noexcept;             // the best block becomes the hot part
    void remove_entry(std::uint32_t k) noexcept;
    void merge_if_small(std::uint32_t k) noexcept;

    Side side_;
    std::vector<PriceLevel> hot_;
    std::vector<Entry> index_;  // worst block first
    std::size_t overflow_levels_ = 0;
    std::vector<Block*> free_;
    std::vector<std::unique_ptr<Block>> owned_;
};

}  // namespace sigmax
