// The failure guarantee (docs/semantics.md, "Failure guarantee"): a call whose
// allocation fails returns NoMemory with the engine exactly as before the
// call, and the engine stays fully usable. Proved by a sweep: a scenario that
// grows every container of the engine (books, the book table, levels near
// the touch and in blocks behind it, the id index, the fill ring) is run once to count each step's
// allocations; then, for every step and every k, a fresh engine runs the
// scenario with the k-th allocation of that step failing, and must show the
// state before that step, then give the reference's results for the step
// retried and every step after it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <functional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "alloc_hook.hpp"
#include "sigmax/engine.hpp"
#include "sigmax/pipeline.hpp"

using namespace sigmax;

namespace {

// What a step returned, in storage made before the step runs, so that the
// step itself allocates only inside the engine.
struct Outcome {
    Status status = Status::Ok;
    ExecutionReport report{};
    std::array<ExecutionReport, 8> batch{};
    std::size_t batch_count = 0;
    std::array<Fill, 256> fills{};
    std::size_t fill_count = 0;
    std::array<OrderEvent, 64> events{};  // an integer-entry step's events
    std::size_t event_count = 0;
};

// A step of the scenario. A batch step runs its orders [from, to) only (the
// others ignore the range), so that a batch stopped part-way can be checked
// against the orders before the stop and resumed after them.
using Step = std::function<Status(Engine&, Outcome&, std::size_t from, std::size_t to)>;
constexpr std::size_t kAll = ~std::size_t{0};
constexpr std::size_t kEntrySteps = 78;  // the integer-entry steps near the scenario's end

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

std::string text(const ExecutionReport& r) {
    return "report " + std::to_string(r.order_id) + " " + std::to_string(static_cast<int>(r.status)) + " " +
           num(r.executed_price) + " " + num(r.executed_quantity) + " " + num(r.remaining_quantity) + " " +
           num(r.slippage) + " " + std::to_string(r.symbol) + " " + std::to_string(r.fill_count) + " " +
           std::to_string(static_cast<int>(r.side)) + "\n";
}

std::string text(const Outcome& o) {
    std::string s = "status " + std::to_string(static_cast<int>(o.status)) + "\n" + text(o.report);
    for (std::size_t i = 0; i < o.batch_count; ++i) s += text(o.batch[i]);
    for (std::size_t i = 0; i < o.fill_count; ++i) {
        const Fill& f = o.fills[i];
        s += "fill " + std::to_string(f.trade_id) + " " + std::to_string(f.maker_order_id) + " " +
             std::to_string(f.taker_order_id) + " " + std::to_string(f.price_ticks) + " " +
             std::to_string(f.quantity_lots) + " " + std::to_string(f.symbol) + "\n";
    }
    for (std::size_t i = 0; i < o.event_count; ++i) {
        const OrderEvent& v = o.events[i];
        s += "event " + std::to_string(static_cast<int>(v.kind)) + " " + std::to_string(v.order_id) + " " +
             std::to_string(v.maker_id) + " " + std::to_string(v.price) + " " + std::to_string(v.lots) + " " +
             std::to_string(v.remaining) + " " + std::to_string(v.maker_remaining) + " " +
             std::to_string(v.symbol) + " " + std::to_string(static_cast<int>(v.status)) + " " +
             std::to_string(static_cast<int>(v.side)) + " " + std::to_string(static_cast<int>(v.reason)) + " " +
             std::to_string(v.maker_done) + "\n";
    }
    return s;
}

// Everything a caller can observe without changing it: books of every
// symbol the scenario uses, every order id it can have used, the
// statistics (timestamps are off: no latencies) and the pending fills.
std::string observe(Engine& e) {
    std::string s;
    for (std::uint32_t symbol : {1u, 2u, 3u, 4u, 5u, 6000u, 7000u}) {
        std::array<LevelView, 400> bids{}, asks{};
        std::size_t nb = 0, na = 0;
        REQUIRE(e.depth(symbol, bids, nb, asks, na) == Status::Ok);
        s += "symbol " + std::to_string(symbol) + " scale " + num(e.scale_of(symbol).tick_size) + " " +
             num(e.scale_of(symbol).lot_size) + "\n";
        for (std::size_t i = 0; i < nb; ++i)
            s += "bid " + num(bids[i].price) + " " + num(bids[i].quantity) + " " + std::to_string(bids[i].order_count) + "\n";
        for (std::size_t i = 0; i < na; ++i)
            s += "ask " + num(asks[i].price) + " " + num(asks[i].quantity) + " " + std::to_string(asks[i].order_count) + "\n";
    }
    for (std::uint64_t id = 1; id <= 1100; ++id) {  // every id the scenario uses
        if (id == 401) id = 1001;                   // engine ids, then client ids
        OrderInfo info{};
        if (e.order_info(id, info) != Status::Ok) continue;
        s += "order " + std::to_string(id) + " " + num(info.price) + " " + num(info.original_quantity) + " " +
             num(info.executed_quantity) + " " + num(info.remaining_quantity) + " " + std::to_string(info.symbol) +
             "\n";
    }
    const StatsSnapshot st = e.stats_snapshot();
    s += "stats " + std::to_string(st.orders_processed) + " " + std::to_string(st.fills) + " " +
         std::to_string(st.volume_lots) + " " + num(st.volume) + " " + std::to_string(st.rejects) + " " +
         std::to_string(st.cancels) + " " + std::to_string(st.amends) + " " + std::to_string(st.invalid_requests) +
         " " + std::to_string(st.resting_orders) + "\n";
    std::size_t pending = 0;
    REQUIRE(e.pending_fills(pending) == Status::Ok);
    s += "pending " + std::to_string(pending) + "\n";
    return s;
}

Step order(std::uint32_t symbol, Side side, OrderType type, TimeInForce tif, double price, double qty) {
    return [=](Engine& e, Outcome& out, std::size_t, std::size_t) { return e.execute(OrderRequest{symbol, side, type, tif, price, qty}, out.report); };
}
Step gtc(std::uint32_t symbol, Side side, double price, double qty) {
    return order(symbol, side, OrderType::Limit, TimeInForce::GTC, price, qty);
}

// A call of the integer API, its events kept in the outcome (storage made
// before the step; a retried step starts its events afresh).
template <class Call>
Step entry(Call call) {
    return [=](Engine& e, Outcome& out, std::size_t, std::size_t) {
        out.event_count = 0;
        auto sink = [&out](const OrderEvent& v) {
            if (out.event_count < out.events.size()) out.events[out.event_count++] = v;
        };
        return call(e, sink);
    };
}
Step submit(std::uint64_t id, std::uint32_t symbol, Side side, std::int64_t price, std::int64_t lots) {
    return entry([=](Engine& e, auto& sink) {
        return e.submit(NewOrder{id, price, lots, symbol, side, OrderType::Limit, TimeInForce::GTC}, sink);
    });
}

// Small capacities, so that every container grows during the scenario.
Engine::Config small_config() {
    Engine::Config c;
    c.order_capacity = 4;
    c.fill_capacity = 64;
    c.timestamps = false;
    c.max_symbols = 5;
    return c;
}

std::vector<Step> scenario() {
    std::vector<Step> steps;
    steps.push_back([](Engine& e, Outcome&, std::size_t, std::size_t) { return e.configure_symbol(1, 0.01, 1.0); });     // a direct book
    steps.push_back([](Engine& e, Outcome&, std::size_t, std::size_t) { return e.configure_symbol(6000, 0.5, 1.0); });   // a mapped book
    steps.push_back([](Engine& e, Outcome&, std::size_t, std::size_t) { return e.configure_symbol(1, 0.01, 1.0); });     // no change
    // 300 levels: past the level vector's first reserve and past the 256 a
    // side keeps near the touch, so levels spill into blocks.
    for (int i = 0; i < 300; ++i) steps.push_back(gtc(1, Side::Sell, 100.0 + 0.01 * i, 1.0 + i % 3));
    for (int i = 0; i < 12; ++i) steps.push_back(gtc(1, Side::Sell, 100.0, 2.0));  // a deep level
    steps.push_back(gtc(2, Side::Buy, 50.0, 1.0));     // a book created by a resting order
    steps.push_back(gtc(7000, Side::Buy, 9.5, 3.0));   // the same in the map
    steps.push_back(order(3, Side::Buy, OrderType::Market, TimeInForce::IOC, 0.0, 5.0));  // no book kept
    // A sweep of about 75 orders against a fill ring of 64 slots: the ring grows.
    steps.push_back(order(1, Side::Buy, OrderType::Market, TimeInForce::IOC, 0.0, 150.0));
    steps.push_back([](Engine& e, Outcome& out, std::size_t, std::size_t) {
        REQUIRE(e.drain_fills(out.fills, out.fill_count) == Status::Ok);
        return Status::Ok;
    });
    steps.push_back([](Engine& e, Outcome&, std::size_t, std::size_t) { return e.cancel(85); });
    steps.push_back([](Engine& e, Outcome&, std::size_t, std::size_t) { return e.amend(86, 1.0); });  // keeps its place
    steps.push_back([](Engine& e, Outcome&, std::size_t, std::size_t) { return e.amend(87, 9.0); });  // goes to the back
    steps.push_back(order(1, Side::Buy, OrderType::Limit, TimeInForce::FOK, 100.0, 6.0));
    steps.push_back(order(1, Side::Buy, OrderType::Limit, TimeInForce::PostOnly, 99.0, 1.0));
    steps.push_back(order(1, Side::Buy, OrderType::Limit, TimeInForce::GTC, 101.0, 40.0));  // sweeps, rests
    // A batch: new books, a sweep, a rest; it stops at the symbol past max_symbols.
    steps.push_back([](Engine& e, Outcome& out, std::size_t from, std::size_t to) {
        static const std::array<OrderRequest, 5> orders{
            OrderRequest{4, Side::Sell, OrderType::Limit, TimeInForce::GTC, 10.0, 1.0},
            OrderRequest{4, Side::Sell, OrderType::Limit, TimeInForce::GTC, 10.5, 1.0},
            OrderRequest{4, Side::Buy, OrderType::Market, TimeInForce::IOC, 0.0, 2.0},
            OrderRequest{1, Side::Sell, OrderType::Limit, TimeInForce::GTC, 99.5, 3.0},
            OrderRequest{5, Side::Sell, OrderType::Limit, TimeInForce::GTC, 1.0, 1.0},
        };
        to = std::min(to, orders.size());
        std::size_t count = 0;
        const Status s = e.execute_batch(std::span(orders).subspan(from, to - from),
                                         std::span(out.batch).subspan(from), count);
        out.batch_count = from + count;
        return s;
    });
    steps.push_back(gtc(5, Side::Buy, 1.0, 1.0));  // a seventh book: TooManySymbols
    steps.push_back([](Engine& e, Outcome&, std::size_t, std::size_t) { return e.configure_symbol(5, 1.0, 1.0); });
    // Integer entry on symbol 7000 (default tick 1e-8: its bid at 9.5 is
    // 950,000,000 ticks): 70 asks above it, past the side's first reserve of
    // levels.
    constexpr std::int64_t p0 = 1'000'000'000;
    for (std::uint64_t i = 0; i < 70; ++i)
        steps.push_back(submit(1001 + i, 7000, Side::Sell, p0 + static_cast<std::int64_t>(i), 1));
    steps.push_back(submit(1071, 7000, Side::Buy, p0 + 5, 10));  // sweeps 6 levels, rests 4
    steps.push_back(submit(1040, 7000, Side::Buy, 1, 1));        // a duplicate
    steps.push_back(submit(1072, 3, Side::Buy, 1, 1));           // a new book past max_symbols
    steps.push_back(entry([](Engine& e, auto& sink) { return e.replace(1050, p0, 2, sink); }));          // crosses
    steps.push_back(entry([](Engine& e, auto& sink) { return e.replace(1060, 2 * p0, 5, sink); }));      // a new level
    steps.push_back(entry([](Engine& e, auto& sink) { return e.replace(1061, p0 + 60, 1, sink); }));     // in place
    steps.push_back(entry([](Engine& e, auto& sink) { return e.cancel(1062, sink); }));
    steps.push_back(entry([](Engine& e, auto& sink) { return e.cancel_all(7000, sink); }));
    steps.push_back([](Engine& e, Outcome& out, std::size_t, std::size_t) {
        REQUIRE(e.drain_fills(out.fills, out.fill_count) == Status::Ok);
        return Status::Ok;
    });
    return steps;
}

struct Reference {
    std::vector<std::string> before;     // observe() before step j
    std::vector<std::string> results;    // text(outcome of step j)
    std::vector<std::uint64_t> allocations;  // allocations step j made
    std::string end;                     // observe() after the last step
};

Reference run_reference(const std::vector<Step>& steps) {
    Reference ref;
    Engine e(small_config());
    for (const Step& step : steps) {
        ref.before.push_back(observe(e));
        Outcome out;
        const std::uint64_t a0 = alloc_hook::count();
        out.status = step(e, out, 0, kAll);
        ref.allocations.push_back(alloc_hook::count() - a0);
        ref.results.push_back(text(out));
    }
    ref.end = observe(e);
    return ref;
}

}  // namespace

