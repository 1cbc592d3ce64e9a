// Growth pauses and resident memory of a book of many resting orders:
// rests N orders one at a time (GTC limits that cross nothing, on 2,000
// prices a side), timing each, then cancels them all and shrinks. Prints the
// longest single-order pauses (with the order's number: a pause at a power of
// two is the id index doubling, one at a multiple of the pool's growth step
// is the pool committing memory) and resident bytes per resting order (the
// RSS from /proc/self/statm, against the RSS before the engine was built).
//
//   ./build/bench/bench/sigmax_memory_growth [ORDERS] [ORDER_CAPACITY]
//
// Defaults: 10,000,000 orders, order_capacity 65,536 (the default config).
// Builds against any revision of the engine (Engine::shrink is used when it
// exists), so the same program measures a baseline.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "machine.hpp"
#include "sigmax/engine.hpp"

using namespace sigmax;

namespace {

double rss_bytes() {
    long pages = 0, resident = 0;
    std::FILE* f = std::fopen("/proc/self/statm", "r");
    if (!f) return 0;
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
    return static_cast<double>(resident) * 4096.0;
}

struct Pause {
    double ms;
    std::size_t order;  // 1-based
};

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t orders = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000'000;
    const std::size_t capacity = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 65536;
    std::printf("machine: %s\n", cli::describe(cli::read_machine_info()).c_str());

    const double rss0 = rss_bytes();
    auto t = std::chrono::steady_clock::now();
    Engine::Config config;
    config.order_capacity = capacity;
    config.fill_capacity = 0;
    Engine engine(config);
    std::printf("order_capacity %zu: built in %.1f ms, RSS +%.1f MiB\n", capacity, ms_since(t),
                (rss_bytes() - rss0) / 1048576.0);
    if (engine.configure_symbol(1, 1.0, 1.0) != Status::Ok) return 1;

    std::vector<Pause> pauses;  // the slowest orders, kept short
    double rss_at_million = 0;
    ExecutionReport r;
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t n = 0; n < orders; ++n) {
        const bool buy = n % 2 == 0;
        const double level = static_cast<double>(n / 2 % 2000);
        const double price = buy ? 2000.0 - level : 2001.0 + level;
        const OrderRequest o{1, buy ? Side::Buy : Side::Sell, OrderType::Limit, TimeInForce::GTC, price, 1.0};
        const auto t0 = std::chrono::steady_clock::now();
        if (const Status s = engine.execute(o, r); s != Status::Ok) {
            std::printf("order %zu: status %d\n", n + 1, static_cast<int>(s));
            return 2;
        }
        const double ms = ms_since(t0);
        if (pauses.size() < 8 || ms > pauses.back().ms) {
            pauses.push_back({ms, n + 1});
            std::sort(pauses.begin(), pauses.end(), [](const Pause& a, const Pause& b) { return a.ms > b.ms; });
            if (pauses.size() > 8) pauses.pop_back();
        }
        if (n + 1 == 1'000'000) rss_at_million = rss_bytes();
    }
    const double total_ms = ms_since(start);
    const double rss_full = rss_bytes();
    std::printf("rested %zu orders in %.0f ms (%.0f ns/order on average)\n", orders, total_ms,
                total_ms * 1e6 / static_cast<double>(orders));
    std::printf("longest single-order pauses:");
    for (const Pause& p : pauses) std::printf(" %.2f ms (order %zu)", p.ms, p.order);
    std::printf("\n");
    if (rss_at_million > 0)
        std::printf("resident at 1,000,000 orders: %.1f bytes/order\n", (rss_at_million - rss0) / 1e6);
    std::printf("resident at %zu orders: %.1f bytes/order (RSS +%.1f MiB)\n", orders,
                (rss_full - rss0) / static_cast<double>(orders), (rss_full - rss0) / 1048576.0);

    t = std::chrono::steady_clock::now();
    for (std::uint64_t id = 1; id <= orders; ++id)
        if (engine.cancel(id) != Status::Ok) return 3;
    std::printf("cancelled all in %.0f ms: RSS +%.1f MiB\n", ms_since(t), (rss_bytes() - rss0) / 1048576.0);
    // A generic lambda, so that a revision without shrink() still compiles.
    const auto shrink = [&](auto& e) {
        if constexpr (requires { e.shrink(); }) {
            t = std::chrono::steady_clock::now();
            if (e.shrink() != Status::Ok) return false;
            std::printf("shrink() in %.1f ms: RSS +%.1f MiB\n", ms_since(t), (rss_bytes() - rss0) / 1048576.0);
        } else {
            std::printf("this revision has no shrink()\n");
        }
        return true;
    };
    if (!shrink(engine)) return 4;
    return 0;
}
