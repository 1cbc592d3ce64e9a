#include "sigmax/clock.hpp"

#include <cstdlib>
#include <cstring>
#include <thread>

#if SIGMAX_HAS_RDTSC
#include <cpuid.h>
#endif

namespace sigmax {
namespace {

bool invariant_tsc() {
#if SIGMAX_HAS_RDTSC
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (__get_cpuid_max(0x80000000u, nullptr) < 0x80000007u) return false;
    __get_cpuid(0x80000007u, &eax, &ebx, &ecx, &edx);
    return (edx & (1u << 8)) != 0;
#else
    return false;
#endif
}

}  // namespace

Clock::Clock() {
    // SIGMAX_CLOCK=steady forces the portable clock (useful under emulators).
    const char* forced = std::getenv("SIGMAX_CLOCK");
    const bool want_tsc = forced == nullptr || std::strcmp(forced, "steady") != 0;
    if (!want_tsc || !invariant_tsc()) return;
#if SIGMAX_HAS_RDTSC
    using std::chrono::steady_clock;
    const auto t0 = steady_clock::now();
    const std::uint64_t c0 = __rdtsc();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const auto t1 = steady_clock::now();
    const std::uint64_t c1 = __rdtsc();
    const double ns = std::chrono::duration<double, std::nano>(t1 - t0).count();
    if (c1 > c0 && ns > 0.0) {
        use_tsc_ = true;
        ns_per_tick_ = ns / static_cast<double>(c1 - c0);
    }
#endif
}

const Clock& Clock::instance() {
    static const Clock clock;
    return clock;
}

}  // namespace sigmax
