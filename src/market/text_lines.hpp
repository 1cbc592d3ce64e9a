// Reads a text input line by line, gzip-compressed or plain, from a file or
// from memory, in constant memory (one chunk plus the longest line).
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

#include "sigmax/market/convert.hpp"

namespace sigmax::md::detail {

constexpr std::size_t kLinePadding = 64;          // >= SIMDJSON_PADDING
constexpr std::size_t kMaxLineBytes = 256u << 20; // a longer line is an error

// Where bytes come from: gzread on a file (plain files pass through), or
// memory (inflated when it starts with the gzip magic).
class ByteSource {
public:
    virtual ~ByteSource() = default;
    // Reads up to n bytes; 0 at the end. False on an error (rule filled in).
    virtual bool read(char* out, std::size_t n, std::size_t& got, std::string& rule) = 0;
    // Input consumed so far and its total size (compressed bytes; 0 if unknown).
    virtual std::uint64_t consumed() const = 0;
    virtual std::uint64_t total() const = 0;
};

// Opens a file (gzip or plain). Null with error filled (SGX_ERR_IO) if it cannot.
std::unique_ptr<ByteSource> open_file_source(const std::string& path, ConvertError& error);
// Content in memory (gzip or plain); the view must outlive the source.
std::unique_ptr<ByteSource> memory_source(std::string_view content);

class LineReader {
public:
    explicit LineReader(std::unique_ptr<ByteSource> source);
    // The next line without its "\n" (and "\r"). 1: a line; 0: the end;
    // -1: an error (rule filled in; line_number() and offset() say where).
    int next(std::string_view& line, std::string& rule);
    // Bytes readable from line.data() onwards (>= line.size() + kLinePadding).
    std::size_t capacity_from(const char* p) const { return static_cast<std::size_t>(buffer_.data() + buffer_.size() - p); }
    std::uint64_t line_number() const { return line_number_; }
    std::uint64_t offset() const { return line_offset_; }  // decompressed offset of the current line
    const ByteSource& source() const { return *source_; }

private:
    bool refill(std::string& rule);

    std::unique_ptr<ByteSource> source_;
    std::vector<char> buffer_;   // [begin_, end_) unread data, then padding
    std::size_t begin_ = 0, end_ = 0;
    bool eof_ = false;
    std::uint64_t line_number_ = 0;
    std::uint64_t line_offset_ = 0, consumed_offset_ = 0;
};

}  // namespace sigmax::md::detail
