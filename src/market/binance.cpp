// The Binance converter: two streaming passes over the input. The first finds
// the symbols, their grids (the most decimals printed, unless given) and
// which symbol each REST snapshot belongs to; the second turns every line
// into events (docs/market_data.md, "Binance", states the mapping).
#include "sigmax/market/binance.hpp"

#include <algorithm>
#include <cctype>
#include <memory>
#include <unordered_map>

#include "binance_depth_sync.hpp"
#include "binance_message.hpp"
#include "decimal.hpp"
#include "text_lines.hpp"

namespace sigmax::md {

namespace {

using namespace detail;

constexpr std::int64_t kMaxLocalStepBackNs = 1'000'000'000;  // beyond: files out of order or a clock reset
constexpr std::uint64_t kProgressEveryLines = 4096;

struct Input {
    std::string name;
    bool in_memory = false;
    std::string_view content;  // in memory
    // The input's bytes, decompressed if need be; null with `error` filled.
    std::unique_ptr<ByteStream> open(Status& status, ConvertError& error) const {
        auto stream = std::make_unique<ByteStream>();
        status = in_memory ? stream->open_memory(content, name, error) : stream->open_file(name, error);
        return status == Status::Ok ? std::move(stream) : nullptr;
    }
};

struct SymbolState {
    std::string name;
    bool wanted = false;
    std::uint32_t id = 0;
    int price_decimals = 0, quantity_decimals = 0;
    bool futures_depth = false;  // its depth diffs carry pu
    bool has_depth = false, has_snapshot = false;
    Grid tick, lot;
    std::unique_ptr<DepthSync> sync;
    bool pending_gap = false;    // a gap whose flag awaits the symbol's next depth event
};

// Counted warnings, each with where it was first seen.
class Warnings {
public:
    void add(const std::string& text, const std::string& file, std::uint64_t line) {
        for (Entry& e : entries_) {
            if (e.text == text) {
                ++e.count;
                return;
            }
        }
        entries_.push_back({text, file, line, 1});
    }
    void write_to(std::vector<std::string>& out) const {
        for (const Entry& e : entries_)
            out.push_back(e.text + ": " + std::to_string(e.count) + " (first at " + e.file + ":" + std::to_string(e.line) + ")");
    }

private:
    struct Entry {
        std::string text, file;
        std::uint64_t line;
        std::uint64_t count;
    };
    std::vector<Entry> entries_;
};

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

int max_decimals(const std::vector<DecimalLevel>& levels, bool price) {
    int d = 0;
    for (const DecimalLevel& l : levels) d = std::max<int>(d, price ? l.price.printed_decimals : l.quantity.printed_decimals);
    return d;
}

class BinanceConverter {
public:
    BinanceConverter(EventSink& sink, const ConvertOptions& options, ConvertSummary& summary, ConvertError& error)
        : sink_(sink), options_(options), summary_(summary), error_(error) {}

    Status run(const std::vector<Input>& inputs) {
        summary_ = ConvertSummary{};
        error_ = ConvertError{};
        snapshot_symbol_.assign(inputs.size(), -1);
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            if (Status st = prescan(inputs[i], i); st != Status::Ok) return st;
            total_bytes_ += file_total_;
        }
        if (Status st = register_symbols(inputs.empty() ? std::string() : inputs.front().name); st != Status::Ok) return st;
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            if (Status st = convert(inputs[i], i); st != Status::Ok) return st;
            done_bytes_ += file_total_;
        }
        finish();
        if (options_.progress) options_.progress(total_bytes_, total_bytes_);
        return Status::Ok;
    }

private:
    Status fail(Status status, const std::string& file, std::uint64_t line, std::uint64_t offset, std::string rule) {
        error_.file = file;
        error_.line = line;
        error_.offset = offset;
        error_.rule = std::move(rule);
        return status;
    }
    Status fail_line(std::string rule) { return fail(Status::Format, file_, line_, 0, std::move(rule)); }

    // ---- pass 1 ----

    std::string symbol_name(const BinanceMessage& m) const {
        if (!m.symbol.empty()) return upper(m.symbol);
        if (!m.stream.empty()) return symbol_of_stream(m.stream);
        return std::string();
    }

