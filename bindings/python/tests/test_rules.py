"""The matching rules, as scenario tests run against every backend."""

import pytest

import sigmax_exec as sx
from sigmax_exec import OrderStatus as S, OrderType as T, Side, TimeInForce as TIF

BUY, SELL = Side.BUY, Side.SELL
LIMIT, MARKET = T.LIMIT, T.MARKET


def lim(e, side, price, qty, tif=TIF.GTC, sym=1):
    return e.execute_order(sym, side, LIMIT, price, qty, tif)


def test_an_order_that_does_not_cross_rests_and_reports_new(engine):
    ex = lim(engine, BUY, 100.0, 2.0)
    assert ex.status is S.NEW
    assert (ex.executed_price, ex.executed_quantity, ex.remaining_quantity, ex.fill_count) == (0.0, 0.0, 2.0, 0)
    assert engine.depth(1) == {"bids": [(100.0, 2.0)], "asks": []}


def test_order_ids_count_from_one_per_engine_rejected_orders_included(backend):
    e = backend.Engine()
    assert lim(e, SELL, 100.0, 1.0).order_id == 1
    assert lim(e, BUY, 100.0, 1.0, TIF.POST_ONLY).order_id == 2  # rejected
    assert lim(e, BUY, 90.0, 1.0).order_id == 3
    assert lim(backend.Engine(), BUY, 90.0, 1.0).order_id == 1


def test_best_opposite_level_trades_first_oldest_order_first(engine):
    lim(engine, SELL, 102.0, 1.0)
    first = lim(engine, SELL, 101.0, 1.0)
    second = lim(engine, SELL, 101.0, 1.0)
    ex = lim(engine, BUY, 102.0, 2.5)
    fills = engine.drain_fills()
    assert [(f.maker_order_id, f.price, f.quantity) for f in fills] == [
        (first.order_id, 101.0, 1.0), (second.order_id, 101.0, 1.0), (1, 102.0, 0.5)]
    assert all(f.taker_order_id == ex.order_id and f.aggressor_side is BUY for f in fills)
    assert [f.trade_id for f in fills] == [1, 2, 3]


def test_every_trade_is_at_the_resting_price(engine):
    lim(engine, SELL, 99.0, 1.0)
    ex = lim(engine, BUY, 105.0, 1.0)
    assert ex.executed_price == 99.0
    assert engine.drain_fills()[0].price == 99.0


def test_matching_stops_beyond_the_limit_and_the_gtc_remainder_rests(engine):
    for p in (100.0, 101.0, 102.0):
        lim(engine, SELL, p, 1.0)
    ex = lim(engine, BUY, 101.0, 5.0)
    assert ex.status is S.PARTIALLY_FILLED
    assert (ex.executed_quantity, ex.executed_price, ex.remaining_quantity, ex.fill_count) == (2.0, 100.5, 3.0, 2)
    assert engine.depth(1) == {"bids": [(101.0, 3.0)], "asks": [(102.0, 1.0)]}


def test_ioc_remainder_is_cancelled(engine):
    lim(engine, SELL, 100.0, 1.0)
    ex = lim(engine, BUY, 100.0, 3.0, TIF.IOC)
    assert ex.status is S.CANCELLED and ex.executed_quantity == 1.0 and ex.remaining_quantity == 0.0
    assert engine.depth(1) == {"bids": [], "asks": []}


def test_ioc_that_fills_completely_is_filled(engine):
    lim(engine, SELL, 100.0, 5.0)
    assert lim(engine, BUY, 100.0, 3.0, TIF.IOC).status is S.FILLED


def test_market_order_ignores_its_price_and_cancels_its_remainder(engine):
    lim(engine, SELL, 100.0, 1.0)
    lim(engine, SELL, 500.0, 1.0)
    ex = engine.execute_order(1, BUY, MARKET, 0.0, 3.0)
    assert ex.status is S.CANCELLED and ex.executed_quantity == 2.0 and ex.executed_price == 300.0
    lim(engine, BUY, 10.0, 1.0)
    assert engine.execute_order(1, SELL, MARKET, float("nan"), 1.0).status is S.FILLED
    assert engine.execute_order(1, SELL, MARKET, None, 1.0).status is S.CANCELLED  # empty book


