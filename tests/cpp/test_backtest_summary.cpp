// The backtest summary's formulas (docs/backtesting.md, "Recorder, summary and plot") on small hand-made
// recordings, and the recording CSV format the CLI writes.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "strategies/recording.hpp"
#include "strategies/summary.hpp"

using namespace sigmax::backtest;

namespace {

std::vector<Sample> recording(const std::vector<double>& equities, std::int64_t t0 = 1'000'000'000,
                              std::int64_t step = 1'000'000'000) {
    std::vector<Sample> out;
    for (std::size_t i = 0; i < equities.size(); ++i) {
        Sample s;
        s.timestamp = t0 + static_cast<std::int64_t>(i) * step;
        s.mid = 100.0;
        s.equity = equities[i];
        out.push_back(s);
    }
    return out;
}

const SummaryValue& get(const std::vector<SummaryEntry>& summary, const std::string& key) {
    for (const auto& e : summary)
        if (key == e.key) return e.value;
    FAIL("no key " << key);
    static SummaryValue none;
    return none;
}

double f(const std::vector<SummaryEntry>& s, const std::string& key) { return std::get<double>(get(s, key)); }
std::int64_t i(const std::vector<SummaryEntry>& s, const std::string& key) { return std::get<std::int64_t>(get(s, key)); }

}  // namespace

TEST_CASE("summary: keys come in the documented order", "[backtest]") {
    const auto s = summarize(recording({1.0, 2.0, 4.0}));
    const std::vector<std::string> want = {
        "start_ts", "end_ts", "samples", "duration_s", "pnl", "return", "final_equity", "sharpe", "sortino",
        "max_drawdown", "max_drawdown_pct", "trades", "maker_fills", "taker_fills", "volume", "trading_value",
        "fees", "position", "realized_pnl", "orders_submitted", "orders_filled", "fill_ratio", "maker_share",
        "taker_share"};
    REQUIRE(s.size() == want.size());
    for (std::size_t k = 0; k < want.size(); ++k) CHECK(s[k].key == want[k]);
}

