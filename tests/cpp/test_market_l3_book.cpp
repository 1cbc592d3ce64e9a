// The L3 book's rules, each on a hand-made event stream with its expected book
// and queues.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <span>
#include <vector>

#include "market_events.hpp"
#include "sigmax/market/l3_book.hpp"
#include "sigmax/market/replay.hpp"

using namespace sigmax;
using namespace sigmax::md;
using namespace sigmax::md::test;

namespace {

struct Fixture {
    L3Book book;
    BookChecks checks{};
    void run(const std::vector<Event>& events) {
        for (const Event& e : events) book.apply(e, checks);
    }
    QueuePosition position(std::uint64_t id) {
        QueuePosition p{};
        REQUIRE(book.queue_ahead(id, p));
        return p;
    }
    bool violations() const {
        return checks.invalid || checks.negative_quantity || checks.crossed || checks.unknown_order ||
               checks.duplicate_order || checks.overfill;
    }
};

}  // namespace

TEST_CASE("orders added at one price queue in arrival order and aggregate into the level") {
    Fixture f;
    f.run({add(11, kBuy, 100, 5), add(12, kBuy, 100, 3), add(13, kBuy, 100, 2), add(20, kSell, 101, 4)});
    CHECK(f.book.quantity_at(Side::Buy, 100) == 10);
    std::vector<BookLevel> bids(4);
    REQUIRE(f.book.depth(Side::Buy, bids) == 1);
    CHECK(bids[0].order_count == 3);
    const QueuePosition p = f.position(13);
    CHECK(p.orders_ahead == 2);
    CHECK(p.quantity_ahead == 8);
    CHECK(p.price == 100);
    CHECK(p.quantity == 2);
    CHECK(f.position(11).orders_ahead == 0);
    CHECK(!f.violations());
}

TEST_CASE("a cancel removes the order and the ones behind it move up") {
    Fixture f;
    f.run({add(1, kSell, 50, 5), add(2, kSell, 50, 3), add(3, kSell, 50, 2), cancel(1, 5)});
    CHECK(f.position(3).orders_ahead == 1);
    CHECK(f.position(3).quantity_ahead == 3);
    CHECK(f.book.quantity_at(Side::Sell, 50) == 5);
    QueuePosition gone{};
    CHECK(!f.book.queue_ahead(1, gone));
    CHECK(!f.violations());
}

TEST_CASE("a partial cancel or partial fill keeps the order's place; a full fill removes it") {
    Fixture f;
    f.run({add(1, kBuy, 100, 5), add(2, kBuy, 100, 3), cancel(1, 2), fill(2, 100, 1)});
    CHECK(f.position(1).quantity == 3);
    CHECK(f.position(2).orders_ahead == 1);
    CHECK(f.position(2).quantity_ahead == 3);
    CHECK(f.book.quantity_at(Side::Buy, 100) == 5);
    f.run({fill(1, 100, 3)});
    CHECK(f.position(2).orders_ahead == 0);
    CHECK(f.book.quantity_at(Side::Buy, 100) == 2);
    CHECK(!f.violations());
}

TEST_CASE("a modify that decreases the size keeps the order's priority") {
    Fixture f;
    f.run({add(1, kBuy, 100, 5), add(2, kBuy, 100, 3), modify(1, kBuy, 100, 4)});
    CHECK(f.position(1).orders_ahead == 0);
    CHECK(f.position(2).quantity_ahead == 4);
}

TEST_CASE("a modify that increases the size sends the order to the back of its level") {
    Fixture f;
    f.run({add(1, kBuy, 100, 5), add(2, kBuy, 100, 3), modify(1, kBuy, 100, 6)});
    CHECK(f.position(1).orders_ahead == 1);
    CHECK(f.position(1).quantity_ahead == 3);
    CHECK(f.position(2).orders_ahead == 0);
    CHECK(f.book.quantity_at(Side::Buy, 100) == 9);
}

