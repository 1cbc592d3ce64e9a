// Replays the wide workload `rounds` times per engine, each time on a fresh
// engine: the build untimed, then every operation timed alone (a clock read
// before and after it). The figures are of each operation's fastest round:
// the workload is deterministic, so an operation that is slow by its nature
// is slow in every round, while one that a shared machine preempted or
// interrupted is not (the slowest single reading of any round is printed
// beside them). Engines alternate round by round. Fills are drained after
// each sweep, outside the timing, and checked equal across engines.
#include "wide_bench.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "baseline_book.hpp"
#include "machine.hpp"
#include "sigmax/clock.hpp"
#include "sigmax/engine.hpp"
#include "variants.hpp"

namespace sigmax::cli {

namespace {

constexpr std::size_t kKinds = static_cast<std::size_t>(WideKind::Count);

struct WideResult {
    std::string engine;
    std::vector<std::uint64_t> best_ns;                  // per measured operation, its fastest round
    std::array<std::uint64_t, kKinds> any_max_ns{};      // per kind, the slowest reading of any round
    FillTally fills;
    bool all_ok = true;  // every call returned Ok (cancels find their order)
};

struct SigmaxRunner {
    std::unique_ptr<Engine> engine;
    std::vector<Fill> buf = std::vector<Fill>(4096);
    SigmaxRunner(const WideWorkload& w) {
        Engine::Config c;
        c.order_capacity = static_cast<std::size_t>(w.max_resting) + 1024;
        c.timestamps = false;
        engine = std::make_unique<Engine>(c);
        (void)engine->configure_symbol(w.symbol, w.tick_size, w.lot_size);
    }
    bool run(const WideOp& op) {
        if (op.cancel) return engine->cancel(op.cancel_id) == Status::Ok;
        ExecutionReport r;
        return engine->execute(op.order, r) == Status::Ok;
    }
    void drain(FillTally& t) {
        std::size_t n = 0;
        do {
            (void)engine->drain_fills(buf, n);
            for (std::size_t i = 0; i < n; ++i)
                t.add(buf[i].maker_order_id, buf[i].taker_order_id, buf[i].price_ticks, buf[i].quantity_lots);
        } while (n == buf.size());
    }
};

struct BaselineRunner {
    BaselineEngine engine;
    explicit BaselineRunner(const WideWorkload& w) : engine(w.tick_size, w.lot_size) {}
    bool run(const WideOp& op) {
        if (op.cancel) return engine.cancel(op.cancel_id);
        engine.execute(op.order);
        return true;
    }
    void drain(FillTally& t) {
        for (const BaselineFill& f : engine.fills()) t.add(f.maker, f.taker, f.price, f.lots);
        engine.fills().clear();
    }
};

// One round on a fresh engine; folds its readings into `res`.
template <class Runner>
void replay(WideResult& res, const WideWorkload& w, const Clock& clock) {
    Runner runner(w);
    for (std::size_t i = 0; i < w.build_ops; ++i) res.all_ok = runner.run(w.ops[i]) && res.all_ok;
    const bool first = res.best_ns.empty();
    if (first) res.best_ns.assign(w.ops.size() - w.build_ops, UINT64_MAX);
    FillTally fills;
    for (std::size_t i = w.build_ops; i < w.ops.size(); ++i) {
        const WideOp& op = w.ops[i];
        const std::uint64_t t0 = clock.now();
        const bool ok = runner.run(op);
        const std::uint64_t ns = clock.to_ns(clock.now() - t0);
        res.all_ok = ok && res.all_ok;
        std::uint64_t& best = res.best_ns[i - w.build_ops];
        best = std::min(best, ns);
        std::uint64_t& worst = res.any_max_ns[static_cast<std::size_t>(op.kind)];
        worst = std::max(worst, ns);
        if (op.kind == WideKind::Sweep) runner.drain(fills);
    }
    runner.drain(fills);
    if (first) res.fills = fills;
    else res.all_ok = res.all_ok && fills.count == res.fills.count && fills.checksum == res.fills.checksum;
}

// Per kind, the operations' fastest-round latencies; and per sweep, ns per level taken.
struct ByKind {
    std::array<std::vector<std::uint64_t>, kKinds> ns;
    std::vector<double> sweep_ns_per_level;
    std::uint64_t levels_swept = 0;
};

ByKind by_kind(const WideResult& r, const WideWorkload& w) {
    ByKind b;
    for (std::size_t i = 0; i < r.best_ns.size(); ++i) {
        const WideOp& op = w.ops[w.build_ops + i];
        b.ns[static_cast<std::size_t>(op.kind)].push_back(r.best_ns[i]);
        if (op.kind == WideKind::Sweep) {
            b.sweep_ns_per_level.push_back(static_cast<double>(r.best_ns[i]) / op.levels);
            b.levels_swept += op.levels;
        }
    }
    return b;
}

struct Summary {
    std::size_t count = 0;
    double p50 = 0, p99 = 0, p999 = 0, max = 0;
};

template <class T>
Summary summarize(std::vector<T> v) {
    Summary s;
    s.count = v.size();
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    auto at = [&](double q) { return static_cast<double>(v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))]); };
    s.p50 = at(0.5);
    s.p99 = at(0.99);
    s.p999 = at(0.999);
    s.max = static_cast<double>(v.back());
    return s;
}

