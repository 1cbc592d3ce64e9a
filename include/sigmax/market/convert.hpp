// What every feed converter shares: the symbols and events it produces go
// to an EventSink (an event file being written, or a vector in a test); it
// reports progress, a summary, and on failure one error naming the file,
// the line or byte offset, and the rule broken.
//
// Converters never guess: what a source does not give is flagged on the
// event (SGX_MD_F_NO_EXCH_TS, SGX_MD_F_NO_AGGRESSOR), a gap in a feed's
// sequence is flagged (SGX_MD_F_GAP) and counted, never bridged.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sigmax/types.hpp"
#include "sigmax_exec.h"

namespace sigmax::md {

using Event = sgx_md_event;            // the C record, used as is
using SymbolRecord = sgx_md_symbol;

// Receives a converter's output in order: every symbol before its first event.
class EventSink {
public:
    virtual ~EventSink() = default;
    // Registers a symbol; its `id` field is the id its events must carry.
    virtual Status add_symbol(const SymbolRecord& symbol) = 0;
    virtual Status write(const Event& event) = 0;
};

// Collects everything in memory (tests, small files).
class VectorSink final : public EventSink {
public:
    Status add_symbol(const SymbolRecord& symbol) override {
        symbols.push_back(symbol);
        return Status::Ok;
    }
    Status write(const Event& event) override {
        events.push_back(event);
        return Status::Ok;
    }
    std::vector<SymbolRecord> symbols;
    std::vector<Event> events;
};

struct ConvertOptions {
    // Keep only these symbols (names as the source spells them); empty: all.
    std::vector<std::string> symbols;
    // The symbols' grid. 0: taken from the source where it says (DBN's
    // fixed-point prices), else inferred as 10^-d from the most decimals d
    // the source's first snapshot or rows print (a valid grid, possibly finer
    // than the exchange's tick). A price or quantity off a given grid is an
    // error naming its line.
    double tick_size = 0.0;
    double lot_size = 0.0;
    double contract_size = 1.0;  // sgx_md_symbol.contract_size
    bool inverse = false;        // coin-margined (inverse) contracts
    std::string venue;           // sgx_md_symbol.venue; empty: the converter's default (e.g. "binance")
    // Called now and then with the input bytes consumed and the total (0 if unknown).
    std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

struct ConvertSummary {
    std::uint64_t input_records = 0;                  // lines, CSV rows or DBN records read
    std::array<std::uint64_t, 16> events_by_kind{};   // indexed by SGX_MD_* kind
    std::uint64_t events = 0;
    std::int64_t first_local_ts = 0, last_local_ts = 0;
    std::int64_t first_exch_ts = 0, last_exch_ts = 0;
    std::uint64_t gaps = 0;                           // sequence gaps found (each flagged SGX_MD_F_GAP)
    std::uint64_t skipped = 0;                        // input records dropped by rule (e.g. stale diffs)
    std::vector<std::string> warnings;                // counted, legitimate oddities of real feeds
};

// The first hard error: where and which rule.
struct ConvertError {
    std::string file;
    std::uint64_t line = 0;     // 1-based line or row; 0 when `offset` applies
    std::uint64_t offset = 0;   // byte offset in the (decompressed) input
    std::string rule;           // what was expected, in words
    std::string message() const;  // "FILE:LINE: RULE", "FILE@OFFSET: RULE", or RULE (file empty: the options)
};

}  // namespace sigmax::md