    static const char* missing_field(const BinanceMessage& m) {
        switch (m.kind) {
        case BinanceKind::Depth:
            return m.has_U && m.has_u ? nullptr : "a depthUpdate needs U and u";
        case BinanceKind::Trade:
            return m.has_price && m.has_quantity ? nullptr : "a trade needs p and q";
        case BinanceKind::BookTicker:
            return m.has_u && m.ticker_fields == 15 ? nullptr : "a bookTicker needs u, b, B, a and A";
        default:
            return nullptr;
        }
    }

    SymbolState& symbol(const std::string& name) {
        auto it = index_.find(name);
        if (it != index_.end()) return symbols_[it->second];
        index_.emplace(name, symbols_.size());
        symbols_.emplace_back();
        symbols_.back().name = name;
        return symbols_.back();
    }

    // Reads `input` line by line, parsing each into message_ for `on_message`.
    template <class OnMessage>
    Status each_message(const Input& input, OnMessage&& on_message) {
        file_ = input.name;
        Status opened = Status::Ok;
        std::unique_ptr<ByteStream> source = input.open(opened, error_);
        if (!source) return opened;
        file_total_ = source->raw_total();
        LineReader reader(std::move(source));
        std::string_view line;
        std::string rule;
        int r;
        while ((r = reader.next(line, rule)) == 1) {
            line_ = reader.line_number();
            if (line.empty()) continue;
            if (!parser_.parse(line, reader.capacity_from(line.data()), message_, rule)) return fail_line(rule);
            if (Status st = on_message(message_, reader); st != Status::Ok) return st;
        }
        if (r < 0) return fail(Status::Format, file_, reader.line_number(), reader.offset(), rule);
        return Status::Ok;
    }

    Status prescan(const Input& input, std::size_t file_index) {
        std::vector<std::size_t> depth_symbols, file_symbols;
        std::uint64_t snapshot_line = 0;
        int snapshot_price_decimals = 0, snapshot_quantity_decimals = 0;
        const Status scanned = each_message(input, [&](const BinanceMessage& m, const LineReader&) {
            if (m.kind == BinanceKind::Snapshot) {
                if (snapshot_line == 0) snapshot_line = line_;
                snapshot_price_decimals = std::max({snapshot_price_decimals, max_decimals(m.bids, true), max_decimals(m.asks, true)});
                snapshot_quantity_decimals = std::max({snapshot_quantity_decimals, max_decimals(m.bids, false), max_decimals(m.asks, false)});
                return Status::Ok;
            }
            if (m.kind != BinanceKind::Depth && m.kind != BinanceKind::Trade && m.kind != BinanceKind::BookTicker) return Status::Ok;
            if (const char* missing = missing_field(m)) return fail_line(missing);
            const std::string name = symbol_name(m);
            if (name.empty()) return fail_line("a message needs its symbol: an \"s\" field or a stream name");
            SymbolState& s = symbol(name);
            const std::size_t idx = index_[name];
            if (std::find(file_symbols.begin(), file_symbols.end(), idx) == file_symbols.end()) file_symbols.push_back(idx);
            switch (m.kind) {
            case BinanceKind::Depth:
                s.has_depth = true;
                s.futures_depth = s.futures_depth || m.has_pu;
                if (std::find(depth_symbols.begin(), depth_symbols.end(), idx) == depth_symbols.end()) depth_symbols.push_back(idx);
                s.price_decimals = std::max({s.price_decimals, max_decimals(m.bids, true), max_decimals(m.asks, true)});
                s.quantity_decimals = std::max({s.quantity_decimals, max_decimals(m.bids, false), max_decimals(m.asks, false)});
                break;
            case BinanceKind::Trade:
                s.price_decimals = std::max<int>(s.price_decimals, m.price.printed_decimals);
                s.quantity_decimals = std::max<int>(s.quantity_decimals, m.quantity.printed_decimals);
                break;
            default:  // BookTicker
                s.price_decimals = std::max<int>({s.price_decimals, m.bid_price.printed_decimals, m.ask_price.printed_decimals});
                s.quantity_decimals = std::max<int>({s.quantity_decimals, m.bid_qty.printed_decimals, m.ask_qty.printed_decimals});
                break;
            }
            return Status::Ok;
        });
        if (scanned != Status::Ok) return scanned;
        if (snapshot_line != 0) {
            // The REST snapshot names no symbol: it is the file's depth-stream symbol.
            const std::vector<std::size_t>& candidates = depth_symbols.empty() ? file_symbols : depth_symbols;
            if (candidates.size() != 1) {
                std::string names;
                for (std::size_t idx : candidates) names += (names.empty() ? "" : ", ") + symbols_[idx].name;
                line_ = snapshot_line;
                return fail_line("a REST snapshot line names no symbol, so it belongs to the file's single depth-stream symbol; this file has " +
                                 (candidates.empty() ? std::string("none") : std::to_string(candidates.size()) + " (" + names + ")"));
            }
            SymbolState& s = symbols_[candidates.front()];
            s.has_snapshot = true;
            s.price_decimals = std::max(s.price_decimals, snapshot_price_decimals);
            s.quantity_decimals = std::max(s.quantity_decimals, snapshot_quantity_decimals);
            snapshot_symbol_[file_index] = static_cast<int>(candidates.front());
        }
        return Status::Ok;
    }

