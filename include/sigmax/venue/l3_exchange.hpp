// The exchange side of one symbol of the simulated venue in L3 mode (exact
// queues; docs/venue.md, "Exact queues"). It owns an
// md::L3Book fed with the recorded events in exchange order, and places the
// user's resting orders among the real ones by arrival sequence, without
// inserting them into the book: the replay stays exactly as recorded.
//
// Sequence: one counter per object (starting at 1) stamps every real order
// when it starts resting (ADD, a MODIFY of an id that did not rest) and
// again when a MODIFY sends it to the back (a size increase, or a new price
// or side); a user order gets the next value when it rests.
//
// Hidden lots (the consumed-liquidity rule): the lots a user taker took from
// real order r stay in the book but are invisible. visible(r) = open(r) -
// hidden(r); every query here (best, lots at a price, depth, the levels a
// taker walks, a new user order's ahead) counts visible lots only. A
// recorded reduction of r (CANCEL, FILL, MODIFY down) uses up hidden lots
// first; when r leaves the book its hidden lots are dropped.
//
// ahead(u) = sum of visible(r) over the real orders r on u's side and price
// with seq(r) < seq(u). It is maintained incrementally and is exactly that
// sum after every call. A CLEAR of u's side makes it 0.
//
// Rules where the specification is silent (the Python twin, _pure_l3.py,
// follows the same ones):
//  - A MODIFY that sends r to the back (size up, or new price/side) drops
//    its hidden lots, as an order leaving: it is a new arrival.
//  - A FILL names the order; its side and price are taken from the book
//    (the resting order), not from the event. A FILL of an id that does not
//    rest, or of quantity <= 0 or > 2^53 (which the book refuses), fills no
//    user order and changes no hidden lots.
//  - A FILL changing the book uses up hidden lots once: h = min(hidden, q).
//    A FILL flagged NO_BOOK_CHANGE computes the market part the same way
//    (m = q - min(hidden, q)) but leaves the hidden lots as they are: the
//    recording's CANCEL or MODIFY that follows reduces r and uses them up.
//  - Each user order appears at most once in one apply()'s fills; a whole
//    fill (-1) wins over a market part m. Fills come sorted by side (buys
//    first), then price best first for that side, then user seq.
//  - Best crossing is checked after every event (any kind), against the
//    visible best of the opposite side: a user buy at >= the visible best
//    ask, a user sell at <= the visible best bid, is filled whole (-1).
//  - Several user orders behind one FILL each get lots = m (the caller's
//    fill model turns it into whole or min(m, leaves) per order).
//  - visible_depth's order_count is the level's count of real orders.
//  - take(fok) checks the visible lots whether or not whole_at_best is set.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "sigmax/market/l3_book.hpp"
#include "sigmax/types.hpp"
#include "sigmax/venue/real_order_table.hpp"

namespace sigmax::venue {

// lots of a PassiveFill that fills the user order whole (trade-through, crossing).
inline constexpr std::int64_t kWholeOrder = -1;

struct PassiveFill {
    std::int64_t key;    // the caller's key of the user order
    std::int64_t price;  // the user order's price (ticks)
    std::int64_t lots;   // m (the market part of a FILL behind it) or kWholeOrder
    friend bool operator==(const PassiveFill&, const PassiveFill&) = default;
};

struct TakerFill {
    std::int64_t price;  // one level walked
    std::int64_t lots;   // lots taken at it
    friend bool operator==(const TakerFill&, const TakerFill&) = default;
};

class L3Exchange {
public:
    explicit L3Exchange(std::uint32_t symbol = 0, std::size_t expected_orders = 256);

    // Applies one recorded event of this symbol (events of another symbol
    // are ignored) and puts the passive fills it causes in `out` (cleared
    // first). Filled user orders stay: the caller reduces or removes them.
    // NoMemory: nothing changed (out is empty).
    Status apply(const md::Event& e, std::vector<PassiveFill>& out);

