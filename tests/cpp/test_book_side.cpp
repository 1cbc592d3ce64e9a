// The order book's price levels (BookSide: a hot sorted vector near the
// touch, sorted blocks behind it) against a std::map reference: every
// level's price, lots, count and FIFO order after each step of long random
// streams, and the deep-book cases (far inserts, deep cancels, sweeps across
// the hot/overflow boundary, refills, both sides, prices near the int64 bounds).
#include <catch2/catch.hpp>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <map>
#include <random>
#include <vector>

#include "helpers.hpp"
#include "sigmax/detail/order_book.hpp"

using namespace sigmax;

namespace {

// A book driven through OrderBook's own calls, with the reference it must equal.
struct Model {
    OrderPool pool{1024};
    OrderBook book{Scale{}};
    // Per side, price -> the FIFO of its orders, oldest first.
    std::map<std::int64_t, std::vector<OrderIndex>> ref[2];
    std::vector<OrderIndex> resting;  // in no order
    std::vector<std::size_t> place;   // place[i]: where order i is in `resting`
    std::uint64_t next_id = 1;

    static std::size_t sx(Side s) { return static_cast<std::size_t>(s); }

    void add(Side s, std::int64_t price, std::int64_t lots) {
        const OrderIndex i = pool.allocate();
        pool[i] = RestingOrder{next_id++, price, lots, 0, 0, kNil, kNil, 0, s, SelfTrade::Default, false};
        REQUIRE(book.add(i, pool));
        ref[sx(s)][price].push_back(i);
        if (place.size() <= i) place.resize(i + 1);
        place[i] = resting.size();
        resting.push_back(i);
    }
    void forget(OrderIndex i) {
        const RestingOrder& o = pool[i];
        auto& fifo = ref[sx(o.side)][o.price];
        fifo.erase(std::find(fifo.begin(), fifo.end(), i));
        if (fifo.empty()) ref[sx(o.side)].erase(o.price);
        resting[place[i]] = resting.back();
        place[resting.back()] = place[i];
        resting.pop_back();
        pool.release(i);
    }
    void remove(OrderIndex i) {
        book.remove(i, pool);
        forget(i);
    }
    // What the matcher does when it fills the best level's oldest order.
    void pop_best(Side s) {
        const OrderIndex i = book.levels(s).back().head;
        book.pop_best_head(s, pool);
        forget(i);
    }
    void amend(OrderIndex i, std::int64_t new_open) {
        RestingOrder& o = pool[i];
        const bool up = new_open > o.open;
        REQUIRE(book.amend(i, new_open, pool));
        if (up) {  // an increase goes to the back of its level
            auto& fifo = ref[sx(o.side)][o.price];
            fifo.erase(std::find(fifo.begin(), fifo.end(), i));
            fifo.push_back(i);
        }
    }

    // One level as the checks compare it: price, lots, count and its
    // orders oldest first (walked forward from head, checked backward from tail).
    struct Seen {
        std::int64_t price, lots;
        std::uint32_t count;
        std::vector<OrderIndex> fifo;
        bool links_ok;
        bool operator==(const Seen&) const = default;
    };

    // Every level, best first: price, lots, count, FIFO order and links.
    void check(Side s) const {
        const BookSide& side = book.levels(s);
        REQUIRE(side.valid());
        std::vector<Seen> want, got;
        for (const auto& [price, fifo] : ref[sx(s)]) {
            std::int64_t lots = 0;
            for (const OrderIndex i : fifo) lots += pool[i].open;
            want.push_back(Seen{price, lots, static_cast<std::uint32_t>(fifo.size()), fifo, true});
        }
        if (s == Side::Buy) std::reverse(want.begin(), want.end());
        side.each_best_first([&](const PriceLevel& l) {
            Seen v{l.price, l.lots, l.count, {}, true};
            OrderIndex prev = kNil;
            for (OrderIndex at = l.head; at != kNil && v.fifo.size() <= l.count; at = pool[at].next) {
                v.links_ok = v.links_ok && pool[at].prev == prev;
                v.fifo.push_back(at);
                prev = at;
            }
            v.links_ok = v.links_ok && l.tail == prev;
            got.push_back(std::move(v));
            return true;
        });
        REQUIRE(side.size() == want.size());
        REQUIRE(got == want);
        if (!want.empty()) REQUIRE(side.back().price == want.front().price);
    }
    void check() const {
        check(Side::Buy);
        check(Side::Sell);
    }
};

// One random step. `grow` (percent) is the share of adds; prices are near
// `touch` or anywhere in [0, width).
void random_step(Model& m, std::mt19937_64& rng, int grow, std::int64_t width, std::int64_t touch) {
    const Side s = rng() % 2 ? Side::Buy : Side::Sell;
    const auto roll = static_cast<int>(rng() % 100);
    if (roll < grow || m.resting.empty()) {
        const std::int64_t price = rng() % 2 ? touch + static_cast<std::int64_t>(rng() % 40) - 20
                                             : static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(width));
        m.add(s, price, 1 + static_cast<std::int64_t>(rng() % 100));
        return;
    }
    const OrderIndex i = m.resting[rng() % m.resting.size()];
    if (roll < grow + (100 - grow) / 2) {
        m.remove(i);
    } else if (roll < grow + 3 * (100 - grow) / 4) {
        if (!m.book.levels(s).empty()) m.pop_best(s);
    } else {
        m.amend(i, 1 + static_cast<std::int64_t>(rng() % 100));
    }
}

}  // namespace

