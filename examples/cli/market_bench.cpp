#include "market_bench.hpp"

#include <fmt/core.h>

#include <chrono>
#include <cmath>
#include <random>
#include <vector>

#include "bench.hpp"
#include "machine.hpp"
#include "sigmax/market/event_file.hpp"
#include "sigmax/market/replay.hpp"

namespace sigmax::cli {

namespace {

using md::Event;

template <class Book>
double replay_seconds(std::span<const Event> events, md::BookChecks& checks) {
    md::BookSet<Book> books;
    const auto t0 = std::chrono::steady_clock::now();
    books.apply(events);
    const auto t1 = std::chrono::steady_clock::now();
    checks = books.checks();
    return std::chrono::duration<double>(t1 - t0).count();
}

std::string checks_json(const md::BookChecks& c) {
    return fmt::format("{{\"events\": {}, \"ignored\": {}, \"invalid\": {}, \"negative_quantity\": {}, \"crossed\": {}, "
                       "\"unknown_order\": {}, \"duplicate_order\": {}, \"overfill\": {}, \"modify_added\": {}}}",
                       c.events, c.ignored, c.invalid, c.negative_quantity, c.crossed, c.unknown_order,
                       c.duplicate_order, c.overfill, c.modify_added);
}

}  // namespace

int run_replay_bench(const ReplayBenchOptions& o) {
    md::EventFile file;
    if (file.open(o.file) != Status::Ok) {
        fmt::print(stderr, "error: {}\n", file.error());
        return 2;
    }
    const auto events = file.events();
    std::vector<double> rates;
    md::BookChecks checks{};
    // One untimed round first: it faults the mapping's pages in and grows the books' vectors.
    for (int round = 0; round <= o.repeats; ++round) {
        const double s = o.book == "l3" ? replay_seconds<md::L3Book>(events, checks)
                                        : replay_seconds<md::L2Book>(events, checks);
        if (round > 0) rates.push_back(s > 0 ? static_cast<double>(events.size()) / s : 0.0);
    }
    const double med = median(rates);
    if (o.json) {
        std::string rounds;
        for (double r : rates) rounds += (rounds.empty() ? "" : ", ") + fmt::format("{:.0f}", r);
        fmt::print("{{\"machine\": {}, \"replay\": {{\"file\": \"{}\", \"book\": \"{}\", \"events\": {}, \"rounds\": {}, "
                   "\"round_events_per_sec\": [{}], \"events_per_sec\": {:.0f}, \"checks\": {}}}}}\n",
                   to_json(read_machine_info()), o.file, o.book, events.size(), rates.size(), rounds, med,
                   checks_json(checks));
    } else {
        fmt::print("machine: {}\n", describe(read_machine_info()));
        fmt::print("replay {} into {} books: {} events, {} symbols, median of {} rounds: {:.1f} M events/s\n", o.file,
                   o.book, events.size(), file.symbols().size(), rates.size(), med / 1e6);
        fmt::print("checks: crossed {}, negative quantity {}, invalid {}, unknown order {}, duplicate order {}, "
                   "overfill {}, ignored {}\n",
                   checks.crossed, checks.negative_quantity, checks.invalid, checks.unknown_order,
                   checks.duplicate_order, checks.overfill, checks.ignored);
    }
    return 0;
}

namespace {

// A Binance-like depth feed: a REST-style snapshot of 1000 levels a side, then
// messages of 1-20 level updates whose distance from the touch is
// log-uniform over 0..999 ticks (most near the touch, some deep), a third of
// them deletions; the touch drifts a tick now and then; trades and quotes in
// between. Never crossed after a message.
class L2Feed {
public:
    explicit L2Feed(std::uint64_t seed) : rng_(seed) {}

    template <class Emit>
    void snapshot(Emit&& emit) {
        emit(mark(SGX_MD_SNAPSHOT_BEGIN, SGX_MD_F_SNAPSHOT));
        for (int d = 0; d < 1000; ++d) {
            emit(level(SGX_SIDE_BUY, mid_ - 1 - d, lots(), SGX_MD_F_SNAPSHOT));
            emit(level(SGX_SIDE_SELL, mid_ + 1 + d, lots(), SGX_MD_F_SNAPSHOT));
        }
        emit(mark(SGX_MD_SNAPSHOT_END, SGX_MD_F_SNAPSHOT | SGX_MD_F_LAST));
    }

    template <class Emit>
    void message(Emit&& emit) {
        ts_ += 1000 + static_cast<std::int64_t>(rng_() % 100000);
        const double u = unit();
        if (u < 0.05) {  // the touch moves: the level it lands on goes first
            const bool up = rng_() & 1;
            emit(level(up ? SGX_SIDE_SELL : SGX_SIDE_BUY, up ? mid_ + 1 : mid_ - 1, 0, 0));
            mid_ += up ? 1 : -1;
        } else if (u < 0.15) {
            Event t = event(SGX_MD_TRADE, rng_() & 1 ? SGX_SIDE_BUY : SGX_SIDE_SELL, mid_ + 1, lots(), SGX_MD_F_LAST);
            t.order_id = ++trade_id_;
            emit(t);
            return;
        }
        const int n = 1 + static_cast<int>(rng_() % 20);
        for (int i = 0; i < n; ++i) {
            const bool buy = rng_() & 1;
            const auto d = static_cast<std::int64_t>(std::exp(unit() * std::log(1000.0))) - 1;
            const std::int64_t price = buy ? mid_ - 1 - d : mid_ + 1 + d;
            emit(level(buy ? SGX_SIDE_BUY : SGX_SIDE_SELL, price, unit() < 0.33 ? 0 : lots(),
                       i == n - 1 ? SGX_MD_F_LAST : 0));
        }
    }

private:
    double unit() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng_); }
    std::int64_t lots() { return 1 + static_cast<std::int64_t>(rng_() % 5000); }
    Event event(std::uint8_t kind, std::uint8_t side, std::int64_t price, std::int64_t qty, std::uint16_t flags) {
        Event e{};
        e.local_ts = ts_;
        e.exch_ts = ts_ - 2'000'000;
        e.symbol = 1;
        e.kind = kind;
        e.side = side;
        e.price = price;
        e.quantity = qty;
        e.flags = flags;
        e.sequence = ++sequence_;
        return e;
    }
    Event level(std::uint8_t side, std::int64_t price, std::int64_t qty, std::uint16_t flags) {
        return event(SGX_MD_LEVEL, side, price, qty, flags);
    }
    Event mark(std::uint8_t kind, std::uint16_t flags) { return event(kind, SGX_MD_SIDE_NONE, 0, 0, flags); }

