/*
 * sigmax_exec.h -- the whole C ABI of sigmax-exec.
 *
 * A price-time-priority matching engine: per-symbol limit order books in
 * integer ticks and lots, limit and market orders (GTC, IOC, FOK, post-only),
 * cancel and amend, fill events, execution reports and lock-free statistics.
 *
 * Conventions
 *  - Every function returns an sgx_status (0 = SGX_OK, negative = error)
 *    unless it says otherwise. New codes may be added in later versions:
 *    treat an unknown negative code as a generic error.
 *  - Output parameters come first, then the engine handle, then inputs.
 *  - Every pointer argument is checked: NULL gives SGX_ERR_NULL_POINTER.
 *  - A function that returns an error changes nothing observable in the
 *    engine (books, order ids, fills), except the statistics counter of
 *    invalid requests: every call on an engine (not NULL) that returns a
 *    status of the invalid-argument group (-1..-29; NULL_POINTER for another
 *    argument, STRUCT_SIZE and RESERVED included) adds one to it, except
 *    sgx_engine_get_stats(), which any thread may call and writes nothing.
 *  - No C++ exception ever crosses this boundary.
 *  - Input structs that may grow start with `struct_size`; set it with the
 *    matching _INIT macro (`sgx_order o = SGX_ORDER_INIT;`) or sizeof(). A
 *    wrong size gives SGX_ERR_STRUCT_SIZE; a non-zero `reserved` byte of an
 *    sgx_order gives SGX_ERR_RESERVED (room for later fields).
 *  - Stability: everything here is the stable API of this ABI version except
 *    what is marked "Linux-only" (needs Linux system calls) or
 *    "Experimental" (may change or go in any release, without an ABI bump).
 *
 * Threads: one thread at a time may drive an engine (every function taking a
 * non-const sgx_engine*). A second thread calling while another call is in
 * progress gets SGX_ERR_BUSY and changes nothing. sgx_engine_get_stats() may be
 * called from any thread at any time.
 *
 * The block between the cdef markers is read mechanically by the Python
 * bindings (cffi): keep it plain C declarations, one per line, no macros
 * other than SGX_API.
 */
#ifndef SIGMAX_EXEC_H
#define SIGMAX_EXEC_H

#include <stddef.h>
#include <stdint.h>

#define SGX_VERSION_MAJOR 0
#define SGX_VERSION_MINOR 1
#define SGX_VERSION_PATCH 0
/* Bumped whenever a struct layout or a function signature changes. */
#define SGX_ABI_VERSION 9

#if defined(SGX_BUILDING_LIBRARY)
#define SGX_API __attribute__((visibility("default")))
#else
#define SGX_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* One list generates the enum, sgx_status_name() and sgx_status_str().
 * Groups: -1..-29 invalid argument, -30..-49 bad state,
 *         -50..-69 capacity, -90.. internal. Values are pinned. */
#define SGX_STATUS_MAP(X)                                                                      \
    X(SGX_OK, 0, "success")                                                                    \
    X(SGX_ERR_NULL_POINTER, -1, "a required pointer argument is NULL")                         \
    X(SGX_ERR_STRUCT_SIZE, -2, "struct_size does not match this library's struct")             \
    X(SGX_ERR_INVALID_SIDE, -3, "side must be 0 (buy) or 1 (sell)")                            \
    X(SGX_ERR_INVALID_TYPE, -4, "order type must be 0 (limit) or 1 (market)")                  \
    X(SGX_ERR_INVALID_TIF, -5, "time in force must be 0 GTC, 1 IOC, 2 FOK or 3 POST_ONLY (limit only)") \
    X(SGX_ERR_INVALID_PRICE, -6, "price must be finite and positive")                          \
    X(SGX_ERR_OFF_TICK, -7, "price is not a whole number of ticks")                            \
    X(SGX_ERR_INVALID_QUANTITY, -8, "quantity must be finite and positive")                    \
    X(SGX_ERR_OFF_LOT, -9, "quantity is not a whole number of lots")                           \
    X(SGX_ERR_OUT_OF_RANGE, -10, "value exceeds 2^53 ticks or lots")                           \
    X(SGX_ERR_INVALID_CONFIG, -11, "tick size and lot size must be finite and positive")       \
    X(SGX_ERR_FORMAT, -12, "input is not in the expected format (sgx_error_detail() names where and why)") \
    X(SGX_ERR_RESERVED, -13, "a reserved field is not zero")                                   \
    X(SGX_ERR_INVALID_ORDER_ID, -14, "an order id must not be 0")                             \
    X(SGX_ERR_INVALID_STP, -15, "self-trade prevention must be 0 DEFAULT ... 5 DECREMENT_AND_CANCEL") \
    X(SGX_ERR_INVALID_OWNER, -16, "an owner must not be 0 here")                               \
    X(SGX_ERR_INVALID_OP, -17, "a request's op is not one of SGX_OP_* (sgx_error_detail() names the request)") \
    X(SGX_ERR_UNKNOWN_SYMBOL, -18, "no symbol with this id in the venue")                      \
    X(SGX_ERR_TIME_BACKWARDS, -19, "a time before the current time, or a negative duration")   \
    X(SGX_ERR_NOT_FOUND, -30, "no resting order with this id")                                 \
    X(SGX_ERR_BUSY, -31, "another thread is using this engine")                                \
    X(SGX_ERR_SYMBOL_IN_USE, -32, "symbol has resting orders; its tick and lot cannot change") \
    X(SGX_ERR_STOPPED, -33, "the pipeline is stopped")                                         \
    X(SGX_ERR_IO, -34, "a file could not be opened, read, written or renamed (sgx_error_detail() says which)") \
    X(SGX_ERR_DUPLICATE_ORDER_ID, -35, "an order with this id rests already; nothing changed") \
    X(SGX_ERR_WOULD_TRADE, -36, "a post-only order would trade at this price; nothing changed") \
    X(SGX_ERR_REQUEST_IN_FLIGHT, -37, "the order has a request in flight; wait for its response") \
    X(SGX_ERR_ORDER_CLOSED, -38, "the order is filled, cancelled, expired or rejected")          \
    X(SGX_ERR_FEED_CLOSED, -39, "the live feed is closed: no more events can be pushed")          \
    X(SGX_ERR_FILLS_FULL, -50, "fill buffer is full; drain fills before sending more orders")  \
    X(SGX_ERR_NO_MEMORY, -51, "out of memory")                                                 \
    X(SGX_ERR_QUEUE_FULL, -52, "submission queue is full; nothing was enqueued")              \
    X(SGX_ERR_LEVEL_FULL, -53, "the price level would hold more than 2^62 lots; nothing changed") \
    X(SGX_ERR_TOO_MANY_SYMBOLS, -54, "the engine keeps max_symbols books already; nothing changed") \
    X(SGX_ERR_EVENTS_FULL, -55, "the event buffer has less room than the next request may need; *out_done requests ran") \
    X(SGX_ERR_INTERNAL, -90, "internal error")

#define SGX_STATUS_ENUM_ENTRY(name, value, text) name = value,
typedef enum sgx_status { SGX_STATUS_MAP(SGX_STATUS_ENUM_ENTRY) SGX_STATUS_MIN_ = -128 } sgx_status;
#undef SGX_STATUS_ENUM_ENTRY

/* Defaults for configured symbols. 1e-8 makes typical crypto prices
 * (50000.0) and quantities (1.0) valid without any set-up. */
#define SGX_DEFAULT_TICK_SIZE 1e-8
#define SGX_DEFAULT_LOT_SIZE 1e-8
#define SGX_DEFAULT_FILL_CAPACITY 1048576
#define SGX_DEFAULT_ORDER_CAPACITY 65536
#define SGX_DEFAULT_MAX_SYMBOLS 16384

/* cdef-begin */
typedef struct sgx_engine sgx_engine;

enum { SGX_SIDE_BUY = 0, SGX_SIDE_SELL = 1 };
enum { SGX_TYPE_LIMIT = 0, SGX_TYPE_MARKET = 1 };
enum { SGX_TIF_GTC = 0, SGX_TIF_IOC = 1, SGX_TIF_FOK = 2, SGX_TIF_POST_ONLY = 3 };
enum { SGX_STATUS_NEW = 0, SGX_STATUS_PARTIALLY_FILLED = 1, SGX_STATUS_FILLED = 2, SGX_STATUS_CANCELLED = 3, SGX_STATUS_REJECTED = 4 };

/* Engine flags. NO_TIMESTAMPS: skip the two clock reads per order
 * (latency_ns = 0, no latency statistics), e.g. for backtests. */
enum { SGX_ENGINE_NO_TIMESTAMPS = 1 };

/* Engine options. Initialise with sgx_engine_config_init(). */
typedef struct sgx_engine_config {
    uint32_t struct_size;          /* sizeof(sgx_engine_config) */
    uint32_t flags;                /* SGX_ENGINE_* flags, 0 for the defaults */
    uint64_t order_capacity;       /* resting orders with room from the start, at most 2^31 (2^20 committed at creation, the rest when first needed); up to max(order_capacity, 2^27) may rest at once, past that an order that would rest gets SGX_ERR_NO_MEMORY */
    uint64_t fill_capacity;        /* undrained fills kept; 0 = do not record fills */
    uint64_t max_symbols;          /* books kept at most, 1..2^32: a symbol gets one when it is
                                      configured or an order first rests on it; past this,
                                      SGX_ERR_TOO_MANY_SYMBOLS (orders that cannot rest need none) */
    uint32_t self_trade;           /* SGX_STP_*: the self-trade prevention of orders that name none
                                      (stp SGX_STP_DEFAULT); SGX_STP_DEFAULT here means CANCEL_NEWEST */
    uint32_t reserved;             /* must be 0 */
} sgx_engine_config;

/* One order (32 bytes). For a market order the price is ignored. */
typedef struct sgx_order {
    uint32_t struct_size;          /* sizeof(sgx_order) == 32 */
    uint32_t symbol;
    uint8_t side;                  /* SGX_SIDE_* */
    uint8_t type;                  /* SGX_TYPE_* */
    uint8_t tif;                   /* SGX_TIF_* */
    uint8_t reserved[5];           /* must be 0: SGX_ERR_RESERVED otherwise */
    double price;
    double quantity;
} sgx_order;

