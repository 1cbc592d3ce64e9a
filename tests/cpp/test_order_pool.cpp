// The order pool (chunked growth, its record bound, shrink) and the id
// index's shrink, unit by unit.
#include "helpers.hpp"

#include <random>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "sigmax/detail/order_index.hpp"
#include "sigmax/detail/order_pool.hpp"

using namespace sigmax;

namespace {

struct Expected {
    const RestingOrder* address;
    std::uint64_t id;
    std::int64_t price;
    OrderIndex prev, next;
};

void fill(RestingOrder& r, std::uint64_t id) {
    r.id = id;
    r.price = static_cast<std::int64_t>(id * 7);
    r.open = static_cast<std::int64_t>(id % 1000) + 1;
    r.filled = 0;
    r.prev = static_cast<OrderIndex>(id * 3);
    r.next = static_cast<OrderIndex>(id * 5);
    r.symbol = 1;
    r.side = Side::Buy;
}

void check(const OrderPool& pool, const std::unordered_map<OrderIndex, Expected>& live) {
    for (const auto& [i, want] : live) {
        const RestingOrder& r = pool[i];
        REQUIRE(&r == want.address);
        REQUIRE(r.id == want.id);
        REQUIRE(r.price == want.price);
        REQUIRE(r.prev == want.prev);
        REQUIRE(r.next == want.next);
    }
}

}  // namespace

TEST_CASE("records keep their data and their addresses while the pool grows across chunk boundaries", "[pool]") {
    OrderPool pool(16);
    std::unordered_map<OrderIndex, Expected> live;
    std::vector<OrderIndex> order;  // live indexes, for random release
    std::mt19937_64 rng(8);
    std::uint64_t id = 1;
    const std::size_t target = 3 * OrderPool::kChunkRecords + 1000;  // into a fourth chunk
    std::size_t checked_at = 0;
    while (live.size() < target) {
        if (!order.empty() && rng() % 100 < 20) {
            const std::size_t k = rng() % order.size();
            const OrderIndex i = order[k];
            order[k] = order.back();
            order.pop_back();
            live.erase(i);
            pool.release(i);
            continue;
        }
        const OrderIndex i = pool.allocate();
        REQUIRE(i != kNil);
        REQUIRE(live.count(i) == 0);  // never a record in use
        RestingOrder& r = pool[i];
        fill(r, id);
        live[i] = Expected{&r, id, r.price, r.prev, r.next};
        order.push_back(i);
        ++id;
        if (pool.capacity() > checked_at) {  // just grew: every record must be where and what it was
            checked_at = pool.capacity();
            check(pool, live);
        }
    }
    CHECK(pool.capacity() > 3 * OrderPool::kChunkRecords);
    check(pool, live);
}

TEST_CASE("the first chunk grows in doubling steps and later ones a whole chunk at a time", "[pool]") {
    OrderPool pool(100);
    CHECK(pool.capacity() == 100);
    CHECK(pool.initial_capacity() == 100);
    for (int k = 0; k < 100; ++k) REQUIRE(pool.allocate() != kNil);
    CHECK(!pool.has_room());
    REQUIRE(pool.allocate() != kNil);
    CHECK(pool.capacity() == 200);
    while (pool.capacity() < OrderPool::kChunkRecords) REQUIRE(pool.grow());
    CHECK(pool.capacity() == OrderPool::kChunkRecords);
    REQUIRE(pool.grow());
    CHECK(pool.capacity() == 2 * OrderPool::kChunkRecords);
}

TEST_CASE("a pool at its record bound returns kNil and changes nothing until a record is released", "[pool][bounds]") {
    // The 32-bit bound (2^32 - 1 records) scaled down: the same code path.
    OrderPool pool(0, 100);
    std::vector<OrderIndex> got;
    for (int k = 0; k < 100; ++k) {
        const OrderIndex i = pool.allocate();
        REQUIRE(i != kNil);
        pool[i].id = static_cast<std::uint64_t>(k) + 1;
        got.push_back(i);
    }
    CHECK(pool.capacity() == 100);
    CHECK(!pool.has_room());
    CHECK(!pool.grow());
    CHECK(pool.allocate() == kNil);
    CHECK(pool.capacity() == 100);
    for (std::size_t k = 0; k < got.size(); ++k) CHECK(pool[got[k]].id == k + 1);
    pool.release(got[42]);
    CHECK(pool.allocate() == got[42]);
    CHECK(pool.allocate() == kNil);
}

