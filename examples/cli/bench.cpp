#include "bench.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>

#include "sigmax/clock.hpp"
#include "sigmax/engine.hpp"
#include "sigmax/latency_histogram.hpp"
#include "sigmax_exec.h"

namespace sigmax::cli {

namespace {

constexpr std::size_t kDrainEvery = 4096;

// Folds a fill into a checksum that does not depend on the engine variant.
std::uint64_t mix(std::uint64_t h, std::uint64_t maker, std::uint64_t taker, std::int64_t price, std::int64_t lots) {
    for (std::uint64_t v : {maker, taker, static_cast<std::uint64_t>(price), static_cast<std::uint64_t>(lots)})
        h = (h ^ v) * 0x100000001B3ull;
    return h;
}

// Clock overhead: the median of back-to-back reads, which every per-operation
// figure includes once.
std::uint64_t clock_overhead_ns(const Clock& clock) {
    LatencyHistogram h;
    for (int i = 0; i < 200000; ++i) {
        const std::uint64_t a = clock.now();
        const std::uint64_t b = clock.now();
        h.record(clock.to_ns(b - a));
    }
    return h.percentile(0.5);
}

// Per-operation latency recording for the timed pass.
struct Recorder {
    const Clock& clock;
    LatencyHistogram hist;
    std::uint64_t sum_ns = 0, max_ns = 0;
    void record_ns(std::uint64_t ns) {
        hist.record(ns);
        sum_ns += ns;
        if (ns > max_ns) max_ns = ns;
    }
    void record(std::uint64_t t0, std::uint64_t t1) { record_ns(clock.to_ns(t1 - t0)); }
};

// One engine variant. replay() runs events [first, first + n); with a
// recorder it reads the clock around every call, without it it runs bare.
class Variant {
public:
    explicit Variant(std::string name) : name_(std::move(name)) {}
    virtual ~Variant() = default;
    const std::string& name() const { return name_; }
    virtual void reset() = 0;  // a fresh, configured engine
    virtual void replay(std::size_t first, std::size_t n, Recorder* rec) = 0;
    virtual void drain(BenchRow& row) = 0;

private:
    std::string name_;
};

// Replays the workload once to warm up, once timed per operation (latency
// distribution) and once bare (throughput), each on a fresh engine.
BenchRow measure(Variant& v, const Workload& w, Recorder& rec) {
    BenchRow row;
    auto replay_all = [&](Recorder* r, bool from_start) {
        v.reset();
        row = BenchRow{};
        row.engine = v.name();
        // Deep workload: build the book untimed first.
        for (std::size_t i = 0; i < w.warmup_events; i += kDrainEvery) {
            v.replay(i, std::min<std::size_t>(kDrainEvery, w.warmup_events - i), nullptr);
            v.drain(row);
        }
        row.fills = 0;
        row.fill_checksum = 0;
        const std::size_t end = from_start ? w.events.size() : std::min<std::size_t>(w.events.size(), w.warmup_events + 100000);
        const auto start = std::chrono::steady_clock::now();
        for (std::size_t i = w.warmup_events; i < end; i += kDrainEvery) {
            v.replay(i, std::min<std::size_t>(kDrainEvery, end - i), r);
            v.drain(row);
        }
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    replay_all(nullptr, false);  // warm caches and branch predictors
    rec.hist.reset();
    rec.sum_ns = rec.max_ns = 0;
    replay_all(&rec, true);
    const std::uint64_t timed_fills = row.fills, timed_checksum = row.fill_checksum;
    const double seconds = replay_all(nullptr, true);
    row.seconds = seconds;
    row.operations = w.events.size() - w.warmup_events;
    if (row.fills != timed_fills || row.fill_checksum != timed_checksum) row.fill_checksum = ~row.fill_checksum;
    return row;
}

void summarise(BenchRow& row, const LatencyHistogram& h, std::uint64_t sum_ns, std::uint64_t max_ns) {
    const auto n = h.count();
    row.mean_ns = n ? static_cast<double>(sum_ns) / static_cast<double>(n) : 0.0;
    row.p50_ns = h.percentile(0.5);
    row.p90_ns = h.percentile(0.9);
    row.p99_ns = h.percentile(0.99);
    row.p999_ns = h.percentile(0.999);
    row.max_ns = max_ns;
    for (double q : {0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999, 0.9995, 0.9999, 0.99999, 1.0})
        row.percentiles.emplace_back(q, h.percentile(q));
}

sgx_order to_c(const OrderRequest& o) {
    sgx_order c{};
    c.struct_size = sizeof c;
    c.symbol = o.symbol;
    c.side = static_cast<std::uint8_t>(o.side);
    c.type = static_cast<std::uint8_t>(o.type);
    c.tif = static_cast<std::uint8_t>(o.tif);
    c.price = o.price;
    c.quantity = o.quantity;
    return c;
}

void print_table(const std::vector<BenchRow>& rows, const Workload& w, const Clock& clock, std::uint64_t overhead) {
    fmt::print("workload: {}\n", describe(w));
    fmt::print("clock: {} ({:.3f} ns/tick), read overhead ~{} ns, included in every per-operation figure\n",
               clock.source(), clock.ns_per_tick(), overhead);
    fmt::print("{:<16} {:>10} {:>12} {:>9} {:>8} {:>8} {:>8} {:>9} {:>10}\n", "engine", "ops", "ops/s", "mean ns",
               "p50", "p99", "p99.9", "max", "fills");
    for (const auto& r : rows)
        fmt::print("{:<16} {:>10} {:>12.0f} {:>9.1f} {:>8} {:>8} {:>8} {:>9} {:>10}\n", r.engine, r.operations,
                   r.ops_per_sec(), r.mean_ns, r.p50_ns, r.p99_ns, r.p999_ns, r.max_ns, r.fills);
    bool same = true;
    for (const auto& r : rows) same = same && r.fill_checksum == rows.front().fill_checksum && r.fills == rows.front().fills;
    fmt::print("fills: {}\n", same ? "identical in every row" : "DIFFER between rows");
}

void print_json(const std::vector<BenchRow>& rows, const Workload& w, const Clock& clock, std::uint64_t overhead) {
    fmt::print("{{\"workload\": {{\"name\": \"{}\", \"events\": {}, \"symbols\": {}, \"seed\": {}, \"description\": \"{}\"}},\n",
               w.params.deep ? "deep" : "default", w.events.size() - w.warmup_events, w.params.symbols,
               w.params.seed, describe(w));
    fmt::print(" \"clock\": {{\"source\": \"{}\", \"overhead_ns\": {}}},\n \"results\": [\n", clock.source(), overhead);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        fmt::print("  {{\"engine\": \"{}\", \"orders\": {}, \"orders_per_sec\": {:.0f}, \"mean_ns\": {:.1f}, "
                   "\"p50_ns\": {}, \"p90_ns\": {}, \"p99_ns\": {}, \"p999_ns\": {}, \"max_ns\": {}, \"fills\": {}, "
                   "\"percentiles\": [",
                   r.engine, r.operations, r.ops_per_sec(), r.mean_ns, r.p50_ns, r.p90_ns, r.p99_ns, r.p999_ns,
                   r.max_ns, r.fills);
        for (std::size_t k = 0; k < r.percentiles.size(); ++k)
            fmt::print("{}[{}, {}]", k ? ", " : "", r.percentiles[k].first, r.percentiles[k].second);
        fmt::print("]}}{}\n", i + 1 < rows.size() ? "," : "");
    }
    fmt::print(" ]\n}}\n");
}

// HdrHistogram's percentile-distribution text format, one block per row.
void write_hdr(const std::string& path, const std::vector<BenchRow>& rows) {
    std::ofstream out(path);
    for (const auto& r : rows) {
        out << fmt::format("# engine: {}\n", r.engine);
        out << fmt::format("{:>12} {:>14} {:>10} {:>14}\n\n", "Value", "Percentile", "TotalCount", "1/(1-Percentile)");
        for (const auto& [q, v] : r.percentiles) {
            const auto count = static_cast<std::uint64_t>(q * static_cast<double>(r.operations));
            if (q < 1.0)
                out << fmt::format("{:12.3f} {:14.12f} {:10d} {:14.2f}\n", static_cast<double>(v) / 1000.0, q, count, 1.0 / (1.0 - q));
            else
                out << fmt::format("{:12.3f} {:14.12f} {:10d}\n", static_cast<double>(v) / 1000.0, q, count);
        }
        out << fmt::format("#[Mean    = {:12.3f}, StdDeviation   = {:12.3f}]\n", r.mean_ns / 1000.0, 0.0);
        out << fmt::format("#[Max     = {:12.3f}, Total count    = {:12d}]\n\n", static_cast<double>(r.max_ns) / 1000.0, r.operations);
    }
}


class CppVariant : public Variant {
public:
    CppVariant(std::string name, const Workload& w, Engine::Config config)
        : Variant(std::move(name)), w_(w), config_(config), fills_(1u << 16) {}
    void reset() override {
        engine_ = std::make_unique<Engine>(config_);
        for (std::uint32_t s = 0; s < w_.params.symbols; ++s) engine_->configure_symbol(s, w_.tick_size, w_.lot_size);
    }
    void replay(std::size_t first, std::size_t n, Recorder* rec) override {
        ExecutionReport r;
        Engine& e = *engine_;
        if (!rec) {
            for (std::size_t i = first; i < first + n; ++i) {
                const Event& ev = w_.events[i];
                if (ev.kind == Event::Kind::New) (void)e.execute(ev.order, r);
                else (void)e.cancel(ev.cancel_id);
            }
            return;
        }
        for (std::size_t i = first; i < first + n; ++i) {
            const Event& ev = w_.events[i];
            const std::uint64_t t0 = rec->clock.now();
            if (ev.kind == Event::Kind::New) (void)e.execute(ev.order, r);
            else (void)e.cancel(ev.cancel_id);
            rec->record(t0, rec->clock.now());
        }
    }
    void drain(BenchRow& row) override {
        std::size_t n = 0;
        do {
            (void)engine_->drain_fills(fills_, n);
            for (std::size_t i = 0; i < n; ++i) {
                const Fill& f = fills_[i];
                row.fill_checksum = mix(row.fill_checksum, f.maker_order_id, f.taker_order_id, f.price_ticks, f.quantity_lots);
            }
            row.fills += n;
        } while (n == fills_.size());
    }

private:
    const Workload& w_;
    Engine::Config config_;
    std::unique_ptr<Engine> engine_;
    std::vector<Fill> fills_;
};

class CVariant : public Variant {
public:
    CVariant(std::string name, const Workload& w, const sgx_engine_config& config, bool batch)
        : Variant(std::move(name)), w_(w), config_(config), batch_(batch), fills_(1u << 16), reports_(kDrainEvery) {
        orders_.reserve(w.events.size());
        for (const Event& e : w.events) orders_.push_back(to_c(e.order));
    }
    ~CVariant() override { sgx_engine_destroy(engine_); }
    void reset() override {
        sgx_engine_destroy(engine_);
        engine_ = nullptr;
        sgx_engine_create(&engine_, &config_);
        for (std::uint32_t s = 0; s < w_.params.symbols; ++s) sgx_engine_configure_symbol(engine_, s, w_.tick_size, w_.lot_size);
    }
    void replay(std::size_t first, std::size_t n, Recorder* rec) override {
        if (batch_) return replay_batch(first, n, rec);
        sgx_report r;
        for (std::size_t i = first; i < first + n; ++i) {
            const std::uint64_t t0 = rec ? rec->clock.now() : 0;
            if (w_.events[i].kind == Event::Kind::New) (void)sgx_engine_execute(&r, engine_, &orders_[i]);
            else (void)sgx_engine_cancel(engine_, w_.events[i].cancel_id);
            if (rec) rec->record(t0, rec->clock.now());
        }
    }
    void drain(BenchRow& row) override {
        std::size_t n = 0;
        do {
            sgx_engine_drain_fills(fills_.data(), &n, engine_, fills_.size());
            for (std::size_t i = 0; i < n; ++i) {
                const sgx_fill& f = fills_[i];
                row.fill_checksum = mix(row.fill_checksum, f.maker_order_id, f.taker_order_id, f.price_ticks, f.quantity_lots);
            }
            row.fills += n;
        } while (n == fills_.size());
    }

private:
    // Runs of consecutive orders go in one call; each order of a run is
    // charged an equal share of the call's time.
    void replay_batch(std::size_t first, std::size_t n, Recorder* rec) {
        std::size_t i = first;
        const std::size_t end = first + n;
        while (i < end) {
            if (w_.events[i].kind == Event::Kind::Cancel) {
                const std::uint64_t t0 = rec ? rec->clock.now() : 0;
                (void)sgx_engine_cancel(engine_, w_.events[i].cancel_id);
                if (rec) rec->record(t0, rec->clock.now());
                ++i;
                continue;
            }
            std::size_t j = i;
            while (j < end && w_.events[j].kind == Event::Kind::New) ++j;
            std::size_t done = 0;
            const std::uint64_t t0 = rec ? rec->clock.now() : 0;
            (void)sgx_engine_execute_batch(reports_.data(), &done, engine_, &orders_[i], j - i);
            if (rec) {
                const std::uint64_t ns = rec->clock.to_ns(rec->clock.now() - t0);
                for (std::size_t k = i; k < j; ++k) rec->record_ns(ns / (j - i));
            }
            i = j;
        }
    }

