// Bad input through the C ABI: each case gets its named status and leaves the
// engine exactly as it was (book, next order id, pending fills); a status of
// the invalid-argument group on a live engine is counted in invalid_requests.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "sigmax_exec.h"

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

sgx_order order(uint8_t side, uint8_t type, uint8_t tif, double price, double qty, uint32_t symbol = 1) {
    sgx_order o;
    std::memset(&o, 0, sizeof o);
    o.struct_size = sizeof o;
    o.symbol = symbol;
    o.side = side;
    o.type = type;
    o.tif = tif;
    o.price = price;
    o.quantity = qty;
    return o;
}

// Everything observable about the engine, to compare before and after.
struct Snapshot {
    std::vector<double> levels;
    size_t pending_fills = 0;
    uint64_t resting = 0;
    bool operator==(const Snapshot&) const = default;
};

uint64_t invalid_requests(const sgx_engine* e) {
    sgx_engine_stats st = SGX_ENGINE_STATS_INIT;
    REQUIRE(sgx_engine_get_stats(&st, e) == SGX_OK);
    return st.invalid_requests;
}

bool invalid_argument(int32_t status) { return status <= -1 && status >= -29; }

Snapshot snapshot(sgx_engine* e) {
    Snapshot s;
    for (uint32_t sym : {1u, 2u}) {
        sgx_level bids[16], asks[16];
        size_t nb = 0, na = 0;
        REQUIRE(sgx_engine_depth(bids, &nb, asks, &na, e, sym, 16) == SGX_OK);
        for (size_t i = 0; i < nb; ++i) s.levels.insert(s.levels.end(), {bids[i].price, bids[i].quantity});
        s.levels.push_back(-1);
        for (size_t i = 0; i < na; ++i) s.levels.insert(s.levels.end(), {asks[i].price, asks[i].quantity});
        s.levels.push_back(-2);
    }
    REQUIRE(sgx_engine_pending_fills(&s.pending_fills, e) == SGX_OK);
    sgx_engine_stats st;
    st.struct_size = sizeof st;
    REQUIRE(sgx_engine_get_stats(&st, e) == SGX_OK);
    s.resting = st.resting_orders;
    return s;
}

struct Case {
    std::string rule;
    int32_t expected;
    std::function<int32_t(sgx_engine*)> call;
    // Whether an invalid-argument status is counted: not without an engine,
    // nor by sgx_engine_get_stats (it may run on any thread: it writes nothing).
    bool counted = true;
};

}  // namespace

