// Integer order entry: client ids, the events of each call, replace and
// cancel_all (docs/semantics.md, "Integer order entry").
#include <catch2/catch.hpp>

#include "entry_helpers.hpp"

using namespace entry;

namespace {

constexpr Side kBuy = Side::Buy;
constexpr Side kSell = Side::Sell;

void check_trade(const OrderEvent& e, std::uint64_t taker, std::uint64_t maker, std::int64_t price, std::int64_t lots,
                 std::int64_t taker_left, std::int64_t maker_left, bool maker_done) {
    CHECK(e.kind == OrderEventKind::Trade);
    CHECK(e.order_id == taker);
    CHECK(e.maker_id == maker);
    CHECK(e.price == price);
    CHECK(e.lots == lots);
    CHECK(e.remaining == taker_left);
    CHECK(e.maker_remaining == maker_left);
    CHECK(e.maker_done == maker_done);
}

void check_rejected(const std::vector<OrderEvent>& ev, std::uint64_t id, Status s) {
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].kind == OrderEventKind::Rejected);
    CHECK(ev[0].order_id == id);
    CHECK(ev[0].status == s);
}

}  // namespace

TEST_CASE("a resting order is Accepted with its price and lots, and order_info knows it by its client id", "[entry]") {
    Engine e(small_config());
    unit_symbols(e);
    const auto ev = ok_submit(e, gtc(77, kBuy, 100, 5));
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].kind == OrderEventKind::Accepted);
    CHECK(ev[0].order_id == 77);
    CHECK(ev[0].price == 100);
    CHECK(ev[0].lots == 5);
    CHECK(ev[0].remaining == 5);
    CHECK(ev[0].symbol == 1);
    CHECK(ev[0].side == kBuy);
    OrderInfo info;
    REQUIRE(e.order_info(77, info) == Status::Ok);
    CHECK(info.price == 100.0);
    CHECK(info.remaining_quantity == 5.0);
}

TEST_CASE("a crossing order's events are Accepted, then its trades oldest first with both remainders", "[entry]") {
    Engine e(small_config());
    unit_symbols(e);
    ok_submit(e, gtc(1, kSell, 100, 3));
    ok_submit(e, gtc(2, kSell, 100, 4));
    ok_submit(e, gtc(3, kSell, 101, 5));
    const auto ev = ok_submit(e, gtc(9, kBuy, 101, 9));
    REQUIRE(ev.size() == 4);
    CHECK(ev[0].kind == OrderEventKind::Accepted);
    check_trade(ev[1], 9, 1, 100, 3, 6, 0, true);
    check_trade(ev[2], 9, 2, 100, 4, 2, 0, true);
    check_trade(ev[3], 9, 3, 101, 2, 0, 3, false);
    CHECK(levels(e, 1, kSell) == std::vector<Level>{{101, 3, 1}});
    CHECK(levels(e, 1, kBuy).empty());
}

TEST_CASE("what an order does not fill and cannot rest is Cancelled with the reason", "[entry]") {
    Engine e(small_config());
    unit_symbols(e);
    ok_submit(e, gtc(1, kSell, 100, 3));
    SECTION("an IOC's remainder: IocRemainder") {
        const auto ev = ok_submit(e, gtc(2, kBuy, 100, 5, 1, TimeInForce::IOC));
        REQUIRE(ev.size() == 3);
        check_trade(ev[1], 2, 1, 100, 3, 2, 0, true);
        CHECK(ev[2].kind == OrderEventKind::Cancelled);
        CHECK(ev[2].reason == CancelReason::IocRemainder);
        CHECK(ev[2].lots == 2);
    }
    SECTION("a market order that meets nothing: IocRemainder") {
        const auto ev = ok_submit(e, mkt(2, kSell, 5));
        REQUIRE(ev.size() == 2);
        CHECK(ev[1].reason == CancelReason::IocRemainder);
        CHECK(ev[1].lots == 5);
    }
    SECTION("a FOK that cannot fill completely: FokUnfilled, no trade") {
        const auto ev = ok_submit(e, gtc(2, kBuy, 100, 4, 1, TimeInForce::FOK));
        REQUIRE(ev.size() == 2);
        CHECK(ev[1].kind == OrderEventKind::Cancelled);
        CHECK(ev[1].reason == CancelReason::FokUnfilled);
        CHECK(ev[1].lots == 4);
        CHECK(levels(e, 1, kSell) == std::vector<Level>{{100, 3, 1}});
    }
    SECTION("a post-only that would trade: PostOnlyWouldTrade, no trade") {
        const auto ev = ok_submit(e, gtc(2, kBuy, 100, 1, 1, TimeInForce::PostOnly));
        REQUIRE(ev.size() == 2);
        CHECK(ev[1].reason == CancelReason::PostOnlyWouldTrade);
        CHECK(levels(e, 1, kBuy).empty());
    }
}