    const Workload& w_;
    sgx_engine_config config_;
    bool batch_;
    sgx_engine* engine_ = nullptr;
    std::vector<sgx_order> orders_;
    std::vector<sgx_fill> fills_;
    std::vector<sgx_report> reports_;
};

}  // namespace

int run_bench(const BenchOptions& options) {
    const Workload w = generate(options.workload);
    const Clock& clock = Clock::instance();
    const std::uint64_t overhead = clock_overhead_ns(clock);

    Engine::Config config;
    config.order_capacity = 1u << 17;
    config.fill_capacity = 1u << 20;
    Engine::Config untimed = config;
    untimed.timestamps = false;
    sgx_engine_config cconfig;
    sgx_engine_config_init(&cconfig);
    cconfig.order_capacity = config.order_capacity;
    cconfig.fill_capacity = config.fill_capacity;

    std::vector<std::unique_ptr<Variant>> variants;
    variants.push_back(std::make_unique<CppVariant>("sigmax", w, config));
    variants.push_back(std::make_unique<CVariant>("sigmax-capi", w, cconfig, false));
    variants.push_back(std::make_unique<CVariant>("sigmax-batch", w, cconfig, true));
    variants.push_back(std::make_unique<CppVariant>("sigmax-no-ts", w, untimed));

    Recorder rec{clock, {}, 0, 0};
    std::vector<BenchRow> rows;
    for (auto& v : variants) {
        if (!options.json) std::fprintf(stderr, "running %s...\n", v->name().c_str());
        BenchRow row = measure(*v, w, rec);
        summarise(row, rec.hist, rec.sum_ns, rec.max_ns);
        rows.push_back(row);
    }

    if (options.json) print_json(rows, w, clock, overhead);
    else print_table(rows, w, clock, overhead);
    if (!options.hdr_path.empty()) write_hdr(options.hdr_path, rows);
    for (const auto& r : rows)
        if (r.fill_checksum != rows.front().fill_checksum) return 3;
    return 0;
}

}  // namespace sigmax::cli
