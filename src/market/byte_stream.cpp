// Decompressing input streams for the converters (zlib for gzip, libzstd).
#include "byte_stream.hpp"

#include <sys/stat.h>

#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>

namespace sigmax::md::detail {

namespace {
constexpr std::size_t kRawChunk = 1u << 16;
constexpr unsigned char kGzipMagic[2] = {0x1f, 0x8b};
constexpr unsigned char kZstdMagic[4] = {0x28, 0xb5, 0x2f, 0xfd};
}  // namespace

struct ByteStream::Codec {
    z_stream zs{};
    bool zs_ready = false;
    ZSTD_DStream* zstd = nullptr;
    ~Codec() {
        if (zs_ready) inflateEnd(&zs);
        if (zstd != nullptr) ZSTD_freeDStream(zstd);
    }
};

ByteStream::ByteStream() = default;

ByteStream::~ByteStream() {
    if (file_ != nullptr) std::fclose(file_);
}

Status ByteStream::fail(Status status, std::string rule, ConvertError& error) const {
    error.file = name_;
    error.line = 0;
    error.offset = decompressed_;
    error.rule = std::move(rule);
    return status;
}

Status ByteStream::open_file(const std::string& path, ConvertError& error) {
    name_ = path;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
        return fail(Status::Io, "cannot open: not a regular file", error);
    file_ = std::fopen(path.c_str(), "rb");
    if (file_ == nullptr) return fail(Status::Io, "cannot open the file for reading", error);
    if (std::fseek(file_, 0, SEEK_END) == 0) {
        const long size = std::ftell(file_);
        if (size > 0) raw_total_ = static_cast<std::uint64_t>(size);
        std::fseek(file_, 0, SEEK_SET);
    }
    return start(error);
}

Status ByteStream::open_memory(std::string_view bytes, const std::string& name, ConvertError& error) {
    name_ = name;
    memory_ = bytes;
    raw_total_ = bytes.size();
    return start(error);
}

Status ByteStream::fill_raw(ConvertError& error) {
    if (raw_pos_ > 0) {  // keep the unconsumed tail at the front
        std::memmove(raw_.data(), raw_.data() + raw_pos_, raw_end_ - raw_pos_);
        raw_end_ -= raw_pos_;
        raw_pos_ = 0;
    }
    if (raw_.size() < raw_end_ + kRawChunk) raw_.resize(raw_end_ + kRawChunk);
    std::size_t got = 0;
    if (file_ != nullptr) {
        got = std::fread(raw_.data() + raw_end_, 1, kRawChunk, file_);
        if (got == 0 && std::ferror(file_)) return fail(Status::Io, "read error", error);
    } else {
        const std::size_t left = memory_.size() - static_cast<std::size_t>(raw_consumed_);
        got = std::min(left, kRawChunk);
        std::memcpy(raw_.data() + raw_end_, memory_.data() + raw_consumed_, got);
    }
    if (got == 0) raw_eof_ = true;
    raw_end_ += got;
    raw_consumed_ += got;
    return Status::Ok;
}

Status ByteStream::start(ConvertError& error) {
    while (raw_end_ - raw_pos_ < 4 && !raw_eof_) {
        const Status s = fill_raw(error);
        if (s != Status::Ok) return s;
    }
    const auto* head = reinterpret_cast<const unsigned char*>(raw_.data() + raw_pos_);
    const std::size_t have = raw_end_ - raw_pos_;
    codec_ = std::make_unique<Codec>();
    if (have >= 2 && std::memcmp(head, kGzipMagic, 2) == 0) {
        compression_ = Compression::Gzip;
        // 15 + 16: gzip only (a zlib or raw stream after a gzip magic is an error).
        if (inflateInit2(&codec_->zs, 15 + 16) != Z_OK) return fail(Status::NoMemory, "zlib init failed", error);
        codec_->zs_ready = true;
    } else if (have >= 4 && std::memcmp(head, kZstdMagic, 4) == 0) {
        compression_ = Compression::Zstd;
        codec_->zstd = ZSTD_createDStream();
        if (codec_->zstd == nullptr) return fail(Status::NoMemory, "zstd init failed", error);
        ZSTD_initDStream(codec_->zstd);
    }
    return Status::Ok;
}

Status ByteStream::read(char* out, std::size_t capacity, std::size_t& got, ConvertError& error) {
    got = 0;
    Status s = Status::Ok;
    switch (compression_) {
    case Compression::Gzip: s = read_gzip(out, capacity, got, error); break;
    case Compression::Zstd: s = read_zstd(out, capacity, got, error); break;
    case Compression::None:
        if (raw_pos_ == raw_end_ && !raw_eof_) s = fill_raw(error);
        if (s == Status::Ok) {
            got = std::min(capacity, raw_end_ - raw_pos_);
            std::memcpy(out, raw_.data() + raw_pos_, got);
            raw_pos_ += got;
        }
        break;
    }
    decompressed_ += got;
    return s;
}

Status ByteStream::need_raw(const char* truncated_rule, bool& ended, ConvertError& error) {
    ended = false;
    if (raw_pos_ != raw_end_) return Status::Ok;
    if (!raw_eof_) {
        const Status s = fill_raw(error);
        if (s != Status::Ok) return s;
    }
    if (raw_pos_ != raw_end_) return Status::Ok;
    ended = true;
    if (!frame_open_) return Status::Ok;  // a clean end after a complete member or frame
    std::string rule = truncated_rule;
    rule.replace(rule.find("%s"), 2, std::to_string(raw_consumed_));
    return fail(Status::Format, std::move(rule), error);
}

Status ByteStream::read_gzip(char* out, std::size_t capacity, std::size_t& got, ConvertError& error) {
    z_stream& zs = codec_->zs;
    while (got == 0) {
        bool ended = false;
        const Status s = need_raw("truncated gzip: the compressed input ends after %s bytes, before the gzip end marker",
                                  ended, error);
        if (s != Status::Ok || ended) return s;
        if (!frame_open_) {  // another gzip member follows (concatenated .gz)
            if (inflateReset(&zs) != Z_OK) return fail(Status::Format, "zlib reset failed", error);
            frame_open_ = true;
        }
        zs.next_in = reinterpret_cast<Bytef*>(raw_.data() + raw_pos_);
        zs.avail_in = static_cast<uInt>(raw_end_ - raw_pos_);
        zs.next_out = reinterpret_cast<Bytef*>(out);
        zs.avail_out = static_cast<uInt>(std::min<std::size_t>(capacity, 1u << 30));
        const int rc = inflate(&zs, Z_NO_FLUSH);
        raw_pos_ = raw_end_ - zs.avail_in;
        got = capacity - zs.avail_out;
        if (rc == Z_STREAM_END) {
            frame_open_ = false;
        } else if (rc == Z_BUF_ERROR) {
            // No progress possible with this input: needs more (handled above).
            if (raw_pos_ != raw_end_ && got == 0) return fail(Status::Format, "corrupt gzip data", error);
        } else if (rc != Z_OK) {
            return fail(Status::Format,
                        std::string("corrupt gzip data: ") + (zs.msg != nullptr ? zs.msg : "inflate failed"), error);
        }
    }
    return Status::Ok;
}

Status ByteStream::read_zstd(char* out, std::size_t capacity, std::size_t& got, ConvertError& error) {
    while (got == 0) {
        bool ended = false;
        const Status s = need_raw("truncated zstd: the compressed input ends after %s bytes, inside a zstd frame", ended,
                                  error);
        if (s != Status::Ok || ended) return s;
        ZSTD_inBuffer in{raw_.data() + raw_pos_, raw_end_ - raw_pos_, 0};
        ZSTD_outBuffer o{out, capacity, 0};
        const std::size_t rc = ZSTD_decompressStream(codec_->zstd, &o, &in);
        raw_pos_ += in.pos;
        got = o.pos;
        if (ZSTD_isError(rc)) return fail(Status::Format, std::string("corrupt zstd data: ") + ZSTD_getErrorName(rc), error);
        frame_open_ = rc != 0;  // 0: a frame just ended completely
    }
    return Status::Ok;
}

// ---- BufferedReader ----

Status BufferedReader::refill(ConvertError& error, bool& eof) {
    if (pos_ > 0) {
        std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
        end_ -= pos_;
        pos_ = 0;
    }
    if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);
    std::size_t got = 0;
    const Status s = stream_.read(buf_.data() + end_, buf_.size() - end_, got, error);
    if (s != Status::Ok) return s;
    end_ += got;
    eof = got == 0;
    return Status::Ok;
}

