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
#include <cstdint>
#include <cstdlib>
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

// Address space for an array that grows in place (the order pool):
// reserve_huge() takes `bytes` of address space on a 2 MiB boundary and
// commits none of it (no memory, no commit charge); commit_huge() makes a
// byte range of it usable and faults it in, zeroed, advising the whole huge
// pages that the range fills up to its end for THP; decommit_huge() gives a
// range's whole pages back to the system (inaccessible until committed
// again); release_huge() returns the reservation. Only huge pages a commit
// fills are advised: advising a page of which a small pool uses a few KiB
// would make the kernel back all 2 MiB of it.
// reserve_huge returns null when the address space cannot be had;
// commit_huge returns false (nothing committed) when the memory cannot.
// Where mmap is unavailable the reservation is one allocation, committed
// by the system as it sees fit, and decommit does nothing.
inline constexpr std::size_t kSmallPage = 4096;

inline void* reserve_huge(std::size_t bytes) noexcept {
    if (bytes == 0 || bytes > static_cast<std::size_t>(-1) / 2) return nullptr;
#if defined(__linux__)
    // Map a huge page more than asked and cut the unaligned ends off.
    void* raw = mmap(nullptr, bytes + kHugePage, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (raw == MAP_FAILED) return nullptr;
    const auto start = reinterpret_cast<std::uintptr_t>(raw);
    const std::uintptr_t aligned = (start + kHugePage - 1) & ~(std::uintptr_t{kHugePage} - 1);
    if (aligned > start) (void)munmap(raw, aligned - start);
    const std::size_t tail = kHugePage - (aligned - start);
    if (tail > 0) (void)munmap(reinterpret_cast<void*>(aligned + bytes), tail);
    return reinterpret_cast<void*>(aligned);
#else
    return std::aligned_alloc(kHugePage, (bytes + kHugePage - 1) / kHugePage * kHugePage);
#endif
}

inline bool commit_huge(void* base, std::size_t from, std::size_t to) noexcept {
    if (to <= from) return true;
    char* p = static_cast<char*>(base);
#if defined(__linux__)
    const std::size_t first_page = from / kSmallPage * kSmallPage;
    const std::size_t end_page = (to + kSmallPage - 1) / kSmallPage * kSmallPage;
    if (mprotect(p + first_page, end_page - first_page, PROT_READ | PROT_WRITE) != 0) return false;
#if defined(MADV_HUGEPAGE)
    const std::size_t first = from / kHugePage * kHugePage, end = to / kHugePage * kHugePage;
    if (end > first) (void)madvise(p + first, end - first, MADV_HUGEPAGE);  // advice only
#endif
#endif
    std::memset(p + from, 0, to - from);  // fault the pages in now, not on the hot path
    return true;
}

inline void decommit_huge(void* base, std::size_t from, std::size_t to) noexcept {
#if defined(__linux__)
    from = (from + kSmallPage - 1) / kSmallPage * kSmallPage;  // the page holding `from` is still in use
    if (to <= from) return;
    char* p = static_cast<char*>(base) + from;
    (void)madvise(p, to - from, MADV_DONTNEED);
    (void)mprotect(p, to - from, PROT_NONE);  // and returns the commit charge
#else
    (void)base, (void)from, (void)to;
#endif
}

inline void release_huge(void* base, std::size_t bytes) noexcept {
#if defined(__linux__)
    if (base) (void)munmap(base, bytes);
#else
    (void)bytes;
    std::free(base);
#endif
}

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
