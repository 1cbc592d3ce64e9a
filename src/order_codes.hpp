// The check of an order's side, type and time in force, shared by both APIs.
#pragma once

#include <cstdint>

#include "sigmax/types.hpp"

namespace sigmax {

// Ok, or the status of the first bad code. A market order cannot be
// post-only: it never rests, so it could only be refused.
inline Status order_codes_status(std::uint8_t side, std::uint8_t type, std::uint8_t tif) noexcept {
    if (side > 1) return Status::InvalidSide;
    if (type > 1) return Status::InvalidType;
    if (tif > 3) return Status::InvalidTif;
    if (type == static_cast<std::uint8_t>(OrderType::Market) && tif == static_cast<std::uint8_t>(TimeInForce::PostOnly))
        return Status::InvalidTif;
    return Status::Ok;
}

}  // namespace sigmax
