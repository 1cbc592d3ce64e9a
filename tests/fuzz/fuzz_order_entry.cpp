// libFuzzer target: arbitrary sequences of the integer order entry calls of
// the C ABI (sgx_engine_submit, _cancel_order, _replace, _cancel_all,
// _cancel_owner, _set_min_price), mixed with the double API's execute,
// cancel and amend, on one engine. The oracle is the event stream's rules
// (docs/semantics.md, "Integer order entry" and "Owners and self-trade
// prevention"), checked after every call:
//  - a call that returns a status other than OK emitted exactly one REJECTED
//    event with that status (none for a record refused before the engine
//    reads it: NULL, STRUCT_SIZE, RESERVED) and changed nothing: the depth
//    of every symbol and every statistic but invalid_requests are as before;
//    invalid_requests grows by one exactly for the invalid-argument group;
//  - a book rebuilt from the events alone (tests/shadow_book.hpp, which
//    checks each trade's maker, price and remainders as it goes) equals
//    sgx_engine_depth_ticks, sgx_engine_depth and sgx_engine_top_ticks on
//    every symbol (price, lots and order count of every level) and the
//    engine's resting order count; no book is crossed;
//  - no TRADE joins two orders of one non-zero owner unless the taker's
//    effective mode (its stp, else the engine's self_trade, else
//    CANCEL_NEWEST) is ALLOW; a SELF_TRADE cancel pairs two orders of one
//    owner, and only the side the mode names loses lots;
//  - the fields each event kind does not use are 0; ACCEPTED and REPLACED
//    repeat the call's order; cancel_all and cancel_owner cancel exactly the
//    orders they name, in the documented order;
//  - at the end of the input, sgx_engine_order_ticks (queue place included)
//    and sgx_engine_order_info of every resting order.
// Any difference prints the step, the call and the values, then traps.
// SGX_FUZZ_TRACE=1 prints every call and its status.
//
// The double API's trades go to its fill buffer, not to events, so the
// shadow cannot follow a double-API taker: an execute that the shadow says
// would cross is sent as a post-only limit order (which then makes no trade
// and is rejected), and a resting double-API order enters the shadow as an
// ACCEPTED event made from its report. Double-API cancels and amends enter
// it as the CANCELLED and REPLACED events of the same meaning.
//
// Every symbol an order can name is configured with tick 1 and lot 1 at the
// start (in kSymbols order, so a small max_symbols leaves the later ones
// without a book: TOO_MANY_SYMBOLS), so that depth's doubles are the ticks
// and lots of the events.
//
// Input layout (tests/fuzz/make_order_entry_seeds.py writes the seeds):
//   byte 0: bits 0-2 the engine's self_trade (6 and 7: creation must fail
//           with INVALID_STP, nothing else runs); bits 3-4 max_symbols from
//           kMaxSymbols.
//   then operations until the input ends: an opcode byte (op % kOps, see
//   kOpOf) and its operands; a missing operand byte reads as 0.
//   submit         flags, id, owner_stp, price, lots  (+1 byte if flags bit 7)
//   cancel_order   id
//   replace        id, mode, price, lots
//   cancel_all     symbol
//   cancel_owner   owner
//   set_min_price  symbol, ticks
//   execute        flags, price, lots   (double API)
//   cancel         id                   (double API)
//   amend          id, lots             (double API)
//   copies         count, then a submit's operands: the same order under
//                  `count` x 4 fresh ids (2^62-lot levels: LEVEL_FULL)
// Operand bytes:
//   flags:     bits 0-2 symbol (kSymbolOf), bit 3 sell, bit 4 market,
//              bits 5-6 tif, bit 7 one more byte follows making the record
//              bad (see Malformed).
//   id:        < 0xF0: 1 + (b & 15), a pool small enough that ids repeat,
//              rest and are unknown; else 0, 2^64-1, 2^63, the last id the
//              double API assigned, or a resting order.
//   owner_stp: bits 0-1 owner 0..3; bits 2-5 stp (15: an invalid one).
//   price:     see price(); lots: see lots(); ticks: see min_ticks().
#include <algorithm>
#include <cinttypes>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <limits>
#include <optional>
#include <unordered_map>
#include <vector>

#include "../shadow_book.hpp"
#include "sigmax_exec.h"

namespace {

using sigmax::CancelReason;
using sigmax::OrderEvent;
using sigmax::OrderEventKind;
using sigmax::Side;

enum Op : std::uint8_t {
    kSubmit,
    kCancelOrder,
    kReplace,
    kCancelAll,
    kCancelOwner,
    kSetMinPrice,
    kExecute,
    kCancel,
    kAmend,
    kCopies,
};
const char* const kOpNames[] = {"submit",        "cancel_order", "replace", "cancel_all", "cancel_owner",
                                "set_min_price", "execute",      "cancel",  "amend",      "copies"};
// Opcode byte % kOps -> operation: mostly submits and replaces, which trade.
constexpr Op kOpOf[] = {kSubmit,      kSubmit,      kSubmit,       kSubmit,  kSubmit, kSubmit, kSubmit,
                        kCancelOrder, kCancelOrder, kReplace,      kReplace, kReplace, kCancelAll,
                        kCancelOwner, kSetMinPrice, kExecute,      kExecute, kCancel, kAmend,  kCopies};
constexpr std::size_t kOps = sizeof kOpOf / sizeof kOpOf[0];

// Symbols orders use: two busy ones, 0, the last directly indexed one, the
// first kept in the map, and the largest id.
constexpr std::uint32_t kSymbols[6] = {1, 2, 0, 4095, 4096, 0xFFFFFFFFu};
constexpr std::size_t kSymbolOf[8] = {0, 0, 1, 1, 2, 3, 4, 5};
// cancel_all and set_min_price also name one that no order uses.
constexpr std::uint32_t kUnusedSymbol = 123456;
constexpr std::uint64_t kMaxSymbols[4] = {SGX_DEFAULT_MAX_SYMBOLS, 1, 2, 3};

constexpr std::int64_t k2p53 = std::int64_t{1} << 53;
constexpr std::int64_t kI64Min = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kI64Max = std::numeric_limits<std::int64_t>::max();

class Input {
public:
    Input(const std::uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}
    bool done() const { return p_ == end_; }
    std::uint8_t byte() { return p_ == end_ ? 0 : *p_++; }
    std::int64_t raw_i64() {
        std::uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits |= std::uint64_t{byte()} << (8 * i);
        return static_cast<std::int64_t>(bits);
    }

private:
    const std::uint8_t* p_;
    const std::uint8_t* end_;
};

// The step being checked, for the failure message.
std::size_t g_step = 0;
const char* g_op = "";
char g_call[160] = "";

// SGX_FUZZ_TRACE=1 prints every call and its status: what a seed exercises.
const bool g_trace = std::getenv("SGX_FUZZ_TRACE") != nullptr;

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "fuzz_order_entry: step %zu (%s %s): %s\n", g_step, g_op, g_call, what);
    __builtin_trap();
}

