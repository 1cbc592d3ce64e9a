// The engine's memory rules: the pool grows without losing an order,
// order_capacity is lazy past 2^20, an order that cannot have a record
// changes nothing, and shrink() gives memory back with every order intact.
#include "helpers.hpp"

#include <algorithm>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <random>
#include <stdexcept>
#include <unordered_map>
#include <vector>

using namespace test;

namespace {

// The book of one symbol as it should be: per side and price (ticks), the
// resting orders' ids and open lots, oldest first.
struct Reference {
    struct Entry {
        std::uint64_t id;
        std::int64_t lots;
    };
    std::map<std::int64_t, std::deque<Entry>> side[2];
    std::unordered_map<std::uint64_t, std::pair<Side, std::int64_t>> where;  // id -> side, price

    void rest(Side s, std::int64_t price, std::uint64_t id, std::int64_t lots) {
        side[static_cast<int>(s)][price].push_back({id, lots});
        where[id] = {s, price};
    }
    std::deque<Entry>& queue(std::uint64_t id) {
        const auto [s, price] = where.at(id);
        return side[static_cast<int>(s)].at(price);
    }
    void cancel(std::uint64_t id) {
        auto& q = queue(id);
        for (auto it = q.begin(); it != q.end(); ++it)
            if (it->id == id) {
                q.erase(it);
                break;
            }
        const auto [s, price] = where.at(id);
        if (q.empty()) side[static_cast<int>(s)].erase(price);
        where.erase(id);
    }
    // A decrease keeps the order's place, an increase sends it to the back.
    void amend(std::uint64_t id, std::int64_t lots) {
        auto& q = queue(id);
        for (auto it = q.begin(); it != q.end(); ++it)
            if (it->id == id) {
                if (lots <= it->lots) {
                    it->lots = lots;
                } else {
                    q.erase(it);
                    q.push_back({id, lots});
                }
                return;
            }
    }
};

// Every order the reference holds is in the engine with its price and open
// lots; then a market order per side sweeps the book, and its fills must name
// the makers in price-time order with their open lots.
void check_and_sweep(Engine& e, Reference& ref) {
    (void)drain(e);
    std::size_t total = 0;
    for (const auto& [id, at] : ref.where) {
        OrderInfo info;
        REQUIRE(e.order_info(id, info) == Status::Ok);
        REQUIRE(static_cast<std::int64_t>(info.price) == at.second);
        ++total;
    }
    CHECK(e.stats_snapshot().resting_orders == total);
    for (const Side maker_side : {kBuy, kSell}) {
        auto& levels = ref.side[static_cast<int>(maker_side)];
        std::vector<Reference::Entry> expected;
        std::int64_t lots = 0;
        auto collect = [&](auto begin, auto end) {
            for (auto it = begin; it != end; ++it)
                for (const auto& entry : it->second) {
                    expected.push_back(entry);
                    lots += entry.lots;
                }
        };
        if (maker_side == kBuy) collect(levels.rbegin(), levels.rend());  // best bid first
        else collect(levels.begin(), levels.end());
        if (expected.empty()) continue;
        const ExecutionReport r = submit(e, market(opposite(maker_side), static_cast<double>(lots)));
        REQUIRE(r.status == OrderStatus::Filled);
        const std::vector<Fill> fills = drain(e);
        REQUIRE(fills.size() == expected.size());
        for (std::size_t k = 0; k < fills.size(); ++k) {
            REQUIRE(fills[k].maker_order_id == expected[k].id);
            REQUIRE(fills[k].quantity_lots == expected[k].lots);
        }
        levels.clear();
    }
    ref.where.clear();
    CHECK(e.stats_snapshot().resting_orders == 0);
}

// Rests `n` orders on random prices that do not cross (bids 1..50, asks
// 51..100), cancelling and amending some on the way.
void rest_many(Engine& e, Reference& ref, std::size_t n, std::mt19937_64& rng) {
    std::vector<std::uint64_t> ids;
    while (ref.where.size() < n) {
        const int what = static_cast<int>(rng() % 100);
        if (what < 10 && !ids.empty()) {
            const std::size_t k = rng() % ids.size();
            const std::uint64_t id = ids[k];
            ids[k] = ids.back();
            ids.pop_back();
            if (!ref.where.count(id)) continue;
            if (what < 6) {
                REQUIRE(e.cancel(id) == Status::Ok);
                ref.cancel(id);
            } else {
                const std::int64_t lots = static_cast<std::int64_t>(rng() % 20) + 1;
                REQUIRE(e.amend(id, static_cast<double>(lots)) == Status::Ok);
                ref.amend(id, lots);
                ids.push_back(id);
            }
            continue;
        }
        const Side s = rng() % 2 ? kBuy : kSell;
        const std::int64_t price = static_cast<std::int64_t>(rng() % 50) + (s == kBuy ? 1 : 51);
        const std::int64_t lots = static_cast<std::int64_t>(rng() % 20) + 1;
        const ExecutionReport r = submit(e, limit(s, static_cast<double>(price), static_cast<double>(lots)));
        REQUIRE(r.status == OrderStatus::New);
        ref.rest(s, price, r.order_id, lots);
        ids.push_back(r.order_id);
    }
}

Engine::Config small(std::size_t capacity) {
    Engine::Config c;
    c.order_capacity = capacity;
    return c;
}

}  // namespace