TEST_CASE("a pool bound or reserve past what 32-bit indexes address is refused", "[pool][bounds]") {
    CHECK(OrderPool::kMaxRecords == std::size_t{0xFFFFFFFFu});  // every index but kNil
    CHECK_THROWS_AS(OrderPool(0, OrderPool::kMaxRecords + 1), std::length_error);
    CHECK_THROWS_AS(OrderPool(OrderPool::kMaxRecords + 1), std::length_error);
    CHECK_THROWS_AS(OrderPool(101, 100), std::length_error);
}

TEST_CASE("a huge reserve commits only kEagerRecords up front and the rest when needed", "[pool][lazy]") {
    OrderPool pool(std::size_t{1} << 31);
    CHECK(pool.capacity() == OrderPool::kEagerRecords);
    for (std::size_t k = 0; k <= OrderPool::kEagerRecords; ++k) REQUIRE(pool.allocate() != kNil);
    CHECK(pool.capacity() == OrderPool::kEagerRecords + OrderPool::kChunkRecords);
}

TEST_CASE("shrink gives back the chunks after the last live record and reuses free records lowest first", "[pool][shrink]") {
    OrderPool pool(16);
    const std::size_t n = 2 * OrderPool::kChunkRecords + 10;
    for (std::size_t k = 0; k < n; ++k) {
        const OrderIndex i = pool.allocate();
        REQUIRE(i == k);  // a fresh pool hands out indexes in order
        fill(pool[i], k + 1);
    }
    const std::size_t grown = pool.capacity();
    CHECK(grown == 3 * OrderPool::kChunkRecords);
    std::unordered_map<OrderIndex, Expected> live;
    for (OrderIndex i = 0; i < n; ++i) {
        if (i == 3 || i == 1000) {
            const RestingOrder& r = pool[i];
            live[i] = Expected{&r, r.id, r.price, r.prev, r.next};
        } else {
            pool.release(i);
        }
    }
    pool.shrink();
    CHECK(pool.capacity() == OrderPool::kChunkRecords);  // the chunk holding record 1000 stays
    check(pool, live);
    // Free records come back lowest index first, skipping the live ones.
    CHECK(pool.allocate() == 0);
    CHECK(pool.allocate() == 1);
    CHECK(pool.allocate() == 2);
    CHECK(pool.allocate() == 4);
    // And the pool grows again past what it gave back.
    std::size_t allocated = 4;
    while (allocated < n) {
        const OrderIndex i = pool.allocate();
        REQUIRE(i != kNil);
        REQUIRE(live.count(i) == 0);
        fill(pool[i], 1000000 + allocated);
        ++allocated;
    }
    check(pool, live);
    CHECK(pool.capacity() == grown);
}

TEST_CASE("shrink of a pool with nothing live keeps the construction's commitment", "[pool][shrink]") {
    OrderPool pool(1000);
    std::vector<OrderIndex> got;
    for (std::size_t k = 0; k < OrderPool::kChunkRecords + 5; ++k) {
        got.push_back(pool.allocate());
        pool[got.back()].id = k + 1;
    }
    for (OrderIndex i : got) pool.release(i);
    pool.shrink();
    CHECK(pool.capacity() == 1000);
    for (OrderIndex k = 0; k < 1000; ++k) REQUIRE(pool.allocate() == k);
    REQUIRE(pool.allocate() == 1000);  // a growth step past the commitment
}

TEST_CASE("shrinking the id index keeps every id findable and stops at its initial size", "[index][shrink]") {
    OrderPool pool(16);
    OrderIndexMap index(16);
    const std::size_t initial = index.slot_count();
    std::vector<OrderIndex> at;
    for (std::uint64_t id = 1; id <= 100000; ++id) {
        const OrderIndex i = pool.allocate();
        pool[i].id = id;
        index.insert(id, i);
        at.push_back(i);
    }
    const std::size_t grown = index.slot_count();
    for (std::uint64_t id = 1; id <= 100000; ++id) {
        if (id % 100 == 0) continue;  // 1000 stay
        index.erase(id, pool);
        pool.release(at[id - 1]);
    }
    index.shrink();
    CHECK(index.slot_count() == 2048);  // the smallest power of two at most half full with 1000
    CHECK(index.slot_count() < grown);
    for (std::uint64_t id = 100; id <= 100000; id += 100) REQUIRE(index.find(id, pool) == at[id - 1]);
    CHECK(index.find(99, pool) == kNil);
    for (std::uint64_t id = 100; id <= 100000; id += 100) index.erase(id, pool);
    index.shrink();
    CHECK(index.slot_count() == initial);
    CHECK(index.size() == 0);
}