    Status register_symbols(const std::string& first_file) {
        for (const std::string& wanted : options_.symbols) {
            if (index_.find(upper(wanted)) == index_.end()) {
                std::string found;
                for (const SymbolState& s : symbols_) found += (found.empty() ? "" : ", ") + s.name;
                return fail(Status::Format, first_file, 0, 0,
                            "symbol '" + wanted + "' (from the symbol filter) is not in the input; symbols found: " +
                                (found.empty() ? std::string("none") : found));
            }
        }
        Grid tick_option{0, 0}, lot_option{0, 0};  // units 0: not given
        if (options_.tick_size != 0.0 && !grid_from_double(options_.tick_size, tick_option))
            return fail(Status::InvalidConfig, "", 0, 0, "tick_size must be a positive, finite decimal below 2^63");
        if (options_.lot_size != 0.0 && !grid_from_double(options_.lot_size, lot_option))
            return fail(Status::InvalidConfig, "", 0, 0, "lot_size must be a positive, finite decimal below 2^63");
        std::uint32_t next_id = 0;
        for (SymbolState& s : symbols_) {
            s.wanted = options_.symbols.empty();
            for (const std::string& w : options_.symbols) s.wanted = s.wanted || upper(w) == s.name;
            if (!s.wanted) continue;
            if (s.name.size() >= sizeof(SymbolRecord{}.name))
                return fail(Status::Format, first_file, 0, 0, "symbol '" + s.name + "' is longer than 31 characters");
            s.tick = tick_option.valid() ? tick_option : grid_of_decimals(s.price_decimals);
            s.lot = lot_option.valid() ? lot_option : grid_of_decimals(s.quantity_decimals);
            s.id = next_id++;
            s.sync = std::make_unique<DepthSync>();
            SymbolRecord record{};
            s.name.copy(record.name, sizeof record.name - 1);
            std::string venue = options_.venue;
            if (venue.empty()) venue = !s.futures_depth ? "binance" : options_.inverse ? "binance-coinm" : "binance-usdm";
            venue.copy(record.venue, sizeof record.venue - 1);
            record.tick_size = grid_value(s.tick);
            record.lot_size = grid_value(s.lot);
            record.contract_size = options_.contract_size;
            record.id = s.id;
            record.inverse = options_.inverse ? 1 : 0;
            if (Status st = sink_.add_symbol(record); st != Status::Ok)
                return fail(st, first_file, 0, 0, "the event sink refused symbol " + s.name);
        }
        return Status::Ok;
    }

    // ---- pass 2 ----

    Status convert(const Input& input, std::size_t file_index) {
        return each_message(input, [&](const BinanceMessage& m, const LineReader& reader) {
            ++summary_.input_records;
            if (Status st = on_message(m, file_index); st != Status::Ok) return st;
            if (options_.progress && summary_.input_records % kProgressEveryLines == 0)
                options_.progress(done_bytes_ + reader.source().raw_consumed(), total_bytes_);
            return Status::Ok;
        });
    }

    // Local time must not go back; a recorder may reorder lines by a little.
    Status local_time(std::int64_t& ts) {
        if (ts >= last_local_ts_) {
            last_local_ts_ = ts;
            return Status::Ok;
        }
        const std::int64_t back = last_local_ts_ - ts;
        if (back > kMaxLocalStepBackNs)
            return fail_line("local time goes back by " + std::to_string(back / 1'000'000) +
                             " ms (more than 1 s: files out of order or a clock reset)");
        ++local_steps_back_;
        largest_step_back_ = std::max(largest_step_back_, back);
        if (first_step_back_line_ == 0) {
            first_step_back_line_ = line_;
            first_step_back_file_ = file_;
        }
        ts = last_local_ts_;
        return Status::Ok;
    }

