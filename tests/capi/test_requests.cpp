// Request batches through the C ABI (sgx_engine_apply, sgx_engine_apply_into,
// sgx_engine_request_bound; docs/c_api.md, "Request batches"): a batch makes
// exactly the events of the same calls one by one; a malformed record
// refuses the whole batch before anything runs; the engine's refusal of one
// request is its REJECTED event and the batch goes on; the buffer variant
// runs a request only when its events fit, so none is lost or split.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "sigmax/engine.hpp"
#include "sigmax/request.hpp"
#include "sigmax_exec.h"

namespace {

using Events = std::vector<sgx_order_event>;

void record(const sgx_order_event* e, void* user) { static_cast<Events*>(user)->push_back(*e); }

bool same_events(const Events& a, const Events& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof a[0]) == 0);
}

// self_trade: the engine's mode for orders whose stp is DEFAULT.
sgx_engine* make_engine(uint32_t self_trade = SGX_STP_DEFAULT) {
    sgx_engine_config config;
    REQUIRE(sgx_engine_config_init(&config) == SGX_OK);
    config.fill_capacity = 0;
    config.self_trade = self_trade;
    sgx_engine* e = nullptr;
    REQUIRE(sgx_engine_create(&e, &config) == SGX_OK);
    return e;
}

sgx_request new_request(uint64_t id, uint8_t side, int64_t price, int64_t lots, uint32_t symbol = 1,
                        uint8_t type = SGX_TYPE_LIMIT, uint8_t tif = SGX_TIF_GTC) {
    sgx_request r = SGX_REQUEST_INIT;
    r.op = SGX_OP_NEW;
    r.order_id = id;
    r.side = side;
    r.price = price;
    r.lots = lots;
    r.symbol = symbol;
    r.type = type;
    r.tif = tif;
    return r;
}
sgx_request cancel_request(uint64_t id) {
    sgx_request r = SGX_REQUEST_INIT;
    r.op = SGX_OP_CANCEL;
    r.order_id = id;
    return r;
}
sgx_request replace_request(uint64_t id, int64_t price, int64_t lots) {
    sgx_request r = SGX_REQUEST_INIT;
    r.op = SGX_OP_REPLACE;
    r.order_id = id;
    r.price = price;
    r.lots = lots;
    return r;
}
sgx_request cancel_all_request(uint32_t symbol) {
    sgx_request r = SGX_REQUEST_INIT;
    r.op = SGX_OP_CANCEL_ALL;
    r.symbol = symbol;
    return r;
}
sgx_request cancel_owner_request(uint64_t owner) {
    sgx_request r = SGX_REQUEST_INIT;
    r.op = SGX_OP_CANCEL_OWNER;
    r.owner = owner;
    return r;
}

// The request as its own single call.
int32_t call_one(sgx_engine* e, const sgx_request& r, sgx_event_fn fn, void* user) {
    switch (r.op) {
    case SGX_OP_NEW: {
        sgx_new_order o = SGX_NEW_ORDER_INIT;
        o.symbol = r.symbol;
        o.side = r.side;
        o.type = r.type;
        o.tif = r.tif;
        o.client_id = r.order_id;
        o.price = r.price;
        o.lots = r.lots;
        o.stp = r.stp;
        o.owner = r.owner;
        return sgx_engine_submit(e, &o, fn, user);
    }
    case SGX_OP_CANCEL:
        return sgx_engine_cancel_order(e, r.order_id, fn, user);
    case SGX_OP_REPLACE:
        return sgx_engine_replace(e, r.order_id, r.price, r.lots, fn, user);
    case SGX_OP_CANCEL_ALL:
        return sgx_engine_cancel_all(e, r.symbol, fn, user);
    default:
        return sgx_engine_cancel_owner(e, r.owner, fn, user);
    }
}

