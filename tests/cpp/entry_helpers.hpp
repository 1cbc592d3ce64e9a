// Builders and an event recorder for the integer order entry tests.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "sigmax/engine.hpp"

namespace entry {

using namespace sigmax;

inline NewOrder gtc(std::uint64_t id, Side side, std::int64_t price, std::int64_t lots, std::uint32_t symbol = 1,
                    TimeInForce tif = TimeInForce::GTC) {
    return NewOrder{id, price, lots, symbol, side, OrderType::Limit, tif};
}

inline NewOrder mkt(std::uint64_t id, Side side, std::int64_t lots, std::uint32_t symbol = 1,
                    TimeInForce tif = TimeInForce::IOC) {
    return NewOrder{id, 0, lots, symbol, side, OrderType::Market, tif};
}

// Collects the events of the calls it is passed to.
struct Recorder {
    std::vector<OrderEvent> events;
    void operator()(const OrderEvent& e) { events.push_back(e); }
    std::vector<OrderEvent> take() {
        std::vector<OrderEvent> out;
        out.swap(events);
        return out;
    }
};

// An engine whose symbols 1 and 2 have tick = lot = 1, so that its doubles
// are the integers of the integer API.
inline Engine::Config small_config() {
    Engine::Config c;
    c.order_capacity = 1024;
    return c;
}
inline void unit_symbols(Engine& e) {
    REQUIRE(e.configure_symbol(1, 1.0, 1.0) == Status::Ok);
    REQUIRE(e.configure_symbol(2, 1.0, 1.0) == Status::Ok);
}

// Submits and requires Ok; returns the call's events.
inline std::vector<OrderEvent> ok_submit(Engine& e, const NewOrder& o) {
    Recorder r;
    REQUIRE(e.submit(o, r) == Status::Ok);
    return r.take();
}

// (price, lots, orders) of each level, best first, from depth_each.
struct Level {
    std::int64_t price;
    std::int64_t lots;
    std::uint64_t orders;
    bool operator==(const Level&) const = default;
};
inline std::vector<Level> levels(Engine& e, std::uint32_t symbol, Side side) {
    std::vector<Level> out;
    std::size_t nb = 0, na = 0;
    REQUIRE(e.depth_each(
                symbol, 1u << 20, 1u << 20,
                [&](Side s, std::size_t, const LevelView& l) {
                    if (s == side)
                        out.push_back(Level{static_cast<std::int64_t>(l.price), static_cast<std::int64_t>(l.quantity),
                                            l.order_count});
                },
                nb, na) == Status::Ok);
    return out;
}

}  // namespace entry
