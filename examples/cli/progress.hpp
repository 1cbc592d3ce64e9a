// The CLI's progress bar (bench rows, convert).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>

namespace sigmax::cli {

// A progress bar on stderr, redrawn at most every 100 ms once the work has
// run for a second (short work draws nothing); erased when it goes.
class Progress {
public:
    Progress(bool enabled, std::string label, std::size_t total)
        : enabled_(enabled), label_(std::move(label)), total_(total), start_(std::chrono::steady_clock::now()) {}
    void update(std::size_t done) {
        if (!enabled_ || total_ == 0) return;
        const auto now = std::chrono::steady_clock::now();
        if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(100)) return;
        last_ = now;
        const int width = 30;
        const int filled = static_cast<int>(static_cast<double>(width) * static_cast<double>(done) / static_cast<double>(total_));
        std::fprintf(stderr, "\r%-16s [%s%s] %3d%%", label_.c_str(), std::string(static_cast<std::size_t>(filled), '=').c_str(),
                     std::string(static_cast<std::size_t>(width - filled), ' ').c_str(),
                     static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(total_)));
        drawn_ = true;
    }
    // Erases the bar (before a message, or when the work ends).
    void clear() {
        if (drawn_) std::fprintf(stderr, "\r%-60s\r", "");
        drawn_ = false;
    }
    ~Progress() { clear(); }

private:
    bool enabled_;
    std::string label_;
    std::size_t total_;
    std::chrono::steady_clock::time_point start_, last_{};
    bool drawn_ = false;
};

}  // namespace sigmax::cli
