// What the example strategies (grid.hpp, quote.hpp) share: the venue they
// run on, the order table they read at each step, and the loop that
// requotes every interval.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "sigmax/venue/venue.hpp"

namespace sigmax::venue::strategies {

// The examples' venue (the Python examples' grid_config / quote_config):
// constant latency 10 ms each way, power(2) queue, no partial fills, fees on
// the fill's value, maker -0.005 %, taker 0.07 %.
inline Config example_venue_config() noexcept {
    Config c = default_config();
    c.latency_model = SGX_LATENCY_CONSTANT;
    c.entry_latency_ns = 10'000'000;
    c.response_latency_ns = 10'000'000;
    c.defaults.queue_model = SGX_QUEUE_POWER;
    c.defaults.queue_power = 2.0;
    c.defaults.fill_model = SGX_FILL_NO_PARTIAL;
    c.defaults.fee_model = SGX_FEE_VALUE;
    c.defaults.maker_fee = -0.00005;
    c.defaults.taker_fee = 0.0007;
    return c;
}

// A copy of one symbol's order table (ascending id), reread at each step
// into storage that grows once in a while and then never.
class OrderTable {
public:
    explicit OrderTable(std::size_t capacity) : orders_(capacity) {}

    Status load(const Venue& venue, std::uint32_t symbol) {
        for (;;) {
            const Status s = venue.orders(symbol, orders_, count_);
            if (s != Status::Ok) return s;
            if (count_ <= orders_.size()) return Status::Ok;
            orders_.resize(count_ * 2);
        }
    }

    std::span<const Order> orders() const noexcept { return {orders_.data(), count_}; }

    bool holds(std::int64_t id) const noexcept {
        const auto all = orders();
        const auto it = std::lower_bound(all.begin(), all.end(), id,
                                         [](const Order& o, std::int64_t x) { return o.order_id < x; });
        return it != all.end() && it->order_id == id;
    }

private:
    std::vector<Order> orders_;
    std::size_t count_ = 0;
};

// Open at the exchange as far as the strategy knows, with no request in flight.
inline bool working(const Order& o) noexcept {
    return (o.status == SGX_VORD_NEW || o.status == SGX_VORD_PARTIALLY_FILLED) && o.request == SGX_VREQ_NONE;
}

// Calls strategy.requote() after every interval_ns of local time until the
// data ends; `steps` counts the requotes.
template <class Strategy>
Status requote_every(Venue& venue, std::int64_t interval_ns, Strategy& strategy, std::uint64_t& steps) {
    steps = 0;
    for (;;) {
        Step step{};
        Status s = venue.elapse(interval_ns, step);
        if (s != Status::Ok) return s;
        if (step == Step::End) return Status::Ok;
        if ((s = strategy.requote()) != Status::Ok) return s;
        ++steps;
    }
}

}  // namespace sigmax::venue::strategies
