// Hand-made event streams for the venue tests: events with explicit
// exchange and local times, a symbol table, and a venue over them.
#pragma once

#include <cstdint>
#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "sigmax/venue/venue.hpp"

namespace sigmax::venue::test {

inline constexpr std::uint8_t kBid = SGX_SIDE_BUY;
inline constexpr std::uint8_t kAsk = SGX_SIDE_SELL;

inline md::Event event(std::uint8_t kind, std::int64_t exch_ts, std::int64_t local_ts, std::uint8_t side,
                       std::int64_t price, std::int64_t lots, std::uint32_t symbol = 0) {
    md::Event e{};
    e.exch_ts = exch_ts;
    e.local_ts = local_ts;
    e.kind = kind;
    e.side = side;
    e.price = price;
    e.quantity = lots;
    e.symbol = symbol;
    e.flags = SGX_MD_F_LAST;
    return e;
}
// The whole quantity at `price` on a side (0 removes the level).
inline md::Event level(std::int64_t exch_ts, std::int64_t local_ts, std::uint8_t side, std::int64_t price,
                       std::int64_t lots, std::uint32_t symbol = 0) {
    return event(SGX_MD_LEVEL, exch_ts, local_ts, side, price, lots, symbol);
}
// A trade whose aggressor is `side`.
inline md::Event trade(std::int64_t exch_ts, std::int64_t local_ts, std::uint8_t side, std::int64_t price,
                       std::int64_t lots, std::uint32_t symbol = 0) {
    return event(SGX_MD_TRADE, exch_ts, local_ts, side, price, lots, symbol);
}
inline md::Event clear(std::int64_t exch_ts, std::int64_t local_ts, std::uint8_t side, std::uint32_t symbol = 0) {
    return event(SGX_MD_CLEAR, exch_ts, local_ts, side, 0, 0, symbol);
}

inline md::SymbolRecord symbol(std::uint32_t id = 0, double tick = 1.0, double lot = 1.0, double contract = 1.0,
                               bool inverse = false) {
    md::SymbolRecord s{};
    std::strncpy(s.name, "TEST", sizeof s.name - 1);
    s.tick_size = tick;
    s.lot_size = lot;
    s.contract_size = contract;
    s.inverse = inverse ? 1 : 0;
    s.id = id;
    return s;
}

// Constant latencies, risk-averse queues, no fees.
inline Config constant(std::int64_t entry_ns, std::int64_t response_ns) {
    Config c = default_config();
    c.entry_latency_ns = entry_ns;
    c.response_latency_ns = response_ns;
    return c;
}

// A stream and its venue (the events must outlive the venue).
struct Fixture {
    std::vector<md::Event> events;
    std::vector<md::SymbolRecord> symbols{symbol()};
    std::unique_ptr<Venue> venue;

