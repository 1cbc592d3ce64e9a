// A live venue (docs/venue.md, "Live venue"): created from a symbol table,
// fed by push() as events arrive. The venue keeps the pushed events that
// are not yet processed by both sides in LiveFeed::events, in push order
// (the local order); Impl::exch_order holds the exchange order of those the
// exchange side has not processed, stable by (exch_ts, push order). The
// horizon that bounds the driving calls is applied in scheduler.cpp.
#include <algorithm>
#include <cmath>
#include <new>

#include "venue_impl.hpp"

namespace sigmax::venue {

std::int64_t LiveFeed::horizon(std::int64_t local_shift) const noexcept {
    if (closed) return INT64_MAX;
    if (watermark == INT64_MIN) return INT64_MIN;
    return add_clamped(add_clamped(watermark, local_shift), -delay);
}

Status Venue::create_live(std::unique_ptr<Venue>& out, std::span<const md::SymbolRecord> symbols,
                          const Config& config, std::int64_t start_local_ts, std::int64_t local_shift_ns,
                          std::int64_t feed_delay_ns, std::string* error) {
    std::string detail;
    auto fail = [&](Status s, std::string text) {
        if (error) *error = std::move(text);
        return s;
    };
    if (config.struct_size != sizeof(Config))
        return fail(Status::StructSize, "config.struct_size is not sizeof(sgx_venue_config)");
    if (feed_delay_ns < 0) return fail(Status::InvalidConfig, "feed_delay_ns must be >= 0");
    for (std::size_t i = 0; i < symbols.size(); ++i) {
        const md::SymbolRecord& r = symbols[i];
        auto positive = [](double x) { return std::isfinite(x) && x > 0.0; };
        if (!positive(r.tick_size) || !positive(r.lot_size) || !positive(r.contract_size))
            return fail(Status::InvalidConfig, "symbol " + std::to_string(i) + " (id " + std::to_string(r.id) +
                                                   "): tick_size, lot_size and contract_size must be finite and > 0");
    }
    try {
        auto v = std::make_unique<Impl>();
        v->live = std::make_unique<LiveFeed>();
        LiveFeed& f = *v->live;
        f.symbols.assign(symbols.begin(), symbols.end());
        if (const Status s = v->configure(f.symbols, config, detail); s != Status::Ok) return fail(s, detail);
        f.delay = feed_delay_ns;
        f.events.reserve(1024);
        v->exch_order.reserve(1024);
        v->local_shift = local_shift_ns;
        v->current = start_local_ts;
        v->events = f.events;
        out.reset(new Venue(std::move(v)));
        return Status::Ok;
    } catch (const std::bad_alloc&) {
        return fail(Status::NoMemory, "out of memory creating the venue");
    }
}

std::uint64_t Venue::Impl::unprocessed() const noexcept {
    // Not yet processed locally, plus those processed locally whose exchange turn has not come.
    std::uint64_t n = events.size() - local_next;
    for (std::size_t k = exch_next; k < exch_order.size(); ++k)
        if (exch_order[k] < local_next) ++n;
    return n;
}

void Venue::Impl::compact() noexcept {
    LiveFeed& f = *live;
    std::size_t done = local_next;  // events [0, done) are processed by both sides
    for (std::size_t k = exch_next; k < exch_order.size() && done > 0; ++k)
        done = std::min<std::size_t>(done, exch_order[k]);
    if (done * 2 <= f.events.capacity()) return;
    f.events.erase(f.events.begin(), f.events.begin() + static_cast<std::ptrdiff_t>(done));
    exch_order.erase(exch_order.begin(), exch_order.begin() + static_cast<std::ptrdiff_t>(exch_next));
    for (std::uint32_t& i : exch_order) i -= static_cast<std::uint32_t>(done);
    local_next -= done;
    exch_next = 0;
    events = f.events;
}

namespace {

// Room for `more` elements, doubling so that pushes cost amortised O(1).
template <class T>
void reserve_more(std::vector<T>& v, std::size_t more) {
    if (v.size() + more > v.capacity()) v.reserve(std::max(v.size() + more, 2 * v.capacity()));
}

}  // namespace

Status Venue::push(std::span<const md::Event> batch) {
    Impl& v = *impl_;
    auto fail = [&](Status s, std::string text) {
        v.error = std::move(text);
        return s;
    };
    if (!v.live) return fail(Status::InvalidOp, "a recorded venue takes no pushed events");
    LiveFeed& f = *v.live;
    if (f.closed) return fail(Status::FeedClosed, "the feed is closed");

    // Checks first, all or nothing: the times over the whole batch, then the symbols.
    std::int64_t watermark = f.watermark;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const md::Event& e = batch[i];
        if (e.local_ts < watermark)
            return fail(Status::TimeBackwards, "event " + std::to_string(i) + ": local_ts " +
                                                   std::to_string(e.local_ts) + " is below " +
                                                   (i == 0 ? "the feed's watermark " : "the previous event's ") +
                                                   std::to_string(watermark));
        watermark = e.local_ts;
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const md::Event& e = batch[i];
        if (v.slot_of(e.symbol) < 0)
            return fail(Status::UnknownSymbol, "event " + std::to_string(i) + ": symbol id " +
                                                   std::to_string(e.symbol) + " is not in the symbol table");
        std::int64_t shifted;
        if (__builtin_add_overflow(e.local_ts, v.local_shift, &shifted))
            return fail(Status::OutOfRange,
                        "event " + std::to_string(i) + ": local_ts + local_shift_ns overflows int64");
    }
    if (batch.empty()) return Status::Ok;

