// The paired A/B benchmark's driver (see scripts/ab-pair.sh): runs version A
// and version B alternately in one process, so that both runs of a pair see
// the same phase of a noisy machine, and reports the median of the per-pair
// ratios B/A and how many pairs B won.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <cstdint>

extern "C" double run_a(int mode, std::uint64_t events);
extern "C" double run_b(int mode, std::uint64_t events);

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    const int pairs = argc > 1 ? std::atoi(argv[1]) : 10;
    const int mode = argc > 2 ? std::atoi(argv[2]) : 0;
    const long long events = argc > 3 ? std::atoll(argv[3]) : 2'000'000;
    if (pairs < 1 || (mode != 0 && mode != 1) || events < 1) {
        std::fprintf(stderr, "usage: %s PAIRS MODE [EVENTS] (MODE 0 end to end, 1 matching thread alone)\n", argv[0]);
        return 2;
    }
    std::vector<double> a, b, ratio;
    int b_wins = 0;
    for (int i = 0; i < pairs; ++i) {
        // Alternate which side goes first, so that neither always runs warm.
        double x = 0, y = 0;
        if (i % 2 == 0) {
            x = run_a(mode, static_cast<std::uint64_t>(events));
            y = run_b(mode, static_cast<std::uint64_t>(events));
        } else {
            y = run_b(mode, static_cast<std::uint64_t>(events));
            x = run_a(mode, static_cast<std::uint64_t>(events));
        }
        if (x <= 0 || y <= 0) {
            std::fprintf(stderr, "a run lost fills: %s is broken\n", x <= 0 ? "A" : "B");
            return 1;
        }
        a.push_back(x);
        b.push_back(y);
        ratio.push_back(y / x);
        b_wins += y > x;
    }
    std::printf("%s, %d pairs: A median %.2f M events/s, B median %.2f M; B/A per pair: median %.3f (%.3f - %.3f), B won %d\n",
                mode == 1 ? "matching thread alone" : "end to end", pairs, median(a) / 1e6, median(b) / 1e6,
                median(ratio), *std::min_element(ratio.begin(), ratio.end()),
                *std::max_element(ratio.begin(), ratio.end()), b_wins);
}
