// The bench's table, JSON and HdrHistogram outputs.
#include <fmt/format.h>

#include <cstdio>
#include <utility>

#include "bench.hpp"
#include "machine.hpp"

namespace sigmax::cli {

namespace {

const BenchRow* find_row(const std::vector<BenchRow>& rows, const std::string& name) {
    for (const auto& r : rows)
        if (r.engine == name) return &r;
    return nullptr;
}

// Do all native rows agree with the first on their fills?
bool fills_agree(const std::vector<BenchRow>& rows) {
    const BenchRow* ref = nullptr;
    for (const auto& r : rows) {
        if (r.from_python) continue;
        if (!r.fills_consistent) return false;
        if (!ref) ref = &r;
        else if (r.fills != ref->fills || r.fill_checksum != ref->fill_checksum) return false;
    }
    return true;
}

// How many times a's operations per second b's: the median of the rounds'
// ratios when both rows ran the same rounds (see measure_throughput), else
// the ratio of their medians.
double speed_ratio(const BenchRow& a, const BenchRow& b) {
    const auto& ra = a.round_seconds;
    const auto& rb = b.round_seconds;
    if (ra.empty() || ra.size() != rb.size()) return b.ops_per_sec() > 0 ? a.ops_per_sec() / b.ops_per_sec() : 0.0;
    std::vector<double> ratios;
    for (std::size_t k = 0; k < ra.size(); ++k) ratios.push_back(rb[k] / ra[k]);  // same events: time ratio
    return median(std::move(ratios));
}

std::size_t rounds_of(const std::vector<BenchRow>& rows) { return rows.empty() ? 0 : rows.front().round_seconds.size(); }

}  // namespace

void print_table(const std::vector<BenchRow>& rows, const BenchContext& ctx) {
    fmt::print("workload: {}\n", describe(ctx.workload));
    fmt::print("machine: {}\n", describe(read_machine_info()));
    fmt::print("clock: {} ({:.3f} ns/tick); one read pair costs ~{} ns and is inside every per-operation figure\n",
               ctx.clock_source, ctx.ns_per_tick, ctx.clock_overhead_ns);
    fmt::print("{:<16} {:>9} {:>11} {:>8} {:>6} {:>6} {:>7} {:>9} {:>8} {:>8}\n", "engine", "ops", "ops/s", "mean ns",
               "p50", "p99", "p99.9", "max", "fills", "mem MB");
    for (const auto& r : rows)
        fmt::print("{:<16} {:>9} {:>11.0f} {:>8.1f} {:>6} {:>6} {:>7} {:>9} {:>8} {:>8.0f}\n", r.engine, r.operations,
                   r.ops_per_sec(), r.mean_ns, r.p50_ns, r.p99_ns, r.p999_ns, r.max_ns,
                   r.from_python ? std::string("-") : std::to_string(r.fills), r.peak_rss_mb);
    fmt::print("fills: {}\n", fills_agree(rows) ? "identical in every native row (baseline included)"
                                                : "DIFFER between rows");
    fmt::print("ops/s: median of {} rounds; in each round every native row replays the workload once, "
               "rows interleaved; ratios are medians of the rounds' ratios\n", rounds_of(rows));
    const BenchRow* s = find_row(rows, "sigmax");
    const BenchRow* b = find_row(rows, "baseline-stdmap");
    const BenchRow* c = find_row(rows, "sigmax-capi");
    if (s && b && b->ops_per_sec() > 0)
        fmt::print("sigmax / baseline-stdmap: {:.2f}x the operations per second\n", speed_ratio(*s, *b));
    if (s && c && s->ops_per_sec() > 0)
        fmt::print("sigmax-capi / sigmax: {:.1f}% of the operations per second\n", 100.0 * speed_ratio(*c, *s));
    if (find_row(rows, "py-cffi"))
        fmt::print("py-* rows: calls from Python (python -m sigmax_exec bench) on the same workload, at most 200,000 events\n");
}

void print_json(const std::vector<BenchRow>& rows, const BenchContext& ctx) {
    const Workload& w = ctx.workload;
    fmt::print("{{\"workload\": {{\"name\": \"{}\", \"events\": {}, \"symbols\": {}, \"seed\": {}, \"description\": \"{}\"}},\n",
               w.params.deep ? "deep" : "default", w.events.size() - w.warmup_events, w.params.symbols, w.params.seed,
               describe(w));
    fmt::print(" \"machine\": {},\n", to_json(read_machine_info()));
    fmt::print(" \"clock\": {{\"source\": \"{}\", \"overhead_ns\": {}}},\n", ctx.clock_source, ctx.clock_overhead_ns);
    fmt::print(" \"fills_identical\": {},\n \"rounds\": {},\n", fills_agree(rows) ? "true" : "false", rounds_of(rows));
    const BenchRow* s = find_row(rows, "sigmax");
    const BenchRow* b = find_row(rows, "baseline-stdmap");
    if (s && b) fmt::print(" \"sigmax_vs_baseline\": {:.3f},\n", speed_ratio(*s, *b));
    fmt::print(" \"results\": [\n");
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        fmt::print("  {{\"engine\": \"{}\", \"orders\": {}, \"orders_per_sec\": {:.0f}, \"mean_ns\": {:.1f}, "
                   "\"p50_ns\": {}, \"p90_ns\": {}, \"p99_ns\": {}, \"p999_ns\": {}, \"max_ns\": {}, \"fills\": {}, "
                   "\"peak_rss_mb\": {:.1f}, \"percentiles\": [",
                   r.engine, r.operations, r.ops_per_sec(), r.mean_ns, r.p50_ns, r.p90_ns, r.p99_ns, r.p999_ns,
                   r.max_ns, r.fills, r.peak_rss_mb);
        for (std::size_t k = 0; k < kPercentiles.size(); ++k)
            fmt::print("{}[{}, {}]", k ? ", " : "", kPercentiles[k], r.percentiles[k]);
        fmt::print("], \"round_orders_per_sec\": [");
        for (std::size_t k = 0; k < r.round_seconds.size(); ++k)
            fmt::print("{}{:.0f}", k ? ", " : "", static_cast<double>(r.operations) / r.round_seconds[k]);
        fmt::print("]}}{}\n", i + 1 < rows.size() ? "," : "");
    }
    fmt::print(" ]\n}}\n");
}

