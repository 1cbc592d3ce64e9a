// Value types of the C++ API: order requests, execution reports, fills and
// book views. Prices and quantities are doubles at the API edge and integer
// ticks/lots inside the books (see price_scale.hpp).
#pragma once

#include <cstdint>

namespace sigmax {

// Notional sums (ticks x lots) can pass 2^63: 5e12 ticks x 1e8 lots.
__extension__ typedef __int128 Int128;

enum class Side : std::uint8_t { Buy = 0, Sell = 1 };
enum class OrderType : std::uint8_t { Limit = 0, Market = 1 };
enum class TimeInForce : std::uint8_t { GTC = 0, IOC = 1, FOK = 2, PostOnly = 3 };
enum class OrderStatus : std::uint8_t { New = 0, PartiallyFilled = 1, Filled = 2, Cancelled = 3, Rejected = 4 };

// Self-trade prevention: what happens when an order would trade with a
// resting order of the same owner (docs/semantics.md, "Owners and
// self-trade prevention"). The taker's mode decides.
enum class SelfTrade : std::uint8_t {
    Default = 0,             // the engine's Config::self_trade (itself Default: CancelNewest)
    Allow = 1,               // they trade
    CancelNewest = 2,        // the taker's remainder is cancelled
    CancelOldest = 3,        // the resting order is cancelled; the taker goes on
    CancelBoth = 4,          // both
    DecrementAndCancel = 5,  // both lose the smaller one's lots; what reaches 0 is gone
};

// Result of every engine call. The values are the C ABI's sgx_status codes.
enum class Status : std::int32_t {
    Ok = 0,
    NullPointer = -1,
    StructSize = -2,
    InvalidSide = -3,
    InvalidType = -4,
    InvalidTif = -5,
    InvalidPrice = -6,
    OffTick = -7,
    InvalidQuantity = -8,
    OffLot = -9,
    OutOfRange = -10,
    InvalidConfig = -11,
    Format = -12,
    Reserved = -13,
    InvalidOrderId = -14,    // a client order id of 0
    InvalidStp = -15,        // a self-trade prevention mode outside SelfTrade
    InvalidOwner = -16,      // cancel_owner() of owner 0 (no owner)
    InvalidOp = -17,         // a request's op is not a RequestOp
    UnknownSymbol = -18,     // a venue symbol id not in its file
    TimeBackwards = -19,     // a venue time before the current time, or a negative duration
    NotFound = -30,
    Busy = -31,
    SymbolInUse = -32,
    Stopped = -33,
    Io = -34,
    DuplicateOrderId = -35,  // an order with this client id rests already
    WouldTrade = -36,        // a post-only order's replace would trade
    RequestInFlight = -37,   // a venue order already has a request on its way
    OrderClosed = -38,       // a venue order is filled, cancelled, expired or rejected
    FeedClosed = -39,        // an event pushed into a live venue whose feed is closed
    FillsFull = -50,
    NoMemory = -51,
    QueueFull = -52,
    LevelFull = -53,
    TooManySymbols = -54,
    EventsFull = -55,        // a caller's event buffer has less room than a request's bound
    Internal = -90,
};

constexpr Side opposite(Side s) noexcept { return s == Side::Buy ? Side::Sell : Side::Buy; }

struct OrderRequest {
    std::uint32_t symbol = 0;
    Side side = Side::Buy;
    OrderType type = OrderType::Limit;
    TimeInForce tif = TimeInForce::GTC;
    double price = 0.0;     // ignored for market orders
    double quantity = 0.0;
};

struct ExecutionReport {
    std::uint64_t order_id = 0;
    std::uint64_t latency_ns = 0;
    double executed_price = 0.0;      // VWAP of this call's fills; 0.0 if none
    double executed_quantity = 0.0;
    double remaining_quantity = 0.0;  // resting in the book after the call
    double slippage = 0.0;            // (executed_price - reference) / reference
    std::uint32_t symbol = 0;
    std::uint32_t fill_count = 0;
    OrderStatus status = OrderStatus::New;
    Side side = Side::Buy;
};

struct Fill {
    std::uint64_t trade_id = 0;
    std::uint64_t maker_order_id = 0;
    std::uint64_t taker_order_id = 0;
    std::int64_t price_ticks = 0;
    std::int64_t quantity_lots = 0;
    double price = 0.0;
    double quantity = 0.0;
    std::uint32_t symbol = 0;
    Side aggressor_side = Side::Buy;
};

struct TopOfBook {
    double bid_price = 0.0;
    double bid_quantity = 0.0;
    double ask_price = 0.0;
    double ask_quantity = 0.0;
    bool has_bid = false;
    bool has_ask = false;
};

struct LevelView {
    double price = 0.0;
    double quantity = 0.0;
    std::uint64_t order_count = 0;
};

struct OrderInfo {
    std::uint64_t order_id = 0;
    double price = 0.0;
    double original_quantity = 0.0;
    double executed_quantity = 0.0;
    double remaining_quantity = 0.0;
    std::uint32_t symbol = 0;
    Side side = Side::Buy;
    OrderStatus status = OrderStatus::New;
};

// What a pipeline result carries: an order's report, a cancel's or amend's
// outcome, one of an order's fills, or the answer to a book query.
enum class ResultKind : std::uint8_t { Order = 0, Cancel = 1, Amend = 2, Fill = 3, Depth = 4 };

// A book query through the pipeline (Pipeline::submit_depth), owned by the
// caller. The matching thread answers it in order with the submissions: it
// writes up to `levels` levels of each side of `symbol`'s book, best first,
// into `bids` and `asks` and their counts into bid_count and ask_count,
// then publishes a result of kind Depth. The caller must keep the query and
// both arrays alive, and not read them, until that result is polled.
// Laid out as the C API's sgx_depth_query (struct_size is checked only there).
struct DepthQuery {
    std::uint32_t struct_size = sizeof(DepthQuery);
    std::uint32_t symbol = 0;
    std::uint64_t levels = 0;      // room in bids and in asks
    LevelView* bids = nullptr;     // may be null when levels is 0
    LevelView* asks = nullptr;
    std::uint64_t bid_count = 0;   // written by the matching thread
    std::uint64_t ask_count = 0;
};

struct PipelineResult {
    PipelineResult() noexcept : report() {}

    std::uint64_t sequence = 0;       // the submission's sequence number (a fill: its order's)
    std::uint64_t round_trip_ns = 0;  // submission -> result written: queueing + matching
    Status status = Status::Ok;       // the engine's answer (invalid input, NotFound, ...)
    ResultKind kind = ResultKind::Order;
    // One or the other, so that a result is 88 bytes: every byte crosses
    // between cores, and that bounds the pipeline's throughput.
    union {
        ExecutionReport report;       // kind Order (Cancel/Amend: report.order_id)
        Fill fill;                    // kind Fill
    };
};
static_assert(sizeof(PipelineResult) == 88);

}  // namespace sigmax
