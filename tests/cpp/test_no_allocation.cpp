// The hot path allocates nothing in steady state. This binary replaces the
// global operator new to count allocations (alloc_hook.cpp), so it is its
// own executable.
#include <catch2/catch.hpp>

#include <random>

#include "alloc_hook.hpp"
#include "sigmax/engine.hpp"

using namespace sigmax;

namespace {

// A steady mix: limits near a fixed mid, some crossing, markets, cancels,
// amends; the live set stays bounded by cancelling the oldest orders.
void run_flow(Engine& e, std::mt19937_64& rng, int n, std::vector<std::uint64_t>& live, std::size_t& head) {
    Fill fills[256];
    for (int i = 0; i < n; ++i) {
        const int what = static_cast<int>(rng() % 10);
        if (what < 2 && head < live.size()) {
            (void)e.cancel(live[head++]);
        } else if (what == 2 && head < live.size()) {
            (void)e.amend(live[head], 1.0 + static_cast<double>(rng() % 3));
        } else {
            OrderRequest o;
            o.symbol = static_cast<std::uint32_t>(rng() % 4);
            o.side = rng() % 2 ? Side::Buy : Side::Sell;
            o.type = what == 3 ? OrderType::Market : OrderType::Limit;
            o.tif = what == 4 ? TimeInForce::IOC : TimeInForce::GTC;
            o.price = 100.0 + static_cast<double>(static_cast<int>(rng() % 11) - 5);
            o.quantity = 1.0 + static_cast<double>(rng() % 4);
            ExecutionReport r;
            REQUIRE(e.execute(o, r) == Status::Ok);
            if (r.remaining_quantity > 0) live.push_back(r.order_id);
        }
        if (i % 64 == 0) {
            std::size_t k = 0;
            do REQUIRE(e.drain_fills(fills, k) == Status::Ok); while (k == 256);
        }
        if (head > 4096) {  // keep `live` from growing without bound
            live.erase(live.begin(), live.begin() + static_cast<std::ptrdiff_t>(head));
            head = 0;
        }
    }
}

}  // namespace

TEST_CASE("a steady-state stream of orders, cancels and amends makes no heap allocation", "[allocation]") {
    Engine e;
    std::mt19937_64 rng(42);
    std::vector<std::uint64_t> live;
    live.reserve(1 << 20);
    std::size_t head = 0;
    run_flow(e, rng, 200000, live, head);  // warm-up: books, pool and index reach their size

    const std::uint64_t before = alloc_hook::count();
    run_flow(e, rng, 200000, live, head);
    const std::uint64_t after = alloc_hook::count();
    CHECK(after - before == 0);
    CHECK(e.stats_snapshot().fills > 10000);
}

TEST_CASE("the allocation counter does see allocations", "[allocation]") {
    const std::uint64_t before = alloc_hook::count();
    void* p = ::operator new(16);  // a direct call: new-expressions may be elided
    ::operator delete(p);
    CHECK(alloc_hook::count() == before + 1);
}

TEST_CASE("the memory committed for resting orders is at most resting_order_bytes() each, plus one pool chunk",
          "[allocation]") {
    Engine::Config config;
    config.order_capacity = 16;
    Engine e(config);
    REQUIRE(e.configure_symbol(1, 1.0, 1.0) == Status::Ok);
    const std::size_t n = 3 * OrderPool::kChunkRecords + 7;
    ExecutionReport r;
    for (std::size_t k = 0; k < n; ++k) {
        const OrderRequest o{1, Side::Buy, OrderType::Limit, TimeInForce::GTC, static_cast<double>(k % 500 + 1), 1.0};
        REQUIRE(e.execute(o, r) == Status::Ok);
        const std::size_t resting = k + 1;
        if (resting > OrderPool::kChunkRecords)  // past the first chunk, whose growth doubles
            REQUIRE(e.committed_order_bytes() <= resting * Engine::resting_order_bytes() + OrderPool::kChunkBytes);
    }
    CHECK(Engine::resting_order_bytes() == 96);  // 64-byte record, 16-32 bytes of index
}

TEST_CASE("orders that cannot rest, on symbol ids never seen, allocate nothing: no book is kept for them",
          "[allocation]") {
    // Market, IOC and FOK orders meet an empty book on a fresh symbol; the
    // ids cover the directly indexed range and the map above it.
    Engine e;
    const std::uint64_t before = alloc_hook::count();
    for (std::uint32_t n = 0; n < 20000; ++n) {
        OrderRequest o;
        o.symbol = n % 2 ? 100 + n : 5000 + n * 7919u;
        o.side = n % 3 ? Side::Buy : Side::Sell;
        o.type = n % 4 == 0 ? OrderType::Market : OrderType::Limit;
        o.tif = o.type == OrderType::Market ? TimeInForce::IOC : (n % 4 == 1 ? TimeInForce::IOC : TimeInForce::FOK);
        o.price = 100.0;
        o.quantity = 1.0;
        ExecutionReport r;
        REQUIRE(e.execute(o, r) == Status::Ok);
        REQUIRE(r.status == OrderStatus::Cancelled);
        REQUIRE(r.executed_quantity == 0.0);
    }
    CHECK(alloc_hook::count() == before);
    // A resting order on a fresh symbol still gets its book and rests.
    ExecutionReport r;
    REQUIRE(e.execute(OrderRequest{77777, Side::Buy, OrderType::Limit, TimeInForce::GTC, 100.0, 1.0}, r) ==
            Status::Ok);
    CHECK(r.status == OrderStatus::New);
    TopOfBook top{};
    REQUIRE(e.top_of_book(77777, top) == Status::Ok);
    CHECK(top.has_bid);
}

