#include "sigmax/venue/l3_exchange.hpp"

#include <algorithm>
#include <new>

#include "sigmax/detail/level_search.hpp"
#include "sigmax/price_scale.hpp"

namespace sigmax::venue {

namespace {

bool valid_side(Side s) noexcept { return s == Side::Buy || s == Side::Sell; }

// FILL with NO_BOOK_CHANGE: the book does not move; the feed's CANCEL or MODIFY follows.
bool no_book_change(const md::Event& e) noexcept {
    return e.kind == SGX_MD_FILL && (e.flags & SGX_MD_F_NO_BOOK_CHANGE) != 0;
}

}  // namespace

L3Exchange::L3Exchange(std::uint32_t symbol, std::size_t expected_orders)
    : book_(symbol, expected_orders), real_(expected_orders) {}

Status L3Exchange::apply(const md::Event& e, std::vector<PassiveFill>& out) {
    out.clear();
    if (e.symbol != book_.symbol()) return Status::Ok;
    try {
        // All the room this event can need, before anything changes: a new
        // real order's entry and one fill per user order.
        real_.reserve_more(1);
        out.reserve(users_.size());
    } catch (const std::bad_alloc&) {
        return Status::NoMemory;
    }
    const bool clears_bids = (e.kind == SGX_MD_CLEAR && (e.side == SGX_SIDE_BUY || e.side == SGX_MD_SIDE_NONE)) ||
                             e.kind == SGX_MD_SNAPSHOT_BEGIN;
    const bool clears_asks = (e.kind == SGX_MD_CLEAR && (e.side == SGX_SIDE_SELL || e.side == SGX_MD_SIDE_NONE)) ||
                             e.kind == SGX_MD_SNAPSHOT_BEGIN;
    switch (e.kind) {
    case SGX_MD_ADD: case SGX_MD_CANCEL: case SGX_MD_MODIFY: case SGX_MD_FILL: {
        const md::BookChecks checks_before = checks_;  // the book counts the event before it may throw
        try {
            apply_order_event(e);
        } catch (const std::bad_alloc&) {  // from the book, before anything else changed
            checks_ = checks_before;
            for (UserOrder& u : users_) u.pending = 0;
            return Status::NoMemory;
        }
        break;
    }
    default:
        // The orders a CLEAR or SNAPSHOT_BEGIN removes are forgotten first,
        // while the book can still name them.
        if (clears_bids) forget_side(Side::Buy);
        if (clears_asks) forget_side(Side::Sell);
        book_.apply(e, checks_);  // CLEAR and the marks allocate nothing; LEVEL/TRADE/BBO are ignored
        break;
    }
    mark_crossed();
    emit(out);
    return Status::Ok;
}

void L3Exchange::apply_order_event(const md::Event& e) {
    md::L3Book::OrderView before{};
    const bool was = book_.find_order(e.order_id, before);
    RealOrderTable::Entry* entry = was ? real_.find(e.order_id) : nullptr;  // every resting order has one
    const std::int64_t seq0 = entry ? entry->seq : 0;
    const std::int64_t hidden0 = entry ? entry->hidden : 0;

    if (e.kind == SGX_MD_FILL && was && e.quantity > 0 && e.quantity <= kMaxOrderLots) {
        // The hidden lots were the user's already; the market part m is what
        // the market traded beyond them.
        const std::int64_t h = std::min(hidden0, e.quantity);
        const std::int64_t m = e.quantity - h;
        if (m > 0) mark_fill(before.side, before.price, seq0, m);
        if (no_book_change(e)) {
            // The book does not move and the hidden lots stay: the CANCEL or
            // MODIFY that follows reduces r and uses them up then. (Using
            // them here would show them again until that event.)
            book_.apply(e, checks_);  // counted as ignored
            return;
        }
    }

    book_.apply(e, checks_);  // may throw std::bad_alloc (an ADD, a MODIFY) before changing anything

    md::L3Book::OrderView after{};
    const bool is = book_.find_order(e.order_id, after);
    if (!was) {
        if (is) real_.put(e.order_id, next_seq_++);  // a new arrival: behind every user order
        return;
    }
    const std::int64_t visible0 = before.lots - hidden0;
    if (!is) {  // r left: its visible lots no longer count, its hidden lots are dropped
        shift_ahead(before.side, before.price, seq0, -visible0);
        add_level_hidden(before.side, before.price, -hidden0);
        real_.erase(e.order_id);
        return;
    }
    if (after.side != before.side || after.price != before.price || after.lots > before.lots) {
        // Sent to the back (or elsewhere): behind every user order now; a new
        // arrival, so its hidden lots are dropped.
        shift_ahead(before.side, before.price, seq0, -visible0);
        add_level_hidden(before.side, before.price, -hidden0);
        entry->hidden = 0;
        entry->seq = next_seq_++;
        return;
    }
    if (after.lots < before.lots) {  // kept its place: the reduction uses up hidden lots first
        const std::int64_t used = std::min(hidden0, before.lots - after.lots);
        entry->hidden = hidden0 - used;
        add_level_hidden(before.side, before.price, -used);
        const std::int64_t visible1 = after.lots - entry->hidden;
        shift_ahead(before.side, before.price, seq0, visible1 - visible0);
    }
}

void L3Exchange::forget_side(Side s) noexcept {
    book_.each_order(s, [&](const md::L3Book::OrderView& o) {
        real_.erase(o.id);
        return true;
    });
    std::erase_if(hidden_levels_, [s](const HiddenLevel& l) { return l.side == s; });
    for (UserOrder& u : users_)
        if (u.side == s) u.ahead = 0;
}

void L3Exchange::shift_ahead(Side s, std::int64_t price, std::int64_t seq, std::int64_t delta) noexcept {
    if (delta == 0) return;
    for (UserOrder& u : users_)
        if (u.side == s && u.price == price && u.seq > seq) u.ahead += delta;
}

void L3Exchange::mark_fill(Side s, std::int64_t price, std::int64_t seq, std::int64_t m) noexcept {
    for (UserOrder& u : users_) {
        if (u.side != s) continue;
        if (better_price(s, u.price, price)) {
            u.pending = kWholeOrder;  // traded through: u would have traded first
        } else if (u.price == price && u.seq < seq && u.pending != kWholeOrder) {
            u.pending = m;  // r was behind u
        }
    }
}

void L3Exchange::mark_crossed() noexcept {
    if (users_.empty()) return;
    const md::Quote q = visible_best();
    for (UserOrder& u : users_) {
        const bool crossed = u.side == Side::Buy ? q.has_ask && u.price >= q.ask_price
                                                 : q.has_bid && u.price <= q.bid_price;
        if (crossed) u.pending = kWholeOrder;
    }
}

void L3Exchange::emit(std::vector<PassiveFill>& out) {
    order_scratch_.clear();  // capacity >= users_.size(): no allocation
    for (std::uint32_t i = 0; i < users_.size(); ++i)
        if (users_[i].pending != 0) order_scratch_.push_back(i);
    std::sort(order_scratch_.begin(), order_scratch_.end(), [&](std::uint32_t a, std::uint32_t b) {
        const UserOrder& x = users_[a];
        const UserOrder& y = users_[b];
        if (x.side != y.side) return x.side == Side::Buy;
        if (x.price != y.price) return better_price(x.side, x.price, y.price);
        return x.seq < y.seq;
    });
    for (const std::uint32_t i : order_scratch_) {
        out.push_back(PassiveFill{users_[i].key, users_[i].price, users_[i].pending});  // reserved in apply()
        users_[i].pending = 0;
    }
}

void L3Exchange::add_level_hidden(Side s, std::int64_t price, std::int64_t delta) noexcept {
    if (delta == 0) return;
    for (std::size_t i = 0; i < hidden_levels_.size(); ++i) {
        HiddenLevel& l = hidden_levels_[i];
        if (l.side != s || l.price != price) continue;
        l.lots += delta;
        if (l.lots == 0) {
            hidden_levels_[i] = hidden_levels_.back();
            hidden_levels_.pop_back();
        }
        return;
    }
    hidden_levels_.push_back(HiddenLevel{price, delta, s});  // delta > 0 here; take() reserved the room
}

std::int64_t L3Exchange::hidden_at(Side s, std::int64_t price) const noexcept {
    for (const HiddenLevel& l : hidden_levels_)
        if (l.side == s && l.price == price) return l.lots;
    return 0;
}

std::int64_t L3Exchange::hidden_of(std::uint64_t order_id) const noexcept {
    const RealOrderTable::Entry* entry = real_.find(order_id);
    return entry ? entry->hidden : 0;
}

std::int64_t L3Exchange::real_seq(std::uint64_t order_id) const noexcept {
    const RealOrderTable::Entry* entry = real_.find(order_id);
    return entry ? entry->seq : 0;
}

std::int64_t L3Exchange::user_seq(std::int64_t key) const noexcept {
    const UserOrder* u = user(key);
    return u ? u->seq : 0;
}

L3Exchange::UserOrder* L3Exchange::user(std::int64_t key) noexcept {
    for (UserOrder& u : users_)
        if (u.key == key) return &u;
    return nullptr;
}

const L3Exchange::UserOrder* L3Exchange::user(std::int64_t key) const noexcept {
    for (const UserOrder& u : users_)
        if (u.key == key) return &u;
    return nullptr;
}

Status L3Exchange::rest(std::int64_t key, Side side, std::int64_t price, std::int64_t leaves, std::int64_t& ahead) {
    if (!valid_side(side)) return Status::InvalidSide;
    if (leaves <= 0 || leaves > kMaxOrderLots) return Status::InvalidQuantity;
    if (user(key)) return Status::DuplicateOrderId;
    try {
        users_.reserve(users_.size() + 1);
        order_scratch_.reserve(users_.size() + 1);
    } catch (const std::bad_alloc&) {
        return Status::NoMemory;
    }
    ahead = visible_lots_at(side, price);  // every real order there is older
    users_.push_back(UserOrder{key, price, leaves, next_seq_++, ahead, 0, side});
    return Status::Ok;
}

Status L3Exchange::remove(std::int64_t key) noexcept {
    const auto it = std::find_if(users_.begin(), users_.end(), [key](const UserOrder& u) { return u.key == key; });
    if (it == users_.end()) return Status::NotFound;
    users_.erase(it);
    return Status::Ok;
}

Status L3Exchange::reduce(std::int64_t key, std::int64_t lots) noexcept {
    UserOrder* u = user(key);
    if (!u) return Status::NotFound;
    if (lots <= 0 || lots >= u->leaves) return Status::InvalidQuantity;
    u->leaves -= lots;
    return Status::Ok;
}

Status L3Exchange::ahead(std::int64_t key, std::int64_t& out) const noexcept {
    const UserOrder* u = user(key);
    if (!u) return Status::NotFound;
    out = u->ahead;
    return Status::Ok;
}

Status L3Exchange::leaves(std::int64_t key, std::int64_t& out) const noexcept {
    const UserOrder* u = user(key);
    if (!u) return Status::NotFound;
    out = u->leaves;
    return Status::Ok;
}

Status L3Exchange::take(Side taker, std::optional<std::int64_t> limit, std::int64_t lots, bool fok,
                        bool whole_at_best, std::vector<TakerFill>& out, std::int64_t& filled) {
    out.clear();
    filled = 0;
    if (!valid_side(taker)) return Status::InvalidSide;
    if (lots <= 0 || lots > kMaxOrderLots) return Status::InvalidQuantity;
    const Side resting = opposite(taker);
    const auto within = [&](std::int64_t price) {
        return !limit || (taker == Side::Buy ? price <= *limit : price >= *limit);
    };

    // First pass, changing nothing: the visible lots within the limit (up
    // to `lots`), the best visible price, and the levels the walk reaches.
    std::int64_t available = 0;
    std::size_t levels = 0;
    std::optional<std::int64_t> best;
    book_.each_level(resting, [&](const md::BookLevel& l) {
        if (!within(l.price)) return false;
        const std::int64_t visible = visible_of(l, resting);
        if (visible <= 0) return true;
        if (!best) best = l.price;
        available += std::min(visible, lots - available);
        ++levels;
        return available < lots;
    });
    if (!best) return Status::Ok;
    if (fok && available < lots) return Status::Ok;
    try {
        out.reserve(levels);
        hidden_levels_.reserve(hidden_levels_.size() + levels);  // every walked level may gain a hidden total
    } catch (const std::bad_alloc&) {
        return Status::NoMemory;
    }

    // The walk: every real order touched already has its entry in real_, so
    // nothing below allocates.
    std::int64_t remaining = lots;
    book_.each_level(resting, [&](const md::BookLevel& l) {
        if (!within(l.price)) return false;
        if (visible_of(l, resting) <= 0) return true;
        std::int64_t taken = 0;
        book_.each_order_at(resting, l.price, [&](const md::L3Book::OrderView& o) {
            RealOrderTable::Entry* entry = real_.find(o.id);
            const std::int64_t t = std::min(o.lots - entry->hidden, remaining);
            if (t > 0) {
                entry->hidden += t;
                shift_ahead(resting, l.price, entry->seq, -t);
                taken += t;
                remaining -= t;
            }
            return remaining > 0;
        });
        add_level_hidden(resting, l.price, taken);
        if (!whole_at_best) out.push_back(TakerFill{l.price, taken});
        return remaining > 0;
    });
    if (whole_at_best) {
        out.push_back(TakerFill{*best, lots});
        filled = lots;
    } else {
        filled = lots - remaining;
    }
    return Status::Ok;
}

md::Quote L3Exchange::visible_best() const noexcept {
    md::Quote q{};
    const auto first_visible = [&](Side s, std::uint8_t& has, std::int64_t& price, std::int64_t& lots) {
        book_.each_level(s, [&](const md::BookLevel& l) {
            const std::int64_t visible = visible_of(l, s);
            if (visible <= 0) return true;
            has = 1;
            price = l.price;
            lots = visible;
            return false;
        });
    };
    first_visible(Side::Buy, q.has_bid, q.bid_price, q.bid_quantity);
    first_visible(Side::Sell, q.has_ask, q.ask_price, q.ask_quantity);
    return q;
}

std::int64_t L3Exchange::visible_lots_at(Side s, std::int64_t price) const noexcept {
    return book_.quantity_at(s, price) - hidden_at(s, price);
}

std::size_t L3Exchange::visible_depth(Side s, std::span<md::BookLevel> out) const noexcept {
    std::size_t n = 0;
    if (out.empty()) return 0;
    book_.each_level(s, [&](const md::BookLevel& l) {
        const std::int64_t visible = visible_of(l, s);
        if (visible <= 0) return true;
        out[n] = md::BookLevel{l.price, visible, l.order_count};
        return ++n < out.size();
    });
    return n;
}

}  // namespace sigmax::venue
