// The matching engine: symbols and their books, order ids, matching, fills,
// execution reports and statistics.
//
// Threading: one thread at a time drives an Engine. Every call that reads or
// changes the books first claims the engine with one atomic exchange; a call
// that finds it claimed by another thread returns Status::Busy and changes
// nothing. stats() and stats_snapshot() may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <span>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "sigmax/book_queries.hpp"
#include "sigmax/clock.hpp"
#include "sigmax/detail/fill_queue.hpp"
#include "sigmax/detail/order_book.hpp"
#include "sigmax/detail/order_index.hpp"
#include "sigmax/detail/order_pool.hpp"
#include "sigmax/order_entry.hpp"
#include "sigmax/price_scale.hpp"
#include "sigmax/request.hpp"
#include "sigmax/stats.hpp"
#include "sigmax/types.hpp"

namespace sigmax {

class Engine {
public:
    // The largest order_capacity (Config): above it the constructor throws
    // std::length_error (the C API refuses it with SGX_ERR_INVALID_CONFIG).
    static constexpr std::size_t kMaxOrderCapacity = std::size_t{1} << 31;
    // The default bound on orders resting at once (Config::max_resting_orders):
    // 2^27 records, 8 GiB of address space reserved per engine, so that
    // ~16,000 engines fit in a process's 128 TiB; 2^32 - 1 (256 GiB a pool)
    // would allow only ~500, and use up the address space the rest of the
    // process allocates from.
    static constexpr std::size_t kDefaultMaxRestingOrders = std::size_t{1} << 27;

    struct Config {
        // Resting orders with room from the start: up to
        // OrderPool::kEagerRecords (2^20) of them are committed when the
        // engine is built, the rest one step at a time when first needed
        // (docs/semantics.md, "Memory and allocation"). More orders may rest
        // (the pool grows) up to max_resting_orders; at most kMaxOrderCapacity.
        std::size_t order_capacity = 65536;
        // The most orders that may rest at once (never below
        // order_capacity): an order that would rest past it gets NoMemory
        // and changes nothing. The pool reserves address space for this
        // many records (64 bytes each) when the engine is built. The pool's
        // 32-bit indexes bound it: larger values mean 2^32 - 1. C++ only;
        // through the C API the bound is max(order_capacity, the default).
        std::size_t max_resting_orders = kDefaultMaxRestingOrders;
        std::size_t fill_capacity = 1u << 20;   // undrained fills kept; 0 = do not record
        // Read the clock around every order for latency_ns and the latency
        // statistics. Off, latency_ns is 0 and each order saves two clock
        // reads (the bench's sigmax-no-ts row shows what that is worth):
        // useful for backtests.
        bool timestamps = true;
        // Books the engine keeps at most: a symbol gets one when it is
        // configured or an order first rests on it (~4 KB each); past this,
        // TooManySymbols. Orders that cannot rest never create a book.
        std::size_t max_symbols = 16384;  // SGX_DEFAULT_MAX_SYMBOLS
        // The self-trade prevention of orders that name none (NewOrder::stp
        // Default); Default here is CancelNewest. Values past
        // DecrementAndCancel make the constructor throw std::invalid_argument.
        SelfTrade self_trade = SelfTrade::Default;
    };

    Engine();
    explicit Engine(Config config);
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;
    ~Engine();

    // Sets tick and lot size. SymbolInUse if orders rest and a size changes.
    Status configure_symbol(std::uint32_t symbol, double tick_size, double lot_size);
    Scale scale_of(std::uint32_t symbol) const noexcept;
    // Lets the integer API take limit prices down to `ticks` on `symbol`
    // (-2^53 ... 1; 1 is the default): zero and negative prices, for
    // spreads and the like. The double API keeps requiring positive prices.
    // OutOfRange outside that range; creates the symbol's book if it has
    // none (TooManySymbols, NoMemory), as configure_symbol does.
    Status set_min_price(std::uint32_t symbol, std::int64_t ticks);

    // Executes one order. Invalid input returns its status and changes nothing
    // (no order id is consumed).
    Status execute(const OrderRequest& order, ExecutionReport& report);
    // Every call that changes state either completes or returns its status
    // with the engine exactly as before, and still usable: that includes
    // NoMemory (an allocation failed; nothing is thrown) and TooManySymbols.

    // Validates all orders, then executes them in order. See sgx_engine_execute_batch.
    Status execute_batch(std::span<const OrderRequest> orders, std::span<ExecutionReport> reports,
                         std::size_t& count);

