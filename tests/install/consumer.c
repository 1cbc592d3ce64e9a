/* The smallest useful C program against the installed package. */
#include <sigmax_exec.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    sgx_engine *engine = NULL;
    sgx_order o;
    sgx_report r;
    if (sgx_engine_create(&engine, NULL) != SGX_OK) return 1;
    memset(&o, 0, sizeof o);
    o.struct_size = sizeof o;
    o.side = SGX_SIDE_SELL;
    o.price = 50000.0;
    o.quantity = 1.0;
    if (sgx_engine_execute(&r, engine, &o) != SGX_OK) return 2;
    o.side = SGX_SIDE_BUY;
    o.type = SGX_TYPE_MARKET;
    if (sgx_engine_execute(&r, engine, &o) != SGX_OK || r.status != SGX_STATUS_FILLED) return 3;
    printf("consumer: filled %.1f at %.1f with sigmax_exec %s\n", r.executed_quantity, r.executed_price, sgx_version());
    sgx_engine_destroy(engine);
    return 0;
}