TEST_CASE("an allocation failure anywhere leaves the engine exactly as before the call, and usable",
          "[allocation][failure]") {
    const std::vector<Step> steps = scenario();
    const Reference ref = run_reference(steps);
    std::uint64_t total = 0;
    for (std::uint64_t n : ref.allocations) total += n;
    INFO("allocations in the scenario: " << total);
    REQUIRE(total >= 15);  // books, the book table and map, levels, pool, index and fill ring all grew
    // The integer-entry steps (all but the last step, which drains) grow a side's levels too.
    std::uint64_t entry_allocations = 0;
    for (std::size_t j = steps.size() - 1 - kEntrySteps; j < steps.size() - 1; ++j) entry_allocations += ref.allocations[j];
    INFO("allocations in the integer-entry steps: " << entry_allocations);
    REQUIRE(entry_allocations >= 1);

    std::size_t failures = 0;
    for (std::size_t j = 0; j < steps.size(); ++j) {
        for (std::uint64_t k = 1; k <= ref.allocations[j]; ++k) {
            INFO("step " << j << ", allocation " << k << " of " << ref.allocations[j] << " fails");
            Engine e(small_config());
            for (std::size_t i = 0; i < j; ++i) {
                Outcome out;
                out.status = steps[i](e, out, 0, kAll);
            }
            Outcome failed;
            alloc_hook::fail_at(k);
            failed.status = steps[j](e, failed, 0, kAll);
            alloc_hook::fail_at(0);
            REQUIRE(alloc_hook::failed());
            REQUIRE(failed.status == Status::NoMemory);
            ++failures;
            const std::size_t ran = failed.batch_count;  // a batch: the orders before the failing one ran
            if (ran == 0) {
                REQUIRE(observe(e) == ref.before[j]);
            } else {
                Engine expected(small_config());
                for (std::size_t i = 0; i < j; ++i) {
                    Outcome out;
                    out.status = steps[i](expected, out, 0, kAll);
                }
                Outcome first;
                first.status = steps[j](expected, first, 0, ran);
                REQUIRE(observe(e) == observe(expected));
            }
            // Usable: the step retried (a batch from its failed order on), and
            // every step after it, give the reference's results.
            failed.status = steps[j](e, failed, ran, kAll);
            REQUIRE(text(failed) == ref.results[j]);
            for (std::size_t i = j + 1; i < steps.size(); ++i) {
                Outcome out;
                out.status = steps[i](e, out, 0, kAll);
                REQUIRE(text(out) == ref.results[i]);
            }
            REQUIRE(observe(e) == ref.end);
        }
    }
    CHECK(failures == total);
}

