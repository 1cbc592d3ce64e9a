// Helpers for the converter tests: compress bytes as gzip or zstd, and
// compact views of events for comparisons.
#pragma once

#include <zlib.h>
#include <zstd.h>

#include <cstdint>
#include <string>
#include <vector>

#include "sigmax/market/convert.hpp"

namespace mdtest {

inline std::string gzip(const std::string& plain) {
    z_stream zs{};
    deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&zs, static_cast<uLong>(plain.size())) + 64, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
    zs.avail_in = static_cast<uInt>(plain.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

inline std::string zstd(const std::string& plain) {
    std::string out(ZSTD_compressBound(plain.size()), '\0');
    const std::size_t n = ZSTD_compress(out.data(), out.size(), plain.data(), plain.size(), 3);
    out.resize(n);
    return out;
}

// kind, side, price, quantity, flags: what most expectations check.
struct Brief {
    int kind, side;
    std::int64_t price, quantity;
    int flags;
    bool operator==(const Brief&) const = default;
};

inline std::vector<Brief> briefs(const std::vector<sigmax::md::Event>& events) {
    std::vector<Brief> out;
    for (const auto& e : events) out.push_back({e.kind, e.side, e.price, e.quantity, e.flags});
    return out;
}

}  // namespace mdtest

namespace Catch {
template <>
struct StringMaker<mdtest::Brief> {
    static std::string convert(const mdtest::Brief& b) {
        return "{kind " + std::to_string(b.kind) + ", side " + std::to_string(b.side) + ", price " +
               std::to_string(b.price) + ", qty " + std::to_string(b.quantity) + ", flags " + std::to_string(b.flags) + "}";
    }
};
}  // namespace Catch