TEST_CASE("summary: sharpe uses the ddof=1 deviation of the per-sample changes, sortino the downside root mean square, both annualised by 365 days over the interval", "[backtest]") {
    // d = 3, -4, 3, -4: mean -0.5; deviations 3.5, -3.5, 3.5, -3.5 -> var 49/3; downside mean (16 + 16) / 4 = 8.
    SummaryOptions o;
    o.interval_ns = 1'000'000'000;
    const auto s = summarize(recording({100.0, 103.0, 99.0, 102.0, 98.0}), o);
    const double periods = 365.0 * 86400.0;
    CHECK(f(s, "sharpe") == Approx(-0.5 / std::sqrt(49.0 / 3.0) * std::sqrt(periods)).epsilon(1e-14));
    CHECK(f(s, "sortino") == Approx(-0.5 / std::sqrt(8.0) * std::sqrt(periods)).epsilon(1e-14));
    CHECK(f(s, "pnl") == -2.0);
    CHECK(f(s, "final_equity") == 98.0);
    CHECK(f(s, "max_drawdown") == 5.0);  // 103 -> 98
    CHECK(i(s, "samples") == 5);
    CHECK(i(s, "start_ts") == 1'000'000'000);
    CHECK(i(s, "end_ts") == 5'000'000'000);
    CHECK(f(s, "duration_s") == 4.0);

    o.periods_per_year = 4.0;  // given: replaces 365 days / interval
    CHECK(f(summarize(recording({100.0, 103.0, 99.0, 102.0, 98.0}), o), "sharpe") ==
          Approx(-0.5 / std::sqrt(49.0 / 3.0) * 2.0).epsilon(1e-14));
}

TEST_CASE("summary: the default periods per year are 365 * 86400e9 / interval_ns", "[backtest]") {
    SummaryOptions o;  // 100 ms
    const auto s = summarize(recording({0.0, 1.0, 0.0, 2.0}), o);
    // d = 1, -1, 2: mean 2/3, var ((1/3)^2 + (5/3)^2 + (4/3)^2) / 2 = 7/3.
    CHECK(f(s, "sharpe") == Approx((2.0 / 3.0) / std::sqrt(7.0 / 3.0) * std::sqrt(365.0 * 86400.0 * 10.0)).epsilon(1e-14));
}

TEST_CASE("summary: samples with a NaN equity are dropped before anything is computed", "[backtest]") {
    auto rec = recording({NAN, 10.0, NAN, 12.0, 11.0});
    const auto s = summarize(rec);
    CHECK(i(s, "samples") == 3);
    CHECK(i(s, "start_ts") == rec[1].timestamp);
    CHECK(i(s, "end_ts") == rec[4].timestamp);
    CHECK(f(s, "pnl") == 1.0);
    CHECK(f(s, "max_drawdown") == 1.0);
}

TEST_CASE("summary: ratios are NaN with fewer than two changes, a flat equity or no losses", "[backtest]") {
    auto one_change = summarize(recording({1.0, 2.0}));
    CHECK(std::isnan(f(one_change, "sharpe")));
    CHECK(std::isnan(f(one_change, "sortino")));
    auto flat = summarize(recording({5.0, 5.0, 5.0, 5.0}));
    CHECK(std::isnan(f(flat, "sharpe")));
    CHECK(std::isnan(f(flat, "sortino")));
    CHECK(f(flat, "max_drawdown") == 0.0);
    auto rising = summarize(recording({1.0, 2.0, 4.0}));
    CHECK(std::isnan(f(rising, "sortino")));
    CHECK(f(rising, "sharpe") > 0.0);
}

TEST_CASE("summary: an empty recording has no times and NaN figures", "[backtest]") {
    const auto s = summarize({});
    CHECK(std::holds_alternative<std::monostate>(get(s, "start_ts")));
    CHECK(i(s, "samples") == 0);
    CHECK(std::isnan(f(s, "pnl")));
    CHECK(std::isnan(f(s, "final_equity")));
    CHECK(std::isnan(f(s, "max_drawdown")));
    CHECK(i(s, "trades") == 0);
    CHECK(std::isnan(f(s, "fill_ratio")));
}

TEST_CASE("summary: return and max_drawdown_pct divide by the capital, NaN without one", "[backtest]") {
    SummaryOptions o;
    CHECK(std::isnan(f(summarize(recording({100.0, 90.0, 120.0}), o), "return")));
    o.capital = 1000.0;
    const auto s = summarize(recording({100.0, 90.0, 120.0}), o);
    CHECK(f(s, "return") == 20.0 / 1000.0);
    CHECK(f(s, "max_drawdown_pct") == 10.0 / 1000.0);
}

TEST_CASE("summary: counters come from the last sample; fill ratio and maker/taker shares divide them", "[backtest]") {
    auto rec = recording({1.0, 2.0});
    Sample& last = rec.back();
    last.trades = 8;
    last.maker_fills = 6;
    last.taker_fills = 2;
    last.volume = 0.8;
    last.trading_value = 48000.0;
    last.fee = -1.5;
    last.position = -0.3;
    last.realized_pnl = 4.25;
    last.orders_submitted = 10;
    last.orders_filled = 4;
    rec.front().trades = 99;  // not the last: ignored
    const auto s = summarize(rec);
    CHECK(i(s, "trades") == 8);
    CHECK(i(s, "maker_fills") == 6);
    CHECK(i(s, "taker_fills") == 2);
    CHECK(f(s, "volume") == 0.8);
    CHECK(f(s, "trading_value") == 48000.0);
    CHECK(f(s, "fees") == -1.5);
    CHECK(f(s, "position") == -0.3);
    CHECK(f(s, "realized_pnl") == 4.25);
    CHECK(i(s, "orders_submitted") == 10);
    CHECK(i(s, "orders_filled") == 4);
    CHECK(f(s, "fill_ratio") == 0.4);
    CHECK(f(s, "maker_share") == 0.75);
    CHECK(f(s, "taker_share") == 0.25);
}

TEST_CASE("summary: JSON writes NaN and missing values as null, floats in their shortest exact form, integral ones with .0", "[backtest]") {
    const std::string j = to_json(summarize(recording({0.1, 0.3})));
    CHECK(j.rfind("{\"start_ts\": 1000000000, \"end_ts\": 2000000000, \"samples\": 2, \"duration_s\": 1.0, ", 0) == 0);
    CHECK(j.find("\"pnl\": 0.19999999999999998") != std::string::npos);
    CHECK(j.find("\"sharpe\": null") != std::string::npos);
    CHECK(to_json(summarize({})).rfind("{\"start_ts\": null, \"end_ts\": null, \"samples\": 0, \"duration_s\": null", 0) == 0);
}

TEST_CASE("recording CSV: the documented header, ints in decimal, floats %.17g and nan", "[backtest]") {
    auto rec = recording({NAN, 0.1});
    rec[0].mid = NAN;
    rec[1].position = -0.3;
    rec[1].trades = 3;
    rec[1].orders_submitted = 7;
    const std::string path = "backtest_recording_test.csv";
    REQUIRE(write_recording_csv(path, rec));
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    std::remove(path.c_str());
    CHECK(text.str() ==
          "timestamp,mid,position,balance,fee,equity,realized_pnl,trades,maker_fills,taker_fills,volume,"
          "trading_value,orders_submitted,orders_filled\n"
          "1000000000,nan,0,0,0,nan,0,0,0,0,0,0,0,0\n"
          "2000000000,100,-0.29999999999999999,0,0,0.10000000000000001,0,3,0,0,0,0,7,0\n");
}
