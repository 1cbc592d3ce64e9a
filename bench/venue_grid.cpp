// The simulated venue's speed on real data: hftbacktest's grid-trading
// tutorial strategy (examples/cpp/strategies/grid.hpp: 20 GTX orders a side, 10 ticks
// apart, 20 ticks from the mid, 0.1 a order, position within +-5, requoted
// every 100 ms) over an event file, with the tutorial's venue: constant 10 ms
// entry and response latencies, POWER(2) queues, no partial fills, value fees
// of -0.005% (maker) and 0.07% (taker).
//
//   sigmax_venue_grid <event file> [runs = 7]
//
// Prints the machine, the wall time of creating the venue and of running the
// strategy (median, p10, p90 of the runs) and what the last run ended with.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "machine.hpp"
#include "sigmax/market/event_file.hpp"
#include "strategies/grid.hpp"

using namespace sigmax;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const double pos = p * static_cast<double>(v.size() - 1);
    const std::size_t lo = static_cast<std::size_t>(pos);
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: %s <event file> [runs = 7]\n", argv[0]);
        return 2;
    }
    const int runs = argc == 3 ? std::atoi(argv[2]) : 7;
    if (runs < 1) {
        std::fprintf(stderr, "runs must be >= 1\n");
        return 2;
    }
    md::EventFile file;
    if (file.open(argv[1]) != Status::Ok) {
        std::fprintf(stderr, "%s\n", file.error().c_str());
        return 1;
    }
    if (file.symbols().empty()) {
        std::fprintf(stderr, "%s: no symbols\n", argv[1]);
        return 1;
    }
    const md::SymbolRecord& sym = file.symbols()[0];

    const venue::Config config = venue::strategies::example_venue_config();

    venue::grid::GridParams params;
    params.symbol = sym.id;
    params.order_lots = std::llround(0.1 / sym.lot_size);
    params.max_position_lots = std::llround(5.0 / sym.lot_size);

    std::vector<double> create_s, run_s;
    std::uint64_t steps = 0;
    std::size_t fills = 0;
    venue::State state{};
    std::int64_t shift = 0;
    for (int r = 0; r < runs; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        std::unique_ptr<venue::Venue> v;
        std::string error;
        const Status s = venue::Venue::create(v, file, config, &error);
        if (s != Status::Ok) {
            std::fprintf(stderr, "create: status %d: %s\n", static_cast<int>(s), error.c_str());
            return 1;
        }
        create_s.push_back(seconds_since(t0));
        t0 = std::chrono::steady_clock::now();
        venue::grid::GridStrategy grid(*v, params);
        const Status rs = grid.run(steps);
        run_s.push_back(seconds_since(t0));
        if (rs != Status::Ok) {
            std::fprintf(stderr, "run: status %d\n", static_cast<int>(rs));
            return 1;
        }
        fills = v->fills().size();
        v->state(sym.id, state);
        shift = v->local_shift_ns();
    }
    std::printf("machine: %s\n", cli::describe(cli::read_machine_info()).c_str());
    std::printf("venue grid: %s, %zu events, %s, tick %g, lot %g, local shift %.3f s\n", argv[1],
                file.events().size(), sym.name, sym.tick_size, sym.lot_size, static_cast<double>(shift) / 1e9);
    std::printf("create: median %.4f s (p10 %.4f, p90 %.4f)\n", percentile(create_s, 0.5), percentile(create_s, 0.1),
                percentile(create_s, 0.9));
    std::printf("run:    median %.4f s (p10 %.4f, p90 %.4f) over %d runs, %llu requotes\n", percentile(run_s, 0.5),
                percentile(run_s, 0.1), percentile(run_s, 0.9), runs, static_cast<unsigned long long>(steps));
    std::printf("result: fills %zu (maker %llu, taker %llu), position %lld lots (%.4f), equity %.6f, fee %.6f, realized %.6f\n",
                fills, static_cast<unsigned long long>(state.maker_fills),
                static_cast<unsigned long long>(state.taker_fills), static_cast<long long>(state.position),
                static_cast<double>(state.position) * sym.lot_size, state.equity, state.fee, state.realized_pnl);
    return 0;
}
