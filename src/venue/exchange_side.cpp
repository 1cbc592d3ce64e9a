// The exchange side (docs/venue.md, "The exchange side"): requests arriving
// at their arrival time, market data in exch_ts order, the user's resting
// orders filled by trades, by their queue estimate and by the book crossing
// them. Every state change sends a response carrying the whole order.
// Book model L3 (docs/venue.md, "Exact queues"): the symbol's L3Exchange replaces the L2
// book and the queue model; its visible book decides crossing and serves
// the user's taker orders, its FILL events the passive fills.
#include <algorithm>
#include <new>
#include <optional>

#include "venue_impl.hpp"

namespace sigmax::venue {

namespace {

std::size_t side_index(Side s) noexcept { return static_cast<std::size_t>(s); }

// a is a better price than b for side s (buy: higher, sell: lower).
bool better(Side s, std::int64_t a, std::int64_t b) noexcept { return s == Side::Buy ? a > b : a < b; }

// The first resting order of side s at a price not better than `price`.
std::size_t first_at_or_worse(const std::vector<ExchOrder>& v, Side s, std::int64_t price) noexcept {
    std::size_t lo = 0, hi = v.size();
    while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        if (better(s, v[mid].snap.price, price)) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

// A limit of side s reaches the opposite price `price` (buy: price <= limit).
bool reaches(Side s, std::int64_t limit, std::int64_t price) noexcept {
    return s == Side::Buy ? price <= limit : price >= limit;
}

// The L3 component reports allocation failure as a status with nothing
// changed; here it becomes the exception the scheduler turns into NO_MEMORY.
// Its other refusals cannot happen for the calls the venue makes.
void must(Status st) {
    if (st == Status::NoMemory) throw std::bad_alloc();
}

// The exchange's queue estimate of a resting order: the L3 component's exact
// ahead, or the L2 queue model's front.
double front_of(const SymbolState& s, const ExchOrder& e) noexcept {
    if (!s.l3) return e.queue.front;
    std::int64_t ahead = 0;
    return s.l3->ahead(e.snap.order_id, ahead) == Status::Ok ? static_cast<double>(ahead) : 0.0;
}

}  // namespace

void Venue::Impl::respond(SymbolState& s, const Order& snap, ResponseKind kind, std::int64_t exch_ts, bool answers,
                          std::int32_t reject_reason, std::int64_t fill_price, std::int64_t fill_lots, bool maker) {
    std::int64_t lat = latency.response(exch_ts, feed());
    if (lat < 0) lat = 0;  // differs from the reference, which asserts
    std::int64_t recv = add_clamped(exch_ts, lat);
    if (recv < last_recv) recv = last_recv;  // FIFO channel
    last_recv = recv;
    Response r;
    r.recv_ts = recv;
    r.exch_ts = exch_ts;
    r.snapshot = snap;
    r.snapshot.exch_ts = exch_ts;
    r.fill_price = fill_price;
    r.fill_lots = fill_lots;
    r.symbol = index_of(s);
    r.reject_reason = reject_reason;
    r.kind = kind;
    r.answers_request = answers;
    r.maker = maker;
    responses.push(r);
}

namespace {

// One fill of order o (not necessarily resting): its state, then the response.
void fill(Venue::Impl& v, SymbolState& s, Order& o, double queue_front, std::int64_t price, std::int64_t lots,
          bool maker, std::int64_t ts, bool in_request) {
    const std::int64_t before = o.executed;
    o.executed = before + lots;
    o.leaves -= lots;
    o.avg_price = (o.avg_price * static_cast<double>(before) + static_cast<double>(price) * static_cast<double>(lots)) /
                  static_cast<double>(o.executed);
    o.exec_price = price;
    o.last_fill = lots;
    o.maker = maker ? 1 : 0;
    o.status = o.leaves == 0 ? SGX_VORD_FILLED : SGX_VORD_PARTIALLY_FILLED;
    o.queue_ahead = queue_front;
    // A fill that closes the order is its final response.
    v.respond(s, o, ResponseKind::Execution, ts, in_request && o.leaves == 0, 0, price, lots, maker);
}

// The order's final state for its request: EXPIRED (nothing more rests).
void expire(Venue::Impl& v, SymbolState& s, Order& o, std::int64_t ts) {
    o.status = SGX_VORD_EXPIRED;
    o.leaves = 0;
    v.respond(s, o, ResponseKind::Update, ts, true);
}

// Puts o at the back of its price's user queue, the queue estimate starting
// at the book's lots there; answers the request.
void rest(Venue::Impl& v, SymbolState& s, Order& o, std::int64_t ts) {
    const Side side = static_cast<Side>(o.side);
    std::vector<ExchOrder>& book = s.resting[side_index(side)];
    ExchOrder e;
    if (s.l3) {
        book.reserve(book.size() + 1);  // before the component changes
        std::int64_t ahead = 0;
        must(s.l3->rest(o.order_id, side, o.price, o.leaves, ahead));
        e.queue.front = static_cast<double>(ahead);
    } else {
        e.queue.front = static_cast<double>(s.exch_book.quantity_at(side, o.price));
    }
    e.arrival_seq = ++v.arrival_seq;
    o.status = o.executed == 0 ? SGX_VORD_NEW : SGX_VORD_PARTIALLY_FILLED;
    o.queue_ahead = e.queue.front;
    e.snap = o;
    // After every order at the same price (they arrived earlier).
    std::size_t pos = first_at_or_worse(book, side, o.price);
    while (pos < book.size() && book[pos].snap.price == o.price) ++pos;
    book.insert(book.begin() + static_cast<std::ptrdiff_t>(pos), e);
    v.respond(s, o, ResponseKind::Update, ts, true);
}

// L3 mode, a crossing order: it takes the visible liquidity (hiding what it
// takes). Partial: one fill per level, FOK all or nothing; NoPartial: one
// fill of all its lots at the best visible price. The rest: GTC rests,
// others expire.
void take_l3(Venue::Impl& v, SymbolState& s, Order& o, std::int64_t ts, bool market) {
    const bool whole = s.fill_model == SGX_FILL_NO_PARTIAL;
    const bool fok = !whole && o.tif == static_cast<std::uint8_t>(TimeInForce::FOK);
    const std::optional<std::int64_t> limit = market ? std::nullopt : std::optional<std::int64_t>(o.price);
    std::int64_t filled = 0;
    must(s.l3->take(static_cast<Side>(o.side), limit, o.leaves, fok, whole, v.taken, filled));
    for (const TakerFill& f : v.taken) fill(v, s, o, 0.0, f.price, f.lots, false, ts, true);
    if (o.leaves == 0) return;
    if (!market && o.tif == static_cast<std::uint8_t>(TimeInForce::GTC)) rest(v, s, o, ts);
    else expire(v, s, o, ts);
}

// Copies into v.levels the opposite levels a partial-fill taker can use,
// best first, and returns how many: those within its limit (all for a market
// order), stopping once their lots cover its open lots. Fetched in doubling
// chunks, so a taker reads the few levels it needs, not the whole side.
std::size_t reachable_levels(Venue::Impl& v, const SymbolState& s, const Order& o, bool market) {
    const Side side = static_cast<Side>(o.side);
    const Side opp = opposite(side);
    const std::size_t total = s.exch_book.level_count(opp);
    std::size_t want = std::min<std::size_t>(total, 64);
    for (;;) {
        if (v.levels.size() < want) v.levels.resize(want);
        const std::size_t n = s.exch_book.depth(opp, std::span<md::BookLevel>(v.levels.data(), want));
        std::size_t reach = 0;
        std::int64_t lots = 0;
        while (reach < n && lots < o.leaves && (market || reaches(side, o.price, v.levels[reach].price)))
            lots += v.levels[reach++].quantity;
        if (reach < n || n >= total || lots >= o.leaves) return reach;
        want = std::min(total, want * 2);
    }
}

// A limit or market order meeting the book at exchange time ts (a NEW, or a
// MODIFY that left its place): taker fills by the fill model, then rest or expire.
void execute(Venue::Impl& v, SymbolState& s, Order& o, std::int64_t ts) {
    const Side side = static_cast<Side>(o.side);
    const md::Quote best = s.l3 ? s.l3->visible_best() : s.exch_book.best();
    const bool has_opp = side == Side::Buy ? best.has_ask != 0 : best.has_bid != 0;
    const std::int64_t opp_best = side == Side::Buy ? best.ask_price : best.bid_price;
    const bool market = o.type == static_cast<std::uint8_t>(OrderType::Market);
    const bool crossing = has_opp && (market || reaches(side, o.price, opp_best));
    if (!crossing) {
        if (market || o.tif == static_cast<std::uint8_t>(TimeInForce::IOC) ||
            o.tif == static_cast<std::uint8_t>(TimeInForce::FOK))
            expire(v, s, o, ts);
        else
            rest(v, s, o, ts);
        return;
    }
    if (!market && o.tif == static_cast<std::uint8_t>(TimeInForce::PostOnly)) {
        expire(v, s, o, ts);
        return;
    }
    if (s.l3) {
        take_l3(v, s, o, ts, market);
        return;
    }
    if (s.fill_model == SGX_FILL_NO_PARTIAL) {
        fill(v, s, o, 0.0, opp_best, o.leaves, false, ts, true);
        return;
    }
    // Partial: walk the opposite levels best first while they cross the limit.
    const std::size_t reach = reachable_levels(v, s, o, market);
    if (o.tif == static_cast<std::uint8_t>(TimeInForce::FOK)) {
        std::int64_t available = 0;
        for (std::size_t i = 0; i < reach && available < o.leaves; ++i) available += v.levels[i].quantity;
        if (available < o.leaves) {
            expire(v, s, o, ts);
            return;
        }
    }
    for (std::size_t i = 0; i < reach && o.leaves > 0; ++i)
        fill(v, s, o, 0.0, v.levels[i].price, std::min(v.levels[i].quantity, o.leaves), false, ts, true);
    if (o.leaves == 0) return;
    if (!market && o.tif == static_cast<std::uint8_t>(TimeInForce::GTC)) rest(v, s, o, ts);
    else expire(v, s, o, ts);
}

void reject(Venue::Impl& v, SymbolState& s, std::int64_t order_id, std::int64_t ts, Status why) {
    Order o{};
    o.order_id = order_id;
    o.symbol = s.id;
    v.respond(s, o, ResponseKind::RejectRequest, ts, true, static_cast<std::int32_t>(why));
}

std::size_t find_resting(const std::vector<ExchOrder>& v, std::int64_t id) noexcept {
    for (std::size_t i = 0; i < v.size(); ++i)
        if (v[i].snap.order_id == id) return i;
    return v.size();
}

// Fills resting order book[i] whole at its own price as maker and removes it.
void fill_whole(Venue::Impl& v, SymbolState& s, std::vector<ExchOrder>& book, std::size_t i, std::int64_t ts) {
    ExchOrder& e = book[i];
    const std::int64_t id = e.snap.order_id;
    fill(v, s, e.snap, front_of(s, e), e.snap.price, e.snap.leaves, true, ts, false);
    book.erase(book.begin() + static_cast<std::ptrdiff_t>(i));
    if (s.l3) s.l3->remove(id);
}

// The book's best on side `improved` became `best`: the user's opposite
// orders it reaches are filled whole at their own price (maker).
void cross_resting(Venue::Impl& v, SymbolState& s, Side improved, std::int64_t best, std::int64_t ts) {
    const Side filled = opposite(improved);
    std::vector<ExchOrder>& book = s.resting[side_index(filled)];
    // Sells at price <= best bid, buys at price >= best ask: from the front.
    while (!book.empty() && !better(filled, best, book.front().snap.price)) fill_whole(v, s, book, 0, ts);
}

// A trade of q lots at p whose aggressor is `aggressor`: the user's opposite
// orders through p fill whole; those at p advance in their queue.
void trade(Venue::Impl& v, SymbolState& s, Side aggressor, std::int64_t p, std::int64_t q, std::int64_t ts) {
    const Side filled = opposite(aggressor);
    std::vector<ExchOrder>& book = s.resting[side_index(filled)];
    std::size_t i = 0;
    while (i < book.size() && !better(filled, p, book[i].snap.price)) {
        ExchOrder& e = book[i];
        if (e.snap.price != p) {  // traded through
            fill_whole(v, s, book, i, ts);
            continue;
        }
        s.queue_model.trade(e.queue, q);
        const std::int64_t exec = QueueModel::filled_lots(e.queue);
        if (exec <= 0) {
            ++i;
            continue;
        }
        if (s.fill_model == SGX_FILL_NO_PARTIAL) {
            fill_whole(v, s, book, i, ts);
            continue;
        }
        const std::int64_t lots = std::min(std::min(exec, q), e.snap.leaves);
        if (lots <= 0) {  // a trade of 0 lots fills nothing
            ++i;
            continue;
        }
        // Differs from the reference: the front restarts at 0 after a partial
        // fill, so the next trade at p fills the order further.
        if (lots < e.snap.leaves) e.queue.front = 0.0;
        fill(v, s, e.snap, e.queue.front, p, lots, true, ts, false);
        if (e.snap.leaves == 0) book.erase(book.begin() + static_cast<std::ptrdiff_t>(i));
        else ++i;
    }
}

}  // namespace

void Venue::Impl::exchange_request(const Request& r) {
    SymbolState& s = symbols[r.symbol];
    const std::int64_t ts = r.arrival_ts;
    if (r.kind == RequestKind::New) {
        Order o{};
        o.order_id = r.order_id;
        o.price = r.price;
        o.quantity = r.quantity;
        o.leaves = r.quantity;
        o.symbol = s.id;
        o.side = static_cast<std::uint8_t>(r.side);
        o.type = static_cast<std::uint8_t>(r.type);
        o.tif = static_cast<std::uint8_t>(r.tif);
        execute(*this, s, o, ts);
        return;
    }
    std::vector<ExchOrder>& book = s.resting[side_index(r.side)];
    const std::size_t i = find_resting(book, r.order_id);
    if (i == book.size()) {
        reject(*this, s, r.order_id, ts, Status::OrderClosed);
        return;
    }
    if (r.kind == RequestKind::Cancel) {
        Order o = book[i].snap;
        o.queue_ahead = front_of(s, book[i]);
        book.erase(book.begin() + static_cast<std::ptrdiff_t>(i));
        if (s.l3) s.l3->remove(r.order_id);
        o.status = SGX_VORD_CANCELLED;
        o.leaves = 0;
        respond(s, o, ResponseKind::Update, ts, true);
        return;
    }
    // Modify: fills may have arrived since the strategy asked.
    if (r.quantity <= book[i].snap.executed) {
        reject(*this, s, r.order_id, ts, Status::InvalidQuantity);
        return;
    }
    Order o = book[i].snap;
    book.erase(book.begin() + static_cast<std::ptrdiff_t>(i));
    if (s.l3) s.l3->remove(r.order_id);
    o.price = r.price;
    o.quantity = r.quantity;
    o.leaves = r.quantity - o.executed;
    o.queue_ahead = 0.0;
    execute(*this, s, o, ts);
}

void Venue::Impl::exchange_data(const md::Event& e) {
    SymbolState& s = symbols[static_cast<std::size_t>(slot_of(e.symbol))];
    if (s.l3) {
        exchange_data_l3(s, e);
        return;
    }
    if (e.kind == SGX_MD_TRADE) {
        s.exch_book.apply(e, s.exch_checks);
        // No aggressor side (NO_AGGRESSOR) or a negative quantity: no fills.
        if (e.side <= SGX_SIDE_SELL && e.quantity >= 0)
            trade(*this, s, static_cast<Side>(e.side), e.price, e.quantity, e.exch_ts);
        return;
    }
    if (e.kind != SGX_MD_LEVEL || e.side > SGX_SIDE_SELL || e.quantity < 0) {
        s.exch_book.apply(e, s.exch_checks);  // CLEAR, snapshot marks: user orders keep their estimates
        return;
    }
    const Side side = static_cast<Side>(e.side);
    std::vector<ExchOrder>& same = s.resting[side_index(side)];
    std::vector<ExchOrder>& other = s.resting[side_index(opposite(side))];
    // The user's orders at this price (usually none), and whether a new best
    // here would reach the user's best opposite order: a LEVEL event sets
    // one price, so the side's best improves only to this price.
    std::size_t first = same.size();
    bool queued = false;
    if (!same.empty() && !better(side, e.price, same.front().snap.price) &&
        !better(side, same.back().snap.price, e.price)) {  // within the user's prices on this side
        first = first_at_or_worse(same, side, e.price);
        queued = first < same.size() && same[first].snap.price == e.price;
    }
    const bool may_cross = e.quantity > 0 && !other.empty() && reaches(side, e.price, other.front().snap.price);
    if (!queued && !may_cross) {
        s.exch_book.apply(e, s.exch_checks);
        return;
    }
    const std::int64_t prev = queued ? s.exch_book.quantity_at(side, e.price) : 0;
    const md::Quote before = s.exch_book.best();
    s.exch_book.apply(e, s.exch_checks);
    for (std::size_t i = first; queued && i < same.size() && same[i].snap.price == e.price; ++i)
        s.queue_model.depth(same[i].queue, prev, e.quantity);
    if (!may_cross) return;
    const bool had = side == Side::Buy ? before.has_bid != 0 : before.has_ask != 0;
    const std::int64_t prev_best = side == Side::Buy ? before.bid_price : before.ask_price;
    if (!had || better(side, e.price, prev_best)) cross_resting(*this, s, side, e.price, e.exch_ts);
}

}  // namespace sigmax::venue

namespace sigmax::venue {

// L3 mode. LEVEL, TRADE and BBO change nothing here (fills come from the
// FILL events, which name the order that traded); every other event goes to
// the component, whose passive fills become the user's fills, in its order:
// a whole fill (trade-through, crossing) fills the order's leaves at its
// price; the market part m of a FILL behind user orders is shared among
// them: remaining = m, each takes (NoPartial) its leaves or (Partial)
// min(remaining, leaves) while remaining > 0, so several user orders behind
// one real fill do not fill more than it (NoPartial: but the first whole).
void Venue::Impl::exchange_data_l3(SymbolState& s, const md::Event& e) {
    if (e.kind == SGX_MD_LEVEL || e.kind == SGX_MD_TRADE || e.kind == SGX_MD_BBO) return;
    must(s.l3->apply(e, passive));
    bool shared = false;
    std::int64_t remaining = 0;
    for (const PassiveFill& p : passive) {
        std::size_t side = 0, i = s.resting[0].size();
        for (; side < 2; ++side) {
            i = find_resting(s.resting[side], p.key);
            if (i < s.resting[side].size()) break;
        }
        if (side == 2) continue;  // cannot happen: the component holds only resting orders
        std::vector<ExchOrder>& book = s.resting[side];
        if (p.lots == kWholeOrder) {
            fill_whole(*this, s, book, i, e.exch_ts);
            continue;
        }
        if (!shared) {
            shared = true;
            remaining = p.lots;  // the same m for every order behind this one FILL
        }
        if (remaining <= 0) continue;
        ExchOrder& x = book[i];
        const std::int64_t lots =
            s.fill_model == SGX_FILL_NO_PARTIAL ? x.snap.leaves : std::min(remaining, x.snap.leaves);
        remaining -= lots;
        if (lots == x.snap.leaves) {
            fill_whole(*this, s, book, i, e.exch_ts);
            continue;
        }
        fill(*this, s, x.snap, front_of(s, x), x.snap.price, lots, true, e.exch_ts, false);
        s.l3->reduce(p.key, lots);
    }
}

}  // namespace sigmax::venue