Status BufferedReader::next_line(std::string_view& line, bool& eof, ConvertError& error, std::size_t max_line) {
    eof = false;
    std::size_t scanned = pos_;
    for (;;) {
        const char* start = buf_.data() + scanned;
        const void* nl = std::memchr(start, '\n', end_ - scanned);
        if (nl != nullptr) {
            const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.data());
            std::size_t len = at - pos_;
            if (len > max_line) break;
            if (len > 0 && buf_[pos_ + len - 1] == '\r') --len;
            line = std::string_view(buf_.data() + pos_, len);
            consumed_ += at + 1 - pos_;
            pos_ = at + 1;
            return Status::Ok;
        }
        if (end_ - pos_ > max_line) break;
        const std::size_t kept = end_ - pos_;
        bool input_end = false;
        const Status s = refill(error, input_end);
        if (s != Status::Ok) return s;
        scanned = kept;  // refill moved the unread bytes to the front
        if (input_end) {
            if (end_ == pos_) {
                eof = true;
                return Status::Ok;
            }
            std::size_t len = end_ - pos_;  // last line without "\n"
            if (buf_[pos_ + len - 1] == '\r') --len;
            line = std::string_view(buf_.data() + pos_, len);
            consumed_ += end_ - pos_;
            pos_ = end_;
            return Status::Ok;
        }
    }
    error.file = stream_.name();
    error.line = 0;
    error.offset = consumed_;
    error.rule = "a line longer than " + std::to_string(max_line) + " bytes";
    return Status::Format;
}

Status BufferedReader::take(std::size_t count, std::string_view& bytes, ConvertError& error) {
    while (end_ - pos_ < count) {
        // Grows with the data that arrives, not with `count`: a corrupt length
        // field cannot make the reader allocate more than twice the input.
        bool input_end = false;
        const Status s = refill(error, input_end);
        if (s != Status::Ok) return s;
        if (input_end) break;
    }
    const std::size_t n = std::min(count, end_ - pos_);
    bytes = std::string_view(buf_.data() + pos_, n);
    pos_ += n;
    consumed_ += n;
    return Status::Ok;
}

bool BufferedReader::at_end(ConvertError& error, Status& status) {
    status = Status::Ok;
    if (pos_ < end_) return false;
    bool input_end = false;
    status = refill(error, input_end);
    return status == Status::Ok && end_ == pos_;
}

}  // namespace sigmax::md::detail