TEST_CASE("a modify that changes the price moves the order to the back of the new level") {
    Fixture f;
    f.run({add(1, kBuy, 100, 5), add(2, kBuy, 99, 3), modify(1, kBuy, 99, 2)});
    CHECK(f.book.quantity_at(Side::Buy, 100) == 0);
    CHECK(f.book.quantity_at(Side::Buy, 99) == 5);
    CHECK(f.position(1).orders_ahead == 1);
    CHECK(f.book.best().bid_price == 99);
}

TEST_CASE("a modify of an order that does not rest adds it, and is counted") {
    Fixture f;
    f.run({modify(9, kSell, 70, 2)});
    CHECK(f.book.quantity_at(Side::Sell, 70) == 2);
    CHECK(f.checks.modify_added == 1);
}

TEST_CASE("a cancel or fill of an unknown order, a duplicate add and an overfill are counted, not applied") {
    Fixture f;
    f.run({add(1, kBuy, 100, 5), cancel(99, 1), fill(98, 100, 1), add(1, kBuy, 101, 7), fill(1, 100, 6)});
    CHECK(f.checks.unknown_order == 2);
    CHECK(f.checks.duplicate_order == 1);
    CHECK(f.checks.overfill == 1);
    CHECK(f.book.resting_orders() == 0);  // the overfill took the order out
}

TEST_CASE("clear empties a side and forgets its order ids; a snapshot replaces the book") {
    Fixture f;
    f.run({add(1, kBuy, 100, 5), add(2, kSell, 101, 5), mark(SGX_MD_CLEAR, kBuy)});
    CHECK(f.book.quantity_at(Side::Buy, 100) == 0);
    CHECK(f.book.resting_orders() == 1);
    f.run({add(1, kBuy, 99, 1)});  // id 1 is free again
    CHECK(f.checks.duplicate_order == 0);
    f.run({mark(SGX_MD_SNAPSHOT_BEGIN), add(5, kSell, 200, 1), mark(SGX_MD_SNAPSHOT_END, kBoth, SGX_MD_F_LAST)});
    CHECK(f.book.resting_orders() == 1);
    CHECK(f.book.best().ask_price == 200);
    CHECK(!f.book.best().has_bid);
}

TEST_CASE("exchange ids that differ only in their high bits are told apart") {
    Fixture f;
    const std::uint64_t high = 1ull << 40;
    std::vector<Event> events;
    for (std::uint64_t k = 1; k <= 1000; ++k) events.push_back(add(k * high, kSell, 100 + static_cast<std::int64_t>(k % 7), 1));
    f.run(events);
    CHECK(f.book.resting_orders() == 1000);
    f.run({cancel(500 * high, 1)});
    CHECK(f.book.resting_orders() == 999);
    QueuePosition p{};
    CHECK(!f.book.queue_ahead(500 * high, p));
    CHECK(f.book.queue_ahead(501 * high, p));
    CHECK(!f.violations());
}

TEST_CASE("a crossed L3 book after a complete update is counted") {
    Fixture f;
    f.run({add(1, kSell, 100, 1), add(2, kBuy, 100, 1)});
    CHECK(f.checks.crossed == 1);
}

TEST_CASE("a FILL flagged NO_BOOK_CHANGE leaves the book to the feed's own cancel that follows it") {
    Fixture f;
    f.run({add(11, kBuy, 100, 5)});
    Event informational = fill(11, 100, 2);
    informational.flags |= SGX_MD_F_NO_BOOK_CHANGE;
    f.run({informational});
    CHECK(f.book.quantity_at(Side::Buy, 100) == 5);
    CHECK(f.checks.ignored == 1);
    f.run({fill(11, 100, 2)});  // an ordinary FILL takes the lots off
    CHECK(f.book.quantity_at(Side::Buy, 100) == 3);
    CHECK(!f.violations());
}

