// Execution report fields: ids, VWAP, slippage, latency.
#include "helpers.hpp"

using namespace test;

TEST_CASE("order ids are 1, 2, 3 ... per engine, rejected orders included", "[reports]") {
    Engine e;
    CHECK(submit(e, limit(kSell, 100.0, 1.0)).order_id == 1);
    CHECK(submit(e, limit(kBuy, 100.0, 1.0, TimeInForce::PostOnly)).order_id == 2);  // rejected
    CHECK(submit(e, limit(kBuy, 90.0, 1.0)).order_id == 3);
    Engine other;
    CHECK(submit(other, limit(kBuy, 90.0, 1.0)).order_id == 1);
}

TEST_CASE("an invalid order uses no order id", "[reports]") {
    Engine e;
    ExecutionReport r;
    CHECK(e.execute(limit(kBuy, -1.0, 1.0), r) == Status::InvalidPrice);
    CHECK(submit(e, limit(kBuy, 90.0, 1.0)).order_id == 1);
}

TEST_CASE("executed price is the volume-weighted average of this call's fills", "[reports]") {
    Engine e;
    submit(e, limit(kSell, 100.0, 1.0));
    submit(e, limit(kSell, 103.0, 3.0));
    auto r = submit(e, limit(kBuy, 103.0, 4.0));
    CHECK(r.executed_price == Approx((100.0 * 1 + 103.0 * 3) / 4));
    CHECK(r.executed_quantity == Approx(4.0));
}

TEST_CASE("slippage is measured from the best opposite price at arrival", "[reports]") {
    Engine e;
    submit(e, limit(kSell, 100.0, 1.0));
    submit(e, limit(kSell, 102.0, 1.0));
    auto buy = submit(e, limit(kBuy, 102.0, 2.0));
    CHECK(buy.slippage == Approx((101.0 - 100.0) / 100.0));  // a buy that paid more: positive

    submit(e, limit(kBuy, 50.0, 1.0));
    submit(e, limit(kBuy, 49.0, 1.0));
    auto sell = submit(e, market(kSell, 2.0));
    CHECK(sell.slippage == Approx((49.5 - 50.0) / 50.0));  // a sell that received less: negative
}

TEST_CASE("slippage is zero when nothing filled", "[reports]") {
    Engine e;
    submit(e, limit(kSell, 100.0, 1.0));
    CHECK(submit(e, limit(kBuy, 99.0, 1.0)).slippage == 0.0);
}

TEST_CASE("a fill at the touch has zero slippage", "[reports]") {
    Engine e;
    submit(e, limit(kSell, 100.0, 5.0));
    CHECK(submit(e, limit(kBuy, 100.0, 1.0)).slippage == 0.0);
}

TEST_CASE("latency_ns measures time inside the engine and is recorded in the stats", "[reports]") {
    Engine e;
    auto r = submit(e, limit(kBuy, 100.0, 1.0));
    auto s = e.stats_snapshot();
    CHECK(s.latency_count == 1);
    CHECK(s.latency_max_ns == r.latency_ns);
    CHECK(s.latency_min_ns == r.latency_ns);
    CHECK(r.latency_ns < 1'000'000'000ull);  // sanity: not a raw tick count since boot
}

TEST_CASE("reports name their symbol and side", "[reports]") {
    Engine e;
    auto r = submit(e, limit(kSell, 100.0, 1.0, TimeInForce::GTC, 7));
    CHECK(r.symbol == 7);
    CHECK(r.side == kSell);
}

TEST_CASE("an 8-decimal default scale takes typical prices and quantities without set-up", "[reports]") {
    Engine e;
    submit(e, limit(kSell, 50000.0, 1.0));
    submit(e, limit(kSell, 50000.5, 2.0));
    auto r = submit(e, limit(kBuy, 50001.0, 3.0));
    CHECK(r.status == OrderStatus::Filled);
    CHECK(r.executed_price == Approx((50000.0 + 2 * 50000.5) / 3));
}

TEST_CASE("notional beyond 2^63 ticks x lots still gives the exact VWAP", "[reports]") {
    Engine e;  // default 1e-8 scale: 50000.0 is 5e12 ticks, 100.0 is 1e10 lots
    submit(e, limit(kSell, 50000.0, 100.0));
    submit(e, limit(kSell, 50001.0, 100.0));
    auto r = submit(e, limit(kBuy, 50001.0, 200.0));
    CHECK(r.executed_price == Approx(50000.5).epsilon(1e-15));
}

TEST_CASE("without timestamps latency_ns is 0 and no latency is recorded", "[reports]") {
    Engine::Config cfg;
    cfg.timestamps = false;
    Engine e(cfg);
    submit(e, limit(kSell, 100.0, 1.0));
    auto r = submit(e, limit(kBuy, 100.0, 1.0));
    CHECK(r.status == OrderStatus::Filled);
    CHECK(r.latency_ns == 0);
    auto s = e.stats_snapshot();
    CHECK(s.orders_processed == 2);
    CHECK(s.latency_count == 0);
}
