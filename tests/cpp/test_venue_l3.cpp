// The L3 venue's exchange side (L3Exchange, docs/venue.md, "Exact queues"): exact
// queue positions among real orders, passive fills from FILL events, best
// crossing, the user taker's walk and the consumed-liquidity (hidden lots)
// rule. One rule per test, on hand-made events.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "market_events.hpp"
#include "sigmax/venue/l3_exchange.hpp"

using namespace sigmax;
using namespace sigmax::md::test;
using sigmax::venue::kWholeOrder;
using sigmax::venue::L3Exchange;
using sigmax::venue::PassiveFill;
using sigmax::venue::TakerFill;

namespace {

constexpr std::int64_t kUser = 900;  // the key of the user order in most tests
constexpr std::int64_t kBid = 100;
constexpr std::int64_t kAsk = 101;

md::Event fill_nbc(std::uint64_t id, std::int64_t price, std::int64_t qty) {
    md::Event e = fill(id, price, qty);
    e.flags |= SGX_MD_F_NO_BOOK_CHANGE;
    return e;
}

struct Venue {
    L3Exchange x;
    std::vector<PassiveFill> fills;

    // Applies the events; returns the passive fills of the last one.
    std::vector<PassiveFill> run(const std::vector<md::Event>& events) {
        for (const md::Event& e : events) REQUIRE(x.apply(e, fills) == Status::Ok);
        return fills;
    }
    std::int64_t rest(std::int64_t key, Side side, std::int64_t price, std::int64_t leaves = 1) {
        std::int64_t ahead = -1;
        REQUIRE(x.rest(key, side, price, leaves, ahead) == Status::Ok);
        return ahead;
    }
    std::int64_t ahead(std::int64_t key = kUser) const {
        std::int64_t a = -1;
        REQUIRE(x.ahead(key, a) == Status::Ok);
        return a;
    }
    std::vector<TakerFill> take(Side side, std::optional<std::int64_t> limit, std::int64_t lots, bool fok = false,
                                bool whole = false) {
        std::vector<TakerFill> out;
        std::int64_t filled = -1;
        REQUIRE(x.take(side, limit, lots, fok, whole, out, filled) == Status::Ok);
        std::int64_t sum = 0;
        for (const TakerFill& f : out) sum += f.lots;
        CHECK(filled == sum);
        return out;
    }
};

using Passive = std::vector<PassiveFill>;
using Taker = std::vector<TakerFill>;

}  // namespace

namespace Catch {
template <>
struct StringMaker<PassiveFill> {
    static std::string convert(const PassiveFill& f) {
        return "{key " + std::to_string(f.key) + ", price " + std::to_string(f.price) + ", lots " +
               std::to_string(f.lots) + "}";
    }
};
template <>
struct StringMaker<TakerFill> {
    static std::string convert(const TakerFill& f) {
        return "{price " + std::to_string(f.price) + ", lots " + std::to_string(f.lots) + "}";
    }
};
}  // namespace Catch

TEST_CASE("L3 venue: a user order rests behind every real order of its level: ahead = their lots", "[venue][l3]") {
    Venue v;
    v.run({add(1, kBuy, kBid, 5), add(2, kBuy, kBid, 3), add(3, kBuy, kBid - 1, 7)});
    CHECK(v.rest(kUser, Side::Buy, kBid) == 8);
    CHECK(v.ahead() == 8);
    v.run({add(4, kBuy, kBid, 4)});  // a later real order queues behind the user's
    CHECK(v.ahead() == 8);
    CHECK(v.x.book().quantity_at(Side::Buy, kBid) == 12);  // the user order is not in the book
}

TEST_CASE("L3 venue: a cancel of a real order behind the user order does not move it", "[venue][l3]") {
    Venue v;
    v.run({add(1, kBuy, kBid, 5)});
    v.rest(kUser, Side::Buy, kBid);
    v.run({add(2, kBuy, kBid, 3), cancel(2, 0)});
    CHECK(v.ahead() == 5);
}

