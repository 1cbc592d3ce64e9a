// The allocator for the engine's large arrays.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "sigmax/detail/huge_pages.hpp"

using sigmax::HugePageAllocator;
using sigmax::kHugePage;

TEST_CASE("an array of 2 MiB or more starts on a 2 MiB boundary and reads as zeros", "[huge_pages]") {
    HugePageAllocator<std::uint64_t> alloc;
    const std::size_t n = (3 * kHugePage) / sizeof(std::uint64_t) + 5;  // not a whole number of huge pages
    std::uint64_t* p = alloc.allocate(n);
    REQUIRE(p != nullptr);
    CHECK(reinterpret_cast<std::uintptr_t>(p) % kHugePage == 0);
    bool zeros = true;
    for (std::size_t i = 0; i < n; i += 4096) zeros = zeros && p[i] == 0;
    CHECK((zeros && p[n - 1] == 0));
    p[n - 1] = 7;  // the whole requested range is usable
    CHECK(p[n - 1] == 7);
    alloc.deallocate(p, n);
}

TEST_CASE("a vector on the allocator grows across the huge-page threshold and keeps its elements",
          "[huge_pages]") {
    struct alignas(64) Line {
        std::uint64_t value;
    };
    std::vector<Line, HugePageAllocator<Line>> v;
    const std::size_t n = 2 * kHugePage / sizeof(Line);
    for (std::size_t i = 0; i < n; ++i) v.push_back(Line{i});
    bool kept = true;
    for (std::size_t i = 0; i < n; ++i) kept = kept && v[i].value == i;
    CHECK(kept);
    CHECK(reinterpret_cast<std::uintptr_t>(v.data()) % 64 == 0);  // the element's alignment, small or large
}

TEST_CASE("an impossible size is refused with bad_array_new_length, not an overflowed allocation",
          "[huge_pages]") {
    HugePageAllocator<std::uint64_t> alloc;
    CHECK_THROWS_AS(alloc.allocate(static_cast<std::size_t>(-1) / 4), std::bad_array_new_length);
}

TEST_CASE("a size whose rounding up to whole huge pages would wrap is refused with bad_alloc", "[huge_pages]") {
    // n * 8 fits size_t, but lies within one huge page of its top.
    const std::size_t n = (static_cast<std::size_t>(-1) - kHugePage / 2) / sizeof(std::uint64_t);
    HugePageAllocator<std::uint64_t> alloc;
    CHECK_THROWS_AS(alloc.allocate(n), std::bad_alloc);
}
