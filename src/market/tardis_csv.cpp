// Header recognition and row parsing for the Tardis.dev CSV datasets.
#include "tardis_csv.hpp"

#include <charconv>

#include "sigmax_exec.h"

namespace sigmax::md::detail {

namespace {

void split(std::string_view line, std::vector<std::string_view>& fields) {
    fields.clear();
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = line.find(',', start);
        if (comma == std::string_view::npos) {
            fields.push_back(line.substr(start));
            return;
        }
        fields.push_back(line.substr(start, comma - start));
        start = comma + 1;
    }
}

constexpr std::string_view kCommon[4] = {"exchange", "symbol", "timestamp", "local_timestamp"};
constexpr std::string_view kL2[4] = {"is_snapshot", "side", "price", "amount"};
constexpr std::string_view kTrades[4] = {"id", "side", "price", "amount"};

// "asks[12].price" -> side ask, level 12, price.
bool parse_level_column(std::string_view name, TardisLayout::Slot& slot) {
    std::uint8_t side = 0;
    if (name.substr(0, 5) == "asks[") side = SGX_SIDE_SELL;
    else if (name.substr(0, 5) == "bids[") side = SGX_SIDE_BUY;
    else return false;
    name.remove_prefix(5);
    unsigned level = 0;
    const auto [ptr, ec] = std::from_chars(name.data(), name.data() + name.size(), level);
    if (ec != std::errc() || level > 10000) return false;
    const std::string_view rest(ptr, static_cast<std::size_t>(name.data() + name.size() - ptr));
    if (rest == "].price") slot.is_price = true;
    else if (rest == "].amount") slot.is_price = false;
    else return false;
    slot.level = static_cast<std::uint16_t>(level);
    slot.side = side;
    return true;
}

bool parse_micros(std::string_view text, std::int64_t& ns) {
    std::int64_t us = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), us);
    if (ec != std::errc() || ptr != text.data() + text.size() || text.empty() || us < 0) return false;
    if (us > INT64_MAX / 1000) return false;
    ns = us * 1000;
    return true;
}

bool bad(std::string& why, std::string text) {
    why = std::move(text);
    return false;
}

}  // namespace

bool parse_tardis_header(std::string_view line, TardisLayout& layout, std::string& why) {
    std::vector<std::string_view> names;
    split(line, names);
    layout = TardisLayout{};
    layout.columns = names.size();
    const char* expected =
        "expected the header of a Tardis incremental_book_L2, trades or book_snapshot_N CSV file "
        "(exchange,symbol,timestamp,local_timestamp,...)";
    if (names.size() < 8) return bad(why, expected);
    for (std::size_t i = 0; i < 4; ++i)
        if (names[i] != kCommon[i]) return bad(why, expected);
    auto matches = [&](const std::string_view (&tail)[4]) {
        if (names.size() != 8) return false;
        for (std::size_t i = 0; i < 4; ++i)
            if (names[4 + i] != tail[i]) return false;
        return true;
    };
    if (matches(kL2)) {
        layout.type = TardisType::IncrementalL2;
        return true;
    }
    if (matches(kTrades)) {
        layout.type = TardisType::Trades;
        return true;
    }
    // book_snapshot_N: 4N level columns, each (side, level, price|amount) exactly once.
    if ((names.size() - 4) % 4 != 0) return bad(why, expected);
    layout.type = TardisType::BookSnapshot;
    layout.depth = (names.size() - 4) / 4;
    std::vector<bool> seen(layout.depth * 4, false);
    for (std::size_t i = 4; i < names.size(); ++i) {
        TardisLayout::Slot slot;
        if (!parse_level_column(names[i], slot) || slot.level >= layout.depth) return bad(why, expected);
        const std::size_t key = slot.level * 4u + (slot.side == SGX_SIDE_SELL ? 2u : 0u) + (slot.is_price ? 0u : 1u);
        if (seen[key]) return bad(why, "column " + std::string(names[i]) + " appears twice in the header");
        seen[key] = true;
        layout.slots.push_back(slot);
    }
    return true;
}

