// sigmax-exec: command-line tools around the engine (bench, gen, replay, convert, backtest).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "backtest.hpp"
#include "bench.hpp"
#include "convert.hpp"
#include "exchange_bench.hpp"
#include "market_bench.hpp"
#include "pipeline_bench.hpp"
#include "replay.hpp"
#include "wide_bench.hpp"

int main(int argc, char** argv) {
    CLI::App app{"sigmax-exec: tools for the sigmax price-time-priority matching engine.\n"
                 "Without a command, runs `bench` on its built-in workload."};
    app.require_subcommand(0, 1);

    sigmax::cli::BenchOptions bench;
    std::string workload = "default";
    auto* bench_cmd = app.add_subcommand("bench", "replay a built-in deterministic workload through every engine variant");
    auto* orders_opt = bench_cmd->add_option("--orders", bench.workload.events, "events to replay (orders and cancels); with --workload exchange, new orders")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 32));
    bench_cmd->add_option("--symbols", bench.workload.symbols, "symbols")->check(CLI::Range(1u, 100000u));
    bench_cmd->add_option("--seed", bench.workload.seed, "workload seed");
    bench_cmd->add_option("--workload", workload,
                          "default, deep (books of ~100 levels a side first), wide (10^5 levels a side; "
                          "latency per kind of operation) or exchange (a matching-engine harness's mix on four "
                          "price paths; messages/s with reports drained by a second thread)")
        ->check(CLI::IsMember({"default", "deep", "wide", "exchange"}));
    sigmax::cli::WideBenchOptions wide;
    bench_cmd->add_option("--levels", wide.workload.levels, "with --workload wide: levels a side (default 100000)")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 24));
    bench_cmd->add_flag("--json", bench.json, "print the results as JSON");
    bench_cmd->add_option("--hdr", bench.hdr_path, "write the latency distribution in HdrHistogram's text format");
    bench_cmd->add_flag("--python", bench.python, "add the Python rows (python -m sigmax_exec bench)");
    bench_cmd->add_flag("--progress", bench.progress, "show a progress bar even when stderr is not a terminal");
    auto* repeat_opt = bench_cmd->add_option("--repeat", bench.repeats,
                          "rounds: each replays every row once, rows interleaved; ops/s is the median")
        ->check(CLI::Range(1, 100));
    bool pipeline = false;
    bench_cmd->add_flag("--pipeline", pipeline, "measure the order pipeline (throughput, round trip) instead");
    bool in_process = false;
    bench_cmd->add_flag("--in-process", in_process, "run every row in this process (no fork; peak memory is shared)");
    sigmax::cli::ReplayBenchOptions replay_bench;
    bench_cmd->add_option("--replay", replay_bench.file, "replay this event file into market-data books instead");
    bench_cmd->add_option("--book", replay_bench.book, "with --replay: l2 (market by price) or l3 (market by order)")
        ->check(CLI::IsMember({"l2", "l3"}));

    sigmax::cli::GenOptions gen;
    auto* gen_cmd = app.add_subcommand("gen", "write a deterministic order-flow file");
    gen_cmd->add_option("--orders", gen.workload.events, "events (orders and cancels)")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 32));
    gen_cmd->add_option("--symbols", gen.workload.symbols, "symbols")->check(CLI::Range(1u, 100000u));
    gen_cmd->add_option("--seed", gen.workload.seed, "seed");
    gen_cmd->add_option("-o,--output", gen.output, "output file (.csv, or .bin for the binary form)")->required();
    gen_cmd->add_option("--format", gen.format, "csv or binary (default: from the extension)")
        ->check(CLI::IsMember({"csv", "binary"}));
    std::string market;
    gen_cmd->add_option("--market", market, "write a synthetic market-data event file instead: l2 or l3 feed")
        ->check(CLI::IsMember({"l2", "l3"}));

    sigmax::cli::ReplayOptions replay;
    auto* replay_cmd = app.add_subcommand("replay", "replay an order-flow file and summarise it");
    replay_cmd->add_option("file", replay.input, "order-flow file (CSV or binary)")->required();
    replay_cmd->add_option("--fills", replay.fills_path, "write every fill to this CSV file");
    replay_cmd->add_flag("--json", replay.json, "print the summary as JSON");

    sigmax::cli::ConvertCliOptions convert;
    std::vector<std::string> convert_paths;
    auto* convert_cmd = app.add_subcommand("convert", "convert a feed recording into an event file (docs/market_data.md)");
    convert_cmd->add_option("paths", convert_paths, "IN... OUT: one or more recordings, then the event file to write")
        ->required()->expected(2, -1);
    convert_cmd->add_option("--format", convert.format, "binance (raw stream recording), tardis (CSV) or dbn (MBO)")
        ->check(CLI::IsMember({"binance", "tardis", "dbn"}));
    convert_cmd->add_option("--symbol", convert.symbols, "keep only this symbol (repeatable)");
    convert_cmd->add_option("--tick", convert.tick_size, "tick size (default: from the source)")->check(CLI::PositiveNumber);
    convert_cmd->add_option("--lot", convert.lot_size, "lot size (default: from the source)")->check(CLI::PositiveNumber);
    convert_cmd->add_option("--contract-size", convert.contract_size, "contract size (1 for spot and linear)")
        ->check(CLI::PositiveNumber);
    convert_cmd->add_flag("--inverse", convert.inverse, "coin-margined (inverse) contracts");
    convert_cmd->add_option("--venue", convert.venue, "venue name to record (default: the format's)");
    convert_cmd->add_flag("--progress", convert.progress, "show a progress bar even when stderr is not a terminal");

    sigmax::cli::BacktestOptions backtest;
    double capital = 0.0;
    auto* backtest_cmd = app.add_subcommand("backtest", "run a built-in strategy (grid or quote) on the simulated venue "
                                            "over event files; summary, recording and plot (docs/cli.md)");
    backtest_cmd->add_option("--data", backtest.files, "event files (one venue each, in turn)")->required()->expected(1, -1);
    backtest_cmd->add_option("--strategy", backtest.strategy, "grid or quote (default grid)")
        ->check(CLI::IsMember({"grid", "quote"}));
    backtest_cmd->add_option("--param", backtest.params,
                             "name=value (repeatable): the strategy's parameters and the venue's entry_latency_ns, "
                             "response_latency_ns, maker_fee, taker_fee, queue, queue_power")
        ->take_all();
    backtest_cmd->add_option("--symbol", backtest.symbol, "the symbol to trade (default: each file's first)");
    backtest_cmd->add_option("--interval-ns", backtest.interval_ns, "recording interval in ns of local time (default 100 ms)")
        ->check(CLI::Range(std::int64_t{1}, INT64_MAX));
    auto* capital_opt = backtest_cmd->add_option("--capital", capital, "capital for return and max_drawdown_pct")
        ->check(CLI::PositiveNumber);
    backtest_cmd->add_flag("--json", backtest.json, "print the summaries as one JSON object");
    backtest_cmd->add_option("--record", backtest.record, "write the recording CSV here (several files: _1, _2, ... before the extension)");
    backtest_cmd->add_option("--plot", backtest.plot, "plot equity, position and mid into this PNG (python3 -m sigmax_exec plot-backtest)");
    backtest_cmd->add_flag("--progress", backtest.progress, "show a progress bar even when stderr is not a terminal");

    CLI11_PARSE(app, argc, argv);
    if (app.got_subcommand(backtest_cmd)) {
        if (capital_opt->count() > 0) backtest.capital = capital;
        return sigmax::cli::run_backtest(backtest);
    }
    if (app.got_subcommand(convert_cmd)) {
        convert.output = convert_paths.back();
        convert.inputs.assign(convert_paths.begin(), convert_paths.end() - 1);
        return sigmax::cli::run_convert(convert);
    }
    bench.workload.deep = workload == "deep";
    bench.isolate = !in_process;
    if (app.got_subcommand(gen_cmd) && !market.empty())
        return sigmax::cli::run_market_gen({gen.output, market, gen.workload.events, gen.workload.seed});
    if (app.got_subcommand(gen_cmd)) return sigmax::cli::run_gen(gen);
    if (app.got_subcommand(replay_cmd)) return sigmax::cli::run_replay(replay);
    if ((workload == "wide" || workload == "exchange") && (pipeline || !replay_bench.file.empty())) {
        fmt::print(stderr, "sigmax-exec: --workload {} is a bench of its own: not with --pipeline or --replay\n", workload);
        return 2;
    }
    if (pipeline) return sigmax::cli::run_pipeline_bench(bench);
    if (workload == "wide") {
        // Its own default size: 200,000 operations after building the book.
        if (orders_opt->count() > 0) wide.workload.ops = bench.workload.events;
        wide.workload.seed = bench.workload.seed;
        wide.json = bench.json;
        if (repeat_opt->count() > 0) wide.rounds = bench.repeats;
        return sigmax::cli::run_wide_bench(wide);
    }
    if (workload == "exchange") {
        sigmax::cli::ExchangeBenchOptions exchange;
        // Its own default size: 1,000,000 new orders (about 2,000,000 messages).
        if (orders_opt->count() > 0) exchange.workload.orders = bench.workload.events;
        exchange.workload.seed = bench.workload.seed;
        exchange.json = bench.json;
        if (repeat_opt->count() > 0) exchange.rounds = bench.repeats;
        return sigmax::cli::run_exchange_bench(exchange);
    }
    if (!replay_bench.file.empty()) {
        replay_bench.json = bench.json;
        replay_bench.repeats = bench.repeats;
        return sigmax::cli::run_replay_bench(replay_bench);
    }
    return sigmax::cli::run_bench(bench);
}
