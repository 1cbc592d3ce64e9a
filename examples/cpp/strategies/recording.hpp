// A backtest's recording (docs/backtesting.md, "Recorder, summary and plot"): one symbol's account sampled at
// an interval of the venue's local time, and the recording CSV format that
// the Python package's Recorder.save_csv / load_csv share:
//   timestamp,mid,position,balance,fee,equity,realized_pnl,trades,maker_fills,
//   taker_fills,volume,trading_value,orders_submitted,orders_filled
// ints in decimal, floats with 17 significant digits (`nan` for NaN).
#pragma once

#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "sigmax/price_scale.hpp"
#include "sigmax/venue/venue.hpp"

namespace sigmax::backtest {

// One sample: money in the symbol's settlement unit, quantities in units.
struct Sample {
    std::int64_t timestamp = 0;   // local time, ns
    double mid = NAN;             // price units; NaN while a side is empty
    double position = 0.0;
    double balance = 0.0;
    double fee = 0.0;
    double equity = 0.0;
    double realized_pnl = 0.0;
    std::int64_t trades = 0;
    std::int64_t maker_fills = 0;
    std::int64_t taker_fills = 0;
    double volume = 0.0;
    double trading_value = 0.0;
    std::int64_t orders_submitted = 0;
    std::int64_t orders_filled = 0;
};

// The sample of `state` (one symbol's account) at local time `timestamp`.
// Lots become units by the engine's decimal rule (from_units), as the
// Python recorder does, so that -4991 lots of 0.001 is -4.991 in both.
inline Sample sample_of(const venue::State& state, const DecimalForm& lot, std::int64_t timestamp) noexcept {
    Sample s;
    s.timestamp = timestamp;
    s.mid = state.mid;
    s.position = from_units(static_cast<double>(state.position), lot);
    s.balance = state.balance;
    s.fee = state.fee;
    s.equity = state.equity;
    s.realized_pnl = state.realized_pnl;
    s.trades = static_cast<std::int64_t>(state.trades);
    s.maker_fills = static_cast<std::int64_t>(state.maker_fills);
    s.taker_fills = static_cast<std::int64_t>(state.taker_fills);
    s.volume = from_units(static_cast<double>(state.volume), lot);
    s.trading_value = state.trading_value;
    s.orders_submitted = static_cast<std::int64_t>(state.orders_submitted);
    s.orders_filled = static_cast<std::int64_t>(state.orders_filled);
    return s;
}

// Samples one symbol: record() when at least interval_ns of local time has
// passed since the last sample (the first call always samples), sample()
// unconditionally, sample_at_end() once the data has ended.
class Recorder {
public:
    Recorder(std::uint32_t symbol, double lot_size, std::int64_t interval_ns)
        : symbol_(symbol), lot_(decimal_form(lot_size)), interval_ns_(interval_ns) {}

    Status record(const venue::Venue& v) {
        if (!samples_.empty() && v.current_timestamp() < samples_.back().timestamp + interval_ns_) return Status::Ok;
        return sample(v);
    }

    Status sample(const venue::Venue& v) {
        venue::State st{};
        const Status s = v.state(symbol_, st);
        if (s != Status::Ok) return s;
        samples_.push_back(sample_of(st, lot_, v.current_timestamp()));
        return Status::Ok;
    }

    // The last sample at the end of the data: unless the last one was taken
    // at the current time (the examples' rule, so recordings agree).
    Status sample_at_end(const venue::Venue& v) {
        if (!samples_.empty() && samples_.back().timestamp == v.current_timestamp()) return Status::Ok;
        return sample(v);
    }

    const std::vector<Sample>& samples() const noexcept { return samples_; }
    std::int64_t interval_ns() const noexcept { return interval_ns_; }

private:
    std::uint32_t symbol_;
    DecimalForm lot_;
    std::int64_t interval_ns_;
    std::vector<Sample> samples_;
};

inline constexpr const char* kRecordingHeader =
    "timestamp,mid,position,balance,fee,equity,realized_pnl,trades,maker_fills,taker_fills,volume,trading_value,"
    "orders_submitted,orders_filled";

// %.17g, with `nan` for NaN (printf's spelling varies by sign).
inline void write_csv_float(std::FILE* f, double x) {
    if (std::isnan(x))
        std::fputs("nan", f);
    else
        std::fprintf(f, "%.17g", x);
}

// Writes the recording CSV; false (errno set) when the file cannot be written.
inline bool write_recording_csv(const std::string& path, const std::vector<Sample>& samples) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (f == nullptr) return false;
    std::fprintf(f, "%s\n", kRecordingHeader);
    for (const Sample& s : samples) {
        std::fprintf(f, "%" PRId64, s.timestamp);
        for (double x : {s.mid, s.position, s.balance, s.fee, s.equity, s.realized_pnl}) {
            std::fputc(',', f);
            write_csv_float(f, x);
        }
        std::fprintf(f, ",%" PRId64 ",%" PRId64 ",%" PRId64 ",", s.trades, s.maker_fills, s.taker_fills);
        write_csv_float(f, s.volume);
        std::fputc(',', f);
        write_csv_float(f, s.trading_value);
        std::fprintf(f, ",%" PRId64 ",%" PRId64 "\n", s.orders_submitted, s.orders_filled);
    }
    const bool ok = std::ferror(f) == 0;
    return std::fclose(f) == 0 && ok;
}

}  // namespace sigmax::backtest