bool parse_tardis_row(std::string_view line, const TardisLayout& layout, std::vector<std::string_view>& fields,
                      TardisRow& row, std::string& why) {
    split(line, fields);
    if (fields.size() != layout.columns)
        return bad(why, "expected " + std::to_string(layout.columns) + " comma-separated fields, found " +
                            std::to_string(fields.size()));
    row.exchange = fields[0];
    row.symbol = fields[1];
    if (row.symbol.empty()) return bad(why, "empty symbol");
    if (!parse_micros(fields[2], row.exch_ts))
        return bad(why, "bad timestamp '" + std::string(fields[2]) + "' (microseconds since the epoch)");
    if (!parse_micros(fields[3], row.local_ts))
        return bad(why, "bad local_timestamp '" + std::string(fields[3]) + "' (microseconds since the epoch)");
    row.levels.clear();
    if (layout.type == TardisType::BookSnapshot) {
        // Collect (price, amount) pairs per slot; an empty pair is an absent level.
        const std::size_t n = layout.depth * 2;
        row.levels.resize(n);
        std::vector<std::uint8_t> filled(n, 0);  // bit 1: price, bit 2: amount, bit 4: empty
        for (std::size_t i = 4; i < fields.size(); ++i) {
            const auto& slot = layout.slots[i - 4];
            const std::size_t at = (slot.side == SGX_SIDE_BUY ? 0 : layout.depth) + slot.level;
            TardisLevel& level = row.levels[at];
            level.side = slot.side;
            if (fields[i].empty()) {
                filled[at] |= 4;
                continue;
            }
            Decimal& d = slot.is_price ? level.price : level.amount;
            if (!parse_decimal(fields[i], d))
                return bad(why, std::string("bad ") + (slot.is_price ? "price" : "amount") + " '" +
                                    std::string(fields[i]) + "'");
            if (!slot.is_price && d.mantissa < 0) return bad(why, "negative amount '" + std::string(fields[i]) + "'");
            filled[at] |= slot.is_price ? 1 : 2;
        }
        std::size_t kept = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (filled[i] == 3) row.levels[kept++] = row.levels[i];
            else if (filled[i] != 4) return bad(why, "a level with a price but no amount, or an amount but no price");
        }
        row.levels.resize(kept);
        return true;
    }
    if (!parse_decimal(fields[6], row.price)) return bad(why, "bad price '" + std::string(fields[6]) + "'");
    if (!parse_decimal(fields[7], row.amount)) return bad(why, "bad amount '" + std::string(fields[7]) + "'");
    if (row.amount.mantissa < 0) return bad(why, "negative amount '" + std::string(fields[7]) + "'");
    const std::string_view side = fields[5];
    if (layout.type == TardisType::IncrementalL2) {
        if (fields[4] == "true") row.is_snapshot = true;
        else if (fields[4] == "false") row.is_snapshot = false;
        else return bad(why, "bad is_snapshot '" + std::string(fields[4]) + "' (true or false)");
        if (side == "bid") row.side = SGX_SIDE_BUY;
        else if (side == "ask") row.side = SGX_SIDE_SELL;
        else return bad(why, "unknown side '" + std::string(side) + "' (bid or ask)");
        return true;
    }
    if (side == "buy") row.side = SGX_SIDE_BUY;
    else if (side == "sell") row.side = SGX_SIDE_SELL;
    else if (side == "unknown") row.side = SGX_MD_SIDE_NONE;
    else return bad(why, "unknown side '" + std::string(side) + "' (buy, sell or unknown)");
    row.trade_id = 0;
    const std::string_view id = fields[4];
    std::uint64_t value = 0;
    const auto [ptr, ec] = std::from_chars(id.data(), id.data() + id.size(), value);
    if (!id.empty() && ec == std::errc() && ptr == id.data() + id.size()) row.trade_id = value;
    return true;
}

}  // namespace sigmax::md::detail
