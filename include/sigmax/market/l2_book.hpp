// The L2 (market by price) book of one symbol, rebuilt from events.
//
// State changes: LEVEL sets the whole quantity at a price (0 removes the
// level), CLEAR empties a side (SIDE_NONE: both), SNAPSHOT_BEGIN empties the
// book and SNAPSHOT_END ends the snapshot that refills it. TRADE and BBO carry
// no book state (counted as ignored; a replay still hands them to its caller),
// nor do the L3 kinds.
//
// Each side is a price ladder around the touch (price_ladder.hpp): lots in an
// array indexed by price with a bitmap to find the next level, and a sorted
// map for levels too far from the touch. docs/market_data.md gives the
// measurement behind the choice.
#pragma once

#include <cstdint>
#include <span>

#include "sigmax/market/convert.hpp"
#include "sigmax/market/price_ladder.hpp"
#include "sigmax_exec.h"

namespace sigmax::md {

using Quote = sgx_md_quote;
using BookLevel = sgx_md_level;
using BookChecks = sgx_md_book_checks;

class L2Book {
public:
    explicit L2Book(std::uint32_t symbol = 0);
    std::uint32_t symbol() const noexcept { return symbol_; }

    // Applies one event of this symbol, counting what is wrong with it in `checks`.
    void apply(const Event& e, BookChecks& checks);

    Quote best() const noexcept;
    // Up to out.size() levels of side s, best first; returns how many.
    std::size_t depth(Side s, std::span<BookLevel> out) const noexcept;
    std::int64_t quantity_at(Side s, std::int64_t price) const noexcept;
    std::size_t level_count(Side s) const noexcept { return sides_[idx(s)].size(); }
    bool in_snapshot() const noexcept { return in_snapshot_; }
    // Best bid >= best ask (both sides present).
    bool crossed() const noexcept;

private:
    static std::size_t idx(Side s) noexcept { return static_cast<std::size_t>(s); }
    // A side's ladder key of a price: the best level has the lowest key.
    static std::int64_t key_of(Side s, std::int64_t price) noexcept { return s == Side::Buy ? ~price : price; }
    static std::int64_t price_of(Side s, std::int64_t key) noexcept { return s == Side::Buy ? ~key : key; }
    void clear(std::uint8_t side) noexcept;

    std::uint32_t symbol_;
    PriceLadder sides_[2];
    bool in_snapshot_ = false;
};

}  // namespace sigmax::md
