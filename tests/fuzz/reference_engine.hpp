// A reference model of one sgx_engine, for the differential fuzz target
// (fuzz_capi_engine.cpp): every rule of docs/semantics.md and the C ABI's
// argument checks (capi/sigmax_exec.h), written as plainly as possible and
// sharing no code with the library. It answers each C ABI call with the
// status, report, fills, book views and statistics the engine must give.
//
// Books are std::map levels of FIFO deques of order ids, in integer ticks
// and lots. Doubles are produced with the arithmetic the docs specify (one
// int -> double conversion, then the increment's decimal form: a product
// and a division), so they must match the engine's bit for bit. Latencies are not modelled: the target
// runs the engine without timestamps, or compares only latency_count.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <vector>

#include "sigmax_exec.h"

namespace fuzzref {

constexpr std::int64_t kMaxUnits = std::int64_t{1} << 53;       // an order's lots, a price's ticks
constexpr std::int64_t kMaxLevelLots = std::int64_t{1} << 62;   // a price level's open lots

struct Scale {
    double tick = SGX_DEFAULT_TICK_SIZE;
    double lot = SGX_DEFAULT_LOT_SIZE;
};

// docs/semantics.md, "Rounding and rejection rule", step by step.
inline int32_t to_units(double v, double inc, std::int64_t& out, int32_t not_positive, int32_t off_grid) {
    if (!std::isfinite(v) || !(v > 0.0)) return not_positive;
    const double t = v / inc;
    if (t > 9007199254740992.0) return SGX_ERR_OUT_OF_RANGE;
    const double n = t >= 4503599627370496.0 ? t : std::trunc(t + 0.5);
    const double tolerance = std::fmax(1e-9, 1e-15 * t);
    if (!(std::fabs(t - n) <= tolerance) || n < 1.0) return off_grid;
    out = static_cast<std::int64_t>(n);
    return SGX_OK;
}

// docs/semantics.md, "Prices and quantities in reports": units of an
// increment back in the increment's unit, exact in decimal (the smallest k
// with m = floor(inc * 10^k + 0.5) in 1..2^53 and m / 10^k == inc).
inline double to_value(double units, double inc) {
    double p = 1.0;
    for (int k = 0; k <= 15; ++k) {
        const double m = std::floor(inc * p + 0.5);
        if (m >= 1.0 && m <= 9007199254740992.0 && m / p == inc) return units * m / p;
        p *= 10.0;
    }
    return units * inc;
}

struct Order {
    std::uint64_t id;
    std::uint32_t symbol;
    std::uint8_t side;
    std::int64_t price;   // ticks
    std::int64_t open;    // lots
    std::int64_t filled;  // lots
};

struct Level {
    std::deque<std::uint64_t> queue;  // oldest first
    std::int64_t lots = 0;
};

struct Book {
    Scale scale;
    // Keyed so that begin() is the best level: bids highest first, asks lowest first.
    std::map<std::int64_t, Level, std::greater<>> bids;
    std::map<std::int64_t, Level> asks;
    std::size_t resting = 0;
};

class Engine {
public:
    Engine(std::uint64_t fill_capacity, std::uint64_t max_symbols, bool timestamps)
        : fill_capacity_(fill_capacity), max_symbols_(max_symbols), timestamps_(timestamps) {}

    const std::map<std::uint64_t, Order>& orders() const { return orders_; }
    std::uint64_t next_order_id() const { return next_order_id_; }
    std::size_t pending_fills() const { return fills_.size(); }
    Scale scale_of(std::uint32_t symbol) const {
        auto it = books_.find(symbol);
        return it == books_.end() ? Scale{} : it->second.scale;
    }

    // A call the C layer refuses before the engine (a NULL argument): counted.
    int32_t refuse(int32_t status) {
        ++invalid_;
        return status;
    }