TEST_CASE("after reserve_level, a new level allocates nothing, even one that spills the hot part or splits a block",
          "[allocation]") {
    BookSide side(Side::Sell);
    std::uint64_t inserts_that_allocated = 0;
    int spills = 0, splits = 0;
    // Asks from far to near, every 4th tick (each new level the best: the
    // hot part fills and spills), then every tick of a stretch behind the
    // touch (its blocks fill and split).
    auto add = [&](std::int64_t price) {
        side.reserve_level();
        const std::size_t blocks = side.blocks(), hot = side.hot_levels();
        const std::uint64_t before = alloc_hook::count();
        side.insert(side.locate(price), price).count = 1;
        inserts_that_allocated += alloc_hook::count() != before;
        if (side.blocks() > blocks && side.hot_levels() < hot) ++spills;
        else if (side.blocks() > blocks) ++splits;
    };
    for (std::int64_t p = 40000; p > 0; p -= 4) add(p);
    for (std::int64_t p = 30000; p > 20000; --p)
        if (p % 4 != 0) add(p);
    CHECK(spills > 0);
    CHECK(splits > 0);
    CHECK(inserts_that_allocated == 0);
    CHECK(side.valid());
}

TEST_CASE("a deep book that has been built once is swept and rebuilt without allocating", "[allocation]") {
    Engine e;
    REQUIRE(e.configure_symbol(1, 1.0, 1.0) == Status::Ok);
    Fill fills[256];
    auto cycle = [&] {
        ExecutionReport r;
        for (int k = 0; k < 3000; ++k)  // shuffled: far, near and middle levels at every stage
            REQUIRE(e.execute(OrderRequest{1, Side::Sell, OrderType::Limit, TimeInForce::GTC,
                                           1000.0 + (k * 1237) % 3000, 1.0}, r) == Status::Ok);
        REQUIRE(e.execute(OrderRequest{1, Side::Buy, OrderType::Market, TimeInForce::IOC, 0.0, 3000.0}, r) ==
                Status::Ok);
        REQUIRE(r.fill_count == 3000);
        std::size_t k = 0;
        do REQUIRE(e.drain_fills(fills, k) == Status::Ok); while (k == 256);
    };
    cycle();
    const std::uint64_t before = alloc_hook::count();
    cycle();
    cycle();
    CHECK(alloc_hook::count() == before);
}

TEST_CASE("a steady-state stream of integer submits, cancels and replaces makes no heap allocation",
          "[allocation][entry]") {
    Engine e;
    REQUIRE(e.configure_symbol(1, 1.0, 1.0) == Status::Ok);
    REQUIRE(e.configure_symbol(2, 1.0, 1.0) == Status::Ok);
    std::mt19937_64 rng(43);
    std::uint64_t next_id = 1;
    std::uint64_t events = 0;
    auto sink = [&events](const OrderEvent&) { ++events; };
    // The live ids are a ring: a cancel or replace names a recent one,
    // whether it still rests or not.
    std::vector<std::uint64_t> recent(4096, 0);
    const auto flow = [&](int n) {
        for (int i = 0; i < n; ++i) {
            const int what = static_cast<int>(rng() % 10);
            const std::uint64_t some = recent[rng() % recent.size()];
            if (what < 3) {
                (void)e.cancel(some, sink);
            } else if (what == 3) {
                (void)e.replace(some, 95 + static_cast<std::int64_t>(rng() % 11), 1 + static_cast<std::int64_t>(rng() % 4),
                                sink);
            } else {
                NewOrder o;
                o.client_id = next_id++;
                o.symbol = 1 + static_cast<std::uint32_t>(rng() % 2);
                o.side = rng() % 2 ? Side::Buy : Side::Sell;
                o.type = what == 4 ? OrderType::Market : OrderType::Limit;
                o.tif = what == 5 ? TimeInForce::IOC : TimeInForce::GTC;
                o.price = 95 + static_cast<std::int64_t>(rng() % 11);
                o.lots = 1 + static_cast<std::int64_t>(rng() % 4);
                REQUIRE(e.submit(o, sink) == Status::Ok);
                recent[o.client_id % recent.size()] = o.client_id;
            }
            if (i % 50'000 == 0) (void)e.cancel_all(1 + static_cast<std::uint32_t>(rng() % 2), sink);
        }
    };
    flow(200000);  // warm-up
    const std::uint64_t before = alloc_hook::count();
    flow(200000);
    CHECK(alloc_hook::count() - before == 0);
    CHECK(e.stats_snapshot().fills > 10000);
    CHECK(events > 400000);
}
