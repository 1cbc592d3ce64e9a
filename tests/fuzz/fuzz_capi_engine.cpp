// libFuzzer target: a stream of C ABI calls on one sgx_engine, each checked
// against a reference model of the documented rules (reference_engine.hpp):
// every status, every report field, every fill, and after every operation
// the statistics, the pending fill count, and the top of book and depth of
// every symbol. Any difference prints the operation and both values, then
// traps. Doubles are compared bit for bit.
//
// Input layout (tests/fuzz/make_engine_seeds.py writes the seed corpus):
//   byte 0: bit 0 set = timestamps on (then only latency_count is checked);
//           bits 1-2 pick fill_capacity from kFillCapacities,
//           bits 3-4 max_symbols from kMaxSymbols.
//   then operations until the input ends: an opcode byte (op % kOps) and
//   its operands; a missing operand byte reads as 0.
// An order is 3 bytes (more for the rare malformed or raw-double forms):
//   b0: bits 0-1 symbol slot (kSymbols), bit 2 side, bit 3 market,
//       bits 4-5 tif, bit 6 malformed (one more byte says how);
//   price byte, quantity byte: see price() and quantity().
#include <bit>
#include <cinttypes>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

#include "reference_engine.hpp"
#include "sigmax_exec.h"

namespace {

enum Op : std::uint8_t {
    kConfigure,
    kExecute,
    kBatch,
    kCancel,
    kAmend,
    kOrderInfo,
    kTop,
    kDepth,
    kDrain,
    kResetStats,
    kCopies,
    kBadCall,
    kOps
};
const char* const kOpNames[kOps] = {"configure_symbol", "execute", "execute_batch", "cancel",
                                    "amend",  "order_info", "top_of_book", "depth", "drain_fills",
                                    "reset_stats", "copies", "bad_call"};

// Orders use the first four; queries also the fifth, which nothing trades.
// 5000 and 123456 are past the engine's directly indexed symbols.
constexpr std::uint32_t kSymbols[5] = {0, 1, 7, 5000, 123456};
// Small enough to reach FILLS_FULL; the largest is also small because the
// engine allocates its fill ring (up to 4,096 fills) at creation, and
// creating an engine per input would otherwise dominate the run time.
constexpr std::uint64_t kFillCapacities[4] = {0, 3, 16, 256};
// The default, and bounds the five symbol slots can pass (TOO_MANY_SYMBOLS).
constexpr std::uint64_t kMaxSymbols[4] = {SGX_DEFAULT_MAX_SYMBOLS, 1, 2, 4};
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kTicks[10] = {1e-8, 0.01, 0.5, 1.0, 0.1, 0.25, 0.0, kNaN, -1.0, kInf};
constexpr double kLots[10] = {1e-8, 1.0, 0.1, 0.001, 0.5, 2.0, 0.0, kNaN, -2.0, -kInf};
constexpr double k2p53 = 9007199254740992.0;
constexpr double k2p52 = 4503599627370496.0;

class Input {
public:
    Input(const std::uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}
    bool done() const { return p_ == end_; }
    std::uint8_t byte() { return p_ == end_ ? 0 : *p_++; }
    double raw_double() {
        std::uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits |= std::uint64_t{byte()} << (8 * i);
        return std::bit_cast<double>(bits);
    }

private:
    const std::uint8_t* p_;
    const std::uint8_t* end_;
};

// The step being checked, for the failure message.
std::size_t g_step = 0;
const char* g_op = "";

[[noreturn]] void fail(const char* what, const char* expected, const char* actual) {
    std::fprintf(stderr, "fuzz_capi_engine: step %zu (%s): %s: expected %s, engine gave %s\n", g_step, g_op, what,
                 expected, actual);
    __builtin_trap();
}

void check_u(const char* what, std::uint64_t expected, std::uint64_t actual) {
    if (expected == actual) return;
    char e[32], a[32];
    std::snprintf(e, sizeof e, "%" PRIu64, expected);
    std::snprintf(a, sizeof a, "%" PRIu64, actual);
    fail(what, e, a);
}

void check_i(const char* what, std::int64_t expected, std::int64_t actual) {
    if (expected == actual) return;
    char e[32], a[32];
    std::snprintf(e, sizeof e, "%" PRId64, expected);
    std::snprintf(a, sizeof a, "%" PRId64, actual);
    fail(what, e, a);
}

// SGX_FUZZ_TRACE=1 prints every call's status: what a seed exercises.
const bool g_trace = std::getenv("SGX_FUZZ_TRACE") != nullptr;

void check_status(const char* what, int32_t expected, int32_t actual) {
    if (g_trace) std::fprintf(stderr, "step %zu %s: %s\n", g_step, what, sgx_status_name(actual));
    if (expected != actual) fail(what, sgx_status_name(expected), sgx_status_name(actual));
}

void check_d(const char* what, double expected, double actual) {
    if (std::bit_cast<std::uint64_t>(expected) == std::bit_cast<std::uint64_t>(actual)) return;
    char e[40], a[40];
    std::snprintf(e, sizeof e, "%.17g", expected);
    std::snprintf(a, sizeof a, "%.17g", actual);
    fail(what, e, a);
}

void check_report(const sgx_report& e, const sgx_report& a, bool timestamps) {
    check_u("report.order_id", e.order_id, a.order_id);
    if (!timestamps) check_u("report.latency_ns", 0, a.latency_ns);
    check_d("report.executed_price", e.executed_price, a.executed_price);
    check_d("report.executed_quantity", e.executed_quantity, a.executed_quantity);
    check_d("report.remaining_quantity", e.remaining_quantity, a.remaining_quantity);
    check_d("report.slippage", e.slippage, a.slippage);
    check_u("report.symbol", e.symbol, a.symbol);
    check_u("report.fill_count", e.fill_count, a.fill_count);
    check_u("report.status", e.status, a.status);
    check_u("report.side", e.side, a.side);
}

void check_zero_report(const sgx_report& a) {
    static const sgx_report zero{};
    if (std::memcmp(&zero, &a, sizeof a) != 0) fail("report past the executed ones", "zero bytes", "non-zero bytes");
}

void check_fill(const sgx_fill& e, const sgx_fill& a) {
    check_u("fill.trade_id", e.trade_id, a.trade_id);
    check_u("fill.maker_order_id", e.maker_order_id, a.maker_order_id);
    check_u("fill.taker_order_id", e.taker_order_id, a.taker_order_id);
    check_i("fill.price_ticks", e.price_ticks, a.price_ticks);
    check_i("fill.quantity_lots", e.quantity_lots, a.quantity_lots);
    check_d("fill.price", e.price, a.price);
    check_d("fill.quantity", e.quantity, a.quantity);
    check_u("fill.symbol", e.symbol, a.symbol);
    check_u("fill.aggressor_side", e.aggressor_side, a.aggressor_side);
}

void check_top(const sgx_top_of_book& e, const sgx_top_of_book& a) {
    check_u("top.has_bid", e.has_bid, a.has_bid);
    check_u("top.has_ask", e.has_ask, a.has_ask);
    check_d("top.bid_price", e.bid_price, a.bid_price);
    check_d("top.bid_quantity", e.bid_quantity, a.bid_quantity);
    check_d("top.ask_price", e.ask_price, a.ask_price);
    check_d("top.ask_quantity", e.ask_quantity, a.ask_quantity);
}

void check_level(const sgx_level& e, const sgx_level& a) {
    check_d("level.price", e.price, a.price);
    check_d("level.quantity", e.quantity, a.quantity);
    check_u("level.order_count", e.order_count, a.order_count);
}

class Driver {
public:
    Driver(sgx_engine* engine, fuzzref::Engine& model, bool timestamps)
        : engine_(engine), model_(model), timestamps_(timestamps) {}