    // The same for any input and output record types: get(i) returns the
    // i-th OrderRequest, put(i, report) stores the i-th report, and slot(i)
    // points to the i-th output record. The validation pass keeps what it
    // computed (ticks, lots, the book) in that record until the report
    // replaces it, so prices and quantities are converted once, not twice.
    // On any status but Ok, every record past the orders that executed is
    // zeroed: none keeps that scratch. Used by the C API to read and write
    // its own structs without copying arrays.
    template <class Get, class Put, class Slot>
    Status execute_each(std::size_t n, Get&& get, Put&& put, Slot&& slot, std::size_t& count);

    Status cancel(std::uint64_t order_id);
    Status amend(std::uint64_t order_id, double new_quantity);

    // Integer order entry (order_entry.hpp; docs/semantics.md, "Integer order
    // entry"). Each call passes its events, in order, to sink(const OrderEvent&)
    // and returns Ok, or a status with nothing changed and exactly one event:
    // Rejected with that status. Orders name their own ids (client_id); an
    // id is unique among resting orders (DuplicateOrderId otherwise).
    //  submit: a new order: Accepted, its trades, and Cancelled for what it
    //    does not fill and cannot rest.
    //  cancel: Cancelled (User) with the order's side, price and open lots.
    //  replace: sets a resting order's price (ticks) and open lots. The same
    //    price and no more lots keeps its time priority; anything else
    //    re-queues it, and at a crossing price it trades first, as a new
    //    limit order with the same id: Replaced, then its trades.
    //  cancel_all: Cancelled (User) for every order resting on `symbol`,
    //    bids best first, then asks best first.
    //  cancel_owner: the same for every order `owner` has resting, symbol
    //    by symbol in ascending order; owner 0 gets InvalidOwner. It visits
    //    every book's orders: O(resting orders), for a disconnect, not a loop.
    // An order with an owner does not trade with its owner's resting orders
    // unless its stp is Allow (order_entry.hpp, SelfTrade; docs/semantics.md).
    // Ids of the double API (execute) never collide with a resting client
    // id: once a client id was used, the engine skips ids that rest.
    template <class Sink>
    Status submit(const NewOrder& order, Sink&& sink);
    template <class Sink>
    Status cancel(std::uint64_t order_id, Sink&& sink);
    template <class Sink>
    Status replace(std::uint64_t order_id, std::int64_t new_price, std::int64_t new_lots, Sink&& sink);
    template <class Sink>
    Status cancel_all(std::uint32_t symbol, Sink&& sink);
    template <class Sink>
    Status cancel_owner(std::uint64_t owner, Sink&& sink);

    // A run of operations by one thread under one claim (see the class
    // comment), with look-ahead hints. The pipeline's matching thread holds
    // one per batch of messages; other threads' calls get Busy meanwhile.
    class Session;
    Status order_info(std::uint64_t order_id, OrderInfo& info);
    Status top_of_book(std::uint32_t symbol, TopOfBook& top);
    Status depth(std::uint32_t symbol, std::span<LevelView> bids, std::size_t& bid_count,
                 std::span<LevelView> asks, std::size_t& ask_count);
    Status drain_fills(std::span<Fill> out, std::size_t& count);
    Status pending_fills(std::size_t& count);

    // Queries in ticks and lots (book_queries.hpp; docs/semantics.md,
    // "Queries in ticks"). Each claims the engine (Busy while another thread
    // holds it; a Session has the same calls without the claim), allocates
    // nothing and changes nothing but the invalid_requests counter when it
    // refuses a side (InvalidSide). A symbol without a book answers as an
    // empty book.
    //  top_ticks: the best level of each side.
    //  depth_ticks: side `side`'s levels, best first, written into `out`
    //    (at most out.size() of them); `count` is how many were written.
    //  lots_at: the level of side `side` at `price` (ticks): its open lots
    //    and orders, 0 and 0 when no order rests there; level.price = price.
    //  order_ticks: a resting order by id (NotFound if none rests), with
    //    its queue position, found by walking its level from the order back
    //    to the head: O(orders ahead of it).
    Status top_ticks(std::uint32_t symbol, TopTicks& top);
    Status depth_ticks(std::uint32_t symbol, Side side, std::span<LevelTicks> out, std::size_t& count);
    Status lots_at(std::uint32_t symbol, Side side, std::int64_t price, LevelTicks& level);
    Status order_ticks(std::uint64_t order_id, OrderTicks& order);
    // depth_ticks for any output: put(i, level) receives the i-th level
    // (const LevelTicks&), best first, at most `max` of them (the C API
    // writes its own records this way).
    template <class Put>
    Status depth_ticks_each(std::uint32_t symbol, Side side, std::size_t max, Put&& put, std::size_t& count);

    // Levels of a symbol's book, best first, at most max_bids and max_asks:
    // put(side, i, level) receives the i-th of each side, without a buffer.
    template <class Put>
    Status depth_each(std::uint32_t symbol, std::size_t max_bids, std::size_t max_asks, Put&& put,
                      std::size_t& bid_count, std::size_t& ask_count);

