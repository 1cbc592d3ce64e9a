// The `wide` workload of `sigmax-exec bench`: a book of many levels a side
// (10^5 by default) and operations spread uniformly across them, each tagged
// with what it does to the book, so the bench can report every kind's
// latency on its own.
//
// Book: one order (1.00 lot) at every other tick, `levels` levels a side
// around a mid of 100000.00 (tick 0.01, lot 0.01), built far levels first.
// Then `ops` operations, per operation:
//   5% a new level one level beyond the far end of a side,
//  30% an order at a uniformly random price between a side's best and worst
//      level: into an existing level, or a new one in a gap,
//  15% an order at one of the 16 ticks from a side's best level, behind it,
//  40% a cancel of a uniformly random resting order (of its level's several
//      orders, or its only one: the level goes),
//  10% a cancel of an order at one of a side's 16 best levels;
// and every `sweep_every` operations a market order that takes a side's
// best 100..`sweep_max` levels exactly, after which the swept levels are put
// back one at a time, far first, each a new level at the touch.
// Order ids are predicted (the engine numbers every order it executes 1, 2,
// 3 ... in order, market orders included), so the stream is fixed in advance
// and any engine with these rules can replay it.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "sigmax/types.hpp"

namespace sigmax::cli {

enum class WideKind : std::uint8_t {
    Build,           // building the book (not timed)
    NewFar,          // new level beyond the far end
    NewDeepLevel,    // new level in a gap inside the book
    AddDeep,         // order into an existing level anywhere in the book
    NewNear,         // new level within 16 ticks of the best
    AddNear,         // order into an existing level within 16 ticks of the best
    CancelDeep,      // cancel, anywhere; its level keeps other orders
    CancelDeepLevel, // cancel, anywhere; its level empties and goes
    CancelNear,      // cancel at one of the 16 best levels
    Sweep,           // market order through many levels
    Refill,          // new level at the touch, putting a swept level back
    Count
};

inline constexpr std::array<std::string_view, static_cast<std::size_t>(WideKind::Count)> kWideKindNames = {
    "build", "new level, far end", "new level, deep gap", "order into deep level", "new level near touch",
    "order into near level", "cancel deep", "cancel deep, empties level", "cancel near touch", "sweep (whole order)",
    "new level at touch (refill)"};
inline constexpr std::array<std::string_view, static_cast<std::size_t>(WideKind::Count)> kWideKindKeys = {
    "build", "new_far", "new_deep_level", "add_deep", "new_near", "add_near", "cancel_deep",
    "cancel_deep_level", "cancel_near", "sweep", "refill"};

struct WideOp {
    WideKind kind = WideKind::Build;
    bool cancel = false;
    OrderRequest order;          // !cancel
    std::uint64_t cancel_id = 0; // cancel
    std::uint32_t levels = 0;    // Sweep: levels it takes
};

struct WideParams {
    std::uint64_t levels = 100000;  // per side
    std::uint64_t ops = 200000;     // after the build
    std::uint64_t seed = 1;
    std::uint64_t sweep_every = 2000;
    std::uint32_t sweep_max = 2000;
};

struct WideWorkload {
    WideParams params;
    double tick_size = 0.01;
    double lot_size = 0.01;
    std::uint32_t symbol = 0;
    std::size_t build_ops = 0;        // leading ops that build the book
    std::uint64_t max_resting = 0;    // most orders resting at once
    std::vector<WideOp> ops;
};

WideWorkload generate_wide(const WideParams& p);

}  // namespace sigmax::cli
