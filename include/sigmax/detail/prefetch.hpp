// Cache hints. prefetch_for_write() asks for a line in the state a store
// needs (exclusive). GCC turns __builtin_prefetch(p, 1) into a plain read
// prefetch unless the whole build targets PREFETCHW (-mprfchw), and a line
// fetched for reading from another core's cache must be exchanged once more
// before a store to it can complete, so the pipeline's matching thread would
// wait on lines of the result ring that the poller had read.
// PREFETCHW is issued where the CPU reports it (CPUID 0x80000001, ECX bit 8;
// every AMD64 CPU and Intel's since Broadwell), a plain prefetch elsewhere.
#pragma once

#if defined(__x86_64__)
#include <cpuid.h>
#endif

namespace sigmax {

#if defined(__x86_64__)
inline const bool kHasPrefetchw = [] {
    unsigned a = 0, b = 0, c = 0, d = 0;
    return __get_cpuid(0x80000001u, &a, &b, &c, &d) != 0 && (c & (1u << 8)) != 0;
}();
#endif

// A read prefetch the optimizer keeps. GCC's interprocedural analysis takes
// __builtin_prefetch for an operation without effects, so a function made
// only of prefetches (a look-ahead hint) counts as "const" and link-time
// optimization deletes every call to it; an asm volatile is never deleted.
inline void prefetch_for_read(const void* p) noexcept {
#if defined(__x86_64__)
    asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(p)));
#else
    __builtin_prefetch(p);
#endif
}

inline void prefetch_for_write(const void* p) noexcept {
#if defined(__x86_64__)
    if (kHasPrefetchw) {
        asm volatile("prefetchw %0" : : "m"(*static_cast<const char*>(p)));
        return;
    }
#endif
    __builtin_prefetch(p, 1);
}

}  // namespace sigmax
