// Exact decimal text -> integer units of a price or quantity grid.
//
// Feeds print prices and quantities as decimal strings ("61800.20"). Going
// through a double would round; here the digits become an integer mantissa
// and a count of decimals, and the grid (tick or lot size) is itself a
// mantissa and decimals, so "is it on the grid, and how many steps" is an
// exact integer division.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sigmax::md::detail {

// value = mantissa * 10^-decimals
struct Decimal {
    std::int64_t mantissa = 0;
    std::uint8_t decimals = 0;
};

// A grid step (tick or lot size) written the same way; mantissa > 0.
struct Grid {
    std::int64_t mantissa = 0;
    std::uint8_t decimals = 0;
    bool valid() const { return mantissa > 0; }
};

constexpr int kMaxDecimals = 18;

// Parses [-]digits[.digits] (at least one digit, at most 18 significant
// digits, no exponent, no spaces). False on anything else.
bool parse_decimal(std::string_view text, Decimal& out);

// The grid 10^-decimals (what "the most decimals printed" infers).
Grid grid_of_decimals(int decimals);

// The grid a configured size such as 0.1 or 0.001 denotes: the shortest
// decimal within 1e-9 (relative) of it. False if none with <= 12 decimals or
// size <= 0.
bool grid_from_size(double size, Grid& out);

// The grid's size as a double (for sgx_md_symbol).
double grid_size(Grid grid);

// value / grid as an integer; false if value is not a whole multiple of the
// grid or the result does not fit in int64.
bool to_grid_units(Decimal value, Grid grid, std::int64_t& units);

}  // namespace sigmax::md::detail

namespace sigmax::md::detail {
// "61800.20" back from its mantissa and decimals (for error messages).
std::string to_string(Decimal value);
std::string to_string(Grid grid);
}  // namespace sigmax::md::detail
