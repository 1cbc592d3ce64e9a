#include "sigmax/market/l2_book.hpp"

#include "sigmax/market/book_views.hpp"

namespace sigmax::md {

L2Book::L2Book(std::uint32_t symbol) : symbol_(symbol) {
    for (auto& s : sides_) s.reserve(256);
}

void L2Book::set_level(Side s, std::int64_t price, std::int64_t quantity) {
    auto& lv = sides_[idx(s)];
    const std::size_t pos = locate_level(lv, s, price);
    const bool found = pos < lv.size() && lv[pos].price == price;
    const auto at = lv.begin() + static_cast<std::ptrdiff_t>(pos);
    if (quantity == 0) {
        if (found) lv.erase(at);
    } else if (found) {
        at->lots = quantity;
    } else {
        lv.insert(at, Level{price, quantity});
    }
}

void L2Book::clear(std::uint8_t side) noexcept {
    if (side != SGX_SIDE_SELL) sides_[0].clear();
    if (side != SGX_SIDE_BUY) sides_[1].clear();
}

void L2Book::apply(const Event& e, BookChecks& checks) {
    ++checks.events;
    const MarkResult mark = apply_marks(e, checks, in_snapshot_, [this](std::uint8_t side) { clear(side); });
    if (mark == MarkResult::Invalid) return;
    if (mark == MarkResult::Other) switch (e.kind) {
    case SGX_MD_LEVEL:
        if (e.side > SGX_SIDE_SELL) {
            ++checks.invalid;
            return;
        }
        if (e.quantity < 0) {
            ++checks.negative_quantity;
            return;
        }
        // Capacity is kept, so an insert allocates only past the deepest book so far.
        set_level(static_cast<Side>(e.side), e.price, e.quantity);
        break;
    case SGX_MD_TRADE: case SGX_MD_BBO: case SGX_MD_ADD: case SGX_MD_CANCEL: case SGX_MD_MODIFY: case SGX_MD_FILL:
        ++checks.ignored;
        return;
    default:
        ++checks.invalid;
        return;
    }
    if ((e.flags & SGX_MD_F_LAST) && !in_snapshot_ && crossed()) ++checks.crossed;  // a complete update
}

bool L2Book::crossed() const noexcept { return md::crossed(sides_[0], sides_[1]); }

Quote L2Book::best() const noexcept { return quote_of(sides_[0], sides_[1]); }

std::size_t L2Book::depth(Side s, std::span<BookLevel> out) const noexcept { return depth_of(sides_[idx(s)], out); }

std::int64_t L2Book::quantity_at(Side s, std::int64_t price) const noexcept {
    return lots_at(sides_[idx(s)], s, price);
}

}  // namespace sigmax::md