    int32_t configure(std::uint32_t symbol, double tick, double lot) {
        auto valid = [](double x) { return std::isfinite(x) && x > 0.0; };
        if (!valid(tick) || !valid(lot)) return refuse(SGX_ERR_INVALID_CONFIG);
        // A new symbol's book counts against max_symbols.
        if (books_.count(symbol) == 0 && books_.size() >= max_symbols_) return SGX_ERR_TOO_MANY_SYMBOLS;
        Book& b = books_[symbol];
        const bool same = b.scale.tick == tick && b.scale.lot == lot;
        if (!same && b.resting > 0) return SGX_ERR_SYMBOL_IN_USE;
        b.scale = Scale{tick, lot};
        return SGX_OK;
    }

    int32_t execute(sgx_report& out, const sgx_order& o) {
        if (const int32_t rc = record_status(o); rc != SGX_OK) return refuse(rc);
        Prepared p;
        if (const int32_t rc = validate(o, p); rc != SGX_OK) return refuse(rc);
        if (fills_full()) return SGX_ERR_FILLS_FULL;
        return run(out, o, p);
    }

    // out must hold n reports; on any error every report past the executed ones is zero.
    int32_t execute_batch(sgx_report* out, std::size_t& count, const sgx_order* orders, std::size_t n) {
        count = 0;
        auto stop = [&](int32_t rc, std::size_t at, std::size_t executed) {
            if (executed < n) std::memset(static_cast<void*>(out + executed), 0, (n - executed) * sizeof(sgx_report));
            count = at;
            return rc;
        };
        for (std::size_t i = 0; i < n; ++i)
            if (const int32_t rc = record_status(orders[i]); rc != SGX_OK) return stop(refuse(rc), i, 0);
        std::vector<Prepared> prepared(n);
        for (std::size_t i = 0; i < n; ++i)
            if (const int32_t rc = validate(orders[i], prepared[i]); rc != SGX_OK) return stop(refuse(rc), i, 0);
        for (std::size_t i = 0; i < n; ++i) {
            if (fills_full()) return stop(SGX_ERR_FILLS_FULL, i, i);
            if (const int32_t rc = run(out[i], orders[i], prepared[i]); rc != SGX_OK) return stop(rc, i, i);
        }
        count = n;
        return SGX_OK;
    }

    int32_t cancel(std::uint64_t id) {
        auto it = orders_.find(id);
        if (it == orders_.end()) return SGX_ERR_NOT_FOUND;
        unlink(it->second);
        orders_.erase(it);
        ++cancels_;
        return SGX_OK;
    }

    int32_t amend(std::uint64_t id, double quantity) {
        auto it = orders_.find(id);
        if (it == orders_.end()) {
            if (!std::isfinite(quantity) || !(quantity > 0.0)) return refuse(SGX_ERR_INVALID_QUANTITY);
            return SGX_ERR_NOT_FOUND;
        }
        Order& o = it->second;
        std::int64_t lots = 0;
        if (const int32_t rc = to_units(quantity, books_[o.symbol].scale.lot, lots, SGX_ERR_INVALID_QUANTITY,
                                        SGX_ERR_OFF_LOT);
            rc != SGX_OK)
            return refuse(rc);
        if (lots > kMaxUnits - o.filled) return refuse(SGX_ERR_OUT_OF_RANGE);
        Level& level = level_of(o);
        if (lots <= o.open) {  // a decrease (or the same) keeps its place
            level.lots -= o.open - lots;
            o.open = lots;
        } else {
            if (level.lots - o.open > kMaxLevelLots - lots) return SGX_ERR_LEVEL_FULL;
            erase_id(level.queue, id);
            level.queue.push_back(id);
            level.lots += lots - o.open;
            o.open = lots;
        }
        ++amends_;
        return SGX_OK;
    }

    int32_t order_info(sgx_order_info& out, std::uint64_t id) {
        auto it = orders_.find(id);
        if (it == orders_.end()) return SGX_ERR_NOT_FOUND;
        const Order& o = it->second;
        const Scale s = books_[o.symbol].scale;
        out = sgx_order_info{};
        out.order_id = o.id;
        out.price = to_value(static_cast<double>(o.price), s.tick);
        out.original_quantity = to_value(static_cast<double>(o.open + o.filled), s.lot);
        out.executed_quantity = to_value(static_cast<double>(o.filled), s.lot);
        out.remaining_quantity = to_value(static_cast<double>(o.open), s.lot);
        out.symbol = o.symbol;
        out.side = o.side;
        out.status = o.filled > 0 ? SGX_STATUS_PARTIALLY_FILLED : SGX_STATUS_NEW;
        return SGX_OK;
    }

