#include "account.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sigmax::venue {

double FeeModel::fee(const Contract& c, std::int64_t price, std::int64_t lots, bool maker_fill) const noexcept {
    const double rate = maker_fill ? maker : taker;
    switch (kind) {
    case SGX_FEE_QUANTITY: return rate * static_cast<double>(lots) * c.lot_size;
    case SGX_FEE_FLAT: return rate;
    default: {
        const double qty = static_cast<double>(lots) * c.lot_size;
        const double px = static_cast<double>(price) * c.tick_size;
        return rate * std::fabs(c.value(px, qty));
    }
    }
}

void Account::apply(const Contract& c, Side side, std::int64_t price, std::int64_t lots, bool maker, double fee) noexcept {
    const double s = side == Side::Buy ? 1.0 : -1.0;
    const std::int64_t signed_lots = side == Side::Buy ? lots : -lots;
    const double qty = static_cast<double>(lots) * c.lot_size;
    const double px = static_cast<double>(price) * c.tick_size;
    const double v = c.value(px, qty);
    balance_ -= s * v;
    fee_ += fee;
    ++trades_;
    volume_ += lots;
    trading_value_ += std::fabs(v);
    if (maker) ++maker_fills_;
    else ++taker_fills_;

    const std::int64_t before = position_;
    if (before == 0 || (before > 0) == (side == Side::Buy)) {
        cost_ += s * v;
    } else {
        const std::int64_t held = before > 0 ? before : -before;
        const std::int64_t r = std::min(lots, held);
        const double r_qty = static_cast<double>(r) * c.lot_size;
        const double removed = cost_ * static_cast<double>(r) / static_cast<double>(held);
        const double sign = before > 0 ? 1.0 : -1.0;
        realized_ += sign * c.value(px, r_qty) - removed;
        cost_ -= removed;
        if (lots > held) {
            const double rest_qty = static_cast<double>(lots - held) * c.lot_size;
            cost_ = s * c.value(px, rest_qty);
        }
    }
    position_ = before + signed_lots;
    if (position_ == 0) cost_ = 0.0;
}

State Account::state(const Contract& c, double mid) const noexcept {
    State st{};
    st.position = position_;
    st.volume = volume_;
    st.trades = trades_;
    st.maker_fills = maker_fills_;
    st.taker_fills = taker_fills_;
    st.balance = balance_;
    st.fee = fee_;
    st.realized_pnl = realized_;
    st.trading_value = trading_value_;
    st.orders_submitted = orders_submitted_;
    st.orders_filled = orders_filled_;
    st.book_events = book_events_;
    st.mid = mid;
    const double pos_qty = static_cast<double>(position_) * c.lot_size;
    const double pos_value = c.value(mid, pos_qty);
    // Without a mid (a side is empty) both are the one quiet NaN: the
    // arithmetic would give NaNs whose sign bit depends on how the compiler
    // folds the inverse value's negation, and every backend must return the same bytes.
    const bool no_mid = std::isnan(mid);
    st.unrealized_pnl = no_mid ? std::numeric_limits<double>::quiet_NaN() : pos_value - cost_;
    st.equity = no_mid ? std::numeric_limits<double>::quiet_NaN() : balance_ + pos_value - fee_;
    if (position_ != 0) {
        const std::int64_t held = position_ > 0 ? position_ : -position_;
        const double held_qty = static_cast<double>(held) * c.lot_size;
        if (c.inverse) st.avg_entry_price = held_qty * c.contract_size / std::fabs(cost_);
        else st.avg_entry_price = std::fabs(cost_) / (held_qty * c.contract_size);
    }
    return st;
}

}  // namespace sigmax::venue
