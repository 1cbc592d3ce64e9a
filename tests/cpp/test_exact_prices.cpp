// The decimal rule (price_scale.hpp, DecimalForm; docs/semantics.md): a price
// or quantity that is a whole number of ticks or lots comes back as the
// double nearest its decimal value from every call, through the C++ API and
// the C API. Expected values are parsed from decimal text with strtod
// (correctly rounded), independently of the engine's arithmetic.
#include "helpers.hpp"

#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "sigmax_exec.h"

using namespace test;

namespace {

// The double nearest units * 10^-k, from its decimal text.
double decimal(std::int64_t units, int k) {
    const std::string text = std::to_string(units) + "e-" + std::to_string(k);
    return std::strtod(text.c_str(), nullptr);
}

struct Seen {
    double top = 0, top_quantity = 0, depth = 0, depth_quantity = 0, info = 0, info_quantity = 0, fill = 0,
           fill_quantity = 0, executed = 0, executed_quantity = 0, remaining = 0;
};

// Rests a sell of `lots` at `ticks`, then a buy of one lot takes part of it:
// every value the engine gives back for that price and those quantities.
Seen round_trip(double tick, double lot, std::int64_t ticks, std::int64_t lots, double price, double one_lot,
                double quantity) {
    Engine e;
    REQUIRE(e.configure_symbol(kSym, tick, lot) == Status::Ok);
    const ExecutionReport rest = submit(e, limit(kSell, price, quantity));
    REQUIRE(rest.status == OrderStatus::New);
    Seen s;
    TopOfBook top;
    REQUIRE(e.top_of_book(kSym, top) == Status::Ok);
    s.top = top.ask_price;
    s.top_quantity = top.ask_quantity;
    auto [bids, asks] = depth(e);
    REQUIRE(asks.size() == 1);
    s.depth = asks[0].first;
    s.depth_quantity = asks[0].second;
    OrderInfo info;
    REQUIRE(e.order_info(rest.order_id, info) == Status::Ok);
    s.info = info.price;
    s.info_quantity = info.original_quantity;
    const ExecutionReport take = submit(e, limit(kBuy, price, one_lot, TimeInForce::IOC));
    REQUIRE(take.fill_count == 1);
    s.executed = take.executed_price;
    s.executed_quantity = take.executed_quantity;
    const std::vector<Fill> fills = drain(e);
    REQUIRE(fills.size() == 1);
    CHECK(fills[0].price_ticks == ticks);
    s.fill = fills[0].price;
    s.fill_quantity = fills[0].quantity;
    REQUIRE(e.order_info(rest.order_id, info) == Status::Ok);
    s.remaining = info.remaining_quantity;
    (void)lots;
    return s;
}

void check_all(const Seen& s, double price, double quantity, double one_lot, double rest) {
    CHECK(s.top == price);
    CHECK(s.depth == price);
    CHECK(s.info == price);
    CHECK(s.fill == price);
    CHECK(s.executed == price);
    CHECK(s.top_quantity == quantity);
    CHECK(s.depth_quantity == quantity);
    CHECK(s.info_quantity == quantity);
    CHECK(s.fill_quantity == one_lot);
    CHECK(s.executed_quantity == one_lot);
    CHECK(s.remaining == rest);
}

}  // namespace

TEST_CASE("decimal rule: an increment's decimal form is the smallest k with m / 10^k == increment",
          "[scale][decimal]") {
    CHECK(decimal_form(0.01).multiplier == 1.0);
    CHECK(decimal_form(0.01).divisor == 100.0);
    CHECK(decimal_form(0.25).multiplier == 25.0);
    CHECK(decimal_form(0.25).divisor == 100.0);
    CHECK(decimal_form(0.05).multiplier == 5.0);
    CHECK(decimal_form(5.0).multiplier == 5.0);
    CHECK(decimal_form(5.0).divisor == 1.0);
    CHECK(decimal_form(1e-8).divisor == 1e8);
    CHECK(decimal_form(1e-15).divisor == 1e15);
    // No decimal form with k <= 15: value = units * increment.
    CHECK(decimal_form(1.0 / 3.0).multiplier == 1.0 / 3.0);
    CHECK(decimal_form(1.0 / 3.0).divisor == 1.0);
    CHECK(decimal_form(0.1 + 0.2).divisor == 1.0);
    CHECK(decimal_form(1e-16).divisor == 1.0);
    CHECK(decimal_form(1e300).divisor == 1.0);  // m would pass 2^53
}

TEST_CASE("decimal rule: a sell at 99.57 on a 0.01 tick comes back as 99.57 from every call", "[scale][decimal]") {
    REQUIRE(9957 * 0.01 != 99.57);  // the product this rule replaces
    const Seen s = round_trip(0.01, 0.1, 9957, 30, 99.57, 0.1, 3.0);
    check_all(s, 99.57, 3.0, 0.1, 2.9);
}

