// The L3 venue's exchange side (L3Exchange) and memory: no allocation in
// steady state (its event loop is the venue's hot path), and an allocation
// failure in apply(), rest() or take() returns NoMemory with everything as
// before the call (then the same call succeeds). This binary replaces the
// global operator new (alloc_hook.cpp).
#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "alloc_hook.hpp"
#include "market_events.hpp"
#include "sigmax/venue/l3_exchange.hpp"

using namespace sigmax;
using namespace sigmax::md::test;
using sigmax::venue::L3Exchange;
using sigmax::venue::PassiveFill;
using sigmax::venue::TakerFill;

namespace {

// One call on the exchange side: an event, a user order resting, or a take.
struct Op {
    enum Kind { Apply, Rest, Take } kind;
    md::Event event{};
    std::int64_t key = 0;
    Side side = Side::Buy;
    std::int64_t price = 0;
    std::int64_t lots = 0;
};

Op apply_op(const md::Event& e) { return Op{Op::Apply, e}; }
Op rest_op(std::int64_t key, Side side, std::int64_t price, std::int64_t lots) {
    return Op{Op::Rest, {}, key, side, price, lots};
}
Op take_op(Side side, std::int64_t limit, std::int64_t lots) { return Op{Op::Take, {}, 0, side, limit, lots}; }

Status run(L3Exchange& x, const Op& op, std::vector<PassiveFill>& passive, std::vector<TakerFill>& taker) {
    std::int64_t out = 0;
    switch (op.kind) {
    case Op::Apply: return x.apply(op.event, passive);
    case Op::Rest: return x.rest(op.key, op.side, op.price, op.lots, out);
    case Op::Take: return x.take(op.side, op.price, op.lots, false, false, taker, out);
    }
    return Status::Internal;
}

// A flow that grows every container: the real-order table past its first
// size, user orders, hidden levels, fills of several user orders at once.
std::vector<Op> growing_ops() {
    std::vector<Op> ops;
    std::uint64_t id = 1;
    for (std::int64_t k = 0; k < 40; ++k) {
        ops.push_back(apply_op(add(id++, kSell, 101 + k % 8, 1 + k % 4)));
        ops.push_back(apply_op(add(id++, kBuy, 100 - k % 8, 1 + k % 3)));
        if (k % 5 == 0) ops.push_back(rest_op(k, k % 2 ? Side::Sell : Side::Buy, k % 2 ? 101 + k % 8 : 100 - k % 8, 2));
    }
    ops.push_back(take_op(Side::Buy, 104, 12));
    ops.push_back(take_op(Side::Sell, 97, 9));
    for (std::uint64_t k = 1; k < 80; k += 3) ops.push_back(apply_op(fill(k, 0, 1)));
    for (std::uint64_t k = 2; k < 80; k += 7) ops.push_back(apply_op(modify(k, kBuy, 90, 5)));
    for (std::uint64_t k = 5; k < 80; k += 5) ops.push_back(apply_op(cancel(k, 0)));
    ops.push_back(apply_op(mark(SGX_MD_CLEAR, kSell)));
    return ops;
}

// Everything observable: the replayed and the visible book, hidden lots per
// id, each user order's ahead, the checks.
std::string state(const L3Exchange& x) {
    std::string out;
    std::vector<md::BookLevel> levels(64);
    for (Side s : {Side::Buy, Side::Sell}) {
        std::size_t n = x.book().depth(s, levels);
        for (std::size_t i = 0; i < n; ++i) out += std::to_string(levels[i].price) + "x" + std::to_string(levels[i].quantity) + " ";
        n = x.visible_depth(s, levels);
        out += "| visible:";
        for (std::size_t i = 0; i < n; ++i) out += std::to_string(levels[i].price) + "x" + std::to_string(levels[i].quantity) + " ";
        out += "\n";
    }
    for (std::uint64_t id = 1; id <= 80; ++id) out += std::to_string(x.hidden_of(id)) + ",";
    out += "\nahead:";
    for (std::int64_t key = 0; key < 40; ++key) {
        std::int64_t a = 0;
        if (x.ahead(key, a) == Status::Ok) out += " " + std::to_string(key) + ":" + std::to_string(a);
    }
    const md::BookChecks& c = x.checks();
    out += "\nchecks " + std::to_string(c.events) + " " + std::to_string(c.invalid) + " " + std::to_string(c.ignored);
    return out;
}

}  // namespace

