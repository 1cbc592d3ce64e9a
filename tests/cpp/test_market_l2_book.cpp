// The L2 book's rules, each on a hand-made event stream with its expected book.
#include <catch2/catch.hpp>

#include <vector>

#include "market_events.hpp"
#include "sigmax/market/replay.hpp"

using namespace sigmax;
using namespace sigmax::md;
using namespace sigmax::md::test;

namespace {

std::vector<BookLevel> side_of(const L2Book& b, Side s) {
    std::vector<BookLevel> out(64);
    out.resize(b.depth(s, out));
    return out;
}

bool same(const std::vector<BookLevel>& got, const std::vector<std::pair<std::int64_t, std::int64_t>>& want) {
    if (got.size() != want.size()) return false;
    for (std::size_t i = 0; i < got.size(); ++i)
        if (got[i].price != want[i].first || got[i].quantity != want[i].second) return false;
    return true;
}

L2Book replayed(const std::vector<Event>& events, BookChecks& checks) {
    L2Book b;
    for (const Event& e : events) b.apply(e, checks);
    return b;
}

}  // namespace

TEST_CASE("a snapshot then diffs gives the snapshot's levels updated by the diffs") {
    BookChecks c{};
    const L2Book b = replayed({mark(SGX_MD_SNAPSHOT_BEGIN, kBoth, SGX_MD_F_SNAPSHOT),
                               level(kBuy, 100, 5, SGX_MD_F_SNAPSHOT), level(kBuy, 99, 7, SGX_MD_F_SNAPSHOT),
                               level(kSell, 101, 3, SGX_MD_F_SNAPSHOT), level(kSell, 103, 4, SGX_MD_F_SNAPSHOT),
                               mark(SGX_MD_SNAPSHOT_END, kBoth, SGX_MD_F_SNAPSHOT | SGX_MD_F_LAST),
                               level(kBuy, 100, 6, 0), level(kSell, 102, 2, SGX_MD_F_LAST)},
                              c);
    CHECK(same(side_of(b, Side::Buy), {{100, 6}, {99, 7}}));
    CHECK(same(side_of(b, Side::Sell), {{101, 3}, {102, 2}, {103, 4}}));
    const Quote q = b.best();
    CHECK((q.has_bid && q.bid_price == 100 && q.bid_quantity == 6 && q.has_ask && q.ask_price == 101 &&
           q.ask_quantity == 3));
    CHECK(c.crossed == 0);
    CHECK(c.negative_quantity == 0);
    CHECK(c.events == 8);
}

TEST_CASE("a level of quantity 0 deletes the level, and deleting an absent level changes nothing") {
    BookChecks c{};
    const L2Book b = replayed({level(kBuy, 100, 5), level(kBuy, 99, 7), level(kBuy, 100, 0), level(kBuy, 98, 0)}, c);
    CHECK(same(side_of(b, Side::Buy), {{99, 7}}));
    CHECK(b.quantity_at(Side::Buy, 100) == 0);
    CHECK(b.quantity_at(Side::Buy, 99) == 7);
}

TEST_CASE("a new snapshot replaces the whole book") {
    BookChecks c{};
    const L2Book b = replayed({level(kBuy, 100, 5), level(kSell, 105, 5), mark(SGX_MD_SNAPSHOT_BEGIN),
                               level(kBuy, 90, 1, SGX_MD_F_SNAPSHOT), mark(SGX_MD_SNAPSHOT_END, kBoth, SGX_MD_F_LAST)},
                              c);
    CHECK(same(side_of(b, Side::Buy), {{90, 1}}));
    CHECK(side_of(b, Side::Sell).empty());
}

TEST_CASE("clear empties one side, or both with side none") {
    BookChecks c{};
    L2Book b = replayed({level(kBuy, 100, 5), level(kSell, 105, 5), mark(SGX_MD_CLEAR, kSell)}, c);
    CHECK(same(side_of(b, Side::Buy), {{100, 5}}));
    CHECK(side_of(b, Side::Sell).empty());
    b.apply(mark(SGX_MD_CLEAR, kBoth), c);
    CHECK(side_of(b, Side::Buy).empty());
}

TEST_CASE("trades and quotes change no level and are counted as ignored") {
    BookChecks c{};
    const L2Book b = replayed({level(kBuy, 100, 5), event(SGX_MD_TRADE, kSell, 100, 2, 77),
                               event(SGX_MD_BBO, kBuy, 100, 5)}, c);
    CHECK(same(side_of(b, Side::Buy), {{100, 5}}));
    CHECK(c.ignored == 2);
}

TEST_CASE("a negative quantity is counted and changes nothing") {
    BookChecks c{};
    const L2Book b = replayed({level(kBuy, 100, 5), level(kBuy, 100, -1)}, c);
    CHECK(c.negative_quantity == 1);
    CHECK(b.quantity_at(Side::Buy, 100) == 5);
}

TEST_CASE("a book crossed after a complete update is counted, but not in the middle of one") {
    BookChecks c{};
    // Mid-message the bid may pass the old ask; the message's last event fixes it.
    replayed({level(kSell, 101, 1), level(kBuy, 102, 1, 0), level(kSell, 101, 0, 0), level(kSell, 103, 1)}, c);
    CHECK(c.crossed == 0);
    replayed({level(kSell, 101, 1), level(kBuy, 101, 1)}, c);
    CHECK(c.crossed == 1);
}

TEST_CASE("an event with an unknown kind or a level without a side is counted as invalid") {
    BookChecks c{};
    replayed({event(42, kBuy, 1, 1), level(kBoth, 100, 1)}, c);
    CHECK(c.invalid == 2);
}

TEST_CASE("levels far from the touch keep the side sorted, best first") {
    BookChecks c{};
    const L2Book b = replayed({level(kSell, 200, 1), level(kSell, 101, 2), level(kSell, 150, 3), level(kSell, 5000, 4),
                               level(kSell, 120, 5), level(kSell, 150, 0)}, c);
    CHECK(same(side_of(b, Side::Sell), {{101, 2}, {120, 5}, {200, 1}, {5000, 4}}));
}

TEST_CASE("a book set keeps one book per symbol and replay shows every event with its book") {
    L2Books books;
    std::vector<Event> events = {level(kBuy, 100, 5), level(kBuy, 200, 1), event(SGX_MD_TRADE, kSell, 100, 1)};
    events[1].symbol = 7;
    std::vector<std::int64_t> bids;
    replay(std::span<const Event>(events), books, [&](const Event&, const L2Book& b) { bids.push_back(b.best().bid_price); });
    CHECK(bids == std::vector<std::int64_t>{100, 200, 100});
    REQUIRE(books.find(7) != nullptr);
    CHECK(books.find(7)->quantity_at(Side::Buy, 200) == 1);
    CHECK(books.find(3) == nullptr);
    CHECK(books.checks().events == 3);
}