/* The execution report of one order (64 bytes). Its prices and quantities,
 * like those of sgx_fill, sgx_top_of_book, sgx_level and sgx_order_info, are
 * the doubles nearest their decimal values (99.57 on a 0.01 tick, never
 * 99.57000000000001): docs/semantics.md, "Prices and quantities in reports". */
typedef struct sgx_report {
    uint64_t order_id;             /* 1, 2, 3, ... per engine */
    uint64_t latency_ns;           /* time inside the engine for this order */
    double executed_price;         /* VWAP of this call's fills, 0.0 if none */
    double executed_quantity;      /* filled in this call */
    double remaining_quantity;     /* left resting in the book */
    double slippage;               /* (executed_price - reference) / reference, 0.0 if no fill */
    uint32_t symbol;
    uint32_t fill_count;           /* trades made by this order in this call */
    uint8_t status;                /* SGX_STATUS_* */
    uint8_t side;
    uint8_t reserved[6];
} sgx_report;

/* One trade (64 bytes). The price is always the resting (maker) order's. */
typedef struct sgx_fill {
    uint64_t trade_id;             /* 1, 2, 3, ... per engine */
    uint64_t maker_order_id;
    uint64_t taker_order_id;
    int64_t price_ticks;
    int64_t quantity_lots;
    double price;
    double quantity;
    uint32_t symbol;
    uint8_t aggressor_side;        /* the taker's side */
    uint8_t reserved[3];
} sgx_fill;

/* Best price and aggregate quantity per side. An empty side has has_* = 0
 * and price and quantity 0.0. */
typedef struct sgx_top_of_book {
    double bid_price;
    double bid_quantity;
    double ask_price;
    double ask_quantity;
    uint8_t has_bid;
    uint8_t has_ask;
    uint8_t reserved[6];
} sgx_top_of_book;

/* One price level of a depth snapshot. */
typedef struct sgx_level {
    double price;
    double quantity;
    uint64_t order_count;
} sgx_level;

/* A resting order, as sgx_engine_order_info() reports it. */
typedef struct sgx_order_info {
    uint64_t order_id;
    double price;
    double original_quantity;      /* quantity at submission (or last amend) */
    double executed_quantity;      /* filled so far */
    double remaining_quantity;     /* still resting */
    uint32_t symbol;
    uint8_t side;
    uint8_t status;                /* SGX_STATUS_NEW or SGX_STATUS_PARTIALLY_FILLED */
    uint8_t reserved[2];
} sgx_order_info;

/* Engine statistics. Set struct_size (SGX_ENGINE_STATS_INIT) before calling
 * sgx_engine_get_stats(). Latencies are in nanoseconds; percentiles come from a
 * log-linear histogram with at most 1/64 (1.6%) relative error. */
typedef struct sgx_engine_stats {
    uint32_t struct_size;
    uint32_t reserved;
    uint64_t orders_processed;     /* reports produced, REJECTED ones included */
    uint64_t fills;
    uint64_t volume_lots;          /* sum of filled lots over all symbols */
    double volume;                 /* sum of filled quantity over all symbols */
    uint64_t rejects;              /* orders with status REJECTED */
    uint64_t cancels;              /* successful sgx_engine_cancel calls */
    uint64_t amends;               /* successful sgx_engine_amend calls */
    uint64_t invalid_requests;     /* calls refused with an invalid-argument status */
    uint64_t resting_orders;       /* orders in the books now */
    uint64_t latency_count;
    double latency_avg_ns;
    uint64_t latency_min_ns;
    uint64_t latency_max_ns;
    uint64_t latency_p50_ns;
    uint64_t latency_p90_ns;
    uint64_t latency_p99_ns;
    uint64_t latency_p999_ns;
} sgx_engine_stats;

/* Library version "MAJOR.MINOR.PATCH" (static string) and ABI number. */
SGX_API const char *sgx_version(void);
SGX_API uint32_t sgx_abi_version(void);
/* Fixed text and enum name for a status; unknown codes give a generic text. */
SGX_API const char *sgx_status_str(int32_t status);
SGX_API const char *sgx_status_name(int32_t status);
/* Struct sizes as this library was built, for bindings to check. */
SGX_API size_t sgx_sizeof_order(void);
SGX_API size_t sgx_sizeof_report(void);
SGX_API size_t sgx_sizeof_fill(void);
SGX_API size_t sgx_sizeof_top_of_book(void);
SGX_API size_t sgx_sizeof_level(void);
SGX_API size_t sgx_sizeof_order_info(void);
SGX_API size_t sgx_sizeof_engine_stats(void);
SGX_API size_t sgx_sizeof_engine_config(void);

/* Fills *config with the defaults. Returns SGX_ERR_NULL_POINTER for NULL. */
SGX_API int32_t sgx_engine_config_init(sgx_engine_config *config);
/* Creates an engine. config may be NULL for the defaults. The caller owns
 * *out and frees it with sgx_engine_destroy(). */
SGX_API int32_t sgx_engine_create(sgx_engine **out, const sgx_engine_config *config);
/* Frees an engine; NULL is a no-op. No other thread may be using it. */
SGX_API void sgx_engine_destroy(sgx_engine *engine);

/* Sets a symbol's tick and lot size. Refused with SGX_ERR_SYMBOL_IN_USE if
 * the symbol has resting orders and either size changes. */
SGX_API int32_t sgx_engine_configure_symbol(sgx_engine *engine, uint32_t symbol, double tick_size, double lot_size);

/* Executes one order and writes its report. Statuses: OK, the invalid
 * argument codes (nothing changes, no order id is used), BUSY, FILLS_FULL,
 * LEVEL_FULL (it would rest on a level holding 2^62 lots with it: nothing
 * changes, no order id is used; docs/semantics.md, "Bounds"). */
SGX_API int32_t sgx_engine_execute(sgx_report *out_report, sgx_engine *engine, const sgx_order *order);

/* Executes count orders, writing count reports. All orders are validated
 * first: if one is invalid, nothing is executed, the status is its error and
 * *out_count is its index. Otherwise *out_count is the number executed:
 * count on SGX_OK, fewer on SGX_ERR_FILLS_FULL (drain, then resend the rest)
 * or SGX_ERR_LEVEL_FULL (the order at *out_count would pass its level's bound).
 * On any status but SGX_OK, every report past the executed ones is zero
 * (all of them when nothing executed): out_reports[0..count) holds the
 * executed orders' reports, then zero bytes. */
SGX_API int32_t sgx_engine_execute_batch(sgx_report *out_reports, size_t *out_count, sgx_engine *engine, const sgx_order *orders, size_t count);

/* Cancels a resting order. SGX_ERR_NOT_FOUND if it is unknown or no longer rests. */
SGX_API int32_t sgx_engine_cancel(sgx_engine *engine, uint64_t order_id);

/* Sets a resting order's open quantity. A decrease keeps its time priority;
 * an increase moves it to the back of its level. SGX_ERR_NOT_FOUND if it does
 * not rest; SGX_ERR_INVALID_QUANTITY / OFF_LOT for a bad quantity;
 * SGX_ERR_OUT_OF_RANGE if executed + open lots would pass 2^53;
 * SGX_ERR_LEVEL_FULL if its level would pass 2^62 lots (the order stays put). */
SGX_API int32_t sgx_engine_amend(sgx_engine *engine, uint64_t order_id, double new_quantity);

/* Information about a resting order; SGX_ERR_NOT_FOUND if it does not rest. */
SGX_API int32_t sgx_engine_order_info(sgx_order_info *out_info, sgx_engine *engine, uint64_t order_id);

/* Best bid and ask of a symbol (an unknown symbol has an empty book). */
SGX_API int32_t sgx_engine_top_of_book(sgx_top_of_book *out_top, sgx_engine *engine, uint32_t symbol);

/* Up to `levels` price levels per side, best first, written straight into
 * the arrays: nothing is allocated, so `levels` may be any count (SIZE_MAX:
 * every level). Each array needs room for min(levels, the levels its side
 * holds) entries; *out_bid_count and *out_ask_count get the counts. */
SGX_API int32_t sgx_engine_depth(sgx_level *out_bids, size_t *out_bid_count, sgx_level *out_asks, size_t *out_ask_count, sgx_engine *engine, uint32_t symbol, size_t levels);

/* Moves up to `capacity` of the oldest undrained fills into out_fills and
 * sets *out_count. Call until *out_count < capacity to drain everything. */
SGX_API int32_t sgx_engine_drain_fills(sgx_fill *out_fills, size_t *out_count, sgx_engine *engine, size_t capacity);
/* Number of undrained fills. */
SGX_API int32_t sgx_engine_pending_fills(size_t *out_count, sgx_engine *engine);

/* Statistics snapshot. Safe from any thread while another drives the engine. */
SGX_API int32_t sgx_engine_get_stats(sgx_engine_stats *out_stats, const sgx_engine *engine);
/* Zeroes the statistics (the resting_orders gauge keeps its value). */
SGX_API int32_t sgx_engine_reset_stats(sgx_engine *engine);
/* Gives back memory that mass cancellation left unused: the order pool's
 * chunks after the last resting order's (never what creation committed) and
 * id-index slots down to the smallest table at most half full (never below
 * its initial size). Orders, ids and statistics are unchanged. A driving
 * call: SGX_OK, or SGX_ERR_BUSY while another thread drives the engine
 * (SGX_ERR_NULL_POINTER for a NULL engine); it fails in no other way (memory
 * it cannot allocate for the smaller index, it keeps). It passes over every
 * record and index slot: call it when a pause is acceptable. */
SGX_API int32_t sgx_engine_shrink(sgx_engine *engine);

/* ---- Integer order entry: ticks and lots, the caller's order ids, events ----
 * docs/c_api.md ("Integer order entry") and docs/semantics.md ("Integer
 * order entry") give the rules. Each call passes every consequence, in
 * order, to the caller's callback as sgx_order_event records. */

enum { SGX_EVENT_ACCEPTED = 0, SGX_EVENT_TRADE = 1, SGX_EVENT_CANCELLED = 2, SGX_EVENT_REPLACED = 3, SGX_EVENT_REJECTED = 4 };
/* Why an order (or its remainder) left, or never reached, the book. */
enum { SGX_CANCEL_NONE = 0, SGX_CANCEL_USER = 1, SGX_CANCEL_IOC_REMAINDER = 2, SGX_CANCEL_FOK_UNFILLED = 3, SGX_CANCEL_POST_ONLY = 4, SGX_CANCEL_SELF_TRADE = 5 };

