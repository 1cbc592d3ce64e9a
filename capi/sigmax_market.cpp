// The C ABI of market data: event files (read by memory mapping, written
// atomically), the L2 and L3 books, and sgx_error_detail(). The conventions
// are sigmax_exec.cpp's: out-params first, NULL checks, status returns, no
// exception crosses, destroy accepts NULL.
#include <cstring>
#include <new>
#include <string>

#include "capi_internal.hpp"
#include "md_file_handle.hpp"
#include "sigmax/market/event_file.hpp"
#include "sigmax/market/replay.hpp"
#include "sigmax_exec.h"

using namespace sigmax::capi;
using sigmax::Side;
using sigmax::Status;

struct sgx_md_writer {
    sigmax::md::EventFileWriter writer;
};
struct sgx_md_l2_book {
    sigmax::md::L2Books books;
};
struct sgx_md_l3_book {
    sigmax::md::L3Books books;
};

namespace {

static_assert(sizeof(sgx_md_file_header) == 64);
static_assert(sizeof(sgx_md_quote) == 40 && sizeof(sgx_md_level) == 24);
static_assert(sizeof(sgx_md_queue_position) == 40 && sizeof(sgx_md_book_checks) == 72);

thread_local std::string error_detail;

// The status of a C++ call that reports its failures in error().
template <class T>
int32_t with_detail(Status s, const T& object) noexcept {
    if (s == Status::Ok) return SGX_OK;
    return set_error_detail(code(s), object.error());
}

template <class Handle>
int32_t create(Handle** out) noexcept {
    if (!out) return SGX_ERR_NULL_POINTER;
    *out = nullptr;
    return guarded([&]() -> int32_t {
        *out = new Handle();
        return SGX_OK;
    });
}

template <class Handle>
int32_t apply(Handle* book, const sgx_md_event* events, size_t count) noexcept {
    if (!book || (count > 0 && !events)) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t {
        book->books.apply({events, count});
        return SGX_OK;
    });
}

template <class Handle>
int32_t best(sgx_md_quote* out, const Handle* book, uint32_t symbol) noexcept {
    if (!out || !book) return SGX_ERR_NULL_POINTER;
    const auto* b = book->books.find(symbol);
    *out = b ? b->best() : sgx_md_quote{};
    return SGX_OK;
}

template <class Handle>
int32_t depth(sgx_md_level* out_bids, size_t* out_bid_count, sgx_md_level* out_asks, size_t* out_ask_count,
              const Handle* book, uint32_t symbol, size_t levels) noexcept {
    if (!out_bid_count || !out_ask_count || !book) return SGX_ERR_NULL_POINTER;
    *out_bid_count = *out_ask_count = 0;
    if (levels > 0 && (!out_bids || !out_asks)) return SGX_ERR_NULL_POINTER;
    if (const auto* b = book->books.find(symbol)) {
        *out_bid_count = b->depth(Side::Buy, {out_bids, levels});
        *out_ask_count = b->depth(Side::Sell, {out_asks, levels});
    }
    return SGX_OK;
}

template <class Handle>
int32_t quantity_at(int64_t* out, const Handle* book, uint32_t symbol, uint8_t side, int64_t price) noexcept {
    if (!out || !book) return SGX_ERR_NULL_POINTER;
    if (side > SGX_SIDE_SELL) return SGX_ERR_INVALID_SIDE;
    const auto* b = book->books.find(symbol);
    *out = b ? b->quantity_at(static_cast<Side>(side), price) : 0;
    return SGX_OK;
}

template <class Handle>
int32_t symbols(uint32_t* out_symbols, size_t capacity, size_t* out_count, const Handle* book) noexcept {
    if (!out_count || !book || (capacity > 0 && !out_symbols)) return SGX_ERR_NULL_POINTER;
    *out_count = book->books.symbols({out_symbols, capacity});
    return SGX_OK;
}