TEST_CASE("a duplicate client id is refused with DuplicateOrderId and changes nothing", "[entry]") {
    Engine e(small_config());
    unit_symbols(e);
    ok_submit(e, gtc(5, kSell, 100, 3));
    const StatsSnapshot before = e.stats_snapshot();
    Recorder r;
    // Even an order that would trade with the resting one.
    CHECK(e.submit(gtc(5, kBuy, 100, 3, 2), r) == Status::DuplicateOrderId);
    CHECK(e.submit(gtc(5, kBuy, 100, 3, 1, TimeInForce::IOC), r) == Status::DuplicateOrderId);
    REQUIRE(r.events.size() == 2);
    check_rejected({r.events[0]}, 5, Status::DuplicateOrderId);
    CHECK(levels(e, 1, kSell) == std::vector<Level>{{100, 3, 1}});
    CHECK(levels(e, 2, kBuy).empty());
    const StatsSnapshot after = e.stats_snapshot();
    CHECK(after.orders_processed == before.orders_processed);
    CHECK(after.invalid_requests == before.invalid_requests);
    // Once it has left the book, the id is free again.
    Recorder c;
    REQUIRE(e.cancel(5, c) == Status::Ok);
    ok_submit(e, gtc(5, kBuy, 100, 3));
}

TEST_CASE("client id 0 is refused with InvalidOrderId; bad prices and lots with the double API's statuses", "[entry]") {
    Engine e(small_config());
    unit_symbols(e);
    Recorder r;
    CHECK(e.submit(gtc(0, kBuy, 100, 1), r) == Status::InvalidOrderId);
    CHECK(e.submit(gtc(1, kBuy, 0, 1), r) == Status::InvalidPrice);
    CHECK(e.submit(gtc(1, kBuy, -5, 1), r) == Status::InvalidPrice);
    CHECK(e.submit(gtc(1, kBuy, kMaxOrderLots + 1, 1), r) == Status::OutOfRange);
    CHECK(e.submit(gtc(1, kBuy, 100, 0), r) == Status::InvalidQuantity);
    CHECK(e.submit(gtc(1, kBuy, 100, kMaxOrderLots + 1), r) == Status::OutOfRange);
    CHECK(e.submit(NewOrder{1, 100, 1, 1, Side::Buy, OrderType::Market, TimeInForce::PostOnly}, r) ==
          Status::InvalidTif);
    CHECK(e.submit(NewOrder{1, 100, 1, 1, static_cast<Side>(2), OrderType::Limit, TimeInForce::GTC}, r) ==
          Status::InvalidSide);
    REQUIRE(r.events.size() == 8);
    for (const OrderEvent& ev : r.events) CHECK(ev.kind == OrderEventKind::Rejected);
    CHECK(e.stats_snapshot().invalid_requests == 8);
    CHECK(e.stats_snapshot().orders_processed == 0);
    // A market order's price is ignored, whatever it is.
    ok_submit(e, NewOrder{1, -7, 1, 1, Side::Buy, OrderType::Market, TimeInForce::IOC});
}

