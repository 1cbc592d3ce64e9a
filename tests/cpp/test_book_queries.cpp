// Queries in ticks and lots (docs/semantics.md, "Queries in ticks"):
// top_ticks, depth_ticks, lots_at and order_ticks on books built by hand,
// their agreement with the double queries on a random stream, and the same
// calls from a Session that holds the engine.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <random>
#include <tuple>
#include <vector>

#include "entry_helpers.hpp"
#include "sigmax/book_queries.hpp"

using namespace entry;

namespace {

constexpr Side kBuy = Side::Buy;
constexpr Side kSell = Side::Sell;
constexpr std::uint32_t kSym = 1;

void check_level(const LevelTicks& l, std::int64_t price, std::int64_t lots, std::uint64_t orders) {
    CHECK(l.price == price);
    CHECK(l.lots == lots);
    CHECK(l.order_count == orders);
}

void check_queue(const OrderTicks& o, std::int64_t lots_ahead, std::uint64_t orders_ahead) {
    CHECK(o.lots_ahead == lots_ahead);
    CHECK(o.orders_ahead == orders_ahead);
}

// Bids 100 (3 orders: 2 + 4 + 1 lots) and 98 (5); asks 103 (7) and 105 (1 + 2).
void build_book(Engine& e) {
    ok_submit(e, gtc(1, kBuy, 100, 2));
    ok_submit(e, gtc(2, kBuy, 100, 4));
    ok_submit(e, gtc(3, kBuy, 100, 1));
    ok_submit(e, gtc(4, kBuy, 98, 5));
    ok_submit(e, gtc(5, kSell, 103, 7));
    ok_submit(e, gtc(6, kSell, 105, 1));
    ok_submit(e, gtc(7, kSell, 105, 2));
}

std::vector<LevelTicks> depth_of(Engine& e, std::uint32_t symbol, Side side, std::size_t room = 64) {
    std::vector<LevelTicks> out(room);
    std::size_t n = 99;
    REQUIRE(e.depth_ticks(symbol, side, out, n) == Status::Ok);
    out.resize(n);
    return out;
}

}  // namespace

TEST_CASE("top_ticks gives each side's best price, lots and order count", "[queries]") {
    Engine e(small_config());
    unit_symbols(e);
    build_book(e);
    TopTicks t;
    REQUIRE(e.top_ticks(kSym, t) == Status::Ok);
    CHECK(t.has_bid);
    CHECK(t.bid_price == 100);
    CHECK(t.bid_lots == 7);
    CHECK(t.bid_orders == 3);
    CHECK(t.has_ask);
    CHECK(t.ask_price == 103);
    CHECK(t.ask_lots == 7);
    CHECK(t.ask_orders == 1);
}

TEST_CASE("an empty side of top_ticks says so by its flag, with price, lots and orders 0", "[queries]") {
    Engine e(small_config());
    unit_symbols(e);
    ok_submit(e, gtc(1, kSell, 50, 3));
    TopTicks t;
    t.bid_price = 12345;  // overwritten: the answer is the whole record
    REQUIRE(e.top_ticks(kSym, t) == Status::Ok);
    CHECK_FALSE(t.has_bid);
    CHECK(t.bid_price == 0);
    CHECK(t.bid_lots == 0);
    CHECK(t.bid_orders == 0);
    CHECK(t.has_ask);
    CHECK(t.ask_price == 50);
}

TEST_CASE("a symbol without a book answers as an empty book, Ok", "[queries]") {
    Engine e(small_config());
    TopTicks t;
    REQUIRE(e.top_ticks(4242, t) == Status::Ok);
    CHECK_FALSE(t.has_bid);
    CHECK_FALSE(t.has_ask);
    CHECK(depth_of(e, 4242, kBuy).empty());
    CHECK(depth_of(e, 100000, kSell).empty());  // above the directly indexed symbols
    LevelTicks l;
    REQUIRE(e.lots_at(4242, kSell, 7, l) == Status::Ok);
    check_level(l, 7, 0, 0);
}

