// The exchange workload's driver: it hands each message to an adapter, one
// at a time and without look-ahead (a harness's order-entry interface sees
// one message per call), or, to an adapter that declares kBatchMessages,
// that many messages per call (on_batch: a gateway's batch), and the
// adapter writes one report per ack, per trade, per cancel and per modify
// into an SPSC ring that a second thread drains. The drain folds every
// report into a hash, so any two adapters that produce the same reports in
// the same order get the same hash: the bench's consensus check.
//
// An adapter provides
//   void on_new(const ExchangeMsg&, ReportSink&);
//   void on_cancel(const ExchangeMsg&, ReportSink&);
//   void on_modify(const ExchangeMsg&, ReportSink&);
// or, for batches,
//   static constexpr std::size_t kBatchMessages;
//   void on_batch(std::span<const ExchangeMsg>, ReportSink&);
// and reports, per message: an Ack (new) or a Modified (modify) first, then
// one Trade per trade the order made, oldest maker first; a Cancelled
// (cancel); a Refused in place of any of those when its engine refused the
// message (never expected: the bench fails on it).
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <span>
#include <thread>

#include "exchange_workload.hpp"
#include "sigmax/detail/spsc_ring.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace sigmax::cli {

enum class ReportKind : std::uint8_t { Ack, Trade, Cancelled, Modified, Refused, End };

// 32 bytes: two a cache line.
struct ExchangeReport {
    std::int64_t price = 0;   // ticks: Ack, Modified (the order's), Trade (the trade's)
    std::uint64_t id = 0;     // client id: the order's (Trade: the taker's)
    std::uint64_t maker = 0;  // Trade: the maker's client id
    std::uint32_t lots = 0;   // Ack, Modified (the order's), Trade (the trade's); the workload's are at most 100
    ReportKind kind = ReportKind::End;
};
static_assert(sizeof(ExchangeReport) == 32);

inline void spin_pause() noexcept {
#if defined(__x86_64__)
    _mm_pause();
#endif
}

// The producer's side of the report ring. Reports of one message (of one
// batch, for a batching adapter) become visible together: end_message()
// publishes them with one store.
class ReportSink {
public:
    explicit ReportSink(SpscRing<ExchangeReport>& ring) : ring_(ring) {}

    void ack(std::uint64_t id, std::int64_t price, std::int64_t lots) { put(ReportKind::Ack, id, 0, price, lots); }
    void trade(std::uint64_t taker, std::uint64_t maker, std::int64_t price, std::int64_t lots) {
        put(ReportKind::Trade, taker, maker, price, lots);
        ++trades_;
    }
    void cancelled(std::uint64_t id) { put(ReportKind::Cancelled, id, 0, 0, 0); }
    void modified(std::uint64_t id, std::int64_t price, std::int64_t lots) {
        put(ReportKind::Modified, id, 0, price, lots);
    }
    void refused(std::uint64_t id) {
        put(ReportKind::Refused, id, 0, 0, 0);
        ++refused_;
    }
    void end_message() noexcept { ring_.publish(); }
    void end_stream() {
        put(ReportKind::End, 0, 0, 0, 0);
        ring_.publish();
    }

    std::uint64_t trades() const noexcept { return trades_; }
    std::uint64_t refusals() const noexcept { return refused_; }

private:
    void put(ReportKind kind, std::uint64_t id, std::uint64_t maker, std::int64_t price, std::int64_t lots) {
        ExchangeReport* slot = ring_.claim();
        while (!slot) {  // full: make what is written visible, wait for the drain
            ring_.publish();
            spin_pause();
            slot = ring_.claim();
        }
        slot->price = price;
        slot->id = id;
        slot->maker = maker;
        slot->lots = static_cast<std::uint32_t>(lots);
        slot->kind = kind;
        ring_.commit();
    }

    SpscRing<ExchangeReport>& ring_;
    std::uint64_t trades_ = 0;
    std::uint64_t refused_ = 0;
};

// What one replay of a workload through one adapter gave.
struct ExchangeRun {
    double seconds = 0.0;       // first message sent -> last report drained
    std::uint64_t reports = 0;  // End excluded
    std::uint64_t trades = 0;
    std::uint64_t refusals = 0;
    std::uint64_t hash = 0;     // over every report, in order
};

inline constexpr std::size_t kReportRingCapacity = std::size_t{1} << 16;

// Replays w through `adapter` (fresh: built by the caller, outside the
// timing) with the drain running on its own thread.
template <class Adapter>
ExchangeRun run_exchange(Adapter& adapter, const ExchangeWorkload& w) {
    SpscRing<ExchangeReport> ring(kReportRingCapacity);
    std::atomic<bool> go{false};
    std::uint64_t hash = 0xCBF29CE484222325ull, reports = 0;
    std::chrono::steady_clock::time_point drained;
    std::thread drain([&] {
        while (!go.load(std::memory_order_acquire)) spin_pause();
        bool end = false;
        while (!end) {
            const std::size_t n = ring.pop(256, [&](const ExchangeReport& r) {
                if (r.kind == ReportKind::End) {
                    end = true;
                    return;
                }
                for (const std::uint64_t v : {static_cast<std::uint64_t>(r.kind), r.id, r.maker,
                                              static_cast<std::uint64_t>(r.price), std::uint64_t{r.lots}})
                    hash = (hash ^ v) * 0x100000001B3ull;
                ++reports;
            });
            if (n == 0) spin_pause();
        }
        drained = std::chrono::steady_clock::now();
    });

    ReportSink sink(ring);
    go.store(true, std::memory_order_release);
    const auto start = std::chrono::steady_clock::now();
    if constexpr (requires { Adapter::kBatchMessages; }) {
        const std::span<const ExchangeMsg> msgs(w.msgs);
        for (std::size_t i = 0; i < msgs.size(); i += Adapter::kBatchMessages) {
            adapter.on_batch(msgs.subspan(i, std::min(Adapter::kBatchMessages, msgs.size() - i)), sink);
            sink.end_message();
        }
    } else {
        for (const ExchangeMsg& m : w.msgs) {
            switch (m.kind) {
            case ExchangeMsg::Kind::New:
                adapter.on_new(m, sink);
                break;
            case ExchangeMsg::Kind::Cancel:
                adapter.on_cancel(m, sink);
                break;
            case ExchangeMsg::Kind::Modify:
                adapter.on_modify(m, sink);
                break;
            }
            sink.end_message();
        }
    }
    sink.end_stream();
    drain.join();

    ExchangeRun run;
    run.seconds = std::chrono::duration<double>(drained - start).count();
    run.reports = reports;
    run.trades = sink.trades();
    run.refusals = sink.refusals();
    run.hash = hash;
    return run;
}

}  // namespace sigmax::cli