    sgx_top_of_book top(std::uint32_t symbol) const {
        sgx_top_of_book t{};
        auto it = books_.find(symbol);
        if (it == books_.end()) return t;
        const Book& b = it->second;
        if (!b.bids.empty()) {
            t.has_bid = 1;
            t.bid_price = to_value(static_cast<double>(b.bids.begin()->first), b.scale.tick);
            t.bid_quantity = to_value(static_cast<double>(b.bids.begin()->second.lots), b.scale.lot);
        }
        if (!b.asks.empty()) {
            t.has_ask = 1;
            t.ask_price = to_value(static_cast<double>(b.asks.begin()->first), b.scale.tick);
            t.ask_quantity = to_value(static_cast<double>(b.asks.begin()->second.lots), b.scale.lot);
        }
        return t;
    }

    void depth(std::uint32_t symbol, std::size_t levels, std::vector<sgx_level>& bids,
               std::vector<sgx_level>& asks) const {
        bids.clear();
        asks.clear();
        auto it = books_.find(symbol);
        if (it == books_.end()) return;
        const Book& b = it->second;
        auto put = [&](const auto& side, std::vector<sgx_level>& out) {
            for (const auto& [price, level] : side) {
                if (out.size() >= levels) break;
                out.push_back(sgx_level{to_value(static_cast<double>(price), b.scale.tick),
                                        to_value(static_cast<double>(level.lots), b.scale.lot), level.queue.size()});
            }
        };
        put(b.bids, bids);
        put(b.asks, asks);
    }

    void drain(std::size_t capacity, std::vector<sgx_fill>& out) {
        out.clear();
        while (out.size() < capacity && !fills_.empty()) {
            out.push_back(fills_.front());
            fills_.pop_front();
        }
    }

    sgx_engine_stats stats() const {
        sgx_engine_stats s = SGX_ENGINE_STATS_INIT;
        s.orders_processed = orders_processed_;
        s.fills = fill_count_;
        s.volume_lots = volume_lots_;
        s.volume = volume_;
        s.rejects = rejects_;
        s.cancels = cancels_;
        s.amends = amends_;
        s.invalid_requests = invalid_;
        s.resting_orders = orders_.size();
        s.latency_count = timestamps_ ? orders_processed_ : 0;
        return s;
    }

    void reset_stats() {
        orders_processed_ = fill_count_ = volume_lots_ = rejects_ = cancels_ = amends_ = invalid_ = 0;
        volume_ = 0.0;
    }

private:
    struct Prepared {
        Scale scale;
        std::int64_t price = 0;  // ticks (limit orders)
        std::int64_t lots = 0;
    };

    static int32_t record_status(const sgx_order& o) {
        if (o.struct_size != sizeof(sgx_order)) return SGX_ERR_STRUCT_SIZE;
        for (const std::uint8_t b : o.reserved)
            if (b != 0) return SGX_ERR_RESERVED;
        return SGX_OK;
    }

    int32_t validate(const sgx_order& o, Prepared& p) const {
        if (o.side > 1) return SGX_ERR_INVALID_SIDE;
        if (o.type > 1) return SGX_ERR_INVALID_TYPE;
        if (o.tif > 3) return SGX_ERR_INVALID_TIF;
        if (o.type == SGX_TYPE_MARKET && o.tif == SGX_TIF_POST_ONLY) return SGX_ERR_INVALID_TIF;
        p.scale = scale_of(o.symbol);
        if (o.type == SGX_TYPE_LIMIT) {
            if (const int32_t rc = to_units(o.price, p.scale.tick, p.price, SGX_ERR_INVALID_PRICE, SGX_ERR_OFF_TICK);
                rc != SGX_OK)
                return rc;
        }
        return to_units(o.quantity, p.scale.lot, p.lots, SGX_ERR_INVALID_QUANTITY, SGX_ERR_OFF_LOT);
    }