TEST_CASE("L3 venue: a cancel of a real order ahead moves the user order up by the lots it loses", "[venue][l3]") {
    Venue v;
    v.run({add(1, kBuy, kBid, 5), add(2, kBuy, kBid, 3)});
    v.rest(kUser, Side::Buy, kBid);
    v.run({cancel(1, 2)});
    CHECK(v.ahead() == 6);
    v.run({cancel(1, 0)});  // the whole order leaves
    CHECK(v.ahead() == 3);
}

TEST_CASE("L3 venue: a modify down ahead keeps its priority and moves the user order by the decrease", "[venue][l3]") {
    Venue v;
    v.run({add(1, kSell, kAsk, 5), add(2, kSell, kAsk, 3)});
    v.rest(kUser, Side::Sell, kAsk);
    v.run({modify(1, kSell, kAsk, 2)});
    CHECK(v.ahead() == 5);
    v.run({fill(2, kAsk, 1)});  // order 2 is still ahead of the user
    CHECK(v.ahead() == 4);
}

TEST_CASE("L3 venue: a modify up ahead sends that order behind the user order", "[venue][l3]") {
    Venue v;
    v.run({add(1, kSell, kAsk, 5), add(2, kSell, kAsk, 3)});
    v.rest(kUser, Side::Sell, kAsk);
    v.run({modify(1, kSell, kAsk, 6)});
    CHECK(v.ahead() == 3);
    CHECK(v.x.real_seq(1) > v.x.user_seq(kUser));
}

TEST_CASE("L3 venue: a modify to another price ahead takes all its lots out of ahead", "[venue][l3]") {
    Venue v;
    v.run({add(1, kBuy, kBid, 5), add(2, kBuy, kBid, 3)});
    v.rest(kUser, Side::Buy, kBid);
    v.run({modify(2, kBuy, kBid - 1, 3)});
    CHECK(v.ahead() == 5);
    v.run({modify(2, kBuy, kBid, 3)});  // back at the price: a new arrival, behind the user
    CHECK(v.ahead() == 5);
}

TEST_CASE("L3 venue: a FILL of a real order behind the user order fills it with the market part m", "[venue][l3]") {
    Venue v;
    v.run({add(1, kSell, kAsk, 5)});
    v.rest(kUser, Side::Sell, kAsk, 10);
    v.run({add(2, kSell, kAsk, 4)});
    CHECK(v.run({fill(2, kAsk, 3)}) == Passive{{kUser, kAsk, 3}});
    CHECK(v.ahead() == 5);  // order 2 was behind: ahead unchanged
}

TEST_CASE("L3 venue: a FILL ahead of the user order only advances it", "[venue][l3]") {
    Venue v;
    v.run({add(1, kSell, kAsk, 5)});
    v.rest(kUser, Side::Sell, kAsk);
    CHECK(v.run({fill(1, kAsk, 2)}).empty());
    CHECK(v.ahead() == 3);
    CHECK(v.run({fill(1, kAsk, 3)}).empty());
    CHECK(v.ahead() == 0);
}

TEST_CASE("L3 venue: a FILL at a worse price than the user order is a trade-through: filled whole", "[venue][l3]") {
    Venue v;
    v.run({add(1, kSell, kAsk + 1, 5), add(2, kBuy, kBid - 1, 5)});
    v.rest(kUser, Side::Sell, kAsk);  // better than order 1, alone at its price
    CHECK(v.run({fill(1, kAsk + 1, 1)}) == Passive{{kUser, kAsk, kWholeOrder}});
    v.rest(kUser + 1, Side::Buy, kBid);
    CHECK(v.run({fill(2, kBid - 1, 2)}) == Passive{{kUser + 1, kBid, kWholeOrder}});
}

TEST_CASE("L3 venue: a FILL at a better price than the user order fills nothing", "[venue][l3]") {
    Venue v;
    v.run({add(1, kSell, kAsk, 5)});
    v.rest(kUser, Side::Sell, kAsk + 2);
    CHECK(v.run({fill(1, kAsk, 5)}).empty());
}

