// Finding a price in a side's levels, sorted worst first with the best at
// the back (the engine's order book and the market-data books keep levels
// so). Any level type with an `int64_t price` member works.
#pragma once

#include <algorithm>
#include <cstdint>
#include <climits>
#include <vector>

#include "sigmax/types.hpp"

namespace sigmax {

// True when `a` is a better price than `b` for side s (higher bid, lower ask).
constexpr bool better_price(Side s, std::int64_t a, std::int64_t b) noexcept {
    return s == Side::Buy ? a > b : a < b;
}

// Position of the level with `price` in `lv`, or where it would be inserted.
template <class Level>
std::size_t locate_level(const std::vector<Level>& lv, Side s, std::int64_t price) noexcept {
    const std::size_t n = lv.size();
    if (n == 0) return 0;
    // Ticks from the best level to `price`, positive when `price` is worse
    // (saturated: market-data prices are any int64).
    const std::int64_t a = s == Side::Buy ? lv[n - 1].price : price;
    const std::int64_t b = s == Side::Buy ? price : lv[n - 1].price;
    std::int64_t behind;
    if (__builtin_sub_overflow(a, b, &behind)) behind = a > b ? INT64_MAX : INT64_MIN;
    if (behind <= 0) return behind == 0 ? n - 1 : n;
    // At most one level per tick can be better than `price`, so its place is
    // at least `behind` levels before the best; near the touch, where every
    // tick has a level, that guess is exact. Walk toward the best over the
    // empty ticks in between (a short, well-predicted loop, where a walk from
    // the best mispredicted its exit on most calls), and binary-search when
    // there are many.
    constexpr std::size_t kLinearSteps = 16;
    std::size_t i = behind < static_cast<std::int64_t>(n) ? n - 1 - static_cast<std::size_t>(behind) : 0;
    const std::size_t linear_end = n - i > kLinearSteps ? i + kLinearSteps : n;
    for (; i < linear_end; ++i)
        if (!better_price(s, price, lv[i].price)) return i;  // level i is at `price` or better
    // Sorted worst first: the first level not worse than `price`.
    auto it = std::partition_point(lv.begin() + static_cast<std::ptrdiff_t>(i), lv.end(),
                                   [&](const Level& l) { return better_price(s, price, l.price); });
    return static_cast<std::size_t>(it - lv.begin());
}

}  // namespace sigmax
