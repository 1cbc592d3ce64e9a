// Replay: a file's (or any span's) events applied in order to one book per
// symbol, L2Book or L3Book. The caller sees every event with its symbol's
// book right after it was applied, TRADE and BBO included (they change no
// book but a backtest or a cross-check wants them in place).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sigmax/market/l2_book.hpp"
#include "sigmax/market/l3_book.hpp"

namespace sigmax::md {

template <class Book>
class BookSet {
public:
    // The book of `symbol`, made empty on first use.
    Book& book_for(std::uint32_t symbol) {
        if (last_ != nullptr && last_symbol_ == symbol) return *last_;
        auto [it, inserted] = slots_.try_emplace(symbol, books_.size());
        if (inserted) books_.push_back(std::make_unique<Book>(symbol));
        last_symbol_ = symbol;
        last_ = books_[it->second].get();
        return *last_;
    }
    // The book of `symbol`, or nullptr if no event of it was applied.
    const Book* find(std::uint32_t symbol) const {
        const auto it = slots_.find(symbol);
        return it == slots_.end() ? nullptr : books_[it->second].get();
    }

    const Book& apply(const Event& e) {
        Book& b = book_for(e.symbol);
        b.apply(e, checks_);
        return b;
    }
    // Applies a span in order. A book with look-ahead hints (L3Book) gets
    // them for the events kSlotAhead and kOrderAhead ahead of the one being
    // applied, when they belong to the same symbol's book (the hints never
    // create a book or look one up).
    void apply(std::span<const Event> events) {
        if constexpr (requires(const Book& b, const Event& e) { b.prefetch_order(e); }) {
            const std::size_t n = events.size();
            for (std::size_t i = 0; i < n; ++i) {
                if (i + kSlotAhead < n) hint(events[i + kSlotAhead], &Book::prefetch_slot);
                if (i + kOrderAhead < n) hint(events[i + kOrderAhead], &Book::prefetch_order);
                apply(events[i]);
            }
        } else {
            for (const Event& e : events) apply(e);
        }
    }

    // Counts over every symbol's book.
    const BookChecks& checks() const noexcept { return checks_; }
    std::size_t size() const noexcept { return books_.size(); }

    // The ids of the symbols that have a book, in the order of their first
    // events: writes the first out.size() of them, returns how many there are.
    std::size_t symbols(std::span<std::uint32_t> out) const noexcept {
        for (std::size_t i = 0; i < out.size() && i < books_.size(); ++i) out[i] = books_[i]->symbol();
        return books_.size();
    }

    // Drops every book and zeroes the checks: the set is as new (for the
    // next replay of a backtest), and its memory is returned.
    void reset() noexcept {
        books_.clear();
        slots_.clear();
        last_ = nullptr;
        last_symbol_ = 0;
        checks_ = BookChecks{};
    }

private:
    // Distances (in events) of the two look-ahead hints: far enough for a
    // cache miss to complete in between at tens of ns an event.
    static constexpr std::size_t kSlotAhead = 16;
    static constexpr std::size_t kOrderAhead = 8;

    template <class Hint>
    void hint(const Event& e, Hint h) const noexcept {
        if (last_ != nullptr && last_symbol_ == e.symbol) (last_->*h)(e);
    }

    std::vector<std::unique_ptr<Book>> books_;
    std::unordered_map<std::uint32_t, std::size_t> slots_;
    std::uint32_t last_symbol_ = 0;
    Book* last_ = nullptr;
    BookChecks checks_{};
};

using L2Books = BookSet<L2Book>;
using L3Books = BookSet<L3Book>;

// Applies `events` in order; after each, calls visit(event, its symbol's book).
template <class Book, class Visit>
void replay(std::span<const Event> events, BookSet<Book>& books, Visit&& visit) {
    for (const Event& e : events) visit(e, books.apply(e));
}

}  // namespace sigmax::md
