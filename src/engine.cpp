// Engine: validation, symbols, order ids, reports and order management.
// The matching loop itself is in matching.cpp.
#include "sigmax/engine.hpp"

#include <algorithm>
#include <stdexcept>

#include "order_codes.hpp"

namespace sigmax {

Engine::Engine() : Engine(Config{}) {}

namespace {

// The order capacity, refused past its bound (std::length_error).
std::size_t checked_capacity(std::size_t order_capacity) {
    if (order_capacity > Engine::kMaxOrderCapacity) throw std::length_error("Engine: order_capacity above 2^31");
    return order_capacity;
}

// The engine's self-trade prevention mode, Default resolved (std::invalid_argument past the enum).
SelfTrade checked_self_trade(SelfTrade mode) {
    if (static_cast<std::uint8_t>(mode) > static_cast<std::uint8_t>(SelfTrade::DecrementAndCancel))
        throw std::invalid_argument("Engine: self_trade is not a SelfTrade mode");
    return mode == SelfTrade::Default ? SelfTrade::CancelNewest : mode;
}

}  // namespace

Engine::Engine(Config config)
    : pool_(checked_capacity(config.order_capacity),
            std::max(config.order_capacity, std::min(config.max_resting_orders, OrderPool::kMaxRecords))),
      // Sized for what the pool commits up front (a larger capacity is lazy).
      index_(std::min(config.order_capacity, OrderPool::kEagerRecords)),
      fills_(config.fill_capacity),
      clock_(Clock::instance()),
      timestamps_(config.timestamps),
      max_symbols_(config.max_symbols),
      self_trade_(checked_self_trade(config.self_trade)) {}

Engine::~Engine() = default;

OrderBook* Engine::find_other_book(std::uint32_t symbol) const noexcept {
    auto it = other_books_.find(symbol);
    return it == other_books_.end() ? nullptr : it->second.get();
}

Scale Engine::scale_of(std::uint32_t symbol) const noexcept {
    const OrderBook* b = find_book(symbol);
    return b ? b->scale() : kDefaultScale;
}

OrderBook& Engine::create_book(std::uint32_t symbol, Prepared& p) {
    // Every step that can throw comes before the book is stored, and each
    // leaves the engine as it was when it throws.
    auto book = std::make_unique<OrderBook>(*p.scale);
    OrderBook* raw = book.get();
    if (symbol < kDirectSymbols) {
        if (direct_books_.size() <= symbol) direct_books_.resize(symbol + 1);
        direct_books_[symbol] = std::move(book);
    } else {
        other_books_.emplace(symbol, std::move(book));  // strong guarantee
    }
    ++books_;
    p.book = raw;
    return *raw;
}

Status Engine::configure_symbol(std::uint32_t symbol, double tick_size, double lot_size) {
    Claim claim(*this);
    if (!claim.owned()) return Status::Busy;
    if (!valid_increment(tick_size) || !valid_increment(lot_size)) return invalid(Status::InvalidConfig);
    const Scale scale{tick_size, lot_size};  // works out the decimal forms once, here
    Prepared p{find_book(symbol), &scale, 0, 0};
    if (p.book) {
        const Scale& old = p.book->scale();
        const bool same = old.tick_size == tick_size && old.lot_size == lot_size;
        if (!same && p.book->resting_orders() > 0) return Status::SymbolInUse;
        p.book->set_scale(scale);
        return Status::Ok;
    }
    if (books_ >= max_symbols_) return Status::TooManySymbols;
    try {
        create_book(symbol, p);
    } catch (const std::bad_alloc&) {
        return Status::NoMemory;
    }
    return Status::Ok;
}

Status Engine::set_min_price(std::uint32_t symbol, std::int64_t ticks) {
    Claim claim(*this);
    if (!claim.owned()) return Status::Busy;
    if (ticks < -kMaxOrderLots || ticks > 1) return invalid(Status::OutOfRange);
    Prepared p{find_book(symbol), &kDefaultScale, 0, 0};
    if (!p.book) {
        if (books_ >= max_symbols_) return Status::TooManySymbols;
        try {
            create_book(symbol, p);
        } catch (const std::bad_alloc&) {
            return Status::NoMemory;
        }
    }
    p.book->set_min_price(ticks);
    return Status::Ok;
}

Status Engine::validate(const OrderRequest& o, Prepared& p) const noexcept {
    // One byte load per code: callers usually have just stored them one by
    // one, and a wider load of freshly stored bytes (which the compiler makes
    // of the market/post-only test if it may) cannot be forwarded from the
    // store buffer, a stall that BM_AddRestingOrder shows.
    const auto side = static_cast<std::uint8_t>(o.side);
    const auto type = static_cast<std::uint8_t>(o.type);
    const auto tif = static_cast<std::uint8_t>(o.tif);
    if (Status s = order_codes_status(side, type, tif); s != Status::Ok) return s;
    p.book = find_book(o.symbol);
    p.scale = p.book ? &p.book->scale() : &kDefaultScale;
    if (o.type == OrderType::Limit) {
        if (Status s = price_to_ticks(o.price, *p.scale, p.price); s != Status::Ok) return s;
    } else {
        p.price = 0;
    }
    return quantity_to_lots(o.quantity, *p.scale, p.lots);
}

Status Engine::execute(const OrderRequest& order, ExecutionReport& report) {
    const std::uint64_t t0 = now();
    Claim claim(*this);
    if (!claim.owned()) return Status::Busy;
    std::uint64_t t1 = 0;
    return execute_claimed(order, report, t0, t1);
}

Status Engine::execute_claimed(const OrderRequest& order, ExecutionReport& report, std::uint64_t t0,
                               std::uint64_t& t1) {
    t1 = 0;
    Prepared p;
    if (Status s = validate(order, p); s != Status::Ok) return invalid(s);
    if (fills_.at_limit()) return Status::FillsFull;
    try {
        const Executed done = execute_valid(order, p, report, t0);
        t1 = done.end;
        return done.status;
    } catch (const std::bad_alloc&) {
        return Status::NoMemory;  // thrown before the order changed anything
    }
}

Status Engine::execute_batch(std::span<const OrderRequest> orders, std::span<ExecutionReport> reports,
                             std::size_t& count) {
    count = 0;
    if (reports.size() < orders.size()) return Status::OutOfRange;  // output span too small
    return execute_each(
        orders.size(), [&](std::size_t i) -> const OrderRequest& { return orders[i]; },
        [&](std::size_t i, const ExecutionReport& r) { reports[i] = r; }, [&](std::size_t i) { return &reports[i]; },
        count);
}

Engine::Executed Engine::execute_valid(const OrderRequest& o, Prepared& p, ExecutionReport& r, std::uint64_t t0) {
    const bool market = o.type == OrderType::Market;
    const bool may_rest = !market && (o.tif == TimeInForce::GTC || o.tif == TimeInForce::PostOnly);
    const Side opp = opposite(o.side);
    if (!p.book && may_rest && books_ >= max_symbols_) {
        r = ExecutionReport{};
        return {0, Status::TooManySymbols};
    }
    // Everything this order may need is reserved before it changes anything
    // (docs/semantics.md, "Failure guarantee"): a bad_alloc thrown from here
    // to the id below leaves the engine as it was. First a record and an id
    // slot in case it rests, before its book, which may be new.
    if (may_rest && !(pool_.has_room() && index_.has_room())) [[unlikely]] {
        if (!make_room(o.side, o.tif, p)) {
            r = ExecutionReport{};
            return {0, Status::NoMemory};
        }
    }
    OrderBook& book = book_for(o.symbol, p, may_rest);
    // Never a resting client id (docs/semantics.md, "Client order ids").
    if (client_ids_used_) [[unlikely]] next_order_id_ = first_free_id(next_order_id_);
    const std::uint64_t id = next_order_id_;
    // An order that may rest needs its index slot: start loading it now so
    // the miss overlaps the matching below. Ids are sequential and 4 of them
    // share a line of slots, so also start loading the line that the order
    // 16 ids from now will need: by then it is in cache (this removed the
    // index's miss from the profile of a batch of orders).
    if (may_rest) index_.prefetch(id);
    index_.prefetch(id + 16);
    const auto& opposite_levels = book.levels(opp);
    const bool has_reference = !opposite_levels.empty();
    const std::int64_t reference = has_reference ? opposite_levels.back().price : 0;
    const bool crosses = has_reference && (market || !OrderBook::better(opp, p.price, reference));
    // A new level and room for every fill it can make (neither allocates
    // for a book just created: it has room for levels and nothing to cross).
    // Most crossing orders end inside the best level, whose orders the
    // ring's room covers; otherwise count the orders this one can reach.
    if (may_rest) book.reserve_level(o.side);
    if (crosses && fills_.recording()) {
        const PriceLevel& best = opposite_levels.back();
        if (best.lots < p.lots || fills_.room() < best.count) [[unlikely]]
            fills_.reserve(book.crossing(opp, market, p.price, p.lots).orders);
    }
    ++next_order_id_;  // nothing fails past here but LevelFull, which gives the id back

    r.order_id = id;
    r.symbol = o.symbol;
    r.side = o.side;
    r.fill_count = 0;
    r.executed_price = 0.0;
    r.executed_quantity = 0.0;
    r.remaining_quantity = 0.0;
    r.slippage = 0.0;

    std::int64_t left = p.lots;
    Int128 notional = 0;
    bool rejected = false;
    if (o.tif == TimeInForce::PostOnly && crosses) {
        rejected = true;
    } else if (o.tif == TimeInForce::FOK &&
               (!crosses || book.crossing_lots(opp, market, p.price, p.lots) < p.lots)) {
        // All or nothing, and it is nothing: no trade, nothing rests.
    } else if (crosses) {
        left = match(book, o, id, p.price, p.lots, r, notional);
    }

    const std::int64_t filled = p.lots - left;
    const bool rests = may_rest && !rejected && left > 0;
    if (rests && !rest(book, o.symbol, o.side, id, p.price, left, {0, SelfTrade::Default, o.tif == TimeInForce::PostOnly})) {
        // Its level is full. The level exists, so this order crossed nothing
        // (the book is never crossed): nothing has changed but the id.
        --next_order_id_;
        r = ExecutionReport{};
        return {0, Status::LevelFull};
    }

    if (rejected) r.status = OrderStatus::Rejected;
    else if (left == 0) r.status = OrderStatus::Filled;
    else if (!rests) r.status = OrderStatus::Cancelled;
    else r.status = filled > 0 ? OrderStatus::PartiallyFilled : OrderStatus::New;

    if (filled > 0) {
        // Exactly the arithmetic of the Python fallback: correctly rounded
        // int -> double conversions, one division, then the tick's decimal
        // form (price_scale.hpp): a fill at one price gives that price exactly.
        // A notional that fits 64 bits (nearly all) converts in one
        // instruction; a 128-bit one needs a libgcc call. Both round
        // correctly, so the value is the same.
        const auto narrow = static_cast<std::int64_t>(notional);
        const double notional_d = narrow == notional ? static_cast<double>(narrow) : static_cast<double>(notional);
        const double vwap_ticks = notional_d / static_cast<double>(filled);
        const Scale& scale = book.scale();  // the same as *p.scale
        r.executed_price = from_units(vwap_ticks, scale.tick);
        r.executed_quantity = lots_to_quantity(filled, scale);
        const double ref = ticks_to_price(reference, scale);
        r.slippage = (r.executed_price - ref) / ref;
    }
    if (rests) r.remaining_quantity = lots_to_quantity(left, book.scale());

    const std::uint64_t t1 = now();
    r.latency_ns = timestamps_ ? clock_.to_ns(t1 - t0) : 0;
    stats_.on_order(r.latency_ns, rejected, timestamps_);
    return {t1, Status::Ok};
}

bool Engine::make_room(Side side, TimeInForce tif, const Prepared& p) noexcept {
    if (!pool_.has_room()) (void)pool_.grow();
    if (!index_.has_room()) {
        try {
            index_.grow();
        } catch (const std::bad_alloc&) {
        }
    }
    if (pool_.has_room() && index_.has_room()) return true;
    // No room: refuse only an order that would rest. It trades only with the
    // opposite side, which it crosses when that side's best is not better
    // than its limit; a post-only order that crosses is rejected and a GTC
    // order that can fill completely there does not rest either.
    if (!p.book) return false;
    const bool crosses = crosses_at(*p.book, side, false, p.price);
    if (tif == TimeInForce::PostOnly) return crosses;
    return crosses && p.book->crossing_lots(opposite(side), false, p.price, p.lots) >= p.lots;
}

Status Engine::shrink() {
    Claim claim(*this);
    if (!claim.owned()) return Status::Busy;
    pool_.shrink();
    index_.shrink();
    return Status::Ok;
}

bool Engine::rest(OrderBook& book, std::uint32_t symbol, Side side, std::uint64_t id, std::int64_t price,
                  std::int64_t lots, RestTraits traits) {
    const OrderIndex i = pool_.take();  // execute_valid() made room
    RestingOrder& ro = pool_[i];
    ro.id = id;
    ro.price = price;
    ro.open = lots;
    ro.filled = 0;
    ro.symbol = symbol;
    ro.side = side;
    ro.owner = traits.owner;
    ro.stp = traits.stp;
    ro.post_only = traits.post_only;
    if (!book.add(i, pool_)) [[unlikely]] {
        pool_.release(i);
        return false;
    }
    index_.insert_with_room(id, i);
    stats_.on_rest();
    return true;
}

void Engine::retire(std::size_t slot, OrderIndex i) noexcept {
    index_.erase_slot(slot);
    pool_.release(i);
    stats_.on_unrest();
}

Status Engine::cancel(std::uint64_t order_id) {
    Claim claim(*this);
    if (!claim.owned()) return Status::Busy;
    return cancel_claimed(order_id);
}

Status Engine::cancel_claimed(std::uint64_t order_id) {
    const std::size_t slot = index_.find_slot(order_id, pool_);
    if (slot == OrderIndexMap::kNoSlot) return Status::NotFound;
    cancel_at(slot);
    return Status::Ok;
}

void Engine::cancel_at(std::size_t slot) noexcept {
    const OrderIndex i = index_.index_at(slot);
    const RestingOrder& o = pool_[i];
    // Unlinking touches both neighbours: start loading them now.
    if (o.prev != kNil) pool_.prefetch_links(o.prev);
    if (o.next != kNil) pool_.prefetch_links(o.next);
    OrderBook* book = find_book(o.symbol);
    book->remove(i, pool_);
    retire(slot, i);
    stats_.on_cancel();
}

Status Engine::amend(std::uint64_t order_id, double new_quantity) {
    Claim claim(*this);
    if (!claim.owned()) return Status::Busy;
    return amend_claimed(order_id, new_quantity);
}

Status Engine::amend_claimed(std::uint64_t order_id, double new_quantity) {
    const OrderIndex i = index_.find(order_id, pool_);
    if (i == kNil) {
        // Still report a malformed quantity as such, whatever the id.
        std::int64_t unused = 0;
        constexpr Scale kUnit{1.0, 1.0};
        if (Status s = quantity_to_lots(new_quantity, kUnit, unused);
            s == Status::InvalidQuantity)
            return invalid(s);
        return Status::NotFound;
    }
    OrderBook* book = find_book(pool_[i].symbol);
    std::int64_t lots = 0;
    if (Status s = quantity_to_lots(new_quantity, book->scale(), lots); s != Status::Ok) return invalid(s);
    // An order's original quantity (executed + open) stays within an order's bound.
    if (lots > kMaxOrderLots - pool_[i].filled) return invalid(Status::OutOfRange);
    if (!book->amend(i, lots, pool_)) return Status::LevelFull;
    stats_.on_amend();
    return Status::Ok;
}

Status Engine::order_info(std::uint64_t order_id, OrderInfo& info) {
    Claim claim(*this);
    if (!claim.owned()) return Status::Busy;
    const OrderIndex i = index_.find(order_id, pool_);
    if (i == kNil) return Status::NotFound;
    const RestingOrder& o = pool_[i];
    const Scale s = find_book(o.symbol)->scale();
    info.order_id = o.id;
    info.price = ticks_to_price(o.price, s);
    info.original_quantity = lots_to_quantity(o.open + o.filled, s);
    info.executed_quantity = lots_to_quantity(o.filled, s);
    info.remaining_quantity = lots_to_quantity(o.open, s);
    info.symbol = o.symbol;
    info.side = o.side;
    info.status = o.filled > 0 ? OrderStatus::PartiallyFilled : OrderStatus::New;
    return Status::Ok;
}

Status Engine::top_of_book(std::uint32_t symbol, TopOfBook& top) {
    Claim claim(*this);
    if (!claim.owned()) return Status::Busy;
    const OrderBook* b = find_book(symbol);
    top = b ? b->top() : TopOfBook{};
    return Status::Ok;
}

Status Engine::depth(std::uint32_t symbol, std::span<LevelView> bids, std::size_t& bid_count,
                     std::span<LevelView> asks, std::size_t& ask_count) {
    return depth_each(
        symbol, bids.size(), asks.size(),
        [&](Side s, std::size_t i, const LevelView& l) { (s == Side::Buy ? bids : asks)[i] = l; }, bid_count,
        ask_count);
}

Status Engine::refuse(Status s) noexcept {
    Claim claim(*this);
    if (!claim.owned()) return Status::Busy;
    return invalid(s);
}

Status Engine::drain_fills(std::span<Fill> out, std::size_t& count) {
    count = 0;
    Claim claim(*this);
    if (!claim.owned()) return Status::Busy;
    count = fills_.drain(out);
    return Status::Ok;
}

Status Engine::pending_fills(std::size_t& count) {
    Claim claim(*this);
    if (!claim.owned()) return Status::Busy;
    count = fills_.size();
    return Status::Ok;
}

Status Engine::reset_stats() {
    Claim claim(*this);
    if (!claim.owned()) return Status::Busy;
    stats_.reset();
    return Status::Ok;
}

}  // namespace sigmax