// A random stream over a small id pool and a narrow price band, so that
// orders cross, sweep several levels, collide on ids and name unknown ones;
// orders of four owners (and none) under every self-trade mode, so that
// prevention cancels makers and takers; now and then a bad code, price,
// lots, stp or owner (the engine's refusals).
std::vector<sgx_request> random_requests(std::size_t n, uint64_t seed) {
    std::mt19937_64 rng(seed);
    auto pick = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
    std::vector<sgx_request> out;
    out.reserve(n);
    while (out.size() < n) {
        const int64_t op = pick(0, 99);
        const auto id = static_cast<uint64_t>(pick(0, 200));
        if (op < 55) {
            const bool market = pick(0, 9) == 0;
            sgx_request r = new_request(id, static_cast<uint8_t>(pick(0, 1)), pick(95, 105),
                                        pick(0, 5) == 0 ? pick(10, 60) : pick(1, 12), static_cast<uint32_t>(pick(1, 2)),
                                        market ? SGX_TYPE_MARKET : SGX_TYPE_LIMIT,
                                        static_cast<uint8_t>(pick(0, 9) < 6 ? int64_t{SGX_TIF_GTC} : pick(1, 3)));
            r.owner = static_cast<uint64_t>(pick(0, 9) < 4 ? 0 : pick(1, 4));
            r.stp = static_cast<uint8_t>(pick(0, 5));
            if (pick(0, 99) == 0) r.side = 2;
            if (pick(0, 99) == 0) r.tif = 4;
            if (pick(0, 99) == 0) r.price = pick(-1, 0);
            if (pick(0, 99) == 0) r.lots = 0;
            if (pick(0, 99) == 0) r.stp = 6;
            out.push_back(r);
        } else if (op < 83) {
            out.push_back(cancel_request(id));
        } else if (op < 96) {
            out.push_back(replace_request(id, pick(94, 106), pick(0, 12)));
        } else if (op < 98) {
            out.push_back(cancel_all_request(static_cast<uint32_t>(pick(1, 3))));
        } else {
            out.push_back(cancel_owner_request(static_cast<uint64_t>(pick(0, 4))));
        }
    }
    return out;
}

// Each request's events and status as its single call gives them, on a
// fresh engine; and the bound sgx_engine_request_bound gave just before.
struct Reference {
    std::vector<Events> events;
    std::vector<int32_t> status;
    std::vector<size_t> bound;
};
Reference run_one_by_one(const std::vector<sgx_request>& rs, uint32_t self_trade = SGX_STP_DEFAULT) {
    sgx_engine* e = make_engine(self_trade);
    Reference ref;
    for (const sgx_request& r : rs) {
        size_t bound = 0;
        REQUIRE(sgx_engine_request_bound(&bound, e, &r) == SGX_OK);
        Events ev;
        ref.status.push_back(call_one(e, r, &record, &ev));
        ref.events.push_back(ev);
        ref.bound.push_back(bound);
    }
    sgx_engine_destroy(e);
    return ref;
}

// Levels of symbols 1..3 and the statistics a refused batch must keep.
struct Snapshot {
    std::vector<double> levels;
    uint64_t resting = 0, orders = 0, cancels = 0, invalid = 0;
    bool operator==(const Snapshot&) const = default;
};
Snapshot snapshot(sgx_engine* e) {
    Snapshot s;
    for (uint32_t sym : {1u, 2u, 3u}) {
        sgx_level bids[256], asks[256];
        size_t nb = 0, na = 0;
        REQUIRE(sgx_engine_depth(bids, &nb, asks, &na, e, sym, 256) == SGX_OK);
        for (size_t i = 0; i < nb; ++i) s.levels.insert(s.levels.end(), {bids[i].price, bids[i].quantity});
        s.levels.push_back(-1);
        for (size_t i = 0; i < na; ++i) s.levels.insert(s.levels.end(), {asks[i].price, asks[i].quantity});
        s.levels.push_back(-2);
    }
    sgx_engine_stats st = SGX_ENGINE_STATS_INIT;
    REQUIRE(sgx_engine_get_stats(&st, e) == SGX_OK);
    s.resting = st.resting_orders;
    s.orders = st.orders_processed;
    s.cancels = st.cancels;
    s.invalid = st.invalid_requests;
    return s;
}

Events flatten(const std::vector<Events>& per_request, size_t from, size_t to) {
    Events out;
    for (size_t i = from; i < to; ++i) out.insert(out.end(), per_request[i].begin(), per_request[i].end());
    return out;
}

}  // namespace

