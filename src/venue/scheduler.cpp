// Driving the clock (docs/venue.md, "Scheduling"): four time-ordered
// sources, all symbols merged — local data (shifted local_ts), responses
// due at local, exchange data (exch_ts), requests due at the exchange —
// processed smallest time first; ties in that order, FIFO within a source.
// Every source only ever receives items at or after the time being
// processed, so the merge is in global time order.
#include <new>

#include "venue_impl.hpp"

namespace sigmax::venue {

namespace {

enum class Source { None, LocalData, LocalResponse, ExchangeData, ExchangeRequest };

// What stops a wait early.
enum class Until { Target, Feed, FeedOrResponse, OrderResponse };

struct Next {
    Source source = Source::None;
    std::int64_t ts = 0;
};

[[gnu::always_inline]] inline Next next_source(const Venue::Impl& v) noexcept {
    Next n;
    const bool has_local = v.local_next < v.events.size();
    const bool has_exch = v.exch_next < v.exch_order.size();
    const std::int64_t local_ts = has_local ? v.local_ts_of(v.events[v.local_next]) : 0;
    const std::int64_t exch_ts = has_exch ? v.events[v.exch_order[v.exch_next]].exch_ts : 0;
    if (v.requests.empty() && v.responses.empty()) {  // the common case: only the two data streams
        if (has_local && (!has_exch || local_ts <= exch_ts)) return {Source::LocalData, local_ts};
        if (has_exch) return {Source::ExchangeData, exch_ts};
        return n;
    }
    if (has_local) n = {Source::LocalData, local_ts};
    if (!v.responses.empty() && (n.source == Source::None || v.responses.front().recv_ts < n.ts))
        n = {Source::LocalResponse, v.responses.front().recv_ts};
    if (has_exch && (n.source == Source::None || exch_ts < n.ts)) n = {Source::ExchangeData, exch_ts};
    if (!v.requests.empty() && (n.source == Source::None || v.requests.front().arrival_ts < n.ts))
        n = {Source::ExchangeRequest, v.requests.front().arrival_ts};
    return n;
}

// Processes the sources up to `target` (and, for a wait, up to the time of
// the first event that ends it). The event loop: hot, and its start pinned
// to a cache line so that code added elsewhere in the library does not move
// it (its speed followed its placement by a few percent with the same
// instructions executed).
[[gnu::hot, gnu::aligned(64)]] Step run(Venue::Impl& v, std::int64_t target, Until until, std::uint32_t slot = 0, std::int64_t order_id = 0) {
    Step stopped = Step::Timeout;
    bool stop_found = false;
    for (;;) {
        const Next n = next_source(v);
        if (n.source == Source::None) break;
        if (n.ts > target) break;
        switch (n.source) {
        case Source::LocalData:
            v.local_data(v.events[v.local_next]);
            ++v.local_next;
            if (!stop_found && (until == Until::Feed || until == Until::FeedOrResponse)) {
                stop_found = true;
                stopped = Step::Feed;
                target = n.ts;
            }
            break;
        case Source::LocalResponse: {
            if (v.fills.size() == v.fills.capacity()) v.fills.reserve(v.fills.size() * 2 + 1024);
            const Response r = v.responses.front();
            v.responses.pop();
            v.local_response(r);
            if (!stop_found && (until == Until::FeedOrResponse ||
                                (until == Until::OrderResponse && r.symbol == slot &&
                                 r.snapshot.order_id == order_id))) {
                stop_found = true;
                stopped = Step::Response;
                target = n.ts;
            }
            break;
        }
        case Source::ExchangeData:
            v.exchange_data(v.events[v.exch_order[v.exch_next]]);
            ++v.exch_next;
            break;
        case Source::ExchangeRequest: {
            const Request r = v.requests.front();
            v.requests.pop();
            v.exchange_request(r);
            break;
        }
        case Source::None: break;
        }
        v.last_processed = n.ts;
    }
    if (stop_found) {
        v.current = target;
        return stopped;
    }
    if (next_source(v).source == Source::None) {
        if (v.last_processed > v.current) v.current = v.last_processed;
        return Step::End;
    }
    v.current = target;
    return Step::Timeout;
}

// A live venue's driving call (docs/venue.md, "Live venue"): the target is
// clipped once, before the loop, so the recorded path does no extra work.
// Items at the horizon itself are left alone (an event pushed later may
// still come at that time, and ties go local data, responses, exchange data,
// requests), so the venue processes what lies strictly before the horizon.
[[gnu::noinline, gnu::cold]] Step run_live(Venue::Impl& v, std::int64_t target, Until until, std::uint32_t slot,
                                          std::int64_t order_id) {
    LiveFeed& f = *v.live;
    const std::int64_t before = v.current;
    const std::int64_t horizon = f.horizon(v.local_shift);
    Step step;
    if (f.closed) {
        step = run(v, target, until, slot, order_id);
    } else if (target < horizon) {
        step = run(v, target, until, slot, order_id);
        if (step == Step::End) {  // nothing left for now, but the feed goes on: time just passes
            v.current = target;
            step = Step::Timeout;
        }
    } else {
        step = horizon == INT64_MIN ? Step::Timeout : run(v, horizon - 1, until, slot, order_id);
        if (step == Step::Timeout || step == Step::End) {
            v.current = horizon;
            step = Step::Pending;
        }
    }
    // The time everything before has been processed; a pushed event below it is late.
    if (v.current > f.frontier && !(step == Step::Pending && horizon == INT64_MIN)) f.frontier = v.current;
    if (v.current < before) v.current = before;  // never backwards (events pushed before the start)
    return step;
}

Step drive(Venue::Impl& v, std::int64_t target, Until until, std::uint32_t slot = 0, std::int64_t order_id = 0) {
    if (v.live) [[unlikely]] return run_live(v, target, until, slot, order_id);
    return run(v, target, until, slot, order_id);
}

template <class Body>
Status guarded(Venue::Impl& v, Body&& body) {
    try {
        return body();
    } catch (const std::bad_alloc&) {
        v.error = "out of memory while processing events (the venue's state is partly advanced)";
        return Status::NoMemory;
    }
}

}  // namespace

Status Venue::go_to(std::int64_t local_ts, Step& result) {
    Impl& v = *impl_;
    if (local_ts < v.current) return Status::TimeBackwards;
    return guarded(v, [&] {
        result = drive(v, local_ts, Until::Target);
        return Status::Ok;
    });
}

Status Venue::elapse(std::int64_t duration_ns, Step& result) {
    if (duration_ns < 0) return Status::TimeBackwards;
    return go_to(add_clamped(impl_->current, duration_ns), result);
}

Status Venue::wait_next_feed(bool include_responses, std::int64_t timeout_ns, Step& result) {
    Impl& v = *impl_;
    if (timeout_ns < 0) return Status::TimeBackwards;
    return guarded(v, [&] {
        result = drive(v, add_clamped(v.current, timeout_ns), include_responses ? Until::FeedOrResponse : Until::Feed);
        return Status::Ok;
    });
}

Status Venue::wait_order_response(std::uint32_t symbol, std::int64_t order_id, std::int64_t timeout_ns, Step& result) {
    Impl& v = *impl_;
    const std::int64_t slot = v.slot_of(symbol);
    if (slot < 0) return Status::UnknownSymbol;
    if (!v.local_order(v.symbols[static_cast<std::size_t>(slot)], order_id)) return Status::NotFound;
    if (timeout_ns < 0) return Status::TimeBackwards;
    return guarded(v, [&] {
        result = drive(v, add_clamped(v.current, timeout_ns), Until::OrderResponse, static_cast<std::uint32_t>(slot),
                     order_id);
        return Status::Ok;
    });
}

std::int64_t Venue::current_timestamp() const noexcept { return impl_->current; }
std::int64_t Venue::local_shift_ns() const noexcept { return impl_->local_shift; }

}  // namespace sigmax::venue
