// Tardis.dev CSV: which dataset a header row announces, and one data row
// parsed into exact numbers. Internal to the Tardis converter.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "decimal.hpp"

namespace sigmax::md::detail {

enum class TardisType : std::uint8_t { IncrementalL2, Trades, BookSnapshot };

struct TardisLevel {
    std::uint8_t side = 0;  // SGX_SIDE_BUY (bids) or SGX_SIDE_SELL (asks)
    Decimal price, amount;
};

// The columns of a header row; `depth` levels per side for book_snapshot_N.
struct TardisLayout {
    TardisType type = TardisType::Trades;
    std::size_t columns = 0;
    std::size_t depth = 0;
    // book_snapshot_N: for column 4 + k, the level (k / 2 of the side) it holds:
    // slot = 2 * level + (side == ask), and whether it is a price or an amount.
    struct Slot {
        std::uint16_t level = 0;
        std::uint8_t side = 0;
        bool is_price = false;
    };
    std::vector<Slot> slots;
};

// Recognises the header; false (with `why`) when it is none of the supported datasets.
bool parse_tardis_header(std::string_view line, TardisLayout& layout, std::string& why);

struct TardisRow {
    std::string_view exchange, symbol;  // views into the line
    std::int64_t exch_ts = 0, local_ts = 0;  // ns
    bool is_snapshot = false;
    std::uint8_t side = 0;  // SGX_SIDE_BUY / SGX_SIDE_SELL / SGX_MD_SIDE_NONE
    Decimal price, amount;
    std::uint64_t trade_id = 0;  // 0 when the id is absent or not a number
    std::vector<TardisLevel> levels;  // book_snapshot_N: bids then asks, best first
};

// Parses a data row; false (with `why`) on a wrong column count, a bad number
// or an unknown side/flag. `fields` is scratch space reused between rows.
bool parse_tardis_row(std::string_view line, const TardisLayout& layout, std::vector<std::string_view>& fields,
                      TardisRow& row, std::string& why);

}  // namespace sigmax::md::detail
