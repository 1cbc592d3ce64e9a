#include "binance_message.hpp"

#include <cctype>
#include <cstdint>
#include <utility>

namespace sigmax::md::detail {

namespace {

namespace od = simdjson::ondemand;

// The line's prefix: an integer count of ns (or, from older recorders, us or
// ms) since the epoch, told apart by its digits: 19 for ns (2001-09 .. 2262),
// 16 for us, 13 for ms. Any other length, and any value past 2262 in ns, is
// refused, so scaling to ns never overflows and local times are never negative.
bool parse_local_time(std::string_view digits, std::int64_t& ns) {
    if (digits.empty() || digits.size() > 19) return false;
    std::uint64_t v = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (v >= 1'000'000'000'000'000'000ull) {           // ns: 2001-09 .. 2262
        if (v > static_cast<std::uint64_t>(INT64_MAX)) return false;
        ns = static_cast<std::int64_t>(v);
    } else if (digits.size() == 16 && v <= static_cast<std::uint64_t>(INT64_MAX / 1000)) {  // us
        ns = static_cast<std::int64_t>(v * 1000);
    } else if (digits.size() == 13 && v <= static_cast<std::uint64_t>(INT64_MAX / 1'000'000)) {  // ms
        ns = static_cast<std::int64_t>(v * 1'000'000);
    } else {
        return false;
    }
    return true;
}

class FieldReader {
public:
    FieldReader(BinanceMessage& out, std::string& rule) : out_(out), rule_(rule) {}

    bool object(od::object obj, bool top_level) {
        for (auto field_result : obj) {
            od::field field;
            std::string_view key;
            if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return fail("malformed JSON");
            od::value value = field.value();
            if (!member(key, value, top_level)) return false;
        }
        return true;
    }

private:
    bool fail(const std::string& rule) {
        rule_ = rule;
        return false;
    }
    bool fail_field(std::string_view key, const char* what) {
        return fail("field \"" + std::string(key) + "\" " + what);
    }

    bool u64(std::string_view key, od::value& v, std::uint64_t& out, bool* has = nullptr) {
        if (v.get_uint64().get(out)) return fail_field(key, "is not an unsigned integer");
        if (has) *has = true;
        return true;
    }
    bool text(std::string_view key, od::value& v, std::string_view& out) {
        if (v.get_string().get(out)) return fail_field(key, "is not a string");
        return true;
    }
    bool decimal(std::string_view key, od::value& v, Decimal& out) {
        std::string_view s;
        if (v.get_string().get(s)) return fail_field(key, "is not a decimal string");
        if (!parse_decimal(s, out)) return fail("field \"" + std::string(key) + "\": '" + std::string(s) + "' is not a decimal number");
        return true;
    }
    // [[price, qty, ...], ...] (extra elements, as old spot streams had, are ignored)
    bool levels(std::string_view key, od::value& v, std::vector<DecimalLevel>& out) {
        od::array rows;
        if (v.get_array().get(rows)) return fail_field(key, "is not an array of [price, quantity]");
        out.clear();
        for (auto row_result : rows) {
            od::array row;
            if (row_result.get_array().get(row)) return fail_field(key, "has a level that is not [price, quantity]");
            DecimalLevel level;
            int index = 0;
            for (auto element_result : row) {
                od::value element;
                if (std::move(element_result).get(element)) return fail("malformed JSON");
                if (index == 0 && !decimal(key, element, level.price)) return false;
                if (index == 1 && !decimal(key, element, level.quantity)) return false;
                ++index;
            }
            if (index < 2) return fail_field(key, "has a level that is not [price, quantity]");
            out.push_back(level);
        }
        return true;
    }
    // bookTicker b/a are strings; depth b/a are arrays; old spot trades' b/a
    // are order ids (numbers): ignored.
    bool bid_or_ask(std::string_view key, od::value& v, bool bid) {
        od::json_type type;
        if (v.type().get(type)) return fail("malformed JSON");
        if (type == od::json_type::string) {
            out_.ticker_fields |= bid ? 1 : 4;
            return decimal(key, v, bid ? out_.bid_price : out_.ask_price);
        }
        if (type == od::json_type::array) return levels(key, v, bid ? out_.bids : out_.asks);
        return true;
    }

