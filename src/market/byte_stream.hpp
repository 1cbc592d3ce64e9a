// Decompressed bytes of one converter input (a file or memory), read in
// order with bounded memory: gzip (zlib) and zstd (libzstd streaming) are
// recognised by their magic bytes, anything else is read as is.
//
// Internal to the converters; errors name the input and the rule broken.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sigmax/market/convert.hpp"

namespace sigmax::md::detail {

enum class Compression : std::uint8_t { None, Gzip, Zstd };

class ByteStream {
public:
    ByteStream();
    ~ByteStream();
    ByteStream(const ByteStream&) = delete;
    ByteStream& operator=(const ByteStream&) = delete;

    // Opens `path` (Status::Io with `error` filled if it cannot be opened).
    Status open_file(const std::string& path, ConvertError& error);
    // Reads `bytes` (owned by the caller, alive while reading); `name` names it in errors.
    Status open_memory(std::string_view bytes, const std::string& name, ConvertError& error);

    // Appends up to `capacity` decompressed bytes to `out`; `got` = 0 at the end.
    // A compressed stream that ends before its end marker is a Format error.
    Status read(char* out, std::size_t capacity, std::size_t& got, ConvertError& error);

    const std::string& name() const { return name_; }
    Compression compression() const { return compression_; }
    std::uint64_t raw_consumed() const { return raw_consumed_; }   // compressed bytes read
    std::uint64_t raw_total() const { return raw_total_; }         // 0 if unknown
    std::uint64_t decompressed() const { return decompressed_; }   // bytes handed out

private:
    Status start(ConvertError& error);
    Status fill_raw(ConvertError& error);  // refills raw_ from the file or memory
    // Makes compressed bytes available; `ended` at the end of the input, an
    // error (`truncated_rule`, %s = bytes read) if a frame is still open there.
    Status need_raw(const char* truncated_rule, bool& ended, ConvertError& error);
    Status read_gzip(char* out, std::size_t capacity, std::size_t& got, ConvertError& error);
    Status read_zstd(char* out, std::size_t capacity, std::size_t& got, ConvertError& error);
    Status fail(Status status, std::string rule, ConvertError& error) const;

    std::string name_;
    std::FILE* file_ = nullptr;
    std::string_view memory_;
    std::vector<char> raw_;        // compressed bytes not yet consumed: [raw_pos_, raw_end_)
    std::size_t raw_pos_ = 0, raw_end_ = 0;
    bool raw_eof_ = false;
    std::uint64_t raw_consumed_ = 0, raw_total_ = 0, decompressed_ = 0;
    Compression compression_ = Compression::None;
    struct Codec;                   // zlib / zstd state
    std::unique_ptr<Codec> codec_;
    bool frame_open_ = false;       // inside a gzip member or zstd frame
};

// Buffered reading on top of a ByteStream: whole lines (CSV) or exact byte
// counts (binary records). Views stay valid until the next call.
class BufferedReader {
public:
    explicit BufferedReader(ByteStream& stream) : stream_(stream) {}

    // The next line without its "\n" (and "\r"); `eof` when none is left.
    // A line longer than `max_line` bytes is a Format error.
    Status next_line(std::string_view& line, bool& eof, ConvertError& error,
                     std::size_t max_line = 1u << 20);
    // Exactly `count` bytes, or fewer when the input ends first.
    Status take(std::size_t count, std::string_view& bytes, ConvertError& error);
    // Byte offset (in the decompressed input) of the next unread byte.
    std::uint64_t offset() const { return consumed_; }
    bool at_end(ConvertError& error, Status& status);

private:
    Status refill(ConvertError& error, bool& eof);  // reads more, keeping [pos_, end_)
    ByteStream& stream_;
    std::vector<char> buf_ = std::vector<char>(1u << 16);
    std::size_t pos_ = 0, end_ = 0;
    std::uint64_t consumed_ = 0;
};

}  // namespace sigmax::md::detail
