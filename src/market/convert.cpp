// Shared pieces of the feed converters.
#include "sigmax/market/convert.hpp"

namespace sigmax::md {

std::string ConvertError::message() const {
    if (line != 0) return file + ":" + std::to_string(line) + ": " + rule;
    return file + "@" + std::to_string(offset) + ": " + rule;
}

}  // namespace sigmax::md