TEST_CASE("a batch of mixed requests makes the same events as the same calls one by one, byte for byte",
          "[capi][requests]") {
    const std::vector<sgx_request> rs = random_requests(6000, 20261204);
    const Reference ref = run_one_by_one(rs);
    sgx_engine* batched = make_engine();
    sgx_engine* quiet = make_engine();  // the same batches with a NULL callback
    sgx_engine* one_by_one = make_engine();
    for (const sgx_request& r : rs) REQUIRE(call_one(one_by_one, r, nullptr, nullptr) == ref.status[&r - rs.data()]);

    std::mt19937_64 rng(7);
    Events events;
    size_t at = 0;
    while (at < rs.size()) {
        const size_t n = std::min<size_t>(rs.size() - at, std::uniform_int_distribution<size_t>(0, 130)(rng));
        size_t done = 99, quiet_done = 99;
        REQUIRE(sgx_engine_apply(&done, batched, rs.data() + at, n, &record, &events) == SGX_OK);
        REQUIRE(sgx_engine_apply(&quiet_done, quiet, rs.data() + at, n, nullptr, nullptr) == SGX_OK);
        REQUIRE(done == n);
        REQUIRE(quiet_done == n);
        at += n;
    }
    REQUIRE(same_events(events, flatten(ref.events, 0, rs.size())));
    CHECK(snapshot(batched) == snapshot(one_by_one));
    CHECK(snapshot(quiet) == snapshot(one_by_one));

    // The stream reaches what it is meant to compare: trades, multi-level
    // sweeps, refusals of every kind of request.
    size_t trades = 0, rejected = 0, sweeps = 0, self_trades = 0;
    for (const Events& ev : ref.events) {
        size_t t = 0;
        for (const sgx_order_event& e : ev) {
            t += e.kind == SGX_EVENT_TRADE;
            rejected += e.kind == SGX_EVENT_REJECTED;
            self_trades += e.kind == SGX_EVENT_CANCELLED && e.reason == SGX_CANCEL_SELF_TRADE;
        }
        trades += t;
        sweeps += t >= 3;
    }
    CHECK(trades > 500);
    CHECK(rejected > 200);
    CHECK(sweeps > 20);
    CHECK(self_trades > 50);
    sgx_engine_destroy(batched);
    sgx_engine_destroy(quiet);
    sgx_engine_destroy(one_by_one);
}

TEST_CASE("a request's events never exceed the bound sgx_engine_request_bound gives just before it runs",
          "[capi][requests]") {
    // Under every engine-wide self-trade mode, for the orders whose stp is DEFAULT.
    for (uint32_t mode = SGX_STP_DEFAULT; mode <= SGX_STP_DECREMENT_AND_CANCEL; ++mode) {
        const std::vector<sgx_request> rs = random_requests(4000, 99 + mode);
        const Reference ref = run_one_by_one(rs, mode);
        size_t tight = 0;
        for (size_t i = 0; i < rs.size(); ++i) {
            INFO("engine mode " << mode << ", request " << i << ", op " << int{rs[i].op} << ", stp " << int{rs[i].stp}
                                << ", owner " << rs[i].owner);
            REQUIRE(ref.events[i].size() <= ref.bound[i]);
            tight += ref.events[i].size() == ref.bound[i] && ref.bound[i] > 2;
        }
        CHECK(tight > 0);  // requests meet their bound exactly sometimes: it is not loose by construction
    }
}