    bool member(std::string_view key, od::value& v, bool top_level) {
        if (key.size() == 1) {
            switch (key[0]) {
            case 'e': return text(key, v, out_.event_type);
            case 's': return text(key, v, out_.symbol);
            case 'E': return u64(key, v, out_.E, &out_.has_E);
            case 'T': return u64(key, v, out_.T, &out_.has_T);
            case 'U': return u64(key, v, out_.U, &out_.has_U);
            case 'u': return u64(key, v, out_.u, &out_.has_u);
            case 't': return u64(key, v, out_.trade_id, &out_.has_trade_id);
            case 'm':
                if (v.get_bool().get(out_.buyer_is_maker)) return fail_field(key, "is not true or false");
                out_.has_m = true;
                return true;
            case 'X': return text(key, v, out_.trade_type);
            case 'p': out_.has_price = true; return decimal(key, v, out_.price);
            case 'q': out_.has_quantity = true; return decimal(key, v, out_.quantity);
            case 'b': return bid_or_ask(key, v, true);
            case 'a': return bid_or_ask(key, v, false);
            case 'B': out_.ticker_fields |= 2; return decimal(key, v, out_.bid_qty);
            case 'A': out_.ticker_fields |= 8; return decimal(key, v, out_.ask_qty);
            default: return true;
            }
        }
        if (key == "pu") return u64(key, v, out_.pu, &out_.has_pu);
        if (key == "stream" && top_level) return text(key, v, out_.stream);
        if (key == "data" && top_level) {
            od::object inner;
            if (v.get_object().get(inner)) return fail_field(key, "is not an object");
            in_stream_ = true;
            return object(inner, false);
        }
        if (key == "lastUpdateId") {
            snapshot_at_top_ = top_level;
            return u64(key, v, out_.last_update_id, &out_.has_last_update_id);
        }
        if (key == "bids") return levels(key, v, out_.bids);
        if (key == "asks") return levels(key, v, out_.asks);
        if (key == "code" && top_level) out_.has_code = true;
        return true;  // other fields: not needed
    }

public:
    bool in_stream_ = false;
    bool snapshot_at_top_ = false;

private:
    BinanceMessage& out_;
    std::string& rule_;
};

void reset(BinanceMessage& m) {
    // Keep the level vectors' capacity.
    std::vector<DecimalLevel> bids = std::move(m.bids), asks = std::move(m.asks);
    bids.clear();
    asks.clear();
    m = BinanceMessage{};
    m.bids = std::move(bids);
    m.asks = std::move(asks);
}

BinanceKind classify(const BinanceMessage& m, bool in_stream, bool snapshot_at_top) {
    if (m.event_type == "depthUpdate") return BinanceKind::Depth;
    if (m.event_type == "trade") return BinanceKind::Trade;
    if (m.event_type == "bookTicker") return BinanceKind::BookTicker;
    if (!m.event_type.empty()) return BinanceKind::Unknown;
    if (m.has_last_update_id && snapshot_at_top && !in_stream) return BinanceKind::Snapshot;
    // Spot's bookTicker has no "e": it is u, s, b, B, a, A.
    if (m.has_u && m.ticker_fields == 15) return BinanceKind::BookTicker;
    if (m.has_code && !in_stream) return BinanceKind::RestError;
    return BinanceKind::Unknown;
}

}  // namespace

bool BinanceLineParser::parse(std::string_view line, std::size_t capacity, BinanceMessage& out, std::string& rule) {
    reset(out);
    const std::size_t space = line.find(' ');
    if (space == std::string_view::npos || !parse_local_time(line.substr(0, space), out.local_ts)) {
        rule = "a line must start with the local receive time (integer ns, us or ms since the epoch) and a space";
        return false;
    }
    std::size_t start = space + 1;
    while (start < line.size() && (line[start] == ' ' || line[start] == '\t')) ++start;
    const char* json = line.data() + start;
    const std::size_t length = line.size() - start;
    od::document doc;
    od::object root;
    if (parser_.iterate(json, length, capacity - start).get(doc) || doc.get_object().get(root)) {
        rule = "malformed JSON: expected an object after the local time";
        return false;
    }
    FieldReader reader(out, rule);
    if (!reader.object(root, true)) {
        if (rule.rfind("malformed", 0) != 0 && rule.rfind("field", 0) != 0) rule = "malformed JSON: " + rule;
        return false;
    }
    const char* trailing = nullptr;
    if (doc.current_location().get(trailing) == simdjson::SUCCESS) {
        rule = "malformed JSON: text after the object";
        return false;
    }
    out.kind = classify(out, reader.in_stream_, reader.snapshot_at_top_);
    return true;
}

std::string symbol_of_stream(std::string_view stream) {
    const std::size_t at = stream.find('@');
    std::string name(stream.substr(0, at));
    for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return name;
}

}  // namespace sigmax::md::detail