// HdrHistogram's percentile-distribution text format (values in microseconds),
// one block per row, each headed by a comment naming the engine.
bool write_hdr(const std::string& path, const std::vector<BenchRow>& rows) {
    std::FILE* out = std::fopen(path.c_str(), "w");
    if (!out) return false;
    for (const auto& r : rows) {
        fmt::print(out, "# engine: {}\n", r.engine);
        fmt::print(out, "{:>12} {:>14} {:>10} {:>14}\n\n", "Value", "Percentile", "TotalCount", "1/(1-Percentile)");
        for (std::size_t k = 0; k < kPercentiles.size(); ++k) {
            const double q = kPercentiles[k];
            const auto count = static_cast<std::uint64_t>(q * static_cast<double>(r.operations));
            const double us = static_cast<double>(r.percentiles[k]) / 1000.0;
            if (q < 1.0) fmt::print(out, "{:12.3f} {:14.12f} {:10d} {:14.2f}\n", us, q, count, 1.0 / (1.0 - q));
            else fmt::print(out, "{:12.3f} {:14.12f} {:10d}\n", us, q, count);
        }
        fmt::print(out, "#[Mean    = {:12.3f}, StdDeviation   = {:12.3f}]\n", r.mean_ns / 1000.0, 0.0);
        fmt::print(out, "#[Max     = {:12.3f}, Total count    = {:12d}]\n", static_cast<double>(r.max_ns) / 1000.0, r.operations);
        fmt::print(out, "#[Buckets = {:12d}, SubBuckets     = {:12d}]\n\n", 2240, 64);
    }
    return std::fclose(out) == 0;
}

}  // namespace sigmax::cli
