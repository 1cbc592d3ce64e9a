// The no-allocation check shared by the L2 and L3 venue tests: a grid
// strategy requotes over the fixture's stream; after warming up on its first
// half, the second half must allocate nothing (counted by alloc_hook.cpp's
// replaced operator new) while the strategy still trades.
#pragma once

#include <cstdint>

#include <catch2/catch.hpp>

#include "alloc_hook.hpp"
#include "strategies/grid.hpp"
#include "venue_stream.hpp"

namespace sigmax::venue::test {

inline void check_grid_allocates_nothing_after_warm_up(Fixture& f, const grid::GridParams& p) {
    grid::GridStrategy strategy(*f.venue, p);
    auto step_until = [&](std::int64_t until) {
        while (true) {
            Step step;
            REQUIRE(f.venue->elapse(p.interval_ns, step) == Status::Ok);
            if (step == Step::End) return;
            REQUIRE(strategy.requote() == Status::Ok);
            if (f.venue->current_timestamp() >= until) return;
        }
    };
    const std::int64_t middle = f.events[f.events.size() / 2].local_ts;
    step_until(middle);  // warm-up
    const std::size_t fills_before = f.venue->fills().size();
    const std::uint64_t before = alloc_hook::count();
    step_until(INT64_MAX);
    const std::uint64_t allocations = alloc_hook::count() - before;
    const std::size_t fills = f.venue->fills().size();
    INFO("fills " << fills_before << " -> " << fills);
    CHECK(fills > fills_before);  // the strategy trades in the measured half
    REQUIRE(fills < 1024);        // within the fill log's first reservation
    CHECK(allocations == 0);
}

}  // namespace sigmax::venue::test