void check(bool ok, const char* rule) {
    if (!ok) fail(rule);
}

void check_i(const char* what, std::int64_t expected, std::int64_t actual) {
    if (expected == actual) return;
    char text[256];
    std::snprintf(text, sizeof text, "%s: expected %" PRId64 ", engine gave %" PRId64, what, expected, actual);
    fail(text);
}

void check_u(const char* what, std::uint64_t expected, std::uint64_t actual) {
    if (expected == actual) return;
    char text[256];
    std::snprintf(text, sizeof text, "%s: expected %" PRIu64 ", engine gave %" PRIu64, what, expected, actual);
    fail(text);
}

void check_d(const char* what, double expected, double actual) {
    if (expected == actual) return;
    char text[256];
    std::snprintf(text, sizeof text, "%s: expected %.17g, engine gave %.17g", what, expected, actual);
    fail(text);
}

bool invalid_argument(int32_t status) { return status <= -1 && status >= -29; }

// What the depth of every symbol and the statistics say: compared before
// and after a refused call.
struct Snapshot {
    std::vector<std::vector<sgx_level>> bids, asks;              // sgx_engine_depth, per kSymbols entry
    std::vector<std::vector<sgx_level_ticks>> bid_ticks, ask_ticks;  // sgx_engine_depth_ticks
    sgx_engine_stats stats;
};

bool same_levels(const std::vector<sgx_level>& a, const std::vector<sgx_level>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].price != b[i].price || a[i].quantity != b[i].quantity || a[i].order_count != b[i].order_count)
            return false;
    return true;
}

bool same_levels(const std::vector<sgx_level_ticks>& a, const std::vector<sgx_level_ticks>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].price != b[i].price || a[i].lots != b[i].lots || a[i].order_count != b[i].order_count) return false;
    return true;
}

// An order's owner and self-trade mode, as the call that placed it gave them.
struct OwnerMode {
    std::uint64_t owner;
    std::uint8_t stp;
};

// How a record is made bad (the byte after flags bit 7).
enum Malformed : std::uint8_t { kBadSide, kBadType, kBadTif, kMarketPostOnly, kStructSize, kReserved, kNullOrder, kPlain };

class Driver {
public:
    Driver(sgx_engine* engine, std::uint8_t self_trade)
        : engine_(engine),
          engine_mode_(self_trade == SGX_STP_DEFAULT ? std::uint8_t{SGX_STP_CANCEL_NEWEST} : self_trade),
          shadow_([](const char* what) { fail(what); }) {
        const std::vector<std::vector<shadow::Level>> empty(std::size(kSymbols));
        last_ = snapshot(empty, empty);
    }

    void run(Input& in) {
        while (!in.done()) {
            ++g_step;
            const Op op = kOpOf[in.byte() % kOps];
            g_op = kOpNames[op];
            g_call[0] = '\0';
            step(op, in);
        }
        g_op = "final state";
        g_call[0] = '\0';
        check_order_info();
    }

private:
    // ---- operand decoding ----

    std::uint32_t order_symbol(std::uint8_t flags) const { return kSymbols[kSymbolOf[flags & 7]]; }
    std::uint32_t any_symbol(std::uint8_t b) const { return b % 7 == 6 ? kUnusedSymbol : kSymbols[b % 7]; }

    std::uint64_t order_id(Input& in) {
        const std::uint8_t b = in.byte();
        if (b < 0xF0) return 1 + (b & 15);
        const unsigned v = b & 15;
        switch (v) {
            case 0: return 0;
            case 1: return std::numeric_limits<std::uint64_t>::max();
            case 2: return std::uint64_t{1} << 63;
            case 3: return last_double_id_;
            default: {
                const auto& orders = shadow_.orders();
                if (orders.empty()) return 1;
                auto it = orders.begin();
                std::advance(it, (v - 4) % orders.size());
                return it->first;
            }
        }
    }

    // Limit prices: kinds 0-4 (bits 5-7) a band of 16 ticks around the
    // symbol's centre (0 for symbol 2, which needs set_min_price for its
    // lower half; 100 for the rest), so that orders cross often; 5 near 0;
    // 6 the bounds and beyond; 7 the next 8 bytes.
    std::int64_t price(Input& in, std::uint32_t symbol) {
        const std::uint8_t b = in.byte();
        const unsigned kind = b >> 5, v = b & 15;
        const std::int64_t centre = symbol == 2 ? 0 : 100;
        if (kind <= 4) return centre + static_cast<std::int64_t>(v) - 8;
        if (kind == 5) return static_cast<std::int64_t>(v) - 8;
        if (kind == 6) {
            constexpr std::int64_t table[16] = {0,           1,        -1,           k2p53,   k2p53 + 1, -k2p53,
                                                -k2p53 - 1,  kI64Min,  kI64Max,      -1000,   -1001,     2,
                                                k2p53 - 1,   1 - k2p53, 1000,        -2};
            return table[v];
        }
        return in.raw_i64();
    }

