// Hand-made market-data events for the book and file tests.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

#include "sigmax/market/convert.hpp"

namespace sigmax::md::test {

inline constexpr std::uint8_t kBuy = SGX_SIDE_BUY;
inline constexpr std::uint8_t kSell = SGX_SIDE_SELL;
inline constexpr std::uint8_t kBoth = SGX_MD_SIDE_NONE;

inline Event event(std::uint8_t kind, std::uint8_t side, std::int64_t price, std::int64_t quantity,
                   std::uint64_t order_id = 0, std::uint16_t flags = SGX_MD_F_LAST, std::int64_t ts = 0) {
    Event e{};
    e.exch_ts = ts;
    e.local_ts = ts;
    e.kind = kind;
    e.side = side;
    e.price = price;
    e.quantity = quantity;
    e.order_id = order_id;
    e.flags = flags;
    return e;
}
inline Event level(std::uint8_t side, std::int64_t price, std::int64_t qty, std::uint16_t flags = SGX_MD_F_LAST) {
    return event(SGX_MD_LEVEL, side, price, qty, 0, flags);
}
inline Event add(std::uint64_t id, std::uint8_t side, std::int64_t price, std::int64_t qty) {
    return event(SGX_MD_ADD, side, price, qty, id);
}
inline Event cancel(std::uint64_t id, std::int64_t qty) { return event(SGX_MD_CANCEL, kBuy, 0, qty, id); }
inline Event fill(std::uint64_t id, std::int64_t price, std::int64_t qty) {
    return event(SGX_MD_FILL, kBuy, price, qty, id);
}
inline Event modify(std::uint64_t id, std::uint8_t side, std::int64_t price, std::int64_t qty) {
    return event(SGX_MD_MODIFY, side, price, qty, id);
}
inline Event mark(std::uint8_t kind, std::uint8_t side = kBoth, std::uint16_t flags = 0) {
    return event(kind, side, 0, 0, 0, flags);
}

inline SymbolRecord symbol(std::uint32_t id, const char* name, double tick = 0.1, double lot = 0.001) {
    SymbolRecord s{};
    std::strncpy(s.name, name, sizeof s.name - 1);
    std::strncpy(s.venue, "test", sizeof s.venue - 1);
    s.tick_size = tick;
    s.lot_size = lot;
    s.contract_size = 1.0;
    s.id = id;
    return s;
}

}  // namespace sigmax::md::test