    void run(Input& in) {
        while (!in.done()) {
            ++g_step;
            const auto op = static_cast<Op>(in.byte() % kOps);
            g_op = kOpNames[op];
            step(op, in);
            check_state();
        }
        g_op = "final state";
        check_all_orders();
        drain_and_check(std::numeric_limits<std::size_t>::max());
    }

private:
    // Prices: kinds 0-4 (bits 5-7 of the byte) a whole number of ticks near
    // 100 (92..107, so orders cross often); 5 off-tick; 6 a bad or extreme
    // value from a table; 7 the next 8 bytes as a double.
    double price(Input& in, double tick) {
        const std::uint8_t b = in.byte();
        const unsigned kind = b >> 5, v = b & 31;
        if (kind <= 4) return static_cast<double>(92 + (v & 15)) * tick;
        if (kind == 5) return (static_cast<double>(92 + (v & 15)) + (v & 16 ? 0.5 : 0.3)) * tick;
        if (kind == 6) {
            const double table[16] = {0.0,        -0.0,         -1.0 * tick, kNaN, kInf, -kInf,
                                      5e-324,     1.7976931348623157e308, k2p53 * tick, (k2p53 + 2.0) * tick,
                                      2 * k2p53 * tick, 0.4 * tick, (k2p52 + 0.5) * tick, 1e-9 * tick,
                                      (k2p52 - 1.0) * tick, 1.0};
            return table[v & 15];
        }
        return in.raw_double();
    }

