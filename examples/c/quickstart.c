/* The C ABI in a few dozen lines: an engine, a symbol, a resting sell, a
 * market buy that trades with it, the fill, the book and the statistics.
 * Build against the installed package:
 *   cc quickstart.c $(pkg-config --cflags --libs sigmax_exec) */
#include <stdio.h>

#include "sigmax_exec.h"

static int check(int32_t rc, const char *what) {
    if (rc != SGX_OK) fprintf(stderr, "%s: %s (%s)\n", what, sgx_status_name(rc), sgx_status_str(rc));
    return rc == SGX_OK;
}

int main(void) {
    sgx_engine *engine = NULL;
    sgx_engine_config config = SGX_ENGINE_CONFIG_INIT; /* the defaults */
    sgx_order order = SGX_ORDER_INIT;                  /* a buy limit GTC */
    sgx_report report;
    sgx_fill fills[4];
    size_t n = 0;
    sgx_top_of_book top;
    sgx_engine_stats stats = SGX_ENGINE_STATS_INIT;
    int ok = 1;

    if (!check(sgx_engine_create(&engine, &config), "create")) return 1;
    ok &= check(sgx_engine_configure_symbol(engine, 1, 0.01, 0.001), "configure");  /* tick 0.01, lot 0.001 */

    order.symbol = 1;
    order.side = SGX_SIDE_SELL;
    order.price = 101.25;
    order.quantity = 2.0;
    ok &= check(sgx_engine_execute(&report, engine, &order), "sell");
    printf("sell: order %llu status %d, resting %.3f\n", (unsigned long long)report.order_id, report.status,
           report.remaining_quantity);

    order.side = SGX_SIDE_BUY;
    order.type = SGX_TYPE_MARKET;
    order.tif = SGX_TIF_IOC;
    order.quantity = 0.5;
    ok &= check(sgx_engine_execute(&report, engine, &order), "buy");
    printf("buy: order %llu status %d, filled %.3f at %.2f\n", (unsigned long long)report.order_id, report.status,
           report.executed_quantity, report.executed_price);

    ok &= check(sgx_engine_drain_fills(fills, &n, engine, 4), "fills");
    if (n == 1)
        printf("fill: trade %llu, maker %llu, taker %llu, %.3f at %.2f\n", (unsigned long long)fills[0].trade_id,
               (unsigned long long)fills[0].maker_order_id, (unsigned long long)fills[0].taker_order_id,
               fills[0].quantity, fills[0].price);

    ok &= check(sgx_engine_top_of_book(&top, engine, 1), "top");
    printf("book: ask %.2f x %.3f, has bid %d\n", top.ask_price, top.ask_quantity, top.has_bid);

    /* A bad request is refused with a named status and changes nothing. */
    order.quantity = 0.0005; /* half a lot */
    printf("half a lot: %s\n", sgx_status_name(sgx_engine_execute(&report, engine, &order)));

    ok &= check(sgx_engine_get_stats(&stats, engine), "stats");
    printf("stats: %llu orders, %llu fills, %llu invalid\n", (unsigned long long)stats.orders_processed,
           (unsigned long long)stats.fills, (unsigned long long)stats.invalid_requests);

    sgx_engine_destroy(engine);
    return ok ? 0 : 1;
}
