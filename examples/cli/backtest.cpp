#include "backtest.hpp"

#include <algorithm>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "backtest_params.hpp"
#include "backtest_plot.hpp"
#include "machine.hpp"
#include "progress.hpp"
#include "sigmax/market/event_file.hpp"
#include "strategies/grid.hpp"
#include "strategies/quote.hpp"
#include "strategies/recording.hpp"
#include "strategies/summary.hpp"

namespace sigmax::cli {

namespace {

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
            out += c;
        }
    }
    return out + "\"";
}

struct FileResult {
    std::string file, symbol;
    std::uint64_t steps = 0, submitted = 0, cancelled = 0;
    std::vector<backtest::SummaryEntry> summary;
};

// The strategy of `p` on `v`, requoted every interval until the data ends,
// recorded after every requote and at the end (unless just sampled). The
// bar counts per mille of each file's local time, `done_before` for the
// files before this one, which runs from `start` to `end`.
Status run_strategy(venue::Venue& v, const BacktestParams& p, const md::SymbolRecord& sym, backtest::Recorder& rec,
                    Progress& bar, std::size_t done_before, std::int64_t start, std::int64_t end, FileResult& r) {
    std::optional<venue::grid::GridStrategy> grid;
    std::optional<venue::quote::QuoteStrategy> quote;
    const std::int64_t max_lots = std::llround(p.max_position / sym.lot_size);
    if (p.strategy == "grid") {
        venue::grid::GridParams g;
        g.symbol = sym.id;
        g.levels = p.levels;
        g.spacing_ticks = p.spacing;
        g.half_spread_ticks = p.half_spread;
        g.order_lots = p.lots;
        g.max_position_lots = max_lots;
        g.interval_ns = p.interval_ns;
        grid.emplace(v, g);
    } else {
        venue::quote::QuoteParams q;
        q.symbol = sym.id;
        q.offset_ticks = p.offset;
        q.order_lots = p.lots;
        q.max_position_lots = max_lots;
        q.interval_ns = p.interval_ns;
        quote.emplace(v, q);
    }
    for (;;) {
        venue::Step step{};
        Status s = v.elapse(p.interval_ns, step);
        if (s != Status::Ok) return s;
        if (step == venue::Step::End) break;
        if ((s = grid ? grid->requote() : quote->requote()) != Status::Ok) return s;
        ++r.steps;
        if ((s = rec.record(v)) != Status::Ok) return s;
        const double part = end > start ? static_cast<double>(v.current_timestamp() - start) / static_cast<double>(end - start)
                                        : 1.0;
        bar.update(done_before + static_cast<std::size_t>(std::min(part, 1.0) * 1000.0));
    }
    r.submitted = grid ? grid->submitted() : quote->submitted();
    r.cancelled = grid ? grid->cancelled() : quote->cancelled();
    return rec.sample_at_end(v);
}

void print_table(const FileResult& r, const BacktestParams& p) {
    std::string params;
    for (const auto& [k, v] : p.json) params += fmt::format("{}{}={}", params.empty() ? "" : " ", k, v);
    fmt::print("{}: {} on {} ({})\n", r.file, p.strategy, r.symbol, params);
    fmt::print("  {} steps, orders {} submitted, {} cancelled\n", r.steps, r.submitted, r.cancelled);
    for (const auto& e : r.summary) {
        std::string value;
        if (std::holds_alternative<std::int64_t>(e.value))
            value = std::to_string(std::get<std::int64_t>(e.value));
        else if (std::holds_alternative<double>(e.value))
            value = fmt::format("{:.10g}", std::get<double>(e.value));
        else
            value = "-";
        fmt::print("  {:<18} {:>22}\n", e.key, value);
    }
}

}  // namespace

std::string numbered_path(const std::string& path, std::size_t index, std::size_t count) {
    if (count <= 1) return path;
    const auto slash = path.find_last_of('/');
    const auto dot = path.find_last_of('.');
    const bool has_ext = dot != std::string::npos && (slash == std::string::npos || dot > slash + 1);
    const std::string suffix = "_" + std::to_string(index + 1);
    return has_ext ? path.substr(0, dot) + suffix + path.substr(dot) : path + suffix;
}

