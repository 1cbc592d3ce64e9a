// Control of the test binary's replacement of the global operator new
// (alloc_hook.cpp): counts every allocation of the process and can make a
// chosen one throw std::bad_alloc, as a real allocation failure would.
#pragma once

#include <cstdint>
#include <thread>

namespace alloc_hook {

// Allocations made so far, by every thread.
std::uint64_t count() noexcept;

// Makes the k-th allocation from now (k >= 1) throw std::bad_alloc, counting
// only allocations made by threads other than `skip` (default: count all);
// later allocations succeed. fail_at(0) disarms (failed() keeps its answer).
void fail_at(std::uint64_t k, std::thread::id skip = {}) noexcept;

// Whether the armed allocation has failed since the last fail_at(k > 0).
bool failed() noexcept;

}  // namespace alloc_hook
