// Tardis.dev CSV converter: merges the input files by local_timestamp, infers
// each symbol's grid from its first rows, and maps rows to events.
#include "sigmax/market/tardis.hpp"

#include <deque>
#include <memory>
#include <unordered_map>

#include "byte_stream.hpp"
#include "emitter.hpp"
#include "tardis_csv.hpp"

namespace sigmax::md {

namespace {

using detail::Decimal;
using detail::Grid;
using detail::TardisLayout;
using detail::TardisLevel;
using detail::TardisRow;
using detail::TardisType;

// Rows looked ahead (after the merge) when a symbol's grid is inferred: the
// grid has the most decimals any of the symbol's rows among them prints.
constexpr std::size_t kGridWindow = 4096;

// A row taken from the merge, owning its data, waiting in the grid window.
struct PendingRow {
    std::uint32_t key = 0;     // interned (exchange, symbol)
    std::uint32_t file = 0;
    std::uint64_t line = 0;
    TardisType type = TardisType::Trades;
    std::int64_t exch_ts = 0, local_ts = 0;
    bool is_snapshot = false;
    bool last_of_group = true;       // the file's next row is another update
    bool snapshot_continues = false; // the file's next row continues this symbol's snapshot
    std::uint8_t side = 0;
    Decimal price, amount;
    std::uint64_t trade_id = 0;
    std::vector<TardisLevel> levels;
};

struct SymbolState {
    std::string exchange, symbol;
    bool registered = false;
    std::uint32_t id = 0;
    Grid price_grid, amount_grid;
    bool seen_snapshot = false, in_snapshot = false;
    int book_source = -1;  // the TardisType that feeds its book (L2 or snapshots), -1: none yet
    std::uint64_t skipped_before_snapshot = 0;
};

struct FileInput {
    detail::ByteStream stream;
    std::unique_ptr<detail::BufferedReader> reader;
    TardisLayout layout;
    std::uint64_t line = 0;
    std::vector<std::string_view> fields;
    TardisRow row;
    bool has_head = false;
    PendingRow head;
    std::int64_t last_local_ts = 0;
};

class TardisConverter {
public:
    TardisConverter(EventSink& sink, const ConvertOptions& options, ConvertSummary& summary, ConvertError& error)
        : emitter_(sink, summary), options_(options), summary_(summary), error_(error) {}

    Status run(std::vector<std::unique_ptr<FileInput>>& files);

private:
    Status fail_at(const FileInput& f, std::string rule) {
        error_.file = f.stream.name();
        error_.line = f.line;
        error_.offset = 0;
        error_.rule = std::move(rule);
        return Status::Format;
    }
    Status fail_row(const PendingRow& r, std::string rule) {
        error_.file = (*files_)[r.file]->stream.name();
        error_.line = r.line;
        error_.offset = 0;
        error_.rule = std::move(rule);
        return Status::Format;
    }
    Status open(FileInput& f);
    Status read_next(FileInput& f, std::uint32_t index);
    Status process(PendingRow& r);
    Status register_symbol(SymbolState& s, const PendingRow& r);
    Status steps(const PendingRow& r, const Decimal& value, const Grid& grid, const SymbolState& s, bool is_price,
                 std::int64_t& out);
    Status emit(Event e) {
        const Status s = emitter_.emit(e);
        if (s != Status::Ok) {
            error_.rule = "the event sink refused an event";
            error_.line = 0;
        }
        return s;
    }
    Status emit_level(const PendingRow& r, const SymbolState& s, std::uint8_t side, const Decimal& price,
                      const Decimal& amount, std::uint16_t flags);
    void report_progress();