TEST_CASE("bad input gets its named status and leaves the engine unchanged", "[capi][bad-input]") {
    sgx_report rep;
    sgx_report reps[4];
    size_t count = 0;
    auto exec = [&](sgx_order o) { return [o, &rep](sgx_engine* e) { return sgx_engine_execute(&rep, e, &o); }; };

    const std::vector<Case> cases = {
        {"NaN price", SGX_ERR_INVALID_PRICE, exec(order(0, 0, 0, kNaN, 1.0))},
        {"infinite price", SGX_ERR_INVALID_PRICE, exec(order(0, 0, 0, kInf, 1.0))},
        {"negative price", SGX_ERR_INVALID_PRICE, exec(order(0, 0, 0, -100.0, 1.0))},
        {"zero price", SGX_ERR_INVALID_PRICE, exec(order(1, 0, 0, 0.0, 1.0))},
        {"NaN quantity", SGX_ERR_INVALID_QUANTITY, exec(order(0, 0, 0, 100.0, kNaN))},
        {"infinite quantity", SGX_ERR_INVALID_QUANTITY, exec(order(0, 0, 0, 100.0, kInf))},
        {"negative quantity", SGX_ERR_INVALID_QUANTITY, exec(order(0, 0, 0, 100.0, -1.0))},
        {"zero quantity", SGX_ERR_INVALID_QUANTITY, exec(order(0, 1, 1, 0.0, 0.0))},
        {"off-tick price", SGX_ERR_OFF_TICK, exec(order(0, 0, 0, 100.005, 1.0, 2))},
        {"off-lot quantity", SGX_ERR_OFF_LOT, exec(order(0, 0, 0, 100.0, 1.05, 2))},
        {"price beyond 2^53 ticks", SGX_ERR_OUT_OF_RANGE, exec(order(0, 0, 0, 1e12, 1.0))},
        {"unknown side", SGX_ERR_INVALID_SIDE, exec(order(2, 0, 0, 100.0, 1.0))},
        {"unknown order type", SGX_ERR_INVALID_TYPE, exec(order(0, 7, 0, 100.0, 1.0))},
        {"unknown time in force", SGX_ERR_INVALID_TIF, exec(order(0, 0, 4, 100.0, 1.0))},
        {"post-only market order", SGX_ERR_INVALID_TIF, exec(order(0, 1, 3, 0.0, 1.0))},
        {"wrong order struct size", SGX_ERR_STRUCT_SIZE,
         [&](sgx_engine* e) { sgx_order o = order(0, 0, 0, 100.0, 1.0); o.struct_size = 24; return sgx_engine_execute(&rep, e, &o); }},
        {"non-zero reserved byte", SGX_ERR_RESERVED,
         [&](sgx_engine* e) { sgx_order o = order(1, 0, 0, 100.0, 1.0); o.reserved[4] = 1; return sgx_engine_execute(&rep, e, &o); }},
        {"null engine", SGX_ERR_NULL_POINTER,
         [&](sgx_engine*) { sgx_order o = order(0, 0, 0, 100.0, 1.0); return sgx_engine_execute(&rep, nullptr, &o); },
         false},
        {"null order", SGX_ERR_NULL_POINTER, [&](sgx_engine* e) { return sgx_engine_execute(&rep, e, nullptr); }},
        {"null report", SGX_ERR_NULL_POINTER,
         [&](sgx_engine* e) { sgx_order o = order(0, 0, 0, 100.0, 1.0); return sgx_engine_execute(nullptr, e, &o); }},
        {"batch with one bad order", SGX_ERR_INVALID_PRICE,
         [&](sgx_engine* e) {
             sgx_order os[3] = {order(0, 0, 0, 99.0, 1.0), order(1, 0, 0, 99.0, 1.0), order(0, 0, 0, kNaN, 1.0)};
             const int32_t s = sgx_engine_execute_batch(reps, &count, e, os, 3);
             CHECK(count == 2);
             return s;
         }},
        {"batch with a wrong struct size", SGX_ERR_STRUCT_SIZE,
         [&](sgx_engine* e) {
             sgx_order os[2] = {order(0, 0, 0, 99.0, 1.0), order(1, 0, 0, 99.0, 1.0)};
             os[1].struct_size = 0;
             const int32_t s = sgx_engine_execute_batch(reps, &count, e, os, 2);
             CHECK(count == 1);
             return s;
         }},
        {"batch with a non-zero reserved byte", SGX_ERR_RESERVED,
         [&](sgx_engine* e) {
             sgx_order os[3] = {order(0, 0, 0, 99.0, 1.0), order(1, 0, 0, 99.0, 1.0), order(1, 0, 0, 99.0, 1.0)};
             os[2].reserved[0] = 0x80;
             const int32_t s = sgx_engine_execute_batch(reps, &count, e, os, 3);
             CHECK(count == 2);
             return s;
         }},
        {"batch with null count", SGX_ERR_NULL_POINTER,
         [&](sgx_engine* e) { sgx_order o = order(0, 0, 0, 99.0, 1.0); return sgx_engine_execute_batch(reps, nullptr, e, &o, 1); }},
        {"cancel unknown id", SGX_ERR_NOT_FOUND, [](sgx_engine* e) { return sgx_engine_cancel(e, 424242); }},
        {"cancel a filled order", SGX_ERR_NOT_FOUND, [](sgx_engine* e) { return sgx_engine_cancel(e, 1); }},
        {"cancel null engine", SGX_ERR_NULL_POINTER, [](sgx_engine*) { return sgx_engine_cancel(nullptr, 3); }, false},
        {"amend unknown id", SGX_ERR_NOT_FOUND, [](sgx_engine* e) { return sgx_engine_amend(e, 424242, 1.0); }},
        {"amend to zero", SGX_ERR_INVALID_QUANTITY, [](sgx_engine* e) { return sgx_engine_amend(e, 3, 0.0); }},
        {"amend to NaN", SGX_ERR_INVALID_QUANTITY, [](sgx_engine* e) { return sgx_engine_amend(e, 3, kNaN); }},
        {"amend off-lot", SGX_ERR_OFF_LOT, [](sgx_engine* e) { return sgx_engine_amend(e, 4, 0.55); }},
        {"order info of an unknown id", SGX_ERR_NOT_FOUND,
         [](sgx_engine* e) { sgx_order_info i; return sgx_engine_order_info(&i, e, 99); }},
        {"order info into null", SGX_ERR_NULL_POINTER, [](sgx_engine* e) { return sgx_engine_order_info(nullptr, e, 3); }},
        {"top of book into null", SGX_ERR_NULL_POINTER, [](sgx_engine* e) { return sgx_engine_top_of_book(nullptr, e, 1); }},
        {"depth into null arrays", SGX_ERR_NULL_POINTER,
         [](sgx_engine* e) { size_t a = 0, b = 0; return sgx_engine_depth(nullptr, &a, nullptr, &b, e, 1, 5); }},
        {"drain into null", SGX_ERR_NULL_POINTER,
         [](sgx_engine* e) { size_t n = 0; return sgx_engine_drain_fills(nullptr, &n, e, 5); }},
        {"stats with wrong struct size", SGX_ERR_STRUCT_SIZE,
         [](sgx_engine* e) { sgx_engine_stats s; s.struct_size = 8; return sgx_engine_get_stats(&s, e); }, false},
        {"depth counts into null", SGX_ERR_NULL_POINTER,
         [](sgx_engine* e) { sgx_level l[2]; size_t a = 0; return sgx_engine_depth(l, &a, l, nullptr, e, 1, 1); }},
        {"pending fills into null", SGX_ERR_NULL_POINTER,
         [](sgx_engine* e) { return sgx_engine_pending_fills(nullptr, e); }},
        {"configure with NaN tick", SGX_ERR_INVALID_CONFIG,
         [](sgx_engine* e) { return sgx_engine_configure_symbol(e, 1, kNaN, 1.0); }},
        {"configure with zero lot", SGX_ERR_INVALID_CONFIG,
         [](sgx_engine* e) { return sgx_engine_configure_symbol(e, 1, 0.01, 0.0); }},
        {"retick a symbol with resting orders", SGX_ERR_SYMBOL_IN_USE,
         [](sgx_engine* e) { return sgx_engine_configure_symbol(e, 2, 0.5, 0.1); }},
    };

    for (const Case& c : cases) {
        DYNAMIC_SECTION(c.rule) {
            sgx_engine* e = nullptr;
            REQUIRE(sgx_engine_create(&e, nullptr) == SGX_OK);
            REQUIRE(sgx_engine_configure_symbol(e, 2, 0.01, 0.1) == SGX_OK);
            // Orders 1 and 2 trade (one pending fill); 3 rests on symbol 1, 4 on symbol 2.
            sgx_order setup[4] = {order(1, 0, 0, 101.0, 1.0), order(0, 0, 0, 101.0, 1.0),
                                  order(0, 0, 0, 99.0, 2.0), order(1, 0, 0, 105.0, 1.0, 2)};
            for (const sgx_order& o : setup) REQUIRE(sgx_engine_execute(&rep, e, &o) == SGX_OK);

            const Snapshot before = snapshot(e);
            const uint64_t invalid_before = invalid_requests(e);
            const int32_t got = c.call(e);
            CHECK(std::string(sgx_status_name(got)) == sgx_status_name(c.expected));
            CHECK(snapshot(e) == before);
            CHECK(invalid_requests(e) == invalid_before + (invalid_argument(c.expected) && c.counted ? 1 : 0));
            // The next order still gets the next id: none was consumed.
            sgx_order next = order(0, 0, 0, 10.0, 1.0);
            REQUIRE(sgx_engine_execute(&rep, e, &next) == SGX_OK);
            CHECK(rep.order_id == 5);
            sgx_engine_destroy(e);
        }
    }
}