    // Refuses a request that a caller checked before it reached the engine
    // (the C API: a wrong struct_size, non-zero reserved bytes, a NULL
    // argument): counts it in invalid_requests, as the engine counts its own
    // refusals, and returns `s` (Busy, counting nothing, while another thread
    // holds the engine: the counters have one writer).
    Status refuse(Status s) noexcept;

    const Stats& stats() const noexcept { return stats_; }
    StatsSnapshot stats_snapshot() const noexcept { return stats_.snapshot(); }
    Status reset_stats();

    // Gives back memory that mass cancellation left unused: the pool's
    // chunks after the last resting order's (never what the engine committed
    // when it was built) and id-index slots down to the smallest table that
    // is at most half full (never below its initial size). Orders, ids and
    // statistics are unchanged. Ok, or Busy while another thread holds the
    // engine; it never fails otherwise (memory it cannot allocate for the
    // smaller index, it keeps). Costs a pass over the records and the index:
    // call it when a pause is acceptable, never on a latency-critical path.
    Status shrink();
    // Bytes committed for resting orders: the pool's committed records and
    // the id index's slots. Read it from the thread that drives the engine.
    std::size_t committed_order_bytes() const noexcept {
        return pool_.capacity() * sizeof(RestingOrder) + index_.slot_count() * 8;
    }

    // The most orders that may rest at once: Config::max_resting_orders, or
    // less where the system granted less address space (a ulimit -v).
    std::size_t max_resting_orders() const noexcept { return pool_.max_records(); }

    // The most resident memory a resting order costs once the pool has grown
    // past its first chunk: its 64-byte pool record plus its share of the id
    // index, which is between a quarter and a half full (16 to 32 bytes of
    // 8-byte slots per order): 96 bytes. The pool commits a chunk (8 MiB)
    // at a time, which adds up to 131,072 records' worth on top.
    // docs/semantics.md gives measured figures.
    static constexpr std::size_t resting_order_bytes() noexcept {
        return sizeof(RestingOrder) + static_cast<std::size_t>(8 / (OrderIndexMap::kMaxLoad / 2));
    }

private:
    // An order after validation, in ticks and lots.
    struct Prepared {
        OrderBook* book;      // null when the symbol has no book yet
        const Scale* scale;   // the book's, or kDefaultScale (a pointer: a batch keeps this in a 64-byte report)
        std::int64_t price;   // ticks (limit orders)
        std::int64_t lots;
    };

    // Claims the engine for the current call; see the class comment. On
    // release it records the latencies the statistics kept back.
    class Claim {
    public:
        explicit Claim(Engine& engine) noexcept
            // acquire pairs with the release in the destructor of the
            // previous claim, possibly taken by another thread.
            : engine_(engine), owned_(!engine.busy_.exchange(true, std::memory_order_acquire)) {}
        ~Claim() {
            if (!owned_) return;
            engine_.stats_.flush_latencies();
            engine_.busy_.store(false, std::memory_order_release);
        }
        bool owned() const noexcept { return owned_; }

    private:
        Engine& engine_;
        bool owned_;
    };

    // The operations without the claim; the public ones claim, then call these.
    Status execute_claimed(const OrderRequest& order, ExecutionReport& report, std::uint64_t t0,
                           std::uint64_t& t1);
    Status cancel_claimed(std::uint64_t order_id);
    Status amend_claimed(std::uint64_t order_id, double new_quantity);

