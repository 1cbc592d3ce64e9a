// Databento DBN MBO converter: prelude and metadata, then one MBO record at
// a time (bounded memory), each mapped to at most one event plus the
// snapshot markers around F_SNAPSHOT runs.
#include "sigmax/market/dbn.hpp"

#include <cstring>
#include <map>
#include <set>
#include <unordered_map>

#include "byte_stream.hpp"
#include "dbn_metadata.hpp"
#include "decimal.hpp"
#include "emitter.hpp"

namespace sigmax::md {

namespace {

using detail::DbnMetadata;

constexpr std::size_t kHeaderLen = 16;  // length (u8, in 4-byte units), rtype, publisher_id, instrument_id, ts_event
constexpr std::size_t kMboLen = 56;
constexpr std::uint8_t kRtypeMbo = 0xA0;
constexpr std::int64_t kUndefPrice = INT64_MAX;
constexpr std::uint64_t kUndefTimestamp = UINT64_MAX;
constexpr std::uint8_t kFlagLast = 1u << 7;
constexpr std::uint8_t kFlagSnapshot = 1u << 5;
constexpr std::uint8_t kFlagMaybeBadBook = 1u << 2;

template <typename T>
T load(const char* p) {
    T v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

struct MboRecord {
    std::uint16_t publisher_id;
    std::uint32_t instrument_id;
    std::uint64_t ts_event;
    std::uint64_t order_id;
    std::int64_t price;
    std::uint32_t size;
    std::uint8_t flags;
    std::uint8_t channel_id;
    char action, side;
    std::uint64_t ts_recv;
    std::uint32_t sequence;
};

MboRecord decode_mbo(const char* p) {
    MboRecord r;
    r.publisher_id = load<std::uint16_t>(p + 2);
    r.instrument_id = load<std::uint32_t>(p + 4);
    r.ts_event = load<std::uint64_t>(p + 8);
    r.order_id = load<std::uint64_t>(p + 16);
    r.price = load<std::int64_t>(p + 24);
    r.size = load<std::uint32_t>(p + 32);
    r.flags = static_cast<std::uint8_t>(p[36]);
    r.channel_id = static_cast<std::uint8_t>(p[37]);
    r.action = p[38];
    r.side = p[39];
    r.ts_recv = load<std::uint64_t>(p + 40);
    // p + 48: ts_in_delta (i32), not carried
    r.sequence = load<std::uint32_t>(p + 52);
    return r;
}

struct Instrument {
    std::uint32_t id = 0;     // the event file's symbol id
    bool wanted = true;       // passes the symbol filter
    bool in_snapshot = false;
};

class DbnConverter {
public:
    DbnConverter(detail::ByteStream& stream, EventSink& sink, const ConvertOptions& options, ConvertSummary& summary,
                 ConvertError& error)
        : stream_(stream), reader_(stream), emitter_(sink, summary), options_(options), summary_(summary), error_(error) {}

    Status run();

private:
    Status fail(std::uint64_t offset, std::string rule) {
        error_.file = stream_.name();
        error_.line = 0;
        error_.offset = offset;
        error_.rule = std::move(rule);
        return Status::Format;
    }
    Status read_metadata();
    Status configure_grid();
    Status instrument(const MboRecord& r, Instrument*& out);
    Status convert(const MboRecord& r, std::uint64_t offset);
    Status emit(const Event& e) {
        const Status s = emitter_.emit(e);
        if (s != Status::Ok) fail(reader_.offset(), "the event sink refused an event");
        return s;
    }
    Status close_snapshot(Instrument& in, std::int64_t exch_ts, std::int64_t local_ts) {
        Event end = detail::make_event(SGX_MD_SNAPSHOT_END, in.id, exch_ts, local_ts);
        end.flags = SGX_MD_F_SNAPSHOT | SGX_MD_F_LAST;
        in.in_snapshot = false;
        return emit(end);
    }

    detail::ByteStream& stream_;
    detail::BufferedReader reader_;
    detail::Emitter emitter_;
    const ConvertOptions& options_;
    ConvertSummary& summary_;
    ConvertError& error_;
    DbnMetadata meta_;
    std::int64_t tick_nanos_ = 1;  // one tick in DBN's 1e-9 price units
    std::int64_t lot_ = 1;         // one lot in DBN size units
    std::map<std::uint64_t, Instrument> instruments_;  // (publisher << 32 | instrument id)
    std::set<std::string> names_;
    std::uint32_t next_id_ = 0;
    std::uint64_t none_actions_ = 0, undef_prices_ = 0, unordered_recv_ = 0, no_side_ = 0;
    std::map<int, std::uint64_t> other_rtypes_;
    std::uint64_t last_recv_ = 0;
};

Status DbnConverter::read_metadata() {
    std::string_view prelude;
    Status s = reader_.take(detail::kDbnPreludeLen, prelude, error_);
    if (s != Status::Ok) return s;
    if (prelude.size() < 3 || prelude.substr(0, 3) != "DBN")
        return fail(0, "not a DBN stream: expected the magic bytes 'DBN' at offset 0");
    if (prelude.size() < detail::kDbnPreludeLen) return fail(prelude.size(), "truncated DBN prelude");
    const auto version = static_cast<std::uint8_t>(prelude[3]);
    if (version < 1 || version > 3)
        return fail(3, "unsupported DBN version " + std::to_string(version) + " (versions 1, 2 and 3 are read)");
    const std::uint32_t length = load<std::uint32_t>(prelude.data() + 4);
    if (length < detail::kDbnMetadataFixedLen)
        return fail(4, "metadata length " + std::to_string(length) + " is shorter than the " +
                           std::to_string(detail::kDbnMetadataFixedLen) + " fixed bytes DBN requires");
    std::string_view body;
    if ((s = reader_.take(length, body, error_)) != Status::Ok) return s;
    if (body.size() < length)
        return fail(reader_.offset(), "truncated metadata: the input ends after " + std::to_string(body.size()) +
                                          " of its " + std::to_string(length) + " bytes");
    std::string why;
    std::uint64_t where = 0;
    if (!detail::parse_dbn_metadata(body, version, meta_, why, where)) return fail(where, why);
    if (meta_.schema != detail::kDbnSchemaMbo)
        return fail(detail::kDbnPreludeLen + 16,
                    "schema " + detail::dbn_schema_name(meta_.schema) + ": only MBO (market by order) files are converted");
    if (meta_.renamed_instruments > 0)
        summary_.warnings.push_back(std::to_string(meta_.renamed_instruments) +
                                    " symbol mapping intervals give an instrument another name than its first; "
                                    "the first name is kept");
    return Status::Ok;
}

Status DbnConverter::configure_grid() {
    if (options_.tick_size != 0.0) {
        detail::Grid g;
        if (!detail::grid_from_double(options_.tick_size, g) || g.decimals > 9) {
            error_.rule = "tick_size must be a positive multiple of 1e-9 (DBN's price unit)";
            return Status::InvalidConfig;
        }
        std::int64_t scale = 1;
        for (int i = g.decimals; i < 9; ++i) scale *= 10;
        if (__builtin_mul_overflow(g.units, scale, &tick_nanos_)) {
            error_.rule = "tick_size must be below 2^63 DBN price units (9.2e9)";
            return Status::InvalidConfig;
        }
    }
    if (options_.lot_size != 0.0) {
        detail::Grid g;
        if (!detail::grid_from_double(options_.lot_size, g) || g.decimals != 0) {
            error_.rule = "lot_size must be a positive whole number of DBN size units";
            return Status::InvalidConfig;
        }
        lot_ = g.units;
    }
    return Status::Ok;
}

Status DbnConverter::instrument(const MboRecord& r, Instrument*& out) {
    const std::uint64_t key = (static_cast<std::uint64_t>(r.publisher_id) << 32) | r.instrument_id;
    auto [it, inserted] = instruments_.try_emplace(key);
    out = &it->second;
    if (!inserted) return Status::Ok;
    const auto mapped = meta_.symbols.find(r.instrument_id);
    const std::string base = mapped != meta_.symbols.end() ? mapped->second : std::to_string(r.instrument_id);
    if (!options_.symbols.empty()) {
        bool wanted = false;
        for (const auto& s : options_.symbols)
            wanted = wanted || s == base || s == std::to_string(r.instrument_id);
        out->wanted = wanted;
        if (!wanted) return Status::Ok;
    }
    // Unique names: another instrument (parent symbology) or publisher with the same name gets a suffix.
    std::string name = base;
    if (names_.count(name) != 0) name = base + "@" + std::to_string(r.publisher_id);
    if (names_.count(name) != 0) name = base + "/" + std::to_string(r.instrument_id) + "@" + std::to_string(r.publisher_id);
    if (name.size() > sizeof(SymbolRecord{}.name)) name = std::to_string(r.instrument_id) + "@" + std::to_string(r.publisher_id);
    names_.insert(name);
    out->id = next_id_++;
    const std::string& venue = options_.venue.empty() ? meta_.dataset : options_.venue;
    SymbolRecord rec;
    detail::make_symbol(name, venue, static_cast<double>(tick_nanos_) * 1e-9, static_cast<double>(lot_), options_, out->id,
                        rec);
    if (tick_nanos_ > 1) {  // the exact decimal value, not nanos * 1e-9 rounded twice
        detail::Grid g{tick_nanos_, 9};
        rec.tick_size = detail::grid_value(g);
    }
    const Status s = emitter_.add_symbol(rec);
    if (s != Status::Ok) fail(reader_.offset(), "the event sink refused symbol " + name);
    return s;
}

Status DbnConverter::convert(const MboRecord& r, std::uint64_t offset) {
    Instrument* in = nullptr;
    Status st = instrument(r, in);
    if (st != Status::Ok) return st;
    if (!in->wanted) {
        ++summary_.skipped;
        return Status::Ok;
    }
    std::uint8_t kind = 0;
    switch (r.action) {
    case 'A': kind = SGX_MD_ADD; break;
    case 'C': kind = SGX_MD_CANCEL; break;
    case 'M': kind = SGX_MD_MODIFY; break;
    case 'R': kind = SGX_MD_CLEAR; break;
    case 'F': kind = SGX_MD_FILL; break;
    case 'T': kind = SGX_MD_TRADE; break;
    case 'N': ++none_actions_; ++summary_.skipped; return Status::Ok;
    default:
        return fail(offset, "unknown MBO action '" + std::string(1, r.action) + "' (A, C, M, R, T, F or N)");
    }
    std::uint8_t side = SGX_MD_SIDE_NONE;
    switch (r.side) {
    case 'B': side = SGX_SIDE_BUY; break;
    case 'A': side = SGX_SIDE_SELL; break;
    case 'N': break;
    default: return fail(offset, "unknown MBO side '" + std::string(1, r.side) + "' (A, B or N)");
    }
    const bool order_event = kind == SGX_MD_ADD || kind == SGX_MD_CANCEL || kind == SGX_MD_MODIFY || kind == SGX_MD_FILL;
    if (order_event && side == SGX_MD_SIDE_NONE) {  // an order without a side cannot rest in a book
        ++no_side_;
        ++summary_.skipped;
        return Status::Ok;
    }
    if (kind != SGX_MD_CLEAR && r.price == kUndefPrice) {  // top-of-book style records with no price
        ++undef_prices_;
        ++summary_.skipped;
        return Status::Ok;
    }
    Event e = detail::make_event(kind, in->id, static_cast<std::int64_t>(r.ts_event), static_cast<std::int64_t>(r.ts_recv));
    if (r.ts_event == kUndefTimestamp) {
        e.exch_ts = e.local_ts;
        e.flags |= SGX_MD_F_NO_EXCH_TS;
    }
    e.side = side;
    if (kind != SGX_MD_CLEAR) {
        if (r.price % tick_nanos_ != 0)
            return fail(offset, "price " + std::to_string(r.price) + "e-9 is off the tick of " +
                                    std::to_string(tick_nanos_) + "e-9; pass a finer --tick");
        if (r.size % lot_ != 0)
            return fail(offset, "size " + std::to_string(r.size) + " is off the lot of " + std::to_string(lot_));
        e.price = r.price / tick_nanos_;
        e.quantity = static_cast<std::int64_t>(r.size) / lot_;
    }
    e.order_id = kind == SGX_MD_TRADE ? 0 : r.order_id;  // DBN has no trade id
    e.sequence = r.sequence;
    if (kind == SGX_MD_TRADE && side == SGX_MD_SIDE_NONE) e.flags |= SGX_MD_F_NO_AGGRESSOR;
    if ((r.flags & kFlagLast) != 0) e.flags |= SGX_MD_F_LAST;
    if (kind == SGX_MD_FILL) e.flags |= SGX_MD_F_NO_BOOK_CHANGE;  // Databento sends the book change as a C or M
    if ((r.flags & kFlagMaybeBadBook) != 0) {
        e.flags |= SGX_MD_F_GAP;
        ++summary_.gaps;
    }
    const bool snapshot = (r.flags & kFlagSnapshot) != 0;
    if (snapshot) {
        e.flags |= SGX_MD_F_SNAPSHOT;
        // A snapshot starts with a clear (Databento's convention) or with the
        // first snapshot record after live ones; it ends at its F_LAST record.
        if (in->in_snapshot && kind == SGX_MD_CLEAR && (st = close_snapshot(*in, e.exch_ts, e.local_ts)) != Status::Ok)
            return st;
        if (!in->in_snapshot) {
            Event begin = detail::make_event(SGX_MD_SNAPSHOT_BEGIN, in->id, e.exch_ts, e.local_ts);
            begin.flags = SGX_MD_F_SNAPSHOT;
            if ((st = emit(begin)) != Status::Ok) return st;
            in->in_snapshot = true;
        }
        e.flags = static_cast<std::uint16_t>(e.flags & ~SGX_MD_F_LAST);  // the END carries it
    } else if (in->in_snapshot && (st = close_snapshot(*in, e.exch_ts, e.local_ts)) != Status::Ok) {
        return st;
    }
    if ((st = emit(e)) != Status::Ok) return st;
    if (snapshot && (r.flags & kFlagLast) != 0) return close_snapshot(*in, e.exch_ts, e.local_ts);
    return Status::Ok;
}

Status DbnConverter::run() {
    Status st = configure_grid();
    if (st != Status::Ok) return st;
    if ((st = read_metadata()) != Status::Ok) return st;
    for (;;) {
        const std::uint64_t offset = reader_.offset();
        std::string_view header;
        if ((st = reader_.take(kHeaderLen, header, error_)) != Status::Ok) return st;
        if (header.empty()) break;
        if (header.size() < kHeaderLen)
            return fail(offset, "truncated record: the input ends " + std::to_string(header.size()) +
                                    " bytes into a record header");
        const std::size_t length = static_cast<std::size_t>(static_cast<std::uint8_t>(header[0])) * 4;
        const auto rtype = static_cast<std::uint8_t>(header[1]);
        if (length < kHeaderLen)
            return fail(offset, "record length " + std::to_string(length) + " is shorter than the 16-byte record header");
        if (rtype == kRtypeMbo && length < kMboLen)
            return fail(offset, "MBO record length " + std::to_string(length) + " is shorter than the " +
                                    std::to_string(kMboLen) + " bytes an MBO record needs");
        char record[255 * 4];
        std::memcpy(record, header.data(), kHeaderLen);
        std::string_view rest;
        if ((st = reader_.take(length - kHeaderLen, rest, error_)) != Status::Ok) return st;
        if (rest.size() < length - kHeaderLen)
            return fail(offset, "truncated record: the input ends after " + std::to_string(kHeaderLen + rest.size()) +
                                    " of its " + std::to_string(length) + " bytes");
        std::memcpy(record + kHeaderLen, rest.data(), rest.size());
        ++summary_.input_records;
        if ((summary_.input_records & 65535) == 0 && options_.progress)
            options_.progress(stream_.raw_consumed(), stream_.raw_total());
        if (rtype != kRtypeMbo) {  // system, error or mapping messages of live data
            ++other_rtypes_[rtype];
            ++summary_.skipped;
            continue;
        }
        MboRecord r = decode_mbo(record);
        // Event files go in local time order. A record received "before"
        // the one ahead of it in the file (DBN flags such ts_recv as
        // unreliable) keeps its place and takes that record's receive time.
        if (r.ts_recv < last_recv_) {
            ++unordered_recv_;
            r.ts_recv = last_recv_;
        }
        last_recv_ = r.ts_recv;
        if ((st = convert(r, offset)) != Status::Ok) return st;
    }
    // Snapshots still open at the end of the input are complete as far as the file goes.
    for (auto& [key, in] : instruments_)
        if (in.in_snapshot && (st = close_snapshot(in, summary_.last_exch_ts, summary_.last_local_ts)) != Status::Ok)
            return st;
    if (options_.progress) options_.progress(stream_.raw_consumed(), stream_.raw_total());
    if (none_actions_ > 0)
        summary_.warnings.push_back(std::to_string(none_actions_) + " MBO records with action N (none) skipped");
    if (no_side_ > 0)
        summary_.warnings.push_back(std::to_string(no_side_) + " add/cancel/modify/fill records without a side skipped");
    if (undef_prices_ > 0)
        summary_.warnings.push_back(std::to_string(undef_prices_) + " MBO records with an undefined price skipped");
    if (unordered_recv_ > 0)
        summary_.warnings.push_back(std::to_string(unordered_recv_) +
                                    " records with a ts_recv earlier than the record before (kept in file order, with that record's ts_recv)");
    for (const auto& [rtype, count] : other_rtypes_)
        summary_.warnings.push_back(std::to_string(count) + " records of rtype " + std::to_string(rtype) +
                                    " (not MBO) skipped");
    return Status::Ok;
}

Status convert_stream(detail::ByteStream& stream, EventSink& sink, const ConvertOptions& options,
                      ConvertSummary& summary, ConvertError& error) {
    DbnConverter converter(stream, sink, options, summary, error);
    return converter.run();
}

}  // namespace

Status convert_dbn(const std::string& input_path, EventSink& sink, const ConvertOptions& options,
                   ConvertSummary& summary, ConvertError& error) {
    summary = ConvertSummary{};
    error = ConvertError{};
    detail::ByteStream stream;
    const Status s = stream.open_file(input_path, error);
    if (s != Status::Ok) return s;
    return convert_stream(stream, sink, options, summary, error);
}

Status convert_dbn_bytes(std::string_view bytes, const std::string& name, EventSink& sink,
                         const ConvertOptions& options, ConvertSummary& summary, ConvertError& error) {
    summary = ConvertSummary{};
    error = ConvertError{};
    detail::ByteStream stream;
    const Status s = stream.open_memory(bytes, name, error);
    if (s != Status::Ok) return s;
    return convert_stream(stream, sink, options, summary, error);
}

}  // namespace sigmax::md