/* Self-trade prevention: what happens when an order would trade with a
 * resting order of the same owner. The taker's mode decides (docs/semantics.md,
 * "Owners and self-trade prevention"). */
enum {
    SGX_STP_DEFAULT = 0,              /* the engine's sgx_engine_config.self_trade */
    SGX_STP_ALLOW = 1,                /* they trade */
    SGX_STP_CANCEL_NEWEST = 2,        /* the taker's remainder is cancelled */
    SGX_STP_CANCEL_OLDEST = 3,        /* the resting order is cancelled; the taker goes on */
    SGX_STP_CANCEL_BOTH = 4,          /* both */
    SGX_STP_DECREMENT_AND_CANCEL = 5  /* both lose the smaller one's lots; what reaches 0 is gone */
};

/* A new order in ticks and lots (48 bytes), laid out like sgx_order. */
typedef struct sgx_new_order {
    uint32_t struct_size;          /* sizeof(sgx_new_order) == 48 */
    uint32_t symbol;
    uint8_t side;                  /* SGX_SIDE_* */
    uint8_t type;                  /* SGX_TYPE_* (a market order's price is ignored) */
    uint8_t tif;                   /* SGX_TIF_* */
    uint8_t stp;                   /* SGX_STP_*: self-trade prevention when owner is not 0 */
    uint8_t reserved[4];           /* must be 0: SGX_ERR_RESERVED otherwise */
    uint64_t client_id;            /* the order's id: not 0, unique among resting orders */
    int64_t price;                 /* ticks of the symbol, its minimum (1 unless sgx_engine_set_min_price) ... 2^53 */
    int64_t lots;                  /* lots of the symbol, 1 ... 2^53 */
    uint64_t owner;                /* the account; orders of one owner do not trade with each other. 0 = none */
} sgx_new_order;

/* One event of a call (64 bytes). Fields a kind does not use are 0.
 *  ACCEPTED : order_id, symbol, side, price (0 for market), lots = remaining = the order's lots.
 *  TRADE    : order_id = the taker, maker_id, symbol, side = the taker's, price = the maker's,
 *             lots = traded, remaining = the taker's open lots after it, maker_remaining =
 *             the maker's, maker_done = 1 when the maker left the book (filled).
 *  CANCELLED: order_id, symbol, side, price, lots = what left (or never entered) the book,
 *             remaining = the order's open lots after it (0: gone; more only for a self-trade
 *             decrement), reason; for SELF_TRADE, maker_id = the other order of the pair.
 *  REPLACED : order_id, symbol, side, price = the new price, lots = remaining = the new open lots.
 *  REJECTED : order_id as the call named it (0 for cancel_all), symbol and side as given, status. */
typedef struct sgx_order_event {
    uint64_t order_id;
    uint64_t maker_id;
    int64_t price;                 /* ticks */
    int64_t lots;
    int64_t remaining;
    int64_t maker_remaining;
    uint32_t symbol;
    int32_t status;                /* SGX_OK, or why (REJECTED) */
    uint8_t kind;                  /* SGX_EVENT_* */
    uint8_t side;                  /* SGX_SIDE_* */
    uint8_t reason;                /* SGX_CANCEL_* */
    uint8_t maker_done;            /* 0 or 1 */
    uint32_t reserved;             /* 0 */
} sgx_order_event;

/* Receives one event. Called synchronously on the calling thread, in event
 * order, before the call returns. `event` is valid only during the call
 * and read-only (copy what you keep). It must not call the engine (that call would get
 * SGX_ERR_BUSY). NULL as a callback: the caller wants no events. */
typedef void (*sgx_event_fn)(const sgx_order_event *event, void *user);

SGX_API size_t sgx_sizeof_new_order(void);
SGX_API size_t sgx_sizeof_order_event(void);

/* The four calls. Each returns SGX_OK, or a status with nothing changed and
 * exactly one event, REJECTED with that status: the engine's checks (side,
 * type, tif, a zero or resting client_id, price, lots, an unknown order id,
 * BUSY, LEVEL_FULL, NO_MEMORY, TOO_MANY_SYMBOLS). A record this layer refuses
 * before the engine reads it (NULL engine or order: SGX_ERR_NULL_POINTER;
 * SGX_ERR_STRUCT_SIZE; SGX_ERR_RESERVED) gets its status and no event.
 *  submit: ACCEPTED, its TRADEs, then CANCELLED for what it neither fills nor rests.
 *  cancel_order: CANCELLED (USER) with the order's side, price and open lots.
 *  replace: a resting order's new price (ticks) and open lots: REPLACED, then
 *    any TRADEs; the same price and no more lots keeps time priority. A post-only
 *    order's replace to a price that would trade: SGX_ERR_WOULD_TRADE.
 *  cancel_all: CANCELLED (USER) for every order resting on `symbol`, bids best
 *    first, then asks best first (SGX_OK and no event for an empty book). */
SGX_API int32_t sgx_engine_submit(sgx_engine *engine, const sgx_new_order *order, sgx_event_fn on_event, void *user);
SGX_API int32_t sgx_engine_cancel_order(sgx_engine *engine, uint64_t order_id, sgx_event_fn on_event, void *user);
SGX_API int32_t sgx_engine_replace(sgx_engine *engine, uint64_t order_id, int64_t new_price, int64_t new_lots, sgx_event_fn on_event, void *user);
SGX_API int32_t sgx_engine_cancel_all(sgx_engine *engine, uint32_t symbol, sgx_event_fn on_event, void *user);
/* Every order `owner` has resting, cancelled: CANCELLED (USER) events, symbols in ascending
 * order, in each bids best first then asks best first, oldest first within a level. Owner 0:
 * SGX_ERR_INVALID_OWNER. O(resting orders): for a disconnect, not a hot loop. */
SGX_API int32_t sgx_engine_cancel_owner(sgx_engine *engine, uint64_t owner, sgx_event_fn on_event, void *user);
/* Lets the integer API take limit prices down to `ticks` (-2^53 ... 1; the default is 1) on
 * `symbol`: zero and negative prices. Creates the symbol's book like configure_symbol.
 * SGX_ERR_OUT_OF_RANGE outside that range. The double API keeps requiring positive prices. */
SGX_API int32_t sgx_engine_set_min_price(sgx_engine *engine, uint32_t symbol, int64_t ticks);

/* ---- Queries in ticks: the books and resting orders in ticks and lots ----
 * docs/c_api.md ("Queries in ticks") and docs/semantics.md ("Queries in
 * ticks") give the rules. Prices are ticks of the symbol and may be zero or
 * negative: an empty side is said by has_bid / has_ask, never by a price.
 * Each call is a driving call (SGX_ERR_BUSY while another thread drives the
 * engine), allocates nothing and changes nothing (a refused argument counts
 * in invalid_requests). A symbol without a book answers as an empty book. */

/* One price level in ticks and lots (24 bytes), laid out as sgx_md_level. */
typedef struct sgx_level_ticks {
    int64_t price;                 /* ticks */
    int64_t lots;                  /* open lots resting at this price */
    uint64_t order_count;          /* orders holding them */
} sgx_level_ticks;

/* The best level of each side (56 bytes). An empty side has has_* = 0 and
 * its price, lots and orders 0. */
typedef struct sgx_top_ticks {
    int64_t bid_price;             /* ticks */
    int64_t bid_lots;
    uint64_t bid_orders;
    int64_t ask_price;
    int64_t ask_lots;
    uint64_t ask_orders;
    uint8_t has_bid;
    uint8_t has_ask;
    uint8_t reserved[6];           /* 0 */
} sgx_top_ticks;

/* A resting order in ticks and lots, and its place in its level's queue
 * (56 bytes): lots_ahead and orders_ahead are the open lots and the orders
 * of its level that trade before it (0 and 0 at the head of the queue). */
typedef struct sgx_order_ticks {
    uint64_t order_id;
    int64_t price;                 /* ticks */
    int64_t open_lots;             /* still resting */
    int64_t filled_lots;           /* executed so far */
    int64_t lots_ahead;
    uint64_t orders_ahead;
    uint64_t owner;                /* 0: none (orders of the double API) */
    uint32_t symbol;
    uint8_t side;                  /* SGX_SIDE_* */
    uint8_t stp;                   /* SGX_STP_*, as the order gave it (DEFAULT: the engine's) */
    uint8_t post_only;             /* 1 for a post-only order (its replace never trades) */
    uint8_t reserved;              /* 0 */
} sgx_order_ticks;

SGX_API size_t sgx_sizeof_level_ticks(void);
SGX_API size_t sgx_sizeof_top_ticks(void);
SGX_API size_t sgx_sizeof_order_ticks(void);

/* The best bid and ask of `symbol`. */
SGX_API int32_t sgx_engine_top_ticks(sgx_top_ticks *out_top, sgx_engine *engine, uint32_t symbol);
/* Side `side`'s levels of `symbol`, best first, written into out_levels (room
 * for `capacity` records; NULL allowed when capacity is 0): at most capacity
 * of them, *out_count how many. SGX_ERR_INVALID_SIDE for a side other than
 * SGX_SIDE_BUY / SGX_SIDE_SELL (*out_count 0). */
SGX_API int32_t sgx_engine_depth_ticks(sgx_level_ticks *out_levels, size_t capacity, size_t *out_count, sgx_engine *engine, uint32_t symbol, uint8_t side);
/* The level of side `side` at `price` ticks: out_level->price = price, its
 * open lots and orders (0 and 0 when no order rests there). SGX_ERR_INVALID_SIDE. */
SGX_API int32_t sgx_engine_lots_at(sgx_level_ticks *out_level, sgx_engine *engine, uint32_t symbol, uint8_t side, int64_t price);
/* A resting order by id, with its queue position: SGX_ERR_NOT_FOUND if no
 * order with this id rests. The position is found by walking the order's
 * level from it back to the head: the cost grows with the orders ahead. */
