// A C++ program on the shared library: it uses the C API (the shared library
// exports only the sgx_* functions), with RAII around the handle.
#include <sigmax_exec.h>

#include <cstdio>
#include <memory>

namespace {
struct EngineDeleter {
    void operator()(sgx_engine* e) const noexcept { sgx_engine_destroy(e); }
};
using EnginePtr = std::unique_ptr<sgx_engine, EngineDeleter>;
}  // namespace

int main() {
    sgx_engine* raw = nullptr;
    if (sgx_engine_create(&raw, nullptr) != SGX_OK) return 1;
    const EnginePtr engine(raw);
    sgx_order o{};
    o.struct_size = sizeof o;
    o.side = SGX_SIDE_SELL;
    o.price = 3000.0;
    o.quantity = 2.0;
    sgx_report r{};
    if (sgx_engine_execute(&r, engine.get(), &o) != SGX_OK) return 2;
    o.side = SGX_SIDE_BUY;
    o.type = SGX_TYPE_MARKET;
    if (sgx_engine_execute(&r, engine.get(), &o) != SGX_OK || r.status != SGX_STATUS_FILLED) return 3;
    std::printf("consumer_capi_cpp: filled %.1f at %.1f\n", r.executed_quantity, r.executed_price);
    return 0;
}