TEST_CASE("depth_ticks writes one side's levels best first, at most the span's size", "[queries]") {
    Engine e(small_config());
    unit_symbols(e);
    build_book(e);
    const auto bids = depth_of(e, kSym, kBuy);
    REQUIRE(bids.size() == 2);
    check_level(bids[0], 100, 7, 3);
    check_level(bids[1], 98, 5, 1);
    const auto asks = depth_of(e, kSym, kSell);
    REQUIRE(asks.size() == 2);
    check_level(asks[0], 103, 7, 1);
    check_level(asks[1], 105, 3, 2);

    const auto first = depth_of(e, kSym, kSell, 1);
    REQUIRE(first.size() == 1);
    check_level(first[0], 103, 7, 1);
    CHECK(depth_of(e, kSym, kSell, 0).empty());
}

TEST_CASE("depth_ticks over many levels walks the overflow blocks too, best first", "[queries]") {
    Engine e(small_config());
    unit_symbols(e);
    // More levels than the hot part keeps (BookSide::kHotMax): some go to blocks.
    constexpr std::int64_t kLevels = 700;
    for (std::int64_t p = 1; p <= kLevels; ++p) ok_submit(e, gtc(static_cast<std::uint64_t>(p), kBuy, p, p));
    const auto bids = depth_of(e, kSym, kBuy, 1000);
    REQUIRE(bids.size() == kLevels);
    for (std::size_t i = 0; i < bids.size(); ++i) {
        const std::int64_t price = kLevels - static_cast<std::int64_t>(i);
        REQUIRE(bids[i].price == price);
        REQUIRE(bids[i].lots == price);
    }
    LevelTicks l;
    REQUIRE(e.lots_at(kSym, kBuy, 3, l) == Status::Ok);  // deep in the overflow
    check_level(l, 3, 3, 1);
}

TEST_CASE("lots_at gives the open lots and orders at one price, 0 and 0 where none rest", "[queries]") {
    Engine e(small_config());
    unit_symbols(e);
    build_book(e);
    LevelTicks l;
    REQUIRE(e.lots_at(kSym, kBuy, 100, l) == Status::Ok);
    check_level(l, 100, 7, 3);
    REQUIRE(e.lots_at(kSym, kSell, 105, l) == Status::Ok);
    check_level(l, 105, 3, 2);
    REQUIRE(e.lots_at(kSym, kBuy, 99, l) == Status::Ok);  // between levels
    check_level(l, 99, 0, 0);
    REQUIRE(e.lots_at(kSym, kSell, 100, l) == Status::Ok);  // a bid price, asked on the ask side
    check_level(l, 100, 0, 0);
    // A partial fill takes lots from the level, a full one an order too.
    ok_submit(e, gtc(20, kSell, 100, 3));  // fills order 1 (2) and 1 of order 2
    REQUIRE(e.lots_at(kSym, kBuy, 100, l) == Status::Ok);
    check_level(l, 100, 4, 2);
}

TEST_CASE("order_ticks gives a resting order's price, open and filled lots, and the lots and orders ahead of it",
          "[queries]") {
    Engine e(small_config());
    unit_symbols(e);
    build_book(e);
    OrderTicks o;
    REQUIRE(e.order_ticks(3, o) == Status::Ok);
    CHECK(o.order_id == 3);
    CHECK(o.symbol == kSym);
    CHECK(o.side == kBuy);
    CHECK(o.price == 100);
    CHECK(o.open_lots == 1);
    CHECK(o.filled_lots == 0);
    check_queue(o, 6, 2);
    REQUIRE(e.order_ticks(1, o) == Status::Ok);
    check_queue(o, 0, 0);  // the head of its queue
    REQUIRE(e.order_ticks(7, o) == Status::Ok);
    CHECK(o.side == kSell);
    check_queue(o, 1, 1);

    // A trade fills order 1 and part of order 2: what is ahead of 3 shrinks.
    ok_submit(e, gtc(20, kSell, 100, 3));
    REQUIRE(e.order_ticks(2, o) == Status::Ok);
    CHECK(o.open_lots == 3);
    CHECK(o.filled_lots == 1);
    check_queue(o, 0, 0);
    REQUIRE(e.order_ticks(3, o) == Status::Ok);
    check_queue(o, 3, 1);

    // A replace to more lots sends order 2 to the back, behind order 3.
    Recorder r;
    REQUIRE(e.replace(2, 100, 5, r) == Status::Ok);
    REQUIRE(e.order_ticks(3, o) == Status::Ok);
    check_queue(o, 0, 0);
    REQUIRE(e.order_ticks(2, o) == Status::Ok);
    check_queue(o, 1, 1);
}

