// The engines of the exchange bench behind the driver's adapter interface
// (exchange_driver.hpp), each as an outside user writes it against today's
// API:
//
// sigmax (C++ API) and sigmax-capi (C ABI): the engine takes prices and
// quantities as doubles and numbers orders itself, so the adapter converts
// integer ticks and lots to doubles (symbol 0 has tick 1.0 and lot 1.0, so
// the conversion is exact) and keeps two tables: client id -> engine id (to
// cancel and modify) and engine id -> client id (to name a fill's maker).
// Both kinds of id are dense here (the workload numbers client ids 1, 2, 3
// ...; the engine numbers every order it executes the same way), so each
// table is a std::vector indexed by id, written once per order that rests
// and read once per cancel, modify and trade: the fastest such table, with
// no hashing and no probing (arbitrary client ids would need a hash table).
// A modify is a cancel and a new order under a new engine id (the engine's
// amend changes quantity only). Fills come from the engine's fill queue,
// taken after every order whose report says it traded. The engine runs
// without timestamps.
//
// sigmax-int (C++) and sigmax-int-capi (C ABI): the integer order entry,
// ticks and lots as they are, the client's ids as the engine's, each call's
// events turned into reports as they come: no tables, no fill queue.
// sigmax-int-capi-batch: the same through the C ABI's request batch, 64
// messages per sgx_engine_apply call.
//
// baseline-stdmap: the textbook book (exchange_baseline.hpp) keyed by the
// client's ids and prices directly: no conversion, no tables.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "exchange_baseline.hpp"
#include "exchange_driver.hpp"
#include "sigmax/engine.hpp"
#include "sigmax/order_entry.hpp"
#include "sigmax_exec.h"

namespace sigmax::cli {

inline constexpr std::uint32_t kExchangeSymbol = 0;

// The C++ rows' engine: room for the workload's most resting orders from
// the start, no timestamps.
inline Engine::Config exchange_engine_config(const ExchangeWorkload& w) {
    Engine::Config c;
    c.order_capacity = static_cast<std::size_t>(w.max_resting) + 1024;
    c.timestamps = false;
    return c;
}

// Through sigmax::Engine, holding one Engine::Session for the whole run
// (one claim of the engine, fills taken in place).
class SigmaxCppAdapter {
public:
    explicit SigmaxCppAdapter(const ExchangeWorkload& w)
        : engine_(exchange_engine_config(w)), engine_of_(w.max_id + 1), client_of_(w.msgs.size() + 1) {
        (void)engine_.configure_symbol(kExchangeSymbol, 1.0, 1.0);
        session_.emplace(engine_);
    }

    void on_new(const ExchangeMsg& m, ReportSink& out) {
        ExecutionReport r;
        if (session_->execute(order(m, m.ioc), r) != Status::Ok) return out.refused(m.id);
        out.ack(m.id, m.price, m.lots);
        settle(m.id, r, out);
    }
    void on_cancel(const ExchangeMsg& m, ReportSink& out) {
        if (session_->cancel(engine_of_[m.id]) != Status::Ok) return out.refused(m.id);
        out.cancelled(m.id);
    }
    void on_modify(const ExchangeMsg& m, ReportSink& out) {
        ExecutionReport r;
        if (session_->cancel(engine_of_[m.id]) != Status::Ok || session_->execute(order(m, false), r) != Status::Ok)
            return out.refused(m.id);
        out.modified(m.id, m.price, m.lots);
        settle(m.id, r, out);
    }

private:
    static OrderRequest order(const ExchangeMsg& m, bool ioc) {
        return OrderRequest{kExchangeSymbol, m.side, OrderType::Limit, ioc ? TimeInForce::IOC : TimeInForce::GTC,
                            static_cast<double>(m.price), static_cast<double>(m.lots)};
    }
    // After client order `id` executed with report r: remember its engine
    // id if it rests, then report its trades.
    void settle(std::uint64_t id, const ExecutionReport& r, ReportSink& out) {
        if (r.remaining_quantity > 0) {
            engine_of_[id] = r.order_id;
            client_of_[r.order_id] = id;
        }
        if (r.fill_count > 0)
            session_->take_fills([&](const Fill& f) {
                out.trade(id, client_of_[f.maker_order_id], f.price_ticks, f.quantity_lots);
            });
    }