    // Quantities: kinds 0-4 1..32 lots; 5 large (2^53 lots and around it,
    // to reach the order and level bounds); 6 bad or off-lot; 7 raw double.
    double quantity(Input& in, double lot) {
        const std::uint8_t b = in.byte();
        const unsigned kind = b >> 5, v = b & 31;
        if (kind <= 4) return static_cast<double>(1 + v) * lot;
        if (kind == 5) {
            const double table[8] = {k2p53, k2p53 - 1.0, k2p52, k2p53 - 4096.0, k2p53 + 2.0, k2p52 + 1.0,
                                     k2p53 / 2.0, 1099511627776.0};  // 2^40
            return table[v & 7] * lot;
        }
        if (kind == 6) {
            const double table[8] = {0.0, -0.0, -lot, kNaN, kInf, 0.5 * lot, 1.25 * lot, 0.4 * lot};
            return table[v & 7];
        }
        return in.raw_double();
    }

    // An order; its price and quantity are scaled by the symbol's current tick and lot.
    sgx_order order(Input& in) {
        const std::uint8_t b = in.byte();
        sgx_order o = SGX_ORDER_INIT;
        o.symbol = kSymbols[b & 3];
        o.side = (b >> 2) & 1;
        o.type = (b >> 3) & 1;
        o.tif = (b >> 4) & 3;
        if (b & 0x40) {
            const std::uint8_t m = in.byte();
            switch (m % 8) {
                case 0: o.side = static_cast<std::uint8_t>(2 + (m >> 3)); break;
                case 1: o.type = static_cast<std::uint8_t>(2 + (m >> 3)); break;
                case 2: o.tif = static_cast<std::uint8_t>(4 + (m >> 3)); break;
                case 3: o.type = SGX_TYPE_MARKET, o.tif = SGX_TIF_POST_ONLY; break;
                case 4: o.struct_size = m >> 3; break;
                case 5: o.reserved[(m >> 3) % 5] = static_cast<std::uint8_t>(1 + (m >> 3)); break;
                default: break;  // a plain order after all
            }
        }
        const fuzzref::Scale s = model_.scale_of(o.symbol);
        o.price = price(in, s.tick);
        o.quantity = quantity(in, s.lot);
        return o;
    }

    // An order id: recent ones, resting ones, and a few that never rest.
    std::uint64_t order_id(Input& in) {
        const std::uint8_t b = in.byte();
        const unsigned kind = b >> 6, v = b & 63;
        const auto& orders = model_.orders();
        if (kind == 0) return model_.next_order_id() - 1 - v;
        if ((kind == 1 || kind == 2) && !orders.empty()) {
            auto it = orders.begin();
            std::advance(it, v % orders.size());
            return it->first;
        }
        const std::uint64_t special[4] = {0, std::numeric_limits<std::uint64_t>::max(), model_.next_order_id(),
                                          std::uint64_t{1} << 63};
        return special[v & 3];
    }

    void execute_one(const sgx_order& o) {
        sgx_report expected{}, actual{};
        const int32_t rc_e = model_.execute(expected, o);
        const int32_t rc_a = sgx_engine_execute(&actual, engine_, &o);
        check_status("execute status", rc_e, rc_a);
        if (rc_e == SGX_OK) check_report(expected, actual, timestamps_);
    }

