// The local side (docs/venue.md, "Orders" and "Accounting"): the strategy's
// requests are checked and sent at the current time, its order table
// changes only when a response arrives, and fills feed the account.
#include <algorithm>
#include <new>

#include "venue_impl.hpp"

namespace sigmax::venue {

namespace {

bool closed(std::uint8_t status) noexcept {
    return status == SGX_VORD_FILLED || status == SGX_VORD_CANCELLED || status == SGX_VORD_EXPIRED ||
           status == SGX_VORD_REJECTED;
}

bool open_status(std::uint8_t status) noexcept {
    return status == SGX_VORD_NEW || status == SGX_VORD_PARTIALLY_FILLED;
}

auto by_id(std::vector<Order>& v, std::int64_t id) noexcept {
    return std::lower_bound(v.begin(), v.end(), id, [](const Order& o, std::int64_t x) { return o.order_id < x; });
}

}  // namespace

Order* Venue::Impl::local_order(SymbolState& s, std::int64_t id) noexcept {
    const auto it = by_id(s.orders, id);
    return it != s.orders.end() && it->order_id == id ? &*it : nullptr;
}

const Order* Venue::Impl::local_order(const SymbolState& s, std::int64_t id) const noexcept {
    return const_cast<Impl*>(this)->local_order(const_cast<SymbolState&>(s), id);
}

namespace {

// Doubles the last-trades ring up to its capacity, oldest trade first.
void grow_trades(SymbolState& s) {
    const std::size_t size = std::min<std::uint64_t>(s.trade_capacity, std::max<std::size_t>(64, s.trades.size() * 2));
    std::vector<md::Event> bigger(size);
    for (std::size_t i = 0; i < s.trade_count; ++i) bigger[i] = s.trades[(s.trade_head + i) % s.trades.size()];
    s.trades.swap(bigger);
    s.trade_head = 0;
}

}  // namespace

FeedLatency Venue::Impl::feed() const noexcept {
    FeedLatency f;
    f.has_last = has_last_feed;
    f.last = last_feed_latency;
    if (local_next < events.size()) {
        const md::Event& e = events[local_next];
        f.has_next = true;
        f.next = local_ts_of(e) - e.exch_ts;
    }
    return f;
}

void Venue::Impl::send(const Request& r) noexcept {
    const std::int64_t entry = latency.entry(current, feed());
    if (entry < 0) {
        // Refused before the exchange: a response after |entry| on the response channel.
        std::int64_t recv = add_clamped(current, entry == INT64_MIN ? INT64_MAX : -entry);
        if (recv < last_recv) recv = last_recv;
        last_recv = recv;
        Response resp;
        resp.recv_ts = recv;
        resp.exch_ts = 0;
        resp.snapshot.order_id = r.order_id;
        resp.symbol = r.symbol;
        resp.reject_reason = static_cast<std::int32_t>(Status::TimeBackwards);
        resp.kind = r.kind == RequestKind::New ? ResponseKind::RejectNew : ResponseKind::RejectRequest;
        resp.answers_request = true;
        responses.push_reserved(resp);
        return;
    }
    Request q = r;
    q.arrival_ts = add_clamped(current, entry);
    if (q.arrival_ts < last_arrival) q.arrival_ts = last_arrival;  // FIFO channel
    last_arrival = q.arrival_ts;
    requests.push_reserved(q);
}

void Venue::Impl::local_data(const md::Event& e) {
    has_last_feed = true;
    last_feed_latency = local_ts_of(e) - e.exch_ts;
    const std::int64_t slot = slot_of(e.symbol);
    SymbolState& s = symbols[static_cast<std::size_t>(slot)];
    if (e.kind == SGX_MD_TRADE) {
        ++s.local_checks.events;
        ++s.local_checks.ignored;
        if (s.trade_count == s.trades.size() && s.trades.size() < s.trade_capacity) grow_trades(s);
        if (s.trades.empty()) {
            ++s.trades_dropped;
            return;
        }
        if (s.trade_count == s.trades.size()) {  // full: the oldest goes
            s.trade_head = (s.trade_head + 1) % s.trades.size();
            --s.trade_count;
            ++s.trades_dropped;
        }
        md::Event t = e;
        t.local_ts = local_ts_of(e);
        s.trades[(s.trade_head + s.trade_count) % s.trades.size()] = t;
        ++s.trade_count;
        return;
    }
    s.account.book_event();
    // The ladder allocates only when its window moves or for far levels;
    // the L3 book when its order table or pool grows.
    if (s.local_l3) s.local_l3->apply(e, s.local_checks);
    else s.local_book.apply(e, s.local_checks);
}

void Venue::Impl::local_response(const Response& r) noexcept {
    SymbolState& s = symbols[r.symbol];
    Order* o = local_order(s, r.snapshot.order_id);
    if (o == nullptr) return;  // cannot happen: an order with responses due is never cleared
    o->recv_ts = r.recv_ts;
    if (r.answers_request) o->request = SGX_VREQ_NONE;
    switch (r.kind) {
    case ResponseKind::RejectNew:
        o->status = SGX_VORD_REJECTED;
        o->leaves = 0;
        o->reject_reason = r.reject_reason;
        return;
    case ResponseKind::RejectRequest:
        if (r.exch_ts != 0) o->exch_ts = r.exch_ts;
        o->reject_reason = r.reject_reason;
        return;
    case ResponseKind::Update:
    case ResponseKind::Execution:
        break;
    }
    const Order& x = r.snapshot;
    if (r.kind == ResponseKind::Execution && o->executed == 0) s.account.order_first_fill();
    o->status = x.status;
    o->price = x.price;
    o->quantity = x.quantity;
    o->leaves = x.leaves;
    o->executed = x.executed;
    o->exec_price = x.exec_price;
    o->last_fill = x.last_fill;
    o->maker = x.maker;
    o->avg_price = x.avg_price;
    o->queue_ahead = x.queue_ahead;
    o->exch_ts = r.exch_ts;
    if (r.kind != ResponseKind::Execution) return;
    const Side side = static_cast<Side>(o->side);
    const double fee = s.fee_model.fee(s.contract, r.fill_price, r.fill_lots, r.maker);
    s.account.apply(s.contract, side, r.fill_price, r.fill_lots, r.maker, fee);
    Fill f{};
    f.order_id = o->order_id;
    f.price = r.fill_price;
    f.quantity = r.fill_lots;
    f.exch_ts = r.exch_ts;
    f.local_ts = r.recv_ts;
    f.fee = fee;
    f.symbol = s.id;
    f.side = o->side;
    f.maker = r.maker ? 1 : 0;
    fills.push_back(f);  // room reserved by the scheduler before each response
}

// ---- requests ----

namespace {

Status check_quantity(std::int64_t q) noexcept {
    if (q <= 0) return Status::InvalidQuantity;
    if (q > kMaxLots) return Status::OutOfRange;
    return Status::Ok;
}

Status check_price(std::int64_t p) noexcept {
    return p < -kMaxPrice || p > kMaxPrice ? Status::OutOfRange : Status::Ok;
}

}  // namespace

namespace {

// The checks a modify and a cancel share, in their order: the symbol, the
// order, open, no request in flight. On Ok, `s` and `o` name the order.
Status open_order(Venue::Impl& v, std::uint32_t symbol, std::int64_t order_id, SymbolState*& s, Order*& o) {
    s = v.find(symbol);
    if (!s) return Status::UnknownSymbol;
    o = v.local_order(*s, order_id);
    if (!o) return Status::NotFound;
    if (closed(o->status)) return Status::OrderClosed;
    if (o->request != SGX_VREQ_NONE) return Status::RequestInFlight;
    return Status::Ok;
}

// Room for one more request and its answer, taken before anything changes,
// so that sending cannot fail half way.
Status reserve_round_trip(Venue::Impl& v) noexcept {
    try {
        v.requests.reserve_one();
        v.responses.reserve_one();
    } catch (const std::bad_alloc&) {
        return Status::NoMemory;
    }
    return Status::Ok;
}

}  // namespace

Status Venue::submit(std::uint32_t symbol, std::int64_t order_id, Side side, std::int64_t price,
                     std::int64_t quantity, OrderType type, TimeInForce tif) {
    Impl& v = *impl_;
    SymbolState* s = v.find(symbol);
    if (!s) return Status::UnknownSymbol;
    if (v.local_order(*s, order_id)) return Status::DuplicateOrderId;
    if (static_cast<std::uint8_t>(side) > 1) return Status::InvalidSide;
    if (static_cast<std::uint8_t>(type) > 1) return Status::InvalidType;
    if (static_cast<std::uint8_t>(tif) > 3) return Status::InvalidTif;
    if (const Status q = check_quantity(quantity); q != Status::Ok) return q;
    if (type == OrderType::Limit) {
        if (const Status p = check_price(price); p != Status::Ok) return p;
    } else if (tif != TimeInForce::GTC && tif != TimeInForce::IOC) {
        return Status::InvalidTif;
    }
    try {
        v.requests.reserve_one();
        v.responses.reserve_one();
        s->orders.reserve(s->orders.size() + 1);
    } catch (const std::bad_alloc&) {
        return Status::NoMemory;
    }
    Order o{};
    o.order_id = order_id;
    o.price = type == OrderType::Market ? 0 : price;
    o.quantity = quantity;
    o.leaves = quantity;
    o.local_ts = v.current;
    o.symbol = s->id;
    o.side = static_cast<std::uint8_t>(side);
    o.type = static_cast<std::uint8_t>(type);
    o.tif = static_cast<std::uint8_t>(tif);
    o.status = SGX_VORD_NONE;
    o.request = SGX_VREQ_NEW;
    s->orders.insert(by_id(s->orders, order_id), o);
    Request r;
    r.order_id = order_id;
    r.price = o.price;
    r.quantity = quantity;
    r.symbol = v.index_of(*s);
    r.kind = RequestKind::New;
    r.side = side;
    r.type = type;
    r.tif = tif;
    v.send(r);
    s->account.order_submitted();
    return Status::Ok;
}

Status Venue::modify(std::uint32_t symbol, std::int64_t order_id, std::int64_t price, std::int64_t quantity) {
    Impl& v = *impl_;
    SymbolState* s = nullptr;
    Order* o = nullptr;
    if (const Status st = open_order(v, symbol, order_id, s, o); st != Status::Ok) return st;
    if (o->type != static_cast<std::uint8_t>(OrderType::Limit)) return Status::InvalidType;
    if (quantity <= o->executed) return Status::InvalidQuantity;
    if (const Status q = check_quantity(quantity); q != Status::Ok) return q;
    if (const Status p = check_price(price); p != Status::Ok) return p;
    if (const Status r = reserve_round_trip(v); r != Status::Ok) return r;
    o->request = SGX_VREQ_MODIFY;
    o->local_ts = v.current;
    Request r;
    r.order_id = order_id;
    r.price = price;
    r.quantity = quantity;
    r.symbol = v.index_of(*s);
    r.kind = RequestKind::Modify;
    r.side = static_cast<Side>(o->side);
    r.type = OrderType::Limit;
    r.tif = static_cast<TimeInForce>(o->tif);
    v.send(r);
    return Status::Ok;
}

namespace {

void send_cancel(Venue::Impl& v, SymbolState& s, Order& o) noexcept {
    o.request = SGX_VREQ_CANCEL;
    o.local_ts = v.current;
    Request r;
    r.order_id = o.order_id;
    r.price = o.price;
    r.quantity = o.quantity;
    r.symbol = v.index_of(s);
    r.kind = RequestKind::Cancel;
    r.side = static_cast<Side>(o.side);
    r.type = static_cast<OrderType>(o.type);
    r.tif = static_cast<TimeInForce>(o.tif);
    v.send(r);
}

}  // namespace

Status Venue::cancel(std::uint32_t symbol, std::int64_t order_id) {
    Impl& v = *impl_;
    SymbolState* s = nullptr;
    Order* o = nullptr;
    if (const Status st = open_order(v, symbol, order_id, s, o); st != Status::Ok) return st;
    if (const Status r = reserve_round_trip(v); r != Status::Ok) return r;
    send_cancel(v, *s, *o);
    return Status::Ok;
}

Status Venue::cancel_all(std::uint32_t symbol, std::size_t& sent) {
    Impl& v = *impl_;
    SymbolState* s = v.find(symbol);
    if (!s) return Status::UnknownSymbol;
    std::size_t n = 0;
    for (const Order& o : s->orders)
        if (open_status(o.status) && o.request == SGX_VREQ_NONE) ++n;
    try {
        v.requests.reserve(n);
        v.responses.reserve(n);
    } catch (const std::bad_alloc&) {
        return Status::NoMemory;
    }
    for (Order& o : s->orders)
        if (open_status(o.status) && o.request == SGX_VREQ_NONE) send_cancel(v, *s, o);
    sent = n;
    return Status::Ok;
}

Status Venue::clear_inactive_orders(std::uint32_t symbol) {
    Impl& v = *impl_;
    auto clear = [](SymbolState& s) {
        std::erase_if(s.orders, [](const Order& o) { return closed(o.status) && o.request == SGX_VREQ_NONE; });
    };
    if (symbol == kAllSymbols) {
        for (SymbolState& s : v.symbols) clear(s);
        return Status::Ok;
    }
    SymbolState* s = v.find(symbol);
    if (!s) return Status::UnknownSymbol;
    clear(*s);
    return Status::Ok;
}

}  // namespace sigmax::venue