SGX_API int32_t sgx_engine_order_ticks(sgx_order_ticks *out_order, sgx_engine *engine, uint64_t order_id);

/* ---- Request batches: new, cancel, replace, cancel-all and cancel-owner mixed, one call ----
 * docs/c_api.md ("Request batches") gives the contract in full. */

enum { SGX_OP_NEW = 0, SGX_OP_CANCEL = 1, SGX_OP_REPLACE = 2, SGX_OP_CANCEL_ALL = 3, SGX_OP_CANCEL_OWNER = 4 };

/* One request of a batch (48 bytes, no padding; its fields sit where
 * sgx_new_order's do, `op` in the first reserved byte of that record). Fields
 * an op does not read are ignored. Set struct_size with SGX_REQUEST_INIT or sizeof.
 *  NEW         : symbol, side, type, tif, stp, order_id (the client id), price, lots, owner: as sgx_new_order.
 *  CANCEL      : order_id, as sgx_engine_cancel_order.
 *  REPLACE     : order_id, price and lots (the new price and open lots), as sgx_engine_replace.
 *  CANCEL_ALL  : symbol, as sgx_engine_cancel_all.
 *  CANCEL_OWNER: owner, as sgx_engine_cancel_owner. */
typedef struct sgx_request {
    uint32_t struct_size;          /* sizeof(sgx_request) == 48 */
    uint32_t symbol;
    uint8_t side;                  /* SGX_SIDE_* */
    uint8_t type;                  /* SGX_TYPE_* */
    uint8_t tif;                   /* SGX_TIF_* */
    uint8_t stp;                   /* SGX_STP_* */
    uint8_t op;                    /* SGX_OP_* */
    uint8_t reserved[3];           /* must be 0: SGX_ERR_RESERVED otherwise */
    uint64_t order_id;             /* NEW: the new order's client id; CANCEL, REPLACE: the resting order's */
    int64_t price;                 /* ticks: NEW's price, REPLACE's new price */
    int64_t lots;                  /* NEW's lots, REPLACE's new open lots */
    uint64_t owner;                /* NEW's owner; CANCEL_OWNER's */
} sgx_request;

SGX_API size_t sgx_sizeof_request(void);

/* Runs requests[0..count) in order under one claim of the engine, each as
 * its single call would (sgx_engine_submit, _cancel_order, _replace,
 * _cancel_all, _cancel_owner), its events to on_event (NULL: not wanted).
 *  - Every record is checked first: NULL (requests with count > 0, engine,
 *    out_done) SGX_ERR_NULL_POINTER; a struct_size other than
 *    sizeof(sgx_request) SGX_ERR_STRUCT_SIZE; a non-zero reserved byte
 *    SGX_ERR_RESERVED; an unknown op SGX_ERR_INVALID_OP. Then nothing runs,
 *    no event, *out_done = 0, and sgx_error_detail() names the request.
 *  - SGX_ERR_BUSY: another thread holds the engine; nothing runs, no event.
 *  - The engine's refusal of one request (NOT_FOUND, DUPLICATE_ORDER_ID,
 *    INVALID_PRICE, INVALID_STP, INVALID_OWNER, WOULD_TRADE, LEVEL_FULL,
 *    NO_MEMORY, TOO_MANY_SYMBOLS, ...) is that
 *    request's one REJECTED event, carrying the status; it changed nothing
 *    and the batch goes on.
 * SGX_OK with *out_done = count once every request ran. */
SGX_API int32_t sgx_engine_apply(size_t *out_done, sgx_engine *engine, const sgx_request *requests, size_t count, sgx_event_fn on_event, void *user);

/* As sgx_engine_apply, writing the events into out_events[0..capacity)
 * (*out_event_count of them) instead of a callback. A request runs only when
 * the room left is at least the most events it can emit (its bound,
 * sgx_engine_request_bound), so a request's events are never split between
 * calls and none is lost. When the next request's bound exceeds the room
 * left, the call stops before it: SGX_ERR_EVENTS_FULL, *out_done = the
 * requests that ran (their events are all in out_events); take the events
 * and call again from requests + *out_done. If nothing ran, that request's
 * bound exceeds `capacity` itself: give at least sgx_engine_request_bound()
 * events of room. Other statuses as sgx_engine_apply (out_events NULL with
 * capacity > 0, or out_event_count NULL: SGX_ERR_NULL_POINTER). */
SGX_API int32_t sgx_engine_apply_into(sgx_order_event *out_events, size_t *out_event_count, size_t *out_done, sgx_engine *engine, const sgx_request *requests, size_t count, size_t capacity);

/* The most events `request` can emit if it runs now (the engine as it is):
 *  CANCEL 1. NEW: 2 + m x the orders resting at prices it can trade with,
 *  counted level by level, best first, until their lots reach its own;
 *  m = 1, or 2 with self-trade prevention (owner not 0, effective mode not
 *  ALLOW); under CANCEL_OLDEST every such order counts, once. REPLACE: the
 *  same for the resting order (its owner and mode) at its new price and
 *  lots; 1 if it does not rest. CANCEL_ALL: the orders resting on the
 *  symbol. CANCEL_OWNER: the owner's resting orders (at least 1). The
 *  record is checked as sgx_engine_apply checks it. A driving call (BUSY). */
SGX_API int32_t sgx_engine_request_bound(size_t *out_bound, sgx_engine *engine, const sgx_request *request);

/* ---- Pipeline: submit from any thread, one matching thread, results polled ----
 * docs/pipeline.md explains the rings, the ordering and back-pressure rules. */
typedef struct sgx_pipeline sgx_pipeline;

enum { SGX_WAIT_SPIN = 0, SGX_WAIT_SPIN_YIELD = 1, SGX_WAIT_SLEEP = 2 };
enum { SGX_RESULT_ORDER = 0, SGX_RESULT_CANCEL = 1, SGX_RESULT_AMEND = 2, SGX_RESULT_FILL = 3, SGX_RESULT_DEPTH = 4 };

/* Pipeline options. Initialise with sgx_pipeline_config_init(). */
typedef struct sgx_pipeline_config {
    uint32_t struct_size;          /* sizeof(sgx_pipeline_config) */
    uint32_t wait;                 /* SGX_WAIT_*: how the matching thread waits for work */
    uint64_t queue_capacity;       /* submission ring slots, rounded up to a power of two (default 10000 -> 16384) */
    uint64_t result_capacity;      /* result ring slots; 0 = 4 x the submission ring */
    sgx_engine_config engine;      /* the engine the matching thread owns */
} sgx_pipeline_config;

/* One result (152 bytes): an order's report, a cancel's or amend's outcome,
 * one fill (fills follow their order's report, same sequence), or the
 * answer to a book query (kind DEPTH: report.symbol is the query's symbol,
 * the levels are in the caller's sgx_depth_query). */
typedef struct sgx_result {
    uint64_t sequence;             /* the submission's sequence number */
    uint64_t round_trip_ns;        /* submission -> result written: queueing + matching */
    int32_t status;                /* the engine's status for this submission */
    uint8_t kind;                  /* SGX_RESULT_* */
    uint8_t reserved[3];
    sgx_report report;             /* kind ORDER; for CANCEL/AMEND only order_id is set */
    sgx_fill fill;                 /* kind FILL */
} sgx_result;

/* A book query through the pipeline (sgx_pipeline_submit_depth), owned by
 * the caller. Set struct_size, symbol, levels and the two arrays (each with
 * room for `levels` records; NULL allowed when levels is 0). The matching
 * thread answers in order with the submissions: it writes up to `levels`
 * levels a side, best first, and the counts, then publishes a result of
 * kind SGX_RESULT_DEPTH with the query's sequence. The query and both
 * arrays must stay valid, and unread, until that result is polled (or the
 * pipeline is destroyed). */
typedef struct sgx_depth_query {
    uint32_t struct_size;          /* sizeof(sgx_depth_query) */
    uint32_t symbol;
    uint64_t levels;               /* room in bids and in asks */
    sgx_level *bids;
    sgx_level *asks;
    uint64_t bid_count;            /* written by the matching thread */
    uint64_t ask_count;
} sgx_depth_query;

/* Ring statistics of a pipeline. Set struct_size (SGX_PIPELINE_STATS_INIT). */
typedef struct sgx_pipeline_stats {
    uint32_t struct_size;          /* sizeof(sgx_pipeline_stats) */
    uint32_t reserved;
    uint64_t capacity;             /* submission ring slots */
    uint64_t result_capacity;
    uint64_t submitted;            /* accepted submissions */
    uint64_t completed;            /* executed submissions */
    uint64_t queue_full;           /* submissions refused with SGX_ERR_QUEUE_FULL */
    uint64_t queue_high_water;
    uint64_t result_high_water;
    uint64_t backpressure_waits;   /* times the matching thread waited for the poller */
} sgx_pipeline_stats;

SGX_API int32_t sgx_pipeline_config_init(sgx_pipeline_config *config);
/* Starts the matching thread. The caller owns *out; sgx_pipeline_destroy() stops and frees it. */
SGX_API int32_t sgx_pipeline_create(sgx_pipeline **out, const sgx_pipeline_config *config);
/* Stops (finishing every accepted submission) and frees; NULL is a no-op. */
SGX_API void sgx_pipeline_destroy(sgx_pipeline *pipeline);
/* Submissions: any thread, lock-free. SGX_ERR_QUEUE_FULL enqueues nothing;
 * SGX_ERR_STOPPED after sgx_pipeline_stop(). The record is checked here
 * (STRUCT_SIZE, RESERVED: returned at once, enqueuing nothing, and not
 * counted in the engine's invalid_requests, which only the matching thread
 * writes); the order itself is validated by the matching thread: an invalid
 * order gets a result with its error status (and is counted). A batch with a
 * bad record enqueues none of it. */
