// The venue's state (private to src/venue): the symbols' two sides, the two
// FIFO channels and the clocks. The jobs are split by file:
//   venue.cpp          creation, config checks, clock alignment, queries
//   scheduler.cpp      go_to / wait_* : merging the four time-ordered sources
//   local_side.cpp     request checks and sending, responses arriving, accounting
//   exchange_side.cpp  requests arriving, market data, fills, queue estimates
//   live_feed.cpp      a live venue: creation, pushed events, the horizon
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "account.hpp"
#include "latency.hpp"
#include "queue_model.hpp"
#include "ring.hpp"
#include "sigmax/market/l3_book.hpp"
#include "sigmax/venue/l3_exchange.hpp"
#include "sigmax/venue/venue.hpp"

namespace sigmax::venue {

inline constexpr std::int64_t kMaxLots = std::int64_t{1} << 53;
inline constexpr std::int64_t kMaxPrice = std::int64_t{1} << 53;

// a + b clamped to the int64 range (absurd latencies must not wrap around).
inline std::int64_t add_clamped(std::int64_t a, std::int64_t b) noexcept {
    std::int64_t r;
    if (__builtin_add_overflow(a, b, &r)) return b > 0 ? INT64_MAX : INT64_MIN;
    return r;
}

enum class RequestKind : std::uint8_t { New = SGX_VREQ_NEW, Cancel = SGX_VREQ_CANCEL, Modify = SGX_VREQ_MODIFY };

// A request on its way to the exchange.
struct Request {
    std::int64_t arrival_ts = 0;  // exchange time it arrives
    std::int64_t order_id = 0;
    std::int64_t price = 0;
    std::int64_t quantity = 0;
    std::uint32_t symbol = 0;     // index into Impl::symbols
    RequestKind kind = RequestKind::New;
    Side side = Side::Buy;
    OrderType type = OrderType::Limit;
    TimeInForce tif = TimeInForce::GTC;
};

enum class ResponseKind : std::uint8_t {
    Update,         // the order's new state (snapshot)
    Execution,      // a fill, with the order's state after it
    RejectNew,      // a new order refused before the exchange (negative entry latency): REJECTED
    RejectRequest,  // a cancel or modify refused: the order is unchanged
};

// A response on its way back to the local side.
struct Response {
    std::int64_t recv_ts = 0;     // local time it arrives
    std::int64_t exch_ts = 0;     // exchange time it was sent (0: never reached the exchange)
    Order snapshot{};             // the exchange's order (RejectRequest/RejectNew: order_id only)
    std::int64_t fill_price = 0, fill_lots = 0;
    std::uint32_t symbol = 0;     // index into Impl::symbols
    std::int32_t reject_reason = 0;
    ResponseKind kind = ResponseKind::Update;
    bool answers_request = false; // the last response to the order's request in flight
    bool maker = false;
};

// A user order resting at the exchange.
struct ExchOrder {
    Order snap{};
    QueueEstimate queue;
    std::uint64_t arrival_seq = 0;  // order among the user's orders at one price
};

struct SymbolState {
    std::uint32_t id = 0;
    Contract contract;
    QueueModel queue_model;
    std::uint8_t fill_model = SGX_FILL_NO_PARTIAL;
    FeeModel fee_model;

    md::L2Book exch_book, local_book;
    md::BookChecks exch_checks{}, local_checks{};
    // Book model L3 (both set, the L2 books above unused): the exchange side
    // with exact queues among the real orders, and the strategy's L3 book.
    std::unique_ptr<L3Exchange> l3;
    std::unique_ptr<md::L3Book> local_l3;
    // Resting user orders per side, best price first, then arrival order
    // (in L3 mode also resting in `l3`, keyed by order id).
    std::vector<ExchOrder> resting[2];
    // The strategy's order table, by ascending id.
    std::vector<Order> orders;
    // Local trades since the last last_trades() call: a ring that grows
    // (doubling) up to trade_capacity, then drops the oldest.
    std::vector<md::Event> trades;
    std::uint64_t trade_capacity = 0;
    std::size_t trade_head = 0, trade_count = 0;
    std::uint64_t trades_dropped = 0;
    Account account;
};

// A live venue's feed (docs/venue.md, "Live venue"). The venue owns the
// pushed events that are not yet processed by both sides; Impl::events views
// `events` and Impl::exch_order indexes it.
struct LiveFeed {
    std::vector<md::Event> events;
    std::vector<md::SymbolRecord> symbols;     // the table, copied (Impl::symbol_table views it)
    std::vector<std::uint32_t> merged;         // scratch: a push merged into the pending exchange order
    std::int64_t watermark = INT64_MIN;        // largest local_ts pushed or promised
    std::int64_t delay = 0;                    // feed_delay_ns
    // Every item before this time has been processed: a pushed event with
    // an earlier exch_ts is late (raised to it). INT64_MIN until a driving
    // call moves the venue.
    std::int64_t frontier = INT64_MIN;
    std::uint64_t pushed = 0, late = 0;
    bool closed = false;

