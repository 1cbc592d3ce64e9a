#include "wide_workload.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "workload.hpp"

namespace sigmax::cli {

namespace {

constexpr std::int64_t kMid = 10'000'000;  // ticks: 100000.00
constexpr std::int64_t kLots = 100;        // 1.00 per order
constexpr std::int64_t kNear = 16;         // ticks from the best that count as near

// The book as the stream leaves it, to choose the next operation from.
class Model {
public:
    explicit Model(WideWorkload& w) : w_(w) {}

    // An order that rests (it never crosses: prices stay on their side).
    void add(WideKind kind, Side s, std::int64_t ticks) {
        const std::uint64_t id = next_id_++;
        w_.ops.push_back(WideOp{kind, false, limit(s, ticks), 0, 0});
        side(s)[ticks].push_back(id);
        where_[id] = Where{s, ticks, resting_.size()};
        resting_.push_back(id);
        w_.max_resting = std::max<std::uint64_t>(w_.max_resting, resting_.size());
    }
    void cancel(WideKind kind, std::uint64_t id) {
        w_.ops.push_back(WideOp{kind, true, OrderRequest{}, id, 0});
        forget(id);
    }
    // A market order of the other side that takes side s's best n levels.
    // Returns their prices, best first.
    std::vector<std::int64_t> sweep(Side s, std::size_t n) {
        std::vector<std::int64_t> prices;
        std::vector<std::uint64_t> ids;
        std::int64_t lots = 0;
        for_best(s, n, [&](std::int64_t price, const std::vector<std::uint64_t>& fifo) {
            prices.push_back(price);
            ids.insert(ids.end(), fifo.begin(), fifo.end());
            lots += kLots * static_cast<std::int64_t>(fifo.size());
        });
        const Side taker = s == Side::Buy ? Side::Sell : Side::Buy;
        w_.ops.push_back(WideOp{WideKind::Sweep, false,
                                OrderRequest{w_.symbol, taker, OrderType::Market, TimeInForce::IOC, 0.0,
                                             static_cast<double>(lots) * w_.lot_size},
                                0, static_cast<std::uint32_t>(prices.size())});
        ++next_id_;
        for (const std::uint64_t id : ids) forget(id);
        return prices;
    }

    bool empty() const { return resting_.empty(); }
    bool has_level(Side s, std::int64_t ticks) { return side(s).count(ticks) != 0; }
    std::int64_t best(Side s) { return s == Side::Buy ? side(s).rbegin()->first : side(s).begin()->first; }
    std::int64_t worst(Side s) { return s == Side::Buy ? side(s).begin()->first : side(s).rbegin()->first; }
    std::size_t levels(Side s) { return side(s).size(); }
    std::uint64_t resting(std::size_t k) const { return resting_[k]; }
    std::size_t resting_count() const { return resting_.size(); }
    bool alone(std::uint64_t id) {
        const Where& at = where_.at(id);
        return side(at.side)[at.price].size() == 1;
    }
    // The oldest order of side s's k-th best level.
    std::uint64_t nth_best_head(Side s, std::size_t k) {
        std::uint64_t id = 0;
        std::size_t seen = 0;
        for_best(s, k + 1, [&](std::int64_t, const std::vector<std::uint64_t>& fifo) {
            if (seen++ == k) id = fifo.front();
        });
        return id;
    }

private:
    struct Where {
        Side side;
        std::int64_t price;
        std::size_t slot;  // in resting_
    };
    std::map<std::int64_t, std::vector<std::uint64_t>>& side(Side s) { return sides_[static_cast<int>(s)]; }
    OrderRequest limit(Side s, std::int64_t ticks) const {
        return OrderRequest{w_.symbol, s, OrderType::Limit, TimeInForce::GTC, static_cast<double>(ticks) * w_.tick_size,
                            static_cast<double>(kLots) * w_.lot_size};
    }
    template <class F>
    void for_best(Side s, std::size_t n, F&& f) {
        auto& lv = side(s);
        if (s == Side::Buy) {
            for (auto it = lv.rbegin(); it != lv.rend() && n > 0; ++it, --n) f(it->first, it->second);
        } else {
            for (auto it = lv.begin(); it != lv.end() && n > 0; ++it, --n) f(it->first, it->second);
        }
    }
    void forget(std::uint64_t id) {
        const auto found = where_.find(id);
        const Where at = found->second;
        where_.erase(found);
        auto& lv = side(at.side);
        auto level = lv.find(at.price);
        auto& fifo = level->second;
        fifo.erase(std::find(fifo.begin(), fifo.end(), id));
        if (fifo.empty()) lv.erase(level);
        const std::uint64_t last = resting_.back();
        resting_[at.slot] = last;
        resting_.pop_back();
        if (last != id) where_[last].slot = at.slot;
    }