    // Lots: kinds 0-4 1..32; 5 large (2^53 and around it, for the order and
    // level bounds); 6 zero, negative and tiny; 7 the next 8 bytes.
    std::int64_t lots(Input& in) {
        const std::uint8_t b = in.byte();
        const unsigned kind = b >> 5, v = b & 31;
        if (kind <= 4) return 1 + static_cast<std::int64_t>(v);
        if (kind == 5) {
            constexpr std::int64_t table[8] = {k2p53, k2p53 - 1, k2p53 / 2, k2p53 + 1,
                                               std::int64_t{1} << 40, std::int64_t{1} << 62, kI64Max, k2p53 - 4096};
            return table[v & 7];
        }
        if (kind == 6) {
            constexpr std::int64_t table[8] = {0, -1, kI64Min, -k2p53, 1, 2, 3, 0};
            return table[v & 7];
        }
        return in.raw_i64();
    }

    // set_min_price's ticks: kind 0 1 down to -62, 1 multiples of -64, 2 the
    // bounds and beyond, 3 the next 8 bytes.
    std::int64_t min_ticks(Input& in) {
        const std::uint8_t b = in.byte();
        const unsigned kind = b >> 6, v = b & 63;
        if (kind == 0) return 1 - static_cast<std::int64_t>(v);
        if (kind == 1) return -64 * static_cast<std::int64_t>(v);
        if (kind == 2) {
            constexpr std::int64_t table[16] = {1,      0,       -1,    2,     -k2p53, -k2p53 - 1, 1 - k2p53, kI64Min,
                                                kI64Max, -1000, k2p53, 100,   -8,     -16,        -100,      -1001};
            return table[v & 15];
        }
        return in.raw_i64();
    }

    struct Decoded {
        sgx_new_order order;
        bool null_order = false;
        int32_t expected = SGX_OK;  // a record-level refusal's status, or OK
        bool must_fail = false;     // a bad code: some non-OK status
    };

    // A submit's operands: flags [malformed], id, owner_stp, price, lots.
    Decoded new_order(Input& in) {
        Decoded d;
        sgx_new_order& o = d.order;
        o = SGX_NEW_ORDER_INIT;
        const std::uint8_t flags = in.byte();
        o.symbol = order_symbol(flags);
        o.side = (flags >> 3) & 1;
        o.type = (flags >> 4) & 1;
        o.tif = (flags >> 5) & 3;
        if (o.type == SGX_TYPE_MARKET && o.tif == SGX_TIF_POST_ONLY) o.tif = SGX_TIF_IOC;
        if (flags & 0x80) {
            const std::uint8_t m = in.byte();
            switch (static_cast<Malformed>(m % 8)) {
                case kBadSide: o.side = static_cast<std::uint8_t>(2 + (m >> 3)), d.must_fail = true; break;
                case kBadType: o.type = static_cast<std::uint8_t>(2 + (m >> 3)), d.must_fail = true; break;
                case kBadTif: o.tif = static_cast<std::uint8_t>(4 + (m >> 3)), d.must_fail = true; break;
                case kMarketPostOnly:
                    o.type = SGX_TYPE_MARKET, o.tif = SGX_TIF_POST_ONLY, d.must_fail = true;
                    break;
                case kStructSize:
                    // 32: the ABI 6 record's size; else a small wrong one.
                    o.struct_size = (m >> 3) & 1 ? 32 : (m >> 4);
                    d.expected = SGX_ERR_STRUCT_SIZE;
                    break;
                case kReserved:
                    o.reserved[(m >> 3) & 3] = static_cast<std::uint8_t>(1 + (m >> 5));
                    d.expected = SGX_ERR_RESERVED;
                    break;
                case kNullOrder: d.null_order = true, d.expected = SGX_ERR_NULL_POINTER; break;
                case kPlain: break;
            }
        }
        o.client_id = order_id(in);
        const std::uint8_t os = in.byte();
        o.owner = os & 3;
        const unsigned stp = (os >> 2) & 15;
        constexpr std::uint8_t kBadStp[4] = {6, 7, 128, 255};
        if (stp == 15) {
            o.stp = kBadStp[os >> 6];
            d.must_fail = true;
        } else {
            o.stp = static_cast<std::uint8_t>(stp % 6);
        }
        o.price = price(in, o.symbol);
        o.lots = lots(in);
        return d;
    }

    // ---- the calls ----

    static void collect(const sgx_order_event* e, void* user) {
        static_cast<std::vector<sgx_order_event>*>(user)->push_back(*e);
    }

