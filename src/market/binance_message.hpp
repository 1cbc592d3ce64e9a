// One line of a Binance raw-stream recording, parsed: `<local time> <JSON>`.
//
// The JSON is read with simdjson On-Demand in a single forward pass over its
// fields (which also checks its structure); prices and quantities are kept as
// exact decimals (the caller puts them on the symbol's grid). Every view in a
// parsed message points into the parser or the line and is valid until the
// next parse.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "decimal.hpp"

namespace sigmax::md::detail {

enum class BinanceKind {
    Depth,        // depthUpdate (diff depth stream)
    Trade,        // trade
    BookTicker,   // bookTicker (futures: "e":"bookTicker"; spot: no "e")
    Snapshot,     // REST depth snapshot: top-level lastUpdateId, bids, asks
    RestError,    // a REST error reply the recorder kept ({"code":..,"msg":..})
    Unknown,      // anything else (markPriceUpdate, aggTrade, subscription replies...)
};

struct DecimalLevel {
    Decimal price, quantity;
};

struct BinanceMessage {
    BinanceKind kind = BinanceKind::Unknown;
    std::int64_t local_ts = 0;         // ns since the epoch, from the line's prefix
    std::string_view event_type;       // "e" (empty if absent)
    std::string_view stream;           // combined stream name (empty if not combined)
    std::string_view symbol;           // "s" (empty if absent)
    bool has_E = false, has_T = false, has_pu = false, has_m = false;
    std::uint64_t E = 0, T = 0;        // event and transaction time, ms
    std::uint64_t U = 0, u = 0, pu = 0;
    bool has_U = false, has_u = false;
    std::uint64_t last_update_id = 0;  // snapshot
    bool has_last_update_id = false;
    std::uint64_t trade_id = 0;        // "t"
    bool has_trade_id = false;
    bool buyer_is_maker = false;       // "m"
    std::string_view trade_type;       // futures "X": MARKET, INSURANCE_FUND, ADL, NA
    Decimal price, quantity;           // trade "p", "q"
    bool has_price = false, has_quantity = false;
    Decimal bid_price, bid_qty, ask_price, ask_qty;  // bookTicker b, B, a, A
    int ticker_fields = 0;                           // bit per b, B, a, A seen
    std::vector<DecimalLevel> bids, asks;            // depth b/a, snapshot bids/asks
    bool has_code = false;                           // REST error
};

class BinanceLineParser {
public:
    // Parses `line` (capacity: readable bytes from line.data(), >= size + 64).
    // False with `rule` filled in on a malformed line. The message's vectors
    // keep their capacity from call to call (no allocation per line once warm).
    bool parse(std::string_view line, std::size_t capacity, BinanceMessage& out, std::string& rule);

private:
    simdjson::ondemand::parser parser_;
};

// The symbol a stream name names: "btcusdt@depth@0ms" -> "BTCUSDT".
std::string symbol_of_stream(std::string_view stream);

}  // namespace sigmax::md::detail