    // A user order joins the back of its level; `ahead` = the level's visible
    // lots. InvalidSide, InvalidQuantity (leaves outside 1..2^53),
    // DuplicateOrderId (key rests already), NoMemory.
    Status rest(std::int64_t key, Side side, std::int64_t price, std::int64_t leaves, std::int64_t& ahead);
    // NotFound if key does not rest.
    Status remove(std::int64_t key) noexcept;
    // leaves -= lots after a partial fill: NotFound; InvalidQuantity unless 0 < lots < leaves.
    Status reduce(std::int64_t key, std::int64_t lots) noexcept;
    Status ahead(std::int64_t key, std::int64_t& out) const noexcept;
    Status leaves(std::int64_t key, std::int64_t& out) const noexcept;

    // A user taker on side `taker` (limit: none for a market order) takes
    // visible liquidity of the opposite side, levels best first (while
    // price <= limit for a buy, >= for a sell), each level's real orders in
    // queue order, min(visible(r), remaining) from each; what it takes
    // becomes hidden. out: one fill per level (cleared first); `filled` =
    // their sum. fok: takes nothing unless the visible lots within the limit
    // cover `lots`. whole_at_best: one fill of all `lots` at the best
    // visible price within the limit (none if there is none), hiding as the
    // walk would, up to what is visible. InvalidSide, InvalidQuantity (lots
    // outside 1..2^53), NoMemory (nothing changed).
    Status take(Side taker, std::optional<std::int64_t> limit, std::int64_t lots, bool fok, bool whole_at_best,
                std::vector<TakerFill>& out, std::int64_t& filled);

    // Visible lots (real - hidden) only; a level with none is no level.
    md::Quote visible_best() const noexcept;
    std::int64_t visible_lots_at(Side s, std::int64_t price) const noexcept;
    std::size_t visible_depth(Side s, std::span<md::BookLevel> out) const noexcept;

    const md::BookChecks& checks() const noexcept { return checks_; }
    const md::L3Book& book() const noexcept { return book_; }
    std::uint32_t symbol() const noexcept { return book_.symbol(); }
    // Hidden lots of real order `order_id` (0 if none or not resting), and of a level.
    std::int64_t hidden_of(std::uint64_t order_id) const noexcept;
    std::int64_t hidden_at(Side s, std::int64_t price) const noexcept;
    std::size_t user_orders() const noexcept { return users_.size(); }
    // Arrival sequences (for tests of the ahead invariant): of a resting real
    // order, and of a user order; 0 if none.
    std::int64_t real_seq(std::uint64_t order_id) const noexcept;
    std::int64_t user_seq(std::int64_t key) const noexcept;

private:
    struct UserOrder {
        std::int64_t key;
        std::int64_t price;
        std::int64_t leaves;
        std::int64_t seq;
        std::int64_t ahead;
        std::int64_t pending;  // this apply()'s fill: 0 none, m, or kWholeOrder
        Side side;
    };
    struct HiddenLevel {
        std::int64_t price;
        std::int64_t lots;  // sum of the hidden lots of its orders, > 0
        Side side;
    };

    void apply_order_event(const md::Event& e);
    void forget_side(Side s) noexcept;
    // ahead += delta for the user orders at (s, price) younger than seq.
    void shift_ahead(Side s, std::int64_t price, std::int64_t seq, std::int64_t delta) noexcept;
    // The user orders on side s that a market fill of m lots of an order
    // with `seq` at `price` reaches.
    void mark_fill(Side s, std::int64_t price, std::int64_t seq, std::int64_t m) noexcept;
    void mark_crossed() noexcept;
    void emit(std::vector<PassiveFill>& out);
    // Adds delta to the hidden total of (s, price); a new level needs room
    // in hidden_levels_ (take() reserves it).
    void add_level_hidden(Side s, std::int64_t price, std::int64_t delta) noexcept;
    std::int64_t visible_of(const md::BookLevel& l, Side s) const noexcept {
        return static_cast<std::int64_t>(l.quantity) - hidden_at(s, l.price);
    }
    UserOrder* user(std::int64_t key) noexcept;
    const UserOrder* user(std::int64_t key) const noexcept;

    md::L3Book book_;
    md::BookChecks checks_{};
    RealOrderTable real_;
    std::vector<UserOrder> users_;
    std::vector<HiddenLevel> hidden_levels_;
    std::vector<std::uint32_t> order_scratch_;  // emit()'s sort, capacity >= users_.size()
    std::int64_t next_seq_ = 1;
};

}  // namespace sigmax::venue