    void step(Op op, Input& in) {
        events_.clear();
        switch (op) {
            case kSubmit: {
                const Decoded d = new_order(in);
                describe(d.order);
                const int32_t rc = submit(d);
                finish_submit(d, rc);
                break;
            }
            case kCancelOrder: {
                const std::uint64_t id = order_id(in);
                std::snprintf(g_call, sizeof g_call, "id %" PRIu64, id);
                const int32_t rc = sgx_engine_cancel_order(engine_, id, collect, &events_);
                after(rc, false, id);
                if (rc == SGX_OK) {
                    check_u("events of an OK cancel_order", 1, events_.size());
                    check(events_[0].kind == SGX_EVENT_CANCELLED && events_[0].order_id == id,
                          "cancel_order's event is CANCELLED for its order");
                }
                apply_and_compare(rc);
                break;
            }
            case kReplace: replace(in); break;
            case kCancelAll: {
                const std::uint32_t symbol = any_symbol(in.byte());
                std::snprintf(g_call, sizeof g_call, "symbol %" PRIu32, symbol);
                const std::vector<std::uint64_t> want = resting_in_cancel_order(symbol, 0);
                const int32_t rc = sgx_engine_cancel_all(engine_, symbol, collect, &events_);
                after(rc, false, 0);
                if (rc == SGX_OK) check_cancelled(want);
                apply_and_compare(rc);
                break;
            }
            case kCancelOwner: {
                const std::uint8_t b = in.byte();
                const std::uint64_t owner = b >= 0xF0 ? std::numeric_limits<std::uint64_t>::max() : b & 3;
                std::snprintf(g_call, sizeof g_call, "owner %" PRIu64, owner);
                const std::vector<std::uint64_t> want = resting_in_cancel_order(std::nullopt, owner);
                const int32_t rc = sgx_engine_cancel_owner(engine_, owner, collect, &events_);
                after(rc, false, std::nullopt);
                if (owner == 0) check_i("cancel_owner(0) status", SGX_ERR_INVALID_OWNER, rc);
                if (rc == SGX_OK) check_cancelled(want);
                apply_and_compare(rc);
                break;
            }
            case kSetMinPrice: {
                const std::uint32_t symbol = any_symbol(in.byte());
                const std::int64_t ticks = min_ticks(in);
                std::snprintf(g_call, sizeof g_call, "symbol %" PRIu32 " ticks %" PRId64, symbol, ticks);
                const int32_t rc = sgx_engine_set_min_price(engine_, symbol, ticks);
                trace(rc);
                if (ticks > 1 || ticks < -k2p53) check_i("set_min_price status out of range", SGX_ERR_OUT_OF_RANGE, rc);
                // No events, and the books stay as they are whatever it returns.
                check_stats(rc);
                compare_books(rc);
                break;
            }
            case kExecute: execute(in); break;
            case kCancel: {
                const std::uint64_t id = order_id(in);
                std::snprintf(g_call, sizeof g_call, "id %" PRIu64, id);
                const int32_t rc = sgx_engine_cancel(engine_, id);
                trace(rc);
                check_stats(rc);
                if (rc == SGX_OK) {
                    auto it = shadow_.orders().find(id);
                    check(it != shadow_.orders().end(), "cancel is OK only for an order that rests");
                    const ShadowOrder& o = it->second;
                    OrderEvent e;
                    e.kind = OrderEventKind::Cancelled, e.reason = CancelReason::User, e.order_id = id;
                    e.symbol = o.symbol, e.side = o.side, e.price = o.price, e.lots = o.open;
                    shadow_.apply({&e, 1});
                } else {
                    check(shadow_.orders().count(id) == 0, "cancel of a resting order is OK");
                }
                compare_books(rc);
                break;
            }
            case kAmend: {
                const std::uint64_t id = order_id(in);
                const std::int64_t l = lots(in);
                const double q = static_cast<double>(l);
                std::snprintf(g_call, sizeof g_call, "id %" PRIu64 " quantity %.17g", id, q);
                const int32_t rc = sgx_engine_amend(engine_, id, q);
                trace(rc);
                check_stats(rc);
                if (rc == SGX_OK) {
                    auto it = shadow_.orders().find(id);
                    check(it != shadow_.orders().end(), "amend is OK only for an order that rests");
                    // The same price and new open lots: a decrease keeps the
                    // order's place, an increase re-queues it, as a replace.
                    const ShadowOrder& o = it->second;
                    OrderEvent e;
                    e.kind = OrderEventKind::Replaced, e.order_id = id, e.symbol = o.symbol, e.side = o.side;
                    e.price = o.price, e.lots = e.remaining = static_cast<std::int64_t>(q);
                    shadow_.apply({&e, 1});
                }
                compare_books(rc);
                break;
            }
            case kCopies: copies(in); break;
        }
    }

    using ShadowOrder = shadow::ShadowBook::Order;

    void describe(const sgx_new_order& o) {
        std::snprintf(g_call, sizeof g_call,
                      "id %" PRIu64 " symbol %" PRIu32 " side %u type %u tif %u stp %u owner %" PRIu64
                      " price %" PRId64 " lots %" PRId64,
                      o.client_id, o.symbol, o.side, o.type, o.tif, o.stp, o.owner, o.price, o.lots);
    }

    void trace(int32_t rc) const {
        if (g_trace)
            std::fprintf(stderr, "step %zu %s %s: %s, %zu events\n", g_step, g_op, g_call, sgx_status_name(rc),
                         events_.size());
    }

    int32_t submit(const Decoded& d) {
        return sgx_engine_submit(engine_, d.null_order ? nullptr : &d.order, collect, &events_);
    }

    void finish_submit(const Decoded& d, int32_t rc) {
        const sgx_new_order& o = d.order;
        if (d.expected != SGX_OK) check_i("status of a record refused before the engine", d.expected, rc);
        if (d.must_fail) check(rc != SGX_OK, "a bad side, type, tif or stp is refused");
        if (rc == SGX_OK) owner_of_[o.client_id] = OwnerMode{o.owner, o.stp};
        after(rc, d.expected != SGX_OK, o.client_id);
        if (rc == SGX_OK) {
            check(!events_.empty() && events_[0].kind == SGX_EVENT_ACCEPTED, "an OK submit's first event is ACCEPTED");
            const sgx_order_event& a = events_[0];
            check_u("ACCEPTED order_id", o.client_id, a.order_id);
            check_u("ACCEPTED symbol", o.symbol, a.symbol);
            check_u("ACCEPTED side", o.side, a.side);
            check_i("ACCEPTED price", o.type == SGX_TYPE_MARKET ? 0 : o.price, a.price);
            check_i("ACCEPTED lots", o.lots, a.lots);
        }
        apply_and_compare(rc);
    }

    void replace(Input& in) {
        const std::uint64_t id = order_id(in);
        const std::uint8_t mode = in.byte();
        auto it = shadow_.orders().find(id);
        const bool rests = it != shadow_.orders().end();
        std::int64_t new_price = price(in, rests ? it->second.symbol : 1);
        std::int64_t new_lots = lots(in);
        // Modes 2 and 3 keep the price (priority rules); 3 also takes a few
        // lots off (a decrease that keeps the order's place).
        if (rests && (mode & 3) >= 2) new_price = it->second.price;
        if (rests && (mode & 3) == 3) new_lots = it->second.open - (new_lots & 7);
        std::snprintf(g_call, sizeof g_call, "id %" PRIu64 " price %" PRId64 " lots %" PRId64, id, new_price,
                      new_lots);
        const int32_t rc = sgx_engine_replace(engine_, id, new_price, new_lots, collect, &events_);
        after(rc, false, id);
        if (rc == SGX_OK) {
            check(rests, "replace is OK only for an order that rests");
            check(!events_.empty() && events_[0].kind == SGX_EVENT_REPLACED, "an OK replace's first event is REPLACED");
            check_u("REPLACED order_id", id, events_[0].order_id);
            check_i("REPLACED price", new_price, events_[0].price);
            check_i("REPLACED lots", new_lots, events_[0].lots);
        }
        apply_and_compare(rc);
    }