TEST_CASE("the buffer variant never loses or splits a request's events: resuming from *out_done gives the "
          "callback stream",
          "[capi][requests]") {
    const std::vector<sgx_request> rs = random_requests(4000, 424242);
    const Reference ref = run_one_by_one(rs);
    sgx_engine* e = make_engine();
    std::mt19937_64 rng(11);
    std::vector<sgx_order_event> buffer(300);
    Events all;
    size_t at = 0, stops = 0, grown = 0;
    while (at < rs.size()) {
        size_t capacity = std::uniform_int_distribution<size_t>(0, 40)(rng);
        const size_t n = std::min<size_t>(rs.size() - at, std::uniform_int_distribution<size_t>(1, 100)(rng));
        size_t written = 99, done = 99;
        // Poison past the room given: nothing may be written there.
        std::memset(buffer.data(), 0xAB, buffer.size() * sizeof buffer[0]);
        const int32_t rc = sgx_engine_apply_into(buffer.data(), &written, &done, e, rs.data() + at, n, capacity);
        INFO("at " << at << ", capacity " << capacity << ", count " << n);
        REQUIRE((rc == SGX_OK || rc == SGX_ERR_EVENTS_FULL));
        REQUIRE(written <= capacity);
        REQUIRE(done <= n);
        // Exactly the events of the requests that ran, whole.
        REQUIRE(same_events(Events(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(written)),
                            flatten(ref.events, at, at + done)));
        for (size_t k = written; k < buffer.size(); ++k) REQUIRE(reinterpret_cast<unsigned char*>(&buffer[k])[0] == 0xAB);
        if (rc == SGX_OK) {
            REQUIRE(done == n);
        } else {
            ++stops;
            REQUIRE(done < n);
            // It stopped because the next request's bound passes the room left.
            REQUIRE(ref.bound[at + done] > capacity - written);
            if (done == 0) {
                // Nothing ran: the bound exceeds the capacity itself; with
                // that much room the request runs.
                size_t bound = 0;
                REQUIRE(sgx_engine_request_bound(&bound, e, &rs[at]) == SGX_OK);
                REQUIRE(bound == ref.bound[at]);
                REQUIRE(bound > capacity);
                REQUIRE(bound <= buffer.size());
                REQUIRE(sgx_engine_apply_into(buffer.data(), &written, &done, e, rs.data() + at, 1, bound) == SGX_OK);
                REQUIRE(done == 1);
                REQUIRE(same_events(Events(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(written)),
                                    ref.events[at]));
                ++grown;
            }
        }
        all.insert(all.end(), buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(written));
        at += done;
    }
    REQUIRE(same_events(all, flatten(ref.events, 0, rs.size())));
    CHECK(stops > 100);
    CHECK(grown > 10);
    sgx_engine_destroy(e);
}

TEST_CASE("a malformed record refuses the whole batch: its named status, nothing runs, no event, the detail "
          "names the record",
          "[capi][requests]") {
    sgx_engine* e = make_engine();
    const sgx_request seed = new_request(7, SGX_SIDE_SELL, 100, 5);
    size_t done = 0;
    REQUIRE(sgx_engine_apply(&done, e, &seed, 1, nullptr, nullptr) == SGX_OK);
    // Valid requests around the bad one at index 2: none of them may run.
    std::vector<sgx_request> batch = {new_request(8, SGX_SIDE_BUY, 100, 2), cancel_request(7),
                                      new_request(9, SGX_SIDE_BUY, 99, 1), cancel_all_request(1)};

    auto refused = [&](int32_t want, const sgx_request& bad, const std::string& field) {
        std::vector<sgx_request> b = batch;
        b[2] = bad;
        const Snapshot before = snapshot(e);
        Events events;
        size_t n = 99, written = 99;
        INFO("field " << field);
        REQUIRE(sgx_engine_apply(&n, e, b.data(), b.size(), &record, &events) == want);
        CHECK(n == 0);
        CHECK(events.empty());
        const std::string detail = sgx_error_detail();
        CHECK(detail.find("requests[2]") != std::string::npos);
        CHECK(detail.find(field) != std::string::npos);
        sgx_order_event out[16];
        REQUIRE(sgx_engine_apply_into(out, &written, &n, e, b.data(), b.size(), 16) == want);
        CHECK(n == 0);
        CHECK(written == 0);
        size_t bound = 99;
        REQUIRE(sgx_engine_request_bound(&bound, e, &b[2]) == want);
        CHECK(bound == 0);
        // Each of the three calls counted one invalid request; nothing else moved.
        Snapshot after = snapshot(e);
        CHECK(after.invalid == before.invalid + 3);
        after.invalid = before.invalid;
        CHECK(after == before);
    };

    SECTION("a struct_size other than sizeof(sgx_request): SGX_ERR_STRUCT_SIZE") {
        for (uint32_t size : {0u, 40u, 47u, 49u, 64u}) {
            sgx_request r = batch[2];
            r.struct_size = size;
            refused(SGX_ERR_STRUCT_SIZE, r, "struct_size");
        }
    }
    SECTION("a non-zero reserved byte: SGX_ERR_RESERVED") {
        for (size_t i = 0; i < sizeof batch[2].reserved; ++i) {
            sgx_request r = batch[2];
            r.reserved[i] = 1;
            refused(SGX_ERR_RESERVED, r, "reserved");
        }
    }
    SECTION("an op that is not an SGX_OP_* of this version: SGX_ERR_INVALID_OP") {
        for (uint8_t op : {uint8_t{SGX_OP_CANCEL_OWNER + 1}, uint8_t{255}}) {
            sgx_request r = batch[2];
            r.op = op;
            refused(SGX_ERR_INVALID_OP, r, "op");
        }
    }
    sgx_engine_destroy(e);
}

