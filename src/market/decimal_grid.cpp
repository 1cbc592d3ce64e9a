#include "decimal_grid.hpp"

#include <cmath>
#include <limits>

namespace sigmax::md::detail {

namespace {

__extension__ using Int128 = __int128;

Int128 pow10_128(int n) {
    Int128 v = 1;
    for (int i = 0; i < n; ++i) v *= 10;
    return v;
}

}  // namespace

bool parse_decimal(std::string_view text, Decimal& out) {
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && text[i] == '-') {
        negative = true;
        ++i;
    }
    std::int64_t mantissa = 0;
    int digits = 0;          // significant digits taken into the mantissa
    int decimals = 0;
    bool any_digit = false;
    bool seen_point = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '.') {
            if (seen_point) return false;
            seen_point = true;
            continue;
        }
        if (c < '0' || c > '9') return false;
        any_digit = true;
        if (mantissa != 0 || c != '0') ++digits;  // leading zeros are free
        if (digits > kMaxDecimals) return false;
        mantissa = mantissa * 10 + (c - '0');
        if (seen_point) {
            if (++decimals > kMaxDecimals) return false;
        }
    }
    if (!any_digit) return false;
    out.mantissa = negative ? -mantissa : mantissa;
    out.decimals = static_cast<std::uint8_t>(decimals);
    return true;
}

Grid grid_of_decimals(int decimals) {
    Grid g;
    g.mantissa = 1;
    g.decimals = static_cast<std::uint8_t>(decimals < 0 ? 0 : (decimals > kMaxDecimals ? kMaxDecimals : decimals));
    return g;
}

bool grid_from_size(double size, Grid& out) {
    if (!(size > 0.0) || !std::isfinite(size)) return false;
    double scaled = size;
    for (int d = 0; d <= 12; ++d, scaled *= 10.0) {
        const double rounded = std::round(scaled);
        if (rounded >= 1.0 && rounded < 9.0e15 && std::fabs(scaled - rounded) <= 1e-9 * scaled) {
            out.mantissa = static_cast<std::int64_t>(rounded);
            out.decimals = static_cast<std::uint8_t>(d);
            return true;
        }
    }
    return false;
}

double grid_size(Grid grid) {
    return static_cast<double>(grid.mantissa) / std::pow(10.0, grid.decimals);
}

bool to_grid_units(Decimal value, Grid grid, std::int64_t& units) {
    if (!grid.valid()) return false;
    const int common = value.decimals > grid.decimals ? value.decimals : grid.decimals;
    const Int128 v = static_cast<Int128>(value.mantissa) * pow10_128(common - value.decimals);
    const Int128 g = static_cast<Int128>(grid.mantissa) * pow10_128(common - grid.decimals);
    if (v % g != 0) return false;
    const Int128 q = v / g;
    if (q > std::numeric_limits<std::int64_t>::max() || q < std::numeric_limits<std::int64_t>::min()) return false;
    units = static_cast<std::int64_t>(q);
    return true;
}

}  // namespace sigmax::md::detail

namespace sigmax::md::detail {

namespace {
std::string format_fixed(std::int64_t mantissa, int decimals) {
    const bool negative = mantissa < 0;
    const unsigned long long magnitude =
        negative ? 0ull - static_cast<unsigned long long>(mantissa) : static_cast<unsigned long long>(mantissa);
    std::string digits = std::to_string(magnitude);
    if (decimals > 0) {
        if (digits.size() <= static_cast<std::size_t>(decimals)) digits.insert(0, static_cast<std::size_t>(decimals) + 1 - digits.size(), '0');
        digits.insert(digits.size() - static_cast<std::size_t>(decimals), 1, '.');
    }
    return negative ? "-" + digits : digits;
}
}  // namespace

std::string to_string(Decimal value) { return format_fixed(value.mantissa, value.decimals); }
std::string to_string(Grid grid) { return format_fixed(grid.mantissa, grid.decimals); }

}  // namespace sigmax::md::detail
