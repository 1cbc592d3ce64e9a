// Exact decimal parsing and grid arithmetic for the text converters.
#include "decimal.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "sigmax/types.hpp"

namespace sigmax::md::detail {

namespace {
constexpr int kMaxDigits = 18;  // 10^18 < 2^63

bool pow10_128(int n, Int128& out) {
    if (n < 0 || n > 36) return false;
    out = 1;
    for (int i = 0; i < n; ++i) out *= 10;
    return true;
}
}  // namespace

bool parse_decimal(std::string_view text, Decimal& out) {
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
    std::int64_t mantissa = 0;
    int digits = 0, exponent = 0, seen = 0, printed = 0;
    bool dot = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '.') {
            if (dot) return false;
            dot = true;
            continue;
        }
        if (c < '0' || c > '9') break;
        ++seen;
        if (dot) ++printed;
        if (digits == 0 && c == '0') {  // leading zeros carry no digits
            if (dot) --exponent;
            continue;
        }
        if (digits == kMaxDigits) return false;
        mantissa = mantissa * 10 + (c - '0');
        ++digits;
        if (dot) --exponent;
    }
    if (seen == 0) return false;
    if (i < text.size()) {
        if (text[i] != 'e' && text[i] != 'E') return false;
        ++i;
        int e = 0;
        const char* first = text.data() + i;
        const char* last = text.data() + text.size();
        if (first < last && *first == '+') ++first;
        const auto [ptr, ec] = std::from_chars(first, last, e);
        if (ec != std::errc() || ptr != last || e > 400 || e < -400) return false;
        exponent += e;
    }
    while (mantissa != 0 && mantissa % 10 == 0 && exponent < 0) {  // "1.50" -> 15e-1
        mantissa /= 10;
        ++exponent;
    }
    if (mantissa == 0) exponent = 0;
    out.mantissa = negative ? -mantissa : mantissa;
    out.exponent = exponent;
    out.printed_decimals = printed;
    return true;
}

bool grid_from_double(double step, Grid& out) {
    if (!(step > 0.0) || !std::isfinite(step)) return false;
    char buf[64];
    const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, step, std::chars_format::fixed);
    if (ec != std::errc()) return false;
    Decimal d;
    if (!parse_decimal(std::string_view(buf, static_cast<std::size_t>(ptr - buf)), d) || d.mantissa <= 0) return false;
    if (d.exponent > 0) {  // an integer step with trailing zeros: 100 -> 100e0
        Int128 scale;
        if (!pow10_128(d.exponent, scale) || d.mantissa * scale > INT64_MAX) return false;
        out.units = static_cast<std::int64_t>(d.mantissa * scale);
        out.decimals = 0;
    } else {
        out.units = d.mantissa;
        out.decimals = -d.exponent;
    }
    return true;
}

bool to_steps(const Decimal& value, const Grid& grid, std::int64_t& steps) {
    // value = m * 10^e, step = u * 10^-g  =>  steps = m * 10^(e+g) / u
    if (value.mantissa == 0) {
        steps = 0;
        return true;
    }
    const int shift = value.exponent + grid.decimals;
    if (shift > 19 || shift < -19) return false;  // beyond int64 either way, or below one step
    Int128 numerator = value.mantissa;
    Int128 denominator = grid.units;
    Int128 scale;
    if (shift >= 0) {
        if (!pow10_128(shift, scale)) return false;
        numerator *= scale;
    } else {
        if (!pow10_128(-shift, scale)) return false;
        denominator *= scale;
    }
    if (numerator % denominator != 0) return false;
    const Int128 q = numerator / denominator;
    if (q > INT64_MAX || q < INT64_MIN) return false;
    steps = static_cast<std::int64_t>(q);
    return true;
}

double grid_value(const Grid& grid) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%lde-%d", static_cast<long>(grid.units), grid.decimals);
    return std::strtod(buf, nullptr);  // correctly rounded, unlike units * pow(10, -d)
}

std::string to_string(const Decimal& d) {
    // Built piece by piece: GCC 12 at -O2 warns falsely (-Wrestrict) on
    // std::string::insert into the string itself.
    const std::uint64_t magnitude =
        d.mantissa < 0 ? 0 - static_cast<std::uint64_t>(d.mantissa) : static_cast<std::uint64_t>(d.mantissa);
    std::string digits = std::to_string(magnitude);
    if (d.exponent > 0) digits.append(static_cast<std::size_t>(d.exponent), '0');
    std::string text = d.mantissa < 0 ? "-" : "";
    if (d.exponent < 0) {
        const std::size_t frac = static_cast<std::size_t>(-d.exponent);
        const std::string padded = digits.size() <= frac ? std::string(frac - digits.size() + 1, '0') + digits : digits;
        text += padded.substr(0, padded.size() - frac);
        text += '.';
        text += padded.substr(padded.size() - frac);
    } else {
        text += digits;
    }
    return text;
}

std::string to_string(const Grid& g) { return to_string(Decimal{g.units, -g.decimals}); }

}  // namespace sigmax::md::detail
