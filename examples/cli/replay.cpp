#include "replay.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <set>

#include "flow_file.hpp"
#include "sigmax/engine.hpp"

namespace sigmax::cli {

int run_gen(const GenOptions& o) {
    const Workload w = generate(o.workload);
    std::vector<FlowRecord> records;
    records.reserve(w.events.size() + w.params.symbols);
    for (std::uint32_t s = 0; s < w.params.symbols; ++s) {
        FlowRecord c;
        c.op = FlowRecord::Op::Config;
        c.order.symbol = s;
        c.order.price = w.tick_size;
        c.order.quantity = w.lot_size;
        records.push_back(c);
    }
    for (const Event& e : w.events) {
        FlowRecord r;
        r.op = e.kind == Event::Kind::New ? FlowRecord::Op::New : FlowRecord::Op::Cancel;
        r.order = e.order;
        r.order_id = e.cancel_id;
        records.push_back(r);
    }
    const bool binary = o.format == "binary" ||
                        (o.format.empty() && o.output.size() > 4 && o.output.compare(o.output.size() - 4, 4, ".bin") == 0);
    std::string error;
    if (!(binary ? write_flow_binary(o.output, records, error) : write_flow_csv(o.output, records, error))) {
        fmt::print(stderr, "sigmax-exec gen: cannot write {}: {}\n", o.output, error);
        return 1;
    }
    fmt::print(stderr, "wrote {} events ({}) to {}\n", w.events.size(), describe(w), o.output);
    return 0;
}

int run_replay(const ReplayOptions& o) {
    std::vector<FlowRecord> records;
    FlowError err;
    if (!read_flow(o.input, records, err)) {
        if (err.line) fmt::print(stderr, "sigmax-exec replay: {}:{}: {}\n", o.input, err.line, err.message);
        else fmt::print(stderr, "sigmax-exec replay: {}: {}\n", o.input, err.message);
        return 2;
    }
    std::FILE* fills_out = nullptr;
    if (!o.fills_path.empty()) {
        fills_out = std::fopen(o.fills_path.c_str(), "w");
        if (!fills_out) {
            fmt::print(stderr, "sigmax-exec replay: cannot write {}: {}\n", o.fills_path, std::strerror(errno));
            return 1;
        }
        fmt::print(fills_out, "trade_id,symbol,price,quantity,maker_order_id,taker_order_id,aggressor_side\n");
    }

    Engine::Config cfg;
    cfg.order_capacity = 1u << 17;
    Engine engine(cfg);
    std::set<std::uint32_t> symbols;
    std::uint64_t orders = 0, invalid = 0, cancels_ok = 0, cancels_missing = 0, amends_ok = 0, amends_missing = 0;
    std::uint64_t fills = 0, config_errors = 0;
    std::vector<Fill> buf(4096);
    auto drain = [&] {
        std::size_t n = 0;
        do {
            (void)engine.drain_fills(buf, n);
            fills += n;
            if (fills_out)
                for (std::size_t i = 0; i < n; ++i) {
                    const Fill& f = buf[i];
                    fmt::print(fills_out, "{},{},{},{},{},{},{}\n", f.trade_id, f.symbol, f.price, f.quantity,
                               f.maker_order_id, f.taker_order_id, f.aggressor_side == Side::Buy ? "buy" : "sell");
                }
        } while (n == buf.size());
    };
    const auto start = std::chrono::steady_clock::now();
    ExecutionReport rep;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const FlowRecord& r = records[i];
        switch (r.op) {
            case FlowRecord::Op::Config:
                if (engine.configure_symbol(r.order.symbol, r.order.price, r.order.quantity) != Status::Ok) ++config_errors;
                symbols.insert(r.order.symbol);
                break;
            case FlowRecord::Op::New: {
                symbols.insert(r.order.symbol);
                Status s = engine.execute(r.order, rep);
                if (s == Status::FillsFull) {
                    drain();
                    s = engine.execute(r.order, rep);
                }
                if (s == Status::Ok) ++orders;
                else ++invalid;
                break;
            }
            case FlowRecord::Op::Cancel:
                (engine.cancel(r.order_id) == Status::Ok ? cancels_ok : cancels_missing)++;
                break;
            case FlowRecord::Op::Amend:
                (engine.amend(r.order_id, r.quantity) == Status::Ok ? amends_ok : amends_missing)++;
                break;
        }
        if ((i & 4095) == 4095) drain();
    }
    drain();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (fills_out) std::fclose(fills_out);
    const StatsSnapshot st = engine.stats_snapshot();

    if (o.json) {
        fmt::print("{{\"file\": \"{}\", \"events\": {}, \"orders\": {}, \"invalid_orders\": {}, \"cancels\": {}, "
                   "\"cancels_not_found\": {}, \"amends\": {}, \"amends_not_found\": {}, \"fills\": {}, \"volume\": {}, "
                   "\"rejects\": {}, \"seconds\": {:.6f},\n \"latency_ns\": {{\"mean\": {:.1f}, \"p50\": {}, \"p90\": {}, "
                   "\"p99\": {}, \"p999\": {}, \"max\": {}}},\n \"top_of_book\": [",
                   o.input, records.size(), orders, invalid, cancels_ok, cancels_missing, amends_ok, amends_missing,
                   fills, st.volume, st.rejects, seconds, st.latency_avg_ns, st.latency_p50_ns, st.latency_p90_ns,
                   st.latency_p99_ns, st.latency_p999_ns, st.latency_max_ns);
        bool first = true;
        for (std::uint32_t s : symbols) {
            TopOfBook t;
            (void)engine.top_of_book(s, t);
            fmt::print("{}{{\"symbol\": {}, \"bid\": {}, \"bid_quantity\": {}, \"ask\": {}, \"ask_quantity\": {}}}",
                       first ? "" : ", ", s, t.has_bid ? fmt::format("{}", t.bid_price) : "null", t.bid_quantity,
                       t.has_ask ? fmt::format("{}", t.ask_price) : "null", t.ask_quantity);
            first = false;
        }
        fmt::print("]}}\n");
        return 0;
    }
    fmt::print("replayed {} events from {} in {:.3f} s\n", records.size(), o.input, seconds);
    fmt::print("orders {} (invalid {}, post-only rejects {}), cancels {} (not resting {}), amends {} (not resting {})\n",
               orders, invalid, st.rejects, cancels_ok, cancels_missing, amends_ok, amends_missing);
    fmt::print("fills {}, volume {}\n", fills, st.volume);
    if (config_errors) fmt::print("config lines refused: {}\n", config_errors);
    fmt::print("latency per order (ns): mean {:.1f}  p50 {}  p90 {}  p99 {}  p99.9 {}  max {}\n", st.latency_avg_ns,
               st.latency_p50_ns, st.latency_p90_ns, st.latency_p99_ns, st.latency_p999_ns, st.latency_max_ns);
    fmt::print("{:>8} {:>14} {:>12} {:>14} {:>12}\n", "symbol", "bid", "bid qty", "ask", "ask qty");
    for (std::uint32_t s : symbols) {
        TopOfBook t;
        (void)engine.top_of_book(s, t);
        fmt::print("{:>8} {:>14} {:>12} {:>14} {:>12}\n", s, t.has_bid ? fmt::format("{}", t.bid_price) : "-",
                   t.bid_quantity, t.has_ask ? fmt::format("{}", t.ask_price) : "-", t.ask_quantity);
    }
    return 0;
}

}  // namespace sigmax::cli