TEST_CASE("order_ticks of an order that does not rest is NotFound and leaves the record as it was", "[queries]") {
    Engine e(small_config());
    unit_symbols(e);
    build_book(e);
    OrderTicks o;
    o.order_id = 555;
    CHECK(e.order_ticks(999, o) == Status::NotFound);
    CHECK(o.order_id == 555);
    Recorder r;
    REQUIRE(e.cancel(4, r) == Status::Ok);
    CHECK(e.order_ticks(4, o) == Status::NotFound);  // cancelled
    ok_submit(e, gtc(21, kBuy, 103, 7));             // fills order 5
    CHECK(e.order_ticks(5, o) == Status::NotFound);
    CHECK(e.stats_snapshot().invalid_requests == 0);  // not an invalid argument
}

TEST_CASE("a side other than buy or sell is InvalidSide, counted in invalid_requests, nothing written",
          "[queries]") {
    Engine e(small_config());
    unit_symbols(e);
    build_book(e);
    const auto bad = static_cast<Side>(2);
    std::array<LevelTicks, 4> out{};
    std::size_t n = 99;
    CHECK(e.depth_ticks(kSym, bad, out, n) == Status::InvalidSide);
    CHECK(n == 0);
    CHECK(out[0].price == 0);
    LevelTicks l{5, 6, 7};
    CHECK(e.lots_at(kSym, bad, 100, l) == Status::InvalidSide);
    check_level(l, 5, 6, 7);
    CHECK(e.stats_snapshot().invalid_requests == 2);
}

TEST_CASE("the Engine's queries get Busy while a Session holds the engine; the Session's own answer", "[queries]") {
    Engine e(small_config());
    unit_symbols(e);
    build_book(e);
    Engine::Session s(e);
    REQUIRE(s.owned());
    TopTicks t;
    LevelTicks l;
    OrderTicks o;
    std::array<LevelTicks, 8> out{};
    std::size_t n = 99;
    CHECK(e.top_ticks(kSym, t) == Status::Busy);
    CHECK(e.depth_ticks(kSym, kBuy, out, n) == Status::Busy);
    CHECK(n == 0);
    CHECK(e.lots_at(kSym, kBuy, 100, l) == Status::Busy);
    CHECK(e.order_ticks(1, o) == Status::Busy);

    REQUIRE(s.top_ticks(kSym, t) == Status::Ok);
    CHECK(t.bid_price == 100);
    CHECK(t.ask_price == 103);
    REQUIRE(s.depth_ticks(kSym, kSell, out, n) == Status::Ok);
    REQUIRE(n == 2);
    check_level(out[1], 105, 3, 2);
    REQUIRE(s.lots_at(kSym, kBuy, 98, l) == Status::Ok);
    check_level(l, 98, 5, 1);
    REQUIRE(s.order_ticks(2, o) == Status::Ok);
    check_queue(o, 2, 1);
    CHECK(s.order_ticks(999, o) == Status::NotFound);
    CHECK(s.lots_at(kSym, static_cast<Side>(7), 98, l) == Status::InvalidSide);
}