    Status validate(const OrderRequest& o, Prepared& p) const noexcept;
    // The integer API's validation: codes, a non-zero id, price and lots in
    // 1 ... 2^53. Counts nothing.
    Status validate_new(const NewOrder& o, Prepared& p) const noexcept;
    // What a valid new order reserves before it changes anything (as
    // execute_valid does): the book limit, a record and an index slot and a
    // level slot if it may rest. Ok with p.book the order's book (the shared
    // empty one for an order that cannot rest on a symbol without a book),
    // or TooManySymbols / NoMemory with nothing changed.
    Status reserve_new(const NewOrder& o, Prepared& p) noexcept;
    // What replace reserves before it moves a resting order to another
    // price: room on that level if it would join one without trading
    // (LevelFull), a level slot (NoMemory). Nothing changes.
    Status reserve_move(OrderBook& book, const RestingOrder& o, std::int64_t price, std::int64_t lots) noexcept;
    // Whether an order of `side` (a market order, or a limit at `price`)
    // crosses the opposite best. Inline: every integer order asks.
    static bool crosses_at(const OrderBook& book, Side side, bool market, std::int64_t price) noexcept {
        const Side opp = opposite(side);
        const auto& levels = book.levels(opp);
        return !levels.empty() && (market || !OrderBook::better(opp, price, levels.back().price));
    }
    // A FOK order's fill check when self-trade prevention applies to it
    // (owner not 0, mode not Allow): walks the makers it would meet, best
    // first, adding other owners' lots until they reach `lots` (fillable).
    // A maker of `owner` met before then is skipped under CancelOldest
    // (matching will cancel it) and otherwise blocks the order (blocker =
    // its id). docs/semantics.md, "Owners and self-trade prevention".
    struct FokCheck {
        bool fillable;
        std::uint64_t blocker;  // 0: none
    };
    FokCheck fok_check_owned(const OrderBook& book, Side taker, bool market, std::int64_t limit, std::int64_t lots,
                             std::uint64_t owner, SelfTrade mode) const noexcept;
    // The mode an order's stp stands for: Default is the engine's.
    SelfTrade effective(SelfTrade stp) const noexcept { return stp == SelfTrade::Default ? self_trade_ : stp; }
    // The integer calls without the claim (Engine's claim, or a Session's).
    template <class Sink>
    Status submit_claimed(const NewOrder& o, Sink& sink);
    template <class Sink>
    Status cancel_claimed(std::uint64_t order_id, Sink& sink);
    template <class Sink>
    Status replace_claimed(std::uint64_t order_id, std::int64_t new_price, std::int64_t new_lots, Sink& sink);
    template <class Sink>
    Status cancel_all_claimed(std::uint32_t symbol, Sink& sink);
    template <class Sink>
    Status cancel_owner_claimed(std::uint64_t owner, Sink& sink);
    // The Cancelled (User) event of resting order o, all its open lots.
    static OrderEvent user_cancel_event(const RestingOrder& o) noexcept {
        OrderEvent e;
        e.kind = OrderEventKind::Cancelled;
        e.order_id = o.id;
        e.symbol = o.symbol;
        e.side = o.side;
        e.price = o.price;
        e.lots = o.open;
        e.reason = CancelReason::User;
        return e;
    }
    template <class Sink>
    Status submit_valid(const NewOrder& o, Prepared& p, Sink& sink);
    // Emits Rejected with status s and returns s.
    template <class Sink>
    static Status reject(Sink& sink, std::uint64_t id, std::uint32_t symbol, Side side, Status s) {
        OrderEvent e;
        e.kind = OrderEventKind::Rejected;
        e.order_id = id;
        e.symbol = symbol;
        e.side = side;
        e.status = s;
        sink(static_cast<const OrderEvent&>(e));
        return s;
    }
    // The trade consumer match_each() calls for an integer taker (submit, or
    // a replace that crosses): counts the fill, adds its lots to `traded`
    // and emits its Trade event.
    template <class Sink>
    auto trade_events(Sink& sink, const Scale& scale, std::uint64_t taker, std::uint32_t symbol, Side side,
                      std::int64_t& traded) {
        return [this, &sink, &scale, taker, symbol, side, &traded](std::uint64_t maker_id, std::int64_t price,
                                                                   std::int64_t q, std::int64_t maker_left,
                                                                   std::int64_t taker_left, bool maker_done) {
            traded += q;
            stats_.on_fill(static_cast<std::uint64_t>(q), lots_to_quantity(q, scale));
            OrderEvent t;
            t.kind = OrderEventKind::Trade;
            t.order_id = taker;
            t.maker_id = maker_id;
            t.price = price;
            t.lots = q;
            t.remaining = taker_left;
            t.maker_remaining = maker_left;
            t.symbol = symbol;
            t.side = side;
            t.maker_done = maker_done;
            sink(static_cast<const OrderEvent&>(t));
        };
    }
    // An integer taker, for its self-trade events: price is its limit (0
    // for a market order), mode its effective self-trade prevention.
    struct Taker {
        std::uint64_t id;
        std::int64_t price;
        std::uint32_t symbol;
        Side side;
        SelfTrade mode;
    };
    // The self-trade consumer match_each() calls for an integer taker t:
    // applies t.mode to t and the maker at the head of the best level
    // (docs/semantics.md, "Owners and self-trade prevention"), emitting
    // a Cancelled (SelfTrade) event for each order that loses lots, maker
    // first. Defined in detail/order_entry_impl.hpp.
    template <class Sink>
    auto self_trade_steps(Sink& sink, OrderBook& book, const Taker& t);
    // Removes the resting order in index slot `slot` (from find_slot): its
    // level, record and slot. Counts a cancel.
    void cancel_at(std::size_t slot) noexcept;
    // The first id from `id` on that no resting order has: the double API's
    // next id once client ids are in use. Cold: only engines that mix both.
    [[gnu::noinline]] std::uint64_t first_free_id(std::uint64_t id) const noexcept;
    // What execute_valid() did: Ok, with `end` the clock reading at the end
    // of the order (0 without timestamps), or LevelFull, TooManySymbols or
    // NoMemory (it would rest, and the pool or the id index cannot grow),
    // with nothing changed (no order id used, `r` reset) and `end` 0. It
    // throws std::bad_alloc only before it has changed anything.
    struct Executed {
        std::uint64_t end;
        Status status;
    };
    Executed execute_valid(const OrderRequest& o, Prepared& p, ExecutionReport& r, std::uint64_t t0);
    std::uint64_t now() const noexcept { return timestamps_ ? clock_.now() : 0; }
    // Inline: every order and every look-ahead hint asks for its book.
    OrderBook* find_book(std::uint32_t symbol) const noexcept {
        if (symbol < direct_books_.size()) return direct_books_[symbol].get();
        return symbol < kDirectSymbols ? nullptr : find_other_book(symbol);
    }
    OrderBook* find_other_book(std::uint32_t symbol) const noexcept;
    // The best level on the side `o` would trade with, or null.
    const PriceLevel* best_opposite(const OrderRequest& o) const noexcept {
        const OrderBook* book = find_book(o.symbol);
        if (!book || static_cast<std::uint8_t>(o.side) > 1) return nullptr;
        const auto& levels = book->levels(opposite(o.side));
        return levels.empty() ? nullptr : &levels.back();
    }
    // p.book. A symbol without a book gets one (with p.scale) only for an
    // order that may rest; any other order would meet an empty book anyway,
    // so it meets the shared empty one, which nothing ever changes (it has
    // nothing to match, and such an order never rests): a stream of market,
    // IOC or FOK orders over fresh symbol ids allocates nothing.
    OrderBook& book_for(std::uint32_t symbol, Prepared& p, bool may_rest) {
        if (p.book) return *p.book;
        return may_rest ? create_book(symbol, p) : empty_book_;
    }
    OrderBook& create_book(std::uint32_t symbol, Prepared& p);
    // Trades `o` against the opposite side while it crosses; returns lots left.
    std::int64_t match(OrderBook& book, const OrderRequest& o, std::uint64_t id, std::int64_t limit,
                       std::int64_t lots, ExecutionReport& r, Int128& notional);
    // What a self-trade step left: the taker's open lots (0 when it ended),
    // and whether the maker left the book.
    struct SelfTradeStep {
        std::int64_t taker_left;
        bool maker_gone;
    };
    // The matching loop, for any consumer of trades: takes `lots` of a taker
    // on side `taker` (limit `limit` unless market) from the opposite side
    // while it crosses, oldest first at each price, and calls
    // on_trade(maker_id, price, lots, maker_open_after, taker_left_after,
    // maker_done) for each trade before the maker's record changes or
    // leaves. A maker of the taker's `owner` (when not 0) is not traded
    // with: on_self_trade(maker_index, taker_lots) applies the taker's
    // self-trade prevention to the pair and returns a SelfTradeStep.
    // Returns the lots left. Defined in detail/match_each.hpp.
    template <class OnTrade, class OnSelfTrade>
    std::int64_t match_each(OrderBook& book, Side taker, bool market, std::int64_t limit, std::int64_t lots,
                            std::uint64_t owner, OnTrade& on_trade, OnSelfTrade& on_self_trade);
    // Commits pool records and index slots for an order that may rest
    // (validated as p); false when they cannot be had and the order would
    // rest. Cold: runs only when the pool or the index is full.
    [[gnu::noinline, gnu::cold]] bool make_room(Side side, TimeInForce tif, const Prepared& p) noexcept;
    // The queries in ticks without the claim (Engine's claim, or a
    // Session's); defined in src/book_queries.cpp.
    Status top_ticks_held(std::uint32_t symbol, TopTicks& top) const noexcept;
    Status depth_ticks_held(std::uint32_t symbol, Side side, std::span<LevelTicks> out,
                            std::size_t& count) noexcept;
    template <class Put>
    Status levels_ticks_each(std::uint32_t symbol, Side side, std::size_t max, Put& put, std::size_t& count);
    Status lots_at_held(std::uint32_t symbol, Side side, std::int64_t price, LevelTicks& level) noexcept;
    Status order_ticks_held(std::uint64_t order_id, OrderTicks& order) const noexcept;
    // depth_each's walk, for a caller that holds the engine.
    template <class Put>
    void levels_each(std::uint32_t symbol, std::size_t max_bids, std::size_t max_asks, Put& put,
                     std::size_t& bid_count, std::size_t& ask_count) const;
    // What a resting order keeps for the integer API's rules: its owner,
    // its self-trade mode (as given: a replace resolves it again) and
    // whether it is post-only.
    struct RestTraits {
        std::uint64_t owner;
        SelfTrade stp;
        bool post_only;
    };
    // False, with nothing changed, when its level is full (kMaxLevelLots).
    // The pool and the index have room: execute_valid() made it.
    bool rest(OrderBook& book, std::uint32_t symbol, Side side, std::uint64_t id, std::int64_t price,
              std::int64_t lots, RestTraits traits);
    // Forgets an order that has left its book (filled or cancelled): its
    // index slot (from find_slot), its pool record i, the gauge.
    void retire(std::size_t slot, OrderIndex i) noexcept;
    Status invalid(Status s) noexcept {
        stats_.on_invalid();
        return s;
    }