    std::mt19937_64 rng_;
    std::int64_t mid_ = 600'000;  // 60000.0 on a 0.1 tick
    std::int64_t ts_ = 1'723'075'200'000'000'000;
    std::uint64_t sequence_ = 0, trade_id_ = 0;
};

// An L3 order flow: about 45% adds (log-uniform 0..199 ticks from the touch),
// 38% cancels, 10% fills (partial or full), 7% modifies (size down, size up
// or a new price), over some 20,000 resting orders with random 64-bit ids.
class L3Feed {
public:
    explicit L3Feed(std::uint64_t seed) : rng_(seed) {}

    template <class Emit>
    void message(Emit&& emit) {
        ts_ += 500 + static_cast<std::int64_t>(rng_() % 50000);
        const double u = unit();
        const bool must_add = live_.size() < 1000, must_remove = live_.size() > 40000;
        if (must_add || (!must_remove && u < 0.45)) {
            Live o{rng_(), rng_() & 1 ? SGX_SIDE_BUY : SGX_SIDE_SELL, 0, 1 + static_cast<std::int64_t>(rng_() % 100)};
            const auto d = static_cast<std::int64_t>(std::exp(unit() * std::log(200.0))) - 1;
            o.price = o.side == SGX_SIDE_BUY ? mid_ - 1 - d : mid_ + 1 + d;
            live_.push_back(o);
            emit(event(SGX_MD_ADD, o, o.quantity));
            return;
        }
        const std::size_t k = rng_() % live_.size();
        Live& o = live_[k];
        if (u < 0.83) {
            emit(event(SGX_MD_CANCEL, o, o.quantity));
            remove(k);
        } else if (u < 0.93) {
            const std::int64_t q = 1 + static_cast<std::int64_t>(rng_() % static_cast<std::uint64_t>(o.quantity));
            emit(event(SGX_MD_FILL, o, q));
            if ((o.quantity -= q) == 0) remove(k);
        } else {
            const double v = unit();
            if (v < 0.4 && o.quantity > 1) o.quantity -= 1;
            else if (v < 0.7) o.quantity += 1;
            else o.price += o.side == SGX_SIDE_BUY ? -1 : 1;  // away from the touch: never crosses
            emit(event(SGX_MD_MODIFY, o, o.quantity));
        }
    }

private:
    struct Live {
        std::uint64_t id;
        std::uint8_t side;
        std::int64_t price, quantity;
    };
    double unit() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng_); }
    void remove(std::size_t k) {
        live_[k] = live_.back();
        live_.pop_back();
    }
    Event event(std::uint8_t kind, const Live& o, std::int64_t qty) {
        Event e{};
        e.local_ts = ts_;
        e.exch_ts = ts_ - 1'000'000;
        e.symbol = 1;
        e.kind = kind;
        e.side = o.side;
        e.price = o.price;
        e.quantity = qty;
        e.order_id = o.id;
        e.flags = SGX_MD_F_LAST;
        e.sequence = ++sequence_;
        return e;
    }

    std::mt19937_64 rng_;
    std::int64_t mid_ = 600'000;
    std::int64_t ts_ = 1'723'075'200'000'000'000;
    std::uint64_t sequence_ = 0;
    std::vector<Live> live_;
};

}  // namespace

int run_market_gen(const MarketGenOptions& o) {
    md::EventFileWriter w;
    md::SymbolRecord sym{};
    fmt::format_to_n(sym.name, sizeof sym.name - 1, "SYNTH-{}", o.book);
    fmt::format_to_n(sym.venue, sizeof sym.venue - 1, "synthetic");
    sym.tick_size = 0.1;
    sym.lot_size = 0.001;
    sym.contract_size = 1.0;
    sym.id = 1;
    Status s = w.open(o.output);
    if (s == Status::Ok) s = w.add_symbol(sym);
    std::uint64_t written = 0;
    auto emit = [&](const md::Event& e) {
        if (s == Status::Ok && written < o.events) {
            s = w.write(e);
            ++written;
        }
    };
    if (o.book == "l3") {
        L3Feed feed(o.seed);
        while (s == Status::Ok && written < o.events) feed.message(emit);
    } else {
        L2Feed feed(o.seed);
        feed.snapshot(emit);
        while (s == Status::Ok && written < o.events) feed.message(emit);
    }
    if (s == Status::Ok) s = w.finish();
    if (s != Status::Ok) {
        fmt::print(stderr, "error: {}\n", w.error());
        return 2;
    }
    fmt::print("wrote {} synthetic {} events to {}\n", written, o.book, o.output);
    return 0;
}

}  // namespace sigmax::cli