SGX_API int32_t sgx_pipeline_submit(uint64_t *out_sequence, sgx_pipeline *pipeline, const sgx_order *order);
/* Waits for room (spin, yield, then sleep) at most timeout_ns. */
SGX_API int32_t sgx_pipeline_submit_wait(uint64_t *out_sequence, sgx_pipeline *pipeline, const sgx_order *order, uint64_t timeout_ns);
/* Enqueues as many of the orders as fit, in order, with consecutive sequence numbers. */
SGX_API int32_t sgx_pipeline_submit_batch(uint64_t *out_first_sequence, size_t *out_accepted, sgx_pipeline *pipeline, const sgx_order *orders, size_t count);
SGX_API int32_t sgx_pipeline_submit_cancel(uint64_t *out_sequence, sgx_pipeline *pipeline, uint64_t order_id);
SGX_API int32_t sgx_pipeline_submit_amend(uint64_t *out_sequence, sgx_pipeline *pipeline, uint64_t order_id, double new_quantity);
/* Submits a book query (see sgx_depth_query): SGX_ERR_NULL_POINTER for a
 * NULL query or array (the latter when levels > 0), SGX_ERR_STRUCT_SIZE,
 * QUEUE_FULL or STOPPED, with nothing enqueued and the query untouched. */
SGX_API int32_t sgx_pipeline_submit_depth(uint64_t *out_sequence, sgx_pipeline *pipeline, sgx_depth_query *query);
/* Sets a symbol's tick and lot on the pipeline's engine (configure before
 * submitting its orders). Returns whatever the result ring holds, from any
 * thread including the poller's (it moves a full ring's results aside for
 * the next poll); SGX_ERR_NO_MEMORY if that room cannot be allocated. */
SGX_API int32_t sgx_pipeline_configure_symbol(sgx_pipeline *pipeline, uint32_t symbol, double tick_size, double lot_size);
/* Moves up to `capacity` results out. One thread at a time (SGX_ERR_BUSY otherwise). */
SGX_API int32_t sgx_pipeline_poll(sgx_result *out_results, size_t *out_count, sgx_pipeline *pipeline, size_t capacity);
/* Closes submissions and waits until every accepted one has executed; results stay pollable. Idempotent. */
SGX_API int32_t sgx_pipeline_stop(sgx_pipeline *pipeline);
/* Ring statistics and the engine's statistics: any thread. */
SGX_API int32_t sgx_pipeline_get_stats(sgx_pipeline_stats *out_stats, const sgx_pipeline *pipeline);
SGX_API int32_t sgx_pipeline_get_engine_stats(sgx_engine_stats *out_stats, const sgx_pipeline *pipeline);
SGX_API size_t sgx_sizeof_result(void);
SGX_API size_t sgx_sizeof_depth_query(void);
SGX_API size_t sgx_sizeof_pipeline_config(void);
SGX_API size_t sgx_sizeof_pipeline_stats(void);

/* ---- Market data: one event record for every feed ----
 * docs/market_data.md explains each kind, the flags and the event file. */
enum {
    SGX_MD_LEVEL = 1,          /* L2: `quantity` is now the whole quantity at `price` on `side` (0 removes the level) */
    SGX_MD_CLEAR = 2,          /* remove every level and order of `side` (SGX_MD_SIDE_NONE: both sides) */
    SGX_MD_SNAPSHOT_BEGIN = 3, /* a snapshot of the whole book follows: it replaces the book */
    SGX_MD_SNAPSHOT_END = 4,   /* the snapshot is complete */
    SGX_MD_TRADE = 5,          /* a trade of `quantity` at `price`; side = the aggressor's; order_id = trade id */
    SGX_MD_BBO = 6,            /* the feed's own best bid (side buy) or ask (side sell): price and quantity */
    SGX_MD_ADD = 7,            /* L3: order `order_id` joins the back of the queue at `price` with `quantity` */
    SGX_MD_CANCEL = 8,         /* L3: order `order_id` loses `quantity` lots (all it has left: it leaves the book) */
    SGX_MD_MODIFY = 9,         /* L3: order `order_id` now has `price` and `quantity` (see docs for priority) */
    SGX_MD_FILL = 10           /* L3: resting order `order_id` traded `quantity` lots at `price` */
};
enum { SGX_MD_SIDE_NONE = 2 };  /* besides SGX_SIDE_BUY and SGX_SIDE_SELL */
enum {
    SGX_MD_F_LAST = 1,         /* last event of one feed message: the book is consistent after it */
    SGX_MD_F_SNAPSHOT = 2,     /* part of a snapshot */
    SGX_MD_F_GAP = 4,          /* the feed lost messages just before this event (detected, never bridged) */
    SGX_MD_F_NO_EXCH_TS = 8,   /* the source gives no exchange time: exch_ts is the local time */
    SGX_MD_F_NO_AGGRESSOR = 16, /* a trade whose aggressor side the source does not give (side NONE) */
    SGX_MD_F_NO_BOOK_CHANGE = 32 /* a FILL that only says which order traded: the feed changes the book by its own
                                  * later CANCEL or MODIFY (Databento MBO), so a book does not apply it */
};

/* One market-data event (64 bytes, little-endian, naturally aligned). */
typedef struct sgx_md_event {
    int64_t exch_ts;               /* exchange time, ns since the Unix epoch */
    int64_t local_ts;              /* local receive time, ns since the Unix epoch */
    int64_t price;                 /* ticks of the symbol's tick size (signed: zero and negative prices exist) */
    int64_t quantity;              /* lots of the symbol's lot size */
    uint64_t order_id;             /* L3: the exchange's order id; TRADE: the trade id (0 if none) */
    uint64_t sequence;             /* the feed's own sequence or update id (0 if none) */
    uint32_t symbol;               /* the id of an sgx_md_symbol of the same file */
    uint16_t flags;                /* SGX_MD_F_* */
    uint8_t kind;                  /* SGX_MD_* */
    uint8_t side;                  /* SGX_SIDE_BUY, SGX_SIDE_SELL or SGX_MD_SIDE_NONE */
    uint8_t reserved[8];           /* 0 */
} sgx_md_event;

/* A symbol of an event file (80 bytes): what its ticks and lots are worth. */
typedef struct sgx_md_symbol {
    char name[32];                 /* NUL-padded, e.g. "BTCUSDT" */
    char venue[16];                /* NUL-padded, e.g. "binance-usdm" */
    double tick_size;              /* the price of one tick */
    double lot_size;               /* the quantity of one lot */
    double contract_size;          /* 1 for spot and linear contracts; an inverse contract's face value */
    uint32_t id;                   /* the `symbol` of its events */
    uint8_t inverse;               /* 1: a coin-margined (inverse) contract */
    uint8_t reserved[3];           /* 0 */
} sgx_md_symbol;

SGX_API size_t sgx_sizeof_md_event(void);
SGX_API size_t sgx_sizeof_md_symbol(void);

/* Event files (docs/market_data.md): this header (64 bytes), the symbol
 * table (symbol_count sgx_md_symbol records), zero padding up to
 * header_size (a multiple of 64), then record_count sgx_md_event records.
 * Every number is little-endian. */
typedef struct sgx_md_file_header {
    char magic[8];                 /* "SGXMDEV" and a NUL */
    uint32_t version;              /* 1 */
    uint32_t header_size;          /* bytes before the first event: 64 + 80 * symbol_count rounded up to 64 */
    uint32_t record_size;          /* sizeof(sgx_md_event) == 64 */
    uint32_t symbol_record_size;   /* sizeof(sgx_md_symbol) == 80 */
    uint32_t symbol_count;
    uint32_t reserved0;            /* 0 */
    uint64_t record_count;         /* events after the header: the file is header_size + 64 * record_count bytes */
    int64_t first_local_ts;        /* local_ts of the first and the last event (0 when there is none) */
    int64_t last_local_ts;
    uint8_t reserved[8];           /* 0 */
} sgx_md_file_header;

/* Best bid and ask of a reconstructed book, in ticks and lots. An empty side
 * has has_* = 0 and price and quantity 0. */
typedef struct sgx_md_quote {
    int64_t bid_price;
    int64_t bid_quantity;
    int64_t ask_price;
    int64_t ask_quantity;
    uint8_t has_bid;
    uint8_t has_ask;
    uint8_t reserved[6];
} sgx_md_quote;

/* One price level of a reconstructed book (order_count is 0 in an L2 book). */
typedef struct sgx_md_level {
    int64_t price;                 /* ticks */
    int64_t quantity;              /* lots */
    uint64_t order_count;
} sgx_md_level;

/* Where an order rests in an L3 book: what is ahead of it in its queue. */
typedef struct sgx_md_queue_position {
    uint64_t orders_ahead;         /* orders of its level that will trade before it */
    int64_t quantity_ahead;        /* their lots */
    int64_t price;                 /* the order's price (ticks) and open quantity (lots) */
    int64_t quantity;
    uint32_t symbol;
    uint8_t side;
    uint8_t reserved[3];
} sgx_md_queue_position;

/* What a book saw while applying events: counts, never aborts. On a good
 * feed every count but events and ignored is 0. */
typedef struct sgx_md_book_checks {
    uint64_t events;               /* events applied */
    uint64_t ignored;              /* events that carry no state for this book (TRADE, BBO; LEVEL in L3; L3 kinds in L2) */
    uint64_t invalid;              /* unknown kind, a side other than buy/sell where one is needed, an L3 ADD of 0 lots, any L3 quantity over 2^53, or an L3 ADD or MODIFY that would take its level past 2^62 lots (the event is ignored) */
    uint64_t negative_quantity;    /* LEVEL, ADD, CANCEL, MODIFY or FILL with quantity < 0 (the event is ignored) */
    uint64_t crossed;              /* events flagged SGX_MD_F_LAST after which best bid >= best ask (outside snapshots) */
    uint64_t unknown_order;        /* L3: CANCEL or FILL of an order id that does not rest */
    uint64_t duplicate_order;      /* L3: ADD of an order id that already rests (the event is ignored) */
    uint64_t overfill;             /* L3: CANCEL or FILL of more than the order's open lots (it leaves the book) */
    uint64_t modify_added;         /* L3: MODIFY of an order id that did not rest, applied as an ADD */
} sgx_md_book_checks;

SGX_API size_t sgx_sizeof_md_file_header(void);
SGX_API size_t sgx_sizeof_md_quote(void);
SGX_API size_t sgx_sizeof_md_level(void);
SGX_API size_t sgx_sizeof_md_queue_position(void);
SGX_API size_t sgx_sizeof_md_book_checks(void);

/* The text of the last error on this thread (file, record or offset, rule),
 * set by the functions whose failures need more than a status (event files,
 * converters); "" when none has failed yet. Valid until the next call of
 * such a function on this thread. Never NULL. */
