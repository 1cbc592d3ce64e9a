// Event files: round trip, atomic writing, each header rule with its named
// error, verify(), seek, and a reader whose memory does not grow with the file.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "market_events.hpp"
#include "sigmax/market/event_file.hpp"

using namespace sigmax;
using namespace sigmax::md;
using namespace sigmax::md::test;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("sgx_md_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    static int& counter() {
        static int n = 0;
        return n;
    }
    std::string file(const char* name) const { return (path / name).string(); }
};

std::vector<Event> sample_events(std::size_t n, std::uint32_t symbol = 1) {
    std::vector<Event> v;
    for (std::size_t i = 0; i < n; ++i) {
        Event e = level(i % 2 ? kSell : kBuy, 1000 + static_cast<std::int64_t>(i % 50), static_cast<std::int64_t>(i % 9));
        e.local_ts = 1'000'000 + static_cast<std::int64_t>(i / 3);  // ties are allowed
        e.exch_ts = e.local_ts - 5;
        e.symbol = symbol;
        e.sequence = i;
        v.push_back(e);
    }
    return v;
}

Status write_file(const std::string& path, const std::vector<SymbolRecord>& symbols, const std::vector<Event>& events) {
    EventFileWriter w;
    if (const Status s = w.open(path); s != Status::Ok) return s;
    for (const SymbolRecord& s : symbols)
        if (const Status st = w.add_symbol(s); st != Status::Ok) return st;
    if (const Status s = w.write(events); s != Status::Ok) return s;
    return w.finish();
}

std::vector<char> read_bytes(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::string& path, const std::vector<char>& bytes) {
    std::ofstream f(path, std::ios::binary);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::size_t temp_files_in(const fs::path& dir) {
    std::size_t n = 0;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().filename().string().find(".tmp.") != std::string::npos) ++n;
    return n;
}

// The error text of opening a copy of a good file with one change made by `edit`.
std::string error_after(const TempDir& dir, void (*edit)(std::vector<char>&)) {
    const std::string good = dir.file("good.sgxmd"), bad = dir.file("bad.sgxmd");
    REQUIRE(write_file(good, {symbol(1, "BTCUSDT"), symbol(2, "ETHUSDT")}, sample_events(10)) == Status::Ok);
    std::vector<char> bytes = read_bytes(good);
    edit(bytes);
    write_bytes(bad, bytes);
    EventFile f;
    const Status s = f.open(bad);
    CHECK(s == Status::Format);
    CHECK(!f.is_open());
    return f.error();
}

template <class T>
void put(std::vector<char>& bytes, std::size_t offset, T value) {
    std::memcpy(bytes.data() + offset, &value, sizeof value);
}

}  // namespace

TEST_CASE("write then read then write gives identical bytes") {
    TempDir dir;
    const std::string a = dir.file("a.sgxmd"), b = dir.file("b.sgxmd");
    const std::vector<SymbolRecord> symbols = {symbol(1, "BTCUSDT"), symbol(2, "ETHUSDT", 0.01, 0.001)};
    std::vector<Event> events = sample_events(40000);
    for (std::size_t i = 0; i < events.size(); i += 5) events[i].symbol = 2;
    REQUIRE(write_file(a, symbols, events) == Status::Ok);

    EventFile f;
    REQUIRE(f.open(a) == Status::Ok);
    REQUIRE(f.verify() == Status::Ok);
    CHECK(f.header().record_count == events.size());
    CHECK(f.header().first_local_ts == events.front().local_ts);
    CHECK(f.header().last_local_ts == events.back().local_ts);
    CHECK(f.header().header_size % 64 == 0);
    CHECK(reinterpret_cast<std::uintptr_t>(f.events().data()) % 64 == 0);
    CHECK(std::memcmp(f.events().data(), events.data(), events.size() * sizeof(Event)) == 0);
    REQUIRE(f.symbols().size() == 2);
    CHECK(std::string(f.symbol(2)->name) == "ETHUSDT");

    REQUIRE(write_file(b, {f.symbols().begin(), f.symbols().end()}, {f.events().begin(), f.events().end()}) == Status::Ok);
    CHECK(read_bytes(a) == read_bytes(b));
}

