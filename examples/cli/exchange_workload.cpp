#include "exchange_workload.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "exchange_baseline.hpp"
#include "workload.hpp"  // SplitMix64

namespace sigmax::cli {

namespace {

constexpr std::int64_t kStartMid = 100'000;
constexpr std::int64_t kSwingAmplitude = 2'000;
constexpr std::int64_t kSwingPeriod = 500'000;  // messages
constexpr std::int64_t kCrashEvery = 40;        // messages per tick of fall
constexpr std::int64_t kCrashFloor = kStartMid / 4;
constexpr std::uint64_t kWalkEvery = 4;
constexpr std::uint64_t kOpeningShare = 20;   // 1 in 20 new orders opens the book
constexpr std::uint64_t kOpeningDepth = 100;  // ticks

// The mix, per million: of all messages, of all new orders.
constexpr std::uint64_t kCancelPpm = 410'000;
constexpr std::uint64_t kModifyPpm = 90'000;
constexpr std::uint64_t kIocPpm = 75'000;

// The mid of message i.
class Mid {
public:
    explicit Mid(PricePath path) : path_(path) {}

    std::int64_t at(std::uint64_t i, SplitMix64& rng) {
        switch (path_) {
        case PricePath::Static:
            return kStartMid;
        case PricePath::Normal:
            if (i % kWalkEvery == 0) {
                walk_ += static_cast<std::int64_t>(rng.below(3)) - 1;
                if (walk_ < kStartMid / 2) walk_ = kStartMid / 2 + 1;  // reflect
            }
            return walk_;
        case PricePath::Swinging: {
            // Each half period half a parabola through 0 with peak +-A:
            // 4A x (H - x) / H^2.
            constexpr std::int64_t half = kSwingPeriod / 2;
            const std::int64_t x = static_cast<std::int64_t>(i % kSwingPeriod);
            const std::int64_t u = x < half ? x : x - half;
            const std::int64_t y = 4 * kSwingAmplitude * u * (half - u) / (half * half);
            return kStartMid + (x < half ? y : -y);
        }
        case PricePath::Crashing:
            return std::max(kCrashFloor, kStartMid - static_cast<std::int64_t>(i) / kCrashEvery);
        }
        return kStartMid;
    }

private:
    PricePath path_;
    std::int64_t walk_ = kStartMid;
};

// The orders resting now, to pick one uniformly: a vector with each order's
// slot in it, indexed by client id.
class Resting {
public:
    explicit Resting(std::uint64_t max_id) : slot_(max_id + 1, kNone) {}
    void add(std::uint64_t id) {
        slot_[id] = static_cast<std::uint32_t>(ids_.size());
        ids_.push_back(id);
    }
    void remove(std::uint64_t id) {
        const std::uint32_t k = slot_[id];
        const std::uint64_t last = ids_.back();
        ids_[k] = last;
        slot_[last] = k;
        ids_.pop_back();
        slot_[id] = kNone;
    }
    std::size_t size() const noexcept { return ids_.size(); }
    std::uint64_t pick(SplitMix64& rng) const { return ids_[static_cast<std::size_t>(rng.below(ids_.size()))]; }

private:
    static constexpr std::uint32_t kNone = UINT32_MAX;
    std::vector<std::uint64_t> ids_;
    std::vector<std::uint32_t> slot_;
};

// A GTC limit price: at the mid to 19 ticks behind it (a buy at the mid
// takes a sell resting at the mid).
std::int64_t limit_price(Side side, std::int64_t mid, SplitMix64& rng) {
    const std::int64_t behind = static_cast<std::int64_t>(rng.below(20));
    return side == Side::Buy ? mid - behind : mid + behind;
}

std::int64_t lots(SplitMix64& rng) { return 1 + static_cast<std::int64_t>(rng.below(100)); }
// IOC orders are smaller than resting ones, so that they do not empty the
// touch as fast as it fills.
std::int64_t taker_lots(SplitMix64& rng) { return 1 + static_cast<std::int64_t>(rng.below(20)); }

}  // namespace

ExchangeWorkload generate_exchange(const ExchangeParams& p, PricePath path) {
    ExchangeWorkload w;
    w.params = p;
    w.path = path;
    const std::uint64_t total = 2 * p.orders;
    w.msgs.reserve(total + total / 16);
    SplitMix64 rng(p.seed * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(path) + 1);
    Mid mid_of(path);
    ExchangeBook book;
    Resting resting(p.orders);
    std::vector<std::int64_t> price_of(p.orders + 1);
    std::vector<Side> side_of(p.orders + 1);
    const auto on_trade = [&](std::uint64_t maker, std::int64_t, std::int64_t, bool done) {
        if (done) resting.remove(maker);
    };

    std::uint64_t next_id = 1;
    const auto add = [&](const ExchangeMsg& m) {
        w.msgs.push_back(m);
        ++w.new_orders;
        w.ioc_orders += m.ioc ? 1 : 0;
        side_of[m.id] = m.side;
        if (book.add(m.id, m.side, m.price, m.lots, m.ioc, on_trade) > 0) {
            resting.add(m.id);
            price_of[m.id] = m.price;
            w.max_resting = std::max<std::uint64_t>(w.max_resting, resting.size());
        }
    };
    // The opening book: GTC orders 1 to kOpeningDepth ticks behind the mid.
    const std::uint64_t opening = p.orders / kOpeningShare;
    for (std::uint64_t k = 0; k < opening; ++k) {
        const Side side = rng.below(2) == 0 ? Side::Buy : Side::Sell;
        const std::int64_t behind = 1 + static_cast<std::int64_t>(rng.below(kOpeningDepth));
        add(ExchangeMsg{ExchangeMsg::Kind::New, side, false, next_id++,
                        side == Side::Buy ? kStartMid - behind : kStartMid + behind, lots(rng)});
    }
    w.opening_orders = opening;
    // The rest of the stream draws cancels, modifies and IOC orders more
    // often, so that the whole stream, opening included, has the mix:
    // about 2 x orders messages, `opening` of them new orders.
    const std::uint64_t rest = std::max<std::uint64_t>(1, 2 * p.orders - opening);
    const std::uint64_t cancel_ppm = kCancelPpm * 2 * p.orders / rest;
    const std::uint64_t modify_ppm = kModifyPpm * 2 * p.orders / rest;
    const std::uint64_t ioc_ppm = kIocPpm * p.orders / std::max<std::uint64_t>(1, p.orders - opening);
    for (std::uint64_t i = 0; w.new_orders < p.orders; ++i) {
        const std::int64_t mid = mid_of.at(i, rng);
        const std::uint64_t roll = rng.below(1'000'000);
        if (roll < cancel_ppm + modify_ppm && resting.size() > 0) {
            const std::uint64_t id = resting.pick(rng);
            resting.remove(id);
            (void)book.cancel(id);
            if (roll < cancel_ppm) {
                w.msgs.push_back(ExchangeMsg{ExchangeMsg::Kind::Cancel, Side::Buy, false, id, 0, 0});
                ++w.cancels;
                continue;
            }
            const Side side = side_of[id];
            const std::int64_t price = rng.below(2) == 0 ? price_of[id] : limit_price(side, mid, rng);
            const std::int64_t q = lots(rng);
            w.msgs.push_back(ExchangeMsg{ExchangeMsg::Kind::Modify, side, false, id, price, q});
            ++w.modifies;
            if (book.add(id, side, price, q, false, on_trade) > 0) {
                resting.add(id);
                price_of[id] = price;
            }
            w.max_resting = std::max<std::uint64_t>(w.max_resting, resting.size());
            continue;
        }
        const std::uint64_t id = next_id++;
        const Side side = rng.below(2) == 0 ? Side::Buy : Side::Sell;
        const bool ioc = rng.below(1'000'000) < ioc_ppm;
        const std::int64_t through = static_cast<std::int64_t>(rng.below(4));
        const std::int64_t price = ioc ? (side == Side::Buy ? mid + through : mid - through) : limit_price(side, mid, rng);
        add(ExchangeMsg{ExchangeMsg::Kind::New, side, ioc, id, price, ioc ? taker_lots(rng) : lots(rng)});
    }
    w.max_id = next_id - 1;
    return w;
}

std::string describe(const ExchangeWorkload& w) {
    return fmt::format("{} messages: {} new ({:.2f}% IOC), {:.2f}% cancel, {:.2f}% modify", w.msgs.size(), w.new_orders,
                       100.0 * w.ioc_share(), 100.0 * w.cancel_share(), 100.0 * w.modify_share());
}

}  // namespace sigmax::cli
