#include "flow_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string_view>

namespace sigmax::cli {

namespace {

constexpr char kMagic[8] = {'S', 'G', 'X', 'F', 'L', 'O', 'W', '1'};
constexpr const char* kHeader = "op,symbol,side,type,tif,price,quantity,order_id";

const char* side_name(Side s) { return s == Side::Buy ? "buy" : "sell"; }
const char* type_name(OrderType t) { return t == OrderType::Limit ? "limit" : "market"; }
const char* tif_name(TimeInForce t) {
    switch (t) {
        case TimeInForce::GTC: return "gtc";
        case TimeInForce::IOC: return "ioc";
        case TimeInForce::FOK: return "fok";
        case TimeInForce::PostOnly: return "post_only";
    }
    return "?";
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i)
        if (i == s.size() || s[i] == sep) {
            out.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    return out;
}

template <class T>
bool parse_int(std::string_view s, T& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

bool parse_double(std::string_view s, double& out) {
    if (s.empty()) return false;
    std::string tmp(s);  // strtod needs a terminated string; from_chars for double is not in GCC 10's libstdc++
    char* end = nullptr;
    errno = 0;
    out = std::strtod(tmp.c_str(), &end);
    return end == tmp.c_str() + tmp.size();
}

bool parse_enum(std::string_view s, std::initializer_list<std::string_view> names, std::uint8_t& out) {
    std::uint8_t i = 0;
    for (std::string_view n : names) {
        if (s == n) {
            out = i;
            return true;
        }
        ++i;
    }
    return parse_int(s, out) && out < names.size();
}

// One CSV line into a record; an empty string on success, else why not.
std::string parse_line(std::string_view line, FlowRecord& r) {
    const auto f = split(line, ',');
    if (f.size() != 8) return fmt::format("expected 8 comma-separated fields, found {}", f.size());
    const std::string_view op = f[0];
    if (op == "new") {
        r.op = FlowRecord::Op::New;
        std::uint8_t side = 0, type = 0, tif = 0;
        if (!parse_int(f[1], r.order.symbol)) return fmt::format("bad symbol '{}'", f[1]);
        if (!parse_enum(f[2], {"buy", "sell"}, side)) return fmt::format("bad side '{}' (buy or sell)", f[2]);
        if (!parse_enum(f[3], {"limit", "market"}, type)) return fmt::format("bad type '{}' (limit or market)", f[3]);
        if (!parse_enum(f[4], {"gtc", "ioc", "fok", "post_only"}, tif))
            return fmt::format("bad tif '{}' (gtc, ioc, fok or post_only)", f[4]);
        r.order.side = static_cast<Side>(side);
        r.order.type = static_cast<OrderType>(type);
        r.order.tif = static_cast<TimeInForce>(tif);
        if (f[5].empty() && r.order.type == OrderType::Market) r.order.price = 0.0;
        else if (!parse_double(f[5], r.order.price)) return fmt::format("bad price '{}'", f[5]);
        if (!parse_double(f[6], r.order.quantity)) return fmt::format("bad quantity '{}'", f[6]);
        return "";
    }
    if (op == "cancel" || op == "amend") {
        r.op = op == "cancel" ? FlowRecord::Op::Cancel : FlowRecord::Op::Amend;
        if (!parse_int(f[7], r.order_id)) return fmt::format("bad order_id '{}'", f[7]);
        if (r.op == FlowRecord::Op::Amend && !parse_double(f[6], r.quantity))
            return fmt::format("bad quantity '{}'", f[6]);
        return "";
    }
    if (op == "config") {
        r.op = FlowRecord::Op::Config;
        if (!parse_int(f[1], r.order.symbol)) return fmt::format("bad symbol '{}'", f[1]);
        if (!parse_double(f[5], r.order.price)) return fmt::format("bad tick size '{}'", f[5]);
        if (!parse_double(f[6], r.order.quantity)) return fmt::format("bad lot size '{}'", f[6]);
        return "";
    }
    return fmt::format("unknown op '{}' (new, cancel, amend or config)", op);
}

#pragma pack(push, 1)
struct BinaryRecord {
    std::uint8_t op, side, type, tif;
    std::uint32_t symbol;
    std::uint64_t order_id;
    double price, quantity;
};
#pragma pack(pop)
static_assert(sizeof(BinaryRecord) == 32);

// The records after the magic: a uint64 count, then `count` 32-byte records.
bool parse_binary(std::string_view bytes, std::vector<FlowRecord>& out, FlowError& error) {
    std::uint64_t count = 0;
    if (bytes.size() < sizeof count) {
        error = {0, "truncated header"};
        return false;
    }
    std::memcpy(&count, bytes.data(), sizeof count);
    bytes.remove_prefix(sizeof count);
    out.clear();
    for (std::uint64_t i = 0; i < count; ++i) {
        BinaryRecord b{};
        if (bytes.size() < sizeof b) {
            error = {static_cast<std::size_t>(i + 1), fmt::format("file ends after {} of {} records", i, count)};
            return false;
        }
        std::memcpy(&b, bytes.data(), sizeof b);
        bytes.remove_prefix(sizeof b);
        if (b.op > 3 || b.side > 1 || b.type > 1 || b.tif > 3) {
            error = {static_cast<std::size_t>(i + 1), "invalid op, side, type or tif byte"};
            return false;
        }
        FlowRecord r;
        r.op = static_cast<FlowRecord::Op>(b.op);
        r.order = OrderRequest{b.symbol, static_cast<Side>(b.side), static_cast<OrderType>(b.type),
                               static_cast<TimeInForce>(b.tif), b.price, b.quantity};
        r.order_id = b.order_id;
        r.quantity = b.quantity;
        out.push_back(r);
    }
    return true;
}

}  // namespace

bool parse_flow(std::string_view bytes, std::vector<FlowRecord>& out, FlowError& error) {
    if (bytes.size() >= sizeof kMagic && std::memcmp(bytes.data(), kMagic, sizeof kMagic) == 0)
        return parse_binary(bytes.substr(sizeof kMagic), out, error);
    std::size_t n = 0;
    bool header = false;
    out.clear();
    while (!bytes.empty()) {
        // One line, without its '\n' (a last line may lack one).
        const std::size_t eol = bytes.find('\n');
        std::string_view line = bytes.substr(0, eol);
        bytes.remove_prefix(eol == std::string_view::npos ? bytes.size() : eol + 1);
        ++n;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line[0] == '#') continue;
        if (!header) {
            if (line != kHeader) {
                error = {n, fmt::format("expected the header '{}'", kHeader)};
                return false;
            }
            header = true;
            continue;
        }
        FlowRecord r;
        if (std::string why = parse_line(line, r); !why.empty()) {
            error = {n, why};
            return false;
        }
        out.push_back(r);
    }
    if (!header) {
        error = {0, "empty file: no header line"};
        return false;
    }
    return true;
}

bool read_flow(const std::string& path, std::vector<FlowRecord>& out, FlowError& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = {0, fmt::format("cannot open: {}", std::strerror(errno))};
        return false;
    }
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) {
        error = {0, "read failed"};
        return false;
    }
    return parse_flow(bytes, out, error);
}