TEST_CASE("the engine's refusal of one request is its REJECTED event and the batch goes on", "[capi][requests]") {
    sgx_engine* e = make_engine();
    const std::vector<sgx_request> batch = {
        new_request(7, SGX_SIDE_SELL, 100, 5),  // rests
        cancel_request(99),                     // NOT_FOUND
        new_request(7, SGX_SIDE_BUY, 90, 1),    // DUPLICATE_ORDER_ID
        new_request(8, SGX_SIDE_BUY, 0, 1),     // INVALID_PRICE
        new_request(0, SGX_SIDE_BUY, 90, 1),    // INVALID_ORDER_ID
        new_request(8, 2, 90, 1),               // INVALID_SIDE
        replace_request(99, 100, 1),            // NOT_FOUND
        replace_request(7, 100, 0),             // INVALID_QUANTITY
        new_request(8, SGX_SIDE_BUY, 100, 2),   // trades 2 with 7
        replace_request(7, 101, 4),             // 3 left, re-priced to 4
        cancel_all_request(1),                  // cancels 7
    };
    Events events;
    size_t done = 0;
    REQUIRE(sgx_engine_apply(&done, e, batch.data(), batch.size(), &record, &events) == SGX_OK);
    CHECK(done == batch.size());
    const std::vector<std::pair<int, int32_t>> want = {
        {SGX_EVENT_ACCEPTED, SGX_OK},
        {SGX_EVENT_REJECTED, SGX_ERR_NOT_FOUND},
        {SGX_EVENT_REJECTED, SGX_ERR_DUPLICATE_ORDER_ID},
        {SGX_EVENT_REJECTED, SGX_ERR_INVALID_PRICE},
        {SGX_EVENT_REJECTED, SGX_ERR_INVALID_ORDER_ID},
        {SGX_EVENT_REJECTED, SGX_ERR_INVALID_SIDE},
        {SGX_EVENT_REJECTED, SGX_ERR_NOT_FOUND},
        {SGX_EVENT_REJECTED, SGX_ERR_INVALID_QUANTITY},
        {SGX_EVENT_ACCEPTED, SGX_OK},
        {SGX_EVENT_TRADE, SGX_OK},
        {SGX_EVENT_REPLACED, SGX_OK},
        {SGX_EVENT_CANCELLED, SGX_OK},
    };
    REQUIRE(events.size() == want.size());
    for (size_t i = 0; i < want.size(); ++i) {
        INFO("event " << i);
        CHECK(int{events[i].kind} == want[i].first);
        CHECK(events[i].status == want[i].second);
    }
    CHECK(events.back().order_id == 7);
    CHECK(events.back().lots == 4);
    sgx_engine_stats st = SGX_ENGINE_STATS_INIT;
    REQUIRE(sgx_engine_get_stats(&st, e) == SGX_OK);
    CHECK(st.resting_orders == 0);
    sgx_engine_destroy(e);
}