TEST_CASE("L3 venue: best crossing: a real order at or through the user's price fills it whole", "[venue][l3]") {
    Venue v;
    v.run({add(1, kSell, kAsk, 5)});
    v.rest(kUser, Side::Sell, kAsk);
    CHECK(v.run({add(2, kBuy, kBid, 1)}).empty());
    CHECK(v.run({add(3, kBuy, kAsk, 1)}) == Passive{{kUser, kAsk, kWholeOrder}});
}

TEST_CASE("L3 venue: passive fills come by price best first for the filled side, then by arrival", "[venue][l3]") {
    Venue v;
    v.run({add(1, kSell, kAsk + 3, 5)});
    v.rest(12, Side::Sell, kAsk + 1);
    v.rest(11, Side::Sell, kAsk + 2);
    v.rest(13, Side::Sell, kAsk);
    v.rest(14, Side::Sell, kAsk + 1);
    CHECK(v.run({fill(1, kAsk + 3, 1)}) == Passive{{13, kAsk, kWholeOrder},
                                                    {12, kAsk + 1, kWholeOrder},
                                                    {14, kAsk + 1, kWholeOrder},
                                                    {11, kAsk + 2, kWholeOrder}});
}

TEST_CASE("L3 venue: every user order behind one FILL gets its market part m", "[venue][l3]") {
    Venue v;
    v.rest(1, Side::Buy, kBid);
    v.rest(2, Side::Buy, kBid);
    v.run({add(7, kBuy, kBid, 4)});
    CHECK(v.run({fill(7, kBid, 2)}) == Passive{{1, kBid, 2}, {2, kBid, 2}});
}

TEST_CASE("L3 venue: a taker walks levels best first, each level's real orders in queue order", "[venue][l3]") {
    Venue v;
    v.run({add(1, kSell, kAsk, 2), add(2, kSell, kAsk, 3), add(3, kSell, kAsk + 1, 4), add(4, kSell, kAsk + 2, 9)});
    CHECK(v.take(Side::Buy, kAsk + 1, 6) == Taker{{kAsk, 5}, {kAsk + 1, 1}});
    CHECK(v.x.hidden_of(1) == 2);
    CHECK(v.x.hidden_of(2) == 3);
    CHECK(v.x.hidden_of(3) == 1);
    CHECK(v.x.hidden_of(4) == 0);
    // The limit stops the walk: only 3 visible lots are left up to kAsk + 1.
    CHECK(v.take(Side::Buy, kAsk + 1, 10) == Taker{{kAsk + 1, 3}});
    // A market order has no limit.
    CHECK(v.take(Side::Buy, std::nullopt, 2) == Taker{{kAsk + 2, 2}});
}

TEST_CASE("L3 venue: within a level a taker takes the oldest real order first", "[venue][l3]") {
    Venue v;
    v.run({add(1, kBuy, kBid, 2), add(2, kBuy, kBid, 3), add(3, kBuy, kBid, 4)});
    CHECK(v.take(Side::Sell, kBid, 4) == Taker{{kBid, 4}});
    CHECK(v.x.hidden_of(1) == 2);
    CHECK(v.x.hidden_of(2) == 2);
    CHECK(v.x.hidden_of(3) == 0);
}

TEST_CASE("L3 venue: FOK takes nothing when the visible lots within the limit are short", "[venue][l3]") {
    Venue v;
    v.run({add(1, kSell, kAsk, 2), add(2, kSell, kAsk + 1, 3), add(3, kSell, kAsk + 2, 50)});
    CHECK(v.take(Side::Buy, kAsk + 1, 6, true).empty());
    CHECK(v.x.hidden_at(Side::Sell, kAsk) == 0);
    CHECK(v.take(Side::Buy, kAsk + 1, 5, true) == Taker{{kAsk, 2}, {kAsk + 1, 3}});
    // The hidden lots no longer count: the same FOK again finds nothing.
    CHECK(v.take(Side::Buy, kAsk + 1, 1, true).empty());
}

