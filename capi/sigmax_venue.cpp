// The C ABI of the simulated venue (docs/venue.md). The conventions are
// sigmax_exec.cpp's: out-params first, NULL checks, status returns, no
// exception crosses, destroy accepts NULL.
#include "sigmax_exec.h"

// The sizes docs/venue.md and the Python record tables state.
static_assert(sizeof(sgx_order_latency_row) == 32);
static_assert(sizeof(sgx_venue_symbol_config) == 48);
static_assert(sizeof(sgx_venue_config) == 152);
static_assert(sizeof(sgx_venue_order) == 128);
static_assert(sizeof(sgx_venue_fill) == 64);
static_assert(sizeof(sgx_venue_state) == 128);

extern "C" {

SGX_API size_t sgx_sizeof_order_latency_row(void) { return sizeof(sgx_order_latency_row); }
SGX_API size_t sgx_sizeof_venue_symbol_config(void) { return sizeof(sgx_venue_symbol_config); }
SGX_API size_t sgx_sizeof_venue_config(void) { return sizeof(sgx_venue_config); }
SGX_API size_t sgx_sizeof_venue_order(void) { return sizeof(sgx_venue_order); }
SGX_API size_t sgx_sizeof_venue_fill(void) { return sizeof(sgx_venue_fill); }
SGX_API size_t sgx_sizeof_venue_state(void) { return sizeof(sgx_venue_state); }

}  // extern "C"
