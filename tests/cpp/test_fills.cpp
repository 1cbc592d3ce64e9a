// Fill events and the bounded fill buffer.
#include "helpers.hpp"

#include <random>

#include "sigmax/detail/fill_queue.hpp"

using namespace test;

TEST_CASE("every trade yields one fill with its maker, taker, price and aggressor", "[fills]") {
    Engine e;
    auto m1 = submit(e, limit(kBuy, 100.0, 1.0, TimeInForce::GTC, 4));
    auto m2 = submit(e, limit(kBuy, 99.0, 2.0, TimeInForce::GTC, 4));
    auto t = submit(e, market(kSell, 3.0, TimeInForce::IOC, 4));
    auto fills = drain(e);
    REQUIRE(fills.size() == 2);
    check_fill(fills[0], m1.order_id, t.order_id, 100.0, 1.0, kSell);
    check_fill(fills[1], m2.order_id, t.order_id, 99.0, 2.0, kSell);
    CHECK(fills[0].trade_id == 1);
    CHECK(fills[1].trade_id == 2);
    CHECK(fills[0].symbol == 4);
    CHECK(fills[0].price_ticks == 10'000'000'000);
    CHECK(fills[1].quantity_lots == 200'000'000);
    CHECK(t.fill_count == 2);
}

TEST_CASE("draining returns fills oldest first and only once", "[fills]") {
    Engine e;
    submit(e, limit(kSell, 100.0, 5.0));
    for (int i = 0; i < 5; ++i) submit(e, limit(kBuy, 100.0, 1.0));
    Fill buf[2];
    std::size_t n = 0;
    REQUIRE(e.drain_fills(buf, n) == Status::Ok);
    REQUIRE(n == 2);
    CHECK(buf[0].trade_id == 1);
    CHECK(buf[1].trade_id == 2);
    auto rest = drain(e);
    REQUIRE(rest.size() == 3);
    CHECK(rest[0].trade_id == 3);
    CHECK(drain(e).empty());
}

TEST_CASE("a full fill buffer refuses new orders with FILLS_FULL and loses nothing", "[fills]") {
    Engine::Config cfg;
    cfg.fill_capacity = 4;
    Engine e(cfg);
    for (int i = 0; i < 4; ++i) {
        submit(e, limit(kSell, 100.0, 1.0));
        submit(e, limit(kBuy, 100.0, 1.0));
    }
    std::size_t pending = 0;
    REQUIRE(e.pending_fills(pending) == Status::Ok);
    CHECK(pending == 4);
    ExecutionReport r;
    CHECK(e.execute(limit(kSell, 100.0, 1.0), r) == Status::FillsFull);
    check_depth(e, {}, {});  // the refused order changed nothing
    auto fills = drain(e);
    REQUIRE(fills.size() == 4);
    for (std::size_t i = 0; i < 4; ++i) CHECK(fills[i].trade_id == i + 1);
    CHECK(submit(e, limit(kSell, 100.0, 1.0)).order_id == 9);  // accepted again after draining
}

TEST_CASE("one order may sweep more fills than the buffer limit; none is dropped", "[fills]") {
    Engine::Config cfg;
    cfg.fill_capacity = 3;
    Engine e(cfg);
    for (int i = 0; i < 10; ++i) submit(e, limit(kSell, 100.0 + i, 1.0));
    CHECK(drain(e).empty());
    auto t = submit(e, market(kBuy, 10.0));
    CHECK(t.fill_count == 10);
    auto fills = drain(e);
    CHECK(fills.size() == 10);
}

TEST_CASE("a batch stops at a full fill buffer and says how many it executed", "[fills][batch]") {
    Engine::Config cfg;
    cfg.fill_capacity = 2;
    Engine e(cfg);
    std::vector<OrderRequest> orders;
    for (int i = 0; i < 4; ++i) {
        orders.push_back(limit(kSell, 100.0, 1.0));
        orders.push_back(limit(kBuy, 100.0, 1.0));
    }
    std::vector<ExecutionReport> reports(orders.size());
    std::size_t done = 0;
    CHECK(e.execute_batch(orders, reports, done) == Status::FillsFull);
    CHECK(done == 4);
    drain(e);
    std::size_t more = 0;
    CHECK(e.execute_batch(std::span(orders).subspan(done), std::span(reports).subspan(done), more) == Status::Ok);
    CHECK(more == 4);
    CHECK(reports[7].order_id == 8);
}

TEST_CASE("with fill_capacity 0 fills are counted but not recorded", "[fills]") {
    Engine::Config cfg;
    cfg.fill_capacity = 0;
    Engine e(cfg);
    submit(e, limit(kSell, 100.0, 1.0));
    auto t = submit(e, limit(kBuy, 100.0, 1.0));
    CHECK(t.fill_count == 1);
    CHECK(e.stats_snapshot().fills == 1);
    CHECK(drain(e).empty());
}

TEST_CASE("a batch executes orders in sequence and writes one report each", "[batch]") {
    Engine e;
    std::vector<OrderRequest> orders{limit(kSell, 100.0, 1.0), limit(kBuy, 100.0, 1.0), limit(kBuy, 99.0, 1.0)};
    std::vector<ExecutionReport> reports(3);
    std::size_t done = 0;
    REQUIRE(e.execute_batch(orders, reports, done) == Status::Ok);
    CHECK(done == 3);
    CHECK(reports[0].status == OrderStatus::New);
    CHECK(reports[1].status == OrderStatus::Filled);
    CHECK(reports[2].order_id == 3);
}

TEST_CASE("a batch with an invalid order executes nothing and names its index", "[batch]") {
    Engine e;
    std::vector<OrderRequest> orders{limit(kSell, 100.0, 1.0), limit(kBuy, 100.0, 1.0), limit(kBuy, -5.0, 1.0)};
    std::vector<ExecutionReport> reports(3);
    std::size_t index = 0;
    CHECK(e.execute_batch(orders, reports, index) == Status::InvalidPrice);
    CHECK(index == 2);
    check_depth(e, {}, {});
    CHECK(submit(e, limit(kBuy, 1.0, 1.0)).order_id == 1);
}

TEST_CASE("the fill queue keeps fills oldest first across emptying, partial takes and growth", "[fills]") {
    // The ring wraps and, when reserve() asks for more room than it has
    // (as the engine does before an order that may sweep), grows by copying
    // from the oldest fill; neither may reorder or lose a fill, whatever the
    // mix of pushes, partial takes and emptying.
    FillQueue q(1u << 20);  // starts at 4,096 slots, grows past them
    std::uint64_t pushed = 0, taken = 0;
    std::mt19937_64 rng(7);
    auto below = [&](std::uint64_t n) { return rng() % n; };
    for (int round = 0; round < 2000; ++round) {
        const std::uint64_t n = below(round % 100 == 0 ? 6000 : 40);  // sometimes more than the ring holds
        q.reserve(n);
        REQUIRE(q.room() >= n);
        for (std::uint64_t k = 0; k < n; ++k) {
            Fill f{};
            f.trade_id = ++pushed;
            q.push(f);
        }
        const std::size_t max = below(3) == 0 ? ~std::size_t{0} : static_cast<std::size_t>(below(50));
        q.take_each([&](const Fill& f) { REQUIRE(f.trade_id == ++taken); }, max);
        REQUIRE(q.size() == pushed - taken);
    }
    q.take_each([&](const Fill& f) { REQUIRE(f.trade_id == ++taken); });
    CHECK(taken == pushed);
    CHECK(q.size() == 0);
}