    // The double API: an order the shadow says would trade goes as a
    // post-only limit order, so that it never does (its trades would be
    // fills, which the shadow does not see).
    void execute(Input& in) {
        const std::uint8_t flags = in.byte();
        sgx_order o = SGX_ORDER_INIT;
        o.symbol = order_symbol(flags);
        o.side = (flags >> 3) & 1;
        o.type = (flags >> 4) & 1;
        o.tif = (flags >> 5) & 3;
        if (o.type == SGX_TYPE_MARKET && o.tif == SGX_TIF_POST_ONLY) o.tif = SGX_TIF_IOC;
        const bool bad_reserved = (flags & 0x80) != 0;
        if (bad_reserved) o.reserved[0] = 1;
        o.price = static_cast<double>(price(in, o.symbol));
        o.quantity = static_cast<double>(lots(in));
        const Side side = o.side == SGX_SIDE_BUY ? Side::Buy : Side::Sell;
        const std::vector<shadow::Level> opp = shadow_.levels(o.symbol, sigmax::opposite(side));
        const bool crosses =
            !opp.empty() && (o.type == SGX_TYPE_MARKET ||
                             (side == Side::Buy ? o.price >= static_cast<double>(opp[0].price)
                                                : o.price <= static_cast<double>(opp[0].price)));
        if (crosses) o.type = SGX_TYPE_LIMIT, o.tif = SGX_TIF_POST_ONLY;
        std::snprintf(g_call, sizeof g_call, "symbol %" PRIu32 " side %u type %u tif %u price %.17g quantity %.17g",
                      o.symbol, o.side, o.type, o.tif, o.price, o.quantity);
        sgx_report r{};
        const int32_t rc = sgx_engine_execute(&r, engine_, &o);
        trace(rc);
        if (bad_reserved) check_i("execute status with a reserved byte set", SGX_ERR_RESERVED, rc);
        check_stats(rc);
        if (rc == SGX_OK) {
            last_double_id_ = r.order_id;
            owner_of_[r.order_id] = OwnerMode{0, SGX_STP_DEFAULT};  // the double API's orders have no owner
            check_u("fill_count of a double-API order that cannot cross", 0, r.fill_count);
            check_d("executed_quantity of a double-API order that cannot cross", 0.0, r.executed_quantity);
            if (r.status == SGX_STATUS_NEW) {
                // It rests: as if ACCEPTED had said so. Prices and lots are
                // whole (tick 1, lot 1) and at most 2^53 once accepted.
                check_d("remaining_quantity of a resting order", o.quantity, r.remaining_quantity);
                OrderEvent e;
                e.kind = OrderEventKind::Accepted, e.order_id = r.order_id, e.symbol = o.symbol, e.side = side;
                e.price = static_cast<std::int64_t>(o.price);
                e.lots = e.remaining = static_cast<std::int64_t>(o.quantity);
                shadow_.apply({&e, 1});
            } else {
                check(r.status == SGX_STATUS_CANCELLED || r.status == SGX_STATUS_REJECTED,
                      "a double-API order that cannot cross rests, or is cancelled or rejected");
                check_d("remaining_quantity of an order that does not rest", 0.0, r.remaining_quantity);
            }
        }
        compare_books(rc);
    }

    // The same order under count x 4 fresh ids, checked as one step (the
    // shadow checks each call's events; the books are compared at the end).
    void copies(Input& in) {
        const std::size_t count = 4 * std::size_t{in.byte()};
        Decoded d = new_order(in);
        describe(d.order);
        const std::size_t before = std::strlen(g_call);
        std::snprintf(g_call + before, sizeof g_call - before, " x %zu", count);
        bool any_ok = false;
        for (std::size_t i = 0; i < count; ++i) {
            d.order.client_id = next_copy_id_++;
            events_.clear();
            const int32_t rc = submit(d);
            check_events(rc, d.expected != SGX_OK, d.order.client_id);
            if (rc == SGX_OK) {
                owner_of_[d.order.client_id] = OwnerMode{d.order.owner, d.order.stp};
                any_ok = true;
            }
            check_owners();
            apply();
        }
        if (g_trace) std::fprintf(stderr, "step %zu copies %s: %s accepted\n", g_step, g_call, any_ok ? "some" : "none");
        last_stats_ = stats();  // the counters moved; check_stats() resumes from here
        // None accepted: the books are as they were.
        compare_books(any_ok ? SGX_OK : SGX_ERR_INTERNAL);
    }

    // ---- the oracle ----

    // After an integer call: the event rules that need no book.
    void after(int32_t rc, bool record_refused, std::optional<std::uint64_t> named_id) {
        trace(rc);
        check_events(rc, record_refused, named_id);
        check_stats(rc);
        if (rc == SGX_OK) check_owners();
    }

    void check_events(int32_t rc, bool record_refused, std::optional<std::uint64_t> named_id) {
        for (const sgx_order_event& e : events_) check_fields(e);
        if (rc != SGX_OK) {
            if (record_refused) {
                check_u("events of a record refused before the engine", 0, events_.size());
                return;
            }
            check_u("events of a refused call", 1, events_.size());
            check_u("kind of a refused call's event", SGX_EVENT_REJECTED, events_[0].kind);
            check_i("REJECTED status (the call's)", rc, events_[0].status);
            if (named_id) check_u("REJECTED order_id (as the call named it)", *named_id, events_[0].order_id);
            return;
        }
        for (const sgx_order_event& e : events_) check(e.kind != SGX_EVENT_REJECTED, "an OK call emits no REJECTED");
    }