TEST_CASE("L3 venue: an allocation failure in apply, rest or take changes nothing and returns NoMemory",
          "[venue][l3][alloc]") {
    const std::vector<Op> ops = growing_ops();
    // Allocations each op makes, on a fresh exchange that has applied the ops before it.
    std::vector<std::uint64_t> allocations(ops.size());
    {
        L3Exchange x(0, 16);
        std::vector<PassiveFill> passive;
        std::vector<TakerFill> taker;
        for (std::size_t i = 0; i < ops.size(); ++i) {
            const std::uint64_t before = alloc_hook::count();
            REQUIRE(run(x, ops[i], passive, taker) == Status::Ok);
            allocations[i] = alloc_hook::count() - before;
        }
    }
    std::size_t failures = 0;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        for (std::uint64_t k = 1; k <= allocations[i]; ++k) {
            L3Exchange x(0, 16);
            std::vector<PassiveFill> passive;
            std::vector<TakerFill> taker;
            for (std::size_t j = 0; j < i; ++j) REQUIRE(run(x, ops[j], passive, taker) == Status::Ok);
            const std::string before = state(x);
            alloc_hook::fail_at(k);
            const Status st = run(x, ops[i], passive, taker);
            alloc_hook::fail_at(0);
            INFO("op " << i << ", allocation " << k);
            REQUIRE(alloc_hook::failed());
            REQUIRE(st == Status::NoMemory);
            CHECK(state(x) == before);
            CHECK(passive.empty());
            CHECK(taker.empty());
            REQUIRE(run(x, ops[i], passive, taker) == Status::Ok);  // usable, and the call now succeeds
            ++failures;
        }
    }
    CHECK(failures > 5);  // the flow does reach the allocating paths
}

TEST_CASE("L3 venue: the exchange side allocates nothing in steady state", "[venue][l3][alloc]") {
    L3Exchange x(0, 4096);
    std::vector<PassiveFill> passive;
    std::vector<TakerFill> taker;
    std::mt19937_64 rng(7);
    std::vector<std::uint64_t> live;
    std::size_t head = 0;
    std::uint64_t next_id = 1;
    std::int64_t next_key = 1;
    std::vector<std::int64_t> keys;
    std::int64_t taken = 0;
    std::size_t passive_fills = 0;
    // A bounded flow: adds near the touch, cancels and fills of the oldest,
    // modifies, user orders resting and leaving, takes.
    const auto step = [&] {
        const int what = static_cast<int>(rng() % 12);
        const bool sell = rng() % 2;
        const std::int64_t price = sell ? 101 + static_cast<std::int64_t>(rng() % 5) : 100 - static_cast<std::int64_t>(rng() % 5);
        const std::int64_t qty = 1 + static_cast<std::int64_t>(rng() % 4);
        const std::size_t resting = live.size() - head;  // about: fills and modifies also remove some
        if ((what < 6 && resting < 300) || resting < 100) {
            REQUIRE(x.apply(add(next_id, sell ? kSell : kBuy, price, qty), passive) == Status::Ok);
            live.push_back(next_id++);
        } else if (what < 8) {  // the oldest leaves: the live set stays bounded
            REQUIRE(x.apply(cancel(live[head++], 0), passive) == Status::Ok);
        } else if (what < 9) {
            REQUIRE(x.apply(fill(live[head], 0, 1), passive) == Status::Ok);
        } else if (what < 10) {
            REQUIRE(x.apply(modify(live[head], sell ? kSell : kBuy, price, qty), passive) == Status::Ok);
        } else if (what < 11) {
            if (keys.size() < 8) {
                std::int64_t a = 0;
                REQUIRE(x.rest(next_key, sell ? Side::Sell : Side::Buy, price, 1, a) == Status::Ok);
                keys.push_back(next_key++);
            } else {
                REQUIRE(x.remove(keys.front()) == Status::Ok);
                keys.erase(keys.begin());  // no allocation: erase shifts within the vector
            }
        } else {
            std::int64_t filled = 0;
            REQUIRE(x.take(sell ? Side::Sell : Side::Buy, sell ? 98 : 103, qty, false, rng() % 2 == 0, taker, filled) ==
                    Status::Ok);
            taken += filled;
        }
        passive_fills += passive.size();
        if (head > 1024) {  // keep the live set bounded
            live.erase(live.begin(), live.begin() + static_cast<std::ptrdiff_t>(head));
            head = 0;
        }
    };
    live.reserve(4096);
    keys.reserve(16);
    for (int i = 0; i < 20000; ++i) step();  // warm up: every container reaches its size
    taken = 0;
    passive_fills = 0;
    const std::uint64_t before = alloc_hook::count();
    for (int i = 0; i < 20000; ++i) step();
    CHECK(alloc_hook::count() - before == 0);
    CHECK(taken > 0);  // the measured flow does take and fill
    CHECK(passive_fills > 0);
}