    Engine engine_;
    std::optional<Engine::Session> session_;  // after engine_: released before it goes
    std::vector<std::uint64_t> engine_of_;    // client id -> engine id
    std::vector<std::uint64_t> client_of_;    // engine id -> client id
};

// Through the C ABI: one sgx_engine_* call per order and cancel, and
// sgx_engine_drain_fills after every order that traded. The CLI links the
// static library with link-time optimization, which would inline the
// small sgx_* functions into this adapter; the calls go through pointers
// read from volatile storage instead, so each is a real call, as through a
// shared library's PLT from any language.
class SigmaxCAdapter {
public:
    explicit SigmaxCAdapter(const ExchangeWorkload& w) : engine_of_(w.max_id + 1), client_of_(w.msgs.size() + 1) {
        sgx_engine_config c;
        sgx_engine_config_init(&c);
        c.flags = SGX_ENGINE_NO_TIMESTAMPS;
        c.order_capacity = w.max_resting + 1024;
        (void)sgx_engine_create(&engine_, &c);
        (void)sgx_engine_configure_symbol(engine_, kExchangeSymbol, 1.0, 1.0);
        order_.struct_size = sizeof order_;
        order_.symbol = kExchangeSymbol;
        order_.type = SGX_TYPE_LIMIT;
    }
    SigmaxCAdapter(const SigmaxCAdapter&) = delete;
    SigmaxCAdapter& operator=(const SigmaxCAdapter&) = delete;
    ~SigmaxCAdapter() { sgx_engine_destroy(engine_); }

    void on_new(const ExchangeMsg& m, ReportSink& out) {
        sgx_report r;
        if (execute(m, m.ioc, r) != SGX_OK) return out.refused(m.id);
        out.ack(m.id, m.price, m.lots);
        settle(m.id, r, out);
    }
    void on_cancel(const ExchangeMsg& m, ReportSink& out) {
        if (cancel_(engine_, engine_of_[m.id]) != SGX_OK) return out.refused(m.id);
        out.cancelled(m.id);
    }
    void on_modify(const ExchangeMsg& m, ReportSink& out) {
        sgx_report r;
        if (cancel_(engine_, engine_of_[m.id]) != SGX_OK || execute(m, false, r) != SGX_OK)
            return out.refused(m.id);
        out.modified(m.id, m.price, m.lots);
        settle(m.id, r, out);
    }

private:
    std::int32_t execute(const ExchangeMsg& m, bool ioc, sgx_report& r) {
        order_.side = static_cast<std::uint8_t>(m.side);
        order_.tif = ioc ? SGX_TIF_IOC : SGX_TIF_GTC;
        order_.price = static_cast<double>(m.price);
        order_.quantity = static_cast<double>(m.lots);
        return execute_(&r, engine_, &order_);
    }
    void settle(std::uint64_t id, const sgx_report& r, ReportSink& out) {
        if (r.remaining_quantity > 0) {
            engine_of_[id] = r.order_id;
            client_of_[r.order_id] = id;
        }
        if (r.fill_count == 0) return;
        std::size_t n = 0;
        do {
            (void)drain_(fills_, &n, engine_, kFills);
            for (std::size_t i = 0; i < n; ++i)
                out.trade(id, client_of_[fills_[i].maker_order_id], fills_[i].price_ticks, fills_[i].quantity_lots);
        } while (n == kFills);
    }

    // f, such that the compiler cannot know which function it is.
    template <class F>
    static F opaque(F f) noexcept {
        F volatile v = f;
        return v;
    }