    bool fills_full() const { return fill_capacity_ != 0 && fills_.size() >= fill_capacity_; }

    // Best opposite price first; `crosses(price)`: the taker's limit reaches it.
    template <class F>
    void each_crossing_level(Book& b, std::uint8_t taker_side, bool market, std::int64_t limit, F&& f) {
        auto walk = [&](auto& side) {
            for (auto it = side.begin(); it != side.end();) {
                const bool reaches = market || (taker_side == SGX_SIDE_BUY ? it->first <= limit : it->first >= limit);
                if (!reaches) break;
                const bool more = f(it->first, it->second);
                if (it->second.queue.empty()) it = side.erase(it);
                else ++it;
                if (!more) break;
            }
        };
        if (taker_side == SGX_SIDE_BUY) walk(b.asks);
        else walk(b.bids);
    }

    int32_t run(sgx_report& r, const sgx_order& o, const Prepared& p) {
        const bool market = o.type == SGX_TYPE_MARKET;
        const bool may_rest = !market && (o.tif == SGX_TIF_GTC || o.tif == SGX_TIF_POST_ONLY);
        // A symbol without a book meets an empty one, with the default scale.
        Book empty;
        empty.scale = p.scale;
        auto found = books_.find(o.symbol);
        // An order that may rest on a symbol without a book needs one (on an
        // empty book it always rests): refused past max_symbols, using no id.
        if (found == books_.end() && may_rest && books_.size() >= max_symbols_) {
            r = sgx_report{};
            return SGX_ERR_TOO_MANY_SYMBOLS;
        }
        Book& b = found != books_.end() ? found->second : empty;
        const Scale s = b.scale;

        bool has_reference = false;
        std::int64_t reference = 0;
        if (o.side == SGX_SIDE_BUY && !b.asks.empty()) has_reference = true, reference = b.asks.begin()->first;
        if (o.side == SGX_SIDE_SELL && !b.bids.empty()) has_reference = true, reference = b.bids.begin()->first;
        const bool crosses =
            has_reference && (market || (o.side == SGX_SIDE_BUY ? p.price >= reference : p.price <= reference));

        // Would it rest on a full level? Then nothing at all happens (the
        // level exists on its own side, so it crosses nothing).
        if (may_rest && !(o.tif == SGX_TIF_POST_ONLY && crosses)) {
            std::int64_t crossing = 0;
            if (crosses)
                each_crossing_level(b, o.side, market, p.price, [&](std::int64_t, const Level& l) {
                    crossing += l.lots;
                    return crossing < p.lots;
                });
            if (crossing < p.lots) {
                const auto& own_side_has = [&](std::int64_t price) -> const Level* {
                    if (o.side == SGX_SIDE_BUY) {
                        auto it = b.bids.find(price);
                        return it == b.bids.end() ? nullptr : &it->second;
                    }
                    auto it = b.asks.find(price);
                    return it == b.asks.end() ? nullptr : &it->second;
                };
                const Level* l = own_side_has(p.price);
                if (l && l->lots > kMaxLevelLots - (p.lots - crossing)) return SGX_ERR_LEVEL_FULL;
            }
        }

        const std::uint64_t id = next_order_id_++;
        r = sgx_report{};
        r.order_id = id;
        r.symbol = o.symbol;
        r.side = o.side;

        std::int64_t left = p.lots;
        __int128 notional = 0;
        bool rejected = false;
        bool trade = crosses;
        if (o.tif == SGX_TIF_POST_ONLY && crosses) {
            rejected = true;
            trade = false;
        } else if (o.tif == SGX_TIF_FOK && crosses) {
            std::int64_t available = 0;
            each_crossing_level(b, o.side, market, p.price, [&](std::int64_t, const Level& l) {
                available += l.lots;
                return available < p.lots;
            });
            trade = available >= p.lots;
        } else if (o.tif == SGX_TIF_FOK) {
            trade = false;
        }
        if (trade) {
            each_crossing_level(b, o.side, market, p.price, [&](std::int64_t price, Level& level) {
                while (left > 0 && !level.queue.empty()) {
                    Order& maker = orders_.at(level.queue.front());
                    const std::int64_t q = maker.open < left ? maker.open : left;
                    left -= q;
                    notional += static_cast<__int128>(price) * q;
                    ++r.fill_count;
                    const double qty = to_value(static_cast<double>(q), s.lot);
                    if (fill_capacity_ != 0) {
                        sgx_fill f{};
                        f.trade_id = next_trade_id_;
                        f.maker_order_id = maker.id;
                        f.taker_order_id = id;
                        f.price_ticks = price;
                        f.quantity_lots = q;
                        f.price = to_value(static_cast<double>(price), s.tick);
                        f.quantity = qty;
                        f.symbol = o.symbol;
                        f.aggressor_side = o.side;
                        fills_.push_back(f);
                    }
                    ++next_trade_id_;
                    ++fill_count_;
                    volume_lots_ += static_cast<std::uint64_t>(q);
                    volume_ += qty;
                    level.lots -= q;
                    if (q == maker.open) {
                        const std::uint64_t maker_id = maker.id;
                        level.queue.pop_front();
                        --b.resting;
                        orders_.erase(maker_id);
                    } else {
                        maker.open -= q;
                        maker.filled += q;
                    }
                }
                return left > 0;
            });
        }

        const std::int64_t filled = p.lots - left;
        const bool rests = may_rest && !rejected && left > 0;
        if (rests) {
            Book& home = found != books_.end() ? found->second : (books_[o.symbol] = empty);
            Level& level = o.side == SGX_SIDE_BUY ? home.bids[p.price] : home.asks[p.price];
            level.queue.push_back(id);
            level.lots += left;
            ++home.resting;
            orders_.emplace(id, Order{id, o.symbol, o.side, p.price, left, 0});
        }

        if (rejected) r.status = SGX_STATUS_REJECTED;
        else if (left == 0) r.status = SGX_STATUS_FILLED;
        else if (!rests) r.status = SGX_STATUS_CANCELLED;
        else r.status = filled > 0 ? SGX_STATUS_PARTIALLY_FILLED : SGX_STATUS_NEW;

        if (filled > 0) {
            r.executed_price = to_value(static_cast<double>(notional) / static_cast<double>(filled), s.tick);
            r.executed_quantity = to_value(static_cast<double>(filled), s.lot);
            const double ref = to_value(static_cast<double>(reference), s.tick);
            r.slippage = (r.executed_price - ref) / ref;
        }
        if (rests) r.remaining_quantity = to_value(static_cast<double>(left), s.lot);

        ++orders_processed_;
        if (rejected) ++rejects_;
        return SGX_OK;
    }