    // Exchange time: T (transaction / matching-engine time) when the message
    // has it, else E (event push time), else none (flagged).
    Status exchange_time(const BinanceMessage& m, std::int64_t local_ts, std::int64_t& exch_ts, std::uint16_t& flags) {
        flags = 0;
        const bool has = m.has_T || m.has_E;
        const std::uint64_t ms = m.has_T ? m.T : m.E;
        if (!has) {
            exch_ts = local_ts;
            flags = SGX_MD_F_NO_EXCH_TS;
            return Status::Ok;
        }
        if (ms > static_cast<std::uint64_t>(INT64_MAX / 1'000'000)) return fail_line("exchange time (ms) out of range");
        exch_ts = static_cast<std::int64_t>(ms) * 1'000'000;
        return Status::Ok;
    }

    Status on_grid(Decimal value, Grid grid, bool price, std::int64_t& out) {
        if (!price && value.mantissa < 0) return fail_line("quantity '" + to_string(value) + "' is negative");
        if (to_steps(value, grid, out)) return Status::Ok;
        return fail_line(std::string(price ? "price '" : "quantity '") + to_string(value) + "' is not a multiple of the " +
                         (price ? "tick " : "lot ") + to_string(grid) + " (or is out of range)");
    }

    Status emit(const Event& e) {
        if (Status st = sink_.write(e); st != Status::Ok) return fail_line("the event sink refused an event");
        if (summary_.events == 0) {
            summary_.first_local_ts = e.local_ts;
            summary_.first_exch_ts = summary_.last_exch_ts = e.exch_ts;
        }
        ++summary_.events;
        ++summary_.events_by_kind[e.kind < summary_.events_by_kind.size() ? e.kind : 0];
        summary_.last_local_ts = e.local_ts;
        summary_.first_exch_ts = std::min(summary_.first_exch_ts, e.exch_ts);
        summary_.last_exch_ts = std::max(summary_.last_exch_ts, e.exch_ts);
        return Status::Ok;
    }

    static Event make(const SymbolState& s, std::uint8_t kind, std::uint8_t side, std::int64_t exch_ts,
                      std::int64_t local_ts, std::uint16_t flags) {
        Event e{};
        e.kind = kind;
        e.side = side;
        e.symbol = s.id;
        e.exch_ts = exch_ts;
        e.local_ts = local_ts;
        e.flags = flags;
        return e;
    }

    Status on_message(const BinanceMessage& m, std::size_t file_index) {
        std::int64_t local_ts = m.local_ts;
        if (Status st = local_time(local_ts); st != Status::Ok) return st;
        switch (m.kind) {
        case BinanceKind::Unknown:
            warnings_.add(m.event_type.empty() ? std::string("message of no known type skipped")
                                               : "message type '" + std::string(m.event_type) + "' skipped",
                          file_, line_);
            return Status::Ok;
        case BinanceKind::RestError:
            warnings_.add("REST error reply skipped", file_, line_);
            return Status::Ok;
        case BinanceKind::Snapshot: {
            const int idx = snapshot_symbol_[file_index];
            if (idx < 0 || !symbols_[static_cast<std::size_t>(idx)].wanted) return Status::Ok;
            return on_snapshot(symbols_[static_cast<std::size_t>(idx)], m, local_ts);
        }
        default:
            break;
        }
        const std::string name = symbol_name(m);
        SymbolState& s = symbols_[index_.at(name)];
        if (!s.wanted) return Status::Ok;
        if (m.kind == BinanceKind::Depth) return on_depth(s, m, local_ts);
        if (m.kind == BinanceKind::Trade) return on_trade(s, m, local_ts);
        return on_ticker(s, m, local_ts);
    }