    void step(Op op, Input& in) {
        switch (op) {
            case kConfigure: {
                const std::uint32_t symbol = kSymbols[in.byte() % 5];
                const double tick = kTicks[in.byte() % 10], lot = kLots[in.byte() % 10];
                check_status("configure status", model_.configure(symbol, tick, lot),
                             sgx_engine_configure_symbol(engine_, symbol, tick, lot));
                break;
            }
            case kExecute: execute_one(order(in)); break;
            case kBatch: {
                const std::size_t n = in.byte() % 9;
                std::vector<sgx_order> orders;
                for (std::size_t i = 0; i < n; ++i) orders.push_back(order(in));
                std::vector<sgx_report> expected(n), actual(n);
                // Garbage in the output array: the engine must overwrite or zero all of it.
                if (n > 0) std::memset(static_cast<void*>(actual.data()), 0xa5, n * sizeof(sgx_report));
                std::size_t count_e = 0, count_a = 99;
                const int32_t rc_e = model_.execute_batch(expected.data(), count_e, orders.data(), n);
                const int32_t rc_a = sgx_engine_execute_batch(actual.data(), &count_a, engine_, orders.data(), n);
                check_status("batch status", rc_e, rc_a);
                check_u("batch count", count_e, count_a);
                // A batch stopped by a capacity status ran the orders before it.
                const bool stopped = rc_e == SGX_ERR_FILLS_FULL || rc_e == SGX_ERR_LEVEL_FULL ||
                                     rc_e == SGX_ERR_TOO_MANY_SYMBOLS;
                const std::size_t executed = rc_e == SGX_OK ? n : stopped ? count_e : 0;
                for (std::size_t i = 0; i < n; ++i) {
                    if (i < executed) check_report(expected[i], actual[i], timestamps_);
                    else check_zero_report(actual[i]);
                }
                break;
            }
            case kCancel: {
                const std::uint64_t id = order_id(in);
                check_status("cancel status", model_.cancel(id), sgx_engine_cancel(engine_, id));
                break;
            }
            case kAmend: {
                const std::uint64_t id = order_id(in);
                auto it = model_.orders().find(id);
                const double lot = it == model_.orders().end() ? 1.0 : model_.scale_of(it->second.symbol).lot;
                const double q = quantity(in, lot);
                check_status("amend status", model_.amend(id, q), sgx_engine_amend(engine_, id, q));
                break;
            }
            case kOrderInfo: check_order_info(order_id(in)); break;
            case kTop: {
                // check_state() compares the symbols orders use after every
                // step; this asks about any id (no book: an empty one).
                const std::uint32_t symbol = std::uint32_t{in.byte()} * 4099u;
                sgx_top_of_book e = model_.top(symbol), a;
                std::memset(&a, 0xa5, sizeof a);
                check_status("top_of_book status", SGX_OK, sgx_engine_top_of_book(&a, engine_, symbol));
                check_top(e, a);
                break;
            }
            case kDepth: {
                const std::size_t choices[5] = {0, 1, 2, 5, std::numeric_limits<std::size_t>::max()};
                check_depth(kSymbols[in.byte() % 5], choices[in.byte() % 5]);
                break;
            }
            case kDrain: {
                const std::size_t choices[6] = {0, 1, 2, 3, 8, std::numeric_limits<std::size_t>::max()};
                drain_and_check(choices[in.byte() % 6]);
                break;
            }
            case kResetStats:
                model_.reset_stats();
                check_status("reset_stats status", SGX_OK, sgx_engine_reset_stats(engine_));
                break;
            case kCopies: {
                // The same order n times, one call each: cheap deep levels
                // (513 orders of 2^53 lots pass a level's 2^62 bound).
                const std::size_t n = 1 + std::size_t{in.byte()} * 3;
                const sgx_order o = order(in);
                for (std::size_t i = 0; i < n; ++i) execute_one(o);
                break;
            }
            case kBadCall: bad_call(in.byte()); break;
            case kOps: break;
        }
    }

