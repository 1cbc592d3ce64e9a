// Monotonic timestamps for latency_ns.
//
// On x86-64 with an invariant TSC (CPUID 0x80000007 EDX bit 8) the clock reads
// the time-stamp counter (cheaper than clock_gettime through the vDSO;
// bench/micro_engine.cpp's BM_ClockNow measures a read) and converts ticks
// to nanoseconds with a factor calibrated once per process against
// std::chrono::steady_clock.
// Elsewhere it falls back to steady_clock directly. Either way it is monotonic
// on one core and across cores of one machine.
#pragma once

#include <chrono>
#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define SIGMAX_HAS_RDTSC 1
#else
#define SIGMAX_HAS_RDTSC 0
#endif

namespace sigmax {

class Clock {
public:
    // The process-wide calibrated clock (calibration runs once, ~5 ms).
    static const Clock& instance();

    std::uint64_t now() const noexcept {
#if SIGMAX_HAS_RDTSC
        if (use_tsc_) return __rdtsc();
#endif
        return static_cast<std::uint64_t>(
            std::chrono::steady_clock::now().time_since_epoch().count());
    }

    // Through signed integers, which convert to and from double in one
    // instruction each (unsigned ones take a branch and several); a
    // difference that wrapped below zero gives 0.
    std::uint64_t to_ns(std::uint64_t ticks) const noexcept {
        const auto signed_ticks = static_cast<std::int64_t>(ticks);
        if (signed_ticks <= 0) return 0;
        return static_cast<std::uint64_t>(static_cast<std::int64_t>(static_cast<double>(signed_ticks) * ns_per_tick_));
    }

    double ns_per_tick() const noexcept { return ns_per_tick_; }
    const char* source() const noexcept { return use_tsc_ ? "rdtsc" : "steady_clock"; }

private:
    Clock();
    bool use_tsc_ = false;
    double ns_per_tick_ = 1.0;
};

}  // namespace sigmax
