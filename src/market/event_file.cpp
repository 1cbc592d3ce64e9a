#include "sigmax/market/event_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>
#include <string>

namespace sigmax::md {

namespace {

static_assert(sizeof(FileHeader) == 64, "the file header is 64 bytes");
static_assert(sizeof(Event) == kRecordAlign, "an event is one 64-byte record");
static_assert(sizeof(SymbolRecord) == 80);

constexpr std::size_t kBufferedEvents = 16384;  // 1 MiB per write()

std::string errno_text() { return std::strerror(errno); }

// Transfers all of `size` bytes at `offset` with pread or pwrite, retrying short transfers.
template <class Buffer, class Io>
bool transfer_all_at(int fd, Buffer* data, std::size_t size, std::uint64_t offset, Io io) {
    auto* p = static_cast<std::conditional_t<std::is_const_v<Buffer>, const char, char>*>(data);
    while (size > 0) {
        const ssize_t n = io(fd, p, size, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n;
        size -= static_cast<std::size_t>(n);
        offset += static_cast<std::uint64_t>(n);
    }
    return true;
}
bool write_all_at(int fd, const void* data, std::size_t size, std::uint64_t offset) {
    return transfer_all_at(fd, data, size, offset, ::pwrite);
}
bool read_all_at(int fd, void* data, std::size_t size, std::uint64_t offset) {
    return transfer_all_at(fd, data, size, offset, ::pread);
}

bool all_zero(const std::uint8_t* p, std::size_t n) {
    return std::all_of(p, p + n, [](std::uint8_t b) { return b == 0; });
}

// Whether `side` is allowed for `kind`: book changes and quotes need a side,
// trades may lack one, clears and snapshot marks may name both.
bool valid_side(std::uint8_t kind, std::uint8_t side) {
    switch (kind) {
    case SGX_MD_LEVEL: case SGX_MD_BBO: case SGX_MD_ADD: case SGX_MD_CANCEL: case SGX_MD_MODIFY: case SGX_MD_FILL:
        return side <= SGX_SIDE_SELL;
    default:
        return side <= SGX_MD_SIDE_NONE;
    }
}

// What is wrong with the kind, side or reserved bytes of `e`, or "" if
// nothing: the rules every event of a file keeps (the writer refuses what
// verify() would reject).
std::string broken_event_rule(const Event& e) {
    if (e.kind < SGX_MD_LEVEL || e.kind > SGX_MD_FILL) return "unknown kind " + std::to_string(e.kind);
    if (!valid_side(e.kind, e.side))
        return "side " + std::to_string(e.side) + " is not valid for kind " + std::to_string(e.kind);
    if (!all_zero(e.reserved, sizeof e.reserved)) return "reserved bytes are not 0";
    return {};
}

}  // namespace

// ---- writer ----

EventFileWriter::~EventFileWriter() { abandon(); }

Status EventFileWriter::fail(Status s, std::string text) {
    error_ = std::move(text);
    abandon();
    return s;
}

Status EventFileWriter::open(const std::string& path) {
    abandon();
    path_ = path;
    error_.clear();
    finished_ = false;
    symbols_.clear();
    buffer_.clear();
    count_ = records_offset_ = 0;
    first_ts_ = last_ts_ = 0;
    const std::filesystem::path target(path);
    const std::string dir = target.has_parent_path() ? target.parent_path().string() : std::string(".");
    std::string temp = (std::filesystem::path(dir) / ("." + target.filename().string() + ".tmp.XXXXXX")).string();
    fd_ = ::mkstemp(temp.data());
    if (fd_ < 0) return fail(Status::Io, path + ": cannot create a temporary file in " + dir + ": " + errno_text());
    temp_path_ = temp;
    ::fchmod(fd_, 0644);
    buffer_.reserve(kBufferedEvents);
    return Status::Ok;
}

Status EventFileWriter::not_open() {
    error_ = path_ + ": the writer is not open (never opened, finished, or failed before)";
    return Status::Io;
}

Status EventFileWriter::add_symbol(const SymbolRecord& symbol) {
    if (fd_ < 0) return not_open();
    for (const SymbolRecord& s : symbols_)
        if (s.id == symbol.id)
            return fail(Status::Format, path_ + ": symbol id " + std::to_string(symbol.id) + " is registered twice");
    // Written canonically: the text fields NUL-padded after their first NUL
    // and the reserved bytes zero, whatever the caller's record held, so the
    // same symbols always give the same bytes (the Python writer's too).
    SymbolRecord clean = symbol;
    const auto pad_after_nul = [](char* text, std::size_t size) {
        const std::size_t n = strnlen(text, size);
        std::memset(text + n, 0, size - n);
    };
    pad_after_nul(clean.name, sizeof clean.name);
    pad_after_nul(clean.venue, sizeof clean.venue);
    std::memset(clean.reserved, 0, sizeof clean.reserved);
    symbols_.push_back(clean);
    return Status::Ok;
}

Status EventFileWriter::write(const Event& e) {
    if (fd_ < 0) return not_open();
    if (count_ > 0 && e.local_ts < last_ts_)
        return fail(Status::Format, path_ + ": event " + std::to_string(count_) + ": local_ts " +
                                        std::to_string(e.local_ts) + " is before the previous event's " +
                                        std::to_string(last_ts_) + " (events go in local time order)");
    const bool known = std::any_of(symbols_.rbegin(), symbols_.rend(),
                                   [&](const SymbolRecord& s) { return s.id == e.symbol; });
    if (!known)
        return fail(Status::Format, path_ + ": event " + std::to_string(count_) + ": symbol id " +
                                        std::to_string(e.symbol) + " is not registered (add_symbol first)");
    if (std::string broken = broken_event_rule(e); !broken.empty())
        return fail(Status::Format, path_ + ": event " + std::to_string(count_) + ": " + broken);
    if (count_ == 0) first_ts_ = e.local_ts;
    last_ts_ = e.local_ts;
    ++count_;
    buffer_.push_back(e);
    return buffer_.size() >= kBufferedEvents ? flush() : Status::Ok;
}

Status EventFileWriter::write(std::span<const Event> events) {
    for (const Event& e : events)
        if (const Status s = write(e); s != Status::Ok) return s;
    return Status::Ok;
}

Status EventFileWriter::flush() {
    if (buffer_.empty()) return Status::Ok;
    if (records_offset_ == 0) records_offset_ = header_size_for(symbols_.size());
    const std::uint64_t flushed = count_ - buffer_.size();
    if (!write_all_at(fd_, buffer_.data(), buffer_.size() * sizeof(Event), records_offset_ + flushed * sizeof(Event)))
        return fail(Status::Io, temp_path_ + ": write failed: " + errno_text());
    buffer_.clear();
    return Status::Ok;
}

// Symbols registered after the first flush need a longer header: move the
// records already written back to make room, last chunk first.
Status EventFileWriter::place_records_after_header() {
    const std::uint64_t needed = header_size_for(symbols_.size());
    if (records_offset_ == 0 || records_offset_ == needed) {
        records_offset_ = needed;
        return Status::Ok;
    }
    std::vector<char> chunk(kBufferedEvents * sizeof(Event));
    std::uint64_t end = count_ * sizeof(Event);
    while (end > 0) {
        const std::uint64_t n = std::min<std::uint64_t>(end, chunk.size());
        end -= n;
        if (!read_all_at(fd_, chunk.data(), n, records_offset_ + end) ||
            !write_all_at(fd_, chunk.data(), n, needed + end))
            return fail(Status::Io, temp_path_ + ": moving the records failed: " + errno_text());
    }
    records_offset_ = needed;
    return Status::Ok;
}

Status EventFileWriter::finish() {
    if (fd_ < 0) return not_open();
    if (const Status s = flush(); s != Status::Ok) return s;
    if (const Status s = place_records_after_header(); s != Status::Ok) return s;

    std::vector<char> head(records_offset_, 0);
    FileHeader h{};
    std::memcpy(h.magic, kFileMagic, sizeof h.magic);
    h.version = kFileVersion;
    h.header_size = static_cast<std::uint32_t>(records_offset_);
    h.record_size = sizeof(Event);
    h.symbol_record_size = sizeof(SymbolRecord);
    h.symbol_count = static_cast<std::uint32_t>(symbols_.size());
    h.record_count = count_;
    h.first_local_ts = first_ts_;
    h.last_local_ts = last_ts_;
    std::memcpy(head.data(), &h, sizeof h);
    if (!symbols_.empty())
        std::memcpy(head.data() + sizeof h, symbols_.data(), symbols_.size() * sizeof(SymbolRecord));
    if (!write_all_at(fd_, head.data(), head.size(), 0) ||
        ::ftruncate(fd_, static_cast<off_t>(records_offset_ + count_ * sizeof(Event))) != 0 ||
        ::fdatasync(fd_) != 0)
        return fail(Status::Io, temp_path_ + ": write failed: " + errno_text());
    ::close(fd_);
    fd_ = -1;
    if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
        const std::string why = errno_text();
        ::unlink(temp_path_.c_str());
        return fail(Status::Io, path_ + ": cannot rename the finished file into place: " + why);
    }
    finished_ = true;
    return Status::Ok;
}

void EventFileWriter::abandon() noexcept {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
        ::unlink(temp_path_.c_str());
    }
}