TEST_CASE("L3 venue: NoPartial takes all lots at the best price but hides level by level", "[venue][l3]") {
    Venue v;
    v.run({add(1, kSell, kAsk, 2), add(2, kSell, kAsk + 1, 3)});
    CHECK(v.take(Side::Buy, std::nullopt, 10, false, true) == Taker{{kAsk, 10}});
    CHECK(v.x.hidden_at(Side::Sell, kAsk) == 2);
    CHECK(v.x.hidden_at(Side::Sell, kAsk + 1) == 3);  // up to what is visible, no further
    // Nothing visible: nothing filled.
    CHECK(v.take(Side::Buy, std::nullopt, 1, false, true).empty());
}

TEST_CASE("L3 venue: NoPartial with a limit hides only the levels within it", "[venue][l3]") {
    Venue v;
    v.run({add(1, kSell, kAsk, 2), add(2, kSell, kAsk + 1, 3)});
    CHECK(v.take(Side::Buy, kAsk, 4, false, true) == Taker{{kAsk, 4}});
    CHECK(v.x.hidden_at(Side::Sell, kAsk + 1) == 0);
    CHECK(v.take(Side::Buy, kAsk, 1, false, true).empty());  // the best visible is past the limit
}

TEST_CASE("L3 venue: consumed liquidity: after a take the visible book drops, the replayed book does not", "[venue][l3]") {
    Venue v;
    v.run({add(1, kSell, kAsk, 2), add(2, kSell, kAsk, 3), add(3, kSell, kAsk + 1, 4)});
    v.take(Side::Buy, kAsk, 4);
    CHECK(v.x.visible_lots_at(Side::Sell, kAsk) == 1);
    CHECK(v.x.book().quantity_at(Side::Sell, kAsk) == 5);
    md::Quote q = v.x.visible_best();
    CHECK(q.has_ask == 1);
    CHECK(q.ask_price == kAsk);
    CHECK(q.ask_quantity == 1);
    v.take(Side::Buy, kAsk, 1);  // the level is all hidden now: the best is the next one
    q = v.x.visible_best();
    CHECK(q.ask_price == kAsk + 1);
    CHECK(q.ask_quantity == 4);
    std::vector<md::BookLevel> depth(4);
    REQUIRE(v.x.visible_depth(Side::Sell, depth) == 1);
    CHECK(depth[0].price == kAsk + 1);
    CHECK(depth[0].quantity == 4);
}

TEST_CASE("L3 venue: a recorded CANCEL of a taken order uses up its hidden lots first", "[venue][l3]") {
    Venue v;
    v.run({add(1, kSell, kAsk, 5)});
    v.take(Side::Buy, kAsk, 3);
    v.run({cancel(1, 2)});  // 2 of the 3 lots the user took
    CHECK(v.x.hidden_of(1) == 1);
    CHECK(v.x.visible_lots_at(Side::Sell, kAsk) == 2);
    v.run({cancel(1, 2)});
    CHECK(v.x.hidden_of(1) == 0);
    CHECK(v.x.visible_lots_at(Side::Sell, kAsk) == 1);
}

TEST_CASE("L3 venue: a FILL of only hidden lots fills no user order behind; beyond them it does", "[venue][l3]") {
    Venue v;
    v.run({add(1, kSell, kAsk, 5)});
    v.take(Side::Buy, kAsk, 3);
    v.rest(kUser, Side::Sell, kAsk);  // behind order 1's 2 visible lots
    CHECK(v.ahead() == 2);
    CHECK(v.run({fill(1, kAsk, 3)}).empty());  // the market traded the lots the user took
    CHECK(v.x.hidden_of(1) == 0);
    CHECK(v.ahead() == 2);
    v.run({add(2, kSell, kAsk, 4)});
    v.take(Side::Buy, kAsk, 3);  // 2 from order 1, 1 from order 2 (behind the user's)
    CHECK(v.ahead() == 0);
    CHECK(v.run({fill(2, kAsk, 3)}) == Passive{{kUser, kAsk, 2}});  // h = 1, m = 2
}