def test_fok_fills_completely_or_not_at_all(engine):
    lim(engine, SELL, 100.0, 1.0)
    lim(engine, SELL, 102.0, 5.0)
    none = lim(engine, BUY, 101.0, 2.0, TIF.FOK)
    assert none.status is S.CANCELLED and none.executed_quantity == 0.0 and none.fill_count == 0
    assert engine.drain_fills() == []
    assert engine.depth(1)["asks"] == [(100.0, 1.0), (102.0, 5.0)]
    assert lim(engine, BUY, 102.0, 6.0, TIF.FOK).status is S.FILLED


def test_post_only_that_would_trade_is_rejected_and_nothing_rests(engine):
    lim(engine, SELL, 100.0, 1.0)
    ex = lim(engine, BUY, 100.0, 1.0, TIF.POST_ONLY)
    assert ex.status is S.REJECTED and ex.remaining_quantity == 0.0
    assert engine.depth(1) == {"bids": [], "asks": [(100.0, 1.0)]}
    assert lim(engine, BUY, 99.0, 1.0, TIF.POST_ONLY).status is S.NEW


def test_slippage_is_measured_from_the_best_opposite_price_at_arrival(engine):
    lim(engine, SELL, 100.0, 1.0)
    lim(engine, SELL, 102.0, 1.0)
    assert lim(engine, BUY, 102.0, 2.0).slippage == (101.0 - 100.0) / 100.0
    lim(engine, BUY, 50.0, 1.0)
    lim(engine, BUY, 49.0, 1.0)
    assert engine.execute_order(1, SELL, MARKET, 0.0, 2.0).slippage == (49.5 - 50.0) / 50.0
    assert lim(engine, BUY, 1.0, 1.0).slippage == 0.0


def test_cancel_removes_a_resting_order_and_refuses_unknown_ids(engine):
    r = lim(engine, BUY, 100.0, 1.0)
    assert engine.cancel_order(r.order_id) is True
    assert engine.cancel_order(r.order_id) is False
    assert engine.cancel_order(12345) is False
    assert engine.depth(1) == {"bids": [], "asks": []}


def test_reducing_quantity_keeps_priority_increasing_loses_it(engine):
    a = lim(engine, SELL, 100.0, 5.0)
    b = lim(engine, SELL, 100.0, 1.0)
    assert engine.amend_order(a.order_id, 2.0) is True
    lim(engine, BUY, 100.0, 1.0)
    assert engine.drain_fills()[0].maker_order_id == a.order_id
    assert engine.amend_order(a.order_id, 3.0) is True  # now behind b
    lim(engine, BUY, 100.0, 1.0)
    assert engine.drain_fills()[0].maker_order_id == b.order_id
    assert engine.amend_order(999, 1.0) is False


def test_top_of_book_is_a_named_tuple_with_none_for_an_empty_side(engine):
    assert engine.top_of_book(1) == (None, 0.0, None, 0.0)
    lim(engine, BUY, 99.0, 1.0)
    lim(engine, BUY, 99.0, 2.0)
    top = engine.top_of_book(1)
    assert (top.bid_price, top.bid_quantity, top.ask_price, top.ask_quantity) == (99.0, 3.0, None, 0.0)


def test_order_info_describes_a_resting_order(engine):
    r = lim(engine, SELL, 101.5, 3.0, sym=4)
    lim(engine, BUY, 101.5, 1.0, sym=4)
    info = engine.order_info(r.order_id)
    assert info.status is S.PARTIALLY_FILLED
    assert (info.symbol_id, info.side, info.price) == (4, SELL, 101.5)
    assert (info.original_quantity, info.executed_quantity, info.remaining_quantity) == (3.0, 1.0, 2.0)
    assert engine.order_info(r.order_id + 1) is None


def test_configured_symbols_use_their_tick_and_lot(engine):
    engine.configure_symbol(9, tick_size=0.5, lot_size=0.1)
    assert lim(engine, BUY, 10.5, 0.3, sym=9).remaining_quantity == pytest.approx(0.3)
    with pytest.raises(sx.InvalidOrderError):
        lim(engine, BUY, 10.25, 1.0, sym=9)
    with pytest.raises(sx.SymbolInUseError):
        engine.configure_symbol(9, tick_size=0.25, lot_size=0.1)


