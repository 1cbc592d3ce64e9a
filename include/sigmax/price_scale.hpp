// Conversion between API doubles and the books' integer ticks and lots.
//
// A value is accepted when it is a whole number of increments up to
// floating-point noise: with t = value / increment and n the nearest integer
// (t itself from 2^52 on, else trunc(t + 0.5)),
//     |t - n| <= max(1e-9, 1e-15 * t)   and   1 <= n <= 2^53.
// The relative term (about 4.5 ulp of t) covers the rounding of the division
// for large tick counts (50000.0 on a 1e-8 tick is 5e12 ticks); the absolute
// term covers sums such as 0.1 + 0.2 on a 0.1 tick. 10.005 on a 0.01 tick is
// 1000.4999... ticks and is refused. The Python fallback repeats this
// arithmetic operation for operation, so both accept exactly the same values.
//
// Back from units, a value is exact in decimal: see DecimalForm below.
#pragma once

#include <cmath>
#include <cstdint>

#include "sigmax/types.hpp"

namespace sigmax {

inline constexpr double kMaxUnits = 9007199254740992.0;     // 2^53: every integer up to here is exact
// The most lots an order may hold (and ticks a price): kMaxUnits as an integer.
inline constexpr std::int64_t kMaxOrderLots = std::int64_t{1} << 53;
static_assert(static_cast<double>(kMaxOrderLots) == kMaxUnits);
inline constexpr double kAllIntegers = 4503599627370496.0;  // 2^52: from here on every double is an integer
inline constexpr double kMaxDouble = 1.7976931348623157e308;
inline constexpr double kAbsoluteTolerance = 1e-9;
inline constexpr double kRelativeTolerance = 1e-15;  // about 4.5 units in the last place of t

// An increment as a decimal fraction, so that units convert back to the
// double nearest the decimal value: value = (double(units) * multiplier) / divisor.
// For an increment that is the double nearest some m * 10^-k (0.01, 0.25,
// 1e-8, 5), multiplier = m and divisor = 10^k, with k the smallest in 0..15
// and 1 <= m <= 2^53. Every integer up to 2^53 and 10^k up to 10^15 is an
// exact double, so while units * m <= 2^53 the product is exact and the one
// division is correctly rounded: 9957 ticks of 0.01 give 99.57, not the
// 99.57000000000001 of 9957 * 0.01. Past that bound the value can be one
// rounding off. An increment with no such form (1/3) keeps multiplier =
// increment and divisor = 1, i.e. value = units * increment.
// bindings/python/sigmax_exec/_values.py repeats this operation for operation.
struct DecimalForm {
    double multiplier = 1.0;
    double divisor = 1.0;
};

// The decimal form of a positive finite increment (see DecimalForm).
// Trunc is floor here: x >= 1. Computed when a symbol is configured, never
// per order.
constexpr DecimalForm decimal_form(double increment) noexcept {
    double divisor = 1.0;
    for (int k = 0; k <= 15; ++k, divisor *= 10.0) {
        const double x = increment * divisor + 0.5;
        if (!(x >= 1.0 && x <= kMaxUnits)) continue;  // m outside 1..2^53 (or NaN, inf)
        const double m = static_cast<double>(static_cast<std::int64_t>(x));
        if (m / divisor == increment) return DecimalForm{m, divisor};
    }
    return DecimalForm{increment, 1.0};
}

// `units` (an integer count or, for an average price, a fraction of ticks)
// in the increment's unit.
constexpr double from_units(double units, const DecimalForm& f) noexcept {
    return units * f.multiplier / f.divisor;
}

struct Scale {
    double tick_size = 1e-8;
    double lot_size = 1e-8;
    DecimalForm tick = decimal_form(1e-8);
    DecimalForm lot = decimal_form(1e-8);

    constexpr Scale() noexcept = default;
    constexpr Scale(double tick_increment, double lot_increment) noexcept
        : tick_size(tick_increment),
          lot_size(lot_increment),
          tick(decimal_form(tick_increment)),
          lot(decimal_form(lot_increment)) {}
};

// The scale of a symbol that was never configured.
inline constexpr Scale kDefaultScale{};
static_assert(kDefaultScale.tick.multiplier == 1.0 && kDefaultScale.tick.divisor == 1e8);

// Converts value to a whole number of increments, or returns `not_positive`
// for NaN/inf/zero/negative, OutOfRange beyond 2^53 and `off_grid` otherwise.
inline Status to_units(double value, double increment, std::int64_t& out, Status not_positive,
                       Status off_grid) noexcept {
    if (!(value > 0.0) || !(value <= kMaxDouble)) return not_positive;  // NaN, inf, <= 0
    const double t = value / increment;
    if (!(t <= kMaxUnits)) return Status::OutOfRange;
    // Nearest integer without a libm call: from 2^52 on every double is one.
    const double n = t >= kAllIntegers ? t : static_cast<double>(static_cast<std::int64_t>(t + 0.5));
    const double relative = kRelativeTolerance * t;
    const double tolerance = relative > kAbsoluteTolerance ? relative : kAbsoluteTolerance;
    const double error = t > n ? t - n : n - t;
    if (!(error <= tolerance) || n < 1.0) return off_grid;
    out = static_cast<std::int64_t>(n);
    return Status::Ok;
}

inline Status price_to_ticks(double price, const Scale& s, std::int64_t& ticks) noexcept {
    return to_units(price, s.tick_size, ticks, Status::InvalidPrice, Status::OffTick);
}

inline Status quantity_to_lots(double quantity, const Scale& s, std::int64_t& lots) noexcept {
    return to_units(quantity, s.lot_size, lots, Status::InvalidQuantity, Status::OffLot);
}

inline double ticks_to_price(std::int64_t ticks, const Scale& s) noexcept {
    return from_units(static_cast<double>(ticks), s.tick);
}

inline double lots_to_quantity(std::int64_t lots, const Scale& s) noexcept {
    return from_units(static_cast<double>(lots), s.lot);
}

inline bool valid_increment(double increment) noexcept {
    return std::isfinite(increment) && increment > 0.0;
}

}  // namespace sigmax