TEST_CASE("L3 venue: a FILL that changes no book keeps the hidden lots; its CANCEL then uses them up",
          "[venue][l3]") {
    Venue v;
    v.run({add(1, kBuy, kBid, 5)});
    v.take(Side::Sell, kBid, 2);
    v.rest(kUser, Side::Buy, kBid);
    CHECK(v.ahead() == 3);
    CHECK(v.run({fill_nbc(1, kBid, 2)}).empty());  // h = 2, m = 0
    CHECK(v.x.hidden_of(1) == 2);
    CHECK(v.ahead() == 3);
    CHECK(v.x.visible_lots_at(Side::Buy, kBid) == 3);
    v.run({cancel(1, 2)});  // the recording's reduction uses the hidden lots up
    CHECK(v.x.hidden_of(1) == 0);
    CHECK(v.ahead() == 3);
    CHECK(v.x.book().quantity_at(Side::Buy, kBid) == 3);
}

// The case of the wiring brief: the user took all 3 lots of ask r and rests
// the rest of its buy at that price; a NO_BOOK_CHANGE FILL of r must neither
// show r's lots again nor fill the buy by crossing.
TEST_CASE("L3 venue: a NO_BOOK_CHANGE FILL of a wholly taken order shows nothing again and crosses nothing",
          "[venue][l3]") {
    Venue v;
    v.run({add(1, kSell, kBid, 3)});
    CHECK(v.take(Side::Buy, kBid, 5) == Taker{{kBid, 3}});
    v.rest(kUser, Side::Buy, kBid, 2);
    CHECK(v.run({fill_nbc(1, kBid, 2)}).empty());
    CHECK(v.x.hidden_of(1) == 3);
    CHECK_FALSE(v.x.visible_best().has_ask);
    CHECK(v.run({cancel(1, 2)}).empty());  // the following reduction: 1 hidden lot left, nothing visible
    CHECK(v.x.hidden_of(1) == 1);
    CHECK_FALSE(v.x.visible_best().has_ask);
}

TEST_CASE("L3 venue: the user never takes more than the market offered", "[venue][l3]") {
    Venue v;
    v.run({add(1, kSell, kAsk, 5)});
    CHECK(v.take(Side::Buy, kAsk, 4) == Taker{{kAsk, 4}});
    CHECK(v.take(Side::Buy, kAsk, 4) == Taker{{kAsk, 1}});
    CHECK(v.take(Side::Buy, kAsk, 4).empty());
    v.run({modify(1, kSell, kAsk, 4)});  // the recording reduces it: hidden first, nothing shows again
    CHECK(v.x.visible_lots_at(Side::Sell, kAsk) == 0);
    CHECK(v.take(Side::Buy, kAsk, 4).empty());
}

TEST_CASE("L3 venue: an order that leaves the book drops its hidden lots", "[venue][l3]") {
    Venue v;
    v.run({add(1, kSell, kAsk, 5), add(2, kSell, kAsk, 2)});
    v.take(Side::Buy, kAsk, 3);
    v.run({cancel(1, 0)});
    CHECK(v.x.hidden_of(1) == 0);
    CHECK(v.x.hidden_at(Side::Sell, kAsk) == 0);
    CHECK(v.x.visible_lots_at(Side::Sell, kAsk) == 2);
    v.run({add(1, kSell, kAsk, 5)});  // the id again: a new order, nothing hidden
    CHECK(v.x.visible_lots_at(Side::Sell, kAsk) == 7);
}

TEST_CASE("L3 venue: a modify that sends a taken order to the back drops its hidden lots", "[venue][l3]") {
    Venue v;
    v.run({add(1, kSell, kAsk, 5)});
    v.take(Side::Buy, kAsk, 3);
    v.run({modify(1, kSell, kAsk, 6)});
    CHECK(v.x.hidden_of(1) == 0);
    CHECK(v.x.visible_lots_at(Side::Sell, kAsk) == 6);
}

