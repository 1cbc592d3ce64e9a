// DBN metadata: fixed fields, then the symbol lists and the symbol mappings.
#include "dbn_metadata.hpp"

#include <charconv>
#include <cstring>

namespace sigmax::md::detail {

namespace {

constexpr std::size_t kDatasetLen = 16;
constexpr std::size_t kV1SymbolCstrLen = 22;
constexpr std::size_t kV1ReservedLen = 47;
constexpr std::size_t kV2ReservedLen = 53;
constexpr std::size_t kMaxSymbolCstrLen = 4096;  // sanity bound; Databento uses 22 (v1) and 71 (v2, v3)

template <typename T>
T load(const char* p) {
    T v;
    std::memcpy(&v, p, sizeof v);  // DBN is little-endian, as is every target we build for
    return v;
}

std::string cstr(std::string_view field) {
    const std::size_t nul = field.find('\0');
    return std::string(field.substr(0, nul));
}

bool parse_id(const std::string& text, std::uint32_t& id) {
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    return !text.empty() && ec == std::errc() && ptr == text.data() + text.size();
}

// A cursor over the metadata body that refuses to read past it.
struct Cursor {
    std::string_view body;
    std::size_t pos = 0;
    bool take(std::size_t n, std::string_view& out) {
        if (n > body.size() - pos) return false;
        out = body.substr(pos, n);
        pos += n;
        return true;
    }
    bool u32(std::uint32_t& v) {
        std::string_view b;
        if (!take(4, b)) return false;
        v = load<std::uint32_t>(b.data());
        return true;
    }
};

}  // namespace

std::string dbn_schema_name(std::uint16_t schema) {
    static const char* const names[] = {"mbo",       "mbp-1",      "mbp-10",    "tbbo",    "trades",
                                        "ohlcv-1s",  "ohlcv-1m",   "ohlcv-1h",  "ohlcv-1d", "definition",
                                        "statistics", "status",    "imbalance", "ohlcv-eod", "cmbp-1",
                                        "cbbo-1s",   "cbbo-1m",    "tcbbo",     "bbo-1s",  "bbo-1m"};
    if (schema < sizeof names / sizeof names[0]) return names[schema];
    if (schema == kDbnSchemaMixed) return "mixed (no single schema)";
    return "unknown schema " + std::to_string(schema);
}

bool parse_dbn_metadata(std::string_view body, std::uint8_t version, DbnMetadata& out, std::string& why,
                        std::uint64_t& where) {
    Cursor c{body};
    auto fail = [&](std::string text) {
        why = std::move(text);
        where = kDbnPreludeLen + c.pos;
        return false;
    };
    if (body.size() < kDbnMetadataFixedLen)
        return fail("metadata of " + std::to_string(body.size()) + " bytes, shorter than the " +
                    std::to_string(kDbnMetadataFixedLen) + " fixed bytes DBN requires");
    out.version = version;
    std::string_view b;
    c.take(kDatasetLen, b);
    out.dataset = cstr(b);
    c.take(2, b);
    out.schema = load<std::uint16_t>(b.data());
    c.take(24, b);                 // start, end, limit (u64 each)
    if (version == 1) c.take(8, b);  // record_count (v1 only)
    c.take(1, b);
    out.stype_in = static_cast<std::uint8_t>(b[0]);
    c.take(1, b);
    out.stype_out = static_cast<std::uint8_t>(b[0]);
    c.take(1, b);
    out.ts_out = b[0] != 0;
    if (version == 1) {
        out.symbol_cstr_len = kV1SymbolCstrLen;
        c.take(kV1ReservedLen, b);
    } else {
        c.take(2, b);
        out.symbol_cstr_len = load<std::uint16_t>(b.data());
        c.take(kV2ReservedLen, b);
        if (out.symbol_cstr_len == 0 || out.symbol_cstr_len > kMaxSymbolCstrLen)
            return fail("symbol_cstr_len " + std::to_string(out.symbol_cstr_len) + " is not a usable symbol length");
    }
    std::uint32_t schema_definition_length = 0;
    if (!c.u32(schema_definition_length)) return fail("metadata ends before schema_definition_length");
    if (schema_definition_length != 0) return fail("a schema definition in the metadata (not part of DBN 1-3)");
    const std::size_t len = out.symbol_cstr_len;
    for (const char* list : {"symbols", "partial", "not_found"}) {
        std::uint32_t count = 0;
        if (!c.u32(count)) return fail(std::string("metadata ends before the ") + list + " count");
        if (static_cast<std::uint64_t>(count) * len > body.size() - c.pos)
            return fail(std::string("metadata ends inside the ") + list + " list");
        c.pos += count * len;
    }
    std::uint32_t mappings = 0;
    if (!c.u32(mappings)) return fail("metadata ends before the symbol mappings count");
    for (std::uint32_t m = 0; m < mappings; ++m) {
        std::string_view raw;
        std::uint32_t intervals = 0;
        if (!c.take(len, raw) || !c.u32(intervals)) return fail("metadata ends inside symbol mapping " + std::to_string(m));
        if (static_cast<std::uint64_t>(intervals) * (8 + len) > body.size() - c.pos)
            return fail("metadata ends inside the intervals of symbol mapping " + std::to_string(m));
        const std::string raw_symbol = cstr(raw);
        std::uint32_t raw_id = 0;
        const bool raw_is_id = parse_id(raw_symbol, raw_id);
        for (std::uint32_t i = 0; i < intervals; ++i) {
            c.take(8, b);  // start_date, end_date (YYYYMMDD)
            c.take(len, b);
            const std::string symbol = cstr(b);
            std::uint32_t id = 0;
            std::string name;
            if (parse_id(symbol, id)) name = raw_symbol;        // stype_out instrument_id: raw -> id
            else if (raw_is_id) id = raw_id, name = symbol;     // stype_in instrument_id: id -> raw
            else continue;                                      // neither side is an instrument id
            if (name.empty()) continue;
            auto [it, inserted] = out.symbols.try_emplace(id, name);
            if (!inserted && it->second != name) ++out.renamed_instruments;
        }
    }
    return true;
}

}  // namespace sigmax::md::detail
