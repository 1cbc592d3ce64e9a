"""The bounds of docs/semantics.md#bounds on every backend: an order holds at
most 2^53 lots and a price level at most 2^62, so no sum can wrap; what would
pass a bound is refused with a named error and changes nothing."""
import subprocess
import sys

import pytest

import sigmax_exec as sx
import sigmax_exec.market as md

from md_streams import SELL, add, cancel, events, modify

MAX_LOTS = 2.0 ** 53
LEVEL_ORDERS = 512  # 512 x 2^53 = 2^62


def unit_engine(backend):
    e = backend.Engine(fill_capacity=0, timestamps=False)
    e.configure_symbol(1, tick_size=1.0, lot_size=1.0)
    return e


def level_full(call):
    with pytest.raises(sx.SigmaxError) as info:
        call()
    assert info.value.status_name == "SGX_ERR_LEVEL_FULL"
    return info.value


def test_1024_orders_of_2_53_lots_at_one_price_fill_the_level_to_2_62_and_the_rest_get_level_full(backend):
    e = unit_engine(backend)
    refused = 0
    for _ in range(1024):
        try:
            e.execute_order(1, 1, 0, 100.0, MAX_LOTS)
        except sx.SigmaxError as err:
            assert err.status_name == "SGX_ERR_LEVEL_FULL"
            refused += 1
    assert refused == 1024 - LEVEL_ORDERS
    top = e.top_of_book(1)
    assert top.ask_quantity == 2.0 ** 62
    assert e.depth(1, 5)["asks"] == [(100.0, 2.0 ** 62)]
    stats = e.get_stats()
    assert (stats["resting_orders"], stats["total_executions"], stats["invalid_requests"]) == (LEVEL_ORDERS, LEVEL_ORDERS, 0)
    fok = e.execute_order(1, 0, 0, 100.0, 1.0, sx.TimeInForce.FOK)
    assert fok.status == sx.OrderStatus.FILLED and fok.order_id == LEVEL_ORDERS + 1  # refused orders used no id


def test_a_level_full_order_is_a_level_full_error_and_a_buffer_error(backend):
    e = unit_engine(backend)
    for _ in range(LEVEL_ORDERS):
        e.execute_order(1, 1, 0, 100.0, MAX_LOTS)
    err = level_full(lambda: e.execute_order(1, 1, 0, 100.0, 1.0))
    assert isinstance(err, sx.LevelFullError) and isinstance(err, BufferError)


def test_an_amend_that_would_pass_its_level_bound_gets_level_full_and_keeps_the_order_in_place(backend):
    e = unit_engine(backend)
    small = e.execute_order(1, 1, 0, 100.0, 1.0).order_id
    behind = e.execute_order(1, 1, 0, 100.0, 1.0).order_id
    for _ in range(LEVEL_ORDERS - 1):
        e.execute_order(1, 1, 0, 100.0, MAX_LOTS)
    before = e.top_of_book(1)
    level_full(lambda: e.amend_order(small, MAX_LOTS))
    assert e.top_of_book(1) == before
    assert e.execute_order(1, 0, 0, 100.0, 1.0, sx.TimeInForce.IOC).status == sx.OrderStatus.FILLED
    assert e.order_info(small) is None and e.order_info(behind) is not None  # `small` was still first
    assert e.get_stats()["amends"] == 0


def test_an_amend_past_2_53_executed_plus_open_lots_is_out_of_range(backend):
    e = unit_engine(backend)
    oid = e.execute_order(1, 1, 0, 100.0, MAX_LOTS).order_id
    e.execute_order(1, 0, 0, 100.0, MAX_LOTS - 1.0, sx.TimeInForce.IOC)
    with pytest.raises(sx.InvalidOrderError) as info:
        e.amend_order(oid, 2.0)
    assert info.value.status_name == "SGX_ERR_OUT_OF_RANGE"
    assert e.get_stats()["invalid_requests"] == 1
    assert e.amend_order(oid, 1.0)
    assert e.order_info(oid).original_quantity == MAX_LOTS


def test_a_batch_that_meets_a_full_level_names_it_and_carries_the_reports_that_ran(backend):
    e = unit_engine(backend)
    orders = [(1, 1, 0, 100.0, MAX_LOTS)] * (LEVEL_ORDERS + 1) + [(1, 1, 0, 99.0, 1.0)]
    err = level_full(lambda: e.execute_batch(orders))
    assert err.index == LEVEL_ORDERS
    assert [x.order_id for x in err.executed] == list(range(1, LEVEL_ORDERS + 1))
    assert e.top_of_book(1).ask_price == 100.0
    out = bytearray(b"\xff") * (64 * len(orders))
    err = level_full(lambda: e.execute_batch([(1, 1, 0, 98.0, 1.0), (1, 1, 0, 100.0, 1.0), (1, 1, 0, 97.0, 1.0)],
                                             out=out))
    assert err.index == 1 and err.executed.nbytes == 64  # one packed report
    assert out[64:3 * 64] == bytes(2 * 64) and out[3 * 64:] == b"\xff" * (64 * (len(orders) - 3))


