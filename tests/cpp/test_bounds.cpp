// The bounds of docs/semantics.md#bounds: an order holds at most 2^53 lots
// and a price level at most 2^62, so no sum the books keep can wrap. An
// order or amend that would pass a bound is refused with a named status and
// changes nothing.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "helpers.hpp"
#include "market_events.hpp"
#include "sigmax/market/l3_book.hpp"

using namespace test;

namespace {

constexpr double kMaxLots = 9007199254740992.0;  // 2^53: the largest order, in lots of 1
constexpr std::int64_t kLevelOrders = 512;       // 512 x 2^53 = 2^62: a full level

// An engine whose symbol kSym has tick and lot 1, so quantities are lots.
struct UnitEngine {
    Engine e{Engine::Config{1024, 1024, false}};
    UnitEngine() { REQUIRE(e.configure_symbol(kSym, 1.0, 1.0) == Status::Ok); }
    // Fills the ask level at `price` to exactly 2^62 lots.
    void fill_level(double price) {
        for (std::int64_t i = 0; i < kLevelOrders; ++i) submit(e, limit(kSell, price, kMaxLots));
    }
    StatsSnapshot stats() const { return e.stats_snapshot(); }
};

TopOfBook top(Engine& e) {
    TopOfBook t;
    REQUIRE(e.top_of_book(kSym, t) == Status::Ok);
    return t;
}

}  // namespace

TEST_CASE("a price level holds at most 2^62 lots: the order that would pass it gets LEVEL_FULL and changes nothing",
          "[bounds]") {
    UnitEngine u;
    u.fill_level(100.0);
    const TopOfBook before = top(u.e);
    const StatsSnapshot stats_before = u.stats();
    CHECK(before.ask_quantity == 4611686018427387904.0);  // 2^62, never negative

    ExecutionReport r;
    CHECK(u.e.execute(limit(kSell, 100.0, 1.0), r) == Status::LevelFull);
    CHECK(top(u.e).ask_quantity == before.ask_quantity);
    CHECK(u.stats().resting_orders == stats_before.resting_orders);
    CHECK(u.stats().orders_processed == stats_before.orders_processed);
    // Another price is another level; the refused order used no id.
    CHECK(submit(u.e, limit(kSell, 101.0, 1.0)).order_id == kLevelOrders + 1);
}

TEST_CASE("a FOK against a full level counts its crossing lots without overflow", "[bounds][tif]") {
    UnitEngine u;
    u.fill_level(100.0);
    u.fill_level(101.0);
    const ExecutionReport r = submit(u.e, limit(kBuy, 101.0, 1.0, TimeInForce::FOK));
    CHECK(r.status == OrderStatus::Filled);
    CHECK(r.executed_quantity == 1.0);
    const ExecutionReport m = submit(u.e, market(kBuy, kMaxLots, TimeInForce::FOK));
    CHECK(m.status == OrderStatus::Filled);
}

TEST_CASE("an amend that would take its level past 2^62 lots gets LEVEL_FULL and changes nothing", "[bounds][amend]") {
    UnitEngine u;
    const std::uint64_t small = submit(u.e, limit(kSell, 100.0, 1.0)).order_id;
    const std::uint64_t behind = submit(u.e, limit(kSell, 100.0, 1.0)).order_id;
    for (std::int64_t i = 0; i < kLevelOrders - 1; ++i) submit(u.e, limit(kSell, 100.0, kMaxLots));
    const TopOfBook before = top(u.e);
    CHECK(u.e.amend(small, kMaxLots) == Status::LevelFull);
    CHECK(top(u.e).ask_quantity == before.ask_quantity);
    // Still first in its level: a refused increase does not move the order.
    CHECK(submit(u.e, limit(kBuy, 100.0, 1.0, TimeInForce::IOC)).status == OrderStatus::Filled);
    OrderInfo info;
    CHECK(u.e.order_info(small, info) == Status::NotFound);
    CHECK(u.e.order_info(behind, info) == Status::Ok);
    CHECK(u.e.amend(behind, kMaxLots) == Status::Ok);  // room again
}