TEST_CASE("decimal rule: the C API gives 99.57 exactly too", "[scale][decimal][capi]") {
    sgx_engine_config cfg;
    REQUIRE(sgx_engine_config_init(&cfg) == SGX_OK);
    cfg.fill_capacity = 16;
    sgx_engine* e = nullptr;
    REQUIRE(sgx_engine_create(&e, &cfg) == SGX_OK);
    REQUIRE(sgx_engine_configure_symbol(e, 7, 0.01, 0.1) == SGX_OK);
    sgx_order o;
    std::memset(&o, 0, sizeof o);
    o.struct_size = sizeof o;
    o.symbol = 7;
    o.side = SGX_SIDE_SELL;
    o.type = SGX_TYPE_LIMIT;
    o.tif = SGX_TIF_GTC;
    o.price = 99.57;
    o.quantity = 0.3;
    sgx_report rest;
    REQUIRE(sgx_engine_execute(&rest, e, &o) == SGX_OK);
    sgx_top_of_book top;
    REQUIRE(sgx_engine_top_of_book(&top, e, 7) == SGX_OK);
    CHECK(top.ask_price == 99.57);
    CHECK(top.ask_quantity == 0.3);
    sgx_level bids[2], asks[2];
    size_t nb = 0, na = 0;
    REQUIRE(sgx_engine_depth(bids, &nb, asks, &na, e, 7, 2) == SGX_OK);
    REQUIRE(na == 1);
    CHECK(asks[0].price == 99.57);
    sgx_order_info info;
    REQUIRE(sgx_engine_order_info(&info, e, rest.order_id) == SGX_OK);
    CHECK(info.price == 99.57);
    o.side = SGX_SIDE_BUY;
    o.tif = SGX_TIF_IOC;
    o.quantity = 0.1;
    sgx_report take;
    REQUIRE(sgx_engine_execute(&take, e, &o) == SGX_OK);
    CHECK(take.executed_price == 99.57);
    CHECK(take.executed_quantity == 0.1);
    sgx_fill fills[4];
    size_t nf = 0;
    REQUIRE(sgx_engine_drain_fills(fills, &nf, e, 4) == SGX_OK);
    REQUIRE(nf == 1);
    CHECK(fills[0].price == 99.57);
    CHECK(fills[0].quantity == 0.1);
    REQUIRE(sgx_engine_order_info(&info, e, rest.order_id) == SGX_OK);
    CHECK(info.remaining_quantity == 0.2);
    sgx_engine_destroy(e);
}

TEST_CASE("decimal rule: on a 10^-k tick and lot (k = 0..8) random counts come back as the nearest double to the decimal",
          "[scale][decimal]") {
    std::mt19937_64 rng(20240521);
    for (int k = 0; k <= 8; ++k) {
        const double inc = decimal(1, k);
        // Up to 10^(7+k) ticks (at most 10^15 < 2^53): prices up to 10^7 whatever the tick.
        std::int64_t top = 1;
        for (int i = 0; i < 7 + k; ++i) top *= 10;
        std::uniform_int_distribution<std::int64_t> count(2, top);
        for (int i = 0; i < 40; ++i) {
            const std::int64_t ticks = count(rng);
            const std::int64_t lots = count(rng);
            const double price = decimal(ticks, k);
            const double quantity = decimal(lots, k);
            INFO("k " << k << ", ticks " << ticks << ", lots " << lots);
            const Seen s = round_trip(inc, inc, ticks, lots, price, inc, quantity);
            check_all(s, price, quantity, inc, decimal(lots - 1, k));
        }
    }
}

TEST_CASE("decimal rule: 0.05 and 0.25 ticks give decimal prices; 1/3 gives ticks * tick", "[scale][decimal]") {
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<std::int64_t> count(1, 2000000000);
    for (int i = 0; i < 200; ++i) {
        const std::int64_t n = count(rng);
        const Scale five{0.05, 1.0};
        const Scale quarter{0.25, 1.0};
        CHECK(ticks_to_price(n, five) == decimal(n * 5, 2));
        CHECK(ticks_to_price(n, quarter) == decimal(n * 25, 2));
        const Scale third{1.0 / 3.0, 1.0};
        CHECK(ticks_to_price(n, third) == static_cast<double>(n) * (1.0 / 3.0));
    }
    const Seen s = round_trip(0.05, 0.25, 1991, 12, 99.55, 0.25, 3.0);
    check_all(s, 99.55, 3.0, 0.25, 2.75);
}
