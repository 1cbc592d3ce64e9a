// A backtest in C++: the ±1-tick quoting strategy (strategies/quote.hpp: one
// GTX order a side, 1 tick outside the best prices, 0.1 a order, position
// within ±5, requoted every 100 ms) over an event file on the simulated
// venue, recorded every 100 ms and summarised (strategies/summary.hpp, the
// formulas of the Python package's summary()).
//
//   example_cpp_backtest_quote <event file>
//
// The venue of the examples: constant latency 10 ms each way, power(2)
// queues, no partial fills, maker fee -0.005%, taker 0.07%. Prints the
// orders, the first fills, position, volume, fees, realized PnL, equity and
// the summary. `sigmax-exec backtest --strategy quote` runs the same.
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <variant>

#include "sigmax/market/event_file.hpp"
#include "strategies/quote.hpp"
#include "strategies/recording.hpp"
#include "strategies/summary.hpp"

using namespace sigmax;

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <event file>\n", argv[0]);
        return 2;
    }
    md::EventFile file;
    if (file.open(argv[1]) != Status::Ok) {
        std::fprintf(stderr, "%s\n", file.error().c_str());
        return 2;
    }
    if (file.symbols().empty()) {
        std::fprintf(stderr, "%s: no symbols\n", argv[1]);
        return 2;
    }
    const md::SymbolRecord& sym = file.symbols()[0];

    const venue::Config config = venue::strategies::example_venue_config();

    std::unique_ptr<venue::Venue> v;
    std::string error;
    if (venue::Venue::create(v, file, config, &error) != Status::Ok) {
        std::fprintf(stderr, "venue: %s\n", error.c_str());
        return 1;
    }

    venue::quote::QuoteParams params;
    params.symbol = sym.id;
    params.offset_ticks = 1;
    params.order_lots = std::llround(0.1 / sym.lot_size);
    params.max_position_lots = std::llround(5.0 / sym.lot_size);
    venue::quote::QuoteStrategy strategy(*v, params);
    backtest::Recorder recorder(sym.id, sym.lot_size, 100'000'000);

    // The loop style: advance the clock, act, record.
    std::uint64_t steps = 0;
    for (;;) {
        venue::Step step{};
        Status s = v->elapse(params.interval_ns, step);
        if (s == Status::Ok && step == venue::Step::End) break;
        if (s == Status::Ok) s = strategy.requote();
        if (s == Status::Ok) s = recorder.record(*v);
        if (s != Status::Ok) {
            std::fprintf(stderr, "venue status %d: %s\n", static_cast<int>(s), v->error().c_str());
            return 1;
        }
        ++steps;
    }
    if (recorder.sample_at_end(*v) != Status::Ok) return 1;

    const auto fills = v->fills();
    venue::State st{};
    v->state(sym.id, st);
    std::printf("%s: %llu steps of 100 ms\n", sym.name, static_cast<unsigned long long>(steps));
    std::printf("orders: %llu submitted, %llu cancelled; fills: %zu (%llu maker, %llu taker)\n",
                static_cast<unsigned long long>(strategy.submitted()), static_cast<unsigned long long>(strategy.cancelled()),
                fills.size(), static_cast<unsigned long long>(st.maker_fills),
                static_cast<unsigned long long>(st.taker_fills));
    for (std::size_t i = 0; i < fills.size() && i < 5; ++i) {
        const venue::Fill& f = fills[i];
        std::printf("  fill %s %g at %.2f (order %lld, fee %.6f)\n", f.side == SGX_SIDE_BUY ? "buy " : "sell",
                    static_cast<double>(f.quantity) * sym.lot_size, static_cast<double>(f.price) * sym.tick_size,
                    static_cast<long long>(f.order_id), f.fee);
    }
    if (fills.size() > 5) std::printf("  ... %zu more\n", fills.size() - 5);
    std::printf("position %g, volume %g, fees %.4f, realized %.4f, equity %.4f\n",
                static_cast<double>(st.position) * sym.lot_size, static_cast<double>(st.volume) * sym.lot_size, st.fee,
                st.realized_pnl, st.equity);
    std::printf("summary:\n");
    for (const auto& e : backtest::summarize(recorder.samples())) {
        if (std::holds_alternative<std::int64_t>(e.value))
            std::printf("  %-18s %lld\n", e.key, static_cast<long long>(std::get<std::int64_t>(e.value)));
        else if (std::holds_alternative<double>(e.value))
            std::printf("  %-18s %.10g\n", e.key, std::get<double>(e.value));
    }
    return 0;
}
