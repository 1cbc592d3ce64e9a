// Measurement: per variant, a warm-up and a timed pass (per-call latency),
// each row in its own child process so that its peak memory is its own; then
// throughput in interleaved rounds of bare passes (see measure_throughput).
#include "bench.hpp"
#include "progress.hpp"

#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <sstream>

#include "variants.hpp"

#ifndef SIGMAX_PYTHON
#define SIGMAX_PYTHON "/usr/bin/python3"
#endif

namespace sigmax::cli {

namespace {

constexpr std::size_t kDrainEvery = 4096;
constexpr std::size_t kWarmupEvents = 100000;
constexpr std::uint64_t kPythonEventLimit = 200000;

std::uint64_t clock_overhead_ns(const Clock& clock) {
    LatencyHistogram h;
    for (int i = 0; i < 200000; ++i) {
        const std::uint64_t a = clock.now();
        const std::uint64_t b = clock.now();
        h.record(clock.to_ns(b - a));
    }
    return h.percentile(0.5);
}

double peak_rss_mb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

double current_rss_mb() {
    long pages = 0, resident = 0;
    if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

struct VariantFactory {
    std::string name;
    std::function<std::unique_ptr<Variant>()> make;
};

// One full replay on a fresh engine; returns the wall time of the measured part.
double replay(Variant& v, const Workload& w, Recorder* rec, FillTally& fills, std::size_t limit, Progress* progress,
              std::size_t progress_base) {
    v.reset();
    FillTally ignored;
    for (std::size_t i = 0; i < w.warmup_events; i += kDrainEvery) {  // deep: build the book, untimed
        v.replay(i, std::min<std::size_t>(kDrainEvery, w.warmup_events - i), nullptr);
        v.drain(ignored);
    }
    const std::size_t end = std::min(w.events.size(), w.warmup_events + limit);
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = w.warmup_events; i < end; i += kDrainEvery) {
        v.replay(i, std::min<std::size_t>(kDrainEvery, end - i), rec);
        v.drain(fills);
        if (progress) progress->update(progress_base + i - w.warmup_events);
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Builds the variant and measures its latency. peak_rss_mb is how far the
// process's peak grew over its size once the variant was built (`base_rss_mb`
// at least): the memory the engine itself took. Throughput comes later.
BenchRow measure(const VariantFactory& make, const Workload& w, const Clock& clock, bool show_progress,
                 double base_rss_mb) {
    const std::unique_ptr<Variant> variant = make.make();
    Variant& v = *variant;
    // The variant's own copy of the workload (C structs) is input, not engine memory.
    base_rss_mb = std::max(base_rss_mb, current_rss_mb());
    const std::size_t n = w.events.size() - w.warmup_events;
    Progress progress(show_progress, v.name(), n);
    FillTally warm, timed_fills;
    Recorder rec{clock, {}, 0, 0};
    replay(v, w, nullptr, warm, kWarmupEvents, nullptr, 0);
    rec.reset();
    replay(v, w, &rec, timed_fills, n, &progress, 0);

    BenchRow row;
    row.engine = v.name();
    row.operations = n;
    row.fills = timed_fills.count;
    row.fill_checksum = timed_fills.checksum;
    const auto count = rec.hist.count();
    row.mean_ns = count ? static_cast<double>(rec.sum_ns) / static_cast<double>(count) : 0.0;
    row.p50_ns = rec.hist.percentile(0.5);
    row.p90_ns = rec.hist.percentile(0.9);
    row.p99_ns = rec.hist.percentile(0.99);
    row.p999_ns = rec.hist.percentile(0.999);
    row.max_ns = rec.max_ns;
    for (std::size_t k = 0; k < kPercentiles.size(); ++k)
        row.percentiles[k] = kPercentiles[k] == 1.0 ? rec.max_ns : rec.hist.percentile(kPercentiles[k]);
    // The kernel's resident-size counters are summed lazily across CPUs, so
    // a row that took no memory can read a few pages below its base ("-0").
    row.peak_rss_mb = std::max(0.0, peak_rss_mb() - base_rss_mb);
    return row;
}

// The numeric part of a row, as it crosses the pipe from a child process.
struct RowWire {
    std::uint64_t operations, p50, p90, p99, p999, max, fills, checksum;
    double mean, rss;
    std::array<std::uint64_t, kPercentiles.size()> percentiles;
};

bool write_all(int fd, const void* p, std::size_t n) {
    const char* c = static_cast<const char*>(p);
    while (n > 0) {
        const ssize_t k = write(fd, c, n);
        if (k <= 0) return false;
        c += k;
        n -= static_cast<std::size_t>(k);
    }
    return true;
}

bool read_all(int fd, void* p, std::size_t n) {
    char* c = static_cast<char*>(p);
    while (n > 0) {
        const ssize_t k = read(fd, c, n);
        if (k <= 0) return false;
        c += k;
        n -= static_cast<std::size_t>(k);
    }
    return true;
}

// Runs measure() in a child process; falls back to this process if fork fails.
BenchRow measure_isolated(const VariantFactory& make, const Workload& w, const Clock& clock, bool show_progress) {
    const double base = current_rss_mb();  // what the child inherits: the workload
    int fds[2];
    if (pipe(fds) != 0) return measure(make, w, clock, show_progress, base);
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return measure(make, w, clock, show_progress, base);
    }
    if (pid == 0) {
        close(fds[0]);
        const BenchRow r = measure(make, w, clock, show_progress, base);
        const RowWire wire{r.operations, r.p50_ns, r.p90_ns, r.p99_ns, r.p999_ns, r.max_ns, r.fills,
                           r.fill_checksum, r.mean_ns, r.peak_rss_mb, r.percentiles};
        _exit(write_all(fds[1], &wire, sizeof wire) ? 0 : 1);
    }
    close(fds[1]);
    RowWire wire{};
    const bool ok = read_all(fds[0], &wire, sizeof wire);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!ok || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fmt::print(stderr, "sigmax-exec: a row failed in its child process; measuring it in-process\n");
        return measure(make, w, clock, show_progress, base);
    }
    BenchRow r;
    r.engine = make.name;
    r.operations = wire.operations;
    r.p50_ns = wire.p50;
    r.p90_ns = wire.p90;
    r.p99_ns = wire.p99;
    r.p999_ns = wire.p999;
    r.max_ns = wire.max;
    r.fills = wire.fills;
    r.fill_checksum = wire.checksum;
    r.mean_ns = wire.mean;
    r.peak_rss_mb = wire.rss;
    r.percentiles = wire.percentiles;
    return r;
}

// Throughput, in this process: after a warm-up, `rounds` rounds in which every
// variant replays the whole workload once with no clock reads around calls,
// in an order rotated by one each round. Rows measured one after another
// could have a phase change of a shared machine fall between them and move
// their ratio by half; interleaved, a phase falls on every row alike.
// A row's ops/s is the median of its rounds (the table's ratios are medians
// of per-round ratios), and every round must repeat the timed pass's fills.
void measure_throughput(const std::vector<VariantFactory>& variants, const Workload& w, int rounds,
                        bool show_progress, std::vector<BenchRow>& rows) {
    std::vector<std::unique_ptr<Variant>> built;
    for (const auto& make : variants) {
        built.push_back(make.make());
        FillTally warm;
        replay(*built.back(), w, nullptr, warm, kWarmupEvents, nullptr, 0);
    }
    const std::size_t n = w.events.size() - w.warmup_events;
    const std::size_t per_round = built.size();
    Progress progress(show_progress, "throughput", static_cast<std::size_t>(rounds) * per_round * n);
    for (int k = 0; k < rounds; ++k) {
        for (std::size_t j = 0; j < per_round; ++j) {
            const std::size_t i = (j + static_cast<std::size_t>(k)) % per_round;
            FillTally tally;
            BenchRow& row = rows[i];
            row.round_seconds.push_back(replay(*built[i], w, nullptr, tally, n, &progress,
                                               (static_cast<std::size_t>(k) * per_round + j) * n));
            row.fills_consistent = row.fills_consistent && tally.count == row.fills && tally.checksum == row.fill_checksum;
        }
    }
    for (std::size_t i = 0; i < per_round; ++i) rows[i].seconds = median(rows[i].round_seconds);
}

// Rows from `python -m sigmax_exec bench --rows`: one line per row,
// "name ops ops_per_sec mean p50 p90 p99 p999 max".
std::vector<BenchRow> python_rows(const WorkloadParams& p) {
    std::vector<BenchRow> rows;
    const std::uint64_t events = std::min<std::uint64_t>(p.events, kPythonEventLimit);
    const std::string cmd = fmt::format(
        "PYTHONPATH='{}' SIGMAX_EXEC_LIBRARY='{}' '{}' -m sigmax_exec bench --rows --events {} --python-events {} "
        "--seed {}",
        SIGMAX_PYTHON_PATH, SIGMAX_LIBRARY_PATH, SIGMAX_PYTHON, events, std::min<std::uint64_t>(events, 50000), p.seed);
    std::FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) {
        fmt::print(stderr, "sigmax-exec: cannot run {}\n", SIGMAX_PYTHON);
        return rows;
    }
    char line[512];
    while (std::fgets(line, sizeof line, pipe)) {
        std::istringstream in(line);
        BenchRow r;
        double ops_per_sec = 0;
        if (!(in >> r.engine >> r.operations >> ops_per_sec >> r.mean_ns >> r.p50_ns >> r.p90_ns >> r.p99_ns >> r.p999_ns >>
              r.max_ns))
            continue;
        r.seconds = ops_per_sec > 0 ? static_cast<double>(r.operations) / ops_per_sec : 0.0;
        r.from_python = true;
        r.percentiles.fill(0);
        r.percentiles[3] = r.p50_ns;
        r.percentiles[5] = r.p90_ns;
        r.percentiles[7] = r.p99_ns;
        r.percentiles[9] = r.p999_ns;
        r.percentiles[13] = r.max_ns;
        rows.push_back(r);
    }
    if (pclose(pipe) != 0) fmt::print(stderr, "sigmax-exec: the Python bench failed; its rows may be missing\n");
    return rows;
}

}  // namespace

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