// ---- reader ----

EventFile::~EventFile() { close(); }

EventFile::EventFile(EventFile&& o) noexcept { *this = std::move(o); }

EventFile& EventFile::operator=(EventFile&& o) noexcept {
    if (this != &o) {
        close();
        name_ = std::move(o.name_);
        error_ = std::move(o.error_);
        bytes_ = o.bytes_;
        mapping_ = std::exchange(o.mapping_, nullptr);
        mapping_size_ = std::exchange(o.mapping_size_, 0);
        header_ = std::exchange(o.header_, nullptr);
        symbols_ = o.symbols_;
        events_ = o.events_;
    }
    return *this;
}

void EventFile::close() noexcept {
    if (mapping_) ::munmap(mapping_, mapping_size_);
    mapping_ = nullptr;
    mapping_size_ = 0;
    header_ = nullptr;
    bytes_ = {};
    symbols_ = {};
    events_ = {};
}

Status EventFile::fail(Status s, std::string text) {
    error_ = name_ + text;
    close();
    return s;
}

Status EventFile::open(const std::string& path) {
    close();
    name_ = path;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail(Status::Io, ": cannot open: " + errno_text());
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const std::string why = errno_text();
        ::close(fd);
        return fail(Status::Io, ": cannot stat: " + why);
    }
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size < sizeof(FileHeader)) {
        ::close(fd);
        return fail(Status::Format, "@0: the file is " + std::to_string(size) +
                                        " bytes, shorter than the 64-byte header");
    }
    void* m = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    const std::string why = errno_text();
    ::close(fd);  // the mapping keeps the file
    if (m == MAP_FAILED) return fail(Status::Io, ": cannot map: " + why);
    mapping_ = m;
    mapping_size_ = size;
    bytes_ = {static_cast<const std::byte*>(m), size};
    return check_layout();
}