TEST_CASE("every level's price, lots, count and FIFO order match a sorted map after each step of a random stream") {
    Model m;
    std::mt19937_64 rng(7);
    // Grow past the hot part (spills, splits), churn, then drain (merges,
    // refills, empty blocks), checking everything after every step.
    for (int step = 0; step < 3000; ++step) {
        random_step(m, rng, 80, 1500, 750);
        m.check();
    }
    REQUIRE(m.book.levels(Side::Buy).blocks() > 0);
    REQUIRE(m.book.levels(Side::Sell).blocks() > 0);
    for (int step = 0; step < 2000; ++step) {
        random_step(m, rng, 50, 1500, 750);
        m.check();
    }
    while (!m.resting.empty()) {
        random_step(m, rng, 10, 1500, 750);
        m.check();
    }
    REQUIRE(m.book.levels(Side::Buy).empty());
    REQUIRE(m.book.levels(Side::Sell).empty());
}

TEST_CASE("a large random stream over 20,000 prices keeps every level equal to the sorted map") {
    Model m;
    std::mt19937_64 rng(11);
    for (int round = 0; round < 3; ++round) {
        for (int step = 0; step < 40000; ++step) {
            random_step(m, rng, 75, 20000, 10000 + 3000 * round);
            if (step % 997 == 0) m.check();
        }
        for (int step = 0; step < 30000; ++step) {
            random_step(m, rng, 30, 20000, 10000 - 3000 * round);
            if (step % 997 == 0) m.check();
        }
        m.check();
    }
    // Blocks stay within their bound: m < 4n/B + 1.
    for (const Side s : {Side::Buy, Side::Sell}) {
        const BookSide& side = m.book.levels(s);
        REQUIRE(side.blocks() <= 4 * side.size() / BookSide::kBlock + 1);
    }
}

TEST_CASE("a level far behind the touch of a deep side is inserted, found, filled into and removed") {
    Model m;
    constexpr std::int64_t kLevels = 20000;
    for (std::int64_t k = 0; k < kLevels; ++k) m.add(Side::Sell, 1000 + k, 1);  // asks, best (1000) first
    REQUIRE(m.book.levels(Side::Sell).blocks() > 10);
    m.add(Side::Sell, 1000 + kLevels + 500, 7);      // a new level at the far end
    m.add(Side::Sell, 1000 + kLevels / 2, 3);        // an order into an existing deep level
    REQUIRE(m.book.levels(Side::Sell).find(1000 + kLevels + 500)->lots == 7);
    REQUIRE(m.book.levels(Side::Sell).find(1000 + kLevels / 2)->count == 2);
    REQUIRE(m.book.levels(Side::Sell).find(1000 + kLevels + 499) == nullptr);
    REQUIRE_FALSE(m.book.room_for(Side::Sell, 1000 + kLevels / 2, kMaxLevelLots));
    REQUIRE(m.book.room_for(Side::Sell, 1000 + kLevels + 1, kMaxLevelLots - 1));
    m.check();
    // Cancel deep levels (the far one, a middle one, then a run of them).
    m.remove(m.ref[1][1000 + kLevels + 500].front());
    m.remove(m.ref[1][1000 + kLevels / 2].front());
    for (std::int64_t k = 5000; k < 9000; ++k) m.remove(m.ref[1][1000 + k].front());
    m.check();
    REQUIRE(m.book.levels(Side::Sell).back().price == 1000);
}

TEST_CASE("crossing_lots counts across the hot and overflow parts and stops at the limit") {
    Model m;
    for (std::int64_t k = 0; k < 2000; ++k) m.add(Side::Buy, 5000 - k, 2);  // bids 5000 down to 3001
    // A sell limited at 3500 reaches bids 5000..3500: 1501 levels of 2 lots.
    REQUIRE(m.book.crossing_lots(Side::Buy, false, 3500, INT64_MAX) == 3002);
    REQUIRE(m.book.crossing_lots(Side::Buy, true, 0, INT64_MAX) == 4000);
    REQUIRE(m.book.crossing_lots(Side::Buy, true, 0, 1001) == 1002);  // stops once it has enough
}