TEST_CASE("a batch that is refused or stops leaves every report past the executed ones zero", "[capi][batch]") {
    sgx_engine_config cfg = SGX_ENGINE_CONFIG_INIT;
    cfg.fill_capacity = 1;
    sgx_engine* e = nullptr;
    REQUIRE(sgx_engine_create(&e, &cfg) == SGX_OK);
    sgx_report reps[6];
    const auto stale = [&] { std::memset(reps, 0xA5, sizeof reps); };
    const auto zero_from = [&](size_t first, size_t end) {
        for (size_t i = first; i < end; ++i) {
            const auto* bytes = reinterpret_cast<const unsigned char*>(&reps[i]);
            for (size_t k = 0; k < sizeof(sgx_report); ++k)
                if (bytes[k] != 0) return false;
        }
        return true;
    };
    size_t count = 0;
    sgx_order os[4] = {order(1, 0, 0, 100.0, 1.0), order(0, 0, 0, 100.0, 1.0), order(0, 0, 0, 99.0, 1.0),
                       order(0, 0, 0, kNaN, 1.0)};
    SECTION("an invalid order: nothing ran, every report is zero, none holds validation scratch") {
        stale();
        REQUIRE(sgx_engine_execute_batch(reps, &count, e, os, 4) == SGX_ERR_INVALID_PRICE);
        CHECK(count == 3);
        CHECK(zero_from(0, 4));
        CHECK(reps[4].order_id == 0xA5A5A5A5A5A5A5A5ull);  // past the batch: untouched
    }
    SECTION("a bad record: every report is zero") {
        stale();
        os[1].struct_size = 3;
        REQUIRE(sgx_engine_execute_batch(reps, &count, e, os, 3) == SGX_ERR_STRUCT_SIZE);
        CHECK(zero_from(0, 3));
    }
    SECTION("a full fill buffer: the executed reports, then zeros") {
        stale();
        REQUIRE(sgx_engine_execute_batch(reps, &count, e, os, 3) == SGX_ERR_FILLS_FULL);
        REQUIRE(count == 2);
        CHECK((reps[0].order_id == 1 && reps[1].order_id == 2 && reps[1].status == SGX_STATUS_FILLED));
        CHECK(zero_from(2, 3));
    }
    sgx_engine_destroy(e);
}