    try {
        if (f.events.size() + batch.size() > f.events.capacity()) v.compact();
        if (f.events.size() + batch.size() >= UINT32_MAX)
            return fail(Status::NoMemory, "a live venue holds fewer than 2^32 unprocessed events");
        reserve_more(f.events, batch.size());
        reserve_more(v.exch_order, batch.size());
        f.merged.clear();
        reserve_more(f.merged, v.exch_order.size() - v.exch_next + batch.size());
    } catch (const std::bad_alloc&) {
        return fail(Status::NoMemory, "out of memory appending pushed events");
    }

    // Nothing below allocates. Late events are raised to the frontier.
    const std::size_t first = f.events.size();
    const bool has_pending = v.exch_next < v.exch_order.size();
    std::int64_t last = has_pending ? f.events[v.exch_order.back()].exch_ts : INT64_MIN;
    bool in_order = true;
    for (const md::Event& e : batch) {
        md::Event copy = e;
        if (copy.exch_ts < f.frontier) {
            copy.exch_ts = f.frontier;
            ++f.late;
        }
        if (copy.exch_ts < last) in_order = false;
        last = copy.exch_ts;
        f.events.push_back(copy);
    }
    const auto total = static_cast<std::uint32_t>(f.events.size());
    if (in_order) {
        for (std::uint32_t i = static_cast<std::uint32_t>(first); i < total; ++i) v.exch_order.push_back(i);
    } else {
        // Sort the batch by (exch_ts, index) into `merged`, then merge it with
        // the pending entries it interleaves (those after its smallest exch_ts).
        const auto& ev = f.events;
        auto before = [&](std::uint32_t a, std::uint32_t b) {
            return ev[a].exch_ts < ev[b].exch_ts || (ev[a].exch_ts == ev[b].exch_ts && a < b);
        };
        for (std::uint32_t i = static_cast<std::uint32_t>(first); i < total; ++i) f.merged.push_back(i);
        std::sort(f.merged.begin(), f.merged.end(), before);
        const std::int64_t lowest = ev[f.merged.front()].exch_ts;
        const auto split = std::upper_bound(v.exch_order.begin() + static_cast<std::ptrdiff_t>(v.exch_next),
                                            v.exch_order.end(), lowest,
                                            [&](std::int64_t ts, std::uint32_t i) { return ts < ev[i].exch_ts; });
        const std::size_t at = static_cast<std::size_t>(split - v.exch_order.begin());
        const std::size_t batch_n = f.merged.size();
        // merged = [sorted batch | the pending tail from `at`], then merged back into exch_order.
        f.merged.insert(f.merged.end(), v.exch_order.begin() + static_cast<std::ptrdiff_t>(at), v.exch_order.end());
        v.exch_order.resize(v.exch_order.size() + batch_n);
        std::merge(f.merged.begin() + static_cast<std::ptrdiff_t>(batch_n), f.merged.end(), f.merged.begin(),
                   f.merged.begin() + static_cast<std::ptrdiff_t>(batch_n),
                   v.exch_order.begin() + static_cast<std::ptrdiff_t>(at), before);
    }
    f.watermark = watermark;
    f.pushed += batch.size();
    v.events = f.events;
    return Status::Ok;
}

Status Venue::advance_feed(std::int64_t local_ts) {
    Impl& v = *impl_;
    if (!v.live) {
        v.error = "a recorded venue has no feed to advance";
        return Status::InvalidOp;
    }
    if (v.live->closed) {
        v.error = "the feed is closed";
        return Status::FeedClosed;
    }
    v.live->watermark = std::max(v.live->watermark, local_ts);
    return Status::Ok;
}

Status Venue::close_feed() {
    Impl& v = *impl_;
    if (!v.live) {
        v.error = "a recorded venue has no feed to close";
        return Status::InvalidOp;
    }
    v.live->closed = true;
    return Status::Ok;
}

FeedState Venue::feed() const noexcept {
    const Impl& v = *impl_;
    FeedState out{};
    out.pending = v.unprocessed();
    if (v.live) {
        const LiveFeed& f = *v.live;
        out.watermark = f.watermark;
        out.horizon = f.horizon(v.local_shift);
        out.pushed = f.pushed;
        out.late_events = f.late;
        out.live = 1;
        out.closed = f.closed ? 1 : 0;
        return out;
    }
    out.watermark = v.events.empty() ? INT64_MIN : v.events.back().local_ts;
    out.horizon = INT64_MAX;
    out.pushed = v.events.size();
    out.closed = 1;
    return out;
}

}  // namespace sigmax::venue