bool fills_agree(const std::vector<WideResult>& rs) {
    for (const auto& r : rs)
        if (r.fills.count != rs.front().fills.count || r.fills.checksum != rs.front().fills.checksum) return false;
    return true;
}

void print_table(const std::vector<WideResult>& rs, const WideWorkload& w, const Clock& clock, int rounds) {
    fmt::print("workload: wide: {} levels a side ({} orders building the book), then {} operations (seed {}); "
               "a sweep of 100..{} levels every {} operations\n",
               w.params.levels, w.build_ops, w.ops.size() - w.build_ops, w.params.seed, w.params.sweep_max,
               w.params.sweep_every);
    fmt::print("machine: {}\n", describe(read_machine_info()));
    fmt::print("clock: {}; each figure is one call between two clock reads, in ns: each operation's fastest of {} "
               "rounds; 'any round' is the slowest single reading\n", clock.source(), rounds);
    for (const auto& r : rs) {
        const ByKind b = by_kind(r, w);
        fmt::print("\n{}\n{:<30} {:>8} {:>9} {:>9} {:>9} {:>10} {:>10}\n", r.engine, "operation", "count", "p50", "p99",
                   "p99.9", "max", "any round");
        for (std::size_t k = 1; k < kKinds; ++k) {
            const Summary s = summarize(b.ns[k]);
            if (s.count == 0) continue;
            fmt::print("{:<30} {:>8} {:>9.0f} {:>9.0f} {:>9.0f} {:>10.0f} {:>10}\n", kWideKindNames[k], s.count, s.p50,
                       s.p99, s.p999, s.max, r.any_max_ns[k]);
        }
        const Summary l = summarize(b.sweep_ns_per_level);
        fmt::print("{:<30} {:>8} {:>9.1f} {:>9.1f} {:>9.1f} {:>10.1f}\n", "sweep, ns per level taken", b.levels_swept,
                   l.p50, l.p99, l.p999, l.max);
    }
    fmt::print("\nfills: {}\n", fills_agree(rs) ? "identical in every row" : "DIFFER between rows");
}

void print_json(const std::vector<WideResult>& rs, const WideWorkload& w, int rounds) {
    fmt::print("{{\"workload\": {{\"name\": \"wide\", \"levels\": {}, \"build_orders\": {}, \"operations\": {}, "
               "\"seed\": {}, \"sweep_every\": {}, \"sweep_max\": {}}},\n \"rounds\": {},\n",
               w.params.levels, w.build_ops, w.ops.size() - w.build_ops, w.params.seed, w.params.sweep_every,
               w.params.sweep_max, rounds);
    fmt::print(" \"machine\": {},\n \"fills_identical\": {},\n \"results\": [\n", to_json(read_machine_info()),
               fills_agree(rs) ? "true" : "false");
    for (std::size_t i = 0; i < rs.size(); ++i) {
        const WideResult& r = rs[i];
        const ByKind b = by_kind(r, w);
        fmt::print("  {{\"engine\": \"{}\", \"operations\": {{", r.engine);
        bool first = true;
        for (std::size_t k = 1; k < kKinds; ++k) {
            const Summary s = summarize(b.ns[k]);
            if (s.count == 0) continue;
            fmt::print("{}\"{}\": {{\"count\": {}, \"p50_ns\": {:.0f}, \"p99_ns\": {:.0f}, \"p999_ns\": {:.0f}, "
                       "\"max_ns\": {:.0f}, \"any_round_max_ns\": {}}}",
                       first ? "" : ", ", kWideKindKeys[k], s.count, s.p50, s.p99, s.p999, s.max, r.any_max_ns[k]);
            first = false;
        }
        const Summary l = summarize(b.sweep_ns_per_level);
        fmt::print("}}, \"sweep_per_level\": {{\"levels\": {}, \"p50_ns\": {:.1f}, \"p99_ns\": {:.1f}, \"p999_ns\": {:.1f}, "
                   "\"max_ns\": {:.1f}}}, \"fills\": {}}}{}\n",
                   b.levels_swept, l.p50, l.p99, l.p999, l.max, r.fills.count, i + 1 < rs.size() ? "," : "");
    }
    fmt::print(" ]\n}}\n");
}

}  // namespace

int run_wide_bench(const WideBenchOptions& options) {
    const WideWorkload w = generate_wide(options.workload);
    const Clock& clock = Clock::instance();
    const int rounds = std::max(1, options.rounds);
    std::vector<WideResult> rs(options.baseline ? 2 : 1);
    rs[0].engine = "sigmax";
    if (options.baseline) rs[1].engine = "baseline-stdmap";
    for (int k = 0; k < rounds; ++k) {
        replay<SigmaxRunner>(rs[0], w, clock);
        if (options.baseline) replay<BaselineRunner>(rs[1], w, clock);
    }
    if (options.json) print_json(rs, w, rounds);
    else print_table(rs, w, clock, rounds);
    for (const auto& r : rs)
        if (!r.all_ok) {
            fmt::print(stderr, "sigmax-exec: {} refused an operation of the wide workload\n", r.engine);
            return 3;
        }
    return fills_agree(rs) ? 0 : 3;
}

}  // namespace sigmax::cli
