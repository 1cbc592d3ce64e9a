// sigmax-exec: command-line tools around the engine.
#include <CLI/CLI.hpp>

#include "bench.hpp"

int main(int argc, char** argv) {
    CLI::App app{"sigmax-exec: price-time-priority matching engine tools"};
    app.require_subcommand(0, 1);

    sigmax::cli::BenchOptions bench;
    std::string workload = "default";
    auto* cmd = app.add_subcommand("bench", "replay a built-in deterministic workload through each engine variant");
    cmd->add_option("--orders", bench.workload.events, "events to replay (orders and cancels)")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 32));
    cmd->add_option("--symbols", bench.workload.symbols, "symbols")->check(CLI::Range(1u, 100000u));
    cmd->add_option("--seed", bench.workload.seed, "workload seed");
    cmd->add_option("--workload", workload, "default, or deep (books of ~100 levels a side first)")
        ->check(CLI::IsMember({"default", "deep"}));
    cmd->add_flag("--json", bench.json, "print the results as JSON");
    cmd->add_option("--hdr", bench.hdr_path, "write the percentile distribution in HdrHistogram text format");

    CLI11_PARSE(app, argc, argv);
    bench.workload.deep = workload == "deep";
    if (app.got_subcommand(cmd) || app.get_subcommands().empty()) return sigmax::cli::run_bench(bench);
    return 0;
}
