// The metadata header of a DBN stream (versions 1-3), as Databento's DBN
// encoding specifies it. Internal to the DBN converter.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sigmax::md::detail {

constexpr std::size_t kDbnPreludeLen = 8;        // "DBN", version, u32 metadata length
constexpr std::size_t kDbnMetadataFixedLen = 100;  // after the prelude, before the symbol lists
constexpr std::uint16_t kDbnSchemaMbo = 0;
constexpr std::uint16_t kDbnSchemaMixed = 0xFFFF;

struct DbnMetadata {
    std::uint8_t version = 0;
    std::string dataset;
    std::uint16_t schema = 0;
    std::uint8_t stype_in = 0, stype_out = 0;
    bool ts_out = false;
    std::size_t symbol_cstr_len = 0;
    // instrument id -> symbol, from the mappings (first name seen wins).
    std::unordered_map<std::uint32_t, std::string> symbols;
    std::size_t renamed_instruments = 0;  // ids the mappings give more than one name
};

// The schema's name as Databento writes it ("mbo", "mbp-10", ...).
std::string dbn_schema_name(std::uint16_t schema);

// Parses the `body` that follows the prelude of a stream of `version`.
// False with `why` and the offset (from the start of the stream) on error.
bool parse_dbn_metadata(std::string_view body, std::uint8_t version, DbnMetadata& out, std::string& why,
                        std::uint64_t& where);

}  // namespace sigmax::md::detail
