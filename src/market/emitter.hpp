// Hands a converter's symbols and events to the sink and keeps the summary
// (events by kind, time span) on the way. Internal to the converters.
#pragma once

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

#include "sigmax/market/convert.hpp"

namespace sigmax::md::detail {

class Emitter {
public:
    Emitter(EventSink& sink, ConvertSummary& summary) : sink_(sink), summary_(summary) {}

    Status emit(const Event& event) {
        if (summary_.events == 0) {
            summary_.first_local_ts = event.local_ts;
            summary_.first_exch_ts = event.exch_ts;
        }
        summary_.last_local_ts = event.local_ts;
        summary_.last_exch_ts = event.exch_ts;
        ++summary_.events;
        if (event.kind < summary_.events_by_kind.size()) ++summary_.events_by_kind[event.kind];
        return sink_.write(event);
    }

    Status add_symbol(const SymbolRecord& symbol) { return sink_.add_symbol(symbol); }

private:
    EventSink& sink_;
    ConvertSummary& summary_;
};

// A symbol record; false if the name does not fit its 32-byte field. A venue
// longer than its 16-byte field is cut to 16 bytes (NUL-padded, unterminated when full).
inline bool make_symbol(std::string_view name, std::string_view venue, double tick, double lot,
                        const ConvertOptions& options, std::uint32_t id, SymbolRecord& out) {
    out = SymbolRecord{};
    if (name.empty() || name.size() > sizeof out.name) return false;
    std::memcpy(out.name, name.data(), name.size());
    std::memcpy(out.venue, venue.data(), std::min(venue.size(), sizeof out.venue));
    out.tick_size = tick;
    out.lot_size = lot;
    out.contract_size = options.contract_size;
    out.id = id;
    out.inverse = options.inverse ? 1 : 0;
    return true;
}

inline Event make_event(std::uint8_t kind, std::uint32_t symbol, std::int64_t exch_ts, std::int64_t local_ts) {
    Event e{};
    e.kind = kind;
    e.symbol = symbol;
    e.exch_ts = exch_ts;
    e.local_ts = local_ts;
    e.side = SGX_MD_SIDE_NONE;
    return e;
}

}  // namespace sigmax::md::detail