TEST_CASE("orders keep their data and queue places while the pool grows across chunk boundaries", "[memory]") {
    Engine e(small(16));
    REQUIRE(e.configure_symbol(kSym, 1.0, 1.0) == Status::Ok);
    Reference ref;
    std::mt19937_64 rng(22);
    rest_many(e, ref, 2 * OrderPool::kChunkRecords + 5000, rng);
    CHECK(e.committed_order_bytes() >= 3 * OrderPool::kChunkBytes);
    check_and_sweep(e, ref);
}

TEST_CASE("after mass cancellation shrink gives memory back and the orders left stay usable", "[memory][shrink]") {
    Engine e(small(1024));
    REQUIRE(e.configure_symbol(kSym, 1.0, 1.0) == Status::Ok);
    const std::size_t initial = e.committed_order_bytes();
    Reference ref;
    std::mt19937_64 rng(23);
    rest_many(e, ref, 2 * OrderPool::kChunkRecords + 5000, rng);
    const std::size_t grown = e.committed_order_bytes();
    // Cancel all but the oldest few hundred (the lowest pool records).
    std::vector<std::uint64_t> ids;
    for (const auto& [id, at] : ref.where) ids.push_back(id);
    for (const std::uint64_t id : ids) {
        if (id <= 600) continue;
        REQUIRE(e.cancel(id) == Status::Ok);
        ref.cancel(id);
    }
    const auto before = e.stats_snapshot();
    REQUIRE(e.shrink() == Status::Ok);
    const std::size_t shrunk = e.committed_order_bytes();
    CHECK(shrunk < grown / 2);
    CHECK(shrunk >= initial);
    const auto after = e.stats_snapshot();
    CHECK(after.orders_processed == before.orders_processed);
    CHECK(after.resting_orders == before.resting_orders);
    CHECK(after.resting_orders == ref.where.size());
    // The orders left can be amended and cancelled...
    std::vector<std::uint64_t> left;
    for (const auto& [id, at] : ref.where) left.push_back(id);
    std::sort(left.begin(), left.end());
    REQUIRE(left.size() >= 4);
    REQUIRE(e.cancel(left[0]) == Status::Ok);
    ref.cancel(left[0]);
    REQUIRE(e.amend(left[1], 25.0) == Status::Ok);  // an increase: to the back
    ref.amend(left[1], 25);
    REQUIRE(e.amend(left[2], 1.0) == Status::Ok);   // a decrease: keeps its place
    ref.amend(left[2], 1);
    // ...new orders rest beside them, ids continue, the pool grows again...
    const std::uint64_t next_id = submit(e, limit(kBuy, 1.0, 1.0)).order_id;
    CHECK(next_id == before.orders_processed + 1);
    ref.rest(kBuy, 1, next_id, 1);
    rest_many(e, ref, ref.where.size() + OrderPool::kChunkRecords + 10, rng);
    // ...and everything matches in price-time order.
    check_and_sweep(e, ref);
}

