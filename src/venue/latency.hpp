// The three order-latency models (docs/venue.md, "Latency models").
//
// entry(t): the latency of a request sent at local time t; response(t): of a
// response the exchange sends at exchange time t. A negative entry latency
// means the request is rejected before it reaches the exchange; the caller
// takes a negative response latency as 0.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sigmax/venue/venue.hpp"

namespace sigmax::venue {

// The local feed around the current time, for the FEED model: the last local
// data event processed and the next one not yet processed (local_ts after
// the shift, minus exch_ts).
struct FeedLatency {
    bool has_last = false, has_next = false;
    std::int64_t last = 0, next = 0;
};

class LatencyModel {
public:
    // Checks the latency part of `config` (codes, finite multipliers, rows
    // non-decreasing in req_ts, and in exch_ts over the rows the exchange
    // processed (exch_ts > 0); at least one such row); InvalidConfig with
    // `error` set. Keeps a view of the rows: they must outlive the model.
    Status init(const Config& config, std::string& error);

    std::int64_t entry(std::int64_t local_ts, const FeedLatency& feed) const noexcept;
    std::int64_t response(std::int64_t exch_ts, const FeedLatency& feed) const noexcept;

private:
    std::uint8_t kind_ = SGX_LATENCY_CONSTANT;
    std::int64_t entry_ns_ = 0, response_ns_ = 0;
    double entry_mul_ = 1.0, response_mul_ = 1.0;
    std::span<const LatencyRow> rows_;         // every row, for entry()
    std::vector<LatencyRow> processed_;         // the rows with exch_ts > 0, for response()
};

// trunc((double)(y2 - y1) / (double)(x2 - x1) * (double)(x - x1)) + y1.
std::int64_t interpolate(std::int64_t x, std::int64_t x1, std::int64_t y1, std::int64_t x2, std::int64_t y2) noexcept;

}  // namespace sigmax::venue
