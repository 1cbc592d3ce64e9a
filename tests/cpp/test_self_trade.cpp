// Owners and self-trade prevention, post-only replace, cancel by owner and
// non-positive prices (docs/semantics.md, "Owners and self-trade prevention").
#include <catch2/catch.hpp>

#include <stdexcept>

#include "entry_helpers.hpp"

using namespace entry;

namespace {

constexpr Side kBuy = Side::Buy;
constexpr Side kSell = Side::Sell;

NewOrder owned(NewOrder o, std::uint64_t owner, SelfTrade stp = SelfTrade::Default) {
    o.owner = owner;
    o.stp = stp;
    return o;
}

void check_self_cancel(const OrderEvent& e, std::uint64_t id, std::uint64_t other, std::int64_t lots,
                       std::int64_t remaining) {
    CHECK(e.kind == OrderEventKind::Cancelled);
    CHECK(e.reason == CancelReason::SelfTrade);
    CHECK(e.order_id == id);
    CHECK(e.maker_id == other);
    CHECK(e.lots == lots);
    CHECK(e.remaining == remaining);
}

std::int64_t open_lots(Engine& e, std::uint64_t id) {
    OrderInfo info;
    if (e.order_info(id, info) != Status::Ok) return 0;
    return static_cast<std::int64_t>(info.remaining_quantity);
}

// A book with asks 1 (owner 8, 3 lots at 100), 2 (owner 7, 4 lots at 100) and 3 (owner 8, 5 lots at 101).
void three_asks(Engine& e) {
    ok_submit(e, owned(gtc(1, kSell, 100, 3), 8));
    ok_submit(e, owned(gtc(2, kSell, 100, 4), 7));
    ok_submit(e, owned(gtc(3, kSell, 101, 5), 8));
}

}  // namespace

TEST_CASE("orders without an owner, or that allow self-trades, trade with their owner's orders", "[stp]") {
    Engine e(small_config());
    unit_symbols(e);
    ok_submit(e, gtc(1, kSell, 100, 3));
    auto ev = ok_submit(e, gtc(2, kBuy, 100, 1));
    CHECK(ev.back().kind == OrderEventKind::Trade);  // owner 0 on both: no prevention
    ok_submit(e, owned(gtc(3, kSell, 101, 2), 5));
    ev = ok_submit(e, owned(gtc(4, kBuy, 101, 4), 5, SelfTrade::Allow));
    REQUIRE(ev.size() == 3);
    CHECK(ev[1].kind == OrderEventKind::Trade);
    CHECK(ev[2].kind == OrderEventKind::Trade);
    CHECK(ev[2].maker_id == 3);
}

TEST_CASE("cancel newest (the default): the taker's remainder is cancelled at its owner's first order", "[stp]") {
    Engine e(small_config());
    unit_symbols(e);
    three_asks(e);
    ok_submit(e, gtc(4, kSell, 100, 1));  // behind the first two at 100
    // Owner 7 buys 10 up to 101: its own order 2 stops it after order 1.
    const auto ev = ok_submit(e, owned(gtc(9, kBuy, 101, 10), 7));
    REQUIRE(ev.size() == 3);
    CHECK(ev[1].kind == OrderEventKind::Trade);
    CHECK(ev[1].maker_id == 1);
    check_self_cancel(ev[2], 9, 2, 7, 0);
    CHECK(ev[2].price == 101);
    CHECK(ev[2].side == kBuy);
    CHECK(open_lots(e, 9) == 0);  // it did not rest
    CHECK(open_lots(e, 2) == 4);  // the resting order is untouched
    CHECK(open_lots(e, 4) == 1);
}

TEST_CASE("cancel oldest: the owner's resting order is cancelled and the taker trades on and rests", "[stp]") {
    Engine e(small_config());
    unit_symbols(e);
    three_asks(e);
    const auto ev = ok_submit(e, owned(gtc(9, kBuy, 101, 10), 8, SelfTrade::CancelOldest));
    // Order 1 (owner 8) cancelled, 2 traded, 3 (owner 8) cancelled, 6 lots rest at 101.
    REQUIRE(ev.size() == 4);
    check_self_cancel(ev[1], 1, 9, 3, 0);
    CHECK(ev[1].side == kSell);
    CHECK(ev[1].price == 100);
    CHECK(ev[2].kind == OrderEventKind::Trade);
    CHECK(ev[2].maker_id == 2);
    CHECK(ev[2].remaining == 6);
    check_self_cancel(ev[3], 3, 9, 5, 0);
    CHECK(open_lots(e, 9) == 6);
    CHECK(levels(e, 1, kBuy) == std::vector<Level>{{101, 6, 1}});
    CHECK(levels(e, 1, kSell).empty());
    CHECK(e.stats_snapshot().cancels == 2);  // a resting order cancelled by prevention counts as a cancel
}

