// Creating a venue (config checks, symbol table, local clock alignment, the
// exchange-order index) and the local views.
#include "sigmax/venue/venue.hpp"

#include <algorithm>
#include <cmath>
#include <new>
#include <numeric>

#include "venue_impl.hpp"

namespace sigmax::venue {

Config default_config() noexcept {
    Config c{};
    c.struct_size = sizeof(Config);
    c.latency_model = SGX_LATENCY_CONSTANT;
    c.entry_latency_mul = 1.0;
    c.response_latency_mul = 1.0;
    c.local_latency_floor_ns = 0;
    c.last_trades_capacity = 1024;
    c.defaults.queue_model = SGX_QUEUE_RISK_AVERSE;
    c.defaults.fill_model = SGX_FILL_NO_PARTIAL;
    c.defaults.fee_model = SGX_FEE_VALUE;
    c.defaults.queue_power = 2.0;
    return c;
}

namespace {

Status check_symbol_config(const SymbolConfig& c, const std::string& what, std::string& error) {
    auto bad = [&](const std::string& text) {
        error = what + ": " + text;
        return Status::InvalidConfig;
    };
    if (c.queue_model > SGX_QUEUE_LOG2) return bad("queue_model " + std::to_string(c.queue_model) + " is not 0..5");
    if (c.fill_model > SGX_FILL_PARTIAL) return bad("fill_model " + std::to_string(c.fill_model) + " is not 0 or 1");
    if (c.fee_model > SGX_FEE_FLAT) return bad("fee_model " + std::to_string(c.fee_model) + " is not 0..2");
    if (!std::isfinite(c.queue_power) || c.queue_power <= 0.0) return bad("queue_power must be finite and > 0");
    if (!std::isfinite(c.maker_fee) || !std::isfinite(c.taker_fee)) return bad("maker_fee and taker_fee must be finite");
    if (c.reserved0 != 0 || c.reserved[0] != 0 || c.reserved[1] != 0) return bad("reserved fields must be 0");
    return Status::Ok;
}

void apply_symbol_config(SymbolState& s, const SymbolConfig& c) noexcept {
    s.queue_model.kind = c.queue_model;
    s.queue_model.n = c.queue_power;
    s.fill_model = c.fill_model;
    s.fee_model.kind = c.fee_model;
    s.fee_model.maker = c.maker_fee;
    s.fee_model.taker = c.taker_fee;
}

}  // namespace

Status Venue::Impl::configure(std::span<const md::SymbolRecord> table, const Config& config, std::string& detail) {
    auto fail = [&](Status s, std::string text) {
        detail = std::move(text);
        return s;
    };
    if (const Status s = latency.init(config, detail); s != Status::Ok) return s;
    if (config.reserved0[0] || config.reserved0[1] || config.reserved[0] || config.reserved[1])
        return fail(Status::InvalidConfig, "reserved fields of the config must be 0");
    if (config.book_model > SGX_BOOK_L3)
        return fail(Status::InvalidConfig, "book_model " + std::to_string(config.book_model) + " is not 0 (L2) or 1 (L3)");
    const bool l3 = config.book_model == SGX_BOOK_L3;
    if (config.symbol_count > 0 && config.symbols == nullptr)
        return fail(Status::InvalidConfig, "symbols is NULL but symbol_count is not 0");
    if (const Status s = check_symbol_config(config.defaults, "defaults", detail); s != Status::Ok) return s;

    symbol_table = table;
    std::uint32_t max_id = 0;
    for (const md::SymbolRecord& r : table) max_id = std::max(max_id, r.id);
    if (!table.empty() && max_id < 65536) symbol_slot.assign(max_id + 1, UINT32_MAX);
    symbols.resize(table.size());
    for (std::size_t i = 0; i < table.size(); ++i) {
        const md::SymbolRecord& r = table[i];
        for (std::size_t j = 0; j < i; ++j)
            if (table[j].id == r.id) return fail(Status::InvalidConfig, "two symbols with id " + std::to_string(r.id));
        SymbolState& s = symbols[i];
        s.id = r.id;
        s.contract.tick_size = r.tick_size;
        s.contract.lot_size = r.lot_size;
        s.contract.contract_size = r.contract_size;
        s.contract.inverse = r.inverse != 0;
        s.exch_book = md::L2Book(r.id);
        s.local_book = md::L2Book(r.id);
        if (l3) {
            s.l3 = std::make_unique<L3Exchange>(r.id);
            s.local_l3 = std::make_unique<md::L3Book>(r.id);
        }
        apply_symbol_config(s, config.defaults);
        s.trade_capacity = config.last_trades_capacity;
        s.trades.resize(static_cast<std::size_t>(std::min<std::uint64_t>(config.last_trades_capacity, 1024)));
        s.orders.reserve(64);
        s.resting[0].reserve(64);
        s.resting[1].reserve(64);
        if (r.id < symbol_slot.size()) symbol_slot[r.id] = static_cast<std::uint32_t>(i);
    }
    std::vector<bool> overridden(table.size(), false);
    for (std::size_t i = 0; i < config.symbol_count; ++i) {
        const SymbolConfig& c = config.symbols[i];
        const std::string what = "symbol override " + std::to_string(i) + " (id " + std::to_string(c.symbol) + ")";
        const std::int64_t slot = slot_of(c.symbol);
        if (slot < 0) return fail(Status::InvalidConfig, what + ": no symbol with this id in the table");
        if (overridden[static_cast<std::size_t>(slot)])
            return fail(Status::InvalidConfig, what + ": a second override of this symbol");
        if (const Status s = check_symbol_config(c, what, detail); s != Status::Ok) return s;
        overridden[static_cast<std::size_t>(slot)] = true;
        apply_symbol_config(symbols[static_cast<std::size_t>(slot)], c);
    }
    fills.reserve(1024);
    levels.resize(256);
    return Status::Ok;
}

Venue::Venue(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
Venue::~Venue() = default;

Status Venue::create(std::unique_ptr<Venue>& out, const md::EventFile& file, const Config& config, std::string* error) {
    if (!file.is_open()) {
        if (error) *error = "the event file is not open";
        return Status::InvalidConfig;
    }
    return create(out, file.events(), file.symbols(), config, error);
}

Status Venue::create(std::unique_ptr<Venue>& out, std::span<const md::Event> events,
                     std::span<const md::SymbolRecord> symbols, const Config& config, std::string* error) {
    std::string detail;
    auto fail = [&](Status s, std::string text) {
        if (error) *error = std::move(text);
        return s;
    };
    if (config.struct_size != sizeof(Config))
        return fail(Status::StructSize, "config.struct_size is not sizeof(sgx_venue_config)");
    try {
        auto v = std::make_unique<Impl>();
        if (events.size() >= UINT32_MAX) return fail(Status::OutOfRange, "a venue takes fewer than 2^32 events");
        if (const Status s = v->configure(symbols, config, detail); s != Status::Ok) return fail(s, detail);
        v->events = events;

        // Every event's symbol must be in the table; the smallest local - exch.
        std::int64_t min_gap = INT64_MAX;
        bool sorted = true;
        for (std::size_t i = 0; i < events.size(); ++i) {
            const md::Event& e = events[i];
            if (v->slot_of(e.symbol) < 0)
                return fail(Status::Format, "event " + std::to_string(i) + ": symbol id " + std::to_string(e.symbol) +
                                                " is not in the symbol table");
            min_gap = std::min(min_gap, e.local_ts - e.exch_ts);
            if (i > 0 && e.exch_ts < events[i - 1].exch_ts) sorted = false;
        }
        if (config.local_latency_floor_ns != -1 && !events.empty() && min_gap < config.local_latency_floor_ns)
            v->local_shift = config.local_latency_floor_ns - min_gap;

        v->exch_order.resize(events.size());
        if (sorted) {
            std::iota(v->exch_order.begin(), v->exch_order.end(), std::uint32_t{0});
        } else {
            // Stable by exch_ts = sorted by (exch_ts, file index). Recordings
            // are nearly in exch_ts order: the events at or above the running
            // maximum are sorted already; sort the few others and merge.
            auto before = [&](std::uint32_t a, std::uint32_t b) {
                return events[a].exch_ts < events[b].exch_ts || (events[a].exch_ts == events[b].exch_ts && a < b);
            };
            std::vector<std::uint32_t> ordered, late;
            ordered.reserve(events.size());
            std::int64_t high = INT64_MIN;
            for (std::uint32_t i = 0; i < events.size(); ++i) {
                if (events[i].exch_ts >= high) {
                    high = events[i].exch_ts;
                    ordered.push_back(i);
                } else {
                    late.push_back(i);
                }
            }
            std::sort(late.begin(), late.end(), before);
            std::merge(ordered.begin(), ordered.end(), late.begin(), late.end(), v->exch_order.begin(), before);
        }

        v->current = events.empty() ? 0 : v->local_ts_of(events.front());
        out.reset(new Venue(std::move(v)));
        return Status::Ok;
    } catch (const std::bad_alloc&) {
        return fail(Status::NoMemory, "out of memory creating the venue");
    }
}

// ---- local views ----

Status Venue::order(std::uint32_t symbol, std::int64_t order_id, Order& out) const {
    const SymbolState* s = impl_->find(symbol);
    if (!s) return Status::UnknownSymbol;
    const Order* o = impl_->local_order(*s, order_id);
    if (!o) return Status::NotFound;
    out = *o;
    return Status::Ok;
}

Status Venue::orders(std::uint32_t symbol, std::span<Order> out, std::size_t& count) const {
    const SymbolState* s = impl_->find(symbol);
    if (!s) return Status::UnknownSymbol;
    const std::size_t n = std::min(out.size(), s->orders.size());
    std::copy_n(s->orders.begin(), n, out.begin());
    count = s->orders.size();
    return Status::Ok;
}

namespace {

// The strategy's book: L3 or L2 by the book model.
md::Quote local_best(const SymbolState& s) noexcept { return s.local_l3 ? s.local_l3->best() : s.local_book.best(); }

double mid_of(const SymbolState& s) noexcept {
    const md::Quote q = local_best(s);
    if (!q.has_bid || !q.has_ask) return std::nan("");
    return static_cast<double>(q.bid_price + q.ask_price) / 2.0 * s.contract.tick_size;
}

}  // namespace

Status Venue::state(std::uint32_t symbol, State& out) const {
    const SymbolState* s = impl_->find(symbol);
    if (!s) return Status::UnknownSymbol;
    out = s->account.state(s->contract, mid_of(*s));
    return Status::Ok;
}

Status Venue::quote(std::uint32_t symbol, md::Quote& out) const {
    const SymbolState* s = impl_->find(symbol);
    if (!s) return Status::UnknownSymbol;
    out = local_best(*s);
    return Status::Ok;
}

Status Venue::depth(std::uint32_t symbol, Side side, std::span<md::BookLevel> out, std::size_t& count) const {
    const SymbolState* s = impl_->find(symbol);
    if (!s) return Status::UnknownSymbol;
    if (static_cast<std::uint8_t>(side) > 1) return Status::InvalidSide;
    count = s->local_l3 ? s->local_l3->depth(side, out) : s->local_book.depth(side, out);
    return Status::Ok;
}

Status Venue::quantity_at(std::uint32_t symbol, Side side, std::int64_t price, std::int64_t& out) const {
    const SymbolState* s = impl_->find(symbol);
    if (!s) return Status::UnknownSymbol;
    if (static_cast<std::uint8_t>(side) > 1) return Status::InvalidSide;
    out = s->local_l3 ? s->local_l3->quantity_at(side, price) : s->local_book.quantity_at(side, price);
    return Status::Ok;
}

Status Venue::last_trades(std::uint32_t symbol, std::span<md::Event> out, std::size_t& count) {
    SymbolState* s = impl_->find(symbol);
    if (!s) return Status::UnknownSymbol;
    const std::size_t n = std::min(out.size(), s->trade_count);
    for (std::size_t i = 0; i < n; ++i) out[i] = s->trades[(s->trade_head + i) % s->trades.size()];
    // Those written are forgotten; the rest wait for the next call.
    if (n > 0 && n == s->trade_count) {
        s->trade_head = 0;
        s->trade_count = 0;
    } else if (n > 0) {
        s->trade_head = (s->trade_head + n) % s->trades.size();
        s->trade_count -= n;
    }
    count = n;
    return Status::Ok;
}

Status Venue::dropped_trades(std::uint32_t symbol, std::uint64_t& out) const {
    const SymbolState* s = impl_->find(symbol);
    if (!s) return Status::UnknownSymbol;
    out = s->trades_dropped;
    return Status::Ok;
}

std::span<const Fill> Venue::fills() const noexcept { return impl_->fills; }

Status Venue::queue_position(std::uint32_t symbol, std::int64_t order_id, double& out) const {
    const SymbolState* s = impl_->find(symbol);
    if (!s) return Status::UnknownSymbol;
    if (s->l3) {  // exact: the lots of the older real orders at its price
        std::int64_t ahead = 0;
        if (s->l3->ahead(order_id, ahead) != Status::Ok) return Status::NotFound;
        out = static_cast<double>(ahead);
        return Status::Ok;
    }
    for (const auto& side : s->resting)
        for (const ExchOrder& e : side)
            if (e.snap.order_id == order_id) {
                out = e.queue.front;
                return Status::Ok;
            }
    return Status::NotFound;
}

const std::string& Venue::error() const noexcept { return impl_->error; }

}  // namespace sigmax::venue