    static constexpr std::uint32_t kDirectSymbols = 4096;
    std::vector<std::unique_ptr<OrderBook>> direct_books_;  // symbol < kDirectSymbols
    std::unordered_map<std::uint32_t, std::unique_ptr<OrderBook>> other_books_;
    OrderBook empty_book_{kDefaultScale};  // see book_for()
    std::size_t books_ = 0;           // books created (empty_book_ aside)

    OrderPool pool_;
    OrderIndexMap index_;
    FillQueue fills_;
    Stats stats_;
    const Clock& clock_;
    const bool timestamps_;
    const std::size_t max_symbols_;
    const SelfTrade self_trade_;  // Config::self_trade, Default resolved
    std::uint64_t next_order_id_ = 1;
    std::uint64_t next_trade_id_ = 1;
    std::atomic<bool> busy_{false};
    // Set by the first submit that gets past validation: from then on the
    // double API's ids skip ids that rest (first_free_id). Last, so that the
    // fields before it keep their places.
    bool client_ids_used_ = false;
};

class Engine::Session {
public:
    explicit Session(Engine& engine) noexcept : engine_(engine), claim_(engine) {}
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // False when another thread holds the engine: then call nothing else.
    bool owned() const noexcept { return claim_.owned(); }

    // As Engine::execute, cancel and amend.
    Status execute(const OrderRequest& order, ExecutionReport& report) {
        std::uint64_t end = 0;
        return engine_.execute_claimed(order, report, engine_.now(), end);
    }
    // The same for a run of operations timed by one clock read each: `start`
    // is when this order's time began (the previous operation's end, when the
    // caller runs them back to back); `end` receives the engine's clock
    // reading at its end (0 without timestamps, or when the order was invalid).
    Status execute(const OrderRequest& order, ExecutionReport& report, std::uint64_t start, std::uint64_t& end) {
        return engine_.execute_claimed(order, report, engine_.timestamps_ ? start : 0, end);
    }
    Status cancel(std::uint64_t order_id) { return engine_.cancel_claimed(order_id); }
    Status amend(std::uint64_t order_id, double new_quantity) { return engine_.amend_claimed(order_id, new_quantity); }
    // As Engine's integer calls (submit, cancel with a sink, replace,
    // cancel_all), without a claim each.
    template <class Sink>
    Status submit(const NewOrder& order, Sink&& sink) { return engine_.submit_claimed(order, sink); }
    template <class Sink>
    Status cancel(std::uint64_t order_id, Sink&& sink) { return engine_.cancel_claimed(order_id, sink); }
    template <class Sink>
    Status replace(std::uint64_t order_id, std::int64_t new_price, std::int64_t new_lots, Sink&& sink) {
        return engine_.replace_claimed(order_id, new_price, new_lots, sink);
    }
    template <class Sink>
    Status cancel_all(std::uint32_t symbol, Sink&& sink) { return engine_.cancel_all_claimed(symbol, sink); }
    template <class Sink>
    Status cancel_owner(std::uint64_t owner, Sink&& sink) { return engine_.cancel_owner_claimed(owner, sink); }
    // A request of any op (request.hpp) as the call of that op, its events
    // to sink. An op outside RequestOp: Rejected with InvalidOp, nothing changed.
    template <class Sink>
    Status apply(const Request& request, Sink&& sink);
    // Requests in order, each as apply(request, sink): the engine's refusal
    // of one is that request's Rejected event, and the rest still run.
    template <class Sink>
    void apply(std::span<const Request> requests, Sink&& sink) {
        std::size_t done = 0;
        apply_each(
            requests.size(), [&](std::size_t i) { return requests[i]; }, sink, [](const Request&) { return true; },
            done);
    }
    // The same for requests 0..n-1, at(i) giving the i-th, with look-ahead:
    // while one runs, the cold data of the requests kRequestLookahead and
    // half that ahead starts loading (prefetch_request). Before each,
    // go_on(request) may stop the run there (false). `done` counts the
    // requests that ran, as they run.
    static constexpr std::size_t kRequestLookahead = 8;
    template <class At, class Sink, class GoOn>
    void apply_each(std::size_t n, At&& at, Sink&& sink, GoOn&& go_on, std::size_t& done) {
        for (done = 0; done < n; ++done) {
            const std::size_t i = done;
            if (i + kRequestLookahead < n) prefetch_request(at(i + kRequestLookahead), false);
            if (i + kRequestLookahead / 2 < n) prefetch_request(at(i + kRequestLookahead / 2), true);
            const Request r = at(i);
            if (!go_on(static_cast<const Request&>(r))) return;
            (void)apply(r, sink);
        }
    }
    // A hint for a request a few places ahead (prefetch_ahead): a new
    // order's first maker, a cancel's or replace's order. Changes nothing.
    void prefetch_request(const Request& r, bool near) const noexcept {
        if (r.op == RequestOp::New) {
            OrderRequest o;
            o.symbol = r.symbol;
            o.side = r.side;
            prefetch_ahead(true, o, 0, near);
        } else if (r.op == RequestOp::Cancel || r.op == RequestOp::Replace) {
            prefetch_ahead(false, OrderRequest{}, r.order_id, near);
        }
    }
    // The most events `request` can emit if it runs now (the rule:
    // sgx_engine_request_bound in sigmax_exec.h). fits(): whether that is
    // at most `room`; it skips counting orders when even every resting
    // order could not fill `room`.
    std::size_t events_bound(const Request& request) const noexcept;
    bool fits(const Request& request, std::size_t room) const noexcept;
    // As Engine::drain_fills: passes every undrained fill to take(const Fill&),
    // oldest first, and forgets them.
    template <class Take>
    void take_fills(Take&& take) { engine_.fills_.take_each(take); }
    // As Engine::depth_each, from the session's thread.
    template <class Put>
    void depth_each(std::uint32_t symbol, std::size_t max_bids, std::size_t max_asks, Put&& put,
                    std::size_t& bid_count, std::size_t& ask_count) const {
        engine_.levels_each(symbol, max_bids, max_asks, put, bid_count, ask_count);
    }

