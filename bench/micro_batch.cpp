// A batch of the CLI bench's default flow through the C API, the path that
// Python's structured-array execute_batch takes: the 80,000 orders (cancels
// left out: a batch holds orders only) of a 100,000-event flow, in batches of
// 10,000, on a fresh engine each iteration. Reports ns per order.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <vector>

#include "sigmax_exec.h"
#include "workload.hpp"

namespace {

std::vector<sgx_order> default_flow_orders(sigmax::cli::Workload& w) {
    sigmax::cli::WorkloadParams p;
    p.events = 100000;
    w = sigmax::cli::generate(p);
    std::vector<sgx_order> orders;
    for (const auto& e : w.events)
        if (e.kind == sigmax::cli::Event::Kind::New) orders.push_back(sigmax::cli::to_c_order(e.order));
    return orders;
}

void BM_BatchOfDefaultFlowOrders(benchmark::State& state) {
    sigmax::cli::Workload w;
    const std::vector<sgx_order> orders = default_flow_orders(w);
    const std::size_t batch = static_cast<std::size_t>(state.range(0));
    std::vector<sgx_report> reports(batch);
    for (auto _ : state) {
        state.PauseTiming();
        sgx_engine_config c;
        sgx_engine_config_init(&c);
        c.fill_capacity = 0;
        sgx_engine* e = nullptr;
        sgx_engine_create(&e, &c);
        for (uint32_t s = 0; s < w.params.symbols; ++s) sgx_engine_configure_symbol(e, s, w.tick_size, w.lot_size);
        state.ResumeTiming();
        for (std::size_t i = 0; i < orders.size(); i += batch) {
            std::size_t done = 0;
            sgx_engine_execute_batch(reports.data(), &done, e, &orders[i], std::min(batch, orders.size() - i));
        }
        state.PauseTiming();
        sgx_engine_destroy(e);
        state.ResumeTiming();
    }
    state.counters["ns_per_order"] = benchmark::Counter(
        static_cast<double>(orders.size()) * static_cast<double>(state.iterations()),
        benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_BatchOfDefaultFlowOrders)->Arg(10000)->ArgName("batch")->Unit(benchmark::kMillisecond);

}  // namespace
