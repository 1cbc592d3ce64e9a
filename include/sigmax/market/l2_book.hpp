// The L2 (market by price) book of one symbol, rebuilt from events.
//
// State changes: LEVEL sets the whole quantity at a price (0 removes the
// level), CLEAR empties a side (SIDE_NONE: both), SNAPSHOT_BEGIN empties the
// book and SNAPSHOT_END ends the snapshot that refills it. TRADE and BBO carry
// no book state (counted as ignored; a replay still hands them to its caller),
// nor do the L3 kinds.
//
// Levels live in one sorted vector per side, best at the back (as in the
// engine's order book): feeds update at and near the touch almost always,
// which touches the vector's end and moves nothing. docs/market_data.md gives
// the measurement behind the choice.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sigmax/market/convert.hpp"
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
    struct Level {
        std::int64_t price;     // ticks
        std::int64_t lots;      // > 0
    };
    static std::size_t idx(Side s) noexcept { return static_cast<std::size_t>(s); }
    void set_level(Side s, std::int64_t price, std::int64_t quantity);
    void clear(std::uint8_t side) noexcept;

    std::uint32_t symbol_;
    std::vector<Level> sides_[2];  // worst first, best at back()
    bool in_snapshot_ = false;
};

}  // namespace sigmax::md