TEST_CASE("owners in a batch: self-trade prevention's events, cancel by owner, and the refusals of stp, owner 0 "
          "and a post-only replace that would trade, each alone",
          "[capi][requests]") {
    sgx_engine* e = make_engine();
    sgx_request own_ask = new_request(1, SGX_SIDE_SELL, 100, 5);
    own_ask.owner = 7;
    sgx_request other_ask = new_request(2, SGX_SIDE_SELL, 100, 5);
    other_ask.owner = 8;
    sgx_request post_only_bid = new_request(3, SGX_SIDE_BUY, 98, 1, 1, SGX_TYPE_LIMIT, SGX_TIF_POST_ONLY);
    post_only_bid.owner = 7;
    sgx_request taker = new_request(4, SGX_SIDE_BUY, 100, 3, 1, SGX_TYPE_LIMIT, SGX_TIF_IOC);
    taker.owner = 7;
    taker.stp = SGX_STP_CANCEL_OLDEST;  // its own ask 1 is cancelled, it trades 3 with ask 2
    sgx_request bad_stp = new_request(5, SGX_SIDE_BUY, 90, 1);
    bad_stp.stp = 9;
    const std::vector<sgx_request> batch = {
        own_ask, other_ask, post_only_bid, taker, bad_stp,
        replace_request(3, 100, 1),  // post-only to a crossing price: WOULD_TRADE
        cancel_owner_request(0),     // INVALID_OWNER
        cancel_owner_request(7),     // cancels 3
        cancel_owner_request(8),     // cancels 2 (2 lots left)
    };
    size_t bound = 0;
    Events events;
    size_t done = 0;
    REQUIRE(sgx_engine_apply(&done, e, batch.data(), 3, &record, &events) == SGX_OK);
    REQUIRE(sgx_engine_request_bound(&bound, e, &taker) == SGX_OK);
    CHECK(bound == 2 + 2);  // CANCEL_OLDEST: every crossing order, once
    events.clear();
    REQUIRE(sgx_engine_apply(&done, e, batch.data() + 3, batch.size() - 3, &record, &events) == SGX_OK);
    CHECK(done == batch.size() - 3);
    struct Want {
        int kind;
        uint64_t order_id;
        int32_t status;
        int reason;
    };
    const std::vector<Want> want = {
        {SGX_EVENT_ACCEPTED, 4, SGX_OK, SGX_CANCEL_NONE},
        {SGX_EVENT_CANCELLED, 1, SGX_OK, SGX_CANCEL_SELF_TRADE},
        {SGX_EVENT_TRADE, 4, SGX_OK, SGX_CANCEL_NONE},
        {SGX_EVENT_REJECTED, 5, SGX_ERR_INVALID_STP, SGX_CANCEL_NONE},
        {SGX_EVENT_REJECTED, 3, SGX_ERR_WOULD_TRADE, SGX_CANCEL_NONE},
        {SGX_EVENT_REJECTED, 0, SGX_ERR_INVALID_OWNER, SGX_CANCEL_NONE},
        {SGX_EVENT_CANCELLED, 3, SGX_OK, SGX_CANCEL_USER},
        {SGX_EVENT_CANCELLED, 2, SGX_OK, SGX_CANCEL_USER},
    };
    REQUIRE(events.size() == want.size());
    for (size_t i = 0; i < want.size(); ++i) {
        INFO("event " << i);
        CHECK(int{events[i].kind} == want[i].kind);
        CHECK(events[i].order_id == want[i].order_id);
        CHECK(events[i].status == want[i].status);
        CHECK(int{events[i].reason} == want[i].reason);
    }
    CHECK(events[7].lots == 2);
    sgx_engine_destroy(e);
}

TEST_CASE("LEVEL_FULL in a batch rejects that request alone; the requests after it run", "[capi][requests]") {
    sgx_engine* e = make_engine();
    const int64_t max_lots = int64_t{1} << 53;
    std::vector<sgx_request> batch;
    // 512 orders of 2^53 lots fill a level to its 2^62 bound; the 513th would pass it.
    for (uint64_t id = 1; id <= 513; ++id) batch.push_back(new_request(id, SGX_SIDE_BUY, 100, max_lots));
    batch.push_back(new_request(1000, SGX_SIDE_BUY, 99, 1));
    Events events;
    size_t done = 0;
    REQUIRE(sgx_engine_apply(&done, e, batch.data(), batch.size(), &record, &events) == SGX_OK);
    CHECK(done == batch.size());
    REQUIRE(events.size() == batch.size());
    CHECK(int{events[512].kind} == SGX_EVENT_REJECTED);
    CHECK(events[512].status == SGX_ERR_LEVEL_FULL);
    CHECK(int{events[513].kind} == SGX_EVENT_ACCEPTED);
    CHECK(events[513].order_id == 1000);
    sgx_engine_destroy(e);
}

