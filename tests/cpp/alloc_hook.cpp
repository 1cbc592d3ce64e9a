// Replaces the global operator new (every form the library and the standard
// library use) for the allocation tests: see alloc_hook.hpp. Allocates with
// malloc / aligned_alloc, so ASan still checks every block.
#include "alloc_hook.hpp"

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace {

std::atomic<std::uint64_t> g_count{0};
std::atomic<std::uint64_t> g_left{0};  // allocations until the armed one; 0 = disarmed
std::atomic<bool> g_failed{false};
std::thread::id g_skip;                // written only while disarmed

// Counts one allocation; true when it is the one to fail.
bool count_and_check() noexcept {
    g_count.fetch_add(1, std::memory_order_relaxed);
    if (g_left.load(std::memory_order_acquire) == 0) return false;
    if (g_skip != std::thread::id{} && std::this_thread::get_id() == g_skip) return false;
    if (g_left.fetch_sub(1, std::memory_order_acq_rel) != 1) return false;
    g_failed.store(true, std::memory_order_release);
    return true;
}

void* allocate(std::size_t n, std::size_t alignment) {
    if (count_and_check()) throw std::bad_alloc();
    if (n == 0) n = 1;
    void* p = alignment <= alignof(std::max_align_t)
                  ? std::malloc(n)
                  : std::aligned_alloc(alignment, (n + alignment - 1) / alignment * alignment);
    if (!p) throw std::bad_alloc();
    return p;
}

}  // namespace

namespace alloc_hook {

std::uint64_t count() noexcept { return g_count.load(std::memory_order_relaxed); }

void fail_at(std::uint64_t k, std::thread::id skip) noexcept {
    g_left.store(0, std::memory_order_release);
    if (k == 0) return;  // disarmed; failed() still tells whether it fired
    g_skip = skip;
    g_failed.store(false, std::memory_order_release);
    g_left.store(k, std::memory_order_release);
}

bool failed() noexcept { return g_failed.load(std::memory_order_acquire); }

}  // namespace alloc_hook

// The replacement pairs operator new with free() on purpose (it allocates with
// malloc); GCC cannot see that and warns once it inlines the pair.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

// Every form, so that no block is allocated by one allocator and freed by
// another (the sanitizers' own new would otherwise pair with our free).
void* operator new(std::size_t n) { return allocate(n, 0); }
void* operator new[](std::size_t n) { return allocate(n, 0); }
void* operator new(std::size_t n, std::align_val_t a) { return allocate(n, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t n, std::align_val_t a) { return allocate(n, static_cast<std::size_t>(a)); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    try {
        return allocate(n, 0);
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
    try {
        return allocate(n, static_cast<std::size_t>(a));
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t& t) noexcept {
    return operator new(n, a, t);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