    Status on_snapshot(SymbolState& s, const BinanceMessage& m, std::int64_t local_ts) {
        std::int64_t exch_ts = 0;
        std::uint16_t tflags;
        if (Status st = exchange_time(m, local_ts, exch_ts, tflags); st != Status::Ok) return st;
        const std::uint16_t flags = static_cast<std::uint16_t>(tflags | SGX_MD_F_SNAPSHOT);
        Event e = make(s, SGX_MD_SNAPSHOT_BEGIN, SGX_MD_SIDE_NONE, exch_ts, local_ts, flags);
        e.sequence = m.last_update_id;
        if (Status st = emit(e); st != Status::Ok) return st;
        for (int side = 0; side < 2; ++side) {
            for (const DecimalLevel& l : side == 0 ? m.bids : m.asks) {
                Event level = make(s, SGX_MD_LEVEL, side == 0 ? SGX_SIDE_BUY : SGX_SIDE_SELL, exch_ts, local_ts, flags);
                level.sequence = m.last_update_id;
                if (Status st = on_grid(l.price, s.tick, true, level.price); st != Status::Ok) return st;
                if (Status st = on_grid(l.quantity, s.lot, false, level.quantity); st != Status::Ok) return st;
                if (Status st = emit(level); st != Status::Ok) return st;
            }
        }
        e = make(s, SGX_MD_SNAPSHOT_END, SGX_MD_SIDE_NONE, exch_ts, local_ts, static_cast<std::uint16_t>(flags | SGX_MD_F_LAST));
        e.sequence = m.last_update_id;
        if (Status st = emit(e); st != Status::Ok) return st;
        // The book is the snapshot now; diffs held from before it that it does
        // not cover apply after it, at the time the snapshot arrived.
        s.pending_gap = false;
        s.sync->on_snapshot(m.last_update_id);
        for (std::size_t i = 0; i < s.sync->size(); ++i) {
            DepthUpdate& d = s.sync->at(i);
            if (Status st = apply(s, d, s.sync->on_update(d), local_ts); st != Status::Ok) return st;
        }
        return Status::Ok;
    }

    Status on_depth(SymbolState& s, const BinanceMessage& m, std::int64_t local_ts) {
        std::uint64_t evicted = 0;
        DepthUpdate& d = s.sync->next_slot(evicted);
        summary_.skipped += evicted;
        d.first_id = m.U;
        d.last_id = m.u;
        d.previous_id = m.pu;
        d.has_previous_id = m.has_pu;
        d.local_ts = local_ts;
        if (Status st = exchange_time(m, local_ts, d.exch_ts, d.time_flags); st != Status::Ok) return st;
        for (int side = 0; side < 2; ++side) {
            for (const DecimalLevel& l : side == 0 ? m.bids : m.asks) {
                DepthLevel level;
                level.side = side == 0 ? SGX_SIDE_BUY : SGX_SIDE_SELL;
                if (Status st = on_grid(l.price, s.tick, true, level.price); st != Status::Ok) return st;
                if (Status st = on_grid(l.quantity, s.lot, false, level.quantity); st != Status::Ok) return st;
                if (level.quantity < 0) return fail_line("a depth quantity must not be negative");
                d.levels.push_back(level);
            }
        }
        return apply(s, d, s.sync->on_update(d), local_ts);
    }

    Status apply(SymbolState& s, const DepthUpdate& d, DepthVerdict verdict, std::int64_t local_ts) {
        if (verdict == DepthVerdict::Hold || verdict == DepthVerdict::Drop) return Status::Ok;
        if (verdict == DepthVerdict::ApplyAfterGap) {
            ++summary_.gaps;
            s.pending_gap = true;
            warnings_.add(s.name + ": depth update-id chain broken (gap flagged; book stale until the next snapshot)", file_, line_);
        }
        for (std::size_t i = 0; i < d.levels.size(); ++i) {
            const DepthLevel& l = d.levels[i];
            std::uint16_t flags = d.time_flags;
            if (s.pending_gap) flags |= SGX_MD_F_GAP;
            if (i + 1 == d.levels.size()) flags |= SGX_MD_F_LAST;
            Event e = make(s, SGX_MD_LEVEL, l.side, d.exch_ts, local_ts, flags);
            e.price = l.price;
            e.quantity = l.quantity;
            e.sequence = d.last_id;
            s.pending_gap = false;
            if (Status st = emit(e); st != Status::Ok) return st;
        }
        return Status::Ok;
    }