TEST_CASE("NULL pointers: SGX_ERR_NULL_POINTER, nothing runs; an empty batch may pass NULL arrays",
          "[capi][requests]") {
    sgx_engine* e = make_engine();
    const sgx_request r = new_request(1, SGX_SIDE_BUY, 100, 1);
    sgx_order_event out[4];
    size_t done = 99, written = 99, bound = 99;
    Events events;
    CHECK(sgx_engine_apply(&done, nullptr, &r, 1, &record, &events) == SGX_ERR_NULL_POINTER);
    CHECK(done == 0);
    CHECK(sgx_engine_apply(nullptr, e, &r, 1, &record, &events) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_engine_apply(&done, e, nullptr, 1, &record, &events) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_engine_apply_into(out, &written, &done, nullptr, &r, 1, 4) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_engine_apply_into(nullptr, &written, &done, e, &r, 1, 4) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_engine_apply_into(out, nullptr, &done, e, &r, 1, 4) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_engine_apply_into(out, &written, nullptr, e, &r, 1, 4) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_engine_apply_into(out, &written, &done, e, nullptr, 1, 4) == SGX_ERR_NULL_POINTER);
    CHECK(written == 0);
    CHECK(sgx_engine_request_bound(&bound, nullptr, &r) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_engine_request_bound(nullptr, e, &r) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_engine_request_bound(&bound, e, nullptr) == SGX_ERR_NULL_POINTER);
    CHECK(events.empty());
    sgx_engine_stats st = SGX_ENGINE_STATS_INIT;
    REQUIRE(sgx_engine_get_stats(&st, e) == SGX_OK);
    CHECK(st.orders_processed == 0);
    CHECK(st.invalid_requests == 8);  // every call on the live engine

    CHECK(sgx_engine_apply(&done, e, nullptr, 0, nullptr, nullptr) == SGX_OK);
    CHECK(done == 0);
    CHECK(sgx_engine_apply_into(nullptr, &written, &done, e, nullptr, 0, 0) == SGX_OK);
    CHECK(written == 0);
    // No room at all: a request that emits events cannot run.
    CHECK(sgx_engine_apply_into(nullptr, &written, &done, e, &r, 1, 0) == SGX_ERR_EVENTS_FULL);
    CHECK(done == 0);
    sgx_engine_destroy(e);
}

TEST_CASE("a request whose bound passes the whole buffer stops the call before it; that much room runs it",
          "[capi][requests]") {
    sgx_engine* e = make_engine();
    std::vector<sgx_request> book;
    for (uint64_t id = 1; id <= 10; ++id) book.push_back(new_request(id, SGX_SIDE_SELL, 100 + int64_t(id % 3), 1));
    size_t done = 0;
    REQUIRE(sgx_engine_apply(&done, e, book.data(), book.size(), nullptr, nullptr) == SGX_OK);
    // A buy of 10 lots at 102 meets all ten: Accepted + 10 trades (bound 2 + 10).
    const std::vector<sgx_request> batch = {cancel_request(5), new_request(50, SGX_SIDE_BUY, 102, 10, 1, SGX_TYPE_LIMIT,
                                                                            SGX_TIF_IOC)};
    size_t bound = 0;
    REQUIRE(sgx_engine_request_bound(&bound, e, &batch[1]) == SGX_OK);
    CHECK(bound == 12);
    sgx_order_event out[12];
    size_t written = 0;
    REQUIRE(sgx_engine_apply_into(out, &written, &done, e, batch.data(), batch.size(), 8) == SGX_ERR_EVENTS_FULL);
    CHECK(done == 1);  // the cancel ran
    CHECK(written == 1);
    CHECK(int{out[0].kind} == SGX_EVENT_CANCELLED);
    REQUIRE(sgx_engine_request_bound(&bound, e, &batch[1]) == SGX_OK);
    CHECK(bound == 11);  // one maker fewer
    REQUIRE(sgx_engine_apply_into(out, &written, &done, e, &batch[1], 1, 10) == SGX_ERR_EVENTS_FULL);
    CHECK(done == 0);
    CHECK(written == 0);
    REQUIRE(sgx_engine_apply_into(out, &written, &done, e, &batch[1], 1, bound) == SGX_OK);
    CHECK(done == 1);
    CHECK(written == 11);  // Accepted, 9 trades, Cancelled (IOC remainder)
    CHECK(int{out[10].kind} == SGX_EVENT_CANCELLED);

    // cancel_all's bound is the symbol's resting orders.
    REQUIRE(sgx_engine_apply(&done, e, book.data(), 3, nullptr, nullptr) == SGX_OK);
    const sgx_request all = cancel_all_request(1);
    REQUIRE(sgx_engine_request_bound(&bound, e, &all) == SGX_OK);
    CHECK(bound == 3);
    const sgx_request other = cancel_all_request(2);
    REQUIRE(sgx_engine_request_bound(&bound, e, &other) == SGX_OK);
    CHECK(bound == 0);
    sgx_engine_destroy(e);
}