TEST_CASE("L3 venue: a taker's hidden lots move the user orders behind them up", "[venue][l3]") {
    Venue v;
    v.run({add(1, kSell, kAsk, 5)});
    v.rest(kUser, Side::Sell, kAsk);
    v.run({add(2, kSell, kAsk, 4)});
    CHECK(v.take(Side::Buy, kAsk, 7) == Taker{{kAsk, 7}});  // passes over the user's own order
    CHECK(v.ahead() == 0);
    CHECK(v.x.hidden_of(2) == 2);
}

TEST_CASE("L3 venue: CLEAR of a side sets ahead to 0 there and keeps the user orders", "[venue][l3]") {
    Venue v;
    v.run({add(1, kBuy, kBid, 5), add(2, kSell, kAsk, 5)});
    v.rest(1, Side::Buy, kBid);
    v.rest(2, Side::Sell, kAsk);
    v.take(Side::Buy, kAsk, 2);
    v.run({mark(SGX_MD_CLEAR, kSell)});
    CHECK(v.ahead(1) == 5);
    CHECK(v.ahead(2) == 0);
    CHECK(v.x.hidden_of(2) == 0);
    CHECK(v.x.hidden_at(Side::Sell, kAsk) == 0);
    v.run({mark(SGX_MD_SNAPSHOT_BEGIN), add(1, kBuy, kBid, 3), mark(SGX_MD_SNAPSHOT_END)});
    CHECK(v.ahead(1) == 0);  // the snapshot's orders are new arrivals
    CHECK(v.x.user_orders() == 2);
}

TEST_CASE("L3 venue: the user order table refuses bad calls and changes nothing", "[venue][l3]") {
    Venue v;
    std::int64_t a = 0;
    CHECK(v.x.rest(1, static_cast<Side>(2), kBid, 1, a) == Status::InvalidSide);
    CHECK(v.x.rest(1, Side::Buy, kBid, 0, a) == Status::InvalidQuantity);
    REQUIRE(v.x.rest(1, Side::Buy, kBid, 3, a) == Status::Ok);
    CHECK(v.x.rest(1, Side::Sell, kAsk, 1, a) == Status::DuplicateOrderId);
    CHECK(v.x.reduce(1, 3) == Status::InvalidQuantity);
    CHECK(v.x.reduce(2, 1) == Status::NotFound);
    CHECK(v.x.reduce(1, 2) == Status::Ok);
    CHECK(v.x.leaves(1, a) == Status::Ok);
    CHECK(a == 1);
    CHECK(v.x.remove(2) == Status::NotFound);
    CHECK(v.x.remove(1) == Status::Ok);
    CHECK(v.x.ahead(1, a) == Status::NotFound);
    std::vector<TakerFill> out;
    std::int64_t filled = 0;
    CHECK(v.x.take(Side::Buy, std::nullopt, 0, false, false, out, filled) == Status::InvalidQuantity);
}

TEST_CASE("L3 venue: a FILL of an order that does not rest fills no user order", "[venue][l3]") {
    Venue v;
    v.rest(kUser, Side::Sell, kAsk);
    CHECK(v.run({fill(77, kAsk + 5, 3)}).empty());
    CHECK(v.x.checks().unknown_order == 1);
}

