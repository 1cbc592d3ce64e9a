// Exact decimal numbers for text feeds: "123.4500" is kept as the integer
// 1234500 and the exponent -4 (never through a double), so converting it to
// ticks or lots of a decimal grid is exact or refused.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sigmax::md::detail {

struct Decimal {
    std::int64_t mantissa = 0;  // value = mantissa * 10^exponent
    int exponent = 0;           // <= 0 after normalisation unless the value is an integer with trailing zeros
    int printed_decimals = 0;   // digits after the point as written ("0.100" -> 3): a feed's printed precision
    // Decimals the value needs (trailing zeros dropped): "0.10" -> 1, "100" -> 0.
    int decimals() const { return exponent < 0 ? -exponent : 0; }
};

// Parses [-+]digits[.digits][e[-+]digits]; false on anything else, on an empty
// text or when the digits do not fit 18 significant digits. Trailing zeros of
// the fraction are dropped ("1.50" == 15e-1).
bool parse_decimal(std::string_view text, Decimal& out);

// A grid step written as a decimal: step = units * 10^-decimals (units > 0).
struct Grid {
    std::int64_t units = 1;
    int decimals = 0;
    bool valid() const { return units > 0; }
};

// The grid 10^-decimals (what "the most decimals printed" infers).
inline Grid grid_of_decimals(int decimals) { return Grid{1, decimals}; }

// The decimal text of a value or grid step ("61800.2"), for error messages.
std::string to_string(const Decimal& value);
std::string to_string(const Grid& grid);

// The exact decimal form of a positive double given on a command line
// (shortest round-trip digits: 0.1 -> 1e-1, 0.25 -> 25e-2); false if not positive.
bool grid_from_double(double step, Grid& out);

// value / step as an integer; false if the value is off the grid or overflows.
bool to_steps(const Decimal& value, const Grid& grid, std::int64_t& steps);

// 10^-decimals as a double (the symbol table's tick or lot size).
double grid_value(const Grid& grid);

}  // namespace sigmax::md::detail