Status EventFile::view(std::span<const std::byte> bytes, const std::string& name) {
    close();
    name_ = name;
    if (reinterpret_cast<std::uintptr_t>(bytes.data()) % alignof(Event) != 0)
        return fail(Status::Format, "@0: the bytes are not 8-byte aligned in memory");
    bytes_ = bytes;
    return check_layout();
}

Status EventFile::check_layout() {
    const std::size_t size = bytes_.size();
    if (size < sizeof(FileHeader))
        return fail(Status::Format, "@0: the file is " + std::to_string(size) + " bytes, shorter than the 64-byte header");
    const auto* h = reinterpret_cast<const FileHeader*>(bytes_.data());
    const auto at = [](std::size_t offset) { return "@" + std::to_string(offset) + ": "; };
    if (std::memcmp(h->magic, kFileMagic, sizeof h->magic) != 0)
        return fail(Status::Format, at(0) + "bad magic: not an sgx event file (expected \"SGXMDEV\")");
    if (h->version != kFileVersion)
        return fail(Status::Format, at(offsetof(FileHeader, version)) + "version " + std::to_string(h->version) +
                                        ": this library reads version " + std::to_string(kFileVersion));
    if (h->record_size != sizeof(Event))
        return fail(Status::Format, at(offsetof(FileHeader, record_size)) + "record size " +
                                        std::to_string(h->record_size) + ": expected 64 (sgx_md_event)");
    if (h->symbol_record_size != sizeof(SymbolRecord))
        return fail(Status::Format, at(offsetof(FileHeader, symbol_record_size)) + "symbol record size " +
                                        std::to_string(h->symbol_record_size) + ": expected 80 (sgx_md_symbol)");
    if (h->reserved0 != 0 || !all_zero(h->reserved, sizeof h->reserved))
        return fail(Status::Format, at(offsetof(FileHeader, reserved0)) + "reserved header bytes are not 0");
    const std::uint64_t want_header = header_size_for(h->symbol_count);
    if (h->header_size != want_header)
        return fail(Status::Format, at(offsetof(FileHeader, header_size)) + "header size " +
                                        std::to_string(h->header_size) + ": expected " + std::to_string(want_header) +
                                        " for " + std::to_string(h->symbol_count) + " symbols");
    const std::uint64_t room = size >= want_header ? (size - want_header) / sizeof(Event) : 0;
    if (size < want_header || h->record_count > room || want_header + h->record_count * sizeof(Event) != size)
        return fail(Status::Format, at(offsetof(FileHeader, record_count)) + "the file is " + std::to_string(size) +
                                        " bytes, but a header of " + std::to_string(want_header) + " bytes and " +
                                        std::to_string(h->record_count) +
                                        " records of 64 need a different length (truncated, or trailing bytes)");
    header_ = h;
    symbols_ = {reinterpret_cast<const SymbolRecord*>(bytes_.data() + sizeof(FileHeader)), h->symbol_count};
    events_ = {reinterpret_cast<const Event*>(bytes_.data() + want_header), static_cast<std::size_t>(h->record_count)};

    std::vector<std::uint32_t> ids;
    ids.reserve(symbols_.size());
    for (const SymbolRecord& s : symbols_) ids.push_back(s.id);
    std::sort(ids.begin(), ids.end());
    if (const auto dup = std::adjacent_find(ids.begin(), ids.end()); dup != ids.end())
        return fail(Status::Format, at(sizeof(FileHeader)) + "symbol id " + std::to_string(*dup) +
                                        " appears twice in the symbol table");
    const std::int64_t first = events_.empty() ? 0 : events_.front().local_ts;
    const std::int64_t last = events_.empty() ? 0 : events_.back().local_ts;
    if (h->first_local_ts != first || h->last_local_ts != last)
        return fail(Status::Format, at(offsetof(FileHeader, first_local_ts)) + "the header's local_ts span [" +
                                        std::to_string(h->first_local_ts) + ", " + std::to_string(h->last_local_ts) +
                                        "] is not the first and last event's [" + std::to_string(first) + ", " +
                                        std::to_string(last) + "]");
    return Status::Ok;
}

