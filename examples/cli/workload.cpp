#include "workload.hpp"

#include <fmt/format.h>

namespace sigmax::cli {

namespace {

OrderRequest limit_order(std::uint32_t sym, Side side, std::int64_t ticks, std::int64_t lots, TimeInForce tif,
                         double tick, double lot) {
    return OrderRequest{sym, side, OrderType::Limit, tif, static_cast<double>(ticks) * tick,
                        static_cast<double>(lots) * lot};
}

}  // namespace

Workload generate(const WorkloadParams& p) {
    Workload w;
    w.params = p;
    w.events.reserve(p.events + (p.deep ? p.symbols * 200 * 100 : 0));
    SplitMix64 rng(p.seed);
    std::vector<std::int64_t> mid(p.symbols);
    for (std::uint32_t s = 0; s < p.symbols; ++s) mid[s] = 10000 + 100 * static_cast<std::int64_t>(s);
    std::vector<std::uint64_t> passive;  // ids placed behind the mid: cancel candidates
    std::uint64_t next_id = 1;

    auto add = [&](const OrderRequest& o, bool is_passive) {
        w.events.push_back(Event{Event::Kind::New, o, 0});
        if (is_passive) passive.push_back(next_id);
        ++next_id;
        ++w.new_orders;
    };

    if (p.deep) {
        // 100 levels a side, 100 orders a level, for every symbol.
        for (std::uint32_t s = 0; s < p.symbols; ++s)
            for (std::int64_t level = 3; level < 103; ++level)
                for (int k = 0; k < 100; ++k) {
                    const std::int64_t lots = 1 + static_cast<std::int64_t>(rng.below(10));
                    add(limit_order(s, Side::Buy, mid[s] - level, lots, TimeInForce::GTC, w.tick_size, w.lot_size), true);
                    add(limit_order(s, Side::Sell, mid[s] + level, lots, TimeInForce::GTC, w.tick_size, w.lot_size), true);
                }
        w.warmup_events = w.events.size();
    }

    for (std::uint64_t i = 0; i < p.events; ++i) {
        const auto sym = static_cast<std::uint32_t>(rng.below(p.symbols));
        if (i % 8 == 0) mid[sym] += static_cast<std::int64_t>(rng.below(3)) - 1;
        const std::uint64_t roll = rng.below(100);
        if (roll < 20 && !passive.empty()) {
            const std::size_t k = static_cast<std::size_t>(rng.below(passive.size()));
            const std::uint64_t id = passive[k];
            passive[k] = passive.back();
            passive.pop_back();
            w.events.push_back(Event{Event::Kind::Cancel, OrderRequest{}, id});
            ++w.cancels;
            continue;
        }
        const Side side = rng.below(2) == 0 ? Side::Buy : Side::Sell;
        const std::int64_t lots = 100 * (1 + static_cast<std::int64_t>(rng.below(10)));  // 1.00 .. 10.00
        if (roll < 30) {
            add(OrderRequest{sym, side, OrderType::Market, TimeInForce::IOC, 0.0,
                             static_cast<double>(lots) * w.lot_size}, false);
            ++w.market_orders;
            continue;
        }
        const std::uint64_t t = rng.below(100);
        const TimeInForce tif = t < 85 ? TimeInForce::GTC : t < 90 ? TimeInForce::IOC
                              : t < 95 ? TimeInForce::FOK : TimeInForce::PostOnly;
        // offset 0-1: crosses by 2 or 1 ticks; 2: at the mid; 3-9: behind it.
        const std::int64_t offset = static_cast<std::int64_t>(rng.below(10));
        const std::int64_t ticks = side == Side::Buy ? mid[sym] + 2 - offset : mid[sym] - 2 + offset;
        const bool rests = tif == TimeInForce::GTC || tif == TimeInForce::PostOnly;
        add(limit_order(sym, side, ticks, lots, tif, w.tick_size, w.lot_size), rests && offset >= 3);
    }
    return w;
}

sgx_order to_c_order(const OrderRequest& o) {
    sgx_order c{};
    c.struct_size = sizeof c;
    c.symbol = o.symbol;
    c.side = static_cast<std::uint8_t>(o.side);
    c.type = static_cast<std::uint8_t>(o.type);
    c.tif = static_cast<std::uint8_t>(o.tif);
    c.price = o.price;
    c.quantity = o.quantity;
    return c;
}

std::string describe(const Workload& w) {
    const double n = static_cast<double>(w.events.size() - w.warmup_events);
    return fmt::format("{} events on {} symbols (seed {}{}): {:.0f}% limit, {:.0f}% market, {:.0f}% cancel",
                       w.events.size() - w.warmup_events, w.params.symbols, w.params.seed,
                       w.params.deep ? fmt::format(", after {} orders building the book", w.warmup_events) : "",
                       100.0 * static_cast<double>(w.new_orders - w.market_orders - w.warmup_events) / n,
                       100.0 * static_cast<double>(w.market_orders) / n, 100.0 * static_cast<double>(w.cancels) / n);
}

}  // namespace sigmax::cli
