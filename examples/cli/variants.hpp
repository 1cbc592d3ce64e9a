// The engine variants the bench compares, each able to replay a slice of a
// workload with or without per-call timing.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sigmax/clock.hpp"
#include "sigmax/engine.hpp"
#include "sigmax/detail/latency_histogram.hpp"
#include "workload.hpp"

namespace sigmax::cli {

// Per-call latency recording for the timed pass.
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
    void reset() {
        hist.reset();
        sum_ns = max_ns = 0;
    }
};

// Fills of every variant fold into the same checksum when they are the same
// trades in the same order.
struct FillTally {
    std::uint64_t count = 0;
    std::uint64_t checksum = 0;
    void add(std::uint64_t maker, std::uint64_t taker, std::int64_t price, std::int64_t lots) {
        for (std::uint64_t v : {maker, taker, static_cast<std::uint64_t>(price), static_cast<std::uint64_t>(lots)})
            checksum = (checksum ^ v) * 0x100000001B3ull;
        ++count;
    }
};

class Variant {
public:
    explicit Variant(std::string name) : name_(std::move(name)) {}
    virtual ~Variant() = default;
    const std::string& name() const { return name_; }
    virtual void reset() = 0;  // a fresh, configured engine
    // Replays events [first, first + n); with a recorder, times every call.
    virtual void replay(std::size_t first, std::size_t n, Recorder* rec) = 0;
    virtual void drain(FillTally& fills) = 0;

private:
    std::string name_;
};

// sigmax through the C++ API (timestamps on or off).
std::unique_ptr<Variant> make_cpp_variant(std::string name, const Workload& w, bool timestamps);
// sigmax through the C ABI, one call per event or one batch per run of orders.
std::unique_ptr<Variant> make_c_variant(std::string name, const Workload& w, bool batch);
// The std::map / std::list reference book.
std::unique_ptr<Variant> make_baseline_variant(const Workload& w);

}  // namespace sigmax::cli