TEST_CASE("engine-assigned ids skip resting client ids, so the two never collide", "[entry][ids]") {
    Engine e(small_config());
    unit_symbols(e);
    ExecutionReport rep;
    // Before any client id, ids are 1, 2, 3 ...
    REQUIRE(e.execute(OrderRequest{1, kBuy, OrderType::Limit, TimeInForce::GTC, 90.0, 1.0}, rep) == Status::Ok);
    CHECK(rep.order_id == 1);
    // A client id equal to a resting engine id is a duplicate.
    Recorder r;
    CHECK(e.submit(gtc(1, kBuy, 91, 1), r) == Status::DuplicateOrderId);
    ok_submit(e, gtc(2, kBuy, 91, 1));
    ok_submit(e, gtc(3, kBuy, 92, 1));
    ok_submit(e, gtc(5, kBuy, 93, 1));
    REQUIRE(e.execute(OrderRequest{1, kBuy, OrderType::Limit, TimeInForce::GTC, 89.0, 1.0}, rep) == Status::Ok);
    CHECK(rep.order_id == 4);
    REQUIRE(e.execute(OrderRequest{1, kBuy, OrderType::Limit, TimeInForce::IOC, 1.0, 1.0}, rep) == Status::Ok);
    CHECK(rep.order_id == 6);  // 5 rests; an IOC's id must not name it either
    // A client id that has left the book is not skipped.
    Recorder c;
    REQUIRE(e.cancel(7, c) == Status::NotFound);
    ok_submit(e, gtc(8, kSell, 200, 1, 1, TimeInForce::IOC));  // does not rest
    REQUIRE(e.execute(OrderRequest{1, kBuy, OrderType::Limit, TimeInForce::GTC, 88.0, 1.0}, rep) == Status::Ok);
    CHECK(rep.order_id == 7);
    REQUIRE(e.execute(OrderRequest{1, kBuy, OrderType::Limit, TimeInForce::GTC, 87.0, 1.0}, rep) == Status::Ok);
    CHECK(rep.order_id == 8);
    // Both kinds cancel through either call.
    REQUIRE(e.cancel(4, c) == Status::Ok);
    REQUIRE(e.cancel(std::uint64_t{5}) == Status::Ok);
    CHECK(c.events.size() == 2);
}

TEST_CASE("cancel emits Cancelled with the order's side, price and open lots; an unknown id is Rejected NotFound",
          "[entry][cancel]") {
    Engine e(small_config());
    unit_symbols(e);
    ok_submit(e, gtc(4, kSell, 105, 10));
    ok_submit(e, gtc(5, kBuy, 105, 3));  // leaves 7 open
    Recorder r;
    REQUIRE(e.cancel(4, r) == Status::Ok);
    REQUIRE(r.events.size() == 1);
    CHECK(r.events[0].kind == OrderEventKind::Cancelled);
    CHECK(r.events[0].reason == CancelReason::User);
    CHECK(r.events[0].side == kSell);
    CHECK(r.events[0].price == 105);
    CHECK(r.events[0].lots == 7);
    CHECK(r.events[0].symbol == 1);
    CHECK(e.cancel(4, r) == Status::NotFound);
    check_rejected({r.events[1]}, 4, Status::NotFound);
    CHECK(levels(e, 1, kSell).empty());
}

TEST_CASE("a replace to fewer lots at the same price keeps the order's time priority", "[entry][replace]") {
    Engine e(small_config());
    unit_symbols(e);
    ok_submit(e, gtc(1, kSell, 100, 10));
    ok_submit(e, gtc(2, kSell, 100, 10));
    Recorder r;
    REQUIRE(e.replace(1, 100, 4, r) == Status::Ok);
    REQUIRE(r.events.size() == 1);
    CHECK(r.events[0].kind == OrderEventKind::Replaced);
    CHECK(r.events[0].price == 100);
    CHECK(r.events[0].lots == 4);
    const auto ev = ok_submit(e, gtc(3, kBuy, 100, 4));
    REQUIRE(ev.size() == 2);
    check_trade(ev[1], 3, 1, 100, 4, 0, 0, true);
}

TEST_CASE("a replace to more lots at the same price moves the order to the back of its level", "[entry][replace]") {
    Engine e(small_config());
    unit_symbols(e);
    ok_submit(e, gtc(1, kSell, 100, 10));
    ok_submit(e, gtc(2, kSell, 100, 10));
    Recorder r;
    REQUIRE(e.replace(1, 100, 11, r) == Status::Ok);
    const auto ev = ok_submit(e, gtc(3, kBuy, 100, 4));
    check_trade(ev[1], 3, 2, 100, 4, 0, 6, false);
    CHECK(levels(e, 1, kSell) == std::vector<Level>{{100, 17, 2}});
}

