#include "text_lines.hpp"

#include <cstring>

namespace sigmax::md::detail {

namespace {

constexpr std::size_t kInitialBuffer = 64u << 10;  // grows (doubling) to fit the longest line

}  // namespace

LineReader::LineReader(std::unique_ptr<ByteStream> source) : source_(std::move(source)) {
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
    ConvertError error;
    if (source_->read(buffer_.data() + end_, buffer_.size() - kLinePadding - end_, got, error) != Status::Ok) {
        rule = error.rule;
        return false;
    }
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
