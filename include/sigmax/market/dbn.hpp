// Databento DBN market-by-order (MBO) files -> market-data events.
//
// DBN versions 1, 2 and 3, plain or zstd-compressed (recognised by the zstd
// magic). The metadata's schema must be MBO. docs/market_data.md ("Databento
// DBN MBO") states every rule; in short, per MBO record:
//   action A -> ADD, C -> CANCEL (quantity = the size cancelled), M -> MODIFY,
//   R -> CLEAR (both sides), F -> FILL (side of the resting order),
//   T -> TRADE (side = the aggressor's; N -> NO_AGGRESSOR), N -> skipped (counted).
//   flags F_LAST -> SGX_MD_F_LAST, F_SNAPSHOT -> SGX_MD_F_SNAPSHOT (a snapshot
//   run is wrapped in SNAPSHOT_BEGIN ... SNAPSHOT_END), F_MAYBE_BAD_BOOK ->
//   SGX_MD_F_GAP (counted in summary.gaps).
//   exch_ts = ts_event, local_ts = ts_recv, sequence = the venue's sequence.
// Prices are DBN's fixed-point 1e-9 units: the tick is 1e-9 unless
// ConvertOptions::tick_size gives a coarser one (every price must sit on it).
// Symbols come from the metadata's symbol mappings (instrument id -> raw
// symbol), or are named by their instrument id when no mapping names them.
#pragma once

#include <string>
#include <string_view>

#include "sigmax/market/convert.hpp"

namespace sigmax::md {

Status convert_dbn(const std::string& input_path, EventSink& sink, const ConvertOptions& options,
                   ConvertSummary& summary, ConvertError& error);

// The same on in-memory content (tests, fuzzing); `name` names it in errors.
Status convert_dbn_bytes(std::string_view bytes, const std::string& name, EventSink& sink,
                         const ConvertOptions& options, ConvertSummary& summary, ConvertError& error);

}  // namespace sigmax::md
