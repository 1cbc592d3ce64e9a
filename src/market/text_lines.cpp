#include "text_lines.hpp"

#include <zlib.h>

#include <cstring>
#include <sys/stat.h>

namespace sigmax::md::detail {

namespace {

constexpr std::size_t kInitialBuffer = 64u << 10;  // grows (doubling) to fit the longest line

class GzFileSource final : public ByteSource {
public:
    GzFileSource(gzFile file, std::uint64_t size) : file_(file), size_(size) {}
    ~GzFileSource() override { gzclose(file_); }
    bool read(char* out, std::size_t n, std::size_t& got, std::string& rule) override {
        got = 0;
        const int r = gzread(file_, out, static_cast<unsigned>(n));
        int errnum = Z_OK;
        const char* text = gzerror(file_, &errnum);
        if (r < 0 || (errnum != Z_OK && errnum != Z_BUF_ERROR) || (r == 0 && errnum == Z_BUF_ERROR)) {
            rule = errnum == Z_BUF_ERROR ? std::string("gzip stream is truncated (") + text + ")"
                                         : std::string("gzip stream is corrupt (") + text + ")";
            return false;
        }
        got = static_cast<std::size_t>(r);
        return true;
    }
    std::uint64_t consumed() const override { return static_cast<std::uint64_t>(gzoffset(file_)); }
    std::uint64_t total() const override { return size_; }

private:
    gzFile file_;
    std::uint64_t size_;
};

// Memory: plain bytes, or one or more gzip members inflated on the fly.
class MemorySource final : public ByteSource {
public:
    explicit MemorySource(std::string_view content) : content_(content) {
        gzip_ = content.size() >= 2 && static_cast<unsigned char>(content[0]) == 0x1f &&
                static_cast<unsigned char>(content[1]) == 0x8b;
        if (gzip_) {
            std::memset(&stream_, 0, sizeof stream_);
            init_ok_ = inflateInit2(&stream_, 16 + MAX_WBITS) == Z_OK;
            stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(content.data()));
            stream_.avail_in = static_cast<uInt>(content.size());
        }
    }
    ~MemorySource() override {
        if (gzip_ && init_ok_) inflateEnd(&stream_);
    }
    bool read(char* out, std::size_t n, std::size_t& got, std::string& rule) override {
        got = 0;
        if (!gzip_) {
            const std::size_t take = std::min(n, content_.size() - position_);
            std::memcpy(out, content_.data() + position_, take);
            position_ += take;
            got = take;
            return true;
        }
        if (!init_ok_) {
            rule = "zlib could not start inflating";
            return false;
        }
        while (got == 0) {
            if (member_done_) {
                if (stream_.avail_in == 0) return true;  // clean end after a complete member
                if (inflateReset(&stream_) != Z_OK) {
                    rule = "gzip stream is corrupt (reset failed)";
                    return false;
                }
                member_done_ = false;
            }
            if (stream_.avail_in == 0) {
                rule = "gzip stream is truncated (unexpected end of input)";
                return false;
            }
            stream_.next_out = reinterpret_cast<Bytef*>(out);
            stream_.avail_out = static_cast<uInt>(n);
            const int r = inflate(&stream_, Z_NO_FLUSH);
            got = n - stream_.avail_out;
            if (r == Z_STREAM_END) {
                member_done_ = true;
            } else if (r != Z_OK && !(r == Z_BUF_ERROR && got > 0)) {
                rule = std::string("gzip stream is corrupt (") + (stream_.msg ? stream_.msg : "inflate failed") + ")";
                return false;
            }
        }
        return true;
    }
    std::uint64_t consumed() const override {
        return gzip_ ? content_.size() - stream_.avail_in : position_;
    }
    std::uint64_t total() const override { return content_.size(); }

private:
    std::string_view content_;
    std::size_t position_ = 0;
    bool gzip_ = false, init_ok_ = false, member_done_ = false;
    z_stream stream_{};
};

}  // namespace

std::unique_ptr<ByteSource> open_file_source(const std::string& path, ConvertError& error) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
        error.file = path;
        error.rule = "cannot open: not a readable regular file";
        return nullptr;
    }
    gzFile file = gzopen(path.c_str(), "rb");
    if (file == nullptr) {
        error.file = path;
        error.rule = "cannot open for reading";
        return nullptr;
    }
    gzbuffer(file, 1u << 17);
    return std::make_unique<GzFileSource>(file, static_cast<std::uint64_t>(st.st_size));
}

std::unique_ptr<ByteSource> memory_source(std::string_view content) {
    return std::make_unique<MemorySource>(content);
}

LineReader::LineReader(std::unique_ptr<ByteSource> source) : source_(std::move(source)) {
    buffer_.resize(kInitialBuffer + kLinePadding);
}

bool LineReader::refill(std::string& rule) {
    // Keep the unread tail, move it to the front, and read after it.
    if (begin_ > 0) {
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    if (buffer_.size() - kLinePadding - end_ < (buffer_.size() - kLinePadding) / 2) {
        if (buffer_.size() - kLinePadding >= kMaxLineBytes) {
            rule = "line longer than " + std::to_string(kMaxLineBytes) + " bytes";
            return false;
        }
        buffer_.resize((buffer_.size() - kLinePadding) * 2 + kLinePadding);
    }
    std::size_t got = 0;
    if (!source_->read(buffer_.data() + end_, buffer_.size() - kLinePadding - end_, got, rule)) return false;
    if (got == 0) eof_ = true;
    end_ += got;
    std::memset(buffer_.data() + end_, 0, kLinePadding);
    return true;
}

int LineReader::next(std::string_view& line, std::string& rule) {
    std::size_t scan_from = begin_;
    for (;;) {
        const char* start = buffer_.data() + begin_;
        const void* nl = std::memchr(buffer_.data() + scan_from, '\n', end_ - scan_from);
        if (nl != nullptr || (eof_ && end_ > begin_)) {
            const char* stop = nl != nullptr ? static_cast<const char*>(nl) : buffer_.data() + end_;
            std::size_t length = static_cast<std::size_t>(stop - start);
            const std::size_t advance = length + (nl != nullptr ? 1 : 0);
            if (length > 0 && start[length - 1] == '\r') --length;
            line = std::string_view(start, length);
            ++line_number_;
            line_offset_ = consumed_offset_;
            consumed_offset_ += advance;
            begin_ += advance;
            return 1;
        }
        if (eof_) return 0;
        const std::size_t scanned = end_ - begin_;
        line_offset_ = consumed_offset_;
        if (!refill(rule)) {
            line_number_ += 1;  // the error is in the line being read
            return -1;
        }
        scan_from = begin_ + scanned;
    }
}

}  // namespace sigmax::md::detail
