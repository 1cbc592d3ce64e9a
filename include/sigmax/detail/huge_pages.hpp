// An allocator for the engine's large arrays (resting orders, the id index,
// the result ring): arrays of 2 MiB or more are placed on 2 MiB-aligned
// memory advised for transparent huge pages, and faulted in at once.
//
// Why: a fill or cancel reaches an order placed long ago, at a random place in
// megabytes of records and index slots; with 4 KiB pages most such accesses
// also miss the TLB and walk the page tables. With 2 MiB pages a few TLB
// entries cover the arrays. Faulting the memory in when it is allocated keeps
// page faults (and, for huge pages, the kernel's compaction) out of the hot
// path. Where huge pages are unavailable (THP "never", no memory to compact,
// not Linux) the advice is ignored and the arrays get ordinary pages.
//
// Smaller arrays are ordinary allocations.
#pragma once

#include <cstddef>
#include <cstring>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace sigmax {

inline constexpr std::size_t kHugePage = std::size_t{2} << 20;

// Memory for `bytes` (>= kHugePage) on huge-page-advised, faulted-in memory;
// release with free_huge(). Throws std::bad_alloc.
inline void* allocate_huge(std::size_t bytes) {
    // Rounding up to whole huge pages must not wrap past the top of size_t.
    if (bytes > static_cast<std::size_t>(-1) - (kHugePage - 1)) throw std::bad_alloc();
    const std::size_t size = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    // Through operator new, like every other allocation of the library, so
    // that a program (or test) replacing it sees these too.
    void* p = ::operator new(size, std::align_val_t{kHugePage});
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    (void)madvise(p, size, MADV_HUGEPAGE);  // advice only: no huge pages is fine
#endif
    std::memset(p, 0, size);  // fault every page in now, not on the hot path
    return p;
}

inline void free_huge(void* p) noexcept { ::operator delete(p, std::align_val_t{kHugePage}); }

template <class T>
struct HugePageAllocator {
    using value_type = T;

    HugePageAllocator() noexcept = default;
    template <class U>
    HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

    T* allocate(std::size_t n) {
        if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
        if (on_huge_pages(n)) return static_cast<T*>(allocate_huge(n * sizeof(T)));
        return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{alignof(T)}));
    }
    void deallocate(T* p, std::size_t n) noexcept {
        if (on_huge_pages(n)) free_huge(p);
        else ::operator delete(p, std::align_val_t{alignof(T)});
    }

    template <class U>
    bool operator==(const HugePageAllocator<U>&) const noexcept { return true; }

private:
    // One rule for both directions: an array is freed the way it was allocated.
    static bool on_huge_pages(std::size_t n) noexcept { return n * sizeof(T) >= kHugePage; }
};

}  // namespace sigmax
