#include "sigmax/market/summary.hpp"

#include <cstdio>
#include <ctime>

namespace sigmax::md {

namespace {

const char* kind_name(std::size_t kind) {
    switch (kind) {
    case SGX_MD_LEVEL: return "level";
    case SGX_MD_CLEAR: return "clear";
    case SGX_MD_SNAPSHOT_BEGIN: return "snapshot begin";
    case SGX_MD_SNAPSHOT_END: return "snapshot end";
    case SGX_MD_TRADE: return "trade";
    case SGX_MD_BBO: return "bbo";
    case SGX_MD_ADD: return "add";
    case SGX_MD_CANCEL: return "cancel";
    case SGX_MD_MODIFY: return "modify";
    case SGX_MD_FILL: return "fill";
    default: return nullptr;
    }
}

// "2024-08-08 23:54:15.030314667 UTC"
std::string utc(std::int64_t ns) {
    std::time_t seconds = static_cast<std::time_t>(ns / 1'000'000'000);
    long fraction = static_cast<long>(ns % 1'000'000'000);
    if (fraction < 0) {
        fraction += 1'000'000'000;
        --seconds;
    }
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d.%09ld UTC", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, fraction);
    return text;
}

std::string span(std::int64_t first, std::int64_t last) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f s", static_cast<double>(last - first) / 1e9);
    return utc(first) + " -> " + utc(last) + " (" + seconds + ")";
}

}  // namespace

std::string describe(const ConvertSummary& s) {
    std::string out;
    out += "input records: " + std::to_string(s.input_records) + "\n";
    out += "events: " + std::to_string(s.events);
    bool first = true;
    for (std::size_t kind = 0; kind < s.events_by_kind.size(); ++kind) {
        if (s.events_by_kind[kind] == 0) continue;
        const char* name = kind_name(kind);
        out += first ? " (" : ", ";
        out += (name ? std::string(name) : "kind " + std::to_string(kind)) + " " + std::to_string(s.events_by_kind[kind]);
        first = false;
    }
    out += first ? "\n" : ")\n";
    if (s.events > 0) {
        out += "local time: " + span(s.first_local_ts, s.last_local_ts) + "\n";
        out += "exchange time: " + span(s.first_exch_ts, s.last_exch_ts) + "\n";
    }
    out += "gaps: " + std::to_string(s.gaps) + "\n";
    out += "skipped: " + std::to_string(s.skipped) + "\n";
    out += "warnings: " + std::to_string(s.warnings.size()) + "\n";
    for (const std::string& w : s.warnings) out += "  " + w + "\n";
    return out;
}

}  // namespace sigmax::md
