// Small builders and checks shared by the scenario tests.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <utility>
#include <vector>

#include "sigmax/engine.hpp"

namespace test {

using namespace sigmax;

constexpr std::uint32_t kSym = 1;
constexpr Side kBuy = Side::Buy;
constexpr Side kSell = Side::Sell;

inline OrderRequest limit(Side side, double price, double qty, TimeInForce tif = TimeInForce::GTC,
                          std::uint32_t symbol = kSym) {
    return OrderRequest{symbol, side, OrderType::Limit, tif, price, qty};
}

inline OrderRequest market(Side side, double qty, TimeInForce tif = TimeInForce::IOC,
                           std::uint32_t symbol = kSym) {
    return OrderRequest{symbol, side, OrderType::Market, tif, 0.0, qty};
}

// Executes and requires success; returns the report.
inline ExecutionReport submit(Engine& e, const OrderRequest& o) {
    ExecutionReport r;
    REQUIRE(e.execute(o, r) == Status::Ok);
    return r;
}

inline std::vector<Fill> drain(Engine& e) {
    std::vector<Fill> all;
    Fill buf[64];
    std::size_t n = 0;
    do {
        REQUIRE(e.drain_fills(buf, n) == Status::Ok);
        all.insert(all.end(), buf, buf + n);
    } while (n == 64);
    return all;
}

inline void check_fill(const Fill& f, std::uint64_t maker, std::uint64_t taker, double price, double qty,
                       Side aggressor) {
    CHECK(f.maker_order_id == maker);
    CHECK(f.taker_order_id == taker);
    CHECK(f.price == Approx(price));
    CHECK(f.quantity == Approx(qty));
    CHECK(f.aggressor_side == aggressor);
}

using Levels = std::vector<std::pair<double, double>>;  // (price, quantity), best first

inline std::pair<Levels, Levels> depth(Engine& e, std::uint32_t symbol = kSym, std::size_t n = 50) {
    std::vector<LevelView> b(n), a(n);
    std::size_t nb = 0, na = 0;
    REQUIRE(e.depth(symbol, b, nb, a, na) == Status::Ok);
    Levels bids, asks;
    for (std::size_t i = 0; i < nb; ++i) bids.emplace_back(b[i].price, b[i].quantity);
    for (std::size_t i = 0; i < na; ++i) asks.emplace_back(a[i].price, a[i].quantity);
    return {bids, asks};
}

inline void check_depth(Engine& e, const Levels& bids, const Levels& asks, std::uint32_t symbol = kSym) {
    auto [b, a] = depth(e, symbol);
    REQUIRE(b.size() == bids.size());
    REQUIRE(a.size() == asks.size());
    for (std::size_t i = 0; i < b.size(); ++i) {
        CHECK(b[i].first == Approx(bids[i].first));
        CHECK(b[i].second == Approx(bids[i].second));
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].first == Approx(asks[i].first));
        CHECK(a[i].second == Approx(asks[i].second));
    }
}

}  // namespace test
