// The L3 (market by order) book of one symbol, rebuilt from events, kept in
// the engine's own structures: the OrderBook's price levels with their FIFO
// queues, the OrderPool's records (RestingOrder.id holds the exchange's order
// id) and the engine's id -> record hash table keyed by the exchange id. The
// next issue places the user's own orders into these same queues, so queue
// position among real orders is exact.
//
// Rules (docs/market_data.md):
//  - ADD joins the back of its price level; an id already resting is
//    counted (duplicate_order) and the event ignored.
//  - CANCEL and FILL take `quantity` lots off the order, keeping its place;
//    at 0 (or more than it has: counted as overfill) it leaves the book.
//    CANCEL with quantity 0 removes the whole order.
//  - MODIFY sets price and quantity. Priority (as at CME, and in
//    Databento's reference book): a size decrease at the same price keeps
//    the order's place; a size increase or a price (or side) change sends it
//    to the back of its new level. Quantity 0 removes it. An id that does not
//    rest is added (counted as modify_added).
//  - CLEAR empties a side (SIDE_NONE: both); SNAPSHOT_BEGIN empties the book.
//  - LEVEL, TRADE and BBO carry no L3 state (ignored).
#pragma once

#include <cstdint>
#include <span>

#include "sigmax/detail/order_book.hpp"
#include "sigmax/detail/order_index.hpp"
#include "sigmax/detail/order_pool.hpp"
#include "sigmax/detail/prefetch.hpp"
#include "sigmax/market/l2_book.hpp"

namespace sigmax::md {

using QueuePosition = sgx_md_queue_position;

// Exchange ids are arbitrary 64-bit values (some venues put a session or a
// timestamp in the high bits): the key mixes all 64 bits (Fibonacci hashing).
struct ExchangeIdKey {
    std::uint32_t operator()(std::uint64_t id) const noexcept {
        return static_cast<std::uint32_t>((id * 0x9E3779B97F4A7C15ull) >> 32);
    }
};
using ExchangeOrderIndex = BasicOrderIndexMap<ExchangeIdKey>;

class L3Book {
public:
    // Orders one book holds at most (more if expected_orders is larger):
    // the pool reserves address space for them (768 MiB), so that many
    // books (one per symbol) fit in the address space. An ADD past it
    // throws std::bad_alloc (SGX_ERR_NO_MEMORY through the C API).
    static constexpr std::size_t kMaxOrders = std::size_t{1} << 24;

    explicit L3Book(std::uint32_t symbol = 0, std::size_t expected_orders = 256);

    void apply(const Event& e, BookChecks& checks);

    Quote best() const noexcept;
    std::size_t depth(Side s, std::span<BookLevel> out) const noexcept;
    std::int64_t quantity_at(Side s, std::int64_t price) const noexcept;
    // What is ahead of exchange order `order_id` in its queue; false if it does not rest.
    bool queue_ahead(std::uint64_t order_id, QueuePosition& out) const noexcept;

    // One resting order as the book holds it.
    struct OrderView {
        std::uint64_t id;
        std::int64_t price;  // ticks
        std::int64_t lots;   // open lots
        Side side;
    };
    // Order `order_id` as it rests now; false (out untouched) if it does not rest.
    bool find_order(std::uint64_t order_id, OrderView& out) const noexcept;
    // Calls f(const BookLevel&) for side s's levels, best first, until f returns false.
    template <class F>
    void each_level(Side s, F&& f) const {
        book_.levels(s).each_best_first([&](const PriceLevel& l) { return f(BookLevel{l.price, l.lots, l.count}); });
    }
    // Calls f(const OrderView&) for the orders of side s at `price` in queue
    // order (oldest first) until f returns false. f must not change the book.
    template <class F>
    void each_order_at(Side s, std::int64_t price, F&& f) const {
        const PriceLevel* l = book_.levels(s).find(price);
        if (!l) return;
        for (OrderIndex i = l->head; i != kNil; i = pool_[i].next)
            if (!f(view_of(pool_[i]))) return;
    }
    // Calls f(const OrderView&) for every order of side s, levels best first,
    // each level in queue order. f must not change the book.
    template <class F>
    void each_order(Side s, F&& f) const {
        book_.levels(s).each_best_first([&](const PriceLevel& l) {
            for (OrderIndex i = l.head; i != kNil; i = pool_[i].next)
                if (!f(view_of(pool_[i]))) return false;
            return true;
        });
    }
    std::size_t resting_orders() const noexcept { return book_.resting_orders(); }
    std::uint32_t symbol() const noexcept { return symbol_; }
    bool crossed() const noexcept;

    // Look-ahead hints for a replay that knows the events to come
    // (BookSet::apply on a span). Exchange ids are random, so an L3 event
    // misses the cache in the id table and then in the order's record.
    // Issued for the same event a few events apart, the first hint loads
    // what the second reads:
    //  1. prefetch_slot: the id table's line for e's order id;
    //  2. prefetch_order: that line's entry -> the order's record.
    // (A third hint loading the queue neighbours' records, which a cancel
    // relinks, cost more in its extra table probe than it saved.)
    // Neither changes any state; a wrong guess (a key collision, an id not
    // resting yet) only wastes a load. The loads are prefetch_for_read's
    // asm, which the optimizer keeps (it drops calls of a function made only
    // of __builtin_prefetch).
    void prefetch_slot(const Event& e) const noexcept {
        if (names_an_order(e)) prefetch_for_read(index_.home_slot(e.order_id));
    }
    void prefetch_order(const Event& e) const noexcept {
        if (!names_an_order(e) || e.kind == SGX_MD_ADD) return;  // an ADD's record is the free list's head
        const OrderIndex i = index_.peek(e.order_id);
        if (i == kNil) return;
        prefetch_for_read(&pool_[i]);  // a record is one cache line
    }

private:
    static OrderView view_of(const RestingOrder& o) noexcept { return OrderView{o.id, o.price, o.open, o.side}; }
    static bool names_an_order(const Event& e) noexcept {
        return e.kind == SGX_MD_ADD || e.kind == SGX_MD_CANCEL || e.kind == SGX_MD_MODIFY || e.kind == SGX_MD_FILL;
    }
    void add(const Event& e, BookChecks& checks);
    // Takes `lots` off order i (at most what it has), removing it at 0.
    void reduce(OrderIndex i, std::int64_t lots, BookChecks& checks) noexcept;
    void modify(const Event& e, BookChecks& checks);
    void remove(OrderIndex i) noexcept;
    void clear(std::uint8_t side) noexcept;

    std::uint32_t symbol_;
    OrderPool pool_;
    OrderBook book_;
    ExchangeOrderIndex index_;
    bool in_snapshot_ = false;
};

}  // namespace sigmax::md