SGX_API const char *sgx_error_detail(void);

/* An event file, opened by memory mapping: memory does not grow with its
 * length, and the events are viewed in place. The header is checked on open
 * (SGX_ERR_FORMAT, sgx_error_detail() names the rule); the events are checked
 * by sgx_md_file_verify(). */
typedef struct sgx_md_file sgx_md_file;
SGX_API int32_t sgx_md_file_open(sgx_md_file **out, const char *path);
/* Unmaps and frees; NULL is a no-op. Pointers into the file die with it. */
SGX_API void sgx_md_file_close(sgx_md_file *file);
SGX_API int32_t sgx_md_file_get_header(sgx_md_file_header *out_header, const sgx_md_file *file);
/* The symbol table and the events, in place (valid until sgx_md_file_close). */
SGX_API int32_t sgx_md_file_symbols(const sgx_md_symbol **out_symbols, size_t *out_count, const sgx_md_file *file);
SGX_API int32_t sgx_md_file_events(const sgx_md_event **out_events, size_t *out_count, const sgx_md_file *file);
/* Index of the first event with local_ts >= local_ts (the event count if none), by binary search. */
SGX_API int32_t sgx_md_file_seek(size_t *out_index, const sgx_md_file *file, int64_t local_ts);
/* Reads every event: symbol ids in the table, local_ts never going backwards,
 * known kinds and sides, reserved bytes 0. SGX_ERR_FORMAT names the first bad event. */
SGX_API int32_t sgx_md_file_verify(const sgx_md_file *file);

/* Writes an event file atomically: into a temporary file beside `path`,
 * renamed to `path` by sgx_md_writer_finish(). Destroying an unfinished
 * writer deletes the temporary file: nothing half-written is ever at `path`. */
typedef struct sgx_md_writer sgx_md_writer;
SGX_API int32_t sgx_md_writer_create(sgx_md_writer **out, const char *path);
/* Registers a symbol (its id unique in the file) before its first event. */
SGX_API int32_t sgx_md_writer_add_symbol(sgx_md_writer *writer, const sgx_md_symbol *symbol);
/* Appends events. SGX_ERR_FORMAT for a local_ts before the previous event's,
 * an unregistered symbol, or a kind, side or reserved bytes that
 * sgx_md_file_verify() rejects: the writer is abandoned (its temporary file
 * deleted) and accepts nothing more. */
SGX_API int32_t sgx_md_writer_write(sgx_md_writer *writer, const sgx_md_event *events, size_t count);
SGX_API int32_t sgx_md_writer_finish(sgx_md_writer *writer);
SGX_API void sgx_md_writer_destroy(sgx_md_writer *writer);

/* Reconstructed books, one per symbol id seen (docs/market_data.md gives the
 * rules). L2: market by price (LEVEL, CLEAR, SNAPSHOT_BEGIN/END). L3: market
 * by order (ADD, CANCEL, MODIFY, FILL, CLEAR, SNAPSHOT_BEGIN/END), FIFO per
 * price level. Queries of a symbol without events see an empty book. */
typedef struct sgx_md_l2_book sgx_md_l2_book;
SGX_API int32_t sgx_md_l2_book_create(sgx_md_l2_book **out);
SGX_API void sgx_md_l2_book_destroy(sgx_md_l2_book *book);
SGX_API int32_t sgx_md_l2_book_apply(sgx_md_l2_book *book, const sgx_md_event *events, size_t count);
SGX_API int32_t sgx_md_l2_book_best(sgx_md_quote *out_quote, const sgx_md_l2_book *book, uint32_t symbol);
/* Up to `levels` levels per side, best first; the arrays hold `levels` entries each. */
SGX_API int32_t sgx_md_l2_book_depth(sgx_md_level *out_bids, size_t *out_bid_count, sgx_md_level *out_asks, size_t *out_ask_count, const sgx_md_l2_book *book, uint32_t symbol, size_t levels);
SGX_API int32_t sgx_md_l2_book_quantity_at(int64_t *out_quantity, const sgx_md_l2_book *book, uint32_t symbol, uint8_t side, int64_t price);
SGX_API int32_t sgx_md_l2_book_checks(sgx_md_book_checks *out_checks, const sgx_md_l2_book *book);
/* The ids of the symbols with a book, in the order of their first events:
 * the first `capacity` of them to out_symbols (NULL if capacity is 0);
 * *out_count is how many there are. */
SGX_API int32_t sgx_md_l2_book_symbols(uint32_t *out_symbols, size_t capacity, size_t *out_count, const sgx_md_l2_book *book);
/* Drops every symbol's book and zeroes the checks: as just created. */
SGX_API int32_t sgx_md_l2_book_reset(sgx_md_l2_book *book);

typedef struct sgx_md_l3_book sgx_md_l3_book;
SGX_API int32_t sgx_md_l3_book_create(sgx_md_l3_book **out);
SGX_API void sgx_md_l3_book_destroy(sgx_md_l3_book *book);
SGX_API int32_t sgx_md_l3_book_apply(sgx_md_l3_book *book, const sgx_md_event *events, size_t count);
SGX_API int32_t sgx_md_l3_book_best(sgx_md_quote *out_quote, const sgx_md_l3_book *book, uint32_t symbol);
SGX_API int32_t sgx_md_l3_book_depth(sgx_md_level *out_bids, size_t *out_bid_count, sgx_md_level *out_asks, size_t *out_ask_count, const sgx_md_l3_book *book, uint32_t symbol, size_t levels);
SGX_API int32_t sgx_md_l3_book_quantity_at(int64_t *out_quantity, const sgx_md_l3_book *book, uint32_t symbol, uint8_t side, int64_t price);
/* SGX_ERR_NOT_FOUND if exchange order `order_id` of `symbol` does not rest. */
SGX_API int32_t sgx_md_l3_book_queue_ahead(sgx_md_queue_position *out_position, const sgx_md_l3_book *book, uint32_t symbol, uint64_t order_id);
SGX_API int32_t sgx_md_l3_book_checks(sgx_md_book_checks *out_checks, const sgx_md_l3_book *book);
SGX_API int32_t sgx_md_l3_book_symbols(uint32_t *out_symbols, size_t capacity, size_t *out_count, const sgx_md_l3_book *book);
SGX_API int32_t sgx_md_l3_book_reset(sgx_md_l3_book *book);
/* Orders resting in `symbol`'s book (0 for a symbol without events). */
SGX_API int32_t sgx_md_l3_book_resting_orders(size_t *out_count, const sgx_md_l3_book *book, uint32_t symbol);

/* Converting a feed recording into an event file (docs/market_data.md gives
 * each format's rules). Initialise options with sgx_md_convert_options_init(). */
typedef struct sgx_md_convert_options {
    uint32_t struct_size;          /* sizeof(sgx_md_convert_options) */
    uint8_t inverse;               /* 1: coin-margined (inverse) contracts */
    uint8_t reserved[3];           /* must be 0 (SGX_ERR_RESERVED) */
    double tick_size;              /* 0: from the source (see each format's rule) */
    double lot_size;               /* 0: from the source */
    double contract_size;          /* 1 for spot and linear contracts */
    char venue[16];                /* NUL-terminated; "": the format's default */
} sgx_md_convert_options;

/* What a conversion read and wrote. */
typedef struct sgx_md_convert_summary {
    uint32_t struct_size;          /* sizeof(sgx_md_convert_summary) */
    uint32_t reserved;
    uint64_t input_records;        /* lines, CSV rows or DBN records read */
    uint64_t events;               /* events written */
    uint64_t gaps;                 /* sequence gaps found (each event after one is flagged SGX_MD_F_GAP) */
    uint64_t skipped;              /* input records dropped by a rule (e.g. diffs a snapshot covers) */
    uint64_t warnings;             /* kinds of counted oddity (the CLI prints their text) */
    int64_t first_local_ts;
    int64_t last_local_ts;
    int64_t first_exch_ts;
    int64_t last_exch_ts;
    uint64_t events_by_kind[16];   /* indexed by SGX_MD_* kind */
} sgx_md_convert_summary;

SGX_API int32_t sgx_md_convert_options_init(sgx_md_convert_options *options);
SGX_API size_t sgx_sizeof_md_convert_options(void);
SGX_API size_t sgx_sizeof_md_convert_summary(void);
/* Converts input_count files of `format` ("binance", "tardis" or "dbn"; dbn
 * takes one file) into the event file `output`, written atomically (nothing
 * appears at `output` unless all of it converted). symbols: names to keep
 * (symbol_count 0: all). options may be NULL for the defaults; out_summary
 * may be NULL, else its struct_size must be set. Statuses: OK; FORMAT or IO
 * with sgx_error_detail() naming the file, the line or offset and the rule;
 * INVALID_CONFIG for an unknown format or bad options; STRUCT_SIZE. */
SGX_API int32_t sgx_md_convert(sgx_md_convert_summary *out_summary, const char *format, const char *const *inputs, size_t input_count, const char *output, const char *const *symbols, size_t symbol_count, const sgx_md_convert_options *options);


/* ---- Simulated venue (docs/venue.md): records ---- */
enum { SGX_LATENCY_CONSTANT = 0, SGX_LATENCY_FEED = 1, SGX_LATENCY_INTERPOLATED = 2 };
enum { SGX_QUEUE_RISK_AVERSE = 0, SGX_QUEUE_POWER = 1, SGX_QUEUE_POWER2 = 2, SGX_QUEUE_POWER3 = 3, SGX_QUEUE_LOG = 4, SGX_QUEUE_LOG2 = 5 };
enum { SGX_FILL_NO_PARTIAL = 0, SGX_FILL_PARTIAL = 1 };
enum { SGX_BOOK_L2 = 0, SGX_BOOK_L3 = 1 };
enum { SGX_FEE_VALUE = 0, SGX_FEE_QUANTITY = 1, SGX_FEE_FLAT = 2 };
enum { SGX_VENUE_STEP_OK = 0, SGX_VENUE_STEP_TIMEOUT = 0, SGX_VENUE_STEP_END = 1, SGX_VENUE_STEP_FEED = 2, SGX_VENUE_STEP_RESPONSE = 3,
       SGX_VENUE_STEP_PENDING = 4 /* a live venue stopped at its feed horizon before the target */ };