    // The fields each kind does not use are 0; codes are in range.
    static void check_fields(const sgx_order_event& e) {
        check(e.kind <= SGX_EVENT_REJECTED, "an event's kind is SGX_EVENT_*");
        check_u("event reserved", 0, e.reserved);
        if (e.kind == SGX_EVENT_REJECTED) {
            check(e.status < 0, "a REJECTED event carries an error status");
            return;
        }
        check(e.side <= SGX_SIDE_SELL, "an event's side is buy or sell");
        check_i("status of an event other than REJECTED", 0, e.status);
        if (e.kind != SGX_EVENT_CANCELLED) check_u("reason of an event other than CANCELLED", 0, e.reason);
        if (e.kind != SGX_EVENT_TRADE) {
            check_i("maker_remaining of an event other than TRADE", 0, e.maker_remaining);
            check_u("maker_done of an event other than TRADE", 0, e.maker_done);
        }
        if (e.kind != SGX_EVENT_TRADE && !(e.kind == SGX_EVENT_CANCELLED && e.reason == SGX_CANCEL_SELF_TRADE))
            check_u("maker_id of an event other than TRADE or a SELF_TRADE CANCELLED", 0, e.maker_id);
        if (e.kind == SGX_EVENT_TRADE || e.kind == SGX_EVENT_CANCELLED) check(e.lots > 0, "TRADE and CANCELLED move lots");
        if (e.kind == SGX_EVENT_TRADE) check(e.maker_done <= 1, "maker_done is 0 or 1");
        if (e.kind == SGX_EVENT_CANCELLED)
            check(e.reason >= SGX_CANCEL_USER && e.reason <= SGX_CANCEL_SELF_TRADE, "a CANCELLED event has a reason");
        if (e.kind == SGX_EVENT_ACCEPTED || e.kind == SGX_EVENT_REPLACED)
            check_i("remaining of ACCEPTED or REPLACED (its lots)", e.lots, e.remaining);
    }

    std::uint8_t effective_mode(std::uint64_t id) const {
        const OwnerMode& m = owner_mode(id);
        return m.stp == SGX_STP_DEFAULT ? engine_mode_ : m.stp;
    }

    const OwnerMode& owner_mode(std::uint64_t id) const {
        auto it = owner_of_.find(id);
        check(it != owner_of_.end(), "an event names an order some call placed");
        return it->second;
    }

    // Self-trade prevention: no trade between two orders of one owner unless
    // the taker allows it; a SELF_TRADE cancel pairs two orders of one owner
    // and takes lots from the side the taker's mode names.
    void check_owners() const {
        std::uint64_t taker = 0;
        for (const sgx_order_event& e : events_) {
            if (e.kind == SGX_EVENT_ACCEPTED || e.kind == SGX_EVENT_REPLACED) taker = e.order_id;
            if (e.kind == SGX_EVENT_TRADE) {
                const std::uint64_t owner = owner_mode(e.order_id).owner;
                if (owner != 0 && owner == owner_mode(e.maker_id).owner)
                    check_u("effective mode of a taker trading with its own owner's order", SGX_STP_ALLOW,
                            effective_mode(e.order_id));
            }
            if (e.kind == SGX_EVENT_CANCELLED && e.reason == SGX_CANCEL_SELF_TRADE) {
                const std::uint64_t owner = owner_mode(e.order_id).owner;
                check(owner != 0, "a SELF_TRADE cancel names an order with an owner");
                check_u("owner of a SELF_TRADE cancel's other order", owner, owner_mode(e.maker_id).owner);
                check(taker != 0 && (e.order_id == taker || e.maker_id == taker), "a SELF_TRADE cancel involves the taker");
                const std::uint8_t mode = effective_mode(taker);
                check(mode != SGX_STP_ALLOW, "an ALLOW taker causes no SELF_TRADE cancel");
                if (e.order_id == taker) {
                    check(mode != SGX_STP_CANCEL_OLDEST, "CANCEL_OLDEST never cancels the taker");
                    if (mode != SGX_STP_DECREMENT_AND_CANCEL) check_i("the taker's remaining after SELF_TRADE", 0, e.remaining);
                } else {
                    check(mode != SGX_STP_CANCEL_NEWEST, "CANCEL_NEWEST never cancels a resting order");
                    if (mode != SGX_STP_DECREMENT_AND_CANCEL) check_i("a maker's remaining after SELF_TRADE", 0, e.remaining);
                }
            }
        }
    }

    // cancel_all and cancel_owner: one CANCELLED (USER) per order named, in order.
    void check_cancelled(const std::vector<std::uint64_t>& want) const {
        check_u("CANCELLED events (the orders to cancel)", want.size(), events_.size());
        for (std::size_t i = 0; i < want.size(); ++i) {
            check_u("CANCELLED kind", SGX_EVENT_CANCELLED, events_[i].kind);
            check_u("CANCELLED reason", SGX_CANCEL_USER, events_[i].reason);
            check_u("CANCELLED order_id (in the documented order)", want[i], events_[i].order_id);
        }
    }

    // The resting orders of `symbol` (or of every symbol, ascending) of
    // `owner` (0: any), bids best first then asks best first, oldest first
    // within a level: what cancel_all and cancel_owner cancel, in order.
    std::vector<std::uint64_t> resting_in_cancel_order(std::optional<std::uint32_t> symbol, std::uint64_t owner) const {
        std::vector<std::uint64_t> out;
        shadow_.each_resting(symbol, [&](std::uint64_t id) {
            if (owner == 0 || owner_mode(id).owner == owner) out.push_back(id);
        });
        return out;
    }

    // Statistics: a refused call changes none but invalid_requests, which
    // grows by one exactly for the invalid-argument group.
    void check_stats(int32_t rc) {
        const sgx_engine_stats now = stats();
        check_u("invalid_requests growth", invalid_argument(rc) ? 1 : 0,
                now.invalid_requests - last_stats_.invalid_requests);
        if (rc != SGX_OK) {
            check_u("orders_processed after a refused call", last_stats_.orders_processed, now.orders_processed);
            check_u("fills after a refused call", last_stats_.fills, now.fills);
            check_u("volume_lots after a refused call", last_stats_.volume_lots, now.volume_lots);
            check_u("rejects after a refused call", last_stats_.rejects, now.rejects);
            check_u("cancels after a refused call", last_stats_.cancels, now.cancels);
            check_u("amends after a refused call", last_stats_.amends, now.amends);
            check_u("resting_orders after a refused call", last_stats_.resting_orders, now.resting_orders);
        }
        last_stats_ = now;
    }