TEST_CASE("an amend that would take an order's executed plus open lots past 2^53 gets OUT_OF_RANGE", "[bounds][amend]") {
    UnitEngine u;
    const std::uint64_t id = submit(u.e, limit(kSell, 100.0, kMaxLots)).order_id;
    submit(u.e, limit(kBuy, 100.0, kMaxLots - 1.0, TimeInForce::IOC));  // 2^53 - 1 executed, 1 open
    const std::uint64_t invalid_before = u.stats().invalid_requests;
    CHECK(u.e.amend(id, 2.0) == Status::OutOfRange);
    CHECK(u.stats().invalid_requests == invalid_before + 1);
    CHECK(u.e.amend(id, 1.0) == Status::Ok);
    OrderInfo info;
    REQUIRE(u.e.order_info(id, info) == Status::Ok);
    CHECK(info.original_quantity == kMaxLots);
}

TEST_CASE("a batch stops at an order whose level is full and says how many it executed", "[bounds][batch]") {
    UnitEngine u;
    std::vector<OrderRequest> orders(kLevelOrders + 2, limit(kSell, 100.0, kMaxLots));
    orders.back() = limit(kSell, 99.0, 1.0);
    std::vector<ExecutionReport> reports(orders.size());
    std::size_t count = 0;
    CHECK(u.e.execute_batch(orders, reports, count) == Status::LevelFull);
    CHECK(count == kLevelOrders);
    CHECK(top(u.e).ask_price == 100.0);  // the order after the refused one did not run
    CHECK(submit(u.e, limit(kSell, 99.0, 1.0)).order_id == kLevelOrders + 1);
}

TEST_CASE("an L3 ADD or MODIFY that would take its level past 2^62 lots is counted invalid and ignored",
          "[bounds][l3]") {
    using sigmax::md::BookChecks;
    using sigmax::md::L3Book;
    using sigmax::md::QueuePosition;
    using sigmax::md::test::add;
    using sigmax::md::test::cancel;
    using sigmax::md::test::modify;
    constexpr std::uint8_t kAsk = sigmax::md::test::kSell;
    constexpr std::int64_t kMax = std::int64_t{1} << 53;
    L3Book book;
    BookChecks checks{};
    for (std::uint64_t id = 1; id <= kLevelOrders; ++id) book.apply(add(id, kAsk, 100, kMax), checks);
    book.apply(add(1000, kAsk, 100, 1), checks);                       // refused: the level is full
    book.apply(add(1001, kAsk, 101, 5), checks);
    book.apply(modify(1001, kAsk, 100, 5), checks);                    // refused: moves into the full level
    book.apply(modify(1001, kAsk, 101, 7), checks);                    // fine: its own level
    book.apply(cancel(1, 1), checks);                                   // room for one lot
    book.apply(modify(2, kAsk, 100, kMax + 0), checks);                // same size: nothing to do
    book.apply(add(1002, kAsk, 100, 2), checks);                       // refused: one lot of room
    CHECK(checks.invalid == 3);
    CHECK(book.quantity_at(Side::Sell, 100) == (std::int64_t{1} << 62) - 1);
    CHECK(book.quantity_at(Side::Sell, 101) == 7);
    QueuePosition p{};
    CHECK(!book.queue_ahead(1000, p));
    CHECK(!book.queue_ahead(1002, p));
    REQUIRE(book.queue_ahead(1001, p));
    CHECK(p.price == 101);
}

TEST_CASE("past max_symbols a new symbol's book is refused with TOO_MANY_SYMBOLS and nothing changes",
          "[bounds][symbols]") {
    Engine::Config config;
    config.max_symbols = 2;
    Engine e(config);
    REQUIRE(e.configure_symbol(1, 0.01, 1.0) == Status::Ok);
    REQUIRE(submit(e, OrderRequest{2, Side::Buy, OrderType::Limit, TimeInForce::GTC, 10.0, 1.0}).order_id == 1);
    CHECK(e.configure_symbol(3, 0.01, 1.0) == Status::TooManySymbols);
    ExecutionReport r;
    CHECK(e.execute(OrderRequest{3, Side::Sell, OrderType::Limit, TimeInForce::PostOnly, 10.0, 1.0}, r) ==
          Status::TooManySymbols);
    CHECK(e.stats_snapshot().orders_processed == 1);
    CHECK(e.stats_snapshot().invalid_requests == 0);  // a capacity status, not an invalid request
    // Orders that cannot rest need no book; existing books take any order.
    CHECK(submit(e, OrderRequest{3, Side::Sell, OrderType::Limit, TimeInForce::IOC, 10.0, 1.0}).order_id == 2);
    CHECK(e.configure_symbol(1, 0.01, 1.0) == Status::Ok);
    CHECK(submit(e, OrderRequest{2, Side::Sell, OrderType::Limit, TimeInForce::GTC, 10.0, 1.0}).status ==
          OrderStatus::Filled);
}