TEST_CASE("a batch holds the engine: a callback's call on it gets SGX_ERR_BUSY, and the batch goes on",
          "[capi][requests]") {
    sgx_engine* e = make_engine();
    struct Reentry {
        sgx_engine* engine;
        int32_t status = SGX_OK;
        size_t done = 99;
        size_t events = 0;
        static void call(const sgx_order_event*, void* user) {
            auto* r = static_cast<Reentry*>(user);
            ++r->events;
            const sgx_request c = cancel_request(1);
            r->status = sgx_engine_apply(&r->done, r->engine, &c, 1, nullptr, nullptr);
        }
    } re{e};
    const std::vector<sgx_request> batch = {new_request(1, SGX_SIDE_BUY, 100, 1), new_request(2, SGX_SIDE_BUY, 99, 1)};
    size_t done = 0;
    REQUIRE(sgx_engine_apply(&done, e, batch.data(), batch.size(), &Reentry::call, &re) == SGX_OK);
    CHECK(done == 2);
    CHECK(re.events == 2);
    CHECK(re.status == SGX_ERR_BUSY);
    CHECK(re.done == 0);
    sgx_order_info info;
    CHECK(sgx_engine_order_info(&info, e, 1) == SGX_OK);  // the inner cancel changed nothing
    sgx_engine_destroy(e);
}

TEST_CASE("Engine::Session::apply runs a span of requests as the C batch does", "[capi][requests]") {
    const std::vector<sgx_request> rs = random_requests(2000, 5);
    const Reference ref = run_one_by_one(rs);
    sigmax::Engine::Config c;
    c.fill_capacity = 0;
    sigmax::Engine engine(c);
    std::vector<sigmax::Request> requests;
    for (const sgx_request& r : rs) {
        sigmax::Request q;
        q.op = static_cast<sigmax::RequestOp>(r.op);
        q.order_id = r.order_id;
        q.price = r.price;
        q.lots = r.lots;
        q.symbol = r.symbol;
        q.side = static_cast<sigmax::Side>(r.side);
        q.type = static_cast<sigmax::OrderType>(r.type);
        q.tif = static_cast<sigmax::TimeInForce>(r.tif);
        q.stp = static_cast<sigmax::SelfTrade>(r.stp);
        q.owner = r.owner;
        requests.push_back(q);
    }
    Events events;
    {
        sigmax::Engine::Session session(engine);
        REQUIRE(session.owned());
        session.apply(std::span<const sigmax::Request>(requests), [&](const sigmax::OrderEvent& e) {
            sgx_order_event c_event;
            std::memcpy(&c_event, &e, sizeof c_event);
            events.push_back(c_event);
        });
        // An op outside RequestOp: its Rejected event, InvalidOp.
        sigmax::Request bad = sigmax::Request::cancel(1);
        bad.op = static_cast<sigmax::RequestOp>(9);
        Events rejected;
        CHECK(session.apply(bad, [&](const sigmax::OrderEvent& e) {
            rejected.push_back(sgx_order_event{});
            CHECK(e.kind == sigmax::OrderEventKind::Rejected);
            CHECK(e.status == sigmax::Status::InvalidOp);
        }) == sigmax::Status::InvalidOp);
        CHECK(rejected.size() == 1);
    }
    CHECK(same_events(events, flatten(ref.events, 0, rs.size())));
}