    WideWorkload& w_;
    std::map<std::int64_t, std::vector<std::uint64_t>> sides_[2];
    std::unordered_map<std::uint64_t, Where> where_;
    std::vector<std::uint64_t> resting_;
    std::uint64_t next_id_ = 1;
};

Side pick_side(SplitMix64& rng) { return rng.below(2) == 0 ? Side::Buy : Side::Sell; }

// `ticks` behind the best of side s (further from the other side).
std::int64_t behind(Side s, std::int64_t price, std::int64_t ticks) { return s == Side::Buy ? price - ticks : price + ticks; }

}  // namespace

WideWorkload generate_wide(const WideParams& p) {
    WideWorkload w;
    w.params = p;
    w.ops.reserve(2 * p.levels + p.ops + p.ops / std::max<std::uint64_t>(1, p.sweep_every) * p.sweep_max * 2);
    Model m(w);
    SplitMix64 rng(p.seed);
    const auto n = static_cast<std::int64_t>(p.levels);
    for (std::int64_t k = n; k >= 1; --k) {
        m.add(WideKind::Build, Side::Buy, kMid - 2 * k);
        m.add(WideKind::Build, Side::Sell, kMid + 2 * k);
    }
    w.build_ops = w.ops.size();

    for (std::uint64_t i = 0; i < p.ops; ++i) {
        if (p.sweep_every > 0 && i % p.sweep_every == p.sweep_every / 2) {
            const Side s = pick_side(rng);
            const std::size_t want = 100 + static_cast<std::size_t>(rng.below(std::max<std::uint32_t>(1, p.sweep_max - 100) + 1));
            if (m.levels(s) <= want) continue;
            const std::vector<std::int64_t> swept = m.sweep(s, want);
            for (auto it = swept.rbegin(); it != swept.rend(); ++it) m.add(WideKind::Refill, s, *it);
            continue;
        }
        const Side s = pick_side(rng);
        const std::uint64_t roll = rng.below(100);
        if (m.levels(s) == 0 || roll < 5) {
            const std::int64_t far = m.levels(s) ? m.worst(s) : kMid;
            m.add(WideKind::NewFar, s, behind(s, far, 2));
        } else if (roll < 35) {
            const std::int64_t best = m.best(s);
            const std::int64_t span = std::max<std::int64_t>(1, std::abs(m.worst(s) - best) + 1);
            const std::int64_t price = behind(s, best, static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(span))));
            m.add(m.has_level(s, price) ? WideKind::AddDeep : WideKind::NewDeepLevel, s, price);
        } else if (roll < 50) {
            const std::int64_t price = behind(s, m.best(s), static_cast<std::int64_t>(rng.below(kNear)));
            m.add(m.has_level(s, price) ? WideKind::AddNear : WideKind::NewNear, s, price);
        } else if (roll < 90) {
            const std::uint64_t id = m.resting(static_cast<std::size_t>(rng.below(m.resting_count())));
            m.cancel(m.alone(id) ? WideKind::CancelDeepLevel : WideKind::CancelDeep, id);
        } else {
            const std::size_t k = static_cast<std::size_t>(rng.below(std::min<std::uint64_t>(kNear, m.levels(s))));
            m.cancel(WideKind::CancelNear, m.nth_best_head(s, k));
        }
    }
    return w;
}

}  // namespace sigmax::cli
