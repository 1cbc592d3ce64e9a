"""The user-facing Venue (sigmax_exec.venue.Venue) on every backend: symbols
by id or name, prices and quantities in units converted once in shared code,
typed results built from the cores' records, and the lifetime of a venue
that opened its own file."""
import math

import pytest

import sigmax_exec as sx
from sigmax_exec.market import EventFile, Symbol
from sigmax_exec.venue import (GTC, GTX, IOC, Step, Venue, VenueOrder, VenueOrderStatus, VenueRequest, VenueState)
from venue_streams import BUY, CORE_BACKENDS, SELL, config, core_class, level, trade, write_file

BTC = Symbol(1, "BTCUSDT", "test", 0.1, 0.001, 1.0, False)
ETH = Symbol(4, "ETHUSDT", "test", 0.01, 0.01, 1.0, False)


@pytest.fixture(params=CORE_BACKENDS)
def backend(request):
    core_class(request.param)  # skips (or fails, if required) a backend that cannot load
    return request.param


def market(tmp_path):
    """BTC: bid 100.0 (1000 ticks) x 5 lots, ask 100.1 x 4; ETH: bid 20.00 x 3, ask 20.05 x 2; a trade later."""
    items = [level(0, BUY, 1000, 5, symbol=1), level(0, SELL, 1001, 4, symbol=1),
             level(0, BUY, 2000, 3, symbol=4), level(0, SELL, 2005, 2, symbol=4),
             trade(500, SELL, 1000, 2, symbol=1), level(900, BUY, 999, 7, symbol=1)]
    return write_file(tmp_path / "m.sgxev", items, [BTC, ETH])


def test_a_symbol_is_named_by_id_or_name_and_an_unknown_one_is_an_unknown_symbol_error(backend, tmp_path):
    v = Venue(market(tmp_path), config(entry=10, response=10), backend=backend)
    v.elapse(1)
    assert v.symbol_id("ETHUSDT") == v.symbol_id(4) == 4
    assert v.quote("BTCUSDT") == v.quote(1)
    assert (v.tick_size("BTCUSDT"), v.lot_size(4)) == (0.1, 0.01)
    for bad in ("XRPUSDT", 2, 1 << 40):
        with pytest.raises(sx.UnknownSymbolError) as info:
            v.cancel_all(bad)
        assert info.value.status_name == "SGX_ERR_UNKNOWN_SYMBOL"
    with pytest.raises(TypeError):
        v.cancel_all(1.0)  # a float is no symbol id


def test_float_helpers_convert_with_the_symbols_tick_and_lot_and_refuse_off_grid_values(backend, tmp_path):
    v = Venue(market(tmp_path), config(entry=10, response=10), backend=backend)
    v.elapse(1)
    v.submit_buy_order("BTCUSDT", 7, 99.9, 0.25)            # 999 ticks, 250 lots, GTX by default
    v.submit_sell_order(4, 8, 20.1, 1.5, tif=GTC)           # 2010 ticks, 150 lots
    a, b = v.order("BTCUSDT", 7), v.order("ETHUSDT", 8)
    assert (a.price, a.quantity, a.side, a.tif) == (999, 250, BUY, GTX)
    assert (b.price, b.quantity, b.side, b.tif) == (2010, 150, SELL, GTC)
    for price, qty in ((99.95, 0.1), (99.9, 0.0005), (math.nan, 0.1), (99.9, 0.0), (99.9, -1.0)):
        with pytest.raises(sx.InvalidOrderError):
            v.submit_buy_order(1, 9, price, qty)
    with pytest.raises(sx.InvalidOrderError) as off_tick:
        v.submit_buy_order(1, 9, 99.95, 0.1)
    assert off_tick.value.status_name == "SGX_ERR_OFF_TICK"
    with pytest.raises(sx.InvalidOrderError) as off_lot:
        v.submit_buy_order(1, 9, 99.9, 0.0005)
    assert off_lot.value.status_name == "SGX_ERR_OFF_LOT"
    assert set(v.orders(1)) == {7}  # nothing refused reached the venue


