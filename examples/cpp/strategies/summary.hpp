// A recording's summary (docs/backtesting.md, "Recorder, summary and plot"), the same keys, order and
// formulas as the Python package's sigmax_exec.backtest summary():
// samples with a NaN equity are dropped first (E: the equities kept, n of
// them); d = E[1:] - E[:-1];
//   sharpe  = mean(d) / std(d, ddof=1) * sqrt(P)
//   sortino = mean(d) / sqrt(mean(min(d, 0)^2)) * sqrt(P)
// (NaN with fewer than 2 changes or a zero denominator), P = periods per
// year = 365 * 86400e9 / interval_ns unless given (crypto trades every day);
// max_drawdown = max over k of (max(E[0..k]) - E[k]). Every sum is a plain
// sequential sum in sample order, so C++ and Python agree to the last bit.
// The counters come from the last sample.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "recording.hpp"

namespace sigmax::backtest {

// A summary value: an integer, a float (NaN: JSON null) or missing (null).
using SummaryValue = std::variant<std::monostate, std::int64_t, double>;

struct SummaryEntry {
    const char* key;
    SummaryValue value;
};

struct SummaryOptions {
    std::int64_t interval_ns = 100'000'000;  // the recording's interval (for P)
    std::optional<double> capital;           // for return and max_drawdown_pct
    std::optional<double> periods_per_year;  // overrides P
};

inline std::vector<SummaryEntry> summarize(const std::vector<Sample>& samples, const SummaryOptions& opt = {}) {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<const Sample*> kept;
    for (const Sample& s : samples)
        if (!std::isnan(s.equity)) kept.push_back(&s);
    const std::size_t n = kept.size();
    const double capital = opt.capital ? *opt.capital : nan;
    const double periods = opt.periods_per_year ? *opt.periods_per_year
                                                : 365.0 * 86400e9 / static_cast<double>(opt.interval_ns);

    std::vector<SummaryEntry> out;
    if (n == 0) {
        out.push_back({"start_ts", std::monostate{}});
        out.push_back({"end_ts", std::monostate{}});
        out.push_back({"samples", std::int64_t{0}});
        out.push_back({"duration_s", nan});
    } else {
        const std::int64_t start = kept.front()->timestamp, end = kept.back()->timestamp;
        out.push_back({"start_ts", start});
        out.push_back({"end_ts", end});
        out.push_back({"samples", static_cast<std::int64_t>(n)});
        out.push_back({"duration_s", static_cast<double>(end - start) / 1e9});
    }
    const double first = n ? kept.front()->equity : nan, last = n ? kept.back()->equity : nan;
    const double pnl = n ? last - first : nan;
    out.push_back({"pnl", pnl});
    out.push_back({"return", pnl / capital});
    out.push_back({"final_equity", last});

    double sharpe = nan, sortino = nan;
    const std::size_t m = n > 0 ? n - 1 : 0;  // changes
    if (m >= 2) {
        double sum = 0.0;
        for (std::size_t i = 1; i < n; ++i) sum += kept[i]->equity - kept[i - 1]->equity;
        const double mean = sum / static_cast<double>(m);
        double squares = 0.0, downside = 0.0;
        for (std::size_t i = 1; i < n; ++i) {
            const double d = kept[i]->equity - kept[i - 1]->equity;
            squares += (d - mean) * (d - mean);
            const double low = d < 0.0 ? d : 0.0;
            downside += low * low;
        }
        const double sd = std::sqrt(squares / static_cast<double>(m - 1));
        const double dd = std::sqrt(downside / static_cast<double>(m));
        if (sd != 0.0) sharpe = mean / sd * std::sqrt(periods);
        if (dd != 0.0) sortino = mean / dd * std::sqrt(periods);
    }
    out.push_back({"sharpe", sharpe});
    out.push_back({"sortino", sortino});

    double max_drawdown = nan;
    if (n > 0) {
        double peak = kept.front()->equity;
        max_drawdown = 0.0;
        for (const Sample* s : kept) {
            if (s->equity > peak) peak = s->equity;
            if (peak - s->equity > max_drawdown) max_drawdown = peak - s->equity;
        }
    }
    out.push_back({"max_drawdown", max_drawdown});
    out.push_back({"max_drawdown_pct", max_drawdown / capital});

    const Sample z{};
    const Sample& l = samples.empty() ? z : samples.back();
    auto ratio = [&](std::int64_t a, std::int64_t b) { return b == 0 ? nan : static_cast<double>(a) / static_cast<double>(b); };
    out.push_back({"trades", l.trades});
    out.push_back({"maker_fills", l.maker_fills});
    out.push_back({"taker_fills", l.taker_fills});
    out.push_back({"volume", l.volume});
    out.push_back({"trading_value", l.trading_value});
    out.push_back({"fees", l.fee});
    out.push_back({"position", l.position});
    out.push_back({"realized_pnl", l.realized_pnl});
    out.push_back({"orders_submitted", l.orders_submitted});
    out.push_back({"orders_filled", l.orders_filled});
    out.push_back({"fill_ratio", ratio(l.orders_filled, l.orders_submitted)});
    out.push_back({"maker_share", ratio(l.maker_fills, l.trades)});
    out.push_back({"taker_share", ratio(l.taker_fills, l.trades)});
    return out;
}

// A finite double in the shortest form that reads back to the same bits
// (Python's repr), ".0" added to an integral one so that it reads back as a
// float (5.0, not 5).
inline std::string json_number(double x) {
    char buf[40];
    const auto r = std::to_chars(buf, buf + sizeof buf, x);
    std::string s(buf, r.ptr);
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
    return s;
}

// The value as JSON: integers in decimal, floats as json_number(),
// NaN, infinities and missing values as null.
inline std::string to_json(const SummaryValue& v) {
    if (std::holds_alternative<std::int64_t>(v)) return std::to_string(std::get<std::int64_t>(v));
    if (std::holds_alternative<double>(v)) {
        const double x = std::get<double>(v);
        if (!std::isfinite(x)) return "null";
        return json_number(x);
    }
    return "null";
}

// {"start_ts": ..., ...} in key order.
inline std::string to_json(const std::vector<SummaryEntry>& summary) {
    std::string s = "{";
    for (std::size_t i = 0; i < summary.size(); ++i) {
        if (i) s += ", ";
        s += '"';
        s += summary[i].key;
        s += "\": ";
        s += to_json(summary[i].value);
    }
    return s + "}";
}

}  // namespace sigmax::backtest