    sgx_engine_stats stats() const {
        sgx_engine_stats s = SGX_ENGINE_STATS_INIT;
        if (sgx_engine_get_stats(&s, engine_) != SGX_OK) fail("sgx_engine_get_stats failed");
        return s;
    }

    // The current call's events, into the shadow (which checks them).
    void apply() {
        std::vector<OrderEvent> events;
        events.reserve(events_.size());
        for (const sgx_order_event& c : events_) {
            OrderEvent e;
            e.order_id = c.order_id, e.maker_id = c.maker_id, e.price = c.price, e.lots = c.lots;
            e.remaining = c.remaining, e.maker_remaining = c.maker_remaining, e.symbol = c.symbol;
            e.status = static_cast<sigmax::Status>(c.status);
            e.kind = static_cast<OrderEventKind>(c.kind);
            e.side = static_cast<Side>(c.side);
            e.reason = static_cast<CancelReason>(c.reason);
            e.maker_done = c.maker_done != 0;
            events.push_back(e);
        }
        shadow_.apply(events);
    }

    void apply_and_compare(int32_t rc) {
        apply();
        compare_books(rc);
    }

    // The engine's books are the shadow's; a refused call left them as they were.
    void compare_books(int32_t rc) {
        // The shadow's levels, read once per step: the snapshot's room and
        // every comparison use them.
        std::vector<std::vector<shadow::Level>> bids, asks;
        for (std::uint32_t symbol : kSymbols) {
            bids.push_back(shadow_.levels(symbol, Side::Buy));
            asks.push_back(shadow_.levels(symbol, Side::Sell));
        }
        Snapshot now = snapshot(bids, asks);
        if (rc != SGX_OK) {
            for (std::size_t s = 0; s < std::size(kSymbols); ++s)
                check(same_levels(last_.bids[s], now.bids[s]) && same_levels(last_.asks[s], now.asks[s]) &&
                          same_levels(last_.bid_ticks[s], now.bid_ticks[s]) &&
                          same_levels(last_.ask_ticks[s], now.ask_ticks[s]),
                      "a refused call leaves every book as it was");
        }
        for (std::size_t s = 0; s < std::size(kSymbols); ++s) {
            compare_side(kSymbols[s], Side::Buy, bids[s], now.bids[s], now.bid_ticks[s]);
            compare_side(kSymbols[s], Side::Sell, asks[s], now.asks[s], now.ask_ticks[s]);
            compare_top(kSymbols[s], bids[s], asks[s]);
            if (!now.bid_ticks[s].empty() && !now.ask_ticks[s].empty())
                check(now.bid_ticks[s][0].price < now.ask_ticks[s][0].price, "the book is not crossed");
        }
        check_u("resting_orders (the shadow's orders)", shadow_.orders().size(), now.stats.resting_orders);
        last_ = std::move(now);
    }

    // One side of a symbol: the shadow's levels are depth_ticks' exactly,
    // and sgx_engine_depth's as doubles (tick 1, lot 1).
    void compare_side(std::uint32_t symbol, Side side, const std::vector<shadow::Level>& want,
                      const std::vector<sgx_level>& got, const std::vector<sgx_level_ticks>& got_ticks) const {
        const char* name = side == Side::Buy ? "bid" : "ask";
        char what[96];
        std::snprintf(what, sizeof what, "depth_ticks levels of symbol %" PRIu32 " %ss", symbol, name);
        check_u(what, want.size(), got_ticks.size());
        std::snprintf(what, sizeof what, "depth levels of symbol %" PRIu32 " %ss", symbol, name);
        check_u(what, want.size(), got.size());
        for (std::size_t i = 0; i < want.size(); ++i) {
            std::snprintf(what, sizeof what, "symbol %" PRIu32 " %s level %zu price (ticks)", symbol, name, i);
            check_i(what, want[i].price, got_ticks[i].price);
            std::snprintf(what, sizeof what, "symbol %" PRIu32 " %s level %zu lots", symbol, name, i);
            check_i(what, want[i].lots, got_ticks[i].lots);
            std::snprintf(what, sizeof what, "symbol %" PRIu32 " %s level %zu orders (ticks)", symbol, name, i);
            check_u(what, want[i].orders, got_ticks[i].order_count);
            std::snprintf(what, sizeof what, "symbol %" PRIu32 " %s level %zu price (double)", symbol, name, i);
            check_d(what, static_cast<double>(want[i].price), got[i].price);
            std::snprintf(what, sizeof what, "symbol %" PRIu32 " %s level %zu quantity (double)", symbol, name, i);
            check_d(what, static_cast<double>(want[i].lots), got[i].quantity);
            std::snprintf(what, sizeof what, "symbol %" PRIu32 " %s level %zu orders (double)", symbol, name, i);
            check_u(what, want[i].orders, got[i].order_count);
        }
    }

    // top_ticks: each side's best level, or its flag 0 and zeros.
    void compare_top(std::uint32_t symbol, const std::vector<shadow::Level>& bids,
                     const std::vector<shadow::Level>& asks) const {
        sgx_top_ticks top;
        std::memset(&top, 0xa5, sizeof top);
        if (sgx_engine_top_ticks(&top, engine_, symbol) != SGX_OK) fail("sgx_engine_top_ticks failed");
        const shadow::Level none{0, 0, 0};
        const shadow::Level& bid = bids.empty() ? none : bids[0];
        const shadow::Level& ask = asks.empty() ? none : asks[0];
        check_u("top_ticks has_bid", !bids.empty(), top.has_bid);
        check_i("top_ticks bid_price", bid.price, top.bid_price);
        check_i("top_ticks bid_lots", bid.lots, top.bid_lots);
        check_u("top_ticks bid_orders", bid.orders, top.bid_orders);
        check_u("top_ticks has_ask", !asks.empty(), top.has_ask);
        check_i("top_ticks ask_price", ask.price, top.ask_price);
        check_i("top_ticks ask_lots", ask.lots, top.ask_lots);
        check_u("top_ticks ask_orders", ask.orders, top.ask_orders);
        for (std::uint8_t b : top.reserved) check_u("top_ticks reserved", 0, b);
    }

