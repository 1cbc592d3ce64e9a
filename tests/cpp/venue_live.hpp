// Driving a live venue and a recorded one in lockstep: the same strategy
// calls on both, the live one fed by pushes in chunks whenever it answers
// PENDING (and closed when the stream is exhausted), compared after every
// call. Shared by the live venue's equality and allocation tests.
#pragma once

#include <algorithm>
#include <cstring>
#include <functional>
#include <random>
#include <span>
#include <vector>

#include <catch2/catch.hpp>

#include "venue_stream.hpp"

namespace sigmax::venue::test {

// The delay that makes a live run equal the recorded one: the feed's
// largest (local + shift - exch).
inline std::int64_t max_feed_latency(std::span<const md::Event> events, std::int64_t shift) {
    std::int64_t most = 0;
    for (const md::Event& e : events) most = std::max(most, e.local_ts + shift - e.exch_ts);
    return most;
}

// Pushes a stream into a live venue, one chunk per call.
struct Feeder {
    std::span<const md::Event> events;
    std::function<std::size_t()> chunk;  // the next chunk's size (>= 1)
    std::size_t next = 0;

    // Pushes the next chunk, or closes the feed when none is left.
    void feed(Venue& v) {
        if (next == events.size()) {
            REQUIRE(v.close_feed() == Status::Ok);
            return;
        }
        const std::size_t n = std::min(chunk(), events.size() - next);
        REQUIRE(v.push(events.subspan(next, n)) == Status::Ok);
        next += n;
    }
};

// One driving call to an absolute local time (a wait's timeout is target - current).
enum class Call { Goto, WaitFeed, WaitFeedOrResponse, WaitOrder };

inline Step call_once(Venue& v, Call call, std::int64_t target, std::int64_t order_id) {
    Step step = Step::Ok;
    const std::int64_t timeout = target - v.current_timestamp();
    switch (call) {
    case Call::Goto: REQUIRE(v.go_to(target, step) == Status::Ok); break;
    case Call::WaitFeed: REQUIRE(v.wait_next_feed(false, timeout, step) == Status::Ok); break;
    case Call::WaitFeedOrResponse: REQUIRE(v.wait_next_feed(true, timeout, step) == Status::Ok); break;
    case Call::WaitOrder: REQUIRE(v.wait_order_response(0, order_id, timeout, step) == Status::Ok); break;
    }
    return step;
}

// The call on a live venue: repeated, with a chunk pushed after each PENDING.
inline Step call_live(Venue& v, Feeder& feeder, Call call, std::int64_t target, std::int64_t order_id) {
    for (;;) {
        const Step step = call_once(v, call, target, order_id);
        if (step != Step::Pending) return step;
        REQUIRE(v.current_timestamp() <= target);
        feeder.feed(v);
    }
}

inline std::vector<Order> orders_of(const Venue& v) {
    std::size_t count = 0;
    REQUIRE(v.orders(0, {}, count) == Status::Ok);
    std::vector<Order> out(count);
    REQUIRE(v.orders(0, out, count) == Status::Ok);
    return out;
}

template <class T>
bool same_bytes(const T& a, const T& b) {
    return std::memcmp(&a, &b, sizeof(T)) == 0;
}

// Everything the strategy can see, equal byte for byte.
inline void require_same(const Venue& live, const Venue& recorded) {
    REQUIRE(live.current_timestamp() == recorded.current_timestamp());
    const auto a = orders_of(live), b = orders_of(recorded);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) REQUIRE(same_bytes(a[i], b[i]));
    State sa{}, sb{};
    REQUIRE(live.state(0, sa) == Status::Ok);
    REQUIRE(recorded.state(0, sb) == Status::Ok);
    REQUIRE(same_bytes(sa, sb));
    md::Quote qa{}, qb{};
    REQUIRE(live.quote(0, qa) == Status::Ok);
    REQUIRE(recorded.quote(0, qb) == Status::Ok);
    REQUIRE(same_bytes(qa, qb));
    REQUIRE(live.fills().size() == recorded.fills().size());
    for (std::size_t i = 0; i < live.fills().size(); ++i) REQUIRE(same_bytes(live.fills()[i], recorded.fills()[i]));
}

struct LockstepResult {
    std::size_t steps = 0, fills = 0;
};

// A random strategy (seeded) on both venues until the recorded one ends:
// goto / waits of up to `max_step` ns, and now and then an order action
// around the local bid (or `ref` > 0 without one). Requires every step and
// every view to agree.
inline LockstepResult run_lockstep(Venue& live, Feeder& feeder, Venue& recorded, std::uint64_t seed,
                                   std::int64_t max_step, std::int64_t ref) {
    std::mt19937_64 rng(seed);
    auto pick = [&](std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    };
    LimitsAsked limits_live, limits_recorded;
    std::int64_t next_live = 1, next_recorded = 1;
    LockstepResult result;
    require_same(live, recorded);
    for (;;) {
        const std::int64_t target = recorded.current_timestamp() + pick(0, max_step);
        const auto orders = orders_of(recorded);
        Call call = static_cast<Call>(pick(0, 3));
        std::int64_t order_id = 0;
        if (call == Call::WaitOrder) {
            if (orders.empty()) call = Call::Goto;
            else order_id = orders[static_cast<std::size_t>(pick(0, static_cast<std::int64_t>(orders.size()) - 1))].order_id;
        }
        const Step expected = call_once(recorded, call, target, order_id);
        const Step got = call_live(live, feeder, call, target, order_id);
        ++result.steps;
        INFO("step " << result.steps << ", call " << static_cast<int>(call) << ", target " << target);
        REQUIRE(static_cast<int>(got) == static_cast<int>(expected));
        require_same(live, recorded);
        if (expected == Step::End) break;
        md::Quote q{};
        REQUIRE(recorded.quote(0, q) == Status::Ok);
        if (pick(0, 2) == 0 && (q.has_bid || ref > 0)) {
            const std::int64_t mid = q.has_bid ? q.bid_price : ref;
            auto rng_live = rng;  // the same draws for both
            auto pick_live = [&](std::int64_t lo, std::int64_t hi) {
                return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_live);
            };
            random_action(recorded, pick, mid, orders_of(recorded), limits_recorded, next_recorded);
            random_action(live, pick_live, mid, orders_of(live), limits_live, next_live);
            REQUIRE(rng == rng_live);
        }
        REQUIRE(recorded.clear_inactive_orders(0) == Status::Ok);
        REQUIRE(live.clear_inactive_orders(0) == Status::Ok);
        require_same(live, recorded);
    }
    result.fills = recorded.fills().size();
    return result;
}

}  // namespace sigmax::venue::test
