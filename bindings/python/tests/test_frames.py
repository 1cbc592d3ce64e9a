"""to_pandas: reports, fills, order infos and orders as DataFrames, the same
on every backend and whichever form (array or records) the results take."""
import numpy as np
import pytest

import sigmax_exec as sx

pd = pytest.importorskip("pandas")

ORDERS = [(1, 0, 0, 100.5, 2.0), (1, 1, 0, 101.0, 1.0), (1, 1, 0, 100.0, 3.0), (1, 0, 1, 0.0, 1.0)]


def traded(backend):
    e = backend.Engine(timestamps=False)
    e.configure_symbol(1, tick_size=0.5, lot_size=1.0)
    return e


def test_a_report_array_and_the_executions_of_the_same_batch_give_the_same_frame(backend):
    by_array = sx.to_pandas(traded(backend).execute_batch(ORDERS, as_array=True))
    by_records = sx.to_pandas(traded(backend).execute_batch(ORDERS))
    pd.testing.assert_frame_equal(by_array, by_records, check_dtype=False)
    assert list(by_array.columns) == ["order_id", "latency_ns", "executed_price", "executed_quantity",
                                      "remaining_quantity", "slippage", "symbol_id", "fill_count", "status", "side"]
    assert list(by_array["status"]) == ["NEW", "NEW", "PARTIALLY_FILLED", "FILLED"]
    assert list(by_array["side"]) == ["BUY", "SELL", "SELL", "BUY"]
    assert by_array["executed_quantity"].tolist() == [0.0, 0.0, 2.0, 1.0]


def test_fills_and_order_infos_become_frames_with_enum_names(backend):
    e = traded(backend)
    e.execute_batch(ORDERS)
    fills = sx.to_pandas(e.drain_fills())
    assert fills["quantity"].tolist() == [2.0, 1.0]
    assert fills["price"].tolist() == [100.5, 100.0]
    assert list(fills["aggressor_side"]) == ["SELL", "BUY"]
    info = sx.to_pandas([e.order_info(2)])
    assert info.loc[0, "price"] == 101.0 and info.loc[0, "status"] == "NEW" and info.loc[0, "side"] == "SELL"


def test_an_order_array_becomes_a_frame_without_padding_columns():
    orders = sx.make_orders(*map(list, zip(*ORDERS)))
    frame = sx.to_pandas(orders)
    assert list(frame.columns) == ["symbol", "side", "type", "tif", "price", "quantity"]
    assert list(frame["type"]) == ["LIMIT", "LIMIT", "LIMIT", "MARKET"]
    assert frame["price"].tolist() == [100.5, 101.0, 100.0, 0.0]


def test_to_pandas_refuses_what_it_does_not_know_and_gives_an_empty_frame_for_nothing():
    assert sx.to_pandas([]).empty
    with pytest.raises(TypeError):
        sx.to_pandas(np.zeros(3, dtype=[("a", "<i8")]))
    with pytest.raises(TypeError):
        sx.to_pandas([(1, 2)])