def test_stats_count_orders_fills_and_latency_and_reset(engine):
    lim(engine, SELL, 100.0, 1.0)
    lim(engine, BUY, 100.0, 1.0)
    s = engine.get_stats()
    for key in ("total_executions", "avg_latency_ns", "min_latency_ns", "max_latency_ns", "p50_latency_ns",
                "p99_latency_ns", "total_fills"):
        assert key in s
    assert s["total_executions"] == 2 and s["total_fills"] == 1
    assert 0 < s["min_latency_ns"] <= s["p50_latency_ns"] <= s["max_latency_ns"]
    engine.reset_stats()
    assert engine.get_stats()["total_executions"] == 0


def test_execution_to_dict_has_the_seed_fields(engine):
    d = lim(engine, BUY, 100.0, 1.0).to_dict()
    for key in ("order_id", "executed_price", "executed_quantity", "latency_ns", "slippage"):
        assert key in d
    assert d["status"] == "NEW"


def test_without_timestamps_latency_is_zero(backend):
    e = backend.Engine(timestamps=False)
    assert lim(e, BUY, 100.0, 1.0).latency_ns == 0


def test_a_full_fill_buffer_refuses_orders_until_drained(backend):
    e = backend.Engine(fill_capacity=2)
    for _ in range(2):
        lim(e, SELL, 100.0, 1.0)
        lim(e, BUY, 100.0, 1.0)
    with pytest.raises(sx.FillBufferFullError):
        lim(e, SELL, 100.0, 1.0)
    assert e.depth(1) == {"bids": [], "asks": []}
    assert len(e.drain_fills()) == 2
    assert lim(e, SELL, 100.0, 1.0).order_id == 5


def test_enums_have_the_contract_values():
    assert (sx.Side.BUY, sx.Side.SELL) == (0, 1)
    assert (sx.OrderType.LIMIT, sx.OrderType.MARKET) == (0, 1)
    assert (TIF.GTC, TIF.IOC, TIF.FOK, TIF.POST_ONLY) == (0, 1, 2, 3)
    assert [s.name for s in S] == ["NEW", "PARTIALLY_FILLED", "FILLED", "CANCELLED", "REJECTED"]
    assert issubclass(sx.InvalidOrderError, ValueError)
    assert sx.RustExecutionEngine is sx.ExecutionEngine
    assert sx.RUST_MODULE_AVAILABLE == sx.NATIVE_AVAILABLE == (sx.BACKEND != "python")


def test_pure_engine_files_each_latency_in_the_histogram_bucket_bucket_of_names(monkeypatch):
    # The pure engine inlines bucket_of on its hot path; drive its clock so
    # that orders take known times, from the one-nanosecond buckets to the
    # overflow bucket, and check where each was counted.
    from sigmax_exec import _pure
    from sigmax_exec._histogram import bucket_of
    latencies = [5, 64, 100, 4_999, 1_000_000, 2**39 + 12_345, 2**40, 2**45]
    readings = iter(t for lat in latencies for t in (1_000, 1_000 + lat))
    monkeypatch.setattr(_pure, "_clock", lambda: next(readings))
    e = _pure.Engine()
    for _ in latencies:
        e.execute_order(1, Side.BUY, T.MARKET, 0.0, 1.0, TIF.IOC)
    expected = {}
    for lat in latencies:
        expected[bucket_of(lat)] = expected.get(bucket_of(lat), 0) + 1
    counted = {b: n for b, n in enumerate(e._hist.counts) if n}
    assert counted == expected


def test_depth_for_more_levels_than_the_book_has_returns_the_whole_book(engine):
    # 1,500 bid levels: more than the binding first asks the C API for (1,024).
    engine.configure_symbol(5, tick_size=0.01, lot_size=1.0)
    for i in range(1500):
        engine.execute_order(5, 0, 0, 10.0 + 0.01 * i, 1.0)
    engine.execute_order(5, 1, 0, 100.0, 2.0)
    whole = engine.depth(5, 1500)
    assert len(whole["bids"]) == 1500 and len(whole["asks"]) == 1
    assert whole["bids"][0][0] == pytest.approx(24.99) and whole["bids"][-1][0] == pytest.approx(10.0)
    # "All of them" as a huge count costs no huge buffer and gives the same book.
    assert engine.depth(5, 1 << 40) == whole
    assert engine.depth(5, 1 << 64) == whole
    assert engine.depth(5, 1024)["bids"] == whole["bids"][:1024]
