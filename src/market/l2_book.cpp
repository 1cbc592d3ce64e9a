#include "sigmax/market/l2_book.hpp"

#include "sigmax/market/book_views.hpp"

namespace sigmax::md {

L2Book::L2Book(std::uint32_t symbol) : symbol_(symbol) {}

void L2Book::clear(std::uint8_t side) noexcept {
    if (side != SGX_SIDE_SELL) sides_[0].clear();
    if (side != SGX_SIDE_BUY) sides_[1].clear();
}

void L2Book::apply(const Event& e, BookChecks& checks) {
    ++checks.events;
    const MarkResult mark = apply_marks(e, checks, in_snapshot_, [this](std::uint8_t side) { clear(side); });
    if (mark == MarkResult::Invalid) return;
    if (mark == MarkResult::Other) switch (e.kind) {
    case SGX_MD_LEVEL: {
        if (e.side > SGX_SIDE_SELL) {
            ++checks.invalid;
            return;
        }
        if (e.quantity < 0) {
            ++checks.negative_quantity;
            return;
        }
        // Near the touch this writes the ladder's array; it allocates only
        // when the window grows or moves, or for a level beyond it.
        const auto s = static_cast<Side>(e.side);
        sides_[idx(s)].set(key_of(s, e.price), e.quantity);
        break;
    }
    case SGX_MD_TRADE: case SGX_MD_BBO: case SGX_MD_ADD: case SGX_MD_CANCEL: case SGX_MD_MODIFY: case SGX_MD_FILL:
        ++checks.ignored;
        return;
    default:
        ++checks.invalid;
        return;
    }
    if ((e.flags & SGX_MD_F_LAST) && !in_snapshot_ && crossed()) ++checks.crossed;  // a complete update
}

bool L2Book::crossed() const noexcept {
    return !sides_[0].empty() && !sides_[1].empty() &&
           price_of(Side::Buy, sides_[0].best_key()) >= sides_[1].best_key();
}

Quote L2Book::best() const noexcept {
    Quote q{};
    if (!sides_[0].empty()) {
        q.has_bid = 1;
        q.bid_price = price_of(Side::Buy, sides_[0].best_key());
        q.bid_quantity = sides_[0].best_lots();
    }
    if (!sides_[1].empty()) {
        q.has_ask = 1;
        q.ask_price = sides_[1].best_key();
        q.ask_quantity = sides_[1].best_lots();
    }
    return q;
}

std::size_t L2Book::depth(Side s, std::span<BookLevel> out) const noexcept {
    std::size_t n = 0;
    if (out.empty()) return 0;
    sides_[idx(s)].for_each([&](std::int64_t key, std::int64_t lots) {
        out[n++] = BookLevel{price_of(s, key), lots, 0};
        return n < out.size();
    });
    return n;
}

std::int64_t L2Book::quantity_at(Side s, std::int64_t price) const noexcept {
    return sides_[idx(s)].lots_at(key_of(s, price));
}

}  // namespace sigmax::md
