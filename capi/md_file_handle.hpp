// The event file behind an sgx_md_file* handle: one definition for every
// translation unit of the C API that opens one (sigmax_market.cpp) or reads
// one (sigmax_venue.cpp).
#pragma once

#include "sigmax/market/event_file.hpp"

struct sgx_md_file {
    sigmax::md::EventFile file;
};