    // Every level of every symbol (room for one more level per side than the
    // shadow has, so that an extra one shows) and the statistics.
    Snapshot snapshot(const std::vector<std::vector<shadow::Level>>& want_bids,
                      const std::vector<std::vector<shadow::Level>>& want_asks) const {
        Snapshot s;
        for (std::size_t k = 0; k < std::size(kSymbols); ++k) {
            const std::uint32_t symbol = kSymbols[k];
            const std::size_t room = 1 + std::max(want_bids[k].size(), want_asks[k].size());
            std::vector<sgx_level> bids(room), asks(room);
            std::size_t nb = 0, na = 0;
            if (sgx_engine_depth(bids.data(), &nb, asks.data(), &na, engine_, symbol, room) != SGX_OK)
                fail("sgx_engine_depth failed");
            bids.resize(nb);
            asks.resize(na);
            s.bids.push_back(std::move(bids));
            s.asks.push_back(std::move(asks));
            for (const std::uint8_t side : {std::uint8_t{SGX_SIDE_BUY}, std::uint8_t{SGX_SIDE_SELL}}) {
                std::vector<sgx_level_ticks> levels(room);
                std::size_t n = 0;
                if (sgx_engine_depth_ticks(levels.data(), room, &n, engine_, symbol, side) != SGX_OK)
                    fail("sgx_engine_depth_ticks failed");
                levels.resize(n);
                (side == SGX_SIDE_BUY ? s.bid_ticks : s.ask_ticks).push_back(std::move(levels));
            }
        }
        s.stats = stats();
        return s;
    }

    // At the end: order_ticks and order_info of every resting order are
    // the shadow's, queue place included.
    void check_order_info() const {
        for (const auto& [id, o] : shadow_.orders()) {
            std::snprintf(g_call, sizeof g_call, "id %" PRIu64, id);
            sgx_order_ticks t;
            std::memset(&t, 0xa5, sizeof t);
            check_i("order_ticks status of a resting order", SGX_OK, sgx_engine_order_ticks(&t, engine_, id));
            const shadow::ShadowBook::QueuePlace place = shadow_.queue_place(id);
            check_u("order_ticks order_id", id, t.order_id);
            check_u("order_ticks symbol", o.symbol, t.symbol);
            check_u("order_ticks side", static_cast<std::uint64_t>(o.side), t.side);
            check_i("order_ticks price", o.price, t.price);
            check_i("order_ticks open_lots", o.open, t.open_lots);
            check_i("order_ticks filled_lots", o.filled, t.filled_lots);
            check_i("order_ticks lots_ahead", place.lots_ahead, t.lots_ahead);
            check_u("order_ticks orders_ahead", place.orders_ahead, t.orders_ahead);
            sgx_order_info info{};
            check_i("order_info status of a resting order", SGX_OK, sgx_engine_order_info(&info, engine_, id));
            check_u("order_info symbol", o.symbol, info.symbol);
            check_u("order_info side", static_cast<std::uint64_t>(o.side), info.side);
            check_d("order_info price", static_cast<double>(o.price), info.price);
            check_d("order_info remaining_quantity", static_cast<double>(o.open), info.remaining_quantity);
            check_d("order_info executed_quantity", static_cast<double>(o.filled), info.executed_quantity);
        }
    }

    sgx_engine* engine_;
    std::uint8_t engine_mode_;  // the effective mode of an order whose stp is DEFAULT
    shadow::ShadowBook shadow_;
    std::vector<sgx_order_event> events_;  // the current call's
    std::unordered_map<std::uint64_t, OwnerMode> owner_of_;  // by id, from the last OK call that placed it
    std::uint64_t last_double_id_ = 0;
    std::uint64_t next_copy_id_ = 1000;
    sgx_engine_stats last_stats_ = stats();
    Snapshot last_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Input in(data, size);
    const std::uint8_t setup = in.byte();
    sgx_engine_config cfg = SGX_ENGINE_CONFIG_INIT;
    cfg.flags = SGX_ENGINE_NO_TIMESTAMPS;
    cfg.order_capacity = 16;  // small, so that the pool grows past its reserve
    cfg.fill_capacity = 16;   // the double API's orders never trade here
    cfg.max_symbols = kMaxSymbols[(setup >> 3) & 3];
    cfg.self_trade = setup & 7;
    g_step = 0;
    g_op = "create";
    g_call[0] = '\0';
    sgx_engine* engine = nullptr;
    const int32_t rc = sgx_engine_create(&engine, &cfg);
    if (cfg.self_trade > SGX_STP_DECREMENT_AND_CANCEL) {
        check_i("sgx_engine_create with a bad self_trade", SGX_ERR_INVALID_STP, rc);
        check(engine == nullptr, "a refused sgx_engine_create gives no engine");
        return 0;
    }
    check_i("sgx_engine_create", SGX_OK, rc);
    // Tick 1 and lot 1, so that depth's doubles are ticks and lots; past
    // max_symbols the later symbols get no book.
    for (std::size_t i = 0; i < std::size(kSymbols); ++i) {
        const int32_t c = sgx_engine_configure_symbol(engine, kSymbols[i], 1.0, 1.0);
        check_i("configure_symbol", i < cfg.max_symbols ? SGX_OK : SGX_ERR_TOO_MANY_SYMBOLS, c);
    }
    {
        Driver driver(engine, static_cast<std::uint8_t>(cfg.self_trade));
        driver.run(in);
    }
    sgx_engine_destroy(engine);
    return 0;
}
