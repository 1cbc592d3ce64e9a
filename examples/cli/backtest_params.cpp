#include "backtest_params.hpp"

#include "strategies/common.hpp"
#include "strategies/summary.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace sigmax::cli {

namespace {

constexpr struct {
    const char* name;
    std::uint8_t model;
} kQueues[] = {{"riskaverse", SGX_QUEUE_RISK_AVERSE}, {"power", SGX_QUEUE_POWER}, {"power2", SGX_QUEUE_POWER2},
               {"power3", SGX_QUEUE_POWER3},          {"log", SGX_QUEUE_LOG},     {"log2", SGX_QUEUE_LOG2}};

bool parse_int(const std::string& text, std::int64_t lo, std::int64_t& out) {
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < lo) return false;
    out = v;
    return true;
}

bool parse_double(const std::string& text, double lo, double& out) {
    if (text.empty()) return false;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(v) || v < lo) return false;
    out = v;
    return true;
}

std::string json_double(double x) { return backtest::json_number(x); }

std::string json_string(const std::string& s) { return "\"" + s + "\""; }  // names only: no escapes needed

}  // namespace

venue::Config backtest_venue_config() noexcept { return venue::strategies::example_venue_config(); }

bool parse_backtest_params(const std::string& strategy, const std::vector<std::string>& assignments,
                           BacktestParams& out, std::string& error) {
    BacktestParams p;
    p.strategy = strategy;
    p.config = backtest_venue_config();
    const bool grid = strategy == "grid";
    if (!grid && strategy != "quote") {
        error = "unknown strategy '" + strategy + "' (grid or quote)";
        return false;
    }
    const char* known = grid ? "levels, spacing, half_spread, lots, max_position, interval_ns"
                             : "offset, lots, max_position, interval_ns";
    std::vector<std::pair<std::string, std::string>> queue_json;  // queue settings given
    auto set_queue = [&](const std::string& k, std::string v) {
        for (auto& kv : queue_json)
            if (kv.first == k) {
                kv.second = std::move(v);
                return;
            }
        queue_json.emplace_back(k, std::move(v));
    };
    for (const std::string& a : assignments) {
        const auto eq = a.find('=');
        if (eq == std::string::npos || eq == 0) {
            error = "--param '" + a + "': expected name=value";
            return false;
        }
        const std::string k = a.substr(0, eq), v = a.substr(eq + 1);
        auto bad = [&](const char* want) {
            error = "--param " + k + ": bad value '" + v + "' (expected " + want + ")";
            return false;
        };
        std::int64_t i = 0;
        double d = 0.0;
        if (grid && k == "levels") {
            if (!parse_int(v, 1, i) || i > 100000) return bad("an integer in 1..100000");
            p.levels = static_cast<int>(i);
        } else if (grid && (k == "spacing" || k == "half_spread")) {
            if (!parse_int(v, k == "spacing" ? 1 : 0, i)) return bad(k == "spacing" ? "ticks >= 1" : "ticks >= 0");
            (k == "spacing" ? p.spacing : p.half_spread) = i;
        } else if (!grid && k == "offset") {
            if (!parse_int(v, 0, i)) return bad("ticks >= 0");
            p.offset = i;
        } else if (k == "lots") {
            if (!parse_int(v, 1, i)) return bad("lots >= 1");
            p.lots = i;
        } else if (k == "max_position") {
            if (!parse_double(v, 0.0, d)) return bad("units >= 0");
            p.max_position = d;
        } else if (k == "interval_ns") {
            if (!parse_int(v, 1, i)) return bad("nanoseconds >= 1");
            p.interval_ns = i;
        } else if (k == "entry_latency_ns" || k == "response_latency_ns") {
            if (!parse_int(v, 0, i)) return bad("nanoseconds >= 0");
            (k == "entry_latency_ns" ? p.config.entry_latency_ns : p.config.response_latency_ns) = i;
        } else if (k == "maker_fee" || k == "taker_fee") {
            if (!parse_double(v, -std::numeric_limits<double>::max(), d)) return bad("a finite rate");
            (k == "maker_fee" ? p.config.defaults.maker_fee : p.config.defaults.taker_fee) = d;
        } else if (k == "queue_power") {
            if (!parse_double(v, 0.0, d) || d == 0.0) return bad("a number > 0");
            p.config.defaults.queue_power = d;
            set_queue(k, json_double(d));
        } else if (k == "queue") {
            bool found = false;
            for (const auto& q : kQueues)
                if (v == q.name) {
                    p.config.defaults.queue_model = q.model;
                    found = true;
                }
            if (!found) return bad("riskaverse, power, power2, power3, log or log2");
            set_queue(k, json_string(v));
        } else {
            error = "--param " + k + ": unknown parameter of strategy " + strategy + " (strategy: " + known +
                    "; venue: entry_latency_ns, response_latency_ns, maker_fee, taker_fee, queue, queue_power)";
            return false;
        }
    }
    if (grid) {
        p.json = {{"levels", std::to_string(p.levels)},
                  {"spacing", std::to_string(p.spacing)},
                  {"half_spread", std::to_string(p.half_spread)}};
    } else {
        p.json = {{"offset", std::to_string(p.offset)}};
    }
    p.json.emplace_back("lots", std::to_string(p.lots));
    p.json.emplace_back("max_position", json_double(p.max_position));
    p.json.emplace_back("interval_ns", std::to_string(p.interval_ns));
    // The venue's: latencies and fees always (as the Python examples print them), the queue when given.
    p.json.emplace_back("entry_latency_ns", std::to_string(p.config.entry_latency_ns));
    p.json.emplace_back("response_latency_ns", std::to_string(p.config.response_latency_ns));
    p.json.emplace_back("maker_fee", json_double(p.config.defaults.maker_fee));
    p.json.emplace_back("taker_fee", json_double(p.config.defaults.taker_fee));
    for (auto& kv : queue_json) p.json.push_back(std::move(kv));
    out = std::move(p);
    return true;
}

}  // namespace sigmax::cli