    // A NULL argument or a wrong struct_size: its status, counted in
    // invalid_requests (except get_stats), and nothing else changes.
    void bad_call(std::uint8_t which) {
        sgx_order o = SGX_ORDER_INIT;
        o.price = 100.0;
        o.quantity = 1.0;
        sgx_report r{};
        std::size_t count = 7, count2 = 7;
        sgx_level levels[2];
        switch (which % 12) {
            case 0:
                check_status("execute(NULL report)", model_.refuse(SGX_ERR_NULL_POINTER),
                             sgx_engine_execute(nullptr, engine_, &o));
                break;
            case 1:
                check_status("execute(NULL order)", model_.refuse(SGX_ERR_NULL_POINTER),
                             sgx_engine_execute(&r, engine_, nullptr));
                break;
            case 2:
                check_status("execute_batch(NULL reports)", model_.refuse(SGX_ERR_NULL_POINTER),
                             sgx_engine_execute_batch(nullptr, &count, engine_, &o, 1));
                check_u("execute_batch(NULL reports) count", 0, count);
                break;
            case 3:
                r.order_id = 5;
                check_status("execute_batch(NULL count)", model_.refuse(SGX_ERR_NULL_POINTER),
                             sgx_engine_execute_batch(&r, nullptr, engine_, &o, 1));
                check_zero_report(r);
                break;
            case 4: {
                sgx_order_info info;
                (void)info;
                check_status("order_info(NULL)", model_.refuse(SGX_ERR_NULL_POINTER),
                             sgx_engine_order_info(nullptr, engine_, 1));
                break;
            }
            case 5:
                check_status("top_of_book(NULL)", model_.refuse(SGX_ERR_NULL_POINTER),
                             sgx_engine_top_of_book(nullptr, engine_, 0));
                break;
            case 6:
                check_status("depth(NULL arrays)", model_.refuse(SGX_ERR_NULL_POINTER),
                             sgx_engine_depth(nullptr, &count, levels, &count2, engine_, 0, 2));
                check_u("depth(NULL arrays) bid count", 0, count);
                check_u("depth(NULL arrays) ask count", 0, count2);
                break;
            case 7:
                check_status("drain_fills(NULL)", model_.refuse(SGX_ERR_NULL_POINTER),
                             sgx_engine_drain_fills(nullptr, &count, engine_, 4));
                check_u("drain_fills(NULL) count", 0, count);
                break;
            case 8:
                check_status("pending_fills(NULL)", model_.refuse(SGX_ERR_NULL_POINTER),
                             sgx_engine_pending_fills(nullptr, engine_));
                break;
            case 9: {
                sgx_engine_stats st = SGX_ENGINE_STATS_INIT;
                st.struct_size = 8;
                check_status("get_stats(bad struct_size)", SGX_ERR_STRUCT_SIZE, sgx_engine_get_stats(&st, engine_));
                break;
            }
            case 10:
                // Nothing to do is no error: count 0 with NULL arrays.
                check_status("execute_batch(0 orders, NULL)", SGX_OK,
                             sgx_engine_execute_batch(nullptr, &count, engine_, nullptr, 0));
                check_u("execute_batch(0 orders) count", 0, count);
                break;
            default:
                check_status("depth(0 levels, NULL)", SGX_OK,
                             sgx_engine_depth(nullptr, &count, nullptr, &count2, engine_, 0, 0));
                check_u("depth(0 levels) bid count", 0, count);
                check_u("depth(0 levels) ask count", 0, count2);
                break;
        }
    }

    void check_order_info(std::uint64_t id) {
        sgx_order_info e{}, a{};
        const int32_t rc_e = model_.order_info(e, id);
        check_status("order_info status", rc_e, sgx_engine_order_info(&a, engine_, id));
        if (rc_e != SGX_OK) return;
        check_u("order_info.order_id", e.order_id, a.order_id);
        check_d("order_info.price", e.price, a.price);
        check_d("order_info.original_quantity", e.original_quantity, a.original_quantity);
        check_d("order_info.executed_quantity", e.executed_quantity, a.executed_quantity);
        check_d("order_info.remaining_quantity", e.remaining_quantity, a.remaining_quantity);
        check_u("order_info.symbol", e.symbol, a.symbol);
        check_u("order_info.side", e.side, a.side);
        check_u("order_info.status", e.status, a.status);
    }

