// The order pipeline: ordering, completeness, back-pressure and shutdown.
#include "helpers.hpp"

#include <poll.h>

#include <array>
#include <atomic>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <thread>

#include "sigmax/pipeline.hpp"

using namespace test;

namespace {

// Polls until `want` results have arrived (or the pipeline stopped and is drained).
std::vector<PipelineResult> collect(Pipeline& p, std::size_t want) {
    std::vector<PipelineResult> all;
    std::vector<PipelineResult> buf(256);
    while (all.size() < want) {
        std::size_t n = 0;
        if (p.poll(buf, n) != Status::Ok) continue;
        all.insert(all.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
        if (n == 0) std::this_thread::yield();
    }
    return all;
}

OrderRequest random_order(std::mt19937_64& rng) {
    OrderRequest o;
    o.symbol = static_cast<std::uint32_t>(rng() % 3);
    o.side = rng() % 2 ? kBuy : kSell;
    o.type = rng() % 10 == 0 ? OrderType::Market : OrderType::Limit;
    o.tif = o.type == OrderType::Market ? TimeInForce::IOC : static_cast<TimeInForce>(rng() % 4);
    o.price = 100.0 + static_cast<double>(static_cast<int>(rng() % 9) - 4);
    o.quantity = 1.0 + static_cast<double>(rng() % 5);
    return o;
}

// Submits n random orders without polling; returns how many were accepted.
std::size_t submit_random(Pipeline& p, std::uint64_t seed, int n) {
    std::mt19937_64 rng(seed);
    std::size_t accepted = 0;
    for (int i = 0; i < n; ++i) {
        std::uint64_t seq = 0;
        if (p.submit(random_order(rng), seq) == Status::Ok) ++accepted;
    }
    return accepted;
}

Pipeline::Config small_config(std::size_t capacity) {
    Pipeline::Config c;
    c.queue_capacity = capacity;
    c.wait = WaitStrategy::SpinYield;
    return c;
}

}  // namespace

TEST_CASE("queue capacity is rounded up to a power of two", "[pipeline]") {
    Pipeline p(small_config(10000));
    CHECK(p.capacity() == 16384);
    CHECK(p.stats().capacity == 16384);
}

TEST_CASE("a single producer's stream gives the reports and fills of the engine run directly", "[pipeline]") {
    std::mt19937_64 rng(99);
    Engine direct;
    Pipeline::Config c = small_config(1024);
    c.result_capacity = 1 << 17;  // nobody polls until the end: room for every result
    Pipeline p(c);
    std::vector<ExecutionReport> expected;
    std::vector<Fill> expected_fills;
    std::size_t submitted = 0;
    for (int i = 0; i < 20000; ++i) {
        const OrderRequest o = random_order(rng);
        ExecutionReport r;
        REQUIRE(direct.execute(o, r) == Status::Ok);
        expected.push_back(r);
        std::uint64_t seq = 0;
        REQUIRE(p.submit_wait(o, seq, std::chrono::seconds(10)) == Status::Ok);
        CHECK(seq == static_cast<std::uint64_t>(i) + 1);
        ++submitted;
        if (i % 100 == 0) {
            std::size_t n = 0;
            Fill f[512];
            do {
                REQUIRE(direct.drain_fills(f, n) == Status::Ok);
                expected_fills.insert(expected_fills.end(), f, f + n);
            } while (n == 512);
        }
    }
    for (auto& f : drain(direct)) expected_fills.push_back(f);
    REQUIRE(p.stop() == Status::Ok);
    const auto results = collect(p, submitted + expected_fills.size());
    std::size_t ri = 0, fi = 0;
    for (const PipelineResult& r : results) {
        if (r.kind == ResultKind::Fill) {
            REQUIRE(fi < expected_fills.size());
            CHECK(r.fill.trade_id == expected_fills[fi].trade_id);
            CHECK(r.fill.maker_order_id == expected_fills[fi].maker_order_id);
            CHECK(r.fill.quantity_lots == expected_fills[fi].quantity_lots);
            CHECK(r.sequence == r.fill.taker_order_id);  // one order per submission: ids equal sequences
            ++fi;
            continue;
        }
        REQUIRE(ri < expected.size());
        const ExecutionReport& e = expected[ri];
        CHECK(r.status == Status::Ok);
        CHECK(r.sequence == ri + 1);
        CHECK(r.report.order_id == e.order_id);
        CHECK(r.report.status == e.status);
        CHECK(r.report.executed_price == e.executed_price);
        CHECK(r.report.executed_quantity == e.executed_quantity);
        CHECK(r.report.remaining_quantity == e.remaining_quantity);
        CHECK(r.report.fill_count == e.fill_count);
        ++ri;
    }
    CHECK(ri == expected.size());
    CHECK(fi == expected_fills.size());
}

TEST_CASE("four producers: every accepted submission gets exactly one result, in each producer's order",
          "[pipeline][threads]") {
    constexpr int kProducers = 4;
    constexpr std::size_t kPerProducer = 250000;
    Pipeline p(small_config(4096));
    std::vector<std::vector<std::uint64_t>> sequences(kProducers);
    std::atomic<int> done{0};
    std::vector<std::thread> producers;
    for (int k = 0; k < kProducers; ++k) {
        producers.emplace_back([&, k] {
            std::mt19937_64 rng(static_cast<std::uint64_t>(k) + 1);
            auto& mine = sequences[static_cast<std::size_t>(k)];
            mine.reserve(kPerProducer);
            std::vector<OrderRequest> batch(16);
            while (mine.size() < kPerProducer) {
                const std::size_t n = std::min<std::size_t>(batch.size(), kPerProducer - mine.size());
                for (std::size_t i = 0; i < n; ++i) batch[i] = random_order(rng);
                std::uint64_t first = 0;
                std::size_t accepted = 0;
                if (p.submit_batch(std::span(batch).first(n), first, accepted) == Status::Ok)
                    for (std::size_t i = 0; i < accepted; ++i) mine.push_back(first + i);
                else
                    std::this_thread::yield();
            }
            done.fetch_add(1);
        });
    }
    // Poll concurrently (the result ring is smaller than the flow: back-pressure must work).
    std::vector<PipelineResult> reports;
    reports.reserve(kProducers * kPerProducer);
    std::int64_t bought = 0, sold = 0;
    std::vector<PipelineResult> buf(512);
    std::uint64_t fills = 0;
    while (reports.size() < kProducers * kPerProducer) {
        std::size_t n = 0;
        REQUIRE(p.poll(buf, n) == Status::Ok);
        for (std::size_t i = 0; i < n; ++i) {
            const PipelineResult& r = buf[i];
            if (r.kind == ResultKind::Fill) {
                ++fills;
                (r.fill.aggressor_side == kBuy ? bought : sold) += r.fill.quantity_lots;
            } else {
                reports.push_back(r);
            }
        }
        if (n == 0) std::this_thread::yield();
    }
    for (auto& t : producers) t.join();
    REQUIRE(p.stop() == Status::Ok);
    std::size_t extra = 0;
    {
        std::size_t n = 0;
        do {  // the last order's fills follow its report
            REQUIRE(p.poll(buf, n) == Status::Ok);
            for (std::size_t i = 0; i < n; ++i) {
                if (buf[i].kind != ResultKind::Fill) {
                    ++extra;
                    continue;
                }
                ++fills;
                (buf[i].fill.aggressor_side == kBuy ? bought : sold) += buf[i].fill.quantity_lots;
            }
        } while (n > 0);
    }
    CHECK(extra == 0);  // nothing beyond one result per submission

    // Every sequence 1..N exactly once, in increasing order (ring order).
    REQUIRE(reports.size() == kProducers * kPerProducer);
    for (std::size_t i = 0; i < reports.size(); ++i) REQUIRE(reports[i].sequence == i + 1);
    // Each producer's own sequences increase, so its orders were matched in its order.
    std::map<std::uint64_t, int> owner;
    for (int k = 0; k < kProducers; ++k) {
        const auto& mine = sequences[static_cast<std::size_t>(k)];
        REQUIRE(mine.size() == kPerProducer);
        for (std::size_t i = 1; i < mine.size(); ++i) REQUIRE(mine[i] > mine[i - 1]);
    }
    // Conservation: every fill has a buyer and a seller.
    const auto stats = p.engine().stats_snapshot();
    CHECK(stats.orders_processed == kProducers * kPerProducer);
    CHECK(stats.fills == fills);
    CHECK(static_cast<std::uint64_t>(bought + sold) == stats.volume_lots);
    const PipelineStats ps = p.stats();
    CHECK(ps.submitted == kProducers * kPerProducer);
    CHECK(ps.completed == kProducers * kPerProducer);
    CHECK(ps.queue_high_water <= ps.capacity);
}

TEST_CASE("a producer hammering a tiny ring sees QUEUE_FULL and every accepted order is reported", "[pipeline]") {
    Pipeline p(small_config(4));
    REQUIRE(p.capacity() == 4);
    std::size_t accepted = 0, full = 0;
    std::uint64_t last_seq = 0;
    for (int i = 0; i < 20000; ++i) {
        std::uint64_t seq = 0;
        const Status s = p.submit(limit(i % 2 ? kBuy : kSell, 100.0, 1.0), seq);
        if (s == Status::Ok) {
            ++accepted;
            CHECK(seq == last_seq + 1);
            last_seq = seq;
        } else {
            REQUIRE(s == Status::QueueFull);
            ++full;
        }
    }
    REQUIRE(p.stop() == Status::Ok);
    std::vector<PipelineResult> all;
    std::vector<PipelineResult> buf(256);
    std::size_t n = 0;
    do {
        REQUIRE(p.poll(buf, n) == Status::Ok);
        for (std::size_t i = 0; i < n; ++i)
            if (buf[i].kind == ResultKind::Order) all.push_back(buf[i]);
    } while (n > 0);
    CHECK(full > 0);
    CHECK(p.stats().queue_full == full);
    REQUIRE(all.size() == accepted);
    for (std::size_t i = 0; i < all.size(); ++i) CHECK(all[i].sequence == i + 1);
}

TEST_CASE("stop with orders in flight loses nothing, even with nobody polling", "[pipeline]") {
    Pipeline::Config c = small_config(1 << 16);
    c.result_capacity = 64;  // far smaller than the flow: stop() must keep results aside
    Pipeline p(c);
    const std::size_t accepted = submit_random(p, 5, 5000);
    REQUIRE(p.stop() == Status::Ok);
    std::uint64_t seq = 0;
    CHECK(p.submit(limit(kBuy, 1.0, 1.0), seq) == Status::Stopped);
    std::size_t reports = 0;
    std::uint64_t next = 1;
    std::vector<PipelineResult> buf(1000);
    std::size_t n = 0;
    do {
        REQUIRE(p.poll(buf, n) == Status::Ok);
        for (std::size_t i = 0; i < n; ++i)
            if (buf[i].kind == ResultKind::Order) {
                CHECK(buf[i].sequence == next);
                ++next;
                ++reports;
            }
    } while (n > 0);
    CHECK(reports == accepted);
    CHECK(p.stats().backpressure_waits > 0);
    CHECK(p.stop() == Status::Ok);  // idempotent
}

TEST_CASE("configure_symbol from the only polling thread returns while the result ring is full, and loses nothing",
          "[pipeline]") {
    Pipeline::Config c = small_config(1 << 14);
    c.result_capacity = 64;  // the matching thread soon waits for room, inside its claim on the engine
    Pipeline p(c);
    const std::size_t accepted = submit_random(p, 11, 10000);
    while (p.stats().backpressure_waits == 0) std::this_thread::yield();
    // This thread is the poller: before the fix the call waited for the
    // matching thread, which waited for this thread to poll.
    REQUIRE(p.configure_symbol(7, 0.5, 1.0) == Status::Ok);
    std::uint64_t seq = 0;
    REQUIRE(p.submit(limit(kBuy, 10.25, 1.0, TimeInForce::GTC, 7), seq) == Status::Ok);  // off symbol 7's new grid
    std::vector<PipelineResult> orders;
    std::vector<PipelineResult> buf(256);
    while (orders.size() < accepted + 1) {
        std::size_t n = 0;
        REQUIRE(p.poll(buf, n) == Status::Ok);
        for (std::size_t i = 0; i < n; ++i)
            if (buf[i].kind == ResultKind::Order) orders.push_back(buf[i]);
        if (n == 0) std::this_thread::yield();
    }
    for (std::size_t i = 0; i < orders.size(); ++i) CHECK(orders[i].sequence == i + 1);  // in order, none lost
    CHECK(orders.back().status == Status::OffTick);
    REQUIRE(p.stop() == Status::Ok);
}

TEST_CASE("destroying a running pipeline stops it first", "[pipeline]") {
    auto p = std::make_unique<Pipeline>(small_config(1024));
    std::uint64_t seq = 0;
    for (int i = 0; i < 500; ++i) REQUIRE(p->submit(limit(kBuy, 100.0 - i * 0.01, 1.0), seq) == Status::Ok);
    p.reset();  // must join cleanly
    SUCCEED();
}

TEST_CASE("invalid orders, cancels and amends come back with the engine's status", "[pipeline]") {
    Pipeline p(small_config(64));
    std::uint64_t s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0;
    REQUIRE(p.submit(limit(kBuy, -1.0, 1.0), s1) == Status::Ok);
    REQUIRE(p.submit(limit(kBuy, 100.0, 2.0), s2) == Status::Ok);  // order id 1
    REQUIRE(p.submit_amend(1, 1.0, s3) == Status::Ok);
    REQUIRE(p.submit_cancel(1, s4) == Status::Ok);
    REQUIRE(p.submit_cancel(1, s5) == Status::Ok);
    const auto r = collect(p, 5);
    CHECK(r[0].status == Status::InvalidPrice);
    CHECK(r[1].status == Status::Ok);
    CHECK(r[1].report.order_id == 1);
    CHECK((r[2].kind == ResultKind::Amend && r[2].status == Status::Ok));
    CHECK((r[3].kind == ResultKind::Cancel && r[3].status == Status::Ok));
    CHECK(r[4].status == Status::NotFound);
    CHECK(r[4].sequence == s5);
    for (const auto& x : r) CHECK(x.round_trip_ns > 0);
}

TEST_CASE("an order's time in the matching thread is part of its round trip", "[pipeline]") {
    Pipeline p(small_config(256));
    std::mt19937_64 rng(7);
    std::vector<std::uint64_t> seqs(200);
    for (auto& s : seqs) REQUIRE(p.submit(random_order(rng), s) == Status::Ok);
    for (const auto& r : collect(p, seqs.size())) {
        if (r.kind != ResultKind::Order || r.status != Status::Ok) continue;
        CHECK(r.report.latency_ns > 0);
        CHECK(r.report.latency_ns <= r.round_trip_ns);
    }
}

TEST_CASE("without engine timestamps, results still carry their round trip", "[pipeline]") {
    Pipeline::Config c = small_config(64);
    c.engine.timestamps = false;
    Pipeline p(c);
    std::uint64_t s1 = 0, s2 = 0;
    REQUIRE(p.submit(limit(kBuy, 100.0, 1.0), s1) == Status::Ok);
    REQUIRE(p.submit_cancel(1, s2) == Status::Ok);
    const auto r = collect(p, 2);
    CHECK(r[0].report.latency_ns == 0);
    CHECK(r[0].round_trip_ns > 0);
    CHECK(r[1].round_trip_ns > 0);
}

TEST_CASE("the notify fd becomes readable when results arrive after arming", "[pipeline]") {
    Pipeline p(small_config(64));
    REQUIRE(p.notify_fd() >= 0);
    p.arm_notify();
    std::uint64_t seq = 0;
    REQUIRE(p.submit(limit(kBuy, 100.0, 1.0), seq) == Status::Ok);
    pollfd pfd{p.notify_fd(), POLLIN, 0};
    REQUIRE(::poll(&pfd, 1, 5000) == 1);
    CHECK((pfd.revents & POLLIN) != 0);
    CHECK(collect(p, 1).size() == 1);
}

TEST_CASE("the matching thread is named sigmax-match, so top and perf can tell it apart", "[pipeline]") {
    auto named_threads = [] {
        std::size_t n = 0;
        for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
            std::ifstream comm(task.path() / "comm");
            std::string name;
            if (std::getline(comm, name) && name == "sigmax-match") ++n;
        }
        return n;
    };
    const std::size_t before = named_threads();
    Pipeline p(small_config(64));
    std::uint64_t seq = 0;
    REQUIRE(p.submit(limit(kBuy, 100.0, 1.0), seq) == Status::Ok);
    REQUIRE(collect(p, 1).size() == 1);  // the thread has run, so it has named itself
    CHECK(named_threads() == before + 1);
    REQUIRE(p.stop() == Status::Ok);
    CHECK(named_threads() == before);
}