TEST_CASE("depth with any level count, SIZE_MAX included, lists what the book holds",
          "[capi][book]") {
    sgx_engine* e = nullptr;
    REQUIRE(sgx_engine_create(&e, nullptr) == SGX_OK);
    sgx_report rep;
    for (int i = 0; i < 3; ++i) {
        const sgx_order bid = order(0, 0, 0, 99.0 - i, 1.0 + i), ask = order(1, 0, 0, 101.0 + i, 1.0);
        REQUIRE(sgx_engine_execute(&rep, e, &bid) == SGX_OK);
        REQUIRE(sgx_engine_execute(&rep, e, &ask) == SGX_OK);
    }
    sgx_level bids[3], asks[3];
    size_t nb = 9, na = 9;
    // The arrays hold the book, not `levels` entries: only what is written must fit.
    REQUIRE(sgx_engine_depth(bids, &nb, asks, &na, e, 1, SIZE_MAX) == SGX_OK);
    CHECK((nb == 3 && na == 3));
    CHECK((bids[0].price == 99.0 && bids[2].price == 97.0 && bids[2].quantity == 3.0));
    CHECK((asks[0].price == 101.0 && asks[2].price == 103.0 && asks[1].order_count == 1));
    REQUIRE(sgx_engine_depth(bids, &nb, asks, &na, e, 7, SIZE_MAX) == SGX_OK);  // a symbol without a book
    CHECK((nb == 0 && na == 0));
    sgx_engine_destroy(e);
}

TEST_CASE("create refuses a config with the wrong struct size, unknown flags or max_symbols outside 1..2^32", "[capi][bad-input]") {
    sgx_engine_config cfg;
    REQUIRE(sgx_engine_config_init(&cfg) == SGX_OK);
    cfg.struct_size = 4;
    sgx_engine* e = reinterpret_cast<sgx_engine*>(0x1);
    CHECK(sgx_engine_create(&e, &cfg) == SGX_ERR_STRUCT_SIZE);
    CHECK(e == nullptr);
    CHECK(sgx_engine_create(nullptr, nullptr) == SGX_ERR_NULL_POINTER);
    REQUIRE(sgx_engine_config_init(&cfg) == SGX_OK);
    cfg.flags = 0x80;
    CHECK(sgx_engine_create(&e, &cfg) == SGX_ERR_INVALID_CONFIG);
    REQUIRE(sgx_engine_config_init(&cfg) == SGX_OK);
    cfg.max_symbols = 0;
    CHECK(sgx_engine_create(&e, &cfg) == SGX_ERR_INVALID_CONFIG);
    cfg.max_symbols = (uint64_t{1} << 32) + 1;
    CHECK(sgx_engine_create(&e, &cfg) == SGX_ERR_INVALID_CONFIG);
    CHECK(e == nullptr);
    CHECK(sgx_engine_config_init(nullptr) == SGX_ERR_NULL_POINTER);
}

TEST_CASE("destroy accepts NULL", "[capi]") { sgx_engine_destroy(nullptr); }

