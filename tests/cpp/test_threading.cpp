// The threading contract: one driver at a time; a concurrent caller gets BUSY.
#include "helpers.hpp"

#include <atomic>
#include <thread>

using namespace test;

TEST_CASE("concurrent calls on one engine are refused with BUSY, never corrupt it", "[threads]") {
    Engine e;
    // Catch2 assertions are not thread-safe: workers only count, the test checks.
    std::atomic<std::uint64_t> ok_orders{0}, busy{0}, ok_cancels{0}, unexpected{0};
    auto worker = [&](int seed) {
        for (int i = 0; i < 20000; ++i) {
            ExecutionReport r;
            const Side side = (i + seed) % 2 ? kBuy : kSell;
            const Status s = e.execute(limit(side, 100.0 + (i % 7) - 3, 1.0), r);
            if (s == Status::Ok) {
                ok_orders.fetch_add(1, std::memory_order_relaxed);
                const Status c = e.cancel(r.order_id);
                if (c == Status::Ok) ok_cancels.fetch_add(1, std::memory_order_relaxed);
                else if (c == Status::Busy) busy.fetch_add(1, std::memory_order_relaxed);
                else if (c != Status::NotFound) unexpected.fetch_add(1, std::memory_order_relaxed);
            } else if (s == Status::Busy) {
                busy.fetch_add(1, std::memory_order_relaxed);
            } else {
                unexpected.fetch_add(1, std::memory_order_relaxed);
            }
        }
    };
    std::thread a(worker, 0), b(worker, 1);
    a.join();
    b.join();
    CHECK(unexpected.load() == 0);
    auto s = e.stats_snapshot();
    CHECK(s.orders_processed == ok_orders.load());
    CHECK(s.cancels == ok_cancels.load());
    // Ids were handed out exactly once each.
    CHECK(submit(e, limit(kBuy, 1.0, 1.0)).order_id == ok_orders.load() + 1);
    // The book is still consistent: never crossed.
    TopOfBook t;
    REQUIRE(e.top_of_book(kSym, t) == Status::Ok);
    if (t.has_bid && t.has_ask) CHECK(t.bid_price < t.ask_price);
}

TEST_CASE("an engine may be handed from one thread to another", "[threads]") {
    Engine e;
    ExecutionReport first, second;
    Status s1 = Status::Internal, s2 = Status::Internal;
    std::thread([&] { s1 = e.execute(limit(kSell, 100.0, 1.0), first); }).join();
    std::thread([&] { s2 = e.execute(limit(kBuy, 100.0, 1.0), second); }).join();
    CHECK(s1 == Status::Ok);
    CHECK(s2 == Status::Ok);
    CHECK(second.status == OrderStatus::Filled);
}
