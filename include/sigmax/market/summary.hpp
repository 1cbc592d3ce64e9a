// A converter's closing summary in words, for a CLI or a log.
#pragma once

#include <string>

#include "sigmax/market/convert.hpp"

namespace sigmax::md {

// Several lines: input records, events by kind, local and exchange time
// span, gaps, skipped records, then each warning.
std::string describe(const ConvertSummary& summary);

}  // namespace sigmax::md
