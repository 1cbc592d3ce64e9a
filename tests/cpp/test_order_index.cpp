// The id index: a randomized comparison with std::unordered_map.
#include "helpers.hpp"

#include <random>
#include <unordered_map>

#include "sigmax/detail/order_index.hpp"

using namespace sigmax;

TEST_CASE("the order index finds exactly the ids inserted and not yet erased", "[index]") {
    OrderPool pool(16);
    OrderIndexMap index(16);  // starts small: must grow on the way
    std::unordered_map<std::uint64_t, OrderIndex> reference;
    std::vector<std::uint64_t> live;
    std::mt19937_64 rng(3);
    std::uint64_t next_id = 1;
    for (int step = 0; step < 200000; ++step) {
        const bool insert = live.empty() || rng() % 100 < 55;
        if (insert) {
            // Long runs of consecutive ids and ids far apart (same low 32 bits as an earlier one).
            const std::uint64_t id = rng() % 50 == 0 ? next_id + (std::uint64_t{1} << 32) : next_id;
            ++next_id;
            const OrderIndex i = pool.allocate();
            pool[i].id = id;
            index.insert(id, i);
            reference[id] = i;
            live.push_back(id);
        } else {
            const std::size_t k = rng() % live.size();
            const std::uint64_t id = live[k];
            live[k] = live.back();
            live.pop_back();
            index.erase(id, pool);
            pool.release(reference[id]);
            reference.erase(id);
        }
        if (step % 1000 == 0) {
            for (std::uint64_t id : live) REQUIRE(index.find(id, pool) == reference[id]);
            REQUIRE(index.find(next_id + 5, pool) == kNil);
            REQUIRE(index.size() == reference.size());
        }
    }
}

TEST_CASE("erasing from a long run of consecutive ids keeps every other id findable", "[index]") {
    OrderPool pool(4096);
    OrderIndexMap index(4096);
    for (std::uint64_t id = 1; id <= 4000; ++id) {
        const OrderIndex i = pool.allocate();
        pool[i].id = id;
        index.insert(id, i);
    }
    for (std::uint64_t id = 1; id <= 4000; id += 2) {
        const OrderIndex i = index.find(id, pool);
        REQUIRE(i != kNil);
        index.erase(id, pool);
        pool.release(i);
    }
    for (std::uint64_t id = 2; id <= 4000; id += 2) REQUIRE(index.find(id, pool) != kNil);
    for (std::uint64_t id = 1; id <= 4000; id += 2) REQUIRE(index.find(id, pool) == kNil);
}

TEST_CASE("ids below 2^32 are their own keys, and ids that differ only in their high 32 bits get different keys",
          "[index]") {
    const SequentialIdKey key;
    for (std::uint64_t id : {std::uint64_t{1}, std::uint64_t{12345}, std::uint64_t{0xFFFFFFFF}})
        REQUIRE(key(id) == static_cast<std::uint32_t>(id));
    // Client ids such as (session << 32) | sequence: 65,536 sessions with the same sequence.
    std::unordered_map<std::uint32_t, std::uint64_t> seen;
    for (std::uint64_t session = 0; session < 65536; ++session) {
        const std::uint64_t id = (session << 32) | 7u;
        REQUIRE(seen.emplace(key(id), id).second);
    }
}
