// Order-flow files: what `sigmax-exec gen` writes and `replay` reads.
// Format: docs/cli.md. CSV (header line, one event per line) or a compact
// binary form (magic "SGXFLOW1", then 32-byte little-endian records).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sigmax/types.hpp"

namespace sigmax::cli {

struct FlowRecord {
    enum class Op : std::uint8_t { New = 0, Cancel = 1, Amend = 2, Config = 3 };
    Op op = Op::New;
    OrderRequest order;          // New; Config uses symbol, price = tick size, quantity = lot size
    std::uint64_t order_id = 0;  // Cancel, Amend
    double quantity = 0.0;       // Amend: the new quantity
};

struct FlowError {
    std::size_t line = 0;  // 1-based line (CSV) or record number (binary); 0 = the file itself
    std::string message;
};

// Parses the bytes of a flow file (format detected from its first bytes).
// Returns false and fills `error` for malformed input (its line or record
// number lies within the input, or is 0 for the input as a whole); throws
// nothing but std::bad_alloc. tests/fuzz/fuzz_flow_file.cpp fuzzes it.
bool parse_flow(std::string_view bytes, std::vector<FlowRecord>& out, FlowError& error);
// Reads a flow file and parses it; also false for a file that cannot be read.
bool read_flow(const std::string& path, std::vector<FlowRecord>& out, FlowError& error);
// The CSV form of `records`: what write_flow_csv() writes.
std::string format_flow_csv(const std::vector<FlowRecord>& records);
bool write_flow_csv(const std::string& path, const std::vector<FlowRecord>& records, std::string& error);
bool write_flow_binary(const std::string& path, const std::vector<FlowRecord>& records, std::string& error);

}  // namespace sigmax::cli
