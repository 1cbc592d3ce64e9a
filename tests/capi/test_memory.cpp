// The C ABI's memory rules: order_capacity is bounded and lazy, and
// sgx_engine_shrink returns OK or BUSY.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

#include "sigmax/engine.hpp"
#include "sigmax_exec.h"

namespace {

sgx_order gtc(uint8_t side, double price) {
    sgx_order o;
    std::memset(&o, 0, sizeof o);
    o.struct_size = sizeof o;
    o.symbol = 1;
    o.side = side;
    o.type = SGX_TYPE_LIMIT;
    o.tif = SGX_TIF_GTC;
    o.price = price;
    o.quantity = 1.0;
    return o;
}

}  // namespace

TEST_CASE("order_capacity up to 2^31 creates an engine at once; above it is INVALID_CONFIG", "[capi][memory]") {
    STATIC_REQUIRE(sigmax::Engine::kMaxOrderCapacity == (uint64_t{1} << 31));
    sgx_engine_config cfg;
    REQUIRE(sgx_engine_config_init(&cfg) == SGX_OK);
    cfg.order_capacity = uint64_t{1} << 31;
    sgx_engine* e = nullptr;
    REQUIRE(sgx_engine_create(&e, &cfg) == SGX_OK);  // lazy: 2^20 records committed, not 2^31
    sgx_report r;
    const sgx_order o = gtc(SGX_SIDE_BUY, 10.0);
    CHECK(sgx_engine_execute(&r, e, &o) == SGX_OK);
    sgx_engine_destroy(e);
    cfg.order_capacity = (uint64_t{1} << 31) + 1;
    e = nullptr;
    CHECK(sgx_engine_create(&e, &cfg) == SGX_ERR_INVALID_CONFIG);
    CHECK(e == nullptr);
}

TEST_CASE("sgx_engine_shrink returns BUSY while another thread drives the engine, and OK otherwise",
          "[capi][memory][threads]") {
    sgx_engine* e = nullptr;
    REQUIRE(sgx_engine_create(&e, nullptr) == SGX_OK);
    std::vector<sgx_order> batch;
    for (int k = 0; k < 200000; ++k) batch.push_back(gtc(k % 2 ? SGX_SIDE_SELL : SGX_SIDE_BUY, k % 2 ? 200.0 : 100.0));
    std::vector<sgx_report> reports(batch.size());
    // Another thread holds the engine for a whole batch (claimed once, for
    // all of it) while this one asks to shrink; repeated until a call lands
    // inside a batch, which on any machine happens within a few rounds.
    int busy = 0, ok = 0, other = 0;
    for (int round = 0; round < 50 && busy == 0; ++round) {
        std::atomic<bool> done{false};
        std::thread driver([&] {
            size_t n = 0;
            (void)sgx_engine_execute_batch(reports.data(), &n, e, batch.data(), batch.size());
            done.store(true, std::memory_order_release);
        });
        while (!done.load(std::memory_order_acquire)) {
            const int32_t s = sgx_engine_shrink(e);
            if (s == SGX_ERR_BUSY) ++busy;
            else if (s == SGX_OK) ++ok;
            else ++other;
        }
        driver.join();
    }
    CHECK(busy > 0);
    CHECK(other == 0);
    CHECK(sgx_engine_shrink(e) == SGX_OK);
    sgx_engine_destroy(e);
}