int run_bench(const BenchOptions& options) {
    const Workload w = generate(options.workload);
    const Clock& clock = Clock::instance();
    const std::uint64_t overhead = clock_overhead_ns(clock);
    const bool show_progress = options.progress || (!options.json && isatty(STDERR_FILENO));

    // Variants are built inside the process that measures them, so that their
    // memory (C-struct copies of the workload included) counts for them alone.
    const std::vector<VariantFactory> variants = {
        {"sigmax", [&] { return make_cpp_variant("sigmax", w, true); }},
        {"sigmax-capi", [&] { return make_c_variant("sigmax-capi", w, false); }},
        {"sigmax-batch", [&] { return make_c_variant("sigmax-batch", w, true); }},
        {"sigmax-no-ts", [&] { return make_cpp_variant("sigmax-no-ts", w, false); }},
        {"baseline-stdmap", [&] { return make_baseline_variant(w); }},
    };
    std::vector<BenchRow> rows;
    for (const auto& make : variants)
        rows.push_back(options.isolate ? measure_isolated(make, w, clock, show_progress)
                                       : measure(make, w, clock, show_progress, current_rss_mb()));
    measure_throughput(variants, w, std::max(1, options.repeats), show_progress, rows);
    if (options.python)
        for (BenchRow& r : python_rows(options.workload)) rows.push_back(r);

    const BenchContext ctx{w, clock.source(), clock.ns_per_tick(), overhead};
    if (options.json) print_json(rows, ctx);
    else print_table(rows, ctx);
    if (!options.hdr_path.empty() && !write_hdr(options.hdr_path, rows)) {
        fmt::print(stderr, "sigmax-exec: cannot write {}: {}\n", options.hdr_path, std::strerror(errno));
        return 1;
    }
    for (const auto& r : rows)
        if (!r.from_python && (!r.fills_consistent || r.fills != rows.front().fills || r.fill_checksum != rows.front().fill_checksum))
            return 3;
    return 0;
}

}  // namespace sigmax::cli