std::string format_flow_csv(const std::vector<FlowRecord>& records) {
    std::string out = fmt::format("# sigmax-exec order flow (docs/cli.md)\n{}\n", kHeader);
    auto it = std::back_inserter(out);
    for (const FlowRecord& r : records) {
        switch (r.op) {
            case FlowRecord::Op::New:
                fmt::format_to(it, "new,{},{},{},{},{},{},\n", r.order.symbol, side_name(r.order.side),
                               type_name(r.order.type), tif_name(r.order.tif),
                               r.order.type == OrderType::Market ? std::string() : fmt::format("{}", r.order.price),
                               r.order.quantity);
                break;
            case FlowRecord::Op::Cancel: fmt::format_to(it, "cancel,,,,,,,{}\n", r.order_id); break;
            case FlowRecord::Op::Amend: fmt::format_to(it, "amend,,,,,,{},{}\n", r.quantity, r.order_id); break;
            case FlowRecord::Op::Config:
                fmt::format_to(it, "config,{},,,,{},{},\n", r.order.symbol, r.order.price, r.order.quantity);
                break;
        }
    }
    return out;
}

bool write_flow_csv(const std::string& path, const std::vector<FlowRecord>& records, std::string& error) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f) {
        error = std::strerror(errno);
        return false;
    }
    const std::string text = format_flow_csv(records);
    const bool written = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    if (std::fclose(f) != 0 || !written) {
        error = std::strerror(errno);
        return false;
    }
    return true;
}

bool write_flow_binary(const std::string& path, const std::vector<FlowRecord>& records, std::string& error) {
    std::ofstream out(path, std::ios::binary);
    if (!out) {
        error = std::strerror(errno);
        return false;
    }
    out.write(kMagic, sizeof kMagic);
    const std::uint64_t count = records.size();
    out.write(reinterpret_cast<const char*>(&count), sizeof count);
    for (const FlowRecord& r : records) {
        BinaryRecord b{static_cast<std::uint8_t>(r.op), static_cast<std::uint8_t>(r.order.side),
                       static_cast<std::uint8_t>(r.order.type), static_cast<std::uint8_t>(r.order.tif), r.order.symbol,
                       r.order_id, r.order.price, r.op == FlowRecord::Op::Amend ? r.quantity : r.order.quantity};
        out.write(reinterpret_cast<const char*>(&b), sizeof b);
    }
    if (!out) error = "write failed";
    return static_cast<bool>(out);
}

}  // namespace sigmax::cli
