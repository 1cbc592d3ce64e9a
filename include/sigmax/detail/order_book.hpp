// The limit order book of one symbol: two sides of price levels, each level a
// FIFO of resting orders (intrusive links through the pool).
//
// Each side is a BookSide (book_side.hpp): the levels near the touch in a
// short sorted vector with the best at the back, where almost all activity
// happens and costs what a plain sorted vector costs; the levels behind them
// in sorted blocks under a sorted index, so a level anywhere is found,
// inserted and removed in O(log n) plus a bounded shift, and a sweep costs
// O(1) per level. In steady state nothing allocates.
//
// Bounds (docs/semantics.md#bounds): an order holds at most kMaxOrderLots
// (2^53) lots and a level at most kMaxLevelLots (2^62); add() and amend()
// refuse what would take a level past that. Every sum the book keeps then
// stays below 2^63 and cannot wrap: a level's total plus one more order, and
// crossing()'s running total (below 2^53 before it adds one level).
#pragma once

#include <cstdint>
#include <limits>

#include "sigmax/detail/book_side.hpp"
#include "sigmax/detail/order_pool.hpp"
#include "sigmax/price_scale.hpp"
#include "sigmax/types.hpp"

namespace sigmax {

inline constexpr std::int64_t kMaxLevelLots = std::int64_t{1} << 62;
static_assert(kMaxLevelLots <= std::numeric_limits<std::int64_t>::max() - kMaxOrderLots,
              "a level total plus one order's lots must fit int64");

class OrderBook {
public:
    explicit OrderBook(Scale scale) : scale_(scale) {}

    const Scale& scale() const noexcept { return scale_; }
    void set_scale(Scale s) noexcept { scale_ = s; }
    // The lowest limit price (ticks) the integer API accepts on this book:
    // 1 unless Engine::set_min_price lowered it (zero and negative prices).
    std::int64_t min_price() const noexcept { return min_price_; }
    void set_min_price(std::int64_t ticks) noexcept { min_price_ = ticks; }
    std::size_t resting_orders() const noexcept { return resting_; }

    // The levels of a side: empty(), back() (the best), find(price),
    // each_best_first(f).
    BookSide& levels(Side s) noexcept { return sides_[idx(s)]; }
    const BookSide& levels(Side s) const noexcept { return sides_[idx(s)]; }

    // True when `a` is a better price than `b` for side s (higher bid, lower ask).
    static bool better(Side s, std::int64_t a, std::int64_t b) noexcept {
        return better_price(s, a, b);
    }

    // Room for one more level on side s: grows now if needed (strong
    // guarantee), so that an add() after it cannot fail.
    void reserve_level(Side s) { sides_[idx(s)].reserve_level(); }

    // Appends pool[i] to the back of its level (creating the level). False,
    // and nothing changes, when the level would pass kMaxLevelLots.
    [[nodiscard]] bool add(OrderIndex i, OrderPool& pool);
    // Unlinks pool[i] from its level (dropping the level if it empties).
    void remove(OrderIndex i, OrderPool& pool) noexcept;
    // Unlinks the head order of the best level of side s, which the matcher
    // has just filled completely; cheaper than remove().
    void pop_best_head(Side s, OrderPool& pool) noexcept;
    // True when the level of side s at `price` (existing or not) can take
    // `lots` more without passing kMaxLevelLots.
    bool room_for(Side s, std::int64_t price, std::int64_t lots) const noexcept;
    // Changes pool[i].open to new_open. A decrease keeps the order's place in
    // its level; an increase moves it to the back. False, and nothing
    // changes, when an increase would take the level past kMaxLevelLots.
    [[nodiscard]] bool amend(OrderIndex i, std::int64_t new_open, OrderPool& pool) noexcept;

    // What an order of the other side with limit `limit` (any price if
    // market) would trade with on side `resting`, walking levels best first
    // until `needed` lots are reached: their open lots, and the orders of
    // those levels (a bound on the fills it makes).
    struct Crossing {
        std::int64_t lots;
        std::size_t orders;
    };
    Crossing crossing(Side resting, bool market, std::int64_t limit, std::int64_t needed) const noexcept;
    std::int64_t crossing_lots(Side resting, bool market, std::int64_t limit, std::int64_t needed) const noexcept {
        return crossing(resting, market, limit, needed).lots;
    }

    TopOfBook top() const noexcept;
    // Passes side s's first `max` levels, best first, to put(i, level);
    // returns how many (at most the levels it has, whatever `max` is).
    template <class Put>
    std::size_t each_level(Side s, std::size_t max, Put&& put) const {
        std::size_t n = 0;
        if (max == 0) return 0;
        sides_[idx(s)].each_best_first([&](const PriceLevel& l) {
            put(n, LevelView{ticks_to_price(l.price, scale_), lots_to_quantity(l.lots, scale_), l.count});
            return ++n < max;
        });
        return n;
    }

private:
    static std::size_t idx(Side s) noexcept { return static_cast<std::size_t>(s); }
    // Whether a level holding level_lots can take `lots` more within
    // kMaxLevelLots (lots <= kMaxOrderLots: the subtraction cannot wrap).
    static bool has_room(std::int64_t level_lots, std::int64_t lots) noexcept {
        return level_lots <= kMaxLevelLots - lots;
    }
    void unlink(PriceLevel& level, OrderIndex i, OrderPool& pool) noexcept;
    // The opposite of unlink(): pool[i] becomes the newest order of `level`.
    void link_at_back(PriceLevel& level, OrderIndex i, OrderPool& pool) noexcept;

    Scale scale_;
    std::int64_t min_price_ = 1;
    BookSide sides_[2] = {BookSide(Side::Buy), BookSide(Side::Sell)};
    std::size_t resting_ = 0;
};

}  // namespace sigmax