TEST_CASE("cancel both: the owner's resting order, then the taker", "[stp]") {
    Engine e(small_config());
    unit_symbols(e);
    three_asks(e);
    const auto ev = ok_submit(e, owned(gtc(9, kBuy, 101, 10), 8, SelfTrade::CancelBoth));
    REQUIRE(ev.size() == 3);
    check_self_cancel(ev[1], 1, 9, 3, 0);
    check_self_cancel(ev[2], 9, 1, 10, 0);
    CHECK(open_lots(e, 9) == 0);
    CHECK(levels(e, 1, kSell) == std::vector<Level>{{100, 4, 1}, {101, 5, 1}});
}

TEST_CASE("decrement and cancel: both lose the smaller one's lots; the larger keeps its place", "[stp]") {
    Engine e(small_config());
    unit_symbols(e);
    three_asks(e);
    SECTION("the taker is smaller: it is gone, the resting order stays first at its price with fewer lots") {
        const auto ev = ok_submit(e, owned(gtc(9, kBuy, 101, 2), 8, SelfTrade::DecrementAndCancel));
        REQUIRE(ev.size() == 3);
        check_self_cancel(ev[1], 1, 9, 2, 1);
        check_self_cancel(ev[2], 9, 1, 2, 0);
        CHECK(open_lots(e, 1) == 1);
        CHECK(levels(e, 1, kSell) == std::vector<Level>{{100, 5, 2}, {101, 5, 1}});
        // Still first in its level: the next buyer meets it first.
        const auto t = ok_submit(e, gtc(10, kBuy, 100, 1));
        CHECK(t.back().maker_id == 1);
        CHECK(t.back().maker_done);
    }
    SECTION("the taker is larger: the resting order is gone and the taker trades on with the rest") {
        const auto ev = ok_submit(e, owned(mkt(9, kBuy, 6), 8, SelfTrade::DecrementAndCancel));
        // 1 (3 lots) decremented away, 3 from the taker; 2 trades with 3 of the
        // taker's 3 left.
        REQUIRE(ev.size() == 4);
        check_self_cancel(ev[1], 1, 9, 3, 0);
        check_self_cancel(ev[2], 9, 1, 3, 3);
        CHECK(ev[2].price == 0);  // a market taker's
        CHECK(ev[3].kind == OrderEventKind::Trade);
        CHECK(ev[3].maker_id == 2);
        CHECK(ev[3].lots == 3);
        CHECK(ev[3].remaining == 0);
        CHECK(levels(e, 1, kSell) == std::vector<Level>{{100, 1, 1}, {101, 5, 1}});
    }
    SECTION("an IOC's remainder after a decrement is cancelled as an IOC remainder") {
        ok_submit(e, gtc(4, kBuy, 90, 1));
        const auto ev = ok_submit(e, owned(gtc(9, kBuy, 100, 9, 1, TimeInForce::IOC), 8, SelfTrade::DecrementAndCancel));
        REQUIRE(ev.size() == 5);
        check_self_cancel(ev[2], 9, 1, 3, 6);
        CHECK(ev[3].kind == OrderEventKind::Trade);  // with 2: 4 lots
        CHECK(ev[4].kind == OrderEventKind::Cancelled);
        CHECK(ev[4].reason == CancelReason::IocRemainder);
        CHECK(ev[4].lots == 2);
    }
}

TEST_CASE("an order's Default prevention is the engine's self_trade; a mode past the enum is refused", "[stp]") {
    Engine::Config c = small_config();
    c.self_trade = SelfTrade::CancelOldest;
    Engine e(c);
    unit_symbols(e);
    three_asks(e);
    const auto ev = ok_submit(e, owned(gtc(9, kBuy, 100, 1), 8));
    REQUIRE(ev.size() == 3);
    check_self_cancel(ev[1], 1, 9, 3, 0);
    CHECK(ev[2].maker_id == 2);

    Recorder r;
    NewOrder bad = owned(gtc(10, kBuy, 100, 1), 8);
    bad.stp = static_cast<SelfTrade>(6);
    CHECK(e.submit(bad, r) == Status::InvalidStp);
    CHECK(levels(e, 1, kSell) == std::vector<Level>{{100, 3, 1}, {101, 5, 1}});

    Engine::Config wrong = small_config();
    wrong.self_trade = static_cast<SelfTrade>(9);
    CHECK_THROWS_AS(Engine(wrong), std::invalid_argument);
}

