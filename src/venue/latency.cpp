#include "latency.hpp"

#include <algorithm>
#include <cmath>

namespace sigmax::venue {

std::int64_t interpolate(std::int64_t x, std::int64_t x1, std::int64_t y1, std::int64_t x2, std::int64_t y2) noexcept {
    const double v = static_cast<double>(y2 - y1) / static_cast<double>(x2 - x1) * static_cast<double>(x - x1);
    return static_cast<std::int64_t>(std::trunc(v)) + y1;
}

Status LatencyModel::init(const Config& c, std::string& error) {
    if (c.latency_model > SGX_LATENCY_INTERPOLATED) {
        error = "latency_model " + std::to_string(c.latency_model) + " is not one of 0 CONSTANT, 1 FEED, 2 INTERPOLATED";
        return Status::InvalidConfig;
    }
    if (!std::isfinite(c.entry_latency_mul) || !std::isfinite(c.response_latency_mul)) {
        error = "entry_latency_mul and response_latency_mul must be finite";
        return Status::InvalidConfig;
    }
    kind_ = c.latency_model;
    entry_ns_ = c.entry_latency_ns;
    response_ns_ = c.response_latency_ns;
    entry_mul_ = c.entry_latency_mul;
    response_mul_ = c.response_latency_mul;
    rows_ = {};
    if (kind_ != SGX_LATENCY_INTERPOLATED) return Status::Ok;
    if (c.latency_row_count == 0 || c.latency_rows == nullptr) {
        error = "the interpolated latency model needs at least one row";
        return Status::InvalidConfig;
    }
    rows_ = std::span<const LatencyRow>(c.latency_rows, c.latency_row_count);
    // A row with exch_ts <= 0 records a request the exchange refused: it has
    // no exchange time, so it takes part in entry() only, and the exch_ts
    // order is checked over the processed rows.
    processed_.clear();
    const LatencyRow* previous_processed = nullptr;
    for (std::size_t i = 0; i < rows_.size(); ++i) {
        const LatencyRow& r = rows_[i];
        if (i > 0 && r.req_ts < rows_[i - 1].req_ts) {
            error = "latency row " + std::to_string(i) + ": req_ts must not decrease";
            return Status::InvalidConfig;
        }
        if (r.exch_ts <= 0) continue;
        if (previous_processed != nullptr && r.exch_ts < previous_processed->exch_ts) {
            error = "latency row " + std::to_string(i) + ": exch_ts must not decrease over the rows the exchange processed";
            return Status::InvalidConfig;
        }
        previous_processed = &r;
    }
    if (previous_processed == nullptr) {
        error = "the interpolated latency model needs at least one row the exchange processed (exch_ts > 0)";
        return Status::InvalidConfig;
    }
    for (const LatencyRow& r : rows_)
        if (r.exch_ts > 0) processed_.push_back(r);
    return Status::Ok;
}

namespace {

// The entry latency a single row gives (before the first row, after the
// last): a refused row's is a rejection after its response time.
std::int64_t row_entry(const LatencyRow& r) noexcept {
    return r.exch_ts <= 0 ? -(r.resp_ts - r.req_ts) : r.exch_ts - r.req_ts;
}

double feed_latency(const FeedLatency& f) noexcept {
    if (f.has_last && f.has_next) return static_cast<double>(f.last + f.next) / 2.0;
    if (f.has_last) return static_cast<double>(f.last);
    if (f.has_next) return static_cast<double>(f.next);
    return 0.0;
}

std::int64_t feed_model(std::int64_t offset, double mul, const FeedLatency& f) noexcept {
    return static_cast<std::int64_t>(std::trunc(static_cast<double>(offset) + mul * feed_latency(f)));
}

}  // namespace

std::int64_t LatencyModel::entry(std::int64_t t, const FeedLatency& feed) const noexcept {
    switch (kind_) {
    case SGX_LATENCY_CONSTANT: return entry_ns_;
    case SGX_LATENCY_FEED: return feed_model(entry_ns_, entry_mul_, feed);
    default: break;
    }
    const LatencyRow& first = rows_.front();
    const LatencyRow& last = rows_.back();
    if (t < first.req_ts) return row_entry(first);
    if (t >= last.req_ts) return row_entry(last);
    // The last row with req_ts <= t (t < last.req_ts, so a next row exists).
    const auto it = std::upper_bound(rows_.begin(), rows_.end(), t,
                                     [](std::int64_t v, const LatencyRow& r) { return v < r.req_ts; });
    const LatencyRow& a = *(it - 1);
    const LatencyRow& b = *it;
    if (a.exch_ts <= 0 || b.exch_ts <= 0)
        return -interpolate(t, a.req_ts, a.resp_ts - a.req_ts, b.req_ts, b.resp_ts - b.req_ts);
    return interpolate(t, a.req_ts, a.exch_ts - a.req_ts, b.req_ts, b.exch_ts - b.req_ts);
}

std::int64_t LatencyModel::response(std::int64_t t, const FeedLatency& feed) const noexcept {
    switch (kind_) {
    case SGX_LATENCY_CONSTANT: return response_ns_;
    case SGX_LATENCY_FEED: return feed_model(response_ns_, response_mul_, feed);
    default: break;
    }
    const LatencyRow& first = processed_.front();
    const LatencyRow& last = processed_.back();
    if (t < first.exch_ts) return first.resp_ts - first.exch_ts;
    if (t >= last.exch_ts) return last.resp_ts - last.exch_ts;
    const auto it = std::upper_bound(processed_.begin(), processed_.end(), t,
                                     [](std::int64_t v, const LatencyRow& r) { return v < r.exch_ts; });
    const LatencyRow& a = *(it - 1);
    const LatencyRow& b = *it;
    return interpolate(t, a.exch_ts, a.resp_ts - a.exch_ts, b.exch_ts, b.resp_ts - b.exch_ts);
}

}  // namespace sigmax::venue