template <class Handle>
int32_t reset(Handle* book) noexcept {
    if (!book) return SGX_ERR_NULL_POINTER;
    book->books.reset();
    return SGX_OK;
}

template <class Handle>
int32_t checks(sgx_md_book_checks* out, const Handle* book) noexcept {
    if (!out || !book) return SGX_ERR_NULL_POINTER;
    *out = book->books.checks();
    return SGX_OK;
}

}  // namespace

namespace sigmax::capi {

int32_t set_error_detail(int32_t status, const std::string& text) noexcept {
    try {
        error_detail = text;
    } catch (...) {
        error_detail.clear();  // out of memory: the status still says what failed
    }
    return status;
}

}  // namespace sigmax::capi

extern "C" {

SGX_API size_t sgx_sizeof_md_file_header(void) { return sizeof(sgx_md_file_header); }
SGX_API size_t sgx_sizeof_md_quote(void) { return sizeof(sgx_md_quote); }
SGX_API size_t sgx_sizeof_md_level(void) { return sizeof(sgx_md_level); }
SGX_API size_t sgx_sizeof_md_queue_position(void) { return sizeof(sgx_md_queue_position); }
SGX_API size_t sgx_sizeof_md_book_checks(void) { return sizeof(sgx_md_book_checks); }

SGX_API const char* sgx_error_detail(void) { return error_detail.c_str(); }

// ---- event files ----

SGX_API int32_t sgx_md_file_open(sgx_md_file** out, const char* path) {
    if (!out || !path) return SGX_ERR_NULL_POINTER;
    *out = nullptr;
    return guarded([&]() -> int32_t {
        auto* f = new sgx_md_file();
        if (const int32_t rc = with_detail(f->file.open(path), f->file); rc != SGX_OK) {
            delete f;
            return rc;
        }
        *out = f;
        return SGX_OK;
    });
}

SGX_API void sgx_md_file_close(sgx_md_file* file) { delete file; }

SGX_API int32_t sgx_md_file_get_header(sgx_md_file_header* out_header, const sgx_md_file* file) {
    if (!out_header || !file) return SGX_ERR_NULL_POINTER;
    *out_header = file->file.header();
    return SGX_OK;
}

SGX_API int32_t sgx_md_file_symbols(const sgx_md_symbol** out_symbols, size_t* out_count, const sgx_md_file* file) {
    if (!out_symbols || !out_count || !file) return SGX_ERR_NULL_POINTER;
    *out_symbols = file->file.symbols().data();
    *out_count = file->file.symbols().size();
    return SGX_OK;
}

SGX_API int32_t sgx_md_file_events(const sgx_md_event** out_events, size_t* out_count, const sgx_md_file* file) {
    if (!out_events || !out_count || !file) return SGX_ERR_NULL_POINTER;
    *out_events = file->file.events().data();
    *out_count = file->file.events().size();
    return SGX_OK;
}

SGX_API int32_t sgx_md_file_seek(size_t* out_index, const sgx_md_file* file, int64_t local_ts) {
    if (!out_index || !file) return SGX_ERR_NULL_POINTER;
    *out_index = file->file.seek(local_ts);
    return SGX_OK;
}

SGX_API int32_t sgx_md_file_verify(const sgx_md_file* file) {
    if (!file) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t {
        // verify() only reads the mapping; a copy of the view reports into its own error text.
        sigmax::md::EventFile view;
        const auto bytes = file->file.bytes();
        if (const int32_t rc = with_detail(view.view(bytes, file->file.name()), view); rc != SGX_OK) return rc;
        return with_detail(view.verify(), view);
    });
}

// ---- writer ----

SGX_API int32_t sgx_md_writer_create(sgx_md_writer** out, const char* path) {
    if (!out || !path) return SGX_ERR_NULL_POINTER;
    *out = nullptr;
    return guarded([&]() -> int32_t {
        auto* w = new sgx_md_writer();
        if (const int32_t rc = with_detail(w->writer.open(path), w->writer); rc != SGX_OK) {
            delete w;
            return rc;
        }
        *out = w;
        return SGX_OK;
    });
}