    void check_depth(std::uint32_t symbol, std::size_t levels) {
        model_.depth(symbol, levels, bids_e_, asks_e_);
        // Room for what each side holds (the model knows), plus a guard entry that must stay untouched.
        bids_a_.assign(bids_e_.size() + 1, sgx_level{-1.0, -1.0, 99});
        asks_a_.assign(asks_e_.size() + 1, sgx_level{-1.0, -1.0, 99});
        std::size_t nb = 99, na = 99;
        check_status("depth status", SGX_OK,
                     sgx_engine_depth(bids_a_.data(), &nb, asks_a_.data(), &na, engine_, symbol, levels));
        check_u("depth bid count", bids_e_.size(), nb);
        check_u("depth ask count", asks_e_.size(), na);
        for (std::size_t i = 0; i < nb; ++i) check_level(bids_e_[i], bids_a_[i]);
        for (std::size_t i = 0; i < na; ++i) check_level(asks_e_[i], asks_a_[i]);
        check_u("depth guard entry (bids)", 99, bids_a_[nb].order_count);
        check_u("depth guard entry (asks)", 99, asks_a_[na].order_count);
    }

    void drain_and_check(std::size_t capacity) {
        model_.drain(capacity, fills_e_);
        // Room for one more than the model drains when the capacity allows it:
        // the engine must not hand out a fill the model does not have.
        const std::size_t room = capacity > fills_e_.size() ? fills_e_.size() + 1 : capacity;
        fills_a_.assign(room, sgx_fill{});
        std::size_t n = 99;
        check_status("drain_fills status", SGX_OK, sgx_engine_drain_fills(fills_a_.data(), &n, engine_, room));
        check_u("drain_fills count", fills_e_.size(), n);
        for (std::size_t i = 0; i < n; ++i) check_fill(fills_e_[i], fills_a_[i]);
    }

    void check_all_orders() {
        for (const auto& [id, o] : model_.orders()) check_order_info(id);
        // An id just past the last one never rests.
        check_order_info(model_.next_order_id());
    }

    void check_state() {
        sgx_engine_stats a = SGX_ENGINE_STATS_INIT;
        check_status("get_stats status", SGX_OK, sgx_engine_get_stats(&a, engine_));
        const sgx_engine_stats e = model_.stats();
        check_u("stats.orders_processed", e.orders_processed, a.orders_processed);
        check_u("stats.fills", e.fills, a.fills);
        check_u("stats.volume_lots", e.volume_lots, a.volume_lots);
        check_d("stats.volume", e.volume, a.volume);
        check_u("stats.rejects", e.rejects, a.rejects);
        check_u("stats.cancels", e.cancels, a.cancels);
        check_u("stats.amends", e.amends, a.amends);
        check_u("stats.invalid_requests", e.invalid_requests, a.invalid_requests);
        check_u("stats.resting_orders", e.resting_orders, a.resting_orders);
        check_u("stats.latency_count", e.latency_count, a.latency_count);
        std::size_t pending = 0;
        check_status("pending_fills status", SGX_OK, sgx_engine_pending_fills(&pending, engine_));
        check_u("pending_fills", model_.pending_fills(), pending);
        for (const std::uint32_t symbol : kSymbols) {
            sgx_top_of_book ta;
            std::memset(&ta, 0xa5, sizeof ta);
            check_status("top_of_book status", SGX_OK, sgx_engine_top_of_book(&ta, engine_, symbol));
            check_top(model_.top(symbol), ta);
            check_depth(symbol, std::numeric_limits<std::size_t>::max());
        }
    }

    sgx_engine* engine_;
    fuzzref::Engine& model_;
    bool timestamps_;
    std::vector<sgx_level> bids_e_, asks_e_, bids_a_, asks_a_;
    std::vector<sgx_fill> fills_e_, fills_a_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Input in(data, size);
    const std::uint8_t setup = in.byte();
    const bool timestamps = (setup & 1) != 0;
    sgx_engine_config cfg = SGX_ENGINE_CONFIG_INIT;
    cfg.flags = timestamps ? 0 : SGX_ENGINE_NO_TIMESTAMPS;
    cfg.order_capacity = 16;  // small, so that the pool grows past its reserve
    cfg.fill_capacity = kFillCapacities[(setup >> 1) & 3];
    cfg.max_symbols = kMaxSymbols[(setup >> 3) & 3];
    sgx_engine* engine = nullptr;
    if (sgx_engine_create(&engine, &cfg) != SGX_OK) __builtin_trap();
    fuzzref::Engine model(cfg.fill_capacity, cfg.max_symbols, timestamps);
    g_step = 0;
    g_op = "";
    Driver(engine, model, timestamps).run(in);
    sgx_engine_destroy(engine);
    return 0;
}
