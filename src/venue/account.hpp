// One symbol's account on the local side (docs/venue.md, "Accounting"):
// cash balance, position, fees and the cost basis of the open position,
// updated by each fill in the order the strategy learns of it.
//
// value(px, qty): linear qty * px * cs; inverse -(qty * cs / px), so that
// for both contract types value grows with price. Everything is computed
// exactly as written, left to right, in double (the Python twin does the same).
#pragma once

#include <cstdint>

#include "sigmax/venue/venue.hpp"

namespace sigmax::venue {

struct Contract {
    double tick_size = 1.0, lot_size = 1.0, contract_size = 1.0;
    bool inverse = false;

    double value(double px, double qty) const noexcept {
        if (inverse) return -(qty * contract_size / px);
        return qty * px * contract_size;
    }
};

struct FeeModel {
    std::uint8_t kind = SGX_FEE_VALUE;
    double maker = 0.0, taker = 0.0;

    double fee(const Contract& c, std::int64_t price, std::int64_t lots, bool maker_fill) const noexcept;
};

class Account {
public:
    // Applies one fill (side: +1 buy, -1 sell) whose fee is already known.
    void apply(const Contract& c, Side side, std::int64_t price, std::int64_t lots, bool maker, double fee) noexcept;
    // The state at the local mid (NaN when the local book lacks a side).
    State state(const Contract& c, double mid) const noexcept;
    std::int64_t position() const noexcept { return position_; }
    // Activity counters of sgx_venue_state (docs/venue.md, "Accounting").
    void order_submitted() noexcept { ++orders_submitted_; }
    void order_first_fill() noexcept { ++orders_filled_; }
    void book_event() noexcept { ++book_events_; }

private:
    std::int64_t position_ = 0, volume_ = 0;
    std::uint64_t trades_ = 0, maker_fills_ = 0, taker_fills_ = 0;
    std::uint64_t orders_submitted_ = 0, orders_filled_ = 0, book_events_ = 0;
    double balance_ = 0.0, fee_ = 0.0, realized_ = 0.0, cost_ = 0.0, trading_value_ = 0.0;
};

}  // namespace sigmax::venue
