// The converters' C ABI: every refusal is a named status with its detail,
// and nothing is ever left at the output path when a conversion fails.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "sigmax_exec.h"

namespace {

std::string temp_path(const char* name) {
    return (std::filesystem::temp_directory_path() / (std::string("sgx_convert_") + name)).string();
}

std::string detail() { return sgx_error_detail(); }

}  // namespace

TEST_CASE("sgx_md_convert refuses NULL pointers, wrong struct sizes, non-zero reserved bytes and unknown formats with named statuses") {
    const std::string out = temp_path("out.sgxmd");
    const char* inputs[] = {"in.txt"};
    CHECK(sgx_md_convert(nullptr, nullptr, inputs, 1, out.c_str(), nullptr, 0, nullptr) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_md_convert(nullptr, "binance", nullptr, 1, out.c_str(), nullptr, 0, nullptr) == SGX_ERR_NULL_POINTER);
    CHECK(sgx_md_convert(nullptr, "binance", inputs, 1, nullptr, nullptr, 0, nullptr) == SGX_ERR_NULL_POINTER);
    sgx_md_convert_summary summary{};
    CHECK(sgx_md_convert(&summary, "binance", inputs, 1, out.c_str(), nullptr, 0, nullptr) == SGX_ERR_STRUCT_SIZE);
    sgx_md_convert_options options;
    REQUIRE(sgx_md_convert_options_init(&options) == SGX_OK);
    CHECK(options.contract_size == 1.0);
    options.reserved[2] = 1;
    CHECK(sgx_md_convert(nullptr, "binance", inputs, 1, out.c_str(), nullptr, 0, &options) == SGX_ERR_RESERVED);
    CHECK(detail().find("reserved must be 0") != std::string::npos);
    options.reserved[2] = 0;
    options.struct_size = 8;
    CHECK(sgx_md_convert(nullptr, "binance", inputs, 1, out.c_str(), nullptr, 0, &options) == SGX_ERR_STRUCT_SIZE);
    CHECK(sgx_md_convert(nullptr, "bloomberg", inputs, 1, out.c_str(), nullptr, 0, nullptr) == SGX_ERR_INVALID_CONFIG);
    CHECK(detail().find("unknown format 'bloomberg'") != std::string::npos);
    CHECK(!std::filesystem::exists(out));
}

TEST_CASE("a missing recording is an I/O error naming it, and no event file appears") {
    const std::string out = temp_path("missing.sgxmd");
    const char* inputs[] = {"/nonexistent/recording.gz"};
    sgx_md_convert_summary summary{};
    summary.struct_size = sizeof summary;
    CHECK(sgx_md_convert(&summary, "binance", inputs, 1, out.c_str(), nullptr, 0, nullptr) == SGX_ERR_IO);
    CHECK(detail().find("/nonexistent/recording.gz") != std::string::npos);
    CHECK(!std::filesystem::exists(out));
}

TEST_CASE("a malformed recording is a format error naming its file and line, and no event file appears") {
    const std::string in = temp_path("bad.txt");
    const std::string out = temp_path("bad.sgxmd");
    std::ofstream(in) << "not a recording line\n";
    const char* inputs[] = {in.c_str()};
    CHECK(sgx_md_convert(nullptr, "binance", inputs, 1, out.c_str(), nullptr, 0, nullptr) == SGX_ERR_FORMAT);
    CHECK(detail().find(in + ":1:") != std::string::npos);
    CHECK(!std::filesystem::exists(out));
    std::remove(in.c_str());
}

TEST_CASE("a tiny Binance recording converts into an event file the reader opens") {
    const std::string in = temp_path("tiny.txt");
    const std::string out = temp_path("tiny.sgxmd");
    std::ofstream(in) << "1723161256000000000 {\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1723161256001,"
                         "\"T\":1723161256000,\"s\":\"BTCUSDT\",\"t\":7,\"p\":\"61000.10\",\"q\":\"0.002\",\"X\":\"MARKET\","
                         "\"m\":true}}\n";
    const char* inputs[] = {in.c_str()};
    sgx_md_convert_summary summary{};
    summary.struct_size = sizeof summary;
    REQUIRE(sgx_md_convert(&summary, "binance", inputs, 1, out.c_str(), nullptr, 0, nullptr) == SGX_OK);
    CHECK(summary.events == 1);
    CHECK(summary.events_by_kind[SGX_MD_TRADE] == 1);
    sgx_md_file* file = nullptr;
    REQUIRE(sgx_md_file_open(&file, out.c_str()) == SGX_OK);
    const sgx_md_event* events = nullptr;
    size_t count = 0;
    REQUIRE(sgx_md_file_events(&events, &count, file) == SGX_OK);
    REQUIRE(count == 1);
    CHECK(events[0].kind == SGX_MD_TRADE);
    CHECK(events[0].side == SGX_SIDE_SELL);  // m true: the buyer made the market, a seller took it
    CHECK(events[0].price == 6100010);       // ticks of 0.01, inferred from the printed decimals
    CHECK(events[0].order_id == 7);
    sgx_md_file_close(file);
    std::remove(in.c_str());
    std::remove(out.c_str());
}
