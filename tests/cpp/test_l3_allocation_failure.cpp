// The market-data L3 book's failure guarantee (docs/market_data.md): an event
// whose allocation fails throws std::bad_alloc (SGX_ERR_NO_MEMORY through the
// C API) with the book exactly as before the event, and the book stays
// usable. Proved as for the engine (test_allocation_failure.cpp): a stream
// that grows every container of the book (the id index past its first size,
// levels in the hot part and in blocks behind it, moves to new levels) is
// applied once to count each event's allocations; then, for every event and
// every k, a fresh book applies the stream with the k-th allocation of that
// event failing, must show the state before the event, and must reach the
// reference state when the event is applied again.
#include <catch2/catch.hpp>

#include <cstdint>
#include <new>
#include <string>
#include <vector>

#include "alloc_hook.hpp"
#include "market_events.hpp"
#include "sigmax/market/l3_book.hpp"

using namespace sigmax;
using namespace sigmax::md;
using namespace sigmax::md::test;

namespace {

// Orders on 600 ask prices (past the 256 hot levels, so blocks are made and
// split) and 600 bids, then moves of some to new prices, cancels and fills.
std::vector<Event> growing_stream() {
    std::vector<Event> s;
    std::uint64_t id = 1;
    for (std::int64_t k = 0; k < 600; ++k) {
        s.push_back(add(id++, kSell, 1000 + 3 * k, 1 + k % 7));
        s.push_back(add(id++, kBuy, 999 - 3 * k, 1 + k % 5));
    }
    for (std::uint64_t k = 1; k < 400; k += 3) s.push_back(modify(k, k % 2 ? kSell : kBuy, k % 2 ? 2900 + k : 90 + k, 4));
    for (std::uint64_t k = 2; k < 600; k += 5) s.push_back(cancel(k, 0));
    for (std::uint64_t k = 3; k < 600; k += 7) s.push_back(fill(k, 0, 1));
    return s;
}

// Everything observable about the book: both sides' levels, the queue of
// every order id the stream uses, and the checks.
std::string state(const L3Book& book, const BookChecks& checks, std::uint64_t max_id) {
    std::string out;
    std::vector<BookLevel> levels(4096);
    for (Side side : {Side::Buy, Side::Sell}) {
        const std::size_t n = book.depth(side, levels);
        out += "side " + std::to_string(static_cast<int>(side)) + ":";
        for (std::size_t i = 0; i < n; ++i)
            out += " " + std::to_string(levels[i].price) + "x" + std::to_string(levels[i].quantity) + "/" +
                   std::to_string(levels[i].order_count);
        out += "\n";
    }
    for (std::uint64_t id = 1; id <= max_id; ++id) {
        QueuePosition p{};
        if (book.queue_ahead(id, p))
            out += std::to_string(id) + ":" + std::to_string(p.orders_ahead) + "," + std::to_string(p.quantity_ahead) + "," +
                   std::to_string(p.price) + "," + std::to_string(p.quantity) + " ";
    }
    out += "\nresting " + std::to_string(book.resting_orders()) + " invalid " + std::to_string(checks.invalid) +
           " unknown " + std::to_string(checks.unknown_order) + " overfill " + std::to_string(checks.overfill);
    return out;
}

}  // namespace

TEST_CASE("an allocation failure in an L3 book's event leaves the book exactly as before, and usable",
          "[alloc][market]") {
    const std::vector<Event> stream = growing_stream();
    const std::uint64_t max_id = 1200;

    // The reference run: each event's allocation count and the state after it.
    std::vector<std::uint64_t> allocations(stream.size());
    std::vector<std::string> after(stream.size());
    {
        L3Book book;
        BookChecks checks{};
        for (std::size_t j = 0; j < stream.size(); ++j) {
            const std::uint64_t before = alloc_hook::count();
            book.apply(stream[j], checks);
            allocations[j] = alloc_hook::count() - before;
            after[j] = state(book, checks, max_id);
        }
    }

    std::size_t failures = 0;
    for (std::size_t j = 0; j < stream.size(); ++j) {
        for (std::uint64_t k = 1; k <= allocations[j]; ++k) {
            L3Book book;
            BookChecks checks{};
            for (std::size_t i = 0; i < j; ++i) book.apply(stream[i], checks);
            const std::string before = state(book, checks, max_id);
            alloc_hook::fail_at(k);
            bool threw = false;
            try {
                book.apply(stream[j], checks);
            } catch (const std::bad_alloc&) {
                threw = true;
            }
            alloc_hook::fail_at(0);
            INFO("event " << j << ", allocation " << k << " of " << allocations[j]);
            REQUIRE(threw);
            REQUIRE(state(book, checks, max_id) == before);
            book.apply(stream[j], checks);
            REQUIRE(state(book, checks, max_id) == after[j]);
            ++failures;
        }
    }
    // The stream did grow the index and the levels (else it proves nothing).
    CHECK(failures >= 5);
}