    Venue& start(const Config& config) {
        std::string error;
        const Status s = Venue::create(venue, events, symbols, config, &error);
        INFO(error);
        REQUIRE(s == Status::Ok);
        return *venue;
    }
    void go(std::int64_t ts) {
        Step step;
        REQUIRE(venue->go_to(ts, step) == Status::Ok);
    }
    Order order(std::int64_t id, std::uint32_t sym = 0) const {
        Order o{};
        REQUIRE(venue->order(sym, id, o) == Status::Ok);
        return o;
    }
    State state(std::uint32_t sym = 0) const {
        State s{};
        REQUIRE(venue->state(sym, s) == Status::Ok);
        return s;
    }
    double queue(std::int64_t id) const {
        double q = 0;
        REQUIRE(venue->queue_position(0, id, q) == Status::Ok);
        return q;
    }
    void buy(std::int64_t id, std::int64_t price, std::int64_t lots, TimeInForce tif = TimeInForce::GTC,
             OrderType type = OrderType::Limit) {
        REQUIRE(venue->submit(0, id, Side::Buy, price, lots, type, tif) == Status::Ok);
    }
    void sell(std::int64_t id, std::int64_t price, std::int64_t lots, TimeInForce tif = TimeInForce::GTC,
              OrderType type = OrderType::Limit) {
        REQUIRE(venue->submit(0, id, Side::Sell, price, lots, type, tif) == Status::Ok);
    }
};

// A book drifting around a random-walk mid, with trades at the touch:
// exchange times out of local order, ties of local times.
inline std::vector<md::Event> random_stream(std::mt19937_64& rng, std::size_t count) {
    std::vector<md::Event> out;
    std::int64_t mid = 10000, local = 1'000'000;
    auto pick = [&](std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    };
    for (std::int64_t k = 1; k <= 8; ++k) {
        out.push_back(level(local - 500, local, kBid, mid - k, pick(1, 30)));
        out.push_back(level(local - 500, local, kAsk, mid + k, pick(1, 30)));
    }
    while (out.size() < count) {
        local += pick(0, 2000);
        const std::int64_t exch = local - pick(100, 900);
        const int what = static_cast<int>(pick(0, 9));
        if (what == 0) {
            const std::int64_t step = pick(-2, 2);
            mid += step;
            // Clear what would now cross, then refill around the new mid.
            for (std::int64_t k = 0; k <= 3; ++k) {
                out.push_back(level(exch, local, kBid, mid + k, 0));
                out.push_back(level(exch, local, kAsk, mid - k, 0));
            }
            out.push_back(level(exch, local, kBid, mid - 1, pick(1, 30)));
            out.push_back(level(exch, local, kAsk, mid + 1, pick(1, 30)));
        } else if (what <= 3) {
            const std::uint8_t aggressor = pick(0, 1) == 0 ? kBid : kAsk;
            const std::int64_t px = aggressor == kBid ? mid + pick(1, 2) : mid - pick(1, 2);
            out.push_back(trade(exch, local, aggressor, px, pick(1, 15)));
        } else {
            const bool bid = pick(0, 1) == 0;
            const std::int64_t k = pick(1, 8);
            out.push_back(level(exch, local, bid ? kBid : kAsk, bid ? mid - k : mid + k, pick(0, 40)));
        }
    }
    return out;
}

// A random market by order: ADDs around a wandering mid, partial CANCELs,
// FILLs (some NO_BOOK_CHANGE, then cancelled) with their TRADEs, MODIFYs;
// exchange times out of local order.
inline std::vector<md::Event> random_l3_stream(std::mt19937_64& rng, std::size_t count) {
    std::vector<md::Event> out;
    std::int64_t mid = 10000, local = 1'000'000;
    std::uint64_t next_id = 1;
    struct Real {
        std::uint8_t side;
        std::int64_t price, lots;
    };
    std::map<std::uint64_t, Real> live;
    auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
    auto emit = [&](std::uint8_t kind, std::int64_t exch, std::uint64_t id, std::uint8_t side, std::int64_t price,
                    std::int64_t lots, std::uint16_t flags = 0) {
        md::Event e = event(kind, exch, local, side, price, lots);
        e.order_id = id;
        e.flags = static_cast<std::uint16_t>(e.flags | flags);
        out.push_back(e);
    };
    auto any = [&]() {
        auto it = live.begin();
        std::advance(it, pick(0, static_cast<std::int64_t>(live.size()) - 1));
        return it;
    };
    while (out.size() < count) {
        local += pick(0, 2000);
        const std::int64_t exch = local - pick(100, 900);
        const int what = static_cast<int>(pick(0, 9));
        if (what <= 3 || live.size() < 6) {
            const bool bid = pick(0, 1) == 0;
            const std::int64_t price = bid ? mid - pick(0, 5) : mid + 1 + pick(0, 5);
            const std::int64_t lots = pick(1, 20);
            emit(SGX_MD_ADD, exch, next_id, bid ? kBid : kAsk, price, lots);
            live[next_id++] = {bid ? kBid : kAsk, price, lots};
        } else if (what <= 5) {
            auto it = any();
            const std::int64_t q = pick(1, it->second.lots);
            emit(SGX_MD_CANCEL, exch, it->first, SGX_MD_SIDE_NONE, 0, q);
            if ((it->second.lots -= q) == 0) live.erase(it);
        } else if (what <= 7) {
            auto it = any();
            const std::int64_t q = pick(1, it->second.lots);
            const bool nbc = pick(0, 2) == 0;
            emit(SGX_MD_FILL, exch, it->first, SGX_MD_SIDE_NONE, it->second.price, q, nbc ? SGX_MD_F_NO_BOOK_CHANGE : 0);
            emit(SGX_MD_TRADE, exch, 0, it->second.side == kBid ? kAsk : kBid, it->second.price, q);
            if (nbc) emit(SGX_MD_CANCEL, exch, it->first, SGX_MD_SIDE_NONE, 0, q);
            if ((it->second.lots -= q) == 0) live.erase(it);
        } else if (what == 8) {
            auto it = any();
            const std::int64_t lots = pick(1, 20);
            const std::int64_t price = it->second.price + (pick(0, 2) == 0 ? pick(-1, 1) : 0);
            const bool crosses = it->second.side == kBid ? price > mid : price <= mid;
            if (crosses) continue;
            emit(SGX_MD_MODIFY, exch, it->first, it->second.side, price, lots);
            it->second.price = price;
            it->second.lots = lots;
        } else {
            mid += pick(-1, 1);
            // Remove what the new mid would cross.
            for (auto it = live.begin(); it != live.end();) {
                const bool crosses = it->second.side == kBid ? it->second.price > mid : it->second.price <= mid;
                if (crosses) {
                    emit(SGX_MD_CANCEL, exch, it->first, SGX_MD_SIDE_NONE, 0, it->second.lots);
                    it = live.erase(it);
                } else {
                    ++it;
                }
            }
        }
    }
    return out;
}

// The lowest and highest limit price each limit order was given (by id), for
// the property "a buy never fills above its limit nor a sell below".
using LimitsAsked = std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>>;

// One random strategy action of the property tests, around price `ref`: a
// new order (3 draws in 6, and whenever `orders` is empty: limit or market,
// any tif), else a cancel, a modify or a cancel_all about one of `orders`
// (the symbol-0 orders as the strategy sees them). Every call must succeed.
template <class Pick>
void random_action(Venue& v, Pick&& pick, std::int64_t ref, const std::vector<Order>& orders, LimitsAsked& limits,
                   std::int64_t& next_id) {
    const int action = static_cast<int>(pick(0, 5));
    if (action <= 2 || orders.empty()) {
        const Side side = pick(0, 1) == 0 ? Side::Buy : Side::Sell;
        const std::int64_t price = ref + pick(-4, 4);
        const auto tif = static_cast<TimeInForce>(pick(0, 3));
        const auto type = pick(0, 9) == 0 ? OrderType::Market : OrderType::Limit;
        const TimeInForce market_tif = type == OrderType::Market && tif != TimeInForce::IOC ? TimeInForce::GTC : tif;
        const std::int64_t id = next_id++;
        REQUIRE(v.submit(0, id, side, price, pick(1, 10), type, market_tif) == Status::Ok);
        if (type == OrderType::Limit) limits[id] = {price, price};
        return;
    }
    const Order& o = orders[static_cast<std::size_t>(pick(0, static_cast<std::int64_t>(orders.size()) - 1))];
    const bool live = (o.status == SGX_VORD_NEW || o.status == SGX_VORD_PARTIALLY_FILLED) && o.request == SGX_VREQ_NONE;
    if (action == 3 && live) {
        REQUIRE(v.cancel(0, o.order_id) == Status::Ok);
    } else if (action == 4 && live && o.type == 0) {
        const std::int64_t price = ref + pick(-4, 4);
        REQUIRE(v.modify(0, o.order_id, price, o.executed + pick(1, 10)) == Status::Ok);
        auto& l = limits[o.order_id];
        l = {std::min(l.first, price), std::max(l.second, price)};
    } else if (action == 5) {
        std::size_t sent = 0;
        REQUIRE(v.cancel_all(0, sent) == Status::Ok);
    }
}

}  // namespace sigmax::venue::test