    Level& level_of(const Order& o) {
        Book& b = books_[o.symbol];
        return o.side == SGX_SIDE_BUY ? b.bids.at(o.price) : b.asks.at(o.price);
    }

    static void erase_id(std::deque<std::uint64_t>& q, std::uint64_t id) {
        for (auto it = q.begin(); it != q.end(); ++it)
            if (*it == id) {
                q.erase(it);
                return;
            }
    }

    void unlink(const Order& o) {
        Book& b = books_[o.symbol];
        Level& level = level_of(o);
        erase_id(level.queue, o.id);
        level.lots -= o.open;
        --b.resting;
        if (level.queue.empty()) {
            if (o.side == SGX_SIDE_BUY) b.bids.erase(o.price);
            else b.asks.erase(o.price);
        }
    }

    std::map<std::uint32_t, Book> books_;
    std::map<std::uint64_t, Order> orders_;
    std::deque<sgx_fill> fills_;
    std::uint64_t fill_capacity_;
    std::uint64_t max_symbols_;
    bool timestamps_;
    std::uint64_t next_order_id_ = 1;
    std::uint64_t next_trade_id_ = 1;

    std::uint64_t orders_processed_ = 0, fill_count_ = 0, volume_lots_ = 0, rejects_ = 0, cancels_ = 0,
                  amends_ = 0, invalid_ = 0;
    double volume_ = 0.0;
};

}  // namespace fuzzref