_COLLECT_A_STOPPED_BATCH = """
import gc, sys
import sigmax_exec as sx
unraisable = []
sys.unraisablehook = unraisable.append
e = sx.load_backend(sys.argv[1]).Engine(fill_capacity=0, timestamps=False)
e.configure_symbol(1, tick_size=1.0, lot_size=1.0)
e.execute_batch([(1, 1, 0, 100.0, 2.0 ** 53)] * 512)
out = bytearray(64 * 2)
try:
    e.execute_batch([(1, 1, 0, 98.0, 1.0), (1, 1, 0, 100.0, 1.0)], out=out)
except sx.SigmaxError as err:
    cycle = [err]
    cycle.append(cycle)
del cycle
gc.collect()
out.extend(b"x")  # nothing holds out any more
print(len(unraisable))
"""


def test_a_stopped_batch_error_in_a_reference_cycle_is_collected_cleanly(backend):
    # The error's traceback keeps the batch's frame alive. Had that frame
    # still held the FFI's export of the report buffer, the cyclic collector
    # would meet a memoryview it cannot clear (BufferError in tp_clear) and
    # crash the interpreter: hence a child process.
    child = subprocess.run([sys.executable, "-c", _COLLECT_A_STOPPED_BATCH, backend.Engine.implementation],
                           capture_output=True, text=True, timeout=120)
    assert (child.returncode, child.stdout.strip(), child.stderr) == (0, "0", "")


def test_volume_lots_counts_modulo_2_64_on_every_backend(backend):
    e = backend.Engine(fill_capacity=0, timestamps=False)
    e.configure_symbol(1, tick_size=1.0, lot_size=1.0)
    for _ in range(2049):  # 2049 x 2^53 lots traded: past 2^64
        e.execute_order(1, 1, 0, 100.0, MAX_LOTS)
        e.execute_order(1, 0, 0, 100.0, MAX_LOTS)
    assert e.get_stats()["volume_lots"] == (2049 * 2 ** 53) % 2 ** 64


def test_l3_books_count_an_add_or_modify_past_a_level_bound_as_invalid_on_every_backend(backend):
    _, L3 = md.books_for(backend.Engine.implementation)
    book = L3()
    top = 1 << 53
    book.apply(events(*[add(i, SELL, 100, top) for i in range(1, LEVEL_ORDERS + 1)],
                      add(1000, SELL, 100, 1),        # refused: the level is full
                      add(1001, SELL, 101, 5),
                      modify(1001, SELL, 100, 5),     # refused: into the full level
                      modify(1001, SELL, 101, 7),
                      cancel(1, 1),                   # one lot of room
                      add(1002, SELL, 100, 2),        # refused
                      add(1003, SELL, 102, top + 1)))  # refused: more than one order may hold
    assert book.checks().invalid == 4
    assert book.quantity_at(0, SELL, 100) == (1 << 62) - 1
    assert book.quantity_at(0, SELL, 101) == 7
    assert book.queue_ahead(0, 1000) is None and book.queue_ahead(0, 1002) is None
    assert book.queue_ahead(0, 1003) is None


def test_a_pipeline_order_that_meets_a_full_level_comes_back_as_level_full(backend):
    import asyncio

    async def go(p):
        p.configure_symbol(1, 1.0, 1.0)
        for _ in range(LEVEL_ORDERS):
            await p.execute(1, 1, 0, 100.0, MAX_LOTS)
        with pytest.raises(sx.LevelFullError):
            await p.execute(1, 1, 0, 100.0, 1.0)
    with backend.Pipeline(fill_capacity=0) as p:
        asyncio.run(go(p))
        stats = p.engine_stats()
        assert (stats["resting_orders"], stats["total_executions"], stats["invalid_requests"]) == \
            (LEVEL_ORDERS, LEVEL_ORDERS, 0)


def test_past_max_symbols_a_new_book_is_refused_with_too_many_symbols_and_nothing_changes(backend):
    e = backend.Engine(max_symbols=2, timestamps=False)
    e.configure_symbol(1, 0.01, 1.0)
    first = e.execute_order(2, 0, 0, 10.0, 1.0)  # a resting order gives symbol 2 the second book
    assert first.order_id == 1
    stats = e.get_stats()
    with pytest.raises(sx.TooManySymbolsError) as info:
        e.configure_symbol(3, 0.01, 1.0)
    assert info.value.status_name == "SGX_ERR_TOO_MANY_SYMBOLS"
    with pytest.raises(sx.TooManySymbolsError):
        e.execute_order(3, 1, 0, 10.0, 1.0)  # GTC: it would need a book
    assert e.get_stats() == stats
    assert e.top_of_book(3).ask_price is None
    # Orders that cannot rest need no book; the existing books still work.
    assert e.execute_order(3, 0, 1, 0.0, 1.0).status == sx.OrderStatus.CANCELLED
    assert e.execute_order(3, 0, 0, 10.0, 1.0, tif=sx.TimeInForce.IOC).order_id == 3
    e.configure_symbol(1, 0.01, 1.0)  # an existing book may be configured again
    assert e.execute_order(2, 1, 0, 10.0, 1.0).status == sx.OrderStatus.FILLED


def test_a_batch_stops_at_the_order_that_would_need_a_book_past_max_symbols(backend):
    e = backend.Engine(max_symbols=1, timestamps=False)
    orders = [(1, 0, 0, 10.0, 1.0, 0), (1, 1, 0, 10.0, 1.0, 0), (2, 0, 0, 10.0, 1.0, 0)]
    with pytest.raises(sx.TooManySymbolsError) as info:
        sx.execute_batch(e, orders)
    assert info.value.index == 2
    assert [x.status for x in info.value.executed] == [sx.OrderStatus.NEW, sx.OrderStatus.FILLED]