TEST_CASE("every status has a name and a text; unknown codes get a generic one", "[capi]") {
    CHECK(std::string(sgx_status_name(SGX_ERR_FILLS_FULL)) == "SGX_ERR_FILLS_FULL");
    CHECK(std::string(sgx_status_str(SGX_OK)) == "success");
    CHECK(std::string(sgx_status_name(-77)) == "SGX_ERR_UNKNOWN");
    CHECK(std::string(sgx_status_str(-77)) == "unknown status");
}

TEST_CASE("the version string matches the version macros", "[capi]") {
    const std::string want = std::to_string(SGX_VERSION_MAJOR) + "." + std::to_string(SGX_VERSION_MINOR) + "." +
                             std::to_string(SGX_VERSION_PATCH);
    CHECK(sgx_version() == want);
    CHECK(sgx_abi_version() == SGX_ABI_VERSION);
    CHECK(sgx_sizeof_order() == sizeof(sgx_order));
    CHECK(sgx_sizeof_report() == 64);
    CHECK(sgx_resting_order_bytes() == 96);
}

TEST_CASE("pipeline calls refuse null pointers, wrong sizes and bad configs", "[capi][bad-input][pipeline]") {
    sgx_pipeline_config cfg;
    REQUIRE(sgx_pipeline_config_init(&cfg) == SGX_OK);
    sgx_pipeline* p = nullptr;
    cfg.struct_size = 8;
    CHECK(sgx_pipeline_create(&p, &cfg) == SGX_ERR_STRUCT_SIZE);
    REQUIRE(sgx_pipeline_config_init(&cfg) == SGX_OK);
    cfg.wait = 9;
    CHECK(sgx_pipeline_create(&p, &cfg) == SGX_ERR_INVALID_CONFIG);
    cfg.wait = SGX_WAIT_SLEEP;
    cfg.queue_capacity = 0;
    CHECK(sgx_pipeline_create(&p, &cfg) == SGX_ERR_INVALID_CONFIG);
    cfg.queue_capacity = 16;
    cfg.engine.struct_size = 3;
    CHECK(sgx_pipeline_create(&p, &cfg) == SGX_ERR_STRUCT_SIZE);
    CHECK(p == nullptr);
    REQUIRE(sgx_pipeline_create(&p, nullptr) == SGX_OK);
    uint64_t seq = 0;
    sgx_order o = order(0, 0, 0, 100.0, 1.0);
    o.reserved[1] = 7;
    CHECK(sgx_pipeline_submit(&seq, p, &o) == SGX_ERR_RESERVED);
    CHECK(sgx_pipeline_submit_wait(&seq, p, &o, 0) == SGX_ERR_RESERVED);
    size_t accepted = 9;
    CHECK(sgx_pipeline_submit_batch(&seq, &accepted, p, &o, 1) == SGX_ERR_RESERVED);
    o.reserved[1] = 0;
    o.struct_size = 4;
    CHECK(sgx_pipeline_submit(&seq, p, &o) == SGX_ERR_STRUCT_SIZE);
    CHECK(sgx_pipeline_submit(&seq, nullptr, &o) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_pipeline_submit(&seq, p, nullptr) == SGX_ERR_NULL_POINTER);
    accepted = 9;
    CHECK(sgx_pipeline_submit_batch(&seq, &accepted, p, &o, 1) == SGX_ERR_STRUCT_SIZE);
    CHECK(accepted == 0);
    sgx_depth_query q{};
    q.struct_size = sizeof q;
    q.levels = 1;
    CHECK(sgx_pipeline_submit_depth(&seq, p, &q) == SGX_ERR_NULL_POINTER);  // no arrays for one level
    CHECK(sgx_pipeline_submit_depth(&seq, p, nullptr) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_pipeline_submit_depth(nullptr, p, &q) == SGX_ERR_NULL_POINTER);
    q.levels = 0;
    CHECK(sgx_pipeline_submit_depth(&seq, nullptr, &q) == SGX_ERR_NULL_POINTER);
    q.struct_size = 8;
    CHECK(sgx_pipeline_submit_depth(&seq, p, &q) == SGX_ERR_STRUCT_SIZE);
    sgx_pipeline_stats rs;
    rs.struct_size = 1;
    CHECK(sgx_pipeline_get_stats(&rs, p) == SGX_ERR_STRUCT_SIZE);
    CHECK(sgx_pipeline_stop(nullptr) == SGX_ERR_NULL_POINTER);
    rs.struct_size = sizeof rs;
    REQUIRE(sgx_pipeline_get_stats(&rs, p) == SGX_OK);
    CHECK(rs.submitted == 0);  // nothing was enqueued by the refused calls
    sgx_pipeline_destroy(p);
}