namespace {

// The next result of a pipeline (waits for it).
PipelineResult next_result(Pipeline& p) {
    PipelineResult r;
    std::size_t n = 0;
    while (n == 0) {
        REQUIRE(p.poll(std::span(&r, 1), n) == Status::Ok);
        if (n == 0) std::this_thread::yield();
    }
    return r;
}

}  // namespace

TEST_CASE("an allocation failure in the pipeline's matching thread is that order's NoMemory result, and the "
          "pipeline goes on",
          "[allocation][failure]") {
    Pipeline::Config config;
    config.engine.timestamps = false;
    Pipeline p(config);
    // A resting order on a new symbol makes the matching thread create its
    // book: the first allocation of any thread but this one fails.
    const OrderRequest o{9, Side::Buy, OrderType::Limit, TimeInForce::GTC, 10.0, 1.0};
    std::uint64_t sequence = 0;
    alloc_hook::fail_at(1, std::this_thread::get_id());
    REQUIRE(p.submit(o, sequence) == Status::Ok);
    const PipelineResult failed = next_result(p);
    alloc_hook::fail_at(0);
    REQUIRE(alloc_hook::failed());
    CHECK(failed.sequence == sequence);
    CHECK(failed.status == Status::NoMemory);
    CHECK(failed.report.order_id == 0);  // no id was used
    CHECK(p.engine().stats_snapshot().orders_processed == 0);

    REQUIRE(p.submit(o, sequence) == Status::Ok);
    const PipelineResult retried = next_result(p);
    CHECK(retried.status == Status::Ok);
    CHECK(retried.report.order_id == 1);
    CHECK(retried.report.status == OrderStatus::New);
    CHECK(p.stop() == Status::Ok);
}
