// The simulated venue (docs/venue.md, issue 25): a strategy's orders
// replayed against recorded L2 market data with latencies, queue-position
// estimates, fees and accounting, after hftbacktest's exchange/local model.
//
// Two processors per symbol share one time axis: the exchange side rebuilds
// the book in exch_ts order and fills the user's resting orders; the local
// side (the strategy's view) rebuilds it in local_ts order and learns of its
// orders only through responses that travel back with a latency. Requests
// and responses travel on FIFO channels (one each way for the whole venue).
//
// Book model (config.book_model): L2 rebuilds price levels and estimates
// queue positions with a queue model; L3 (market by order) keeps an
// L3Exchange per symbol (sigmax/venue/l3_exchange.hpp): exact queue
// positions among the real orders, passive fills from the recorded FILL
// events, the user's takers hiding the liquidity they take; the strategy's
// book is then an L3 book of the recorded market.
//
// A live venue (create_live, docs/venue.md "Live venue") has no file: the
// caller pushes events as they arrive and the venue advances only up to the
// feed's horizon (watermark + local shift - feed delay); a driving call that
// reaches the horizon before its target returns Step::Pending.
//
// Every method returns a Status and changes nothing on error (allocation
// failure: Status::NoMemory). One thread at a time per venue. The event loop
// allocates nothing in steady state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "sigmax/market/convert.hpp"
#include "sigmax/market/event_file.hpp"
#include "sigmax/market/l2_book.hpp"
#include "sigmax/types.hpp"
#include "sigmax_exec.h"

namespace sigmax::venue {

// Records shared with C (defined once in capi/sigmax_exec.h).
using Config = sgx_venue_config;            // includes the per-symbol defaults
using SymbolConfig = sgx_venue_symbol_config;
using LatencyRow = sgx_order_latency_row;
using Order = sgx_venue_order;
using Fill = sgx_venue_fill;
using State = sgx_venue_state;
using FeedState = sgx_venue_feed;

// What a driving call ended on. Ok and Timeout share 0.
// Pending: a live venue stopped at its feed horizon before the target.
enum class Step : std::int32_t { Timeout = 0, Ok = 0, End = 1, Feed = 2, Response = 3, Pending = 4 };

inline constexpr std::uint32_t kAllSymbols = 0xFFFFFFFFu;

// Constant latency 0/0, local_latency_floor_ns 0, last_trades_capacity 1024,
// every symbol RISK_AVERSE (queue_power 2), NO_PARTIAL, VALUE fees of 0.
Config default_config() noexcept;

class Venue {
public:
    ~Venue();
    Venue(const Venue&) = delete;
    Venue& operator=(const Venue&) = delete;

    // Keeps a reference to the file's events and symbols (they must outlive
    // the venue). Status::InvalidConfig (detail in `error`) on a bad config,
    // Status::StructSize on a wrong config.struct_size, Status::Format for
    // events of a symbol not in the table.
    static Status create(std::unique_ptr<Venue>& out, const md::EventFile& file, const Config& config,
                         std::string* error = nullptr);
    static Status create(std::unique_ptr<Venue>& out, std::span<const md::Event> events,
                         std::span<const md::SymbolRecord> symbols, const Config& config,
                         std::string* error = nullptr);
    // A live venue over a copy of `symbols`, its current time start_local_ts
    // (feed-local time with the shift added). local_shift_ns is added to
    // every pushed event's local_ts (config.local_latency_floor_ns is not
    // used); feed_delay_ns >= 0 is how long after its exchange time an event
    // may still arrive in order (InvalidConfig when negative).
    static Status create_live(std::unique_ptr<Venue>& out, std::span<const md::SymbolRecord> symbols,
                              const Config& config, std::int64_t start_local_ts, std::int64_t local_shift_ns,
                              std::int64_t feed_delay_ns, std::string* error = nullptr);