    // As Engine's queries in ticks (top_ticks, depth_ticks, lots_at,
    // order_ticks), from the session's thread, without a claim each.
    Status top_ticks(std::uint32_t symbol, TopTicks& top) const noexcept {
        return engine_.top_ticks_held(symbol, top);
    }
    Status depth_ticks(std::uint32_t symbol, Side side, std::span<LevelTicks> out, std::size_t& count) noexcept {
        return engine_.depth_ticks_held(symbol, side, out, count);
    }
    Status lots_at(std::uint32_t symbol, Side side, std::int64_t price, LevelTicks& level) noexcept {
        return engine_.lots_at_held(symbol, side, price, level);
    }
    Status order_ticks(std::uint64_t order_id, OrderTicks& order) const noexcept {
        return engine_.order_ticks_held(order_id, order);
    }

    // Look-ahead for a cancel (or amend) that will run a few operations from
    // now, so that its cache misses overlap the work in between: `far` starts
    // loading the id's index slot; `near`, called later, reads that slot and
    // starts loading the order's record. The order was usually placed long
    // ago, so both are cold, and without hints they are two misses in a row.
    // Hints only: they change nothing and may guess wrong.
    void prefetch_cancel_far(std::uint64_t order_id) const noexcept { engine_.index_.prefetch(order_id); }
    void prefetch_cancel_near(std::uint64_t order_id) const noexcept {
        const OrderIndex i = engine_.index_.peek(order_id);
        if (i != kNil) engine_.pool_.prefetch(i);
    }

