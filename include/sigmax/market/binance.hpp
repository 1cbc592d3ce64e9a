// Binance raw-stream recordings -> market-data events.
//
// Input: text, gzip-compressed or plain, one message a line:
// `<local receive time> <websocket JSON>` (the hftbacktest collector's
// format), with combined-stream `depthUpdate`, `trade` and `bookTicker`
// messages and REST depth snapshot lines, from spot, USD(S)-M or COIN-M
// futures. docs/market_data.md ("Binance") gives the mapping and the rules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sigmax/market/convert.hpp"

namespace sigmax::md {

// Converts the files in order (one recording split across files, e.g. by
// day: the book's update-id chain and local time continue from file to
// file). Reads each file twice (first to find the symbols and their grids),
// streaming, in constant memory. Returns Status::Ok, Status::Format (bad
// content; `error` names file, line and rule), Status::Io (a file cannot be
// read), Status::InvalidConfig (an option is unusable) or a status of the sink.
Status convert_binance(const std::vector<std::string>& input_paths, EventSink& sink,
                       const ConvertOptions& options, ConvertSummary& summary, ConvertError& error);

// The same for content already in memory (gzip or plain); `name` is the file
// name errors report. For tests and fuzzing.
Status convert_binance_bytes(std::string_view content, std::string_view name, EventSink& sink,
                             const ConvertOptions& options, ConvertSummary& summary, ConvertError& error);

}  // namespace sigmax::md