    static constexpr std::size_t kFills = 64;
    decltype(&sgx_engine_execute) execute_ = opaque(&sgx_engine_execute);
    decltype(&sgx_engine_cancel) cancel_ = opaque(&sgx_engine_cancel);
    decltype(&sgx_engine_drain_fills) drain_ = opaque(&sgx_engine_drain_fills);
    sgx_engine* engine_ = nullptr;
    sgx_order order_{};
    sgx_fill fills_[kFills];
    std::vector<std::uint64_t> engine_of_;  // client id -> engine id
    std::vector<std::uint64_t> client_of_;  // engine id -> client id
};

// Through the engine's integer order entry (sigmax/order_entry.hpp) under
// one Engine::Session: ticks and lots as they are, the client's ids as the
// engine's, and each call's events turned into reports as they come (no
// tables, no fill queue). A modify is a cancel and a new order under the
// same id, so it loses priority as the harness requires (replace() would
// keep it on a decrease at the same price).
class SigmaxIntAdapter {
public:
    explicit SigmaxIntAdapter(const ExchangeWorkload& w) : engine_(exchange_engine_config(w)) { session_.emplace(engine_); }

    void on_new(const ExchangeMsg& m, ReportSink& out) {
        const Status s = session_->submit(order(m, m.ioc), [&](const OrderEvent& e) {
            if (e.kind == OrderEventKind::Accepted) out.ack(m.id, m.price, m.lots);
            else if (e.kind == OrderEventKind::Trade) out.trade(m.id, e.maker_id, e.price, e.lots);
        });
        if (s != Status::Ok) out.refused(m.id);
    }
    void on_cancel(const ExchangeMsg& m, ReportSink& out) {
        if (session_->cancel(m.id, [](const OrderEvent&) {}) != Status::Ok) return out.refused(m.id);
        out.cancelled(m.id);
    }
    void on_modify(const ExchangeMsg& m, ReportSink& out) {
        if (session_->cancel(m.id, [](const OrderEvent&) {}) != Status::Ok) return out.refused(m.id);
        const Status s = session_->submit(order(m, false), [&](const OrderEvent& e) {
            if (e.kind == OrderEventKind::Accepted) out.modified(m.id, m.price, m.lots);
            else if (e.kind == OrderEventKind::Trade) out.trade(m.id, e.maker_id, e.price, e.lots);
        });
        if (s != Status::Ok) out.refused(m.id);
    }

private:
    static NewOrder order(const ExchangeMsg& m, bool ioc) {
        NewOrder o;
        o.client_id = m.id;
        o.price = m.price;
        o.lots = m.lots;
        o.symbol = kExchangeSymbol;
        o.side = m.side;
        o.tif = ioc ? TimeInForce::IOC : TimeInForce::GTC;
        return o;
    }

    Engine engine_;
    std::optional<Engine::Session> session_;  // after engine_: released before it goes
};

// The integer order entry through the C ABI: one sgx_engine_submit or
// sgx_engine_cancel_order per message (each claims the engine, as any C
// caller's call does; sigmax-int holds one Session instead), events through
// an sgx_event_fn callback into the report sink (a NULL callback for
// cancels, whose event the report does not need). The sgx_* functions are
// called through opaque pointers, as SigmaxCAdapter does, so that LTO cannot
// inline them: each is a real call, as through a shared library's PLT.
class SigmaxIntCAdapter {
public:
    explicit SigmaxIntCAdapter(const ExchangeWorkload& w) {
        sgx_engine_config c;
        sgx_engine_config_init(&c);
        c.flags = SGX_ENGINE_NO_TIMESTAMPS;
        c.order_capacity = w.max_resting + 1024;
        (void)sgx_engine_create(&engine_, &c);
        order_.symbol = kExchangeSymbol;
        order_.type = SGX_TYPE_LIMIT;
    }
    SigmaxIntCAdapter(const SigmaxIntCAdapter&) = delete;
    SigmaxIntCAdapter& operator=(const SigmaxIntCAdapter&) = delete;
    ~SigmaxIntCAdapter() { sgx_engine_destroy(engine_); }