TEST_CASE("a FOK with an owner fills from other owners or not at all", "[stp]") {
    Engine e(small_config());
    unit_symbols(e);
    three_asks(e);
    SECTION("its owner's order among what it would take refuses it whole (cancel newest)") {
        Recorder r;
        REQUIRE(e.submit(owned(gtc(9, kBuy, 101, 5, 1, TimeInForce::FOK), 7), r) == Status::Ok);
        REQUIRE(r.events.size() == 2);
        check_self_cancel(r.events[1], 9, 2, 5, 0);
        CHECK(levels(e, 1, kSell) == std::vector<Level>{{100, 7, 2}, {101, 5, 1}});
    }
    SECTION("under cancel oldest its owner's orders are skipped, then cancelled as it fills") {
        Recorder r;
        REQUIRE(e.submit(owned(gtc(9, kBuy, 101, 4, 1, TimeInForce::FOK), 8, SelfTrade::CancelOldest), r) ==
                Status::Ok);
        REQUIRE(r.events.size() == 3);
        check_self_cancel(r.events[1], 1, 9, 3, 0);
        CHECK(r.events[2].kind == OrderEventKind::Trade);
        CHECK(r.events[2].lots == 4);
        CHECK(levels(e, 1, kSell) == std::vector<Level>{{101, 5, 1}});
    }
    SECTION("other owners' lots short of it: unfilled, nothing changes (its own orders included)") {
        Recorder r;
        REQUIRE(e.submit(owned(gtc(9, kBuy, 101, 5, 1, TimeInForce::FOK), 8, SelfTrade::CancelOldest), r) ==
                Status::Ok);
        REQUIRE(r.events.size() == 2);
        CHECK(r.events[1].reason == CancelReason::FokUnfilled);
        CHECK(levels(e, 1, kSell) == std::vector<Level>{{100, 7, 2}, {101, 5, 1}});
    }
}

TEST_CASE("a replace trades as a taker with its order's owner and mode", "[stp]") {
    Engine e(small_config());
    unit_symbols(e);
    ok_submit(e, owned(gtc(1, kSell, 102, 3), 8));
    ok_submit(e, owned(gtc(9, kBuy, 99, 5), 8, SelfTrade::CancelOldest));
    Recorder r;
    REQUIRE(e.replace(9, 102, 5, r) == Status::Ok);
    REQUIRE(r.events.size() == 2);
    CHECK(r.events[0].kind == OrderEventKind::Replaced);
    check_self_cancel(r.events[1], 1, 9, 3, 0);
    CHECK(levels(e, 1, kBuy) == std::vector<Level>{{102, 5, 1}});
    // Cancel newest: the replaced order itself leaves the book.
    ok_submit(e, owned(gtc(2, kSell, 104, 1), 8));
    Recorder r2;
    NewOrder o = owned(gtc(10, kBuy, 100, 2), 8, SelfTrade::CancelNewest);
    ok_submit(e, o);
    REQUIRE(e.replace(10, 104, 2, r2) == Status::Ok);
    REQUIRE(r2.events.size() == 2);
    check_self_cancel(r2.events[1], 10, 2, 2, 0);
    CHECK(open_lots(e, 10) == 0);
    OrderInfo info;
    CHECK(e.order_info(10, info) == Status::NotFound);
}

TEST_CASE("a post-only order's replace to a price that would trade is refused and changes nothing", "[stp]") {
    Engine e(small_config());
    unit_symbols(e);
    ok_submit(e, gtc(1, kSell, 102, 3));
    ok_submit(e, gtc(2, kBuy, 99, 5, 1, TimeInForce::PostOnly));
    Recorder r;
    CHECK(e.replace(2, 102, 5, r) == Status::WouldTrade);
    REQUIRE(r.events.size() == 1);
    CHECK(r.events[0].kind == OrderEventKind::Rejected);
    CHECK(r.events[0].status == Status::WouldTrade);
    CHECK(levels(e, 1, kBuy) == std::vector<Level>{{99, 5, 1}});
    CHECK(levels(e, 1, kSell) == std::vector<Level>{{102, 3, 1}});
    // Below the ask it moves as any order does.
    Recorder r2;
    CHECK(e.replace(2, 101, 5, r2) == Status::Ok);
    CHECK(levels(e, 1, kBuy) == std::vector<Level>{{101, 5, 1}});
    // The double API's post-only orders are post-only too.
    OrderRequest po{1, kBuy, OrderType::Limit, TimeInForce::PostOnly, 100.0, 1.0};
    ExecutionReport rep;
    REQUIRE(e.execute(po, rep) == Status::Ok);
    Recorder r3;
    CHECK(e.replace(rep.order_id, 103, 1, r3) == Status::WouldTrade);
}

