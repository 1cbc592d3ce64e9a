/* Drives the C ABI from plain C99 (compiled with -std=c99 -pedantic -Werror):
 * a resting order, a crossing order, fills, cancel, amend, stats, and the
 * integer order entry with a C callback receiving its events. Exits
 * non-zero and names the failed rule on the first failure. */
#include <stdio.h>
#include <string.h>

#include "sigmax_exec.h"

static int failures = 0;
#define EXPECT(rule, cond)                                  \
    do {                                                    \
        if (!(cond)) {                                      \
            fprintf(stderr, "FAILED: %s (%s)\n", rule, #cond); \
            ++failures;                                     \
        }                                                   \
    } while (0)

static sgx_order make_order(uint8_t side, uint8_t type, uint8_t tif, double price, double qty) {
    sgx_order o = SGX_ORDER_INIT;
    o.symbol = 1;
    o.side = side;
    o.type = type;
    o.tif = tif;
    o.price = price;
    o.quantity = qty;
    return o;
}

/* The events of one call, as an sgx_event_fn collects them through `user`. */
typedef struct event_log {
    sgx_order_event events[8];
    size_t count;
} event_log;

static void record_event(const sgx_order_event *event, void *user) {
    event_log *log = (event_log *)user;
    if (log->count < 8) log->events[log->count] = *event;
    ++log->count;
}

/* Integer order entry on symbol 9: a resting sell, a buy that trades with it
 * (events through the callback), a NULL callback, cancel, replace, cancel_all. */
static void order_entry_checks(sgx_engine *engine) {
    sgx_new_order n = SGX_NEW_ORDER_INIT;
    event_log log;
    EXPECT("new order size", sgx_sizeof_new_order() == sizeof(sgx_new_order) && sizeof(sgx_new_order) == 48);
    EXPECT("event size", sgx_sizeof_order_event() == sizeof(sgx_order_event) && sizeof(sgx_order_event) == 64);
    n.symbol = 9;
    n.side = SGX_SIDE_SELL;
    n.client_id = 1001;
    n.price = 100;
    n.lots = 5;
    log.count = 0;
    EXPECT("submit rests: one ACCEPTED event", sgx_engine_submit(engine, &n, record_event, &log) == SGX_OK &&
                                                  log.count == 1 && log.events[0].kind == SGX_EVENT_ACCEPTED &&
                                                  log.events[0].order_id == 1001 && log.events[0].remaining == 5);
    n.side = SGX_SIDE_BUY;
    n.client_id = 1002;
    n.price = 101;
    n.lots = 3;
    n.tif = SGX_TIF_IOC;
    log.count = 0;
    EXPECT("a crossing submit: ACCEPTED then TRADE at the maker's price",
           sgx_engine_submit(engine, &n, record_event, &log) == SGX_OK && log.count == 2 &&
               log.events[0].kind == SGX_EVENT_ACCEPTED && log.events[1].kind == SGX_EVENT_TRADE &&
               log.events[1].order_id == 1002 && log.events[1].maker_id == 1001 && log.events[1].price == 100 &&
               log.events[1].lots == 3 && log.events[1].remaining == 0 && log.events[1].maker_remaining == 2 &&
               log.events[1].maker_done == 0);
    n.client_id = 1003;
    n.tif = SGX_TIF_GTC;
    n.price = 90;
    EXPECT("a NULL callback: no events wanted", sgx_engine_submit(engine, &n, NULL, NULL) == SGX_OK);
    log.count = 0;
    EXPECT("replace: REPLACED, then the trade it makes",
           sgx_engine_replace(engine, 1003, 100, 3, record_event, &log) == SGX_OK && log.count == 2 &&
               log.events[0].kind == SGX_EVENT_REPLACED && log.events[1].kind == SGX_EVENT_TRADE &&
               log.events[1].maker_done == 1);
    log.count = 0;
    EXPECT("cancel_order: CANCELLED (USER) with the open lots",
           sgx_engine_cancel_order(engine, 1003, record_event, &log) == SGX_OK && log.count == 1 &&
               log.events[0].kind == SGX_EVENT_CANCELLED && log.events[0].reason == SGX_CANCEL_USER &&
               log.events[0].lots == 1);
    log.count = 0;
    EXPECT("cancel_order of an unknown id: one REJECTED event with the status",
           sgx_engine_cancel_order(engine, 1003, record_event, &log) == SGX_ERR_NOT_FOUND && log.count == 1 &&
               log.events[0].kind == SGX_EVENT_REJECTED && log.events[0].status == SGX_ERR_NOT_FOUND);
    log.count = 0;
    EXPECT("cancel_all of an empty book: no event",
           sgx_engine_cancel_all(engine, 9, record_event, &log) == SGX_OK && log.count == 0);
    n.client_id = 1004;
    n.side = SGX_SIDE_SELL;
    n.price = 100;
    n.owner = 77;
    EXPECT("an owned order rests", sgx_engine_submit(engine, &n, NULL, NULL) == SGX_OK);
    n.client_id = 1005;
    n.side = SGX_SIDE_BUY;
    n.stp = SGX_STP_CANCEL_NEWEST;
    log.count = 0;
    EXPECT("its owner's crossing order is cancelled (SELF_TRADE), not traded",
           sgx_engine_submit(engine, &n, record_event, &log) == SGX_OK && log.count == 2 &&
               log.events[1].kind == SGX_EVENT_CANCELLED && log.events[1].reason == SGX_CANCEL_SELF_TRADE &&
               log.events[1].maker_id == 1004);
    log.count = 0;
    EXPECT("cancel_owner: CANCELLED (USER) for the owner's resting order",
           sgx_engine_cancel_owner(engine, 77, record_event, &log) == SGX_OK && log.count == 1 &&
               log.events[0].order_id == 1004);
    n.owner = 0;
    n.stp = SGX_STP_DEFAULT;
    n.reserved[0] = 1;
    log.count = 0;
    EXPECT("reserved bytes must be 0, no event", sgx_engine_submit(engine, &n, record_event, &log) == SGX_ERR_RESERVED &&
                                                      log.count == 0);
}

/* Queries in ticks on symbol 11: two bids at one price, one ask; the top,
 * one side's depth into a caller buffer, the lots at a price, and a resting
 * order's queue position. */
static void query_checks(sgx_engine *engine) {
    sgx_new_order n = SGX_NEW_ORDER_INIT;
    sgx_top_ticks top;
    sgx_level_ticks levels[4];
    sgx_level_ticks level;
    sgx_order_ticks order;
    size_t count = 0;
    EXPECT("query record sizes", sgx_sizeof_top_ticks() == sizeof(sgx_top_ticks) && sizeof(sgx_top_ticks) == 56 &&
                                     sgx_sizeof_level_ticks() == sizeof(sgx_level_ticks) &&
                                     sgx_sizeof_order_ticks() == sizeof(sgx_order_ticks));
    n.symbol = 11;
    n.client_id = 2001;
    n.price = 50;
    n.lots = 4;
    EXPECT("first bid rests", sgx_engine_submit(engine, &n, NULL, NULL) == SGX_OK);
    n.client_id = 2002;
    n.lots = 6;
    EXPECT("second bid rests behind it", sgx_engine_submit(engine, &n, NULL, NULL) == SGX_OK);
    n.client_id = 2003;
    n.side = SGX_SIDE_SELL;
    n.price = 55;
    n.lots = 1;
    EXPECT("an ask rests", sgx_engine_submit(engine, &n, NULL, NULL) == SGX_OK);
    EXPECT("top in ticks", sgx_engine_top_ticks(&top, engine, 11) == SGX_OK && top.has_bid && top.has_ask &&
                               top.bid_price == 50 && top.bid_lots == 10 && top.bid_orders == 2 &&
                               top.ask_price == 55 && top.ask_lots == 1);
    EXPECT("depth of the bids into the caller's buffer",
           sgx_engine_depth_ticks(levels, 4, &count, engine, 11, SGX_SIDE_BUY) == SGX_OK && count == 1 &&
               levels[0].price == 50 && levels[0].lots == 10 && levels[0].order_count == 2);
    EXPECT("lots at a price with no order: 0",
           sgx_engine_lots_at(&level, engine, 11, SGX_SIDE_SELL, 56) == SGX_OK && level.lots == 0);
    EXPECT("the second bid has the first one's 4 lots ahead",
           sgx_engine_order_ticks(&order, engine, 2002) == SGX_OK && order.price == 50 && order.open_lots == 6 &&
               order.lots_ahead == 4 && order.orders_ahead == 1 && order.side == SGX_SIDE_BUY);
    EXPECT("a bad side is INVALID_SIDE", sgx_engine_lots_at(&level, engine, 11, 2, 50) == SGX_ERR_INVALID_SIDE);
    EXPECT("an unknown order is NOT_FOUND", sgx_engine_order_ticks(&order, engine, 9999) == SGX_ERR_NOT_FOUND);
    EXPECT("cancel_all clears the symbol", sgx_engine_cancel_all(engine, 11, NULL, NULL) == SGX_OK);
}

/* Request batches on symbol 10: new, cancel, replace, cancel-all and
 * cancel-owner in one sgx_engine_apply call (events through the callback), the same through
 * sgx_engine_apply_into into an array, and a malformed record refusing all. */
static void request_checks(sgx_engine *engine) {
    sgx_request batch[5];
    sgx_order_event events[8];
    size_t done = 0, written = 0, bound = 0, i;
    event_log log;
    EXPECT("request size", sgx_sizeof_request() == sizeof(sgx_request) && sizeof(sgx_request) == 48);
    for (i = 0; i < 5; ++i) {
        sgx_request init = SGX_REQUEST_INIT;
        batch[i] = init;
        batch[i].symbol = 10;
    }
    batch[0].op = SGX_OP_NEW; /* a resting sell: 2001, 5 lots at 100 */
    batch[0].side = SGX_SIDE_SELL;
    batch[0].order_id = 2001;
    batch[0].price = 100;
    batch[0].lots = 5;
    batch[1] = batch[0]; /* a buy of 2 at 100: trades with 2001 */
    batch[1].side = SGX_SIDE_BUY;
    batch[1].order_id = 2002;
    batch[1].lots = 2;
    batch[2].op = SGX_OP_REPLACE; /* 2001: 3 left, to 4 lots at 101 */
    batch[2].order_id = 2001;
    batch[2].price = 101;
    batch[2].lots = 4;
    batch[3].op = SGX_OP_CANCEL; /* an unknown id: REJECTED, the batch goes on */
    batch[3].order_id = 2999;
    batch[4].op = SGX_OP_CANCEL_ALL; /* cancels 2001 */
    log.count = 0;
    EXPECT("apply: every request, in order, events through the callback",
           sgx_engine_apply(&done, engine, batch, 5, record_event, &log) == SGX_OK && done == 5 && log.count == 6 &&
               log.events[0].kind == SGX_EVENT_ACCEPTED && log.events[1].kind == SGX_EVENT_ACCEPTED &&
               log.events[2].kind == SGX_EVENT_TRADE && log.events[3].kind == SGX_EVENT_REPLACED &&
               log.events[4].kind == SGX_EVENT_REJECTED && log.events[4].status == SGX_ERR_NOT_FOUND &&
               log.events[5].kind == SGX_EVENT_CANCELLED && log.events[5].order_id == 2001 &&
               log.events[5].lots == 4);
    EXPECT("apply_into: the same events into the caller's array",
           sgx_engine_apply_into(events, &written, &done, engine, batch, 5, 8) == SGX_OK && done == 5 &&
               written == 6 && events[2].kind == SGX_EVENT_TRADE && events[5].kind == SGX_EVENT_CANCELLED);
    EXPECT("a bound per request", sgx_engine_request_bound(&bound, engine, &batch[3]) == SGX_OK && bound == 1);
    EXPECT("apply_into stops at a request boundary when the room left is short",
           sgx_engine_apply_into(events, &written, &done, engine, batch, 5, 2) == SGX_ERR_EVENTS_FULL && done == 1 &&
               written == 1);
    EXPECT("(cancel what that left)", sgx_engine_apply(&done, engine, &batch[4], 1, NULL, NULL) == SGX_OK);
    batch[0].owner = 77; /* 2001 rests for owner 77; CANCEL_OWNER takes it back */
    batch[1] = batch[0];
    batch[1].op = SGX_OP_CANCEL_OWNER;
    log.count = 0;
    EXPECT("a NEW with an owner, then CANCEL_OWNER: ACCEPTED, CANCELLED",
           sgx_engine_apply(&done, engine, batch, 2, record_event, &log) == SGX_OK && done == 2 && log.count == 2 &&
               log.events[1].kind == SGX_EVENT_CANCELLED && log.events[1].order_id == 2001);
    batch[3].op = 200;
    log.count = 0;
    EXPECT("an unknown op refuses the whole batch: nothing runs, no event",
           sgx_engine_apply(&done, engine, batch, 5, record_event, &log) == SGX_ERR_INVALID_OP && done == 0 &&
               log.count == 0);
}

int main(void) {
    sgx_engine *engine = NULL;
    sgx_engine_config config;
    sgx_report report;
    sgx_fill fills[8];
    sgx_top_of_book top;
    sgx_engine_stats stats;
    sgx_order batch[2];
    sgx_report reports[2];
    size_t n = 0;
    sgx_order o;

    EXPECT("config init", sgx_engine_config_init(&config) == SGX_OK);
    {
        /* Each _INIT macro gives what its _init() function gives. */
        sgx_engine_config from_macro = SGX_ENGINE_CONFIG_INIT;
        sgx_pipeline_config pipe_macro = SGX_PIPELINE_CONFIG_INIT, pipe_fn;
        sgx_engine_stats stats_macro = SGX_ENGINE_STATS_INIT;
        sgx_pipeline_stats ring_macro = SGX_PIPELINE_STATS_INIT;
        sgx_order order_macro = SGX_ORDER_INIT;
        EXPECT("SGX_ENGINE_CONFIG_INIT equals sgx_engine_config_init()",
               memcmp(&from_macro, &config, sizeof config) == 0);
        memset(&pipe_fn, 0, sizeof pipe_fn);
        EXPECT("SGX_PIPELINE_CONFIG_INIT equals sgx_pipeline_config_init()",
               sgx_pipeline_config_init(&pipe_fn) == SGX_OK && memcmp(&pipe_macro, &pipe_fn, sizeof pipe_fn) == 0);
        EXPECT("SGX_ENGINE_STATS_INIT sets struct_size", stats_macro.struct_size == sizeof(sgx_engine_stats));
        EXPECT("SGX_PIPELINE_STATS_INIT sets struct_size", ring_macro.struct_size == sizeof(sgx_pipeline_stats));
        EXPECT("SGX_ORDER_INIT sets struct_size", order_macro.struct_size == sizeof(sgx_order));
    }
    config.fill_capacity = 1024;
    EXPECT("create", sgx_engine_create(&engine, &config) == SGX_OK && engine != NULL);
    EXPECT("configure", sgx_engine_configure_symbol(engine, 1, 0.01, 0.001) == SGX_OK);

    o = make_order(SGX_SIDE_SELL, SGX_TYPE_LIMIT, SGX_TIF_GTC, 100.25, 2.0);
    EXPECT("a non-crossing order rests", sgx_engine_execute(&report, engine, &o) == SGX_OK &&
                                             report.status == SGX_STATUS_NEW && report.order_id == 1);

    o = make_order(SGX_SIDE_BUY, SGX_TYPE_LIMIT, SGX_TIF_IOC, 101.0, 0.5);
    EXPECT("a crossing IOC fills at the resting price",
           sgx_engine_execute(&report, engine, &o) == SGX_OK && report.status == SGX_STATUS_FILLED &&
               report.executed_price == 100.25 && report.fill_count == 1);

    EXPECT("the fill can be drained", sgx_engine_drain_fills(fills, &n, engine, 8) == SGX_OK && n == 1 &&
                                          fills[0].maker_order_id == 1 && fills[0].taker_order_id == 2 &&
                                          fills[0].aggressor_side == SGX_SIDE_BUY);

    EXPECT("amend down", sgx_engine_amend(engine, 1, 1.0) == SGX_OK);
    EXPECT("top of book", sgx_engine_top_of_book(&top, engine, 1) == SGX_OK && top.has_ask && !top.has_bid &&
                              top.ask_quantity == 1.0);

    batch[0] = make_order(SGX_SIDE_BUY, SGX_TYPE_LIMIT, SGX_TIF_GTC, 99.0, 1.0);
    batch[1] = make_order(SGX_SIDE_BUY, SGX_TYPE_MARKET, SGX_TIF_IOC, 0.0, 1.0);
    EXPECT("batch", sgx_engine_execute_batch(reports, &n, engine, batch, 2) == SGX_OK && n == 2 &&
                        reports[0].order_id == 3 && reports[1].status == SGX_STATUS_FILLED);

    EXPECT("cancel", sgx_engine_cancel(engine, 3) == SGX_OK);
    EXPECT("cancel twice", sgx_engine_cancel(engine, 3) == SGX_ERR_NOT_FOUND);

    stats.struct_size = (uint32_t)sizeof stats;
    EXPECT("stats", sgx_engine_get_stats(&stats, engine) == SGX_OK && stats.orders_processed == 4 &&
                        stats.fills == 2 && stats.cancels == 1 && stats.resting_orders == 0);
    EXPECT("status text", strcmp(sgx_status_name(SGX_ERR_NOT_FOUND), "SGX_ERR_NOT_FOUND") == 0);
    EXPECT("abi", sgx_abi_version() == SGX_ABI_VERSION);

    EXPECT("shrink", sgx_engine_shrink(engine) == SGX_OK);
    EXPECT("shrink refuses NULL", sgx_engine_shrink(NULL) == SGX_ERR_NULL_POINTER);
    o = make_order(SGX_SIDE_BUY, SGX_TYPE_LIMIT, SGX_TIF_GTC, 98.0, 1.0);
    EXPECT("an order after shrink rests with the next id",
           sgx_engine_execute(&report, engine, &o) == SGX_OK && report.order_id == 5 &&
               report.status == SGX_STATUS_NEW);

    order_entry_checks(engine);
    query_checks(engine);
    request_checks(engine);

    sgx_engine_destroy(engine);
    sgx_engine_destroy(NULL);

    {
        /* The pipeline: submit from this thread, stop, poll every result. */
        sgx_pipeline *pipeline = NULL;
        sgx_pipeline_config pcfg;
        sgx_result results[16];
        sgx_pipeline_stats rstats;
        sgx_depth_query query;
        sgx_level bids[2], asks[2];
        uint64_t seq = 0;
        size_t got = 0, total = 0;
        int fd = -1;
        EXPECT("pipeline config", sgx_pipeline_config_init(&pcfg) == SGX_OK && pcfg.queue_capacity == 10000);
        pcfg.queue_capacity = 8;
        EXPECT("pipeline create", sgx_pipeline_create(&pipeline, &pcfg) == SGX_OK && pipeline != NULL);
        o = make_order(SGX_SIDE_SELL, SGX_TYPE_LIMIT, SGX_TIF_GTC, 100.0, 1.0);
        EXPECT("pipeline submit", sgx_pipeline_submit(&seq, pipeline, &o) == SGX_OK && seq == 1);
        o = make_order(SGX_SIDE_BUY, SGX_TYPE_LIMIT, SGX_TIF_IOC, 100.0, 1.0);
        EXPECT("pipeline submit waits for room", sgx_pipeline_submit_wait(&seq, pipeline, &o, 1000000000u) == SGX_OK && seq == 2);
        EXPECT("pipeline cancel", sgx_pipeline_submit_cancel(&seq, pipeline, 1) == SGX_OK && seq == 3);
        o = make_order(SGX_SIDE_BUY, SGX_TYPE_LIMIT, SGX_TIF_GTC, 99.0, 2.0);
        EXPECT("pipeline bid", sgx_pipeline_submit(&seq, pipeline, &o) == SGX_OK && seq == 4);
        query.struct_size = (uint32_t)sizeof query;
        query.symbol = o.symbol;
        query.levels = 2;
        query.bids = bids;
        query.asks = asks;
        EXPECT("pipeline depth query", sgx_pipeline_submit_depth(&seq, pipeline, &query) == SGX_OK && seq == 5);
        EXPECT("pipeline notify fd", sgx_pipeline_notify_fd(&fd, pipeline) == SGX_OK && fd >= 0);
        EXPECT("pipeline stop", sgx_pipeline_stop(pipeline) == SGX_OK);
        EXPECT("submit after stop", sgx_pipeline_submit(&seq, pipeline, &o) == SGX_ERR_STOPPED);
        do {
            EXPECT("pipeline poll", sgx_pipeline_poll(results + total, &got, pipeline, 16 - total) == SGX_OK);
            total += got;
        } while (got > 0 && total < 16);
        /* order 1 (NEW), order 2 (FILLED), its fill, the cancel (NOT_FOUND: order 1 was filled),
         * the bid (NEW), the depth answer: that bid alone */
        EXPECT("pipeline results", total == 6 && results[0].kind == SGX_RESULT_ORDER &&
                                       results[1].report.status == SGX_STATUS_FILLED &&
                                       results[2].kind == SGX_RESULT_FILL && results[2].sequence == 2 &&
                                       results[3].kind == SGX_RESULT_CANCEL && results[3].status == SGX_ERR_NOT_FOUND);
        EXPECT("pipeline depth answer", results[5].kind == SGX_RESULT_DEPTH && results[5].sequence == 5 &&
                                            results[5].status == SGX_OK && query.bid_count == 1 &&
                                            query.ask_count == 0 && bids[0].price == 99.0 &&
                                            bids[0].quantity == 2.0 && bids[0].order_count == 1);
        rstats.struct_size = (uint32_t)sizeof rstats;
        EXPECT("pipeline stats", sgx_pipeline_get_stats(&rstats, pipeline) == SGX_OK && rstats.completed == 5 && rstats.capacity == 8);
        EXPECT("pipeline null checks", sgx_pipeline_submit(NULL, pipeline, &o) == SGX_ERR_NULL_POINTER &&
                                           sgx_pipeline_poll(results, NULL, pipeline, 1) == SGX_ERR_NULL_POINTER);
        sgx_pipeline_destroy(pipeline);
        sgx_pipeline_destroy(NULL);
    }
    {
        /* Market data: write an event file, read it back mapped, replay it into L2 and L3 books. */
        const char *path = "c_api_test_events.sgxmd";
        sgx_md_writer *writer = NULL;
        sgx_md_file *file = NULL;
        sgx_md_l2_book *l2 = NULL;
        sgx_md_l3_book *l3 = NULL;
        sgx_md_symbol sym;
        sgx_md_event ev[4];
        sgx_md_file_header fh;
        const sgx_md_event *mapped = NULL;
        const sgx_md_symbol *syms = NULL;
        size_t n = 0, nb = 0, na = 0, at = 0;
        sgx_md_quote q;
        sgx_md_level bids[4], asks[4];
        sgx_md_queue_position qp;
        sgx_md_book_checks ck;
        int64_t lots = 0;
        memset(&sym, 0, sizeof sym);
        memset(ev, 0, sizeof ev);
        strcpy(sym.name, "BTCUSDT");
        sym.tick_size = 0.1;
        sym.lot_size = 0.001;
        sym.contract_size = 1.0;
        sym.id = 1;
        ev[0].kind = SGX_MD_ADD; ev[0].side = SGX_SIDE_BUY; ev[0].price = 100; ev[0].quantity = 5; ev[0].order_id = 11;
        ev[1].kind = SGX_MD_ADD; ev[1].side = SGX_SIDE_BUY; ev[1].price = 100; ev[1].quantity = 3; ev[1].order_id = 12;
        ev[2].kind = SGX_MD_LEVEL; ev[2].side = SGX_SIDE_SELL; ev[2].price = 101; ev[2].quantity = 4;
        ev[3].kind = SGX_MD_ADD; ev[3].side = SGX_SIDE_SELL; ev[3].price = 101; ev[3].quantity = 4; ev[3].order_id = 13;
        for (at = 0; at < 4; ++at) {
            ev[at].symbol = 1;
            ev[at].local_ts = ev[at].exch_ts = 1000 + (int64_t)at;
            ev[at].flags = SGX_MD_F_LAST;
        }
        EXPECT("md sizes", sgx_sizeof_md_file_header() == 64 && sgx_sizeof_md_event() == 64 &&
                               sgx_sizeof_md_quote() == sizeof(sgx_md_quote) && sgx_sizeof_md_level() == sizeof(sgx_md_level) &&
                               sgx_sizeof_md_queue_position() == sizeof(sgx_md_queue_position) &&
                               sgx_sizeof_md_book_checks() == sizeof(sgx_md_book_checks));
        EXPECT("md writer create", sgx_md_writer_create(&writer, path) == SGX_OK && writer != NULL);
        EXPECT("md writer add symbol", sgx_md_writer_add_symbol(writer, &sym) == SGX_OK);
        EXPECT("md writer write", sgx_md_writer_write(writer, ev, 4) == SGX_OK);
        EXPECT("md writer finish", sgx_md_writer_finish(writer) == SGX_OK);
        sgx_md_writer_destroy(writer);
        sgx_md_writer_destroy(NULL);
        EXPECT("md file open", sgx_md_file_open(&file, path) == SGX_OK && file != NULL);
        EXPECT("md file header", sgx_md_file_get_header(&fh, file) == SGX_OK && fh.record_count == 4 &&
                                     fh.symbol_count == 1 && fh.header_size == 192 && fh.first_local_ts == 1000 &&
                                     fh.last_local_ts == 1003 && memcmp(fh.magic, "SGXMDEV", 8) == 0);
        EXPECT("md file symbols", sgx_md_file_symbols(&syms, &n, file) == SGX_OK && n == 1 && strcmp(syms[0].name, "BTCUSDT") == 0);
        EXPECT("md file events", sgx_md_file_events(&mapped, &n, file) == SGX_OK && n == 4 && mapped[3].order_id == 13);
        EXPECT("md file seek", sgx_md_file_seek(&at, file, 1002) == SGX_OK && at == 2);
        EXPECT("md file verify", sgx_md_file_verify(file) == SGX_OK);
        EXPECT("md l2 create", sgx_md_l2_book_create(&l2) == SGX_OK && l2 != NULL);
        EXPECT("md l3 create", sgx_md_l3_book_create(&l3) == SGX_OK && l3 != NULL);
        EXPECT("md l2 apply", sgx_md_l2_book_apply(l2, mapped, n) == SGX_OK);
        EXPECT("md l3 apply", sgx_md_l3_book_apply(l3, mapped, n) == SGX_OK);
        EXPECT("md l2 best", sgx_md_l2_book_best(&q, l2, 1) == SGX_OK && !q.has_bid && q.has_ask && q.ask_price == 101 && q.ask_quantity == 4);
        EXPECT("md l3 best", sgx_md_l3_book_best(&q, l3, 1) == SGX_OK && q.has_bid && q.bid_price == 100 && q.bid_quantity == 8);
        EXPECT("md l3 depth", sgx_md_l3_book_depth(bids, &nb, asks, &na, l3, 1, 4) == SGX_OK && nb == 1 && na == 1 &&
                                  bids[0].order_count == 2 && asks[0].quantity == 4);
        EXPECT("md l2 depth", sgx_md_l2_book_depth(bids, &nb, asks, &na, l2, 1, 4) == SGX_OK && nb == 0 && na == 1);
        EXPECT("md l2 quantity at", sgx_md_l2_book_quantity_at(&lots, l2, 1, SGX_SIDE_SELL, 101) == SGX_OK && lots == 4);
        EXPECT("md l3 quantity at", sgx_md_l3_book_quantity_at(&lots, l3, 1, SGX_SIDE_BUY, 100) == SGX_OK && lots == 8);
        EXPECT("md l3 queue ahead", sgx_md_l3_book_queue_ahead(&qp, l3, 1, 12) == SGX_OK && qp.orders_ahead == 1 &&
                                        qp.quantity_ahead == 5 && qp.quantity == 3);
        EXPECT("md l3 queue ahead unknown", sgx_md_l3_book_queue_ahead(&qp, l3, 1, 99) == SGX_ERR_NOT_FOUND);
        EXPECT("md l2 checks", sgx_md_l2_book_checks(&ck, l2) == SGX_OK && ck.events == 4 && ck.ignored == 3 && ck.crossed == 0);
        EXPECT("md l3 checks", sgx_md_l3_book_checks(&ck, l3) == SGX_OK && ck.events == 4 && ck.ignored == 1);
        EXPECT("md l3 resting orders", sgx_md_l3_book_resting_orders(&at, l3, 1) == SGX_OK && at == 3 &&
                                           sgx_md_l3_book_resting_orders(&at, l3, 7) == SGX_OK && at == 0);
        EXPECT("md symbols count", sgx_md_l2_book_symbols(NULL, 0, &at, l2) == SGX_OK && at == 1);
        EXPECT("md symbols ids", sgx_md_l3_book_symbols(&sym.id, 1, &at, l3) == SGX_OK && at == 1 && sym.id == 1);
        EXPECT("md reset", sgx_md_l3_book_reset(l3) == SGX_OK && sgx_md_l3_book_symbols(NULL, 0, &at, l3) == SGX_OK &&
                               at == 0 && sgx_md_l3_book_checks(&ck, l3) == SGX_OK && ck.events == 0 &&
                               sgx_md_l3_book_best(&q, l3, 1) == SGX_OK && !q.has_bid && !q.has_ask);
        EXPECT("md reapply after reset", sgx_md_l3_book_apply(l3, mapped, n) == SGX_OK &&
                                             sgx_md_l3_book_checks(&ck, l3) == SGX_OK && ck.events == 4 &&
                                             ck.duplicate_order == 0);
        EXPECT("md null checks", sgx_md_l2_book_best(NULL, l2, 1) == SGX_ERR_NULL_POINTER &&
                                     sgx_md_l2_book_symbols(NULL, 1, &at, l2) == SGX_ERR_NULL_POINTER &&
                                     sgx_md_l2_book_reset(NULL) == SGX_ERR_NULL_POINTER &&
                                     sgx_md_l3_book_resting_orders(NULL, l3, 1) == SGX_ERR_NULL_POINTER &&
                                     sgx_md_file_events(&mapped, NULL, file) == SGX_ERR_NULL_POINTER &&
                                     sgx_md_l3_book_apply(l3, NULL, 1) == SGX_ERR_NULL_POINTER);
        {
            /* The simulated venue over the same file: its one L2 level is an
             * ask at 101 x 4; a buy IOC at 101 takes 2 lots of it. */
            sgx_venue_config vc;
            sgx_venue *venue = NULL;
            sgx_venue_order vo;
            sgx_venue_fill vf[2];
            sgx_venue_state vs;
            int32_t step = -1;
            int64_t now = 0;
            size_t total = 0;
            EXPECT("venue sizes", sgx_sizeof_venue_config() == sizeof(sgx_venue_config) &&
                                      sgx_sizeof_venue_order() == 128 && sgx_sizeof_venue_fill() == 64 &&
                                      sgx_sizeof_venue_state() == 128);
            EXPECT("venue config default", sgx_venue_config_default(&vc) == SGX_OK && vc.struct_size == sizeof vc);
            vc.latency_model = SGX_LATENCY_CONSTANT;
            vc.entry_latency_ns = 1;
            vc.response_latency_ns = 1;
            vc.defaults.taker_fee = 0.001;
            EXPECT("venue create", sgx_venue_create(&venue, file, &vc) == SGX_OK && venue != NULL);
            EXPECT("venue starts at the first event", sgx_venue_current_timestamp(&now, venue) == SGX_OK && now == 1000);
            EXPECT("venue goto", sgx_venue_goto(&step, venue, 1002) == SGX_OK && step == SGX_VENUE_STEP_OK);
            EXPECT("venue submit", sgx_venue_submit(venue, 1, 5, SGX_SIDE_BUY, 101, 2, SGX_TYPE_LIMIT, SGX_TIF_IOC) == SGX_OK);
            EXPECT("venue duplicate id", sgx_venue_submit(venue, 1, 5, SGX_SIDE_BUY, 101, 2, SGX_TYPE_LIMIT, SGX_TIF_IOC) ==
                                             SGX_ERR_DUPLICATE_ORDER_ID);
            EXPECT("venue unknown symbol", sgx_venue_cancel(venue, 9, 5) == SGX_ERR_UNKNOWN_SYMBOL);
            EXPECT("venue response", sgx_venue_wait_order_response(&step, venue, 1, 5, 1000) == SGX_OK &&
                                         step == SGX_VENUE_STEP_RESPONSE);
            EXPECT("venue order filled", sgx_venue_get_order(&vo, venue, 1, 5) == SGX_OK && vo.status == SGX_VORD_FILLED &&
                                             vo.executed == 2 && vo.exec_price == 101 && vo.maker == 0);
            EXPECT("venue fills", sgx_venue_fills(vf, 2, 0, &total, venue) == SGX_OK && total == 1 && vf[0].price == 101 &&
                                      vf[0].quantity == 2 && vf[0].order_id == 5);
            EXPECT("venue state", sgx_venue_get_state(&vs, venue, 1) == SGX_OK && vs.position == 2 && vs.taker_fills == 1);
            EXPECT("venue runs to the end", sgx_venue_elapse(&step, venue, 1000000) == SGX_OK && step == SGX_VENUE_STEP_END);
            EXPECT("venue backwards", sgx_venue_goto(&step, venue, 0) == SGX_ERR_TIME_BACKWARDS);
            EXPECT("venue null checks", sgx_venue_elapse(NULL, venue, 1) == SGX_ERR_NULL_POINTER &&
                                            sgx_venue_create(NULL, file, &vc) == SGX_ERR_NULL_POINTER);
            sgx_venue_destroy(venue);
            sgx_venue_destroy(NULL);
        }
        sgx_md_l2_book_destroy(l2);
        sgx_md_l3_book_destroy(l3);
        sgx_md_l2_book_destroy(NULL);
        sgx_md_l3_book_destroy(NULL);
        sgx_md_file_close(file);
        sgx_md_file_close(NULL);
        EXPECT("md bad file names the rule", sgx_md_file_open(&file, "c_api_test.c.missing") == SGX_ERR_IO && file == NULL &&
                                                 strstr(sgx_error_detail(), "cannot open") != NULL);
        remove(path);
    }
    if (failures == 0) printf("c_api_test: all checks passed (sigmax_exec %s)\n", sgx_version());
    return failures == 0 ? 0 : 1;
}
