// Shared pieces of the feed converters.
#include "sigmax/market/convert.hpp"

namespace sigmax::md {

std::string ConvertError::message() const {
    if (file.empty()) return rule;  // not about an input: the options
    if (line != 0) return file + ":" + std::to_string(line) + ": " + rule;
    return file + "@" + std::to_string(offset) + ": " + rule;
}

}  // namespace sigmax::md