TEST_CASE("a depth query is answered in order with the submissions: it sees every earlier order and no later one",
          "[pipeline]") {
    // The same random stream runs through the pipeline, with a depth query
    // after every 7th order, and on an engine directly; each answer must be
    // the direct engine's depth after the orders submitted before the query.
    std::mt19937_64 rng(7);
    Engine direct;
    Pipeline::Config c = small_config(1024);
    c.result_capacity = 1 << 16;
    Pipeline p(c);
    constexpr std::size_t kLevels = 6;
    struct Query {
        DepthQuery q;
        std::array<LevelView, kLevels> bids, asks;
        std::vector<LevelView> want_bids, want_asks;
        std::uint64_t sequence = 0;
    };
    std::deque<Query> queries;  // stable addresses while the pipeline holds them
    std::size_t submissions = 0;
    for (int i = 0; i < 3000; ++i) {
        const OrderRequest o = random_order(rng);
        std::uint64_t seq = 0;
        REQUIRE(p.submit_wait(o, seq, std::chrono::seconds(10)) == Status::Ok);
        ++submissions;
        ExecutionReport r;
        (void)direct.execute(o, r);
        std::vector<Fill> sink(64);
        std::size_t n = 0;
        do (void)direct.drain_fills(sink, n); while (n == sink.size());
        if (i % 7 != 0) continue;
        Query& q = queries.emplace_back();
        q.q.symbol = o.symbol;
        q.q.levels = kLevels;
        q.q.bids = q.bids.data();
        q.q.asks = q.asks.data();
        q.want_bids.resize(kLevels);
        q.want_asks.resize(kLevels);
        std::size_t nb = 0, na = 0;
        REQUIRE(direct.depth(o.symbol, q.want_bids, nb, q.want_asks, na) == Status::Ok);
        q.want_bids.resize(nb);
        q.want_asks.resize(na);
        while (p.submit_depth(q.q, q.sequence) == Status::QueueFull) std::this_thread::yield();
        ++submissions;
    }
    REQUIRE(p.stop() == Status::Ok);
    std::map<std::uint64_t, const PipelineResult*> answers;
    std::vector<PipelineResult> all;  // stopped: everything is there; fills come on top of the submissions
    std::vector<PipelineResult> buf(256);
    for (std::size_t n = 1; n > 0;) {
        REQUIRE(p.poll(buf, n) == Status::Ok);
        all.insert(all.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
    }
    CHECK(all.size() >= submissions);
    for (const PipelineResult& r : all)
        if (r.kind == ResultKind::Depth) answers[r.sequence] = &r;
    REQUIRE(answers.size() == queries.size());
    const auto same = [](const std::vector<LevelView>& want, const LevelView* got, std::size_t n) {
        if (want.size() != n) return false;
        for (std::size_t k = 0; k < n; ++k)
            if (want[k].price != got[k].price || want[k].quantity != got[k].quantity ||
                want[k].order_count != got[k].order_count)
                return false;
        return true;
    };
    for (const Query& q : queries) {
        const PipelineResult& r = *answers.at(q.sequence);
        CHECK(r.status == Status::Ok);
        CHECK(r.report.symbol == q.q.symbol);
        CHECK(same(q.want_bids, q.bids.data(), q.q.bid_count));
        CHECK(same(q.want_asks, q.asks.data(), q.q.ask_count));
    }
}

TEST_CASE("a depth query of a symbol without a book, or for no levels, answers zero levels", "[pipeline]") {
    Pipeline p(small_config(64));
    DepthQuery none;
    none.symbol = 42;
    LevelView unused[1];
    none.levels = 1;
    none.bids = none.asks = unused;
    DepthQuery zero;
    zero.symbol = 1;
    std::uint64_t s1 = 0, s2 = 0, s3 = 0;
    REQUIRE(p.submit(limit(kBuy, 10.0, 1.0), s1) == Status::Ok);
    REQUIRE(p.submit_depth(none, s2) == Status::Ok);
    REQUIRE(p.submit_depth(zero, s3) == Status::Ok);
    const auto all = collect(p, 3);
    CHECK(all[1].kind == ResultKind::Depth);
    CHECK(all[2].kind == ResultKind::Depth);
    CHECK((none.bid_count == 0 && none.ask_count == 0 && zero.bid_count == 0 && zero.ask_count == 0));
    p.stop();
    DepthQuery late;
    CHECK(p.submit_depth(late, s3) == Status::Stopped);
}