TEST_CASE("each_level passes the levels best first through the hot part and every block, and stops at max") {
    Model m;
    for (std::int64_t k = 0; k < 1000; ++k) m.add(Side::Buy, 2 * k, 1);
    std::vector<double> prices;
    const std::size_t n = m.book.each_level(Side::Buy, 700, [&](std::size_t i, const LevelView& l) {
        REQUIRE(i == prices.size());
        prices.push_back(l.price);
    });
    REQUIRE(n == 700);
    REQUIRE(prices.size() == 700);
    for (std::size_t i = 0; i < prices.size(); ++i) REQUIRE(prices[i] == Approx(1e-8 * static_cast<double>(1998 - 2 * static_cast<std::int64_t>(i))));
    REQUIRE(m.book.each_level(Side::Buy, 0, [](std::size_t, const LevelView&) { FAIL("max 0 passes nothing"); }) == 0);
    REQUIRE(m.book.each_level(Side::Buy, SIZE_MAX, [](std::size_t, const LevelView&) {}) == 1000);
}

TEST_CASE("levels at prices next to the int64 bounds sort, split and drain like any other") {
    Model m;
    // More levels than the hot part holds, at both ends of the int64 range,
    // on both sides (the market-data L3 book takes any int64 price).
    for (std::int64_t k = 0; k < 700; ++k) {
        m.add(Side::Buy, INT64_MIN + k, 1);
        m.add(Side::Buy, INT64_MAX - k, 1);
        m.add(Side::Sell, INT64_MAX - k, 1);
        m.add(Side::Sell, INT64_MIN + k, 1);
    }
    m.check();
    REQUIRE(m.book.levels(Side::Buy).back().price == INT64_MAX);
    REQUIRE(m.book.levels(Side::Sell).back().price == INT64_MIN);
    REQUIRE(m.book.levels(Side::Buy).find(INT64_MIN)->count == 1);
    REQUIRE(m.book.levels(Side::Sell).find(INT64_MAX)->count == 1);
    for (int k = 0; k < 1400; ++k) {
        m.pop_best(Side::Buy);
        m.pop_best(Side::Sell);
        if (k % 50 == 0) m.check();
    }
    REQUIRE(m.book.levels(Side::Buy).empty());
    REQUIRE(m.book.levels(Side::Sell).empty());
}

TEST_CASE("a market order sweeps thousands of levels best first across the hot and overflow parts, both sides") {
    using namespace test;
    for (const Side resting : {Side::Sell, Side::Buy}) {
        Engine e;
        REQUIRE(e.configure_symbol(kSym, 1.0, 1.0) == Status::Ok);
        constexpr int kLevels = 3000;
        for (int k = 0; k < kLevels; ++k) {
            // Inserted in a shuffled order: far levels, near levels and
            // levels in between all arrive at every stage.
            const int at = (k * 1237) % kLevels;
            const double price = resting == Side::Sell ? 10000.0 + at : 10000.0 - at;
            submit(e, limit(resting, price, 2.0));
        }
        const Side taker = resting == Side::Sell ? Side::Buy : Side::Sell;
        // Half the book, then a limit order that stops inside the overflow
        // part, then the rest: each sweep continues where the last stopped.
        auto r = submit(e, market(taker, 2.0 * kLevels / 2));
        REQUIRE(r.fill_count == kLevels / 2);
        auto fills = drain(e);
        for (int k = 0; k < kLevels / 2; ++k)
            REQUIRE(fills[static_cast<std::size_t>(k)].price == (resting == Side::Sell ? 10000.0 + k : 10000.0 - k));
        const double stop = resting == Side::Sell ? 10000.0 + 2000 : 10000.0 - 2000;
        r = submit(e, limit(taker, stop, 1e6, TimeInForce::IOC));
        REQUIRE(r.fill_count == 2001 - kLevels / 2);
        drain(e);
        TopOfBook top;
        REQUIRE(e.top_of_book(kSym, top) == Status::Ok);
        REQUIRE((resting == Side::Sell ? top.ask_price : top.bid_price) == (resting == Side::Sell ? 10000.0 + 2001 : 10000.0 - 2001));
        r = submit(e, market(taker, 1e7));
        REQUIRE(r.fill_count == kLevels - 2001);
        REQUIRE(e.top_of_book(kSym, top) == Status::Ok);
        REQUIRE_FALSE(top.has_ask);
        REQUIRE_FALSE(top.has_bid);
    }
}

TEST_CASE("a FOK order counts the deep levels it needs and fills across them, or trades nothing") {
    using namespace test;
    Engine e;
    REQUIRE(e.configure_symbol(kSym, 1.0, 1.0) == Status::Ok);
    for (int k = 0; k < 1000; ++k) submit(e, limit(Side::Sell, 100.0 + k, 1.0));
    auto r = submit(e, limit(Side::Buy, 1099.0, 1001.0, TimeInForce::FOK));
    REQUIRE(r.fill_count == 0);
    r = submit(e, limit(Side::Buy, 999.0, 900.0, TimeInForce::FOK));
    REQUIRE(r.fill_count == 900);
    TopOfBook top;
    REQUIRE(e.top_of_book(kSym, top) == Status::Ok);
    REQUIRE(top.ask_price == 1000.0);
}