TEST_CASE("a Session's queries see its own orders between its calls", "[queries]") {
    Engine e(small_config());
    unit_symbols(e);
    Engine::Session s(e);
    REQUIRE(s.owned());
    Recorder r;
    REQUIRE(s.submit(gtc(1, kBuy, 100, 4), r) == Status::Ok);
    REQUIRE(s.submit(gtc(2, kBuy, 100, 6), r) == Status::Ok);
    OrderTicks o;
    REQUIRE(s.order_ticks(2, o) == Status::Ok);
    check_queue(o, 4, 1);
    REQUIRE(s.submit(gtc(3, kSell, 100, 5), r) == Status::Ok);  // fills 1, takes 1 from 2
    REQUIRE(s.order_ticks(2, o) == Status::Ok);
    CHECK(o.open_lots == 5);
    CHECK(o.filled_lots == 1);
    check_queue(o, 0, 0);
    TopTicks t;
    REQUIRE(s.top_ticks(kSym, t) == Status::Ok);
    CHECK(t.bid_lots == 5);
    CHECK(t.bid_orders == 1);
    CHECK_FALSE(t.has_ask);
}

TEST_CASE("on a random stream the queries in ticks agree with the double queries, and queue positions with the "
          "levels",
          "[queries][random]") {
    Engine::Config config;
    config.order_capacity = 4096;
    config.fill_capacity = 0;
    Engine e(config);
    REQUIRE(e.configure_symbol(1, 0.01, 0.001) == Status::Ok);
    REQUIRE(e.configure_symbol(2, 0.5, 2.0) == Status::Ok);
    std::mt19937_64 rng(7);
    std::vector<std::uint64_t> ids;
    for (int step = 0; step < 4000; ++step) {
        const auto sym = static_cast<std::uint32_t>(1 + rng() % 2);
        const Scale sc = e.scale_of(sym);
        const int what = static_cast<int>(rng() % 10);
        if (what < 2 && !ids.empty()) {
            (void)e.cancel(ids[rng() % ids.size()]);
        } else {
            OrderRequest o;
            o.symbol = sym;
            o.side = rng() % 2 ? kBuy : kSell;
            o.type = what == 2 ? OrderType::Market : OrderType::Limit;
            o.tif = what == 3 ? TimeInForce::IOC : TimeInForce::GTC;
            o.price = ticks_to_price(1000 + static_cast<std::int64_t>(rng() % 21) - 10, sc);
            o.quantity = lots_to_quantity(1 + static_cast<std::int64_t>(rng() % 9), sc);
            ExecutionReport rep;
            REQUIRE(e.execute(o, rep) == Status::Ok);
            if (rep.remaining_quantity > 0) ids.push_back(rep.order_id);
        }
        if (step % 50 != 0) continue;
        for (std::uint32_t s = 1; s <= 2; ++s) {
            const Scale scale = e.scale_of(s);
            TopOfBook top;
            TopTicks tt;
            REQUIRE(e.top_of_book(s, top) == Status::Ok);
            REQUIRE(e.top_ticks(s, tt) == Status::Ok);
            REQUIRE(tt.has_bid == top.has_bid);
            REQUIRE(tt.has_ask == top.has_ask);
            if (tt.has_bid) {
                REQUIRE(ticks_to_price(tt.bid_price, scale) == top.bid_price);
                REQUIRE(lots_to_quantity(tt.bid_lots, scale) == top.bid_quantity);
            }
            if (tt.has_ask) {
                REQUIRE(ticks_to_price(tt.ask_price, scale) == top.ask_price);
                REQUIRE(lots_to_quantity(tt.ask_lots, scale) == top.ask_quantity);
            }
            std::array<LevelView, 64> bids{}, asks{};
            std::size_t nb = 0, na = 0;
            REQUIRE(e.depth(s, bids, nb, asks, na) == Status::Ok);
            for (const Side side : {kBuy, kSell}) {
                const auto ticks = depth_of(e, s, side);
                const auto& views = side == kBuy ? bids : asks;
                REQUIRE(ticks.size() == (side == kBuy ? nb : na));
                for (std::size_t i = 0; i < ticks.size(); ++i) {
                    REQUIRE(ticks_to_price(ticks[i].price, scale) == views[i].price);
                    REQUIRE(lots_to_quantity(ticks[i].lots, scale) == views[i].quantity);
                    REQUIRE(ticks[i].order_count == views[i].order_count);
                    LevelTicks l;
                    REQUIRE(e.lots_at(s, side, ticks[i].price, l) == Status::Ok);
                    REQUIRE(l.lots == ticks[i].lots);
                    REQUIRE(l.order_count == ticks[i].order_count);
                }
                // The first level is the top of the book.
                const bool has = side == kBuy ? tt.has_bid : tt.has_ask;
                REQUIRE(has == !ticks.empty());
                if (has) REQUIRE(ticks[0].price == (side == kBuy ? tt.bid_price : tt.ask_price));
                if (has) REQUIRE(ticks[0].order_count == (side == kBuy ? tt.bid_orders : tt.ask_orders));
            }
        }
        // Every resting order agrees with order_info, and in each level the
        // queue positions are 0, 1, 2, ... with the lots of those ahead.
        std::map<std::tuple<std::uint32_t, Side, std::int64_t>, std::vector<OrderTicks>> queues;
        for (const std::uint64_t id : ids) {
            OrderTicks t;
            OrderInfo info;
            const Status s = e.order_ticks(id, t);
            REQUIRE(s == e.order_info(id, info));
            if (s != Status::Ok) continue;
            const Scale scale = e.scale_of(t.symbol);
            REQUIRE(ticks_to_price(t.price, scale) == info.price);
            REQUIRE(lots_to_quantity(t.open_lots, scale) == info.remaining_quantity);
            REQUIRE(lots_to_quantity(t.filled_lots, scale) == info.executed_quantity);
            REQUIRE(t.side == info.side);
            REQUIRE(t.symbol == info.symbol);
            queues[{t.symbol, t.side, t.price}].push_back(t);
        }
        for (auto& [key, q] : queues) {
            std::sort(q.begin(), q.end(), [](const OrderTicks& a, const OrderTicks& b) {
                return a.orders_ahead < b.orders_ahead;
            });
            std::int64_t ahead = 0;
            for (std::size_t k = 0; k < q.size(); ++k) {
                REQUIRE(q[k].orders_ahead == k);
                REQUIRE(q[k].lots_ahead == ahead);
                ahead += q[k].open_lots;
            }
            LevelTicks l;
            REQUIRE(e.lots_at(std::get<0>(key), std::get<1>(key), std::get<2>(key), l) == Status::Ok);
            REQUIRE(l.lots == ahead);
            REQUIRE(l.order_count == q.size());
        }
    }
}