    void on_new(const ExchangeMsg& m, ReportSink& out) {
        if (submit(m, m.ioc, false, out) != SGX_OK) out.refused(m.id);
    }
    void on_cancel(const ExchangeMsg& m, ReportSink& out) {
        if (cancel_(engine_, m.id, nullptr, nullptr) != SGX_OK) return out.refused(m.id);
        out.cancelled(m.id);
    }
    void on_modify(const ExchangeMsg& m, ReportSink& out) {
        if (cancel_(engine_, m.id, nullptr, nullptr) != SGX_OK || submit(m, false, true, out) != SGX_OK)
            out.refused(m.id);
    }

private:
    // What the callback needs to report a message's events.
    struct Context {
        const ExchangeMsg* msg;
        ReportSink* out;
        bool modify;  // ACCEPTED reports as "modified", not "ack"
    };
    static void on_event(const sgx_order_event* e, void* user) {
        const Context& c = *static_cast<const Context*>(user);
        if (e->kind == SGX_EVENT_ACCEPTED) {
            if (c.modify) c.out->modified(c.msg->id, c.msg->price, c.msg->lots);
            else c.out->ack(c.msg->id, c.msg->price, c.msg->lots);
        } else if (e->kind == SGX_EVENT_TRADE) {
            c.out->trade(c.msg->id, e->maker_id, e->price, e->lots);
        }
    }
    std::int32_t submit(const ExchangeMsg& m, bool ioc, bool modify, ReportSink& out) {
        order_.client_id = m.id;
        order_.side = static_cast<std::uint8_t>(m.side);
        order_.tif = ioc ? SGX_TIF_IOC : SGX_TIF_GTC;
        order_.price = m.price;
        order_.lots = m.lots;
        Context c{&m, &out, modify};
        return submit_(engine_, &order_, &on_event, &c);
    }

    template <class F>
    static F opaque(F f) noexcept {
        F volatile v = f;
        return v;
    }

    decltype(&sgx_engine_submit) submit_ = opaque(&sgx_engine_submit);
    decltype(&sgx_engine_cancel_order) cancel_ = opaque(&sgx_engine_cancel_order);
    sgx_engine* engine_ = nullptr;
    sgx_new_order order_ = SGX_NEW_ORDER_INIT;
};

// The integer order entry through the C ABI's request batch: the driver
// hands this adapter 64 messages at a time (run_exchange, on_batch), which
// become one sgx_request each (a modify two: CANCEL, then NEW under the same
// id, losing priority as sigmax-int's modify does) and go to one
// sgx_engine_apply call: one claim of the engine per batch, not per
// message. The callback turns the events into the same reports as
// sigmax-int-capi. It finds where each request's events start by the
// event's kind: a NEW's first event is ACCEPTED (or REJECTED), a CANCEL's
// only one CANCELLED with reason USER (or REJECTED); the NEW's later events
// are TRADEs and a CANCELLED (IOC remainder). sgx_engine_apply is called
// through an opaque pointer, as the other C rows call theirs.
class SigmaxIntCBatchAdapter {
public:
    static constexpr std::size_t kBatchMessages = 64;

    explicit SigmaxIntCBatchAdapter(const ExchangeWorkload& w) {
        sgx_engine_config c;
        sgx_engine_config_init(&c);
        c.flags = SGX_ENGINE_NO_TIMESTAMPS;
        c.order_capacity = w.max_resting + 1024;
        (void)sgx_engine_create(&engine_, &c);
        // The fields no message changes, set once (an op ignores the fields
        // it does not read, so a slot keeps whatever an earlier op left).
        for (sgx_request& r : requests_) {
            r = SGX_REQUEST_INIT;
            r.symbol = kExchangeSymbol;
        }
    }
    SigmaxIntCBatchAdapter(const SigmaxIntCBatchAdapter&) = delete;
    SigmaxIntCBatchAdapter& operator=(const SigmaxIntCBatchAdapter&) = delete;
    ~SigmaxIntCBatchAdapter() { sgx_engine_destroy(engine_); }

