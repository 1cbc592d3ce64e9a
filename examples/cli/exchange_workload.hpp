// The `exchange` workload of `sigmax-exec bench`: the shape of a public
// matching-engine benchmark harness, one symbol, order entry in integer
// ticks and lots with client-chosen order ids.
//
// The stream opens with orders/20 GTC orders 1..100 ticks behind the
// starting mid (the opening book). Then messages are drawn from splitmix64
// (seeded from the seed and the price path) until `orders` new orders have
// been sent, with shares chosen so that the whole stream, opening included,
// has about 2 x orders messages and this mix:
//   41% cancel of a resting order, chosen uniformly among all resting ones,
//    9% modify of a resting order, chosen the same way: cancel and reinsert
//       under the same client id with an absolute new quantity (1..100 lots),
//       losing priority; half of them keep the price, half take a new one
//       drawn as for a new GTC order;
//   50% new order, side 50/50, client id 1, 2, 3 ... in order:
//       7.5% IOC of 1..20 lots priced 0..3 ticks through the mid (it takes
//       liquidity); the rest GTC limit of 1..100 lots at the mid to 19
//       ticks behind it (buys below the mid, sells above).
// While nothing rests, a message drawn as a cancel or modify is a new order
// instead (the measured shares, in ExchangeWorkload, include that).
// The mid follows one of four price paths, starting at 100000 ticks:
//   static:   constant;
//   normal:   a random walk, one tick up or down or none every 4 messages
//             (reflected at 50000);
//   swinging: +-2000 ticks over a period of 500,000 messages, each half
//             period half a parabola (a sine-like curve in integers);
//   crashing: a fall of one tick every 40 messages (-50000 over 2,000,000
//             messages), down to 25000 at most.
// On the static path the book holds about the opening's size throughout;
// on the others the moving mid trades through the side it moves into, and
// the book stays shallow (ExchangeWorkload::max_resting, and the bench's
// trade counts, show how much).
// Cancels and modifies always name a resting order: the generator runs the
// orders through the textbook book (exchange_baseline.hpp) as it goes, so
// it knows which have filled.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sigmax/types.hpp"

namespace sigmax::cli {

struct ExchangeMsg {
    enum class Kind : std::uint8_t { New, Cancel, Modify };
    Kind kind = Kind::New;
    Side side = Side::Buy;  // New, Modify (the resting order's side, as a FIX cancel/replace carries it)
    bool ioc = false;       // New
    std::uint64_t id = 0;   // the client's order id
    std::int64_t price = 0; // ticks: New, Modify (the new price)
    std::int64_t lots = 0;  // New, Modify (the new quantity)
};
static_assert(sizeof(ExchangeMsg) == 32);

enum class PricePath : std::uint8_t { Static, Normal, Swinging, Crashing };
inline constexpr std::array<PricePath, 4> kPricePaths = {PricePath::Static, PricePath::Normal, PricePath::Swinging,
                                                         PricePath::Crashing};
inline constexpr std::array<std::string_view, 4> kPricePathNames = {"static", "normal", "swinging", "crashing"};
inline std::string_view name_of(PricePath p) { return kPricePathNames[static_cast<std::size_t>(p)]; }

struct ExchangeParams {
    std::uint64_t orders = 1'000'000;  // new orders
    std::uint64_t seed = 1;
};

struct ExchangeWorkload {
    ExchangeParams params;
    PricePath path = PricePath::Static;
    std::vector<ExchangeMsg> msgs;
    std::uint64_t new_orders = 0, ioc_orders = 0, cancels = 0, modifies = 0;
    std::uint64_t opening_orders = 0;  // the leading new orders that open the book
    std::uint64_t max_resting = 0;     // most orders resting at once
    std::uint64_t max_id = 0;       // largest client id

    double cancel_share() const { return share(cancels, msgs.size()); }
    double modify_share() const { return share(modifies, msgs.size()); }
    double ioc_share() const { return share(ioc_orders, new_orders); }  // of new orders

private:
    static double share(std::uint64_t n, std::uint64_t of) {
        return of ? static_cast<double>(n) / static_cast<double>(of) : 0.0;
    }
};

ExchangeWorkload generate_exchange(const ExchangeParams& p, PricePath path);

// "2000123 messages: 1000000 new (7.50% IOC), 41.00% cancel, 9.00% modify"
std::string describe(const ExchangeWorkload& w);

}  // namespace sigmax::cli