    // The live feed (src/venue/live_feed.cpp). All or nothing: on error no
    // event is appended. push: events in non-decreasing local_ts, none below
    // the watermark (TimeBackwards), every symbol in the table
    // (UnknownSymbol), local_ts + shift within int64 (OutOfRange); FeedClosed
    // after close_feed; InvalidOp on a recorded venue.
    Status push(std::span<const md::Event> events);
    // A promise: no event with local_ts < local_ts will come (the watermark
    // rises to it; an older promise changes nothing). FeedClosed, InvalidOp.
    Status advance_feed(std::int64_t local_ts);
    // No event will come: the horizon is unbounded, END after the last one.
    // Closing a closed feed changes nothing. InvalidOp on a recorded venue.
    Status close_feed();
    // The feed's figures; a recorded venue is a closed feed that pushed its file.
    FeedState feed() const noexcept;

    // Driving the clock (local time). go_to processes every source due at or
    // before local_ts (ties: local data, local response, exchange data,
    // exchange request) and sets the current time to local_ts, or returns
    // Step::End when nothing remains (current = last processed time). A live
    // venue processes only what lies before its horizon (Step::Pending at
    // the horizon) and ends only once its feed is closed.
    Status elapse(std::int64_t duration_ns, Step& result);
    Status go_to(std::int64_t local_ts, Step& result);
    Status wait_next_feed(bool include_responses, std::int64_t timeout_ns, Step& result);
    Status wait_order_response(std::uint32_t symbol, std::int64_t order_id, std::int64_t timeout_ns, Step& result);
    std::int64_t current_timestamp() const noexcept;
    // The shift added to every event's local_ts (local clock alignment).
    std::int64_t local_shift_ns() const noexcept;

    // Requests, sent at the current time.
    Status submit(std::uint32_t symbol, std::int64_t order_id, Side side, std::int64_t price,
                  std::int64_t quantity, OrderType type, TimeInForce tif);
    Status modify(std::uint32_t symbol, std::int64_t order_id, std::int64_t price, std::int64_t quantity);
    Status cancel(std::uint32_t symbol, std::int64_t order_id);
    Status cancel_all(std::uint32_t symbol, std::size_t& sent);
    // symbol kAllSymbols: every symbol.
    Status clear_inactive_orders(std::uint32_t symbol);

    // Local views.
    Status order(std::uint32_t symbol, std::int64_t order_id, Order& out) const;
    // Ascending id; writes min(out.size(), count) orders; count = all of them.
    Status orders(std::uint32_t symbol, std::span<Order> out, std::size_t& count) const;
    Status state(std::uint32_t symbol, State& out) const;
    Status quote(std::uint32_t symbol, md::Quote& out) const;
    Status depth(std::uint32_t symbol, Side side, std::span<md::BookLevel> out, std::size_t& count) const;
    Status quantity_at(std::uint32_t symbol, Side side, std::int64_t price, std::int64_t& out) const;
    // Trades received locally since the previous call (then forgotten):
    // writes min(out.size(), kept) oldest first; count = how many were written.
    Status last_trades(std::uint32_t symbol, std::span<md::Event> out, std::size_t& count);
    // Trades dropped from a full last-trades buffer so far (per symbol).
    Status dropped_trades(std::uint32_t symbol, std::uint64_t& out) const;
    // Every fill the strategy has received, in arrival order (a log).
    std::span<const Fill> fills() const noexcept;
    // The exchange's queue estimate now (lots ahead; L3: exact): an oracle for research.
    // Status::NotFound if the order does not rest at the exchange.
    Status queue_position(std::uint32_t symbol, std::int64_t order_id, double& out) const;
    // The detail of the last failed call ("" when none).
    const std::string& error() const noexcept;

    struct Impl;

private:
    explicit Venue(std::unique_ptr<Impl> impl) noexcept;
    std::unique_ptr<Impl> impl_;
};

}  // namespace sigmax::venue