TEST_CASE("shrink while another caller holds the engine returns Busy and changes nothing", "[memory][shrink]") {
    Engine e(small(16));
    submit(e, limit(kBuy, 10.0, 1.0));
    const std::size_t bytes = e.committed_order_bytes();
    {
        Engine::Session session(e);
        REQUIRE(session.owned());
        CHECK(e.shrink() == Status::Busy);
    }
    CHECK(e.committed_order_bytes() == bytes);
    CHECK(e.shrink() == Status::Ok);
}

TEST_CASE("an order that would rest past the record bound gets NoMemory and changes nothing", "[memory][bounds]") {
    // Engine::Config::max_resting_orders scales the pool's 32-bit bound down.
    Engine::Config c = small(4);
    c.max_resting_orders = 4;
    Engine e(c);
    for (int k = 0; k < 4; ++k) submit(e, limit(kBuy, 10.0 - k, 1.0));  // ids 1..4: bids 10, 9, 8, 7
    const auto stats = e.stats_snapshot();
    ExecutionReport r;
    r.order_id = 77;
    CHECK(e.execute(limit(kBuy, 5.0, 1.0), r) == Status::NoMemory);
    CHECK(r.order_id == 0);  // the report is reset
    CHECK(e.execute(limit(kSell, 11.0, 1.0, TimeInForce::PostOnly), r) == Status::NoMemory);
    // A sell that would fill partially and rest the rest: nothing trades either.
    CHECK(e.execute(limit(kSell, 10.0, 2.0), r) == Status::NoMemory);
    CHECK(drain(e).empty());
    check_depth(e, {{10, 1}, {9, 1}, {8, 1}, {7, 1}}, {});
    CHECK(e.stats_snapshot().orders_processed == stats.orders_processed);
    CHECK(e.stats_snapshot().invalid_requests == stats.invalid_requests);
    // Orders that need no record still run: one that fills completely,
    // a post-only that is rejected, an IOC.
    CHECK(submit(e, limit(kSell, 10.0, 1.0)).status == OrderStatus::Filled);
    CHECK(submit(e, limit(kBuy, 9.0, 1.0)).order_id == 6);  // the filled maker's record
    CHECK(submit(e, limit(kSell, 9.0, 1.0, TimeInForce::PostOnly)).status == OrderStatus::Rejected);
    CHECK(submit(e, limit(kSell, 1.0, 1.0, TimeInForce::IOC)).status == OrderStatus::Filled);
    // Ids stayed consecutive through the refusals; a freed record rests a new order.
    CHECK(submit(e, limit(kBuy, 5.0, 1.0)).status == OrderStatus::New);
    CHECK(e.execute(limit(kBuy, 4.0, 1.0), r) == Status::NoMemory);
}

TEST_CASE("two thousand engines at once each get the default resting-order bound", "[memory][bounds]") {
    // Each pool reserves address space for its bound up front. With the
    // bound at 2^32 - 1 records (192 GiB each), the 128 TiB of a process
    // ran out after ~680 engines, and with it the address space every other
    // allocation of the process needs.
    Engine::Config c = small(64);
    c.fill_capacity = 0;
    std::vector<std::unique_ptr<Engine>> engines;
    for (int k = 0; k < 2000; ++k) engines.push_back(std::make_unique<Engine>(c));
    const std::size_t bound = std::min(Engine::kDefaultMaxRestingOrders, OrderPool::kMaxReservedRecords);
    std::size_t at_bound = 0;
    for (const auto& e : engines) at_bound += e->max_resting_orders() == bound;
    CHECK(at_bound == engines.size());
    // and the process can still map 1 GiB
    CHECK(std::make_unique_for_overwrite<std::byte[]>(std::size_t{1} << 30) != nullptr);
}

TEST_CASE("a huge order_capacity commits at most 2^20 records up front; past 2^31 it is refused", "[memory][lazy]") {
    Engine e(small(Engine::kMaxOrderCapacity));
    // 2^20 records and the index slots for them, not 2^31 records (96 GiB).
    CHECK(e.committed_order_bytes() ==
          OrderPool::kEagerRecords * sizeof(RestingOrder) + 2 * OrderPool::kEagerRecords * 8);
    submit(e, limit(kBuy, 10.0, 1.0));
    CHECK_THROWS_AS(Engine(small(Engine::kMaxOrderCapacity + 1)), std::length_error);
}