SGX_API int32_t sgx_md_writer_add_symbol(sgx_md_writer* writer, const sgx_md_symbol* symbol) {
    if (!writer || !symbol) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t { return with_detail(writer->writer.add_symbol(*symbol), writer->writer); });
}

SGX_API int32_t sgx_md_writer_write(sgx_md_writer* writer, const sgx_md_event* events, size_t count) {
    if (!writer || (count > 0 && !events)) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t { return with_detail(writer->writer.write({events, count}), writer->writer); });
}

SGX_API int32_t sgx_md_writer_finish(sgx_md_writer* writer) {
    if (!writer) return SGX_ERR_NULL_POINTER;
    return guarded([&]() -> int32_t { return with_detail(writer->writer.finish(), writer->writer); });
}

SGX_API void sgx_md_writer_destroy(sgx_md_writer* writer) { delete writer; }

// ---- books ----

// The functions both books share, once per book type.
#define SGX_MD_BOOK_FUNCTIONS(prefix, Handle)                                                                        \
    SGX_API int32_t prefix##_create(Handle** out) { return create(out); }                                            \
    SGX_API void prefix##_destroy(Handle* book) { delete book; }                                                     \
    SGX_API int32_t prefix##_apply(Handle* book, const sgx_md_event* events, size_t count) {                         \
        return apply(book, events, count);                                                                           \
    }                                                                                                                \
    SGX_API int32_t prefix##_best(sgx_md_quote* out_quote, const Handle* book, uint32_t symbol) {                    \
        return best(out_quote, book, symbol);                                                                        \
    }                                                                                                                \
    SGX_API int32_t prefix##_depth(sgx_md_level* out_bids, size_t* out_bid_count, sgx_md_level* out_asks,            \
                                   size_t* out_ask_count, const Handle* book, uint32_t symbol, size_t levels) {      \
        return depth(out_bids, out_bid_count, out_asks, out_ask_count, book, symbol, levels);                        \
    }                                                                                                                \
    SGX_API int32_t prefix##_quantity_at(int64_t* out_quantity, const Handle* book, uint32_t symbol, uint8_t side,   \
                                         int64_t price) {                                                            \
        return quantity_at(out_quantity, book, symbol, side, price);                                                 \
    }                                                                                                                \
    SGX_API int32_t prefix##_checks(sgx_md_book_checks* out_checks, const Handle* book) {                            \
        return checks(out_checks, book);                                                                             \
    }                                                                                                                \
    SGX_API int32_t prefix##_symbols(uint32_t* out_symbols, size_t capacity, size_t* out_count, const Handle* book) { \
        return symbols(out_symbols, capacity, out_count, book);                                                      \
    }                                                                                                                \
    SGX_API int32_t prefix##_reset(Handle* book) { return reset(book); }

SGX_MD_BOOK_FUNCTIONS(sgx_md_l2_book, sgx_md_l2_book)
SGX_MD_BOOK_FUNCTIONS(sgx_md_l3_book, sgx_md_l3_book)
#undef SGX_MD_BOOK_FUNCTIONS

SGX_API int32_t sgx_md_l3_book_queue_ahead(sgx_md_queue_position* out_position, const sgx_md_l3_book* book,
                                           uint32_t symbol, uint64_t order_id) {
    if (!out_position || !book) return SGX_ERR_NULL_POINTER;
    const auto* b = book->books.find(symbol);
    return b && b->queue_ahead(order_id, *out_position) ? SGX_OK : SGX_ERR_NOT_FOUND;
}

SGX_API int32_t sgx_md_l3_book_resting_orders(size_t* out_count, const sgx_md_l3_book* book, uint32_t symbol) {
    if (!out_count || !book) return SGX_ERR_NULL_POINTER;
    const auto* b = book->books.find(symbol);
    *out_count = b ? b->resting_orders() : 0;
    return SGX_OK;
}

}  // extern "C"