    void on_batch(std::span<const ExchangeMsg> msgs, ReportSink& out) {
        std::size_t n = 0;
        for (const ExchangeMsg& m : msgs) {
            switch (m.kind) {
            case ExchangeMsg::Kind::New:
                new_order(n++, m, m.ioc, Step::New);
                break;
            case ExchangeMsg::Kind::Cancel:
                cancel(n++, m, Step::Cancel);
                break;
            case ExchangeMsg::Kind::Modify:
                cancel(n++, m, Step::ModifyCancel);
                new_order(n++, m, false, Step::ModifyNew);
                break;
            }
        }
        Context c{steps_, &out, ~std::size_t{0}};
        std::size_t done = 0;
        if (apply_(&done, engine_, requests_, n, &on_event, &c) != SGX_OK || done != n)
            for (std::size_t i = c.at + 1; i < n; ++i) out.refused(steps_[i].msg->id);
    }

private:
    // What request i of the batch reports.
    struct Step {
        enum Role : std::uint8_t { New, Cancel, ModifyCancel, ModifyNew };
        const ExchangeMsg* msg;
        Role role;
    };
    struct Context {
        const Step* steps;
        ReportSink* out;
        std::size_t at;  // the request whose events are coming
    };
    static void on_event(const sgx_order_event* e, void* user) {
        Context& c = *static_cast<Context*>(user);
        const bool first = e->kind == SGX_EVENT_ACCEPTED || e->kind == SGX_EVENT_REJECTED ||
                           (e->kind == SGX_EVENT_CANCELLED && e->reason == SGX_CANCEL_USER);
        c.at += first;
        const Step& s = c.steps[c.at];
        const ExchangeMsg& m = *s.msg;
        switch (e->kind) {
        case SGX_EVENT_ACCEPTED:
            if (s.role == Step::ModifyNew) c.out->modified(m.id, m.price, m.lots);
            else c.out->ack(m.id, m.price, m.lots);
            break;
        case SGX_EVENT_TRADE:
            c.out->trade(m.id, e->maker_id, e->price, e->lots);
            break;
        case SGX_EVENT_CANCELLED:
            if (s.role == Step::Cancel && e->reason == SGX_CANCEL_USER) c.out->cancelled(m.id);
            break;
        case SGX_EVENT_REJECTED:
            c.out->refused(m.id);
            break;
        default:
            break;
        }
    }
    // Request i, written in place field by field: a record built on the
    // stack and copied whole would be read back in wide loads right after
    // its narrow stores, which store-to-load forwarding cannot serve.
    void new_order(std::size_t i, const ExchangeMsg& m, bool ioc, Step::Role role) {
        sgx_request& r = requests_[i];
        r.op = SGX_OP_NEW;
        r.side = static_cast<std::uint8_t>(m.side);
        r.tif = ioc ? SGX_TIF_IOC : SGX_TIF_GTC;
        r.order_id = m.id;
        r.price = m.price;
        r.lots = m.lots;
        steps_[i] = Step{&m, role};
    }
    void cancel(std::size_t i, const ExchangeMsg& m, Step::Role role) {
        sgx_request& r = requests_[i];
        r.op = SGX_OP_CANCEL;
        r.order_id = m.id;
        steps_[i] = Step{&m, role};
    }

    template <class F>
    static F opaque(F f) noexcept {
        F volatile v = f;
        return v;
    }

    static constexpr std::size_t kMaxRequests = 2 * kBatchMessages;  // a modify is two
    decltype(&sgx_engine_apply) apply_ = opaque(&sgx_engine_apply);
    sgx_engine* engine_ = nullptr;
    sgx_request requests_[kMaxRequests];
    Step steps_[kMaxRequests];
};

// The textbook std::map / std::list book, keyed by client id.
class BaselineAdapter {
public:
    explicit BaselineAdapter(const ExchangeWorkload&) {}

    void on_new(const ExchangeMsg& m, ReportSink& out) {
        out.ack(m.id, m.price, m.lots);
        add(m, m.ioc, out);
    }
    void on_cancel(const ExchangeMsg& m, ReportSink& out) {
        if (!book_.cancel(m.id)) return out.refused(m.id);
        out.cancelled(m.id);
    }
    void on_modify(const ExchangeMsg& m, ReportSink& out) {
        if (!book_.cancel(m.id)) return out.refused(m.id);
        out.modified(m.id, m.price, m.lots);
        add(m, false, out);
    }

private:
    void add(const ExchangeMsg& m, bool ioc, ReportSink& out) {
        (void)book_.add(m.id, m.side, m.price, m.lots, ioc,
                        [&](std::uint64_t maker, std::int64_t price, std::int64_t lots, bool) {
                            out.trade(m.id, maker, price, lots);
                        });
    }

    ExchangeBook book_;
};

}  // namespace sigmax::cli