def test_orders_and_state_are_typed_records_equal_to_the_cores_arrays(backend, tmp_path):
    v = Venue(market(tmp_path), config(entry=10, response=10), backend=backend)
    v.elapse(1)
    v.submit(1, 3, BUY, 1000, 2, tif=GTC)       # joins the bid behind 5 lots
    v.submit(1, 4, BUY, 1001, 1, tif=IOC)       # takes 1 lot of the ask
    assert v.wait_order_response(1, 4, 1000) == Step.RESPONSE
    o = v.order(1, 4)
    assert isinstance(o, VenueOrder)
    assert (o.status, o.request, o.executed, o.exec_price, o.maker) == (VenueOrderStatus.FILLED, VenueRequest.NONE,
                                                                         1, 1001, False)
    arr = v.orders_array(1)
    assert list(arr["order_id"]) == [3, 4] and list(v.orders(1)) == [3, 4]
    assert v.orders(1)[3] == VenueOrder.from_record(arr[0])
    s = v.state("BTCUSDT")
    assert isinstance(s, VenueState) and (s.position, s.taker_fills) == (1, 1)
    assert v.position("BTCUSDT") == 0.001
    assert (v.best_bid_tick(1), v.best_ask_tick(1), v.best_bid(1), v.best_ask(1)) == (1000, 1001, 100.0, 100.1)
    assert v.queue_position(1, 3) == 5.0
    assert [lv.price_ticks for lv in v.depth(1, BUY, 5)] == [1000]
    assert v.depth(1, BUY, 10**12) == v.depth(1, BUY, 5)  # "all levels" costs no huge buffer
    with pytest.raises(ValueError):
        v.depth(1, BUY, -1)
    assert v.quantity_at(1, SELL, 1001) == 4
    assert len(v.fills()) == 1 and int(v.fills()[0]["order_id"]) == 4


def test_an_empty_side_gives_no_tick_and_a_nan_price(backend, tmp_path):
    f = write_file(tmp_path / "one.sgxev", [level(0, BUY, 1000, 5, symbol=1)], [BTC])
    v = Venue(f, config(), backend=backend)
    v.elapse(1)
    assert v.best_ask_tick(1) is None and math.isnan(v.best_ask(1))
    assert v.best_bid_tick(1) == 1000


def test_a_venue_given_a_path_opens_the_file_and_closes_it_with_itself(backend, tmp_path):
    market(tmp_path).close()
    with Venue(tmp_path / "m.sgxev", config(), backend=backend) as v:
        assert v.backend == backend
        assert isinstance(v.file, EventFile)
        assert v.elapse(10**9) == Step.END
    assert v.file.closed


def test_backend_none_is_the_package_selected_backend(tmp_path):
    with Venue(market(tmp_path), config()) as v:
        assert v.backend == sx.BACKEND


def test_last_trades_hands_over_every_kept_trade_even_past_one_buffer_and_then_none(backend, tmp_path):
    # 3,000 trades kept (capacity 5,000): more than the native core's 1,024-event buffer takes at once.
    items = [level(0, BUY, 1000, 5, symbol=1)] + [trade(10 + i, SELL, 1000, 1 + i % 7, symbol=1) for i in range(3000)]
    v = Venue(write_file(tmp_path / "t.sgxev", items, [BTC]), config(last_trades_capacity=5000), backend=backend)
    v.elapse(10**6)
    got = v.last_trades(1)
    assert len(got) == 3000 and list(got["quantity"][:8]) == [1, 2, 3, 4, 5, 6, 7, 1]
    assert list(got["exch_ts"]) == list(range(10, 3010))
    assert len(v.last_trades(1)) == 0 and v.dropped_trades(1) == 0
