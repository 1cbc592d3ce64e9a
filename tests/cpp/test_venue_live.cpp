// The live venue (docs/venue.md, "Live venue"): pushed events in any
// chunking with feed_delay = the feed's largest latency give the recorded
// venue's run exactly; the horizon, PENDING, advance_feed, late events,
// all-or-nothing pushes and the processed prefix's compaction.
#include <cstdio>
#include <fstream>
#include <string>

#include <zlib.h>

#include <catch2/catch.hpp>

#include "sigmax/market/binance.hpp"
#include "venue_live.hpp"

using namespace sigmax;
using namespace sigmax::venue;
using namespace sigmax::venue::test;

namespace {

std::unique_ptr<Venue> live_venue(std::span<const md::SymbolRecord> symbols, const Config& config, std::int64_t start,
                                  std::int64_t shift, std::int64_t delay) {
    std::unique_ptr<Venue> v;
    std::string error;
    const Status s = Venue::create_live(v, symbols, config, start, shift, delay, &error);
    INFO(error);
    REQUIRE(s == Status::Ok);
    return v;
}

// The three chunkings: one event at a time, random sizes, everything at once.
std::function<std::size_t()> chunking(int kind, std::uint64_t seed) {
    if (kind == 0) return [] { return std::size_t{1}; };
    if (kind == 2) return [] { return SIZE_MAX; };
    auto rng = std::make_shared<std::mt19937_64>(seed);
    return [rng] { return static_cast<std::size_t>(std::uniform_int_distribution<int>(1, 64)(*rng)); };
}

// Runs the lockstep strategy over `events` on a recorded venue and on a
// live one pushed in `chunk`s; checks the feed's figures at the end.
LockstepResult check_live_equals_recorded(const std::vector<md::Event>& events,
                                          const std::vector<md::SymbolRecord>& symbols, const Config& config,
                                          std::function<std::size_t()> chunk, std::uint64_t seed,
                                          std::int64_t max_step, std::int64_t ref) {
    std::unique_ptr<Venue> recorded;
    REQUIRE(Venue::create(recorded, events, symbols, config) == Status::Ok);
    const std::int64_t shift = recorded->local_shift_ns();
    const std::int64_t delay = max_feed_latency(events, shift);
    auto live = live_venue(symbols, config, recorded->current_timestamp(), shift, delay);
    Feeder feeder{events, std::move(chunk)};
    const LockstepResult r = run_lockstep(*live, feeder, *recorded, seed, max_step, ref);
    const FeedState f = live->feed();
    CHECK(f.pushed == events.size());
    CHECK(f.late_events == 0);
    CHECK(f.pending == 0);
    CHECK(f.live == 1);
    CHECK(f.closed == 1);
    CHECK(f.horizon == INT64_MAX);
    return r;
}

Config stream_config() {
    Config c = constant(300, 400);
    c.defaults.queue_model = SGX_QUEUE_POWER2;
    c.defaults.fill_model = SGX_FILL_PARTIAL;
    c.defaults.maker_fee = -0.0001;
    c.defaults.taker_fee = 0.0005;
    return c;
}

// The first `seconds` of the shared recording, converted with its tick (0.1).
bool shared_slice(double seconds, std::vector<md::Event>& events, std::vector<md::SymbolRecord>& symbols) {
    const char* const path = SIGMAX_SHARED_DATA_DIR "/binance-usdm/btcusdt_20240808.gz";
    gzFile gz = gzopen(path, "rb");
    if (!gz) return false;
    std::string text;
    std::vector<char> line(1 << 22);
    long long first = -1;
    while (gzgets(gz, line.data(), static_cast<int>(line.size()))) {
        const long long local = std::atoll(line.data());
        if (first < 0) first = local;
        if (static_cast<double>(local - first) > seconds * 1e9) break;
        text += line.data();
    }
    gzclose(gz);
    md::VectorSink sink;
    md::ConvertOptions options;
    options.tick_size = 0.1;
    md::ConvertSummary summary;
    md::ConvertError error;
    REQUIRE(md::convert_binance_bytes(text, "btcusdt_20240808.gz", sink, options, summary, error) == Status::Ok);
    events = std::move(sink.events);
    symbols = std::move(sink.symbols);
    return true;
}

}  // namespace