int run_backtest(const BacktestOptions& o) {
    BacktestParams p;
    std::string error;
    if (!parse_backtest_params(o.strategy, o.params, p, error)) {
        fmt::print(stderr, "sigmax-exec backtest: {}\n", error);
        return 2;
    }
    if (o.interval_ns < 1) {
        fmt::print(stderr, "sigmax-exec backtest: --interval-ns must be >= 1\n");
        return 2;
    }
    const bool bar_on = o.progress || ::isatty(STDERR_FILENO) != 0;
    // One bar over every file (a file is often shorter than the second the bar waits before drawing).
    Progress bar(bar_on, "backtest", o.files.size() * 1000);
    std::vector<FileResult> results;
    for (std::size_t i = 0; i < o.files.size(); ++i) {
        const std::string& path = o.files[i];
        md::EventFile file;
        if (file.open(path) != Status::Ok) {
            bar.clear();
            fmt::print(stderr, "sigmax-exec backtest: {}\n", file.error());
            return 2;
        }
        const md::SymbolRecord* sym = nullptr;
        for (const md::SymbolRecord& s : file.symbols())
            if (o.symbol.empty() || o.symbol == s.name) {
                sym = &s;
                break;
            }
        if (sym == nullptr) {
            bar.clear();
            fmt::print(stderr, "sigmax-exec backtest: {}: no symbol {}\n", path, o.symbol.empty() ? "at all" : o.symbol);
            return 2;
        }
        std::unique_ptr<venue::Venue> v;
        if (venue::Venue::create(v, file, p.config, &error) != Status::Ok) {
            bar.clear();
            fmt::print(stderr, "sigmax-exec backtest: {}: venue: {}\n", path, error);
            return 2;
        }
        FileResult r;
        r.file = path;
        r.symbol = sym->name;
        backtest::Recorder rec(sym->id, sym->lot_size, o.interval_ns);
        const std::int64_t start = v->current_timestamp();
        const std::int64_t end = file.events().empty() ? start : file.events().back().local_ts + v->local_shift_ns();
        if (const Status s = run_strategy(*v, p, *sym, rec, bar, i * 1000, start, end, r); s != Status::Ok) {
            bar.clear();
            fmt::print(stderr, "sigmax-exec backtest: {}: venue status {}: {}\n", path, static_cast<int>(s), v->error());
            return 1;
        }
        backtest::SummaryOptions so;
        so.interval_ns = o.interval_ns;
        so.capital = o.capital;
        r.summary = backtest::summarize(rec.samples(), so);

        if (!o.record.empty()) {
            const std::string out = numbered_path(o.record, i, o.files.size());
            if (!backtest::write_recording_csv(out, rec.samples())) {
                bar.clear();
                fmt::print(stderr, "sigmax-exec backtest: cannot write {}: {}\n", out, std::strerror(errno));
                return 2;
            }
        }
        if (!o.plot.empty()) {
            char tmp[] = "/tmp/sigmax-backtest-XXXXXX.csv";
            const int fd = ::mkstemps(tmp, 4);
            if (fd < 0) {
                bar.clear();
                fmt::print(stderr, "sigmax-exec backtest: cannot create a temporary recording: {}\n", std::strerror(errno));
                return 2;
            }
            ::close(fd);
            const bool written = backtest::write_recording_csv(tmp, rec.samples());
            const std::string png = numbered_path(o.plot, i, o.files.size());
            const bool plotted = written && run_plot_backtest(tmp, png, p.strategy + " on " + path, error);
            ::unlink(tmp);
            if (!plotted) {
                bar.clear();
                fmt::print(stderr, "sigmax-exec backtest: --plot {}: {}\n", png,
                           written ? error : std::string("cannot write the temporary recording"));
                return 2;
            }
        }
        bar.clear();
        if (!o.json) print_table(r, p);
        results.push_back(std::move(r));
    }
    if (o.json) {
        std::string params = "{";
        for (const auto& [k, v] : p.json) params += fmt::format("{}\"{}\": {}", params.size() > 1 ? ", " : "", k, v);
        params += "}";
        fmt::print("{{\"machine\": {}, \"files\": [", to_json(read_machine_info()));
        for (std::size_t i = 0; i < results.size(); ++i) {
            const FileResult& r = results[i];
            fmt::print("{}{{\"file\": {}, \"strategy\": \"{}\", \"symbol\": {}, \"params\": {}, \"steps\": {}, "
                       "\"summary\": {}}}",
                       i ? ", " : "", json_string(r.file), p.strategy, json_string(r.symbol), params, r.steps,
                       backtest::to_json(r.summary));
        }
        fmt::print("]}}\n");
    }
    return 0;
}

}  // namespace sigmax::cli
