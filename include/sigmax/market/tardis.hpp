// Tardis.dev downloadable CSV datasets -> market-data events.
//
// Reads incremental_book_L2, trades and book_snapshot_N files (plain or
// gzip), each recognised by its header row, merged by local_timestamp (ties
// keep the order the files were given). docs/market_data.md ("Tardis.dev
// CSV") states every mapping rule; in short:
//   incremental_book_L2: one LEVEL per row (absolute amount, 0 removes);
//     rows of one symbol with the same local_timestamp are one update, LAST
//     on its final event; a run of is_snapshot=true rows is wrapped in
//     SNAPSHOT_BEGIN ... SNAPSHOT_END (it replaces the book); rows before a
//     symbol's first snapshot are skipped (counted).
//   trades: TRADE (side buy/sell is the aggressor; unknown -> side NONE,
//     flag NO_AGGRESSOR); order_id = the trade id when it is a number.
//   book_snapshot_N: each row is SNAPSHOT_BEGIN, its levels, SNAPSHOT_END:
//     a top-N view that replaces the book, not full depth.
// Timestamps are microseconds in the files, nanoseconds in the events.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sigmax/market/convert.hpp"

namespace sigmax::md {

// Converts the files at `input_paths` (any mix of the supported types).
Status convert_tardis(const std::vector<std::string>& input_paths, EventSink& sink, const ConvertOptions& options,
                      ConvertSummary& summary, ConvertError& error);

// One in-memory input: its name (used in errors) and content (plain or gzip).
struct NamedBytes {
    std::string name;
    std::string_view bytes;
};

// The same on in-memory content (tests, fuzzing).
Status convert_tardis_bytes(const std::vector<NamedBytes>& inputs, EventSink& sink, const ConvertOptions& options,
                            ConvertSummary& summary, ConvertError& error);

}  // namespace sigmax::md
