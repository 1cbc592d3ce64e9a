// The pipeline's rings and the engine session it runs under.
#include "helpers.hpp"

#include "sigmax/detail/mpsc_ring.hpp"
#include "sigmax/detail/spsc_ring.hpp"

using namespace test;

namespace {

std::size_t push_n(MpscRing<int>& ring, std::size_t n, int first_value) {
    std::uint64_t ticket = 0;
    std::size_t count = 0;
    const auto r = ring.push(
        n, [&](std::size_t i, std::uint64_t) { return first_value + static_cast<int>(i); }, ticket, count);
    return r == MpscRing<int>::Push::Ok ? count : 0;
}

}  // namespace

TEST_CASE("the submission ring hands out values in claim order and refuses when full", "[rings]") {
    MpscRing<int> ring(4);
    REQUIRE(push_n(ring, 3, 10) == 3);
    REQUIRE(push_n(ring, 3, 20) == 1);  // only one slot left: a partial claim
    REQUIRE(push_n(ring, 1, 30) == 0);  // full
    std::vector<int> seen;
    REQUIRE(ring.pop(8, [&](int v) { seen.push_back(v); }) == 4);
    CHECK(seen == std::vector<int>{10, 11, 12, 20});
    REQUIRE(push_n(ring, 4, 40) == 4);  // released slots are free again
}

TEST_CASE("the submission ring's high-water mark is the deepest it has been", "[rings]") {
    MpscRing<int> ring(16);
    push_n(ring, 5, 0);
    ring.pop(2, [](int) {});
    push_n(ring, 3, 0);  // depth 6
    ring.pop(6, [](int) {});
    push_n(ring, 2, 0);  // depth 2
    CHECK(ring.high_water() == 6);
}

TEST_CASE("the submission ring's consumer can read ahead before it releases", "[rings]") {
    MpscRing<int> ring(8);
    push_n(ring, 5, 100);
    REQUIRE(ring.ready(8) == 5);
    CHECK(ring.at(4) == 104);
    CHECK(ring.ready(3) == 3);
    ring.release(2);
    REQUIRE(ring.ready(8) == 3);
    CHECK(ring.at(0) == 102);
    CHECK(ring.consumed() == 2);
}

TEST_CASE("a closed submission ring refuses claims and keeps what it accepted", "[rings]") {
    MpscRing<int> ring(8);
    push_n(ring, 2, 1);
    CHECK(ring.close() == 2);
    std::uint64_t ticket = 0;
    std::size_t count = 0;
    CHECK(ring.push(1, [](std::size_t, std::uint64_t) { return 0; }, ticket, count) == MpscRing<int>::Push::Closed);
    CHECK(ring.pop(8, [](int) {}) == 2);
}

TEST_CASE("values written to the result ring are invisible until published", "[rings]") {
    SpscRing<int> ring(4);
    REQUIRE(ring.write(1));
    REQUIRE(ring.write(2));
    CHECK(ring.pop(8, [](int) {}) == 0);
    ring.publish();
    std::vector<int> seen;
    CHECK(ring.pop(8, [&](int v) { seen.push_back(v); }) == 2);
    CHECK(seen == std::vector<int>{1, 2});
}

TEST_CASE("the result ring refuses a write when full and records its deepest point", "[rings]") {
    SpscRing<int> ring(2);
    REQUIRE(ring.try_push(1));
    REQUIRE(ring.try_push(2));
    CHECK_FALSE(ring.write(3));
    CHECK(ring.high_water() == 2);
    CHECK(ring.pop(1, [](int) {}) == 1);
    CHECK(ring.write(3));
}

TEST_CASE("an engine session holds the engine: other calls are refused until it ends", "[rings]") {
    Engine e;
    {
        Engine::Session s(e);
        REQUIRE(s.owned());
        ExecutionReport r;
        CHECK(e.execute(limit(kBuy, 100.0, 1.0), r) == Status::Busy);
        CHECK(s.execute(limit(kBuy, 100.0, 1.0), r) == Status::Ok);
        Engine::Session second(e);
        CHECK_FALSE(second.owned());
    }
    ExecutionReport r;
    CHECK(e.execute(limit(kSell, 101.0, 1.0), r) == Status::Ok);
}

TEST_CASE("look-ahead hints change nothing, whatever id they name", "[rings]") {
    Engine e;
    const auto resting = submit(e, limit(kBuy, 99.0, 2.0)).order_id;
    submit(e, limit(kSell, 101.0, 1.0));
    const TopOfBook before = [&] {
        TopOfBook t;
        REQUIRE(e.top_of_book(kSym, t) == Status::Ok);
        return t;
    }();
    {
        Engine::Session s(e);
        REQUIRE(s.owned());
        for (std::uint64_t id : {resting, std::uint64_t{2}, std::uint64_t{77}, ~std::uint64_t{0}}) {
            s.prefetch_cancel_far(id);
            s.prefetch_cancel_near(id);
            for (bool near : {false, true}) s.prefetch_ahead(false, OrderRequest{}, id, near);
        }
        OrderRequest bad_side = limit(kBuy, 100.0, 1.0);
        bad_side.side = static_cast<Side>(9);
        for (const OrderRequest& o : {limit(kBuy, 100.0, 1.0), limit(kSell, 98.0, 1.0),
                                      limit(kBuy, 100.0, 1.0, TimeInForce::GTC, 4000000), bad_side}) {
            s.prefetch_order_far(o);
            s.prefetch_order_near(o);
            for (bool near : {false, true}) s.prefetch_ahead(true, o, resting, near);
        }
        CHECK(s.cancel(resting) == Status::Ok);
        CHECK(s.cancel(resting) == Status::NotFound);
    }
    TopOfBook after;
    REQUIRE(e.top_of_book(kSym, after) == Status::Ok);
    CHECK_FALSE(after.has_bid);
    CHECK(after.ask_price == before.ask_price);
    CHECK(e.stats_snapshot().resting_orders == 1);
}
