// libFuzzer target: the order-flow file reader of the CLI (examples/cli/
// flow_file.cpp, docs/cli.md "Flow file format") on arbitrary bytes, CSV or
// binary. It must never crash or throw; a refusal must name a line (CSV) or
// record (binary) that lies within the input, or 0 for the input as a whole;
// and whatever it accepts, written back as CSV and read again, must give the
// same records, and that CSV written again must be the same text.
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "flow_file.hpp"

namespace {

using sigmax::OrderType;
using sigmax::cli::FlowError;
using sigmax::cli::FlowRecord;
using sigmax::cli::format_flow_csv;
using sigmax::cli::parse_flow;

[[noreturn]] void fail(std::size_t record, const char* what) {
    std::fprintf(stderr, "fuzz_flow_file: record %zu: %s\n", record, what);
    __builtin_trap();
}

// The CSV text keeps a double exactly (shortest round-trip form), except
// that a NaN keeps only its sign ("nan" / "-nan"), not its payload.
bool same_double(double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b) && std::signbit(a) == std::signbit(b);
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

// The fields each op uses (docs/cli.md); the CSV form writes only those, and
// no price for a market order.
bool same_record(const FlowRecord& a, const FlowRecord& b) {
    if (a.op != b.op) return false;
    switch (a.op) {
        case FlowRecord::Op::New:
            return a.order.symbol == b.order.symbol && a.order.side == b.order.side && a.order.type == b.order.type &&
                   a.order.tif == b.order.tif && same_double(a.order.quantity, b.order.quantity) &&
                   (a.order.type == OrderType::Market || same_double(a.order.price, b.order.price));
        case FlowRecord::Op::Cancel: return a.order_id == b.order_id;
        case FlowRecord::Op::Amend: return a.order_id == b.order_id && same_double(a.quantity, b.quantity);
        case FlowRecord::Op::Config:
            return a.order.symbol == b.order.symbol && same_double(a.order.price, b.order.price) &&
                   same_double(a.order.quantity, b.order.quantity);
    }
    return false;
}

// The most a refusal may name: the input's line count (CSV) or the number
// of records it begins (binary: 16-byte header, 32-byte records).
std::size_t last_position(std::string_view bytes) {
    if (bytes.substr(0, 8) == "SGXFLOW1") return bytes.size() < 16 ? 0 : (bytes.size() - 16) / 32 + 1;
    std::size_t lines = 1;
    for (const char c : bytes) lines += c == '\n';
    return lines;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        std::vector<FlowRecord> records;
        FlowError error;
        if (!parse_flow(bytes, records, error)) {
            if (error.message.empty()) fail(error.line, "a refusal without a message");
            if (error.line > last_position(bytes)) fail(error.line, "a refusal names a line or record past the input");
            return 0;
        }
        const std::string csv = format_flow_csv(records);
        std::vector<FlowRecord> again;
        if (!parse_flow(csv, again, error)) {
            std::fprintf(stderr, "fuzz_flow_file: line %zu of the rewritten CSV: %s\n", error.line, error.message.c_str());
            fail(0, "the CSV written from accepted records is refused");
        }
        if (again.size() != records.size()) fail(again.size(), "the rewritten CSV has another record count");
        for (std::size_t i = 0; i < records.size(); ++i)
            if (!same_record(records[i], again[i])) fail(i + 1, "a record changes when written as CSV and read back");
        if (format_flow_csv(again) != csv) fail(0, "the CSV written twice differs");
    } catch (...) {
        fail(0, "an exception escaped the reader");
    }
    return 0;
}