enum { SGX_VORD_NONE = 0, SGX_VORD_NEW = 1, SGX_VORD_PARTIALLY_FILLED = 2, SGX_VORD_FILLED = 3, SGX_VORD_CANCELLED = 4, SGX_VORD_EXPIRED = 5, SGX_VORD_REJECTED = 6 };
enum { SGX_VREQ_NONE = 0, SGX_VREQ_NEW = 1, SGX_VREQ_CANCEL = 2, SGX_VREQ_MODIFY = 3 };
enum { SGX_VENUE_ALL_SYMBOLS = -1 };   /* as a uint32_t symbol: 0xFFFFFFFF, every symbol */

/* One row of a recorded order-latency file (32 bytes). */
typedef struct sgx_order_latency_row {
    int64_t req_ts;                /* local time the request was sent */
    int64_t exch_ts;               /* exchange time it was processed (<= 0: the exchange rejected it) */
    int64_t resp_ts;               /* local time the response arrived */
    int64_t reserved;              /* 0 */
} sgx_order_latency_row;

/* How one symbol's orders fill and pay (48 bytes). */
typedef struct sgx_venue_symbol_config {
    uint32_t symbol;               /* the file's symbol id (ignored in sgx_venue_config.defaults) */
    uint8_t queue_model;           /* SGX_QUEUE_* */
    uint8_t fill_model;            /* SGX_FILL_* */
    uint8_t fee_model;             /* SGX_FEE_* */
    uint8_t reserved0;             /* 0 */
    double queue_power;            /* n of POWER, POWER2, POWER3 (default 2) */
    double maker_fee;              /* a rate (VALUE, QUANTITY) or an amount per fill (FLAT); negative: a rebate */
    double taker_fee;
    uint64_t reserved[2];          /* 0 */
} sgx_venue_symbol_config;

/* A venue's settings (the defaults come from the venue's config-default call). */
typedef struct sgx_venue_config {
    uint32_t struct_size;          /* sizeof(sgx_venue_config) */
    uint8_t latency_model;         /* SGX_LATENCY_* */
    uint8_t book_model;            /* SGX_BOOK_L2 (market by price, queue models) or SGX_BOOK_L3 (market by order, exact queues) */
    uint8_t reserved0[2];          /* 0 */
    int64_t entry_latency_ns;      /* CONSTANT: the latency; FEED: the offset */
    int64_t response_latency_ns;   /* CONSTANT: the latency; FEED: the offset */
    double entry_latency_mul;      /* FEED (default 1) */
    double response_latency_mul;   /* FEED (default 1) */
    const sgx_order_latency_row *latency_rows; /* INTERPOLATED: rows in req_ts order */
    size_t latency_row_count;
    int64_t local_latency_floor_ns; /* local times are shifted so that local - exchange >= this (default 0); -1: never shifted */
    uint64_t last_trades_capacity; /* trades kept per symbol between two sgx_venue_last_trades calls (default 1024) */
    sgx_venue_symbol_config defaults; /* every symbol without an override */
    const sgx_venue_symbol_config *symbols; /* overrides by symbol id (NULL when symbol_count is 0) */
    size_t symbol_count;
    uint64_t reserved[2];          /* 0 */
} sgx_venue_config;

/* One of the user's orders as the strategy knows it (128 bytes). */
typedef struct sgx_venue_order {
    int64_t order_id;
    int64_t price;                 /* ticks (0 for a market order) */
    int64_t quantity;              /* lots in all (executed + open) */
    int64_t leaves;                /* lots open */
    int64_t executed;              /* lots executed */
    int64_t exec_price;            /* ticks of the last fill (0: none) */
    int64_t last_fill;             /* lots of the last fill */
    int64_t local_ts;              /* local time of the last request */
    int64_t exch_ts;               /* exchange time of the last response (0: none) */
    int64_t recv_ts;               /* local time the last response arrived (0: none) */
    double queue_ahead;            /* lots ahead in the exchange's estimate, as of the last response */
    double avg_price;              /* mean fill price in ticks (0: none) */
    uint32_t symbol;
    uint8_t side;                  /* SGX_SIDE_* */
    uint8_t type;                  /* SGX_TYPE_LIMIT / SGX_TYPE_MARKET */
    uint8_t tif;                   /* GTC 0, IOC 1, FOK 2, GTX (post-only) 3 */
    uint8_t status;                /* SGX_VORD_* */
    uint8_t request;               /* SGX_VREQ_*: the request in flight */
    uint8_t maker;                 /* 1: the last fill was as maker */
    uint8_t reserved0[2];
    int32_t reject_reason;         /* the status of the last refused request, else 0 */
    uint32_t reserved1;
    uint64_t reserved2;
} sgx_venue_order;

/* One fill the strategy received (64 bytes). */
typedef struct sgx_venue_fill {
    int64_t order_id;
    int64_t price;                 /* ticks */
    int64_t quantity;              /* lots */
    int64_t exch_ts;               /* when the exchange filled it */
    int64_t local_ts;              /* when the strategy learned it */
    double fee;                    /* paid (negative: a rebate) */
    uint32_t symbol;
    uint8_t side;
    uint8_t maker;                 /* 1 maker, 0 taker */
    uint8_t reserved[2];
    uint64_t reserved1;
} sgx_venue_fill;

/* One symbol's account (128 bytes); money in the symbol's settlement unit. */
typedef struct sgx_venue_state {
    int64_t position;              /* lots, signed */
    int64_t volume;                /* lots traded */
    uint64_t trades;               /* fills */
    uint64_t maker_fills;
    uint64_t taker_fills;
    double balance;                /* cash: minus the signed value of every fill */
    double fee;                    /* fees paid */
    double realized_pnl;
    double unrealized_pnl;         /* at the local mid */
    double equity;                 /* balance + position value at the mid - fee */
    double avg_entry_price;        /* price units (0 when flat) */
    double mid;                    /* the local book's mid in price units (NaN: a side is empty) */
    double trading_value;          /* sum of |value| of the fills */
    uint64_t orders_submitted;     /* new orders sent (sgx_venue_submit succeeded) */
    uint64_t orders_filled;        /* orders that received at least one fill (counted at the first) */
    uint64_t book_events;          /* market-data events other than TRADE that reached the local side */
} sgx_venue_state;

/* A venue's feed (48 bytes): where a live venue may advance to
 * (docs/venue.md, "Live venue"). A recorded venue is a closed feed that
 * pushed its whole file. */
typedef struct sgx_venue_feed {
    int64_t watermark;             /* largest local_ts pushed or promised (INT64_MIN: none) */
    int64_t horizon;               /* the venue may advance up to here (INT64_MAX: closed) */
    uint64_t pushed;               /* events pushed in all */
    uint64_t late_events;          /* events processed late at the exchange side */
    uint64_t pending;              /* events pushed and not yet processed by both sides */
    uint8_t live;                  /* 1: a live venue */
    uint8_t closed;                /* 1: its feed is closed */
    uint8_t reserved[6];
} sgx_venue_feed;

SGX_API size_t sgx_sizeof_order_latency_row(void);
SGX_API size_t sgx_sizeof_venue_symbol_config(void);
SGX_API size_t sgx_sizeof_venue_config(void);
SGX_API size_t sgx_sizeof_venue_order(void);
SGX_API size_t sgx_sizeof_venue_fill(void);
SGX_API size_t sgx_sizeof_venue_state(void);
SGX_API size_t sgx_sizeof_venue_feed(void);

/* ---- Simulated venue (docs/venue.md): functions ----
 * A venue replays an event file against the user's orders: an exchange side
 * (the book in exchange-time order, resting orders with queue estimates,
 * fills) and a local side (the strategy's book, order table and account),
 * joined by a latency model. Prices are ticks and quantities lots of each
 * symbol (the file's symbol table). One thread at a time may use a venue;
 * it does no locking. Statuses: every call below may return NULL_POINTER;
 * UNKNOWN_SYMBOL for a symbol id not in the file; NO_MEMORY with nothing
 * changed. Driving calls write a SGX_VENUE_STEP_* code to *out_step. */
typedef struct sgx_venue sgx_venue;
/* Fills *out_config with the defaults: struct_size set, constant latency
 * 0/0, feed multipliers 1, local_latency_floor_ns 0, last_trades_capacity
 * 1024, every symbol RISK_AVERSE (queue_power 2), NO_PARTIAL, VALUE fees of 0. */
SGX_API int32_t sgx_venue_config_default(sgx_venue_config *out_config);
/* A venue over `file`, which must stay open until sgx_venue_destroy (the
 * venue reads its events in place). Nothing is processed yet: the current
 * time is the first event's (shifted) local time. STRUCT_SIZE; RESERVED for
 * a non-zero reserved field of the config, its symbol configs or its latency
 * rows; NULL_POINTER for latency_rows or symbols NULL with a count; INVALID_CONFIG
 * with sgx_error_detail() naming the rule; FORMAT for an event of a symbol
 * not in the file's table. The latency rows and the overrides are copied.
 * *out_venue is NULL on error. */
SGX_API int32_t sgx_venue_create(sgx_venue **out_venue, const sgx_md_file *file, const sgx_venue_config *config);
/* Frees the venue (not the file); NULL is a no-op. */
SGX_API void sgx_venue_destroy(sgx_venue *venue);
/* Moves the current time to local_ts, processing every data event, request
 * and response due by then (docs/venue.md gives the order). TIME_BACKWARDS
 * for a time before the current one (nothing changes). */
SGX_API int32_t sgx_venue_goto(int32_t *out_step, sgx_venue *venue, int64_t local_ts);
/* sgx_venue_goto(current + duration_ns); TIME_BACKWARDS for a negative duration. */
SGX_API int32_t sgx_venue_elapse(int32_t *out_step, sgx_venue *venue, int64_t duration_ns);
/* Goes at most timeout_ns ahead, stopping at the first local data event
 * (include_responses != 0: or order response): FEED, RESPONSE, TIMEOUT or END. */
SGX_API int32_t sgx_venue_wait_next_feed(int32_t *out_step, sgx_venue *venue, uint8_t include_responses, int64_t timeout_ns);
/* Goes at most timeout_ns ahead, stopping at the first response to that
 * order: RESPONSE, TIMEOUT or END. NOT_FOUND: no such order in the local table. */
