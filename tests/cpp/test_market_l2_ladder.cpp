// The L2 book against a std::map reference on random LEVEL/CLEAR/SNAPSHOT
// streams: prices near a moving touch, wide and negative prices and far
// outliers up to the ends of int64, checked after every event.
#include <catch2/catch.hpp>

#include <climits>
#include <cmath>
#include <string>
#include <cstdint>
#include <map>
#include <random>
#include <vector>

#include "market_events.hpp"
#include "sigmax/market/l2_book.hpp"

using namespace sigmax;
using namespace sigmax::md;
using namespace sigmax::md::test;

namespace {

// a + b wrapping around int64 (every int64 is a legal price).
std::int64_t wrap_add(std::int64_t a, std::int64_t b) {
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}

struct Reference {
    std::map<std::int64_t, std::int64_t> side[2];
    void clear(std::uint8_t s) {
        if (s != kSell) side[0].clear();
        if (s != kBuy) side[1].clear();
    }
};

// Levels of side s of the reference, best first.
std::vector<std::pair<std::int64_t, std::int64_t>> ref_depth(const Reference& r, Side s) {
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    const auto& m = r.side[static_cast<std::size_t>(s)];
    if (s == Side::Buy) for (auto it = m.rbegin(); it != m.rend(); ++it) out.emplace_back(it->first, it->second);
    else for (const auto& [p, q] : m) out.emplace_back(p, q);
    return out;
}

// Compares everything the book shows; returns the first difference or "".
std::string differs(const L2Book& b, const Reference& r, const std::vector<std::int64_t>& probes) {
    std::vector<BookLevel> out;
    for (const Side s : {Side::Buy, Side::Sell}) {
        const auto want = ref_depth(r, s);
        if (b.level_count(s) != want.size()) return "level_count";
        out.assign(want.size() + 1, BookLevel{});
        const std::size_t n = b.depth(s, out);
        if (n != want.size()) return "depth size";
        for (std::size_t i = 0; i < n; ++i)
            if (out[i].price != want[i].first || out[i].quantity != want[i].second) return "depth level";
        if (!want.empty()) {  // a short span stops early
            BookLevel one{};
            if (b.depth(s, std::span<BookLevel>(&one, 1)) != 1 || one.price != want[0].first) return "depth of 1";
        }
        for (const std::int64_t p : probes) {
            const auto& m = r.side[static_cast<std::size_t>(s)];
            const auto it = m.find(p);
            if (b.quantity_at(s, p) != (it == m.end() ? 0 : it->second)) return "quantity_at";
        }
    }
    const Quote q = b.best();
    const auto bids = ref_depth(r, Side::Buy), asks = ref_depth(r, Side::Sell);
    if (q.has_bid != !bids.empty() || q.has_ask != !asks.empty()) return "best presence";
    if (!bids.empty() && (q.bid_price != bids[0].first || q.bid_quantity != bids[0].second)) return "best bid";
    if (!asks.empty() && (q.ask_price != asks[0].first || q.ask_quantity != asks[0].second)) return "best ask";
    if (b.crossed() != (!bids.empty() && !asks.empty() && bids[0].first >= asks[0].first)) return "crossed";
    return "";
}

void run_stream(std::uint64_t seed, std::size_t events, std::int64_t start) {
    std::mt19937_64 rng(seed);
    L2Book book;
    Reference ref;
    BookChecks checks{};
    std::int64_t touch = start;
    std::vector<std::int64_t> recent;
    auto pick_price = [&]() -> std::int64_t {
        const auto r = rng() % 1000;
        if (r < 2) {  // the ends of int64 and around zero
            const std::int64_t ends[] = {INT64_MIN, INT64_MIN + 1, INT64_MAX, INT64_MAX - 1, 0, -1, 1};
            return ends[rng() % 7];
        }
        if (r < 10) return static_cast<std::int64_t>(rng());                 // anywhere
        if (r < 20) return wrap_add(touch, static_cast<std::int64_t>(rng() % 4000000) - 2000000);  // past the window
        if (r < 60 && !recent.empty()) return recent[rng() % recent.size()];  // an existing level
        if (r < 70) touch = wrap_add(touch, static_cast<std::int64_t>(rng() % 2001) - 1000);  // the touch jumps
        // log-uniform distance from the touch
        const std::int64_t d = static_cast<std::int64_t>(std::exp2(static_cast<double>(rng() % 1700) / 100.0));
        return wrap_add(touch, rng() % 2 ? d : -d);
    };
    for (std::size_t i = 0; i < events; ++i) {
        const auto r = rng() % 10000;
        Event e;
        if (r < 3) e = mark(SGX_MD_CLEAR, static_cast<std::uint8_t>(rng() % 3));
        else if (r < 5) e = mark(SGX_MD_SNAPSHOT_BEGIN);
        else if (r < 8) e = mark(SGX_MD_SNAPSHOT_END, kBoth, SGX_MD_F_LAST);
        else {
            const std::int64_t p = pick_price();
            const auto s = static_cast<std::uint8_t>(rng() % 2);
            const std::int64_t q = rng() % 3 == 0 ? 0 : static_cast<std::int64_t>(rng() % 1000) + 1;
            e = level(s, p, q);
            recent.push_back(p);
            if (recent.size() > 256) recent.erase(recent.begin());
        }
        book.apply(e, checks);
        if (e.kind == SGX_MD_LEVEL) {
            auto& m = ref.side[e.side];
            if (e.quantity == 0) m.erase(e.price);
            else m[e.price] = e.quantity;
        } else if (e.kind == SGX_MD_CLEAR) {
            ref.clear(e.side);
        } else if (e.kind == SGX_MD_SNAPSHOT_BEGIN) {
            ref.clear(kBoth);
        }
        const std::vector<std::int64_t> probes = {e.price, wrap_add(e.price, -1), wrap_add(e.price, 1), touch, INT64_MIN, INT64_MAX};
        const std::string what = differs(book, ref, probes);
        INFO("seed " << seed << " event " << i << " price " << e.price);
        REQUIRE(what == "");
    }
}

}  // namespace

TEST_CASE("the ladder book shows the reference map's levels after every event of a random stream") {
    for (std::uint64_t seed = 1; seed <= 4; ++seed) run_stream(seed, 5000, 0);
}

TEST_CASE("the ladder book matches the reference near the ends of int64 without overflow") {
    run_stream(101, 6000, INT64_MAX - 3000);
    run_stream(102, 6000, INT64_MIN + 3000);
}

TEST_CASE("the ladder book matches the reference with negative prices around a touch that moves far") {
    run_stream(201, 6000, -1000000);
    run_stream(202, 6000, -5);
}
