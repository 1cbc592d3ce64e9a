// The pipeline's matching loop, once: how the matching thread executes one
// batch of messages under one engine session. Pipeline::run() feeds it from
// its submission ring and writes into its result ring; the benchmarks that
// measure the matching thread's ceiling (`sigmax-exec bench --pipeline`,
// bench/micro_neighbour.cpp, the paired A/B bench) feed it from an array and
// write into one reused slot, so a change here moves both figures.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "sigmax/clock.hpp"
#include "sigmax/engine.hpp"
#include "sigmax/types.hpp"

namespace sigmax {

// What a producer asks of the matching thread.
enum class MessageKind : std::uint8_t { Order = 0, Cancel = 1, Amend = 2, Depth = 3 };

// One submission as it travels through the pipeline's ring (one cache line
// with the ring's sequence word). The order is the engine's own
// OrderRequest, which the matching thread passes on without converting it.
struct PipelineMessage {
    OrderRequest order;             // kind Order; an amend's new quantity is order.quantity
    std::uint64_t order_id = 0;     // kind Cancel, Amend; kind Depth: the caller's DepthQuery*
    std::uint64_t submit_time = 0;  // Clock ticks at submission
    MessageKind kind = MessageKind::Order;
};
static_assert(sizeof(PipelineMessage) == 48);

struct MatchingLoop {
    static constexpr std::size_t kBatch = 128;    // messages the matching thread takes at once
    static constexpr std::size_t kLookahead = 8;  // how far ahead in a batch it starts loading cold records

    // Executes messages 0..n-1 of a batch, at(i) being the i-th, with
    // sequence numbers first_sequence, first_sequence + 1, ...
    //  - sink.next() returns the slot for the next result (it may wait for
    //    room); sink.commit() publishes it. An order's fills follow its
    //    report, each a result of kind Fill with the order's sequence.
    //  - before(i) runs before message i (the pipeline prefetches ring slots).
    // One clock read per message: each one's end is the next one's start, so
    // an order's latency_ns is the matching thread's time on it.
    template <class At, class Sink, class Before>
    static void run_batch(Engine::Session& session, const Clock& clock, std::size_t n,
                          std::uint64_t first_sequence, At&& at, Sink& sink, Before&& before) {
        std::uint64_t t = clock.now();
        for (std::size_t i = 0; i < n; ++i) {
            before(i);
            if (i + kLookahead < n) hint(session, at(i + kLookahead), false);
            if (i + kLookahead / 2 < n) hint(session, at(i + kLookahead / 2), true);
            t = execute(session, clock, at(i), first_sequence + i, t, sink);
        }
    }

private:
    // Start loading, a few messages ahead, the cold data a message will
    // touch: for a cancel or amend its order (placed long ago), for an order
    // the first resting order it would trade with.
    static void hint(const Engine::Session& session, const PipelineMessage& m, bool near) noexcept {
        if (m.kind == MessageKind::Depth) return;  // reads the book's best levels, which are warm
        session.prefetch_ahead(m.kind == MessageKind::Order, m.order, m.order_id, near);
    }

    // Executes one message whose time starts at `start`; returns when it ended.
    template <class Sink>
    static std::uint64_t execute(Engine::Session& session, const Clock& clock, const PipelineMessage& m,
                                 std::uint64_t sequence, std::uint64_t start, Sink& sink) {
        // Built in place in the sink's slot: in the pipeline that is the
        // result ring, and building it elsewhere first would add a copy.
        PipelineResult& r = sink.next();
        r.sequence = sequence;
        ExecutionReport& report = *std::construct_at(&r.report);
        std::uint64_t end = 0;
        switch (m.kind) {
            case MessageKind::Order:
                r.kind = ResultKind::Order;
                // Never FillsFull: every order's fills are taken right after it (below).
                r.status = session.execute(m.order, report, start, end);
                break;
            case MessageKind::Cancel:
                r.kind = ResultKind::Cancel;
                r.status = session.cancel(m.order_id);
                report.order_id = m.order_id;
                break;
            case MessageKind::Amend:
                r.kind = ResultKind::Amend;
                r.status = session.amend(m.order_id, m.order.quantity);
                report.order_id = m.order_id;
                break;
            case MessageKind::Depth: {
                r.kind = ResultKind::Depth;
                DepthQuery& q = *reinterpret_cast<DepthQuery*>(static_cast<std::uintptr_t>(m.order_id));
                std::size_t bids = 0, asks = 0;
                session.depth_each(
                    q.symbol, q.levels, q.levels,
                    [&q](Side side, std::size_t i, const LevelView& l) { (side == Side::Buy ? q.bids : q.asks)[i] = l; },
                    bids, asks);
                q.bid_count = bids;
                q.ask_count = asks;
                r.status = Status::Ok;
                report.symbol = q.symbol;
                break;
            }
        }
        // The engine's own end-of-order reading when it took one.
        if (end == 0) end = clock.now();
        const std::uint64_t round_trip_ns = clock.to_ns(end - m.submit_time);
        r.round_trip_ns = round_trip_ns;
        const bool has_fills = m.kind == MessageKind::Order && report.fill_count > 0;
        sink.commit();
        if (!has_fills) return end;
        session.take_fills([&](const Fill& fill) {
            PipelineResult& f = sink.next();
            f.sequence = sequence;
            f.round_trip_ns = round_trip_ns;
            f.status = Status::Ok;
            f.kind = ResultKind::Fill;
            std::construct_at(&f.fill, fill);
            sink.commit();
        });
        return end;
    }
};

}  // namespace sigmax