SGX_API int32_t sgx_venue_wait_order_response(int32_t *out_step, sgx_venue *venue, uint32_t symbol, int64_t order_id, int64_t timeout_ns);
SGX_API int32_t sgx_venue_current_timestamp(int64_t *out_ts, const sgx_venue *venue);
/* The shift added to every event's local_ts (local_latency_floor_ns; 0 when none). */
SGX_API int32_t sgx_venue_local_shift(int64_t *out_shift_ns, const sgx_venue *venue);
/* Sends a new order at the current time (docs/venue.md, section 3, lists
 * the checks: DUPLICATE_ORDER_ID, INVALID_SIDE/TYPE/TIF, INVALID_QUANTITY,
 * OUT_OF_RANGE). type SGX_TYPE_*, tif SGX_TIF_* (POST_ONLY is GTX). */
SGX_API int32_t sgx_venue_submit(sgx_venue *venue, uint32_t symbol, int64_t order_id, uint8_t side, int64_t price, int64_t quantity, uint8_t type, uint8_t tif);
/* Sends a modify: quantity is the new total (executed + open). NOT_FOUND,
 * ORDER_CLOSED, REQUEST_IN_FLIGHT, INVALID_TYPE (market order), INVALID_QUANTITY. */
SGX_API int32_t sgx_venue_modify(sgx_venue *venue, uint32_t symbol, int64_t order_id, int64_t price, int64_t quantity);
/* Sends a cancel. NOT_FOUND, ORDER_CLOSED, REQUEST_IN_FLIGHT. */
SGX_API int32_t sgx_venue_cancel(sgx_venue *venue, uint32_t symbol, int64_t order_id);
/* Sends a cancel for every open order of the symbol with no request in
 * flight, in ascending id; *out_sent is how many. */
SGX_API int32_t sgx_venue_cancel_all(size_t *out_sent, sgx_venue *venue, uint32_t symbol);
/* Drops the symbol's closed orders with no request in flight from the local
 * table (SGX_VENUE_ALL_SYMBOLS: every symbol's). */
SGX_API int32_t sgx_venue_clear_inactive_orders(sgx_venue *venue, uint32_t symbol);
/* One order as the strategy knows it. NOT_FOUND. (Named _get_: C allows no
 * function named like the sgx_venue_order type; the same for _get_state.) */
SGX_API int32_t sgx_venue_get_order(sgx_venue_order *out_order, const sgx_venue *venue, uint32_t symbol, int64_t order_id);
/* The symbol's orders in ascending id: the first `capacity` to out_orders
 * (NULL if capacity is 0); *out_count is how many there are. */
SGX_API int32_t sgx_venue_orders(sgx_venue_order *out_orders, size_t capacity, size_t *out_count, const sgx_venue *venue, uint32_t symbol);
/* The symbol's account at the local mid. */
SGX_API int32_t sgx_venue_get_state(sgx_venue_state *out_state, const sgx_venue *venue, uint32_t symbol);
/* The local book's best bid and ask. */
SGX_API int32_t sgx_venue_quote(sgx_md_quote *out_quote, const sgx_venue *venue, uint32_t symbol);
/* Up to `capacity` levels of one side of the local book, best first;
 * *out_count is how many were written. INVALID_SIDE. */
SGX_API int32_t sgx_venue_depth(sgx_md_level *out_levels, size_t capacity, size_t *out_count, const sgx_venue *venue, uint32_t symbol, uint8_t side);
/* Lots at one price of the local book (0: no level). INVALID_SIDE. */
SGX_API int32_t sgx_venue_quantity_at(int64_t *out_quantity, const sgx_venue *venue, uint32_t symbol, uint8_t side, int64_t price);
/* The TRADE events the local side received since the previous call, oldest
 * first (at most last_trades_capacity of them are kept): up to `capacity`
 * to out_trades, *out_count how many were written. Those written are
 * forgotten; the rest wait for the next call. */
SGX_API int32_t sgx_venue_last_trades(sgx_md_event *out_trades, size_t capacity, size_t *out_count, sgx_venue *venue, uint32_t symbol);
/* Trades the symbol's last-trades buffer dropped so far (it keeps at most
 * last_trades_capacity between two sgx_venue_last_trades calls). */
SGX_API int32_t sgx_venue_dropped_trades(uint64_t *out_count, const sgx_venue *venue, uint32_t symbol);
/* The fills the strategy has received, in arrival order (every symbol):
 * fills [first, first + capacity) that exist to out_fills (NULL if capacity
 * is 0); *out_total is how many there are in all. */
SGX_API int32_t sgx_venue_fills(sgx_venue_fill *out_fills, size_t capacity, size_t first, size_t *out_total, const sgx_venue *venue);
/* The exchange's queue estimate for a resting order now (lots ahead): an
 * oracle for research, not what the strategy can know. NOT_FOUND if the
 * order does not rest at the exchange. */
SGX_API int32_t sgx_venue_queue_position(double *out_ahead, const sgx_venue *venue, uint32_t symbol, int64_t order_id);
/* A live venue (docs/venue.md, "Live venue"): no file; the caller pushes
 * events as they arrive. Its current time starts at start_local_ts (feed
 * local time with the shift added); local_shift_ns is added to every pushed
 * event's local_ts (config->local_latency_floor_ns is not used). It advances
 * only up to horizon = watermark + local_shift_ns - feed_delay_ns, processing
 * what lies before it: a driving call that reaches the horizon before its
 * target (and before anything that ends a wait) writes
 * SGX_VENUE_STEP_PENDING with the current time at the horizon. END comes
 * only after sgx_venue_close_feed. The symbols are copied. Statuses as
 * sgx_venue_create; INVALID_CONFIG for a negative feed_delay_ns.
 * *out_venue is NULL on error. */
SGX_API int32_t sgx_venue_create_live(sgx_venue **out_venue, const sgx_md_symbol *symbols, size_t symbol_count, const sgx_venue_config *config, int64_t start_local_ts, int64_t local_shift_ns, int64_t feed_delay_ns);
/* Appends events (copied) to a live venue's feed, all or none: local_ts
 * must not decrease within the batch nor go below the watermark
 * (TIME_BACKWARDS), every symbol must be in the table (UNKNOWN_SYMBOL),
 * local_ts + local_shift_ns must fit in int64 (OUT_OF_RANGE); FEED_CLOSED
 * after sgx_venue_close_feed; INVALID_OP on a recorded venue; NO_MEMORY.
 * sgx_error_detail() names the event. An event whose exch_ts lies before the
 * time the venue has processed to is late: its copy's exch_ts is raised to
 * that time (counted in late_events). NULL events with count 0 is a no-op. */
SGX_API int32_t sgx_venue_push(sgx_venue *venue, const sgx_md_event *events, size_t count);
/* Promises that no event with local_ts < local_ts will come: the watermark
 * rises to it (an older promise changes nothing). FEED_CLOSED, INVALID_OP. */
SGX_API int32_t sgx_venue_advance_feed(sgx_venue *venue, int64_t local_ts);
/* No event will come: the horizon becomes unbounded and END follows the last
 * event. Closing a closed feed changes nothing. INVALID_OP on a recorded venue. */
SGX_API int32_t sgx_venue_close_feed(sgx_venue *venue);
/* The venue's feed figures (a recorded venue: live 0, closed 1). */
SGX_API int32_t sgx_venue_get_feed(sgx_venue_feed *out_feed, const sgx_venue *venue);

/* ---- Linux-only: readiness notification for event loops (an eventfd) ---- */
/* An eventfd that turns readable when results arrive after sgx_pipeline_arm_notify().
 * Owned by the pipeline: do not close it. */
SGX_API int32_t sgx_pipeline_notify_fd(int *out_fd, const sgx_pipeline *pipeline);
/* Arms one notification: the next results written make the eventfd readable. */
SGX_API int32_t sgx_pipeline_arm_notify(sgx_pipeline *pipeline);

/* ---- Experimental: may change or go in any release, without an ABI bump ---- */
/* Resident bytes one resting order costs at most once the pool has grown
 * past its first chunk: its 64-byte pool record plus its share of the id
 * index, which is one quarter to one half full (96 in all); the last pool
 * chunk (8 MiB) is committed whole. docs/semantics.md has measured figures. */
SGX_API size_t sgx_resting_order_bytes(void);
/* cdef-end */

/* Initialisers for the structs that carry struct_size, with the defaults the
 * matching _init() function sets: `sgx_order o = SGX_ORDER_INIT;`. */
#define SGX_ENGINE_CONFIG_INIT {sizeof(sgx_engine_config), 0, SGX_DEFAULT_ORDER_CAPACITY, SGX_DEFAULT_FILL_CAPACITY, SGX_DEFAULT_MAX_SYMBOLS, SGX_STP_DEFAULT, 0}
#define SGX_ORDER_INIT {sizeof(sgx_order), 0, SGX_SIDE_BUY, SGX_TYPE_LIMIT, SGX_TIF_GTC, {0, 0, 0, 0, 0}, 0.0, 0.0}
#define SGX_NEW_ORDER_INIT {sizeof(sgx_new_order), 0, SGX_SIDE_BUY, SGX_TYPE_LIMIT, SGX_TIF_GTC, SGX_STP_DEFAULT, {0, 0, 0, 0}, 0, 0, 0, 0}
#define SGX_REQUEST_INIT {sizeof(sgx_request), 0, SGX_SIDE_BUY, SGX_TYPE_LIMIT, SGX_TIF_GTC, 0, SGX_OP_NEW, {0, 0, 0}, 0, 0, 0, 0}
#define SGX_ENGINE_STATS_INIT {sizeof(sgx_engine_stats), 0, 0, 0, 0, 0.0, 0, 0, 0, 0, 0, 0, 0.0, 0, 0, 0, 0, 0, 0}
#define SGX_PIPELINE_CONFIG_INIT {sizeof(sgx_pipeline_config), SGX_WAIT_SPIN_YIELD, 10000, 0, SGX_ENGINE_CONFIG_INIT}
#define SGX_PIPELINE_STATS_INIT {sizeof(sgx_pipeline_stats), 0, 0, 0, 0, 0, 0, 0, 0, 0}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SIGMAX_EXEC_H */
