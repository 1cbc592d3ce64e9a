// Per price path: generates the workload, then `rounds` rounds in which
// every engine replays it once on a fresh engine (built and destroyed
// outside the timing), in an order rotated by one each round so that a
// phase of a shared machine falls on every engine alike. An engine's figure
// on a path is the median of its rounds; its worst case is its lowest
// median over the paths. Every replay of a path, by any engine, must give
// the first replay's report hash and count: the consensus.
#include "exchange_bench.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "bench.hpp"  // median
#include "exchange_adapters.hpp"
#include "exchange_driver.hpp"
#include "machine.hpp"

namespace sigmax::cli {

namespace {

// Rows, by index: the integer order entry through C++ (the C++ path)
// and through the C ABI (its C path: one call per message, and 64 messages
// per request batch), the double API through C++ and through the C ABI
// with the adapter's id tables, and the textbook book.
constexpr std::array<const char*, 6> kEngines = {"sigmax-int", "sigmax-int-capi", "sigmax-int-capi-batch",
                                                 "sigmax", "sigmax-capi", "baseline-stdmap"};
enum Row : std::size_t {
    kIntRow = 0,
    kIntCapiRow = 1,
    kIntCapiBatchRow = 2,
    kCppRow = 3,
    kCapiRow = 4,
    kBaselineRow = 5
};
constexpr std::size_t kPaths = kPricePaths.size();
constexpr double kGoalCppWorst = 10e6;  // messages/s, issue 23
constexpr double kGoalCapiShare = 0.85; // a C ABI row of sigmax-int (the same API), worst cases

ExchangeRun replay(std::size_t engine, const ExchangeWorkload& w) {
    switch (engine) {
    case kIntRow: {
        SigmaxIntAdapter a(w);
        return run_exchange(a, w);
    }
    case kIntCapiRow: {
        SigmaxIntCAdapter a(w);
        return run_exchange(a, w);
    }
    case kIntCapiBatchRow: {
        SigmaxIntCBatchAdapter a(w);
        return run_exchange(a, w);
    }
    case kCppRow: {
        SigmaxCppAdapter a(w);
        return run_exchange(a, w);
    }
    case kCapiRow: {
        SigmaxCAdapter a(w);
        return run_exchange(a, w);
    }
    case kBaselineRow:
    default: {
        BaselineAdapter a(w);
        return run_exchange(a, w);
    }
    }
}

// What a path's workload was and what its replays agreed on.
struct PathInfo {
    PricePath path = PricePath::Static;
    std::string description;
    std::uint64_t messages = 0, new_orders = 0, max_resting = 0;
    double cancel_share = 0, modify_share = 0, ioc_share = 0;
    std::uint64_t reports = 0, trades = 0, hash = 0;
    bool consensus = true;
    std::uint64_t refusals = 0;
};

struct Cell {
    std::vector<double> rates;  // messages/s, one per round
    double median() const { return cli::median(rates); }
    double low() const { return *std::min_element(rates.begin(), rates.end()); }
    double high() const { return *std::max_element(rates.begin(), rates.end()); }
};

struct Results {
    std::vector<PathInfo> paths;
    std::array<std::array<Cell, kPaths>, kEngines.size()> cells;
    int rounds = 0;

