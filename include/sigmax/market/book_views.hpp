// Queries shared by the L2 and L3 books over one side's levels (sorted worst
// first, best at back()): the L2 book's std::vector of levels, the L3 book's
// BookSide (the engine's). Each level type has `price` and `lots`; an L3
// level also has `count`, its orders.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sigmax/detail/book_side.hpp"
#include "sigmax/detail/level_search.hpp"
#include "sigmax_exec.h"

namespace sigmax::md {

// Levels: anything with empty() and back().
template <class Levels>
sgx_md_quote quote_of(const Levels& bids, const Levels& asks) noexcept {
    sgx_md_quote q{};
    if (!bids.empty()) {
        q.has_bid = 1;
        q.bid_price = bids.back().price;
        q.bid_quantity = bids.back().lots;
    }
    if (!asks.empty()) {
        q.has_ask = 1;
        q.ask_price = asks.back().price;
        q.ask_quantity = asks.back().lots;
    }
    return q;
}

template <class Levels>
bool crossed(const Levels& bids, const Levels& asks) noexcept {
    return !bids.empty() && !asks.empty() && bids.back().price >= asks.back().price;
}

// Up to out.size() levels, best first; returns how many.
template <class Level>
std::size_t depth_of(const std::vector<Level>& levels, std::span<sgx_md_level> out) noexcept {
    std::size_t n = 0;
    for (auto it = levels.rbegin(); it != levels.rend() && n < out.size(); ++it, ++n) {
        std::uint64_t orders = 0;
        if constexpr (requires { it->count; }) orders = it->count;
        out[n] = sgx_md_level{it->price, it->lots, orders};
    }
    return n;
}

inline std::size_t depth_of(const BookSide& levels, std::span<sgx_md_level> out) noexcept {
    std::size_t n = 0;
    if (out.empty()) return 0;
    levels.each_best_first([&](const PriceLevel& l) {
        out[n] = sgx_md_level{l.price, l.lots, l.count};
        return ++n < out.size();
    });
    return n;
}

template <class Level>
std::int64_t lots_at(const std::vector<Level>& levels, Side s, std::int64_t price) noexcept {
    const std::size_t pos = locate_level(levels, s, price);
    return pos < levels.size() && levels[pos].price == price ? levels[pos].lots : 0;
}

inline std::int64_t lots_at(const BookSide& levels, Side, std::int64_t price) noexcept {
    const PriceLevel* l = levels.find(price);
    return l ? l->lots : 0;
}

// The kinds both books apply alike: CLEAR (a side, or both) and the snapshot
// marks (SNAPSHOT_BEGIN empties the book). `clear(side)` empties a side of
// the caller's book. Returns Applied, Invalid (counted) or Other: not one of them.
enum class MarkResult { Other, Applied, Invalid };

template <class Clear>
MarkResult apply_marks(const sgx_md_event& e, sgx_md_book_checks& checks, bool& in_snapshot, Clear&& clear) {
    switch (e.kind) {
    case SGX_MD_CLEAR:
        if (e.side > SGX_MD_SIDE_NONE) {
            ++checks.invalid;
            return MarkResult::Invalid;
        }
        clear(e.side);
        return MarkResult::Applied;
    case SGX_MD_SNAPSHOT_BEGIN:
        clear(static_cast<std::uint8_t>(SGX_MD_SIDE_NONE));
        in_snapshot = true;
        return MarkResult::Applied;
    case SGX_MD_SNAPSHOT_END:
        in_snapshot = false;
        return MarkResult::Applied;
    default:
        return MarkResult::Other;
    }
}

}  // namespace sigmax::md
