// Builders for hand-made Binance recordings and a converter run over them.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "sigmax/market/binance.hpp"

namespace binance_test {

using namespace sigmax;

struct Run {
    Status status = Status::Ok;
    md::VectorSink sink;
    md::ConvertSummary summary;
    md::ConvertError error;
    // The events of one kind, in order.
    std::vector<md::Event> of_kind(std::uint8_t kind) const {
        std::vector<md::Event> out;
        for (const md::Event& e : sink.events)
            if (e.kind == kind) out.push_back(e);
        return out;
    }
};

inline Run convert(const std::string& text, const md::ConvertOptions& options = {}, const char* name = "rec.txt") {
    Run run;
    run.status = md::convert_binance_bytes(text, name, run.sink, options, run.summary, run.error);
    return run;
}

// The run failed on `line` with a rule containing `rule_part`.
inline void check_format_error(const Run& run, std::uint64_t line, const std::string& rule_part) {
    CHECK(run.status == Status::Format);
    CHECK(run.error.line == line);
    CHECK(run.error.rule.find(rule_part) != std::string::npos);
}

// `<local ns> <json>\n` with local times 1 ms apart from a fixed start.
class Recording {
public:
    Recording& line(const std::string& json) {
        local_ns_ += 1'000'000;
        text_ += std::to_string(local_ns_) + " " + json + "\n";
        return *this;
    }
    Recording& raw(const std::string& text) {
        text_ += text;
        return *this;
    }
    // A futures REST snapshot.
    Recording& snapshot(std::uint64_t id, const std::string& bids, const std::string& asks) {
        return line("{\"lastUpdateId\":" + std::to_string(id) + ",\"E\":1723161256501,\"T\":1723161256493,\"bids\":" + bids +
                    ",\"asks\":" + asks + "}");
    }
    // A futures depth diff (pu given) or, with pu < 0, a spot one.
    Recording& depth(std::uint64_t U, std::uint64_t u, long long pu, const std::string& b, const std::string& a,
                     const std::string& symbol = "BTCUSDT") {
        std::string lower = symbol;
        for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        std::string data = "{\"e\":\"depthUpdate\",\"E\":1723161256600,";
        if (pu >= 0) data += "\"T\":1723161256599,";
        data += "\"s\":\"" + symbol + "\",\"U\":" + std::to_string(U) + ",\"u\":" + std::to_string(u);
        if (pu >= 0) data += ",\"pu\":" + std::to_string(pu);
        data += ",\"b\":" + b + ",\"a\":" + a + "}";
        return line("{\"stream\":\"" + lower + "@depth@0ms\",\"data\":" + data + "}");
    }
    Recording& trade(std::uint64_t id, const std::string& price, const std::string& qty, const std::string& m_field,
                     const std::string& extra = ",\"X\":\"MARKET\"") {
        return line("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1723161256322,\"T\":1723161256321,"
                    "\"s\":\"BTCUSDT\",\"t\":" + std::to_string(id) + ",\"p\":\"" + price + "\",\"q\":\"" + qty + "\"" + extra +
                    m_field + "}}");
    }
    Recording& ticker(std::uint64_t u, const std::string& b, const std::string& B, const std::string& a, const std::string& A) {
        return line("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":" + std::to_string(u) +
                    ",\"s\":\"BTCUSDT\",\"b\":\"" + b + "\",\"B\":\"" + B + "\",\"a\":\"" + a + "\",\"A\":\"" + A +
                    "\",\"T\":1723161256313,\"E\":1723161256314}}");
    }
    void step_back(std::int64_t ns) { local_ns_ -= ns; }
    const std::string& text() const { return text_; }

private:
    std::int64_t local_ns_ = 1723161255000000000;
    std::string text_;
};

}  // namespace binance_test