    // For an order a few operations ahead: `far` starts loading the oldest
    // order at the best opposite price (the first it would trade with, often
    // placed long ago); `near` follows it to that order's index slot (erased
    // if it fills) and the order behind it.
    void prefetch_order_far(const OrderRequest& o) const noexcept {
        if (const PriceLevel* level = engine_.best_opposite(o)) engine_.pool_.prefetch(level->head);
    }
    void prefetch_order_near(const OrderRequest& o) const noexcept {
        const PriceLevel* level = engine_.best_opposite(o);
        if (!level) return;
        const RestingOrder& maker = engine_.pool_[level->head];
        engine_.index_.prefetch(maker.id);
        if (maker.next != kNil) engine_.pool_.prefetch(maker.next);
    }

    // One of the four above for an operation a few places ahead, by its kind:
    // an order `o`, or a cancel or amend of `order_id`; `near` picks the
    // second, later stage.
    void prefetch_ahead(bool is_order, const OrderRequest& o, std::uint64_t order_id, bool near) const noexcept {
        if (is_order) {
            if (near) prefetch_order_near(o);
            else prefetch_order_far(o);
        } else if (near) {
            prefetch_cancel_near(order_id);
        } else {
            prefetch_cancel_far(order_id);
        }
    }

private:
    Engine& engine_;
    Claim claim_;
};

template <class Put>
Status Engine::depth_each(std::uint32_t symbol, std::size_t max_bids, std::size_t max_asks, Put&& put,
                          std::size_t& bid_count, std::size_t& ask_count) {
    bid_count = ask_count = 0;
    Claim claim(*this);
    if (!claim.owned()) return Status::Busy;
    levels_each(symbol, max_bids, max_asks, put, bid_count, ask_count);
    return Status::Ok;
}

template <class Put>
void Engine::levels_each(std::uint32_t symbol, std::size_t max_bids, std::size_t max_asks, Put& put,
                         std::size_t& bid_count, std::size_t& ask_count) const {
    bid_count = ask_count = 0;
    const OrderBook* b = find_book(symbol);
    if (!b) return;
    bid_count = b->each_level(Side::Buy, max_bids, [&](std::size_t i, const LevelView& l) { put(Side::Buy, i, l); });
    ask_count = b->each_level(Side::Sell, max_asks, [&](std::size_t i, const LevelView& l) { put(Side::Sell, i, l); });
}

template <class Put>
Status Engine::depth_ticks_each(std::uint32_t symbol, Side side, std::size_t max, Put&& put, std::size_t& count) {
    count = 0;
    Claim claim(*this);
    if (!claim.owned()) return Status::Busy;
    return levels_ticks_each(symbol, side, max, put, count);
}

template <class Put>
Status Engine::levels_ticks_each(std::uint32_t symbol, Side side, std::size_t max, Put& put, std::size_t& count) {
    count = 0;
    // Codes are checked as bytes (order_codes.hpp): a C caller's Side may hold any.
    if (static_cast<std::uint8_t>(side) > 1) return invalid(Status::InvalidSide);
    const OrderBook* b = find_book(symbol);
    if (!b || max == 0) return Status::Ok;
    std::size_t n = 0;
    b->levels(side).each_best_first([&](const PriceLevel& l) {
        put(n, static_cast<const LevelTicks&>(LevelTicks{l.price, l.lots, l.count}));
        return ++n < max;
    });
    count = n;
    return Status::Ok;
}

template <class Get, class Put, class Slot>
Status Engine::execute_each(std::size_t n, Get&& get, Put&& put, Slot&& slot, std::size_t& count) {
    using Record = std::remove_pointer_t<decltype(slot(std::size_t{0}))>;
    static_assert(sizeof(Record) >= sizeof(Prepared) && std::is_trivially_copyable_v<Record>,
                  "an output record must have room for a validated order");
    count = 0;
    // Stopping at order `i` with `executed` orders run: the records from
    // `executed` on hold no report (some hold validation scratch), so all are zeroed.
    const auto stop = [&](Status s, std::size_t i, std::size_t executed) {
        for (std::size_t k = executed; k < n; ++k) std::memset(static_cast<void*>(slot(k)), 0, sizeof(Record));
        count = i;
        return s;
    };
    Claim claim(*this);
    if (!claim.owned()) return stop(Status::Busy, 0, 0);
    for (std::size_t i = 0; i < n; ++i) {
        Prepared p{};
        if (Status s = validate(get(i), p); s != Status::Ok) return stop(invalid(s), i, 0);
        std::memcpy(static_cast<void*>(slot(i)), &p, sizeof p);
    }
    ExecutionReport r;
    // One clock read per order: each order's end is the next one's start.
    std::uint64_t t = now();
    for (std::size_t i = 0; i < n; ++i) {
        if (fills_.at_limit()) return stop(Status::FillsFull, i, i);
        Prepared p;
        std::memcpy(&p, static_cast<const void*>(slot(i)), sizeof p);
        // A book that did not exist at validation may have been created by
        // an earlier order of this batch (with the same default scale).
        const OrderRequest& o = get(i);
        if (!p.book) p.book = find_book(o.symbol);
        Executed done{};
        try {
            done = execute_valid(o, p, r, t);
        } catch (const std::bad_alloc&) {
            done.status = Status::NoMemory;  // thrown before order i changed anything
        }
        if (done.status != Status::Ok) return stop(done.status, i, i);
        t = done.end;
        put(i, r);
    }
    count = n;
    return Status::Ok;
}

}  // namespace sigmax

#include "sigmax/detail/match_each.hpp"
#include "sigmax/detail/order_entry_impl.hpp"
#include "sigmax/detail/request_impl.hpp"