Status EventFile::verify() {
    if (!is_open()) return Status::Io;
    std::vector<std::uint32_t> ids;
    for (const SymbolRecord& s : symbols_) ids.push_back(s.id);
    std::sort(ids.begin(), ids.end());
    std::uint32_t known = 0;
    bool have_known = false;
    std::int64_t previous = events_.empty() ? 0 : events_.front().local_ts;
    for (std::size_t i = 0; i < events_.size(); ++i) {
        const Event& e = events_[i];
        const auto where = [&] {
            return "@" + std::to_string(header_->header_size + i * sizeof(Event)) + ": event " + std::to_string(i) + ": ";
        };
        if (!(have_known && e.symbol == known)) {
            if (!std::binary_search(ids.begin(), ids.end(), e.symbol))
                return fail(Status::Format, where() + "symbol id " + std::to_string(e.symbol) +
                                                " is not in the symbol table");
            known = e.symbol;
            have_known = true;
        }
        if (e.local_ts < previous)
            return fail(Status::Format, where() + "local_ts " + std::to_string(e.local_ts) +
                                            " is before the previous event's " + std::to_string(previous));
        previous = e.local_ts;
        if (std::string broken = broken_event_rule(e); !broken.empty())
            return fail(Status::Format, where() + broken);
    }
    return Status::Ok;
}

const SymbolRecord* EventFile::symbol(std::uint32_t id) const noexcept {
    for (const SymbolRecord& s : symbols_)
        if (s.id == id) return &s;
    return nullptr;
}

std::size_t EventFile::seek(std::int64_t local_ts) const noexcept {
    const auto it = std::partition_point(events_.begin(), events_.end(),
                                         [&](const Event& e) { return e.local_ts < local_ts; });
    return static_cast<std::size_t>(it - events_.begin());
}

}  // namespace sigmax::md