TEST_CASE("a live venue pushed one event at a time, in random chunks or whole, with feed_delay = the largest "
          "latency, equals the recorded venue on random streams",
          "[venue][live]") {
    const Config config = stream_config();
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
        std::mt19937_64 rng(seed);
        const std::vector<md::Event> events = random_stream(rng, 3000);
        const std::vector<md::SymbolRecord> symbols{symbol()};
        for (int kind = 0; kind < 3; ++kind) {
            INFO("seed " << seed << ", chunking " << kind);
            const LockstepResult r =
                check_live_equals_recorded(events, symbols, config, chunking(kind, seed + 100), seed, 6000, 10000);
            CHECK(r.fills > 0);
        }
    }
}

TEST_CASE("a live venue with the interpolated latency model equals the recorded one on a random stream",
          "[venue][live]") {
    std::mt19937_64 rng(21);
    const std::vector<md::Event> events = random_stream(rng, 3000);
    std::vector<LatencyRow> rows;
    for (std::int64_t t = events.front().local_ts; t <= events.back().local_ts + 100'000; t += 50'000) {
        const std::int64_t entry = 200 + (t / 50'000) % 7 * 60;
        rows.push_back({t, t + entry, t + entry + 350, 0});
    }
    rows[3].exch_ts = 0;  // a request the exchange refused
    Config config = stream_config();
    config.latency_model = SGX_LATENCY_INTERPOLATED;
    config.latency_rows = rows.data();
    config.latency_row_count = rows.size();
    const std::vector<md::SymbolRecord> symbols{symbol()};
    for (int kind = 0; kind < 3; ++kind) {
        INFO("chunking " << kind);
        CHECK(check_live_equals_recorded(events, symbols, config, chunking(kind, 31), 31, 6000, 10000).fills > 0);
    }
}

TEST_CASE("a live venue with the L3 book model equals the recorded one on random markets by order, in every chunking",
          "[venue][live][l3]") {
    Config config = constant(300, 400);
    config.book_model = SGX_BOOK_L3;
    config.defaults.fill_model = SGX_FILL_PARTIAL;
    for (std::uint64_t seed = 1; seed <= 2; ++seed) {
        std::mt19937_64 rng(seed);
        const std::vector<md::Event> events = random_l3_stream(rng, 3000);
        const std::vector<md::SymbolRecord> symbols{symbol()};
        for (int kind = 0; kind < 3; ++kind) {
            INFO("seed " << seed << ", chunking " << kind);
            const LockstepResult r =
                check_live_equals_recorded(events, symbols, config, chunking(kind, seed + 200), seed, 6000, 10000);
            CHECK(r.fills > 0);
        }
    }
}

TEST_CASE("a live venue equals the recorded venue on the shared recording's first 30 s, in every chunking",
          "[venue][live][real]") {
    std::vector<md::Event> events;
    std::vector<md::SymbolRecord> symbols;
    if (!shared_slice(30.0, events, symbols)) {
        WARN("skipped: the shared recording is absent (clone shared/ beside the repository)");
        return;
    }
    REQUIRE(!events.empty());
    Config config = constant(10'000'000, 10'000'000);
    config.defaults.queue_model = SGX_QUEUE_POWER2;
    config.defaults.maker_fee = -0.00005;
    config.defaults.taker_fee = 0.0007;
    std::unique_ptr<Venue> probe;
    REQUIRE(Venue::create(probe, events, symbols, config) == Status::Ok);
    CHECK(probe->local_shift_ns() > 0);  // the recorder's clock runs behind the exchange's: a shift
    for (int kind = 0; kind < 3; ++kind) {
        INFO("chunking " << kind);
        const LockstepResult r =
            check_live_equals_recorded(events, symbols, config, chunking(kind, 7), 11, 50'000'000, 0);
        CHECK(r.fills > 0);
    }
}

TEST_CASE("live: a driving call processes only what lies before the horizon and answers PENDING there",
          "[venue][live]") {
    // horizon = watermark + shift - delay = 2000 + 100 - 300 = 1800.
    const std::vector<md::SymbolRecord> symbols{symbol()};
    auto v = live_venue(symbols, constant(0, 0), 1000, 100, 300);
    Step step;
    REQUIRE(v->go_to(5000, step) == Status::Ok);
    CHECK(step == Step::Pending);  // nothing pushed: no horizon yet
    CHECK(v->current_timestamp() == 1000);
    CHECK(v->feed().horizon == INT64_MIN);

    const md::Event batch[] = {level(1500, 1600, kBid, 99, 5), level(1600, 1700, kAsk, 101, 5),
                               level(1700, 2000, kAsk, 102, 5)};
    REQUIRE(v->push(batch) == Status::Ok);
    CHECK(v->feed().watermark == 2000);
    CHECK(v->feed().horizon == 1800);
    REQUIRE(v->go_to(5000, step) == Status::Ok);
    CHECK(step == Step::Pending);
    CHECK(v->current_timestamp() == 1800);
    md::Quote q{};
    REQUIRE(v->quote(0, q) == Status::Ok);
    CHECK(q.has_bid);  // local 1700 < 1800: processed
    CHECK(q.bid_price == 99);
    CHECK(!q.has_ask);  // local 1800 is the horizon itself: not yet (another event may come at 1800)
    std::int64_t lots = 0;
    REQUIRE(v->quantity_at(0, Side::Sell, 102, lots) == Status::Ok);
    CHECK(lots == 0);

    SECTION("a target before the horizon is reached as on a recorded venue, TIMEOUT even with nothing left") {
        REQUIRE(v->advance_feed(10'000) == Status::Ok);  // horizon 9800
        REQUIRE(v->go_to(9000, step) == Status::Ok);
        CHECK(step == Step::Timeout);
        CHECK(v->current_timestamp() == 9000);
        REQUIRE(v->quantity_at(0, Side::Sell, 102, lots) == Status::Ok);
        CHECK(lots == 5);
        REQUIRE(v->go_to(9800, step) == Status::Ok);
        CHECK(step == Step::Pending);  // the target is the horizon: not yet known complete
        CHECK(v->current_timestamp() == 9800);
    }
    SECTION("a wait stops at a feed event before the horizon") {
        REQUIRE(v->push(std::span<const md::Event>(&batch[2], 1)) == Status::Ok);  // local 2000 again: allowed
        REQUIRE(v->advance_feed(2300) == Status::Ok);                               // horizon 2100
        REQUIRE(v->wait_next_feed(false, 10'000, step) == Status::Ok);
        CHECK(step == Step::Feed);
        CHECK(v->current_timestamp() == 1800);  // the ask at local 1800, now before the horizon
    }
    SECTION("END only after the feed is closed and everything is processed") {
        REQUIRE(v->close_feed() == Status::Ok);
        CHECK(v->feed().horizon == INT64_MAX);
        REQUIRE(v->go_to(1900, step) == Status::Ok);
        CHECK(step == Step::Timeout);
        CHECK(v->current_timestamp() == 1900);
        REQUIRE(v->go_to(5000, step) == Status::Ok);
        CHECK(step == Step::End);
        CHECK(v->current_timestamp() == 2100);  // the last event's local time (shifted)
        CHECK(v->feed().pending == 0);
        REQUIRE(v->close_feed() == Status::Ok);  // closing again changes nothing
    }
    SECTION("a horizon at or below the current time moves nothing") {
        REQUIRE(v->go_to(1800, step) == Status::Ok);
        CHECK(step == Step::Pending);
        CHECK(v->current_timestamp() == 1800);
        REQUIRE(v->elapse(0, step) == Status::Ok);
        CHECK(step == Step::Pending);
        CHECK(v->current_timestamp() == 1800);
    }
}

TEST_CASE("live: advance_feed lets time pass over a silent feed; an older promise changes nothing", "[venue][live]") {
    const std::vector<md::SymbolRecord> symbols{symbol()};
    auto v = live_venue(symbols, constant(0, 0), 0, 0, 50);
    REQUIRE(v->advance_feed(1000) == Status::Ok);
    CHECK(v->feed().watermark == 1000);
    CHECK(v->feed().horizon == 950);
    REQUIRE(v->advance_feed(400) == Status::Ok);
    CHECK(v->feed().watermark == 1000);
    Step step;
    REQUIRE(v->elapse(900, step) == Status::Ok);
    CHECK(step == Step::Timeout);
    CHECK(v->current_timestamp() == 900);
    REQUIRE(v->elapse(900, step) == Status::Ok);
    CHECK(step == Step::Pending);
    CHECK(v->current_timestamp() == 950);
    const md::Event early = level(0, 999, kBid, 10, 1);
    CHECK(v->push(std::span<const md::Event>(&early, 1)) == Status::TimeBackwards);  // below the promise
    CHECK(v->feed().pushed == 0);
}

TEST_CASE("live: an event whose exch_ts lies before the processed time is raised to it and counted late",
          "[venue][live]") {
    const std::vector<md::SymbolRecord> symbols{symbol()};
    auto v = live_venue(symbols, constant(0, 0), 0, 0, 0);
    const md::Event book[] = {level(10, 10, kAsk, 101, 5), level(10, 10, kBid, 99, 5)};
    REQUIRE(v->push(book) == Status::Ok);
    REQUIRE(v->advance_feed(1000) == Status::Ok);
    Step step;
    REQUIRE(v->go_to(500, step) == Status::Ok);
    REQUIRE(step == Step::Timeout);
    // A resting sell at 101 reaches the exchange at once (latency 0).
    REQUIRE(v->submit(0, 1, Side::Sell, 101, 2, OrderType::Limit, TimeInForce::GTC) == Status::Ok);
    REQUIRE(v->go_to(600, step) == Status::Ok);
    CHECK(v->feed().late_events == 0);
    // A trade that happened at exchange time 100, heard of at local 1000:
    // late, it is processed at 600 (after the order) and fills it.
    const md::Event t = trade(100, 1000, kBid, 101, 10);
    REQUIRE(v->push(std::span<const md::Event>(&t, 1)) == Status::Ok);
    CHECK(v->feed().late_events == 1);
    REQUIRE(v->close_feed() == Status::Ok);
    REQUIRE(v->go_to(2000, step) == Status::Ok);
    REQUIRE(v->fills().size() == 1);
    CHECK(v->fills()[0].exch_ts == 600);
    CHECK(v->fills()[0].local_ts == 600);
    md::Event last[1];
    std::size_t n = 0;
    REQUIRE(v->last_trades(0, last, n) == Status::Ok);
    REQUIRE(n == 1);
    CHECK(last[0].exch_ts == 600);  // the venue's copy
}

TEST_CASE("live: a refused push or promise changes nothing (TIME_BACKWARDS, UNKNOWN_SYMBOL, FEED_CLOSED, INVALID_OP)",
          "[venue][live]") {
    const std::vector<md::SymbolRecord> symbols{symbol(3)};
    auto v = live_venue(symbols, constant(0, 0), 0, 0, 0);
    const md::Event ok[] = {level(5, 10, kBid, 99, 5, 3), level(5, 20, kAsk, 101, 5, 3)};
    REQUIRE(v->push(ok) == Status::Ok);
    const FeedState before = v->feed();

    const md::Event backwards_inside[] = {level(5, 30, kBid, 98, 5, 3), level(5, 25, kBid, 97, 5, 3)};
    CHECK(v->push(backwards_inside) == Status::TimeBackwards);
    CHECK(v->error().find("event 1") != std::string::npos);
    const md::Event below_watermark[] = {level(5, 19, kBid, 98, 5, 3)};
    CHECK(v->push(below_watermark) == Status::TimeBackwards);
    const md::Event unknown[] = {level(5, 30, kBid, 98, 5, 3), level(5, 30, kBid, 98, 5, 4)};
    CHECK(v->push(unknown) == Status::UnknownSymbol);
    const md::Event overflow[] = {level(5, INT64_MAX, kBid, 98, 5, 3)};
    auto shifted = live_venue(symbols, constant(0, 0), 0, 1, 0);
    CHECK(shifted->push(overflow) == Status::OutOfRange);
    CHECK(shifted->feed().pushed == 0);
    CHECK(same_bytes(v->feed(), before));

    REQUIRE(v->close_feed() == Status::Ok);
    const md::Event later[] = {level(5, 40, kBid, 98, 5, 3)};
    CHECK(v->push(later) == Status::FeedClosed);
    CHECK(v->advance_feed(100) == Status::FeedClosed);
    CHECK(v->feed().pushed == 2);
    CHECK(v->feed().watermark == 20);

    std::vector<md::Event> events{level(5, 10, kBid, 99, 5, 3)};
    std::unique_ptr<Venue> recorded;
    REQUIRE(Venue::create(recorded, events, symbols, constant(0, 0)) == Status::Ok);
    CHECK(recorded->push(later) == Status::InvalidOp);
    CHECK(recorded->advance_feed(100) == Status::InvalidOp);
    CHECK(recorded->close_feed() == Status::InvalidOp);
    const FeedState f = recorded->feed();
    CHECK(f.live == 0);
    CHECK(f.closed == 1);
    CHECK(f.pushed == 1);
    CHECK(f.horizon == INT64_MAX);
    CHECK(f.pending == 1);

    std::unique_ptr<Venue> bad;
    std::string error;
    CHECK(Venue::create_live(bad, symbols, constant(0, 0), 0, 0, -1, &error) == Status::InvalidConfig);
    CHECK(error.find("feed_delay_ns") != std::string::npos);
    std::vector<md::SymbolRecord> zero_tick{symbol(1, 0.0)};
    CHECK(Venue::create_live(bad, zero_tick, constant(0, 0), 0, 0, 0) == Status::InvalidConfig);
    CHECK(bad == nullptr);
}

TEST_CASE("live: the processed prefix is compacted and pending counts what either side still has to process",
          "[venue][live]") {
    std::mt19937_64 rng(42);
    const std::vector<md::Event> events = random_stream(rng, 20000);
    const std::vector<md::SymbolRecord> symbols{symbol()};
    const std::int64_t delay = max_feed_latency(events, 0);
    auto v = live_venue(symbols, stream_config(), events.front().local_ts, 0, delay);
    std::unique_ptr<Venue> recorded;
    REQUIRE(Venue::create(recorded, events, symbols, stream_config()) == Status::Ok);
    // Pushes in chunks of 7 with a goto to the horizon after each: every
    // pushed event is processed soon, so the storage holds few of them.
    std::size_t most_pending = 0;
    Step step;
    for (std::size_t i = 0; i < events.size(); i += 7) {
        const std::size_t n = std::min<std::size_t>(7, events.size() - i);
        REQUIRE(v->push(std::span<const md::Event>(events).subspan(i, n)) == Status::Ok);
        const FeedState f = v->feed();
        most_pending = std::max<std::size_t>(most_pending, f.pending);
        if (f.horizon > v->current_timestamp()) {
            REQUIRE(v->go_to(f.horizon, step) == Status::Ok);
            REQUIRE(step == Step::Pending);
        }
    }
    CHECK(most_pending < 200);
    REQUIRE(v->close_feed() == Status::Ok);
    REQUIRE(v->go_to(INT64_MAX, step) == Status::Ok);
    CHECK(step == Step::End);
    REQUIRE(recorded->go_to(INT64_MAX, step) == Status::Ok);
    CHECK(v->feed().pending == 0);
    CHECK(v->feed().pushed == events.size());
    CHECK(v->current_timestamp() == recorded->current_timestamp());
    md::BookLevel a[16], b[16];
    std::size_t na = 0, nb = 0;
    for (Side side : {Side::Buy, Side::Sell}) {
        REQUIRE(v->depth(0, side, a, na) == Status::Ok);
        REQUIRE(recorded->depth(0, side, b, nb) == Status::Ok);
        REQUIRE(na == nb);
        for (std::size_t i = 0; i < na; ++i) CHECK(same_bytes(a[i], b[i]));
    }
}
