// `sigmax-exec gen` and `sigmax-exec replay`.
#pragma once

#include <string>

#include "workload.hpp"

namespace sigmax::cli {

struct GenOptions {
    WorkloadParams workload;
    std::string output;
    std::string format;  // "csv", "binary", or "" = from the extension (.bin = binary)
};

struct ReplayOptions {
    std::string input;
    std::string fills_path;
    bool json = false;
};

int run_gen(const GenOptions& options);
int run_replay(const ReplayOptions& options);

}  // namespace sigmax::cli