TEST_CASE("a symbol's text after its NUL and its reserved bytes are written as zeros, whatever the caller held") {
    TempDir dir;
    const std::string clean = dir.file("clean.sgxmd"), dirty = dir.file("dirty.sgxmd");
    SymbolRecord s = symbol(1, "BTCUSDT");
    REQUIRE(write_file(clean, {s}, sample_events(3)) == Status::Ok);
    s.name[10] = 'x';  // after the NUL that ends "BTCUSDT"
    s.venue[15] = 'y';
    s.reserved[1] = 7;
    REQUIRE(write_file(dirty, {s}, sample_events(3)) == Status::Ok);
    CHECK(read_bytes(clean) == read_bytes(dirty));
}

TEST_CASE("a symbol registered after events were flushed still lands in the header, before the events") {
    TempDir dir;
    const std::string path = dir.file("late.sgxmd");
    EventFileWriter w;
    REQUIRE(w.open(path) == Status::Ok);
    REQUIRE(w.add_symbol(symbol(1, "A")) == Status::Ok);
    const std::vector<Event> events = sample_events(40000);  // more than one buffer: flushed before the next symbol
    REQUIRE(w.write(events) == Status::Ok);
    REQUIRE(w.add_symbol(symbol(2, "B")) == Status::Ok);
    Event late = events.back();
    late.symbol = 2;
    REQUIRE(w.write(late) == Status::Ok);
    REQUIRE(w.finish() == Status::Ok);
    EventFile f;
    REQUIRE(f.open(path) == Status::Ok);
    REQUIRE(f.verify() == Status::Ok);
    CHECK(f.symbols().size() == 2);
    CHECK(f.events().size() == events.size() + 1);
    CHECK(std::memcmp(f.events().data(), events.data(), events.size() * sizeof(Event)) == 0);
}

TEST_CASE("an event whose local_ts goes backwards is refused naming the event") {
    TempDir dir;
    EventFileWriter w;
    REQUIRE(w.open(dir.file("x.sgxmd")) == Status::Ok);
    REQUIRE(w.add_symbol(symbol(1, "A")) == Status::Ok);
    std::vector<Event> events = sample_events(3);
    events[2].local_ts = events[0].local_ts - 1;
    CHECK(w.write(events) == Status::Format);
    CHECK_THAT(w.error(), Catch::Contains("event 2: local_ts") && Catch::Contains("before the previous event's"));
}

TEST_CASE("an event of an unregistered symbol is refused") {
    TempDir dir;
    EventFileWriter w;
    REQUIRE(w.open(dir.file("x.sgxmd")) == Status::Ok);
    REQUIRE(w.add_symbol(symbol(1, "A")) == Status::Ok);
    CHECK(w.write(sample_events(1, 5)[0]) == Status::Format);
    CHECK_THAT(w.error(), Catch::Contains("symbol id 5 is not registered"));
}

TEST_CASE("the writer refuses an event verify would reject: unknown kind, a side its kind forbids, reserved bytes") {
    struct Case {
        const char* rule;
        void (*spoil)(Event&);
        const char* message;
    };
    const Case cases[] = {
        {"kind 0", [](Event& e) { e.kind = 0; }, "event 1: unknown kind 0"},
        {"kind past FILL", [](Event& e) { e.kind = SGX_MD_FILL + 1; }, "event 1: unknown kind 11"},
        {"a level without a side", [](Event& e) { e.kind = SGX_MD_LEVEL; e.side = SGX_MD_SIDE_NONE; },
         "event 1: side 2 is not valid for kind 1"},
        {"a trade of side 3", [](Event& e) { e.kind = SGX_MD_TRADE; e.side = 3; }, "event 1: side 3 is not valid for kind 5"},
        {"a reserved byte", [](Event& e) { e.reserved[3] = 1; }, "event 1: reserved bytes are not 0"},
    };
    for (const Case& c : cases) {
        INFO(c.rule);
        TempDir dir;
        EventFileWriter w;
        REQUIRE(w.open(dir.file("x.sgxmd")) == Status::Ok);
        REQUIRE(w.add_symbol(symbol(1, "A")) == Status::Ok);
        std::vector<Event> events = sample_events(3);
        c.spoil(events[1]);
        CHECK(w.write(events) == Status::Format);
        CHECK_THAT(w.error(), Catch::Contains(c.message));
        CHECK(w.finish() != Status::Ok);  // abandoned: nothing reaches the path
        CHECK(fs::is_empty(dir.path));
    }
}