TEST_CASE("a replace to another price re-queues the order behind that level's orders", "[entry][replace]") {
    Engine e(small_config());
    unit_symbols(e);
    ok_submit(e, gtc(1, kSell, 101, 10));
    ok_submit(e, gtc(2, kSell, 100, 10));
    Recorder r;
    REQUIRE(e.replace(1, 100, 3, r) == Status::Ok);  // fewer lots, but another price
    CHECK(levels(e, 1, kSell) == std::vector<Level>{{100, 13, 2}});
    const auto ev = ok_submit(e, gtc(3, kBuy, 100, 11));
    check_trade(ev[1], 3, 2, 100, 10, 1, 0, true);
    check_trade(ev[2], 3, 1, 100, 1, 0, 2, false);
}

TEST_CASE("a replace to a crossing price trades as a new order with the same id, then rests what is left",
          "[entry][replace]") {
    Engine e(small_config());
    unit_symbols(e);
    ok_submit(e, gtc(1, kSell, 102, 4));
    ok_submit(e, gtc(2, kBuy, 99, 3));
    ok_submit(e, gtc(2'000, kBuy, 98, 1));
    Recorder r;
    REQUIRE(e.replace(2, 102, 10, r) == Status::Ok);
    REQUIRE(r.events.size() == 2);
    CHECK(r.events[0].kind == OrderEventKind::Replaced);
    check_trade(r.events[1], 2, 1, 102, 4, 6, 0, true);
    CHECK(levels(e, 1, kBuy) == std::vector<Level>{{102, 6, 1}, {98, 1, 1}});
    OrderInfo info;
    REQUIRE(e.order_info(2, info) == Status::Ok);
    CHECK(info.executed_quantity == 4.0);
    CHECK(info.remaining_quantity == 6.0);
    // Filled completely by a replace: it leaves the book.
    ok_submit(e, gtc(3, kSell, 103, 2));
    r.events.clear();
    REQUIRE(e.replace(2'000, 103, 2, r) == Status::Ok);
    REQUIRE(r.events.size() == 2);
    check_trade(r.events[1], 2'000, 3, 103, 2, 0, 0, true);
    CHECK(e.order_info(2'000, info) == Status::NotFound);
    CHECK(e.stats_snapshot().resting_orders == 1);
}

TEST_CASE("new lots are the order's new open quantity, whatever it executed before", "[entry][replace]") {
    Engine e(small_config());
    unit_symbols(e);
    ok_submit(e, gtc(1, kSell, 100, 10));
    ok_submit(e, gtc(2, kBuy, 100, 6));
    Recorder r;
    REQUIRE(e.replace(1, 100, 8, r) == Status::Ok);
    OrderInfo info;
    REQUIRE(e.order_info(1, info) == Status::Ok);
    CHECK(info.remaining_quantity == 8.0);
    CHECK(info.executed_quantity == 6.0);
    CHECK(info.original_quantity == 14.0);
}

TEST_CASE("a refused replace emits Rejected and changes nothing", "[entry][replace]") {
    Engine e(small_config());
    unit_symbols(e);
    ok_submit(e, gtc(1, kSell, 100, 10));
    ok_submit(e, gtc(2, kSell, 101, 10));
    Recorder r;
    CHECK(e.replace(3, 100, 1, r) == Status::NotFound);
    CHECK(e.replace(1, 0, 1, r) == Status::InvalidPrice);
    CHECK(e.replace(1, 100, 0, r) == Status::InvalidQuantity);
    CHECK(e.replace(1, 100, kMaxOrderLots + 1, r) == Status::OutOfRange);
    // Level 102 holds 512 * 2^53 = 2^62 lots: full.
    for (std::uint64_t id = 3; id < 3 + 512; ++id) ok_submit(e, gtc(id, kSell, 102, kMaxOrderLots));
    CHECK(e.replace(1, 102, 10, r) == Status::LevelFull);
    REQUIRE(r.events.size() == 5);
    for (const OrderEvent& ev : r.events) CHECK(ev.kind == OrderEventKind::Rejected);
    CHECK(levels(e, 1, kSell)[0] == Level{100, 10, 1});
    CHECK(levels(e, 1, kSell)[1] == Level{101, 10, 1});
}

TEST_CASE("cancel_all cancels every order of its symbol, bids best first then asks, and no other", "[entry]") {
    Engine e(small_config());
    unit_symbols(e);
    ok_submit(e, gtc(1, kBuy, 98, 1));
    ok_submit(e, gtc(2, kBuy, 99, 2));
    ok_submit(e, gtc(3, kSell, 101, 3));
    ok_submit(e, gtc(4, kBuy, 99, 4));
    ok_submit(e, gtc(5, kBuy, 99, 5, 2));
    Recorder r;
    REQUIRE(e.cancel_all(1, r) == Status::Ok);
    REQUIRE(r.events.size() == 4);
    const std::uint64_t ids[] = {2, 4, 1, 3};
    for (std::size_t k = 0; k < 4; ++k) {
        CHECK(r.events[k].kind == OrderEventKind::Cancelled);
        CHECK(r.events[k].reason == CancelReason::User);
        CHECK(r.events[k].order_id == ids[k]);
    }
    CHECK(r.events[3].lots == 3);
    CHECK(r.events[3].price == 101);
    CHECK(levels(e, 1, kBuy).empty());
    CHECK(levels(e, 1, kSell).empty());
    CHECK(levels(e, 2, kBuy) == std::vector<Level>{{99, 5, 1}});
    CHECK(e.stats_snapshot().resting_orders == 1);
    CHECK(e.cancel_all(7, r) == Status::Ok);  // no book: nothing to do
    CHECK(r.events.size() == 4);
}

TEST_CASE("a call made while another thread holds the engine emits Rejected Busy", "[entry]") {
    Engine e(small_config());
    unit_symbols(e);
    Engine::Session s(e);
    REQUIRE(s.owned());
    Recorder r;
    CHECK(e.submit(gtc(1, Side::Buy, 100, 1), r) == Status::Busy);
    CHECK(e.cancel(1, r) == Status::Busy);
    CHECK(e.replace(1, 100, 1, r) == Status::Busy);
    CHECK(e.cancel_all(1, r) == Status::Busy);
    REQUIRE(r.events.size() == 4);
    for (const OrderEvent& ev : r.events) CHECK(ev.status == Status::Busy);
}

TEST_CASE("a session makes the integer calls under its one claim, with the same events", "[entry]") {
    Engine e(small_config());
    unit_symbols(e);
    Recorder r;
    {
        Engine::Session s(e);
        REQUIRE(s.owned());
        REQUIRE(s.submit(gtc(1, Side::Sell, 100, 5), r) == Status::Ok);
        REQUIRE(s.submit(gtc(2, Side::Sell, 101, 5), r) == Status::Ok);
        REQUIRE(s.replace(2, 100, 5, r) == Status::Ok);
        REQUIRE(s.submit(gtc(3, Side::Buy, 100, 7), r) == Status::Ok);
        REQUIRE(s.cancel(2, r) == Status::Ok);
        REQUIRE(s.submit(gtc(4, Side::Buy, 90, 1), r) == Status::Ok);
        REQUIRE(s.cancel_all(1, r) == Status::Ok);
        CHECK(e.submit(gtc(5, Side::Buy, 90, 1), r) == Status::Busy);  // the session holds the engine
    }
    std::vector<OrderEventKind> kinds;
    for (const OrderEvent& ev : r.events) kinds.push_back(ev.kind);
    using K = OrderEventKind;
    CHECK(kinds == std::vector<K>{K::Accepted, K::Accepted, K::Replaced, K::Accepted, K::Trade, K::Trade,
                                  K::Cancelled, K::Accepted, K::Cancelled, K::Rejected});
    CHECK(r.events[5].maker_id == 2);
    CHECK(r.events[6].lots == 3);
    CHECK(r.events[8].order_id == 4);
}
