// Queue-position models (docs/venue.md, "Queue models"): an estimate of the
// lots ahead of a user's resting order (`front`), moved by trades at its
// price and by changes of its level's lots. Deterministic: nothing is drawn.
//
// The arithmetic is written out exactly as the specification states it (pow
// and log(1 + x), left to right) so that the pure-Python venue, which uses
// math.pow and math.log, gets the same doubles.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "sigmax_exec.h"

namespace sigmax::venue {

struct QueueEstimate {
    double front = 0.0;      // lots ahead
    double cum_trade = 0.0;  // lots traded at the price since the last level change (prob models)
};

struct QueueModel {
    std::uint8_t kind = SGX_QUEUE_RISK_AVERSE;
    double n = 2.0;

    // The probability that a decrease of the level comes from behind the order.
    double prob(double a, double b) const noexcept {
        switch (kind) {
        case SGX_QUEUE_POWER: return std::pow(b, n) / (std::pow(b, n) + std::pow(a, n));
        case SGX_QUEUE_POWER2: return std::pow(b, n) / std::pow(b + a, n);
        case SGX_QUEUE_POWER3: return 1.0 - std::pow(a / (a + b), n);
        case SGX_QUEUE_LOG: return std::log(1.0 + b) / (std::log(1.0 + b) + std::log(1.0 + a));
        default: return std::log(1.0 + b) / std::log(1.0 + b + a);  // LOG2
        }
    }

    // A trade of `lots` at the order's price on its side.
    void trade(QueueEstimate& q, std::int64_t lots) const noexcept {
        q.front -= static_cast<double>(lots);
        if (kind != SGX_QUEUE_RISK_AVERSE) q.cum_trade += static_cast<double>(lots);
    }

    // The level's lots changed from prev to next.
    void depth(QueueEstimate& q, std::int64_t prev, std::int64_t next) const noexcept {
        const double next_lots = static_cast<double>(next);
        if (kind == SGX_QUEUE_RISK_AVERSE) {
            q.front = std::min(q.front, next_lots);
            return;
        }
        const double chg = static_cast<double>(prev - next) - q.cum_trade;
        q.cum_trade = 0.0;
        if (chg < 0.0) {
            q.front = std::min(q.front, next_lots);
            return;
        }
        const double front = q.front;
        const double back = static_cast<double>(prev) - front;
        double p = prob(front, back);
        if (std::isinf(p) || std::isnan(p)) p = 1.0;
        const double est = front - (1.0 - p) * chg + std::min(back - p * chg, 0.0);
        q.front = std::min(est, next_lots);
    }

    // Lots the queue has let through: floor(-front) once front <= -0.5, else 0.
    static std::int64_t filled_lots(const QueueEstimate& q) noexcept {
        if (q.front <= -0.5) return static_cast<std::int64_t>(std::floor(-q.front));
        return 0;
    }
};

}  // namespace sigmax::venue