    Status on_trade(SymbolState& s, const BinanceMessage& m, std::int64_t local_ts) {
        if (!m.trade_type.empty() && m.trade_type != "MARKET") {
            // Insurance-fund and ADL fills do not trade against the book.
            ++summary_.skipped;
            warnings_.add("off-book trade (X=" + std::string(m.trade_type) + ") skipped", file_, line_);
            return Status::Ok;
        }
        std::int64_t exch_ts = 0;
        std::uint16_t flags;
        if (Status st = exchange_time(m, local_ts, exch_ts, flags); st != Status::Ok) return st;
        flags |= SGX_MD_F_LAST;
        std::uint8_t side = SGX_MD_SIDE_NONE;
        if (m.has_m)
            side = m.buyer_is_maker ? SGX_SIDE_SELL : SGX_SIDE_BUY;  // the buyer rested: the seller hit the bid
        else
            flags |= SGX_MD_F_NO_AGGRESSOR;
        Event e = make(s, SGX_MD_TRADE, side, exch_ts, local_ts, flags);
        e.order_id = m.trade_id;
        if (Status st = on_grid(m.price, s.tick, true, e.price); st != Status::Ok) return st;
        if (Status st = on_grid(m.quantity, s.lot, false, e.quantity); st != Status::Ok) return st;
        return emit(e);
    }

    Status on_ticker(SymbolState& s, const BinanceMessage& m, std::int64_t local_ts) {
        std::int64_t exch_ts = 0;
        std::uint16_t flags;
        if (Status st = exchange_time(m, local_ts, exch_ts, flags); st != Status::Ok) return st;
        Event bid = make(s, SGX_MD_BBO, SGX_SIDE_BUY, exch_ts, local_ts, flags);
        Event ask = make(s, SGX_MD_BBO, SGX_SIDE_SELL, exch_ts, local_ts, static_cast<std::uint16_t>(flags | SGX_MD_F_LAST));
        bid.sequence = ask.sequence = m.u;
        if (Status st = on_grid(m.bid_price, s.tick, true, bid.price); st != Status::Ok) return st;
        if (Status st = on_grid(m.bid_qty, s.lot, false, bid.quantity); st != Status::Ok) return st;
        if (Status st = on_grid(m.ask_price, s.tick, true, ask.price); st != Status::Ok) return st;
        if (Status st = on_grid(m.ask_qty, s.lot, false, ask.quantity); st != Status::Ok) return st;
        if (Status st = emit(bid); st != Status::Ok) return st;
        return emit(ask);
    }

    void finish() {
        for (SymbolState& s : symbols_) {
            if (!s.wanted) continue;
            summary_.skipped += s.sync->unapplied_in_ring();
            if (s.has_depth && !s.has_snapshot)
                summary_.warnings.push_back(s.name + ": depth updates but no REST snapshot: no book (its depth updates are skipped)");
        }
        if (local_steps_back_ > 0)
            summary_.warnings.push_back("local time stepped back on " + std::to_string(local_steps_back_) +
                                        " lines (largest step " + std::to_string(largest_step_back_ / 1000) +
                                        " us; kept in file order, local_ts raised to the previous line's) (first at " +
                                        first_step_back_file_ + ":" + std::to_string(first_step_back_line_) + ")");
        warnings_.write_to(summary_.warnings);
    }

    EventSink& sink_;
    const ConvertOptions& options_;
    ConvertSummary& summary_;
    ConvertError& error_;

    BinanceLineParser parser_;
    BinanceMessage message_;
    std::vector<SymbolState> symbols_;
    std::unordered_map<std::string, std::size_t> index_;
    std::vector<int> snapshot_symbol_;  // per file: index of the symbol its snapshots belong to
    Warnings warnings_;

    std::string file_;
    std::uint64_t line_ = 0;
    std::uint64_t file_total_ = 0, total_bytes_ = 0, done_bytes_ = 0;
    std::int64_t last_local_ts_ = INT64_MIN;
    std::uint64_t local_steps_back_ = 0;
    std::int64_t largest_step_back_ = 0;
    std::uint64_t first_step_back_line_ = 0;
    std::string first_step_back_file_;
};

}  // namespace

Status convert_binance(const std::vector<std::string>& input_paths, EventSink& sink, const ConvertOptions& options,
                       ConvertSummary& summary, ConvertError& error) {
    std::vector<Input> inputs;
    for (const std::string& path : input_paths) inputs.push_back(Input{path, false, {}});
    BinanceConverter converter(sink, options, summary, error);
    return converter.run(inputs);
}

Status convert_binance_bytes(std::string_view content, std::string_view name, EventSink& sink,
                             const ConvertOptions& options, ConvertSummary& summary, ConvertError& error) {
    std::vector<Input> inputs{Input{std::string(name), true, content}};
    BinanceConverter converter(sink, options, summary, error);
    return converter.run(inputs);
}

}  // namespace sigmax::md