// A seeded random flow checked against the definitions after every step:
// ahead = visible lots of older real orders at its level, hidden within
// 0..open and summing to the level totals, a take never above what was
// visible, the visible best never showing an all-hidden level.
TEST_CASE("L3 venue: random flow keeps ahead, hidden and visible lots exact", "[venue][l3]") {
    std::mt19937_64 rng(20261204);
    Venue v;
    std::vector<std::uint64_t> ids;
    std::uint64_t next_id = 1;
    std::int64_t next_key = 1;
    std::vector<std::int64_t> keys;
    std::map<std::int64_t, std::pair<Side, std::int64_t>> placed;  // key -> side, price
    const auto pick = [&](auto& vec) { return vec[rng() % vec.size()]; };
    for (int step = 0; step < 4000; ++step) {
        const int what = static_cast<int>(rng() % 20);
        const std::uint8_t side = rng() % 2 ? kSell : kBuy;
        const std::int64_t price = side == kBuy ? 95 + static_cast<std::int64_t>(rng() % 6)
                                                : 100 + static_cast<std::int64_t>(rng() % 6);
        const std::int64_t qty = 1 + static_cast<std::int64_t>(rng() % 5);
        if (what < 6 || ids.empty()) {
            v.run({add(next_id, side, price, qty)});
            ids.push_back(next_id++);
        } else if (what < 8) {
            v.run({cancel(pick(ids), static_cast<std::int64_t>(rng() % 3))});
        } else if (what < 10) {
            v.run({fill(pick(ids), price, qty)});
        } else if (what < 11) {
            v.run({fill_nbc(pick(ids), price, qty)});
        } else if (what < 13) {
            v.run({modify(pick(ids), side, price, static_cast<std::int64_t>(rng() % 6))});
        } else if (what < 15) {
            std::int64_t a = 0;
            REQUIRE(v.x.rest(next_key, static_cast<Side>(side), price, qty, a) == Status::Ok);
            placed[next_key] = {static_cast<Side>(side), price};
            keys.push_back(next_key++);
        } else if (what < 16 && !keys.empty()) {
            const std::int64_t k = pick(keys);
            REQUIRE(v.x.remove(k) == Status::Ok);
            keys.erase(std::find(keys.begin(), keys.end(), k));
        } else if (what < 19) {
            const Side taker = static_cast<Side>(side);
            const std::int64_t limit = taker == Side::Buy ? 100 + static_cast<std::int64_t>(rng() % 4)
                                                          : 97 + static_cast<std::int64_t>(rng() % 4);
            std::int64_t offered = 0;  // visible lots within the limit
            std::vector<md::BookLevel> depth(16);
            const std::size_t n = v.x.visible_depth(opposite(taker), depth);
            for (std::size_t i = 0; i < n; ++i)
                if (taker == Side::Buy ? depth[i].price <= limit : depth[i].price >= limit) offered += depth[i].quantity;
            const bool whole = rng() % 4 == 0;
            std::vector<TakerFill> out;
            std::int64_t filled = 0;
            REQUIRE(v.x.take(taker, limit, qty, rng() % 3 == 0, whole, out, filled) == Status::Ok);
            if (!whole) CHECK(filled <= offered);
        } else {
            v.run({mark(SGX_MD_CLEAR, side)});
        }
        // Invariants, from the book and the definitions.
        for (const Side s : {Side::Buy, Side::Sell}) {
            std::map<std::int64_t, std::int64_t> level_hidden;
            v.x.book().each_order(s, [&](const md::L3Book::OrderView& o) {
                const std::int64_t h = v.x.hidden_of(o.id);
                CHECK(h >= 0);
                CHECK(h <= o.lots);
                level_hidden[o.price] += h;
                return true;
            });
            for (const auto& [p, h] : level_hidden) CHECK(v.x.hidden_at(s, p) == h);
        }
        const md::Quote q = v.x.visible_best();
        if (q.has_bid) CHECK(q.bid_quantity > 0);
        if (q.has_ask) CHECK(q.ask_quantity > 0);
        for (const std::int64_t k : keys) {
            std::int64_t a = -1;
            REQUIRE(v.x.ahead(k, a) == Status::Ok);
            const auto [s, p] = placed.at(k);
            const std::int64_t useq = v.x.user_seq(k);
            std::int64_t expected = 0;
            v.x.book().each_order_at(s, p, [&](const md::L3Book::OrderView& o) {
                if (v.x.real_seq(o.id) < useq) expected += o.lots - v.x.hidden_of(o.id);
                return true;
            });
            CHECK(a == expected);
            CHECK(a >= 0);
        }
    }
}
