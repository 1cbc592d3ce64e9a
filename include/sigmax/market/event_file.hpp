// Event files: the converters' output and the replays' input.
//
// Layout (docs/market_data.md): an sgx_md_file_header (64 bytes), the symbol
// table (sgx_md_symbol records), zero padding to header_size (a multiple of
// 64), then the sgx_md_event records (64 bytes each). Records therefore sit
// 64-byte aligned in the file and in a mapping of it, so they can be viewed
// in place as C structs or as a numpy structured array.
//
// EventFileWriter writes into a temporary file beside the target and renames
// it on finish(): nothing half-written is ever at the final path.
// EventFile maps a file read-only; its memory does not grow with the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sigmax/market/convert.hpp"
#include "sigmax_exec.h"

namespace sigmax::md {

using FileHeader = sgx_md_file_header;

inline constexpr char kFileMagic[8] = {'S', 'G', 'X', 'M', 'D', 'E', 'V', '\0'};
inline constexpr std::uint32_t kFileVersion = 1;
inline constexpr std::size_t kRecordAlign = 64;

// Bytes before the first event of a file with `symbols` symbols.
constexpr std::uint64_t header_size_for(std::uint64_t symbols) {
    const std::uint64_t raw = sizeof(FileHeader) + sizeof(SymbolRecord) * symbols;
    return (raw + kRecordAlign - 1) / kRecordAlign * kRecordAlign;
}

class EventFileWriter final : public EventSink {
public:
    EventFileWriter() = default;
    ~EventFileWriter() override;  // an unfinished file is deleted
    EventFileWriter(const EventFileWriter&) = delete;
    EventFileWriter& operator=(const EventFileWriter&) = delete;

    // Creates the temporary file in the target's directory. Status::Io on failure.
    Status open(const std::string& path);
    // Status::Format for a duplicate id.
    Status add_symbol(const SymbolRecord& symbol) override;
    // Status::Format for a local_ts before the previous one, an unregistered
    // symbol, or a kind, side or reserved bytes verify() rejects.
    Status write(const Event& event) override;
    Status write(std::span<const Event> events);
    // Writes the header and renames the file to its path. After it (or after
    // an error) the writer accepts nothing more.
    Status finish();
    // Deletes the temporary file (what the destructor does when unfinished).
    void abandon() noexcept;

    // The last error: path, event index or offset, and the rule.
    const std::string& error() const noexcept { return error_; }
    std::uint64_t events_written() const noexcept { return count_; }

private:
    Status fail(Status s, std::string text);
    Status not_open();
    Status flush();
    Status place_records_after_header();

    std::string path_, temp_path_, error_;
    int fd_ = -1;
    bool finished_ = false;
    std::vector<SymbolRecord> symbols_;
    std::vector<Event> buffer_;
    std::uint64_t count_ = 0;
    std::uint64_t records_offset_ = 0;  // where the records went (0: none flushed yet)
    std::int64_t first_ts_ = 0, last_ts_ = 0;
};

// A validated, read-only view of an event file's bytes: either a memory
// mapping it owns (open) or bytes it borrows (view).
class EventFile {
public:
    EventFile() = default;
    ~EventFile();
    EventFile(EventFile&& other) noexcept;
    EventFile& operator=(EventFile&& other) noexcept;
    EventFile(const EventFile&) = delete;
    EventFile& operator=(const EventFile&) = delete;

    // Maps `path` and checks its header. Status::Io if it cannot be read,
    // Status::Format naming the rule (error()) if it is not a valid file.
    Status open(const std::string& path);
    // Checks and views `bytes` (8-byte aligned; they must outlive the view).
    Status view(std::span<const std::byte> bytes, const std::string& name = "<memory>");
    // Reads every event: symbol ids in the table, local_ts never decreasing,
    // known kinds and sides, reserved bytes 0. Status::Format names the first bad one.
    Status verify();

    const FileHeader& header() const noexcept { return *header_; }
    std::span<const SymbolRecord> symbols() const noexcept { return symbols_; }
    std::span<const Event> events() const noexcept { return events_; }
    // The symbol with this id, or nullptr.
    const SymbolRecord* symbol(std::uint32_t id) const noexcept;
    // Index of the first event with local_ts >= ts (events().size() if none).
    std::size_t seek(std::int64_t local_ts) const noexcept;
    // The whole file as mapped (header included).
    std::span<const std::byte> bytes() const noexcept { return bytes_; }
    bool is_open() const noexcept { return header_ != nullptr; }
    const std::string& error() const noexcept { return error_; }
    // The path it was opened from (or the name given to view()).
    const std::string& name() const noexcept { return name_; }

private:
    Status fail(Status s, std::string text);
    Status check_layout();
    void close() noexcept;

    std::string name_, error_;
    std::span<const std::byte> bytes_;
    void* mapping_ = nullptr;  // owned mapping (open) or nullptr (view)
    std::size_t mapping_size_ = 0;
    const FileHeader* header_ = nullptr;
    std::span<const SymbolRecord> symbols_;
    std::span<const Event> events_;
};

}  // namespace sigmax::md