TEST_CASE("a failed or abandoned write leaves no file at the path and no temporary file") {
    TempDir dir;
    const std::string path = dir.file("x.sgxmd");
    {
        EventFileWriter w;
        REQUIRE(w.open(path) == Status::Ok);
        REQUIRE(w.add_symbol(symbol(1, "A")) == Status::Ok);
        REQUIRE(w.write(sample_events(100)) == Status::Ok);
        CHECK(temp_files_in(dir.path) == 1);
        CHECK(!fs::exists(path));
    }  // destroyed unfinished
    CHECK(temp_files_in(dir.path) == 0);
    CHECK(!fs::exists(path));
    {
        EventFileWriter w;
        REQUIRE(w.open(path) == Status::Ok);
        REQUIRE(w.add_symbol(symbol(1, "A")) == Status::Ok);
        CHECK(w.write(sample_events(1, 9)[0]) == Status::Format);
        CHECK(w.finish() == Status::Io);  // nothing more after an error
    }
    CHECK(temp_files_in(dir.path) == 0);
    CHECK(!fs::exists(path));
}

TEST_CASE("a writer into a directory that does not exist fails with an io error naming it") {
    EventFileWriter w;
    CHECK(w.open("/nonexistent-dir-sgx/x.sgxmd") == Status::Io);
    CHECK_THAT(w.error(), Catch::Contains("cannot create a temporary file in /nonexistent-dir-sgx"));
}

TEST_CASE("a file shorter than the header is refused") {
    TempDir dir;
    CHECK_THAT(error_after(dir, [](std::vector<char>& b) { b.resize(10); }), Catch::Contains("shorter than the 64-byte header"));
}

TEST_CASE("a file with another magic is refused") {
    TempDir dir;
    CHECK_THAT(error_after(dir, [](std::vector<char>& b) { b[0] = 'X'; }), Catch::Contains("@0: bad magic"));
}

TEST_CASE("a file of another version is refused") {
    TempDir dir;
    CHECK_THAT(error_after(dir, [](std::vector<char>& b) { put<std::uint32_t>(b, 8, 2); }),
               Catch::Contains("@8: version 2: this library reads version 1"));
}

TEST_CASE("a file with another record size is refused") {
    TempDir dir;
    CHECK_THAT(error_after(dir, [](std::vector<char>& b) { put<std::uint32_t>(b, 16, 48); }),
               Catch::Contains("record size 48: expected 64"));
}

TEST_CASE("a file with another symbol record size is refused") {
    TempDir dir;
    CHECK_THAT(error_after(dir, [](std::vector<char>& b) { put<std::uint32_t>(b, 20, 96); }),
               Catch::Contains("symbol record size 96: expected 80"));
}

TEST_CASE("a header size that does not fit the symbol count is refused") {
    TempDir dir;
    CHECK_THAT(error_after(dir, [](std::vector<char>& b) { put<std::uint32_t>(b, 24, 3); }),
               Catch::Contains("header size 256: expected 320 for 3 symbols"));
}

TEST_CASE("a truncated file is refused: the record count does not fit the length") {
    TempDir dir;
    CHECK_THAT(error_after(dir, [](std::vector<char>& b) { b.resize(b.size() - 64); }),
               Catch::Contains("truncated, or trailing bytes"));
}

TEST_CASE("a file with trailing bytes is refused") {
    TempDir dir;
    CHECK_THAT(error_after(dir, [](std::vector<char>& b) { b.push_back(0); }), Catch::Contains("truncated, or trailing bytes"));
}

TEST_CASE("a record count past the end of the file is refused without overflow") {
    TempDir dir;
    CHECK_THAT(error_after(dir, [](std::vector<char>& b) { put<std::uint64_t>(b, 32, ~0ull / 8); }),
               Catch::Contains("truncated, or trailing bytes"));
}

TEST_CASE("two symbols with one id are refused") {
    TempDir dir;
    CHECK_THAT(error_after(dir, [](std::vector<char>& b) { put<std::uint32_t>(b, 64 + 80 + 72, 1); }),
               Catch::Contains("symbol id 1 appears twice"));
}

TEST_CASE("nonzero reserved header bytes are refused") {
    TempDir dir;
    CHECK_THAT(error_after(dir, [](std::vector<char>& b) { b[60] = 1; }), Catch::Contains("reserved header bytes are not 0"));
}

TEST_CASE("a header whose time span is not its events' is refused") {
    TempDir dir;
    CHECK_THAT(error_after(dir, [](std::vector<char>& b) { put<std::int64_t>(b, 48, 7); }),
               Catch::Contains("local_ts span"));
}