    // watermark + local_shift - delay (clamped); INT64_MIN before any event
    // or promise, INT64_MAX once closed.
    std::int64_t horizon(std::int64_t local_shift) const noexcept;
};

struct Venue::Impl {
    std::span<const md::Event> events;
    std::span<const md::SymbolRecord> symbol_table;
    std::vector<std::uint32_t> exch_order;      // event indices in exch_ts order (stable)
    std::vector<std::uint32_t> symbol_slot;     // symbol id -> index (ids < symbol_slot.size()), else search
    std::vector<SymbolState> symbols;
    LatencyModel latency;
    std::int64_t local_shift = 0;

    std::size_t local_next = 0, exch_next = 0;
    Ring<Request> requests;
    Ring<Response> responses;
    std::int64_t last_arrival = INT64_MIN, last_recv = INT64_MIN;
    std::int64_t current = 0, last_processed = INT64_MIN;
    bool has_last_feed = false;
    std::int64_t last_feed_latency = 0;
    std::uint64_t arrival_seq = 0;

    std::vector<Fill> fills;
    std::vector<md::BookLevel> levels;  // scratch for walking the book (taker orders)
    std::vector<PassiveFill> passive;   // scratch: L3Exchange::apply's fills
    std::vector<TakerFill> taken;       // scratch: L3Exchange::take's fills
    std::string error;
    std::unique_ptr<LiveFeed> live;     // a live venue's feed; null for a recorded venue

    // Index of symbol id `id`, or -1.
    std::int64_t slot_of(std::uint32_t id) const noexcept {
        if (id < symbol_slot.size()) {
            const std::uint32_t s = symbol_slot[id];
            return s == UINT32_MAX ? -1 : static_cast<std::int64_t>(s);
        }
        for (std::size_t i = 0; i < symbols.size(); ++i)
            if (symbols[i].id == id) return static_cast<std::int64_t>(i);
        return -1;
    }
    SymbolState* find(std::uint32_t id) noexcept {
        const std::int64_t s = slot_of(id);
        return s < 0 ? nullptr : &symbols[static_cast<std::size_t>(s)];
    }
    const SymbolState* find(std::uint32_t id) const noexcept {
        const std::int64_t s = slot_of(id);
        return s < 0 ? nullptr : &symbols[static_cast<std::size_t>(s)];
    }
    std::uint32_t index_of(const SymbolState& s) const noexcept {
        return static_cast<std::uint32_t>(&s - symbols.data());
    }
    FeedLatency feed() const noexcept;
    std::int64_t local_ts_of(const md::Event& e) const noexcept { return e.local_ts + local_shift; }

    // local_side.cpp
    Order* local_order(SymbolState& s, std::int64_t id) noexcept;
    const Order* local_order(const SymbolState& s, std::int64_t id) const noexcept;
    // Sends a request at the current time (room reserved in both channels).
    void send(const Request& r) noexcept;
    void local_data(const md::Event& e);
    void local_response(const Response& r) noexcept;

    // venue.cpp: the config checks and the symbol table (both kinds of venue).
    Status configure(std::span<const md::SymbolRecord> table, const Config& config, std::string& detail);

    // live_feed.cpp: events pushed and not yet processed by both sides
    std::uint64_t unprocessed() const noexcept;
    // Drops the prefix of the live events both sides have processed.
    void compact() noexcept;

    // exchange_side.cpp
    void exchange_request(const Request& r);
    void exchange_data(const md::Event& e);
    void exchange_data_l3(SymbolState& s, const md::Event& e);
    void respond(SymbolState& s, const Order& snap, ResponseKind kind, std::int64_t exch_ts, bool answers,
                 std::int32_t reject_reason = 0, std::int64_t fill_price = 0, std::int64_t fill_lots = 0,
                 bool maker = false);
};

}  // namespace sigmax::venue
