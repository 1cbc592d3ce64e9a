// Rounding and rejection rules for prices and quantities.
#include "helpers.hpp"

#include <cmath>
#include <limits>

using namespace test;

TEST_CASE("0.1 + 0.2 on a 0.1 tick is accepted as 3 ticks", "[scale]") {
    std::int64_t t = 0;
    CHECK(to_units(0.1 + 0.2, 0.1, t, Status::InvalidPrice, Status::OffTick) == Status::Ok);
    CHECK(t == 3);
}

TEST_CASE("10.005 on a 0.01 tick is refused as off-tick", "[scale]") {
    std::int64_t t = 0;
    CHECK(price_to_ticks(10.005, Scale{0.01, 1.0}, t) == Status::OffTick);
}

TEST_CASE("seed prices are whole ticks of the 1e-8 default", "[scale]") {
    std::int64_t t = 0;
    for (double p : {50000.0, 3000.0, 100.0, 0.00000001, 12345.6789}) {
        CAPTURE(p);
        CHECK(price_to_ticks(p, Scale{}, t) == Status::Ok);
        CHECK(static_cast<double>(t) * 1e-8 == Approx(p));
    }
}

TEST_CASE("half a tick off is refused even for large tick counts", "[scale]") {
    std::int64_t t = 0;
    CHECK(price_to_ticks(50000.000000005, Scale{}, t) == Status::OffTick);
}

TEST_CASE("NaN, infinity, zero and negative values are invalid, not off-tick", "[scale]") {
    std::int64_t t = 0;
    const double inf = std::numeric_limits<double>::infinity();
    for (double v : {std::nan(""), inf, -inf, 0.0, -0.0, -1.0}) {
        CAPTURE(v);
        CHECK(price_to_ticks(v, Scale{}, t) == Status::InvalidPrice);
        CHECK(quantity_to_lots(v, Scale{}, t) == Status::InvalidQuantity);
    }
}

TEST_CASE("a value below half an increment is off-grid", "[scale]") {
    std::int64_t t = 0;
    CHECK(quantity_to_lots(0.4, Scale{0.01, 1.0}, t) == Status::OffLot);
    CHECK(quantity_to_lots(1e-12, Scale{}, t) == Status::OffLot);
}

TEST_CASE("more than 2^53 ticks is out of range", "[scale]") {
    std::int64_t t = 0;
    CHECK(price_to_ticks(1e9, Scale{}, t) == Status::OutOfRange);
    CHECK(price_to_ticks(9e7, Scale{}, t) == Status::Ok);
}

TEST_CASE("ticks convert back to the price they came from", "[scale]") {
    const Scale s{0.01, 0.001};
    std::int64_t t = 0;
    REQUIRE(price_to_ticks(123.45, s, t) == Status::Ok);
    CHECK(t == 12345);
    CHECK(ticks_to_price(t, s) == Approx(123.45));
}