TEST_CASE("verify names the first event with an unknown symbol, a backwards time, a bad kind or side") {
    TempDir dir;
    const std::string path = dir.file("v.sgxmd");
    REQUIRE(write_file(path, {symbol(1, "A")}, sample_events(10)) == Status::Ok);
    const std::vector<char> good = read_bytes(path);
    const std::size_t e3 = 192 + 3 * 64;  // header 64 + one symbol 80, rounded to 192
    struct Case {
        std::size_t offset;
        std::uint64_t value;
        std::size_t width;
        const char* rule;
    };
    for (const Case& c : {Case{e3 + 48, 9, 4, "symbol id 9 is not in the symbol table"},
                          Case{e3 + 8, 5, 8, "local_ts 5 is before the previous event's"},
                          Case{e3 + 54, 77, 1, "unknown kind 77"}, Case{e3 + 55, 2, 1, "side 2 is not valid for kind 1"},
                          Case{e3 + 60, 1, 1, "reserved bytes are not 0"}}) {
        std::vector<char> bytes = good;
        std::memcpy(bytes.data() + c.offset, &c.value, c.width);
        write_bytes(path, bytes);
        EventFile f;
        REQUIRE(f.open(path) == Status::Ok);
        CHECK(f.verify() == Status::Format);
        CHECK_THAT(f.error(), Catch::Contains(std::string("@") + std::to_string(e3) + ": event 3: ") &&
                                  Catch::Contains(c.rule));
    }
}

TEST_CASE("seek finds the first event at or after a time by binary search") {
    TempDir dir;
    const std::string path = dir.file("s.sgxmd");
    const std::vector<Event> events = sample_events(30);  // local_ts 1'000'000 + i / 3
    REQUIRE(write_file(path, {symbol(1, "A")}, events) == Status::Ok);
    EventFile f;
    REQUIRE(f.open(path) == Status::Ok);
    CHECK(f.seek(0) == 0);
    CHECK(f.seek(1'000'004) == 12);
    CHECK(f.seek(1'000'009) == 27);
    CHECK(f.seek(1'000'010) == 30);
}

TEST_CASE("an empty file (no symbols, no events) round-trips") {
    TempDir dir;
    const std::string path = dir.file("e.sgxmd");
    REQUIRE(write_file(path, {}, {}) == Status::Ok);
    EventFile f;
    REQUIRE(f.open(path) == Status::Ok);
    CHECK(f.events().empty());
    CHECK(f.header().header_size == 64);
    CHECK(fs::file_size(path) == 64);
}

namespace {
// Anonymous resident memory (heap and stacks; file pages of a mapping are not in it), in KiB.
long rss_anon_kib() {
    std::ifstream f("/proc/self/status");
    std::string key;
    long value = 0;
    while (f >> key) {
        if (key == "RssAnon:") {
            f >> value;
            return value;
        }
        f.ignore(4096, '\n');
    }
    return -1;
}
}  // namespace

TEST_CASE("reading a large file maps it: its events are viewed in place and no anonymous memory grows") {
    TempDir dir;
    const std::string path = dir.file("big.sgxmd");
    {
        EventFileWriter w;
        REQUIRE(w.open(path) == Status::Ok);
        REQUIRE(w.add_symbol(symbol(1, "A")) == Status::Ok);
        const std::vector<Event> chunk = sample_events(16384);
        for (int i = 0; i < 16; ++i) {  // 16 MiB
            std::vector<Event> shifted = chunk;
            for (Event& e : shifted) e.local_ts += i * 10'000'000LL;
            REQUIRE(w.write(shifted) == Status::Ok);
        }
        REQUIRE(w.finish() == Status::Ok);
    }
    const long before = rss_anon_kib();
    EventFile f;
    REQUIRE(f.open(path) == Status::Ok);
    REQUIRE(f.verify() == Status::Ok);  // reads every page
    std::int64_t sum = 0;
    for (const Event& e : f.events()) sum += e.quantity;
    CHECK(sum > 0);
    CHECK(reinterpret_cast<const std::byte*>(f.events().data()) == f.bytes().data() + f.header().header_size);
    const long after = rss_anon_kib();
    // 16 MiB read: a copy would add 16 MiB of anonymous memory; a quarter of
    // it leaves room for heap that comes and goes. Sanitizers keep shadow
    // memory for every page touched (an eighth under ASan, several times it
    // under TSan), so there only the pointer check above holds.
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    if (before >= 0) CHECK(after - before < 16 * 1024 / 4);
#else
    (void)before;
    (void)after;
#endif
}