TEST_CASE("replaying a span (with its look-ahead hints) builds the same books as applying event by event") {
    // Random order flow over two symbols with random 64-bit exchange ids:
    // adds near a moving mid, cancels, fills and modifies of resting ids,
    // some of ids that never rested, a clear now and then.
    std::mt19937_64 rng(20241203);
    std::vector<Event> events;
    std::vector<std::uint64_t> live[2];
    for (int n = 0; n < 60000; ++n) {
        const std::uint32_t symbol = static_cast<std::uint32_t>(rng() % 2);
        auto& ids = live[symbol];
        const unsigned r = static_cast<unsigned>(rng() % 100);
        const auto side = static_cast<std::uint8_t>(rng() % 2);
        const std::int64_t price = side == kBuy ? 1000 - static_cast<std::int64_t>(rng() % 40)
                                                : 1001 + static_cast<std::int64_t>(rng() % 40);
        const std::int64_t qty = 1 + static_cast<std::int64_t>(rng() % 20);
        Event e;
        if (r < 45 || ids.empty()) {
            ids.push_back(rng());
            e = add(ids.back(), side, price, qty);
        } else if (r < 99) {
            const std::size_t k = static_cast<std::size_t>(rng() % ids.size());
            const std::uint64_t id = r % 10 == 0 ? rng() : ids[k];  // one in ten names an unknown id
            if (r < 80) e = cancel(id, rng() % 3 == 0 ? 0 : qty);
            else if (r < 90) e = fill(id, price, qty);
            else e = modify(id, side, price, qty);
            if (r < 80 && rng() % 2) ids.erase(ids.begin() + static_cast<std::ptrdiff_t>(k));
        } else {
            e = mark(SGX_MD_CLEAR, kBoth);
            ids.clear();
        }
        e.symbol = symbol;
        events.push_back(e);
    }
    L3Books as_span, one_by_one;
    as_span.apply(std::span<const Event>(events));
    for (const Event& e : events) one_by_one.apply(e);

    const BookChecks a = as_span.checks(), b = one_by_one.checks();
    CHECK(std::memcmp(&a, &b, sizeof a) == 0);
    CHECK(a.unknown_order > 0);  // the stream does exercise the misses
    for (std::uint32_t symbol : {0u, 1u}) {
        const L3Book* x = as_span.find(symbol);
        const L3Book* y = one_by_one.find(symbol);
        REQUIRE((x != nullptr && y != nullptr));
        CHECK(x->resting_orders() == y->resting_orders());
        for (const Side s : {Side::Buy, Side::Sell}) {
            std::vector<BookLevel> lx(100), ly(100);
            REQUIRE(x->depth(s, lx) == y->depth(s, ly));
            CHECK(std::memcmp(lx.data(), ly.data(), lx.size() * sizeof(BookLevel)) == 0);
        }
        for (const std::uint64_t id : live[symbol]) {
            QueuePosition px{}, py{};
            REQUIRE(x->queue_ahead(id, px) == y->queue_ahead(id, py));
            CHECK(std::memcmp(&px, &py, sizeof px) == 0);
        }
    }
}

TEST_CASE("the L3 book's walks show levels best first and each level's orders in queue order") {
    Fixture f;
    f.run({add(1, kSell, 102, 5), add(2, kSell, 101, 3), add(3, kSell, 101, 2), add(4, kBuy, 99, 7),
           modify(2, kSell, 101, 4)});  // a size increase: order 2 goes behind order 3
    L3Book::OrderView o{};
    REQUIRE(f.book.find_order(2, o));
    CHECK(o.price == 101);
    CHECK(o.lots == 4);
    CHECK(o.side == Side::Sell);
    CHECK(!f.book.find_order(9, o));
    std::vector<std::int64_t> prices;
    f.book.each_level(Side::Sell, [&](const BookLevel& l) {
        prices.push_back(l.price);
        return true;
    });
    CHECK(prices == std::vector<std::int64_t>{101, 102});
    std::vector<std::uint64_t> ids;
    f.book.each_order_at(Side::Sell, 101, [&](const L3Book::OrderView& v) {
        ids.push_back(v.id);
        return true;
    });
    CHECK(ids == std::vector<std::uint64_t>{3, 2});
    ids.clear();
    f.book.each_order(Side::Sell, [&](const L3Book::OrderView& v) {
        ids.push_back(v.id);
        return v.id != 2;  // stops after order 2
    });
    CHECK(ids == std::vector<std::uint64_t>{3, 2});
    ids.clear();
    f.book.each_order_at(Side::Buy, 100, [&](const L3Book::OrderView& v) {  // no level there
        ids.push_back(v.id);
        return true;
    });
    CHECK(ids.empty());
}