    detail::Emitter emitter_;
    const ConvertOptions& options_;
    ConvertSummary& summary_;
    ConvertError& error_;
    std::vector<std::unique_ptr<FileInput>>* files_ = nullptr;
    std::unordered_map<std::string, std::uint32_t> keys_;
    std::vector<SymbolState> symbols_;
    std::deque<PendingRow> window_;
    std::string key_scratch_;
    std::uint32_t next_id_ = 0;
    bool fixed_price_grid_ = false, fixed_amount_grid_ = false;
    Grid option_price_grid_, option_amount_grid_;
};

Status TardisConverter::open(FileInput& f) {
    f.reader = std::make_unique<detail::BufferedReader>(f.stream);
    std::string_view header;
    bool eof = false;
    const Status s = f.reader->next_line(header, eof, error_);
    if (s != Status::Ok) return s;
    f.line = 1;
    if (eof) return fail_at(f, "empty file: expected a Tardis CSV header row");
    std::string why;
    if (!detail::parse_tardis_header(header, f.layout, why)) return fail_at(f, why);
    return Status::Ok;
}

Status TardisConverter::read_next(FileInput& f, std::uint32_t index) {
    f.has_head = false;
    for (;;) {
        std::string_view line;
        bool eof = false;
        const Status s = f.reader->next_line(line, eof, error_);
        if (s != Status::Ok) return s;
        if (eof) return Status::Ok;
        ++f.line;
        ++summary_.input_records;
        if ((summary_.input_records & 4095) == 0) report_progress();
        std::string why;
        if (!detail::parse_tardis_row(line, f.layout, f.fields, f.row, why)) return fail_at(f, why);
        if (f.row.local_ts < f.last_local_ts)
            return fail_at(f, "local_timestamp " + std::to_string(f.row.local_ts / 1000) + " is earlier than the row before (" +
                                  std::to_string(f.last_local_ts / 1000) + "): a Tardis file is ordered by local_timestamp");
        f.last_local_ts = f.row.local_ts;
        if (!options_.symbols.empty()) {
            bool wanted = false;
            for (const auto& name : options_.symbols) wanted = wanted || name == f.row.symbol;
            if (!wanted) {
                ++summary_.skipped;
                continue;
            }
        }
        key_scratch_.assign(f.row.exchange);
        key_scratch_.push_back('\0');
        key_scratch_.append(f.row.symbol);
        auto [it, inserted] = keys_.try_emplace(key_scratch_, static_cast<std::uint32_t>(symbols_.size()));
        if (inserted) {
            if (f.row.symbol.size() > sizeof(SymbolRecord{}.name))
                return fail_at(f, "symbol '" + std::string(f.row.symbol) + "' is longer than the 32 bytes an event file's symbol name holds");
            symbols_.push_back(SymbolState{});
            symbols_.back().exchange = std::string(f.row.exchange);
            symbols_.back().symbol = std::string(f.row.symbol);
        }
        PendingRow& h = f.head;
        h.key = it->second;
        h.file = index;
        h.line = f.line;
        h.type = f.layout.type;
        h.exch_ts = f.row.exch_ts;
        h.local_ts = f.row.local_ts;
        h.is_snapshot = f.row.is_snapshot;
        h.side = f.row.side;
        h.price = f.row.price;
        h.amount = f.row.amount;
        h.trade_id = f.row.trade_id;
        h.levels = f.row.levels;
        h.last_of_group = true;
        h.snapshot_continues = false;
        f.has_head = true;
        return Status::Ok;
    }
}

void TardisConverter::report_progress() {
    if (!options_.progress) return;
    std::uint64_t done = 0, total = 0;
    for (const auto& f : *files_) {
        done += f->stream.raw_consumed();
        total += f->stream.raw_total();
    }
    options_.progress(done, total);
}

Status TardisConverter::register_symbol(SymbolState& s, const PendingRow& first) {
    Grid price = option_price_grid_, amount = option_amount_grid_;
    if (!fixed_price_grid_ || !fixed_amount_grid_) {
        int price_dec = 0, amount_dec = 0;
        for (const PendingRow& r : window_) {
            if (r.key != first.key) continue;
            if (r.type == TardisType::BookSnapshot) {
                for (const auto& l : r.levels) {
                    price_dec = std::max(price_dec, l.price.decimals());
                    amount_dec = std::max(amount_dec, l.amount.decimals());
                }
            } else {
                price_dec = std::max(price_dec, r.price.decimals());
                amount_dec = std::max(amount_dec, r.amount.decimals());
            }
        }
        if (!fixed_price_grid_) price = Grid{1, price_dec};
        if (!fixed_amount_grid_) amount = Grid{1, amount_dec};
    }
    s.price_grid = price;
    s.amount_grid = amount;
    s.id = next_id_++;
    const std::string& venue = options_.venue.empty() ? s.exchange : options_.venue;
    SymbolRecord rec;
    if (!detail::make_symbol(s.symbol, venue, detail::grid_value(price), detail::grid_value(amount), options_, s.id, rec))
        return fail_row(first, "symbol '" + s.symbol + "' does not fit the event file's symbol name");
    if (venue.size() > sizeof rec.venue)
        summary_.warnings.push_back("venue '" + venue + "' cut to the 16 bytes of the symbol table's venue field");
    s.registered = true;
    const Status st = emitter_.add_symbol(rec);
    if (st != Status::Ok) error_.rule = "the event sink refused symbol " + s.symbol;
    return st;
}

Status TardisConverter::steps(const PendingRow& r, const Decimal& value, const Grid& grid, const SymbolState& s,
                              bool is_price, std::int64_t& out) {
    if (detail::to_steps(value, grid, out)) return Status::Ok;
    const bool fixed = is_price ? fixed_price_grid_ : fixed_amount_grid_;
    return fail_row(r, std::string(is_price ? "price " : "amount ") + to_string(value) + " of " + s.symbol +
                           " is off its " + (is_price ? "tick " : "lot ") + to_string(grid) +
                           (fixed ? " (given)" : " (inferred from the decimals of its first rows)") + "; pass " +
                           (is_price ? "--tick" : "--lot") + " with a finer grid");
}

Status TardisConverter::emit_level(const PendingRow& r, const SymbolState& s, std::uint8_t side, const Decimal& price,
                                   const Decimal& amount, std::uint16_t flags) {
    Event e = detail::make_event(SGX_MD_LEVEL, s.id, r.exch_ts, r.local_ts);
    Status st = steps(r, price, s.price_grid, s, true, e.price);
    if (st == Status::Ok) st = steps(r, amount, s.amount_grid, s, false, e.quantity);
    if (st != Status::Ok) return st;
    e.side = side;
    e.flags = flags;
    return emit(e);
}

Status TardisConverter::process(PendingRow& r) {
    SymbolState& s = symbols_[r.key];
    if (r.type != TardisType::Trades) {
        const int source = static_cast<int>(r.type);
        if (s.book_source >= 0 && s.book_source != source)
            return fail_row(r, "symbol " + s.symbol + " has both incremental_book_L2 and book_snapshot rows: two books for one "
                               "symbol; convert them separately");
        s.book_source = source;
    }
    if (r.type == TardisType::IncrementalL2 && !r.is_snapshot && !s.seen_snapshot) {
        ++summary_.skipped;  // buffered updates before the first snapshot (Tardis says: skip them)
        ++s.skipped_before_snapshot;
        return Status::Ok;
    }
    if (!s.registered) {
        const Status st = register_symbol(s, r);
        if (st != Status::Ok) return st;
    }
    Status st = Status::Ok;
    switch (r.type) {
    case TardisType::Trades: {
        Event e = detail::make_event(SGX_MD_TRADE, s.id, r.exch_ts, r.local_ts);
        st = steps(r, r.price, s.price_grid, s, true, e.price);
        if (st == Status::Ok) st = steps(r, r.amount, s.amount_grid, s, false, e.quantity);
        if (st != Status::Ok) return st;
        e.side = r.side;
        e.order_id = r.trade_id;
        e.flags = SGX_MD_F_LAST | (r.side == SGX_MD_SIDE_NONE ? SGX_MD_F_NO_AGGRESSOR : 0);
        return emit(e);
    }
    case TardisType::BookSnapshot: {
        Event begin = detail::make_event(SGX_MD_SNAPSHOT_BEGIN, s.id, r.exch_ts, r.local_ts);
        begin.flags = SGX_MD_F_SNAPSHOT;
        if ((st = emit(begin)) != Status::Ok) return st;
        for (const TardisLevel& l : r.levels)
            if ((st = emit_level(r, s, l.side, l.price, l.amount, SGX_MD_F_SNAPSHOT)) != Status::Ok) return st;
        Event end = detail::make_event(SGX_MD_SNAPSHOT_END, s.id, r.exch_ts, r.local_ts);
        end.flags = SGX_MD_F_SNAPSHOT | SGX_MD_F_LAST;
        return emit(end);
    }
    case TardisType::IncrementalL2: break;
    }
    if (r.is_snapshot && !s.in_snapshot) {
        Event begin = detail::make_event(SGX_MD_SNAPSHOT_BEGIN, s.id, r.exch_ts, r.local_ts);
        begin.flags = SGX_MD_F_SNAPSHOT;
        if ((st = emit(begin)) != Status::Ok) return st;
        s.in_snapshot = s.seen_snapshot = true;
    }
    std::uint16_t flags = 0;
    if (r.is_snapshot) flags = SGX_MD_F_SNAPSHOT;
    else if (r.last_of_group) flags = SGX_MD_F_LAST;
    if ((st = emit_level(r, s, r.side, r.price, r.amount, flags)) != Status::Ok) return st;
    if (r.is_snapshot && !r.snapshot_continues) {
        Event end = detail::make_event(SGX_MD_SNAPSHOT_END, s.id, r.exch_ts, r.local_ts);
        end.flags = SGX_MD_F_SNAPSHOT | SGX_MD_F_LAST;
        s.in_snapshot = false;
        return emit(end);
    }
    return Status::Ok;
}

Status TardisConverter::run(std::vector<std::unique_ptr<FileInput>>& files) {
    files_ = &files;
    if (options_.tick_size != 0.0) {
        if (!detail::grid_from_double(options_.tick_size, option_price_grid_)) {
            error_.rule = "tick_size must be a positive number";
            return Status::InvalidConfig;
        }
        fixed_price_grid_ = true;
    }
    if (options_.lot_size != 0.0) {
        if (!detail::grid_from_double(options_.lot_size, option_amount_grid_)) {
            error_.rule = "lot_size must be a positive number";
            return Status::InvalidConfig;
        }
        fixed_amount_grid_ = true;
    }
    Status st = Status::Ok;
    for (std::uint32_t i = 0; i < files.size(); ++i) {
        if ((st = open(*files[i])) != Status::Ok) return st;
        if ((st = read_next(*files[i], i)) != Status::Ok) return st;
    }
    for (;;) {
        FileInput* next = nullptr;
        std::uint32_t next_index = 0;
        for (std::uint32_t i = 0; i < files.size(); ++i) {
            FileInput& f = *files[i];
            if (f.has_head && (next == nullptr || f.head.local_ts < next->head.local_ts)) {
                next = &f;
                next_index = i;
            }
        }
        if (next == nullptr) break;
        window_.push_back(std::move(next->head));
        next->head = PendingRow{};
        if ((st = read_next(*next, next_index)) != Status::Ok) return st;
        PendingRow& taken = window_.back();
        if (next->has_head && next->head.key == taken.key) {
            taken.last_of_group = next->head.local_ts != taken.local_ts;
            taken.snapshot_continues = taken.is_snapshot && next->head.is_snapshot;
        }
        if (window_.size() > kGridWindow) {
            if ((st = process(window_.front())) != Status::Ok) return st;
            window_.pop_front();
        }
    }
    while (!window_.empty()) {
        if ((st = process(window_.front())) != Status::Ok) return st;
        window_.pop_front();
    }
    report_progress();
    for (const SymbolState& s : symbols_)
        if (s.skipped_before_snapshot > 0)
            summary_.warnings.push_back(std::to_string(s.skipped_before_snapshot) + " incremental_book_L2 rows of " +
                                        s.symbol + " before its first snapshot skipped");
    return Status::Ok;
}

Status convert(std::vector<std::unique_ptr<FileInput>>& files, EventSink& sink, const ConvertOptions& options,
               ConvertSummary& summary, ConvertError& error) {
    summary = ConvertSummary{};
    error = ConvertError{};
    TardisConverter converter(sink, options, summary, error);
    return converter.run(files);
}

}  // namespace

Status convert_tardis(const std::vector<std::string>& input_paths, EventSink& sink, const ConvertOptions& options,
                      ConvertSummary& summary, ConvertError& error) {
    std::vector<std::unique_ptr<FileInput>> files;
    for (const auto& path : input_paths) {
        files.push_back(std::make_unique<FileInput>());
        const Status s = files.back()->stream.open_file(path, error);
        if (s != Status::Ok) return s;
    }
    return convert(files, sink, options, summary, error);
}

Status convert_tardis_bytes(const std::vector<NamedBytes>& inputs, EventSink& sink, const ConvertOptions& options,
                            ConvertSummary& summary, ConvertError& error) {
    std::vector<std::unique_ptr<FileInput>> files;
    for (const auto& input : inputs) {
        files.push_back(std::make_unique<FileInput>());
        const Status s = files.back()->stream.open_memory(input.bytes, input.name, error);
        if (s != Status::Ok) return s;
    }
    return convert(files, sink, options, summary, error);
}

}  // namespace sigmax::md