TEST_CASE("with zero and negative prices, an empty side is told by its flag, not by a price of 0", "[queries]") {
    Engine e(small_config());
    unit_symbols(e);
    REQUIRE(e.set_min_price(kSym, -1000) == Status::Ok);
    ok_submit(e, gtc(1, kBuy, -5, 2));
    ok_submit(e, gtc(2, kBuy, -5, 3));
    ok_submit(e, gtc(3, kSell, 0, 4));
    TopTicks t;
    REQUIRE(e.top_ticks(kSym, t) == Status::Ok);
    CHECK(t.has_bid);
    CHECK(t.bid_price == -5);
    CHECK(t.bid_lots == 5);
    CHECK(t.has_ask);
    CHECK(t.ask_price == 0);  // a real level at price 0
    CHECK(t.ask_lots == 4);
    LevelTicks l;
    REQUIRE(e.lots_at(kSym, kSell, 0, l) == Status::Ok);
    check_level(l, 0, 4, 1);
    OrderTicks o;
    REQUIRE(e.order_ticks(2, o) == Status::Ok);
    CHECK(o.price == -5);
    check_queue(o, 2, 1);
    const auto bids = depth_of(e, kSym, kBuy);
    REQUIRE(bids.size() == 1);
    check_level(bids[0], -5, 5, 2);

    Recorder r;
    REQUIRE(e.cancel(3, r) == Status::Ok);
    REQUIRE(e.top_ticks(kSym, t) == Status::Ok);
    CHECK_FALSE(t.has_ask);  // the same price 0 and lots 0, but no level
    CHECK(t.ask_price == 0);
    CHECK(t.ask_lots == 0);
    REQUIRE(e.lots_at(kSym, kSell, 0, l) == Status::Ok);
    check_level(l, 0, 0, 0);
}
