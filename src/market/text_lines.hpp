// Reads a text input line by line from a ByteStream (plain, gzip or zstd, a
// file or memory), in constant memory (one chunk plus the longest line).
//
// Every line handed out is followed in memory by at least kLinePadding
// readable bytes, so a JSON parser that reads past the end (simdjson) can
// parse it in place.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "byte_stream.hpp"
#include "sigmax/market/convert.hpp"

namespace sigmax::md::detail {

constexpr std::size_t kLinePadding = 64;          // >= SIMDJSON_PADDING
constexpr std::size_t kMaxLineBytes = 256u << 20; // a longer line is an error

class LineReader {
public:
    explicit LineReader(std::unique_ptr<ByteStream> source);
    // The next line without its "\n" (and "\r"). 1: a line; 0: the end;
    // -1: an error (rule filled in; line_number() and offset() say where).
    int next(std::string_view& line, std::string& rule);
    // Bytes readable from line.data() onwards (>= line.size() + kLinePadding).
    std::size_t capacity_from(const char* p) const { return static_cast<std::size_t>(buffer_.data() + buffer_.size() - p); }
    std::uint64_t line_number() const { return line_number_; }
    std::uint64_t offset() const { return line_offset_; }  // decompressed offset of the current line
    const ByteStream& source() const { return *source_; }

private:
    bool refill(std::string& rule);

    std::unique_ptr<ByteStream> source_;
    std::vector<char> buffer_;   // [begin_, end_) unread data, then padding
    std::size_t begin_ = 0, end_ = 0;
    bool eof_ = false;
    std::uint64_t line_number_ = 0;
    std::uint64_t line_offset_ = 0, consumed_offset_ = 0;
};

}  // namespace sigmax::md::detail