TEST_CASE("cancel_owner cancels every order of one owner, symbols ascending, bids best first then asks", "[stp]") {
    Engine e(small_config());
    unit_symbols(e);
    ok_submit(e, owned(gtc(1, kBuy, 90, 1, 5000), 4));  // a symbol past the direct table
    ok_submit(e, owned(gtc(2, kSell, 110, 1, 2), 4));
    ok_submit(e, owned(gtc(3, kBuy, 95, 1, 2), 4));
    ok_submit(e, owned(gtc(4, kBuy, 96, 1, 2), 3));   // another owner's
    ok_submit(e, owned(gtc(5, kBuy, 96, 1, 2), 4));   // behind it
    ok_submit(e, owned(gtc(6, kSell, 105, 2, 1), 4));
    Recorder r;
    REQUIRE(e.cancel_owner(4, r) == Status::Ok);
    std::vector<std::uint64_t> order;
    for (const OrderEvent& ev : r.events) {
        CHECK(ev.kind == OrderEventKind::Cancelled);
        CHECK(ev.reason == CancelReason::User);
        order.push_back(ev.order_id);
    }
    CHECK(order == std::vector<std::uint64_t>{6, 5, 3, 2, 1});
    CHECK(r.events[0].lots == 2);
    CHECK(open_lots(e, 4) == 1);
    CHECK(e.stats_snapshot().resting_orders == 1);
    Recorder none;
    CHECK(e.cancel_owner(4, none) == Status::Ok);
    CHECK(none.events.empty());
    Recorder bad;
    CHECK(e.cancel_owner(0, bad) == Status::InvalidOwner);
    REQUIRE(bad.events.size() == 1);
    CHECK(bad.events[0].status == Status::InvalidOwner);
    CHECK(open_lots(e, 4) == 1);
}

TEST_CASE("set_min_price lets a symbol take zero and negative prices, which order as any others", "[stp]") {
    Engine e(small_config());
    unit_symbols(e);
    Recorder r;
    CHECK(e.submit(gtc(1, kBuy, 0, 1), r) == Status::InvalidPrice);  // 1 is the default minimum
    REQUIRE(e.set_min_price(1, -50) == Status::Ok);
    ok_submit(e, gtc(1, kBuy, -20, 2));
    ok_submit(e, gtc(2, kBuy, 0, 1));
    ok_submit(e, gtc(3, kSell, 5, 1));
    CHECK(levels(e, 1, kBuy) == std::vector<Level>{{0, 1, 1}, {-20, 2, 1}});
    const auto ev = ok_submit(e, gtc(4, kSell, -30, 3));
    REQUIRE(ev.size() == 3);
    CHECK(ev[1].price == 0);
    CHECK(ev[2].price == -20);
    CHECK(ev[2].lots == 2);
    Recorder low;
    CHECK(e.submit(gtc(5, kBuy, -51, 1), low) == Status::InvalidPrice);
    ok_submit(e, gtc(6, kBuy, -40, 1));
    Recorder rl;
    CHECK(e.replace(6, -51, 1, rl) == Status::InvalidPrice);
    CHECK(e.replace(6, -50, 1, rl) == Status::Ok);
    CHECK(e.set_min_price(1, 2) == Status::OutOfRange);
    CHECK(e.set_min_price(1, -(std::int64_t{1} << 53) - 1) == Status::OutOfRange);
    CHECK(e.set_min_price(1, -(std::int64_t{1} << 53)) == Status::Ok);
    // The double API keeps positive prices.
    ExecutionReport rep;
    CHECK(e.execute(OrderRequest{1, kBuy, OrderType::Limit, TimeInForce::GTC, 0.0, 1.0}, rep) == Status::InvalidPrice);
    // A symbol without a book gets one.
    CHECK(e.set_min_price(7, 0) == Status::Ok);
    ok_submit(e, gtc(8, kSell, 0, 1, 7));
}

TEST_CASE("order_ticks reports a resting order's owner, self-trade mode and post-only flag", "[stp][queries]") {
    Engine e(small_config());
    unit_symbols(e);
    ok_submit(e, owned(gtc(1, kBuy, 99, 2, 1, TimeInForce::PostOnly), 42, SelfTrade::DecrementAndCancel));
    ok_submit(e, gtc(2, kBuy, 98, 1));
    OrderTicks t;
    REQUIRE(e.order_ticks(1, t) == Status::Ok);
    CHECK(t.owner == 42);
    CHECK(t.stp == SelfTrade::DecrementAndCancel);
    CHECK(t.post_only);
    REQUIRE(e.order_ticks(2, t) == Status::Ok);
    CHECK(t.owner == 0);
    CHECK(t.stp == SelfTrade::Default);
    CHECK_FALSE(t.post_only);
    // The double API's post-only orders are post-only too, without an owner.
    ExecutionReport rep;
    REQUIRE(e.execute(OrderRequest{1, kSell, OrderType::Limit, TimeInForce::PostOnly, 105.0, 1.0}, rep) == Status::Ok);
    REQUIRE(e.order_ticks(rep.order_id, t) == Status::Ok);
    CHECK(t.post_only);
    CHECK(t.owner == 0);
}