    bool consensus() const {
        return std::all_of(paths.begin(), paths.end(), [](const PathInfo& p) { return p.consensus && p.refusals == 0; });
    }
    // An engine's lowest median over the paths, and that path.
    std::pair<double, std::size_t> worst(std::size_t engine) const {
        std::pair<double, std::size_t> w{cells[engine][0].median(), 0};
        for (std::size_t p = 1; p < kPaths; ++p)
            if (cells[engine][p].median() < w.first) w = {cells[engine][p].median(), p};
        return w;
    }
};

void run_path(Results& res, std::size_t p, const ExchangeParams& params) {
    const ExchangeWorkload w = generate_exchange(params, kPricePaths[p]);
    PathInfo info;
    info.path = w.path;
    info.description = describe(w);
    info.messages = w.msgs.size();
    info.new_orders = w.new_orders;
    info.max_resting = w.max_resting;
    info.cancel_share = w.cancel_share();
    info.modify_share = w.modify_share();
    info.ioc_share = w.ioc_share();
    bool first = true;
    for (int k = 0; k < res.rounds; ++k)
        for (std::size_t j = 0; j < kEngines.size(); ++j) {
            const std::size_t e = (j + static_cast<std::size_t>(k)) % kEngines.size();
            const ExchangeRun run = replay(e, w);
            res.cells[e][p].rates.push_back(static_cast<double>(w.msgs.size()) / run.seconds);
            info.refusals += run.refusals;
            if (first) {
                info.reports = run.reports;
                info.trades = run.trades;
                info.hash = run.hash;
                first = false;
            } else if (run.hash != info.hash || run.reports != info.reports || run.trades != info.trades) {
                info.consensus = false;
                fmt::print(stderr,
                           "sigmax-exec: exchange workload, {} path: {} made {} reports ({} trades, hash {:#018x}), "
                           "the first replay {} ({} trades, hash {:#018x})\n",
                           name_of(w.path), kEngines[e], run.reports, run.trades, run.hash, info.reports, info.trades,
                           info.hash);
            }
            if (run.refusals)
                fmt::print(stderr, "sigmax-exec: exchange workload, {} path: {} refused {} messages\n", name_of(w.path),
                           kEngines[e], run.refusals);
        }
    res.paths.push_back(info);
}

double mps(double rate) { return rate / 1e6; }

void print_table(const Results& r, const ExchangeParams& params) {
    fmt::print("machine: {}\n", describe(read_machine_info()));
    fmt::print("workload: exchange: {} new orders per price path (seed {}), one symbol, prices in integer ticks, "
               "client order ids\n",
               params.orders, params.seed);
    for (const PathInfo& p : r.paths)
        fmt::print("  {:<9} {}; {} trades, {} reports; at most {} orders resting\n", name_of(p.path), p.description,
                   p.trades, p.reports, p.max_resting);
    fmt::print("reports: one per ack, trade, cancel and modify, into an SPSC ring of {} drained by a second thread\n",
               kReportRingCapacity);
    fmt::print("M messages/s: messages / wall time from the first message to the last report drained; median of {} "
               "rounds (lowest-highest), engines interleaved\n",
               r.rounds);
    fmt::print("{:<21}", "engine");
    for (std::size_t p = 0; p < kPaths; ++p) fmt::print(" {:>19}", kPricePathNames[p]);
    fmt::print(" {:>7}\n", "worst");
    for (std::size_t e = 0; e < kEngines.size(); ++e) {
        fmt::print("{:<21}", kEngines[e]);
        for (std::size_t p = 0; p < kPaths; ++p) {
            const Cell& c = r.cells[e][p];
            fmt::print(" {:>19}", fmt::format("{:.2f} ({:.2f}-{:.2f})", mps(c.median()), mps(c.low()), mps(c.high())));
        }
        fmt::print(" {:>7.2f}\n", mps(r.worst(e).first));
    }
    if (r.consensus()) {
        fmt::print("consensus: every engine made the same reports on every path (hash");
        for (const PathInfo& p : r.paths) fmt::print(" {} {:#018x}", name_of(p.path), p.hash);
        fmt::print(")\n");
    } else {
        fmt::print("consensus: the engines' reports DIFFER (or an engine refused a message)\n");
    }
    const auto [cpp, cpp_path] = r.worst(kIntRow);
    const double capi = r.worst(kIntCapiRow).first;
    const double batch = r.worst(kIntCapiBatchRow).first;
    fmt::print("goal: sigmax-int >= {:.0f} M messages/s worst case: {:.2f} ({}), {}; sigmax-int-capi within 15% of "
               "sigmax-int (the same API through C++): {:.1f}%, {}; sigmax-int-capi-batch: {:.1f}%, {}\n",
               mps(kGoalCppWorst), mps(cpp), kPricePathNames[cpp_path], cpp >= kGoalCppWorst ? "met" : "not met",
               100.0 * capi / cpp, capi >= kGoalCapiShare * cpp ? "met" : "not met", 100.0 * batch / cpp,
               batch >= kGoalCapiShare * cpp ? "met" : "not met");
}

void print_json(const Results& r, const ExchangeParams& params) {
    fmt::print("{{\"machine\": {},\n", to_json(read_machine_info()));
    fmt::print(" \"workload\": {{\"name\": \"exchange\", \"orders\": {}, \"seed\": {}, \"report_ring\": {}}},\n",
               params.orders, params.seed, kReportRingCapacity);
    fmt::print(" \"rounds\": {},\n \"consensus\": {},\n \"paths\": [\n", r.rounds, r.consensus() ? "true" : "false");
    for (std::size_t i = 0; i < r.paths.size(); ++i) {
        const PathInfo& p = r.paths[i];
        fmt::print("  {{\"path\": \"{}\", \"messages\": {}, \"new_orders\": {}, \"cancel_share\": {:.4f}, "
                   "\"modify_share\": {:.4f}, \"ioc_share\": {:.4f}, \"max_resting\": {}, \"reports\": {}, "
                   "\"trades\": {}, \"hash\": \"{:#018x}\", \"consensus\": {}}}{}\n",
                   name_of(p.path), p.messages, p.new_orders, p.cancel_share, p.modify_share, p.ioc_share,
                   p.max_resting, p.reports, p.trades, p.hash, p.consensus && p.refusals == 0 ? "true" : "false",
                   i + 1 < r.paths.size() ? "," : "");
    }
    fmt::print(" ],\n \"results\": [\n");
    for (std::size_t e = 0; e < kEngines.size(); ++e) {
        fmt::print("  {{\"engine\": \"{}\", \"messages_per_sec\": {{", kEngines[e]);
        for (std::size_t p = 0; p < kPaths; ++p)
            fmt::print("{}\"{}\": {:.0f}", p ? ", " : "", kPricePathNames[p], r.cells[e][p].median());
        fmt::print("}}, \"round_messages_per_sec\": {{");
        for (std::size_t p = 0; p < kPaths; ++p) {
            fmt::print("{}\"{}\": [", p ? ", " : "", kPricePathNames[p]);
            const auto& rates = r.cells[e][p].rates;
            for (std::size_t k = 0; k < rates.size(); ++k) fmt::print("{}{:.0f}", k ? ", " : "", rates[k]);
            fmt::print("]");
        }
        const auto [worst, path] = r.worst(e);
        fmt::print("}}, \"worst_messages_per_sec\": {:.0f}, \"worst_path\": \"{}\"}}{}\n", worst, kPricePathNames[path],
                   e + 1 < kEngines.size() ? "," : "");
    }
    const double cpp = r.worst(kIntRow).first;
    const double capi = r.worst(kIntCapiRow).first;
    const double batch = r.worst(kIntCapiBatchRow).first;
    fmt::print(" ],\n \"goal\": {{\"cpp_worst_messages_per_sec\": {:.0f}, \"capi_share_of_cpp\": {:.2f}, "
               "\"cpp_worst_met\": {}, \"capi_share\": {:.3f}, \"capi_share_met\": {}, \"capi_batch_share\": {:.3f}, "
               "\"capi_batch_share_met\": {}}}\n}}\n",
               kGoalCppWorst, kGoalCapiShare, cpp >= kGoalCppWorst ? "true" : "false", capi / cpp,
               capi >= kGoalCapiShare * cpp ? "true" : "false", batch / cpp,
               batch >= kGoalCapiShare * cpp ? "true" : "false");
}

}  // namespace

int run_exchange_bench(const ExchangeBenchOptions& options) {
    Results r;
    r.rounds = std::max(1, options.rounds);
    for (std::size_t p = 0; p < kPaths; ++p) run_path(r, p, options.workload);
    if (options.json) print_json(r, options.workload);
    else print_table(r, options.workload);
    return r.consensus() ? 0 : 3;
}

}  // namespace sigmax::cli
