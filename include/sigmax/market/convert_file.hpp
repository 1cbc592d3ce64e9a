// A feed recording into an event file, by the converter a format names: what
// `sigmax-exec convert`, sgx_md_convert() and Python's market.convert() run.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sigmax/market/convert.hpp"

namespace sigmax::md {

// The formats convert_to_file() knows: "binance", "tardis", "dbn".
bool is_known_format(std::string_view format) noexcept;

// Converts `inputs` (several files: Binance and Tardis; one: DBN) into the
// event file `output`, written atomically: it appears only when everything
// converted. On failure `error` names the file, the line or offset and the
// rule, and nothing is left at `output` (an older file there stays as it was).
// Statuses: Ok, Format, Io, InvalidConfig (unknown format, bad options).
Status convert_to_file(std::string_view format, const std::vector<std::string>& inputs, const std::string& output,
                       const ConvertOptions& options, ConvertSummary& summary, std::string& error);

}  // namespace sigmax::md
