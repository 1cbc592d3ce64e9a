// Times the Binance converter on a recording: median of N runs (default 5),
// events into a sink that only counts them (what the converter costs, not
// where its events go), then the converter's summary and the machine line.
//
//   sigmax_convert_binance_timing FILE [RUNS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "machine.hpp"
#include "sigmax/market/binance.hpp"
#include "sigmax/market/summary.hpp"

namespace {

class CountingSink final : public sigmax::md::EventSink {
public:
    sigmax::Status add_symbol(const sigmax::md::SymbolRecord&) override { return sigmax::Status::Ok; }
    sigmax::Status write(const sigmax::md::Event& e) override {
        checksum += static_cast<std::uint64_t>(e.price) ^ static_cast<std::uint64_t>(e.quantity);
        return sigmax::Status::Ok;
    }
    std::uint64_t checksum = 0;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE [RUNS]\n", argv[0]);
        return 2;
    }
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
    std::vector<double> seconds;
    sigmax::md::ConvertSummary summary;
    for (int i = 0; i < runs; ++i) {
        CountingSink sink;
        sigmax::md::ConvertError error;
        const auto start = std::chrono::steady_clock::now();
        const sigmax::Status st = sigmax::md::convert_binance({argv[1]}, sink, {}, summary, error);
        const auto stop = std::chrono::steady_clock::now();
        if (st != sigmax::Status::Ok) {
            std::fprintf(stderr, "%s\n", error.message().c_str());
            return 1;
        }
        seconds.push_back(std::chrono::duration<double>(stop - start).count());
    }
    std::vector<double> sorted = seconds;
    std::sort(sorted.begin(), sorted.end());
    std::printf("%s", sigmax::md::describe(summary).c_str());
    std::printf("runs:");
    for (double s : seconds) std::printf(" %.3f", s);
    std::printf(" s\nmedian of %d: %.3f s (%.1f M events/s)\n", runs, sorted[sorted.size() / 2],
                static_cast<double>(summary.events) / sorted[sorted.size() / 2] / 1e6);
    std::printf("machine: %s\n", sigmax::cli::describe(sigmax::cli::read_machine_info()).c_str());
    return 0;
}
