// A long live session does not grow: the venue compacts the prefix of the
// pushed events both sides have processed, so after a warm-up pushing and
// driving allocate nothing (counted by alloc_hook.cpp's operator new).
#include <random>

#include <catch2/catch.hpp>

#include "alloc_hook.hpp"
#include "venue_stream.hpp"

using namespace sigmax;
using namespace sigmax::venue;
using namespace sigmax::venue::test;

TEST_CASE("a live venue fed and driven in steady state allocates nothing: the processed prefix is compacted",
          "[venue][live][alloc]") {
    std::mt19937_64 rng(9);
    const std::vector<md::Event> events = random_stream(rng, 60000);
    const std::vector<md::SymbolRecord> symbols{symbol()};
    std::int64_t delay = 0;
    for (const md::Event& e : events) delay = std::max(delay, e.local_ts - e.exch_ts);
    std::unique_ptr<Venue> v;
    REQUIRE(Venue::create_live(v, symbols, constant(300, 400), events.front().local_ts, 0, delay) == Status::Ok);
    // Counted around the venue's calls only (the test's own checks may allocate).
    std::uint64_t allocations = 0;
    Step step;
    for (std::size_t i = 0; i < events.size(); i += 16) {
        const bool measured = i >= events.size() / 2;  // after the warm-up half
        const std::size_t n = std::min<std::size_t>(16, events.size() - i);
        const std::uint64_t a0 = alloc_hook::count();
        const Status pushed = v->push(std::span<const md::Event>(events).subspan(i, n));
        const std::int64_t horizon = v->feed().horizon;
        Status driven = Status::Ok;
        if (horizon > v->current_timestamp()) driven = v->go_to(horizon, step);
        if (measured) allocations += alloc_hook::count() - a0;
        REQUIRE(pushed == Status::Ok);
        REQUIRE(driven == Status::Ok);
    }
    CHECK(allocations == 0);
    CHECK(v->feed().pushed == events.size());
    CHECK(v->feed().pending < 100);
}
